/*
 * QMP's block queries, query-block and query-blockstats, with the keys of
 * QEMU 7.2's QAPI schema (qapi/block-core.json: BlockInfo, BlockDeviceInfo,
 * ImageInfo, BlockDeviceStats, BlockStats), built from the drives of
 * block/block-backend.h. Values Vireo has no notion of are QEMU's defaults:
 * no throttling (bps*, iops* 0), detect_zeroes "off", no merged requests,
 * no latency histograms (timed_stats []).
 */
#include "monitor/qmp-block.h"

#include <stdint.h>
#include <stdlib.h>

#include "block/block-backend.h"
#include "block/block.h"
#include "system/clock.h"

static json_t *json_u64(uint64_t v)
{
    return json_integer((json_int_t)v);
}

/* ImageInfo: what `qemu-img info --output=json` says of the image, recursively down the chain. */
static json_t *image_info(BlockDriverState *bs)
{
    BlockDriverInfo bdi = { 0 };
    BdrvSnapshotInfo *snaps = NULL;
    json_t *img = json_object();
    int nsnaps;

    json_object_set_new(img, "filename", json_string(bs->filename));
    json_object_set_new(img, "format", json_string(bs->drv ? bs->drv->name : "raw"));
    json_object_set_new(img, "virtual-size", json_integer(bdrv_getlength(bs)));
    json_object_set_new(img, "actual-size", json_integer(bdrv_allocated_file_size(bs)));
    bdrv_get_info(bs, &bdi);
    json_object_set_new(img, "dirty-flag", json_boolean(bdi.dirty));
    if (bdi.cluster_size)
        json_object_set_new(img, "cluster-size", json_u64(bdi.cluster_size));
    if (bdi.has_specific) {
        /* qcow2's ImageInfoSpecificQCow2: v2 images have compat and refcount-bits only. */
        json_t *data = json_pack("{s:s,s:s,s:i}", "compat", bdi.version >= 3 ? "1.1" : "0.10",
                                 "compression-type", "zlib", "refcount-bits", bdi.refcount_bits);

        if (bdi.version >= 3) {
            json_object_set_new(data, "lazy-refcounts", json_boolean(bdi.lazy_refcounts));
            json_object_set_new(data, "corrupt", json_boolean(bdi.corrupt));
            json_object_set_new(data, "extended-l2", json_false());
        }
        json_object_set_new(img, "format-specific", json_pack("{s:s,s:o}", "type", "qcow2", "data", data));
    }
    nsnaps = bdrv_snapshot_list(bs, &snaps);
    if (nsnaps > 0) {
        json_t *list = json_array();

        for (int i = 0; i < nsnaps; i++) {
            const BdrvSnapshotInfo *sn = &snaps[i];
            json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "id", sn->id, "name", sn->name,
                                  "vm-state-size", (json_int_t)sn->vm_state_size,
                                  "date-sec", (json_int_t)sn->date_sec,
                                  "date-nsec", (json_int_t)sn->date_nsec,
                                  "vm-clock-sec", (json_int_t)(sn->vm_clock_nsec / 1000000000ULL),
                                  "vm-clock-nsec", (json_int_t)(sn->vm_clock_nsec % 1000000000ULL));

            if (sn->icount != UINT64_MAX)
                json_object_set_new(o, "icount", json_u64(sn->icount));
            json_array_append_new(list, o);
        }
        json_object_set_new(img, "snapshots", list);
    }
    free(snaps);
    if (bs->backing_file[0]) {
        json_object_set_new(img, "backing-filename", json_string(bs->backing_file));
        if (bs->full_backing_filename)
            json_object_set_new(img, "full-backing-filename", json_string(bs->full_backing_filename));
        if (bs->backing_format[0])
            json_object_set_new(img, "backing-filename-format", json_string(bs->backing_format));
        if (bs->backing)
            json_object_set_new(img, "backing-image", image_info(bs->backing));
    }
    return img;
}

/* BlockDeviceInfo: the medium of a drive. */
static json_t *inserted_info(const BlockBackend *blk, BlockDriverState *bs)
{
    char node[32];
    int depth = 0;
    json_t *o;

    blk_node_name(blk, node, sizeof(node));
    for (const BlockDriverState *b = bs->backing; b; b = b->backing)
        depth++;
    o = json_pack("{s:s,s:s,s:b,s:s,s:i,s:b,s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "file", bs->filename,
                  "node-name", node, "ro", bs->readonly, "drv", bs->drv ? bs->drv->name : "raw",
                  "backing_file_depth", depth, "encrypted", 0, "detect_zeroes", "off", "bps", 0,
                  "bps_rd", 0, "bps_wr", 0, "iops", 0, "iops_rd", 0, "iops_wr", 0, "write_threshold", 0);
    if (bs->backing_file[0])
        json_object_set_new(o, "backing_file", json_string(bs->backing_file));
    json_object_set_new(o, "cache", json_pack("{s:b,s:b,s:b}",
                                              "writeback", !(bs->flags & BDRV_O_WRITETHROUGH),
                                              "direct", !!(bs->flags & BDRV_O_NOCACHE),
                                              "no-flush", !!(bs->flags & BDRV_O_NO_FLUSH)));
    json_object_set_new(o, "image", image_info(bs));
    return o;
}

