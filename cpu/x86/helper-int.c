/* Integer helpers: see helper.h. Semantics from the SDM Vol.2 pages. */
#include "cpu/x86/helper.h"

#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

#include "cpu/x86/cc.h"
#include "cpu/x86/cpuid.h"
#include "cpu/x86/excp.h"
#include "cpu/x86/x86-tcg.h"
#include "tcg/softmmu.h"

#define ENV ((CPUX86State *)env)

static void set_reg(CPUX86State *env, int reg, unsigned bytes, uint64_t v)
{
    switch (bytes) {
    case 1: env->regs[reg] = (env->regs[reg] & ~0xffull) | (v & 0xff); break;
    case 2: env->regs[reg] = (env->regs[reg] & ~0xffffull) | (v & 0xffff); break;
    case 4: env->regs[reg] = (uint32_t)v; break;
    default: env->regs[reg] = v; break;
    }
}

/* ---- Division ------------------------------------------------------------ */

uint64_t helper_divb(void *env, uint64_t src)
{
    unsigned num = ENV->regs[R_EAX] & 0xffff, den = src & 0xff, q;

    if (den == 0 || (q = num / den) > 0xff)
        x86_raise_exception(ENV, EXCP_DE);
    set_reg(ENV, R_EAX, 2, ((num % den) << 8) | q);
    return 0;
}

uint64_t helper_idivb(void *env, uint64_t src)
{
    int num = (int16_t)ENV->regs[R_EAX], den = (int8_t)src, q;

    if (den == 0)
        x86_raise_exception(ENV, EXCP_DE);
    q = num / den;
    if (q != (int8_t)q)
        x86_raise_exception(ENV, EXCP_DE);
    set_reg(ENV, R_EAX, 2, ((unsigned)(num % den) & 0xff) << 8 | ((unsigned)q & 0xff));
    return 0;
}

uint64_t helper_divw(void *env, uint64_t src)
{
    uint32_t num = (uint32_t)((ENV->regs[R_EDX] & 0xffff) << 16 | (ENV->regs[R_EAX] & 0xffff));
    uint32_t den = src & 0xffff, q;

    if (den == 0 || (q = num / den) > 0xffff)
        x86_raise_exception(ENV, EXCP_DE);
    set_reg(ENV, R_EAX, 2, q);
    set_reg(ENV, R_EDX, 2, num % den);
    return 0;
}

uint64_t helper_idivw(void *env, uint64_t src)
{
    /* In 64 bits: INT32_MIN / -1 must become #DE, not a host trap. */
    int64_t num = (int32_t)((uint32_t)(ENV->regs[R_EDX] & 0xffff) << 16 | (ENV->regs[R_EAX] & 0xffff));
    int64_t den = (int16_t)src, q;

    if (den == 0)
        x86_raise_exception(ENV, EXCP_DE);
    q = num / den;
    if (q != (int16_t)q)
        x86_raise_exception(ENV, EXCP_DE);
    set_reg(ENV, R_EAX, 2, (uint32_t)q);
    set_reg(ENV, R_EDX, 2, (uint32_t)(num % den));
    return 0;
}

uint64_t helper_divl(void *env, uint64_t src)
{
    uint64_t num = (ENV->regs[R_EDX] & 0xffffffffull) << 32 | (ENV->regs[R_EAX] & 0xffffffffull);
    uint64_t den = src & 0xffffffffull, q;

    if (den == 0 || (q = num / den) > 0xffffffffull)
        x86_raise_exception(ENV, EXCP_DE);
    set_reg(ENV, R_EAX, 4, q);
    set_reg(ENV, R_EDX, 4, num % den);
    return 0;
}

uint64_t helper_idivl(void *env, uint64_t src)
{
    int64_t num = (int64_t)((ENV->regs[R_EDX] & 0xffffffffull) << 32 | (ENV->regs[R_EAX] & 0xffffffffull));
    int64_t den = (int32_t)src, q;

    if (den == 0)
        x86_raise_exception(ENV, EXCP_DE);
    if (num == INT64_MIN && den == -1)
        x86_raise_exception(ENV, EXCP_DE);
    q = num / den;
    if (q != (int32_t)q)
        x86_raise_exception(ENV, EXCP_DE);
    set_reg(ENV, R_EAX, 4, (uint64_t)q);
    set_reg(ENV, R_EDX, 4, (uint64_t)(num % den));
    return 0;
}

