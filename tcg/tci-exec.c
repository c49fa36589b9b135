/*
 * The portable interpreter's loop: runs the bytecode of tci.h (made by
 * tci.c) with a switch, chaining from TB to TB without returning while it
 * can. Guest memory goes through the soft MMU's inline fast path.
 */
#include "tcg/tci.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tcg/softmmu.h"
#include "tcg/tcg-internal.h"

TranslationBlock *(*tci_lookup_tb)(void *env);

/* ---- Running bytecode ---------------------------------------------------------------- */

/* memcpy: no alignment or aliasing assumptions; compilers make it one load. */
static inline uint64_t rd64(const char *e, uint32_t off)
{
    uint64_t v;

    memcpy(&v, e + off, sizeof(v));
    return v;
}

static inline uint32_t rd32(const char *e, uint32_t off)
{
    uint32_t v;

    memcpy(&v, e + off, sizeof(v));
    return v;
}

static inline void wr64(char *e, uint32_t off, uint64_t v)
{
    memcpy(e + off, &v, sizeof(v));
}

static inline void wr32(char *e, uint32_t off, uint32_t v)
{
    memcpy(e + off, &v, sizeof(v));
}

static inline uint32_t tci_clz32(uint32_t a, uint32_t b) { return a ? tcg_clz64(a) - 32 : b; }
static inline uint32_t tci_ctz32(uint32_t a, uint32_t b) { return a ? tcg_ctz64(a) : b; }
static inline uint64_t tci_clz64(uint64_t a, uint64_t b) { return a ? tcg_clz64(a) : b; }
static inline uint64_t tci_ctz64(uint64_t a, uint64_t b) { return a ? tcg_ctz64(a) : b; }

