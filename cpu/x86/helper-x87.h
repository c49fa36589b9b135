/*
 * x87 FPU helpers (SDM Vol.1 ch.8, Vol.2 instruction pages), called from
 * translate-x87.c with the TCGHelper ABI (tcg/tcg.h): env first, then
 * uint64_t arguments.
 *
 * The stack bookkeeping lives in helper-x87.c only: TOP, the tags, stack
 * overflow and underflow (IE + SF, C1 = 1 / 0, masked response the QNaN
 * indefinite), the exception flags and their ES/B summary. An unmasked IE,
 * DE or ZE leaves the destination and the stack alone (SDM Vol.1 8.5); the
 * resulting #MF is raised by the next waiting x87 instruction, which the
 * translator checks inline (FSW.ES) before calling any helper here.
 *
 * Memory operands arrive as a linear address plus MemOp flags (MO_STACK for
 * SS); a store is done before the FPU state changes, so a faulting store
 * leaves the FPU as it was. Loads of 1-8 bytes are done by the translator and
 * arrive as a value.
 */
#ifndef CPU_X86_HELPER_X87_H
#define CPU_X86_HELPER_X87_H

#include <stdint.h>

/* Arithmetic operations (helper_farith_*). SUBR and DIVR swap the operands. */
enum { X87_ADD, X87_MUL, X87_SUB, X87_SUBR, X87_DIV, X87_DIVR };

/* Memory operand kinds. */
enum {
    X87_M32FP, X87_M64FP, X87_M80FP, X87_M16INT, X87_M32INT, X87_M64INT, X87_M80BCD,
    X87_M16INT_T, X87_M32INT_T, X87_M64INT_T,   /* FISTTP: truncating */
};

/* Compare modes (helper_fcom_*): quiet (FUCOM*) and the number of pops. */
enum { X87_CMP_QUIET = 1, X87_CMP_POP1 = 2, X87_CMP_POP2 = 4 };

/* One-operand and two-operand operations on the stack top (helper_fop). */
enum {
    X87_CHS, X87_ABS, X87_SQRT, X87_RNDINT, X87_F2XM1, X87_TST, X87_XAM,
    X87_SCALE, X87_PREM, X87_PREM1, X87_YL2X, X87_YL2XP1, X87_PATAN,
    X87_XTRACT, X87_SIN, X87_COS, X87_SINCOS, X87_PTAN,
    X87_INCSTP, X87_DECSTP, X87_CLEX, X87_INIT,
};

/* ST(dst) = ST(dst) op ST(src), then pop if pop. */
uint64_t helper_farith_st(void *env, uint64_t op, uint64_t dst, uint64_t src, uint64_t pop);
/* ST(0) = ST(0) op m, m of kind X87_M32FP/M64FP/M16INT/M32INT as loaded. */
uint64_t helper_farith_m(void *env, uint64_t op, uint64_t val, uint64_t kind);

/* FCOM/FUCOM ST(0) with ST(i) (X87_CMP_* mode), FCOM/FICOM with memory. */
uint64_t helper_fcom_st(void *env, uint64_t i, uint64_t mode);
uint64_t helper_fcom_m(void *env, uint64_t val, uint64_t kind, uint64_t pop);
/* FCOMI/FUCOMI: returns eflags (the six arithmetic flags) from the old ones. */
uint64_t helper_fcomi(void *env, uint64_t i, uint64_t mode, uint64_t eflags);

/* FLD ST(i); FLD/FILD of a loaded value; FLD m80 and FBLD from memory. */
uint64_t helper_fld_st(void *env, uint64_t i);
uint64_t helper_fld_m(void *env, uint64_t val, uint64_t kind);
uint64_t helper_fld_mem(void *env, uint64_t addr, uint64_t memflags, uint64_t kind);
/* FLD1, FLDZ and the rounded constants: c is 0-4 (FloatX87Const), 5 one, 6 zero. */
uint64_t helper_fldconst(void *env, uint64_t c);

/* FST/FSTP ST(i); FST/FIST/FISTTP/FBSTP to memory (kind), pop if pop. */
uint64_t helper_fst_st(void *env, uint64_t i, uint64_t pop);
uint64_t helper_fst_mem(void *env, uint64_t addr, uint64_t memflags, uint64_t kind, uint64_t pop);

uint64_t helper_fxch(void *env, uint64_t i);
uint64_t helper_fop(void *env, uint64_t op);
uint64_t helper_fcmov(void *env, uint64_t i, uint64_t cond);
uint64_t helper_ffree(void *env, uint64_t i, uint64_t pop);

/* Control: FNSTSW's value; FLDCW; the environment and whole state. */
uint64_t helper_fnstsw(void *env);
uint64_t helper_fldcw(void *env, uint64_t val);
uint64_t helper_fnstenv(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize);
uint64_t helper_fldenv(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize);
uint64_t helper_fnsave(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize);
uint64_t helper_frstor(void *env, uint64_t addr, uint64_t memflags, uint64_t opsize);

#endif
