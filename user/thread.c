/*
 * Guest threads. clone(CLONE_VM|CLONE_THREAD) starts a host thread with a
 * vCPU of its own (a copy of the caller's registers), running the same run
 * loop as the main thread. Guest memory is host memory, so futexes are the
 * host's own on the guest word's host address: the kernel compares and
 * sleeps there, and wakes cross between guest threads exactly as natively.
 *
 * Guest thread ids are host thread ids (gettid), as pids are host pids.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>

#include "system/error.h"
#include "tcg/softmmu.h"
#include "user/user.h"

/* The flags glibc's pthread_create passes, less the optional SETTID ones. */
#define THREAD_FLAGS (L_CLONE_VM | L_CLONE_FS | L_CLONE_FILES | L_CLONE_SIGHAND | L_CLONE_THREAD)

/* Guest futex operations (uapi/linux/futex.h); the same numbers on every host. */
enum {
    L_FUTEX_WAIT = 0, L_FUTEX_WAKE = 1, L_FUTEX_REQUEUE = 3, L_FUTEX_CMP_REQUEUE = 4,
    L_FUTEX_WAKE_OP = 5, L_FUTEX_WAIT_BITSET = 9, L_FUTEX_WAKE_BITSET = 10,
    L_FUTEX_PRIVATE_FLAG = 128, L_FUTEX_CLOCK_REALTIME = 256,
};

static CPUX86State *main_env;       /* never freed: it may be exiting last */
static _Thread_local CPUX86State *self;
static _Thread_local uint64_t clear_child_tid;   /* set_tid_address, CLONE_CHILD_CLEARTID */
static atomic_int nthreads = 1;

VCPUCommon *user_self(void) { return self ? &self->common : NULL; }

void user_thread_main(CPUX86State *env)
{
    main_env = self = env;
}

