/* The host file under an image: I/O, cache modes and locks. See file.h. */
#include "block/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/block.h"

int blkfile_open(BlockFile *f, const char *path, bool rdwr, bool direct, bool no_flush)
{
    int fl = (rdwr ? O_RDWR : O_RDONLY) | O_CLOEXEC | (direct ? O_DIRECT : 0);

    f->fd = open(path, fl);
    if (f->fd < 0) {
        int err = errno;
        bdrv_seterr("Could not open '%s': %s", path, strerror(err));
        return -err;
    }
    f->direct = direct;
    f->no_flush = no_flush;
    f->align = direct ? BLKFILE_ALIGN : 1;
    return 0;
}

void blkfile_close(BlockFile *f)
{
    if (f->fd >= 0)
        close(f->fd);   /* also drops every OFD lock of this description */
    f->fd = -1;
}

/* Plain positioned I/O, looping over short transfers; EOF reads as zeroes. */
static int raw_pread_full(int fd, uint64_t off, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        ssize_t n = pread(fd, p, len, (off_t)off);

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

static int raw_pwrite_full(int fd, uint64_t off, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while (len) {
        ssize_t n = pwrite(fd, p, len, (off_t)off);

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

static bool is_aligned(const BlockFile *f, uint64_t off, const void *buf, size_t len)
{
    return !((off | len | (uintptr_t)buf) & (f->align - 1));
}

/*
 * O_DIRECT wants offset, length and buffer aligned: widen the range to the
 * alignment in a bounce buffer. An O_DIRECT read at EOF is short, which
 * raw_pread_full turns into zeroes, as for a cached file.
 */
static int bounce_read(BlockFile *f, uint64_t start, size_t blen, uint8_t **out)
{
    void *b;
    int ret;

    if (posix_memalign(&b, f->align, blen))
        return -ENOMEM;
    ret = raw_pread_full(f->fd, start, b, blen);
    if (ret < 0) {
        free(b);
        return ret;
    }
    *out = b;
    return 0;
}

int blkfile_pread(BlockFile *f, uint64_t off, void *buf, size_t len)
{
    uint64_t start, end;
    uint8_t *b;
    int ret;

    if (!len)
        return 0;
    if (!f->direct || is_aligned(f, off, buf, len))
        return raw_pread_full(f->fd, off, buf, len);
    start = off & ~(uint64_t)(f->align - 1);
    end = (off + len + f->align - 1) & ~(uint64_t)(f->align - 1);
    ret = bounce_read(f, start, (size_t)(end - start), &b);
    if (ret < 0)
        return ret;
    memcpy(buf, b + (off - start), len);
    free(b);
    return 0;
}

int blkfile_pwrite(BlockFile *f, uint64_t off, const void *buf, size_t len)
{
    uint64_t start, end;
    int64_t old_len;
    uint8_t *b;
    int ret;

    if (!len)
        return 0;
    if (!f->direct || is_aligned(f, off, buf, len))
        return raw_pwrite_full(f->fd, off, buf, len);
    /* Read-modify-write of the aligned span; then cut back any growth past what was asked. */
    old_len = blkfile_getlength(f);
    if (old_len < 0)
        return (int)old_len;
    start = off & ~(uint64_t)(f->align - 1);
    end = (off + len + f->align - 1) & ~(uint64_t)(f->align - 1);
    ret = bounce_read(f, start, (size_t)(end - start), &b);
    if (ret < 0)
        return ret;
    memcpy(b + (off - start), buf, len);
    ret = raw_pwrite_full(f->fd, start, b, (size_t)(end - start));
    free(b);
    if (ret == 0 && end > (uint64_t)old_len) {
        uint64_t want = off + len > (uint64_t)old_len ? off + len : (uint64_t)old_len;
        if (ftruncate(f->fd, (off_t)want) < 0)
            ret = -errno;
    }
    return ret;
}

int blkfile_flush(BlockFile *f)
{
    if (f->no_flush)
        return 0;
    return fdatasync(f->fd) < 0 ? -errno : 0;
}

int64_t blkfile_getlength(BlockFile *f)
{
    struct stat st;

    if (fstat(f->fd, &st) < 0)
        return -errno;
    return st.st_size;
}

int blkfile_truncate(BlockFile *f, uint64_t size)
{
    return ftruncate(f->fd, (off_t)size) < 0 ? -errno : 0;
}

int blkfile_discard(BlockFile *f, uint64_t off, uint64_t len)
{
    if (fallocate(f->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0)
        return -errno;
    return 0;
}

bool blkfile_is_hole(BlockFile *f, uint64_t off, uint64_t len, uint64_t *pnum)
{
    off_t data = lseek(f->fd, (off_t)off, SEEK_DATA);
    off_t hole;

    if (data < 0) {
        /* ENXIO: nothing but hole up to EOF. Anything else: call it data. */
        *pnum = len;
        return errno == ENXIO;
    }
    if ((uint64_t)data > off) {
        *pnum = (uint64_t)data - off < len ? (uint64_t)data - off : len;
        return true;
    }
    hole = lseek(f->fd, (off_t)off, SEEK_HOLE);
    if (hole < 0 || (uint64_t)hole <= off)
        *pnum = len;
    else
        *pnum = (uint64_t)hole - off < len ? (uint64_t)hole - off : len;
    return false;
}

/* QEMU's permission bits and their names in its messages. */
enum { PERM_READ, PERM_WRITE, PERM_WRITE_UNCHANGED, PERM_RESIZE, PERM_COUNT };
static const char *const perm_names[PERM_COUNT] = {
    "consistent read", "write", "write unchanged", "resize",
};
enum { LOCK_PERM_BASE = 100, LOCK_SHARED_BASE = 200 };

static int lock_byte(int fd, int byte)
{
    struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1 };

    return fcntl(fd, F_OFD_SETLK, &fl) < 0 ? -errno : 0;
}

/* Does another open file description hold a lock on byte? */
static bool byte_locked_by_other(int fd, int byte)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1 };

    if (fcntl(fd, F_OFD_GETLK, &fl) < 0)
        return false;
    return fl.l_type != F_UNLCK;
}

int blkfile_lock(BlockFile *f, bool write, const char *path)
{
    unsigned perm = (1u << PERM_READ) | (write ? (1u << PERM_WRITE) | (1u << PERM_RESIZE) : 0);
    unsigned unshared = (1u << PERM_WRITE) | (1u << PERM_RESIZE);
    int ret;

    for (int i = 0; i < PERM_COUNT; i++) {
        if ((perm & (1u << i)) && (ret = lock_byte(f->fd, LOCK_PERM_BASE + i)) < 0)
            goto fail;
        if ((unshared & (1u << i)) && (ret = lock_byte(f->fd, LOCK_SHARED_BASE + i)) < 0)
            goto fail;
    }
    /* Someone who refuses to share what we want, or holds what we refuse to share. */
    for (int i = 0; i < PERM_COUNT; i++) {
        if ((perm & (1u << i)) && byte_locked_by_other(f->fd, LOCK_SHARED_BASE + i)) {
            bdrv_seterr("Failed to get \"%s\" lock\nIs another process using the image [%s]?",
                        perm_names[i], path);
            return -EAGAIN;
        }
    }
    for (int i = 0; i < PERM_COUNT; i++) {
        if ((unshared & (1u << i)) && byte_locked_by_other(f->fd, LOCK_PERM_BASE + i)) {
            bdrv_seterr("Failed to get shared \"%s\" lock\nIs another process using the image [%s]?",
                        perm_names[i], path);
            return -EAGAIN;
        }
    }
    return 0;

fail:
    if (ret == -EAGAIN || ret == -EACCES) {
        bdrv_seterr("Failed to lock byte %d\nIs another process using the image [%s]?",
                    LOCK_PERM_BASE, path);
        return -EAGAIN;
    }
    /* A file system without OFD locks: QEMU warns and goes on; so do we. */
    return 0;
}
