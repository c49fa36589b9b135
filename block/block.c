/*
 * Format registry, probing, the generic open/create paths and the
 * synchronous I/O entry points (each under bs->lock). See block.h.
 */
#include "block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/aio.h"
#include "system/cutils.h"
#include "system/error.h"

/* Every format, explicitly: grep-able and immune to link order. */
static const BlockDriver *const drivers[] = {
    &bdrv_qcow2,
    &bdrv_raw,
};

/* A chain deeper than this is taken for a loop (an image backed by itself). */
enum { BDRV_MAX_CHAIN = 64 };

static _Thread_local char errbuf[1024];
static _Thread_local int open_depth;

void bdrv_seterr(const char *fmt, ...)
{
    char tmp[sizeof(errbuf)];
    va_list ap;

    /* Format into a copy: callers may pass bdrv_geterr() as an argument. */
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    memcpy(errbuf, tmp, sizeof(errbuf));
}

const char *bdrv_geterr(void) { return errbuf; }

const BlockDriver *bdrv_find_format(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
        if (!strcmp(drivers[i]->name, name))
            return drivers[i];
    }
    return NULL;
}

const char *const *bdrv_format_names(void)
{
    static const char *names[ARRAY_SIZE(drivers) + 1];

    for (size_t i = 0; i < ARRAY_SIZE(drivers); i++)
        names[i] = drivers[i]->name;
    return names;
}

int bdrv_check_format(const char *format)
{
    if (bdrv_find_format(format))
        return 0;
    error_report("Unknown file format '%s'", format);
    return -EINVAL;
}

int bdrv_parse_cache_mode(const char *mode, int *flags)
{
    *flags = 0;
    if (!strcmp(mode, "none"))
        *flags = BDRV_O_NOCACHE;
    else if (!strcmp(mode, "directsync"))
        *flags = BDRV_O_NOCACHE | BDRV_O_WRITETHROUGH;
    else if (!strcmp(mode, "writethrough"))
        *flags = BDRV_O_WRITETHROUGH;
    else if (!strcmp(mode, "unsafe"))
        *flags = BDRV_O_NO_FLUSH;
    else if (strcmp(mode, "writeback"))
        return -EINVAL;
    return 0;
}

char *bdrv_path_combine(const char *filename, const char *backing)
{
    const char *slash = strrchr(filename, '/');
    size_t dirlen;
    char *out;

    if (backing[0] == '/' || !slash)
        return strdup(backing);
    dirlen = (size_t)(slash - filename) + 1;
    out = malloc(dirlen + strlen(backing) + 1);
    if (out) {
        memcpy(out, filename, dirlen);
        strcpy(out + dirlen, backing);
    }
    return out;
}

/* Pick the driver whose probe scores best; raw scores 1, so it is the fallback. */
static int probe_format(BlockFile *f, const BlockDriver **out)
{
    uint8_t buf[512];
    int best = -1, ret;
    int64_t len = blkfile_getlength(f);

    if (len < 0)
        return (int)len;
    ret = blkfile_pread(f, 0, buf, sizeof(buf));
    if (ret < 0) {
        bdrv_seterr("Could not read image for determining its format: %s", strerror(-ret));
        return ret;
    }
    for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
        size_t n = len < (int64_t)sizeof(buf) ? (size_t)len : sizeof(buf);
        int score = drivers[i]->probe ? drivers[i]->probe(buf, n) : 0;
        if (score > best) {
            best = score;
            *out = drivers[i];
        }
    }
    return 0;
}

static int open_snapshot_overlay(BlockDriverState **out, const char *filename,
                                 const char *format, int flags);

