/*
 * The i8042 controller with its PS/2 keyboard and mouse (hw/i8042.h,
 * hw/ps2.h): SeaBIOS's ps2port.c initialisation, the checks Linux's i8042
 * and atkbd/psmouse drivers make, set 2 to set 1 translation, the output
 * port's A20 and reset lines, IntelliMouse detection, save/load and a fuzzer.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/i8042.h"
#include "hw-test.h"
#include "check-run.h"

static I8042State *kbc;
static IrqProbe irq;
static int a20_level = -1, resets;

static void board_a20(void *opaque, int level) { a20_level = level; }
static void board_reset(void *opaque) { resets++; }

static const I8042Board board = { board_a20, board_reset, NULL };

static void setup(void)
{
    hwt_io_init();
    memset(&irq, 0, sizeof(irq));
    a20_level = -1;
    resets = 0;
    kbc = i8042_init(&hwt_io, hwt_probe_line(&irq, 1), hwt_probe_line(&irq, 12), &board);
}

static void teardown(void)
{
    i8042_destroy(kbc);
    hwt_io_fini();
}

/* Read one byte, checking OBF and whether it came from the mouse. */
static uint8_t expect_byte(bool aux)
{
    uint8_t st = inb(0x64);

    ck_assert_msg(st & 0x01, "output buffer empty (status 0x%02x)", st);
    ck_assert_int_eq(!!(st & 0x20), aux);
    return inb(0x60);
}

static void expect_empty(void)
{
    ck_assert_int_eq(inb(0x64) & 0x01, 0);
}

static void ctl_cmd(uint8_t cmd) { outb(0x64, cmd); }

static void write_ctr(uint8_t v)
{
    ctl_cmd(0x60);
    outb(0x60, v);
}

static uint8_t read_ctr(void)
{
    ctl_cmd(0x20);
    return expect_byte(false);
}

/* SeaBIOS's ps2_keyboard_setup, step by step. */
static void seabios_init(void)
{
    ctl_cmd(0xad);
    ctl_cmd(0xa7);
    ctl_cmd(0xaa);
    ck_assert_int_eq(expect_byte(false), 0x55);
    ck_assert(inb(0x64) & 0x04);                /* system flag after self-test */
    ctl_cmd(0xab);
    ck_assert_int_eq(expect_byte(false), 0x00);
    write_ctr(0x30);                            /* both ports off, no IRQs */
    /* Keyboard commands go out with the keyboard port enabled in the CTR. */
    write_ctr(0x20);
    outb(0x60, 0xff);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ck_assert_int_eq(expect_byte(false), 0xaa);
    outb(0x60, 0xf5);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    outb(0x60, 0xf0);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    outb(0x60, 0x02);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    write_ctr(0x61);                            /* AUX off, translate, KBD IRQ */
    outb(0x60, 0xf4);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    expect_empty();
}

START_TEST(test_seabios_init_and_keys)
{
    PS2Kbd *k = i8042_keyboard(kbc);

    seabios_init();
    ck_assert_int_eq(irq.level[1], 0);
    ps2_kbd_key(k, 0x1e, true);                 /* A */
    ck_assert_int_eq(irq.level[1], 1);
    ck_assert_int_eq(expect_byte(false), 0x1e);
    ck_assert_int_eq(irq.level[1], 0);
    ps2_kbd_key(k, 0x1e, false);
    ck_assert_int_eq(expect_byte(false), 0x9e); /* F0 1C translated to 9E */
    ps2_kbd_key(k, 0xc8, true);                 /* Up: E0 75 -> E0 48 */
    ck_assert_int_eq(expect_byte(false), 0xe0);
    ck_assert_int_eq(expect_byte(false), 0x48);
    ps2_kbd_key(k, 0xc8, false);
    ck_assert_int_eq(expect_byte(false), 0xe0);
    ck_assert_int_eq(expect_byte(false), 0xc8);
    ps2_kbd_key(k, 0x41, true);                 /* F7: set 2's 0x83 */
    ck_assert_int_eq(expect_byte(false), 0x41);
    ps2_kbd_key(k, 0xc6, true);                 /* Pause */
    {
        static const uint8_t pause[] = { 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5 };
        for (unsigned i = 0; i < sizeof(pause); i++)
            ck_assert_int_eq(expect_byte(false), pause[i]);
    }
    expect_empty();
}
END_TEST

