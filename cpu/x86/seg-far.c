/*
 * Far JMP, CALL and RET (SDM Vol.2 JMP/CALL/RET pseudo-code, Vol.3 5.8):
 * real and virtual-8086 mode; protected mode to conforming and
 * non-conforming code segments; call gates (16-, 32-bit, and 64-bit in
 * long mode), including the call to a more privileged level with its TSS
 * stack switch and parameter copy; the return to an outer level.
 *
 * Every check and every stack access comes before the first change to the
 * registers, so a fault leaves the instruction undone (memory written below
 * the stack pointer aside, as on hardware).
 *
 * Not implemented: task switches through a task gate or a TSS selector.
 * They raise #GP(selector) and log LOG_UNIMP; SeaBIOS and 64-bit Linux
 * never use them.
 */
#include "cpu/x86/seg-internal.h"

#include "system/log.h"

static unsigned cpl_of(const CPUX86State *env) { return env->hflags & HF_CPL_MASK; }

static bool real_or_vm86(const CPUX86State *env)
{
    return !(env->cr[0] & CR0_PE) || (env->eflags & VM_MASK);
}

static noreturn void task_switch_unimplemented(CPUX86State *env, const char *insn, unsigned sel)
{
    if (log_enabled(LOG_UNIMP))
        log_printf("%s through task gate/TSS 0x%04x: task switches are not implemented\n",
                   insn, sel);
    x86_raise_exception_err(env, EXCP_GP, (int)(sel & 0xfffc));
}

