/* Block backends: the command line's drives by id. See block-backend.h. */
#include "block/block-backend.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "block/aio.h"
#include "system/clock.h"

struct BlockBackend {
    char *id;
    BlockDriverState *bs;
    const BlockDevOps *dev_ops;
    void *dev_opaque;
    char *dev_path;
    unsigned index;             /* creation order: the node name's number */
    BlockAcctStats stats;
    BlockBackend *next;
};

static BlockBackend *backends, **backends_tail = &backends;
static unsigned n_backends;
static void (*tray_event)(const char *id, const char *path, bool open);

void blk_set_tray_event_fn(void (*fn)(const char *id, const char *path, bool open))
{
    tray_event = fn;
}

static void tray_moved(const BlockBackend *blk, bool open)
{
    if (tray_event)
        tray_event(blk->id, blk->dev_path ? blk->dev_path : "", open);
}

BlockBackend *blk_new(const char *id, BlockDriverState *bs)
{
    BlockBackend *blk = calloc(1, sizeof(*blk));

    if (!blk || !(blk->id = strdup(id))) {
        free(blk);
        return NULL;
    }
    blk->bs = bs;
    blk->index = n_backends++;
    if (bs)
        bs->stats = &blk->stats;
    *backends_tail = blk;
    backends_tail = &blk->next;
    return blk;
}

void blk_attach_dev(BlockBackend *blk, const BlockDevOps *ops, void *opaque, const char *path)
{
    blk->dev_ops = ops;
    blk->dev_opaque = opaque;
    free(blk->dev_path);
    blk->dev_path = path ? strdup(path) : NULL;
}

BlockBackend *blk_by_name(const char *id)
{
    for (BlockBackend *blk = backends; blk; blk = blk->next)
        if (!strcmp(blk->id, id))
            return blk;
    return NULL;
}

static BlockBackend *find_removable(const char *id, char *err, size_t errlen, int *ret)
{
    BlockBackend *blk = blk_by_name(id);

    *ret = -1;
    if (!blk) {
        snprintf(err, errlen, "Device '%s' not found", id);
        *ret = -ENODEV;
        return NULL;
    }
    if (!blk->dev_ops) {
        snprintf(err, errlen, "Device '%s' is not removable", id);
        return NULL;
    }
    return blk;
}

/* Take the medium out: the device first, then the image is closed. */
static void remove_medium(BlockBackend *blk)
{
    if (!blk->bs)
        return;
    blk->dev_ops->change_media(blk->dev_opaque, NULL);
    bdrv_aio_drain(blk->bs);
    blk->bs->stats = NULL;
    bdrv_close(blk->bs);
    blk->bs = NULL;
}

int blk_eject(const char *id, bool force, char *err, size_t errlen)
{
    int ret;
    BlockBackend *blk = find_removable(id, err, errlen, &ret);

    if (!blk)
        return ret;
    if (!force && blk->dev_ops->is_locked && blk->dev_ops->is_locked(blk->dev_opaque)) {
        snprintf(err, errlen, "Device '%s' is locked and force was not specified, "
                 "wait for tray to open and try again", id);
        return -1;
    }
    remove_medium(blk);
    tray_moved(blk, true);
    return 0;
}

int blk_change_medium(const char *id, const char *file, const char *format, char *err, size_t errlen)
{
    int ret;
    BlockBackend *blk = find_removable(id, err, errlen, &ret);
    BlockDriverState *bs;

    if (!blk)
        return ret;
    if (blk->dev_ops->is_locked && blk->dev_ops->is_locked(blk->dev_opaque)) {
        snprintf(err, errlen, "Device '%s' is locked and force was not specified, "
                 "wait for tray to open and try again", id);
        return -1;
    }
    /* A CD-ROM's medium is read-only; the old one stays if the new one cannot open. */
    if (bdrv_open_quiet(&bs, file, format, 0) < 0) {
        snprintf(err, errlen, "%s", bdrv_geterr());
        return -1;
    }
    remove_medium(blk);
    blk->bs = bs;
    bs->stats = &blk->stats;
    blk->dev_ops->change_media(blk->dev_opaque, bs);
    tray_moved(blk, false);
    return 0;
}

void blk_node_name(const BlockBackend *blk, char *buf, size_t len)
{
    snprintf(buf, len, "#block%u", 100 + blk->index);
}

static void print_one(FILE *out, const BlockBackend *blk)
{
    const BlockDriverState *bs = blk->bs;
    char node[32];

    blk_node_name(blk, node, sizeof(node));
    if (bs)
        fprintf(out, "%s (%s): %s (%s%s)\n", blk->id, node, bs->filename,
                bs->drv ? bs->drv->name : "raw", bs->readonly ? ", read-only" : "");
    else
        fprintf(out, "%s: [not inserted]\n", blk->id);
    if (blk->dev_path)
        fprintf(out, "    Attached to:      %s\n", blk->dev_path);
    if (blk->dev_ops)
        fprintf(out, "    Removable device: %slocked, tray %s\n", blk_is_locked(blk) ? "" : "not ",
                blk_is_tray_open(blk) ? "open" : "closed");
    if (!bs)
        return;
    fprintf(out, "    Cache mode:       %s%s%s\n",
            bs->flags & BDRV_O_WRITETHROUGH ? "writethrough" : "writeback",
            bs->flags & BDRV_O_NOCACHE ? ", direct" : "",
            bs->flags & BDRV_O_NO_FLUSH ? ", ignore flushes" : "");
    if (bs->backing) {
        int depth = 0;

        for (const BlockDriverState *b = bs->backing; b; b = b->backing)
            depth++;
        fprintf(out, "    Backing file:     %s (chain depth: %d)\n", bs->backing_file, depth);
    }
}

