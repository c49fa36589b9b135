/*
 * The multiplexer: several frontends (a serial port and a monitor under
 * -nographic or mon:stdio) share one backend, with QEMU's Ctrl-a escapes.
 *
 *   C-a h  help        C-a x  quit          C-a s  flush disks (a hook)
 *   C-a t  timestamps  C-a b  break event   C-a c  next frontend
 *   C-a C-a (and C-a a)  a literal C-a
 *
 * Every frontend's output goes to the backend; input goes to the frontend
 * with the focus. The first frontend attached has the focus (attach the
 * serial port before the monitor: QEMU's console starts on the guest); the
 * others get CHR_EVENT_MUX_OUT when they attach, so a monitor knows to hold
 * its banner until Ctrl-a c brings it forward.
 *
 * Escapes must be seen even when the focused frontend is not taking input
 * (a guest that never reads its serial port), so each frontend has a small
 * buffer, as in QEMU: while it has room the mux reads a byte at a time.
 */
#include "chardev/char-int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "system/clock.h"
#include "system/runstate.h"

#define MUX_MAX 4
#define MUX_BUF 32
#define MUX_ESCAPE 0x01         /* Ctrl-a (QEMU's -echr default) */

typedef struct MuxChardev {
    Chardev chr;
    Chardev *be;
    CharFrontend self;          /* the mux as the backend's frontend */
    CharFrontend fes[MUX_MAX];
    int n, focus;
    uint8_t buf[MUX_MAX][MUX_BUF];
    unsigned prod[MUX_MAX], cons[MUX_MAX];
    bool got_escape;
    bool draining;
    bool timestamps, linestart;
    int64_t ts_start_ms;        /* -1: start at the first stamped line */
} MuxChardev;

static void (*flush_hook)(void *opaque);
static void *flush_opaque;

void chr_set_flush_hook(void (*flush)(void *opaque), void *opaque)
{
    flush_hook = flush;
    flush_opaque = opaque;
}

static void mux_be_write(MuxChardev *d, const char *s)
{
    chr_write(d->be, (const uint8_t *)s, (int)strlen(s));
}

static void mux_send_event(MuxChardev *d, int i, ChrEvent ev)
{
    if (i >= 0 && i < d->n && d->fes[i].event)
        d->fes[i].event(d->fes[i].opaque, ev);
}

static int fe_room(const CharFrontend *fe)
{
    int n = fe->can_receive ? fe->can_receive(fe->opaque) : 0;

    return n > 0 ? n : 0;
}

/* Move buffered input of the focused frontend to it, as far as it takes. */
static void mux_drain(MuxChardev *d)
{
    int f = d->focus;

    if (d->draining || f < 0)
        return;
    d->draining = true;
    while (d->cons[f] != d->prod[f]) {
        int room = fe_room(&d->fes[f]);
        uint8_t tmp[MUX_BUF];
        int n = 0;

        if (room <= 0)
            break;
        while (n < room && d->cons[f] != d->prod[f])
            tmp[n++] = d->buf[f][d->cons[f]++ % MUX_BUF];
        d->fes[f].receive(d->fes[f].opaque, tmp, n);
        if (d->focus != f)
            break;
    }
    d->draining = false;
}

static void mux_set_focus(MuxChardev *d, int focus)
{
    if (d->focus >= 0)
        mux_send_event(d, d->focus, CHR_EVENT_MUX_OUT);
    d->focus = focus;
    mux_send_event(d, focus, CHR_EVENT_MUX_IN);
    mux_drain(d);
    chr_accept_input(d->be);
}

