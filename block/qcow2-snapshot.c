/*
 * qcow2 internal snapshots (qcow2.txt "Snapshots"): a table of entries,
 * each naming a copy of the L1 table; the clusters a snapshot shares with
 * the active disk carry one reference per L1 table that reaches them, and
 * lose their COPIED flag while shared.
 */
#include "block/qcow2.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

enum {
    SNAP_FIXED = 40,            /* fixed part of a table entry */
    SNAP_EXTRA_OURS = 24,       /* vm_state_size_large, disk_size, icount */
    SNAP_MAX_EXTRA = 1024,
};

void qcow2_free_snapshots(BDRVQcow2State *s)
{
    for (uint32_t i = 0; s->snaps && i < s->nb_snaps; i++) {
        free(s->snaps[i].id);
        free(s->snaps[i].name);
        free(s->snaps[i].extra);
    }
    free(s->snaps);
    s->snaps = NULL;
}

static char *dup_n(const uint8_t *p, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, p, n);
        d[n] = '\0';
    }
    return d;
}

static int bad_table(const char *what)
{
    bdrv_seterr("Snapshot table is corrupt: %s", what);
    return -EINVAL;
}

int qcow2_read_snapshots(BlockDriverState *bs)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int64_t flen = blkfile_getlength(&bs->file);
    uint64_t pos = s->snap_offset, end;
    int ret;

    if (!s->nb_snaps)
        return 0;
    if (flen < 0)
        return (int)flen;
    if (s->nb_snaps > QCOW2_MAX_SNAPSHOTS) {
        bdrv_seterr("Too many snapshots");
        return -EFBIG;
    }
    if (!qcow2_is_aligned(s, pos) || !pos || pos >= (uint64_t)flen) {
        bdrv_seterr("Invalid snapshot table offset");
        return -EINVAL;
    }
    end = (uint64_t)flen - pos < QCOW2_MAX_SNAPSHOTS_BYTES ? (uint64_t)flen
                                                          : pos + QCOW2_MAX_SNAPSHOTS_BYTES;
    s->snaps = calloc(s->nb_snaps, sizeof(*s->snaps));
    if (!s->snaps)
        return -ENOMEM;
    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        Qcow2Snapshot *sn = &s->snaps[i];
        uint8_t h[SNAP_FIXED], *var;
        uint32_t extra, id_len, name_len;
        uint64_t total;

        if (end - pos < SNAP_FIXED)
            return bad_table("entry beyond the end of the file");
        if ((ret = qcow2_read_at(bs, pos, h, sizeof(h))) < 0)
            return ret;
        sn->l1_offset = qcow2_be64(h);
        sn->l1_size = qcow2_be32(h + 8);
        id_len = qcow2_be16(h + 12);
        name_len = qcow2_be16(h + 14);
        sn->date_sec = qcow2_be32(h + 16);
        sn->date_nsec = qcow2_be32(h + 20);
        sn->vm_clock_nsec = qcow2_be64(h + 24);
        sn->vm_state_size = qcow2_be32(h + 32);
        extra = qcow2_be32(h + 36);
        sn->icount = UINT64_MAX;
        if (extra > SNAP_MAX_EXTRA)
            return bad_table("too much extra data");
        /* Entries start 8-aligned; the last one is not padded in the file. */
        total = SNAP_FIXED + (uint64_t)extra + id_len + name_len;
        if (end - pos < total)
            return bad_table("entry beyond the end of the file");
        if (!(var = malloc(total - SNAP_FIXED + 1)))
            return -ENOMEM;
        if ((ret = qcow2_read_at(bs, pos + SNAP_FIXED, var, total - SNAP_FIXED)) < 0) {
            free(var);
            return ret;
        }
        if (extra >= 8)
            sn->vm_state_size = qcow2_be64(var);
        sn->disk_size = extra >= 16 ? qcow2_be64(var + 8) : s->size;
        if (extra >= 24)
            sn->icount = qcow2_be64(var + 16);
        if (extra > SNAP_EXTRA_OURS) {
            sn->extra_size = extra - SNAP_EXTRA_OURS;
            sn->extra = malloc(sn->extra_size);
            if (sn->extra)
                memcpy(sn->extra, var + SNAP_EXTRA_OURS, sn->extra_size);
        }
        sn->id = dup_n(var + extra, id_len);
        sn->name = dup_n(var + extra + id_len, name_len);
        free(var);
        if (!sn->id || !sn->name || (extra > SNAP_EXTRA_OURS && !sn->extra))
            return -ENOMEM;
        if ((uint64_t)sn->l1_size * 8 > QCOW2_MAX_L1_BYTES) {
            bdrv_seterr("Snapshot L1 table too large");
            return -EFBIG;
        }
        if (sn->l1_size && (!qcow2_is_aligned(s, sn->l1_offset) || sn->l1_offset >= (uint64_t)flen ||
                            (uint64_t)sn->l1_size * 8 > (uint64_t)flen - sn->l1_offset)) {
            bdrv_seterr("Snapshot L1 table offset invalid");
            return -EINVAL;
        }
        s->snap_size = pos + total - s->snap_offset;
        pos += qcow2_align_up(total, 8);
    }
    return 0;
}

