/*
 * x87 transcendentals: FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1.
 *
 * Each is evaluated in Xf (128-bit significands, softfloat-xf.h) and rounded
 * once to 64 bits per the rounding control, so results are correctly rounded
 * (FYL2X and FYL2XP1: y times a 68-bit log2, see times_log) except when the
 * exact value lies within about 2^-120 (relative) of a rounding boundary.
 * Precision control does not apply (SDM Vol. 1 8.1.5.2).
 *
 * - sin/cos: x = q * pi/2 + t with |t| <= pi/4, from x * 2/pi computed with
 *   320 bits of 2/pi (exact to ~2^-257 absolute for |x| < 2^63, far beyond
 *   the closest approach of a 64-bit x to a multiple of pi/2), then Taylor
 *   series to t^35.
 * - atan: atan(r) = atan(k/16) + atan((r - k/16) / (1 + r k/16)), series on
 *   the second term (|u| <= 1/32).
 * - log2: x = m 2^e with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh((m-1)/(m+1)),
 *   then rounded to 68 bits before the product with y, as the hardware does.
 * - 2^x - 1: x = n + f, |f| <= 1/2, expm1(f ln 2) by series, then scaled.
 */
#include "fpu/softfloat-xf.h"

#define SQRT2_SIG 0xB504F333F9DE6484ull     /* floor(sqrt(2) * 2^63) */

/*
 * The x87 treats every computed result as inexact (measured: FYL2X(8, 3) = 9
 * and F2XM1(-1) = -0.5 raise PE with C1 clear; FPTAN of a denormal raises UE):
 * PE always, and UE when the rounded result is denormal.
 */
static floatx80 round_xf(Xf a, FloatStatus *s)
{
    floatx80 r = xf_to_floatx80(a, s);

    if (!xf_is_zero(a)) {
        s->flags |= FLOAT_FLAG_INEXACT;
        if ((r.sign_exp & 0x7FFF) == 0)
            s->flags |= FLOAT_FLAG_UNDERFLOW;
    }
    return r;
}

static Xf xf_pi_2(void)
{
    return xf_ldexp(xf_pi, -1);
}

/* ------------------------------------------------------------------------ */
/* sin, cos, tan */

/* sin t = t (1 - t^2/(2*3) (1 - t^2/(4*5) (1 - ...))), |t| <= pi/4 */
static Xf sin_series(Xf t)
{
    Xf t2 = xf_mul(t, t), acc = xf_one;
    uint32_t k;

    for (k = 17; k >= 1; k--)
        acc = xf_sub(xf_one, xf_div_small(xf_mul(t2, acc), (2 * k) * (2 * k + 1)));
    return xf_mul(t, acc);
}

/* cos t = 1 - t^2/(1*2) (1 - t^2/(3*4) (1 - ...)) */
static Xf cos_series(Xf t)
{
    Xf t2 = xf_mul(t, t), acc = xf_one;
    uint32_t k;

    for (k = 17; k >= 1; k--)
        acc = xf_sub(xf_one, xf_div_small(xf_mul(t2, acc), (2 * k - 1) * (2 * k)));
    return acc;
}

/*
 * |x| = sig * 2^(exp - 63), 1/2 <= |x| < 2^63: returns t with |x| = q pi/2 + t,
 * |t| <= pi/4, and q mod 4.
 */
static Xf reduce(const SfUnpacked *u, unsigned *quadrant)
{
    uint64_t p[6], carry = 0, q, hi, lo, lost;
    int sh = u->exp + 1, i, w, n;
    bool neg;
    Xf r;

    /* p = sig * (2/pi * 2^320): |x| * 2/pi = p * 2^(exp - 383) */
    for (i = 4; i >= 0; i--) {
        uint64_t h, l;

        sf_mul64(u->sig, xf_two_over_pi[i], &h, &l);
        l += carry;
        h += l < carry;
        p[i + 1] = l;
        carry = h;
    }
    p[0] = carry;
    /* The binary point sits sh bits below the top of p[0]. */
    q = sh ? p[0] >> (64 - sh) : 0;
    if (sh) {
        for (i = 0; i < 5; i++)
            p[i] = (p[i] << sh) | (p[i + 1] >> (64 - sh));
        p[5] <<= sh;
    }
    /* p[0..5] is now the fraction; above 1/2, take the next multiple. */
    neg = p[0] >> 63;
    if (neg) {
        q++;
        carry = 1;
        for (i = 5; i >= 0; i--) {
            p[i] = ~p[i] + carry;
            carry = carry && p[i] == 0;
        }
    }
    *quadrant = (unsigned)(q & 3);

    for (w = 0; w < 6 && p[w] == 0; w++)
        ;
    if (w == 6)
        return xf_make(false, 0, 0, 0);
    n = sf_clz64(p[w]);
    hi = p[w];
    lo = w + 1 < 6 ? p[w + 1] : 0;
    lost = w + 2 < 6 ? p[w + 2] : 0;
    if (n) {
        hi = (hi << n) | (lo >> (64 - n));
        lo = (lo << n) | (lost >> (64 - n));
        lost <<= n;
    }
    for (i = w + 3; i < 6; i++)
        lost |= p[i];
    r = xf_make(neg, -(64 * w + n + 1), hi, lo | (lost != 0));
    return xf_mul(r, xf_pi_2());
}

