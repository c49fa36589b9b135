/*
 * -net user / -netdev user: libslirp (never a hand-written TCP/IP stack).
 * The guest's frames go into slirp_input(); slirp's frames come out through
 * send_packet into the NIC's queue.
 *
 * The main loop knows only fd handlers, so each stack keeps the fd set
 * slirp asked for in its last slirp_pollfds_fill() registered there: an
 * event on any of them schedules the stack's bottom half, which polls that
 * set without waiting for the revents, lets slirp_pollfds_poll() act on
 * them, and registers the new set. A realtime timer at slirp's timeout does
 * the same for its TCP timers; a frame from the guest does it too, since it
 * may open a socket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <slirp/libslirp.h>

#include "net/clients.h"
#include "system/clock.h"
#include "system/error.h"
#include "system/log.h"
#include "system/main-loop.h"

typedef struct SlirpPollFd {
    int fd;
    int events;                 /* SLIRP_POLL_* */
    int revents;
} SlirpPollFd;

typedef struct NetSlirp {
    NetClientState *nc;
    Slirp *slirp;
    SlirpPollFd *fds;
    size_t nfds, cap;
    BH *poll_bh;
    Timer poll_timer;
    struct in_addr dhcp_start;  /* where hostfwd_add's guest address defaults to */
    struct NetSlirp *next;
} NetSlirp;

typedef struct SlirpTimer {
    Timer t;
    SlirpTimerId id;
    void *cb_opaque;
    NetSlirp *s;
} SlirpTimer;

static NetSlirp *stacks;

/* ---- Callbacks from slirp -------------------------------------------------------------- */

static ssize_t slirp_cb_send(const void *buf, size_t len, void *opaque)
{
    NetSlirp *s = opaque;

    net_send(s->nc, buf, len);
    return (ssize_t)len;
}

static void slirp_cb_guest_error(const char *msg, void *opaque)
{
    if (log_enabled(LOG_GUEST_ERROR))
        log_printf("slirp: %s\n", msg);
}

static int64_t slirp_cb_clock(void *opaque)
{
    return clock_get_ns(VCLOCK_VIRTUAL);
}

static void slirp_timer_fire(void *opaque)
{
    SlirpTimer *t = opaque;

    slirp_handle_timer(t->s->slirp, t->id, t->cb_opaque);
    bh_schedule(t->s->poll_bh);
}

static void *slirp_cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    SlirpTimer *t = calloc(1, sizeof(*t));

    if (!t)
        abort();        /* slirp has no way to hear of the failure */
    t->id = id;
    t->cb_opaque = cb_opaque;
    t->s = opaque;
    timer_init(&t->t, VCLOCK_VIRTUAL, slirp_timer_fire, t);
    return t;
}

static void slirp_cb_timer_free(void *timer, void *opaque)
{
    SlirpTimer *t = timer;

    timer_del(&t->t);
    free(t);
}

static void slirp_cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    SlirpTimer *t = timer;

    timer_mod(&t->t, expire_ms * 1000000);
}

static void slirp_cb_fd_nop(int fd, void *opaque) { }

static void slirp_cb_notify(void *opaque)
{
    bh_schedule(((NetSlirp *)opaque)->poll_bh);
}

static const SlirpCb slirp_callbacks = {
    .send_packet = slirp_cb_send,
    .guest_error = slirp_cb_guest_error,
    .clock_get_ns = slirp_cb_clock,
    .timer_free = slirp_cb_timer_free,
    .timer_mod = slirp_cb_timer_mod,
    .register_poll_fd = slirp_cb_fd_nop,
    .unregister_poll_fd = slirp_cb_fd_nop,
    .notify = slirp_cb_notify,
    .timer_new_opaque = slirp_cb_timer_new_opaque,
};

/* ---- Polling through the main loop ----------------------------------------------------- */

static void slirp_fd_event(void *opaque)
{
    bh_schedule(((NetSlirp *)opaque)->poll_bh);
}

static int slirp_add_poll(int fd, int events, void *opaque)
{
    NetSlirp *s = opaque;

    if (s->nfds == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        SlirpPollFd *n = realloc(s->fds, cap * sizeof(*n));

        if (!n)
            abort();
        s->fds = n;
        s->cap = cap;
    }
    s->fds[s->nfds] = (SlirpPollFd){ .fd = fd, .events = events };
    return (int)s->nfds++;
}

static int slirp_get_revents(int idx, void *opaque)
{
    NetSlirp *s = opaque;

    return idx >= 0 && (size_t)idx < s->nfds ? s->fds[idx].revents : 0;
}

