/*
 * Unit tests: the native half of the CPU differential harness (tests/cpu/):
 * state loading and capture, faults, the timeout, memory, the comparison,
 * the corpus format and the case rate.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/cpu/corpus.h"
#include "tests/cpu/native.h"
#include "tests/cpu/state.h"

/* Cases and results are ~5-9 KiB each: keep them off the stack. */
static TestCase tc;
static TestResult res, want;

#define CODE(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

static void set_code(const char *name, const uint8_t *code, size_t len)
{
    test_case_init(&tc, name, code, len);
}

static void run_ok(void)
{
    int r = native_run(&tc, &res);

    ck_assert_msg(r == 0, "native_run(%s): %s", tc.name, strerror(-r));
}

/* What running tc would give if its code did nothing at all. */
static void want_unchanged(void)
{
    memset(&want, 0, sizeof(want));
    want.state = tc.init;
    want.state.rip = TEST_CODE_ADDR + tc.code_len;
    want.state.rflags |= TEST_IF;
    want.fault.vector = TEST_VEC_NONE;
}

static void check_same(unsigned flags_mask)
{
    char why[256];

    ck_assert_msg(!test_state_compare(&want, &res, flags_mask, why, sizeof(why)),
                  "%s: %s", tc.name, why);
}

static void check_fault(int sig, int vector, int si_code, uint64_t rip)
{
    ck_assert_msg(res.fault.signal == sig, "%s: signal %d, expected %d", tc.name,
                  res.fault.signal, sig);
    ck_assert_int_eq(res.fault.vector, vector);
    ck_assert_int_eq(res.fault.si_code, si_code);
    ck_assert_uint_eq(res.fault.rip, rip);
    ck_assert_uint_eq(res.state.rip, rip);
}

/* (a) A NOP sequence gives back exactly the state it was given. */
START_TEST(nops_round_trip_every_register)
{
    uint64_t rng = 0x1234567;

    for (int i = 0; i < 64; i++) {
        /* nop; xchg ax, ax; nopl (%rax); nopw 0(%rax,%rax) */
        set_code("nops", CODE(0x90, 0x66, 0x90, 0x0f, 0x1f, 0x00,
                              0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00));
        test_state_random(&tc.init, &rng);
        run_ok();
        want_unchanged();
        ck_assert_int_eq(res.fault.signal, 0);
        check_same(TEST_FLAGS_ALL);
        ck_assert_uint_eq(res.state.rflags, (tc.init.rflags & TEST_FLAGS_ALL) | 0x202);
        /* The comparison skips empty x87 registers; the capture is exact anyway. */
        ck_assert(!memcmp(res.state.x87.regs, tc.init.x87.regs, sizeof(tc.init.x87.regs)));
    }
}
END_TEST