/*
 * The hardware's reduction: |x| = q * pi66/2 + t exactly, pi66/2 = P * 2^-67
 * with P the 68-bit integer below. With |x| = X * 2^-67, X = sig * 2^(exp + 4)
 * (at most 130 bits), q = round(X / P) and t = (X - q P) * 2^-67.
 */
static Xf reduce_pi66(const SfUnpacked *u, unsigned *quadrant)
{
    const uint64_t p_hi = 0xC, p_lo = 0x90FDAA22168C234Cull;
    uint64_t x[3], rh = 0, rl = 0, q = 0;
    int sh = u->exp + 4, i;     /* 3..66 */
    bool neg = false;

    x[0] = sh >= 64 ? 0 : u->sig << sh;
    x[1] = sh >= 64 ? u->sig << (sh - 64) : u->sig >> (64 - sh);
    x[2] = sh > 64 ? u->sig >> (128 - sh) : 0;
    for (i = 129; i >= 0; i--) {
        /* r = r << 1 | bit i of X; subtract P when it fits */
        rh = (rh << 1) | (rl >> 63);
        rl = (rl << 1) | ((x[i / 64] >> (i % 64)) & 1);
        q <<= 1;
        if (rh > p_hi || (rh == p_hi && rl >= p_lo)) {
            rh = rh - p_hi - (rl < p_lo);
            rl -= p_lo;
            q |= 1;
        }
    }
    /* round q to nearest: if 2r > P, t = r - P */
    if (rh > p_hi / 2 || (rh == p_hi / 2 && rl > (p_lo >> 1))) {
        uint64_t th = p_hi - rh - (p_lo < rl);

        rl = p_lo - rl;
        rh = th;
        neg = true;
        q++;
    }
    *quadrant = (unsigned)(q & 3);
    return xf_make(neg, 127 - 67, rh, rl);
}

/* The reduced argument t and quadrant q of a finite nonzero |x| < 2^63. */
static Xf reduced(const SfUnpacked *u, unsigned *q, const FloatStatus *s)
{
    SfUnpacked m = *u;

    m.sign = false;
    *q = 0;
    if (m.exp < -1)
        return xf_from_unpacked(&m);
    return s->x87_trig_pi66 ? reduce_pi66(&m, q) : reduce(&m, q);
}

/* sin (want_cos false) or cos of a finite nonzero |x| < 2^63. */
static Xf sin_or_cos(const SfUnpacked *u, bool want_cos, const FloatStatus *s)
{
    unsigned q;
    Xf t = reduced(u, &q, s), r;

    if (want_cos) {
        /* cos(q pi/2 + t): cos t, -sin t, -cos t, sin t */
        r = (q & 1) ? sin_series(t) : cos_series(t);
        if ((q + 1) & 2)
            r = xf_neg(r);
        return r;
    }
    /* sin(q pi/2 + t): sin t, cos t, -sin t, -cos t */
    r = (q & 1) ? cos_series(t) : sin_series(t);
    if (q & 2)
        r = xf_neg(r);
    if (u->sign)
        r = xf_neg(r);
    return r;
}

/*
 * Specials shared by FSIN, FCOS, FSINCOS and FPTAN (SDM Vol. 2 tables): NaN
 * and unsupported operands, infinity (IE), zero, and |x| >= 2^63 (C2 set,
 * operand unchanged). Returns true when *r is the answer.
 */
