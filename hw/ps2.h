/*
 * PS/2 keyboard and mouse: the devices at the far end of the i8042's two
 * ports (hw/i8042.h owns them). Each has an output queue the controller
 * drains byte by byte; `notify` tells the controller a byte is waiting.
 *
 * The UI feeds them through ps2_kbd_key() and ps2_mouse_move(). Big device
 * lock held throughout.
 */
#ifndef VIREO_HW_PS2_H
#define VIREO_HW_PS2_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/vmstate.h"

typedef struct PS2Kbd PS2Kbd;
typedef struct PS2Mouse PS2Mouse;

typedef void PS2NotifyFn(void *opaque);

PS2Kbd *ps2_kbd_new(PS2NotifyFn *notify, void *opaque);
void ps2_kbd_free(PS2Kbd *k);
/* Power-on: scanning on, scancode set 2, LEDs off, queue empty. */
void ps2_kbd_reset(PS2Kbd *k);
/* A byte from the controller (command or parameter). */
void ps2_kbd_write(PS2Kbd *k, uint8_t val);
/* Next byte for the controller, or -1 if none. */
int ps2_kbd_read(PS2Kbd *k);
bool ps2_kbd_pending(const PS2Kbd *k);
/* LED state from the last Set LEDs command: bit 0 Scroll, 1 Num, 2 Caps Lock. */
uint8_t ps2_kbd_leds(const PS2Kbd *k);

/*
 * A key event. keycode is a "qnum", as QEMU's VNC and QMP send-key use: the
 * scancode-set-1 make code, with 0x80 added for E0-prefixed keys (right Ctrl
 * 0x9d, Up 0xc8); Pause is 0xc6, Print Screen 0xb7. The keyboard sends it in
 * its current scancode set; the i8042 translates set 2 to set 1 when its
 * command byte says so. Dropped while scanning is off or the queue is full.
 */
void ps2_kbd_key(PS2Kbd *k, int keycode, bool down);

/*
 * The i8042's set-2-to-set-1 translation (command byte bit 6) of one byte.
 * *brk carries the "F0 seen" state between calls. Returns the byte to
 * deliver, or -1 when the byte is swallowed (an F0 break prefix).
 */
int ps2_translate_byte(uint8_t *brk, uint8_t byte);

PS2Mouse *ps2_mouse_new(PS2NotifyFn *notify, void *opaque);
void ps2_mouse_free(PS2Mouse *m);
/* Power-on: stream mode, reporting off, 100 samples/s, 4 counts/mm, plain PS/2 ID. */
void ps2_mouse_reset(PS2Mouse *m);
void ps2_mouse_write(PS2Mouse *m, uint8_t val);
int ps2_mouse_read(PS2Mouse *m);
bool ps2_mouse_pending(const PS2Mouse *m);

/*
 * Motion and buttons from the UI: dx right, dy down (screen directions), dz
 * wheel steps (positive toward the user, i.e. scrolling down); buttons bit 0
 * left, 1 right, 2 middle, 3 side, 4 extra. Reported as packets while
 * streaming is enabled.
 */
void ps2_mouse_move(PS2Mouse *m, int dx, int dy, int dz, unsigned buttons);

extern const VMStateDesc vmstate_ps2_kbd;
extern const VMStateDesc vmstate_ps2_mouse;

#endif
