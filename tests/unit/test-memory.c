/*
 * The memory API (system/memory.h): topology and priorities, aliases,
 * splitting and widening of device accesses, ROM, unassigned space, the dirty
 * log, sparse RAM, transactions, translate, the mtree dump and reclamation.
 *
 * Devices here are recorders: each callback appends (write?, offset, size,
 * value) to its Dev, and registers live in a little-endian byte array, so a
 * test states exactly which device accesses a guest access must become.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/cutils.h"
#include "system/error.h"
#include "system/log.h"
#include "system/memory.h"

#define GiB (UINT64_C(1) << 30)
#define MiB (UINT64_C(1) << 20)

typedef struct Call {
    bool write;
    uint64_t addr;
    unsigned size;
    uint64_t val;
} Call;

typedef struct Dev {
    uint8_t regs[256];
    Call calls[64];
    unsigned n;
} Dev;

static uint64_t dev_read(void *opaque, uint64_t addr, unsigned size)
{
    Dev *d = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)d->regs[(addr + i) % sizeof(d->regs)] << (8 * i);
    if (d->n < ARRAY_SIZE(d->calls))
        d->calls[d->n++] = (Call){ false, addr, size, v };
    return v;
}

static void dev_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    Dev *d = opaque;

    for (unsigned i = 0; i < size; i++)
        d->regs[(addr + i) % sizeof(d->regs)] = val >> (8 * i);
    if (d->n < ARRAY_SIZE(d->calls))
        d->calls[d->n++] = (Call){ true, addr, size, val };
}

static const MemoryRegionOps ops_1to8 = { dev_read, dev_write, 1, 8, false };
static const MemoryRegionOps ops_max1 = { dev_read, dev_write, 1, 1, false };
static const MemoryRegionOps ops_max2 = { dev_read, dev_write, 1, 2, false };
static const MemoryRegionOps ops_min4 = { dev_read, dev_write, 4, 4, false };
static const MemoryRegionOps ops_default = { dev_read, dev_write };     /* 1..4, aligned */
static const MemoryRegionOps ops_unaligned = { dev_read, dev_write, 1, 4, true };
static const MemoryRegionOps ops_null = { NULL, NULL, 1, 4, false };

/* Regions and devices live here, not on test stacks, so teardown can destroy them all. */
static MemoryRegion sysmem;
static AddressSpace as;
static MemoryRegion r[12];
static Dev dev[4];

static void setup(void)
{
    memset(r, 0, sizeof(r));
    memset(dev, 0, sizeof(dev));
    memory_region_init_container(&sysmem, "system", UINT64_MAX);
    ck_assert_int_eq(address_space_init(&as, &sysmem, "memory"), 0);
}

static void teardown(void)
{
    address_space_destroy(&as);
    for (int i = ARRAY_SIZE(r) - 1; i >= 0; i--)
        memory_region_destroy(&r[i]);
    memory_region_destroy(&sysmem);
    ck_assert_uint_eq(memory_reclaim(), 0);
}

static void expect_call(const Dev *d, unsigned i, bool write, uint64_t addr, unsigned size,
                        uint64_t val)
{
    ck_assert_uint_gt(d->n, i);
    ck_assert_msg(d->calls[i].write == write && d->calls[i].addr == addr &&
                  d->calls[i].size == size && d->calls[i].val == val,
                  "call %u: got %s 0x%" PRIx64 "/%u = 0x%" PRIx64 ", want %s 0x%" PRIx64
                  "/%u = 0x%" PRIx64, i, d->calls[i].write ? "write" : "read",
                  d->calls[i].addr, d->calls[i].size, d->calls[i].val,
                  write ? "write" : "read", addr, size, val);
}

static void map_io(MemoryRegion *mr, Dev *d, const MemoryRegionOps *ops, uint64_t addr,
                   uint64_t size, int prio)
{
    memory_region_init_io(mr, "dev", ops, d, size);
    memory_region_add_subregion_overlap(&sysmem, addr, mr, prio);
}

static uint8_t *map_ram(MemoryRegion *mr, const char *name, uint64_t addr, uint64_t size)
{
    ck_assert_int_eq(memory_region_init_ram(mr, name, size), 0);
    memory_region_add_subregion(&sysmem, addr, mr);
    return memory_region_get_ram_ptr(mr);
}

/* ---- Plain RAM and unassigned space ---- */

START_TEST(test_ram_little_endian)
{
    uint8_t *host = map_ram(&r[0], "ram", 0, MiB);
    uint8_t buf[4];

    address_space_st(&as, 0x100, UINT64_C(0x1122334455667788), 8);
    ck_assert_uint_eq(host[0x100], 0x88);
    ck_assert_uint_eq(host[0x107], 0x11);
    ck_assert_uint_eq(address_space_ld(&as, 0x101, 2), 0x6677);
    ck_assert_int_eq(address_space_read(&as, 0x102, buf, 4), 0);
    ck_assert_mem_eq(buf, "\x66\x55\x44\x33", 4);
}
END_TEST