/* 128/64 unsigned division by shift-and-subtract: portable, no __int128.
 * Caller guarantees hi < den (the quotient fits in 64 bits). */
static uint64_t divu128(uint64_t hi, uint64_t lo, uint64_t den, uint64_t *rem)
{
    uint64_t q = 0;

    for (int i = 0; i < 64; i++) {
        uint64_t top = hi >> 63;
        hi = (hi << 1) | (lo >> 63);
        lo <<= 1;
        q <<= 1;
        if (top || hi >= den) {
            hi -= den;
            q |= 1;
        }
    }
    *rem = hi;
    return q;
}

uint64_t helper_divq(void *env, uint64_t den)
{
    uint64_t hi = ENV->regs[R_EDX], lo = ENV->regs[R_EAX], r, q;

    if (den == 0 || hi >= den)
        x86_raise_exception(ENV, EXCP_DE);
    q = divu128(hi, lo, den, &r);
    ENV->regs[R_EAX] = q;
    ENV->regs[R_EDX] = r;
    return 0;
}

uint64_t helper_idivq(void *env, uint64_t src)
{
    uint64_t hi = ENV->regs[R_EDX], lo = ENV->regs[R_EAX], r, q;
    bool nneg = (int64_t)hi < 0, dneg = (int64_t)src < 0;
    uint64_t den = dneg ? -src : src;

    if (src == 0)
        x86_raise_exception(ENV, EXCP_DE);
    if (nneg) {                   /* |num| of the 128-bit two's complement value */
        lo = ~lo + 1;
        hi = ~hi + (lo == 0);
    }
    if (hi >= den)
        x86_raise_exception(ENV, EXCP_DE);
    q = divu128(hi, lo, den, &r);
    /* The quotient must fit in int64: up to 2^63 when negative. */
    if (nneg != dneg ? q > (1ull << 63) : q > INT64_MAX)
        x86_raise_exception(ENV, EXCP_DE);
    ENV->regs[R_EAX] = nneg != dneg ? -q : q;
    ENV->regs[R_EDX] = nneg ? -r : r;
    return 0;
}

/* ---- Rotates through carry, double shifts -------------------------------- */

static uint64_t size_mask(unsigned bits) { return bits == 64 ? ~0ull : (1ull << bits) - 1; }

static void set_cf_of(CPUX86State *env, unsigned cf, unsigned of)
{
    env->cc_src = (env->cc_src & ~(uint64_t)(CC_C | CC_O)) | (cf ? CC_C : 0) | (of ? CC_O : 0);
}

/* RCL/RCR rotate bits+1 bits (the value and CF); counts are masked to 5
 * (6 for 64-bit) bits, then taken modulo 9 or 17 for bytes and words. */
static unsigned rc_count(uint64_t count, unsigned bits)
{
    unsigned c = (unsigned)count & (bits == 64 ? 63 : 31);

    if (bits == 8)
        c %= 9;
    else if (bits == 16)
        c %= 17;
    return c;
}

uint64_t helper_rcl(void *env, uint64_t val, uint64_t count, uint64_t size)
{
    unsigned bits = 8u << size, c = rc_count(count, bits);
    uint64_t m = size_mask(bits), v = val & m;
    unsigned cf = ENV->cc_src & CC_C;

    if (!((unsigned)count & (bits == 64 ? 63 : 31)))
        return val;
    for (unsigned i = 0; i < c; i++) {
        unsigned out = (unsigned)(v >> (bits - 1)) & 1;
        v = ((v << 1) | cf) & m;
        cf = out;
    }
    /* OF = MSB(result) XOR CF, defined for count 1 */
    set_cf_of(ENV, cf, ((unsigned)(v >> (bits - 1)) & 1) ^ cf);
    return v;
}

