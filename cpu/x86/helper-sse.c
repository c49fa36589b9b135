/*
 * MMX/SSE helpers: see helper-sse.h. Semantics from the SDM Vol.2 pages.
 * Operands are copied into local YMMRegs first and the result written back
 * last, so a destination may alias a source and a fault (#XM) leaves the
 * destination untouched. Elements are reached only through the ymm_get_* /
 * ymm_set_* accessors: the lanes are in element order on every host.
 */
#include "cpu/x86/helper-sse.h"

#include <string.h>

#include "cpu/x86/cpu.h"
#include "cpu/x86/decode.h"
#include "cpu/x86/excp.h"
#include "cpu/x86/x86-tcg.h"
#include "tcg/softmmu.h"

#define ENV ((CPUX86State *)env)

static void vec_get(void *env, uint64_t off, YMMReg *v, unsigned nq)
{
    memset(v, 0, sizeof(*v));
    memcpy(v->q, (char *)env + off, nq * 8);
}

static void vec_put(void *env, uint64_t off, const YMMReg *v, unsigned nq)
{
    memcpy((char *)env + off, v->q, nq * 8);
}

/* Element i of `bits` width, zero-extended. */
static uint64_t get_e(const YMMReg *r, unsigned bits, unsigned i)
{
    switch (bits) {
    case 8: return ymm_get_b(r, i);
    case 16: return ymm_get_w(r, i);
    case 32: return ymm_get_d(r, i);
    default: return r->q[i];
    }
}

static void set_e(YMMReg *r, unsigned bits, unsigned i, uint64_t v)
{
    switch (bits) {
    case 8: ymm_set_b(r, i, (uint8_t)v); break;
    case 16: ymm_set_w(r, i, (uint16_t)v); break;
    case 32: ymm_set_d(r, i, (uint32_t)v); break;
    default: r->q[i] = v; break;
    }
}

