/*
 * Intel 82093AA I/O APIC: 24 interrupt pins, each with a redirection entry
 * that turns a pin's edge or level into a message on the APIC bus
 * (hw/apic.h). Indirect registers through IOREGSEL (base + 0x00) and IOWIN
 * (base + 0x10), and the EOI register (base + 0x40) of version 0x20, the
 * version QEMU 7.2 models by default. Big device lock held throughout.
 *
 * Input n is GSI n, except that input 0 (ISA IRQ0, the PIT or the HPET's
 * legacy timer 0) lands on pin 2, as QEMU's ioapic_set_irq does and as the
 * MADT's interrupt source override tells the OS; pin 2 is the OR of inputs
 * 0 and 2. Pin polarity is not modeled (QEMU ignores it too): inputs are
 * active high.
 */
#ifndef VIREO_HW_IOAPIC_H
#define VIREO_HW_IOAPIC_H

#include "hw/apic.h"
#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/memory.h"

#define IOAPIC_DEFAULT_BASE 0xfec00000u
#define IOAPIC_NUM_PINS     24
#define IOAPIC_VERSION      0x20

typedef struct IOAPICState IOAPICState;

/*
 * Map the 4 KiB register page at base in mem; deliver on bus and take its
 * EOI broadcasts (apic_bus_set_eoi_handler). Aborts on OOM.
 */
IOAPICState *ioapic_init(MemoryRegion *mem, uint64_t base, APICBus *bus);
void ioapic_destroy(IOAPICState *s);
/* Power-on: ID 0, every entry masked, nothing pending. */
void ioapic_reset(IOAPICState *s);

/* Input line n (0..23); level 0 or 1. */
IrqLine ioapic_irq(IOAPICState *s, int n);

/* A local APIC's EOI of a level-triggered vector: clears remote IRR of the
 * pins using it and re-delivers those still asserted. */
void ioapic_eoi_broadcast(IOAPICState *s, int vector);

extern const VMStateDesc vmstate_ioapic;

#endif
