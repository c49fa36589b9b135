/*
 * The remaining x87 operations on floatx80: FPREM/FPREM1, the constants,
 * FRNDINT, FSCALE, FXTRACT, FBLD/FBSTP. None is affected by precision control.
 */
#include "fpu/softfloat-internal.h"

/*
 * SDM Vol. 2 "FPREM": the exact remainder a - q * b with q truncated (FPREM1:
 * rounded to nearest even). When the exponent difference d exceeds 63 only a
 * partial reduction is done: b is scaled by 2^(d - n) and q truncated, where
 * the SDM leaves n "implementation dependent, between 32 and 63"; measured
 * hardware uses n = 32 + d mod 32, so the exponent drops by a multiple of 32.
 */
floatx80 floatx80_prem(floatx80 a, floatx80 b, bool ieee, uint16_t *cc, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a), ub = sf_unpack_x80(b);
    uint64_t q, r, nh, nl;
    bool sign, partial;
    int32_t d, n, unit;
    floatx80 res;

    *cc = 0;
    if (sf_x87_nan_rules(&ua, &ub, a, b, &res, s))
        return res;
    if (ua.cls == SF_INF || ub.cls == SF_ZERO)
        return sf_x87_invalid(s);
    sf_denormal_check(&ua, &ub, s);
    if (ua.cls == SF_ZERO || ub.cls == SF_INF)
        return sf_pack_x80(sf_round_pack(ua.sign, ua.exp, ua.sig, 0, &sf_format_x80, false, s));

    sign = ua.sign;
    d = ua.exp - ub.exp;
    partial = d >= 64;
    n = partial ? 32 + d % 32 : d;
    /* remainder r is in units of 2^unit */
    unit = ua.exp - n - 63;
    if (n < 0) {
        /* |a| < |b|: q = 0, except FPREM1 with |a| > |b| / 2 */
        q = 0;
        r = ua.sig;
        unit = ua.exp - 63;
        if (ieee && d == -1 && ua.sig > ub.sig) {
            /* |b| - |a| = (2 sb - sa) 2^unit, no overflow: sa > sb */
            r = ub.sig - (ua.sig - ub.sig);
            q = 1;
            sign = !sign;
        }
    } else {
        nh = n ? ua.sig >> (64 - n) : 0;
        nl = ua.sig << n;
        q = sf_div128(nh, nl, ub.sig, &r);
        if (ieee && !partial && (r > ub.sig - r || (r == ub.sig - r && (q & 1)))) {
            q++;
            r = ub.sig - r;
            sign = !sign;
        }
    }
    if (partial) {
        *cc = FLOATX80_C2;
    } else {
        *cc = ((q & 4) ? FLOATX80_C0 : 0) | ((q & 2) ? FLOATX80_C3 : 0) |
              ((q & 1) ? FLOATX80_C1 : 0);
    }
    if (r == 0)
        return sf_x80_zero(ua.sign);
    return sf_pack_x80(sf_round_pack(sign, unit + 127, 0, r, &sf_format_x80, false, s));
}

/*
 * The constants truncated to 64 bits, and whether the bit below is set (the
 * constants are irrational, so that alone decides round-to-nearest).
 */
static const struct {
    uint16_t sign_exp;
    uint64_t mant;
    bool half_up;
} x87_consts[] = {
    [FLOATX87_CONST_PI] = { 0x4000, 0xC90FDAA22168C234ull, true },
    [FLOATX87_CONST_L2T] = { 0x4000, 0xD49A784BCD1B8AFEull, false },
    [FLOATX87_CONST_L2E] = { 0x3FFF, 0xB8AA3B295C17F0BBull, true },
    [FLOATX87_CONST_LG2] = { 0x3FFD, 0x9A209A84FBCFF798ull, true },
    [FLOATX87_CONST_LN2] = { 0x3FFE, 0xB17217F7D1CF79ABull, true },
};

floatx80 floatx80_load_const(FloatX87Const c, const FloatStatus *s)
{
    bool up = s->rounding == FLOAT_ROUND_UP ||
              (s->rounding == FLOAT_ROUND_NEAREST_EVEN && x87_consts[c].half_up);

    /* no constant's significand is all ones, so + 1 cannot carry out */
    return floatx80_make(x87_consts[c].sign_exp, x87_consts[c].mant + up);
}

