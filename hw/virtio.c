/*
 * The virtio core: status and features (VIRTIO 1.1 sections 2.1-2.2, 3.1),
 * the configuration space (2.4) and split virtqueues (2.6): popping
 * descriptor chains (direct and indirect, 2.6.5.3), the used ring, and
 * interrupt suppression with and without VIRTIO_F_EVENT_IDX (2.6.7).
 * The order of ring accesses and fences follows QEMU's hw/virtio/virtio.c.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "hw/virtio.h"
#include "system/log.h"

/* ---- Guest memory --------------------------------------------------------- */

static int vring_ld16(VirtQueue *vq, uint64_t addr, uint16_t *v)
{
    uint8_t b[2];

    if (pci_dma_read(vq->vdev->dma, addr, b, 2) < 0)
        return -EFAULT;
    *v = (uint16_t)(b[0] | b[1] << 8);
    return 0;
}

static int vring_st16(VirtQueue *vq, uint64_t addr, uint16_t v)
{
    uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

    return pci_dma_write(vq->vdev->dma, addr, b, 2);
}

/* The split ring's fields (2.6.6 available ring, 2.6.8 used ring). */
static uint64_t avail_idx_addr(VirtQueue *vq) { return vq->avail + 2; }
static uint64_t avail_ring_addr(VirtQueue *vq, unsigned i) { return vq->avail + 4 + 2 * i; }
static uint64_t used_event_addr(VirtQueue *vq) { return vq->avail + 4 + 2 * vq->num; }
static uint64_t used_idx_addr(VirtQueue *vq) { return vq->used + 2; }
static uint64_t used_ring_addr(VirtQueue *vq, unsigned i) { return vq->used + 4 + 8 * i; }
static uint64_t avail_event_addr(VirtQueue *vq) { return vq->used + 4 + 8 * vq->num; }

/* ---- Device ------------------------------------------------------------- */

int virtio_init(VirtIODevice *vdev, const char *name, uint16_t device_id, uint32_t config_len,
                const VirtIODeviceOps *ops, void *opaque)
{
    memset(vdev, 0, sizeof(*vdev));
    vdev->name = name;
    vdev->device_id = device_id;
    vdev->ops = ops;
    vdev->opaque = opaque;
    vdev->config_len = config_len;
    vdev->config = calloc(1, config_len ? config_len : 1);
    vdev->config_vector = VIRTIO_NO_VECTOR;
    return vdev->config ? 0 : -ENOMEM;
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint16_t num_max, VirtIOHandleOutput *handler)
{
    VirtQueue *vq;

    if (vdev->nvq >= VIRTIO_QUEUE_MAX || !num_max || num_max > VIRTQUEUE_MAX_SIZE)
        return NULL;
    vq = &vdev->vq[vdev->nvq];
    memset(vq, 0, sizeof(*vq));
    vq->vdev = vdev;
    vq->index = vdev->nvq++;
    vq->num_max = num_max;
    vq->num = num_max;
    vq->vector = VIRTIO_NO_VECTOR;
    vq->handle_output = handler;
    return vq;
}

static void virtio_queue_reset(VirtQueue *vq)
{
    vq->num = vq->num_max;
    vq->ready = false;
    vq->desc = vq->avail = vq->used = 0;
    vq->last_avail_idx = vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->vector = VIRTIO_NO_VECTOR;
    vq->inuse = 0;
}

void virtio_reset(VirtIODevice *vdev)
{
    if (vdev->ops->reset)
        vdev->ops->reset(vdev);
    vdev->status = 0;
    vdev->isr = 0;
    vdev->guest_features = 0;
    vdev->queue_sel = 0;
    vdev->config_vector = VIRTIO_NO_VECTOR;
    vdev->broken = false;
    for (unsigned i = 0; i < vdev->nvq; i++)
        virtio_queue_reset(&vdev->vq[i]);
}

void virtio_set_features(VirtIODevice *vdev, uint64_t val)
{
    /* Features are fixed once FEATURES_OK is set (3.1.1 step 5). */
    if (vdev->status & VIRTIO_STATUS_FEATURES_OK)
        return;
    vdev->guest_features = val & vdev->host_features;
}

