/*
 * virtio-blk-pci (hw/virtio-blk.h, hw/virtio-pci.h, hw/virtio.h) driven by a
 * small virtio driver written here: split rings in a 1 MiB fake RAM,
 * descriptor chains (direct and indirect), event index, the used ring; the
 * legacy interface with INTx and the modern one with MSI-X (messages caught
 * by a fake APIC window at 0xfee00000). Then hostile rings: a descriptor
 * loop, an index past the ring, a 4 GiB length, buffers outside RAM or in
 * MMIO, must end in NEEDS_RESET or an error status, never a write outside
 * RAM. A raw image in $TMPDIR is the disk.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/aio.h"
#include "block/block.h"
#include "hw/virtio-blk.h"
#include "system/main-loop.h"
#include "tests/unit/check-run.h"
#include "tests/unit/hw-test.h"

#define RAM_SIZE    0x100000u
#define MMIO_BASE   0x200000u
#define APIC_BASE   0xfee00000u
#define LEGACY_IO   0xc000
#define MSIX_ADDR   0xe0000000u
#define MODERN      0xe0004000u
#define DEVFN       PCI_DEVFN(4, 0)
#define SECTORS     2048u           /* 1 MiB disk */
#define QSZ         16u
#define DESC        0x10000u
#define AVAIL       0x11000u
#define USED        0x12000u
#define BUF         0x20000u

static MemoryRegion sysmem, ram, mmio, apic, pcimem;
static AddressSpace mem_as;
static PCIBus bus;
static VirtIOBlock blk;
static IrqProbe probe;
static BlockDriverState *bs;
static char dir[64], path[96];
static unsigned mmio_writes, msi_count;
static uint32_t msi_data;
static uint8_t *ramp;
static uint16_t avail_idx, used_seen;

static void mmio_write(void *o, uint64_t a, uint64_t v, unsigned s) { mmio_writes++; }
static uint64_t mmio_read(void *o, uint64_t a, unsigned s) { return 0; }
static const MemoryRegionOps mmio_ops = { mmio_read, mmio_write, 1, 4, false };

static void apic_write(void *o, uint64_t a, uint64_t v, unsigned s)
{
    msi_count++;
    msi_data = (uint32_t)v;
}
static const MemoryRegionOps apic_ops = { mmio_read, apic_write, 4, 4, false };

/* PIRQ routing stand-in: INTA of every slot is line 0 of the probe. */
static int map_irq(void *o, int devfn, int pin) { return 0; }
static void set_irq(void *o, int irq, int level) { hwt_probe_handler(&probe, irq, level); }

static uint8_t disk_byte(uint64_t off) { return (uint8_t)(off * 11 / 512 + off); }

