/* x87 FPU helpers: see helper-x87.h. Semantics from SDM Vol.1 ch.8 and the
 * Vol.2 instruction pages; arithmetic from fpu/softfloat.h. */
#include "cpu/x86/helper-x87.h"

#include <stdbool.h>

#include "cpu/x86/cpu.h"
#include "cpu/x86/x86-tcg.h"
#include "tcg/softmmu.h"

#define ENV ((CPUX86State *)env)

/* FSW bits (SDM Vol.1 8.1.3). TOP (13:11) is kept apart, in fpstt. */
enum {
    FSW_IE = 0x01, FSW_DE = 0x02, FSW_ZE = 0x04, FSW_OE = 0x08, FSW_UE = 0x10,
    FSW_PE = 0x20, FSW_SF = 0x40, FSW_ES = 0x80,
    FSW_C0 = 0x100, FSW_C1 = 0x200, FSW_C2 = 0x400, FSW_C3 = 0x4000, FSW_B = 0x8000,
};
#define FSW_CC (FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)
#define FSW_PRE (FSW_IE | FSW_DE | FSW_ZE)      /* detected before the operation */

/* ---- Stack and status ---------------------------------------------------- */

static unsigned phys(CPUX86State *env, unsigned i) { return (env->fpstt + i) & 7; }
static floatx80 *st(CPUX86State *env, unsigned i) { return &env->fpregs[phys(env, i)]; }
static bool empty(CPUX86State *env, unsigned i) { return env->fptags[phys(env, i)]; }

static void set_st(CPUX86State *env, unsigned i, floatx80 v)
{
    env->fpregs[phys(env, i)] = v;
    env->fptags[phys(env, i)] = 0;
}

static void push(CPUX86State *env, floatx80 v)
{
    env->fpstt = (env->fpstt - 1) & 7;
    set_st(env, 0, v);
}

static void pop(CPUX86State *env)
{
    env->fptags[env->fpstt] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

static FloatStatus status(CPUX86State *env)
{
    FloatStatus fs = {
        .rounding = (uint8_t)(env->fpuc >> 10 & 3),
        .x87_precision = (uint8_t)(env->fpuc >> 8 & 3),
        .x87_trig_pi66 = true,
    };
    return fs;
}

static void set_c1(CPUX86State *env, bool c1)
{
    env->fpus = (uint16_t)((env->fpus & ~FSW_C1) | (c1 ? FSW_C1 : 0));
}

/* ES and B summarise the unmasked exceptions pending (SDM Vol.1 8.1.3.1). */
static void update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & 0x3f)
        env->fpus |= FSW_ES | FSW_B;
    else
        env->fpus &= (uint16_t)~(FSW_ES | FSW_B);
}

/*
 * Record the exception flags of an operation (FLOAT_FLAG_* plus FSW_SF).
 * Returns whether the operation completes: an unmasked IE, DE or ZE leaves
 * the destination and TOP unchanged and reports only itself.
 */
static bool raise(CPUX86State *env, unsigned flags)
{
    unsigned exc = flags & 0x7f;
    bool done = !(exc & ~env->fpuc & FSW_PRE);

    if (!done) {
        exc &= FSW_PRE | FSW_SF;
        if (!(exc & FSW_SF))
            set_c1(env, false);     /* measured; a stack fault set C1 already */
    }
    env->fpus |= (uint16_t)exc;
    update_es(env);
    return done;
}

/* For a memory destination an unmasked OE or UE also stores nothing. */
static bool raise_store(CPUX86State *env, unsigned flags)
{
    unsigned unmasked = flags & ~env->fpuc & 0x3f;

    if (unmasked & (FSW_PRE | FSW_OE | FSW_UE)) {
        if (!(flags & FSW_SF))
            set_c1(env, false);
        raise(env, flags & (FSW_PRE | FSW_SF | FSW_OE | FSW_UE));
        env->fpus |= (uint16_t)(flags & (FSW_OE | FSW_UE));
        update_es(env);
        return false;
    }
    return raise(env, flags);
}

/* Stack underflow (an empty source) and overflow (a push onto a full
 * register): IE + SF with C1 = 0 / 1. Returns whether IE is masked, i.e.
 * the masked response (the QNaN indefinite) is to be delivered. */
static bool underflow(CPUX86State *env)
{
    set_c1(env, false);
    return raise(env, FSW_IE | FSW_SF);
}

static bool overflow(CPUX86State *env)
{
    set_c1(env, true);
    return raise(env, FSW_IE | FSW_SF);
}

/* A push target: is ST(7) free? On overflow, handles the masked response
 * (push the indefinite) and returns false. */
static bool push_ok(CPUX86State *env)
{
    if (!empty(env, 7)) {
        if (overflow(env))
            push(env, floatx80_default_nan);
        return false;
    }
    return true;
}

/* Write a result to ST(dst) and pop, if the flags let the operation complete. */
static void result(CPUX86State *env, unsigned dst, floatx80 r, const FloatStatus *fs, bool p)
{
    if (!raise(env, fs->flags))
        return;
    set_c1(env, fs->flags & FLOAT_FLAG_ROUNDED_UP);
    set_st(env, dst, r);
    if (p)
        pop(env);
}

/* ---- Memory --------------------------------------------------------------- */

static MemOpIdx oi(CPUX86State *env, MemOp op)
{
    return make_memop_idx(op, x86_mmu_index(env));
}

static uint64_t ld(CPUX86State *env, uint64_t addr, MemOp op)
{
    return softmmu_load(&env->common, addr, oi(env, op));
}

