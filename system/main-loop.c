/* The main loop: poll(), timers, bottom halves, and the bql. See main-loop.h. */
#include "system/main-loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "system/clock.h"
#include "system/memory.h"

struct BH {
    BHFunc *cb;
    void *opaque;
    atomic_bool scheduled;
    bool oneshot;          /* main_loop_defer: freed after it runs */
    struct BH *next;       /* all bhs, or the defer queue */
};

typedef struct FdEntry {
    int fd;
    FdHandler *on_read, *on_write;
    void *opaque;
} FdEntry;

static pthread_mutex_t bql = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local bool bql_held;

static pthread_mutex_t bh_list_lock = PTHREAD_MUTEX_INITIALIZER;
static BH *bh_list;            /* every allocated bh and pending defer */
static atomic_bool bh_pending;

static FdEntry *fds;
static size_t nfds, fds_cap;

static int notify_pipe[2] = { -1, -1 };
static atomic_bool in_poll;    /* the loop sleeps with the bql released */
static bool quit_requested;
static int quit_status;

void bql_lock(void)
{
    pthread_mutex_lock(&bql);
    bql_held = true;
}

void bql_cond_wait(pthread_cond_t *cond)
{
    bql_held = false;
    pthread_cond_wait(cond, &bql);
    bql_held = true;
}

void bql_unlock(void)
{
    bql_held = false;
    pthread_mutex_unlock(&bql);
}

bool bql_locked(void) { return bql_held; }

/* timer_mod runs with the bql held, so the loop is either asleep (in_poll)
 * or will compute its next deadline afresh: only a sleeper needs waking. */
static void timers_changed(void)
{
    if (atomic_load(&in_poll))
        main_loop_notify();
}

