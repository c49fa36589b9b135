/*
 * -netdev tap: a Linux tap device (Documentation/networking/tuntap.rst).
 *   ifname=NAME   the interface (default: the kernel's next "tapN")
 *   fd=N          an already open tap fd (from a management tool)
 *   script=FILE   run as "FILE IFNAME" once the interface exists (default
 *                 /etc/qemu-ifup), downscript= at exit (/etc/qemu-ifdown),
 *                 as QEMU calls them; "no" for none
 *   vnet_hdr=on   frames carry a struct virtio_net_hdr (VIRTIO 1.1 5.1.6);
 *                 default: on when the kernel offers it
 * The NICs hand the core plain frames (they finish offloads themselves), so
 * the header written is all zeros; a frame the kernel hands up with
 * NEEDS_CSUM or a TCP GSO type is completed or cut here (net/checksum.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/checksum.h"
#include "net/clients.h"
#include "system/error.h"
#include "system/log.h"
#include "system/main-loop.h"

#define VNET_HDR_LEN    10

typedef struct NetTap {
    NetClientState *nc;
    int fd;
    bool vnet_hdr;
    bool reading;
    char ifname[IFNAMSIZ];
    int watcher_fd;             /* closing it runs the down script, -1 none */
    uint8_t *buf;               /* VNET_HDR_LEN + NET_FRAME_MAX */
} NetTap;

/* Run "script ifname" and wait for it, as QEMU's launch_script. */
static int tap_run_script(const char *script, const char *ifname)
{
    pid_t pid = fork();
    int status;

    if (pid < 0)
        return -errno;
    if (pid == 0) {
        char *argv[] = { (char *)script, (char *)ifname, NULL };

        execv(script, argv);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -errno;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        error_report("network script %s failed with status %d", script, status);
        return -EIO;
    }
    return 0;
}

static void tap_update_handler(NetTap *s);
/*
 * The down script runs when the process ends, however it ends (Vireo leaves
 * with _exit, or may be killed): a small watcher process forked at start
 * waits for the end of a pipe only this process holds, then execs "script
 * ifname" with the tap fd still open, so the interface exists while the
 * script runs, as with QEMU. Only async-signal-safe calls after the fork.
 */
static int tap_downscript_watcher(const char *script, const char *ifname, int tapfd)
{
    int p[2];
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -errno;
    pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -errno;
    }
    if (pid == 0) {
        char *argv[] = { (char *)script, (char *)ifname, NULL };
        char c;

        for (int fd = 3; fd < 1024; fd++)
            if (fd != p[0] && fd != tapfd)
                close(fd);
        while (read(p[0], &c, 1) != 0)
            ;
        fcntl(tapfd, F_SETFD, 0);
        execv(script, argv);
        _exit(127);
    }
    close(p[0]);
    return p[1];
}

static void tap_emit(void *opaque, const uint8_t *frame, size_t len)
{
    net_send(((NetTap *)opaque)->nc, frame, len);
}

static void tap_read(void *opaque)
{
    NetTap *s = opaque;

    for (int rounds = 0; rounds < 64 && net_peer_can_receive(s->nc); rounds++) {
        ssize_t n = read(s->fd, s->buf, VNET_HDR_LEN + NET_FRAME_MAX);
        const uint8_t *h = s->buf, *f = s->buf + (s->vnet_hdr ? VNET_HDR_LEN : 0);
        size_t len;

        if (n <= 0)
            break;
        if (!s->vnet_hdr) {
            net_send(s->nc, s->buf, (size_t)n);
            continue;
        }
        if ((size_t)n < VNET_HDR_LEN)
            continue;
        len = (size_t)n - VNET_HDR_LEN;
        if ((h[1] & 0x7f) == 1 || (h[1] & 0x7f) == 4) {     /* GSO TCPv4 / TCPv6 */
            size_t l3 = f[12] == 0x81 && f[13] == 0 ? 18 : 14;

            net_tcp_segment(f, len, l3, (size_t)(h[6] | h[7] << 8), (h[1] & 0x7f) == 4,
                            (unsigned)(h[4] | h[5] << 8), tap_emit, s);
            continue;
        }
        if (h[0] & 1) {                                     /* NEEDS_CSUM */
            size_t start = (size_t)(h[6] | h[7] << 8);

            net_csum_fill((uint8_t *)f, len, start, len, start + (size_t)(h[8] | h[9] << 8));
        }
        net_send(s->nc, f, len);
    }
    tap_update_handler(s);
}

static void tap_update_handler(NetTap *s)
{
    s->reading = net_peer_can_receive(s->nc) || !s->nc->peer;
    main_loop_set_fd_handler(s->fd, s->reading ? tap_read : NULL, NULL, s);
}

