/*
 * The 16550A (hw/serial.h) on a memory chardev: registers and the divisor
 * latch, transmit, receive with and without FIFOs, trigger levels, the
 * character timeout, IIR priorities, the THRE rules Linux's 8250 driver
 * tests, loopback and its modem lines, save/load and a fuzzer.
 */
#include <check.h>
#include <stdlib.h>

#include "chardev/char.h"
#include "hw/serial.h"
#include "hw-test.h"
#include "check-run.h"

#define COM1 0x3f8
#define RBR (COM1 + 0)
#define THR (COM1 + 0)
#define IER (COM1 + 1)
#define IIR (COM1 + 2)
#define FCR (COM1 + 2)
#define LCR (COM1 + 3)
#define MCR (COM1 + 4)
#define LSR (COM1 + 5)
#define MSR (COM1 + 6)
#define SCR (COM1 + 7)

static SerialState *uart;
static Chardev *chr;
static IrqProbe irq;

static void setup(void)
{
    hwt_io_init();
    memset(&irq, 0, sizeof(irq));
    chr = chr_memory_new();
    ck_assert_ptr_nonnull(chr);
    uart = serial_init(&hwt_io, COM1, hwt_probe_line(&irq, 4), chr);
    ck_assert_ptr_nonnull(uart);
    outb(LCR, 0x03);                            /* 8N1 */
}

static void teardown(void)
{
    serial_destroy(uart);
    chr_cleanup();
    hwt_io_fini();
}

static void inject(const char *s)
{
    chr_memory_inject(chr, (const uint8_t *)s, strlen(s));
}

/* Four character times at the reset divisor (12: 9600 baud), 10 bits a character. */
#define CHAR_NS (10LL * 12 * NS_PER_SEC / 115200)

START_TEST(test_registers)
{
    outb(SCR, 0x5a);
    ck_assert_int_eq(inb(SCR), 0x5a);
    outb(IER, 0xff);
    ck_assert_int_eq(inb(IER), 0x0f);
    outb(IER, 0x00);
    outb(LCR, 0x83);                            /* DLAB */
    outb(COM1 + 0, 0x01);
    outb(COM1 + 1, 0x00);                       /* 115200 baud */
    ck_assert_int_eq(inb(COM1 + 0), 0x01);
    ck_assert_int_eq(inb(COM1 + 1), 0x00);
    outb(LCR, 0x03);
    ck_assert_int_eq(inb(LCR), 0x03);
    ck_assert_int_eq(inb(IER), 0x00);           /* the divisor did not land in IER */
    ck_assert_int_eq(inb(LSR), 0x60);           /* THRE | TEMT */
    ck_assert_int_eq(inb(IIR), 0x01);
    ck_assert_int_eq(inb(MSR) & 0xf0, 0xb0);    /* DCD, DSR, CTS */
}
END_TEST

START_TEST(test_transmit)
{
    uint8_t buf[16];

    outb(THR, 'h');
    outb(THR, 'i');
    ck_assert_int_eq(chr_memory_take(chr, buf, sizeof(buf)), 2);
    ck_assert_int_eq(buf[0], 'h');
    ck_assert_int_eq(buf[1], 'i');
    ck_assert_int_eq(inb(LSR) & 0x60, 0x60);
}
END_TEST

START_TEST(test_thre_rules)
{
    int rises;

    outb(IER, 0x02);                            /* ETBEI with THR empty: THRE at once */
    ck_assert_int_eq(irq.level[4], 1);
    ck_assert_int_eq(inb(IIR), 0x02);
    ck_assert_int_eq(irq.level[4], 0);          /* the IIR read cleared it */
    ck_assert_int_eq(inb(IIR), 0x01);
    rises = irq.rises[4];
    outb(THR, 'x');                             /* THR empties again: a new edge */
    ck_assert_int_eq(irq.rises[4] - rises, 1);
    ck_assert_int_eq(inb(IIR), 0x02);
    /* Linux's UART_BUG_THRE test: IER off and on re-raises THRE. */
    outb(IER, 0x00);
    ck_assert_int_eq(irq.level[4], 0);
    outb(IER, 0x02);
    ck_assert_int_eq(inb(IIR) & 0x0f, 0x02);
    outb(IER, 0x00);
    ck_assert_int_eq(inb(IIR), 0x01);
}
END_TEST

