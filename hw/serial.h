/*
 * National Semiconductor 16550A UART at base..base+7 (COM1 0x3f8/IRQ4,
 * COM2 0x2f8/IRQ3, COM3 0x3e8/IRQ4, COM4 0x2e8/IRQ3).
 *
 * The host side is a chardev frontend (chardev/char.h): input arrives as far
 * as the receive FIFO has room; output is written through at once, so THRE
 * and TEMT come back as soon as a byte is written, as with QEMU's UART and a
 * backend that takes it. Big device lock held throughout.
 */
#ifndef VIREO_HW_SERIAL_H
#define VIREO_HW_SERIAL_H

#include <stdint.h>

#include "chardev/char.h"
#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/memory.h"

typedef struct SerialState SerialState;

/*
 * Map the UART at base in io, interrupting on irq, attached to chr (NULL:
 * output dropped, no input). NULL after error_report if chr already has a
 * frontend.
 */
SerialState *serial_init(MemoryRegion *io, uint16_t base, IrqLine irq, Chardev *chr);
/* Detach, unmap and free. */
void serial_destroy(SerialState *s);
/* Master reset (datasheet Table II): registers to their reset values, FIFOs emptied. */
void serial_reset(SerialState *s);

extern const VMStateDesc vmstate_serial;

#endif
