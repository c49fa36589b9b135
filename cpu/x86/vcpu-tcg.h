/*
 * A PC's x86 vCPUs on the translator: one host thread each (vcpu-tcg.c).
 *
 * Threads: a vCPU runs guest code without the big device lock; port and
 * MMIO accesses take it (tcg/softmmu.c, the board's io callbacks), as does
 * the interrupt acknowledge. Devices (holding the bql, on any thread) raise
 * and lower requests with x86_vcpu_interrupt(), which kicks the vCPU out of
 * its TB chain or its HLT wait. The main loop thread pauses and resumes all
 * vCPUs (vm_stop/vm_start) and resets them.
 */
#ifndef CPU_X86_VCPU_TCG_H
#define CPU_X86_VCPU_TCG_H

#include <stdbool.h>
#include <stdio.h>

#include "cpu/x86/cpu.h"

/* Why a vCPU loop stops for the machine: beyond the CPU_INTERRUPT_* requests. */
#define EXCP_TRIPLE_FAULT 0x110

typedef struct X86VCPU X86VCPU;

/*
 * Make vCPU `index` on the physical address space as (guest memory) with
 * the machine's callbacks; it starts paused. The bootstrap processor (index
 * 0) runs from the reset vector; the others wait for INIT/SIPI.
 */
X86VCPU *x86_vcpu_new(int index, void *as, const X86MachineOps *machine, void *opaque);
CPUX86State *x86_vcpu_env(X86VCPU *v);
/* Start its thread (once). */
int x86_vcpu_start(X86VCPU *v);

/* Raise (level 1) or lower request bits (CPU_INTERRUPT_*); any thread. */
void x86_vcpu_interrupt(X86VCPU *v, unsigned bits, bool level);

/* Main thread, bql held: stop every vCPU at its next instruction boundary
 * and wait until they are parked; resume them. */
void x86_vcpus_pause(void);
void x86_vcpus_resume(void);
/* Power-on reset of every vCPU (paused meanwhile). */
void x86_vcpus_reset(void);

/* `info cpus`: one line per vCPU, QEMU's "* CPU #0: thread_id=N", the
 * current one starred. Main thread, bql held. */
void x86_vcpus_info_cpus(FILE *f, int current);
/* The host thread id of each vCPU (query-cpus-fast); returns how many, <= max. */
int x86_vcpus_thread_ids(int *ids, int max);
/* `info registers`: vCPU cpu, or every one for -1; -1 if there is no such vCPU. */
int x86_vcpus_info_registers(FILE *f, int cpu);
/* For the monitor (bql held): guest memory through vCPU cpu's paging (or physical), 0 or -1. */
int x86_vcpus_read_memory(int cpu, uint64_t addr, bool phys, void *buf, size_t len);
/* $NAME of x and xp: rax..r15, eax..edi, rip, eip, pc (CS base + rIP), eflags, cr0-4, segment selectors. */
int x86_vcpus_get_register(int cpu, const char *name, uint64_t *val);
/* 16, 32 or 64: how the code at the vCPU's CS executes (x/i). */
int x86_vcpus_code_bits(int cpu);

/* The TCGCPUOps.exec_interrupt of a PC vCPU. */
bool x86_exec_interrupt(VCPUCommon *cpu, int request);

#endif
