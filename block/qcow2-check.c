/*
 * qcow2 consistency check and repair, with qemu-img check's counters and
 * messages: every metadata structure and data cluster reachable from the
 * header, the active L1 and each snapshot's L1 counts one reference per
 * path; the result is compared with the refcounts stored in the image.
 * On stderr: "Leaked cluster N refcount=R reference=F", "ERROR cluster ...",
 * "Repairing cluster ..." as qemu-img prints them.
 */
#include "block/qcow2.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct CheckState {
    BlockDriverState *bs;
    BDRVQcow2State *s;
    BdrvCheckResult *res;
    uint64_t *refs;             /* computed references per cluster */
    uint64_t nb_clusters;       /* of the file */
    uint64_t file_len;
    uint64_t *l2;               /* scratch L2 table */
    uint64_t next_contig;       /* fragmentation: where the next data cluster would follow */
} CheckState;

static void inc_refs(CheckState *c, uint64_t off, uint64_t len)
{
    if (!len)
        return;
    for (uint64_t k = off / c->s->cluster_size; k <= (off + len - 1) / c->s->cluster_size; k++) {
        if (k >= c->nb_clusters) {
            fprintf(stderr, "ERROR: counting reference for region exceeding the end of the file "
                    "by one cluster or more: offset 0x%llx size 0x%llx\n",
                    (unsigned long long)off, (unsigned long long)len);
            c->res->corruptions++;
            return;
        }
        c->refs[k]++;
    }
}

/* Is [off, off+len) inside the file? */
static bool in_file(CheckState *c, uint64_t off, uint64_t len)
{
    return off <= c->file_len && len <= c->file_len - off;
}

static int check_l2(CheckState *c, uint64_t l2_offset, bool active)
{
    BDRVQcow2State *s = c->s;
    int ret;

    if ((ret = qcow2_read_at(c->bs, l2_offset, c->l2, s->cluster_size)) < 0)
        return ret;
    for (uint64_t k = 0; k < s->l2_entries; k++) {
        uint64_t e = qcow2_be64(&c->l2[k]), off, len;

        switch (qcow2_cluster_type(s, e)) {
        case QCOW2_CLUSTER_COMPRESSED:
            if (e & QCOW_OFLAG_COPIED) {
                fprintf(stderr, "ERROR: coffset=0x%llx: Compressed cluster has copied flag set\n",
                        (unsigned long long)(e & s->cluster_offset_mask));
                c->res->corruptions++;
            }
            qcow2_compressed_range(s, e, &off, &len);
            if (active) {
                c->res->allocated_clusters++;
                c->res->compressed_clusters++;
                /* Compressed clusters share sectors: fragmented by nature. */
                c->res->fragmented_clusters++;
            }
            inc_refs(c, off, len);
            break;
        case QCOW2_CLUSTER_NORMAL:
        case QCOW2_CLUSTER_ZERO_ALLOC:
            off = e & L2E_OFFSET_MASK;
            if (!qcow2_is_aligned(s, off)) {
                fprintf(stderr, "ERROR offset=%llx: Data cluster is not properly aligned; L2 entry corrupted.\n",
                        (unsigned long long)off);
                c->res->corruptions++;
                break;
            }
            if (active) {
                c->res->allocated_clusters++;
                if (c->next_contig && off != c->next_contig)
                    c->res->fragmented_clusters++;
                c->next_contig = off + s->cluster_size;
            }
            inc_refs(c, off, s->cluster_size);
            break;
        default:
            break;
        }
    }
    return 0;
}

