/*
 * virtio-blk (VIRTIO 1.1 section 5.2): requests are a 16-byte header
 * (type, reserved, sector) in device-readable buffers, data, and a status
 * byte as the last device-writable byte (5.2.6; with ANY_LAYOUT the split
 * between descriptors is free, so the header and status are taken from the
 * byte streams, as QEMU does). Checks and status codes follow QEMU 7.2's
 * hw/block/virtio-blk.c: a range outside the disk or a size that is not a
 * multiple of 512 is VIRTIO_BLK_S_IOERR, an unknown type UNSUPP, a missing
 * header or status byte breaks the device (NEEDS_RESET).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "block/aio.h"
#include "block/block-backend.h"
#include "hw/virtio-blk.h"

#define SECTOR              512u
#define SEG_MAX             (VIRTIO_BLK_QUEUE_SIZE - 2)
#define MAX_DISCARD_SECTORS 4194303u    /* QEMU's BDRV_REQUEST_MAX_SECTORS */
#define MAX_REQUEST_BYTES   (1ull << 31)
#define T_BARRIER           0x80000000u /* legacy flag, ignored */

typedef struct VirtIOBlockReq {
    VirtIOBlock *s;
    VirtQueue *vq;
    VirtQueueElement *elem;
    unsigned generation;
    uint8_t *status;            /* the last device-writable byte */
    uint32_t in_len;
    struct iovec *iov;          /* the data part */
    unsigned niov;
    bool flush_after;           /* write cache off: flush before completing a write */
} VirtIOBlockReq;

static void vblk_free(VirtIOBlockReq *r)
{
    virtqueue_element_free(r->elem);
    free(r->iov);
    free(r);
}

static void vblk_complete(VirtIOBlockReq *r, uint8_t status)
{
    VirtIOBlock *s = r->s;

    s->inflight--;
    if (r->generation != s->generation) {
        /* Reset since: the rings are gone; only account for what the I/O wrote. */
        for (unsigned i = 0; i < r->elem->in_num; i++)
            pci_dma_written(s->vdev.dma, r->elem->in_addr[i], r->elem->in_sg[i].iov_len);
        vblk_free(r);
        return;
    }
    *r->status = status;
    virtqueue_push(r->vq, r->elem, r->in_len);
    virtio_notify(&s->vdev, r->vq);
    vblk_free(r);
}

