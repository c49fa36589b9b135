/* Format registry, probing and the generic open/create paths. See block.h. */
#include "block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/cutils.h"
#include "system/error.h"

/* Every format, explicitly: grep-able and immune to link order. */
static const BlockDriver *const drivers[] = {
    &bdrv_raw,
};

/* Formats Vireo knows of but cannot handle yet, with their magic. */
static const struct {
    const char *name;
    const char *magic;
    size_t len;
} pending_formats[] = {
    { "qcow2", "QFI\xfb", 4 },
};

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
    for (size_t i = 0; i < ARRAY_SIZE(pending_formats); i++) {
        if (!strcmp(format, pending_formats[i].name)) {
            error_report("Format '%s' is not supported yet", format);
            return -ENOTSUP;
        }
    }
    error_report("Unknown file format '%s'", format);
    return -EINVAL;
}

/* Pick the driver whose probe scores best; raw scores 1, so it is the fallback. */
static int probe_format(int fd, const char *filename, const BlockDriver **out)
{
    uint8_t buf[512];
    ssize_t n = pread(fd, buf, sizeof(buf), 0);
    int best = -1;

    if (n < 0) {
        int err = -errno;
        error_report("Could not read '%s': %s", filename, strerror(errno));
        return err;
    }
    for (size_t i = 0; i < ARRAY_SIZE(pending_formats); i++) {
        if ((size_t)n >= pending_formats[i].len &&
            !memcmp(buf, pending_formats[i].magic, pending_formats[i].len)) {
            /* Opening it as raw would let the guest overwrite the metadata. */
            error_report("'%s' is a %s image, which is not supported yet",
                         filename, pending_formats[i].name);
            return -ENOTSUP;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
        int score = drivers[i]->probe ? drivers[i]->probe(buf, (size_t)n) : 0;
        if (score > best) {
            best = score;
            *out = drivers[i];
        }
    }
    return 0;
}

int bdrv_open(BlockDriverState **out, const char *filename, const char *format, int flags)
{
    const BlockDriver *drv = NULL;
    BlockDriverState *bs;
    int fd, ret;

    if (format && !(drv = bdrv_find_format(format)))
        return bdrv_check_format(format);

    fd = open(filename, ((flags & BDRV_O_RDWR) ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        ret = -errno;
        error_report("Could not open '%s': %s", filename, strerror(errno));
        return ret;
    }
    if (!drv && (ret = probe_format(fd, filename, &drv)) < 0)
        goto fail_fd;

    bs = calloc(1, sizeof(*bs));
    if (!bs || !(bs->filename = strdup(filename))) {
        free(bs);
        ret = -ENOMEM;
        error_report("Could not open '%s': %s", filename, strerror(ENOMEM));
        goto fail_fd;
    }
    bs->drv = drv;
    bs->fd = fd;
    bs->readonly = !(flags & BDRV_O_RDWR);
    if (drv->open && (ret = drv->open(bs, fd)) < 0)
        goto fail_bs;
    *out = bs;
    return 0;

fail_bs:
    free(bs->filename);
    free(bs);
fail_fd:
    close(fd);
    return ret;
}

void bdrv_close(BlockDriverState *bs)
{
    if (!bs)
        return;
    if (bs->drv->close)
        bs->drv->close(bs);
    close(bs->fd);
    free(bs->filename);
    free(bs);
}

int bdrv_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len)
{
    return bs->drv->pread(bs, off, buf, len);
}

int bdrv_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    if (bs->readonly)
        return -EPERM;
    return bs->drv->pwrite(bs, off, buf, len);
}

int bdrv_flush(BlockDriverState *bs)
{
    return bs->drv->flush ? bs->drv->flush(bs) : 0;
}

int64_t bdrv_getlength(BlockDriverState *bs) { return bs->drv->getlength(bs); }

int bdrv_create(const char *filename, const char *format, const BlockCreateOpts *opts)
{
    const BlockDriver *drv = bdrv_find_format(format);
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
    ret = drv->create(fd, opts);
    if (ret < 0)
        error_report("Could not create '%s': %s", filename, strerror(-ret));
    if (close(fd) < 0 && ret == 0) {
        ret = -errno;
        error_report("Could not create '%s': %s", filename, strerror(errno));
    }
    return ret;
}
