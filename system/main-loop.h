/*
 * The main loop and the big device lock.
 *
 * Threading model (docs/architecture.md has the full picture):
 *   - one main thread runs main_loop_run(): fd handlers (chardevs, VNC,
 *     monitor, slirp, tap), timers and bottom halves;
 *   - one thread per vCPU runs guest code without any lock, and takes the
 *     big device lock (bql) around every device access (MMIO/PIO dispatch,
 *     interrupt delivery, anything touching device state);
 *   - every device callback, timer callback, fd handler and bottom half runs
 *     with the bql held, so device code needs no locking of its own.
 * The main thread drops the bql only while it sleeps in poll().
 *
 * Other threads hand work to the main thread with bh_schedule() or
 * main_loop_defer(); both are safe from any thread and wake the loop.
 */
#ifndef SYSTEM_MAIN_LOOP_H
#define SYSTEM_MAIN_LOOP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

int main_loop_init(void);
void main_loop_cleanup(void);

/* The big device lock. bql_locked() tells whether this thread holds it. */
void bql_lock(void);
void bql_unlock(void);
bool bql_locked(void);
/* Wait on cond with the bql released meanwhile (held on entry and return). */
void bql_cond_wait(pthread_cond_t *cond);

/*
 * fd handlers: called with the bql held when fd is readable / writable.
 * Passing both callbacks NULL removes the fd. Returns 0 or -errno.
 */
typedef void FdHandler(void *opaque);
int main_loop_set_fd_handler(int fd, FdHandler *on_read, FdHandler *on_write, void *opaque);

/*
 * Bottom halves: a callback to run once, soon, on the main thread. Allocate
 * once (bh_new), schedule many times from any thread; scheduling an already
 * scheduled bh is a no-op.
 */
typedef struct BH BH;
typedef void BHFunc(void *opaque);
BH *bh_new(BHFunc *cb, void *opaque);
void bh_schedule(BH *bh);
void bh_cancel(BH *bh);
void bh_delete(BH *bh);

/* One-shot work for the main thread, from any thread. Returns 0 or -ENOMEM. */
int main_loop_defer(BHFunc *cb, void *opaque);

/* Wake a sleeping main loop (any thread). */
void main_loop_notify(void);

/*
 * One iteration: wait for an fd, a timer, a bh or a notification (or not at
 * all if nonblocking), then dispatch. Called with the bql held. Returns true
 * if anything was dispatched.
 */
bool main_loop_wait(bool nonblocking);

/* Iterate until main_loop_quit(status); returns that status. */
int main_loop_run(void);
void main_loop_quit(int status);

#endif
