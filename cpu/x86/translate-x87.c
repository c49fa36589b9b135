/*
 * Semantics of the x87 FPU instructions (SDM Vol.2, D8-DF and 9B). The work
 * is done by helpers (helper-x87.c), which keep the stack bookkeeping in one
 * place; an emitter here checks #NM and the pending #MF, computes the memory
 * operand's address (or loads it, when it is 1-8 bytes) and picks the helper.
 */
#include "cpu/x86/helper-x87.h"
#include "cpu/x86/excp.h"
#include "cpu/x86/translate.h"

#define S (dc->s)

static TCGv_i64 K(DisasContext *dc, uint64_t v) { return tcg_constant_i64(S, v); }

/* #MF when an unmasked exception is pending (FSW.ES): the check of a
 * waiting instruction, before it does anything (SDM Vol.1 8.6). */
static void gen_check_mf(DisasContext *dc)
{
    TCGv_i64 t = tcg_temp_new_i64(S);
    TCGLabel ok = gen_new_label(S);

    tcg_gen_ld_i64(S, t, tcg_env(), ENV_OFFSET(fpus), MO_16);
    tcg_gen_andi_i64(S, t, t, 0x80);
    tcg_gen_brcondi_i64(S, TCG_COND_EQ, t, 0, ok);
    gen_helper(dc, (TCGHelper)helper_raise_exception, TCG_CALL_NO_RETURN, NULL, 1, K(dc, EXCP_MF));
    tcg_gen_set_label(S, ok);
}

/*
 * Every x87 instruction: #NM when CR0.EM or CR0.TS is set (SDM Vol.3 2.5);
 * then, for the waiting ones (all but FNINIT, FNCLEX, FNSTSW, FNSTCW,
 * FNSTENV, FNSAVE), the pending #MF. Returns false when it ends in #NM.
 */
static bool gen_x87_start(DisasContext *dc, bool wait)
{
    if (dc->flags & (HF_EM | HF_TS)) {
        gen_exception(dc, EXCP_NM);
        return false;
    }
    if (wait)
        gen_check_mf(dc);
    return true;
}

static bool is_mem(DisasContext *dc) { return dc->d.op[0].type == X86_OT_MEM; }

static TCGv_i64 addr(DisasContext *dc)
{
    if (!dc->a0_valid)
        gen_lea(dc);
    return dc->A0;
}

/* ---- Arithmetic --------------------------------------------------------------- */

static unsigned arith_op(unsigned insn)
{
    switch (insn) {
    case X86_INSN_FADD: case X86_INSN_FADDP: case X86_INSN_FIADD: return X87_ADD;
    case X86_INSN_FMUL: case X86_INSN_FMULP: case X86_INSN_FIMUL: return X87_MUL;
    case X86_INSN_FSUB: case X86_INSN_FSUBP: case X86_INSN_FISUB: return X87_SUB;
    case X86_INSN_FSUBR: case X86_INSN_FSUBRP: case X86_INSN_FISUBR: return X87_SUBR;
    case X86_INSN_FDIV: case X86_INSN_FDIVP: case X86_INSN_FIDIV: return X87_DIV;
    default: return X87_DIVR;
    }
}

/* FADD..FDIVR (m32fp, m64fp, ST(0),ST(i), ST(i),ST(0)), the P forms, FIADD..FIDIVR. */
static void gen_farith(DisasContext *dc)
{
    unsigned insn = dc->d.insn, op = arith_op(insn);
    bool pop = insn == X86_INSN_FADDP || insn == X86_INSN_FMULP || insn == X86_INSN_FSUBP ||
               insn == X86_INSN_FSUBRP || insn == X86_INSN_FDIVP || insn == X86_INSN_FDIVRP;
    bool integer = insn == X86_INSN_FIADD || insn == X86_INSN_FIMUL || insn == X86_INSN_FISUB ||
                   insn == X86_INSN_FISUBR || insn == X86_INSN_FIDIV || insn == X86_INSN_FIDIVR;

    if (!gen_x87_start(dc, true))
        return;
    if (is_mem(dc)) {
        unsigned size = dc->d.op[0].size;
        unsigned kind = integer ? (size == 2 ? X87_M16INT : X87_M32INT)
                                : (size == 4 ? X87_M32FP : X87_M64FP);

        gen_op_load(dc, 0, dc->T0);
        gen_helper(dc, (TCGHelper)helper_farith_m, 0, NULL, 3, K(dc, op), dc->T0, K(dc, kind));
        return;
    }
    gen_helper(dc, (TCGHelper)helper_farith_st, 0, NULL, 4, K(dc, op), K(dc, dc->d.op[0].reg),
               K(dc, dc->d.op[1].reg), K(dc, pop));
}

