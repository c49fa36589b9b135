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

/* 0 with *out filled; -ETIMEDOUT if it ran more than max_tbs blocks. */
int vireo_run(const TestCase *tc, TestResult *out);

#endif
