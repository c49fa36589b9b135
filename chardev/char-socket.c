/*
 * Stream sockets: tcp:, telnet:, unix: and -chardev socket, as server or
 * client.
 *
 * A server takes one client at a time (later ones wait in the backlog until
 * the first leaves, as QEMU's do); with wait=on (the default) opening blocks
 * until the first client connects. A client connects at open; with
 * reconnect=N a lost or failed connection is retried every N seconds.
 * telnet adds the RFC 854 option negotiation QEMU sends (the server will
 * echo and suppress go-ahead, both sides binary, RFC 856/857/858) and strips
 * the client's commands from the input; IAC BREAK becomes a break event.
 *
 * Output to a client that does not read is queued up to CHR_OUTBUF_MAX and
 * then dropped: a guest printing to a stalled console never stalls.
 */
#include "chardev/char-int.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "system/clock.h"
#include "system/main-loop.h"

/* RFC 854 telnet commands. */
enum {
    TN_SE = 240,
    TN_BRK = 243,
    TN_SB = 250,
    TN_WILL = 251,
    TN_WONT = 252,
    TN_DO = 253,
    TN_DONT = 254,
    TN_IAC = 255,
};

enum { TN_DATA, TN_GOT_IAC, TN_GOT_VERB, TN_IN_SB, TN_SB_IAC };

typedef struct SocketChardev {
    FdChardev fd;               /* in_fd == out_fd == the connection, -1 when none */
    bool server, telnet, is_unix, nodelay;
    int reconnect;              /* seconds; 0: a lost client connection stays lost */
    int listen_fd;
    int connecting_fd;          /* a non-blocking connect in progress */
    Timer reconnect_timer;
    struct sockaddr_storage addr;
    socklen_t addrlen;
    char *desc;                 /* "tcp:0.0.0.0:4444,server=on" for filenames */
    int tn_state;
} SocketChardev;

static void socket_on_accept(void *opaque);

static void socket_describe(SocketChardev *s, const char *peer)
{
    if (s->fd.connected && peer)
        chr_set_filename(&s->fd.chr, "%s <-> %s", s->desc, peer);
    else if (s->fd.connected)
        chr_set_filename(&s->fd.chr, "%s", s->desc);
    else
        chr_set_filename(&s->fd.chr, "disconnected:%s", s->desc);
}

static void addr_string(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];

    if (sa->sa_family == AF_UNIX) {
        snprintf(buf, size, "%s", ((const struct sockaddr_un *)sa)->sun_path);
    } else if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
        snprintf(buf, size, sa->sa_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, serv);
    } else {
        snprintf(buf, size, "?");
    }
}

static void socket_send_telnet_init(SocketChardev *s)
{
    static const uint8_t init[] = {
        TN_IAC, TN_WILL, 1,     /* echo (RFC 857): the guest echoes, not the client */
        TN_IAC, TN_WILL, 3,     /* suppress go-ahead (RFC 858) */
        TN_IAC, TN_WILL, 0,     /* binary transmission (RFC 856) */
        TN_IAC, TN_DO, 0,
    };

    fdchr_write(&s->fd.chr, init, sizeof(init));
}

static void socket_connected(SocketChardev *s, int cfd)
{
    struct sockaddr_storage peer;
    socklen_t plen = sizeof(peer);
    char pbuf[NI_MAXHOST + NI_MAXSERV + 8] = "";
    int one = 1;

    chr_fd_set_nonblock(cfd);
    if (s->nodelay && !s->is_unix)
        setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (getpeername(cfd, (struct sockaddr *)&peer, &plen) == 0 && !s->is_unix)
        addr_string((struct sockaddr *)&peer, plen, pbuf, sizeof(pbuf));
    fdchr_init(&s->fd, cfd, cfd, false, s->fd.hooks);
    s->tn_state = TN_DATA;
    socket_describe(s, pbuf[0] ? pbuf : NULL);
    if (s->telnet)
        socket_send_telnet_init(s);
    fdchr_update(&s->fd);
    chr_be_event(&s->fd.chr, CHR_EVENT_OPENED);
}

static void socket_listen_watch(SocketChardev *s, bool on)
{
    if (s->listen_fd >= 0)
        main_loop_set_fd_handler(s->listen_fd, on ? socket_on_accept : NULL, NULL, s);
}

static void socket_on_accept(void *opaque)
{
    SocketChardev *s = opaque;
    int cfd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);

    if (cfd < 0)
        return;
    socket_listen_watch(s, false);
    socket_connected(s, cfd);
}

static int socket_connect_start(SocketChardev *s, bool blocking);

static void socket_reconnect_timer(void *opaque)
{
    SocketChardev *s = opaque;

    if (!s->fd.connected && s->connecting_fd < 0)
        socket_connect_start(s, false);
}

