/*
 * The IR optimizer: one forward pass that folds constants, applies algebraic
 * identities, propagates copies and drops unreachable code; then one
 * backward liveness pass that deletes ops whose results nobody reads and
 * records the life bits. Correctness first: when in doubt, the value is
 * unknown and the op stays.
 *
 * What is known is per basic block: a label that some branch targets forgets
 * everything; so do, for the globals (whose home is env memory), a store to
 * host memory, a guest memory access and a helper that may write globals.
 * INSN temps are forgotten at insn_start, where their indices get recycled.
 */
#include "tcg/tcg.h"

#include <stdlib.h>
#include <string.h>

#include "tcg/tcg-internal.h"

/* An op the passes have deleted; squeezed out at the end. */
#define OPC_REMOVED TCG_OP_COUNT

typedef struct TempInfo {
    uint64_t val;          /* the value, when is_const */
    uint32_t gen;          /* bumped at every write: copies of an older value go stale */
    uint32_t copy_gen;     /* copy_of's gen when this temp became its copy */
    uint16_t copy_of;      /* holds the same value as this temp (itself: no copy) */
    bool is_const;
    bool zext32;           /* bits 63..32 known zero (an ext32u, a 32-bit extract) */
} TempInfo;

typedef struct OptState {
    TCGContext *s;
    TempInfo info[TCG_MAX_TEMPS];
    uint16_t refs[TCG_MAX_LABELS];   /* branches still targeting each label */
} OptState;

static bool op_is64(const TCGOp *op)
{
    return tcg_op_defs[op->opc].flags & TCG_OPF_64BIT;
}

/* The type of input or output argument i: the op's width but for conversions and addresses. */
static TCGType arg_type(const TCGOp *op, unsigned i)
{
    switch (op->opc) {
    case TCG_OP_EXTU_I32_I64: case TCG_OP_EXT_I32_I64:
        return i == 0 ? TCG_TYPE_I64 : TCG_TYPE_I32;
    case TCG_OP_EXTRL_I64_I32: case TCG_OP_EXTRH_I64_I32:
        return i == 0 ? TCG_TYPE_I32 : TCG_TYPE_I64;
    case TCG_OP_LD_I32: case TCG_OP_ST_I32: case TCG_OP_GUEST_LD_I32: case TCG_OP_GUEST_ST_I32:
        return i == 0 ? TCG_TYPE_I32 : TCG_TYPE_I64;
    default:
        return op_is64(op) ? TCG_TYPE_I64 : TCG_TYPE_I32;
    }
}

/* ---- What is known about temps ---------------------------------------------- */

static void info_reset(OptState *o, unsigned t)
{
    TempInfo *i = &o->info[t];

    i->copy_of = (uint16_t)t;
    i->is_const = false;
    i->zext32 = false;
}

/* Whether t's value has zero high halves (through the temp it copies). */
static bool known_zext32(const OptState *o, unsigned t);

/* t is written: its old value and every copy of it are forgotten. */
static void info_write(OptState *o, unsigned t)
{
    o->info[t].gen++;
    info_reset(o, t);
}

static void forget_all(OptState *o)
{
    for (unsigned t = 0; t < o->s->nb_temps; t++)
        info_reset(o, t);
}

static void forget_globals(OptState *o)
{
    /* temps[0] is env itself, which never changes. */
    for (unsigned t = 1; t < o->s->nb_globals; t++)
        info_write(o, t);
}

static void forget_insn_temps(OptState *o)
{
    const TCGContext *s = o->s;

    for (unsigned t = s->nb_globals; t < s->nb_temps; t++)
        if (s->temps[t].kind == TEMP_INSN)
            info_write(o, t);
}

/* The temp holding t's value that was written first (t itself if none). */
static unsigned canon(const OptState *o, unsigned t)
{
    const TempInfo *i = &o->info[t];

    if (i->copy_of != t && o->info[i->copy_of].gen == i->copy_gen)
        return i->copy_of;
    return t;
}

static bool get_const(const OptState *o, unsigned t, uint64_t *v)
{
    const TCGTemp *tp = &o->s->temps[t];

    if (tp->kind == TEMP_CONST) {
        *v = tp->val;
        return true;
    }
    if (o->info[t].is_const) {
        *v = o->info[t].val;
        return true;
    }
    return false;
}

static bool known_zext32(const OptState *o, unsigned t)
{
    uint64_t v;

    if (get_const(o, t, &v))
        return v <= 0xffffffffu;
    return o->info[t].zext32 || o->info[canon(o, t)].zext32;
}

static bool is_const_val(const OptState *o, unsigned t, uint64_t v)
{
    uint64_t x;

    return get_const(o, t, &x) && x == v;
}

