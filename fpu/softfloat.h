/*
 * Software floating point for the x87 FPU and SSE, exact on any host.
 *
 * Everything is integer arithmetic on uint64_t: no host long double, no host
 * rounding modes, no unsigned __int128. Results and exception flags follow the
 * Intel SDM: Vol. 1 ch. 4 (formats, NaN rules, table 4-7), ch. 8 (x87), ch. 10-11
 * (SSE/MXCSR) and the instruction pages of Vol. 2.
 *
 * Files (the internal headers are for fpu/ only):
 *   softfloat-internal.h    wide-integer helpers, the unpacked form, kernels' contracts
 *   softfloat-core.c        unpacking, the one rounding routine, add/mul/div/sqrt kernels
 *   softfloat-specialize.c  NaN rules of the x87 and of SSE, default NaNs
 *   softfloat-x80.c         floatx80 arithmetic, compares, FXAM, conversions
 *   softfloat-x80misc.c     FPREM/FPREM1, FRNDINT, FSCALE, FXTRACT, FBLD/FBSTP
 *   softfloat-sse.c         float32/float64 for SSE: arithmetic, MIN/MAX, CMP, CVT, ROUND
 *   softfloat-trig.c        FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1
 *   softfloat-xf.h/.c       128-bit working precision for the transcendentals
 *
 * Where the SDM leaves a choice open (FPREM's partial-reduction step, which
 * exception wins when DE meets ZE, PE on exact transcendental results...) the
 * library does what measured hardware does; tests/unit/test-softfloat.c checks
 * every operation bit for bit against the host CPU.
 *
 * Exceptions are always handled as if masked: each operation returns the
 * masked response and ORs the flags of that response into FloatStatus.flags
 * (so UE means tiny and inexact). The CPU emulation decides from the flags and
 * its mask bits whether to fault instead. Not modelled: the unmasked forms
 * (UE on tininess alone, the x87's exponent re-biasing of unmasked OE/UE
 * results, leaving the destination alone).
 */
#ifndef FPU_SOFTFLOAT_H
#define FPU_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

/* An x87 80-bit value. mant bit 63 is the explicit integer bit (J). */
typedef struct floatx80 {
    uint64_t mant;
    uint16_t sign_exp;      /* bit 15 sign, bits 14:0 biased exponent (bias 16383) */
} floatx80;

typedef uint32_t float32;   /* IEEE binary32 bit pattern */
typedef uint64_t float64;   /* IEEE binary64 bit pattern */

/* Rounding control: the encoding of both FCW.RC and MXCSR.RC. */
enum {
    FLOAT_ROUND_NEAREST_EVEN = 0,
    FLOAT_ROUND_DOWN = 1,
    FLOAT_ROUND_UP = 2,
    FLOAT_ROUND_TO_ZERO = 3,
};

/* x87 precision control: the encoding of FCW.PC (1 is reserved; treated as 64). */
enum {
    FLOATX80_PREC_24 = 0,
    FLOATX80_PREC_53 = 2,
    FLOATX80_PREC_64 = 3,
};

/*
 * Exception flags: the bit positions of FSW bits 5:0 and MXCSR bits 5:0, so the
 * CPU can OR them in directly. FLOAT_FLAG_ROUNDED_UP sits where FSW.C1 does:
 * set when an inexact result was rounded away from zero (the x87 C1 rule).
 */
enum {
    FLOAT_FLAG_INVALID = 0x01,      /* IE */
    FLOAT_FLAG_DENORMAL = 0x02,     /* DE: a denormal source operand */
    FLOAT_FLAG_DIVBYZERO = 0x04,    /* ZE */
    FLOAT_FLAG_OVERFLOW = 0x08,     /* OE */
    FLOAT_FLAG_UNDERFLOW = 0x10,    /* UE */
    FLOAT_FLAG_INEXACT = 0x20,      /* PE */
    FLOAT_FLAG_ROUNDED_UP = 0x200,  /* C1 after an inexact x87 result */
};

/* x87 condition codes in their FSW positions. */
enum {
    FLOATX80_C0 = 0x0100,
    FLOATX80_C1 = 0x0200,
    FLOATX80_C2 = 0x0400,
    FLOATX80_C3 = 0x4000,
};

typedef struct FloatStatus {
    uint8_t rounding;           /* FLOAT_ROUND_* */
    uint8_t x87_precision;      /* FLOATX80_PREC_*: floatx80 add/sub/mul/div/sqrt only */
    bool flush_to_zero;         /* MXCSR.FTZ: tiny SSE results become zero */
    bool denormals_are_zero;    /* MXCSR.DAZ: denormal SSE inputs read as zero */
    bool x87_trig_pi66;         /* FSIN/FCOS/FSINCOS/FPTAN reduce by the x87's own
                                   66-bit pi, matching Intel and AMD hardware,
                                   instead of the exact pi (see below) */
    uint16_t flags;             /* FLOAT_FLAG_*, sticky: the caller clears them */
} FloatStatus;

