/*
 * virtio-blk (VIRTIO 1.1 section 5.2) on the PCI transport, as QEMU 7.2's
 * virtio-blk-pci: one request queue of 256 entries, seg_max 254, 512-byte
 * blocks, write cache on (CONFIG_WCE), FLUSH, DISCARD and WRITE_ZEROES of
 * one segment, GET_ID, read-only images flagged RO. Requests go to the
 * image through block/aio.h straight from and into guest RAM.
 */
#ifndef VIREO_HW_VIRTIO_BLK_H
#define VIREO_HW_VIRTIO_BLK_H

#include "block/block.h"
#include "hw/virtio-pci.h"

/* Request types and status (5.2.6) */
enum {
    VIRTIO_BLK_T_IN = 0,
    VIRTIO_BLK_T_OUT = 1,
    VIRTIO_BLK_T_FLUSH = 4,
    VIRTIO_BLK_T_GET_ID = 8,
    VIRTIO_BLK_T_DISCARD = 11,
    VIRTIO_BLK_T_WRITE_ZEROES = 13,
    VIRTIO_BLK_S_OK = 0,
    VIRTIO_BLK_S_IOERR = 1,
    VIRTIO_BLK_S_UNSUPP = 2,
};

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SEG_MAX        2
#define VIRTIO_BLK_F_GEOMETRY       4
#define VIRTIO_BLK_F_RO             5
#define VIRTIO_BLK_F_BLK_SIZE       6
#define VIRTIO_BLK_F_FLUSH          9
#define VIRTIO_BLK_F_TOPOLOGY       10
#define VIRTIO_BLK_F_CONFIG_WCE     11
#define VIRTIO_BLK_F_DISCARD        13
#define VIRTIO_BLK_F_WRITE_ZEROES   14

#define VIRTIO_BLK_QUEUE_SIZE       256
#define VIRTIO_BLK_CONFIG_SIZE      60

typedef struct VirtIOBlock {
    VirtIODevice vdev;
    VirtIOPCIProxy proxy;
    BlockDriverState *bs;
    bool readonly;
    bool wce;                   /* write cache enabled (config "writeback") */
    uint64_t capacity;          /* 512-byte sectors */
    unsigned generation;        /* bumped by reset: completions of older requests are dropped */
    unsigned inflight;
} VirtIOBlock;

/* Create the device for bs at devfn. 0 or a negative errno. */
int virtio_blk_pci_init(VirtIOBlock *s, PCIBus *bus, int devfn, BlockDriverState *bs,
                        bool readonly);

#endif
