/*
 * Lazy condition codes (see CCOp in cpu.h): arithmetic leaves its inputs and
 * result in cc_dst/cc_src/cc_src2; the six arithmetic flags are computed
 * here only when something reads them.
 */
#ifndef CPU_X86_CC_H
#define CPU_X86_CC_H

#include <stdint.h>

#include "cpu/x86/cpu.h"

/* CF PF AF ZF SF OF for the recorded operation. */
uint32_t cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2, unsigned cc_op);
/* CF alone (cheaper: the common case for ADC/SBB/RCL/JB). */
uint32_t cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2, unsigned cc_op);

/* The full architectural RFLAGS, and setting it (POPF, IRET, tests). */
uint64_t x86_get_eflags(const CPUX86State *env);
void x86_set_eflags(CPUX86State *env, uint64_t eflags, uint64_t update_mask);

/* IR helpers (the TCGHelper ABI: env first, uint64_t arguments). */
uint64_t helper_cc_compute_all(void *env, uint64_t dst, uint64_t src, uint64_t src2, uint64_t op);
uint64_t helper_cc_compute_c(void *env, uint64_t dst, uint64_t src, uint64_t src2, uint64_t op);

#endif
