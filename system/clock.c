/* Clocks and timer lists: see clock.h. */
#include "system/clock.h"

#include <stdatomic.h>
#include <time.h>

static Timer *timer_lists[VCLOCK_MAX];

/*
 * VCLOCK_VIRTUAL = monotonic - virtual_offset while running, frozen at
 * virtual_frozen while stopped. In manual mode it is virtual_frozen always.
 */
static int64_t virtual_offset;
static int64_t virtual_frozen;
static atomic_bool virtual_running = true;
static bool virtual_manual;
static void (*head_changed)(void);

static int64_t host_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

int64_t clock_get_ns(ClockType clock)
{
    switch (clock) {
    case VCLOCK_VIRTUAL:
        if (virtual_manual || !atomic_load(&virtual_running))
            return virtual_frozen;
        return host_ns(CLOCK_MONOTONIC) - virtual_offset;
    case VCLOCK_HOST:
        return host_ns(CLOCK_REALTIME);
    case VCLOCK_REALTIME:
    default:
        return host_ns(CLOCK_MONOTONIC);
    }
}

void clock_virtual_stop(void)
{
    if (!atomic_load(&virtual_running))
        return;
    virtual_frozen = clock_get_ns(VCLOCK_VIRTUAL);
    atomic_store(&virtual_running, false);
}

void clock_virtual_start(void)
{
    if (atomic_load(&virtual_running))
        return;
    virtual_offset = host_ns(CLOCK_MONOTONIC) - virtual_frozen;
    atomic_store(&virtual_running, true);
}

bool clock_virtual_running(void) { return atomic_load(&virtual_running); }

void clock_virtual_set_manual(bool manual)
{
    if (manual && !virtual_manual)
        virtual_frozen = clock_get_ns(VCLOCK_VIRTUAL);
    else if (!manual && virtual_manual)
        virtual_offset = host_ns(CLOCK_MONOTONIC) - virtual_frozen;
    virtual_manual = manual;
}

void timer_init(Timer *t, ClockType clock, TimerCb *cb, void *opaque)
{
    *t = (Timer){ .clock = clock, .cb = cb, .opaque = opaque };
}

static void timer_unlink(Timer *t)
{
    for (Timer **p = &timer_lists[t->clock]; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->pending = false;
}

void timer_mod(Timer *t, int64_t expire_ns)
{
    Timer **p;

    if (t->pending)
        timer_unlink(t);
    /* Equal deadlines fire in the order they were armed. */
    for (p = &timer_lists[t->clock]; *p && (*p)->expire_ns <= expire_ns; p = &(*p)->next)
        ;
    t->expire_ns = expire_ns;
    t->next = *p;
    *p = t;
    t->pending = true;
    /* A new earliest deadline: a main loop asleep on the old one must
     * recompute (a vCPU thread arms the LAPIC timer, say). */
    if (p == &timer_lists[t->clock] && head_changed)
        head_changed();
}

void timers_set_notify(void (*fn)(void))
{
    head_changed = fn;
}

void timer_del(Timer *t)
{
    if (t->pending)
        timer_unlink(t);
}

static bool clock_running(ClockType c)
{
    return c != VCLOCK_VIRTUAL || (atomic_load(&virtual_running) && !virtual_manual);
}

int64_t timers_deadline_ns(void)
{
    int64_t best = -1;

    for (int c = 0; c < VCLOCK_MAX; c++) {
        Timer *t = timer_lists[c];
        int64_t d;

        if (!t || !clock_running(c))
            continue;
        d = t->expire_ns - clock_get_ns(c);
        if (d < 0)
            d = 0;
        if (best < 0 || d < best)
            best = d;
    }
    return best;
}

/* Fire timers of one clock due at or before now. */
static bool run_list(ClockType c, int64_t now)
{
    bool fired = false;
    Timer *t;

    while ((t = timer_lists[c]) && t->expire_ns <= now) {
        timer_unlink(t);
        t->cb(t->opaque);    /* may re-arm t or others */
        fired = true;
    }
    return fired;
}

bool timers_run_expired(void)
{
    bool fired = false;

    for (int c = 0; c < VCLOCK_MAX; c++) {
        if (clock_running(c))
            fired |= run_list(c, clock_get_ns(c));
    }
    return fired;
}

void clock_virtual_step(int64_t ns)
{
    int64_t target = virtual_frozen + ns;
    Timer *t;

    /* Advance deadline by deadline so callbacks read the time they expect. */
    while ((t = timer_lists[VCLOCK_VIRTUAL]) && t->expire_ns <= target) {
        if (t->expire_ns > virtual_frozen)
            virtual_frozen = t->expire_ns;
        timer_unlink(t);
        t->cb(t->opaque);
    }
    virtual_frozen = target;
}
