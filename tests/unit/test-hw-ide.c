/*
 * The PIIX3 IDE function (hw/ide.h) driven as a guest drives it: the task
 * file at 0x1f0/0x170, the control ports, the BMIDE registers in BAR4 and PRD
 * tables in a 1 MiB fake RAM, with raw images in $TMPDIR behind a disk
 * (primary master) and a CD-ROM (secondary master). Interrupts on an IRQ
 * probe; block requests complete through the main loop (bdrv_aio_drain).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/aio.h"
#include "block/block.h"
#include "hw/ide.h"
#include "system/main-loop.h"
#include "tests/unit/check-run.h"
#include "tests/unit/hw-test.h"

#define RAM_SIZE    0x100000u
#define MMIO_BASE   0x200000u
#define BM_BASE     0xc000
#define HD_SECTORS  8192u           /* 4 MiB */
#define CD_BLOCKS   64u
#define PRI         0x1f0
#define SEC         0x170

static MemoryRegion sysmem, ram, mmio, pcimem;
static AddressSpace mem_as;
static PCIBus bus;
static PCIIDEState ide;
static IrqProbe probe;
static BlockDriverState *hd, *cd;
static char dir[64], hdpath[96], cdpath[96];
static unsigned mmio_writes;
static uint8_t *ramp;

static void mmio_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    mmio_writes++;
}

static uint64_t mmio_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0;
}

static const MemoryRegionOps mmio_ops = { mmio_read, mmio_write, 1, 4, false };

static uint8_t hd_byte(uint64_t sector, unsigned i) { return (uint8_t)(sector * 7 + i * 3 + 1); }
static uint8_t cd_byte(uint64_t block, unsigned i) { return (uint8_t)(block * 13 + i * 5 + 2); }

static void make_image(const char *path, uint64_t size, unsigned unit, uint8_t (*fn)(uint64_t, unsigned))
{
    FILE *f = fopen(path, "wb");
    uint8_t *buf = malloc(unit);

    ck_assert_ptr_nonnull(f);
    for (uint64_t s = 0; s < size / unit; s++) {
        for (unsigned i = 0; i < unit; i++)
            buf[i] = fn(s, i);
        ck_assert_int_eq(fwrite(buf, 1, unit, f), unit);
    }
    fclose(f);
    free(buf);
}

