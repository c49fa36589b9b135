/*
 * float32 and float64 with the semantics of SSE/SSE2 scalar and packed
 * instructions (SDM Vol. 1 ch. 11, Vol. 2 instruction pages): MXCSR's DAZ
 * reads denormal inputs as zeros (raising no DE), FTZ returns zero for tiny
 * results (raising UE and PE).
 */
#include "fpu/softfloat-internal.h"

typedef enum SseOp { OP_ADD, OP_SUB, OP_MUL, OP_DIV } SseOp;

static SfUnpacked daz(SfUnpacked u, const FloatStatus *s)
{
    if (u.denormal && s->denormals_are_zero) {
        u.cls = SF_ZERO;
        u.denormal = false;
    }
    return u;
}

static SfUnpacked unpack32(float32 a, const FloatStatus *s)
{
    return daz(sf_unpack_f32(a), s);
}

static SfUnpacked unpack64(float64 a, const FloatStatus *s)
{
    return daz(sf_unpack_f64(a), s);
}

static SfPacked packed_inf(bool sign, const SfFormat *f)
{
    SfPacked p = { sign, f->emax + 1, 1ull << 63 };
    return p;
}

static SfPacked packed_zero(bool sign)
{
    SfPacked p = { sign, 0, 0 };
    return p;
}

/* Non-NaN operands. Returns false for an invalid operation. */
static bool arith(const SfUnpacked *a, const SfUnpacked *b, SseOp op, const SfFormat *f,
                  FloatStatus *s, SfPacked *p)
{
    bool ftz = s->flush_to_zero;
    bool bsign = b->sign ^ (op == OP_SUB);
    bool sign = a->sign ^ b->sign;

    switch (op) {
    case OP_ADD:
    case OP_SUB:
        if (a->cls == SF_INF && b->cls == SF_INF && a->sign != bsign)
            return false;
        sf_denormal_check(a, b, s);
        if (a->cls == SF_INF)
            *p = packed_inf(a->sign, f);
        else if (b->cls == SF_INF)
            *p = packed_inf(bsign, f);
        else
            *p = sf_add(a, b, op == OP_SUB, f, ftz, s);
        return true;
    case OP_MUL:
        if ((a->cls == SF_INF && b->cls == SF_ZERO) || (a->cls == SF_ZERO && b->cls == SF_INF))
            return false;
        sf_denormal_check(a, b, s);
        if (a->cls == SF_INF || b->cls == SF_INF)
            *p = packed_inf(sign, f);
        else
            *p = sf_mul(a, b, f, ftz, s);
        return true;
    default:
        if ((a->cls == SF_INF && b->cls == SF_INF) || (a->cls == SF_ZERO && b->cls == SF_ZERO))
            return false;
        if (b->cls == SF_ZERO && a->cls != SF_INF) {
            s->flags |= FLOAT_FLAG_DIVBYZERO;     /* and no DE */
            *p = packed_inf(sign, f);
            return true;
        }
        sf_denormal_check(a, b, s);
        if (a->cls == SF_INF)
            *p = packed_inf(sign, f);
        else if (b->cls == SF_INF)
            *p = packed_zero(sign);
        else
            *p = sf_div(a, b, f, ftz, s);
        return true;
    }
}

static float32 binop32(float32 a, float32 b, SseOp op, FloatStatus *s)
{
    SfUnpacked ua = unpack32(a, s), ub = unpack32(b, s);
    SfPacked p;

    if (sf_is_nan(&ua) || sf_is_nan(&ub))
        return sf_sse_nan32(a, b, sf_is_nan(&ua), sf_is_nan(&ub), s);
    if (!arith(&ua, &ub, op, &sf_format_f32, s, &p)) {
        s->flags |= FLOAT_FLAG_INVALID;
        return FLOAT32_DEFAULT_NAN;
    }
    return sf_pack_f32(p);
}

static float64 binop64(float64 a, float64 b, SseOp op, FloatStatus *s)
{
    SfUnpacked ua = unpack64(a, s), ub = unpack64(b, s);
    SfPacked p;

    if (sf_is_nan(&ua) || sf_is_nan(&ub))
        return sf_sse_nan64(a, b, sf_is_nan(&ua), sf_is_nan(&ub), s);
    if (!arith(&ua, &ub, op, &sf_format_f64, s, &p)) {
        s->flags |= FLOAT_FLAG_INVALID;
        return FLOAT64_DEFAULT_NAN;
    }
    return sf_pack_f64(p);
}

float32 float32_add(float32 a, float32 b, FloatStatus *s)
{
    return binop32(a, b, OP_ADD, s);
}

float32 float32_sub(float32 a, float32 b, FloatStatus *s)
{
    return binop32(a, b, OP_SUB, s);
}

