/*
 * Unit tests: fpu/softfloat.
 *
 * 1. Fixed vectors (any host): values and flags worked out from the SDM.
 * 2. Differential runs against the host CPU (x86-64 hosts only): random
 *    operands biased to edge cases (zeros, denormals, pseudo-denormals,
 *    unnormals, extremes, infinities, NaNs with assorted payloads, values near
 *    rounding and integer boundaries) go through both the host's x87/SSE and
 *    the library under every rounding mode, x87 precision and DAZ/FTZ
 *    setting; results and exception flags must agree bit for bit.
 *    Transcendentals are compared in ulps against a stated bound.
 *
 * VIREO_TEST_MODE=slow runs a bigger sweep; VIREO_TEST_SEED=n changes the seed.
 */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpu/softfloat.h"

/* ------------------------------------------------------------------------ */
/* The operations both sides run. */

typedef enum X87Op {
    X_FADD, X_FSUB, X_FMUL, X_FDIV, X_FSQRT, X_FCOM, X_FUCOM, X_FTST, X_FXAM,
    X_FPREM, X_FPREM1, X_FRNDINT, X_FSCALE, X_FXTRACT,
    X_FLD32, X_FLD64, X_FST32, X_FST64,
    X_FIST16, X_FIST32, X_FIST64, X_FISTTP16, X_FISTTP32, X_FISTTP64, X_FBSTP, X_FBLD,
    X_FSIN, X_FCOS, X_FSINCOS, X_FPTAN, X_FPATAN, X_F2XM1, X_FYL2X, X_FYL2XP1,
    X_FADD_M32, X_FSUB_M64, X_FSUBR_M32, X_FMUL_M64, X_FDIV_M32, X_FDIVR_M64,
    X_FCOM_M32, X_FCOM_M64, X_FLDPI, X_FLDL2T, X_FLDL2E, X_FLDLG2, X_FLDLN2,
    X_NOPS
} X87Op;

/* What an x87 operation leaves: ST(0), ST(1), a memory operand, FSW. */
typedef struct X87Out {
    floatx80 r0, r1;
    uint8_t mem[10];
    uint16_t sw;
} X87Out;

typedef enum SseOp {
    S_ADD, S_SUB, S_MUL, S_DIV, S_SQRT, S_MIN, S_MAX, S_CMP, S_COMI, S_UCOMI,
    S_CVT_F, S_CVT_I32, S_CVT_I64, S_CVTT_I32, S_CVTT_I64, S_CVT_FROM_I32, S_CVT_FROM_I64,
    S_ROUND, S_NOPS
} SseOp;

/* What an SSE operation leaves: the low 32/64 bits of the destination (or
 * the integer, or for COMISS the EFLAGS byte from LAHF) and MXCSR. */
typedef struct SseOut {
    uint64_t r;
    uint32_t mxcsr;
} SseOut;

/* ------------------------------------------------------------------------ */
/* The host side: the only part of Vireo's tests that knows the build host.
 * Each hardware operation is one inline-asm statement; the X87_* and SSE_OP
 * macros only supply the common load/store frame around the instruction. */
#if defined(__x86_64__)

#define HOST_CAN_DIFF 1

typedef struct M80 {
    uint8_t b[10];
} M80;

static M80 m80_of(floatx80 f)
{
    M80 m;
    memcpy(m.b, &f.mant, 8);
    memcpy(m.b + 8, &f.sign_exp, 2);
    return m;
}

static floatx80 x80_of(M80 m)
{
    floatx80 f;
    memcpy(&f.mant, m.b, 8);
    memcpy(&f.sign_exp, m.b + 8, 2);
    return f;
}

/* ST(1) = b, ST(0) = a, run insn, then FSW, ST(0), ST(1). */
#define X87_OP(insn)                                                              \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn     \
                     "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\tfninit"    \
                     : [sw] "=m"(sw), [r0] "=m"(r0), [r1] "=m"(r1)                 \
                     : [a] "m"(ma), [b] "m"(mb), [cw] "m"(cw))
/* Store ST(0) = a to memory with insn, then FSW. */
#define X87_ST(insn, mem)                                                         \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn " %[m]\n\t"      \
                     "fnstsw %[sw]\n\tfninit"                                      \
                     : [sw] "=m"(sw), [m] "=m"(mem)                                \
                     : [a] "m"(ma), [cw] "m"(cw))
/* ST(0) = a, then insn with a memory operand, then FSW and ST(0). */
#define X87_MEMOP(insn, mem)                                                      \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn " %[m]\n\t"      \
                     "fnstsw %[sw]\n\tfstpt %[r0]\n\tfninit"                       \
                     : [sw] "=m"(sw), [r0] "=m"(r0)                                \
                     : [a] "m"(ma), [m] "m"(mem), [cw] "m"(cw))
/* Load from memory with insn, then FSW and ST(0). */
#define X87_LD(insn, mem)                                                         \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\t" insn " %[m]\n\t"                   \
                     "fnstsw %[sw]\n\tfstpt %[r0]\n\tfninit"                       \
                     : [sw] "=m"(sw), [r0] "=m"(r0)                                \
                     : [m] "m"(mem), [cw] "m"(cw))

static void hw_x87(X87Op op, floatx80 a, floatx80 b, uint16_t cw, X87Out *o)
{
    M80 ma = m80_of(a), mb = m80_of(b), r0 = m80_of(a), r1 = m80_of(b), mem;
    uint16_t sw = 0, m16 = 0;
    uint32_t m32 = (uint32_t)a.mant, b32 = (uint32_t)b.mant;
    uint64_t m64 = a.mant, b64 = b.mant;

    memset(&mem, 0, sizeof(mem));
    switch (op) {
    case X_FADD: X87_OP("fadd %%st(1), %%st"); break;
    case X_FSUB: X87_OP("fsub %%st(1), %%st"); break;
    case X_FMUL: X87_OP("fmul %%st(1), %%st"); break;
    case X_FDIV: X87_OP("fdiv %%st(1), %%st"); break;
    case X_FSQRT: X87_OP("fsqrt"); break;
    case X_FCOM: X87_OP("fcom %%st(1)"); break;
    case X_FUCOM: X87_OP("fucom %%st(1)"); break;
    case X_FTST: X87_OP("ftst"); break;
    case X_FXAM: X87_OP("fxam"); break;
    case X_FPREM: X87_OP("fprem"); break;
    case X_FPREM1: X87_OP("fprem1"); break;
    case X_FRNDINT: X87_OP("frndint"); break;
    case X_FSCALE: X87_OP("fscale"); break;
    case X_FXTRACT: X87_OP("fxtract"); break;
    case X_FSIN: X87_OP("fsin"); break;
    case X_FCOS: X87_OP("fcos"); break;
    case X_FSINCOS: X87_OP("fsincos"); break;
    case X_FPTAN: X87_OP("fptan"); break;
    case X_FPATAN: X87_OP("fpatan"); break;
    case X_F2XM1: X87_OP("f2xm1"); break;
    case X_FYL2X: X87_OP("fyl2x"); break;
    case X_FYL2XP1: X87_OP("fyl2xp1"); break;
    case X_FLD32: X87_LD("flds", m32); break;
    case X_FLD64: X87_LD("fldl", m64); break;
    case X_FBLD: X87_LD("fbld", ma); break;
    case X_FST32: X87_ST("fstps", m32); memcpy(mem.b, &m32, 4); break;
    case X_FST64: X87_ST("fstpl", m64); memcpy(mem.b, &m64, 8); break;
    case X_FIST16: X87_ST("fistps", m16); memcpy(mem.b, &m16, 2); break;
    case X_FIST32: X87_ST("fistpl", m32); memcpy(mem.b, &m32, 4); break;
    case X_FIST64: X87_ST("fistpll", m64); memcpy(mem.b, &m64, 8); break;
    case X_FISTTP16: X87_ST("fisttps", m16); memcpy(mem.b, &m16, 2); break;
    case X_FISTTP32: X87_ST("fisttpl", m32); memcpy(mem.b, &m32, 4); break;
    case X_FISTTP64: X87_ST("fisttpll", m64); memcpy(mem.b, &m64, 8); break;
    case X_FBSTP: X87_ST("fbstp", mem); break;
    case X_FADD_M32: X87_MEMOP("fadds", b32); break;
    case X_FSUB_M64: X87_MEMOP("fsubl", b64); break;
    case X_FSUBR_M32: X87_MEMOP("fsubrs", b32); break;
    case X_FMUL_M64: X87_MEMOP("fmull", b64); break;
    case X_FDIV_M32: X87_MEMOP("fdivs", b32); break;
    case X_FDIVR_M64: X87_MEMOP("fdivrl", b64); break;
    case X_FCOM_M32: X87_MEMOP("fcoms", b32); break;
    case X_FCOM_M64: X87_MEMOP("fcoml", b64); break;
    case X_FLDPI: X87_OP("fldpi"); break;
    case X_FLDL2T: X87_OP("fldl2t"); break;
    case X_FLDL2E: X87_OP("fldl2e"); break;
    case X_FLDLG2: X87_OP("fldlg2"); break;
    case X_FLDLN2: X87_OP("fldln2"); break;
    default: break;
    }
    o->r0 = x80_of(r0);
    o->r1 = x80_of(r1);
    memcpy(o->mem, mem.b, 10);
    o->sw = sw;
}

#define SSE_OP(insn)                                                              \
    __asm__ volatile("ldmxcsr %[mi]\n\tmovq %[a], %%xmm0\n\tmovq %[b], %%xmm1\n\t"  \
                     insn "\n\tmovq %%xmm0, %[r]\n\tstmxcsr %[mo]\n\tldmxcsr %[md]" \
                     : [r] "=m"(r), [mo] "=m"(mo)                                  \
                     : [a] "m"(a), [b] "m"(b), [mi] "m"(mxcsr), [md] "m"(mdef)     \
                     : "xmm0", "xmm1", "rax", "cc")

