/*
 * Between the chardev core (char.c) and the backends: the ops table a backend
 * fills, the Chardev every backend embeds first, and the helpers backends
 * share (delivery to the frontend, a bounded output buffer, fd plumbing).
 * Frontends use chardev/char.h only.
 */
#ifndef VIREO_CHARDEV_CHAR_INT_H
#define VIREO_CHARDEV_CHAR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chardev/char.h"
#include "system/error.h"

/* Output kept for a peer that is not reading (a slow socket, a pty); beyond it bytes drop. */
#define CHR_OUTBUF_MAX (64 * 1024)

typedef struct ChardevOps {
    const char *name;
    size_t size;                /* of the backend's struct, which begins with Chardev */
    /* Open from the spec; reports its own error (the location is set) and returns -errno. */
    int (*open)(Chardev *chr, const ChardevSpec *spec);
    /* Take len bytes for the host side; the core counts them all as written. */
    void (*write)(Chardev *chr, const uint8_t *buf, int len);
    /* The frontend may have room again (or was attached / detached): resume or pause reading. */
    void (*update_input)(Chardev *chr);
    void (*close)(Chardev *chr);
    /* The mux only: it keeps several frontends itself. */
    int (*attach)(Chardev *chr, const CharFrontend *fe);
    void (*detach)(Chardev *chr, const CharFrontend *fe);
} ChardevOps;

struct Chardev {
    const ChardevOps *ops;
    char *label;                /* "serial0", "compat_monitor0", a -chardev id */
    char *id;                   /* -chardev id (chr_find), or NULL */
    char *filename;             /* what `info chardev` shows */
    CharFrontend fe;
    bool has_fe;
    bool be_open;               /* a peer is there: a frontend attaching now gets OPENED */
    int log_fd;                 /* logfile=, or -1 */
    Chardev *next;              /* every chardev, newest first */
};

/* Room the frontend has now (0 without a frontend). */
int chr_be_can_write(Chardev *chr);
/* Hand input to the frontend, at most what can_receive allows; returns bytes taken. */
int chr_be_write(Chardev *chr, const uint8_t *buf, int len);
/* Tell the frontend; OPENED/CLOSED also track be_open. */
void chr_be_event(Chardev *chr, ChrEvent event);
void chr_set_filename(Chardev *chr, const char *fmt, ...) PRINTF_FMT(2, 3);

/* A bounded FIFO of output bytes for a non-blocking fd. */
typedef struct CharOutbuf {
    uint8_t *buf;
    size_t head, len;           /* ring of CHR_OUTBUF_MAX bytes, allocated on first use */
    uint64_t dropped;
} CharOutbuf;

/* Queue what fits; returns bytes queued (the rest is dropped and counted). */
size_t chr_outbuf_push(CharOutbuf *ob, const uint8_t *buf, size_t len);
/*
 * Write as much queued output as fd takes now. Returns 0, or -errno on a
 * hard error (EPIPE, ECONNRESET...) so the caller can disconnect.
 */
int chr_outbuf_flush(CharOutbuf *ob, int fd);
void chr_outbuf_free(CharOutbuf *ob);

/*
 * Write everything to a non-blocking fd: straight away when nothing is
 * queued, the rest queued (bounded). Returns 0 or -errno as above.
 */
int chr_fd_write_nonblock(CharOutbuf *ob, int fd, const uint8_t *buf, size_t len);
/* Write everything to a blocking fd (a file, the terminal), retrying EINTR/EAGAIN. */
int chr_fd_write_all(int fd, const uint8_t *buf, size_t len);
int chr_fd_set_nonblock(int fd);

/*
 * An fd-backed chardev (stdio, file, pipe, pty; sockets build on it): the
 * read handler is installed only while the frontend has room, so input waits
 * in the kernel and never reaches a frontend that refused it.
 */
typedef struct FdChardev FdChardev;

typedef struct FdChardevHooks {
    /* Read returned 0 or a hard error (EIO on a pty with no peer). */
    void (*eof)(FdChardev *s);
    /* Filter input before delivery (telnet IAC); NULL: deliver as is. */
    void (*input)(FdChardev *s, const uint8_t *buf, int len);
} FdChardevHooks;

struct FdChardev {
    Chardev chr;
    int in_fd, out_fd;          /* -1: none; may be the same fd */
    bool out_blocking;          /* a file or the terminal: write all, never drop */
    bool connected;             /* false: output dropped, no reading */
    bool in_eof;
    CharOutbuf out;
    const FdChardevHooks *hooks;
    /* What is registered with the main loop, so updates are cheap no-ops. */
    bool watch_read, watch_write;
};

void fdchr_init(FdChardev *s, int in_fd, int out_fd, bool out_blocking, const FdChardevHooks *hooks);
/* Re-register the fd handlers for what is wanted now. */
void fdchr_update(FdChardev *s);
void fdchr_write(Chardev *chr, const uint8_t *buf, int len);
void fdchr_update_input(Chardev *chr);
/* Unregister and close the fds (in_fd/out_fd set to -1); drops queued output. */
void fdchr_close_fds(FdChardev *s);
void fdchr_close(Chardev *chr);

/* The backends, for chr_new()'s table. */
extern const ChardevOps chr_null_ops, chr_stdio_ops, chr_file_ops, chr_pipe_ops, chr_pty_ops, chr_socket_ops,
    chr_udp_ops, chr_memory_ops, chr_mux_ops;

/* Allocate and register a chardev of these ops (opened by the caller). */
Chardev *chr_alloc(const ChardevOps *ops, const char *label);
/* Unregister and free one that failed to open. */
void chr_free(Chardev *chr);
/* Wrap base in a mux. */
Chardev *chr_mux_new(Chardev *base, const char *label);

#endif
