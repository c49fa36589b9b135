/* Unit tests: clocks, timers, bottom halves, fd handlers and the main loop. */
#include "tests/unit/check-run.h"
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "system/clock.h"
#include "system/main-loop.h"

static void setup(void)
{
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
}

static void teardown(void)
{
    bql_unlock();
    main_loop_cleanup();
    clock_virtual_set_manual(false);
    clock_virtual_start();
}

static void sleep_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    nanosleep(&ts, NULL);
}

/* A log of which timer fired at which virtual time. */
typedef struct Fired {
    int ids[32];
    int64_t at[32];
    int n;
} Fired;

typedef struct TestTimer {
    Timer t;
    int id;
    int64_t period;     /* re-arm from the callback when > 0 */
    Fired *log;
} TestTimer;

static void test_timer_cb(void *opaque)
{
    TestTimer *tt = opaque;
    Fired *f = tt->log;

    if (f->n < 32) {
        f->ids[f->n] = tt->id;
        f->at[f->n] = clock_get_ns(tt->t.clock);
        f->n++;
    }
    if (tt->period > 0)
        timer_mod(&tt->t, tt->t.expire_ns + tt->period);
}

static void tt_init(TestTimer *tt, int id, Fired *log)
{
    *tt = (TestTimer){ .id = id, .log = log };
    timer_init(&tt->t, VCLOCK_VIRTUAL, test_timer_cb, tt);
}

START_TEST(timers_fire_in_deadline_order)
{
    Fired log = { 0 };
    TestTimer a, b, c;
    int64_t base;

    clock_virtual_set_manual(true);
    base = clock_get_ns(VCLOCK_VIRTUAL);
    tt_init(&a, 1, &log);
    tt_init(&b, 2, &log);
    tt_init(&c, 3, &log);
    timer_mod(&a.t, base + 300);
    timer_mod(&b.t, base + 100);
    timer_mod(&c.t, base + 200);
    clock_virtual_step(250);
    ck_assert_int_eq(log.n, 2);
    ck_assert_int_eq(log.ids[0], 2);
    ck_assert_int_eq(log.ids[1], 3);
    /* Each callback sees the clock at its own deadline. */
    ck_assert_int_eq(log.at[0] - base, 100);
    ck_assert_int_eq(log.at[1] - base, 200);
    ck_assert(timer_pending(&a.t));
    ck_assert(!timer_pending(&b.t));
    clock_virtual_step(50);
    ck_assert_int_eq(log.n, 3);
    ck_assert_int_eq(log.ids[2], 1);
    ck_assert_int_eq(clock_get_ns(VCLOCK_VIRTUAL) - base, 300);
}
END_TEST

START_TEST(equal_deadlines_fire_in_arming_order)
{
    Fired log = { 0 };
    TestTimer a, b;
    int64_t base;

    clock_virtual_set_manual(true);
    base = clock_get_ns(VCLOCK_VIRTUAL);
    tt_init(&a, 1, &log);
    tt_init(&b, 2, &log);
    timer_mod(&b.t, base + 10);
    timer_mod(&a.t, base + 10);
    clock_virtual_step(10);
    ck_assert_int_eq(log.n, 2);
    ck_assert_int_eq(log.ids[0], 2);
    ck_assert_int_eq(log.ids[1], 1);
}
END_TEST

START_TEST(periodic_timer_fires_per_period_in_one_step)
{
    Fired log = { 0 };
    TestTimer p;
    int64_t base;

    clock_virtual_set_manual(true);
    base = clock_get_ns(VCLOCK_VIRTUAL);
    tt_init(&p, 7, &log);
    p.period = 1000;
    timer_mod(&p.t, base + 1000);
    clock_virtual_step(10500);
    ck_assert_int_eq(log.n, 10);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(log.at[i] - base, (i + 1) * 1000);
    ck_assert_int_eq(p.t.expire_ns - base, 11000);
}
END_TEST

