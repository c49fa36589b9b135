/*
 * The block layer: an image format is a small ops table, a disk is a
 * BlockDriverState that forwards byte-granular I/O to its format driver.
 *
 * Errors are negative errno values; the open and create paths also report
 * a message in QEMU's form ("Could not open 'x': No such file or directory")
 * through error_report, so the caller only adds the option location.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BlockDriverState BlockDriverState;

/* Format-specific creation options (vireo-img create -o ...). */
typedef struct BlockCreateOpts {
    uint64_t size;
    const char *preallocation;   /* "off", "falloc", "full"; NULL = off */
} BlockCreateOpts;

typedef struct BlockDriver {
    const char *name;
    /* Score 0..100 how much the first bytes look like this format. */
    int (*probe)(const uint8_t *buf, size_t len);
    int (*open)(BlockDriverState *bs, int fd);
    void (*close)(BlockDriverState *bs);
    int (*pread)(BlockDriverState *bs, uint64_t off, void *buf, size_t len);
    int (*pwrite)(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
    int (*flush)(BlockDriverState *bs);
    int64_t (*getlength)(BlockDriverState *bs);
    /* Create a new image in an already opened, empty, writable fd. */
    int (*create)(int fd, const BlockCreateOpts *opts);
} BlockDriver;

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;             /* the driver's state */
    int fd;
    char *filename;
    bool readonly;
};

enum {
    BDRV_O_RDWR = 1 << 0,
};

/* Look a format up by name; NULL if Vireo has no such driver. */
const BlockDriver *bdrv_find_format(const char *name);
/* 0 if format is usable; otherwise report why ("not supported yet", "Unknown") and -errno. */
int bdrv_check_format(const char *format);
/* Names of every format, for help texts, NULL-terminated. */
const char *const *bdrv_format_names(void);

/* Open filename as format (NULL: probe). Returns 0 or -errno, reported. */
int bdrv_open(BlockDriverState **out, const char *filename, const char *format, int flags);
void bdrv_close(BlockDriverState *bs);

int bdrv_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len);
int bdrv_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len);
int bdrv_flush(BlockDriverState *bs);
int64_t bdrv_getlength(BlockDriverState *bs);

/* Create filename in format. Returns 0 or -errno, reported. */
int bdrv_create(const char *filename, const char *format, const BlockCreateOpts *opts);

extern const BlockDriver bdrv_raw;

#endif