static void setup_ro(bool readonly)
{
    FILE *f;

    snprintf(dir, sizeof(dir), "%s/vireo-vblk.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/disk.raw", dir);
    f = fopen(path, "wb");
    for (uint64_t i = 0; i < SECTORS * 512ull; i++)
        fputc(disk_byte(i), f);
    fclose(f);
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
    hwt_io_init();
    memset(&probe, 0, sizeof(probe));
    memset(&sysmem, 0, sizeof(sysmem));
    memory_region_init_container(&sysmem, "system", UINT64_MAX);
    ck_assert_int_eq(memory_region_init_ram(&ram, "ram", RAM_SIZE), 0);
    memory_region_add_subregion(&sysmem, 0, &ram);
    memory_region_init_io(&mmio, "mmio", &mmio_ops, NULL, 0x1000);
    memory_region_add_subregion(&sysmem, MMIO_BASE, &mmio);
    memory_region_init_io(&apic, "apic-msi", &apic_ops, NULL, 0x100000);
    memory_region_add_subregion(&sysmem, APIC_BASE, &apic);
    memory_region_init_container(&pcimem, "pci", UINT64_MAX);
    memory_region_add_subregion_overlap(&sysmem, 0, &pcimem, -1);
    ck_assert_int_eq(address_space_init(&mem_as, &sysmem, "memory"), 0);
    ramp = memory_region_get_ram_ptr(&ram);
    mmio_writes = msi_count = 0;
    avail_idx = used_seen = 0;
    pci_bus_init(&bus, &pcimem, &hwt_io);
    pci_bus_set_dma_as(&bus, &mem_as);
    pci_bus_set_irq_route(&bus, map_irq, set_irq, NULL, 4);
    ck_assert_int_eq(bdrv_open(&bs, path, "raw", readonly ? 0 : BDRV_O_RDWR), 0);
    ck_assert_int_eq(virtio_blk_pci_init(&blk, &bus, DEVFN, bs, readonly), 0);
    pci_config_write(&bus, DEVFN, 0x10, LEGACY_IO, 4);
    pci_config_write(&bus, DEVFN, 0x14, MSIX_ADDR, 4);
    pci_config_write(&bus, DEVFN, 0x20, MODERN, 4);
    pci_config_write(&bus, DEVFN, 0x24, 0, 4);
    pci_config_write(&bus, DEVFN, PCI_COMMAND,
                     PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
}

static void setup(void) { setup_ro(false); }
static void setup_readonly(void) { setup_ro(true); }

static void teardown(void)
{
    bdrv_aio_drain(bs);
    bdrv_close(bs);
    hwt_io_fini();
    bql_unlock();
    main_loop_cleanup();
    unlink(path);
    rmdir(dir);
}

static uint16_t inw(uint16_t port) { return (uint16_t)address_space_ld(&hwt_as, port, 2); }
static uint64_t mr(uint64_t a, unsigned s) { return address_space_ld(&mem_as, a, s); }
static void mw(uint64_t a, uint64_t v, unsigned s) { address_space_st(&mem_as, a, v, s); }
static uint8_t cfg8(unsigned a) { return (uint8_t)pci_config_read(&bus, DEVFN, a, 1); }

/* ---- The driver ---------------------------------------------------------------- */

static void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t *d = ramp + DESC + 16 * i;

    pci_set_quad(d, addr);
    pci_set_long(d + 8, len);
    pci_set_word(d + 12, flags);
    pci_set_word(d + 14, next);
}

static void set_avail_event(uint16_t used_event) { pci_set_word(ramp + AVAIL + 4 + 2 * QSZ, used_event); }

/* Offer head and kick, modern or legacy; then let the I/O complete. */
static void kick(unsigned head, bool modern)
{
    pci_set_word(ramp + AVAIL + 4 + 2 * (avail_idx % QSZ), (uint16_t)head);
    avail_idx++;
    pci_set_word(ramp + AVAIL + 2, avail_idx);
    if (modern)
        mw(MODERN + 0x3000, 0, 2);
    else
        outw(LEGACY_IO + 0x10, 0);
    bdrv_aio_drain(bs);
}

static uint16_t used_idx(void) { return pci_get_word(ramp + USED + 2); }
static uint32_t used_len(unsigned n) { return pci_get_long(ramp + USED + 4 + 8 * (n % QSZ) + 4); }
static uint32_t used_id(unsigned n) { return pci_get_long(ramp + USED + 4 + 8 * (n % QSZ)); }