static int open_image(BlockDriverState **out, const char *filename, const char *format, int flags)
{
    const BlockDriver *drv = NULL;
    BlockDriverState *bs;
    bool rdwr = flags & BDRV_O_RDWR;
    int ret;

    bdrv_seterr("%s", "");
    if (format && !(drv = bdrv_find_format(format))) {
        bdrv_seterr("Unknown driver '%s'", format);
        return -EINVAL;
    }
    if (flags & BDRV_O_SNAPSHOT)
        return open_snapshot_overlay(out, filename, format, flags & ~BDRV_O_SNAPSHOT);

    bs = calloc(1, sizeof(*bs));
    if (!bs || !(bs->filename = strdup(filename))) {
        free(bs);
        bdrv_seterr("Could not open '%s': %s", filename, strerror(ENOMEM));
        return -ENOMEM;
    }
    pthread_mutex_init(&bs->lock, NULL);
    bs->flags = flags;
    bs->readonly = !rdwr;
    ret = blkfile_open(&bs->file, filename, rdwr, flags & BDRV_O_NOCACHE, flags & BDRV_O_NO_FLUSH);
    if (ret < 0)
        goto fail_bs;
    if (!(flags & (BDRV_O_FORCE_SHARE | BDRV_O_NO_LOCK)) &&
        (ret = blkfile_lock(&bs->file, rdwr, filename)) < 0)
        goto fail_file;
    if (!drv && (ret = probe_format(&bs->file, &drv)) < 0)
        goto fail_file;
    bs->drv = drv;
    if (drv->open && (ret = drv->open(bs, flags)) < 0)
        goto fail_file;
    *out = bs;
    return 0;

fail_file:
    if (bs->backing)
        bdrv_close(bs->backing);
    free(bs->full_backing_filename);
    blkfile_close(&bs->file);
fail_bs:
    pthread_mutex_destroy(&bs->lock);
    free(bs->filename);
    free(bs);
    if (!bdrv_geterr()[0])
        bdrv_seterr("%s", strerror(-ret));
    return ret;
}

int bdrv_open_quiet(BlockDriverState **out, const char *filename, const char *format, int flags)
{
    return open_image(out, filename, format, flags);
}

int bdrv_open(BlockDriverState **out, const char *filename, const char *format, int flags)
{
    int ret = open_image(out, filename, format, flags);

    if (ret < 0)
        error_report("%s", bdrv_geterr());
    return ret;
}

int bdrv_open_backing(BlockDriverState *bs)
{
    int flags = (bs->flags & (BDRV_O_NOCACHE | BDRV_O_NO_FLUSH | BDRV_O_FORCE_SHARE | BDRV_O_NO_LOCK));
    int ret;

    if (!bs->backing_file[0])
        return 0;
    free(bs->full_backing_filename);
    bs->full_backing_filename = bdrv_path_combine(bs->filename, bs->backing_file);
    if (!bs->full_backing_filename)
        return -ENOMEM;
    if (bs->flags & BDRV_O_NO_BACKING)
        return 0;
    if (open_depth >= BDRV_MAX_CHAIN) {
        bdrv_seterr("Backing chain of '%s' is too deep (a loop?)", bs->filename);
        return -ELOOP;
    }
    open_depth++;
    ret = open_image(&bs->backing, bs->full_backing_filename,
                     bs->backing_format[0] ? bs->backing_format : NULL, flags);
    open_depth--;
    if (ret < 0) {
        bs->backing = NULL;
        bdrv_seterr("Could not open backing file: %s", bdrv_geterr());
    }
    return ret;
}

/*
 * snapshot=on: a qcow2 overlay in $TMPDIR backed by the image, which is
 * opened read-only; the overlay is unlinked at once, so it vanishes with
 * the process whatever happens.
 */
static int open_snapshot_overlay(BlockDriverState **out, const char *filename,
                                 const char *format, int flags)
{
    BlockDriverState *base;
    BlockCreateOpts co = { 0 };
    const char *tmpdir = getenv("TMPDIR");
    char tmpl[4096], *abs_base;
    int fd, ret;

    ret = open_image(&base, filename, format, flags & ~BDRV_O_RDWR);
    if (ret < 0)
        return ret;
    co.size = (uint64_t)bdrv_getlength(base);
    co.backing_fmt = base->drv->name;
    bdrv_close(base);
    abs_base = realpath(filename, NULL);
    if (!abs_base)
        return -errno;
    co.backing_file = abs_base;
    snprintf(tmpl, sizeof(tmpl), "%s/vireo-snapshot.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/var/tmp");
    fd = mkstemp(tmpl);
    if (fd < 0) {
        ret = -errno;
        bdrv_seterr("Could not create temporary overlay '%s': %s", tmpl, strerror(errno));
        free(abs_base);
        return ret;
    }
    close(fd);
    ret = bdrv_create(tmpl, "qcow2", &co) < 0 ? -EIO : 0;
    free(abs_base);
    if (ret == 0)
        ret = open_image(out, tmpl, "qcow2", flags | BDRV_O_RDWR);
    unlink(tmpl);
    return ret;
}

