/* Test state: defaults, random edge-biased states, comparison. See state.h. */
#include "tests/cpu/state.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const test_gpr_names[TEST_NGPR] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

void test_state_init(TestState *s)
{
    memset(s, 0, sizeof(*s));
    s->gpr[TEST_RSP] = TEST_STACK_TOP;
    s->rip = TEST_CODE_ADDR;
    s->rflags = TEST_RFLAGS_FIXED;
    s->mxcsr = TEST_MXCSR_DEFAULT;
    s->x87.fcw = TEST_FCW_DEFAULT;
}

void test_case_init(TestCase *tc, const char *name, const void *code, size_t len)
{
    memset(tc, 0, sizeof(*tc));
    snprintf(tc->name, sizeof(tc->name), "%s", name ? name : "");
    test_state_init(&tc->init);
    tc->flags_mask = TEST_FLAGS_ALL;
    tc->fsw_mask = 0xffff;
    tc->mode = 64;
    if (len > TEST_CODE_MAX)
        len = TEST_CODE_MAX;
    memcpy(tc->code, code, len);
    tc->code_len = (uint32_t)len;
}

uint64_t test_xmm_q(const TestState *s, int reg, int lane)
{
    return get_le(&s->xmm[reg][8 * lane], 8);
}

void test_xmm_set_q(TestState *s, int reg, int lane, uint64_t v)
{
    put_le(&s->xmm[reg][8 * lane], v, 8);
}

uint32_t test_xmm_d(const TestState *s, int reg, int lane)
{
    return (uint32_t)get_le(&s->xmm[reg][4 * lane], 4);
}

void test_xmm_set_d(TestState *s, int reg, int lane, uint32_t v)
{
    put_le(&s->xmm[reg][4 * lane], v, 4);
}

uint64_t test_mem_q(const TestState *s, unsigned off)
{
    return get_le(&s->mem[off], 8);
}

void test_mem_set_q(TestState *s, unsigned off, uint64_t v)
{
    put_le(&s->mem[off], v, 8);
}

uint8_t *test_x87_st(TestState *s, int i)
{
    return s->x87.regs[(s->x87.top + i) & 7];
}

static void f80_make(uint8_t out[10], unsigned sign, unsigned exp, uint64_t mant)
{
    put_le(out, mant, 8);
    put_le(out + 8, (uint64_t)(sign << 15 | (exp & 0x7fff)), 2);
}

/* Double to 80-bit extended: exact, since the 64-bit significand holds all 53 bits. */
void test_f80_from_double(uint8_t out[10], double d)
{
    uint64_t bits, frac;
    unsigned sign, exp;

    memcpy(&bits, &d, sizeof(bits));
    sign = (unsigned)(bits >> 63);
    exp = (unsigned)(bits >> 52) & 0x7ff;
    frac = bits & ((UINT64_C(1) << 52) - 1);
    if (exp == 0x7ff) {             /* infinity or NaN: the quiet bit moves to bit 62 */
        f80_make(out, sign, 0x7fff, UINT64_C(1) << 63 | frac << 11);
    } else if (exp == 0 && frac == 0) {
        f80_make(out, sign, 0, 0);
    } else if (exp == 0) {          /* a double denormal is a normal extended value */
        int n = 63 - __builtin_clzll(frac);
        f80_make(out, sign, (unsigned)(n - 1074 + 16383), frac << (63 - n));
    } else {
        f80_make(out, sign, exp - 1023 + 16383, UINT64_C(1) << 63 | frac << 11);
    }
}

/* ---------------------------------------------------------------------------
 * Random states. xorshift64*: tiny, good enough, same stream on every host. */

uint64_t test_rand64(uint64_t *rng)
{
    uint64_t x = *rng ? *rng : UINT64_C(0x9e3779b97f4a7c15);

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *rng = x;
    return x * UINT64_C(0x2545f4914f6cdd1d);
}

static unsigned rand_below(uint64_t *rng, unsigned n)
{
    return (unsigned)((test_rand64(rng) >> 32) % n);
}

/* 1 in n */
static int chance(uint64_t *rng, unsigned n)
{
    return rand_below(rng, n) == 0;
}

static const uint64_t edge64[] = {
    0, 1, 2, UINT64_MAX, UINT64_MAX - 1,
    0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, UINT64_C(0x100000000),
    UINT64_C(0x7fffffffffffffff), UINT64_C(0x8000000000000000),
    UINT64_C(0xffffffffffffff80), UINT64_C(0xffffffffffff8000),
    UINT64_C(0xffffffff80000000), UINT64_C(0x8000000000000001),
};

