/*
 * qcow2 cluster mapping (qcow2.txt "Cluster mapping"): guest offset ->
 * L1 entry -> L2 table -> L2 entry -> host cluster; and the guest read,
 * write, zero, discard and compressed-write paths built on it.
 *
 * Copy-on-write rules: a table or data cluster may be written in place only
 * when its entry has the COPIED flag (refcount exactly 1). Otherwise a new
 * cluster is allocated, filled with the old contents (the backing file's,
 * a decompressed cluster, zeroes) merged with the new data, made visible by
 * its L2 entry, and only then the old one released.
 */
#include "block/qcow2.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- L2 table cache: tables in host byte order, LRU over a few slots ---- */

void qcow2_l2_cache_drop(BDRVQcow2State *s, uint64_t offset)
{
    for (int i = 0; i < QCOW2_L2_CACHE; i++) {
        if (s->l2_cache[i].offset == offset)
            s->l2_cache[i].offset = 0;
    }
}

static Qcow2Cache *l2_slot(BDRVQcow2State *s, uint64_t offset, bool *hit)
{
    Qcow2Cache *victim = &s->l2_cache[0];

    for (int i = 0; i < QCOW2_L2_CACHE; i++) {
        Qcow2Cache *c = &s->l2_cache[i];

        if (c->offset == offset && c->data) {
            *hit = true;
            c->used = ++s->cache_clock;
            return c;
        }
        if (c->used < victim->used)
            victim = c;
    }
    *hit = false;
    victim->offset = 0;
    if (!victim->data && !(victim->data = malloc(s->cluster_size)))
        return NULL;
    victim->used = ++s->cache_clock;
    return victim;
}

int qcow2_l2_load(BlockDriverState *bs, uint64_t l2_offset, uint64_t **table)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int64_t flen;
    bool hit;
    Qcow2Cache *c = l2_slot(s, l2_offset, &hit);
    uint64_t *t;
    int ret;

    if (!c)
        return -ENOMEM;
    t = c->data;
    if (!hit) {
        flen = blkfile_getlength(&bs->file);
        if (flen < 0)
            return (int)flen;
        if (l2_offset < s->cluster_size || l2_offset > (uint64_t)flen ||
            s->cluster_size > (uint64_t)flen - l2_offset)
            return qcow2_signal_corruption(bs, "L2 table offset 0x%llx outside the image file",
                                           (unsigned long long)l2_offset);
        if ((ret = qcow2_read_at(bs, l2_offset, t, s->cluster_size)) < 0)
            return ret;
        for (uint64_t i = 0; i < s->l2_entries; i++)
            t[i] = qcow2_be64(&t[i]);
        c->offset = l2_offset;
    }
    *table = t;
    return 0;
}

int qcow2_l2_set(BlockDriverState *bs, uint64_t l2_offset, uint64_t index, uint64_t entry)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t be;

    qcow2_put_be64(&be, entry);
    for (int i = 0; i < QCOW2_L2_CACHE; i++) {
        if (s->l2_cache[i].offset == l2_offset)
            ((uint64_t *)s->l2_cache[i].data)[index] = entry;
    }
    return qcow2_write_at(bs, l2_offset + index * 8, &be, 8);
}

int qcow2_l1_set(BlockDriverState *bs, uint32_t index, uint64_t entry)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t be;

    qcow2_put_be64(&be, entry);
    s->l1[index] = entry;
    return qcow2_write_at(bs, s->l1_offset + (uint64_t)index * 8, &be, 8);
}

static uint32_t l1_index(const BDRVQcow2State *s, uint64_t off)
{
    return (uint32_t)(off >> (s->cluster_bits + s->l2_bits));
}

static uint64_t l2_index(const BDRVQcow2State *s, uint64_t off)
{
    return (off >> s->cluster_bits) & (s->l2_entries - 1);
}

/* The L2 table of an L1 entry, validated; *l2_offset 0 if none. */
static int l2_of_l1(BlockDriverState *bs, uint32_t i, uint64_t *l2_offset)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t l1e = i < s->l1_size ? s->l1[i] : 0;

    *l2_offset = l1e & L1E_OFFSET_MASK;
    if (*l2_offset && !qcow2_is_aligned(s, *l2_offset))
        return qcow2_signal_corruption(bs, "L2 table offset 0x%llx unaligned (L1 index: 0x%x)",
                                       (unsigned long long)*l2_offset, i);
    return 0;
}

