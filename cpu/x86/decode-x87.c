/*
 * The x87 escapes D8-DF (SDM Vol. 2 A.5, Tables ). Each escape
 * splits on ModRM.mod: the memory forms are chosen by ModRM.reg, the
 * register forms by ModRM.reg and, where one reg value holds several
 * instructions, by ModRM.rm.
 *
 * Memory operand sizes: m32fp/m32int = Md, m64fp/m64int = Mq, m16int = Mw,
 * m80fp/m80bcd = Mt. The undocumented register aliases that every Intel and
 * AMD part executes (and QEMU implements) are decoded: DC D0/D8 (FCOM,
 * FCOMP), DD C8 and DF C8 (FXCH), DE D0 (FCOMP), D9 D8, DF D0 and DF D8
 * (FSTP), DF C0 (FFREEP).
 */
#include "cpu/x86/decode-tables.h"
#include "cpu/x86/decode-rows.h"

/* D8 */
static const X86OpEntry d8_mem[8] = {
    [0] = { X86_INSN_FADD,  { Md }, 0, X86_FEAT_FPU },                  /* D8 /0     FADD m32fp */
    [1] = { X86_INSN_FMUL,  { Md }, 0, X86_FEAT_FPU },                  /* D8 /1     FMUL m32fp */
    [2] = { X86_INSN_FCOM,  { Md }, 0, X86_FEAT_FPU },                  /* D8 /2     FCOM m32fp */
    [3] = { X86_INSN_FCOMP, { Md }, 0, X86_FEAT_FPU },                  /* D8 /3     FCOMP m32fp */
    [4] = { X86_INSN_FSUB,  { Md }, 0, X86_FEAT_FPU },                  /* D8 /4     FSUB m32fp */
    [5] = { X86_INSN_FSUBR, { Md }, 0, X86_FEAT_FPU },                  /* D8 /5     FSUBR m32fp */
    [6] = { X86_INSN_FDIV,  { Md }, 0, X86_FEAT_FPU },                  /* D8 /6     FDIV m32fp */
    [7] = { X86_INSN_FDIVR, { Md }, 0, X86_FEAT_FPU },                  /* D8 /7     FDIVR m32fp */
};
static const X86OpEntry d8_reg[8] = {
    [0] = { X86_INSN_FADD,  { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 C0+i   FADD ST0,STi */
    [1] = { X86_INSN_FMUL,  { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 C8+i   FMUL ST0,STi */
    [2] = { X86_INSN_FCOM,  { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 D0+i   FCOM ST0,STi */
    [3] = { X86_INSN_FCOMP, { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 D8+i   FCOMP ST0,STi */
    [4] = { X86_INSN_FSUB,  { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 E0+i   FSUB ST0,STi */
    [5] = { X86_INSN_FSUBR, { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 E8+i   FSUBR ST0,STi */
    [6] = { X86_INSN_FDIV,  { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 F0+i   FDIV ST0,STi */
    [7] = { X86_INSN_FDIVR, { ST0, STi }, 0, X86_FEAT_FPU },            /* D8 F8+i   FDIVR ST0,STi */
};
/* D9 */
static const X86OpEntry d9_mem[8] = {
    [0] = { X86_INSN_FLD,     { Md }, 0, X86_FEAT_FPU },                /* D9 /0     FLD m32fp */
    [2] = { X86_INSN_FST,     { Md }, 0, X86_FEAT_FPU },                /* D9 /2     FST m32fp */
    [3] = { X86_INSN_FSTP,    { Md }, 0, X86_FEAT_FPU },                /* D9 /3     FSTP m32fp */
    [4] = { X86_INSN_FLDENV,  { Mfenv }, 0, X86_FEAT_FPU },             /* D9 /4     FLDENV m14/28byte */
    [5] = { X86_INSN_FLDCW,   { Mw }, 0, X86_FEAT_FPU },                /* D9 /5     FLDCW m2byte */
    [6] = { X86_INSN_FNSTENV, { Mfenv }, 0, X86_FEAT_FPU },             /* D9 /6     FNSTENV m14/28byte */
    [7] = { X86_INSN_FNSTCW,  { Mw }, 0, X86_FEAT_FPU },                /* D9 /7     FNSTCW m2byte */
};
static const X86OpEntry d9_d0[8] = {
    [0] = { X86_INSN_FNOP, .feature = X86_FEAT_FPU },                   /* D9 D0     FNOP */
};
static const X86OpEntry d9_e0[8] = {
    [0] = { X86_INSN_FCHS, .feature = X86_FEAT_FPU },                   /* D9 E0     FCHS */
    [1] = { X86_INSN_FABS, .feature = X86_FEAT_FPU },                   /* D9 E1     FABS */
    [4] = { X86_INSN_FTST, .feature = X86_FEAT_FPU },                   /* D9 E4     FTST */
    [5] = { X86_INSN_FXAM, .feature = X86_FEAT_FPU },                   /* D9 E5     FXAM */
};
static const X86OpEntry d9_e8[8] = {
    [0] = { X86_INSN_FLD1,   .feature = X86_FEAT_FPU },                 /* D9 E8     FLD1 */
    [1] = { X86_INSN_FLDL2T, .feature = X86_FEAT_FPU },                 /* D9 E9     FLDL2T */
    [2] = { X86_INSN_FLDL2E, .feature = X86_FEAT_FPU },                 /* D9 EA     FLDL2E */
    [3] = { X86_INSN_FLDPI,  .feature = X86_FEAT_FPU },                 /* D9 EB     FLDPI */
    [4] = { X86_INSN_FLDLG2, .feature = X86_FEAT_FPU },                 /* D9 EC     FLDLG2 */
    [5] = { X86_INSN_FLDLN2, .feature = X86_FEAT_FPU },                 /* D9 ED     FLDLN2 */
    [6] = { X86_INSN_FLDZ,   .feature = X86_FEAT_FPU },                 /* D9 EE     FLDZ */
};
static const X86OpEntry d9_f0[8] = {
    [0] = { X86_INSN_F2XM1,   .feature = X86_FEAT_FPU },                /* D9 F0     F2XM1 */
    [1] = { X86_INSN_FYL2X,   .feature = X86_FEAT_FPU },                /* D9 F1     FYL2X */
    [2] = { X86_INSN_FPTAN,   .feature = X86_FEAT_FPU },                /* D9 F2     FPTAN */
    [3] = { X86_INSN_FPATAN,  .feature = X86_FEAT_FPU },                /* D9 F3     FPATAN */
    [4] = { X86_INSN_FXTRACT, .feature = X86_FEAT_FPU },                /* D9 F4     FXTRACT */
    [5] = { X86_INSN_FPREM1,  .feature = X86_FEAT_FPU },                /* D9 F5     FPREM1 */
    [6] = { X86_INSN_FDECSTP, .feature = X86_FEAT_FPU },                /* D9 F6     FDECSTP */
    [7] = { X86_INSN_FINCSTP, .feature = X86_FEAT_FPU },                /* D9 F7     FINCSTP */
};
static const X86OpEntry d9_f8[8] = {
    [0] = { X86_INSN_FPREM,   .feature = X86_FEAT_FPU },                /* D9 F8     FPREM */
    [1] = { X86_INSN_FYL2XP1, .feature = X86_FEAT_FPU },                /* D9 F9     FYL2XP1 */
    [2] = { X86_INSN_FSQRT,   .feature = X86_FEAT_FPU },                /* D9 FA     FSQRT */
    [3] = { X86_INSN_FSINCOS, .feature = X86_FEAT_FPU },                /* D9 FB     FSINCOS */
    [4] = { X86_INSN_FRNDINT, .feature = X86_FEAT_FPU },                /* D9 FC     FRNDINT */
    [5] = { X86_INSN_FSCALE,  .feature = X86_FEAT_FPU },                /* D9 FD     FSCALE */
    [6] = { X86_INSN_FSIN,    .feature = X86_FEAT_FPU },                /* D9 FE     FSIN */
    [7] = { X86_INSN_FCOS,    .feature = X86_FEAT_FPU },                /* D9 FF     FCOS */
};
static const X86OpEntry d9_reg[8] = {
    [0] = { X86_INSN_FLD,  { STi }, 0, X86_FEAT_FPU },                  /* D9 C0+i   FLD STi */
    [1] = { X86_INSN_FXCH, { STi }, 0, X86_FEAT_FPU },                  /* D9 C8+i   FXCH STi */
    [2] = BY_RM(d9_d0),                                                 /* D9 D0-D7  FNOP */
    [3] = { X86_INSN_FSTP, { STi }, 0, X86_FEAT_FPU },                  /* D9 D8+i   FSTP STi (undocumented alias) */
    [4] = BY_RM(d9_e0),                                                 /* D9 E0-E7  FCHS FABS FTST FXAM */
    [5] = BY_RM(d9_e8),                                                 /* D9 E8-EF  constants */
    [6] = BY_RM(d9_f0),                                                 /* D9 F0-F7  F2XM1 ... FINCSTP */
    [7] = BY_RM(d9_f8),                                                 /* D9 F8-FF  FPREM ... FCOS */
};
/* DA */
static const X86OpEntry da_mem[8] = {
    [0] = { X86_INSN_FIADD,  { Md }, 0, X86_FEAT_FPU },                 /* DA /0     FIADD m32int */
    [1] = { X86_INSN_FIMUL,  { Md }, 0, X86_FEAT_FPU },                 /* DA /1     FIMUL m32int */
    [2] = { X86_INSN_FICOM,  { Md }, 0, X86_FEAT_FPU },                 /* DA /2     FICOM m32int */
    [3] = { X86_INSN_FICOMP, { Md }, 0, X86_FEAT_FPU },                 /* DA /3     FICOMP m32int */
    [4] = { X86_INSN_FISUB,  { Md }, 0, X86_FEAT_FPU },                 /* DA /4     FISUB m32int */
    [5] = { X86_INSN_FISUBR, { Md }, 0, X86_FEAT_FPU },                 /* DA /5     FISUBR m32int */
    [6] = { X86_INSN_FIDIV,  { Md }, 0, X86_FEAT_FPU },                 /* DA /6     FIDIV m32int */
    [7] = { X86_INSN_FIDIVR, { Md }, 0, X86_FEAT_FPU },                 /* DA /7     FIDIVR m32int */
};
static const X86OpEntry da_e8[8] = {
    [1] = { X86_INSN_FUCOMPP, .feature = X86_FEAT_FPU },                /* DA E9     FUCOMPP */
};
static const X86OpEntry da_reg[8] = {
    [0] = { X86_INSN_FCMOVB,  { ST0, STi }, 0, X86_FEAT_FPU },          /* DA C0+i   FCMOVB ST0,STi */
    [1] = { X86_INSN_FCMOVE,  { ST0, STi }, 0, X86_FEAT_FPU },          /* DA C8+i   FCMOVE ST0,STi */
    [2] = { X86_INSN_FCMOVBE, { ST0, STi }, 0, X86_FEAT_FPU },          /* DA D0+i   FCMOVBE ST0,STi */
    [3] = { X86_INSN_FCMOVU,  { ST0, STi }, 0, X86_FEAT_FPU },          /* DA D8+i   FCMOVU ST0,STi */
    [5] = BY_RM(da_e8),                                                 /* DA E8-EF  FUCOMPP */
};
/* DB */
static const X86OpEntry db_mem[8] = {
    [0] = { X86_INSN_FILD,   { Md }, 0, X86_FEAT_FPU },                 /* DB /0     FILD m32int */
    [1] = { X86_INSN_FISTTP, { Md }, 0, X86_FEAT_SSE3 },                /* DB /1     FISTTP m32int */
    [2] = { X86_INSN_FIST,   { Md }, 0, X86_FEAT_FPU },                 /* DB /2     FIST m32int */
    [3] = { X86_INSN_FISTP,  { Md }, 0, X86_FEAT_FPU },                 /* DB /3     FISTP m32int */
    [5] = { X86_INSN_FLD,    { Mt }, 0, X86_FEAT_FPU },                 /* DB /5     FLD m80fp */
    [7] = { X86_INSN_FSTP,   { Mt }, 0, X86_FEAT_FPU },                 /* DB /7     FSTP m80fp */
};
static const X86OpEntry db_e0[8] = {
    [0] = { X86_INSN_FNENI,   .feature = X86_FEAT_FPU },                /* DB E0     FNENI (8087; no-op since) */
    [1] = { X86_INSN_FNDISI,  .feature = X86_FEAT_FPU },                /* DB E1     FNDISI (8087; no-op since) */
    [2] = { X86_INSN_FNCLEX,  .feature = X86_FEAT_FPU },                /* DB E2     FNCLEX */
    [3] = { X86_INSN_FNINIT,  .feature = X86_FEAT_FPU },                /* DB E3     FNINIT */
    [4] = { X86_INSN_FNSETPM, .feature = X86_FEAT_FPU },                /* DB E4     FNSETPM (80287; no-op since) */
};
static const X86OpEntry db_reg[8] = {
    [0] = { X86_INSN_FCMOVNB,  { ST0, STi }, 0, X86_FEAT_FPU },         /* DB C0+i   FCMOVNB ST0,STi */
    [1] = { X86_INSN_FCMOVNE,  { ST0, STi }, 0, X86_FEAT_FPU },         /* DB C8+i   FCMOVNE ST0,STi */
    [2] = { X86_INSN_FCMOVNBE, { ST0, STi }, 0, X86_FEAT_FPU },         /* DB D0+i   FCMOVNBE ST0,STi */
    [3] = { X86_INSN_FCMOVNU,  { ST0, STi }, 0, X86_FEAT_FPU },         /* DB D8+i   FCMOVNU ST0,STi */
    [4] = BY_RM(db_e0),                                                 /* DB E0-E7  FNCLEX FNINIT ... */
    [5] = { X86_INSN_FUCOMI,   { ST0, STi }, 0, X86_FEAT_FPU },         /* DB E8+i   FUCOMI ST0,STi */
    [6] = { X86_INSN_FCOMI,    { ST0, STi }, 0, X86_FEAT_FPU },         /* DB F0+i   FCOMI ST0,STi */
};
/* DC: the register forms put the result in ST(i); note /4-/7 swap SUB/SUBR
 * and DIV/DIVR relative to D8 (SDM FSUB, FSUBR, FDIV, FDIVR). */
static const X86OpEntry dc_mem[8] = {
    [0] = { X86_INSN_FADD,  { Mq }, 0, X86_FEAT_FPU },                  /* DC /0     FADD m64fp */
    [1] = { X86_INSN_FMUL,  { Mq }, 0, X86_FEAT_FPU },                  /* DC /1     FMUL m64fp */
    [2] = { X86_INSN_FCOM,  { Mq }, 0, X86_FEAT_FPU },                  /* DC /2     FCOM m64fp */
    [3] = { X86_INSN_FCOMP, { Mq }, 0, X86_FEAT_FPU },                  /* DC /3     FCOMP m64fp */
    [4] = { X86_INSN_FSUB,  { Mq }, 0, X86_FEAT_FPU },                  /* DC /4     FSUB m64fp */
    [5] = { X86_INSN_FSUBR, { Mq }, 0, X86_FEAT_FPU },                  /* DC /5     FSUBR m64fp */
    [6] = { X86_INSN_FDIV,  { Mq }, 0, X86_FEAT_FPU },                  /* DC /6     FDIV m64fp */
    [7] = { X86_INSN_FDIVR, { Mq }, 0, X86_FEAT_FPU },                  /* DC /7     FDIVR m64fp */
};
static const X86OpEntry dc_reg[8] = {
    [0] = { X86_INSN_FADD,  { STi, ST0 }, 0, X86_FEAT_FPU },            /* DC C0+i   FADD STi,ST0 */
    [1] = { X86_INSN_FMUL,  { STi, ST0 }, 0, X86_FEAT_FPU },            /* DC C8+i   FMUL STi,ST0 */
    [2] = { X86_INSN_FCOM,  { ST0, STi }, 0, X86_FEAT_FPU },            /* DC D0+i   FCOM STi (undocumented alias) */
    [3] = { X86_INSN_FCOMP, { ST0, STi }, 0, X86_FEAT_FPU },            /* DC D8+i   FCOMP STi (undocumented alias) */
    [4] = { X86_INSN_FSUBR, { STi, ST0 }, 0, X86_FEAT_FPU },            /* DC E0+i   FSUBR STi,ST0 */
    [5] = { X86_INSN_FSUB,  { STi, ST0 }, 0, X86_FEAT_FPU },            /* DC E8+i   FSUB STi,ST0 */
    [6] = { X86_INSN_FDIVR, { STi, ST0 }, 0, X86_FEAT_FPU },            /* DC F0+i   FDIVR STi,ST0 */
    [7] = { X86_INSN_FDIV,  { STi, ST0 }, 0, X86_FEAT_FPU },            /* DC F8+i   FDIV STi,ST0 */
};
/* DD */
static const X86OpEntry dd_mem[8] = {
    [0] = { X86_INSN_FLD,    { Mq }, 0, X86_FEAT_FPU },                 /* DD /0     FLD m64fp */
    [1] = { X86_INSN_FISTTP, { Mq }, 0, X86_FEAT_SSE3 },                /* DD /1     FISTTP m64int */
    [2] = { X86_INSN_FST,    { Mq }, 0, X86_FEAT_FPU },                 /* DD /2     FST m64fp */
    [3] = { X86_INSN_FSTP,   { Mq }, 0, X86_FEAT_FPU },                 /* DD /3     FSTP m64fp */
    [4] = { X86_INSN_FRSTOR, { Mfsave }, 0, X86_FEAT_FPU },             /* DD /4     FRSTOR m94/108byte */
    [6] = { X86_INSN_FNSAVE, { Mfsave }, 0, X86_FEAT_FPU },             /* DD /6     FNSAVE m94/108byte */
    [7] = { X86_INSN_FNSTSW, { Mw }, 0, X86_FEAT_FPU },                 /* DD /7     FNSTSW m2byte */
};
static const X86OpEntry dd_reg[8] = {
    [0] = { X86_INSN_FFREE,  { STi }, 0, X86_FEAT_FPU },                /* DD C0+i   FFREE STi */
    [1] = { X86_INSN_FXCH,   { STi }, 0, X86_FEAT_FPU },                /* DD C8+i   FXCH STi (undocumented alias) */
    [2] = { X86_INSN_FST,    { STi }, 0, X86_FEAT_FPU },                /* DD D0+i   FST STi */
    [3] = { X86_INSN_FSTP,   { STi }, 0, X86_FEAT_FPU },                /* DD D8+i   FSTP STi */
    [4] = { X86_INSN_FUCOM,  { STi }, 0, X86_FEAT_FPU },                /* DD E0+i   FUCOM STi */
    [5] = { X86_INSN_FUCOMP, { STi }, 0, X86_FEAT_FPU },                /* DD E8+i   FUCOMP STi */
};
/* DE */
static const X86OpEntry de_mem[8] = {
    [0] = { X86_INSN_FIADD,  { Mw }, 0, X86_FEAT_FPU },                 /* DE /0     FIADD m16int */
    [1] = { X86_INSN_FIMUL,  { Mw }, 0, X86_FEAT_FPU },                 /* DE /1     FIMUL m16int */
    [2] = { X86_INSN_FICOM,  { Mw }, 0, X86_FEAT_FPU },                 /* DE /2     FICOM m16int */
    [3] = { X86_INSN_FICOMP, { Mw }, 0, X86_FEAT_FPU },                 /* DE /3     FICOMP m16int */
    [4] = { X86_INSN_FISUB,  { Mw }, 0, X86_FEAT_FPU },                 /* DE /4     FISUB m16int */
    [5] = { X86_INSN_FISUBR, { Mw }, 0, X86_FEAT_FPU },                 /* DE /5     FISUBR m16int */
    [6] = { X86_INSN_FIDIV,  { Mw }, 0, X86_FEAT_FPU },                 /* DE /6     FIDIV m16int */
    [7] = { X86_INSN_FIDIVR, { Mw }, 0, X86_FEAT_FPU },                 /* DE /7     FIDIVR m16int */
};
static const X86OpEntry de_d8[8] = {
    [1] = { X86_INSN_FCOMPP, .feature = X86_FEAT_FPU },                 /* DE D9     FCOMPP */
};
static const X86OpEntry de_reg[8] = {
    [0] = { X86_INSN_FADDP,  { STi, ST0 }, 0, X86_FEAT_FPU },           /* DE C0+i   FADDP STi,ST0 */
    [1] = { X86_INSN_FMULP,  { STi, ST0 }, 0, X86_FEAT_FPU },           /* DE C8+i   FMULP STi,ST0 */
    [2] = { X86_INSN_FCOMP,  { ST0, STi }, 0, X86_FEAT_FPU },           /* DE D0+i   FCOMP STi (undocumented alias) */
    [3] = BY_RM(de_d8),                                                 /* DE D8-DF  FCOMPP */
    [4] = { X86_INSN_FSUBRP, { STi, ST0 }, 0, X86_FEAT_FPU },           /* DE E0+i   FSUBRP STi,ST0 */
    [5] = { X86_INSN_FSUBP,  { STi, ST0 }, 0, X86_FEAT_FPU },           /* DE E8+i   FSUBP STi,ST0 */
    [6] = { X86_INSN_FDIVRP, { STi, ST0 }, 0, X86_FEAT_FPU },           /* DE F0+i   FDIVRP STi,ST0 */
    [7] = { X86_INSN_FDIVP,  { STi, ST0 }, 0, X86_FEAT_FPU },           /* DE F8+i   FDIVP STi,ST0 */
};
/* DF */
static const X86OpEntry df_mem[8] = {
    [0] = { X86_INSN_FILD,   { Mw }, 0, X86_FEAT_FPU },                 /* DF /0     FILD m16int */
    [1] = { X86_INSN_FISTTP, { Mw }, 0, X86_FEAT_SSE3 },                /* DF /1     FISTTP m16int */
    [2] = { X86_INSN_FIST,   { Mw }, 0, X86_FEAT_FPU },                 /* DF /2     FIST m16int */
    [3] = { X86_INSN_FISTP,  { Mw }, 0, X86_FEAT_FPU },                 /* DF /3     FISTP m16int */
    [4] = { X86_INSN_FBLD,   { Mt }, 0, X86_FEAT_FPU },                 /* DF /4     FBLD m80bcd */
    [5] = { X86_INSN_FILD,   { Mq }, 0, X86_FEAT_FPU },                 /* DF /5     FILD m64int */
    [6] = { X86_INSN_FBSTP,  { Mt }, 0, X86_FEAT_FPU },                 /* DF /6     FBSTP m80bcd */
    [7] = { X86_INSN_FISTP,  { Mq }, 0, X86_FEAT_FPU },                 /* DF /7     FISTP m64int */
};
static const X86OpEntry df_e0[8] = {
    [0] = { X86_INSN_FNSTSW, { AX }, 0, X86_FEAT_FPU },                 /* DF E0     FNSTSW AX */
};
static const X86OpEntry df_reg[8] = {
    [0] = { X86_INSN_FFREEP,  { STi }, 0, X86_FEAT_FPU },               /* DF C0+i   FFREEP STi (undocumented) */
    [1] = { X86_INSN_FXCH,    { STi }, 0, X86_FEAT_FPU },               /* DF C8+i   FXCH STi (undocumented alias) */
    [2] = { X86_INSN_FSTP,    { STi }, 0, X86_FEAT_FPU },               /* DF D0+i   FSTP STi (undocumented alias) */
    [3] = { X86_INSN_FSTP,    { STi }, 0, X86_FEAT_FPU },               /* DF D8+i   FSTP STi (undocumented alias) */
    [4] = BY_RM(df_e0),                                                 /* DF E0-E7  FNSTSW AX */
    [5] = { X86_INSN_FUCOMIP, { ST0, STi }, 0, X86_FEAT_FPU },          /* DF E8+i   FUCOMIP ST0,STi */
    [6] = { X86_INSN_FCOMIP,  { ST0, STi }, 0, X86_FEAT_FPU },          /* DF F0+i   FCOMIP ST0,STi */
};
/* The escape rows of the one-byte map link here: by mod, then as above. */
const X86OpEntry x86_x87_d8[2] = { BY_REG(d8_mem), BY_REG(d8_reg) };   /* D8 mem, reg */
const X86OpEntry x86_x87_d9[2] = { BY_REG(d9_mem), BY_REG(d9_reg) };   /* D9 mem, reg */
const X86OpEntry x86_x87_da[2] = { BY_REG(da_mem), BY_REG(da_reg) };   /* DA mem, reg */
const X86OpEntry x86_x87_db[2] = { BY_REG(db_mem), BY_REG(db_reg) };   /* DB mem, reg */
const X86OpEntry x86_x87_dc[2] = { BY_REG(dc_mem), BY_REG(dc_reg) };   /* DC mem, reg */
const X86OpEntry x86_x87_dd[2] = { BY_REG(dd_mem), BY_REG(dd_reg) };   /* DD mem, reg */
const X86OpEntry x86_x87_de[2] = { BY_REG(de_mem), BY_REG(de_reg) };   /* DE mem, reg */
const X86OpEntry x86_x87_df[2] = { BY_REG(df_mem), BY_REG(df_reg) };   /* DF mem, reg */
