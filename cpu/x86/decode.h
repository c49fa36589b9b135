/*
 * The x86 instruction decoder: guest bytes in, one decoded-instruction
 * record out. The record is what every consumer sees: the translator, the
 * Intel-syntax text of the decoder tests' messages (x86_format); -d in_asm uses capstone.
 *
 * The decoder is data. Each opcode map (one-byte, 0F, 0F 38, 0F 3A) is a
 * 256-entry table of X86OpEntry rows written in the Intel SDM's own operand
 * letters (SDM Vol. 2, Appendix A.2): `{ X86_INSN_ADD, { Eb, Gb }, X86_F_LOCK }`.
 * A row is either an instruction or a link to a sub-table chosen by ModRM.reg,
 * ModRM.mod, ModRM.rm, the mandatory prefix, the mode, REX.W/VEX.W, VEX.L,
 * legacy-vs-VEX or REX.B. The tables live in decode-onebyte.c, decode-0f.c,
 * decode-0f-groups.c, decode-0f38-0f3a.c and decode-x87.c, written with the
 * operand names of decode-rows.h; decode.c walks them.
 *
 * Errors are guest-visible faults, not host errors: X86_DECODE_UD means the
 * translator raises #UD, X86_DECODE_TOO_LONG means #GP(0) (an instruction
 * longer than 15 bytes, SDM Vol. 2 2.3.11), and X86_DECODE_NEED_MORE means
 * the bytes ran out before the instruction did (it crosses into a page not
 * fetched yet): fetch more and decode again.
 *
 * What the decoder checks and what it leaves to the translator:
 *  - checked here (#UD at decode): unknown opcodes, the mode (rows invalid in
 *    64-bit mode, or valid only there), ModRM.mod restrictions (memory-only
 *    and register-only forms), LOCK on an instruction that is not lockable or
 *    whose destination is a register (SDM Vol. 2 LOCK: "#UD if the LOCK
 *    prefix is used with an instruction not listed ... or the destination is
 *    not a memory operand"), legacy 66/F2/F3/REX/LOCK before VEX, VEX rows
 *    with VEX.L=1 that require L=0, VEX.vvvv != 1111b where the row has no
 *    vvvv operand, MOV to CS and segment-register numbers 6 and 7.
 *  - left to the translator: CPUID features (the row names the one it needs,
 *    X86OpEntry.feature), CR0/CR4 bits (EM, TS, OSFXSR, OSXSAVE), CPL,
 *    real/virtual-8086 mode (#UD for VEX there), EFER.SCE for SYSCALL.
 *
 * Vendor choices (the SDM's Intel behaviour where vendors differ):
 *  - near branches in 64-bit mode (E8, E9, EB, 70-7F, 0F 80-8F, C2, C3,
 *    FF /2, FF /4) ignore 66: operand size 64, rel32 (Intel; AMD uses 16).
 *  - C4/C5 are VEX in 16- and 32-bit code when the next byte has mod=11b,
 *    else LES/LDS; in 64-bit mode always VEX.
 *  - MOV CR/DR (0F 20-23) ignore ModRM.mod: always the register form, no
 *    SIB or displacement bytes (SDM MOV-Move to/from Control Registers).
 *  - REX.R does not extend segment registers (8C, 8E) or MMX registers.
 *  - the undocumented encodings every x86 executes are decoded: 82 (i64),
 *    D6 SALC, F1 INT1, F6/F7 /1 TEST, shift /6 SAL, the x87 aliases, the
 *    0F 0D and 0F 18-1F hint NOPs.
 *
 * Immediates are stored sign-extended from their encoded size (X86Operand
 * .size is that size): 83 /0 ib and 6A ib are ready to use; an unsigned
 * imm8 (INT, ENTER's level, shift counts, SSE selectors) is (uint8_t)imm.
 *
 * The decoder never allocates and keeps no state: x86_decode fills the
 * caller's record and reads at most 15 bytes.
 */
#ifndef CPU_X86_DECODE_H
#define CPU_X86_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* Instruction identities: one per semantic instruction (see insns.def). */
typedef enum X86Insn {
    X86_INSN_INVALID = 0,
#define X86_INSN(name, mnemonic) X86_INSN_##name,
#include "cpu/x86/insns.def"
#undef X86_INSN
    X86_INSN_COUNT
} X86Insn;

/*
 * Operand kinds: the addressing-method letters of SDM Vol. 2 A.2.1, then
 * the fixed operands the opcode maps spell out.
 */
