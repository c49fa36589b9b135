/*
 * qcow2 internals shared by the qcow2*.c files. The on-disk format is
 * QEMU's docs/interop/qcow2.txt; section names below refer to it.
 *
 *   qcow2.c           header and extensions, open/close/create, resize
 *   qcow2-cluster.c   L1/L2 mapping and the guest read/write paths
 *   qcow2-refcount.c  refcount table/blocks, cluster allocation
 *   qcow2-snapshot.c  the snapshot table and internal snapshots
 *   qcow2-check.c     consistency check and repair
 *   qcow2-compress.c  zlib (raw deflate) cluster compression
 *
 * Metadata is written through: an L2 entry, L1 entry or refcount is on the
 * file when the call that changed it returns. The order of writes makes a
 * crash leak clusters rather than corrupt data: refcount first, then the
 * data, then the L2 entry that makes it visible. Everything read from the
 * file is bounds-checked before use; a violation in an image opened
 * read-write sets the corrupt bit (header "incompatible features" bit 1).
 */
#ifndef BLOCK_QCOW2_H
#define BLOCK_QCOW2_H

#include <stdbool.h>
#include <stdint.h>

#include "block/block.h"

#define QCOW2_MAGIC 0x514649fbu     /* "QFI\xfb" */

/* "Header": fixed fields of version 2 end at 72, version 3 adds up to 104 (+ compression type). */
enum {
    QCOW2_HDR_V2_LEN = 72,
    QCOW2_HDR_V3_LEN = 104,
    QCOW2_HDR_LEN = 112,            /* what we write for v3: compression type byte, padded */
    QCOW2_MIN_CLUSTER_BITS = 9,
    QCOW2_MAX_CLUSTER_BITS = 21,
};

/* Limits QEMU enforces too; an image beyond them is refused, not trusted. */
#define QCOW2_MAX_L1_BYTES        (32u << 20)
#define QCOW2_MAX_REFTABLE_BYTES  (8u << 20)
#define QCOW2_MAX_SNAPSHOTS       65536u
#define QCOW2_MAX_SNAPSHOTS_BYTES (64u << 20)

/* Feature bits ("Header", bytes 72-95). */
enum {
    QCOW2_INCOMPAT_DIRTY = 1 << 0,
    QCOW2_INCOMPAT_CORRUPT = 1 << 1,
    QCOW2_INCOMPAT_DATA_FILE = 1 << 2,
    QCOW2_INCOMPAT_COMPRESSION = 1 << 3,
    QCOW2_INCOMPAT_EXTL2 = 1 << 4,
    QCOW2_COMPAT_LAZY_REFCOUNTS = 1 << 0,
    QCOW2_AUTOCLEAR_BITMAPS = 1 << 0,
    QCOW2_AUTOCLEAR_DATA_FILE_RAW = 1 << 1,
};

/* Header extension types ("Header extensions"). */
enum {
    QCOW2_EXT_END = 0,
    QCOW2_EXT_BACKING_FORMAT = 0xe2792aca,
    QCOW2_EXT_FEATURE_TABLE = 0x6803f857,
    QCOW2_EXT_BITMAPS = 0x23852875,
};

/* "Cluster mapping": L1 and L2 entry bits. */
#define QCOW_OFLAG_COPIED     (1ULL << 63)
#define QCOW_OFLAG_COMPRESSED (1ULL << 62)
#define QCOW_OFLAG_ZERO       (1ULL << 0)
#define L1E_OFFSET_MASK       0x00fffffffffffe00ULL
#define L2E_OFFSET_MASK       0x00fffffffffffe00ULL
#define REFT_OFFSET_MASK      0xfffffffffffffe00ULL
/* Reserved bits that must be zero: L1 bits 1-8 and 56-62, L2 (standard) bits 1-8 and 56-61. */
#define L1E_RESERVED_MASK     0x7f000000000001feULL
#define L2E_RESERVED_MASK     0x3f000000000001feULL

enum { QCOW2_L2_CACHE = 16, QCOW2_RB_CACHE = 4 };

typedef struct Qcow2Snapshot {
    uint64_t l1_offset;
    uint32_t l1_size;
    char *id, *name;
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t vm_state_size;
    uint64_t disk_size;
    uint64_t icount;            /* UINT64_MAX if the entry has no icount */
    uint8_t *extra;             /* extra data beyond what we interpret, kept as is */
    uint32_t extra_size;
} Qcow2Snapshot;

