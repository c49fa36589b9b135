/*
 * Run a test case through Vireo's translator: the same two pages as the
 * native runner (data RW at TEST_DATA_ADDR, code RX at TEST_CODE_ADDR filled
 * with int3 past the code), a 64-bit user-mode CPU, and faults reported the
 * way Linux reports them to a process (signal, si_code, address), so the
 * result compares directly with tests/cpu/native.h's.
 */
#ifndef TESTS_CPU_VIREO_RUN_H
#define TESTS_CPU_VIREO_RUN_H

#include "tests/cpu/state.h"

/* 0 with *out filled, or a negative errno if the harness cannot run. */
int vireo_run(const TestCase *tc, TestResult *out);

/* The same, with the code page writable: for self-modifying code tests,
 * which have no native counterpart (the native code page is read-only). */
enum { VIREO_RUN_WRITABLE_CODE = 1 };
int vireo_run_flags(const TestCase *tc, TestResult *out, unsigned flags);

#endif