/* A code segment named directly by JMP/CALL: same privilege only. */
static void check_direct_code(CPUX86State *env, unsigned sel, uint32_t e2)
{
    unsigned cpl = cpl_of(env), dpl = desc_dpl(e2);
    int err = (int)(sel & 0xfffc);

    if (!desc_is_code(e2))
        x86_raise_exception_err(env, EXCP_GP, err);
    if ((e2 & DESC_C_MASK) ? dpl > cpl : ((sel & 3) > cpl || dpl != cpl))
        x86_raise_exception_err(env, EXCP_GP, err);
    if ((env->efer & EFER_LMA) && (e2 & DESC_L_MASK) && (e2 & DESC_B_MASK))
        x86_raise_exception_err(env, EXCP_GP, err);
    if (!(e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_NP, err);
}

typedef struct CallGate {
    unsigned sel;           /* target code segment */
    uint64_t offset;
    unsigned size;          /* 2, 4 or 8: the gate's stack width */
    unsigned params;        /* dwords (words) copied on a privilege change */
    uint32_t e1, e2;        /* the target's descriptor */
} CallGate;

/*
 * The call gate at sel (descriptor e1/e2) and the code segment it names,
 * checked for JMP (jmp) or CALL. Raises for task gates and TSSes.
 */
static void read_call_gate(CPUX86State *env, unsigned sel, uint32_t e1, uint32_t e2,
                           bool jmp, CallGate *g)
{
    bool lma = env->efer & EFER_LMA;
    unsigned type = desc_sys_type(e2), cpl = cpl_of(env), dpl;
    int err = (int)(sel & 0xfffc);

    if (!lma && (type == SYS_TASK || type == SYS_TSS16 || type == SYS_TSS32))
        task_switch_unimplemented(env, jmp ? "ljmp" : "lcall", sel);
    if (lma ? type != SYS_CALL32 : (type != SYS_CALL16 && type != SYS_CALL32))
        x86_raise_exception_err(env, EXCP_GP, err);
    if (desc_dpl(e2) < cpl || desc_dpl(e2) < (sel & 3))
        x86_raise_exception_err(env, EXCP_GP, err);
    if (!(e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_NP, err);
    g->sel = e1 >> 16;
    g->offset = (e1 & 0xffff) | (type == SYS_CALL16 ? 0 : (e2 & 0xffff0000u));
    g->size = lma ? 8 : type == SYS_CALL32 ? 4 : 2;
    g->params = e2 & 0x1f;
    if (lma)
        g->offset |= (uint64_t)seg_read_desc_high(env, sel, 0) << 32;

    err = (int)(g->sel & 0xfffc);
    if (!err)
        x86_raise_exception_err(env, EXCP_GP, 0);
    if (seg_read_desc(env, g->sel, &g->e1, &g->e2) < 0 || !desc_is_code(g->e2))
        x86_raise_exception_err(env, EXCP_GP, err);
    dpl = desc_dpl(g->e2);
    /* JMP never changes privilege; CALL may go inward through a gate. */
    if (dpl > cpl || (jmp && !(g->e2 & DESC_C_MASK) && dpl != cpl))
        x86_raise_exception_err(env, EXCP_GP, err);
    if (lma && (!(g->e2 & DESC_L_MASK) || (g->e2 & DESC_B_MASK)))
        x86_raise_exception_err(env, EXCP_GP, err);
    if (!(g->e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_NP, err);
}

/* CS := sel at privilege cpl (its RPL), rip := rip. */
static void load_cs(CPUX86State *env, unsigned sel, uint32_t e1, uint32_t e2, unsigned cpl,
                    uint64_t rip)
{
    seg_set_accessed(env, sel, &e2);
    seg_load_desc(env, R_CS, (sel & 0xfffc) | cpl, e1, e2);
    env->rip = rip;
}

/* ---- JMP ptr16:16/32, JMP m16:16/32/64 ----------------------------------------- */

uint64_t helper_ljmp(void *env, uint64_t selector, uint64_t offset, uint64_t next_rip)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)selector & 0xffff;
    uint32_t e1, e2;
    CallGate g;

    (void)next_rip;         /* the return link of a task switch */
    if (real_or_vm86(e)) {
        seg_load_real(e, R_CS, sel);
        e->rip = offset;
        return 0;
    }
    if (!(sel & 0xfffc))
        x86_raise_exception_err(e, EXCP_GP, 0);
    if (seg_read_desc(e, sel, &e1, &e2) < 0)
        x86_raise_exception_err(e, EXCP_GP, (int)(sel & 0xfffc));
    if (e2 & DESC_S_MASK) {
        check_direct_code(e, sel, e2);
        seg_check_target(e, e1, e2, offset);
        load_cs(e, sel, e1, e2, cpl_of(e), offset);
        return 0;
    }
    read_call_gate(e, sel, e1, e2, true, &g);
    seg_check_target(e, g.e1, g.e2, g.offset);
    load_cs(e, g.sel, g.e1, g.e2, cpl_of(e), g.offset);
    return 0;
}

/* ---- CALL ptr16:16/32, CALL m16:16/32/64 ---------------------------------------- */

/* Through a call gate to a more privileged non-conforming segment. */
static void call_inner(CPUX86State *env, const CallGate *g, uint64_t next_rip)
{
    unsigned dpl = desc_dpl(g->e2), ss = dpl;
    uint32_t se1 = 0, se2 = 0;
    SegStack old, st;

    seg_stack_current(env, &old);
    if (env->efer & EFER_LMA) {
        /* 64-bit gate: RSPn from the TSS, SS a null selector at the new
         * level, no parameters (SDM Vol.3 5.8.6). */
        st.base = 0;
        st.sp = seg_tss64_stack(env, dpl, 0);
        st.mask = ~0ull;
    } else {
        uint64_t sp;

        seg_tss_stack(env, dpl, 0, &ss, &sp);
        seg_check_inner_ss(env, ss, dpl, 0, &se1, &se2);
        st.base = desc_base(se1, se2);
        st.sp = sp;
        st.mask = (se2 & DESC_B_MASK) ? 0xffffffffull : 0xffff;
    }
    st.mmu_idx = seg_mmu_idx(env, dpl);
    seg_push(env, &st, g->size, env->segs[R_SS].selector);
    seg_push(env, &st, g->size, env->regs[R_ESP]);
    /* Parameters keep their order: the last one (highest address) first. */
    for (unsigned i = g->params; i-- > 0 && g->size < 8;) {
        SegStack p = old;

        p.sp += i * g->size;
        seg_push(env, &st, g->size, seg_pop(env, &p, g->size));
    }
    seg_push(env, &st, g->size, env->segs[R_CS].selector);
    seg_push(env, &st, g->size, next_rip);

    if (env->efer & EFER_LMA) {
        seg_load_null_ss(env, ss, dpl);
    } else {
        seg_set_accessed(env, ss, &se2);
        seg_load_desc(env, R_SS, ss, se1, se2);
    }
    load_cs(env, g->sel, g->e1, g->e2, dpl, g->offset);
    seg_set_sp(env, st.sp, st.mask);
}

uint64_t helper_lcall(void *env, uint64_t selector, uint64_t offset, uint64_t next_rip,
                      uint64_t opsize)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)selector & 0xffff, size = (unsigned)opsize;
    uint32_t e1, e2;
    SegStack st;
    CallGate g;

    seg_stack_current(e, &st);
    if (real_or_vm86(e)) {
        seg_push(e, &st, size, e->segs[R_CS].selector);
        seg_push(e, &st, size, next_rip);
        seg_set_sp(e, st.sp, st.mask);
        seg_load_real(e, R_CS, sel);
        e->rip = offset;
        return 0;
    }
    if (!(sel & 0xfffc))
        x86_raise_exception_err(e, EXCP_GP, 0);
    if (seg_read_desc(e, sel, &e1, &e2) < 0)
        x86_raise_exception_err(e, EXCP_GP, (int)(sel & 0xfffc));
    if (e2 & DESC_S_MASK) {
        check_direct_code(e, sel, e2);
        seg_check_target(e, e1, e2, offset);
        seg_push(e, &st, size, e->segs[R_CS].selector);
        seg_push(e, &st, size, next_rip);
        load_cs(e, sel, e1, e2, cpl_of(e), offset);
        seg_set_sp(e, st.sp, st.mask);
        return 0;
    }
    read_call_gate(e, sel, e1, e2, false, &g);
    seg_check_target(e, g.e1, g.e2, g.offset);
    if (!(g.e2 & DESC_C_MASK) && desc_dpl(g.e2) < cpl_of(e)) {
        call_inner(e, &g, next_rip);
        return 0;
    }
    /* Same privilege through the gate: pushes are the gate's width. */
    seg_push(e, &st, g.size, e->segs[R_CS].selector);
    seg_push(e, &st, g.size, next_rip);
    load_cs(e, g.sel, g.e1, g.e2, cpl_of(e), g.offset);
    seg_set_sp(e, st.sp, st.mask);
    return 0;
}

