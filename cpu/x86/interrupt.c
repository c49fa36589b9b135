/*
 * Interrupt and exception delivery, and IRET (SDM Vol.3 ch.6; Vol.2 INT n
 * and IRET pseudo-code): the real-mode IVT; protected-mode 16- and 32-bit
 * interrupt and trap gates with the inner-level stack switch from the TSS
 * (and out of virtual-8086 mode); long-mode 64-bit gates with the IST and
 * 16-byte stack alignment; the double-fault rules and the triple fault.
 *
 * Task gates in the IDT and IRET with NT set (task return) would need task
 * switches, which are not implemented: they raise #GP and log LOG_UNIMP.
 */
#include "cpu/x86/seg-internal.h"

#include <setjmp.h>
#include <string.h>

#include "accel/tcg/cpu-exec.h"
#include "cpu/x86/cc.h"
#include "cpu/x86/mmu.h"
#include "system/log.h"

/* The exceptions that push an error code (SDM Vol.3 Table 6-1). */
static bool pushes_error_code(int vector)
{
    switch (vector) {
    case EXCP_DF: case EXCP_TS: case EXCP_NP: case EXCP_SS: case EXCP_GP: case EXCP_PF:
    case EXCP_AC:
        return true;
    default:
        return false;
    }
}

/* SDM Vol.3 Table 6-4: #DE #TS #NP #SS #GP are contributory. */
static bool contributory(int vector)
{
    return vector == EXCP_DE || (vector >= EXCP_TS && vector <= EXCP_GP);
}

/* An event being delivered. */
typedef struct Event {
    int vector;
    bool soft;              /* INT n, INT3, INTO: DPL check, returns to next_rip */
    bool push_err;
    uint32_t err;
    int ext;                /* the EXT bit of error codes raised while delivering */
    uint64_t ret;           /* the rip pushed */
} Event;

/*
 * The rip of the INT instruction whose event cpu_exec just returned, from
 * helper_raise_interrupt_sys to the x86_do_interrupt that the same vCPU
 * thread runs next: a fault while delivering a software interrupt is
 * reported at the INT itself. (env->rip is already the next instruction's,
 * which vireo-x86_64's runner and the CPU test harness expect, and
 * error_code must stay 0 for them.)
 */
static _Thread_local struct {
    const CPUX86State *env;
    uint64_t rip;
} soft_int;

/* ---- Real mode (SDM Vol.3 20.1.4) ------------------------------------------------- */

static void deliver_real(CPUX86State *env, const Event *ev)
{
    unsigned v = (unsigned)ev->vector, off, sel;
    SegStack st = { env->segs[R_SS].base, env->regs[R_ESP], 0xffff, X86_MMU_KERNEL };

    if (v * 4 + 3 > env->idt.limit)
        x86_raise_exception_err(env, EXCP_GP, (int)(v * 8 + 2));
    off = (unsigned)seg_ld_sys(env, env->idt.base + v * 4, 2);
    sel = (unsigned)seg_ld_sys(env, env->idt.base + v * 4 + 2, 2);
    seg_push(env, &st, 2, x86_get_eflags(env));
    seg_push(env, &st, 2, env->segs[R_CS].selector);
    seg_push(env, &st, 2, ev->ret);
    seg_set_sp(env, st.sp, 0xffff);
    env->eflags &= ~(uint64_t)(IF_MASK | TF_MASK | AC_MASK);
    seg_load_real(env, R_CS, sel);
    env->rip = off;
}

/* ---- The IDT gate and its code segment ----------------------------------------------- */

typedef struct Gate {
    unsigned type;
    unsigned sel;
    uint64_t offset;
    unsigned ist;
    uint32_t e1, e2;        /* the handler's code segment */
} Gate;

