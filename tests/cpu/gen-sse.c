/*
 * Differential-test templates for MMX, SSE..SSE4.2, AES-NI and PCLMULQDQ
 * (legacy encodings). Rows as in gen.c: class, name, mandatory prefix,
 * opcode bytes, length, ModRM.reg, imm, sizes, rm forms, vex, pp, flags.
 * None of these writes an arithmetic flag but (U)COMIS* and PTEST, which
 * define all six: every row compares all of them.
 */
#include "tests/cpu/gen.h"

#include "system/cutils.h"

#define FA (TEST_CF | TEST_PF | TEST_AF | TEST_ZF | TEST_SF | TEST_OF)

/* 0F xx with a mandatory prefix (0 = none), ModRM.reg a register or /digit. */
#define P0F(cls, n, pfx, b, reg, imm, sz, rm) { cls, n, pfx, { 0x0f, b }, 2, reg, imm, sz, rm, 0, 0, FA }
#define P38(cls, n, pfx, b, rm) { cls, n, pfx, { 0x0f, 0x38, b }, 3, GEN_REG_RANDOM, 0, GEN_SZ_NONE, rm, 0, 0, FA }
#define P3A(cls, n, pfx, b, sz, rm) { cls, n, pfx, { 0x0f, 0x3a, b }, 3, GEN_REG_RANDOM, 1, sz, rm, 0, 0, FA }

/* An integer operation in both its MMX (NP) and SSE2 (66) forms. */
#define MX(n, b) \
    P0F("mmx", n " Pq,Qq", 0, b, GEN_REG_RANDOM, 0, GEN_SZ_NONE, GEN_RM_ANY), \
    P0F("sse-int", n " Vx,Wx", 0x66, b, GEN_REG_RANDOM, 0, GEN_SZ_NONE, GEN_RM_ANY)
/* Shift by immediate, group 0F 71-73 /digit. */
#define MXI(n, b, r) \
    P0F("mmx", n " Nq,Ib", 0, b, r, 1, GEN_SZ_NONE, GEN_RM_REG), \
    P0F("sse-int", n " Ux,Ib", 0x66, b, r, 1, GEN_SZ_NONE, GEN_RM_REG)
/* A floating-point operation in its four forms PS, PD, SS, SD. */
#define FP4(n, b) \
    P0F("sse-fp", n "ps", 0, b, GEN_REG_RANDOM, 0, GEN_SZ_NONE, GEN_RM_ANY), \
    P0F("sse-fp", n "pd", 0x66, b, GEN_REG_RANDOM, 0, GEN_SZ_NONE, GEN_RM_ANY), \
    P0F("sse-fp", n "ss", 0xf3, b, GEN_REG_RANDOM, 0, GEN_SZ_NONE, GEN_RM_ANY), \
    P0F("sse-fp", n "sd", 0xf2, b, GEN_REG_RANDOM, 0, GEN_SZ_NONE, GEN_RM_ANY)
#define SSSE3(n, b) P38("ssse3", n " Pq,Qq", 0, b, GEN_RM_ANY), P38("ssse3", n " Vx,Wx", 0x66, b, GEN_RM_ANY)
#define R GEN_REG_RANDOM
#define NONE GEN_SZ_NONE
#define ANY GEN_RM_ANY
#define MEM GEN_RM_MEM
#define REG GEN_RM_REG

