/*
 * Semantics of MMX, SSE, SSE2, SSE3, SSSE3, SSE4.1, AES-NI and PCLMULQDQ
 * (legacy encodings; VEX forms #UD until AVX).
 *
 * Moves are inline IR on the 64-bit lanes; everything element-wise is one
 * call to helper_sse_int or helper_sse_fp (helper-sse.c) with the identity
 * and the env offsets of the operands. A memory source is first read into
 * the scratch register env->xmm_t0, so a fault leaves every register as it
 * was; a memory destination is probed before the first store.
 *
 * MMX registers alias the x87 significands (SDM Vol.1 9.5): any instruction
 * touching one sets TOP = 0 and every tag valid, and a write sets the
 * register's sign/exponent to all ones.
 */
#include <stddef.h>

#include "cpu/x86/helper-sse.h"
#include "cpu/x86/helper-xsave.h"
#include "cpu/x86/translate.h"
#include "cpu/x86/excp.h"

#define S (dc->s)

_Static_assert(offsetof(CPUX86State, fptags) % 8 == 0, "fptags written as one 64-bit store");

static int32_t xmm_off(unsigned r) { return ENV_OFFSET(xmm) + (int32_t)(r * sizeof(YMMReg)); }
static int32_t mmx_off(unsigned r)
{
    return ENV_OFFSET(fpregs) + (int32_t)(r * sizeof(floatx80) + offsetof(floatx80, mant));
}
static int32_t mmx_se_off(unsigned r)
{
    return ENV_OFFSET(fpregs) + (int32_t)(r * sizeof(floatx80) + offsetof(floatx80, sign_exp));
}

static const X86Operand *opnd(DisasContext *dc, unsigned i) { return &dc->d.op[i]; }

static bool any_type(DisasContext *dc, unsigned type)
{
    for (unsigned i = 0; i < dc->d.nops; i++)
        if (dc->d.op[i].type == type)
            return true;
    return false;
}

/*
 * CR0.EM: #UD; CR4.OSFXSR clear: #UD for what touches XMM state; CR0.TS:
 * #NM (SDM Vol.3 13.1, table 13-1). No VEX forms yet.
 */
static bool sse_check(DisasContext *dc, bool xmm_state)
{
    if ((dc->d.prefix & X86_PREFIX_VEX) || (dc->flags & HF_EM) ||
        (xmm_state && !(dc->flags & HF_OSFXSR))) {
        gen_exception(dc, EXCP_UD);
        return false;
    }
    if (dc->flags & HF_TS) {
        gen_exception(dc, EXCP_NM);
        return false;
    }
    return true;
}

static bool check(DisasContext *dc)
{
    return sse_check(dc, any_type(dc, X86_OT_XMM));
}

/* The x87 to MMX transition: TOP = 0, all tags valid. */
static void gen_mmx_enter(DisasContext *dc)
{
    tcg_gen_st_i64(S, tcg_constant_i64(S, 0), tcg_env(), ENV_OFFSET(fpstt), MO_32);
    tcg_gen_st_i64(S, tcg_constant_i64(S, 0), tcg_env(), ENV_OFFSET(fptags), MO_64);
}

/* After writing MMX register r's significand. */
static void gen_mmx_written(DisasContext *dc, unsigned r)
{
    tcg_gen_st_i64(S, tcg_constant_i64(S, 0xffff), tcg_env(), mmx_se_off(r), MO_16);
}

/* Legacy SSE 16-byte memory operands must be aligned, but for the forms
 * named unaligned (SDM Vol.1 11.4.1.1, and the SSE4.2 string compares). */
static bool needs_align(DisasContext *dc)
{
    switch (dc->d.insn) {
    case X86_INSN_MOVUPS: case X86_INSN_MOVUPD: case X86_INSN_MOVDQU: case X86_INSN_LDDQU:
    case X86_INSN_PCMPESTRI: case X86_INSN_PCMPESTRM: case X86_INSN_PCMPISTRI: case X86_INSN_PCMPISTRM:
        return false;
    default:
        return true;
    }
}

static void gen_addr(DisasContext *dc, unsigned size)
{
    if (!dc->a0_valid)
        gen_lea(dc);
    if (size == 16 && needs_align(dc)) {
        TCGLabel ok = gen_new_label(S);
        TCGv_i64 t = tcg_temp_new_i64(S);

        tcg_gen_andi_i64(S, t, dc->A0, 15);
        tcg_gen_brcondi_i64(S, TCG_COND_EQ, t, 0, ok);
        gen_helper(dc, (TCGHelper)helper_raise_exception_err, TCG_CALL_NO_RETURN, NULL, 2,
                   tcg_constant_i64(S, EXCP_GP), tcg_constant_i64(S, 0));
        tcg_gen_set_label(S, ok);
    }
}

/* Memory operand of size bytes (1-16) into lo/hi, zero-extended. */
static void gen_ld_mem(DisasContext *dc, unsigned size, TCGv_i64 lo, TCGv_i64 hi)
{
    gen_addr(dc, size);
    if (size == 16) {
        TCGv_i64 a = tcg_temp_new_i64(S);
        gen_ld(dc, MO_64 | mem_flags(dc), lo, dc->A0);
        tcg_gen_addi_i64(S, a, dc->A0, 8);
        gen_ld(dc, MO_64 | mem_flags(dc), hi, a);
    } else {
        gen_ld(dc, ot_of(size) | mem_flags(dc), lo, dc->A0);
        tcg_gen_movi_i64(S, hi, 0);
    }
}

/* Store size bytes (4, 8 or 16) of lo/hi. A 16-byte store probes its low
 * half for writing, then stores the high one: a fault on either half writes
 * nothing and reports the lowest faulting address, as the hardware does. */
