/*
 * The 8259A pair (hw/pic.h) through its ports: initialisation as SeaBIOS
 * and Linux do it, priorities and nesting, EOI forms and rotation, masks,
 * cascade, auto-EOI, spurious vectors, ELCR level mode, poll and special
 * mask modes, state save/load and a register fuzzer.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/pic.h"
#include "hw-test.h"
#include "check-run.h"

static PICState *pic;
static IrqProbe cpu;

static void setup(void)
{
    hwt_io_init();
    memset(&cpu, 0, sizeof(cpu));
    pic = pic_init(&hwt_io, hwt_probe_line(&cpu, 0));
}

static void teardown(void)
{
    pic_destroy(pic);
    hwt_io_fini();
}

/* SeaBIOS's pic_setup / Linux's init_8259A: master at 0x08 (or 0x20), slave 0x70. */
static void pic_program(uint8_t master_base, uint8_t slave_base, uint8_t icw4)
{
    outb(0x20, 0x11);           /* ICW1: edge, cascade, ICW4 follows */
    outb(0x21, master_base);    /* ICW2 */
    outb(0x21, 0x04);           /* ICW3: slave on IRQ2 */
    outb(0x21, icw4);           /* ICW4 */
    outb(0xa0, 0x11);
    outb(0xa1, slave_base);
    outb(0xa1, 0x02);           /* ICW3: slave ID 2 */
    outb(0xa1, icw4);
    outb(0x21, 0x00);           /* OCW1: all unmasked */
    outb(0xa1, 0x00);
}

static void irq_pulse_n(int n)
{
    irq_pulse(pic_irq(pic, n));
}

static uint8_t read_isr(uint16_t base)
{
    uint8_t v;

    outb(base, 0x0b);           /* OCW3: read ISR */
    v = inb(base);
    outb(base, 0x0a);           /* back to IRR */
    return v;
}

START_TEST(test_init_and_ack)
{
    pic_program(0x08, 0x70, 0x01);
    ck_assert_int_eq(inb(0x21), 0x00);
    outb(0x21, 0xa5);
    ck_assert_int_eq(inb(0x21), 0xa5);  /* OCW1 reads back */
    outb(0x21, 0x00);
    ck_assert_int_eq(cpu.level[0], 0);

    irq_pulse_n(0);
    ck_assert_int_eq(cpu.level[0], 1);
    ck_assert_int_eq(inb(0x20), 0x01);  /* IRR after ICW1: OCW3 defaults to IRR */
    ck_assert_int_eq(pic_read_irq(pic), 0x08);
    ck_assert_int_eq(cpu.level[0], 0);
    ck_assert_int_eq(inb(0x20), 0x00);  /* the edge request was consumed */
    ck_assert_int_eq(read_isr(0x20), 0x01);
    outb(0x20, 0x20);                   /* non-specific EOI */
    ck_assert_int_eq(read_isr(0x20), 0x00);
}
END_TEST

START_TEST(test_priority_and_nesting)
{
    pic_program(0x08, 0x70, 0x01);
    irq_pulse_n(3);
    irq_pulse_n(1);
    ck_assert_int_eq(pic_read_irq(pic), 0x09);      /* IRQ1 beats IRQ3 */
    ck_assert_int_eq(cpu.level[0], 0);              /* IRQ3 blocked by IRQ1 in service */
    irq_pulse_n(0);
    ck_assert_int_eq(cpu.level[0], 1);              /* IRQ0 nests */
    ck_assert_int_eq(pic_read_irq(pic), 0x08);
    ck_assert_int_eq(read_isr(0x20), 0x03);
    outb(0x20, 0x20);                               /* EOI ends the highest: IRQ0 */
    ck_assert_int_eq(read_isr(0x20), 0x02);
    ck_assert_int_eq(cpu.level[0], 0);
    outb(0x20, 0x61);                               /* specific EOI for IRQ1 */
    ck_assert_int_eq(read_isr(0x20), 0x00);
    ck_assert_int_eq(cpu.level[0], 1);
    ck_assert_int_eq(pic_read_irq(pic), 0x0b);
}
END_TEST

START_TEST(test_mask)
{
    pic_program(0x08, 0x70, 0x01);
    outb(0x21, 0x10);                   /* mask IRQ4 */
    irq_pulse_n(4);
    ck_assert_int_eq(cpu.level[0], 0);
    ck_assert_int_eq(inb(0x20), 0x10);  /* requested, but masked */
    outb(0x21, 0x00);
    ck_assert_int_eq(cpu.level[0], 1);
    ck_assert_int_eq(pic_read_irq(pic), 0x0c);
}
END_TEST