static void modern_init(uint64_t features, bool msix)
{
    uint32_t f0, f1;

    mw(MODERN + 0x14, 0, 1);                         /* reset */
    mw(MODERN + 0x14, 1 | 2, 1);                     /* ACKNOWLEDGE | DRIVER */
    mw(MODERN + 0x00, 0, 4);
    f0 = (uint32_t)mr(MODERN + 0x04, 4);
    mw(MODERN + 0x00, 1, 4);
    f1 = (uint32_t)mr(MODERN + 0x04, 4);
    ck_assert_int_eq(f1 & 1, 1);                     /* VERSION_1 */
    features &= (uint64_t)f1 << 32 | f0;
    mw(MODERN + 0x08, 0, 4);
    mw(MODERN + 0x0c, (uint32_t)features, 4);
    mw(MODERN + 0x08, 1, 4);
    mw(MODERN + 0x0c, (uint32_t)(features >> 32), 4);
    mw(MODERN + 0x14, 1 | 2 | 8, 1);                 /* FEATURES_OK */
    ck_assert_int_eq(mr(MODERN + 0x14, 1) & 8, 8);
    if (msix) {
        pci_config_write(&bus, DEVFN, 0x98 + 2, 0x8000, 2);     /* MSI-X enable */
        mw(MSIX_ADDR + 16 + 0, APIC_BASE, 4);                   /* vector 1 */
        mw(MSIX_ADDR + 16 + 8, 0x41, 4);
        mw(MSIX_ADDR + 16 + 12, 0, 4);                          /* unmask */
        mw(MSIX_ADDR + 0, APIC_BASE, 4);                        /* vector 0: config */
        mw(MSIX_ADDR + 8, 0x40, 4);
        mw(MSIX_ADDR + 12, 0, 4);
        mw(MODERN + 0x10, 0, 2);
    }
    mw(MODERN + 0x16, 0, 2);
    ck_assert_int_eq(mr(MODERN + 0x18, 2), VIRTIO_BLK_QUEUE_SIZE);
    mw(MODERN + 0x18, QSZ, 2);
    if (msix)
        mw(MODERN + 0x1a, 1, 2);
    mw(MODERN + 0x20, DESC, 4);
    mw(MODERN + 0x24, 0, 4);
    mw(MODERN + 0x28, AVAIL, 4);
    mw(MODERN + 0x2c, 0, 4);
    mw(MODERN + 0x30, USED, 4);
    mw(MODERN + 0x34, 0, 4);
    mw(MODERN + 0x1c, 1, 2);
    mw(MODERN + 0x14, 1 | 2 | 4 | 8, 1);             /* DRIVER_OK */
}

#define F(b) (1ull << (b))
#define ALLF (F(VIRTIO_F_VERSION_1) | F(VIRTIO_F_INDIRECT_DESC) | F(VIRTIO_F_EVENT_IDX) | \
              F(VIRTIO_BLK_F_FLUSH) | F(VIRTIO_BLK_F_BLK_SIZE) | F(VIRTIO_BLK_F_SEG_MAX) | \
              F(VIRTIO_BLK_F_DISCARD) | F(VIRTIO_BLK_F_WRITE_ZEROES))

/* A three-descriptor request at descriptors base..base+2: header, data, status. */
static void request(unsigned base, uint32_t type, uint64_t sector, uint64_t data, uint32_t len,
                    bool data_in)
{
    uint64_t hdr = BUF + 0x100 * base, status = hdr + 0x80;

    pci_set_long(ramp + hdr, type);
    pci_set_long(ramp + hdr + 4, 0);
    pci_set_quad(ramp + hdr + 8, sector);
    ramp[status] = 0xee;
    desc(base, hdr, 16, VRING_DESC_F_NEXT, (uint16_t)(base + 1));
    desc(base + 1, data, len, (uint16_t)(VRING_DESC_F_NEXT | (data_in ? VRING_DESC_F_WRITE : 0)),
         (uint16_t)(base + 2));
    desc(base + 2, status, 1, VRING_DESC_F_WRITE, 0);
}

static uint8_t status_of(unsigned base) { return ramp[BUF + 0x100 * base + 0x80]; }

/* ---- Tests ------------------------------------------------------------------------- */

