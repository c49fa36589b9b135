/*
 * The format-independent core: unpacking, the one rounding routine and the
 * exact add/mul/div/sqrt kernels shared by floatx80, float32 and float64.
 */
#include "fpu/softfloat-internal.h"

const SfFormat sf_format_f32 = { 24, 127, 0xFE };
const SfFormat sf_format_f64 = { 53, 1023, 0x7FE };
const SfFormat sf_format_x80 = { 64, 16383, 0x7FFE };
static const SfFormat format_x80_24 = { 24, 16383, 0x7FFE };
static const SfFormat format_x80_53 = { 53, 16383, 0x7FFE };

/* FCW.PC narrows the significand only; the exponent range stays extended's
 * (SDM Vol. 1 8.1.5.2). */
const SfFormat *sf_format_x87(const FloatStatus *s)
{
    switch (s->x87_precision) {
    case FLOATX80_PREC_24:
        return &format_x80_24;
    case FLOATX80_PREC_53:
        return &format_x80_53;
    default:
        return &sf_format_x80;
    }
}

/* Knuth's algorithm D on 32-bit digits (Hacker's Delight, divlu). */
uint64_t sf_div128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
    const uint64_t b = 1ull << 32;
    int sh = sf_clz64(d);
    uint64_t dn1, dn0, un32, un10, un1, un0, q1, q0, rhat, un21;

    d <<= sh;
    dn1 = d >> 32;
    dn0 = d & 0xFFFFFFFF;
    un32 = sh ? (hi << sh) | (lo >> (64 - sh)) : hi;
    un10 = lo << sh;
    un1 = un10 >> 32;
    un0 = un10 & 0xFFFFFFFF;

    q1 = un32 / dn1;
    rhat = un32 - q1 * dn1;
    while (q1 >= b || q1 * dn0 > b * rhat + un1) {
        q1--;
        rhat += dn1;
        if (rhat >= b)
            break;
    }
    un21 = un32 * b + un1 - q1 * d;
    q0 = un21 / dn1;
    rhat = un21 - q0 * dn1;
    while (q0 >= b || q0 * dn0 > b * rhat + un0) {
        q0--;
        rhat += dn1;
        if (rhat >= b)
            break;
    }
    if (rem)
        *rem = (un21 * b + un0 - q0 * d) >> sh;
    return q1 * b + q0;
}

/* ------------------------------------------------------------------------ */
/* Rounding */

static bool round_increments(int mode, bool sign, bool lsb, bool round, bool sticky)
{
    switch (mode) {
    case FLOAT_ROUND_NEAREST_EVEN:
        return round && (sticky || lsb);
    case FLOAT_ROUND_DOWN:
        return sign && (round || sticky);
    case FLOAT_ROUND_UP:
        return !sign && (round || sticky);
    default:
        return false;
    }
}

/*
 * Keep the top 64 - drop bits of sig, rounding on them and everything below
 * (sig's low bits, then rest). *carry: the increment overflowed 64 bits (the
 * returned bits are then 0 and the value is 2^64).
 */
static uint64_t round_bits(uint64_t sig, uint64_t rest, int drop, bool sign, int mode,
                           bool *carry, bool *inexact, bool *up)
{
    bool round, sticky, lsb;
    uint64_t kept, inc;

    if (drop == 0) {
        round = rest >> 63;
        sticky = (rest << 1) != 0;
        kept = sig;
    } else {
        uint64_t half = 1ull << (drop - 1);
        round = (sig & half) != 0;
        sticky = (sig & (half - 1)) != 0 || rest != 0;
        kept = sig & ~((half << 1) - 1);
    }
    lsb = (sig >> drop) & 1;
    *inexact = round || sticky;
    *up = round_increments(mode, sign, lsb, round, sticky);
    *carry = false;
    if (*up) {
        inc = 1ull << drop;
        kept += inc;
        *carry = kept < inc;
    }
    return kept;
}

