/*
 * Semantics of the general-purpose integer instructions (SDM Vol.2), one
 * emitter per instruction identity; operands arrive resolved in dc->d.op[].
 *
 * Ordering rule: a memory destination is stored before the flags are
 * updated, so a store that faults leaves the flags of the previous
 * instruction, as the hardware does.
 */
#include <stdint.h>

#include "cpu/x86/helper.h"
#include "cpu/x86/helper-rep.h"
#include "cpu/x86/helper-sys.h"
#include "cpu/x86/translate.h"
#include "system/log.h"

#define S (dc->s)

static MemOp op_ot(DisasContext *dc, unsigned i) { return ot_of(dc->d.op[i].size); }

/* CC_OP_<kind>B + size index */
static int cc_sized(int base, MemOp ot) { return base + (int)(ot & MO_SIZE); }

static void set_cc_result(DisasContext *dc, int base, MemOp ot, TCGv_i64 dst, TCGv_i64 src)
{
    tcg_gen_mov_i64(S, cpu_cc_dst, dst);
    if (src.n)
        tcg_gen_mov_i64(S, cpu_cc_src, src);
    set_cc_op(dc, cc_sized(base, ot));
}

/* ---- ALU ------------------------------------------------------------------ */

/* ADD OR ADC SBB AND SUB XOR CMP: dst op= src */
static void gen_alu(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 a = dc->T0, b = dc->T1, r = tcg_temp_new_i64(S), carry = tcg_temp_new_i64(S);
    int cc;

    if (insn == X86_INSN_CMP || insn == X86_INSN_TEST)
        gen_op_load(dc, 0, a);
    else
        gen_op_load_rmw(dc, 0, a);
    gen_op_load(dc, 1, b);
    if (insn == X86_INSN_ADC || insn == X86_INSN_SBB) {
        gen_setcc(dc, 2, carry);          /* CF: condition B */
    }
    switch (insn) {
    case X86_INSN_ADD: tcg_gen_add_i64(S, r, a, b); cc = CC_OP_ADDB; break;
    case X86_INSN_ADC: tcg_gen_add_i64(S, r, a, b); tcg_gen_add_i64(S, r, r, carry); cc = CC_OP_ADCB; break;
    case X86_INSN_SUB: case X86_INSN_CMP: tcg_gen_sub_i64(S, r, a, b); cc = CC_OP_SUBB; break;
    case X86_INSN_SBB: tcg_gen_sub_i64(S, r, a, b); tcg_gen_sub_i64(S, r, r, carry); cc = CC_OP_SBBB; break;
    case X86_INSN_AND: case X86_INSN_TEST: tcg_gen_and_i64(S, r, a, b); cc = CC_OP_LOGICB; break;
    case X86_INSN_OR: tcg_gen_or_i64(S, r, a, b); cc = CC_OP_LOGICB; break;
    default: tcg_gen_xor_i64(S, r, a, b); cc = CC_OP_LOGICB; break;
    }
    if (insn != X86_INSN_CMP && insn != X86_INSN_TEST)
        gen_op_store(dc, 0, r);
    if (cc == CC_OP_ADCB || cc == CC_OP_SBBB)
        tcg_gen_mov_i64(S, cpu_cc_src2, carry);
    tcg_gen_mov_i64(S, cpu_cc_dst, r);
    if (cc != CC_OP_LOGICB)
        tcg_gen_mov_i64(S, cpu_cc_src, b);
    set_cc_op(dc, cc_sized(cc, ot));
    if (cc == CC_OP_SUBB) {
        tcg_gen_mov_i64(S, dc->cc_srcT, a);
        dc->srcT_valid = true;
    }
}

static void gen_inc_dec(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 cf = tcg_temp_new_i64(S);
    bool inc = dc->d.insn == X86_INSN_INC;

    gen_op_load_rmw(dc, 0, dc->T0);
    tcg_gen_addi_i64(S, dc->T0, dc->T0, inc ? 1 : (uint64_t)-1);
    gen_op_store(dc, 0, dc->T0);
    gen_setcc(dc, 2, cf);                 /* CF is preserved */
    set_cc_result(dc, inc ? CC_OP_INCB : CC_OP_DECB, ot, dc->T0, cf);
}

static void gen_not(DisasContext *dc)
{
    gen_op_load_rmw(dc, 0, dc->T0);
    tcg_gen_not_i64(S, dc->T0, dc->T0);
    gen_op_store(dc, 0, dc->T0);
}

static void gen_neg(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 src = tcg_temp_new_i64(S);

    gen_op_load_rmw(dc, 0, src);
    tcg_gen_neg_i64(S, dc->T0, src);
    gen_op_store(dc, 0, dc->T0);
    /* NEG is 0 - src: SUB flags with src1 = 0. */
    set_cc_result(dc, CC_OP_SUBB, ot, dc->T0, src);
}

/* ---- Multiply and divide ---------------------------------------------------- */

static void gen_mul(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    bool sign = dc->d.insn == X86_INSN_IMUL;
    TCGv_i64 a = dc->T0, b = dc->T1, lo = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S);
    TCGv_i64 of = tcg_temp_new_i64(S);
    unsigned bits = 8u << (ot & MO_SIZE);

    if (sign && dc->d.nops >= 2) {
        /* IMUL Gv, Ev [, imm]: truncated product; CF=OF = it lost bits. */
        gen_op_load(dc, dc->d.nops == 3 ? 1 : 0, a);
        gen_op_load(dc, dc->d.nops == 3 ? 2 : 1, b);
        if (bits == 64) {
            tcg_gen_muls2_i64(S, lo, hi, a, b);
            tcg_gen_sari_i64(S, of, lo, 63);
            tcg_gen_setcond_i64(S, TCG_COND_NE, of, of, hi);
        } else {
            tcg_gen_sextract_i64(S, a, a, 0, bits);
            tcg_gen_sextract_i64(S, b, b, 0, bits);
            tcg_gen_mul_i64(S, lo, a, b);
            tcg_gen_sextract_i64(S, of, lo, 0, bits);
            tcg_gen_setcond_i64(S, TCG_COND_NE, of, of, lo);
        }
        gen_op_store(dc, 0, lo);
        set_cc_result(dc, CC_OP_MULB, ot, lo, of);
        return;
    }

    /* One operand: rDX:rAX (AX for bytes) = rAX * src */
    gen_reg_read(dc, ot, a, R_EAX);
    gen_op_load(dc, 0, b);
    if (bits == 64) {
        if (sign)
            tcg_gen_muls2_i64(S, lo, hi, a, b);
        else
            tcg_gen_mulu2_i64(S, lo, hi, a, b);
    } else {
        if (sign) {
            tcg_gen_sextract_i64(S, a, a, 0, bits);
            tcg_gen_sextract_i64(S, b, b, 0, bits);
        }
        tcg_gen_mul_i64(S, lo, a, b);
        tcg_gen_shri_i64(S, hi, lo, bits);
    }
    if (sign) {
        /* Overflow if the high half is not the sign extension of the low. */
        TCGv_i64 t = tcg_temp_new_i64(S);
        tcg_gen_sextract_i64(S, t, lo, 0, bits);
        if (bits == 64)
            tcg_gen_sari_i64(S, t, lo, 63), tcg_gen_setcond_i64(S, TCG_COND_NE, of, t, hi);
        else
            tcg_gen_setcond_i64(S, TCG_COND_NE, of, t, lo);
    } else {
        if (bits < 64)
            tcg_gen_extract_i64(S, hi, hi, 0, bits);
        tcg_gen_setcondi_i64(S, TCG_COND_NE, of, hi, 0);
    }
    if (bits == 8) {
        gen_reg_write(dc, MO_16, R_EAX, lo);
    } else {
        gen_reg_write(dc, ot, R_EAX, lo);
        gen_reg_write(dc, ot, R_EDX, hi);
    }
    set_cc_result(dc, CC_OP_MULB, ot, lo, of);
}

static void gen_div(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    bool sign = dc->d.insn == X86_INSN_IDIV;
    static const TCGHelper helpers[2][4] = {
        { (TCGHelper)helper_divb, (TCGHelper)helper_divw, (TCGHelper)helper_divl, (TCGHelper)helper_divq },
        { (TCGHelper)helper_idivb, (TCGHelper)helper_idivw, (TCGHelper)helper_idivl, (TCGHelper)helper_idivq },
    };

    gen_op_load(dc, 0, dc->T0);
    /* The helper reads and writes rAX/rDX and raises #DE. Flags are
     * undefined after DIV; the lazy state is left as it was. */
    gen_helper(dc, helpers[sign][ot & MO_SIZE], 0, NULL, 1, dc->T0);
}

/* ---- Shifts and rotates --------------------------------------------------- */

/*
 * Count masking: 5 bits, 6 for 64-bit operands (SDM SAL/SAR/SHL/SHR). A
 * masked count of 0 changes neither the operand's flags nor cc state, which
 * is resolved at run time: the lazy state is kept by movcond.
 */
