/*
 * -netdev socket: two Vireo (or QEMU) guests joined without privileges.
 *   listen=[HOST]:PORT   wait for one TCP peer (again after it leaves)
 *   connect=HOST:PORT    connect to a listening one at start
 *   mcast=ADDR:PORT      UDP multicast, one frame a datagram, every member
 * On TCP each frame is QEMU's framing: a 4-byte big-endian length, then the
 * frame. A peer announcing a frame longer than NET_FRAME_MAX cannot be
 * resynchronised: its connection is closed (as QEMU's "oversized packet"),
 * and a listener waits for the next one; zero-length frames are skipped.
 * Writes never block the bql: a frame the socket cannot take whole is kept
 * and finished when the socket is writable, and the core queues the next.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/clients.h"
#include "system/error.h"
#include "system/log.h"
#include "system/main-loop.h"

typedef struct NetSocket {
    NetClientState *nc;
    int listen_fd;
    int fd;                     /* the connection or the multicast socket, -1 none */
    bool mcast;
    struct sockaddr_in dgram_dst;
    bool reading;               /* read handler installed */
    /* TCP receive state: the length header, then the frame. */
    uint8_t hdr[4];
    size_t hdr_got;
    uint32_t frame_len;
    size_t frame_got;
    uint8_t *frame;             /* NET_FRAME_MAX bytes */
    /* A frame partly written. */
    uint8_t *out;
    size_t out_len, out_off;
} NetSocket;

static void sock_update_handlers(NetSocket *s);

static int parse_host_port(const char *str, struct sockaddr_in *sa, bool need_host)
{
    char host[256];
    const char *colon = strrchr(str, ':');
    char *end;
    long port;

    if (!colon || (size_t)(colon - str) >= sizeof(host))
        return -EINVAL;
    memcpy(host, str, (size_t)(colon - str));
    host[colon - str] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return -EINVAL;
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (!*host) {
        if (need_host)
            return -EINVAL;
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
    } else if (!inet_aton(host, &sa->sin_addr)) {
        struct hostent *he = gethostbyname(host);

        if (!he || he->h_addrtype != AF_INET)
            return -EINVAL;
        memcpy(&sa->sin_addr, he->h_addr_list[0], 4);
    }
    return 0;
}

static void sock_close_conn(NetSocket *s, const char *why)
{
    if (s->fd < 0)
        return;
    if (why && log_enabled(LOG_GUEST_ERROR))
        log_printf("socket %s: %s\n", s->nc->name, why);
    main_loop_set_fd_handler(s->fd, NULL, NULL, NULL);
    close(s->fd);
    s->fd = -1;
    s->reading = false;
    s->hdr_got = s->frame_got = 0;
    free(s->out);
    s->out = NULL;
    if (s->listen_fd >= 0)
        s->nc->info_str[0] = '\0';         /* as QEMU's while it waits */
    /* Whatever waited for this peer now goes nowhere. */
    net_flush_queue(s->nc);
}

/* Read what the fd holds, handing out whole frames while the peer takes them. */
static void sock_read(void *opaque)
{
    NetSocket *s = opaque;
    uint8_t buf[4096];

    if (s->mcast) {
        ssize_t n = recv(s->fd, s->frame, NET_FRAME_MAX, 0);

        if (n > 0)
            net_send(s->nc, s->frame, (size_t)n);
        sock_update_handlers(s);
        return;
    }
    for (int rounds = 0; rounds < 64 && s->fd >= 0 && net_peer_can_receive(s->nc); rounds++) {
        ssize_t n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);
        size_t pos = 0;

        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            sock_close_conn(s, n == 0 ? "connection closed" : strerror(errno));
            break;
        }
        if (n < 0)
            break;
        while (pos < (size_t)n && s->fd >= 0) {
            if (s->hdr_got < 4) {
                s->hdr[s->hdr_got++] = buf[pos++];
                if (s->hdr_got == 4) {
                    s->frame_len = (uint32_t)s->hdr[0] << 24 | (uint32_t)s->hdr[1] << 16 |
                                   (uint32_t)s->hdr[2] << 8 | s->hdr[3];
                    s->frame_got = 0;
                    if (s->frame_len > NET_FRAME_MAX) {
                        sock_close_conn(s, "oversized packet received, connection terminated");
                        break;
                    }
                    if (s->frame_len == 0)
                        s->hdr_got = 0;
                }
                continue;
            }
            size_t take = s->frame_len - s->frame_got;

            if (take > (size_t)n - pos)
                take = (size_t)n - pos;
            memcpy(s->frame + s->frame_got, buf + pos, take);
            s->frame_got += take;
            pos += take;
            if (s->frame_got == s->frame_len) {
                net_send(s->nc, s->frame, s->frame_len);
                s->hdr_got = 0;
            }
        }
    }
    sock_update_handlers(s);
}

static bool sock_write_pending(NetSocket *s)
{
    while (s->out && s->out_off < s->out_len) {
        ssize_t n = send(s->fd, s->out + s->out_off, s->out_len - s->out_off, MSG_NOSIGNAL);

        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                return false;
            sock_close_conn(s, strerror(errno));
            return true;
        }
        s->out_off += (size_t)n;
    }
    free(s->out);
    s->out = NULL;
    return true;
}

static void sock_writable(void *opaque)
{
    NetSocket *s = opaque;

    if (sock_write_pending(s)) {
        sock_update_handlers(s);
        net_flush_queue(s->nc);
    }
}

static void sock_update_handlers(NetSocket *s)
{
    if (s->fd < 0)
        return;
    s->reading = s->mcast || net_peer_can_receive(s->nc);
    main_loop_set_fd_handler(s->fd, s->reading ? sock_read : NULL, s->out ? sock_writable : NULL, s);
}

