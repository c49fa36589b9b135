/*
 * The x87/SSE state areas (helper-xsave.c): FXSAVE/FXRSTOR, XSAVE/XRSTOR
 * and XCR0, in the TCGHelper ABI. addr is the area's linear address;
 * memflags: extra MemOp flags of the access (MO_STACK through SS).
 * Each helper checks the whole area (alignment, then access to both ends)
 * before it stores or changes anything, so a fault leaves no half state.
 */
#ifndef CPU_X86_HELPER_XSAVE_H
#define CPU_X86_HELPER_XSAVE_H

#include <stdint.h>

struct CPUX86State;

/* XCR0 / XSTATE_BV component bits (SDM Vol.1 13.1). */
enum { XSTATE_X87 = 1 << 0, XSTATE_SSE = 1 << 1, XSTATE_AVX = 1 << 2 };

/* The 512-byte FXSAVE area, 16-byte aligned (else #GP). */
uint64_t helper_fxsave(void *env, uint64_t addr, uint64_t memflags);
uint64_t helper_fxrstor(void *env, uint64_t addr, uint64_t memflags);

/* XCR0 bits this CPU model offers (0 without XSAVE in its CPUID). */
uint64_t x86_xcr0_supported(const struct CPUX86State *env);

/* The caller has checked CR4.OSXSAVE (#UD) and, for XSAVE/XRSTOR, CR0.TS (#NM). */
uint64_t helper_xgetbv(void *env, uint64_t ecx);
uint64_t helper_xsetbv(void *env, uint64_t ecx, uint64_t val);
/* mask = EDX:EAX; the area is 64-byte aligned (else #GP), standard form only. */
uint64_t helper_xsave(void *env, uint64_t addr, uint64_t mask, uint64_t memflags);
uint64_t helper_xrstor(void *env, uint64_t addr, uint64_t mask, uint64_t memflags);

#endif