static void socket_schedule_reconnect(SocketChardev *s)
{
    if (s->reconnect > 0)
        timer_mod(&s->reconnect_timer, clock_get_ns(VCLOCK_REALTIME) + (int64_t)s->reconnect * NS_PER_SEC);
}

static void socket_disconnect(FdChardev *fd)
{
    SocketChardev *s = (SocketChardev *)fd;

    fdchr_close_fds(&s->fd);
    s->fd.connected = false;
    socket_describe(s, NULL);
    chr_be_event(&s->fd.chr, CHR_EVENT_CLOSED);
    if (s->server)
        socket_listen_watch(s, true);
    else
        socket_schedule_reconnect(s);
}

static void socket_telnet_input(FdChardev *fd, const uint8_t *buf, int len)
{
    SocketChardev *s = (SocketChardev *)fd;
    uint8_t out[4096];
    int n = 0;

    for (int i = 0; i < len; i++) {
        uint8_t c = buf[i];

        switch (s->tn_state) {
        case TN_DATA:
            if (c == TN_IAC)
                s->tn_state = TN_GOT_IAC;
            else
                out[n++] = c;
            break;
        case TN_GOT_IAC:
            s->tn_state = TN_DATA;
            if (c == TN_IAC) {
                out[n++] = c;           /* IAC IAC: a literal 0xff */
            } else if (c == TN_BRK) {
                if (n)
                    chr_be_write(&s->fd.chr, out, n);
                n = 0;
                chr_be_event(&s->fd.chr, CHR_EVENT_BREAK);
            } else if (c >= TN_WILL && c <= TN_DONT) {
                s->tn_state = TN_GOT_VERB;
            } else if (c == TN_SB) {
                s->tn_state = TN_IN_SB;
            }
            break;
        case TN_GOT_VERB:
            s->tn_state = TN_DATA;      /* the option byte: acknowledged by our init already */
            break;
        case TN_IN_SB:
            if (c == TN_IAC)
                s->tn_state = TN_SB_IAC;
            break;
        case TN_SB_IAC:
            s->tn_state = c == TN_SE ? TN_DATA : TN_IN_SB;
            break;
        }
    }
    if (n)
        chr_be_write(&s->fd.chr, out, n);
}

static const FdChardevHooks socket_hooks = { .eof = socket_disconnect };
static const FdChardevHooks telnet_hooks = { .eof = socket_disconnect, .input = socket_telnet_input };

static void socket_on_connect_done(void *opaque)
{
    SocketChardev *s = opaque;
    int fd = s->connecting_fd, err = 0;
    socklen_t len = sizeof(err);

    main_loop_set_fd_handler(fd, NULL, NULL, NULL);
    s->connecting_fd = -1;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err) {
        close(fd);
        socket_schedule_reconnect(s);
        return;
    }
    socket_connected(s, fd);
}

/* Start connecting; blocking: wait for the result (open without reconnect). 0 or -errno. */
static int socket_connect_start(SocketChardev *s, bool blocking)
{
    int fd = socket(s->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | (blocking ? 0 : SOCK_NONBLOCK), 0);

    if (fd < 0)
        return -errno;
    if (connect(fd, (struct sockaddr *)&s->addr, s->addrlen) == 0) {
        socket_connected(s, fd);
        return 0;
    }
    if (!blocking && errno == EINPROGRESS) {
        s->connecting_fd = fd;
        main_loop_set_fd_handler(fd, NULL, socket_on_connect_done, s);
        return 0;
    }
    {
        int err = errno;

        close(fd);
        socket_schedule_reconnect(s);
        return -err;
    }
}