static void mux_print_help(MuxChardev *d)
{
    static const char *const help[] = {
        "% h    print this help\n\r",
        "% x    exit emulator\n\r",
        "% s    save disk data back to file (if -snapshot)\n\r",
        "% t    toggle console timestamps\n\r",
        "% b    send break (magic sysrq)\n\r",
        "% c    switch between console and monitor\n\r",
        "% %  sends %\n\r",
    };
    char line[128];

    mux_be_write(d, "\n\r");
    /* QEMU's text, with % standing for the escape key's name. */
    for (size_t i = 0; i < sizeof(help) / sizeof(help[0]); i++) {
        size_t o = 0;

        for (const char *p = help[i]; *p && o + 4 < sizeof(line); p++) {
            if (*p == '%') {
                memcpy(line + o, "C-a", 3);
                o += 3;
            } else {
                line[o++] = *p;
            }
        }
        line[o] = '\0';
        mux_be_write(d, line);
    }
}

/* One input byte: true if it is data for the focused frontend. */
static bool mux_proc_byte(MuxChardev *d, uint8_t ch)
{
    if (!d->got_escape) {
        if (ch != MUX_ESCAPE)
            return true;
        d->got_escape = true;
        return false;
    }
    d->got_escape = false;
    switch (ch) {
    case MUX_ESCAPE:
    case 'a':
        return true;
    case '?':
    case 'h':
        mux_print_help(d);
        break;
    case 'x':
        mux_be_write(d, "QEMU: Terminated\n\r");
        runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QUIT, 0);
        break;
    case 's':
        if (flush_hook)
            flush_hook(flush_opaque);
        break;
    case 'b':
        mux_send_event(d, d->focus, CHR_EVENT_BREAK);
        break;
    case 'c':
        if (d->n > 0)
            mux_set_focus(d, (d->focus + 1) % d->n);
        break;
    case 't':
        d->timestamps = !d->timestamps;
        d->ts_start_ms = -1;
        d->linestart = false;
        break;
    default:
        /* QEMU ignores other keys after the escape. */
        break;
    }
    return false;
}

/* Data bytes for the focused frontend: straight through if nothing waits, else queued. */
static void mux_send(MuxChardev *d, const uint8_t *buf, int len)
{
    int f = d->focus;
    int i = 0;

    if (f < 0)
        return;
    mux_drain(d);
    if (d->cons[f] == d->prod[f] && !d->draining) {
        int room = fe_room(&d->fes[f]);
        int n = len < room ? len : room;

        if (n > 0) {
            d->fes[f].receive(d->fes[f].opaque, buf, n);
            i = n;
        }
    }
    /* The focus may have changed in receive(): queue for whoever has it now. */
    f = d->focus;
    for (; i < len && f >= 0 && d->prod[f] - d->cons[f] < MUX_BUF; i++)
        d->buf[f][d->prod[f]++ % MUX_BUF] = buf[i];
}

static int mux_can_receive(void *opaque)
{
    MuxChardev *d = opaque;
    int f = d->focus;
    int room;

    if (f < 0)
        return 0;
    if (d->cons[f] == d->prod[f]) {
        room = fe_room(&d->fes[f]);
        /* One byte at a time while the frontend is full, so escapes still get through. */
        return room > 0 ? room : 1;
    }
    return (int)(MUX_BUF - (d->prod[f] - d->cons[f]));
}

static void mux_receive(void *opaque, const uint8_t *buf, int len)
{
    MuxChardev *d = opaque;
    int start = 0;

    for (int i = 0; i < len; i++) {
        bool was_escape = d->got_escape;

        if (mux_proc_byte(d, buf[i])) {
            if (was_escape) {
                /* The literal escape: send it alone (its key byte differs). */
                static const uint8_t esc = MUX_ESCAPE;

                mux_send(d, &esc, 1);
                start = i + 1;
            }
            continue;
        }
        if (i > start)
            mux_send(d, buf + start, i - start);
        start = i + 1;
    }
    if (len > start)
        mux_send(d, buf + start, len - start);
}

static void mux_event(void *opaque, ChrEvent ev)
{
    MuxChardev *d = opaque;

    if (ev == CHR_EVENT_OPENED || ev == CHR_EVENT_CLOSED) {
        d->chr.be_open = ev == CHR_EVENT_OPENED;
        for (int i = 0; i < d->n; i++)
            mux_send_event(d, i, ev);
    } else {
        mux_send_event(d, d->focus, ev);
    }
}