static void st_mem(CPUX86State *env, uint64_t addr, uint64_t v, MemOp op)
{
    softmmu_store(&env->common, addr, v, oi(env, op));
}

/* Before a multi-part store: fault now, as a write, on the first byte of
 * each page it touches, so that nothing is written if any part faults. */
static void probe_write(CPUX86State *env, uint64_t addr, unsigned len, MemOp flags)
{
    uint64_t last = addr + len - 1;

    ld(env, addr, MO_8 | MO_RMW | flags);
    if ((last & TARGET_PAGE_MASK) != (addr & TARGET_PAGE_MASK))
        ld(env, last & TARGET_PAGE_MASK, MO_8 | MO_RMW | flags);
}

static floatx80 ld80(CPUX86State *env, uint64_t addr, MemOp flags)
{
    uint64_t mant = ld(env, addr, MO_64 | flags);

    return floatx80_make((uint16_t)ld(env, addr + 8, MO_16 | flags), mant);
}

static void st80(CPUX86State *env, uint64_t addr, floatx80 v, MemOp flags)
{
    st_mem(env, addr, v.mant, MO_64 | flags);
    st_mem(env, addr + 8, v.sign_exp, MO_16 | flags);
}

/* ---- Arithmetic ------------------------------------------------------------- */

static floatx80 arith(unsigned op, floatx80 a, floatx80 b, FloatStatus *fs)
{
    switch (op) {
    case X87_ADD: return floatx80_add(a, b, fs);
    case X87_MUL: return floatx80_mul(a, b, fs);
    case X87_SUB: return floatx80_sub(a, b, fs);
    case X87_SUBR: return floatx80_sub(b, a, fs);
    case X87_DIV: return floatx80_div(a, b, fs);
    case X87_YL2X: return floatx80_yl2x(a, b, fs);         /* a = x = ST0, b = y = ST1 */
    case X87_YL2XP1: return floatx80_yl2xp1(a, b, fs);
    default: return floatx80_div(b, a, fs);
    }
}

/*
 * x * 2^delta, exactly, for a finite nonzero x whose scaled exponent stays in
 * the normal range; below it, the smallest normal of x's sign (which stands
 * in for an addend too small to matter but for the sticky bit). Denormals are
 * normalised first.
 */
static floatx80 scale_exact(floatx80 x, int delta)
{
    int e = x.sign_exp & 0x7fff;
    uint64_t m = x.mant;
    uint16_t sign = x.sign_exp & 0x8000;

    if (e == 0x7fff || m == 0 || delta == 0)
        return x;
    if (e == 0)
        e = 1;
    while (!(m >> 63)) {
        m <<= 1;
        e--;
    }
    e += delta;
    if (e < 1)
        return floatx80_make(sign | 1, 1ull << 63);
    if (e > 0x7ffe)
        e = 0x7ffe;
    return floatx80_make((uint16_t)(sign | e), m);
}

/* The exponent of x as if normalised (denormals below 1). */
static int norm_exp(floatx80 x)
{
    int e = x.sign_exp & 0x7fff;
    uint64_t m = x.mant;

    if (e == 0)
        e = 1;
    while (m && !(m >> 63)) {
        m <<= 1;
        e--;
    }
    return e;
}

/* The part of delta an operand of exponent e takes and stays normal. */
static int split_delta(int e, int delta)
{
    if (delta < 0)
        return e - 1 < -delta ? -(e - 1) : delta;
    return 0x7ffe - e < delta ? 0x7ffe - e : delta;
}

/*
 * An unmasked OE or UE on a register destination delivers the rounded result
 * with its exponent re-biased by -24576 or +24576 (SDM Vol.1 4.9.1.4 and
 * 4.9.1.5); UE then is raised for a tiny result even when exact. Computed by
 * scaling the operands so that the result lands in range. Returns whether it
 * applied (and then r and fs hold the result and its flags).
 */
static bool rebias(CPUX86State *env, unsigned op, floatx80 a, floatx80 b, floatx80 *r,
                   FloatStatus *fs)
{
    unsigned unmasked = ~env->fpuc & (FSW_OE | FSW_UE);
    bool tiny = (r->sign_exp & 0x7fff) == 0 && r->mant != 0;
    int delta, ea = norm_exp(a), d1;
    unsigned flag;
    FloatStatus f2 = status(env);

    if ((fs->flags & (FSW_IE | FSW_ZE)) || (fs->flags & ~env->fpuc & FSW_PRE))
        return false;
    if ((unmasked & FSW_OE) && (fs->flags & FSW_OE)) {
        delta = -24576;
        flag = FSW_OE;
    } else if ((unmasked & FSW_UE) && ((fs->flags & FSW_UE) || tiny)) {
        delta = 24576;
        flag = FSW_UE;
    } else {
        return false;
    }
    switch (op) {
    case X87_ADD: case X87_SUB: case X87_SUBR:
        a = scale_exact(a, delta);
        b = scale_exact(b, delta);
        break;
    case X87_YL2X: case X87_YL2XP1:
        /* y * log2(...) is linear in y: scaling y scales the result. */
        b = scale_exact(b, delta);
        break;
    case X87_PATAN:
        /* Only a tiny quotient can underflow, and then atan(y/x) is y/x to
         * within the final rounding: re-bias the division. */
        if (flag != FSW_UE)
            return false;
        op = X87_DIVR;
        /* fall through */
    case X87_MUL:
        /* Split delta so that both scaled exponents stay normal. */
        d1 = split_delta(ea, delta);
        a = scale_exact(a, d1);
        b = scale_exact(b, delta - d1);
        break;
    case X87_DIV: case X87_DIVR: {
        /* num / den: the numerator takes d1, the denominator -(delta - d1). */
        floatx80 *num = op == X87_DIV ? &a : &b, *den = op == X87_DIV ? &b : &a;
        int en = norm_exp(*num);

        d1 = split_delta(en, delta);
        *num = scale_exact(*num, d1);
        *den = scale_exact(*den, -(delta - d1));
        break;
    }
    default:
        return false;
    }
    *r = arith(op, a, b, &f2);
    f2.flags = (uint16_t)((f2.flags & ~(FSW_OE | FSW_UE)) | flag | (fs->flags & FSW_DE));
    *fs = f2;
    return true;
}