START_TEST(test_pci_identity_and_config)
{
    unsigned types = 0, cap;

    ck_assert_int_eq(pci_config_read(&bus, DEVFN, 0, 4), 0x10011af4);
    ck_assert_int_eq(pci_config_read(&bus, DEVFN, 0x2c, 4), 0x00021af4);
    ck_assert_int_eq(pci_config_read(&bus, DEVFN, 0x0a, 2), 0x0100);
    ck_assert_int_eq(cfg8(0x08), 0);                 /* transitional: revision 0 */
    ck_assert_int_eq(cfg8(PCI_INTERRUPT_PIN), 1);
    ck_assert_int_eq(cfg8(PCI_CAPABILITY_LIST), 0x98);
    ck_assert_int_eq(cfg8(0x98), PCI_CAP_ID_MSIX);
    ck_assert_int_eq(pci_config_read(&bus, DEVFN, 0x9a, 2), 1);  /* 2 vectors */
    for (cap = cfg8(0x99); cap; cap = cfg8(cap + 1)) {
        ck_assert_int_eq(cfg8(cap), PCI_CAP_ID_VNDR);
        if (cfg8(cap + 3) != 5)                      /* the PCI cfg window's bar is the driver's */
            ck_assert_int_eq(cfg8(cap + 4), 4);      /* in BAR4 */
        types |= 1u << cfg8(cap + 3);
    }
    ck_assert_int_eq(types, 0x3e);                   /* common, notify, ISR, device, PCI cfg */
    ck_assert_int_eq(pci_config_read(&bus, DEVFN, 0x70 + 16, 4), 4);  /* notify multiplier */
    /* Device configuration through the modern BAR. */
    ck_assert_int_eq(mr(MODERN + 0x2000, 4), SECTORS);
    ck_assert_int_eq(mr(MODERN + 0x2004, 4), 0);
    ck_assert_int_eq(mr(MODERN + 0x200c, 4), 254);   /* seg_max */
    ck_assert_int_eq(mr(MODERN + 0x2014, 4), 512);   /* blk_size */
    ck_assert_int_eq(mr(MODERN + 0x2020, 1), 1);     /* writeback */
    ck_assert_int_eq(mr(MODERN + 0x2022, 2), 1);     /* num_queues */
    ck_assert_int_eq(mr(MODERN + 0x12, 2), 1);
    /* ... through the legacy BAR (no MSI-X: config at 20) and the PCI cfg window. */
    ck_assert_int_eq(inb(LEGACY_IO + 20), SECTORS & 0xff);
    ck_assert_int_eq(inb(LEGACY_IO + 21), SECTORS >> 8);
    pci_config_write(&bus, DEVFN, 0x84 + 8, 0x2000, 4);
    pci_config_write(&bus, DEVFN, 0x84 + 12, 4, 4);
    pci_config_write(&bus, DEVFN, 0x84 + 4, 4, 1);
    ck_assert_int_eq(pci_config_read(&bus, DEVFN, 0x84 + 16, 4), SECTORS);
    /* Legacy host features: no VERSION_1 in the low word, FLUSH and SEG_MAX there. */
    ck_assert_int_eq(address_space_ld(&hwt_as, LEGACY_IO, 4) & (F(9) | F(2)), F(9) | F(2));
}
END_TEST

