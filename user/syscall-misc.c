/*
 * More system calls of vireo-x86_64, the ones dynamically linked programs
 * and their loader reach for: positioned I/O (ld.so reads ELF headers with
 * pread64), statx (coreutils' ls and stat), readlinkat, fadvise64, and the
 * extended-attribute lookups ls makes for ACLs and SELinux labels. Same
 * conventions as syscall.c: arguments are the six registers, the result or
 * a negative host errno is returned, guest structures are written field by
 * field, little-endian, and guest paths go through -L's sysroot (path.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tcg/softmmu.h"
#include "user/user.h"

#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_EMPTY_PATH 0x1000
/* The most one call moves at a time, as in syscall.c: the guest sees a short count. */
#define IO_CHUNK (1u << 20)

static int64_t neg_errno(void) { return -errno; }

static int host_dirfd(uint64_t fd)
{
    return (int)fd == L_AT_FDCWD ? AT_FDCWD : (int)fd;
}

static int get_path(uint64_t addr, char *buf)
{
    int ret = user_read_str(addr, buf, USER_PATH_MAX);

    return ret < 0 ? ret : user_path_map(buf, USER_PATH_MAX);
}

/* pread64(fd, buf, count, offset) */
int64_t sys_pread64(CPUX86State *env, const uint64_t *a)
{
    size_t n = a[2] < IO_CHUNK ? (size_t)a[2] : IO_CHUNK;
    uint8_t *buf;
    ssize_t got;

    if ((int64_t)a[3] < 0)
        return -EINVAL;
    if (!user_access_ok(a[1], n, PAGE_WRITE))
        return -EFAULT;
    if (!(buf = malloc(n ? n : 1)))
        return -ENOMEM;
    got = pread((int)a[0], buf, n, (off_t)a[3]);
    if (got < 0)
        got = neg_errno();
    else if (user_write(a[1], buf, (size_t)got) < 0)
        got = -EFAULT;
    free(buf);
    return got;
}

/* pwrite64(fd, buf, count, offset) */
int64_t sys_pwrite64(CPUX86State *env, const uint64_t *a)
{
    size_t n = a[2] < IO_CHUNK ? (size_t)a[2] : IO_CHUNK;
    uint8_t *buf;
    ssize_t put;

    if ((int64_t)a[3] < 0)
        return -EINVAL;
    if (!(buf = malloc(n ? n : 1)))
        return -ENOMEM;
    if (user_read(a[1], buf, n) < 0)
        put = -EFAULT;
    else if ((put = pwrite((int)a[0], buf, n, (off_t)a[3])) < 0)
        put = neg_errno();
    free(buf);
    return put;
}

/*
 * fadvise64(fd, offset, len, advice): advice only. Linux checks the
 * descriptor (EBADF) and the advice (EINVAL for > POSIX_FADV_NOREUSE, 5)
 * and ESPIPE for a pipe; the host's page cache is left to itself.
 */
int64_t sys_fadvise64(CPUX86State *env, const uint64_t *a)
{
    struct stat st;

    if (fstat((int)a[0], &st) < 0)
        return neg_errno();
    if (S_ISFIFO(st.st_mode))
        return -ESPIPE;
    return a[3] > 5 ? -EINVAL : 0;
}

/* readlinkat(dirfd, path, buf, size); /proc/self/exe is the guest program. */
int64_t sys_readlinkat(CPUX86State *env, const uint64_t *a)
{
    char path[USER_PATH_MAX], buf[USER_PATH_MAX];
    ssize_t n;
    int ret = get_path(a[1], path);

    if (ret < 0)
        return ret;
    if ((int64_t)a[3] <= 0)
        return -EINVAL;
    if (!strcmp(path, "/proc/self/exe")) {
        if (!realpath(user_exe_path, buf))
            return neg_errno();
        n = (ssize_t)strlen(buf);
    } else if ((n = readlinkat(host_dirfd(a[0]), path, buf, sizeof(buf))) < 0) {
        return neg_errno();
    }
    if ((uint64_t)n > a[3])
        n = (ssize_t)a[3];
    return user_write(a[2], buf, (size_t)n) < 0 ? -EFAULT : n;
}

