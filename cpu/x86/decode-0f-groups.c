/*
 * The general-purpose and system groups of the 0F map (SDM Vol. 2 Table
 * groups 6, 7, 8, 9, 15, 16) and the 0F rows whose meaning changes with
 * an F3 prefix (POPCNT, TZCNT, LZCNT, ENDBR). decode-0f.c links to them.
 */
#include "cpu/x86/decode-tables.h"
#include "cpu/x86/decode-rows.h"

/* Grp 6: 0F 00. SLDT and STR store Rv or Mw (SDM "Rv/Mw"). */
const X86OpEntry x86_grp6_0f00[8] = {
    [0] = { X86_INSN_SLDT, { RvMw } },                                  /* 0F 00 /0  SLDT Rv/Mw */
    [1] = { X86_INSN_STR,  { RvMw } },                                  /* 0F 00 /1  STR Rv/Mw */
    [2] = { X86_INSN_LLDT, { Ew } },                                    /* 0F 00 /2  LLDT Ew */
    [3] = { X86_INSN_LTR,  { Ew } },                                    /* 0F 00 /3  LTR Ew */
    [4] = { X86_INSN_VERR, { Ew } },                                    /* 0F 00 /4  VERR Ew */
    [5] = { X86_INSN_VERW, { Ew } },                                    /* 0F 00 /5  VERW Ew */
};

/* Grp 7: 0F 01. Memory forms by reg; register forms by reg, then rm. */
static const X86OpEntry grp7_mem[8] = {
    [0] = { X86_INSN_SGDT,   { Ms } },                                  /* 0F 01 /0  SGDT Ms */
    [1] = { X86_INSN_SIDT,   { Ms } },                                  /* 0F 01 /1  SIDT Ms */
    [2] = { X86_INSN_LGDT,   { Ms } },                                  /* 0F 01 /2  LGDT Ms */
    [3] = { X86_INSN_LIDT,   { Ms } },                                  /* 0F 01 /3  LIDT Ms */
    [4] = { X86_INSN_SMSW,   { Mw } },                                  /* 0F 01 /4  SMSW Mw */
    [6] = { X86_INSN_LMSW,   { Mw } },                                  /* 0F 01 /6  LMSW Mw */
    [7] = { X86_INSN_INVLPG, { Mb } },                                  /* 0F 01 /7  INVLPG Mb */
};
static const X86OpEntry grp7_c0[8] = {
    [1] = { X86_INSN_VMCALL,   .feature = X86_FEAT_VMX },               /* 0F 01 C1  VMCALL */
    [2] = { X86_INSN_VMLAUNCH, .feature = X86_FEAT_VMX },               /* 0F 01 C2  VMLAUNCH */
    [3] = { X86_INSN_VMRESUME, .feature = X86_FEAT_VMX },               /* 0F 01 C3  VMRESUME */
    [4] = { X86_INSN_VMXOFF,   .feature = X86_FEAT_VMX },               /* 0F 01 C4  VMXOFF */
};
static const X86OpEntry grp7_c8[8] = {
    [0] = { X86_INSN_MONITOR, .feature = X86_FEAT_MONITOR },            /* 0F 01 C8  MONITOR */
    [1] = { X86_INSN_MWAIT,   .feature = X86_FEAT_MONITOR },            /* 0F 01 C9  MWAIT */
    [2] = { X86_INSN_CLAC,    .feature = X86_FEAT_SMAP },               /* 0F 01 CA  CLAC */
    [3] = { X86_INSN_STAC,    .feature = X86_FEAT_SMAP },               /* 0F 01 CB  STAC */
};
static const X86OpEntry grp7_d0[8] = {
    [0] = { X86_INSN_XGETBV, .feature = X86_FEAT_XSAVE },               /* 0F 01 D0  XGETBV */
    [1] = { X86_INSN_XSETBV, .feature = X86_FEAT_XSAVE },               /* 0F 01 D1  XSETBV */
    [4] = { X86_INSN_VMFUNC, .feature = X86_FEAT_VMX },                 /* 0F 01 D4  VMFUNC */
    [5] = { X86_INSN_XEND,   .feature = X86_FEAT_RTM },                 /* 0F 01 D5  XEND */
    [6] = { X86_INSN_XTEST,  .feature = X86_FEAT_RTM },                 /* 0F 01 D6  XTEST */
};
static const X86OpEntry grp7_d8[8] = {
    [0] = { X86_INSN_VMRUN,   .feature = X86_FEAT_SVM },                /* 0F 01 D8  VMRUN */
    [1] = { X86_INSN_VMMCALL, .feature = X86_FEAT_SVM },                /* 0F 01 D9  VMMCALL */
    [2] = { X86_INSN_VMLOAD,  .feature = X86_FEAT_SVM },                /* 0F 01 DA  VMLOAD */
    [3] = { X86_INSN_VMSAVE,  .feature = X86_FEAT_SVM },                /* 0F 01 DB  VMSAVE */
    [4] = { X86_INSN_STGI,    .feature = X86_FEAT_SVM },                /* 0F 01 DC  STGI */
    [5] = { X86_INSN_CLGI,    .feature = X86_FEAT_SVM },                /* 0F 01 DD  CLGI */
    [6] = { X86_INSN_SKINIT,  .feature = X86_FEAT_SVM },                /* 0F 01 DE  SKINIT */
    [7] = { X86_INSN_INVLPGA, .feature = X86_FEAT_SVM },                /* 0F 01 DF  INVLPGA */
};
static const X86OpEntry grp7_e8[8] = {
    [6] = { X86_INSN_RDPKRU, .feature = X86_FEAT_PKU },                 /* 0F 01 EE  RDPKRU */
    [7] = { X86_INSN_WRPKRU, .feature = X86_FEAT_PKU },                 /* 0F 01 EF  WRPKRU */
};
static const X86OpEntry grp7_f8[8] = {
    [0] = { X86_INSN_SWAPGS, .flags = X86_F_O64 },                      /* 0F 01 F8  SWAPGS (o64) */
    [1] = { X86_INSN_RDTSCP, .feature = X86_FEAT_RDTSCP },              /* 0F 01 F9  RDTSCP */
};
static const X86OpEntry grp7_reg[8] = {
    [0] = BY_RM(grp7_c0),                                               /* 0F 01 C0-C7  VMX */
    [1] = BY_RM(grp7_c8),                                               /* 0F 01 C8-CF  MONITOR MWAIT CLAC STAC */
    [2] = BY_RM(grp7_d0),                                               /* 0F 01 D0-D7  XGETBV XSETBV ... */
    [3] = BY_RM(grp7_d8),                                               /* 0F 01 D8-DF  SVM */
    [4] = { X86_INSN_SMSW, { Rv } },                                    /* 0F 01 /4  SMSW Rv */
    [5] = BY_RM(grp7_e8),                                               /* 0F 01 E8-EF  RDPKRU WRPKRU */
    [6] = { X86_INSN_LMSW, { Rw } },                                    /* 0F 01 /6  LMSW Rw */
    [7] = BY_RM(grp7_f8),                                               /* 0F 01 F8-FF  SWAPGS RDTSCP */
};
const X86OpEntry x86_grp7_0f01[2] = {
    [0] = BY_REG(grp7_mem),                                             /* 0F 01 mod!=11 */
    [1] = BY_REG(grp7_reg),                                             /* 0F 01 mod=11 */
};

