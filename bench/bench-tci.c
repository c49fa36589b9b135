/*
 * Micro-benchmark of the portable interpreter (tcg/tci.c) and of the
 * translation pipeline behind it.
 *
 *   tci: N M ops/s        a loop TB of about 20 ALU ops and a branch on
 *                         globals, chained to itself through goto_tb, run
 *                         for about 1e8 ops in one exec call;
 *   translate: ...        tcg_optimize + gen_code of one 50-op TB, in µs
 *                         (emitting the ops is measured apart).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tcg/cpu-common.h"
#include "tcg/tb.h"
#include "tcg/tcg.h"

#define TARGET_OPS 100000000ull
#define TRANSLATIONS 20000u

typedef struct BenchCPU {
    VCPUCommon common;
    uint64_t r[8];
    uint64_t count;
    uint32_t w;
} BenchCPU;

static TCGv_i64 r[8], count;
static TCGv_i32 w;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void globals_init(TCGContext *s)
{
    static const char *const names[8] = { "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7" };

    tcg_context_init(s);
    for (unsigned i = 0; i < 8; i++)
        r[i] = tcg_global_mem_new_i64(s, (int32_t)offsetof(BenchCPU, r[i]), names[i]);
    count = tcg_global_mem_new_i64(s, (int32_t)offsetof(BenchCPU, count), "count");
    w = tcg_global_mem_new_i32(s, (int32_t)offsetof(BenchCPU, w), "w");
}

/* The loop body: 20 ALU ops, then the counter, a branch and the chained jump. */
static void emit_loop(TCGContext *s)
{
    TCGLabel done = gen_new_label(s);
    TCGv_i64 t0 = tcg_temp_new_i64(s), t1 = tcg_temp_new_i64(s), t2 = tcg_temp_new_i64(s);
    TCGv_i32 u = tcg_temp_new_i32(s);

    tcg_gen_add_i64(s, r[0], r[0], r[1]);
    tcg_gen_xor_i64(s, r[1], r[1], r[2]);
    tcg_gen_addi_i64(s, r[2], r[2], 0x9e3779b9);
    tcg_gen_shli_i64(s, t0, r[0], 3);
    tcg_gen_sub_i64(s, r[3], r[3], t0);
    tcg_gen_and_i64(s, r[4], r[3], r[0]);
    tcg_gen_ori_i64(s, r[4], r[4], 1);
    tcg_gen_mul_i64(s, r[5], r[5], r[4]);
    tcg_gen_shri_i64(s, t1, r[5], 7);
    tcg_gen_xor_i64(s, r[6], r[6], t1);
    tcg_gen_rotli_i64(s, r[7], r[7], 13);
    tcg_gen_add_i64(s, r[7], r[7], r[6]);
    tcg_gen_setcond_i64(s, TCG_COND_LTU, t2, r[7], r[0]);
    tcg_gen_add_i64(s, r[1], r[1], t2);
    tcg_gen_extrl_i64_i32(s, u, r[7]);
    tcg_gen_addi_i32(s, u, u, 5);
    tcg_gen_xor_i32(s, w, w, u);
    tcg_gen_extu_i32_i64(s, t0, w);
    tcg_gen_andi_i64(s, t0, t0, 0xff);
    tcg_gen_add_i64(s, r[2], r[2], t0);
    tcg_gen_subi_i64(s, count, count, 1);
    tcg_gen_brcondi_i64(s, TCG_COND_EQ, count, 0, done);
    tcg_gen_goto_tb(s, 0);
    tcg_gen_set_label(s, done);
    tcg_gen_exit_tb(s, 0);
}

/* Ops run per iteration: everything up to and including the goto_tb. */
static unsigned loop_ops(const TCGContext *s)
{
    unsigned n = 0;

    for (unsigned i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc == TCG_OP_SET_LABEL || s->ops[i].opc == TCG_OP_INSN_START)
            continue;
        n++;
        if (s->ops[i].opc == TCG_OP_GOTO_TB)
            break;
    }
    return n;
}