START_TEST(test_unassigned_reads_ones)
{
    char path[] = "/tmp/test-memory-log-XXXXXX";
    int fd = mkstemp(path);
    uint8_t buf[3];
    char text[1024] = "";
    FILE *f;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(log_set_file(path), 0);
    log_mask = LOG_GUEST_ERROR;
    ck_assert_uint_eq(address_space_ld(&as, 0x10000000, 1), 0xff);
    ck_assert_uint_eq(address_space_ld(&as, 0x10000000, 2), 0xffff);
    ck_assert_uint_eq(address_space_ld(&as, 0x10000000, 4), 0xffffffff);
    ck_assert_uint_eq(address_space_ld(&as, 0x10000000, 8), UINT64_MAX);
    ck_assert_int_eq(address_space_read(&as, 0x20, buf, 3), -EFAULT);
    ck_assert_mem_eq(buf, "\xff\xff\xff", 3);
    address_space_st(&as, 0x30, 0x1234, 2);    /* dropped, and must not crash */
    log_close();
    log_mask = 0;
    f = fdopen(fd, "r");
    ck_assert_uint_gt(fread(text, 1, sizeof(text) - 1, f), 0);
    fclose(f);
    unlink(path);
    ck_assert_ptr_nonnull(strstr(text, "memory: unassigned read of 4 bytes at 0x10000000\n"));
    ck_assert_ptr_nonnull(strstr(text, "memory: unassigned write of 2 bytes at 0x30\n"));
}
END_TEST

START_TEST(test_io_dispatch_offset_opaque)
{
    map_io(&r[0], &dev[0], &ops_1to8, 0x1000, 0x100, 0);
    map_io(&r[1], &dev[1], &ops_1to8, 0x2000, 0x100, 0);
    address_space_st(&as, 0x2010, 0xcafe, 2);
    ck_assert_uint_eq(dev[0].n, 0);
    ck_assert_uint_eq(dev[1].n, 1);
    expect_call(&dev[1], 0, true, 0x10, 2, 0xcafe);
    dev[0].regs[4] = 0x34;
    dev[0].regs[5] = 0x12;
    ck_assert_uint_eq(address_space_ld(&as, 0x1004, 2), 0x1234);
    expect_call(&dev[0], 0, false, 4, 2, 0x1234);
    ck_assert_uint_eq(dev[1].n, 1);
}
END_TEST

START_TEST(test_null_callbacks)
{
    map_io(&r[0], &dev[0], &ops_null, 0x1000, 0x100, 0);
    ck_assert_uint_eq(address_space_ld(&as, 0x1000, 2), 0xffff);
    address_space_st(&as, 0x1000, 1, 4);
    ck_assert_uint_eq(address_space_ld(&as, 0x1001, 8), UINT64_MAX);   /* split path too */
}
END_TEST

/* ---- Overlap, priority, enable, move ---- */

START_TEST(test_overlap_priority)
{
    uint8_t *host = map_ram(&r[0], "ram", 0, 0x10000);

    map_io(&r[1], &dev[0], &ops_1to8, 0x1000, 0x1000, 1);
    map_io(&r[2], &dev[1], &ops_1to8, 0x1800, 0x100, -1);  /* under the RAM: never seen */
    address_space_st(&as, 0x1004, 0xab, 1);
    address_space_st(&as, 0x0fff, 0xcd, 1);
    address_space_st(&as, 0x1810, 0xef, 1);
    expect_call(&dev[0], 0, true, 4, 1, 0xab);
    expect_call(&dev[0], 1, true, 0x810, 1, 0xef);
    ck_assert_uint_eq(host[0xfff], 0xcd);
    ck_assert_uint_eq(host[0x1004], 0);
    ck_assert_uint_eq(dev[1].n, 0);
}
END_TEST

START_TEST(test_equal_priority_later_wins)
{
    map_io(&r[0], &dev[0], &ops_1to8, 0x1000, 0x100, 0);
    map_io(&r[1], &dev[1], &ops_1to8, 0x1080, 0x100, 0);
    address_space_ld(&as, 0x1090, 1);
    address_space_ld(&as, 0x1010, 1);
    expect_call(&dev[1], 0, false, 0x10, 1, 0);
    expect_call(&dev[0], 0, false, 0x10, 1, 0);
    memory_region_del_subregion(&sysmem, &r[1]);
    address_space_ld(&as, 0x1090, 1);
    expect_call(&dev[0], 1, false, 0x90, 1, 0);
}
END_TEST

START_TEST(test_disable_reenable_keeps_place)
{
    map_io(&r[0], &dev[0], &ops_1to8, 0x1000, 0x100, 0);
    map_io(&r[1], &dev[1], &ops_1to8, 0x1000, 0x100, 0);   /* later: wins */
    memory_region_set_enabled(&r[1], false);
    address_space_ld(&as, 0x1000, 1);
    ck_assert_uint_eq(dev[0].n, 1);
    ck_assert_uint_eq(dev[1].n, 0);
    memory_region_set_enabled(&r[1], true);
    address_space_ld(&as, 0x1000, 1);
    ck_assert_uint_eq(dev[0].n, 1);
    ck_assert_uint_eq(dev[1].n, 1);
}
END_TEST

START_TEST(test_move_subregion)
{
    map_io(&r[0], &dev[0], &ops_1to8, 0x1000, 0x100, 0);
    memory_region_set_address(&r[0], 0xfebf0000);      /* a PCI BAR reprogrammed */
    ck_assert_uint_eq(address_space_ld(&as, 0x1000, 4), 0xffffffff);
    ck_assert_uint_eq(dev[0].n, 0);
    address_space_st(&as, 0xfebf0008, 7, 4);
    expect_call(&dev[0], 0, true, 8, 4, 7);
}
END_TEST

START_TEST(test_priority_is_among_siblings)
{
    MemoryRegion *box = &r[0];
    uint8_t *host;

    /* A child's priority 100 cannot beat its container's loss to a priority-1 sibling. */
    memory_region_init_container(box, "box", 0x10000);
    memory_region_init_io(&r[1], "inner", &ops_1to8, &dev[0], 0x1000);
    memory_region_add_subregion_overlap(box, 0, &r[1], 100);
    memory_region_add_subregion_overlap(&sysmem, 0, box, 0);
    ck_assert_int_eq(memory_region_init_ram(&r[2], "ram", 0x800), 0);
    memory_region_add_subregion_overlap(&sysmem, 0, &r[2], 1);
    host = memory_region_get_ram_ptr(&r[2]);
    address_space_st(&as, 0x10, 0x55, 1);
    address_space_st(&as, 0x810, 0x66, 1);
    ck_assert_uint_eq(host[0x10], 0x55);
    ck_assert_uint_eq(dev[0].n, 1);
    expect_call(&dev[0], 0, true, 0x810, 1, 0x66);
}
END_TEST