static void gen_shift(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    TCGv_i64 v = dc->T0, cnt = dc->T1, r = tcg_temp_new_i64(S), prev = tcg_temp_new_i64(S);
    TCGv_i64 cm1 = tcg_temp_new_i64(S), zero = tcg_constant_i64(S, 0);
    int base;

    gen_op_load_rmw(dc, 0, v);
    gen_op_load(dc, 1, cnt);
    tcg_gen_andi_i64(S, cnt, cnt, bits == 64 ? 63 : 31);
    tcg_gen_subi_i64(S, cm1, cnt, 1);
    tcg_gen_andi_i64(S, cm1, cm1, 63);     /* harmless when cnt == 0: unused then */

    if (insn == X86_INSN_SHL || insn == X86_INSN_SAL) {
        tcg_gen_shl_i64(S, prev, v, cm1);
        tcg_gen_shl_i64(S, r, v, cnt);
        base = CC_OP_SHLB;
    } else {
        if (insn == X86_INSN_SAR) {
            if (bits < 64)
                tcg_gen_sextract_i64(S, v, v, 0, bits);
            tcg_gen_sar_i64(S, prev, v, cm1);
            tcg_gen_sar_i64(S, r, v, cnt);
        } else {
            if (bits < 64)
                tcg_gen_extract_i64(S, v, v, 0, bits);
            tcg_gen_shr_i64(S, prev, v, cm1);
            tcg_gen_shr_i64(S, r, v, cnt);
        }
        base = CC_OP_SARB;
    }
    gen_op_store(dc, 0, r);

    /* Flags only when cnt != 0: known here for an immediate count, which
     * leaves cc_op static, so the flags' readers stay inline. */
    if (dc->d.op[1].type == X86_OT_IMM || dc->d.op[1].type == X86_OT_CONST) {
        uint64_t c = dc->d.op[1].type == X86_OT_CONST ? 1
                   : dc->d.op[1].reg ? dc->d.imm2 : dc->d.imm;

        if ((c & (bits == 64 ? 63 : 31)) != 0) {
            tcg_gen_mov_i64(S, cpu_cc_dst, r);
            tcg_gen_mov_i64(S, cpu_cc_src, prev);
            set_cc_op(dc, cc_sized(base, ot));
        }
        return;
    }
    TCGv_i64 op = tcg_temp_new_i64(S), old_op = tcg_temp_new_i64(S);
    if (dc->cc_op == CC_OP_DYNAMIC)
        tcg_gen_extu_i32_i64(S, old_op, cpu_cc_op);
    else
        tcg_gen_movi_i64(S, old_op, (uint64_t)dc->cc_op);
    tcg_gen_movcond_i64(S, TCG_COND_NE, cpu_cc_dst, cnt, zero, r, cpu_cc_dst);
    tcg_gen_movcond_i64(S, TCG_COND_NE, cpu_cc_src, cnt, zero, prev, cpu_cc_src);
    tcg_gen_movcond_i64(S, TCG_COND_NE, op, cnt, zero,
                        tcg_constant_i64(S, (uint64_t)cc_sized(base, ot)), old_op);
    tcg_gen_extrl_i64_i32(S, cpu_cc_op, op);
    dc->cc_op = CC_OP_DYNAMIC;
}

/* The CC_OP_ROT ops cannot follow: they read cc_src2 (cpu.h). */
#define CC_OP_READS_SRC2_MASK \
    ((0xfull << CC_OP_ADCB) | (0xfull << CC_OP_SBBB) | (1ull << CC_OP_ADOX))

/*
 * The same with cc_op known only at run time (a rotate early in a TB): fold
 * the rare ops that read cc_src2 into EFLAGS form first, then derive the
 * CC_OP_ROT value from env's cc_op (k: the ROL and size bits).
 */
static void gen_rotate_dynamic_cc(DisasContext *dc, int k, TCGv_i64 r)
{
    TCGv_i64 old = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S), u = tcg_temp_new_i64(S);
    TCGLabel ok = gen_new_label(S);

    tcg_gen_extu_i32_i64(S, old, cpu_cc_op);
    tcg_gen_andi_i64(S, t, old, 63);
    tcg_gen_shr_i64(S, t, tcg_constant_i64(S, CC_OP_READS_SRC2_MASK), t);
    tcg_gen_setcondi_i64(S, TCG_COND_LTU, u, old, CC_OP_ROT);
    tcg_gen_and_i64(S, t, t, u);
    tcg_gen_andi_i64(S, t, t, 1);
    tcg_gen_brcondi_i64(S, TCG_COND_EQ, t, 0, ok);
    gen_compute_eflags(dc, cpu_cc_src);           /* dc->cc_op is dynamic: from env */
    tcg_gen_movi_i32(S, cpu_cc_op, CC_OP_EFLAGS);
    tcg_gen_set_label(S, ok);

    /* A CC_OP_ROT op keeps its predecessor; any other op becomes one. */
    tcg_gen_extu_i32_i64(S, old, cpu_cc_op);
    tcg_gen_andi_i64(S, t, old, ~(uint64_t)7);
    tcg_gen_shli_i64(S, u, old, 3);
    tcg_gen_addi_i64(S, u, u, CC_OP_ROT);
    tcg_gen_movcond_i64(S, TCG_COND_GEU, t, old, tcg_constant_i64(S, CC_OP_ROT), t, u);
    tcg_gen_addi_i64(S, t, t, (uint64_t)k);
    tcg_gen_mov_i64(S, cpu_cc_src2, r);
    tcg_gen_extrl_i64_i32(S, cpu_cc_op, t);
}

/*
 * A rotate by a constant count after an op whose flags are known at
 * translation time: record the result as a CC_OP_ROT op (cpu.h) instead of
 * computing EFLAGS, which cost a cc_compute_all call per rotate in SHA-256's
 * rounds. False when the general path must run.
 */
static bool gen_rotate_lazy_flags(DisasContext *dc, bool left, MemOp ot, TCGv_i64 r)
{
    const X86Operand *c = &dc->d.op[1];
    int prev = dc->cc_op;
    uint64_t cnt;

    if (c->type == X86_OT_CONST)
        cnt = 1;
    else if (c->type == X86_OT_IMM)
        cnt = c->reg ? dc->d.imm2 : dc->d.imm;
    else
        return false;
    if ((cnt & ((ot & MO_SIZE) == MO_64 ? 63 : 31)) == 0)
        return true;                      /* count 0: the flags stay as they are */
    /* SHA-256's rounds: the next rotate or AND rewrites CF and OF unseen. */
    if (gen_flags_dead(dc, CC_C | CC_O))
        return true;
    if (prev == CC_OP_DYNAMIC) {
        gen_rotate_dynamic_cc(dc, (left ? 4 : 0) + (int)(ot & MO_SIZE), r);
        return true;
    }
    if (prev >= CC_OP_ROT && prev < CC_OP_ROT_END)
        prev = (prev - CC_OP_ROT) >> 3;
    if (prev >= CC_OP_NB || (CC_OP_READS_SRC2_MASK >> prev & 1))
        return false;
    tcg_gen_mov_i64(S, cpu_cc_src2, r);
    set_cc_op(dc, CC_OP_ROT + (prev << 3) + (left ? 4 : 0) + (int)(ot & MO_SIZE));
    return true;
}

/* ROL/ROR touch only CF and OF; count 0 touches nothing. */
static void gen_rotate(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    bool left = dc->d.insn == X86_INSN_ROL;
    TCGv_i64 v = dc->T0, cnt = dc->T1, r = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);
    TCGv_i64 flags = tcg_temp_new_i64(S), nf = tcg_temp_new_i64(S), c = tcg_temp_new_i64(S);
    TCGv_i64 o = tcg_temp_new_i64(S), zero = tcg_constant_i64(S, 0);

    gen_op_load_rmw(dc, 0, v);
    gen_op_load(dc, 1, cnt);
    tcg_gen_andi_i64(S, cnt, cnt, bits == 64 ? 63 : 31);
    if (bits == 64) {
        if (left)
            tcg_gen_rotl_i64(S, r, v, cnt);
        else
            tcg_gen_rotr_i64(S, r, v, cnt);
    } else if (bits == 32) {
        /* The host's own 32-bit rotate (SHA-256 is made of these). */
        TCGv_i32 a = tcg_temp_new_i32(S), n = tcg_temp_new_i32(S);

        tcg_gen_extrl_i64_i32(S, a, v);
        tcg_gen_extrl_i64_i32(S, n, cnt);
        if (left)
            tcg_gen_rotl_i32(S, a, a, n);
        else
            tcg_gen_rotr_i32(S, a, a, n);
        tcg_gen_extu_i32_i64(S, r, a);
    } else {
        /* Rotate within bits: replicate the value across 64 bits first. */
        TCGv_i64 n = tcg_temp_new_i64(S);
        tcg_gen_andi_i64(S, n, cnt, bits - 1);
        tcg_gen_extract_i64(S, v, v, 0, bits);
        for (unsigned w = bits; w < 64; w *= 2) {
            tcg_gen_shli_i64(S, t, v, w);
            tcg_gen_or_i64(S, v, v, t);
        }
        if (left)
            tcg_gen_rotl_i64(S, r, v, n);
        else
            tcg_gen_rotr_i64(S, r, v, n);
        tcg_gen_extract_i64(S, r, r, 0, bits);
    }
    gen_op_store(dc, 0, r);

    if (gen_rotate_lazy_flags(dc, left, ot, r))
        return;
    /* CF: ROL the new low bit, ROR the new high bit. OF: ROL MSB^CF, ROR the
     * two top bits XORed (defined for count 1, computed this way always). */
    gen_compute_eflags(dc, flags);
    if (left) {
        tcg_gen_andi_i64(S, c, r, 1);
        tcg_gen_extract_i64(S, o, r, bits - 1, 1);
        tcg_gen_xor_i64(S, o, o, c);
    } else {
        tcg_gen_extract_i64(S, c, r, bits - 1, 1);
        tcg_gen_extract_i64(S, o, r, bits - 2, 1);
        tcg_gen_xor_i64(S, o, o, c);
    }
    tcg_gen_andi_i64(S, nf, flags, ~(uint64_t)(CC_C | CC_O));
    tcg_gen_or_i64(S, nf, nf, c);
    tcg_gen_shli_i64(S, o, o, 11);
    tcg_gen_or_i64(S, nf, nf, o);
    tcg_gen_movcond_i64(S, TCG_COND_NE, cpu_cc_src, cnt, zero, nf, flags);
    set_cc_op(dc, CC_OP_EFLAGS);
}

