/*
 * The worker pool behind the asynchronous block requests. See aio.h.
 *
 * Each BlockDriverState has a FIFO of pending requests. A queue with work
 * and no worker on it sits on the ready list; a worker takes the queue,
 * runs its first request with the synchronous bdrv_* call, puts the
 * finished request on the done list and the queue back on the ready list
 * if more is pending. One bottom half drains the done list on the main
 * thread, calling the callbacks.
 */
#include "block/aio.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "block/block-backend.h"
#include "block/block.h"
#include "system/clock.h"
#include "system/main-loop.h"

enum { AIO_MAX_THREADS = 4 };

typedef enum { AIO_READ, AIO_WRITE, AIO_FLUSH, AIO_DISCARD, AIO_ZEROES } AioType;

typedef struct AioReq {
    struct AioReq *next;
    BlockAioQueue *q;
    AioType type;
    uint64_t off, len;
    struct iovec *iov;
    int niov;
    BlockCompletionFunc *cb;
    void *opaque;
    int ret;
    int64_t start_ns;           /* submission, for the drive's accounting */
} AioReq;

struct BlockAioQueue {
    BlockDriverState *bs;
    AioReq *head, *tail;        /* pending, in submission order */
    bool busy;                  /* a worker is running one of them */
    bool on_ready;
    BlockAioQueue *next_ready;
    unsigned inflight;          /* submitted and callback not yet run */
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static BlockAioQueue *ready_head, *ready_tail;
static AioReq *done_head, *done_tail;
static bool defer_pending;
static unsigned nthreads, idle_threads;

static void ready_push(BlockAioQueue *q)
{
    q->on_ready = true;
    q->next_ready = NULL;
    if (ready_tail)
        ready_tail->next_ready = q;
    else
        ready_head = q;
    ready_tail = q;
}

static int run_request(AioReq *r)
{
    BlockDriverState *bs = r->q->bs;

    switch (r->type) {
    case AIO_READ: return bdrv_preadv(bs, r->off, r->iov, r->niov);
    case AIO_WRITE: return bdrv_pwritev(bs, r->off, r->iov, r->niov);
    case AIO_FLUSH: return bdrv_flush(bs);
    case AIO_DISCARD: return bdrv_pdiscard(bs, r->off, r->len);
    case AIO_ZEROES: return bdrv_pwrite_zeroes(bs, r->off, r->len);
    }
    return -EINVAL;
}

/* The drive's counters (block-backend.h), as the completion is delivered. */
static void account(const AioReq *r)
{
    static const BlockAcctType types[] = {
        [AIO_READ] = BLOCK_ACCT_READ, [AIO_WRITE] = BLOCK_ACCT_WRITE, [AIO_FLUSH] = BLOCK_ACCT_FLUSH,
        [AIO_DISCARD] = BLOCK_ACCT_UNMAP, [AIO_ZEROES] = BLOCK_ACCT_WRITE,
    };
    uint64_t bytes = r->len;

    if (!r->q->bs->stats)
        return;
    if (r->type == AIO_READ || r->type == AIO_WRITE) {
        bytes = 0;
        for (int i = 0; i < r->niov; i++)
            bytes += r->iov[i].iov_len;
    }
    blk_account_done(r->q->bs, types[r->type], r->off, bytes, r->ret, r->start_ns);
}

/* Main thread, bql held: deliver every finished request. */
static void complete_all(void *unused)
{
    AioReq *list;

    pthread_mutex_lock(&pool_lock);
    list = done_head;
    done_head = done_tail = NULL;
    defer_pending = false;
    pthread_mutex_unlock(&pool_lock);
    while (list) {
        AioReq *r = list;

        list = r->next;
        pthread_mutex_lock(&pool_lock);
        r->q->inflight--;
        pthread_mutex_unlock(&pool_lock);
        account(r);
        r->cb(r->opaque, r->ret);
        free(r->iov);
        free(r);
    }
    pthread_mutex_lock(&pool_lock);
    pthread_cond_broadcast(&done_cond);
    pthread_mutex_unlock(&pool_lock);
}

static void *worker(void *unused)
{
    pthread_mutex_lock(&pool_lock);
    for (;;) {
        BlockAioQueue *q;
        AioReq *r;
        bool need_defer;

        while (!ready_head) {
            idle_threads++;
            pthread_cond_wait(&work_cond, &pool_lock);
            idle_threads--;
        }
        q = ready_head;
        ready_head = q->next_ready;
        if (!ready_head)
            ready_tail = NULL;
        q->on_ready = false;
        r = q->head;
        q->head = r->next;
        if (!q->head)
            q->tail = NULL;
        q->busy = true;
        pthread_mutex_unlock(&pool_lock);

        r->ret = run_request(r);

        pthread_mutex_lock(&pool_lock);
        q->busy = false;
        if (q->head)
            ready_push(q);
        r->next = NULL;
        if (done_tail)
            done_tail->next = r;
        else
            done_head = r;
        done_tail = r;
        need_defer = !defer_pending;
        defer_pending = true;
        pthread_cond_broadcast(&done_cond);
        pthread_mutex_unlock(&pool_lock);
        /* If this fails (no memory) a drain or the next completion delivers it. */
        if (need_defer && main_loop_defer(complete_all, NULL) < 0) {
            pthread_mutex_lock(&pool_lock);
            defer_pending = false;
            pthread_mutex_unlock(&pool_lock);
        }
        pthread_mutex_lock(&pool_lock);
    }
    return NULL;
}

/* pool_lock held. A thread per busy disk, up to AIO_MAX_THREADS. */
static void maybe_spawn_worker(void)
{
    pthread_t t;
    pthread_attr_t attr;

    if (idle_threads > 0 || nthreads >= AIO_MAX_THREADS)
        return;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, worker, NULL) == 0)
        nthreads++;
    pthread_attr_destroy(&attr);
}