static SfPacked overflow(bool sign, const SfFormat *f, FloatStatus *s)
{
    int mode = s->rounding;
    SfPacked p = { sign, f->emax, ~0ull << (64 - f->prec) };

    s->flags |= FLOAT_FLAG_OVERFLOW | FLOAT_FLAG_INEXACT;
    if (mode == FLOAT_ROUND_NEAREST_EVEN || (mode == FLOAT_ROUND_UP && !sign) ||
        (mode == FLOAT_ROUND_DOWN && sign)) {
        p.bexp = f->emax + 1;
        p.sig = 1ull << 63;
        s->flags |= FLOAT_FLAG_ROUNDED_UP;
    }
    return p;
}

SfPacked sf_round_pack(bool sign, int32_t exp, uint64_t hi, uint64_t lo,
                       const SfFormat *f, bool ftz, FloatStatus *s)
{
    SfPacked p = { sign, 0, 0 };
    int drop = 64 - f->prec;
    bool carry, inexact, up, tiny;
    int32_t e;
    int n;

    if (hi == 0 && lo == 0)
        return p;
    n = hi ? sf_clz64(hi) : 64 + sf_clz64(lo);
    sf_shl128(&hi, &lo, n);
    exp -= n;
    /* Clamp absurd exponents: the result is overflow or a zero either way. */
    if (exp > 1000000)
        exp = 1000000;
    if (exp < -1000000)
        exp = -1000000;
    e = exp + f->bias;

    if (e >= 1) {
        p.sig = round_bits(hi, lo, drop, sign, s->rounding, &carry, &inexact, &up);
        if (carry) {
            p.sig = 1ull << 63;
            e++;
        }
        if (e > f->emax)
            return overflow(sign, f, s);
        p.bexp = e;
        if (inexact)
            s->flags |= FLOAT_FLAG_INEXACT | (up ? FLOAT_FLAG_ROUNDED_UP : 0);
        return p;
    }

    /* Tiny after rounding unless rounding with an unbounded exponent reaches
     * the smallest normal. */
    round_bits(hi, lo, drop, sign, s->rounding, &carry, &inexact, &up);
    tiny = !(e == 0 && carry);
    if (tiny && ftz) {
        s->flags |= FLOAT_FLAG_UNDERFLOW | FLOAT_FLAG_INEXACT;
        return p;
    }
    sf_shr128_jam(&hi, &lo, 1 - e);
    p.sig = round_bits(hi, lo, drop, sign, s->rounding, &carry, &inexact, &up);
    p.bexp = p.sig >> 63;
    if (inexact) {
        s->flags |= FLOAT_FLAG_INEXACT | (up ? FLOAT_FLAG_ROUNDED_UP : 0);
        if (tiny)
            s->flags |= FLOAT_FLAG_UNDERFLOW;
    }
    return p;
}

uint64_t sf_round_to_uint(const SfUnpacked *a, int mode, bool *overflow_out,
                          bool *inexact, bool *up)
{
    uint64_t sig = a->sig, rest = 0, mag;
    bool carry;

    *overflow_out = false;
    *inexact = false;
    *up = false;
    if (a->cls == SF_ZERO)
        return 0;
    if (a->exp >= 64) {
        *overflow_out = true;
        return 0;
    }
    if (a->exp >= 63)
        return sig;
    if (a->exp >= 0) {
        /* integer part: top exp + 1 bits */
        rest = sig << (a->exp + 1);
        sig >>= 63 - a->exp;
    } else {
        uint64_t hi = sig, lo = 0;
        sf_shr128_jam(&hi, &lo, -a->exp - 1);
        sig = 0;
        rest = hi | (lo != 0);
    }
    mag = round_bits(sig, rest, 0, a->sign, mode, &carry, inexact, up);
    *overflow_out = carry;
    return mag;
}

/* ------------------------------------------------------------------------ */
/* Kernels */

static SfPacked zero_result(bool sign)
{
    SfPacked p = { sign, 0, 0 };
    return p;
}

