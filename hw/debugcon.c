/*
 * Debug console port (see debugcon.h). It holds no guest state, so it
 * declares no vmstate field list: there is nothing a snapshot must keep.
 */
#include "hw/debugcon.h"

#include <stdlib.h>

struct DebugconState {
    uint8_t readback;
    Chardev *chr;
    MemoryRegion mr;
    MemoryRegion *io;
};

static uint64_t debugcon_read(void *opaque, uint64_t addr, unsigned size)
{
    DebugconState *s = opaque;
    return s->readback;
}

static void debugcon_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    DebugconState *s = opaque;
    uint8_t ch = val;

    if (s->chr)
        chr_write(s->chr, &ch, 1);
}

/* One port, byte-wide: a wider write reaches it as its low byte. */
static const MemoryRegionOps debugcon_ops = { debugcon_read, debugcon_write, 1, 1 };

DebugconState *debugcon_init(MemoryRegion *io, uint16_t iobase, uint8_t readback, Chardev *chr)
{
    DebugconState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->readback = readback;
    s->chr = chr;
    s->io = io;
    memory_region_init_io(&s->mr, "isa-debugcon", &debugcon_ops, s, 1);
    memory_region_add_subregion(io, iobase, &s->mr);
    return s;
}

void debugcon_destroy(DebugconState *s)
{
    memory_region_del_subregion(s->io, &s->mr);
    free(s);
}

void debugcon_reset(DebugconState *s)
{
    (void)s;
}
