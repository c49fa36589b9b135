/*
 * The two-byte opcode map 0F (SDM Vol. 2 Table A-3) with its SIMD prefix
 * columns. The general-purpose and system groups are in decode-0f-groups.c.
 *
 * SIMD rows carry their VEX operand H (VEX.vvvv), as the SDM writes them:
 * a legacy encoding has no H and the destination doubles as first source,
 * so decode.c drops H when there is no VEX prefix. A row is reachable with
 * VEX only when it has X86_F_VEX; so far that is the AVX rows that prove the
 * plumbing (VMOVDQA, VMOVDQU, VZEROUPPER, VZEROALL). Adding AVX is adding
 * X86_F_VEX (and X86_F_L0 where the SDM says VEX.128 only) to these rows.
 * The feature named on a shared row is the legacy one; its VEX form needs
 * AVX (AVX2 for 256-bit integer forms), which the translator checks.
 *
 * MMX forms (no prefix) name MMX, or SSE/SSE2 for the integer instructions
 * those extensions added to the MMX registers.
 */
#include "cpu/x86/decode-tables.h"
#include "cpu/x86/decode-rows.h"

/* 0F 10-17 */
static const X86OpEntry op0f_10[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVUPS, { Vps, Wps }, 0, X86_FEAT_SSE },  /* NP 0F 10 /r  MOVUPS Vps,Wps */
    [X86_PFX_66] = { X86_INSN_MOVUPD, { Vpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 10 /r  MOVUPD Vpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_MOVSS, { Vx, Hx, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 10 /r  MOVSS Vx,Hx,Wss */
    [X86_PFX_F2] = { X86_INSN_MOVSD, { Vx, Hx, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 10 /r  MOVSD Vx,Hx,Wsd */
};
static const X86OpEntry op0f_11[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVUPS, { Wps, Vps }, 0, X86_FEAT_SSE },  /* NP 0F 11 /r  MOVUPS Wps,Vps */
    [X86_PFX_66] = { X86_INSN_MOVUPD, { Wpd, Vpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 11 /r  MOVUPD Wpd,Vpd */
    [X86_PFX_F3] = { X86_INSN_MOVSS, { Wss, Hx, Vss }, 0, X86_FEAT_SSE }, /* F3 0F 11 /r  MOVSS Wss,Hx,Vss */
    [X86_PFX_F2] = { X86_INSN_MOVSD, { Wsd, Hx, Vsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 11 /r  MOVSD Wsd,Hx,Vsd */
};
static const X86OpEntry movlps_movhlps[2] = {
    [0] = { X86_INSN_MOVLPS, { Vq, Hq, Mq }, 0, X86_FEAT_SSE },         /* NP 0F 12 /r  MOVLPS Vq,Hq,Mq */
    [1] = { X86_INSN_MOVHLPS, { Vq, Hq, Uq }, 0, X86_FEAT_SSE },        /* NP 0F 12 /r  MOVHLPS Vq,Hq,Uq (mod=11) */
};
static const X86OpEntry op0f_12[4] = {
    [X86_PFX_NP] = BY_MOD(movlps_movhlps),                              /* NP 0F 12     MOVLPS / MOVHLPS */
    [X86_PFX_66] = { X86_INSN_MOVLPD, { Vq, Hq, Mq }, 0, X86_FEAT_SSE2 }, /* 66 0F 12 /r  MOVLPD Vq,Hq,Mq */
    [X86_PFX_F3] = { X86_INSN_MOVSLDUP, { Vx, Wx }, 0, X86_FEAT_SSE3 }, /* F3 0F 12 /r  MOVSLDUP Vx,Wx */
    [X86_PFX_F2] = { X86_INSN_MOVDDUP, { Vx, Wq }, 0, X86_FEAT_SSE3 },  /* F2 0F 12 /r  MOVDDUP Vx,Wq (SDM Wx: reads 8 bytes) */
};
static const X86OpEntry op0f_13[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVLPS, { Mq, Vq }, 0, X86_FEAT_SSE },    /* NP 0F 13 /r  MOVLPS Mq,Vq */
    [X86_PFX_66] = { X86_INSN_MOVLPD, { Mq, Vq }, 0, X86_FEAT_SSE2 },   /* 66 0F 13 /r  MOVLPD Mq,Vq */
};
static const X86OpEntry op0f_14[4] = {
    [X86_PFX_NP] = { X86_INSN_UNPCKLPS, { Vx, Hx, Wx }, 0, X86_FEAT_SSE }, /* NP 0F 14 /r  UNPCKLPS Vx,Hx,Wx */
    [X86_PFX_66] = { X86_INSN_UNPCKLPD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 14 /r  UNPCKLPD Vx,Hx,Wx */
};
static const X86OpEntry op0f_15[4] = {
    [X86_PFX_NP] = { X86_INSN_UNPCKHPS, { Vx, Hx, Wx }, 0, X86_FEAT_SSE }, /* NP 0F 15 /r  UNPCKHPS Vx,Hx,Wx */
    [X86_PFX_66] = { X86_INSN_UNPCKHPD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 15 /r  UNPCKHPD Vx,Hx,Wx */
};
static const X86OpEntry movhps_movlhps[2] = {
    [0] = { X86_INSN_MOVHPS, { Vdq, Hq, Mq }, 0, X86_FEAT_SSE },        /* NP 0F 16 /r  MOVHPS Vdq,Hq,Mq */
    [1] = { X86_INSN_MOVLHPS, { Vdq, Hq, Uq }, 0, X86_FEAT_SSE },       /* NP 0F 16 /r  MOVLHPS Vdq,Hq,Uq (mod=11) */
};
static const X86OpEntry op0f_16[4] = {
    [X86_PFX_NP] = BY_MOD(movhps_movlhps),                              /* NP 0F 16     MOVHPS / MOVLHPS */
    [X86_PFX_66] = { X86_INSN_MOVHPD, { Vdq, Hq, Mq }, 0, X86_FEAT_SSE2 }, /* 66 0F 16 /r  MOVHPD Vdq,Hq,Mq */
    [X86_PFX_F3] = { X86_INSN_MOVSHDUP, { Vx, Wx }, 0, X86_FEAT_SSE3 }, /* F3 0F 16 /r  MOVSHDUP Vx,Wx */
};
static const X86OpEntry op0f_17[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVHPS, { Mq, Vq }, 0, X86_FEAT_SSE },    /* NP 0F 17 /r  MOVHPS Mq,Vq */
    [X86_PFX_66] = { X86_INSN_MOVHPD, { Mq, Vq }, 0, X86_FEAT_SSE2 },   /* 66 0F 17 /r  MOVHPD Mq,Vq */
};

/* 0F 28-2F */
static const X86OpEntry op0f_28[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVAPS, { Vps, Wps }, 0, X86_FEAT_SSE },  /* NP 0F 28 /r  MOVAPS Vps,Wps */
    [X86_PFX_66] = { X86_INSN_MOVAPD, { Vpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 28 /r  MOVAPD Vpd,Wpd */
};
static const X86OpEntry op0f_29[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVAPS, { Wps, Vps }, 0, X86_FEAT_SSE },  /* NP 0F 29 /r  MOVAPS Wps,Vps */
    [X86_PFX_66] = { X86_INSN_MOVAPD, { Wpd, Vpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 29 /r  MOVAPD Wpd,Vpd */
};
static const X86OpEntry op0f_2a[4] = {
    [X86_PFX_NP] = { X86_INSN_CVTPI2PS, { Vps, Qq }, 0, X86_FEAT_SSE }, /* NP 0F 2A /r  CVTPI2PS Vps,Qq */
    [X86_PFX_66] = { X86_INSN_CVTPI2PD, { Vpd, Qq }, 0, X86_FEAT_SSE2 }, /* 66 0F 2A /r  CVTPI2PD Vpd,Qq */
    [X86_PFX_F3] = { X86_INSN_CVTSI2SS, { Vss, Hss, Ey }, 0, X86_FEAT_SSE }, /* F3 0F 2A /r  CVTSI2SS Vss,Hss,Ey */
    [X86_PFX_F2] = { X86_INSN_CVTSI2SD, { Vsd, Hsd, Ey }, 0, X86_FEAT_SSE2 }, /* F2 0F 2A /r  CVTSI2SD Vsd,Hsd,Ey */
};
static const X86OpEntry op0f_2b[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVNTPS, { Mps, Vps }, 0, X86_FEAT_SSE }, /* NP 0F 2B /r  MOVNTPS Mps,Vps */
    [X86_PFX_66] = { X86_INSN_MOVNTPD, { Mpd, Vpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 2B /r  MOVNTPD Mpd,Vpd */
    [X86_PFX_F3] = { X86_INSN_MOVNTSS, { Md, Vss }, 0, X86_FEAT_SSE4A }, /* F3 0F 2B /r  MOVNTSS Md,Vss (AMD) */
    [X86_PFX_F2] = { X86_INSN_MOVNTSD, { Mq, Vsd }, 0, X86_FEAT_SSE4A }, /* F2 0F 2B /r  MOVNTSD Mq,Vsd (AMD) */
};
static const X86OpEntry op0f_2c[4] = {
    [X86_PFX_NP] = { X86_INSN_CVTTPS2PI, { Pq, Wq }, 0, X86_FEAT_SSE }, /* NP 0F 2C /r  CVTTPS2PI Pq,Wq */
    [X86_PFX_66] = { X86_INSN_CVTTPD2PI, { Pq, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 2C /r  CVTTPD2PI Pq,Wpd */
    [X86_PFX_F3] = { X86_INSN_CVTTSS2SI, { Gy, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 2C /r  CVTTSS2SI Gy,Wss */
    [X86_PFX_F2] = { X86_INSN_CVTTSD2SI, { Gy, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 2C /r  CVTTSD2SI Gy,Wsd */
};
static const X86OpEntry op0f_2d[4] = {
    [X86_PFX_NP] = { X86_INSN_CVTPS2PI, { Pq, Wq }, 0, X86_FEAT_SSE },  /* NP 0F 2D /r  CVTPS2PI Pq,Wq */
    [X86_PFX_66] = { X86_INSN_CVTPD2PI, { Pq, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 2D /r  CVTPD2PI Pq,Wpd */
    [X86_PFX_F3] = { X86_INSN_CVTSS2SI, { Gy, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 2D /r  CVTSS2SI Gy,Wss */
    [X86_PFX_F2] = { X86_INSN_CVTSD2SI, { Gy, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 2D /r  CVTSD2SI Gy,Wsd */
};
static const X86OpEntry op0f_2e[4] = {
    [X86_PFX_NP] = { X86_INSN_UCOMISS, { Vss, Wss }, 0, X86_FEAT_SSE }, /* NP 0F 2E /r  UCOMISS Vss,Wss */
    [X86_PFX_66] = { X86_INSN_UCOMISD, { Vsd, Wsd }, 0, X86_FEAT_SSE2 }, /* 66 0F 2E /r  UCOMISD Vsd,Wsd */
};
static const X86OpEntry op0f_2f[4] = {
    [X86_PFX_NP] = { X86_INSN_COMISS, { Vss, Wss }, 0, X86_FEAT_SSE },  /* NP 0F 2F /r  COMISS Vss,Wss */
    [X86_PFX_66] = { X86_INSN_COMISD, { Vsd, Wsd }, 0, X86_FEAT_SSE2 }, /* 66 0F 2F /r  COMISD Vsd,Wsd */
};

/* 0F 50-5F */
static const X86OpEntry op0f_50[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVMSKPS, { Gy, Ups }, 0, X86_FEAT_SSE }, /* NP 0F 50 /r  MOVMSKPS Gy,Ups */
    [X86_PFX_66] = { X86_INSN_MOVMSKPD, { Gy, Upd }, 0, X86_FEAT_SSE2 }, /* 66 0F 50 /r  MOVMSKPD Gy,Upd */
};
static const X86OpEntry op0f_51[4] = {
    [X86_PFX_NP] = { X86_INSN_SQRTPS, { Vps, Wps }, 0, X86_FEAT_SSE },  /* NP 0F 51 /r  SQRTPS Vps,Wps */
    [X86_PFX_66] = { X86_INSN_SQRTPD, { Vpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 51 /r  SQRTPD Vpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_SQRTSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 51 /r  SQRTSS Vss,Hss,Wss */
    [X86_PFX_F2] = { X86_INSN_SQRTSD, { Vsd, Hsd, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 51 /r  SQRTSD Vsd,Hsd,Wsd */
};
static const X86OpEntry op0f_52[4] = {
    [X86_PFX_NP] = { X86_INSN_RSQRTPS, { Vps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 52 /r  RSQRTPS Vps,Wps */
    [X86_PFX_F3] = { X86_INSN_RSQRTSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 52 /r  RSQRTSS Vss,Hss,Wss */
};
static const X86OpEntry op0f_53[4] = {
    [X86_PFX_NP] = { X86_INSN_RCPPS, { Vps, Wps }, 0, X86_FEAT_SSE },   /* NP 0F 53 /r  RCPPS Vps,Wps */
    [X86_PFX_F3] = { X86_INSN_RCPSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 53 /r  RCPSS Vss,Hss,Wss */
};
static const X86OpEntry op0f_54[4] = {
    [X86_PFX_NP] = { X86_INSN_ANDPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 54 /r  ANDPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_ANDPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 54 /r  ANDPD Vpd,Hpd,Wpd */
};
static const X86OpEntry op0f_55[4] = {
    [X86_PFX_NP] = { X86_INSN_ANDNPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 55 /r  ANDNPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_ANDNPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 55 /r  ANDNPD Vpd,Hpd,Wpd */
};
static const X86OpEntry op0f_56[4] = {
    [X86_PFX_NP] = { X86_INSN_ORPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 56 /r  ORPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_ORPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 56 /r  ORPD Vpd,Hpd,Wpd */
};
static const X86OpEntry op0f_57[4] = {
    [X86_PFX_NP] = { X86_INSN_XORPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 57 /r  XORPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_XORPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 57 /r  XORPD Vpd,Hpd,Wpd */
};
static const X86OpEntry op0f_58[4] = {
    [X86_PFX_NP] = { X86_INSN_ADDPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 58 /r  ADDPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_ADDPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 58 /r  ADDPD Vpd,Hpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_ADDSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 58 /r  ADDSS Vss,Hss,Wss */
    [X86_PFX_F2] = { X86_INSN_ADDSD, { Vsd, Hsd, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 58 /r  ADDSD Vsd,Hsd,Wsd */
};
static const X86OpEntry op0f_59[4] = {
    [X86_PFX_NP] = { X86_INSN_MULPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 59 /r  MULPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_MULPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 59 /r  MULPD Vpd,Hpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_MULSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 59 /r  MULSS Vss,Hss,Wss */
    [X86_PFX_F2] = { X86_INSN_MULSD, { Vsd, Hsd, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 59 /r  MULSD Vsd,Hsd,Wsd */
};
static const X86OpEntry op0f_5a[4] = {
    [X86_PFX_NP] = { X86_INSN_CVTPS2PD, { Vpd, Wq }, 0, X86_FEAT_SSE2 }, /* NP 0F 5A /r  CVTPS2PD Vpd,Wq (SDM Wps: reads 8 bytes) */
    [X86_PFX_66] = { X86_INSN_CVTPD2PS, { Vps, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 5A /r  CVTPD2PS Vps,Wpd */
    [X86_PFX_F3] = { X86_INSN_CVTSS2SD, { Vsd, Hx, Wss }, 0, X86_FEAT_SSE2 }, /* F3 0F 5A /r  CVTSS2SD Vsd,Hx,Wss */
    [X86_PFX_F2] = { X86_INSN_CVTSD2SS, { Vss, Hx, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 5A /r  CVTSD2SS Vss,Hx,Wsd */
};
static const X86OpEntry op0f_5b[4] = {
    [X86_PFX_NP] = { X86_INSN_CVTDQ2PS, { Vps, Wx }, 0, X86_FEAT_SSE2 }, /* NP 0F 5B /r  CVTDQ2PS Vps,Wx */
    [X86_PFX_66] = { X86_INSN_CVTPS2DQ, { Vx, Wps }, 0, X86_FEAT_SSE2 }, /* 66 0F 5B /r  CVTPS2DQ Vx,Wps */
    [X86_PFX_F3] = { X86_INSN_CVTTPS2DQ, { Vx, Wps }, 0, X86_FEAT_SSE2 }, /* F3 0F 5B /r  CVTTPS2DQ Vx,Wps */
};
static const X86OpEntry op0f_5c[4] = {
    [X86_PFX_NP] = { X86_INSN_SUBPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 5C /r  SUBPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_SUBPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 5C /r  SUBPD Vpd,Hpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_SUBSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 5C /r  SUBSS Vss,Hss,Wss */
    [X86_PFX_F2] = { X86_INSN_SUBSD, { Vsd, Hsd, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 5C /r  SUBSD Vsd,Hsd,Wsd */
};
static const X86OpEntry op0f_5d[4] = {
    [X86_PFX_NP] = { X86_INSN_MINPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 5D /r  MINPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_MINPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 5D /r  MINPD Vpd,Hpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_MINSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 5D /r  MINSS Vss,Hss,Wss */
    [X86_PFX_F2] = { X86_INSN_MINSD, { Vsd, Hsd, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 5D /r  MINSD Vsd,Hsd,Wsd */
};
static const X86OpEntry op0f_5e[4] = {
    [X86_PFX_NP] = { X86_INSN_DIVPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 5E /r  DIVPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_DIVPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 5E /r  DIVPD Vpd,Hpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_DIVSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 5E /r  DIVSS Vss,Hss,Wss */
    [X86_PFX_F2] = { X86_INSN_DIVSD, { Vsd, Hsd, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 5E /r  DIVSD Vsd,Hsd,Wsd */
};
static const X86OpEntry op0f_5f[4] = {
    [X86_PFX_NP] = { X86_INSN_MAXPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE }, /* NP 0F 5F /r  MAXPS Vps,Hps,Wps */
    [X86_PFX_66] = { X86_INSN_MAXPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F 5F /r  MAXPD Vpd,Hpd,Wpd */
    [X86_PFX_F3] = { X86_INSN_MAXSS, { Vss, Hss, Wss }, 0, X86_FEAT_SSE }, /* F3 0F 5F /r  MAXSS Vss,Hss,Wss */
    [X86_PFX_F2] = { X86_INSN_MAXSD, { Vsd, Hsd, Wsd }, 0, X86_FEAT_SSE2 }, /* F2 0F 5F /r  MAXSD Vsd,Hsd,Wsd */
};

/* 0F 60-7F: MMX without prefix, SSE2 with 66 */
static const X86OpEntry op0f_60[4] = {
    [X86_PFX_NP] = { X86_INSN_PUNPCKLBW, { Pq, Qd }, 0, X86_FEAT_MMX }, /* NP 0F 60 /r  PUNPCKLBW Pq,Qd */
    [X86_PFX_66] = { X86_INSN_PUNPCKLBW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 60 /r  PUNPCKLBW Vx,Hx,Wx */
};
static const X86OpEntry op0f_61[4] = {
    [X86_PFX_NP] = { X86_INSN_PUNPCKLWD, { Pq, Qd }, 0, X86_FEAT_MMX }, /* NP 0F 61 /r  PUNPCKLWD Pq,Qd */
    [X86_PFX_66] = { X86_INSN_PUNPCKLWD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 61 /r  PUNPCKLWD Vx,Hx,Wx */
};
static const X86OpEntry op0f_62[4] = {
    [X86_PFX_NP] = { X86_INSN_PUNPCKLDQ, { Pq, Qd }, 0, X86_FEAT_MMX }, /* NP 0F 62 /r  PUNPCKLDQ Pq,Qd */
    [X86_PFX_66] = { X86_INSN_PUNPCKLDQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 62 /r  PUNPCKLDQ Vx,Hx,Wx */
};
static const X86OpEntry op0f_63[4] = {
    [X86_PFX_NP] = { X86_INSN_PACKSSWB, { Pq, Qq }, 0, X86_FEAT_MMX },  /* NP 0F 63 /r  PACKSSWB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PACKSSWB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 63 /r  PACKSSWB Vx,Hx,Wx */
};
static const X86OpEntry op0f_64[4] = {
    [X86_PFX_NP] = { X86_INSN_PCMPGTB, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F 64 /r  PCMPGTB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PCMPGTB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 64 /r  PCMPGTB Vx,Hx,Wx */
};
static const X86OpEntry op0f_65[4] = {
    [X86_PFX_NP] = { X86_INSN_PCMPGTW, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F 65 /r  PCMPGTW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PCMPGTW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 65 /r  PCMPGTW Vx,Hx,Wx */
};
static const X86OpEntry op0f_66[4] = {
    [X86_PFX_NP] = { X86_INSN_PCMPGTD, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F 66 /r  PCMPGTD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PCMPGTD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 66 /r  PCMPGTD Vx,Hx,Wx */
};
static const X86OpEntry op0f_67[4] = {
    [X86_PFX_NP] = { X86_INSN_PACKUSWB, { Pq, Qq }, 0, X86_FEAT_MMX },  /* NP 0F 67 /r  PACKUSWB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PACKUSWB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 67 /r  PACKUSWB Vx,Hx,Wx */
};
static const X86OpEntry op0f_68[4] = {
    [X86_PFX_NP] = { X86_INSN_PUNPCKHBW, { Pq, Qq }, 0, X86_FEAT_MMX }, /* NP 0F 68 /r  PUNPCKHBW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PUNPCKHBW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 68 /r  PUNPCKHBW Vx,Hx,Wx */
};
static const X86OpEntry op0f_69[4] = {
    [X86_PFX_NP] = { X86_INSN_PUNPCKHWD, { Pq, Qq }, 0, X86_FEAT_MMX }, /* NP 0F 69 /r  PUNPCKHWD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PUNPCKHWD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 69 /r  PUNPCKHWD Vx,Hx,Wx */
};
static const X86OpEntry op0f_6a[4] = {
    [X86_PFX_NP] = { X86_INSN_PUNPCKHDQ, { Pq, Qq }, 0, X86_FEAT_MMX }, /* NP 0F 6A /r  PUNPCKHDQ Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PUNPCKHDQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 6A /r  PUNPCKHDQ Vx,Hx,Wx */
};
static const X86OpEntry op0f_6b[4] = {
    [X86_PFX_NP] = { X86_INSN_PACKSSDW, { Pq, Qq }, 0, X86_FEAT_MMX },  /* NP 0F 6B /r  PACKSSDW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PACKSSDW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 6B /r  PACKSSDW Vx,Hx,Wx */
};
static const X86OpEntry op0f_6c[4] = {
    [X86_PFX_66] = { X86_INSN_PUNPCKLQDQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 6C /r  PUNPCKLQDQ Vx,Hx,Wx */
};
static const X86OpEntry op0f_6d[4] = {
    [X86_PFX_66] = { X86_INSN_PUNPCKHQDQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 6D /r  PUNPCKHQDQ Vx,Hx,Wx */
};
static const X86OpEntry movd_pe[2] = {
    [0] = { X86_INSN_MOVD, { Pd, Ey }, 0, X86_FEAT_MMX },               /* NP 0F 6E /r  MOVD Pd,Ey */
    [1] = { X86_INSN_MOVQ, { Pq, Ey }, 0, X86_FEAT_MMX },               /* NP REX.W 0F 6E /r  MOVQ Pq,Ey */
};
static const X86OpEntry movd_ve[2] = {
    [0] = { X86_INSN_MOVD, { Vy, Ey }, 0, X86_FEAT_SSE2 },              /* 66 0F 6E /r  MOVD Vy,Ey */
    [1] = { X86_INSN_MOVQ, { Vy, Ey }, 0, X86_FEAT_SSE2 },              /* 66 REX.W 0F 6E /r  MOVQ Vy,Ey */
};
static const X86OpEntry op0f_6e[4] = {
    [X86_PFX_NP] = BY_W(movd_pe),                                       /* NP 0F 6E     MOVD/MOVQ Pq,Ey */
    [X86_PFX_66] = BY_W(movd_ve),                                       /* 66 0F 6E     MOVD/MOVQ Vy,Ey */
};
static const X86OpEntry op0f_6f[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVQ, { Pq, Qq }, 0, X86_FEAT_MMX },      /* NP 0F 6F /r  MOVQ Pq,Qq */
    [X86_PFX_66] = { X86_INSN_MOVDQA, { Vx, Wx }, X86_F_VEX, X86_FEAT_SSE2 }, /* 66 0F 6F /r  MOVDQA Vx,Wx */
    [X86_PFX_F3] = { X86_INSN_MOVDQU, { Vx, Wx }, X86_F_VEX, X86_FEAT_SSE2 }, /* F3 0F 6F /r  MOVDQU Vx,Wx */
};
static const X86OpEntry op0f_70[4] = {
    [X86_PFX_NP] = { X86_INSN_PSHUFW, { Pq, Qq, Ib }, 0, X86_FEAT_SSE }, /* NP 0F 70 /r  PSHUFW Pq,Qq,Ib */
    [X86_PFX_66] = { X86_INSN_PSHUFD, { Vx, Wx, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 70 /r  PSHUFD Vx,Wx,Ib */
    [X86_PFX_F3] = { X86_INSN_PSHUFHW, { Vx, Wx, Ib }, 0, X86_FEAT_SSE2 }, /* F3 0F 70 /r  PSHUFHW Vx,Wx,Ib */
    [X86_PFX_F2] = { X86_INSN_PSHUFLW, { Vx, Wx, Ib }, 0, X86_FEAT_SSE2 }, /* F2 0F 70 /r  PSHUFLW Vx,Wx,Ib */
};
/* Grp 12-14: shifts by an immediate, register forms only */
static const X86OpEntry psrlw_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRLW, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 71 /2 ib  PSRLW Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSRLW, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 71 /2 ib  PSRLW Hx,Ux,Ib */
};
static const X86OpEntry psraw_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRAW, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 71 /4 ib  PSRAW Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSRAW, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 71 /4 ib  PSRAW Hx,Ux,Ib */
};
static const X86OpEntry psllw_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSLLW, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 71 /6 ib  PSLLW Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSLLW, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 71 /6 ib  PSLLW Hx,Ux,Ib */
};
static const X86OpEntry grp12_0f71[8] = {
    [2] = BY_PREFIX(psrlw_imm),                                         /* 0F 71 /2  PSRLW */
    [4] = BY_PREFIX(psraw_imm),                                         /* 0F 71 /4  PSRAW */
    [6] = BY_PREFIX(psllw_imm),                                         /* 0F 71 /6  PSLLW */
};
static const X86OpEntry psrld_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRLD, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 72 /2 ib  PSRLD Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSRLD, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 72 /2 ib  PSRLD Hx,Ux,Ib */
};
static const X86OpEntry psrad_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRAD, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 72 /4 ib  PSRAD Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSRAD, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 72 /4 ib  PSRAD Hx,Ux,Ib */
};
static const X86OpEntry pslld_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSLLD, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 72 /6 ib  PSLLD Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSLLD, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 72 /6 ib  PSLLD Hx,Ux,Ib */
};
static const X86OpEntry grp13_0f72[8] = {
    [2] = BY_PREFIX(psrld_imm),                                         /* 0F 72 /2  PSRLD */
    [4] = BY_PREFIX(psrad_imm),                                         /* 0F 72 /4  PSRAD */
    [6] = BY_PREFIX(pslld_imm),                                         /* 0F 72 /6  PSLLD */
};
static const X86OpEntry psrlq_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRLQ, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 73 /2 ib  PSRLQ Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSRLQ, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 73 /2 ib  PSRLQ Hx,Ux,Ib */
};
static const X86OpEntry psrldq_imm[4] = {
    [X86_PFX_66] = { X86_INSN_PSRLDQ, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 73 /3 ib  PSRLDQ Hx,Ux,Ib */
};
static const X86OpEntry psllq_imm[4] = {
    [X86_PFX_NP] = { X86_INSN_PSLLQ, { Nq, Ib }, 0, X86_FEAT_MMX },     /* NP 0F 73 /6 ib  PSLLQ Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PSLLQ, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 73 /6 ib  PSLLQ Hx,Ux,Ib */
};
static const X86OpEntry pslldq_imm[4] = {
    [X86_PFX_66] = { X86_INSN_PSLLDQ, { Hx, Ux, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F 73 /7 ib  PSLLDQ Hx,Ux,Ib */
};
static const X86OpEntry grp14_0f73[8] = {
    [2] = BY_PREFIX(psrlq_imm),                                         /* 0F 73 /2  PSRLQ */
    [3] = BY_PREFIX(psrldq_imm),                                        /* 0F 73 /3  PSRLDQ */
    [6] = BY_PREFIX(psllq_imm),                                         /* 0F 73 /6  PSLLQ */
    [7] = BY_PREFIX(pslldq_imm),                                        /* 0F 73 /7  PSLLDQ */
};
static const X86OpEntry op0f_74[4] = {
    [X86_PFX_NP] = { X86_INSN_PCMPEQB, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F 74 /r  PCMPEQB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PCMPEQB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 74 /r  PCMPEQB Vx,Hx,Wx */
};
static const X86OpEntry op0f_75[4] = {
    [X86_PFX_NP] = { X86_INSN_PCMPEQW, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F 75 /r  PCMPEQW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PCMPEQW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 75 /r  PCMPEQW Vx,Hx,Wx */
};
static const X86OpEntry op0f_76[4] = {
    [X86_PFX_NP] = { X86_INSN_PCMPEQD, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F 76 /r  PCMPEQD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PCMPEQD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F 76 /r  PCMPEQD Vx,Hx,Wx */
};
/* 0F 77: EMMS; with VEX, VZEROUPPER (L=0) and VZEROALL (L=1) */
static const X86OpEntry vzero[2] = {
    [0] = { X86_INSN_VZEROUPPER, .flags = X86_F_VEXONLY, .feature = X86_FEAT_AVX }, /* VEX.128.0F 77  VZEROUPPER */
    [1] = { X86_INSN_VZEROALL, .flags = X86_F_VEXONLY, .feature = X86_FEAT_AVX }, /* VEX.256.0F 77  VZEROALL */
};
static const X86OpEntry vex_0f_77[4] = {
    [X86_PFX_NP] = BY_VEXL(vzero),                                      /* VEX.NP.0F 77  by VEX.L */
};
static const X86OpEntry op0f_77[2] = {
    [0] = { X86_INSN_EMMS, .feature = X86_FEAT_MMX },                   /* NP 0F 77     EMMS */
    [1] = BY_PREFIX(vex_0f_77),                                         /* VEX.0F 77    VZEROUPPER / VZEROALL */
};
/* 0F 78/79: VMX VMREAD/VMWRITE; AMD SSE4a EXTRQ/INSERTQ with 66/F2 */
static const X86OpEntry extrq_imm[8] = {
    [0] = { X86_INSN_EXTRQ, { Udq, Ib, Ib }, 0, X86_FEAT_SSE4A },       /* 66 0F 78 /0 ib ib  EXTRQ Udq,Ib,Ib */
};
static const X86OpEntry op0f_78[4] = {
    [X86_PFX_NP] = { X86_INSN_VMREAD, { Ey, Gy }, X86_F_F64, X86_FEAT_VMX }, /* NP 0F 78 /r  VMREAD Ey,Gy */
    [X86_PFX_66] = BY_REG(extrq_imm),                                   /* 66 0F 78 /0  EXTRQ */
    [X86_PFX_F2] = { X86_INSN_INSERTQ, { Vdq, Udq, Ib, Ib }, 0, X86_FEAT_SSE4A }, /* F2 0F 78 /r  INSERTQ Vdq,Udq,Ib,Ib (AMD) */
};
static const X86OpEntry op0f_79[4] = {
    [X86_PFX_NP] = { X86_INSN_VMWRITE, { Gy, Ey }, X86_F_F64, X86_FEAT_VMX }, /* NP 0F 79 /r  VMWRITE Gy,Ey */
    [X86_PFX_66] = { X86_INSN_EXTRQ, { Vdq, Udq }, 0, X86_FEAT_SSE4A }, /* 66 0F 79 /r  EXTRQ Vdq,Udq (AMD) */
    [X86_PFX_F2] = { X86_INSN_INSERTQ, { Vdq, Udq }, 0, X86_FEAT_SSE4A }, /* F2 0F 79 /r  INSERTQ Vdq,Udq (AMD) */
};
static const X86OpEntry op0f_7c[4] = {
    [X86_PFX_66] = { X86_INSN_HADDPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE3 }, /* 66 0F 7C /r  HADDPD Vpd,Hpd,Wpd */
    [X86_PFX_F2] = { X86_INSN_HADDPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE3 }, /* F2 0F 7C /r  HADDPS Vps,Hps,Wps */
};
static const X86OpEntry op0f_7d[4] = {
    [X86_PFX_66] = { X86_INSN_HSUBPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE3 }, /* 66 0F 7D /r  HSUBPD Vpd,Hpd,Wpd */
    [X86_PFX_F2] = { X86_INSN_HSUBPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE3 }, /* F2 0F 7D /r  HSUBPS Vps,Hps,Wps */
};
static const X86OpEntry movd_ep[2] = {
    [0] = { X86_INSN_MOVD, { Ey, Pd }, 0, X86_FEAT_MMX },               /* NP 0F 7E /r  MOVD Ey,Pd */
    [1] = { X86_INSN_MOVQ, { Ey, Pq }, 0, X86_FEAT_MMX },               /* NP REX.W 0F 7E /r  MOVQ Ey,Pq */
};
static const X86OpEntry movd_ev[2] = {
    [0] = { X86_INSN_MOVD, { Ey, Vy }, 0, X86_FEAT_SSE2 },              /* 66 0F 7E /r  MOVD Ey,Vy */
    [1] = { X86_INSN_MOVQ, { Ey, Vy }, 0, X86_FEAT_SSE2 },              /* 66 REX.W 0F 7E /r  MOVQ Ey,Vy */
};
static const X86OpEntry op0f_7e[4] = {
    [X86_PFX_NP] = BY_W(movd_ep),                                       /* NP 0F 7E     MOVD/MOVQ Ey,Pq */
    [X86_PFX_66] = BY_W(movd_ev),                                       /* 66 0F 7E     MOVD/MOVQ Ey,Vy */
    [X86_PFX_F3] = { X86_INSN_MOVQ, { Vq, Wq }, 0, X86_FEAT_SSE2 },     /* F3 0F 7E /r  MOVQ Vq,Wq */
};
static const X86OpEntry op0f_7f[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVQ, { Qq, Pq }, 0, X86_FEAT_MMX },      /* NP 0F 7F /r  MOVQ Qq,Pq */
    [X86_PFX_66] = { X86_INSN_MOVDQA, { Wx, Vx }, X86_F_VEX, X86_FEAT_SSE2 }, /* 66 0F 7F /r  MOVDQA Wx,Vx */
    [X86_PFX_F3] = { X86_INSN_MOVDQU, { Wx, Vx }, X86_F_VEX, X86_FEAT_SSE2 }, /* F3 0F 7F /r  MOVDQU Wx,Vx */
};

/* 0F C2-C6 */
static const X86OpEntry op0f_c2[4] = {
    [X86_PFX_NP] = { X86_INSN_CMPPS, { Vps, Hps, Wps, Ib }, 0, X86_FEAT_SSE }, /* NP 0F C2 /r  CMPPS Vps,Hps,Wps,Ib */
    [X86_PFX_66] = { X86_INSN_CMPPD, { Vpd, Hpd, Wpd, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F C2 /r  CMPPD Vpd,Hpd,Wpd,Ib */
    [X86_PFX_F3] = { X86_INSN_CMPSS, { Vss, Hss, Wss, Ib }, 0, X86_FEAT_SSE }, /* F3 0F C2 /r  CMPSS Vss,Hss,Wss,Ib */
    [X86_PFX_F2] = { X86_INSN_CMPSD, { Vsd, Hsd, Wsd, Ib }, 0, X86_FEAT_SSE2 }, /* F2 0F C2 /r  CMPSD Vsd,Hsd,Wsd,Ib */
};
static const X86OpEntry op0f_c3[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVNTI, { My, Gy }, 0, X86_FEAT_SSE2 },   /* NP 0F C3 /r  MOVNTI My,Gy */
};
static const X86OpEntry op0f_c4[4] = {
    [X86_PFX_NP] = { X86_INSN_PINSRW, { Pq, RyMw, Ib }, 0, X86_FEAT_SSE }, /* NP 0F C4 /r  PINSRW Pq,Ry/Mw,Ib */
    [X86_PFX_66] = { X86_INSN_PINSRW, { Vdq, Hdq, RyMw, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F C4 /r  PINSRW Vdq,Hdq,Ry/Mw,Ib */
};
static const X86OpEntry op0f_c5[4] = {
    [X86_PFX_NP] = { X86_INSN_PEXTRW, { Gd, Nq, Ib }, 0, X86_FEAT_SSE }, /* NP 0F C5 /r  PEXTRW Gd,Nq,Ib */
    [X86_PFX_66] = { X86_INSN_PEXTRW, { Gd, Udq, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F C5 /r  PEXTRW Gd,Udq,Ib */
};
static const X86OpEntry op0f_c6[4] = {
    [X86_PFX_NP] = { X86_INSN_SHUFPS, { Vps, Hps, Wps, Ib }, 0, X86_FEAT_SSE }, /* NP 0F C6 /r  SHUFPS Vps,Hps,Wps,Ib */
    [X86_PFX_66] = { X86_INSN_SHUFPD, { Vpd, Hpd, Wpd, Ib }, 0, X86_FEAT_SSE2 }, /* 66 0F C6 /r  SHUFPD Vpd,Hpd,Wpd,Ib */
};

/* 0F D0-FF: MMX without prefix, SSE2 with 66 */
static const X86OpEntry op0f_d0[4] = {
    [X86_PFX_66] = { X86_INSN_ADDSUBPD, { Vpd, Hpd, Wpd }, 0, X86_FEAT_SSE3 }, /* 66 0F D0 /r  ADDSUBPD Vpd,Hpd,Wpd */
    [X86_PFX_F2] = { X86_INSN_ADDSUBPS, { Vps, Hps, Wps }, 0, X86_FEAT_SSE3 }, /* F2 0F D0 /r  ADDSUBPS Vps,Hps,Wps */
};
static const X86OpEntry op0f_d1[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRLW, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F D1 /r  PSRLW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSRLW, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F D1 /r  PSRLW Vx,Hx,Wdq */
};
static const X86OpEntry op0f_d2[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRLD, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F D2 /r  PSRLD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSRLD, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F D2 /r  PSRLD Vx,Hx,Wdq */
};
static const X86OpEntry op0f_d3[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRLQ, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F D3 /r  PSRLQ Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSRLQ, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F D3 /r  PSRLQ Vx,Hx,Wdq */
};
static const X86OpEntry op0f_d4[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDQ, { Pq, Qq }, 0, X86_FEAT_SSE2 },    /* NP 0F D4 /r  PADDQ Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F D4 /r  PADDQ Vx,Hx,Wx */
};
static const X86OpEntry op0f_d5[4] = {
    [X86_PFX_NP] = { X86_INSN_PMULLW, { Pq, Qq }, 0, X86_FEAT_MMX },    /* NP 0F D5 /r  PMULLW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMULLW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F D5 /r  PMULLW Vx,Hx,Wx */
};
static const X86OpEntry op0f_d6[4] = {
    [X86_PFX_66] = { X86_INSN_MOVQ, { Wq, Vq }, 0, X86_FEAT_SSE2 },     /* 66 0F D6 /r  MOVQ Wq,Vq */
    [X86_PFX_F3] = { X86_INSN_MOVQ2DQ, { Vdq, Nq }, 0, X86_FEAT_SSE2 }, /* F3 0F D6 /r  MOVQ2DQ Vdq,Nq */
    [X86_PFX_F2] = { X86_INSN_MOVDQ2Q, { Pq, Uq }, 0, X86_FEAT_SSE2 },  /* F2 0F D6 /r  MOVDQ2Q Pq,Uq */
};
static const X86OpEntry op0f_d7[4] = {
    [X86_PFX_NP] = { X86_INSN_PMOVMSKB, { Gd, Nq }, 0, X86_FEAT_SSE },  /* NP 0F D7 /r  PMOVMSKB Gd,Nq */
    [X86_PFX_66] = { X86_INSN_PMOVMSKB, { Gd, Ux }, 0, X86_FEAT_SSE2 }, /* 66 0F D7 /r  PMOVMSKB Gd,Ux */
};
static const X86OpEntry op0f_d8[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBUSB, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F D8 /r  PSUBUSB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBUSB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F D8 /r  PSUBUSB Vx,Hx,Wx */
};
static const X86OpEntry op0f_d9[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBUSW, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F D9 /r  PSUBUSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBUSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F D9 /r  PSUBUSW Vx,Hx,Wx */
};
static const X86OpEntry op0f_da[4] = {
    [X86_PFX_NP] = { X86_INSN_PMINUB, { Pq, Qq }, 0, X86_FEAT_SSE },    /* NP 0F DA /r  PMINUB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMINUB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F DA /r  PMINUB Vx,Hx,Wx */
};
static const X86OpEntry op0f_db[4] = {
    [X86_PFX_NP] = { X86_INSN_PAND, { Pq, Qq }, 0, X86_FEAT_MMX },      /* NP 0F DB /r  PAND Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PAND, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F DB /r  PAND Vx,Hx,Wx */
};
static const X86OpEntry op0f_dc[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDUSB, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F DC /r  PADDUSB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDUSB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F DC /r  PADDUSB Vx,Hx,Wx */
};
static const X86OpEntry op0f_dd[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDUSW, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F DD /r  PADDUSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDUSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F DD /r  PADDUSW Vx,Hx,Wx */
};
static const X86OpEntry op0f_de[4] = {
    [X86_PFX_NP] = { X86_INSN_PMAXUB, { Pq, Qq }, 0, X86_FEAT_SSE },    /* NP 0F DE /r  PMAXUB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMAXUB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F DE /r  PMAXUB Vx,Hx,Wx */
};
static const X86OpEntry op0f_df[4] = {
    [X86_PFX_NP] = { X86_INSN_PANDN, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F DF /r  PANDN Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PANDN, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F DF /r  PANDN Vx,Hx,Wx */
};
static const X86OpEntry op0f_e0[4] = {
    [X86_PFX_NP] = { X86_INSN_PAVGB, { Pq, Qq }, 0, X86_FEAT_SSE },     /* NP 0F E0 /r  PAVGB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PAVGB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F E0 /r  PAVGB Vx,Hx,Wx */
};
static const X86OpEntry op0f_e1[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRAW, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F E1 /r  PSRAW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSRAW, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F E1 /r  PSRAW Vx,Hx,Wdq */
};
static const X86OpEntry op0f_e2[4] = {
    [X86_PFX_NP] = { X86_INSN_PSRAD, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F E2 /r  PSRAD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSRAD, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F E2 /r  PSRAD Vx,Hx,Wdq */
};
static const X86OpEntry op0f_e3[4] = {
    [X86_PFX_NP] = { X86_INSN_PAVGW, { Pq, Qq }, 0, X86_FEAT_SSE },     /* NP 0F E3 /r  PAVGW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PAVGW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F E3 /r  PAVGW Vx,Hx,Wx */
};
static const X86OpEntry op0f_e4[4] = {
    [X86_PFX_NP] = { X86_INSN_PMULHUW, { Pq, Qq }, 0, X86_FEAT_SSE },   /* NP 0F E4 /r  PMULHUW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMULHUW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F E4 /r  PMULHUW Vx,Hx,Wx */
};
static const X86OpEntry op0f_e5[4] = {
    [X86_PFX_NP] = { X86_INSN_PMULHW, { Pq, Qq }, 0, X86_FEAT_MMX },    /* NP 0F E5 /r  PMULHW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMULHW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F E5 /r  PMULHW Vx,Hx,Wx */
};
static const X86OpEntry op0f_e6[4] = {
    [X86_PFX_66] = { X86_INSN_CVTTPD2DQ, { Vx, Wpd }, 0, X86_FEAT_SSE2 }, /* 66 0F E6 /r  CVTTPD2DQ Vx,Wpd */
    [X86_PFX_F3] = { X86_INSN_CVTDQ2PD, { Vx, Wq }, 0, X86_FEAT_SSE2 }, /* F3 0F E6 /r  CVTDQ2PD Vx,Wq (SDM Wpd: reads 8 bytes) */
    [X86_PFX_F2] = { X86_INSN_CVTPD2DQ, { Vx, Wpd }, 0, X86_FEAT_SSE2 }, /* F2 0F E6 /r  CVTPD2DQ Vx,Wpd */
};
static const X86OpEntry op0f_e7[4] = {
    [X86_PFX_NP] = { X86_INSN_MOVNTQ, { Mq, Pq }, 0, X86_FEAT_SSE },    /* NP 0F E7 /r  MOVNTQ Mq,Pq */
    [X86_PFX_66] = { X86_INSN_MOVNTDQ, { Mx, Vx }, 0, X86_FEAT_SSE2 },  /* 66 0F E7 /r  MOVNTDQ Mx,Vx */
};
static const X86OpEntry op0f_e8[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBSB, { Pq, Qq }, 0, X86_FEAT_MMX },    /* NP 0F E8 /r  PSUBSB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBSB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F E8 /r  PSUBSB Vx,Hx,Wx */
};
static const X86OpEntry op0f_e9[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBSW, { Pq, Qq }, 0, X86_FEAT_MMX },    /* NP 0F E9 /r  PSUBSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F E9 /r  PSUBSW Vx,Hx,Wx */
};
static const X86OpEntry op0f_ea[4] = {
    [X86_PFX_NP] = { X86_INSN_PMINSW, { Pq, Qq }, 0, X86_FEAT_SSE },    /* NP 0F EA /r  PMINSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMINSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F EA /r  PMINSW Vx,Hx,Wx */
};
static const X86OpEntry op0f_eb[4] = {
    [X86_PFX_NP] = { X86_INSN_POR, { Pq, Qq }, 0, X86_FEAT_MMX },       /* NP 0F EB /r  POR Pq,Qq */
    [X86_PFX_66] = { X86_INSN_POR, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 },  /* 66 0F EB /r  POR Vx,Hx,Wx */
};
static const X86OpEntry op0f_ec[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDSB, { Pq, Qq }, 0, X86_FEAT_MMX },    /* NP 0F EC /r  PADDSB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDSB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F EC /r  PADDSB Vx,Hx,Wx */
};
static const X86OpEntry op0f_ed[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDSW, { Pq, Qq }, 0, X86_FEAT_MMX },    /* NP 0F ED /r  PADDSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F ED /r  PADDSW Vx,Hx,Wx */
};
static const X86OpEntry op0f_ee[4] = {
    [X86_PFX_NP] = { X86_INSN_PMAXSW, { Pq, Qq }, 0, X86_FEAT_SSE },    /* NP 0F EE /r  PMAXSW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMAXSW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F EE /r  PMAXSW Vx,Hx,Wx */
};
static const X86OpEntry op0f_ef[4] = {
    [X86_PFX_NP] = { X86_INSN_PXOR, { Pq, Qq }, 0, X86_FEAT_MMX },      /* NP 0F EF /r  PXOR Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PXOR, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F EF /r  PXOR Vx,Hx,Wx */
};
static const X86OpEntry op0f_f0[4] = {
    [X86_PFX_F2] = { X86_INSN_LDDQU, { Vx, Mx }, 0, X86_FEAT_SSE3 },    /* F2 0F F0 /r  LDDQU Vx,Mx */
};
static const X86OpEntry op0f_f1[4] = {
    [X86_PFX_NP] = { X86_INSN_PSLLW, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F F1 /r  PSLLW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSLLW, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F F1 /r  PSLLW Vx,Hx,Wdq */
};
static const X86OpEntry op0f_f2[4] = {
    [X86_PFX_NP] = { X86_INSN_PSLLD, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F F2 /r  PSLLD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSLLD, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F F2 /r  PSLLD Vx,Hx,Wdq */
};
static const X86OpEntry op0f_f3[4] = {
    [X86_PFX_NP] = { X86_INSN_PSLLQ, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F F3 /r  PSLLQ Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSLLQ, { Vx, Hx, Wdq }, 0, X86_FEAT_SSE2 }, /* 66 0F F3 /r  PSLLQ Vx,Hx,Wdq */
};
static const X86OpEntry op0f_f4[4] = {
    [X86_PFX_NP] = { X86_INSN_PMULUDQ, { Pq, Qq }, 0, X86_FEAT_SSE2 },  /* NP 0F F4 /r  PMULUDQ Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMULUDQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F F4 /r  PMULUDQ Vx,Hx,Wx */
};
static const X86OpEntry op0f_f5[4] = {
    [X86_PFX_NP] = { X86_INSN_PMADDWD, { Pq, Qq }, 0, X86_FEAT_MMX },   /* NP 0F F5 /r  PMADDWD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PMADDWD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F F5 /r  PMADDWD Vx,Hx,Wx */
};
static const X86OpEntry op0f_f6[4] = {
    [X86_PFX_NP] = { X86_INSN_PSADBW, { Pq, Qq }, 0, X86_FEAT_SSE },    /* NP 0F F6 /r  PSADBW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSADBW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F F6 /r  PSADBW Vx,Hx,Wx */
};
static const X86OpEntry op0f_f7[4] = {
    [X86_PFX_NP] = { X86_INSN_MASKMOVQ, { Pq, Nq }, 0, X86_FEAT_SSE },  /* NP 0F F7 /r  MASKMOVQ Pq,Nq */
    [X86_PFX_66] = { X86_INSN_MASKMOVDQU, { Vdq, Udq }, 0, X86_FEAT_SSE2 }, /* 66 0F F7 /r  MASKMOVDQU Vdq,Udq */
};
static const X86OpEntry op0f_f8[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBB, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F F8 /r  PSUBB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F F8 /r  PSUBB Vx,Hx,Wx */
};
static const X86OpEntry op0f_f9[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBW, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F F9 /r  PSUBW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F F9 /r  PSUBW Vx,Hx,Wx */
};
static const X86OpEntry op0f_fa[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBD, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F FA /r  PSUBD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F FA /r  PSUBD Vx,Hx,Wx */
};
static const X86OpEntry op0f_fb[4] = {
    [X86_PFX_NP] = { X86_INSN_PSUBQ, { Pq, Qq }, 0, X86_FEAT_SSE2 },    /* NP 0F FB /r  PSUBQ Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PSUBQ, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F FB /r  PSUBQ Vx,Hx,Wx */
};
static const X86OpEntry op0f_fc[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDB, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F FC /r  PADDB Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDB, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F FC /r  PADDB Vx,Hx,Wx */
};
static const X86OpEntry op0f_fd[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDW, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F FD /r  PADDW Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDW, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F FD /r  PADDW Vx,Hx,Wx */
};
static const X86OpEntry op0f_fe[4] = {
    [X86_PFX_NP] = { X86_INSN_PADDD, { Pq, Qq }, 0, X86_FEAT_MMX },     /* NP 0F FE /r  PADDD Pq,Qq */
    [X86_PFX_66] = { X86_INSN_PADDD, { Vx, Hx, Wx }, 0, X86_FEAT_SSE2 }, /* 66 0F FE /r  PADDD Vx,Hx,Wx */
};

/* 0F 0D: AMD's PREFETCH group (Grp P); /2 is PREFETCHWT1, the others are
 * aliases of PREFETCH on AMD parts (AMD APM Vol. 3 PREFETCHlevel). */
static const X86OpEntry grp_p_0f0d[8] = {
    [0] = { X86_INSN_PREFETCH, { Mb }, 0, X86_FEAT_PREFETCHW },         /* 0F 0D /0  PREFETCH Mb */
    [1] = { X86_INSN_PREFETCHW, { Mb }, 0, X86_FEAT_PREFETCHW },        /* 0F 0D /1  PREFETCHW Mb */
    [2] = { X86_INSN_PREFETCHWT1, { Mb }, 0, X86_FEAT_PREFETCHW },      /* 0F 0D /2  PREFETCHWT1 Mb */
    [3] = { X86_INSN_PREFETCH, { Mb }, 0, X86_FEAT_PREFETCHW },         /* 0F 0D /3  PREFETCH Mb */
    [4] = { X86_INSN_PREFETCH, { Mb }, 0, X86_FEAT_PREFETCHW },         /* 0F 0D /4  PREFETCH Mb */
    [5] = { X86_INSN_PREFETCH, { Mb }, 0, X86_FEAT_PREFETCHW },         /* 0F 0D /5  PREFETCH Mb */
    [6] = { X86_INSN_PREFETCH, { Mb }, 0, X86_FEAT_PREFETCHW },         /* 0F 0D /6  PREFETCH Mb */
    [7] = { X86_INSN_PREFETCH, { Mb }, 0, X86_FEAT_PREFETCHW },         /* 0F 0D /7  PREFETCH Mb */
};

const X86OpEntry x86_map_0f[256] = {
    [0x00] = BY_REG(x86_grp6_0f00),                                     /* 0F 00 /digit  Grp 6 */
    [0x01] = BY_MOD(x86_grp7_0f01),                                     /* 0F 01        Grp 7 */
    [0x02] = { X86_INSN_LAR, { Gv, Ew } },                              /* 0F 02 /r     LAR Gv,Ew */
    [0x03] = { X86_INSN_LSL, { Gv, Ew } },                              /* 0F 03 /r     LSL Gv,Ew */
    [0x05] = { X86_INSN_SYSCALL, .flags = X86_F_BRANCH, .feature = X86_FEAT_SYSCALL }, /* 0F 05        SYSCALL */
    [0x06] = { X86_INSN_CLTS },                                         /* 0F 06        CLTS */
    [0x07] = { X86_INSN_SYSRET, .flags = X86_F_BRANCH, .feature = X86_FEAT_SYSCALL }, /* 0F 07        SYSRET */
    [0x08] = { X86_INSN_INVD },                                         /* 0F 08        INVD */
    [0x09] = { X86_INSN_WBINVD },                                       /* 0F 09        WBINVD */
    [0x0b] = { X86_INSN_UD2 },                                          /* 0F 0B        UD2 */
    [0x0d] = BY_REG(grp_p_0f0d),                                        /* 0F 0D /digit PREFETCH group (Grp P) */
    [0x0e] = { X86_INSN_FEMMS, .feature = X86_FEAT_3DNOW },             /* 0F 0E        FEMMS (AMD) */
    [0x10] = BY_PREFIX(op0f_10),                                        /* 0F 10        MOVUPS / MOVUPD / MOVSS / MOVSD */
    [0x11] = BY_PREFIX(op0f_11),                                        /* 0F 11        MOVUPS / MOVUPD / MOVSS / MOVSD */
    [0x12] = BY_PREFIX(op0f_12),                                        /* 0F 12        MOVLPS / MOVHLPS / MOVLPD / MOVSLDUP / MOVDDUP */
    [0x13] = BY_PREFIX(op0f_13),                                        /* 0F 13        MOVLPS / MOVLPD */
    [0x14] = BY_PREFIX(op0f_14),                                        /* 0F 14        UNPCKLPS / UNPCKLPD */
    [0x15] = BY_PREFIX(op0f_15),                                        /* 0F 15        UNPCKHPS / UNPCKHPD */
    [0x16] = BY_PREFIX(op0f_16),                                        /* 0F 16        MOVHPS / MOVLHPS / MOVHPD / MOVSHDUP */
    [0x17] = BY_PREFIX(op0f_17),                                        /* 0F 17        MOVHPS / MOVHPD */
    [0x18] = BY_MOD(x86_grp16_0f18),                                    /* 0F 18        Grp 16 prefetch */
    [0x19] = { X86_INSN_NOP, { Ev } },                                  /* 0F 19 /r     NOP Ev (reserved hint) */
    [0x1a] = { X86_INSN_NOP, { Ev } },                                  /* 0F 1A /r     NOP Ev (reserved hint) */
    [0x1b] = { X86_INSN_NOP, { Ev } },                                  /* 0F 1B /r     NOP Ev (reserved hint) */
    [0x1c] = { X86_INSN_NOP, { Ev } },                                  /* 0F 1C /r     NOP Ev (reserved hint) */
    [0x1d] = { X86_INSN_NOP, { Ev } },                                  /* 0F 1D /r     NOP Ev (reserved hint) */
    [0x1e] = BY_PREFIX(x86_0f_1e),                                      /* 0F 1E /r     NOP Ev; F3 0F 1E FA/FB ENDBR */
    [0x1f] = { X86_INSN_NOP, { Ev } },                                  /* 0F 1F /r     NOP Ev */
    [0x20] = { X86_INSN_MOV_CR, { Ry, Cy }, X86_F_F64 | X86_F_MODIGN }, /* 0F 20 /r     MOV Ry,Cy (f64, mod ignored) */
    [0x21] = { X86_INSN_MOV_DR, { Ry, Dy }, X86_F_F64 | X86_F_MODIGN }, /* 0F 21 /r     MOV Ry,Dy (f64, mod ignored) */
    [0x22] = { X86_INSN_MOV_CR, { Cy, Ry }, X86_F_F64 | X86_F_MODIGN | X86_F_BRANCH }, /* 0F 22 /r     MOV Cy,Ry (f64, mod ignored) */
    [0x23] = { X86_INSN_MOV_DR, { Dy, Ry }, X86_F_F64 | X86_F_MODIGN | X86_F_BRANCH }, /* 0F 23 /r     MOV Dy,Ry (f64, mod ignored) */
    [0x28] = BY_PREFIX(op0f_28),                                        /* 0F 28        MOVAPS / MOVAPD */
    [0x29] = BY_PREFIX(op0f_29),                                        /* 0F 29        MOVAPS / MOVAPD */
    [0x2a] = BY_PREFIX(op0f_2a),                                        /* 0F 2A        CVTPI2PS / CVTPI2PD / CVTSI2SS / CVTSI2SD */
    [0x2b] = BY_PREFIX(op0f_2b),                                        /* 0F 2B        MOVNTPS / MOVNTPD / MOVNTSS / MOVNTSD */
    [0x2c] = BY_PREFIX(op0f_2c),                                        /* 0F 2C        CVTTPS2PI / CVTTPD2PI / CVTTSS2SI / CVTTSD2SI */
    [0x2d] = BY_PREFIX(op0f_2d),                                        /* 0F 2D        CVTPS2PI / CVTPD2PI / CVTSS2SI / CVTSD2SI */
    [0x2e] = BY_PREFIX(op0f_2e),                                        /* 0F 2E        UCOMISS / UCOMISD */
    [0x2f] = BY_PREFIX(op0f_2f),                                        /* 0F 2F        COMISS / COMISD */
    [0x30] = { X86_INSN_WRMSR, .flags = X86_F_BRANCH },                 /* 0F 30        WRMSR */
    [0x31] = { X86_INSN_RDTSC },                                        /* 0F 31        RDTSC */
    [0x32] = { X86_INSN_RDMSR },                                        /* 0F 32        RDMSR */
    [0x33] = { X86_INSN_RDPMC },                                        /* 0F 33        RDPMC */
    [0x34] = { X86_INSN_SYSENTER, .flags = X86_F_BRANCH, .feature = X86_FEAT_SEP }, /* 0F 34        SYSENTER */
    [0x35] = { X86_INSN_SYSEXIT, .flags = X86_F_BRANCH, .feature = X86_FEAT_SEP }, /* 0F 35        SYSEXIT */
    [0x37] = { X86_INSN_GETSEC },                                       /* 0F 37        GETSEC */
                                                                        /* 0F 38, 0F 3A: escapes (decode.c) */
    [0x40] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 40 /r     CMOVO Gv,Ev */
    [0x41] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 41 /r     CMOVNO Gv,Ev */
    [0x42] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 42 /r     CMOVB Gv,Ev */
    [0x43] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 43 /r     CMOVAE Gv,Ev */
    [0x44] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 44 /r     CMOVE Gv,Ev */
    [0x45] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 45 /r     CMOVNE Gv,Ev */
    [0x46] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 46 /r     CMOVBE Gv,Ev */
    [0x47] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 47 /r     CMOVA Gv,Ev */
    [0x48] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 48 /r     CMOVS Gv,Ev */
    [0x49] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 49 /r     CMOVNS Gv,Ev */
    [0x4a] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 4A /r     CMOVP Gv,Ev */
    [0x4b] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 4B /r     CMOVNP Gv,Ev */
    [0x4c] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 4C /r     CMOVL Gv,Ev */
    [0x4d] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 4D /r     CMOVGE Gv,Ev */
    [0x4e] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 4E /r     CMOVLE Gv,Ev */
    [0x4f] = { X86_INSN_CMOVCC, { Gv, Ev }, X86_F_CC, X86_FEAT_CMOV },  /* 0F 4F /r     CMOVG Gv,Ev */
    [0x50] = BY_PREFIX(op0f_50),                                        /* 0F 50        MOVMSKPS / MOVMSKPD */
    [0x51] = BY_PREFIX(op0f_51),                                        /* 0F 51        SQRTPS / SQRTPD / SQRTSS / SQRTSD */
    [0x52] = BY_PREFIX(op0f_52),                                        /* 0F 52        RSQRTPS / RSQRTSS */
    [0x53] = BY_PREFIX(op0f_53),                                        /* 0F 53        RCPPS / RCPSS */
    [0x54] = BY_PREFIX(op0f_54),                                        /* 0F 54        ANDPS / ANDPD */
    [0x55] = BY_PREFIX(op0f_55),                                        /* 0F 55        ANDNPS / ANDNPD */
    [0x56] = BY_PREFIX(op0f_56),                                        /* 0F 56        ORPS / ORPD */
    [0x57] = BY_PREFIX(op0f_57),                                        /* 0F 57        XORPS / XORPD */
    [0x58] = BY_PREFIX(op0f_58),                                        /* 0F 58        ADDPS / ADDPD / ADDSS / ADDSD */
    [0x59] = BY_PREFIX(op0f_59),                                        /* 0F 59        MULPS / MULPD / MULSS / MULSD */
    [0x5a] = BY_PREFIX(op0f_5a),                                        /* 0F 5A        CVTPS2PD / CVTPD2PS / CVTSS2SD / CVTSD2SS */
    [0x5b] = BY_PREFIX(op0f_5b),                                        /* 0F 5B        CVTDQ2PS / CVTPS2DQ / CVTTPS2DQ */
    [0x5c] = BY_PREFIX(op0f_5c),                                        /* 0F 5C        SUBPS / SUBPD / SUBSS / SUBSD */
    [0x5d] = BY_PREFIX(op0f_5d),                                        /* 0F 5D        MINPS / MINPD / MINSS / MINSD */
    [0x5e] = BY_PREFIX(op0f_5e),                                        /* 0F 5E        DIVPS / DIVPD / DIVSS / DIVSD */
    [0x5f] = BY_PREFIX(op0f_5f),                                        /* 0F 5F        MAXPS / MAXPD / MAXSS / MAXSD */
    [0x60] = BY_PREFIX(op0f_60),                                        /* 0F 60        PUNPCKLBW */
    [0x61] = BY_PREFIX(op0f_61),                                        /* 0F 61        PUNPCKLWD */
    [0x62] = BY_PREFIX(op0f_62),                                        /* 0F 62        PUNPCKLDQ */
    [0x63] = BY_PREFIX(op0f_63),                                        /* 0F 63        PACKSSWB */
    [0x64] = BY_PREFIX(op0f_64),                                        /* 0F 64        PCMPGTB */
    [0x65] = BY_PREFIX(op0f_65),                                        /* 0F 65        PCMPGTW */
    [0x66] = BY_PREFIX(op0f_66),                                        /* 0F 66        PCMPGTD */
    [0x67] = BY_PREFIX(op0f_67),                                        /* 0F 67        PACKUSWB */
    [0x68] = BY_PREFIX(op0f_68),                                        /* 0F 68        PUNPCKHBW */
    [0x69] = BY_PREFIX(op0f_69),                                        /* 0F 69        PUNPCKHWD */
    [0x6a] = BY_PREFIX(op0f_6a),                                        /* 0F 6A        PUNPCKHDQ */
    [0x6b] = BY_PREFIX(op0f_6b),                                        /* 0F 6B        PACKSSDW */
    [0x6c] = BY_PREFIX(op0f_6c),                                        /* 0F 6C        PUNPCKLQDQ */
    [0x6d] = BY_PREFIX(op0f_6d),                                        /* 0F 6D        PUNPCKHQDQ */
    [0x6e] = BY_PREFIX(op0f_6e),                                        /* 0F 6E        MOVD / MOVQ */
    [0x6f] = BY_PREFIX(op0f_6f),                                        /* 0F 6F        MOVQ / MOVDQA / MOVDQU */
    [0x70] = BY_PREFIX(op0f_70),                                        /* 0F 70        PSHUFW/PSHUFD/PSHUFHW/PSHUFLW */
    [0x71] = BY_REG(grp12_0f71),                                        /* 0F 71 /digit Grp 12 (mod=11) */
    [0x72] = BY_REG(grp13_0f72),                                        /* 0F 72 /digit Grp 13 (mod=11) */
    [0x73] = BY_REG(grp14_0f73),                                        /* 0F 73 /digit Grp 14 (mod=11) */
    [0x74] = BY_PREFIX(op0f_74),                                        /* 0F 74        PCMPEQB */
    [0x75] = BY_PREFIX(op0f_75),                                        /* 0F 75        PCMPEQW */
    [0x76] = BY_PREFIX(op0f_76),                                        /* 0F 76        PCMPEQD */
    [0x77] = BY_VEX(op0f_77),                                           /* 0F 77        EMMS / VZEROUPPER / VZEROALL */
    [0x78] = BY_PREFIX(op0f_78),                                        /* 0F 78        ib / VMREAD / EXTRQ / INSERTQ */
    [0x79] = BY_PREFIX(op0f_79),                                        /* 0F 79        VMWRITE / EXTRQ / INSERTQ */
    [0x7c] = BY_PREFIX(op0f_7c),                                        /* 0F 7C        HADDPD / HADDPS */
    [0x7d] = BY_PREFIX(op0f_7d),                                        /* 0F 7D        HSUBPD / HSUBPS */
    [0x7e] = BY_PREFIX(op0f_7e),                                        /* 0F 7E        MOVD / MOVQ */
    [0x7f] = BY_PREFIX(op0f_7f),                                        /* 0F 7F        MOVQ / MOVDQA / MOVDQU */
    [0x80] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 80 cz     JO Jz (f64) */
    [0x81] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 81 cz     JNO Jz (f64) */
    [0x82] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 82 cz     JB Jz (f64) */
    [0x83] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 83 cz     JAE Jz (f64) */
    [0x84] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 84 cz     JE Jz (f64) */
    [0x85] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 85 cz     JNE Jz (f64) */
    [0x86] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 86 cz     JBE Jz (f64) */
    [0x87] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 87 cz     JA Jz (f64) */
    [0x88] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 88 cz     JS Jz (f64) */
    [0x89] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 89 cz     JNS Jz (f64) */
    [0x8a] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 8A cz     JP Jz (f64) */
    [0x8b] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 8B cz     JNP Jz (f64) */
    [0x8c] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 8C cz     JL Jz (f64) */
    [0x8d] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 8D cz     JGE Jz (f64) */
    [0x8e] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 8E cz     JLE Jz (f64) */
    [0x8f] = { X86_INSN_JCC, { Jz }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 0F 8F cz     JG Jz (f64) */
    [0x90] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 90 /r     SETO Eb */
    [0x91] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 91 /r     SETNO Eb */
    [0x92] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 92 /r     SETB Eb */
    [0x93] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 93 /r     SETAE Eb */
    [0x94] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 94 /r     SETE Eb */
    [0x95] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 95 /r     SETNE Eb */
    [0x96] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 96 /r     SETBE Eb */
    [0x97] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 97 /r     SETA Eb */
    [0x98] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 98 /r     SETS Eb */
    [0x99] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 99 /r     SETNS Eb */
    [0x9a] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 9A /r     SETP Eb */
    [0x9b] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 9B /r     SETNP Eb */
    [0x9c] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 9C /r     SETL Eb */
    [0x9d] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 9D /r     SETGE Eb */
    [0x9e] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 9E /r     SETLE Eb */
    [0x9f] = { X86_INSN_SETCC, { Eb }, X86_F_CC },                      /* 0F 9F /r     SETG Eb */
    [0xa0] = { X86_INSN_PUSH, { sFS }, X86_F_D64 },                     /* 0F A0        PUSH FS (d64) */
    [0xa1] = { X86_INSN_POP, { sFS }, X86_F_D64 },                      /* 0F A1        POP FS (d64) */
    [0xa2] = { X86_INSN_CPUID },                                        /* 0F A2        CPUID */
    [0xa3] = { X86_INSN_BT, { Ev, Gv } },                               /* 0F A3 /r     BT Ev,Gv */
    [0xa4] = { X86_INSN_SHLD, { Ev, Gv, Ib } },                         /* 0F A4 /r ib  SHLD Ev,Gv,Ib */
    [0xa5] = { X86_INSN_SHLD, { Ev, Gv, CL } },                         /* 0F A5 /r     SHLD Ev,Gv,CL */
    [0xa8] = { X86_INSN_PUSH, { sGS }, X86_F_D64 },                     /* 0F A8        PUSH GS (d64) */
    [0xa9] = { X86_INSN_POP, { sGS }, X86_F_D64 },                      /* 0F A9        POP GS (d64) */
    [0xaa] = { X86_INSN_RSM, .flags = X86_F_BRANCH },                   /* 0F AA        RSM */
    [0xab] = { X86_INSN_BTS, { Ev, Gv }, X86_F_LOCK },                  /* 0F AB /r     BTS Ev,Gv */
    [0xac] = { X86_INSN_SHRD, { Ev, Gv, Ib } },                         /* 0F AC /r ib  SHRD Ev,Gv,Ib */
    [0xad] = { X86_INSN_SHRD, { Ev, Gv, CL } },                         /* 0F AD /r     SHRD Ev,Gv,CL */
    [0xae] = BY_MOD(x86_grp15_0fae),                                    /* 0F AE        Grp 15 */
    [0xaf] = { X86_INSN_IMUL, { Gv, Ev } },                             /* 0F AF /r     IMUL Gv,Ev */
    [0xb0] = { X86_INSN_CMPXCHG, { Eb, Gb }, X86_F_LOCK },              /* 0F B0 /r     CMPXCHG Eb,Gb */
    [0xb1] = { X86_INSN_CMPXCHG, { Ev, Gv }, X86_F_LOCK },              /* 0F B1 /r     CMPXCHG Ev,Gv */
    [0xb2] = { X86_INSN_LSS, { Gv, Mp } },                              /* 0F B2 /r     LSS Gv,Mp */
    [0xb3] = { X86_INSN_BTR, { Ev, Gv }, X86_F_LOCK },                  /* 0F B3 /r     BTR Ev,Gv */
    [0xb4] = { X86_INSN_LFS, { Gv, Mp } },                              /* 0F B4 /r     LFS Gv,Mp */
    [0xb5] = { X86_INSN_LGS, { Gv, Mp } },                              /* 0F B5 /r     LGS Gv,Mp */
    [0xb6] = { X86_INSN_MOVZX, { Gv, Eb } },                            /* 0F B6 /r     MOVZX Gv,Eb */
    [0xb7] = { X86_INSN_MOVZX, { Gv, Ew } },                            /* 0F B7 /r     MOVZX Gv,Ew */
    [0xb8] = BY_PREFIX(x86_0f_b8),                                      /* F3 0F B8 /r  POPCNT Gv,Ev */
    [0xb9] = { X86_INSN_UD1, { Gv, Ev } },                              /* 0F B9 /r     UD1 Gv,Ev (Grp 10) */
    [0xba] = BY_REG(x86_grp8_0fba),                                     /* 0F BA /digit Grp 8 Ev,Ib */
    [0xbb] = { X86_INSN_BTC, { Ev, Gv }, X86_F_LOCK },                  /* 0F BB /r     BTC Ev,Gv */
    [0xbc] = BY_PREFIX(x86_0f_bc),                                      /* 0F BC /r     BSF / F3 TZCNT Gv,Ev */
    [0xbd] = BY_PREFIX(x86_0f_bd),                                      /* 0F BD /r     BSR / F3 LZCNT Gv,Ev */
    [0xbe] = { X86_INSN_MOVSX, { Gv, Eb } },                            /* 0F BE /r     MOVSX Gv,Eb */
    [0xbf] = { X86_INSN_MOVSX, { Gv, Ew } },                            /* 0F BF /r     MOVSX Gv,Ew */
    [0xc0] = { X86_INSN_XADD, { Eb, Gb }, X86_F_LOCK },                 /* 0F C0 /r     XADD Eb,Gb */
    [0xc1] = { X86_INSN_XADD, { Ev, Gv }, X86_F_LOCK },                 /* 0F C1 /r     XADD Ev,Gv */
    [0xc2] = BY_PREFIX(op0f_c2),                                        /* 0F C2        CMPPS / CMPPD / CMPSS / CMPSD */
    [0xc3] = BY_PREFIX(op0f_c3),                                        /* 0F C3        MOVNTI */
    [0xc4] = BY_PREFIX(op0f_c4),                                        /* 0F C4        PINSRW */
    [0xc5] = BY_PREFIX(op0f_c5),                                        /* 0F C5        PEXTRW */
    [0xc6] = BY_PREFIX(op0f_c6),                                        /* 0F C6        SHUFPS / SHUFPD */
    [0xc7] = BY_MOD(x86_grp9_0fc7),                                     /* 0F C7        Grp 9 */
    [0xc8] = { X86_INSN_BSWAP, { Zy } },                                /* 0F C8        BSWAP rAX/r8 */
    [0xc9] = { X86_INSN_BSWAP, { Zy } },                                /* 0F C9        BSWAP rCX/r9 */
    [0xca] = { X86_INSN_BSWAP, { Zy } },                                /* 0F CA        BSWAP rDX/r10 */
    [0xcb] = { X86_INSN_BSWAP, { Zy } },                                /* 0F CB        BSWAP rBX/r11 */
    [0xcc] = { X86_INSN_BSWAP, { Zy } },                                /* 0F CC        BSWAP rSP/r12 */
    [0xcd] = { X86_INSN_BSWAP, { Zy } },                                /* 0F CD        BSWAP rBP/r13 */
    [0xce] = { X86_INSN_BSWAP, { Zy } },                                /* 0F CE        BSWAP rSI/r14 */
    [0xcf] = { X86_INSN_BSWAP, { Zy } },                                /* 0F CF        BSWAP rDI/r15 */
    [0xd0] = BY_PREFIX(op0f_d0),                                        /* 0F D0        ADDSUBPD / ADDSUBPS */
    [0xd1] = BY_PREFIX(op0f_d1),                                        /* 0F D1        PSRLW */
    [0xd2] = BY_PREFIX(op0f_d2),                                        /* 0F D2        PSRLD */
    [0xd3] = BY_PREFIX(op0f_d3),                                        /* 0F D3        PSRLQ */
    [0xd4] = BY_PREFIX(op0f_d4),                                        /* 0F D4        PADDQ */
    [0xd5] = BY_PREFIX(op0f_d5),                                        /* 0F D5        PMULLW */
    [0xd6] = BY_PREFIX(op0f_d6),                                        /* 0F D6        MOVQ / MOVQ2DQ / MOVDQ2Q */
    [0xd7] = BY_PREFIX(op0f_d7),                                        /* 0F D7        PMOVMSKB */
    [0xd8] = BY_PREFIX(op0f_d8),                                        /* 0F D8        PSUBUSB */
    [0xd9] = BY_PREFIX(op0f_d9),                                        /* 0F D9        PSUBUSW */
    [0xda] = BY_PREFIX(op0f_da),                                        /* 0F DA        PMINUB */
    [0xdb] = BY_PREFIX(op0f_db),                                        /* 0F DB        PAND */
    [0xdc] = BY_PREFIX(op0f_dc),                                        /* 0F DC        PADDUSB */
    [0xdd] = BY_PREFIX(op0f_dd),                                        /* 0F DD        PADDUSW */
    [0xde] = BY_PREFIX(op0f_de),                                        /* 0F DE        PMAXUB */
    [0xdf] = BY_PREFIX(op0f_df),                                        /* 0F DF        PANDN */
    [0xe0] = BY_PREFIX(op0f_e0),                                        /* 0F E0        PAVGB */
    [0xe1] = BY_PREFIX(op0f_e1),                                        /* 0F E1        PSRAW */
    [0xe2] = BY_PREFIX(op0f_e2),                                        /* 0F E2        PSRAD */
    [0xe3] = BY_PREFIX(op0f_e3),                                        /* 0F E3        PAVGW */
    [0xe4] = BY_PREFIX(op0f_e4),                                        /* 0F E4        PMULHUW */
    [0xe5] = BY_PREFIX(op0f_e5),                                        /* 0F E5        PMULHW */
    [0xe6] = BY_PREFIX(op0f_e6),                                        /* 0F E6        CVTTPD2DQ / CVTDQ2PD / CVTPD2DQ */
    [0xe7] = BY_PREFIX(op0f_e7),                                        /* 0F E7        MOVNTQ / MOVNTDQ */
    [0xe8] = BY_PREFIX(op0f_e8),                                        /* 0F E8        PSUBSB */
    [0xe9] = BY_PREFIX(op0f_e9),                                        /* 0F E9        PSUBSW */
    [0xea] = BY_PREFIX(op0f_ea),                                        /* 0F EA        PMINSW */
    [0xeb] = BY_PREFIX(op0f_eb),                                        /* 0F EB        POR */
    [0xec] = BY_PREFIX(op0f_ec),                                        /* 0F EC        PADDSB */
    [0xed] = BY_PREFIX(op0f_ed),                                        /* 0F ED        PADDSW */
    [0xee] = BY_PREFIX(op0f_ee),                                        /* 0F EE        PMAXSW */
    [0xef] = BY_PREFIX(op0f_ef),                                        /* 0F EF        PXOR */
    [0xf0] = BY_PREFIX(op0f_f0),                                        /* 0F F0        LDDQU */
    [0xf1] = BY_PREFIX(op0f_f1),                                        /* 0F F1        PSLLW */
    [0xf2] = BY_PREFIX(op0f_f2),                                        /* 0F F2        PSLLD */
    [0xf3] = BY_PREFIX(op0f_f3),                                        /* 0F F3        PSLLQ */
    [0xf4] = BY_PREFIX(op0f_f4),                                        /* 0F F4        PMULUDQ */
    [0xf5] = BY_PREFIX(op0f_f5),                                        /* 0F F5        PMADDWD */
    [0xf6] = BY_PREFIX(op0f_f6),                                        /* 0F F6        PSADBW */
    [0xf7] = BY_PREFIX(op0f_f7),                                        /* 0F F7        MASKMOVQ / MASKMOVDQU */
    [0xf8] = BY_PREFIX(op0f_f8),                                        /* 0F F8        PSUBB */
    [0xf9] = BY_PREFIX(op0f_f9),                                        /* 0F F9        PSUBW */
    [0xfa] = BY_PREFIX(op0f_fa),                                        /* 0F FA        PSUBD */
    [0xfb] = BY_PREFIX(op0f_fb),                                        /* 0F FB        PSUBQ */
    [0xfc] = BY_PREFIX(op0f_fc),                                        /* 0F FC        PADDB */
    [0xfd] = BY_PREFIX(op0f_fd),                                        /* 0F FD        PADDW */
    [0xfe] = BY_PREFIX(op0f_fe),                                        /* 0F FE        PADDD */
    [0xff] = { X86_INSN_UD0, { Gd, Ed } },                              /* 0F FF /r     UD0 Gd,Ed */
};
