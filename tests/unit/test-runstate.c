/*
 * Unit tests: the VM run state (system/runstate.h): transitions, change
 * hooks and their order, the virtual clock following vm_stop/vm_start, and
 * requests made from other threads that the main loop consumes.
 */
#include "tests/unit/check-run.h"
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "system/clock.h"
#include "system/main-loop.h"
#include "system/runstate.h"

static void setup(void)
{
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
    runstate_reset_for_test();
    clock_virtual_start();
}

static void teardown(void)
{
    runstate_reset_for_test();
    bql_unlock();
    main_loop_cleanup();
    clock_virtual_start();
}

typedef struct HookLog {
    char seq[64];
    int n;
} HookLog;

static void hook_a(void *opaque, bool running, RunState st)
{
    HookLog *l = opaque;

    if (l->n < 60) {
        l->seq[l->n++] = running ? 'A' : 'a';
        l->seq[l->n] = '\0';
    }
}

static void hook_b(void *opaque, bool running, RunState st)
{
    HookLog *l = opaque;

    /* The clock must be running when a starting hook runs and still running when a stopping one runs. */
    ck_assert(clock_virtual_running());
    if (l->n < 60) {
        l->seq[l->n++] = running ? 'B' : 'b';
        l->seq[l->n] = '\0';
    }
}

START_TEST(names_are_qemus)
{
    ck_assert_str_eq(runstate_name(RUN_STATE_PRELAUNCH), "prelaunch");
    ck_assert_str_eq(runstate_name(RUN_STATE_GUEST_PANICKED), "guest-panicked");
    ck_assert_str_eq(runstate_name(RUN_STATE_INTERNAL_ERROR), "internal-error");
    ck_assert_str_eq(runstate_name(RUN_STATE_IO_ERROR), "io-error");
    ck_assert_str_eq(runstate_name((RunState)99), "unknown");
    ck_assert_int_eq(runstate_get(), RUN_STATE_PRELAUNCH);
}
END_TEST

START_TEST(start_stop_run_hooks_in_order_and_move_the_clock)
{
    HookLog log = { .n = 0 };

    ck_assert_int_eq(runstate_add_change_hook(hook_a, &log), 0);
    ck_assert_int_eq(runstate_add_change_hook(hook_b, &log), 0);
    ck_assert_int_eq(vm_start(), 0);
    ck_assert(runstate_is_running());
    ck_assert(clock_virtual_running());
    ck_assert_int_eq(vm_start(), -EBUSY);
    vm_stop(RUN_STATE_PAUSED);
    ck_assert_int_eq(runstate_get(), RUN_STATE_PAUSED);
    ck_assert(!clock_virtual_running());
    /* Started in registration order, stopped in reverse. */
    ck_assert_str_eq(log.seq, "ABba");
    /* Stopping again runs no hooks. */
    vm_stop(RUN_STATE_PAUSED);
    ck_assert_str_eq(log.seq, "ABba");
    runstate_remove_change_hook(hook_a, &log);
    ck_assert_int_eq(vm_start(), 0);
    ck_assert_str_eq(log.seq, "ABbaB");
}
END_TEST

START_TEST(stop_reason_upgrades_while_stopped)
{
    vm_start();
    vm_stop(RUN_STATE_PAUSED);
    vm_stop(RUN_STATE_GUEST_PANICKED);
    ck_assert_int_eq(runstate_get(), RUN_STATE_GUEST_PANICKED);
    /* A later plain stop does not hide the panic. */
    vm_stop(RUN_STATE_PAUSED);
    ck_assert_int_eq(runstate_get(), RUN_STATE_GUEST_PANICKED);
    ck_assert(runstate_needs_reset());
}
END_TEST

static void *shutdown_thread(void *arg)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, 3);
    return NULL;
}

START_TEST(request_from_another_thread_wakes_the_loop)
{
    pthread_t t;
    int status = -1, spins = 0;

    vm_start();
    pthread_create(&t, NULL, shutdown_thread, NULL);
    /* Blocking wait: only the request's main_loop_notify() can end it (no fds, no timers). */
    while (!runstate_poll(&status) && spins++ < 100)
        main_loop_wait(false);
    pthread_join(t, NULL);
    ck_assert_int_eq(status, 3);
    ck_assert_int_lt(spins, 100);
    /* Consumed: no second exit. */
    ck_assert(!runstate_poll(&status));
}
END_TEST

