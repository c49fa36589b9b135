/*
 * The curses front end (ui/curses.h has the threading rule).
 *
 * The screen: each refresh tick reads the console's text view (the VGA's
 * character cells: code page 437 bytes and attribute bytes) and redraws
 * the cells that differ from what the terminal shows, with the glyphs
 * mapped to Unicode and the 16 VGA colours mapped to the terminal's 8 or 16.
 * In a graphics mode one centred line says so, as QEMU's curses does.
 *
 * The keys: a terminal sends characters and escape sequences, never key
 * presses and releases; each one is turned back into the PC keys that make
 * it on a US keyboard (modifiers included) and sent as a press and a
 * release. Alt-1/2/3 select a console, as in QEMU: 1 is the guest display,
 * the only console the display core has.
 *
 * The terminal is restored (endwin) on every way out: main()'s exit path
 * calls display_cleanup, exit() runs the atexit hook, and the fatal signals
 * write the saved reset strings and termios from their handler.
 */
#include "ui/curses.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "system/error.h"
#include "system/main-loop.h"
#include "ui/input.h"

#define Q_CTRL      0x1d
#define Q_SHIFT     0x2a
#define Q_ALT       0x38
#define MOD_SHIFT   1
#define MOD_ALT     2
#define MOD_CTRL    4

static struct {
    bool active;
    Console *con;
    DisplayChangeListener dcl;
    bool utf8;
    int ncolors;                /* 16, 8 or 0 (monochrome) */
    bool redraw;                /* the terminal's contents are unknown: draw everything */
    bool was_text;
    int gfx_w, gfx_h;           /* the graphics mode the notice shows */
    ConsoleText now, shown;
    struct termios saved_tty;
    char reset_seq[128];        /* what the fatal-signal handler writes: sgr0, cnorm, rmcup */
    size_t reset_len;
} cur;

