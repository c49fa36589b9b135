/*
 * Shared scaffolding of the device tests (test-hw-*.c): a 64 KiB I/O port
 * space to map a device in, in/out helpers through the memory API, an IRQ
 * probe that records levels and edges, and a small deterministic PRNG for
 * the register fuzzers. Header-only; each test program includes it once.
 */
#ifndef TESTS_UNIT_HW_TEST_H
#define TESTS_UNIT_HW_TEST_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/clock.h"
#include "system/memory.h"

static MemoryRegion hwt_io;
static AddressSpace hwt_as;

static inline void hwt_io_init(void)
{
    memset(&hwt_io, 0, sizeof(hwt_io));
    memory_region_init_container(&hwt_io, "io", 0x10000);
    ck_assert_int_eq(address_space_init(&hwt_as, &hwt_io, "I/O"), 0);
    clock_virtual_set_manual(true);
}

static inline void hwt_io_fini(void)
{
    address_space_destroy(&hwt_as);
    memory_region_destroy(&hwt_io);
    memory_reclaim();
}

static inline void outb(uint16_t port, uint8_t v) { address_space_st(&hwt_as, port, v, 1); }
static inline uint8_t inb(uint16_t port) { return address_space_ld(&hwt_as, port, 1); }
static inline void outw(uint16_t port, uint16_t v) { address_space_st(&hwt_as, port, v, 2); }

/* Records what a device drives on up to 16 lines. */
typedef struct IrqProbe {
    int level[16];
    int rises[16];
    int falls[16];
} IrqProbe;

static inline void hwt_probe_handler(void *opaque, int n, int level)
{
    IrqProbe *p = opaque;

    if (level && !p->level[n])
        p->rises[n]++;
    if (!level && p->level[n])
        p->falls[n]++;
    p->level[n] = level;
}

static inline IrqLine hwt_probe_line(IrqProbe *p, int n)
{
    return irq_line(hwt_probe_handler, p, n);
}

/* Advance virtual time, firing timers at their deadlines. */
static inline void hwt_step_ns(int64_t ns)
{
    clock_virtual_step(ns);
}

/* xorshift64*: the same sequence on every host, so a failing seed reproduces. */
static inline uint64_t hwt_rand(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * UINT64_C(2685821657736338717);
}

/* Save a, load into b (a fresh device), and expect no field to differ. */
static inline void hwt_vmstate_roundtrip(const VMStateDesc *d, void *a, void *b)
{
    size_t n = vmstate_size(d);
    uint8_t *buf = malloc(n ? n : 1);
    const char *diff;

    ck_assert_ptr_nonnull(buf);
    ck_assert_ptr_nonnull(vmstate_diff(d, a, b));   /* the test made them differ */
    vmstate_save(d, a, buf);
    ck_assert_int_eq(vmstate_load(d, b, buf, n), 0);
    diff = vmstate_diff(d, a, b);
    ck_assert_msg(diff == NULL, "field %s differs after load", diff ? diff : "");
    free(buf);
}

#endif