static void gen_rcl_rcr(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    bool left = dc->d.insn == X86_INSN_RCL;
    TCGv_i64 res = tcg_temp_new_i64(S);

    gen_op_load_rmw(dc, 0, dc->T0);
    gen_op_load(dc, 1, dc->T1);
    gen_materialize_eflags(dc);
    gen_helper(dc, left ? (TCGHelper)helper_rcl : (TCGHelper)helper_rcr, 0, &res, 3,
               dc->T0, dc->T1, tcg_constant_i64(S, ot & MO_SIZE));
    gen_op_store(dc, 0, res);
    /* The helper updated cc_src (EFLAGS form) in env. */
}

static void gen_shld_shrd(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    bool left = dc->d.insn == X86_INSN_SHLD;
    TCGv_i64 res = tcg_temp_new_i64(S), cnt = tcg_temp_new_i64(S);

    gen_op_load_rmw(dc, 0, dc->T0);
    gen_op_load(dc, 1, dc->T1);
    gen_op_load(dc, 2, cnt);
    gen_materialize_eflags(dc);
    gen_helper(dc, left ? (TCGHelper)helper_shld : (TCGHelper)helper_shrd, 0, &res, 4,
               dc->T0, dc->T1, cnt, tcg_constant_i64(S, ot & MO_SIZE));
    gen_op_store(dc, 0, res);
}

/* ---- Moves ------------------------------------------------------------------- */

static void gen_mov(DisasContext *dc)
{
    gen_op_load(dc, 1, dc->T0);
    gen_op_store(dc, 0, dc->T0);
}

static void gen_movzx_movsx(DisasContext *dc)
{
    unsigned bits = 8u * dc->d.op[1].size;

    gen_op_load(dc, 1, dc->T0);
    if (dc->d.insn != X86_INSN_MOVZX && bits < 64)
        tcg_gen_sextract_i64(S, dc->T0, dc->T0, 0, bits);
    gen_op_store(dc, 0, dc->T0);
}

static void gen_lea_insn(DisasContext *dc)
{
    /* The offset alone, no segment base, truncated to the address size
     * (then to the operand size by the register write). */
    TCGv_i64 a = dc->T0;

    gen_ea_offset(dc, a);
    if (dc->d.addrsize == 4)
        tcg_gen_ext32u_i64(S, a, a);
    else if (dc->d.addrsize == 2)
        tcg_gen_ext16u_i64(S, a, a);
    gen_reg_write(dc, op_ot(dc, 0), dc->d.op[0].reg, a);
}

static void gen_xchg(DisasContext *dc)
{
    gen_op_load_rmw(dc, 0, dc->T0);
    gen_op_load(dc, 1, dc->T1);
    /* Memory (if any) is op 0 or op 1; store it first so a fault changes nothing. */
    if (dc->d.op[1].type == X86_OT_MEM) {
        gen_op_store(dc, 1, dc->T0);
        gen_op_store(dc, 0, dc->T1);
    } else {
        gen_op_store(dc, 0, dc->T1);
        gen_op_store(dc, 1, dc->T0);
    }
}

static void gen_cmov(DisasContext *dc)
{
    TCGv_i64 c = tcg_temp_new_i64(S), old = tcg_temp_new_i64(S);

    gen_op_load(dc, 1, dc->T1);          /* the load happens (and may fault) either way */
    gen_op_load(dc, 0, old);
    gen_setcc(dc, dc->d.cc, c);
    tcg_gen_movcond_i64(S, TCG_COND_NE, dc->T0, c, tcg_constant_i64(S, 0), dc->T1, old);
    /* A 32-bit CMOV zero-extends the destination even when not taken. */
    gen_op_store(dc, 0, dc->T0);
}

static void gen_setcc_insn(DisasContext *dc)
{
    gen_setcc(dc, dc->d.cc, dc->T0);
    gen_op_store(dc, 0, dc->T0);
}

static void gen_bswap(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);

    gen_op_load(dc, 0, dc->T0);
    if ((ot & MO_SIZE) == MO_64)
        tcg_gen_bswap64_i64(S, dc->T0, dc->T0);
    else if ((ot & MO_SIZE) == MO_32)
        tcg_gen_bswap32_i64(S, dc->T0, dc->T0);
    else
        tcg_gen_movi_i64(S, dc->T0, 0);   /* BSWAP r16: undefined; zero, as Intel cores do */
    gen_op_store(dc, 0, dc->T0);
}

static void gen_movbe(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);

    gen_op_load(dc, 1, dc->T0);
    switch (ot & MO_SIZE) {
    case MO_16: tcg_gen_bswap16_i64(S, dc->T0, dc->T0); break;
    case MO_32: tcg_gen_bswap32_i64(S, dc->T0, dc->T0); break;
    default: tcg_gen_bswap64_i64(S, dc->T0, dc->T0); break;
    }
    gen_op_store(dc, 0, dc->T0);
}

static void gen_cbw(DisasContext *dc)
{
    unsigned bits = 8u * dc->d.opsize;

    /* CBW/CWDE/CDQE: rAX = sign-extend the lower half of rAX. */
    tcg_gen_sextract_i64(S, dc->T0, cpu_regs[R_EAX], 0, bits / 2);
    gen_reg_write(dc, ot_of(dc->d.opsize), R_EAX, dc->T0);
}

static void gen_cwd(DisasContext *dc)
{
    unsigned bits = 8u * dc->d.opsize;

    /* CWD/CDQ/CQO: rDX = copies of rAX's sign bit. */
    tcg_gen_sextract_i64(S, dc->T0, cpu_regs[R_EAX], bits - 1, 1);
    gen_reg_write(dc, ot_of(dc->d.opsize), R_EDX, dc->T0);
}

static void gen_xadd(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 sum = tcg_temp_new_i64(S);

    gen_op_load_rmw(dc, 0, dc->T0);
    gen_op_load(dc, 1, dc->T1);
    tcg_gen_add_i64(S, sum, dc->T0, dc->T1);
    /* SRC <- DEST, then DEST <- sum: with one register for both, the sum
     * wins. A memory destination is stored first, so that a store that
     * unwinds (a write to translated code) leaves the register as it was. */
    if (dc->d.op[0].type == X86_OT_MEM) {
        gen_op_store(dc, 0, sum);
        gen_op_store(dc, 1, dc->T0);
    } else {
        gen_op_store(dc, 1, dc->T0);
        gen_op_store(dc, 0, sum);
    }
    set_cc_result(dc, CC_OP_ADDB, ot, sum, dc->T1);
}

static void gen_cmpxchg(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 acc = tcg_temp_new_i64(S), dst = dc->T0, src = dc->T1, nv = tcg_temp_new_i64(S);
    TCGv_i64 diff = tcg_temp_new_i64(S), eq = tcg_temp_new_i64(S);
    unsigned bits = 8u << (ot & MO_SIZE);

    gen_op_load_rmw(dc, 0, dst);
    gen_op_load(dc, 1, src);
    gen_reg_read(dc, ot, acc, R_EAX);
    tcg_gen_sub_i64(S, diff, acc, dst);
    if (bits < 64)
        tcg_gen_extract_i64(S, eq, diff, 0, bits);
    else
        tcg_gen_mov_i64(S, eq, diff);
    if (dc->d.op[0].type == X86_OT_MEM) {
        /* Memory: always written (the old value when not equal), as the
         * locked read-modify-write cycle does; rAX = dest when not equal. */
        TCGLabel skip = gen_new_label(S);
        tcg_gen_movcond_i64(S, TCG_COND_EQ, nv, eq, tcg_constant_i64(S, 0), src, dst);
        gen_op_store(dc, 0, nv);
        tcg_gen_brcondi_i64(S, TCG_COND_EQ, eq, 0, skip);
        gen_reg_write(dc, ot, R_EAX, dst);
        tcg_gen_set_label(S, skip);
    } else {
        /* Register: only the register chosen is written (and, for 32-bit
         * operands, zero-extended); the other keeps its upper half. */
        TCGLabel ne = gen_new_label(S), done = gen_new_label(S);
        tcg_gen_brcondi_i64(S, TCG_COND_NE, eq, 0, ne);
        gen_op_store(dc, 0, src);
        tcg_gen_br(S, done);
        tcg_gen_set_label(S, ne);
        gen_reg_write(dc, ot, R_EAX, dst);
        tcg_gen_set_label(S, done);
    }
    set_cc_result(dc, CC_OP_SUBB, ot, diff, dst);
}

static void gen_cmpxchg8b_16b(DisasContext *dc)
{
    if (!dc->a0_valid)
        gen_lea(dc);
    gen_helper(dc, dc->d.insn == X86_INSN_CMPXCHG16B ? (TCGHelper)helper_cmpxchg16b
                                                     : (TCGHelper)helper_cmpxchg8b,
               0, NULL, 2, dc->A0, tcg_constant_i64(S, mem_flags(dc)));
    dc->cc_op = CC_OP_EFLAGS;     /* the helper stored cc_op */
}

