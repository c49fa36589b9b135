/*
 * The native runner on hosts that are not x86-64: there is no host CPU to
 * compare with, so cases are replayed from a corpus recorded on an x86-64
 * host instead (tests/cpu/replay.c).
 */
#include <errno.h>

#include "tests/cpu/native.h"

int native_run(const TestCase *tc, TestResult *out)
{
    (void)tc;
    (void)out;
    return -ENOTSUP;
}

void native_set_timeout(int ms) { (void)ms; }
void native_close(void) {}
