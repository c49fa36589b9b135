/*
 * Emitters for port I/O, control and debug registers, MSRs, HLT, CLI/STI and
 * the other system instructions (SDM Vol.2). Privilege: CPL is part of the
 * TB flags, so CPL-0-only instructions check it here and emit #GP(0);
 * checks that depend on run-time state (IOPL, the I/O bitmap) are the
 * helpers' (helper-sys.c). vireo-x86_64 runs at CPL 3, so there every one
 * of these keeps raising #GP(0) as it did.
 */
#include "cpu/x86/helper-sys.h"
#include "cpu/x86/helper-xsave.h"
#include "cpu/x86/helper.h"
#include "cpu/x86/translate.h"

#define S (dc->s)

static bool cpl0(DisasContext *dc)
{
    if ((dc->flags & HF_CPL_MASK) != 0) {
        gen_exception_err(dc, EXCP_GP, 0);
        return false;
    }
    return true;
}

/* The mode bits may have changed: end the TB (see DISAS_EOB_NEXT). */
static void gen_end_after(DisasContext *dc)
{
    dc->is_jmp = DISAS_EOB_NEXT;
}

/* ---- Port I/O ------------------------------------------------------------------ */

static void gen_port(DisasContext *dc, unsigned i, TCGv_i64 port)
{
    if (dc->d.op[i].type == X86_OT_IMM)
        tcg_gen_movi_i64(S, port, dc->d.imm & 0xff);
    else
        tcg_gen_ext16u_i64(S, port, cpu_regs[R_EDX]);
}

/* IN AL/eAX, Ib|DX */
static void gen_in(DisasContext *dc)
{
    unsigned size = dc->d.op[0].size;
    TCGv_i64 port = tcg_temp_new_i64(S), v = tcg_temp_new_i64(S);

    gen_port(dc, 1, port);
    gen_helper(dc, (TCGHelper)helper_in, 0, &v, 2, port, tcg_constant_i64(S, size));
    gen_reg_write(dc, ot_of(size), R_EAX, v);
}

/* OUT Ib|DX, AL/eAX */
static void gen_out(DisasContext *dc)
{
    unsigned size = dc->d.op[1].size;
    TCGv_i64 port = tcg_temp_new_i64(S), v = tcg_temp_new_i64(S);

    gen_port(dc, 0, port);
    gen_reg_read(dc, ot_of(size), v, R_EAX);
    gen_helper(dc, (TCGHelper)helper_out, 0, NULL, 3, port, v, tcg_constant_i64(S, size));
}

/* ---- Interrupt flag, HLT ------------------------------------------------------------ */

static void gen_cli_sti(DisasContext *dc)
{
    gen_helper(dc, dc->d.insn == X86_INSN_STI ? (TCGHelper)helper_sti : (TCGHelper)helper_cli,
               0, NULL, 0);
    /* The vCPU loop looks at IF (and STI's one-instruction shadow) between TBs. */
    gen_end_after(dc);
}