/*
 * statx(dirfd, path, flags, mask, buf): struct statx of
 * include/uapi/linux/stat.h, 256 bytes, the same on every architecture.
 * The basic fields come from the host's stat, so the mask says
 * STATX_BASIC_STATS (0x7ff) whatever was asked; no birth time.
 */
int64_t sys_statx(CPUX86State *env, const uint64_t *a)
{
    char path[USER_PATH_MAX];
    uint8_t b[256] = { 0 };
    struct stat st;
    const struct timespec *ts[4];
    int ret = get_path(a[1], path), r;

    if (ret < 0)
        return ret;
    if (a[2] & ~(uint64_t)(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH | 0x800 | 0x6000))
        return -EINVAL;         /* beyond AT_NO_AUTOMOUNT and AT_STATX_SYNC_TYPE */
    if (!path[0] && (a[2] & L_AT_EMPTY_PATH))
        r = (int)a[0] == L_AT_FDCWD ? stat(".", &st) : fstat((int)a[0], &st);
    else
        r = fstatat(host_dirfd(a[0]), path, &st,
                    (a[2] & L_AT_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0);
    if (r < 0)
        return neg_errno();
    stn_le_p(b + 0, 4, 0x7ff);                              /* stx_mask */
    stn_le_p(b + 4, 4, (uint64_t)st.st_blksize);
    stn_le_p(b + 16, 4, (uint64_t)st.st_nlink);
    stn_le_p(b + 20, 4, st.st_uid);
    stn_le_p(b + 24, 4, st.st_gid);
    stn_le_p(b + 28, 2, st.st_mode);
    stn_le_p(b + 32, 8, (uint64_t)st.st_ino);
    stn_le_p(b + 40, 8, (uint64_t)st.st_size);
    stn_le_p(b + 48, 8, (uint64_t)st.st_blocks);
    /* atime at 64, btime 80 (left zero), ctime 96, mtime 112: { s64 sec, u32 nsec, s32 } */
    ts[0] = &st.st_atim;
    ts[1] = NULL;
    ts[2] = &st.st_ctim;
    ts[3] = &st.st_mtim;
    for (int i = 0; i < 4; i++)
        if (ts[i]) {
            stn_le_p(b + 64 + 16 * i, 8, (uint64_t)ts[i]->tv_sec);
            stn_le_p(b + 72 + 16 * i, 4, (uint64_t)ts[i]->tv_nsec);
        }
    stn_le_p(b + 128, 4, major(st.st_rdev));
    stn_le_p(b + 132, 4, minor(st.st_rdev));
    stn_le_p(b + 136, 4, major(st.st_dev));
    stn_le_p(b + 140, 4, minor(st.st_dev));
    return user_write(a[4], b, sizeof(b));
}

/*
 * getxattr, lgetxattr, fgetxattr, listxattr...: no extended attributes are
 * shown to the guest, as on a file system without them (ENODATA for a
 * name, an empty list), once the file is known to exist.
 */
int64_t sys_getxattr(CPUX86State *env, const uint64_t *a)
{
    char path[USER_PATH_MAX];
    struct stat st;
    int ret = get_path(a[0], path);

    if (ret < 0)
        return ret;
    return lstat(path, &st) < 0 ? neg_errno() : -ENODATA;
}

int64_t sys_fgetxattr(CPUX86State *env, const uint64_t *a)
{
    struct stat st;

    return fstat((int)a[0], &st) < 0 ? neg_errno() : -ENODATA;
}

int64_t sys_listxattr(CPUX86State *env, const uint64_t *a)
{
    char path[USER_PATH_MAX];
    struct stat st;
    int ret = get_path(a[0], path);

    if (ret < 0)
        return ret;
    return lstat(path, &st) < 0 ? neg_errno() : 0;
}
