/*
 * The x87/SSE state areas: FXSAVE/FXRSTOR, XSAVE/XRSTOR and the XCR0
 * register behind them (XGETBV/XSETBV). See helper-xsave.h.
 *
 * Both area formats begin with the same 512-byte legacy region (SDM Vol.1
 * 10.5.1, table 10-2), handled here as 52 quadwords:
 *   q[0]  FCW | FSW << 16 | FTW (abridged) << 32 | FOP << 48
 *   q[1]  FIP, q[2] FDP
 *   q[3]  MXCSR | MXCSR_MASK << 32
 *   q[4..19]  ST0-ST7, 16 bytes each
 *   q[20..51] XMM0-XMM15
 * XSAVE's x87 component is q[0..2] and q[4..19]; its SSE component is
 * q[20..51]; MXCSR belongs to SSE but is saved whenever SSE or AVX is
 * requested (SDM Vol.1 13.5.2, 13.7).
 */
#include "cpu/x86/helper-xsave.h"

#include <string.h>

#include "cpu/x86/cpu.h"
#include "cpu/x86/cpuid.h"
#include "cpu/x86/excp.h"
#include "cpu/x86/seg.h"
#include "cpu/x86/x86-tcg.h"
#include "tcg/softmmu.h"

#define ENV ((CPUX86State *)env)

/* MXCSR bits LDMXCSR and the restores accept: all of 15:0 and AMD's MM (bit 17). */
#define MXCSR_MASK 0x2ffffu

enum { Q_X87 = 0, Q_MXCSR = 3, Q_ST = 4, Q_XMM = 20, Q_LEGACY = 52 };

/* XSAVE area layout (standard form) for the components Vireo has. */
enum {
    XSAVE_HDR = 512,             /* XSTATE_BV at +0, XCOMP_BV at +8 */
    XSAVE_SIZE = 576,
};

static MemOpIdx area_oi(CPUX86State *env, MemOp size, uint64_t memflags)
{
    return make_memop_idx(size | (MemOp)memflags, x86_mmu_index(env));
}

/*
 * Fault on the area before anything is stored or changed, as hardware does:
 * the last byte first (AMD reports a fault there), then the first. The area
 * spans at most two pages, so the two probes cover it.
 */
static void probe_area(CPUX86State *env, uint64_t addr, unsigned len, bool write,
                       uint64_t memflags)
{
    MemOp rw = write ? MO_RMW : 0;

    softmmu_load(&env->common, addr + len - 1, area_oi(env, MO_8 | rw, memflags));
    softmmu_load(&env->common, addr, area_oi(env, MO_8 | rw, memflags));
}

static void check_align(CPUX86State *env, uint64_t addr, unsigned align)
{
    if (addr & (align - 1))
        x86_raise_exception_err(env, EXCP_GP, 0);
}

/* ---- The legacy region ------------------------------------------------------- */

/* FOP, FIP and FDP are stored as zero, as AMD parts do with no x87
 * exception pending. */
static void x87_get(const CPUX86State *env, uint64_t q[Q_LEGACY])
{
    unsigned ftw = 0;

    for (unsigned i = 0; i < 8; i++)
        ftw |= (env->fptags[i] ? 0u : 1u) << i;
    q[Q_X87] = env->fpuc | (uint64_t)((env->fpus & ~0x3800u) | (env->fpstt & 7) << 11) << 16 |
               (uint64_t)ftw << 32;
    q[1] = q[2] = 0;
    for (unsigned i = 0; i < 8; i++) {
        const floatx80 *f = &env->fpregs[(env->fpstt + i) & 7];
        q[Q_ST + 2 * i] = f->mant;
        q[Q_ST + 2 * i + 1] = f->sign_exp;
    }
}