START_TEST(test_legacy_rw_intx)
{
    /* Legacy: features, PFN, notify; interrupts on INTx with the ISR. */
    outb(LEGACY_IO + 0x12, 0);
    outb(LEGACY_IO + 0x12, 3);
    address_space_st(&hwt_as, LEGACY_IO + 4,
                     (uint32_t)address_space_ld(&hwt_as, LEGACY_IO, 4) & (F(9) | F(28)), 4);
    outw(LEGACY_IO + 0x0e, 0);
    ck_assert_int_eq(inw(LEGACY_IO + 0x0c), VIRTIO_BLK_QUEUE_SIZE);
    address_space_st(&hwt_as, LEGACY_IO + 8, DESC >> 12, 4);
    outb(LEGACY_IO + 0x12, 7);
    /* Legacy layout: 256 entries, avail at desc + 4096, used at the next page. */
    memset(ramp + 0x30000, 0x77, 1024);
    {
        const uint64_t avail = DESC + 16 * 256, used = (avail + 4 + 2 * 256 + 2 + 4095) & ~4095ull;
        uint64_t hdr = BUF, st = BUF + 0x80;

        pci_set_long(ramp + hdr, VIRTIO_BLK_T_OUT);
        pci_set_quad(ramp + hdr + 8, 7);
        desc(0, hdr, 16, VRING_DESC_F_NEXT, 1);
        desc(1, 0x30000, 1024, VRING_DESC_F_NEXT, 2);
        desc(2, st, 1, VRING_DESC_F_WRITE, 0);
        pci_set_word(ramp + avail + 4, 0);
        pci_set_word(ramp + avail + 2, 1);
        outw(LEGACY_IO + 0x10, 0);
        bdrv_aio_drain(bs);
        ck_assert_int_eq(pci_get_word(ramp + used + 2), 1);
        ck_assert_int_eq(ramp[st], VIRTIO_BLK_S_OK);
        ck_assert_int_eq(probe.level[0], 1);
        ck_assert_int_eq(inb(LEGACY_IO + 0x13), 1);  /* ISR: queue; read clears and deasserts */
        ck_assert_int_eq(probe.level[0], 0);
        ck_assert_int_eq(inb(LEGACY_IO + 0x13), 0);
    }
    {
        uint8_t b[1024];

        ck_assert_int_eq(bdrv_pread(bs, 7 * 512, b, 1024), 0);
        for (int i = 0; i < 1024; i++)
            ck_assert_int_eq(b[i], 0x77);
    }
}
END_TEST

START_TEST(test_modern_rw_msix)
{
    char id[20];

    modern_init(ALLF, true);
    /* READ 3 sectors from sector 10. */
    request(0, VIRTIO_BLK_T_IN, 10, 0x40000, 1536, true);
    set_avail_event(0);
    kick(0, true);
    ck_assert_int_eq(used_idx(), 1);
    ck_assert_int_eq(used_id(0), 0);
    ck_assert_int_eq(used_len(0), 1537);             /* data + status */
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_OK);
    for (int i = 0; i < 1536; i++)
        ck_assert_int_eq(ramp[0x40000 + i], disk_byte(10 * 512 + i));
    ck_assert_int_eq(msi_count, 1);
    ck_assert_int_eq(msi_data, 0x41);                /* queue vector 1 */
    ck_assert_int_eq(probe.level[0], 0);             /* no INTx with MSI-X */
    /* The device asked for a kick at the next buffer (avail_event = 1). */
    ck_assert_int_eq(pci_get_word(ramp + USED + 4 + 8 * QSZ), 1);

    /* WRITE through an indirect table of three descriptors, then FLUSH. */
    memset(ramp + 0x41000, 0xc3, 512);
    pci_set_long(ramp + BUF + 0x500, VIRTIO_BLK_T_OUT);
    pci_set_quad(ramp + BUF + 0x508, 100);
    {
        uint8_t *t = ramp + 0x60000;

        pci_set_quad(t, BUF + 0x500); pci_set_long(t + 8, 16); pci_set_word(t + 12, 1); pci_set_word(t + 14, 1);
        pci_set_quad(t + 16, 0x41000); pci_set_long(t + 24, 512); pci_set_word(t + 28, 1); pci_set_word(t + 30, 2);
        pci_set_quad(t + 32, BUF + 0x580); pci_set_long(t + 40, 1); pci_set_word(t + 44, 2);
        desc(5, 0x60000, 48, VRING_DESC_F_INDIRECT, 0);
    }
    set_avail_event(1);
    kick(5, true);
    ck_assert_int_eq(used_idx(), 2);
    ck_assert_int_eq(used_id(1), 5);
    ck_assert_int_eq(ramp[BUF + 0x580], VIRTIO_BLK_S_OK);
    request(0, VIRTIO_BLK_T_FLUSH, 0, 0x42000, 0, false);
    desc(0, BUF, 16, VRING_DESC_F_NEXT, 2);          /* header, status */
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_OK);
    {
        uint8_t b[512];

        ck_assert_int_eq(bdrv_pread(bs, 100 * 512, b, 512), 0);
        ck_assert_int_eq(b[0], 0xc3);
        ck_assert_int_eq(b[511], 0xc3);
    }
    /* GET_ID: an empty serial. WRITE_ZEROES of one segment. */
    memset(ramp + 0x43000, 'x', 20);
    request(0, VIRTIO_BLK_T_GET_ID, 0, 0x43000, 20, true);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_OK);
    memcpy(id, ramp + 0x43000, 20);
    ck_assert_int_eq(id[0], 0);
    pci_set_quad(ramp + 0x44000, 100);
    pci_set_long(ramp + 0x44008, 1);
    pci_set_long(ramp + 0x4400c, 0);
    request(0, VIRTIO_BLK_T_WRITE_ZEROES, 0, 0x44000, 16, false);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_OK);
    {
        uint8_t b[512];

        ck_assert_int_eq(bdrv_pread(bs, 100 * 512, b, 512), 0);
        ck_assert_int_eq(b[0], 0);
    }
    /* Errors in the request, not the ring: status codes, the queue goes on. */
    request(0, VIRTIO_BLK_T_IN, SECTORS - 1, 0x40000, 1024, true);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_IOERR);
    request(0, VIRTIO_BLK_T_IN, 0, 0x40000, 100, true);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_IOERR);
    request(0, 77, 0, 0x40000, 512, true);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_UNSUPP);
    ck_assert_int_eq(mr(MODERN + 0x14, 1) & VIRTIO_STATUS_NEEDS_RESET, 0);
}
END_TEST