static int mux_attach(Chardev *chr, const CharFrontend *fe)
{
    MuxChardev *d = (MuxChardev *)chr;
    int i;

    if (d->n == MUX_MAX) {
        error_report("too many uses of multiplexed chardev '%s' (maximum is %d)", chr->label, MUX_MAX);
        return -EBUSY;
    }
    i = d->n++;
    d->fes[i] = *fe;
    d->prod[i] = d->cons[i] = 0;
    if (d->focus < 0) {
        d->focus = i;
        mux_send_event(d, i, CHR_EVENT_MUX_IN);
    } else {
        mux_send_event(d, i, CHR_EVENT_MUX_OUT);
    }
    if (chr->be_open)
        mux_send_event(d, i, CHR_EVENT_OPENED);
    chr_accept_input(d->be);
    return 0;
}

static void mux_detach(Chardev *chr, const CharFrontend *fe)
{
    MuxChardev *d = (MuxChardev *)chr;

    for (int i = 0; i < d->n; i++) {
        if (d->fes[i].opaque != fe->opaque || d->fes[i].receive != fe->receive)
            continue;
        for (int j = i; j + 1 < d->n; j++) {
            d->fes[j] = d->fes[j + 1];
            memcpy(d->buf[j], d->buf[j + 1], MUX_BUF);
            d->prod[j] = d->prod[j + 1];
            d->cons[j] = d->cons[j + 1];
        }
        d->n--;
        if (d->focus == i) {
            d->focus = -1;
            if (d->n > 0)
                mux_set_focus(d, i < d->n ? i : 0);
        } else if (d->focus > i) {
            d->focus--;
        }
        chr_accept_input(d->be);
        return;
    }
}

static void mux_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxChardev *d = (MuxChardev *)chr;
    int start = 0;

    if (!d->timestamps) {
        chr_write(d->be, buf, len);
        return;
    }
    for (int i = 0; i < len; i++) {
        if (d->linestart) {
            /* QEMU's stamp: time since the first stamped line, [hh:mm:ss.mmm]. */
            int64_t now = clock_get_ns(VCLOCK_REALTIME) / 1000000, ms, secs;
            char stamp[48];

            if (i > start)
                chr_write(d->be, buf + start, i - start);
            start = i;
            if (d->ts_start_ms < 0)
                d->ts_start_ms = now;
            ms = now - d->ts_start_ms;
            secs = ms / 1000;
            snprintf(stamp, sizeof(stamp), "[%02d:%02d:%02d.%03d] ", (int)(secs / 3600), (int)((secs / 60) % 60),
                     (int)(secs % 60), (int)(ms % 1000));
            mux_be_write(d, stamp);
            d->linestart = false;
        }
        if (buf[i] == '\n')
            d->linestart = true;
    }
    chr_write(d->be, buf + start, len - start);
}

static void mux_update_input(Chardev *chr)
{
    MuxChardev *d = (MuxChardev *)chr;

    mux_drain(d);
    chr_accept_input(d->be);
}

static void mux_close(Chardev *chr)
{
    MuxChardev *d = (MuxChardev *)chr;

    chr_detach(d->be, &d->self);
}

const ChardevOps chr_mux_ops = {
    .name = "mux",
    .size = sizeof(MuxChardev),
    .write = mux_write,
    .update_input = mux_update_input,
    .close = mux_close,
    .attach = mux_attach,
    .detach = mux_detach,
};

Chardev *chr_mux_new(Chardev *base, const char *label)
{
    MuxChardev *d = (MuxChardev *)chr_alloc(&chr_mux_ops, label);

    d->be = base;
    d->focus = -1;
    d->ts_start_ms = -1;
    d->chr.be_open = base->be_open;
    d->self = (CharFrontend){
        .can_receive = mux_can_receive,
        .receive = mux_receive,
        .event = mux_event,
        .opaque = d,
    };
    if (chr_attach(base, &d->self) < 0) {
        error_report("chardev '%s' is already in use", base->label);
        chr_free(&d->chr);
        return NULL;
    }
    return &d->chr;
}
