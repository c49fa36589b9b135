/*
 * Raising guest exceptions: the one path (STYLE point 6). Called from
 * helpers and the soft MMU while a TB runs: the guest pc is put back on the
 * faulting instruction, the exception recorded, and control unwinds to
 * cpu_exec(). Nothing after the call runs.
 */
#ifndef CPU_X86_EXCP_H
#define CPU_X86_EXCP_H

#include <stdnoreturn.h>

#include "cpu/x86/cpu.h"

noreturn void x86_raise_exception(CPUX86State *env, int vector);
noreturn void x86_raise_exception_err(CPUX86State *env, int vector, int error_code);
/* #PF with its CR2 and error code. */
noreturn void x86_raise_page_fault(CPUX86State *env, uint64_t addr, int error_code);

/* IR helpers (the TCGHelper ABI). */
uint64_t helper_raise_exception(void *env, uint64_t vector);
uint64_t helper_raise_exception_err(void *env, uint64_t vector, uint64_t error_code);

#endif