static void gen_st_mem(DisasContext *dc, unsigned size, TCGv_i64 lo, TCGv_i64 hi)
{
    gen_addr(dc, size);
    if (size == 16) {
        TCGv_i64 a = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);
        tcg_gen_addi_i64(S, a, dc->A0, 8);
        gen_ld(dc, MO_64 | MO_RMW | mem_flags(dc), t, dc->A0);
        gen_st(dc, MO_64 | mem_flags(dc), hi, a);
        gen_st(dc, MO_64 | mem_flags(dc), lo, dc->A0);
    } else {
        gen_st(dc, ot_of(size) | mem_flags(dc), lo, dc->A0);
    }
}

/* Operand i (a vector register or memory) as two lanes. */
static void gen_ld_vec(DisasContext *dc, unsigned i, TCGv_i64 lo, TCGv_i64 hi)
{
    const X86Operand *op = opnd(dc, i);

    switch (op->type) {
    case X86_OT_XMM:
        tcg_gen_ld_i64(S, lo, tcg_env(), xmm_off(op->reg), MO_64);
        tcg_gen_ld_i64(S, hi, tcg_env(), xmm_off(op->reg) + 8, MO_64);
        break;
    case X86_OT_MMX:
        tcg_gen_ld_i64(S, lo, tcg_env(), mmx_off(op->reg), MO_64);
        tcg_gen_movi_i64(S, hi, 0);
        break;
    case X86_OT_MEM:
        gen_ld_mem(dc, op->size, lo, hi);
        break;
    default:
        gen_op_load(dc, i, lo);
        tcg_gen_movi_i64(S, hi, 0);
        break;
    }
}

/*
 * The env offset of source operand i: its register, or (memory, a GPR, an
 * immediate) its value zero-extended into the scratch register xmm_t0.
 */
static int32_t gen_vec_src(DisasContext *dc, unsigned i)
{
    const X86Operand *op = opnd(dc, i);
    int32_t t0 = ENV_OFFSET(xmm_t0);
    TCGv_i64 lo = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S);

    if (op->type == X86_OT_XMM)
        return xmm_off(op->reg);
    if (op->type == X86_OT_MMX)
        return mmx_off(op->reg);
    if (op->type == X86_OT_IMM)
        tcg_gen_movi_i64(S, lo, (uint8_t)dc->d.imm), tcg_gen_movi_i64(S, hi, 0);
    else
        gen_ld_vec(dc, i, lo, hi);
    tcg_gen_st_i64(S, lo, tcg_env(), t0, MO_64);
    tcg_gen_st_i64(S, hi, tcg_env(), t0 + 8, MO_64);
    return t0;
}

static int32_t vec_reg_off(const X86Operand *op)
{
    return op->type == X86_OT_MMX ? mmx_off(op->reg) : xmm_off(op->reg);
}

static unsigned lanes(const X86Operand *op) { return op->type == X86_OT_MMX ? 1 : 2; }

static uint64_t imm8(DisasContext *dc) { return (uint8_t)dc->d.imm; }

/* After an instruction: the MMX transition and the written register. */
static void gen_mmx_finish(DisasContext *dc, bool dst_written)
{
    if (!any_type(dc, X86_OT_MMX))
        return;
    gen_mmx_enter(dc);
    if (dst_written && opnd(dc, 0)->type == X86_OT_MMX)
        gen_mmx_written(dc, opnd(dc, 0)->reg);
}

/* ---- Element-wise operations through the helpers --------------------------------- */

/* op[0] (register) op= op[1] [, imm8]; shift-by-immediate forms have the
 * count as op[1]. */
static void gen_vec_op(DisasContext *dc, TCGHelper fn)
{
    const X86Operand *d = opnd(dc, 0), *s = opnd(dc, 1);
    uint64_t imm = 0;
    int32_t src;

    if (!check(dc))
        return;
    if (dc->d.nops > 2 && opnd(dc, 2)->type == X86_OT_IMM)
        imm = imm8(dc);
    if (dc->d.insn == X86_INSN_INSERTPS && s->type == X86_OT_MEM)
        imm |= 0x100;
    src = gen_vec_src(dc, 1);
    /* The transition to MMX comes before an #XM (CVTPS2PI...). */
    if (any_type(dc, X86_OT_MMX))
        gen_mmx_enter(dc);
    gen_helper(dc, fn, 0, NULL, 5, tcg_constant_i64(S, dc->d.insn),
               tcg_constant_i64(S, (uint64_t)vec_reg_off(d)), tcg_constant_i64(S, (uint64_t)src),
               tcg_constant_i64(S, lanes(d) | lanes(s) << 4), tcg_constant_i64(S, imm));
    if (d->type == X86_OT_MMX)
        gen_mmx_written(dc, d->reg);
}

static void gen_int_op(DisasContext *dc) { gen_vec_op(dc, (TCGHelper)helper_sse_int); }
static void gen_fp_op(DisasContext *dc) { gen_vec_op(dc, (TCGHelper)helper_sse_fp); }

/* CVTSI2SS/SD: the integer size goes in imm. */
static void gen_cvtsi2s(DisasContext *dc)
{
    const X86Operand *d = opnd(dc, 0);
    int32_t src;

    if (!check(dc))
        return;
    src = gen_vec_src(dc, 1);
    gen_helper(dc, (TCGHelper)helper_sse_fp, 0, NULL, 5, tcg_constant_i64(S, dc->d.insn),
               tcg_constant_i64(S, (uint64_t)xmm_off(d->reg)), tcg_constant_i64(S, (uint64_t)src),
               tcg_constant_i64(S, 2 | 2 << 4), tcg_constant_i64(S, opnd(dc, 1)->size));
}