static void setup(void)
{
    snprintf(dir, sizeof(dir), "%s/vireo-ide.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(hdpath, sizeof(hdpath), "%s/hd.raw", dir);
    snprintf(cdpath, sizeof(cdpath), "%s/cd.iso", dir);
    make_image(hdpath, HD_SECTORS * 512ull, 512, hd_byte);
    make_image(cdpath, CD_BLOCKS * 2048ull, 2048, cd_byte);
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
    memory_region_init_container(&pcimem, "pci", UINT64_MAX);
    ck_assert_int_eq(address_space_init(&mem_as, &sysmem, "memory"), 0);
    ramp = memory_region_get_ram_ptr(&ram);
    mmio_writes = 0;
    pci_bus_init(&bus, &pcimem, &hwt_io);
    pci_bus_set_dma_as(&bus, &mem_as);
    ck_assert_int_eq(piix3_ide_init(&ide, &bus, PCI_DEVFN(1, 1), &hwt_io, hwt_probe_line(&probe, 14),
                                    hwt_probe_line(&probe, 15)), 0);
    ck_assert_int_eq(bdrv_open(&hd, hdpath, "raw", BDRV_O_RDWR), 0);
    ck_assert_int_eq(bdrv_open(&cd, cdpath, "raw", 0), 0);
    ck_assert_int_eq(ide_attach(&ide, 0, 0, IDE_HD, hd, 1), 0);
    ck_assert_int_eq(ide_attach(&ide, 1, 0, IDE_CD, cd, 2), 0);
    /* What firmware does: BAR4, I/O decoding and bus mastering. */
    pci_config_write(&bus, PCI_DEVFN(1, 1), 0x20, BM_BASE, 4);
    pci_config_write(&bus, PCI_DEVFN(1, 1), PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MASTER, 2);
}

static void teardown(void)
{
    bdrv_aio_drain(hd);
    bdrv_aio_drain(cd);
    bdrv_close(hd);
    bdrv_close(cd);
    hwt_io_fini();
    bql_unlock();
    main_loop_cleanup();
    unlink(hdpath);
    unlink(cdpath);
    rmdir(dir);
}

static uint16_t inw(uint16_t port) { return (uint16_t)address_space_ld(&hwt_as, port, 2); }
static void outl(uint16_t port, uint32_t v) { address_space_st(&hwt_as, port, v, 4); }

/* Let the block requests complete; then the status of the channel. */
static uint8_t settle(uint16_t base)
{
    for (int i = 0; i < 100; i++) {
        bdrv_aio_drain(hd);
        bdrv_aio_drain(cd);
        if (!(address_space_ld(&hwt_as, base == PRI ? 0x3f6 : 0x376, 1) & 0x80))
            break;
    }
    return (uint8_t)address_space_ld(&hwt_as, base == PRI ? 0x3f6 : 0x376, 1);
}

/* An LBA28 command on the primary master. */
static void ata_cmd(uint8_t cmd, uint32_t lba, uint8_t count, uint8_t feature)
{
    outb(PRI + 6, 0xe0 | ((lba >> 24) & 0xf));
    outb(PRI + 1, feature);
    outb(PRI + 2, count);
    outb(PRI + 3, (uint8_t)lba);
    outb(PRI + 4, (uint8_t)(lba >> 8));
    outb(PRI + 5, (uint8_t)(lba >> 16));
    outb(PRI + 7, cmd);
}

static void read_words(uint16_t base, uint16_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        w[i] = inw(base);
}

static void ata_string(const uint16_t *w, unsigned words, char *out)
{
    for (unsigned i = 0; i < words; i++) {
        out[2 * i] = (char)(w[i] >> 8);
        out[2 * i + 1] = (char)w[i];
    }
    out[2 * words] = 0;
}

START_TEST(test_identify_words)
{
    uint16_t w[256];
    char s[48];

    ata_cmd(0xec, 0, 0, 0);
    ck_assert_int_eq(settle(PRI), 0x58);            /* DRDY DSC DRQ */
    ck_assert_int_eq(probe.level[14], 1);
    read_words(PRI, w, 256);
    ck_assert_int_eq(inb(PRI + 7), 0x50);           /* transfer done, DRQ off */
    ck_assert_int_eq(probe.level[14], 0);           /* the status read acknowledged it */
    ck_assert_int_eq(w[0], 0x0040);
    ck_assert_int_eq(w[1], HD_SECTORS / (16 * 63));  /* QEMU's guessed cylinders */
    ck_assert_int_eq(w[3], 16);
    ck_assert_int_eq(w[6], 63);
    ata_string(w + 10, 10, s);
    ck_assert_str_eq(s, "QM00001             ");
    ata_string(w + 23, 4, s);
    ck_assert_str_eq(s, "2.5+    ");
    ata_string(w + 27, 20, s);
    ck_assert_str_eq(s, "QEMU HARDDISK                           ");
    ck_assert_int_eq(w[47], 0x8010);
    ck_assert_int_eq(w[49], 0x0b00);                /* IORDY, LBA, DMA */
    ck_assert_int_eq(w[59], 0x0110);                /* multiple: 16 sectors set */
    ck_assert_int_eq(w[60] | w[61] << 16, HD_SECTORS);
    ck_assert_int_eq(w[83], 0x7400);                /* LBA48, FLUSH, FLUSH EXT */
    ck_assert_int_eq(w[85] & 0x20, 0x20);           /* write cache on */
    ck_assert_int_eq(w[88], 0x203f);                /* UDMA5 selected */
    ck_assert_int_eq(w[100] | w[101] << 16, HD_SECTORS);
    /* SET FEATURES 03h, MDMA2: the mode words follow (QEMU's ide_exec_cmd). */
    ata_cmd(0xef, 0, 0x22, 0x03);
    ck_assert_int_eq(settle(PRI), 0x50);
    ata_cmd(0xec, 0, 0, 0);
    settle(PRI);
    read_words(PRI, w, 256);
    ck_assert_int_eq(w[63], 0x0407);
    ck_assert_int_eq(w[88], 0x003f);
}
END_TEST

START_TEST(test_pio_roundtrip)
{
    uint16_t w[256 * 3];
    uint8_t file[512];
    FILE *f;

    /* READ SECTORS at LBA 100, 3 sectors: one DRQ block and interrupt each. */
    ata_cmd(0x20, 100, 3, 0);
    for (int s = 0; s < 3; s++) {
        ck_assert_int_eq(settle(PRI), 0x58);
        ck_assert_int_eq(probe.rises[14], s + 1);
        inb(PRI + 7);
        read_words(PRI, w + 256 * s, 256);
    }
    ck_assert_int_eq(inb(PRI + 7), 0x50);
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < 512; i++)
            ck_assert_int_eq(((uint8_t *)(w + 256 * s))[i], hd_byte(100 + s, i));
    /* The task file now names the sector after the last one. */
    ck_assert_int_eq(inb(PRI + 3), 103);

    /* WRITE SECTORS at LBA 2000, 2 sectors, then FLUSH CACHE: in the image file. */
    ata_cmd(0x30, 2000, 2, 0);
    for (int s = 0; s < 2; s++) {
        ck_assert_int_eq(settle(PRI) & 0x08, 0x08);
        for (int i = 0; i < 256; i++)
            outw(PRI, (uint16_t)(0xa500 + s * 256 + i));
        settle(PRI);
    }
    ck_assert_int_eq(inb(PRI + 7), 0x50);
    ata_cmd(0xe7, 0, 0, 0);
    ck_assert_int_eq(settle(PRI), 0x50);
    f = fopen(hdpath, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 2001 * 512, SEEK_SET);
    ck_assert_int_eq(fread(file, 1, 512, f), 512);
    fclose(f);
    ck_assert_int_eq(file[0], 0x00);
    ck_assert_int_eq(file[1], 0xa6);
    ck_assert_int_eq(file[510], 0xff);

    /* READ SECTORS EXT (LBA48) and 32-bit PIO: the data written above. */
    outb(PRI + 6, 0xe0);
    outb(PRI + 2, 0);  outb(PRI + 2, 1);
    outb(PRI + 3, 0);  outb(PRI + 3, 2000 & 0xff);
    outb(PRI + 4, 0);  outb(PRI + 4, 2000 >> 8);
    outb(PRI + 5, 0);  outb(PRI + 5, 0);
    outb(PRI + 7, 0x24);
    ck_assert_int_eq(settle(PRI), 0x58);
    ck_assert_int_eq(address_space_ld(&hwt_as, PRI, 4), 0xa501a500u);
    for (int i = 1; i < 128; i++)
        address_space_ld(&hwt_as, PRI, 4);
    ck_assert_int_eq(inb(PRI + 7), 0x50);

    /* CHS: cylinder 0, head 1, sector 5 = LBA 1 * 63 + 4. */
    outb(PRI + 6, 0xa1);
    outb(PRI + 2, 1);
    outb(PRI + 3, 5);
    outb(PRI + 4, 0);
    outb(PRI + 5, 0);
    outb(PRI + 7, 0x20);
    ck_assert_int_eq(settle(PRI), 0x58);
    read_words(PRI, w, 256);
    ck_assert_int_eq(((uint8_t *)w)[0], hd_byte(67, 0));
    ck_assert_int_eq(((uint8_t *)w)[9], hd_byte(67, 9));
}
END_TEST

