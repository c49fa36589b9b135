/*
 * Internals shared by the fpu/softfloat-*.c files: 64x64->128 multiply,
 * 128/64 divide, shifts, the unpacked form and the one rounding routine.
 * Not for use outside fpu/.
 */
#ifndef FPU_SOFTFLOAT_INTERNAL_H
#define FPU_SOFTFLOAT_INTERNAL_H

#include <stddef.h>

#include "fpu/softfloat.h"

/* ------------------------------------------------------------------------ */
/* Wide integer helpers. unsigned __int128 is deliberately not used: not every
 * host compiler has it. */

static inline int sf_clz64(uint64_t x)
{
    return x ? __builtin_clzll(x) : 64;
}

/* hi:lo = a * b */
static inline void sf_mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;

    *lo = (mid << 32) | (uint32_t)ll;
    *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* (hi:lo) / d and its remainder. Requires hi < d (the quotient fits 64 bits). */
uint64_t sf_div128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem);

/* hi:lo >>= n, ORing every bit shifted out into bit 0 ("jamming"). Any n >= 0. */
static inline void sf_shr128_jam(uint64_t *hi, uint64_t *lo, int32_t n)
{
    uint64_t h = *hi, l = *lo;

    if (n <= 0)
        return;
    if (n < 64) {
        *lo = (h << (64 - n)) | (l >> n) | ((l << (64 - n)) != 0);
        *hi = h >> n;
    } else if (n == 64) {
        *lo = h | (l != 0);
        *hi = 0;
    } else if (n < 128) {
        *lo = (h >> (n - 64)) | ((h << (128 - n)) != 0) | (l != 0);
        *hi = 0;
    } else {
        *lo = (h | l) != 0;
        *hi = 0;
    }
}

