/*
 * qcow2: the header, its extensions, open/close/create and resize.
 * Spec: QEMU docs/interop/qcow2.txt, sections "Header" and "Header extensions".
 */
#include "block/qcow2.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/error.h"

/* "Feature name table": what our header advertises, as QEMU 7.2 writes it. */
static const struct {
    uint8_t type, bit;
    const char *name;
} feature_table[] = {
    { 0, 0, "dirty bit" },
    { 0, 1, "corrupt bit" },
    { 0, 2, "external data file" },
    { 0, 3, "compression type" },
    { 0, 4, "extended L2 entries" },
    { 1, 0, "lazy refcounts" },
    { 2, 0, "bitmaps" },
    { 2, 1, "raw external data" },
};

int qcow2_read_at(BlockDriverState *bs, uint64_t off, void *buf, size_t len)
{
    return blkfile_pread(&bs->file, off, buf, len);
}

int qcow2_write_at(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    if (bs->readonly)
        return -EPERM;
    return blkfile_pwrite(&bs->file, off, buf, len);
}

int qcow2_signal_corruption(BlockDriverState *bs, const char *fmt, ...)
{
    BDRVQcow2State *s = qcow2_state(bs);
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    bdrv_seterr("%s", msg);
    if (s->corrupt_signaled)
        return -EIO;
    s->corrupt_signaled = true;
    if (!bs->readonly && s->version >= 3) {
        error_report("qcow2: Marking image as corrupt: %s; further corruption events will be suppressed",
                     msg);
        s->incompat |= QCOW2_INCOMPAT_CORRUPT;
        qcow2_write_feature_bits(bs);
        blkfile_flush(&bs->file);
    } else {
        error_report("qcow2: Image is corrupt: %s; further non-fatal corruption events will be suppressed",
                     msg);
    }
    return -EIO;
}

Qcow2ClusterType qcow2_cluster_type(const BDRVQcow2State *s, uint64_t l2e)
{
    if (l2e & QCOW_OFLAG_COMPRESSED)
        return QCOW2_CLUSTER_COMPRESSED;
    if ((l2e & QCOW_OFLAG_ZERO) && s->version >= 3)
        return (l2e & L2E_OFFSET_MASK) ? QCOW2_CLUSTER_ZERO_ALLOC : QCOW2_CLUSTER_ZERO_PLAIN;
    return (l2e & L2E_OFFSET_MASK) ? QCOW2_CLUSTER_NORMAL : QCOW2_CLUSTER_UNALLOCATED;
}

/*
 * "Compressed Clusters Descriptor": bits 0..x-1 the host byte offset,
 * x..61 the number of 512-byte sectors after the first, x = 62 - (cluster_bits - 8).
 * The data runs from the offset to the end of the last sector.
 */
void qcow2_compressed_range(const BDRVQcow2State *s, uint64_t l2e, uint64_t *off, uint64_t *len)
{
    uint64_t nb_sectors = ((l2e >> s->csize_shift) & s->csize_mask) + 1;

    *off = l2e & s->cluster_offset_mask;
    *len = nb_sectors * 512 - (*off & 511);
}

int qcow2_write_feature_bits(BlockDriverState *bs)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint8_t buf[24];

    if (s->version < 3)
        return 0;
    qcow2_put_be64(buf, s->incompat);
    qcow2_put_be64(buf + 8, s->compat);
    qcow2_put_be64(buf + 16, s->autoclear);
    return qcow2_write_at(bs, 72, buf, sizeof(buf));
}

static size_t put_ext(uint8_t *p, uint32_t type, const void *data, uint32_t len)
{
    qcow2_put_be32(p, type);
    qcow2_put_be32(p + 4, len);
    memcpy(p + 8, data, len);
    memset(p + 8 + len, 0, qcow2_align_up(len, 8) - len);
    return 8 + qcow2_align_up(len, 8);
}

