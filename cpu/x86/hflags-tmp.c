/* Interim x86_update_hflags until seg-helper.c lands (weak: that one wins). */
#include "cpu/x86/seg.h"

__attribute__((weak)) void x86_update_hflags(CPUX86State *env)
{
    uint32_t keep = env->hflags & (HF_USER_MODE | HF_INHIBIT_IRQ | HF_CPL_MASK);
    uint32_t h = keep;
    const SegmentCache *cs = &env->segs[R_CS], *ss = &env->segs[R_SS];

    if (env->cr[0] & CR0_PE) {
        h |= HF_PE;
        if (env->eflags & VM_MASK)
            h = (h & ~(uint32_t)HF_CPL_MASK) | 3;
    } else {
        h &= ~(uint32_t)HF_CPL_MASK;
    }
    if (env->efer & EFER_LMA) {
        h |= HF_LMA;
        if (cs->flags & DESC_L_MASK)
            h |= HF_CS64 | HF_CS32 | HF_SS32;
    }
    if (!(h & HF_CS64)) {
        if ((h & HF_PE) && !(env->eflags & VM_MASK)) {
            if (cs->flags & DESC_B_MASK)
                h |= HF_CS32;
            if (ss->flags & DESC_B_MASK)
                h |= HF_SS32;
        }
        if (!(h & HF_PE) || (env->eflags & VM_MASK) || !(h & HF_CS32) ||
            env->segs[R_DS].base || env->segs[R_ES].base || ss->base)
            h |= HF_ADDSEG;
    }
    if (env->cr[4] & CR4_OSFXSR)
        h |= HF_OSFXSR;
    if (env->cr[0] & CR0_EM)
        h |= HF_EM;
    if (env->cr[0] & CR0_TS)
        h |= HF_TS;
    if (env->cr[0] & CR0_MP)
        h |= HF_MP;
    if (env->eflags & TF_MASK)
        h |= HF_TF;
    if ((env->cr[4] & CR4_SMAP) && !(env->eflags & AC_MASK))
        h |= HF_SMAP_AC;
    env->hflags = h;
}