START_TEST(test_cascade)
{
    pic_program(0x08, 0x70, 0x01);
    irq_pulse_n(10);
    ck_assert_int_eq(cpu.level[0], 1);
    ck_assert_int_eq(inb(0xa0), 0x04);
    ck_assert_int_eq(pic_read_irq(pic), 0x72);
    ck_assert_int_eq(read_isr(0x20), 0x04);         /* master: IRQ2 in service */
    ck_assert_int_eq(read_isr(0xa0), 0x04);         /* slave: its line 2 */
    /* Masking the cascade on the master hides every slave IRQ. */
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    outb(0x21, 0x04);
    irq_pulse_n(8);
    ck_assert_int_eq(cpu.level[0], 0);
    outb(0x21, 0x00);
    ck_assert_int_eq(cpu.level[0], 1);
    ck_assert_int_eq(pic_read_irq(pic), 0x70);
    /* A slave IRQ has master IRQ2's priority: above IRQ3, below IRQ1. */
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    irq_pulse_n(3);
    irq_pulse_n(9);
    ck_assert_int_eq(pic_read_irq(pic), 0x71);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    ck_assert_int_eq(pic_read_irq(pic), 0x0b);
}
END_TEST

START_TEST(test_rotation)
{
    pic_program(0x08, 0x70, 0x01);
    irq_pulse_n(0);
    ck_assert_int_eq(pic_read_irq(pic), 0x08);
    outb(0x20, 0xa0);                   /* rotate on non-specific EOI: IRQ0 now lowest */
    irq_pulse_n(0);
    irq_pulse_n(5);
    ck_assert_int_eq(pic_read_irq(pic), 0x0d);
    outb(0x20, 0x20);
    ck_assert_int_eq(pic_read_irq(pic), 0x08);
    outb(0x20, 0x20);
    /* Set priority: make IRQ4 lowest, so IRQ5 is highest. */
    outb(0x20, 0xc4);
    irq_pulse_n(7);
    irq_pulse_n(3);
    ck_assert_int_eq(pic_read_irq(pic), 0x0f);      /* 7 ranks above 3 now */
    outb(0x20, 0x67);
    /* Rotate on specific EOI: IRQ3 becomes lowest, IRQ4 highest. */
    ck_assert_int_eq(pic_read_irq(pic), 0x0b);
    outb(0x20, 0xe3);
    irq_pulse_n(2 + 1);
    irq_pulse_n(4);
    ck_assert_int_eq(pic_read_irq(pic), 0x0c);
}
END_TEST

START_TEST(test_auto_eoi_and_spurious)
{
    pic_program(0x08, 0x70, 0x03);      /* ICW4: 8086 mode, auto-EOI */
    irq_pulse_n(6);
    ck_assert_int_eq(pic_read_irq(pic), 0x0e);
    ck_assert_int_eq(read_isr(0x20), 0x00);
    /* Nothing pending: the master's spurious IRQ7 vector, ISR untouched. */
    ck_assert_int_eq(pic_read_irq(pic), 0x0f);
    ck_assert_int_eq(read_isr(0x20), 0x00);
}
END_TEST

START_TEST(test_spurious_slave)
{
    pic_program(0x08, 0x70, 0x01);
    /* A level request on the slave that drops between INTR and INTA. */
    outb(0x4d1, 0x02);                  /* IRQ9 level-triggered */
    irq_raise(pic_irq(pic, 9));
    ck_assert_int_eq(cpu.level[0], 1);
    irq_lower(pic_irq(pic, 9));
    /* The master latched IRQ2's edge; the slave has nothing: spurious IRQ15. */
    ck_assert_int_eq(pic_read_irq(pic), 0x77);
    ck_assert_int_eq(read_isr(0xa0), 0x00);
}
END_TEST

START_TEST(test_elcr_level)
{
    pic_program(0x08, 0x70, 0x01);
    outb(0x4d0, 0xff);
    ck_assert_int_eq(inb(0x4d0), 0xf8);     /* IRQ0-2 cannot be level */
    outb(0x4d1, 0xff);
    ck_assert_int_eq(inb(0x4d1), 0xde);     /* nor IRQ8 and IRQ13 */
    outb(0x4d0, 0x20);
    outb(0x4d1, 0x00);
    irq_raise(pic_irq(pic, 5));
    ck_assert_int_eq(pic_read_irq(pic), 0x0d);
    ck_assert_int_eq(inb(0x20), 0x20);      /* level request stays in IRR */
    outb(0x20, 0x20);
    ck_assert_int_eq(cpu.level[0], 1);      /* still asserted: interrupts again */
    irq_lower(pic_irq(pic, 5));
    ck_assert_int_eq(inb(0x20), 0x00);
    ck_assert_int_eq(cpu.level[0], 0);
    /* Edge mode: a line held high interrupts once. */
    irq_raise(pic_irq(pic, 4));
    ck_assert_int_eq(pic_read_irq(pic), 0x0c);
    outb(0x20, 0x20);
    ck_assert_int_eq(cpu.level[0], 0);
    irq_raise(pic_irq(pic, 4));
    ck_assert_int_eq(cpu.level[0], 0);
}
END_TEST

