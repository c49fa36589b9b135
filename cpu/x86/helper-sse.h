/*
 * Run-time helpers of the MMX/SSE translator (translate-sse.c), in the
 * TCGHelper ABI. Vector operands are passed as byte offsets into env of
 * their 64-bit lanes: an XMM register (YMMReg), an MMX register (the
 * significand of fpregs[i]) or the memory scratch xmm_t0. Lane counts are
 * passed as nq = dst qwords | src qwords << 4: 1 for MMX, 2 for XMM.
 * Floating point goes through fpu/softfloat.h under MXCSR; an unmasked
 * exception raises #XM before the destination is written.
 */
#ifndef CPU_X86_HELPER_SSE_H
#define CPU_X86_HELPER_SSE_H

#include <stdint.h>

/* Integer, logic, shuffle and move-mask operations of identity insn (X86Insn).
 * Writes dst unless the instruction's result goes to a GPR: then it returns it. */
uint64_t helper_sse_int(void *env, uint64_t insn, uint64_t dst, uint64_t src,
                        uint64_t nq, uint64_t imm);

/* Floating-point arithmetic, compares and conversions. For conversions to
 * and from GPRs imm holds the integer size in bytes (and the returned value
 * is the integer); COMISS/UCOMISS... return the EFLAGS value. */
uint64_t helper_sse_fp(void *env, uint64_t insn, uint64_t dst, uint64_t src,
                       uint64_t nq, uint64_t imm);

uint64_t helper_maskmov(void *env, uint64_t src, uint64_t mask, uint64_t nbytes,
                        uint64_t addr, uint64_t memflags);
/* PCMPxSTRx: a_off/b_off the operands, wide = REX.W (64-bit explicit
 * lengths). Writes ECX or XMM0; returns the EFLAGS value (CF ZF SF OF). */
uint64_t helper_pcmpstr(void *env, uint64_t insn, uint64_t a_off, uint64_t b_off,
                        uint64_t imm, uint64_t wide);

#endif