enum {
    X86_OPK_NONE = 0,
    X86_OPK_E,      /* ModRM r/m: general register or memory */
    X86_OPK_G,      /* ModRM reg: general register */
    X86_OPK_M,      /* ModRM r/m: memory only */
    X86_OPK_R,      /* ModRM r/m: general register only */
    X86_OPK_C,      /* ModRM reg: control register */
    X86_OPK_D,      /* ModRM reg: debug register */
    X86_OPK_S,      /* ModRM reg: segment register */
    X86_OPK_V,      /* ModRM reg: XMM/YMM register */
    X86_OPK_W,      /* ModRM r/m: XMM/YMM register or memory */
    X86_OPK_U,      /* ModRM r/m: XMM/YMM register only */
    X86_OPK_H,      /* VEX.vvvv: XMM/YMM register (absent in legacy encodings) */
    X86_OPK_L,      /* imm8[7:4]: XMM/YMM register */
    X86_OPK_P,      /* ModRM reg: MMX register */
    X86_OPK_Q,      /* ModRM r/m: MMX register or memory */
    X86_OPK_N,      /* ModRM r/m: MMX register only */
    X86_OPK_B,      /* VEX.vvvv: general register */
    X86_OPK_I,      /* immediate */
    X86_OPK_J,      /* relative offset added to the next instruction's address */
    X86_OPK_A,      /* direct far address ptr16:16/ptr16:32 */
    X86_OPK_O,      /* moffs: absolute offset, no ModRM */
    X86_OPK_X,      /* string source DS:rSI (segment overridable) */
    X86_OPK_Y,      /* string destination ES:rDI */
    X86_OPK_Z,      /* general register in opcode bits 2:0 (+ REX.B) */
    X86_OPK_1,      /* the constant 1 (shifts D0/D1) */
    X86_OPK_rAX,    /* AL/AX/EAX/RAX by size */
    X86_OPK_rCX,    /* CL (shift counts) */
    X86_OPK_rDX,    /* DX (port numbers) */
    X86_OPK_ES, X86_OPK_CS, X86_OPK_SS, X86_OPK_DS, X86_OPK_FS, X86_OPK_GS,
    X86_OPK_ST0,    /* x87 ST(0) */
    X86_OPK_STi,    /* x87 ST(i), i = ModRM.rm */
    X86_OPK_XMM0,   /* implicit XMM0 (BLENDVPS, PBLENDVB, SHA256RNDS2) */
};

/* Operand sizes: the operand-type letters of SDM Vol. 2 A.2.2, plus the few
 * memory shapes the letters do not name (x87 and state-save areas). */
enum {
    X86_SZ_NONE = 0,/* no size (LEA's M, INVLPG), or fixed by the kind */
    X86_SZ_b,       /* byte */
    X86_SZ_w,       /* word */
    X86_SZ_d,       /* doubleword */
    X86_SZ_q,       /* quadword */
    X86_SZ_dq,      /* double quadword (16) */
    X86_SZ_qq,      /* quad quadword (32) */
    X86_SZ_v,       /* word, doubleword or quadword: the operand size */
    X86_SZ_z,       /* word for 16-bit operand size, else doubleword */
    X86_SZ_y,       /* doubleword, or quadword with 64-bit operand size */
    X86_SZ_x,       /* dq or qq by VEX.L */
    X86_SZ_ps,      /* packed single, dq or qq by VEX.L */
    X86_SZ_pd,      /* packed double, dq or qq by VEX.L */
    X86_SZ_ss,      /* scalar single (4) */
    X86_SZ_sd,      /* scalar double (8) */
    X86_SZ_p,       /* far pointer: 16:16, 16:32 or 16:64 by operand size */
    X86_SZ_a,       /* two operands in memory (BOUND) */
    X86_SZ_s,       /* pseudo-descriptor: 6 bytes, 10 in 64-bit mode */
    X86_SZ_t,       /* x87 80-bit real / packed BCD (10) */
    X86_SZ_fenv,    /* x87 environment: 14 or 28 bytes by operand size */
    X86_SZ_fsave,   /* x87 state: 94 or 108 bytes by operand size */
    X86_SZ_fxsave,  /* FXSAVE area: 512 bytes */
    X86_SZ_xsave,   /* XSAVE area: size from CPUID, recorded as 0 */
    /* E operands whose register and memory forms differ in size; the SDM
     * writes them "Rv/Mw", "Ry/Mb", "Ry/Mw" */
    X86_SZ_vw,      /* register v, memory w (MOV Ev,Sw; SLDT; STR; SMSW) */
    X86_SZ_yb,      /* register y, memory b (PEXTRB, PINSRB) */
    X86_SZ_yw,      /* register y, memory w (PEXTRW, PINSRW) */
};

