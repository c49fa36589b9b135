/*
 * The emitters: one tcg_gen_* per op of tcg-opc.def, plus the _i forms that
 * take a constant operand. They append to the op list and never fail: once
 * the list overflows, nothing more is appended (see tcg_func_start).
 */
#include "tcg/tcg.h"

#include <assert.h>

#include "tcg/tcg-internal.h"

static void gen_op1(TCGContext *s, TCGOpcode opc, TCGArg a0)
{
    TCGArg a[1] = { a0 };

    tcg_emit_op(s, opc, a);
}

static void gen_op2(TCGContext *s, TCGOpcode opc, TCGArg a0, TCGArg a1)
{
    TCGArg a[2] = { a0, a1 };

    tcg_emit_op(s, opc, a);
}

static void gen_op3(TCGContext *s, TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2)
{
    TCGArg a[3] = { a0, a1, a2 };

    tcg_emit_op(s, opc, a);
}

static void gen_op4(TCGContext *s, TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2, TCGArg a3)
{
    TCGArg a[4] = { a0, a1, a2, a3 };

    tcg_emit_op(s, opc, a);
}

static void gen_op5(TCGContext *s, TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2, TCGArg a3,
                    TCGArg a4)
{
    TCGArg a[5] = { a0, a1, a2, a3, a4 };

    tcg_emit_op(s, opc, a);
}

static void gen_op6(TCGContext *s, TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2, TCGArg a3,
                    TCGArg a4, TCGArg a5)
{
    TCGArg a[6] = { a0, a1, a2, a3, a4, a5 };

    tcg_emit_op(s, opc, a);
}

static void gen_rr32(TCGContext *s, TCGOpcode opc, TCGv_i32 d, TCGv_i32 a)
{
    gen_op2(s, opc, tcgv_i32_arg(d), tcgv_i32_arg(a));
}

static void gen_rrr32(TCGContext *s, TCGOpcode opc, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_op3(s, opc, tcgv_i32_arg(d), tcgv_i32_arg(a), tcgv_i32_arg(b));
}

static void gen_rr64(TCGContext *s, TCGOpcode opc, TCGv_i64 d, TCGv_i64 a)
{
    gen_op2(s, opc, tcgv_i64_arg(d), tcgv_i64_arg(a));
}

static void gen_rrr64(TCGContext *s, TCGOpcode opc, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_op3(s, opc, tcgv_i64_arg(d), tcgv_i64_arg(a), tcgv_i64_arg(b));
}

/* ---- Control flow and bookkeeping ------------------------------------------ */

void tcg_gen_insn_start(TCGContext *s, uint64_t guest_pc, uint64_t extra)
{
    gen_op2(s, TCG_OP_INSN_START, guest_pc, extra);
}

void tcg_gen_set_label(TCGContext *s, TCGLabel l)
{
    gen_op1(s, TCG_OP_SET_LABEL, l.n);
}

void tcg_gen_br(TCGContext *s, TCGLabel l)
{
    gen_op1(s, TCG_OP_BR, l.n);
}

void tcg_gen_goto_tb(TCGContext *s, unsigned slot)
{
    assert(slot < 2);
    gen_op1(s, TCG_OP_GOTO_TB, slot);
}

void tcg_gen_exit_tb(TCGContext *s, uintptr_t val)
{
    gen_op1(s, TCG_OP_EXIT_TB, val);
}

void tcg_gen_goto_ptr(TCGContext *s)
{
    TCGArg none[1] = { 0 };

    tcg_emit_op(s, TCG_OP_GOTO_PTR, none);
}

void tcg_gen_mb(TCGContext *s, unsigned kind)
{
    gen_op1(s, TCG_OP_MB, kind);
}

void tcg_gen_discard_i32(TCGContext *s, TCGv_i32 t)
{
    gen_op1(s, TCG_OP_DISCARD, tcgv_i32_arg(t));
}

void tcg_gen_discard_i64(TCGContext *s, TCGv_i64 t)
{
    gen_op1(s, TCG_OP_DISCARD, tcgv_i64_arg(t));
}

