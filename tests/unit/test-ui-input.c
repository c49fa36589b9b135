/*
 * The input layer's delayed key queue (ui/input.h, input_key_queue), which
 * the curses front end types through: events reach the keyboard in order,
 * INPUT_KEY_DELAY_MS apart on the virtual clock, none lost below the queue's
 * bound and none delivered past it.
 */
#include <check.h>
#include <stdlib.h>

#include "system/clock.h"
#include "tests/unit/check-run.h"
#include "ui/input.h"

#define MS 1000000LL

typedef struct KeyEvent {
    int qnum;
    bool down;
    int64_t at;
} KeyEvent;
static KeyEvent got[4096];
static int ngot;

static void kbd(void *opaque, int qnum, bool down)
{
    if (ngot < (int)(sizeof(got) / sizeof(got[0])))
        got[ngot] = (KeyEvent){ qnum, down, clock_get_ns(VCLOCK_VIRTUAL) };
    ngot++;
}

static void setup(void)
{
    clock_virtual_set_manual(true);
    input_set_keyboard(kbd, NULL);
    ngot = 0;
}

static void drain(void)
{
    for (int i = 0; i < 2 * INPUT_KEY_QUEUE_MAX + 4; i++)
        clock_virtual_step(INPUT_KEY_DELAY_MS * MS);
}

START_TEST(test_first_at_once_then_spaced)
{
    /* Shift-A as curses sends it: four events in one go. */
    static const int q[4] = { 0x2a, 0x1e, 0x1e, 0x2a };
    static const bool d[4] = { true, true, false, false };
    int64_t t0;

    drain();
    ngot = 0;
    t0 = clock_get_ns(VCLOCK_VIRTUAL);
    for (int i = 0; i < 4; i++)
        input_key_queue(q[i], d[i]);
    ck_assert_int_eq(ngot, 1);      /* an idle queue delivers at once */
    clock_virtual_step(INPUT_KEY_DELAY_MS * MS - 1);
    ck_assert_int_eq(ngot, 1);      /* not a nanosecond early */
    clock_virtual_step(1);
    ck_assert_int_eq(ngot, 2);
    drain();
    ck_assert_int_eq(ngot, 4);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(got[i].qnum, q[i]);
        ck_assert(got[i].down == d[i]);
        ck_assert_int_eq(got[i].at - t0, i * INPUT_KEY_DELAY_MS * MS);
    }
}
END_TEST

START_TEST(test_gap_after_last_event)
{
    int64_t t0;

    drain();
    ngot = 0;
    t0 = clock_get_ns(VCLOCK_VIRTUAL);
    input_key_queue(0x10, true);
    /* The next event, half a gap later, still waits for the gap to end. */
    clock_virtual_step(INPUT_KEY_DELAY_MS * MS / 2);
    input_key_queue(0x10, false);
    ck_assert_int_eq(ngot, 1);
    drain();
    ck_assert_int_eq(ngot, 2);
    ck_assert_int_eq(got[1].at - t0, INPUT_KEY_DELAY_MS * MS);
    /* After the gap, an idle queue delivers at once again. */
    input_key_queue(0x11, true);
    ck_assert_int_eq(ngot, 3);
}
END_TEST

START_TEST(test_bound_and_bad_codes)
{
    drain();
    ngot = 0;
    input_key_queue(0, true);
    input_key_queue(-5, true);
    input_key_queue(0x100, true);
    ck_assert_int_eq(ngot, 0);
    for (int i = 0; i < INPUT_KEY_QUEUE_MAX + 100; i++)
        input_key_queue(0x1e, i & 1);
    drain();
    /* One delivered at once, then a full queue; the rest were dropped. */
    ck_assert_int_eq(ngot, INPUT_KEY_QUEUE_MAX + 1);
    for (int i = 0; i < ngot; i++)
        ck_assert(got[i].down == (i & 1));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ui-input");
    TCase *tc = tcase_create("key-queue");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_first_at_once_then_spaced);
    tcase_add_test(tc, test_gap_after_last_event);
    tcase_add_test(tc, test_bound_and_bad_codes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run(suite(), true);
}