/* A result for a GPR or memory: op[0] = fn(op[1] [, imm8]). */
static void gen_vec_to_e(DisasContext *dc, TCGHelper fn, uint64_t imm)
{
    const X86Operand *s = opnd(dc, 1);
    TCGv_i64 v = tcg_temp_new_i64(S);
    int32_t src;

    if (!check(dc))
        return;
    src = gen_vec_src(dc, 1);
    gen_helper(dc, fn, 0, &v, 5, tcg_constant_i64(S, dc->d.insn), tcg_constant_i64(S, 0),
               tcg_constant_i64(S, (uint64_t)src), tcg_constant_i64(S, 2 | lanes(s) << 4),
               tcg_constant_i64(S, imm));
    gen_op_store(dc, 0, v);
    gen_mmx_finish(dc, false);
}

static void gen_int_to_e(DisasContext *dc)
{
    gen_vec_to_e(dc, (TCGHelper)helper_sse_int, dc->d.nops > 2 ? imm8(dc) : 0);
}

/* CVT(T)SS2SI, CVT(T)SD2SI: imm = the integer size */
static void gen_cvts2si(DisasContext *dc)
{
    gen_vec_to_e(dc, (TCGHelper)helper_sse_fp, opnd(dc, 0)->size);
}

/* COMISS/UCOMISS/COMISD/UCOMISD and PTEST: ZF, PF, CF from the helper; OF, SF, AF clear. */
static void gen_vec_flags(DisasContext *dc)
{
    bool ptest = dc->d.insn == X86_INSN_PTEST;
    TCGv_i64 f = tcg_temp_new_i64(S);
    int32_t src;

    if (!check(dc))
        return;
    src = gen_vec_src(dc, 1);
    gen_helper(dc, ptest ? (TCGHelper)helper_sse_int : (TCGHelper)helper_sse_fp, 0, &f, 5,
               tcg_constant_i64(S, dc->d.insn), tcg_constant_i64(S, (uint64_t)xmm_off(opnd(dc, 0)->reg)),
               tcg_constant_i64(S, (uint64_t)src), tcg_constant_i64(S, 2 | 2 << 4),
               tcg_constant_i64(S, 0));
    tcg_gen_mov_i64(S, cpu_cc_src, f);
    set_cc_op(dc, CC_OP_EFLAGS);
}

/* ---- Inline integer operations --------------------------------------------------
 *
 * The instructions that string and memory functions run in their loops
 * (glibc's strlen, strcmp, memchr: pcmpeqb, pminub, pmovmskb, por, pxor...)
 * are IR on the two 64-bit lanes, with no helper call: element-wise
 * arithmetic as SIMD-within-a-register. With H the top bit of each element,
 * per element and without carries or borrows crossing elements
 * (Hacker's Delight, 2-18 and 6-1):
 *   a + b = ((a & ~H) + (b & ~H)) ^ ((a ^ b) & H)
 *   a - b = ((a | H) - (b & ~H)) ^ ((a ^ ~b) & H)
 *   a == b: top bit of ~((((a ^ b) & ~H) + ~H) | (a ^ b))
 *   a >= b (unsigned bytes): top bit of (a & ~b) | (~(a ^ b) & ((a | H) - (b & ~H)))
 * and a top-bit mask m widens to whole elements as m | (m - (m >> (bits - 1))).
 * MMX forms and other operand shapes keep the helper.
 */

typedef void SseLaneGen(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b);

static uint64_t top_bits(unsigned bits)
{
    switch (bits) {
    case 8: return 0x8080808080808080ull;
    case 16: return 0x8000800080008000ull;
    case 32: return 0x8000000080000000ull;
    default: return 0x8000000000000000ull;
    }
}

/* m holds only top bits of elements: make each such element all ones. */
static void gen_widen_top(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 m)
{
    TCGv_i64 t = tcg_temp_new_i64(S);

    tcg_gen_shri_i64(S, t, m, bits - 1);
    tcg_gen_sub_i64(S, t, m, t);
    tcg_gen_or_i64(S, r, m, t);
}

static void lane_and(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_and_i64(S, r, a, b);
}

static void lane_andn(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_andc_i64(S, r, b, a);
}

static void lane_or(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_or_i64(S, r, a, b);
}

static void lane_xor(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_xor_i64(S, r, a, b);
}

static void lane_add(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    uint64_t h = top_bits(bits);
    TCGv_i64 x = tcg_temp_new_i64(S), y = tcg_temp_new_i64(S);

    if (bits == 64) {
        tcg_gen_add_i64(S, r, a, b);
        return;
    }
    tcg_gen_xor_i64(S, x, a, b);
    tcg_gen_andi_i64(S, x, x, h);
    tcg_gen_andi_i64(S, y, a, ~h);
    tcg_gen_andi_i64(S, r, b, ~h);
    tcg_gen_add_i64(S, r, r, y);
    tcg_gen_xor_i64(S, r, r, x);
}

static void lane_sub(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    uint64_t h = top_bits(bits);
    TCGv_i64 x = tcg_temp_new_i64(S), y = tcg_temp_new_i64(S);

    if (bits == 64) {
        tcg_gen_sub_i64(S, r, a, b);
        return;
    }
    tcg_gen_not_i64(S, x, b);
    tcg_gen_xor_i64(S, x, x, a);
    tcg_gen_andi_i64(S, x, x, h);
    tcg_gen_ori_i64(S, y, a, h);
    tcg_gen_andi_i64(S, r, b, ~h);
    tcg_gen_sub_i64(S, r, y, r);
    tcg_gen_xor_i64(S, r, r, x);
}

static void lane_cmpeq(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    uint64_t h = top_bits(bits);
    TCGv_i64 x = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);

    if (bits == 64) {
        tcg_gen_setcond_i64(S, TCG_COND_EQ, t, a, b);
        tcg_gen_neg_i64(S, r, t);
        return;
    }
    tcg_gen_xor_i64(S, x, a, b);
    tcg_gen_andi_i64(S, t, x, ~h);
    tcg_gen_addi_i64(S, t, t, ~h);
    tcg_gen_or_i64(S, t, t, x);
    tcg_gen_not_i64(S, t, t);
    tcg_gen_andi_i64(S, t, t, h);
    gen_widen_top(dc, bits, r, t);
}

