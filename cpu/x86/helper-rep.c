/*
 * Fast REP MOVS / REP STOS: see helper-rep.h. The semantics are the SDM's
 * (Vol.2, MOVS/STOS and REP): element by element in ascending order, rCX
 * counted down, rSI/rDI advanced, all within the address size. Only whole
 * iterations whose accesses stay inside one already-mapped RAM page are
 * done here; whatever is left (page ends, faults, MMIO, code pages, DF = 1)
 * goes through the translated one-iteration body, so faults and their
 * reported state are unchanged.
 */
#include "cpu/x86/helper-rep.h"

#include <string.h>

#include "cpu/x86/cpu.h"
#include "tcg/softmmu.h"

/* Host address of [addr, addr + len) if that is inside one page the TLB
 * maps as plain RAM for this access, else NULL. */
static uint8_t *rep_host(CPUX86State *env, uint64_t addr, uint64_t len, bool write,
                         unsigned mmu_idx)
{
    const CPUTLBEntry *e = &env->common.tlb[mmu_idx][tlb_index(addr)];
    uint64_t page = addr & TARGET_PAGE_MASK;

    if ((write ? e->addr_write : e->addr_read) != page)
        return NULL;
    if (((addr + len - 1) & TARGET_PAGE_MASK) != page)
        return NULL;
    return (uint8_t *)(uintptr_t)(addr + e->addend);
}

/* Iterations before an offset in a register of asize bytes wraps or leaves its page. */
static uint64_t rep_room(uint64_t off, uint64_t linear, uint64_t asize, unsigned size)
{
    uint64_t in_page = (TARGET_PAGE_SIZE - (linear & ~TARGET_PAGE_MASK)) / size;

    if (asize < 8) {
        uint64_t to_wrap = ((asize == 4 ? 1ull << 32 : 1ull << 16) - off) / size;
        if (to_wrap < in_page)
            in_page = to_wrap;
    }
    return in_page;
}

static void rep_set(CPUX86State *env, int reg, uint64_t asize, uint64_t v)
{
    if (asize == 2)
        env->regs[reg] = (env->regs[reg] & ~0xffffull) | (v & 0xffff);
    else if (asize == 4)
        env->regs[reg] = (uint32_t)v;
    else
        env->regs[reg] = v;
}

uint64_t helper_rep_fast(void *opaque, uint64_t movs, uint64_t size, uint64_t asize,
                         uint64_t es_base, uint64_t src_base, uint64_t mmu_idx)
{
    CPUX86State *env = opaque;
    uint64_t amask = asize == 8 ? ~0ull : asize == 4 ? 0xffffffffull : 0xffff;
    uint64_t lmask = env->hflags & HF_CS64 ? ~0ull : 0xffffffffull;
    uint64_t cx = env->regs[R_ECX] & amask, di = env->regs[R_EDI] & amask;
    uint64_t si = env->regs[R_ESI] & amask;
    uint64_t dlin = (es_base + di) & lmask, slin = (src_base + si) & lmask;
    uint64_t n = cx, len;
    uint8_t *d, *s = NULL;

    if (env->df < 0 || n == 0)
        return 0;
    if (rep_room(di, dlin, asize, (unsigned)size) < n)
        n = rep_room(di, dlin, asize, (unsigned)size);
    if (movs && rep_room(si, slin, asize, (unsigned)size) < n)
        n = rep_room(si, slin, asize, (unsigned)size);
    if (n == 0)
        return 0;
    len = n * size;
    d = rep_host(env, dlin, len, true, (unsigned)mmu_idx);
    if (movs)
        s = rep_host(env, slin, len, false, (unsigned)mmu_idx);
    if (!d || (movs && !s))
        return 0;
    if (!movs) {
        uint64_t v = env->regs[R_EAX];

        if (size == 1) {
            memset(d, (int)(v & 0xff), len);
        } else {
            uint8_t b[8];

            for (unsigned i = 0; i < size; i++)
                b[i] = (uint8_t)(v >> (8 * i));       /* guest memory is little-endian */
            for (uint64_t i = 0; i < len; i += size)
                memcpy(d + i, b, size);
        }
    } else if (d + len <= s || s + len <= d || d <= s) {
        /* Disjoint, or the destination below the source: ascending element
         * copies read nothing already written, as memmove does. */
        memmove(d, s, len);
    } else {
        /* The destination overlaps above the source: each element reads
         * bytes earlier elements wrote (the pattern-fill idiom). */
        for (uint64_t i = 0; i < len; i += size) {
            uint8_t t[8];

            memcpy(t, s + i, size);
            memcpy(d + i, t, size);
        }
    }
    rep_set(env, R_EDI, asize, di + len);
    if (movs)
        rep_set(env, R_ESI, asize, si + len);
    rep_set(env, R_ECX, asize, cx - n);
    return n;
}