void tcg_gen_call(TCGContext *s, TCGHelper fn, unsigned flags, const TCGv_i64 *ret,
                  unsigned nargs, const TCGv_i64 *args)
{
    TCGArg a[TCG_MAX_OPARGS];

    assert(nargs <= TCG_HELPER_MAX_ARGS);
    a[0] = ret ? tcgv_i64_arg(*ret) : TCG_ARG_NONE;
    for (unsigned i = 0; i < TCG_HELPER_MAX_ARGS; i++)
        a[1 + i] = i < nargs ? tcgv_i64_arg(args[i]) : TCG_ARG_NONE;
    a[7] = (TCGArg)(uintptr_t)fn;
    a[8] = flags;
    a[9] = nargs;
    tcg_emit_op(s, TCG_OP_CALL, a);
}

/* ---- Moves and the constant-operand forms -------------------------------------- */

void tcg_gen_mov_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    if (d.n != a.n)
        gen_rr32(s, TCG_OP_MOV_I32, d, a);
}

void tcg_gen_movi_i32(TCGContext *s, TCGv_i32 d, uint32_t v)
{
    gen_op2(s, TCG_OP_MOVI_I32, tcgv_i32_arg(d), v);
}

void tcg_gen_mov_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    if (d.n != a.n)
        gen_rr64(s, TCG_OP_MOV_I64, d, a);
}

void tcg_gen_movi_i64(TCGContext *s, TCGv_i64 d, uint64_t v)
{
    gen_op2(s, TCG_OP_MOVI_I64, tcgv_i64_arg(d), v);
}

void tcg_gen_addi_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    if (b == 0)
        tcg_gen_mov_i32(s, d, a);
    else
        tcg_gen_add_i32(s, d, a, tcg_constant_i32(s, b));
}

void tcg_gen_subi_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    if (b == 0)
        tcg_gen_mov_i32(s, d, a);
    else
        tcg_gen_sub_i32(s, d, a, tcg_constant_i32(s, b));
}

void tcg_gen_muli_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    if (b == 0)
        tcg_gen_movi_i32(s, d, 0);
    else if (b == 1)
        tcg_gen_mov_i32(s, d, a);
    else
        tcg_gen_mul_i32(s, d, a, tcg_constant_i32(s, b));
}

void tcg_gen_andi_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    if (b == 0)
        tcg_gen_movi_i32(s, d, 0);
    else if (b == UINT32_MAX)
        tcg_gen_mov_i32(s, d, a);
    else
        tcg_gen_and_i32(s, d, a, tcg_constant_i32(s, b));
}

void tcg_gen_ori_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    if (b == 0)
        tcg_gen_mov_i32(s, d, a);
    else if (b == UINT32_MAX)
        tcg_gen_movi_i32(s, d, UINT32_MAX);
    else
        tcg_gen_or_i32(s, d, a, tcg_constant_i32(s, b));
}

void tcg_gen_xori_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    if (b == 0)
        tcg_gen_mov_i32(s, d, a);
    else
        tcg_gen_xor_i32(s, d, a, tcg_constant_i32(s, b));
}

/* Shifts and rotates by a constant: opc is the register form. */
static void gen_shifti32(TCGContext *s, TCGOpcode opc, TCGv_i32 d, TCGv_i32 a, unsigned b)
{
    assert(b < 32);
    if (b == 0)
        tcg_gen_mov_i32(s, d, a);
    else
        gen_rrr32(s, opc, d, a, tcg_constant_i32(s, b));
}

void tcg_gen_shli_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b)
{
    gen_shifti32(s, TCG_OP_SHL_I32, d, a, b);
}

void tcg_gen_shri_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b)
{
    gen_shifti32(s, TCG_OP_SHR_I32, d, a, b);
}

void tcg_gen_sari_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b)
{
    gen_shifti32(s, TCG_OP_SAR_I32, d, a, b);
}

void tcg_gen_rotli_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b)
{
    gen_shifti32(s, TCG_OP_ROTL_I32, d, a, b);
}

void tcg_gen_rotri_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b)
{
    gen_shifti32(s, TCG_OP_ROTR_I32, d, a, b);
}

void tcg_gen_addi_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    if (b == 0)
        tcg_gen_mov_i64(s, d, a);
    else
        tcg_gen_add_i64(s, d, a, tcg_constant_i64(s, b));
}

void tcg_gen_subi_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    if (b == 0)
        tcg_gen_mov_i64(s, d, a);
    else
        tcg_gen_sub_i64(s, d, a, tcg_constant_i64(s, b));
}