static int socket_resolve(SocketChardev *s, const ChardevSpec *spec)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res;
    char port[16];
    const char *host = spec->host;
    int r;

    if (s->is_unix) {
        struct sockaddr_un *un = (struct sockaddr_un *)&s->addr;

        if (strlen(spec->path) >= sizeof(un->sun_path)) {
            error_report("UNIX socket path '%s' is too long", spec->path);
            return -ENAMETOOLONG;
        }
        un->sun_family = AF_UNIX;
        strcpy(un->sun_path, spec->path);
        s->addrlen = sizeof(*un);
        return 0;
    }
    if (s->server) {
        hints.ai_flags = AI_PASSIVE;
        if (!host || !*host) {
            /* QEMU listens on every IPv4 address when no host is given. */
            host = "0.0.0.0";
        }
    } else if (!host || !*host) {
        host = "localhost";
    }
    snprintf(port, sizeof(port), "%d", spec->port);
    if ((r = getaddrinfo(host, port, &hints, &res)) != 0) {
        error_report("address resolution failed for %s:%s: %s", host, port, gai_strerror(r));
        return -EINVAL;
    }
    memcpy(&s->addr, res->ai_addr, res->ai_addrlen);
    s->addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static int socket_listen(SocketChardev *s)
{
    int one = 1, fd = socket(s->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    char abuf[NI_MAXHOST + NI_MAXSERV + 8];
    int err;

    if (fd < 0)
        goto fail;
    if (s->is_unix)
        unlink(((struct sockaddr_un *)&s->addr)->sun_path);
    else
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&s->addr, s->addrlen) < 0 || listen(fd, 1) < 0)
        goto fail;
    /* Port 0 asks the kernel for one: report the one it chose. */
    s->addrlen = sizeof(s->addr);
    getsockname(fd, (struct sockaddr *)&s->addr, &s->addrlen);
    addr_string((struct sockaddr *)&s->addr, s->addrlen, abuf, sizeof(abuf));
    if (asprintf(&s->desc, "%s:%s,server=on", s->is_unix ? "unix" : s->telnet ? "telnet" : "tcp", abuf) < 0)
        abort();
    s->listen_fd = fd;
    return 0;
fail:
    err = errno;
    if (fd >= 0)
        close(fd);
    return -err;
}

static void socket_close(Chardev *chr);

static int socket_open_inner(Chardev *chr, const ChardevSpec *spec)
{
    SocketChardev *s = (SocketChardev *)chr;
    struct sigaction sa;
    char abuf[NI_MAXHOST + NI_MAXSERV + 8];
    int ret;

    s->server = spec->server;
    s->telnet = spec->kind == CHARDEV_TELNET;
    s->is_unix = spec->kind == CHARDEV_UNIX;
    s->nodelay = spec->nodelay;
    s->reconnect = spec->server ? 0 : spec->reconnect;
    s->listen_fd = s->connecting_fd = -1;
    fdchr_init(&s->fd, -1, -1, false, s->telnet ? &telnet_hooks : &socket_hooks);
    s->fd.connected = false;
    timer_init(&s->reconnect_timer, VCLOCK_REALTIME, socket_reconnect_timer, s);
    /* A peer that left must not kill the process on our next write (QEMU ignores SIGPIPE too). */
    if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);

    if ((ret = socket_resolve(s, spec)) < 0)
        return ret;
    if (s->server) {
        if ((ret = socket_listen(s)) < 0) {
            error_report("Failed to bind socket: %s", strerror(-ret));
            return ret;
        }
        socket_describe(s, NULL);
        if (spec->wait) {
            int cfd;

            info_report("QEMU waiting for connection on: %s", chr->filename);
            while ((cfd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC)) < 0 && errno == EINTR)
                ;
            if (cfd >= 0) {
                socket_connected(s, cfd);
                return 0;
            }
        }
        socket_listen_watch(s, true);
        return 0;
    }
    addr_string((struct sockaddr *)&s->addr, s->addrlen, abuf, sizeof(abuf));
    if (asprintf(&s->desc, "%s:%s", s->is_unix ? "unix" : s->telnet ? "telnet" : "tcp", abuf) < 0)
        abort();
    socket_describe(s, NULL);
    ret = socket_connect_start(s, s->reconnect == 0);
    if (ret < 0 && s->reconnect == 0) {
        error_report("Failed to connect to '%s': %s", s->is_unix ? spec->path : abuf, strerror(-ret));
        return ret;
    }
    return 0;
}

/* A failed open leaves nothing behind: the core frees a chardev that did not open without closing it. */
static int socket_open(Chardev *chr, const ChardevSpec *spec)
{
    int ret = socket_open_inner(chr, spec);

    if (ret < 0)
        socket_close(chr);
    return ret;
}

static void socket_close(Chardev *chr)
{
    SocketChardev *s = (SocketChardev *)chr;

    timer_del(&s->reconnect_timer);
    fdchr_close_fds(&s->fd);
    if (s->connecting_fd >= 0) {
        main_loop_set_fd_handler(s->connecting_fd, NULL, NULL, NULL);
        close(s->connecting_fd);
    }
    if (s->listen_fd >= 0) {
        main_loop_set_fd_handler(s->listen_fd, NULL, NULL, NULL);
        close(s->listen_fd);
        if (s->is_unix)
            unlink(((struct sockaddr_un *)&s->addr)->sun_path);
    }
    free(s->desc);
    s->desc = NULL;
    s->listen_fd = s->connecting_fd = -1;
}

const ChardevOps chr_socket_ops = {
    .name = "socket",
    .size = sizeof(SocketChardev),
    .open = socket_open,
    .write = fdchr_write,
    .update_input = fdchr_update_input,
    .close = socket_close,
};