/* Lay out the header cluster: fixed fields, extensions, backing file name. */
static int build_header(BDRVQcow2State *s, const char *backing, const char *backing_fmt,
                        uint8_t *buf, size_t cs)
{
    size_t hlen = s->version >= 3 ? QCOW2_HDR_LEN : QCOW2_HDR_V2_LEN;
    size_t blen = backing ? strlen(backing) : 0;
    size_t need = hlen + 8 + (backing_fmt && *backing_fmt ? 8 + qcow2_align_up(strlen(backing_fmt), 8) : 0) +
                  (s->version >= 3 ? 8 + 48 * sizeof(feature_table) / sizeof(feature_table[0]) : 0) +
                  s->other_ext_len + blen;
    uint8_t *p;

    if (need > cs)
        return -ENOSPC;
    memset(buf, 0, cs);
    qcow2_put_be32(buf, QCOW2_MAGIC);
    qcow2_put_be32(buf + 4, s->version);
    qcow2_put_be32(buf + 20, s->cluster_bits);
    qcow2_put_be64(buf + 24, s->size);
    qcow2_put_be32(buf + 36, s->l1_size);
    qcow2_put_be64(buf + 40, s->l1_offset);
    qcow2_put_be64(buf + 48, s->reft_offset);
    qcow2_put_be32(buf + 56, s->reft_clusters);
    qcow2_put_be32(buf + 60, s->nb_snaps);
    qcow2_put_be64(buf + 64, s->snap_offset);
    if (s->version >= 3) {
        qcow2_put_be64(buf + 72, s->incompat);
        qcow2_put_be64(buf + 80, s->compat);
        qcow2_put_be64(buf + 88, s->autoclear);
        qcow2_put_be32(buf + 96, s->refcount_order);
        qcow2_put_be32(buf + 100, (uint32_t)hlen);
        buf[104] = s->compression_type;
    }
    p = buf + hlen;
    if (backing_fmt && *backing_fmt)
        p += put_ext(p, QCOW2_EXT_BACKING_FORMAT, backing_fmt, (uint32_t)strlen(backing_fmt));
    if (s->version >= 3) {
        uint8_t tab[48 * sizeof(feature_table) / sizeof(feature_table[0])];

        memset(tab, 0, sizeof(tab));
        for (size_t i = 0; i < sizeof(feature_table) / sizeof(feature_table[0]); i++) {
            tab[i * 48] = feature_table[i].type;
            tab[i * 48 + 1] = feature_table[i].bit;
            strncpy((char *)tab + i * 48 + 2, feature_table[i].name, 46);
        }
        p += put_ext(p, QCOW2_EXT_FEATURE_TABLE, tab, sizeof(tab));
    }
    if (s->other_ext_len)
        memcpy(p, s->other_ext, s->other_ext_len);
    p += s->other_ext_len;
    p += 8;     /* end of extensions: type 0, length 0 */
    if (blen) {
        memcpy(p, backing, blen);
        qcow2_put_be64(buf + 8, (uint64_t)(p - buf));
        qcow2_put_be32(buf + 16, (uint32_t)blen);
    }
    return 0;
}

int qcow2_write_header(BlockDriverState *bs)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint8_t *buf = malloc(s->cluster_size);
    int ret;

    if (!buf)
        return -ENOMEM;
    ret = build_header(s, bs->backing_file[0] ? bs->backing_file : NULL, bs->backing_format,
                       buf, s->cluster_size);
    if (ret == 0)
        ret = qcow2_write_at(bs, 0, buf, s->cluster_size);
    free(buf);
    return ret;
}

static int qcow2_probe(const uint8_t *buf, size_t len)
{
    if (len >= 8 && qcow2_be32(buf) == QCOW2_MAGIC && qcow2_be32(buf + 4) >= 2)
        return 100;
    return 0;
}