static int check_entry(BlockDriverState *bs, uint64_t l2e, uint64_t l2_offset, uint64_t idx)
{
    BDRVQcow2State *s = qcow2_state(bs);
    Qcow2ClusterType t = qcow2_cluster_type(s, l2e);

    if ((t == QCOW2_CLUSTER_NORMAL || t == QCOW2_CLUSTER_ZERO_ALLOC) &&
        !qcow2_is_aligned(s, l2e & L2E_OFFSET_MASK))
        return qcow2_signal_corruption(bs, "Cluster allocation offset 0x%llx unaligned "
                                       "(L2 offset: 0x%llx, L2 index: 0x%llx)",
                                       (unsigned long long)(l2e & L2E_OFFSET_MASK),
                                       (unsigned long long)l2_offset, (unsigned long long)idx);
    /*
     * A cluster the refcount table cannot describe has refcount 0, so no
     * valid L2 entry points there; writing through such an entry would grow
     * the file by terabytes (found by tests/fuzz/fuzz-qcow2).
     */
    if ((t == QCOW2_CLUSTER_NORMAL || t == QCOW2_CLUSTER_ZERO_ALLOC) &&
        (l2e & L2E_OFFSET_MASK) / s->cluster_size / s->rb_entries >= s->reft_size)
        return qcow2_signal_corruption(bs, "Cluster allocation offset 0x%llx beyond the refcount "
                                       "table (L2 offset: 0x%llx, L2 index: 0x%llx)",
                                       (unsigned long long)(l2e & L2E_OFFSET_MASK),
                                       (unsigned long long)l2_offset, (unsigned long long)idx);
    if (t == QCOW2_CLUSTER_COMPRESSED) {
        uint64_t off, len;
        int64_t flen = blkfile_getlength(&bs->file);

        qcow2_compressed_range(s, l2e, &off, &len);
        if (flen < 0)
            return (int)flen;
        /* The last sector may run past EOF (QEMU does not pad); its start may not. */
        if (off >= (uint64_t)flen || len > s->cluster_size + 512 || off < s->cluster_size)
            return qcow2_signal_corruption(bs, "Compressed cluster at 0x%llx (size %llu) is outside "
                                           "the image file (L2 offset: 0x%llx, L2 index: 0x%llx)",
                                           (unsigned long long)off, (unsigned long long)len,
                                           (unsigned long long)l2_offset, (unsigned long long)idx);
    }
    return 0;
}

int qcow2_get_entry(BlockDriverState *bs, uint64_t off, uint64_t *l2e)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t l2_offset, *t;
    int ret;

    *l2e = 0;
    if ((ret = l2_of_l1(bs, l1_index(s, off), &l2_offset)) < 0 || !l2_offset)
        return ret;
    if ((ret = qcow2_l2_load(bs, l2_offset, &t)) < 0)
        return ret;
    if ((ret = check_entry(bs, t[l2_index(s, off)], l2_offset, l2_index(s, off))) < 0)
        return ret;
    *l2e = t[l2_index(s, off)];
    return 0;
}

/*
 * The L2 table for writing guest offset off: allocated if missing, copied
 * if shared with a snapshot (no COPIED flag and refcount > 1).
 */
static int l2_for_write(BlockDriverState *bs, uint64_t off, uint64_t *out)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint32_t i = l1_index(s, off);
    uint64_t old, rc, *t = NULL;
    int64_t nl2;
    int ret;

    if (i >= s->l1_size)
        return qcow2_signal_corruption(bs, "L1 index %u beyond the L1 table", i);
    if ((ret = l2_of_l1(bs, i, &old)) < 0)
        return ret;
    if (old && (s->l1[i] & QCOW_OFLAG_COPIED)) {
        *out = old;
        return 0;
    }
    if (old) {
        if ((ret = qcow2_rc_get(bs, old / s->cluster_size, &rc)) < 0)
            return ret;
        if (rc == 1) {
            /* Only the flag was stale. */
            *out = old;
            return qcow2_l1_set(bs, i, old | QCOW_OFLAG_COPIED);
        }
        if ((ret = qcow2_l2_load(bs, old, &t)) < 0)
            return ret;
    }
    nl2 = qcow2_alloc_clusters(bs, 1);
    if (nl2 < 0)
        return (int)nl2;
    {
        uint64_t *be = calloc(1, s->cluster_size);

        if (!be)
            return -ENOMEM;
        for (uint64_t k = 0; t && k < s->l2_entries; k++)
            qcow2_put_be64(&be[k], t[k]);
        ret = qcow2_write_at(bs, (uint64_t)nl2, be, s->cluster_size);
        free(be);
        if (ret < 0)
            return ret;
    }
    qcow2_l2_cache_drop(s, (uint64_t)nl2);
    if ((ret = qcow2_l1_set(bs, i, (uint64_t)nl2 | QCOW_OFLAG_COPIED)) < 0)
        return ret;
    if (old && (ret = qcow2_free_range(bs, old, s->cluster_size)) < 0)
        return ret;
    *out = (uint64_t)nl2;
    return 0;
}

