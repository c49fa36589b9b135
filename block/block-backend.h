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
#include <stdio.h>

#include "block/block.h"

typedef struct BlockBackend BlockBackend;

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

/* At exit, what QEMU's bdrv_close_all does: let requests finish and flush. */
void blk_flush_all(void);
/* Close every backend's image and forget the backends (after the devices are done). */
void blk_close_all(void);

#endif