START_TEST(timer_del_and_rearm)
{
    Fired log = { 0 };
    TestTimer a;
    int64_t base;

    clock_virtual_set_manual(true);
    base = clock_get_ns(VCLOCK_VIRTUAL);
    tt_init(&a, 1, &log);
    timer_mod(&a.t, base + 100);
    timer_del(&a.t);
    ck_assert(!timer_pending(&a.t));
    clock_virtual_step(200);
    ck_assert_int_eq(log.n, 0);
    /* Re-arming moves the deadline rather than adding a second entry. */
    timer_mod(&a.t, base + 500);
    timer_mod(&a.t, base + 300);
    clock_virtual_step(1000);
    ck_assert_int_eq(log.n, 1);
    ck_assert_int_eq(log.at[0] - base, 300);
    timer_del(&a.t);      /* deleting an idle timer is harmless */
}
END_TEST

START_TEST(virtual_clock_stops_while_paused)
{
    int64_t before, during, after;

    clock_virtual_stop();
    before = clock_get_ns(VCLOCK_VIRTUAL);
    sleep_ms(30);
    during = clock_get_ns(VCLOCK_VIRTUAL);
    ck_assert_int_eq(before, during);
    ck_assert(!clock_virtual_running());
    clock_virtual_start();
    after = clock_get_ns(VCLOCK_VIRTUAL);
    /* No jump by the 30 ms spent paused. */
    ck_assert_int_lt(after - during, 10 * 1000000);
    sleep_ms(5);
    ck_assert_int_gt(clock_get_ns(VCLOCK_VIRTUAL), after);
}
END_TEST

START_TEST(realtime_and_host_clocks_advance)
{
    int64_t r0 = clock_get_ns(VCLOCK_REALTIME), h0 = clock_get_ns(VCLOCK_HOST);

    sleep_ms(5);
    ck_assert_int_ge(clock_get_ns(VCLOCK_REALTIME) - r0, 4 * 1000000);
    ck_assert_int_ge(clock_get_ns(VCLOCK_HOST) - h0, 4 * 1000000);
    /* Host clock is wall time: after 2020. */
    ck_assert_int_gt(h0 / NS_PER_SEC, 1577836800);
}
END_TEST

START_TEST(deadline_reports_nearest_running_timer)
{
    Fired log = { 0 };
    TestTimer v;
    Timer rt;

    ck_assert_int_eq(timers_deadline_ns(), -1);
    timer_init(&rt, VCLOCK_REALTIME, test_timer_cb, NULL);
    timer_mod(&rt, clock_get_ns(VCLOCK_REALTIME) + 50 * 1000000);
    int64_t d = timers_deadline_ns();
    ck_assert_int_gt(d, 40 * 1000000);
    ck_assert_int_le(d, 50 * 1000000);
    /* A paused virtual clock contributes no deadline. */
    tt_init(&v, 1, &log);
    clock_virtual_stop();
    timer_mod(&v.t, clock_get_ns(VCLOCK_VIRTUAL) + 1);
    ck_assert_int_gt(timers_deadline_ns(), 40 * 1000000);
    timer_del(&v.t);
    timer_del(&rt);
}
END_TEST

static int realtime_fired;
static void count_cb(void *opaque) { (*(int *)opaque)++; }

START_TEST(main_loop_sleeps_until_timer)
{
    Timer t;
    int64_t start = clock_get_ns(VCLOCK_REALTIME);

    realtime_fired = 0;
    timer_init(&t, VCLOCK_REALTIME, count_cb, &realtime_fired);
    timer_mod(&t, start + 20 * 1000000);
    while (!realtime_fired)
        main_loop_wait(false);
    /* Fired, and not early. */
    ck_assert_int_ge(clock_get_ns(VCLOCK_REALTIME) - start, 20 * 1000000);
    ck_assert_int_eq(realtime_fired, 1);
}
END_TEST

static int fd_reads;
static int fd_pipe[2];

