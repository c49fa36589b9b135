/*
 * qcow2 refcounts and cluster allocation (qcow2.txt "Host cluster
 * management"): a refcount table of refcount block offsets, each block an
 * array of refcount_bits-wide big-endian counters (sub-byte widths packed
 * from the least significant bit, as QEMU does).
 */
#include "block/qcow2.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void qcow2_rc_cache_drop(BDRVQcow2State *s)
{
    for (int i = 0; i < QCOW2_RB_CACHE; i++)
        s->rb_cache[i].offset = 0;
}

static int rb_load(BlockDriverState *bs, uint64_t off, uint8_t **out)
{
    BDRVQcow2State *s = qcow2_state(bs);
    Qcow2Cache *victim = &s->rb_cache[0];
    int ret;

    for (int i = 0; i < QCOW2_RB_CACHE; i++) {
        Qcow2Cache *c = &s->rb_cache[i];

        if (c->offset == off && c->data) {
            c->used = ++s->cache_clock;
            *out = c->data;
            return 0;
        }
        if (c->used < victim->used)
            victim = c;
    }
    if (!victim->data && !(victim->data = malloc(s->cluster_size)))
        return -ENOMEM;
    victim->offset = 0;
    if ((ret = qcow2_read_at(bs, off, victim->data, s->cluster_size)) < 0)
        return ret;
    victim->offset = off;
    victim->used = ++s->cache_clock;
    *out = victim->data;
    return 0;
}

static uint64_t rb_get(const BDRVQcow2State *s, const uint8_t *rb, uint64_t i)
{
    switch (s->refcount_order) {
    case 0: return (rb[i / 8] >> (i % 8)) & 1;
    case 1: return (rb[i / 4] >> (2 * (i % 4))) & 3;
    case 2: return (rb[i / 2] >> (4 * (i % 2))) & 15;
    case 3: return rb[i];
    case 4: return qcow2_be16(rb + 2 * i);
    case 5: return qcow2_be32(rb + 4 * i);
    default: return qcow2_be64(rb + 8 * i);
    }
}

/* Store v; returns the byte range of the block that changed. */
static void rb_set(const BDRVQcow2State *s, uint8_t *rb, uint64_t i, uint64_t v,
                   uint64_t *byte, size_t *len)
{
    unsigned bits = s->refcount_bits;

    if (bits < 8) {
        unsigned per = 8 / bits, shift = bits * (unsigned)(i % per);
        uint8_t mask = (uint8_t)(((1u << bits) - 1) << shift);

        rb[i / per] = (uint8_t)((rb[i / per] & ~mask) | ((v << shift) & mask));
        *byte = i / per;
        *len = 1;
        return;
    }
    *byte = i * (bits / 8);
    *len = bits / 8;
    switch (bits) {
    case 8: rb[i] = (uint8_t)v; break;
    case 16: qcow2_put_be16(rb + 2 * i, (uint16_t)v); break;
    case 32: qcow2_put_be32(rb + 4 * i, (uint32_t)v); break;
    default: qcow2_put_be64(rb + 8 * i, v); break;
    }
}

int qcow2_rc_get(BlockDriverState *bs, uint64_t cluster, uint64_t *rc)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t idx = cluster / s->rb_entries, off;
    uint8_t *rb;
    int ret;

    *rc = 0;
    if (idx >= s->reft_size || !(off = s->reft[idx] & REFT_OFFSET_MASK))
        return 0;
    if ((ret = rb_load(bs, off, &rb)) < 0)
        return ret;
    *rc = rb_get(s, rb, cluster % s->rb_entries);
    return 0;
}

static void note_end(BDRVQcow2State *s, uint64_t end)
{
    if (end > s->alloc_end)
        s->alloc_end = end;
}

/*
 * A bigger refcount table. New refcount blocks and the new table go in a
 * fresh area starting at cluster `start`, beyond everything the old table
 * covers and beyond the file; the blocks describe that area, so nothing
 * needs the old table while the new one is built. The header switches to
 * the new table in one 12-byte write, then the old table is freed.
 */