int main_loop_init(void)
{
    if (notify_pipe[0] >= 0)
        return 0;
    if (pipe(notify_pipe) < 0)
        return -errno;
    for (int i = 0; i < 2; i++) {
        fcntl(notify_pipe[i], F_SETFL, O_NONBLOCK);
        fcntl(notify_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    quit_requested = false;
    timers_set_notify(timers_changed);
    return 0;
}

void main_loop_cleanup(void)
{
    BH *bh, *next;

    for (bh = bh_list; bh; bh = next) {
        next = bh->next;
        free(bh);
    }
    bh_list = NULL;
    free(fds);
    fds = NULL;
    nfds = fds_cap = 0;
    for (int i = 0; i < 2; i++) {
        if (notify_pipe[i] >= 0)
            close(notify_pipe[i]);
        notify_pipe[i] = -1;
    }
}

void main_loop_notify(void)
{
    char c = 0;

    /* A full pipe already means "wake up": EAGAIN is fine. */
    if (notify_pipe[1] >= 0 && write(notify_pipe[1], &c, 1) < 0 && errno != EAGAIN)
        abort();
}

int main_loop_set_fd_handler(int fd, FdHandler *on_read, FdHandler *on_write, void *opaque)
{
    size_t i;

    for (i = 0; i < nfds && fds[i].fd != fd; i++)
        ;
    if (!on_read && !on_write) {
        if (i < nfds)
            fds[i] = fds[--nfds];
        return 0;
    }
    if (i == nfds) {
        if (nfds == fds_cap) {
            size_t cap = fds_cap ? fds_cap * 2 : 16;
            FdEntry *n = realloc(fds, cap * sizeof(*n));

            if (!n)
                return -ENOMEM;
            fds = n;
            fds_cap = cap;
        }
        nfds++;
    }
    fds[i] = (FdEntry){ fd, on_read, on_write, opaque };
    return 0;
}

static BH *bh_alloc(BHFunc *cb, void *opaque, bool oneshot)
{
    BH *bh = calloc(1, sizeof(*bh));

    if (!bh)
        return NULL;
    bh->cb = cb;
    bh->opaque = opaque;
    bh->oneshot = oneshot;
    pthread_mutex_lock(&bh_list_lock);
    bh->next = bh_list;
    bh_list = bh;
    pthread_mutex_unlock(&bh_list_lock);
    return bh;
}

BH *bh_new(BHFunc *cb, void *opaque) { return bh_alloc(cb, opaque, false); }

void bh_schedule(BH *bh)
{
    if (atomic_exchange(&bh->scheduled, true))
        return;
    atomic_store(&bh_pending, true);
    main_loop_notify();
}

void bh_cancel(BH *bh) { atomic_store(&bh->scheduled, false); }

void bh_delete(BH *bh)
{
    pthread_mutex_lock(&bh_list_lock);
    for (BH **p = &bh_list; *p; p = &(*p)->next) {
        if (*p == bh) {
            *p = bh->next;
            break;
        }
    }
    pthread_mutex_unlock(&bh_list_lock);
    free(bh);
}

int main_loop_defer(BHFunc *cb, void *opaque)
{
    BH *bh = bh_alloc(cb, opaque, true);

    if (!bh)
        return -ENOMEM;
    bh_schedule(bh);
    return 0;
}

/*
 * Run scheduled bhs. The list lock is dropped around each callback so a
 * callback may schedule, create or delete bhs (including itself).
 */
static bool bh_poll(void)
{
    bool ran = false;
    bool again = true;

    if (!atomic_exchange(&bh_pending, false))
        return false;
    while (again) {
        BH *bh;

        again = false;
        pthread_mutex_lock(&bh_list_lock);
        for (bh = bh_list; bh; bh = bh->next) {
            if (atomic_exchange(&bh->scheduled, false))
                break;
        }
        if (bh && bh->oneshot) {
            for (BH **p = &bh_list; *p; p = &(*p)->next) {
                if (*p == bh) {
                    *p = bh->next;
                    break;
                }
            }
        }
        pthread_mutex_unlock(&bh_list_lock);
        if (bh) {
            bh->cb(bh->opaque);
            if (bh->oneshot)
                free(bh);
            ran = again = true;
        }
    }
    return ran;
}

bool main_loop_wait(bool nonblocking)
{
    struct pollfd stack_pfd[64], *pfd = stack_pfd;
    size_t n = nfds + 1;
    int64_t deadline;
    struct timespec ts, *timeout;
    int r;
    bool progress = false;

    if (n > 64 && !(pfd = malloc(n * sizeof(*pfd))))
        abort();
    pfd[0] = (struct pollfd){ .fd = notify_pipe[0], .events = POLLIN };
    for (size_t i = 0; i < nfds; i++) {
        pfd[i + 1] = (struct pollfd){
            .fd = fds[i].fd,
            .events = (fds[i].on_read ? POLLIN : 0) | (fds[i].on_write ? POLLOUT : 0),
        };
    }

    deadline = timers_deadline_ns();
    if (nonblocking || atomic_load(&bh_pending))
        deadline = 0;
    timeout = deadline < 0 ? NULL : &ts;
    ts = (struct timespec){ .tv_sec = deadline / NS_PER_SEC, .tv_nsec = deadline % NS_PER_SEC };

    atomic_store(&in_poll, true);
    bql_unlock();
    r = ppoll(pfd, n, timeout, NULL);
    bql_lock();
    atomic_store(&in_poll, false);

    if (r > 0) {
        if (pfd[0].revents) {
            char buf[64];
            while (read(notify_pipe[0], buf, sizeof(buf)) > 0)
                ;
        }
        /* Handlers may add or remove fds: match entries by fd, not index. */
        for (size_t i = 1; i < n; i++) {
            short ev = pfd[i].revents;
            size_t j;

            if (!ev)
                continue;
            for (j = 0; j < nfds && fds[j].fd != pfd[i].fd; j++)
                ;
            if (j == nfds)
                continue;
            if ((ev & (POLLIN | POLLHUP | POLLERR)) && fds[j].on_read) {
                fds[j].on_read(fds[j].opaque);
                progress = true;
                for (j = 0; j < nfds && fds[j].fd != pfd[i].fd; j++)
                    ;
                if (j == nfds)
                    continue;
            }
            if ((ev & (POLLOUT | POLLERR)) && fds[j].on_write) {
                fds[j].on_write(fds[j].opaque);
                progress = true;
            }
        }
    }
    if (pfd != stack_pfd)
        free(pfd);
    progress |= bh_poll();
    progress |= timers_run_expired();
    /* Free flat views and regions no reader can still see (one branch when
     * nothing is waiting). */
    memory_reclaim();
    return progress;
}

int main_loop_run(void)
{
    while (!quit_requested)
        main_loop_wait(false);
    quit_requested = false;
    return quit_status;
}

void main_loop_quit(int status)
{
    quit_status = status;
    quit_requested = true;
    main_loop_notify();
}
