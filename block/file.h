/*
 * The host file under an image: positioned I/O that loops over short
 * transfers, the cache modes (O_DIRECT with aligned bounce buffers,
 * flush that may be a no-op) and QEMU-compatible image locking.
 *
 * Locking (QEMU's file-posix "locking=auto" scheme, so Vireo and QEMU see
 * each other): open file description (OFD) locks on single bytes of the
 * image. Byte 100+i is read-locked while we hold permission i, byte 200+i
 * while we refuse to share permission i with others; permission bits are
 * 0 consistent read, 1 write, 2 write unchanged, 3 resize. A writer holds
 * {read, write, resize} and shares neither write nor resize; a reader holds
 * {read} and shares neither write nor resize either, exactly as qemu-img and
 * qemu-io do. OFD locks belong to the open file description, so two opens
 * in one process conflict just as two processes do.
 */
#ifndef BLOCK_FILE_H
#define BLOCK_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BlockFile {
    int fd;
    bool direct;        /* O_DIRECT: transfers go through aligned bounce buffers */
    bool no_flush;      /* cache=unsafe */
    size_t align;       /* O_DIRECT offset/length/buffer alignment */
} BlockFile;

enum { BLKFILE_ALIGN = 4096 };

/*
 * Open path; rdwr for writing, direct for O_DIRECT. Returns 0 or -errno,
 * with the reason in bdrv_seterr.
 */
int blkfile_open(BlockFile *f, const char *path, bool rdwr, bool direct, bool no_flush);
void blkfile_close(BlockFile *f);

/* Reads past EOF give zeroes. */
int blkfile_pread(BlockFile *f, uint64_t off, void *buf, size_t len);
int blkfile_pwrite(BlockFile *f, uint64_t off, const void *buf, size_t len);
int blkfile_flush(BlockFile *f);
int64_t blkfile_getlength(BlockFile *f);
int blkfile_truncate(BlockFile *f, uint64_t size);
/* Give back the host blocks of a range (punch a hole, size kept); best effort. */
int blkfile_discard(BlockFile *f, uint64_t off, uint64_t len);
/* Is [off, off+len) a hole? Sets *pnum to the extent of the same kind. */
bool blkfile_is_hole(BlockFile *f, uint64_t off, uint64_t len, uint64_t *pnum);

/*
 * Take the locks for a writer (write) or a reader. On conflict: -EAGAIN and
 * bdrv_seterr("Failed to get \"write\" lock\nIs another process using the
 * image [path]?") in QEMU's words ("shared" when it is our refusal to share
 * that collides with a holder).
 */
int blkfile_lock(BlockFile *f, bool write, const char *path);

#endif