void tcg_gen_muli_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    if (b == 0)
        tcg_gen_movi_i64(s, d, 0);
    else if (b == 1)
        tcg_gen_mov_i64(s, d, a);
    else
        tcg_gen_mul_i64(s, d, a, tcg_constant_i64(s, b));
}

void tcg_gen_andi_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    if (b == 0)
        tcg_gen_movi_i64(s, d, 0);
    else if (b == UINT64_MAX)
        tcg_gen_mov_i64(s, d, a);
    else
        tcg_gen_and_i64(s, d, a, tcg_constant_i64(s, b));
}

void tcg_gen_ori_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    if (b == 0)
        tcg_gen_mov_i64(s, d, a);
    else if (b == UINT64_MAX)
        tcg_gen_movi_i64(s, d, UINT64_MAX);
    else
        tcg_gen_or_i64(s, d, a, tcg_constant_i64(s, b));
}

void tcg_gen_xori_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    if (b == 0)
        tcg_gen_mov_i64(s, d, a);
    else
        tcg_gen_xor_i64(s, d, a, tcg_constant_i64(s, b));
}

static void gen_shifti64(TCGContext *s, TCGOpcode opc, TCGv_i64 d, TCGv_i64 a, unsigned b)
{
    assert(b < 64);
    if (b == 0)
        tcg_gen_mov_i64(s, d, a);
    else
        gen_rrr64(s, opc, d, a, tcg_constant_i64(s, b));
}

void tcg_gen_shli_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b)
{
    gen_shifti64(s, TCG_OP_SHL_I64, d, a, b);
}

void tcg_gen_shri_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b)
{
    gen_shifti64(s, TCG_OP_SHR_I64, d, a, b);
}

void tcg_gen_sari_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b)
{
    gen_shifti64(s, TCG_OP_SAR_I64, d, a, b);
}

void tcg_gen_rotli_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b)
{
    gen_shifti64(s, TCG_OP_ROTL_I64, d, a, b);
}

void tcg_gen_rotri_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b)
{
    gen_shifti64(s, TCG_OP_ROTR_I64, d, a, b);
}

/* ---- Bit fields ------------------------------------------------------------------ */

void tcg_gen_deposit_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 base, TCGv_i32 field, unsigned pos,
                         unsigned len)
{
    assert(len >= 1 && pos + len <= 32);
    gen_op5(s, TCG_OP_DEPOSIT_I32, tcgv_i32_arg(d), tcgv_i32_arg(base), tcgv_i32_arg(field),
            pos, len);
}

void tcg_gen_extract_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len)
{
    assert(len >= 1 && pos + len <= 32);
    gen_op4(s, TCG_OP_EXTRACT_I32, tcgv_i32_arg(d), tcgv_i32_arg(a), pos, len);
}

void tcg_gen_sextract_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len)
{
    assert(len >= 1 && pos + len <= 32);
    gen_op4(s, TCG_OP_SEXTRACT_I32, tcgv_i32_arg(d), tcgv_i32_arg(a), pos, len);
}

void tcg_gen_deposit_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 base, TCGv_i64 field, unsigned pos,
                         unsigned len)
{
    assert(len >= 1 && pos + len <= 64);
    gen_op5(s, TCG_OP_DEPOSIT_I64, tcgv_i64_arg(d), tcgv_i64_arg(base), tcgv_i64_arg(field),
            pos, len);
}

void tcg_gen_extract_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len)
{
    assert(len >= 1 && pos + len <= 64);
    gen_op4(s, TCG_OP_EXTRACT_I64, tcgv_i64_arg(d), tcgv_i64_arg(a), pos, len);
}

void tcg_gen_sextract_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len)
{
    assert(len >= 1 && pos + len <= 64);
    gen_op4(s, TCG_OP_SEXTRACT_I64, tcgv_i64_arg(d), tcgv_i64_arg(a), pos, len);
}

/* ---- Conditions -------------------------------------------------------------------- */

void tcg_gen_setcond_i32(TCGContext *s, TCGCond c, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER)
        tcg_gen_movi_i32(s, d, c == TCG_COND_ALWAYS);
    else
        gen_op4(s, TCG_OP_SETCOND_I32, tcgv_i32_arg(d), tcgv_i32_arg(a), tcgv_i32_arg(b), c);
}