START_TEST(test_multiple_and_errors)
{
    uint16_t w[256 * 4];

    /* READ MULTIPLE with 4 sectors a block: one interrupt for all four. */
    ata_cmd(0xc6, 0, 4, 0);
    ck_assert_int_eq(settle(PRI), 0x50);
    ata_cmd(0xc4, 10, 4, 0);
    ck_assert_int_eq(settle(PRI), 0x58);
    read_words(PRI, w, 256 * 4);
    ck_assert_int_eq(settle(PRI), 0x50);
    ck_assert_int_eq(probe.rises[14], 2);
    ck_assert_int_eq(((uint8_t *)w)[3 * 512 + 7], hd_byte(13, 7));
    /* SET MULTIPLE with a count that is not a power of two: aborted. */
    ata_cmd(0xc6, 0, 3, 0);
    ck_assert_int_eq(settle(PRI), 0x41);
    ck_assert_int_eq(inb(PRI + 1), 0x04);
    /* A read past the end of the disk: ABRT, no data. (Blocks are checked one
     * at a time, as QEMU does: a read that starts inside gets its first block.) */
    ata_cmd(0x20, HD_SECTORS, 1, 0);
    ck_assert_int_eq(settle(PRI), 0x41);
    ck_assert_int_eq(inb(PRI + 1), 0x04);
    /* READ NATIVE MAX ADDRESS: the last sector. */
    ata_cmd(0xf8, 0, 0, 0);
    ck_assert_int_eq(settle(PRI), 0x50);
    ck_assert_int_eq(inb(PRI + 3) | inb(PRI + 4) << 8 | inb(PRI + 5) << 16, HD_SECTORS - 1);
    /* An unknown command aborts; the absent slave ignores everything and reads 0. */
    ata_cmd(0x5c, 0, 0, 0);
    ck_assert_int_eq(settle(PRI), 0x41);
    outb(PRI + 6, 0xb0);
    outb(PRI + 7, 0xec);
    ck_assert_int_eq(inb(PRI + 7), 0x00);
    /* SMART RETURN STATUS: the signature for "no threshold exceeded". */
    outb(PRI + 6, 0xe0);
    outb(PRI + 4, 0x4f);
    outb(PRI + 5, 0xc2);
    outb(PRI + 1, 0xda);
    outb(PRI + 7, 0xb0);
    ck_assert_int_eq(settle(PRI), 0x50);
    ck_assert_int_eq(inb(PRI + 5), 0xc2);
}
END_TEST

