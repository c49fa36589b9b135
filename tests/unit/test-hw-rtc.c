/*
 * The MC146818 (hw/rtc.h) on manual virtual time (clock=vm): the calendar
 * in BCD and binary, 12/24h, SET and divider reset, UIP, register C's flags
 * and IRQ8 for periodic, update-ended and alarm interrupts, the NMI mask
 * bit, the PC CMOS layout SeaBIOS reads, save/load and a fuzzer.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "hw/rtc.h"
#include "system/error.h"
#include "hw-test.h"
#include "check-run.h"

/* 2024-02-29 23:59:58 UTC, a Thursday (day of week 5). */
#define LEAP_EVE 1709251198

static RTCState *rtc;
static IrqProbe irq;

static RTCState *rtc_at(MemoryRegion *io, IrqProbe *p, int64_t start)
{
    RtcConfig cfg = { .base = RTC_BASE_DATE, .start = start, .clock = RTC_CLOCK_VM };

    return rtc_init(io, 0x70, hwt_probe_line(p, 8), &cfg);
}

static void setup(void)
{
    hwt_io_init();
    memset(&irq, 0, sizeof(irq));
    rtc = rtc_at(&hwt_io, &irq, LEAP_EVE);
}

static void teardown(void)
{
    rtc_destroy(rtc);
    hwt_io_fini();
}

static uint8_t cmos_read(uint8_t idx)
{
    outb(0x70, idx);
    return inb(0x71);
}

static void cmos_write(uint8_t idx, uint8_t v)
{
    outb(0x70, idx);
    outb(0x71, v);
}

START_TEST(test_power_on_registers)
{
    ck_assert_int_eq(cmos_read(0x0a), 0x26);
    ck_assert_int_eq(cmos_read(0x0b), 0x02);
    ck_assert_int_eq(cmos_read(0x0c), 0x00);
    ck_assert_int_eq(cmos_read(0x0d), 0x80);   /* valid RAM and time */
}
END_TEST

START_TEST(test_calendar_bcd)
{
    ck_assert_int_eq(cmos_read(0x00), 0x58);
    ck_assert_int_eq(cmos_read(0x02), 0x59);
    ck_assert_int_eq(cmos_read(0x04), 0x23);
    ck_assert_int_eq(cmos_read(0x06), 5);
    ck_assert_int_eq(cmos_read(0x07), 0x29);
    ck_assert_int_eq(cmos_read(0x08), 0x02);
    ck_assert_int_eq(cmos_read(0x09), 0x24);
    ck_assert_int_eq(cmos_read(0x32), 0x20);
    hwt_step_ns(2 * NS_PER_SEC);               /* across the leap day */
    ck_assert_int_eq(cmos_read(0x00), 0x00);
    ck_assert_int_eq(cmos_read(0x04), 0x00);
    ck_assert_int_eq(cmos_read(0x06), 6);
    ck_assert_int_eq(cmos_read(0x07), 0x01);
    ck_assert_int_eq(cmos_read(0x08), 0x03);
}
END_TEST

START_TEST(test_set_binary_12h)
{
    /* Linux's set sequence: SET, write the fields, clear SET. */
    cmos_write(0x0b, 0x80 | 0x04);              /* SET, binary, 12h */
    cmos_write(0x00, 30);
    cmos_write(0x02, 15);
    cmos_write(0x04, 0x80 | 1);                 /* 1 PM */
    cmos_write(0x07, 31);
    cmos_write(0x08, 12);
    cmos_write(0x09, 99);
    cmos_write(0x32, 20);
    hwt_step_ns(5 * NS_PER_SEC);
    ck_assert_int_eq(cmos_read(0x00), 30);      /* frozen while SET */
    cmos_write(0x0b, 0x04);
    hwt_step_ns(NS_PER_SEC + 1);
    ck_assert_int_eq(cmos_read(0x00), 31);
    ck_assert_int_eq(cmos_read(0x04), 0x81);
    ck_assert_int_eq(cmos_read(0x06), 5);       /* 2099-12-31 is a Thursday */
    /* Midnight and noon in 12h mode are 12 AM (0x12) and 12 PM (0x92) in BCD. */
    cmos_write(0x0b, 0x80);
    cmos_write(0x04, 0x12);
    cmos_write(0x0b, 0x00);
    ck_assert_int_eq(cmos_read(0x04), 0x12);
    cmos_write(0x0b, 0x02);                     /* back to 24h: it is 00 h */
    ck_assert_int_eq(cmos_read(0x04), 0x00);
}
END_TEST