static int check_l1(CheckState *c, uint64_t l1_offset, uint32_t l1_size, bool active)
{
    BDRVQcow2State *s = c->s;
    uint64_t *l1;
    int ret = 0;

    inc_refs(c, l1_offset, (uint64_t)l1_size * 8);
    if (!l1_size)
        return 0;
    if (!in_file(c, l1_offset, (uint64_t)l1_size * 8)) {
        fprintf(stderr, "ERROR: L1 table at 0x%llx is outside the image\n", (unsigned long long)l1_offset);
        c->res->corruptions++;
        return 0;
    }
    if (!(l1 = malloc((size_t)l1_size * 8)))
        return -ENOMEM;
    if ((ret = qcow2_read_at(c->bs, l1_offset, l1, (size_t)l1_size * 8)) < 0)
        goto out;
    for (uint32_t i = 0; i < l1_size; i++) {
        uint64_t l2_offset = qcow2_be64(&l1[i]) & L1E_OFFSET_MASK;

        if (!l2_offset)
            continue;
        if (!qcow2_is_aligned(s, l2_offset)) {
            fprintf(stderr, "ERROR l2_offset=%llx: Table is not cluster aligned; L1 entry corrupted\n",
                    (unsigned long long)l2_offset);
            c->res->corruptions++;
            continue;
        }
        inc_refs(c, l2_offset, s->cluster_size);
        if (!in_file(c, l2_offset, s->cluster_size)) {
            fprintf(stderr, "ERROR l2_offset=%llx: Table is outside the image\n",
                    (unsigned long long)l2_offset);
            continue;   /* counted by inc_refs */
        }
        if ((ret = check_l2(c, l2_offset, active)) < 0)
            goto out;
    }
out:
    free(l1);
    return ret;
}

/* COPIED must be set exactly where the refcount is 1 (active tables only). */
static int check_copied(CheckState *c, int fix)
{
    BDRVQcow2State *s = c->s;
    BlockDriverState *bs = c->bs;
    int ret;

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l1e = s->l1[i], l2_offset = l1e & L1E_OFFSET_MASK, rc;

        if (!l2_offset || !qcow2_is_aligned(s, l2_offset) || !in_file(c, l2_offset, s->cluster_size))
            continue;
        if ((ret = qcow2_rc_get(bs, l2_offset / s->cluster_size, &rc)) < 0)
            return ret;
        if ((rc == 1) != !!(l1e & QCOW_OFLAG_COPIED)) {
            bool repair = (fix & BDRV_FIX_ERRORS) && rc > 0;

            fprintf(stderr, "%s OFLAG_COPIED L2 cluster: l1_index=%u l1_entry=%llx refcount=%llu\n",
                    repair ? "Repairing" : "ERROR", i, (unsigned long long)l1e, (unsigned long long)rc);
            c->res->corruptions++;
            if (repair) {
                if ((ret = qcow2_l1_set(bs, i, rc == 1 ? l1e | QCOW_OFLAG_COPIED
                                                       : l1e & ~QCOW_OFLAG_COPIED)) < 0)
                    return ret;
                c->res->corruptions_fixed++;
            }
        }
        if ((ret = qcow2_read_at(bs, l2_offset, c->l2, s->cluster_size)) < 0)
            return ret;
        for (uint64_t k = 0; k < s->l2_entries; k++) {
            uint64_t e = qcow2_be64(&c->l2[k]), off = e & L2E_OFFSET_MASK;
            Qcow2ClusterType t = qcow2_cluster_type(s, e);

            if ((t != QCOW2_CLUSTER_NORMAL && t != QCOW2_CLUSTER_ZERO_ALLOC) || !qcow2_is_aligned(s, off))
                continue;
            if ((ret = qcow2_rc_get(bs, off / s->cluster_size, &rc)) < 0)
                return ret;
            if ((rc == 1) != !!(e & QCOW_OFLAG_COPIED)) {
                bool repair = (fix & BDRV_FIX_ERRORS) && rc > 0;

                fprintf(stderr, "%s OFLAG_COPIED data cluster: l2_entry=%llx refcount=%llu\n",
                        repair ? "Repairing" : "ERROR", (unsigned long long)e, (unsigned long long)rc);
                c->res->corruptions++;
                if (repair) {
                    qcow2_l2_cache_drop(s, l2_offset);
                    if ((ret = qcow2_l2_set(bs, l2_offset, k, rc == 1 ? e | QCOW_OFLAG_COPIED
                                                                      : e & ~QCOW_OFLAG_COPIED)) < 0)
                        return ret;
                    c->res->corruptions_fixed++;
                }
            }
        }
    }
    return 0;
}

