/*
 * PIIX4 power management (hw/piix4-pm.h) through its config space and
 * ports, on manual virtual time with an IRQ probe on the SCI: PM base
 * programming as SeaBIOS does it, PM timer rate and overflow status, S5,
 * the power button, GPE0, the APM handshake for SCI_EN, and a fuzz.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/piix4-pm.h"
#include "system/clock.h"
#include "system/memory.h"
#include "tests/unit/check-run.h"

#define PM_BASE 0x600
#define DEVFN   PCI_DEVFN(1, 3)

static MemoryRegion io;
static AddressSpace io_as;
static PCIBus bus;
static PIIX4PMState pm;
static int sci_level, sci_edges, poweroffs, smis;

static void sci_probe(void *opaque, int n, int level)
{
    ck_assert_int_eq(n, 9);
    if (level && !sci_level)
        sci_edges++;
    sci_level = level;
}

static void on_poweroff(void *opaque) { poweroffs++; }
static void on_smi(void *opaque) { smis++; }

static void start(bool smm)
{
    PIIX4PMConfig cfg = { .smm_enabled = smm, .poweroff = on_poweroff, .smi = on_smi };

    sci_level = sci_edges = poweroffs = smis = 0;
    clock_virtual_set_manual(true);
    memory_region_init_container(&io, "io", 0x10000);
    ck_assert_int_eq(address_space_init(&io_as, &io, "I/O"), 0);
    pci_bus_init(&bus, NULL, &io);
    ck_assert_int_eq(piix4_pm_init(&pm, &bus, DEVFN, &io, irq_line(sci_probe, NULL, 9), &cfg), 0);
}

static void setup(void) { start(false); }

static void teardown(void)
{
    piix4_pm_destroy(&pm);
    address_space_destroy(&io_as);
    memory_region_destroy(&io);
    memory_reclaim();
}

static void outl(uint16_t p, uint32_t v) { address_space_st(&io_as, p, v, 4); }
static void outw(uint16_t p, uint16_t v) { address_space_st(&io_as, p, v, 2); }
static void outb(uint16_t p, uint8_t v) { address_space_st(&io_as, p, v, 1); }
static uint32_t inl(uint16_t p) { return address_space_ld(&io_as, p, 4); }
static uint16_t inw(uint16_t p) { return address_space_ld(&io_as, p, 2); }
static uint8_t inb(uint16_t p) { return address_space_ld(&io_as, p, 1); }

/* SeaBIOS's piix4_pm_config_setup. */
static void firmware_setup(void)
{
    pci_config_write(&bus, DEVFN, PCI_INTERRUPT_LINE, 9, 1);
    pci_config_write(&bus, DEVFN, 0x40, PM_BASE | 1, 4);
    pci_config_write(&bus, DEVFN, 0x80, 0x01, 1);
    pci_config_write(&bus, DEVFN, 0x90, (PM_BASE + 0x100) | 1, 4);
    pci_config_write(&bus, DEVFN, 0xd2, 0x09, 1);
}

START_TEST(test_config_space)
{
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0, 4), 0x71138086);
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, PCI_CLASS_DEVICE, 2), 0x0680);
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, PCI_REVISION_ID, 1), 0x03);
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, PCI_INTERRUPT_PIN, 1), 1);
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0x40, 4), 0x00000001);
    /* No SMM: DEVACTB.APMC_EN preset so SeaBIOS skips its SMI relocation. */
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0x58, 4), 0x02000000);
    /* PMBA keeps bit 0 and decodes bits 15:6 only. */
    pci_config_write(&bus, DEVFN, 0x40, 0xffffffff, 4);
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0x40, 4), 0x0000ffc1);
    firmware_setup();
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0x90, 4), 0x701);
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0xd2, 1), 0x09);
}
END_TEST