typedef struct Qcow2Cache {
    uint64_t offset;            /* 0: empty slot */
    void *data;                 /* one cluster; L2 tables in host byte order, refblocks raw */
    uint64_t used;              /* LRU stamp */
} Qcow2Cache;

typedef struct BDRVQcow2State {
    uint32_t version;
    uint32_t cluster_bits;
    uint64_t cluster_size;
    uint32_t l2_bits;           /* log2 of entries per L2 table */
    uint64_t l2_entries;
    uint32_t csize_shift;       /* compressed descriptor: sector count field position */
    uint64_t csize_mask, cluster_offset_mask;
    uint64_t size;              /* virtual disk size */

    uint32_t l1_size;
    uint64_t l1_offset;
    uint64_t *l1;               /* host byte order */

    uint64_t reft_offset;
    uint32_t reft_clusters;
    uint64_t reft_size;         /* entries */
    uint64_t *reft;             /* host byte order */
    uint32_t refcount_order, refcount_bits;
    uint64_t refcount_max;
    uint64_t rb_entries;        /* refcounts per refcount block */

    uint64_t incompat, compat, autoclear;
    uint32_t header_length;
    uint8_t compression_type;
    uint8_t *other_ext;         /* header extensions we do not interpret, kept verbatim */
    size_t other_ext_len;

    Qcow2Snapshot *snaps;
    uint32_t nb_snaps;
    uint64_t snap_offset;
    uint64_t snap_size;         /* bytes of the table in the file */

    Qcow2Cache l2_cache[QCOW2_L2_CACHE];
    Qcow2Cache rb_cache[QCOW2_RB_CACHE];
    uint64_t cache_clock;

    uint64_t free_cluster_hint;     /* no free cluster below this index */
    uint64_t alloc_end;             /* end of the highest cluster we allocated (bytes) */
    uint64_t free_byte_offset;      /* compressed data: next free byte in a partly used cluster */
    uint8_t *decomp;                /* last decompressed cluster */
    uint64_t decomp_entry;          /* its L2 entry (0: none) */
    bool corrupt_signaled;
} BDRVQcow2State;

static inline BDRVQcow2State *qcow2_state(BlockDriverState *bs) { return bs->opaque; }