START_TEST(test_event_idx_suppression)
{
    modern_init(ALLF, true);
    /* The first completion after a reset always interrupts (QEMU's
     * signalled_used_valid); then, with used_event far away, none... */
    set_avail_event(100);
    request(0, VIRTIO_BLK_T_IN, 0, 0x40000, 512, true);
    kick(0, true);
    ck_assert_int_eq(msi_count, 1);
    msi_count = 0;
    request(3, VIRTIO_BLK_T_IN, 1, 0x40200, 512, true);
    kick(3, true);
    ck_assert_int_eq(used_idx(), 2);
    ck_assert_int_eq(msi_count, 0);
    /* ... until the driver's used_event is crossed. */
    set_avail_event(2);
    request(6, VIRTIO_BLK_T_IN, 2, 0x40400, 512, true);
    kick(6, true);
    ck_assert_int_eq(used_idx(), 3);
    ck_assert_int_eq(msi_count, 1);
    /* A masked vector holds the message in its pending bit until unmasked. */
    mw(MSIX_ADDR + 16 + 12, 1, 4);
    set_avail_event(3);
    request(0, VIRTIO_BLK_T_IN, 3, 0x40600, 512, true);
    kick(0, true);
    ck_assert_int_eq(msi_count, 1);
    ck_assert_int_eq(mr(MSIX_ADDR + 0x800, 4), 2);   /* PBA bit 1 */
    mw(MSIX_ADDR + 16 + 12, 0, 4);
    ck_assert_int_eq(msi_count, 2);
    ck_assert_int_eq(mr(MSIX_ADDR + 0x800, 4), 0);
}
END_TEST

/* A broken ring: NEEDS_RESET and a config interrupt, nothing used, and a reset recovers. */
static void expect_broken(void)
{
    ck_assert_int_eq(mr(MODERN + 0x14, 1) & VIRTIO_STATUS_NEEDS_RESET, VIRTIO_STATUS_NEEDS_RESET);
    ck_assert_int_eq(msi_data, 0x40);
    ck_assert_int_eq(mmio_writes, 0);
    modern_init(ALLF, true);
    avail_idx = 0;
    memset(ramp + USED, 0, 0x1000);
    request(0, VIRTIO_BLK_T_IN, 0, 0x40000, 512, true);
    kick(0, true);
    ck_assert_int_eq(used_idx(), 1);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_OK);
    ck_assert_int_eq(mr(MODERN + 0x14, 1) & VIRTIO_STATUS_NEEDS_RESET, 0);
    avail_idx = 0;
    memset(ramp + USED, 0, 0x1000);
    modern_init(ALLF, true);
}