START_TEST(test_untranslated_sets)
{
    PS2Kbd *k = i8042_keyboard(kbc);

    write_ctr(0x01);                            /* KBD IRQ, no translation */
    ps2_kbd_key(k, 0x1e, true);
    ck_assert_int_eq(expect_byte(false), 0x1c);
    ps2_kbd_key(k, 0x9d, false);                /* right Ctrl release: E0 F0 14 */
    ck_assert_int_eq(expect_byte(false), 0xe0);
    ck_assert_int_eq(expect_byte(false), 0xf0);
    ck_assert_int_eq(expect_byte(false), 0x14);
    outb(0x60, 0xf0);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    outb(0x60, 0x00);                           /* which set? */
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ck_assert_int_eq(expect_byte(false), 0x02);
    outb(0x60, 0xf0);
    outb(0x60, 0x01);                           /* set 1 */
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ps2_kbd_key(k, 0x1e, false);
    ck_assert_int_eq(expect_byte(false), 0x9e);
    /* The translated form of the ID and set queries, as Linux sees them. */
    write_ctr(0x41);
    outb(0x60, 0xf2);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ck_assert_int_eq(expect_byte(false), 0xab);
    ck_assert_int_eq(expect_byte(false), 0x41);
    write_ctr(0x01);
    outb(0x60, 0xf2);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ck_assert_int_eq(expect_byte(false), 0xab);
    ck_assert_int_eq(expect_byte(false), 0x83);
}
END_TEST

START_TEST(test_kbd_commands)
{
    PS2Kbd *k = i8042_keyboard(kbc);

    outb(0x60, 0xed);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    outb(0x60, 0x05);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ck_assert_int_eq(ps2_kbd_leds(k), 0x05);
    outb(0x60, 0xee);
    ck_assert_int_eq(expect_byte(false), 0xee);
    outb(0x60, 0xf3);
    outb(0x60, 0x20);                           /* typematic */
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    outb(0x60, 0x42);                           /* not a command */
    ck_assert_int_eq(expect_byte(false), 0xfe);
    /* Scanning off: keys are dropped. */
    outb(0x60, 0xf5);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ps2_kbd_key(k, 0x10, true);
    expect_empty();
    outb(0x60, 0xf4);
    ck_assert_int_eq(expect_byte(false), 0xfa);
    ps2_kbd_key(k, 0x10, true);
    ck_assert_int_eq(expect_byte(false), 0x15);     /* Q in set 2, untranslated at reset */
}
END_TEST

START_TEST(test_disabled_port_holds_data)
{
    PS2Kbd *k = i8042_keyboard(kbc);

    write_ctr(0x11);                            /* keyboard port disabled */
    ps2_kbd_key(k, 0x02, true);
    expect_empty();
    ck_assert_int_eq(irq.level[1], 0);
    ctl_cmd(0xae);
    ck_assert_int_eq(irq.level[1], 1);
    ck_assert_int_eq(expect_byte(false), 0x16);
    ck_assert_int_eq(read_ctr(), 0x01);
}
END_TEST

START_TEST(test_linux_i8042_checks)
{
    /* i8042_controller_check + selftest + CTR read/write. */
    ck_assert_int_ne(inb(0x64), 0xff);
    ctl_cmd(0xaa);
    ck_assert_int_eq(expect_byte(false), 0x55);
    ck_assert_int_eq(read_ctr(), 0x03);         /* QEMU's reset CTR */
    /* i8042_check_aux: AUX loopback through the output buffer. */
    write_ctr(0x00);
    ctl_cmd(0xd3);
    outb(0x60, 0x5a);
    ck_assert_int_eq(expect_byte(true), 0x5a);
    ctl_cmd(0xa7);
    ck_assert_int_eq(read_ctr() & 0x20, 0x20);
    ctl_cmd(0xa8);
    ck_assert_int_eq(read_ctr() & 0x20, 0x00);
    ctl_cmd(0xa9);
    ck_assert_int_eq(expect_byte(false), 0x00);
    /* Command/data flag in the status register. */
    ctl_cmd(0x20);
    ck_assert_int_eq(inb(0x64) & 0x08, 0x08);
    (void)inb(0x60);
    outb(0x60, 0xee);
    ck_assert_int_eq(inb(0x64) & 0x08, 0x00);
    ck_assert_int_eq(expect_byte(false), 0xee);
}
END_TEST