/* ---- RETF [imm16] ----------------------------------------------------------------- */

/*
 * The checks on the SS:rSP a return to an outer level pops (SDM RET):
 * #GP(0) for a null selector, unless the return is to 64-bit code below
 * CPL 3; #GP(sel) for a wrong RPL, type or DPL; #SS(sel) if not present.
 */
void seg_check_outer_ss(CPUX86State *env, unsigned ss, unsigned rpl, bool to64,
                        uint32_t *e1, uint32_t *e2)
{
    int err = (int)(ss & 0xfffc);

    if (!err) {
        if (to64 && rpl != 3)
            return;
        x86_raise_exception_err(env, EXCP_GP, 0);
    }
    if ((ss & 3) != rpl || seg_read_desc(env, ss, e1, e2) < 0 || !desc_is_data(*e2) ||
        !(*e2 & DESC_W_MASK) || desc_dpl(*e2) != rpl)
        x86_raise_exception_err(env, EXCP_GP, err);
    if (!(*e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_SS, err);
}

/* The code segment a far return or IRET goes back to (SDM RET, IRET). */
void seg_check_return_cs(CPUX86State *env, unsigned sel, uint32_t *e1, uint32_t *e2)
{
    unsigned rpl = sel & 3, dpl;
    int err = (int)(sel & 0xfffc);

    if (!err)
        x86_raise_exception_err(env, EXCP_GP, 0);
    if (seg_read_desc(env, sel, e1, e2) < 0 || !desc_is_code(*e2) || rpl < cpl_of(env))
        x86_raise_exception_err(env, EXCP_GP, err);
    dpl = desc_dpl(*e2);
    if ((*e2 & DESC_C_MASK) ? dpl > rpl : dpl != rpl)
        x86_raise_exception_err(env, EXCP_GP, err);
    if ((env->efer & EFER_LMA) && (*e2 & DESC_L_MASK) && (*e2 & DESC_B_MASK))
        x86_raise_exception_err(env, EXCP_GP, err);
    if (!(*e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_NP, err);
}

uint64_t helper_lret(void *env, uint64_t opsize, uint64_t addend)
{
    CPUX86State *e = SEG_ENV;
    unsigned size = (unsigned)opsize, sel, rpl, ss = 0;
    uint64_t rip, sp = 0;
    uint32_t e1, e2, se1 = 0, se2 = 0;
    SegStack st;
    bool to64;

    seg_stack_current(e, &st);
    rip = seg_pop(e, &st, size);
    sel = (unsigned)seg_pop(e, &st, size) & 0xffff;
    if (real_or_vm86(e)) {
        st.sp += addend;
        seg_set_sp(e, st.sp, st.mask);
        seg_load_real(e, R_CS, sel);
        e->rip = rip;
        return 0;
    }
    seg_check_return_cs(e, sel, &e1, &e2);
    seg_check_target(e, e1, e2, rip);
    rpl = sel & 3;
    st.sp += addend;
    if (rpl == cpl_of(e)) {
        load_cs(e, sel, e1, e2, rpl, rip);
        seg_set_sp(e, st.sp, st.mask);
        return 0;
    }
    /* To an outer level: the caller's SS:rSP follow, then its parameters
     * are released from that stack too. */
    to64 = seg_is_code64(e, e2);
    sp = seg_pop(e, &st, size);
    ss = (unsigned)seg_pop(e, &st, size) & 0xffff;
    seg_check_outer_ss(e, ss, rpl, to64, &se1, &se2);
    load_cs(e, sel, e1, e2, rpl, rip);
    if (!(ss & 0xfffc)) {
        seg_load_null_ss(e, ss, rpl);
    } else {
        seg_set_accessed(e, ss, &se2);
        seg_load_desc(e, R_SS, ss, se1, se2);
    }
    seg_set_sp(e, sp + addend, seg_sp_mask(e));
    seg_validate_outer(e, rpl);
    return 0;
}
