/*
 * Hand-picked CPU cases that random operands rarely reach, run on the host
 * and through Vireo like the generated ones: the overflowing signed
 * divisions (whose C equivalents trap on the host if done naively) and
 * division by zero at every operand size, ENTER frames reaching below
 * the mapped stack, and rotates by constants after a TB boundary (JMP to
 * the next instruction), where the translator derives the lazy CC_OP_ROT
 * state from cc_op at run time, including after ADC/SBB, whose flags it
 * must fold first, and a condition read at a TB's start after a different
 * op than the one the translator guessed.
 */
#include "tests/unit/check-run.h"
#include <string.h>

#include "tests/cpu/native.h"
#include "tests/cpu/vireo-run.h"

typedef struct EdgeCase {
    const char *name;
    uint8_t code[32];
    unsigned len;
    uint64_t rax, rdx, rcx;
    uint64_t rflags;
    uint32_t flags;        /* RFLAGS bits compared besides DF and AC */
} EdgeCase;

/* Rotates: OF is defined for a count of 1 only (SDM ROL/ROR). */
#define ROT1_FLAGS TEST_FLAGS_ARITH
#define ROTN_FLAGS (TEST_FLAGS_ARITH & ~TEST_OF)

static const EdgeCase cases[] = {
    /* idiv cl: AX = 0x8000 / -1 = 32768, too big for AL */
    { "idiv8 min/-1",  { 0xf6, 0xf9 }, 2, 0x8000, 0, 0xff },
    /* idiv cx: DX:AX = 0x80000000 / -1 */
    { "idiv16 min/-1", { 0x66, 0xf7, 0xf9 }, 3, 0x0000, 0x8000, 0xffff },
    /* idiv ecx: EDX:EAX = 0x8000000000000000 / -1 */
    { "idiv32 min/-1", { 0xf7, 0xf9 }, 2, 0, 0x80000000, 0xffffffff },
    /* idiv rcx: RDX:RAX = -2^127 / -1 */
    { "idiv64 min/-1", { 0x48, 0xf7, 0xf9 }, 3, 0, 0x8000000000000000ull, ~0ull },
    /* the largest quotients that still fit */
    { "idiv16 -32768", { 0x66, 0xf7, 0xf9 }, 3, 0x8000, 0xffff, 0x0001 },
    { "idiv64 max",    { 0x48, 0xf7, 0xf9 }, 3, ~0ull >> 1, 0, 1 },
    { "div8 by 0",     { 0xf6, 0xf1 }, 2, 5, 0, 0 },
    { "div16 by 0",    { 0x66, 0xf7, 0xf1 }, 3, 5, 0, 0 },
    { "div32 by 0",    { 0xf7, 0xf1 }, 2, 5, 0, 0 },
    { "div64 by 0",    { 0x48, 0xf7, 0xf1 }, 3, 5, 0, 0 },
    /* unsigned quotient overflow: RDX >= divisor */
    { "div64 overflow", { 0x48, 0xf7, 0xf1 }, 3, 0, 7, 7 },
    /* mov sp, 0x40 (bottom of the window); enter 0xf8, L: the new stack top
     * is below the window, and ENTER faults there before changing anything */
    { "enter frame below stack", { 0x66, 0xbc, 0x40, 0x00, 0xc8, 0xf8, 0x00, 0x00 }, 8, 0, 0, 0 },
    { "enter level 1 below stack", { 0x66, 0xbc, 0x40, 0x00, 0xc8, 0xf8, 0x00, 0x01 }, 8, 0, 0, 0 },
    { "enter frame fits", { 0x66, 0xbc, 0x08, 0x01, 0xc8, 0x00, 0x01, 0x00 }, 8, 0, 0, 0 },
    /* stc; adc eax, ecx; jmp $+2; rol eax, 1 */
    { "adc, TB end, rol 1", { 0xf9, 0x11, 0xc8, 0xeb, 0x00, 0xd1, 0xc0 }, 7, 0x7fffffff, 0, 0, 0, ROT1_FLAGS },
    /* stc; sbb eax, ecx; jmp $+2; ror eax, 4 */
    { "sbb, TB end, ror 4", { 0xf9, 0x19, 0xc8, 0xeb, 0x00, 0xc1, 0xc8, 0x04 }, 8, 0, 0, 0x7f, 0, ROTN_FLAGS },
    /* add eax, ecx; ror eax, 7; rol eax, 3 (in one TB) */
    { "add, ror, rol", { 0x01, 0xc8, 0xc1, 0xc8, 0x07, 0xc1, 0xc0, 0x03 }, 8, 0x80, 0, 0xff80, 0, ROTN_FLAGS },
    /* ror eax, 7; jmp $+2; rol eax, 3: a rotate after a CC_OP_ROT state */
    { "ror, TB end, rol", { 0xc1, 0xc8, 0x07, 0xeb, 0x00, 0xc1, 0xc0, 0x03 }, 8, 0x81, 0, 0, 0x8d5, ROTN_FLAGS },
    /* add ax, cx; jmp $+2; rol ax, 8 */
    { "add16, TB end, rol16 8", { 0x66, 0x01, 0xc8, 0xeb, 0x00, 0x66, 0xc1, 0xc0, 0x08 }, 9,
      0x8001, 0, 0x7fff, 0, ROTN_FLAGS },
    /* sub eax, ecx; jmp $+2; rol eax, 32: a masked count of 0 keeps SUB's flags */
    { "sub, TB end, rol 32", { 0x29, 0xc8, 0xeb, 0x00, 0xc1, 0xc0, 0x20 }, 7, 1, 0, 2, 0, TEST_FLAGS_ARITH },
    /* A SETL at the start of a TB, reached after CMP (as when it was
     * translated) then after ADD: the translator's guess of cc_op is right
     * once and wrong once (taken as a CMP, the ADD's state reads L = 0).
     *   mov ecx, 2; cmp eax, edx; jmp S; T: add edi, edx; jmp S;
     *   S: setl bl; shl esi, 8; or esi, ebx; dec ecx; jnz T */
    { "setl after a guessed cc_op", { 0xb9, 0x02, 0x00, 0x00, 0x00, 0x39, 0xd0, 0xeb, 0x04,
      0x01, 0xd7, 0xeb, 0x00, 0x0f, 0x9c, 0xc3, 0xc1, 0xe6, 0x08, 0x09, 0xde, 0xff, 0xc9,
      0x75, 0xf0 }, 25, 0x80000001, 0x80000002, 0, 0, TEST_FLAGS_ARITH },
    /* The same for LAHF (all of EFLAGS' low byte; AF masked, TEST leaves
     * it undefined), after TEST then ADD (whose carry a wrong guess loses).
     *   mov ecx, 2; test eax, edx; jmp S; T: add edx, edx; jmp S;
     *   S: lahf; shl esi, 8; mov bl, ah; and bl, 0xef; or esi, ebx; dec ecx; jnz T */
    { "lahf after a guessed cc_op", { 0xb9, 0x02, 0x00, 0x00, 0x00, 0x85, 0xd0, 0xeb, 0x04,
      0x01, 0xd2, 0xeb, 0x00, 0x9f, 0xc1, 0xe6, 0x08, 0x88, 0xe3, 0x80, 0xe3, 0xef, 0x09, 0xde,
      0xff, 0xc9, 0x75, 0xed }, 28, 0x80000001, 0x80000002, 0, 0, TEST_FLAGS_ARITH },
    /* stc; adc rax, rcx; jmp $+2; ror rax, 1 */
    { "adc64, TB end, ror64 1", { 0xf9, 0x48, 0x11, 0xc8, 0xeb, 0x00, 0x48, 0xd1, 0xc8 },
      9, ~0ull, 0, 0, 0, ROT1_FLAGS },
};

START_TEST(edge_case_matches_host)
{
    const EdgeCase *e = &cases[_i];
    static TestCase tc;
    static TestResult expected, got;
    char why[256];

    test_case_init(&tc, e->name, e->code, e->len);
    tc.init.gpr[TEST_RAX] = e->rax;
    tc.init.gpr[TEST_RDX] = e->rdx;
    tc.init.gpr[TEST_RCX] = e->rcx;
    if (e->rflags)
        tc.init.rflags = e->rflags | TEST_RFLAGS_FIXED;
    tc.flags_mask = TEST_DF | TEST_AC | e->flags;  /* DIV leaves the arithmetic flags undefined */
    ck_assert_int_eq(native_run(&tc, &expected), 0);
    ck_assert_int_eq(vireo_run(&tc, &got), 0);
    ck_assert_msg(!test_state_compare(&expected, &got, tc.flags_mask, why, sizeof(why)),
                  "%s: %s", e->name, why);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cpu-edge");
    TCase *t = tcase_create("edge");
    int failed;

    tcase_add_loop_test(t, edge_case_matches_host, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    suite_add_tcase(s, t);
    failed = check_run(s, false);
    native_close();
    return failed;
}