static int compare_refcounts(CheckState *c, int fix, int64_t *highest)
{
    BlockDriverState *bs = c->bs;
    int ret;

    for (uint64_t i = 0; i < c->nb_clusters; i++) {
        uint64_t rc, ref = c->refs[i];
        int64_t *fixed = NULL;

        if ((ret = qcow2_rc_get(bs, i, &rc)) < 0)
            return ret;
        if (rc || ref)
            *highest = (int64_t)i;
        if (rc == ref)
            continue;
        if (rc > ref && (fix & BDRV_FIX_LEAKS))
            fixed = &c->res->leaks_fixed;
        else if (rc < ref && (fix & BDRV_FIX_ERRORS))
            fixed = &c->res->corruptions_fixed;
        fprintf(stderr, "%s cluster %llu refcount=%llu reference=%llu\n",
                fixed ? "Repairing" : rc < ref ? "ERROR" : "Leaked",
                (unsigned long long)i, (unsigned long long)rc, (unsigned long long)ref);
        if (fixed) {
            if ((ret = qcow2_rc_set(bs, i, ref)) < 0)
                return ret;
            (*fixed)++;
        }
        if (rc < ref)
            c->res->corruptions++;
        else
            c->res->leaks++;
    }
    return 0;
}

int qcow2_check(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    BDRVQcow2State *s = qcow2_state(bs);
    CheckState c = { .bs = bs, .s = s, .res = res };
    int64_t flen = blkfile_getlength(&bs->file), highest = -1;
    int ret;

    if (flen < 0)
        return (int)flen;
    if (bs->readonly)
        fix = 0;
    c.file_len = (uint64_t)flen;
    c.nb_clusters = qcow2_align_up(c.file_len, s->cluster_size) / s->cluster_size;
    c.refs = calloc(c.nb_clusters ? c.nb_clusters : 1, sizeof(*c.refs));
    c.l2 = malloc(s->cluster_size);
    if (!c.refs || !c.l2) {
        ret = -ENOMEM;
        goto out;
    }
    res->total_clusters = (int64_t)(qcow2_align_up(s->size, s->cluster_size) / s->cluster_size);

    inc_refs(&c, 0, s->cluster_size);
    if ((ret = check_l1(&c, s->l1_offset, s->l1_size, true)) < 0)
        goto out;
    for (uint32_t i = 0; i < s->nb_snaps; i++) {
        if ((ret = check_l1(&c, s->snaps[i].l1_offset, s->snaps[i].l1_size, false)) < 0)
            goto out;
    }
    inc_refs(&c, s->snap_offset, s->snap_size);
    inc_refs(&c, s->reft_offset, (uint64_t)s->reft_clusters * s->cluster_size);
    for (uint64_t i = 0; i < s->reft_size; i++) {
        uint64_t off = s->reft[i] & REFT_OFFSET_MASK;

        if (!off)
            continue;
        if (!qcow2_is_aligned(s, off)) {
            fprintf(stderr, "ERROR refcount block %llu is not cluster aligned; refcount table entry corrupted\n",
                    (unsigned long long)i);
            res->corruptions++;
            continue;
        }
        if (off / s->cluster_size >= c.nb_clusters) {
            fprintf(stderr, "ERROR refcount block %llu is outside image\n", (unsigned long long)i);
            res->corruptions++;
            continue;
        }
        inc_refs(&c, off, s->cluster_size);
    }
    /* Like qemu-img: report every mismatch first, then go over them again repairing. */
    {
        BdrvCheckResult before = *res;

        if ((ret = compare_refcounts(&c, 0, &highest)) < 0)
            goto out;
        if (fix && (res->leaks || res->corruptions)) {
            *res = before;
            if ((ret = compare_refcounts(&c, fix, &highest)) < 0)
                goto out;
        }
    }
    if ((ret = check_copied(&c, fix)) < 0)
        goto out;
    res->image_end_offset = (highest + 1) * (int64_t)s->cluster_size;
    if ((fix & BDRV_FIX_ERRORS) && res->corruptions == res->corruptions_fixed &&
        (s->incompat & QCOW2_INCOMPAT_CORRUPT)) {
        s->incompat &= ~(uint64_t)QCOW2_INCOMPAT_CORRUPT;
        ret = qcow2_write_feature_bits(bs);
    }
    if (fix && ret == 0)
        ret = blkfile_flush(&bs->file);
out:
    free(c.refs);
    free(c.l2);
    return ret;
}
