/*
 * The qcow2 open path under a fuzzer (issue 7): an input is an image file.
 * Each one is opened read-only and read through every interface a guest or
 * vireo-img reaches (reads, block status, snapshots, info, check), then a
 * copy is opened read-write, written, zeroed, discarded, flushed and
 * repaired, the way a VM and `vireo-img check -r` would after a crash.
 * A crash, a sanitizer report or a hang is a bug; an error return is not.
 *
 *   fuzz-qcow2 FILE...      replay inputs (make check runs the kept corpus)
 *   fuzz-qcow2              one input on stdin (AFL++'s default mode)
 * Built with afl-clang-fast (scripts/fuzz.sh), the stdin mode becomes AFL's
 * persistent loop.
 *
 * The backing chain is not opened: an input naming /dev/zero or itself as
 * its backing file would make runs depend on the host's files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/block.h"
#include "tests/fuzz/fuzz.h"

static char work_path[256];
static unsigned opened;   /* inputs that opened read-only: the replay reports it */

static void write_file(const char *path, const uint8_t *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len)) {
        perror(path);
        exit(2);
    }
    close(fd);
}

/* Reads at places chosen from the image's own size: start, middle, the last sector. */
static void read_around(BlockDriverState *bs)
{
    static uint8_t buf[65536];
    int64_t len = bdrv_getlength(bs);
    uint64_t pnum;

    if (len <= 0)
        return;
    bdrv_pread(bs, 0, buf, len < (int64_t)sizeof(buf) ? (size_t)len : sizeof(buf));
    if (len >= 1024) {
        bdrv_pread(bs, (uint64_t)len / 2 & ~511ull, buf, 512);
        bdrv_pread(bs, (uint64_t)len - 512, buf, 512);
    }
    for (uint64_t off = 0, n = 0; off < (uint64_t)len && n < 64; n++) {
        if (bdrv_block_status(bs, off, (uint64_t)len - off, &pnum) < 0 || pnum == 0)
            break;
        off += pnum;
    }
}

static void exercise_readonly(const char *path)
{
    BlockDriverState *bs;
    BdrvCheckResult res;
    BlockDriverInfo bdi;
    BdrvSnapshotInfo *snaps = NULL;
    int n;

    if (bdrv_open_quiet(&bs, path, "qcow2", BDRV_O_NO_BACKING | BDRV_O_NO_LOCK) < 0)
        return;
    opened++;
    read_around(bs);
    bdrv_get_info(bs, &bdi);
    n = bdrv_snapshot_list(bs, &snaps);
    if (n > 0)
        free(snaps);
    memset(&res, 0, sizeof(res));
    bdrv_check(bs, &res, 0);
    bdrv_close(bs);
}

/*
 * A few writes allocate a few clusters (2 MiB at most each) and maybe a
 * refcount table: an image that grew by more than this was written through
 * a garbage offset, which is a bug even though nothing crashed.
 */
#define MAX_GROWTH (64u << 20)

static void check_growth(const char *path, size_t len)
{
    struct stat st;

    if (stat(path, &st) == 0 && (uint64_t)st.st_size > len + (uint64_t)MAX_GROWTH) {
        fprintf(stderr, "fuzz-qcow2: a %zu-byte image grew to %lld bytes\n", len, (long long)st.st_size);
        abort();
    }
}

static void exercise_readwrite(const char *path, size_t in_len)
{
    static uint8_t pattern[8192];
    BlockDriverState *bs;
    BdrvCheckResult res;
    int64_t len;

    memset(pattern, 0xa5, sizeof(pattern));
    if (bdrv_open_quiet(&bs, path, "qcow2", BDRV_O_RDWR | BDRV_O_NO_BACKING | BDRV_O_NO_LOCK) < 0)
        return;
    len = bdrv_getlength(bs);
    if (len >= (int64_t)sizeof(pattern)) {
        bdrv_pwrite(bs, 0, pattern, sizeof(pattern));
        bdrv_pwrite(bs, (uint64_t)len / 2 & ~511ull, pattern, 512);
        bdrv_pwrite_zeroes(bs, 4096, 4096);
        bdrv_pdiscard(bs, 0, 4096);
        bdrv_pwrite_compressed(bs, 0, pattern, sizeof(pattern));
        bdrv_flush(bs);
        read_around(bs);
    }
    bdrv_close(bs);
    check_growth(path, in_len);

    /* What `vireo-img check -r all` does to whatever is left. */
    if (bdrv_open_quiet(&bs, path, "qcow2",
                        BDRV_O_RDWR | BDRV_O_NO_BACKING | BDRV_O_NO_LOCK | BDRV_O_CHECK) < 0)
        return;
    memset(&res, 0, sizeof(res));
    bdrv_check(bs, &res, BDRV_FIX_LEAKS | BDRV_FIX_ERRORS);
    bdrv_close(bs);
}

static void run_one(const uint8_t *data, size_t len)
{
    if (len > FUZZ_MAX_INPUT)
        len = FUZZ_MAX_INPUT;
    write_file(work_path, data, len);
    exercise_readonly(work_path);
    exercise_readwrite(work_path, len);
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(work_path, sizeof(work_path), "%s/fuzz-qcow2.%d.img", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
}

int main(int argc, char **argv)
{
    int ret = fuzz_main(argc, argv, "fuzz-qcow2", setup, run_one, &opened);

    unlink(work_path);
    return ret;
}
