/*
 * The PIIX3 PCI-to-ISA bridge, function 01.0 (8086:7000), as in QEMU's pc:
 * its PIRQRC[A:D] registers (0x60-0x63, 82371SB datasheet 2.2.13) route the
 * four PCI interrupt lines to ISA IRQs. The bus's INTx of slot s, pin p
 * lands on PIRQ (p + s - 1) & 3, the swizzle of QEMU's pc and of the _PRT
 * that hw/acpi-build.c writes. SeaBIOS programs the routing (pciinit.c) and
 * Linux reads it back through the ACPI link devices.
 *
 * The board supplies the 16 ISA IRQ lines (each goes to the PIC and the
 * IOAPIC input of the same number); the bridge drives line n to the OR of
 * every PIRQ routed to n.
 */
#ifndef VIREO_HW_PIIX3_H
#define VIREO_HW_PIIX3_H

#include <stdint.h>

#include "hw/irq.h"
#include "hw/pci.h"
#include "hw/vmstate.h"

#define PIIX_NUM_PIRQS      4
#define PIIX_NUM_PIC_IRQS   16
#define PIIX_PIRQRC         0x60    /* PIRQRC[A..D] at 0x60..0x63 */
#define PIIX_PIRQ_DISABLE   0x80    /* IRQROUTEN# (bit 7): not routed */

typedef struct PIIX3State {
    PCIDevice dev;
    IrqLine isa_irq[PIIX_NUM_PIC_IRQS];
    uint16_t isa_levels;    /* what each ISA line was last driven to */
} PIIX3State;

/*
 * Register the bridge at devfn (PCI_DEVFN(1, 0) on the pc board), as a
 * multi-function device, and install its INTx routing on bus. isa_irq holds
 * 16 lines. 0 or a negative errno.
 */
int piix3_init(PIIX3State *s, PCIBus *bus, int devfn, const IrqLine isa_irq[PIIX_NUM_PIC_IRQS]);

/* The PIRQ a device's pin (0..3 for INTA..D) reaches: QEMU's pc swizzle. */
int piix3_pirq_of(int devfn, int pin);

/* Config space; post_load re-drives the ISA lines. */
extern const VMStateDesc piix3_vmstate;

#endif
