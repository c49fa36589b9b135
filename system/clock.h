/*
 * Clocks and timers.
 *
 * Three clocks, as QEMU users expect:
 *   VCLOCK_REALTIME  host monotonic time; runs always (UI refresh, VNC).
 *   VCLOCK_VIRTUAL   guest time; stops while the guest is paused, so a paused
 *                   guest sees no time jump in its PIT, APIC timer or HPET.
 *                   Device tests put it in manual mode and step it by hand.
 *   VCLOCK_HOST      host wall-clock time of day (RTC base=utc|localtime).
 *
 * Timers sit in one sorted list per clock and fire from the main loop with
 * the big device lock held (see main-loop.h). timer_mod/timer_del are called
 * under that lock only; clock_get_ns is safe anywhere.
 */
#ifndef SYSTEM_CLOCK_H
#define SYSTEM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef enum ClockType {
    VCLOCK_REALTIME,
    VCLOCK_VIRTUAL,
    VCLOCK_HOST,
    VCLOCK_MAX
} ClockType;

#define NS_PER_SEC 1000000000LL

int64_t clock_get_ns(ClockType clock);

/* Pause and resume VCLOCK_VIRTUAL (vm stop / cont). Both are idempotent. */
void clock_virtual_stop(void);
void clock_virtual_start(void);
bool clock_virtual_running(void);

/*
 * Manual mode for tests: VCLOCK_VIRTUAL reads as a value that only
 * clock_virtual_step() moves. clock_virtual_step() runs the virtual
 * timers that became due, in expiry order, each seeing the clock at its
 * own deadline (so a periodic timer re-armed from its callback fires the
 * right number of times during one long step).
 */
void clock_virtual_set_manual(bool manual);
void clock_virtual_step(int64_t ns);

typedef void TimerCb(void *opaque);

typedef struct Timer {
    ClockType clock;
    int64_t expire_ns;        /* valid while pending */
    TimerCb *cb;
    void *opaque;
    struct Timer *next;
    bool pending;
} Timer;

void timer_init(Timer *t, ClockType clock, TimerCb *cb, void *opaque);
/* Arm (or re-arm) to fire when the clock reaches expire_ns. */
void timer_mod(Timer *t, int64_t expire_ns);
void timer_del(Timer *t);
static inline bool timer_pending(const Timer *t) { return t->pending; }

/*
 * Nanoseconds until the earliest pending timer on any running clock is due:
 * 0 if one is already due, -1 if none is pending.
 */
int64_t timers_deadline_ns(void);

/*
 * fn is called (bql held) whenever timer_mod makes a timer the earliest of
 * its clock, so the main loop can wake and wait for the new deadline.
 */
void timers_set_notify(void (*fn)(void));

/* Fire every due timer of every running clock. Returns true if any fired. */
bool timers_run_expired(void);

#endif