START_TEST(test_region_shows_around_its_subregion)
{
    uint8_t *host;

    /* As in QEMU, a RAM or I/O region may hold subregions and shows where they do not. */
    ck_assert_int_eq(memory_region_init_ram(&r[0], "vram", 0x1000), 0);
    memory_region_init_io(&r[1], "window", &ops_1to8, &dev[0], 0x100);
    memory_region_add_subregion(&r[0], 0x800, &r[1]);
    memory_region_add_subregion(&sysmem, 0x10000, &r[0]);
    host = memory_region_get_ram_ptr(&r[0]);
    address_space_st(&as, 0x107ff, 0x11, 1);
    address_space_st(&as, 0x10800, 0x22, 1);
    address_space_st(&as, 0x10900, 0x33, 1);
    ck_assert_uint_eq(host[0x7ff], 0x11);
    ck_assert_uint_eq(host[0x900], 0x33);
    expect_call(&dev[0], 0, true, 0, 1, 0x22);
}
END_TEST

/* ---- Aliases ---- */

START_TEST(test_alias_offset)
{
    uint8_t *host;
    uint64_t xlat, plen = 0x1000;

    /* RAM split around a hole, like ram-below-4g / ram-above-4g. */
    ck_assert_int_eq(memory_region_init_ram(&r[0], "ram", MiB), 0);
    host = memory_region_get_ram_ptr(&r[0]);
    memory_region_init_alias(&r[1], "low", &r[0], 0, MiB / 2);
    memory_region_init_alias(&r[2], "high", &r[0], MiB / 2, MiB / 2);
    memory_region_add_subregion(&sysmem, 0, &r[1]);
    memory_region_add_subregion(&sysmem, 4 * GiB, &r[2]);
    host[MiB / 2 + 0x10] = 0x5a;
    ck_assert_uint_eq(address_space_ld(&as, 4 * GiB + 0x10, 1), 0x5a);
    ck_assert_uint_eq(address_space_ld(&as, MiB / 2 + 0x10, 1), 0xff);
    ck_assert_ptr_eq(address_space_translate(&as, 4 * GiB + 0x10, &xlat, &plen, false), &r[0]);
    ck_assert_uint_eq(xlat, MiB / 2 + 0x10);
    memory_region_set_alias_offset(&r[2], 0);
    host[0x10] = 0xa5;
    ck_assert_uint_eq(address_space_ld(&as, 4 * GiB + 0x10, 1), 0xa5);
}
END_TEST

START_TEST(test_alias_of_container)
{
    MemoryRegion *pci = &r[0];
    uint8_t *host;

    memory_region_init_container(pci, "pci", MiB);
    memory_region_init_io(&r[1], "bar", &ops_1to8, &dev[0], 0x1000);
    memory_region_add_subregion(pci, 0x3000, &r[1]);
    ck_assert_int_eq(memory_region_init_ram(&r[2], "vram", 0x2000), 0);
    memory_region_add_subregion(pci, 0x8000, &r[2]);
    host = memory_region_get_ram_ptr(&r[2]);
    /* A window of pci [0x2000, 0xa000) at 0xa0000. */
    memory_region_init_alias(&r[3], "win", pci, 0x2000, 0x8000);
    memory_region_add_subregion(&sysmem, 0xa0000, &r[3]);
    address_space_st(&as, 0xa1004, 0x77, 1);
    expect_call(&dev[0], 0, true, 4, 1, 0x77);
    address_space_st(&as, 0xa6008, 0x88, 1);
    ck_assert_uint_eq(host[8], 0x88);
    ck_assert_uint_eq(address_space_ld(&as, 0xa0000, 1), 0xff);     /* pci has nothing there */
    ck_assert_uint_eq(address_space_ld(&as, 0xa8000, 1), 0xff);     /* past the window */
}
END_TEST

START_TEST(test_alias_loop_terminates)
{
    FILE *err = fopen("/dev/null", "w");

    error_set_stream(err);
    memory_region_init_container(&r[0], "loop", 0x1000);
    memory_region_init_alias(&r[1], "self", &r[0], 0, 0x1000);
    memory_region_add_subregion(&r[0], 0, &r[1]);
    memory_region_add_subregion(&sysmem, 0, &r[0]);
    ck_assert_uint_eq(address_space_ld(&as, 0, 4), 0xffffffff);
    error_set_stream(NULL);
    fclose(err);
}
END_TEST

/* ---- Splitting and widening ---- */

START_TEST(test_wide_read_split)
{
    map_io(&r[0], &dev[0], &ops_max2, 0x1000, 0x100, 0);
    for (unsigned i = 0; i < 8; i++)
        dev[0].regs[0x10 + i] = 0x11 * (i + 1);
    ck_assert_uint_eq(address_space_ld(&as, 0x1010, 8), UINT64_C(0x8877665544332211));
    ck_assert_uint_eq(dev[0].n, 4);
    expect_call(&dev[0], 0, false, 0x10, 2, 0x2211);
    expect_call(&dev[0], 1, false, 0x12, 2, 0x4433);
    expect_call(&dev[0], 2, false, 0x14, 2, 0x6655);
    expect_call(&dev[0], 3, false, 0x16, 2, 0x8877);
}
END_TEST

