/*
 * The SDL2 window (ui/sdl.h has the threading rule).
 *
 * The guest's surface (0x00RRGGBB, which is SDL_PIXELFORMAT_RGB888) is kept
 * in one streaming texture: the console listener only records the changed
 * rectangles, and the refresh tick uploads those rectangles alone and
 * presents the window only when something changed, so an idle guest costs
 * one SDL_PollEvent per tick. The renderer's logical size is the guest's
 * mode, so a window the user resizes (or fullscreen) scales the picture
 * with its aspect kept.
 *
 * Keys: SDL reports the physical key as a USB HID usage (SDL_Scancode);
 * usb_to_qnum below turns it into the input layer's qnum whatever the host
 * layout, so the guest's own keymap applies, as on real hardware.
 *
 * Grab and hot keys follow QEMU's SDL front end: a click grabs the mouse
 * (relative motion goes to the guest's PS/2 mouse); pressing and releasing
 * the grab modifiers alone (Ctrl-Alt; Ctrl-Alt-Shift with -alt-grab;
 * Right-Ctrl with -ctrl-grab) toggles the grab; the modifiers plus F toggle
 * fullscreen, plus 1 shows the guest display. Closing the window presses
 * the ACPI power button (runstate_request_powerdown).
 */
#include "ui/sdl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "system/error.h"
#include "system/runstate.h"
#include "ui/input.h"

#define SDL_MAX_RECTS   32      /* more changed rectangles per tick are merged into one */

static struct {
    Console *con;
    DisplayChangeListener dcl;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    int tex_w, tex_h;
    const char *name;
    bool alt_grab, ctrl_grab;

    /* What the listener recorded since the last tick. */
    bool switched;
    SDL_Rect rects[SDL_MAX_RECTS];
    int nrects;
    bool present;               /* the window needs a redraw even with no new pixels */

    bool grab, fullscreen, grab_before_fullscreen;
    bool hotkey_armed;          /* the grab modifiers are down */
    bool hotkey_used;           /* ...and another key was pressed meanwhile */
    bool swallowed[SDL_NUM_SCANCODES];  /* hot keys whose release the guest must not see */
    bool held[256];             /* qnums down in the guest, released when focus goes */
    unsigned buttons;
    int title_state;            /* what the title shows: -1 none yet */
} sdl;

/*
 * USB HID usage (HID Usage Tables 1.12, section 10, Keyboard/Keypad page;
 * SDL_Scancode uses the same numbers) to scancode set 1 make codes, 0x80
 * added for E0-prefixed keys (IBM PC AT technical reference, keyboard
 * scan codes). 0: no key.
 */
static const uint8_t usb_to_qnum[0xe8] = {
    [0x04] = 0x1e, [0x05] = 0x30, [0x06] = 0x2e, [0x07] = 0x20, [0x08] = 0x12, [0x09] = 0x21,   /* a-f */
    [0x0a] = 0x22, [0x0b] = 0x23, [0x0c] = 0x17, [0x0d] = 0x24, [0x0e] = 0x25, [0x0f] = 0x26,   /* g-l */
    [0x10] = 0x32, [0x11] = 0x31, [0x12] = 0x18, [0x13] = 0x19, [0x14] = 0x10, [0x15] = 0x13,   /* m-r */
    [0x16] = 0x1f, [0x17] = 0x14, [0x18] = 0x16, [0x19] = 0x2f, [0x1a] = 0x11, [0x1b] = 0x2d,   /* s-x */
    [0x1c] = 0x15, [0x1d] = 0x2c,                                                               /* y z */
    [0x1e] = 0x02, [0x1f] = 0x03, [0x20] = 0x04, [0x21] = 0x05, [0x22] = 0x06, [0x23] = 0x07,   /* 1-6 */
    [0x24] = 0x08, [0x25] = 0x09, [0x26] = 0x0a, [0x27] = 0x0b,                                 /* 7-0 */
    [0x28] = 0x1c, [0x29] = 0x01, [0x2a] = 0x0e, [0x2b] = 0x0f, [0x2c] = 0x39,   /* ret esc bksp tab spc */
    [0x2d] = 0x0c, [0x2e] = 0x0d, [0x2f] = 0x1a, [0x30] = 0x1b, [0x31] = 0x2b,   /* - = [ ] \ */
    [0x32] = 0x2b, [0x33] = 0x27, [0x34] = 0x28, [0x35] = 0x29, [0x36] = 0x33,   /* non-US # ; ' ` , */
    [0x37] = 0x34, [0x38] = 0x35, [0x39] = 0x3a,                                 /* . / caps */
    [0x3a] = 0x3b, [0x3b] = 0x3c, [0x3c] = 0x3d, [0x3d] = 0x3e, [0x3e] = 0x3f, [0x3f] = 0x40,   /* F1-F6 */
    [0x40] = 0x41, [0x41] = 0x42, [0x42] = 0x43, [0x43] = 0x44, [0x44] = 0x57, [0x45] = 0x58,   /* F7-F12 */
    [0x46] = 0xb7, [0x47] = 0x46, [0x48] = 0xc6,                     /* print scroll pause */
    [0x49] = 0xd2, [0x4a] = 0xc7, [0x4b] = 0xc9, [0x4c] = 0xd3, [0x4d] = 0xcf, [0x4e] = 0xd1,   /* ins home pgup del end pgdn */
    [0x4f] = 0xcd, [0x50] = 0xcb, [0x51] = 0xd0, [0x52] = 0xc8,      /* right left down up */
    [0x53] = 0x45, [0x54] = 0xb5, [0x55] = 0x37, [0x56] = 0x4a, [0x57] = 0x4e, [0x58] = 0x9c,   /* num / * - + enter */
    [0x59] = 0x4f, [0x5a] = 0x50, [0x5b] = 0x51, [0x5c] = 0x4b, [0x5d] = 0x4c, [0x5e] = 0x4d,   /* kp 1-6 */
    [0x5f] = 0x47, [0x60] = 0x48, [0x61] = 0x49, [0x62] = 0x52, [0x63] = 0x53,                  /* kp 7-9 0 . */
    [0x64] = 0x56, [0x65] = 0xdd, [0x66] = 0xde, [0x67] = 0x59,      /* non-US \ menu power kp= */
    [0x87] = 0x73, [0x88] = 0x70, [0x89] = 0x7d, [0x8a] = 0x79, [0x8b] = 0x7b,   /* ro katakana yen henkan muhenkan */
    [0xe0] = 0x1d, [0xe1] = 0x2a, [0xe2] = 0x38, [0xe3] = 0xdb,      /* left ctrl shift alt gui */
    [0xe4] = 0x9d, [0xe5] = 0x36, [0xe6] = 0xb8, [0xe7] = 0xdc,      /* right ctrl shift alt gui */
};

