/*
 * virtio-net (VIRTIO 1.1 section 5.1) on the PCI transport, as QEMU 7.2's
 * virtio-net-pci with one queue pair: receive, transmit and control queues
 * of 256 entries; MAC, STATUS (link), MRG_RXBUF, CSUM with HOST_TSO4/6
 * (the device finishes checksums and cuts TSO packets itself, so back ends
 * get plain frames), CTRL_VQ with CTRL_RX (rx modes), the MAC table and
 * CTRL_MAC_ADDR.
 */
#ifndef VIREO_HW_NET_VIRTIO_NET_H
#define VIREO_HW_NET_VIRTIO_NET_H

#include "hw/virtio-pci.h"
#include "net/net.h"

/* Feature bits (5.1.3) */
#define VIRTIO_NET_F_CSUM           0
#define VIRTIO_NET_F_GUEST_CSUM     1
#define VIRTIO_NET_F_MAC            5
#define VIRTIO_NET_F_HOST_TSO4      11
#define VIRTIO_NET_F_HOST_TSO6      12
#define VIRTIO_NET_F_MRG_RXBUF      15
#define VIRTIO_NET_F_STATUS         16
#define VIRTIO_NET_F_CTRL_VQ        17
#define VIRTIO_NET_F_CTRL_RX        18
#define VIRTIO_NET_F_CTRL_MAC_ADDR  23

#define VIRTIO_NET_QUEUE_SIZE       256
#define VIRTIO_NET_MAC_TABLE        64      /* QEMU's MAC_TABLE_ENTRIES */
#define VIRTIO_NET_CONFIG_SIZE      10      /* mac, status, max_virtqueue_pairs */

typedef struct VirtIONet {
    VirtIODevice vdev;
    VirtIOPCIProxy proxy;
    NetClientState *nc;
    MemoryRegion rom;
    uint8_t mac[6], conf_mac[6];
    VirtQueue *rx, *tx, *ctrl;
    /* Receive modes (5.1.6.5.1) and the MAC table (5.1.6.5.2) */
    bool promisc, allmulti, alluni, nomulti, nouni, nobcast;
    uint8_t macs[VIRTIO_NET_MAC_TABLE][6];
    unsigned n_uni, n_multi;            /* unicast entries first */
    bool uni_overflow, multi_overflow;
    uint8_t *txbuf;
} VirtIONet;

/* Create the device at devfn on bus, joined to peer (may be NULL). 0 or a negative errno. */
int virtio_net_pci_init(VirtIONet *s, PCIBus *bus, int devfn, NetClientState *peer,
                        const char *name, const uint8_t mac[6], const char *rom);

#endif