uint64_t helper_farith_st(void *env, uint64_t op, uint64_t dst, uint64_t src, uint64_t pop_)
{
    FloatStatus fs = status(ENV);
    floatx80 r;

    if (empty(ENV, (unsigned)dst) || empty(ENV, (unsigned)src)) {
        if (underflow(ENV)) {
            set_st(ENV, (unsigned)dst, floatx80_default_nan);
            if (pop_)
                pop(ENV);
        }
        return 0;
    }
    r = arith((unsigned)op, *st(ENV, (unsigned)dst), *st(ENV, (unsigned)src), &fs);
    rebias(ENV, (unsigned)op, *st(ENV, (unsigned)dst), *st(ENV, (unsigned)src), &r, &fs);
    result(ENV, (unsigned)dst, r, &fs, pop_);
    return 0;
}

static const FloatX87Op arith_m_op[] = {
    [X87_ADD] = FLOATX87_ADD, [X87_MUL] = FLOATX87_MUL, [X87_SUB] = FLOATX87_SUB,
    [X87_SUBR] = FLOATX87_SUB, [X87_DIV] = FLOATX87_DIV, [X87_DIVR] = FLOATX87_DIV,
};

uint64_t helper_farith_m(void *env, uint64_t op, uint64_t val, uint64_t kind)
{
    FloatStatus fs = status(ENV);
    bool rev = op == X87_SUBR || op == X87_DIVR;
    floatx80 a = *st(ENV, 0), r;

    if (empty(ENV, 0)) {
        if (underflow(ENV))
            set_st(ENV, 0, floatx80_default_nan);
        return 0;
    }
    switch (kind) {
    case X87_M32FP: r = floatx80_arith_f32(arith_m_op[op], rev, a, (float32)val, &fs); break;
    case X87_M64FP: r = floatx80_arith_f64(arith_m_op[op], rev, a, (float64)val, &fs); break;
    case X87_M16INT: r = arith((unsigned)op, a, int64_to_floatx80((int16_t)val), &fs); break;
    default: r = arith((unsigned)op, a, int64_to_floatx80((int32_t)val), &fs); break;
    }
    if (fs.flags & (FSW_OE | FSW_UE) || !(ENV->fpuc & FSW_UE)) {
        FloatStatus cv = status(ENV);
        floatx80 m = kind == X87_M32FP ? float32_to_floatx80((float32)val, &cv)
                   : kind == X87_M64FP ? float64_to_floatx80((float64)val, &cv)
                   : int64_to_floatx80(kind == X87_M16INT ? (int16_t)val : (int32_t)val);

        rebias(ENV, (unsigned)op, a, m, &r, &fs);
    }
    result(ENV, 0, r, &fs, false);
    return 0;
}

/* ---- Compares --------------------------------------------------------------- */

static uint16_t rel_cc(FloatRelation rel)
{
    switch (rel) {
    case FLOAT_RELATION_LESS: return FSW_C0;
    case FLOAT_RELATION_EQUAL: return FSW_C3;
    case FLOAT_RELATION_GREATER: return 0;
    default: return FSW_C0 | FSW_C2 | FSW_C3;
    }
}

/* C3 C2 C0 from the relation (C1 cleared), then the pops. An unmasked IE or
 * DE still sets the condition codes (measured), but does not pop. */
static void com_result(CPUX86State *env, FloatRelation rel, const FloatStatus *fs, unsigned pops)
{
    bool done = raise(env, fs->flags);

    env->fpus = (uint16_t)((env->fpus & ~FSW_CC) | rel_cc(rel));
    while (done && pops--)
        pop(env);
}

static unsigned mode_pops(uint64_t mode)
{
    return (mode & X87_CMP_POP2) ? 2 : (mode & X87_CMP_POP1) ? 1 : 0;
}

uint64_t helper_fcom_st(void *env, uint64_t i, uint64_t mode)
{
    FloatStatus fs = status(ENV);
    FloatRelation rel;

    if (empty(ENV, 0) || empty(ENV, (unsigned)i)) {
        fs.flags = FSW_IE | FSW_SF;
        rel = FLOAT_RELATION_UNORDERED;
    } else if (mode & X87_CMP_QUIET) {
        rel = floatx80_compare_quiet(*st(ENV, 0), *st(ENV, (unsigned)i), &fs);
    } else {
        rel = floatx80_compare(*st(ENV, 0), *st(ENV, (unsigned)i), &fs);
    }
    com_result(ENV, rel, &fs, mode_pops(mode));
    return 0;
}