/* Code page 437 to Unicode (IBM PC character set; the C0 range as the VGA ROM font draws it). */
static const uint16_t cp437[256] = {
    0x0020, 0x263a, 0x263b, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
    0x25d8, 0x25cb, 0x25d9, 0x2642, 0x2640, 0x266a, 0x266b, 0x263c,
    0x25ba, 0x25c4, 0x2195, 0x203c, 0x00b6, 0x00a7, 0x25ac, 0x21a8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221f, 0x2194, 0x25b2, 0x25bc,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027,
    0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005a, 0x005b, 0x005c, 0x005d, 0x005e, 0x005f,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007a, 0x007b, 0x007c, 0x007d, 0x007e, 0x2302,
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
    0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
    0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
    0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
    0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
    0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
    0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248,
    0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

/* VGA colour numbers (blue=1, green=2, red=4) to curses's (red=1, green=2, blue=4). */
static const short vga_to_curses[8] = {
    COLOR_BLACK, COLOR_BLUE, COLOR_GREEN, COLOR_CYAN, COLOR_RED, COLOR_MAGENTA, COLOR_YELLOW, COLOR_WHITE,
};

/* ---- Screen ------------------------------------------------------------------------- */

static void curses_init_colors(void)
{
    cur.ncolors = 0;
    if (!has_colors() || start_color() != OK)
        return;
    /* Pair 0 is the terminal's default; make it the VGA's default, light grey on black. */
    assume_default_colors(COLOR_WHITE, COLOR_BLACK);
    cur.ncolors = COLORS >= 16 && COLOR_PAIRS > 256 ? 16 : COLORS >= 8 && COLOR_PAIRS > 64 ? 8 : 0;
    /* Pair bg * n + (fg ^ 7): so that pair 0 is fg 7, bg 0. */
    for (int bg = 0; bg < cur.ncolors; bg++)
        for (int fg = 0; fg < cur.ncolors; fg++) {
            int pair = bg * cur.ncolors + (fg ^ 7);

            if (pair)
                init_pair((short)pair, (short)(vga_to_curses[fg & 7] + (fg & 8)),
                          (short)(vga_to_curses[bg & 7] + (bg & 8)));
        }
}

static void curses_set_attr(uint8_t a, cchar_t *cc, wchar_t *wc)
{
    int fg = a & 0x0f, bg = (a >> 4) & 0x07;   /* bit 7 is blink (the VGA default), not a colour */
    attr_t attrs = A_NORMAL;
    short pair = 0;

    if (cur.ncolors == 16) {
        pair = (short)(bg * 16 + (fg ^ 7));
    } else if (cur.ncolors == 8) {
        pair = (short)(bg * 8 + ((fg & 7) ^ 7));
        if (fg & 8)
            attrs |= A_BOLD;
    } else {
        if (fg & 8)
            attrs |= A_BOLD;
        if (bg && !(fg & 7))
            attrs |= A_REVERSE;
    }
    if (a & 0x80)
        attrs |= A_BLINK;
    setcchar(cc, wc, attrs, pair, NULL);
}

static void curses_draw_cell(int r, int c, uint8_t ch, uint8_t attr)
{
    wchar_t wc[2] = { cp437[ch], 0 };
    cchar_t cc;

    /* Without UTF-8 the terminal gets ASCII, and a dot for what it cannot show. */
    if (!cur.utf8 && wc[0] > 0x7e)
        wc[0] = ch == 0xff ? ' ' : '.';
    curses_set_attr(attr, &cc, wc);
    mvadd_wch(r, c, &cc);
}

static void curses_draw_text(void)
{
    ConsoleText *t = &cur.now, *o = &cur.shown;
    int rows = t->rows < LINES ? t->rows : LINES, cols = t->cols < COLS ? t->cols : COLS;
    /* A terminal larger than the guest's screen shows it centred, as QEMU's curses does. */
    int y0 = (LINES - rows) / 2, x0 = (COLS - cols) / 2;
    bool changed = false;

    if (cur.redraw || o->rows != t->rows || o->cols != t->cols) {
        erase();
        cur.redraw = true;
    }
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            if (!cur.redraw && o->ch[r][c] == t->ch[r][c] && o->attr[r][c] == t->attr[r][c])
                continue;
            curses_draw_cell(y0 + r, x0 + c, t->ch[r][c], t->attr[r][c]);
            o->ch[r][c] = t->ch[r][c];
            o->attr[r][c] = t->attr[r][c];
            changed = true;
        }
    if (cur.redraw || changed || o->cursor_x != t->cursor_x || o->cursor_y != t->cursor_y) {
        if (t->cursor_x >= 0 && t->cursor_x < cols && t->cursor_y >= 0 && t->cursor_y < rows) {
            move(y0 + t->cursor_y, x0 + t->cursor_x);
            curs_set(1);
        } else {
            curs_set(0);
        }
        o->rows = t->rows;
        o->cols = t->cols;
        o->cursor_x = t->cursor_x;
        o->cursor_y = t->cursor_y;
        refresh();
    }
    cur.redraw = false;
}

static void curses_draw_notice(int w, int h)
{
    char msg[64];
    int len = snprintf(msg, sizeof(msg), "%d x %d Graphic mode", w, h);
    int x = (COLS - len) / 2;

    if (!cur.redraw && w == cur.gfx_w && h == cur.gfx_h)
        return;
    cur.gfx_w = w;
    cur.gfx_h = h;
    erase();
    curs_set(0);
    mvaddnstr(LINES / 2, x < 0 ? 0 : x, msg, COLS);
    refresh();
    cur.redraw = false;
}

static void curses_on_input(void *opaque);

static void curses_refresh(DisplayChangeListener *dcl)
{
    bool text;

    /* A terminal resize (SIGWINCH) shows up only as KEY_RESIZE from get_wch: look each tick. */
    curses_on_input(NULL);
    text = console_text(cur.con, &cur.now);

    if (text != cur.was_text) {
        cur.was_text = text;
        cur.redraw = true;
    }
    if (text) {
        cur.gfx_w = cur.gfx_h = 0;
        curses_draw_text();
    } else {
        DisplaySurface *s = console_surface(cur.con);

        curses_draw_notice(s->width, s->height);
    }
}

/* ---- Keys --------------------------------------------------------------------------- */

static void curses_key(int q, int mods)
{
    if (q <= 0)
        return;
    /* Spaced out by the input layer's queue, as QEMU's curses sends them. */
    if (mods & MOD_CTRL)
        input_key_queue(Q_CTRL, true);
    if (mods & MOD_ALT)
        input_key_queue(Q_ALT, true);
    if (mods & MOD_SHIFT)
        input_key_queue(Q_SHIFT, true);
    input_key_queue(q, true);
    input_key_queue(q, false);
    if (mods & MOD_SHIFT)
        input_key_queue(Q_SHIFT, false);
    if (mods & MOD_ALT)
        input_key_queue(Q_ALT, false);
    if (mods & MOD_CTRL)
        input_key_queue(Q_CTRL, false);
}