/* A hand-made state with a distinct value everywhere, checked field by field. */
START_TEST(distinct_values_survive_load_and_capture)
{
    set_code("nop", CODE(0x90));
    for (int i = 0; i < TEST_NGPR; i++)
        tc.init.gpr[i] = UINT64_C(0x0101010101010101) * (uint64_t)(i + 1) ^ UINT64_C(0x8000000000000000);
    tc.init.gpr[TEST_RSP] = TEST_STACK_TOP - 8;
    tc.init.rflags = TEST_CF | TEST_PF | TEST_AF | TEST_ZF | TEST_SF | TEST_OF | TEST_DF | 2;
    tc.init.fs_base = 0x123456789000;
    tc.init.gs_base = 0x7fff00001000;
    tc.init.mxcsr = 0x7fbf;         /* RC up, FTZ, DAZ, all six flags */
    for (int r = 0; r < 16; r++) {
        test_xmm_set_q(&tc.init, r, 0, UINT64_C(0x1111111111111111) * (uint64_t)r);
        test_xmm_set_q(&tc.init, r, 1, ~UINT64_C(0x1111111111111111) * (uint64_t)r);
    }
    tc.init.x87.fcw = 0x0c7f;       /* RC toward zero, extended precision */
    tc.init.x87.fsw = 0x4500;       /* C3, C2, C0 */
    tc.init.x87.top = 3;
    tc.init.x87.ftw = 0xff;
    for (int i = 0; i < 8; i++)
        test_f80_from_double(tc.init.x87.regs[i], 1.5 * (i + 1));
    run_ok();
    ck_assert_int_eq(res.fault.signal, 0);
    for (int i = 0; i < TEST_NGPR; i++)
        ck_assert_uint_eq(res.state.gpr[i], tc.init.gpr[i]);
    ck_assert_uint_eq(res.state.rip, TEST_CODE_ADDR + 1);
    ck_assert_uint_eq(res.state.rflags, tc.init.rflags | TEST_IF);
    ck_assert_uint_eq(res.state.fs_base, tc.init.fs_base);
    ck_assert_uint_eq(res.state.gs_base, tc.init.gs_base);
    ck_assert_uint_eq(res.state.mxcsr, 0x7fbf);
    ck_assert(!memcmp(res.state.xmm, tc.init.xmm, sizeof(tc.init.xmm)));
    ck_assert_uint_eq(res.state.x87.fcw, 0x0c7f);
    ck_assert_uint_eq(res.state.x87.fsw, 0x4500);
    ck_assert_uint_eq(res.state.x87.top, 3);
    ck_assert_uint_eq(res.state.x87.ftw, 0xff);
    ck_assert(!memcmp(res.state.x87.regs, tc.init.x87.regs, sizeof(tc.init.x87.regs)));
}
END_TEST

/* (b) add rax, rbx */
START_TEST(add_gives_sum_and_flags)
{
    set_code("add rax, rbx", CODE(0x48, 0x01, 0xd8));
    tc.init.gpr[TEST_RAX] = UINT64_C(0x7fffffffffffffff);
    tc.init.gpr[TEST_RBX] = 1;
    tc.init.rflags = TEST_CF | TEST_ZF | 2;
    run_ok();
    want_unchanged();
    want.state.gpr[TEST_RAX] = UINT64_C(0x8000000000000000);
    want.state.rflags = TEST_OF | TEST_SF | TEST_AF | TEST_PF | 0x202;
    check_same(TEST_FLAGS_ARITH);
    ck_assert_uint_eq(res.state.rflags, TEST_OF | TEST_SF | TEST_AF | TEST_PF | 0x202);
}
END_TEST

/*
 * Compatibility mode (CS 0x23): 40 is INC EAX there, not REX; a push moves
 * ESP by 4; a fault reports the 32-bit EIP; and the next 64-bit case runs
 * as usual.
 */
START_TEST(compat_mode_runs_32bit_code)
{
    set_code("inc eax; push eax", CODE(0x40, 0x50));
    tc.mode = 32;
    tc.init.gpr[TEST_RAX] = 0x7fffffff;
    run_ok();
    ck_assert_int_eq(res.fault.signal, 0);
    ck_assert_uint_eq(res.state.rip, TEST_CODE_ADDR + 2);
    ck_assert_uint_eq((uint32_t)res.state.gpr[TEST_RAX], 0x80000000u);
    ck_assert_uint_eq((uint32_t)res.state.gpr[TEST_RSP], TEST_STACK_TOP - 4);
    ck_assert_uint_eq(test_mem_q(&res.state, TEST_STACK_TOP - 4 - TEST_DATA_ADDR) & 0xffffffff,
                      0x80000000u);
    ck_assert_uint_eq(res.state.rflags & (TEST_OF | TEST_SF), TEST_OF | TEST_SF);

    set_code("nop; ud2", CODE(0x90, 0x0f, 0x0b));
    tc.mode = 32;
    run_ok();
    check_fault(TEST_SIGILL, TEST_VEC_UD, TEST_ILL_ILLOPN, TEST_CODE_ADDR + 1);

    set_code("inc eax (64-bit: rex; nop)", CODE(0x40, 0x90));
    run_ok();
    ck_assert_int_eq(res.fault.signal, 0);
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 0);
}
END_TEST