/* One PRD table at 0x1000: entries (addr, bytes, last). */
static void prd(unsigned i, uint32_t addr, uint32_t bytes, bool eot)
{
    uint8_t *e = ramp + 0x1000 + 8 * i;

    pci_set_long(e, addr);
    pci_set_long(e + 4, (bytes & 0xffff) | (eot ? 0x80000000u : 0));
}

START_TEST(test_dma_read_write)
{
    /* READ DMA of 3 sectors into two buffers, 1 KiB at 0x20000 and 512 B at 0x30000. */
    prd(0, 0x20000, 1024, false);
    prd(1, 0x30000, 512, true);
    outl(BM_BASE + 4, 0x1000);
    ata_cmd(0xc8, 500, 3, 0);
    ck_assert_int_eq(address_space_ld(&hwt_as, 0x3f6, 1) & 0x80, 0x80);  /* BSY: waits for BM start */
    outb(BM_BASE, 0x09);                             /* start, to memory */
    ck_assert_int_eq(settle(PRI), 0x50);
    ck_assert_int_eq(inb(BM_BASE + 2) & 0x07, 0x04);  /* interrupt, not active, no error */
    ck_assert_int_eq(probe.level[14], 1);
    outb(BM_BASE, 0x00);
    outb(BM_BASE + 2, 0x04);                          /* W1C */
    ck_assert_int_eq(inb(BM_BASE + 2) & 0x04, 0);
    for (int i = 0; i < 512; i++) {
        ck_assert_int_eq(ramp[0x20000 + i], hd_byte(500, i));
        ck_assert_int_eq(ramp[0x20200 + i], hd_byte(501, i));
        ck_assert_int_eq(ramp[0x30000 + i], hd_byte(502, i));
    }
    ck_assert_int_eq(ramp[0x20400], 0);                /* nothing past the transfer */

    /* WRITE DMA (EXT) of 2 sectors from one 64 KiB-count entry (count 0 = 64 KiB). */
    memset(ramp + 0x40000, 0x5a, 1024);
    prd(0, 0x40000, 0, true);
    outb(PRI + 6, 0xe0);
    outb(PRI + 2, 0);  outb(PRI + 2, 2);
    outb(PRI + 3, 0);  outb(PRI + 3, 0x10);
    outb(PRI + 4, 0);  outb(PRI + 4, 0);
    outb(PRI + 5, 0);  outb(PRI + 5, 0);
    outb(BM_BASE, 0x01);                             /* start first this time */
    outb(PRI + 7, 0x35);
    ck_assert_int_eq(settle(PRI), 0x50);
    outb(BM_BASE, 0x00);
    {
        uint8_t b[1024];

        ck_assert_int_eq(bdrv_pread(hd, 0x10 * 512, b, 1024), 0);
        for (int i = 0; i < 1024; i++)
            ck_assert_int_eq(b[i], 0x5a);
        ck_assert_int_eq(bdrv_pread(hd, 0x12 * 512, b, 1), 0);
        ck_assert_int_eq(b[0], hd_byte(0x12, 0));
    }
}
END_TEST