/* A constant temp for v, or TCG_ARG_NONE if the temp table is full. */
static TCGArg const_temp(OptState *o, TCGType type, uint64_t v)
{
    TCGContext *s = o->s;

    if (s->nb_temps >= TCG_MAX_TEMPS)
        return TCG_ARG_NONE;
    if (type == TCG_TYPE_I32)
        return tcgv_i32_arg(tcg_constant_i32(s, (uint32_t)v));
    return tcgv_i64_arg(tcg_constant_i64(s, v));
}

/* ---- Rewriting ops ------------------------------------------------------------- */

static void make_movi(OptState *o, TCGOp *op, bool is64, TCGArg d, uint64_t v)
{
    if (!is64)
        v = (uint32_t)v;
    op->opc = is64 ? TCG_OP_MOVI_I64 : TCG_OP_MOVI_I32;
    op->args[0] = d;
    op->args[1] = v;
    info_write(o, (unsigned)d);
    o->info[d].is_const = true;
    o->info[d].val = v;
}

static void make_mov(OptState *o, TCGOp *op, bool is64, TCGArg d, TCGArg a)
{
    uint64_t v;
    unsigned src = canon(o, (unsigned)a);

    if (get_const(o, src, &v)) {
        make_movi(o, op, is64, d, v);
        return;
    }
    if (src == d) {
        /* d already holds that value. */
        op->opc = OPC_REMOVED;
        return;
    }
    op->opc = is64 ? TCG_OP_MOV_I64 : TCG_OP_MOV_I32;
    op->args[0] = d;
    op->args[1] = src;
    info_write(o, (unsigned)d);
    o->info[d].copy_of = (uint16_t)src;
    o->info[d].copy_gen = o->info[src].gen;
}

/* Make room for one op after ops[i]; NULL if the list is full. */
static TCGOp *insert_after(TCGContext *s, unsigned i)
{
    if (s->nb_ops >= TCG_MAX_OPS)
        return NULL;
    memmove(&s->ops[i + 2], &s->ops[i + 1], (s->nb_ops - i - 1) * sizeof(TCGOp));
    s->nb_ops++;
    s->ops[i + 1].life = 0;
    return &s->ops[i + 1];
}

/* ---- Constant folding ------------------------------------------------------------ */

/*
 * Evaluate op on the constant inputs x[]; false when it must stay (a
 * division the translator guards at run time: folding it would trap here).
 */