uint64_t helper_fcom_m(void *env, uint64_t val, uint64_t kind, uint64_t pop_)
{
    FloatStatus fs = status(ENV);
    floatx80 a = *st(ENV, 0);
    FloatRelation rel;

    if (empty(ENV, 0)) {
        fs.flags = FSW_IE | FSW_SF;
        rel = FLOAT_RELATION_UNORDERED;
    } else {
        switch (kind) {
        case X87_M32FP: rel = floatx80_compare_f32(a, (float32)val, &fs); break;
        case X87_M64FP: rel = floatx80_compare_f64(a, (float64)val, &fs); break;
        case X87_M16INT: rel = floatx80_compare(a, int64_to_floatx80((int16_t)val), &fs); break;
        default: rel = floatx80_compare(a, int64_to_floatx80((int32_t)val), &fs); break;
        }
    }
    com_result(ENV, rel, &fs, pop_ ? 1 : 0);
    return 0;
}

/* FCOMI: ZF PF CF from the relation, OF SF AF cleared (SDM FCOMI). */
uint64_t helper_fcomi(void *env, uint64_t i, uint64_t mode, uint64_t eflags)
{
    FloatStatus fs = status(ENV);
    FloatRelation rel;
    uint64_t f;

    if (empty(ENV, 0) || empty(ENV, (unsigned)i)) {
        fs.flags = FSW_IE | FSW_SF;
        rel = FLOAT_RELATION_UNORDERED;
    } else if (mode & X87_CMP_QUIET) {
        rel = floatx80_compare_quiet(*st(ENV, 0), *st(ENV, (unsigned)i), &fs);
    } else {
        rel = floatx80_compare(*st(ENV, 0), *st(ENV, (unsigned)i), &fs);
    }
    bool done = raise(ENV, fs.flags);

    set_c1(ENV, false);
    switch (rel) {
    case FLOAT_RELATION_LESS: f = CC_C; break;
    case FLOAT_RELATION_EQUAL: f = CC_Z; break;
    case FLOAT_RELATION_GREATER: f = 0; break;
    default: f = CC_Z | CC_P | CC_C; break;
    }
    if (done && mode_pops(mode))
        pop(ENV);
    return (eflags & ~(uint64_t)CC_ALL) | f;
}

/* ---- Loads -------------------------------------------------------------------- */

uint64_t helper_fld_st(void *env, uint64_t i)
{
    floatx80 v = *st(ENV, (unsigned)i);

    if (empty(ENV, (unsigned)i)) {
        /* Overflow wins when both happen: the push target is checked too. */
        if (!push_ok(ENV))
            return 0;
        if (underflow(ENV))
            push(ENV, floatx80_default_nan);
        return 0;
    }
    if (push_ok(ENV)) {
        set_c1(ENV, false);
        push(ENV, v);
    }
    return 0;
}

/* A load pushes unless IE is unmasked: a denormal operand with DE unmasked
 * is still loaded (measured). */
static void load_value(CPUX86State *env, floatx80 v, const FloatStatus *fs)
{
    if (!push_ok(env))
        return;
    if ((fs->flags & FSW_IE) && !(env->fpuc & FSW_IE)) {
        raise(env, fs->flags);
        return;
    }
    env->fpus |= (uint16_t)(fs->flags & 0x3f);
    update_es(env);
    set_c1(env, false);
    push(env, v);
}

uint64_t helper_fld_m(void *env, uint64_t val, uint64_t kind)
{
    FloatStatus fs = status(ENV);
    floatx80 v;

    switch (kind) {
    case X87_M32FP: v = float32_to_floatx80((float32)val, &fs); break;
    case X87_M64FP: v = float64_to_floatx80((float64)val, &fs); break;
    case X87_M16INT: v = int64_to_floatx80((int16_t)val); break;
    case X87_M32INT: v = int64_to_floatx80((int32_t)val); break;
    default: v = int64_to_floatx80((int64_t)val); break;
    }
    load_value(ENV, v, &fs);
    return 0;
}

uint64_t helper_fld_mem(void *env, uint64_t addr, uint64_t memflags, uint64_t kind)
{
    FloatStatus fs = status(ENV);
    floatx80 v = ld80(ENV, addr, (MemOp)memflags);

    if (kind == X87_M80BCD) {
        uint8_t bcd[10];

        for (int i = 0; i < 8; i++)
            bcd[i] = (uint8_t)(v.mant >> (8 * i));
        bcd[8] = (uint8_t)v.sign_exp;
        bcd[9] = (uint8_t)(v.sign_exp >> 8);
        v = floatx80_from_bcd(bcd);
    }
    load_value(ENV, v, &fs);
    return 0;
}

uint64_t helper_fldconst(void *env, uint64_t c)
{
    FloatStatus fs = status(ENV);
    floatx80 v = c == 5 ? floatx80_one : c == 6 ? floatx80_make(0, 0)
                        : floatx80_load_const((FloatX87Const)c, &fs);

    load_value(ENV, v, &fs);
    return 0;
}

/* ---- Stores ------------------------------------------------------------------- */

uint64_t helper_fst_st(void *env, uint64_t i, uint64_t pop_)
{
    if (empty(ENV, 0)) {
        if (!underflow(ENV))
            return 0;
        set_st(ENV, (unsigned)i, floatx80_default_nan);
    } else {
        set_c1(ENV, false);
        set_st(ENV, (unsigned)i, *st(ENV, 0));
    }
    if (pop_)
        pop(ENV);
    return 0;
}

static const uint8_t store_size[] = {
    [X87_M32FP] = 4, [X87_M64FP] = 8, [X87_M80FP] = 10, [X87_M16INT] = 2, [X87_M32INT] = 4,
    [X87_M64INT] = 8, [X87_M80BCD] = 10, [X87_M16INT_T] = 2, [X87_M32INT_T] = 4,
    [X87_M64INT_T] = 8,
};