/* (c) div by zero: #DE at the div, registers as before it */
START_TEST(div_by_zero_is_de)
{
    set_code("div rcx", CODE(0x90, 0x48, 0xf7, 0xf1));
    tc.init.gpr[TEST_RAX] = 5;
    run_ok();
    check_fault(TEST_SIGFPE, TEST_VEC_DE, TEST_FPE_INTDIV, TEST_CODE_ADDR + 1);
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 5);
}
END_TEST

/* (d) a load from an unmapped page: #PF, SIGSEGV with si_addr */
START_TEST(unmapped_load_is_pf)
{
    set_code("mov rax, [rbx]", CODE(0x48, 0x8b, 0x03));
    tc.init.gpr[TEST_RBX] = 0x30000010;
    run_ok();
    check_fault(TEST_SIGSEGV, TEST_VEC_PF, TEST_SEGV_MAPERR, TEST_CODE_ADDR);
    ck_assert_uint_eq(res.fault.addr, 0x30000010);
    ck_assert_uint_eq(res.fault.error_code, 4);     /* user, read, not present */
}
END_TEST

/* The code page is read/execute only: a store to it is a protection #PF. */
START_TEST(store_to_code_is_pf)
{
    set_code("mov [rbx], al", CODE(0x88, 0x03));
    tc.init.gpr[TEST_RBX] = TEST_CODE_ADDR + 0x100;
    run_ok();
    check_fault(TEST_SIGSEGV, TEST_VEC_PF, TEST_SEGV_ACCERR, TEST_CODE_ADDR);
    ck_assert_uint_eq(res.fault.addr, TEST_CODE_ADDR + 0x100);
    ck_assert_uint_eq(res.fault.error_code, 7);     /* user, write, present */
}
END_TEST

/* (e) ud2 */
START_TEST(ud2_is_ud)
{
    set_code("ud2", CODE(0x90, 0x90, 0x0f, 0x0b));
    run_ok();
    check_fault(TEST_SIGILL, TEST_VEC_UD, TEST_ILL_ILLOPN, TEST_CODE_ADDR + 2);
}
END_TEST

START_TEST(privileged_is_gp_and_int3_is_bp)
{
    set_code("hlt", CODE(0xf4));
    run_ok();
    check_fault(TEST_SIGSEGV, TEST_VEC_GP, TEST_SI_KERNEL, TEST_CODE_ADDR);

    /* A case's own int3 is a trap (RIP after it), not completion. */
    set_code("int3", CODE(0xcc, 0x90));
    run_ok();
    check_fault(TEST_SIGTRAP, TEST_VEC_BP, TEST_SI_KERNEL, TEST_CODE_ADDR + 1);

    /* Jumping past the code into the int3 padding is not completion either. */
    set_code("jmp +4", CODE(0xeb, 0x04));
    run_ok();
    check_fault(TEST_SIGTRAP, TEST_VEC_BP, TEST_SI_KERNEL, TEST_CODE_ADDR + 7);
}
END_TEST

START_TEST(misaligned_with_ac_is_ac)
{
    set_code("mov rax, [rsi+1]", CODE(0x48, 0x8b, 0x46, 0x01));
    tc.init.gpr[TEST_RSI] = TEST_DATA_ADDR + 0x40;
    tc.init.rflags = TEST_AC | 2;
    run_ok();
    check_fault(TEST_SIGBUS, TEST_VEC_AC, TEST_BUS_ADRALN, TEST_CODE_ADDR);
    ck_assert(res.state.rflags & TEST_AC);

    tc.init.rflags = 2;             /* without AC the same load completes */
    run_ok();
    ck_assert_int_eq(res.fault.signal, 0);
}
END_TEST

/* A case cannot make system calls: they are trapped. */
START_TEST(syscalls_are_trapped)
{
    set_code("syscall", CODE(0x0f, 0x05));
    tc.init.gpr[TEST_RAX] = 39;     /* getpid */
    run_ok();
    ck_assert_int_eq(res.fault.signal, TEST_SIGSYS);
    ck_assert_int_eq(res.fault.vector, TEST_VEC_NONE);
    ck_assert_uint_eq(res.fault.rip, TEST_CODE_ADDR + 2);
}
END_TEST

