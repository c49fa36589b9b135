/*
 * -strace printing (strace.h). One lock orders the lines; each piece is
 * formatted first and written with one write(2), so stderr never gets half
 * a piece from one thread and half from another.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "user/strace.h"

#define STRACE_LINE 512

static pthread_mutex_t strace_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long strace_seq;    /* pieces written so far */
static bool strace_line_open;       /* the last piece is a call awaiting its result */

static _Thread_local unsigned long strace_my_seq;   /* strace_seq after this thread's call */
static _Thread_local bool strace_pending;           /* a call printed, no result yet */
static _Thread_local char strace_name[64];          /* for "<... name resumed>" */
static _Thread_local bool strace_held;              /* the lock kept through exit(2) */
static pthread_key_t strace_exit_key;               /* whose destructor releases it */

static void strace_write(const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(STDERR_FILENO, s, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* End the open line, another thread's call, before a new piece; lock held. */
static void strace_close_open_line(void)
{
    static const char unfinished[] = " <unfinished ...>\n";

    if (strace_line_open)
        strace_write(unfinished, sizeof(unfinished) - 1);
    strace_line_open = false;
}

static void strace_begin(const char *name, uint64_t nr, const uint64_t *a, unsigned nargs)
{
    char buf[STRACE_LINE];
    size_t n;

    if (name)
        snprintf(strace_name, sizeof(strace_name), "%s", name);
    else
        snprintf(strace_name, sizeof(strace_name), "syscall_%llu", (unsigned long long)nr);
    n = (size_t)snprintf(buf, sizeof(buf), "%s(%s", strace_name, name ? "" : "...");
    for (unsigned i = 0; name && i < nargs && n < sizeof(buf); i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s0x%llx", i ? ", " : "",
                              (unsigned long long)a[i]);
    if (n < sizeof(buf))
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, ")");
    if (n >= sizeof(buf))
        n = sizeof(buf) - 1;
    pthread_mutex_lock(&strace_lock);
    strace_close_open_line();
    strace_write(buf, n);
    strace_line_open = true;
    strace_my_seq = ++strace_seq;
    strace_pending = true;
}

void user_strace_call(const char *name, uint64_t nr, const uint64_t *a, unsigned nargs)
{
    strace_begin(name, nr, a, nargs);
    pthread_mutex_unlock(&strace_lock);
}

/* At the exit of a thread that kept the lock: thread.c has ended its line. */
static void strace_exit_destructor(void *arg)
{
    strace_line_open = false;
    strace_seq++;
    strace_held = false;
    pthread_mutex_unlock(&strace_lock);
}

static void strace_key_init(void)
{
    pthread_key_create(&strace_exit_key, strace_exit_destructor);
}

void user_strace_call_exit(const char *name, uint64_t nr, const uint64_t *a, unsigned nargs)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, strace_key_init);
    strace_begin(name, nr, a, nargs);
    strace_held = true;
    pthread_setspecific(strace_exit_key, &strace_held);     /* non-NULL: run the destructor */
}

void user_strace_result(const char *fmt, ...)
{
    char buf[STRACE_LINE];
    size_t n = 0, room;
    va_list ap;
    int m;

    if (!strace_held)
        pthread_mutex_lock(&strace_lock);
    if (!strace_pending || strace_my_seq != strace_seq) {
        /* Someone printed since our call (or there was none): a line of its own. */
        strace_close_open_line();
        if (strace_pending)
            n = (size_t)snprintf(buf, sizeof(buf), "<... %s resumed>", strace_name);
    }
    room = sizeof(buf) - n - 1;         /* one byte kept for the newline */
    va_start(ap, fmt);
    m = vsnprintf(buf + n, room, fmt, ap);
    va_end(ap);
    if (m > 0)
        n += (size_t)m < room ? (size_t)m : room - 1;
    buf[n++] = '\n';
    strace_write(buf, n);
    strace_line_open = false;
    strace_seq++;
    strace_pending = false;
    if (strace_held) {
        /* exit(2) of the last thread ends its line here: no destructor needed */
        strace_held = false;
        pthread_setspecific(strace_exit_key, NULL);
    }
    pthread_mutex_unlock(&strace_lock);
}