START_TEST(test_dma_outside_ram)
{
    uint8_t before[64];

    /* A buffer past the end of RAM: ABRT and the BM error bit; nothing written anywhere. */
    prd(0, 0x180000, 512, true);
    outl(BM_BASE + 4, 0x1000);
    ata_cmd(0xc8, 0, 1, 0);
    outb(BM_BASE, 0x09);
    ck_assert_int_eq(settle(PRI), 0x41);
    ck_assert_int_eq(inb(PRI + 1), 0x04);
    ck_assert_int_eq(inb(BM_BASE + 2) & 0x07, 0x06);  /* error, interrupt, not active */
    outb(BM_BASE, 0);
    outb(BM_BASE + 2, 0x06);
    /* A buffer over the MMIO page: the device never reaches it. */
    prd(0, MMIO_BASE, 512, true);
    ata_cmd(0xc8, 0, 1, 0);
    outb(BM_BASE, 0x09);
    ck_assert_int_eq(settle(PRI), 0x41);
    ck_assert_int_eq(mmio_writes, 0);
    outb(BM_BASE, 0);
    /* A buffer that starts in RAM and runs past its end: refused whole. */
    memcpy(before, ramp + RAM_SIZE - 64, 64);
    prd(0, RAM_SIZE - 256, 512, true);
    ata_cmd(0xc8, 0, 1, 0);
    outb(BM_BASE, 0x09);
    ck_assert_int_eq(settle(PRI), 0x41);
    ck_assert_int_eq(memcmp(before, ramp + RAM_SIZE - 64, 64), 0);
    outb(BM_BASE, 0);
    /* The PRD table itself outside RAM. */
    outl(BM_BASE + 4, 0x00fff000);
    ata_cmd(0xc8, 0, 1, 0);
    outb(BM_BASE, 0x09);
    ck_assert_int_eq(settle(PRI), 0x41);
    outb(BM_BASE, 0);
    /* A table that ends before the transfer: as QEMU, stop without an interrupt. */
    outl(BM_BASE + 4, 0x1000);
    prd(0, 0x20000, 512, true);
    outb(BM_BASE + 2, 0x06);
    probe.rises[14] = 0;
    ata_cmd(0xc8, 0, 4, 0);
    outb(BM_BASE, 0x09);
    ck_assert_int_eq(settle(PRI), 0x50);
    ck_assert_int_eq(inb(BM_BASE + 2) & 0x05, 0x00);
    ck_assert_int_eq(probe.rises[14], 0);
    /* And with bus mastering off, nothing moves. */
    outb(BM_BASE, 0);
    pci_config_write(&bus, PCI_DEVFN(1, 1), PCI_COMMAND, PCI_COMMAND_IO, 2);
    memset(ramp + 0x20000, 0, 512);
    ata_cmd(0xc8, 0, 1, 0);
    outb(BM_BASE, 0x09);
    ck_assert_int_eq(settle(PRI), 0x41);
    ck_assert_int_eq(ramp[0x20000], 0);
}
END_TEST

/* ---- ATAPI ------------------------------------------------------------------------- */

static uint8_t atapi_status;

/* A PACKET command on the secondary master by PIO; returns the bytes received. */
static int atapi(const uint8_t *pkt, uint8_t *out, int max, uint16_t bcl)
{
    int got = 0;

    outb(SEC + 6, 0xa0);
    outb(SEC + 1, 0);
    outb(SEC + 4, (uint8_t)bcl);
    outb(SEC + 5, (uint8_t)(bcl >> 8));
    outb(SEC + 7, 0xa0);
    ck_assert_int_eq(settle(SEC) & 0x88, 0x08);
    ck_assert_int_eq(inb(SEC + 2) & 3, 1);          /* CoD: the device wants the packet */
    for (int i = 0; i < 6; i++)
        outw(SEC, (uint16_t)(pkt[2 * i] | pkt[2 * i + 1] << 8));
    for (;;) {
        uint8_t st = settle(SEC);
        unsigned n;

        inb(SEC + 7);
        if (!(st & 0x08)) {
            atapi_status = st;
            ck_assert_int_eq(inb(SEC + 2) & 3, 3);  /* IO|CoD: command done */
            return got;
        }
        ck_assert_int_eq(inb(SEC + 2) & 3, 2);      /* IO: data to host */
        n = inb(SEC + 4) | inb(SEC + 5) << 8;
        ck_assert_uint_le(n, bcl);
        for (unsigned i = 0; i < n; i += 2) {
            uint16_t v = inw(SEC);

            if (got + 1 < max) {
                out[got] = (uint8_t)v;
                out[got + 1] = (uint8_t)(v >> 8);
            }
            got += 2;
        }
    }
}