const InsnTemplate gen_templates_sse[] = {
    /* MMX and SSE2 integer */
    MX("punpcklbw", 0x60), MX("punpcklwd", 0x61), MX("punpckldq", 0x62), MX("packsswb", 0x63),
    MX("pcmpgtb", 0x64), MX("pcmpgtw", 0x65), MX("pcmpgtd", 0x66), MX("packuswb", 0x67),
    MX("punpckhbw", 0x68), MX("punpckhwd", 0x69), MX("punpckhdq", 0x6a), MX("packssdw", 0x6b),
    MX("pcmpeqb", 0x74), MX("pcmpeqw", 0x75), MX("pcmpeqd", 0x76),
    MX("psrlw", 0xd1), MX("psrld", 0xd2), MX("psrlq", 0xd3), MX("paddq", 0xd4), MX("pmullw", 0xd5),
    MX("psubusb", 0xd8), MX("psubusw", 0xd9), MX("pminub", 0xda), MX("pand", 0xdb),
    MX("paddusb", 0xdc), MX("paddusw", 0xdd), MX("pmaxub", 0xde), MX("pandn", 0xdf),
    MX("pavgb", 0xe0), MX("psraw", 0xe1), MX("psrad", 0xe2), MX("pavgw", 0xe3),
    MX("pmulhuw", 0xe4), MX("pmulhw", 0xe5), MX("psubsb", 0xe8), MX("psubsw", 0xe9),
    MX("pminsw", 0xea), MX("por", 0xeb), MX("paddsb", 0xec), MX("paddsw", 0xed),
    MX("pmaxsw", 0xee), MX("pxor", 0xef), MX("psllw", 0xf1), MX("pslld", 0xf2), MX("psllq", 0xf3),
    MX("pmuludq", 0xf4), MX("pmaddwd", 0xf5), MX("psadbw", 0xf6), MX("psubb", 0xf8),
    MX("psubw", 0xf9), MX("psubd", 0xfa), MX("psubq", 0xfb), MX("paddb", 0xfc), MX("paddw", 0xfd),
    MX("paddd", 0xfe),
    MXI("psrlw", 0x71, 2), MXI("psraw", 0x71, 4), MXI("psllw", 0x71, 6),
    MXI("psrld", 0x72, 2), MXI("psrad", 0x72, 4), MXI("pslld", 0x72, 6),
    MXI("psrlq", 0x73, 2), MXI("psllq", 0x73, 6),
    P0F("sse-int", "psrldq Ux,Ib", 0x66, 0x73, 3, 1, NONE, REG),
    P0F("sse-int", "pslldq Ux,Ib", 0x66, 0x73, 7, 1, NONE, REG),
    P0F("sse-int", "punpcklqdq", 0x66, 0x6c, R, 0, NONE, ANY),
    P0F("sse-int", "punpckhqdq", 0x66, 0x6d, R, 0, NONE, ANY),
    P0F("mmx", "pshufw", 0, 0x70, R, 1, NONE, ANY),
    P0F("sse-int", "pshufd", 0x66, 0x70, R, 1, NONE, ANY),
    P0F("sse-int", "pshufhw", 0xf3, 0x70, R, 1, NONE, ANY),
    P0F("sse-int", "pshuflw", 0xf2, 0x70, R, 1, NONE, ANY),
    P0F("mmx", "pinsrw Pq,Ry/Mw,Ib", 0, 0xc4, R, 1, NONE, ANY),
    P0F("sse-int", "pinsrw Vdq,Ry/Mw,Ib", 0x66, 0xc4, R, 1, NONE, ANY),
    P0F("mmx", "pextrw Gd,Nq,Ib", 0, 0xc5, R, 1, NONE, REG),
    P0F("sse-int", "pextrw Gd,Udq,Ib", 0x66, 0xc5, R, 1, NONE, REG),
    P0F("mmx", "pmovmskb Gd,Nq", 0, 0xd7, R, 0, NONE, REG),
    P0F("sse-int", "pmovmskb Gd,Ux", 0x66, 0xd7, R, 0, NONE, REG),
    P0F("mmx", "emms", 0, 0x77, GEN_NO_MODRM, 0, NONE, 0),

    /* Moves */
    P0F("mmx", "movd/q Pq,Ey", 0, 0x6e, R, 0, GEN_SZ_DQ, ANY),
    P0F("mmx", "movd/q Ey,Pq", 0, 0x7e, R, 0, GEN_SZ_DQ, ANY),
    P0F("mmx", "movq Pq,Qq", 0, 0x6f, R, 0, NONE, ANY),
    P0F("mmx", "movq Qq,Pq", 0, 0x7f, R, 0, NONE, ANY),
    P0F("mmx", "movntq Mq,Pq", 0, 0xe7, R, 0, NONE, MEM),
    P0F("sse-mov", "movd/q Vy,Ey", 0x66, 0x6e, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-mov", "movd/q Ey,Vy", 0x66, 0x7e, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-mov", "movq Vq,Wq", 0xf3, 0x7e, R, 0, NONE, ANY),
    P0F("sse-mov", "movq Wq,Vq", 0x66, 0xd6, R, 0, NONE, ANY),
    P0F("sse-mov", "movq2dq Vdq,Nq", 0xf3, 0xd6, R, 0, NONE, REG),
    P0F("sse-mov", "movdq2q Pq,Uq", 0xf2, 0xd6, R, 0, NONE, REG),
    P0F("sse-mov", "movdqa Vx,Wx", 0x66, 0x6f, R, 0, NONE, ANY),
    P0F("sse-mov", "movdqa Wx,Vx", 0x66, 0x7f, R, 0, NONE, ANY),
    P0F("sse-mov", "movdqu Vx,Wx", 0xf3, 0x6f, R, 0, NONE, ANY),
    P0F("sse-mov", "movdqu Wx,Vx", 0xf3, 0x7f, R, 0, NONE, ANY),
    P0F("sse-mov", "movntdq Mx,Vx", 0x66, 0xe7, R, 0, NONE, MEM),
    P0F("sse-mov", "movnti My,Gy", 0, 0xc3, R, 0, GEN_SZ_DQ, MEM),
    P0F("sse-mov", "movups Vps,Wps", 0, 0x10, R, 0, NONE, ANY),
    P0F("sse-mov", "movupd Vpd,Wpd", 0x66, 0x10, R, 0, NONE, ANY),
    P0F("sse-mov", "movss Vx,Wss", 0xf3, 0x10, R, 0, NONE, ANY),
    P0F("sse-mov", "movsd Vx,Wsd", 0xf2, 0x10, R, 0, NONE, ANY),
    P0F("sse-mov", "movups Wps,Vps", 0, 0x11, R, 0, NONE, ANY),
    P0F("sse-mov", "movupd Wpd,Vpd", 0x66, 0x11, R, 0, NONE, ANY),
    P0F("sse-mov", "movss Wss,Vss", 0xf3, 0x11, R, 0, NONE, ANY),
    P0F("sse-mov", "movsd Wsd,Vsd", 0xf2, 0x11, R, 0, NONE, ANY),
    P0F("sse-mov", "movlps/movhlps", 0, 0x12, R, 0, NONE, ANY),
    P0F("sse-mov", "movlpd Vq,Mq", 0x66, 0x12, R, 0, NONE, MEM),
    P0F("sse-mov", "movlps Mq,Vq", 0, 0x13, R, 0, NONE, MEM),
    P0F("sse-mov", "movlpd Mq,Vq", 0x66, 0x13, R, 0, NONE, MEM),
    P0F("sse-mov", "movhps/movlhps", 0, 0x16, R, 0, NONE, ANY),
    P0F("sse-mov", "movhpd Vq,Mq", 0x66, 0x16, R, 0, NONE, MEM),
    P0F("sse-mov", "movhps Mq,Vq", 0, 0x17, R, 0, NONE, MEM),
    P0F("sse-mov", "movhpd Mq,Vq", 0x66, 0x17, R, 0, NONE, MEM),
    P0F("sse-mov", "movaps Vps,Wps", 0, 0x28, R, 0, NONE, ANY),
    P0F("sse-mov", "movapd Vpd,Wpd", 0x66, 0x28, R, 0, NONE, ANY),
    P0F("sse-mov", "movaps Wps,Vps", 0, 0x29, R, 0, NONE, ANY),
    P0F("sse-mov", "movapd Wpd,Vpd", 0x66, 0x29, R, 0, NONE, ANY),
    P0F("sse-mov", "movntps Mps,Vps", 0, 0x2b, R, 0, NONE, MEM),
    P0F("sse-mov", "movntpd Mpd,Vpd", 0x66, 0x2b, R, 0, NONE, MEM),
    P0F("sse-mov", "movmskps Gy,Ups", 0, 0x50, R, 0, NONE, REG),
    P0F("sse-mov", "movmskpd Gy,Upd", 0x66, 0x50, R, 0, NONE, REG),
    P0F("sse-mov", "ldmxcsr Md", 0, 0xae, 2, 0, NONE, MEM),
    P0F("sse-mov", "stmxcsr Md", 0, 0xae, 3, 0, NONE, MEM),
    P0F("mmx", "maskmovq Pq,Nq", 0, 0xf7, R, 0, NONE, REG),
    P0F("sse-mov", "maskmovdqu Vdq,Udq", 0x66, 0xf7, R, 0, NONE, REG),
    P0F("sse-mov", "fxsave M", 0, 0xae, 0, 0, GEN_SZ_DQ, MEM),
    P0F("sse-mov", "fxrstor M", 0, 0xae, 1, 0, GEN_SZ_DQ, MEM),

    /* SSE/SSE2 floating point */
    FP4("add", 0x58), FP4("mul", 0x59), FP4("sub", 0x5c), FP4("min", 0x5d), FP4("div", 0x5e),
    FP4("max", 0x5f), FP4("sqrt", 0x51),
    /* Approximations: the SDM bounds the relative error by 1.5 * 2^-12, i.e.
     * 6144 float32 ulps; parts differ, so lanes are compared to that. */
    { "sse-fp", "rcpps", 0, { 0x0f, 0x53 }, 2, R, 0, NONE, ANY, 0, 0, FA, .xmm_f32_ulps = 6144 },
    { "sse-fp", "rcpss", 0xf3, { 0x0f, 0x53 }, 2, R, 0, NONE, ANY, 0, 0, FA, .xmm_f32_ulps = 6144 },
    { "sse-fp", "rsqrtps", 0, { 0x0f, 0x52 }, 2, R, 0, NONE, ANY, 0, 0, FA, .xmm_f32_ulps = 6144 },
    { "sse-fp", "rsqrtss", 0xf3, { 0x0f, 0x52 }, 2, R, 0, NONE, ANY, 0, 0, FA, .xmm_f32_ulps = 6144 },
    { "sse-fp", "cmpps", 0, { 0x0f, 0xc2 }, 2, R, 1, NONE, ANY, 0, 0, FA },
    { "sse-fp", "cmppd", 0x66, { 0x0f, 0xc2 }, 2, R, 1, NONE, ANY, 0, 0, FA },
    { "sse-fp", "cmpss", 0xf3, { 0x0f, 0xc2 }, 2, R, 1, NONE, ANY, 0, 0, FA },
    { "sse-fp", "cmpsd", 0xf2, { 0x0f, 0xc2 }, 2, R, 1, NONE, ANY, 0, 0, FA },
    P0F("sse-fp", "andps", 0, 0x54, R, 0, NONE, ANY), P0F("sse-fp", "andpd", 0x66, 0x54, R, 0, NONE, ANY),
    P0F("sse-fp", "andnps", 0, 0x55, R, 0, NONE, ANY), P0F("sse-fp", "andnpd", 0x66, 0x55, R, 0, NONE, ANY),
    P0F("sse-fp", "orps", 0, 0x56, R, 0, NONE, ANY), P0F("sse-fp", "orpd", 0x66, 0x56, R, 0, NONE, ANY),
    P0F("sse-fp", "xorps", 0, 0x57, R, 0, NONE, ANY), P0F("sse-fp", "xorpd", 0x66, 0x57, R, 0, NONE, ANY),
    P0F("sse-fp", "unpcklps", 0, 0x14, R, 0, NONE, ANY), P0F("sse-fp", "unpcklpd", 0x66, 0x14, R, 0, NONE, ANY),
    P0F("sse-fp", "unpckhps", 0, 0x15, R, 0, NONE, ANY), P0F("sse-fp", "unpckhpd", 0x66, 0x15, R, 0, NONE, ANY),
    P0F("sse-fp", "shufps", 0, 0xc6, R, 1, NONE, ANY), P0F("sse-fp", "shufpd", 0x66, 0xc6, R, 1, NONE, ANY),
    P0F("sse-fp", "ucomiss", 0, 0x2e, R, 0, NONE, ANY), P0F("sse-fp", "ucomisd", 0x66, 0x2e, R, 0, NONE, ANY),
    P0F("sse-fp", "comiss", 0, 0x2f, R, 0, NONE, ANY), P0F("sse-fp", "comisd", 0x66, 0x2f, R, 0, NONE, ANY),

    /* Conversions */
    P0F("sse-cvt", "cvtpi2ps Vps,Qpi", 0, 0x2a, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtpi2pd Vpd,Qpi", 0x66, 0x2a, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtsi2ss Vss,Ey", 0xf3, 0x2a, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-cvt", "cvtsi2sd Vsd,Ey", 0xf2, 0x2a, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-cvt", "cvttps2pi Ppi,Wps", 0, 0x2c, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvttpd2pi Ppi,Wpd", 0x66, 0x2c, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvttss2si Gy,Wss", 0xf3, 0x2c, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-cvt", "cvttsd2si Gy,Wsd", 0xf2, 0x2c, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-cvt", "cvtps2pi Ppi,Wps", 0, 0x2d, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtpd2pi Ppi,Wpd", 0x66, 0x2d, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtss2si Gy,Wss", 0xf3, 0x2d, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-cvt", "cvtsd2si Gy,Wsd", 0xf2, 0x2d, R, 0, GEN_SZ_DQ, ANY),
    P0F("sse-cvt", "cvtps2pd", 0, 0x5a, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtpd2ps", 0x66, 0x5a, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtss2sd", 0xf3, 0x5a, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtsd2ss", 0xf2, 0x5a, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtdq2ps", 0, 0x5b, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtps2dq", 0x66, 0x5b, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvttps2dq", 0xf3, 0x5b, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvttpd2dq", 0x66, 0xe6, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtdq2pd", 0xf3, 0xe6, R, 0, NONE, ANY),
    P0F("sse-cvt", "cvtpd2dq", 0xf2, 0xe6, R, 0, NONE, ANY),

    /* SSE3 */
    P0F("sse3", "movsldup", 0xf3, 0x12, R, 0, NONE, ANY),
    P0F("sse3", "movshdup", 0xf3, 0x16, R, 0, NONE, ANY),
    P0F("sse3", "movddup", 0xf2, 0x12, R, 0, NONE, ANY),
    P0F("sse3", "haddpd", 0x66, 0x7c, R, 0, NONE, ANY),
    P0F("sse3", "haddps", 0xf2, 0x7c, R, 0, NONE, ANY),
    P0F("sse3", "hsubpd", 0x66, 0x7d, R, 0, NONE, ANY),
    P0F("sse3", "hsubps", 0xf2, 0x7d, R, 0, NONE, ANY),
    P0F("sse3", "addsubpd", 0x66, 0xd0, R, 0, NONE, ANY),
    P0F("sse3", "addsubps", 0xf2, 0xd0, R, 0, NONE, ANY),
    P0F("sse3", "lddqu Vx,Mx", 0xf2, 0xf0, R, 0, NONE, MEM),

    /* SSSE3 */
    SSSE3("pshufb", 0x00), SSSE3("phaddw", 0x01), SSSE3("phaddd", 0x02), SSSE3("phaddsw", 0x03),
    SSSE3("pmaddubsw", 0x04), SSSE3("phsubw", 0x05), SSSE3("phsubd", 0x06), SSSE3("phsubsw", 0x07),
    SSSE3("psignb", 0x08), SSSE3("psignw", 0x09), SSSE3("psignd", 0x0a), SSSE3("pmulhrsw", 0x0b),
    SSSE3("pabsb", 0x1c), SSSE3("pabsw", 0x1d), SSSE3("pabsd", 0x1e),
    P3A("ssse3", "palignr Pq,Qq,Ib", 0, 0x0f, NONE, ANY),
    P3A("ssse3", "palignr Vx,Wx,Ib", 0x66, 0x0f, NONE, ANY),

    /* SSE4.1 and SSE4.2 */
    P38("sse4", "pblendvb", 0x66, 0x10, ANY), P38("sse4", "blendvps", 0x66, 0x14, ANY),
    P38("sse4", "blendvpd", 0x66, 0x15, ANY), P38("sse4", "ptest", 0x66, 0x17, ANY),
    P38("sse4", "pmovsxbw", 0x66, 0x20, ANY), P38("sse4", "pmovsxbd", 0x66, 0x21, ANY),
    P38("sse4", "pmovsxbq", 0x66, 0x22, ANY), P38("sse4", "pmovsxwd", 0x66, 0x23, ANY),
    P38("sse4", "pmovsxwq", 0x66, 0x24, ANY), P38("sse4", "pmovsxdq", 0x66, 0x25, ANY),
    P38("sse4", "pmuldq", 0x66, 0x28, ANY), P38("sse4", "pcmpeqq", 0x66, 0x29, ANY),
    P38("sse4", "movntdqa", 0x66, 0x2a, MEM), P38("sse4", "packusdw", 0x66, 0x2b, ANY),
    P38("sse4", "pmovzxbw", 0x66, 0x30, ANY), P38("sse4", "pmovzxbd", 0x66, 0x31, ANY),
    P38("sse4", "pmovzxbq", 0x66, 0x32, ANY), P38("sse4", "pmovzxwd", 0x66, 0x33, ANY),
    P38("sse4", "pmovzxwq", 0x66, 0x34, ANY), P38("sse4", "pmovzxdq", 0x66, 0x35, ANY),
    P38("sse4", "pcmpgtq", 0x66, 0x37, ANY),
    P38("sse4", "pminsb", 0x66, 0x38, ANY), P38("sse4", "pminsd", 0x66, 0x39, ANY),
    P38("sse4", "pminuw", 0x66, 0x3a, ANY), P38("sse4", "pminud", 0x66, 0x3b, ANY),
    P38("sse4", "pmaxsb", 0x66, 0x3c, ANY), P38("sse4", "pmaxsd", 0x66, 0x3d, ANY),
    P38("sse4", "pmaxuw", 0x66, 0x3e, ANY), P38("sse4", "pmaxud", 0x66, 0x3f, ANY),
    P38("sse4", "pmulld", 0x66, 0x40, ANY), P38("sse4", "phminposuw", 0x66, 0x41, ANY),
    P3A("sse4", "roundps", 0x66, 0x08, NONE, ANY), P3A("sse4", "roundpd", 0x66, 0x09, NONE, ANY),
    P3A("sse4", "roundss", 0x66, 0x0a, NONE, ANY), P3A("sse4", "roundsd", 0x66, 0x0b, NONE, ANY),
    P3A("sse4", "blendps", 0x66, 0x0c, NONE, ANY), P3A("sse4", "blendpd", 0x66, 0x0d, NONE, ANY),
    P3A("sse4", "pblendw", 0x66, 0x0e, NONE, ANY),
    P3A("sse4", "pextrb Ry/Mb,Vdq,Ib", 0x66, 0x14, NONE, ANY),
    P3A("sse4", "pextrw Ry/Mw,Vdq,Ib", 0x66, 0x15, NONE, ANY),
    P3A("sse4", "pextrd/q Ey,Vdq,Ib", 0x66, 0x16, GEN_SZ_DQ, ANY),
    P3A("sse4", "extractps Ed,Vdq,Ib", 0x66, 0x17, NONE, ANY),
    P3A("sse4", "pinsrb Vdq,Ry/Mb,Ib", 0x66, 0x20, NONE, ANY),
    P3A("sse4", "insertps Vdq,Wd,Ib", 0x66, 0x21, NONE, ANY),
    P3A("sse4", "pinsrd/q Vdq,Ey,Ib", 0x66, 0x22, GEN_SZ_DQ, ANY),
    P3A("sse4", "mpsadbw", 0x66, 0x42, NONE, ANY),
    P3A("sse4", "dpps", 0x66, 0x40, NONE, ANY), P3A("sse4", "dppd", 0x66, 0x41, NONE, ANY),

    P3A("sse42", "pcmpestrm", 0x66, 0x60, GEN_SZ_DQ, ANY), P3A("sse42", "pcmpestri", 0x66, 0x61, GEN_SZ_DQ, ANY),
    P3A("sse42", "pcmpistrm", 0x66, 0x62, NONE, ANY), P3A("sse42", "pcmpistri", 0x66, 0x63, NONE, ANY),

    /* AES-NI, PCLMULQDQ */
    P38("aes", "aesimc", 0x66, 0xdb, ANY), P38("aes", "aesenc", 0x66, 0xdc, ANY),
    P38("aes", "aesenclast", 0x66, 0xdd, ANY), P38("aes", "aesdec", 0x66, 0xde, ANY),
    P38("aes", "aesdeclast", 0x66, 0xdf, ANY),
    P3A("aes", "aeskeygenassist", 0x66, 0xdf, NONE, ANY),
    P3A("aes", "pclmulqdq", 0x66, 0x44, NONE, ANY),
};
const unsigned gen_nb_templates_sse = ARRAY_SIZE(gen_templates_sse);