/* Write the whole table to new clusters, switch the header to it, free the old. */
static int write_snapshots(BlockDriverState *bs)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t size = 0, old_off = s->snap_offset, old_size = 0, pos = 0;
    uint8_t *buf, hdr[12];
    int64_t off = 0;
    int ret;

    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        Qcow2Snapshot *sn = &s->snaps[i];
        size += qcow2_align_up(SNAP_FIXED + SNAP_EXTRA_OURS + sn->extra_size + strlen(sn->id) +
                               strlen(sn->name), 8);
    }
    if (!(buf = calloc(1, size + 1)))
        return -ENOMEM;
    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        Qcow2Snapshot *sn = &s->snaps[i];
        uint8_t *p = buf + pos;
        size_t il = strlen(sn->id), nl = strlen(sn->name);
        uint32_t extra = SNAP_EXTRA_OURS + sn->extra_size;

        qcow2_put_be64(p, sn->l1_offset);
        qcow2_put_be32(p + 8, sn->l1_size);
        qcow2_put_be16(p + 12, (uint16_t)il);
        qcow2_put_be16(p + 14, (uint16_t)nl);
        qcow2_put_be32(p + 16, sn->date_sec);
        qcow2_put_be32(p + 20, sn->date_nsec);
        qcow2_put_be64(p + 24, sn->vm_clock_nsec);
        qcow2_put_be32(p + 32, sn->vm_state_size > UINT32_MAX ? 0 : (uint32_t)sn->vm_state_size);
        qcow2_put_be32(p + 36, extra);
        qcow2_put_be64(p + 40, sn->vm_state_size);
        qcow2_put_be64(p + 48, sn->disk_size);
        qcow2_put_be64(p + 56, sn->icount);
        if (sn->extra_size)
            memcpy(p + 64, sn->extra, sn->extra_size);
        memcpy(p + SNAP_FIXED + extra, sn->id, il);
        memcpy(p + SNAP_FIXED + extra + il, sn->name, nl);
        pos += qcow2_align_up(SNAP_FIXED + extra + il + nl, 8);
    }
    if (size) {
        off = qcow2_alloc_clusters(bs, qcow2_align_up(size, s->cluster_size) / s->cluster_size);
        ret = off < 0 ? (int)off : qcow2_write_at(bs, (uint64_t)off, buf, size);
    } else {
        ret = 0;
    }
    free(buf);
    if (ret == 0)
        ret = blkfile_flush(&bs->file);
    if (ret < 0)
        return ret;
    qcow2_put_be32(hdr, s->nb_snaps);
    qcow2_put_be64(hdr + 4, (uint64_t)off);
    if ((ret = qcow2_write_at(bs, 60, hdr, sizeof(hdr))) < 0)
        return ret;
    old_size = s->snap_size;
    s->snap_offset = (uint64_t)off;
    s->snap_size = size;
    if (old_off && old_size)
        return qcow2_free_range(bs, old_off, qcow2_align_up(old_size, s->cluster_size));
    return 0;
}