static int sdl_qnum(SDL_Scancode sc)
{
    return (unsigned)sc < sizeof(usb_to_qnum) ? usb_to_qnum[sc] : 0;
}

/* ---- Title ------------------------------------------------------------------------ */

static void sdl_update_title(bool force)
{
    char title[256];
    const char *status = "";
    int state = !runstate_is_running() ? 1 : sdl.grab ? 2 : 0;

    if (!force && state == sdl.title_state)
        return;
    sdl.title_state = state;
    if (state == 1)
        status = " [Stopped]";
    else if (state == 2)
        status = sdl.alt_grab ? " - Press Ctrl-Alt-Shift to exit grab"
               : sdl.ctrl_grab ? " - Press Right-Ctrl to exit grab"
               : " - Press Ctrl-Alt to exit grab";
    if (sdl.name)
        snprintf(title, sizeof(title), "Vireo (%s)%s", sdl.name, status);
    else
        snprintf(title, sizeof(title), "Vireo%s", status);
    SDL_SetWindowTitle(sdl.win, title);
}

/* ---- Grab, fullscreen, keys --------------------------------------------------------- */

static void sdl_set_grab(bool on)
{
    if (on == sdl.grab)
        return;
    sdl.grab = on;
    /* Relative mode hides and confines the pointer and reports unbounded motion. */
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    SDL_SetWindowGrab(sdl.win, on ? SDL_TRUE : SDL_FALSE);
    if (!on && sdl.buttons) {
        /* Buttons held when the grab ends would stay down in the guest. */
        sdl.buttons = 0;
        input_mouse_rel(0, 0, 0, 0);
    }
    sdl_update_title(true);
}

static void sdl_set_fullscreen(bool on)
{
    if (on == sdl.fullscreen)
        return;
    if (SDL_SetWindowFullscreen(sdl.win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) < 0) {
        warn_report("sdl: cannot %s fullscreen: %s", on ? "enter" : "leave", SDL_GetError());
        return;
    }
    sdl.fullscreen = on;
    /* As QEMU: fullscreen grabs the mouse; leaving it gives back the grab state from before. */
    if (on) {
        sdl.grab_before_fullscreen = sdl.grab;
        sdl_set_grab(true);
    } else {
        sdl_set_grab(sdl.grab_before_fullscreen);
    }
    sdl.present = true;
}

static void sdl_send_key(int q, bool down)
{
    if (q <= 0 || q >= 256)
        return;
    sdl.held[q] = down;
    input_key_qnum(q, down);
}

/* Keys held in the guest when the window loses the keyboard would repeat forever. */
static void sdl_release_keys(void)
{
    for (int q = 1; q < 256; q++)
        if (sdl.held[q])
            sdl_send_key(q, false);
}