/* The value ST(0) stores as, in the low bits of *lo (and *hi for 80-bit kinds). */
static void store_value(floatx80 a, unsigned kind, uint64_t *lo, uint16_t *hi, FloatStatus *fs)
{
    uint8_t bcd[10];

    *hi = 0;
    switch (kind) {
    case X87_M32FP: *lo = floatx80_to_float32(a, fs); break;
    case X87_M64FP: *lo = floatx80_to_float64(a, fs); break;
    case X87_M80FP: *lo = a.mant; *hi = a.sign_exp; break;
    case X87_M16INT: *lo = (uint16_t)floatx80_to_int16(a, fs); break;
    case X87_M32INT: *lo = (uint32_t)floatx80_to_int32(a, fs); break;
    case X87_M64INT: *lo = (uint64_t)floatx80_to_int64(a, fs); break;
    case X87_M16INT_T: *lo = (uint16_t)floatx80_to_int16_trunc(a, fs); break;
    case X87_M32INT_T: *lo = (uint32_t)floatx80_to_int32_trunc(a, fs); break;
    case X87_M64INT_T: *lo = (uint64_t)floatx80_to_int64_trunc(a, fs); break;
    default:
        floatx80_to_bcd(a, bcd, fs);
        *lo = 0;
        for (int i = 7; i >= 0; i--)
            *lo = *lo << 8 | bcd[i];
        *hi = (uint16_t)(bcd[8] | bcd[9] << 8);
        break;
    }
}

/* The masked response to an empty ST(0): each format's indefinite. */
static void indefinite(unsigned kind, uint64_t *lo, uint16_t *hi)
{
    *hi = 0;
    switch (kind) {
    case X87_M32FP: *lo = FLOAT32_DEFAULT_NAN; break;
    case X87_M64FP: *lo = FLOAT64_DEFAULT_NAN; break;
    case X87_M80FP: *lo = floatx80_default_nan.mant; *hi = floatx80_default_nan.sign_exp; break;
    case X87_M16INT: case X87_M16INT_T: *lo = 0x8000; break;
    case X87_M32INT: case X87_M32INT_T: *lo = 0x80000000u; break;
    case X87_M64INT: case X87_M64INT_T: *lo = 1ull << 63; break;
    default: *lo = 0xc000000000000000ull; *hi = 0xffff; break;   /* packed BCD indefinite */
    }
}

/* With UE unmasked, a tiny result raises UE even when exact (SDM Vol.1
 * 4.9.1.5): a nonzero value stored as a denormal or zero. */
static bool tiny_store(floatx80 a, uint64_t v, bool single)
{
    uint64_t expmask = single ? 0x7f800000ull : 0x7ff0000000000000ull;

    if ((a.sign_exp & 0x7fff) == 0x7fff || (a.mant == 0))
        return false;
    return (v & expmask) == 0;
}

uint64_t helper_fst_mem(void *env, uint64_t addr, uint64_t memflags, uint64_t kind, uint64_t pop_)
{
    FloatStatus fs = status(ENV);
    unsigned size = store_size[kind];
    MemOp f = (MemOp)memflags;
    uint64_t lo;
    uint16_t hi;
    bool write;

    if (empty(ENV, 0)) {
        fs.flags = FSW_IE | FSW_SF;     /* stack underflow: C1 = 0 */
        indefinite((unsigned)kind, &lo, &hi);
    } else {
        store_value(*st(ENV, 0), (unsigned)kind, &lo, &hi, &fs);
        if (!(ENV->fpuc & FSW_UE) && (kind == X87_M32FP || kind == X87_M64FP) &&
            tiny_store(*st(ENV, 0), lo, kind == X87_M32FP))
            fs.flags |= FSW_UE;
    }
    write = !((fs.flags & ~ENV->fpuc) & (FSW_PRE | FSW_OE | FSW_UE));
    /* The destination is checked for writing even when nothing is stored
     * (measured); the store comes first: a fault leaves the FPU as it was. */
    probe_write(ENV, addr, size, f);
    if (write) {
        if (size == 10) {
            st_mem(ENV, addr, lo, MO_64 | f);
            st_mem(ENV, addr + 8, hi, MO_16 | f);
        } else {
            st_mem(ENV, addr, lo, (size == 2 ? MO_16 : size == 4 ? MO_32 : MO_64) | f);
        }
    }
    if (!raise_store(ENV, fs.flags)) {
        if (fs.flags & FSW_SF)
            set_c1(ENV, false);
        return 0;
    }
    set_c1(ENV, fs.flags & FLOAT_FLAG_ROUNDED_UP);
    if (pop_)
        pop(ENV);
    return 0;
}

/* ---- Register moves ----------------------------------------------------------- */

uint64_t helper_fxch(void *env, uint64_t i)
{
    floatx80 a, b;

    if (empty(ENV, 0) || empty(ENV, (unsigned)i)) {
        if (!underflow(ENV))
            return 0;
        if (empty(ENV, 0))
            set_st(ENV, 0, floatx80_default_nan);
        if (empty(ENV, (unsigned)i))
            set_st(ENV, (unsigned)i, floatx80_default_nan);
    } else {
        set_c1(ENV, false);
    }
    a = *st(ENV, 0);
    b = *st(ENV, (unsigned)i);
    set_st(ENV, 0, b);
    set_st(ENV, (unsigned)i, a);
    return 0;
}

uint64_t helper_fcmov(void *env, uint64_t i, uint64_t cond)
{
    if (empty(ENV, 0) || empty(ENV, (unsigned)i)) {
        /* The masked response is delivered whatever the condition (measured). */
        if (underflow(ENV))
            set_st(ENV, 0, floatx80_default_nan);
        return 0;
    }
    if (cond)
        set_st(ENV, 0, *st(ENV, (unsigned)i));
    return 0;
}