/* Walk the extensions between start and end of the header cluster. */
static int parse_extensions(BlockDriverState *bs, const uint8_t *hdr, size_t start, size_t end)
{
    BDRVQcow2State *s = qcow2_state(bs);
    size_t p = start;

    while (p + 8 <= end) {
        uint32_t type = qcow2_be32(hdr + p), len = qcow2_be32(hdr + p + 4);
        size_t total = 8 + qcow2_align_up(len, 8);

        if (type == QCOW2_EXT_END)
            return 0;
        if (len > end - p - 8) {
            bdrv_seterr("Header extension 0x%x too large", type);
            return -EINVAL;
        }
        if (type == QCOW2_EXT_BACKING_FORMAT) {
            if (len >= sizeof(bs->backing_format)) {
                bdrv_seterr("ERROR: ext_backing_format: len=%u too large", len);
                return -EINVAL;
            }
            memcpy(bs->backing_format, hdr + p + 8, len);
            bs->backing_format[len] = '\0';
        } else if (type == QCOW2_EXT_FEATURE_TABLE) {
            /* Rewritten from our own table. */
        } else if (type == QCOW2_EXT_BITMAPS && !(s->autoclear & QCOW2_AUTOCLEAR_BITMAPS)) {
            /* Stale (the autoclear bit is off): dropped, as the spec asks. */
        } else {
            size_t n = total < end - p ? total : end - p;
            uint8_t *o = realloc(s->other_ext, s->other_ext_len + n);

            if (!o)
                return -ENOMEM;
            s->other_ext = o;
            memcpy(o + s->other_ext_len, hdr + p, n);
            s->other_ext_len += n;
        }
        p += total;
    }
    return 0;
}

/* Incompatible features we cannot honour, named as the spec's feature table names them. */
static int check_features(BDRVQcow2State *s)
{
    uint64_t bad = s->incompat & ~(uint64_t)(QCOW2_INCOMPAT_DIRTY | QCOW2_INCOMPAT_CORRUPT |
                                             QCOW2_INCOMPAT_COMPRESSION);
    char names[256] = "";

    if (s->compression_type != 0) {
        bdrv_seterr("Unknown compression type %u", s->compression_type);
        return -ENOTSUP;
    }
    if (!bad)
        return 0;
    for (int bit = 0; bit < 64; bit++) {
        const char *name = NULL;
        char unknown[48];

        if (!(bad & (1ULL << bit)))
            continue;
        for (size_t i = 0; i < sizeof(feature_table) / sizeof(feature_table[0]); i++) {
            if (feature_table[i].type == 0 && feature_table[i].bit == bit)
                name = feature_table[i].name;
        }
        if (!name) {
            snprintf(unknown, sizeof(unknown), "Unknown incompatible feature: %x", 1u << (bit & 31));
            name = unknown;
        }
        snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
                 names[0] ? ", " : "", name);
    }
    bdrv_seterr("Unsupported qcow2 feature(s): %s", names);
    return -ENOTSUP;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* Bounds of a table read from the header: aligned, inside the file. */
static bool table_ok(const BDRVQcow2State *s, uint64_t off, uint64_t bytes, int64_t file_len)
{
    return qcow2_is_aligned(s, off) && off <= (uint64_t)file_len &&
           bytes <= (uint64_t)file_len - off;
}

