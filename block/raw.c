/* The raw format: the image file is the disk, byte for byte. */
#include "block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int raw_pread(BlockDriverState *bs, uint64_t off, void *buf, size_t len)
{
    return blkfile_pread(&bs->file, off, buf, len);
}

static int raw_pwrite(BlockDriverState *bs, uint64_t off, const void *buf, size_t len)
{
    return blkfile_pwrite(&bs->file, off, buf, len);
}

/* Punching a hole reads back as zeroes, so it serves both. */
static int raw_pwrite_zeroes(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    static const uint8_t zero[65536];
    int ret;

    if (blkfile_discard(&bs->file, off, len) == 0)
        return 0;
    while (len) {
        size_t n = len < sizeof(zero) ? (size_t)len : sizeof(zero);

        ret = blkfile_pwrite(&bs->file, off, zero, n);
        if (ret < 0)
            return ret;
        off += n;
        len -= n;
    }
    return 0;
}

static int raw_pdiscard(BlockDriverState *bs, uint64_t off, uint64_t len)
{
    blkfile_discard(&bs->file, off, len);   /* advisory: failure is fine */
    return 0;
}

static int raw_flush(BlockDriverState *bs) { return blkfile_flush(&bs->file); }

/* In whole 512-byte sectors, as QEMU counts a disk: a ragged tail reads as zeroes. */
static int64_t raw_getlength(BlockDriverState *bs)
{
    int64_t len = blkfile_getlength(&bs->file);

    return len < 0 ? len : (len + 511) & ~(int64_t)511;
}

/* Holes read as zeroes: that is what lets convert keep its output sparse. */
static int raw_block_status(BlockDriverState *bs, uint64_t off, uint64_t len, uint64_t *pnum)
{
    if (blkfile_is_hole(&bs->file, off, len, pnum))
        return BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED;
    return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED;
}

static int raw_truncate(BlockDriverState *bs, uint64_t size, bool shrink)
{
    return blkfile_truncate(&bs->file, size);
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
    .pwrite_zeroes = raw_pwrite_zeroes,
    .pdiscard = raw_pdiscard,
    .flush = raw_flush,
    .getlength = raw_getlength,
    .block_status = raw_block_status,
    .truncate = raw_truncate,
    .create = raw_create,
};