/* Relations returned by the compares. */
typedef enum FloatRelation {
    FLOAT_RELATION_LESS = -1,
    FLOAT_RELATION_EQUAL = 0,
    FLOAT_RELATION_GREATER = 1,
    FLOAT_RELATION_UNORDERED = 2,
} FloatRelation;

/* ------------------------------------------------------------------------ */
/* Constants (SDM Vol. 1 4.8.3.7: the real indefinite is the negative QNaN). */

extern const floatx80 floatx80_default_nan;     /* FFFF C000000000000000 */
extern const floatx80 floatx80_one;
#define FLOAT32_DEFAULT_NAN 0xFFC00000u
#define FLOAT64_DEFAULT_NAN 0xFFF8000000000000ull

static inline floatx80 floatx80_make(uint16_t sign_exp, uint64_t mant)
{
    floatx80 r = { mant, sign_exp };
    return r;
}

/* ------------------------------------------------------------------------ */
/* floatx80: the x87. Operands of unsupported formats (unnormals, pseudo-NaNs,
 * pseudo-infinities) raise IE and give the indefinite; pseudo-denormals are
 * accepted as denormals. NaNs propagate per SDM table 4-7 (an SNaN is quieted;
 * of two NaNs the one with the larger significand wins). */

/* FADD/FSUB/FMUL/FDIV/FSQRT: rounded per rounding and x87_precision. FSUBR and
 * FDIVR are these with the operands swapped. */