static ssize_t tap_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    NetTap *s = nc->opaque;
    uint8_t hdr[VNET_HDR_LEN] = { 0 };
    struct iovec iov[2] = { { hdr, VNET_HDR_LEN }, { (void *)buf, len } };
    ssize_t n = s->vnet_hdr ? writev(s->fd, iov, 2) : write(s->fd, buf, len);

    /* A full tap queue drops, as a switch port would: TCP retransmits. */
    if (n < 0 && errno != EAGAIN && log_enabled(LOG_GUEST_ERROR))
        log_printf("tap %s: write: %s\n", s->ifname, strerror(errno));
    return (ssize_t)len;
}

static void tap_peer_ready(NetClientState *nc)
{
    NetTap *s = nc->opaque;

    if (!s->reading)
        tap_update_handler(s);
}

static void tap_cleanup(NetClientState *nc)
{
    NetTap *s = nc->opaque;

    main_loop_set_fd_handler(s->fd, NULL, NULL, NULL);
    if (s->watcher_fd >= 0)
        close(s->watcher_fd);
    close(s->fd);
    free(s->buf);
    free(s);
}

static const NetClientInfo tap_info = {
    .kind = NET_CLIENT_TAP,
    .receive = tap_receive,
    .peer_ready = tap_peer_ready,
    .cleanup = tap_cleanup,
};

static int tap_open(const NetdevConfig *cfg, NetTap *s)
{
    struct ifreq ifr = { 0 };
    unsigned features = 0;
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        error_report("could not open /dev/net/tun: %s", strerror(errno));
        return -errno;
    }
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ioctl(fd, TUNGETFEATURES, &features) == 0 && (features & IFF_VNET_HDR) && cfg->vnet_hdr != 0)
        ifr.ifr_flags |= IFF_VNET_HDR;
    else if (cfg->vnet_hdr == 1) {
        error_report("vnet_hdr=1 requested, but no kernel support for IFF_VNET_HDR available");
        close(fd);
        return -ENOTSUP;
    }
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", cfg->ifname ? cfg->ifname : "tap%d");
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int e = errno;

        error_report("could not configure /dev/net/tun (%s): %s", ifr.ifr_name, strerror(e));
        close(fd);
        return -e;
    }
    s->vnet_hdr = ifr.ifr_flags & IFF_VNET_HDR;
    snprintf(s->ifname, sizeof(s->ifname), "%s", ifr.ifr_name);
    return fd;
}

NetClientState *net_tap_new(const NetdevConfig *cfg, NetClientState *peer, const char *name)
{
    NetTap *s = calloc(1, sizeof(*s));
    int ret;

    if (!s || !(s->buf = malloc(VNET_HDR_LEN + NET_FRAME_MAX))) {
        free(s);
        error_report("out of memory");
        return NULL;
    }
    s->watcher_fd = -1;
    if (cfg->fd >= 0) {
        struct ifreq ifr = { 0 };

        s->fd = cfg->fd;
        if (ioctl(s->fd, TUNGETIFF, &ifr) < 0) {
            error_report("fd=%d is not a tap device: %s", cfg->fd, strerror(errno));
            goto fail;
        }
        s->vnet_hdr = ifr.ifr_flags & IFF_VNET_HDR;
        snprintf(s->ifname, sizeof(s->ifname), "%s", ifr.ifr_name);
    } else {
        if ((s->fd = tap_open(cfg, s)) < 0)
            goto fail;
        if (cfg->script && tap_run_script(cfg->script, s->ifname) < 0) {
            close(s->fd);
            goto fail;
        }
        if (cfg->downscript &&
            (s->watcher_fd = tap_downscript_watcher(cfg->downscript, s->ifname, s->fd)) < 0) {
            error_report("cannot arrange for the down script %s: %s", cfg->downscript,
                         strerror(-s->watcher_fd));
            close(s->fd);
            goto fail;
        }
    }
    fcntl(s->fd, F_SETFL, O_NONBLOCK);
    if (s->vnet_hdr && (ret = VNET_HDR_LEN, ioctl(s->fd, TUNSETVNETHDRSZ, &ret) < 0)) {
        error_report("cannot set the vnet header size of %s: %s", s->ifname, strerror(errno));
        goto fail_fd;
    }
    s->nc = net_client_new(&tap_info, peer, "tap", name, s);
    if (!s->nc)
        goto fail_fd;
    if (cfg->fd >= 0)
        snprintf(s->nc->info_str, sizeof(s->nc->info_str), "fd=%d", cfg->fd);
    else
        snprintf(s->nc->info_str, sizeof(s->nc->info_str), "ifname=%s,script=%s,downscript=%s",
                 s->ifname, cfg->script ? cfg->script : "no", cfg->downscript ? cfg->downscript : "no");
    tap_update_handler(s);
    return s->nc;
fail_fd:
    if (s->watcher_fd >= 0)
        close(s->watcher_fd);
    if (cfg->fd < 0)
        close(s->fd);
fail:
    free(s->buf);
    free(s);
    return NULL;
}
