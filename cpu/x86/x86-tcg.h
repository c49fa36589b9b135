/* The x86 front end as the TCG execution loop sees it (accel/tcg/cpu-exec.h). */
#ifndef CPU_X86_X86_TCG_H
#define CPU_X86_X86_TCG_H

#include "accel/tcg/cpu-exec.h"
#include "cpu/x86/cpu.h"

extern const TCGCPUOps x86_tcg_ops;

void x86_tcg_init(TCGContext *s);
void x86_translate(VCPUCommon *cpu, TCGContext *s, TranslationBlock *tb, unsigned max_insns);

/*
 * MMU index for the current privilege (cpu/x86/mmu.h): 1 at CPL 3, else 2
 * when SMAP applies (HF_SMAP_AC: CR4.SMAP set and EFLAGS.AC clear), else 0.
 */
static inline unsigned x86_mmu_index(const CPUX86State *env)
{
    if ((env->hflags & HF_CPL_MASK) == 3)
        return 1;
    return (env->hflags & HF_SMAP_AC) ? 2 : 0;
}

#endif
