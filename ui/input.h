/*
 * The input layer: every front end (VNC, SDL, curses) and the monitor's
 * sendkey send keys here as QEMU "qnums" (scancode set 1 make codes, 0x80
 * added for E0-prefixed keys, as hw/ps2.h's ps2_kbd_key takes them); the
 * board registers the keyboard that receives them. Main thread, bql held.
 */
#ifndef UI_INPUT_H
#define UI_INPUT_H

#include <stdbool.h>
#include <stdint.h>

typedef void InputKeyFn(void *opaque, int qnum, bool down);
typedef void InputMouseFn(void *opaque, int dx, int dy, int dz, unsigned buttons);

/* The board's keyboard and mouse (NULL fn: none). */
void input_set_keyboard(InputKeyFn *fn, void *opaque);
void input_set_mouse(InputMouseFn *fn, void *opaque);

/* Deliver one key event / one relative motion (buttons bit 0 left, 1 right, 2 middle). */
void input_key_qnum(int qnum, bool down);
void input_mouse_rel(int dx, int dy, int dz, unsigned buttons);

/*
 * Queue one key event: queued events reach the keyboard INPUT_KEY_DELAY_MS
 * apart on VCLOCK_VIRTUAL, as QEMU's input queue spaces the keys of its
 * curses front end and sendkey. For front ends that get whole characters
 * at once (a terminal, a paste): a burst of make and break codes with no
 * time between them loses keys in guests (Linux shows a Shift stuck down).
 * Events beyond INPUT_KEY_QUEUE_MAX waiting are dropped.
 */
#define INPUT_KEY_DELAY_MS      10
#define INPUT_KEY_QUEUE_MAX     1024
void input_key_queue(int qnum, bool down);

/* QEMU's key names ("a", "ret", "ctrl", "kp_add", "0x1e"...) to a qnum; -1 if unknown. */
int input_qnum_from_name(const char *name);

/*
 * An X11 keysym (what VNC sends without the extended key event) to the
 * qnum of the key that produces it on a US keyboard; -1 if none. Shifted
 * symbols map to their key: the client sends Shift itself.
 */
int input_qnum_from_keysym(uint32_t keysym);

/*
 * The monitor's sendkey: "ctrl-alt-delete" presses the keys in order now and
 * releases them in reverse order hold_ms later (VCLOCK_VIRTUAL, as QEMU).
 * A sendkey arriving while an earlier one still holds its keys releases
 * those first, so keys typed in a row arrive in order. 0, or -EINVAL with
 * *bad and *bad_len the unknown key name (inside keys) or too many keys.
 */
int input_sendkey(const char *keys, int hold_ms, const char **bad, int *bad_len);

#endif
