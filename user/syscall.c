/*
 * Linux x86-64 system calls for vireo-x86_64: one table row per call,
 * indexed by its number (arch/x86/entry/syscalls/syscall_64.tbl). Handlers
 * get the six argument registers and return the result or a negative host
 * errno, which user_syscall() turns into Linux's. Guest structures are
 * written field by field, little-endian, so any host gives the guest the
 * same bytes; guest pointers go through the mapping table (user_read and
 * user_write), never a raw host pointer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tcg/softmmu.h"
#include "user/strace.h"
#include "user/user.h"

bool user_strace;
const char *user_exe_path;

typedef int64_t SyscallFn(CPUX86State *env, const uint64_t *a);

typedef struct Syscall {
    const char *name;
    unsigned nargs;         /* for -strace */
    SyscallFn *fn;          /* NULL: -ENOSYS */
} Syscall;

/* The most one read or write moves at a time: the guest sees a short count. */
#define IO_CHUNK (1u << 20)
#define PATH_MAX_GUEST 4096

/* ---- Linux ABI values ---------------------------------------------------- */

#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_EMPTY_PATH 0x1000

/* Linux's errno numbers (asm-generic/errno-base.h, errno.h) by host value. */
static const struct { int host, linux_no; } errno_map[] = {
    { EPERM, 1 }, { ENOENT, 2 }, { ESRCH, 3 }, { EINTR, 4 }, { EIO, 5 }, { ENXIO, 6 },
    { E2BIG, 7 }, { ENOEXEC, 8 }, { EBADF, 9 }, { ECHILD, 10 }, { EAGAIN, 11 },
    { ENOMEM, 12 }, { EACCES, 13 }, { EFAULT, 14 }, { EBUSY, 16 }, { EEXIST, 17 },
    { EXDEV, 18 }, { ENODEV, 19 }, { ENOTDIR, 20 }, { EISDIR, 21 }, { EINVAL, 22 },
    { ENFILE, 23 }, { EMFILE, 24 }, { ENOTTY, 25 }, { EFBIG, 27 }, { ENOSPC, 28 },
    { ESPIPE, 29 }, { EROFS, 30 }, { EMLINK, 31 }, { EPIPE, 32 }, { ERANGE, 34 },
    { ENAMETOOLONG, 36 }, { ENOSYS, 38 }, { ENOTEMPTY, 39 }, { ELOOP, 40 },
    { ENODATA, 61 }, { EOPNOTSUPP, 95 },
};

