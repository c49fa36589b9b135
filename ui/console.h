/*
 * The display core: what a display device renders into and what front ends
 * (VNC, SDL, curses, screendump) read from.
 *
 *   device ---- console_resize / console_update ---->  Console  ----> listeners
 *      ^                                                 |
 *      +------- GraphicHwOps.update (refresh tick) ------+
 *
 * A Console owns one DisplaySurface: 32 bits per pixel, 0x00RRGGBB in host
 * order, `stride` bytes per row. The device that registered the console
 * draws into it from its update callback and reports each changed rectangle
 * with console_update(); a change of size or mode is console_resize(), which
 * replaces the surface and tells every listener (gfx_switch) before the
 * first update of the new one.
 *
 * Only what changed is drawn: the refresh timer (VCLOCK_REALTIME, every
 * CONSOLE_REFRESH_MS) runs while at least one listener is attached and asks
 * the device to update; the device decides from the memory API's dirty log
 * which lines changed. With no listener nothing runs at all; a screendump
 * forces one full update.
 *
 * The devices of hw/ register here and the front ends of ui/ attach here:
 * this file is the seam between the two layers, so hw/ may include it.
 * Everything runs on the main thread with the bql held.
 */
#ifndef UI_CONSOLE_H
#define UI_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#define CONSOLE_REFRESH_MS      30
/* Largest surface a device may ask for (VBE allows 16000 x 12000). */
#define CONSOLE_MAX_WIDTH       16384
#define CONSOLE_MAX_HEIGHT      16384
#define CONSOLE_MAX_PIXELS      (32u << 20)

/* Text view bounds (132 x 60 covers the VGA BIOS's text modes). */
#define CONSOLE_TEXT_MAX_COLS   160
#define CONSOLE_TEXT_MAX_ROWS   100

typedef struct DisplaySurface {
    int width, height;
    int stride;             /* bytes per row */
    uint32_t *data;         /* 0x00RRGGBB */
} DisplaySurface;

/*
 * The text screen as character cells, for front ends that show text (curses)
 * and for tests: ch is the code page 437 byte, attr the VGA attribute (low
 * nibble foreground, high nibble background).
 */
typedef struct ConsoleText {
    int cols, rows;
    int cursor_x, cursor_y;         /* -1 when the cursor is off or off screen */
    uint8_t ch[CONSOLE_TEXT_MAX_ROWS][CONSOLE_TEXT_MAX_COLS];
    uint8_t attr[CONSOLE_TEXT_MAX_ROWS][CONSOLE_TEXT_MAX_COLS];
} ConsoleText;

typedef struct GraphicHwOps {
    /* Render what changed since the last call into the console's surface. */
    void (*update)(void *opaque);
    /* Make the next update redraw everything. */
    void (*invalidate)(void *opaque);
    /* Fill t and return true while in a text mode; false in graphics. May be NULL. */
    bool (*text_update)(void *opaque, ConsoleText *t);
} GraphicHwOps;

typedef struct Console Console;
typedef struct DisplayChangeListener DisplayChangeListener;

struct DisplayChangeListener {
    /* The surface was replaced (size or mode change); draw it whole. */
    void (*gfx_switch)(DisplayChangeListener *dcl, DisplaySurface *s);
    /* Pixels in the rectangle changed. */
    void (*gfx_update)(DisplayChangeListener *dcl, int x, int y, int w, int h);
    /* After each refresh tick's device update (a front end flushes here). May be NULL. */
    void (*refresh)(DisplayChangeListener *dcl);
    void *opaque;
    Console *con;                   /* private */
    DisplayChangeListener *next;    /* private */
};

/* A graphic console for a display device; the first one is the default. */
Console *console_new(const GraphicHwOps *ops, void *opaque);
void console_free(Console *c);
/* The default console (the first registered), or NULL when the board has none. */
Console *console_default(void);

/* ---- For the device ---------------------------------------------------- */

/*
 * Replace the surface by a w x h one (cleared to black) when the size
 * differs; listeners get gfx_switch. 0, or -EINVAL for a size out of the
 * bounds above, -ENOMEM; the old surface stays then.
 */
int console_resize(Console *c, int w, int h);
DisplaySurface *console_surface(Console *c);
/* Report a changed rectangle (clipped to the surface). */
void console_update(Console *c, int x, int y, int w, int h);

/* ---- For front ends ---------------------------------------------------- */

/* Attach (the refresh timer starts with the first listener) and detach. */
void console_register_listener(Console *c, DisplayChangeListener *dcl);
void console_unregister_listener(DisplayChangeListener *dcl);
/* Run the device's update now: after it the surface shows the guest's screen. */
void console_hw_update(Console *c);
void console_hw_invalidate(Console *c);
/* The text view: true in text mode (t filled), false in graphics or without a device hook. */
bool console_text(Console *c, ConsoleText *t);

/*
 * Write the console's screen to path (screendump.c): PPM (P6), or PNG when
 * png is set. Runs one update first. 0, or -errno (-ENOTSUP: PNG without
 * libpng; -ENODEV: no console).
 */
int console_screendump(Console *c, const char *path, bool png);

#endif
