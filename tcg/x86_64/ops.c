/*
 * Op selection for the computing ops (everything but control flow, calls
 * and memory): each op's inputs come from the allocator, its result goes to
 * a register it hands out, with constants folded into imm32 forms where x86
 * has them (a 64-bit op sign-extends its imm32; SDM vol. 2, 2.2.1.5).
 *
 * Every allocator call comes before the first flag-setting instruction,
 * because loading a constant may use xor; stores and loads leave flags alone.
 */
#include "tcg/x86_64/native.h"

#include "tcg/tcg-internal.h"

static bool op64(const TCGOp *op)
{
    return tcg_op_defs[op->opc].flags & TCG_OPF_64BIT;
}

/* The value of constant t as an immediate of an op of width w, if x86 takes it. */
static bool imm_ok(const NativeGen *g, TCGArg t, bool w, int32_t *imm)
{
    uint64_t v;

    if (!ra_is_const(g, t, &v))
        return false;
    if (w && (int64_t)v != (int32_t)v)
        return false;
    *imm = (int32_t)(uint32_t)v;
    return true;
}

/* The output register of a two-address op whose first operand is in ra. */
static int dest_over(NativeGen *g, const TCGOp *op, unsigned in_k, int ra)
{
    bool reuse = ra != R_ENV && (ra_dies(g, op, in_k) || op->args[0] == op->args[in_k]);

    return ra_out(g, op->args[0], reuse ? ra : R_NONE);
}

unsigned native_cc(TCGCond c)
{
    switch (c) {
    case TCG_COND_EQ:  return CC_E;
    case TCG_COND_NE:  return CC_NE;
    case TCG_COND_LT:  return CC_L;
    case TCG_COND_GE:  return CC_GE;
    case TCG_COND_LE:  return CC_LE;
    case TCG_COND_GT:  return CC_G;
    case TCG_COND_LTU: return CC_B;
    case TCG_COND_GEU: return CC_AE;
    case TCG_COND_LEU: return CC_BE;
    default:           return CC_A;   /* GTU */
    }
}

/* cmp a, b (b may be an immediate): inputs must already be in registers. */
void native_cmp(NativeGen *g, bool w, int ra, int rb, bool b_imm, int32_t imm)
{
    if (b_imm && imm == 0)
        x86_rr(g, 0x85 | (w ? P_W : 0), ra, ra);     /* test a, a */
    else if (b_imm)
        x86_alu_ri(g, w, ALU_CMP, ra, imm);
    else
        x86_alu_rr(g, w, ALU_CMP, ra, rb);
}

static void gen_alu(NativeGen *g, const TCGOp *op, unsigned alu, bool commutative)
{
    bool w = op64(op);
    int32_t imm;
    int ra, rb, rd;

    if (imm_ok(g, op->args[2], w, &imm)) {
        ra = ra_in(g, op->args[1]);
        rd = dest_over(g, op, 1, ra);
        x86_mov_rr(g, w, rd, ra);
        x86_alu_ri(g, w, alu, rd, imm);
        return;
    }
    ra = ra_in(g, op->args[1]);
    rb = ra_in(g, op->args[2]);
    if (commutative && rb != R_ENV && ra_dies(g, op, 2) &&
        !(ra_dies(g, op, 1) || op->args[0] == op->args[1])) {
        rd = ra_out(g, op->args[0], rb);
        x86_alu_rr(g, w, alu, rd, ra);
        return;
    }
    rd = dest_over(g, op, 1, ra);
    x86_mov_rr(g, w, rd, ra);
    x86_alu_rr(g, w, alu, rd, rb);
}

static void gen_andc(NativeGen *g, const TCGOp *op)
{
    bool w = op64(op);
    int32_t imm;
    int ra, rb, rd;

    if (imm_ok(g, op->args[2], w, &imm)) {
        ra = ra_in(g, op->args[1]);
        rd = dest_over(g, op, 1, ra);
        x86_mov_rr(g, w, rd, ra);
        x86_alu_ri(g, w, ALU_AND, rd, ~imm);
        return;
    }
    ra = ra_in(g, op->args[1]);
    rb = ra_in(g, op->args[2]);
    rd = dest_over(g, op, 1, ra);
    x86_mov_rr(g, w, R_TMP, rb);
    x86_rr(g, 0xf7 | (w ? P_W : 0), 2, R_TMP);      /* not */
    x86_mov_rr(g, w, rd, ra);
    x86_alu_rr(g, w, ALU_AND, rd, R_TMP);
}