START_TEST(test_wide_write_split)
{
    map_io(&r[0], &dev[0], &ops_max1, 0x1000, 0x100, 0);
    address_space_st(&as, 0x1020, 0xa1b2c3d4, 4);
    ck_assert_uint_eq(dev[0].n, 4);
    expect_call(&dev[0], 0, true, 0x20, 1, 0xd4);
    expect_call(&dev[0], 1, true, 0x21, 1, 0xc3);
    expect_call(&dev[0], 2, true, 0x22, 1, 0xb2);
    expect_call(&dev[0], 3, true, 0x23, 1, 0xa1);
}
END_TEST

START_TEST(test_narrow_write_read_modify_write)
{
    map_io(&r[0], &dev[0], &ops_min4, 0x1000, 0x100, 0);
    memcpy(dev[0].regs, "\x11\x22\x33\x44", 4);
    address_space_st(&as, 0x1001, 0xaa, 1);
    ck_assert_uint_eq(dev[0].n, 2);
    expect_call(&dev[0], 0, false, 0, 4, 0x44332211);
    expect_call(&dev[0], 1, true, 0, 4, 0x4433aa11);
}
END_TEST

START_TEST(test_narrow_read_widened)
{
    map_io(&r[0], &dev[0], &ops_min4, 0x1000, 0x100, 0);
    memcpy(dev[0].regs + 4, "\x55\x66\x77\x88", 4);
    ck_assert_uint_eq(address_space_ld(&as, 0x1007, 1), 0x88);
    ck_assert_uint_eq(address_space_ld(&as, 0x1005, 2), 0x7766);
    ck_assert_uint_eq(dev[0].n, 2);
    expect_call(&dev[0], 0, false, 4, 4, 0x88776655);
    expect_call(&dev[0], 1, false, 4, 4, 0x88776655);
}
END_TEST

START_TEST(test_unaligned_split)
{
    map_io(&r[0], &dev[0], &ops_default, 0x1000, 0x100, 0);
    map_io(&r[1], &dev[1], &ops_unaligned, 0x2000, 0x100, 0);
    memcpy(dev[0].regs, "\x00\x01\x02\x03\x04\x05\x06\x07", 8);
    ck_assert_uint_eq(address_space_ld(&as, 0x1002, 4), 0x05040302);
    ck_assert_uint_eq(address_space_ld(&as, 0x1001, 4), 0x04030201);
    ck_assert_uint_eq(dev[0].n, 5);
    expect_call(&dev[0], 0, false, 2, 2, 0x0302);
    expect_call(&dev[0], 1, false, 4, 2, 0x0504);
    expect_call(&dev[0], 2, false, 1, 1, 0x01);
    expect_call(&dev[0], 3, false, 2, 2, 0x0302);
    expect_call(&dev[0], 4, false, 4, 1, 0x04);
    address_space_st(&as, 0x2003, 0xdeadbeef, 4);
    ck_assert_uint_eq(dev[1].n, 1);
    expect_call(&dev[1], 0, true, 3, 4, 0xdeadbeef);
}
END_TEST

START_TEST(test_buffer_access_to_io)
{
    map_io(&r[0], &dev[0], &ops_default, 0x1000, 0x100, 0);
    ck_assert_int_eq(address_space_write(&as, 0x1000, "\x01\x02\x03\x04\x05\x06\x07", 7), 0);
    ck_assert_uint_eq(dev[0].n, 3);
    expect_call(&dev[0], 0, true, 0, 4, 0x04030201);
    expect_call(&dev[0], 1, true, 4, 2, 0x0605);
    expect_call(&dev[0], 2, true, 6, 1, 0x07);
}
END_TEST

START_TEST(test_straddle_ram_and_io)
{
    uint8_t *host = map_ram(&r[0], "ram", 0, 0x1000);

    map_io(&r[1], &dev[0], &ops_1to8, 0x1000, 0x100, 0);
    host[0xffe] = 0x11;
    host[0xfff] = 0x22;
    dev[0].regs[0] = 0x33;
    dev[0].regs[1] = 0x44;
    ck_assert_uint_eq(address_space_ld(&as, 0xffe, 4), 0x44332211);
    expect_call(&dev[0], 0, false, 0, 2, 0x4433);
    address_space_st(&as, 0xfff, 0xaabbccdd, 4);
    ck_assert_uint_eq(host[0xfff], 0xdd);
    ck_assert_uint_eq(dev[0].n, 3);
    expect_call(&dev[0], 1, true, 0, 2, 0xbbcc);
    expect_call(&dev[0], 2, true, 2, 1, 0xaa);
}
END_TEST

/* ---- ROM ---- */

START_TEST(test_rom_ignores_writes)
{
    uint8_t *bios;
    uint64_t xlat, plen = 16;

    ck_assert_int_eq(memory_region_init_rom(&r[0], "bios", 0x10000), 0);
    bios = memory_region_get_ram_ptr(&r[0]);
    memcpy(bios + 0xfff0, "\xea\x5b\xe0\x00\xf0", 5);        /* the loader's fill */
    memory_region_add_subregion(&sysmem, 0xf0000, &r[0]);
    ck_assert_uint_eq(address_space_ld(&as, 0xffff0, 1), 0xea);
    address_space_st(&as, 0xffff0, 0x90909090, 4);
    ck_assert_int_eq(address_space_write(&as, 0xffff1, "\x90\x90", 2), 0);
    ck_assert_uint_eq(address_space_ld(&as, 0xffff0, 4), 0x00e05bea);
    ck_assert_ptr_eq(address_space_translate(&as, 0xffff0, &xlat, &plen, true), &r[0]);
    ck_assert(memory_region_is_rom(&r[0]) && memory_region_is_ram(&r[0]));
    ck_assert_uint_eq(xlat, 0xfff0);
}
END_TEST

