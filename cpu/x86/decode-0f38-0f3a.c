/*
 * The three-byte opcode maps 0F 38 and 0F 3A (SDM Vol. 2 Tables ):
 * SSSE3, SSE4.1, SSE4.2, AES-NI, PCLMULQDQ, SHA, MOVBE, CRC32, ADX, the VMX
 * and INVPCID invalidations, and the VEX-only BMI1/BMI2 rows (0F 38 F2-F7,
 * 0F 3A F0) that carry the general-register VEX operand B (VEX.vvvv).
 *
 * Nearly every row depends on the mandatory prefix, so each opcode has its
 * own prefix-column table. As in decode-0f.c, SIMD rows are written with
 * their VEX operand H and are legacy-only until they get X86_F_VEX.
 */
#include "cpu/x86/decode-tables.h"
#include "cpu/x86/decode-rows.h"

/* 0F 38 00-0B, 1C-1E: SSSE3, on MMX registers without prefix, XMM with 66 */
static const X86OpEntry op0f38_00[4] = {
    [X86_PFX_NP] = { X86_INSN_PSHUFB, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 00 /r  PSHUFB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSHUFB, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 00 /r  PSHUFB Vx,Hx,Wx */
};
static const X86OpEntry op0f38_01[4] = {
    [X86_PFX_NP] = { X86_INSN_PHADDW, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 01 /r  PHADDW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PHADDW, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 01 /r  PHADDW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_02[4] = {
    [X86_PFX_NP] = { X86_INSN_PHADDD, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 02 /r  PHADDD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PHADDD, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 02 /r  PHADDD Vx,Hx,Wx */
};
static const X86OpEntry op0f38_03[4] = {
    [X86_PFX_NP] = { X86_INSN_PHADDSW, { Pq, Qq }, 0, X86_FEAT_SSSE3 }, /* NP 0F 38 03 /r  PHADDSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PHADDSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 03 /r  PHADDSW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_04[4] = {
    [X86_PFX_NP] = { X86_INSN_PMADDUBSW, { Pq, Qq }, 0, X86_FEAT_SSSE3 }, /* NP 0F 38 04 /r  PMADDUBSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMADDUBSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 04 /r  PMADDUBSW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_05[4] = {
    [X86_PFX_NP] = { X86_INSN_PHSUBW, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 05 /r  PHSUBW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PHSUBW, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 05 /r  PHSUBW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_06[4] = {
    [X86_PFX_NP] = { X86_INSN_PHSUBD, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 06 /r  PHSUBD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PHSUBD, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 06 /r  PHSUBD Vx,Hx,Wx */
};
static const X86OpEntry op0f38_07[4] = {
    [X86_PFX_NP] = { X86_INSN_PHSUBSW, { Pq, Qq }, 0, X86_FEAT_SSSE3 }, /* NP 0F 38 07 /r  PHSUBSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PHSUBSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 07 /r  PHSUBSW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_08[4] = {
    [X86_PFX_NP] = { X86_INSN_PSIGNB, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 08 /r  PSIGNB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSIGNB, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 08 /r  PSIGNB Vx,Hx,Wx */
};
static const X86OpEntry op0f38_09[4] = {
    [X86_PFX_NP] = { X86_INSN_PSIGNW, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 09 /r  PSIGNW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSIGNW, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 09 /r  PSIGNW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_0a[4] = {
    [X86_PFX_NP] = { X86_INSN_PSIGND, { Pq, Qq }, 0, X86_FEAT_SSSE3 },  /* NP 0F 38 0A /r  PSIGND Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSIGND, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 0A /r  PSIGND Vx,Hx,Wx */
};
static const X86OpEntry op0f38_0b[4] = {
    [X86_PFX_NP] = { X86_INSN_PMULHRSW, { Pq, Qq }, 0, X86_FEAT_SSSE3 }, /* NP 0F 38 0B /r  PMULHRSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMULHRSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSSE3 }, /* 66 0F 38 0B /r  PMULHRSW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_1c[4] = {
    [X86_PFX_NP] = { X86_INSN_PABSB, { Pq, Qq }, 0, X86_FEAT_SSSE3 },   /* NP 0F 38 1C /r  PABSB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PABSB, { Vx, Wx }, 0, X86_FEAT_SSSE3 },   /* 66 0F 38 1C /r  PABSB Vx,Wx */
};
static const X86OpEntry op0f38_1d[4] = {
    [X86_PFX_NP] = { X86_INSN_PABSW, { Pq, Qq }, 0, X86_FEAT_SSSE3 },   /* NP 0F 38 1D /r  PABSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PABSW, { Vx, Wx }, 0, X86_FEAT_SSSE3 },   /* 66 0F 38 1D /r  PABSW Vx,Wx */
};
static const X86OpEntry op0f38_1e[4] = {
    [X86_PFX_NP] = { X86_INSN_PABSD, { Pq, Qq }, 0, X86_FEAT_SSSE3 },   /* NP 0F 38 1E /r  PABSD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PABSD, { Vx, Wx }, 0, X86_FEAT_SSSE3 },   /* 66 0F 38 1E /r  PABSD Vx,Wx */
};

/* 0F 38 10-41: SSE4.1 (66 only); PCMPGTQ is SSE4.2 */
static const X86OpEntry op0f38_10[4] = {
    [X86_PFX_66] = { X86_INSN_PBLENDVB, { Vdq, Wdq, XMM0 }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 10 /r  PBLENDVB Vdq,Wdq,XMM0 */
};
static const X86OpEntry op0f38_14[4] = {
    [X86_PFX_66] = { X86_INSN_BLENDVPS, { Vdq, Wdq, XMM0 }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 14 /r  BLENDVPS Vdq,Wdq,XMM0 */
};
static const X86OpEntry op0f38_15[4] = {
    [X86_PFX_66] = { X86_INSN_BLENDVPD, { Vdq, Wdq, XMM0 }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 15 /r  BLENDVPD Vdq,Wdq,XMM0 */
};
static const X86OpEntry op0f38_17[4] = {
    [X86_PFX_66] = { X86_INSN_PTEST, { Vx, Wx }, 0, X86_FEAT_SSE41 },   /* 66 0F 38 17 /r  PTEST Vx,Wx */
};
static const X86OpEntry op0f38_20[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVSXBW, { Vx, Wq }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 20 /r  PMOVSXBW Vx,Wq (Ux/Mq) */
};
static const X86OpEntry op0f38_21[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVSXBD, { Vx, Wd }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 21 /r  PMOVSXBD Vx,Wd (Ux/Md) */
};
static const X86OpEntry op0f38_22[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVSXBQ, { Vx, Ww }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 22 /r  PMOVSXBQ Vx,Ww (Ux/Mw) */
};
static const X86OpEntry op0f38_23[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVSXWD, { Vx, Wq }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 23 /r  PMOVSXWD Vx,Wq (Ux/Mq) */
};
static const X86OpEntry op0f38_24[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVSXWQ, { Vx, Wd }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 24 /r  PMOVSXWQ Vx,Wd (Ux/Md) */
};
static const X86OpEntry op0f38_25[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVSXDQ, { Vx, Wq }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 25 /r  PMOVSXDQ Vx,Wq (Ux/Mq) */
};
static const X86OpEntry op0f38_28[4] = {
    [X86_PFX_66] = { X86_INSN_PMULDQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 28 /r  PMULDQ Vx,Hx,Wx */
};
static const X86OpEntry op0f38_29[4] = {
    [X86_PFX_66] = { X86_INSN_PCMPEQQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 29 /r  PCMPEQQ Vx,Hx,Wx */
};
static const X86OpEntry op0f38_2a[4] = {
    [X86_PFX_66] = { X86_INSN_MOVNTDQA, { Vx, Mx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 2A /r  MOVNTDQA Vx,Mx */
};
static const X86OpEntry op0f38_2b[4] = {
    [X86_PFX_66] = { X86_INSN_PACKUSDW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 2B /r  PACKUSDW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_30[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVZXBW, { Vx, Wq }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 30 /r  PMOVZXBW Vx,Wq (Ux/Mq) */
};
static const X86OpEntry op0f38_31[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVZXBD, { Vx, Wd }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 31 /r  PMOVZXBD Vx,Wd (Ux/Md) */
};
static const X86OpEntry op0f38_32[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVZXBQ, { Vx, Ww }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 32 /r  PMOVZXBQ Vx,Ww (Ux/Mw) */
};
static const X86OpEntry op0f38_33[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVZXWD, { Vx, Wq }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 33 /r  PMOVZXWD Vx,Wq (Ux/Mq) */
};
static const X86OpEntry op0f38_34[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVZXWQ, { Vx, Wd }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 34 /r  PMOVZXWQ Vx,Wd (Ux/Md) */
};
static const X86OpEntry op0f38_35[4] = {
    [X86_PFX_66] = { X86_INSN_PMOVZXDQ, { Vx, Wq }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 35 /r  PMOVZXDQ Vx,Wq (Ux/Mq) */
};
static const X86OpEntry op0f38_37[4] = {
    [X86_PFX_66] = { X86_INSN_PCMPGTQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE42 }, /* 66 0F 38 37 /r  PCMPGTQ Vx,Hx,Wx */
};
static const X86OpEntry op0f38_38[4] = {
    [X86_PFX_66] = { X86_INSN_PMINSB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 38 /r  PMINSB Vx,Hx,Wx */
};
static const X86OpEntry op0f38_39[4] = {
    [X86_PFX_66] = { X86_INSN_PMINSD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 39 /r  PMINSD Vx,Hx,Wx */
};
static const X86OpEntry op0f38_3a[4] = {
    [X86_PFX_66] = { X86_INSN_PMINUW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 3A /r  PMINUW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_3b[4] = {
    [X86_PFX_66] = { X86_INSN_PMINUD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 3B /r  PMINUD Vx,Hx,Wx */
};
static const X86OpEntry op0f38_3c[4] = {
    [X86_PFX_66] = { X86_INSN_PMAXSB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 3C /r  PMAXSB Vx,Hx,Wx */
};
static const X86OpEntry op0f38_3d[4] = {
    [X86_PFX_66] = { X86_INSN_PMAXSD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 3D /r  PMAXSD Vx,Hx,Wx */
};
static const X86OpEntry op0f38_3e[4] = {
    [X86_PFX_66] = { X86_INSN_PMAXUW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 3E /r  PMAXUW Vx,Hx,Wx */
};
static const X86OpEntry op0f38_3f[4] = {
    [X86_PFX_66] = { X86_INSN_PMAXUD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 3F /r  PMAXUD Vx,Hx,Wx */
};
static const X86OpEntry op0f38_40[4] = {
    [X86_PFX_66] = { X86_INSN_PMULLD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 40 /r  PMULLD Vx,Hx,Wx */
};
static const X86OpEntry op0f38_41[4] = {
    [X86_PFX_66] = { X86_INSN_PHMINPOSUW, { Vdq, Wdq }, 0, X86_FEAT_SSE41 }, /* 66 0F 38 41 /r  PHMINPOSUW Vdq,Wdq */
};

/* 0F 38 80-82: VMX and INVPCID invalidations (66; r64 in 64-bit mode) */
static const X86OpEntry op0f38_80[4] = {
    [X86_PFX_66] = { X86_INSN_INVEPT, { Gy, Mdq }, X86_F_F64, X86_FEAT_VMX }, /* 66 0F 38 80 /r  INVEPT Gy,Mdq */
};
static const X86OpEntry op0f38_81[4] = {
    [X86_PFX_66] = { X86_INSN_INVVPID, { Gy, Mdq }, X86_F_F64, X86_FEAT_VMX }, /* 66 0F 38 81 /r  INVVPID Gy,Mdq */
};
static const X86OpEntry op0f38_82[4] = {
    [X86_PFX_66] = { X86_INSN_INVPCID, { Gy, Mdq }, X86_F_F64, X86_FEAT_INVPCID }, /* 66 0F 38 82 /r  INVPCID Gy,Mdq */
};

/* 0F 38 C8-CD: SHA (no prefix) */
static const X86OpEntry op0f38_c8[4] = {
    [X86_PFX_NP] = { X86_INSN_SHA1NEXTE, { Vdq, Wdq }, 0, X86_FEAT_SHA }, /* NP 0F 38 C8 /r  SHA1NEXTE Vdq,Wdq */
};
static const X86OpEntry op0f38_c9[4] = {
    [X86_PFX_NP] = { X86_INSN_SHA1MSG1, { Vdq, Wdq }, 0, X86_FEAT_SHA }, /* NP 0F 38 C9 /r  SHA1MSG1 Vdq,Wdq */
};
static const X86OpEntry op0f38_ca[4] = {
    [X86_PFX_NP] = { X86_INSN_SHA1MSG2, { Vdq, Wdq }, 0, X86_FEAT_SHA }, /* NP 0F 38 CA /r  SHA1MSG2 Vdq,Wdq */
};
static const X86OpEntry op0f38_cb[4] = {
    [X86_PFX_NP] = { X86_INSN_SHA256RNDS2, { Vdq, Wdq, XMM0 }, 0, X86_FEAT_SHA }, /* NP 0F 38 CB /r  SHA256RNDS2 Vdq,Wdq,XMM0 */
};
static const X86OpEntry op0f38_cc[4] = {
    [X86_PFX_NP] = { X86_INSN_SHA256MSG1, { Vdq, Wdq }, 0, X86_FEAT_SHA }, /* NP 0F 38 CC /r  SHA256MSG1 Vdq,Wdq */
};
static const X86OpEntry op0f38_cd[4] = {
    [X86_PFX_NP] = { X86_INSN_SHA256MSG2, { Vdq, Wdq }, 0, X86_FEAT_SHA }, /* NP 0F 38 CD /r  SHA256MSG2 Vdq,Wdq */
};

/* 0F 38 DB-DF: AES-NI (66) */
static const X86OpEntry op0f38_db[4] = {
    [X86_PFX_66] = { X86_INSN_AESIMC, { Vdq, Wdq }, 0, X86_FEAT_AES },  /* 66 0F 38 DB /r  AESIMC Vdq,Wdq */
};
static const X86OpEntry op0f38_dc[4] = {
    [X86_PFX_66] = { X86_INSN_AESENC, { Vdq, Hdq, Wdq }, 0, X86_FEAT_AES }, /* 66 0F 38 DC /r  AESENC Vdq,Hdq,Wdq */
};
static const X86OpEntry op0f38_dd[4] = {
    [X86_PFX_66] = { X86_INSN_AESENCLAST, { Vdq, Hdq, Wdq }, 0, X86_FEAT_AES }, /* 66 0F 38 DD /r  AESENCLAST Vdq,Hdq,Wdq */
};
static const X86OpEntry op0f38_de[4] = {
    [X86_PFX_66] = { X86_INSN_AESDEC, { Vdq, Hdq, Wdq }, 0, X86_FEAT_AES }, /* 66 0F 38 DE /r  AESDEC Vdq,Hdq,Wdq */
};
static const X86OpEntry op0f38_df[4] = {
    [X86_PFX_66] = { X86_INSN_AESDECLAST, { Vdq, Hdq, Wdq }, 0, X86_FEAT_AES }, /* 66 0F 38 DF /r  AESDECLAST Vdq,Hdq,Wdq */
};

/* 0F 38 F0-F7: MOVBE, CRC32, ADX; VEX: BMI1, BMI2. For MOVBE (and CRC32's
 * 66 F2 form) 66 is an operand-size prefix, not a mandatory one. */
static const X86OpEntry op0f38_f0[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVBE, { Gv, Mv }, 0, X86_FEAT_MOVBE },   /* NP 0F 38 F0 /r  MOVBE Gv,Mv */
    [X86_PFX_66] = { X86_INSN_MOVBE, { Gv, Mv }, X86_F_OPSIZE66, X86_FEAT_MOVBE }, /* 66 0F 38 F0 /r  MOVBE Gv,Mv */
    [X86_PFX_F2] = { X86_INSN_CRC32, { Gy, Eb }, 0, X86_FEAT_SSE42 },   /* F2 0F 38 F0 /r  CRC32 Gy,Eb */
};
static const X86OpEntry op0f38_f1[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVBE, { Mv, Gv }, 0, X86_FEAT_MOVBE },   /* NP 0F 38 F1 /r  MOVBE Mv,Gv */
    [X86_PFX_66] = { X86_INSN_MOVBE, { Mv, Gv }, X86_F_OPSIZE66, X86_FEAT_MOVBE }, /* 66 0F 38 F1 /r  MOVBE Mv,Gv */
    [X86_PFX_F2] = { X86_INSN_CRC32, { Gy, Ev }, 0, X86_FEAT_SSE42 },   /* F2 0F 38 F1 /r  CRC32 Gy,Ev */
};
static const X86OpEntry op0f38_f2[4] = {
    [X86_PFX_NP] = { X86_INSN_ANDN, { Gy, By, Ey }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI1 }, /* VEX.NP.0F38 F2 /r  ANDN Gy,By,Ey */
};
static const X86OpEntry grp17_vex_0f38_f3[8] = {
    [1] = { X86_INSN_BLSR, { By, Ey }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI1 }, /* VEX.NP.0F38 F3 /1  BLSR By,Ey */
    [2] = { X86_INSN_BLSMSK, { By, Ey }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI1 }, /* VEX.NP.0F38 F3 /2  BLSMSK By,Ey */
    [3] = { X86_INSN_BLSI, { By, Ey }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI1 }, /* VEX.NP.0F38 F3 /3  BLSI By,Ey */
};
static const X86OpEntry op0f38_f3[4] = {
    [X86_PFX_NP] = BY_REG(grp17_vex_0f38_f3),                           /* VEX.NP.0F38 F3  Grp 17 */
};
static const X86OpEntry op0f38_f5[4] = {
    [X86_PFX_NP] = { X86_INSN_BZHI, { Gy, Ey, By }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.NP.0F38 F5 /r  BZHI Gy,Ey,By */
    [X86_PFX_F3] = { X86_INSN_PEXT, { Gy, By, Ey }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.F3.0F38 F5 /r  PEXT Gy,By,Ey */
    [X86_PFX_F2] = { X86_INSN_PDEP, { Gy, By, Ey }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.F2.0F38 F5 /r  PDEP Gy,By,Ey */
};
static const X86OpEntry op0f38_f6[4] = {
    [X86_PFX_66] = { X86_INSN_ADCX, { Gy, Ey }, 0, X86_FEAT_ADX },      /* 66 0F 38 F6 /r  ADCX Gy,Ey */
    [X86_PFX_F3] = { X86_INSN_ADOX, { Gy, Ey }, 0, X86_FEAT_ADX },      /* F3 0F 38 F6 /r  ADOX Gy,Ey */
    [X86_PFX_F2] = { X86_INSN_MULX, { Gy, By, Ey }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.F2.0F38 F6 /r  MULX Gy,By,Ey */
};
static const X86OpEntry op0f38_f7[4] = {
    [X86_PFX_NP] = { X86_INSN_BEXTR, { Gy, Ey, By }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI1 }, /* VEX.NP.0F38 F7 /r  BEXTR Gy,Ey,By */
    [X86_PFX_66] = { X86_INSN_SHLX, { Gy, Ey, By }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.66.0F38 F7 /r  SHLX Gy,Ey,By */
    [X86_PFX_F3] = { X86_INSN_SARX, { Gy, Ey, By }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.F3.0F38 F7 /r  SARX Gy,Ey,By */
    [X86_PFX_F2] = { X86_INSN_SHRX, { Gy, Ey, By }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.F2.0F38 F7 /r  SHRX Gy,Ey,By */
};

const X86OpEntry x86_map_0f38[256] = {
    [0x00] = BY_PREFIX(op0f38_00),                                      /* 0F 38 00     PSHUFB */
    [0x01] = BY_PREFIX(op0f38_01),                                      /* 0F 38 01     PHADDW */
    [0x02] = BY_PREFIX(op0f38_02),                                      /* 0F 38 02     PHADDD */
    [0x03] = BY_PREFIX(op0f38_03),                                      /* 0F 38 03     PHADDSW */
    [0x04] = BY_PREFIX(op0f38_04),                                      /* 0F 38 04     PMADDUBSW */
    [0x05] = BY_PREFIX(op0f38_05),                                      /* 0F 38 05     PHSUBW */
    [0x06] = BY_PREFIX(op0f38_06),                                      /* 0F 38 06     PHSUBD */
    [0x07] = BY_PREFIX(op0f38_07),                                      /* 0F 38 07     PHSUBSW */
    [0x08] = BY_PREFIX(op0f38_08),                                      /* 0F 38 08     PSIGNB */
    [0x09] = BY_PREFIX(op0f38_09),                                      /* 0F 38 09     PSIGNW */
    [0x0a] = BY_PREFIX(op0f38_0a),                                      /* 0F 38 0A     PSIGND */
    [0x0b] = BY_PREFIX(op0f38_0b),                                      /* 0F 38 0B     PMULHRSW */
    [0x10] = BY_PREFIX(op0f38_10),                                      /* 0F 38 10     PBLENDVB */
    [0x14] = BY_PREFIX(op0f38_14),                                      /* 0F 38 14     BLENDVPS */
    [0x15] = BY_PREFIX(op0f38_15),                                      /* 0F 38 15     BLENDVPD */
    [0x17] = BY_PREFIX(op0f38_17),                                      /* 0F 38 17     PTEST */
    [0x1c] = BY_PREFIX(op0f38_1c),                                      /* 0F 38 1C     PABSB */
    [0x1d] = BY_PREFIX(op0f38_1d),                                      /* 0F 38 1D     PABSW */
    [0x1e] = BY_PREFIX(op0f38_1e),                                      /* 0F 38 1E     PABSD */
    [0x20] = BY_PREFIX(op0f38_20),                                      /* 0F 38 20     PMOVSXBW */
    [0x21] = BY_PREFIX(op0f38_21),                                      /* 0F 38 21     PMOVSXBD */
    [0x22] = BY_PREFIX(op0f38_22),                                      /* 0F 38 22     PMOVSXBQ */
    [0x23] = BY_PREFIX(op0f38_23),                                      /* 0F 38 23     PMOVSXWD */
    [0x24] = BY_PREFIX(op0f38_24),                                      /* 0F 38 24     PMOVSXWQ */
    [0x25] = BY_PREFIX(op0f38_25),                                      /* 0F 38 25     PMOVSXDQ */
    [0x28] = BY_PREFIX(op0f38_28),                                      /* 0F 38 28     PMULDQ */
    [0x29] = BY_PREFIX(op0f38_29),                                      /* 0F 38 29     PCMPEQQ */
    [0x2a] = BY_PREFIX(op0f38_2a),                                      /* 0F 38 2A     MOVNTDQA */
    [0x2b] = BY_PREFIX(op0f38_2b),                                      /* 0F 38 2B     PACKUSDW */
    [0x30] = BY_PREFIX(op0f38_30),                                      /* 0F 38 30     PMOVZXBW */
    [0x31] = BY_PREFIX(op0f38_31),                                      /* 0F 38 31     PMOVZXBD */
    [0x32] = BY_PREFIX(op0f38_32),                                      /* 0F 38 32     PMOVZXBQ */
    [0x33] = BY_PREFIX(op0f38_33),                                      /* 0F 38 33     PMOVZXWD */
    [0x34] = BY_PREFIX(op0f38_34),                                      /* 0F 38 34     PMOVZXWQ */
    [0x35] = BY_PREFIX(op0f38_35),                                      /* 0F 38 35     PMOVZXDQ */
    [0x37] = BY_PREFIX(op0f38_37),                                      /* 0F 38 37     PCMPGTQ */
    [0x38] = BY_PREFIX(op0f38_38),                                      /* 0F 38 38     PMINSB */
    [0x39] = BY_PREFIX(op0f38_39),                                      /* 0F 38 39     PMINSD */
    [0x3a] = BY_PREFIX(op0f38_3a),                                      /* 0F 38 3A     PMINUW */
    [0x3b] = BY_PREFIX(op0f38_3b),                                      /* 0F 38 3B     PMINUD */
    [0x3c] = BY_PREFIX(op0f38_3c),                                      /* 0F 38 3C     PMAXSB */
    [0x3d] = BY_PREFIX(op0f38_3d),                                      /* 0F 38 3D     PMAXSD */
    [0x3e] = BY_PREFIX(op0f38_3e),                                      /* 0F 38 3E     PMAXUW */
    [0x3f] = BY_PREFIX(op0f38_3f),                                      /* 0F 38 3F     PMAXUD */
    [0x40] = BY_PREFIX(op0f38_40),                                      /* 0F 38 40     PMULLD */
    [0x41] = BY_PREFIX(op0f38_41),                                      /* 0F 38 41     PHMINPOSUW */
    [0x80] = BY_PREFIX(op0f38_80),                                      /* 0F 38 80     INVEPT */
    [0x81] = BY_PREFIX(op0f38_81),                                      /* 0F 38 81     INVVPID */
    [0x82] = BY_PREFIX(op0f38_82),                                      /* 0F 38 82     INVPCID */
    [0xc8] = BY_PREFIX(op0f38_c8),                                      /* 0F 38 C8     SHA1NEXTE */
    [0xc9] = BY_PREFIX(op0f38_c9),                                      /* 0F 38 C9     SHA1MSG1 */
    [0xca] = BY_PREFIX(op0f38_ca),                                      /* 0F 38 CA     SHA1MSG2 */
    [0xcb] = BY_PREFIX(op0f38_cb),                                      /* 0F 38 CB     SHA256RNDS2 */
    [0xcc] = BY_PREFIX(op0f38_cc),                                      /* 0F 38 CC     SHA256MSG1 */
    [0xcd] = BY_PREFIX(op0f38_cd),                                      /* 0F 38 CD     SHA256MSG2 */
    [0xdb] = BY_PREFIX(op0f38_db),                                      /* 0F 38 DB     AESIMC */
    [0xdc] = BY_PREFIX(op0f38_dc),                                      /* 0F 38 DC     AESENC */
    [0xdd] = BY_PREFIX(op0f38_dd),                                      /* 0F 38 DD     AESENCLAST */
    [0xde] = BY_PREFIX(op0f38_de),                                      /* 0F 38 DE     AESDEC */
    [0xdf] = BY_PREFIX(op0f38_df),                                      /* 0F 38 DF     AESDECLAST */
    [0xf0] = BY_PREFIX(op0f38_f0),                                      /* 0F 38 F0     MOVBE / CRC32 */
    [0xf1] = BY_PREFIX(op0f38_f1),                                      /* 0F 38 F1     MOVBE / CRC32 */
    [0xf2] = BY_PREFIX(op0f38_f2),                                      /* 0F 38 F2     ANDN */
    [0xf3] = BY_PREFIX(op0f38_f3),                                      /* 0F 38 F3     BLSR BLSMSK BLSI */
    [0xf5] = BY_PREFIX(op0f38_f5),                                      /* 0F 38 F5     BZHI / PEXT / PDEP */
    [0xf6] = BY_PREFIX(op0f38_f6),                                      /* 0F 38 F6     ADCX / ADOX / MULX */
    [0xf7] = BY_PREFIX(op0f38_f7),                                      /* 0F 38 F7     BEXTR / SHLX / SARX / SHRX */
};

/* 0F 3A: SSSE3 PALIGNR, SSE4.1, SSE4.2, AES, PCLMULQDQ, SHA; VEX RORX */
static const X86OpEntry op0f3a_08[4] = {
    [X86_PFX_66] = { X86_INSN_ROUNDPS, { Vx, Wx, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 08 /r ib  ROUNDPS Vx,Wx,Ib */
};
static const X86OpEntry op0f3a_09[4] = {
    [X86_PFX_66] = { X86_INSN_ROUNDPD, { Vx, Wx, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 09 /r ib  ROUNDPD Vx,Wx,Ib */
};
static const X86OpEntry op0f3a_0a[4] = {
    [X86_PFX_66] = { X86_INSN_ROUNDSS, { Vss, Hss, Wss, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 0A /r ib  ROUNDSS Vss,Hss,Wss,Ib */
};
static const X86OpEntry op0f3a_0b[4] = {
    [X86_PFX_66] = { X86_INSN_ROUNDSD, { Vsd, Hsd, Wsd, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 0B /r ib  ROUNDSD Vsd,Hsd,Wsd,Ib */
};
static const X86OpEntry op0f3a_0c[4] = {
    [X86_PFX_66] = { X86_INSN_BLENDPS, { Vx, Hx, Wx, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 0C /r ib  BLENDPS Vx,Hx,Wx,Ib */
};
static const X86OpEntry op0f3a_0d[4] = {
    [X86_PFX_66] = { X86_INSN_BLENDPD, { Vx, Hx, Wx, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 0D /r ib  BLENDPD Vx,Hx,Wx,Ib */
};
static const X86OpEntry op0f3a_0e[4] = {
    [X86_PFX_66] = { X86_INSN_PBLENDW, { Vx, Hx, Wx, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 0E /r ib  PBLENDW Vx,Hx,Wx,Ib */
};
static const X86OpEntry op0f3a_0f[4] = {
    [X86_PFX_NP] = { X86_INSN_PALIGNR, { Pq, Qq, Ib }, 0, X86_FEAT_SSSE3 }, /* NP 0F 3A 0F /r ib  PALIGNR Pq,Qq,Ib */
    [X86_PFX_66] = { X86_INSN_PALIGNR, { Vx, Hx, Wx, Ib }, 0, X86_FEAT_SSSE3 }, /* 66 0F 3A 0F /r ib  PALIGNR Vx,Hx,Wx,Ib */
};
static const X86OpEntry op0f3a_14[4] = {
    [X86_PFX_66] = { X86_INSN_PEXTRB, { RyMb, Vdq, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 14 /r ib  PEXTRB Ry/Mb,Vdq,Ib */
};
static const X86OpEntry op0f3a_15[4] = {
    [X86_PFX_66] = { X86_INSN_PEXTRW, { RyMw, Vdq, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 15 /r ib  PEXTRW Ry/Mw,Vdq,Ib */
};
static const X86OpEntry pextrd[2] = {
    [0] = { X86_INSN_PEXTRD, { Ed, Vdq, Ib }, 0, X86_FEAT_SSE41 },      /* 66 0F 3A 16 /r ib  PEXTRD Ed,Vdq,Ib */
    [1] = { X86_INSN_PEXTRQ, { Eq, Vdq, Ib }, 0, X86_FEAT_SSE41 },      /* 66 REX.W 0F 3A 16 /r ib  PEXTRQ Eq,Vdq,Ib */
};
static const X86OpEntry op0f3a_16[4] = {
    [X86_PFX_66] = BY_W(pextrd),                                        /* 66 0F 3A 16  PEXTRD / PEXTRQ */
};
static const X86OpEntry op0f3a_17[4] = {
    [X86_PFX_66] = { X86_INSN_EXTRACTPS, { Ed, Vdq, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 17 /r ib  EXTRACTPS Ed,Vdq,Ib */
};
static const X86OpEntry op0f3a_20[4] = {
    [X86_PFX_66] = { X86_INSN_PINSRB, { Vdq, Hdq, RyMb, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 20 /r ib  PINSRB Vdq,Hdq,Ry/Mb,Ib */
};
static const X86OpEntry op0f3a_21[4] = {
    [X86_PFX_66] = { X86_INSN_INSERTPS, { Vdq, Hdq, Wd, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 21 /r ib  INSERTPS Vdq,Hdq,Wd,Ib (Udq/Md) */
};
static const X86OpEntry pinsrd[2] = {
    [0] = { X86_INSN_PINSRD, { Vdq, Hdq, Ed, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 22 /r ib  PINSRD Vdq,Hdq,Ed,Ib */
    [1] = { X86_INSN_PINSRQ, { Vdq, Hdq, Eq, Ib }, 0, X86_FEAT_SSE41 }, /* 66 REX.W 0F 3A 22 /r ib  PINSRQ Vdq,Hdq,Eq,Ib */
};
static const X86OpEntry op0f3a_22[4] = {
    [X86_PFX_66] = BY_W(pinsrd),                                        /* 66 0F 3A 22  PINSRD / PINSRQ */
};
static const X86OpEntry op0f3a_40[4] = {
    [X86_PFX_66] = { X86_INSN_DPPS, { Vx, Hx, Wx, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 40 /r ib  DPPS Vx,Hx,Wx,Ib */
};
static const X86OpEntry op0f3a_41[4] = {
    [X86_PFX_66] = { X86_INSN_DPPD, { Vdq, Hdq, Wdq, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 41 /r ib  DPPD Vdq,Hdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_42[4] = {
    [X86_PFX_66] = { X86_INSN_MPSADBW, { Vx, Hx, Wx, Ib }, 0, X86_FEAT_SSE41 }, /* 66 0F 3A 42 /r ib  MPSADBW Vx,Hx,Wx,Ib */
};
static const X86OpEntry op0f3a_44[4] = {
    [X86_PFX_66] = { X86_INSN_PCLMULQDQ, { Vdq, Hdq, Wdq, Ib }, 0, X86_FEAT_PCLMUL }, /* 66 0F 3A 44 /r ib  PCLMULQDQ Vdq,Hdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_60[4] = {
    [X86_PFX_66] = { X86_INSN_PCMPESTRM, { Vdq, Wdq, Ib }, 0, X86_FEAT_SSE42 }, /* 66 0F 3A 60 /r ib  PCMPESTRM Vdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_61[4] = {
    [X86_PFX_66] = { X86_INSN_PCMPESTRI, { Vdq, Wdq, Ib }, 0, X86_FEAT_SSE42 }, /* 66 0F 3A 61 /r ib  PCMPESTRI Vdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_62[4] = {
    [X86_PFX_66] = { X86_INSN_PCMPISTRM, { Vdq, Wdq, Ib }, 0, X86_FEAT_SSE42 }, /* 66 0F 3A 62 /r ib  PCMPISTRM Vdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_63[4] = {
    [X86_PFX_66] = { X86_INSN_PCMPISTRI, { Vdq, Wdq, Ib }, 0, X86_FEAT_SSE42 }, /* 66 0F 3A 63 /r ib  PCMPISTRI Vdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_cc[4] = {
    [X86_PFX_NP] = { X86_INSN_SHA1RNDS4, { Vdq, Wdq, Ib }, 0, X86_FEAT_SHA }, /* NP 0F 3A CC /r ib  SHA1RNDS4 Vdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_df[4] = {
    [X86_PFX_66] = { X86_INSN_AESKEYGENASSIST, { Vdq, Wdq, Ib }, 0, X86_FEAT_AES }, /* 66 0F 3A DF /r ib  AESKEYGENASSIST Vdq,Wdq,Ib */
};
static const X86OpEntry op0f3a_f0[4] = {
    [X86_PFX_F2] = { X86_INSN_RORX, { Gy, Ey, Ib }, X86_F_VEXONLY | X86_F_L0, X86_FEAT_BMI2 }, /* VEX.F2.0F3A F0 /r ib  RORX Gy,Ey,Ib */
};

const X86OpEntry x86_map_0f3a[256] = {
    [0x08] = BY_PREFIX(op0f3a_08),                                      /* 0F 3A 08     ROUNDPS */
    [0x09] = BY_PREFIX(op0f3a_09),                                      /* 0F 3A 09     ROUNDPD */
    [0x0a] = BY_PREFIX(op0f3a_0a),                                      /* 0F 3A 0A     ROUNDSS */
    [0x0b] = BY_PREFIX(op0f3a_0b),                                      /* 0F 3A 0B     ROUNDSD */
    [0x0c] = BY_PREFIX(op0f3a_0c),                                      /* 0F 3A 0C     BLENDPS */
    [0x0d] = BY_PREFIX(op0f3a_0d),                                      /* 0F 3A 0D     BLENDPD */
    [0x0e] = BY_PREFIX(op0f3a_0e),                                      /* 0F 3A 0E     PBLENDW */
    [0x0f] = BY_PREFIX(op0f3a_0f),                                      /* 0F 3A 0F     PALIGNR */
    [0x14] = BY_PREFIX(op0f3a_14),                                      /* 0F 3A 14     PEXTRB */
    [0x15] = BY_PREFIX(op0f3a_15),                                      /* 0F 3A 15     PEXTRW */
    [0x16] = BY_PREFIX(op0f3a_16),                                      /* 0F 3A 16     PEXTRD / PEXTRQ */
    [0x17] = BY_PREFIX(op0f3a_17),                                      /* 0F 3A 17     EXTRACTPS */
    [0x20] = BY_PREFIX(op0f3a_20),                                      /* 0F 3A 20     PINSRB */
    [0x21] = BY_PREFIX(op0f3a_21),                                      /* 0F 3A 21     INSERTPS */
    [0x22] = BY_PREFIX(op0f3a_22),                                      /* 0F 3A 22     PINSRD / PINSRQ */
    [0x40] = BY_PREFIX(op0f3a_40),                                      /* 0F 3A 40     DPPS */
    [0x41] = BY_PREFIX(op0f3a_41),                                      /* 0F 3A 41     DPPD */
    [0x42] = BY_PREFIX(op0f3a_42),                                      /* 0F 3A 42     MPSADBW */
    [0x44] = BY_PREFIX(op0f3a_44),                                      /* 0F 3A 44     PCLMULQDQ */
    [0x60] = BY_PREFIX(op0f3a_60),                                      /* 0F 3A 60     PCMPESTRM */
    [0x61] = BY_PREFIX(op0f3a_61),                                      /* 0F 3A 61     PCMPESTRI */
    [0x62] = BY_PREFIX(op0f3a_62),                                      /* 0F 3A 62     PCMPISTRM */
    [0x63] = BY_PREFIX(op0f3a_63),                                      /* 0F 3A 63     PCMPISTRI */
    [0xcc] = BY_PREFIX(op0f3a_cc),                                      /* 0F 3A CC     SHA1RNDS4 */
    [0xdf] = BY_PREFIX(op0f3a_df),                                      /* 0F 3A DF     AESKEYGENASSIST */
    [0xf0] = BY_PREFIX(op0f3a_f0),                                      /* 0F 3A F0     RORX */
};