START_TEST(test_divider_reset)
{
    cmos_write(0x0a, 0x70);                     /* hold the divider chain in reset */
    hwt_step_ns(10 * NS_PER_SEC);
    ck_assert_int_eq(cmos_read(0x00), 0x58);
    cmos_write(0x0a, 0x26);                     /* release: first update 500 ms later */
    hwt_step_ns(NS_PER_SEC / 2 - 1000);
    ck_assert_int_eq(cmos_read(0x00), 0x58);
    hwt_step_ns(1000);
    ck_assert_int_eq(cmos_read(0x00), 0x59);
}
END_TEST

START_TEST(test_uip)
{
    /* The clock started 0 ns into second :58; UIP covers the last 244 us. */
    hwt_step_ns(NS_PER_SEC - 250000);
    ck_assert_int_eq(cmos_read(0x0a) & 0x80, 0);
    hwt_step_ns(10000);
    ck_assert_int_eq(cmos_read(0x0a) & 0x80, 0x80);
    ck_assert_int_eq(cmos_read(0x00), 0x58);
    hwt_step_ns(240000);
    ck_assert_int_eq(cmos_read(0x0a) & 0x80, 0);
    ck_assert_int_eq(cmos_read(0x00), 0x59);
}
END_TEST

/* Count IRQ8 assertions over ns, acknowledging each by reading register C. */
static int count_irqs(int64_t ns, int64_t step, uint8_t *flags)
{
    int n = 0;

    *flags = 0;
    for (int64_t t = 0; t < ns; t += step) {
        hwt_step_ns(step);
        if (irq.level[8]) {
            *flags |= cmos_read(0x0c);
            ck_assert_int_eq(irq.level[8], 0);
            n++;
        }
    }
    return n;
}

START_TEST(test_periodic)
{
    uint8_t flags;

    cmos_write(0x0b, 0x02 | 0x40);              /* PIE at the default 1024 Hz */
    ck_assert_int_eq(count_irqs(NS_PER_SEC, 50000, &flags), 1024);
    /* IRQF | PF; UF (0x10) too if the second of the clock, which runs from
     * the host's time of day, happened to turn during this second. */
    ck_assert_int_eq(flags & ~0x10, 0xc0);
    cmos_write(0x0a, 0x2f);                     /* RS=15: 2 Hz */
    (void)cmos_read(0x0c);
    ck_assert_int_eq(count_irqs(2 * NS_PER_SEC, 1000000, &flags), 4);
    cmos_write(0x0a, 0x23);                     /* RS=3: 8192 Hz */
    ck_assert_int_eq(count_irqs(NS_PER_SEC / 8, 10000, &flags), 1024);
    cmos_write(0x0a, 0x21);                     /* RS=1 repeats RS=8: 256 Hz, not 16384 */
    ck_assert_int_eq(count_irqs(NS_PER_SEC, 100000, &flags), 256);
    cmos_write(0x0a, 0x20);                     /* RS=0: none */
    (void)cmos_read(0x0c);
    ck_assert_int_eq(count_irqs(NS_PER_SEC, 1000000, &flags), 0);
}
END_TEST

START_TEST(test_flags_without_enables)
{
    /* PF and UF are set whether or not their interrupts are enabled; no IRQ. */
    hwt_step_ns(3 * NS_PER_SEC);
    ck_assert_int_eq(irq.rises[8], 0);
    /* Midnight passed, matching the power-on alarm of 00:00:00: AF too. */
    ck_assert_int_eq(cmos_read(0x0c), 0x40 | 0x20 | 0x10);
    ck_assert_int_eq(cmos_read(0x0c), 0x00);    /* cleared by the read */
    /* Enabling UIE while UF is pending interrupts at once. */
    hwt_step_ns(NS_PER_SEC);
    cmos_write(0x0b, 0x12);
    ck_assert_int_eq(irq.level[8], 1);
    ck_assert_int_eq(cmos_read(0x0c), 0x80 | 0x40 | 0x10);
    ck_assert_int_eq(irq.level[8], 0);
}
END_TEST