static int read_compressed(BlockDriverState *bs, uint64_t l2e)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t off, len;
    uint8_t *src;
    int ret;

    if (s->decomp_entry == l2e)
        return 0;
    qcow2_compressed_range(s, l2e, &off, &len);
    if (!(src = malloc(len)))
        return -ENOMEM;
    ret = qcow2_read_at(bs, off, src, len);
    if (ret == 0 && (ret = qcow2_decompress(s, src, len, s->decomp)) < 0)
        ret = qcow2_signal_corruption(bs, "Compressed cluster at 0x%llx does not decompress",
                                      (unsigned long long)off);
    free(src);
    s->decomp_entry = ret == 0 ? l2e : 0;
    return ret;
}

/* What unallocated guest bytes read as: the backing file, zeroes past its end. */
static int read_backing(BlockDriverState *bs, uint64_t off, uint8_t *buf, size_t n)
{
    int64_t blen;
    size_t got = 0;
    int ret;

    if (bs->backing) {
        blen = bdrv_getlength(bs->backing);
        if (blen < 0)
            return (int)blen;
        if (off < (uint64_t)blen) {
            got = (uint64_t)blen - off < n ? (size_t)((uint64_t)blen - off) : n;
            if ((ret = bdrv_pread(bs->backing, off, buf, got)) < 0)
                return ret;
        }
    }
    memset(buf + got, 0, n - got);
    return 0;
}

int qcow2_co_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint8_t *p = buf;
    int ret;

    while (len) {
        uint64_t in = off & (s->cluster_size - 1), l2e;
        size_t n = s->cluster_size - in < len ? (size_t)(s->cluster_size - in) : len;

        if ((ret = qcow2_get_entry(bs, off, &l2e)) < 0)
            return ret;
        switch (qcow2_cluster_type(s, l2e)) {
        case QCOW2_CLUSTER_UNALLOCATED:
            ret = read_backing(bs, off, p, n);
            break;
        case QCOW2_CLUSTER_ZERO_PLAIN:
        case QCOW2_CLUSTER_ZERO_ALLOC:
            memset(p, 0, n);
            ret = 0;
            break;
        case QCOW2_CLUSTER_NORMAL:
            ret = qcow2_read_at(bs, (l2e & L2E_OFFSET_MASK) + in, p, n);
            break;
        case QCOW2_CLUSTER_COMPRESSED:
            if ((ret = read_compressed(bs, l2e)) == 0)
                memcpy(p, s->decomp + in, n);
            break;
        }
        if (ret < 0)
            return ret;
        p += n;
        off += n;
        len -= n;
    }
    return 0;
}

