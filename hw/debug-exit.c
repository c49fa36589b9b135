/*
 * isa-debug-exit (see debug-exit.h). Stateless, so no vmstate field list.
 */
#include "hw/debug-exit.h"

#include <stdlib.h>

struct DebugExitState {
    DebugExitFn *exit_fn;
    void *opaque;
    MemoryRegion mr;
    MemoryRegion *io;
};

static void debug_exit_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    DebugExitState *s = opaque;

    /* The value as written, whatever its width: QEMU exits with (val << 1) | 1. */
    if (s->exit_fn)
        s->exit_fn(s->opaque, (int)((val << 1) | 1));
}

/*
 * Write-only, like QEMU's (whose region has no read callback): a read is an
 * access to nothing, logged as a guest error by the memory core.
 */
static const MemoryRegionOps debug_exit_ops = {
    .read = NULL,
    .write = debug_exit_write,
    .min_access = 1,
    .max_access = 4,
    .unaligned = true,
};

DebugExitState *debug_exit_init(MemoryRegion *io, uint16_t iobase, unsigned iosize,
                                DebugExitFn *exit_fn, void *opaque)
{
    DebugExitState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->exit_fn = exit_fn;
    s->opaque = opaque;
    s->io = io;
    memory_region_init_io(&s->mr, "isa-debug-exit", &debug_exit_ops, s, iosize ? iosize : 2);
    memory_region_add_subregion(io, iobase, &s->mr);
    return s;
}

void debug_exit_destroy(DebugExitState *s)
{
    memory_region_del_subregion(s->io, &s->mr);
    free(s);
}

void debug_exit_reset(DebugExitState *s)
{
    (void)s;
}