void tcg_gen_setcondi_i32(TCGContext *s, TCGCond c, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    tcg_gen_setcond_i32(s, c, d, a, tcg_constant_i32(s, b));
}

void tcg_gen_movcond_i32(TCGContext *s, TCGCond c, TCGv_i32 d, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER)
        tcg_gen_mov_i32(s, d, c == TCG_COND_ALWAYS ? v1 : v2);
    else
        gen_op6(s, TCG_OP_MOVCOND_I32, tcgv_i32_arg(d), tcgv_i32_arg(c1), tcgv_i32_arg(c2),
                tcgv_i32_arg(v1), tcgv_i32_arg(v2), c);
}

void tcg_gen_brcond_i32(TCGContext *s, TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel l)
{
    if (c == TCG_COND_ALWAYS)
        tcg_gen_br(s, l);
    else if (c != TCG_COND_NEVER)
        gen_op4(s, TCG_OP_BRCOND_I32, tcgv_i32_arg(a), tcgv_i32_arg(b), c, l.n);
}

void tcg_gen_brcondi_i32(TCGContext *s, TCGCond c, TCGv_i32 a, uint32_t b, TCGLabel l)
{
    tcg_gen_brcond_i32(s, c, a, tcg_constant_i32(s, b), l);
}

void tcg_gen_setcond_i64(TCGContext *s, TCGCond c, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER)
        tcg_gen_movi_i64(s, d, c == TCG_COND_ALWAYS);
    else
        gen_op4(s, TCG_OP_SETCOND_I64, tcgv_i64_arg(d), tcgv_i64_arg(a), tcgv_i64_arg(b), c);
}

void tcg_gen_setcondi_i64(TCGContext *s, TCGCond c, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    tcg_gen_setcond_i64(s, c, d, a, tcg_constant_i64(s, b));
}

void tcg_gen_movcond_i64(TCGContext *s, TCGCond c, TCGv_i64 d, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER)
        tcg_gen_mov_i64(s, d, c == TCG_COND_ALWAYS ? v1 : v2);
    else
        gen_op6(s, TCG_OP_MOVCOND_I64, tcgv_i64_arg(d), tcgv_i64_arg(c1), tcgv_i64_arg(c2),
                tcgv_i64_arg(v1), tcgv_i64_arg(v2), c);
}

void tcg_gen_brcond_i64(TCGContext *s, TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel l)
{
    if (c == TCG_COND_ALWAYS)
        tcg_gen_br(s, l);
    else if (c != TCG_COND_NEVER)
        gen_op4(s, TCG_OP_BRCOND_I64, tcgv_i64_arg(a), tcgv_i64_arg(b), c, l.n);
}

void tcg_gen_brcondi_i64(TCGContext *s, TCGCond c, TCGv_i64 a, uint64_t b, TCGLabel l)
{
    tcg_gen_brcond_i64(s, c, a, tcg_constant_i64(s, b), l);
}

/* ---- Double-width multiplies ------------------------------------------------------ */

void tcg_gen_mulu2_i32(TCGContext *s, TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a, TCGv_i32 b)
{
    gen_op4(s, TCG_OP_MULU2_I32, tcgv_i32_arg(lo), tcgv_i32_arg(hi), tcgv_i32_arg(a),
            tcgv_i32_arg(b));
}

void tcg_gen_muls2_i32(TCGContext *s, TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a, TCGv_i32 b)
{
    gen_op4(s, TCG_OP_MULS2_I32, tcgv_i32_arg(lo), tcgv_i32_arg(hi), tcgv_i32_arg(a),
            tcgv_i32_arg(b));
}

void tcg_gen_mulu2_i64(TCGContext *s, TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a, TCGv_i64 b)
{
    gen_op4(s, TCG_OP_MULU2_I64, tcgv_i64_arg(lo), tcgv_i64_arg(hi), tcgv_i64_arg(a),
            tcgv_i64_arg(b));
}

void tcg_gen_muls2_i64(TCGContext *s, TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a, TCGv_i64 b)
{
    gen_op4(s, TCG_OP_MULS2_I64, tcgv_i64_arg(lo), tcgv_i64_arg(hi), tcgv_i64_arg(a),
            tcgv_i64_arg(b));
}