START_TEST(test_outport_a20_reset)
{
    ctl_cmd(0xd0);
    ck_assert_int_eq(expect_byte(false) & 0x03, 0x03);  /* reset inactive, A20 on */
    ctl_cmd(0xdd);
    ck_assert_int_eq(a20_level, 0);
    ctl_cmd(0xdf);
    ck_assert_int_eq(a20_level, 1);
    ctl_cmd(0xd1);
    outb(0x60, 0xdd);                           /* A20 off, reset high */
    ck_assert_int_eq(a20_level, 0);
    ck_assert_int_eq(resets, 0);
    ctl_cmd(0xd0);
    ck_assert_int_eq(expect_byte(false) & 0x03, 0x01);
    ctl_cmd(0xfe);                              /* pulse reset */
    ck_assert_int_eq(resets, 1);
    ctl_cmd(0xff);                              /* pulse nothing */
    ck_assert_int_eq(resets, 1);
    ctl_cmd(0xd1);
    outb(0x60, 0xde);                           /* reset line driven low */
    ck_assert_int_eq(resets, 2);
}
END_TEST

static void mouse_cmd(uint8_t v)
{
    ctl_cmd(0xd4);
    outb(0x60, v);
    ck_assert_int_eq(expect_byte(true), 0xfa);
}

