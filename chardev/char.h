/*
 * Character devices: the host end of a serial port, a monitor, a debug console.
 *
 * A backend (stdio, file, pty, pipe, socket, null, the Ctrl-a multiplexer)
 * is built from a ChardevSpec of the command line. One frontend (a UART, a
 * monitor) attaches to it; under a mux several attach and Ctrl-a c switches
 * the focus. All calls run in the main-loop thread with the big device lock
 * held; input arrives through the main loop's fd handlers.
 *
 * Flow control is the frontend's: the backend offers input only as far as
 * can_receive allows and resumes reading when the frontend calls
 * chr_accept_input(). Output never blocks the guest: a backend that cannot
 * take bytes now (a slow socket) buffers up to a bound and then drops, as a
 * real serial line with no listener would.
 */
#ifndef VIREO_CHARDEV_CHAR_H
#define VIREO_CHARDEV_CHAR_H

#include <stddef.h>
#include <stdint.h>
#include "system/options.h"

typedef struct Chardev Chardev;

typedef enum ChrEvent {
    CHR_EVENT_OPENED,       /* a client connected / the backend is ready */
    CHR_EVENT_CLOSED,       /* the client went away */
    CHR_EVENT_BREAK,        /* a serial break (Ctrl-a b under a mux) */
    CHR_EVENT_MUX_IN,       /* this frontend got the mux focus */
    CHR_EVENT_MUX_OUT,      /* ... and lost it */
} ChrEvent;

typedef struct CharFrontend {
    int (*can_receive)(void *opaque);   /* bytes the frontend can take now */
    void (*receive)(void *opaque, const uint8_t *buf, int len);
    void (*event)(void *opaque, ChrEvent event);   /* may be NULL */
    void *opaque;
} CharFrontend;

/*
 * Build the backend a spec names (CHARDEV_REF resolves among the -chardev
 * ones already built). NULL after a one-line error_report() naming the option.
 */
Chardev *chr_new(const ChardevSpec *spec, const char *label);
/* The -chardev with this id, or NULL. */
Chardev *chr_find(const char *id);
/*
 * Attach a frontend (the struct is copied; detach finds it by opaque and
 * receive). A second attach to a non-mux backend fails with -EBUSY. A
 * frontend attaching to an open backend gets CHR_EVENT_OPENED at once.
 * Under a mux the first frontend attached has the focus (attach the serial
 * port before the monitor: QEMU's console starts on the guest); later ones
 * get CHR_EVENT_MUX_OUT before CHR_EVENT_OPENED.
 */
int chr_attach(Chardev *chr, const CharFrontend *fe);
void chr_detach(Chardev *chr, const CharFrontend *fe);
/* Send bytes to the host side; returns len (bytes dropped count as written). */
int chr_write(Chardev *chr, const uint8_t *buf, int len);
/* The frontend has room again: the backend resumes offering input. */
void chr_accept_input(Chardev *chr);
/*
 * A memory backend for device tests: records what the frontend writes and
 * lets the test type input, offered through can_receive like any backend.
 */
Chardev *chr_memory_new(void);
/* Move up to max recorded output bytes into buf; returns how many. */
size_t chr_memory_take(Chardev *chr, uint8_t *buf, size_t max);
/* Queue input; it reaches the frontend as its can_receive allows. */
void chr_memory_inject(Chardev *chr, const uint8_t *buf, size_t len);

/*
 * Ctrl-a s under a mux: write disk changes back (-snapshot). The block layer
 * registers what that means; without a hook the key does nothing.
 */
void chr_set_flush_hook(void (*flush)(void *opaque), void *opaque);
/* For `info chardev`: every chardev's label and filename, oldest first. */
void chr_foreach(void (*fn)(void *opaque, const char *label, const char *filename), void *opaque);

/* Close every backend (restores the terminal stdio changed). */
void chr_cleanup(void);

#endif
