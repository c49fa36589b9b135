/*
 * The PCI bus (hw/pci.h), the i440FX host bridge (hw/i440fx.h) and the
 * PIIX3's PIRQ routing (hw/piix3.h), driven as a guest drives them: config
 * cycles through 0xcf8/0xcfc, BAR programming and accesses through the
 * system memory and I/O address spaces, PAM and SMRAM seen at 0xf0000 and
 * 0xa0000, interrupts observed on an IRQ probe.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/i440fx.h"
#include "hw/pci.h"
#include "hw/piix3.h"
#include "system/memory.h"
#include "tests/unit/check-run.h"

#define MiB 0x100000

/* A test device at 00:03.0: BAR0 4 KiB memory, BAR1 16 ports, BAR2+3 64-bit 1 MiB prefetchable, pin A. */
typedef struct TestDev {
    PCIDevice pci;
    MemoryRegion mmio, pio, mmio64;
    uint8_t regs[16];
    unsigned reads, writes;
} TestDev;

static uint64_t testdev_read(void *opaque, uint64_t addr, unsigned size)
{
    TestDev *t = opaque;

    t->reads++;
    return 0xa5000000u | (uint32_t)addr;
}

static void testdev_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    TestDev *t = opaque;

    t->writes++;
    t->regs[addr % sizeof(t->regs)] = val;
}

static const MemoryRegionOps testdev_ops = { testdev_read, testdev_write, 1, 4, false };

static MemoryRegion sysmem, ram, pci_mem, io, bios, pcrom, vga;
static AddressSpace mem_as, io_as;
static PCIBus bus;
static I440FXState host;
static PIIX3State piix3;
static TestDev tdev;
static int irq_level[16], irq_changes[16];
static int resets;

static void probe(void *opaque, int n, int level)
{
    irq_level[n] = level;
    irq_changes[n]++;
}

static void count_reset(void *opaque)
{
    resets++;
}

static uint64_t vga_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0x77;
}

static const MemoryRegionOps vga_ops = { vga_read, NULL, 1, 1, false };

static void setup(void)
{
    IrqLine lines[16];
    uint8_t *rom;

    memset(irq_level, 0, sizeof(irq_level));
    memset(irq_changes, 0, sizeof(irq_changes));
    resets = 0;
    memory_region_init_container(&sysmem, "system", UINT64_MAX);
    ck_assert_int_eq(memory_region_init_ram(&ram, "pc.ram", 2 * MiB), 0);
    memory_region_add_subregion(&sysmem, 0, &ram);
    memory_region_init_container(&pci_mem, "pci", UINT64_MAX);
    memory_region_add_subregion_overlap(&sysmem, 0, &pci_mem, -1);
    /* The last 128 KiB of the BIOS show at 0xe0000 on the PCI side, as QEMU's isa-bios. */
    ck_assert_int_eq(memory_region_init_rom(&bios, "isa-bios", 0x20000), 0);
    rom = memory_region_get_ram_ptr(&bios);
    for (unsigned i = 0; i < 0x20000; i++)
        rom[i] = 0x5a ^ (i & 0xff);
    memory_region_add_subregion_overlap(&pci_mem, 0xe0000, &bios, 1);
    /* Option ROM space and a VGA window on the PCI side, as on QEMU's pc. */
    ck_assert_int_eq(memory_region_init_rom(&pcrom, "pc.rom", 0x20000), 0);
    memset(memory_region_get_ram_ptr(&pcrom), 0xc3, 0x20000);
    memory_region_add_subregion_overlap(&pci_mem, 0xc0000, &pcrom, 1);
    memory_region_init_io(&vga, "vga-lowmem", &vga_ops, NULL, 0x20000);
    memory_region_add_subregion_overlap(&pci_mem, 0xa0000, &vga, 1);
    memory_region_init_container(&io, "io", 0x10000);
    ck_assert_int_eq(address_space_init(&mem_as, &sysmem, "memory"), 0);
    ck_assert_int_eq(address_space_init(&io_as, &io, "I/O"), 0);

    pci_bus_init(&bus, &pci_mem, &io);
    ck_assert_int_eq(i440fx_init(&host, &bus, &io, &sysmem, &ram, &pci_mem), 0);
    i440fx_set_reset_handler(&host, count_reset, NULL);
    for (int i = 0; i < 16; i++)
        lines[i] = irq_line(probe, NULL, i);
    ck_assert_int_eq(piix3_init(&piix3, &bus, PCI_DEVFN(1, 0), lines), 0);

    memset(&tdev, 0, sizeof(tdev));
    ck_assert_int_eq(pci_register_device(&bus, &tdev.pci, PCI_DEVFN(3, 0), "testdev", NULL,
                                         &tdev), 0);
    pci_config_set_ids(&tdev.pci, 0x1234, 0x5678, 0x0200, 0x01);
    tdev.pci.config[PCI_INTERRUPT_PIN] = 1;
    memory_region_init_io(&tdev.mmio, "testdev-mmio", &testdev_ops, &tdev, 0x1000);
    memory_region_init_io(&tdev.pio, "testdev-pio", &testdev_ops, &tdev, 16);
    memory_region_init_io(&tdev.mmio64, "testdev-mmio64", &testdev_ops, &tdev, MiB);
    pci_register_bar(&tdev.pci, 0, PCI_BAR_MEM32, &tdev.mmio);
    pci_register_bar(&tdev.pci, 1, PCI_BAR_IO, &tdev.pio);
    pci_register_bar(&tdev.pci, 2, PCI_BAR_MEM64 | PCI_BAR_PREFETCH, &tdev.mmio64);
}