/* ---- Compares ------------------------------------------------------------------ */

static void gen_fcom(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    bool pop = insn == X86_INSN_FCOMP || insn == X86_INSN_FICOMP || insn == X86_INSN_FUCOMP;
    bool quiet = insn == X86_INSN_FUCOM || insn == X86_INSN_FUCOMP || insn == X86_INSN_FUCOMPP;
    unsigned mode = (quiet ? X87_CMP_QUIET : 0) | (pop ? X87_CMP_POP1 : 0);
    unsigned i = 1;

    if (!gen_x87_start(dc, true))
        return;
    if (insn == X86_INSN_FCOMPP || insn == X86_INSN_FUCOMPP) {
        mode |= X87_CMP_POP2;
    } else if (is_mem(dc)) {
        unsigned size = dc->d.op[0].size;
        bool integer = insn == X86_INSN_FICOM || insn == X86_INSN_FICOMP;
        unsigned kind = integer ? (size == 2 ? X87_M16INT : X87_M32INT)
                                : (size == 4 ? X87_M32FP : X87_M64FP);

        gen_op_load(dc, 0, dc->T0);
        gen_helper(dc, (TCGHelper)helper_fcom_m, 0, NULL, 3, dc->T0, K(dc, kind), K(dc, pop));
        return;
    } else {
        /* FCOM ST(i) rows name ST(0),ST(i); FUCOM rows name only ST(i). */
        i = dc->d.op[dc->d.nops - 1].reg;
    }
    gen_helper(dc, (TCGHelper)helper_fcom_st, 0, NULL, 2, K(dc, i), K(dc, mode));
}

/* FCOMI FCOMIP FUCOMI FUCOMIP: ZF PF CF, and OF SF AF cleared. */
static void gen_fcomi(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    unsigned mode = (insn == X86_INSN_FUCOMI || insn == X86_INSN_FUCOMIP ? X87_CMP_QUIET : 0) |
                    (insn == X86_INSN_FCOMIP || insn == X86_INSN_FUCOMIP ? X87_CMP_POP1 : 0);

    if (!gen_x87_start(dc, true))
        return;
    gen_compute_eflags(dc, dc->T1);
    gen_helper(dc, (TCGHelper)helper_fcomi, 0, &dc->T0, 3, K(dc, dc->d.op[1].reg), K(dc, mode),
               dc->T1);
    tcg_gen_mov_i64(S, cpu_cc_src, dc->T0);
    set_cc_op(dc, CC_OP_EFLAGS);
}

/* ---- Loads and stores ------------------------------------------------------------ */

static void gen_fld(DisasContext *dc)
{
    unsigned insn = dc->d.insn;

    if (!gen_x87_start(dc, true))
        return;
    if (!is_mem(dc)) {
        gen_helper(dc, (TCGHelper)helper_fld_st, 0, NULL, 1, K(dc, dc->d.op[0].reg));
        return;
    }
    if (insn == X86_INSN_FBLD || dc->d.op[0].size == 10) {
        gen_helper(dc, (TCGHelper)helper_fld_mem, 0, NULL, 3, addr(dc), K(dc, mem_flags(dc)),
                   K(dc, insn == X86_INSN_FBLD ? X87_M80BCD : X87_M80FP));
        return;
    }
    unsigned size = dc->d.op[0].size, kind;

    if (insn == X86_INSN_FILD)
        kind = size == 2 ? X87_M16INT : size == 4 ? X87_M32INT : X87_M64INT;
    else
        kind = size == 4 ? X87_M32FP : X87_M64FP;
    gen_op_load(dc, 0, dc->T0);
    gen_helper(dc, (TCGHelper)helper_fld_m, 0, NULL, 2, dc->T0, K(dc, kind));
}

