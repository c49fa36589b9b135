/*
 * Emitters for segment loads, far transfers, IRET, software interrupts,
 * descriptor-table instructions and the fast system calls (SDM Vol.2; the
 * semantics are the helpers of seg.h). This table is installed after the
 * general-purpose one and overrides its entries; under vireo-x86_64
 * (HF_USER_MODE) each overridden instruction keeps the entry it replaced,
 * so user mode behaves exactly as before.
 *
 * Anything that may change CS, the stack size, the data segment bases the
 * TB flags summarise (HF_ADDSEG), the CPL or IF ends the TB with a lookup
 * (DISAS_EOB), never a chained jump: the next TB must be found with the new
 * flags.
 */
#include "cpu/x86/helper.h"
#include "cpu/x86/seg.h"
#include "cpu/x86/translate.h"

#define S (dc->s)

/* The entries this table replaced, for user mode. */
static X86Gen *user_gen[X86_INSN_COUNT];

/* Under vireo-x86_64: run the replaced entry and return true. */
static bool user_mode(DisasContext *dc)
{
    X86Gen *g;

    if (!(dc->flags & HF_USER_MODE))
        return false;
    g = user_gen[dc->d.insn];
    if (g)
        g(dc);
    else
        gen_exception(dc, EXCP_UD);
    return true;
}

/* #UD in real mode (and the helpers add virtual-8086 mode). */
static bool need_pe(DisasContext *dc)
{
    if (dc->flags & HF_PE)
        return true;
    gen_exception(dc, EXCP_UD);
    return false;
}

static bool need_cpl0(DisasContext *dc)
{
    if (!(dc->flags & HF_CPL_MASK))
        return true;
    gen_exception_err(dc, EXCP_GP, 0);
    return false;
}

static uint64_t next_rip(DisasContext *dc)
{
    uint64_t rip = dc->next_pc - dc->cs_base;

    return dc->mode == 64 ? rip : (uint32_t)rip;
}

/* End the TB after this instruction, through a lookup with fresh flags. */
static void gen_eob_next(DisasContext *dc)
{
    tcg_gen_movi_i64(S, cpu_rip, next_rip(dc));
    dc->is_jmp = DISAS_EOB;
}

static void gen_trunc(DisasContext *dc, TCGv_i64 v, unsigned size)
{
    if (size == 2)
        tcg_gen_ext16u_i64(S, v, v);
    else if (size == 4)
        tcg_gen_ext32u_i64(S, v, v);
}

/* ---- Segment register loads ---------------------------------------------------- */

/* The interrupt shadow of MOV SS and POP SS (SDM MOV: "inhibits interrupts
 * until the end of the next instruction"). */
static void gen_set_inhibit_irq(DisasContext *dc)
{
    TCGv_i64 h = tcg_temp_new_i64(S);

    tcg_gen_ld_i64(S, h, tcg_env(), ENV_OFFSET(hflags), MO_32);
    tcg_gen_ori_i64(S, h, h, HF_INHIBIT_IRQ);
    tcg_gen_st_i64(S, h, tcg_env(), ENV_OFFSET(hflags), MO_32);
}

/*
 * seg := sel. Real mode changes only selector and base, inline (BIOS code
 * does this constantly, and the TB flags cannot change: HF_ADDSEG is always
 * set there). Elsewhere the helper checks the descriptor; loads of SS, DS
 * and ES outside 64-bit mode may change the TB flags, so the TB ends.
 * shadow: MOV SS and POP SS hold interrupts off for one instruction.
 */
static void gen_load_sreg(DisasContext *dc, int seg, TCGv_i64 sel, bool shadow)
{
    if (!(dc->flags & HF_PE)) {
        tcg_gen_ext16u_i64(S, sel, sel);
        tcg_gen_st_i64(S, sel, tcg_env(), ENV_OFFSET(segs[seg].selector), MO_16);
        tcg_gen_shli_i64(S, cpu_seg_base[seg], sel, 4);
    } else {
        gen_helper(dc, (TCGHelper)helper_load_seg, 0, NULL, 2,
                   tcg_constant_i64(S, (uint64_t)seg), sel);
        if (dc->mode != 64 && (seg == R_SS || seg == R_DS || seg == R_ES))
            gen_eob_next(dc);
    }
    if (shadow) {
        gen_set_inhibit_irq(dc);
        gen_eob_next(dc);
    }
}