/* FRNDINT */
floatx80 floatx80_round_to_int(floatx80 a, FloatStatus *s)
{
    SfUnpacked u = sf_unpack_x80(a);
    uint64_t mag;
    bool ovf, inexact, up;
    floatx80 r;
    int n;

    if (sf_x87_nan_rules(&u, NULL, a, a, &r, s))
        return r;
    if (u.cls == SF_ZERO || u.cls == SF_INF)
        return a;
    sf_denormal_check(&u, NULL, s);
    if (u.exp >= 63)
        return a;
    mag = sf_round_to_uint(&u, s->rounding, &ovf, &inexact, &up);
    if (inexact)
        s->flags |= FLOAT_FLAG_INEXACT | (up ? FLOAT_FLAG_ROUNDED_UP : 0);
    if (mag == 0)
        return sf_x80_zero(u.sign);
    n = sf_clz64(mag);
    return floatx80_make((uint16_t)((u.sign << 15) | (16383 + 63 - n)), mag << n);
}

/* FSCALE: a * 2^trunc(b), SDM Vol. 2 "FSCALE" table 3-4x for the specials. */
floatx80 floatx80_scale(floatx80 a, floatx80 b, FloatStatus *s)
{
    SfUnpacked ua = sf_unpack_x80(a), ub = sf_unpack_x80(b);
    int32_t n;
    floatx80 r;

    if (sf_x87_nan_rules(&ua, &ub, a, b, &r, s))
        return r;
    if (ub.cls == SF_INF) {
        if (ub.sign ? ua.cls == SF_INF : ua.cls == SF_ZERO)
            return sf_x87_invalid(s);
        sf_denormal_check(&ua, NULL, s);
        return ub.sign ? sf_x80_zero(ua.sign) : sf_x80_inf(ua.sign);
    }
    sf_denormal_check(&ua, &ub, s);
    if (ua.cls == SF_ZERO)
        return sf_x80_zero(ua.sign);
    if (ua.cls == SF_INF)
        return a;
    if (ub.cls == SF_ZERO || ub.exp < 0)
        n = 0;
    else if (ub.exp >= 20)
        n = 1 << 20;    /* beyond any exponent range: over/underflows anyway */
    else
        n = (int32_t)(ub.sig >> (63 - ub.exp));
    if (ub.sign)
        n = -n;
    return sf_pack_x80(sf_round_pack(ua.sign, ua.exp + n, ua.sig, 0, &sf_format_x80, false, s));
}

/* FXTRACT */
floatx80 floatx80_extract(floatx80 a, floatx80 *exponent, FloatStatus *s)
{
    SfUnpacked u = sf_unpack_x80(a);
    floatx80 r;

    if (sf_x87_nan_rules(&u, NULL, a, a, &r, s)) {
        *exponent = r;
        return r;
    }
    if (u.cls == SF_ZERO) {
        s->flags |= FLOAT_FLAG_DIVBYZERO;
        *exponent = sf_x80_inf(true);
        return a;
    }
    if (u.cls == SF_INF) {
        *exponent = sf_x80_inf(false);
        return a;
    }
    sf_denormal_check(&u, NULL, s);
    *exponent = int64_to_floatx80(u.exp);
    return floatx80_make((uint16_t)((u.sign << 15) | 0x3FFF), u.sig);
}

/* ------------------------------------------------------------------------ */
/* Packed BCD: 18 digits, two per byte, least significant byte first; byte 9
 * holds the sign in bit 7 (SDM Vol. 1 4.7). */

floatx80 floatx80_from_bcd(const uint8_t bcd[10])
{
    uint64_t v = 0;
    bool sign = bcd[9] >> 7;
    floatx80 r;
    int i;

    for (i = 8; i >= 0; i--)
        v = v * 100 + (bcd[i] >> 4) * 10 + (bcd[i] & 15);
    r = int64_to_floatx80((int64_t)v);
    r.sign_exp |= (uint16_t)(sign << 15);
    return r;
}

void floatx80_to_bcd(floatx80 a, uint8_t bcd[10], FloatStatus *s)
{
    SfUnpacked u = sf_unpack_x80(a);
    uint64_t mag;
    bool ovf, inexact, up;
    int i;

    if (u.cls != SF_ZERO && u.cls != SF_FINITE)
        goto invalid;
    mag = sf_round_to_uint(&u, s->rounding, &ovf, &inexact, &up);
    if (ovf || mag > 999999999999999999ull)
        goto invalid;
    if (inexact)
        s->flags |= FLOAT_FLAG_INEXACT | (up ? FLOAT_FLAG_ROUNDED_UP : 0);
    for (i = 0; i < 9; i++) {
        unsigned two = (unsigned)(mag % 100);
        mag /= 100;
        bcd[i] = (uint8_t)(((two / 10) << 4) | (two % 10));
    }
    bcd[9] = u.sign ? 0x80 : 0;
    return;

invalid:
    /* the packed BCD indefinite, FFFF C000000000000000 */
    s->flags |= FLOAT_FLAG_INVALID;
    for (i = 0; i < 7; i++)
        bcd[i] = 0;
    bcd[7] = 0xC0;
    bcd[8] = 0xFF;
    bcd[9] = 0xFF;
}
