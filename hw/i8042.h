/*
 * Intel 8042 keyboard controller: data port 0x60, status/command port 0x64,
 * a PS/2 keyboard on its first port (IRQ1) and a mouse on the second
 * (IRQ12). It also drives two board signals through its output port: the A20
 * gate and the CPU reset line, wired with the callbacks below. Big device
 * lock held throughout.
 */
#ifndef VIREO_HW_I8042_H
#define VIREO_HW_I8042_H

#include "hw/irq.h"
#include "hw/ps2.h"
#include "hw/vmstate.h"
#include "system/memory.h"

typedef struct I8042State I8042State;

typedef struct I8042Board {
    void (*set_a20)(void *opaque, int level);   /* output port bit 1 */
    void (*reset)(void *opaque);                /* output port bit 0 pulsed low */
    void *opaque;
} I8042Board;

/* Map ports 0x60 and 0x64 in io; board may be NULL or have NULL members. */
I8042State *i8042_init(MemoryRegion *io, IrqLine irq_kbd, IrqLine irq_mouse,
                       const I8042Board *board);
void i8042_destroy(I8042State *s);
/* Controller and both devices to their power-on state. */
void i8042_reset(I8042State *s);

/* The devices, for the UI's input (ps2_kbd_key, ps2_mouse_move). */
PS2Kbd *i8042_keyboard(I8042State *s);
PS2Mouse *i8042_mouse(I8042State *s);

/*
 * The controller alone; save its devices with vmstate_ps2_kbd/_mouse and
 * load them before it (its post_load resumes draining their queues).
 */
extern const VMStateDesc vmstate_i8042;

#endif