START_TEST(test_pm_io_mapping)
{
    ck_assert_uint_eq(inw(PM_BASE + 4), 0xffff);            /* not decoded yet */
    pci_config_write(&bus, DEVFN, 0x40, PM_BASE | 1, 4);
    ck_assert_uint_eq(inw(PM_BASE + 4), 0xffff);            /* PMIOSE still clear */
    pci_config_write(&bus, DEVFN, 0x80, 0x01, 1);
    ck_assert_uint_eq(inw(PM_BASE + 4), ACPI_PM1_CNT_SCI_EN);
    /* Moving the base moves the block. */
    pci_config_write(&bus, DEVFN, 0x40, 0xb001, 4);
    ck_assert_uint_eq(inw(PM_BASE + 4), 0xffff);
    ck_assert_uint_eq(inw(0xb004), ACPI_PM1_CNT_SCI_EN);
    pci_config_write(&bus, DEVFN, 0x80, 0x00, 1);
    ck_assert_uint_eq(inw(0xb004), 0xffff);
    /* GPE0 and APM are at fixed ports. */
    ck_assert_uint_eq(inl(PIIX4_GPE0_BASE), 0);
    outb(0xb3, 0x5a);
    ck_assert_uint_eq(inb(0xb3), 0x5a);
}
END_TEST

START_TEST(test_timer_rate)
{
    uint32_t t0, t1;

    firmware_setup();
    clock_virtual_step(12345678);
    t0 = inl(PM_BASE + 8);
    clock_virtual_step(NS_PER_SEC);
    t1 = inl(PM_BASE + 8);
    ck_assert_uint_eq((t1 - t0) & 0xffffff, PM_TIMER_FREQUENCY);
    /* 1 ms: 3579.545 ticks. */
    t0 = inl(PM_BASE + 8);
    clock_virtual_step(1000000);
    t1 = inl(PM_BASE + 8);
    ck_assert_uint_ge((t1 - t0) & 0xffffff, 3579);
    ck_assert_uint_le((t1 - t0) & 0xffffff, 3580);
    /* 24 bits: the top byte reads 0 and the value wraps after 2^24 ticks (~4.69 s). */
    clock_virtual_step(5 * NS_PER_SEC);
    ck_assert_uint_eq(inl(PM_BASE + 8) >> 24, 0);
    ck_assert_uint_eq(inl(PM_BASE + 8), piix4_pm_timer_read(&pm));
    /* Byte reads see the same counter; writes do nothing. */
    outl(PM_BASE + 8, 0);
    ck_assert_uint_eq(inb(PM_BASE + 8), inl(PM_BASE + 8) & 0xff);
}
END_TEST

START_TEST(test_timer_overflow_sci)
{
    firmware_setup();
    /* Power-on: the first overflow time is 0, so TMR_STS is already set (as QEMU). */
    ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_TMR, ACPI_PM1_TMR);
    outw(PM_BASE, ACPI_PM1_TMR);
    ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_TMR, 0);
    outw(PM_BASE + 2, ACPI_PM1_TMR);
    ck_assert_int_eq(sci_level, 0);
    /* TMR_STS sets when bit 23 toggles: every 2^23 ticks = 2.3435 s. */
    {
        uint32_t t = inl(PM_BASE + 8);
        int64_t ns = (int64_t)(0x800000 - (t & 0x7fffff)) * NS_PER_SEC / PM_TIMER_FREQUENCY;

        clock_virtual_step(ns - 1000000);
        ck_assert_int_eq(sci_level, 0);
        ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_TMR, 0);
        clock_virtual_step(2000000);
    }
    ck_assert_int_eq(sci_level, 1);
    ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_TMR, ACPI_PM1_TMR);
    ck_assert_uint_lt(inl(PM_BASE + 8) & 0x7fffff, 0x2000);
    /* Clearing the status drops the SCI and arms the next overflow. */
    outw(PM_BASE, ACPI_PM1_TMR);
    ck_assert_int_eq(sci_level, 0);
    clock_virtual_step(2344000000LL);
    ck_assert_int_eq(sci_level, 1);
    ck_assert_int_eq(sci_edges, 2);
    /* Disabled: status still latches, no SCI. */
    outw(PM_BASE + 2, 0);
    ck_assert_int_eq(sci_level, 0);
}
END_TEST