/* A character the terminal sent: the key (and Shift, on a US keyboard) that types it. */
static void curses_char(wint_t c, int mods)
{
    static const char ctrl_punct[] = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    switch (c) {
    case '\r':
    case '\n':
        curses_key(0x1c, mods);
        return;
    case '\t':
        curses_key(0x0f, mods);
        return;
    case '\b':
    case 0x7f:
        curses_key(0x0e, mods);
        return;
    case 0x1b:
        curses_key(0x01, mods);
        return;
    default:
        break;
    }
    if (c < 0x20) {
        /* Ctrl-@ is Ctrl-2, Ctrl-^ Ctrl-6, Ctrl-_ Ctrl-minus; the others Ctrl and their letter. */
        int ch = c == 0 ? '2' : c == 0x1e ? '6' : c == 0x1f ? '-' : ctrl_punct[c];

        curses_key(input_qnum_from_keysym((uint32_t)ch), mods | MOD_CTRL);
        return;
    }
    if (c > 0x7e)
        return;     /* not on a US keyboard */
    if ((c >= 'A' && c <= 'Z') || strchr("~!@#$%^&*()_+{}|:\"<>?", (int)c))
        mods |= MOD_SHIFT;
    curses_key(input_qnum_from_keysym((uint32_t)c), mods);
}

/* ncurses's names of modified keys: kUP5 is Ctrl-Up (the xterm modifier number, minus one, is the bits). */
static const struct {
    const char *name;
    uint8_t qnum;
} modified_keys[] = {
    { "kUP", 0xc8 }, { "kDN", 0xd0 }, { "kLFT", 0xcb }, { "kRIT", 0xcd }, { "kHOM", 0xc7 },
    { "kEND", 0xcf }, { "kPRV", 0xc9 }, { "kNXT", 0xd1 }, { "kIC", 0xd2 }, { "kDC", 0xd3 },
};

static void curses_keycode(int k, int mods)
{
    const char *name;

    switch (k) {
    case KEY_UP: curses_key(0xc8, mods); return;
    case KEY_DOWN: curses_key(0xd0, mods); return;
    case KEY_LEFT: curses_key(0xcb, mods); return;
    case KEY_RIGHT: curses_key(0xcd, mods); return;
    case KEY_HOME: curses_key(0xc7, mods); return;
    case KEY_END: curses_key(0xcf, mods); return;
    case KEY_PPAGE: curses_key(0xc9, mods); return;
    case KEY_NPAGE: curses_key(0xd1, mods); return;
    case KEY_IC: curses_key(0xd2, mods); return;
    case KEY_DC: curses_key(0xd3, mods); return;
    case KEY_BACKSPACE: curses_key(0x0e, mods); return;
    case KEY_ENTER: curses_key(0x1c, mods); return;
    case KEY_BTAB: curses_key(0x0f, mods | MOD_SHIFT); return;
    case KEY_SLEFT: curses_key(0xcb, mods | MOD_SHIFT); return;
    case KEY_SRIGHT: curses_key(0xcd, mods | MOD_SHIFT); return;
    case KEY_SR: curses_key(0xc8, mods | MOD_SHIFT); return;
    case KEY_SF: curses_key(0xd0, mods | MOD_SHIFT); return;
    case KEY_RESIZE:
        cur.redraw = true;
        return;
    default:
        break;
    }
    if (k >= KEY_F(1) && k <= KEY_F(60)) {
        /* terminfo numbers F13-F24 as Shift-F1..F12, F25-F36 Ctrl, F37-F48 Ctrl-Shift, F49-F60 Alt. */
        static const int fmods[5] = { 0, MOD_SHIFT, MOD_CTRL, MOD_CTRL | MOD_SHIFT, MOD_ALT };
        int n = k - KEY_F(1);
        int f = n % 12;

        curses_key(f < 10 ? 0x3b + f : 0x57 + f - 10, mods | fmods[n / 12]);
        return;
    }
    name = keyname(k);
    if (!name)
        return;
    for (size_t i = 0; i < sizeof(modified_keys) / sizeof(modified_keys[0]); i++) {
        size_t len = strlen(modified_keys[i].name);

        if (!strncmp(name, modified_keys[i].name, len) && name[len] >= '2' && name[len] <= '8' && !name[len + 1]) {
            curses_key(modified_keys[i].qnum, mods | (name[len] - '1'));
            return;
        }
    }
}