/* ---- Stack ------------------------------------------------------------------ */

static MemOp push_ot(DisasContext *dc)
{
    /* 64-bit mode: 8 bytes, or 2 with 66; never 4. */
    return ot_of(dc->d.opsize);
}

static void gen_push_insn(DisasContext *dc)
{
    gen_op_load(dc, 0, dc->T0);
    gen_push(dc, push_ot(dc), dc->T0);
}

static void gen_pop_insn(DisasContext *dc)
{
    MemOp ot = push_ot(dc);
    TCGContext *s = dc->s;

    if (dc->d.op[0].type == X86_OT_MEM) {
        /* POP to memory: the address is computed with rSP already
         * incremented (SDM POP), but a faulting store leaves rSP as it was. */
        TCGv_i64 a = tcg_temp_new_i64(s), old = tcg_temp_new_i64(s);
        gen_seg_addr(dc, a, cpu_regs[R_ESP], X86_SEG_SS, stack_size(dc));
        gen_ld(dc, ot | MO_STACK, dc->T0, a);
        tcg_gen_mov_i64(s, old, cpu_regs[R_ESP]);
        tcg_gen_addi_i64(s, cpu_regs[R_ESP], cpu_regs[R_ESP], 1u << (ot & MO_SIZE));
        gen_lea(dc);
        tcg_gen_mov_i64(s, cpu_regs[R_ESP], old);
        gen_op_store(dc, 0, dc->T0);
        tcg_gen_addi_i64(s, a, old, 1u << (ot & MO_SIZE));
        gen_reg_write(dc, ot_of(stack_size(dc)), R_ESP, a);
        return;
    }
    gen_pop(dc, ot, dc->T0);
    gen_op_store(dc, 0, dc->T0);
}

static void gen_pushf(DisasContext *dc)
{
    TCGv_i64 f = tcg_temp_new_i64(S);

    gen_helper(dc, (TCGHelper)helper_read_eflags, 0, &f, 0);
    /* VM and RF are cleared in the image (SDM PUSHF). */
    tcg_gen_andi_i64(S, f, f, ~(uint64_t)(VM_MASK | RF_MASK));
    gen_push(dc, push_ot(dc), f);
}

static void gen_popf(DisasContext *dc)
{
    gen_pop(dc, push_ot(dc), dc->T0);
    gen_helper(dc, (TCGHelper)helper_write_eflags_popf, 0, NULL, 2, dc->T0,
               tcg_constant_i64(S, dc->d.opsize));
    dc->cc_op = CC_OP_EFLAGS;
    dc->is_jmp = DISAS_EOB_NEXT;      /* TF/IF/AC may have changed */
}

static void gen_lahf(DisasContext *dc)
{
    TCGv_i64 f = tcg_temp_new_i64(S);

    gen_compute_eflags(dc, f);
    tcg_gen_ori_i64(S, f, f, 2);
    gen_reg_write(dc, MO_8, X86_REG_AH, f);
}

