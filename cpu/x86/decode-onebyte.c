/*
 * The one-byte opcode map (SDM Vol. 2 Table A-2) and its groups (Table A-6).
 * Prefix bytes (26 2E 36 3E 64 65 66 67 F0 F2 F3, REX 40-4F in 64-bit mode),
 * the 0F escape and VEX (C4/C5) are consumed by decode.c before a row is
 * looked up, so their rows here are the non-prefix meanings only.
 */
#include "cpu/x86/decode-tables.h"
#include "cpu/x86/decode-rows.h"

/* Grp 1: 80-83 /digit */
static const X86OpEntry grp1_80[8] = {
    [0] = { X86_INSN_ADD, { Eb, Ib }, X86_F_LOCK },                     /* 80 /0 ib  ADD Eb,Ib */
    [1] = { X86_INSN_OR,  { Eb, Ib }, X86_F_LOCK },                     /* 80 /1 ib  OR Eb,Ib */
    [2] = { X86_INSN_ADC, { Eb, Ib }, X86_F_LOCK },                     /* 80 /2 ib  ADC Eb,Ib */
    [3] = { X86_INSN_SBB, { Eb, Ib }, X86_F_LOCK },                     /* 80 /3 ib  SBB Eb,Ib */
    [4] = { X86_INSN_AND, { Eb, Ib }, X86_F_LOCK },                     /* 80 /4 ib  AND Eb,Ib */
    [5] = { X86_INSN_SUB, { Eb, Ib }, X86_F_LOCK },                     /* 80 /5 ib  SUB Eb,Ib */
    [6] = { X86_INSN_XOR, { Eb, Ib }, X86_F_LOCK },                     /* 80 /6 ib  XOR Eb,Ib */
    [7] = { X86_INSN_CMP, { Eb, Ib } },                                 /* 80 /7 ib  CMP Eb,Ib */
};

static const X86OpEntry grp1_81[8] = {
    [0] = { X86_INSN_ADD, { Ev, Iz }, X86_F_LOCK },                     /* 81 /0 iz  ADD Ev,Iz */
    [1] = { X86_INSN_OR,  { Ev, Iz }, X86_F_LOCK },                     /* 81 /1 iz  OR Ev,Iz */
    [2] = { X86_INSN_ADC, { Ev, Iz }, X86_F_LOCK },                     /* 81 /2 iz  ADC Ev,Iz */
    [3] = { X86_INSN_SBB, { Ev, Iz }, X86_F_LOCK },                     /* 81 /3 iz  SBB Ev,Iz */
    [4] = { X86_INSN_AND, { Ev, Iz }, X86_F_LOCK },                     /* 81 /4 iz  AND Ev,Iz */
    [5] = { X86_INSN_SUB, { Ev, Iz }, X86_F_LOCK },                     /* 81 /5 iz  SUB Ev,Iz */
    [6] = { X86_INSN_XOR, { Ev, Iz }, X86_F_LOCK },                     /* 81 /6 iz  XOR Ev,Iz */
    [7] = { X86_INSN_CMP, { Ev, Iz } },                                 /* 81 /7 iz  CMP Ev,Iz */
};

/* 82 is an alias of 80, gone in 64-bit mode */
static const X86OpEntry grp1_82[8] = {
    [0] = { X86_INSN_ADD, { Eb, Ib }, X86_F_LOCK | X86_F_I64 },         /* 82 /0 ib  ADD Eb,Ib (i64) */
    [1] = { X86_INSN_OR,  { Eb, Ib }, X86_F_LOCK | X86_F_I64 },         /* 82 /1 ib  OR Eb,Ib (i64) */
    [2] = { X86_INSN_ADC, { Eb, Ib }, X86_F_LOCK | X86_F_I64 },         /* 82 /2 ib  ADC Eb,Ib (i64) */
    [3] = { X86_INSN_SBB, { Eb, Ib }, X86_F_LOCK | X86_F_I64 },         /* 82 /3 ib  SBB Eb,Ib (i64) */
    [4] = { X86_INSN_AND, { Eb, Ib }, X86_F_LOCK | X86_F_I64 },         /* 82 /4 ib  AND Eb,Ib (i64) */
    [5] = { X86_INSN_SUB, { Eb, Ib }, X86_F_LOCK | X86_F_I64 },         /* 82 /5 ib  SUB Eb,Ib (i64) */
    [6] = { X86_INSN_XOR, { Eb, Ib }, X86_F_LOCK | X86_F_I64 },         /* 82 /6 ib  XOR Eb,Ib (i64) */
    [7] = { X86_INSN_CMP, { Eb, Ib }, X86_F_I64 },                      /* 82 /7 ib  CMP Eb,Ib (i64) */
};

/* Ib sign-extended to the operand size */
static const X86OpEntry grp1_83[8] = {
    [0] = { X86_INSN_ADD, { Ev, Ib }, X86_F_LOCK },                     /* 83 /0 ib  ADD Ev,Ib */
    [1] = { X86_INSN_OR,  { Ev, Ib }, X86_F_LOCK },                     /* 83 /1 ib  OR Ev,Ib */
    [2] = { X86_INSN_ADC, { Ev, Ib }, X86_F_LOCK },                     /* 83 /2 ib  ADC Ev,Ib */
    [3] = { X86_INSN_SBB, { Ev, Ib }, X86_F_LOCK },                     /* 83 /3 ib  SBB Ev,Ib */
    [4] = { X86_INSN_AND, { Ev, Ib }, X86_F_LOCK },                     /* 83 /4 ib  AND Ev,Ib */
    [5] = { X86_INSN_SUB, { Ev, Ib }, X86_F_LOCK },                     /* 83 /5 ib  SUB Ev,Ib */
    [6] = { X86_INSN_XOR, { Ev, Ib }, X86_F_LOCK },                     /* 83 /6 ib  XOR Ev,Ib */
    [7] = { X86_INSN_CMP, { Ev, Ib } },                                 /* 83 /7 ib  CMP Ev,Ib */
};