floatx80 floatx80_add(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_sub(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_mul(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_div(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_sqrt(floatx80 a, FloatStatus *s);

/*
 * FADD FSUB FSUBR FMUL FDIV FDIVR with an m32fp/m64fp operand. Converting the
 * operand with float32_to_floatx80 first would not be the same: the memory
 * operand's SNaN must stay signaling for the NaN rules, and its DE must give
 * way to a NaN in ST(0). reverse puts the memory operand first (FSUBR, FDIVR).
 * The m16int/m32int forms (FIADD...) are exact: use int64_to_floatx80.
 */
typedef enum FloatX87Op {
    FLOATX87_ADD,
    FLOATX87_SUB,
    FLOATX87_MUL,
    FLOATX87_DIV,
} FloatX87Op;
floatx80 floatx80_arith_f32(FloatX87Op op, bool reverse, floatx80 st, float32 m, FloatStatus *s);
floatx80 floatx80_arith_f64(FloatX87Op op, bool reverse, floatx80 st, float64 m, FloatStatus *s);

/* FCOM/FCOMI/FTST (signaling: any NaN raises IE) and FUCOM/FUCOMI (quiet: only
 * an SNaN raises IE). An unsupported operand raises IE in both. */
FloatRelation floatx80_compare(floatx80 a, floatx80 b, FloatStatus *s);
FloatRelation floatx80_compare_quiet(floatx80 a, floatx80 b, FloatStatus *s);
/* FCOM m32fp/m64fp (same reason as floatx80_arith_f32). */
FloatRelation floatx80_compare_f32(floatx80 a, float32 b, FloatStatus *s);
FloatRelation floatx80_compare_f64(floatx80 a, float64 b, FloatStatus *s);

/* FXAM on a non-empty register: C3,C2,C0 class and C1 = sign. (Empty is 101,
 * which the CPU reports from the tag word.) */
uint16_t floatx80_fxam(floatx80 a);

/* FLD m32/m64 (exact; SNaN -> IE and quieted; denormal -> DE) and FST/FSTP m32/m64
 * (rounded per rounding, not precision control). */
floatx80 float32_to_floatx80(float32 a, FloatStatus *s);
floatx80 float64_to_floatx80(float64 a, FloatStatus *s);
float32 floatx80_to_float32(floatx80 a, FloatStatus *s);
float64 floatx80_to_float64(floatx80 a, FloatStatus *s);

/* FILD (exact) and FIST/FISTP (rounded per rounding) and FISTTP (truncated).
 * A NaN, infinity, unsupported operand or out-of-range value raises IE and
 * gives the integer indefinite 0x8000, 0x80000000 or 0x8000000000000000. */
floatx80 int64_to_floatx80(int64_t a);
int16_t floatx80_to_int16(floatx80 a, FloatStatus *s);
int32_t floatx80_to_int32(floatx80 a, FloatStatus *s);
int64_t floatx80_to_int64(floatx80 a, FloatStatus *s);
int16_t floatx80_to_int16_trunc(floatx80 a, FloatStatus *s);
int32_t floatx80_to_int32_trunc(floatx80 a, FloatStatus *s);
int64_t floatx80_to_int64_trunc(floatx80 a, FloatStatus *s);

/* FLDPI FLDL2T FLDL2E FLDLG2 FLDLN2: the constant rounded per rounding (SDM
 * Vol. 1 8.3.8), raising nothing. FLD1 and FLDZ are exact: floatx80_one, 0. */
typedef enum FloatX87Const {
    FLOATX87_CONST_PI,
    FLOATX87_CONST_L2T,     /* log2(10) */
    FLOATX87_CONST_L2E,     /* log2(e) */
    FLOATX87_CONST_LG2,     /* log10(2) */
    FLOATX87_CONST_LN2,     /* ln(2) */
} FloatX87Const;
floatx80 floatx80_load_const(FloatX87Const c, const FloatStatus *s);

/* FRNDINT, rounded per rounding (precision control does not apply). */
floatx80 floatx80_round_to_int(floatx80 a, FloatStatus *s);

/* FSCALE: a * 2^trunc(b). */
floatx80 floatx80_scale(floatx80 a, floatx80 b, FloatStatus *s);

/* FXTRACT: returns the significand (exponent forced to 0) and stores the
 * unbiased exponent, as a floatx80, in *exponent. Zero raises ZE and gives an
 * exponent of -inf. */
floatx80 floatx80_extract(floatx80 a, floatx80 *exponent, FloatStatus *s);

/*
 * FPREM (ieee false: quotient truncated) and FPREM1 (ieee true: quotient
 * rounded to nearest even) of a = ST(0) by b = ST(1). *cc receives C0, C1, C3
 * = quotient bits 2, 0, 1 and C2 when the reduction is incomplete (exponent
 * difference > 63): then the result is a partial remainder, reduced by a
 * multiple of b * 2^(d - n) with n = 32 + (d mod 32), as the hardware does, and
 * the instruction is to be repeated.
 */
floatx80 floatx80_prem(floatx80 a, floatx80 b, bool ieee, uint16_t *cc, FloatStatus *s);

/* FBLD: 18 BCD digits in bcd[0..8] (two per byte, low digit in the low nibble),
 * sign in bit 7 of bcd[9]. Exact. Digits above 9 are taken at face value. */
floatx80 floatx80_from_bcd(const uint8_t bcd[10]);
/* FBSTP: rounded per rounding; |value| >= 10^18, NaN or infinity raise IE and
 * store the packed BCD indefinite FFFF C000000000000000. */
void floatx80_to_bcd(floatx80 a, uint8_t bcd[10], FloatStatus *s);

/*
 * Transcendentals. Computed with ~128-bit working precision and one final
 * rounding per rounding control (precision control does not apply), so they
 * are correctly rounded except in cases within ~2^-120 of a rounding boundary:
 * against mpmath at 300 bits, every one of 3,000 random arguments per function
 * and of 35,000 arguments next to multiples of pi/2 (up to 2^62) came out
 * correctly rounded (max error 0.49998 ulp). Against the host x87 they are
 * within 1 ulp. As on hardware, every nonzero computed result raises PE (and
 * UE if it is denormal), exact or not.
 *
 * Argument reduction for FSIN/FCOS/FSINCOS/FPTAN uses 2/pi to 320 bits, which
 * is exact for every |x| < 2^63. Real x87s instead reduce exactly by a 66-bit
 * pi, 0xC90FDAA22168C234C * 2^-66 (SDM Vol. 1 8.3.10), so for |x| > pi/4 their
 * results drift from the true values (by up to ~2^20 ulps for |x| < 2^17, and
 * completely near large multiples of pi); FloatStatus.x87_trig_pi66 selects
 * that reduction and then agrees with the hardware to 1 ulp. For |x| >= 2^63
 * they set C2 in *cc and return the operand unchanged (the CPU then pushes
 * nothing); otherwise *cc is 0.
 */
floatx80 floatx80_sin(floatx80 a, uint16_t *cc, FloatStatus *s);
floatx80 floatx80_cos(floatx80 a, uint16_t *cc, FloatStatus *s);
/* FSINCOS: ST(1) = sin, pushed ST(0) = cos; a NaN result goes to both. */
void floatx80_sincos(floatx80 a, floatx80 *sin, floatx80 *cos, uint16_t *cc, FloatStatus *s);
/* FPTAN: *tan replaces ST(0), then *pushed is pushed: 1.0, or the NaN itself
 * when the result is a NaN (measured). Unchanged when C2 is set. */
void floatx80_ptan(floatx80 a, floatx80 *tan, floatx80 *pushed, uint16_t *cc, FloatStatus *s);
/* FPATAN: atan(y / x) with the quadrant of (x, y); y = ST(1), x = ST(0). */
floatx80 floatx80_atan2(floatx80 y, floatx80 x, FloatStatus *s);
/* F2XM1: 2^x - 1 (the SDM defines it for -1 <= x <= 1; computed for any x). */
floatx80 floatx80_2xm1(floatx80 x, FloatStatus *s);
/* FYL2X: y * log2(x) and FYL2XP1: y * log2(x + 1); x = ST(0), y = ST(1). */
floatx80 floatx80_yl2x(floatx80 x, floatx80 y, FloatStatus *s);
floatx80 floatx80_yl2xp1(floatx80 x, floatx80 y, FloatStatus *s);

/* ------------------------------------------------------------------------ */
/* float32/float64: SSE and SSE2. DAZ and FTZ apply. NaNs propagate per SDM
 * table 4-7's SSE column: the first source's NaN wins, an SNaN is quieted, and
 * an invalid operation gives the default NaN (negative QNaN). */

float32 float32_add(float32 a, float32 b, FloatStatus *s);
float32 float32_sub(float32 a, float32 b, FloatStatus *s);
float32 float32_mul(float32 a, float32 b, FloatStatus *s);
float32 float32_div(float32 a, float32 b, FloatStatus *s);
float32 float32_sqrt(float32 a, FloatStatus *s);
float64 float64_add(float64 a, float64 b, FloatStatus *s);
float64 float64_sub(float64 a, float64 b, FloatStatus *s);
float64 float64_mul(float64 a, float64 b, FloatStatus *s);
float64 float64_div(float64 a, float64 b, FloatStatus *s);
float64 float64_sqrt(float64 a, FloatStatus *s);

/* MINSS/MAXSS/MINSD/MAXSD: a < b ? a : b (a > b ? a : b); b, unchanged, if
 * either is a NaN (IE for QNaN or SNaN) or both are zeros. Under DAZ a
 * denormal operand is returned as the zero it was read as. */
float32 float32_min(float32 a, float32 b, FloatStatus *s);
float32 float32_max(float32 a, float32 b, FloatStatus *s);
float64 float64_min(float64 a, float64 b, FloatStatus *s);
float64 float64_max(float64 a, float64 b, FloatStatus *s);

/* COMISS/COMISD (signaling) and UCOMISS/UCOMISD (quiet). */
FloatRelation float32_compare(float32 a, float32 b, FloatStatus *s);
FloatRelation float32_compare_quiet(float32 a, float32 b, FloatStatus *s);
FloatRelation float64_compare(float64 a, float64 b, FloatStatus *s);
FloatRelation float64_compare_quiet(float64 a, float64 b, FloatStatus *s);

/* CMPSS/CMPPS/CMPSD/CMPPD predicate imm8: 0-7 (SSE: EQ LT LE UNORD NEQ NLT NLE
 * ORD) and 8-31 (the AVX VCMP extension). Bit 4 flips signaling/quiet, per the
 * SDM table for VCMPPS. */
bool float32_cmp_predicate(float32 a, float32 b, unsigned imm8, FloatStatus *s);
bool float64_cmp_predicate(float64 a, float64 b, unsigned imm8, FloatStatus *s);

/* CVTSS2SD and CVTSD2SS. */
float64 float32_to_float64(float32 a, FloatStatus *s);
float32 float64_to_float32(float64 a, FloatStatus *s);

/* CVTSI2SS/CVTSI2SD (rounded per rounding where inexact). */
float32 int32_to_float32(int32_t a, FloatStatus *s);
float32 int64_to_float32(int64_t a, FloatStatus *s);
float64 int32_to_float64(int32_t a);
float64 int64_to_float64(int64_t a, FloatStatus *s);

/* CVTSS2SI/CVTSD2SI (per rounding) and CVTTSS2SI/CVTTSD2SI (truncating).
 * Invalid gives the integer indefinite 0x80000000 / 0x8000000000000000. */
int32_t float32_to_int32(float32 a, FloatStatus *s);
int64_t float32_to_int64(float32 a, FloatStatus *s);
int32_t float64_to_int32(float64 a, FloatStatus *s);
int64_t float64_to_int64(float64 a, FloatStatus *s);
int32_t float32_to_int32_trunc(float32 a, FloatStatus *s);
int64_t float32_to_int64_trunc(float32 a, FloatStatus *s);
int32_t float64_to_int32_trunc(float64 a, FloatStatus *s);
int64_t float64_to_int64_trunc(float64 a, FloatStatus *s);

/* ROUNDSS/ROUNDSD: imm8 bits 1:0 rounding mode, bit 2 use the status rounding
 * instead, bit 3 suppress the precision exception. */
float32 float32_round(float32 a, unsigned imm8, FloatStatus *s);
float64 float64_round(float64 a, unsigned imm8, FloatStatus *s);

#endif