static bool fold(const TCGOp *op, const uint64_t *x, uint64_t *r0, uint64_t *r1)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    const TCGArg *c = &op->args[def->nb_oargs + def->nb_iargs];
    uint32_t a = (uint32_t)x[0], b = (uint32_t)x[1];
    uint64_t A = x[0], B = x[1];

    switch (op->opc) {
    case TCG_OP_MOV_I32:      *r0 = a; break;
    case TCG_OP_ADD_I32:      *r0 = a + b; break;
    case TCG_OP_SUB_I32:      *r0 = a - b; break;
    case TCG_OP_MUL_I32:      *r0 = a * b; break;
    case TCG_OP_DIVS_I32:
    case TCG_OP_REMS_I32:
        if (b == 0 || (a == 0x80000000u && b == UINT32_MAX))
            return false;
        *r0 = op->opc == TCG_OP_DIVS_I32 ? (uint32_t)((int32_t)a / (int32_t)b)
                                         : (uint32_t)((int32_t)a % (int32_t)b);
        break;
    case TCG_OP_DIVU_I32:
    case TCG_OP_REMU_I32:
        if (b == 0)
            return false;
        *r0 = op->opc == TCG_OP_DIVU_I32 ? a / b : a % b;
        break;
    case TCG_OP_AND_I32:      *r0 = a & b; break;
    case TCG_OP_OR_I32:       *r0 = a | b; break;
    case TCG_OP_XOR_I32:      *r0 = a ^ b; break;
    case TCG_OP_ANDC_I32:     *r0 = a & ~b; break;
    case TCG_OP_SHL_I32:      *r0 = (uint32_t)(a << (b & 31)); break;
    case TCG_OP_SHR_I32:      *r0 = a >> (b & 31); break;
    case TCG_OP_SAR_I32:      *r0 = tcg_sar32(a, b); break;
    case TCG_OP_ROTL_I32:     *r0 = tcg_rotl32(a, b); break;
    case TCG_OP_ROTR_I32:     *r0 = tcg_rotr32(a, b); break;
    case TCG_OP_NEG_I32:      *r0 = (uint32_t)-a; break;
    case TCG_OP_NOT_I32:      *r0 = (uint32_t)~a; break;
    case TCG_OP_EXT8S_I32:    *r0 = (uint32_t)tcg_sextract64(a, 0, 8); break;
    case TCG_OP_EXT8U_I32:    *r0 = a & 0xff; break;
    case TCG_OP_EXT16S_I32:   *r0 = (uint32_t)tcg_sextract64(a, 0, 16); break;
    case TCG_OP_EXT16U_I32:   *r0 = a & 0xffff; break;
    case TCG_OP_BSWAP16_I32:  *r0 = tcg_bswap16(a); break;
    case TCG_OP_BSWAP32_I32:  *r0 = tcg_bswap32(a); break;
    case TCG_OP_CLZ_I32:      *r0 = a ? tcg_clz64(a) - 32 : b; break;
    case TCG_OP_CTZ_I32:      *r0 = a ? tcg_ctz64(a) : b; break;
    case TCG_OP_CTPOP_I32:    *r0 = tcg_ctpop64(a); break;
    case TCG_OP_DEPOSIT_I32:  *r0 = (uint32_t)tcg_deposit64(a, b, (unsigned)c[0], (unsigned)c[1]); break;
    case TCG_OP_EXTRACT_I32:  *r0 = tcg_extract64(a, (unsigned)c[0], (unsigned)c[1]); break;
    case TCG_OP_SEXTRACT_I32: *r0 = (uint32_t)tcg_sextract64(a, (unsigned)c[0], (unsigned)c[1]); break;
    case TCG_OP_SETCOND_I32:  *r0 = tcg_compare32((TCGCond)c[0], a, b); break;
    case TCG_OP_MOVCOND_I32:  *r0 = (uint32_t)(tcg_compare32((TCGCond)c[0], a, b) ? x[2] : x[3]); break;
    case TCG_OP_MULU2_I32: {
        uint64_t p = (uint64_t)a * b;

        *r0 = (uint32_t)p;
        *r1 = p >> 32;
        break;
    }
    case TCG_OP_MULS2_I32: {
        uint64_t p = (uint64_t)((int64_t)(int32_t)a * (int32_t)b);

        *r0 = (uint32_t)p;
        *r1 = p >> 32;
        break;
    }

    case TCG_OP_MOV_I64:      *r0 = A; break;
    case TCG_OP_ADD_I64:      *r0 = A + B; break;
    case TCG_OP_SUB_I64:      *r0 = A - B; break;
    case TCG_OP_MUL_I64:      *r0 = A * B; break;
    case TCG_OP_DIVS_I64:
    case TCG_OP_REMS_I64:
        if (B == 0 || (A == 1ull << 63 && B == UINT64_MAX))
            return false;
        *r0 = op->opc == TCG_OP_DIVS_I64 ? (uint64_t)((int64_t)A / (int64_t)B)
                                         : (uint64_t)((int64_t)A % (int64_t)B);
        break;
    case TCG_OP_DIVU_I64:
    case TCG_OP_REMU_I64:
        if (B == 0)
            return false;
        *r0 = op->opc == TCG_OP_DIVU_I64 ? A / B : A % B;
        break;
    case TCG_OP_AND_I64:      *r0 = A & B; break;
    case TCG_OP_OR_I64:       *r0 = A | B; break;
    case TCG_OP_XOR_I64:      *r0 = A ^ B; break;
    case TCG_OP_ANDC_I64:     *r0 = A & ~B; break;
    case TCG_OP_SHL_I64:      *r0 = A << (B & 63); break;
    case TCG_OP_SHR_I64:      *r0 = A >> (B & 63); break;
    case TCG_OP_SAR_I64:      *r0 = tcg_sar64(A, (unsigned)B); break;
    case TCG_OP_ROTL_I64:     *r0 = tcg_rotl64(A, (unsigned)B); break;
    case TCG_OP_ROTR_I64:     *r0 = tcg_rotr64(A, (unsigned)B); break;
    case TCG_OP_NEG_I64:      *r0 = -A; break;
    case TCG_OP_NOT_I64:      *r0 = ~A; break;
    case TCG_OP_EXT8S_I64:    *r0 = tcg_sextract64(A, 0, 8); break;
    case TCG_OP_EXT8U_I64:    *r0 = A & 0xff; break;
    case TCG_OP_EXT16S_I64:   *r0 = tcg_sextract64(A, 0, 16); break;
    case TCG_OP_EXT16U_I64:   *r0 = A & 0xffff; break;
    case TCG_OP_EXT32S_I64:   *r0 = tcg_sextract64(A, 0, 32); break;
    case TCG_OP_EXT32U_I64:   *r0 = A & 0xffffffffu; break;
    case TCG_OP_BSWAP16_I64:  *r0 = tcg_bswap16(A); break;
    case TCG_OP_BSWAP32_I64:  *r0 = tcg_bswap32(A); break;
    case TCG_OP_BSWAP64_I64:  *r0 = tcg_bswap64(A); break;
    case TCG_OP_CLZ_I64:      *r0 = A ? tcg_clz64(A) : B; break;
    case TCG_OP_CTZ_I64:      *r0 = A ? tcg_ctz64(A) : B; break;
    case TCG_OP_CTPOP_I64:    *r0 = tcg_ctpop64(A); break;
    case TCG_OP_DEPOSIT_I64:  *r0 = tcg_deposit64(A, B, (unsigned)c[0], (unsigned)c[1]); break;
    case TCG_OP_EXTRACT_I64:  *r0 = tcg_extract64(A, (unsigned)c[0], (unsigned)c[1]); break;
    case TCG_OP_SEXTRACT_I64: *r0 = tcg_sextract64(A, (unsigned)c[0], (unsigned)c[1]); break;
    case TCG_OP_SETCOND_I64:  *r0 = tcg_compare64((TCGCond)c[0], A, B); break;
    case TCG_OP_MOVCOND_I64:  *r0 = tcg_compare64((TCGCond)c[0], A, B) ? x[2] : x[3]; break;
    case TCG_OP_MULU2_I64:    tcg_mulu128(r0, r1, A, B); break;
    case TCG_OP_MULS2_I64:    tcg_muls128(r0, r1, A, B); break;

    case TCG_OP_EXTU_I32_I64: *r0 = a; break;
    case TCG_OP_EXT_I32_I64:  *r0 = tcg_sextract64(a, 0, 32); break;
    case TCG_OP_EXTRL_I64_I32: *r0 = (uint32_t)A; break;
    case TCG_OP_EXTRH_I64_I32: *r0 = A >> 32; break;
    default:
        return false;
    }
    return true;
}

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
    case TCG_OP_ADD_I32: case TCG_OP_MUL_I32: case TCG_OP_AND_I32: case TCG_OP_OR_I32:
    case TCG_OP_XOR_I32: case TCG_OP_MULU2_I32: case TCG_OP_MULS2_I32:
    case TCG_OP_ADD_I64: case TCG_OP_MUL_I64: case TCG_OP_AND_I64: case TCG_OP_OR_I64:
    case TCG_OP_XOR_I64: case TCG_OP_MULU2_I64: case TCG_OP_MULS2_I64:
        return true;
    default:
        return false;
    }
}

