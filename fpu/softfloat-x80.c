/*
 * floatx80, the x87's format: FADD FSUB FMUL FDIV FSQRT, the compares, FXAM,
 * and the conversions of FLD/FST, FILD/FIST/FISTTP.
 *
 * Exception order (SDM Vol. 1 8.7.4 "Exception priority"): invalid operand
 * (unsupported format, SNaN), then a QNaN operand, then the other invalid
 * operations and divide-by-zero, then denormal, then overflow/underflow and
 * inexact.
 */
#include "fpu/softfloat-internal.h"

/*
 * One operand pair through FADD/FSUB/FMUL/FDIV. The unpacked forms carry the
 * classes; a and b are the encodings the NaN rules propagate.
 */
static floatx80 arith(FloatX87Op op, const SfUnpacked *ua, const SfUnpacked *ub, floatx80 a,
                      floatx80 b, FloatStatus *s)
{
    bool sign = ua->sign ^ ub->sign, bsign = ub->sign ^ (op == FLOATX87_SUB);
    floatx80 r;

    if (sf_x87_nan_rules(ua, ub, a, b, &r, s))
        return r;
    switch (op) {
    case FLOATX87_ADD:
    case FLOATX87_SUB:
        if (ua->cls == SF_INF && ub->cls == SF_INF && ua->sign != bsign)
            return sf_x87_invalid(s);
        sf_denormal_check(ua, ub, s);
        if (ua->cls == SF_INF)
            return sf_x80_inf(ua->sign);
        if (ub->cls == SF_INF)
            return sf_x80_inf(bsign);
        return sf_pack_x80(sf_add(ua, ub, op == FLOATX87_SUB, sf_format_x87(s), false, s));
    case FLOATX87_MUL:
        if ((ua->cls == SF_INF && ub->cls == SF_ZERO) || (ua->cls == SF_ZERO && ub->cls == SF_INF))
            return sf_x87_invalid(s);
        sf_denormal_check(ua, ub, s);
        if (ua->cls == SF_INF || ub->cls == SF_INF)
            return sf_x80_inf(sign);
        return sf_pack_x80(sf_mul(ua, ub, sf_format_x87(s), false, s));
    default:
        if ((ua->cls == SF_INF && ub->cls == SF_INF) || (ua->cls == SF_ZERO && ub->cls == SF_ZERO))
            return sf_x87_invalid(s);
        if (ub->cls == SF_ZERO && ua->cls != SF_INF) {
            /* ZE outranks DE: a denormal dividend does not report DE */
            s->flags |= FLOAT_FLAG_DIVBYZERO;
            return sf_x80_inf(sign);
        }
        sf_denormal_check(ua, ub, s);
        if (ua->cls == SF_INF)
            return sf_x80_inf(sign);
        if (ub->cls == SF_INF)
            return sf_x80_zero(sign);
        return sf_pack_x80(sf_div(ua, ub, sf_format_x87(s), false, s));
    }
}

static floatx80 arith_x80(FloatX87Op op, floatx80 a, floatx80 b, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a), ub = sf_unpack_x80(b);

    return arith(op, &ua, &ub, a, b, s);
}

floatx80 floatx80_add(floatx80 a, floatx80 b, FloatStatus *s)
{
    return arith_x80(FLOATX87_ADD, a, b, s);
}

floatx80 floatx80_sub(floatx80 a, floatx80 b, FloatStatus *s)
{
    return arith_x80(FLOATX87_SUB, a, b, s);
}

floatx80 floatx80_mul(floatx80 a, floatx80 b, FloatStatus *s)
{
    return arith_x80(FLOATX87_MUL, a, b, s);
}

floatx80 floatx80_div(floatx80 a, floatx80 b, FloatStatus *s)
{
    return arith_x80(FLOATX87_DIV, a, b, s);
}

/*
 * The m32fp/m64fp forms. The memory operand joins the operation as it is: an
 * SNaN stays signaling for the NaN rules (SNaN + QNaN gives the QNaN, two
 * SNaNs the larger significand), and its DE gives way to a NaN in ST(0), as
 * measured. reverse: the memory operand comes first (FSUBR, FDIVR).
 */
static floatx80 nan_encoding(const SfUnpacked *u)
{
    return floatx80_make((uint16_t)((u->sign << 15) | 0x7FFF), u->sig);
}

static floatx80 arith_mem(FloatX87Op op, bool reverse, floatx80 st, SfUnpacked um,
                          FloatStatus *s)
{
    SfUnpacked ust = sf_unpack_x80(st);
    floatx80 m = nan_encoding(&um);

    if (reverse)
        return arith(op, &um, &ust, m, st, s);
    return arith(op, &ust, &um, st, m, s);
}

floatx80 floatx80_arith_f32(FloatX87Op op, bool reverse, floatx80 st, float32 m, FloatStatus *s)
{
    return arith_mem(op, reverse, st, sf_unpack_f32(m), s);
}

floatx80 floatx80_arith_f64(FloatX87Op op, bool reverse, floatx80 st, float64 m, FloatStatus *s)
{
    return arith_mem(op, reverse, st, sf_unpack_f64(m), s);
}