void virtio_set_status(VirtIODevice *vdev, uint8_t val)
{
    if (val == 0) {
        virtio_reset(vdev);
        return;
    }
    /* The features were masked when written, so FEATURES_OK always holds;
     * NEEDS_RESET is the device's to set (2.1). */
    vdev->status = (uint8_t)((val & ~VIRTIO_STATUS_NEEDS_RESET) |
                             (vdev->status & VIRTIO_STATUS_NEEDS_RESET));
}

void virtio_queue_set_pfn(VirtQueue *vq, uint32_t pfn)
{
    /* Legacy layout (4.1.4.8 "Legacy Interfaces"): the descriptors, then the
     * available ring, then the used ring at the next 4 KiB boundary. */
    uint64_t pa = (uint64_t)pfn << 12;

    vq->desc = pa;
    vq->avail = pa + 16ull * vq->num;
    vq->used = (vq->avail + 4 + 2ull * vq->num + 2 + 4095) & ~4095ull;
    vq->ready = pfn != 0;
}

void virtio_error(VirtIODevice *vdev, const char *what)
{
    if (log_enabled(LOG_GUEST_ERROR))
        log_printf("%s: %s\n", vdev->name, what);
    vdev->broken = true;
    if (virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        vdev->status |= VIRTIO_STATUS_NEEDS_RESET;
        virtio_notify_config(vdev);
    }
}

/* ---- Interrupts (2.6.7 "Used Buffer Notification Suppression") ------------- */

static void virtio_irq(VirtIODevice *vdev, uint8_t isr, uint16_t vector)
{
    vdev->isr |= isr;
    if (vdev->notify)
        vdev->notify(vdev, vector);
}

/* (u16)(new - event - 1) < (u16)(new - old): the event index was passed. */
static bool vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

static bool virtio_should_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    uint16_t flags, event, old, avail;
    bool valid;

    /* The used entries must be visible before the event index is read. */
    atomic_thread_fence(memory_order_seq_cst);
    if (virtio_has_feature(vdev, VIRTIO_F_NOTIFY_ON_EMPTY) && !vq->inuse &&
        vring_ld16(vq, avail_idx_addr(vq), &avail) == 0 && avail == vq->last_avail_idx)
        return true;
    if (!virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX))
        return vring_ld16(vq, vq->avail, &flags) < 0 || !(flags & VRING_AVAIL_F_NO_INTERRUPT);
    valid = vq->signalled_used_valid;
    vq->signalled_used_valid = true;
    old = vq->signalled_used;
    vq->signalled_used = vq->used_idx;
    if (vring_ld16(vq, used_event_addr(vq), &event) < 0)
        return true;
    return !valid || vring_need_event(event, vq->used_idx, old);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (!virtio_should_notify(vdev, vq))
        return;
    virtio_irq(vdev, 1, vq->vector);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    if (!(vdev->status & VIRTIO_STATUS_DRIVER_OK))
        return;
    vdev->generation++;
    virtio_irq(vdev, 3, vdev->config_vector);     /* both ISR bits, as QEMU */
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned n)
{
    VirtQueue *vq;

    if (n >= vdev->nvq) {
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("%s: notify of queue %u, which does not exist\n", vdev->name, n);
        return;
    }
    vq = &vdev->vq[n];
    if (vdev->broken || !vq->ready || !vq->handle_output)
        return;
    vq->handle_output(vdev, vq);
}

/* ---- Popping a chain (2.6.5 descriptor table, 2.6.5.3 indirect) ------------ */

typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} VRingDesc;

static int vring_read_desc(VirtQueue *vq, uint64_t table, unsigned i, VRingDesc *d)
{
    uint8_t b[16];

    if (pci_dma_read(vq->vdev->dma, table + 16ull * i, b, 16) < 0)
        return -EFAULT;
    d->addr = pci_get_quad(b);
    d->len = pci_get_long(b + 8);
    d->flags = pci_get_word(b + 12);
    d->next = pci_get_word(b + 14);
    return 0;
}

typedef struct SgList {
    struct iovec *iov;
    uint64_t *addr;
    unsigned n;
} SgList;

/* Map one descriptor's buffer, split where guest RAM is not contiguous. */
static const char *vring_map(VirtQueue *vq, SgList *sg, uint64_t addr, uint32_t len, bool write)
{
    uint64_t left = len;

    if (!len)
        return "zero sized buffers are not allowed";
    while (left) {
        uint64_t n = left;
        void *p = pci_dma_map(vq->vdev->dma, addr, &n, write);

        if (!p)
            return "descriptor buffer outside guest RAM";
        if (sg->n >= VIRTQUEUE_MAX_SIZE)
            return "descriptor chain too long";
        sg->iov[sg->n] = (struct iovec){ p, (size_t)n };
        sg->addr[sg->n] = addr;
        sg->n++;
        addr += n;
        left -= n;
    }
    return NULL;
}