#define CASE_CMP(n)                                                               \
    case n:                                                                       \
        if (dbl)                                                                  \
            SSE_OP("cmpsd $" #n ", %%xmm1, %%xmm0");                             \
        else                                                                      \
            SSE_OP("cmpss $" #n ", %%xmm1, %%xmm0");                             \
        break
#define CASE_VCMP(n)                                                              \
    case n:                                                                       \
        if (dbl)                                                                  \
            SSE_OP("vcmpsd $" #n ", %%xmm1, %%xmm0, %%xmm0");                    \
        else                                                                      \
            SSE_OP("vcmpss $" #n ", %%xmm1, %%xmm0, %%xmm0");                    \
        break
#define CASE_ROUND(n)                                                             \
    case n:                                                                       \
        if (dbl)                                                                  \
            SSE_OP("roundsd $" #n ", %%xmm0, %%xmm0");                           \
        else                                                                      \
            SSE_OP("roundss $" #n ", %%xmm0, %%xmm0");                           \
        break

static void hw_sse(SseOp op, bool dbl, uint64_t a, uint64_t b, unsigned imm, uint32_t mxcsr,
                   SseOut *o)
{
    uint64_t r = 0;
    uint32_t mo = 0, mdef = 0x1F80;

    switch (op) {
    case S_ADD:
        if (dbl) SSE_OP("addsd %%xmm1, %%xmm0"); else SSE_OP("addss %%xmm1, %%xmm0");
        break;
    case S_SUB:
        if (dbl) SSE_OP("subsd %%xmm1, %%xmm0"); else SSE_OP("subss %%xmm1, %%xmm0");
        break;
    case S_MUL:
        if (dbl) SSE_OP("mulsd %%xmm1, %%xmm0"); else SSE_OP("mulss %%xmm1, %%xmm0");
        break;
    case S_DIV:
        if (dbl) SSE_OP("divsd %%xmm1, %%xmm0"); else SSE_OP("divss %%xmm1, %%xmm0");
        break;
    case S_SQRT:
        if (dbl) SSE_OP("sqrtsd %%xmm0, %%xmm0"); else SSE_OP("sqrtss %%xmm0, %%xmm0");
        break;
    case S_MIN:
        if (dbl) SSE_OP("minsd %%xmm1, %%xmm0"); else SSE_OP("minss %%xmm1, %%xmm0");
        break;
    case S_MAX:
        if (dbl) SSE_OP("maxsd %%xmm1, %%xmm0"); else SSE_OP("maxss %%xmm1, %%xmm0");
        break;
    case S_CMP:
        switch (imm) {
            CASE_CMP(0); CASE_CMP(1); CASE_CMP(2); CASE_CMP(3);
            CASE_CMP(4); CASE_CMP(5); CASE_CMP(6); CASE_CMP(7);
            CASE_VCMP(8); CASE_VCMP(9); CASE_VCMP(10); CASE_VCMP(11);
            CASE_VCMP(12); CASE_VCMP(13); CASE_VCMP(14); CASE_VCMP(15);
            CASE_VCMP(16); CASE_VCMP(17); CASE_VCMP(18); CASE_VCMP(19);
            CASE_VCMP(20); CASE_VCMP(21); CASE_VCMP(22); CASE_VCMP(23);
            CASE_VCMP(24); CASE_VCMP(25); CASE_VCMP(26); CASE_VCMP(27);
            CASE_VCMP(28); CASE_VCMP(29); CASE_VCMP(30); CASE_VCMP(31);
        }
        break;
    case S_COMI:
        if (dbl)
            SSE_OP("comisd %%xmm1, %%xmm0\n\tlahf\n\tmovzbl %%ah, %%eax\n\tmovq %%rax, %%xmm0");
        else
            SSE_OP("comiss %%xmm1, %%xmm0\n\tlahf\n\tmovzbl %%ah, %%eax\n\tmovq %%rax, %%xmm0");
        break;
    case S_UCOMI:
        if (dbl)
            SSE_OP("ucomisd %%xmm1, %%xmm0\n\tlahf\n\tmovzbl %%ah, %%eax\n\tmovq %%rax, %%xmm0");
        else
            SSE_OP("ucomiss %%xmm1, %%xmm0\n\tlahf\n\tmovzbl %%ah, %%eax\n\tmovq %%rax, %%xmm0");
        break;
    case S_CVT_F:
        if (dbl) SSE_OP("cvtsd2ss %%xmm0, %%xmm0"); else SSE_OP("cvtss2sd %%xmm0, %%xmm0");
        break;
    case S_CVT_I32:
        if (dbl)
            SSE_OP("cvtsd2si %%xmm0, %%eax\n\tmovq %%rax, %%xmm0");
        else
            SSE_OP("cvtss2si %%xmm0, %%eax\n\tmovq %%rax, %%xmm0");
        break;
    case S_CVT_I64:
        if (dbl)
            SSE_OP("cvtsd2si %%xmm0, %%rax\n\tmovq %%rax, %%xmm0");
        else
            SSE_OP("cvtss2si %%xmm0, %%rax\n\tmovq %%rax, %%xmm0");
        break;
    case S_CVTT_I32:
        if (dbl)
            SSE_OP("cvttsd2si %%xmm0, %%eax\n\tmovq %%rax, %%xmm0");
        else
            SSE_OP("cvttss2si %%xmm0, %%eax\n\tmovq %%rax, %%xmm0");
        break;
    case S_CVTT_I64:
        if (dbl)
            SSE_OP("cvttsd2si %%xmm0, %%rax\n\tmovq %%rax, %%xmm0");
        else
            SSE_OP("cvttss2si %%xmm0, %%rax\n\tmovq %%rax, %%xmm0");
        break;
    case S_CVT_FROM_I32:
        if (dbl)
            SSE_OP("movq %%xmm0, %%rax\n\tpxor %%xmm0, %%xmm0\n\tcvtsi2sdl %%eax, %%xmm0");
        else
            SSE_OP("movq %%xmm0, %%rax\n\tpxor %%xmm0, %%xmm0\n\tcvtsi2ssl %%eax, %%xmm0");
        break;
    case S_CVT_FROM_I64:
        if (dbl)
            SSE_OP("movq %%xmm0, %%rax\n\tpxor %%xmm0, %%xmm0\n\tcvtsi2sdq %%rax, %%xmm0");
        else
            SSE_OP("movq %%xmm0, %%rax\n\tpxor %%xmm0, %%xmm0\n\tcvtsi2ssq %%rax, %%xmm0");
        break;
    case S_ROUND:
        switch (imm) {
            CASE_ROUND(0); CASE_ROUND(1); CASE_ROUND(2); CASE_ROUND(3);
            CASE_ROUND(4); CASE_ROUND(5); CASE_ROUND(6); CASE_ROUND(7);
            CASE_ROUND(8); CASE_ROUND(9); CASE_ROUND(10); CASE_ROUND(11);
            CASE_ROUND(12); CASE_ROUND(13); CASE_ROUND(14); CASE_ROUND(15);
        }
        break;
    default:
        break;
    }
    o->r = r;
    o->mxcsr = mo;
}

static bool host_has_sse41(void)
{
    return __builtin_cpu_supports("sse4.1");
}

static bool host_has_avx(void)
{
    return __builtin_cpu_supports("avx");
}

/* The quirks the library reproduces were measured on AMD Zen; name the host
 * so a failure on another CPU is easy to place. */
static const char *host_name(void)
{
    return __builtin_cpu_is("amd") ? "AMD x86-64" : __builtin_cpu_is("intel") ? "Intel x86-64"
                                                                               : "x86-64";
}

#else /* not x86-64: the differential tests skip */

#define HOST_CAN_DIFF 0

static void hw_x87(X87Op op, floatx80 a, floatx80 b, uint16_t cw, X87Out *o)
{
    memset(o, 0, sizeof(*o));
}

static void hw_sse(SseOp op, bool dbl, uint64_t a, uint64_t b, unsigned imm, uint32_t mxcsr,
                   SseOut *o)
{
    memset(o, 0, sizeof(*o));
}

static bool host_has_sse41(void)
{
    return false;
}

static bool host_has_avx(void)
{
    return false;
}

static const char *host_name(void)
{
    return "not x86-64";
}

#endif

/* ------------------------------------------------------------------------ */
/* Helpers */

static bool slow_mode(void)
{
    const char *m = getenv("VIREO_TEST_MODE");
    return m && strcmp(m, "slow") == 0;
}

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rnd(Rng *r)
{
    /* xorshift64* */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}

static unsigned rndn(Rng *r, unsigned n)
{
    return (unsigned)(rnd(r) % n);
}

static Rng rng_seeded(unsigned salt, uint64_t seed)
{
    Rng r = { 0x9E3779B97F4A7C15ull ^ ((uint64_t)salt * 0x100000001B3ull) };

    r.s ^= seed * 0xD1B54A32D192ED03ull;
    if (r.s == 0)
        r.s = 1;
    rnd(&r);
    return r;
}

/* The differential runs' generator: VIREO_TEST_SEED varies it. */
static Rng rng_for(unsigned salt)
{
    const char *e = getenv("VIREO_TEST_SEED");

    return rng_seeded(salt, e ? strtoull(e, NULL, 0) : 0);
}

static void put_le(uint8_t *mem, uint64_t v, int n)
{
    int i;

    for (i = 0; i < n; i++)
        mem[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *mem, int n)
{
    uint64_t v = 0;
    int i;

    for (i = n - 1; i >= 0; i--)
        v = (v << 8) | mem[i];
    return v;
}

static bool x80_eq(floatx80 a, floatx80 b)
{
    return a.mant == b.mant && a.sign_exp == b.sign_exp;
}

/*
 * The generators draw at most once per expression, so the operand sequence
 * is the same whatever order a compiler evaluates arguments in (the sweep
 * test's reference hash depends on it).
 *
 * A bit pattern made of runs of equal bits, so that carries and rounding
 * boundaries come up often (the idea of TestFloat's generators), sometimes
 * nudged by a few units at a rounding position of float32/float64/floatx80.
 */
static uint64_t gen_bits(Rng *r)
{
    static const int pos[] = { 0, 1, 10, 11, 12, 28, 29, 30, 38, 39, 40, 41, 62 };
    uint64_t m = 0;
    int n = 0, bit = rndn(r, 2);

    if (rndn(r, 4) == 0) {
        m = rnd(r);
    } else {
        while (n < 64) {
            int len = 1 + rndn(r, rndn(r, 2) ? 8 : 40);
            if (len > 64 - n)
                len = 64 - n;
            if (bit)
                m |= (len == 64 ? ~0ull : ((1ull << len) - 1)) << (64 - n - len);
            n += len;
            bit = !bit;
        }
    }
    if (rndn(r, 3) == 0) {
        uint64_t d = rndn(r, 4);

        d <<= pos[rndn(r, sizeof(pos) / sizeof(pos[0]))];
        m = rndn(r, 2) ? m + d : m - d;
    }
    return m;
}

static floatx80 mk(unsigned sign, unsigned exp, uint64_t mant)
{
    return floatx80_make((uint16_t)((sign << 15) | exp), mant);
}

#define J (1ull << 63)

/* A floatx80 from every class the x87 distinguishes, and numbers near the
 * edges that matter (overflow, underflow, integer and BCD limits). */
static floatx80 gen_x80(Rng *r)
{
    static const int int_exps[] = { 14, 15, 16, 30, 31, 32, 52, 53, 59, 62, 63, 64 };
    unsigned s = rndn(r, 2);
    uint64_t m = gen_bits(r);
    unsigned k;

    switch (rndn(r, 48)) {
    case 0:
        return mk(s, 0, 0);
    case 1:
    case 2:
        m = (m & ~J) >> rndn(r, 64);
        return mk(s, 0, m ? m : 1);
    case 3:
        return mk(s, 0, m | J);                         /* pseudo-denormal */
    case 4:
        return mk(s, 0x7FFF, J);
    case 5:
        return mk(s, 0x7FFF, m | J | (1ull << 62));     /* QNaN */
    case 6:
        m &= ~(1ull << 62);
        return mk(s, 0x7FFF, J | (m ? m : 1));          /* SNaN */
    case 7:
        return mk(1, 0x7FFF, 0xC000000000000000ull);    /* the indefinite */
    case 8:
        return mk(s, 1 + rndn(r, 0x7FFE), m & ~J);      /* unnormal */
    case 9:
        return mk(s, 0x7FFF, m & ~J);                   /* pseudo-inf/NaN */
    case 10:
        return mk(s, 1, J | (m >> rndn(r, 64)));
    case 11:
        return mk(s, 0x7FFE, ~0ull - (m >> rndn(r, 64)));
    case 12:
    case 13:
        return mk(s, 0x7FFE - rndn(r, 80), m | J);
    case 14:
    case 15:
        return mk(s, 1 + rndn(r, 80), m | J);
    case 16:
    case 17:
    case 18:
        /* near 2^k: integer conversion limits */
        k = int_exps[rndn(r, sizeof(int_exps) / sizeof(int_exps[0]))];
        m = rndn(r, 2) ? J | (m >> (20 + rndn(r, 44))) : ~0ull - (m >> (20 + rndn(r, 44)));
        return mk(s, 0x3FFF + k - rndn(r, 2), m);
    case 19:
        /* near 10^18 (FBSTP's limit) */
        m = 0xDE0B6B3A76400000ull + (m >> (40 + rndn(r, 24)));
        k = 40 + rndn(r, 24);
        return mk(s, 0x3FFF + 59, m - (rnd(r) >> k));
    case 20:
    case 21:
    case 22:
        /* small integers and halves */
        k = 1 + rndn(r, 2000);
        m = (uint64_t)k << __builtin_clzll(k);
        return mk(s, 0x3FFF + 63 - __builtin_clzll(k) - rndn(r, 2), m);
    case 23:
    case 24:
        return mk(s, rndn(r, 0x7FFF), m | J);           /* any exponent */
    default:
        return mk(s, 0x3FFF + rndn(r, 140) - 70, m | J);
    }
}

/* A second operand, often related to the first: close to it (cancellation,
 * quotients near 1), or a nearby exponent (FPREM). */
static floatx80 gen_x80_partner(Rng *r, floatx80 a)
{
    floatx80 b;
    unsigned k;

    switch (rndn(r, 6)) {
    case 0:
        b = a;
        k = rndn(r, 5);
        b.mant += (uint64_t)(k - 2) << rndn(r, 64);
        if (rndn(r, 2))
            b.sign_exp ^= 0x8000;
        return b;
    case 1:
        b = gen_x80(r);
        b.sign_exp = (uint16_t)((b.sign_exp & 0x8000) |
                                (((a.sign_exp & 0x7FFF) + rndn(r, 140) - 70) & 0x7FFF));
        return b;
    default:
        return gen_x80(r);
    }
}

/* FSCALE's scale factor: mostly small integers, sometimes huge or fractional. */
static floatx80 gen_scale(Rng *r)
{
    unsigned s;
    int k;

    switch (rndn(r, 5)) {
    case 0:
        return gen_x80(r);
    case 1:
        s = rndn(r, 2);
        k = (int)rndn(r, 20);
        return mk(s, 0x3FFF + (unsigned)k, J | (gen_bits(r) >> 1));
    default:
        k = (int)rndn(r, 70000) - 35000;
        if (rndn(r, 2))
            k = (int)rndn(r, 200) - 100;
        return int64_to_floatx80(k);
    }
}

static uint64_t gen_ieee(Rng *r, bool dbl)
{
    int fbits = dbl ? 52 : 23, ebits = dbl ? 11 : 8;
    uint64_t emax = (1ull << ebits) - 1, fmask = (1ull << fbits) - 1;
    uint64_t s = rndn(r, 2), m = gen_bits(r) >> (64 - fbits), e;
    uint64_t bias = emax >> 1;

    switch (rndn(r, 32)) {
    case 0:
        e = 0, m = 0;
        break;
    case 1:
    case 2:
    case 3:
        e = 0;
        m >>= rndn(r, fbits);
        if (!m)
            m = 1;
        break;
    case 4:
        e = emax, m = 0;
        break;
    case 5:
        e = emax;
        m |= 1ull << (fbits - 1);       /* QNaN */
        break;
    case 6:
        e = emax;
        m &= ~(1ull << (fbits - 1));    /* SNaN */
        if (!m)
            m = 1;
        break;
    case 7:
        e = emax, m = 1ull << (fbits - 1);
        s = 1;                          /* the default NaN */
        break;
    case 8:
    case 9:
        e = 1 + rndn(r, 40);
        break;
    case 10:
    case 11:
        e = emax - 1 - rndn(r, 40);
        break;
    case 12:
    case 13:
        /* near integer limits 2^15..2^64 */
        e = bias + 14 + rndn(r, 51);
        break;
    case 14:
        e = rndn(r, (unsigned)emax);
        break;
    default:
        e = bias + rndn(r, 60) - 30;
        break;
    }
    return (s << (fbits + ebits)) | (e << fbits) | (m & fmask);
}

/* Integers for CVTSI2SS/SD: near the 2^24 and 2^53 exactness limits and the
 * ends of the range. */
static uint64_t gen_int(Rng *r, bool is64)
{
    uint64_t v;

    switch (rndn(r, 4)) {
    case 0:
        v = rnd(r);
        break;
    case 1:
        v = 1ull << rndn(r, is64 ? 64 : 32);
        v += rndn(r, 9);
        v -= 4;
        break;
    case 2:
        v = gen_bits(r);
        break;
    default:
        v = gen_bits(r);
        v >>= rndn(r, 64);
        break;
    }
    if (rndn(r, 2))
        v = 0 - v;
    return is64 ? v : (uint64_t)(uint32_t)v;
}

/* ------------------------------------------------------------------------ */
/* The library side of the x87 operations. */

static uint16_t cc_of_relation(FloatRelation rel)
{
    switch (rel) {
    case FLOAT_RELATION_LESS:
        return FLOATX80_C0;
    case FLOAT_RELATION_EQUAL:
        return FLOATX80_C3;
    case FLOAT_RELATION_GREATER:
        return 0;
    default:
        return FLOATX80_C0 | FLOATX80_C2 | FLOATX80_C3;
    }
}

static void soft_x87(X87Op op, floatx80 a, floatx80 b, int rc, int pc, bool pi66, X87Out *o)
{
    FloatStatus st = { .rounding = (uint8_t)rc, .x87_precision = (uint8_t)pc,
                       .x87_trig_pi66 = pi66 };
    uint16_t cc = 0;
    uint8_t bcd[10];

    memset(o, 0, sizeof(*o));
    o->r0 = a;
    o->r1 = b;
    switch (op) {
    case X_FADD: o->r0 = floatx80_add(a, b, &st); break;
    case X_FSUB: o->r0 = floatx80_sub(a, b, &st); break;
    case X_FMUL: o->r0 = floatx80_mul(a, b, &st); break;
    case X_FDIV: o->r0 = floatx80_div(a, b, &st); break;
    case X_FSQRT: o->r0 = floatx80_sqrt(a, &st); break;
    case X_FCOM: cc = cc_of_relation(floatx80_compare(a, b, &st)); break;
    case X_FUCOM: cc = cc_of_relation(floatx80_compare_quiet(a, b, &st)); break;
    case X_FTST: cc = cc_of_relation(floatx80_compare(a, floatx80_make(0, 0), &st)); break;
    case X_FXAM: cc = floatx80_fxam(a); break;
    case X_FPREM: o->r0 = floatx80_prem(a, b, false, &cc, &st); break;
    case X_FPREM1: o->r0 = floatx80_prem(a, b, true, &cc, &st); break;
    case X_FRNDINT: o->r0 = floatx80_round_to_int(a, &st); break;
    case X_FSCALE: o->r0 = floatx80_scale(a, b, &st); break;
    case X_FXTRACT:
        o->r0 = floatx80_extract(a, &o->r1, &st);
        break;
    case X_FLD32: o->r0 = float32_to_floatx80((uint32_t)a.mant, &st); break;
    case X_FLD64: o->r0 = float64_to_floatx80(a.mant, &st); break;
    case X_FBLD:
        put_le(bcd, a.mant, 8);
        put_le(bcd + 8, a.sign_exp, 2);
        o->r0 = floatx80_from_bcd(bcd);
        break;
    case X_FST32: put_le(o->mem, floatx80_to_float32(a, &st), 4); break;
    case X_FST64: put_le(o->mem, floatx80_to_float64(a, &st), 8); break;
    case X_FIST16: put_le(o->mem, (uint16_t)floatx80_to_int16(a, &st), 2); break;
    case X_FIST32: put_le(o->mem, (uint32_t)floatx80_to_int32(a, &st), 4); break;
    case X_FIST64: put_le(o->mem, (uint64_t)floatx80_to_int64(a, &st), 8); break;
    case X_FISTTP16: put_le(o->mem, (uint16_t)floatx80_to_int16_trunc(a, &st), 2); break;
    case X_FISTTP32: put_le(o->mem, (uint32_t)floatx80_to_int32_trunc(a, &st), 4); break;
    case X_FISTTP64: put_le(o->mem, (uint64_t)floatx80_to_int64_trunc(a, &st), 8); break;
    case X_FBSTP: floatx80_to_bcd(a, o->mem, &st); break;
    case X_FSIN: o->r0 = floatx80_sin(a, &cc, &st); break;
    case X_FCOS: o->r0 = floatx80_cos(a, &cc, &st); break;
    case X_FSINCOS:
        floatx80_sincos(a, &o->r1, &o->r0, &cc, &st);
        if (cc & FLOATX80_C2) {
            o->r0 = a;
            o->r1 = b;
        }
        break;
    case X_FPTAN:
        floatx80_ptan(a, &o->r1, &o->r0, &cc, &st);
        if (cc & FLOATX80_C2) {
            o->r0 = a;
            o->r1 = b;
        }
        break;
    case X_FPATAN: o->r0 = floatx80_atan2(b, a, &st); break;
    case X_F2XM1: o->r0 = floatx80_2xm1(a, &st); break;
    case X_FYL2X: o->r0 = floatx80_yl2x(a, b, &st); break;
    case X_FYL2XP1: o->r0 = floatx80_yl2xp1(a, b, &st); break;
    case X_FADD_M32: o->r0 = floatx80_arith_f32(FLOATX87_ADD, false, a, (uint32_t)b.mant, &st); break;
    case X_FSUB_M64: o->r0 = floatx80_arith_f64(FLOATX87_SUB, false, a, b.mant, &st); break;
    case X_FSUBR_M32: o->r0 = floatx80_arith_f32(FLOATX87_SUB, true, a, (uint32_t)b.mant, &st); break;
    case X_FMUL_M64: o->r0 = floatx80_arith_f64(FLOATX87_MUL, false, a, b.mant, &st); break;
    case X_FDIV_M32: o->r0 = floatx80_arith_f32(FLOATX87_DIV, false, a, (uint32_t)b.mant, &st); break;
    case X_FDIVR_M64: o->r0 = floatx80_arith_f64(FLOATX87_DIV, true, a, b.mant, &st); break;
    case X_FCOM_M32: cc = cc_of_relation(floatx80_compare_f32(a, (uint32_t)b.mant, &st)); break;
    case X_FCOM_M64: cc = cc_of_relation(floatx80_compare_f64(a, b.mant, &st)); break;
    case X_FLDPI: o->r0 = floatx80_load_const(FLOATX87_CONST_PI, &st); break;
    case X_FLDL2T: o->r0 = floatx80_load_const(FLOATX87_CONST_L2T, &st); break;
    case X_FLDL2E: o->r0 = floatx80_load_const(FLOATX87_CONST_L2E, &st); break;
    case X_FLDLG2: o->r0 = floatx80_load_const(FLOATX87_CONST_LG2, &st); break;
    case X_FLDLN2: o->r0 = floatx80_load_const(FLOATX87_CONST_LN2, &st); break;
    default: break;
    }
    o->sw = (uint16_t)((st.flags & 0x3F) | (st.flags & FLOAT_FLAG_ROUNDED_UP) | cc);
}

/* ------------------------------------------------------------------------ */
/* x87 differential runs */

enum { R0 = 1, R1 = 2, MEM = 4 };
enum { IN_PAIR, IN_ONE, IN_F32, IN_F64, IN_BCD, IN_SCALE, IN_INT, IN_MEM32, IN_MEM64 };

static const struct X87OpInfo {
    const char *name;
    uint8_t compare;    /* R0 | R1 | MEM */
    uint8_t mem_bytes;
    uint8_t input;
    uint16_t sw_mask;
} x87_ops[X_NOPS] = {
    [X_FADD] = { "fadd", R0, 0, IN_PAIR, 0x023F },
    [X_FSUB] = { "fsub", R0, 0, IN_PAIR, 0x023F },
    [X_FMUL] = { "fmul", R0, 0, IN_PAIR, 0x023F },
    [X_FDIV] = { "fdiv", R0, 0, IN_PAIR, 0x023F },
    [X_FSQRT] = { "fsqrt", R0, 0, IN_ONE, 0x023F },
    [X_FCOM] = { "fcom", 0, 0, IN_PAIR, 0x473F },
    [X_FUCOM] = { "fucom", 0, 0, IN_PAIR, 0x473F },
    [X_FTST] = { "ftst", 0, 0, IN_ONE, 0x473F },
    [X_FXAM] = { "fxam", 0, 0, IN_ONE, 0x4700 },
    [X_FPREM] = { "fprem", R0, 0, IN_PAIR, 0x473F },
    [X_FPREM1] = { "fprem1", R0, 0, IN_PAIR, 0x473F },
    [X_FRNDINT] = { "frndint", R0, 0, IN_INT, 0x023F },
    [X_FSCALE] = { "fscale", R0, 0, IN_SCALE, 0x023F },
    [X_FXTRACT] = { "fxtract", R0 | R1, 0, IN_ONE, 0x023F },
    [X_FLD32] = { "fld m32", R0, 0, IN_F32, 0x023F },
    [X_FLD64] = { "fld m64", R0, 0, IN_F64, 0x023F },
    [X_FST32] = { "fstp m32", MEM, 4, IN_ONE, 0x023F },
    [X_FST64] = { "fstp m64", MEM, 8, IN_ONE, 0x023F },
    [X_FIST16] = { "fistp m16", MEM, 2, IN_INT, 0x023F },
    [X_FIST32] = { "fistp m32", MEM, 4, IN_INT, 0x023F },
    [X_FIST64] = { "fistp m64", MEM, 8, IN_INT, 0x023F },
    [X_FISTTP16] = { "fisttp m16", MEM, 2, IN_INT, 0x023F },
    [X_FISTTP32] = { "fisttp m32", MEM, 4, IN_INT, 0x023F },
    [X_FISTTP64] = { "fisttp m64", MEM, 8, IN_INT, 0x023F },
    [X_FBSTP] = { "fbstp", MEM, 10, IN_INT, 0x023F },
    [X_FBLD] = { "fbld", R0, 0, IN_BCD, 0x023F },
    [X_FSIN] = { "fsin", R0, 0, IN_ONE, 0x063F },
    [X_FCOS] = { "fcos", R0, 0, IN_ONE, 0x063F },
    [X_FSINCOS] = { "fsincos", R0 | R1, 0, IN_ONE, 0x063F },
    [X_FPTAN] = { "fptan", R0 | R1, 0, IN_ONE, 0x063F },
    [X_FPATAN] = { "fpatan", R0, 0, IN_PAIR, 0x023F },
    [X_F2XM1] = { "f2xm1", R0, 0, IN_ONE, 0x023F },
    [X_FYL2X] = { "fyl2x", R0, 0, IN_PAIR, 0x023F },
    [X_FYL2XP1] = { "fyl2xp1", R0, 0, IN_PAIR, 0x023F },
    [X_FADD_M32] = { "fadd m32", R0, 0, IN_MEM32, 0x023F },
    [X_FSUB_M64] = { "fsub m64", R0, 0, IN_MEM64, 0x023F },
    [X_FSUBR_M32] = { "fsubr m32", R0, 0, IN_MEM32, 0x023F },
    [X_FMUL_M64] = { "fmul m64", R0, 0, IN_MEM64, 0x023F },
    [X_FDIV_M32] = { "fdiv m32", R0, 0, IN_MEM32, 0x023F },
    [X_FDIVR_M64] = { "fdivr m64", R0, 0, IN_MEM64, 0x023F },
    [X_FCOM_M32] = { "fcom m32", 0, 0, IN_MEM32, 0x473F },
    [X_FCOM_M64] = { "fcom m64", 0, 0, IN_MEM64, 0x473F },
    [X_FLDPI] = { "fldpi", R0, 0, IN_ONE, 0x023F },
    [X_FLDL2T] = { "fldl2t", R0, 0, IN_ONE, 0x023F },
    [X_FLDL2E] = { "fldl2e", R0, 0, IN_ONE, 0x023F },
    [X_FLDLG2] = { "fldlg2", R0, 0, IN_ONE, 0x023F },
    [X_FLDLN2] = { "fldln2", R0, 0, IN_ONE, 0x023F },
};

/* ------------------------------------------------------------------------ */
/* Fixed vectors: run on every host, and on x86-64 also checked against the
 * CPU so the table itself stays honest. For stores, r holds the memory image
 * (mant = bytes 0-7, sign_exp = bytes 8-9). sw is compared under the op's mask. */

#define F(se, m) { (m), (se) }
#define ONE F(0x3FFF, J)
#define TWO F(0x4000, J)
#define THREE F(0x4000, 0xC000000000000000ull)
#define INDEF F(0xFFFF, 0xC000000000000000ull)
#define RN FLOAT_ROUND_NEAREST_EVEN
#define RD FLOAT_ROUND_DOWN
#define RU FLOAT_ROUND_UP
#define RZ FLOAT_ROUND_TO_ZERO
#define P24 FLOATX80_PREC_24
#define P53 FLOATX80_PREC_53
#define P64 FLOATX80_PREC_64
#define C0 FLOATX80_C0
#define C1 FLOATX80_C1
#define C2 FLOATX80_C2
#define C3 FLOATX80_C3
#define IE FLOAT_FLAG_INVALID
#define DE FLOAT_FLAG_DENORMAL
#define ZE FLOAT_FLAG_DIVBYZERO
#define OE FLOAT_FLAG_OVERFLOW
#define UE FLOAT_FLAG_UNDERFLOW
#define PE FLOAT_FLAG_INEXACT

static const struct X87Vector {
    X87Op op;
    uint8_t rc, pc;
    floatx80 a, b, r;
    uint16_t sw;
} x87_vectors[] = {
    { X_FADD, RN, P64, ONE, ONE, TWO, 0 },
    { X_FDIV, RN, P64, ONE, THREE, F(0x3FFD, 0xAAAAAAAAAAAAAAABull), PE | C1 },
    { X_FDIV, RZ, P64, ONE, THREE, F(0x3FFD, 0xAAAAAAAAAAAAAAAAull), PE },
    { X_FDIV, RN, P24, ONE, THREE, F(0x3FFD, 0xAAAAAB0000000000ull), PE | C1 },
    { X_FDIV, RN, P53, ONE, THREE, F(0x3FFD, 0xAAAAAAAAAAAAA800ull), PE },
    { X_FSUB, RN, P64, F(0x7FFF, J), F(0x7FFF, J), INDEF, IE },
    { X_FDIV, RN, P64, F(0, 0), F(0x8000, 0), INDEF, IE },
    { X_FDIV, RN, P64, ONE, F(0x8000, 0), F(0xFFFF, J), ZE },
    { X_FDIV, RN, P64, F(0, 5), F(0, 0), F(0x7FFF, J), ZE },      /* no DE */
    { X_FADD, RN, P64, F(0, 5), F(0, 0), F(0, 5), DE },
    { X_FADD, RN, P64, F(0, J), F(0, 0), F(1, J), DE },           /* pseudo-denormal */
    { X_FADD, RN, P64, F(0x3FFF, 1), ONE, INDEF, IE },            /* unnormal */
    { X_FMUL, RN, P64, F(0x7FFE, ~0ull), TWO, F(0x7FFF, J), OE | PE | C1 },
    { X_FMUL, RZ, P64, F(0x7FFE, ~0ull), TWO, F(0x7FFE, ~0ull), OE | PE },
    { X_FMUL, RZ, P24, F(0x7FFE, ~0ull), TWO, F(0x7FFE, 0xFFFFFF0000000000ull), OE | PE },
    { X_FDIV, RN, P64, F(1, J), TWO, F(0, 0x4000000000000000ull), 0 },     /* tiny, exact */
    { X_FDIV, RN, P64, F(1, J | 1), TWO, F(0, 0x4000000000000000ull), UE | PE },
    { X_FADD, RN, P64, F(0x7FFF, 0xC000000000000001ull), F(0xFFFF, 0xC000000000000002ull),
      F(0xFFFF, 0xC000000000000002ull), 0 },                      /* larger significand */
    { X_FADD, RN, P64, F(0x7FFF, 0x8000000000000005ull), F(0x7FFF, 0xC000000000000001ull),
      F(0x7FFF, 0xC000000000000001ull), IE },                     /* SNaN + QNaN: the QNaN */
    { X_FADD, RN, P64, F(0xFFFF, 0xC000000000000007ull), F(0x7FFF, 0xC000000000000007ull),
      F(0x7FFF, 0xC000000000000007ull), 0 },                      /* tie: the positive */
    { X_FMUL, RN, P64, F(0x7FFF, 0x8000000000000005ull), ONE,
      F(0x7FFF, 0xC000000000000005ull), IE },
    { X_FSQRT, RN, P64, TWO, ONE, F(0x3FFF, 0xB504F333F9DE6484ull), PE },
    { X_FSQRT, RU, P64, TWO, ONE, F(0x3FFF, 0xB504F333F9DE6485ull), PE | C1 },
    { X_FSQRT, RN, P64, F(0xBFFF, J), ONE, INDEF, IE },
    { X_FSQRT, RN, P64, F(0x8000, 0), ONE, F(0x8000, 0), 0 },
    { X_FCOM, RN, P64, ONE, F(0x7FFF, 0xC000000000000000ull), F(0, 0), IE | C3 | C2 | C0 },
    { X_FUCOM, RN, P64, ONE, F(0x7FFF, 0xC000000000000000ull), F(0, 0), C3 | C2 | C0 },
    { X_FUCOM, RN, P64, ONE, F(0x7FFF, 0x8000000000000001ull), F(0, 0), IE | C3 | C2 | C0 },
    { X_FCOM, RN, P64, F(0x8000, 0), F(0, 0), F(0, 0), C3 },
    { X_FCOM, RN, P64, ONE, TWO, F(0, 0), C0 },
    { X_FTST, RN, P64, F(0, 1), ONE, F(0, 0), DE },
    { X_FXAM, RN, P64, F(0, 1), ONE, F(0, 0), C3 | C2 },
    { X_FXAM, RN, P64, F(0x8000, J), ONE, F(0, 0), C3 | C2 | C1 },
    { X_FXAM, RN, P64, F(0x4000, 1), ONE, F(0, 0), 0 },
    { X_FXAM, RN, P64, F(0xFFFF, J), ONE, F(0, 0), C2 | C1 | C0 },
    { X_FXAM, RN, P64, INDEF, ONE, F(0, 0), C1 | C0 },
    { X_FPREM, RN, P64, F(0x4002, 0xA000000000000000ull), THREE, ONE, C3 | C1 },   /* 10 rem 3, q=3 */
    { X_FPREM1, RN, P64, F(0x4002, 0xB000000000000000ull), THREE, F(0xBFFF, J), C0 }, /* 11: q=4 */
    { X_FPREM, RN, P64, F(0x4045, J), THREE, F(0x401F, J), C2 },   /* 2^70: partial, by 3 * 2^32 */
    { X_FPREM, RN, P64, F(0x7FFF, J), THREE, INDEF, IE },
    { X_FRNDINT, RN, P64, F(0x4000, 0xA000000000000000ull), ONE, TWO, PE },
    { X_FRNDINT, RU, P64, F(0x4000, 0xA000000000000000ull), ONE, THREE, PE | C1 },
    { X_FRNDINT, RD, P64, F(0xBFFE, J), ONE, F(0xBFFF, J), PE | C1 },
    { X_FSCALE, RN, P64, ONE, F(0x4000, 0xC000000000000000ull), F(0x4002, J), 0 },
    { X_FSCALE, RN, P64, ONE, F(0xC00C, 0xC000000000000000ull), F(0x0FFF, J), 0 },  /* 2^-12288 */
    { X_FSCALE, RN, P64, F(0, 0), F(0x7FFF, J), INDEF, IE },
    { X_FXTRACT, RN, P64, F(0x4002, 0xC000000000000000ull), ONE,
      F(0x3FFF, 0xC000000000000000ull), 0 },
    { X_FXTRACT, RN, P64, F(0x8000, 0), ONE, F(0x8000, 0), ZE },
    { X_FLD32, RN, P64, F(0, 0x7F800001), ONE, F(0x7FFF, 0xC000010000000000ull), IE },
    { X_FLD32, RN, P64, F(0, 0x00000001), ONE, F(0x3F6A, J), DE },
    { X_FLD64, RN, P64, F(0, 0xBFF8000000000000ull), ONE, F(0xBFFF, 0xC000000000000000ull), 0 },
    { X_FST32, RN, P64, F(0x3FFD, 0xAAAAAAAAAAAAAAABull), ONE, F(0, 0x3EAAAAAB), PE | C1 },
    { X_FST32, RN, P64, F(0x7FFF, 0x8000000000000100ull), ONE, F(0, 0x7FC00000), IE },
    { X_FST32, RN, P64, F(0x3FFF, 1), ONE, F(0, 0xFFC00000), IE },
    { X_FST64, RN, P64, F(0x3C00, J | 1), ONE, F(0, 0x0008000000000000ull), UE | PE },
    { X_FIST16, RN, P64, F(0x400E, 0x9C40000000000000ull), ONE, F(0, 0x8000), IE },   /* 40000 */
    { X_FIST32, RN, P64, F(0x4000, 0xA000000000000000ull), ONE, F(0, 2), PE },
    { X_FIST64, RN, P64, F(0x403E, J), ONE, F(0, 0x8000000000000000ull), IE },         /* 2^63 */
    { X_FIST64, RN, P64, F(0xC03E, J), ONE, F(0, 0x8000000000000000ull), 0 },          /* -2^63 */
    { X_FISTTP32, RN, P64, F(0xC000, 0xACCCCCCCCCCCCCCDull), ONE, F(0, 0xFFFFFFFE), PE },
    { X_FBSTP, RN, P64, F(0x4009, 0x9A40000000000000ull), ONE, F(0, 0x1234), 0 },      /* 1234 */
    { X_FBSTP, RN, P64, F(0xC005, 0xC600000000000000ull), ONE, F(0x8000, 0x99), 0 },   /* -99 */
    { X_FBSTP, RN, P64, F(0x403A, 0xDE0B6B3A76400000ull), ONE,                         /* 1e18 */
      F(0xFFFF, 0xC000000000000000ull), IE },
    { X_FBLD, RN, P64, F(0x8000, 0x99), ONE, F(0xC005, 0xC600000000000000ull), 0 },
    { X_FSIN, RN, P64, F(0x8000, 0), ONE, F(0x8000, 0), 0 },
    { X_FSIN, RN, P64, F(0x7FFF, J), ONE, INDEF, IE },
    { X_FSIN, RN, P64, F(0x403E, J), ONE, F(0x403E, J), C2 },
    { X_FSIN, RN, P64, F(0x3FFE, 0xC000000000000000ull), ONE, F(0x3FFE, 0xAE7FE0B5FC786B2Eull), PE | C1 },
    { X_FCOS, RN, P64, F(0, 0), ONE, ONE, 0 },
    { X_FPTAN, RN, P64, F(0x3FFE, 0xC90FDAA22168C235ull), ONE, ONE, PE },          /* pushes 1 */
    { X_FPATAN, RN, P64, F(0x8000, 0), F(0, 0), F(0x4000, 0xC90FDAA22168C235ull), PE | C1 },
    { X_FPATAN, RN, P64, ONE, ONE, F(0x3FFE, 0xC90FDAA22168C235ull), PE | C1 },
    { X_F2XM1, RN, P64, F(0xBFFF, J), ONE, F(0xBFFE, J), PE },     /* exact, yet PE */
    { X_F2XM1, RN, P64, F(0xFFFF, J), ONE, F(0xBFFF, J), 0 },
    { X_FYL2X, RN, P64, F(0x4002, J), THREE, F(0x4002, 0x9000000000000000ull), PE },  /* 3 log2 8 */
    { X_FYL2X, RN, P64, F(0, 0), ONE, F(0xFFFF, J), ZE },
    { X_FYL2X, RN, P64, F(0xBFFF, J), ONE, INDEF, IE },
    { X_FYL2XP1, RN, P64, F(0x8000, 0), ONE, F(0x8000, 0), 0 },
};

static bool x87_vector_ok(const struct X87Vector *v, const X87Out *o)
{
    const struct X87OpInfo *info = &x87_ops[v->op];
    uint8_t mem[10];

    if ((o->sw & info->sw_mask) != (v->sw & info->sw_mask))
        return false;
    if (info->compare & MEM) {
        put_le(mem, v->r.mant, 8);
        put_le(mem + 8, v->r.sign_exp, 2);
        return memcmp(mem, o->mem, info->mem_bytes) == 0;
    }
    if (v->op == X_FPTAN)
        return x80_eq(o->r0, v->r);
    return !(info->compare & R0) || x80_eq(o->r0, v->r);
}

START_TEST(x87_fixed_vectors)
{
    size_t i;

    for (i = 0; i < sizeof(x87_vectors) / sizeof(x87_vectors[0]); i++) {
        const struct X87Vector *v = &x87_vectors[i];
        uint16_t cw = (uint16_t)(0x007F | (v->pc << 8) | (v->rc << 10));
        X87Out o;

        soft_x87(v->op, v->a, v->b, v->rc, v->pc, false, &o);
        ck_assert_msg(x87_vector_ok(v, &o), "vector %zu (%s): got %04X:%016" PRIX64 " mem %016"
                      PRIX64 " sw %04X", i, x87_ops[v->op].name, o.r0.sign_exp, o.r0.mant,
                      get_le(o.mem, 8), o.sw);
        if (HOST_CAN_DIFF) {
            hw_x87(v->op, v->a, v->b, cw, &o);
            ck_assert_msg(x87_vector_ok(v, &o), "vector %zu (%s) disagrees with the host: %04X:%016"
                          PRIX64 " mem %016" PRIX64 " sw %04X", i, x87_ops[v->op].name,
                          o.r0.sign_exp, o.r0.mant, get_le(o.mem, 8), o.sw);
        }
    }
}
END_TEST

static void gen_x87_input(X87Op op, Rng *r, floatx80 *a, floatx80 *b)
{
    uint64_t v;
    int i;

    *b = gen_x80(r);
    switch (x87_ops[op].input) {
    case IN_PAIR:
        *a = gen_x80(r);
        *b = gen_x80_partner(r, *a);
        break;
    case IN_SCALE:
        *a = gen_x80(r);
        *b = gen_scale(r);
        break;
    case IN_MEM32:
    case IN_MEM64:
        *a = gen_x80(r);
        *b = floatx80_make(0, gen_ieee(r, x87_ops[op].input == IN_MEM64));
        break;
    case IN_F32:
        *a = floatx80_make(0, gen_ieee(r, false));
        break;
    case IN_F64:
        *a = floatx80_make(0, gen_ieee(r, true));
        break;
    case IN_BCD:
        /* 18 valid digits, numbers of every length */
        v = 0;
        for (i = rndn(r, 19); i > 0; i--)
            v = v * 10 + rndn(r, 10);
        *a = floatx80_make(rndn(r, 2) ? 0x8000 : 0, 0);
        for (i = 0; i < 10; i++) {
            unsigned two = (unsigned)(v % 100);
            uint8_t byte = (uint8_t)(((two / 10) << 4) | (two % 10));
            v /= 100;
            if (i < 8)
                a->mant |= (uint64_t)byte << (8 * i);
            else if (i == 8)
                a->sign_exp |= byte;
        }
        break;
    case IN_INT:
        *a = gen_x80(r);
        if (rndn(r, 2)) {
            /* an integer, or a half-way case, near the conversion limits */
            static const int64_t lim[] = { 0, 1, 32767, 32768, 2147483647, 2147483648ll,
                                           INT64_MAX, 999999999999999999ll };
            FloatStatus st = { 0 };
            int64_t base = lim[rndn(r, 8)];

            base = (int64_t)((uint64_t)base + rndn(r, 5) - 2);     /* may wrap */
            *a = int64_to_floatx80(base);
            if (rndn(r, 2))
                *a = floatx80_add(*a, floatx80_make(0x3FFE, J), &st);  /* + 0.5 */
            if (rndn(r, 2))
                a->sign_exp ^= 0x8000;
        }
        break;
    default:
        *a = gen_x80(r);
        break;
    }
}

static void print_x80(const char *label, floatx80 f)
{
    printf(" %s=%04X:%016" PRIX64, label, f.sign_exp, f.mant);
}

static bool x87_outputs_match(X87Op op, const X87Out *h, const X87Out *s)
{
    const struct X87OpInfo *info = &x87_ops[op];

    if ((h->sw & info->sw_mask) != (s->sw & info->sw_mask))
        return false;
    if ((info->compare & R0) && !x80_eq(h->r0, s->r0))
        return false;
    if ((info->compare & R1) && !x80_eq(h->r1, s->r1))
        return false;
    if ((info->compare & MEM) && memcmp(h->mem, s->mem, info->mem_bytes) != 0)
        return false;
    return true;
}

static const int x87_pcs[3] = { FLOATX80_PREC_24, FLOATX80_PREC_53, FLOATX80_PREC_64 };

/* Runs n operand sets through op under every RC and PC; returns mismatches. */
static long x87_diff(X87Op op, long n, unsigned salt, long *cases)
{
    Rng r = rng_for(salt);
    long bad = 0, i;
    int rc, p;

    for (i = 0; i < n; i++) {
        floatx80 a, b;

        gen_x87_input(op, &r, &a, &b);
        for (rc = 0; rc < 4; rc++) {
            for (p = 0; p < 3; p++) {
                uint16_t cw = (uint16_t)(0x007F | (x87_pcs[p] << 8) | (rc << 10));
                X87Out h, s;

                hw_x87(op, a, b, cw, &h);
                soft_x87(op, a, b, rc, x87_pcs[p], false, &s);
                (*cases)++;
                if (x87_outputs_match(op, &h, &s))
                    continue;
                if (bad++ < 4) {
                    printf("MISMATCH %s rc=%d pc=%d:", x87_ops[op].name, rc, x87_pcs[p]);
                    print_x80("a", a);
                    print_x80("b", b);
                    printf("\n   host:");
                    print_x80("r0", h.r0);
                    print_x80("r1", h.r1);
                    printf(" mem=%016" PRIX64 " sw=%04X\n   soft:", get_le(h.mem, 8),
                           h.sw & x87_ops[op].sw_mask);
                    print_x80("r0", s.r0);
                    print_x80("r1", s.r1);
                    printf(" mem=%016" PRIX64 " sw=%04X\n", get_le(s.mem, 8),
                           s.sw & x87_ops[op].sw_mask);
                }
            }
        }
    }
    return bad;
}

static bool verbose(void)
{
    const char *v = getenv("VIREO_TEST_VERBOSE");
    return v && *v && strcmp(v, "0") != 0;
}

static bool can_diff(void)
{
    if (!HOST_CAN_DIFF)
        printf("differential test skipped: the host is not x86-64\n");
    return HOST_CAN_DIFF;
}

/* One line per group (per operation with VIREO_TEST_VERBOSE=1 or when one
 * differs from the host). */
static void run_x87_group(const char *group, const X87Op *ops, int nops, long per_op)
{
    long total = 0, total_bad = 0;
    int i;

    if (!can_diff())
        return;
    for (i = 0; i < nops; i++) {
        long cases = 0, bad = x87_diff(ops[i], per_op, (unsigned)ops[i] + 1, &cases);

        if (bad || verbose())
            printf("x87 %-11s %8ld cases, %ld mismatches\n", x87_ops[ops[i]].name, cases, bad);
        total += cases;
        total_bad += bad;
    }
    printf("x87 %-24s %9ld cases against the host (%s), %ld mismatches\n", group, total,
           host_name(), total_bad);
    fflush(stdout);
    ck_assert_msg(total_bad == 0, "%ld of %ld cases differ from the host", total_bad, total);
}

static long quick_or_slow(long quick, long slow)
{
    return slow_mode() ? slow : quick;
}

START_TEST(x87_arith_matches_host)
{
    static const X87Op ops[] = { X_FADD, X_FSUB, X_FMUL, X_FDIV, X_FSQRT };
    run_x87_group("add sub mul div sqrt", ops, 5, quick_or_slow(25000, 1000000));
}
END_TEST

START_TEST(x87_memory_operands_match_host)
{
    static const X87Op ops[] = { X_FADD_M32, X_FSUB_M64, X_FSUBR_M32, X_FMUL_M64, X_FDIV_M32,
                                 X_FDIVR_M64, X_FCOM_M32, X_FCOM_M64 };
    run_x87_group("m32/m64 operands", ops, 8, quick_or_slow(10000, 400000));
}
END_TEST

START_TEST(x87_compare_matches_host)
{
    static const X87Op ops[] = { X_FCOM, X_FUCOM, X_FTST, X_FXAM };
    run_x87_group("compares, fxam", ops, 4, quick_or_slow(10000, 400000));
}
END_TEST

START_TEST(x87_conversions_match_host)
{
    static const X87Op ops[] = { X_FLD32, X_FLD64, X_FST32, X_FST64, X_FIST16, X_FIST32,
                                 X_FIST64, X_FISTTP16, X_FISTTP32, X_FISTTP64, X_FBSTP,
                                 X_FBLD };
    run_x87_group("loads, stores, bcd", ops, 12, quick_or_slow(10000, 400000));
}
END_TEST

START_TEST(x87_misc_matches_host)
{
    static const X87Op ops[] = { X_FPREM, X_FPREM1, X_FRNDINT, X_FSCALE, X_FXTRACT };
    static const X87Op consts[] = { X_FLDPI, X_FLDL2T, X_FLDL2E, X_FLDLG2, X_FLDLN2 };

    run_x87_group("prem rndint scale xtract", ops, 5, quick_or_slow(15000, 400000));
    run_x87_group("constants", consts, 5, 10);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Transcendentals against the host: special cases (NaN, infinity, zero,
 * invalid, out of range) and the IE/ZE/DE flags must match exactly; finite
 * results are compared in ulps of the 64-bit significand. */

static bool x80_is_special(floatx80 f)
{
    return (f.sign_exp & 0x7FFF) == 0x7FFF || (f.mant == 0 && (f.sign_exp & 0x7FFF) == 0);
}

/* Distance in units in the last place between two finite floatx80 values
 * (the number of representable values between them); 1e30 when far apart. */
static double ulp_distance(floatx80 a, floatx80 b)
{
    uint64_t ea = a.sign_exp & 0x7FFF, eb = b.sign_exp & 0x7FFF;
    uint64_t la = ea ? a.mant & ~J : a.mant, lb = eb ? b.mant & ~J : b.mant;

    if (ea == 0)
        ea = 1;     /* denormals are spaced like the smallest binade */
    if (eb == 0)
        eb = 1;
    if ((a.sign_exp ^ b.sign_exp) & 0x8000)
        return (la == 0 && lb == 0 && ea == eb) ? 0 : 1e30;
    if (ea == eb)
        return la > lb ? (double)(la - lb) : (double)(lb - la);
    if (ea == eb + 1)
        return (double)(la + (J - lb));
    if (eb == ea + 1)
        return (double)(lb + (J - la));
    return 1e30;
}

enum { DOM_SMALL, DOM_MEDIUM, DOM_LARGE, NDOMS };

typedef struct TransOp {
    X87Op op;
    const char *name;
    double bound[NDOMS];        /* largest ulp difference accepted, per domain */
} TransOp;

/* Operands in the domain each instruction is defined on, plus specials. Sets
 * *dom to the domain, or -1 when the hardware result is undefined. */
static void gen_trans_input(X87Op op, Rng *r, floatx80 *a, floatx80 *b, int *dom)
{
    unsigned s = rndn(r, 2), k = rndn(r, 20);
    uint64_t m = gen_bits(r) | J;

    *b = gen_x80(r);
    *dom = DOM_SMALL;
    if (k == 0) {
        /* anything, including NaNs, infinities and unsupported formats */
        *a = gen_x80(r);
        if ((a->sign_exp & 0x7FFF) >= 0x3FFF + 17)
            *dom = DOM_LARGE;
        else if ((a->sign_exp & 0x7FFF) >= 0x3FFE)
            *dom = DOM_MEDIUM;
        if (op == X_F2XM1 && (a->sign_exp & 0x7FFF) >= 0x3FFF && (a->sign_exp & 0x7FFF) != 0x7FFF)
            *dom = -1;
        if (op == X_FYL2XP1 && (a->sign_exp & 0x7FFF) >= 0x3FFD && (a->sign_exp & 0x7FFF) != 0x7FFF)
            *dom = -1;
        return;
    }
    switch (op) {
    case X_FSIN:
    case X_FCOS:
    case X_FSINCOS:
    case X_FPTAN:
        if (k < 10) {
            *a = mk(s, 0x3FFF - 1 - rndn(r, 70), m);        /* below 1 */
            if ((a->sign_exp & 0x7FFF) == 0x3FFE && a->mant > 0xC90FDAA22168C234ull)
                *dom = DOM_MEDIUM;                          /* above pi/4 */
        } else if (k < 16) {
            *a = mk(s, 0x3FFF + rndn(r, 17), m);
            *dom = DOM_MEDIUM;
        } else {
            *a = mk(s, 0x3FFF + 17 + rndn(r, 48), m);       /* up to 2^64 */
            *dom = DOM_LARGE;
        }
        return;
    case X_FPATAN:
        *a = mk(s, 0x3FFF + rndn(r, 140) - 70, m);
        s = rndn(r, 2);
        m = gen_bits(r) | J;
        *b = mk(s, (a->sign_exp & 0x7FFF) + rndn(r, 20) - 10, m);
        if (k == 1)
            *b = gen_x80(r);
        if (k == 2)
            *b = mk(s, 0x3FFF + rndn(r, 4000) - 2000, m);
        return;
    case X_F2XM1:
        *a = mk(s, 0x3FFF - 1 - rndn(r, 70), m);
        if (k == 1)
            *a = mk(s, 0x3FFF, J);                          /* +-1 */
        return;
    case X_FYL2X:
        *a = mk(0, 0x3FFF + rndn(r, 200) - 100, m);
        if (k == 1)
            *a = mk(0, rndn(r, 0x7FFF), m);
        if (k == 2) {
            if (rndn(r, 2))
                m |= ~0ull << rndn(r, 64);
            *a = mk(0, 0x3FFF - rndn(r, 2), m);
        }
        s = rndn(r, 2);
        m = gen_bits(r) | J;
        *b = mk(s, 0x3FFF + rndn(r, 100) - 50, m);
        return;
    case X_FYL2XP1:
        *a = mk(s, 0x3FFF - 3 - rndn(r, 70), m);            /* |x| < 1/4 */
        if (k == 1)
            *a = mk(s, 0x3FFD, m & 0x95F619980C4336F7ull);  /* up to 1 - sqrt(2)/2 */
        s = rndn(r, 2);
        m = gen_bits(r) | J;
        *b = mk(s, 0x3FFF + rndn(r, 100) - 50, m);
        return;
    default:
        return;
    }
}

/* Runs n operand sets under every RC and PC. Returns the cases whose special
 * values or flags differ or whose ulp difference exceeds bound[domain];
 * max_ulp[] receives the largest ulp difference per domain. */
static long trans_diff(X87Op op, bool pi66, const double *bound, long n, unsigned salt,
                       long *cases, long *identical, double *max_ulp)
{
    Rng r = rng_for(salt);
    long bad = 0, i;
    int rc, p;

    for (i = 0; i < n; i++) {
        floatx80 a, b;
        int dom;

        gen_trans_input(op, &r, &a, &b, &dom);
        if (dom < 0)
            continue;
        for (rc = 0; rc < 4; rc++) {
            for (p = 0; p < 3; p++) {
                uint16_t cw = (uint16_t)(0x007F | (x87_pcs[p] << 8) | (rc << 10));
                const uint16_t exact_sw = FLOATX80_C2 | 0x37;     /* C2, PE, UE, ZE, DE, IE */
                X87Out h, s;
                floatx80 hr[2], sr[2];
                int nres = op == X_FSINCOS || op == X_FPTAN ? 2 : 1, j;
                bool ok;

                hw_x87(op, a, b, cw, &h);
                soft_x87(op, a, b, rc, x87_pcs[p], pi66, &s);
                (*cases)++;
                ok = (h.sw & exact_sw) == (s.sw & exact_sw);
                hr[0] = h.r0, hr[1] = h.r1, sr[0] = s.r0, sr[1] = s.r1;
                for (j = 0; j < nres && ok; j++) {
                    if (x80_is_special(hr[j]) || x80_is_special(sr[j])) {
                        ok = x80_eq(hr[j], sr[j]);
                    } else {
                        double d = ulp_distance(hr[j], sr[j]);
                        *identical += d == 0;
                        if (d > max_ulp[dom])
                            max_ulp[dom] = d;
                        if (d > bound[dom])
                            ok = false;
                    }
                }
                if (ok)
                    continue;
                if (bad++ < 4) {
                    printf("MISMATCH %s rc=%d pc=%d:", x87_ops[op].name, rc, x87_pcs[p]);
                    print_x80("a", a);
                    print_x80("b", b);
                    printf("\n   host:");
                    print_x80("r0", h.r0);
                    print_x80("r1", h.r1);
                    printf(" sw=%04X\n   soft:", h.sw & 0x473F);
                    print_x80("r0", s.r0);
                    print_x80("r1", s.r1);
                    printf(" sw=%04X\n", s.sw & 0x473F);
                }
            }
        }
    }
    return bad;
}

/*
 * Bounds. With x87_trig_pi66 (the hardware's reduction) every function stays
 * within 1 ulp of the host everywhere. With the exact reduction FSIN, FCOS,
 * FSINCOS and FPTAN agree to 1 ulp only while no reduction happens
 * (|x| < pi/4); beyond, the host's own error dominates and is only reported.
 */
#define UNBOUNDED 1e300
static const TransOp trans_ops[] = {
    { X_FSIN, "fsin", { 1, UNBOUNDED, UNBOUNDED } },
    { X_FCOS, "fcos", { 1, UNBOUNDED, UNBOUNDED } },
    { X_FSINCOS, "fsincos", { 1, UNBOUNDED, UNBOUNDED } },
    { X_FPTAN, "fptan", { 1, UNBOUNDED, UNBOUNDED } },
    { X_FPATAN, "fpatan", { 1, 1, 1 } },
    { X_F2XM1, "f2xm1", { 1, 1, 1 } },
    { X_FYL2X, "fyl2x", { 1, 1, 1 } },
    { X_FYL2XP1, "fyl2xp1", { 1, 1, 1 } },
};

static void run_trans(bool pi66)
{
    static const double hw_pi_bound[NDOMS] = { 1, 1, 1 };
    long n = quick_or_slow(1500, 30000), total_bad = 0;
    size_t i;

    if (!can_diff())
        return;
    for (i = 0; i < sizeof(trans_ops) / sizeof(trans_ops[0]); i++) {
        const TransOp *t = &trans_ops[i];
        bool trig = t->op == X_FSIN || t->op == X_FCOS || t->op == X_FSINCOS || t->op == X_FPTAN;
        double max_ulp[NDOMS] = { 0, 0, 0 };
        long cases = 0, identical = 0, bad;

        if (pi66 && !trig)
            continue;
        bad = trans_diff(t->op, pi66, pi66 ? hw_pi_bound : t->bound, n, 200 + t->op, &cases,
                         &identical, max_ulp);
        printf("x87 %-8s%s %6ld cases, %ld mismatches, %ld identical results, ", t->name,
               pi66 ? " pi66" : "     ", cases, bad, identical);
        if (trig)
            printf("max ulp diff %.3g | %.3g | %.3g for |x| < pi/4 | < 2^17 | < 2^64\n",
                   max_ulp[0], max_ulp[1], max_ulp[2]);
        else
            printf("max ulp diff %.3g\n", fmax(max_ulp[0], fmax(max_ulp[1], max_ulp[2])));
        fflush(stdout);
        total_bad += bad;
    }
    ck_assert_msg(total_bad == 0, "%ld cases differ from the host beyond the bounds", total_bad);
}

START_TEST(x87_transcendentals_match_host)
{
    run_trans(false);
}
END_TEST

START_TEST(x87_trig_with_hardware_pi_matches_host)
{
    run_trans(true);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* SSE differential runs */

static const char *const sse_names[S_NOPS] = {
    "add", "sub", "mul", "div", "sqrt", "min", "max", "cmp", "comi", "ucomi",
    "cvt", "cvt2si32", "cvt2si64", "cvtt2si32", "cvtt2si64", "cvtsi32", "cvtsi64", "round",
};

static uint64_t relation_eflags(FloatRelation rel)
{
    /* LAHF image: ZF bit 6, PF bit 2, CF bit 0, bit 1 always set */
    switch (rel) {
    case FLOAT_RELATION_LESS:
        return 0x03;
    case FLOAT_RELATION_EQUAL:
        return 0x42;
    case FLOAT_RELATION_GREATER:
        return 0x02;
    default:
        return 0x47;
    }
}

static void soft_sse(SseOp op, bool dbl, uint64_t a, uint64_t b, unsigned imm, FloatStatus *st,
                     SseOut *o)
{
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
    uint64_t r = 0;

    switch (op) {
    case S_ADD: r = dbl ? float64_add(a, b, st) : float32_add(a32, b32, st); break;
    case S_SUB: r = dbl ? float64_sub(a, b, st) : float32_sub(a32, b32, st); break;
    case S_MUL: r = dbl ? float64_mul(a, b, st) : float32_mul(a32, b32, st); break;
    case S_DIV: r = dbl ? float64_div(a, b, st) : float32_div(a32, b32, st); break;
    case S_SQRT: r = dbl ? float64_sqrt(a, st) : float32_sqrt(a32, st); break;
    case S_MIN: r = dbl ? float64_min(a, b, st) : float32_min(a32, b32, st); break;
    case S_MAX: r = dbl ? float64_max(a, b, st) : float32_max(a32, b32, st); break;
    case S_CMP:
        if (dbl)
            r = float64_cmp_predicate(a, b, imm, st) ? ~0ull : 0;
        else
            r = float32_cmp_predicate(a32, b32, imm, st) ? 0xFFFFFFFFu : 0;
        break;
    case S_COMI:
        r = relation_eflags(dbl ? float64_compare(a, b, st) : float32_compare(a32, b32, st));
        break;
    case S_UCOMI:
        r = relation_eflags(dbl ? float64_compare_quiet(a, b, st)
                                : float32_compare_quiet(a32, b32, st));
        break;
    case S_CVT_F: r = dbl ? float64_to_float32(a, st) : float32_to_float64(a32, st); break;
    case S_CVT_I32:
        r = (uint32_t)(dbl ? float64_to_int32(a, st) : float32_to_int32(a32, st));
        break;
    case S_CVT_I64:
        r = (uint64_t)(dbl ? float64_to_int64(a, st) : float32_to_int64(a32, st));
        break;
    case S_CVTT_I32:
        r = (uint32_t)(dbl ? float64_to_int32_trunc(a, st) : float32_to_int32_trunc(a32, st));
        break;
    case S_CVTT_I64:
        r = (uint64_t)(dbl ? float64_to_int64_trunc(a, st) : float32_to_int64_trunc(a32, st));
        break;
    case S_CVT_FROM_I32:
        r = dbl ? int32_to_float64((int32_t)a32) : int32_to_float32((int32_t)a32, st);
        break;
    case S_CVT_FROM_I64:
        r = dbl ? int64_to_float64((int64_t)a, st) : int64_to_float32((int64_t)a, st);
        break;
    case S_ROUND: r = dbl ? float64_round(a, imm, st) : float32_round(a32, imm, st); break;
    default: break;
    }
    o->r = r;
    o->mxcsr = st->flags & 0x3F;
}

/* Width of the result to compare. */
static uint64_t sse_result_mask(SseOp op, bool dbl)
{
    switch (op) {
    case S_COMI:
    case S_UCOMI:
        return 0x45;
    case S_CVT_I32:
    case S_CVTT_I32:
        return 0xFFFFFFFFu;
    case S_CVT_I64:
    case S_CVTT_I64:
        return ~0ull;
    case S_CVT_F:
        return dbl ? 0xFFFFFFFFu : ~0ull;
    default:
        return dbl ? ~0ull : 0xFFFFFFFFu;
    }
}

static long sse_diff(SseOp op, bool dbl, long n, unsigned salt, long *cases)
{
    Rng r = rng_for(salt);
    uint64_t mask = sse_result_mask(op, dbl);
    long bad = 0, i;
    int rc, mode;

    for (i = 0; i < n; i++) {
        bool in_dbl = dbl;
        uint64_t a = gen_ieee(&r, in_dbl), b = gen_ieee(&r, in_dbl);
        unsigned imm = 0;

        if (op == S_CVT_FROM_I32 || op == S_CVT_FROM_I64)
            a = gen_int(&r, op == S_CVT_FROM_I64);
        if (op == S_CMP)
            imm = rndn(&r, host_has_avx() ? 32 : 8);   /* 8-31: VCMPSS/VCMPSD */
        if (op == S_ROUND)
            imm = rndn(&r, 16);
        if (rndn(&r, 8) == 0)
            b = a ^ (rndn(&r, 2) ? (dbl ? 1ull << 63 : 1u << 31) : 1);
        for (rc = 0; rc < 4; rc++) {
            for (mode = 0; mode < 4; mode++) {
                bool daz = mode & 1, ftz = mode & 2;
                uint32_t mxcsr = 0x1F80 | (rc << 13) | (daz << 6) | (ftz << 15);
                FloatStatus st = { .rounding = (uint8_t)rc, .flush_to_zero = ftz,
                                   .denormals_are_zero = daz };
                SseOut h, s;

                hw_sse(op, dbl, a, b, imm, mxcsr, &h);
                soft_sse(op, dbl, a, b, imm, &st, &s);
                (*cases)++;
                if ((h.r & mask) == (s.r & mask) && (h.mxcsr & 0x3F) == s.mxcsr)
                    continue;
                if (bad++ < 4)
                    printf("MISMATCH %s%s imm=%u rc=%d daz=%d ftz=%d: a=%" PRIX64 " b=%" PRIX64
                           "\n   host: r=%" PRIX64 " flags=%02X\n   soft: r=%" PRIX64
                           " flags=%02X\n", sse_names[op], dbl ? "sd" : "ss", imm, rc, daz,
                           ftz, a, b, h.r & mask, h.mxcsr & 0x3F, s.r & mask, s.mxcsr);
            }
        }
    }
    return bad;
}

static void run_sse_group(const char *group, const SseOp *ops, int nops, long per_op)
{
    long total = 0, total_bad = 0;
    int i, d;

    if (!can_diff())
        return;
    for (i = 0; i < nops; i++) {
        if (ops[i] == S_ROUND && !host_has_sse41())
            continue;
        for (d = 0; d < 2; d++) {
            long cases = 0, bad = sse_diff(ops[i], d, per_op, 100 + ops[i] * 2 + d, &cases);

            if (bad || verbose())
                printf("sse %-10s %s %8ld cases, %ld mismatches\n", sse_names[ops[i]],
                       d ? "sd" : "ss", cases, bad);
            total += cases;
            total_bad += bad;
        }
    }
    printf("sse %-24s %9ld cases against the host (%s), %ld mismatches\n", group, total,
           host_name(), total_bad);
    fflush(stdout);
    ck_assert_msg(total_bad == 0, "%ld of %ld cases differ from the host", total_bad, total);
}

START_TEST(sse_arith_matches_host)
{
    static const SseOp ops[] = { S_ADD, S_SUB, S_MUL, S_DIV, S_SQRT, S_MIN, S_MAX };
    run_sse_group("add sub mul div sqrt min max", ops, 7, quick_or_slow(20000, 1000000));
}
END_TEST

START_TEST(sse_compare_and_convert_match_host)
{
    static const SseOp ops[] = { S_CMP, S_COMI, S_UCOMI, S_CVT_F, S_CVT_I32, S_CVT_I64,
                                 S_CVTT_I32, S_CVTT_I64, S_CVT_FROM_I32, S_CVT_FROM_I64,
                                 S_ROUND };
    run_sse_group("cmp comi cvt round", ops, 11, quick_or_slow(10000, 400000));
}
END_TEST

/* ------------------------------------------------------------------------ */
/*
 * The whole library on a fixed sweep, hashed: every x87 and SSE operation
 * above, every rounding mode, precision and DAZ/FTZ setting, results and
 * flags. The reference was recorded on an x86-64 host where the differential
 * tests prove each of these results, so on any other host (big-endian,
 * 32-bit...) a match means bit-identical behaviour. After an intended change
 * of the generators or of the library's results, run this on x86-64 (the
 * differential tests then vouch for the new results) and take the new value
 * from the failure message.
 */
#define SWEEP_REFERENCE 0x818CE64C79D8782Full

static void hash_bytes(uint64_t *h, const void *p, size_t n)
{
    const uint8_t *b = p;

    while (n--) {
        *h ^= *b++;
        *h *= 0x100000001B3ull;
    }
}

static void hash_u64(uint64_t *h, uint64_t v)
{
    uint8_t b[8];

    put_le(b, v, 8);
    hash_bytes(h, b, 8);
}

START_TEST(sweep_matches_reference)
{
    uint64_t h = 0xCBF29CE484222325ull;
    int op, rc, p, d, mode;
    long i;

    for (op = 0; op < X_NOPS; op++) {
        Rng r = rng_seeded(1000 + op, 0);

        for (i = 0; i < 200; i++) {
            floatx80 a, b;

            gen_x87_input((X87Op)op, &r, &a, &b);
            for (rc = 0; rc < 4; rc++) {
                for (p = 0; p < 3; p++) {
                    X87Out o;

                    soft_x87((X87Op)op, a, b, rc, x87_pcs[p], (i & 1) != 0, &o);
                    hash_u64(&h, o.r0.mant);
                    hash_u64(&h, o.r0.sign_exp);
                    hash_u64(&h, o.r1.mant);
                    hash_u64(&h, o.r1.sign_exp);
                    hash_bytes(&h, o.mem, sizeof(o.mem));
                    hash_u64(&h, o.sw);
                }
            }
        }
    }
    for (op = 0; op < S_NOPS; op++) {
        for (d = 0; d < 2; d++) {
            Rng r = rng_seeded(2000 + op * 2 + d, 0);

            for (i = 0; i < 200; i++) {
                uint64_t a = gen_ieee(&r, d), b = gen_ieee(&r, d);
                unsigned imm = (unsigned)i % (op == S_ROUND ? 16 : 32);

                if (op == S_CVT_FROM_I32 || op == S_CVT_FROM_I64)
                    a = gen_int(&r, op == S_CVT_FROM_I64);
                for (rc = 0; rc < 4; rc++) {
                    for (mode = 0; mode < 4; mode++) {
                        FloatStatus st = { .rounding = (uint8_t)rc,
                                           .flush_to_zero = (mode & 2) != 0,
                                           .denormals_are_zero = (mode & 1) != 0 };
                        SseOut o;

                        soft_sse((SseOp)op, d, a, b, imm, &st, &o);
                        hash_u64(&h, o.r & sse_result_mask((SseOp)op, d));
                        hash_u64(&h, o.mxcsr);
                    }
                }
            }
        }
    }
    printf("sweep hash %016" PRIX64 "\n", h);
    ck_assert_msg(h == SWEEP_REFERENCE, "sweep hash %016" PRIX64 ", reference %016" PRIX64, h,
                  (uint64_t)SWEEP_REFERENCE);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *softfloat_suite(void)
{
    Suite *s = suite_create("softfloat");
    TCase *vectors = tcase_create("vectors");
    TCase *diff = tcase_create("host");

    tcase_set_timeout(diff, slow_mode() ? 3600 : 60);
    tcase_add_test(vectors, x87_fixed_vectors);
    tcase_add_test(vectors, sweep_matches_reference);
    suite_add_tcase(s, vectors);
    tcase_add_test(diff, x87_arith_matches_host);
    tcase_add_test(diff, x87_memory_operands_match_host);
    tcase_add_test(diff, x87_compare_matches_host);
    tcase_add_test(diff, x87_conversions_match_host);
    tcase_add_test(diff, x87_misc_matches_host);
    tcase_add_test(diff, x87_transcendentals_match_host);
    tcase_add_test(diff, x87_trig_with_hardware_pi_matches_host);
    tcase_add_test(diff, sse_arith_matches_host);
    tcase_add_test(diff, sse_compare_and_convert_match_host);
    suite_add_tcase(s, diff);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(softfloat_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