static uint64_t rand_int(uint64_t *rng)
{
    switch (rand_below(rng, 8)) {
    case 0: case 1: case 2: case 3:
        return edge64[rand_below(rng, sizeof(edge64) / sizeof(edge64[0]))];
    case 4:
        return test_rand64(rng) & 0xff;
    case 5:
        return test_rand64(rng) & 0xffffffff;
    default:
        return test_rand64(rng);
    }
}

static const uint32_t edge_f32[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000,     /* +-0, +-1 */
    0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,     /* +-inf, QNaN, the default NaN */
    0x7fa00000, 0x00000001, 0x007fffff, 0x00800000,     /* SNaN, denormals, min normal */
    0x7f7fffff, 0x4f000000, 0xcf000000, 0x3f000000,     /* max, +-2^31, 0.5 */
};

static uint32_t rand_f32(uint64_t *rng)
{
    uint32_t r = (uint32_t)test_rand64(rng);

    if (chance(rng, 2))
        return edge_f32[r % (sizeof(edge_f32) / sizeof(edge_f32[0]))];
    /* a normal number of moderate magnitude, so arithmetic stays interesting */
    return (r & 0x807fffff) | (0x70 + (r >> 23 & 0x1f)) << 23;
}

static const uint64_t edge_f64[] = {
    0, UINT64_C(0x8000000000000000), UINT64_C(0x3ff0000000000000),
    UINT64_C(0xbff0000000000000), UINT64_C(0x7ff0000000000000),
    UINT64_C(0xfff0000000000000), UINT64_C(0x7ff8000000000000),
    UINT64_C(0xfff8000000000000), UINT64_C(0x7ff4000000000000), 1,
    UINT64_C(0x000fffffffffffff), UINT64_C(0x0010000000000000),
    UINT64_C(0x7fefffffffffffff), UINT64_C(0x43e0000000000000),
    UINT64_C(0xc3e0000000000000), UINT64_C(0x3fe0000000000000),
};

static uint64_t rand_f64(uint64_t *rng)
{
    uint64_t r = test_rand64(rng);

    if (chance(rng, 2))
        return edge_f64[r % (sizeof(edge_f64) / sizeof(edge_f64[0]))];
    return (r & UINT64_C(0x800fffffffffffff)) | (0x3c0 + (r >> 52 & 0x7f)) << 52;
}

static void rand_f80(uint8_t out[10], uint64_t *rng)
{
    uint64_t r = test_rand64(rng);
    unsigned sign = (unsigned)(r >> 63);
    double d;

    switch (rand_below(rng, 12)) {
    case 0: f80_make(out, sign, 0, 0); break;
    case 1: f80_make(out, sign, 0x3fff, UINT64_C(1) << 63); break;               /* +-1 */
    case 2: f80_make(out, sign, 0x7fff, UINT64_C(1) << 63); break;               /* +-inf */
    case 3: f80_make(out, sign, 0x7fff, UINT64_C(3) << 62); break;               /* QNaN */
    case 4: f80_make(out, sign, 0x7fff, UINT64_C(5) << 61); break;               /* SNaN */
    case 5: f80_make(out, sign, 0, r & 0xffffffffffff); break;                   /* denormal */
    case 6: f80_make(out, sign, 0x7ffe, UINT64_MAX); break;                      /* max */
    case 7: f80_make(out, sign, 0x3fff + (unsigned)(r >> 32 & 0x7f) - 0x40,
                     r & (UINT64_MAX >> 1)); break;                              /* unnormal */
    case 8:
        r = rand_f64(rng);
        memcpy(&d, &r, sizeof(d));
        test_f80_from_double(out, d);
        break;
    default:                        /* a random normal number near 1 */
        f80_make(out, sign, 0x3fff + (unsigned)(r >> 40 & 0x7f) - 0x40,
                 UINT64_C(1) << 63 | test_rand64(rng));
        break;
    }
}

static void rand_xmm(uint8_t x[16], uint64_t *rng)
{
    switch (rand_below(rng, 5)) {
    case 0:
        for (int i = 0; i < 4; i++)
            put_le(x + 4 * i, rand_f32(rng), 4);
        break;
    case 1:
        for (int i = 0; i < 2; i++)
            put_le(x + 8 * i, rand_f64(rng), 8);
        break;
    case 2:
        for (int i = 0; i < 2; i++)
            put_le(x + 8 * i, rand_int(rng), 8);
        break;
    case 3:
        for (int i = 0; i < 4; i++)
            put_le(x + 4 * i, rand_int(rng), 4);
        break;
    default:
        for (int i = 0; i < 2; i++)
            put_le(x + 8 * i, test_rand64(rng), 8);
        break;
    }
}

