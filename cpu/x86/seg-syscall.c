/*
 * The fast system calls (SDM Vol.2 SYSCALL/SYSRET/SYSENTER/SYSEXIT; AMD
 * APM Vol.2 6.1): flat segments loaded from STAR or IA32_SYSENTER_CS with
 * fixed attributes, no descriptor reads. SYSCALL and SYSRET follow AMD in
 * also working outside 64-bit mode (legacy mode, compatibility mode), which
 * Intel refuses with #UD; SYSRET keeps Intel's #GP(0) for a non-canonical
 * RCX rather than faulting at CPL 3 afterwards.
 */
#include "cpu/x86/seg-internal.h"

#include "cpu/x86/cc.h"

#define FLAT_CODE (DESC_G_MASK | DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | \
                   DESC_A_MASK)
#define FLAT_DATA (DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | \
                   DESC_A_MASK)
#define DPL3 (3u << DESC_DPL_SHIFT)

static void load_flat(CPUX86State *env, unsigned cs, uint32_t cs_flags, unsigned ss)
{
    x86_set_seg(env, R_CS, (uint16_t)cs, 0, 0xffffffffu, cs_flags);
    x86_set_seg(env, R_SS, (uint16_t)ss, 0, 0xffffffffu,
                FLAT_DATA | (cs_flags & DESC_DPL_MASK));
}

uint64_t helper_syscall(void *env, uint64_t next_rip)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)(e->star >> 32) & 0xfffc;

    if (!(e->efer & EFER_SCE))
        x86_raise_exception(e, EXCP_UD);
    if (e->efer & EFER_LMA) {
        uint64_t flags = x86_get_eflags(e);

        e->regs[R_ECX] = next_rip;
        e->regs[R_R11] = flags & ~(uint64_t)RF_MASK;
        x86_set_eflags(e, flags & ~e->fmask & ~(uint64_t)RF_MASK, ~0ull);
        e->rip = (e->hflags & HF_CS64) ? e->lstar : e->cstar;
        load_flat(e, sel, FLAT_CODE | DESC_L_MASK, sel + 8);
    } else {
        e->regs[R_ECX] = (uint32_t)next_rip;
        e->eflags &= ~(uint64_t)(IF_MASK | VM_MASK | RF_MASK);
        e->rip = (uint32_t)e->star;
        load_flat(e, sel, FLAT_CODE | DESC_B_MASK, sel + 8);
    }
    x86_update_hflags(e);
    return 0;
}

/* opsize 8 (REX.W): back to 64-bit code at RCX; else to 32-bit code at ECX. */
uint64_t helper_sysret(void *env, uint64_t opsize)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)(e->star >> 48) & 0xffff;

    if (!(e->efer & EFER_SCE))
        x86_raise_exception(e, EXCP_UD);
    if (!(e->cr[0] & CR0_PE) || (e->hflags & HF_CPL_MASK))
        x86_raise_exception_err(e, EXCP_GP, 0);
    if (e->efer & EFER_LMA) {
        if (opsize == 8) {
            if (!seg_canonical(e->regs[R_ECX]))
                x86_raise_exception_err(e, EXCP_GP, 0);
            load_flat(e, (sel + 16) | 3, FLAT_CODE | DESC_L_MASK | DPL3, (sel + 8) | 3);
            e->rip = e->regs[R_ECX];
        } else {
            load_flat(e, sel | 3, FLAT_CODE | DESC_B_MASK | DPL3, (sel + 8) | 3);
            e->rip = (uint32_t)e->regs[R_ECX];
        }
        /* RFLAGS from R11, less RF and VM (SDM SYSRET). */
        x86_set_eflags(e, (e->regs[R_R11] & 0x3c7fd7u) | 2, ~0ull);
    } else {
        load_flat(e, sel | 3, FLAT_CODE | DESC_B_MASK | DPL3, (sel + 8) | 3);
        e->rip = (uint32_t)e->regs[R_ECX];
        e->eflags |= IF_MASK;
    }
    x86_update_hflags(e);
    return 0;
}

/* SYSENTER: to CPL 0 at IA32_SYSENTER_CS:EIP with stack SYSENTER_CS+8:ESP. */
uint64_t helper_sysenter(void *env)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)e->sysenter_cs & 0xfffc;
    bool lma = e->efer & EFER_LMA;

    if (!(e->cr[0] & CR0_PE) || !sel)
        x86_raise_exception_err(e, EXCP_GP, 0);
    e->eflags &= ~(uint64_t)(VM_MASK | IF_MASK | RF_MASK);
    load_flat(e, sel, FLAT_CODE | (lma ? DESC_L_MASK : DESC_B_MASK), sel + 8);
    e->regs[R_ESP] = lma ? e->sysenter_esp : (uint32_t)e->sysenter_esp;
    e->rip = lma ? e->sysenter_eip : (uint32_t)e->sysenter_eip;
    x86_update_hflags(e);
    return 0;
}

/* SYSEXIT: to CPL 3 at rDX with stack rCX; REX.W returns to 64-bit code. */
uint64_t helper_sysexit(void *env, uint64_t opsize)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)e->sysenter_cs & 0xfffc;

    if (!(e->cr[0] & CR0_PE) || (e->hflags & HF_CPL_MASK) || !sel)
        x86_raise_exception_err(e, EXCP_GP, 0);
    if (opsize == 8) {
        if (!seg_canonical(e->regs[R_EDX]) || !seg_canonical(e->regs[R_ECX]))
            x86_raise_exception_err(e, EXCP_GP, 0);
        load_flat(e, (sel + 32) | 3, FLAT_CODE | DESC_L_MASK | DPL3, (sel + 40) | 3);
        e->regs[R_ESP] = e->regs[R_ECX];
        e->rip = e->regs[R_EDX];
    } else {
        load_flat(e, (sel + 16) | 3, FLAT_CODE | DESC_B_MASK | DPL3, (sel + 24) | 3);
        e->regs[R_ESP] = (uint32_t)e->regs[R_ECX];
        e->rip = (uint32_t)e->regs[R_EDX];
    }
    x86_update_hflags(e);
    return 0;
}