static bool trig_special(floatx80 a, SfUnpacked *u, bool is_cos, floatx80 *r, uint16_t *cc,
                         FloatStatus *s)
{
    *cc = 0;
    *u = sf_unpack_x80(a);
    if (sf_x87_nan_rules(u, NULL, a, a, r, s))
        return true;
    if (u->cls == SF_INF) {
        *r = sf_x87_invalid(s);
        return true;
    }
    if (u->cls == SF_ZERO) {
        *r = is_cos ? floatx80_one : a;
        return true;
    }
    if (u->exp >= 63) {
        *cc = FLOATX80_C2;
        *r = a;
        return true;
    }
    sf_denormal_check(u, NULL, s);
    return false;
}

floatx80 floatx80_sin(floatx80 a, uint16_t *cc, FloatStatus *s)
{
    SfUnpacked u;
    floatx80 r;

    if (trig_special(a, &u, false, &r, cc, s))
        return r;
    return round_xf(sin_or_cos(&u, false, s), s);
}

floatx80 floatx80_cos(floatx80 a, uint16_t *cc, FloatStatus *s)
{
    SfUnpacked u;
    floatx80 r;

    if (trig_special(a, &u, true, &r, cc, s))
        return r;
    return round_xf(sin_or_cos(&u, true, s), s);
}

void floatx80_sincos(floatx80 a, floatx80 *sin, floatx80 *cos, uint16_t *cc, FloatStatus *s)
{
    SfUnpacked u;
    floatx80 r;

    if (trig_special(a, &u, false, &r, cc, s)) {
        *sin = r;
        *cos = u.cls == SF_ZERO ? floatx80_one : r;
        return;
    }
    *sin = round_xf(sin_or_cos(&u, false, s), s);
    *cos = round_xf(sin_or_cos(&u, true, s), s);
}

void floatx80_ptan(floatx80 a, floatx80 *tan, floatx80 *pushed, uint16_t *cc, FloatStatus *s)
{
    SfUnpacked u;
    floatx80 r;
    unsigned q;
    Xf t, sn, cs, res;

    if (trig_special(a, &u, false, &r, cc, s)) {
        *tan = r;
        *pushed = sf_is_nan(&u) || u.cls == SF_INF || u.cls == SF_UNSUPPORTED ? r : floatx80_one;
        return;
    }
    t = reduced(&u, &q, s);
    sn = sin_series(t);
    cs = cos_series(t);
    /* tan(q pi/2 + t) = tan t for even q, -cot t for odd q */
    res = (q & 1) ? xf_neg(xf_div(cs, sn)) : xf_div(sn, cs);
    if (u.sign)
        res = xf_neg(res);
    *tan = round_xf(res, s);
    *pushed = floatx80_one;
}

/* ------------------------------------------------------------------------ */
/* atan */

/* atan of r in [0, 1] */
static Xf atan_unit(Xf r)
{
    Xf c, u, u2, acc;
    int k = 0, j;

    if (!xf_is_zero(r) && r.exp >= -5) {
        /* k = round(16 r) from the integer part of 32 r */
        k = (int)(((r.hi >> (63 - (r.exp + 5))) + 1) >> 1);
    }
    c = xf_ldexp(xf_from_int(k), -4);
    u = xf_div(xf_sub(r, c), xf_add(xf_one, xf_mul(r, c)));
    /* atan u = u (1 - u^2/3 + u^4/5 - ...), 13 terms for |u| <= 1/32 */
    u2 = xf_mul(u, u);
    acc = xf_div_small(xf_one, 2 * 13 + 1);
    for (j = 12; j >= 0; j--)
        acc = xf_sub(xf_div_small(xf_one, (uint32_t)(2 * j + 1)), xf_mul(u2, acc));
    return xf_add(xf_atan_k16[k], xf_mul(u, acc));
}

/* FPATAN, SDM Vol. 2 table "FPATAN Results". */
floatx80 floatx80_atan2(floatx80 y, floatx80 x, FloatStatus *s)
{
    SfUnpacked uy = sf_unpack_x80(y), ux = sf_unpack_x80(x);
    Xf res, ay, ax;
    floatx80 r;
    bool swap;

    if (sf_x87_nan_rules(&ux, &uy, x, y, &r, s))
        return r;
    sf_denormal_check(&ux, &uy, s);
    if (uy.cls == SF_ZERO) {
        if (!ux.sign)
            return sf_x80_zero(uy.sign);
        res = xf_pi;
    } else if (ux.cls == SF_INF) {
        if (uy.cls == SF_INF)
            res = ux.sign ? xf_ldexp(xf_mul(xf_pi, xf_from_int(3)), -2) : xf_ldexp(xf_pi, -2);
        else if (!ux.sign)
            return sf_x80_zero(uy.sign);
        else
            res = xf_pi;
    } else if (uy.cls == SF_INF || ux.cls == SF_ZERO) {
        res = xf_pi_2();
    } else {
        ay = xf_from_unpacked(&uy);
        ax = xf_from_unpacked(&ux);
        ay.sign = ax.sign = false;
        swap = xf_cmp_abs(ay, ax) > 0;
        res = atan_unit(swap ? xf_div(ax, ay) : xf_div(ay, ax));
        if (swap)
            res = xf_sub(xf_pi_2(), res);
        if (ux.sign)
            res = xf_sub(xf_pi, res);
    }
    res.sign = uy.sign;
    return round_xf(res, s);
}