static int64_t linux_errno(int64_t ret)
{
    if (ret >= 0 || ret < -4095)
        return ret;
    for (size_t i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
        if (errno_map[i].host == -ret)
            return -errno_map[i].linux_no;
    return -5;      /* EIO for what Linux has no name for */
}

/* Linux's open flags (asm-generic/fcntl.h, octal) to the host's. */
static const struct { unsigned linux_flag; int host; } open_flags[] = {
    { 01, O_WRONLY }, { 02, O_RDWR }, { 0100, O_CREAT }, { 0200, O_EXCL },
    { 0400, O_NOCTTY }, { 01000, O_TRUNC }, { 02000, O_APPEND }, { 04000, O_NONBLOCK },
    { 0200000, O_DIRECTORY }, { 0400000, O_NOFOLLOW }, { 02000000, O_CLOEXEC },
};

static int host_open_flags(uint64_t f)
{
    int h = 0;

    for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
        if (f & open_flags[i].linux_flag)
            h |= open_flags[i].host;
    return h;
}

static int host_dirfd(uint64_t fd)
{
    return (int)fd == L_AT_FDCWD ? AT_FDCWD : (int)fd;
}

static int64_t neg_errno(void) { return -errno; }

static void put64(uint8_t *p, uint64_t v) { stn_le_p(p, 8, v); }
static void put32(uint8_t *p, uint64_t v) { stn_le_p(p, 4, v); }

/* A guest path, looked up under -L's sysroot first (path.c). */
static int get_path(uint64_t addr, char *buf)
{
    int ret = user_read_str(addr, buf, PATH_MAX_GUEST);

    return ret < 0 ? ret : user_path_map(buf, PATH_MAX_GUEST);
}

/* ---- Files --------------------------------------------------------------- */

static int64_t sys_read(CPUX86State *env, const uint64_t *a)
{
    size_t n = a[2] < IO_CHUNK ? (size_t)a[2] : IO_CHUNK;
    uint8_t *buf;
    ssize_t got;

    if (!user_access_ok(a[1], n, PAGE_WRITE))
        return -EFAULT;
    buf = malloc(n ? n : 1);
    if (!buf)
        return -ENOMEM;
    got = read((int)a[0], buf, n);
    if (got < 0)
        got = neg_errno();
    else if (user_write(a[1], buf, (size_t)got) < 0)
        got = -EFAULT;
    free(buf);
    return got;
}

static int64_t sys_write(CPUX86State *env, const uint64_t *a)
{
    size_t n = a[2] < IO_CHUNK ? (size_t)a[2] : IO_CHUNK;
    uint8_t *buf = malloc(n ? n : 1);
    ssize_t put;

    if (!buf)
        return -ENOMEM;
    if (user_read(a[1], buf, n) < 0)
        put = -EFAULT;
    else if ((put = write((int)a[0], buf, n)) < 0)
        put = neg_errno();
    free(buf);
    return put;
}

/* readv 19, writev 20: struct iovec is { u64 base, u64 len }. */
static int64_t do_iov(CPUX86State *env, const uint64_t *a, SyscallFn *fn)
{
    int64_t total = 0;

    if (a[2] > 1024)
        return -EINVAL;
    for (uint64_t i = 0; i < a[2]; i++) {
        uint8_t iov[16];
        uint64_t one[3];
        int64_t r;

        if (user_read(a[1] + 16 * i, iov, 16) < 0)
            return -EFAULT;
        one[0] = a[0];
        one[1] = ldn_le_p(iov, 8);
        one[2] = ldn_le_p(iov + 8, 8);
        if (!one[2])
            continue;
        r = fn(env, one);
        if (r < 0)
            return total ? total : r;
        total += r;
        if ((uint64_t)r < one[2])
            break;
    }
    return total;
}

static int64_t sys_readv(CPUX86State *env, const uint64_t *a) { return do_iov(env, a, sys_read); }
static int64_t sys_writev(CPUX86State *env, const uint64_t *a) { return do_iov(env, a, sys_write); }

static int64_t sys_openat(CPUX86State *env, const uint64_t *a)
{
    char path[PATH_MAX_GUEST];
    int ret = get_path(a[1], path), fd;

    if (ret < 0)
        return ret;
    fd = openat(host_dirfd(a[0]), path, host_open_flags(a[2]), (mode_t)a[3]);
    return fd < 0 ? neg_errno() : fd;
}

static int64_t sys_open(CPUX86State *env, const uint64_t *a)
{
    uint64_t b[4] = { (uint64_t)(int64_t)L_AT_FDCWD, a[0], a[1], a[2] };

    return sys_openat(env, b);
}

static int64_t sys_close(CPUX86State *env, const uint64_t *a)
{
    return close((int)a[0]) < 0 ? neg_errno() : 0;
}

static int64_t sys_lseek(CPUX86State *env, const uint64_t *a)
{
    off_t r;

    if (a[2] > 2)           /* SEEK_SET, SEEK_CUR, SEEK_END */
        return -EINVAL;
    r = lseek((int)a[0], (off_t)a[1], a[2] == 0 ? SEEK_SET : a[2] == 1 ? SEEK_CUR : SEEK_END);
    return r < 0 ? neg_errno() : r;
}

/* struct stat of x86-64 Linux (arch/x86/include/uapi/asm/stat.h): 144 bytes. */
static int put_stat(uint64_t addr, const struct stat *st)
{
    uint8_t b[144] = { 0 };

    put64(b + 0, (uint64_t)st->st_dev);
    put64(b + 8, (uint64_t)st->st_ino);
    put64(b + 16, (uint64_t)st->st_nlink);
    put32(b + 24, st->st_mode);
    put32(b + 28, st->st_uid);
    put32(b + 32, st->st_gid);
    put64(b + 40, (uint64_t)st->st_rdev);
    put64(b + 48, (uint64_t)st->st_size);
    put64(b + 56, (uint64_t)st->st_blksize);
    put64(b + 64, (uint64_t)st->st_blocks);
    put64(b + 72, (uint64_t)st->st_atim.tv_sec);
    put64(b + 80, (uint64_t)st->st_atim.tv_nsec);
    put64(b + 88, (uint64_t)st->st_mtim.tv_sec);
    put64(b + 96, (uint64_t)st->st_mtim.tv_nsec);
    put64(b + 104, (uint64_t)st->st_ctim.tv_sec);
    put64(b + 112, (uint64_t)st->st_ctim.tv_nsec);
    return user_write(addr, b, sizeof(b));
}

static int64_t sys_fstat(CPUX86State *env, const uint64_t *a)
{
    struct stat st;

    if (fstat((int)a[0], &st) < 0)
        return neg_errno();
    return put_stat(a[1], &st);
}

static int64_t sys_newfstatat(CPUX86State *env, const uint64_t *a)
{
    char path[PATH_MAX_GUEST];
    struct stat st;
    int ret = get_path(a[1], path), r;

    if (ret < 0)
        return ret;
    if (!path[0] && (a[3] & L_AT_EMPTY_PATH))
        r = (int)a[0] == L_AT_FDCWD ? stat(".", &st) : fstat((int)a[0], &st);
    else
        r = fstatat(host_dirfd(a[0]), path, &st,
                    (a[3] & L_AT_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0);
    if (r < 0)
        return neg_errno();
    return put_stat(a[2], &st);
}

static int64_t sys_access(CPUX86State *env, const uint64_t *a)
{
    char path[PATH_MAX_GUEST];
    int ret = get_path(a[0], path);

    if (ret < 0)
        return ret;
    return access(path, (int)(a[1] & 7)) < 0 ? neg_errno() : 0;
}

/*
 * TCGETS and TIOCGWINSZ (asm-generic/ioctls.h). The termios flag bits are
 * passed as the host has them: Linux's on a Linux host; mapping another
 * host's bits is for later. Other requests: -ENOTTY, as Linux answers
 * requests a file does not know.
 */
static int64_t sys_ioctl(CPUX86State *env, const uint64_t *a)
{
    int fd = (int)a[0];

    if (a[1] == 0x5401) {               /* TCGETS: struct termios, 36 bytes */
        struct termios t;
        uint8_t b[36] = { 0 };

        if (tcgetattr(fd, &t) < 0)
            return neg_errno();
        put32(b, t.c_iflag);
        put32(b + 4, t.c_oflag);
        put32(b + 8, t.c_cflag);
        put32(b + 12, t.c_lflag);
        for (unsigned i = 0; i < 19 && i < NCCS; i++)
            b[17 + i] = t.c_cc[i];
        return user_write(a[2], b, sizeof(b));
    }
    if (a[1] == 0x5413) {               /* TIOCGWINSZ: 4 x u16 */
        struct winsize w;
        uint8_t b[8];

        if (!isatty(fd))
            return -ENOTTY;
        if (ioctl(fd, TIOCGWINSZ, &w) < 0)
            return neg_errno();
        stn_le_p(b, 2, w.ws_row);
        stn_le_p(b + 2, 2, w.ws_col);
        stn_le_p(b + 4, 2, w.ws_xpixel);
        stn_le_p(b + 6, 2, w.ws_ypixel);
        return user_write(a[2], b, sizeof(b));
    }
    return -ENOTTY;
}

static int64_t sys_getcwd(CPUX86State *env, const uint64_t *a)
{
    char buf[PATH_MAX_GUEST];
    size_t n;

    if (!getcwd(buf, sizeof(buf)))
        return neg_errno();
    n = strlen(buf) + 1;
    if (n > a[1])
        return -ERANGE;
    return user_write(a[0], buf, n) < 0 ? -EFAULT : (int64_t)n;
}

static int64_t sys_readlink(CPUX86State *env, const uint64_t *a)
{
    char path[PATH_MAX_GUEST], buf[PATH_MAX_GUEST];
    ssize_t n;
    int ret = get_path(a[0], path);

    if (ret < 0)
        return ret;
    if (!strcmp(path, "/proc/self/exe")) {
        if (!realpath(user_exe_path, buf))
            return neg_errno();
        n = (ssize_t)strlen(buf);
    } else if ((n = readlink(path, buf, sizeof(buf))) < 0) {
        return neg_errno();
    }
    if ((uint64_t)n > a[2])
        n = (ssize_t)a[2];
    return user_write(a[1], buf, (size_t)n) < 0 ? -EFAULT : n;
}

/* ---- Memory -------------------------------------------------------------- */

#define L_MAP_SHARED 0x01
#define L_MAP_FIXED 0x10
#define L_MAP_ANONYMOUS 0x20
#define L_MAP_FIXED_NOREPLACE 0x100000

static int64_t sys_mmap(CPUX86State *env, const uint64_t *a)
{
    uint64_t addr = a[0], len = a[1], flags = a[3], off = a[5];
    int prot = (int)(a[2] & 7);     /* PROT_READ/WRITE/EXEC are PAGE_* */
    bool fixed = flags & (L_MAP_FIXED | L_MAP_FIXED_NOREPLACE);
    int64_t got;

    if (!len || (off & (USER_PAGE_SIZE - 1)) || (fixed && (addr & (USER_PAGE_SIZE - 1))))
        return -EINVAL;
    /* A read-only shared file mapping reads as a private copy (ld.so.cache,
     * locale archives); writable shared file mappings: later. */
    if ((flags & L_MAP_SHARED) && !(flags & L_MAP_ANONYMOUS) && (prot & PAGE_WRITE))
        return -ENOSYS;
    if ((flags & L_MAP_FIXED_NOREPLACE) && !(flags & L_MAP_FIXED)) {
        for (uint64_t p = addr; p < addr + len; p += USER_PAGE_SIZE)
            if (user_access_ok(p, 1, 0))
                return -EEXIST;
    }
    got = user_mmap(addr, len, prot, fixed);
    if (got < 0 || (flags & L_MAP_ANONYMOUS))
        return got;
    /* A private file mapping: a copy of the file's bytes, zeros past its end. */
    for (uint64_t done = 0; done < len;) {
        uint8_t buf[65536];
        size_t want = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
        ssize_t n = pread((int)a[4], buf, want, (off_t)(off + done));

        if (n < 0) {
            int64_t err = neg_errno();

            user_munmap((uint64_t)got, len);
            return err;
        }
        if (n == 0)
            break;
        user_poke((uint64_t)got + done, buf, (size_t)n);
        done += (uint64_t)n;
    }
    return got;
}

static int64_t sys_mprotect(CPUX86State *env, const uint64_t *a)
{
    return user_mprotect(a[0], a[1], (int)(a[2] & 7));
}

static int64_t sys_munmap(CPUX86State *env, const uint64_t *a)
{
    return user_munmap(a[0], a[1]);
}

static int64_t sys_brk(CPUX86State *env, const uint64_t *a)
{
    return (int64_t)user_brk(a[0]);
}

/* ---- Signals: signal.c -------------------------------------------------- */

/* ---- Process ------------------------------------------------------------- */

static int64_t sys_getpid(CPUX86State *env, const uint64_t *a) { return getpid(); }
static int64_t sys_getuid(CPUX86State *env, const uint64_t *a) { return getuid(); }
static int64_t sys_geteuid(CPUX86State *env, const uint64_t *a) { return geteuid(); }
static int64_t sys_getgid(CPUX86State *env, const uint64_t *a) { return getgid(); }
static int64_t sys_getegid(CPUX86State *env, const uint64_t *a) { return getegid(); }
static int64_t sys_zero(CPUX86State *env, const uint64_t *a) { return 0; }

_Noreturn void user_exit_process(int status)
{
    if (user_strace)
        user_strace_result(" = ?");
    /* _exit: other threads may still be running guest code; no atexit teardown under them. */
    fflush(NULL);
    _exit(status);
}

static int64_t sys_exit_group(CPUX86State *env, const uint64_t *a)
{
    user_exit_process((int)(a[0] & 0xff));
}

/* struct new_utsname: six fields of 65 bytes. */
static int64_t sys_uname(CPUX86State *env, const uint64_t *a)
{
    struct utsname u;
    char b[6 * 65] = { 0 };
    bool linux_host;

    if (uname(&u) < 0)
        return neg_errno();
    linux_host = !strcmp(u.sysname, "Linux");
    snprintf(b, 65, "Linux");
    snprintf(b + 65, 65, "%s", u.nodename);
    snprintf(b + 130, 65, "%s", linux_host ? u.release : "6.1.0");
    snprintf(b + 195, 65, "%s", linux_host ? u.version : "#1 SMP");
    snprintf(b + 260, 65, "x86_64");
    snprintf(b + 325, 65, "(none)");
    return user_write(a[0], b, sizeof(b));
}

/* ARCH_SET_GS 0x1001, ARCH_SET_FS 0x1002, ARCH_GET_FS 0x1003, ARCH_GET_GS 0x1004 */
static int64_t sys_arch_prctl(CPUX86State *env, const uint64_t *a)
{
    int seg = (a[0] == 0x1001 || a[0] == 0x1004) ? R_GS : R_FS;
    uint8_t b[8];

    switch (a[0]) {
    case 0x1001: case 0x1002:
        if ((uint64_t)((int64_t)(a[1] << 16) >> 16) != a[1])
            return -EPERM;
        env->segs[seg].base = a[1];
        return 0;
    case 0x1003: case 0x1004:
        stn_le_p(b, 8, env->segs[seg].base);
        return user_write(a[1], b, 8);
    }
    return -EINVAL;
}

static int64_t sys_prlimit64(CPUX86State *env, const uint64_t *a)
{
    /* Linux's resource numbers (asm-generic/resource.h) to the host's. */
    static const int res[] = { RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK,
                               RLIMIT_CORE, -1, -1, RLIMIT_NOFILE, -1, RLIMIT_AS };
    struct rlimit rl;
    uint8_t b[16];

    if (a[0] && a[0] != (uint64_t)getpid())
        return -EPERM;
    if (a[1] >= sizeof(res) / sizeof(res[0]) || res[a[1]] < 0)
        return -EINVAL;
    if (a[3]) {
        if (getrlimit(res[a[1]], &rl) < 0)
            return neg_errno();
        stn_le_p(b, 8, rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur);
        stn_le_p(b + 8, 8, rl.rlim_max == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_max);
        if (user_write(a[3], b, 16) < 0)
            return -EFAULT;
    }
    /* A new limit is accepted and not applied: the emulator's own would change. */
    return 0;
}

/* ---- Time and randomness ------------------------------------------------- */

static int64_t sys_time(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[8];
    time_t t = time(NULL);

    stn_le_p(b, 8, (uint64_t)t);
    if (a[0] && user_write(a[0], b, 8) < 0)
        return -EFAULT;
    return t;
}

static int64_t sys_clock_gettime(CPUX86State *env, const uint64_t *a)
{
    /* Linux clock ids 0..7 (uapi/linux/time.h); BOOTTIME reads as MONOTONIC. */
    static const clockid_t ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
                                     CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
                                     CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_MONOTONIC,
                                     CLOCK_MONOTONIC };
    struct timespec ts;
    uint8_t b[16];

    if (a[0] >= sizeof(ids) / sizeof(ids[0]))
        return -EINVAL;
    if (clock_gettime(ids[a[0]], &ts) < 0)
        return neg_errno();
    stn_le_p(b, 8, (uint64_t)ts.tv_sec);
    stn_le_p(b + 8, 8, (uint64_t)ts.tv_nsec);
    return user_write(a[1], b, 16);
}

static int64_t sys_getrandom(CPUX86State *env, const uint64_t *a)
{
    size_t n = a[1] < IO_CHUNK ? (size_t)a[1] : IO_CHUNK;

    for (size_t done = 0; done < n;) {
        uint8_t buf[256];
        size_t k = n - done < sizeof(buf) ? n - done : sizeof(buf);

        if (getentropy(buf, k) < 0)
            return done ? (int64_t)done : neg_errno();
        if (user_write(a[0] + done, buf, k) < 0)
            return done ? (int64_t)done : -EFAULT;
        done += k;
    }
    return (int64_t)n;
}

/* ---- The table ------------------------------------------------------------ */

static const Syscall syscalls[] = {
    [0] = { "read", 3, sys_read },
    [1] = { "write", 3, sys_write },
    [2] = { "open", 3, sys_open },
    [3] = { "close", 1, sys_close },
    [5] = { "fstat", 2, sys_fstat },
    [7] = { "poll", 3, sys_poll },
    [8] = { "lseek", 3, sys_lseek },
    [9] = { "mmap", 6, sys_mmap },
    [10] = { "mprotect", 3, sys_mprotect },
    [11] = { "munmap", 2, sys_munmap },
    [12] = { "brk", 1, sys_brk },
    [13] = { "rt_sigaction", 4, user_sys_rt_sigaction },
    [14] = { "rt_sigprocmask", 4, user_sys_rt_sigprocmask },
    [15] = { "rt_sigreturn", 0, user_sys_rt_sigreturn },
    [16] = { "ioctl", 3, sys_ioctl },
    [17] = { "pread64", 4, sys_pread64 },
    [18] = { "pwrite64", 4, sys_pwrite64 },
    [19] = { "readv", 3, sys_readv },
    [20] = { "writev", 3, sys_writev },
    [21] = { "access", 2, sys_access },
    [22] = { "pipe", 1, sys_pipe },
    [23] = { "select", 5, sys_select },
    [24] = { "sched_yield", 0, sys_sched_yield },
    [28] = { "madvise", 3, sys_madvise },
    [32] = { "dup", 1, sys_dup },
    [33] = { "dup2", 2, sys_dup2 },
    [34] = { "pause", 0, user_sys_pause },
    [35] = { "nanosleep", 2, sys_nanosleep },
    [37] = { "alarm", 1, user_sys_alarm },
    [39] = { "getpid", 0, sys_getpid },
    [56] = { "clone", 5, sys_clone },
    [57] = { "fork", 0, sys_fork },
    [58] = { "vfork", 0, sys_fork },
    [59] = { "execve", 3, sys_execve },
    [60] = { "exit", 1, sys_exit },
    [61] = { "wait4", 4, sys_wait4 },
    [62] = { "kill", 2, sys_kill },
    [63] = { "uname", 1, sys_uname },
    [72] = { "fcntl", 3, sys_fcntl },
    [74] = { "fsync", 1, sys_fsync },
    [75] = { "fdatasync", 1, sys_fsync },
    [76] = { "truncate", 2, sys_truncate },
    [77] = { "ftruncate", 2, sys_ftruncate },
    [79] = { "getcwd", 2, sys_getcwd },
    [80] = { "chdir", 1, sys_chdir },
    [81] = { "fchdir", 1, sys_fchdir },
    [82] = { "rename", 2, sys_rename },
    [83] = { "mkdir", 2, sys_mkdir },
    [84] = { "rmdir", 1, sys_rmdir },
    [87] = { "unlink", 1, sys_unlink },
    [89] = { "readlink", 3, sys_readlink },
    [90] = { "chmod", 2, sys_chmod },
    [91] = { "fchmod", 2, sys_fchmod },
    [93] = { "fchown", 3, sys_fchown },
    [95] = { "umask", 1, sys_umask },
    [98] = { "getrusage", 2, sys_getrusage },
    [99] = { "sysinfo", 1, sys_sysinfo },
    [100] = { "times", 1, sys_times },
    [102] = { "getuid", 0, sys_getuid },
    [104] = { "getgid", 0, sys_getgid },
    [107] = { "geteuid", 0, sys_geteuid },
    [108] = { "getegid", 0, sys_getegid },
    [109] = { "setpgid", 2, sys_setpgid },
    [110] = { "getppid", 0, sys_getppid },
    [111] = { "getpgrp", 0, sys_getpgrp },
    [112] = { "setsid", 0, sys_setsid },
    [121] = { "getpgid", 1, sys_getpgid },
    [127] = { "rt_sigpending", 2, user_sys_rt_sigpending },
    [130] = { "rt_sigsuspend", 2, user_sys_rt_sigsuspend },
    [131] = { "sigaltstack", 2, user_sys_sigaltstack },
    [137] = { "statfs", 2, sys_statfs },
    [138] = { "fstatfs", 2, sys_fstatfs },
    [157] = { "prctl", 5, sys_prctl },
    [158] = { "arch_prctl", 2, sys_arch_prctl },
    [162] = { "sync", 0, sys_sync },
    [191] = { "getxattr", 4, sys_getxattr },
    [192] = { "lgetxattr", 4, sys_getxattr },
    [193] = { "fgetxattr", 4, sys_fgetxattr },
    [194] = { "listxattr", 3, sys_listxattr },
    [195] = { "llistxattr", 3, sys_listxattr },
    [186] = { "gettid", 0, sys_gettid },
    [200] = { "tkill", 2, user_sys_tkill },
    [201] = { "time", 1, sys_time },
    [202] = { "futex", 6, sys_futex },
    [204] = { "sched_getaffinity", 3, sys_sched_getaffinity },
    [217] = { "getdents64", 3, sys_getdents64 },
    [221] = { "fadvise64", 4, sys_fadvise64 },
    [218] = { "set_tid_address", 1, sys_set_tid_address },
    [228] = { "clock_gettime", 2, sys_clock_gettime },
    [230] = { "clock_nanosleep", 4, sys_clock_nanosleep },
    [231] = { "exit_group", 1, sys_exit_group },
    [234] = { "tgkill", 3, user_sys_tgkill },
    [257] = { "openat", 4, sys_openat },
    [258] = { "mkdirat", 3, sys_mkdirat },
    [262] = { "newfstatat", 4, sys_newfstatat },
    [263] = { "unlinkat", 3, sys_unlinkat },
    [264] = { "renameat", 4, sys_renameat },
    [267] = { "readlinkat", 4, sys_readlinkat },
    [269] = { "faccessat", 3, sys_faccessat },
    [270] = { "pselect6", 6, sys_pselect6 },
    [273] = { "set_robust_list", 2, sys_zero },
    [280] = { "utimensat", 4, sys_utimensat },
    [292] = { "dup3", 3, sys_dup3 },
    [293] = { "pipe2", 2, sys_pipe2 },
    [302] = { "prlimit64", 4, sys_prlimit64 },
    [318] = { "getrandom", 3, sys_getrandom },
    [332] = { "statx", 5, sys_statx },
    [334] = { "rseq", 4, NULL },
};

void user_syscall(CPUX86State *env)
{
    uint64_t nr = env->regs[R_EAX];
    const uint64_t a[6] = { env->regs[R_EDI], env->regs[R_ESI], env->regs[R_EDX],
                            env->regs[R_R10], env->regs[R_R8], env->regs[R_R9] };
    const Syscall *sc = nr < sizeof(syscalls) / sizeof(syscalls[0]) && syscalls[nr].name
                        ? &syscalls[nr] : NULL;
    int64_t ret;

    if (user_strace) {
        /* A thread's exit(2) gets its " = ?" from thread.c (see strace.h). */
        if (nr == 60)
            user_strace_call_exit(sc->name, nr, a, sc->nargs);
        else
            user_strace_call(sc ? sc->name : NULL, nr, a, sc ? sc->nargs : 0);
    }
    ret = linux_errno(sc && sc->fn ? sc->fn(env, a) : -ENOSYS);
    if (user_strace)
        user_strace_result(" = %lld%s", (long long)ret, sc && sc->fn ? "" : " (not implemented)");
    if (nr != 15)           /* rt_sigreturn has set every register */
        env->regs[R_EAX] = (uint64_t)ret;
}