void blk_info(FILE *out)
{
    unsigned n = 0;

    for (const BlockBackend *blk = backends; blk; blk = blk->next, n++) {
        if (n)
            fputc('\n', out);
        print_one(out, blk);
    }
}

void blk_account_done(BlockDriverState *bs, BlockAcctType type, uint64_t off, uint64_t bytes,
                      int ret, int64_t start_ns)
{
    BlockAcctStats *st = bs->stats;
    int64_t now;

    if (!st || type >= BLOCK_ACCT_MAX)
        return;
    now = clock_get_ns(VCLOCK_REALTIME);
    /* As QEMU's block_account_one_io (account_failed on): a failure counts
     * no bytes, but its time does. */
    if (ret < 0) {
        st->failed_ops[type]++;
    } else {
        st->nr_ops[type]++;
        st->nr_bytes[type] += bytes;
        if (type == BLOCK_ACCT_WRITE && off + bytes > st->wr_highest_offset)
            st->wr_highest_offset = off + bytes;
    }
    st->total_time_ns[type] += now > start_ns ? (uint64_t)(now - start_ns) : 0;
    st->last_access_ns = now;
}

void blk_account_invalid(BlockDriverState *bs, BlockAcctType type)
{
    if (bs && bs->stats && type < BLOCK_ACCT_MAX) {
        bs->stats->invalid_ops[type]++;
        bs->stats->last_access_ns = clock_get_ns(VCLOCK_REALTIME);
    }
}

void blk_info_stats(FILE *out)
{
    int64_t now = clock_get_ns(VCLOCK_REALTIME);

    for (const BlockBackend *blk = backends; blk; blk = blk->next) {
        const BlockAcctStats *st = &blk->stats;

        /* QEMU's hmp_info_blockstats: merged requests are never counted here. */
        fprintf(out, "%s: rd_bytes=%llu wr_bytes=%llu rd_operations=%llu wr_operations=%llu "
                "flush_operations=%llu wr_total_time_ns=%llu rd_total_time_ns=%llu "
                "flush_total_time_ns=%llu rd_merged=0 wr_merged=0 idle_time_ns=%lld\n", blk->id,
                (unsigned long long)st->nr_bytes[BLOCK_ACCT_READ],
                (unsigned long long)st->nr_bytes[BLOCK_ACCT_WRITE],
                (unsigned long long)st->nr_ops[BLOCK_ACCT_READ],
                (unsigned long long)st->nr_ops[BLOCK_ACCT_WRITE],
                (unsigned long long)st->nr_ops[BLOCK_ACCT_FLUSH],
                (unsigned long long)st->total_time_ns[BLOCK_ACCT_WRITE],
                (unsigned long long)st->total_time_ns[BLOCK_ACCT_READ],
                (unsigned long long)st->total_time_ns[BLOCK_ACCT_FLUSH],
                st->last_access_ns ? (long long)(now - st->last_access_ns) : 0LL);
    }
}

BlockBackend *blk_next(BlockBackend *blk)
{
    return blk ? blk->next : backends;
}

const char *blk_name(const BlockBackend *blk) { return blk->id; }
BlockDriverState *blk_bs(const BlockBackend *blk) { return blk->bs; }
const char *blk_dev_path(const BlockBackend *blk) { return blk->dev_path; }
bool blk_is_removable(const BlockBackend *blk) { return blk->dev_ops != NULL; }
const BlockAcctStats *blk_stats(const BlockBackend *blk) { return &blk->stats; }

bool blk_is_locked(const BlockBackend *blk)
{
    return blk->dev_ops && blk->dev_ops->is_locked && blk->dev_ops->is_locked(blk->dev_opaque);
}

bool blk_is_tray_open(const BlockBackend *blk)
{
    return blk->dev_ops && blk->dev_ops->is_tray_open && blk->dev_ops->is_tray_open(blk->dev_opaque);
}

void blk_flush_all(void)
{
    for (BlockBackend *blk = backends; blk; blk = blk->next) {
        if (!blk->bs)
            continue;
        bdrv_aio_drain(blk->bs);
        if (!blk->bs->readonly)
            bdrv_flush(blk->bs);
    }
}

void blk_close_all(void)
{
    while (backends) {
        BlockBackend *blk = backends;

        backends = blk->next;
        if (blk->bs) {
            bdrv_aio_drain(blk->bs);
            blk->bs->stats = NULL;
            bdrv_close(blk->bs);
        }
        free(blk->dev_path);
        free(blk->id);
        free(blk);
    }
    backends_tail = &backends;
    n_backends = 0;
}