START_TEST(test_update_ended)
{
    uint8_t flags;

    cmos_write(0x0a, 0x20);                     /* no periodic flag noise */
    cmos_write(0x0b, 0x12);                     /* UIE */
    ck_assert_int_eq(count_irqs(5 * NS_PER_SEC, 1000000, &flags), 5);
    ck_assert_int_eq(flags & ~0x20, 0x90);     /* IRQF | UF (AF at midnight, not enabled) */
}
END_TEST

START_TEST(test_alarm)
{
    uint8_t flags;

    cmos_write(0x0a, 0x20);
    cmos_write(0x01, 0x03);                     /* 00:00:03 */
    cmos_write(0x03, 0x00);
    cmos_write(0x05, 0x00);
    cmos_write(0x0b, 0x22);                     /* AIE */
    hwt_step_ns(4 * NS_PER_SEC + NS_PER_SEC / 2);
    ck_assert_int_eq(irq.level[8], 0);          /* now 00:00:02.5 */
    hwt_step_ns(NS_PER_SEC / 2);
    ck_assert_int_eq(irq.level[8], 1);
    ck_assert_int_eq(cmos_read(0x0c) & 0xa0, 0xa0);     /* IRQF | AF */
    /* Don't-care seconds, minutes, hours: every second. */
    cmos_write(0x01, 0xff);
    cmos_write(0x03, 0xc0);
    cmos_write(0x05, 0xc0);
    ck_assert_int_eq(count_irqs(3 * NS_PER_SEC, 1000000, &flags), 3);
    ck_assert_int_eq(flags & 0xa0, 0xa0);
}
END_TEST

START_TEST(test_nmi_mask_and_ram)
{
    outb(0x70, 0x80 | 0x40);
    ck_assert(rtc_nmi_masked(rtc));
    outb(0x71, 0x5a);
    outb(0x70, 0x40);
    ck_assert(!rtc_nmi_masked(rtc));
    ck_assert_int_eq(inb(0x71), 0x5a);
    for (int i = 0x0e; i < 0x80; i++)
        if (i != 0x32)
            cmos_write(i, i ^ 0xa5);
    for (int i = 0x0e; i < 0x80; i++)
        if (i != 0x32)
            ck_assert_int_eq(cmos_read(i), i ^ 0xa5);
    ck_assert_int_eq(rtc_get_cmos(rtc, 0x20), 0x20 ^ 0xa5);
    rtc_set_cmos(rtc, 0x21, 0x77);
    ck_assert_int_eq(cmos_read(0x21), 0x77);
}
END_TEST

START_TEST(test_pc_cmos)
{
    const uint64_t MiB = 1 << 20;

    ck_assert_int_eq(rtc_fill_pc_cmos(rtc, 512 * MiB, 1024 * MiB, 4, "cad"), 0);
    ck_assert_int_eq(cmos_read(0x15), 0x80);
    ck_assert_int_eq(cmos_read(0x16), 0x02);    /* 640 KiB */
    ck_assert_int_eq(cmos_read(0x17), 0xff);
    ck_assert_int_eq(cmos_read(0x18), 0xff);    /* 511 MiB saturates at 65535 KiB */
    ck_assert_int_eq(cmos_read(0x30), 0xff);
    ck_assert_int_eq(cmos_read(0x31), 0xff);
    ck_assert_int_eq(cmos_read(0x34), 0x00);
    ck_assert_int_eq(cmos_read(0x35), 0x1f);    /* (512-16) MiB / 64 KiB = 0x1f00 */
    ck_assert_int_eq(cmos_read(0x5b), 0x00);
    ck_assert_int_eq(cmos_read(0x5c), 0x40);    /* 1 GiB / 64 KiB = 0x4000 */
    ck_assert_int_eq(cmos_read(0x5d), 0x00);
    ck_assert_int_eq(cmos_read(0x5f), 3);
    ck_assert_int_eq(cmos_read(0x14), 0x06);
    ck_assert_int_eq(cmos_read(0x3d), 0x12);    /* c, then a */
    ck_assert_int_eq(cmos_read(0x38), 0x30);    /* then d */
    ck_assert_int_eq(cmos_read(0x32), 0x20);
    /* 8 MiB: extended 7 MiB, nothing above 16 MiB. */
    ck_assert_int_eq(rtc_fill_pc_cmos(rtc, 8 * MiB, 0, 1, "n"), 0);
    ck_assert_int_eq(cmos_read(0x17) | cmos_read(0x18) << 8, 7 * 1024);
    ck_assert_int_eq(cmos_read(0x34) | cmos_read(0x35) << 8, 0);
    ck_assert_int_eq(cmos_read(0x3d), 0x04);
    ck_assert_int_eq(cmos_read(0x38), 0x00);
    error_set_stream(fopen("/dev/null", "w"));
    ck_assert_int_eq(rtc_fill_pc_cmos(rtc, 8 * MiB, 0, 1, "cx"), -EINVAL);
    ck_assert_int_eq(rtc_fill_pc_cmos(rtc, 8 * MiB, 0, 1, "cdna"), -EINVAL);
}
END_TEST