SfPacked sf_add(const SfUnpacked *a, const SfUnpacked *b, bool subtract,
                const SfFormat *f, bool ftz, FloatStatus *s)
{
    bool as = a->sign, bs = b->sign ^ subtract;
    const SfUnpacked *x = a, *y = b;
    bool xs = as, ys = bs;
    uint64_t xh, xl = 0, yh, yl = 0, hi, lo;
    int32_t d;

    if (a->cls == SF_ZERO && b->cls == SF_ZERO)
        return zero_result(as == bs ? as : s->rounding == FLOAT_ROUND_DOWN);
    if (b->cls == SF_ZERO)
        return sf_round_pack(as, a->exp, a->sig, 0, f, ftz, s);
    if (a->cls == SF_ZERO)
        return sf_round_pack(bs, b->exp, b->sig, 0, f, ftz, s);

    if (b->exp > a->exp || (b->exp == a->exp && b->sig > a->sig)) {
        x = b;
        y = a;
        xs = bs;
        ys = as;
    }
    d = x->exp - y->exp;
    xh = x->sig;
    yh = y->sig;
    sf_shr128_jam(&yh, &yl, d > 130 ? 130 : d);
    if (xs == ys) {
        lo = xl + yl;
        hi = xh + yh + (lo < xl);
        if (hi < xh) {
            /* carried out of bit 127 */
            lo = (lo >> 1) | (hi << 63) | (lo & 1);
            hi = (hi >> 1) | (1ull << 63);
            return sf_round_pack(xs, x->exp + 1, hi, lo, f, ftz, s);
        }
        return sf_round_pack(xs, x->exp, hi, lo, f, ftz, s);
    }
    lo = xl - yl;
    hi = xh - yh - (xl < yl);
    if (hi == 0 && lo == 0)
        return zero_result(s->rounding == FLOAT_ROUND_DOWN);
    return sf_round_pack(xs, x->exp, hi, lo, f, ftz, s);
}

SfPacked sf_mul(const SfUnpacked *a, const SfUnpacked *b,
                const SfFormat *f, bool ftz, FloatStatus *s)
{
    bool sign = a->sign ^ b->sign;
    uint64_t hi, lo;

    if (a->cls == SF_ZERO || b->cls == SF_ZERO)
        return zero_result(sign);
    sf_mul64(a->sig, b->sig, &hi, &lo);
    /* (hi:lo) * 2^(ea + eb - 126); sf_round_pack normalizes. */
    return sf_round_pack(sign, a->exp + b->exp + 1, hi, lo, f, ftz, s);
}

SfPacked sf_div(const SfUnpacked *a, const SfUnpacked *b,
                const SfFormat *f, bool ftz, FloatStatus *s)
{
    bool sign = a->sign ^ b->sign;
    uint64_t q1, q2, r, r2, nh, nl;
    int32_t exp;

    if (a->cls == SF_ZERO)
        return zero_result(sign);
    if (a->sig < b->sig) {
        nh = a->sig;
        nl = 0;
        exp = a->exp - b->exp - 1;
    } else {
        nh = a->sig >> 1;
        nl = a->sig << 63;
        exp = a->exp - b->exp;
    }
    q1 = sf_div128(nh, nl, b->sig, &r);
    q2 = sf_div128(r, 0, b->sig, &r2);
    return sf_round_pack(sign, exp, q1, q2 | (r2 != 0), f, ftz, s);
}

/* floor(sqrt(hi:lo)) for hi:lo >= 2^126, and the remainder (at most 65 bits,
 * returned as rhi:rlo). Restoring digit-by-digit method, two bits a step. */