START_TEST(test_poll_and_special_mask)
{
    pic_program(0x08, 0x70, 0x01);
    irq_pulse_n(3);
    outb(0x20, 0x0c);                   /* OCW3: poll */
    ck_assert_int_eq(inb(0x20), 0x83);
    ck_assert_int_eq(read_isr(0x20), 0x08);
    outb(0x20, 0x0c);
    ck_assert_int_eq(inb(0x20), 0x00);  /* nothing more */
    /* Special mask mode: masking the in-service IRQ3 lets IRQ5 through. */
    irq_pulse_n(5);
    ck_assert_int_eq(cpu.level[0], 0);
    outb(0x20, 0x68);                   /* OCW3: set special mask */
    outb(0x21, 0x08);
    ck_assert_int_eq(cpu.level[0], 1);
    ck_assert_int_eq(pic_read_irq(pic), 0x0d);
    outb(0x20, 0x48);                   /* reset special mask */
    outb(0x20, 0x65);
    outb(0x20, 0x63);
    ck_assert_int_eq(read_isr(0x20), 0x00);
}
END_TEST

START_TEST(test_reinit_clears)
{
    pic_program(0x08, 0x70, 0x01);
    outb(0x21, 0xff);
    irq_pulse_n(1);
    outb(0x20, 0x11);                   /* ICW1 again clears IMR and IRR */
    ck_assert_int_eq(inb(0x21), 0x00);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    ck_assert_int_eq(inb(0x20), 0x00);
    irq_pulse_n(1);
    ck_assert_int_eq(pic_read_irq(pic), 0x21);
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion io2;
    PICState *b;
    IrqProbe cpu2 = { { 0 } };

    pic_program(0x20, 0x28, 0x01);
    outb(0x4d1, 0x06);
    outb(0x21, 0x40);
    irq_pulse_n(3);
    irq_pulse_n(11);
    ck_assert_int_eq(pic_read_irq(pic), 0x2b);     /* the slave, via IRQ2, first */
    irq_pulse_n(6);
    /* The copy lives in a container of its own, so its ports shadow nothing. */
    memory_region_init_container(&io2, "io2", 0x10000);
    b = pic_init(&io2, hwt_probe_line(&cpu2, 0));
    hwt_vmstate_roundtrip(&vmstate_pic, pic, b);
    ck_assert_int_eq(cpu2.level[0], pic_get_output(pic));
    /* The copy behaves the same: next INTA. */
    ck_assert_int_eq(pic_read_irq(b), pic_read_irq(pic));
    pic_destroy(b);
    memory_region_destroy(&io2);
}
END_TEST

START_TEST(test_fuzz)
{
    static const uint16_t ports[] = { 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1 };
    uint64_t seed = 0x5eed1259;

    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint16_t port = ports[r % 6];

        switch ((r >> 8) % 4) {
        case 0:
            outb(port, r >> 16);
            break;
        case 1:
            (void)inb(port);
            break;
        case 2:
            irq_set(pic_irq(pic, (r >> 16) & 15), (r >> 24) & 1);
            break;
        default: {
            int v = pic_read_irq(pic);
            ck_assert_int_ge(v, 0);
            ck_assert_int_le(v, 0xff);
            break;
        }
        }
        ck_assert_int_eq(cpu.level[0], pic_get_output(pic));
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-pic");
    TCase *tc = tcase_create("pic");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_init_and_ack);
    tcase_add_test(tc, test_priority_and_nesting);
    tcase_add_test(tc, test_mask);
    tcase_add_test(tc, test_cascade);
    tcase_add_test(tc, test_rotation);
    tcase_add_test(tc, test_auto_eoi_and_spurious);
    tcase_add_test(tc, test_spurious_slave);
    tcase_add_test(tc, test_elcr_level);
    tcase_add_test(tc, test_poll_and_special_mask);
    tcase_add_test(tc, test_reinit_clears);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
