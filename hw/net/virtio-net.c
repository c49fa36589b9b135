/*
 * virtio-net (VIRTIO 1.1 section 5.1): see virtio-net.h. The rings are the
 * virtio core's (hw/virtio.c checks every address); this file checks what
 * the buffers hold: a header that does not fit, a frame over 64 KiB or a
 * bad control command ends in a dropped frame, an error ack or, for a
 * receive buffer too small for the header, a broken device.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "hw/net/nic-common.h"
#include "hw/net/virtio-net.h"
#include "net/checksum.h"
#include "system/log.h"

/* A GSO packet: 64 KiB of IP datagram and its Ethernet (and VLAN) header. */
#define TX_MAX          (65536 + 256)
#define HDR_F_NEEDS_CSUM 1
#define GSO_NONE        0
#define GSO_TCPV4       1
#define GSO_TCPV6       4
#define GSO_ECN         0x80

enum { CTRL_RX = 0, CTRL_MAC = 1, CTRL_VLAN = 2, CTRL_ANNOUNCE = 3, CTRL_MQ = 4 };
enum { CTRL_OK = 0, CTRL_ERR = 1 };

#define vnet_log(...)                                   \
    do {                                                \
        if (log_enabled(LOG_GUEST_ERROR))               \
            log_printf("virtio-net: " __VA_ARGS__);     \
    } while (0)

/* The header before every frame (5.1.6): 12 bytes with num_buffers, 10 without. */
static size_t vnet_hdr_len(VirtIONet *s)
{
    return virtio_has_feature(&s->vdev, VIRTIO_NET_F_MRG_RXBUF) ||
           virtio_has_feature(&s->vdev, VIRTIO_F_VERSION_1) ? 12 : 10;
}

/* ---- Receive (5.1.6.3, 5.1.6.4) ------------------------------------------------------------ */

static bool vnet_rx_has_buffers(VirtIONet *s)
{
    VirtQueue *vq = s->rx;
    uint8_t idx[2];

    if (!vq->ready || s->vdev.broken || !(s->vdev.status & VIRTIO_STATUS_DRIVER_OK))
        return false;
    if (pci_dma_read(s->vdev.dma, vq->avail + 2, idx, 2) < 0)
        return false;
    return pci_get_word(idx) != vq->last_avail_idx;
}

static bool vnet_can_receive(NetClientState *nc)
{
    return vnet_rx_has_buffers(nc->opaque);
}

static bool vnet_rx_accept(VirtIONet *s, const uint8_t *da)
{
    if (s->promisc)
        return true;
    if (nic_is_multicast(da)) {
        if (nic_is_broadcast(da))
            return !s->nobcast;
        if (s->nomulti)
            return false;
        if (s->allmulti || s->multi_overflow)
            return true;
        for (unsigned i = s->n_uni; i < s->n_uni + s->n_multi; i++)
            if (!memcmp(s->macs[i], da, 6))
                return true;
        return false;
    }
    if (s->nouni)
        return false;
    if (s->alluni || s->uni_overflow || !memcmp(s->mac, da, 6))
        return true;
    for (unsigned i = 0; i < s->n_uni; i++)
        if (!memcmp(s->macs[i], da, 6))
            return true;
    return false;
}

/*
 * Return n popped elements to the used ring and publish them with one index
 * update, so that a driver polling the ring never sees the first buffer of a
 * merged frame before the others (virtqueue_push publishes each at once).
 */
static void vnet_push_all(VirtIONet *s, VirtQueueElement **elems, const uint32_t *lens, unsigned n)
{
    VirtQueue *vq = s->rx;
    uint8_t entry[8], idx[2];

    for (unsigned k = 0; k < n; k++) {
        VirtQueueElement *e = elems[k];
        uint32_t left = lens[k];

        for (unsigned i = 0; i < e->in_num && left; i++) {
            uint32_t m = e->in_sg[i].iov_len < left ? (uint32_t)e->in_sg[i].iov_len : left;

            pci_dma_written(s->vdev.dma, e->in_addr[i], m);
            left -= m;
        }
        if (vq->inuse)
            vq->inuse--;
        pci_set_long(entry, e->index);
        pci_set_long(entry + 4, lens[k]);
        if (pci_dma_write(s->vdev.dma, vq->used + 4 + 8ull * ((vq->used_idx + k) % vq->num), entry, 8) < 0) {
            virtio_error(&s->vdev, "used ring outside guest RAM");
            return;
        }
    }
    atomic_thread_fence(memory_order_release);
    vq->used_idx = (uint16_t)(vq->used_idx + n);
    pci_set_word(idx, vq->used_idx);
    if (pci_dma_write(s->vdev.dma, vq->used + 2, idx, 2) < 0)
        virtio_error(&s->vdev, "used ring outside guest RAM");
}