/* Unsigned bytes: each byte of m is 0xff where a >= b, else 0. */
static void gen_ge_u8(DisasContext *dc, TCGv_i64 m, TCGv_i64 a, TCGv_i64 b)
{
    uint64_t h = top_bits(8);
    TCGv_i64 d = tcg_temp_new_i64(S), x = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);

    tcg_gen_ori_i64(S, d, a, h);
    tcg_gen_andi_i64(S, t, b, ~h);
    tcg_gen_sub_i64(S, d, d, t);
    tcg_gen_xor_i64(S, x, a, b);
    tcg_gen_andc_i64(S, d, d, x);
    tcg_gen_andc_i64(S, t, a, b);
    tcg_gen_or_i64(S, t, t, d);
    tcg_gen_andi_i64(S, t, t, h);
    gen_widen_top(dc, 8, m, t);
}

static void lane_minub(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 m = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);

    gen_ge_u8(dc, m, a, b);
    tcg_gen_and_i64(S, t, b, m);
    tcg_gen_andc_i64(S, r, a, m);
    tcg_gen_or_i64(S, r, r, t);
}

static void lane_maxub(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 m = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);

    gen_ge_u8(dc, m, a, b);
    tcg_gen_and_i64(S, t, a, m);
    tcg_gen_andc_i64(S, r, b, m);
    tcg_gen_or_i64(S, r, r, t);
}

static void lane_subusb(DisasContext *dc, unsigned bits, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 m = tcg_temp_new_i64(S);

    gen_ge_u8(dc, m, a, b);
    lane_sub(dc, 8, r, a, b);
    tcg_gen_and_i64(S, r, r, m);
}

/* xmm op= xmm/m128, one lane generator per 64-bit lane. */
static void gen_vec_inline(DisasContext *dc, SseLaneGen *fn, unsigned bits)
{
    const X86Operand *d = opnd(dc, 0), *s = opnd(dc, 1);
    TCGv_i64 al, ah, bl, bh, rl, rh;

    if (d->type != X86_OT_XMM || (s->type != X86_OT_XMM && s->type != X86_OT_MEM) ||
        dc->d.nops != 2) {
        gen_int_op(dc);
        return;
    }
    if (!check(dc))
        return;
    al = tcg_temp_new_i64(S), ah = tcg_temp_new_i64(S);
    bl = tcg_temp_new_i64(S), bh = tcg_temp_new_i64(S);
    rl = tcg_temp_new_i64(S), rh = tcg_temp_new_i64(S);
    gen_ld_vec(dc, 1, bl, bh);      /* memory first: a fault changes nothing */
    tcg_gen_ld_i64(S, al, tcg_env(), xmm_off(d->reg), MO_64);
    tcg_gen_ld_i64(S, ah, tcg_env(), xmm_off(d->reg) + 8, MO_64);
    fn(dc, bits, rl, al, bl);
    fn(dc, bits, rh, ah, bh);
    tcg_gen_st_i64(S, rl, tcg_env(), xmm_off(d->reg), MO_64);
    tcg_gen_st_i64(S, rh, tcg_env(), xmm_off(d->reg) + 8, MO_64);
}

static void gen_pand(DisasContext *dc) { gen_vec_inline(dc, lane_and, 64); }
static void gen_pandn(DisasContext *dc) { gen_vec_inline(dc, lane_andn, 64); }
static void gen_por(DisasContext *dc) { gen_vec_inline(dc, lane_or, 64); }
static void gen_pxor(DisasContext *dc) { gen_vec_inline(dc, lane_xor, 64); }
static void gen_pminub(DisasContext *dc) { gen_vec_inline(dc, lane_minub, 8); }
static void gen_pmaxub(DisasContext *dc) { gen_vec_inline(dc, lane_maxub, 8); }
static void gen_psubusb(DisasContext *dc) { gen_vec_inline(dc, lane_subusb, 8); }

static unsigned insn_elem_bits(unsigned insn)
{
    switch (insn) {
    case X86_INSN_PADDB: case X86_INSN_PSUBB: case X86_INSN_PCMPEQB: return 8;
    case X86_INSN_PADDW: case X86_INSN_PSUBW: case X86_INSN_PCMPEQW: return 16;
    case X86_INSN_PADDD: case X86_INSN_PSUBD: case X86_INSN_PCMPEQD: return 32;
    default: return 64;
    }
}

static void gen_padd(DisasContext *dc) { gen_vec_inline(dc, lane_add, insn_elem_bits(dc->d.insn)); }
static void gen_psub(DisasContext *dc) { gen_vec_inline(dc, lane_sub, insn_elem_bits(dc->d.insn)); }
static void gen_pcmpeq(DisasContext *dc) { gen_vec_inline(dc, lane_cmpeq, insn_elem_bits(dc->d.insn)); }

/* PMOVMSKB r, xmm: the top bit of each byte. Per lane, the multiply moves
 * bit 8i+7 to bit 56+i with no two partial products on one bit. */
static void gen_pmovmskb(DisasContext *dc)
{
    const X86Operand *s = opnd(dc, 1);
    TCGv_i64 lo, hi;

    if (s->type != X86_OT_XMM) {
        gen_int_to_e(dc);
        return;
    }
    if (!check(dc))
        return;
    lo = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S);
    tcg_gen_ld_i64(S, lo, tcg_env(), xmm_off(s->reg), MO_64);
    tcg_gen_ld_i64(S, hi, tcg_env(), xmm_off(s->reg) + 8, MO_64);
    tcg_gen_andi_i64(S, lo, lo, top_bits(8));
    tcg_gen_andi_i64(S, hi, hi, top_bits(8));
    tcg_gen_muli_i64(S, lo, lo, 0x0002040810204081ull);
    tcg_gen_muli_i64(S, hi, hi, 0x0002040810204081ull);
    tcg_gen_shri_i64(S, lo, lo, 56);
    tcg_gen_shri_i64(S, hi, hi, 56);
    tcg_gen_shli_i64(S, hi, hi, 8);
    tcg_gen_or_i64(S, lo, lo, hi);
    gen_op_store(dc, 0, lo);
}