uint64_t helper_ffree(void *env, uint64_t i, uint64_t pop_)
{
    ENV->fptags[phys(ENV, (unsigned)i)] = 1;
    if (pop_)
        pop(ENV);
    return 0;
}

/* ---- Operations on the stack top ------------------------------------------------ */

/* Both ST(0) and ST(1) must be in use for the two-operand operations. */
static bool need(CPUX86State *env, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (empty(env, i))
            return false;
    }
    return true;
}

static void set_cc(CPUX86State *env, uint16_t mask, uint16_t cc)
{
    env->fpus = (uint16_t)((env->fpus & ~mask) | (cc & mask));
}

/* FSIN FCOS FPTAN FSINCOS: C2 set and nothing else changed when out of range. */
static void trig(CPUX86State *env, unsigned op)
{
    FloatStatus fs = status(env);
    floatx80 a = *st(env, 0), r, r2 = floatx80_one;
    uint16_t cc = 0;
    bool pushes = op == X87_SINCOS || op == X87_PTAN;

    set_cc(env, FSW_C2, 0);
    /* Stack overflow is checked first, then underflow (measured). */
    if (pushes && !empty(env, 7)) {
        if (overflow(env)) {
            set_st(env, 0, floatx80_default_nan);
            push(env, floatx80_default_nan);
        }
        return;
    }
    if (!need(env, 1)) {
        if (underflow(env)) {
            set_st(env, 0, floatx80_default_nan);
            if (pushes)
                push(env, floatx80_default_nan);
        }
        return;
    }
    switch (op) {
    case X87_SIN: r = floatx80_sin(a, &cc, &fs); break;
    case X87_COS: r = floatx80_cos(a, &cc, &fs); break;
    case X87_PTAN: floatx80_ptan(a, &r, &r2, &cc, &fs); break;
    default: floatx80_sincos(a, &r, &r2, &cc, &fs); break;
    }
    if (cc & FSW_C2) {
        set_cc(env, FSW_C1 | FSW_C2, FSW_C2);
        return;
    }
    /* Unmasked UE on a tiny sine or tangent: that is x itself at this size,
     * delivered with its exponent re-biased by +24576 (SDM Vol.1 4.9.1.5). */
    if (op != X87_COS && !(env->fpuc & FSW_UE) && !(fs.flags & (FSW_IE | FSW_ZE)) &&
        !(fs.flags & ~env->fpuc & FSW_PRE) &&
        ((fs.flags & FSW_UE) || ((r.sign_exp & 0x7fff) == 0 && r.mant))) {
        r = scale_exact(a, 24576);
        fs.flags |= FSW_UE | FSW_PE;
    }
    if (!raise(env, fs.flags))
        return;
    set_cc(env, FSW_C1 | FSW_C2, (fs.flags & FLOAT_FLAG_ROUNDED_UP) ? FSW_C1 : 0);
    set_st(env, 0, r);
    if (pushes)
        push(env, r2);
}

/* ST(1) = f(ST(0), ST(1)), then pop: FYL2X FYL2XP1 FPATAN. */
static void binary_pop(CPUX86State *env, unsigned op)
{
    FloatStatus fs = status(env);
    floatx80 x = *st(env, 0), y = *st(env, 1), r;

    if (!need(env, 2)) {
        if (underflow(env)) {
            set_st(env, 1, floatx80_default_nan);
            pop(env);
        }
        return;
    }
    switch (op) {
    case X87_YL2X: r = floatx80_yl2x(x, y, &fs); break;
    case X87_YL2XP1: r = floatx80_yl2xp1(x, y, &fs); break;
    default: r = floatx80_atan2(y, x, &fs); break;
    }
    rebias(env, op, x, y, &r, &fs);
    result(env, 1, r, &fs, true);
}

static bool floatx80_is_nan(floatx80 a)
{
    return (a.sign_exp & 0x7fff) == 0x7fff && (a.mant << 1) != 0;
}

static void prem(CPUX86State *env, bool ieee)
{
    FloatStatus fs = status(env);
    uint16_t cc = 0;
    floatx80 r;

    /* C1 and C2 are cleared in every case; C0 and C3 keep their value
     * when no quotient is computed: a stack fault, IE or a NaN (measured). */
    set_cc(env, FSW_C1 | FSW_C2, 0);
    if (!need(env, 2)) {
        if (underflow(env))
            set_st(env, 0, floatx80_default_nan);
        return;
    }
    r = floatx80_prem(*st(env, 0), *st(env, 1), ieee, &cc, &fs);
    /* The remainder is exact: a tiny one with UE unmasked is re-biased. */
    if (!(env->fpuc & FSW_UE) && !(fs.flags & ~env->fpuc & FSW_PRE) &&
        (r.sign_exp & 0x7fff) == 0 && r.mant) {
        fs.flags |= FSW_UE;
        r = scale_exact(r, 24576);
    }
    if (!raise(env, fs.flags))
        return;
    if (!(fs.flags & FSW_IE) && !floatx80_is_nan(r))
        set_cc(env, FSW_CC, cc);
    set_st(env, 0, r);
}

static void xtract(CPUX86State *env)
{
    FloatStatus fs = status(env);
    floatx80 sig, ex;

    if (!need(env, 1)) {
        if (underflow(env)) {
            set_st(env, 0, floatx80_default_nan);
            if (empty(env, 7))
                push(env, floatx80_default_nan);
        }
        return;
    }
    if (!empty(env, 7)) {
        if (overflow(env)) {
            set_st(env, 0, floatx80_default_nan);
            push(env, floatx80_default_nan);
        }
        return;
    }
    sig = floatx80_extract(*st(env, 0), &ex, &fs);
    if (!raise(env, fs.flags))
        return;
    set_c1(env, false);
    set_st(env, 0, ex);
    push(env, sig);
}

