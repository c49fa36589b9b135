/*
 * udp:[HOST]:PORT[@[LOCALADDR]:LOCALPORT]: output is one datagram per
 * write to HOST:PORT; datagrams arriving at the local address are input.
 * A datagram is held until the frontend has taken all of it, and the
 * socket is not read meanwhile, so input is never dropped here.
 */
#include "chardev/char-int.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "system/main-loop.h"

typedef struct UdpChardev {
    Chardev chr;
    int fd;
    uint8_t buf[65536];
    int pos, len;           /* the held datagram */
    bool watching;
    bool draining;          /* the frontend may call back (chr_accept_input) while we deliver */
} UdpChardev;

static void udp_update(UdpChardev *s);

static void udp_drain(UdpChardev *s)
{
    if (s->draining)
        return;
    s->draining = true;
    while (s->pos < s->len) {
        int n = chr_be_write(&s->chr, s->buf + s->pos, s->len - s->pos);

        if (n <= 0)
            break;
        s->pos += n;
    }
    s->draining = false;
}

static void udp_on_read(void *opaque)
{
    UdpChardev *s = opaque;
    ssize_t n;

    if (s->pos >= s->len) {
        n = recv(s->fd, s->buf, sizeof(s->buf), 0);
        if (n < 0)
            return;
        s->pos = 0;
        s->len = (int)n;
    }
    udp_drain(s);
    udp_update(s);
}

static void udp_update(UdpChardev *s)
{
    bool want;

    udp_drain(s);
    want = s->fd >= 0 && s->pos >= s->len && chr_be_can_write(&s->chr) > 0;
    if (want != s->watching && s->fd >= 0) {
        main_loop_set_fd_handler(s->fd, want ? udp_on_read : NULL, NULL, s);
        s->watching = want;
    }
}

static void udp_update_input(Chardev *chr)
{
    udp_update((UdpChardev *)chr);
}

static void udp_write(Chardev *chr, const uint8_t *buf, int len)
{
    UdpChardev *s = (UdpChardev *)chr;

    /* Unreliable by nature: a datagram that cannot be sent now is lost. */
    if (send(s->fd, buf, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno == EMSGSIZE)
        warn_report("udp chardev %s: %d-byte write too large for one datagram", chr->label, len);
}

static int udp_resolve(const char *host, int port, bool passive, struct addrinfo **res)
{
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM, .ai_flags = passive ? AI_PASSIVE : 0 };
    char p[16];
    int r;

    snprintf(p, sizeof(p), "%d", port);
    if (!host || !*host)
        host = passive ? "0.0.0.0" : "localhost";
    if ((r = getaddrinfo(host, p, &hints, res)) != 0) {
        error_report("address resolution failed for %s:%s: %s", host, p, gai_strerror(r));
        return -EINVAL;
    }
    return 0;
}

static int udp_open(Chardev *chr, const ChardevSpec *spec)
{
    UdpChardev *s = (UdpChardev *)chr;
    struct addrinfo *remote, *local;
    int ret;

    s->fd = -1;
    if ((ret = udp_resolve(spec->host, spec->port, false, &remote)) < 0)
        return ret;
    if ((ret = udp_resolve(spec->local_host, spec->local_port, true, &local)) < 0) {
        freeaddrinfo(remote);
        return ret;
    }
    s->fd = socket(remote->ai_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s->fd < 0 || bind(s->fd, local->ai_addr, local->ai_addrlen) < 0 ||
        connect(s->fd, remote->ai_addr, remote->ai_addrlen) < 0) {
        ret = -errno;
        error_report("Failed to set up UDP socket: %s", strerror(errno));
        if (s->fd >= 0)
            close(s->fd);
        s->fd = -1;
    } else {
        chr_set_filename(chr, "udp:%s:%d", spec->host ? spec->host : "", spec->port);
        chr->be_open = true;
    }
    freeaddrinfo(remote);
    freeaddrinfo(local);
    return ret;
}

static void udp_close(Chardev *chr)
{
    UdpChardev *s = (UdpChardev *)chr;

    if (s->fd >= 0) {
        main_loop_set_fd_handler(s->fd, NULL, NULL, NULL);
        close(s->fd);
    }
}

const ChardevOps chr_udp_ops = {
    .name = "udp",
    .size = sizeof(UdpChardev),
    .open = udp_open,
    .write = udp_write,
    .update_input = udp_update_input,
    .close = udp_close,
};