START_TEST(test_atapi_identify_and_inquiry)
{
    uint16_t w[256];
    uint8_t buf[64];
    char s[48];
    static const uint8_t inquiry[12] = { 0x12, 0, 0, 0, 36 };
    static const uint8_t tur[12] = { 0 };
    static const uint8_t capacity[12] = { 0x25 };

    /* Signature after reset, IDENTIFY DEVICE aborted, IDENTIFY PACKET DEVICE. */
    outb(SEC + 6, 0xa0);
    ck_assert_int_eq(inb(SEC + 4), 0x14);
    ck_assert_int_eq(inb(SEC + 5), 0xeb);
    outb(SEC + 7, 0xec);
    ck_assert_int_eq(settle(SEC), 0x41);
    ck_assert_int_eq(inb(SEC + 4), 0x14);
    outb(SEC + 7, 0xa1);
    ck_assert_int_eq(settle(SEC), 0x58);
    read_words(SEC, w, 256);
    ck_assert_int_eq(w[0], 0x85c0);
    ata_string(w + 27, 20, s);
    ck_assert_str_eq(s, "QEMU DVD-ROM                            ");
    ata_string(w + 10, 10, s);
    ck_assert_str_eq(s, "QM00002             ");

    ck_assert_int_eq(atapi(tur, buf, sizeof(buf), 2048), 0);
    ck_assert_int_eq(atapi_status, 0x50);
    ck_assert_int_eq(atapi(inquiry, buf, sizeof(buf), 2048), 36);
    ck_assert_int_eq(buf[0], 0x05);
    ck_assert_int_eq(buf[1], 0x80);
    ck_assert_int_eq(memcmp(buf + 8, "QEMU    QEMU DVD-ROM    2.5+", 28), 0);
    ck_assert_int_eq(atapi(capacity, buf, sizeof(buf), 2048), 8);
    ck_assert_int_eq(buf[3], CD_BLOCKS - 1);
    ck_assert_int_eq(buf[6], 0x08);                 /* 2048-byte blocks */
}
END_TEST

START_TEST(test_atapi_read_toc)
{
    uint8_t buf[64];
    uint8_t toc[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 64, 0 };

    ck_assert_int_eq(atapi(toc, buf, sizeof(buf), 2048), 20);   /* format 0, LBA */
    ck_assert_int_eq(buf[1], 18);
    ck_assert_int_eq(buf[2], 1);
    ck_assert_int_eq(buf[3], 1);
    ck_assert_int_eq(buf[5], 0x14);                 /* data track */
    ck_assert_int_eq(buf[6], 1);
    ck_assert_int_eq(buf[14], 0xaa);                /* lead-out at the end */
    ck_assert_int_eq(buf[19], CD_BLOCKS);
    toc[1] = 2;                                     /* MSF */
    ck_assert_int_eq(atapi(toc, buf, sizeof(buf), 2048), 20);
    ck_assert_int_eq(buf[9], 0);
    ck_assert_int_eq(buf[10], 2);                   /* 00:02:00 = LBA 0 */
    ck_assert_int_eq(buf[11], 0);
    ck_assert_int_eq(buf[18], 2);                   /* lead-out 00:02:64 */
    ck_assert_int_eq(buf[19], CD_BLOCKS);
    toc[1] = 0;
    toc[9] = 1 << 6;                                /* format 1: sessions */
    ck_assert_int_eq(atapi(toc, buf, sizeof(buf), 2048), 12);
    ck_assert_int_eq(buf[1], 0x0a);
    toc[9] = 2 << 6;                                /* format 2: full TOC */
    ck_assert_int_eq(atapi(toc, buf, sizeof(buf), 2048), 48);
    ck_assert_int_eq(buf[7], 0xa0);
    ck_assert_int_eq(buf[18], 0xa1);
    ck_assert_int_eq(buf[29], 0xa2);
    ck_assert_int_eq(buf[36], CD_BLOCKS);           /* lead-out LBA */
    ck_assert_int_eq(buf[37], 1);                   /* track 1's descriptor */
    ck_assert_int_eq(buf[40], 0x01);
    toc[9] = 3 << 6;
    ck_assert_int_eq(atapi(toc, buf, sizeof(buf), 2048), 0);
    ck_assert_int_eq(atapi_status, 0x41);
    ck_assert_int_eq(inb(SEC + 1), 0x50);            /* ILLEGAL REQUEST */
}
END_TEST

