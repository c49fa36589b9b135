/*
 * The 8254 (hw/pit.h) and port 0x61 (hw/pcspk.h) against manual virtual
 * time: counts and OUT edges in modes 0-5, latches, read-back, BCD, GATE,
 * the IRQ0 timer, SeaBIOS's calibration loop, save/load and a fuzzer.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/pcspk.h"
#include "hw/pit.h"
#include "hw-test.h"
#include "check-run.h"

static PITState *pit;
static PCSpkState *spk;
static IrqProbe irq;

static void setup(void)
{
    hwt_io_init();
    memset(&irq, 0, sizeof(irq));
    pit = pit_init(&hwt_io, 0x40, hwt_probe_line(&irq, 0));
    spk = pcspk_init(&hwt_io, pit);
}

static void teardown(void)
{
    pcspk_destroy(spk);
    pit_destroy(pit);
    hwt_io_fini();
}

/* Time for n PIT clocks, rounded up so exactly n have elapsed. */
static int64_t clocks_ns(uint64_t n)
{
    return (int64_t)((n * NS_PER_SEC + PIT_FREQ - 1) / PIT_FREQ);
}

static uint16_t latch_read(int ch)
{
    uint16_t v;

    outb(0x43, ch << 6);                    /* counter latch command */
    v = inb(0x40 + ch);
    return v | inb(0x40 + ch) << 8;
}

/* LSB then MSB, in that order (C leaves the order of two inb() in one expression open). */
static uint16_t read_word(uint16_t port)
{
    uint16_t lo = inb(port);

    return lo | inb(port) << 8;
}

static void program(int ch, int mode, uint16_t count)
{
    outb(0x43, ch << 6 | 0x30 | mode << 1);  /* LSB then MSB, binary */
    outb(0x40 + ch, count & 0xff);
    outb(0x40 + ch, count >> 8);
}

START_TEST(test_reset_state)
{
    /* Channel 0 runs in mode 3 with 65536 from reset, so IRQ0 ticks at 18.2 Hz. */
    int rises = irq.rises[0];

    hwt_step_ns(NS_PER_SEC);
    ck_assert_int_eq(irq.rises[0] - rises, 18);
    ck_assert_int_eq(inb(0x61) & 0x21, 0x20);   /* GATE2 low, OUT2 high (mode 3) */
}
END_TEST

START_TEST(test_mode0)
{
    int rises;

    program(0, 0, 1000);
    ck_assert_int_eq(irq.level[0], 0);          /* mode 0: OUT low once counting */
    rises = irq.rises[0];
    hwt_step_ns(clocks_ns(500));
    ck_assert_int_eq(latch_read(0), 500);
    hwt_step_ns(clocks_ns(499));
    ck_assert_int_eq(latch_read(0), 1);
    ck_assert_int_eq(irq.level[0], 0);
    hwt_step_ns(clocks_ns(1000) - clocks_ns(999));
    ck_assert_int_eq(irq.level[0], 1);          /* terminal count: OUT rises */
    ck_assert_int_eq(irq.rises[0] - rises, 1);
    hwt_step_ns(clocks_ns(10));
    ck_assert_int_eq(latch_read(0), 0x10000 - 10);  /* keeps counting, wrapped */
    hwt_step_ns(NS_PER_SEC);
    ck_assert_int_eq(irq.rises[0] - rises, 1);  /* one-shot: no more edges */
    ck_assert_int_eq(irq.level[0], 1);
}
END_TEST

START_TEST(test_mode2_rate)
{
    int rises, falls;

    program(0, 2, 100);
    ck_assert_int_eq(irq.level[0], 1);
    rises = irq.rises[0];
    falls = irq.falls[0];
    hwt_step_ns(clocks_ns(99));
    ck_assert_int_eq(irq.level[0], 0);          /* low for the clock at count 1 */
    ck_assert_int_eq(latch_read(0), 1);
    hwt_step_ns(clocks_ns(100) - clocks_ns(99));
    ck_assert_int_eq(irq.level[0], 1);
    ck_assert_int_eq(latch_read(0), 100);       /* reloaded */
    ck_assert_int_eq(irq.rises[0] - rises, 1);
    /* One second: 1193182 / 100 = 11931 full periods. */
    hwt_step_ns(NS_PER_SEC - clocks_ns(100));
    ck_assert_int_eq(irq.rises[0] - rises, 11931);
    ck_assert_int_eq(irq.falls[0] - falls, 11931);
}
END_TEST