/* Row flags. */
enum {
    X86_F_LOCK     = 1u << 0,  /* LOCK allowed (with a memory destination) */
    X86_F_I64      = 1u << 1,  /* invalid in 64-bit mode (SDM "i64") */
    X86_F_O64      = 1u << 2,  /* valid only in 64-bit mode (SDM "o64") */
    X86_F_D64      = 1u << 3,  /* 64-bit default operand size in 64-bit mode */
    X86_F_F64      = 1u << 4,  /* operand size forced to 64 in 64-bit mode */
    X86_F_MODRM    = 1u << 5,  /* has a ModRM byte though no operand names it */
    X86_F_MEM      = 1u << 6,  /* ModRM.mod must not be 11b */
    X86_F_REG      = 1u << 7,  /* ModRM.mod must be 11b */
    X86_F_MODIGN   = 1u << 8,  /* ModRM.mod ignored, always the register form */
    X86_F_VEX      = 1u << 9,  /* valid with a VEX prefix */
    X86_F_NOLEGACY = 1u << 10, /* valid only with a VEX prefix */
    X86_F_L0       = 1u << 11, /* VEX.L must be 0 (SDM "LZ"/"L0") */
    X86_F_CC       = 1u << 12, /* condition code in opcode bits 3:0 (Jcc, SETcc, CMOVcc) */
    X86_F_REP      = 1u << 13, /* F3 is REP (INS, OUTS, MOVS, LODS, STOS) */
    X86_F_REPZ     = 1u << 14, /* F3/F2 are REPE/REPNE (CMPS, SCAS) */
    X86_F_OPSIZE66 = 1u << 15, /* reached through the 66 column, 66 stays an operand-size prefix */
    X86_F_BRANCH   = 1u << 16, /* ends a translation block */
};
#define X86_F_VEXONLY (X86_F_VEX | X86_F_NOLEGACY)

/* Sub-table links: a row with group != X86_GRP_NONE is not an instruction;
 * its sub[] is indexed by the field named here. */
enum {
    X86_GRP_NONE = 0,
    X86_GRP_REG,    /* sub[8]  by ModRM.reg */
    X86_GRP_MOD,    /* sub[2]  [0] mod != 11b (memory), [1] mod == 11b */
    X86_GRP_RM,     /* sub[8]  by ModRM.rm */
    X86_GRP_PREFIX, /* sub[4]  by mandatory prefix / VEX.pp: X86_PFX_NP, 66, F3, F2 */
    X86_GRP_MODE64, /* sub[2]  [0] 16/32-bit mode, [1] 64-bit mode */
    X86_GRP_W,      /* sub[2]  by REX.W (VEX.W under VEX) */
    X86_GRP_VEXL,   /* sub[2]  by VEX.L */
    X86_GRP_VEX,    /* sub[2]  [0] legacy encoding, [1] VEX */
    X86_GRP_REXB,   /* sub[2]  by REX.B (90: NOP vs XCHG r8) */
};

/* Columns of an X86_GRP_PREFIX sub-table; also the values of VEX.pp. */
enum { X86_PFX_NP = 0, X86_PFX_66 = 1, X86_PFX_F3 = 2, X86_PFX_F2 = 3 };

/* CPUID features a row requires (X86OpEntry.feature). */
enum {
    X86_FEAT_NONE = 0,
    X86_FEAT_FPU, X86_FEAT_CMOV, X86_FEAT_CX8, X86_FEAT_CX16, X86_FEAT_MMX,
    X86_FEAT_SSE, X86_FEAT_SSE2, X86_FEAT_SSE3, X86_FEAT_SSSE3, X86_FEAT_SSE41,
    X86_FEAT_SSE42, X86_FEAT_SSE4A, X86_FEAT_POPCNT, X86_FEAT_LZCNT,
    X86_FEAT_BMI1, X86_FEAT_BMI2, X86_FEAT_MOVBE, X86_FEAT_ADX, X86_FEAT_RDRAND,
    X86_FEAT_RDSEED, X86_FEAT_RDTSCP, X86_FEAT_RDPID, X86_FEAT_FXSR,
    X86_FEAT_XSAVE, X86_FEAT_XSAVEOPT, X86_FEAT_XSAVEC, X86_FEAT_XSAVES,
    X86_FEAT_CLFLUSH, X86_FEAT_CLFLUSHOPT, X86_FEAT_CLWB, X86_FEAT_AES,
    X86_FEAT_PCLMUL, X86_FEAT_SHA, X86_FEAT_AVX, X86_FEAT_AVX2, X86_FEAT_SEP,
    X86_FEAT_SYSCALL, X86_FEAT_INVPCID, X86_FEAT_LAHF64, X86_FEAT_PREFETCHW,
    X86_FEAT_MONITOR, X86_FEAT_VMX, X86_FEAT_SVM, X86_FEAT_SMAP,
    X86_FEAT_FSGSBASE, X86_FEAT_PKU, X86_FEAT_RTM, X86_FEAT_3DNOW,
    X86_FEAT_CET, X86_FEAT_WAITPKG,
};

