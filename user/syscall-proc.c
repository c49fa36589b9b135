/*
 * Process system calls of vireo-x86_64: fork, execve, wait4, kill, process
 * groups, resource use and scheduling. A guest process is a host process
 * running vireo-x86_64: fork duplicates the emulator with the guest in it,
 * and execve runs the new program under vireo-x86_64 again, never natively.
 * Threads (clone with CLONE_THREAD) are thread.c's.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tcg/softmmu.h"
#include "user/strace.h"
#include "user/user.h"

#define PATH_MAX_GUEST 4096
#define MAX_EXEC_ARGS 65536

/* Linux's signal numbers (asm-generic/signal.h) by host value. */
static const struct { int host, linux_no; } sig_map[] = {
    { SIGHUP, 1 }, { SIGINT, 2 }, { SIGQUIT, 3 }, { SIGILL, 4 }, { SIGTRAP, 5 },
    { SIGABRT, 6 }, { SIGBUS, 7 }, { SIGFPE, 8 }, { SIGKILL, 9 }, { SIGUSR1, 10 },
    { SIGSEGV, 11 }, { SIGUSR2, 12 }, { SIGPIPE, 13 }, { SIGALRM, 14 }, { SIGTERM, 15 },
    { SIGCHLD, 17 }, { SIGCONT, 18 }, { SIGSTOP, 19 }, { SIGTSTP, 20 }, { SIGTTIN, 21 },
    { SIGTTOU, 22 }, { SIGURG, 23 }, { SIGXCPU, 24 }, { SIGXFSZ, 25 }, { SIGVTALRM, 26 },
    { SIGPROF, 27 }, { SIGWINCH, 28 }, { SIGIO, 29 }, { SIGSYS, 31 },
};

static int linux_sig(int host)
{
    for (size_t i = 0; i < sizeof(sig_map) / sizeof(sig_map[0]); i++)
        if (sig_map[i].host == host)
            return sig_map[i].linux_no;
    return host;
}

/* A Linux signal number to the host's; -1 if the host has none. */
static int host_sig(uint64_t l)
{
    if (l == 0)
        return 0;
    for (size_t i = 0; i < sizeof(sig_map) / sizeof(sig_map[0]); i++)
        if ((uint64_t)sig_map[i].linux_no == l)
            return sig_map[i].host;
    return -1;
}

static int64_t neg_errno(void) { return -errno; }

/* ---- fork, clone ---------------------------------------------------------- */

static int64_t do_fork(CPUX86State *env, uint64_t flags, uint64_t newsp,
                       uint64_t ptid, uint64_t ctid, uint64_t tls)
{
    pid_t pid;
    uint8_t b[4];

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0)
        return neg_errno();
    if (pid > 0) {
        if (flags & L_CLONE_PARENT_SETTID) {
            stn_le_p(b, 4, (uint64_t)pid);
            user_write(ptid, b, 4);
        }
        return pid;
    }
    /* The child: its own copy of the guest, as fork would give it. */
    if (newsp)
        env->regs[R_ESP] = newsp;
    if (flags & L_CLONE_SETTLS)
        env->segs[R_FS].base = tls;
    stn_le_p(b, 4, (uint64_t)getpid());
    if (flags & L_CLONE_CHILD_SETTID)
        user_write(ctid, b, 4);
    if (flags & L_CLONE_PARENT_SETTID)
        user_write(ptid, b, 4);
    return 0;
}

int64_t sys_fork(CPUX86State *env, const uint64_t *a)
{
    return do_fork(env, 0, 0, 0, 0, 0);
}

/* clone(flags, newsp, parent_tid, child_tid, tls) on x86-64. */
int64_t sys_clone(CPUX86State *env, const uint64_t *a)
{
    if (a[0] & L_CLONE_THREAD)
        return user_thread_clone(env, a[0], a[1], a[2], a[3], a[4]);
    if ((a[0] & L_CLONE_VM) && !(a[0] & L_CLONE_VFORK))
        return -EINVAL;             /* shared memory without being a thread: not supported */
    /* CLONE_VM|CLONE_VFORK (posix_spawn) works as a fork on the new stack. */
    return do_fork(env, a[0], a[1], a[2], a[3], a[4]);
}