static uint64_t window_pointer(uint64_t *rng)
{
    uint64_t off = test_rand64(rng) & 0x7ff;

    if (chance(rng, 2))
        off &= ~UINT64_C(7);
    return TEST_DATA_ADDR + off;
}

void test_state_random(TestState *s, uint64_t *rng)
{
    test_state_init(s);

    for (int i = 0; i < TEST_NGPR; i++)
        s->gpr[i] = rand_int(rng);
    /* The stack sits at the top of the window, below 256 bytes of slack. */
    s->gpr[TEST_RSP] = TEST_DATA_ADDR + 0xe00 + (test_rand64(rng) & 0xf8);
    s->gpr[TEST_RSI] = window_pointer(rng);
    s->gpr[TEST_RDI] = window_pointer(rng);
    for (int i = 0; i < TEST_NGPR; i++) {
        if (i != TEST_RSP && i != TEST_RSI && i != TEST_RDI && chance(rng, 4))
            s->gpr[i] = window_pointer(rng);
    }
    s->rflags = (test_rand64(rng) & TEST_FLAGS_ARITH) | TEST_RFLAGS_FIXED;
    if (chance(rng, 4))
        s->rflags |= TEST_DF;
    s->fs_base = TEST_DATA_ADDR;
    s->gs_base = TEST_DATA_ADDR + 0x800;

    /* MXCSR: usually the default; else another rounding mode, FTZ/DAZ,
     * sticky flags, some exceptions unmasked. Bits 31:16 are reserved. */
    if (chance(rng, 2)) {
        uint32_t r = (uint32_t)test_rand64(rng);
        uint32_t m = TEST_MXCSR_DEFAULT;

        m = (m & ~0x6000u) | (r & 0x6000);          /* RC */
        m |= r & 0x8040;                            /* FTZ, DAZ */
        if (chance(rng, 2))
            m |= r >> 16 & 0x3f;                    /* sticky exception flags */
        if (chance(rng, 4))
            m &= ~(r >> 8 & 0x1f80);                /* unmask some */
        s->mxcsr = m;
    }
    for (int i = 0; i < 16; i++)
        rand_xmm(s->xmm[i], rng);

    /* x87: a stack of 0..8 values from a random TOP. Exception flags are
     * only set for masked exceptions, so no #MF is pending at the start. */
    if (chance(rng, 2)) {
        uint32_t r = (uint32_t)test_rand64(rng);
        unsigned pc = r >> 8 & 3;

        /* bit 6 reads as 1; PC = 01 is reserved */
        s->x87.fcw = (uint16_t)(0x0040 | (pc == 1 ? 3 : pc) << 8 | (r & 0xc00));
        s->x87.fcw |= chance(rng, 4) ? (r >> 16 & 0x3f) : 0x3f;
    }
    s->x87.fsw = (uint16_t)(test_rand64(rng) & 0x4700);    /* C3, C2, C1, C0 */
    if (chance(rng, 4))
        s->x87.fsw |= (uint16_t)(test_rand64(rng) & s->x87.fcw & 0x3f);
    s->x87.top = (uint8_t)rand_below(rng, 8);
    for (unsigned i = 0, depth = rand_below(rng, 9); i < depth; i++) {
        unsigned phys = (s->x87.top + i) & 7;

        s->x87.ftw |= (uint8_t)(1u << phys);
        rand_f80(s->x87.regs[phys], rng);
    }

    for (unsigned off = 0; off < TEST_DATA_SIZE; off += 8)
        put_le(&s->mem[off], rand_int(rng), 8);
}

/* ---------------------------------------------------------------------------
 * Names and comparison. */

const char *test_vector_name(int vector)
{
    static const char *const names[32] = {
        [0] = "#DE", [1] = "#DB", [2] = "NMI", [3] = "#BP", [4] = "#OF", [5] = "#BR",
        [6] = "#UD", [7] = "#NM", [8] = "#DF", [10] = "#TS", [11] = "#NP", [12] = "#SS",
        [13] = "#GP", [14] = "#PF", [16] = "#MF", [17] = "#AC", [18] = "#MC",
        [19] = "#XM", [20] = "#VE", [21] = "#CP",
    };

    if (vector == TEST_VEC_NONE)
        return "none";
    if (vector < 0 || vector >= 32 || !names[vector])
        return "#?";
    return names[vector];
}