static void teardown(void)
{
    address_space_destroy(&io_as);
    address_space_destroy(&mem_as);
    i440fx_destroy(&host, &io);
    memory_region_destroy(&tdev.mmio);
    memory_region_destroy(&tdev.pio);
    memory_region_destroy(&tdev.mmio64);
    memory_region_destroy(&bios);
    memory_region_destroy(&pcrom);
    memory_region_destroy(&vga);
    memory_region_destroy(&pci_mem);
    memory_region_destroy(&ram);
    memory_region_destroy(&io);
    memory_region_destroy(&sysmem);
    memory_reclaim();
}

static void outl(uint16_t port, uint32_t v) { address_space_st(&io_as, port, v, 4); }
static void outw(uint16_t port, uint16_t v) { address_space_st(&io_as, port, v, 2); }
static void outb(uint16_t port, uint8_t v) { address_space_st(&io_as, port, v, 1); }
static uint32_t inl(uint16_t port) { return address_space_ld(&io_as, port, 4); }
static uint16_t inw(uint16_t port) { return address_space_ld(&io_as, port, 2); }
static uint8_t inb(uint16_t port) { return address_space_ld(&io_as, port, 1); }

static uint32_t cfg_addr(int devfn, int reg)
{
    return 0x80000000u | devfn << 8 | (reg & 0xfc);
}

static uint32_t cfg_readl(int devfn, int reg)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    return inl(0xcfc);
}

static uint8_t cfg_readb(int devfn, int reg)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    return inb(0xcfc + (reg & 3));
}

static void cfg_writel(int devfn, int reg, uint32_t v)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    outl(0xcfc, v);
}

static void cfg_writew(int devfn, int reg, uint16_t v)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    outw(0xcfc + (reg & 2), v);
}

static void cfg_writeb(int devfn, int reg, uint8_t v)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    outb(0xcfc + (reg & 3), v);
}

/* ---- Config cycles ---- */