/*
 * FSCALE with OE or UE unmasked: the result re-biased by -/+24576 (SDM
 * Vol.1 4.9.1.4-5), which is a * 2^(trunc(b) -/+ 24576); when even that is
 * out of range, an overflow gives the signed infinity with C1 set (measured).
 */
static void scale_rebias(CPUX86State *env, floatx80 a, floatx80 b, floatx80 *r, FloatStatus *fs)
{
    FloatStatus f2 = status(env), cv = status(env);
    bool oe = (fs->flags & FSW_OE) && !(env->fpuc & FSW_OE);
    bool tiny = (r->sign_exp & 0x7fff) == 0 && r->mant != 0;
    bool ue = ((fs->flags & FSW_UE) || tiny) && !(env->fpuc & FSW_UE);
    int64_t n;

    if (!(oe || ue) || (fs->flags & ~env->fpuc & FSW_PRE))
        return;
    n = floatx80_to_int64_trunc(b, &cv);
    if (oe && (cv.flags & FSW_IE || n - 24576 + norm_exp(a) > 0x7ffe)) {
        *r = floatx80_make((a.sign_exp & 0x8000) | 0x7fff, 1ull << 63);
        fs->flags = (uint16_t)((fs->flags & FSW_DE) | FSW_OE | FSW_PE | FLOAT_FLAG_ROUNDED_UP);
        return;
    }
    /* The mirror case: too small even re-biased (including a scale count
     * beyond int64) gives a zero of a's sign, not rounded up (measured:
     * C1 = 0). */
    if (ue && !oe && ((cv.flags & FSW_IE) || n + 24576 + norm_exp(a) < 1)) {
        *r = floatx80_make(a.sign_exp & 0x8000, 0);
        fs->flags = (uint16_t)((fs->flags & FSW_DE) | FSW_UE | FSW_PE);
        return;
    }
    if (cv.flags & FSW_IE)
        return;
    *r = floatx80_scale(a, int64_to_floatx80(n + (oe ? -24576 : 24576)), &f2);
    f2.flags = (uint16_t)((f2.flags & ~(FSW_OE | FSW_UE)) | (oe ? FSW_OE : FSW_UE) |
                          (fs->flags & FSW_DE));
    *fs = f2;
}

/* The one-operand operations that replace ST(0). */
static void unary(CPUX86State *env, unsigned op)
{
    FloatStatus fs = status(env);
    floatx80 a = *st(env, 0), r;

    if (!need(env, op == X87_SCALE ? 2 : 1)) {
        if (underflow(env))
            set_st(env, 0, floatx80_default_nan);
        return;
    }
    switch (op) {
    case X87_CHS: r = floatx80_make(a.sign_exp ^ 0x8000, a.mant); break;
    case X87_ABS: r = floatx80_make(a.sign_exp & 0x7fff, a.mant); break;
    case X87_SQRT: r = floatx80_sqrt(a, &fs); break;
    case X87_RNDINT: r = floatx80_round_to_int(a, &fs); break;
    case X87_F2XM1: r = floatx80_2xm1(a, &fs); break;
    default:
        r = floatx80_scale(a, *st(env, 1), &fs);
        scale_rebias(env, a, *st(env, 1), &r, &fs);
        break;
    }
    result(env, 0, r, &fs, false);
}

static void tst_xam(CPUX86State *env, unsigned op)
{
    FloatStatus fs = status(env);
    floatx80 a = *st(env, 0);

    if (op == X87_XAM) {
        /* Empty is C3,C2,C0 = 101; C1 is the sign in every case. */
        uint16_t cc = empty(env, 0) ? FSW_C3 | FSW_C0 : floatx80_fxam(a);

        set_cc(env, FSW_CC, (uint16_t)((cc & ~FSW_C1) | (a.sign_exp & 0x8000 ? FSW_C1 : 0)));
        return;
    }
    if (empty(env, 0)) {
        fs.flags = FSW_IE | FSW_SF;
        com_result(env, FLOAT_RELATION_UNORDERED, &fs, 0);
        return;
    }
    com_result(env, floatx80_compare(a, floatx80_make(0, 0), &fs), &fs, 0);
}

uint64_t helper_fop(void *env, uint64_t op)
{
    CPUX86State *e = ENV;

    switch (op) {
    case X87_TST: case X87_XAM: tst_xam(e, (unsigned)op); break;
    case X87_SIN: case X87_COS: case X87_SINCOS: case X87_PTAN: trig(e, (unsigned)op); break;
    case X87_YL2X: case X87_YL2XP1: case X87_PATAN: binary_pop(e, (unsigned)op); break;
    case X87_PREM: case X87_PREM1: prem(e, op == X87_PREM1); break;
    case X87_XTRACT: xtract(e); break;
    case X87_INCSTP: set_c1(e, false); e->fpstt = (e->fpstt + 1) & 7; break;
    case X87_DECSTP: set_c1(e, false); e->fpstt = (e->fpstt - 1) & 7; break;
    case X87_CLEX: e->fpus &= 0x7f00; break;
    case X87_INIT:
        e->fpuc = 0x037f;
        e->fpus = 0;
        e->fpstt = 0;
        for (int i = 0; i < 8; i++)
            e->fptags[i] = 1;
        e->fpop = 0;
        e->fpip = e->fpdp = 0;
        break;
    default: unary(e, (unsigned)op); break;
    }
    return 0;
}

