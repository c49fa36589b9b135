/*
 * cpu-replay CORPUS: run every case of a corpus recorded on an x86-64 host
 * (test-cpu with VIREO_CPU_CORPUS_OUT) through Vireo and compare with the
 * recorded host results. Needs nothing but the C library, so it runs on any
 * host, natively or under qemu-user. Closes with "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/x86/decode.h"
#include "tests/cpu/corpus.h"
#include "tests/cpu/vireo-run.h"

int main(int argc, char **argv)
{
    static TestCase tc;
    static TestResult expected, got;
    unsigned long passed = 0, failed = 0;
    char why[256];
    FILE *f;
    int r;

    if (argc != 2) {
        fprintf(stderr, "usage: cpu-replay CORPUS\n");
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (!f || corpus_read_header(f) < 0) {
        fprintf(stderr, "cpu-replay: cannot read corpus '%s'\n", argv[1]);
        return 2;
    }
    while ((r = corpus_read_case(f, &tc, &expected)) == 1) {
        if (vireo_run(&tc, &got) < 0 ||
            test_case_compare(&tc, &expected, &got, why, sizeof(why))) {
            if (failed++ < 20)
                printf("MISMATCH %s: %s\n", tc.name, why);
            continue;
        }
        passed++;
    }
    fclose(f);
    if (r < 0) {
        fprintf(stderr, "cpu-replay: corrupt corpus '%s'\n", argv[1]);
        return 2;
    }
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed != 0;
}
