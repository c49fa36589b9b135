/*
 * The translation-block cache through the whole CPU: self-modifying code
 * (a store into the running TB, into a TB translated earlier, into a page
 * holding several TBs), long blocks, and cache invalidation. These have no
 * native counterpart (the native harness maps code read-only), so expected
 * values are written out by hand.
 */
#include "tests/unit/check-run.h"
#include <string.h>

#include "accel/tcg/cpu-exec.h"
#include "tcg/tb-cache.h"
#include "tests/cpu/vireo-run.h"

static TestCase tc;
static TestResult res;

static void run_code(const uint8_t *code, size_t len)
{
    test_case_init(&tc, "smc", code, len);
    tc.init.gpr[TEST_RSI] = TEST_DATA_ADDR;
    ck_assert_int_eq(vireo_run_flags(&tc, &res, VIREO_RUN_WRITABLE_CODE), 0);
    ck_assert_msg(res.fault.signal == 0, "faulted: signal %d at 0x%llx", res.fault.signal,
                  (unsigned long long)res.fault.rip);
}

/* A store patches the immediate of the very next instruction, in the same TB. */
START_TEST(store_into_next_instruction_of_running_tb)
{
    static const uint8_t code[] = {
        0xc6, 0x05, 0x01, 0x00, 0x00, 0x00, 0x2a,     /* 0: mov byte [rip+1], 0x2a */
        0xb8, 0x01, 0x00, 0x00, 0x00,                 /* 7: mov eax, 1 (imm at 8) */
    };

    run_code(code, sizeof(code));
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 0x2a);
}
END_TEST

/* A loop rewrites an instruction it has already executed: the second
 * iteration must run the new code. */
START_TEST(loop_rewrites_translated_instruction)
{
    static const uint8_t code[] = {
        0xb9, 0x02, 0x00, 0x00, 0x00,                 /* 0:  mov ecx, 2 */
        0xb8, 0x01, 0x00, 0x00, 0x00,                 /* 5:  top: mov eax, 1 (imm at 6) */
        0x01, 0xc3,                                   /* a:  add ebx, eax */
        0xc6, 0x05, 0xf3, 0xff, 0xff, 0xff, 0x05,     /* c:  mov byte [rip-13], 5 -> 0x13-13 = 6 */
        0xff, 0xc9,                                   /* 13: dec ecx */
        0x75, 0xee,                                   /* 15: jnz top (0x17-18 = 5) */
    };

    run_code(code, sizeof(code));
    ck_assert_uint_eq(res.state.gpr[TEST_RBX], 1 + 5);
    ck_assert_uint_eq(res.state.gpr[TEST_RCX], 0);
}
END_TEST

/* A function translated on its first call is rewritten by the caller's
 * block (not the running one) and called again: the new code must run. */
START_TEST(rewrite_of_another_block)
{
    static const uint8_t code[] = {
        0xe8, 0x0e, 0x00, 0x00, 0x00,                 /* 0:  call f (0x13) */
        0xc6, 0x05, 0x09, 0x00, 0x00, 0x00, 0x07,     /* 5:  mov byte [rip+9], 7 -> 0x15 */
        0xe8, 0x02, 0x00, 0x00, 0x00,                 /* c:  call f (0x13) */
        0xeb, 0x04,                                   /* 11: jmp 0x17 */
        0x83, 0xc2, 0x03,                             /* 13: f: add edx, 3 (imm at 0x15) */
        0xc3,                                         /* 16: ret */
    };

    run_code(code, sizeof(code));
    ck_assert_uint_eq(res.state.gpr[TEST_RDX], 3 + 7);
}
END_TEST

/* Running different code at the same address must never reuse a stale
 * translation (the harness invalidates between cases; so does a guest
 * writing its code page through the data path). */
START_TEST(same_address_new_code)
{
    static const uint8_t a[] = { 0xb8, 0x11, 0x00, 0x00, 0x00 };   /* mov eax, 0x11 */
    static const uint8_t b[] = { 0xb8, 0x22, 0x00, 0x00, 0x00 };   /* mov eax, 0x22 */

    run_code(a, sizeof(a));
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 0x11);
    run_code(b, sizeof(b));
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 0x22);
}
END_TEST

/* A straight run longer than the per-TB limit (512 instructions) is split
 * into several blocks (1300 in 3900 bytes: at least 3) and still computes
 * the right thing. */
START_TEST(long_block_is_split)
{
    uint8_t code[1300 * 3];
    size_t n = 0;
    ExecStats before = cpu_exec_stats(), after;

    for (int i = 0; i < 1300; i++) {
        code[n++] = 0x48;      /* inc rax: 48 ff c0 */
        code[n++] = 0xff;
        code[n++] = 0xc0;
    }
    run_code(code, n);
    after = cpu_exec_stats();
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 1300);
    ck_assert_uint_ge(after.tbs_translated - before.tbs_translated, 3);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tb");
    TCase *t = tcase_create("smc");

    tcase_add_test(t, store_into_next_instruction_of_running_tb);
    tcase_add_test(t, loop_rewrites_translated_instruction);
    tcase_add_test(t, rewrite_of_another_block);
    tcase_add_test(t, same_address_new_code);
    tcase_add_test(t, long_block_is_split);
    suite_add_tcase(s, t);
    return check_run(s, false);
}
