/*
 * Fast REP MOVS / REP STOS: many iterations per call, straight on host
 * memory (the TCGHelper ABI, for translate-int.c's string loop).
 */
#ifndef CPU_X86_HELPER_REP_H
#define CPU_X86_HELPER_REP_H

#include <stdint.h>

/*
 * Run as many iterations of REP MOVS (movs true) or REP STOS as fit, with
 * DF = 0, in the current pages of the destination (and source) when the TLB
 * already maps them as plain writable (readable) RAM: no fill, no fault, no
 * MMIO, no page with translated code. Element size in bytes, address size
 * in bytes, the linear bases of ES and the source segment, the MMU index.
 * Updates rCX, rDI (rSI) in env; returns the number of iterations done,
 * 0 when the one-at-a-time path must take the next one.
 */
uint64_t helper_rep_fast(void *env, uint64_t movs, uint64_t size, uint64_t addrsize,
                         uint64_t es_base, uint64_t src_base, uint64_t mmu_idx);

#endif