/* ---- Moves ----------------------------------------------------------------------- */

/* Write lo/hi (hi only for XMM) to vector register operand i. */
static void gen_st_vec_reg(DisasContext *dc, unsigned i, TCGv_i64 lo, TCGv_i64 hi)
{
    const X86Operand *op = opnd(dc, i);

    if (op->type == X86_OT_MMX) {
        tcg_gen_st_i64(S, lo, tcg_env(), mmx_off(op->reg), MO_64);
    } else {
        tcg_gen_st_i64(S, lo, tcg_env(), xmm_off(op->reg), MO_64);
        tcg_gen_st_i64(S, hi, tcg_env(), xmm_off(op->reg) + 8, MO_64);
    }
}

/* MOVAPS, MOVUPS, MOVDQA, MOVNTPS, LDDQU...: 16 bytes */
static void gen_mov128(DisasContext *dc)
{
    TCGv_i64 lo = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S);

    if (!check(dc))
        return;
    gen_ld_vec(dc, 1, lo, hi);
    if (opnd(dc, 0)->type == X86_OT_MEM)
        gen_st_mem(dc, 16, lo, hi);
    else
        gen_st_vec_reg(dc, 0, lo, hi);
}

/*
 * MOVD, MOVQ, MOVQ2DQ, MOVDQ2Q, MOVNTQ: the low 32 or 64 bits; an XMM
 * destination has its upper lane cleared.
 */
static void gen_movq(DisasContext *dc)
{
    const X86Operand *d = opnd(dc, 0), *s = opnd(dc, 1);
    TCGv_i64 v = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S);

    if (!check(dc))
        return;
    gen_ld_vec(dc, 1, v, hi);
    if (s->size == 4 && (s->type == X86_OT_XMM || s->type == X86_OT_MMX))
        tcg_gen_ext32u_i64(S, v, v);
    switch (d->type) {
    case X86_OT_XMM:
        tcg_gen_movi_i64(S, hi, 0);
        gen_st_vec_reg(dc, 0, v, hi);
        break;
    case X86_OT_MMX:
        gen_st_vec_reg(dc, 0, v, hi);
        break;
    default:
        gen_op_store(dc, 0, v);
        break;
    }
    gen_mmx_finish(dc, true);
}

static void gen_movnti(DisasContext *dc)
{
    gen_op_load(dc, 1, dc->T0);
    gen_op_store(dc, 0, dc->T0);
}

/* MOVSS/MOVSD: register to register merges the low element; a load clears
 * the rest; a store writes the element. */
static void gen_movs(DisasContext *dc)
{
    const X86Operand *d = opnd(dc, 0), *s = opnd(dc, 1);
    unsigned bits = dc->d.insn == X86_INSN_MOVSS ? 32 : 64;
    TCGv_i64 v = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S);

    if (!check(dc))
        return;
    if (d->type == X86_OT_MEM) {
        tcg_gen_ld_i64(S, v, tcg_env(), xmm_off(s->reg), MO_64);
        gen_st_mem(dc, bits / 8, v, hi);
    } else if (s->type == X86_OT_MEM) {
        gen_ld_mem(dc, bits / 8, v, hi);
        gen_st_vec_reg(dc, 0, v, hi);
    } else if (bits == 64) {
        tcg_gen_ld_i64(S, v, tcg_env(), xmm_off(s->reg), MO_64);
        tcg_gen_st_i64(S, v, tcg_env(), xmm_off(d->reg), MO_64);
    } else {
        tcg_gen_ld_i64(S, v, tcg_env(), xmm_off(s->reg), MO_64);
        tcg_gen_ld_i64(S, hi, tcg_env(), xmm_off(d->reg), MO_64);
        tcg_gen_deposit_i64(S, hi, hi, v, 0, 32);
        tcg_gen_st_i64(S, hi, tcg_env(), xmm_off(d->reg), MO_64);
    }
}

/* MOVLPS/MOVLPD/MOVHPS/MOVHPD (one lane to or from memory), MOVHLPS, MOVLHPS */
static void gen_movlh(DisasContext *dc)
{
    const X86Operand *d = opnd(dc, 0), *s = opnd(dc, 1);
    unsigned insn = dc->d.insn;
    bool high = insn == X86_INSN_MOVHPS || insn == X86_INSN_MOVHPD || insn == X86_INSN_MOVLHPS;
    TCGv_i64 v = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);

    if (!check(dc))
        return;
    if (d->type == X86_OT_MEM) {
        tcg_gen_ld_i64(S, v, tcg_env(), xmm_off(s->reg) + (high ? 8 : 0), MO_64);
        gen_st_mem(dc, 8, v, t);
        return;
    }
    if (s->type == X86_OT_MEM)
        gen_ld_mem(dc, 8, v, t);
    else    /* MOVHLPS: the source's high lane; MOVLHPS: its low lane */
        tcg_gen_ld_i64(S, v, tcg_env(), xmm_off(s->reg) + (insn == X86_INSN_MOVHLPS ? 8 : 0), MO_64);
    tcg_gen_st_i64(S, v, tcg_env(), xmm_off(d->reg) + (high ? 8 : 0), MO_64);
}

static void gen_emms(DisasContext *dc)
{
    if (!sse_check(dc, false))
        return;
    /* TOP = 0 too, as measured */
    tcg_gen_st_i64(S, tcg_constant_i64(S, 0), tcg_env(), ENV_OFFSET(fpstt), MO_32);
    tcg_gen_st_i64(S, tcg_constant_i64(S, 0x0101010101010101ull), tcg_env(), ENV_OFFSET(fptags), MO_64);
}

