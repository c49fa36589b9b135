/*
 * Xf: a 128-bit-significand working format for the transcendentals
 * (softfloat-trig.c). Not for use outside fpu/.
 *
 * value = (-1)^sign * (hi:lo) * 2^(exp - 127), hi bit 63 set unless zero, the
 * same convention as sf_round_pack, so an Xf rounds straight to any format.
 * Operations truncate but jam lost bits into bit 0, so an inexact value never
 * looks exact to the final rounding. Error per operation < 2^-126 relative.
 */
#ifndef FPU_SOFTFLOAT_XF_H
#define FPU_SOFTFLOAT_XF_H

#include "fpu/softfloat-internal.h"

typedef struct Xf {
    bool sign;
    int32_t exp;
    uint64_t hi, lo;
} Xf;

static inline bool xf_is_zero(Xf a)
{
    return a.hi == 0 && a.lo == 0;
}

static inline Xf xf_neg(Xf a)
{
    a.sign = !a.sign;
    return a;
}

static inline Xf xf_abs(Xf a)
{
    a.sign = false;
    return a;
}

/* a * 2^n */
static inline Xf xf_ldexp(Xf a, int32_t n)
{
    if (!xf_is_zero(a))
        a.exp += n;
    return a;
}

Xf xf_make(bool sign, int32_t exp, uint64_t hi, uint64_t lo);  /* normalizes */
Xf xf_from_unpacked(const SfUnpacked *u);                       /* finite or zero */
Xf xf_from_int(int64_t v);
Xf xf_add(Xf a, Xf b);
Xf xf_sub(Xf a, Xf b);
Xf xf_mul(Xf a, Xf b);
Xf xf_div(Xf a, Xf b);                                          /* b nonzero */
Xf xf_div_small(Xf a, uint32_t d);                              /* d nonzero */
int xf_cmp_abs(Xf a, Xf b);                                     /* -1, 0, 1 */
Xf xf_round_sig(Xf a, int bits);                                /* to nearest even, 1..127 */
floatx80 xf_to_floatx80(Xf a, FloatStatus *s);                  /* 64-bit rounding */

/* Constants, 128 bits rounded to nearest. */
extern const Xf xf_one, xf_pi, xf_ln2, xf_log2e;
extern const Xf xf_atan_k16[17];                                /* atan(k/16) */
extern const uint64_t xf_two_over_pi[5];                        /* 320 fraction bits */

#endif