static ssize_t vnet_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    VirtIONet *s = nc->opaque;
    VirtQueueElement *elems[VIRTQUEUE_MAX_SIZE];
    uint32_t lens[VIRTQUEUE_MAX_SIZE];
    bool mrg = virtio_has_feature(&s->vdev, VIRTIO_NET_F_MRG_RXBUF);
    size_t hdr_len = vnet_hdr_len(s), off = 0;
    uint8_t hdr[12] = { 0 };
    unsigned n = 0;

    if (len < 14 || !vnet_rx_accept(s, buf))
        return (ssize_t)len;
    if (!vnet_rx_has_buffers(s))
        return 0;
    while (off < len || n == 0) {
        VirtQueueElement *e;
        size_t room, skip = n == 0 ? hdr_len : 0, take;
        int r = n < VIRTQUEUE_MAX_SIZE ? virtqueue_pop(s->rx, &e) : 0;

        if (r <= 0) {
            /* Out of buffers mid-frame: give them back and wait (or the ring broke). */
            for (unsigned k = 0; k < n; k++)
                virtqueue_element_free(elems[k]);
            s->rx->last_avail_idx = (uint16_t)(s->rx->last_avail_idx - n);
            s->rx->inuse -= n < s->rx->inuse ? n : s->rx->inuse;
            return r < 0 ? (ssize_t)len : 0;
        }
        room = virtio_iov_size(e->in_sg, e->in_num);
        if (room < skip) {
            virtio_error(&s->vdev, "receive buffer too small for the header");
            virtqueue_element_free(e);
            for (unsigned k = 0; k < n; k++)
                virtqueue_element_free(elems[k]);
            return (ssize_t)len;
        }
        take = room - skip < len - off ? room - skip : len - off;
        virtio_iov_from_buf(e->in_sg, e->in_num, skip, buf + off, take);
        off += take;
        elems[n] = e;
        lens[n++] = (uint32_t)(skip + take);
        if (!mrg)
            break;          /* one buffer a frame: the rest is cut (the driver sized it) */
    }
    if (mrg)
        pci_set_word(hdr + 10, (uint16_t)n);
    virtio_iov_from_buf(elems[0]->in_sg, elems[0]->in_num, 0, hdr, hdr_len);
    vnet_push_all(s, elems, lens, n);
    for (unsigned k = 0; k < n; k++)
        virtqueue_element_free(elems[k]);
    virtio_notify(&s->vdev, s->rx);
    return (ssize_t)len;
}

static void vnet_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *s = vdev->opaque;

    /* New buffers: what waited in the queue can come in. */
    net_flush_queue(s->nc);
}

/* ---- Transmit (5.1.6.2) ------------------------------------------------------------------- */

static void vnet_emit(void *opaque, const uint8_t *frame, size_t len)
{
    VirtIONet *s = opaque;

    net_send(s->nc, frame, len);
}

static void vnet_tx_one(VirtIONet *s, VirtQueueElement *e)
{
    size_t hdr_len = vnet_hdr_len(s), total = virtio_iov_size(e->out_sg, e->out_num), len;
    uint8_t hdr[12];
    uint8_t *f = s->txbuf;
    size_t l3 = 14;
    unsigned gso;

    if (total < hdr_len + 14 || total - hdr_len > TX_MAX) {
        vnet_log("transmit of %zu bytes dropped\n", total);
        return;
    }
    virtio_iov_to_buf(e->out_sg, e->out_num, 0, hdr, hdr_len);
    len = virtio_iov_to_buf(e->out_sg, e->out_num, hdr_len, f, total - hdr_len);
    gso = hdr[1] & (uint8_t)~GSO_ECN;
    if (f[12] == 0x81 && f[13] == 0x00)
        l3 = 18;                                    /* 802.1Q tagged */
    if (gso == GSO_TCPV4 || gso == GSO_TCPV6) {
        uint16_t mss = pci_get_word(hdr + 4), cstart = pci_get_word(hdr + 6);

        if (net_tcp_segment(f, len, l3, cstart, gso == GSO_TCPV6, mss, vnet_emit, s) < 0)
            vnet_log("GSO packet with bad headers dropped\n");
        return;
    }
    if (gso != GSO_NONE) {
        vnet_log("GSO type %u not offered, packet dropped\n", gso);
        return;
    }
    if (hdr[0] & HDR_F_NEEDS_CSUM) {
        size_t start = pci_get_word(hdr + 6), put = start + pci_get_word(hdr + 8);

        net_csum_fill(f, len, start, len, put);
    }
    net_send(s->nc, f, len);
}