/* (f) SSE and x87 arithmetic */
START_TEST(sse_addps)
{
    static const uint32_t a[4] = { 0x3f800000, 0x40000000, 0x40400000, 0x40800000 };
    static const uint32_t b[4] = { 0x3f000000, 0x3f000000, 0xc0400000, 0x42c80000 };
    static const uint32_t sum[4] = { 0x3fc00000, 0x40200000, 0x00000000, 0x42d00000 };

    set_code("addps xmm0, xmm1", CODE(0x0f, 0x58, 0xc1));
    for (int i = 0; i < 4; i++) {
        test_xmm_set_d(&tc.init, 0, i, a[i]);   /* 1, 2, 3, 4 */
        test_xmm_set_d(&tc.init, 1, i, b[i]);   /* .5, .5, -3, 100 */
    }
    run_ok();
    want_unchanged();
    for (int i = 0; i < 4; i++)
        test_xmm_set_d(&want.state, 0, i, sum[i]);
    check_same(TEST_FLAGS_ALL);
}
END_TEST

START_TEST(sse_unmasked_divide_by_zero_is_xm)
{
    set_code("divps xmm0, xmm1", CODE(0x0f, 0x5e, 0xc1));
    for (int i = 0; i < 4; i++)
        test_xmm_set_d(&tc.init, 0, i, 0x3f800000);     /* 1 / 0 */
    tc.init.mxcsr = TEST_MXCSR_DEFAULT & ~0x200u;   /* ZM clear */
    run_ok();
    check_fault(TEST_SIGFPE, TEST_VEC_XM, 3 /* FPE_FLTDIV */, TEST_CODE_ADDR);
    ck_assert_uint_eq(res.state.mxcsr & 0x3f, 0x04);    /* ZE */

    tc.init.mxcsr = TEST_MXCSR_DEFAULT;                 /* masked: inf, ZE set */
    run_ok();
    ck_assert_int_eq(res.fault.signal, 0);
    ck_assert_uint_eq(test_xmm_d(&res.state, 0, 0), 0x7f800000);
    ck_assert_uint_eq(res.state.mxcsr, TEST_MXCSR_DEFAULT | 0x04);
}
END_TEST

START_TEST(x87_fadd)
{
    set_code("fadd st(0), st(1)", CODE(0xd8, 0xc1));
    tc.init.x87.top = 5;
    tc.init.x87.ftw = 1 << 5 | 1 << 6;
    test_f80_from_double(test_x87_st(&tc.init, 0), 1.5);
    test_f80_from_double(test_x87_st(&tc.init, 1), 2.25);
    run_ok();
    want_unchanged();
    test_f80_from_double(test_x87_st(&want.state, 0), 3.75);
    check_same(TEST_FLAGS_ALL);

    /* fld1; fld1; faddp: the stack grows down from TOP = 0 and pops once. */
    set_code("fld1; fld1; faddp", CODE(0xd9, 0xe8, 0xd9, 0xe8, 0xde, 0xc1));
    run_ok();
    want_unchanged();
    want.state.x87.top = 7;
    want.state.x87.ftw = 0x80;
    test_f80_from_double(want.state.x87.regs[7], 2.0);
    check_same(TEST_FLAGS_ALL);
}
END_TEST

/* (g) an endless loop is a harness error, and the harness survives it */
START_TEST(endless_loop_times_out)
{
    struct timespec t0, t1;
    double secs;

    set_code("jmp $", CODE(0xeb, 0xfe));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(native_run(&tc, &res), -ETIMEDOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert(secs > 0.9 && secs < 3.0);

    set_code("inc rax", CODE(0x48, 0xff, 0xc0));
    run_ok();
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 1);
}
END_TEST

