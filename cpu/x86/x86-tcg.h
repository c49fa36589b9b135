/* The x86 front end as the TCG execution loop sees it (accel/tcg/cpu-exec.h). */
#ifndef CPU_X86_X86_TCG_H
#define CPU_X86_X86_TCG_H

#include "accel/tcg/cpu-exec.h"
#include "cpu/x86/cpu.h"

extern const TCGCPUOps x86_tcg_ops;

void x86_tcg_init(TCGContext *s);
void x86_translate(VCPUCommon *cpu, TCGContext *s, TranslationBlock *tb, unsigned max_insns);

/* MMU index for the current privilege: 0 kernel, 1 user (SMAP variants later). */
static inline unsigned x86_mmu_index(const CPUX86State *env)
{
    return (env->hflags & HF_CPL_MASK) == 3 ? 1 : 0;
}

#endif