float32 float32_mul(float32 a, float32 b, FloatStatus *s)
{
    return binop32(a, b, OP_MUL, s);
}

float32 float32_div(float32 a, float32 b, FloatStatus *s)
{
    return binop32(a, b, OP_DIV, s);
}

float64 float64_add(float64 a, float64 b, FloatStatus *s)
{
    return binop64(a, b, OP_ADD, s);
}

float64 float64_sub(float64 a, float64 b, FloatStatus *s)
{
    return binop64(a, b, OP_SUB, s);
}

float64 float64_mul(float64 a, float64 b, FloatStatus *s)
{
    return binop64(a, b, OP_MUL, s);
}

float64 float64_div(float64 a, float64 b, FloatStatus *s)
{
    return binop64(a, b, OP_DIV, s);
}

/* Non-NaN operand. Returns false for an invalid operation (negative). */
static bool sqrt_op(const SfUnpacked *a, const SfFormat *f, FloatStatus *s, SfPacked *p)
{
    if (a->cls == SF_ZERO) {
        *p = packed_zero(a->sign);
        return true;
    }
    if (a->sign)
        return false;
    sf_denormal_check(a, NULL, s);
    if (a->cls == SF_INF)
        *p = packed_inf(false, f);
    else
        *p = sf_sqrt(a, f, s->flush_to_zero, s);
    return true;
}

float32 float32_sqrt(float32 a, FloatStatus *s)
{
    SfUnpacked u = unpack32(a, s);
    SfPacked p;

    if (sf_is_nan(&u))
        return sf_sse_nan32(a, a, true, false, s);
    if (!sqrt_op(&u, &sf_format_f32, s, &p)) {
        s->flags |= FLOAT_FLAG_INVALID;
        return FLOAT32_DEFAULT_NAN;
    }
    return sf_pack_f32(p);
}

float64 float64_sqrt(float64 a, FloatStatus *s)
{
    SfUnpacked u = unpack64(a, s);
    SfPacked p;

    if (sf_is_nan(&u))
        return sf_sse_nan64(a, a, true, false, s);
    if (!sqrt_op(&u, &sf_format_f64, s, &p)) {
        s->flags |= FLOAT_FLAG_INVALID;
        return FLOAT64_DEFAULT_NAN;
    }
    return sf_pack_f64(p);
}

/* ------------------------------------------------------------------------ */
/* MIN/MAX: SDM Vol. 2 "MINSS": IF (SRC1 < SRC2) THEN SRC1 ELSE SRC2, which
 * makes a NaN in either operand, or two zeros, give SRC2. Both QNaN and SNaN
 * raise IE. */

static bool pick_first(const SfUnpacked *a, const SfUnpacked *b, bool max, FloatStatus *s)
{
    FloatRelation rel = sf_compare_unpacked(a, b, false, s);

    if (rel == FLOAT_RELATION_UNORDERED)
        return false;
    return max ? rel == FLOAT_RELATION_GREATER : rel == FLOAT_RELATION_LESS;
}

/* The operand as read: under DAZ a denormal comes back as a signed zero. */
static float32 as_read32(float32 a, const SfUnpacked *u)
{
    return u->cls == SF_ZERO ? a & 0x80000000u : a;
}

static float64 as_read64(float64 a, const SfUnpacked *u)
{
    return u->cls == SF_ZERO ? a & (1ull << 63) : a;
}

float32 float32_min(float32 a, float32 b, FloatStatus *s)
{
    SfUnpacked ua = unpack32(a, s), ub = unpack32(b, s);
    return pick_first(&ua, &ub, false, s) ? as_read32(a, &ua) : as_read32(b, &ub);
}

float32 float32_max(float32 a, float32 b, FloatStatus *s)
{
    SfUnpacked ua = unpack32(a, s), ub = unpack32(b, s);
    return pick_first(&ua, &ub, true, s) ? as_read32(a, &ua) : as_read32(b, &ub);
}

float64 float64_min(float64 a, float64 b, FloatStatus *s)
{
    SfUnpacked ua = unpack64(a, s), ub = unpack64(b, s);
    return pick_first(&ua, &ub, false, s) ? as_read64(a, &ua) : as_read64(b, &ub);
}

float64 float64_max(float64 a, float64 b, FloatStatus *s)
{
    SfUnpacked ua = unpack64(a, s), ub = unpack64(b, s);
    return pick_first(&ua, &ub, true, s) ? as_read64(a, &ua) : as_read64(b, &ub);
}

/* ------------------------------------------------------------------------ */
/* Compares */

FloatRelation float32_compare(float32 a, float32 b, FloatStatus *s)
{
    SfUnpacked ua = unpack32(a, s), ub = unpack32(b, s);
    return sf_compare_unpacked(&ua, &ub, false, s);
}

