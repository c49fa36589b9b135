/*
 * The HPET (hw/hpet.h) at 0xfed00000 against manual virtual time, with IRQ
 * probes on its routes: capabilities, the 100 MHz counter, one-shot and
 * periodic comparators (Linux's programming sequence), 32-bit wrap,
 * LegacyReplacement routing and the 8254/RTC pass-through, level status,
 * comparators armed on enable, save/load and a register fuzzer.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/hpet.h"
#include "hw-test.h"
#include "check-run.h"

static HPETState *hpet;
static IrqProbe irq, pit_en;
static MemoryRegion sysmem;
static AddressSpace sys_as;

#define CFG         0x010
#define STATUS      0x020
#define COUNTER     0x0f0
#define TN_CFG(n)   (0x100 + 0x20 * (n))
#define TN_CMP(n)   (0x108 + 0x20 * (n))

#define T_LEVEL     0x002u
#define T_ENABLE    0x004u
#define T_PERIODIC  0x008u
#define T_SETVAL    0x040u
#define T_32BIT     0x100u

static void setup(void)
{
    IrqLine lines[HPET_NUM_IRQ_ROUTES] = { { 0 } };

    hwt_io_init();
    memset(&sysmem, 0, sizeof(sysmem));
    memory_region_init_container(&sysmem, "memory", UINT64_MAX);
    ck_assert_int_eq(address_space_init(&sys_as, &sysmem, "memory"), 0);
    memset(&irq, 0, sizeof(irq));
    memset(&pit_en, 0, sizeof(pit_en));
    for (int i = 0; i < 16; i++)
        lines[i] = hwt_probe_line(&irq, i);
    hpet = hpet_init(&sysmem, HPET_DEFAULT_BASE, lines, hwt_probe_line(&pit_en, 0));
}

static void teardown(void)
{
    hpet_destroy(hpet);
    address_space_destroy(&sys_as);
    memory_region_destroy(&sysmem);
    hwt_io_fini();
}

static uint32_t rd(uint32_t off)
{
    return (uint32_t)address_space_ld(&sys_as, HPET_DEFAULT_BASE + off, 4);
}

static void wr(uint32_t off, uint32_t val)
{
    address_space_st(&sys_as, HPET_DEFAULT_BASE + off, val, 4);
}

static uint64_t counter(void)
{
    uint64_t lo = rd(COUNTER);

    return lo | (uint64_t)rd(COUNTER + 4) << 32;
}

START_TEST(test_capabilities)
{
    ck_assert_uint_eq(rd(0x000), 0x8086a201);         /* 3 timers, 64-bit, legacy capable */
    ck_assert_uint_eq(rd(0x004), 10000000);           /* 10 ns in femtoseconds */
    ck_assert_uint_eq(address_space_ld(&sys_as, HPET_DEFAULT_BASE, 8), 0x009896808086a201ull);
    ck_assert_uint_eq(rd(CFG), 0);
    ck_assert_uint_eq(counter(), 0);
    for (int n = 0; n < HPET_NUM_TIMERS; n++) {
        ck_assert_uint_eq(rd(TN_CFG(n)), 0x30);       /* periodic and 64-bit capable */
        ck_assert_uint_eq(rd(TN_CFG(n) + 4), 0x4);    /* route capability: IRQ2 */
        ck_assert_uint_eq(rd(TN_CMP(n)), 0xffffffff);
        ck_assert_uint_eq(rd(TN_CMP(n) + 4), 0xffffffff);
    }
    ck_assert_int_eq(pit_en.level[0], 1);
    /* Read-only and unwritable bits stay put. */
    wr(0x000, 0);
    ck_assert_uint_eq(rd(0x000), 0x8086a201);
    wr(TN_CFG(0), 0xffffffff);
    ck_assert_uint_eq(rd(TN_CFG(0)), 0x3f7e);         /* no FSB, caps kept */
    wr(TN_CFG(0) + 4, 0);
    ck_assert_uint_eq(rd(TN_CFG(0) + 4), 0x4);
    wr(CFG, 0xfffffffc);
    ck_assert_uint_eq(rd(CFG), 0);
    ck_assert_uint_eq(rd(0x400 - 4), 0);
}
END_TEST