/* One operand of a row: kind and size letters. */
typedef struct X86OpSpec {
    uint8_t kind;                   /* X86_OPK_* */
    uint8_t size;                   /* X86_SZ_* */
} X86OpSpec;

/* A table row. Initialised positionally: { insn, { operands }, flags, feature }. */
typedef struct X86OpEntry {
    uint16_t insn;                  /* X86Insn; X86_INSN_INVALID = #UD */
    X86OpSpec op[4];
    uint32_t flags;                 /* X86_F_* */
    uint8_t feature;                /* X86_FEAT_*, checked by the translator */
    uint8_t group;                  /* X86_GRP_*: this row links to sub[] */
    const struct X86OpEntry *sub;
} X86OpEntry;

/* Register numbers in X86Operand.reg and X86Mem. GPRs are 0-15 (rAX, rCX,
 * rDX, rBX, rSP, rBP, rSI, rDI, r8-r15); a byte operand without REX names
 * AH, CH, DH, BH as 16-19 (the high byte of register reg - 16). */
enum {
    X86_REG_AH = 16, X86_REG_CH, X86_REG_DH, X86_REG_BH,
    X86_REG_MEM = 0xfd,             /* X86Operand: the memory operand d->mem */
    X86_REG_RIP = 0xfe,             /* X86Mem.base: RIP-relative */
    X86_REG_NONE = 0xff,
};

/* Segment registers, in their ModRM.reg encoding order. */
enum { X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS, X86_SEG_GS,
       X86_SEG_NONE = 0xff };

/* What a resolved operand is (X86Operand.type). */
enum {
    X86_OT_NONE = 0,
    X86_OT_GPR,     /* reg: 0-15, or 16-19 for AH-BH */
    X86_OT_XMM,     /* reg: 0-15 (YMM when size is 32) */
    X86_OT_MMX,     /* reg: 0-7 */
    X86_OT_SEG,     /* reg: X86_SEG_* */
    X86_OT_CR,      /* reg: 0-15 */
    X86_OT_DR,      /* reg: 0-15 */
    X86_OT_ST,      /* reg: i of ST(i) */
    X86_OT_MEM,     /* d->mem (E, M, W, Q, O operands) */
    X86_OT_STR,     /* string operand: reg is rSI (X) or rDI (Y) */
    X86_OT_IMM,     /* d->imm, or d->imm2 for the second immediate */
    X86_OT_REL,     /* d->imm: displacement from the next instruction */
    X86_OT_FAR,     /* d->imm offset, d->imm2 selector */
    X86_OT_CONST,   /* the constant 1 */
};

typedef struct X86Operand {
    uint8_t kind;                   /* X86_OPK_* from the row */
    uint8_t type;                   /* X86_OT_* */
    uint8_t size;                   /* bytes; 0: unsized memory (LEA, INVLPG) or a
                                       state area (FXSAVE 512 bytes, XSAVE) */
    uint8_t reg;                    /* register number, X86_REG_MEM, or imm slot 0/1 */
} X86Operand;

/* The memory operand of ModRM (or moffs). The effective address is
 * base + index * (1 << scale) + disp, truncated to the address size; with
 * base == X86_REG_RIP, base is the address of the NEXT instruction
 * (pc + len), SDM Vol. 2 2.2.1.6. seg is set for every instruction: it is
 * the segment of its DS-default accesses (ModRM memory, moffs, the string
 * source X, XLAT), with 64-bit mode's CS/DS/ES/SS overrides dropped; the
 * string destination Y is always ES. */