static VirtQueueElement *elem_alloc(void)
{
    VirtQueueElement *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    e->out_sg = calloc(VIRTQUEUE_MAX_SIZE, sizeof(struct iovec));
    e->in_sg = calloc(VIRTQUEUE_MAX_SIZE, sizeof(struct iovec));
    e->out_addr = calloc(VIRTQUEUE_MAX_SIZE, sizeof(uint64_t));
    e->in_addr = calloc(VIRTQUEUE_MAX_SIZE, sizeof(uint64_t));
    if (!e->out_sg || !e->in_sg || !e->out_addr || !e->in_addr) {
        virtqueue_element_free(e);
        return NULL;
    }
    return e;
}

void virtqueue_element_free(VirtQueueElement *e)
{
    if (!e)
        return;
    free(e->out_sg);
    free(e->in_sg);
    free(e->out_addr);
    free(e->in_addr);
    free(e);
}

/* Walk the chain from head; NULL or what is wrong with it. */
static const char *vring_walk(VirtQueue *vq, unsigned head, VirtQueueElement *e)
{
    SgList out = { e->out_sg, e->out_addr, 0 }, in = { e->in_sg, e->in_addr, 0 };
    uint64_t table = vq->desc;
    unsigned max = vq->num, i = head, seen = 0;
    bool indirect = false;
    VRingDesc d;
    const char *err;

    if (vring_read_desc(vq, table, i, &d) < 0)
        return "descriptor table outside guest RAM";
    if (d.flags & VRING_DESC_F_INDIRECT) {
        if (!virtio_has_feature(vq->vdev, VIRTIO_F_INDIRECT_DESC))
            return "indirect descriptor without VIRTIO_F_INDIRECT_DESC";
        if (d.flags & VRING_DESC_F_NEXT)
            return "indirect descriptor with NEXT set";
        if (!d.len || d.len % 16 || d.len / 16 > VIRTQUEUE_MAX_SIZE)
            return "invalid size for an indirect descriptor table";
        table = d.addr;
        max = d.len / 16;
        i = 0;
        indirect = true;
        if (vring_read_desc(vq, table, i, &d) < 0)
            return "indirect table outside guest RAM";
    }
    for (;;) {
        /* A chain longer than its table must loop (2.6.5: the driver MUST NOT create one). */
        if (++seen > max)
            return "looped descriptor chain";
        if (d.flags & VRING_DESC_F_INDIRECT)
            return indirect ? "nested indirect descriptor" : "indirect descriptor in a chain";
        if (d.flags & VRING_DESC_F_WRITE) {
            err = vring_map(vq, &in, d.addr, d.len, true);
        } else {
            /* Device-readable buffers come first (2.6.4.2). */
            if (in.n)
                return "device-readable descriptor after a writable one";
            err = vring_map(vq, &out, d.addr, d.len, false);
        }
        if (err)
            return err;
        if (!(d.flags & VRING_DESC_F_NEXT))
            break;
        i = d.next;
        if (i >= max)
            return "descriptor index past the table";
        if (vring_read_desc(vq, table, i, &d) < 0)
            return "descriptor table outside guest RAM";
    }
    e->index = head;
    e->out_num = out.n;
    e->in_num = in.n;
    return NULL;
}

