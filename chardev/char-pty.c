/*
 * pty: a new pseudo-terminal whose slave side the user opens (screen,
 * minicom, virsh console). The slave is put in raw mode, as QEMU does, so
 * the guest sees the bytes typed.
 *
 * Linux reports a master whose slave is not open with POLLHUP and reads
 * fail with EIO; until a client opens the slave, output is dropped (nobody
 * would read it, and a full pty buffer must not stall the guest) and a
 * realtime timer checks once a second whether someone came, as QEMU does.
 */
#include "chardev/char-int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "system/clock.h"

typedef struct PtyChardev {
    FdChardev fd;
    Timer poll_timer;
} PtyChardev;

#define PTY_POLL_NS NS_PER_SEC

static bool pty_slave_open(int master)
{
    struct pollfd p = { .fd = master, .events = POLLIN };

    return poll(&p, 1, 0) >= 0 && !(p.revents & POLLHUP);
}

static void pty_set_connected(PtyChardev *s, bool connected)
{
    if (s->fd.connected == connected)
        return;
    s->fd.connected = connected;
    s->fd.in_eof = false;
    if (!connected) {
        s->fd.out.len = 0;
        timer_mod(&s->poll_timer, clock_get_ns(VCLOCK_REALTIME) + PTY_POLL_NS);
    }
    fdchr_update(&s->fd);
    chr_be_event(&s->fd.chr, connected ? CHR_EVENT_OPENED : CHR_EVENT_CLOSED);
}

static void pty_poll_timer(void *opaque)
{
    PtyChardev *s = opaque;

    if (s->fd.in_fd < 0)
        return;
    if (pty_slave_open(s->fd.in_fd))
        pty_set_connected(s, true);
    else
        timer_mod(&s->poll_timer, clock_get_ns(VCLOCK_REALTIME) + PTY_POLL_NS);
}

static void pty_eof(FdChardev *fd)
{
    pty_set_connected((PtyChardev *)fd, false);
}

static const FdChardevHooks pty_hooks = { .eof = pty_eof };

static int pty_open(Chardev *chr, const ChardevSpec *spec)
{
    PtyChardev *s = (PtyChardev *)chr;
    char name[256];
    struct termios tty;
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), slave;

    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof(name)) != 0) {
        int err = errno;

        error_report("Failed to create PTY: %s", strerror(err));
        if (master >= 0)
            close(master);
        return -err;
    }
    /* Raw mode is a property of the slave's line discipline: set it through the slave once. */
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave >= 0) {
        if (tcgetattr(slave, &tty) == 0) {
            cfmakeraw(&tty);
            tcsetattr(slave, TCSAFLUSH, &tty);
        }
        close(slave);
    }
    chr_fd_set_nonblock(master);
    fdchr_init(&s->fd, master, master, false, &pty_hooks);
    s->fd.connected = false;
    timer_init(&s->poll_timer, VCLOCK_REALTIME, pty_poll_timer, s);
    timer_mod(&s->poll_timer, clock_get_ns(VCLOCK_REALTIME) + PTY_POLL_NS);
    chr_set_filename(chr, "pty:%s", name);
    /* QEMU's message, which scripts grep for the device name. */
    error_report("char device redirected to %s (label %s)", name, chr->label);
    return 0;
}

static void pty_close(Chardev *chr)
{
    PtyChardev *s = (PtyChardev *)chr;

    timer_del(&s->poll_timer);
    fdchr_close_fds(&s->fd);
}

const ChardevOps chr_pty_ops = {
    .name = "pty",
    .size = sizeof(PtyChardev),
    .open = pty_open,
    .write = fdchr_write,
    .update_input = fdchr_update_input,
    .close = pty_close,
};