static uint64_t isqrt128(uint64_t hi, uint64_t lo, uint64_t *rhi, uint64_t *rlo)
{
    uint64_t root = 0, remh = 0, reml = 0, th, tl;
    int i;

    for (i = 0; i < 64; i++) {
        /* rem = rem << 2 | next two bits */
        remh = (remh << 2) | (reml >> 62);
        reml = (reml << 2) | (hi >> 62);
        hi = (hi << 2) | (lo >> 62);
        lo <<= 2;
        /* trial = root << 2 | 1 */
        th = root >> 62;
        tl = (root << 2) | 1;
        if (remh > th || (remh == th && reml >= tl)) {
            remh = remh - th - (reml < tl);
            reml -= tl;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    *rhi = remh;
    *rlo = reml;
    return root;
}

SfPacked sf_sqrt(const SfUnpacked *a, const SfFormat *f, bool ftz, FloatStatus *s)
{
    uint64_t root, rh, rl, rest;
    int32_t exp;

    if (a->cls == SF_ZERO)
        return zero_result(a->sign);
    /* a = sig * 2^(e - 63). Even e: sqrt(sig * 2^63) * 2^(e/2 - 63);
     * odd e: sqrt(sig * 2^64) * 2^((e - 1)/2 - 63). */
    if (a->exp % 2 == 0) {
        root = isqrt128(a->sig >> 1, a->sig << 63, &rh, &rl);
        exp = a->exp / 2;
    } else {
        root = isqrt128(a->sig, 0, &rh, &rl);
        exp = (a->exp - 1) / 2;
    }
    /* The fraction below root is > 1/2 iff rem > root (never exactly 1/2). */
    rest = 0;
    if (rh != 0 || rl > root)
        rest = (1ull << 63) | 1;
    else if (rl != 0)
        rest = 1;
    return sf_round_pack(false, exp, root, rest, f, ftz, s);
}

/* ------------------------------------------------------------------------ */
/* Unpack and pack */

SfUnpacked sf_make_finite(bool sign, int32_t exp, uint64_t sig)
{
    SfUnpacked u = { SF_ZERO, sign, false, 0, 0 };
    int n;

    if (sig == 0)
        return u;
    n = sf_clz64(sig);
    u.cls = SF_FINITE;
    u.sig = sig << n;
    u.exp = exp - n;
    return u;
}

SfUnpacked sf_unpack_x80(floatx80 a)
{
    SfUnpacked u = { SF_FINITE, a.sign_exp >> 15, false, 0, a.mant };
    int32_t e = a.sign_exp & 0x7FFF;
    bool j = a.mant >> 63;

    if (e == 0) {
        if (a.mant == 0) {
            u.cls = SF_ZERO;
            return u;
        }
        /* denormal, or pseudo-denormal (J set): both weigh 2^(1 - 16383) */
        u = sf_make_finite(u.sign, 1 - 16383, a.mant);
        u.denormal = true;
        return u;
    }
    if (!j) {
        /* unnormal, pseudo-infinity, pseudo-NaN (SDM Vol. 1 8.2.2) */
        u.cls = SF_UNSUPPORTED;
        return u;
    }
    if (e == 0x7FFF) {
        if ((a.mant << 1) == 0)
            u.cls = SF_INF;
        else
            u.cls = (a.mant >> 62) & 1 ? SF_QNAN : SF_SNAN;
        return u;
    }
    u.exp = e - 16383;
    return u;
}

static SfUnpacked unpack_ieee(bool sign, int32_t e, uint64_t frac, int frac_bits,
                              int32_t emax1, int32_t bias)
{
    SfUnpacked u = { SF_FINITE, sign, false, 0, 0 };

    if (e == 0) {
        if (frac == 0) {
            u.cls = SF_ZERO;
            return u;
        }
        u = sf_make_finite(sign, 1 - bias - frac_bits + 63, frac);
        u.denormal = true;
        return u;
    }
    if (e == emax1) {
        u.sig = (1ull << 63) | (frac << (63 - frac_bits));
        if (frac == 0)
            u.cls = SF_INF;
        else
            u.cls = (frac >> (frac_bits - 1)) & 1 ? SF_QNAN : SF_SNAN;
        return u;
    }
    u.exp = e - bias;
    u.sig = (1ull << 63) | (frac << (63 - frac_bits));
    return u;
}

SfUnpacked sf_unpack_f32(float32 a)
{
    return unpack_ieee(a >> 31, (a >> 23) & 0xFF, a & 0x7FFFFF, 23, 0xFF, 127);
}

SfUnpacked sf_unpack_f64(float64 a)
{
    return unpack_ieee(a >> 63, (a >> 52) & 0x7FF, a & 0xFFFFFFFFFFFFFull, 52, 0x7FF, 1023);
}

floatx80 sf_pack_x80(SfPacked p)
{
    return floatx80_make((uint16_t)(((unsigned)p.sign << 15) | (uint32_t)p.bexp), p.sig);
}

float32 sf_pack_f32(SfPacked p)
{
    return ((uint32_t)p.sign << 31) + ((uint32_t)p.bexp << 23) +
           (uint32_t)((p.sig >> 40) & 0x7FFFFF);
}

float64 sf_pack_f64(SfPacked p)
{
    return ((uint64_t)p.sign << 63) + ((uint64_t)p.bexp << 52) +
           ((p.sig >> 11) & 0xFFFFFFFFFFFFFull);
}