START_TEST(test_receive_no_fifo)
{
    outb(IER, 0x01);
    inject("abc");
    ck_assert_int_eq(irq.level[4], 1);
    ck_assert_int_eq(inb(LSR) & 0x01, 0x01);
    ck_assert_int_eq(inb(IIR), 0x04);
    ck_assert_int_eq(inb(RBR), 'a');            /* one byte held: no overrun */
    ck_assert_int_eq(inb(RBR), 'b');
    ck_assert_int_eq(inb(RBR), 'c');
    ck_assert_int_eq(inb(LSR) & 0x03, 0x00);
    ck_assert_int_eq(irq.level[4], 0);
}
END_TEST

START_TEST(test_fifo_trigger_levels)
{
    static const uint8_t fcr[4] = { 0x01, 0x41, 0x81, 0xc1 }, level[4] = { 1, 4, 8, 14 };

    outb(IER, 0x01);
    for (int i = 0; i < 4; i++) {
        outb(FCR, fcr[i] | 0x02);               /* enable, clear RX */
        ck_assert_int_eq(inb(IIR) & 0xc0, 0xc0);
        for (int n = 1; n <= level[i]; n++) {
            inject("z");
            ck_assert_int_eq(irq.level[4], n >= level[i]);
        }
        ck_assert_int_eq(inb(IIR), 0xc4);
        ck_assert_int_eq(inb(RBR), 'z');
        if (level[i] > 1)
            ck_assert_int_eq(irq.level[4], 0);  /* back under the trigger level */
    }
    /* Input beyond the trigger waits for room: the FIFO fills to 16 without overrun. */
    outb(FCR, 0x07);
    for (int n = 0; n < 20; n++)
        inject("x");
    for (int n = 0; n < 16; n++)
        (void)inb(RBR);
    ck_assert_int_eq(inb(LSR) & 0x02, 0x00);
    ck_assert_int_eq(inb(LSR) & 0x01, 0x01);    /* the last 4 arrived as room opened */
    outb(FCR, 0x00);
    ck_assert_int_eq(inb(IIR) & 0xc0, 0x00);
}
END_TEST

START_TEST(test_char_timeout)
{
    outb(FCR, 0xc1);                            /* trigger at 14 */
    outb(IER, 0x01);
    inject("abc");
    ck_assert_int_eq(irq.level[4], 0);
    hwt_step_ns(4 * CHAR_NS - 1000);
    ck_assert_int_eq(irq.level[4], 0);
    hwt_step_ns(1000);
    ck_assert_int_eq(irq.level[4], 1);
    ck_assert_int_eq(inb(IIR), 0xcc);
    ck_assert_int_eq(inb(RBR), 'a');            /* a read clears the timeout... */
    ck_assert_int_eq(irq.level[4], 0);
    hwt_step_ns(4 * CHAR_NS);                   /* ...and restarts it */
    ck_assert_int_eq(inb(IIR), 0xcc);
    ck_assert_int_eq(inb(RBR), 'b');
    ck_assert_int_eq(inb(RBR), 'c');
    hwt_step_ns(10 * CHAR_NS);
    ck_assert_int_eq(inb(IIR), 0xc1);           /* empty FIFO: no timeout */
}
END_TEST

