/*
 * Micro-benchmark of the memory API's hot paths on a PC-like address space:
 * 1 GiB of RAM with the legacy VGA hole and BIOS ROM carved out of it, 200
 * MMIO regions with gaps between them, and 20 more overlapping some of those
 * at a higher priority (about 450 flat ranges).
 *
 * Each line reads "memory: NAME N.N ns/op". Addresses cycle through a table
 * of pseudo-random ones, so the last-hit cache mostly misses and lookups pay
 * for the binary search. "-locked" runs inside one long read section, as a
 * vCPU holding one across many translation blocks would.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "system/memory.h"

#define ITERS 10000000u
#define NADDR 4096u             /* a power of two: the loops mask with NADDR - 1 */
#define NMMIO 200
#define NOVERLAP 20
#define RAM_SIZE (UINT64_C(1) << 30)
#define MMIO_BASE UINT64_C(0xc0000000)
#define MMIO_STRIDE 0x2000u     /* 4 KiB device, 4 KiB gap */

static MemoryRegion sysmem, ram, ram_below, ram_above, vga, bios;
static MemoryRegion mmio[NMMIO], overlap[NOVERLAP];
static AddressSpace as;
static uint64_t ram_addr[NADDR], mmio_addr[NADDR];

static uint64_t dev_read(void *opaque, uint64_t addr, unsigned size)
{
    return (uintptr_t)opaque + addr;
}

static void dev_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps dev_ops = { dev_read, dev_write, 1, 4, false };

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int build(void)
{
    int ret;

    memory_region_init_container(&sysmem, "system", UINT64_MAX);
    ret = memory_region_init_ram(&ram, "pc.ram", RAM_SIZE);
    if (ret < 0)
        return ret;
    ret = memory_region_init_rom(&bios, "pc.bios", 0x40000);
    if (ret < 0)
        return ret;
    memory_region_transaction_begin();
    memory_region_init_alias(&ram_below, "ram-below-1m", &ram, 0, 0xa0000);
    memory_region_add_subregion(&sysmem, 0, &ram_below);
    memory_region_init_alias(&ram_above, "ram-above-1m", &ram, 0x100000, RAM_SIZE - 0x100000);
    memory_region_add_subregion(&sysmem, 0x100000, &ram_above);
    memory_region_init_io(&vga, "vga-lowmem", &dev_ops, NULL, 0x20000);
    memory_region_add_subregion_overlap(&sysmem, 0xa0000, &vga, 1);
    memory_region_add_subregion(&sysmem, 0xfffc0000, &bios);
    for (unsigned i = 0; i < NMMIO; i++) {
        memory_region_init_io(&mmio[i], "mmio", &dev_ops, (void *)(uintptr_t)(i << 16), 0x1000);
        memory_region_add_subregion(&sysmem, MMIO_BASE + i * MMIO_STRIDE, &mmio[i]);
    }
    for (unsigned i = 0; i < NOVERLAP; i++) {
        memory_region_init_io(&overlap[i], "overlap", &dev_ops, NULL, 0x800);
        memory_region_add_subregion_overlap(&sysmem, MMIO_BASE + i * 10 * MMIO_STRIDE + 0x400,
                                            &overlap[i], 1);
    }
    memory_region_transaction_commit();
    return address_space_init(&as, &sysmem, "memory");
}

static void report(const char *name, double t0)
{
    printf("memory: %s %.1f ns/op\n", name, (now_ns() - t0) / ITERS);
}

int main(void)
{
    uint64_t seed = 0x9e3779b97f4a7c15, sink = 0, xlat, plen;
    double t0;
    int ret = build();

    if (ret < 0) {
        fprintf(stderr, "bench-memory: building the address space failed: %d\n", ret);
        return 1;
    }
    for (unsigned i = 0; i < NADDR; i++) {
        ram_addr[i] = (0x100000 + xorshift(&seed) % (RAM_SIZE - 0x100000)) & ~UINT64_C(3);
        mmio_addr[i] = MMIO_BASE + (xorshift(&seed) % NMMIO) * MMIO_STRIDE +
                       (xorshift(&seed) & 0xffc);
    }
    for (unsigned i = 0; i < NADDR; i++)      /* fault the pages in before timing */
        sink += address_space_ld(&as, ram_addr[i], 4);

    t0 = now_ns();
    for (unsigned i = 0; i < ITERS; i++) {
        plen = 4096;
        sink += (uintptr_t)address_space_translate(&as, ram_addr[i & (NADDR - 1)], &xlat, &plen,
                                                   false) + xlat + plen;
    }
    report("ram-translate", t0);

    memory_read_lock();
    t0 = now_ns();
    for (unsigned i = 0; i < ITERS; i++) {
        plen = 4096;
        sink += (uintptr_t)address_space_translate(&as, ram_addr[i & (NADDR - 1)], &xlat, &plen,
                                                   false) + xlat + plen;
    }
    report("ram-translate-locked", t0);
    memory_read_unlock();

    t0 = now_ns();
    for (unsigned i = 0; i < ITERS; i++)
        sink += address_space_ld(&as, mmio_addr[i & (NADDR - 1)], 4);
    report("mmio-ld", t0);

    t0 = now_ns();
    for (unsigned i = 0; i < ITERS; i++)
        sink += address_space_ld(&as, ram_addr[i & (NADDR - 1)], 4);
    report("ram-ld", t0);

    memory_read_lock();
    t0 = now_ns();
    for (unsigned i = 0; i < ITERS; i++)
        sink += address_space_ld(&as, ram_addr[i & (NADDR - 1)], 4);
    report("ram-ld-locked", t0);
    memory_read_unlock();

    /* Same page over and over: the last-hit cache answers. */
    t0 = now_ns();
    for (unsigned i = 0; i < ITERS; i++)
        sink += address_space_ld(&as, 0x200000 + (i & 0xffc), 4);
    report("ram-ld-same-page", t0);

    printf("memory: checksum %016" PRIx64 "\n", sink);
    address_space_destroy(&as);
    return 0;
}