static void gen_fst(DisasContext *dc)
{
    unsigned insn = dc->d.insn, size = dc->d.op[0].size, kind;
    bool pop = insn == X86_INSN_FSTP || insn == X86_INSN_FISTP || insn == X86_INSN_FISTTP ||
               insn == X86_INSN_FBSTP;

    if (!gen_x87_start(dc, true))
        return;
    if (!is_mem(dc)) {
        gen_helper(dc, (TCGHelper)helper_fst_st, 0, NULL, 2, K(dc, dc->d.op[0].reg), K(dc, pop));
        return;
    }
    switch (insn) {
    case X86_INSN_FIST: case X86_INSN_FISTP:
        kind = size == 2 ? X87_M16INT : size == 4 ? X87_M32INT : X87_M64INT;
        break;
    case X86_INSN_FISTTP:
        kind = size == 2 ? X87_M16INT_T : size == 4 ? X87_M32INT_T : X87_M64INT_T;
        break;
    case X86_INSN_FBSTP:
        kind = X87_M80BCD;
        break;
    default:
        kind = size == 4 ? X87_M32FP : size == 8 ? X87_M64FP : X87_M80FP;
        break;
    }
    gen_helper(dc, (TCGHelper)helper_fst_mem, 0, NULL, 4, addr(dc), K(dc, mem_flags(dc)),
               K(dc, kind), K(dc, pop));
}

static void gen_fldconst(DisasContext *dc)
{
    unsigned c;

    switch (dc->d.insn) {
    case X86_INSN_FLDPI: c = FLOATX87_CONST_PI; break;
    case X86_INSN_FLDL2T: c = FLOATX87_CONST_L2T; break;
    case X86_INSN_FLDL2E: c = FLOATX87_CONST_L2E; break;
    case X86_INSN_FLDLG2: c = FLOATX87_CONST_LG2; break;
    case X86_INSN_FLDLN2: c = FLOATX87_CONST_LN2; break;
    case X86_INSN_FLD1: c = 5; break;
    default: c = 6; break;
    }
    if (gen_x87_start(dc, true))
        gen_helper(dc, (TCGHelper)helper_fldconst, 0, NULL, 1, K(dc, c));
}

/* ---- Register moves and the stack ---------------------------------------------- */

static void gen_fxch(DisasContext *dc)
{
    if (gen_x87_start(dc, true))
        gen_helper(dc, (TCGHelper)helper_fxch, 0, NULL, 1, K(dc, dc->d.op[0].reg));
}

/* FCMOVcc: the EFLAGS condition in Jcc encoding (B E BE U, then negated). */
static void gen_fcmov(DisasContext *dc)
{
    static const uint8_t cc[] = {
        [0] = 2, [1] = 4, [2] = 6, [3] = 10,        /* B E BE U(P) */
    };
    unsigned insn = dc->d.insn, n;

    switch (insn) {
    case X86_INSN_FCMOVB: n = cc[0]; break;
    case X86_INSN_FCMOVE: n = cc[1]; break;
    case X86_INSN_FCMOVBE: n = cc[2]; break;
    case X86_INSN_FCMOVU: n = cc[3]; break;
    case X86_INSN_FCMOVNB: n = cc[0] | 1; break;
    case X86_INSN_FCMOVNE: n = cc[1] | 1; break;
    case X86_INSN_FCMOVNBE: n = cc[2] | 1; break;
    default: n = cc[3] | 1; break;
    }
    if (!gen_x87_start(dc, true))
        return;
    gen_setcc(dc, (int)n, dc->T0);
    gen_helper(dc, (TCGHelper)helper_fcmov, 0, NULL, 2, K(dc, dc->d.op[1].reg), dc->T0);
}

static void gen_ffree(DisasContext *dc)
{
    if (gen_x87_start(dc, true))
        gen_helper(dc, (TCGHelper)helper_ffree, 0, NULL, 2, K(dc, dc->d.op[0].reg),
                   K(dc, dc->d.insn == X86_INSN_FFREEP));
}