/* MOV Sw,Ew (8E) here; every other MOV goes to the general emitter. */
static void gen_mov_seg(DisasContext *dc)
{
    if (dc->d.op[0].type != X86_OT_SEG) {
        user_gen[X86_INSN_MOV](dc);
        return;
    }
    if (user_mode(dc))
        return;
    gen_op_load(dc, 1, dc->T0);
    gen_load_sreg(dc, dc->d.op[0].reg, dc->T0, dc->d.op[0].reg == X86_SEG_SS);
}

/* POP ES/SS/DS/FS/GS: rSP moves only once the load has succeeded, by the
 * old stack's size. */
static void gen_pop_seg(DisasContext *dc)
{
    MemOp ot = ot_of(dc->d.opsize);
    TCGv_i64 a = tcg_temp_new_i64(S), sp = tcg_temp_new_i64(S);

    if (dc->d.op[0].type != X86_OT_SEG) {
        user_gen[X86_INSN_POP](dc);
        return;
    }
    if (user_mode(dc))
        return;
    gen_seg_addr(dc, a, cpu_regs[R_ESP], X86_SEG_SS, stack_size(dc));
    gen_ld(dc, ot | MO_STACK, dc->T0, a);
    tcg_gen_addi_i64(S, sp, cpu_regs[R_ESP], 1u << (ot & MO_SIZE));
    gen_load_sreg(dc, dc->d.op[0].reg, dc->T0, dc->d.op[0].reg == X86_SEG_SS);
    gen_reg_write(dc, ot_of(stack_size(dc)), R_ESP, sp);
}

/* The far pointer operand: ptr16:16/32 (Ap) or m16:16/32/64 (Mp), offset
 * first in memory. size is the offset's width. */
static void gen_far_operand(DisasContext *dc, unsigned i, unsigned size, TCGv_i64 off,
                            TCGv_i64 sel)
{
    TCGv_i64 a = tcg_temp_new_i64(S);

    if (dc->d.op[i].type == X86_OT_FAR) {
        tcg_gen_movi_i64(S, off, dc->d.imm);
        tcg_gen_movi_i64(S, sel, dc->d.imm2);
    } else {
        if (!dc->a0_valid)
            gen_lea(dc);
        gen_ld(dc, ot_of(size) | mem_flags(dc), off, dc->A0);
        tcg_gen_addi_i64(S, a, dc->A0, size);
        if (dc->mode != 64)
            tcg_gen_ext32u_i64(S, a, a);
        gen_ld(dc, MO_16 | mem_flags(dc), sel, a);
    }
    gen_trunc(dc, off, size);
}

static int lxs_seg(unsigned insn)
{
    switch (insn) {
    case X86_INSN_LES: return R_ES;
    case X86_INSN_LSS: return R_SS;
    case X86_INSN_LFS: return R_FS;
    case X86_INSN_LGS: return R_GS;
    default: return R_DS;
    }
}

/* LDS/LES/LFS/LGS/LSS Gv,Mp: the register is written after the load. */
static void gen_lxs(DisasContext *dc)
{
    int seg = lxs_seg(dc->d.insn);

    if (user_mode(dc))
        return;
    gen_far_operand(dc, 1, dc->d.op[0].size, dc->T0, dc->T1);
    gen_load_sreg(dc, seg, dc->T1, false);
    gen_op_store(dc, 0, dc->T0);
}

/* ---- Far transfers, IRET --------------------------------------------------------- */

static void gen_jmpf(DisasContext *dc)
{
    if (user_mode(dc))
        return;
    gen_far_operand(dc, 0, dc->d.opsize, dc->T0, dc->T1);
    gen_helper(dc, (TCGHelper)helper_ljmp, 0, NULL, 3, dc->T1, dc->T0,
               tcg_constant_i64(S, next_rip(dc)));
    dc->is_jmp = DISAS_EOB;
}

static void gen_callf(DisasContext *dc)
{
    if (user_mode(dc))
        return;
    gen_far_operand(dc, 0, dc->d.opsize, dc->T0, dc->T1);
    gen_helper(dc, (TCGHelper)helper_lcall, 0, NULL, 4, dc->T1, dc->T0,
               tcg_constant_i64(S, next_rip(dc)), tcg_constant_i64(S, dc->d.opsize));
    dc->is_jmp = DISAS_EOB;
}

