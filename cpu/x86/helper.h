/*
 * Run-time helpers called from translated code, for what does not belong
 * inline. Every one follows the TCGHelper ABI (tcg/tcg.h): the CPU state
 * first, then uint64_t arguments, returning uint64_t. Helpers that can fault
 * raise through cpu/x86/excp.h.
 */
#ifndef CPU_X86_HELPER_H
#define CPU_X86_HELPER_H

#include <stdint.h>

/* Division: operands in rAX/rDX as the instruction defines; #DE on a zero
 * divisor or a quotient that does not fit. */
uint64_t helper_divb(void *env, uint64_t src);
uint64_t helper_divw(void *env, uint64_t src);
uint64_t helper_divl(void *env, uint64_t src);
uint64_t helper_divq(void *env, uint64_t src);
uint64_t helper_idivb(void *env, uint64_t src);
uint64_t helper_idivw(void *env, uint64_t src);
uint64_t helper_idivl(void *env, uint64_t src);
uint64_t helper_idivq(void *env, uint64_t src);

/* Rotates through carry and double shifts: flags materialised in env
 * (CC_OP_EFLAGS) before the call; the helper updates cc_src. size: MO_8..MO_64. */
uint64_t helper_rcl(void *env, uint64_t val, uint64_t count, uint64_t size);
uint64_t helper_rcr(void *env, uint64_t val, uint64_t count, uint64_t size);
uint64_t helper_shld(void *env, uint64_t dst, uint64_t src, uint64_t count, uint64_t size);
uint64_t helper_shrd(void *env, uint64_t dst, uint64_t src, uint64_t count, uint64_t size);

/* memflags: extra MemOp flags of the operand (MO_STACK) */
uint64_t helper_locked_store(void *env, uint64_t addr, uint64_t loaded, uint64_t val,
                             uint64_t memop);
uint64_t helper_cmpxchg8b(void *env, uint64_t addr, uint64_t memflags);
uint64_t helper_cmpxchg16b(void *env, uint64_t addr, uint64_t memflags);

uint64_t helper_read_eflags(void *env);
uint64_t helper_write_eflags_popf(void *env, uint64_t val, uint64_t opsize);
uint64_t helper_enter(void *env, uint64_t frame_size, uint64_t level, uint64_t opsize);
/* INT n / INT3: a trap whose saved rip is next_rip. */
uint64_t helper_raise_interrupt(void *env, uint64_t vector, uint64_t next_rip);

/* Decimal and ASCII adjustments (32-bit code only): AL/AX and the flags
 * (materialised in cc_src, CC_OP_EFLAGS, before the call). AAM raises #DE
 * for a zero base. */
uint64_t helper_daa(void *env);
uint64_t helper_das(void *env);
uint64_t helper_aaa(void *env);
uint64_t helper_aas(void *env);
uint64_t helper_aam(void *env, uint64_t base);
uint64_t helper_aad(void *env, uint64_t base);
/* BOUND: #BR unless lower <= index <= upper (signed, opsize 2 or 4). */
uint64_t helper_bound(void *env, uint64_t index, uint64_t addr, uint64_t opsize);

uint64_t helper_cpuid(void *env);
uint64_t helper_rdtsc(void *env, uint64_t rdtscp);
uint64_t helper_rdrand(void *env);
uint64_t helper_crc32(void *env, uint64_t crc, uint64_t val, uint64_t bytes);
uint64_t helper_bextr(void *env, uint64_t src, uint64_t ctl, uint64_t bits);
uint64_t helper_bzhi(void *env, uint64_t src, uint64_t idx, uint64_t bits);
uint64_t helper_pdep(void *env, uint64_t src, uint64_t mask);
uint64_t helper_pext(void *env, uint64_t src, uint64_t mask);

#endif
