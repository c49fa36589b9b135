/* The raw format: the image file is the disk, byte for byte. */
#include "block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Loop over short transfers; EINTR is retried. Past EOF reads as zeroes. */
static int raw_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        ssize_t n = pread(bs->fd, p, len, (off_t)off);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (n == 0) {
            memset(p, 0, len);
            return 0;
        }
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

static int raw_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while (len) {
        ssize_t n = pwrite(bs->fd, p, len, (off_t)off);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

static int raw_flush(BlockDriverState *bs)
{
    return fdatasync(bs->fd) < 0 ? -errno : 0;
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    struct stat st;

    if (fstat(bs->fd, &st) < 0)
        return -errno;
    return st.st_size;
}

static int raw_probe(const uint8_t *buf, size_t len) { return 1; }

/* Sparse by default: ftruncate allocates nothing. */
static int raw_create(int fd, const BlockCreateOpts *opts)
{
    const char *prealloc = opts->preallocation ? opts->preallocation : "off";

    if (ftruncate(fd, (off_t)opts->size) < 0)
        return -errno;
    if (!strcmp(prealloc, "falloc")) {
        int r = posix_fallocate(fd, 0, (off_t)opts->size);
        if (r)
            return -r;
    } else if (!strcmp(prealloc, "full")) {
        static const uint8_t zero[65536];
        uint64_t off = 0;

        while (off < opts->size) {
            size_t n = opts->size - off < sizeof(zero) ? (size_t)(opts->size - off) : sizeof(zero);
            ssize_t w = pwrite(fd, zero, n, (off_t)off);

            if (w < 0) {
                if (errno == EINTR)
                    continue;
                return -errno;
            }
            off += (uint64_t)w;
        }
        if (fsync(fd) < 0)
            return -errno;
    } else if (strcmp(prealloc, "off")) {
        return -EINVAL;
    }
    return 0;
}

const BlockDriver bdrv_raw = {
    .name = "raw",
    .probe = raw_probe,
    .pread = raw_pread,
    .pwrite = raw_pwrite,
    .flush = raw_flush,
    .getlength = raw_getlength,
    .create = raw_create,
};
