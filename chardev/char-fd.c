/*
 * fd-backed chardevs: the shared read/write plumbing (FdChardev), and the
 * file and pipe backends.
 *
 * Reading follows the frontend: the read handler is registered only while
 * can_receive is positive, so bytes the frontend cannot take stay in the
 * kernel (the peer sees back-pressure) instead of being dropped here.
 */
#include "chardev/char-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/main-loop.h"

static void fdchr_on_read(void *opaque)
{
    FdChardev *s = opaque;
    uint8_t buf[4096];
    int room = chr_be_can_write(&s->chr);
    ssize_t n;

    if (room <= 0 || s->in_fd < 0) {
        fdchr_update(s);
        return;
    }
    n = read(s->in_fd, buf, (size_t)room < sizeof(buf) ? (size_t)room : sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n <= 0) {
        /* EOF, or EIO from a pty whose other side closed. */
        s->in_eof = true;
        fdchr_update(s);
        if (s->hooks && s->hooks->eof)
            s->hooks->eof(s);
        else
            chr_be_event(&s->chr, CHR_EVENT_CLOSED);
        return;
    }
    if (s->hooks && s->hooks->input)
        s->hooks->input(s, buf, (int)n);
    else
        chr_be_write(&s->chr, buf, (int)n);
    fdchr_update(s);
}

static void fdchr_on_write(void *opaque)
{
    FdChardev *s = opaque;

    if (s->out_fd >= 0 && chr_outbuf_flush(&s->out, s->out_fd) < 0) {
        /* The reader is gone for good: forget what it will never read. */
        s->out.len = 0;
        if (s->hooks && s->hooks->eof && s->in_fd == s->out_fd) {
            s->in_eof = true;
            fdchr_update(s);
            s->hooks->eof(s);
            return;
        }
    }
    fdchr_update(s);
}

void fdchr_init(FdChardev *s, int in_fd, int out_fd, bool out_blocking, const FdChardevHooks *hooks)
{
    s->in_fd = in_fd;
    s->out_fd = out_fd;
    s->out_blocking = out_blocking;
    s->hooks = hooks;
    s->connected = true;
    s->in_eof = false;
    s->watch_read = s->watch_write = false;
}

static void set_handlers(int fd, bool rd, bool wr, FdChardev *s)
{
    main_loop_set_fd_handler(fd, rd ? fdchr_on_read : NULL, wr ? fdchr_on_write : NULL, s);
}

void fdchr_update(FdChardev *s)
{
    bool rd = s->in_fd >= 0 && s->connected && !s->in_eof && chr_be_can_write(&s->chr) > 0;
    bool wr = s->out_fd >= 0 && s->out.len > 0;

    if (rd == s->watch_read && wr == s->watch_write)
        return;
    if (s->in_fd >= 0 && s->in_fd == s->out_fd) {
        set_handlers(s->in_fd, rd, wr, s);
    } else {
        if (s->in_fd >= 0 && rd != s->watch_read)
            set_handlers(s->in_fd, rd, false, s);
        if (s->out_fd >= 0 && wr != s->watch_write)
            set_handlers(s->out_fd, false, wr, s);
    }
    s->watch_read = rd;
    s->watch_write = wr;
}

void fdchr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FdChardev *s = (FdChardev *)chr;

    /* Nobody on the other end: a serial line with no listener loses its bytes. */
    if (s->out_fd < 0 || !s->connected)
        return;
    if (s->out_blocking) {
        chr_fd_write_all(s->out_fd, buf, (size_t)len);
        return;
    }
    if (chr_fd_write_nonblock(&s->out, s->out_fd, buf, (size_t)len) < 0)
        s->out.len = 0;
    fdchr_update(s);
}

void fdchr_update_input(Chardev *chr)
{
    fdchr_update((FdChardev *)chr);
}

void fdchr_close_fds(FdChardev *s)
{
    if (s->in_fd >= 0)
        main_loop_set_fd_handler(s->in_fd, NULL, NULL, NULL);
    if (s->out_fd >= 0 && s->out_fd != s->in_fd)
        main_loop_set_fd_handler(s->out_fd, NULL, NULL, NULL);
    /* stdin/stdout/stderr stay open for the rest of the process. */
    if (s->in_fd > 2)
        close(s->in_fd);
    if (s->out_fd > 2 && s->out_fd != s->in_fd)
        close(s->out_fd);
    s->in_fd = s->out_fd = -1;
    s->watch_read = s->watch_write = false;
    chr_outbuf_free(&s->out);
}

void fdchr_close(Chardev *chr)
{
    fdchr_close_fds((FdChardev *)chr);
}

/* ---- file: output to PATH, input from PATH.in if it exists --------- */

static int open_in(const char *path)
{
    char *in;
    int fd;

    if (asprintf(&in, "%s.in", path) < 0)
        return -1;
    fd = open(in, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    free(in);
    return fd;
}

static void file_eof(FdChardev *s)
{
    /* A file has no peer to lose: the input simply ends. */
}

static const FdChardevHooks file_hooks = { .eof = file_eof };

static int file_open(Chardev *chr, const ChardevSpec *spec)
{
    FdChardev *s = (FdChardev *)chr;
    int out = open(spec->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

    if (out < 0) {
        error_report("Could not open '%s': %s", spec->path, strerror(errno));
        return -errno;
    }
    fdchr_init(s, open_in(spec->path), out, true, &file_hooks);
    chr_set_filename(chr, "file:%s", spec->path);
    chr->be_open = true;
    return 0;
}

const ChardevOps chr_file_ops = {
    .name = "file",
    .size = sizeof(FdChardev),
    .open = file_open,
    .write = fdchr_write,
    .update_input = fdchr_update_input,
    .close = fdchr_close,
};

/*
 * pipe: PATH.in and PATH.out (two FIFOs), else PATH for both, as QEMU.
 * O_RDWR so opening a FIFO never waits for a peer and a writer leaving
 * does not end the input; output is non-blocking so a full FIFO with no
 * reader drops bytes instead of stopping the guest.
 */
static int pipe_open(Chardev *chr, const ChardevSpec *spec)
{
    FdChardev *s = (FdChardev *)chr;
    char *in_path, *out_path;
    int in, out;

    if (asprintf(&in_path, "%s.in", spec->path) < 0 || asprintf(&out_path, "%s.out", spec->path) < 0)
        abort();
    in = open(in_path, O_RDWR | O_CLOEXEC);
    out = open(out_path, O_RDWR | O_CLOEXEC);
    free(in_path);
    free(out_path);
    if (in < 0 || out < 0) {
        if (in >= 0)
            close(in);
        if (out >= 0)
            close(out);
        in = out = open(spec->path, O_RDWR | O_CLOEXEC);
        if (in < 0) {
            error_report("Could not open '%s': %s", spec->path, strerror(errno));
            return -errno;
        }
    }
    chr_fd_set_nonblock(in);
    chr_fd_set_nonblock(out);
    fdchr_init(s, in, out, false, NULL);
    chr_set_filename(chr, "pipe:%s", spec->path);
    chr->be_open = true;
    return 0;
}

const ChardevOps chr_pipe_ops = {
    .name = "pipe",
    .size = sizeof(FdChardev),
    .open = pipe_open,
    .write = fdchr_write,
    .update_input = fdchr_update_input,
    .close = fdchr_close,
};