static Qcow2Snapshot *find_snapshot(BDRVQcow2State *s, const char *name)
{
    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        if (!strcmp(s->snaps[i].id, name))
            return &s->snaps[i];
    }
    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        if (!strcmp(s->snaps[i].name, name))
            return &s->snaps[i];
    }
    return NULL;
}

int qcow2_update_l1_refcounts(BlockDriverState *bs, uint64_t *l1, uint32_t l1_size,
                              uint64_t l1_offset, int addend)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    for (uint32_t i = 0; i < l1_size; i++) {
        uint64_t l2_offset = l1[i] & L1E_OFFSET_MASK, rc, ne;

        if (!l2_offset)
            continue;
        if (!qcow2_is_aligned(s, l2_offset))
            return qcow2_signal_corruption(bs, "L2 table offset 0x%llx unaligned (L1 index: 0x%x)",
                                           (unsigned long long)l2_offset, i);
        for (uint64_t k = 0; k < s->l2_entries; k++) {
            uint64_t *t, e, off, len;
            Qcow2ClusterType type;

            if ((ret = qcow2_l2_load(bs, l2_offset, &t)) < 0)
                return ret;
            e = t[k];
            type = qcow2_cluster_type(s, e);
            if (type == QCOW2_CLUSTER_COMPRESSED) {
                qcow2_compressed_range(s, e, &off, &len);
                for (uint64_t c = off / s->cluster_size; addend && c <= (off + len - 1) / s->cluster_size; c++) {
                    if ((ret = qcow2_rc_update(bs, c, addend)) < 0)
                        return ret;
                }
                continue;
            }
            if (type != QCOW2_CLUSTER_NORMAL && type != QCOW2_CLUSTER_ZERO_ALLOC)
                continue;
            off = e & L2E_OFFSET_MASK;
            if (!qcow2_is_aligned(s, off))
                return qcow2_signal_corruption(bs, "Cluster allocation offset 0x%llx unaligned "
                                               "(L2 offset: 0x%llx, L2 index: 0x%llx)",
                                               (unsigned long long)off, (unsigned long long)l2_offset,
                                               (unsigned long long)k);
            if (addend && (ret = qcow2_rc_update(bs, off / s->cluster_size, addend)) < 0)
                return ret;
            if ((ret = qcow2_rc_get(bs, off / s->cluster_size, &rc)) < 0)
                return ret;
            ne = rc == 1 ? e | QCOW_OFLAG_COPIED : e & ~QCOW_OFLAG_COPIED;
            if (ne != e && rc > 0 && (ret = qcow2_l2_set(bs, l2_offset, k, ne)) < 0)
                return ret;
        }
        if (addend && (ret = qcow2_rc_update(bs, l2_offset / s->cluster_size, addend)) < 0)
            return ret;
        if ((ret = qcow2_rc_get(bs, l2_offset / s->cluster_size, &rc)) < 0)
            return ret;
        ne = rc == 1 ? l1[i] | QCOW_OFLAG_COPIED : l1[i] & ~QCOW_OFLAG_COPIED;
        if (ne != l1[i]) {
            l1[i] = ne;
            if (l1_offset) {
                uint64_t be;

                qcow2_put_be64(&be, ne);
                if ((ret = qcow2_write_at(bs, l1_offset + (uint64_t)i * 8, &be, 8)) < 0)
                    return ret;
            }
        }
    }
    return 0;
}

int qcow2_fix_copied_flags(BlockDriverState *bs)
{
    BDRVQcow2State *s = qcow2_state(bs);

    return qcow2_update_l1_refcounts(bs, s->l1, s->l1_size, s->l1_offset, 0);
}