static long host_futex(void *uaddr, int op, uint32_t val, const struct timespec *ts,
                       void *uaddr2, uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

typedef struct ThreadStart {
    CPUX86State *env;
    uint64_t flags, ptid, ctid, mask;
    sem_t started;
    pid_t tid;
} ThreadStart;

static void *thread_run(void *opaque)
{
    ThreadStart *ts = opaque;
    CPUX86State *env = ts->env;
    uint8_t b[4];

    self = env;
    ts->tid = (pid_t)syscall(SYS_gettid);
    user_signal_thread_init(env, ts->mask);
    if (ts->flags & L_CLONE_CHILD_CLEARTID)
        clear_child_tid = ts->ctid;
    /* Both tid words are written before any guest code runs, as the kernel
     * does in copy_process(): the parent's too (the memory is shared), since
     * a child that exits at once clears ctid, which may be the same word. */
    stn_le_p(b, 4, (uint64_t)ts->tid);
    if (ts->flags & L_CLONE_CHILD_SETTID)
        user_write(ts->ctid, b, 4);
    if (ts->flags & L_CLONE_PARENT_SETTID)
        user_write(ts->ptid, b, 4);
    sem_post(&ts->started);         /* ts is gone after this */
    user_cpu_loop(env);
}

int64_t user_thread_clone(CPUX86State *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                          uint64_t ctid, uint64_t tls)
{
    CPUX86State *child;
    ThreadStart ts = { .flags = flags, .ptid = ptid, .ctid = ctid, .mask = user_signal_mask() };
    pthread_attr_t attr;
    pthread_t thread;
    sigset_t all, old;
    int err;

    if ((flags & THREAD_FLAGS) != THREAD_FLAGS)
        return -EINVAL;
    child = malloc(sizeof(*child));
    if (!child)
        return -ENOMEM;
    memcpy(child, env, sizeof(*child));
    child->common.current_tb = NULL;
    atomic_store(&child->common.exit_request, 0);
    atomic_store(&child->common.tlb_flush_pending, 0);
    child->regs[R_EAX] = 0;
    if (newsp)
        child->regs[R_ESP] = newsp;
    if (flags & L_CLONE_SETTLS)
        child->segs[R_FS].base = tls;
    if (vcpu_register(&child->common) < 0) {
        free(child);
        return -EAGAIN;
    }
    ts.env = child;
    sem_init(&ts.started, 0, 0);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 1u << 20);
    /* The new thread starts with host signals blocked; its guest mask is its own. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    atomic_fetch_add(&nthreads, 1);
    err = pthread_create(&thread, &attr, thread_run, &ts);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err) {
        atomic_fetch_sub(&nthreads, 1);
        vcpu_unregister(&child->common);
        free(child);
        sem_destroy(&ts.started);
        return -EAGAIN;
    }
    while (sem_wait(&ts.started) < 0 && errno == EINTR)
        ;
    sem_destroy(&ts.started);
    return ts.tid;
}

int64_t sys_exit(CPUX86State *env, const uint64_t *a)
{
    uint8_t zero[4] = { 0 };

    if (atomic_fetch_sub(&nthreads, 1) == 1)
        user_exit_process((int)(a[0] & 0xff));
    /* Linux's mm_release(): clear the tid word and wake whoever joins. */
    if (clear_child_tid && user_write(clear_child_tid, zero, 4) == 0) {
        void *w = user_host_word(clear_child_tid, PAGE_WRITE);

        /* The joiner may wait private or shared (glibc versions differ);
         * the kernel keys the two apart, so wake both. */
        if (w) {
            host_futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
            host_futex(w, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
        }
    }
    if (user_strace)
        fprintf(stderr, " = ?\n");
    vcpu_unregister(&env->common);
    if (env != main_env)
        free(env);
    self = NULL;
    pthread_exit(NULL);
}

int64_t sys_set_tid_address(CPUX86State *env, const uint64_t *a)
{
    clear_child_tid = a[0];
    return syscall(SYS_gettid);
}

int64_t sys_gettid(CPUX86State *env, const uint64_t *a)
{
    return syscall(SYS_gettid);
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3) */
int64_t sys_futex(CPUX86State *env, const uint64_t *a)
{
    int op = (int)a[1];
    int cmd = op & ~(L_FUTEX_PRIVATE_FLAG | L_FUTEX_CLOCK_REALTIME);
    int host_op = (op & L_FUTEX_CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0) |
                  (op & L_FUTEX_PRIVATE_FLAG ? FUTEX_PRIVATE_FLAG : 0);
    void *w = user_host_word(a[0], PAGE_READ), *w2 = NULL;
    struct timespec ts, *tsp = NULL;
    uint8_t b[16];
    long r;

    if (!w)
        return -EFAULT;
    switch (cmd) {
    case L_FUTEX_WAIT:
    case L_FUTEX_WAIT_BITSET:
        if (a[3]) {
            if (user_read(a[3], b, 16) < 0)
                return -EFAULT;
            ts.tv_sec = (time_t)ldn_le_p(b, 8);
            ts.tv_nsec = (long)ldn_le_p(b + 8, 8);
            tsp = &ts;
        }
        host_op |= cmd == L_FUTEX_WAIT ? FUTEX_WAIT : FUTEX_WAIT_BITSET;
        r = host_futex(w, host_op, (uint32_t)a[2], tsp, NULL, (uint32_t)a[5]);
        break;
    case L_FUTEX_WAKE:
    case L_FUTEX_WAKE_BITSET:
        host_op |= cmd == L_FUTEX_WAKE ? FUTEX_WAKE : FUTEX_WAKE_BITSET;
        r = host_futex(w, host_op, (uint32_t)a[2], NULL, NULL, (uint32_t)a[5]);
        break;
    case L_FUTEX_REQUEUE:
    case L_FUTEX_CMP_REQUEUE:
    case L_FUTEX_WAKE_OP:
        w2 = user_host_word(a[4], PAGE_READ | (cmd == L_FUTEX_WAKE_OP ? PAGE_WRITE : 0));
        if (!w2)
            return -EFAULT;
        host_op |= cmd == L_FUTEX_REQUEUE ? FUTEX_REQUEUE
                 : cmd == L_FUTEX_CMP_REQUEUE ? FUTEX_CMP_REQUEUE : FUTEX_WAKE_OP;
        /* The fourth argument is a count here (val2), passed as the pointer. */
        r = host_futex(w, host_op, (uint32_t)a[2], (const struct timespec *)(uintptr_t)a[3],
                       w2, (uint32_t)a[5]);
        break;
    default:
        return -ENOSYS;             /* PI futexes and FUTEX_WAIT_REQUEUE_PI: not yet */
    }
    return r < 0 ? -errno : r;
}
