/*
 * The block layer: an image format is a small ops table, a disk is a
 * BlockDriverState that forwards byte-granular I/O to its format driver,
 * which reaches the image file through bs->file (block/file.h) and the
 * disk it is layered on through bs->backing.
 *
 * Errors are negative errno values. The open and create paths report a
 * message in QEMU's form ("Could not open 'x': No such file or directory")
 * through error_report, so the caller only adds the option location. Deeper
 * code (the format drivers) explains a failure with bdrv_seterr(), which the
 * reporting layer appends; an I/O path that hits corrupt metadata reports
 * it itself (qcow2: "Image is corrupt: ...") and returns -EIO.
 *
 * Threads: every entry point below takes bs->lock, so the format code is
 * never entered by two threads at once; devices use the asynchronous calls
 * of block/aio.h, which run these on worker threads.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "block/file.h"
#include "system/error.h"

typedef struct BlockDriverState BlockDriverState;
typedef struct BlockAioQueue BlockAioQueue;

/* Format-specific creation options (vireo-img create -o ...). */
typedef struct BlockCreateOpts {
    uint64_t size;
    const char *preallocation;   /* "off", "metadata", "falloc", "full"; NULL = off */
    const char *backing_file;    /* stored as given (may be relative to the image) */
    const char *backing_fmt;
    uint64_t cluster_size;       /* 0 = format default */
    int compat;                  /* qcow2 version: 2 (0.10) or 3 (1.1); 0 = 3 */
    bool lazy_refcounts;
    int refcount_bits;           /* 0 = 16 */
} BlockCreateOpts;

/* Result of a consistency check (vireo-img check), qemu-img's counters. */
typedef struct BdrvCheckResult {
    int64_t corruptions, leaks, check_errors;
    int64_t corruptions_fixed, leaks_fixed;
    int64_t image_end_offset;
    int64_t total_clusters, allocated_clusters, fragmented_clusters, compressed_clusters;
} BdrvCheckResult;

enum {
    BDRV_FIX_LEAKS = 1 << 0,
    BDRV_FIX_ERRORS = 1 << 1,
};

/* What a format tells `info` beyond the generic fields. */
typedef struct BlockDriverInfo {
    uint64_t cluster_size;      /* 0: the format has no clusters */
    bool has_specific;          /* qcow2: the "Format specific information" block */
    int version;                /* 2 or 3 */
    bool lazy_refcounts, corrupt, dirty;
    int refcount_bits;
} BlockDriverInfo;

/* One internal snapshot (qcow2 spec, "Snapshot table"). */
typedef struct BdrvSnapshotInfo {
    char id[128];
    char name[256];
    uint64_t vm_state_size;
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;            /* UINT64_MAX: not recorded */
    uint64_t disk_size;
} BdrvSnapshotInfo;

/* block_status: how a range is stored. */
enum {
    BDRV_BLOCK_DATA = 1 << 0,       /* reads come from this image's file */
    BDRV_BLOCK_ZERO = 1 << 1,       /* reads as zeroes */
    BDRV_BLOCK_ALLOCATED = 1 << 2,  /* defined in this layer (not the backing) */
    BDRV_BLOCK_COMPRESSED = 1 << 3,
};

