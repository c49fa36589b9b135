/*
 * Instruction templates and case generation for the differential tests.
 * The table is the list of forms under test; gen_insn() picks sizes,
 * registers, addressing and immediates for one form.
 */
#include "tests/cpu/gen.h"

#include <string.h>

#include "system/cutils.h"

#define FA   (TEST_CF | TEST_PF | TEST_AF | TEST_ZF | TEST_SF | TEST_OF)  /* all arithmetic */
#define FL   (TEST_CF | TEST_PF | TEST_ZF | TEST_SF | TEST_OF)            /* logic: AF undefined */
#define FSH  (TEST_CF | TEST_PF | TEST_ZF | TEST_SF)                      /* shifts by a variable count */
#define FSH1 (FSH | TEST_OF)                                              /* shifts by 1 */
#define FROT (FA & ~TEST_OF)                                              /* rotates by a variable count */
#define FCO  (TEST_CF | TEST_OF)
#define FNONE 0u

/* Rows: class, name, mandatory prefix, opcode bytes, length, ModRM.reg, imm, sizes, rm forms, vex, pp, flags */
#define ALU(n, base, f) \
    { "alu", n " Eb,Gb", 0, { base + 0 }, 1, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, 0, 0, f }, \
    { "alu", n " Ev,Gv", 0, { base + 1 }, 1, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, 0, 0, f }, \
    { "alu", n " Gb,Eb", 0, { base + 2 }, 1, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, 0, 0, f }, \
    { "alu", n " Gv,Ev", 0, { base + 3 }, 1, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, 0, 0, f }, \
    { "alu", n " AL,Ib", 0, { base + 4 }, 1, GEN_NO_MODRM, 1, GEN_SZ_B, 0, 0, 0, f }, \
    { "alu", n " rAX,Iz", 0, { base + 5 }, 1, GEN_NO_MODRM, GEN_IMM_Z, GEN_SZ_V, 0, 0, 0, f }, \
    { "alu", n " Eb,Ib", 0, { 0x80 }, 1, base / 8, 1, GEN_SZ_B, GEN_RM_ANY, 0, 0, f }, \
    { "alu", n " Ev,Iz", 0, { 0x81 }, 1, base / 8, GEN_IMM_Z, GEN_SZ_V, GEN_RM_ANY, 0, 0, f }, \
    { "alu", n " Ev,Ib", 0, { 0x83 }, 1, base / 8, 1, GEN_SZ_V, GEN_RM_ANY, 0, 0, f }

#define SHIFT(n, r, fv, f1) \
    { "shift", n " Eb,Ib", 0, { 0xc0 }, 1, r, GEN_IMM_SHIFT, GEN_SZ_B, GEN_RM_ANY, 0, 0, fv }, \
    { "shift", n " Ev,Ib", 0, { 0xc1 }, 1, r, GEN_IMM_SHIFT, GEN_SZ_V, GEN_RM_ANY, 0, 0, fv }, \
    { "shift", n " Eb,1", 0, { 0xd0 }, 1, r, 0, GEN_SZ_B, GEN_RM_ANY, 0, 0, f1 }, \
    { "shift", n " Ev,1", 0, { 0xd1 }, 1, r, 0, GEN_SZ_V, GEN_RM_ANY, 0, 0, f1 }, \
    { "shift", n " Eb,CL", 0, { 0xd2 }, 1, r, 0, GEN_SZ_B, GEN_RM_ANY, 0, 0, fv }, \
    { "shift", n " Ev,CL", 0, { 0xd3 }, 1, r, 0, GEN_SZ_V, GEN_RM_ANY, 0, 0, fv }

#define LOCKED(n, len, b0, b1, reg, imm, sz, f) \
    { "locked", n, 0xf0, { b0, b1 }, len, reg, imm, sz, GEN_RM_MEM, 0, 0, f }

/* Legacy forms that 64-bit mode dropped (#UD there; 62 is EVEX) */
#define T32(n, b, imm, sz, rm, f) \
    { "legacy", n, 0, { b }, 1, (rm) ? GEN_REG_RANDOM : GEN_NO_MODRM, imm, sz, rm, 0, 0, f, 0, \
      GEN_ONLY_32 }
#define T0F(cls, n, b, reg, imm, sz, rm, f) { cls, n, 0, { 0x0f, b }, 2, reg, imm, sz, rm, 0, 0, f }
#define T1(cls, n, b, reg, imm, sz, rm, f) { cls, n, 0, { b }, 1, reg, imm, sz, rm, 0, 0, f }
/* VEX rows: map 2 = 0F38, 3 = 0F3A; pp 0 NP, 1 66, 2 F3, 3 F2 */
#define VEX(n, map, pp, b, reg, imm, f) { "bmi", n, 0, { b }, 1, reg, imm, GEN_SZ_DQ, GEN_RM_ANY, map, pp, f }