/* hi:lo <<= n, 0 <= n < 128. */
static inline void sf_shl128(uint64_t *hi, uint64_t *lo, int n)
{
    if (n == 0)
        return;
    if (n < 64) {
        *hi = (*hi << n) | (*lo >> (64 - n));
        *lo <<= n;
    } else {
        *hi = *lo << (n - 64);
        *lo = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Unpacked operands. A finite nonzero value is sig * 2^(exp - 63) with sig's
 * bit 63 set: denormals are normalized on unpacking. A NaN keeps its fraction
 * left-aligned (quiet bit at 62) so payloads move between formats. */

typedef enum SfClass {
    SF_ZERO,
    SF_FINITE,
    SF_INF,
    SF_QNAN,
    SF_SNAN,
    SF_UNSUPPORTED,         /* x87 only: unnormal, pseudo-NaN, pseudo-infinity */
} SfClass;

typedef struct SfUnpacked {
    SfClass cls;
    bool sign;
    bool denormal;          /* the encoding was a denormal (or pseudo-denormal) */
    int32_t exp;
    uint64_t sig;
} SfUnpacked;

static inline bool sf_is_nan(const SfUnpacked *u)
{
    return u->cls == SF_QNAN || u->cls == SF_SNAN;
}

/* DE: a or b (b may be NULL) was a denormal encoding. */
static inline void sf_denormal_check(const SfUnpacked *a, const SfUnpacked *b, FloatStatus *s)
{
    if (a->denormal || (b && b->denormal))
        s->flags |= FLOAT_FLAG_DENORMAL;
}

static inline floatx80 sf_x80_inf(bool sign)
{
    return floatx80_make((uint16_t)((sign << 15) | 0x7FFF), 1ull << 63);
}

static inline floatx80 sf_x80_zero(bool sign)
{
    return floatx80_make((uint16_t)(sign << 15), 0);
}

/* A target format for rounding. */
typedef struct SfFormat {
    int prec;               /* significand bits with the integer bit: 24, 53, 64 */
    int32_t bias;
    int32_t emax;           /* largest biased exponent of a finite number */
} SfFormat;

extern const SfFormat sf_format_f32, sf_format_f64, sf_format_x80;

/* The floatx80 format for the x87 precision control in s. */
const SfFormat *sf_format_x87(const FloatStatus *s);

/*
 * A rounded result: biased exponent and significand with the integer bit at
 * 63. bexp 0 is a zero or denormal (value sig * 2^(1 - bias - 63)); bexp
 * emax + 1 is infinity (sig = 1 << 63).
 */
typedef struct SfPacked {
    bool sign;
    int32_t bexp;
    uint64_t sig;
} SfPacked;

/*
 * Round (-1)^sign * (hi:lo) * 2^(exp - 127) to format f per s->rounding,
 * raising OE/UE/PE and ROUNDED_UP. hi:lo may be unnormalized or zero. ftz
 * flushes tiny results to zero (MXCSR.FTZ). Tininess is detected after
 * rounding (SDM Vol. 1 4.9.1.5: "rounding with unbounded exponent").
 */
SfPacked sf_round_pack(bool sign, int32_t exp, uint64_t hi, uint64_t lo,
                       const SfFormat *f, bool ftz, FloatStatus *s);

/* The kernels: exact result of finite operands (zeros allowed), then rounded.
 * For an exact zero difference the sign follows the rounding mode. */
SfPacked sf_add(const SfUnpacked *a, const SfUnpacked *b, bool subtract,
                const SfFormat *f, bool ftz, FloatStatus *s);
SfPacked sf_mul(const SfUnpacked *a, const SfUnpacked *b,
                const SfFormat *f, bool ftz, FloatStatus *s);
/* b must be nonzero. */
SfPacked sf_div(const SfUnpacked *a, const SfUnpacked *b,
                const SfFormat *f, bool ftz, FloatStatus *s);
/* a must be positive (or zero). */
SfPacked sf_sqrt(const SfUnpacked *a, const SfFormat *f, bool ftz, FloatStatus *s);

/*
 * Round a finite value to an integer per mode. Returns the magnitude, sets
 * *overflow when it does not fit in 64 bits, and reports inexactness and
 * whether the magnitude was rounded up.
 */
uint64_t sf_round_to_uint(const SfUnpacked *a, int mode, bool *overflow,
                          bool *inexact, bool *up);

/* Compare (softfloat-x80.c): IE for unsupported operands, for SNaNs, and for
 * QNaNs unless quiet; DE for denormal operands. */
FloatRelation sf_compare_unpacked(const SfUnpacked *a, const SfUnpacked *b, bool quiet,
                                  FloatStatus *s);

/* Conversion to a bits-wide signed integer (softfloat-x80.c), rounded per
 * mode; invalid gives the integer indefinite, sign-extended. */
int64_t sf_to_int(const SfUnpacked *u, int bits, int mode, FloatStatus *s);

/* Unpack and pack each format. */
SfUnpacked sf_unpack_x80(floatx80 a);
SfUnpacked sf_unpack_f32(float32 a);
SfUnpacked sf_unpack_f64(float64 a);
floatx80 sf_pack_x80(SfPacked p);
float32 sf_pack_f32(SfPacked p);
float64 sf_pack_f64(SfPacked p);

/* An exact value, normalized, into the unpacked form. */
SfUnpacked sf_make_finite(bool sign, int32_t exp, uint64_t sig);

/* ------------------------------------------------------------------------ */
/* NaN rules (softfloat-specialize.c). */

/* x87, SDM table 4-7: any unsupported operand -> IE and the indefinite; SNaN
 * -> IE, quieted; two NaNs -> the larger significand. Returns true when a or b
 * (b may be NULL) decided the result, which is then in *r. */
bool sf_x87_nan_rules(const SfUnpacked *a, const SfUnpacked *b, floatx80 in_a,
                      floatx80 in_b, floatx80 *r, FloatStatus *s);
floatx80 sf_x87_invalid(FloatStatus *s);

/* SSE: the first NaN operand (quieted) wins; SNaN raises IE. */
float32 sf_sse_nan32(float32 a, float32 b, bool a_nan, bool b_nan, FloatStatus *s);
float64 sf_sse_nan64(float64 a, float64 b, bool a_nan, bool b_nan, FloatStatus *s);

#endif