/* ---- execve --------------------------------------------------------------- */

/* A NULL-terminated guest array of strings; NULL with *err set on failure. */
static char **read_strv(uint64_t addr, int *err)
{
    char **v = NULL;
    size_t n = 0;

    *err = 0;
    for (;;) {
        uint8_t b[8];
        uint64_t p;
        char buf[PATH_MAX_GUEST * 4], **nv;
        int len;

        if (n >= MAX_EXEC_ARGS) {
            *err = -E2BIG;
            break;
        }
        if (!addr)
            p = 0;
        else if (user_read(addr + 8 * n, b, 8) < 0) {
            *err = -EFAULT;
            break;
        } else
            p = ldn_le_p(b, 8);
        nv = realloc(v, (n + 1) * sizeof(*v));
        if (!nv) {
            *err = -ENOMEM;
            break;
        }
        v = nv;
        if (!p) {
            v[n] = NULL;
            return v;
        }
        len = user_read_str(p, buf, sizeof(buf));
        if (len < 0) {
            *err = len == -ENAMETOOLONG ? -E2BIG : len;
            break;
        }
        if (!(v[n] = strdup(buf))) {
            *err = -ENOMEM;
            break;
        }
        n++;
    }
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return NULL;
}

static void free_strv(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/*
 * What kind of program path is, as Linux's binfmt handlers decide: 0 for
 * an x86-64 ELF, 1 for a "#!" script (interp and arg filled in), or a
 * negative errno (ENOEXEC for anything else). When guest_path, path (size
 * bytes) is the guest's, and under -L becomes the sysroot's copy when there
 * is one (path.c): the file the new image is loaded from.
 */
static int exec_kind(char *path, bool guest_path, char *interp, char *arg, size_t size)
{
    char head[256];
    FILE *f;
    size_t n;
    char *p, *end;

    if (guest_path)
        user_path_map(path, size);
    if (access(path, X_OK) < 0)
        return neg_errno();
    if (!(f = fopen(path, "rb")))
        return neg_errno();
    n = fread(head, 1, sizeof(head) - 1, f);
    fclose(f);
    head[n] = 0;
    if (n >= 20 && !memcmp(head, "\177ELF", 4))
        return head[4] == 2 && (uint8_t)head[18] == 62 && head[19] == 0 ? 0 : -ENOEXEC;
    if (n < 3 || head[0] != '#' || head[1] != '!')
        return -ENOEXEC;
    if ((end = memchr(head, '\n', n)))
        *end = 0;
    for (p = head + 2; *p == ' ' || *p == '\t'; p++)
        ;
    n = strcspn(p, " \t");
    if (!n || n >= size)
        return -ENOEXEC;
    memcpy(interp, p, n);
    interp[n] = 0;
    for (p += n; *p == ' ' || *p == '\t'; p++)
        ;
    /* Linux passes the rest of the line as one argument, trailing blanks cut. */
    n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    if (n >= size)
        return -ENOEXEC;
    memcpy(arg, p, n);
    arg[n] = 0;
    return 1;
}

int64_t sys_execve(CPUX86State *env, const uint64_t *a)
{
    char path[PATH_MAX_GUEST], host[PATH_MAX_GUEST], interp[PATH_MAX_GUEST];
    char host_interp[PATH_MAX_GUEST], arg[PATH_MAX_GUEST];
    char **argv, **envp, **hv;
    const char *prog = host;
    size_t argc = 0, k = 0;
    bool guest_path;
    int err, kind;

    if ((err = user_read_str(a[0], path, sizeof(path))) < 0)
        return err;
    /* our own image is named by a host path already, never looked up under -L */
    guest_path = strcmp(path, "/proc/self/exe") != 0;
    if (snprintf(host, sizeof(host), "%s", guest_path ? path : user_exe_path) >= (int)sizeof(host))
        return -ENAMETOOLONG;
    if ((kind = exec_kind(host, guest_path, interp, arg, sizeof(interp))) < 0)
        return kind;
    if (kind == 1) {
        /* "#!" names a guest path; the script goes to it as the guest named it */
        memcpy(host_interp, interp, sizeof(interp));
        user_path_map(host_interp, sizeof(host_interp));
        if (access(host_interp, X_OK) < 0)
            return neg_errno();
        prog = guest_path ? path : host;
    }
    if (!(argv = read_strv(a[1], &err)))
        return err;
    if (!(envp = read_strv(a[2], &err))) {
        free_strv(argv);
        return err;
    }
    while (argv[argc])
        argc++;
    /*
     * vireo-x86_64 [-strace] [-L SYSROOT] -argv0 NAME PROGRAM ARGS..., plus a
     * script's interpreter. The new image keeps -L: its PT_INTERP and the
     * paths it opens are the sysroot's as ours are.
     */
    hv = calloc(argc + 12, sizeof(*hv));
    if (!hv) {
        free_strv(argv);
        free_strv(envp);
        return -ENOMEM;
    }
    hv[k++] = "vireo-x86_64";
    if (user_strace)
        hv[k++] = "-strace";
    if (user_sysroot) {
        hv[k++] = "-L";
        hv[k++] = (char *)user_sysroot;
    }
    if (kind == 1) {
        hv[k++] = "-argv0";
        hv[k++] = interp;
        hv[k++] = host_interp;
        if (arg[0])
            hv[k++] = arg;
        hv[k++] = (char *)prog;
        for (size_t i = 1; i < argc; i++)
            hv[k++] = argv[i];
    } else {
        hv[k++] = "-argv0";
        hv[k++] = argc ? argv[0] : (char *)prog;
        hv[k++] = (char *)prog;
        for (size_t i = 1; i < argc; i++)
            hv[k++] = argv[i];
    }
    hv[k] = NULL;
    if (user_strace)
        user_strace_result(" = 0 (exec %s)", prog);
    fflush(stdout);
    fflush(stderr);
    {
        /* VIREO_X86_64_EXEC names what runs vireo-x86_64 again when
         * /proc/self/exe cannot be executed directly (an aarch64 build
         * under qemu-aarch64-static, with no binfmt_misc: the cross test). */
        const char *self = getenv("VIREO_X86_64_EXEC");

        execve(self && *self ? self : "/proc/self/exe", hv, envp);
    }
    err = -errno;
    free(hv);
    free_strv(argv);
    free_strv(envp);
    return err;
}

/* ---- wait4, kill -------------------------------------------------------- */

/* struct rusage of x86-64 Linux: two timevals, then 14 longs; 144 bytes. */
static int put_rusage(uint64_t addr, const struct rusage *ru)
{
    uint8_t b[144] = { 0 };
    const long more[14] = {
        ru->ru_maxrss, ru->ru_ixrss, ru->ru_idrss, ru->ru_isrss, ru->ru_minflt,
        ru->ru_majflt, ru->ru_nswap, ru->ru_inblock, ru->ru_oublock, ru->ru_msgsnd,
        ru->ru_msgrcv, ru->ru_nsignals, ru->ru_nvcsw, ru->ru_nivcsw,
    };

    stn_le_p(b, 8, (uint64_t)ru->ru_utime.tv_sec);
    stn_le_p(b + 8, 8, (uint64_t)ru->ru_utime.tv_usec);
    stn_le_p(b + 16, 8, (uint64_t)ru->ru_stime.tv_sec);
    stn_le_p(b + 24, 8, (uint64_t)ru->ru_stime.tv_usec);
    for (int i = 0; i < 14; i++)
        stn_le_p(b + 32 + 8 * i, 8, (uint64_t)more[i]);
    return user_write(addr, b, sizeof(b));
}

/* wait4(pid, status, options, rusage): the status word in Linux's encoding. */
int64_t sys_wait4(CPUX86State *env, const uint64_t *a)
{
    int st, opt = 0;
    struct rusage ru;
    pid_t pid;
    uint32_t l = 0;
    uint8_t b[4];

    if (a[2] & 1)
        opt |= WNOHANG;
    if (a[2] & 2)
        opt |= WUNTRACED;
    if (a[2] & 8)
        opt |= WCONTINUED;
    pid = wait4((pid_t)a[0], &st, opt, &ru);
    if (pid < 0)
        return neg_errno();
    if (pid == 0)
        return 0;
    if (WIFEXITED(st))
        l = (uint32_t)(WEXITSTATUS(st) & 0xff) << 8;
    else if (WIFSIGNALED(st))
        l = (uint32_t)linux_sig(WTERMSIG(st)) | (WCOREDUMP(st) ? 0x80 : 0);
    else if (WIFSTOPPED(st))
        l = (uint32_t)linux_sig(WSTOPSIG(st)) << 8 | 0x7f;
    else if (WIFCONTINUED(st))
        l = 0xffff;
    stn_le_p(b, 4, l);
    if (a[1] && user_write(a[1], b, 4) < 0)
        return -EFAULT;
    if (a[3] && put_rusage(a[3], &ru) < 0)
        return -EFAULT;
    return pid;
}

int64_t sys_kill(CPUX86State *env, const uint64_t *a)
{
    int sig = host_sig(a[1]);

    if (sig < 0)
        return -EINVAL;
    return kill((pid_t)a[0], sig) < 0 ? neg_errno() : 0;
}

/* ---- Process groups, sessions, ids --------------------------------------- */

int64_t sys_getppid(CPUX86State *env, const uint64_t *a) { return getppid(); }
int64_t sys_getpgrp(CPUX86State *env, const uint64_t *a) { return getpgrp(); }

int64_t sys_setpgid(CPUX86State *env, const uint64_t *a)
{
    return setpgid((pid_t)a[0], (pid_t)a[1]) < 0 ? neg_errno() : 0;
}

int64_t sys_getpgid(CPUX86State *env, const uint64_t *a)
{
    pid_t r = getpgid((pid_t)a[0]);

    return r < 0 ? neg_errno() : r;
}

int64_t sys_setsid(CPUX86State *env, const uint64_t *a)
{
    pid_t r = setsid();

    return r < 0 ? neg_errno() : r;
}

/* ---- Resource use, time ---------------------------------------------------- */

int64_t sys_getrusage(CPUX86State *env, const uint64_t *a)
{
    struct rusage ru;
    int who = (int)a[0] == -1 ? RUSAGE_CHILDREN : RUSAGE_SELF;

    if ((int)a[0] != 0 && (int)a[0] != -1 && (int)a[0] != 1)
        return -EINVAL;
    if (getrusage(who, &ru) < 0)
        return neg_errno();
    return put_rusage(a[1], &ru);
}

/* struct tms: four clock_t (longs) in USER_HZ = 100 ticks, as AT_CLKTCK says. */
int64_t sys_times(CPUX86State *env, const uint64_t *a)
{
    struct tms t;
    clock_t now = times(&t);
    long hz = sysconf(_SC_CLK_TCK);
    uint8_t b[32];
    const clock_t v[4] = { t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime };

    if (now == (clock_t)-1)
        return neg_errno();
    if (hz <= 0)
        hz = 100;
    for (int i = 0; i < 4; i++)
        stn_le_p(b + 8 * i, 8, (uint64_t)((int64_t)v[i] * 100 / hz));
    if (a[0] && user_write(a[0], b, sizeof(b)) < 0)
        return -EFAULT;
    return (int64_t)now * 100 / hz;
}

/* A guest struct timespec { i64 sec, i64 nsec }. */
static int get_timespec(uint64_t addr, struct timespec *ts)
{
    uint8_t b[16];

    if (user_read(addr, b, 16) < 0)
        return -EFAULT;
    ts->tv_sec = (time_t)ldn_le_p(b, 8);
    ts->tv_nsec = (long)ldn_le_p(b + 8, 8);
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
        return -EINVAL;
    return 0;
}

static int64_t do_sleep(uint64_t req, uint64_t rem)
{
    struct timespec ts, left;
    int ret = get_timespec(req, &ts);
    uint8_t b[16];

    if (ret < 0)
        return ret;
    if (nanosleep(&ts, &left) == 0)
        return 0;
    ret = -errno;
    if (ret == -EINTR && rem) {
        stn_le_p(b, 8, (uint64_t)left.tv_sec);
        stn_le_p(b + 8, 8, (uint64_t)left.tv_nsec);
        user_write(rem, b, 16);
    }
    return ret;
}

int64_t sys_nanosleep(CPUX86State *env, const uint64_t *a)
{
    return do_sleep(a[0], a[1]);
}

/* clock_nanosleep(clock, flags, req, rem): relative sleeps only for now. */
int64_t sys_clock_nanosleep(CPUX86State *env, const uint64_t *a)
{
    struct timespec ts, now;

    if (a[1] & 1) {                     /* TIMER_ABSTIME */
        int ret = get_timespec(a[2], &ts);

        if (ret < 0)
            return ret;
        clock_gettime(a[0] == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &now);
        if (ts.tv_sec < now.tv_sec || (ts.tv_sec == now.tv_sec && ts.tv_nsec <= now.tv_nsec))
            return 0;
        ts.tv_sec -= now.tv_sec;
        ts.tv_nsec -= now.tv_nsec;
        if (ts.tv_nsec < 0) {
            ts.tv_nsec += 1000000000;
            ts.tv_sec--;
        }
        return nanosleep(&ts, NULL) < 0 ? neg_errno() : 0;
    }
    return do_sleep(a[2], a[3]);
}

int64_t sys_sched_yield(CPUX86State *env, const uint64_t *a)
{
    return 0;
}

/* sched_getaffinity(pid, len, mask): one CPU, as the emulator has one. */
int64_t sys_sched_getaffinity(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[8] = { 1 };

    if (a[1] < 8 || (a[1] & 7))
        return -EINVAL;
    if (user_write(a[2], b, 8) < 0)
        return -EFAULT;
    return 8;
}

/* prctl: PR_SET_NAME 15 and PR_GET_NAME 16 keep a 16-byte name. */
int64_t sys_prctl(CPUX86State *env, const uint64_t *a)
{
    static char name[16] = "vireo";
    char buf[16];

    switch (a[0]) {
    case 15:
        memset(buf, 0, sizeof(buf));
        for (int i = 0; i < 15; i++) {
            if (user_read(a[1] + (uint64_t)i, buf + i, 1) < 0)
                return -EFAULT;
            if (!buf[i])
                break;
        }
        memcpy(name, buf, sizeof(name));
        return 0;
    case 16:
        return user_write(a[1], name, sizeof(name));
    }
    return -EINVAL;
}

/* struct sysinfo of x86-64 Linux: 112 bytes, mem_unit 1. */
int64_t sys_sysinfo(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[112] = { 0 };
    struct timespec ts;
    long pages = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES);
    long psize = sysconf(_SC_PAGESIZE);

    clock_gettime(CLOCK_MONOTONIC, &ts);
    stn_le_p(b, 8, (uint64_t)ts.tv_sec);                        /* uptime */
    stn_le_p(b + 32, 8, pages > 0 ? (uint64_t)pages * (uint64_t)psize : 0);   /* totalram */
    stn_le_p(b + 40, 8, avail > 0 ? (uint64_t)avail * (uint64_t)psize : 0);   /* freeram */
    stn_le_p(b + 80, 2, 1);                                     /* procs */
    stn_le_p(b + 104, 4, 1);                                    /* mem_unit */
    return user_write(a[0], b, sizeof(b));
}