/* Write one cluster's worth (n bytes at off, within one cluster). */
static int write_cluster(BlockDriverState *bs, uint64_t off, const uint8_t *data, size_t n)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t in = off & (s->cluster_size - 1), start = off - in;
    uint64_t l2_offset, *t, l2e, idx = l2_index(s, off), rc;
    const uint8_t *src = data;
    uint8_t *merged = NULL;
    int64_t host;
    int ret;

    if ((ret = l2_for_write(bs, off, &l2_offset)) < 0 || (ret = qcow2_l2_load(bs, l2_offset, &t)) < 0)
        return ret;
    l2e = t[idx];
    if ((ret = check_entry(bs, l2e, l2_offset, idx)) < 0)
        return ret;
    if (qcow2_cluster_type(s, l2e) == QCOW2_CLUSTER_NORMAL) {
        if (!(l2e & QCOW_OFLAG_COPIED)) {
            if ((ret = qcow2_rc_get(bs, (l2e & L2E_OFFSET_MASK) / s->cluster_size, &rc)) < 0)
                return ret;
            if (rc == 1 && (ret = qcow2_l2_set(bs, l2_offset, idx, l2e | QCOW_OFLAG_COPIED)) < 0)
                return ret;
            if (rc == 1)
                l2e |= QCOW_OFLAG_COPIED;
        }
        if (l2e & QCOW_OFLAG_COPIED)
            return qcow2_write_at(bs, (l2e & L2E_OFFSET_MASK) + in, data, n);
    }
    /* A new cluster: the bytes we do not write keep what the guest saw before. */
    if (n < s->cluster_size) {
        size_t valid = s->size - start < s->cluster_size ? (size_t)(s->size - start) : s->cluster_size;

        if (!(merged = calloc(1, s->cluster_size)))
            return -ENOMEM;
        if ((ret = qcow2_co_pread(bs, start, merged, valid)) < 0)
            goto out;
        memcpy(merged + in, data, n);
        src = merged;
    }
    host = qcow2_alloc_clusters(bs, 1);
    if (host < 0) {
        ret = (int)host;
        goto out;
    }
    if ((ret = qcow2_write_at(bs, (uint64_t)host, src, s->cluster_size)) < 0 ||
        (ret = qcow2_l2_set(bs, l2_offset, idx, (uint64_t)host | QCOW_OFLAG_COPIED)) < 0)
        goto out;
    ret = qcow2_free_entry(bs, l2e);
out:
    free(merged);
    return ret;
}

int qcow2_co_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    const uint8_t *p = buf;
    int ret;

    while (len) {
        size_t n = s->cluster_size - (off & (s->cluster_size - 1));

        if (n > len)
            n = len;
        if ((ret = write_cluster(bs, off, p, n)) < 0)
            return ret;
        p += n;
        off += n;
        len -= n;
    }
    return 0;
}

/*
 * Replace the entry of the whole cluster at off by new_entry (0 or the zero
 * flag), releasing what it pointed at.
 */
static int set_whole_cluster(BlockDriverState *bs, uint64_t off, uint64_t new_entry)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t l2_offset, *t, old, idx = l2_index(s, off);
    int ret;

    if ((ret = l2_for_write(bs, off, &l2_offset)) < 0 || (ret = qcow2_l2_load(bs, l2_offset, &t)) < 0)
        return ret;
    old = t[idx];
    if ((ret = check_entry(bs, old, l2_offset, idx)) < 0 ||
        (ret = qcow2_l2_set(bs, l2_offset, idx, new_entry)) < 0)
        return ret;
    return qcow2_free_entry(bs, old);
}

static int zero_partial(BlockDriverState *bs, uint64_t off, uint64_t n)
{
    uint8_t *z = calloc(1, (size_t)n);
    int ret;

    if (!z)
        return -ENOMEM;
    ret = qcow2_co_pwrite(bs, off, z, (size_t)n);
    free(z);
    return ret;
}

int qcow2_co_pwrite_zeroes(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    while (len) {
        uint64_t in = off & (s->cluster_size - 1), l2e;
        uint64_t n = s->cluster_size - in < len ? s->cluster_size - in : len;
        /* The image's last cluster counts as whole when the range runs to the end. */
        bool whole = in == 0 && (n == s->cluster_size || off + n == s->size);
        Qcow2ClusterType t;

        if ((ret = qcow2_get_entry(bs, off, &l2e)) < 0)
            return ret;
        t = qcow2_cluster_type(s, l2e);
        if (t == QCOW2_CLUSTER_ZERO_PLAIN || (t == QCOW2_CLUSTER_UNALLOCATED && !bs->backing)) {
            ret = 0;            /* already reads as zeroes */
        } else if (!whole) {
            ret = zero_partial(bs, off, n);
        } else if (s->version >= 3) {
            ret = set_whole_cluster(bs, off, QCOW_OFLAG_ZERO);
        } else if (!bs->backing) {
            ret = set_whole_cluster(bs, off, 0);
        } else {
            ret = zero_partial(bs, off, n);     /* v2 has no zero flag */
        }
        if (ret < 0)
            return ret;
        off += n;
        len -= n;
    }
    return 0;
}

