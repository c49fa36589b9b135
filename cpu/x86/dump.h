/*
 * The CPU state as text (dump.c): QEMU's `info registers` layout, 32- or
 * 64-bit by EFER.LMA, with the x87/SSE registers when fpu is set. Reads
 * env without stopping the vCPU (as QEMU's TCG does): a running vCPU's
 * registers may be a little behind.
 */
#ifndef CPU_X86_DUMP_H
#define CPU_X86_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "cpu/x86/cpu.h"

void x86_cpu_dump_state(const CPUX86State *env, FILE *f, bool fpu);

#endif