/* Grp 8: 0F BA, bit tests with an immediate bit offset */
const X86OpEntry x86_grp8_0fba[8] = {
    [4] = { X86_INSN_BT,  { Ev, Ib } },                                 /* 0F BA /4 ib  BT Ev,Ib */
    [5] = { X86_INSN_BTS, { Ev, Ib }, X86_F_LOCK },                     /* 0F BA /5 ib  BTS Ev,Ib */
    [6] = { X86_INSN_BTR, { Ev, Ib }, X86_F_LOCK },                     /* 0F BA /6 ib  BTR Ev,Ib */
    [7] = { X86_INSN_BTC, { Ev, Ib }, X86_F_LOCK },                     /* 0F BA /7 ib  BTC Ev,Ib */
};

/* Grp 9: 0F C7 */
static const X86OpEntry cmpxchg8b[2] = {
    [0] = { X86_INSN_CMPXCHG8B,  { Mq }, X86_F_LOCK, X86_FEAT_CX8 },    /* 0F C7 /1  CMPXCHG8B Mq */
    [1] = { X86_INSN_CMPXCHG16B, { Mdq }, X86_F_LOCK, X86_FEAT_CX16 },  /* REX.W 0F C7 /1  CMPXCHG16B Mdq */
};
static const X86OpEntry vmptrld[4] = {
    [X86_PFX_NP] = { X86_INSN_VMPTRLD, { Mq }, 0, X86_FEAT_VMX },       /* NP 0F C7 /6  VMPTRLD Mq */
    [X86_PFX_66] = { X86_INSN_VMCLEAR, { Mq }, 0, X86_FEAT_VMX },       /* 66 0F C7 /6  VMCLEAR Mq */
    [X86_PFX_F3] = { X86_INSN_VMXON,   { Mq }, 0, X86_FEAT_VMX },       /* F3 0F C7 /6  VMXON Mq */
};
static const X86OpEntry vmptrst[4] = {
    [X86_PFX_NP] = { X86_INSN_VMPTRST, { Mq }, 0, X86_FEAT_VMX },       /* NP 0F C7 /7  VMPTRST Mq */
};
static const X86OpEntry grp9_mem[8] = {
    [1] = BY_W(cmpxchg8b),                                              /* 0F C7 /1  CMPXCHG8B/16B */
    [3] = { X86_INSN_XRSTORS, { Mxsave }, 0, X86_FEAT_XSAVES },         /* 0F C7 /3  XRSTORS M */
    [4] = { X86_INSN_XSAVEC,  { Mxsave }, 0, X86_FEAT_XSAVEC },         /* 0F C7 /4  XSAVEC M */
    [5] = { X86_INSN_XSAVES,  { Mxsave }, 0, X86_FEAT_XSAVES },         /* 0F C7 /5  XSAVES M */
    [6] = BY_PREFIX(vmptrld),                                           /* 0F C7 /6  VMPTRLD VMCLEAR VMXON */
    [7] = BY_PREFIX(vmptrst),                                           /* 0F C7 /7  VMPTRST */
};
/* RDRAND and RDSEED take 66 as an operand-size prefix: r16 */
static const X86OpEntry rdrand[4] = {
    [X86_PFX_NP] = { X86_INSN_RDRAND, { Rv }, 0, X86_FEAT_RDRAND },     /* NP 0F C7 /6  RDRAND Rv */
    [X86_PFX_66] = { X86_INSN_RDRAND, { Rv }, X86_F_OPSIZE66, X86_FEAT_RDRAND }, /* 66 0F C7 /6  RDRAND Rw */
};
static const X86OpEntry rdseed[4] = {
    [X86_PFX_NP] = { X86_INSN_RDSEED, { Rv }, 0, X86_FEAT_RDSEED },     /* NP 0F C7 /7  RDSEED Rv */
    [X86_PFX_66] = { X86_INSN_RDSEED, { Rv }, X86_F_OPSIZE66, X86_FEAT_RDSEED }, /* 66 0F C7 /7  RDSEED Rw */
    [X86_PFX_F3] = { X86_INSN_RDPID,  { Ry }, X86_F_F64, X86_FEAT_RDPID }, /* F3 0F C7 /7  RDPID Ry */
};
static const X86OpEntry grp9_reg[8] = {
    [6] = BY_PREFIX(rdrand),                                            /* 0F C7 /6  RDRAND (mod=11) */
    [7] = BY_PREFIX(rdseed),                                            /* 0F C7 /7  RDSEED RDPID (mod=11) */
};
const X86OpEntry x86_grp9_0fc7[2] = {
    [0] = BY_REG(grp9_mem),                                             /* 0F C7 mod!=11 */
    [1] = BY_REG(grp9_reg),                                             /* 0F C7 mod=11 */
};