/* Register what slirp wants watched now, and wake up at its timeout. */
static void slirp_refill(NetSlirp *s)
{
    uint32_t timeout = UINT32_MAX;

    for (size_t i = 0; i < s->nfds; i++)
        main_loop_set_fd_handler(s->fds[i].fd, NULL, NULL, NULL);
    s->nfds = 0;
    slirp_pollfds_fill(s->slirp, &timeout, slirp_add_poll, s);
    for (size_t i = 0; i < s->nfds; i++) {
        int ev = s->fds[i].events;

        main_loop_set_fd_handler(s->fds[i].fd,
                                 ev & (SLIRP_POLL_IN | SLIRP_POLL_PRI) ? slirp_fd_event : NULL,
                                 ev & SLIRP_POLL_OUT ? slirp_fd_event : NULL, s);
    }
    if (timeout != UINT32_MAX)
        timer_mod(&s->poll_timer, clock_get_ns(VCLOCK_REALTIME) + (int64_t)timeout * 1000000);
    else
        timer_del(&s->poll_timer);
}

static void slirp_poll_now(void *opaque)
{
    NetSlirp *s = opaque;
    struct pollfd stack_pfd[64], *pfd = stack_pfd;
    int r = 0;

    if (s->nfds > 64 && !(pfd = malloc(s->nfds * sizeof(*pfd))))
        abort();
    for (size_t i = 0; i < s->nfds; i++) {
        int ev = s->fds[i].events;

        pfd[i] = (struct pollfd){
            .fd = s->fds[i].fd,
            .events = (ev & SLIRP_POLL_IN ? POLLIN : 0) | (ev & SLIRP_POLL_OUT ? POLLOUT : 0) |
                      (ev & SLIRP_POLL_PRI ? POLLPRI : 0),
        };
    }
    if (s->nfds)
        r = poll(pfd, s->nfds, 0);
    for (size_t i = 0; i < s->nfds; i++) {
        short re = r > 0 ? pfd[i].revents : 0;

        s->fds[i].revents = (re & POLLIN ? SLIRP_POLL_IN : 0) | (re & POLLOUT ? SLIRP_POLL_OUT : 0) |
                            (re & POLLPRI ? SLIRP_POLL_PRI : 0) | (re & POLLERR ? SLIRP_POLL_ERR : 0) |
                            (re & POLLHUP ? SLIRP_POLL_HUP : 0);
    }
    if (pfd != stack_pfd)
        free(pfd);
    slirp_pollfds_poll(s->slirp, r < 0, slirp_get_revents, s);
    slirp_refill(s);
}

/* ---- The client ------------------------------------------------------------------------ */

static ssize_t slirp_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    NetSlirp *s = nc->opaque;

    slirp_input(s->slirp, buf, (int)len);
    bh_schedule(s->poll_bh);
    return (ssize_t)len;
}

static void slirp_client_cleanup(NetClientState *nc)
{
    NetSlirp *s = nc->opaque;

    for (NetSlirp **p = &stacks; *p; p = &(*p)->next) {
        if (*p == s) {
            *p = s->next;
            break;
        }
    }
    for (size_t i = 0; i < s->nfds; i++)
        main_loop_set_fd_handler(s->fds[i].fd, NULL, NULL, NULL);
    timer_del(&s->poll_timer);
    slirp_cleanup(s->slirp);
    bh_delete(s->poll_bh);
    free(s->fds);
    free(s);
}

static const NetClientInfo slirp_info = {
    .kind = NET_CLIENT_USER,
    .receive = slirp_receive,
    .cleanup = slirp_client_cleanup,
};

static struct in_addr in4(uint32_t host_order)
{
    return (struct in_addr){ .s_addr = htonl(host_order) };
}

NetClientState *net_slirp_new(const NetdevConfig *cfg, NetClientState *peer, const char *name)
{
    SlirpConfig sc = {
        .version = 4,
        .restricted = cfg->restricted,
        .in_enabled = true,
        .vnetwork = in4(cfg->net),
        .vnetmask = in4(cfg->mask),
        .vhost = in4(cfg->host),
        .tftp_path = cfg->tftp,
        .bootfile = cfg->bootfile,
        .vdhcp_start = in4(cfg->dhcpstart),
        .vnameserver = in4(cfg->dns),
    };
    NetSlirp *s = calloc(1, sizeof(*s));
    char net[INET_ADDRSTRLEN];
    struct in_addr a = in4(cfg->net);

    if (!s || !(s->poll_bh = bh_new(slirp_poll_now, s))) {
        free(s);
        error_report("out of memory");
        return NULL;
    }
    timer_init(&s->poll_timer, VCLOCK_REALTIME, slirp_poll_now, s);
    s->dhcp_start = sc.vdhcp_start;
    s->slirp = slirp_new(&sc, &slirp_callbacks, s);
    if (!s->slirp) {
        error_report("cannot start user networking (libslirp refused the configuration)");
        goto fail;
    }
    s->nc = net_client_new(&slirp_info, peer, "user", name, s);
    if (!s->nc) {
        slirp_cleanup(s->slirp);
        goto fail;
    }
    inet_ntop(AF_INET, &a, net, sizeof(net));
    snprintf(s->nc->info_str, sizeof(s->nc->info_str), "net=%s,restrict=%s", net,
             cfg->restricted ? "on" : "off");
    s->next = stacks;
    stacks = s;
    for (unsigned i = 0; i < cfg->n_hostfwd; i++) {
        const HostFwd *f = &cfg->hostfwd[i];

        if (slirp_add_hostfwd(s->slirp, f->udp, in4(f->host_addr), f->host_port,
                              in4(f->guest_addr), f->guest_port) < 0) {
            error_report("could not set up host forwarding rule '%s:%d-:%d'", f->udp ? "udp" : "tcp",
                         f->host_port, f->guest_port);
            net_client_free(s->nc);
            return NULL;
        }
    }
    slirp_refill(s);
    return s->nc;
fail:
    bh_delete(s->poll_bh);
    free(s);
    return NULL;
}