START_TEST(test_config_ids)
{
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(0, 0), 0), 0x12378086);
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(1, 0), 0), 0x70008086);
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(3, 0), 0), 0x56781234);
    /* Class and revision dword: class 0x0600, revision 2 for the host bridge. */
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(0, 0), 8), 0x06000002);
    ck_assert_uint_eq(cfg_readb(PCI_DEVFN(1, 0), PCI_HEADER_TYPE), 0x80);
    /* Sub-dword reads pick the bytes selected by the port offset. */
    outl(0xcf8, cfg_addr(PCI_DEVFN(0, 0), 0));
    ck_assert_uint_eq(inw(0xcfe), 0x1237);
    ck_assert_uint_eq(inb(0xcfd), 0x80);
    ck_assert_uint_eq(inl(0xcf8), cfg_addr(PCI_DEVFN(0, 0), 0));
    /* Nothing there, enable bit clear, another bus: all ones. */
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(5, 0), 0), 0xffffffff);
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(1, 4), 0), 0xffffffff);
    outl(0xcf8, 0x00000000);
    ck_assert_uint_eq(inl(0xcfc), 0xffffffff);
    outl(0xcf8, 0x80010000);
    ck_assert_uint_eq(inl(0xcfc), 0xffffffff);
    /* Subsystem ids QEMU gives every device. */
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(3, 0), PCI_SUBSYSTEM_VENDOR_ID), 0x11001af4);
}
END_TEST

START_TEST(test_config_masks)
{
    int d = PCI_DEVFN(3, 0);

    /* Vendor/device and header type are read-only. */
    cfg_writel(d, 0, 0xffffffff);
    ck_assert_uint_eq(cfg_readl(d, 0), 0x56781234);
    cfg_writeb(d, PCI_HEADER_TYPE, 0xff);
    ck_assert_uint_eq(cfg_readb(d, PCI_HEADER_TYPE), 0);
    /* Interrupt line is the firmware's scratch register. */
    cfg_writeb(d, PCI_INTERRUPT_LINE, 11);
    ck_assert_uint_eq(cfg_readb(d, PCI_INTERRUPT_LINE), 11);
    ck_assert_uint_eq(cfg_readb(d, PCI_INTERRUPT_PIN), 1);
    /* COMMAND keeps only the writable bits. */
    cfg_writew(d, PCI_COMMAND, 0xffff);
    ck_assert_uint_eq(cfg_readl(d, PCI_COMMAND) & 0xffff, 0x0507);
    /* STATUS error bits are write-1-to-clear; other bits stay. */
    pci_set_word(tdev.pci.config + PCI_STATUS, PCI_STATUS_REC_MASTER_ABORT |
                 PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DEVSEL_MEDIUM);
    outl(0xcf8, cfg_addr(d, PCI_STATUS));
    outw(0xcfe, PCI_STATUS_REC_MASTER_ABORT | PCI_STATUS_DEVSEL_MEDIUM);
    ck_assert_uint_eq(inw(0xcfe), PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DEVSEL_MEDIUM);
}
END_TEST

/* ---- BARs ---- */

START_TEST(test_bar_sizing)
{
    int d = PCI_DEVFN(3, 0);

    cfg_writel(d, PCI_BASE_ADDRESS_0, 0xffffffff);
    ck_assert_uint_eq(cfg_readl(d, PCI_BASE_ADDRESS_0), 0xfffff000);
    cfg_writel(d, PCI_BASE_ADDRESS_0 + 4, 0xffffffff);
    ck_assert_uint_eq(cfg_readl(d, PCI_BASE_ADDRESS_0 + 4), 0xfffffff1);
    /* A 64-bit prefetchable BAR: type bits 0xc in the low dword, upper dword all writable. */
    cfg_writel(d, PCI_BASE_ADDRESS_0 + 8, 0xffffffff);
    cfg_writel(d, PCI_BASE_ADDRESS_0 + 12, 0xffffffff);
    ck_assert_uint_eq(cfg_readl(d, PCI_BASE_ADDRESS_0 + 8), 0xfff0000c);
    ck_assert_uint_eq(cfg_readl(d, PCI_BASE_ADDRESS_0 + 12), 0xffffffff);
    /* Unimplemented BARs read zero. */
    cfg_writel(d, PCI_BASE_ADDRESS_0 + 16, 0xffffffff);
    ck_assert_uint_eq(cfg_readl(d, PCI_BASE_ADDRESS_0 + 16), 0);
}
END_TEST