/* The operations without operands: on the stack top, or control. */
static void gen_fop(DisasContext *dc)
{
    unsigned op;
    bool wait = true;

    switch (dc->d.insn) {
    case X86_INSN_FCHS: op = X87_CHS; break;
    case X86_INSN_FABS: op = X87_ABS; break;
    case X86_INSN_FSQRT: op = X87_SQRT; break;
    case X86_INSN_FRNDINT: op = X87_RNDINT; break;
    case X86_INSN_F2XM1: op = X87_F2XM1; break;
    case X86_INSN_FTST: op = X87_TST; break;
    case X86_INSN_FXAM: op = X87_XAM; break;
    case X86_INSN_FSCALE: op = X87_SCALE; break;
    case X86_INSN_FPREM: op = X87_PREM; break;
    case X86_INSN_FPREM1: op = X87_PREM1; break;
    case X86_INSN_FYL2X: op = X87_YL2X; break;
    case X86_INSN_FYL2XP1: op = X87_YL2XP1; break;
    case X86_INSN_FPATAN: op = X87_PATAN; break;
    case X86_INSN_FXTRACT: op = X87_XTRACT; break;
    case X86_INSN_FSIN: op = X87_SIN; break;
    case X86_INSN_FCOS: op = X87_COS; break;
    case X86_INSN_FSINCOS: op = X87_SINCOS; break;
    case X86_INSN_FPTAN: op = X87_PTAN; break;
    case X86_INSN_FINCSTP: op = X87_INCSTP; break;
    case X86_INSN_FDECSTP: op = X87_DECSTP; break;
    case X86_INSN_FNCLEX: op = X87_CLEX; wait = false; break;
    default: op = X87_INIT; wait = false; break;
    }
    if (gen_x87_start(dc, wait))
        gen_helper(dc, (TCGHelper)helper_fop, 0, NULL, 1, K(dc, op));
}

/* FNOP, FWAIT (#NM only with CR0.MP and TS), and the 8087/80287 leftovers
 * FNENI FNDISI FNSETPM, which are no-ops that do not wait. */
static void gen_fnop(DisasContext *dc)
{
    unsigned insn = dc->d.insn;

    if (insn == X86_INSN_FWAIT) {
        if ((dc->flags & (HF_MP | HF_TS)) == (HF_MP | HF_TS))
            gen_exception(dc, EXCP_NM);
        else
            gen_check_mf(dc);
        return;
    }
    gen_x87_start(dc, insn == X86_INSN_FNOP);
}

/* ---- Control -------------------------------------------------------------------- */

static void gen_fnstsw(DisasContext *dc)
{
    if (!gen_x87_start(dc, false))
        return;
    gen_helper(dc, (TCGHelper)helper_fnstsw, TCG_CALL_NO_WRITE_GLOBALS, &dc->T0, 0);
    gen_op_store(dc, 0, dc->T0);
}

static void gen_fnstcw(DisasContext *dc)
{
    if (!gen_x87_start(dc, false))
        return;
    tcg_gen_ld_i64(S, dc->T0, tcg_env(), ENV_OFFSET(fpuc), MO_16);
    gen_op_store(dc, 0, dc->T0);
}

static void gen_fldcw(DisasContext *dc)
{
    if (!gen_x87_start(dc, true))
        return;
    gen_op_load(dc, 0, dc->T0);
    gen_helper(dc, (TCGHelper)helper_fldcw, 0, NULL, 1, dc->T0);
}

/* FNSTENV FLDENV FNSAVE FRSTOR: 14/28 or 94/108 bytes by operand size. */
static void gen_fenv(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    TCGHelper fn;

    switch (insn) {
    case X86_INSN_FNSTENV: fn = (TCGHelper)helper_fnstenv; break;
    case X86_INSN_FLDENV: fn = (TCGHelper)helper_fldenv; break;
    case X86_INSN_FNSAVE: fn = (TCGHelper)helper_fnsave; break;
    default: fn = (TCGHelper)helper_frstor; break;
    }
    if (!gen_x87_start(dc, insn == X86_INSN_FLDENV || insn == X86_INSN_FRSTOR))
        return;
    gen_helper(dc, fn, 0, NULL, 3, addr(dc), K(dc, mem_flags(dc)),
               K(dc, dc->d.opsize == 2 ? 2 : 4));
}