/*
 * LDMXCSR: reserved bits set is #GP(0). Bits 31:16 are reserved but bit
 * 17, AMD's MM (misaligned SSE mask, MXCSR_MASK 0x2ffff on parts with
 * MisAlignSse): it is accepted and kept, though alignment checks ignore it.
 */
static void gen_ldst_mxcsr(DisasContext *dc)
{
    TCGv_i64 v = tcg_temp_new_i64(S);

    if (!sse_check(dc, true))
        return;
    if (dc->d.insn == X86_INSN_STMXCSR) {
        tcg_gen_ld_i64(S, v, tcg_env(), ENV_OFFSET(mxcsr), MO_32);
        gen_op_store(dc, 0, v);
        return;
    }
    TCGLabel ok = gen_new_label(S);
    TCGv_i64 t = tcg_temp_new_i64(S);

    gen_op_load(dc, 0, v);
    tcg_gen_andi_i64(S, t, v, ~0x2ffffull);
    tcg_gen_brcondi_i64(S, TCG_COND_EQ, t, 0, ok);
    gen_helper(dc, (TCGHelper)helper_raise_exception_err, TCG_CALL_NO_RETURN, NULL, 2,
               tcg_constant_i64(S, EXCP_GP), tcg_constant_i64(S, 0));
    tcg_gen_set_label(S, ok);
    tcg_gen_st_i64(S, v, tcg_env(), ENV_OFFSET(mxcsr), MO_32);
}

/* PCMPESTRI/M, PCMPISTRI/M: ECX or XMM0, and the flags */
static void gen_pcmpstr(DisasContext *dc)
{
    TCGv_i64 f = tcg_temp_new_i64(S);
    int32_t src;

    if (!check(dc))
        return;
    src = gen_vec_src(dc, 1);
    gen_helper(dc, (TCGHelper)helper_pcmpstr, 0, &f, 5, tcg_constant_i64(S, dc->d.insn),
               tcg_constant_i64(S, (uint64_t)xmm_off(opnd(dc, 0)->reg)), tcg_constant_i64(S, (uint64_t)src),
               tcg_constant_i64(S, imm8(dc)), tcg_constant_i64(S, (dc->d.rex & X86_REX_W) != 0));
    tcg_gen_mov_i64(S, cpu_cc_src, f);
    set_cc_op(dc, CC_OP_EFLAGS);
}

/* MASKMOVQ Pq,Nq / MASKMOVDQU Vdq,Udq: to DS:rDI (segment overridable) */
static void gen_maskmov(DisasContext *dc)
{
    const X86Operand *d = opnd(dc, 0), *m = opnd(dc, 1);
    TCGv_i64 a = tcg_temp_new_i64(S);

    if (!check(dc))
        return;
    gen_seg_addr(dc, a, cpu_regs[R_EDI], dc->d.mem.seg, dc->d.addrsize);
    gen_helper(dc, (TCGHelper)helper_maskmov, 0, NULL, 5,
               tcg_constant_i64(S, (uint64_t)vec_reg_off(d)), tcg_constant_i64(S, (uint64_t)vec_reg_off(m)),
               tcg_constant_i64(S, 8 * lanes(d)), a,
               tcg_constant_i64(S, dc->d.mem.seg == X86_SEG_SS ? MO_STACK : 0));
    gen_mmx_finish(dc, false);
}

static void gen_fxsave_fxrstor(DisasContext *dc)
{
    if (!sse_check(dc, false))
        return;
    gen_lea(dc);
    gen_helper(dc, dc->d.insn == X86_INSN_FXSAVE ? (TCGHelper)helper_fxsave : (TCGHelper)helper_fxrstor,
               0, NULL, 2, dc->A0, tcg_constant_i64(S, mem_flags(dc)));
}

/* XSAVE, XRSTOR: the components EDX:EAX & XCR0 (CR0.EM does not matter). */
static void gen_xsave_xrstor(DisasContext *dc)
{
    TCGv_i64 mask = tcg_temp_new_i64(S);

    if (!(dc->flags & HF_OSXSAVE)) {
        gen_exception(dc, EXCP_UD);
        return;
    }
    if (dc->flags & HF_TS) {
        gen_exception(dc, EXCP_NM);
        return;
    }
    gen_lea(dc);
    tcg_gen_deposit_i64(S, mask, cpu_regs[R_EAX], cpu_regs[R_EDX], 32, 32);
    gen_helper(dc, dc->d.insn == X86_INSN_XSAVE ? (TCGHelper)helper_xsave : (TCGHelper)helper_xrstor,
               0, NULL, 3, dc->A0, mask, tcg_constant_i64(S, mem_flags(dc)));
}

/* ---- The table ------------------------------------------------------------------- */