FloatRelation float32_compare_quiet(float32 a, float32 b, FloatStatus *s)
{
    SfUnpacked ua = unpack32(a, s), ub = unpack32(b, s);
    return sf_compare_unpacked(&ua, &ub, true, s);
}

FloatRelation float64_compare(float64 a, float64 b, FloatStatus *s)
{
    SfUnpacked ua = unpack64(a, s), ub = unpack64(b, s);
    return sf_compare_unpacked(&ua, &ub, false, s);
}

FloatRelation float64_compare_quiet(float64 a, float64 b, FloatStatus *s)
{
    SfUnpacked ua = unpack64(a, s), ub = unpack64(b, s);
    return sf_compare_unpacked(&ua, &ub, true, s);
}

/*
 * The 32 VCMPPS predicates (SDM Vol. 2 "CMPPS", table 3-1). Each row is the
 * set of relations for which the predicate is true (bits: 1 less, 2 equal,
 * 4 greater, 8 unordered) and whether a QNaN raises IE. Rows 16-31 repeat
 * 0-15 with the signaling behaviour inverted.
 */
static const struct {
    uint8_t true_for;
    bool signaling;
} cmp_predicates[16] = {
    /* 0x00 */ { 2, false },    /* EQ_OQ */
    /* 0x01 */ { 1, true },     /* LT_OS */
    /* 0x02 */ { 3, true },     /* LE_OS */
    /* 0x03 */ { 8, false },    /* UNORD_Q */
    /* 0x04 */ { 13, false },   /* NEQ_UQ */
    /* 0x05 */ { 14, true },    /* NLT_US */
    /* 0x06 */ { 12, true },    /* NLE_US */
    /* 0x07 */ { 7, false },    /* ORD_Q */
    /* 0x08 */ { 10, false },   /* EQ_UQ */
    /* 0x09 */ { 9, true },     /* NGE_US */
    /* 0x0A */ { 11, true },    /* NGT_US */
    /* 0x0B */ { 0, false },    /* FALSE_OQ */
    /* 0x0C */ { 5, false },    /* NEQ_OQ */
    /* 0x0D */ { 6, true },     /* GE_OS */
    /* 0x0E */ { 4, true },     /* GT_OS */
    /* 0x0F */ { 15, false },   /* TRUE_UQ */
};

static bool cmp_predicate(const SfUnpacked *a, const SfUnpacked *b, unsigned imm8,
                          FloatStatus *s)
{
    unsigned row = imm8 & 15;
    bool quiet = cmp_predicates[row].signaling == ((imm8 & 16) != 0);
    FloatRelation rel = sf_compare_unpacked(a, b, quiet, s);
    unsigned bit = rel == FLOAT_RELATION_LESS ? 1 : rel == FLOAT_RELATION_EQUAL ? 2 :
                   rel == FLOAT_RELATION_GREATER ? 4 : 8;

    return (cmp_predicates[row].true_for & bit) != 0;
}

bool float32_cmp_predicate(float32 a, float32 b, unsigned imm8, FloatStatus *s)
{
    SfUnpacked ua = unpack32(a, s), ub = unpack32(b, s);
    return cmp_predicate(&ua, &ub, imm8, s);
}

bool float64_cmp_predicate(float64 a, float64 b, unsigned imm8, FloatStatus *s)
{
    SfUnpacked ua = unpack64(a, s), ub = unpack64(b, s);
    return cmp_predicate(&ua, &ub, imm8, s);
}

/* ------------------------------------------------------------------------ */
/* Conversions */

float64 float32_to_float64(float32 a, FloatStatus *s)
{
    SfUnpacked u = unpack32(a, s);

    switch (u.cls) {
    case SF_SNAN:
        s->flags |= FLOAT_FLAG_INVALID;
        /* fall through */
    case SF_QNAN:
        return ((uint64_t)u.sign << 63) | 0x7FF8000000000000ull | ((uint64_t)(a & 0x3FFFFF) << 29);
    case SF_ZERO:
        return (uint64_t)u.sign << 63;
    case SF_INF:
        return ((uint64_t)u.sign << 63) | 0x7FF0000000000000ull;
    default:
        sf_denormal_check(&u, NULL, s);
        return sf_pack_f64(sf_round_pack(u.sign, u.exp, u.sig, 0, &sf_format_f64, false, s));
    }
}

float32 float64_to_float32(float64 a, FloatStatus *s)
{
    SfUnpacked u = unpack64(a, s);

    switch (u.cls) {
    case SF_SNAN:
        s->flags |= FLOAT_FLAG_INVALID;
        /* fall through */
    case SF_QNAN:
        return ((uint32_t)u.sign << 31) | 0x7FC00000 | (uint32_t)((a >> 29) & 0x3FFFFF);
    case SF_ZERO:
        return (uint32_t)u.sign << 31;
    case SF_INF:
        return ((uint32_t)u.sign << 31) | 0x7F800000;
    default:
        sf_denormal_check(&u, NULL, s);
        return sf_pack_f32(sf_round_pack(u.sign, u.exp, u.sig, 0, &sf_format_f32,
                                         s->flush_to_zero, s));
    }
}