static int load_tables(BlockDriverState *bs, int64_t file_len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t l1_bytes = (uint64_t)s->l1_size * 8, reft_bytes;
    uint64_t need_l1 = (s->size + (s->cluster_size << s->l2_bits) - 1) >> (s->cluster_bits + s->l2_bits);
    int ret;

    if (l1_bytes > QCOW2_MAX_L1_BYTES) {
        bdrv_seterr("Active L1 table too large");
        return -EFBIG;
    }
    if (s->l1_size < need_l1) {
        bdrv_seterr("L1 table is too small");
        return -EINVAL;
    }
    if (s->l1_size && !table_ok(s, s->l1_offset, l1_bytes, file_len)) {
        bdrv_seterr("Invalid L1 table offset");
        return -EINVAL;
    }
    if ((uint64_t)s->reft_clusters * s->cluster_size > QCOW2_MAX_REFTABLE_BYTES) {
        bdrv_seterr("Reference count table too large");
        return -EINVAL;
    }
    reft_bytes = (uint64_t)s->reft_clusters * s->cluster_size;
    if (!s->reft_clusters || !table_ok(s, s->reft_offset, reft_bytes, file_len)) {
        bdrv_seterr("Invalid reference count table offset");
        return -EINVAL;
    }
    s->l1 = calloc(s->l1_size ? s->l1_size : 1, 8);
    s->reft_size = reft_bytes / 8;
    s->reft = malloc(reft_bytes);
    if (!s->l1 || !s->reft)
        return -ENOMEM;
    if ((ret = qcow2_read_at(bs, s->l1_offset, s->l1, l1_bytes)) < 0 ||
        (ret = qcow2_read_at(bs, s->reft_offset, s->reft, reft_bytes)) < 0)
        return ret;
    for (uint32_t i = 0; i < s->l1_size; i++)
        s->l1[i] = qcow2_be64(&s->l1[i]);
    for (uint64_t i = 0; i < s->reft_size; i++) {
        uint64_t e = qcow2_be64(&s->reft[i]);
        uint64_t off = e & REFT_OFFSET_MASK;

        s->reft[i] = e;
        if (!off)
            continue;
        /* A refcount block must be a whole cluster of its own inside the file. */
        if (!qcow2_is_aligned(s, off) || !table_ok(s, off, s->cluster_size, file_len) ||
            off < s->cluster_size ||
            ranges_overlap(off, s->cluster_size, s->reft_offset, reft_bytes) ||
            (l1_bytes && ranges_overlap(off, s->cluster_size, s->l1_offset, l1_bytes))) {
            bdrv_seterr("Invalid refcount block offset 0x%llx (refcount table index %llu)",
                        (unsigned long long)off, (unsigned long long)i);
            return -EINVAL;
        }
    }
    return 0;
}