START_TEST(test_bar_mapping)
{
    int d = PCI_DEVFN(3, 0);

    cfg_writel(d, PCI_BASE_ADDRESS_0, 0xfebf0000);
    cfg_writel(d, PCI_BASE_ADDRESS_0 + 4, 0xc001);
    cfg_writel(d, PCI_BASE_ADDRESS_0 + 8, 0x0000000c);
    cfg_writel(d, PCI_BASE_ADDRESS_0 + 12, 0x00000008);    /* 0x8_0000_0000 */
    /* Decoding is off until COMMAND enables it. */
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xfebf0010, 4), 0xffffffff);
    ck_assert_uint_eq(address_space_ld(&io_as, 0xc004, 1), 0xff);
    ck_assert_uint_eq(pci_bar_address(&tdev.pci, 0), PCI_BAR_UNMAPPED);
    ck_assert_uint_eq(tdev.reads, 0);

    cfg_writew(d, PCI_COMMAND, PCI_COMMAND_MEMORY);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xfebf0010, 4), 0xa5000010);
    ck_assert_uint_eq(address_space_ld(&mem_as, UINT64_C(0x800000020), 4), 0xa5000020);
    ck_assert_uint_eq(address_space_ld(&io_as, 0xc004, 1), 0xff);    /* I/O still off */
    cfg_writew(d, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
    address_space_st(&io_as, 0xc004, 0x77, 1);
    ck_assert_uint_eq(tdev.regs[4], 0x77);
    ck_assert_uint_eq(pci_bar_address(&tdev.pci, 1), 0xc000);

    /* Moving the BAR unmaps the old window. */
    cfg_writel(d, PCI_BASE_ADDRESS_0, 0xfeb00000);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xfebf0010, 4), 0xffffffff);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xfeb00008, 4), 0xa5000008);
    /* A 32-bit BAR at 0 (sizing in progress) decodes nothing. */
    cfg_writel(d, PCI_BASE_ADDRESS_0, 0);
    ck_assert_uint_eq(pci_bar_address(&tdev.pci, 0), PCI_BAR_UNMAPPED);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xfeb00008, 4), 0xffffffff);
    /* Memory decode off again. */
    cfg_writew(d, PCI_COMMAND, PCI_COMMAND_IO);
    ck_assert_uint_eq(pci_bar_address(&tdev.pci, 2), PCI_BAR_UNMAPPED);
    /* Reset unmaps everything and clears COMMAND. */
    pci_device_reset(&tdev.pci);
    ck_assert_uint_eq(pci_bar_address(&tdev.pci, 1), PCI_BAR_UNMAPPED);
    ck_assert_uint_eq(cfg_readl(d, PCI_BASE_ADDRESS_0 + 4), 0x1);
}
END_TEST

START_TEST(test_bar_state_roundtrip)
{
    int d = PCI_DEVFN(3, 0);
    uint8_t buf[512];

    cfg_writel(d, PCI_BASE_ADDRESS_0, 0xfebf0000);
    cfg_writew(d, PCI_COMMAND, PCI_COMMAND_MEMORY);
    ck_assert_uint_le(vmstate_size(&pci_device_vmstate), sizeof(buf));
    vmstate_save(&pci_device_vmstate, &tdev.pci, buf);
    pci_device_reset(&tdev.pci);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xfebf0000, 4), 0xffffffff);
    ck_assert_int_eq(vmstate_load(&pci_device_vmstate, &tdev.pci, buf, sizeof(buf)), 0);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xfebf0000, 4), 0xa5000000);
}
END_TEST

/* ---- PAM and SMRAM ---- */