static int grow_reftable(BlockDriverState *bs, uint64_t min_entries)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t cs = s->cluster_size, E = s->rb_entries;
    int64_t flen = blkfile_getlength(&bs->file);
    uint64_t start, entries, t, m, first_blk, old_off = s->reft_offset;
    uint64_t old_bytes = (uint64_t)s->reft_clusters * cs;
    uint64_t *table = NULL;
    uint8_t *blk = NULL, hdr[12];
    int ret = 0;

    if (flen < 0)
        return (int)flen;
    start = s->reft_size * E;
    if (qcow2_align_up((uint64_t)flen, cs) / cs > start)
        start = qcow2_align_up((uint64_t)flen, cs) / cs;
    if (s->alloc_end / cs > start)
        start = s->alloc_end / cs;
    entries = min_entries > s->reft_size + s->reft_size / 2 + 1 ? min_entries
                                                                : s->reft_size + s->reft_size / 2 + 1;
    for (;;) {
        t = qcow2_align_up(entries * 8, cs) / cs;
        m = 1;
        while ((start + m + t - 1) / E - start / E + 1 > m)
            m++;
        if ((start + m + t - 1) / E + 1 <= entries)
            break;
        entries = (start + m + t - 1) / E + 1;
    }
    if (t * cs > QCOW2_MAX_REFTABLE_BYTES) {
        bdrv_seterr("Reference count table too large");
        return -EFBIG;
    }
    first_blk = start / E;
    table = calloc(t, cs);
    blk = malloc(cs);
    if (!table || !blk) {
        ret = -ENOMEM;
        goto out;
    }
    for (uint64_t i = 0; i < s->reft_size; i++)
        qcow2_put_be64(&table[i], s->reft[i]);
    for (uint64_t b = 0; b < m; b++) {
        uint64_t bi = first_blk + b;

        memset(blk, 0, cs);
        for (uint64_t c = start; c < start + m + t; c++) {
            if (c / E == bi) {
                uint64_t byte;
                size_t len;
                rb_set(s, blk, c % E, 1, &byte, &len);
            }
        }
        qcow2_put_be64(&table[bi], (start + b) * cs);
        if ((ret = qcow2_write_at(bs, (start + b) * cs, blk, cs)) < 0)
            goto out;
    }
    if ((ret = qcow2_write_at(bs, (start + m) * cs, table, t * cs)) < 0 ||
        (ret = blkfile_flush(&bs->file)) < 0)
        goto out;
    qcow2_put_be64(hdr, (start + m) * cs);
    qcow2_put_be32(hdr + 8, (uint32_t)t);
    if ((ret = qcow2_write_at(bs, 48, hdr, sizeof(hdr))) < 0)
        goto out;
    free(s->reft);
    s->reft = calloc(t, cs);
    if (!s->reft) {
        ret = -ENOMEM;
        goto out;
    }
    for (uint64_t i = 0; i < t * cs / 8; i++)
        s->reft[i] = qcow2_be64(&table[i]);
    s->reft_size = t * cs / 8;
    s->reft_offset = (start + m) * cs;
    s->reft_clusters = (uint32_t)t;
    note_end(s, (start + m + t) * cs);
    ret = qcow2_free_range(bs, old_off, old_bytes);
out:
    free(table);
    free(blk);
    return ret;
}

/*
 * The refcount block for index idx, created if missing. A new block
 * describes itself: it sits in the first cluster of the range it covers,
 * which is free because no block counted anything there yet.
 */
static int ensure_refblock(BlockDriverState *bs, uint64_t idx, uint64_t *out)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t off, be, byte;
    uint8_t *blk;
    size_t len;
    int ret;

    if (idx >= s->reft_size && (ret = grow_reftable(bs, idx + 1)) < 0)
        return ret;
    if ((off = s->reft[idx] & REFT_OFFSET_MASK)) {
        *out = off;
        return 0;
    }
    if (idx == 0)
        return qcow2_signal_corruption(bs, "Refcount block 0 is missing");
    off = idx * s->rb_entries * s->cluster_size;
    if (!(blk = calloc(1, s->cluster_size)))
        return -ENOMEM;
    rb_set(s, blk, 0, 1, &byte, &len);
    ret = qcow2_write_at(bs, off, blk, s->cluster_size);
    free(blk);
    if (ret < 0)
        return ret;
    qcow2_put_be64(&be, off);
    if ((ret = qcow2_write_at(bs, s->reft_offset + idx * 8, &be, 8)) < 0)
        return ret;
    s->reft[idx] = off;
    note_end(s, off + s->cluster_size);
    *out = off;
    return 0;
}

