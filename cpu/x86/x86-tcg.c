/* The x86 front end's hooks for the TCG execution loop. */
#include "cpu/x86/x86-tcg.h"

/* Flags that change translation: the mode bits and the single-step trap. */
static void x86_get_tb_cpu_state(VCPUCommon *cpu, uint64_t *pc, uint64_t *cs_base,
                                 uint32_t *flags, unsigned *mmu_idx)
{
    CPUX86State *env = (CPUX86State *)cpu;

    *cs_base = env->segs[R_CS].base;
    *pc = *cs_base + env->rip;
    *flags = env->hflags;
    *mmu_idx = x86_mmu_index(env);
}

static void x86_restore_pc(VCPUCommon *cpu, uint64_t pc)
{
    CPUX86State *env = (CPUX86State *)cpu;

    env->rip = pc - env->segs[R_CS].base;
    if (!(env->hflags & HF_CS64))
        env->rip = (uint32_t)env->rip;
}

const TCGCPUOps x86_tcg_ops = {
    .tcg_init = x86_tcg_init,
    .get_tb_cpu_state = x86_get_tb_cpu_state,
    .translate = x86_translate,
    .restore_pc = x86_restore_pc,
};
