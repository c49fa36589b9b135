/*
 * Intel 8254 programmable interval timer: three 16-bit channels at
 * base..base+3 (0x40 on a PC) clocked at 1.193182 MHz.
 *
 * Counters are not ticked: each channel's count and OUT level are computed
 * from VCLOCK_VIRTUAL when read, so a guest polling the PIT sees time as it
 * passes. Only a channel given an IRQ line (channel 0 -> ISA IRQ0) runs a
 * timer, armed at its OUT's next edge. Channel 2's GATE and OUT are reached
 * through port 0x61 (hw/pcspk.h). Big device lock held throughout.
 */
#ifndef VIREO_HW_PIT_H
#define VIREO_HW_PIT_H

#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/memory.h"

#define PIT_FREQ 1193182

typedef struct PITState PITState;

/* Map the four ports at base in io; channel 0's OUT drives irq0. */
PITState *pit_init(MemoryRegion *io, uint16_t base, IrqLine irq0);
void pit_destroy(PITState *s);
/* Power-on: every channel in mode 3 awaiting a count, GATE 0-1 high, GATE 2 low. */
void pit_reset(PITState *s);

/* GATE input of channel ch (0-2); level 0 or 1. */
void pit_set_gate(PITState *s, int ch, int level);
int pit_get_gate(const PITState *s, int ch);
/* OUT level of channel ch now. */
int pit_get_out(PITState *s, int ch);

extern const VMStateDesc vmstate_pit;

#endif
