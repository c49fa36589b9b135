/*
 * The virtio device core, transport-independent: device status, feature
 * negotiation, the configuration space, and split virtqueues with indirect
 * descriptors and VIRTIO_F_EVENT_IDX (Virtual I/O Device (VIRTIO) Version
 * 1.1, sections 2.1-2.7). A device (virtio-blk, later virtio-net) fills a
 * VirtIODeviceOps and a handler per queue; a transport (virtio-pci.c)
 * carries the registers and delivers the interrupts.
 *
 * Guest-side safety: every ring, descriptor and buffer address goes
 * through pci_dma_map/read/write (guest RAM only); a malformed ring (an
 * index past the queue, a descriptor loop, nested or badly sized indirect
 * tables, a buffer outside RAM, a zero-length buffer) marks the device
 * broken: it stops processing and, once VERSION_1 is negotiated, sets
 * DEVICE_NEEDS_RESET and raises a configuration interrupt (2.1.1).
 *
 * Everything runs under the bql.
 */
#ifndef VIREO_HW_VIRTIO_H
#define VIREO_HW_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "hw/pci.h"

/* Device status (2.1) */
enum {
    VIRTIO_STATUS_ACKNOWLEDGE = 1,
    VIRTIO_STATUS_DRIVER = 2,
    VIRTIO_STATUS_DRIVER_OK = 4,
    VIRTIO_STATUS_FEATURES_OK = 8,
    VIRTIO_STATUS_NEEDS_RESET = 0x40,
    VIRTIO_STATUS_FAILED = 0x80,
};

/* Reserved feature bits (6) */
#define VIRTIO_F_NOTIFY_ON_EMPTY    24
#define VIRTIO_F_ANY_LAYOUT         27
#define VIRTIO_F_INDIRECT_DESC      28
#define VIRTIO_F_EVENT_IDX          29
#define VIRTIO_F_VERSION_1          32

/* Split virtqueue descriptor flags (2.6.5) and ring flags (2.6.6, 2.6.8) */
enum {
    VRING_DESC_F_NEXT = 1,
    VRING_DESC_F_WRITE = 2,
    VRING_DESC_F_INDIRECT = 4,
    VRING_AVAIL_F_NO_INTERRUPT = 1,
    VRING_USED_F_NO_NOTIFY = 1,
};

#define VIRTIO_QUEUE_MAX        8
#define VIRTQUEUE_MAX_SIZE      1024    /* largest queue and longest chain, QEMU's */
#define VIRTIO_NO_VECTOR        0xffff

typedef struct VirtIODevice VirtIODevice;
typedef struct VirtQueue VirtQueue;

/* A popped descriptor chain: device-readable (out) then device-writable (in) buffers. */
typedef struct VirtQueueElement {
    unsigned index;             /* head descriptor */
    unsigned out_num, in_num;
    struct iovec *out_sg, *in_sg;
    uint64_t *out_addr, *in_addr;   /* guest address of each entry */
} VirtQueueElement;

typedef void VirtIOHandleOutput(VirtIODevice *vdev, VirtQueue *vq);

struct VirtQueue {
    VirtIODevice *vdev;
    unsigned index;
    uint16_t num, num_max;
    bool ready;                 /* modern queue_enable, or a legacy PFN set */
    uint64_t desc, avail, used;
    uint16_t last_avail_idx, used_idx;
    uint16_t signalled_used;
    bool signalled_used_valid;
    uint16_t vector;            /* MSI-X vector, or VIRTIO_NO_VECTOR */
    unsigned inuse;             /* popped, not yet pushed */
    VirtIOHandleOutput *handle_output;
};

typedef struct VirtIODeviceOps {
    /* Fill vdev->config from the device state (before a guest read). */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    /* The guest wrote vdev->config. */
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* Device reset (status 0, PCI reset): forget requests in flight. */
    void (*reset)(VirtIODevice *vdev);
} VirtIODeviceOps;

struct VirtIODevice {
    const char *name;
    uint16_t device_id;         /* 2 block, 1 network (5) */
    uint8_t status, isr;
    uint64_t host_features, guest_features;
    uint16_t queue_sel;
    uint16_t config_vector;
    uint8_t generation;
    bool broken;
    uint8_t *config;
    uint32_t config_len;
    VirtQueue vq[VIRTIO_QUEUE_MAX];
    unsigned nvq;
    const VirtIODeviceOps *ops;
    void *opaque;               /* the device's state */
    PCIDevice *dma;             /* whose bus-master access reaches guest RAM */
    /* The transport's interrupt: isr already updated; vector for MSI-X. */
    void (*notify)(VirtIODevice *vdev, uint16_t vector);
    void *transport;
};

/* 0 or -ENOMEM. config_len bytes of device configuration. */
int virtio_init(VirtIODevice *vdev, const char *name, uint16_t device_id, uint32_t config_len,
                const VirtIODeviceOps *ops, void *opaque);
VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint16_t num_max, VirtIOHandleOutput *handler);
void virtio_reset(VirtIODevice *vdev);
/* A status write: 0 resets; FEATURES_OK is refused (left clear) for bad features. */
void virtio_set_status(VirtIODevice *vdev, uint8_t val);
/* Driver features, masked by what the device offers. */
void virtio_set_features(VirtIODevice *vdev, uint64_t val);
static inline bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return (vdev->guest_features >> bit) & 1;
}

/* The guest kicked queue n. */
void virtio_queue_notify(VirtIODevice *vdev, unsigned n);
/* Legacy ring placement from a page frame number (legacy 4.1.4.8): 0 resets. */
void virtio_queue_set_pfn(VirtQueue *vq, uint32_t pfn);

/*
 * Take the next available chain. 1 with *out set (free it with
 * virtqueue_element_free after virtqueue_push), 0 if the ring is empty or
 * the device broken, -EINVAL after a malformed ring (device now broken).
 */
int virtqueue_pop(VirtQueue *vq, VirtQueueElement **out);
/* Return elem to the used ring, len bytes written into its in buffers. */
void virtqueue_push(VirtQueue *vq, VirtQueueElement *elem, uint32_t len);
void virtqueue_element_free(VirtQueueElement *elem);
/* Interrupt the driver for vq unless it asked not to be (2.6.7, event idx). */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
void virtio_notify_config(VirtIODevice *vdev);
/* The guest broke the protocol: log it and stop (NEEDS_RESET for 1.x drivers). */
void virtio_error(VirtIODevice *vdev, const char *what);

/* Device configuration access for transports: bounds-checked, little-endian. */
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, unsigned size);
void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t val, unsigned size);

/* Copy between a scatter list and a flat buffer, from byte off; returns bytes moved. */
size_t virtio_iov_to_buf(const struct iovec *iov, unsigned n, size_t off, void *buf, size_t len);
size_t virtio_iov_from_buf(const struct iovec *iov, unsigned n, size_t off, const void *buf, size_t len);
size_t virtio_iov_size(const struct iovec *iov, unsigned n);

#endif
