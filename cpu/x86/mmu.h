/*
 * The system-level x86 MMU (mmu.c): the soft MMU's TLB fill for a PC's
 * vCPUs. vireo-x86_64 has its own (user/mmap.c).
 */
#ifndef CPU_X86_MMU_H
#define CPU_X86_MMU_H

#include "cpu/x86/cpu.h"

/* MMU indexes (soft MMU TLBs): see x86_mmu_index in x86-tcg.h. */
enum {
    X86_MMU_KERNEL = 0,     /* CPL 0-2; SMAP off, or EFLAGS.AC set */
    X86_MMU_USER = 1,       /* CPL 3 */
    X86_MMU_KSMAP = 2,      /* CPL 0-2 with CR4.SMAP and EFLAGS.AC clear */
};

/*
 * Linear to physical for an access needing `need` (PAGE_*, or 0 to only
 * translate) at mmu_idx: 0 with *paddr and *prot, or a negative value whose
 * low byte holds the #PF error bits P and RSVD. Sets accessed/dirty bits.
 */
int x86_translate_addr(CPUX86State *env, uint64_t vaddr, unsigned mmu_idx, int need,
                       uint64_t *paddr, int *prot);

/* The same walk for the monitor (x, gdb): no permission checks, no A/D bits set. 0 or -1. */
int x86_debug_translate(CPUX86State *env, uint64_t vaddr, uint64_t *paddr);

void x86_tlb_fill(VCPUCommon *cpu, uint64_t vaddr, unsigned size, MMUAccessType access,
                  unsigned mmu_idx);

extern const VCPUOps x86_system_vcpu_ops;

#endif