/* The result of comparing a value with itself. */
static bool cond_self(TCGCond c)
{
    switch (c) {
    case TCG_COND_ALWAYS: case TCG_COND_EQ: case TCG_COND_LE: case TCG_COND_GE:
    case TCG_COND_LEU: case TCG_COND_GEU:
        return true;
    default:
        return false;
    }
}

/*
 * Identities with one side known (after constants moved to the right):
 * rewrite op as a mov/movi/neg and return true, or return false.
 */
static bool simplify(OptState *o, TCGOp *op, bool is64)
{
    bool two_inputs = tcg_op_defs[op->opc].nb_iargs >= 2;
    TCGArg d = op->args[0], a = op->args[1], b = two_inputs ? op->args[2] : TCG_ARG_NONE;
    uint64_t ones = is64 ? UINT64_MAX : UINT32_MAX;
    uint64_t vb = 0;
    bool kb = two_inputs && get_const(o, (unsigned)b, &vb);

    switch (op->opc) {
    case TCG_OP_ADD_I32: case TCG_OP_ADD_I64: case TCG_OP_SUB_I32: case TCG_OP_SUB_I64:
    case TCG_OP_OR_I32: case TCG_OP_OR_I64: case TCG_OP_XOR_I32: case TCG_OP_XOR_I64:
    case TCG_OP_SHL_I32: case TCG_OP_SHL_I64: case TCG_OP_SHR_I32: case TCG_OP_SHR_I64:
    case TCG_OP_SAR_I32: case TCG_OP_SAR_I64: case TCG_OP_ROTL_I32: case TCG_OP_ROTL_I64:
    case TCG_OP_ROTR_I32: case TCG_OP_ROTR_I64: case TCG_OP_ANDC_I32: case TCG_OP_ANDC_I64:
        if (kb && vb == 0)
            goto mov_a;
        break;
    default:
        break;
    }

    switch (op->opc) {
    case TCG_OP_AND_I32: case TCG_OP_AND_I64:
        if (kb && vb == 0)
            goto movi_0;
        if ((kb && vb == ones) || a == b)
            goto mov_a;
        break;
    case TCG_OP_OR_I32: case TCG_OP_OR_I64:
        if (kb && vb == ones) {
            make_movi(o, op, is64, d, ones);
            return true;
        }
        if (a == b)
            goto mov_a;
        break;
    case TCG_OP_XOR_I32: case TCG_OP_XOR_I64:
        if (a == b)
            goto movi_0;
        break;
    case TCG_OP_ANDC_I32: case TCG_OP_ANDC_I64:
        if ((kb && vb == ones) || a == b || is_const_val(o, (unsigned)a, 0))
            goto movi_0;
        break;
    case TCG_OP_SUB_I32: case TCG_OP_SUB_I64:
        if (a == b)
            goto movi_0;
        if (is_const_val(o, (unsigned)a, 0)) {
            op->opc = is64 ? TCG_OP_NEG_I64 : TCG_OP_NEG_I32;
            op->args[1] = b;
            info_write(o, (unsigned)d);
            return true;
        }
        break;
    case TCG_OP_MUL_I32: case TCG_OP_MUL_I64:
        if (kb && vb == 0)
            goto movi_0;
        if (kb && vb == 1)
            goto mov_a;
        break;
    case TCG_OP_DIVS_I32: case TCG_OP_DIVS_I64: case TCG_OP_DIVU_I32: case TCG_OP_DIVU_I64:
        if (kb && vb == 1)
            goto mov_a;
        /* Reached only with a divisor != 0: 0 / b is 0. */
        if (is_const_val(o, (unsigned)a, 0))
            goto movi_0;
        break;
    case TCG_OP_REMS_I32: case TCG_OP_REMS_I64: case TCG_OP_REMU_I32: case TCG_OP_REMU_I64:
        if ((kb && vb == 1) || is_const_val(o, (unsigned)a, 0))
            goto movi_0;
        break;
    case TCG_OP_SHL_I32: case TCG_OP_SHL_I64: case TCG_OP_SHR_I32: case TCG_OP_SHR_I64:
    case TCG_OP_SAR_I32: case TCG_OP_SAR_I64: case TCG_OP_ROTL_I32: case TCG_OP_ROTL_I64:
    case TCG_OP_ROTR_I32: case TCG_OP_ROTR_I64:
        if (is_const_val(o, (unsigned)a, 0))
            goto movi_0;
        break;
    case TCG_OP_CLZ_I32: case TCG_OP_CLZ_I64: case TCG_OP_CTZ_I32: case TCG_OP_CTZ_I64: {
        uint64_t va;

        /* Only the value needs to be known; if_zero matters only for 0. */
        if (get_const(o, (unsigned)a, &va)) {
            if (va == 0) {
                make_mov(o, op, is64, d, b);
            } else {
                bool clz = op->opc == TCG_OP_CLZ_I32 || op->opc == TCG_OP_CLZ_I64;
                uint64_t r = clz ? tcg_clz64(va) - (is64 ? 0 : 32) : tcg_ctz64(va);

                make_movi(o, op, is64, d, r);
            }
            return true;
        }
        break;
    }
    case TCG_OP_DEPOSIT_I32: case TCG_OP_DEPOSIT_I64:
        if (op->args[4] == (is64 ? 64u : 32u)) {
            make_mov(o, op, is64, d, b);
            return true;
        }
        break;
    case TCG_OP_EXTRACT_I32: case TCG_OP_EXTRACT_I64:
    case TCG_OP_SEXTRACT_I32: case TCG_OP_SEXTRACT_I64:
        if (op->args[2] == 0 && op->args[3] == (is64 ? 64u : 32u))
            goto mov_a;
        break;
    case TCG_OP_SETCOND_I32: case TCG_OP_SETCOND_I64:
        if (a == b) {
            make_movi(o, op, is64, d, cond_self((TCGCond)op->args[3]));
            return true;
        }
        break;
    case TCG_OP_MOVCOND_I32: case TCG_OP_MOVCOND_I64: {
        TCGArg v1 = op->args[3], v2 = op->args[4];
        uint64_t x, y;

        if (v1 == v2) {
            make_mov(o, op, is64, d, v1);
            return true;
        }
        if (a == b) {
            make_mov(o, op, is64, d, cond_self((TCGCond)op->args[5]) ? v1 : v2);
            return true;
        }
        if (get_const(o, (unsigned)a, &x) && get_const(o, (unsigned)b, &y)) {
            bool t = is64 ? tcg_compare64((TCGCond)op->args[5], x, y)
                          : tcg_compare32((TCGCond)op->args[5], (uint32_t)x, (uint32_t)y);

            make_mov(o, op, is64, d, t ? v1 : v2);
            return true;
        }
        break;
    }
    default:
        break;
    }
    return false;

mov_a:
    make_mov(o, op, is64, d, a);
    return true;
movi_0:
    make_movi(o, op, is64, d, 0);
    return true;
}