void bdrv_close(BlockDriverState *bs)
{
    if (!bs)
        return;
    bdrv_aio_drain(bs);
    bdrv_aio_detach(bs);
    if (bs->drv->close)
        bs->drv->close(bs);
    if (bs->backing)
        bdrv_close(bs->backing);
    blkfile_close(&bs->file);
    pthread_mutex_destroy(&bs->lock);
    free(bs->full_backing_filename);
    free(bs->filename);
    free(bs);
}

/* ------------------------------------------------------------------------ */
/* Synchronous I/O: bounds, read-only and the cache mode's flush, under bs->lock. */

static int check_range(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    int64_t size = bs->drv->getlength(bs);

    if (size < 0)
        return (int)size;
    if (off > (uint64_t)size || len > (uint64_t)size - off)
        return -EIO;
    return 0;
}

static int check_write(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    if (bs->readonly)
        return -EPERM;
    return check_range(bs, off, len);
}

static int finish_write(BlockDriverState *bs, int ret)
{
    if (ret == 0 && (bs->flags & BDRV_O_WRITETHROUGH) && bs->drv->flush)
        ret = bs->drv->flush(bs);
    return ret;
}

int bdrv_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    ret = check_range(bs, off, len);
    if (ret == 0)
        ret = bs->drv->pread(bs, off, buf, len);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    ret = check_write(bs, off, len);
    if (ret == 0)
        ret = finish_write(bs, bs->drv->pwrite(bs, off, buf, len));
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

static size_t iov_size(const struct iovec *iov, int niov)
{
    size_t n = 0;

    for (int i = 0; i < niov; i++)
        n += iov[i].iov_len;
    return n;
}