START_TEST(test_mode3_square)
{
    outb(0x61, 0x01);                           /* GATE2 on, speaker off */
    program(2, 3, 1000);
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    hwt_step_ns(clocks_ns(499));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    hwt_step_ns(clocks_ns(500) - clocks_ns(499));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x00);   /* second half low */
    hwt_step_ns(clocks_ns(1000) - clocks_ns(500));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    /* Odd count 5: high for 3 clocks, low for 2. */
    program(2, 3, 5);
    hwt_step_ns(clocks_ns(2));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    hwt_step_ns(clocks_ns(3) - clocks_ns(2));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x00);
    hwt_step_ns(clocks_ns(5) - clocks_ns(3));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    /* GATE low in mode 3 forces OUT high and stops the count. */
    hwt_step_ns(clocks_ns(3));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x00);
    outb(0x61, 0x00);
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
}
END_TEST

START_TEST(test_mode3_irq_rate)
{
    int rises;

    /* Linux's PIT at HZ=1000 in periodic square-wave form: LATCH = 1193. */
    program(0, 3, 1193);
    rises = irq.rises[0];
    hwt_step_ns(NS_PER_SEC);
    ck_assert_int_eq(irq.rises[0] - rises, 1000);   /* 1193182 / 1193 = 1000.15 */
}
END_TEST

START_TEST(test_seabios_calibrate)
{
    /* SeaBIOS tsctimer_setup: GATE2 on, ch2 mode 0, poll port 0x61 bit 5. */
    int polls = 0;

    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xb0);
    outb(0x42, 0xff);
    outb(0x42, 0x0f);                           /* 4095 clocks, ~3.4 ms */
    while (!(inb(0x61) & 0x20)) {
        hwt_step_ns(10000);
        polls++;
        ck_assert_int_lt(polls, 1000);
    }
    ck_assert_int_eq(polls, (int)(clocks_ns(4095) + 9999) / 10000);
}
END_TEST

START_TEST(test_mode0_gate)
{
    /* GATE low suspends a mode 0 count; high resumes where it was. */
    outb(0x61, 0x00);
    program(2, 0, 300);
    hwt_step_ns(clocks_ns(1000));
    ck_assert_int_eq(latch_read(2), 300);
    outb(0x61, 0x01);
    hwt_step_ns(clocks_ns(100));
    outb(0x61, 0x00);
    hwt_step_ns(clocks_ns(1000));
    ck_assert_int_eq(latch_read(2), 200);
    ck_assert_int_eq(inb(0x61) & 0x20, 0);
    outb(0x61, 0x01);
    hwt_step_ns(clocks_ns(200));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
}
END_TEST

START_TEST(test_mode1_and_5_triggers)
{
    /* Mode 1: OUT high until a GATE rising edge, low for N clocks after it. */
    program(2, 1, 50);
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    hwt_step_ns(clocks_ns(100));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    outb(0x61, 0x01);
    ck_assert_int_eq(inb(0x61) & 0x20, 0x00);
    hwt_step_ns(clocks_ns(50));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    /* Retrigger. */
    outb(0x61, 0x00);
    outb(0x61, 0x01);
    ck_assert_int_eq(inb(0x61) & 0x20, 0x00);
    /* Mode 5: strobe low for one clock, N clocks after the trigger. */
    outb(0x61, 0x00);
    program(2, 5, 20);
    outb(0x61, 0x01);
    hwt_step_ns(clocks_ns(19));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
    hwt_step_ns(clocks_ns(20) - clocks_ns(19));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x00);
    hwt_step_ns(clocks_ns(21) - clocks_ns(20));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
}
END_TEST

START_TEST(test_mode4_strobe_irq)
{
    int rises;

    program(0, 4, 10);
    ck_assert_int_eq(irq.level[0], 1);
    rises = irq.rises[0];
    hwt_step_ns(clocks_ns(10));
    ck_assert_int_eq(irq.level[0], 0);
    hwt_step_ns(clocks_ns(11) - clocks_ns(10));
    ck_assert_int_eq(irq.level[0], 1);
    hwt_step_ns(NS_PER_SEC);
    ck_assert_int_eq(irq.rises[0] - rises, 1);
}
END_TEST

START_TEST(test_access_modes_and_latch)
{
    /* LSB only. */
    outb(0x43, 0x90 | 0 << 1);                  /* ch2, LSB, mode 0 */
    outb(0x61, 0x01);
    outb(0x42, 0x80);
    hwt_step_ns(clocks_ns(16));
    ck_assert_int_eq(inb(0x42), 0x70);
    /* MSB only: count 0x0200. */
    outb(0x43, 0xa0);
    outb(0x42, 0x02);
    hwt_step_ns(clocks_ns(1));
    ck_assert_int_eq(inb(0x42), 0x01);          /* 0x1ff */
    /* A latch holds its value while time passes, and a second latch is ignored. */
    program(2, 0, 5000);
    outb(0x43, 0x80);
    hwt_step_ns(clocks_ns(100));
    outb(0x43, 0x80);
    ck_assert_int_eq(inb(0x42), 5000 & 0xff);
    ck_assert_int_eq(inb(0x42), 5000 >> 8);
    /* Unlatched word reads alternate LSB, MSB. */
    ck_assert_int_eq(read_word(0x42), 4900);
}
END_TEST