static void gen_hlt(DisasContext *dc)
{
    if (!cpl0(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_hlt, TCG_CALL_NO_RETURN, NULL, 1,
               tcg_constant_i64(S, dc->next_pc - dc->cs_base));
    dc->is_jmp = DISAS_JUMPED;
}

/* ---- Control and debug registers ----------------------------------------------------- */

/* MOV r64, CRn / MOV CRn, r64 (0F 20 / 0F 22); operands always 64-bit in long mode. */
static void gen_mov_cr(DisasContext *dc)
{
    bool to_cr = dc->d.op[0].type == X86_OT_CR;
    unsigned n = to_cr ? dc->d.op[0].reg : dc->d.op[1].reg;
    TCGv_i64 v = tcg_temp_new_i64(S);

    if (!cpl0(dc))
        return;
    if (n != 0 && n != 2 && n != 3 && n != 4 && n != 8) {
        gen_exception(dc, EXCP_UD);
        return;
    }
    if (to_cr) {
        gen_op_load(dc, 1, v);
        gen_helper(dc, (TCGHelper)helper_write_cr, 0, NULL, 2, tcg_constant_i64(S, n), v);
        gen_end_after(dc);
    } else {
        gen_helper(dc, (TCGHelper)helper_read_cr, 0, &v, 1, tcg_constant_i64(S, n));
        gen_op_store(dc, 0, v);
    }
}

static void gen_mov_dr(DisasContext *dc)
{
    bool to_dr = dc->d.op[0].type == X86_OT_DR;
    unsigned n = to_dr ? dc->d.op[0].reg : dc->d.op[1].reg;
    TCGv_i64 v = tcg_temp_new_i64(S);

    if (!cpl0(dc))
        return;
    if (n > 7) {
        gen_exception(dc, EXCP_UD);
        return;
    }
    if (to_dr) {
        gen_op_load(dc, 1, v);
        gen_helper(dc, (TCGHelper)helper_write_dr, 0, NULL, 2, tcg_constant_i64(S, n), v);
    } else {
        gen_helper(dc, (TCGHelper)helper_read_dr, 0, &v, 1, tcg_constant_i64(S, n));
        gen_op_store(dc, 0, v);
    }
}

static void gen_clts(DisasContext *dc)
{
    if (!cpl0(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_clts, 0, NULL, 0);
    gen_end_after(dc);
}

static void gen_lmsw(DisasContext *dc)
{
    TCGv_i64 v = tcg_temp_new_i64(S);

    if (!cpl0(dc))
        return;
    gen_op_load(dc, 0, v);
    gen_helper(dc, (TCGHelper)helper_lmsw, 0, NULL, 1, v);
    gen_end_after(dc);
}

/* SMSW: any CPL (unless CR4.UMIP at CPL > 0); a register gets CR0's low bits. */
static void gen_smsw(DisasContext *dc)
{
    TCGv_i64 v = tcg_temp_new_i64(S);

    gen_helper(dc, (TCGHelper)helper_smsw, 0, &v, 0);
    gen_op_store(dc, 0, v);
}

static void gen_invlpg(DisasContext *dc)
{
    if (!cpl0(dc))
        return;
    gen_lea(dc);
    gen_helper(dc, (TCGHelper)helper_invlpg, 0, NULL, 1, dc->A0);
    gen_end_after(dc);
}

static void gen_invpcid(DisasContext *dc)
{
    if (!cpl0(dc))
        return;
    gen_helper(dc, (TCGHelper)helper_flush_tlb, 0, NULL, 0);
    gen_end_after(dc);
}

/* WBINVD, INVD: caches are coherent here; only the privilege check remains. */
static void gen_cache_op(DisasContext *dc)
{
    cpl0(dc);
}

static void gen_msr(DisasContext *dc)
{
    if (!cpl0(dc))
        return;
    gen_helper(dc, dc->d.insn == X86_INSN_RDMSR ? (TCGHelper)helper_rdmsr : (TCGHelper)helper_wrmsr,
               0, NULL, 1, tcg_constant_i64(S, 0));
    if (dc->d.insn == X86_INSN_WRMSR)
        gen_end_after(dc);          /* EFER, FS base... */
}

/* XGETBV, XSETBV: XCR0 as EDX:EAX, ECX selecting the register. */
static void gen_xcr(DisasContext *dc)
{
    TCGv_i64 v = tcg_temp_new_i64(S);

    if (!(dc->flags & HF_OSXSAVE)) {
        gen_exception(dc, EXCP_UD);
        return;
    }
    if (dc->d.insn == X86_INSN_XGETBV) {
        gen_helper(dc, (TCGHelper)helper_xgetbv, 0, &v, 1, cpu_regs[R_ECX]);
        tcg_gen_ext32u_i64(S, cpu_regs[R_EAX], v);
        tcg_gen_shri_i64(S, cpu_regs[R_EDX], v, 32);
    } else {
        tcg_gen_deposit_i64(S, v, cpu_regs[R_EAX], cpu_regs[R_EDX], 32, 32);
        gen_helper(dc, (TCGHelper)helper_xsetbv, 0, NULL, 2, cpu_regs[R_ECX], v);
    }
}

/* No performance counters: RDPMC faults as with CR4.PCE clear at CPL > 0. */
static void gen_rdpmc(DisasContext *dc)
{
    gen_exception_err(dc, EXCP_GP, 0);
}

void x86_gen_table_sys(X86Gen **t)
{
    t[X86_INSN_IN] = gen_in;
    t[X86_INSN_OUT] = gen_out;
    t[X86_INSN_CLI] = t[X86_INSN_STI] = gen_cli_sti;
    t[X86_INSN_HLT] = gen_hlt;
    t[X86_INSN_MOV_CR] = gen_mov_cr;
    t[X86_INSN_MOV_DR] = gen_mov_dr;
    t[X86_INSN_CLTS] = gen_clts;
    t[X86_INSN_LMSW] = gen_lmsw;
    t[X86_INSN_SMSW] = gen_smsw;
    t[X86_INSN_INVLPG] = gen_invlpg;
    t[X86_INSN_INVPCID] = gen_invpcid;
    t[X86_INSN_WBINVD] = t[X86_INSN_INVD] = gen_cache_op;
    t[X86_INSN_RDMSR] = t[X86_INSN_WRMSR] = gen_msr;
    t[X86_INSN_RDPMC] = gen_rdpmc;
    t[X86_INSN_XGETBV] = t[X86_INSN_XSETBV] = gen_xcr;
}