/* Host memory (CPU state) in host byte order. */
static inline uint64_t host_ld(const char *p, uint32_t memop)
{
    switch (memop & (MO_SIZE | MO_SIGN)) {
    case MO_UB: { uint8_t v; memcpy(&v, p, 1); return v; }
    case MO_SB: { int8_t v; memcpy(&v, p, 1); return (uint64_t)(int64_t)v; }
    case MO_UW: { uint16_t v; memcpy(&v, p, 2); return v; }
    case MO_SW: { int16_t v; memcpy(&v, p, 2); return (uint64_t)(int64_t)v; }
    case MO_UL: { uint32_t v; memcpy(&v, p, 4); return v; }
    case MO_SL: { int32_t v; memcpy(&v, p, 4); return (uint64_t)(int64_t)v; }
    default:    { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void host_st(char *p, uint32_t memop, uint64_t v)
{
    switch (memop & MO_SIZE) {
    case MO_8:  { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
    case MO_16: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case MO_32: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default:    memcpy(p, &v, 8); break;
    }
}

/* ld: [op, d, base, off, memop] or [op|ENV, d, off, memop]; returns the next ip. */
static const uint32_t *tci_ld(char *e, const uint32_t *ip)
{
    bool env = ip[0] & TCI_ENV;
    const char *base = env ? e : (const char *)(uintptr_t)rd64(e, ip[2]);
    const uint32_t *p = ip + (env ? 2 : 3);
    uint64_t v = host_ld(base + (int32_t)p[0], p[1]);

    if ((ip[0] & (TCI_IMM - 1)) == TCG_OP_LD_I64)
        wr64(e, ip[1], v);
    else
        wr32(e, ip[1], (uint32_t)v);
    return p + 2;
}

/* st: [op, value unless IMM, base unless ENV, off, memop, imm if IMM] */
static const uint32_t *tci_st(char *e, const uint32_t *ip)
{
    uint32_t w = ip[0];
    bool is64 = (w & (TCI_IMM - 1)) == TCG_OP_ST_I64;
    const uint32_t *p = ip + 1;
    char *base = e;
    uint64_t v = 0;
    int32_t off;
    uint32_t memop;

    if (!(w & TCI_IMM))
        v = is64 ? rd64(e, *p++) : rd32(e, *p++);
    if (!(w & TCI_ENV))
        base = (char *)(uintptr_t)rd64(e, *p++);
    off = (int32_t)p[0];
    memop = p[1];
    p += 2;
    if (w & TCI_IMM) {
        v = is64 ? tci_imm64(p) : p[0];
        p += is64 ? 2 : 1;
    }
    host_st(base + off, memop, v);
    return p;
}

typedef uint64_t (*TCIHelper0)(void *);
typedef uint64_t (*TCIHelper1)(void *, uint64_t);
typedef uint64_t (*TCIHelper2)(void *, uint64_t, uint64_t);
typedef uint64_t (*TCIHelper3)(void *, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*TCIHelper4)(void *, uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*TCIHelper5)(void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*TCIHelper6)(void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

/* call: [op, ret or TCI_NONE, n, fn low, fn high, n args]; returns the next ip. */
static const uint32_t *tci_call(void *env, const uint32_t *ip)
{
    char *e = env;
    unsigned n = ip[2];
    TCGHelper fn = (TCGHelper)(uintptr_t)tci_imm64(ip + 3);
    uint64_t x[TCG_HELPER_MAX_ARGS] = { 0 };
    uint64_t r;

    for (unsigned i = 0; i < n; i++)
        x[i] = rd64(e, ip[5 + i]);
    /* The helper was defined with exactly n uint64_t arguments. */
    switch (n) {
    case 0:  r = ((TCIHelper0)fn)(env); break;
    case 1:  r = ((TCIHelper1)fn)(env, x[0]); break;
    case 2:  r = ((TCIHelper2)fn)(env, x[0], x[1]); break;
    case 3:  r = ((TCIHelper3)fn)(env, x[0], x[1], x[2]); break;
    case 4:  r = ((TCIHelper4)fn)(env, x[0], x[1], x[2], x[3]); break;
    case 5:  r = ((TCIHelper5)fn)(env, x[0], x[1], x[2], x[3], x[4]); break;
    default: r = ((TCIHelper6)fn)(env, x[0], x[1], x[2], x[3], x[4], x[5]); break;
    }
    if (ip[1] != TCI_NONE)
        wr64(e, ip[1], r);
    return ip + 5 + n;
}

/*
 * Run tb and whatever it chains to. A fault in a helper or the soft MMU
 * longjmps out of here; tci_ip then says which op was running.
 */
uintptr_t tci_exec(void *env, TranslationBlock *tb)
{
    VCPUCommon *cpu = env;
    char *e = env;
    const uint32_t *code, *ip;

enter:
    if (atomic_load_explicit(&cpu->exit_request, memory_order_relaxed))
        return (uintptr_t)tb | TB_EXIT_REQUESTED;
    cpu->current_tb = tb;
    code = ((const TCICode *)tb->code)->words;
    ip = code;
    for (;;) {
        switch (ip[0]) {
        /* 32-bit ALU: [op, d, a, b] and [op|IMM, d, a, imm] */
        case TCG_OP_ADD_I32:
            wr32(e, ip[1], rd32(e, ip[2]) + rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_ADD_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) + ip[3]);
            ip += 4;
            break;
        case TCG_OP_SUB_I32:
            wr32(e, ip[1], rd32(e, ip[2]) - rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_SUB_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) - ip[3]);
            ip += 4;
            break;
        case TCG_OP_MUL_I32:
            wr32(e, ip[1], rd32(e, ip[2]) * rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_MUL_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) * ip[3]);
            ip += 4;
            break;
        case TCG_OP_DIVS_I32:
            wr32(e, ip[1], (uint32_t)((int32_t)rd32(e, ip[2]) / (int32_t)rd32(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_DIVS_I32 | TCI_IMM:
            wr32(e, ip[1], (uint32_t)((int32_t)rd32(e, ip[2]) / (int32_t)ip[3]));
            ip += 4;
            break;
        case TCG_OP_DIVU_I32:
            wr32(e, ip[1], rd32(e, ip[2]) / rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_DIVU_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) / ip[3]);
            ip += 4;
            break;
        case TCG_OP_REMS_I32:
            wr32(e, ip[1], (uint32_t)((int32_t)rd32(e, ip[2]) % (int32_t)rd32(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_REMS_I32 | TCI_IMM:
            wr32(e, ip[1], (uint32_t)((int32_t)rd32(e, ip[2]) % (int32_t)ip[3]));
            ip += 4;
            break;
        case TCG_OP_REMU_I32:
            wr32(e, ip[1], rd32(e, ip[2]) % rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_REMU_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) % ip[3]);
            ip += 4;
            break;
        case TCG_OP_AND_I32:
            wr32(e, ip[1], rd32(e, ip[2]) & rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_AND_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) & ip[3]);
            ip += 4;
            break;
        case TCG_OP_OR_I32:
            wr32(e, ip[1], rd32(e, ip[2]) | rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_OR_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) | ip[3]);
            ip += 4;
            break;
        case TCG_OP_XOR_I32:
            wr32(e, ip[1], rd32(e, ip[2]) ^ rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_XOR_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) ^ ip[3]);
            ip += 4;
            break;
        case TCG_OP_ANDC_I32:
            wr32(e, ip[1], rd32(e, ip[2]) & ~rd32(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_ANDC_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) & ~ip[3]);
            ip += 4;
            break;
        case TCG_OP_SHL_I32:
            wr32(e, ip[1], rd32(e, ip[2]) << (rd32(e, ip[3]) & 31));
            ip += 4;
            break;
        case TCG_OP_SHL_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) << (ip[3] & 31));
            ip += 4;
            break;
        case TCG_OP_SHR_I32:
            wr32(e, ip[1], rd32(e, ip[2]) >> (rd32(e, ip[3]) & 31));
            ip += 4;
            break;
        case TCG_OP_SHR_I32 | TCI_IMM:
            wr32(e, ip[1], rd32(e, ip[2]) >> (ip[3] & 31));
            ip += 4;
            break;
        case TCG_OP_SAR_I32:
            wr32(e, ip[1], tcg_sar32(rd32(e, ip[2]), rd32(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_SAR_I32 | TCI_IMM:
            wr32(e, ip[1], tcg_sar32(rd32(e, ip[2]), ip[3]));
            ip += 4;
            break;
        case TCG_OP_ROTL_I32:
            wr32(e, ip[1], tcg_rotl32(rd32(e, ip[2]), rd32(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_ROTL_I32 | TCI_IMM:
            wr32(e, ip[1], tcg_rotl32(rd32(e, ip[2]), ip[3]));
            ip += 4;
            break;
        case TCG_OP_ROTR_I32:
            wr32(e, ip[1], tcg_rotr32(rd32(e, ip[2]), rd32(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_ROTR_I32 | TCI_IMM:
            wr32(e, ip[1], tcg_rotr32(rd32(e, ip[2]), ip[3]));
            ip += 4;
            break;
        case TCG_OP_CLZ_I32:
            wr32(e, ip[1], tci_clz32(rd32(e, ip[2]), rd32(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_CLZ_I32 | TCI_IMM:
            wr32(e, ip[1], tci_clz32(rd32(e, ip[2]), ip[3]));
            ip += 4;
            break;
        case TCG_OP_CTZ_I32:
            wr32(e, ip[1], tci_ctz32(rd32(e, ip[2]), rd32(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_CTZ_I32 | TCI_IMM:
            wr32(e, ip[1], tci_ctz32(rd32(e, ip[2]), ip[3]));
            ip += 4;
            break;
        /* 32-bit unary: [op, d, a] */
        case TCG_OP_MOV_I32:
            wr32(e, ip[1], rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_NEG_I32:
            wr32(e, ip[1], -rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_NOT_I32:
            wr32(e, ip[1], ~rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT8S_I32:
            wr32(e, ip[1], (uint32_t)(int32_t)(int8_t)rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT8U_I32:
            wr32(e, ip[1], (uint8_t)rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT16S_I32:
            wr32(e, ip[1], (uint32_t)(int32_t)(int16_t)rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT16U_I32:
            wr32(e, ip[1], (uint16_t)rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_BSWAP16_I32:
            wr32(e, ip[1], (uint32_t)tcg_bswap16(rd32(e, ip[2])));
            ip += 3;
            break;
        case TCG_OP_BSWAP32_I32:
            wr32(e, ip[1], (uint32_t)tcg_bswap32(rd32(e, ip[2])));
            ip += 3;
            break;
        case TCG_OP_CTPOP_I32:
            wr32(e, ip[1], tcg_ctpop64(rd32(e, ip[2])));
            ip += 3;
            break;
        /* 64-bit ALU: [op, d, a, b] and [op|IMM, d, a, imm] */
        case TCG_OP_ADD_I64:
            wr64(e, ip[1], rd64(e, ip[2]) + rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_ADD_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) + tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_SUB_I64:
            wr64(e, ip[1], rd64(e, ip[2]) - rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_SUB_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) - tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_MUL_I64:
            wr64(e, ip[1], rd64(e, ip[2]) * rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_MUL_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) * tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_DIVS_I64:
            wr64(e, ip[1], (uint64_t)((int64_t)rd64(e, ip[2]) / (int64_t)rd64(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_DIVS_I64 | TCI_IMM:
            wr64(e, ip[1], (uint64_t)((int64_t)rd64(e, ip[2]) / (int64_t)tci_imm64(ip + 3)));
            ip += 5;
            break;
        case TCG_OP_DIVU_I64:
            wr64(e, ip[1], rd64(e, ip[2]) / rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_DIVU_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) / tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_REMS_I64:
            wr64(e, ip[1], (uint64_t)((int64_t)rd64(e, ip[2]) % (int64_t)rd64(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_REMS_I64 | TCI_IMM:
            wr64(e, ip[1], (uint64_t)((int64_t)rd64(e, ip[2]) % (int64_t)tci_imm64(ip + 3)));
            ip += 5;
            break;
        case TCG_OP_REMU_I64:
            wr64(e, ip[1], rd64(e, ip[2]) % rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_REMU_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) % tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_AND_I64:
            wr64(e, ip[1], rd64(e, ip[2]) & rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_AND_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) & tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_OR_I64:
            wr64(e, ip[1], rd64(e, ip[2]) | rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_OR_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) | tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_XOR_I64:
            wr64(e, ip[1], rd64(e, ip[2]) ^ rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_XOR_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) ^ tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_ANDC_I64:
            wr64(e, ip[1], rd64(e, ip[2]) & ~rd64(e, ip[3]));
            ip += 4;
            break;
        case TCG_OP_ANDC_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) & ~tci_imm64(ip + 3));
            ip += 5;
            break;
        case TCG_OP_SHL_I64:
            wr64(e, ip[1], rd64(e, ip[2]) << (rd64(e, ip[3]) & 63));
            ip += 4;
            break;
        case TCG_OP_SHL_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) << (tci_imm64(ip + 3) & 63));
            ip += 5;
            break;
        case TCG_OP_SHR_I64:
            wr64(e, ip[1], rd64(e, ip[2]) >> (rd64(e, ip[3]) & 63));
            ip += 4;
            break;
        case TCG_OP_SHR_I64 | TCI_IMM:
            wr64(e, ip[1], rd64(e, ip[2]) >> (tci_imm64(ip + 3) & 63));
            ip += 5;
            break;
        case TCG_OP_SAR_I64:
            wr64(e, ip[1], tcg_sar64(rd64(e, ip[2]), (unsigned)rd64(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_SAR_I64 | TCI_IMM:
            wr64(e, ip[1], tcg_sar64(rd64(e, ip[2]), (unsigned)tci_imm64(ip + 3)));
            ip += 5;
            break;
        case TCG_OP_ROTL_I64:
            wr64(e, ip[1], tcg_rotl64(rd64(e, ip[2]), (unsigned)rd64(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_ROTL_I64 | TCI_IMM:
            wr64(e, ip[1], tcg_rotl64(rd64(e, ip[2]), (unsigned)tci_imm64(ip + 3)));
            ip += 5;
            break;
        case TCG_OP_ROTR_I64:
            wr64(e, ip[1], tcg_rotr64(rd64(e, ip[2]), (unsigned)rd64(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_ROTR_I64 | TCI_IMM:
            wr64(e, ip[1], tcg_rotr64(rd64(e, ip[2]), (unsigned)tci_imm64(ip + 3)));
            ip += 5;
            break;
        case TCG_OP_CLZ_I64:
            wr64(e, ip[1], tci_clz64(rd64(e, ip[2]), rd64(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_CLZ_I64 | TCI_IMM:
            wr64(e, ip[1], tci_clz64(rd64(e, ip[2]), tci_imm64(ip + 3)));
            ip += 5;
            break;
        case TCG_OP_CTZ_I64:
            wr64(e, ip[1], tci_ctz64(rd64(e, ip[2]), rd64(e, ip[3])));
            ip += 4;
            break;
        case TCG_OP_CTZ_I64 | TCI_IMM:
            wr64(e, ip[1], tci_ctz64(rd64(e, ip[2]), tci_imm64(ip + 3)));
            ip += 5;
            break;
        /* 64-bit unary: [op, d, a] */
        case TCG_OP_MOV_I64:
            wr64(e, ip[1], rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_NEG_I64:
            wr64(e, ip[1], -rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_NOT_I64:
            wr64(e, ip[1], ~rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT8S_I64:
            wr64(e, ip[1], (uint64_t)(int64_t)(int8_t)rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT8U_I64:
            wr64(e, ip[1], (uint8_t)rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT16S_I64:
            wr64(e, ip[1], (uint64_t)(int64_t)(int16_t)rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT16U_I64:
            wr64(e, ip[1], (uint16_t)rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT32S_I64:
            wr64(e, ip[1], (uint64_t)(int64_t)(int32_t)rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT32U_I64:
            wr64(e, ip[1], (uint32_t)rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_BSWAP16_I64:
            wr64(e, ip[1], tcg_bswap16(rd64(e, ip[2])));
            ip += 3;
            break;
        case TCG_OP_BSWAP32_I64:
            wr64(e, ip[1], tcg_bswap32(rd64(e, ip[2])));
            ip += 3;
            break;
        case TCG_OP_BSWAP64_I64:
            wr64(e, ip[1], tcg_bswap64(rd64(e, ip[2])));
            ip += 3;
            break;
        case TCG_OP_CTPOP_I64:
            wr64(e, ip[1], tcg_ctpop64(rd64(e, ip[2])));
            ip += 3;
            break;
        /* Conversions: [op, d, a] */
        case TCG_OP_EXTU_I32_I64:
            wr64(e, ip[1], rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXT_I32_I64:
            wr64(e, ip[1], (uint64_t)(int64_t)(int32_t)rd32(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXTRL_I64_I32:
            wr32(e, ip[1], (uint32_t)rd64(e, ip[2]));
            ip += 3;
            break;
        case TCG_OP_EXTRH_I64_I32:
            wr32(e, ip[1], (uint32_t)(rd64(e, ip[2]) >> 32));
            ip += 3;
            break;

        /* Constants: [op, d, imm] */
        case TCG_OP_MOVI_I32:
            wr32(e, ip[1], ip[2]);
            ip += 3;
            break;
        case TCG_OP_MOVI_I64:
            wr64(e, ip[1], tci_imm64(ip + 2));
            ip += 4;
            break;
        case TCI_OP_ENVPTR:
            wr64(e, ip[1], (uint64_t)(uintptr_t)env);
            ip += 2;
            break;

        /* Bit fields: [op, d, a, (b,) pos | len << 8] */
        case TCG_OP_DEPOSIT_I32:
            wr32(e, ip[1], (uint32_t)tcg_deposit64(rd32(e, ip[2]), rd32(e, ip[3]),
                                                   ip[4] & 0xff, ip[4] >> 8));
            ip += 5;
            break;
        case TCG_OP_DEPOSIT_I64:
            wr64(e, ip[1], tcg_deposit64(rd64(e, ip[2]), rd64(e, ip[3]), ip[4] & 0xff, ip[4] >> 8));
            ip += 5;
            break;
        case TCG_OP_EXTRACT_I32:
            wr32(e, ip[1], (uint32_t)tcg_extract64(rd32(e, ip[2]), ip[3] & 0xff, ip[3] >> 8));
            ip += 4;
            break;
        case TCG_OP_EXTRACT_I64:
            wr64(e, ip[1], tcg_extract64(rd64(e, ip[2]), ip[3] & 0xff, ip[3] >> 8));
            ip += 4;
            break;
        case TCG_OP_SEXTRACT_I32:
            wr32(e, ip[1], (uint32_t)tcg_sextract64(rd32(e, ip[2]), ip[3] & 0xff, ip[3] >> 8));
            ip += 4;
            break;
        case TCG_OP_SEXTRACT_I64:
            wr64(e, ip[1], tcg_sextract64(rd64(e, ip[2]), ip[3] & 0xff, ip[3] >> 8));
            ip += 4;
            break;

        /* Conditions: [op, d, a, b, cond], [op|IMM, d, a, cond, imm] */
        case TCG_OP_SETCOND_I32:
            wr32(e, ip[1], tcg_compare32((TCGCond)ip[4], rd32(e, ip[2]), rd32(e, ip[3])));
            ip += 5;
            break;
        case TCG_OP_SETCOND_I32 | TCI_IMM:
            wr32(e, ip[1], tcg_compare32((TCGCond)ip[3], rd32(e, ip[2]), ip[4]));
            ip += 5;
            break;
        case TCG_OP_SETCOND_I64:
            wr64(e, ip[1], tcg_compare64((TCGCond)ip[4], rd64(e, ip[2]), rd64(e, ip[3])));
            ip += 5;
            break;
        case TCG_OP_SETCOND_I64 | TCI_IMM:
            wr64(e, ip[1], tcg_compare64((TCGCond)ip[3], rd64(e, ip[2]), tci_imm64(ip + 4)));
            ip += 6;
            break;
        /* [op, d, c1, c2, v1, v2, cond] */
        case TCG_OP_MOVCOND_I32:
            wr32(e, ip[1], tcg_compare32((TCGCond)ip[6], rd32(e, ip[2]), rd32(e, ip[3]))
                           ? rd32(e, ip[4]) : rd32(e, ip[5]));
            ip += 7;
            break;
        case TCG_OP_MOVCOND_I64:
            wr64(e, ip[1], tcg_compare64((TCGCond)ip[6], rd64(e, ip[2]), rd64(e, ip[3]))
                           ? rd64(e, ip[4]) : rd64(e, ip[5]));
            ip += 7;
            break;
        /* [op, a, b, cond, target], [op|IMM, a, cond, target, imm] */
        case TCG_OP_BRCOND_I32:
            ip = tcg_compare32((TCGCond)ip[3], rd32(e, ip[1]), rd32(e, ip[2])) ? code + ip[4] : ip + 5;
            break;
        case TCG_OP_BRCOND_I32 | TCI_IMM:
            ip = tcg_compare32((TCGCond)ip[2], rd32(e, ip[1]), ip[4]) ? code + ip[3] : ip + 5;
            break;
        case TCG_OP_BRCOND_I64:
            ip = tcg_compare64((TCGCond)ip[3], rd64(e, ip[1]), rd64(e, ip[2])) ? code + ip[4] : ip + 5;
            break;
        case TCG_OP_BRCOND_I64 | TCI_IMM:
            ip = tcg_compare64((TCGCond)ip[2], rd64(e, ip[1]), tci_imm64(ip + 4)) ? code + ip[3] : ip + 6;
            break;
        case TCG_OP_BR:
            ip = code + ip[1];
            break;

        /* Double-width multiplies: [op, lo, hi, a, b] */
        case TCG_OP_MULU2_I32: {
            uint64_t p = (uint64_t)rd32(e, ip[3]) * rd32(e, ip[4]);

            wr32(e, ip[1], (uint32_t)p);
            wr32(e, ip[2], (uint32_t)(p >> 32));
            ip += 5;
            break;
        }
        case TCG_OP_MULS2_I32: {
            int64_t p = (int64_t)(int32_t)rd32(e, ip[3]) * (int32_t)rd32(e, ip[4]);

            wr32(e, ip[1], (uint32_t)p);
            wr32(e, ip[2], (uint32_t)((uint64_t)p >> 32));
            ip += 5;
            break;
        }
        case TCG_OP_MULU2_I64:
        case TCG_OP_MULS2_I64: {
            uint64_t lo, hi;

            if (ip[0] == TCG_OP_MULU2_I64)
                tcg_mulu128(&lo, &hi, rd64(e, ip[3]), rd64(e, ip[4]));
            else
                tcg_muls128(&lo, &hi, rd64(e, ip[3]), rd64(e, ip[4]));
            wr64(e, ip[1], lo);
            wr64(e, ip[2], hi);
            ip += 5;
            break;
        }

        /* CPU state in host memory */
        case TCG_OP_LD_I32: case TCG_OP_LD_I32 | TCI_ENV:
        case TCG_OP_LD_I64: case TCG_OP_LD_I64 | TCI_ENV:
            ip = tci_ld(e, ip);
            break;
        case TCG_OP_ST_I32: case TCG_OP_ST_I32 | TCI_ENV:
        case TCG_OP_ST_I32 | TCI_IMM: case TCG_OP_ST_I32 | TCI_IMM | TCI_ENV:
        case TCG_OP_ST_I64: case TCG_OP_ST_I64 | TCI_ENV:
        case TCG_OP_ST_I64 | TCI_IMM: case TCG_OP_ST_I64 | TCI_IMM | TCI_ENV:
            ip = tci_st(e, ip);
            break;

        /* Guest memory, which may fault: [op, d/v, addr, oi], [op|IMM, addr, oi, imm] */
        case TCG_OP_GUEST_LD_I32:
            cpu->tci_ip = ip;
            wr32(e, ip[1], (uint32_t)softmmu_load(cpu, rd64(e, ip[2]), ip[3]));
            ip += 4;
            break;
        case TCG_OP_GUEST_LD_I64:
            cpu->tci_ip = ip;
            wr64(e, ip[1], softmmu_load(cpu, rd64(e, ip[2]), ip[3]));
            ip += 4;
            break;
        case TCG_OP_GUEST_ST_I32:
            cpu->tci_ip = ip;
            softmmu_store(cpu, rd64(e, ip[2]), rd32(e, ip[1]), ip[3]);
            ip += 4;
            break;
        case TCG_OP_GUEST_ST_I32 | TCI_IMM:
            cpu->tci_ip = ip;
            softmmu_store(cpu, rd64(e, ip[1]), ip[3], ip[2]);
            ip += 4;
            break;
        case TCG_OP_GUEST_ST_I64:
            cpu->tci_ip = ip;
            softmmu_store(cpu, rd64(e, ip[2]), rd64(e, ip[1]), ip[3]);
            ip += 4;
            break;
        case TCG_OP_GUEST_ST_I64 | TCI_IMM:
            cpu->tci_ip = ip;
            softmmu_store(cpu, rd64(e, ip[1]), tci_imm64(ip + 3), ip[2]);
            ip += 5;
            break;

        case TCG_OP_CALL:
            cpu->tci_ip = ip;
            ip = tci_call(env, ip);
            break;
        case TCG_OP_MB:
            atomic_thread_fence(memory_order_seq_cst);
            ip += 1;
            break;

        /* Leaving the TB, or chaining to the next without returning. */
        case TCG_OP_GOTO_TB: {
            unsigned slot = ip[1];
            TranslationBlock *next = __atomic_load_n(&tb->jmp_dest[slot], __ATOMIC_ACQUIRE);

            if (!next || atomic_load_explicit(&cpu->exit_request, memory_order_relaxed))
                return (uintptr_t)tb | slot;
            tb = next;
            goto enter;
        }
        case TCG_OP_GOTO_PTR: {
            TranslationBlock *next = tci_lookup_tb ? tci_lookup_tb(env) : NULL;

            if (!next)
                return (uintptr_t)tb | TB_EXIT_NOCHAIN;
            tb = next;
            goto enter;
        }
        case TCG_OP_EXIT_TB:
            return (uintptr_t)tci_imm64(ip + 1);
        default:
            abort();        /* not bytecode: a gen_code bug */
        }
    }
}