/* ------------------------------------------------------------------------ */
/* 2^x - 1 */

/* expm1 t = t (1 + t/2 (1 + t/3 (1 + ...))), |t| <= ln(2)/2 */
static Xf expm1_series(Xf t)
{
    Xf acc = xf_one;
    uint32_t k;

    for (k = 27; k >= 2; k--)
        acc = xf_add(xf_one, xf_div_small(xf_mul(t, acc), k));
    return xf_mul(t, acc);
}

floatx80 floatx80_2xm1(floatx80 a, FloatStatus *s)
{
    SfUnpacked u = sf_unpack_x80(a);
    bool ovf, inexact, up;
    Xf x, f, e, pow;
    int64_t n;
    floatx80 r;

    if (sf_x87_nan_rules(&u, NULL, a, a, &r, s))
        return r;
    if (u.cls == SF_ZERO)
        return a;
    if (u.cls == SF_INF)
        return u.sign ? floatx80_make(0xBFFF, 1ull << 63) : a;
    sf_denormal_check(&u, NULL, s);
    if (u.exp >= 15) {
        /* |x| >= 2^15: 2^x overflows, or 2^x - 1 is -1 less a tiny bit */
        if (!u.sign)
            return sf_pack_x80(sf_round_pack(false, 1 << 20, 1ull << 63, 0, &sf_format_x80,
                                             false, s));
        return round_xf(xf_add(xf_neg(xf_one), xf_make(false, -(1 << 20), 1ull << 63, 0)), s);
    }
    /* x = n + f, n = round(x) */
    n = (int64_t)sf_round_to_uint(&u, FLOAT_ROUND_NEAREST_EVEN, &ovf, &inexact, &up);
    if (u.sign)
        n = -n;
    x = xf_from_unpacked(&u);
    f = xf_sub(x, xf_from_int(n));
    pow = xf_ldexp(xf_one, (int32_t)n);
    e = xf_is_zero(f) ? xf_make(false, 0, 0, 0) : expm1_series(xf_mul(f, xf_ln2));
    /* 2^x - 1 = 2^n expm1(f ln 2) + (2^n - 1) */
    return round_xf(xf_add(xf_ldexp(e, (int32_t)n), xf_sub(pow, xf_one)), s);
}

/* ------------------------------------------------------------------------ */
/* log2 */

/* 2 atanh s = ln((1 + s)/(1 - s)) = 2 s (1 + s^2/3 + s^4/5 + ...), |s| <= 0.172 */
static Xf ln_series(Xf sr)
{
    Xf s2 = xf_mul(sr, sr), acc = xf_div_small(xf_one, 2 * 25 + 1);
    int j;

    for (j = 24; j >= 0; j--)
        acc = xf_add(xf_div_small(xf_one, (uint32_t)(2 * j + 1)), xf_mul(s2, acc));
    return xf_ldexp(xf_mul(sr, acc), 1);
}

/* log2 v for v > 0 */
static Xf log2_xf(Xf v)
{
    int32_t e = v.exp;
    Xf m = v, sr;

    m.exp = 0;
    if (m.hi > SQRT2_SIG) {
        m.exp = -1;
        e++;
    }
    sr = xf_div(xf_sub(m, xf_one), xf_add(m, xf_one));
    return xf_add(xf_from_int(e), xf_mul(ln_series(sr), xf_log2e));
}

/* log2(1 + x) for x > -1 */
static Xf log2_1p_xf(Xf x)
{
    if (x.exp <= -3) {
        /* |x| < 1/4: ln(1 + x) = 2 atanh(x / (2 + x)), no cancellation */
        Xf sr = xf_div(x, xf_add(xf_ldexp(xf_one, 1), x));
        return xf_mul(ln_series(sr), xf_log2e);
    }
    /* 1 + x is exact in 128 bits here */
    return log2_xf(xf_add(xf_one, x));
}