static int submit(BlockDriverState *bs, AioType type, uint64_t off, uint64_t len,
                  const struct iovec *iov, int niov, BlockCompletionFunc *cb, void *opaque)
{
    AioReq *r = calloc(1, sizeof(*r));
    BlockAioQueue *q;

    if (!r)
        return -ENOMEM;
    if (niov > 0) {
        r->iov = malloc(sizeof(*iov) * (size_t)niov);
        if (!r->iov) {
            free(r);
            return -ENOMEM;
        }
        memcpy(r->iov, iov, sizeof(*iov) * (size_t)niov);
    }
    r->type = type;
    r->off = off;
    r->len = len;
    r->niov = niov;
    r->cb = cb;
    r->opaque = opaque;
    r->start_ns = bs->stats ? clock_get_ns(VCLOCK_REALTIME) : 0;

    pthread_mutex_lock(&pool_lock);
    if (!bs->aio) {
        bs->aio = calloc(1, sizeof(*bs->aio));
        if (!bs->aio) {
            pthread_mutex_unlock(&pool_lock);
            free(r->iov);
            free(r);
            return -ENOMEM;
        }
        bs->aio->bs = bs;
    }
    q = bs->aio;
    r->q = q;
    if (q->tail)
        q->tail->next = r;
    else
        q->head = r;
    q->tail = r;
    q->inflight++;
    if (!q->busy && !q->on_ready)
        ready_push(q);
    maybe_spawn_worker();
    pthread_cond_signal(&work_cond);
    pthread_mutex_unlock(&pool_lock);
    return 0;
}

int bdrv_aio_preadv(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov,
                    BlockCompletionFunc *cb, void *opaque)
{
    return submit(bs, AIO_READ, off, 0, iov, niov, cb, opaque);
}

int bdrv_aio_pwritev(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov,
                     BlockCompletionFunc *cb, void *opaque)
{
    return submit(bs, AIO_WRITE, off, 0, iov, niov, cb, opaque);
}

int bdrv_aio_flush(BlockDriverState *bs, BlockCompletionFunc *cb, void *opaque)
{
    return submit(bs, AIO_FLUSH, 0, 0, NULL, 0, cb, opaque);
}

int bdrv_aio_pdiscard(BlockDriverState *bs, uint64_t off, uint64_t len,
                      BlockCompletionFunc *cb, void *opaque)
{
    return submit(bs, AIO_DISCARD, off, len, NULL, 0, cb, opaque);
}

int bdrv_aio_pwrite_zeroes(BlockDriverState *bs, uint64_t off, uint64_t len,
                           BlockCompletionFunc *cb, void *opaque)
{
    return submit(bs, AIO_ZEROES, off, len, NULL, 0, cb, opaque);
}

unsigned bdrv_aio_inflight(BlockDriverState *bs)
{
    unsigned n;

    pthread_mutex_lock(&pool_lock);
    n = bs->aio ? bs->aio->inflight : 0;
    pthread_mutex_unlock(&pool_lock);
    return n;
}

void bdrv_aio_drain(BlockDriverState *bs)
{
    pthread_mutex_lock(&pool_lock);
    while (bs->aio && bs->aio->inflight) {
        if (done_head) {
            pthread_mutex_unlock(&pool_lock);
            complete_all(NULL);
            pthread_mutex_lock(&pool_lock);
        } else {
            pthread_cond_wait(&done_cond, &pool_lock);
        }
    }
    pthread_mutex_unlock(&pool_lock);
}

void bdrv_aio_detach(BlockDriverState *bs)
{
    pthread_mutex_lock(&pool_lock);
    free(bs->aio);
    bs->aio = NULL;
    pthread_mutex_unlock(&pool_lock);
}