typedef struct BlockDriver {
    const char *name;
    /* Score 0..100 how much the first bytes look like this format. */
    int (*probe)(const uint8_t *buf, size_t len);
    /* bs->file is open; the driver opens the backing itself (bdrv_open_backing). */
    int (*open)(BlockDriverState *bs, int flags);
    void (*close)(BlockDriverState *bs);
    int (*pread)(BlockDriverState *bs, uint64_t off, void *buf, size_t len);
    int (*pwrite)(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
    /* Optional: zero or deallocate. Without them the generic layer writes zeroes / ignores. */
    int (*pwrite_zeroes)(BlockDriverState *bs, uint64_t off, uint64_t len);
    int (*pdiscard)(BlockDriverState *bs, uint64_t off, uint64_t len);
    /* Optional: write whole clusters compressed (convert -c). */
    int (*pwrite_compressed)(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
    int (*flush)(BlockDriverState *bs);
    int64_t (*getlength)(BlockDriverState *bs);
    /* Optional. Returns BDRV_BLOCK_* and how many bytes from off share it (*pnum > 0). */
    int (*block_status)(BlockDriverState *bs, uint64_t off, uint64_t len, uint64_t *pnum);
    int (*truncate)(BlockDriverState *bs, uint64_t size, bool shrink);
    /* Create a new image in an already opened, empty, writable fd. */
    int (*create)(int fd, const BlockCreateOpts *opts);
    /* Optional: after create, on the image opened read-write (grow to size, preallocate). */
    int (*create_finish)(BlockDriverState *bs, const BlockCreateOpts *opts);
    int (*check)(BlockDriverState *bs, BdrvCheckResult *res, int fix);
    int (*get_info)(BlockDriverState *bs, BlockDriverInfo *bdi);
    /* Snapshots: list returns the count and a malloc'ed array in *out. */
    int (*snapshot_list)(BlockDriverState *bs, BdrvSnapshotInfo **out);
    int (*snapshot_create)(BlockDriverState *bs, const char *name);
    int (*snapshot_apply)(BlockDriverState *bs, const char *name);
    int (*snapshot_delete)(BlockDriverState *bs, const char *name);
    /* Rewrite the backing file name in the header (NULL: none). */
    int (*change_backing_file)(BlockDriverState *bs, const char *file, const char *fmt);
    /* Forget every cluster of this layer, so reads fall through (commit). */
    int (*make_empty)(BlockDriverState *bs);
} BlockDriver;

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;               /* the driver's state */
    BlockFile file;             /* the image file */
    char *filename;
    int flags;                  /* BDRV_O_* as opened */
    bool readonly;
    /* The chain: what unallocated ranges read from. */
    BlockDriverState *backing;
    char backing_file[1024];    /* as the header stores it ("" = none) */
    char backing_format[32];
    char *full_backing_filename;    /* backing_file resolved against filename's directory */
    pthread_mutex_t lock;       /* held around every driver call */
    BlockAioQueue *aio;         /* asynchronous requests (block/aio.c) */
    /* The counters of the drive holding this image (block-backend.h); NULL
     * when it is no drive's medium (vireo-img, a backing file). */
    struct BlockAcctStats *stats;
};

enum {
    BDRV_O_RDWR = 1 << 0,
    BDRV_O_NOCACHE = 1 << 1,        /* cache=none/directsync: O_DIRECT */
    BDRV_O_NO_FLUSH = 1 << 2,       /* cache=unsafe: flush does nothing */
    BDRV_O_WRITETHROUGH = 1 << 3,   /* cache=writethrough/directsync: sync before completion */
    BDRV_O_NO_BACKING = 1 << 4,     /* do not open the backing chain */
    BDRV_O_SNAPSHOT = 1 << 5,       /* snapshot=on: writes go to a temporary qcow2 overlay */
    BDRV_O_CHECK = 1 << 6,          /* opened by check: allow corrupt images to be repaired */
    BDRV_O_FORCE_SHARE = 1 << 7,    /* -U: take no image locks */
    BDRV_O_NO_LOCK = 1 << 8,        /* locking=off */
};

/* Look a format up by name; NULL if Vireo has no such driver. */
const BlockDriver *bdrv_find_format(const char *name);
/* 0 if format is usable; otherwise report why ("Unknown file format") and -errno. */
int bdrv_check_format(const char *format);
/* Names of every format, for help texts, NULL-terminated. */
const char *const *bdrv_format_names(void);

/*
 * "none", "writeback", "writethrough", "directsync", "unsafe" to BDRV_O_*
 * cache flags (OR them into the open flags). -EINVAL for anything else.
 */
int bdrv_parse_cache_mode(const char *mode, int *flags);

/*
 * Open filename as format (NULL: probe), with its backing chain unless
 * BDRV_O_NO_BACKING. Returns 0 or -errno, reported.
 */
int bdrv_open(BlockDriverState **out, const char *filename, const char *format, int flags);
/* The same, but not reported: the message is left for bdrv_geterr(). */
int bdrv_open_quiet(BlockDriverState **out, const char *filename, const char *format, int flags);
/* Waits for outstanding asynchronous requests, closes the chain. */
void bdrv_close(BlockDriverState *bs);

/* Drivers: open bs->backing from bs->backing_file/backing_format (quiet, bdrv_seterr). */
int bdrv_open_backing(BlockDriverState *bs);

/* The last failure's explanation on this thread (drivers set it); "" if none. */
void bdrv_seterr(const char *fmt, ...) PRINTF_FMT(1, 2);
const char *bdrv_geterr(void);

int bdrv_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len);
int bdrv_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
int bdrv_preadv(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov);
int bdrv_pwritev(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov);
int bdrv_pwrite_zeroes(BlockDriverState *bs, uint64_t off, uint64_t len);
int bdrv_pdiscard(BlockDriverState *bs, uint64_t off, uint64_t len);
int bdrv_pwrite_compressed(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
int bdrv_flush(BlockDriverState *bs);
int64_t bdrv_getlength(BlockDriverState *bs);
int bdrv_block_status(BlockDriverState *bs, uint64_t off, uint64_t len, uint64_t *pnum);
/* Resize the disk (shrink refuses to drop used clusters). -ENOTSUP if the format cannot. */
int bdrv_truncate(BlockDriverState *bs, uint64_t size, bool shrink);
/* Host bytes the image file occupies (st_blocks), or -errno. */
int64_t bdrv_allocated_file_size(BlockDriverState *bs);

int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, int fix);
int bdrv_get_info(BlockDriverState *bs, BlockDriverInfo *bdi);
int bdrv_snapshot_list(BlockDriverState *bs, BdrvSnapshotInfo **out);
int bdrv_snapshot_create(BlockDriverState *bs, const char *name);
int bdrv_snapshot_apply(BlockDriverState *bs, const char *name);
int bdrv_snapshot_delete(BlockDriverState *bs, const char *name);
int bdrv_change_backing_file(BlockDriverState *bs, const char *file, const char *fmt);
int bdrv_make_empty(BlockDriverState *bs);

/* Create filename in format. Returns 0 or -errno, reported. */
int bdrv_create(const char *filename, const char *format, const BlockCreateOpts *opts);

/*
 * backing resolved against the directory of filename, as QEMU does
 * ("b.qcow2" next to "/x/a.qcow2" is "/x/b.qcow2"). malloc'ed.
 */
char *bdrv_path_combine(const char *filename, const char *backing);

extern const BlockDriver bdrv_raw;
extern const BlockDriver bdrv_qcow2;

#endif