START_TEST(test_reset_keeps_time)
{
    cmos_write(0x0b, 0x02 | 0x40 | 0x10);
    hwt_step_ns(NS_PER_SEC);
    ck_assert_int_eq(irq.level[8], 1);
    rtc_reset(rtc);
    ck_assert_int_eq(irq.level[8], 0);
    ck_assert_int_eq(cmos_read(0x0b), 0x02);
    ck_assert_int_eq(cmos_read(0x00), 0x59);
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion io2;
    IrqProbe irq2 = { { 0 } };
    RTCState *b;

    cmos_write(0x0b, 0x02 | 0x40);
    cmos_write(0x50, 0x99);
    outb(0x70, 0x85);
    hwt_step_ns(NS_PER_SEC / 3);
    memory_region_init_container(&io2, "io2", 0x10000);
    b = rtc_at(&io2, &irq2, 0);
    hwt_vmstate_roundtrip(&vmstate_rtc, rtc, b);
    ck_assert_int_eq(irq2.level[8], irq.level[8]);
    ck_assert_int_eq(rtc_get_cmos(b, 0x00), 0x58);
    ck_assert_int_eq(rtc_get_cmos(b, 0x50), 0x99);
    ck_assert(rtc_nmi_masked(b));
    rtc_destroy(b);
    memory_region_destroy(&io2);
}
END_TEST

START_TEST(test_fuzz)
{
    uint64_t seed = 0x146818;

    for (int i = 0; i < 100000; i++) {
        uint64_t r = hwt_rand(&seed);

        if (r & 1)
            outb(0x70, r >> 8);
        else if (r & 2)
            outb(0x71, r >> 16);
        else
            (void)inb(0x71);
        if (((r >> 24) & 31) == 0)
            hwt_step_ns((r >> 32) % (NS_PER_SEC / 4));
    }
    /* Afterwards the clock still runs once set back to normal. */
    cmos_write(0x0a, 0x26);
    cmos_write(0x0b, 0x06);
    {
        uint8_t s0 = cmos_read(0x00);
        hwt_step_ns(NS_PER_SEC);
        ck_assert_int_eq(cmos_read(0x00), (s0 + 1) % 60);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-rtc");
    TCase *tc = tcase_create("rtc");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_power_on_registers);
    tcase_add_test(tc, test_calendar_bcd);
    tcase_add_test(tc, test_set_binary_12h);
    tcase_add_test(tc, test_divider_reset);
    tcase_add_test(tc, test_uip);
    tcase_add_test(tc, test_periodic);
    tcase_add_test(tc, test_flags_without_enables);
    tcase_add_test(tc, test_update_ended);
    tcase_add_test(tc, test_alarm);
    tcase_add_test(tc, test_nmi_mask_and_ram);
    tcase_add_test(tc, test_pc_cmos);
    tcase_add_test(tc, test_reset_keeps_time);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