static void gen_mul(NativeGen *g, const TCGOp *op)
{
    bool w = op64(op);
    int32_t imm;
    int ra, rb, rd;

    ra = ra_in(g, op->args[1]);
    if (imm_ok(g, op->args[2], w, &imm)) {
        rd = dest_over(g, op, 1, ra);
        x86_rr(g, 0x69 | (w ? P_W : 0), rd, ra);    /* imul rd, ra, imm32 */
        x86_u32(g, (uint32_t)imm);
        return;
    }
    rb = ra_in(g, op->args[2]);
    if (rb != R_ENV && ra_dies(g, op, 2) && !(ra_dies(g, op, 1) || op->args[0] == op->args[1])) {
        rd = ra_out(g, op->args[0], rb);
        x86_rr(g, 0xaf | P_0F | (w ? P_W : 0), rd, ra);
        return;
    }
    rd = dest_over(g, op, 1, ra);
    x86_mov_rr(g, w, rd, ra);
    x86_rr(g, 0xaf | P_0F | (w ? P_W : 0), rd, rb);
}

/* The IR never divides by zero or INT_MIN by -1 (tcg-opc.def), so no #DE. */
static void gen_div(NativeGen *g, const TCGOp *op, bool sign, bool rem)
{
    bool w = op64(op);
    int ra = ra_in(g, op->args[1]);
    int rb = ra_in(g, op->args[2]);
    int rd = dest_over(g, op, 1, ra);

    x86_mov_rr(g, w, R_RAX, ra);
    if (sign)
        x86_opc(g, 0x99 | (w ? P_W : 0), R_NONE, R_NONE, R_NONE);   /* cdq/cqo */
    else
        x86_rr(g, 0x33, R_RDX, R_RDX);
    x86_rr(g, 0xf7 | (w ? P_W : 0), sign ? 7 : 6, rb);           /* idiv/div */
    x86_mov_rr(g, w, rd, rem ? R_RDX : R_RAX);
}

static void gen_shift(NativeGen *g, const TCGOp *op, unsigned sh)
{
    bool w = op64(op);
    int32_t imm;
    int ra, rb, rd;

    ra = ra_in(g, op->args[1]);
    if (imm_ok(g, op->args[2], w, &imm)) {
        rd = dest_over(g, op, 1, ra);
        x86_mov_rr(g, w, rd, ra);
        x86_shift_ri(g, w, sh, rd, (unsigned)imm & (w ? 63 : 31));
        return;
    }
    rb = ra_in(g, op->args[2]);
    rd = dest_over(g, op, 1, ra);
    x86_mov_rr(g, false, R_RCX, rb);
    x86_mov_rr(g, w, rd, ra);
    x86_shift_cl(g, w, sh, rd);
}

