/*
 * File, directory and descriptor system calls of vireo-x86_64: pipes, dup,
 * fcntl, getdents64, the path calls (mkdir, unlink, rename...), poll and
 * select. Guest descriptors are host descriptors; flag words and structures
 * are translated field by field, as in syscall.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>

#include "tcg/softmmu.h"
#include "user/user.h"

#define PATH_MAX_GUEST 4096
#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_REMOVEDIR 0x200
#define L_O_NONBLOCK 04000
#define L_O_APPEND 02000
#define L_O_CLOEXEC 02000000

static int64_t neg_errno(void) { return -errno; }
static int64_t ok_or_errno(int r) { return r < 0 ? neg_errno() : r; }

static int host_dirfd(uint64_t fd)
{
    return (int)fd == L_AT_FDCWD ? AT_FDCWD : (int)fd;
}

static int get_path(uint64_t addr, char *buf)
{
    int ret = user_read_str(addr, buf, PATH_MAX_GUEST);

    return ret < 0 ? ret : 0;
}

/* ---- Pipes and descriptors ------------------------------------------------ */

/* pipe2(fds, flags): two u32 descriptors; O_CLOEXEC and O_NONBLOCK. */
int64_t sys_pipe2(CPUX86State *env, const uint64_t *a)
{
    int fd[2];
    uint8_t b[8];

    if (a[1] & ~(uint64_t)(L_O_CLOEXEC | L_O_NONBLOCK))
        return -EINVAL;
    if (pipe(fd) < 0)
        return neg_errno();
    for (int i = 0; i < 2; i++) {
        if (a[1] & L_O_CLOEXEC)
            fcntl(fd[i], F_SETFD, FD_CLOEXEC);
        if (a[1] & L_O_NONBLOCK)
            fcntl(fd[i], F_SETFL, O_NONBLOCK);
        stn_le_p(b + 4 * i, 4, (uint64_t)fd[i]);
    }
    if (user_write(a[0], b, 8) < 0) {
        close(fd[0]);
        close(fd[1]);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_pipe(CPUX86State *env, const uint64_t *a)
{
    const uint64_t b[2] = { a[0], 0 };

    return sys_pipe2(env, b);
}

int64_t sys_dup(CPUX86State *env, const uint64_t *a)
{
    return ok_or_errno(dup((int)a[0]));
}

int64_t sys_dup2(CPUX86State *env, const uint64_t *a)
{
    return ok_or_errno(dup2((int)a[0], (int)a[1]));
}

int64_t sys_dup3(CPUX86State *env, const uint64_t *a)
{
    int fd;

    if ((int)a[0] == (int)a[1] || (a[2] & ~(uint64_t)L_O_CLOEXEC))
        return -EINVAL;
    fd = dup2((int)a[0], (int)a[1]);
    if (fd >= 0 && (a[2] & L_O_CLOEXEC))
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    return ok_or_errno(fd);
}

/* Linux's file status flags (asm-generic/fcntl.h) and the host's. */
static const struct { unsigned linux_flag; int host; } status_flags[] = {
    { 01, O_WRONLY }, { 02, O_RDWR }, { L_O_APPEND, O_APPEND }, { L_O_NONBLOCK, O_NONBLOCK },
};

/* fcntl: F_DUPFD 0, F_GETFD 1, F_SETFD 2, F_GETFL 3, F_SETFL 4, F_DUPFD_CLOEXEC 1030. */
int64_t sys_fcntl(CPUX86State *env, const uint64_t *a)
{
    int fd = (int)a[0], r;
    uint64_t l = 0;

    switch (a[1]) {
    case 0:
        return ok_or_errno(fcntl(fd, F_DUPFD, (int)a[2]));
    case 1030:
        return ok_or_errno(fcntl(fd, F_DUPFD_CLOEXEC, (int)a[2]));
    case 1:
        r = fcntl(fd, F_GETFD);
        return r < 0 ? neg_errno() : (r & FD_CLOEXEC) ? 1 : 0;
    case 2:
        return ok_or_errno(fcntl(fd, F_SETFD, (a[2] & 1) ? FD_CLOEXEC : 0));
    case 3:
        if ((r = fcntl(fd, F_GETFL)) < 0)
            return neg_errno();
        if ((r & O_ACCMODE) == O_WRONLY)
            l |= 01;
        else if ((r & O_ACCMODE) == O_RDWR)
            l |= 02;
        for (size_t i = 2; i < sizeof(status_flags) / sizeof(status_flags[0]); i++)
            if (r & status_flags[i].host)
                l |= status_flags[i].linux_flag;
        return (int64_t)l;
    case 4:
        r = 0;
        for (size_t i = 2; i < sizeof(status_flags) / sizeof(status_flags[0]); i++)
            if (a[2] & status_flags[i].linux_flag)
                r |= status_flags[i].host;
        return ok_or_errno(fcntl(fd, F_SETFL, r));
    }
    return -EINVAL;
}

/* ---- Directories ---------------------------------------------------------- */

/*
 * getdents64(fd, buf, count): struct linux_dirent64 is { u64 d_ino,
 * i64 d_off, u16 d_reclen, u8 d_type, name, NUL } padded to 8 bytes. Each
 * call reads a fresh host DIR positioned at the guest descriptor's offset,
 * and leaves that offset after the last entry it returned.
 */
int64_t sys_getdents64(CPUX86State *env, const uint64_t *a)
{
    int fd = (int)a[0], dfd;
    DIR *d;
    off_t pos = lseek(fd, 0, SEEK_CUR);
    uint64_t done = 0;
    uint8_t *buf;
    struct dirent *de;

    if (pos < 0)
        return neg_errno();
    if ((dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return neg_errno();
    if (!(d = fdopendir(dfd))) {
        close(dfd);
        return neg_errno();
    }
    if (pos)
        seekdir(d, (long)pos);
    buf = malloc(a[2] < 65536 ? (size_t)a[2] + 1 : 65536);
    if (!buf) {
        closedir(d);
        return -ENOMEM;
    }
    while ((de = readdir(d))) {
        size_t nlen = strlen(de->d_name);
        uint64_t reclen = (19 + nlen + 1 + 7) & ~7ull;
        long next = telldir(d);

        if (done + reclen > a[2] || done + reclen > 65536) {
            if (!done) {
                free(buf);
                closedir(d);
                return -EINVAL;
            }
            break;
        }
        memset(buf + done, 0, reclen);
        stn_le_p(buf + done, 8, (uint64_t)de->d_ino);
        stn_le_p(buf + done + 8, 8, (uint64_t)next);
        stn_le_p(buf + done + 16, 2, reclen);
        buf[done + 18] = de->d_type;
        memcpy(buf + done + 19, de->d_name, nlen);
        done += reclen;
        pos = next;
    }
    closedir(d);
    lseek(fd, pos, SEEK_SET);
    if (done && user_write(a[1], buf, (size_t)done) < 0)
        done = (uint64_t)-EFAULT;
    free(buf);
    return (int64_t)done;
}

int64_t sys_chdir(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    int ret = get_path(a[0], p);

    return ret < 0 ? ret : ok_or_errno(chdir(p));
}

int64_t sys_fchdir(CPUX86State *env, const uint64_t *a)
{
    return ok_or_errno(fchdir((int)a[0]));
}

int64_t sys_mkdirat(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    int ret = get_path(a[1], p);

    return ret < 0 ? ret : ok_or_errno(mkdirat(host_dirfd(a[0]), p, (mode_t)a[2]));
}

int64_t sys_mkdir(CPUX86State *env, const uint64_t *a)
{
    const uint64_t b[3] = { (uint64_t)(int64_t)L_AT_FDCWD, a[0], a[1] };

    return sys_mkdirat(env, b);
}

int64_t sys_unlinkat(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    int ret = get_path(a[1], p);

    if (ret < 0)
        return ret;
    if (a[2] & ~(uint64_t)L_AT_REMOVEDIR)
        return -EINVAL;
    return ok_or_errno(unlinkat(host_dirfd(a[0]), p, (a[2] & L_AT_REMOVEDIR) ? AT_REMOVEDIR : 0));
}

int64_t sys_unlink(CPUX86State *env, const uint64_t *a)
{
    const uint64_t b[3] = { (uint64_t)(int64_t)L_AT_FDCWD, a[0], 0 };

    return sys_unlinkat(env, b);
}

int64_t sys_rmdir(CPUX86State *env, const uint64_t *a)
{
    const uint64_t b[3] = { (uint64_t)(int64_t)L_AT_FDCWD, a[0], L_AT_REMOVEDIR };

    return sys_unlinkat(env, b);
}

int64_t sys_renameat(CPUX86State *env, const uint64_t *a)
{
    char from[PATH_MAX_GUEST], to[PATH_MAX_GUEST];
    int ret = get_path(a[1], from);

    if (ret < 0 || (ret = get_path(a[3], to)) < 0)
        return ret;
    return ok_or_errno(renameat(host_dirfd(a[0]), from, host_dirfd(a[2]), to));
}

int64_t sys_rename(CPUX86State *env, const uint64_t *a)
{
    const uint64_t b[4] = { (uint64_t)(int64_t)L_AT_FDCWD, a[0], (uint64_t)(int64_t)L_AT_FDCWD, a[1] };

    return sys_renameat(env, b);
}

int64_t sys_umask(CPUX86State *env, const uint64_t *a)
{
    return umask((mode_t)(a[0] & 0777));
}

int64_t sys_chmod(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    int ret = get_path(a[0], p);

    return ret < 0 ? ret : ok_or_errno(chmod(p, (mode_t)(a[1] & 07777)));
}

int64_t sys_fchmod(CPUX86State *env, const uint64_t *a)
{
    return ok_or_errno(fchmod((int)a[0], (mode_t)(a[1] & 07777)));
}

int64_t sys_fchown(CPUX86State *env, const uint64_t *a)
{
    return ok_or_errno(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2]));
}

int64_t sys_faccessat(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    int ret = get_path(a[1], p);

    if (ret < 0)
        return ret;
    return ok_or_errno(faccessat(host_dirfd(a[0]), p, (int)(a[2] & 7), 0));
}

int64_t sys_ftruncate(CPUX86State *env, const uint64_t *a)
{
    return ok_or_errno(ftruncate((int)a[0], (off_t)a[1]));
}

int64_t sys_truncate(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    int ret = get_path(a[0], p);

    return ret < 0 ? ret : ok_or_errno(truncate(p, (off_t)a[1]));
}

int64_t sys_fsync(CPUX86State *env, const uint64_t *a)
{
    return ok_or_errno(fsync((int)a[0]));
}

int64_t sys_sync(CPUX86State *env, const uint64_t *a)
{
    sync();
    return 0;
}

/* utimensat(dirfd, path, times[2], flags): UTIME_NOW and UTIME_OMIT are Linux's values. */
int64_t sys_utimensat(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    struct timespec ts[2];
    uint8_t b[32];
    int ret;

    if (a[2]) {
        if (user_read(a[2], b, 32) < 0)
            return -EFAULT;
        for (int i = 0; i < 2; i++) {
            uint64_t ns = ldn_le_p(b + 16 * i + 8, 8);

            ts[i].tv_sec = (time_t)ldn_le_p(b + 16 * i, 8);
            ts[i].tv_nsec = ns == 0x3fffffff ? UTIME_NOW : ns == 0x3ffffffe ? UTIME_OMIT : (long)ns;
        }
    }
    if (!a[1])      /* futimens */
        return ok_or_errno(futimens((int)a[0], a[2] ? ts : NULL));
    if ((ret = get_path(a[1], p)) < 0)
        return ret;
    return ok_or_errno(utimensat(host_dirfd(a[0]), p, a[2] ? ts : NULL,
                                 (a[3] & L_AT_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0));
}

/* struct statfs of x86-64 Linux: 120 bytes of longs. */
static int64_t put_statfs(uint64_t addr, const struct statvfs *s)
{
    uint8_t b[120] = { 0 };

    stn_le_p(b, 8, 0xef53);                     /* f_type: as ext4 says */
    stn_le_p(b + 8, 8, (uint64_t)s->f_bsize);
    stn_le_p(b + 16, 8, (uint64_t)s->f_blocks);
    stn_le_p(b + 24, 8, (uint64_t)s->f_bfree);
    stn_le_p(b + 32, 8, (uint64_t)s->f_bavail);
    stn_le_p(b + 40, 8, (uint64_t)s->f_files);
    stn_le_p(b + 48, 8, (uint64_t)s->f_ffree);
    stn_le_p(b + 56, 8, (uint64_t)s->f_fsid);
    stn_le_p(b + 72, 8, (uint64_t)s->f_namemax);
    stn_le_p(b + 80, 8, (uint64_t)s->f_frsize);
    return user_write(addr, b, sizeof(b));
}

int64_t sys_statfs(CPUX86State *env, const uint64_t *a)
{
    char p[PATH_MAX_GUEST];
    struct statvfs s;
    int ret = get_path(a[0], p);

    if (ret < 0)
        return ret;
    return statvfs(p, &s) < 0 ? neg_errno() : put_statfs(a[1], &s);
}

int64_t sys_fstatfs(CPUX86State *env, const uint64_t *a)
{
    struct statvfs s;

    return fstatvfs((int)a[0], &s) < 0 ? neg_errno() : put_statfs(a[1], &s);
}

/* ---- poll, select ---------------------------------------------------------- */

/* Linux's poll bits (asm-generic/poll.h) and the host's. */
static const struct { unsigned linux_bit; short host; } poll_bits[] = {
    { 0x1, POLLIN }, { 0x2, POLLPRI }, { 0x4, POLLOUT }, { 0x8, POLLERR },
    { 0x10, POLLHUP }, { 0x20, POLLNVAL },
};

/* poll(fds, nfds, timeout_ms): struct pollfd is { i32 fd, i16 events, i16 revents }. */
int64_t sys_poll(CPUX86State *env, const uint64_t *a)
{
    uint64_t n = a[1];
    struct pollfd *p;
    uint8_t b[8];
    int r;

    if (n > 4096)
        return -EINVAL;
    p = calloc(n ? n : 1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    for (uint64_t i = 0; i < n; i++) {
        unsigned ev;

        if (user_read(a[0] + 8 * i, b, 8) < 0) {
            free(p);
            return -EFAULT;
        }
        p[i].fd = (int)ldn_le_p(b, 4);
        ev = (unsigned)ldn_le_p(b + 4, 2);
        for (size_t k = 0; k < sizeof(poll_bits) / sizeof(poll_bits[0]); k++)
            if (ev & poll_bits[k].linux_bit)
                p[i].events |= poll_bits[k].host;
    }
    r = poll(p, (nfds_t)n, (int)a[2]);
    if (r < 0) {
        r = -errno;
        free(p);
        return r;
    }
    for (uint64_t i = 0; i < n; i++) {
        unsigned rev = 0;

        for (size_t k = 0; k < sizeof(poll_bits) / sizeof(poll_bits[0]); k++)
            if (p[i].revents & poll_bits[k].host)
                rev |= poll_bits[k].linux_bit;
        stn_le_p(b, 2, rev);
        if (user_write(a[0] + 8 * i + 6, b, 2) < 0) {
            free(p);
            return -EFAULT;
        }
    }
    free(p);
    return r;
}

/* A guest fd_set (little-endian u64 words) of nfds bits into a host one. */
static int get_fdset(uint64_t addr, int nfds, fd_set *s)
{
    uint8_t b[8];

    FD_ZERO(s);
    for (int w = 0; addr && w < (nfds + 63) / 64; w++) {
        uint64_t bits;

        if (user_read(addr + 8 * (uint64_t)w, b, 8) < 0)
            return -EFAULT;
        bits = ldn_le_p(b, 8);
        for (int i = 0; i < 64 && 64 * w + i < nfds; i++)
            if (bits >> i & 1)
                FD_SET(64 * w + i, s);
    }
    return 0;
}

static int put_fdset(uint64_t addr, int nfds, const fd_set *s)
{
    uint8_t b[8];

    for (int w = 0; addr && w < (nfds + 63) / 64; w++) {
        uint64_t bits = 0;

        for (int i = 0; i < 64 && 64 * w + i < nfds; i++)
            if (FD_ISSET(64 * w + i, s))
                bits |= 1ull << i;
        stn_le_p(b, 8, bits);
        if (user_write(addr + 8 * (uint64_t)w, b, 8) < 0)
            return -EFAULT;
    }
    return 0;
}

/* select with a timeout in nanoseconds, or none if ns < 0. */
static int64_t do_select(const uint64_t *a, int64_t ns)
{
    int nfds = (int)a[0], r;
    fd_set s[3];
    struct timeval tv;

    if (nfds < 0 || nfds > FD_SETSIZE)
        return -EINVAL;
    for (int i = 0; i < 3; i++)
        if (get_fdset(a[1 + i], nfds, &s[i]) < 0)
            return -EFAULT;
    tv.tv_sec = (time_t)(ns / 1000000000);
    tv.tv_usec = (suseconds_t)(ns % 1000000000 / 1000);
    r = select(nfds, &s[0], &s[1], &s[2], ns < 0 ? NULL : &tv);
    if (r < 0)
        return neg_errno();
    for (int i = 0; i < 3; i++)
        if (put_fdset(a[1 + i], nfds, &s[i]) < 0)
            return -EFAULT;
    return r;
}

/* select(nfds, r, w, x, struct timeval { i64 sec, i64 usec } *) */
int64_t sys_select(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[16];

    if (!a[4])
        return do_select(a, -1);
    if (user_read(a[4], b, 16) < 0)
        return -EFAULT;
    return do_select(a, (int64_t)ldn_le_p(b, 8) * 1000000000 + (int64_t)ldn_le_p(b + 8, 8) * 1000);
}

/* pselect6(nfds, r, w, x, struct timespec *, sigmask): the mask is not applied yet. */
int64_t sys_pselect6(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[16];

    if (!a[4])
        return do_select(a, -1);
    if (user_read(a[4], b, 16) < 0)
        return -EFAULT;
    return do_select(a, (int64_t)ldn_le_p(b, 8) * 1000000000 + (int64_t)ldn_le_p(b + 8, 8));
}

int64_t sys_madvise(CPUX86State *env, const uint64_t *a)
{
    return 0;
}