json_t *qmp_query_block(json_t *args, QMPError *err)
{
    json_t *list = json_array();

    for (BlockBackend *blk = blk_next(NULL); blk; blk = blk_next(blk)) {
        BlockDriverState *bs = blk_bs(blk);
        json_t *o = json_pack("{s:s,s:s,s:b,s:b}", "device", blk_name(blk), "type", "unknown",
                              "removable", blk_is_removable(blk), "locked", blk_is_locked(blk));

        if (blk_dev_path(blk)) {
            json_object_set_new(o, "qdev", json_string(blk_dev_path(blk)));
            /* IDE and virtio-blk report I/O errors to the guest (rerror/werror=report). */
            json_object_set_new(o, "io-status", json_string("ok"));
        }
        if (blk_is_removable(blk))
            json_object_set_new(o, "tray_open", json_boolean(blk_is_tray_open(blk)));
        if (bs)
            json_object_set_new(o, "inserted", inserted_info(blk, bs));
        json_array_append_new(list, o);
    }
    return list;
}

/* BlockDeviceStats. st NULL: a node below the drive (its file, its backing),
 * which QEMU accounts nothing on but the highest write. */
static json_t *stats_json(const BlockAcctStats *st, uint64_t wr_highest)
{
    static const BlockAcctStats none;
    static const struct { const char *name; BlockAcctType t; } kinds[] = {
        { "rd", BLOCK_ACCT_READ }, { "wr", BLOCK_ACCT_WRITE },
        { "flush", BLOCK_ACCT_FLUSH }, { "unmap", BLOCK_ACCT_UNMAP },
    };
    const BlockAcctStats *s = st ? st : &none;
    json_t *o = json_object();
    char key[64];

    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        BlockAcctType t = kinds[i].t;

        if (t != BLOCK_ACCT_FLUSH) {
            snprintf(key, sizeof(key), "%s_bytes", kinds[i].name);
            json_object_set_new(o, key, json_u64(s->nr_bytes[t]));
            snprintf(key, sizeof(key), "%s_merged", kinds[i].name);
            json_object_set_new(o, key, json_integer(0));
        }
        snprintf(key, sizeof(key), "%s_operations", kinds[i].name);
        json_object_set_new(o, key, json_u64(s->nr_ops[t]));
        snprintf(key, sizeof(key), "%s_total_time_ns", kinds[i].name);
        json_object_set_new(o, key, json_u64(s->total_time_ns[t]));
        snprintf(key, sizeof(key), "failed_%s_operations", kinds[i].name);
        json_object_set_new(o, key, json_u64(s->failed_ops[t]));
        snprintf(key, sizeof(key), "invalid_%s_operations", kinds[i].name);
        json_object_set_new(o, key, json_u64(s->invalid_ops[t]));
    }
    json_object_set_new(o, "wr_highest_offset", json_u64(st ? s->wr_highest_offset : wr_highest));
    /* Present once the drive has seen a request (QEMU: has_idle_time_ns). */
    if (s->last_access_ns)
        json_object_set_new(o, "idle_time_ns",
                            json_integer(clock_get_ns(VCLOCK_REALTIME) - s->last_access_ns));
    json_object_set_new(o, "account_invalid", json_boolean(st != NULL));
    json_object_set_new(o, "account_failed", json_boolean(st != NULL));
    json_object_set_new(o, "timed_stats", json_array());
    return o;
}

/* The protocol node under a format node: the image file, QEMU's "file" driver. */
static json_t *file_node_stats(uint64_t wr_highest, unsigned id)
{
    char node[32];

    snprintf(node, sizeof(node), "#block%03u", id);
    return json_pack("{s:o,s:s,s:{s:s,s:i,s:i,s:i}}", "stats", stats_json(NULL, wr_highest),
                     "node-name", node, "driver-specific", "driver", "file", "discard-nb-ok", 0,
                     "discard-nb-failed", 0, "discard-bytes-ok", 0);
}

json_t *qmp_query_blockstats(json_t *args, QMPError *err)
{
    json_t *list;
    unsigned n = 0;

    /* Per-node statistics (query-nodes: true, libvirt's block threshold
     * events) are not modelled: say so rather than answer in the wrong shape. */
    if (json_is_true(json_object_get(args, "query-nodes"))) {
        qmp_error_set(err, QMP_ERR_GENERIC, "query-blockstats: 'query-nodes' is not supported");
        return NULL;
    }
    list = json_array();

    for (BlockBackend *blk = blk_next(NULL); blk; blk = blk_next(blk), n++) {
        BlockDriverState *bs = blk_bs(blk);
        const BlockAcctStats *st = blk_stats(blk);
        json_t *o = json_pack("{s:s,s:o}", "device", blk_name(blk), "stats", stats_json(st, 0));

        if (blk_dev_path(blk))
            json_object_set_new(o, "qdev", json_string(blk_dev_path(blk)));
        if (bs) {
            char node[32];
            unsigned depth = 0;
            json_t *at = o;

            blk_node_name(blk, node, sizeof(node));
            json_object_set_new(o, "node-name", json_string(node));
            json_object_set_new(o, "parent", file_node_stats(st->wr_highest_offset, 10 * n));
            /* Each backing layer: a node with its own file below it. */
            for (BlockDriverState *b = bs->backing; b; b = b->backing) {
                char bnode[32];
                json_t *bk;

                snprintf(bnode, sizeof(bnode), "#block%03u", 10 * n + 5 + depth);
                bk = json_pack("{s:o,s:s,s:o}", "stats", stats_json(NULL, 0), "node-name", bnode,
                               "parent", file_node_stats(0, 10 * n + ++depth));

                json_object_set_new(at, "backing", bk);
                at = bk;
            }
        }
        json_array_append_new(list, o);
    }
    return list;
}
