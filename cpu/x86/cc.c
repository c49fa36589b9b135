/*
 * Lazy condition codes: flags from the recorded operation. The rules are
 * those of the SDM's instruction pages (Vol.2) for each family; flags the
 * SDM leaves undefined are computed as recent Intel cores do where that is
 * known (AF after shifts and logic is 0), and the differential tests mask
 * them otherwise.
 */
#include "cpu/x86/cc.h"

/* PF: set when the low byte of the result has an even number of 1 bits. */
static inline uint32_t parity(uint64_t v)
{
    return __builtin_parity((unsigned)(v & 0xff)) ? 0 : CC_P;
}

/* Inline: cc_compute_all runs on every flags read the translator cannot
 * do in IR, and a call per flag group was a tenth of gzip's time. */
static inline uint32_t zf_sf_pf(uint64_t dst, unsigned bits)
{
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t v = dst & mask;

    return (v == 0 ? CC_Z : 0) | ((v >> (bits - 1)) & 1 ? CC_S : 0) | parity(v);
}

/* The sign bit of v at width bits, placed at OF (bit 11). */
static uint32_t of_from_sign(uint64_t v, unsigned bits)
{
    return ((v >> (bits - 1)) & 1) ? CC_O : 0;
}

/* CF (bit 0) and OF (bit 11) of a CC_OP_ROT op from the rotated result r:
 * ROL: CF the new low bit, OF MSB ^ CF; ROR: CF the new MSB, OF the two top
 * bits XORed. */
static uint32_t rot_c_o(uint64_t r, unsigned cc_op)
{
    unsigned bits = 8u << (cc_op & 3);
    uint32_t msb = (r >> (bits - 1)) & 1, cf, of;

    if (cc_op & 4) {
        cf = r & 1;
        of = msb ^ cf;
    } else {
        cf = msb;
        of = msb ^ ((r >> (bits - 2)) & 1);
    }
    return cf | (of ? CC_O : 0);
}

uint32_t cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2, unsigned cc_op)
{
    unsigned size = (cc_op - CC_OP_ADDB) & 3;
    unsigned bits = 8u << size;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t src1;
    uint32_t cf, af, of;

    if (cc_op >= CC_OP_ROT && cc_op < CC_OP_ROT_END) {
        uint32_t f = cc_compute_all(dst, src, 0, (cc_op - CC_OP_ROT) >> 3);

        return (f & ~(uint32_t)(CC_C | CC_O)) | rot_c_o(src2, cc_op);
    }
    dst &= mask;
    switch (cc_op) {
    case CC_OP_EFLAGS:
        return (uint32_t)src & CC_ALL;

    case CC_OP_ADDB: case CC_OP_ADDW: case CC_OP_ADDL: case CC_OP_ADDQ:
        src &= mask;
        src1 = (dst - src) & mask;
        cf = dst < src1;
        goto add_common;
    case CC_OP_ADCB: case CC_OP_ADCW: case CC_OP_ADCL: case CC_OP_ADCQ:
        src &= mask;
        src1 = (dst - src - src2) & mask;
        cf = src2 ? dst <= src1 : dst < src1;
    add_common:
        af = (dst ^ src ^ src1) & CC_A;
        of = of_from_sign((src1 ^ src ^ mask) & (src1 ^ dst), bits);
        return cf | af | of | zf_sf_pf(dst, bits);

    case CC_OP_SUBB: case CC_OP_SUBW: case CC_OP_SUBL: case CC_OP_SUBQ:
        src &= mask;
        src1 = (dst + src) & mask;
        cf = src1 < src;
        goto sub_common;
    case CC_OP_SBBB: case CC_OP_SBBW: case CC_OP_SBBL: case CC_OP_SBBQ:
        src &= mask;
        src1 = (dst + src + src2) & mask;
        cf = src2 ? src1 <= src : src1 < src;
    sub_common:
        af = (dst ^ src ^ src1) & CC_A;
        of = of_from_sign((src1 ^ src) & (src1 ^ dst), bits);
        return cf | af | of | zf_sf_pf(dst, bits);

    case CC_OP_LOGICB: case CC_OP_LOGICW: case CC_OP_LOGICL: case CC_OP_LOGICQ:
        return zf_sf_pf(dst, bits);

    case CC_OP_INCB: case CC_OP_INCW: case CC_OP_INCL: case CC_OP_INCQ:
        src1 = (dst - 1) & mask;
        af = (dst ^ src1 ^ 1) & CC_A;
        of = dst == (1ull << (bits - 1)) ? CC_O : 0;
        return (uint32_t)(src & CC_C) | af | of | zf_sf_pf(dst, bits);
    case CC_OP_DECB: case CC_OP_DECW: case CC_OP_DECL: case CC_OP_DECQ:
        src1 = (dst + 1) & mask;
        af = (dst ^ src1 ^ 1) & CC_A;
        of = dst == (1ull << (bits - 1)) - 1 ? CC_O : 0;
        return (uint32_t)(src & CC_C) | af | of | zf_sf_pf(dst, bits);

    case CC_OP_SHLB: case CC_OP_SHLW: case CC_OP_SHLL: case CC_OP_SHLQ:
        /* src: the value shifted by count-1; CF is the bit shifted out last. */
        cf = (src >> (bits - 1)) & 1;
        of = of_from_sign(src ^ dst, bits);
        return cf | of | zf_sf_pf(dst, bits);
    case CC_OP_SARB: case CC_OP_SARW: case CC_OP_SARL: case CC_OP_SARQ:
        /* Serves SHR and SAR: OF = MSB(src) ^ MSB(dst) is the original MSB
         * for SHR by 1 and 0 for SAR by 1. */
        cf = src & 1;
        of = of_from_sign(src ^ dst, bits);
        return cf | of | zf_sf_pf(dst, bits);

    case CC_OP_MULB: case CC_OP_MULW: case CC_OP_MULL: case CC_OP_MULQ:
        cf = src != 0;
        return cf | (cf ? CC_O : 0) | zf_sf_pf(dst, bits);

    case CC_OP_BMILGB: case CC_OP_BMILGW: case CC_OP_BMILGL: case CC_OP_BMILGQ:
        cf = (src & mask) == 0;
        return cf | zf_sf_pf(dst, bits);

    case CC_OP_ADCX:
        return ((uint32_t)src & CC_ALL & ~CC_C) | (dst ? CC_C : 0);
    case CC_OP_ADOX:
        return ((uint32_t)src & CC_ALL & ~CC_O) | (src2 ? CC_O : 0);
    }
    return 0;
}

