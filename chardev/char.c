/*
 * The chardev core: building backends from specs, the registry `info
 * chardev` and chardev:ID read, attaching frontends, and the output buffer
 * the non-blocking backends share. See char.h and char-int.h.
 */
#include "chardev/char-int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Chardev *chardevs;       /* newest first */

static char *xstrdup(const char *s)
{
    char *d = s ? strdup(s) : NULL;

    if (s && !d)
        abort();
    return d;
}

Chardev *chr_alloc(const ChardevOps *ops, const char *label)
{
    Chardev *chr = calloc(1, ops->size);

    if (!chr)
        abort();
    chr->ops = ops;
    chr->label = xstrdup(label ? label : "");
    chr->filename = xstrdup(ops->name);
    chr->log_fd = -1;
    chr->next = chardevs;
    chardevs = chr;
    return chr;
}

void chr_free(Chardev *chr)
{
    for (Chardev **p = &chardevs; *p; p = &(*p)->next) {
        if (*p == chr) {
            *p = chr->next;
            break;
        }
    }
    if (chr->log_fd >= 0)
        close(chr->log_fd);
    free(chr->label);
    free(chr->id);
    free(chr->filename);
    free(chr);
}

void chr_set_filename(Chardev *chr, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    free(chr->filename);
    chr->filename = s;
}

static const ChardevOps *ops_for(ChardevKind kind)
{
    switch (kind) {
    case CHARDEV_NONE:
    case CHARDEV_NULL:
        return &chr_null_ops;
    case CHARDEV_STDIO:
        return &chr_stdio_ops;
    case CHARDEV_PTY:
        return &chr_pty_ops;
    case CHARDEV_FILE:
        return &chr_file_ops;
    case CHARDEV_PIPE:
        return &chr_pipe_ops;
    case CHARDEV_TCP:
    case CHARDEV_TELNET:
    case CHARDEV_UNIX:
        return &chr_socket_ops;
    case CHARDEV_UDP:
        return &chr_udp_ops;
    case CHARDEV_REF:
        break;
    }
    return NULL;
}

static Chardev *open_backend(const ChardevSpec *spec, const char *label)
{
    const ChardevOps *ops = ops_for(spec->kind);
    Chardev *chr;

    if (!ops) {
        error_report("unsupported character device kind %d", (int)spec->kind);
        return NULL;
    }
    chr = chr_alloc(ops, label);
    if (spec->logfile) {
        /* As QEMU: the log gets everything the frontend writes, appended. */
        chr->log_fd = open(spec->logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
        if (chr->log_fd < 0) {
            error_report("Could not open '%s': %s", spec->logfile, strerror(errno));
            chr_free(chr);
            return NULL;
        }
    }
    if (ops->open && ops->open(chr, spec) < 0) {
        chr_free(chr);
        return NULL;
    }
    return chr;
}

Chardev *chr_new(const ChardevSpec *spec, const char *label)
{
    Chardev *chr;

    loc_set_option(spec->opt, spec->arg);
    if (spec->kind == CHARDEV_REF) {
        chr = chr_find(spec->id);
        if (!chr)
            error_report("chardev '%s' not found", spec->id);
        /* "mon:chardev:X" shares a plain -chardev through a new mux. */
        if (chr && spec->mux && chr->ops != &chr_mux_ops)
            chr = chr_mux_new(chr, label);
        loc_clear();
        return chr;
    }
    if (spec->mux) {
        /* QEMU's names: the mux carries the label, the backend LABEL-base. */
        char *base_label;

        if (asprintf(&base_label, "%s-base", label ? label : "") < 0)
            abort();
        chr = open_backend(spec, base_label);
        free(base_label);
        if (chr)
            chr = chr_mux_new(chr, label);
    } else {
        chr = open_backend(spec, label);
    }
    if (chr && spec->id)
        chr->id = xstrdup(spec->id);
    loc_clear();
    return chr;
}

Chardev *chr_find(const char *id)
{
    for (Chardev *chr = chardevs; chr && id; chr = chr->next) {
        if (chr->id && !strcmp(chr->id, id))
            return chr;
    }
    return NULL;
}

int chr_attach(Chardev *chr, const CharFrontend *fe)
{
    if (chr->ops->attach)
        return chr->ops->attach(chr, fe);
    if (chr->has_fe)
        return -EBUSY;
    chr->fe = *fe;
    chr->has_fe = true;
    if (chr->be_open && fe->event)
        fe->event(fe->opaque, CHR_EVENT_OPENED);
    if (chr->ops->update_input)
        chr->ops->update_input(chr);
    return 0;
}

void chr_detach(Chardev *chr, const CharFrontend *fe)
{
    if (chr->ops->detach) {
        chr->ops->detach(chr, fe);
        return;
    }
    if (!chr->has_fe || chr->fe.opaque != fe->opaque || chr->fe.receive != fe->receive)
        return;
    chr->has_fe = false;
    memset(&chr->fe, 0, sizeof(chr->fe));
    if (chr->ops->update_input)
        chr->ops->update_input(chr);
}

int chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    if (len <= 0)
        return 0;
    if (chr->log_fd >= 0)
        chr_fd_write_all(chr->log_fd, buf, (size_t)len);
    if (chr->ops->write)
        chr->ops->write(chr, buf, len);
    return len;
}