int bdrv_preadv(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    ret = check_range(bs, off, iov_size(iov, niov));
    for (int i = 0; ret == 0 && i < niov; i++) {
        ret = bs->drv->pread(bs, off, iov[i].iov_base, iov[i].iov_len);
        off += iov[i].iov_len;
    }
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_pwritev(BlockDriverState *bs, uint64_t off, const struct iovec *iov, int niov)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    ret = check_write(bs, off, iov_size(iov, niov));
    for (int i = 0; ret == 0 && i < niov; i++) {
        ret = bs->drv->pwrite(bs, off, iov[i].iov_base, iov[i].iov_len);
        off += iov[i].iov_len;
    }
    ret = finish_write(bs, ret);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

/* Without driver support: write zeroes a chunk at a time. */
static int write_zero_buffers(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    static const uint8_t zero[65536];
    int ret = 0;

    while (len && ret == 0) {
        size_t n = len < sizeof(zero) ? (size_t)len : sizeof(zero);
        ret = bs->drv->pwrite(bs, off, zero, n);
        off += n;
        len -= n;
    }
    return ret;
}

int bdrv_pwrite_zeroes(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    ret = check_write(bs, off, len);
    if (ret == 0)
        ret = bs->drv->pwrite_zeroes ? bs->drv->pwrite_zeroes(bs, off, len)
                                     : write_zero_buffers(bs, off, len);
    ret = finish_write(bs, ret);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_pdiscard(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    ret = check_write(bs, off, len);
    /* Discard is advisory: a format that cannot drop data keeps it. */
    if (ret == 0 && bs->drv->pdiscard)
        ret = finish_write(bs, bs->drv->pdiscard(bs, off, len));
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_pwrite_compressed(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    int ret;

    if (!bs->drv->pwrite_compressed)
        return -ENOTSUP;
    pthread_mutex_lock(&bs->lock);
    ret = check_write(bs, off, len);
    if (ret == 0)
        ret = finish_write(bs, bs->drv->pwrite_compressed(bs, off, buf, len));
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_flush(BlockDriverState *bs)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    ret = bs->drv->flush && !bs->readonly ? bs->drv->flush(bs) : 0;
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    int64_t ret;

    pthread_mutex_lock(&bs->lock);
    ret = bs->drv->getlength(bs);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_block_status(BlockDriverState *bs, uint64_t off, uint64_t len, uint64_t *pnum)
{
    int ret;

    pthread_mutex_lock(&bs->lock);
    if (bs->drv->block_status) {
        ret = bs->drv->block_status(bs, off, len, pnum);
    } else {
        *pnum = len;
        ret = BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED;
    }
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_truncate(BlockDriverState *bs, uint64_t size, bool shrink)
{
    int ret;

    if (!bs->drv->truncate)
        return -ENOTSUP;
    if (bs->readonly)
        return -EPERM;
    pthread_mutex_lock(&bs->lock);
    ret = bs->drv->truncate(bs, size, shrink);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int64_t bdrv_allocated_file_size(BlockDriverState *bs)
{
    struct stat st;

    if (fstat(bs->file.fd, &st) < 0)
        return -errno;
    return (int64_t)st.st_blocks * 512;
}

/* The remaining calls only forward: one macro would hide them from grep. */
int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    int ret;

    memset(res, 0, sizeof(*res));
    if (!bs->drv->check)
        return -ENOTSUP;
    pthread_mutex_lock(&bs->lock);
    ret = bs->drv->check(bs, res, fix);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_get_info(BlockDriverState *bs, BlockDriverInfo *bdi)
{
    int ret = 0;

    memset(bdi, 0, sizeof(*bdi));
    pthread_mutex_lock(&bs->lock);
    if (bs->drv->get_info)
        ret = bs->drv->get_info(bs, bdi);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_snapshot_list(BlockDriverState *bs, BdrvSnapshotInfo **out)
{
    int ret;

    *out = NULL;
    if (!bs->drv->snapshot_list)
        return 0;
    pthread_mutex_lock(&bs->lock);
    ret = bs->drv->snapshot_list(bs, out);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

static int snapshot_op(BlockDriverState *bs, int (*op)(BlockDriverState *, const char *),
                       const char *name)
{
    int ret;

    if (!op) {
        bdrv_seterr("Block format '%s' used by device '' does not support internal snapshots",
                    bs->drv->name);
        return -ENOTSUP;
    }
    if (bs->readonly)
        return -EPERM;
    pthread_mutex_lock(&bs->lock);
    ret = op(bs, name);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_snapshot_create(BlockDriverState *bs, const char *name)
{
    return snapshot_op(bs, bs->drv->snapshot_create, name);
}

int bdrv_snapshot_apply(BlockDriverState *bs, const char *name)
{
    return snapshot_op(bs, bs->drv->snapshot_apply, name);
}

int bdrv_snapshot_delete(BlockDriverState *bs, const char *name)
{
    return snapshot_op(bs, bs->drv->snapshot_delete, name);
}

int bdrv_change_backing_file(BlockDriverState *bs, const char *file, const char *fmt)
{
    int ret;

    if (!bs->drv->change_backing_file)
        return -ENOTSUP;
    pthread_mutex_lock(&bs->lock);
    ret = bs->drv->change_backing_file(bs, file, fmt);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_make_empty(BlockDriverState *bs)
{
    int ret;

    if (!bs->drv->make_empty)
        return -ENOTSUP;
    pthread_mutex_lock(&bs->lock);
    ret = bs->drv->make_empty(bs);
    pthread_mutex_unlock(&bs->lock);
    return ret;
}

int bdrv_create(const char *filename, const char *format, const BlockCreateOpts *opts)
{
    const BlockDriver *drv = bdrv_find_format(format);
    BlockDriverState *bs;
    int fd, ret;

    if (!drv)
        return bdrv_check_format(format);
    if (!drv->create) {
        error_report("Format '%s' does not support image creation", format);
        return -ENOTSUP;
    }
    fd = open(filename, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        ret = -errno;
        error_report("Could not create '%s': %s", filename, strerror(errno));
        return ret;
    }
    bdrv_seterr("%s", "");
    ret = drv->create(fd, opts);
    if (ret < 0)
        error_report("Could not create '%s': %s", filename,
                     bdrv_geterr()[0] ? bdrv_geterr() : strerror(-ret));
    if (close(fd) < 0 && ret == 0) {
        ret = -errno;
        error_report("Could not create '%s': %s", filename, strerror(errno));
    }
    if (ret < 0 || !drv->create_finish)
        return ret;

    /* The format's own code grows the fresh image to its size and preallocates. */
    ret = open_image(&bs, filename, format, BDRV_O_RDWR | BDRV_O_NO_BACKING);
    if (ret < 0) {
        error_report("Could not create '%s': %s", filename, bdrv_geterr());
        return ret;
    }
    bdrv_seterr("%s", "");
    ret = drv->create_finish(bs, opts);
    if (ret < 0)
        error_report("Could not create '%s': %s", filename,
                     bdrv_geterr()[0] ? bdrv_geterr() : strerror(-ret));
    bdrv_close(bs);
    return ret;
}
