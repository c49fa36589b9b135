/*
 * High Precision Event Timer at 0xfed00000 (1 KiB), as QEMU 7.2's "pc"
 * has it: a 64-bit main counter at 100 MHz (period 10 ns, QEMU's
 * HPET_CLK_PERIOD), three comparators, each periodic- and 64-bit-capable,
 * interrupt routing capability IRQ2 only (QEMU's intcap 0x4 on pc-piix),
 * no FSB (MSI) delivery, and LegacyReplacement routing.
 *
 * Interrupts: the board gives one IrqLine per route (GSI 0..23: line n goes
 * where ISA IRQ n / IO-APIC input n goes). With LegacyReplacement on, timer
 * 0 drives route 0 (the 8259's IRQ0, the IO-APIC's pin 2) and timer 1
 * route 8 (IRQ8); the 8254's and the RTC's outputs, which the board wires
 * to hpet_legacy_irq() instead of to their ISA lines, are cut off
 * meanwhile, and pit_enable goes low (QEMU's "pit_enabled" output).
 * Counts come from VCLOCK_VIRTUAL. Big device lock held throughout.
 */
#ifndef VIREO_HW_HPET_H
#define VIREO_HW_HPET_H

#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/memory.h"

#define HPET_DEFAULT_BASE   0xfed00000u
#define HPET_SIZE           0x400
#define HPET_NUM_TIMERS     3
#define HPET_NUM_IRQ_ROUTES 24
#define HPET_CLK_PERIOD_NS  10          /* 100 MHz */
#define HPET_INTCAP         0x4u        /* Tn_INT_ROUTE_CAP: IRQ2 */

enum {
    HPET_LEGACY_PIT,        /* input: the 8254's OUT0 */
    HPET_LEGACY_RTC,        /* input: the RTC's IRQ8 */
};

typedef struct HPETState HPETState;

/*
 * Map the registers at base in mem. irqs holds HPET_NUM_IRQ_ROUTES lines
 * (copied); pit_enable may be a zeroed line. Aborts on OOM.
 */
HPETState *hpet_init(MemoryRegion *mem, uint64_t base, const IrqLine *irqs, IrqLine pit_enable);
void hpet_destroy(HPETState *s);
/* Power-on: halted at 0, comparators all ones, legacy routing off. */
void hpet_reset(HPETState *s);

/* Where the 8254 (HPET_LEGACY_PIT) and the RTC (HPET_LEGACY_RTC) send their IRQ. */
IrqLine hpet_legacy_irq(HPETState *s, int n);

/* The main counter now. */
uint64_t hpet_get_counter(HPETState *s);

extern const VMStateDesc vmstate_hpet;

#endif
