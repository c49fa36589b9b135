/*
 * The native backend's code buffer running full inside cpu_exec: the
 * translating vCPU flushes every TB (the exclusive section in
 * accel/tcg/cpu-exec.c) and goes on, with the guest's results unchanged.
 * A tiny buffer (32 KiB) makes a guest loop through 700 distinct blocks
 * overflow it several times over. Skipped on hosts without a native backend.
 */
#include "tests/unit/check-run.h"

#include "accel/tcg/cpu-exec.h"
#include "tcg/tb-cache.h"
#include "tests/cpu/vireo-run.h"

#include <string.h>

static TestCase tc;
static TestResult res;

/* 700 blocks "inc rax; jmp next", run 3 times by a loop on rcx. */
START_TEST(flush_when_code_buffer_full)
{
    static uint8_t code[16 + 700 * 5 + 16];
    size_t n = 0;
    TBStats before, after;

    if (!tcg_native_backend())
        return;
    ck_assert_int_eq(tcg_native_set_code_size(32 << 10), 0);
    ck_assert_int_eq(tcg_set_backend("native"), 0);
    code[n++] = 0xb9;                               /* mov ecx, 3 */
    code[n++] = 3; code[n++] = 0; code[n++] = 0; code[n++] = 0;
    for (int i = 0; i < 700; i++) {
        code[n++] = 0x48; code[n++] = 0xff; code[n++] = 0xc0;   /* inc rax */
        code[n++] = 0xeb; code[n++] = 0x00;                     /* jmp +0: ends the block */
    }
    code[n++] = 0xff; code[n++] = 0xc9;             /* dec ecx */
    {
        int32_t rel = (int32_t)(5 - (int32_t)(n + 6));          /* jnz back to the first block */

        code[n++] = 0x0f; code[n++] = 0x85;
        memcpy(code + n, &rel, 4);
        n += 4;
    }
    before = tb_stats();
    test_case_init(&tc, "flush", code, n);
    ck_assert_int_eq(vireo_run(&tc, &res), 0);
    after = tb_stats();
    ck_assert_msg(res.fault.signal == 0, "faulted: signal %d", res.fault.signal);
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 3 * 700);
    ck_assert_uint_eq(res.state.gpr[TEST_RCX], 0);
    ck_assert_uint_ge(after.flushes - before.flushes, 2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tcg-native-flush");
    TCase *t = tcase_create("flush");

    tcase_add_test(t, flush_when_code_buffer_full);
    tcase_set_timeout(t, 60);
    suite_add_tcase(s, t);
    return check_run(s, true);
}
