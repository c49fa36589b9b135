/*
 * Shared by the IR's own files (tcg.c, tcg-op.c, optimize.c, tci.c) and its
 * unit test: raw op emission, operand helpers, and the bit-level primitives
 * the constant folder and the interpreter both compute with. Front ends use
 * tcg.h only.
 */
#ifndef TCG_TCG_INTERNAL_H
#define TCG_TCG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcg/tcg.h"

static inline TCGArg tcgv_i32_arg(TCGv_i32 v) { return v.n; }
static inline TCGArg tcgv_i64_arg(TCGv_i64 v) { return v.n; }

static inline unsigned tcg_op_nargs(const TCGOpDef *d)
{
    return d->nb_oargs + d->nb_iargs + d->nb_cargs;
}

/*
 * Append an op with the argument count of tcg-opc.def taken from args.
 * NULL (and s->overflow set) when the list is full or already overflowed.
 */
TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, const TCGArg *args);

/* The text for a condition ("eq", "ltu"...) and a MemOp's size ("ub", "sl"...). */
const char *tcg_cond_name(TCGCond c);
const char *tcg_memop_name(MemOp op);
/* A guest access in full: "uw+al+rmw mmu 1". */
const char *tcg_memop_idx_str(MemOpIdx oi, char *buf, size_t size);

/* ---- Arithmetic shared by constant folding and the interpreter ---------- */

static inline bool tcg_compare64(TCGCond c, uint64_t a, uint64_t b)
{
    switch (c) {
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ:  return a == b;
    case TCG_COND_NE:  return a != b;
    case TCG_COND_LT:  return (int64_t)a < (int64_t)b;
    case TCG_COND_GE:  return (int64_t)a >= (int64_t)b;
    case TCG_COND_LE:  return (int64_t)a <= (int64_t)b;
    case TCG_COND_GT:  return (int64_t)a > (int64_t)b;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    default:           return false;
    }
}

static inline bool tcg_compare32(TCGCond c, uint32_t a, uint32_t b)
{
    /* Sign-extend for the signed conditions, zero-extend for the rest. */
    if (c >= TCG_COND_LT && c <= TCG_COND_GT)
        return tcg_compare64(c, (uint64_t)(int64_t)(int32_t)a, (uint64_t)(int64_t)(int32_t)b);
    return tcg_compare64(c, a, b);
}

/* The condition that holds for (b, a) when c holds for (a, b). */
static inline TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT:  return TCG_COND_GT;
    case TCG_COND_GT:  return TCG_COND_LT;
    case TCG_COND_LE:  return TCG_COND_GE;
    case TCG_COND_GE:  return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LEU;
    default:           return c;
    }
}

static inline unsigned tcg_clz64(uint64_t v) { return v ? (unsigned)__builtin_clzll(v) : 64; }
static inline unsigned tcg_ctz64(uint64_t v) { return v ? (unsigned)__builtin_ctzll(v) : 64; }
static inline unsigned tcg_ctpop64(uint64_t v) { return (unsigned)__builtin_popcountll(v); }

static inline uint64_t tcg_bswap16(uint64_t v) { return ((v & 0xff) << 8) | ((v >> 8) & 0xff); }
static inline uint64_t tcg_bswap32(uint64_t v)
{
    return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | ((v >> 24) & 0xff);
}
static inline uint64_t tcg_bswap64(uint64_t v) { return (tcg_bswap32(v) << 32) | tcg_bswap32(v >> 32); }

/* Counts are taken modulo the width, which keeps C free of undefined shifts. */
static inline uint64_t tcg_rotl64(uint64_t v, unsigned n) { n &= 63; return (v << n) | (v >> ((64 - n) & 63)); }
static inline uint64_t tcg_rotr64(uint64_t v, unsigned n) { n &= 63; return (v >> n) | (v << ((64 - n) & 63)); }
static inline uint32_t tcg_rotl32(uint32_t v, unsigned n) { n &= 31; return (v << n) | (v >> ((32 - n) & 31)); }
static inline uint32_t tcg_rotr32(uint32_t v, unsigned n) { n &= 31; return (v >> n) | (v << ((32 - n) & 31)); }
/* Arithmetic right shift without relying on the implementation's >> of negatives. */
static inline uint64_t tcg_sar64(uint64_t v, unsigned n)
{
    n &= 63;
    return (v >> n) | (v >> 63 ? ~(~0ull >> n) : 0);
}
static inline uint32_t tcg_sar32(uint32_t v, unsigned n)
{
    n &= 31;
    return (v >> n) | (v >> 31 ? ~(~0u >> n) : 0);
}

/* A mask of len low bits, 1 <= len <= 64. */
static inline uint64_t tcg_mask64(unsigned len) { return ~0ull >> (64 - len); }

static inline uint64_t tcg_extract64(uint64_t v, unsigned pos, unsigned len)
{
    return (v >> pos) & tcg_mask64(len);
}
static inline uint64_t tcg_sextract64(uint64_t v, unsigned pos, unsigned len)
{
    uint64_t f = tcg_extract64(v, pos, len);
    uint64_t sign = 1ull << (len - 1);

    return (f ^ sign) - sign;
}
static inline uint64_t tcg_deposit64(uint64_t base, uint64_t field, unsigned pos, unsigned len)
{
    uint64_t m = tcg_mask64(len) << pos;

    return (base & ~m) | ((field << pos) & m);
}

/* 64 x 64 -> 128 without __int128, which some hosts lack. */
static inline void tcg_mulu128(uint64_t *lo, uint64_t *hi, uint64_t a, uint64_t b)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;

    *lo = (mid << 32) | (uint32_t)ll;
    *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static inline void tcg_muls128(uint64_t *lo, uint64_t *hi, uint64_t a, uint64_t b)
{
    tcg_mulu128(lo, hi, a, b);
    /* Two's complement: subtract the other operand for each negative one. */
    if ((int64_t)a < 0)
        *hi -= b;
    if ((int64_t)b < 0)
        *hi -= a;
}

#endif