/* Discard is advisory: partial clusters and v2 clusters over a backing file stay. */
int qcow2_co_pdiscard(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    while (len) {
        uint64_t in = off & (s->cluster_size - 1), l2e;
        uint64_t n = s->cluster_size - in < len ? s->cluster_size - in : len;
        bool whole = in == 0 && (n == s->cluster_size || off + n == s->size);
        Qcow2ClusterType t;

        if ((ret = qcow2_get_entry(bs, off, &l2e)) < 0)
            return ret;
        t = qcow2_cluster_type(s, l2e);
        if (whole && t != QCOW2_CLUSTER_UNALLOCATED && t != QCOW2_CLUSTER_ZERO_PLAIN) {
            if (!bs->backing)
                ret = set_whole_cluster(bs, off, 0);
            else if (s->version >= 3)
                ret = set_whole_cluster(bs, off, QCOW_OFLAG_ZERO);
            if (ret < 0)
                return ret;
        }
        off += n;
        len -= n;
    }
    return 0;
}

/* convert -c: one whole cluster (the image's last may be short: padded with zeroes). */
int qcow2_co_pwrite_compressed(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t l2_offset, *t, idx = l2_index(s, off), old, nb_sectors;
    uint8_t *in = NULL, *out = NULL;
    const uint8_t *src = buf;
    size_t clen = s->cluster_size;
    int64_t host;
    int ret;

    if ((off & (s->cluster_size - 1)) || len > s->cluster_size ||
        (len < s->cluster_size && off + len != s->size))
        return -EINVAL;
    if (!(out = malloc(s->cluster_size)))
        return -ENOMEM;
    if (len < s->cluster_size) {
        if (!(in = calloc(1, s->cluster_size))) {
            ret = -ENOMEM;
            goto out;
        }
        memcpy(in, buf, len);
        src = in;
    }
    ret = qcow2_compress(s, src, out, &clen);
    if (ret == -ENOSPC) {
        /* Incompressible: stored as is, as QEMU does. */
        ret = qcow2_co_pwrite(bs, off, buf, len);
        goto out;
    }
    if (ret < 0)
        goto out;
    if ((ret = l2_for_write(bs, off, &l2_offset)) < 0 || (ret = qcow2_l2_load(bs, l2_offset, &t)) < 0)
        goto out;
    old = t[idx];
    host = qcow2_alloc_bytes(bs, clen);
    if (host < 0) {
        ret = (int)host;
        goto out;
    }
    if ((uint64_t)host > s->cluster_offset_mask) {
        ret = -EFBIG;
        goto out;
    }
    nb_sectors = (((uint64_t)host + clen - 1) >> 9) - ((uint64_t)host >> 9);
    if ((ret = qcow2_write_at(bs, (uint64_t)host, out, clen)) < 0 ||
        (ret = qcow2_l2_set(bs, l2_offset, idx, QCOW_OFLAG_COMPRESSED |
                            (nb_sectors << s->csize_shift) | (uint64_t)host)) < 0)
        goto out;
    ret = qcow2_free_entry(bs, old);
out:
    free(in);
    free(out);
    return ret;
}

int qcow2_co_block_status(BlockDriverState *bs, uint64_t off, uint64_t len, uint64_t *pnum)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int first = -1;

    *pnum = 0;
    while (len) {
        uint64_t in = off & (s->cluster_size - 1), l2e;
        uint64_t n = s->cluster_size - in < len ? s->cluster_size - in : len;
        int st, ret;

        if ((ret = qcow2_get_entry(bs, off, &l2e)) < 0)
            return *pnum ? first : ret;
        switch (qcow2_cluster_type(s, l2e)) {
        case QCOW2_CLUSTER_UNALLOCATED: st = bs->backing ? 0 : BDRV_BLOCK_ZERO; break;
        case QCOW2_CLUSTER_ZERO_PLAIN:
        case QCOW2_CLUSTER_ZERO_ALLOC: st = BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED; break;
        case QCOW2_CLUSTER_COMPRESSED:
            st = BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED | BDRV_BLOCK_COMPRESSED;
            break;
        default: st = BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED; break;
        }
        if (first < 0)
            first = st;
        else if (st != first)
            break;
        *pnum += n;
        off += n;
        len -= n;
    }
    return first < 0 ? 0 : first;
}

