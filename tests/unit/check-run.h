/*
 * The main() of a Check test program: run the suite, print Check's summary
 * line (which scripts/run-tests.sh counts), exit nonzero on any failure.
 * fork: run each test in its own process (Check's default), or not, for
 * tests that keep state between them or drive a long-lived helper process.
 */
#ifndef TESTS_UNIT_CHECK_RUN_H
#define TESTS_UNIT_CHECK_RUN_H

#include <check.h>
#include <stdbool.h>

static inline int check_run(Suite *s, bool fork)
{
    SRunner *sr = srunner_create(s);
    int failed;

    if (!fork)
        srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

#endif