uint64_t helper_rcr(void *env, uint64_t val, uint64_t count, uint64_t size)
{
    unsigned bits = 8u << size, c = rc_count(count, bits);
    uint64_t m = size_mask(bits), v = val & m;
    unsigned cf = ENV->cc_src & CC_C;
    unsigned of = 0;

    if (!((unsigned)count & (bits == 64 ? 63 : 31)))
        return val;
    for (unsigned i = 0; i < c; i++) {
        unsigned out = v & 1;
        v = (v >> 1) | ((uint64_t)cf << (bits - 1));
        cf = out;
    }
    /* OF = XOR of the two most significant bits of the result */
    of = (unsigned)((v >> (bits - 1)) ^ (v >> (bits - 2))) & 1;
    set_cf_of(ENV, cf, of);
    return v;
}

static void set_shift_flags(CPUX86State *env, uint64_t res, unsigned bits, unsigned cf, unsigned of)
{
    uint32_t f = cc_compute_all(res, 0, 0, CC_OP_LOGICB + (bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : 3));

    env->cc_src = (env->cc_src & CC_A) | (f & (CC_Z | CC_S | CC_P)) | (cf ? CC_C : 0) | (of ? CC_O : 0);
}

/* SHLD/SHRD: count masked to 5 (6) bits; counts above the operand size for
 * 16-bit operands give undefined results, computed as a 32-bit shift of
 * dst:src:dst, as Intel cores do. */
uint64_t helper_shld(void *env, uint64_t dst, uint64_t src, uint64_t count, uint64_t size)
{
    unsigned bits = 8u << size, c = (unsigned)count & (bits == 64 ? 63 : 31);
    uint64_t m = size_mask(bits), res;
    unsigned cf, of;

    if (c == 0)
        return dst;
    dst &= m;
    src &= m;
    if (bits == 16) {
        uint64_t wide = (dst << 32) | (src << 16) | dst;    /* 48 bits */
        res = (wide << c) >> 32 & m;
        cf = (unsigned)((wide << (c - 1)) >> 47) & 1;
    } else {
        res = ((dst << c) | (src >> (bits - c))) & m;
        cf = (unsigned)(dst >> (bits - c)) & 1;
    }
    of = (unsigned)((res ^ dst) >> (bits - 1)) & 1;
    set_shift_flags(ENV, res, bits, cf, of);
    return res;
}

uint64_t helper_shrd(void *env, uint64_t dst, uint64_t src, uint64_t count, uint64_t size)
{
    unsigned bits = 8u << size, c = (unsigned)count & (bits == 64 ? 63 : 31);
    uint64_t m = size_mask(bits), res;
    unsigned cf, of;

    if (c == 0)
        return dst;
    dst &= m;
    src &= m;
    if (bits == 16) {
        uint64_t wide = (dst << 32) | (src << 16) | dst;    /* dst:src:dst, shifted right */
        res = (wide >> c) & m;
        cf = (unsigned)(wide >> (c - 1)) & 1;
    } else {
        res = ((dst >> c) | (src << (bits - c))) & m;
        cf = (unsigned)(dst >> (c - 1)) & 1;
    }
    of = (unsigned)((res ^ dst) >> (bits - 1)) & 1;
    set_shift_flags(ENV, res, bits, cf, of);
    return res;
}

/* ---- Compare and exchange ------------------------------------------------ */

static MemOpIdx data_oi(CPUX86State *env, MemOp op)
{
    return make_memop_idx(op, x86_mmu_index(env));
}

/* The memory store of a LOCK-prefixed (or XCHG) read-modify-write: it
 * lands only if memory still holds what the instruction loaded; otherwise
 * another vCPU got in between, and the instruction runs again. */
uint64_t helper_locked_store(void *env, uint64_t addr, uint64_t loaded, uint64_t val,
                             uint64_t memop)
{
    if (softmmu_cmpxchg(env, addr, loaded, val, data_oi(ENV, (MemOp)memop)) !=
        (loaded & (~0ull >> (64 - (8u << (memop & MO_SIZE))))))
        cpu_loop_exit_restart_insn(env);
    return 0;
}

/* Always atomic, LOCK or not: nothing is stored when the compare fails (the
 * locked cycle's write-back of the old value is invisible). */