/* (h) stores land in the window: plain, pushed, FS- and GS-relative */
START_TEST(stores_land_in_window)
{
    set_code("stores", CODE(
        0x48, 0x89, 0x47, 0x08,                                 /* mov [rdi+8], rax */
        0x53,                                                   /* push rbx */
        0x64, 0x48, 0x89, 0x04, 0x25, 0x20, 0x00, 0x00, 0x00,   /* mov fs:[0x20], rax */
        0x65, 0x48, 0x8b, 0x0c, 0x25, 0x30, 0x00, 0x00, 0x00)); /* mov rcx, gs:[0x30] */
    tc.init.gpr[TEST_RAX] = UINT64_C(0x1122334455667788);
    tc.init.gpr[TEST_RBX] = UINT64_C(0xdeadbeefcafef00d);
    tc.init.gpr[TEST_RDI] = TEST_DATA_ADDR + 0x100;
    tc.init.fs_base = TEST_DATA_ADDR;
    tc.init.gs_base = TEST_DATA_ADDR + 0x800;
    test_mem_set_q(&tc.init, 0x830, UINT64_C(0x0123456789abcdef));
    run_ok();
    want_unchanged();
    test_mem_set_q(&want.state, 0x108, UINT64_C(0x1122334455667788));
    test_mem_set_q(&want.state, TEST_STACK_TOP - TEST_DATA_ADDR - 8, UINT64_C(0xdeadbeefcafef00d));
    test_mem_set_q(&want.state, 0x20, UINT64_C(0x1122334455667788));
    want.state.gpr[TEST_RSP] -= 8;
    want.state.gpr[TEST_RCX] = UINT64_C(0x0123456789abcdef);
    check_same(TEST_FLAGS_ALL);
}
END_TEST

/* The comparison names the first difference and honours its masks. */
START_TEST(compare_names_differences)
{
    static TestResult a, b;
    char why[256];
    uint64_t rng = 99;

    memset(&a, 0, sizeof(a));
    test_state_random(&a.state, &rng);
    a.state.x87.top = 6;
    a.state.x87.ftw = 0x01;                     /* only R0 = ST(2) in use */
    a.fault.vector = TEST_VEC_NONE;
    b = a;
    ck_assert_int_eq(test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why)), 0);

    b.state.gpr[TEST_RAX] ^= 1;
    ck_assert_int_eq(test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why)), 1);
    ck_assert_msg(!strncmp(why, "rax: expected 0x", 16), "%s", why);
    b = a;
    b.state.rflags ^= TEST_CF | TEST_IF;
    ck_assert_int_eq(test_state_compare(&a, &b, TEST_FLAGS_ALL & ~TEST_CF, why, sizeof(why)), 0);
    ck_assert_int_eq(test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why)), 1);
    ck_assert_msg(!strncmp(why, "rflags.CF: expected", 19), "%s", why);
    b = a;
    test_xmm_set_q(&b.state, 3, 1, ~test_xmm_q(&a.state, 3, 1));
    test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why));
    ck_assert_msg(!strncmp(why, "xmm3[1]: ", 9), "%s", why);
    b = a;
    b.state.x87.regs[5][0] ^= 1;                /* empty: don't care */
    ck_assert_int_eq(test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why)), 0);
    b.state.x87.regs[0][9] ^= 0x80;
    test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why));
    ck_assert_msg(!strncmp(why, "st(2) [R0]: ", 12), "%s", why);
    b = a;
    b.state.mem[0x40] ^= 0xff;
    test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why));
    ck_assert_msg(!strncmp(why, "mem+0x40: ", 10), "%s", why);
    b = a;
    b.fault = (TestFault){ TEST_SIGSEGV, TEST_VEC_PF, TEST_SEGV_MAPERR, 0x30000000, TEST_CODE_ADDR, 4 };
    test_state_compare(&a, &b, TEST_FLAGS_ALL, why, sizeof(why));
    ck_assert_msg(!strncmp(why, "fault: expected none got SIGSEGV #PF", 36), "%s", why);
}
END_TEST