/* Swap inputs x and y of op. */
static void swap_args(TCGOp *op, unsigned x, unsigned y)
{
    TCGArg t = op->args[x];

    op->args[x] = op->args[y];
    op->args[y] = t;
}

/*
 * Constants go second: the backends have immediate forms for the second
 * operand only. Conditions are mirrored when their operands swap.
 */
static void canonicalize(OptState *o, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    unsigned i0 = def->nb_oargs, ci = def->nb_oargs + def->nb_iargs;
    bool is_cond;
    uint64_t v;

    switch (op->opc) {
    case TCG_OP_SETCOND_I32: case TCG_OP_SETCOND_I64:
    case TCG_OP_MOVCOND_I32: case TCG_OP_MOVCOND_I64:
    case TCG_OP_BRCOND_I32: case TCG_OP_BRCOND_I64:
        is_cond = true;
        break;
    default:
        if (!is_commutative((TCGOpcode)op->opc))
            return;
        is_cond = false;
        break;
    }
    if (!get_const(o, (unsigned)op->args[i0], &v) || get_const(o, (unsigned)op->args[i0 + 1], &v))
        return;
    swap_args(op, i0, i0 + 1);
    if (is_cond)
        op->args[ci] = tcg_swap_cond((TCGCond)op->args[ci]);
}