static int64_t sx(uint64_t v, unsigned bits)
{
    return bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static uint64_t mask_of(unsigned bits)
{
    return bits == 64 ? ~0ull : (1ull << bits) - 1;
}

static uint64_t sat_s(int64_t v, unsigned bits)
{
    int64_t max = (int64_t)(mask_of(bits) >> 1), min = -max - 1;

    return (uint64_t)(v > max ? max : v < min ? min : v) & mask_of(bits);
}

static uint64_t sat_u(int64_t v, unsigned bits)
{
    int64_t max = (int64_t)mask_of(bits);

    return (uint64_t)(v > max ? max : v < 0 ? 0 : v);
}

/* ---- Element-wise integer operations ------------------------------------------ */

/* Element width of an element-wise operation, 0 for the others. */
static unsigned elem_bits(unsigned insn)
{
    switch (insn) {
    case X86_INSN_PADDB: case X86_INSN_PSUBB: case X86_INSN_PADDSB: case X86_INSN_PSUBSB:
    case X86_INSN_PADDUSB: case X86_INSN_PSUBUSB: case X86_INSN_PAVGB: case X86_INSN_PMINUB:
    case X86_INSN_PMAXUB: case X86_INSN_PMINSB: case X86_INSN_PMAXSB: case X86_INSN_PCMPEQB:
    case X86_INSN_PCMPGTB: case X86_INSN_PSIGNB: case X86_INSN_PABSB:
        return 8;
    case X86_INSN_PADDW: case X86_INSN_PSUBW: case X86_INSN_PADDSW: case X86_INSN_PSUBSW:
    case X86_INSN_PADDUSW: case X86_INSN_PSUBUSW: case X86_INSN_PAVGW: case X86_INSN_PMINUW:
    case X86_INSN_PMAXUW: case X86_INSN_PMINSW: case X86_INSN_PMAXSW: case X86_INSN_PCMPEQW:
    case X86_INSN_PCMPGTW: case X86_INSN_PSIGNW: case X86_INSN_PABSW: case X86_INSN_PMULLW:
    case X86_INSN_PMULHW: case X86_INSN_PMULHUW: case X86_INSN_PMULHRSW:
        return 16;
    case X86_INSN_PADDD: case X86_INSN_PSUBD: case X86_INSN_PMINUD: case X86_INSN_PMAXUD:
    case X86_INSN_PMINSD: case X86_INSN_PMAXSD: case X86_INSN_PCMPEQD: case X86_INSN_PCMPGTD:
    case X86_INSN_PSIGND: case X86_INSN_PABSD: case X86_INSN_PMULLD:
        return 32;
    case X86_INSN_PADDQ: case X86_INSN_PSUBQ: case X86_INSN_PCMPEQQ: case X86_INSN_PCMPGTQ:
    case X86_INSN_PMULUDQ: case X86_INSN_PMULDQ:
    case X86_INSN_PAND: case X86_INSN_PANDN: case X86_INSN_POR: case X86_INSN_PXOR:
    case X86_INSN_ANDPS: case X86_INSN_ANDPD: case X86_INSN_ANDNPS: case X86_INSN_ANDNPD:
    case X86_INSN_ORPS: case X86_INSN_ORPD: case X86_INSN_XORPS: case X86_INSN_XORPD:
        return 64;
    default:
        return 0;
    }
}

static uint64_t elem_op(unsigned insn, uint64_t a, uint64_t b, unsigned bits)
{
    int64_t sa = sx(a, bits), sb = sx(b, bits);
    uint64_t m = mask_of(bits);

    switch (insn) {
    case X86_INSN_PADDB: case X86_INSN_PADDW: case X86_INSN_PADDD: case X86_INSN_PADDQ:
        return (a + b) & m;
    case X86_INSN_PSUBB: case X86_INSN_PSUBW: case X86_INSN_PSUBD: case X86_INSN_PSUBQ:
        return (a - b) & m;
    case X86_INSN_PADDSB: case X86_INSN_PADDSW: return sat_s(sa + sb, bits);
    case X86_INSN_PSUBSB: case X86_INSN_PSUBSW: return sat_s(sa - sb, bits);
    case X86_INSN_PADDUSB: case X86_INSN_PADDUSW: return sat_u((int64_t)(a + b), bits);
    case X86_INSN_PSUBUSB: case X86_INSN_PSUBUSW: return a > b ? a - b : 0;
    case X86_INSN_PAVGB: case X86_INSN_PAVGW: return (a + b + 1) >> 1;
    case X86_INSN_PMINUB: case X86_INSN_PMINUW: case X86_INSN_PMINUD: return a < b ? a : b;
    case X86_INSN_PMAXUB: case X86_INSN_PMAXUW: case X86_INSN_PMAXUD: return a > b ? a : b;
    case X86_INSN_PMINSB: case X86_INSN_PMINSW: case X86_INSN_PMINSD: return sa < sb ? a : b;
    case X86_INSN_PMAXSB: case X86_INSN_PMAXSW: case X86_INSN_PMAXSD: return sa > sb ? a : b;
    case X86_INSN_PCMPEQB: case X86_INSN_PCMPEQW: case X86_INSN_PCMPEQD: case X86_INSN_PCMPEQQ:
        return a == b ? m : 0;
    case X86_INSN_PCMPGTB: case X86_INSN_PCMPGTW: case X86_INSN_PCMPGTD: case X86_INSN_PCMPGTQ:
        return sa > sb ? m : 0;
    case X86_INSN_PSIGNB: case X86_INSN_PSIGNW: case X86_INSN_PSIGND:
        return sb < 0 ? (0 - a) & m : sb == 0 ? 0 : a;
    case X86_INSN_PABSB: case X86_INSN_PABSW: case X86_INSN_PABSD:
        return sb < 0 ? (0 - b) & m : b;
    case X86_INSN_PMULLW: case X86_INSN_PMULLD: return (a * b) & m;
    case X86_INSN_PMULHW: return (uint64_t)(sa * sb) >> 16 & m;
    case X86_INSN_PMULHUW: return (a * b) >> 16;
    case X86_INSN_PMULHRSW: return (uint64_t)((((sa * sb) >> 14) + 1) >> 1) & m;
    case X86_INSN_PMULUDQ: return (a & 0xffffffff) * (b & 0xffffffff);
    case X86_INSN_PMULDQ: return (uint64_t)((int64_t)(int32_t)a * (int32_t)b);
    case X86_INSN_PAND: case X86_INSN_ANDPS: case X86_INSN_ANDPD: return a & b;
    case X86_INSN_PANDN: case X86_INSN_ANDNPS: case X86_INSN_ANDNPD: return ~a & b;
    case X86_INSN_POR: case X86_INSN_ORPS: case X86_INSN_ORPD: return a | b;
    default: return a ^ b;                                  /* PXOR, XORPS, XORPD */
    }
}

/* ---- Shapes: packs, unpacks, shifts, shuffles ------------------------------------ */

/* PUNPCKL/H and UNPCKL/H: interleave the low (high) halves of a and b. */
static void unpack(YMMReg *r, const YMMReg *a, const YMMReg *b, unsigned nq, unsigned bits, bool high)
{
    unsigned half = nq * 32 / bits, base = high ? half : 0;

    for (unsigned i = 0; i < half; i++) {
        set_e(r, bits, 2 * i, get_e(a, bits, base + i));
        set_e(r, bits, 2 * i + 1, get_e(b, bits, base + i));
    }
}

/* PACKSS/PACKUS: a's elements narrowed, then b's. */
static void pack(YMMReg *r, const YMMReg *a, const YMMReg *b, unsigned nq, unsigned bits, bool sign)
{
    unsigned n = nq * 64 / bits;

    for (unsigned i = 0; i < 2 * n; i++) {
        int64_t v = sx(get_e(i < n ? a : b, bits, i % n), bits);
        set_e(r, bits / 2, i, sign ? sat_s(v, bits / 2) : sat_u(v, bits / 2));
    }
}

/* PSRL/PSRA/PSLL by count (the whole 64-bit count: above the width clears,
 * or fills with the sign). */
static void shift(YMMReg *r, const YMMReg *a, unsigned nq, unsigned bits, uint64_t count, int kind)
{
    unsigned n = nq * 64 / bits;

    for (unsigned i = 0; i < n; i++) {
        uint64_t v = get_e(a, bits, i);

        if (kind == 2)                  /* arithmetic */
            v = (uint64_t)(sx(v, bits) >> (count >= bits ? bits - 1 : count));
        else if (count >= bits)
            v = 0;
        else
            v = kind ? v >> count : v << count;
        set_e(r, bits, i, v & mask_of(bits));
    }
}

/* ---- AES (FIPS-197) and carry-less multiply ---------------------------------------- */

static uint8_t aes_sbox(uint8_t x, bool inv);

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;

    while (b) {
        if (b & 1)
            p ^= a;
        a = (uint8_t)((a << 1) ^ (a & 0x80 ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}

static uint8_t gf_inv(uint8_t x)
{
    uint8_t r = x;

    /* x^254 */
    for (int i = 0; i < 6; i++)
        r = gf_mul(gf_mul(r, r), x);
    return x ? gf_mul(r, r) : 0;
}

static uint8_t aes_sbox(uint8_t x, bool inv)
{
    if (!inv) {
        uint8_t b = gf_inv(x), r = b;
        for (int i = 1; i < 5; i++)
            r ^= (uint8_t)(b << i | b >> (8 - i));
        return r ^ 0x63;
    }
    uint8_t y = (uint8_t)((x << 1 | x >> 7) ^ (x << 3 | x >> 5) ^ (x << 6 | x >> 2) ^ 0x05);
    return gf_inv(y);
}

/* The state is the 16 bytes in column order: byte 4c+r is row r, column c. */
static void aes_round(YMMReg *st, bool dec, bool last)
{
    YMMReg t = *st;

    for (unsigned c = 0; c < 4; c++) {
        for (unsigned r = 0; r < 4; r++) {
            /* ShiftRows (InvShiftRows) then SubBytes (InvSubBytes) */
            unsigned from = dec ? 4 * ((c + 4 - r) % 4) + r : 4 * ((c + r) % 4) + r;
            ymm_set_b(&t, 4 * c + r, aes_sbox(ymm_get_b(st, from), dec));
        }
    }
    if (!last) {
        YMMReg m = t;
        for (unsigned c = 0; c < 4; c++) {
            uint8_t a[4];
            for (unsigned r = 0; r < 4; r++)
                a[r] = ymm_get_b(&t, 4 * c + r);
            for (unsigned r = 0; r < 4; r++) {
                uint8_t v = dec
                    ? (uint8_t)(gf_mul(a[r], 14) ^ gf_mul(a[(r + 1) % 4], 11) ^
                                gf_mul(a[(r + 2) % 4], 13) ^ gf_mul(a[(r + 3) % 4], 9))
                    : (uint8_t)(gf_mul(a[r], 2) ^ gf_mul(a[(r + 1) % 4], 3) ^
                                a[(r + 2) % 4] ^ a[(r + 3) % 4]);
                ymm_set_b(&m, 4 * c + r, v);
            }
        }
        t = m;
    }
    *st = t;
}

static void aes_imc(YMMReg *st)
{
    YMMReg m = *st;

    for (unsigned c = 0; c < 4; c++) {
        uint8_t a[4];
        for (unsigned r = 0; r < 4; r++)
            a[r] = ymm_get_b(st, 4 * c + r);
        for (unsigned r = 0; r < 4; r++)
            ymm_set_b(&m, 4 * c + r, (uint8_t)(gf_mul(a[r], 14) ^ gf_mul(a[(r + 1) % 4], 11) ^
                                               gf_mul(a[(r + 2) % 4], 13) ^ gf_mul(a[(r + 3) % 4], 9)));
    }
    *st = m;
}

static uint32_t aes_subword(uint32_t w)
{
    uint32_t r = 0;

    for (unsigned i = 0; i < 4; i++)
        r |= (uint32_t)aes_sbox((uint8_t)(w >> (8 * i)), false) << (8 * i);
    return r;
}

static void clmul(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    uint64_t l = 0, h = 0;

    for (unsigned i = 0; i < 64; i++) {
        if (b >> i & 1) {
            l ^= a << i;
            if (i)
                h ^= a >> (64 - i);
        }
    }
    *lo = l;
    *hi = h;
}

/* ---- The integer helper --------------------------------------------------------- */

/* The low 4 bytes (words: 2) of x, spread to every other byte (word). */
static uint64_t spread8(uint64_t x)
{
    return (x & 0xff) | (x & 0xff00) << 8 | (x & 0xff0000) << 16 | (x & 0xff000000) << 24;
}

static uint64_t spread16(uint64_t x)
{
    return (x & 0xffff) | (x & 0xffff0000) << 16;
}

/*
 * The XMM forms of the shuffles libc's string functions use to broadcast a
 * byte (PUNPCKL*, PSHUFD) and to realign (PALIGNR), on the two quadwords
 * directly: the general path
 * below costs two YMMReg clears and a get_e/set_e call per element, and was
 * a tenth of busybox sort's time. False: not one of these.
 */
static bool sse_int_fast(void *env, unsigned insn, uint64_t dst, uint64_t src, uint64_t imm)
{
    uint64_t a[2], b[2], r[2];

    switch (insn) {
    case X86_INSN_PUNPCKLBW: case X86_INSN_PUNPCKLWD: case X86_INSN_PUNPCKLDQ:
    case X86_INSN_PUNPCKLQDQ: case X86_INSN_PSHUFD: case X86_INSN_PALIGNR:
        break;
    default:
        return false;
    }
    memcpy(a, (char *)env + dst, 16);
    memcpy(b, (char *)env + src, 16);
    switch (insn) {
    case X86_INSN_PUNPCKLBW:
        r[0] = spread8(a[0]) | spread8(b[0]) << 8;
        r[1] = spread8(a[0] >> 32) | spread8(b[0] >> 32) << 8;
        break;
    case X86_INSN_PUNPCKLWD:
        r[0] = spread16(a[0]) | spread16(b[0]) << 16;
        r[1] = spread16(a[0] >> 32) | spread16(b[0] >> 32) << 16;
        break;
    case X86_INSN_PUNPCKLDQ:
        r[0] = (a[0] & 0xffffffffull) | b[0] << 32;
        r[1] = a[0] >> 32 | (b[0] >> 32) << 32;
        break;
    case X86_INSN_PUNPCKLQDQ:
        r[0] = a[0];
        r[1] = b[0];
        break;
    case X86_INSN_PALIGNR: {       /* dst:src (32 bytes) shifted right by imm bytes */
        uint64_t t[6] = { b[0], b[1], a[0], a[1], 0, 0 };
        unsigned q = (unsigned)(imm >> 3), sh = (unsigned)(imm & 7) * 8;

        if (imm >= 32) {
            r[0] = r[1] = 0;
            break;
        }
        for (unsigned j = 0; j < 2; j++)
            r[j] = t[q + j] >> sh | (sh ? t[q + j + 1] << (64 - sh) : 0);
        break;
    }
    default: {                     /* PSHUFD: dword i from source dword imm[2i+1:2i] */
        uint64_t d[4] = { b[0] & 0xffffffffull, b[0] >> 32, b[1] & 0xffffffffull, b[1] >> 32 };

        r[0] = d[imm & 3] | d[imm >> 2 & 3] << 32;
        r[1] = d[imm >> 4 & 3] | d[imm >> 6 & 3] << 32;
        break;
    }
    }
    memcpy((char *)env + dst, r, 16);
    return true;
}

uint64_t helper_sse_int(void *env, uint64_t insn, uint64_t dst, uint64_t src,
                        uint64_t nq, uint64_t imm)
{
    unsigned dn = nq & 15, sn = (nq >> 4) & 15, bits = elem_bits((unsigned)insn);
    unsigned nbytes = dn * 8;
    YMMReg a, b, r;
    uint64_t ret = 0;

    if (dn == 2 && sn == 2 && dst && sse_int_fast(env, (unsigned)insn, dst, src, imm))
        return 0;

    vec_get(env, src, &b, sn);
    if (dst)
        vec_get(env, dst, &a, dn);
    else
        memset(&a, 0, sizeof(a));
    r = a;
    if (bits) {
        for (unsigned i = 0; i < dn * 64 / bits; i++)
            set_e(&r, bits, i, elem_op((unsigned)insn, get_e(&a, bits, i), get_e(&b, bits, i), bits));
        vec_put(env, dst, &r, dn);
        return 0;
    }
    switch (insn) {
    case X86_INSN_PUNPCKLBW: unpack(&r, &a, &b, dn, 8, false); break;
    case X86_INSN_PUNPCKLWD: unpack(&r, &a, &b, dn, 16, false); break;
    case X86_INSN_PUNPCKLDQ: case X86_INSN_UNPCKLPS: unpack(&r, &a, &b, dn, 32, false); break;
    case X86_INSN_PUNPCKLQDQ: case X86_INSN_UNPCKLPD: unpack(&r, &a, &b, dn, 64, false); break;
    case X86_INSN_PUNPCKHBW: unpack(&r, &a, &b, dn, 8, true); break;
    case X86_INSN_PUNPCKHWD: unpack(&r, &a, &b, dn, 16, true); break;
    case X86_INSN_PUNPCKHDQ: case X86_INSN_UNPCKHPS: unpack(&r, &a, &b, dn, 32, true); break;
    case X86_INSN_PUNPCKHQDQ: case X86_INSN_UNPCKHPD: unpack(&r, &a, &b, dn, 64, true); break;
    case X86_INSN_PACKSSWB: pack(&r, &a, &b, dn, 16, true); break;
    case X86_INSN_PACKSSDW: pack(&r, &a, &b, dn, 32, true); break;
    case X86_INSN_PACKUSWB: pack(&r, &a, &b, dn, 16, false); break;
    case X86_INSN_PACKUSDW: pack(&r, &a, &b, dn, 32, false); break;
    case X86_INSN_PSRLW: shift(&r, &a, dn, 16, b.q[0], 1); break;
    case X86_INSN_PSRLD: shift(&r, &a, dn, 32, b.q[0], 1); break;
    case X86_INSN_PSRLQ: shift(&r, &a, dn, 64, b.q[0], 1); break;
    case X86_INSN_PSRAW: shift(&r, &a, dn, 16, b.q[0], 2); break;
    case X86_INSN_PSRAD: shift(&r, &a, dn, 32, b.q[0], 2); break;
    case X86_INSN_PSLLW: shift(&r, &a, dn, 16, b.q[0], 0); break;
    case X86_INSN_PSLLD: shift(&r, &a, dn, 32, b.q[0], 0); break;
    case X86_INSN_PSLLQ: shift(&r, &a, dn, 64, b.q[0], 0); break;
    case X86_INSN_PSRLDQ: case X86_INSN_PSLLDQ: {
        unsigned n = b.q[0] > 16 ? 16 : (unsigned)b.q[0];
        for (unsigned i = 0; i < 16; i++) {
            unsigned j = insn == X86_INSN_PSRLDQ ? i + n : i - n;
            ymm_set_b(&r, i, j < 16 ? ymm_get_b(&a, j) : 0);
        }
        break;
    }
    case X86_INSN_PMADDWD:
        for (unsigned i = 0; i < dn * 2; i++) {
            int64_t s = sx(ymm_get_w(&a, 2 * i), 16) * sx(ymm_get_w(&b, 2 * i), 16) +
                        sx(ymm_get_w(&a, 2 * i + 1), 16) * sx(ymm_get_w(&b, 2 * i + 1), 16);
            ymm_set_d(&r, i, (uint32_t)s);
        }
        break;
    case X86_INSN_PSADBW:
        for (unsigned q = 0; q < dn; q++) {
            unsigned s = 0;
            for (unsigned i = 8 * q; i < 8 * q + 8; i++) {
                int d = ymm_get_b(&a, i) - ymm_get_b(&b, i);
                s += (unsigned)(d < 0 ? -d : d);
            }
            r.q[q] = s;
        }
        break;
    case X86_INSN_PSHUFW:
        for (unsigned i = 0; i < 4; i++)
            ymm_set_w(&r, i, ymm_get_w(&b, imm >> (2 * i) & 3));
        break;
    case X86_INSN_PSHUFD:
        for (unsigned i = 0; i < 4; i++)
            ymm_set_d(&r, i, ymm_get_d(&b, imm >> (2 * i) & 3));
        break;
    case X86_INSN_PSHUFLW: case X86_INSN_PSHUFHW: {
        unsigned base = insn == X86_INSN_PSHUFHW ? 4 : 0;
        r = b;
        for (unsigned i = 0; i < 4; i++)
            ymm_set_w(&r, base + i, ymm_get_w(&b, base + (imm >> (2 * i) & 3)));
        break;
    }
    case X86_INSN_SHUFPS:
        ymm_set_d(&r, 0, ymm_get_d(&a, imm & 3));
        ymm_set_d(&r, 1, ymm_get_d(&a, imm >> 2 & 3));
        ymm_set_d(&r, 2, ymm_get_d(&b, imm >> 4 & 3));
        ymm_set_d(&r, 3, ymm_get_d(&b, imm >> 6 & 3));
        break;
    case X86_INSN_SHUFPD:
        r.q[0] = a.q[imm & 1];
        r.q[1] = b.q[imm >> 1 & 1];
        break;
    case X86_INSN_PINSRW: ymm_set_w(&r, (unsigned)imm & (dn * 4 - 1), ymm_get_w(&b, 0)); break;
    case X86_INSN_PINSRB: ymm_set_b(&r, imm & 15, ymm_get_b(&b, 0)); break;
    case X86_INSN_PINSRD: ymm_set_d(&r, imm & 3, ymm_get_d(&b, 0)); break;
    case X86_INSN_PINSRQ: r.q[imm & 1] = b.q[0]; break;
    case X86_INSN_INSERTPS: {
        /* imm bit 8 (ours): the source was memory, a single dword */
        uint32_t v = (imm & 0x100) ? ymm_get_d(&b, 0) : ymm_get_d(&b, imm >> 6 & 3);
        ymm_set_d(&r, imm >> 4 & 3, v);
        for (unsigned i = 0; i < 4; i++)
            if (imm >> i & 1)
                ymm_set_d(&r, i, 0);
        break;
    }
    case X86_INSN_PEXTRW: return ymm_get_w(&b, (unsigned)imm & (sn * 4 - 1));
    case X86_INSN_PEXTRB: return ymm_get_b(&b, imm & 15);
    case X86_INSN_PEXTRD: case X86_INSN_EXTRACTPS: return ymm_get_d(&b, imm & 3);
    case X86_INSN_PEXTRQ: return b.q[imm & 1];
    case X86_INSN_PMOVMSKB:
        for (unsigned i = 0; i < sn * 8; i++)
            ret |= (uint64_t)(ymm_get_b(&b, i) >> 7) << i;
        return ret;
    case X86_INSN_MOVMSKPS:
        for (unsigned i = 0; i < 4; i++)
            ret |= (uint64_t)(ymm_get_d(&b, i) >> 31) << i;
        return ret;
    case X86_INSN_MOVMSKPD:
        return (b.q[0] >> 63) | (b.q[1] >> 63) << 1;
    case X86_INSN_MOVSLDUP: case X86_INSN_MOVSHDUP: {
        unsigned o = insn == X86_INSN_MOVSHDUP;
        for (unsigned i = 0; i < 4; i++)
            ymm_set_d(&r, i, ymm_get_d(&b, (i & ~1u) + o));
        break;
    }
    case X86_INSN_MOVDDUP: r.q[0] = r.q[1] = b.q[0]; break;
    case X86_INSN_PSHUFB:
        for (unsigned i = 0; i < nbytes; i++) {
            uint8_t s = ymm_get_b(&b, i);
            ymm_set_b(&r, i, (s & 0x80) ? 0 : ymm_get_b(&a, s & (nbytes - 1)));
        }
        break;
    case X86_INSN_PHADDW: case X86_INSN_PHADDSW: case X86_INSN_PHSUBW: case X86_INSN_PHSUBSW:
    case X86_INSN_PHADDD: case X86_INSN_PHSUBD: {
        unsigned eb = (insn == X86_INSN_PHADDD || insn == X86_INSN_PHSUBD) ? 32 : 16;
        unsigned n = dn * 64 / eb, h = n / 2;
        bool sub = insn == X86_INSN_PHSUBW || insn == X86_INSN_PHSUBSW || insn == X86_INSN_PHSUBD;
        bool sat = insn == X86_INSN_PHADDSW || insn == X86_INSN_PHSUBSW;
        for (unsigned i = 0; i < n; i++) {
            const YMMReg *s = i < h ? &a : &b;
            unsigned j = 2 * (i % h);
            int64_t x = sx(get_e(s, eb, j), eb), y = sx(get_e(s, eb, j + 1), eb);
            int64_t v = sub ? x - y : x + y;
            set_e(&r, eb, i, sat ? sat_s(v, eb) : (uint64_t)v & mask_of(eb));
        }
        break;
    }
    case X86_INSN_PMADDUBSW:
        for (unsigned i = 0; i < dn * 4; i++) {
            int64_t v = (int64_t)ymm_get_b(&a, 2 * i) * (int8_t)ymm_get_b(&b, 2 * i) +
                        (int64_t)ymm_get_b(&a, 2 * i + 1) * (int8_t)ymm_get_b(&b, 2 * i + 1);
            ymm_set_w(&r, i, (uint16_t)sat_s(v, 16));
        }
        break;
    case X86_INSN_PALIGNR:
        for (unsigned i = 0; i < nbytes; i++) {
            uint64_t j = i + imm;
            ymm_set_b(&r, i, j < nbytes ? ymm_get_b(&b, (unsigned)j)
                           : j < 2 * nbytes ? ymm_get_b(&a, (unsigned)(j - nbytes)) : 0);
        }
        break;
    case X86_INSN_PMOVSXBW: case X86_INSN_PMOVSXBD: case X86_INSN_PMOVSXBQ:
    case X86_INSN_PMOVSXWD: case X86_INSN_PMOVSXWQ: case X86_INSN_PMOVSXDQ:
    case X86_INSN_PMOVZXBW: case X86_INSN_PMOVZXBD: case X86_INSN_PMOVZXBQ:
    case X86_INSN_PMOVZXWD: case X86_INSN_PMOVZXWQ: case X86_INSN_PMOVZXDQ: {
        static const uint8_t from[] = { 8, 8, 8, 16, 16, 32 }, to[] = { 16, 32, 64, 32, 64, 64 };
        bool sign = insn <= X86_INSN_PMOVSXDQ;
        unsigned k = (unsigned)(insn - (sign ? X86_INSN_PMOVSXBW : X86_INSN_PMOVZXBW));
        for (unsigned i = 0; i < 128u / to[k]; i++) {
            uint64_t v = get_e(&b, from[k], i);
            set_e(&r, to[k], i, sign ? (uint64_t)sx(v, from[k]) & mask_of(to[k]) : v);
        }
        break;
    }
    case X86_INSN_PHMINPOSUW: {
        unsigned min = ymm_get_w(&b, 0), idx = 0;
        for (unsigned i = 1; i < 8; i++) {
            if (ymm_get_w(&b, i) < min) {
                min = ymm_get_w(&b, i);
                idx = i;
            }
        }
        r.q[0] = min | idx << 16;
        r.q[1] = 0;
        break;
    }
    case X86_INSN_PBLENDW:
        for (unsigned i = 0; i < 8; i++)
            if (imm >> i & 1)
                ymm_set_w(&r, i, ymm_get_w(&b, i));
        break;
    case X86_INSN_BLENDPS:
        for (unsigned i = 0; i < 4; i++)
            if (imm >> i & 1)
                ymm_set_d(&r, i, ymm_get_d(&b, i));
        break;
    case X86_INSN_BLENDPD:
        for (unsigned i = 0; i < 2; i++)
            if (imm >> i & 1)
                r.q[i] = b.q[i];
        break;
    case X86_INSN_PBLENDVB: case X86_INSN_BLENDVPS: case X86_INSN_BLENDVPD: {
        /* The mask is the sign of each element of XMM0. */
        unsigned eb = insn == X86_INSN_PBLENDVB ? 8 : insn == X86_INSN_BLENDVPS ? 32 : 64;
        const YMMReg *x0 = &ENV->xmm[0];
        for (unsigned i = 0; i < 128 / eb; i++)
            if (get_e(x0, eb, i) >> (eb - 1))
                set_e(&r, eb, i, get_e(&b, eb, i));
        break;
    }
    case X86_INSN_PTEST: {
        /* ZF = (a AND b) == 0, CF = (NOT a AND b) == 0; the others cleared */
        uint64_t f = 0;
        if (!((a.q[0] & b.q[0]) | (a.q[1] & b.q[1])))
            f |= CC_Z;
        if (!((~a.q[0] & b.q[0]) | (~a.q[1] & b.q[1])))
            f |= CC_C;
        return f;
    }
    case X86_INSN_MPSADBW: {
        unsigned so = (unsigned)(imm & 3) * 4, doff = (unsigned)(imm >> 2 & 1) * 4;
        for (unsigned i = 0; i < 8; i++) {
            unsigned s = 0;
            for (unsigned j = 0; j < 4; j++) {
                int d = ymm_get_b(&a, doff + i + j) - ymm_get_b(&b, so + j);
                s += (unsigned)(d < 0 ? -d : d);
            }
            ymm_set_w(&r, i, (uint16_t)s);
        }
        break;
    }
    case X86_INSN_AESENC: case X86_INSN_AESENCLAST:
    case X86_INSN_AESDEC: case X86_INSN_AESDECLAST:
        aes_round(&r, insn == X86_INSN_AESDEC || insn == X86_INSN_AESDECLAST,
                  insn == X86_INSN_AESENCLAST || insn == X86_INSN_AESDECLAST);
        r.q[0] ^= b.q[0];
        r.q[1] ^= b.q[1];
        break;
    case X86_INSN_AESIMC:
        r = b;
        aes_imc(&r);
        break;
    case X86_INSN_AESKEYGENASSIST: {
        uint32_t x1 = aes_subword(ymm_get_d(&b, 1)), x3 = aes_subword(ymm_get_d(&b, 3));
        uint32_t rcon = (uint32_t)imm & 0xff;
        ymm_set_d(&r, 0, x1);
        ymm_set_d(&r, 1, (x1 >> 8 | x1 << 24) ^ rcon);
        ymm_set_d(&r, 2, x3);
        ymm_set_d(&r, 3, (x3 >> 8 | x3 << 24) ^ rcon);
        break;
    }
    case X86_INSN_PCLMULQDQ:
        clmul(a.q[imm & 1], b.q[imm >> 4 & 1], &r.q[0], &r.q[1]);
        break;
    default:
        x86_raise_exception(ENV, EXCP_UD);
    }
    vec_put(env, dst, &r, dn);
    return 0;
}

/* ---- Floating point --------------------------------------------------------------- */

enum { MXCSR_DAZ = 1u << 6, MXCSR_FTZ = 1u << 15 };
#define FLAGS_PRE (FLOAT_FLAG_INVALID | FLOAT_FLAG_DENORMAL | FLOAT_FLAG_DIVBYZERO)

static void fs_init(const CPUX86State *env, FloatStatus *fs)
{
    memset(fs, 0, sizeof(*fs));
    fs->rounding = (uint8_t)(env->mxcsr >> 13 & 3);
    fs->flush_to_zero = (env->mxcsr & MXCSR_FTZ) != 0;
    fs->denormals_are_zero = (env->mxcsr & MXCSR_DAZ) != 0;
    fs->x87_precision = FLOATX80_PREC_64;
}

/*
 * SDM Vol.1 11.5.2: an unmasked pre-computation exception (IE, DE, ZE) in
 * any element faults with only those flags recorded; else an unmasked
 * post-computation one (OE, UE, PE) faults with all flags recorded. The
 * destination is written only when nothing faults.
 */
static void fp_finish(CPUX86State *env, unsigned flags)
{
    unsigned unmasked = flags & ~(env->mxcsr >> 7) & 0x3f;

    flags &= 0x3f;
    if (unmasked & FLAGS_PRE) {
        env->mxcsr |= flags & FLAGS_PRE;
        x86_raise_exception(env, EXCP_XM);
    }
    if (unmasked) {
        env->mxcsr |= flags;
        x86_raise_exception(env, EXCP_XM);
    }
    env->mxcsr |= flags;
}

static float32 f32_op(unsigned op, float32 a, float32 b, FloatStatus *fs)
{
    switch (op) {
    case 0: return float32_add(a, b, fs);
    case 1: return float32_sub(a, b, fs);
    case 2: return float32_mul(a, b, fs);
    case 3: return float32_div(a, b, fs);
    case 4: return float32_min(a, b, fs);
    case 5: return float32_max(a, b, fs);
    default: return float32_sqrt(b, fs);
    }
}

static float64 f64_op(unsigned op, float64 a, float64 b, FloatStatus *fs)
{
    switch (op) {
    case 0: return float64_add(a, b, fs);
    case 1: return float64_sub(a, b, fs);
    case 2: return float64_mul(a, b, fs);
    case 3: return float64_div(a, b, fs);
    case 4: return float64_min(a, b, fs);
    case 5: return float64_max(a, b, fs);
    default: return float64_sqrt(b, fs);
    }
}

/*
 * An unmasked UE is raised on tininess alone, exact or not, and with an
 * unmasked UE or OE the PE reported is that of the result rounded with an
 * unbounded exponent (SDM Vol.1 4.9.1.4-5; softfloat gives the masked
 * responses). That rounding is found from the operation in a wider format:
 * inexact there, or nonzero in the bits the narrow significand lacks.
 * op: 0-3 add sub mul div; 7: a float64 converted to float32.
 */
enum { FE_PE = FLOAT_FLAG_INEXACT, FE_UE = FLOAT_FLAG_UNDERFLOW, FE_OE = FLOAT_FLAG_OVERFLOW };

static bool post_unmasked(const CPUX86State *env, unsigned flags, bool denormal_result)
{
    bool um = !(env->mxcsr & (1u << 11)), om = !(env->mxcsr & (1u << 10));

    return (um && ((flags & FE_UE) || denormal_result)) || (om && (flags & FE_OE));
}

static unsigned unbounded_flags(const CPUX86State *env, unsigned flags, bool denormal_result, bool pe)
{
    bool um = !(env->mxcsr & (1u << 11));

    flags = (flags & ~(unsigned)FE_PE) | (pe ? FE_PE : 0);
    if (um && denormal_result)
        flags |= FE_UE;
    return flags;
}

static float32 f32_arith(const CPUX86State *env, unsigned op, uint64_t a, float32 b, FloatStatus *fs)
{
    FloatStatus e = *fs, w;
    float32 r;

    e.flags = 0;
    r = op == 7 ? float64_to_float32(a, &e) : f32_op(op, (float32)a, b, &e);
    bool den = !(r & 0x7f800000) && (r & 0x7fffff);
    if (post_unmasked(env, e.flags, den)) {
        float64 wr;
        w = e;
        w.flush_to_zero = false;
        if (op == 7) {
            /* the source's own significand, normalized if denormal */
            uint64_t m = a & 0xfffffffffffffull;
            wr = m;
            if (!(a & 0x7ff0000000000000ull) && m) {
                while (!(m & (1ull << 52)))
                    m <<= 1;
                wr = fs->denormals_are_zero ? 0 : m;
            }
            w.flags = 0;
        } else {
            float64 wa = float32_to_float64((float32)a, &w), wb = float32_to_float64(b, &w);
            w.flags = 0;
            wr = f64_op(op, wa, wb, &w);
        }
        e.flags = (uint16_t)unbounded_flags(env, e.flags, den,
                                            (w.flags & FE_PE) || (wr & 0x1fffffff));
    }
    fs->flags |= e.flags;
    return r;
}

static float64 f64_arith(const CPUX86State *env, unsigned op, float64 a, float64 b, FloatStatus *fs)
{
    FloatStatus e = *fs, w;
    float64 r;

    e.flags = 0;
    r = f64_op(op, a, b, &e);
    bool den = !(r & 0x7ff0000000000000ull) && (r & 0xfffffffffffffull);
    if (op < 4 && post_unmasked(env, e.flags, den)) {
        floatx80 wa, wb, wr;
        w = e;
        w.flush_to_zero = false;
        w.x87_precision = FLOATX80_PREC_64;
        wa = float64_to_floatx80(a, &w);
        wb = float64_to_floatx80(b, &w);
        w.flags = 0;
        switch (op) {
        case 0: wr = floatx80_add(wa, wb, &w); break;
        case 1: wr = floatx80_sub(wa, wb, &w); break;
        case 2: wr = floatx80_mul(wa, wb, &w); break;
        default: wr = floatx80_div(wa, wb, &w); break;
        }
        e.flags = (uint16_t)unbounded_flags(env, e.flags, den,
                                            (w.flags & FE_PE) || (wr.mant & 0x7ff));
    }
    fs->flags |= e.flags;
    return r;
}

/* Arithmetic identities -> (operation 0-6, shape: 0 PS, 1 PD, 2 SS, 3 SD) */
static bool fp_arith(unsigned insn, unsigned *op, unsigned *shape)
{
    static const uint16_t tab[7][4] = {
        { X86_INSN_ADDPS, X86_INSN_ADDPD, X86_INSN_ADDSS, X86_INSN_ADDSD },
        { X86_INSN_SUBPS, X86_INSN_SUBPD, X86_INSN_SUBSS, X86_INSN_SUBSD },
        { X86_INSN_MULPS, X86_INSN_MULPD, X86_INSN_MULSS, X86_INSN_MULSD },
        { X86_INSN_DIVPS, X86_INSN_DIVPD, X86_INSN_DIVSS, X86_INSN_DIVSD },
        { X86_INSN_MINPS, X86_INSN_MINPD, X86_INSN_MINSS, X86_INSN_MINSD },
        { X86_INSN_MAXPS, X86_INSN_MAXPD, X86_INSN_MAXSS, X86_INSN_MAXSD },
        { X86_INSN_SQRTPS, X86_INSN_SQRTPD, X86_INSN_SQRTSS, X86_INSN_SQRTSD },
    };

    for (unsigned i = 0; i < 7; i++) {
        for (unsigned j = 0; j < 4; j++) {
            if (tab[i][j] == insn) {
                *op = i;
                *shape = j;
                return true;
            }
        }
    }
    return false;
}

static uint64_t comi_flags(FloatRelation rel)
{
    switch (rel) {
    case FLOAT_RELATION_UNORDERED: return CC_Z | CC_P | CC_C;
    case FLOAT_RELATION_LESS: return CC_C;
    case FLOAT_RELATION_EQUAL: return CC_Z;
    default: return 0;
    }
}

uint64_t helper_sse_fp(void *env, uint64_t insn, uint64_t dst, uint64_t src,
                       uint64_t nq, uint64_t imm)
{
    unsigned dn = nq & 15, sn = (nq >> 4) & 15, op, shape;
    FloatStatus fs;
    YMMReg a, b, r;
    uint64_t ret = 0;

    fs_init(ENV, &fs);
    vec_get(env, src, &b, sn);
    if (dst)
        vec_get(env, dst, &a, dn);
    else
        memset(&a, 0, sizeof(a));
    r = a;
    if (fp_arith((unsigned)insn, &op, &shape)) {
        switch (shape) {
        case 0: case 2:
            for (unsigned i = 0; i < (shape ? 1u : 4u); i++)
                ymm_set_d(&r, i, op < 4 ? f32_arith(ENV, op, ymm_get_d(&a, i), ymm_get_d(&b, i), &fs)
                                        : f32_op(op, ymm_get_d(&a, i), ymm_get_d(&b, i), &fs));
            break;
        default:
            for (unsigned i = 0; i < (shape == 3 ? 1u : 2u); i++)
                r.q[i] = f64_arith(ENV, op, a.q[i], b.q[i], &fs);
            break;
        }
        fp_finish(ENV, fs.flags);
        vec_put(env, dst, &r, dn);
        return 0;
    }
    switch (insn) {
    case X86_INSN_CMPPS: case X86_INSN_CMPSS:
        for (unsigned i = 0; i < (insn == X86_INSN_CMPSS ? 1u : 4u); i++)
            ymm_set_d(&r, i, float32_cmp_predicate(ymm_get_d(&a, i), ymm_get_d(&b, i),
                                                   imm & 7, &fs) ? ~0u : 0);
        break;
    case X86_INSN_CMPPD: case X86_INSN_CMPSD:
        for (unsigned i = 0; i < (insn == X86_INSN_CMPSD ? 1u : 2u); i++)
            r.q[i] = float64_cmp_predicate(a.q[i], b.q[i], imm & 7, &fs) ? ~0ull : 0;
        break;
    case X86_INSN_COMISS: case X86_INSN_UCOMISS:
        ret = comi_flags(insn == X86_INSN_COMISS
                         ? float32_compare(ymm_get_d(&a, 0), ymm_get_d(&b, 0), &fs)
                         : float32_compare_quiet(ymm_get_d(&a, 0), ymm_get_d(&b, 0), &fs));
        fp_finish(ENV, fs.flags);
        return ret;
    case X86_INSN_COMISD: case X86_INSN_UCOMISD:
        ret = comi_flags(insn == X86_INSN_COMISD ? float64_compare(a.q[0], b.q[0], &fs)
                                                 : float64_compare_quiet(a.q[0], b.q[0], &fs));
        fp_finish(ENV, fs.flags);
        return ret;
    case X86_INSN_HADDPS: case X86_INSN_HSUBPS:
        for (unsigned i = 0; i < 4; i++) {
            const YMMReg *s = i < 2 ? &a : &b;
            unsigned j = 2 * (i & 1);
            ymm_set_d(&r, i, f32_arith(ENV, insn == X86_INSN_HSUBPS, ymm_get_d(s, j), ymm_get_d(s, j + 1), &fs));
        }
        break;
    case X86_INSN_HADDPD: case X86_INSN_HSUBPD:
        r.q[0] = f64_arith(ENV, insn == X86_INSN_HSUBPD, a.q[0], a.q[1], &fs);
        r.q[1] = f64_arith(ENV, insn == X86_INSN_HSUBPD, b.q[0], b.q[1], &fs);
        break;
    case X86_INSN_ADDSUBPS:
        for (unsigned i = 0; i < 4; i++)
            ymm_set_d(&r, i, f32_arith(ENV, !(i & 1), ymm_get_d(&a, i), ymm_get_d(&b, i), &fs));
        break;
    case X86_INSN_ADDSUBPD:
        r.q[0] = f64_arith(ENV, 1, a.q[0], b.q[0], &fs);
        r.q[1] = f64_arith(ENV, 0, a.q[1], b.q[1], &fs);
        break;
    case X86_INSN_CVTPS2PD:
        r.q[0] = float32_to_float64(ymm_get_d(&b, 0), &fs);
        r.q[1] = float32_to_float64(ymm_get_d(&b, 1), &fs);
        break;
    case X86_INSN_CVTPD2PS:
        ymm_set_d(&r, 0, f32_arith(ENV, 7, b.q[0], 0, &fs));
        ymm_set_d(&r, 1, f32_arith(ENV, 7, b.q[1], 0, &fs));
        r.q[1] = 0;
        break;
    case X86_INSN_CVTSS2SD: r.q[0] = float32_to_float64(ymm_get_d(&b, 0), &fs); break;
    case X86_INSN_CVTSD2SS:
        ymm_set_d(&r, 0, f32_arith(ENV, 7, b.q[0], 0, &fs));
        break;
    case X86_INSN_CVTDQ2PS:
        for (unsigned i = 0; i < 4; i++)
            ymm_set_d(&r, i, int32_to_float32((int32_t)ymm_get_d(&b, i), &fs));
        break;
    case X86_INSN_CVTPS2DQ: case X86_INSN_CVTTPS2DQ:
        for (unsigned i = 0; i < 4; i++)
            ymm_set_d(&r, i, (uint32_t)(insn == X86_INSN_CVTPS2DQ ? float32_to_int32(ymm_get_d(&b, i), &fs)
                                        : float32_to_int32_trunc(ymm_get_d(&b, i), &fs)));
        break;
    case X86_INSN_CVTDQ2PD: case X86_INSN_CVTPI2PD:
        r.q[0] = int32_to_float64((int32_t)ymm_get_d(&b, 0));
        r.q[1] = int32_to_float64((int32_t)ymm_get_d(&b, 1));
        break;
    case X86_INSN_CVTPD2DQ: case X86_INSN_CVTTPD2DQ:
    case X86_INSN_CVTPD2PI: case X86_INSN_CVTTPD2PI: {
        bool t = insn == X86_INSN_CVTTPD2DQ || insn == X86_INSN_CVTTPD2PI;
        for (unsigned i = 0; i < 2; i++)
            ymm_set_d(&r, i, (uint32_t)(t ? float64_to_int32_trunc(b.q[i], &fs) : float64_to_int32(b.q[i], &fs)));
        r.q[1] = 0;
        break;
    }
    case X86_INSN_CVTPI2PS:
        for (unsigned i = 0; i < 2; i++)
            ymm_set_d(&r, i, int32_to_float32((int32_t)ymm_get_d(&b, i), &fs));
        break;
    case X86_INSN_CVTPS2PI: case X86_INSN_CVTTPS2PI:
        for (unsigned i = 0; i < 2; i++)
            ymm_set_d(&r, i, (uint32_t)(insn == X86_INSN_CVTPS2PI ? float32_to_int32(ymm_get_d(&b, i), &fs)
                                        : float32_to_int32_trunc(ymm_get_d(&b, i), &fs)));
        break;
    case X86_INSN_CVTSI2SS:
        ymm_set_d(&r, 0, imm == 8 ? int64_to_float32((int64_t)b.q[0], &fs)
                                  : int32_to_float32((int32_t)b.q[0], &fs));
        break;
    case X86_INSN_CVTSI2SD:
        r.q[0] = imm == 8 ? int64_to_float64((int64_t)b.q[0], &fs) : int32_to_float64((int32_t)b.q[0]);
        break;
    case X86_INSN_CVTSS2SI: case X86_INSN_CVTTSS2SI: {
        float32 v = ymm_get_d(&b, 0);
        if (insn == X86_INSN_CVTSS2SI)
            ret = imm == 8 ? (uint64_t)float32_to_int64(v, &fs) : (uint32_t)float32_to_int32(v, &fs);
        else
            ret = imm == 8 ? (uint64_t)float32_to_int64_trunc(v, &fs) : (uint32_t)float32_to_int32_trunc(v, &fs);
        fp_finish(ENV, fs.flags);
        return ret;
    }
    case X86_INSN_CVTSD2SI: case X86_INSN_CVTTSD2SI: {
        float64 v = b.q[0];
        if (insn == X86_INSN_CVTSD2SI)
            ret = imm == 8 ? (uint64_t)float64_to_int64(v, &fs) : (uint32_t)float64_to_int32(v, &fs);
        else
            ret = imm == 8 ? (uint64_t)float64_to_int64_trunc(v, &fs) : (uint32_t)float64_to_int32_trunc(v, &fs);
        fp_finish(ENV, fs.flags);
        return ret;
    }
    case X86_INSN_RCPPS: case X86_INSN_RCPSS: case X86_INSN_RSQRTPS: case X86_INSN_RSQRTSS: {
        /* Approximations: the SDM bounds only the error (1.5 * 2^-12).
         * Here the correctly rounded value, denormal inputs read as zero
         * and tiny results flushed, no flags: not bit-exact with any part. */
        bool sq = insn == X86_INSN_RSQRTPS || insn == X86_INSN_RSQRTSS;
        unsigned n = (insn == X86_INSN_RCPSS || insn == X86_INSN_RSQRTSS) ? 1 : 4;
        for (unsigned i = 0; i < n; i++) {
            FloatStatus q = { .rounding = FLOAT_ROUND_NEAREST_EVEN, .flush_to_zero = true,
                              .denormals_are_zero = true };
            float32 x = ymm_get_d(&b, i);
            if (sq)
                x = float32_sqrt(x, &q);
            ymm_set_d(&r, i, float32_div(0x3f800000u, x, &q));
        }
        vec_put(env, dst, &r, dn);
        return 0;
    }
    case X86_INSN_DPPS: {
        /* products of the elements selected by imm[7:4], summed pairwise,
         * the sum written where imm[3:0] selects (SDM DPPS) */
        float32 t[4], sum;
        for (unsigned i = 0; i < 4; i++)
            t[i] = (imm >> (4 + i) & 1) ? f32_arith(ENV, 2, ymm_get_d(&a, i), ymm_get_d(&b, i), &fs) : 0;
        /* each stage faults on its own unmasked exceptions (measured) */
        fp_finish(ENV, fs.flags);
        fs.flags = 0;
        t[0] = f32_arith(ENV, 0, t[0], t[1], &fs);
        t[2] = f32_arith(ENV, 0, t[2], t[3], &fs);
        fp_finish(ENV, fs.flags);
        fs.flags = 0;
        sum = f32_arith(ENV, 0, t[0], t[2], &fs);
        for (unsigned i = 0; i < 4; i++)
            ymm_set_d(&r, i, (imm >> i & 1) ? sum : 0);
        break;
    }
    case X86_INSN_DPPD: {
        float64 t[2], sum;
        for (unsigned i = 0; i < 2; i++)
            t[i] = (imm >> (4 + i) & 1) ? f64_arith(ENV, 2, a.q[i], b.q[i], &fs) : 0;
        fp_finish(ENV, fs.flags);
        fs.flags = 0;
        sum = f64_arith(ENV, 0, t[0], t[1], &fs);
        for (unsigned i = 0; i < 2; i++)
            r.q[i] = (imm >> i & 1) ? sum : 0;
        break;
    }
    case X86_INSN_ROUNDPS:
        for (unsigned i = 0; i < 4; i++)
            ymm_set_d(&r, i, float32_round(ymm_get_d(&b, i), (unsigned)imm, &fs));
        break;
    case X86_INSN_ROUNDSS: ymm_set_d(&r, 0, float32_round(ymm_get_d(&b, 0), (unsigned)imm, &fs)); break;
    case X86_INSN_ROUNDPD:
        for (unsigned i = 0; i < 2; i++)
            r.q[i] = float64_round(b.q[i], (unsigned)imm, &fs);
        break;
    case X86_INSN_ROUNDSD: r.q[0] = float64_round(b.q[0], (unsigned)imm, &fs); break;
    default:
        x86_raise_exception(ENV, EXCP_UD);
    }
    fp_finish(ENV, fs.flags);
    vec_put(env, dst, &r, dn);
    return 0;
}

/* MASKMOVQ/MASKMOVDQU: the bytes of src whose mask byte has its top bit
 * set, stored at linear addr (DS:rDI). Every byte is checked for writing
 * before the first store. */
uint64_t helper_maskmov(void *env, uint64_t src, uint64_t mask, uint64_t nbytes,
                        uint64_t addr, uint64_t memflags)
{
    VCPUCommon *cpu = env;
    MemOpIdx oi = make_memop_idx(MO_8 | (MemOp)memflags, x86_mmu_index(ENV));
    MemOpIdx probe = make_memop_idx(MO_8 | MO_RMW | (MemOp)memflags, x86_mmu_index(ENV));
    YMMReg v, m;

    vec_get(env, src, &v, (unsigned)nbytes / 8);
    vec_get(env, mask, &m, (unsigned)nbytes / 8);
    for (unsigned i = 0; i < nbytes; i++)
        if (ymm_get_b(&m, i) & 0x80)
            softmmu_load(cpu, addr + i, probe);
    for (unsigned i = 0; i < nbytes; i++)
        if (ymm_get_b(&m, i) & 0x80)
            softmmu_store(cpu, addr + i, ymm_get_b(&v, i), oi);
    return 0;
}

/* ---- PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM (SDM Vol.2 4.1) ----------------------- */

/* Explicit length: |reg| (32 or 64 bits), saturated to n. */
static unsigned str_len_explicit(uint64_t reg, bool wide, unsigned n)
{
    int64_t v = wide ? (int64_t)reg : (int32_t)reg;
    uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

    return m > n ? n : (unsigned)m;
}

/* Implicit length: the index of the first zero element. */
static unsigned str_len_implicit(const YMMReg *v, unsigned bits, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (!get_e(v, bits, i))
            return i;
    return n;
}

uint64_t helper_pcmpstr(void *env, uint64_t insn, uint64_t a_off, uint64_t b_off,
                        uint64_t imm, uint64_t wide)
{
    bool words = imm & 1, sign = imm & 2;
    unsigned bits = words ? 16 : 8, n = words ? 8 : 16, agg = (imm >> 2) & 3;
    bool explicit_len = insn == X86_INSN_PCMPESTRI || insn == X86_INSN_PCMPESTRM;
    unsigned la, lb, res = 0;
    uint64_t f = 0;
    YMMReg a, b;

    vec_get(env, a_off, &a, 2);
    vec_get(env, b_off, &b, 2);
    if (explicit_len) {
        la = str_len_explicit(ENV->regs[R_EAX], wide, n);
        lb = str_len_explicit(ENV->regs[R_EDX], wide, n);
    } else {
        la = str_len_implicit(&a, bits, n);
        lb = str_len_implicit(&b, bits, n);
    }
    for (unsigned j = 0; j < n; j++) {
        int64_t bj = sign ? sx(get_e(&b, bits, j), bits) : (int64_t)get_e(&b, bits, j);
        bool r = false;

        switch (agg) {
        case 0:                         /* equal any */
            for (unsigned i = 0; i < la && j < lb; i++)
                r |= get_e(&a, bits, i) == get_e(&b, bits, j);
            break;
        case 1:                         /* ranges: a[i] <= b[j] <= a[i+1] */
            for (unsigned i = 0; i + 1 < la + 1 && i + 1 < n + 1 && j < lb; i += 2) {
                int64_t lo = sign ? sx(get_e(&a, bits, i), bits) : (int64_t)get_e(&a, bits, i);
                int64_t hi = sign ? sx(get_e(&a, bits, i + 1), bits) : (int64_t)get_e(&a, bits, i + 1);
                bool ge = bj >= lo, le = i + 1 < la && bj <= hi;
                r |= ge && le;
            }
            break;
        case 2:                         /* equal each */
            r = (j >= la && j >= lb) ? true : (j >= la || j >= lb) ? false
                : get_e(&a, bits, j) == get_e(&b, bits, j);
            break;
        default:                        /* equal ordered: a occurs at b[j] */
            r = true;
            for (unsigned i = 0, k = j; i < n - j; i++, k++) {
                bool m = i >= la ? true : k >= lb ? false : get_e(&a, bits, i) == get_e(&b, bits, k);
                r &= m;
            }
            break;
        }
        res |= (unsigned)r << j;
    }
    switch ((imm >> 4) & 3) {
    case 1: res ^= (1u << n) - 1; break;
    case 3: res ^= (1u << lb) - 1; break;
    default: break;
    }
    if (insn == X86_INSN_PCMPESTRI || insn == X86_INSN_PCMPISTRI) {
        unsigned idx = n;
        if (res)
            for (unsigned j = 0; j < n; j++)
                if (res >> j & 1) {
                    idx = j;
                    if (!(imm & 0x40))
                        break;
                }
        ENV->regs[R_ECX] = idx;
    } else {
        YMMReg m = { { 0 } };
        if (imm & 0x40) {
            for (unsigned j = 0; j < n; j++)
                set_e(&m, bits, j, (res >> j & 1) ? mask_of(bits) : 0);
        } else {
            m.q[0] = res;
        }
        ENV->xmm[0].q[0] = m.q[0];
        ENV->xmm[0].q[1] = m.q[1];
    }
    if (res)
        f |= CC_C;
    if (lb < n)
        f |= CC_Z;
    if (la < n)
        f |= CC_S;
    if (res & 1)
        f |= CC_O;
    return f;
}