const char *test_signal_name(int signal)
{
    switch (signal) {
    case 0: return "none";
    case TEST_SIGILL: return "SIGILL";
    case TEST_SIGTRAP: return "SIGTRAP";
    case TEST_SIGBUS: return "SIGBUS";
    case TEST_SIGFPE: return "SIGFPE";
    case TEST_SIGSEGV: return "SIGSEGV";
    case TEST_SIGSYS: return "SIGSYS";
    default: return "SIG?";
    }
}

static int differ(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int differ(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;

    if (why && len) {
        va_start(ap, fmt);
        vsnprintf(why, len, fmt, ap);
        va_end(ap);
    }
    return 1;
}

static void fault_text(char *buf, size_t len, const TestFault *f)
{
    if (!f->signal)
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%s %s si_code %d addr 0x%" PRIx64 " at 0x%" PRIx64
                 " err 0x%" PRIx64, test_signal_name(f->signal),
                 test_vector_name(f->vector), f->si_code, f->addr, f->rip,
                 f->error_code);
}

static int compare_fault(const TestFault *e, const TestFault *g, char *why, size_t len)
{
    char te[160], tg[160];

    if (e->signal == g->signal && (!e->signal ||
        (e->vector == g->vector && e->si_code == g->si_code && e->addr == g->addr &&
         e->rip == g->rip && e->error_code == g->error_code)))
        return 0;
    fault_text(te, sizeof(te), e);
    fault_text(tg, sizeof(tg), g);
    return differ(why, len, "fault: expected %s got %s", te, tg);
}

static const struct { uint64_t bit; const char *name; } rflags_bits[] = {
    { TEST_CF, "CF" }, { TEST_PF, "PF" }, { TEST_AF, "AF" }, { TEST_ZF, "ZF" },
    { TEST_SF, "SF" }, { TEST_TF, "TF" }, { TEST_IF, "IF" }, { TEST_DF, "DF" },
    { TEST_OF, "OF" }, { TEST_AC, "AC" },
};

/*
 * Distance in units in the last place between two 80-bit values of the same
 * sign: the exponent and the 63 fraction bits read as one ordered number.
 * UINT64_MAX when the signs differ or either is not a finite number.
 */
static uint64_t f80_ulps(const uint8_t *a, const uint8_t *b)
{
    uint64_t ma = get_le(a, 8), mb = get_le(b, 8);
    unsigned ea = (unsigned)get_le(a + 8, 2), eb = (unsigned)get_le(b + 8, 2);
    uint64_t fa = ma & ~(1ull << 63), fb = mb & ~(1ull << 63);

    if ((ea ^ eb) & 0x8000 || (ea & 0x7fff) == 0x7fff || (eb & 0x7fff) == 0x7fff)
        return UINT64_MAX;
    ea &= 0x7fff;
    eb &= 0x7fff;
    if (ea == eb)
        return fa > fb ? fa - fb : fb - fa;
    if (ea + 1 == eb)
        return ((1ull << 63) - fa) + fb;
    if (eb + 1 == ea)
        return ((1ull << 63) - fb) + fa;
    return UINT64_MAX;
}

static int compare_x87(const TestX87 *e, const TestX87 *g, unsigned fsw_mask, unsigned ulps,
                       char *why, size_t len)
{
    if (e->fcw != g->fcw)
        return differ(why, len, "fcw: expected 0x%04x got 0x%04x", e->fcw, g->fcw);
    if ((e->fsw ^ g->fsw) & fsw_mask)
        return differ(why, len, "fsw: expected 0x%04x got 0x%04x (mask 0x%04x)", e->fsw, g->fsw,
                      fsw_mask);
    if (e->top != g->top)
        return differ(why, len, "fpu top: expected %u got %u", e->top, g->top);
    if (e->ftw != g->ftw)
        return differ(why, len, "ftw: expected 0x%02x got 0x%02x", e->ftw, g->ftw);
    for (int st = 0; st < 8; st++) {
        int phys = (e->top + st) & 7;
        const uint8_t *a = e->regs[phys], *b = g->regs[phys];

        if (!(e->ftw >> phys & 1) || !memcmp(a, b, 10))
            continue;
        if (ulps && f80_ulps(a, b) <= ulps)
            continue;
        return differ(why, len, "st(%d) [R%d]: expected 0x%04x:%016" PRIx64
                      " got 0x%04x:%016" PRIx64, st, phys,
                      (unsigned)get_le(a + 8, 2), get_le(a, 8),
                      (unsigned)get_le(b + 8, 2), get_le(b, 8));
    }
    return 0;
}

/* Float32 lanes of two XMM registers within ulps of each other: for finite
 * values of one sign the bit patterns are ordered, so their difference is the
 * distance in units in the last place. */