static void sock_accept(void *opaque)
{
    NetSocket *s = opaque;
    struct sockaddr_in sa;
    socklen_t salen = sizeof(sa);
    int fd = accept(s->listen_fd, (struct sockaddr *)&sa, &salen);
    char addr[INET_ADDRSTRLEN];

    if (fd < 0)
        return;
    if (s->fd >= 0) {
        close(fd);          /* one peer at a time */
        return;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    s->fd = fd;
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof(addr));
    snprintf(s->nc->info_str, sizeof(s->nc->info_str), "socket: connection from %s:%d", addr,
             ntohs(sa.sin_port));
    sock_update_handlers(s);
}

static ssize_t sock_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    NetSocket *s = nc->opaque;
    uint8_t hdr[4] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len };
    struct iovec iov[2] = { { hdr, 4 }, { (void *)buf, len } };
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2 };
    ssize_t n;

    if (s->fd < 0)
        return (ssize_t)len;            /* no peer yet: dropped, as on a cable */
    if (s->mcast) {
        sendto(s->fd, buf, len, 0, (struct sockaddr *)&s->dgram_dst, sizeof(s->dgram_dst));
        return (ssize_t)len;
    }
    if (s->out)
        return 0;                       /* the previous frame is still going out */
    n = sendmsg(s->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
        sock_close_conn(s, strerror(errno));
        return (ssize_t)len;
    }
    if (n < 0)
        n = 0;
    if ((size_t)n < len + 4) {
        /* Keep the rest of this frame; it goes out before any other. */
        s->out_len = len + 4 - (size_t)n;
        s->out_off = 0;
        if (!(s->out = malloc(s->out_len)))
            return (ssize_t)len;
        for (size_t i = (size_t)n, k = 0; i < len + 4; i++, k++)
            s->out[k] = i < 4 ? hdr[i] : buf[i - 4];
        sock_update_handlers(s);
    }
    return (ssize_t)len;
}

static bool sock_can_receive(NetClientState *nc)
{
    NetSocket *s = nc->opaque;

    return !s->out;
}

static void sock_peer_ready(NetClientState *nc)
{
    NetSocket *s = nc->opaque;

    if (s->fd >= 0 && !s->reading)
        sock_update_handlers(s);
}

static void sock_cleanup(NetClientState *nc)
{
    NetSocket *s = nc->opaque;

    sock_close_conn(s, NULL);
    if (s->listen_fd >= 0) {
        main_loop_set_fd_handler(s->listen_fd, NULL, NULL, NULL);
        close(s->listen_fd);
    }
    free(s->frame);
    free(s);
}

static const NetClientInfo socket_info = {
    .kind = NET_CLIENT_SOCKET,
    .receive = sock_receive,
    .can_receive = sock_can_receive,
    .peer_ready = sock_peer_ready,
    .cleanup = sock_cleanup,
};

static int sock_open_mcast(NetSocket *s, const struct sockaddr_in *group)
{
    struct ip_mreq mreq = { .imr_multiaddr = group->sin_addr, .imr_interface.s_addr = htonl(INADDR_ANY) };
    struct sockaddr_in bind_sa = *group;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), one = 1;
    unsigned char loop = 1;

    if (!IN_MULTICAST(ntohl(group->sin_addr.s_addr)))
        return -EINVAL;
    if (fd < 0)
        return -errno;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(fd, (struct sockaddr *)&bind_sa, sizeof(bind_sa)) < 0 ||
        setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0 ||
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop)) < 0) {
        int e = errno;

        close(fd);
        return -e;
    }
    s->fd = fd;
    s->mcast = true;
    s->dgram_dst = *group;
    return 0;
}

NetClientState *net_socket_new(const NetdevConfig *cfg, NetClientState *peer, const char *name)
{
    NetSocket *s = calloc(1, sizeof(*s));
    const char *addr = cfg->listen ? cfg->listen : cfg->connect ? cfg->connect : cfg->mcast;
    struct sockaddr_in sa;
    int ret, one = 1;

    if (!s || !(s->frame = malloc(NET_FRAME_MAX))) {
        free(s);
        error_report("out of memory");
        return NULL;
    }
    s->fd = s->listen_fd = -1;
    if (parse_host_port(addr, &sa, !cfg->listen) < 0) {
        error_report("invalid host:port '%s'", addr);
        goto fail;
    }
    if (cfg->mcast) {
        if ((ret = sock_open_mcast(s, &sa)) < 0) {
            error_report("cannot join multicast group %s: %s", addr, strerror(-ret));
            goto fail;
        }
    } else if (cfg->listen) {
        s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (s->listen_fd < 0 || setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
            bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s->listen_fd, 1) < 0) {
            error_report("cannot listen on %s: %s", addr, strerror(errno));
            goto fail;
        }
    } else {
        s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s->fd < 0 || connect(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
            error_report("cannot connect to %s: %s", addr, strerror(errno));
            goto fail;
        }
        setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        fcntl(s->fd, F_SETFL, O_NONBLOCK);
    }
    s->nc = net_client_new(&socket_info, peer, "socket", name, s);
    if (!s->nc)
        goto fail;
    if (cfg->mcast)
        snprintf(s->nc->info_str, sizeof(s->nc->info_str), "socket: mcast=%s", addr);
    else
        snprintf(s->nc->info_str, sizeof(s->nc->info_str), "socket: connect to %s", addr);
    if (s->listen_fd >= 0)
        main_loop_set_fd_handler(s->listen_fd, sock_accept, NULL, s);
    sock_update_handlers(s);
    return s->nc;
fail:
    if (s->fd >= 0)
        close(s->fd);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    free(s->frame);
    free(s);
    return NULL;
}