static SfPacked from_int(int64_t a, const SfFormat *f, FloatStatus *s)
{
    bool sign = a < 0;
    uint64_t mag = sign ? 0 - (uint64_t)a : (uint64_t)a;

    return sf_round_pack(sign, 63, mag, 0, f, false, s);
}

float32 int32_to_float32(int32_t a, FloatStatus *s)
{
    return sf_pack_f32(from_int(a, &sf_format_f32, s));
}

float32 int64_to_float32(int64_t a, FloatStatus *s)
{
    return sf_pack_f32(from_int(a, &sf_format_f32, s));
}

float64 int32_to_float64(int32_t a)
{
    FloatStatus exact = { 0 };
    return sf_pack_f64(from_int(a, &sf_format_f64, &exact));
}

float64 int64_to_float64(int64_t a, FloatStatus *s)
{
    return sf_pack_f64(from_int(a, &sf_format_f64, s));
}

int32_t float32_to_int32(float32 a, FloatStatus *s)
{
    SfUnpacked u = unpack32(a, s);
    return (int32_t)sf_to_int(&u, 32, s->rounding, s);
}

int64_t float32_to_int64(float32 a, FloatStatus *s)
{
    SfUnpacked u = unpack32(a, s);
    return sf_to_int(&u, 64, s->rounding, s);
}

int32_t float64_to_int32(float64 a, FloatStatus *s)
{
    SfUnpacked u = unpack64(a, s);
    return (int32_t)sf_to_int(&u, 32, s->rounding, s);
}

int64_t float64_to_int64(float64 a, FloatStatus *s)
{
    SfUnpacked u = unpack64(a, s);
    return sf_to_int(&u, 64, s->rounding, s);
}

int32_t float32_to_int32_trunc(float32 a, FloatStatus *s)
{
    SfUnpacked u = unpack32(a, s);
    return (int32_t)sf_to_int(&u, 32, FLOAT_ROUND_TO_ZERO, s);
}

int64_t float32_to_int64_trunc(float32 a, FloatStatus *s)
{
    SfUnpacked u = unpack32(a, s);
    return sf_to_int(&u, 64, FLOAT_ROUND_TO_ZERO, s);
}

int32_t float64_to_int32_trunc(float64 a, FloatStatus *s)
{
    SfUnpacked u = unpack64(a, s);
    return (int32_t)sf_to_int(&u, 32, FLOAT_ROUND_TO_ZERO, s);
}

int64_t float64_to_int64_trunc(float64 a, FloatStatus *s)
{
    SfUnpacked u = unpack64(a, s);
    return sf_to_int(&u, 64, FLOAT_ROUND_TO_ZERO, s);
}

/* ------------------------------------------------------------------------ */
/* ROUNDSS/ROUNDSD (SSE4.1): only an SNaN raises IE; PE unless imm8 bit 3. */

static bool round_op(SfUnpacked *u, unsigned imm8, const SfFormat *f, FloatStatus *s,
                     SfPacked *p)
{
    int mode = (imm8 & 4) ? s->rounding : (int)(imm8 & 3);
    bool ovf, inexact, up;
    uint64_t mag;

    if (u->cls == SF_ZERO) {
        *p = packed_zero(u->sign);
        return true;
    }
    if (u->cls != SF_FINITE || u->exp >= f->prec - 1)
        return false;       /* NaN, infinity or already an integer: unchanged */
    mag = sf_round_to_uint(u, mode, &ovf, &inexact, &up);
    if (inexact && !(imm8 & 8))
        s->flags |= FLOAT_FLAG_INEXACT;
    *p = sf_round_pack(u->sign, 63, mag, 0, f, false, s);
    return true;
}

float32 float32_round(float32 a, unsigned imm8, FloatStatus *s)
{
    SfUnpacked u = unpack32(a, s);
    SfPacked p;

    if (sf_is_nan(&u))
        return sf_sse_nan32(a, a, true, false, s);
    if (!round_op(&u, imm8, &sf_format_f32, s, &p))
        return a;
    return sf_pack_f32(p);
}

float64 float64_round(float64 a, unsigned imm8, FloatStatus *s)
{
    SfUnpacked u = unpack64(a, s);
    SfPacked p;

    if (sf_is_nan(&u))
        return sf_sse_nan64(a, a, true, false, s);
    if (!round_op(&u, imm8, &sf_format_f64, s, &p))
        return a;
    return sf_pack_f64(p);
}