/* Grp 15: 0F AE */
static const X86OpEntry xsaveopt[4] = {
    [X86_PFX_NP] = { X86_INSN_XSAVEOPT, { Mxsave }, 0, X86_FEAT_XSAVEOPT }, /* NP 0F AE /6  XSAVEOPT M */
    [X86_PFX_66] = { X86_INSN_CLWB, { Mb }, 0, X86_FEAT_CLWB },         /* 66 0F AE /6  CLWB Mb */
};
static const X86OpEntry clflush[4] = {
    [X86_PFX_NP] = { X86_INSN_CLFLUSH, { Mb }, 0, X86_FEAT_CLFLUSH },   /* NP 0F AE /7  CLFLUSH Mb */
    [X86_PFX_66] = { X86_INSN_CLFLUSHOPT, { Mb }, 0, X86_FEAT_CLFLUSHOPT }, /* 66 0F AE /7  CLFLUSHOPT Mb */
};
static const X86OpEntry grp15_mem[8] = {
    [0] = { X86_INSN_FXSAVE,  { Mfxsave }, 0, X86_FEAT_FXSR },          /* 0F AE /0  FXSAVE M512 */
    [1] = { X86_INSN_FXRSTOR, { Mfxsave }, 0, X86_FEAT_FXSR },          /* 0F AE /1  FXRSTOR M512 */
    [2] = { X86_INSN_LDMXCSR, { Md }, 0, X86_FEAT_SSE },                /* 0F AE /2  LDMXCSR Md */
    [3] = { X86_INSN_STMXCSR, { Md }, 0, X86_FEAT_SSE },                /* 0F AE /3  STMXCSR Md */
    [4] = { X86_INSN_XSAVE,   { Mxsave }, 0, X86_FEAT_XSAVE },          /* 0F AE /4  XSAVE M */
    [5] = { X86_INSN_XRSTOR,  { Mxsave }, 0, X86_FEAT_XSAVE },          /* 0F AE /5  XRSTOR M */
    [6] = BY_PREFIX(xsaveopt),                                          /* 0F AE /6  XSAVEOPT CLWB */
    [7] = BY_PREFIX(clflush),                                           /* 0F AE /7  CLFLUSH CLFLUSHOPT */
};
/* The fences ignore ModRM.rm: 0F AE E8-EF are all LFENCE. */
static const X86OpEntry grp15_reg_np[8] = {
    [5] = { X86_INSN_LFENCE, .feature = X86_FEAT_SSE2 },                /* NP 0F AE E8+i  LFENCE */
    [6] = { X86_INSN_MFENCE, .feature = X86_FEAT_SSE2 },                /* NP 0F AE F0+i  MFENCE */
    [7] = { X86_INSN_SFENCE, .feature = X86_FEAT_SSE },                 /* NP 0F AE F8+i  SFENCE */
};
static const X86OpEntry grp15_reg_f3[8] = {
    [0] = { X86_INSN_RDFSBASE, { Ry }, X86_F_O64, X86_FEAT_FSGSBASE },  /* F3 0F AE /0  RDFSBASE Ry */
    [1] = { X86_INSN_RDGSBASE, { Ry }, X86_F_O64, X86_FEAT_FSGSBASE },  /* F3 0F AE /1  RDGSBASE Ry */
    [2] = { X86_INSN_WRFSBASE, { Ry }, X86_F_O64, X86_FEAT_FSGSBASE },  /* F3 0F AE /2  WRFSBASE Ry */
    [3] = { X86_INSN_WRGSBASE, { Ry }, X86_F_O64, X86_FEAT_FSGSBASE },  /* F3 0F AE /3  WRGSBASE Ry */
};
static const X86OpEntry grp15_reg[4] = {
    [X86_PFX_NP] = BY_REG(grp15_reg_np),                                /* NP 0F AE mod=11  fences */
    [X86_PFX_F3] = BY_REG(grp15_reg_f3),                                /* F3 0F AE mod=11  FS/GS base */
};
const X86OpEntry x86_grp15_0fae[2] = {
    [0] = BY_REG(grp15_mem),                                            /* 0F AE mod!=11 */
    [1] = BY_PREFIX(grp15_reg),                                         /* 0F AE mod=11 */
};

