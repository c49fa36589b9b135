/*
 * The small ISA devices: isa-debugcon (hw/debugcon.h) and isa-debug-exit
 * (hw/debug-exit.h), through their ports.
 */
#include <check.h>
#include <stdlib.h>

#include "chardev/char.h"
#include "hw/debug-exit.h"
#include "hw/debugcon.h"
#include "hw-test.h"
#include "check-run.h"

static int exit_calls, exit_status;

static void on_exit_cb(void *opaque, int status)
{
    exit_calls++;
    exit_status = status;
    *(int *)opaque += 1;
}

static void setup(void)
{
    hwt_io_init();
    exit_calls = 0;
    exit_status = -1;
}

static void teardown(void)
{
    chr_cleanup();
    hwt_io_fini();
}

START_TEST(test_debugcon)
{
    Chardev *chr = chr_memory_new();
    DebugconState *d = debugcon_init(&hwt_io, 0x402, 0xe9, chr);
    uint8_t buf[16];
    const char *msg = "SeaBIOS\n";

    for (const char *p = msg; *p; p++)
        outb(0x402, *p);
    ck_assert_int_eq(chr_memory_take(chr, buf, sizeof(buf)), strlen(msg));
    ck_assert(memcmp(buf, msg, strlen(msg)) == 0);
    ck_assert_int_eq(inb(0x402), 0xe9);         /* the probe value */
    outw(0x402, 0x4241);                        /* one port wide: the low byte lands */
    ck_assert_int_eq(chr_memory_take(chr, buf, sizeof(buf)), 1);
    ck_assert_int_eq(buf[0], 'A');
    ck_assert_int_eq(inb(0x403), 0xff);         /* one port wide */
    debugcon_reset(d);
    debugcon_destroy(d);
    ck_assert_int_eq(inb(0x402), 0xff);         /* unmapped again */
}
END_TEST

START_TEST(test_debugcon_no_chardev)
{
    DebugconState *d = debugcon_init(&hwt_io, 0xe9, 0xe9, NULL);

    outb(0xe9, 'x');                            /* dropped, no crash */
    ck_assert_int_eq(inb(0xe9), 0xe9);
    debugcon_destroy(d);
}
END_TEST

START_TEST(test_debug_exit)
{
    int calls = 0;
    DebugExitState *d = debug_exit_init(&hwt_io, 0x501, 2, on_exit_cb, &calls);

    outb(0x501, 0x00);
    ck_assert_int_eq(exit_status, 1);
    outb(0x501, 0x31);
    ck_assert_int_eq(exit_status, 0x63);        /* (0x31 << 1) | 1 */
    outw(0x501, 0x0102);
    ck_assert_int_eq(exit_status, (0x0102 << 1) | 1);
    ck_assert_int_eq(exit_calls, 3);
    ck_assert_int_eq(calls, 3);
    outb(0x503, 0x01);                          /* outside iosize: not the device */
    ck_assert_int_eq(exit_calls, 3);
    debug_exit_reset(d);
    debug_exit_destroy(d);
}
END_TEST

START_TEST(test_debug_exit_iobase_iosize)
{
    int calls = 0;
    DebugExitState *d = debug_exit_init(&hwt_io, 0xf4, 4, on_exit_cb, &calls);

    address_space_st(&hwt_as, 0xf4, 0x10000, 4);
    ck_assert_int_eq(exit_status, (0x10000 << 1) | 1);
    outb(0xf7, 0x05);                           /* any byte of the range */
    ck_assert_int_eq(exit_calls, 2);
    debug_exit_destroy(d);
}
END_TEST

START_TEST(test_fuzz)
{
    int calls = 0;
    Chardev *chr = chr_memory_new();
    DebugconState *d = debugcon_init(&hwt_io, 0x402, 0xe9, chr);
    DebugExitState *e = debug_exit_init(&hwt_io, 0x501, 2, on_exit_cb, &calls);
    uint64_t seed = 0xe9;
    uint8_t buf[256];
    size_t written = 0, taken = 0;

    for (int i = 0; i < 50000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint16_t port = (r & 1) ? 0x402 : 0x501 + ((r >> 1) & 1);

        if (r & 4) {
            outb(port, r >> 8);
            written += port == 0x402;
        } else {
            (void)inb(port);
        }
        taken += chr_memory_take(chr, buf, sizeof(buf));
    }
    ck_assert_int_eq(taken, written);
    ck_assert_int_eq(calls, exit_calls);
    ck_assert_int_gt(calls, 0);
    debugcon_destroy(d);
    debug_exit_destroy(e);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-isa-misc");
    TCase *tc = tcase_create("isa-misc");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_debugcon);
    tcase_add_test(tc, test_debugcon_no_chardev);
    tcase_add_test(tc, test_debug_exit);
    tcase_add_test(tc, test_debug_exit_iobase_iosize);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
