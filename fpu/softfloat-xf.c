/*
 * Xf, the 128-bit working precision of the transcendentals.
 *
 * The constants were generated with mpmath at 600 bits of precision:
 *   m = floor(v * 2^(127 - e) + 1/2) with 2^e <= v < 2^(e+1); hi:lo = m
 * and the 2/pi words are floor(2/pi * 2^320).
 */
#include "fpu/softfloat-xf.h"

const Xf xf_one = { false, 0, 0x8000000000000000ULL, 0 };
const Xf xf_pi = { false, 1, 0xC90FDAA22168C234ULL, 0xC4C6628B80DC1CD1ULL };
const Xf xf_ln2 = { false, -1, 0xB17217F7D1CF79ABULL, 0xC9E3B39803F2F6AFULL };
const Xf xf_log2e = { false, 0, 0xB8AA3B295C17F0BBULL, 0xBE87FED0691D3E89ULL };

const Xf xf_atan_k16[17] = {
    { false, 0, 0, 0 },
    { false, -5, 0xFFAADDB967EF4E36ULL, 0xCB2792DC0E2E0D51ULL },   /* atan(1/16) */
    { false, -4, 0xFEADD4D5617B6E32ULL, 0xC897989F3E888EF8ULL },   /* atan(2/16) */
    { false, -3, 0xBDCBDA5E72D81134ULL, 0x7B0B4F881C9C7488ULL },   /* atan(3/16) */
    { false, -3, 0xFADBAFC96406EB15ULL, 0x6DC79EF5F7A217E6ULL },   /* atan(4/16) */
    { false, -2, 0x9B13B9B83F5E5E69ULL, 0xC5ABB498D27AF328ULL },   /* atan(5/16) */
    { false, -2, 0xB7B0CA0F26F78473ULL, 0x8AA32122DCFE4483ULL },   /* atan(6/16) */
    { false, -2, 0xD327761E611FE5B6ULL, 0x427C95E9001E7136ULL },   /* atan(7/16) */
    { false, -2, 0xED63382B0DDA7B45ULL, 0x6FE445ECBC3A8D03ULL },   /* atan(8/16) */
    { false, -1, 0x832BF4A6D9867E2AULL, 0x4B6A09CB61A515C1ULL },   /* atan(9/16) */
    { false, -1, 0x8F005D5EF7F59F9BULL, 0x5C835E1665C43748ULL },   /* atan(10/16) */
    { false, -1, 0x9A2F80E671BDDA20ULL, 0x4226F8E2204FF3BDULL },   /* atan(11/16) */
    { false, -1, 0xA4BC7D1934F70924ULL, 0x19A87F2A457DAC9FULL },   /* atan(12/16) */
    { false, -1, 0xAEAC4C38B4D8C080ULL, 0x14725E2F3E52070AULL },   /* atan(13/16) */
    { false, -1, 0xB8053E2BC2319E73ULL, 0xCB2DA55210A4443DULL },   /* atan(14/16) */
    { false, -1, 0xC0CE85B8AC526640ULL, 0x89DD62C46E92FA25ULL },   /* atan(15/16) */
    { false, -1, 0xC90FDAA22168C234ULL, 0xC4C6628B80DC1CD1ULL },   /* atan(16/16) */
};

const uint64_t xf_two_over_pi[5] = {
    0xA2F9836E4E441529ULL, 0xFC2757D1F534DDC0ULL, 0xDB6295993C439041ULL,
    0xFE5163ABDEBBC561ULL, 0xB7246E3A424DD2E0ULL,
};

Xf xf_make(bool sign, int32_t exp, uint64_t hi, uint64_t lo)
{
    Xf r = { sign, 0, 0, 0 };
    int n;

    if (hi == 0 && lo == 0)
        return r;
    n = hi ? sf_clz64(hi) : 64 + sf_clz64(lo);
    sf_shl128(&hi, &lo, n);
    r.exp = exp - n;
    r.hi = hi;
    r.lo = lo;
    return r;
}

Xf xf_from_unpacked(const SfUnpacked *u)
{
    Xf r = { u->sign, u->exp, u->sig, 0 };

    if (u->cls == SF_ZERO)
        r.exp = 0;
    return r;
}

Xf xf_from_int(int64_t v)
{
    bool sign = v < 0;
    uint64_t mag = sign ? 0 - (uint64_t)v : (uint64_t)v;

    return xf_make(sign, 127, 0, mag);
}

int xf_cmp_abs(Xf a, Xf b)
{
    if (xf_is_zero(a) || xf_is_zero(b))
        return xf_is_zero(a) ? (xf_is_zero(b) ? 0 : -1) : 1;
    if (a.exp != b.exp)
        return a.exp > b.exp ? 1 : -1;
    if (a.hi != b.hi)
        return a.hi > b.hi ? 1 : -1;
    if (a.lo != b.lo)
        return a.lo > b.lo ? 1 : -1;
    return 0;
}

/*
 * a with its significand rounded to the top `bits` bits, ties to even. The
 * sticky bit the operations jam into bit 0 keeps a rounded-down inexact value
 * from looking like a tie.
 */
