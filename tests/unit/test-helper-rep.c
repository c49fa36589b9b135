/*
 * helper_rep_fast (cpu/x86/helper-rep.c): REP MOVS/STOS on host memory
 * through a hand-filled TLB. Each case is checked against the SDM's
 * element-by-element definition run on a copy of the same bytes, and for
 * the registers it leaves; the cases where it must decline (a flagged TLB
 * entry, DF = 1, no TLB entry) must change nothing.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/x86/cpu.h"
#include "cpu/x86/helper-rep.h"
#include "tcg/softmmu.h"
#include "tests/unit/check-run.h"

#define PAGE_A 0x40000000ull          /* two consecutive guest pages */
#define MMU 1

static CPUX86State *env;
static uint8_t *ram;                  /* host bytes of PAGE_A and PAGE_A + 4096 */

static void map_page(uint64_t page, uint8_t *host, uint64_t flags)
{
    CPUTLBEntry *e = &env->common.tlb[MMU][tlb_index(page)];

    e->addr_read = page | flags;
    e->addr_write = page | flags;
    e->addr_code = page;
    e->addend = (uintptr_t)host - page;
}

static void setup(void)
{
    env = calloc(1, sizeof(*env));
    ram = aligned_alloc(4096, 2 * 4096);
    ck_assert_ptr_nonnull(env);
    ck_assert_ptr_nonnull(ram);
    memset(env->common.tlb, 0xff, sizeof(env->common.tlb));
    for (unsigned i = 0; i < 2 * 4096; i++)
        ram[i] = (uint8_t)(i * 7 + 3);
    map_page(PAGE_A, ram, 0);
    map_page(PAGE_A + 4096, ram + 4096, 0);
    env->df = 1;
    env->hflags = HF_CS64;
}

static void teardown(void)
{
    free(ram);
    free(env);
}

/* The SDM's loop for n iterations, ascending, on host bytes. */
static void ref_movs(uint8_t *m, uint64_t d, uint64_t s, unsigned size, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        memmove(m + d + i * size, m + s + i * size, size);   /* one element: read, then write */
}

/* Overlapping copies (the destination 1..9 bytes above the source) of
 * every element size equal the element-by-element loop. */
START_TEST(movs_overlap_matches_element_loop)
{
    static const unsigned sizes[] = { 1, 2, 4, 8 };

    for (unsigned k = 0; k < 4; k++) {
        for (unsigned gap = 0; gap < 10; gap++) {
            unsigned size = sizes[k];
            uint8_t want[4096];
            uint64_t n = 40, done;

            setup();
            memcpy(want, ram, 4096);
            ref_movs(want, 100 + gap, 100, size, n);
            env->regs[R_ESI] = PAGE_A + 100;
            env->regs[R_EDI] = PAGE_A + 100 + gap;
            env->regs[R_ECX] = n;
            done = helper_rep_fast(env, 1, size, 8, 0, 0, MMU);
            ck_assert_uint_eq(done, n);
            ck_assert_int_eq(memcmp(ram, want, 4096), 0);
            ck_assert_uint_eq(env->regs[R_ECX], 0);
            ck_assert_uint_eq(env->regs[R_ESI], PAGE_A + 100 + n * size);
            ck_assert_uint_eq(env->regs[R_EDI], PAGE_A + 100 + gap + n * size);
            teardown();
        }
    }
}
END_TEST

/* STOS stops at the end of the page, leaving the rest to the slow path;
 * its element is rAX's low bytes in little-endian order. */
START_TEST(stos_stops_at_page_end)
{
    uint64_t done;

    setup();
    env->regs[R_EAX] = 0x1122334455667788ull;
    env->regs[R_EDI] = PAGE_A + 4096 - 16;
    env->regs[R_ECX] = 5;
    done = helper_rep_fast(env, 0, 4, 8, 0, 0, MMU);
    ck_assert_uint_eq(done, 4);
    ck_assert_uint_eq(env->regs[R_ECX], 1);
    ck_assert_uint_eq(env->regs[R_EDI], PAGE_A + 4096);
    for (unsigned i = 0; i < 16; i++)
        ck_assert_uint_eq(ram[4096 - 16 + i], (0x55667788u >> (8 * (i % 4))) & 0xff);
    ck_assert_uint_eq(ram[4096], (uint8_t)(4096 * 7 + 3));   /* next page untouched */
    teardown();
}
END_TEST

/* 32-bit addressing: the count and pointers wrap at 4 GiB, upper halves clear. */
START_TEST(addrsize32_writes_zero_extend)
{
    uint64_t done;

    setup();
    env->hflags = 0;
    env->regs[R_EAX] = 0xab;
    env->regs[R_EDI] = 0xdead000000000000ull | (PAGE_A + 8);
    env->regs[R_ECX] = 0xffff000000000003ull;
    done = helper_rep_fast(env, 0, 1, 4, 0, 0, MMU);
    ck_assert_uint_eq(done, 3);
    ck_assert_uint_eq(env->regs[R_ECX], 0);
    ck_assert_uint_eq(env->regs[R_EDI], PAGE_A + 11);
    ck_assert_uint_eq(ram[8], 0xab);
    ck_assert_uint_eq(ram[10], 0xab);
    teardown();
}
END_TEST

/* A code page (TLB_NOTDIRTY), DF = 1, or an unmapped page: nothing done. */
START_TEST(declines_without_a_plain_mapping)
{
    uint8_t before[4096];

    for (unsigned c = 0; c < 3; c++) {
        setup();
        memcpy(before, ram, 4096);
        if (c == 0)
            map_page(PAGE_A, ram, TLB_NOTDIRTY);
        else if (c == 1)
            env->df = -1;
        else
            memset(&env->common.tlb[MMU][tlb_index(PAGE_A)], 0xff, sizeof(CPUTLBEntry));
        env->regs[R_EDI] = PAGE_A + 64;
        env->regs[R_ECX] = 8;
        ck_assert_uint_eq(helper_rep_fast(env, 0, 1, 8, 0, 0, MMU), 0);
        ck_assert_uint_eq(env->regs[R_ECX], 8);
        ck_assert_uint_eq(env->regs[R_EDI], PAGE_A + 64);
        ck_assert_int_eq(memcmp(ram, before, 4096), 0);
        teardown();
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("helper-rep");
    TCase *t = tcase_create("rep");

    tcase_add_test(t, movs_overlap_matches_element_loop);
    tcase_add_test(t, stos_stops_at_page_end);
    tcase_add_test(t, addrsize32_writes_zero_extend);
    tcase_add_test(t, declines_without_a_plain_mapping);
    suite_add_tcase(s, t);
    return check_run(s, true);
}