START_TEST(test_atapi_read10)
{
    static uint8_t buf[8 * 2048];
    uint8_t rd[12] = { 0x28, 0, 0, 0, 0, 5, 0, 0, 3 };
    uint8_t sense[12] = { 0x03, 0, 0, 0, 18 };

    /* PIO, a byte count limit of 1000: blocks of 1000 bytes (even), 6144 in all. */
    ck_assert_int_eq(atapi(rd, buf, sizeof(buf), 1000), 3 * 2048);
    ck_assert_int_eq(atapi_status, 0x50);
    for (int i = 0; i < 3 * 2048; i++)
        ck_assert_int_eq(buf[i], cd_byte(5 + i / 2048, i % 2048));
    /* Past the end: ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE in the sense data. */
    rd[5] = CD_BLOCKS - 1;
    ck_assert_int_eq(atapi(rd, buf, sizeof(buf), 0xfffe), 0);
    ck_assert_int_eq(atapi_status, 0x41);
    ck_assert_int_eq(atapi(sense, buf, sizeof(buf), 0xfffe), 18);
    ck_assert_int_eq(buf[2], 5);
    ck_assert_int_eq(buf[12], 0x21);

    /* DMA: READ(10) of 2 blocks into RAM through a PRD table. */
    prd(0, 0x50000, 4096, true);
    outl(BM_BASE + 8 + 4, 0x1000);
    outb(SEC + 6, 0xa0);
    outb(SEC + 1, 1);                               /* DMA */
    outb(SEC + 7, 0xa0);
    settle(SEC);
    rd[5] = 10;
    rd[8] = 2;
    for (int i = 0; i < 6; i++)
        outw(SEC, (uint16_t)(rd[2 * i] | rd[2 * i + 1] << 8));
    outb(BM_BASE + 8, 0x09);
    ck_assert_int_eq(settle(SEC), 0x50);
    ck_assert_int_eq(inb(BM_BASE + 8 + 2) & 0x07, 0x04);
    for (int i = 0; i < 4096; i++)
        ck_assert_int_eq(ramp[0x50000 + i], cd_byte(10 + i / 2048, i % 2048));
}
END_TEST

