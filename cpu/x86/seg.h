/*
 * Segmentation, descriptor tables and control transfers through them, for
 * the system-level CPU (real mode, protected mode, long mode, virtual-8086):
 * segment register loads, far JMP/CALL/RET, IRET, interrupt and exception
 * delivery through the IVT/IDT with privilege changes and TSS stacks,
 * LDTR/TR loads, SYSCALL/SYSRET/SYSENTER/SYSEXIT, LAR/LSL/VERR/VERW.
 * Implemented in seg-helper.c (loads, descriptor tables, LAR...),
 * seg-far.c (far JMP/CALL/RET), interrupt.c (delivery, IRET) and
 * seg-syscall.c; the translator's emitters for these instructions are in
 * translate-seg.c.
 *
 * Segment caches (SegmentCache.flags) hold bits 8..23 of a descriptor's high
 * dword in place, as QEMU does: DESC_* below.
 */
#ifndef CPU_X86_SEG_H
#define CPU_X86_SEG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/x86/cpu.h"

#define DESC_G_MASK     (1u << 23)
#define DESC_B_MASK     (1u << 22)      /* D/B: 32-bit segment */
#define DESC_L_MASK     (1u << 21)      /* 64-bit code segment */
#define DESC_AVL_MASK   (1u << 20)
#define DESC_P_MASK     (1u << 15)
#define DESC_DPL_SHIFT  13
#define DESC_DPL_MASK   (3u << DESC_DPL_SHIFT)
#define DESC_S_MASK     (1u << 12)      /* code/data (1) or system (0) */
#define DESC_TYPE_SHIFT 8
#define DESC_TYPE_MASK  (15u << DESC_TYPE_SHIFT)
#define DESC_A_MASK     (1u << 8)
#define DESC_CS_MASK    (1u << 11)      /* code segment */
#define DESC_C_MASK     (1u << 10)      /* conforming code */
#define DESC_E_MASK     (1u << 10)      /* expand-down data */
#define DESC_R_MASK     (1u << 9)       /* readable code */
#define DESC_W_MASK     (1u << 9)       /* writable data */

/* CR0, CR4 and EFER bits the CPU core looks at (SDM Vol.3 2.5, 2.2.1). */
#define CR0_PE (1u << 0)
#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_ET (1u << 4)
#define CR0_NE (1u << 5)
#define CR0_WP (1u << 16)
#define CR0_AM (1u << 18)
#define CR0_NW (1u << 29)
#define CR0_CD (1u << 30)
#define CR0_PG (1u << 31)
#define CR4_VME (1u << 0)
#define CR4_PVI (1u << 1)
#define CR4_TSD (1u << 2)
#define CR4_DE  (1u << 3)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)
#define CR4_MCE (1u << 6)
#define CR4_PGE (1u << 7)
#define CR4_PCE (1u << 8)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_UMIP (1u << 11)
#define CR4_LA57 (1u << 12)
#define CR4_FSGSBASE (1u << 16)
#define CR4_PCIDE (1u << 17)
#define CR4_OSXSAVE (1u << 18)
#define CR4_SMEP (1u << 20)
#define CR4_SMAP (1u << 21)
#define CR4_PKE (1u << 22)
#define EFER_SCE (1u << 0)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)

/*
 * Recompute hflags from CR0, CR4, EFER, EFLAGS and the CS/SS caches (PE,
 * LMA, CS32, CS64, SS32, ADDSEG, OSFXSR, EM/TS/MP, TF); CPL is taken from
 * SS's DPL in protected mode (3 in virtual-8086, 0 in real mode): every SS
 * load checks DPL == CPL, and unlike CS.DPL it stays right in a conforming
 * code segment. HF_USER_MODE and HF_INHIBIT_IRQ are kept; under
 * HF_USER_MODE the mode bits (CPL, CS32/SS32/CS64, LMA, PE, ADDSEG) are
 * kept too. Call after changing any of those.
 */
void x86_update_hflags(CPUX86State *env);

/* Set a segment cache directly (reset, real-mode loads, SYSCALL...). */
void x86_set_seg(CPUX86State *env, int seg, uint16_t selector, uint64_t base,
                 uint32_t limit, uint32_t flags);

/*
 * Deliver interrupt or exception `vector` now, from outside any TB (the
 * vCPU loop calls it when cpu_exec returns an exception number < 0x100, or
 * when it accepts an external interrupt / NMI):
 *   is_int:  INT n / INT3 / INTO (software: DPL checks, return to next_rip;
 *            env->rip is next_rip too; a fault while delivering one raised
 *            by helper_raise_interrupt_sys is reported at the INT itself);
 *   error_code >= 0: pushed (for the exceptions that have one: 8, 10-14,
 *            17); -1 for external interrupts and NMI, which never push one;
 *   next_rip: the return address for software interrupts and traps.
 * Real mode uses the IVT; protected and long mode the IDT with privilege
 * change, TSS stacks (IST in long mode), and the fault-during-delivery
 * rules: a contributory fault while delivering becomes #DF, a fault while
 * delivering #DF is a triple fault, reported by returning false (the machine
 * then resets). Returns true when delivered.
 */
bool x86_do_interrupt(CPUX86State *env, int vector, bool is_int, int error_code,
                      uint64_t next_rip);

/* Reset the architectural state to the power-on values (SDM Vol.3 9.1.1). */
void x86_cpu_reset(CPUX86State *env);

/* IR helpers (TCGHelper ABI) called by translate-seg.c. */
uint64_t helper_load_seg(void *env, uint64_t seg, uint64_t selector);
uint64_t helper_ljmp(void *env, uint64_t selector, uint64_t offset, uint64_t next_rip);
uint64_t helper_lcall(void *env, uint64_t selector, uint64_t offset, uint64_t next_rip,
                      uint64_t opsize);
uint64_t helper_lret(void *env, uint64_t opsize, uint64_t addend);
uint64_t helper_iret(void *env, uint64_t opsize, uint64_t next_rip);
/* INT n (intn = 1: the vm86 IOPL check), INT3, INTO in system mode; len is
 * the instruction's length (see x86_do_interrupt). */
uint64_t helper_raise_interrupt_sys(void *env, uint64_t vector, uint64_t next_rip,
                                    uint64_t len, uint64_t intn);
uint64_t helper_lldt(void *env, uint64_t selector);
uint64_t helper_ltr(void *env, uint64_t selector);
uint64_t helper_lar(void *env, uint64_t selector);     /* sets ZF */
uint64_t helper_lsl(void *env, uint64_t selector);     /* sets ZF */
uint64_t helper_verr(void *env, uint64_t selector);
uint64_t helper_verw(void *env, uint64_t selector);
uint64_t helper_sldt_str(void *env, uint64_t which);   /* 0: LDTR, 1: TR */
uint64_t helper_umip_check(void *env);      /* #GP(0) under CR4.UMIP at CPL > 0 */
uint64_t helper_fsgsbase_check(void *env);  /* #UD unless CR4.FSGSBASE */
uint64_t helper_syscall(void *env, uint64_t next_rip);
uint64_t helper_sysret(void *env, uint64_t opsize);
uint64_t helper_sysenter(void *env);
uint64_t helper_sysexit(void *env, uint64_t opsize);

#endif