/* Grp 16: 0F 18 prefetch hints; /4-/7 and the register forms are hint NOPs
 * (SDM NOP: "0F 18-1F are reserved NOP"). */
static const X86OpEntry grp16_mem[8] = {
    [0] = { X86_INSN_PREFETCHNTA, { Mb }, 0, X86_FEAT_SSE },            /* 0F 18 /0  PREFETCHNTA Mb */
    [1] = { X86_INSN_PREFETCHT0,  { Mb }, 0, X86_FEAT_SSE },            /* 0F 18 /1  PREFETCHT0 Mb */
    [2] = { X86_INSN_PREFETCHT1,  { Mb }, 0, X86_FEAT_SSE },            /* 0F 18 /2  PREFETCHT1 Mb */
    [3] = { X86_INSN_PREFETCHT2,  { Mb }, 0, X86_FEAT_SSE },            /* 0F 18 /3  PREFETCHT2 Mb */
    [4] = { X86_INSN_NOP, { Ev } },                                     /* 0F 18 /4  NOP Ev (reserved hint) */
    [5] = { X86_INSN_NOP, { Ev } },                                     /* 0F 18 /5  NOP Ev (reserved hint) */
    [6] = { X86_INSN_NOP, { Ev } },                                     /* 0F 18 /6  NOP Ev (reserved hint) */
    [7] = { X86_INSN_NOP, { Ev } },                                     /* 0F 18 /7  NOP Ev (reserved hint) */
};
const X86OpEntry x86_grp16_0f18[2] = {
    [0] = BY_REG(grp16_mem),                                            /* 0F 18 mod!=11 */
    [1] = { X86_INSN_NOP, { Ev } },                                     /* 0F 18 mod=11  NOP Ev (reserved hint) */
};

