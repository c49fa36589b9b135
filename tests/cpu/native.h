/*
 * Run a test case on the host CPU and record what it did: the expected
 * result for the differential tests. Only an x86-64 Linux host can do this
 * (tests/cpu/native-x86_64.c); other hosts replay a recorded corpus.
 *
 * Cases run in a forked, long-lived server process, so a case that crashes,
 * loops or scribbles over its address space cannot hurt the caller; system
 * calls made by a case are trapped (SIGSYS). The server is started by the
 * first native_run() and restarted after a timeout or a crash. Not
 * thread-safe: one caller at a time, and after a fork() only one of the two
 * processes may go on using a server started before it.
 *
 * What is loaded and captured: the 16 GPRs, RIP, RFLAGS (TEST_FLAGS_ALL;
 * a final state also reads IF and bit 1), FS and GS base, MXCSR, XMM0-15,
 * the x87 control, status and abridged tag words, TOP and ST0-7, and the
 * data window. Not yet: the YMM upper halves, which keep whatever the
 * harness left in them, so VEX.256 cases that read them are not
 * reproducible until native-x86_64 loads them.
 */
#ifndef TESTS_CPU_NATIVE_H
#define TESTS_CPU_NATIVE_H

#include "tests/cpu/state.h"

#define NATIVE_TIMEOUT_MS 1000

/*
 * Run tc natively. Returns 0 with *out filled, whether the case completed
 * (out->fault.signal == 0) or faulted; or a harness error, *out untouched:
 *   -ETIMEDOUT  the case did not finish within the timeout (the server is
 *               killed and restarted on the next call)
 *   -EINVAL     the case is malformed: code too long, entry outside the code,
 *               RFLAGS bits a user cannot set (see TEST_FLAGS_ALL), reserved
 *               MXCSR bits, TOP bits in fsw, an FS/GS base Linux refuses
 *               (at or above 2^47 - 4096)
 *   -EEXIST     the fixed guest addresses are taken in this process
 *   other       the server could not be started or died
 */
int native_run(const TestCase *tc, TestResult *out);

/* Change the timeout (milliseconds); 0 restores NATIVE_TIMEOUT_MS. */
void native_set_timeout(int ms);

/* Stop the server, if one runs. native_run() starts a new one. */
void native_close(void);

#endif