/* Grp 1A: 8F /0 (8F /1-/7 is AMD's XOP escape, not supported) */
static const X86OpEntry grp1a_8f[8] = {
    [0] = { X86_INSN_POP, { Ev }, X86_F_D64 },                          /* 8F /0     POP Ev (d64) */
};

/* Grp 2: shifts and rotates. /6 is an undocumented alias of /4 (SAL). */
static const X86OpEntry grp2_c0[8] = {
    [0] = { X86_INSN_ROL, { Eb, Ib } },                                 /* C0 /0 ib  ROL Eb,Ib */
    [1] = { X86_INSN_ROR, { Eb, Ib } },                                 /* C0 /1 ib  ROR Eb,Ib */
    [2] = { X86_INSN_RCL, { Eb, Ib } },                                 /* C0 /2 ib  RCL Eb,Ib */
    [3] = { X86_INSN_RCR, { Eb, Ib } },                                 /* C0 /3 ib  RCR Eb,Ib */
    [4] = { X86_INSN_SHL, { Eb, Ib } },                                 /* C0 /4 ib  SHL Eb,Ib */
    [5] = { X86_INSN_SHR, { Eb, Ib } },                                 /* C0 /5 ib  SHR Eb,Ib */
    [6] = { X86_INSN_SAL, { Eb, Ib } },                                 /* C0 /6 ib  SAL Eb,Ib (undocumented) */
    [7] = { X86_INSN_SAR, { Eb, Ib } },                                 /* C0 /7 ib  SAR Eb,Ib */
};

static const X86OpEntry grp2_c1[8] = {
    [0] = { X86_INSN_ROL, { Ev, Ib } },                                 /* C1 /0 ib  ROL Ev,Ib */
    [1] = { X86_INSN_ROR, { Ev, Ib } },                                 /* C1 /1 ib  ROR Ev,Ib */
    [2] = { X86_INSN_RCL, { Ev, Ib } },                                 /* C1 /2 ib  RCL Ev,Ib */
    [3] = { X86_INSN_RCR, { Ev, Ib } },                                 /* C1 /3 ib  RCR Ev,Ib */
    [4] = { X86_INSN_SHL, { Ev, Ib } },                                 /* C1 /4 ib  SHL Ev,Ib */
    [5] = { X86_INSN_SHR, { Ev, Ib } },                                 /* C1 /5 ib  SHR Ev,Ib */
    [6] = { X86_INSN_SAL, { Ev, Ib } },                                 /* C1 /6 ib  SAL Ev,Ib (undocumented) */
    [7] = { X86_INSN_SAR, { Ev, Ib } },                                 /* C1 /7 ib  SAR Ev,Ib */
};

static const X86OpEntry grp2_d0[8] = {
    [0] = { X86_INSN_ROL, { Eb, ONE } },                                /* D0 /0     ROL Eb,1 */
    [1] = { X86_INSN_ROR, { Eb, ONE } },                                /* D0 /1     ROR Eb,1 */
    [2] = { X86_INSN_RCL, { Eb, ONE } },                                /* D0 /2     RCL Eb,1 */
    [3] = { X86_INSN_RCR, { Eb, ONE } },                                /* D0 /3     RCR Eb,1 */
    [4] = { X86_INSN_SHL, { Eb, ONE } },                                /* D0 /4     SHL Eb,1 */
    [5] = { X86_INSN_SHR, { Eb, ONE } },                                /* D0 /5     SHR Eb,1 */
    [6] = { X86_INSN_SAL, { Eb, ONE } },                                /* D0 /6     SAL Eb,1 (undocumented) */
    [7] = { X86_INSN_SAR, { Eb, ONE } },                                /* D0 /7     SAR Eb,1 */
};

static const X86OpEntry grp2_d1[8] = {
    [0] = { X86_INSN_ROL, { Ev, ONE } },                                /* D1 /0     ROL Ev,1 */
    [1] = { X86_INSN_ROR, { Ev, ONE } },                                /* D1 /1     ROR Ev,1 */
    [2] = { X86_INSN_RCL, { Ev, ONE } },                                /* D1 /2     RCL Ev,1 */
    [3] = { X86_INSN_RCR, { Ev, ONE } },                                /* D1 /3     RCR Ev,1 */
    [4] = { X86_INSN_SHL, { Ev, ONE } },                                /* D1 /4     SHL Ev,1 */
    [5] = { X86_INSN_SHR, { Ev, ONE } },                                /* D1 /5     SHR Ev,1 */
    [6] = { X86_INSN_SAL, { Ev, ONE } },                                /* D1 /6     SAL Ev,1 (undocumented) */
    [7] = { X86_INSN_SAR, { Ev, ONE } },                                /* D1 /7     SAR Ev,1 */
};

static const X86OpEntry grp2_d2[8] = {
    [0] = { X86_INSN_ROL, { Eb, CL } },                                 /* D2 /0     ROL Eb,CL */
    [1] = { X86_INSN_ROR, { Eb, CL } },                                 /* D2 /1     ROR Eb,CL */
    [2] = { X86_INSN_RCL, { Eb, CL } },                                 /* D2 /2     RCL Eb,CL */
    [3] = { X86_INSN_RCR, { Eb, CL } },                                 /* D2 /3     RCR Eb,CL */
    [4] = { X86_INSN_SHL, { Eb, CL } },                                 /* D2 /4     SHL Eb,CL */
    [5] = { X86_INSN_SHR, { Eb, CL } },                                 /* D2 /5     SHR Eb,CL */
    [6] = { X86_INSN_SAL, { Eb, CL } },                                 /* D2 /6     SAL Eb,CL (undocumented) */
    [7] = { X86_INSN_SAR, { Eb, CL } },                                 /* D2 /7     SAR Eb,CL */
};