uint64_t helper_cmpxchg8b(void *env, uint64_t addr, uint64_t memflags)
{
    MemOp q = MO_64 | (MemOp)memflags;
    uint64_t cmp = (ENV->regs[R_EDX] & 0xffffffffull) << 32 | (ENV->regs[R_EAX] & 0xffffffffull);
    uint64_t val = (ENV->regs[R_ECX] & 0xffffffffull) << 32 | (ENV->regs[R_EBX] & 0xffffffffull);
    uint64_t flags = x86_get_eflags(ENV) & CC_ALL;
    uint64_t old = softmmu_cmpxchg(env, addr, cmp, val, data_oi(ENV, q));

    if (old == cmp) {
        flags |= CC_Z;
    } else {
        ENV->regs[R_EAX] = (uint32_t)old;
        ENV->regs[R_EDX] = old >> 32;
        flags &= ~(uint64_t)CC_Z;
    }
    ENV->cc_src = flags;
    ENV->cc_op = CC_OP_EFLAGS;
    return 0;
}

uint64_t helper_cmpxchg16b(void *env, uint64_t addr, uint64_t memflags)
{
    uint64_t flags = x86_get_eflags(ENV) & CC_ALL;
    uint64_t cmp[2] = { ENV->regs[R_EAX], ENV->regs[R_EDX] };
    uint64_t val[2] = { ENV->regs[R_EBX], ENV->regs[R_ECX] };
    uint64_t old[2];

    if (addr & 15)
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    softmmu_cmpxchg16(env, addr, cmp, val, old, x86_mmu_index(ENV));
    if (old[0] == cmp[0] && old[1] == cmp[1]) {
        flags |= CC_Z;
    } else {
        ENV->regs[R_EAX] = old[0];
        ENV->regs[R_EDX] = old[1];
        flags &= ~(uint64_t)CC_Z;
    }
    ENV->cc_src = flags;
    ENV->cc_op = CC_OP_EFLAGS;
    return 0;
}

/* ---- Flags, stack frames, interrupts ---------------------------------- */

uint64_t helper_read_eflags(void *env)
{
    return x86_get_eflags(ENV);
}

/* POPF at CPL 3 (IOPL < 3) changes neither IOPL nor IF (SDM POPF); VM, RF,
 * VIP, VIF are never changed by POPF. */
uint64_t helper_write_eflags_popf(void *env, uint64_t val, uint64_t opsize)
{
    uint64_t mask = CC_ALL | DF_MASK | TF_MASK | NT_MASK | AC_MASK | ID_MASK;
    unsigned cpl = ENV->hflags & HF_CPL_MASK;
    unsigned iopl = (unsigned)(ENV->eflags >> 12) & 3;

    if (cpl == 0)
        mask |= IOPL_MASK;
    if (cpl <= iopl)
        mask |= IF_MASK;
    if (opsize == 2)
        mask &= 0xffff;
    x86_set_eflags(ENV, val, mask);
    return 0;
}

uint64_t helper_enter(void *env, uint64_t frame_size, uint64_t level, uint64_t opsize)
{
    VCPUCommon *cpu = env;
    unsigned ss = (ENV->hflags & HF_CS64) ? 8 : (ENV->hflags & HF_SS32) ? 4 : 2;
    uint64_t sp_mask = ss == 8 ? ~0ull : ss == 4 ? 0xffffffffull : 0xffff;
    uint64_t base = ss == 8 ? 0 : ENV->segs[R_SS].base;
    MemOp ot = opsize == 8 ? MO_64 : opsize == 4 ? MO_32 : MO_16;
    uint64_t sp = ENV->regs[R_ESP], bp = ENV->regs[R_EBP], frame;

    /* Everything is written to memory before any register changes, so a
     * fault leaves the registers as they were. */
    sp -= opsize;
    softmmu_store(cpu, base + (sp & sp_mask), bp, data_oi(ENV, ot | MO_STACK));
    frame = sp;
    for (unsigned i = 1; i < level; i++) {
        uint64_t v;
        bp -= opsize;
        v = softmmu_load(cpu, base + (bp & sp_mask), data_oi(ENV, ot | MO_STACK));
        sp -= opsize;
        softmmu_store(cpu, base + (sp & sp_mask), v, data_oi(ENV, ot | MO_STACK));
    }
    if (level) {
        sp -= opsize;
        softmmu_store(cpu, base + (sp & sp_mask), frame, data_oi(ENV, ot | MO_STACK));
    }
    sp -= frame_size;
    /* The new stack top is probed for writing before anything changes:
     * measured on the reference host (AMD), a frame reaching an unmapped
     * page faults in ENTER, at that address, as a write. */
    if (frame_size)
        softmmu_load(cpu, base + (sp & sp_mask), data_oi(ENV, MO_8 | MO_RMW | MO_STACK));
    set_reg(ENV, R_EBP, (unsigned)opsize, frame);
    set_reg(ENV, R_ESP, ss, sp);
    return 0;
}

