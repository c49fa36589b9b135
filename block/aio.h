/*
 * Asynchronous block requests for devices (IDE, virtio-blk).
 *
 * A request is queued on its BlockDriverState and run by a small pool of
 * worker threads, which call the synchronous bdrv_* functions (so the
 * format code runs under bs->lock); its completion callback then runs on
 * the main thread, from a bottom half, with the bql held, like every other
 * device callback.
 *
 * Ordering: the requests of one BlockDriverState run one at a time in
 * submission order, so a flush completes only after every write submitted
 * before it has reached the image, and completions of one bs are delivered
 * in submission order. Different disks proceed in parallel.
 *
 * Buffers (and iovec arrays' buffers; the array itself is copied) must stay
 * valid until the callback. Submission needs main_loop_init() done; it
 * returns 0 or -ENOMEM (nothing queued).
 */
#ifndef BLOCK_AIO_H
#define BLOCK_AIO_H

#include <stdint.h>
#include <sys/uio.h>

typedef struct BlockDriverState BlockDriverState;

/* ret: 0, or a negative errno (-EIO for a read past the end, -EPERM read-only...). */
typedef void BlockCompletionFunc(void *opaque, int ret);

int bdrv_aio_preadv(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov,
                    BlockCompletionFunc *cb, void *opaque);
int bdrv_aio_pwritev(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov,
                     BlockCompletionFunc *cb, void *opaque);
int bdrv_aio_flush(BlockDriverState *bs, BlockCompletionFunc *cb, void *opaque);
int bdrv_aio_pdiscard(BlockDriverState *bs, uint64_t off, uint64_t len,
                      BlockCompletionFunc *cb, void *opaque);
int bdrv_aio_pwrite_zeroes(BlockDriverState *bs, uint64_t off, uint64_t len,
                           BlockCompletionFunc *cb, void *opaque);

/*
 * Wait until every request of bs has completed and its callback has run.
 * Main thread, bql held (callbacks run from here). No-op without requests.
 */
void bdrv_aio_drain(BlockDriverState *bs);

/* Requests of bs not yet completed (callback not yet run). */
unsigned bdrv_aio_inflight(BlockDriverState *bs);

/* bdrv_close: forget bs's queue (after a drain). */
void bdrv_aio_detach(BlockDriverState *bs);

#endif