void chr_accept_input(Chardev *chr)
{
    if (chr->ops->update_input)
        chr->ops->update_input(chr);
}

int chr_be_can_write(Chardev *chr)
{
    int n;

    if (!chr->has_fe || !chr->fe.can_receive)
        return 0;
    n = chr->fe.can_receive(chr->fe.opaque);
    return n > 0 ? n : 0;
}

int chr_be_write(Chardev *chr, const uint8_t *buf, int len)
{
    int room = chr_be_can_write(chr);

    if (len > room)
        len = room;
    if (len > 0)
        chr->fe.receive(chr->fe.opaque, buf, len);
    return len > 0 ? len : 0;
}

void chr_be_event(Chardev *chr, ChrEvent event)
{
    if (event == CHR_EVENT_OPENED)
        chr->be_open = true;
    else if (event == CHR_EVENT_CLOSED)
        chr->be_open = false;
    if (chr->has_fe && chr->fe.event)
        chr->fe.event(chr->fe.opaque, event);
}

void chr_foreach(void (*fn)(void *opaque, const char *label, const char *filename), void *opaque)
{
    Chardev *list[256];
    size_t n = 0;

    /* The registry is newest first; `info chardev` reads better oldest first. */
    for (Chardev *chr = chardevs; chr && n < 256; chr = chr->next)
        list[n++] = chr;
    while (n--)
        fn(opaque, list[n]->label, list[n]->filename);
}

void chr_cleanup(void)
{
    /* Newest first: a mux goes before the backend it sits on. */
    while (chardevs) {
        Chardev *chr = chardevs;

        if (chr->ops->close)
            chr->ops->close(chr);
        chr_free(chr);
    }
}

/* ---- Output buffering ------------------------------------------------ */

size_t chr_outbuf_push(CharOutbuf *ob, const uint8_t *buf, size_t len)
{
    size_t room, n, tail;

    if (!ob->buf && !(ob->buf = malloc(CHR_OUTBUF_MAX)))
        abort();
    room = CHR_OUTBUF_MAX - ob->len;
    n = len < room ? len : room;
    ob->dropped += len - n;
    for (size_t done = 0; done < n;) {
        size_t chunk;

        tail = (ob->head + ob->len) % CHR_OUTBUF_MAX;
        chunk = CHR_OUTBUF_MAX - tail;
        if (chunk > n - done)
            chunk = n - done;
        memcpy(ob->buf + tail, buf + done, chunk);
        ob->len += chunk;
        done += chunk;
    }
    return n;
}

int chr_outbuf_flush(CharOutbuf *ob, int fd)
{
    while (ob->len) {
        size_t chunk = CHR_OUTBUF_MAX - ob->head;
        ssize_t w;

        if (chunk > ob->len)
            chunk = ob->len;
        w = write(fd, ob->buf + ob->head, chunk);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
        }
        ob->head = (ob->head + (size_t)w) % CHR_OUTBUF_MAX;
        ob->len -= (size_t)w;
    }
    ob->head = 0;
    return 0;
}

void chr_outbuf_free(CharOutbuf *ob)
{
    free(ob->buf);
    ob->buf = NULL;
    ob->head = ob->len = 0;
}

int chr_fd_write_nonblock(CharOutbuf *ob, int fd, const uint8_t *buf, size_t len)
{
    /* Keep order: new bytes go straight out only when nothing waits ahead of them. */
    while (!ob->len && len) {
        ssize_t w = write(fd, buf, len);

        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                return -errno;
            break;
        }
        buf += w;
        len -= (size_t)w;
    }
    if (len)
        chr_outbuf_push(ob, buf, len);
    return 0;
}

int chr_fd_write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t w = write(fd, buf, len);

        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct pollfd p = { .fd = fd, .events = POLLOUT };

                poll(&p, 1, 100);
                continue;
            }
            return -errno;
        }
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

int chr_fd_set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);

    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -errno;
    return 0;
}