/* ---- Monitor: hostfwd_add / hostfwd_remove --------------------------------------------- */

static NetSlirp *slirp_lookup(const char *name, FILE *out)
{
    if (name) {
        NetClientState *nc = net_find_client(name);

        if (!nc) {
            fprintf(out, "unrecognized netdev id '%s'\n", name);
            return NULL;
        }
        if (nc->info != &slirp_info) {
            fprintf(out, "invalid device specified\n");
            return NULL;
        }
        return nc->opaque;
    }
    if (!stacks) {
        fprintf(out, "user mode network stack not in use\n");
        return NULL;
    }
    /* The first -net user, as QEMU's list. */
    NetSlirp *s = stacks;

    while (s->next)
        s = s->next;
    return s;
}

/* "[tcp|udp]:[ADDR]:PORT" at *p (the '-' or end after it left in *p). */
static int parse_fwd_end(char **p, int *udp, struct in_addr *addr, int *port, bool proto)
{
    char *s = *p, *colon, *end;
    long v;

    if (proto) {
        if (!(colon = strchr(s, ':')))
            return -1;
        *colon = '\0';
        if (!strcmp(s, "udp"))
            *udp = 1;
        else if (*s && strcmp(s, "tcp"))
            return -1;
        s = colon + 1;
    }
    if (!(colon = strchr(s, ':')))
        return -1;
    *colon = '\0';
    addr->s_addr = INADDR_ANY;
    if (*s && !inet_aton(s, addr))
        return -1;
    s = colon + 1;
    v = strtol(s, &end, 0);
    if (end == s || v < 0 || v > 65535)
        return -1;
    *port = (int)v;
    *p = end;
    return 0;
}

int net_slirp_hostfwd_add(const char *name, const char *rule, FILE *out)
{
    NetSlirp *s = slirp_lookup(name, out);
    char buf[256], *p = buf;
    int udp = 0, hport, gport;
    struct in_addr haddr, gaddr;

    if (!s)
        return -ENOENT;
    snprintf(buf, sizeof(buf), "%s", rule);
    if (parse_fwd_end(&p, &udp, &haddr, &hport, true) < 0 || *p++ != '-' ||
        parse_fwd_end(&p, &udp, &gaddr, &gport, false) < 0 || *p || gport < 1) {
        fprintf(out, "Error: Invalid host forwarding rule '%s' (bad syntax)\n", rule);
        return -EINVAL;
    }
    if (gaddr.s_addr == INADDR_ANY) {
        /* The guest's address defaults to the first DHCP address: net + 15. */
        gaddr = s->dhcp_start;
    }
    if (slirp_add_hostfwd(s->slirp, udp, haddr, hport, gaddr, gport) < 0) {
        fprintf(out, "Error: Could not set up host forwarding rule '%s'\n", rule);
        return -EINVAL;
    }
    slirp_refill(s);
    return 0;
}

int net_slirp_hostfwd_remove(const char *name, const char *rule, FILE *out)
{
    NetSlirp *s = slirp_lookup(name, out);
    char buf[256], *p = buf;
    int udp = 0, hport;
    struct in_addr haddr;

    if (!s)
        return -ENOENT;
    snprintf(buf, sizeof(buf), "%s", rule);
    if (parse_fwd_end(&p, &udp, &haddr, &hport, true) < 0 || *p) {
        fprintf(out, "invalid format\n");
        return -EINVAL;
    }
    if (slirp_remove_hostfwd(s->slirp, udp, haddr, hport) < 0) {
        fprintf(out, "host forwarding rule for %s not found\n", rule);
        return -ENOENT;
    }
    fprintf(out, "host forwarding rule for %s removed\n", rule);
    slirp_refill(s);
    return 0;
}