START_TEST(test_pam_bios_segment)
{
    uint8_t *r = memory_region_get_ram_ptr(&ram);

    /* Power-on: 0xf0000 reads the ROM through the PCI side; writes do not stick. */
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0000, 1), 0x5a);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0001, 1), 0x5b);
    address_space_st(&mem_as, 0xf0000, 0x11, 1);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0000, 1), 0x5a);
    ck_assert_uint_eq(r[0xf0000], 0);

    /* PAM0 high nibble 11b: read/write RAM (SeaBIOS's make_bios_writable). */
    cfg_writeb(PCI_DEVFN(0, 0), I440FX_PAM, 0x30);
    address_space_st(&mem_as, 0xf0000, 0x11, 1);
    ck_assert_uint_eq(r[0xf0000], 0x11);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0000, 1), 0x11);

    /* Back to PCI: the ROM again, RAM keeps the shadow copy. */
    cfg_writeb(PCI_DEVFN(0, 0), I440FX_PAM, 0x00);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0000, 1), 0x5a);
    /* Read enable only: reads come from RAM (make_bios_readonly). */
    cfg_writeb(PCI_DEVFN(0, 0), I440FX_PAM, 0x10);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0000, 1), 0x11);
    ck_assert_uint_eq(cfg_readb(PCI_DEVFN(0, 0), I440FX_PAM), 0x10);
    /* The low nibble of PAM0 is reserved: 0xf0000 still follows the high one. */
    cfg_writeb(PCI_DEVFN(0, 0), I440FX_PAM, 0x03);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0000, 1), 0x5a);
}
END_TEST

START_TEST(test_pam_expansion_segments)
{
    uint8_t *r = memory_region_get_ram_ptr(&ram);

    r[0xc0000] = 0x21;
    r[0xc4000] = 0x22;
    r[0xec000] = 0x23;
    /* PCI side: pc.rom. */
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xc0000, 1), 0xc3);
    /* PAM1 high nibble is 0xc4000-0xc7fff; low nibble 0xc0000-0xc3fff. */
    cfg_writeb(PCI_DEVFN(0, 0), I440FX_PAM + 1, 0x30);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xc4000, 1), 0x22);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xc0000, 1), 0xc3);
    cfg_writeb(PCI_DEVFN(0, 0), I440FX_PAM + 1, 0x03);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xc0000, 1), 0x21);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xc4000, 1), 0xc3);
    /* PAM6 high nibble: the last segment, 0xec000, in front of the ROM at 0xe0000. */
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xec000, 1), 0x5a);
    cfg_writel(PCI_DEVFN(0, 0), 0x5c, 0x33333333);     /* PAM3-6 by one dword write */
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xec000, 1), 0x23);
    /* Reset puts every segment back on the PCI side. */
    pci_bus_reset(&bus);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xec000, 1), 0x5a);
}
END_TEST

START_TEST(test_smram_window)
{
    uint8_t *r = memory_region_get_ram_ptr(&ram);
    int h = PCI_DEVFN(0, 0);

    r[0xa0000] = 0x42;
    ck_assert_uint_eq(cfg_readb(h, I440FX_SMRAM), 0x02);
    /* Closed SMRAM: the legacy VGA window goes to the PCI side. */
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xa0000, 1), 0x77);
    cfg_writeb(h, I440FX_SMRAM, 0x4a);     /* D_OPEN | G_SMRAME | base 010 */
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xa0000, 1), 0x42);
    cfg_writeb(h, I440FX_SMRAM, 0x0f);     /* base bits are read-only */
    ck_assert_uint_eq(cfg_readb(h, I440FX_SMRAM), 0x0a);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xa0000, 1), 0x77);
    /* D_LCK closes and locks D_OPEN until reset. */
    cfg_writeb(h, I440FX_SMRAM, 0x5a);
    ck_assert_uint_eq(cfg_readb(h, I440FX_SMRAM), 0x1a);
    cfg_writeb(h, I440FX_SMRAM, 0x4a);
    ck_assert_uint_eq(cfg_readb(h, I440FX_SMRAM) & (SMRAM_D_OPEN | SMRAM_D_LCK), SMRAM_D_LCK);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xa0000, 1), 0x77);
    pci_bus_reset(&bus);
    cfg_writeb(h, I440FX_SMRAM, 0x4a);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xa0000, 1), 0x42);
}
END_TEST

/* ---- Reset control ---- */