static void x87_put(CPUX86State *env, const uint64_t q[Q_LEGACY])
{
    env->fpuc = (uint16_t)((q[Q_X87] & 0x1f3f) | 0x40);  /* as FLDCW: bit 6 reads 1, 15:13 0 */
    /* ES (and B, its copy) recomputed from the flags and masks, as measured */
    env->fpus = (uint16_t)(q[Q_X87] >> 16) & 0x477fu;
    if (env->fpus & ~env->fpuc & 0x3f)
        env->fpus |= 0x8080;
    env->fpstt = (uint32_t)(q[Q_X87] >> 27) & 7;
    for (unsigned i = 0; i < 8; i++)
        env->fptags[i] = !((q[Q_X87] >> (32 + i)) & 1);
    for (unsigned i = 0; i < 8; i++) {
        floatx80 *f = &env->fpregs[(env->fpstt + i) & 7];
        f->mant = q[Q_ST + 2 * i];
        f->sign_exp = (uint16_t)q[Q_ST + 2 * i + 1];
    }
}

/* The x87 initial configuration (FNINIT plus zeroed registers: SDM Vol.1 13.6). */
static void x87_init(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    memset(env->fpregs, 0, sizeof(env->fpregs));
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
}

static bool x87_in_use(const CPUX86State *env)
{
    if (env->fpuc != 0x37f || env->fpus || env->fpstt || env->fpop || env->fpip || env->fpdp)
        return true;
    for (unsigned i = 0; i < 8; i++)
        if (!env->fptags[i] || env->fpregs[i].mant || env->fpregs[i].sign_exp)
            return true;
    return false;
}

static void xmm_get(const CPUX86State *env, uint64_t q[Q_LEGACY])
{
    for (unsigned i = 0; i < 16; i++) {
        q[Q_XMM + 2 * i] = env->xmm[i].q[0];
        q[Q_XMM + 2 * i + 1] = env->xmm[i].q[1];
    }
}

static void xmm_put(CPUX86State *env, const uint64_t q[Q_LEGACY])
{
    for (unsigned i = 0; i < 16; i++) {
        env->xmm[i].q[0] = q[Q_XMM + 2 * i];
        env->xmm[i].q[1] = q[Q_XMM + 2 * i + 1];
    }
}

static bool xmm_in_use(const CPUX86State *env)
{
    for (unsigned i = 0; i < 16; i++)
        if (env->xmm[i].q[0] | env->xmm[i].q[1])
            return true;
    return false;
}

static void store_q(CPUX86State *env, uint64_t addr, const uint64_t *q, unsigned first,
                    unsigned n, uint64_t memflags)
{
    for (unsigned i = first; i < first + n; i++)
        softmmu_store(&env->common, addr + 8 * i, q[i], area_oi(env, MO_64, memflags));
}

static void load_q(CPUX86State *env, uint64_t addr, uint64_t *q, unsigned first, unsigned n,
                   uint64_t memflags)
{
    for (unsigned i = first; i < first + n; i++)
        q[i] = softmmu_load(&env->common, addr + 8 * i, area_oi(env, MO_64, memflags));
}

/* ---- FXSAVE / FXRSTOR ---------------------------------------------------------- */

/* Bytes 416-511 of the area are left alone. */
uint64_t helper_fxsave(void *env, uint64_t addr, uint64_t memflags)
{
    uint64_t q[Q_LEGACY];

    check_align(ENV, addr, 16);
    probe_area(ENV, addr, 512, true, memflags);
    x87_get(ENV, q);
    q[Q_MXCSR] = ENV->mxcsr | (uint64_t)MXCSR_MASK << 32;
    xmm_get(ENV, q);
    store_q(ENV, addr, q, 0, Q_LEGACY, memflags);
    return 0;
}

/* Everything is read before anything changes; reserved MXCSR bits: #GP(0). */
uint64_t helper_fxrstor(void *env, uint64_t addr, uint64_t memflags)
{
    uint64_t q[Q_LEGACY];

    check_align(ENV, addr, 16);
    probe_area(ENV, addr, 512, false, memflags);
    load_q(ENV, addr, q, 0, Q_LEGACY, memflags);
    if ((uint32_t)q[Q_MXCSR] & ~MXCSR_MASK)
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    x87_put(ENV, q);
    ENV->mxcsr = (uint32_t)q[Q_MXCSR];
    xmm_put(ENV, q);
    return 0;
}

/* ---- XCR0 ---------------------------------------------------------------------- */

uint64_t x86_xcr0_supported(const CPUX86State *env)
{
    uint32_t r[4];

    x86_cpuid(env, 1, 0, r);
    return (r[2] & (1u << 26)) ? XSTATE_X87 | XSTATE_SSE : 0;
}