static bool sdl_hotkey_mods(Uint16 mod)
{
    if (sdl.ctrl_grab)
        return mod & KMOD_RCTRL;
    if (!(mod & KMOD_CTRL) || !(mod & KMOD_ALT))
        return false;
    return !sdl.alt_grab || (mod & KMOD_SHIFT);
}

static bool sdl_is_modifier(SDL_Scancode sc)
{
    return sc >= SDL_SCANCODE_LCTRL && sc <= SDL_SCANCODE_RGUI;
}

/* A key pressed with the grab modifiers down: true when it is a hot key (the guest does not see it). */
static bool sdl_hotkey(SDL_Scancode sc)
{
    switch (sc) {
    case SDL_SCANCODE_F:
        sdl_set_fullscreen(!sdl.fullscreen);
        return true;
    case SDL_SCANCODE_1:
        /* The guest display: the only console the display core has (no monitor or serial consoles). */
        sdl.present = true;
        return true;
    default:
        return false;
    }
}

static void sdl_key_event(const SDL_KeyboardEvent *ev)
{
    SDL_Scancode sc = ev->keysym.scancode;
    bool down = ev->type == SDL_KEYDOWN;
    bool mods = sdl_hotkey_mods(ev->keysym.mod);

    if ((unsigned)sc >= SDL_NUM_SCANCODES)
        return;
    if (down) {
        if (sdl_is_modifier(sc)) {
            if (mods && !sdl.hotkey_armed) {
                sdl.hotkey_armed = true;
                sdl.hotkey_used = false;
            }
        } else if (sdl.hotkey_armed) {
            /* Ctrl-Alt-Del and friends must not toggle the grab on release. */
            sdl.hotkey_used = true;
            if (!ev->repeat && sdl_hotkey(sc)) {
                sdl.swallowed[sc] = true;
                return;
            }
        }
        if (sdl.swallowed[sc])
            return;         /* the auto-repeat of a hot key */
    } else {
        if (sdl.swallowed[sc]) {
            sdl.swallowed[sc] = false;
            return;
        }
        if (sdl_is_modifier(sc) && sdl.hotkey_armed && !mods) {
            if (!sdl.hotkey_used)
                sdl_set_grab(!sdl.grab);
            sdl.hotkey_armed = false;
        }
    }
    sdl_send_key(sdl_qnum(sc), down);
}

/* ---- Mouse -------------------------------------------------------------------------- */

static unsigned sdl_button_bit(Uint8 button)
{
    /* PS/2 order: bit 0 left, 1 right, 2 middle. */
    switch (button) {
    case SDL_BUTTON_LEFT:
        return 1;
    case SDL_BUTTON_RIGHT:
        return 2;
    case SDL_BUTTON_MIDDLE:
        return 4;
    default:
        return 0;
    }
}

static void sdl_button_event(const SDL_MouseButtonEvent *ev)
{
    unsigned bit = sdl_button_bit(ev->button);

    if (!sdl.grab) {
        /* The click that grabs is not the guest's. */
        if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button == SDL_BUTTON_LEFT)
            sdl_set_grab(true);
        return;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN)
        sdl.buttons |= bit;
    else
        sdl.buttons &= ~bit;
    input_mouse_rel(0, 0, 0, sdl.buttons);
}

/* ---- Events ------------------------------------------------------------------------- */

static void sdl_window_event(const SDL_WindowEvent *ev)
{
    switch (ev->event) {
    case SDL_WINDOWEVENT_CLOSE:
        /* As QEMU's system_powerdown: the guest decides (ACPI power button). */
        runstate_request_powerdown();
        break;
    case SDL_WINDOWEVENT_FOCUS_LOST:
        sdl_release_keys();
        sdl.hotkey_armed = false;
        if (!sdl.fullscreen)
            sdl_set_grab(false);
        break;
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_SIZE_CHANGED:
    case SDL_WINDOWEVENT_RESTORED:
        sdl.present = true;
        break;
    default:
        break;
    }
}

static void sdl_poll_events(void)
{
    SDL_Event ev;

    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            sdl_key_event(&ev.key);
            break;
        case SDL_MOUSEMOTION:
            if (sdl.grab && (ev.motion.xrel || ev.motion.yrel))
                input_mouse_rel(ev.motion.xrel, ev.motion.yrel, 0, sdl.buttons);
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            sdl_button_event(&ev.button);
            break;
        case SDL_MOUSEWHEEL:
            /* Wheel away from the user is up, a negative PS/2 z (as the VNC server sends it). */
            if (sdl.grab && ev.wheel.y)
                input_mouse_rel(0, 0, ev.wheel.y > 0 ? -1 : 1, sdl.buttons);
            break;
        case SDL_WINDOWEVENT:
            sdl_window_event(&ev.window);
            break;
        default:
            break;
        }
    }
}

/* ---- Drawing ------------------------------------------------------------------------ */