START_TEST(test_s5_poweroff)
{
    firmware_setup();
    /* SLP_TYP without SLP_EN: nothing. */
    outw(PM_BASE + 4, 5 << ACPI_PM1_CNT_SLP_TYP_SHIFT);
    ck_assert_int_eq(poweroffs, 0);
    ck_assert_uint_eq(inw(PM_BASE + 4), 5 << ACPI_PM1_CNT_SLP_TYP_SHIFT | ACPI_PM1_CNT_SCI_EN);
    /* An unsupported sleep type with SLP_EN: ignored. */
    outw(PM_BASE + 4, 5 << ACPI_PM1_CNT_SLP_TYP_SHIFT | ACPI_PM1_CNT_SLP_EN);
    ck_assert_int_eq(poweroffs, 0);
    /* \_S5 is SLP_TYP 0: Linux's poweroff writes it with SLP_EN. */
    outw(PM_BASE + 4, 0 << ACPI_PM1_CNT_SLP_TYP_SHIFT | ACPI_PM1_CNT_SLP_EN);
    ck_assert_int_eq(poweroffs, 1);
    /* SLP_EN is write-only; the guest cannot clear SCI_EN. */
    ck_assert_uint_eq(inw(PM_BASE + 4), ACPI_PM1_CNT_SCI_EN);
    /* As one byte write of the high half, too. */
    outb(PM_BASE + 5, ACPI_PM1_CNT_SLP_EN >> 8);
    ck_assert_int_eq(poweroffs, 2);
}
END_TEST

START_TEST(test_power_button)
{
    firmware_setup();
    /* Not armed: QEMU drops the press. */
    piix4_pm_powerbutton(&pm);
    ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_PWRBTN, 0);
    ck_assert_int_eq(sci_level, 0);
    outw(PM_BASE + 2, ACPI_PM1_PWRBTN);
    ck_assert_uint_eq(inw(PM_BASE + 2), ACPI_PM1_PWRBTN);
    piix4_pm_powerbutton(&pm);
    ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_PWRBTN, ACPI_PM1_PWRBTN);
    ck_assert_int_eq(sci_level, 1);
    /* Writing 0 to the bit leaves it; writing 1 clears it and the SCI. */
    outw(PM_BASE, ACPI_PM1_TMR);
    ck_assert_int_eq(sci_level, 1);
    outw(PM_BASE, ACPI_PM1_PWRBTN);
    ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_PWRBTN, 0);
    ck_assert_int_eq(sci_level, 0);
    /* PM1_STS and PM1_EN by one dword write: clear status, set enable. */
    piix4_pm_powerbutton(&pm);
    outl(PM_BASE, (uint32_t)ACPI_PM1_PWRBTN << 16 | ACPI_PM1_PWRBTN);
    ck_assert_int_eq(sci_level, 0);
    /* Reset disarms. */
    pci_device_reset(&pm.dev);
    ck_assert_uint_eq(pm.pm1_en, 0);
}
END_TEST

START_TEST(test_gpe0)
{
    piix4_pm_gpe_raise(&pm, 1);
    ck_assert_uint_eq(inb(PIIX4_GPE0_BASE), 0x02);
    ck_assert_int_eq(sci_level, 0);
    outb(PIIX4_GPE0_BASE + 2, 0x02);
    ck_assert_int_eq(sci_level, 1);
    outb(PIIX4_GPE0_BASE, 0x02);
    ck_assert_int_eq(sci_level, 0);
    ck_assert_uint_eq(inl(PIIX4_GPE0_BASE), 0x00020000);
}
END_TEST

