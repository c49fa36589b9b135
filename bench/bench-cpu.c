/*
 * Translator speed, side by side with QEMU:
 *   1. execution: the instruction mix of bench/cpu-mix.S run under Vireo's
 *      translator and, in the same run, as a static program under
 *      qemu-x86_64 (QEMU's TCG); guest instructions per second and the ratio;
 *   2. translation: thousands of distinct generated blocks, each translated
 *      once: microseconds per block and per guest instruction.
 * Usage: bench-cpu [ITERATIONS] [PATH-TO-cpu-mix-static]
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "accel/tcg/cpu-exec.h"
#include "tests/cpu/gen.h"
#include "tests/cpu/vireo-run.h"

extern const unsigned char mix_begin[], mix_end[];
extern const unsigned mix_insns_per_iter;
extern char **environ;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double run_vireo(unsigned long iters)
{
    static TestCase tc;
    static TestResult res;
    double t0;

    test_case_init(&tc, "mix", mix_begin, (size_t)(mix_end - mix_begin));
    tc.init.gpr[TEST_RSI] = TEST_DATA_ADDR;
    tc.init.gpr[TEST_R8] = iters;
    t0 = now();
    if (vireo_run(&tc, &res) < 0 || res.fault.signal) {
        fprintf(stderr, "bench-cpu: the mix faulted under Vireo (signal %d at 0x%llx)\n",
                res.fault.signal, (unsigned long long)res.fault.rip);
        exit(1);
    }
    return now() - t0;
}

/* Wall time of `prog ITERS`, or a negative number if it cannot run. */
static double run_program(const char *runner, const char *prog, unsigned long iters)
{
    char n[32];
    char *argv[] = { (char *)runner, (char *)prog, n, NULL };
    char **args = runner ? argv : argv + 1;
    pid_t pid;
    int status;
    double t0;

    snprintf(n, sizeof(n), "%lu", iters);
    t0 = now();
    if (posix_spawnp(&pid, args[0], NULL, NULL, args, environ) != 0)
        return -1;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return now() - t0;
}

static void bench_translation(unsigned blocks)
{
    static TestCase tc;
    static TestResult res;
    uint64_t rng = 0x1234567;
    ExecStats before = cpu_exec_stats(), after;
    double tbs, insns;

    for (unsigned i = 0; i < blocks; i++) {
        gen_case(&tc, NULL, 64, &rng);        /* a random multi-instruction block */
        vireo_run(&tc, &res);
    }
    after = cpu_exec_stats();
    tbs = (double)(after.tbs_translated - before.tbs_translated);
    insns = (double)(after.insns_translated - before.insns_translated);
    printf("cpu: translate %.2f us/block, %.3f us/guest-insn (%.0f blocks, %.1f insns/block)\n",
           (double)(after.translate_ns - before.translate_ns) / 1e3 / tbs,
           (double)(after.translate_ns - before.translate_ns) / 1e3 / insns, tbs, insns / tbs);
}

int main(int argc, char **argv)
{
    unsigned long iters = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000000;
    char mix_path[4096];
    const char *slash = strrchr(argv[0], '/');
    const char *mix = mix_path;

    /* cpu-mix is built next to this program (build/bench/). */
    if (argc > 2)
        mix = argv[2];
    else
        snprintf(mix_path, sizeof(mix_path), "%.*scpu-mix",
                 slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
    double guest = (double)iters * mix_insns_per_iter;
    double tv, tq, tn;

    run_vireo(1000);                           /* warm: translate the loop once */
    tv = run_vireo(iters);
    printf("cpu: vireo  %.1f M guest-insn/s (%.3f s for %.0f M insns)\n",
           guest / tv / 1e6, tv, guest / 1e6);
    tq = run_program("qemu-x86_64-static", mix, iters);
    if (tq < 0)
        tq = run_program("qemu-x86_64", mix, iters);
    if (tq > 0) {
        printf("cpu: qemu   %.1f M guest-insn/s (%.3f s, qemu-x86_64 TCG)\n", guest / tq / 1e6, tq);
        printf("cpu: ratio  vireo/qemu speed %.3f\n", tq / tv);
    } else {
        printf("cpu: qemu   not run (qemu-x86_64-static missing, or %s not built)\n", mix);
    }
    tn = run_program(NULL, mix, iters);
    if (tn > 0)
        printf("cpu: native %.1f M insn/s (host CPU, for scale)\n", guest / tn / 1e6);
    bench_translation(3000);
    return 0;
}