typedef struct X86Mem {
    int64_t disp;                   /* sign-extended (moffs: zero-extended) */
    uint8_t seg;                    /* effective segment: override, else DS or SS */
    uint8_t base;                   /* GPR, X86_REG_RIP or X86_REG_NONE */
    uint8_t index;                  /* GPR or X86_REG_NONE */
    uint8_t scale;                  /* log2: 0-3 */
} X86Mem;

/* Prefix bits (X86DecodedInsn.prefix). */
enum {
    X86_PREFIX_LOCK  = 1u << 0,
    X86_PREFIX_REPZ  = 1u << 1,     /* F3; of F2/F3 only the last one counts */
    X86_PREFIX_REPNZ = 1u << 2,     /* F2 */
    X86_PREFIX_66    = 1u << 3,     /* seen (maybe consumed as mandatory prefix) */
    X86_PREFIX_67    = 1u << 4,
    X86_PREFIX_SEG   = 1u << 5,     /* an override was seen: d->seg */
    X86_PREFIX_REX   = 1u << 6,     /* d->rex is in effect */
    X86_PREFIX_VEX2  = 1u << 7,     /* C5 */
    X86_PREFIX_VEX3  = 1u << 8,     /* C4 */
};
#define X86_PREFIX_VEX (X86_PREFIX_VEX2 | X86_PREFIX_VEX3)

/* REX bits (X86DecodedInsn.rex; under VEX the un-inverted R, X, B, W). */
enum { X86_REX_B = 1, X86_REX_X = 2, X86_REX_R = 4, X86_REX_W = 8 };

/* The decoded instruction: 72 bytes, filled for every guest instruction. */
typedef struct X86DecodedInsn {
    const X86OpEntry *e;            /* the final row */
    uint64_t imm;                   /* first immediate / rel / far offset / is4 byte, sign-extended */
    X86Mem mem;
    uint16_t insn;                  /* X86Insn */
    uint16_t prefix;                /* X86_PREFIX_* */
    uint16_t imm2;                  /* second immediate: ENTER's Ib, far selector */
    uint8_t len;                    /* bytes, 1-15 */
    uint8_t mode;                   /* 16, 32 or 64 */
    uint8_t opsize;                 /* effective operand size: 2, 4 or 8 */
    uint8_t addrsize;               /* effective address size: 2, 4 or 8 */
    uint8_t map;                    /* 0: one-byte, 1: 0F, 2: 0F 38, 3: 0F 3A (= VEX.mmmmm) */
    uint8_t opcode;                 /* the opcode byte within the map */
    uint8_t cc;                     /* condition 0-15 for X86_F_CC rows */
    uint8_t modrm;                  /* raw ModRM (0 when has_modrm is 0) */
    uint8_t has_modrm;
    uint8_t mod;                    /* ModRM.mod (3 for register forms) */
    uint8_t reg;                    /* ModRM.reg + REX.R */
    uint8_t rm;                     /* ModRM.rm + REX.B */
    uint8_t seg;                    /* last segment override prefix as encoded, or X86_SEG_NONE */
    uint8_t rex;                    /* X86_REX_* bits in effect (REX or VEX) */
    uint8_t pfx;                    /* mandatory-prefix column used, or VEX.pp: X86_PFX_* */
    uint8_t vex_l;                  /* VEX.L */
    uint8_t vex_v;                  /* VEX.vvvv, un-inverted (0 without VEX) */
    uint8_t nops;                   /* operands in op[] */
    X86Operand op[4];
} X86DecodedInsn;

enum {
    X86_DECODE_UD = -1,             /* invalid opcode or prefix use: #UD */
    X86_DECODE_TOO_LONG = -2,       /* more than 15 bytes: #GP(0) */
    X86_DECODE_NEED_MORE = -3,      /* avail ran out: fetch more bytes */
};

/*
 * Decode one instruction at bytes[0..avail) for a code segment of mode 16,
 * 32 or 64 bits. Returns 0 with *d filled, or X86_DECODE_*.
 */
int x86_decode(X86DecodedInsn *d, const uint8_t *bytes, size_t avail, int mode);

/* The mnemonic of an identity, as in insns.def ("add", "j*"...). */
const char *x86_insn_mnemonic(unsigned insn);

/*
 * Intel-syntax text of a decoded instruction at address pc into buf
 * (always NUL-terminated when len > 0). Returns the length snprintf would.
 */
int x86_format(const X86DecodedInsn *d, uint64_t pc, char *buf, size_t len);

#endif