START_TEST(malformed_cases_are_refused)
{
    set_code("nop", CODE(0x90));
    tc.init.rflags = TEST_TF | 2;
    ck_assert_int_eq(native_run(&tc, &res), -EINVAL);
    set_code("nop", CODE(0x90));
    tc.init.mxcsr = 0x10000;
    ck_assert_int_eq(native_run(&tc, &res), -EINVAL);
    set_code("nop", CODE(0x90));
    tc.init.rip = TEST_CODE_ADDR + 2;
    ck_assert_int_eq(native_run(&tc, &res), -EINVAL);
    set_code("nop", CODE(0x90));
    tc.mode = 16;
    ck_assert_int_eq(native_run(&tc, &res), -EINVAL);
}
END_TEST

/* A few short sequences for the corpus and the rate: ALU, shifts, divides
 * (which may fault), loads and stores through the window pointers, string
 * ops, stack, SSE and x87. */
static const struct { const char *name; uint8_t len; uint8_t code[8]; } sample[] = {
    { "add rax, rbx", 3, { 0x48, 0x01, 0xd8 } },
    { "sub ecx, edx", 2, { 0x29, 0xd1 } },
    { "imul rax, rcx", 4, { 0x48, 0x0f, 0xaf, 0xc1 } },
    { "shl rdx, cl", 3, { 0x48, 0xd3, 0xe2 } },
    { "div rbx", 3, { 0x48, 0xf7, 0xf3 } },
    { "adc [rsi], al", 2, { 0x10, 0x06 } },
    { "mov rax, [rdi+8]", 4, { 0x48, 0x8b, 0x47, 0x08 } },
    { "push rbx; pop rcx", 2, { 0x53, 0x59 } },
    { "movsb", 1, { 0xa4 } },
    { "bsf rax, r9", 4, { 0x49, 0x0f, 0xbc, 0xc1 } },
    { "addps xmm0, xmm1", 3, { 0x0f, 0x58, 0xc1 } },
    { "mulsd xmm2, [rsi]", 4, { 0xf2, 0x0f, 0x59, 0x16 } },
    { "fadd st(0), st(1)", 2, { 0xd8, 0xc1 } },
    { "fld1; fmulp", 4, { 0xd9, 0xe8, 0xde, 0xc9 } },
};
#define NSAMPLE (sizeof(sample) / sizeof(sample[0]))

static void make_sample(TestCase *c, uint64_t *rng)
{
    unsigned k = (unsigned)(test_rand64(rng) % NSAMPLE);

    test_case_init(c, sample[k].name, sample[k].code, sample[k].len);
    test_state_random(&c->init, rng);
    if (test_rand64(rng) % 4 == 0 && sample[k].code[0] != 0x48 && sample[k].code[0] != 0x49)
        c->mode = 32;               /* no REX: the same bytes in compatibility mode */
}

