/*
 * Block backends: the drives of the command line by their ids (ide0-hd0,
 * ide1-cd0, virtio0...), each with the image it holds now and the device it
 * is attached to. The monitor finds drives here (`info block`, `eject`,
 * `change`) and the device learns of a new medium through its BlockDevOps,
 * as QEMU's BlockBackend does. Main thread, bql held.
 */
#ifndef BLOCK_BLOCK_BACKEND_H
#define BLOCK_BLOCK_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "block/block.h"

typedef struct BlockBackend BlockBackend;

/*
 * I/O accounting of a drive, QEMU's BlockAcctStats: what `info blockstats`
 * and query-blockstats show. The counters belong to the drive, not to the
 * image, so they survive a CD change; block/aio.c counts every request of
 * a device as its completion is delivered (main thread, bql held), through
 * bs->stats, which points here while the image is the drive's medium.
 */
typedef enum BlockAcctType {
    BLOCK_ACCT_READ,
    BLOCK_ACCT_WRITE,       /* writes and write-zeroes */
    BLOCK_ACCT_FLUSH,
    BLOCK_ACCT_UNMAP,       /* discard */
    BLOCK_ACCT_MAX
} BlockAcctType;

typedef struct BlockAcctStats {
    uint64_t nr_bytes[BLOCK_ACCT_MAX];      /* successful requests only */
    uint64_t nr_ops[BLOCK_ACCT_MAX];
    uint64_t failed_ops[BLOCK_ACCT_MAX];    /* the image returned an error */
    uint64_t invalid_ops[BLOCK_ACCT_MAX];   /* refused by the device (out of range...) */
    uint64_t total_time_ns[BLOCK_ACCT_MAX]; /* submission to completion, VCLOCK_REALTIME */
    uint64_t wr_highest_offset;             /* end of the furthest successful write */
    int64_t last_access_ns;                 /* VCLOCK_REALTIME of the last completion; 0: none */
} BlockAcctStats;

/* A request of bs completed: ret 0 or -errno, start_ns when it was submitted. */
void blk_account_done(BlockDriverState *bs, BlockAcctType type, uint64_t off, uint64_t bytes,
                      int ret, int64_t start_ns);
/* A device refused a request before it reached the image (QEMU's block_acct_invalid). */
void blk_account_invalid(BlockDriverState *bs, BlockAcctType type);

/* What a device with a removable medium (a CD-ROM) tells the backend. */
typedef struct BlockDevOps {
    /* The medium changed: bs is the new one, NULL when ejected. */
    void (*change_media)(void *opaque, BlockDriverState *bs);
    bool (*is_locked)(void *opaque);        /* the guest locked the tray */
    bool (*is_tray_open)(void *opaque);
} BlockDevOps;

/* A drive named id holding bs (NULL: no medium). NULL when out of memory. */
BlockBackend *blk_new(const char *id, BlockDriverState *bs);
/* The device it is attached to: ops NULL for a fixed disk; path is what
 * `info block` shows after "Attached to:". */
void blk_attach_dev(BlockBackend *blk, const BlockDevOps *ops, void *opaque, const char *path);
BlockBackend *blk_by_name(const char *id);

/*
 * `eject [-f] ID`, `change ID FILE [FORMAT]`: 0, -ENODEV when there is no
 * such drive, or -1 for any other refusal; QEMU's message is in err
 * ("Device 'x' not found", "Device 'x' is not removable", the open error...).
 */
int blk_eject(const char *id, bool force, char *err, size_t errlen);
int blk_change_medium(const char *id, const char *file, const char *format, char *err, size_t errlen);

/* Told when the monitor moves a drive's tray (QMP's DEVICE_TRAY_MOVED). */
void blk_set_tray_event_fn(void (*fn)(const char *id, const char *path, bool open));

/* `info block`, in QEMU's layout. */
void blk_info(FILE *out);
/* `info blockstats`, in QEMU's layout (one line per drive). */
void blk_info_stats(FILE *out);

/* For the monitor's queries: the drives in creation order (NULL starts). */
BlockBackend *blk_next(BlockBackend *blk);
const char *blk_name(const BlockBackend *blk);
BlockDriverState *blk_bs(const BlockBackend *blk);      /* NULL: no medium */
const char *blk_dev_path(const BlockBackend *blk);      /* NULL: no device */
bool blk_is_removable(const BlockBackend *blk);
bool blk_is_locked(const BlockBackend *blk);
bool blk_is_tray_open(const BlockBackend *blk);
const BlockAcctStats *blk_stats(const BlockBackend *blk);
/* QEMU's node name of the drive's image, "#block1NN" as `info block` shows it. */
void blk_node_name(const BlockBackend *blk, char *buf, size_t len);

/* At exit, what QEMU's bdrv_close_all does: let requests finish and flush. */
void blk_flush_all(void);
/* Close every backend's image and forget the backends (after the devices are done). */
void blk_close_all(void);

#endif