START_TEST(test_counter)
{
    wr(CFG, 1);
    hwt_step_ns(1000000);
    ck_assert_uint_eq(counter(), 100000);             /* 100 MHz */
    hwt_step_ns(15);
    ck_assert_uint_eq(counter(), 100001);
    wr(CFG, 0);
    hwt_step_ns(1000000);
    ck_assert_uint_eq(counter(), 100001);             /* halted */
    wr(COUNTER, 0xfffffff0);
    wr(COUNTER + 4, 0x1);
    ck_assert_uint_eq(counter(), 0x1fffffff0ull);
    wr(CFG, 1);
    hwt_step_ns(200);
    ck_assert_uint_eq(counter(), 0x200000004ull);     /* carries into the high half */
    wr(COUNTER, 0);                                   /* ignored while running */
    ck_assert_uint_eq(counter(), 0x200000004ull);
}
END_TEST

START_TEST(test_oneshot_legacy)
{
    wr(CFG, 3);                                       /* enable + LegacyReplacement */
    ck_assert_int_eq(pit_en.level[0], 0);
    wr(TN_CMP(0) + 4, 0);                             /* from reset the high half is all ones */
    wr(TN_CMP(0), (uint32_t)counter() + 1000);
    wr(TN_CFG(0), T_ENABLE);
    hwt_step_ns(9990);
    ck_assert_int_eq(irq.rises[0], 0);
    hwt_step_ns(10);
    ck_assert_int_eq(irq.rises[0], 1);                /* timer 0 -> IRQ0 */
    ck_assert_int_eq(irq.level[0], 0);                /* edge: a pulse */
    ck_assert_int_eq(irq.rises[2], 0);
    hwt_step_ns(NS_PER_SEC);
    ck_assert_int_eq(irq.rises[0], 1);                /* one-shot */
    /* A comparator already passed fires on the next tick, as QEMU. */
    wr(TN_CMP(0), 5);
    hwt_step_ns(10);
    ck_assert_int_eq(irq.rises[0], 2);
    /* Disabled timer: no interrupt. */
    wr(TN_CFG(0), 0);
    wr(TN_CMP(0), (uint32_t)counter() + 10);
    hwt_step_ns(1000);
    ck_assert_int_eq(irq.rises[0], 2);
}
END_TEST

START_TEST(test_periodic_linux_sequence)
{
    uint32_t now;

    wr(CFG, 3);
    hwt_step_ns(12345);
    /* hpet_clkevt_set_state_periodic: SETVAL, the first comparator, the period. */
    wr(TN_CFG(0), T_ENABLE | T_PERIODIC | T_SETVAL | T_32BIT);
    now = rd(COUNTER);
    wr(TN_CMP(0), now + 1000);
    wr(TN_CMP(0), 1000);
    ck_assert_uint_eq(rd(TN_CFG(0)) & T_SETVAL, 0);  /* self-clearing */
    ck_assert_uint_eq(rd(TN_CMP(0)), now + 1000);
    hwt_step_ns(NS_PER_SEC / 1000);                   /* 1 ms: 100 periods of 10 us */
    ck_assert_int_eq(irq.rises[0], 100);
    ck_assert_uint_eq(rd(TN_CMP(0)), now + 101 * 1000);
    /* Halting the main counter stops the timer; restarting resumes it. */
    wr(CFG, 2);
    hwt_step_ns(NS_PER_SEC / 1000);
    ck_assert_int_eq(irq.rises[0], 100);
    wr(CFG, 3);
    hwt_step_ns(NS_PER_SEC / 1000);
    ck_assert_int_eq(irq.rises[0], 200);
}
END_TEST

