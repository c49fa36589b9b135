/*
 * The PC's pair of Intel 8259A programmable interrupt controllers.
 *
 * The master sits at ports 0x20-0x21 and takes ISA IRQs 0-7, the slave at
 * 0xa0-0xa1 takes IRQs 8-15 and cascades into the master's IRQ2. The PIIX3's
 * edge/level control registers (ELCR) are at 0x4d0 (IRQs 0-7) and 0x4d1
 * (IRQs 8-15). The master's INT output drives the board's CPU INTR line; the
 * CPU's interrupt-acknowledge cycle is pic_read_irq(). Everything runs with
 * the big device lock held.
 */
#ifndef VIREO_HW_PIC_H
#define VIREO_HW_PIC_H

#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/memory.h"

typedef struct PICState PICState;

/*
 * Map the master, slave and ELCR ports into io (an I/O port container) and
 * drive intr with the master's INT output. Never fails (aborts on OOM).
 */
PICState *pic_init(MemoryRegion *io, IrqLine intr);
/* Unmap and free. */
void pic_destroy(PICState *s);
/* Power-on state: both chips uninitialised, all IRQs unmasked, edge-triggered. */
void pic_reset(PICState *s);

/* The input line of ISA IRQ n (0-15); level 0 or 1. IRQ2 is the cascade. */
IrqLine pic_irq(PICState *s, int n);

/*
 * The INTA cycle: the vector of the highest-priority pending request
 * (ICW2 base + line), updating ISR/IRR as the datasheet says. With nothing
 * pending it returns the spurious vector of IRQ7 (or IRQ15 when the slave
 * loses its request between INTR and INTA), without setting an ISR bit.
 */
int pic_read_irq(PICState *s);

/* The INT output level (what intr was last set to). */
int pic_get_output(const PICState *s);

/* Guest-visible state of both chips and the ELCRs. */
extern const VMStateDesc vmstate_pic;

#endif