static bool xmm_f32_close(const TestState *e, const TestState *g, int r, unsigned ulps)
{
    for (int i = 0; i < 4; i++) {
        uint32_t a = test_xmm_d(e, r, i), b = test_xmm_d(g, r, i);

        if (a == b)
            continue;
        if ((a ^ b) >> 31 || (a & 0x7f800000u) == 0x7f800000u || (b & 0x7f800000u) == 0x7f800000u)
            return false;
        if ((a > b ? a - b : b - a) > ulps)
            return false;
    }
    return true;
}

static int compare(const TestResult *expected, const TestResult *got, unsigned flags_mask,
                   unsigned fsw_mask, unsigned mode, unsigned ulps, unsigned xmm_ulps,
                   char *why, size_t len)
{
    const TestState *e = &expected->state, *g = &got->state;
    uint64_t wide = mode == 32 ? UINT32_MAX : UINT64_MAX;
    int ngpr = mode == 32 ? TEST_R8 : TEST_NGPR;
    uint64_t fdiff;

    if (compare_fault(&expected->fault, &got->fault, why, len))
        return 1;
    if ((e->rip ^ g->rip) & wide)
        return differ(why, len, "rip: expected 0x%" PRIx64 " got 0x%" PRIx64, e->rip, g->rip);
    for (int i = 0; i < ngpr; i++) {
        if ((e->gpr[i] ^ g->gpr[i]) & wide)
            return differ(why, len, "%s: expected 0x%" PRIx64 " got 0x%" PRIx64,
                          test_gpr_names[i], e->gpr[i] & wide, g->gpr[i] & wide);
    }
    fdiff = (e->rflags ^ g->rflags) & flags_mask;
    for (size_t i = 0; fdiff && i < sizeof(rflags_bits) / sizeof(rflags_bits[0]); i++) {
        if (fdiff & rflags_bits[i].bit)
            return differ(why, len, "rflags.%s: expected %d got %d (rflags 0x%" PRIx64
                          " vs 0x%" PRIx64 ")", rflags_bits[i].name,
                          !!(e->rflags & rflags_bits[i].bit),
                          !!(g->rflags & rflags_bits[i].bit), e->rflags, g->rflags);
    }
    if (fdiff)
        return differ(why, len, "rflags: expected 0x%" PRIx64 " got 0x%" PRIx64
                      " (mask 0x%x)", e->rflags, g->rflags, flags_mask);
    if (e->fs_base != g->fs_base)
        return differ(why, len, "fs_base: expected 0x%" PRIx64 " got 0x%" PRIx64,
                      e->fs_base, g->fs_base);
    if (e->gs_base != g->gs_base)
        return differ(why, len, "gs_base: expected 0x%" PRIx64 " got 0x%" PRIx64,
                      e->gs_base, g->gs_base);
    if (e->mxcsr != g->mxcsr)
        return differ(why, len, "mxcsr: expected 0x%08x got 0x%08x", e->mxcsr, g->mxcsr);
    for (int r = 0; r < 16; r++) {
        if (xmm_ulps && xmm_f32_close(e, g, r, xmm_ulps))
            continue;
        for (int q = 0; q < 2; q++) {
            uint64_t a = test_xmm_q(e, r, q), b = test_xmm_q(g, r, q);

            if (a != b)
                return differ(why, len, "xmm%d[%d]: expected 0x%016" PRIx64
                              " got 0x%016" PRIx64, r, q, a, b);
        }
    }
    if (compare_x87(&e->x87, &g->x87, fsw_mask, ulps, why, len))
        return 1;
    for (unsigned off = 0; off < TEST_DATA_SIZE; off++) {
        if (e->mem[off] != g->mem[off]) {
            unsigned q = off & ~7u;

            return differ(why, len, "mem+0x%x: expected 0x%02x got 0x%02x"
                          " (qword at +0x%x: 0x%016" PRIx64 " vs 0x%016" PRIx64 ")",
                          off, e->mem[off], g->mem[off], q, test_mem_q(e, q),
                          test_mem_q(g, q));
        }
    }
    return 0;
}

int test_state_compare(const TestResult *expected, const TestResult *got,
                       unsigned flags_mask, char *why, size_t len)
{
    return compare(expected, got, flags_mask, 0xffff, 64, 0, 0, why, len);
}

int test_case_compare(const TestCase *tc, const TestResult *expected, const TestResult *got,
                      char *why, size_t len)
{
    return compare(expected, got, tc->flags_mask, tc->fsw_mask, tc->mode, tc->x87_ulps,
                   tc->xmm_f32_ulps, why, len);
}