void x86_gen_table_x87(X86Gen **t)
{
    t[X86_INSN_FADD] = t[X86_INSN_FMUL] = t[X86_INSN_FSUB] = t[X86_INSN_FSUBR] = gen_farith;
    t[X86_INSN_FDIV] = t[X86_INSN_FDIVR] = gen_farith;
    t[X86_INSN_FADDP] = t[X86_INSN_FMULP] = t[X86_INSN_FSUBP] = t[X86_INSN_FSUBRP] = gen_farith;
    t[X86_INSN_FDIVP] = t[X86_INSN_FDIVRP] = gen_farith;
    t[X86_INSN_FIADD] = t[X86_INSN_FIMUL] = t[X86_INSN_FISUB] = t[X86_INSN_FISUBR] = gen_farith;
    t[X86_INSN_FIDIV] = t[X86_INSN_FIDIVR] = gen_farith;
    t[X86_INSN_FCOM] = t[X86_INSN_FCOMP] = t[X86_INSN_FCOMPP] = gen_fcom;
    t[X86_INSN_FUCOM] = t[X86_INSN_FUCOMP] = t[X86_INSN_FUCOMPP] = gen_fcom;
    t[X86_INSN_FICOM] = t[X86_INSN_FICOMP] = gen_fcom;
    t[X86_INSN_FCOMI] = t[X86_INSN_FCOMIP] = t[X86_INSN_FUCOMI] = t[X86_INSN_FUCOMIP] = gen_fcomi;
    t[X86_INSN_FLD] = t[X86_INSN_FILD] = t[X86_INSN_FBLD] = gen_fld;
    t[X86_INSN_FST] = t[X86_INSN_FSTP] = t[X86_INSN_FIST] = t[X86_INSN_FISTP] = gen_fst;
    t[X86_INSN_FISTTP] = t[X86_INSN_FBSTP] = gen_fst;
    t[X86_INSN_FLD1] = t[X86_INSN_FLDZ] = t[X86_INSN_FLDPI] = t[X86_INSN_FLDL2T] = gen_fldconst;
    t[X86_INSN_FLDL2E] = t[X86_INSN_FLDLG2] = t[X86_INSN_FLDLN2] = gen_fldconst;
    t[X86_INSN_FXCH] = gen_fxch;
    t[X86_INSN_FCMOVB] = t[X86_INSN_FCMOVE] = t[X86_INSN_FCMOVBE] = t[X86_INSN_FCMOVU] = gen_fcmov;
    t[X86_INSN_FCMOVNB] = t[X86_INSN_FCMOVNE] = gen_fcmov;
    t[X86_INSN_FCMOVNBE] = t[X86_INSN_FCMOVNU] = gen_fcmov;
    t[X86_INSN_FFREE] = t[X86_INSN_FFREEP] = gen_ffree;
    t[X86_INSN_FCHS] = t[X86_INSN_FABS] = t[X86_INSN_FSQRT] = t[X86_INSN_FRNDINT] = gen_fop;
    t[X86_INSN_F2XM1] = t[X86_INSN_FTST] = t[X86_INSN_FXAM] = t[X86_INSN_FSCALE] = gen_fop;
    t[X86_INSN_FPREM] = t[X86_INSN_FPREM1] = t[X86_INSN_FYL2X] = t[X86_INSN_FYL2XP1] = gen_fop;
    t[X86_INSN_FPATAN] = t[X86_INSN_FXTRACT] = t[X86_INSN_FSIN] = t[X86_INSN_FCOS] = gen_fop;
    t[X86_INSN_FSINCOS] = t[X86_INSN_FPTAN] = t[X86_INSN_FINCSTP] = t[X86_INSN_FDECSTP] = gen_fop;
    t[X86_INSN_FNCLEX] = t[X86_INSN_FNINIT] = gen_fop;
    t[X86_INSN_FNOP] = t[X86_INSN_FWAIT] = gen_fnop;
    t[X86_INSN_FNENI] = t[X86_INSN_FNDISI] = t[X86_INSN_FNSETPM] = gen_fnop;
    t[X86_INSN_FNSTSW] = gen_fnstsw;
    t[X86_INSN_FNSTCW] = gen_fnstcw;
    t[X86_INSN_FLDCW] = gen_fldcw;
    t[X86_INSN_FNSTENV] = t[X86_INSN_FLDENV] = t[X86_INSN_FNSAVE] = t[X86_INSN_FRSTOR] = gen_fenv;
}