int qcow2_snapshot_list(BlockDriverState *bs, BdrvSnapshotInfo **out)
{
    BDRVQcow2State *s = qcow2_state(bs);
    BdrvSnapshotInfo *l;

    *out = NULL;
    if (!s->nb_snaps)
        return 0;
    if (!(l = calloc(s->nb_snaps, sizeof(*l))))
        return -ENOMEM;
    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        Qcow2Snapshot *sn = &s->snaps[i];

        snprintf(l[i].id, sizeof(l[i].id), "%s", sn->id);
        snprintf(l[i].name, sizeof(l[i].name), "%s", sn->name);
        l[i].vm_state_size = sn->vm_state_size;
        l[i].date_sec = sn->date_sec;
        l[i].date_nsec = sn->date_nsec;
        l[i].vm_clock_nsec = sn->vm_clock_nsec;
        l[i].icount = sn->icount;
        l[i].disk_size = sn->disk_size;
    }
    *out = l;
    return (int)s->nb_snaps;
}

static uint64_t *read_l1(BlockDriverState *bs, uint64_t off, uint32_t n, int *err)
{
    uint64_t *l1 = calloc(n ? n : 1, 8);

    *err = l1 ? 0 : -ENOMEM;
    if (l1 && n && (*err = qcow2_read_at(bs, off, l1, (size_t)n * 8)) < 0) {
        free(l1);
        return NULL;
    }
    for (uint32_t i = 0; l1 && i < n; i++)
        l1[i] = qcow2_be64(&l1[i]);
    return l1;
}

int qcow2_snapshot_create(BlockDriverState *bs, const char *name)
{
    BDRVQcow2State *s = qcow2_state(bs);
    Qcow2Snapshot sn = { 0 }, *arr;
    unsigned long max_id = 0;
    struct timeval tv;
    uint64_t *be;
    char id[32];
    int64_t off = 0;
    int ret;

    if (s->nb_snaps >= QCOW2_MAX_SNAPSHOTS) {
        bdrv_seterr("Too many snapshots");
        return -EFBIG;
    }
    if (strlen(name) > 65535) {
        bdrv_seterr("Snapshot name too long");
        return -EINVAL;
    }
    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        unsigned long v = strtoul(s->snaps[i].id, NULL, 10);
        if (v > max_id)
            max_id = v;
    }
    snprintf(id, sizeof(id), "%lu", max_id + 1);

    /* Every cluster the active L1 reaches gains the snapshot's reference. */
    if ((ret = qcow2_update_l1_refcounts(bs, s->l1, s->l1_size, s->l1_offset, 1)) < 0)
        return ret;
    if (s->l1_size) {
        off = qcow2_alloc_clusters(bs, qcow2_align_up((uint64_t)s->l1_size * 8, s->cluster_size) /
                                   s->cluster_size);
        if (off < 0)
            return (int)off;
        if (!(be = calloc(s->l1_size, 8)))
            return -ENOMEM;
        for (uint32_t i = 0; i < s->l1_size; i++)
            qcow2_put_be64(&be[i], s->l1[i]);
        ret = qcow2_write_at(bs, (uint64_t)off, be, (size_t)s->l1_size * 8);
        free(be);
        if (ret < 0)
            return ret;
    }
    gettimeofday(&tv, NULL);
    sn.l1_offset = (uint64_t)off;
    sn.l1_size = s->l1_size;
    sn.id = strdup(id);
    sn.name = strdup(name);
    sn.date_sec = (uint32_t)tv.tv_sec;
    sn.date_nsec = (uint32_t)tv.tv_usec * 1000;
    sn.disk_size = s->size;
    sn.icount = 0;
    arr = realloc(s->snaps, (s->nb_snaps + 1) * sizeof(*arr));
    if (!sn.id || !sn.name || !arr) {
        free(sn.id);
        free(sn.name);
        if (arr)
            s->snaps = arr;
        return -ENOMEM;
    }
    s->snaps = arr;
    s->snaps[s->nb_snaps++] = sn;
    return write_snapshots(bs);
}