static int rc_store(BlockDriverState *bs, uint64_t cluster, uint64_t value, uint64_t *old)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t off, byte;
    uint8_t *rb;
    size_t len;
    int ret;

    if ((ret = ensure_refblock(bs, cluster / s->rb_entries, &off)) < 0 ||
        (ret = rb_load(bs, off, &rb)) < 0)
        return ret;
    *old = rb_get(s, rb, cluster % s->rb_entries);
    rb_set(s, rb, cluster % s->rb_entries, value, &byte, &len);
    if ((ret = qcow2_write_at(bs, off + byte, rb + byte, len)) < 0) {
        qcow2_rc_cache_drop(s);
        return ret;
    }
    if (value == 0) {
        /* Freed: remember the hole; nothing cached may describe it any more. */
        if (cluster < s->free_cluster_hint)
            s->free_cluster_hint = cluster;
        qcow2_l2_cache_drop(s, cluster * s->cluster_size);
        s->decomp_entry = 0;
        if (s->free_byte_offset && s->free_byte_offset / s->cluster_size == cluster)
            s->free_byte_offset = 0;
    }
    return 0;
}

int qcow2_rc_set(BlockDriverState *bs, uint64_t cluster, uint64_t value)
{
    uint64_t old;

    return rc_store(bs, cluster, value, &old);
}

int qcow2_rc_update(BlockDriverState *bs, uint64_t cluster, int64_t addend)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t rc, old;
    int ret;

    if ((ret = qcow2_rc_get(bs, cluster, &rc)) < 0)
        return ret;
    if (addend < 0 && rc < (uint64_t)-addend)
        return qcow2_signal_corruption(bs, "Refcount of cluster %llu would underflow",
                                       (unsigned long long)cluster);
    if (addend > 0 && s->refcount_max - rc < (uint64_t)addend) {
        bdrv_seterr("Refcount of cluster %llu would overflow", (unsigned long long)cluster);
        return -ERANGE;
    }
    return rc_store(bs, cluster, rc + (uint64_t)addend, &old);
}

int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t n)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t run = s->free_cluster_hint, c = run, first_free = UINT64_MAX;
    int ret;

    if (run < 1)
        run = c = 1;
    while (c < run + n) {
        uint64_t idx = c / s->rb_entries, rc, blk;

        /* Make sure the block exists first: creating it may take cluster c itself. */
        if ((idx >= s->reft_size || !(s->reft[idx] & REFT_OFFSET_MASK)) &&
            (ret = ensure_refblock(bs, idx, &blk)) < 0)
            return ret;
        if ((ret = qcow2_rc_get(bs, c, &rc)) < 0)
            return ret;
        if (rc) {
            run = ++c;
            continue;
        }
        if (first_free == UINT64_MAX)
            first_free = c;
        c++;
    }
    for (uint64_t i = run; i < run + n; i++) {
        if ((ret = qcow2_rc_update(bs, i, 1)) < 0)
            return ret;
    }
    s->free_cluster_hint = first_free < run ? first_free : run + n;
    note_end(s, (run + n) * s->cluster_size);
    return (int64_t)(run * s->cluster_size);
}

/*
 * Byte-granular space for compressed clusters: they share host clusters,
 * each counting one reference on every cluster it touches.
 */
int64_t qcow2_alloc_bytes(BlockDriverState *bs, uint64_t size)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t fbo = s->free_byte_offset, rc;
    int64_t off;
    int ret;

    if (fbo && size <= s->cluster_size - (fbo % s->cluster_size)) {
        if ((ret = qcow2_rc_get(bs, fbo / s->cluster_size, &rc)) < 0)
            return ret;
        if (rc > 0 && rc < s->refcount_max) {
            if ((ret = qcow2_rc_update(bs, fbo / s->cluster_size, 1)) < 0)
                return ret;
            s->free_byte_offset = (fbo + size) % s->cluster_size ? fbo + size : 0;
            return (int64_t)fbo;
        }
    }
    off = qcow2_alloc_clusters(bs, 1);
    if (off < 0)
        return off;
    s->free_byte_offset = size < s->cluster_size ? (uint64_t)off + size : 0;
    return off;
}

int qcow2_free_range(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret = 0;

    if (!len)
        return 0;
    for (uint64_t c = off / s->cluster_size; c <= (off + len - 1) / s->cluster_size; c++) {
        if ((ret = qcow2_rc_update(bs, c, -1)) < 0)
            return ret;
    }
    return 0;
}

int qcow2_free_entry(BlockDriverState *bs, uint64_t l2e)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t off, len;

    switch (qcow2_cluster_type(s, l2e)) {
    case QCOW2_CLUSTER_NORMAL:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        return qcow2_free_range(bs, l2e & L2E_OFFSET_MASK, s->cluster_size);
    case QCOW2_CLUSTER_COMPRESSED:
        qcow2_compressed_range(s, l2e, &off, &len);
        return qcow2_free_range(bs, off, len);
    default:
        return 0;
    }
}