START_TEST(test_readback)
{
    outb(0x43, 0x34);                           /* ch0, word, mode 2 */
    outb(0x43, 0xe2);                           /* read-back status of ch0 */
    ck_assert_int_eq(inb(0x40), 0x80 | 0x40 | 0x34);   /* OUT high, null count */
    outb(0x40, 0x00);
    outb(0x40, 0x10);                           /* 0x1000 */
    hwt_step_ns(clocks_ns(0x100));
    /* Status and count together: status first, then the count. */
    outb(0x43, 0xc2);
    ck_assert_int_eq(inb(0x40), 0x80 | 0x34);
    ck_assert_int_eq(read_word(0x40), 0x0f00);
    /* Count only, for channels 1 and 2 at once. */
    program(1, 0, 0x1234);
    program(2, 0, 0x4321);
    outb(0x43, 0xdc);
    hwt_step_ns(clocks_ns(7));
    ck_assert_int_eq(read_word(0x41), 0x1234);
    ck_assert_int_eq(read_word(0x42), 0x4321);
}
END_TEST

START_TEST(test_bcd)
{
    outb(0x61, 0x01);
    outb(0x43, 0xb1);                           /* ch2, word, mode 0, BCD */
    outb(0x42, 0x00);
    outb(0x42, 0x10);                           /* BCD 1000 */
    hwt_step_ns(clocks_ns(1));
    ck_assert_int_eq(latch_read(2), 0x0999);
    hwt_step_ns(clocks_ns(999) - clocks_ns(1));
    ck_assert_int_eq(latch_read(2), 0x0001);
    ck_assert_int_eq(inb(0x61) & 0x20, 0);
    hwt_step_ns(clocks_ns(1000) - clocks_ns(999));
    ck_assert_int_eq(inb(0x61) & 0x20, 0x20);
}
END_TEST

START_TEST(test_port61)
{
    uint8_t a = inb(0x61), b = inb(0x61);

    ck_assert_int_eq((a ^ b) & 0x10, 0x10);     /* refresh bit toggles */
    outb(0x61, 0x03);
    ck_assert_int_eq(inb(0x61) & 0x03, 0x03);
    ck_assert(pcspk_active(spk));
    ck_assert_int_eq(pit_get_gate(pit, 2), 1);
    outb(0x61, 0x00);
    ck_assert(!pcspk_active(spk));
    ck_assert_int_eq(pit_get_gate(pit, 2), 0);
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion io2;
    IrqProbe irq2 = { { 0 } };
    PITState *b;
    int rises_a, rises_b;

    program(0, 2, 1000);
    outb(0x61, 0x01);
    program(2, 0, 777);
    outb(0x43, 0x80);                           /* leave a latch pending */
    hwt_step_ns(clocks_ns(300));
    memory_region_init_container(&io2, "io2", 0x10000);
    b = pit_init(&io2, 0x40, hwt_probe_line(&irq2, 0));
    hwt_vmstate_roundtrip(&vmstate_pit, pit, b);
    /* The copy ticks with the original. */
    rises_a = irq.rises[0];
    rises_b = irq2.rises[0];
    hwt_step_ns(clocks_ns(10000));
    ck_assert_int_eq(irq.rises[0] - rises_a, 10);
    ck_assert_int_eq(irq2.rises[0] - rises_b, 10);
    pit_destroy(b);
    memory_region_destroy(&io2);
}
END_TEST

START_TEST(test_fuzz)
{
    uint64_t seed = 0x8254;

    for (int i = 0; i < 100000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint16_t port = (r & 4) ? 0x61 : 0x40 + (r & 3);

        if ((r >> 8) & 1)
            outb(port, r >> 16);
        else
            (void)inb(port);
        if (((r >> 24) & 15) == 0)
            hwt_step_ns((r >> 32) % 100000);
    }
    /* Still a working timer afterwards. */
    program(0, 2, 100);
    hwt_step_ns(clocks_ns(1000));
    ck_assert_int_eq(latch_read(0) <= 100, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-pit");
    TCase *tc = tcase_create("pit");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reset_state);
    tcase_add_test(tc, test_mode0);
    tcase_add_test(tc, test_mode2_rate);
    tcase_add_test(tc, test_mode3_square);
    tcase_add_test(tc, test_mode3_irq_rate);
    tcase_add_test(tc, test_seabios_calibrate);
    tcase_add_test(tc, test_mode0_gate);
    tcase_add_test(tc, test_mode1_and_5_triggers);
    tcase_add_test(tc, test_mode4_strobe_irq);
    tcase_add_test(tc, test_access_modes_and_latch);
    tcase_add_test(tc, test_readback);
    tcase_add_test(tc, test_bcd);
    tcase_add_test(tc, test_port61);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
