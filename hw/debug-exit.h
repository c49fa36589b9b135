/*
 * QEMU's isa-debug-exit: a guest write of v to its port ends the emulator
 * with exit status (v << 1) | 1, so a test guest can report pass or fail
 * (a status that can never be 0, telling it apart from a normal exit).
 */
#ifndef VIREO_HW_DEBUG_EXIT_H
#define VIREO_HW_DEBUG_EXIT_H

#include <stdint.h>

#include "system/memory.h"

typedef struct DebugExitState DebugExitState;

/* Called with the big device lock held; the board quits the main loop with status. */
typedef void DebugExitFn(void *opaque, int status);

/*
 * Map iosize bytes (1, 2 or 4; QEMU's defaults are iobase 0x501, iosize 2)
 * at iobase in io. A write of any width up to iosize calls exit_fn.
 */
DebugExitState *debug_exit_init(MemoryRegion *io, uint16_t iobase, unsigned iosize,
                                DebugExitFn *exit_fn, void *opaque);
void debug_exit_destroy(DebugExitState *s);
/* No guest-visible state: present for the board's uniform reset walk. */
void debug_exit_reset(DebugExitState *s);

#endif