static int parse_header(BlockDriverState *bs, const uint8_t *h, int64_t file_len)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint64_t backing_off;
    uint32_t backing_len;

    if (qcow2_be32(h) != QCOW2_MAGIC) {
        bdrv_seterr("Image is not in qcow2 format");
        return -EINVAL;
    }
    s->version = qcow2_be32(h + 4);
    if (s->version < 2 || s->version > 3) {
        bdrv_seterr("Unsupported qcow2 version %u", s->version);
        return -ENOTSUP;
    }
    s->cluster_bits = qcow2_be32(h + 20);
    if (s->cluster_bits < QCOW2_MIN_CLUSTER_BITS || s->cluster_bits > QCOW2_MAX_CLUSTER_BITS) {
        bdrv_seterr("Unsupported cluster size: 2^%u", s->cluster_bits);
        return -EINVAL;
    }
    s->cluster_size = 1ULL << s->cluster_bits;
    if (s->version >= 3) {
        s->header_length = qcow2_be32(h + 100);
        if (s->header_length < QCOW2_HDR_V3_LEN) {
            bdrv_seterr("qcow2 header too short");
            return -EINVAL;
        }
        if (s->header_length > s->cluster_size) {
            bdrv_seterr("qcow2 header exceeds cluster size");
            return -EINVAL;
        }
        s->incompat = qcow2_be64(h + 72);
        s->compat = qcow2_be64(h + 80);
        s->autoclear = qcow2_be64(h + 88);
        s->refcount_order = qcow2_be32(h + 96);
        if (s->header_length > 104)
            s->compression_type = h[104];
        if (s->refcount_order > 6) {
            bdrv_seterr("Reference count entry width too large; may not exceed 64 bits");
            return -EINVAL;
        }
    } else {
        s->header_length = QCOW2_HDR_V2_LEN;
        s->refcount_order = 4;
    }
    if ((uint64_t)file_len < s->header_length) {
        bdrv_seterr("qcow2 header too short");
        return -EINVAL;
    }
    if (qcow2_be32(h + 32) != 0) {
        bdrv_seterr("Encrypted images are not supported");
        return -ENOTSUP;
    }
    s->refcount_bits = 1u << s->refcount_order;
    s->refcount_max = s->refcount_bits == 64 ? UINT64_MAX : (1ULL << s->refcount_bits) - 1;
    s->rb_entries = s->cluster_size * 8 / s->refcount_bits;
    s->l2_bits = s->cluster_bits - 3;
    s->l2_entries = 1ULL << s->l2_bits;
    s->csize_shift = 62 - (s->cluster_bits - 8);
    s->csize_mask = (1ULL << (s->cluster_bits - 8)) - 1;
    s->cluster_offset_mask = (1ULL << s->csize_shift) - 1;
    s->size = qcow2_be64(h + 24);
    if (s->size > (1ULL << 62)) {
        bdrv_seterr("Image size too large");
        return -EFBIG;
    }
    s->l1_size = qcow2_be32(h + 36);
    s->l1_offset = qcow2_be64(h + 40);
    s->reft_offset = qcow2_be64(h + 48);
    s->reft_clusters = qcow2_be32(h + 56);
    s->nb_snaps = qcow2_be32(h + 60);
    s->snap_offset = qcow2_be64(h + 64);

    backing_off = qcow2_be64(h + 8);
    backing_len = qcow2_be32(h + 16);
    if (backing_off) {
        if (backing_len >= sizeof(bs->backing_file)) {
            bdrv_seterr("Backing file name too long");
            return -EINVAL;
        }
        if (backing_off > s->cluster_size || backing_len > s->cluster_size - backing_off) {
            bdrv_seterr("Invalid backing file offset");
            return -EINVAL;
        }
        memcpy(bs->backing_file, h + backing_off, backing_len);
        bs->backing_file[backing_len] = '\0';
    }
    return parse_extensions(bs, h, s->header_length,
                            backing_off && backing_off > s->header_length ? backing_off : s->cluster_size);
}

static void qcow2_free_state(BDRVQcow2State *s)
{
    for (int i = 0; i < QCOW2_L2_CACHE; i++)
        free(s->l2_cache[i].data);
    qcow2_rc_cache_drop(s);
    for (int i = 0; i < QCOW2_RB_CACHE; i++)
        free(s->rb_cache[i].data);
    qcow2_free_snapshots(s);
    free(s->l1);
    free(s->reft);
    free(s->other_ext);
    free(s->decomp);
    free(s);
}

