/*
 * An interrupt line: a small value naming who listens and which input.
 *
 * A device holds the IrqLine values it drives and calls irq_set(); the
 * board wires them in the machine file (`serial_init(io, 0x3f8,
 * pic_irq(pic, 4), chr)`). A zeroed line is unconnected and ignores levels,
 * so a device works unwired in tests. Levels are 0 or 1; edge-triggered
 * listeners see the 0->1 change. Called with the big device lock held.
 */
#ifndef VIREO_HW_IRQ_H
#define VIREO_HW_IRQ_H

#include <stddef.h>

typedef void IrqHandler(void *opaque, int n, int level);

typedef struct IrqLine {
    IrqHandler *handler;
    void *opaque;
    int n;                  /* the listener's input number */
} IrqLine;

static inline IrqLine irq_line(IrqHandler *handler, void *opaque, int n)
{
    return (IrqLine){ handler, opaque, n };
}

static inline void irq_set(IrqLine line, int level)
{
    if (line.handler)
        line.handler(line.opaque, line.n, level);
}

static inline void irq_raise(IrqLine line) { irq_set(line, 1); }
static inline void irq_lower(IrqLine line) { irq_set(line, 0); }
static inline void irq_pulse(IrqLine line) { irq_set(line, 1); irq_set(line, 0); }

#endif