START_TEST(test_level_status_and_routes)
{
    wr(CFG, 3);
    /* Timer 1 in legacy mode -> IRQ8, level-triggered. */
    wr(TN_CMP(1), (uint32_t)counter() + 100);
    wr(TN_CFG(1), T_ENABLE | T_LEVEL);
    hwt_step_ns(1000);
    ck_assert_int_eq(irq.level[8], 1);
    ck_assert_uint_eq(rd(STATUS), 0x2);
    wr(STATUS, 0x1);                                  /* other bits: no effect */
    ck_assert_int_eq(irq.level[8], 1);
    wr(STATUS, 0x2);
    ck_assert_int_eq(irq.level[8], 0);
    ck_assert_uint_eq(rd(STATUS), 0);
    /* Timer 2 routed to IRQ2 (its only capability). */
    wr(TN_CFG(2), 2u << 9 | T_ENABLE);
    wr(TN_CMP(2), (uint32_t)counter() + 100);
    hwt_step_ns(1000);
    ck_assert_int_eq(irq.rises[2], 1);
    /* Without LegacyReplacement, timer 0 follows its own route. */
    wr(CFG, 1);
    wr(TN_CFG(0), 2u << 9 | T_ENABLE);
    wr(TN_CMP(0), (uint32_t)counter() + 100);
    hwt_step_ns(1000);
    ck_assert_int_eq(irq.rises[2], 2);
    ck_assert_int_eq(irq.rises[0], 0);
}
END_TEST

START_TEST(test_legacy_passthrough)
{
    IrqLine pit = hpet_legacy_irq(hpet, HPET_LEGACY_PIT);
    IrqLine rtc = hpet_legacy_irq(hpet, HPET_LEGACY_RTC);

    irq_raise(pit);
    irq_raise(rtc);
    ck_assert_int_eq(irq.level[0], 1);
    ck_assert_int_eq(irq.level[8], 1);
    wr(CFG, 2);                                       /* LegacyReplacement takes them */
    ck_assert_int_eq(irq.level[0], 0);
    ck_assert_int_eq(irq.level[8], 0);
    ck_assert_int_eq(pit_en.level[0], 0);
    irq_lower(pit);
    irq_raise(pit);
    ck_assert_int_eq(irq.rises[0], 1);
    wr(CFG, 0);                                       /* given back, at their levels */
    ck_assert_int_eq(irq.level[0], 1);
    ck_assert_int_eq(irq.level[8], 1);
    ck_assert_int_eq(pit_en.level[0], 1);
}
END_TEST

START_TEST(test_enable_arms_comparators)
{
    wr(TN_CFG(1), T_ENABLE);
    wr(TN_CMP(1), 500);                               /* halted: nothing runs */
    wr(TN_CMP(1) + 4, 0);
    hwt_step_ns(100000);
    ck_assert_int_eq(irq.rises[1], 0);
    ck_assert_int_eq(irq.rises[8], 0);
    wr(CFG, 3);                                       /* enable arms it: 5 us */
    hwt_step_ns(4990);
    ck_assert_int_eq(irq.rises[8], 0);
    hwt_step_ns(10);
    ck_assert_int_eq(irq.rises[8], 1);
}
END_TEST