/* ---- Control ------------------------------------------------------------------- */

uint64_t helper_fnstsw(void *env)
{
    return ENV->fpus | (ENV->fpstt & 7) << 11;
}

/* FCW as loaded: bit 6 reads as 1, bits 7, 14 and 15 as 0; X (bit 12) is
 * kept (measured, as the FXSAVE image shows it). */
static uint16_t fcw_value(uint64_t val)
{
    return (uint16_t)((val & 0x1f3f) | 0x40);
}

uint64_t helper_fldcw(void *env, uint64_t val)
{
    ENV->fpuc = fcw_value(val);
    update_es(ENV);
    return 0;
}

/* The full tag word (SDM Vol.1 8.1.7): 00 valid, 01 zero, 10 special, 11 empty. */
static unsigned full_tags(CPUX86State *env)
{
    unsigned tw = 0;

    for (unsigned i = 0; i < 8; i++) {
        const floatx80 *r = &env->fpregs[i];
        unsigned exp = r->sign_exp & 0x7fff, t;

        if (env->fptags[i])
            t = 3;
        else if (exp == 0 && r->mant == 0)
            t = 1;
        else if (exp == 0 || exp == 0x7fff || !(r->mant >> 63))
            t = 2;
        else
            t = 0;
        tw |= t << (2 * i);
    }
    return tw;
}

/*
 * The environment (SDM Vol.1 8.1.10, figures 8-9 and 8-10, protected mode):
 * 28 bytes with 32-bit operand size (each field in a doubleword), 14 with
 * 16-bit. FIP, FCS, FOP, FDP, FDS are stored from what the FPU recorded.
 */
static void store_env(CPUX86State *env, uint64_t addr, MemOp f, unsigned opsize)
{
    uint64_t fsw = helper_fnstsw(env);

    if (opsize == 2) {
        st_mem(env, addr, env->fpuc, MO_16 | f);
        st_mem(env, addr + 2, fsw, MO_16 | f);
        st_mem(env, addr + 4, full_tags(env), MO_16 | f);
        st_mem(env, addr + 6, (uint16_t)env->fpip, MO_16 | f);
        st_mem(env, addr + 8, 0, MO_16 | f);
        st_mem(env, addr + 10, (uint16_t)env->fpdp, MO_16 | f);
        st_mem(env, addr + 12, 0, MO_16 | f);
        return;
    }
    st_mem(env, addr, 0xffff0000u | env->fpuc, MO_32 | f);
    st_mem(env, addr + 4, 0xffff0000u | fsw, MO_32 | f);
    st_mem(env, addr + 8, 0xffff0000u | full_tags(env), MO_32 | f);
    st_mem(env, addr + 12, (uint32_t)env->fpip, MO_32 | f);
    st_mem(env, addr + 16, (uint32_t)(env->fpop & 0x7ff) << 16, MO_32 | f);
    st_mem(env, addr + 20, (uint32_t)env->fpdp, MO_32 | f);
    st_mem(env, addr + 24, 0xffff0000u, MO_32 | f);
}

static void load_env(CPUX86State *env, uint64_t addr, MemOp f, unsigned opsize)
{
    unsigned step = opsize == 2 ? 2 : 4;
    uint16_t fcw = (uint16_t)ld(env, addr, MO_16 | f);
    uint16_t fsw = (uint16_t)ld(env, addr + step, MO_16 | f);
    uint16_t ftw = (uint16_t)ld(env, addr + 2 * step, MO_16 | f);

    env->fpuc = fcw_value(fcw);
    env->fpus = fsw & (uint16_t)~0x3800;
    env->fpstt = fsw >> 11 & 7;
    for (unsigned i = 0; i < 8; i++)
        env->fptags[i] = (ftw >> (2 * i) & 3) == 3;
    update_es(env);
}

static unsigned env_size(uint64_t opsize) { return opsize == 2 ? 14 : 28; }

uint64_t helper_fnstenv(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize)
{
    probe_write(ENV, addr, env_size(opsize), (MemOp)memflags);
    store_env(ENV, addr, (MemOp)memflags, (unsigned)opsize);
    /* Then all exceptions are masked (SDM FSTENV). */
    ENV->fpuc |= 0x3f;
    update_es(ENV);
    return 0;
}

uint64_t helper_fldenv(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize)
{
    load_env(ENV, addr, (MemOp)memflags, (unsigned)opsize);
    return 0;
}

/* FNSAVE: the environment, then ST(0)..ST(7), then FNINIT. */
uint64_t helper_fnsave(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize)
{
    MemOp f = (MemOp)memflags;
    unsigned n = env_size(opsize);

    probe_write(ENV, addr, n + 80, f);
    store_env(ENV, addr, f, (unsigned)opsize);
    for (unsigned i = 0; i < 8; i++)
        st80(ENV, addr + n + 10 * i, *st(ENV, i), f);
    helper_fop(env, X87_INIT);
    return 0;
}

uint64_t helper_frstor(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize)
{
    MemOp f = (MemOp)memflags;
    unsigned n = env_size(opsize);
    floatx80 r[8];

    /* Read everything first: a fault changes nothing, and is reported at the
     * first byte (the environment is read before the registers). */
    ld(ENV, addr, MO_8 | f);
    for (unsigned i = 0; i < 8; i++)
        r[i] = ld80(ENV, addr + n + 10 * i, f);
    load_env(ENV, addr, f, (unsigned)opsize);
    for (unsigned i = 0; i < 8; i++)
        ENV->fpregs[phys(ENV, i)] = r[i];
    return 0;
}
