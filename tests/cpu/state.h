/*
 * CPU differential testing: the architectural state a test case starts from
 * and ends with, the case itself, its result, and their comparison.
 *
 * A case is a short instruction sequence placed at TEST_CODE_ADDR and run
 * from a complete user-mode register state plus one 4 KiB data window at
 * TEST_DATA_ADDR. It runs once on the host CPU (tests/cpu/native.h) and once
 * under Vireo; the two TestResults must agree under test_state_compare().
 *
 * Everything here is plain data in host byte order; the guest's own byte
 * strings (XMM registers, x87 registers, memory) are kept as byte arrays in
 * guest (little-endian) order so that no host ever has to swap them.
 * tests/cpu/corpus.h gives the portable on-disk form.
 */
#ifndef TESTS_CPU_STATE_H
#define TESTS_CPU_STATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The guest address space of a case. Both pages sit below 4 GiB so that
 * 32-bit addressing (0x67 prefix) reaches them; nothing else is mapped near.
 * The stack lives in the top of the data window.
 */
#define TEST_DATA_ADDR   0x10000000u
#define TEST_DATA_SIZE   4096
#define TEST_CODE_ADDR   0x20000000u
#define TEST_CODE_SIZE   4096
#define TEST_CODE_MAX    (TEST_CODE_SIZE - 16)  /* room for the terminator */
#define TEST_STACK_TOP   (TEST_DATA_ADDR + 0xf00)  /* default rsp */
#define TEST_NAME_MAX    48

/* General registers, in x86 encoding order (ModRM reg/rm, REX.B/R/X). */
enum {
    TEST_RAX, TEST_RCX, TEST_RDX, TEST_RBX, TEST_RSP, TEST_RBP, TEST_RSI, TEST_RDI,
    TEST_R8, TEST_R9, TEST_R10, TEST_R11, TEST_R12, TEST_R13, TEST_R14, TEST_R15,
    TEST_NGPR
};

/* RFLAGS bits (SDM vol. 1, 3.4.3). */
#define TEST_CF   0x0001u
#define TEST_PF   0x0004u
#define TEST_AF   0x0010u
#define TEST_ZF   0x0040u
#define TEST_SF   0x0080u
#define TEST_TF   0x0100u
#define TEST_IF   0x0200u
#define TEST_DF   0x0400u
#define TEST_OF   0x0800u
#define TEST_AC   0x40000u
#define TEST_RFLAGS_FIXED 0x0002u                 /* bit 1 reads as 1 */
#define TEST_FLAGS_ARITH  (TEST_CF | TEST_PF | TEST_AF | TEST_ZF | TEST_SF | TEST_OF)
/*
 * What a case may set and what is compared by default: the arithmetic flags,
 * DF, and AC (which makes misaligned accesses raise #AC, since Linux runs
 * with CR0.AM set). TF, IOPL, NT, RF and the rest cannot be set from user
 * mode or would disturb the harness. A final state always reads
 * TEST_RFLAGS_FIXED | TEST_IF on top of these, as pushfq would show.
 */
#define TEST_FLAGS_ALL    (TEST_FLAGS_ARITH | TEST_DF | TEST_AC)

#define TEST_MXCSR_DEFAULT 0x1f80u
#define TEST_FCW_DEFAULT   0x037fu

/*
 * x87 state. The registers are in physical order R0..R7; ST(i) is
 * R[(top + i) & 7]. The tag word is the abridged one of FXSAVE (SDM vol. 1,
 * 10.5.1.1): bit i set means Ri is in use. The full two-bit tag (valid, zero,
 * special) is a function of the register contents, so it carries nothing
 * more. fsw holds the status word with its TOP field (bits 13:11) cleared;
 * TOP is kept in top. FIP/FDP/FOP are not part of the state: AMD parts
 * record them only when an exception is pending.
 */
typedef struct TestX87 {
    uint16_t fcw;
    uint16_t fsw;
    uint8_t ftw;
    uint8_t top;
    uint8_t regs[8][10];    /* 80-bit values, little-endian: mantissa then sign/exp */
} TestX87;

typedef struct TestState {
    uint64_t gpr[TEST_NGPR];
    uint64_t rip;
    uint64_t rflags;
    uint64_t fs_base;
    uint64_t gs_base;
    uint32_t mxcsr;
    uint8_t xmm[16][16];    /* guest byte order: xmm[n][0] is the low byte */
    /*
     * Upper halves of YMM0-15, reserved for AVX cases: the native runner
     * neither loads nor captures them yet, and they are not compared.
     */
    uint8_t ymmh[16][16];
    TestX87 x87;
    uint8_t mem[TEST_DATA_SIZE];    /* the data window, at TEST_DATA_ADDR */
} TestState;

/*
 * x86 exception vectors (SDM vol. 3, 6.3.1). A fault reports the vector the
 * host kernel saw (the trap number in the signal context).
 */
enum {
    TEST_VEC_NONE = -1,
    TEST_VEC_DE = 0, TEST_VEC_DB = 1, TEST_VEC_BP = 3, TEST_VEC_OF = 4,
    TEST_VEC_BR = 5, TEST_VEC_UD = 6, TEST_VEC_NM = 7, TEST_VEC_GP = 13,
    TEST_VEC_PF = 14, TEST_VEC_MF = 16, TEST_VEC_AC = 17, TEST_VEC_XM = 19,
};

/*
 * Signal numbers and si_codes are the guest's, i.e. Linux x86-64's, whatever
 * the host replaying a corpus uses.
 */