/* ---- Dirty log ---- */

START_TEST(test_dirty_clients_independent)
{
    map_ram(&r[0], "ram", 0, MiB);
    ck_assert_int_eq(memory_region_set_log(&r[0], true, DIRTY_VGA), 0);
    ck_assert_int_eq(memory_region_set_log(&r[0], true, DIRTY_CODE), 0);
    address_space_st(&as, 3 * 4096 + 8, 1, 4);
    ck_assert(memory_region_get_dirty(&r[0], 3 * 4096, 4096, DIRTY_VGA));
    ck_assert(memory_region_get_dirty(&r[0], 3 * 4096, 4096, DIRTY_CODE));
    ck_assert(!memory_region_get_dirty(&r[0], 2 * 4096, 4096, DIRTY_VGA));
    ck_assert(!memory_region_get_dirty(&r[0], 3 * 4096, 4096, DIRTY_MIGRATION));
    ck_assert(memory_region_test_and_clear_dirty(&r[0], 0, MiB, DIRTY_VGA));
    ck_assert(!memory_region_get_dirty(&r[0], 0, MiB, DIRTY_VGA));
    ck_assert(memory_region_get_dirty(&r[0], 3 * 4096, 1, DIRTY_CODE));
    /* A buffer write over a page boundary marks both pages, and only those. */
    ck_assert_int_eq(address_space_write(&as, 6 * 4096 - 2, "abcd", 4), 0);
    ck_assert(memory_region_get_dirty(&r[0], 5 * 4096, 1, DIRTY_VGA));
    ck_assert(memory_region_get_dirty(&r[0], 6 * 4096, 1, DIRTY_VGA));
    ck_assert(!memory_region_get_dirty(&r[0], 4 * 4096, 4096, DIRTY_VGA));
    ck_assert(!memory_region_get_dirty(&r[0], 7 * 4096, 4096, DIRTY_VGA));
}
END_TEST

START_TEST(test_dirty_disabled_client_stays_clean)
{
    map_ram(&r[0], "ram", 0, MiB);
    map_io(&r[1], &dev[0], &ops_1to8, MiB, 0x100, 0);
    ck_assert_int_eq(memory_region_set_log(&r[1], true, DIRTY_VGA), -EINVAL);
    ck_assert_int_eq(memory_region_set_log(&r[0], true, DIRTY_NR_CLIENTS), -EINVAL);
    ck_assert_int_eq(memory_region_set_log(&r[0], true, DIRTY_MIGRATION), 0);
    ck_assert_int_eq(memory_region_set_log(&r[0], false, DIRTY_MIGRATION), 0);
    ck_assert_int_eq(memory_region_set_log(&r[0], true, DIRTY_VGA), 0);
    address_space_st(&as, 0x10, 1, 8);
    memory_region_set_dirty(&r[0], 0x8000, 0x1000);
    ck_assert(memory_region_get_dirty(&r[0], 0, 1, DIRTY_VGA));
    ck_assert(memory_region_get_dirty(&r[0], 0x8000, 1, DIRTY_VGA));
    /* Its bitmap exists, but a client that stopped logging sees no new writes. */
    ck_assert(!memory_region_get_dirty(&r[0], 0, MiB, DIRTY_MIGRATION));
    ck_assert(!memory_region_get_dirty(&r[0], 0, MiB, DIRTY_CODE));
}
END_TEST

START_TEST(test_dirty_through_alias_and_host_pointer)
{
    ck_assert_int_eq(memory_region_init_ram(&r[0], "vram", MiB), 0);
    memory_region_init_alias(&r[1], "vga-window", &r[0], 0x20000, 0x20000);
    memory_region_add_subregion(&sysmem, 0xa0000, &r[1]);
    ck_assert_int_eq(memory_region_set_log(&r[0], true, DIRTY_VGA), 0);
    address_space_st(&as, 0xa1000, 0xff, 1);
    ck_assert(memory_region_get_dirty(&r[0], 0x21000, 4096, DIRTY_VGA));
    ck_assert(!memory_region_get_dirty(&r[0], 0x1000, 4096, DIRTY_VGA));
    /* What a TLB fast path writing through the host pointer must do itself. */
    memory_region_set_dirty(&r[0], 0x80000, 0x2000);
    ck_assert(memory_region_get_dirty(&r[0], 0x81000, 1, DIRTY_VGA));
    memory_region_reset_dirty(&r[0], 0, MiB, DIRTY_VGA);
    ck_assert(!memory_region_get_dirty(&r[0], 0, MiB, DIRTY_VGA));
}
END_TEST

/* ---- Sparse RAM ---- */

static uint64_t rss_bytes(void)
{
    unsigned long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fscanf(f, "%lu %lu", &size, &resident), 2);
    fclose(f);
    return (uint64_t)resident * sysconf(_SC_PAGESIZE);
}

START_TEST(test_sparse_large_ram)
{
    uint64_t before = rss_bytes();

    map_ram(&r[0], "ram-64g", 4 * GiB, 64 * GiB);
    ck_assert_int_eq(memory_region_set_log(&r[0], true, DIRTY_MIGRATION), 0);
    address_space_st(&as, 4 * GiB, 0x1111, 8);
    address_space_st(&as, 4 * GiB + 32 * GiB, 0x2222, 8);
    address_space_st(&as, 4 * GiB + 64 * GiB - 8, 0x3333, 8);
    ck_assert_uint_eq(address_space_ld(&as, 4 * GiB + 64 * GiB - 8, 8), 0x3333);
    ck_assert(memory_region_get_dirty(&r[0], 64 * GiB - 1, 1, DIRTY_MIGRATION));
    ck_assert_msg(rss_bytes() - before < 16 * MiB, "64 GiB of RAM took %" PRIu64 " MiB",
                  (rss_bytes() - before) / MiB);
}
END_TEST