static const X86OpEntry grp2_d3[8] = {
    [0] = { X86_INSN_ROL, { Ev, CL } },                                 /* D3 /0     ROL Ev,CL */
    [1] = { X86_INSN_ROR, { Ev, CL } },                                 /* D3 /1     ROR Ev,CL */
    [2] = { X86_INSN_RCL, { Ev, CL } },                                 /* D3 /2     RCL Ev,CL */
    [3] = { X86_INSN_RCR, { Ev, CL } },                                 /* D3 /3     RCR Ev,CL */
    [4] = { X86_INSN_SHL, { Ev, CL } },                                 /* D3 /4     SHL Ev,CL */
    [5] = { X86_INSN_SHR, { Ev, CL } },                                 /* D3 /5     SHR Ev,CL */
    [6] = { X86_INSN_SAL, { Ev, CL } },                                 /* D3 /6     SAL Ev,CL (undocumented) */
    [7] = { X86_INSN_SAR, { Ev, CL } },                                 /* D3 /7     SAR Ev,CL */
};

/* Grp 3: F6/F7. /1 is an undocumented alias of /0 (TEST). MUL, IMUL, DIV and
 * IDIV use rAX (and rDX) implicitly. */
static const X86OpEntry grp3_f6[8] = {
    [0] = { X86_INSN_TEST, { Eb, Ib } },                                /* F6 /0 ib  TEST Eb,Ib */
    [1] = { X86_INSN_TEST, { Eb, Ib } },                                /* F6 /1 ib  TEST Eb,Ib (undocumented) */
    [2] = { X86_INSN_NOT,  { Eb }, X86_F_LOCK },                        /* F6 /2     NOT Eb */
    [3] = { X86_INSN_NEG,  { Eb }, X86_F_LOCK },                        /* F6 /3     NEG Eb */
    [4] = { X86_INSN_MUL,  { Eb } },                                    /* F6 /4     MUL Eb */
    [5] = { X86_INSN_IMUL, { Eb } },                                    /* F6 /5     IMUL Eb */
    [6] = { X86_INSN_DIV,  { Eb } },                                    /* F6 /6     DIV Eb */
    [7] = { X86_INSN_IDIV, { Eb } },                                    /* F6 /7     IDIV Eb */
};

static const X86OpEntry grp3_f7[8] = {
    [0] = { X86_INSN_TEST, { Ev, Iz } },                                /* F7 /0 iz  TEST Ev,Iz */
    [1] = { X86_INSN_TEST, { Ev, Iz } },                                /* F7 /1 iz  TEST Ev,Iz (undocumented) */
    [2] = { X86_INSN_NOT,  { Ev }, X86_F_LOCK },                        /* F7 /2     NOT Ev */
    [3] = { X86_INSN_NEG,  { Ev }, X86_F_LOCK },                        /* F7 /3     NEG Ev */
    [4] = { X86_INSN_MUL,  { Ev } },                                    /* F7 /4     MUL Ev */
    [5] = { X86_INSN_IMUL, { Ev } },                                    /* F7 /5     IMUL Ev */
    [6] = { X86_INSN_DIV,  { Ev } },                                    /* F7 /6     DIV Ev */
    [7] = { X86_INSN_IDIV, { Ev } },                                    /* F7 /7     IDIV Ev */
};

/* Grp 4: FE */
static const X86OpEntry grp4_fe[8] = {
    [0] = { X86_INSN_INC, { Eb }, X86_F_LOCK },                         /* FE /0     INC Eb */
    [1] = { X86_INSN_DEC, { Eb }, X86_F_LOCK },                         /* FE /1     DEC Eb */
};

/* Grp 5: FF. Near branches are f64: 66 is ignored in 64-bit mode (Intel). */
static const X86OpEntry grp5_ff[8] = {
    [0] = { X86_INSN_INC,   { Ev }, X86_F_LOCK },                       /* FF /0     INC Ev */
    [1] = { X86_INSN_DEC,   { Ev }, X86_F_LOCK },                       /* FF /1     DEC Ev */
    [2] = { X86_INSN_CALL,  { Ev }, X86_F_F64 | X86_F_BRANCH },         /* FF /2     CALL Ev (f64) */
    [3] = { X86_INSN_CALLF, { Mp }, X86_F_BRANCH },                     /* FF /3     CALLF Mp */
    [4] = { X86_INSN_JMP,   { Ev }, X86_F_F64 | X86_F_BRANCH },         /* FF /4     JMP Ev (f64) */
    [5] = { X86_INSN_JMPF,  { Mp }, X86_F_BRANCH },                     /* FF /5     JMPF Mp */
    [6] = { X86_INSN_PUSH,  { Ev }, X86_F_D64 },                        /* FF /6     PUSH Ev (d64) */
};

/* Grp 11: C6/C7 /0 MOV; the register form /7 rm=0 is RTM's XABORT/XBEGIN */
static const X86OpEntry c6_f8[8] = {
    [0] = { X86_INSN_XABORT, { Ib }, 0, X86_FEAT_RTM },                 /* C6 F8 ib  XABORT Ib */
};
static const X86OpEntry c6_7[2] = {
    [1] = BY_RM(c6_f8),                                                 /* C6 /7 mod=11: by rm */
};
static const X86OpEntry grp11_c6[8] = {
    [0] = { X86_INSN_MOV, { Eb, Ib } },                                 /* C6 /0 ib  MOV Eb,Ib */
    [7] = BY_MOD(c6_7),                                                 /* C6 /7     XABORT (mod=11) */
};

static const X86OpEntry c7_f8[8] = {
    [0] = { X86_INSN_XBEGIN, { Jz }, X86_F_BRANCH, X86_FEAT_RTM },      /* C7 F8 cz  XBEGIN Jz */
};
static const X86OpEntry c7_7[2] = {
    [1] = BY_RM(c7_f8),                                                 /* C7 /7 mod=11: by rm */
};
static const X86OpEntry grp11_c7[8] = {
    [0] = { X86_INSN_MOV, { Ev, Iz } },                                 /* C7 /0 iz  MOV Ev,Iz */
    [7] = BY_MOD(c7_7),                                                 /* C7 /7     XBEGIN (mod=11) */
};

/* 63: ARPL outside 64-bit mode, MOVSXD in it */
static const X86OpEntry op_63[2] = {
    [0] = { X86_INSN_ARPL,   { Ew, Gw } },                              /* 63 /r     ARPL Ew,Gw */
    [1] = { X86_INSN_MOVSXD, { Gv, Ed } },                              /* 63 /r     MOVSXD Gv,Ed (o64) */
};

