/*
 * The driver every fuzz target shares: each target defines FUZZ_NAME, its
 * own setup (before the main loop exists) and run_one(), counts the inputs
 * it accepted, and calls fuzz_main() from main():
 *   TARGET FILE...   replay inputs in one process (make check: the corpus),
 *                    ending with "NAME: N inputs, M accepted, no crash"
 *   TARGET           one input on stdin; AFL++'s persistent loop when built by
 *                    afl-clang-fast (scripts/fuzz.sh)
 * Inputs are read before setup runs, so a target may change directory.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "system/error.h"
#include "system/main-loop.h"

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

/* Inputs are cut here: what matters in them is at the start. */
#define FUZZ_MAX_INPUT (1u << 20)

static uint8_t *fuzz_slurp(FILE *f, size_t *len)
{
    uint8_t *buf = malloc(FUZZ_MAX_INPUT);

    if (!buf) {
        perror("malloc");
        exit(2);
    }
    *len = fread(buf, 1, FUZZ_MAX_INPUT, f);
    return buf;
}

static int fuzz_main(int argc, char **argv, const char *name, void (*setup)(void),
                     void (*run_one)(const uint8_t *, size_t), const unsigned *accepted)
{
    uint8_t **inputs = calloc((size_t)argc, sizeof(*inputs));
    size_t *lens = calloc((size_t)argc, sizeof(*lens));

    if (!inputs || !lens)
        return 2;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");

        if (!f) {
            perror(argv[i]);
            return 2;
        }
        inputs[i] = fuzz_slurp(f, &lens[i]);
        fclose(f);
    }
    if (setup)
        setup();
    error_set_stream(fopen("/dev/null", "w"));
    if (main_loop_init() < 0)
        return 2;
    bql_lock();
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            run_one(inputs[i], lens[i]);
            free(inputs[i]);
        }
        printf("%s: %d inputs, %u accepted, no crash\n", name, argc - 1, *accepted);
    } else {
#ifdef __AFL_FUZZ_TESTCASE_LEN
        __AFL_INIT();
        uint8_t *afl_buf = __AFL_FUZZ_TESTCASE_BUF;

        while (__AFL_LOOP(10000))
            run_one(afl_buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
#else
        size_t len;
        uint8_t *buf = fuzz_slurp(stdin, &len);

        run_one(buf, len);
        free(buf);
#endif
    }
    free(inputs);
    free(lens);
    bql_unlock();
    main_loop_cleanup();
    return 0;
}

#endif