/* ---- The forward pass -------------------------------------------------------------- */

static void count_label_refs(OptState *o)
{
    const TCGContext *s = o->s;

    memset(o->refs, 0, sizeof(o->refs[0]) * s->nb_labels);
    for (unsigned i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];

        if (op->opc == TCG_OP_BR)
            o->refs[op->args[0]]++;
        else if (op->opc == TCG_OP_BRCOND_I32 || op->opc == TCG_OP_BRCOND_I64)
            o->refs[op->args[3]]++;
    }
}

static TCGArg branch_target(const TCGOp *op)
{
    return op->opc == TCG_OP_BR ? op->args[0] : op->args[3];
}

static bool is_branch(const TCGOp *op)
{
    return op->opc == TCG_OP_BR || op->opc == TCG_OP_BRCOND_I32 || op->opc == TCG_OP_BRCOND_I64;
}

static void remove_op(OptState *o, TCGOp *op)
{
    if (is_branch(op))
        o->refs[branch_target(op)]--;
    op->opc = OPC_REMOVED;
}

/*
 * Inputs [first, first + n) of op: replace each by the temp it is a copy of,
 * and a value known to be constant by a constant temp (which the backend
 * can encode as an immediate).
 */
static void opt_inputs(OptState *o, TCGOp *op, unsigned first, unsigned n)
{
    for (unsigned i = first; i < first + n; i++) {
        uint64_t v;

        op->args[i] = canon(o, (unsigned)op->args[i]);
        if (get_const(o, (unsigned)op->args[i], &v) &&
            o->s->temps[op->args[i]].kind != TEMP_CONST) {
            TCGArg k = const_temp(o, op->opc == TCG_OP_CALL ? TCG_TYPE_I64 : arg_type(op, i), v);

            if (k != TCG_ARG_NONE)
                op->args[i] = k;
        }
    }
}

/* brcond: fold when the outcome is known; true if control never falls through. */
static bool opt_brcond(OptState *o, TCGOp *op)
{
    bool is64 = op_is64(op);
    TCGCond c;
    uint64_t x, y;
    int taken = -1;

    opt_inputs(o, op, 0, 2);
    canonicalize(o, op);
    c = (TCGCond)op->args[2];
    if (op->args[0] == op->args[1])
        taken = cond_self(c);
    else if (get_const(o, (unsigned)op->args[0], &x) && get_const(o, (unsigned)op->args[1], &y))
        taken = is64 ? tcg_compare64(c, x, y) : tcg_compare32(c, (uint32_t)x, (uint32_t)y);
    if (taken == 0) {
        remove_op(o, op);
        return false;
    }
    if (taken == 1) {
        op->opc = TCG_OP_BR;
        op->args[0] = op->args[3];
        return true;
    }
    return false;
}

/* A plain op (outputs, then inputs, no control flow); returns the ops it inserted. */
static unsigned opt_plain(OptState *o, unsigned idx)
{
    TCGContext *s = o->s;
    TCGOp *op = &s->ops[idx];
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    unsigned no = def->nb_oargs, ni = def->nb_iargs;
    bool is64 = op_is64(op);
    uint64_t x[4], r0 = 0, r1 = 0;
    bool all_const = ni > 0;

    if (op->opc == TCG_OP_MOV_I32 || op->opc == TCG_OP_MOV_I64) {
        make_mov(o, op, is64, op->args[0], op->args[1]);
        return 0;
    }
    if (op->opc == TCG_OP_MOVI_I32 || op->opc == TCG_OP_MOVI_I64) {
        make_movi(o, op, is64, op->args[0], op->args[1]);
        return 0;
    }
    opt_inputs(o, op, no, ni);
    for (unsigned i = 0; i < ni && all_const; i++)
        all_const = get_const(o, (unsigned)op->args[no + i], &x[i]);
    if (all_const && fold(op, x, &r0, &r1)) {
        if (no == 1) {
            make_movi(o, op, is64, op->args[0], r0);
            return 0;
        }
        if (no == 2) {
            TCGArg lo = op->args[0], hi = op->args[1];
            TCGOp *op2 = insert_after(s, idx);

            if (op2) {
                make_movi(o, &s->ops[idx], is64, lo, r0);
                make_movi(o, op2, is64, hi, r1);
                return 1;
            }
        }
    }
    canonicalize(o, op);
    /* Zero-extending a value that is already: a copy (32-bit guest code is full of these). */
    if (op->opc == TCG_OP_EXT32U_I64 && known_zext32(o, (unsigned)op->args[1])) {
        make_mov(o, op, true, op->args[0], op->args[1]);
        o->info[op->args[0]].zext32 = true;
        return 0;
    }
    if (no == 1 && ni >= 1 && simplify(o, op, is64))
        return 0;
    for (unsigned i = 0; i < no; i++)
        info_write(o, (unsigned)op->args[i]);
    if (op->opc == TCG_OP_EXT32U_I64 || op->opc == TCG_OP_EXTU_I32_I64 ||
        (op->opc == TCG_OP_EXTRACT_I64 && op->args[2] + op->args[3] <= 32))
        o->info[op->args[0]].zext32 = true;
    return 0;
}