static inline uint64_t qcow2_be64(const void *p)
{
    const uint8_t *b = p;
    return ((uint64_t)b[0] << 56) | ((uint64_t)b[1] << 48) | ((uint64_t)b[2] << 40) |
           ((uint64_t)b[3] << 32) | ((uint64_t)b[4] << 24) | ((uint64_t)b[5] << 16) |
           ((uint64_t)b[6] << 8) | b[7];
}
static inline uint32_t qcow2_be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}
static inline uint16_t qcow2_be16(const void *p)
{
    const uint8_t *b = p;
    return (uint16_t)((b[0] << 8) | b[1]);
}
static inline void qcow2_put_be64(void *p, uint64_t v)
{
    uint8_t *b = p;
    for (int i = 7; i >= 0; i--, v >>= 8)
        b[i] = (uint8_t)v;
}
static inline void qcow2_put_be32(void *p, uint32_t v)
{
    uint8_t *b = p;
    for (int i = 3; i >= 0; i--, v >>= 8)
        b[i] = (uint8_t)v;
}
static inline void qcow2_put_be16(void *p, uint16_t v)
{
    uint8_t *b = p;
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

static inline uint64_t qcow2_align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static inline bool qcow2_is_aligned(const BDRVQcow2State *s, uint64_t off)
{
    return !(off & (s->cluster_size - 1));
}

typedef enum {
    QCOW2_CLUSTER_UNALLOCATED,
    QCOW2_CLUSTER_ZERO_PLAIN,
    QCOW2_CLUSTER_ZERO_ALLOC,
    QCOW2_CLUSTER_NORMAL,
    QCOW2_CLUSTER_COMPRESSED,
} Qcow2ClusterType;

Qcow2ClusterType qcow2_cluster_type(const BDRVQcow2State *s, uint64_t l2e);
/* A compressed descriptor's host byte range (qcow2.txt "Compressed Clusters Descriptor"). */
void qcow2_compressed_range(const BDRVQcow2State *s, uint64_t l2e, uint64_t *off, uint64_t *len);

/* qcow2.c */
/*
 * Report corruption ("Marking image as corrupt: ..." read-write, "Image is
 * corrupt: ..." read-only) once, set the corrupt bit if writable; -EIO.
 */
int qcow2_signal_corruption(BlockDriverState *bs, const char *fmt, ...) PRINTF_FMT(2, 3);
int qcow2_write_header(BlockDriverState *bs);
int qcow2_write_feature_bits(BlockDriverState *bs);
int qcow2_read_at(BlockDriverState *bs, uint64_t off, void *buf, size_t len);
int qcow2_write_at(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);

/* qcow2-cluster.c */
int qcow2_l2_load(BlockDriverState *bs, uint64_t l2_offset, uint64_t **table);
void qcow2_l2_cache_drop(BDRVQcow2State *s, uint64_t offset);
int qcow2_l2_set(BlockDriverState *bs, uint64_t l2_offset, uint64_t index, uint64_t entry);
int qcow2_l1_set(BlockDriverState *bs, uint32_t index, uint64_t entry);
/* The L2 entry mapping guest offset off (0 if none), with validation. */
int qcow2_get_entry(BlockDriverState *bs, uint64_t off, uint64_t *l2e);
int qcow2_grow_l1(BlockDriverState *bs, uint64_t min_size);
int qcow2_co_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len);
int qcow2_co_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
int qcow2_co_pwrite_zeroes(BlockDriverState *bs, uint64_t off, uint64_t len);
int qcow2_co_pdiscard(BlockDriverState *bs, uint64_t off, uint64_t len);
int qcow2_co_pwrite_compressed(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
int qcow2_co_block_status(BlockDriverState *bs, uint64_t off, uint64_t len, uint64_t *pnum);
int qcow2_make_empty(BlockDriverState *bs);
/* Allocate every cluster of [0, size) (preallocation=metadata and up). */
int qcow2_preallocate(BlockDriverState *bs, uint64_t from, uint64_t to);
/* Deallocate every cluster wholly at or beyond guest offset `from` (shrink). */
int qcow2_drop_beyond(BlockDriverState *bs, uint64_t from);

/* qcow2-refcount.c */
int qcow2_rc_get(BlockDriverState *bs, uint64_t cluster, uint64_t *rc);
int qcow2_rc_update(BlockDriverState *bs, uint64_t cluster, int64_t addend);
/* Set the refcount of a cluster to a value (repair). */
int qcow2_rc_set(BlockDriverState *bs, uint64_t cluster, uint64_t value);
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t n);
int64_t qcow2_alloc_bytes(BlockDriverState *bs, uint64_t size);
/* Decrement every cluster overlapping [off, off+len). */
int qcow2_free_range(BlockDriverState *bs, uint64_t off, uint64_t len);
/* Release what an L2 entry points at (normal, zero-alloc or compressed). */
int qcow2_free_entry(BlockDriverState *bs, uint64_t l2e);
void qcow2_rc_cache_drop(BDRVQcow2State *s);

/* qcow2-snapshot.c */
int qcow2_read_snapshots(BlockDriverState *bs);
void qcow2_free_snapshots(BDRVQcow2State *s);
/*
 * Add addend (-1, 0, 1) to the refcount of every L2 table and data cluster
 * under an L1 table (host order, in memory) and recompute their COPIED
 * flags; l1_offset is where the L1 lives in the file for its own flags
 * (the active table: s->l1_offset), 0 to leave the L1 alone.
 */
int qcow2_update_l1_refcounts(BlockDriverState *bs, uint64_t *l1, uint32_t l1_size,
                              uint64_t l1_offset, int addend);
/* Recompute the COPIED flags of the active L1/L2 tables from the refcounts. */
int qcow2_fix_copied_flags(BlockDriverState *bs);
int qcow2_snapshot_list(BlockDriverState *bs, BdrvSnapshotInfo **out);
int qcow2_snapshot_create(BlockDriverState *bs, const char *name);
int qcow2_snapshot_apply(BlockDriverState *bs, const char *name);
int qcow2_snapshot_delete(BlockDriverState *bs, const char *name);

/* qcow2-check.c */
int qcow2_check(BlockDriverState *bs, BdrvCheckResult *res, int fix);

/* qcow2-compress.c: -ENOSPC if the data does not shrink, -ENOTSUP without zlib. */
int qcow2_compress(const BDRVQcow2State *s, const void *src, void *dst, size_t *dst_len);
int qcow2_decompress(const BDRVQcow2State *s, const void *src, size_t src_len, void *dst);

#endif