uint64_t helper_raise_interrupt(void *env, uint64_t vector, uint64_t next_rip)
{
    ENV->exception_is_int = true;
    ENV->exception_next_rip = next_rip;
    ENV->common.exception_index = (int)vector;
    ENV->error_code = 0;
    /* The instruction completed: report rip after it, so no state restore. */
    ENV->rip = next_rip;
    cpu_loop_exit(&ENV->common);
}

/* ---- Decimal and ASCII adjustment (SDM pseudo-code of each) --------------- */

/* SF ZF PF of an 8-bit result, merged into the materialised flags. */
static void set_szp8(CPUX86State *env, uint8_t al, uint32_t keep)
{
    uint32_t f = cc_compute_all(al, 0, 0, CC_OP_LOGICB);

    env->cc_src = keep | (f & (CC_S | CC_Z | CC_P));
    env->cc_op = CC_OP_EFLAGS;
}

uint64_t helper_daa(void *env)
{
    uint8_t al = (uint8_t)ENV->regs[R_EAX], old_al = al;
    uint32_t cf = ENV->cc_src & CC_C, af = ENV->cc_src & CC_A, keep = 0;

    if ((al & 0xf) > 9 || af) {
        al += 6;
        keep |= CC_A | cf | (old_al > 0xf9 ? CC_C : 0);
    }
    if (old_al > 0x99 || cf) {
        al += 0x60;
        keep |= CC_C;
    }
    set_reg(ENV, R_EAX, 1, al);
    set_szp8(ENV, al, keep);
    return 0;
}

uint64_t helper_das(void *env)
{
    uint8_t al = (uint8_t)ENV->regs[R_EAX], old_al = al;
    uint32_t cf = ENV->cc_src & CC_C, af = ENV->cc_src & CC_A, keep = 0;

    if ((al & 0xf) > 9 || af) {
        al -= 6;
        keep |= CC_A | cf | (old_al < 6 ? CC_C : 0);
    }
    if (old_al > 0x99 || cf) {
        al -= 0x60;
        keep |= CC_C;
    }
    set_reg(ENV, R_EAX, 1, al);
    set_szp8(ENV, al, keep);
    return 0;
}

/* AAA/AAS: AF and CF set together; SF ZF PF OF undefined (computed from AL). */
static uint64_t ascii_adjust(CPUX86State *env, int dir)
{
    uint16_t ax = (uint16_t)env->regs[R_EAX];
    uint32_t keep = 0;

    if ((ax & 0xf) > 9 || (env->cc_src & CC_A)) {
        ax = (uint16_t)(ax + dir * 0x106);
        keep = CC_A | CC_C;
    }
    ax &= 0xff0f;
    set_reg(env, R_EAX, 2, ax);
    set_szp8(env, (uint8_t)ax, keep);
    return 0;
}

uint64_t helper_aaa(void *env) { return ascii_adjust(ENV, 1); }
uint64_t helper_aas(void *env) { return ascii_adjust(ENV, -1); }

uint64_t helper_aam(void *env, uint64_t base)
{
    uint8_t al = (uint8_t)ENV->regs[R_EAX], b = (uint8_t)base;

    if (b == 0)
        x86_raise_exception(ENV, EXCP_DE);
    set_reg(ENV, R_EAX, 2, (uint16_t)((al / b) << 8 | (al % b)));
    set_szp8(ENV, al % b, 0);
    return 0;
}

uint64_t helper_aad(void *env, uint64_t base)
{
    uint16_t ax = (uint16_t)ENV->regs[R_EAX];
    uint8_t al = (uint8_t)((ax & 0xff) + (ax >> 8) * (uint8_t)base);

    set_reg(ENV, R_EAX, 2, al);
    set_szp8(ENV, al, 0);
    return 0;
}