static int sdl_make_texture(int w, int h)
{
    SDL_Texture *tex = SDL_CreateTexture(sdl.ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, w, h);

    if (!tex) {
        error_report("sdl: cannot create a %dx%d texture: %s", w, h, SDL_GetError());
        return -ENOMEM;
    }
    if (sdl.tex)
        SDL_DestroyTexture(sdl.tex);
    sdl.tex = tex;
    sdl.tex_w = w;
    sdl.tex_h = h;
    SDL_RenderSetLogicalSize(sdl.ren, w, h);
    return 0;
}

static void sdl_upload(const DisplaySurface *s, const SDL_Rect *r)
{
    const uint8_t *p = (const uint8_t *)s->data + (size_t)r->y * (size_t)s->stride + (size_t)r->x * 4;

    SDL_UpdateTexture(sdl.tex, r, p, s->stride);
}

static void sdl_refresh(DisplayChangeListener *dcl)
{
    DisplaySurface *s = console_surface(sdl.con);

    sdl_poll_events();
    sdl_update_title(false);
    if (sdl.switched || s->width != sdl.tex_w || s->height != sdl.tex_h) {
        sdl.switched = false;
        sdl.nrects = 0;
        if (sdl_make_texture(s->width, s->height) < 0)
            return;
        /* The window follows the guest's mode, unless the user made it fill the screen. */
        if (!sdl.fullscreen)
            SDL_SetWindowSize(sdl.win, s->width, s->height);
        sdl_upload(s, &(SDL_Rect){ 0, 0, s->width, s->height });
        sdl.present = true;
    }
    for (int i = 0; i < sdl.nrects; i++)
        sdl_upload(s, &sdl.rects[i]);
    if (sdl.nrects || sdl.present) {
        SDL_SetRenderDrawColor(sdl.ren, 0, 0, 0, 255);
        SDL_RenderClear(sdl.ren);
        SDL_RenderCopy(sdl.ren, sdl.tex, NULL, NULL);
        SDL_RenderPresent(sdl.ren);
    }
    sdl.nrects = 0;
    sdl.present = false;
}

static void sdl_gfx_switch(DisplayChangeListener *dcl, DisplaySurface *s)
{
    sdl.switched = true;
}

static void sdl_gfx_update(DisplayChangeListener *dcl, int x, int y, int w, int h)
{
    SDL_Rect *b = &sdl.rects[0];

    if (sdl.nrects < SDL_MAX_RECTS) {
        sdl.rects[sdl.nrects++] = (SDL_Rect){ x, y, w, h };
        return;
    }
    /* Too many: one box around them all (the console clipped each to the surface). */
    for (int i = 1; i < sdl.nrects; i++)
        SDL_UnionRect(b, &sdl.rects[i], b);
    SDL_UnionRect(b, &(SDL_Rect){ x, y, w, h }, b);
    sdl.nrects = 1;
}

/* ---- Start -------------------------------------------------------------------------- */

int sdl_display_init(const VireoConfig *cfg, Console *con)
{
    int w = console_surface(con)->width, h = console_surface(con)->height;

    /* Vireo handles SIGINT and SIGTERM itself (a clean shutdown), not as a window close. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* The guest grabs Alt-Tab and friends only while the mouse is grabbed. */
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    if (SDL_Init(SDL_INIT_VIDEO) < 0) {
        error_report("Could not initialize SDL(%s) - exiting", SDL_GetError());
        return -ENODEV;
    }
    sdl.con = con;
    sdl.name = cfg->name;
    sdl.alt_grab = cfg->alt_grab;
    sdl.ctrl_grab = cfg->ctrl_grab;
    sdl.title_state = -1;
    sdl.win = SDL_CreateWindow("Vireo", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, w, h,
                               SDL_WINDOW_RESIZABLE);
    if (!sdl.win) {
        error_report("sdl: cannot create the window: %s", SDL_GetError());
        SDL_Quit();
        return -ENODEV;
    }
    sdl.ren = SDL_CreateRenderer(sdl.win, -1, 0);
    if (!sdl.ren)   /* no accelerated driver usable: SDL's software renderer always is */
        sdl.ren = SDL_CreateRenderer(sdl.win, -1, SDL_RENDERER_SOFTWARE);
    if (!sdl.ren || sdl_make_texture(w, h) < 0) {
        error_report("sdl: cannot create a renderer: %s", SDL_GetError());
        SDL_DestroyWindow(sdl.win);
        SDL_Quit();
        return -ENODEV;
    }
    sdl_update_title(true);
    sdl.dcl.gfx_switch = sdl_gfx_switch;
    sdl.dcl.gfx_update = sdl_gfx_update;
    sdl.dcl.refresh = sdl_refresh;
    console_register_listener(con, &sdl.dcl);
    return 0;
}