const InsnTemplate gen_templates[] = {
    ALU("add", 0x00, FA), ALU("or", 0x08, FL), ALU("adc", 0x10, FA), ALU("sbb", 0x18, FA),
    ALU("and", 0x20, FL), ALU("sub", 0x28, FA), ALU("xor", 0x30, FL), ALU("cmp", 0x38, FA),
    T1("alu", "test Eb,Gb", 0x84, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, FL),
    T1("alu", "test Ev,Gv", 0x85, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FL),
    T1("alu", "test AL,Ib", 0xa8, GEN_NO_MODRM, 1, GEN_SZ_B, 0, FL),
    T1("alu", "test rAX,Iz", 0xa9, GEN_NO_MODRM, GEN_IMM_Z, GEN_SZ_V, 0, FL),
    T1("alu", "test Eb,Ib", 0xf6, 0, 1, GEN_SZ_B, GEN_RM_ANY, FL),
    T1("alu", "test Ev,Iz", 0xf7, 0, GEN_IMM_Z, GEN_SZ_V, GEN_RM_ANY, FL),
    T1("incdec", "inc Eb", 0xfe, 0, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("incdec", "dec Eb", 0xfe, 1, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("incdec", "inc Ev", 0xff, 0, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("incdec", "dec Ev", 0xff, 1, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("unary", "not Eb", 0xf6, 2, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("unary", "not Ev", 0xf7, 2, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("unary", "neg Eb", 0xf6, 3, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("unary", "neg Ev", 0xf7, 3, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("muldiv", "mul Eb", 0xf6, 4, 0, GEN_SZ_B, GEN_RM_ANY, FCO),
    T1("muldiv", "mul Ev", 0xf7, 4, 0, GEN_SZ_V, GEN_RM_ANY, FCO),
    T1("muldiv", "imul Eb", 0xf6, 5, 0, GEN_SZ_B, GEN_RM_ANY, FCO),
    T1("muldiv", "imul Ev", 0xf7, 5, 0, GEN_SZ_V, GEN_RM_ANY, FCO),
    T1("muldiv", "div Eb", 0xf6, 6, 0, GEN_SZ_B, GEN_RM_ANY, FNONE),
    T1("muldiv", "div Ev", 0xf7, 6, 0, GEN_SZ_V, GEN_RM_ANY, FNONE),
    T1("muldiv", "idiv Eb", 0xf6, 7, 0, GEN_SZ_B, GEN_RM_ANY, FNONE),
    T1("muldiv", "idiv Ev", 0xf7, 7, 0, GEN_SZ_V, GEN_RM_ANY, FNONE),
    T0F("muldiv", "imul Gv,Ev", 0xaf, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FCO),
    T1("muldiv", "imul Gv,Ev,Iz", 0x69, GEN_REG_RANDOM, GEN_IMM_Z, GEN_SZ_V, GEN_RM_ANY, FCO),
    T1("muldiv", "imul Gv,Ev,Ib", 0x6b, GEN_REG_RANDOM, 1, GEN_SZ_V, GEN_RM_ANY, FCO),
    SHIFT("rol", 0, FROT, FA), SHIFT("ror", 1, FROT, FA), SHIFT("rcl", 2, FROT, FA),
    SHIFT("rcr", 3, FROT, FA), SHIFT("shl", 4, FSH, FSH1), SHIFT("shr", 5, FSH, FSH1),
    SHIFT("sal", 6, FSH, FSH1), SHIFT("sar", 7, FSH, FSH1),
    T0F("shift", "shld Ev,Gv,Ib", 0xa4, GEN_REG_RANDOM, GEN_IMM_SMALL16, GEN_SZ_V, GEN_RM_ANY, FSH),
    T0F("shift", "shld Ev,Gv,CL", 0xa5, GEN_REG_RANDOM, 0, GEN_SZ_DQ, GEN_RM_ANY, FSH),
    T0F("shift", "shrd Ev,Gv,Ib", 0xac, GEN_REG_RANDOM, GEN_IMM_SMALL16, GEN_SZ_V, GEN_RM_ANY, FSH),
    T0F("shift", "shrd Ev,Gv,CL", 0xad, GEN_REG_RANDOM, 0, GEN_SZ_DQ, GEN_RM_ANY, FSH),
    T1("mov", "mov Eb,Gb", 0x88, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("mov", "mov Ev,Gv", 0x89, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("mov", "mov Gb,Eb", 0x8a, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("mov", "mov Gv,Ev", 0x8b, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("mov", "mov Eb,Ib", 0xc6, 0, 1, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("mov", "mov Ev,Iz", 0xc7, 0, GEN_IMM_Z, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("mov", "mov Zb,Ib", 0xb0, GEN_OPCODE_REG, 1, GEN_SZ_B, 0, FA),
    T1("mov", "mov Zv,Iv", 0xb8, GEN_OPCODE_REG, GEN_IMM_V, GEN_SZ_V, 0, FA),
    T0F("mov", "movzx Gv,Eb", 0xb6, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T0F("mov", "movzx Gv,Ew", 0xb7, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T0F("mov", "movsx Gv,Eb", 0xbe, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T0F("mov", "movsx Gv,Ew", 0xbf, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    { "mov", "movsxd Gv,Ed", 0, { 0x63 }, 1, GEN_REG_RANDOM, 0, GEN_SZ_DQ, GEN_RM_ANY, 0, 0, FA, 0,
      GEN_ONLY_64 },                /* ARPL in 32-bit mode */
    T1("mov", "lea Gv,M", 0x8d, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_MEM, FA),
    T1("mov", "xchg Eb,Gb", 0x86, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("mov", "xchg Ev,Gv", 0x87, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T1("mov", "xchg Zv,rAX", 0x90, GEN_OPCODE_REG, 0, GEN_SZ_V, 0, FA),
    T1("mov", "cbw/cwde/cdqe", 0x98, GEN_NO_MODRM, 0, GEN_SZ_V, 0, FA),
    T1("mov", "cwd/cdq/cqo", 0x99, GEN_NO_MODRM, 0, GEN_SZ_V, 0, FA),
    T1("mov", "xlat", 0xd7, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T0F("mov", "bswap Zd", 0xc8, GEN_OPCODE_REG, 0, GEN_SZ_DQ, 0, FA),
    T0F("cc", "cmovcc Gv,Ev", 0x40, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T0F("cc", "setcc Eb", 0x90, 0, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T1("cc", "jcc rel8", 0x70, GEN_NO_MODRM, 1, GEN_SZ_NONE, 0, FA),
    T0F("cc", "jcc rel32", 0x80, GEN_NO_MODRM, 4, GEN_SZ_NONE, 0, FA),
    T1("flags", "lahf", 0x9f, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("flags", "sahf", 0x9e, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("flags", "clc", 0xf8, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("flags", "stc", 0xf9, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("flags", "cmc", 0xf5, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("flags", "cld", 0xfc, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("flags", "std", 0xfd, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("flags", "pushf", 0x9c, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("stack", "push Zv", 0x50, GEN_OPCODE_REG, 0, GEN_SZ_NONE, 0, FA),
    T1("stack", "pop Zv", 0x58, GEN_OPCODE_REG, 0, GEN_SZ_NONE, 0, FA),
    T1("stack", "push Ev", 0xff, 6, 0, GEN_SZ_NONE, GEN_RM_ANY, FA),
    T1("stack", "pop Ev", 0x8f, 0, 0, GEN_SZ_NONE, GEN_RM_ANY, FA),
    T1("stack", "push Ib", 0x6a, GEN_NO_MODRM, 1, GEN_SZ_NONE, 0, FA),
    T1("stack", "push Iz", 0x68, GEN_NO_MODRM, 4, GEN_SZ_NONE, 0, FA),
    T1("stack", "leave", 0xc9, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    { "stack", "push Zw", 0x66, { 0x50 }, 1, GEN_OPCODE_REG, 0, GEN_SZ_NONE, 0, 0, 0, FA },
    { "stack", "pop Zw", 0x66, { 0x58 }, 1, GEN_OPCODE_REG, 0, GEN_SZ_NONE, 0, 0, 0, FA },
    { "stack", "enter Iw,Ib", 0, { 0xc8 }, 1, GEN_NO_MODRM, GEN_IMM_ENTER, GEN_SZ_NONE, 0, 0, 0, FA },
    T1("branch", "jmp rel8", 0xeb, GEN_NO_MODRM, 1, GEN_SZ_NONE, 0, FA),
    T1("branch", "call rel32", 0xe8, GEN_NO_MODRM, 4, GEN_SZ_NONE, 0, FA),
    T1("branch", "ret", 0xc3, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("branch", "ret Iw", 0xc2, GEN_NO_MODRM, 2, GEN_SZ_NONE, 0, FA),
    T1("branch", "jmp Ev", 0xff, 4, 0, GEN_SZ_NONE, GEN_RM_ANY, FA),
    T1("branch", "call Ev", 0xff, 2, 0, GEN_SZ_NONE, GEN_RM_ANY, FA),
    T1("branch", "loop rel8", 0xe2, GEN_NO_MODRM, 1, GEN_SZ_NONE, 0, FA),
    T1("branch", "loope rel8", 0xe1, GEN_NO_MODRM, 1, GEN_SZ_NONE, 0, FA),
    T1("branch", "loopne rel8", 0xe0, GEN_NO_MODRM, 1, GEN_SZ_NONE, 0, FA),
    T1("branch", "jrcxz rel8", 0xe3, GEN_NO_MODRM, 1, GEN_SZ_NONE, 0, FA),
    T0F("bits", "bt Ev,Gv", 0xa3, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "bts Ev,Gv", 0xab, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "btr Ev,Gv", 0xb3, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "btc Ev,Gv", 0xbb, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "bt Ev,Ib", 0xba, 4, 1, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "bts Ev,Ib", 0xba, 5, 1, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "btr Ev,Ib", 0xba, 6, 1, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "btc Ev,Ib", 0xba, 7, 1, GEN_SZ_V, GEN_RM_ANY, TEST_CF | TEST_ZF),
    T0F("bits", "bsf Gv,Ev", 0xbc, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, TEST_ZF),
    T0F("bits", "bsr Gv,Ev", 0xbd, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, TEST_ZF),
    { "bits", "tzcnt Gv,Ev", 0xf3, { 0x0f, 0xbc }, 2, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, 0, 0, TEST_CF | TEST_ZF },
    { "bits", "lzcnt Gv,Ev", 0xf3, { 0x0f, 0xbd }, 2, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, 0, 0, TEST_CF | TEST_ZF },
    { "bits", "popcnt Gv,Ev", 0xf3, { 0x0f, 0xb8 }, 2, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, 0, 0, FA },
    T0F("atomic", "xadd Eb,Gb", 0xc0, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T0F("atomic", "xadd Ev,Gv", 0xc1, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T0F("atomic", "cmpxchg Eb,Gb", 0xb0, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, FA),
    T0F("atomic", "cmpxchg Ev,Gv", 0xb1, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T0F("atomic", "cmpxchg8b/16b M", 0xc7, 1, 0, GEN_SZ_DQ, GEN_RM_MEM, FA),
    /* LOCK-prefixed forms: memory destinations only (else #UD). */
    LOCKED("lock add Ev,Gv", 1, 0x01, 0, GEN_REG_RANDOM, 0, GEN_SZ_V, FA),
    LOCKED("lock or Eb,Gb", 1, 0x08, 0, GEN_REG_RANDOM, 0, GEN_SZ_B, FL),
    LOCKED("lock adc Ev,Gv", 1, 0x11, 0, GEN_REG_RANDOM, 0, GEN_SZ_V, FA),
    LOCKED("lock sbb Ev,Ib", 1, 0x83, 0, 3, 1, GEN_SZ_V, FA),
    LOCKED("lock and Ev,Iz", 1, 0x81, 0, 4, GEN_IMM_Z, GEN_SZ_V, FL),
    LOCKED("lock sub Eb,Ib", 1, 0x80, 0, 5, 1, GEN_SZ_B, FA),
    LOCKED("lock xor Ev,Gv", 1, 0x31, 0, GEN_REG_RANDOM, 0, GEN_SZ_V, FL),
    LOCKED("lock inc Ev", 1, 0xff, 0, 0, 0, GEN_SZ_V, FA),
    LOCKED("lock dec Eb", 1, 0xfe, 0, 1, 0, GEN_SZ_B, FA),
    LOCKED("lock not Ev", 1, 0xf7, 0, 2, 0, GEN_SZ_V, FA),
    LOCKED("lock neg Ev", 1, 0xf7, 0, 3, 0, GEN_SZ_V, FA),
    LOCKED("lock xadd Ev,Gv", 2, 0x0f, 0xc1, GEN_REG_RANDOM, 0, GEN_SZ_V, FA),
    LOCKED("lock cmpxchg Ev,Gv", 2, 0x0f, 0xb1, GEN_REG_RANDOM, 0, GEN_SZ_V, FA),
    LOCKED("lock cmpxchg Eb,Gb", 2, 0x0f, 0xb0, GEN_REG_RANDOM, 0, GEN_SZ_B, FA),
    LOCKED("lock bts Ev,Gv", 2, 0x0f, 0xab, GEN_REG_RANDOM, 0, GEN_SZ_V, TEST_CF | TEST_ZF),
    LOCKED("lock btc Ev,Ib", 2, 0x0f, 0xba, 7, 1, GEN_SZ_V, TEST_CF | TEST_ZF),
    LOCKED("lock cmpxchg8b/16b M", 2, 0x0f, 0xc7, 1, 0, GEN_SZ_DQ, FA),
    { "bits", "movbe Gv,M", 0, { 0x0f, 0x38, 0xf0 }, 3, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_MEM, 0, 0, FA },
    { "bits", "movbe M,Gv", 0, { 0x0f, 0x38, 0xf1 }, 3, GEN_REG_RANDOM, 0, GEN_SZ_V, GEN_RM_MEM, 0, 0, FA },
    { "bits", "crc32 Gd,Eb", 0xf2, { 0x0f, 0x38, 0xf0 }, 3, GEN_REG_RANDOM, 0, GEN_SZ_B, GEN_RM_ANY, 0, 0, FA },
    { "bits", "crc32 Gy,Ev", 0xf2, { 0x0f, 0x38, 0xf1 }, 3, GEN_REG_RANDOM, 0, GEN_SZ_DQ, GEN_RM_ANY, 0, 0, FA },
    { "bits", "adcx Gy,Ey", 0x66, { 0x0f, 0x38, 0xf6 }, 3, GEN_REG_RANDOM, 0, GEN_SZ_DQ, GEN_RM_ANY, 0, 0, FA },
    { "bits", "adox Gy,Ey", 0xf3, { 0x0f, 0x38, 0xf6 }, 3, GEN_REG_RANDOM, 0, GEN_SZ_DQ, GEN_RM_ANY, 0, 0, FA },
    T1("string", "movs", 0xa4, GEN_NO_MODRM, 0, GEN_SZ_B, 0, FA),
    T1("string", "movs", 0xa5, GEN_NO_MODRM, 0, GEN_SZ_V, 0, FA),
    T1("string", "cmps", 0xa6, GEN_NO_MODRM, 0, GEN_SZ_B, 0, FA),
    T1("string", "cmps", 0xa7, GEN_NO_MODRM, 0, GEN_SZ_V, 0, FA),
    T1("string", "stos", 0xaa, GEN_NO_MODRM, 0, GEN_SZ_B, 0, FA),
    T1("string", "stos", 0xab, GEN_NO_MODRM, 0, GEN_SZ_V, 0, FA),
    T1("string", "lods", 0xac, GEN_NO_MODRM, 0, GEN_SZ_B, 0, FA),
    T1("string", "lods", 0xad, GEN_NO_MODRM, 0, GEN_SZ_V, 0, FA),
    T1("string", "scas", 0xae, GEN_NO_MODRM, 0, GEN_SZ_B, 0, FA),
    T1("string", "scas", 0xaf, GEN_NO_MODRM, 0, GEN_SZ_V, 0, FA),
    T1("misc", "nop", 0x90, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T0F("misc", "nop Ev", 0x1f, 0, 0, GEN_SZ_V, GEN_RM_ANY, FA),
    T0F("misc", "ud2", 0x0b, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("misc", "int3", 0xcc, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("misc", "hlt", 0xf4, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    T1("misc", "cli", 0xfa, GEN_NO_MODRM, 0, GEN_SZ_NONE, 0, FA),
    VEX("andn Gy,By,Ey", 2, 0, 0xf2, GEN_REG_RANDOM, 0, TEST_SF | TEST_ZF | TEST_CF | TEST_OF),
    VEX("bextr Gy,Ey,By", 2, 0, 0xf7, GEN_REG_RANDOM, 0, TEST_ZF | TEST_CF | TEST_OF),
    VEX("blsr By,Ey", 2, 0, 0xf3, 1, 0, TEST_SF | TEST_ZF | TEST_CF | TEST_OF),
    VEX("blsmsk By,Ey", 2, 0, 0xf3, 2, 0, TEST_SF | TEST_ZF | TEST_CF | TEST_OF),
    VEX("blsi By,Ey", 2, 0, 0xf3, 3, 0, TEST_SF | TEST_ZF | TEST_CF | TEST_OF),
    VEX("bzhi Gy,Ey,By", 2, 0, 0xf5, GEN_REG_RANDOM, 0, TEST_SF | TEST_ZF | TEST_CF | TEST_OF),
    VEX("pdep Gy,By,Ey", 2, 3, 0xf5, GEN_REG_RANDOM, 0, FA),
    VEX("pext Gy,By,Ey", 2, 2, 0xf5, GEN_REG_RANDOM, 0, FA),
    VEX("mulx Gy,By,Ey", 2, 3, 0xf6, GEN_REG_RANDOM, 0, FA),
    VEX("rorx Gy,Ey,Ib", 3, 3, 0xf0, GEN_REG_RANDOM, 1, FA),
    VEX("sarx Gy,Ey,By", 2, 2, 0xf7, GEN_REG_RANDOM, 0, FA),
    VEX("shlx Gy,Ey,By", 2, 1, 0xf7, GEN_REG_RANDOM, 0, FA),
    VEX("shrx Gy,Ey,By", 2, 3, 0xf7, GEN_REG_RANDOM, 0, FA),
    /* The flags each defines, per the SDM: DAA/DAS leave OF undefined,
     * AAA/AAS OF SF ZF PF, AAM/AAD OF AF CF. */
    T32("daa", 0x27, 0, GEN_SZ_NONE, 0, FA & ~TEST_OF),
    T32("das", 0x2f, 0, GEN_SZ_NONE, 0, FA & ~TEST_OF),
    T32("aaa", 0x37, 0, GEN_SZ_NONE, 0, TEST_AF | TEST_CF),
    T32("aas", 0x3f, 0, GEN_SZ_NONE, 0, TEST_AF | TEST_CF),
    T32("aam Ib", 0xd4, 1, GEN_SZ_NONE, 0, TEST_SF | TEST_ZF | TEST_PF),
    T32("aad Ib", 0xd5, 1, GEN_SZ_NONE, 0, TEST_SF | TEST_ZF | TEST_PF),
    T32("salc", 0xd6, 0, GEN_SZ_NONE, 0, FA),
    T32("pusha", 0x60, 0, GEN_SZ_V, 0, FA),
    T32("popa", 0x61, 0, GEN_SZ_V, 0, FA),
    T32("bound Gv,Ma", 0x62, 0, GEN_SZ_V, GEN_RM_MEM, FA),
    T32("into", 0xce, 0, GEN_SZ_NONE, 0, FA),
};
const unsigned gen_nb_templates = ARRAY_SIZE(gen_templates);

extern const InsnTemplate gen_templates_sse[], gen_templates_x87[];
extern const unsigned gen_nb_templates_sse, gen_nb_templates_x87;

const TemplateSet gen_sets[] = {
    { gen_templates, &gen_nb_templates },
    { gen_templates_sse, &gen_nb_templates_sse },
    { gen_templates_x87, &gen_nb_templates_x87 },
};
const unsigned gen_nb_sets = ARRAY_SIZE(gen_sets);

static unsigned rnd(uint64_t *rng, unsigned n) { return (unsigned)(test_rand64(rng) % n); }

/* Edge-biased immediate of n bytes. */
static uint64_t rnd_imm(uint64_t *rng, unsigned n)
{
    static const uint64_t edges[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
                                      0x7fffffff, 0x80000000, 0xffffffff, ~0ull, 31, 32, 63, 64 };
    uint64_t v = rnd(rng, 3) ? edges[rnd(rng, ARRAY_SIZE(edges))] : test_rand64(rng);

    return n >= 8 ? v : v & ((1ull << (8 * n)) - 1);
}

static uint8_t *put_imm(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        *p++ = (uint8_t)(v >> (8 * i));
    return p;
}

/*
 * A ModRM (and SIB/displacement) for the r/m operand. Memory forms use rsi,
 * rdi or rsp as base (they point into the data window) or RIP-relative
 * addressing of the window, with small displacements. In 32-bit mode the
 * RIP-relative form is an absolute disp32 (mod 00, r/m 101) into the window,
 * and with addr16 (a 67 prefix there) the 16-bit forms, whose addresses lie
 * below 64 KiB, outside the window: they fault, or test LEA's truncation.
 */
static uint8_t *put_modrm(uint8_t *p, unsigned reg, bool mem, unsigned mode, bool addr16,
                          unsigned nregs, uint64_t *rng, uint8_t *rex, const uint8_t *insn_start)
{
    reg &= 7;
    if (!mem) {
        *p++ = (uint8_t)(0xc0 | reg << 3 | rnd(rng, nregs));
        if (mode == 64 && rnd(rng, 2))
            *rex |= 1;      /* REX.B: r8-r15 */
        return p;
    }
    if (addr16) {
        switch (rnd(rng, 5)) {
        case 0: *p++ = (uint8_t)(0x00 | reg << 3 | 4); break;                   /* [si] */
        case 1: *p++ = (uint8_t)(0x00 | reg << 3 | 5); break;                   /* [di] */
        case 2: *p++ = (uint8_t)(0x00 | reg << 3 | 0); break;                   /* [bx+si] */
        case 3: *p++ = (uint8_t)(0x40 | reg << 3 | 6); *p++ = (uint8_t)rnd(rng, 256); break; /* [bp+d8] */
        default: *p++ = (uint8_t)(0x00 | reg << 3 | 6);                         /* [disp16] */
                 p = put_imm(p, rnd(rng, 0x10000), 2); break;
        }
        return p;
    }
    switch (rnd(rng, 5)) {
    case 0: *p++ = (uint8_t)(0x00 | reg << 3 | 6); break;                       /* [rsi] */
    case 1: *p++ = (uint8_t)(0x40 | reg << 3 | 7); *p++ = (uint8_t)rnd(rng, 0x80); break; /* [rdi+d8] */
    case 2: *p++ = (uint8_t)(0x40 | reg << 3 | 4); *p++ = 0x24;                 /* [rsp+d8] */
            *p++ = (uint8_t)(rnd(rng, 16) * 8); break;
    case 3: *p++ = (uint8_t)(0x40 | reg << 3 | 6); *p++ = (uint8_t)(0x100 - rnd(rng, 0x40)); break;
    default: {
        /* [rip + disp32] into the window: disp relative to the insn end,
         * which is not known yet; aim at the window's middle roughly. */
        uint32_t target = TEST_DATA_ADDR + 0x400 + rnd(rng, 0x400);
        int32_t disp = mode == 32 ? (int32_t)target                     /* [disp32] */
                     : (int32_t)target - (int32_t)(TEST_CODE_ADDR + (uint32_t)(p - insn_start) + 16);

        *p++ = (uint8_t)(0x00 | reg << 3 | 5);
        p = put_imm(p, (uint32_t)disp, 4);
        break;
    }
    }
    return p;
}

bool gen_template_valid(const InsnTemplate *t, unsigned mode)
{
    return !t->only || t->only == mode;
}

/* gen_insn(), with the explicit general registers drawn from the first nregs. */
static size_t emit(const InsnTemplate *t, uint8_t *buf, unsigned mode, unsigned nregs,
                   uint64_t *rng)
{
    uint8_t *p = buf;
    unsigned opsize = 4;
    uint8_t rex = 0;
    uint8_t body[16], *b = body;
    bool mem = false, addr16 = false, o16 = false;
    unsigned reg = t->reg >= 0 ? (unsigned)t->reg : rnd(rng, nregs);

    /* Operand size: 32-bit mode has no REX, so no 64-bit operands either. */
    if (t->sizes & GEN_SZ_V)
        opsize = (unsigned[]){ 2, 4, 8 }[rnd(rng, mode == 64 ? 3 : 2)];
    else if (t->sizes & GEN_SZ_DQ)
        opsize = mode == 64 && rnd(rng, 2) ? 8 : 4;
    else if (t->sizes & GEN_SZ_B)
        opsize = 1;
    if (opsize == 8)
        rex |= 8;
    if (mode == 64 && t->reg == GEN_REG_RANDOM && rnd(rng, 2))
        rex |= 4;           /* REX.R */
    if (t->rm)
        mem = t->rm == GEN_RM_MEM || (t->rm == GEN_RM_ANY && rnd(rng, 2));

    if (t->vex) {
        /* C4 RXB.mmmmm W.vvvv.L.pp opcode modrm */
        uint8_t vreg = (uint8_t)rnd(rng, mode == 64 ? 16 : nregs);
        uint8_t tmp[16];
        size_t n;

        /* ModRM first (it decides REX.B), then the VEX bytes that carry it. */
        b = put_modrm(b + 2 + t->oplen, reg, mem, mode, false, nregs, rng, &rex, p);
        n = (size_t)(b - (body + 2 + t->oplen));
        memcpy(tmp, body + 2 + t->oplen, n);
        p[0] = 0xc4;
        p[1] = (uint8_t)((((rex & 4) ? 0 : 0x80) | ((rex & 2) ? 0 : 0x40) | ((rex & 1) ? 0 : 0x20)) | t->vex);
        p[2] = (uint8_t)(((rex & 8) ? 0x80 : 0) | ((~vreg & 15) << 3) | t->vex_pp);
        p += 3;
        memcpy(p, t->op, t->oplen);
        p += t->oplen;
        memcpy(p, tmp, n);
        p += n;
        if (t->imm)
            p = put_imm(p, rnd_imm(rng, 1), 1);
        return (size_t)(p - buf);
    }

    if (opsize == 2)
        *p++ = 0x66;
    /* In 32-bit mode, now and then a 16-bit near branch or stack operation:
     * IP is truncated to 16 bits, pushes and pops move 2 bytes. */
    if (mode == 32 && opsize != 2 && t->sizes == GEN_SZ_NONE && !t->prefix &&
        (!strcmp(t->cls, "branch") || !strcmp(t->cls, "stack") || !strcmp(t->cls, "cc")) &&
        rnd(rng, 6) == 0) {
        *p++ = 0x66;
        o16 = true;
    }
    /* 32-bit addressing now and then: the window pointers fit in 32 bits.
     * In 32-bit mode 67 selects 16-bit addressing: for memory operands,
     * and for the count and pointers of LOOP, JECXZ and string operations;
     * not CMPS, whose two operands would both fault there, and which one
     * reports is the model's choice (AMD EPYC: ES:[DI] but under REPE CMPSB). */
    if ((mem || (mode == 32 && (!strncmp(t->name, "loop", 4) || !strcmp(t->name, "jrcxz rel8") ||
                                (!strcmp(t->cls, "string") && strcmp(t->name, "cmps"))))) &&
        rnd(rng, 4) == 0) {
        *p++ = 0x67;
        addr16 = mode == 32;
    }
    if (t->prefix)
        *p++ = t->prefix;
    /* Byte forms: sometimes a bare REX, which turns AH-BH into SPL-DIL. */
    if (mode == 64 && opsize == 1 && rnd(rng, 3) == 0)
        rex |= 0x40;

    memcpy(b, t->op, t->oplen);
    b += t->oplen;
    if (t->reg == GEN_OPCODE_REG) {
        b[-1] = (uint8_t)(b[-1] + rnd(rng, nregs));
        if (mode == 64 && rnd(rng, 2))
            rex |= 1;
    } else if (t->reg != GEN_NO_MODRM) {
        b = put_modrm(b, reg, mem, mode, addr16, nregs, rng, &rex, p);
    }
    if (!strcmp(t->name, "jcc rel8") || !strcmp(t->name, "jcc rel32") || !strcmp(t->name, "cmovcc Gv,Ev") ||
        !strcmp(t->name, "setcc Eb"))
        body[t->oplen - 1] = (uint8_t)(body[t->oplen - 1] + rnd(rng, 16));

    switch (t->imm) {
    case 0: break;
    case GEN_IMM_Z: b = put_imm(b, rnd_imm(rng, opsize == 2 ? 2 : 4), opsize == 2 ? 2 : 4); break;
    case GEN_IMM_V: b = put_imm(b, rnd_imm(rng, opsize), opsize); break;
    case GEN_IMM_SHIFT: {
        static const uint8_t counts[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255 };
        *b++ = rnd(rng, 2) ? counts[rnd(rng, ARRAY_SIZE(counts))] : (uint8_t)rnd(rng, 256);
        break;
    }
    case GEN_IMM_SMALL16: *b++ = (uint8_t)rnd(rng, opsize == 2 ? 16 : 64); break;
    case GEN_IMM_ENTER:
        /* frame size (a multiple of 8, small), nesting level 0-3 */
        b = put_imm(b, rnd(rng, 32) * 8, 2);
        *b++ = (uint8_t)rnd(rng, 4);
        break;
    default: {
        /* rel32 and Iz forms shrink to 2 bytes under a 66 prefix. */
        unsigned n = o16 && t->imm == 4 ? 2 : t->imm;

        /* Branch displacements go forward only, so nothing loops forever. */
        if (t->cls[0] == 'c' || t->cls[0] == 'b')
            b = put_imm(b, rnd(rng, 24), n);
        else if (!strcmp(t->name, "ret Iw"))
            b = put_imm(b, rnd(rng, 64) * 8, 2);
        else
            b = put_imm(b, rnd_imm(rng, n), n);
        break;
    }
    }
    if (rex)
        *p++ = (uint8_t)(0x40 | rex);
    memcpy(p, body, (size_t)(b - body));
    p += b - body;
    return (size_t)(p - buf);
}

size_t gen_insn(const InsnTemplate *t, uint8_t *buf, unsigned mode, uint64_t *rng)
{
    return emit(t, buf, mode, 8, rng);
}

/*
 * Compatibility mode checks the flat segments' 4 GiB limit: an access that
 * straddles 0xffffffff raises #SS or #GP(0) where Vireo, which does not
 * model segment limits, wraps and raises #PF. Until it does, the registers
 * in mask keep out of the first and last 4 KiB, which small displacements
 * and the stack's growth would carry across the limit.
 */
static void avoid_limit_wrap(TestState *s, unsigned mask, uint64_t *rng)
{
    for (int i = 0; i < TEST_R8; i++) {
        uint32_t v = (uint32_t)s->gpr[i];

        if ((mask >> i & 1) && (v < 0x1000u || v >= 0xfffff000u))
            s->gpr[i] = TEST_DATA_ADDR + (test_rand64(rng) & 0x7f8);
    }
}

/*
 * A template for a sequence: one that defines every flag, so that a later
 * branch or flag read never sees a flag the SDM leaves undefined. In 32-bit
 * mode, not LEAVE or POPA either, which load EBP, ESI and EDI from memory:
 * those keep the values avoid_limit_wrap() gave them (and emit() draws the
 * explicit registers from EAX-EDX).
 */
static const InsnTemplate *sequence_template(unsigned mode, uint64_t *rng)
{
    const InsnTemplate *u;

    do
        u = &gen_templates[rnd(rng, gen_nb_templates)];
    while (!strcmp(u->cls, "branch") || !strcmp(u->cls, "string") ||
           !strcmp(u->cls, "misc") || !strncmp(u->name, "jcc", 3) || u->flags != FA ||
           !gen_template_valid(u, mode) ||
           (mode == 32 && (!strcmp(u->name, "leave") || !strcmp(u->name, "popa"))));
    return u;
}

void gen_case(TestCase *tc, const InsnTemplate *t, unsigned mode, uint64_t *rng)
{
    uint8_t code[TEST_CODE_MAX];
    size_t len = 0;
    uint32_t flags;

    if (t) {
        if (t->lead) {
            memcpy(code, t->lead, t->lead_len);
            len = t->lead_len;
        }
        len += gen_insn(t, code + len, mode, rng);
        flags = t->flags;
        /* A REP prefix on string forms half of the time. */
        if (!strcmp(t->cls, "string") && rnd(rng, 2)) {
            memmove(code + 1, code, len);
            code[0] = rnd(rng, 2) ? 0xf3 : 0xf2;
            len++;
        }
    } else {
        /* A sequence of several instructions; flags compared are those the
         * last flag-writer defines, so compare only what all define. */
        unsigned n = 2 + rnd(rng, 6), nregs = mode == 64 ? 8 : 4;

        flags = FA;
        for (unsigned i = 0; i < n; i++) {
            const InsnTemplate *u = sequence_template(mode, rng);

            len += emit(u, code + len, mode, nregs, rng);
            flags &= u->flags;
            if (rnd(rng, 4) == 0 && i + 1 < n) {
                /* jcc over the next instruction, patched once it is known */
                size_t at = len, l;

                code[len++] = (uint8_t)(0x70 + rnd(rng, 16));
                code[len++] = 0;
                u = sequence_template(mode, rng);
                l = emit(u, code + len, mode, nregs, rng);
                code[at + 1] = (uint8_t)l;
                len += l;
                flags &= u->flags;
                i++;
            }
        }
    }
    test_case_init(tc, t ? t->name : "sequence", code, len);
    test_state_random(&tc->init, rng);
    tc->init.rip = TEST_CODE_ADDR;
    tc->mode = (uint8_t)mode;
    /* The bases that are not window pointers already: EBP for LEAVE and
     * ENTER; in sequences ESI and EDI too, which arithmetic may have left
     * anywhere (and ESP already points into the window). */
    if (mode == 32)
        avoid_limit_wrap(&tc->init, 1u << TEST_RBP | (t ? 0 : 1u << TEST_RSI | 1u << TEST_RDI),
                         rng);
    tc->flags_mask = flags | TEST_DF | TEST_AC;
    if (t && t->fsw_mask)
        tc->fsw_mask = t->fsw_mask;
    if (t) {
        tc->x87_ulps = t->x87_ulps;
        tc->xmm_f32_ulps = t->xmm_f32_ulps;
    }
}