static void gen_unary(NativeGen *g, const TCGOp *op)
{
    bool w = op64(op);
    int ra, rd;
    uint64_t v;

    if ((op->opc == TCG_OP_MOV_I32 || op->opc == TCG_OP_MOV_I64) &&
        ra_is_const(g, op->args[1], &v)) {
        rd = ra_out(g, op->args[0], R_NONE);
        x86_movi(g, w, rd, v);
        return;
    }
    ra = ra_in(g, op->args[1]);
    switch (op->opc) {
    case TCG_OP_MOV_I32: case TCG_OP_MOV_I64:
    case TCG_OP_NEG_I32: case TCG_OP_NEG_I64:
    case TCG_OP_NOT_I32: case TCG_OP_NOT_I64:
    case TCG_OP_EXTRH_I64_I32:
    case TCG_OP_BSWAP16_I32: case TCG_OP_BSWAP16_I64:
    case TCG_OP_BSWAP32_I32: case TCG_OP_BSWAP32_I64: case TCG_OP_BSWAP64_I64:
        rd = dest_over(g, op, 1, ra);
        break;
    default:
        rd = ra_out(g, op->args[0], ra != R_ENV && ra_dies(g, op, 1) ? ra : R_NONE);
        break;
    }
    switch (op->opc) {
    case TCG_OP_MOV_I32: case TCG_OP_EXT32U_I64: case TCG_OP_EXTU_I32_I64:
    case TCG_OP_EXTRL_I64_I32:
        x86_mov_rr(g, false, rd, ra);
        break;
    case TCG_OP_MOV_I64:
        x86_mov_rr(g, true, rd, ra);
        break;
    case TCG_OP_NEG_I32: case TCG_OP_NEG_I64:
        x86_mov_rr(g, w, rd, ra);
        x86_rr(g, 0xf7 | (w ? P_W : 0), 3, rd);
        break;
    case TCG_OP_NOT_I32: case TCG_OP_NOT_I64:
        x86_mov_rr(g, w, rd, ra);
        x86_rr(g, 0xf7 | (w ? P_W : 0), 2, rd);
        break;
    case TCG_OP_EXT8U_I32: case TCG_OP_EXT8U_I64:
        x86_rr(g, 0xb6 | P_0F | P_BYTE_M, rd, ra);
        break;
    case TCG_OP_EXT8S_I32: case TCG_OP_EXT8S_I64:
        x86_rr(g, 0xbe | P_0F | P_BYTE_M | (w ? P_W : 0), rd, ra);
        break;
    case TCG_OP_EXT16U_I32: case TCG_OP_EXT16U_I64:
        x86_rr(g, 0xb7 | P_0F, rd, ra);
        break;
    case TCG_OP_EXT16S_I32: case TCG_OP_EXT16S_I64:
        x86_rr(g, 0xbf | P_0F | (w ? P_W : 0), rd, ra);
        break;
    case TCG_OP_EXT32S_I64: case TCG_OP_EXT_I32_I64:
        x86_rr(g, 0x63 | P_W, rd, ra);               /* movsxd */
        break;
    case TCG_OP_EXTRH_I64_I32:
        x86_mov_rr(g, true, rd, ra);
        x86_shift_ri(g, true, SH_SHR, rd, 32);
        break;
    case TCG_OP_BSWAP16_I32: case TCG_OP_BSWAP16_I64:
        /* Swap the low 4 bytes, keep the top two (now the low two swapped). */
        x86_mov_rr(g, false, rd, ra);
        x86_opc(g, (0xc8 + (rd & 7)) | P_0F, R_NONE, rd, R_NONE);
        x86_shift_ri(g, false, SH_SHR, rd, 16);
        break;
    case TCG_OP_BSWAP32_I32: case TCG_OP_BSWAP32_I64:
        x86_mov_rr(g, false, rd, ra);
        x86_opc(g, (0xc8 + (rd & 7)) | P_0F, R_NONE, rd, R_NONE);
        break;
    case TCG_OP_BSWAP64_I64:
        x86_mov_rr(g, true, rd, ra);
        x86_opc(g, (0xc8 + (rd & 7)) | P_0F | P_W, R_NONE, rd, R_NONE);
        break;
    default:
        break;
    }
}

/* clz/ctz with a given result for zero: lzcnt/tzcnt set CF on a zero
 * source, bsr/bsf set ZF (SDM vol. 2: LZCNT, TZCNT, BSR, BSF). */
static void gen_count_zeros(NativeGen *g, const TCGOp *op, bool leading)
{
    bool w = op64(op);
    unsigned width = w ? 64 : 32, wp = w ? P_W : 0;
    bool fast = leading ? native_have_lzcnt : native_have_bmi1;
    uint64_t zv;
    int ra = ra_in(g, op->args[1]);
    int rz, rd;

    if (fast && ra_is_const(g, op->args[2], &zv) && zv == width) {
        rd = ra_out(g, op->args[0], R_NONE);
        x86_rr(g, (leading ? 0xbd : 0xbc) | P_0F | P_F3 | wp, rd, ra);
        return;
    }
    rz = ra_in(g, op->args[2]);
    rd = ra_out(g, op->args[0], R_NONE);
    if (fast) {
        x86_rr(g, (leading ? 0xbd : 0xbc) | P_0F | P_F3 | wp, R_TMP, ra);
        x86_rr(g, 0x42 | P_0F | wp, R_TMP, rz);      /* cmovc */
    } else if (leading) {
        x86_rr(g, 0xbd | P_0F | wp, R_TMP, ra);      /* bsr */
        x86_alu_ri(g, w, ALU_XOR, R_TMP, (int32_t)width - 1);
        x86_rr(g, 0x85 | wp, ra, ra);
        x86_rr(g, 0x44 | P_0F | wp, R_TMP, rz);      /* cmovz */
    } else {
        x86_rr(g, 0xbc | P_0F | wp, R_TMP, ra);      /* bsf */
        x86_rr(g, 0x44 | P_0F | wp, R_TMP, rz);
    }
    x86_mov_rr(g, w, rd, R_TMP);
}