uint64_t helper_bound(void *env, uint64_t index, uint64_t addr, uint64_t opsize)
{
    VCPUCommon *cpu = env;
    MemOp ot = opsize == 2 ? MO_SW : MO_SL;
    int64_t lo = (int64_t)softmmu_load(cpu, addr, data_oi(ENV, ot));
    int64_t hi = (int64_t)softmmu_load(cpu, addr + opsize, data_oi(ENV, ot));
    int64_t i = opsize == 2 ? (int16_t)index : (int32_t)index;

    if (i < lo || i > hi)
        x86_raise_exception(ENV, EXCP_BR);
    return 0;
}

/* ---- Identification, time, randomness ---------------------------------- */

uint64_t helper_cpuid(void *env)
{
    uint32_t out[4];

    x86_cpuid(ENV, (uint32_t)ENV->regs[R_EAX], (uint32_t)ENV->regs[R_ECX], out);
    ENV->regs[R_EAX] = out[0];
    ENV->regs[R_EBX] = out[1];
    ENV->regs[R_ECX] = out[2];
    ENV->regs[R_EDX] = out[3];
    return 0;
}

uint64_t helper_rdtsc(void *env, uint64_t rdtscp)
{
    struct timespec ts;
    uint64_t tsc;

    /* A 1 GHz TSC from the host's monotonic clock. */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    tsc = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + ENV->tsc_offset;
    ENV->regs[R_EAX] = (uint32_t)tsc;
    ENV->regs[R_EDX] = tsc >> 32;
    if (rdtscp)
        ENV->regs[R_ECX] = (uint32_t)ENV->tsc_aux;
    return 0;
}

uint64_t helper_rdrand(void *env)
{
    uint64_t v = 0;

    if (getrandom(&v, sizeof(v), 0) != sizeof(v))
        v = (uint64_t)rand() << 32 ^ (uint64_t)rand();
    return v;
}

/* CRC32C (Castagnoli, reflected polynomial 0x82F63B78), as SSE4.2 CRC32. */
uint64_t helper_crc32(void *env, uint64_t crc, uint64_t val, uint64_t bytes)
{
    uint32_t c = (uint32_t)crc;

    for (unsigned i = 0; i < bytes; i++) {
        c ^= (uint8_t)(val >> (8 * i));
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
    }
    return c;
}

static void set_bmi_flags(CPUX86State *env, uint64_t res, unsigned bits, unsigned cf)
{
    uint32_t f = cc_compute_all(res, 0, 0, bits == 64 ? CC_OP_LOGICQ : CC_OP_LOGICL);

    env->cc_src = (f & (CC_Z | CC_S)) | (cf ? CC_C : 0);
    env->cc_op = CC_OP_EFLAGS;
}

uint64_t helper_bextr(void *env, uint64_t src, uint64_t ctl, uint64_t bits)
{
    unsigned start = ctl & 0xff, len = (ctl >> 8) & 0xff;
    uint64_t res = 0;

    src &= size_mask((unsigned)bits);
    if (start < bits) {
        res = src >> start;
        if (len < 64)
            res &= size_mask(len);
    }
    set_bmi_flags(ENV, res, (unsigned)bits, 0);
    return res;
}

uint64_t helper_bzhi(void *env, uint64_t src, uint64_t idx, uint64_t bits)
{
    unsigned n = idx & 0xff;
    uint64_t res = src & size_mask((unsigned)bits);

    if (n < bits)
        res &= size_mask(n);
    set_bmi_flags(ENV, res, (unsigned)bits, n > bits - 1);
    return res;
}

uint64_t helper_pdep(void *env, uint64_t src, uint64_t mask)
{
    uint64_t res = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (src & bit)
            res |= low;
        mask &= mask - 1;
    }
    return res;
}

uint64_t helper_pext(void *env, uint64_t src, uint64_t mask)
{
    uint64_t res = 0, bit = 1;

    for (; mask; mask &= mask - 1, bit <<= 1) {
        if (src & (mask & -mask))
            res |= bit;
    }
    return res;
}