START_TEST(test_rcr_reset)
{
    ck_assert_uint_eq(inb(0xcf9), 0);
    outb(0xcf9, 0x02);                  /* SYS_RST alone: kept, no reset */
    ck_assert_uint_eq(inb(0xcf9), 0x02);
    ck_assert_int_eq(resets, 0);
    /* A dword to 0xcf8 is CONFIG_ADDRESS even with bit 10 set. */
    outl(0xcf8, 0x80000400);
    ck_assert_int_eq(resets, 0);
    outb(0xcf9, 0x06);                  /* what Linux's reboot=pci and the FADT write */
    ck_assert_int_eq(resets, 1);
    outb(0xcf9, 0x04);
    ck_assert_int_eq(resets, 2);
    pci_bus_reset(&bus);
    ck_assert_uint_eq(inb(0xcf9), 0);
}
END_TEST

/* ---- INTx routing ---- */

START_TEST(test_pirq_routing)
{
    int isa = PCI_DEVFN(1, 0);

    /* Slot 3 pin A swizzles to PIRQC (0x62); unrouted after reset. */
    ck_assert_int_eq(piix3_pirq_of(PCI_DEVFN(3, 0), 0), 2);
    ck_assert_uint_eq(cfg_readl(isa, PIIX_PIRQRC), 0x80808080);
    pci_set_irq(&tdev.pci, 1);
    for (int i = 0; i < 16; i++)
        ck_assert_int_eq(irq_level[i], 0);
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(3, 0), PCI_COMMAND) >> 16 & PCI_STATUS_INTERRUPT,
                      PCI_STATUS_INTERRUPT);

    /* SeaBIOS's pciinit routes PIRQC to IRQ 11: the asserted line shows at once. */
    cfg_writeb(isa, PIIX_PIRQRC + 2, 11);
    ck_assert_int_eq(irq_level[11], 1);
    pci_set_irq(&tdev.pci, 0);
    ck_assert_int_eq(irq_level[11], 0);
    pci_set_irq(&tdev.pci, 1);
    ck_assert_int_eq(irq_level[11], 1);

    /* Re-routing moves the level; disabling drops it. */
    cfg_writeb(isa, PIIX_PIRQRC + 2, 10);
    ck_assert_int_eq(irq_level[11], 0);
    ck_assert_int_eq(irq_level[10], 1);
    cfg_writeb(isa, PIIX_PIRQRC + 2, 0x8a);
    ck_assert_int_eq(irq_level[10], 0);
    cfg_writeb(isa, PIIX_PIRQRC + 2, 10);
    ck_assert_int_eq(irq_level[10], 1);

    /* COMMAND.INTX_DISABLE masks the pin on the bus. */
    cfg_writew(PCI_DEVFN(3, 0), PCI_COMMAND, PCI_COMMAND_INTX_DISABLE);
    ck_assert_int_eq(irq_level[10], 0);
    cfg_writew(PCI_DEVFN(3, 0), PCI_COMMAND, 0);
    ck_assert_int_eq(irq_level[10], 1);

    /* Two PIRQs on one IRQ: the line is their OR. */
    cfg_writeb(isa, PIIX_PIRQRC + 0, 10);
    ck_assert_int_eq(irq_level[10], 1);
    pci_set_irq(&tdev.pci, 0);
    ck_assert_int_eq(irq_level[10], 0);
}
END_TEST

START_TEST(test_pirq_shared_devices)
{
    static PCIDevice other;
    int isa = PCI_DEVFN(1, 0);

    /* 00:07.0 pin D: (3 + 7 - 1) & 3 = PIRQB... and 00:03.0 pin A is PIRQC; put both on IRQ 5. */
    ck_assert_int_eq(pci_register_device(&bus, &other, PCI_DEVFN(7, 0), "other", NULL, NULL), 0);
    other.config[PCI_INTERRUPT_PIN] = 4;
    ck_assert_int_eq(piix3_pirq_of(PCI_DEVFN(7, 0), 3), 1);
    cfg_writeb(isa, PIIX_PIRQRC + 1, 5);
    cfg_writeb(isa, PIIX_PIRQRC + 2, 5);
    pci_set_irq(&tdev.pci, 1);
    pci_set_irq(&other, 1);
    pci_set_irq(&tdev.pci, 0);
    ck_assert_int_eq(irq_level[5], 1);
    pci_set_irq(&other, 0);
    ck_assert_int_eq(irq_level[5], 0);
    bus.devices[PCI_DEVFN(7, 0)] = NULL;
}
END_TEST