enum {
    TEST_SIGILL = 4, TEST_SIGTRAP = 5, TEST_SIGBUS = 7, TEST_SIGFPE = 8,
    TEST_SIGSEGV = 11, TEST_SIGSYS = 31,
};
enum {
    TEST_ILL_ILLOPN = 2, TEST_FPE_INTDIV = 1, TEST_FPE_FLTINV = 7,
    TEST_SEGV_MAPERR = 1, TEST_SEGV_ACCERR = 2, TEST_BUS_ADRALN = 1,
    TEST_SI_KERNEL = 0x80,
};

/*
 * How a case ended. signal == 0: it ran to its end (state.rip is the address
 * just past the code). Otherwise it stopped on a fault and state holds the
 * registers at the fault, state.rip == rip.
 */
typedef struct TestFault {
    int signal;             /* TEST_SIG*, 0 for none */
    int vector;             /* TEST_VEC_*, TEST_VEC_NONE if no exception (SIGSYS) */
    int si_code;
    uint64_t addr;          /* si_addr as Linux fills it: the address for #PF */
    uint64_t rip;           /* the faulting instruction (after it, for traps) */
    uint64_t error_code;    /* the exception's error code, as the kernel reports it */
} TestFault;

typedef struct TestResult {
    TestState state;
    TestFault fault;
} TestResult;

typedef struct TestCase {
    char name[TEST_NAME_MAX];   /* a label, e.g. "add r64, r64" */
    TestState init;             /* init.rip: the entry, normally TEST_CODE_ADDR */
    uint32_t flags_mask;        /* RFLAGS bits the code defines: those are compared */
    uint16_t fsw_mask;          /* x87 status word bits compared (C0-C3 are undefined
                                   after many x87 instructions); 0xffff by default */
    uint32_t code_len;
    uint8_t code[TEST_CODE_MAX];
    uint8_t mode;               /* 64: 64-bit mode; 32: compatibility mode, CS 0x23
                                   (Linux's __USER32_CS), flat data segments */
    uint8_t x87_ulps;           /* x87 registers may differ by this many units in
                                   the last place (transcendentals: the x87 is not
                                   correctly rounded); 0: bit-exact */
    uint16_t xmm_f32_ulps;      /* XMM registers compared as four float32 lanes
                                   within this many ulps (RCPPS, RSQRTPS: the SDM
                                   bounds only the error); 0: bit-exact */
} TestCase;

extern const char *const test_gpr_names[TEST_NGPR];

/* A quiet state: registers zero, rsp = TEST_STACK_TOP, rip = TEST_CODE_ADDR,
 * default MXCSR and FCW, empty x87 stack, zeroed window. */
void test_state_init(TestState *s);

/* A case running code[0..len) from test_state_init() in 64-bit mode;
 * flags_mask TEST_FLAGS_ALL. */
void test_case_init(TestCase *tc, const char *name, const void *code, size_t len);

/*
 * Fill s with edge-biased random values (0, 1, -1, 0x7f.., 0x80.., float
 * specials, plain random) from the xorshift state *rng (any nonzero seed).
 * rsp points into the stack at the top of the data window, rsi and rdi (and
 * some others by chance) point into the window, fs_base is the window and
 * gs_base its middle, so memory operands hit it. Only user-settable RFLAGS
 * and valid MXCSR values are produced; AC stays clear.
 */
void test_state_random(TestState *s, uint64_t *rng);
uint64_t test_rand64(uint64_t *rng);

/* XMM lanes, in guest (little-endian) order. */
uint64_t test_xmm_q(const TestState *s, int reg, int lane);
void test_xmm_set_q(TestState *s, int reg, int lane, uint64_t v);
uint32_t test_xmm_d(const TestState *s, int reg, int lane);
void test_xmm_set_d(TestState *s, int reg, int lane, uint32_t v);

/* 80-bit extended values: conversion from a double (exact) and ST(i) access. */
void test_f80_from_double(uint8_t out[10], double d);
uint8_t *test_x87_st(TestState *s, int i);

/* Memory window access, little-endian. off is relative to TEST_DATA_ADDR. */
uint64_t test_mem_q(const TestState *s, unsigned off);
void test_mem_set_q(TestState *s, unsigned off, uint64_t v);

const char *test_vector_name(int vector);   /* "#DE", "#PF", ... */
const char *test_signal_name(int signal);   /* "SIGSEGV", ... */

/*
 * Compare a result with the expected one. Returns 0 when they agree, 1 and
 * a description of the first difference in why[len] otherwise:
 * "rax: expected 0x.. got 0x..", "rflags.CF", "xmm3[1]" (64-bit lane),
 * "st(2)", "mem+0x40", "fault". Only RFLAGS bits in flags_mask are compared
 * (pass the flags the code defines); x87 registers only where the expected
 * tag marks them in use; the YMM upper halves not at all. Both states are
 * taken as 64-bit mode ones.
 */
int test_state_compare(const TestResult *expected, const TestResult *got,
                       unsigned flags_mask, char *why, size_t len);
/*
 * The same for the results of case tc: the RFLAGS bits in tc->flags_mask,
 * the x87 status word bits in tc->fsw_mask (C0-C3 are undefined after many
 * x87 instructions), and for a 32-bit case (tc->mode == 32) only the low
 * halves of rax..rdi and rip, and not r8-r15: compatibility mode cannot
 * reach them, and the SDM leaves the upper halves undefined across a mode
 * change (vol. 1, 3.4.1.1).
 */
int test_case_compare(const TestCase *tc, const TestResult *expected, const TestResult *got,
                      char *why, size_t len);

#endif