START_TEST(test_ram_init_errors)
{
    ck_assert_int_eq(memory_region_init_ram(&r[0], "empty", 0), -EINVAL);
    ck_assert_int_eq(memory_region_init_ram(&r[1], "huge", UINT64_C(1) << 62), -ENOMEM);
    memory_region_add_subregion(&sysmem, 0, &r[1]);     /* a failed init maps nothing */
    ck_assert_uint_eq(address_space_ld(&as, 0, 1), 0xff);
}
END_TEST

/* ---- Transactions, listeners, walk ---- */

typedef struct CountingListener {
    MemoryListener l;
    unsigned commits;
} CountingListener;

static void count_commit(MemoryListener *l, AddressSpace *space)
{
    ((CountingListener *)l)->commits++;
}

START_TEST(test_transaction_rebuilds_once)
{
    CountingListener cl = { .l.commit = count_commit };

    memory_listener_register(&cl.l, &as);
    memory_region_transaction_begin();
    for (int i = 0; i < 4; i++)
        map_io(&r[i], &dev[i], &ops_1to8, 0x1000 * (i + 1), 0x100, 0);
    memory_region_set_enabled(&r[0], false);
    memory_region_set_address(&r[1], 0x8000);
    memory_region_transaction_begin();      /* nested: still one rebuild */
    memory_region_del_subregion(&sysmem, &r[3]);
    memory_region_transaction_commit();
    ck_assert_uint_eq(cl.commits, 0);
    memory_region_transaction_commit();
    ck_assert_uint_eq(cl.commits, 1);
    address_space_ld(&as, 0x8000, 1);
    ck_assert_uint_eq(dev[1].n, 1);
    /* Outside a transaction each change publishes; a change with no effect does not. */
    memory_region_set_address(&r[2], 0x9000);
    memory_region_set_enabled(&r[0], true);
    ck_assert_uint_eq(cl.commits, 3);
    memory_region_transaction_begin();
    memory_region_set_enabled(&r[0], false);
    memory_region_set_enabled(&r[0], true);
    memory_region_transaction_commit();
    ck_assert_uint_eq(cl.commits, 3);
    memory_listener_unregister(&cl.l, &as);
    memory_region_set_enabled(&r[0], false);
    ck_assert_uint_eq(cl.commits, 3);
}
END_TEST

typedef struct WalkLog {
    uint64_t start[8], last[8], offset[8];
    MemoryRegion *mr[8];
    unsigned n;
} WalkLog;

static int walk_record(void *opaque, uint64_t start, uint64_t last, MemoryRegion *mr,
                       uint64_t offset)
{
    WalkLog *w = opaque;

    ck_assert_uint_lt(w->n, 8);
    w->start[w->n] = start;
    w->last[w->n] = last;
    w->offset[w->n] = offset;
    w->mr[w->n++] = mr;
    return 0;
}

START_TEST(test_walk_splits_and_merges)
{
    WalkLog w = { 0 };

    map_ram(&r[0], "ram", 0, 0x10000);
    map_io(&r[1], &dev[0], &ops_1to8, 0x4000, 0x1000, 1);
    ck_assert_int_eq(address_space_walk(&as, walk_record, &w), 0);
    ck_assert_uint_eq(w.n, 3);
    ck_assert(w.mr[0] == &r[0] && w.start[0] == 0 && w.last[0] == 0x3fff);
    ck_assert(w.mr[1] == &r[1] && w.start[1] == 0x4000 && w.last[1] == 0x4fff);
    ck_assert(w.mr[2] == &r[0] && w.start[2] == 0x5000 && w.offset[2] == 0x5000);
    memory_region_set_enabled(&r[1], false);
    w.n = 0;
    address_space_walk(&as, walk_record, &w);
    ck_assert_uint_eq(w.n, 1);      /* the two RAM pieces merge again */
    ck_assert(w.mr[0] == &r[0] && w.last[0] == 0xffff);
}
END_TEST

/* ---- Translate ---- */

START_TEST(test_translate)
{
    uint8_t *host = map_ram(&r[0], "ram", 0x100000, 0x10000);
    uint64_t xlat, plen = MiB;

    map_io(&r[1], &dev[0], &ops_1to8, 0x200000, 0x1000, 0);
    ck_assert_ptr_eq(address_space_translate(&as, 0x100100, &xlat, &plen, false), &r[0]);
    ck_assert_uint_eq(xlat, 0x100);
    ck_assert_uint_eq(plen, 0x10000 - 0x100);
    ck_assert_ptr_eq((uint8_t *)memory_region_get_ram_ptr(&r[0]) + xlat, host + 0x100);
    plen = 8;
    address_space_translate(&as, 0x100100, &xlat, &plen, false);
    ck_assert_uint_eq(plen, 8);
    plen = 0x1000;
    ck_assert_ptr_eq(address_space_translate(&as, 0x200010, &xlat, &plen, true), &r[1]);
    ck_assert_uint_eq(xlat, 0x10);
    ck_assert_uint_eq(plen, 0xff0);
    plen = UINT64_MAX;
    ck_assert_ptr_null(address_space_translate(&as, 0x1000, &xlat, &plen, false));
    ck_assert_uint_eq(xlat, 0x1000);
    ck_assert_uint_eq(plen, 0x100000 - 0x1000);     /* up to the RAM */
    ck_assert_ptr_null(memory_region_get_ram_ptr(&r[1]));
}
END_TEST