static int qcow2_open(BlockDriverState *bs, int flags)
{
    BDRVQcow2State *s = calloc(1, sizeof(*s));
    int64_t file_len = blkfile_getlength(&bs->file);
    uint8_t first[QCOW2_HDR_V3_LEN];
    uint8_t *hdr = NULL;
    int ret;

    if (!s)
        return -ENOMEM;
    bs->opaque = s;
    if (file_len < 0) {
        ret = (int)file_len;
        goto fail;
    }
    if (file_len < QCOW2_HDR_V2_LEN) {
        bdrv_seterr("qcow2 header too short");
        ret = -EINVAL;
        goto fail;
    }
    /* The fixed fields say how big the header cluster is; then read all of it. */
    if ((ret = qcow2_read_at(bs, 0, first, sizeof(first))) < 0)
        goto fail;
    if (qcow2_be32(first + 20) < QCOW2_MIN_CLUSTER_BITS || qcow2_be32(first + 20) > QCOW2_MAX_CLUSTER_BITS) {
        ret = parse_header(bs, first, file_len);
        goto fail;
    }
    hdr = malloc(1u << qcow2_be32(first + 20));
    if (!hdr) {
        ret = -ENOMEM;
        goto fail;
    }
    if ((ret = qcow2_read_at(bs, 0, hdr, 1u << qcow2_be32(first + 20))) < 0 ||
        (ret = parse_header(bs, hdr, file_len)) < 0 ||
        (ret = check_features(s)) < 0)
        goto fail;
    if ((s->incompat & QCOW2_INCOMPAT_CORRUPT) && !bs->readonly && !(flags & BDRV_O_CHECK)) {
        bdrv_seterr("qcow2: Image is corrupt; cannot be opened read/write");
        ret = -EACCES;
        goto fail;
    }
    if ((ret = load_tables(bs, file_len)) < 0 || (ret = qcow2_read_snapshots(bs)) < 0)
        goto fail;
    s->decomp = malloc(s->cluster_size);
    if (!s->decomp) {
        ret = -ENOMEM;
        goto fail;
    }
    if ((ret = bdrv_open_backing(bs)) < 0)
        goto fail;

    if (!bs->readonly) {
        bool dirty = s->incompat & QCOW2_INCOMPAT_DIRTY;

        /* Autoclear bits of features we do not maintain must go (spec: "autoclear_features"). */
        s->autoclear = 0;
        /* A crash with lazy refcounts left them stale: repair before allocating. */
        if (dirty && !(flags & BDRV_O_CHECK)) {
            BdrvCheckResult res;

            if ((ret = qcow2_check(bs, &res, BDRV_FIX_LEAKS | BDRV_FIX_ERRORS)) < 0)
                goto fail;
            s->incompat &= ~(uint64_t)QCOW2_INCOMPAT_DIRTY;
        }
        if (s->compat & QCOW2_COMPAT_LAZY_REFCOUNTS)
            s->incompat |= QCOW2_INCOMPAT_DIRTY;
        if ((ret = qcow2_write_feature_bits(bs)) < 0)
            goto fail;
    }
    free(hdr);
    return 0;

fail:
    free(hdr);
    qcow2_free_state(s);
    bs->opaque = NULL;
    return ret;
}

static void qcow2_close(BlockDriverState *bs)
{
    BDRVQcow2State *s = qcow2_state(bs);

    if (!s)
        return;
    if (!bs->readonly && (s->incompat & QCOW2_INCOMPAT_DIRTY)) {
        /* Refcounts are always current here: the clean close clears the dirty bit. */
        blkfile_flush(&bs->file);
        s->incompat &= ~(uint64_t)QCOW2_INCOMPAT_DIRTY;
        qcow2_write_feature_bits(bs);
    }
    if (!bs->readonly)
        blkfile_flush(&bs->file);
    qcow2_free_state(s);
    bs->opaque = NULL;
}

static int qcow2_flush(BlockDriverState *bs) { return blkfile_flush(&bs->file); }

static int64_t qcow2_getlength(BlockDriverState *bs) { return (int64_t)qcow2_state(bs)->size; }

static int qcow2_get_info(BlockDriverState *bs, BlockDriverInfo *bdi)
{
    BDRVQcow2State *s = qcow2_state(bs);

    bdi->cluster_size = s->cluster_size;
    bdi->has_specific = true;
    bdi->version = (int)s->version;
    bdi->lazy_refcounts = s->compat & QCOW2_COMPAT_LAZY_REFCOUNTS;
    bdi->corrupt = s->incompat & QCOW2_INCOMPAT_CORRUPT;
    /* Our own dirty bit (set while we have it open) is not a sign of a crash. */
    bdi->dirty = (s->incompat & QCOW2_INCOMPAT_DIRTY) && bs->readonly;
    bdi->refcount_bits = (int)s->refcount_bits;
    return 0;
}