static void opt_call(OptState *o, TCGOp *op)
{
    opt_inputs(o, op, 1, (unsigned)op->args[9]);
    if (!(op->args[8] & TCG_CALL_NO_WRITE_GLOBALS))
        forget_globals(o);
    if (op->args[0] != TCG_ARG_NONE)
        info_write(o, (unsigned)op->args[0]);
}

static void optimize_forward(OptState *o)
{
    TCGContext *s = o->s;
    bool reachable = true;
    int last = -1;             /* the last op kept */

    count_label_refs(o);
    for (unsigned i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        unsigned flags;

        if (op->opc == OPC_REMOVED)
            continue;
        flags = tcg_op_defs[op->opc].flags;

        if (op->opc == TCG_OP_SET_LABEL) {
            unsigned l = (unsigned)op->args[0];

            /* A jump to the very next op is no jump. */
            if (last >= 0 && is_branch(&s->ops[last]) && branch_target(&s->ops[last]) == l) {
                if (s->ops[last].opc == TCG_OP_BR)
                    reachable = true;
                remove_op(o, &s->ops[last]);
            }
            if (o->refs[l] == 0) {
                /* Nobody jumps here: not a join, what is known still holds. */
                op->opc = OPC_REMOVED;
                continue;
            }
            reachable = true;
            forget_all(o);
            last = (int)i;
            continue;
        }
        if (op->opc == TCG_OP_INSN_START) {
            /* Kept even when unreachable: it numbers the guest instructions. */
            forget_insn_temps(o);
            last = (int)i;
            continue;
        }
        if (!reachable) {
            remove_op(o, op);
            continue;
        }

        switch (op->opc) {
        case TCG_OP_DISCARD:
            info_write(o, (unsigned)op->args[0]);
            break;
        case TCG_OP_BRCOND_I32: case TCG_OP_BRCOND_I64:
            if (opt_brcond(o, op))
                reachable = false;
            break;
        case TCG_OP_CALL:
            opt_call(o, op);
            if (op->args[8] & TCG_CALL_NO_RETURN)
                reachable = false;
            break;
        case TCG_OP_MB:
            break;
        default:
            if (flags & TCG_OPF_NO_NEXT) {
                reachable = false;
                break;
            }
            i += opt_plain(o, i);
            op = &s->ops[i];
            if (flags & (TCG_OPF_ENV_WRITE | TCG_OPF_MAY_RAISE))
                forget_globals(o);
            break;
        }
        if (op->opc != OPC_REMOVED)
            last = (int)i;
    }
}

/* ---- Liveness and dead code ----------------------------------------------------------- */

typedef struct TempSet {
    uint64_t w[TCG_MAX_TEMPS / 64];
} TempSet;

static bool ts_has(const TempSet *ts, unsigned t) { return ts->w[t / 64] >> (t % 64) & 1; }
static void ts_add(TempSet *ts, unsigned t) { ts->w[t / 64] |= 1ull << (t % 64); }
static void ts_del(TempSet *ts, unsigned t) { ts->w[t / 64] &= ~(1ull << (t % 64)); }

static void ts_or(TempSet *d, const TempSet *a)
{
    for (unsigned i = 0; i < TCG_MAX_TEMPS / 64; i++)
        d->w[i] |= a->w[i];
}

static void ts_andnot(TempSet *d, const TempSet *a)
{
    for (unsigned i = 0; i < TCG_MAX_TEMPS / 64; i++)
        d->w[i] &= ~a->w[i];
}

/*
 * Backward over the list with the set of temps whose value is still needed.
 * Globals are needed at every exit, wherever env memory may be read, and at
 * every op that may raise. At a label the set is what the code after it
 * needs, so a forward branch knows exactly what its target needs; a branch
 * back to a label not yet reached needs everything.
 */