START_TEST(no_shutdown_stops_instead_of_exiting)
{
    int status = -1;

    runstate_set_no_shutdown(true);
    vm_start();
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, 0);
    ck_assert(!runstate_poll(&status));
    ck_assert_int_eq(runstate_get(), RUN_STATE_SHUTDOWN);
    ck_assert(runstate_needs_reset());
    /* The user's quit always exits. */
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QUIT, 0);
    ck_assert(runstate_poll(&status));
    ck_assert_int_eq(status, 0);
}
END_TEST

static int resets, powerdowns;
static void count_reset(void *opaque) { resets++; }
static void count_powerdown(void *opaque) { powerdowns++; }

START_TEST(reset_and_powerdown_call_the_board)
{
    int status = -1;

    resets = powerdowns = 0;
    runstate_set_reset_handler(count_reset, NULL);
    runstate_set_powerdown_handler(count_powerdown, NULL);
    vm_start();
    runstate_request_reset();
    runstate_request_reset();           /* coalesces, as a level would */
    runstate_request_powerdown();
    ck_assert(!runstate_poll(&status));
    ck_assert_int_eq(resets, 1);
    ck_assert_int_eq(powerdowns, 1);
    ck_assert(runstate_is_running());
    ck_assert(!runstate_poll(&status));
    ck_assert_int_eq(resets, 1);
}
END_TEST

START_TEST(reset_of_a_stopped_vm_leaves_it_waiting_for_cont)
{
    int status;

    runstate_set_no_shutdown(true);
    vm_start();
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, 0);
    runstate_poll(&status);
    runstate_request_reset();
    ck_assert(!runstate_poll(&status));
    ck_assert_int_eq(runstate_get(), RUN_STATE_PRELAUNCH);
    ck_assert(!runstate_needs_reset());
}
END_TEST

START_TEST(no_reboot_turns_reset_into_exit)
{
    int status = -1;

    runstate_set_reset_handler(count_reset, NULL);
    resets = 0;
    runstate_set_no_reboot(true);
    runstate_request_reset();
    ck_assert(runstate_poll(&status));
    ck_assert_int_eq(status, 0);
    ck_assert_int_eq(resets, 0);
}
END_TEST

START_TEST(debug_exit_status_is_value_times_two_plus_one)
{
    int status = -1;

    runstate_request_debug_exit(5);
    ck_assert(runstate_poll(&status));
    ck_assert_int_eq(status, 11);
    runstate_request_debug_exit(0);
    ck_assert(runstate_poll(&status));
    ck_assert_int_eq(status, 1);
}
END_TEST

START_TEST(stop_request_from_a_vcpu)
{
    int status;

    vm_start();
    runstate_request_stop(RUN_STATE_GUEST_PANICKED);
    /* Nothing changes until the main thread polls. */
    ck_assert(runstate_is_running());
    ck_assert(!runstate_poll(&status));
    ck_assert_int_eq(runstate_get(), RUN_STATE_GUEST_PANICKED);
    ck_assert(!clock_virtual_running());
}
END_TEST

int main(void)
{
    Suite *s = suite_create("runstate");
    TCase *tc = tcase_create("runstate");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, names_are_qemus);
    tcase_add_test(tc, start_stop_run_hooks_in_order_and_move_the_clock);
    tcase_add_test(tc, stop_reason_upgrades_while_stopped);
    tcase_add_test(tc, request_from_another_thread_wakes_the_loop);
    tcase_add_test(tc, no_shutdown_stops_instead_of_exiting);
    tcase_add_test(tc, reset_and_powerdown_call_the_board);
    tcase_add_test(tc, reset_of_a_stopped_vm_leaves_it_waiting_for_cont);
    tcase_add_test(tc, no_reboot_turns_reset_into_exit);
    tcase_add_test(tc, debug_exit_status_is_value_times_two_plus_one);
    tcase_add_test(tc, stop_request_from_a_vcpu);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