static void gen_ctpop(NativeGen *g, const TCGOp *op)
{
    bool w = op64(op);
    int ra = ra_in(g, op->args[1]);
    int rd = ra_out(g, op->args[0], ra_dies(g, op, 1) ? ra : R_NONE);

    if (native_have_popcnt) {
        x86_rr(g, 0xb8 | P_0F | P_F3 | (w ? P_W : 0), rd, ra);
        return;
    }
    /* Without POPCNT: the classic SWAR sum, in 64 bits on the zero-extended value. */
    x86_mov_rr(g, w, R_RAX, ra);
    x86_mov_rr(g, true, R_RCX, R_RAX);
    x86_shift_ri(g, true, SH_SHR, R_RCX, 1);
    x86_movi(g, true, R_RDX, 0x5555555555555555ull);
    x86_alu_rr(g, true, ALU_AND, R_RCX, R_RDX);
    x86_alu_rr(g, true, ALU_SUB, R_RAX, R_RCX);
    x86_movi(g, true, R_RDX, 0x3333333333333333ull);
    x86_mov_rr(g, true, R_RCX, R_RAX);
    x86_shift_ri(g, true, SH_SHR, R_RCX, 2);
    x86_alu_rr(g, true, ALU_AND, R_RAX, R_RDX);
    x86_alu_rr(g, true, ALU_AND, R_RCX, R_RDX);
    x86_alu_rr(g, true, ALU_ADD, R_RAX, R_RCX);
    x86_mov_rr(g, true, R_RCX, R_RAX);
    x86_shift_ri(g, true, SH_SHR, R_RCX, 4);
    x86_alu_rr(g, true, ALU_ADD, R_RAX, R_RCX);
    x86_movi(g, true, R_RDX, 0x0f0f0f0f0f0f0f0full);
    x86_alu_rr(g, true, ALU_AND, R_RAX, R_RDX);
    x86_movi(g, true, R_RDX, 0x0101010101010101ull);
    x86_rr(g, 0xaf | P_0F | P_W, R_RAX, R_RDX);
    x86_shift_ri(g, true, SH_SHR, R_RAX, 56);
    x86_mov_rr(g, w, rd, R_RAX);
}

static void gen_extract(NativeGen *g, const TCGOp *op, bool sign)
{
    bool w = op64(op);
    unsigned width = w ? 64 : 32;
    unsigned pos = (unsigned)op->args[2], len = (unsigned)op->args[3];
    int ra = ra_in(g, op->args[1]);
    int rd = dest_over(g, op, 1, ra);

    if (!sign && pos == 0 && len == 8) {
        x86_rr(g, 0xb6 | P_0F | P_BYTE_M, rd, ra);
    } else if (!sign && pos == 0 && len == 16) {
        x86_rr(g, 0xb7 | P_0F, rd, ra);
    } else if (!sign && pos == 0 && len == 32) {
        x86_mov_rr(g, false, rd, ra);
    } else if (pos + len == width) {
        x86_mov_rr(g, w, rd, ra);
        x86_shift_ri(g, w, sign ? SH_SAR : SH_SHR, rd, pos);
    } else {
        x86_mov_rr(g, w, rd, ra);
        x86_shift_ri(g, w, SH_SHL, rd, width - pos - len);
        x86_shift_ri(g, w, sign ? SH_SAR : SH_SHR, rd, width - len);
    }
}