START_TEST(test_atapi_media)
{
    uint8_t buf[64];
    static const uint8_t tur[12] = { 0 };
    static const uint8_t lock[12] = { 0x1e, 0, 0, 0, 1 };
    static const uint8_t eject[12] = { 0x1b, 0, 0, 0, 2 };
    static const uint8_t load[12] = { 0x1b, 0, 0, 0, 3 };
    static const uint8_t unlock[12] = { 0x1e };
    static const uint8_t gesn[12] = { 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8 };
    static const uint8_t config[12] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 64 };
    static const uint8_t mode[12] = { 0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 64 };
    IDEDrive *d = ide_drive(&ide, 1, 0);

    /* A new medium: NOT READY once, then UNIT ATTENTION, then ready; GESN says "new media". */
    ide_cd_change_medium(d, cd);
    ck_assert_int_eq(atapi(gesn, buf, sizeof(buf), 2048), 8);
    ck_assert_int_eq(buf[2], 4);
    ck_assert_int_eq(buf[4], 2);                    /* MEC_NEW_MEDIA */
    ck_assert_int_eq(buf[5], 2);                    /* medium present */
    atapi(tur, buf, sizeof(buf), 2048);
    ck_assert_int_eq(inb(SEC + 1) >> 4, 2);
    atapi(tur, buf, sizeof(buf), 2048);
    ck_assert_int_eq(inb(SEC + 1) >> 4, 6);
    atapi(tur, buf, sizeof(buf), 2048);
    ck_assert_int_eq(atapi_status, 0x50);
    /* Locked: eject refused; unlocked: the tray opens and the medium is gone. */
    atapi(lock, buf, sizeof(buf), 2048);
    atapi(eject, buf, sizeof(buf), 2048);
    ck_assert_int_eq(atapi_status, 0x41);
    atapi(unlock, buf, sizeof(buf), 2048);
    atapi(eject, buf, sizeof(buf), 2048);
    ck_assert_int_eq(atapi_status, 0x50);
    atapi(tur, buf, sizeof(buf), 2048);
    ck_assert_int_eq(atapi_status, 0x41);
    ck_assert_int_eq(inb(SEC + 1) >> 4, 2);          /* NOT READY, medium not present */
    atapi(load, buf, sizeof(buf), 2048);
    atapi(tur, buf, sizeof(buf), 2048);
    ck_assert_int_eq(atapi_status, 0x50);
    /* GET CONFIGURATION: CD-ROM is the current profile, DVD-ROM listed. */
    ck_assert_int_eq(atapi(config, buf, sizeof(buf), 2048), 20);
    ck_assert_int_eq(buf[7], 0x08);
    ck_assert_int_eq(buf[13], 0x10);
    ck_assert_int_eq(buf[17], 0x08);
    ck_assert_int_eq(buf[18], 1);
    /* MODE SENSE(10) capabilities page. */
    ck_assert_int_eq(atapi(mode, buf, sizeof(buf), 2048), 28);
    ck_assert_int_eq(buf[8], 0x2a);
}
END_TEST

/* Random writes and reads on every register of both channels and the BMIDE block. */
START_TEST(test_register_fuzz)
{
    static const uint16_t ports[] = {
        PRI, PRI + 1, PRI + 2, PRI + 3, PRI + 4, PRI + 5, PRI + 6, PRI + 7, 0x3f6,
        SEC, SEC + 1, SEC + 2, SEC + 3, SEC + 4, SEC + 5, SEC + 6, SEC + 7, 0x376,
        BM_BASE, BM_BASE + 2, BM_BASE + 4, BM_BASE + 8, BM_BASE + 10, BM_BASE + 12,
    };
    uint64_t seed = 0x1de5eedull;

    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint16_t port = ports[r % (sizeof(ports) / sizeof(ports[0]))];
        unsigned size = 1u << ((r >> 8) % 3);
        uint32_t val = (uint32_t)(r >> 32);

        /* PRD tables point into RAM half the time, so transfers happen. */
        if (port == BM_BASE + 4 || port == BM_BASE + 12)
            val &= (r & 0x10000) ? 0x000ffff0u : 0xfffffff0u;
        if ((r >> 16) & 1)
            address_space_st(&hwt_as, port, val, size);
        else
            address_space_ld(&hwt_as, port, size);
        if (i % 64 == 0) {
            bdrv_aio_drain(hd);
            bdrv_aio_drain(cd);
        }
    }
    bdrv_aio_drain(hd);
    bdrv_aio_drain(cd);
    ck_assert_int_eq(mmio_writes, 0);
    /* Still a working disk after a reset. */
    ide_reset_all(&ide);
    {
        uint16_t w[256];

        ata_cmd(0xec, 0, 0, 0);
        ck_assert_int_eq(settle(PRI), 0x58);
        read_words(PRI, w, 256);
        ck_assert_int_eq(w[0], 0x0040);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-ide");
    TCase *tc = tcase_create("ide");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_identify_words);
    tcase_add_test(tc, test_pio_roundtrip);
    tcase_add_test(tc, test_multiple_and_errors);
    tcase_add_test(tc, test_dma_read_write);
    tcase_add_test(tc, test_dma_outside_ram);
    tcase_add_test(tc, test_atapi_identify_and_inquiry);
    tcase_add_test(tc, test_atapi_read_toc);
    tcase_add_test(tc, test_atapi_read10);
    tcase_add_test(tc, test_atapi_media);
    tcase_add_test(tc, test_register_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