START_TEST(test_apm_sci_en)
{
    teardown();
    start(true);
    firmware_setup();
    /* With SMM the firmware owns the hardware until the OS asks through SMI_CMD. */
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0x58, 4), 0);
    ck_assert_uint_eq(inw(PM_BASE + 4) & ACPI_PM1_CNT_SCI_EN, 0);
    outb(APM_CNT_IOPORT, ACPI_ENABLE_CMD);
    ck_assert_uint_eq(inw(PM_BASE + 4) & ACPI_PM1_CNT_SCI_EN, ACPI_PM1_CNT_SCI_EN);
    ck_assert_uint_eq(inb(APM_CNT_IOPORT), ACPI_ENABLE_CMD);
    outb(APM_CNT_IOPORT, ACPI_DISABLE_CMD);
    ck_assert_uint_eq(inw(PM_BASE + 4) & ACPI_PM1_CNT_SCI_EN, 0);
    ck_assert_int_eq(smis, 0);
    /* Other APMC values raise an SMI once DEVACTB.APMC_EN is set. */
    outb(APM_CNT_IOPORT, 0x00);
    ck_assert_int_eq(smis, 0);
    pci_config_write(&bus, DEVFN, 0x58, 1u << 25, 4);
    outb(APM_CNT_IOPORT, 0x00);
    ck_assert_int_eq(smis, 1);
}
END_TEST

START_TEST(test_state_roundtrip)
{
    static PIIX4PMState copy;
    uint8_t buf[512];

    firmware_setup();
    outw(PM_BASE + 2, ACPI_PM1_PWRBTN);
    piix4_pm_powerbutton(&pm);
    ck_assert_uint_le(vmstate_size(&piix4_pm_vmstate), sizeof(buf));
    vmstate_save(&piix4_pm_vmstate, &pm, buf);
    pci_device_reset(&pm.dev);
    ck_assert_int_eq(sci_level, 0);
    ck_assert_uint_eq(inw(PM_BASE + 4), 0xffff);
    ck_assert_int_eq(vmstate_load(&piix4_pm_vmstate, &pm, buf, sizeof(buf)), 0);
    ck_assert_int_eq(sci_level, 1);
    ck_assert_uint_eq(inw(PM_BASE) & ACPI_PM1_PWRBTN, ACPI_PM1_PWRBTN);
    memcpy(&copy, &pm, sizeof(copy));
    ck_assert_ptr_null(vmstate_diff(&piix4_pm_vmstate, &pm, &copy));
}
END_TEST

START_TEST(test_fuzz_registers)
{
    static const unsigned sizes[] = { 1, 2, 4 };

    firmware_setup();
    srandom(4242);
    for (int i = 0; i < 200000; i++) {
        unsigned size = sizes[random() % 3];
        uint32_t v = random() ^ (uint32_t)random() << 16;
        uint16_t port;

        switch (random() % 8) {
        case 0: port = PIIX4_GPE0_BASE + random() % 4; break;
        case 1: port = APM_CNT_IOPORT + random() % 2; break;
        case 2:
            /* Config space, keeping the PM block where it is now and then. */
            pci_config_write(&bus, DEVFN, random() % 256, v, size);
            if (random() % 4)
                firmware_setup();
            continue;
        case 3: clock_virtual_step(random() % 100000000); continue;
        default: port = PM_BASE + random() % 64; break;
        }
        port &= ~(size - 1);
        if (random() & 1)
            address_space_st(&io_as, port, v, size);
        else
            (void)address_space_ld(&io_as, port, size);
    }
    /* Reset brings back a quiet device. */
    pci_device_reset(&pm.dev);
    firmware_setup();
    ck_assert_int_eq(sci_level, 0);
    ck_assert_uint_eq(inw(PM_BASE + 2), 0);
    ck_assert_uint_eq(pci_config_read(&bus, DEVFN, 0, 4), 0x71138086);
}
END_TEST

static Suite *pm_suite(void)
{
    Suite *s = suite_create("hw-pm");
    TCase *tc = tcase_create("piix4-pm");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_config_space);
    tcase_add_test(tc, test_pm_io_mapping);
    tcase_add_test(tc, test_timer_rate);
    tcase_add_test(tc, test_timer_overflow_sci);
    tcase_add_test(tc, test_s5_poweroff);
    tcase_add_test(tc, test_power_button);
    tcase_add_test(tc, test_gpe0);
    tcase_add_test(tc, test_apm_sci_en);
    tcase_add_test(tc, test_state_roundtrip);
    tcase_add_test(tc, test_fuzz_registers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run(pm_suite(), true);
}