START_TEST(test_top_of_address_space)
{
    uint64_t top = UINT64_MAX - 0xfff, xlat, plen = UINT64_MAX;

    map_ram(&r[0], "top", top, 0x1000);
    ck_assert_ptr_eq(address_space_translate(&as, UINT64_MAX - 0xf, &xlat, &plen, false), &r[0]);
    ck_assert_uint_eq(plen, 0x10);
    address_space_st(&as, UINT64_MAX - 7, UINT64_C(0x0102030405060708), 8);
    ck_assert_uint_eq(address_space_ld(&as, UINT64_MAX - 7, 8), UINT64_C(0x0102030405060708));
    /* Straddling unassigned space and the RAM: ones below, zeroes above. */
    ck_assert_uint_eq(address_space_ld(&as, top - 4, 8), UINT64_C(0x00000000ffffffff));
}
END_TEST

/* ---- Port I/O space ---- */

START_TEST(test_io_port_space)
{
    MemoryRegion *io = &r[0];
    AddressSpace io_as;

    memory_region_init_container(io, "io", 0x10000);
    ck_assert_int_eq(address_space_init(&io_as, io, "I/O"), 0);
    memory_region_init_io(&r[1], "serial", &ops_max1, &dev[0], 8);
    memory_region_add_subregion(io, 0x3f8, &r[1]);
    address_space_st(&io_as, 0x3f8, 0x4241, 2);             /* outw: two byte registers */
    expect_call(&dev[0], 0, true, 0, 1, 0x41);
    expect_call(&dev[0], 1, true, 1, 1, 0x42);
    ck_assert_uint_eq(address_space_ld(&io_as, 0x3fc, 4), 0);  /* inl: four byte reads */
    ck_assert_uint_eq(dev[0].n, 6);
    ck_assert_uint_eq(address_space_ld(&io_as, 0x10000, 1), 0xff);   /* past the root */
    ck_assert_uint_eq(address_space_ld(&io_as, 0x80, 1), 0xff);
    address_space_destroy(&io_as);
}
END_TEST

/* ---- Dump ---- */

static char *dump(bool flat, bool show_disabled)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    memory_region_dump_mtree(f, flat, show_disabled);
    fclose(f);
    return text;
}

START_TEST(test_mtree_dump)
{
    MemoryRegion *ram = &r[0], *pci = &r[1], *bios = &r[2];
    char *text;

    /* A corner of QEMU's pc machine; the expected lines are QEMU 7.2's "info mtree". */
    ck_assert_int_eq(memory_region_init_ram(ram, "pc.ram", 128 * MiB), 0);
    memory_region_init_alias(&r[3], "ram-below-4g", ram, 0, 128 * MiB);
    memory_region_add_subregion(&sysmem, 0, &r[3]);
    memory_region_init_container(pci, "pci", UINT64_MAX);
    memory_region_add_subregion_overlap(&sysmem, 0, pci, -1);
    ck_assert_int_eq(memory_region_init_rom(bios, "pc.bios", 0x40000), 0);
    memory_region_add_subregion(pci, 0xfffc0000, bios);
    memory_region_init_alias(&r[4], "isa-bios", bios, 0x20000, 0x20000);
    memory_region_add_subregion_overlap(pci, 0xe0000, &r[4], 1);
    memory_region_init_io(&r[5], "hpet", &ops_default, &dev[0], 0x400);
    memory_region_add_subregion(&sysmem, 0xfed00000, &r[5]);
    memory_region_init_io(&r[6], "apic-msi", &ops_default, &dev[1], 0x100000);
    memory_region_add_subregion_overlap(&sysmem, 0xfee00000, &r[6], 4096);
    memory_region_set_enabled(&r[6], false);
    memory_region_init_alias(&r[7], "pam-pci", pci, 0xe0000, 0x20000);
    memory_region_add_subregion_overlap(&sysmem, 0xe0000, &r[7], 1);

    text = dump(false, false);
    ck_assert_ptr_nonnull(strstr(text,
        "address-space: memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
        "    0000000000000000-0000000007ffffff (prio 0, ram): alias ram-below-4g @pc.ram "
        "0000000000000000-0000000007ffffff\n"
        "    0000000000000000-ffffffffffffffff (prio -1, i/o): pci\n"
        "      00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios "
        "0000000000020000-000000000003ffff\n"
        "      00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\n"
        "    00000000000e0000-00000000000fffff (prio 1, i/o): alias pam-pci @pci "
        "00000000000e0000-00000000000fffff\n"
        "    00000000fed00000-00000000fed003ff (prio 0, i/o): hpet\n"
        "\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "memory-region: pc.ram\n"
        "  0000000000000000-0000000007ffffff (prio 0, ram): pc.ram\n\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "memory-region: pc.bios\n"
        "  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\n\n"));
    ck_assert_ptr_nonnull(strstr(text,
        "memory-region: pci\n"
        "  0000000000000000-ffffffffffffffff (prio -1, i/o): pci\n"
        "    00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios "
        "0000000000020000-000000000003ffff\n"));
    ck_assert_ptr_null(strstr(text, "apic-msi"));
    free(text);

    text = dump(false, true);
    ck_assert_ptr_nonnull(strstr(text, "    00000000fee00000-00000000feefffff (prio 4096, i/o): "
                                       "apic-msi [disabled]\n"));
    free(text);

    text = dump(true, false);
    ck_assert_ptr_nonnull(strstr(text,
        "FlatView #0\n"
        " AS \"memory\", root: system\n"
        " Root memory region: system\n"
        "  0000000000000000-00000000000dffff (prio 0, ram): pc.ram\n"
        "  00000000000e0000-00000000000fffff (prio 0, rom): pc.bios @0000000000020000\n"
        "  0000000000100000-0000000007ffffff (prio 0, ram): pc.ram @0000000000100000\n"
        "  00000000fed00000-00000000fed003ff (prio 0, i/o): hpet\n"
        "  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\n"
        "\n"));
    free(text);
}
END_TEST