static void on_pipe_read(void *opaque)
{
    char buf[16];

    if (read(fd_pipe[0], buf, sizeof(buf)) > 0)
        fd_reads++;
    if (opaque)   /* remove ourselves from inside the handler */
        main_loop_set_fd_handler(fd_pipe[0], NULL, NULL, NULL);
}

START_TEST(fd_handler_called_when_readable)
{
    ck_assert_int_eq(pipe(fd_pipe), 0);
    fd_reads = 0;
    ck_assert_int_eq(main_loop_set_fd_handler(fd_pipe[0], on_pipe_read, NULL, NULL), 0);
    main_loop_wait(true);
    ck_assert_int_eq(fd_reads, 0);
    ck_assert_int_eq(write(fd_pipe[1], "x", 1), 1);
    main_loop_wait(false);
    ck_assert_int_eq(fd_reads, 1);
    /* A handler may remove its own fd. */
    ck_assert_int_eq(main_loop_set_fd_handler(fd_pipe[0], on_pipe_read, NULL, &fd_reads), 0);
    ck_assert_int_eq(write(fd_pipe[1], "y", 1), 1);
    main_loop_wait(false);
    ck_assert_int_eq(fd_reads, 2);
    ck_assert_int_eq(write(fd_pipe[1], "z", 1), 1);
    main_loop_wait(true);
    ck_assert_int_eq(fd_reads, 2);
    close(fd_pipe[0]);
    close(fd_pipe[1]);
}
END_TEST

START_TEST(bh_runs_once_per_schedule)
{
    int runs = 0;
    BH *bh = bh_new(count_cb, &runs);

    bh_schedule(bh);
    bh_schedule(bh);
    main_loop_wait(true);
    ck_assert_int_eq(runs, 1);
    main_loop_wait(true);
    ck_assert_int_eq(runs, 1);
    bh_schedule(bh);
    bh_cancel(bh);
    main_loop_wait(true);
    ck_assert_int_eq(runs, 1);
    bh_delete(bh);
}
END_TEST

static BH *self_bh;
static int self_runs;
static void reschedule_self(void *opaque)
{
    if (++self_runs < 3)
        bh_schedule(self_bh);
}

START_TEST(bh_may_reschedule_itself)
{
    self_runs = 0;
    self_bh = bh_new(reschedule_self, NULL);
    bh_schedule(self_bh);
    for (int i = 0; i < 10 && self_runs < 3; i++)
        main_loop_wait(true);
    ck_assert_int_eq(self_runs, 3);
    bh_delete(self_bh);
}
END_TEST

typedef struct ThreadArg {
    BH *bh;
    int *deferred;
} ThreadArg;

static void *vcpu_like_thread(void *opaque)
{
    ThreadArg *a = opaque;

    sleep_ms(20);
    if (a->bh)
        bh_schedule(a->bh);
    else
        main_loop_defer(count_cb, a->deferred);
    return NULL;
}

START_TEST(bh_from_another_thread_wakes_blocking_wait)
{
    int runs = 0;
    pthread_t th;
    ThreadArg arg = { .bh = bh_new(count_cb, &runs) };

    pthread_create(&th, NULL, vcpu_like_thread, &arg);
    /* No timers, no fds: only the other thread can end this wait. */
    while (!runs)
        main_loop_wait(false);
    pthread_join(th, NULL);
    ck_assert_int_eq(runs, 1);
    bh_delete(arg.bh);
}
END_TEST

START_TEST(defer_from_another_thread_runs_on_main_loop)
{
    int runs = 0;
    pthread_t th;
    ThreadArg arg = { .deferred = &runs };

    pthread_create(&th, NULL, vcpu_like_thread, &arg);
    while (!runs)
        main_loop_wait(false);
    pthread_join(th, NULL);
    ck_assert_int_eq(runs, 1);
    ck_assert(bql_locked());
}
END_TEST

