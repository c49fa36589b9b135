/*
 * CPU differential tests: generated cases run on the host CPU and through
 * Vireo's translator; every register, the flags each instruction defines,
 * the data window and the fault must agree. Prints a coverage table by
 * instruction class.
 *
 *   VIREO_TEST_MODE=slow          ten times the cases
 *   VIREO_CPU_SEED=N              another seed
 *   VIREO_CPU_CORPUS_OUT=FILE     also record cases and native results
 *   VIREO_CPU_CORPUS_IN=FILE      replay a recorded corpus instead (any host)
 *   VIREO_CPU_CLASS=PREFIX        only the classes starting with PREFIX ("sequence", "x87",
 *                                 "alu32"...; 32-bit classes end in 32)
 */
#include "tests/unit/check-run.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/x86/decode.h"
#include "tests/cpu/corpus.h"
#include "tests/cpu/gen.h"
#include "tests/cpu/native.h"
#include "tests/cpu/vireo-run.h"

#define MAX_CLASSES 64
#define MAX_REPORTS 400

typedef struct ClassStats {
    char name[24];
    unsigned long cases, mismatches, faults;
} ClassStats;

static ClassStats classes[MAX_CLASSES];
static unsigned nb_classes;
static unsigned long total, mismatches, skipped, reports;

static ClassStats *class_of(const char *name)
{
    for (unsigned i = 0; i < nb_classes; i++) {
        if (!strcmp(classes[i].name, name))
            return &classes[i];
    }
    if (nb_classes == MAX_CLASSES)
        return &classes[MAX_CLASSES - 1];
    snprintf(classes[nb_classes].name, sizeof(classes[0].name), "%s", name);
    return &classes[nb_classes++];
}

static void report(const TestCase *tc, const char *why)
{
    char text[128] = "?";
    X86DecodedInsn d;

    if (reports++ >= MAX_REPORTS)
        return;
    if (x86_decode(&d, tc->code, tc->code_len, tc->mode) == 0)
        x86_format(&d, TEST_CODE_ADDR, text, sizeof(text));
    printf("MISMATCH %s%s [", tc->name, tc->mode == 32 ? " (32-bit)" : "");
    for (unsigned i = 0; i < tc->code_len; i++)
        printf("%s%02x", i ? " " : "", tc->code[i]);
    printf("] %s: %s\n", text, why);
}

/* Run one case both ways; returns 1 on a mismatch. */
static int check_case(const TestCase *tc, const TestResult *expected, ClassStats *cs)
{
    static TestResult got;
    char why[256];

    if (vireo_run(tc, &got) < 0) {
        report(tc, "vireo_run failed");
        cs->mismatches++;
        mismatches++;
        return 1;
    }
    cs->cases++;
    total++;
    if (expected->fault.signal)
        cs->faults++;
    if (test_case_compare(tc, expected, &got, why, sizeof(why))) {
        report(tc, why);
        cs->mismatches++;
        mismatches++;
        return 1;
    }
    return 0;
}

static void print_table(void)
{
    printf("%-10s %9s %9s %10s\n", "class", "cases", "faulting", "mismatches");
    for (unsigned i = 0; i < nb_classes; i++)
        printf("%-10s %9lu %9lu %10lu\n", classes[i].name, classes[i].cases, classes[i].faults,
               classes[i].mismatches);
    printf("%-10s %9lu %9s %10lu   (skipped: %lu)\n", "total", total, "", mismatches, skipped);
}

START_TEST(differential_against_host)
{
    const char *speed = getenv("VIREO_TEST_MODE");
    const char *seed_env = getenv("VIREO_CPU_SEED");
    const char *out_path = getenv("VIREO_CPU_CORPUS_OUT");
    const char *per_env = getenv("VIREO_CPU_PER_TEMPLATE");
    unsigned per_template = per_env ? (unsigned)atoi(per_env) : speed && !strcmp(speed, "slow") ? 1200 : 120;
    unsigned sequences = per_template * 20;
    uint64_t rng = seed_env ? strtoull(seed_env, NULL, 0) : 0x5eed0123456789abull;
    static TestCase tc;
    static TestResult expected;
    const char *only = getenv("VIREO_CPU_CLASS");
    FILE *out = NULL;

    if (out_path) {
        out = fopen(out_path, "wb");
        ck_assert_msg(out && corpus_write_header(out) == 0, "cannot write %s", out_path);
    }
    /*
     * Every template of every set, then the random sequences (tpl NULL).
     * The general-purpose set (set 0) and the sequences run in 64-bit mode
     * and then again in compatibility mode.
     */
    for (unsigned set = 0; set <= gen_nb_sets; set++) {
        unsigned count = set < gen_nb_sets ? *gen_sets[set].n : 1;
        unsigned last_mode = set == 0 || set == gen_nb_sets ? 32 : 64;

        for (unsigned mode = 64; mode >= last_mode; mode -= 32) {
            for (unsigned t = 0; t < count; t++) {
                const InsnTemplate *tpl = set < gen_nb_sets ? &gen_sets[set].t[t] : NULL;
                unsigned n = tpl ? per_template : sequences;
                char cls[sizeof(classes[0].name)];
                ClassStats *cs;

                /* 32-bit cases count apart, as "alu32". */
                snprintf(cls, sizeof(cls), "%s%s", tpl ? tpl->cls : "sequence",
                         mode == 32 ? "32" : "");
                if ((only && strncmp(cls, only, strlen(only))) ||
                    (tpl && !gen_template_valid(tpl, mode)))
                    continue;
                cs = class_of(cls);

                for (unsigned i = 0; i < n; i++) {
                    int r;

                    gen_case(&tc, tpl, mode, &rng);
                    r = native_run(&tc, &expected);
                    if (r < 0) {
                        skipped++;  /* the host run timed out: not a verdict on Vireo */
                        continue;
                    }
                    if (out)
                        ck_assert_int_eq(corpus_write_case(out, &tc, &expected), 0);
                    check_case(&tc, &expected, cs);
                }
            }
        }
    }
    if (out)
        fclose(out);
    native_close();
    print_table();
    if (!per_env && !only)
        ck_assert_uint_ge(total, 20000);
    ck_assert_msg(mismatches == 0, "%lu of %lu cases differ from the host", mismatches, total);
}
END_TEST

START_TEST(replay_corpus)
{
    const char *in_path = getenv("VIREO_CPU_CORPUS_IN");
    static TestCase tc;
    static TestResult expected;
    FILE *in;
    int r;

    if (!in_path)
        return;
    in = fopen(in_path, "rb");
    ck_assert_msg(in != NULL, "cannot open %s", in_path);
    ck_assert_int_eq(corpus_read_header(in), 0);
    while ((r = corpus_read_case(in, &tc, &expected)) == 1)
        check_case(&tc, &expected, class_of("replayed"));
    fclose(in);
    ck_assert_int_eq(r, 0);
    print_table();
    ck_assert_uint_gt(total, 0);
    ck_assert_msg(mismatches == 0, "%lu of %lu replayed cases differ", mismatches, total);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cpu");
    TCase *t = tcase_create("differential");

    tcase_set_timeout(t, 1200);
    if (getenv("VIREO_CPU_CORPUS_IN"))
        tcase_add_test(t, replay_corpus);
    else
        tcase_add_test(t, differential_against_host);
    suite_add_tcase(s, t);
    return check_run(s, false);
}