static void curses_on_input(void *opaque)
{
    wint_t c;
    int ret;

    while ((ret = get_wch(&c)) != ERR) {
        int mods = 0;

        /* ESC followed at once by another key is how a terminal sends Alt and that key. */
        if (ret == OK && c == 0x1b) {
            wint_t next;
            int r2 = get_wch(&next);

            if (r2 != ERR) {
                mods = MOD_ALT;
                c = next;
                ret = r2;
            }
        }
        if (ret == KEY_CODE_YES) {
            curses_keycode((int)c, mods);
        } else if ((mods & MOD_ALT) && c >= '1' && c <= '3') {
            /* Console selection (QEMU's Alt-N); 1, the guest display, is the only console. */
            cur.redraw = true;
        } else {
            curses_char(c, mods);
        }
    }
}

/* ---- Start and the ways out ----------------------------------------------------------- */

static const int fatal_signals[] = { SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

static void curses_fatal_signal(int sig)
{
    /* Async-signal-safe: write, tcsetattr, signal, raise. */
    if (cur.active) {
        if (write(STDOUT_FILENO, cur.reset_seq, cur.reset_len) < 0) {
            /* nothing better to do on the way down */
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &cur.saved_tty);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* sgr0, cnorm and rmcup as the terminal spells them, for the signal handler. */
static void curses_save_reset_seq(void)
{
    static const char *const caps[] = { "sgr0", "cnorm", "rmcup" };

    cur.reset_len = 0;
    for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
        const char *s = tigetstr((char *)caps[i]);
        size_t len;

        if (!s || s == (char *)-1)
            continue;
        len = strlen(s);
        if (cur.reset_len + len < sizeof(cur.reset_seq)) {
            memcpy(cur.reset_seq + cur.reset_len, s, len);
            cur.reset_len += len;
        }
    }
}

void curses_display_cleanup(void)
{
    if (!cur.active)
        return;
    cur.active = false;
    if (cur.con)
        console_unregister_listener(&cur.dcl);
    main_loop_set_fd_handler(STDIN_FILENO, NULL, NULL, NULL);
    endwin();
    /* endwin restores the modes curses saved; the termios from before initscr is the authority. */
    tcsetattr(STDIN_FILENO, TCSANOW, &cur.saved_tty);
}

int curses_display_init(const VireoConfig *cfg, Console *con)
{
    static bool atexit_done;
    int ret;

    if (cfg->daemonize) {
        error_report("curses display cannot be used with -daemonize");
        return -EINVAL;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || tcgetattr(STDIN_FILENO, &cur.saved_tty) < 0) {
        error_report("-display curses: stdin and stdout must be a terminal");
        return -ENOTTY;
    }
    setlocale(LC_CTYPE, "");
    cur.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
    if (!initscr()) {
        error_report("-display curses: cannot initialize the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
        return -ENOTTY;
    }
    cur.active = true;
    cur.con = con;
    if (!atexit_done) {
        atexit(curses_display_cleanup);
        atexit_done = true;
    }
    curses_save_reset_seq();
    for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
        struct sigaction old;

        /* Only where nobody else listens (char-stdio may have its own). */
        if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            signal(fatal_signals[i], curses_fatal_signal);
    }
    /* Every key to the guest: no signals from Ctrl-C, no line editing, no CR/NL mapping. */
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    set_escdelay(25);
    curses_init_colors();
    cur.redraw = true;
    cur.was_text = true;
    ret = main_loop_set_fd_handler(STDIN_FILENO, curses_on_input, NULL, NULL);
    if (ret < 0) {
        curses_display_cleanup();
        error_report("-display curses: cannot watch the terminal: %s", strerror(-ret));
        return ret;
    }
    cur.dcl.refresh = curses_refresh;
    console_register_listener(con, &cur.dcl);
    return 0;
}