static void vblk_flush_cb(void *opaque, int ret)
{
    vblk_complete(opaque, ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
}

static void vblk_rw_cb(void *opaque, int ret)
{
    VirtIOBlockReq *r = opaque;

    if (ret >= 0 && r->flush_after && r->generation == r->s->generation &&
        bdrv_aio_flush(r->s->bs, vblk_flush_cb, r) == 0)
        return;
    vblk_complete(r, ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
}

static bool vblk_range_ok(VirtIOBlock *s, uint64_t sector, uint64_t bytes)
{
    if (bytes % SECTOR || bytes > MAX_REQUEST_BYTES)
        return false;
    return sector <= s->capacity && bytes / SECTOR <= s->capacity - sector;
}

/* Copy sg without its first skip bytes and its last trim bytes. */
static int vblk_slice(const struct iovec *sg, unsigned n, size_t skip, size_t trim,
                      struct iovec **out, unsigned *nout)
{
    size_t total = virtio_iov_size(sg, n), end = total - trim, pos = 0;
    struct iovec *v = calloc(n ? n : 1, sizeof(*v));
    unsigned k = 0;

    if (!v)
        return -ENOMEM;
    for (unsigned i = 0; i < n; i++) {
        size_t a = pos, b = pos + sg[i].iov_len;

        pos = b;
        if (a < skip)
            a = skip;
        if (b > end)
            b = end;
        if (a >= b)
            continue;
        v[k].iov_base = (uint8_t *)sg[i].iov_base + (a - (pos - sg[i].iov_len));
        v[k].iov_len = b - a;
        k++;
    }
    *out = v;
    *nout = k;
    return 0;
}

/* DISCARD / WRITE_ZEROES of one segment (5.2.6.2). */
static uint8_t vblk_discard_zeroes(VirtIOBlockReq *r, bool zeroes)
{
    VirtIOBlock *s = r->s;
    uint8_t seg[16];
    uint64_t sector;
    uint32_t num, flags;
    int ret;

    if (virtio_iov_to_buf(r->iov, r->niov, 0, seg, 16) != 16 ||
        virtio_iov_size(r->iov, r->niov) > 16)
        return VIRTIO_BLK_S_UNSUPP;       /* one segment only, as QEMU */
    sector = pci_get_quad(seg);
    num = pci_get_long(seg + 8);
    flags = pci_get_long(seg + 12);
    if ((zeroes && (flags & ~1u)) || (!zeroes && flags))
        return VIRTIO_BLK_S_UNSUPP;
    if (s->readonly || num > MAX_DISCARD_SECTORS ||
        !vblk_range_ok(s, sector, (uint64_t)num * SECTOR))
        return VIRTIO_BLK_S_IOERR;
    ret = zeroes ? bdrv_aio_pwrite_zeroes(s->bs, sector * SECTOR, (uint64_t)num * SECTOR,
                                          vblk_rw_cb, r)
                 : bdrv_aio_pdiscard(s->bs, sector * SECTOR, (uint64_t)num * SECTOR,
                                     vblk_rw_cb, r);
    return ret < 0 ? VIRTIO_BLK_S_IOERR : 0xff;
}

/* Start one request; 0xff means "in flight", anything else completes it now. */
static uint8_t vblk_start(VirtIOBlockReq *r, uint32_t type, uint64_t sector)
{
    VirtIOBlock *s = r->s;
    uint64_t bytes = virtio_iov_size(r->iov, r->niov);
    int ret;

    switch (type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        if (!vblk_range_ok(s, sector, bytes)) {
            /* QEMU counts these as invalid_rd/wr_operations of the drive. */
            blk_account_invalid(s->bs, type == VIRTIO_BLK_T_IN ? BLOCK_ACCT_READ : BLOCK_ACCT_WRITE);
            return VIRTIO_BLK_S_IOERR;
        }
        if (type == VIRTIO_BLK_T_OUT && s->readonly)
            return VIRTIO_BLK_S_IOERR;
        if (type == VIRTIO_BLK_T_IN) {
            ret = bdrv_aio_preadv(s->bs, sector * SECTOR, r->iov, (int)r->niov, vblk_rw_cb, r);
        } else {
            r->flush_after = !s->wce;
            ret = bdrv_aio_pwritev(s->bs, sector * SECTOR, r->iov, (int)r->niov, vblk_rw_cb, r);
        }
        return ret < 0 ? VIRTIO_BLK_S_IOERR : 0xff;
    case VIRTIO_BLK_T_FLUSH:
        return bdrv_aio_flush(s->bs, vblk_flush_cb, r) < 0 ? VIRTIO_BLK_S_IOERR : 0xff;
    case VIRTIO_BLK_T_GET_ID: {
        /* No serial= yet: the empty string, its NUL within 20 bytes (QEMU). */
        static const char serial[] = "";
        size_t n = sizeof(serial) < bytes ? sizeof(serial) : bytes;

        virtio_iov_from_buf(r->iov, r->niov, 0, serial, n < 20 ? n : 20);
        return VIRTIO_BLK_S_OK;
    }
    case VIRTIO_BLK_T_DISCARD:
        if (!virtio_has_feature(&s->vdev, VIRTIO_BLK_F_DISCARD))
            return VIRTIO_BLK_S_UNSUPP;
        return vblk_discard_zeroes(r, false);
    case VIRTIO_BLK_T_WRITE_ZEROES:
        if (!virtio_has_feature(&s->vdev, VIRTIO_BLK_F_WRITE_ZEROES))
            return VIRTIO_BLK_S_UNSUPP;
        return vblk_discard_zeroes(r, true);
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static void vblk_handle_request(VirtIOBlock *s, VirtQueue *vq, VirtQueueElement *e)
{
    VirtIOBlockReq *r = calloc(1, sizeof(*r));
    uint8_t hdr[16];
    uint32_t type;
    struct iovec *last;
    uint8_t status;
    int ret;

    if (!r) {
        virtqueue_push(vq, e, 0);
        virtqueue_element_free(e);
        return;
    }
    r->s = s;
    r->vq = vq;
    r->elem = e;
    r->generation = s->generation;
    if (virtio_iov_to_buf(e->out_sg, e->out_num, 0, hdr, 16) != 16 || !e->in_num) {
        virtio_error(&s->vdev, "virtio-blk missing headers");
        virtqueue_element_free(e);
        free(r);
        return;
    }
    last = &e->in_sg[e->in_num - 1];
    r->status = (uint8_t *)last->iov_base + last->iov_len - 1;
    r->in_len = (uint32_t)virtio_iov_size(e->in_sg, e->in_num);
    type = pci_get_long(hdr) & ~T_BARRIER;
    /* The data: what is writable before the status byte (reads, GET_ID), or
     * what is readable after the header (writes, discard segments). */
    if (type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID)
        ret = vblk_slice(e->in_sg, e->in_num, 0, 1, &r->iov, &r->niov);
    else
        ret = vblk_slice(e->out_sg, e->out_num, 16, 0, &r->iov, &r->niov);
    s->inflight++;
    status = ret < 0 ? VIRTIO_BLK_S_IOERR : vblk_start(r, type, pci_get_quad(hdr + 8));
    if (status != 0xff)
        vblk_complete(r, status);
}

static void vblk_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = vdev->opaque;
    VirtQueueElement *e;

    while (virtqueue_pop(vq, &e) > 0)
        vblk_handle_request(s, vq, e);
}

/* ---- Configuration (5.2.4, struct virtio_blk_config) ---------------------------- */

static void vblk_get_config(VirtIODevice *vdev, uint8_t *c)
{
    VirtIOBlock *s = vdev->opaque;
    uint64_t cyl = s->capacity / (16 * 63);

    memset(c, 0, VIRTIO_BLK_CONFIG_SIZE);
    pci_set_quad(c + 0, s->capacity);
    pci_set_long(c + 12, SEG_MAX);
    /* geometry: QEMU's guess for a disk without a partition table */
    pci_set_word(c + 16, (uint16_t)(cyl > 16383 ? 16383 : cyl < 2 ? 2 : cyl));
    c[18] = 16;
    c[19] = 63;
    pci_set_long(c + 20, SECTOR);
    c[32] = s->wce;
    pci_set_word(c + 34, 1);                    /* num_queues */
    pci_set_long(c + 36, MAX_DISCARD_SECTORS);
    pci_set_long(c + 40, 1);                    /* max_discard_seg */
    pci_set_long(c + 44, 1);                    /* discard_sector_alignment */
    pci_set_long(c + 48, MAX_DISCARD_SECTORS);
    pci_set_long(c + 52, 1);                    /* max_write_zeroes_seg */
    c[56] = 1;                                  /* write_zeroes_may_unmap */
}

static void vblk_set_config(VirtIODevice *vdev, const uint8_t *c)
{
    VirtIOBlock *s = vdev->opaque;

    /* Only "writeback" is writable, and only with CONFIG_WCE (5.2.5). */
    if (virtio_has_feature(vdev, VIRTIO_BLK_F_CONFIG_WCE))
        s->wce = c[32] != 0;
}

static void vblk_reset(VirtIODevice *vdev)
{
    VirtIOBlock *s = vdev->opaque;

    /* Requests in flight cannot be recalled from the workers: their completion is dropped. */
    s->generation++;
    s->wce = true;
}

static const VirtIODeviceOps vblk_ops = {
    .get_config = vblk_get_config,
    .set_config = vblk_set_config,
    .reset = vblk_reset,
};

int virtio_blk_pci_init(VirtIOBlock *s, PCIBus *bus, int devfn, BlockDriverState *bs,
                        bool readonly)
{
    int64_t len = bdrv_getlength(bs);
    int ret;

    memset(s, 0, sizeof(*s));
    if (len < 0)
        return (int)len;
    s->bs = bs;
    s->readonly = readonly || bs->readonly;
    s->capacity = (uint64_t)len / SECTOR;
    s->wce = true;
    ret = virtio_init(&s->vdev, "virtio-blk", 2, VIRTIO_BLK_CONFIG_SIZE, &vblk_ops, s);
    if (ret < 0)
        return ret;
    if (!virtio_add_queue(&s->vdev, VIRTIO_BLK_QUEUE_SIZE, vblk_handle_output))
        return -ENOMEM;
    s->vdev.host_features = 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_GEOMETRY |
                            1ull << VIRTIO_BLK_F_BLK_SIZE | 1ull << VIRTIO_BLK_F_FLUSH |
                            1ull << VIRTIO_BLK_F_TOPOLOGY | 1ull << VIRTIO_BLK_F_CONFIG_WCE |
                            1ull << VIRTIO_BLK_F_DISCARD | 1ull << VIRTIO_BLK_F_WRITE_ZEROES;
    if (s->readonly)
        s->vdev.host_features |= 1ull << VIRTIO_BLK_F_RO;
    /* Class 0100 (SCSI storage), as QEMU's virtio-blk-pci. */
    return virtio_pci_init(&s->proxy, bus, devfn, &s->vdev, 0x0100);
}
