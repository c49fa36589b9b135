/*
 * QEMU's isa-debugcon: a write-only byte sink on one I/O port (0x402 for
 * SeaBIOS's debug output, 0xe9 for Bochs-style consoles) sent to a chardev.
 */
#ifndef VIREO_HW_DEBUGCON_H
#define VIREO_HW_DEBUGCON_H

#include <stdint.h>

#include "chardev/char.h"
#include "system/memory.h"

typedef struct DebugconState DebugconState;

/*
 * Map the port at iobase in io; bytes written go to chr (NULL: dropped).
 * Reads return readback (QEMU's default 0xe9), which is how a guest probes
 * for the device. The port only writes to chr, so the chardev keeps no
 * frontend and may be shared (a mux with the serial port, say).
 */
DebugconState *debugcon_init(MemoryRegion *io, uint16_t iobase, uint8_t readback, Chardev *chr);
void debugcon_destroy(DebugconState *s);
/* No guest-visible state to reset: present for the board's uniform reset walk. */
void debugcon_reset(DebugconState *s);

#endif