static void gen_sahf(DisasContext *dc)
{
    TCGv_i64 f = tcg_temp_new_i64(S), ah = tcg_temp_new_i64(S);

    gen_compute_eflags(dc, f);
    tcg_gen_andi_i64(S, f, f, CC_O);
    tcg_gen_extract_i64(S, ah, cpu_regs[R_EAX], 8, 8);
    tcg_gen_andi_i64(S, ah, ah, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_or_i64(S, cpu_cc_src, f, ah);
    set_cc_op(dc, CC_OP_EFLAGS);
}

static void gen_flag_op(DisasContext *dc)
{
    unsigned insn = dc->d.insn;

    if (insn == X86_INSN_CLD || insn == X86_INSN_STD) {
        tcg_gen_movi_i32(S, cpu_df, insn == X86_INSN_CLD ? 1 : (uint32_t)-1);
        return;
    }
    gen_materialize_eflags(dc);
    if (insn == X86_INSN_CLC)
        tcg_gen_andi_i64(S, cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
    else if (insn == X86_INSN_STC)
        tcg_gen_ori_i64(S, cpu_cc_src, cpu_cc_src, CC_C);
    else
        tcg_gen_xori_i64(S, cpu_cc_src, cpu_cc_src, CC_C);
}

static void gen_enter(DisasContext *dc)
{
    gen_helper(dc, (TCGHelper)helper_enter, 0, NULL, 3,
               tcg_constant_i64(S, dc->d.imm & 0xffff), tcg_constant_i64(S, dc->d.imm2 & 31),
               tcg_constant_i64(S, dc->d.opsize));
}

static void gen_leave(DisasContext *dc)
{
    MemOp ot = push_ot(dc);
    TCGv_i64 a = tcg_temp_new_i64(S), v = tcg_temp_new_i64(S);

    gen_seg_addr(dc, a, cpu_regs[R_EBP], X86_SEG_SS, stack_size(dc));
    gen_ld(dc, ot | MO_STACK, v, a);
    tcg_gen_addi_i64(S, a, cpu_regs[R_EBP], 1u << (ot & MO_SIZE));
    gen_reg_write(dc, ot_of(stack_size(dc)), R_ESP, a);
    gen_reg_write(dc, ot, R_EBP, v);
}

/* ---- Control flow ------------------------------------------------------------- */

static uint64_t branch_target(DisasContext *dc)
{
    uint64_t t = dc->next_pc + dc->d.imm - dc->cs_base;

    if (dc->d.opsize == 2)
        t &= 0xffff;
    else if (dc->mode != 64)
        t &= 0xffffffff;
    return t + dc->cs_base;
}

static void gen_jcc(DisasContext *dc)
{
    TCGLabel taken = gen_new_label(S);
    TCGv_i64 c = tcg_temp_new_i64(S), a, b;
    TCGCond cond;

    /* After CMP, TEST and the like: one compare-and-branch. */
    if (gen_cc_compare(dc, dc->d.cc, &cond, &a, &b)) {
        tcg_gen_brcond_i64(S, cond, a, b, taken);
    } else {
        gen_setcc(dc, dc->d.cc, c);
        tcg_gen_brcondi_i64(S, TCG_COND_NE, c, 0, taken);
    }
    gen_jmp_to(dc, 0, dc->next_pc);
    tcg_gen_set_label(S, taken);
    gen_jmp_to(dc, 1, branch_target(dc));
    dc->is_jmp = DISAS_JUMPED;
}

static void gen_jmp(DisasContext *dc)
{
    if (dc->d.op[0].type == X86_OT_REL) {
        gen_jmp_to(dc, 0, branch_target(dc));
        dc->is_jmp = DISAS_JUMPED;
        return;
    }
    gen_op_load(dc, 0, dc->T0);
    if (dc->d.opsize == 4)
        tcg_gen_ext32u_i64(S, dc->T0, dc->T0);
    else if (dc->d.opsize == 2)
        tcg_gen_ext16u_i64(S, dc->T0, dc->T0);
    gen_check_canonical(dc, dc->T0);
    gen_jmp_indirect(dc, dc->T0);
}

static void gen_call(DisasContext *dc)
{
    MemOp ot = push_ot(dc);
    TCGv_i64 ret = tcg_constant_i64(S, dc->next_pc - dc->cs_base);

    if (dc->d.op[0].type == X86_OT_REL) {
        gen_push(dc, ot, ret);
        gen_jmp_to(dc, 0, branch_target(dc));
        dc->is_jmp = DISAS_JUMPED;
        return;
    }
    gen_op_load(dc, 0, dc->T0);          /* load the target before the push can fault */
    if (dc->d.opsize == 4)
        tcg_gen_ext32u_i64(S, dc->T0, dc->T0);
    else if (dc->d.opsize == 2)
        tcg_gen_ext16u_i64(S, dc->T0, dc->T0);
    gen_check_canonical(dc, dc->T0);
    gen_push(dc, ot, ret);
    gen_jmp_indirect(dc, dc->T0);
}

static void gen_ret(DisasContext *dc)
{
    MemOp ot = push_ot(dc);
    TCGv_i64 a = tcg_temp_new_i64(S), sp = tcg_temp_new_i64(S);

    /* Load and check the target before rSP moves: a fault changes nothing. */
    gen_seg_addr(dc, a, cpu_regs[R_ESP], X86_SEG_SS, stack_size(dc));
    gen_ld(dc, ot | MO_STACK, dc->T0, a);
    gen_check_canonical(dc, dc->T0);
    tcg_gen_addi_i64(S, sp, cpu_regs[R_ESP], 1u << (ot & MO_SIZE));
    if (dc->d.nops > 0 && dc->d.op[0].type == X86_OT_IMM)
        tcg_gen_addi_i64(S, sp, sp, dc->d.imm & 0xffff);
    gen_reg_write(dc, ot_of(stack_size(dc)), R_ESP, sp);
    gen_jmp_indirect(dc, dc->T0);
}

/* LOOP/LOOPE/LOOPNE/JrCXZ: the count register is sized by the address size. */
static void gen_loop(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    MemOp aot = ot_of(dc->d.addrsize);
    TCGLabel taken = gen_new_label(S), not_taken = gen_new_label(S);
    TCGv_i64 cx = tcg_temp_new_i64(S), z = tcg_temp_new_i64(S);

    if (insn != X86_INSN_JRCXZ) {
        if (insn != X86_INSN_LOOP)
            gen_setcc(dc, 4, z);          /* ZF, before rCX changes (LOOP leaves flags) */
        gen_reg_read(dc, aot, cx, R_ECX);
        tcg_gen_subi_i64(S, cx, cx, 1);
        gen_reg_write(dc, aot, R_ECX, cx);
        gen_reg_read(dc, aot, cx, R_ECX);
        tcg_gen_brcondi_i64(S, TCG_COND_EQ, cx, 0, not_taken);
        if (insn == X86_INSN_LOOPE)
            tcg_gen_brcondi_i64(S, TCG_COND_EQ, z, 0, not_taken);
        else if (insn == X86_INSN_LOOPNE)
            tcg_gen_brcondi_i64(S, TCG_COND_NE, z, 0, not_taken);
        tcg_gen_br(S, taken);
    } else {
        gen_reg_read(dc, aot, cx, R_ECX);
        tcg_gen_brcondi_i64(S, TCG_COND_EQ, cx, 0, taken);
    }
    tcg_gen_set_label(S, not_taken);
    gen_jmp_to(dc, 0, dc->next_pc);
    tcg_gen_set_label(S, taken);
    gen_jmp_to(dc, 1, branch_target(dc));
    dc->is_jmp = DISAS_JUMPED;
}

static void gen_int3(DisasContext *dc)
{
    /* A trap: the saved rip is that of the next instruction. */
    gen_helper(dc, (TCGHelper)helper_raise_interrupt, TCG_CALL_NO_RETURN, NULL, 2,
               tcg_constant_i64(S, EXCP_BP), tcg_constant_i64(S, dc->next_pc - dc->cs_base));
    dc->is_jmp = DISAS_JUMPED;
}

static void gen_int(DisasContext *dc)
{
    gen_helper(dc, (TCGHelper)helper_raise_interrupt, TCG_CALL_NO_RETURN, NULL, 2,
               tcg_constant_i64(S, dc->d.imm & 0xff), tcg_constant_i64(S, dc->next_pc - dc->cs_base));
    dc->is_jmp = DISAS_JUMPED;
}

static void gen_ud(DisasContext *dc) { gen_exception(dc, EXCP_UD); }

/*
 * SYSCALL under vireo-x86_64 (HF_USER_MODE): the instruction completes and
 * cpu_exec() returns EXCP_SYSCALL with rip on the next instruction; the
 * runner serves the call. Elsewhere it stays #UD until the system-level CPU.
 */
static void gen_syscall(DisasContext *dc)
{
    if (!(dc->flags & HF_USER_MODE)) {
        gen_exception(dc, EXCP_UD);
        return;
    }
    gen_helper(dc, (TCGHelper)helper_raise_interrupt, TCG_CALL_NO_RETURN, NULL, 2,
               tcg_constant_i64(S, EXCP_SYSCALL), tcg_constant_i64(S, dc->next_pc - dc->cs_base));
    dc->is_jmp = DISAS_JUMPED;
}

/*
 * Instructions that need CPL 0 (or IOPL >= CPL for I/O, CLI, STI): at CPL 3
 * with IOPL 0 they raise #GP(0). Their CPL-0 semantics come with the
 * system-level CPU; until then CPL 0 gets #UD and a LOG_UNIMP line.
 */
static void gen_privileged(DisasContext *dc)
{
    if ((dc->flags & HF_CPL_MASK) == 0) {
        if (log_enabled(LOG_UNIMP))
            log_printf("unimplemented system instruction %s at 0x%llx\n",
                       x86_insn_mnemonic(dc->d.insn), (unsigned long long)dc->pc);
        gen_exception(dc, EXCP_UD);
        return;
    }
    gen_exception_err(dc, EXCP_GP, 0);
}

static void gen_nop(DisasContext *dc) { (void)dc; }

/* ---- Bits ------------------------------------------------------------------- */

/*
 * BT/BTS/BTR/BTC. With a register bit offset and a memory operand the offset
 * is a signed bit string index: the address moves by (offset >> 3) bytes,
 * aligned to the operand size (SDM BT "bit base").
 */
static void gen_bt(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    TCGv_i64 off = dc->T1, v = dc->T0, bit = tcg_temp_new_i64(S), m = tcg_temp_new_i64(S);

    gen_op_load(dc, 1, off);
    if (dc->d.op[0].type == X86_OT_MEM && dc->d.op[1].type == X86_OT_GPR) {
        TCGv_i64 disp = tcg_temp_new_i64(S);
        if (bits < 64)
            tcg_gen_sextract_i64(S, off, off, 0, bits);
        tcg_gen_sari_i64(S, disp, off, (bits == 64) ? 6 : (bits == 32) ? 5 : 4);
        tcg_gen_shli_i64(S, disp, disp, (ot & MO_SIZE));
        /* The offset wraps at the address size, before the segment base. */
        gen_ea_offset(dc, dc->A0);
        tcg_gen_add_i64(S, dc->A0, dc->A0, disp);
        gen_seg_addr(dc, dc->A0, dc->A0, dc->d.mem.seg, dc->d.addrsize);
        dc->a0_valid = true;
    }
    tcg_gen_andi_i64(S, off, off, bits - 1);
    if (insn == X86_INSN_BT)
        gen_op_load(dc, 0, v);
    else
        gen_op_load_rmw(dc, 0, v);
    tcg_gen_shr_i64(S, bit, v, off);
    tcg_gen_andi_i64(S, bit, bit, 1);
    if (insn != X86_INSN_BT) {
        tcg_gen_shl_i64(S, m, tcg_constant_i64(S, 1), off);
        if (insn == X86_INSN_BTS)
            tcg_gen_or_i64(S, v, v, m);
        else if (insn == X86_INSN_BTR)
            tcg_gen_andc_i64(S, v, v, m);
        else
            tcg_gen_xor_i64(S, v, v, m);
        gen_op_store(dc, 0, v);
    }
    /* CF = the bit; ZF preserved; OF SF AF PF undefined (kept). */
    gen_materialize_eflags(dc);
    tcg_gen_andi_i64(S, cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
    tcg_gen_or_i64(S, cpu_cc_src, cpu_cc_src, bit);
}

static void gen_bsf_bsr(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 src = dc->T1, r = tcg_temp_new_i64(S);
    TCGLabel zero = gen_new_label(S);

    gen_op_load(dc, 1, src);
    /* Source zero: ZF = 1 and the destination is not written at all (not
     * even zero-extended), as current Intel and AMD parts do. */
    tcg_gen_brcondi_i64(S, TCG_COND_EQ, src, 0, zero);
    if (dc->d.insn == X86_INSN_BSF) {
        tcg_gen_ctz_i64(S, r, src, tcg_constant_i64(S, 64));
    } else {
        /* index of the highest set bit = 63 - clz(src); src is zero-extended */
        tcg_gen_clz_i64(S, r, src, tcg_constant_i64(S, 64));
        tcg_gen_xori_i64(S, r, r, 63);
    }
    gen_op_store(dc, 0, r);
    tcg_gen_set_label(S, zero);
    set_cc_result(dc, CC_OP_LOGICB, ot, src, (TCGv_i64){ 0 });
}

static void gen_tzcnt_lzcnt(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    TCGv_i64 src = dc->T1, r = tcg_temp_new_i64(S);

    gen_op_load(dc, 1, src);
    if (dc->d.insn == X86_INSN_TZCNT) {
        tcg_gen_ctz_i64(S, r, src, tcg_constant_i64(S, bits));
    } else {
        tcg_gen_clz_i64(S, r, src, tcg_constant_i64(S, 64));
        tcg_gen_subi_i64(S, r, r, 64 - bits);
    }
    gen_op_store(dc, 0, r);
    /* CF = source was zero, ZF = result is zero */
    set_cc_result(dc, CC_OP_BMILGB, ot, r, src);
}

static void gen_popcnt(DisasContext *dc)
{
    TCGv_i64 src = dc->T1, r = tcg_temp_new_i64(S);

    gen_op_load(dc, 1, src);
    tcg_gen_ctpop_i64(S, r, src);
    gen_op_store(dc, 0, r);
    /* All flags clear but ZF = (source == 0). */
    tcg_gen_setcondi_i64(S, TCG_COND_EQ, cpu_cc_src, src, 0);
    tcg_gen_shli_i64(S, cpu_cc_src, cpu_cc_src, 6);
    set_cc_op(dc, CC_OP_EFLAGS);
}

/* ---- Strings ---------------------------------------------------------------- */

static int string_src_seg(DisasContext *dc)
{
    return dc->d.seg != X86_SEG_NONE ? dc->d.seg : X86_SEG_DS;
}

/* Advance rSI/rDI by the element size in the direction of DF. */
static void gen_string_step(DisasContext *dc, int reg, unsigned size)
{
    MemOp aot = ot_of(dc->d.addrsize);
    TCGv_i64 step = tcg_temp_new_i64(S), r = tcg_temp_new_i64(S);

    tcg_gen_ext_i32_i64(S, step, cpu_df);
    tcg_gen_shli_i64(S, step, step, __builtin_ctz(size));
    tcg_gen_add_i64(S, r, cpu_regs[reg], step);
    gen_reg_write(dc, aot, reg, r);
}

/* Load the element at seg:rSI (DS unless overridden). */
static void gen_string_load_src(DisasContext *dc, MemOp ot, TCGv_i64 v)
{
    TCGv_i64 a = tcg_temp_new_i64(S);

    gen_seg_addr(dc, a, cpu_regs[R_ESI], string_src_seg(dc), dc->d.addrsize);
    gen_ld(dc, ot, v, a);
}

/* The address ES:rDI (never overridable). */
static void gen_string_dst_addr(DisasContext *dc, TCGv_i64 a)
{
    gen_seg_addr(dc, a, cpu_regs[R_EDI], X86_SEG_ES, dc->d.addrsize);
}

/*
 * One iteration of MOVS/STOS/LODS/CMPS/SCAS. With a REP prefix the loop is
 * in the TB itself: each iteration leaves rCX/rSI/rDI consistent, so a fault
 * in iteration k reports state as the hardware does after k-1 iterations.
 */
static void gen_string_body(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    /* The element is the memory operand: OUTS's first operand is DX. */
    unsigned size = insn == X86_INSN_OUTS ? dc->d.op[1].size
                    : dc->d.op[0].size ? dc->d.op[0].size : dc->d.op[1].size;
    MemOp ot = ot_of(size);
    TCGv_i64 a = tcg_temp_new_i64(S), v = tcg_temp_new_i64(S), w = tcg_temp_new_i64(S);

    switch (insn) {
    case X86_INSN_MOVS:
        gen_string_load_src(dc, ot, v);
        gen_string_dst_addr(dc, a);
        gen_st(dc, ot, v, a);
        gen_string_step(dc, R_ESI, size);
        gen_string_step(dc, R_EDI, size);
        return;
    case X86_INSN_STOS:
        gen_reg_read(dc, ot, v, R_EAX);
        gen_string_dst_addr(dc, a);
        gen_st(dc, ot, v, a);
        gen_string_step(dc, R_EDI, size);
        return;
    case X86_INSN_LODS:
        gen_string_load_src(dc, ot, v);
        gen_reg_write(dc, ot, R_EAX, v);
        gen_string_step(dc, R_ESI, size);
        return;
    case X86_INSN_INS:
        /* The port is read before the store, which may fault, as on hardware. */
        tcg_gen_ext16u_i64(S, w, cpu_regs[R_EDX]);
        gen_helper(dc, (TCGHelper)helper_in, 0, &v, 2, w, tcg_constant_i64(S, size));
        gen_string_dst_addr(dc, a);
        gen_st(dc, ot, v, a);
        gen_string_step(dc, R_EDI, size);
        return;
    case X86_INSN_OUTS:
        gen_string_load_src(dc, ot, v);
        tcg_gen_ext16u_i64(S, w, cpu_regs[R_EDX]);
        gen_helper(dc, (TCGHelper)helper_out, 0, NULL, 3, w, v, tcg_constant_i64(S, size));
        gen_string_step(dc, R_ESI, size);
        return;
    case X86_INSN_CMPS:
        gen_string_load_src(dc, ot, v);
        break;
    default: /* SCAS */
        gen_reg_read(dc, ot, v, R_EAX);
        break;
    }
    /* CMPS and SCAS: compare v with ES:[rDI], as CMP v, w. Both loads come
     * before any register moves, so a fault leaves rSI and rDI alone. */
    gen_string_dst_addr(dc, a);
    gen_ld(dc, ot, w, a);
    if (insn == X86_INSN_CMPS)
        gen_string_step(dc, R_ESI, size);
    gen_string_step(dc, R_EDI, size);
    tcg_gen_sub_i64(S, cpu_cc_dst, v, w);
    tcg_gen_mov_i64(S, cpu_cc_src, w);
    set_cc_op(dc, cc_sized(CC_OP_SUBB, ot));
}

/*
 * REP MOVS/STOS: first let helper_rep_fast do a page's worth of iterations
 * on host memory; when it did none (page end, fault to come, MMIO, DF = 1)
 * the one-iteration body runs. The segment bases are those gen_seg_addr
 * adds, found by giving it a zero offset.
 */
static void gen_rep_fast(DisasContext *dc, TCGLabel top)
{
    bool movs = dc->d.insn == X86_INSN_MOVS;
    unsigned size = dc->d.op[0].size ? dc->d.op[0].size : dc->d.op[1].size;
    TCGv_i64 zero = tcg_constant_i64(S, 0), esb = tcg_temp_new_i64(S);
    TCGv_i64 srcb = tcg_temp_new_i64(S), k = tcg_temp_new_i64(S);

    gen_seg_addr(dc, esb, zero, X86_SEG_ES, dc->d.addrsize);
    if (movs)
        gen_seg_addr(dc, srcb, zero, string_src_seg(dc), dc->d.addrsize);
    else
        tcg_gen_movi_i64(S, srcb, 0);
    gen_helper(dc, (TCGHelper)helper_rep_fast, 0, &k, 6, tcg_constant_i64(S, movs),
               tcg_constant_i64(S, size), tcg_constant_i64(S, dc->d.addrsize), esb, srcb,
               tcg_constant_i64(S, dc->mmu_idx));
    tcg_gen_brcondi_i64(S, TCG_COND_NE, k, 0, top);
}

static void gen_string(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    bool cmp = insn == X86_INSN_CMPS || insn == X86_INSN_SCAS;
    bool rep = dc->d.prefix & (X86_PREFIX_REPZ | X86_PREFIX_REPNZ);
    MemOp aot = ot_of(dc->d.addrsize);
    TCGLabel top, done;
    TCGv_i64 cx, z;

    if (!rep) {
        gen_string_body(dc);
        return;
    }
    /* The flags state must be the same on every path through the loop. */
    if (cmp)
        gen_materialize_eflags(dc);
    top = gen_new_label(S);
    done = gen_new_label(S);
    cx = tcg_temp_new_tb_i64(S);
    z = tcg_temp_new_tb_i64(S);
    tcg_gen_set_label(S, top);
    gen_reg_read(dc, aot, cx, R_ECX);
    tcg_gen_brcondi_i64(S, TCG_COND_EQ, cx, 0, done);
    if (insn == X86_INSN_MOVS || insn == X86_INSN_STOS)
        gen_rep_fast(dc, top);
    gen_string_body(dc);
    gen_reg_read(dc, aot, cx, R_ECX);
    tcg_gen_subi_i64(S, cx, cx, 1);
    gen_reg_write(dc, aot, R_ECX, cx);
    if (cmp) {
        /* REPE stops when ZF = 0, REPNE when ZF = 1. Keep the cc state
         * uniform at the loop head: fold to EFLAGS every iteration. */
        int sub_op = dc->cc_op;
        gen_setcc(dc, 4, z);
        gen_compute_eflags(dc, cpu_cc_src);
        dc->cc_op = sub_op;
        set_cc_op(dc, CC_OP_EFLAGS);
        tcg_gen_brcondi_i64(S, (dc->d.prefix & X86_PREFIX_REPZ) ? TCG_COND_EQ : TCG_COND_NE,
                            z, 0, done);
    }
    tcg_gen_br(S, top);
    tcg_gen_set_label(S, done);
}

/* ---- Miscellaneous ----------------------------------------------------------- */

static void gen_cpuid(DisasContext *dc)
{
    gen_helper(dc, (TCGHelper)helper_cpuid, 0, NULL, 0);
}

static void gen_rdtsc(DisasContext *dc)
{
    gen_helper(dc, (TCGHelper)helper_rdtsc, 0, NULL, 1,
               tcg_constant_i64(S, dc->d.insn == X86_INSN_RDTSCP));
}

static void gen_rdrand(DisasContext *dc)
{
    TCGv_i64 r = tcg_temp_new_i64(S);

    gen_helper(dc, (TCGHelper)helper_rdrand, 0, &r, 0);
    gen_op_store(dc, 0, r);
    /* CF = 1 (a value is always ready), other flags cleared. */
    tcg_gen_movi_i64(S, cpu_cc_src, CC_C);
    set_cc_op(dc, CC_OP_EFLAGS);
}

static void gen_xlat(DisasContext *dc)
{
    TCGv_i64 a = tcg_temp_new_i64(S), al = tcg_temp_new_i64(S);

    tcg_gen_ext8u_i64(S, al, cpu_regs[R_EAX]);
    tcg_gen_add_i64(S, a, cpu_regs[R_EBX], al);
    gen_seg_addr(dc, a, a, string_src_seg(dc), dc->d.addrsize);
    gen_ld(dc, MO_8, al, a);
    gen_reg_write(dc, MO_8, R_EAX, al);
}

static void gen_crc32(DisasContext *dc)
{
    TCGv_i64 r = tcg_temp_new_i64(S);

    gen_op_load(dc, 0, dc->T0);
    gen_op_load(dc, 1, dc->T1);
    gen_helper(dc, (TCGHelper)helper_crc32, TCG_CALL_PURE, &r, 3, dc->T0, dc->T1,
               tcg_constant_i64(S, dc->d.op[1].size));
    gen_op_store(dc, 0, r);
}

static void gen_adcx_adox(DisasContext *dc)
{
    bool ox = dc->d.insn == X86_INSN_ADOX;
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    TCGv_i64 c = tcg_temp_new_i64(S), r = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S);
    TCGv_i64 f = tcg_temp_new_i64(S);

    gen_op_load(dc, 0, dc->T0);
    gen_op_load(dc, 1, dc->T1);
    gen_materialize_eflags(dc);
    tcg_gen_extract_i64(S, c, cpu_cc_src, ox ? 11 : 0, 1);
    if (bits == 64) {
        /* 65-bit sum: carry out of (a + b + c) */
        TCGv_i64 t = tcg_temp_new_i64(S);
        tcg_gen_add_i64(S, r, dc->T0, dc->T1);
        tcg_gen_setcond_i64(S, TCG_COND_LTU, hi, r, dc->T0);
        tcg_gen_add_i64(S, r, r, c);
        tcg_gen_setcond_i64(S, TCG_COND_LTU, t, r, c);
        tcg_gen_or_i64(S, hi, hi, t);
    } else {
        tcg_gen_ext32u_i64(S, dc->T0, dc->T0);
        tcg_gen_ext32u_i64(S, dc->T1, dc->T1);
        tcg_gen_add_i64(S, r, dc->T0, dc->T1);
        tcg_gen_add_i64(S, r, r, c);
        tcg_gen_extract_i64(S, hi, r, 32, 1);
    }
    gen_op_store(dc, 0, r);
    tcg_gen_andi_i64(S, f, cpu_cc_src, ~(uint64_t)(ox ? CC_O : CC_C));
    tcg_gen_shli_i64(S, hi, hi, ox ? 11 : 0);
    tcg_gen_or_i64(S, cpu_cc_src, f, hi);
}

/* ---- 32-bit legacy: decimal adjust, PUSHA/POPA, BOUND, INTO ------------------- */

static void gen_bcd_adjust(DisasContext *dc)
{
    static const struct { uint16_t insn; TCGHelper fn; } adj[] = {
        { X86_INSN_DAA, (TCGHelper)helper_daa }, { X86_INSN_DAS, (TCGHelper)helper_das },
        { X86_INSN_AAA, (TCGHelper)helper_aaa }, { X86_INSN_AAS, (TCGHelper)helper_aas },
    };

    gen_materialize_eflags(dc);
    for (unsigned i = 0; i < sizeof(adj) / sizeof(adj[0]); i++) {
        if (adj[i].insn == dc->d.insn)
            gen_helper(dc, adj[i].fn, 0, NULL, 0);
    }
    dc->cc_op = CC_OP_EFLAGS;             /* the helper stored cc_src and cc_op */
}

static void gen_aam_aad(DisasContext *dc)
{
    gen_materialize_eflags(dc);
    gen_helper(dc, dc->d.insn == X86_INSN_AAM ? (TCGHelper)helper_aam : (TCGHelper)helper_aad,
               0, NULL, 1, tcg_constant_i64(S, dc->d.imm & 0xff));
    dc->cc_op = CC_OP_EFLAGS;
}

static void gen_salc(DisasContext *dc)
{
    /* AL = CF ? 0xff : 0, flags unchanged (undocumented, kept by every x86). */
    gen_setcc(dc, 2, dc->T0);
    tcg_gen_neg_i64(S, dc->T0, dc->T0);
    gen_reg_write(dc, MO_8, R_EAX, dc->T0);
}

/* PUSHA/POPA: every store (or load) before rSP moves, so a fault changes nothing. */
static void gen_pusha_popa(DisasContext *dc)
{
    unsigned size = dc->d.opsize;
    MemOp ot = ot_of(size) | MO_STACK;
    TCGv_i64 a = tcg_temp_new_i64(S), off = tcg_temp_new_i64(S), v[8];

    if (dc->d.insn == X86_INSN_PUSHA) {
        /* Order pushed: rAX rCX rDX rBX (old rSP) rBP rSI rDI */
        for (int r = 0; r < 8; r++) {
            tcg_gen_subi_i64(S, off, cpu_regs[R_ESP], (uint64_t)(r + 1) * size);
            gen_seg_addr(dc, a, off, X86_SEG_SS, stack_size(dc));
            gen_st(dc, ot, cpu_regs[r], a);
        }
        tcg_gen_subi_i64(S, off, cpu_regs[R_ESP], 8 * size);
    } else {
        /* Read upwards from rSP, rDI first, as the hardware does (it shows
         * in which address a fault reports). */
        for (int r = 7; r >= 0; r--) {
            v[r] = tcg_temp_new_i64(S);
            tcg_gen_addi_i64(S, off, cpu_regs[R_ESP], (uint64_t)(7 - r) * size);
            gen_seg_addr(dc, a, off, X86_SEG_SS, stack_size(dc));
            gen_ld(dc, ot, v[r], a);
        }
        for (int r = 0; r < 8; r++) {
            if (r != R_ESP)         /* the popped rSP image is discarded */
                gen_reg_write(dc, ot_of(size), r, v[r]);
        }
        tcg_gen_addi_i64(S, off, cpu_regs[R_ESP], 8 * size);
    }
    gen_reg_write(dc, ot_of(stack_size(dc)), R_ESP, off);
}

static void gen_bound(DisasContext *dc)
{
    gen_op_load(dc, 0, dc->T0);
    if (!dc->a0_valid)
        gen_lea(dc);
    gen_helper(dc, (TCGHelper)helper_bound, 0, NULL, 3, dc->T0, dc->A0,
               tcg_constant_i64(S, dc->d.opsize));
}

static void gen_into(DisasContext *dc)
{
    TCGLabel skip = gen_new_label(S);

    /* #OF is a trap: reported with the address of the next instruction. */
    gen_setcc(dc, 0, dc->T0);
    tcg_gen_brcondi_i64(S, TCG_COND_EQ, dc->T0, 0, skip);
    gen_helper(dc, (TCGHelper)helper_raise_interrupt, TCG_CALL_NO_RETURN, NULL, 2,
               tcg_constant_i64(S, EXCP_OF), tcg_constant_i64(S, dc->next_pc - dc->cs_base));
    tcg_gen_set_label(S, skip);
}

/* ---- BMI1 / BMI2 --------------------------------------------------------------- */

static void gen_andn(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);

    gen_op_load(dc, 1, dc->T0);          /* B: VEX.vvvv */
    gen_op_load(dc, 2, dc->T1);
    tcg_gen_andc_i64(S, dc->T0, dc->T1, dc->T0);
    if ((ot & MO_SIZE) == MO_32)
        tcg_gen_ext32u_i64(S, dc->T0, dc->T0);
    gen_op_store(dc, 0, dc->T0);
    set_cc_result(dc, CC_OP_LOGICB, ot, dc->T0, (TCGv_i64){ 0 });
}

/* BLSI, BLSMSK, BLSR: dst (vvvv) from src; CF per instruction, ZF/SF from result. */
static void gen_bls(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    TCGv_i64 src = dc->T1, r = tcg_temp_new_i64(S), t = tcg_temp_new_i64(S);

    gen_op_load(dc, 1, src);
    if (bits == 32)
        tcg_gen_ext32u_i64(S, src, src);
    tcg_gen_subi_i64(S, t, src, 1);
    if (insn == X86_INSN_BLSI) {
        tcg_gen_neg_i64(S, r, src);
        tcg_gen_and_i64(S, r, r, src);
    } else if (insn == X86_INSN_BLSMSK) {
        tcg_gen_xor_i64(S, r, src, t);
    } else {
        tcg_gen_and_i64(S, r, src, t);
    }
    if (bits == 32)
        tcg_gen_ext32u_i64(S, r, r);
    gen_op_store(dc, 0, r);
    if (insn == X86_INSN_BLSI) {
        /* CF = source != 0 */
        tcg_gen_setcondi_i64(S, TCG_COND_EQ, t, src, 0);
        set_cc_result(dc, CC_OP_BMILGB, ot, r, t);
    } else {
        /* CF = source == 0 */
        set_cc_result(dc, CC_OP_BMILGB, ot, r, src);
    }
}

static void gen_bextr_bzhi(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 r = tcg_temp_new_i64(S), ctl = tcg_temp_new_i64(S);

    gen_op_load(dc, 1, dc->T0);
    gen_op_load(dc, 2, ctl);
    gen_helper(dc, dc->d.insn == X86_INSN_BEXTR ? (TCGHelper)helper_bextr : (TCGHelper)helper_bzhi,
               0, &r, 3, dc->T0, ctl, tcg_constant_i64(S, 8u << (ot & MO_SIZE)));
    gen_op_store(dc, 0, r);
    dc->cc_op = CC_OP_EFLAGS;            /* the helper set cc_src/cc_op */
}

static void gen_pdep_pext(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 r = tcg_temp_new_i64(S);

    gen_op_load(dc, 1, dc->T0);
    gen_op_load(dc, 2, dc->T1);
    if ((ot & MO_SIZE) == MO_32) {
        tcg_gen_ext32u_i64(S, dc->T0, dc->T0);
        tcg_gen_ext32u_i64(S, dc->T1, dc->T1);
    }
    gen_helper(dc, dc->d.insn == X86_INSN_PDEP ? (TCGHelper)helper_pdep : (TCGHelper)helper_pext,
               TCG_CALL_PURE, &r, 2, dc->T0, dc->T1);
    gen_op_store(dc, 0, r);
}

static void gen_mulx(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    TCGv_i64 lo = tcg_temp_new_i64(S), hi = tcg_temp_new_i64(S), d = tcg_temp_new_i64(S);

    /* MULX Gy(hi), By(lo), Ey: rDX * src, no flags */
    gen_op_load(dc, 2, dc->T1);
    gen_reg_read(dc, ot, d, R_EDX);
    if ((ot & MO_SIZE) == MO_64) {
        tcg_gen_mulu2_i64(S, lo, hi, d, dc->T1);
    } else {
        tcg_gen_mul_i64(S, lo, d, dc->T1);
        tcg_gen_shri_i64(S, hi, lo, 32);
    }
    gen_op_store(dc, 1, lo);
    gen_op_store(dc, 0, hi);      /* hi wins when both name the same register */
}

static void gen_rorx(DisasContext *dc)
{
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    unsigned n = (unsigned)dc->d.imm & (bits - 1);

    gen_op_load(dc, 1, dc->T0);
    if (bits == 64) {
        tcg_gen_rotli_i64(S, dc->T0, dc->T0, (64 - n) & 63);
    } else {
        TCGv_i64 t = tcg_temp_new_i64(S);
        tcg_gen_ext32u_i64(S, dc->T0, dc->T0);
        tcg_gen_shri_i64(S, t, dc->T0, n);
        tcg_gen_shli_i64(S, dc->T0, dc->T0, (32 - n) & 31);
        if (n == 0)
            tcg_gen_movi_i64(S, dc->T0, 0);
        tcg_gen_or_i64(S, dc->T0, dc->T0, t);
        tcg_gen_ext32u_i64(S, dc->T0, dc->T0);
    }
    gen_op_store(dc, 0, dc->T0);
}

static void gen_shiftx(DisasContext *dc)
{
    unsigned insn = dc->d.insn;
    MemOp ot = op_ot(dc, 0);
    unsigned bits = 8u << (ot & MO_SIZE);
    TCGv_i64 cnt = dc->T1, v = dc->T0;

    gen_op_load(dc, 1, v);               /* Ey */
    gen_op_load(dc, 2, cnt);             /* By */
    tcg_gen_andi_i64(S, cnt, cnt, bits - 1);
    if (insn == X86_INSN_SHLX) {
        tcg_gen_shl_i64(S, v, v, cnt);
    } else if (insn == X86_INSN_SHRX) {
        if (bits == 32)
            tcg_gen_ext32u_i64(S, v, v);
        tcg_gen_shr_i64(S, v, v, cnt);
    } else {
        if (bits == 32)
            tcg_gen_ext32s_i64(S, v, v);
        tcg_gen_sar_i64(S, v, v, cnt);
    }
    gen_op_store(dc, 0, v);
}

/* ---- The table --------------------------------------------------------------- */

void x86_gen_table_int(X86Gen **t)
{
    t[X86_INSN_ADD] = t[X86_INSN_OR] = t[X86_INSN_ADC] = t[X86_INSN_SBB] = gen_alu;
    t[X86_INSN_AND] = t[X86_INSN_SUB] = t[X86_INSN_XOR] = t[X86_INSN_CMP] = gen_alu;
    t[X86_INSN_TEST] = gen_alu;
    t[X86_INSN_INC] = t[X86_INSN_DEC] = gen_inc_dec;
    t[X86_INSN_NOT] = gen_not;
    t[X86_INSN_NEG] = gen_neg;
    t[X86_INSN_MUL] = t[X86_INSN_IMUL] = gen_mul;
    t[X86_INSN_DIV] = t[X86_INSN_IDIV] = gen_div;
    t[X86_INSN_SHL] = t[X86_INSN_SAL] = t[X86_INSN_SHR] = t[X86_INSN_SAR] = gen_shift;
    t[X86_INSN_ROL] = t[X86_INSN_ROR] = gen_rotate;
    t[X86_INSN_RCL] = t[X86_INSN_RCR] = gen_rcl_rcr;
    t[X86_INSN_SHLD] = t[X86_INSN_SHRD] = gen_shld_shrd;
    t[X86_INSN_MOV] = gen_mov;
    t[X86_INSN_MOVZX] = t[X86_INSN_MOVSX] = t[X86_INSN_MOVSXD] = gen_movzx_movsx;
    t[X86_INSN_LEA] = gen_lea_insn;
    t[X86_INSN_XCHG] = gen_xchg;
    t[X86_INSN_CMOVCC] = gen_cmov;
    t[X86_INSN_SETCC] = gen_setcc_insn;
    t[X86_INSN_BSWAP] = gen_bswap;
    t[X86_INSN_MOVBE] = gen_movbe;
    t[X86_INSN_CBW] = gen_cbw;
    t[X86_INSN_CWD] = gen_cwd;
    t[X86_INSN_XADD] = gen_xadd;
    t[X86_INSN_CMPXCHG] = gen_cmpxchg;
    t[X86_INSN_CMPXCHG8B] = t[X86_INSN_CMPXCHG16B] = gen_cmpxchg8b_16b;
    t[X86_INSN_PUSH] = gen_push_insn;
    t[X86_INSN_POP] = gen_pop_insn;
    t[X86_INSN_PUSHF] = gen_pushf;
    t[X86_INSN_POPF] = gen_popf;
    t[X86_INSN_LAHF] = gen_lahf;
    t[X86_INSN_SAHF] = gen_sahf;
    t[X86_INSN_CLC] = t[X86_INSN_STC] = t[X86_INSN_CMC] = gen_flag_op;
    t[X86_INSN_CLD] = t[X86_INSN_STD] = gen_flag_op;
    t[X86_INSN_ENTER] = gen_enter;
    t[X86_INSN_LEAVE] = gen_leave;
    t[X86_INSN_JCC] = gen_jcc;
    t[X86_INSN_JMP] = gen_jmp;
    t[X86_INSN_CALL] = gen_call;
    t[X86_INSN_RET] = gen_ret;
    t[X86_INSN_LOOP] = t[X86_INSN_LOOPE] = t[X86_INSN_LOOPNE] = t[X86_INSN_JRCXZ] = gen_loop;
    t[X86_INSN_INT3] = gen_int3;
    t[X86_INSN_INT] = gen_int;
    t[X86_INSN_UD2] = t[X86_INSN_UD1] = t[X86_INSN_UD0] = gen_ud;
    t[X86_INSN_SYSCALL] = gen_syscall;
    t[X86_INSN_HLT] = t[X86_INSN_CLI] = t[X86_INSN_STI] = gen_privileged;
    t[X86_INSN_INS] = t[X86_INSN_OUTS] = gen_string;
    t[X86_INSN_CLTS] = t[X86_INSN_LGDT] = t[X86_INSN_LIDT] = t[X86_INSN_LLDT] = gen_privileged;
    t[X86_INSN_LTR] = t[X86_INSN_LMSW] = t[X86_INSN_INVLPG] = t[X86_INSN_WBINVD] = gen_privileged;
    t[X86_INSN_INVD] = t[X86_INSN_WRMSR] = t[X86_INSN_RDMSR] = t[X86_INSN_MOV_CR] = gen_privileged;
    t[X86_INSN_MOV_DR] = t[X86_INSN_SWAPGS] = t[X86_INSN_SYSEXIT] = t[X86_INSN_INVPCID] = gen_privileged;
    t[X86_INSN_RDPMC] = gen_privileged;
    t[X86_INSN_NOP] = t[X86_INSN_PAUSE] = gen_nop;
    t[X86_INSN_LFENCE] = t[X86_INSN_MFENCE] = t[X86_INSN_SFENCE] = gen_nop;
    t[X86_INSN_PREFETCHNTA] = t[X86_INSN_PREFETCHT0] = t[X86_INSN_PREFETCHT1] = gen_nop;
    t[X86_INSN_PREFETCHT2] = t[X86_INSN_PREFETCH] = t[X86_INSN_PREFETCHW] = gen_nop;
    t[X86_INSN_ENDBR32] = t[X86_INSN_ENDBR64] = gen_nop;
    t[X86_INSN_BT] = t[X86_INSN_BTS] = t[X86_INSN_BTR] = t[X86_INSN_BTC] = gen_bt;
    t[X86_INSN_BSF] = t[X86_INSN_BSR] = gen_bsf_bsr;
    t[X86_INSN_TZCNT] = t[X86_INSN_LZCNT] = gen_tzcnt_lzcnt;
    t[X86_INSN_POPCNT] = gen_popcnt;
    t[X86_INSN_MOVS] = t[X86_INSN_STOS] = t[X86_INSN_LODS] = gen_string;
    t[X86_INSN_CMPS] = t[X86_INSN_SCAS] = gen_string;
    t[X86_INSN_CPUID] = gen_cpuid;
    t[X86_INSN_RDTSC] = t[X86_INSN_RDTSCP] = gen_rdtsc;
    t[X86_INSN_RDRAND] = t[X86_INSN_RDSEED] = gen_rdrand;
    t[X86_INSN_XLAT] = gen_xlat;
    t[X86_INSN_CRC32] = gen_crc32;
    t[X86_INSN_ADCX] = t[X86_INSN_ADOX] = gen_adcx_adox;
    t[X86_INSN_DAA] = t[X86_INSN_DAS] = t[X86_INSN_AAA] = t[X86_INSN_AAS] = gen_bcd_adjust;
    t[X86_INSN_AAM] = t[X86_INSN_AAD] = gen_aam_aad;
    t[X86_INSN_SALC] = gen_salc;
    t[X86_INSN_PUSHA] = t[X86_INSN_POPA] = gen_pusha_popa;
    t[X86_INSN_BOUND] = gen_bound;
    t[X86_INSN_INTO] = gen_into;
    t[X86_INSN_ANDN] = gen_andn;
    t[X86_INSN_BLSI] = t[X86_INSN_BLSMSK] = t[X86_INSN_BLSR] = gen_bls;
    t[X86_INSN_BEXTR] = t[X86_INSN_BZHI] = gen_bextr_bzhi;
    t[X86_INSN_PDEP] = t[X86_INSN_PEXT] = gen_pdep_pext;
    t[X86_INSN_MULX] = gen_mulx;
    t[X86_INSN_RORX] = gen_rorx;
    t[X86_INSN_SHLX] = t[X86_INSN_SHRX] = t[X86_INSN_SARX] = gen_shiftx;
}