/* ---- info pci ---- */

START_TEST(test_info_pci)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    cfg_writel(PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_0, 0xfebf0000);
    cfg_writel(PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_0 + 4, 0xc001);
    cfg_writew(PCI_DEVFN(3, 0), PCI_COMMAND, 3);
    cfg_writeb(PCI_DEVFN(3, 0), PCI_INTERRUPT_LINE, 11);
    pci_info(&bus, f);
    fclose(f);
    if (getenv("SHOW_INFO_PCI"))
        fputs(text, stderr);
    ck_assert_ptr_nonnull(strstr(text,
        "  Bus  0, device   0, function 0:\n"
        "    Host bridge: PCI device 8086:1237\n"
        "      PCI subsystem 1af4:1100\n"
        "      id \"\"\n"
        "  Bus  0, device   1, function 0:\n"
        "    ISA bridge: PCI device 8086:7000\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "  Bus  0, device   3, function 0:\n"
        "    Ethernet controller: PCI device 1234:5678\n"
        "      PCI subsystem 1af4:1100\n"
        "      IRQ 11, pin A\n"
        "      BAR0: 32 bit memory at 0xfebf0000 [0xfebf0fff].\n"
        "      BAR1: I/O at 0xc000 [0xc00f].\n"
        "      BAR2: 64 bit prefetchable memory at 0xffffffffffffffff [0x000ffffe].\n"
        "      id \"\"\n"));
    free(text);
}
END_TEST

/* ---- Fuzz ---- */

START_TEST(test_fuzz_config_ports)
{
    static const unsigned sizes[] = { 1, 2, 4 };

    srandom(1234);
    for (int i = 0; i < 200000; i++) {
        unsigned size = sizes[random() % 3];
        uint16_t port = 0xcf8 + random() % 8;
        uint32_t v = random() ^ (uint32_t)random() << 16;

        port &= ~(size - 1);
        if (random() % 3 == 0) {
            /* Aim at a real function most of the time, any register. */
            static const int fns[] = { 0x00, 0x08, 0x18, 0x09, 0x28 };

            outl(0xcf8, 0x80000000u | fns[random() % 5] << 8 | (random() & 0xfc));
            port = 0xcfc + (random() % 4 & ~(size - 1));
        }
        if (random() & 1)
            address_space_st(&io_as, port, v, size);
        else
            (void)address_space_ld(&io_as, port, size);
        if (i % 1000 == 0)
            pci_set_irq(&tdev.pci, random() & 1);
    }
    /* Whatever happened, identity is intact and a reset restores the board. */
    pci_bus_reset(&bus);
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(0, 0), 0), 0x12378086);
    ck_assert_uint_eq(cfg_readl(PCI_DEVFN(1, 0), PIIX_PIRQRC), 0x80808080);
    ck_assert_uint_eq(address_space_ld(&mem_as, 0xf0000, 1), 0x5a);
    for (int i = 0; i < 16; i++)
        ck_assert_int_eq(irq_level[i], 0);
}
END_TEST

static Suite *pci_suite(void)
{
    Suite *s = suite_create("hw-pci");
    TCase *tc = tcase_create("pci");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_config_ids);
    tcase_add_test(tc, test_config_masks);
    tcase_add_test(tc, test_bar_sizing);
    tcase_add_test(tc, test_bar_mapping);
    tcase_add_test(tc, test_bar_state_roundtrip);
    tcase_add_test(tc, test_pam_bios_segment);
    tcase_add_test(tc, test_pam_expansion_segments);
    tcase_add_test(tc, test_smram_window);
    tcase_add_test(tc, test_rcr_reset);
    tcase_add_test(tc, test_pirq_routing);
    tcase_add_test(tc, test_pirq_shared_devices);
    tcase_add_test(tc, test_info_pci);
    tcase_add_test(tc, test_fuzz_config_ports);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run(pci_suite(), true);
}