/*
 * The x87 forms log2(x) (and log2(1 + x)) as a 68-bit value, then multiplies
 * by y and rounds the exact product once. Measured on AMD (Zen): choosing
 * y = 1 + k 2^-63 so that y L lands next to a rounding boundary recovers the
 * hardware's L, which is always a 68-bit number (68 significant bits of
 * whatever magnitude); FYL2X with x = 2^k gives y k rounded once. Its L is not
 * the correctly rounded 68-bit log2 though: it is off by up to about 1.6 units
 * of the 68th bit (an approximation error of its own, which a third of the
 * time changes the 68-bit value), so no rounding reproduces it exactly.
 * Rounding ours to 68 bits cuts the results that differ from the host from
 * 2.1% to 1.5% (FYL2X) and from 3.0% to 2.5% (FYL2XP1) of random operands;
 * tests/unit/test-x87-trans.c measures it. 128 here gives the correctly
 * rounded y log2(x) back.
 */
#define X87_LOG2_BITS 68

/*
 * y * L where L = log2(...) is finite: the zero and infinity cases of the
 * FYL2X/FYL2XP1 tables (0 * inf is invalid), then the product.
 */
static floatx80 times_log(const SfUnpacked *uy, Xf l, FloatStatus *s)
{
    bool sign = uy->sign ^ l.sign;

    if (uy->cls == SF_INF) {
        if (xf_is_zero(l))
            return sf_x87_invalid(s);
        return sf_x80_inf(sign);
    }
    if (uy->cls == SF_ZERO || xf_is_zero(l))
        return sf_x80_zero(sign);
    return round_xf(xf_mul(xf_from_unpacked(uy), xf_round_sig(l, X87_LOG2_BITS)), s);
}

/* log2 of zero: -inf, times y (y = 0 is invalid; finite y raises ZE, which
 * outranks DE as in FDIV). */
static floatx80 times_log_zero(const SfUnpacked *uy, FloatStatus *s)
{
    if (uy->cls == SF_ZERO)
        return sf_x87_invalid(s);
    if (uy->cls != SF_INF)
        s->flags |= FLOAT_FLAG_DIVBYZERO;
    return sf_x80_inf(!uy->sign);
}

/* FYL2X, SDM Vol. 2 table "FYL2X Results". */
floatx80 floatx80_yl2x(floatx80 x, floatx80 y, FloatStatus *s)
{
    SfUnpacked ux = sf_unpack_x80(x), uy = sf_unpack_x80(y);
    floatx80 r;

    if (sf_x87_nan_rules(&ux, &uy, x, y, &r, s))
        return r;
    if (ux.sign && ux.cls != SF_ZERO)
        return sf_x87_invalid(s);
    if (ux.cls == SF_INF) {
        if (uy.cls == SF_ZERO)
            return sf_x87_invalid(s);
        sf_denormal_check(&uy, NULL, s);
        return sf_x80_inf(uy.sign);
    }
    if (ux.cls == SF_ZERO)
        return times_log_zero(&uy, s);
    sf_denormal_check(&ux, &uy, s);
    return times_log(&uy, log2_xf(xf_from_unpacked(&ux)), s);
}

/* FYL2XP1, SDM Vol. 2 table "FYL2XP1 Results"; beyond the defined range
 * |x| < 1 - sqrt(2)/2 it still computes y * log2(x + 1). */
floatx80 floatx80_yl2xp1(floatx80 x, floatx80 y, FloatStatus *s)
{
    SfUnpacked ux = sf_unpack_x80(x), uy = sf_unpack_x80(y);
    Xf xx;
    int below_minus_one;
    floatx80 r;

    if (sf_x87_nan_rules(&ux, &uy, x, y, &r, s))
        return r;
    if (ux.cls == SF_ZERO) {
        if (uy.cls == SF_INF)
            return sf_x87_invalid(s);
        sf_denormal_check(&uy, NULL, s);
        return sf_x80_zero(ux.sign ^ uy.sign);
    }
    if (ux.cls == SF_INF) {
        if (ux.sign || uy.cls == SF_ZERO)
            return sf_x87_invalid(s);
        sf_denormal_check(&uy, NULL, s);
        return sf_x80_inf(uy.sign);
    }
    xx = xf_from_unpacked(&ux);
    below_minus_one = ux.sign ? xf_cmp_abs(xx, xf_one) : -1;
    if (below_minus_one > 0)
        return sf_x87_invalid(s);
    if (below_minus_one == 0)
        return times_log_zero(&uy, s);
    sf_denormal_check(&ux, &uy, s);
    return times_log(&uy, log2_1p_xf(xx), s);
}