static int qcow2_truncate(BlockDriverState *bs, uint64_t size, bool shrink)
{
    BDRVQcow2State *s = qcow2_state(bs);
    uint8_t be[8];
    int ret;

    if (size > (1ULL << 62)) {
        bdrv_seterr("Image size too large");
        return -EFBIG;
    }
    if (size < s->size) {
        if (!shrink) {
            bdrv_seterr("Use the --shrink option to perform a shrink operation.");
            return -EINVAL;
        }
        if (s->nb_snaps) {
            bdrv_seterr("Can't shrink an image which has snapshots");
            return -ENOTSUP;
        }
        /* As qemu-img: what lies beyond the new end is gone. */
        if ((ret = qcow2_drop_beyond(bs, size)) < 0)
            return ret;
    } else if ((ret = qcow2_grow_l1(bs, size)) < 0) {
        return ret;
    }
    s->size = size;
    qcow2_put_be64(be, size);
    if ((ret = qcow2_write_at(bs, 24, be, 8)) < 0)
        return ret;
    return blkfile_flush(&bs->file);
}

/* Validate create options in QEMU's words; everything before a byte is written. */
static int create_params(const BlockCreateOpts *o, uint32_t *cluster_bits, uint32_t *order, int *version)
{
    uint64_t cs = o->cluster_size ? o->cluster_size : 65536;
    int rb = o->refcount_bits ? o->refcount_bits : 16;

    *version = o->compat ? o->compat : 3;
    if (cs < 512 || cs > (2u << 20) || (cs & (cs - 1))) {
        bdrv_seterr("Cluster size must be a power of two between 512 and 2048k");
        return -EINVAL;
    }
    *cluster_bits = (uint32_t)__builtin_ctzll(cs);
    if (rb > 64 || (rb & (rb - 1)) || rb < 1) {
        bdrv_seterr("Refcount width must be a power of two and may not exceed 64 bits");
        return -EINVAL;
    }
    *order = (uint32_t)__builtin_ctz((unsigned)rb);
    if (*version < 3 && rb != 16) {
        bdrv_seterr("Different refcount widths than 16 bits require compatibility level 1.1 or above (use compat=1.1 or greater)");
        return -EINVAL;
    }
    if (*version < 3 && o->lazy_refcounts) {
        bdrv_seterr("Lazy refcounts only supported with compatibility level 1.1 and above (use compat=1.1 or greater)");
        return -EINVAL;
    }
    if (o->preallocation && strcmp(o->preallocation, "off") && strcmp(o->preallocation, "metadata") &&
        strcmp(o->preallocation, "falloc") && strcmp(o->preallocation, "full")) {
        bdrv_seterr("Invalid preallocation mode: '%s'", o->preallocation);
        return -EINVAL;
    }
    return 0;
}

/*
 * An empty image: header (cluster 0), refcount table (cluster 1), one
 * refcount block (cluster 2) counting those three, no L1 yet and size 0;
 * create_finish then grows it to the asked size through the normal code.
 */
static int qcow2_create(int fd, const BlockCreateOpts *o)
{
    BDRVQcow2State s = { 0 };
    uint8_t *buf;
    int version, ret = 0;
    uint32_t cb, order;

    if ((ret = create_params(o, &cb, &order, &version)) < 0)
        return ret;
    s.version = (uint32_t)version;
    s.cluster_bits = cb;
    s.cluster_size = 1ULL << cb;
    s.refcount_order = order;
    s.reft_offset = s.cluster_size;
    s.reft_clusters = 1;
    s.compat = o->lazy_refcounts ? QCOW2_COMPAT_LAZY_REFCOUNTS : 0;
    buf = calloc(3, s.cluster_size);
    if (!buf)
        return -ENOMEM;
    ret = build_header(&s, o->backing_file, o->backing_fmt, buf, s.cluster_size);
    if (ret < 0) {
        bdrv_seterr("Backing file name too long");
        goto out;
    }
    qcow2_put_be64(buf + s.cluster_size, 2 * s.cluster_size);
    /* Refcount 1 for clusters 0-2, in an entry refcount_bits wide (big endian). */
    for (int c = 0; c < 3; c++) {
        uint8_t *rb = buf + 2 * s.cluster_size;
        uint32_t bits = 1u << order;

        if (bits >= 8)
            rb[c * (bits / 8) + bits / 8 - 1] = 1;
        else
            rb[c * bits / 8] |= (uint8_t)(1u << (c * bits % 8));
    }
    for (size_t done = 0; done < 3 * s.cluster_size;) {
        ssize_t n = pwrite(fd, buf + done, 3 * s.cluster_size - done, (off_t)done);
        if (n < 0) {
            ret = -errno;
            goto out;
        }
        done += (size_t)n;
    }
out:
    free(buf);
    return ret;
}