/* (i) corpus files round-trip */
START_TEST(corpus_round_trip)
{
    enum { N = 40 };
    static TestCase cases[N];
    static TestResult results[N];
    TestCase *rc;
    TestResult *rr;
    uint64_t rng = 7;
    size_t n;
    long size;
    FILE *f = tmpfile();
    unsigned char head[16];

    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < N; i++) {
        make_sample(&cases[i], &rng);
        cases[i].flags_mask = TEST_FLAGS_ARITH;
        ck_assert_int_eq(native_run(&cases[i], &results[i]), 0);
    }
    ck_assert_int_eq(corpus_write(f, cases, results, N), 0);
    size = ftell(f);
    printf("corpus: %d cases in %ld bytes\n", N, size);

    rewind(f);
    ck_assert_int_eq(fread(head, 1, 16, f), 16);
    ck_assert(!memcmp(head, "VIREOCPU\1\0\0\0\0\0\0\0", 16));
    rewind(f);
    ck_assert_int_eq(corpus_read(f, &rc, &rr, &n), 0);
    ck_assert_uint_eq(n, N);
    for (int i = 0; i < N; i++) {
        TestResult ia = { .state = cases[i].init, .fault.vector = TEST_VEC_NONE };
        TestResult ib = { .state = rc[i].init, .fault.vector = TEST_VEC_NONE };
        char why[256];

        ck_assert_str_eq(rc[i].name, cases[i].name);
        ck_assert_uint_eq(rc[i].code_len, cases[i].code_len);
        ck_assert(!memcmp(rc[i].code, cases[i].code, cases[i].code_len));
        ck_assert_uint_eq(rc[i].flags_mask, TEST_FLAGS_ARITH);
        ck_assert_uint_eq(rc[i].mode, cases[i].mode);
        ck_assert_msg(!test_state_compare(&ia, &ib, ~0u, why, sizeof(why)), "init %d: %s", i, why);
        ck_assert_msg(!test_state_compare(&results[i], &rr[i], ~0u, why, sizeof(why)),
                      "result %d: %s", i, why);
        ck_assert(!memcmp(rc[i].init.x87.regs, cases[i].init.x87.regs, 80));
        ck_assert(!memcmp(rr[i].state.x87.regs, results[i].state.x87.regs, 80));
        ck_assert(!memcmp(&rr[i].fault, &results[i].fault, sizeof(TestFault)));
    }
    free(rc);
    free(rr);

    /* A truncated file, a foreign one and a newer version are refused. */
    ck_assert_int_eq(ftruncate(fileno(f), size - 10), 0);
    rewind(f);
    ck_assert_int_eq(corpus_read(f, &rc, &rr, &n), -EINVAL);
    rewind(f);
    fwrite("VIREOCPU\2\0\0\0\0\0\0\0", 1, 16, f);
    rewind(f);
    ck_assert_int_eq(corpus_read(f, &rc, &rr, &n), -EPROTO);
    rewind(f);
    fwrite("NOTACORP", 1, 8, f);
    rewind(f);
    ck_assert_int_eq(corpus_read(f, &rc, &rr, &n), -EINVAL);
    fclose(f);
}
END_TEST

/* (j) the rate: informational, no assertion on time */
START_TEST(throughput)
{
    enum { N = 2000 };
    struct timespec t0, t1;
    uint64_t rng = 2024;
    int faults = 0;
    double secs;

    make_sample(&tc, &rng);
    run_ok();                       /* start the server outside the timing */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N; i++) {
        make_sample(&tc, &rng);
        run_ok();
        faults += res.fault.signal != 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("native: %d cases in %.3f s, %.0f cases/s (%d faulted)\n", N, secs, N / secs, faults);
}
END_TEST

static Suite *native_suite(void)
{
    Suite *s = suite_create("native");
    TCase *st = tcase_create("state");
    TCase *fl = tcase_create("faults");
    TCase *ar = tcase_create("arith");
    TCase *hn = tcase_create("harness");

    tcase_add_test(st, nops_round_trip_every_register);
    tcase_add_test(st, distinct_values_survive_load_and_capture);
    tcase_add_test(st, stores_land_in_window);
    tcase_add_test(st, compare_names_differences);
    suite_add_tcase(s, st);

    tcase_add_test(fl, compat_mode_runs_32bit_code);
    tcase_add_test(fl, div_by_zero_is_de);
    tcase_add_test(fl, unmapped_load_is_pf);
    tcase_add_test(fl, store_to_code_is_pf);
    tcase_add_test(fl, ud2_is_ud);
    tcase_add_test(fl, privileged_is_gp_and_int3_is_bp);
    tcase_add_test(fl, misaligned_with_ac_is_ac);
    tcase_add_test(fl, syscalls_are_trapped);
    tcase_add_test(fl, sse_unmasked_divide_by_zero_is_xm);
    suite_add_tcase(s, fl);

    tcase_add_test(ar, add_gives_sum_and_flags);
    tcase_add_test(ar, sse_addps);
    tcase_add_test(ar, x87_fadd);
    suite_add_tcase(s, ar);

    tcase_add_test(hn, endless_loop_times_out);
    tcase_add_test(hn, malformed_cases_are_refused);
    tcase_add_test(hn, corpus_round_trip);
    tcase_add_test(hn, throughput);
    tcase_set_timeout(hn, 20);
    suite_add_tcase(s, hn);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(native_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    native_close();
    return failed ? 1 : 0;
}