Xf xf_round_sig(Xf a, int bits)
{
    uint64_t keep_hi, keep_lo, half_hi = 0, half_lo = 0, rest_hi, rest_lo, hi, lo;
    int drop = 128 - bits;

    if (xf_is_zero(a) || drop <= 0)
        return a;
    /* keep = mask of the kept bits, half = the first dropped bit */
    keep_hi = drop >= 64 ? ~0ull << (drop - 64) : ~0ull;
    keep_lo = drop >= 64 ? 0 : ~0ull << drop;
    if (drop > 64)
        half_hi = 1ull << (drop - 65);
    else
        half_lo = 1ull << (drop - 1);
    rest_hi = a.hi & ~keep_hi;
    rest_lo = a.lo & ~keep_lo;
    hi = a.hi & keep_hi;
    lo = a.lo & keep_lo;
    if (rest_hi > half_hi || (rest_hi == half_hi && rest_lo > half_lo) ||
        (rest_hi == half_hi && rest_lo == half_lo &&
         ((drop >= 64 ? hi >> (drop - 64) : lo >> drop) & 1))) {
        /* add one unit in the last kept place; a carry out renormalizes */
        uint64_t ulp_hi = drop >= 64 ? 1ull << (drop - 64) : 0;
        uint64_t ulp_lo = drop >= 64 ? 0 : 1ull << drop;

        lo += ulp_lo;
        hi += ulp_hi + (lo < ulp_lo);
        if (hi == 0)
            return xf_make(a.sign, a.exp + 1, 1ull << 63, 0);
    }
    return xf_make(a.sign, a.exp, hi, lo);
}

Xf xf_add(Xf a, Xf b)
{
    Xf x = a, y = b;
    uint64_t hi, lo;
    int32_t d;

    if (xf_is_zero(a))
        return b;
    if (xf_is_zero(b))
        return a;
    if (xf_cmp_abs(a, b) < 0) {
        x = b;
        y = a;
    }
    d = x.exp - y.exp;
    sf_shr128_jam(&y.hi, &y.lo, d > 200 ? 200 : d);
    if (x.sign == y.sign) {
        lo = x.lo + y.lo;
        hi = x.hi + y.hi + (lo < x.lo);
        if (hi < x.hi) {
            lo = (lo >> 1) | (hi << 63) | (lo & 1);
            hi = (hi >> 1) | (1ull << 63);
            return xf_make(x.sign, x.exp + 1, hi, lo);
        }
        return xf_make(x.sign, x.exp, hi, lo);
    }
    lo = x.lo - y.lo;
    hi = x.hi - y.hi - (x.lo < y.lo);
    return xf_make(x.sign, x.exp, hi, lo);
}

Xf xf_sub(Xf a, Xf b)
{
    return xf_add(a, xf_neg(b));
}

Xf xf_mul(Xf a, Xf b)
{
    uint64_t hh_h, hh_l, hl_h, hl_l, lh_h, lh_l, ll_h, ll_l;
    uint64_t w0, w1, w2, w3, c;

    if (xf_is_zero(a) || xf_is_zero(b))
        return xf_make(a.sign ^ b.sign, 0, 0, 0);
    sf_mul64(a.hi, b.hi, &hh_h, &hh_l);
    sf_mul64(a.hi, b.lo, &hl_h, &hl_l);
    sf_mul64(a.lo, b.hi, &lh_h, &lh_l);
    sf_mul64(a.lo, b.lo, &ll_h, &ll_l);
    /* w3:w2:w1:w0 = hh << 128 + (hl + lh) << 64 + ll */
    w0 = ll_l;
    w1 = ll_h + hl_l;
    c = w1 < hl_l;
    w1 += lh_l;
    c += w1 < lh_l;
    w2 = hh_l + c;
    c = w2 < c;
    w2 += hl_h;
    c += w2 < hl_h;
    w2 += lh_h;
    c += w2 < lh_h;
    w3 = hh_h + c;
    /* product of two values in [2^127, 2^128) is in [2^254, 2^256) */
    return xf_make(a.sign ^ b.sign, a.exp + b.exp + 1, w3, w2 | ((w1 | w0) != 0));
}

/* Restoring division, one quotient bit a step. */
Xf xf_div(Xf a, Xf b)
{
    uint64_t rh = a.hi, rl = a.lo, qh = 0, ql = 0;
    int32_t exp = a.exp - b.exp;
    bool carry = false;
    int i;

    if (xf_is_zero(a))
        return xf_make(a.sign ^ b.sign, 0, 0, 0);
    if (rh < b.hi || (rh == b.hi && rl < b.lo)) {
        exp--;
        carry = rh >> 63;
        sf_shl128(&rh, &rl, 1);
    }
    for (i = 0; i < 128; i++) {
        bool bit = carry || rh > b.hi || (rh == b.hi && rl >= b.lo);

        if (bit) {
            rh = rh - b.hi - (rl < b.lo);
            rl -= b.lo;
        }
        qh = (qh << 1) | (ql >> 63);
        ql = (ql << 1) | bit;
        carry = rh >> 63;
        sf_shl128(&rh, &rl, 1);
    }
    return xf_make(a.sign ^ b.sign, exp, qh, ql | (carry || rh || rl));
}

Xf xf_div_small(Xf a, uint32_t d)
{
    uint64_t q2, q1, q0, r;

    if (xf_is_zero(a))
        return a;
    q2 = a.hi / d;
    r = a.hi % d;
    q1 = sf_div128(r, a.lo, d, &r);
    q0 = sf_div128(r, 0, d, &r);
    /* q2:q1:q0 = a * 2^64 / d; q2 is nonzero, keep its top and jam the rest */
    {
        int n = sf_clz64(q2);
        uint64_t hi = n ? (q2 << n) | (q1 >> (64 - n)) : q2;
        uint64_t lo = n ? (q1 << n) | (q0 >> (64 - n)) : q1;
        uint64_t lost = n ? q0 << n : q0;

        return xf_make(a.sign, a.exp - n, hi, lo | (lost != 0 || r != 0));
    }
}

floatx80 xf_to_floatx80(Xf a, FloatStatus *s)
{
    return sf_pack_x80(sf_round_pack(a.sign, a.exp, a.hi, a.lo, &sf_format_x80, false, s));
}