floatx80 floatx80_sqrt(floatx80 a, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a);
    floatx80 r;

    if (sf_x87_nan_rules(&ua, NULL, a, a, &r, s))
        return r;
    if (ua.cls == SF_ZERO)
        return a;
    if (ua.sign)
        return sf_x87_invalid(s);
    sf_denormal_check(&ua, NULL, s);
    if (ua.cls == SF_INF)
        return a;
    return sf_pack_x80(sf_sqrt(&ua, sf_format_x87(s), false, s));
}

/* ------------------------------------------------------------------------ */
/* Compares */

/* Order two non-NaN unpacked values; zeros of either sign are equal. */
static FloatRelation order(const SfUnpacked *a, const SfUnpacked *b)
{
    int cmp;

    if (a->cls == SF_ZERO && b->cls == SF_ZERO)
        return FLOAT_RELATION_EQUAL;
    if (a->cls == SF_ZERO)
        return b->sign ? FLOAT_RELATION_GREATER : FLOAT_RELATION_LESS;
    if (b->cls == SF_ZERO)
        return a->sign ? FLOAT_RELATION_LESS : FLOAT_RELATION_GREATER;
    if (a->sign != b->sign)
        return a->sign ? FLOAT_RELATION_LESS : FLOAT_RELATION_GREATER;
    /* same sign: compare magnitudes */
    if (a->cls == SF_INF || b->cls == SF_INF)
        cmp = (a->cls == SF_INF) - (b->cls == SF_INF);
    else if (a->exp != b->exp)
        cmp = a->exp > b->exp ? 1 : -1;
    else
        cmp = (a->sig > b->sig) - (a->sig < b->sig);
    if (a->sign)
        cmp = -cmp;
    return cmp < 0 ? FLOAT_RELATION_LESS : cmp > 0 ? FLOAT_RELATION_GREATER : FLOAT_RELATION_EQUAL;
}

FloatRelation sf_compare_unpacked(const SfUnpacked *a, const SfUnpacked *b, bool quiet,
                                  FloatStatus *s)
{
    if (a->cls == SF_UNSUPPORTED || b->cls == SF_UNSUPPORTED) {
        s->flags |= FLOAT_FLAG_INVALID;
        return FLOAT_RELATION_UNORDERED;
    }
    if (sf_is_nan(a) || sf_is_nan(b)) {
        if (!quiet || a->cls == SF_SNAN || b->cls == SF_SNAN)
            s->flags |= FLOAT_FLAG_INVALID;
        return FLOAT_RELATION_UNORDERED;
    }
    sf_denormal_check(a, b, s);
    return order(a, b);
}

FloatRelation floatx80_compare(floatx80 a, floatx80 b, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a), ub = sf_unpack_x80(b);

    return sf_compare_unpacked(&ua, &ub, false, s);
}

FloatRelation floatx80_compare_quiet(floatx80 a, floatx80 b, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a), ub = sf_unpack_x80(b);

    return sf_compare_unpacked(&ua, &ub, true, s);
}

FloatRelation floatx80_compare_f32(floatx80 a, float32 b, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a), ub = sf_unpack_f32(b);

    return sf_compare_unpacked(&ua, &ub, false, s);
}

FloatRelation floatx80_compare_f64(floatx80 a, float64 b, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a), ub = sf_unpack_f64(b);

    return sf_compare_unpacked(&ua, &ub, false, s);
}

/* FXAM, SDM Vol. 2 "FXAM": C3 C2 C0 = 000 unsupported, 001 NaN, 010 normal,
 * 011 infinity, 100 zero, 110 denormal; C1 = sign. */
uint16_t floatx80_fxam(floatx80 a)
{
    SfUnpacked u = sf_unpack_x80(a);
    uint16_t cc = u.sign ? FLOATX80_C1 : 0;

    switch (u.cls) {
    case SF_UNSUPPORTED:
        return cc;
    case SF_QNAN:
    case SF_SNAN:
        return cc | FLOATX80_C0;
    case SF_INF:
        return cc | FLOATX80_C2 | FLOATX80_C0;
    case SF_ZERO:
        return cc | FLOATX80_C3;
    default:
        return cc | (u.denormal ? FLOATX80_C3 | FLOATX80_C2 : FLOATX80_C2);
    }
}

/* ------------------------------------------------------------------------ */
/* FLD m32/m64 and FST m32/m64 */

static floatx80 ieee_to_x80(SfUnpacked u, FloatStatus *s)
{
    switch (u.cls) {
    case SF_ZERO:
        return sf_x80_zero(u.sign);
    case SF_INF:
        return sf_x80_inf(u.sign);
    case SF_SNAN:
        s->flags |= FLOAT_FLAG_INVALID;
        /* fall through */
    case SF_QNAN:
        return floatx80_make((uint16_t)((u.sign << 15) | 0x7FFF), u.sig | (1ull << 62));
    default:
        sf_denormal_check(&u, NULL, s);
        return floatx80_make((uint16_t)((u.sign << 15) | (u.exp + 16383)), u.sig);
    }
}