/* commit: this layer forgets everything, so reads fall through to the backing. */
int qcow2_make_empty(BlockDriverState *bs)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l2_offset, *t;

        if ((ret = l2_of_l1(bs, i, &l2_offset)) < 0)
            return ret;
        if (!l2_offset)
            continue;
        /* Each L1 path holds one reference on the data it reaches, shared table or not. */
        for (uint64_t k = 0; k < s->l2_entries; k++) {
            uint64_t e;

            if ((ret = qcow2_l2_load(bs, l2_offset, &t)) < 0)
                return ret;
            e = t[k];
            if (!e)
                continue;
            if ((ret = check_entry(bs, e, l2_offset, k)) < 0 || (ret = qcow2_free_entry(bs, e)) < 0)
                return ret;
        }
        if ((ret = qcow2_l1_set(bs, i, 0)) < 0 ||
            (ret = qcow2_free_range(bs, l2_offset, s->cluster_size)) < 0)
            return ret;
    }
    return blkfile_flush(&bs->file);
}

int qcow2_grow_l1(BlockDriverState *bs, uint64_t size)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t need = (size + (s->cluster_size << s->l2_bits) - 1) >> (s->cluster_bits + s->l2_bits);
    uint64_t old_off = s->l1_offset, old_bytes = (uint64_t)s->l1_size * 8, *nl1, *be;
    uint8_t hdr[12];
    int64_t off;
    int ret;

    if (need <= s->l1_size)
        return 0;
    if (need * 8 > QCOW2_MAX_L1_BYTES) {
        bdrv_seterr("Image size too large for this cluster size (L1 table would exceed %u bytes)",
                    QCOW2_MAX_L1_BYTES);
        return -EFBIG;
    }
    nl1 = calloc(need, 8);
    be = calloc(need, 8);
    if (!nl1 || !be) {
        free(nl1);
        free(be);
        return -ENOMEM;
    }
    memcpy(nl1, s->l1, old_bytes);
    for (uint64_t i = 0; i < need; i++)
        qcow2_put_be64(&be[i], nl1[i]);
    off = qcow2_alloc_clusters(bs, qcow2_align_up(need * 8, s->cluster_size) / s->cluster_size);
    ret = off < 0 ? (int)off : qcow2_write_at(bs, (uint64_t)off, be, need * 8);
    free(be);
    if (ret == 0)
        ret = blkfile_flush(&bs->file);
    if (ret < 0) {
        free(nl1);
        return ret;
    }
    qcow2_put_be32(hdr, (uint32_t)need);
    qcow2_put_be64(hdr + 4, (uint64_t)off);
    if ((ret = qcow2_write_at(bs, 36, hdr, sizeof(hdr))) < 0) {
        free(nl1);
        return ret;
    }
    free(s->l1);
    s->l1 = nl1;
    s->l1_size = (uint32_t)need;
    s->l1_offset = (uint64_t)off;
    return old_bytes ? qcow2_free_range(bs, old_off, qcow2_align_up(old_bytes, s->cluster_size)) : 0;
}

int qcow2_preallocate(BlockDriverState *bs, uint64_t from, uint64_t to)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    for (uint64_t off = from & ~(s->cluster_size - 1); off < to; off += s->cluster_size) {
        uint64_t l2_offset, *t, idx = l2_index(s, off);
        int64_t host;

        if ((ret = l2_for_write(bs, off, &l2_offset)) < 0 || (ret = qcow2_l2_load(bs, l2_offset, &t)) < 0)
            return ret;
        if (t[idx])
            continue;
        host = qcow2_alloc_clusters(bs, 1);
        if (host < 0)
            return (int)host;
        if ((ret = qcow2_l2_set(bs, l2_offset, idx, (uint64_t)host | QCOW_OFLAG_COPIED)) < 0)
            return ret;
    }
    return 0;
}

int qcow2_drop_beyond(BlockDriverState *bs, uint64_t from)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    for (uint64_t off = qcow2_align_up(from, s->cluster_size); off < s->size; off += s->cluster_size) {
        uint64_t l2e;

        if ((ret = qcow2_get_entry(bs, off, &l2e)) < 0)
            return ret;
        if (l2e && (ret = set_whole_cluster(bs, off, 0)) < 0)
            return ret;
    }
    return 0;
}