int virtqueue_pop(VirtQueue *vq, VirtQueueElement **out)
{
    VirtIODevice *vdev = vq->vdev;
    VirtQueueElement *e;
    uint16_t avail, head;
    const char *err;

    *out = NULL;
    if (vdev->broken || !vq->ready || !vq->num)
        return 0;
    if (vring_ld16(vq, avail_idx_addr(vq), &avail) < 0) {
        virtio_error(vdev, "available ring outside guest RAM");
        return -EINVAL;
    }
    if ((uint16_t)(avail - vq->last_avail_idx) > vq->num) {
        virtio_error(vdev, "guest moved the available index past the queue size");
        return -EINVAL;
    }
    if (avail == vq->last_avail_idx)
        return 0;
    /* The ring entry is read after the index that published it. */
    atomic_thread_fence(memory_order_acquire);
    if (vring_ld16(vq, avail_ring_addr(vq, vq->last_avail_idx % vq->num), &head) < 0) {
        virtio_error(vdev, "available ring outside guest RAM");
        return -EINVAL;
    }
    if (head >= vq->num) {
        virtio_error(vdev, "available ring entry past the queue size");
        return -EINVAL;
    }
    e = elem_alloc();
    if (!e)
        return 0;
    err = vring_walk(vq, head, e);
    if (err) {
        virtqueue_element_free(e);
        virtio_error(vdev, err);
        return -EINVAL;
    }
    vq->last_avail_idx++;
    /* Ask for a kick on the next buffer the driver adds (2.6.7.2, event idx). */
    if (virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX))
        vring_st16(vq, avail_event_addr(vq), vq->last_avail_idx);
    vq->inuse++;
    *out = e;
    return 1;
}

void virtqueue_push(VirtQueue *vq, VirtQueueElement *e, uint32_t len)
{
    VirtIODevice *vdev = vq->vdev;
    uint8_t entry[8];
    uint32_t left = len;

    /* What the device wrote into guest RAM through the mapping. */
    for (unsigned i = 0; i < e->in_num && left; i++) {
        uint32_t n = e->in_sg[i].iov_len < left ? (uint32_t)e->in_sg[i].iov_len : left;

        pci_dma_written(vdev->dma, e->in_addr[i], n);
        left -= n;
    }
    if (vq->inuse)
        vq->inuse--;
    if (vdev->broken || !vq->ready)
        return;
    pci_set_long(entry, e->index);
    pci_set_long(entry + 4, len);
    if (pci_dma_write(vdev->dma, used_ring_addr(vq, vq->used_idx % vq->num), entry, 8) < 0) {
        virtio_error(vdev, "used ring outside guest RAM");
        return;
    }
    /* The entry is visible before the index that publishes it. */
    atomic_thread_fence(memory_order_release);
    vq->used_idx++;
    if (vring_st16(vq, used_idx_addr(vq), vq->used_idx) < 0)
        virtio_error(vdev, "used ring outside guest RAM");
}

/* ---- Configuration space (2.4) ------------------------------------------------- */

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    uint32_t v = 0;

    if (size > 4 || addr > vdev->config_len || size > vdev->config_len - addr)
        return UINT32_MAX;
    if (vdev->ops->get_config)
        vdev->ops->get_config(vdev, vdev->config);
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)vdev->config[addr + i] << (8 * i);
    return v;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t val, unsigned size)
{
    if (size > 4 || addr > vdev->config_len || size > vdev->config_len - addr)
        return;
    if (vdev->ops->get_config)
        vdev->ops->get_config(vdev, vdev->config);
    for (unsigned i = 0; i < size; i++)
        vdev->config[addr + i] = (uint8_t)(val >> (8 * i));
    if (vdev->ops->set_config)
        vdev->ops->set_config(vdev, vdev->config);
}

/* ---- Scatter lists -------------------------------------------------------------- */

size_t virtio_iov_size(const struct iovec *iov, unsigned n)
{
    size_t s = 0;

    for (unsigned i = 0; i < n; i++)
        s += iov[i].iov_len;
    return s;
}

static size_t iov_copy(const struct iovec *iov, unsigned n, size_t off, void *buf, size_t len,
                       bool to_iov)
{
    size_t done = 0;

    for (unsigned i = 0; i < n && done < len; i++) {
        size_t l = iov[i].iov_len, c;

        if (off >= l) {
            off -= l;
            continue;
        }
        c = l - off < len - done ? l - off : len - done;
        if (to_iov)
            memcpy((uint8_t *)iov[i].iov_base + off, (uint8_t *)buf + done, c);
        else
            memcpy((uint8_t *)buf + done, (uint8_t *)iov[i].iov_base + off, c);
        done += c;
        off = 0;
    }
    return done;
}

size_t virtio_iov_to_buf(const struct iovec *iov, unsigned n, size_t off, void *buf, size_t len)
{
    return iov_copy(iov, n, off, buf, len, false);
}

size_t virtio_iov_from_buf(const struct iovec *iov, unsigned n, size_t off, const void *buf,
                           size_t len)
{
    return iov_copy(iov, n, off, (void *)buf, len, true);
}