uint64_t helper_xgetbv(void *env, uint64_t ecx)
{
    /* XCR0 only: XGETBV with ECX = 1 (XINUSE) is not advertised. */
    if ((uint32_t)ecx != 0)
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    return ENV->xcr0;
}

uint64_t helper_xsetbv(void *env, uint64_t ecx, uint64_t val)
{
    if ((ENV->hflags & HF_CPL_MASK) || (uint32_t)ecx != 0 ||
        (val & ~x86_xcr0_supported(ENV)) || !(val & XSTATE_X87) ||
        ((val & XSTATE_AVX) && !(val & XSTATE_SSE)))
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    ENV->xcr0 = val;
    return 0;
}

/* ---- XSAVE / XRSTOR (standard form; SDM Vol.1 13.7, 13.8.1) -------------------- */

uint64_t helper_xsave(void *env, uint64_t addr, uint64_t mask, uint64_t memflags)
{
    uint64_t rfbm = ENV->xcr0 & mask, inuse = 0, bv;
    uint64_t q[Q_LEGACY];
    MemOpIdx oi = area_oi(ENV, MO_64, memflags);

    check_align(ENV, addr, 64);
    probe_area(ENV, addr, XSAVE_SIZE, true, memflags);
    bv = softmmu_load(&ENV->common, addr + XSAVE_HDR, oi);
    if (x87_in_use(ENV))
        inuse |= XSTATE_X87;
    if (xmm_in_use(ENV))
        inuse |= XSTATE_SSE;
    if (rfbm & XSTATE_X87) {
        x87_get(ENV, q);
        store_q(ENV, addr, q, 0, 3, memflags);
        store_q(ENV, addr, q, Q_ST, 16, memflags);
    }
    if (rfbm & (XSTATE_SSE | XSTATE_AVX)) {
        q[Q_MXCSR] = ENV->mxcsr | (uint64_t)MXCSR_MASK << 32;
        store_q(ENV, addr, q, Q_MXCSR, 1, memflags);
    }
    if (rfbm & XSTATE_SSE) {
        xmm_get(ENV, q);
        store_q(ENV, addr, q, Q_XMM, 32, memflags);
    }
    /* Only XSTATE_BV of the header is written, and only its RFBM bits. */
    softmmu_store(&ENV->common, addr + XSAVE_HDR, (bv & ~rfbm) | (inuse & rfbm), oi);
    return 0;
}

uint64_t helper_xrstor(void *env, uint64_t addr, uint64_t mask, uint64_t memflags)
{
    uint64_t rfbm = ENV->xcr0 & mask, hdr[3];
    uint64_t q[Q_LEGACY];
    bool mxcsr = rfbm & (XSTATE_SSE | XSTATE_AVX);

    check_align(ENV, addr, 64);
    probe_area(ENV, addr, XSAVE_SIZE, false, memflags);
    load_q(ENV, addr + XSAVE_HDR, hdr, 0, 3, memflags);
    /* The compacted form (XCOMP_BV bit 63) needs XSAVEC, not offered: like
     * any other nonzero byte in 8..23 of the header, it is #GP. */
    if ((hdr[0] & ~ENV->xcr0) || hdr[1] || hdr[2])
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    load_q(ENV, addr, q, 0, Q_LEGACY, memflags);
    /* The standard form loads MXCSR whenever SSE or AVX is requested, even
     * for a component in its initial configuration. */
    if (mxcsr && ((uint32_t)q[Q_MXCSR] & ~MXCSR_MASK))
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    if (rfbm & XSTATE_X87) {
        if (hdr[0] & XSTATE_X87)
            x87_put(ENV, q);
        else
            x87_init(ENV);
    }
    if (mxcsr)
        ENV->mxcsr = (uint32_t)q[Q_MXCSR];
    if (rfbm & XSTATE_SSE) {
        if (hdr[0] & XSTATE_SSE)
            xmm_put(ENV, q);
        else
            for (unsigned i = 0; i < 16; i++)
                ENV->xmm[i].q[0] = ENV->xmm[i].q[1] = 0;
    }
    return 0;
}