START_TEST(test_iir_priorities_and_loopback)
{
    uint8_t buf[4];

    outb(MCR, 0x10);                            /* loopback */
    outb(THR, 'p');
    outb(THR, 'q');                             /* second byte overruns the first */
    ck_assert_int_eq(chr_memory_take(chr, buf, sizeof(buf)), 0);
    outb(IER, 0x0f);
    ck_assert_int_eq(inb(IIR), 0x06);           /* line status first */
    ck_assert_int_eq(inb(LSR) & 0x03, 0x03);    /* OE | DR; the read clears OE */
    ck_assert_int_eq(inb(IIR), 0x04);           /* then received data */
    ck_assert_int_eq(inb(RBR), 'q');
    ck_assert_int_eq(inb(IIR), 0x02);           /* then THRE (cleared by this read) */
    outb(MCR, 0x10 | 0x0f);                     /* raise DTR, RTS, OUT1, OUT2 */
    ck_assert_int_eq(inb(IIR), 0x00);           /* then modem status */
    ck_assert_int_eq(inb(MSR), 0xf0 | 0x0b);    /* lines up; DCTS, DDSR, DDCD */
    ck_assert_int_eq(inb(IIR), 0x01);
    outb(MCR, 0x10 | 0x0b);                     /* OUT1 (RI) falls: trailing edge */
    ck_assert_int_eq(inb(MSR), 0xb0 | 0x04);
    outb(MCR, 0x00);                            /* leave loopback */
    outb(THR, 'r');
    ck_assert_int_eq(chr_memory_take(chr, buf, sizeof(buf)), 1);
    ck_assert_int_eq(buf[0], 'r');
}
END_TEST

START_TEST(test_loopback_holds_input)
{
    outb(MCR, 0x10);
    inject("k");
    ck_assert_int_eq(inb(LSR) & 0x01, 0x00);    /* the serial input is disconnected */
    outb(MCR, 0x00);
    ck_assert_int_eq(inb(LSR) & 0x01, 0x01);
    ck_assert_int_eq(inb(RBR), 'k');
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion io2;
    IrqProbe irq2 = { { 0 } };
    SerialState *b;

    outb(FCR, 0x81);
    outb(IER, 0x05);
    outb(LCR, 0x83);
    outb(COM1, 0x03);
    outb(LCR, 0x1b);
    outb(SCR, 0x99);
    inject("hello");
    memory_region_init_container(&io2, "io2", 0x10000);
    b = serial_init(&io2, COM1, hwt_probe_line(&irq2, 4), NULL);
    hwt_vmstate_roundtrip(&vmstate_serial, uart, b);
    ck_assert_int_eq(irq2.level[4], irq.level[4]);
    serial_destroy(b);
    memory_region_destroy(&io2);
}
END_TEST

START_TEST(test_fuzz)
{
    uint64_t seed = 0x16550;
    uint8_t buf[64];

    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint16_t port = COM1 + (r & 7);

        switch ((r >> 3) & 7) {
        case 0: case 1: case 2:
            outb(port, r >> 8);
            break;
        case 3: case 4: case 5:
            (void)inb(port);
            break;
        case 6:
            chr_memory_inject(chr, (const uint8_t *)"fuzz", (r >> 8) % 5);
            break;
        default:
            hwt_step_ns((r >> 16) % 2000000);
            break;
        }
        /* IIR names a source exactly when the line is raised. */
        if (!(i & 15)) {
            uint8_t iir = inb(IIR);
            ck_assert_int_eq(!(iir & 1), irq.level[4] || (iir & 0x0f) == 0x02);
        }
        (void)chr_memory_take(chr, buf, sizeof(buf));
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-serial");
    TCase *tc = tcase_create("serial");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_registers);
    tcase_add_test(tc, test_transmit);
    tcase_add_test(tc, test_thre_rules);
    tcase_add_test(tc, test_receive_no_fifo);
    tcase_add_test(tc, test_fifo_trigger_levels);
    tcase_add_test(tc, test_char_timeout);
    tcase_add_test(tc, test_iir_priorities_and_loopback);
    tcase_add_test(tc, test_loopback_holds_input);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