static void vnet_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *s = vdev->opaque;
    VirtQueueElement *e;
    unsigned budget = VIRTQUEUE_MAX_SIZE;

    while (budget-- && virtqueue_pop(vq, &e) > 0) {
        vnet_tx_one(s, e);
        virtqueue_push(vq, e, 0);
        virtqueue_element_free(e);
    }
    virtio_notify(vdev, vq);
}

/* ---- Control queue (5.1.6.5) ---------------------------------------------------------------- */

static uint8_t vnet_ctrl_mac_table(VirtIONet *s, const uint8_t *d, size_t len)
{
    uint32_t nu, nm;
    size_t off = 0;

    if (len < 4 || (nu = pci_get_long(d)) > (len - 4) / 6)
        return CTRL_ERR;
    off = 4 + (size_t)nu * 6;
    if (len - off < 4 || (nm = pci_get_long(d + off)) > (len - off - 4) / 6 ||
        len != off + 4 + (size_t)nm * 6)
        return CTRL_ERR;
    s->n_uni = s->n_multi = 0;
    s->uni_overflow = nu > VIRTIO_NET_MAC_TABLE;
    if (!s->uni_overflow) {
        memcpy(s->macs, d + 4, (size_t)nu * 6);
        s->n_uni = nu;
    }
    s->multi_overflow = nm > VIRTIO_NET_MAC_TABLE - s->n_uni;
    if (!s->multi_overflow) {
        memcpy(s->macs[s->n_uni], d + off + 4, (size_t)nm * 6);
        s->n_multi = nm;
    }
    return CTRL_OK;
}

static uint8_t vnet_ctrl(VirtIONet *s, uint8_t cls, uint8_t cmd, const uint8_t *d, size_t len)
{
    bool *modes[] = { &s->promisc, &s->allmulti, &s->alluni, &s->nomulti, &s->nouni, &s->nobcast };

    switch (cls) {
    case CTRL_RX:
        if (cmd >= 6 || len != 1)
            return CTRL_ERR;
        *modes[cmd] = d[0] != 0;
        return CTRL_OK;
    case CTRL_MAC:
        if (cmd == 0)
            return vnet_ctrl_mac_table(s, d, len);
        if (cmd == 1 && len == 6) {
            memcpy(s->mac, d, 6);
            return CTRL_OK;
        }
        return CTRL_ERR;
    case CTRL_VLAN:
    case CTRL_ANNOUNCE:
        return CTRL_OK;         /* no VLAN filter: every tag passes */
    case CTRL_MQ:
        return len == 2 && pci_get_word(d) == 1 ? CTRL_OK : CTRL_ERR;
    default:
        return CTRL_ERR;
    }
}

static void vnet_handle_ctrl(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *s = vdev->opaque;
    VirtQueueElement *e;
    uint8_t cmd[4096];

    while (virtqueue_pop(vq, &e) > 0) {
        size_t len = virtio_iov_size(e->out_sg, e->out_num);
        uint8_t status = CTRL_ERR;

        if (virtio_iov_size(e->in_sg, e->in_num) < 1 || len < 2) {
            virtio_error(vdev, "control command without header or status");
            virtqueue_element_free(e);
            return;
        }
        if (len <= sizeof(cmd)) {
            virtio_iov_to_buf(e->out_sg, e->out_num, 0, cmd, len);
            status = vnet_ctrl(s, cmd[0], cmd[1], cmd + 2, len - 2);
        }
        virtio_iov_from_buf(e->in_sg, e->in_num, 0, &status, 1);
        virtqueue_push(vq, e, 1);
        virtqueue_element_free(e);
    }
    virtio_notify(vdev, vq);
}