/* 90: NOP, PAUSE with F3, but XCHG r8,rAX with REX.B */
static const X86OpEntry op_90_nop[4] = {
    [X86_PFX_NP] = { X86_INSN_NOP },                                    /* 90        NOP */
    [X86_PFX_66] = { X86_INSN_NOP },                                    /* 66 90     NOP */
    [X86_PFX_F3] = { X86_INSN_PAUSE },                                  /* F3 90     PAUSE */
    [X86_PFX_F2] = { X86_INSN_NOP },                                    /* F2 90     NOP */
};
static const X86OpEntry op_90[2] = {
    [0] = BY_PREFIX(op_90_nop),                                         /* 90        NOP / PAUSE */
    [1] = { X86_INSN_XCHG, { Zv, rAX } },                               /* REX.B 90  XCHG r8,rAX */
};

const X86OpEntry x86_map_onebyte[256] = {
    [0x00] = { X86_INSN_ADD, { Eb, Gb }, X86_F_LOCK },                  /* 00 /r     ADD Eb,Gb */
    [0x01] = { X86_INSN_ADD, { Ev, Gv }, X86_F_LOCK },                  /* 01 /r     ADD Ev,Gv */
    [0x02] = { X86_INSN_ADD, { Gb, Eb } },                              /* 02 /r     ADD Gb,Eb */
    [0x03] = { X86_INSN_ADD, { Gv, Ev } },                              /* 03 /r     ADD Gv,Ev */
    [0x04] = { X86_INSN_ADD, { AL, Ib } },                              /* 04 ib     ADD AL,Ib */
    [0x05] = { X86_INSN_ADD, { rAX, Iz } },                             /* 05 iz     ADD rAX,Iz */
    [0x06] = { X86_INSN_PUSH, { sES }, X86_F_I64 },                     /* 06        PUSH ES (i64) */
    [0x07] = { X86_INSN_POP, { sES }, X86_F_I64 },                      /* 07        POP ES (i64) */
    [0x08] = { X86_INSN_OR, { Eb, Gb }, X86_F_LOCK },                   /* 08 /r     OR Eb,Gb */
    [0x09] = { X86_INSN_OR, { Ev, Gv }, X86_F_LOCK },                   /* 09 /r     OR Ev,Gv */
    [0x0a] = { X86_INSN_OR, { Gb, Eb } },                               /* 0A /r     OR Gb,Eb */
    [0x0b] = { X86_INSN_OR, { Gv, Ev } },                               /* 0B /r     OR Gv,Ev */
    [0x0c] = { X86_INSN_OR, { AL, Ib } },                               /* 0C ib     OR AL,Ib */
    [0x0d] = { X86_INSN_OR, { rAX, Iz } },                              /* 0D iz     OR rAX,Iz */
    [0x0e] = { X86_INSN_PUSH, { sCS }, X86_F_I64 },                     /* 0E        PUSH CS (i64) */
                                                                /* 0F        escape: decode.c */
    [0x10] = { X86_INSN_ADC, { Eb, Gb }, X86_F_LOCK },                  /* 10 /r     ADC Eb,Gb */
    [0x11] = { X86_INSN_ADC, { Ev, Gv }, X86_F_LOCK },                  /* 11 /r     ADC Ev,Gv */
    [0x12] = { X86_INSN_ADC, { Gb, Eb } },                              /* 12 /r     ADC Gb,Eb */
    [0x13] = { X86_INSN_ADC, { Gv, Ev } },                              /* 13 /r     ADC Gv,Ev */
    [0x14] = { X86_INSN_ADC, { AL, Ib } },                              /* 14 ib     ADC AL,Ib */
    [0x15] = { X86_INSN_ADC, { rAX, Iz } },                             /* 15 iz     ADC rAX,Iz */
    [0x16] = { X86_INSN_PUSH, { sSS }, X86_F_I64 },                     /* 16        PUSH SS (i64) */
    [0x17] = { X86_INSN_POP, { sSS }, X86_F_I64 },                      /* 17        POP SS (i64) */
    [0x18] = { X86_INSN_SBB, { Eb, Gb }, X86_F_LOCK },                  /* 18 /r     SBB Eb,Gb */
    [0x19] = { X86_INSN_SBB, { Ev, Gv }, X86_F_LOCK },                  /* 19 /r     SBB Ev,Gv */
    [0x1a] = { X86_INSN_SBB, { Gb, Eb } },                              /* 1A /r     SBB Gb,Eb */
    [0x1b] = { X86_INSN_SBB, { Gv, Ev } },                              /* 1B /r     SBB Gv,Ev */
    [0x1c] = { X86_INSN_SBB, { AL, Ib } },                              /* 1C ib     SBB AL,Ib */
    [0x1d] = { X86_INSN_SBB, { rAX, Iz } },                             /* 1D iz     SBB rAX,Iz */
    [0x1e] = { X86_INSN_PUSH, { sDS }, X86_F_I64 },                     /* 1E        PUSH DS (i64) */
    [0x1f] = { X86_INSN_POP, { sDS }, X86_F_I64 },                      /* 1F        POP DS (i64) */
    [0x20] = { X86_INSN_AND, { Eb, Gb }, X86_F_LOCK },                  /* 20 /r     AND Eb,Gb */
    [0x21] = { X86_INSN_AND, { Ev, Gv }, X86_F_LOCK },                  /* 21 /r     AND Ev,Gv */
    [0x22] = { X86_INSN_AND, { Gb, Eb } },                              /* 22 /r     AND Gb,Eb */
    [0x23] = { X86_INSN_AND, { Gv, Ev } },                              /* 23 /r     AND Gv,Ev */
    [0x24] = { X86_INSN_AND, { AL, Ib } },                              /* 24 ib     AND AL,Ib */
    [0x25] = { X86_INSN_AND, { rAX, Iz } },                             /* 25 iz     AND rAX,Iz */
                                                                /* 26        ES: prefix */
    [0x27] = { X86_INSN_DAA, .flags = X86_F_I64 },                      /* 27        DAA (i64) */
    [0x28] = { X86_INSN_SUB, { Eb, Gb }, X86_F_LOCK },                  /* 28 /r     SUB Eb,Gb */
    [0x29] = { X86_INSN_SUB, { Ev, Gv }, X86_F_LOCK },                  /* 29 /r     SUB Ev,Gv */
    [0x2a] = { X86_INSN_SUB, { Gb, Eb } },                              /* 2A /r     SUB Gb,Eb */
    [0x2b] = { X86_INSN_SUB, { Gv, Ev } },                              /* 2B /r     SUB Gv,Ev */
    [0x2c] = { X86_INSN_SUB, { AL, Ib } },                              /* 2C ib     SUB AL,Ib */
    [0x2d] = { X86_INSN_SUB, { rAX, Iz } },                             /* 2D iz     SUB rAX,Iz */
                                                                /* 2E        CS: prefix */
    [0x2f] = { X86_INSN_DAS, .flags = X86_F_I64 },                      /* 2F        DAS (i64) */
    [0x30] = { X86_INSN_XOR, { Eb, Gb }, X86_F_LOCK },                  /* 30 /r     XOR Eb,Gb */
    [0x31] = { X86_INSN_XOR, { Ev, Gv }, X86_F_LOCK },                  /* 31 /r     XOR Ev,Gv */
    [0x32] = { X86_INSN_XOR, { Gb, Eb } },                              /* 32 /r     XOR Gb,Eb */
    [0x33] = { X86_INSN_XOR, { Gv, Ev } },                              /* 33 /r     XOR Gv,Ev */
    [0x34] = { X86_INSN_XOR, { AL, Ib } },                              /* 34 ib     XOR AL,Ib */
    [0x35] = { X86_INSN_XOR, { rAX, Iz } },                             /* 35 iz     XOR rAX,Iz */
                                                                /* 36        SS: prefix */
    [0x37] = { X86_INSN_AAA, .flags = X86_F_I64 },                      /* 37        AAA (i64) */
    [0x38] = { X86_INSN_CMP, { Eb, Gb } },                              /* 38 /r     CMP Eb,Gb */
    [0x39] = { X86_INSN_CMP, { Ev, Gv } },                              /* 39 /r     CMP Ev,Gv */
    [0x3a] = { X86_INSN_CMP, { Gb, Eb } },                              /* 3A /r     CMP Gb,Eb */
    [0x3b] = { X86_INSN_CMP, { Gv, Ev } },                              /* 3B /r     CMP Gv,Ev */
    [0x3c] = { X86_INSN_CMP, { AL, Ib } },                              /* 3C ib     CMP AL,Ib */
    [0x3d] = { X86_INSN_CMP, { rAX, Iz } },                             /* 3D iz     CMP rAX,Iz */
                                                                /* 3E        DS: prefix */
    [0x3f] = { X86_INSN_AAS, .flags = X86_F_I64 },                      /* 3F        AAS (i64) */
    /* 40-4F: REX in 64-bit mode (consumed before lookup) */
    [0x40] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 40        INC eAX (i64) */
    [0x41] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 41        INC eCX (i64) */
    [0x42] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 42        INC eDX (i64) */
    [0x43] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 43        INC eBX (i64) */
    [0x44] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 44        INC eSP (i64) */
    [0x45] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 45        INC eBP (i64) */
    [0x46] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 46        INC eSI (i64) */
    [0x47] = { X86_INSN_INC, { Zv }, X86_F_I64 },                       /* 47        INC eDI (i64) */
    [0x48] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 48        DEC eAX (i64) */
    [0x49] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 49        DEC eCX (i64) */
    [0x4a] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 4A        DEC eDX (i64) */
    [0x4b] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 4B        DEC eBX (i64) */
    [0x4c] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 4C        DEC eSP (i64) */
    [0x4d] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 4D        DEC eBP (i64) */
    [0x4e] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 4E        DEC eSI (i64) */
    [0x4f] = { X86_INSN_DEC, { Zv }, X86_F_I64 },                       /* 4F        DEC eDI (i64) */
    [0x50] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 50        PUSH rAX/r8 (d64) */
    [0x51] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 51        PUSH rCX/r9 (d64) */
    [0x52] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 52        PUSH rDX/r10 (d64) */
    [0x53] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 53        PUSH rBX/r11 (d64) */
    [0x54] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 54        PUSH rSP/r12 (d64) */
    [0x55] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 55        PUSH rBP/r13 (d64) */
    [0x56] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 56        PUSH rSI/r14 (d64) */
    [0x57] = { X86_INSN_PUSH, { Zv }, X86_F_D64 },                      /* 57        PUSH rDI/r15 (d64) */
    [0x58] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 58        POP rAX/r8 (d64) */
    [0x59] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 59        POP rCX/r9 (d64) */
    [0x5a] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 5A        POP rDX/r10 (d64) */
    [0x5b] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 5B        POP rBX/r11 (d64) */
    [0x5c] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 5C        POP rSP/r12 (d64) */
    [0x5d] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 5D        POP rBP/r13 (d64) */
    [0x5e] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 5E        POP rSI/r14 (d64) */
    [0x5f] = { X86_INSN_POP, { Zv }, X86_F_D64 },                       /* 5F        POP rDI/r15 (d64) */
    [0x60] = { X86_INSN_PUSHA, .flags = X86_F_I64 },                    /* 60        PUSHA/PUSHAD (i64) */
    [0x61] = { X86_INSN_POPA, .flags = X86_F_I64 },                     /* 61        POPA/POPAD (i64) */
    [0x62] = { X86_INSN_BOUND, { Gv, Ma }, X86_F_I64 },                 /* 62 /r     BOUND Gv,Ma (i64; EVEX in 64-bit) */
    [0x63] = BY_MODE64(op_63),                                          /* 63 /r     ARPL Ew,Gw / MOVSXD Gv,Ed (o64) */
                                                                /* 64 65     FS: GS: prefixes */
                                                                /* 66 67     operand/address size */
    [0x68] = { X86_INSN_PUSH, { Iz }, X86_F_D64 },                      /* 68 iz     PUSH Iz (d64) */
    [0x69] = { X86_INSN_IMUL, { Gv, Ev, Iz } },                         /* 69 /r iz  IMUL Gv,Ev,Iz */
    [0x6a] = { X86_INSN_PUSH, { Ib }, X86_F_D64 },                      /* 6A ib     PUSH Ib (d64) */
    [0x6b] = { X86_INSN_IMUL, { Gv, Ev, Ib } },                         /* 6B /r ib  IMUL Gv,Ev,Ib */
    [0x6c] = { X86_INSN_INS, { Yb, DX }, X86_F_REP },                   /* 6C        INS Yb,DX */
    [0x6d] = { X86_INSN_INS, { Yz, DX }, X86_F_REP },                   /* 6D        INS Yz,DX */
    [0x6e] = { X86_INSN_OUTS, { DX, Xb }, X86_F_REP },                  /* 6E        OUTS DX,Xb */
    [0x6f] = { X86_INSN_OUTS, { DX, Xz }, X86_F_REP },                  /* 6F        OUTS DX,Xz */
    [0x70] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 70 cb     JO Jb (f64) */
    [0x71] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 71 cb     JNO Jb (f64) */
    [0x72] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 72 cb     JB Jb (f64) */
    [0x73] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 73 cb     JAE Jb (f64) */
    [0x74] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 74 cb     JE Jb (f64) */
    [0x75] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 75 cb     JNE Jb (f64) */
    [0x76] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 76 cb     JBE Jb (f64) */
    [0x77] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 77 cb     JA Jb (f64) */
    [0x78] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 78 cb     JS Jb (f64) */
    [0x79] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 79 cb     JNS Jb (f64) */
    [0x7a] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 7A cb     JP Jb (f64) */
    [0x7b] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 7B cb     JNP Jb (f64) */
    [0x7c] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 7C cb     JL Jb (f64) */
    [0x7d] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 7D cb     JGE Jb (f64) */
    [0x7e] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 7E cb     JLE Jb (f64) */
    [0x7f] = { X86_INSN_JCC, { Jb }, X86_F_CC | X86_F_F64 | X86_F_BRANCH }, /* 7F cb     JG Jb (f64) */
    [0x80] = BY_REG(grp1_80),                                           /* 80 /digit Grp 1 Eb,Ib */
    [0x81] = BY_REG(grp1_81),                                           /* 81 /digit Grp 1 Ev,Iz */
    [0x82] = BY_REG(grp1_82),                                           /* 82 /digit Grp 1 Eb,Ib (i64) */
    [0x83] = BY_REG(grp1_83),                                           /* 83 /digit Grp 1 Ev,Ib */
    [0x84] = { X86_INSN_TEST, { Eb, Gb } },                             /* 84 /r     TEST Eb,Gb */
    [0x85] = { X86_INSN_TEST, { Ev, Gv } },                             /* 85 /r     TEST Ev,Gv */
    [0x86] = { X86_INSN_XCHG, { Eb, Gb }, X86_F_LOCK },                 /* 86 /r     XCHG Eb,Gb */
    [0x87] = { X86_INSN_XCHG, { Ev, Gv }, X86_F_LOCK },                 /* 87 /r     XCHG Ev,Gv */
    [0x88] = { X86_INSN_MOV, { Eb, Gb } },                              /* 88 /r     MOV Eb,Gb */
    [0x89] = { X86_INSN_MOV, { Ev, Gv } },                              /* 89 /r     MOV Ev,Gv */
    [0x8a] = { X86_INSN_MOV, { Gb, Eb } },                              /* 8A /r     MOV Gb,Eb */
    [0x8b] = { X86_INSN_MOV, { Gv, Ev } },                              /* 8B /r     MOV Gv,Ev */
    [0x8c] = { X86_INSN_MOV, { RvMw, Sw } },                            /* 8C /r     MOV Ev,Sw (Rv/Mw) */
    [0x8d] = { X86_INSN_LEA, { Gv, M } },                               /* 8D /r     LEA Gv,M */
    [0x8e] = { X86_INSN_MOV, { Sw, Ew } },                              /* 8E /r     MOV Sw,Ew */
    [0x8f] = BY_REG(grp1a_8f),                                          /* 8F /digit Grp 1A */
    [0x90] = BY_REXB(op_90),                                            /* 90        NOP / PAUSE / XCHG r8,rAX */
    [0x91] = { X86_INSN_XCHG, { Zv, rAX } },                            /* 91        XCHG rCX/r9,rAX */
    [0x92] = { X86_INSN_XCHG, { Zv, rAX } },                            /* 92        XCHG rDX/r10,rAX */
    [0x93] = { X86_INSN_XCHG, { Zv, rAX } },                            /* 93        XCHG rBX/r11,rAX */
    [0x94] = { X86_INSN_XCHG, { Zv, rAX } },                            /* 94        XCHG rSP/r12,rAX */
    [0x95] = { X86_INSN_XCHG, { Zv, rAX } },                            /* 95        XCHG rBP/r13,rAX */
    [0x96] = { X86_INSN_XCHG, { Zv, rAX } },                            /* 96        XCHG rSI/r14,rAX */
    [0x97] = { X86_INSN_XCHG, { Zv, rAX } },                            /* 97        XCHG rDI/r15,rAX */
    [0x98] = { X86_INSN_CBW },                                          /* 98        CBW/CWDE/CDQE */
    [0x99] = { X86_INSN_CWD },                                          /* 99        CWD/CDQ/CQO */
    [0x9a] = { X86_INSN_CALLF, { Ap }, X86_F_I64 | X86_F_BRANCH },      /* 9A cp     CALLF Ap (i64) */
    [0x9b] = { X86_INSN_FWAIT },                                        /* 9B        FWAIT */
    [0x9c] = { X86_INSN_PUSHF, .flags = X86_F_D64 },                    /* 9C        PUSHF Fv (d64) */
    [0x9d] = { X86_INSN_POPF, .flags = X86_F_D64 },                     /* 9D        POPF Fv (d64) */
    [0x9e] = { X86_INSN_SAHF },                                         /* 9E        SAHF (64-bit: CPUID LAHF-SAHF) */
    [0x9f] = { X86_INSN_LAHF },                                         /* 9F        LAHF (64-bit: CPUID LAHF-SAHF) */
    [0xa0] = { X86_INSN_MOV, { AL, Ob } },                              /* A0 mo     MOV AL,Ob */
    [0xa1] = { X86_INSN_MOV, { rAX, Ov } },                             /* A1 mo     MOV rAX,Ov */
    [0xa2] = { X86_INSN_MOV, { Ob, AL } },                              /* A2 mo     MOV Ob,AL */
    [0xa3] = { X86_INSN_MOV, { Ov, rAX } },                             /* A3 mo     MOV Ov,rAX */
    [0xa4] = { X86_INSN_MOVS, { Yb, Xb }, X86_F_REP },                  /* A4        MOVS Yb,Xb */
    [0xa5] = { X86_INSN_MOVS, { Yv, Xv }, X86_F_REP },                  /* A5        MOVS Yv,Xv */
    [0xa6] = { X86_INSN_CMPS, { Xb, Yb }, X86_F_REPZ },                 /* A6        CMPS Xb,Yb */
    [0xa7] = { X86_INSN_CMPS, { Xv, Yv }, X86_F_REPZ },                 /* A7        CMPS Xv,Yv */
    [0xa8] = { X86_INSN_TEST, { AL, Ib } },                             /* A8 ib     TEST AL,Ib */
    [0xa9] = { X86_INSN_TEST, { rAX, Iz } },                            /* A9 iz     TEST rAX,Iz */
    [0xaa] = { X86_INSN_STOS, { Yb, AL }, X86_F_REP },                  /* AA        STOS Yb,AL */
    [0xab] = { X86_INSN_STOS, { Yv, rAX }, X86_F_REP },                 /* AB        STOS Yv,rAX */
    [0xac] = { X86_INSN_LODS, { AL, Xb }, X86_F_REP },                  /* AC        LODS AL,Xb */
    [0xad] = { X86_INSN_LODS, { rAX, Xv }, X86_F_REP },                 /* AD        LODS rAX,Xv */
    [0xae] = { X86_INSN_SCAS, { AL, Yb }, X86_F_REPZ },                 /* AE        SCAS AL,Yb */
    [0xaf] = { X86_INSN_SCAS, { rAX, Yv }, X86_F_REPZ },                /* AF        SCAS rAX,Yv */
    [0xb0] = { X86_INSN_MOV, { Zb, Ib } },                              /* B0 ib     MOV AL/R8B,Ib */
    [0xb1] = { X86_INSN_MOV, { Zb, Ib } },                              /* B1 ib     MOV CL/R9B,Ib */
    [0xb2] = { X86_INSN_MOV, { Zb, Ib } },                              /* B2 ib     MOV DL/R10B,Ib */
    [0xb3] = { X86_INSN_MOV, { Zb, Ib } },                              /* B3 ib     MOV BL/R11B,Ib */
    [0xb4] = { X86_INSN_MOV, { Zb, Ib } },                              /* B4 ib     MOV AH/R12B,Ib */
    [0xb5] = { X86_INSN_MOV, { Zb, Ib } },                              /* B5 ib     MOV CH/R13B,Ib */
    [0xb6] = { X86_INSN_MOV, { Zb, Ib } },                              /* B6 ib     MOV DH/R14B,Ib */
    [0xb7] = { X86_INSN_MOV, { Zb, Ib } },                              /* B7 ib     MOV BH/R15B,Ib */
    [0xb8] = { X86_INSN_MOV, { Zv, Iv } },                              /* B8 iv     MOV rAX/r8,Iv */
    [0xb9] = { X86_INSN_MOV, { Zv, Iv } },                              /* B9 iv     MOV rCX/r9,Iv */
    [0xba] = { X86_INSN_MOV, { Zv, Iv } },                              /* BA iv     MOV rDX/r10,Iv */
    [0xbb] = { X86_INSN_MOV, { Zv, Iv } },                              /* BB iv     MOV rBX/r11,Iv */
    [0xbc] = { X86_INSN_MOV, { Zv, Iv } },                              /* BC iv     MOV rSP/r12,Iv */
    [0xbd] = { X86_INSN_MOV, { Zv, Iv } },                              /* BD iv     MOV rBP/r13,Iv */
    [0xbe] = { X86_INSN_MOV, { Zv, Iv } },                              /* BE iv     MOV rSI/r14,Iv */
    [0xbf] = { X86_INSN_MOV, { Zv, Iv } },                              /* BF iv     MOV rDI/r15,Iv */
    [0xc0] = BY_REG(grp2_c0),                                           /* C0 /digit Grp 2 Eb,Ib */
    [0xc1] = BY_REG(grp2_c1),                                           /* C1 /digit Grp 2 Ev,Ib */
    [0xc2] = { X86_INSN_RET, { Iw }, X86_F_F64 | X86_F_BRANCH },        /* C2 iw     RET Iw (f64) */
    [0xc3] = { X86_INSN_RET, .flags = X86_F_F64 | X86_F_BRANCH },       /* C3        RET (f64) */
    [0xc4] = { X86_INSN_LES, { Gz, Mp }, X86_F_I64 },                   /* C4 /r     LES Gz,Mp (i64; else VEX3) */
    [0xc5] = { X86_INSN_LDS, { Gz, Mp }, X86_F_I64 },                   /* C5 /r     LDS Gz,Mp (i64; else VEX2) */
    [0xc6] = BY_REG(grp11_c6),                                          /* C6 /digit Grp 11 Eb,Ib */
    [0xc7] = BY_REG(grp11_c7),                                          /* C7 /digit Grp 11 Ev,Iz */
    [0xc8] = { X86_INSN_ENTER, { Iw, Ib }, X86_F_D64 },                 /* C8 iw ib  ENTER Iw,Ib (d64) */
    [0xc9] = { X86_INSN_LEAVE, .flags = X86_F_D64 },                    /* C9        LEAVE (d64) */
    [0xca] = { X86_INSN_RETF, { Iw }, X86_F_BRANCH },                   /* CA iw     RETF Iw */
    [0xcb] = { X86_INSN_RETF, .flags = X86_F_BRANCH },                  /* CB        RETF */
    [0xcc] = { X86_INSN_INT3, .flags = X86_F_BRANCH },                  /* CC        INT3 */
    [0xcd] = { X86_INSN_INT, { Ib }, X86_F_BRANCH },                    /* CD ib     INT Ib */
    [0xce] = { X86_INSN_INTO, .flags = X86_F_I64 | X86_F_BRANCH },      /* CE        INTO (i64) */
    [0xcf] = { X86_INSN_IRET, .flags = X86_F_BRANCH },                  /* CF        IRET/IRETD/IRETQ */
    [0xd0] = BY_REG(grp2_d0),                                           /* D0 /digit Grp 2 Eb,1 */
    [0xd1] = BY_REG(grp2_d1),                                           /* D1 /digit Grp 2 Ev,1 */
    [0xd2] = BY_REG(grp2_d2),                                           /* D2 /digit Grp 2 Eb,CL */
    [0xd3] = BY_REG(grp2_d3),                                           /* D3 /digit Grp 2 Ev,CL */
    [0xd4] = { X86_INSN_AAM, { Ib }, X86_F_I64 },                       /* D4 ib     AAM Ib (i64) */
    [0xd5] = { X86_INSN_AAD, { Ib }, X86_F_I64 },                       /* D5 ib     AAD Ib (i64) */
    [0xd6] = { X86_INSN_SALC, .flags = X86_F_I64 },                     /* D6        SALC (undocumented, i64) */
    [0xd7] = { X86_INSN_XLAT },                                         /* D7        XLAT (DS:[rBX+AL]) */
    [0xd8] = BY_MOD(x86_x87_d8),                                        /* D8        x87 escape */
    [0xd9] = BY_MOD(x86_x87_d9),                                        /* D9        x87 escape */
    [0xda] = BY_MOD(x86_x87_da),                                        /* DA        x87 escape */
    [0xdb] = BY_MOD(x86_x87_db),                                        /* DB        x87 escape */
    [0xdc] = BY_MOD(x86_x87_dc),                                        /* DC        x87 escape */
    [0xdd] = BY_MOD(x86_x87_dd),                                        /* DD        x87 escape */
    [0xde] = BY_MOD(x86_x87_de),                                        /* DE        x87 escape */
    [0xdf] = BY_MOD(x86_x87_df),                                        /* DF        x87 escape */
    [0xe0] = { X86_INSN_LOOPNE, { Jb }, X86_F_F64 | X86_F_BRANCH },     /* E0 cb     LOOPNE Jb (f64) */
    [0xe1] = { X86_INSN_LOOPE, { Jb }, X86_F_F64 | X86_F_BRANCH },      /* E1 cb     LOOPE Jb (f64) */
    [0xe2] = { X86_INSN_LOOP, { Jb }, X86_F_F64 | X86_F_BRANCH },       /* E2 cb     LOOP Jb (f64) */
    [0xe3] = { X86_INSN_JRCXZ, { Jb }, X86_F_F64 | X86_F_BRANCH },      /* E3 cb     JrCXZ Jb (f64) */
    [0xe4] = { X86_INSN_IN, { AL, Ib } },                               /* E4 ib     IN AL,Ib */
    [0xe5] = { X86_INSN_IN, { eAX, Ib } },                              /* E5 ib     IN eAX,Ib */
    [0xe6] = { X86_INSN_OUT, { Ib, AL } },                              /* E6 ib     OUT Ib,AL */
    [0xe7] = { X86_INSN_OUT, { Ib, eAX } },                             /* E7 ib     OUT Ib,eAX */
    [0xe8] = { X86_INSN_CALL, { Jz }, X86_F_F64 | X86_F_BRANCH },       /* E8 cz     CALL Jz (f64) */
    [0xe9] = { X86_INSN_JMP, { Jz }, X86_F_F64 | X86_F_BRANCH },        /* E9 cz     JMP Jz (f64) */
    [0xea] = { X86_INSN_JMPF, { Ap }, X86_F_I64 | X86_F_BRANCH },       /* EA cp     JMPF Ap (i64) */
    [0xeb] = { X86_INSN_JMP, { Jb }, X86_F_F64 | X86_F_BRANCH },        /* EB cb     JMP Jb (f64) */
    [0xec] = { X86_INSN_IN, { AL, DX } },                               /* EC        IN AL,DX */
    [0xed] = { X86_INSN_IN, { eAX, DX } },                              /* ED        IN eAX,DX */
    [0xee] = { X86_INSN_OUT, { DX, AL } },                              /* EE        OUT DX,AL */
    [0xef] = { X86_INSN_OUT, { DX, eAX } },                             /* EF        OUT DX,eAX */
                                                                /* F0        X86_F_LOCK prefix */
    [0xf1] = { X86_INSN_INT1, .flags = X86_F_BRANCH },                  /* F1        INT1 (ICEBP) */
                                                                /* F2 F3     REPNE/REP prefixes */
    [0xf4] = { X86_INSN_HLT, .flags = X86_F_BRANCH },                   /* F4        HLT */
    [0xf5] = { X86_INSN_CMC },                                          /* F5        CMC */
    [0xf6] = BY_REG(grp3_f6),                                           /* F6 /digit Grp 3 Eb */
    [0xf7] = BY_REG(grp3_f7),                                           /* F7 /digit Grp 3 Ev */
    [0xf8] = { X86_INSN_CLC },                                          /* F8        CLC */
    [0xf9] = { X86_INSN_STC },                                          /* F9        STC */
    [0xfa] = { X86_INSN_CLI },                                          /* FA        CLI */
    [0xfb] = { X86_INSN_STI },                                          /* FB        STI */
    [0xfc] = { X86_INSN_CLD },                                          /* FC        CLD */
    [0xfd] = { X86_INSN_STD },                                          /* FD        STD */
    [0xfe] = BY_REG(grp4_fe),                                           /* FE /digit Grp 4 */
    [0xff] = BY_REG(grp5_ff),                                           /* FF /digit Grp 5 */
};