static void liveness(TCGContext *s)
{
    TempSet globals = { { 0 } }, insn = { { 0 } }, all = { { 0 } }, live;
    /* Kept in the context: the backend stores at a branch only what its
     * label needs (TCGContext.label_live). */
    TempSet *label_live = (TempSet *)s->label_live;
    bool *seen = s->label_live_known;

    _Static_assert(sizeof(TempSet) == sizeof(s->label_live[0]), "label_live layout");
    memset(seen, 0, sizeof(s->label_live_known));
    for (unsigned t = 0; t < s->nb_temps; t++) {
        switch (s->temps[t].kind) {
        case TEMP_GLOBAL: ts_add(&globals, t); ts_add(&all, t); break;
        case TEMP_INSN:   ts_add(&insn, t);    ts_add(&all, t); break;
        case TEMP_TB:     ts_add(&all, t); break;
        default: break;
        }
    }
    live = globals;

    for (unsigned i = s->nb_ops; i-- > 0;) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def;
        unsigned no, ni, first_in, flags;
        bool keep, reads_globals, noreturn = false, any_live = false;
        uint16_t life = 0;

        switch (op->opc) {
        case OPC_REMOVED:
            continue;
        case TCG_OP_SET_LABEL:
            label_live[op->args[0]] = live;
            seen[op->args[0]] = true;
            continue;
        case TCG_OP_BR:
            live = seen[op->args[0]] ? label_live[op->args[0]] : all;
            continue;
        case TCG_OP_INSN_START:
            ts_andnot(&live, &insn);
            continue;
        case TCG_OP_DISCARD:
            if (s->temps[op->args[0]].kind != TEMP_GLOBAL)
                ts_del(&live, (unsigned)op->args[0]);
            op->opc = OPC_REMOVED;
            continue;
        case TCG_OP_GOTO_TB: case TCG_OP_EXIT_TB: case TCG_OP_GOTO_PTR:
            live = globals;
            continue;
        case TCG_OP_BRCOND_I32: case TCG_OP_BRCOND_I64:
            ts_or(&live, seen[op->args[3]] ? &label_live[op->args[3]] : &all);
            break;
        default:
            break;
        }

        def = &tcg_op_defs[op->opc];
        flags = def->flags;
        no = def->nb_oargs;
        ni = def->nb_iargs;
        first_in = no;
        keep = flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_RAISE | TCG_OPF_BB_END);
        reads_globals = flags & (TCG_OPF_ENV_READ | TCG_OPF_MAY_RAISE);
        if (op->opc == TCG_OP_CALL) {
            unsigned cf = (unsigned)op->args[8];

            no = op->args[0] != TCG_ARG_NONE;
            ni = (unsigned)op->args[9];
            first_in = 1;
            /* A helper with side effects may also raise. */
            keep = !(cf & TCG_CALL_NO_SIDE_EFFECTS);
            reads_globals = keep || !(cf & TCG_CALL_NO_READ_GLOBALS);
            noreturn = cf & TCG_CALL_NO_RETURN;
        }

        for (unsigned k = 0; k < no; k++)
            any_live |= ts_has(&live, (unsigned)op->args[k]);
        if (!any_live && !keep) {
            op->opc = OPC_REMOVED;
            continue;
        }
        for (unsigned k = 0; k < no; k++) {
            unsigned t = (unsigned)op->args[k];

            if (!ts_has(&live, t))
                life |= (uint16_t)(1u << k);
            ts_del(&live, t);
        }
        if (noreturn)
            memset(&live, 0, sizeof(live));
        if (reads_globals)
            ts_or(&live, &globals);
        for (unsigned k = first_in; k < first_in + ni; k++) {
            unsigned t = (unsigned)op->args[k];

            if (s->temps[t].kind == TEMP_CONST)
                continue;
            if (!ts_has(&live, t) && s->temps[t].kind != TEMP_GLOBAL)
                life |= (uint16_t)(1u << k);
            ts_add(&live, t);
        }
        op->life = life;
    }
}

static void compact(TCGContext *s)
{
    unsigned n = 0;

    for (unsigned i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc == OPC_REMOVED)
            continue;
        if (n != i)
            s->ops[n] = s->ops[i];
        n++;
    }
    s->nb_ops = n;
}

void tcg_optimize(TCGContext *s)
{
    OptState *o;

    s->ops_before_opt = s->nb_ops;
    if (s->overflow)
        return;
    o = malloc(sizeof(*o));
    if (o) {
        o->s = s;
        /* Constant temps made on the way get indices above nb_temps: cover all. */
        memset(o->info, 0, sizeof(o->info));
        for (unsigned t = 0; t < TCG_MAX_TEMPS; t++)
            info_reset(o, t);
        optimize_forward(o);
        free(o);
    }
    liveness(s);
    compact(s);
}