/* ---- Configuration (5.1.4) and life cycle -------------------------------------------------- */

static void vnet_get_config(VirtIODevice *vdev, uint8_t *c)
{
    VirtIONet *s = vdev->opaque;

    memcpy(c, s->mac, 6);
    pci_set_word(c + 6, s->nc && s->nc->link_down ? 0 : 1);     /* VIRTIO_NET_S_LINK_UP */
    pci_set_word(c + 8, 1);
}

static void vnet_set_config(VirtIODevice *vdev, const uint8_t *c)
{
    VirtIONet *s = vdev->opaque;

    /* Legacy drivers without CTRL_MAC_ADDR set the address here (5.1.4.2). */
    if (!virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_MAC_ADDR) &&
        !virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
        memcpy(s->mac, c, 6);
}

static void vnet_reset(VirtIODevice *vdev)
{
    VirtIONet *s = vdev->opaque;

    /* QEMU's power-on receive mode: promiscuous until the driver says otherwise. */
    s->promisc = true;
    s->allmulti = s->alluni = s->nomulti = s->nouni = s->nobcast = false;
    s->n_uni = s->n_multi = 0;
    s->uni_overflow = s->multi_overflow = false;
    memcpy(s->mac, s->conf_mac, 6);
    if (s->nc)
        net_purge_queue(s->nc);
}

static void vnet_link_status_changed(NetClientState *nc)
{
    VirtIONet *s = nc->opaque;

    if (s->vdev.status & VIRTIO_STATUS_DRIVER_OK)
        virtio_notify_config(&s->vdev);
}

static const VirtIODeviceOps vnet_ops = {
    .get_config = vnet_get_config,
    .set_config = vnet_set_config,
    .reset = vnet_reset,
};

static const NetClientInfo vnet_net_info = {
    .kind = NET_CLIENT_NIC,
    .receive = vnet_receive,
    .can_receive = vnet_can_receive,
    .link_status_changed = vnet_link_status_changed,
};

int virtio_net_pci_init(VirtIONet *s, PCIBus *bus, int devfn, NetClientState *peer,
                        const char *name, const uint8_t mac[6], const char *rom)
{
    int ret;

    memset(s, 0, sizeof(*s));
    memcpy(s->mac, mac, 6);
    memcpy(s->conf_mac, mac, 6);
    s->promisc = true;
    if (!(s->txbuf = malloc(TX_MAX)))
        return -ENOMEM;
    ret = virtio_init(&s->vdev, "virtio-net", 1, VIRTIO_NET_CONFIG_SIZE, &vnet_ops, s);
    if (ret < 0)
        return ret;
    s->rx = virtio_add_queue(&s->vdev, VIRTIO_NET_QUEUE_SIZE, vnet_handle_rx);
    s->tx = virtio_add_queue(&s->vdev, VIRTIO_NET_QUEUE_SIZE, vnet_handle_tx);
    s->ctrl = virtio_add_queue(&s->vdev, 64, vnet_handle_ctrl);
    if (!s->rx || !s->tx || !s->ctrl)
        return -ENOMEM;
    s->vdev.host_features = 1ull << VIRTIO_NET_F_CSUM | 1ull << VIRTIO_NET_F_MAC |
                            1ull << VIRTIO_NET_F_HOST_TSO4 | 1ull << VIRTIO_NET_F_HOST_TSO6 |
                            1ull << VIRTIO_NET_F_MRG_RXBUF | 1ull << VIRTIO_NET_F_STATUS |
                            1ull << VIRTIO_NET_F_CTRL_VQ | 1ull << VIRTIO_NET_F_CTRL_RX |
                            1ull << VIRTIO_NET_F_CTRL_MAC_ADDR;
    /* Class 0200 (Ethernet), as QEMU's virtio-net-pci. */
    ret = virtio_pci_init(&s->proxy, bus, devfn, &s->vdev, 0x0200);
    if (ret < 0)
        return ret;
    if (rom && nic_load_rom(&s->proxy.pci, &s->rom, rom) < 0)
        rom = NULL;
    s->nc = net_nic_new(&vnet_net_info, peer, "virtio-net-pci", name, mac, s);
    return s->nc ? 0 : -ENOMEM;
}