floatx80 float32_to_floatx80(float32 a, FloatStatus *s)
{
    return ieee_to_x80(sf_unpack_f32(a), s);
}

floatx80 float64_to_floatx80(float64 a, FloatStatus *s)
{
    return ieee_to_x80(sf_unpack_f64(a), s);
}

/*
 * The narrowing store. A NaN keeps the top of its fraction (SNaN quieted);
 * an unsupported operand stores the format's indefinite.
 */
static SfPacked x80_narrow(floatx80 a, const SfFormat *f, FloatStatus *s, bool *is_nan,
                           uint64_t *nan_sig)
{
    SfUnpacked u = sf_unpack_x80(a);
    SfPacked p = { u.sign, 0, 0 };

    *is_nan = false;
    switch (u.cls) {
    case SF_UNSUPPORTED:
        s->flags |= FLOAT_FLAG_INVALID;
        *is_nan = true;
        *nan_sig = 0xC000000000000000ull;
        p.sign = true;
        return p;
    case SF_SNAN:
        s->flags |= FLOAT_FLAG_INVALID;
        /* fall through */
    case SF_QNAN:
        *is_nan = true;
        *nan_sig = u.sig | (1ull << 62);
        return p;
    case SF_INF:
        p.bexp = f->emax + 1;
        p.sig = 1ull << 63;
        return p;
    case SF_ZERO:
        return p;
    default:
        /* FST raises no DE for a denormal source (measured) */
        return sf_round_pack(u.sign, u.exp, u.sig, 0, f, false, s);
    }
}

float32 floatx80_to_float32(floatx80 a, FloatStatus *s)
{
    bool is_nan;
    uint64_t nan_sig;
    SfPacked p = x80_narrow(a, &sf_format_f32, s, &is_nan, &nan_sig);

    if (is_nan)
        return ((uint32_t)p.sign << 31) | 0x7F800000 | (uint32_t)((nan_sig >> 40) & 0x7FFFFF);
    return sf_pack_f32(p);
}

float64 floatx80_to_float64(floatx80 a, FloatStatus *s)
{
    bool is_nan;
    uint64_t nan_sig;
    SfPacked p = x80_narrow(a, &sf_format_f64, s, &is_nan, &nan_sig);

    if (is_nan)
        return ((uint64_t)p.sign << 63) | 0x7FF0000000000000ull |
               ((nan_sig >> 11) & 0xFFFFFFFFFFFFFull);
    return sf_pack_f64(p);
}

/* ------------------------------------------------------------------------ */
/* FILD, FIST, FISTTP */

floatx80 int64_to_floatx80(int64_t a)
{
    bool sign = a < 0;
    uint64_t mag = sign ? 0 - (uint64_t)a : (uint64_t)a;
    int n;

    if (mag == 0)
        return sf_x80_zero(false);
    n = sf_clz64(mag);
    return floatx80_make((uint16_t)((sign << 15) | (16383 + 63 - n)), mag << n);
}

int64_t sf_to_int(const SfUnpacked *u, int bits, int mode, FloatStatus *s)
{
    uint64_t limit = 1ull << (bits - 1), mag;
    bool ovf, inexact, up;

    if (u->cls != SF_ZERO && u->cls != SF_FINITE)
        goto invalid;
    mag = sf_round_to_uint(u, mode, &ovf, &inexact, &up);
    if (ovf || mag > limit - !u->sign)
        goto invalid;
    if (inexact)
        s->flags |= FLOAT_FLAG_INEXACT | (up ? FLOAT_FLAG_ROUNDED_UP : 0);
    if (!u->sign)
        return (int64_t)mag;
    if (mag == 1ull << 63)
        return INT64_MIN;
    return -(int64_t)mag;

invalid:
    s->flags |= FLOAT_FLAG_INVALID;
    return -(int64_t)(limit - 1) - 1;
}

static int64_t x80_to_int(floatx80 a, int bits, bool trunc, FloatStatus *s)
{
    SfUnpacked u = sf_unpack_x80(a);

    return sf_to_int(&u, bits, trunc ? FLOAT_ROUND_TO_ZERO : s->rounding, s);
}

int16_t floatx80_to_int16(floatx80 a, FloatStatus *s)
{
    return (int16_t)x80_to_int(a, 16, false, s);
}

int32_t floatx80_to_int32(floatx80 a, FloatStatus *s)
{
    return (int32_t)x80_to_int(a, 32, false, s);
}

int64_t floatx80_to_int64(floatx80 a, FloatStatus *s)
{
    return x80_to_int(a, 64, false, s);
}

int16_t floatx80_to_int16_trunc(floatx80 a, FloatStatus *s)
{
    return (int16_t)x80_to_int(a, 16, true, s);
}

int32_t floatx80_to_int32_trunc(floatx80 a, FloatStatus *s)
{
    return (int32_t)x80_to_int(a, 32, true, s);
}

int64_t floatx80_to_int64_trunc(floatx80 a, FloatStatus *s)
{
    return x80_to_int(a, 64, true, s);
}