static void quit_cb(void *opaque) { main_loop_quit(42); }

/* A vCPU thread arms a timer (the LAPIC timer, say) while the main loop
 * sleeps with no deadline at all: the loop must wake and honour it. */
static void *arm_timer_thread(void *opaque)
{
    Timer *t = opaque;

    sleep_ms(20);       /* long enough for the main loop to be asleep */
    bql_lock();
    timer_mod(t, clock_get_ns(VCLOCK_REALTIME) + 2 * 1000000);
    bql_unlock();
    return NULL;
}

START_TEST(timer_armed_by_another_thread_wakes_blocking_wait)
{
    Timer t;
    pthread_t th;
    int64_t start = clock_get_ns(VCLOCK_REALTIME);

    realtime_fired = 0;
    timer_init(&t, VCLOCK_REALTIME, count_cb, &realtime_fired);
    pthread_create(&th, NULL, arm_timer_thread, &t);
    while (!realtime_fired)
        main_loop_wait(false);
    pthread_join(th, NULL);
    ck_assert_int_eq(realtime_fired, 1);
    /* Woken for the timer, not by a later event: well within a second. */
    ck_assert_int_lt(clock_get_ns(VCLOCK_REALTIME) - start, NS_PER_SEC);
}
END_TEST

/* Deadlines are kept to the microsecond, not rounded up to milliseconds. */
START_TEST(sub_millisecond_timer_not_rounded_up)
{
    Timer t;
    int64_t start, best = INT64_MAX;

    timer_init(&t, VCLOCK_REALTIME, count_cb, &realtime_fired);
    for (int i = 0; i < 20; i++) {
        realtime_fired = 0;
        start = clock_get_ns(VCLOCK_REALTIME);
        timer_mod(&t, start + 100000);      /* 100 us */
        while (!realtime_fired)
            main_loop_wait(false);
        if (clock_get_ns(VCLOCK_REALTIME) - start < best)
            best = clock_get_ns(VCLOCK_REALTIME) - start;
    }
    /* A millisecond-granular poll would never come back before 1 ms. */
    ck_assert_int_lt(best, 900000);
}
END_TEST

START_TEST(main_loop_run_returns_quit_status)
{
    BH *bh = bh_new(quit_cb, NULL);

    bh_schedule(bh);
    ck_assert_int_eq(main_loop_run(), 42);
    bh_delete(bh);
}
END_TEST

static Suite *main_loop_suite(void)
{
    Suite *s = suite_create("main-loop");
    TCase *t = tcase_create("timers");
    TCase *l = tcase_create("loop");

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, timers_fire_in_deadline_order);
    tcase_add_test(t, equal_deadlines_fire_in_arming_order);
    tcase_add_test(t, periodic_timer_fires_per_period_in_one_step);
    tcase_add_test(t, timer_del_and_rearm);
    tcase_add_test(t, virtual_clock_stops_while_paused);
    tcase_add_test(t, realtime_and_host_clocks_advance);
    tcase_add_test(t, deadline_reports_nearest_running_timer);
    suite_add_tcase(s, t);

    tcase_add_checked_fixture(l, setup, teardown);
    tcase_add_test(l, main_loop_sleeps_until_timer);
    tcase_add_test(l, fd_handler_called_when_readable);
    tcase_add_test(l, bh_runs_once_per_schedule);
    tcase_add_test(l, bh_may_reschedule_itself);
    tcase_add_test(l, bh_from_another_thread_wakes_blocking_wait);
    tcase_add_test(l, defer_from_another_thread_runs_on_main_loop);
    tcase_add_test(l, main_loop_run_returns_quit_status);
    tcase_add_test(l, timer_armed_by_another_thread_wakes_blocking_wait);
    tcase_add_test(l, sub_millisecond_timer_not_rounded_up);
    suite_add_tcase(s, l);
    return s;
}

int main(void)
{
    return check_run(main_loop_suite(), true);
}