void x86_gen_table_sse(X86Gen **t)
{
    static const uint16_t int_ops[] = {
        /* MMX / SSE2 integer */
        X86_INSN_PUNPCKLBW, X86_INSN_PUNPCKLWD, X86_INSN_PUNPCKLDQ, X86_INSN_PUNPCKLQDQ,
        X86_INSN_PUNPCKHBW, X86_INSN_PUNPCKHWD, X86_INSN_PUNPCKHDQ, X86_INSN_PUNPCKHQDQ,
        X86_INSN_PACKSSWB, X86_INSN_PACKSSDW, X86_INSN_PACKUSWB,
        X86_INSN_PCMPGTB, X86_INSN_PCMPGTW, X86_INSN_PCMPGTD,
        X86_INSN_PCMPEQB, X86_INSN_PCMPEQW, X86_INSN_PCMPEQD,
        X86_INSN_PSHUFW, X86_INSN_PSHUFD, X86_INSN_PSHUFHW, X86_INSN_PSHUFLW,
        X86_INSN_PSRLW, X86_INSN_PSRLD, X86_INSN_PSRLQ, X86_INSN_PSRLDQ, X86_INSN_PSRAW,
        X86_INSN_PSRAD, X86_INSN_PSLLW, X86_INSN_PSLLD, X86_INSN_PSLLQ, X86_INSN_PSLLDQ,
        X86_INSN_PADDB, X86_INSN_PADDW, X86_INSN_PADDD, X86_INSN_PADDQ, X86_INSN_PADDSB,
        X86_INSN_PADDSW, X86_INSN_PADDUSB, X86_INSN_PADDUSW, X86_INSN_PSUBB, X86_INSN_PSUBW,
        X86_INSN_PSUBD, X86_INSN_PSUBQ, X86_INSN_PSUBSB, X86_INSN_PSUBSW, X86_INSN_PSUBUSB,
        X86_INSN_PSUBUSW, X86_INSN_PMULLW, X86_INSN_PMULHW, X86_INSN_PMULHUW, X86_INSN_PMULUDQ,
        X86_INSN_PMADDWD, X86_INSN_PSADBW, X86_INSN_PAND, X86_INSN_PANDN, X86_INSN_POR,
        X86_INSN_PXOR, X86_INSN_PAVGB, X86_INSN_PAVGW, X86_INSN_PMINUB, X86_INSN_PMAXUB,
        X86_INSN_PMINSW, X86_INSN_PMAXSW, X86_INSN_PINSRW,
        /* SSE/SSE2 logic and shuffles on floats */
        X86_INSN_ANDPS, X86_INSN_ANDPD, X86_INSN_ANDNPS, X86_INSN_ANDNPD, X86_INSN_ORPS,
        X86_INSN_ORPD, X86_INSN_XORPS, X86_INSN_XORPD, X86_INSN_UNPCKLPS, X86_INSN_UNPCKLPD,
        X86_INSN_UNPCKHPS, X86_INSN_UNPCKHPD, X86_INSN_SHUFPS, X86_INSN_SHUFPD,
        /* SSE3 */
        X86_INSN_MOVSLDUP, X86_INSN_MOVSHDUP, X86_INSN_MOVDDUP,
        /* SSSE3 */
        X86_INSN_PSHUFB, X86_INSN_PHADDW, X86_INSN_PHADDD, X86_INSN_PHADDSW, X86_INSN_PMADDUBSW,
        X86_INSN_PHSUBW, X86_INSN_PHSUBD, X86_INSN_PHSUBSW, X86_INSN_PSIGNB, X86_INSN_PSIGNW,
        X86_INSN_PSIGND, X86_INSN_PMULHRSW, X86_INSN_PABSB, X86_INSN_PABSW, X86_INSN_PABSD,
        X86_INSN_PALIGNR,
        /* SSE4.1 */
        X86_INSN_PBLENDVB, X86_INSN_BLENDVPS, X86_INSN_BLENDVPD,
        X86_INSN_PMOVSXBW, X86_INSN_PMOVSXBD, X86_INSN_PMOVSXBQ, X86_INSN_PMOVSXWD,
        X86_INSN_PMOVSXWQ, X86_INSN_PMOVSXDQ, X86_INSN_PMOVZXBW, X86_INSN_PMOVZXBD,
        X86_INSN_PMOVZXBQ, X86_INSN_PMOVZXWD, X86_INSN_PMOVZXWQ, X86_INSN_PMOVZXDQ,
        X86_INSN_PMULDQ, X86_INSN_PCMPEQQ, X86_INSN_PACKUSDW, X86_INSN_PMINSB, X86_INSN_PMINSD,
        X86_INSN_PMINUW, X86_INSN_PMINUD, X86_INSN_PMAXSB, X86_INSN_PMAXSD, X86_INSN_PMAXUW,
        X86_INSN_PMAXUD, X86_INSN_PMULLD, X86_INSN_PHMINPOSUW, X86_INSN_BLENDPS,
        X86_INSN_BLENDPD, X86_INSN_PBLENDW, X86_INSN_PINSRB, X86_INSN_INSERTPS,
        X86_INSN_PINSRD, X86_INSN_PINSRQ, X86_INSN_MPSADBW,
        /* SSE4.2, AES-NI, PCLMULQDQ */
        X86_INSN_PCMPGTQ, X86_INSN_AESIMC, X86_INSN_AESENC, X86_INSN_AESENCLAST,
        X86_INSN_AESDEC, X86_INSN_AESDECLAST, X86_INSN_AESKEYGENASSIST, X86_INSN_PCLMULQDQ,
    };
    static const uint16_t fp_ops[] = {
        X86_INSN_ADDPS, X86_INSN_ADDPD, X86_INSN_ADDSS, X86_INSN_ADDSD,
        X86_INSN_SUBPS, X86_INSN_SUBPD, X86_INSN_SUBSS, X86_INSN_SUBSD,
        X86_INSN_MULPS, X86_INSN_MULPD, X86_INSN_MULSS, X86_INSN_MULSD,
        X86_INSN_DIVPS, X86_INSN_DIVPD, X86_INSN_DIVSS, X86_INSN_DIVSD,
        X86_INSN_MINPS, X86_INSN_MINPD, X86_INSN_MINSS, X86_INSN_MINSD,
        X86_INSN_MAXPS, X86_INSN_MAXPD, X86_INSN_MAXSS, X86_INSN_MAXSD,
        X86_INSN_SQRTPS, X86_INSN_SQRTPD, X86_INSN_SQRTSS, X86_INSN_SQRTSD,
        X86_INSN_CMPPS, X86_INSN_CMPPD, X86_INSN_CMPSS, X86_INSN_CMPSD,
        X86_INSN_CVTPI2PS, X86_INSN_CVTPI2PD, X86_INSN_CVTTPS2PI, X86_INSN_CVTTPD2PI,
        X86_INSN_CVTPS2PI, X86_INSN_CVTPD2PI, X86_INSN_CVTPS2PD, X86_INSN_CVTPD2PS,
        X86_INSN_CVTSS2SD, X86_INSN_CVTSD2SS, X86_INSN_CVTDQ2PS, X86_INSN_CVTPS2DQ,
        X86_INSN_CVTTPS2DQ, X86_INSN_CVTTPD2DQ, X86_INSN_CVTDQ2PD, X86_INSN_CVTPD2DQ,
        X86_INSN_HADDPD, X86_INSN_HADDPS, X86_INSN_HSUBPD, X86_INSN_HSUBPS,
        X86_INSN_ADDSUBPD, X86_INSN_ADDSUBPS,
        X86_INSN_ROUNDPS, X86_INSN_ROUNDPD, X86_INSN_ROUNDSS, X86_INSN_ROUNDSD,
        X86_INSN_DPPS, X86_INSN_DPPD,
        X86_INSN_RCPPS, X86_INSN_RCPSS, X86_INSN_RSQRTPS, X86_INSN_RSQRTSS,
    };

    for (unsigned i = 0; i < sizeof(int_ops) / sizeof(int_ops[0]); i++)
        t[int_ops[i]] = gen_int_op;
    for (unsigned i = 0; i < sizeof(fp_ops) / sizeof(fp_ops[0]); i++)
        t[fp_ops[i]] = gen_fp_op;
    t[X86_INSN_PEXTRW] = t[X86_INSN_PMOVMSKB] = t[X86_INSN_MOVMSKPS] = gen_int_to_e;
    t[X86_INSN_MOVMSKPD] = t[X86_INSN_PEXTRB] = t[X86_INSN_PEXTRD] = gen_int_to_e;
    t[X86_INSN_PEXTRQ] = t[X86_INSN_EXTRACTPS] = gen_int_to_e;
    t[X86_INSN_CVTSI2SS] = t[X86_INSN_CVTSI2SD] = gen_cvtsi2s;
    t[X86_INSN_CVTSS2SI] = t[X86_INSN_CVTTSS2SI] = gen_cvts2si;
    t[X86_INSN_CVTSD2SI] = t[X86_INSN_CVTTSD2SI] = gen_cvts2si;
    t[X86_INSN_COMISS] = t[X86_INSN_UCOMISS] = t[X86_INSN_COMISD] = gen_vec_flags;
    t[X86_INSN_UCOMISD] = t[X86_INSN_PTEST] = gen_vec_flags;
    t[X86_INSN_MOVAPS] = t[X86_INSN_MOVUPS] = t[X86_INSN_MOVAPD] = t[X86_INSN_MOVUPD] = gen_mov128;
    t[X86_INSN_MOVDQA] = t[X86_INSN_MOVDQU] = t[X86_INSN_MOVNTPS] = t[X86_INSN_MOVNTPD] = gen_mov128;
    t[X86_INSN_MOVNTDQ] = t[X86_INSN_LDDQU] = t[X86_INSN_MOVNTDQA] = gen_mov128;
    t[X86_INSN_MOVD] = t[X86_INSN_MOVQ] = t[X86_INSN_MOVQ2DQ] = t[X86_INSN_MOVDQ2Q] = gen_movq;
    t[X86_INSN_MOVNTQ] = gen_movq;
    t[X86_INSN_MOVNTI] = gen_movnti;
    t[X86_INSN_MOVSS] = t[X86_INSN_MOVSD] = gen_movs;
    t[X86_INSN_MOVLPS] = t[X86_INSN_MOVLPD] = t[X86_INSN_MOVHPS] = t[X86_INSN_MOVHPD] = gen_movlh;
    t[X86_INSN_MOVHLPS] = t[X86_INSN_MOVLHPS] = gen_movlh;
    t[X86_INSN_EMMS] = gen_emms;
    t[X86_INSN_LDMXCSR] = t[X86_INSN_STMXCSR] = gen_ldst_mxcsr;
    t[X86_INSN_FXSAVE] = t[X86_INSN_FXRSTOR] = gen_fxsave_fxrstor;
    t[X86_INSN_XSAVE] = t[X86_INSN_XRSTOR] = gen_xsave_xrstor;
    t[X86_INSN_MASKMOVQ] = t[X86_INSN_MASKMOVDQU] = gen_maskmov;
    t[X86_INSN_PAND] = t[X86_INSN_ANDPS] = t[X86_INSN_ANDPD] = gen_pand;
    t[X86_INSN_PANDN] = t[X86_INSN_ANDNPS] = t[X86_INSN_ANDNPD] = gen_pandn;
    t[X86_INSN_POR] = t[X86_INSN_ORPS] = t[X86_INSN_ORPD] = gen_por;
    t[X86_INSN_PXOR] = t[X86_INSN_XORPS] = t[X86_INSN_XORPD] = gen_pxor;
    t[X86_INSN_PADDB] = t[X86_INSN_PADDW] = t[X86_INSN_PADDD] = t[X86_INSN_PADDQ] = gen_padd;
    t[X86_INSN_PSUBB] = t[X86_INSN_PSUBW] = t[X86_INSN_PSUBD] = t[X86_INSN_PSUBQ] = gen_psub;
    t[X86_INSN_PCMPEQB] = t[X86_INSN_PCMPEQW] = t[X86_INSN_PCMPEQD] = gen_pcmpeq;
    t[X86_INSN_PMINUB] = gen_pminub;
    t[X86_INSN_PMAXUB] = gen_pmaxub;
    t[X86_INSN_PSUBUSB] = gen_psubusb;
    t[X86_INSN_PMOVMSKB] = gen_pmovmskb;
    t[X86_INSN_PCMPESTRI] = t[X86_INSN_PCMPESTRM] = gen_pcmpstr;
    t[X86_INSN_PCMPISTRI] = t[X86_INSN_PCMPISTRM] = gen_pcmpstr;
}