START_TEST(test_hostile_rings)
{
    modern_init(ALLF, true);
    /* A descriptor loop: 0 -> 1 -> 0. */
    desc(0, BUF, 16, VRING_DESC_F_NEXT, 1);
    desc(1, 0x40000, 512, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 0);
    kick(0, true);
    ck_assert_int_eq(used_idx(), 0);
    expect_broken();
    /* An available entry past the ring. */
    kick(200, true);
    expect_broken();
    /* A next index past the ring. */
    desc(0, BUF, 16, VRING_DESC_F_NEXT, 999);
    kick(0, true);
    expect_broken();
    /* A 4 GiB - 1 length. */
    request(0, VIRTIO_BLK_T_IN, 0, 0x40000, 0xffffffffu, true);
    kick(0, true);
    expect_broken();
    /* A buffer past the end of RAM, and one in MMIO. */
    request(0, VIRTIO_BLK_T_IN, 0, RAM_SIZE - 256, 512, true);
    kick(0, true);
    expect_broken();
    request(0, VIRTIO_BLK_T_IN, 0, MMIO_BASE, 512, true);
    kick(0, true);
    expect_broken();
    /* The available index moved by more than the queue size. */
    pci_set_word(ramp + AVAIL + 2, QSZ + 5);
    mw(MODERN + 0x3000, 0, 2);
    expect_broken();
    /* Nested indirect, and an indirect table of a bad size. */
    desc(0, 0x60000, 16, VRING_DESC_F_INDIRECT, 0);
    pci_set_quad(ramp + 0x60000, 0x60100);
    pci_set_long(ramp + 0x60008, 16);
    pci_set_word(ramp + 0x6000c, VRING_DESC_F_INDIRECT);
    kick(0, true);
    expect_broken();
    desc(0, 0x60000, 17, VRING_DESC_F_INDIRECT, 0);
    kick(0, true);
    expect_broken();
    /* A zero-length buffer; a header too short to hold the request. */
    request(0, VIRTIO_BLK_T_IN, 0, 0x40000, 0, true);
    kick(0, true);
    expect_broken();
    desc(0, BUF, 8, VRING_DESC_F_NEXT, 2);
    desc(2, BUF + 0x80, 1, VRING_DESC_F_WRITE, 0);
    kick(0, true);
    expect_broken();
    /* Rings placed outside RAM. */
    mw(MODERN + 0x14, 0, 1);
    modern_init(ALLF, true);
    mw(MODERN + 0x14, 0, 1);
    mw(MODERN + 0x14, 3, 1);
    mw(MODERN + 0x0c, 0, 4);
    mw(MODERN + 0x08, 1, 4);
    mw(MODERN + 0x0c, 1, 4);
    mw(MODERN + 0x14, 11, 1);
    mw(MODERN + 0x20, MMIO_BASE, 4);
    mw(MODERN + 0x28, AVAIL, 4);
    mw(MODERN + 0x30, 0x7ffff000, 4);
    mw(MODERN + 0x1c, 1, 2);
    mw(MODERN + 0x14, 15, 1);
    pci_set_word(ramp + AVAIL + 4, 0);
    pci_set_word(ramp + AVAIL + 2, 1);
    mw(MODERN + 0x3000, 0, 2);
    ck_assert_int_eq(mr(MODERN + 0x14, 1) & VIRTIO_STATUS_NEEDS_RESET, VIRTIO_STATUS_NEEDS_RESET);
    ck_assert_int_eq(mmio_writes, 0);
}
END_TEST

