/* Helpers of the system instructions (helper-sys.c), and the register writes other files share. */
#ifndef CPU_X86_HELPER_SYS_H
#define CPU_X86_HELPER_SYS_H

#include "cpu/x86/cpu.h"

/* Control-register writes with their #GP checks, TLB flushes and hflags. */
void x86_write_cr0(CPUX86State *env, uint64_t val);
void x86_write_cr3(CPUX86State *env, uint64_t val);
void x86_write_cr4(CPUX86State *env, uint64_t val);
/* 0, or -1 for an MSR this CPU refuses (#GP). The machine's MSRs first. */
int x86_rdmsr(CPUX86State *env, uint32_t msr, uint64_t *val);
int x86_wrmsr(CPUX86State *env, uint32_t msr, uint64_t val);

/* IR helpers (TCGHelper ABI). */
uint64_t helper_in(void *env, uint64_t port, uint64_t size);
uint64_t helper_out(void *env, uint64_t port, uint64_t val, uint64_t size);
uint64_t helper_read_cr(void *env, uint64_t n);
uint64_t helper_write_cr(void *env, uint64_t n, uint64_t val);
uint64_t helper_lmsw(void *env, uint64_t val);
uint64_t helper_clts(void *env);
uint64_t helper_read_dr(void *env, uint64_t n);
uint64_t helper_write_dr(void *env, uint64_t n, uint64_t val);
uint64_t helper_invlpg(void *env, uint64_t addr);
uint64_t helper_flush_tlb(void *env);
uint64_t helper_hlt(void *env, uint64_t next_rip);
uint64_t helper_rdmsr(void *env, uint64_t unused);
uint64_t helper_cli(void *env);
uint64_t helper_sti(void *env);
uint64_t helper_smsw(void *env);
uint64_t helper_wrmsr(void *env, uint64_t unused);

#endif