/* ---- Between sizes ------------------------------------------------------------------ */

void tcg_gen_extu_i32_i64(TCGContext *s, TCGv_i64 d, TCGv_i32 a)
{
    gen_op2(s, TCG_OP_EXTU_I32_I64, tcgv_i64_arg(d), tcgv_i32_arg(a));
}

void tcg_gen_ext_i32_i64(TCGContext *s, TCGv_i64 d, TCGv_i32 a)
{
    gen_op2(s, TCG_OP_EXT_I32_I64, tcgv_i64_arg(d), tcgv_i32_arg(a));
}

void tcg_gen_extrl_i64_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 a)
{
    gen_op2(s, TCG_OP_EXTRL_I64_I32, tcgv_i32_arg(d), tcgv_i64_arg(a));
}

void tcg_gen_extrh_i64_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 a)
{
    gen_op2(s, TCG_OP_EXTRH_I64_I32, tcgv_i32_arg(d), tcgv_i64_arg(a));
}

/* ---- Host and guest memory ---------------------------------------------------------- */

/* Offsets are kept sign-extended: (int32_t)arg gives them back. */
void tcg_gen_ld_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 base, int32_t off, MemOp op)
{
    gen_op4(s, TCG_OP_LD_I64, tcgv_i64_arg(d), tcgv_i64_arg(base), (TCGArg)(int64_t)off, op);
}

void tcg_gen_st_i64(TCGContext *s, TCGv_i64 v, TCGv_i64 base, int32_t off, MemOp op)
{
    gen_op4(s, TCG_OP_ST_I64, tcgv_i64_arg(v), tcgv_i64_arg(base), (TCGArg)(int64_t)off, op);
}

void tcg_gen_ld_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 base, int32_t off, MemOp op)
{
    assert((op & MO_SIZE) <= MO_32);
    gen_op4(s, TCG_OP_LD_I32, tcgv_i32_arg(d), tcgv_i64_arg(base), (TCGArg)(int64_t)off, op);
}

void tcg_gen_st_i32(TCGContext *s, TCGv_i32 v, TCGv_i64 base, int32_t off, MemOp op)
{
    assert((op & MO_SIZE) <= MO_32);
    gen_op4(s, TCG_OP_ST_I32, tcgv_i32_arg(v), tcgv_i64_arg(base), (TCGArg)(int64_t)off, op);
}

void tcg_gen_guest_ld_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 addr, MemOpIdx oi)
{
    gen_op3(s, TCG_OP_GUEST_LD_I64, tcgv_i64_arg(d), tcgv_i64_arg(addr), oi);
}

void tcg_gen_guest_st_i64(TCGContext *s, TCGv_i64 v, TCGv_i64 addr, MemOpIdx oi)
{
    gen_op3(s, TCG_OP_GUEST_ST_I64, tcgv_i64_arg(v), tcgv_i64_arg(addr), oi);
}

void tcg_gen_guest_ld_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 addr, MemOpIdx oi)
{
    assert((get_memop(oi) & MO_SIZE) <= MO_32);
    gen_op3(s, TCG_OP_GUEST_LD_I32, tcgv_i32_arg(d), tcgv_i64_arg(addr), oi);
}

void tcg_gen_guest_st_i32(TCGContext *s, TCGv_i32 v, TCGv_i64 addr, MemOpIdx oi)
{
    assert((get_memop(oi) & MO_SIZE) <= MO_32);
    gen_op3(s, TCG_OP_GUEST_ST_I32, tcgv_i32_arg(v), tcgv_i64_arg(addr), oi);
}

/* ---- 32-bit: plain ops --------------------------------------------------- */

void tcg_gen_add_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_ADD_I32, d, a, b);
}

void tcg_gen_sub_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_SUB_I32, d, a, b);
}

void tcg_gen_mul_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_MUL_I32, d, a, b);
}

void tcg_gen_divs_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_DIVS_I32, d, a, b);
}

void tcg_gen_divu_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_DIVU_I32, d, a, b);
}

void tcg_gen_rems_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_REMS_I32, d, a, b);
}

void tcg_gen_remu_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_REMU_I32, d, a, b);
}