START_TEST(test_readonly_and_discard_rules)
{
    modern_init(ALLF | F(VIRTIO_BLK_F_RO), false);
    mw(MODERN + 0x00, 0, 4);
    ck_assert_int_eq(mr(MODERN + 0x04, 4) & F(VIRTIO_BLK_F_RO), F(VIRTIO_BLK_F_RO));
    request(0, VIRTIO_BLK_T_OUT, 0, 0x40000, 512, false);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(probe.level[0], 1);             /* INTx without MSI-X */
    ck_assert_int_eq(mr(MODERN + 0x1000, 1), 1);     /* ISR read clears */
    ck_assert_int_eq(probe.level[0], 0);
    /* DISCARD with flags is unsupported; two segments too. */
    pci_set_quad(ramp + 0x44000, 0);
    pci_set_long(ramp + 0x44008, 1);
    pci_set_long(ramp + 0x4400c, 1);
    request(0, VIRTIO_BLK_T_DISCARD, 0, 0x44000, 16, false);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_UNSUPP);
    request(0, VIRTIO_BLK_T_DISCARD, 0, 0x44000, 32, false);
    kick(0, true);
    ck_assert_int_eq(status_of(0), VIRTIO_BLK_S_UNSUPP);
}
END_TEST

/* Random accesses to every register window, with random ring contents in RAM. */
START_TEST(test_register_fuzz)
{
    uint64_t seed = 0xb10cull;

    modern_init(ALLF, true);
    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        unsigned size = 1u << ((r >> 4) % 3), which = (r >> 8) % 6;
        uint32_t val = (uint32_t)(r >> 32);
        uint64_t a;

        switch (which) {
        case 0: a = MODERN + (r >> 12) % 0x40; break;
        case 1: a = MODERN + 0x1000 + (r >> 12) % 4; break;
        case 2: a = MODERN + 0x2000 + (r >> 12) % 0x40; break;
        case 3: a = MODERN + 0x3000 + (r >> 12) % 8; break;
        case 4: a = MSIX_ADDR + (r >> 12) % 0x810; break;
        default: a = 0; break;
        }
        a &= ~(uint64_t)(size - 1);
        if (which == 5) {
            /* Legacy ports, and some garbage in the rings. */
            uint16_t port = (uint16_t)(LEGACY_IO + (r >> 12) % 0x60);

            if (r & 0x10000)
                address_space_st(&hwt_as, port & ~(size - 1), val, size);
            else
                address_space_ld(&hwt_as, port & ~(size - 1), size);
            ramp[DESC + (r >> 20) % 0x3000] = (uint8_t)val;
        } else if (r & 0x10000) {
            /* Keep ring addresses in RAM often enough for chains to be walked. */
            if (which == 0 && (a & 0x3f) >= 0x20)
                val &= (r & 0x20000) ? 0x000ffff0u : 0xfffffff0u;
            mw(a, val, size);
        } else {
            mr(a, size);
        }
        if (i % 128 == 0) {
            if (r & 0x40000)
                pci_config_write(&bus, DEVFN, (uint32_t)(0x40 + (r >> 24) % 0x60), val, size);
            bdrv_aio_drain(bs);
        }
    }
    bdrv_aio_drain(bs);
    ck_assert_int_eq(mmio_writes, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-virtio-blk");
    TCase *tc = tcase_create("virtio-blk");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_pci_identity_and_config);
    tcase_add_test(tc, test_legacy_rw_intx);
    tcase_add_test(tc, test_modern_rw_msix);
    tcase_add_test(tc, test_event_idx_suppression);
    tcase_add_test(tc, test_hostile_rings);
    tcase_add_test(tc, test_register_fuzz);
    suite_add_tcase(s, tc);
    tc = tcase_create("virtio-blk-readonly");
    tcase_add_checked_fixture(tc, setup_readonly, teardown);
    tcase_add_test(tc, test_readonly_and_discard_rules);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