int qcow2_snapshot_apply(BlockDriverState *bs, const char *name)
{
    BDRVQcow2State *s = qcow2_state(bs);
    Qcow2Snapshot *sn = find_snapshot(s, name);
    uint64_t *snap_l1, *old_l1, *be;
    uint32_t old_size = s->l1_size;
    int ret;

    if (!sn) {
        bdrv_seterr("Failed to load snapshot: %s", strerror(ENOENT));
        return -ENOENT;
    }
    if (sn->l1_size > s->l1_size && (ret = qcow2_grow_l1(bs, (uint64_t)sn->l1_size <<
                                                         (s->cluster_bits + s->l2_bits))) < 0)
        return ret;
    if (!(snap_l1 = read_l1(bs, sn->l1_offset, sn->l1_size, &ret)))
        return ret;
    old_l1 = malloc((size_t)(old_size ? old_size : 1) * 8);
    be = calloc(s->l1_size, 8);
    if (!old_l1 || !be) {
        ret = -ENOMEM;
        goto out;
    }
    memcpy(old_l1, s->l1, (size_t)old_size * 8);
    /* The snapshot's tree gains the active disk's reference before the old tree loses it. */
    if ((ret = qcow2_update_l1_refcounts(bs, snap_l1, sn->l1_size, 0, 1)) < 0)
        goto out;
    memset(s->l1, 0, (size_t)s->l1_size * 8);
    memcpy(s->l1, snap_l1, (size_t)sn->l1_size * 8);
    for (uint32_t i = 0; i < s->l1_size; i++)
        qcow2_put_be64(&be[i], s->l1[i]);
    if ((ret = qcow2_write_at(bs, s->l1_offset, be, (size_t)s->l1_size * 8)) < 0 ||
        (ret = blkfile_flush(&bs->file)) < 0)
        goto out;
    if ((ret = qcow2_update_l1_refcounts(bs, old_l1, old_size, 0, -1)) < 0)
        goto out;
    ret = qcow2_fix_copied_flags(bs);
    if (ret == 0 && sn->disk_size != s->size) {
        uint8_t sz[8];

        s->size = sn->disk_size;
        qcow2_put_be64(sz, s->size);
        ret = qcow2_write_at(bs, 24, sz, 8);
    }
out:
    free(snap_l1);
    free(old_l1);
    free(be);
    return ret;
}

int qcow2_snapshot_delete(BlockDriverState *bs, const char *name)
{
    BDRVQcow2State *s = qcow2_state(bs);
    Qcow2Snapshot *found = find_snapshot(s, name), sn;
    uint32_t idx;
    uint64_t *l1;
    int ret;

    if (!found) {
        bdrv_seterr("snapshot not found");
        return -ENOENT;
    }
    idx = (uint32_t)(found - s->snaps);
    sn = *found;
    memmove(&s->snaps[idx], &s->snaps[idx + 1], (s->nb_snaps - idx - 1) * sizeof(sn));
    s->nb_snaps--;
    if ((ret = write_snapshots(bs)) < 0)
        goto out;
    if (!(l1 = read_l1(bs, sn.l1_offset, sn.l1_size, &ret)))
        goto out;
    ret = qcow2_update_l1_refcounts(bs, l1, sn.l1_size, 0, -1);
    free(l1);
    if (ret == 0 && sn.l1_size)
        ret = qcow2_free_range(bs, sn.l1_offset,
                               qcow2_align_up((uint64_t)sn.l1_size * 8, s->cluster_size));
    if (ret == 0)
        ret = qcow2_fix_copied_flags(bs);
out:
    free(sn.id);
    free(sn.name);
    free(sn.extra);
    return ret;
}