static void gen_deposit(NativeGen *g, const TCGOp *op)
{
    bool w = op64(op);
    unsigned width = w ? 64 : 32;
    unsigned pos = (unsigned)op->args[3], len = (unsigned)op->args[4];
    uint64_t mask = (len >= 64 ? ~0ull : ((1ull << len) - 1)) << pos;
    int rb = ra_in(g, op->args[1]);
    int rf = ra_in(g, op->args[2]);
    int rd = dest_over(g, op, 1, rb);

    if (len >= width) {
        x86_mov_rr(g, w, rd, rf);
        return;
    }
    /* The field, masked to len bits and moved to pos, in r11. */
    x86_mov_rr(g, w, R_TMP, rf);
    x86_shift_ri(g, w, SH_SHL, R_TMP, width - len);
    x86_shift_ri(g, w, SH_SHR, R_TMP, width - len - pos);
    x86_mov_rr(g, w, rd, rb);
    if (!w || (int64_t)~mask == (int32_t)~mask) {
        x86_alu_ri(g, w, ALU_AND, rd, (int32_t)~mask);
    } else {
        x86_movi(g, true, R_RAX, ~mask);
        x86_alu_rr(g, true, ALU_AND, rd, R_RAX);
    }
    x86_alu_rr(g, w, ALU_OR, rd, R_TMP);
}

static void gen_setcond(NativeGen *g, const TCGOp *op)
{
    bool w = op64(op);
    TCGCond c = (TCGCond)op->args[3];
    int32_t imm = 0;
    bool b_imm = imm_ok(g, op->args[2], w, &imm);
    int ra, rb = R_NONE, rd;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        rd = ra_out(g, op->args[0], R_NONE);
        x86_movi(g, w, rd, c == TCG_COND_ALWAYS);
        return;
    }
    ra = ra_in(g, op->args[1]);
    if (!b_imm)
        rb = ra_in(g, op->args[2]);
    rd = ra_out(g, op->args[0], R_NONE);
    native_cmp(g, w, ra, rb, b_imm, imm);
    x86_rr(g, (0x90 + native_cc(c)) | P_0F | P_BYTE_M, 0, rd);       /* setcc */
    x86_rr(g, 0xb6 | P_0F | P_BYTE_M, rd, rd);                      /* movzx */
}

static void gen_movcond(NativeGen *g, const TCGOp *op)
{
    bool w = op64(op);
    TCGCond c = (TCGCond)op->args[5];
    int32_t imm = 0;
    bool b_imm = imm_ok(g, op->args[2], w, &imm);
    int r1, r2 = R_NONE, rv1, rv2, rd;

    r1 = ra_in(g, op->args[1]);
    if (!b_imm)
        r2 = ra_in(g, op->args[2]);
    rv1 = ra_in(g, op->args[3]);
    rv2 = ra_in(g, op->args[4]);
    rd = ra_out(g, op->args[0], R_NONE);
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        x86_mov_rr(g, w, rd, c == TCG_COND_ALWAYS ? rv1 : rv2);
        return;
    }
    x86_mov_rr(g, w, R_TMP, rv2);
    native_cmp(g, w, r1, r2, b_imm, imm);
    x86_rr(g, (0x40 + native_cc(c)) | P_0F | (w ? P_W : 0), R_TMP, rv1);   /* cmovcc */
    x86_mov_rr(g, w, rd, R_TMP);
}

static void gen_mul2(NativeGen *g, const TCGOp *op, bool sign)
{
    bool w = op->opc == TCG_OP_MULU2_I64 || op->opc == TCG_OP_MULS2_I64;
    int ra = ra_in(g, op->args[2]);
    int rb = ra_in(g, op->args[3]);
    int rlo = ra_out(g, op->args[0], R_NONE);
    int rhi = ra_out(g, op->args[1], R_NONE);

    x86_mov_rr(g, w, R_RAX, ra);
    x86_rr(g, 0xf7 | (w ? P_W : 0), sign ? 5 : 4, rb);   /* imul/mul: rdx:rax */
    x86_mov_rr(g, w, rlo, R_RAX);
    x86_mov_rr(g, w, rhi, R_RDX);
}