START_TEST(test_32bit_oneshot_wrap)
{
    wr(COUNTER, 0xffffff00);
    wr(CFG, 3);
    wr(TN_CFG(0), T_ENABLE | T_32BIT);
    wr(TN_CMP(0), 0x100);
    /* QEMU raises the wrap event as the counter reaches 0xffffffff. */
    hwt_step_ns(0xff * 10 - 10);
    ck_assert_int_eq(irq.rises[0], 0);
    hwt_step_ns(10);
    ck_assert_int_eq(irq.rises[0], 1);
    hwt_step_ns(0x101 * 10 - 10);
    ck_assert_int_eq(irq.rises[0], 1);
    hwt_step_ns(10);                                  /* the match, at 0x100 */
    ck_assert_int_eq(irq.rises[0], 2);
    hwt_step_ns(NS_PER_SEC);
    ck_assert_int_eq(irq.rises[0], 2);
    /* Setting 32-bit mode truncates the comparator. */
    wr(TN_CFG(1), 0);
    wr(TN_CMP(1) + 4, 0x12);
    ck_assert_uint_eq(rd(TN_CMP(1) + 4), 0x12);
    wr(TN_CFG(1), T_32BIT);
    ck_assert_uint_eq(rd(TN_CMP(1) + 4), 0);
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion mem2;
    IrqProbe irq2 = { { 0 } };
    IrqLine lines[HPET_NUM_IRQ_ROUTES] = { { 0 } };
    HPETState *b;
    IrqLine none = { 0 };

    for (int i = 0; i < 16; i++)
        lines[i] = hwt_probe_line(&irq2, i);
    wr(CFG, 3);
    wr(TN_CFG(0), T_ENABLE | T_PERIODIC | T_SETVAL);
    wr(TN_CMP(0), (uint32_t)counter() + 500);
    wr(TN_CMP(0), 500);
    hwt_step_ns(12340);
    memory_region_init_container(&mem2, "mem2", UINT64_MAX);
    b = hpet_init(&mem2, HPET_DEFAULT_BASE, lines, none);
    hwt_vmstate_roundtrip(&vmstate_hpet, hpet, b);
    ck_assert_uint_eq(hpet_get_counter(b), hpet_get_counter(hpet));
    irq.rises[0] = irq2.rises[0] = 0;
    hwt_step_ns(50000);
    ck_assert_int_eq(irq.rises[0], 10);
    ck_assert_int_eq(irq2.rises[0], 10);
    ck_assert_uint_eq(hpet_get_counter(b), hpet_get_counter(hpet));
    hpet_destroy(b);
    memory_region_destroy(&mem2);
}
END_TEST

START_TEST(test_fuzz)
{
    uint64_t seed = 0x4e7;
    static const uint32_t regs[] = {
        0x000, 0x004, CFG, CFG + 4, STATUS, STATUS + 4, COUNTER, COUNTER + 4,
        0x100, 0x104, 0x108, 0x10c, 0x110, 0x114, 0x120, 0x124, 0x128, 0x12c,
        0x140, 0x144, 0x148, 0x14c, 0x160, 0x168, 0x3fc,
    };

    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint32_t reg = regs[(r >> 8) % (sizeof(regs) / sizeof(regs[0]))];
        uint32_t val = (uint32_t)(r >> 32);

        /* Keep periods mostly short enough that time steps fire timers. */
        if (reg >= 0x100 && (reg & 0x1f) == 0x08 && (r & 0x10))
            val &= 0xfff;
        switch (r & 7) {
        case 0:
        case 1:
            wr(reg, val);
            break;
        case 2:
            hwt_step_ns((int64_t)(val & 0xfff));
            break;
        case 3:
            irq_set(hpet_legacy_irq(hpet, (r >> 16) & 1), (r >> 17) & 1);
            break;
        default:
            (void)rd(reg);
            break;
        }
    }
    hpet_reset(hpet);
    wr(CFG, 1);
    hwt_step_ns(1000);
    ck_assert_uint_eq(counter(), 100);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-hpet");
    TCase *tc = tcase_create("hpet");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_capabilities);
    tcase_add_test(tc, test_counter);
    tcase_add_test(tc, test_oneshot_legacy);
    tcase_add_test(tc, test_periodic_linux_sequence);
    tcase_add_test(tc, test_level_status_and_routes);
    tcase_add_test(tc, test_legacy_passthrough);
    tcase_add_test(tc, test_enable_arms_comparators);
    tcase_add_test(tc, test_32bit_oneshot_wrap);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