static int bench_loop(TCGContext *s, BenchCPU *cpu)
{
    TranslationBlock *tb = calloc(1, sizeof(*tb));
    unsigned per_iter;
    uint64_t iters;
    double t0, t1;

    if (!tb)
        return -1;
    tcg_func_start(s);
    emit_loop(s);
    tcg_optimize(s);
    per_iter = loop_ops(s);
    if (tcg_backend_tci.gen_code(s, tb) < 0)
        return -1;
    tb->jmp_dest[0] = tb;
    iters = TARGET_OPS / per_iter;
    for (unsigned i = 0; i < 8; i++)
        cpu->r[i] = 0x0123456789abcdefull * (i + 1);
    cpu->count = iters;
    t0 = now();
    if (tcg_backend_tci.exec(cpu, tb) != 0)
        return -1;
    t1 = now();
    printf("tci: %.1f M ops/s (%" PRIu64 " iterations of %u ops in %.3f s; r7 = %016" PRIx64 ")\n",
           (double)iters * per_iter / (t1 - t0) / 1e6, iters, per_iter, t1 - t0, cpu->r[7]);
    tcg_backend_tci.free_code(tb);
    free(tb->insn_pc);
    free(tb);
    return 0;
}

/* A TB shaped like translated code: instructions with temps, flags, a load, an exit. */
static void emit_50(TCGContext *s)
{
    TCGLabel skip = gen_new_label(s);

    for (unsigned insn = 0; insn < 6; insn++) {
        TCGv_i64 a = tcg_temp_new_i64(s), b = tcg_temp_new_i64(s);

        tcg_gen_insn_start(s, 0x401000 + 4 * insn, 0);
        tcg_gen_mov_i64(s, a, r[insn & 7]);
        tcg_gen_addi_i64(s, b, a, insn + 1);
        tcg_gen_xor_i64(s, a, a, b);
        tcg_gen_ext32u_i64(s, b, b);
        tcg_gen_mov_i64(s, r[(insn + 1) & 7], b);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, count, a, 0);
    }
    tcg_gen_brcondi_i64(s, TCG_COND_NE, count, 0, skip);
    tcg_gen_ld_i64(s, r[0], tcg_env(), (int32_t)offsetof(BenchCPU, r[1]), MO_UQ);
    tcg_gen_set_label(s, skip);
    tcg_gen_st_i64(s, r[3], tcg_env(), (int32_t)offsetof(BenchCPU, r[4]), MO_UQ);
    tcg_gen_movi_i64(s, r[6], 1);
    tcg_gen_add_i64(s, r[5], r[5], r[6]);
    tcg_gen_movi_i64(s, r[7], 0x401020);
    tcg_gen_exit_tb(s, 0);
}

static int bench_translate(TCGContext *s)
{
    TranslationBlock *tb = calloc(1, sizeof(*tb));
    unsigned nops;
    double t0, t1, t2;

    if (!tb)
        return -1;
    tcg_func_start(s);
    emit_50(s);
    nops = s->nb_ops;
    t0 = now();
    for (unsigned i = 0; i < TRANSLATIONS; i++) {
        tcg_func_start(s);
        emit_50(s);
    }
    t1 = now();
    for (unsigned i = 0; i < TRANSLATIONS; i++) {
        tcg_func_start(s);
        emit_50(s);
        tcg_optimize(s);
        if (tcg_backend_tci.gen_code(s, tb) < 0)
            return -1;
        tcg_backend_tci.free_code(tb);
    }
    t2 = now();
    printf("tci: optimize + gen_code of a %u-op TB: %.2f us (%u ops after optimizing; emitting: %.2f us)\n",
           nops, ((t2 - t1) - (t1 - t0)) / TRANSLATIONS * 1e6, s->nb_ops,
           (t1 - t0) / TRANSLATIONS * 1e6);
    free(tb->insn_pc);
    free(tb);
    return 0;
}

int main(void)
{
    TCGContext *s = malloc(sizeof(*s));
    BenchCPU *cpu = calloc(1, sizeof(*cpu));

    if (!s || !cpu)
        return 1;
    globals_init(s);
    if (bench_loop(s, cpu) < 0 || bench_translate(s) < 0) {
        fprintf(stderr, "bench-tci: translation failed\n");
        return 1;
    }
    free(s);
    free(cpu);
    return 0;
}