void tcg_gen_and_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_AND_I32, d, a, b);
}

void tcg_gen_or_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_OR_I32, d, a, b);
}

void tcg_gen_xor_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_XOR_I32, d, a, b);
}

void tcg_gen_andc_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_ANDC_I32, d, a, b);
}

void tcg_gen_shl_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_SHL_I32, d, a, b);
}

void tcg_gen_shr_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_SHR_I32, d, a, b);
}

void tcg_gen_sar_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_SAR_I32, d, a, b);
}

void tcg_gen_rotl_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_ROTL_I32, d, a, b);
}

void tcg_gen_rotr_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_rrr32(s, TCG_OP_ROTR_I32, d, a, b);
}

void tcg_gen_clz_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 if_zero)
{
    gen_rrr32(s, TCG_OP_CLZ_I32, d, a, if_zero);
}

void tcg_gen_ctz_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 if_zero)
{
    gen_rrr32(s, TCG_OP_CTZ_I32, d, a, if_zero);
}

void tcg_gen_neg_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_NEG_I32, d, a);
}

void tcg_gen_not_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_NOT_I32, d, a);
}

void tcg_gen_ext8s_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_EXT8S_I32, d, a);
}

void tcg_gen_ext8u_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_EXT8U_I32, d, a);
}

void tcg_gen_ext16s_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_EXT16S_I32, d, a);
}

void tcg_gen_ext16u_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_EXT16U_I32, d, a);
}

void tcg_gen_bswap16_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_BSWAP16_I32, d, a);
}

void tcg_gen_bswap32_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_BSWAP32_I32, d, a);
}

void tcg_gen_ctpop_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a)
{
    gen_rr32(s, TCG_OP_CTPOP_I32, d, a);
}

/* ---- 64-bit: plain ops --------------------------------------------------- */

void tcg_gen_add_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_ADD_I64, d, a, b);
}

void tcg_gen_sub_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_SUB_I64, d, a, b);
}

void tcg_gen_mul_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_MUL_I64, d, a, b);
}

void tcg_gen_divs_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_DIVS_I64, d, a, b);
}

void tcg_gen_divu_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_DIVU_I64, d, a, b);
}

void tcg_gen_rems_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_REMS_I64, d, a, b);
}

void tcg_gen_remu_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_REMU_I64, d, a, b);
}

void tcg_gen_and_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_AND_I64, d, a, b);
}

void tcg_gen_or_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_OR_I64, d, a, b);
}

void tcg_gen_xor_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_XOR_I64, d, a, b);
}

void tcg_gen_andc_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_ANDC_I64, d, a, b);
}

void tcg_gen_shl_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_SHL_I64, d, a, b);
}

void tcg_gen_shr_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_SHR_I64, d, a, b);
}

void tcg_gen_sar_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_SAR_I64, d, a, b);
}

void tcg_gen_rotl_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_ROTL_I64, d, a, b);
}

void tcg_gen_rotr_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_rrr64(s, TCG_OP_ROTR_I64, d, a, b);
}

void tcg_gen_clz_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 if_zero)
{
    gen_rrr64(s, TCG_OP_CLZ_I64, d, a, if_zero);
}

void tcg_gen_ctz_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 if_zero)
{
    gen_rrr64(s, TCG_OP_CTZ_I64, d, a, if_zero);
}

void tcg_gen_neg_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_NEG_I64, d, a);
}

void tcg_gen_not_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_NOT_I64, d, a);
}

void tcg_gen_ext8s_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_EXT8S_I64, d, a);
}

void tcg_gen_ext8u_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_EXT8U_I64, d, a);
}

void tcg_gen_ext16s_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_EXT16S_I64, d, a);
}

void tcg_gen_ext16u_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_EXT16U_I64, d, a);
}

void tcg_gen_bswap16_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_BSWAP16_I64, d, a);
}

void tcg_gen_bswap32_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_BSWAP32_I64, d, a);
}

void tcg_gen_ctpop_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_CTPOP_I64, d, a);
}

void tcg_gen_ext32s_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_EXT32S_I64, d, a);
}

void tcg_gen_ext32u_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_EXT32U_I64, d, a);
}

void tcg_gen_bswap64_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a)
{
    gen_rr64(s, TCG_OP_BSWAP64_I64, d, a);
}