START_TEST(test_mouse_stream_and_intellimouse)
{
    PS2Mouse *m = i8042_mouse(kbc);
    static const uint8_t knock3[] = { 200, 100, 80 }, knock4[] = { 200, 200, 80 };

    write_ctr(0x03);                            /* both IRQs, both ports on */
    ctl_cmd(0xd4);
    outb(0x60, 0xff);
    ck_assert_int_eq(irq.level[12], 1);
    ck_assert_int_eq(irq.level[1], 0);
    ck_assert_int_eq(expect_byte(true), 0xfa);
    ck_assert_int_eq(expect_byte(true), 0xaa);
    ck_assert_int_eq(expect_byte(true), 0x00);
    ck_assert_int_eq(irq.level[12], 0);
    /* Not reporting yet: motion is only accumulated. */
    ps2_mouse_move(m, 3, 3, 0, 0);
    expect_empty();
    mouse_cmd(0xf4);
    ps2_mouse_move(m, 7, 2, 0, 1);              /* right 10, down 5 in total, left button */
    ck_assert_int_eq(expect_byte(true), 0x08 | 0x20 | 0x01);
    ck_assert_int_eq(expect_byte(true), 10);
    ck_assert_int_eq(expect_byte(true), 0xfb);  /* -5: PS/2 Y points up */
    expect_empty();
    /* Large motion splits into packets of at most 127. */
    ps2_mouse_move(m, -200, 0, 0, 1);
    ck_assert_int_eq(expect_byte(true), 0x08 | 0x10 | 0x01);
    ck_assert_int_eq(expect_byte(true), 0x81);
    ck_assert_int_eq(expect_byte(true), 0x00);
    ck_assert_int_eq(expect_byte(true), 0x08 | 0x10 | 0x01);
    ck_assert_int_eq(expect_byte(true), (uint8_t)-73);
    ck_assert_int_eq(expect_byte(true), 0x00);
    /* 200-100-80: IntelliMouse, ID 3, with a wheel byte. */
    for (int i = 0; i < 3; i++) {
        mouse_cmd(0xf3);
        mouse_cmd(knock3[i]);
    }
    mouse_cmd(0xf2);
    ck_assert_int_eq(expect_byte(true), 3);
    ps2_mouse_move(m, 0, 0, 2, 1);
    ck_assert_int_eq(expect_byte(true), 0x09);
    ck_assert_int_eq(expect_byte(true), 0);
    ck_assert_int_eq(expect_byte(true), 0);
    ck_assert_int_eq(expect_byte(true), 2);
    /* 200-200-80 then: Explorer, ID 4. */
    for (int i = 0; i < 3; i++) {
        mouse_cmd(0xf3);
        mouse_cmd(knock4[i]);
    }
    mouse_cmd(0xf2);
    ck_assert_int_eq(expect_byte(true), 4);
    /* Status request: stream mode, enabled, left button; resolution; rate 80. */
    mouse_cmd(0xe9);
    ck_assert_int_eq(expect_byte(true), 0x21);
    ck_assert_int_eq(expect_byte(true), 2);
    ck_assert_int_eq(expect_byte(true), 80);
    /* Wrap mode echoes. */
    mouse_cmd(0xee);
    ctl_cmd(0xd4);
    outb(0x60, 0x33);
    ck_assert_int_eq(expect_byte(true), 0x33);
    mouse_cmd(0xec);
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion io2;
    IrqProbe irq2 = { { 0 } };
    I8042State *b;

    seabios_init();
    write_ctr(0x43);
    mouse_cmd(0xf4);
    mouse_cmd(0xe8);
    mouse_cmd(0x03);
    ps2_kbd_key(i8042_keyboard(kbc), 0x1c, true);
    ps2_kbd_key(i8042_keyboard(kbc), 0x1c, false);
    ps2_mouse_move(i8042_mouse(kbc), 1, 1, 0, 2);
    memory_region_init_container(&io2, "io2", 0x10000);
    b = i8042_init(&io2, hwt_probe_line(&irq2, 1), hwt_probe_line(&irq2, 12), NULL);
    hwt_vmstate_roundtrip(&vmstate_ps2_kbd, i8042_keyboard(kbc), i8042_keyboard(b));
    hwt_vmstate_roundtrip(&vmstate_ps2_mouse, i8042_mouse(kbc), i8042_mouse(b));
    hwt_vmstate_roundtrip(&vmstate_i8042, kbc, b);
    ck_assert_int_eq(irq2.level[1], irq.level[1]);
    ck_assert_int_eq(irq2.level[12], irq.level[12]);
    i8042_destroy(b);
    memory_region_destroy(&io2);
}
END_TEST

START_TEST(test_fuzz)
{
    uint64_t seed = 0x8042;

    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);

        switch (r & 7) {
        case 0: case 1:
            outb(0x60, r >> 8);
            break;
        case 2:
            /* Spare the reset pulses so the count below means something. */
            outb(0x64, (r >> 8) & 0xff);
            break;
        case 3: case 4:
            (void)inb(0x60);
            break;
        case 5:
            (void)inb(0x64);
            break;
        case 6:
            ps2_kbd_key(i8042_keyboard(kbc), (r >> 8) & 0xff, (r >> 16) & 1);
            break;
        default:
            ps2_mouse_move(i8042_mouse(kbc), (int8_t)(r >> 8), (int8_t)(r >> 16),
                           (int8_t)(r >> 24) % 3, (r >> 32) & 0x1f);
            break;
        }
        /* An IRQ is only ever raised with the output buffer full. */
        if (irq.level[1] || irq.level[12])
            ck_assert(inb(0x64) & 0x01);
    }
    /* The controller still answers. */
    while (inb(0x64) & 1)
        (void)inb(0x60);
    ctl_cmd(0xaa);
    ck_assert_int_eq(inb(0x60), 0x55);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-ps2");
    TCase *tc = tcase_create("i8042");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_seabios_init_and_keys);
    tcase_add_test(tc, test_untranslated_sets);
    tcase_add_test(tc, test_kbd_commands);
    tcase_add_test(tc, test_disabled_port_holds_data);
    tcase_add_test(tc, test_linux_i8042_checks);
    tcase_add_test(tc, test_outport_a20_reset);
    tcase_add_test(tc, test_mouse_stream_and_intellimouse);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