/* ---- Lifetime and threads ---- */

START_TEST(test_destroy_mapped_region)
{
    MemoryRegion *box = &r[1];

    map_ram(&r[0], "ram", 0, 0x10000);
    address_space_st(&as, 0x10, 0x42, 1);
    memory_region_destroy(&r[0]);
    ck_assert_uint_eq(address_space_ld(&as, 0x10, 1), 0xff);
    /* A destroyed container lets its children go; they can be mapped elsewhere. */
    memory_region_init_container(box, "box", 0x10000);
    memory_region_init_io(&r[2], "child", &ops_1to8, &dev[0], 0x100);
    memory_region_add_subregion(box, 0x100, &r[2]);
    memory_region_add_subregion(&sysmem, 0x20000, box);
    memory_region_destroy(box);
    ck_assert_ptr_null(r[2].container);
    memory_region_add_subregion(&sysmem, 0x30000, &r[2]);
    address_space_ld(&as, 0x30004, 1);
    expect_call(&dev[0], 0, false, 4, 1, 0);
}
END_TEST

START_TEST(test_read_section_delays_free)
{
    map_ram(&r[0], "ram", 0, 0x10000);
    memory_read_lock();
    memory_region_set_enabled(&r[0], false);        /* retires the old view */
    ck_assert_uint_gt(memory_reclaim(), 0);
    memory_read_lock();                             /* nested: costs nothing, changes nothing */
    memory_read_unlock();
    ck_assert_uint_gt(memory_reclaim(), 0);
    memory_read_unlock();
    ck_assert_uint_eq(memory_reclaim(), 0);
}
END_TEST

static uint64_t const_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0x12345678;
}

static const MemoryRegionOps ops_const = { const_read, NULL, 1, 4, false };

typedef struct Reader {
    atomic_bool stop;
    atomic_ulong reads;
    unsigned long bad;
} Reader;

static void *reader_thread(void *opaque)
{
    Reader *rd = opaque;

    while (!atomic_load(&rd->stop)) {
        uint64_t v = address_space_ld(&as, 0x1000, 4);

        if (v != 0x5a5a5a5a && v != 0x12345678)
            rd->bad++;
        atomic_fetch_add(&rd->reads, 1);
    }
    return NULL;
}

START_TEST(test_concurrent_readers_while_topology_changes)
{
    uint8_t *host = map_ram(&r[0], "ram", 0, 0x10000);
    Reader rd[2] = { 0 };
    pthread_t th[2];

    memset(host, 0x5a, 0x10000);
    memory_region_init_io(&r[1], "overlay", &ops_const, NULL, 0x1000);
    memory_region_add_subregion_overlap(&sysmem, 0x1000, &r[1], 1);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, reader_thread, &rd[i]), 0);
    /* Flip the overlay until both readers have really overlapped with the flipping. */
    for (int i = 0; i < 2000 || atomic_load(&rd[0].reads) < 10000 ||
                    atomic_load(&rd[1].reads) < 10000; i++) {
        memory_region_set_enabled(&r[1], i & 1);
        memory_reclaim();
        if (i % 64 == 0)
            sched_yield();
    }
    for (int i = 0; i < 2; i++) {
        atomic_store(&rd[i].stop, true);
        pthread_join(th[i], NULL);
        ck_assert_uint_eq(rd[i].bad, 0);
    }
    ck_assert_uint_eq(memory_reclaim(), 0);
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_ram_little_endian);
    tcase_add_test(tc, test_unassigned_reads_ones);
    tcase_add_test(tc, test_io_dispatch_offset_opaque);
    tcase_add_test(tc, test_null_callbacks);
    tcase_add_test(tc, test_overlap_priority);
    tcase_add_test(tc, test_equal_priority_later_wins);
    tcase_add_test(tc, test_disable_reenable_keeps_place);
    tcase_add_test(tc, test_move_subregion);
    tcase_add_test(tc, test_priority_is_among_siblings);
    tcase_add_test(tc, test_region_shows_around_its_subregion);
    tcase_add_test(tc, test_alias_offset);
    tcase_add_test(tc, test_alias_of_container);
    tcase_add_test(tc, test_alias_loop_terminates);
    tcase_add_test(tc, test_wide_read_split);
    tcase_add_test(tc, test_wide_write_split);
    tcase_add_test(tc, test_narrow_write_read_modify_write);
    tcase_add_test(tc, test_narrow_read_widened);
    tcase_add_test(tc, test_unaligned_split);
    tcase_add_test(tc, test_buffer_access_to_io);
    tcase_add_test(tc, test_straddle_ram_and_io);
    tcase_add_test(tc, test_rom_ignores_writes);
    tcase_add_test(tc, test_dirty_clients_independent);
    tcase_add_test(tc, test_dirty_disabled_client_stays_clean);
    tcase_add_test(tc, test_dirty_through_alias_and_host_pointer);
    tcase_add_test(tc, test_sparse_large_ram);
    tcase_add_test(tc, test_ram_init_errors);
    tcase_add_test(tc, test_transaction_rebuilds_once);
    tcase_add_test(tc, test_walk_splits_and_merges);
    tcase_add_test(tc, test_translate);
    tcase_add_test(tc, test_top_of_address_space);
    tcase_add_test(tc, test_io_port_space);
    tcase_add_test(tc, test_mtree_dump);
    tcase_add_test(tc, test_destroy_mapped_region);
    tcase_add_test(tc, test_read_section_delays_free);
    tcase_add_test(tc, test_concurrent_readers_while_topology_changes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(memory_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