static void read_idt_gate(CPUX86State *env, const Event *ev, bool lma, Gate *g)
{
    unsigned v = (unsigned)ev->vector, size = lma ? 16 : 8, cpl = env->hflags & HF_CPL_MASK;
    int idt_err = (int)(v * 8 + 2) + ev->ext, err;
    uint64_t a = env->idt.base + v * size;
    uint32_t e1, e2;

    if (v * size + size - 1 > env->idt.limit)
        x86_raise_exception_err(env, EXCP_GP, idt_err);
    e1 = (uint32_t)seg_ld_sys(env, a, 4);
    e2 = (uint32_t)seg_ld_sys(env, a + 4, 4);
    g->type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;       /* with S, which must be clear */
    if (!lma && g->type == SYS_TASK) {
        if (log_enabled(LOG_UNIMP))
            log_printf("interrupt %u through a task gate: task switches are not implemented\n", v);
        x86_raise_exception_err(env, EXCP_GP, idt_err);
    }
    if (lma ? (g->type != SYS_INT32 && g->type != SYS_TRAP32)
            : (g->type != SYS_INT16 && g->type != SYS_TRAP16 && g->type != SYS_INT32 &&
               g->type != SYS_TRAP32))
        x86_raise_exception_err(env, EXCP_GP, idt_err);
    /* Software interrupts may only use gates their CPL can reach. */
    if (ev->soft && desc_dpl(e2) < cpl)
        x86_raise_exception_err(env, EXCP_GP, (int)(v * 8 + 2));
    if (!(e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_NP, idt_err);
    g->sel = e1 >> 16;
    g->offset = (e1 & 0xffff) | ((g->type & 8) ? (e2 & 0xffff0000u) : 0);
    g->ist = lma ? e2 & 7 : 0;
    if (lma)
        g->offset |= seg_ld_sys(env, a + 8, 4) << 32;

    err = (int)(g->sel & 0xfffc) + ev->ext;
    if (!(g->sel & 0xfffc))
        x86_raise_exception_err(env, EXCP_GP, ev->ext);
    if (seg_read_desc(env, g->sel, &g->e1, &g->e2) < 0 || !desc_is_code(g->e2) ||
        desc_dpl(g->e2) > cpl)
        x86_raise_exception_err(env, EXCP_GP, err);
    if (lma && (!(g->e2 & DESC_L_MASK) || (g->e2 & DESC_B_MASK)))
        x86_raise_exception_err(env, EXCP_GP, err);
    if (!(g->e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_NP, err);
}

/* What every gate does to the flags: TF NT RF VM clear; IF too through an
 * interrupt gate (types 6, 14), not a trap gate. */
static void gate_flags(CPUX86State *env, const Gate *g)
{
    env->eflags &= ~(uint64_t)(TF_MASK | NT_MASK | RF_MASK | VM_MASK);
    if (!(g->type & 1))
        env->eflags &= ~(uint64_t)IF_MASK;
}

static void load_handler_cs(CPUX86State *env, Gate *g, unsigned cpl)
{
    seg_set_accessed(env, g->sel, &g->e2);
    seg_load_desc(env, R_CS, (g->sel & 0xfffc) | cpl, g->e1, g->e2);
    env->rip = g->offset;
}

/* ---- Protected mode, 16- and 32-bit gates (SDM Vol.3 6.12.1) --------------------------- */

static void deliver_protected(CPUX86State *env, const Event *ev)
{
    unsigned cpl = env->hflags & HF_CPL_MASK, dpl, ss = 0, size;
    uint32_t se1 = 0, se2 = 0;
    uint64_t flags = x86_get_eflags(env);
    bool vm = env->eflags & VM_MASK, inner;
    SegStack st;
    Gate g;

    read_idt_gate(env, ev, false, &g);
    size = (g.type & 8) ? 4 : 2;
    dpl = desc_dpl(g.e2);
    inner = !(g.e2 & DESC_C_MASK) && dpl < cpl;
    /* Out of virtual-8086 mode only to a ring-0 non-conforming handler. */
    if (vm && (!inner || dpl != 0))
        x86_raise_exception_err(env, EXCP_GP, (int)(g.sel & 0xfffc) + ev->ext);
    if (g.offset > desc_limit(g.e1, g.e2))
        x86_raise_exception_err(env, EXCP_GP, ev->ext);
    if (inner) {
        uint64_t sp;

        seg_tss_stack(env, dpl, ev->ext, &ss, &sp);
        seg_check_inner_ss(env, ss, dpl, ev->ext, &se1, &se2);
        st.base = desc_base(se1, se2);
        st.sp = sp;
        st.mask = (se2 & DESC_B_MASK) ? 0xffffffffull : 0xffff;
        st.mmu_idx = seg_mmu_idx(env, dpl);
        if (vm) {
            seg_push(env, &st, size, env->segs[R_GS].selector);
            seg_push(env, &st, size, env->segs[R_FS].selector);
            seg_push(env, &st, size, env->segs[R_DS].selector);
            seg_push(env, &st, size, env->segs[R_ES].selector);
        }
        seg_push(env, &st, size, env->segs[R_SS].selector);
        seg_push(env, &st, size, env->regs[R_ESP]);
    } else {
        seg_stack_current(env, &st);
        dpl = cpl;
    }
    seg_push(env, &st, size, flags);
    seg_push(env, &st, size, env->segs[R_CS].selector);
    seg_push(env, &st, size, ev->ret);
    if (ev->push_err)
        seg_push(env, &st, size, ev->err);

    gate_flags(env, &g);
    if (inner) {
        if (vm) {
            static const int data[] = { R_ES, R_DS, R_FS, R_GS };
            for (unsigned i = 0; i < 4; i++)
                x86_set_seg(env, data[i], 0, 0, 0, 0);
        }
        seg_set_accessed(env, ss, &se2);
        seg_load_desc(env, R_SS, ss, se1, se2);
    }
    load_handler_cs(env, &g, dpl);
    seg_set_sp(env, st.sp, st.mask);
}

/* ---- Long mode, 64-bit gates (SDM Vol.3 6.14) ------------------------------------------ */

static void deliver_long(CPUX86State *env, const Event *ev)
{
    unsigned cpl = env->hflags & HF_CPL_MASK, dpl;
    uint64_t flags = x86_get_eflags(env), sp;
    bool inner;
    SegStack st;
    Gate g;

    read_idt_gate(env, ev, true, &g);
    dpl = desc_dpl(g.e2);
    inner = !(g.e2 & DESC_C_MASK) && dpl < cpl;
    if (!inner)
        dpl = cpl;
    if (!seg_canonical(g.offset))
        x86_raise_exception_err(env, EXCP_GP, ev->ext);
    /* An IST stack whenever the gate names one, else RSPn on a privilege
     * change; the frame is 16-byte aligned either way. */
    if (g.ist)
        sp = seg_tss64_stack(env, g.ist + 3, ev->ext);
    else if (inner)
        sp = seg_tss64_stack(env, dpl, ev->ext);
    else
        sp = env->regs[R_ESP];
    st.base = 0;
    st.sp = sp & ~0xfull;
    st.mask = ~0ull;
    st.mmu_idx = seg_mmu_idx(env, dpl);
    seg_push(env, &st, 8, env->segs[R_SS].selector);
    seg_push(env, &st, 8, env->regs[R_ESP]);
    seg_push(env, &st, 8, flags);
    seg_push(env, &st, 8, env->segs[R_CS].selector);
    seg_push(env, &st, 8, ev->ret);
    if (ev->push_err)
        seg_push(env, &st, 8, ev->err);

    gate_flags(env, &g);
    if (inner)
        seg_load_null_ss(env, dpl, dpl);
    load_handler_cs(env, &g, dpl);
    env->regs[R_ESP] = st.sp;
}

static void deliver(CPUX86State *env, const Event *ev)
{
    if (!(env->cr[0] & CR0_PE))
        deliver_real(env, ev);
    else if (env->efer & EFER_LMA)
        deliver_long(env, ev);
    else
        deliver_protected(env, ev);
}

/*
 * Faults raised while delivering unwind here (the soft MMU and the checks
 * raise through cpu_loop_exit, whose jump buffer this borrows and gives
 * back). The second fault is then delivered instead, or as #DF when both are
 * contributory or a page fault meets a contributory fault or another page
 * fault (SDM Vol.3 Table 6-5); any fault while delivering #DF shuts the
 * processor down.
 */
bool x86_do_interrupt(CPUX86State *env, int vector, bool is_int, int error_code,
                      uint64_t next_rip)
{
    VCPUCommon *cpu = &env->common;
    sigjmp_buf saved;
    volatile Event ev;
    volatile bool exception = !is_int && error_code >= 0, ok = true;
    volatile uint64_t insn_rip = next_rip;

    if (is_int && soft_int.env == env)
        insn_rip = soft_int.rip;
    soft_int.env = NULL;
    memcpy(saved, cpu->jmp_env, sizeof(saved));
    ev.vector = vector;
    ev.soft = is_int;
    ev.push_err = exception && pushes_error_code(vector);
    ev.err = ev.push_err ? (uint32_t)error_code : 0;
    ev.ext = is_int ? 0 : 1;
    ev.ret = is_int ? next_rip : env->rip;
    for (;;) {
        if (log_enabled(LOG_INT))
            log_printf("deliver %s %d error 0x%x at %04x:%016llx\n",
                       ev.soft ? "int" : "vector", ev.vector, ev.err, env->segs[R_CS].selector,
                       (unsigned long long)env->rip);
        if (sigsetjmp(cpu->jmp_env, 0) == 0) {
            deliver(env, (const Event *)&ev);
            break;
        }
        int second = cpu->exception_index;

        if (ev.vector == EXCP_DF && exception) {
            ok = false;         /* triple fault */
            break;
        }
        /* A software interrupt's fault is reported at the INT instruction. */
        if (ev.soft)
            env->rip = insn_rip;
        if (exception && ((contributory(ev.vector) && contributory(second)) ||
                          (ev.vector == EXCP_PF && (second == EXCP_PF || contributory(second))))) {
            ev.vector = EXCP_DF;
            ev.err = 0;
            ev.push_err = true;
        } else {
            ev.vector = second;
            ev.push_err = pushes_error_code(second);
            ev.err = ev.push_err ? (uint32_t)env->error_code : 0;
        }
        ev.soft = false;
        ev.ext = 1;
        ev.ret = env->rip;
        exception = true;
    }
    memcpy(cpu->jmp_env, saved, sizeof(saved));
    if (ok) {
        env->hflags &= ~(uint32_t)HF_INHIBIT_IRQ;
        x86_update_hflags(env);
    }
    cpu->exception_index = -1;
    return ok;
}

/*
 * INT n, INT3, INTO in system mode: leave cpu_exec with the event for the
 * vCPU loop's x86_do_interrupt, rip already on the next instruction as
 * helper_raise_interrupt leaves it (len gives the INT's own address, see
 * soft_int). INT n (intn) in virtual-8086 mode below IOPL 3 is #GP(0) (no
 * CR4.VME).
 */
uint64_t helper_raise_interrupt_sys(void *env, uint64_t vector, uint64_t next_rip,
                                    uint64_t len, uint64_t intn)
{
    CPUX86State *e = SEG_ENV;

    if (intn && (e->cr[0] & CR0_PE) && (e->eflags & VM_MASK) && ((e->eflags >> 12) & 3) < 3)
        x86_raise_exception_err(e, EXCP_GP, 0);
    e->exception_is_int = true;
    e->exception_next_rip = next_rip;
    e->common.exception_index = (int)vector;
    e->error_code = 0;
    e->rip = next_rip;
    soft_int.env = e;
    soft_int.rip = next_rip - len;
    cpu_loop_exit(&e->common);
}

/* ---- IRET, IRETD, IRETQ ------------------------------------------------------------------ */

/* Protected-mode IRET's flags (SDM IRET): IF only at CPL <= IOPL, IOPL and
 * VIF/VIP only at CPL 0; 16 bits with a 16-bit operand size. */
static uint64_t iret_flag_mask(const CPUX86State *env, unsigned size)
{
    unsigned cpl = env->hflags & HF_CPL_MASK, iopl = (unsigned)(env->eflags >> 12) & 3;
    uint64_t mask = CC_ALL | TF_MASK | DF_MASK | NT_MASK | RF_MASK | AC_MASK | ID_MASK;

    if (cpl <= iopl)
        mask |= IF_MASK;
    if (cpl == 0)
        mask |= IOPL_MASK | VIF_MASK | VIP_MASK;
    return size == 2 ? mask & 0xffff : mask;
}

/* IRETD at CPL 0 with VM in the popped flags (SDM IRET, RETURN-TO-VIRTUAL-8086-MODE). */
static void iret_to_vm86(CPUX86State *env, SegStack *st, uint64_t rip, unsigned cs, uint64_t flags)
{
    static const int data[] = { R_ES, R_DS, R_FS, R_GS };
    uint64_t sp = seg_pop(env, st, 4);
    unsigned ss = (unsigned)seg_pop(env, st, 4), sel[4];

    for (unsigned i = 0; i < 4; i++)
        sel[i] = (unsigned)seg_pop(env, st, 4);
    x86_set_eflags(env, flags, ~0ull);
    seg_load_real(env, R_CS, cs);
    seg_load_real(env, R_SS, ss);
    for (unsigned i = 0; i < 4; i++)
        seg_load_real(env, data[i], sel[i]);
    env->rip = rip & 0xffff;
    env->regs[R_ESP] = (uint32_t)sp;
}

uint64_t helper_iret(void *env, uint64_t opsize, uint64_t next_rip)
{
    CPUX86State *e = SEG_ENV;
    unsigned size = (unsigned)opsize, cpl = e->hflags & HF_CPL_MASK, cs, rpl, ss;
    uint64_t rip, flags, mask, sp;
    uint32_t e1, e2, se1 = 0, se2 = 0;
    SegStack st;

    (void)next_rip;         /* the link of a task return */
    seg_stack_current(e, &st);
    if (!(e->cr[0] & CR0_PE) || (e->eflags & VM_MASK)) {
        /* Real mode: every flag but VM VIF VIP; virtual-8086 mode (IOPL 3
         * only, no VME) keeps IOPL too. */
        if ((e->eflags & VM_MASK) && ((e->eflags >> 12) & 3) < 3)
            x86_raise_exception_err(e, EXCP_GP, 0);
        rip = seg_pop(e, &st, size);
        cs = (unsigned)seg_pop(e, &st, size) & 0xffff;
        flags = seg_pop(e, &st, size);
        mask = CC_ALL | TF_MASK | IF_MASK | DF_MASK | NT_MASK | RF_MASK | AC_MASK | ID_MASK;
        if (!(e->eflags & VM_MASK))
            mask |= IOPL_MASK;
        if (size == 2)
            mask &= 0xffff;
        seg_set_sp(e, st.sp, st.mask);
        seg_load_real(e, R_CS, cs);
        e->rip = rip;
        x86_set_eflags(e, flags, mask);
        x86_update_hflags(e);
        return 0;
    }
    if (e->eflags & NT_MASK) {
        /* Long mode has no task return: #GP(0) there architecturally. */
        if (!(e->efer & EFER_LMA) && log_enabled(LOG_UNIMP))
            log_printf("iret with NT (task return): task switches are not implemented\n");
        x86_raise_exception_err(e, EXCP_GP, 0);
    }
    rip = seg_pop(e, &st, size);
    cs = (unsigned)seg_pop(e, &st, size) & 0xffff;
    flags = seg_pop(e, &st, size);
    if (size == 4 && (flags & VM_MASK) && cpl == 0 && !(e->efer & EFER_LMA)) {
        iret_to_vm86(e, &st, rip, cs, flags);
        x86_update_hflags(e);
        return 0;
    }
    seg_check_return_cs(e, cs, &e1, &e2);
    seg_check_target(e, e1, e2, rip);
    rpl = cs & 3;
    mask = iret_flag_mask(e, size);
    /* 64-bit mode always pops SS:RSP; elsewhere only on a level change. */
    if (rpl == cpl && !(e->hflags & HF_CS64)) {
        seg_set_accessed(e, cs, &e2);
        seg_load_desc(e, R_CS, cs, e1, e2);
        e->rip = rip;
        x86_set_eflags(e, flags, mask);
        seg_set_sp(e, st.sp, st.mask);
        x86_update_hflags(e);
        return 0;
    }
    sp = seg_pop(e, &st, size);
    ss = (unsigned)seg_pop(e, &st, size) & 0xffff;
    seg_check_outer_ss(e, ss, rpl, seg_is_code64(e, e2), &se1, &se2);
    seg_set_accessed(e, cs, &e2);
    seg_load_desc(e, R_CS, cs, e1, e2);
    e->rip = rip;
    if (!(ss & 0xfffc)) {
        seg_load_null_ss(e, ss, rpl);
    } else {
        seg_set_accessed(e, ss, &se2);
        seg_load_desc(e, R_SS, ss, se1, se2);
    }
    x86_set_eflags(e, flags, mask);
    x86_update_hflags(e);
    seg_set_sp(e, sp, seg_sp_mask(e));
    if (rpl > cpl)
        seg_validate_outer(e, rpl);
    return 0;
}