static int qcow2_create_finish(BlockDriverState *bs, const BlockCreateOpts *o)
{
    BDRVQcow2State *s = qcow2_state(bs);
    const char *pre = o->preallocation ? o->preallocation : "off";
    int64_t start, end;
    int ret;

    if ((ret = qcow2_truncate(bs, o->size, false)) < 0)
        return ret;
    if (!strcmp(pre, "off"))
        return 0;
    start = blkfile_getlength(&bs->file);
    if (start < 0)
        return (int)start;
    start = (int64_t)qcow2_align_up((uint64_t)start, s->cluster_size);
    if ((ret = qcow2_preallocate(bs, 0, o->size)) < 0)
        return ret;
    end = (int64_t)s->alloc_end;
    if ((ret = blkfile_truncate(&bs->file, (uint64_t)end)) < 0)
        return ret;
    if (!strcmp(pre, "falloc")) {
        if ((ret = posix_fallocate(bs->file.fd, start, end - start)) != 0)
            return -ret;
    } else if (!strcmp(pre, "full")) {
        /* Only the data clusters: L2 tables sit between them. */
        uint8_t *z = calloc(1, s->cluster_size);

        if (!z)
            return -ENOMEM;
        for (uint64_t off = 0; off < o->size && ret == 0; off += s->cluster_size) {
            uint64_t l2e;

            ret = qcow2_get_entry(bs, off, &l2e);
            if (ret == 0 && (l2e & L2E_OFFSET_MASK))
                ret = blkfile_pwrite(&bs->file, l2e & L2E_OFFSET_MASK, z, s->cluster_size);
        }
        free(z);
    }
    return ret < 0 ? ret : blkfile_flush(&bs->file);
}

static int qcow2_change_backing_file(BlockDriverState *bs, const char *file, const char *fmt)
{
    if (file && strlen(file) >= sizeof(bs->backing_file))
        return -ENAMETOOLONG;
    if (fmt && strlen(fmt) >= sizeof(bs->backing_format))
        return -EINVAL;
    snprintf(bs->backing_file, sizeof(bs->backing_file), "%s", file ? file : "");
    snprintf(bs->backing_format, sizeof(bs->backing_format), "%s", file && fmt ? fmt : "");
    return qcow2_write_header(bs);
}

const BlockDriver bdrv_qcow2 = {
    .name = "qcow2",
    .probe = qcow2_probe,
    .open = qcow2_open,
    .close = qcow2_close,
    .pread = qcow2_co_pread,
    .pwrite = qcow2_co_pwrite,
    .pwrite_zeroes = qcow2_co_pwrite_zeroes,
    .pdiscard = qcow2_co_pdiscard,
    .pwrite_compressed = qcow2_co_pwrite_compressed,
    .flush = qcow2_flush,
    .getlength = qcow2_getlength,
    .block_status = qcow2_co_block_status,
    .truncate = qcow2_truncate,
    .create = qcow2_create,
    .create_finish = qcow2_create_finish,
    .check = qcow2_check,
    .get_info = qcow2_get_info,
    .snapshot_list = qcow2_snapshot_list,
    .snapshot_create = qcow2_snapshot_create,
    .snapshot_apply = qcow2_snapshot_apply,
    .snapshot_delete = qcow2_snapshot_delete,
    .change_backing_file = qcow2_change_backing_file,
    .make_empty = qcow2_make_empty,
};