/* 0F B8: only F3 POPCNT (NP is IA-64's JMPE). 66 stays an operand-size
 * prefix for the general-purpose rows reached through a prefix column. */
const X86OpEntry x86_0f_b8[4] = {
    [X86_PFX_F3] = { X86_INSN_POPCNT, { Gv, Ev }, 0, X86_FEAT_POPCNT }, /* F3 0F B8 /r  POPCNT Gv,Ev */
};

/* 0F BC/BD: F3 selects TZCNT/LZCNT (BSF/BSR on parts without them) */
const X86OpEntry x86_0f_bc[4] = {
    [X86_PFX_NP] = { X86_INSN_BSF,   { Gv, Ev } },                      /* 0F BC /r     BSF Gv,Ev */
    [X86_PFX_66] = { X86_INSN_BSF,   { Gv, Ev }, X86_F_OPSIZE66 },      /* 66 0F BC /r  BSF Gw,Ew */
    [X86_PFX_F3] = { X86_INSN_TZCNT, { Gv, Ev }, 0, X86_FEAT_BMI1 },    /* F3 0F BC /r  TZCNT Gv,Ev */
    [X86_PFX_F2] = { X86_INSN_BSF,   { Gv, Ev } },                      /* F2 0F BC /r  BSF Gv,Ev */
};
const X86OpEntry x86_0f_bd[4] = {
    [X86_PFX_NP] = { X86_INSN_BSR,   { Gv, Ev } },                      /* 0F BD /r     BSR Gv,Ev */
    [X86_PFX_66] = { X86_INSN_BSR,   { Gv, Ev }, X86_F_OPSIZE66 },      /* 66 0F BD /r  BSR Gw,Ew */
    [X86_PFX_F3] = { X86_INSN_LZCNT, { Gv, Ev }, 0, X86_FEAT_LZCNT },   /* F3 0F BD /r  LZCNT Gv,Ev */
    [X86_PFX_F2] = { X86_INSN_BSR,   { Gv, Ev } },                      /* F2 0F BD /r  BSR Gv,Ev */
};

/* 0F 1E: a hint NOP, except F3 0F 1E FA/FB = ENDBR64/ENDBR32 (CET) */
static const X86OpEntry endbr[8] = {
    [0] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E F8  NOP Ev */
    [1] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E F9  NOP Ev */
    [2] = { X86_INSN_ENDBR64 },                                         /* F3 0F 1E FA  ENDBR64 */
    [3] = { X86_INSN_ENDBR32 },                                         /* F3 0F 1E FB  ENDBR32 */
    [4] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E FC  NOP Ev */
    [5] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E FD  NOP Ev */
    [6] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E FE  NOP Ev */
    [7] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E FF  NOP Ev */
};
static const X86OpEntry f3_0f_1e_reg[8] = {
    [0] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E /0  NOP Ev */
    [1] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E /1  NOP Ev (RDSSP) */
    [2] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E /2  NOP Ev */
    [3] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E /3  NOP Ev */
    [4] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E /4  NOP Ev */
    [5] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E /5  NOP Ev */
    [6] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E /6  NOP Ev */
    [7] = BY_RM(endbr),                                                 /* F3 0F 1E F8-FF  ENDBR */
};
static const X86OpEntry f3_0f_1e[2] = {
    [0] = { X86_INSN_NOP, { Ev } },                                     /* F3 0F 1E mod!=11  NOP Ev */
    [1] = BY_REG(f3_0f_1e_reg),                                         /* F3 0F 1E mod=11 */
};
const X86OpEntry x86_0f_1e[4] = {
    [X86_PFX_NP] = { X86_INSN_NOP, { Ev } },                            /* 0F 1E /r     NOP Ev */
    [X86_PFX_66] = { X86_INSN_NOP, { Ev }, X86_F_OPSIZE66 },            /* 66 0F 1E /r  NOP Ew */
    [X86_PFX_F3] = BY_MOD(f3_0f_1e),                                    /* F3 0F 1E     ENDBR / NOP Ev */
    [X86_PFX_F2] = { X86_INSN_NOP, { Ev } },                            /* F2 0F 1E /r  NOP Ev */
};