/* Emit a computing op; false if op is not one. */
bool native_gen_alu(NativeGen *g, const TCGOp *op)
{
    switch (op->opc) {
    case TCG_OP_MOVI_I32: case TCG_OP_MOVI_I64: {
        int rd = ra_out(g, op->args[0], R_NONE);

        x86_movi(g, op->opc == TCG_OP_MOVI_I64, rd, op->args[1]);
        break;
    }
    case TCG_OP_ADD_I32: case TCG_OP_ADD_I64: gen_alu(g, op, ALU_ADD, true); break;
    case TCG_OP_SUB_I32: case TCG_OP_SUB_I64: gen_alu(g, op, ALU_SUB, false); break;
    case TCG_OP_AND_I32: case TCG_OP_AND_I64: gen_alu(g, op, ALU_AND, true); break;
    case TCG_OP_OR_I32:  case TCG_OP_OR_I64:  gen_alu(g, op, ALU_OR, true); break;
    case TCG_OP_XOR_I32: case TCG_OP_XOR_I64: gen_alu(g, op, ALU_XOR, true); break;
    case TCG_OP_ANDC_I32: case TCG_OP_ANDC_I64: gen_andc(g, op); break;
    case TCG_OP_MUL_I32: case TCG_OP_MUL_I64: gen_mul(g, op); break;
    case TCG_OP_DIVS_I32: case TCG_OP_DIVS_I64: gen_div(g, op, true, false); break;
    case TCG_OP_DIVU_I32: case TCG_OP_DIVU_I64: gen_div(g, op, false, false); break;
    case TCG_OP_REMS_I32: case TCG_OP_REMS_I64: gen_div(g, op, true, true); break;
    case TCG_OP_REMU_I32: case TCG_OP_REMU_I64: gen_div(g, op, false, true); break;
    case TCG_OP_SHL_I32: case TCG_OP_SHL_I64: gen_shift(g, op, SH_SHL); break;
    case TCG_OP_SHR_I32: case TCG_OP_SHR_I64: gen_shift(g, op, SH_SHR); break;
    case TCG_OP_SAR_I32: case TCG_OP_SAR_I64: gen_shift(g, op, SH_SAR); break;
    case TCG_OP_ROTL_I32: case TCG_OP_ROTL_I64: gen_shift(g, op, SH_ROL); break;
    case TCG_OP_ROTR_I32: case TCG_OP_ROTR_I64: gen_shift(g, op, SH_ROR); break;
    case TCG_OP_MOV_I32: case TCG_OP_MOV_I64:
    case TCG_OP_NEG_I32: case TCG_OP_NEG_I64:
    case TCG_OP_NOT_I32: case TCG_OP_NOT_I64:
    case TCG_OP_EXT8S_I32: case TCG_OP_EXT8S_I64:
    case TCG_OP_EXT8U_I32: case TCG_OP_EXT8U_I64:
    case TCG_OP_EXT16S_I32: case TCG_OP_EXT16S_I64:
    case TCG_OP_EXT16U_I32: case TCG_OP_EXT16U_I64:
    case TCG_OP_EXT32S_I64: case TCG_OP_EXT32U_I64:
    case TCG_OP_EXTU_I32_I64: case TCG_OP_EXT_I32_I64:
    case TCG_OP_EXTRL_I64_I32: case TCG_OP_EXTRH_I64_I32:
    case TCG_OP_BSWAP16_I32: case TCG_OP_BSWAP16_I64:
    case TCG_OP_BSWAP32_I32: case TCG_OP_BSWAP32_I64: case TCG_OP_BSWAP64_I64:
        gen_unary(g, op);
        break;
    case TCG_OP_CLZ_I32: case TCG_OP_CLZ_I64: gen_count_zeros(g, op, true); break;
    case TCG_OP_CTZ_I32: case TCG_OP_CTZ_I64: gen_count_zeros(g, op, false); break;
    case TCG_OP_CTPOP_I32: case TCG_OP_CTPOP_I64: gen_ctpop(g, op); break;
    case TCG_OP_DEPOSIT_I32: case TCG_OP_DEPOSIT_I64: gen_deposit(g, op); break;
    case TCG_OP_EXTRACT_I32: case TCG_OP_EXTRACT_I64: gen_extract(g, op, false); break;
    case TCG_OP_SEXTRACT_I32: case TCG_OP_SEXTRACT_I64: gen_extract(g, op, true); break;
    case TCG_OP_SETCOND_I32: case TCG_OP_SETCOND_I64: gen_setcond(g, op); break;
    case TCG_OP_MOVCOND_I32: case TCG_OP_MOVCOND_I64: gen_movcond(g, op); break;
    case TCG_OP_MULU2_I32: case TCG_OP_MULU2_I64: gen_mul2(g, op, false); break;
    case TCG_OP_MULS2_I32: case TCG_OP_MULS2_I64: gen_mul2(g, op, true); break;
    default:
        return false;
    }
    return true;
}