uint32_t cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2, unsigned cc_op)
{
    unsigned size = (cc_op - CC_OP_ADDB) & 3;
    unsigned bits = 8u << size;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;

    switch (cc_op) {
    case CC_OP_ADDB: case CC_OP_ADDW: case CC_OP_ADDL: case CC_OP_ADDQ:
        dst &= mask;
        return dst < ((dst - src) & mask);
    case CC_OP_SUBB: case CC_OP_SUBW: case CC_OP_SUBL: case CC_OP_SUBQ:
        src &= mask;
        return ((dst + src) & mask) < src;
    case CC_OP_LOGICB: case CC_OP_LOGICW: case CC_OP_LOGICL: case CC_OP_LOGICQ:
        return 0;
    case CC_OP_INCB: case CC_OP_INCW: case CC_OP_INCL: case CC_OP_INCQ:
    case CC_OP_DECB: case CC_OP_DECW: case CC_OP_DECL: case CC_OP_DECQ:
        return src & 1;
    default:
        if (cc_op >= CC_OP_ROT && cc_op < CC_OP_ROT_END)
            return rot_c_o(src2, cc_op) & CC_C;
        return cc_compute_all(dst, src, src2, cc_op) & CC_C;
    }
}

uint64_t x86_get_eflags(const CPUX86State *env)
{
    uint64_t f = env->eflags & ~(uint64_t)(CC_ALL | DF_MASK);

    f |= cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op);
    f |= env->df < 0 ? DF_MASK : 0;
    return f | 0x2;      /* bit 1 always reads as 1 */
}

void x86_set_eflags(CPUX86State *env, uint64_t eflags, uint64_t update_mask)
{
    uint64_t f = x86_get_eflags(env);

    f = (f & ~update_mask) | (eflags & update_mask);
    env->cc_src = f & CC_ALL;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (f & DF_MASK) ? -1 : 1;
    env->eflags = (f & ~(uint64_t)(CC_ALL | DF_MASK)) | 0x2;
}

uint64_t helper_cc_compute_all(void *env, uint64_t dst, uint64_t src, uint64_t src2, uint64_t op)
{
    return cc_compute_all(dst, src, src2, (unsigned)op);
}

uint64_t helper_cc_compute_c(void *env, uint64_t dst, uint64_t src, uint64_t src2, uint64_t op)
{
    return cc_compute_c(dst, src, src2, (unsigned)op);
}