/* RETF [Iw] */
static void gen_retf(DisasContext *dc)
{
    uint64_t addend = dc->d.nops > 0 ? dc->d.imm & 0xffff : 0;

    if (user_mode(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_lret, 0, NULL, 2, tcg_constant_i64(S, dc->d.opsize),
               tcg_constant_i64(S, addend));
    dc->is_jmp = DISAS_EOB;
}

static void gen_iret(DisasContext *dc)
{
    if (user_mode(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_iret, 0, NULL, 2, tcg_constant_i64(S, dc->d.opsize),
               tcg_constant_i64(S, next_rip(dc)));
    dc->is_jmp = DISAS_EOB;
}

/* ---- INT n, INT3, INTO -------------------------------------------------------------- */

static void gen_raise_int(DisasContext *dc, unsigned vector, bool intn)
{
    gen_helper(dc, (TCGHelper)helper_raise_interrupt_sys, TCG_CALL_NO_RETURN, NULL, 4,
               tcg_constant_i64(S, vector), tcg_constant_i64(S, next_rip(dc)),
               tcg_constant_i64(S, dc->next_pc - dc->pc), tcg_constant_i64(S, intn));
}

static void gen_int_sys(DisasContext *dc)
{
    unsigned insn = dc->d.insn;

    if (user_mode(dc))
        return;
    if (insn == X86_INSN_INTO) {
        /* A trap only when OF is set; otherwise execution goes on. */
        TCGLabel skip = gen_new_label(S);

        gen_setcc(dc, 0, dc->T0);
        tcg_gen_brcondi_i64(S, TCG_COND_EQ, dc->T0, 0, skip);
        gen_raise_int(dc, EXCP_OF, false);
        tcg_gen_set_label(S, skip);
        return;
    }
    if (insn == X86_INSN_INT3)
        gen_raise_int(dc, EXCP_BP, false);
    else
        gen_raise_int(dc, (unsigned)dc->d.imm & 0xff, true);
    dc->is_jmp = DISAS_JUMPED;
}

/* ---- Descriptor tables --------------------------------------------------------------- */

/* LGDT/LIDT m16&32 (the base truncated to 24 bits with a 16-bit operand
 * size), m16&64 in 64-bit mode (canonical, else #GP(0)). */
static void gen_lgdt_lidt(DisasContext *dc)
{
    bool idt = dc->d.insn == X86_INSN_LIDT;
    /* Live across gen_check_canonical's branch: TB-lifetime temps. */
    TCGv_i64 limit = tcg_temp_new_tb_i64(S), base = tcg_temp_new_tb_i64(S);
    TCGv_i64 a = tcg_temp_new_i64(S);

    if (user_mode(dc) || !need_cpl0(dc))
        return;
    gen_lea(dc);
    gen_ld(dc, MO_16 | mem_flags(dc), limit, dc->A0);
    tcg_gen_addi_i64(S, a, dc->A0, 2);
    if (dc->mode == 64) {
        gen_ld(dc, MO_64 | mem_flags(dc), base, a);
        gen_check_canonical(dc, base);
    } else {
        tcg_gen_ext32u_i64(S, a, a);
        gen_ld(dc, MO_32 | mem_flags(dc), base, a);
        if (dc->d.opsize == 2)
            tcg_gen_andi_i64(S, base, base, 0xffffff);
    }
    tcg_gen_st_i64(S, limit, tcg_env(), idt ? ENV_OFFSET(idt.limit) : ENV_OFFSET(gdt.limit), MO_16);
    tcg_gen_st_i64(S, base, tcg_env(), idt ? ENV_OFFSET(idt.base) : ENV_OFFSET(gdt.base), MO_64);
}

/* SGDT/SIDT: any CPL unless CR4.UMIP; the full 32-bit base outside 64-bit
 * mode whatever the operand size (SDM SGDT, since the 386). */
static void gen_sgdt_sidt(DisasContext *dc)
{
    bool idt = dc->d.insn == X86_INSN_SIDT;
    TCGv_i64 limit = dc->T0, base = dc->T1, a = tcg_temp_new_i64(S);

    if (user_mode(dc))
        return;
    if (dc->flags & HF_CPL_MASK)
        gen_helper(dc, (TCGHelper)helper_umip_check, 0, NULL, 0);
    tcg_gen_ld_i64(S, limit, tcg_env(), idt ? ENV_OFFSET(idt.limit) : ENV_OFFSET(gdt.limit), MO_16);
    tcg_gen_ld_i64(S, base, tcg_env(), idt ? ENV_OFFSET(idt.base) : ENV_OFFSET(gdt.base), MO_64);
    gen_lea(dc);
    gen_st(dc, MO_16 | mem_flags(dc), limit, dc->A0);
    tcg_gen_addi_i64(S, a, dc->A0, 2);
    if (dc->mode != 64)
        tcg_gen_ext32u_i64(S, a, a);
    gen_st(dc, (dc->mode == 64 ? MO_64 : MO_32) | mem_flags(dc), base, a);
}

static void gen_lldt_ltr(DisasContext *dc)
{
    if (user_mode(dc) || !need_pe(dc))
        return;
    gen_op_load(dc, 0, dc->T0);
    gen_helper(dc, dc->d.insn == X86_INSN_LLDT ? (TCGHelper)helper_lldt : (TCGHelper)helper_ltr,
               0, NULL, 1, dc->T0);
}

static void gen_sldt_str(DisasContext *dc)
{
    if (user_mode(dc) || !need_pe(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_sldt_str, 0, &dc->T0, 1,
               tcg_constant_i64(S, dc->d.insn == X86_INSN_STR));
    gen_op_store(dc, 0, dc->T0);
}

/* ---- LAR, LSL, VERR, VERW, ARPL: ZF reports the outcome ----------------------------- */

static void gen_lar_lsl(DisasContext *dc)
{
    TCGLabel skip = gen_new_label(S);
    TCGv_i64 z = tcg_temp_new_i64(S);

    if (user_mode(dc) || !need_pe(dc))
        return;
    gen_op_load(dc, 1, dc->T1);
    gen_helper(dc, dc->d.insn == X86_INSN_LAR ? (TCGHelper)helper_lar : (TCGHelper)helper_lsl,
               0, &dc->T0, 1, dc->T1);
    dc->cc_op = CC_OP_EFLAGS;           /* the helper stored cc_src and cc_op */
    /* The destination is written only when ZF says the selector was valid. */
    tcg_gen_andi_i64(S, z, cpu_cc_src, CC_Z);
    tcg_gen_brcondi_i64(S, TCG_COND_EQ, z, 0, skip);
    gen_op_store(dc, 0, dc->T0);
    tcg_gen_set_label(S, skip);
}

static void gen_verr_verw(DisasContext *dc)
{
    if (user_mode(dc) || !need_pe(dc))
        return;
    gen_op_load(dc, 0, dc->T0);
    gen_helper(dc, dc->d.insn == X86_INSN_VERR ? (TCGHelper)helper_verr : (TCGHelper)helper_verw,
               0, NULL, 1, dc->T0);
    dc->cc_op = CC_OP_EFLAGS;
}

/* ARPL Ew,Gw: raise the destination's RPL to the source's; ZF = it changed.
 * (Virtual-8086 mode's #UD is not modelled: the TB flags do not show VM.) */
static void gen_arpl(DisasContext *dc)
{
    TCGv_i64 d = dc->T0, s = dc->T1, dr = tcg_temp_new_i64(S), sr = tcg_temp_new_i64(S);
    TCGv_i64 nv = tcg_temp_new_i64(S), z = tcg_temp_new_i64(S);

    if (user_mode(dc) || !need_pe(dc))
        return;
    gen_op_load_rmw(dc, 0, d);
    gen_op_load(dc, 1, s);
    tcg_gen_andi_i64(S, dr, d, 3);
    tcg_gen_andi_i64(S, sr, s, 3);
    tcg_gen_andi_i64(S, nv, d, ~3ull);
    tcg_gen_or_i64(S, nv, nv, sr);
    tcg_gen_movcond_i64(S, TCG_COND_LTU, nv, dr, sr, nv, d);
    gen_op_store(dc, 0, nv);
    gen_materialize_eflags(dc);
    tcg_gen_setcond_i64(S, TCG_COND_LTU, z, dr, sr);
    tcg_gen_shli_i64(S, z, z, 6);
    tcg_gen_andi_i64(S, cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_Z);
    tcg_gen_or_i64(S, cpu_cc_src, cpu_cc_src, z);
}

/* ---- SYSCALL, SYSRET, SYSENTER, SYSEXIT, SWAPGS, FS/GS bases --------------------- */

static void gen_syscall_sys(DisasContext *dc)
{
    if (user_mode(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_syscall, 0, NULL, 1, tcg_constant_i64(S, next_rip(dc)));
    dc->is_jmp = DISAS_EOB;
}

static void gen_sysret(DisasContext *dc)
{
    if (user_mode(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_sysret, 0, NULL, 1, tcg_constant_i64(S, dc->d.opsize));
    dc->is_jmp = DISAS_EOB;
}

static void gen_sysenter(DisasContext *dc)
{
    if (user_mode(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_sysenter, 0, NULL, 0);
    dc->is_jmp = DISAS_EOB;
}

static void gen_sysexit(DisasContext *dc)
{
    if (user_mode(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_sysexit, 0, NULL, 1, tcg_constant_i64(S, dc->d.opsize));
    dc->is_jmp = DISAS_EOB;
}

/* SWAPGS (64-bit mode only, by the decoder): GS.base <-> IA32_KERNEL_GS_BASE. */
static void gen_swapgs(DisasContext *dc)
{
    TCGv_i64 t = tcg_temp_new_i64(S);

    if (user_mode(dc) || !need_cpl0(dc))
        return;
    tcg_gen_ld_i64(S, t, tcg_env(), ENV_OFFSET(kernel_gs_base), MO_64);
    tcg_gen_st_i64(S, cpu_seg_base[R_GS], tcg_env(), ENV_OFFSET(kernel_gs_base), MO_64);
    tcg_gen_mov_i64(S, cpu_seg_base[R_GS], t);
}

/* RDFSBASE/RDGSBASE/WRFSBASE/WRGSBASE Ry (64-bit mode only, by the decoder). */
static void gen_fsgsbase(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    int seg = (insn == X86_INSN_RDFSBASE || insn == X86_INSN_WRFSBASE) ? R_FS : R_GS;

    if (user_mode(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_fsgsbase_check, 0, NULL, 0);
    if (insn == X86_INSN_RDFSBASE || insn == X86_INSN_RDGSBASE) {
        gen_op_store(dc, 0, cpu_seg_base[seg]);
        return;
    }
    gen_op_load(dc, 0, dc->T0);
    gen_check_canonical(dc, dc->T0);
    tcg_gen_mov_i64(S, cpu_seg_base[seg], dc->T0);
}

/* ---- The table ------------------------------------------------------------------------- */

static void set_entry(X86Gen **t, unsigned insn, X86Gen *g)
{
    user_gen[insn] = t[insn];
    t[insn] = g;
}

void x86_gen_table_seg(X86Gen **t)
{
    set_entry(t, X86_INSN_MOV, gen_mov_seg);
    set_entry(t, X86_INSN_POP, gen_pop_seg);
    set_entry(t, X86_INSN_LES, gen_lxs);
    set_entry(t, X86_INSN_LDS, gen_lxs);
    set_entry(t, X86_INSN_LSS, gen_lxs);
    set_entry(t, X86_INSN_LFS, gen_lxs);
    set_entry(t, X86_INSN_LGS, gen_lxs);
    set_entry(t, X86_INSN_JMPF, gen_jmpf);
    set_entry(t, X86_INSN_CALLF, gen_callf);
    set_entry(t, X86_INSN_RETF, gen_retf);
    set_entry(t, X86_INSN_IRET, gen_iret);
    set_entry(t, X86_INSN_INT, gen_int_sys);
    set_entry(t, X86_INSN_INT3, gen_int_sys);
    set_entry(t, X86_INSN_INTO, gen_int_sys);
    set_entry(t, X86_INSN_LGDT, gen_lgdt_lidt);
    set_entry(t, X86_INSN_LIDT, gen_lgdt_lidt);
    set_entry(t, X86_INSN_SGDT, gen_sgdt_sidt);
    set_entry(t, X86_INSN_SIDT, gen_sgdt_sidt);
    set_entry(t, X86_INSN_LLDT, gen_lldt_ltr);
    set_entry(t, X86_INSN_LTR, gen_lldt_ltr);
    set_entry(t, X86_INSN_SLDT, gen_sldt_str);
    set_entry(t, X86_INSN_STR, gen_sldt_str);
    set_entry(t, X86_INSN_LAR, gen_lar_lsl);
    set_entry(t, X86_INSN_LSL, gen_lar_lsl);
    set_entry(t, X86_INSN_VERR, gen_verr_verw);
    set_entry(t, X86_INSN_VERW, gen_verr_verw);
    set_entry(t, X86_INSN_ARPL, gen_arpl);
    set_entry(t, X86_INSN_SYSCALL, gen_syscall_sys);
    set_entry(t, X86_INSN_SYSRET, gen_sysret);
    set_entry(t, X86_INSN_SYSENTER, gen_sysenter);
    set_entry(t, X86_INSN_SYSEXIT, gen_sysexit);
    set_entry(t, X86_INSN_SWAPGS, gen_swapgs);
    set_entry(t, X86_INSN_RDFSBASE, gen_fsgsbase);
    set_entry(t, X86_INSN_RDGSBASE, gen_fsgsbase);
    set_entry(t, X86_INSN_WRFSBASE, gen_fsgsbase);
    set_entry(t, X86_INSN_WRGSBASE, gen_fsgsbase);
}
