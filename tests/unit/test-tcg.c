/*
 * Unit tests: the IR (tcg.c, tcg-op.c), the optimizer (optimize.c) and the
 * interpreter backend (tci.c), on a fake CPU whose state begins with
 * VCPUCommon and whose guest memory is one page mapped in the TLB.
 *
 *   - semantic vectors for every op (tcg-vectors.inc), run with inputs in
 *     globals, as constants and mixed, with and without the optimizer: the
 *     interpreter's run-time path and the folder must both give the table's
 *     answer;
 *   - a differential test: random programs run as emitted and as optimized
 *     must leave the same globals, env fields, guest memory and exit;
 *   - temps, overflow, chaining, goto_ptr, helper calls, guest memory,
 *     fault positions, dumps.
 *
 * The soft MMU's slow path is stubbed here (softmmu_load_slow and
 * softmmu_store_slow): the test's own definitions win over the core
 * library's, and a call nobody expected fails the test.
 */
#include <check.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tcg/cpu-common.h"
#include "tcg/softmmu.h"
#include "tcg/tb.h"
#include "tcg/tcg-internal.h"
#include "tcg/tcg.h"

typedef struct TestCPU {
    VCPUCommon common;      /* first, as in every CPU state */
    uint64_t g64[6];        /* IR globals; vectors read 0..3 and write 4..5 */
    uint32_t g32[6];
    uint64_t field[4];      /* env memory that only ld/st reach */
    uint64_t helper_count;  /* side effect of the helpers */
} TestCPU;

#define GUEST_PAGE 0x7fff0000ull
#define TEST_MMU   1
#define UNMAPPED   0x12345000ull

static TCGContext *s;
static TestCPU *cpu;
static uint8_t *page;
static TCGv_i64 g64[6];
static TCGv_i32 g32[6];

/* What the slow-path stubs (below) were asked. */
static bool slow_ok;            /* the test expects slow-path calls */
static unsigned slow_calls;
static uint64_t slow_addr, slow_val;
static MemOpIdx slow_oi;
static int slow_fault_insn;     /* what fault_insn said from inside the slow path */

static void map_guest_page(void)
{
    CPUTLBEntry *e = &cpu->common.tlb[TEST_MMU][tlb_index(GUEST_PAGE)];

    memset(cpu->common.tlb, 0xff, sizeof(cpu->common.tlb));
    e->addr_read = e->addr_write = e->addr_code = GUEST_PAGE;
    e->addend = (uintptr_t)page - (uintptr_t)GUEST_PAGE;
}

static void setup(void)
{
    static const char *const n64[6] = { "g0", "g1", "g2", "g3", "g4", "g5" };
    static const char *const n32[6] = { "w0", "w1", "w2", "w3", "w4", "w5" };

    s = malloc(sizeof(*s));
    cpu = calloc(1, sizeof(*cpu));
    page = aligned_alloc(4096, 4096);
    ck_assert(s && cpu && page);
    memset(page, 0, 4096);
    tcg_context_init(s);
    for (unsigned i = 0; i < 6; i++)
        g64[i] = tcg_global_mem_new_i64(s, (int32_t)offsetof(TestCPU, g64[i]), n64[i]);
    for (unsigned i = 0; i < 6; i++)
        g32[i] = tcg_global_mem_new_i32(s, (int32_t)offsetof(TestCPU, g32[i]), n32[i]);
    map_guest_page();
    tci_lookup_tb = NULL;
    slow_ok = false;
    slow_calls = 0;
}

static void teardown(void)
{
    free(s);
    free(cpu);
    free(page);
}

/* ---- The slow-path stubs ------------------------------------------------------- */


uint64_t softmmu_load_slow(VCPUCommon *c, uint64_t addr, MemOpIdx oi)
{
    ck_assert_msg(slow_ok, "unexpected slow-path load at 0x%" PRIx64, addr);
    slow_calls++;
    slow_addr = addr;
    slow_oi = oi;
    slow_fault_insn = tcg_backend_tci.fault_insn(c, c->current_tb);
    return 0x5a5a5a5a5a5a5a5aull;
}

void softmmu_store_slow(VCPUCommon *c, uint64_t addr, uint64_t val, MemOpIdx oi)
{
    ck_assert_msg(slow_ok, "unexpected slow-path store at 0x%" PRIx64, addr);
    slow_calls++;
    slow_addr = addr;
    slow_val = val;
    slow_oi = oi;
    slow_fault_insn = tcg_backend_tci.fault_insn(c, c->current_tb);
}

/* ---- Running a TB ----------------------------------------------------------------- */

static TranslationBlock *tb_gen(void)
{
    TranslationBlock *tb = calloc(1, sizeof(*tb));

    ck_assert_ptr_nonnull(tb);
    ck_assert_int_eq(tcg_backend_tci.gen_code(s, tb), 0);
    return tb;
}

static void tb_free(TranslationBlock *tb)
{
    tcg_backend_tci.free_code(tb);
    free(tb->insn_pc);
    free(tb);
}

/* Optimize if asked, translate the ops in s and run them once. */
static uintptr_t run(bool opt)
{
    TranslationBlock *tb;
    uintptr_t ret;

    if (opt)
        tcg_optimize(s);
    tb = tb_gen();
    ret = tcg_backend_tci.exec(cpu, tb);
    tb_free(tb);
    return ret;
}

static unsigned count_opc(TCGOpcode opc)
{
    unsigned n = 0;

    for (unsigned i = 0; i < s->nb_ops; i++)
        n += s->ops[i].opc == opc;
    return n;
}

/* ---- (a) Semantic vectors ----------------------------------------------------------- */

typedef struct OpVec {
    TCGOpcode opc;
    TCGArg c[2];            /* constant args: condition, or pos and len */
    uint64_t in[4];
    uint64_t out[2];
} OpVec;

static const OpVec op_vectors[] = {
#include "tests/unit/tcg-vectors.inc"
};

#define NB_VECTORS (sizeof(op_vectors) / sizeof(op_vectors[0]))

static bool type_is64(TCGOpcode opc, bool output)
{
    switch (opc) {
    case TCG_OP_EXTU_I32_I64: case TCG_OP_EXT_I32_I64:
        return output;
    case TCG_OP_EXTRL_I64_I32: case TCG_OP_EXTRH_I64_I32:
        return !output;
    default:
        return tcg_op_defs[opc].flags & TCG_OPF_64BIT;
    }
}

enum { IN_GLOBALS, IN_CONSTS, IN_MIXED };
static const char *const mode_names[] = { "globals", "constants", "mixed" };

/*
 * The op of v with its inputs in globals, as constants, or the first in a
 * global and the rest constants; outputs go to globals 4 and 5.
 */
static void emit_vector(const OpVec *v, int mode)
{
    const TCGOpDef *def = &tcg_op_defs[v->opc];
    bool i64 = type_is64(v->opc, false), o64 = type_is64(v->opc, true);
    TCGArg a[TCG_MAX_OPARGS];
    unsigned n = 0;

    tcg_func_start(s);
    memset(cpu->g64, 0xee, sizeof(cpu->g64));
    memset(cpu->g32, 0xee, sizeof(cpu->g32));
    for (unsigned k = 0; k < def->nb_oargs; k++)
        a[n++] = o64 ? g64[4 + k].n : g32[4 + k].n;
    for (unsigned k = 0; k < def->nb_iargs; k++) {
        if (mode == IN_CONSTS || (mode == IN_MIXED && k > 0)) {
            a[n++] = i64 ? tcg_constant_i64(s, v->in[k]).n : tcg_constant_i32(s, (uint32_t)v->in[k]).n;
        } else {
            a[n++] = i64 ? g64[k].n : g32[k].n;
            if (i64)
                cpu->g64[k] = v->in[k];
            else
                cpu->g32[k] = (uint32_t)v->in[k];
        }
    }
    if (v->opc == TCG_OP_BRCOND_I32 || v->opc == TCG_OP_BRCOND_I64) {
        TCGLabel l = gen_new_label(s);

        tcg_gen_movi_i64(s, g64[4], 1);
        a[n++] = v->c[0];
        a[n++] = l.n;
        tcg_emit_op(s, v->opc, a);
        tcg_gen_movi_i64(s, g64[4], 0);
        tcg_gen_set_label(s, l);
    } else {
        for (unsigned k = 0; k < def->nb_cargs; k++)
            a[n++] = v->c[k];
        tcg_emit_op(s, v->opc, a);
    }
    tcg_gen_exit_tb(s, 0);
}

static void check_vector(unsigned idx, const OpVec *v, int mode, bool opt)
{
    const TCGOpDef *def = &tcg_op_defs[v->opc];
    bool o64 = type_is64(v->opc, true) || v->opc == TCG_OP_BRCOND_I32;
    unsigned nout = def->nb_oargs ? def->nb_oargs : 1;

    emit_vector(v, mode);
    if (opt)
        tcg_optimize(s);
    if (opt && mode == IN_CONSTS && def->nb_iargs)
        ck_assert_msg(count_opc(v->opc) == 0, "vector %u: %s on constants was not folded",
                      idx, def->name);
    ck_assert_uint_eq(run(false), 0);
    for (unsigned k = 0; k < nout; k++) {
        uint64_t got = o64 ? cpu->g64[4 + k] : cpu->g32[4 + k];

        ck_assert_msg(got == v->out[k],
                      "vector %u: %s(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
                      ") %s%s: output %u is 0x%" PRIx64 ", expected 0x%" PRIx64,
                      idx, def->name, v->in[0], v->in[1], v->in[2], v->in[3], mode_names[mode],
                      opt ? " optimized" : "", k, got, v->out[k]);
    }
}

START_TEST(semantic_vectors)
{
    for (unsigned i = 0; i < NB_VECTORS; i++)
        for (int mode = IN_GLOBALS; mode <= IN_MIXED; mode++)
            for (int opt = 0; opt < 2; opt++)
                check_vector(i, &op_vectors[i], mode, opt);
}
END_TEST

/* Ops with no vector row are exercised by the named tests. */
static const struct {
    TCGOpcode opc;
    const char *test;
} covered_elsewhere[] = {
    { TCG_OP_DISCARD, "optimizer_discard" },
    { TCG_OP_SET_LABEL, "semantic_vectors (brcond)" },
    { TCG_OP_BR, "optimizer_branch_folding" },
    { TCG_OP_INSN_START, "fault_insn_maps_ip" },
    { TCG_OP_GOTO_TB, "chaining_runs_both_tbs" },
    { TCG_OP_EXIT_TB, "every test" },
    { TCG_OP_GOTO_PTR, "goto_ptr_through_hook" },
    { TCG_OP_MB, "env_ld_st_and_mb" },
    { TCG_OP_CALL, "helper_args_0_to_6" },
    { TCG_OP_LD_I32, "env_ld_st_and_mb" }, { TCG_OP_LD_I64, "env_ld_st_and_mb" },
    { TCG_OP_ST_I32, "env_ld_st_and_mb" }, { TCG_OP_ST_I64, "env_ld_st_and_mb" },
    { TCG_OP_GUEST_LD_I32, "guest_memory_fast_path" }, { TCG_OP_GUEST_LD_I64, "guest_memory_fast_path" },
    { TCG_OP_GUEST_ST_I32, "guest_memory_fast_path" }, { TCG_OP_GUEST_ST_I64, "guest_memory_fast_path" },
};

START_TEST(every_op_is_covered)
{
    for (unsigned opc = 0; opc < TCG_OP_COUNT; opc++) {
        bool found = false;

        for (unsigned i = 0; i < NB_VECTORS && !found; i++)
            found = op_vectors[i].opc == opc;
        for (unsigned i = 0; i < sizeof(covered_elsewhere) / sizeof(covered_elsewhere[0]); i++)
            found |= covered_elsewhere[i].opc == opc;
        ck_assert_msg(found, "%s has no semantic vector", tcg_op_defs[opc].name);
    }
}
END_TEST

/* Reference models, bit by bit, for the exhaustive count and position tests. */
static uint64_t ref_shift(TCGOpcode opc, uint64_t a, unsigned n, unsigned w)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < w; i++) {
        int src;

        switch (opc) {
        case TCG_OP_SHL_I32: case TCG_OP_SHL_I64:   src = (int)i - (int)n; break;
        case TCG_OP_SHR_I32: case TCG_OP_SHR_I64:   src = (int)(i + n); break;
        case TCG_OP_SAR_I32: case TCG_OP_SAR_I64:   src = i + n < w ? (int)(i + n) : (int)w - 1; break;
        case TCG_OP_ROTL_I32: case TCG_OP_ROTL_I64: src = (int)((i + w - n) % w); break;
        default:                                    src = (int)((i + n) % w); break;
        }
        if (src >= 0 && src < (int)w && (a >> src & 1))
            r |= 1ull << i;
    }
    return r;
}

static uint64_t ref_field(TCGOpcode opc, uint64_t a, uint64_t b, unsigned pos, unsigned len, unsigned w)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < w; i++) {
        unsigned bit;

        switch (opc) {
        case TCG_OP_DEPOSIT_I32: case TCG_OP_DEPOSIT_I64:
            bit = i >= pos && i < pos + len ? b >> (i - pos) & 1 : a >> i & 1;
            break;
        case TCG_OP_EXTRACT_I32: case TCG_OP_EXTRACT_I64:
            bit = i < len ? a >> (pos + i) & 1 : 0;
            break;
        default:
            bit = a >> (pos + (i < len ? i : len - 1)) & 1;
            break;
        }
        r |= (uint64_t)bit << i;
    }
    return r;
}

START_TEST(shift_counts)
{
    static const TCGOpcode ops[2][5] = {
        { TCG_OP_SHL_I32, TCG_OP_SHR_I32, TCG_OP_SAR_I32, TCG_OP_ROTL_I32, TCG_OP_ROTR_I32 },
        { TCG_OP_SHL_I64, TCG_OP_SHR_I64, TCG_OP_SAR_I64, TCG_OP_ROTL_I64, TCG_OP_ROTR_I64 },
    };
    static const uint64_t patterns[] = { 0x8123456789abcdefull, 0x7edcba9876543211ull };

    for (unsigned w64 = 0; w64 < 2; w64++) {
        unsigned w = w64 ? 64 : 32;

        for (unsigned k = 0; k < 5; k++)
            for (unsigned p = 0; p < 2; p++)
                for (unsigned n = 0; n < w; n++) {
                    uint64_t a = w64 ? patterns[p] : (uint32_t)(patterns[p] >> 16);
                    OpVec v = { ops[w64][k], { 0, 0 }, { a, n, 0, 0 },
                                { ref_shift(ops[w64][k], a, n, w), 0 } };

                    check_vector(n, &v, IN_GLOBALS, false);
                    check_vector(n, &v, IN_CONSTS, true);
                    check_vector(n, &v, IN_MIXED, false);
                    check_vector(n, &v, IN_MIXED, true);
                }
    }
}
END_TEST

START_TEST(bit_field_positions)
{
    static const TCGOpcode ops[2][3] = {
        { TCG_OP_DEPOSIT_I32, TCG_OP_EXTRACT_I32, TCG_OP_SEXTRACT_I32 },
        { TCG_OP_DEPOSIT_I64, TCG_OP_EXTRACT_I64, TCG_OP_SEXTRACT_I64 },
    };
    const uint64_t a = 0xa5c3f00f1e2d3c4bull, b = 0x5b4c3d2e1f0e9d8cull;

    for (unsigned w64 = 0; w64 < 2; w64++) {
        unsigned w = w64 ? 64 : 32;
        uint64_t aw = w64 ? a : (uint32_t)a, bw = w64 ? b : (uint32_t)b;

        for (unsigned k = 0; k < 3; k++)
            for (unsigned pos = 0; pos < w; pos++)
                for (unsigned len = 1; pos + len <= w; len++) {
                    OpVec v = { ops[w64][k], { pos, len }, { aw, bw, 0, 0 },
                                { ref_field(ops[w64][k], aw, bw, pos, len, w), 0 } };

                    check_vector(pos << 8 | len, &v, IN_GLOBALS, false);
                    check_vector(pos << 8 | len, &v, IN_CONSTS, true);
                    check_vector(pos << 8 | len, &v, IN_MIXED, true);
                }
    }
}
END_TEST

/* ---- Host memory (env) and the barrier ------------------------------------------------ */

START_TEST(env_ld_st_and_mb)
{
    TCGv_i64 t, base;
    TCGv_i32 w;
    int32_t f0 = (int32_t)offsetof(TestCPU, field[0]), f1 = (int32_t)offsetof(TestCPU, field[1]);
    int32_t f2 = (int32_t)offsetof(TestCPU, field[2]);
    uint8_t b[8];
    uint16_t h;
    uint32_t u;

    tcg_func_start(s);
    t = tcg_temp_new_i64(s);
    base = tcg_temp_new_i64(s);
    w = tcg_temp_new_i32(s);
    cpu->field[0] = 0x80818283f4f5f6f7ull;
    /* Sign- and zero-extending loads of every size; host byte order. */
    tcg_gen_ld_i64(s, g64[0], tcg_env(), f0, MO_UQ);
    tcg_gen_ld_i64(s, g64[1], tcg_env(), f0, MO_SB);
    tcg_gen_ld_i64(s, g64[2], tcg_env(), f0, MO_SW);
    tcg_gen_ld_i64(s, g64[3], tcg_env(), f0, MO_SL);
    tcg_gen_ld_i32(s, g32[0], tcg_env(), f0, MO_UB);
    tcg_gen_ld_i32(s, g32[1], tcg_env(), f0, MO_SW);
    tcg_gen_ld_i32(s, g32[2], tcg_env(), f0, MO_UL);
    /* Stores: immediate and register values, env and a pointer in a temp as base. */
    tcg_gen_st_i64(s, tcg_constant_i64(s, 0x1122334455667788ull), tcg_env(), f1, MO_UQ);
    tcg_gen_mov_i64(s, base, tcg_env());
    tcg_gen_addi_i64(s, base, base, (uint64_t)f2);
    tcg_gen_movi_i64(s, t, 0xabcdef);
    tcg_gen_st_i64(s, t, base, 0, MO_16);
    tcg_gen_movi_i32(s, w, 0x99);
    tcg_gen_st_i32(s, w, base, 2, MO_8);
    tcg_gen_st_i32(s, tcg_constant_i32(s, 0x77), tcg_env(), f2 + 3, MO_8);
    tcg_gen_ld_i64(s, g64[4], base, -8, MO_UQ);     /* field[1] */
    tcg_gen_mb(s, 0);
    tcg_gen_exit_tb(s, 0);
    for (int opt = 0; opt < 2; opt++) {
        TCGContext *copy = malloc(sizeof(*copy));

        memcpy(copy, s, sizeof(*s));
        cpu->field[2] = 0;
        ck_assert_uint_eq(run(opt), 0);
        memcpy(s, copy, sizeof(*s));
        free(copy);
        memcpy(b, &cpu->field[0], 8);
        ck_assert_uint_eq(cpu->g64[0], 0x80818283f4f5f6f7ull);
        ck_assert_uint_eq(cpu->g64[1], (uint64_t)(int64_t)(int8_t)b[0]);
        memcpy(&h, b, 2);
        ck_assert_uint_eq(cpu->g64[2], (uint64_t)(int64_t)(int16_t)h);
        memcpy(&u, b, 4);
        ck_assert_uint_eq(cpu->g64[3], (uint64_t)(int64_t)(int32_t)u);
        ck_assert_uint_eq(cpu->g32[0], b[0]);
        ck_assert_uint_eq(cpu->g32[1], (uint32_t)(int32_t)(int16_t)h);
        ck_assert_uint_eq(cpu->g32[2], u);
        ck_assert_uint_eq(cpu->field[1], 0x1122334455667788ull);
        ck_assert_uint_eq(cpu->g64[4], 0x1122334455667788ull);
        memcpy(b, &cpu->field[2], 8);
        memcpy(&h, b, 2);
        ck_assert_uint_eq(h, 0xcdef);
        ck_assert_uint_eq(b[2], 0x99);
        ck_assert_uint_eq(b[3], 0x77);
        ck_assert_uint_eq(b[4], 0);
    }
}
END_TEST

/* ---- (b) The optimizer against the unoptimized program ------------------------------- */

static uint64_t rng_next(uint64_t *r)
{
    /* xorshift64* */
    *r ^= *r >> 12;
    *r ^= *r << 25;
    *r ^= *r >> 27;
    return *r * 0x2545f4914f6cdd1dull;
}

static unsigned rnd(uint64_t *r, unsigned n) { return (unsigned)(rng_next(r) % n); }

/* Mostly random, often a value at an edge. */
static uint64_t rnd_value(uint64_t *r)
{
    static const uint64_t edges[] = {
        0, 1, 2, 3, 7, 31, 32, 63, 64, 0xff, 0x80, 0xffff, 0x8000, 0x7fffffff, 0x80000000,
        0xffffffff, 0x100000000ull, 1ull << 63, (1ull << 63) - 1, ~0ull, ~1ull,
    };

    if (rnd(r, 2))
        return edges[rnd(r, sizeof(edges) / sizeof(edges[0]))];
    return rng_next(r);
}

/* Helpers with honest flags: what the optimizer may assume of them. */
static uint64_t h_pure(void *env, uint64_t a, uint64_t b)
{
    return a * 0x9e3779b97f4a7c15ull ^ (b >> 3);
}

static uint64_t h_rw_globals(void *env, uint64_t a)
{
    TestCPU *c = env;

    c->g64[3] += a;
    c->g32[1] ^= (uint32_t)a;
    c->helper_count++;
    return c->g64[0] ^ a;
}

static uint64_t h_read_globals(void *env, uint64_t a, uint64_t b)
{
    TestCPU *c = env;

    return c->g64[2] + a - b + c->g32[3];
}

static uint64_t h_count(void *env)
{
    TestCPU *c = env;

    return ++c->helper_count;
}

static uint64_t h_field(void *env, uint64_t a)
{
    TestCPU *c = env;

    c->field[0] += a;
    return c->field[1];
}

typedef struct RandProg {
    uint64_t r;
    TCGv_i64 v64[24];       /* readable 64-bit values; the first nw64 are writable */
    unsigned n64, nw64;
    TCGv_i32 v32[24];
    unsigned n32, nw32;
    TCGv_i64 sc64[3];       /* per-instruction scratch: shift counts, divisors... */
    TCGv_i32 sc32[3];
    TCGv_i64 counter;       /* loop counter, never a random destination */
    unsigned nb_ops;
} RandProg;

static TCGv_i64 src64(RandProg *p)
{
    if (rnd(&p->r, 4) == 0)
        return tcg_constant_i64(s, rnd_value(&p->r));
    return p->v64[rnd(&p->r, p->n64)];
}

static TCGv_i32 src32(RandProg *p)
{
    if (rnd(&p->r, 4) == 0)
        return tcg_constant_i32(s, (uint32_t)rnd_value(&p->r));
    return p->v32[rnd(&p->r, p->n32)];
}

static TCGv_i64 dst64(RandProg *p) { return p->v64[rnd(&p->r, p->nw64)]; }
static TCGv_i32 dst32(RandProg *p) { return p->v32[rnd(&p->r, p->nw32)]; }

static TCGCond rnd_cond(RandProg *p)
{
    static const TCGCond c[] = {
        TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE, TCG_COND_GT,
        TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
    };

    return c[rnd(&p->r, 10)];
}

static void rand_alu(RandProg *p, bool is64)
{
    static const TCGOpcode bin[2][18] = {
        { TCG_OP_ADD_I32, TCG_OP_SUB_I32, TCG_OP_MUL_I32, TCG_OP_AND_I32, TCG_OP_OR_I32,
          TCG_OP_XOR_I32, TCG_OP_ANDC_I32, TCG_OP_CLZ_I32, TCG_OP_CTZ_I32,
          TCG_OP_SHL_I32, TCG_OP_SHR_I32, TCG_OP_SAR_I32, TCG_OP_ROTL_I32, TCG_OP_ROTR_I32,
          TCG_OP_DIVS_I32, TCG_OP_DIVU_I32, TCG_OP_REMS_I32, TCG_OP_REMU_I32 },
        { TCG_OP_ADD_I64, TCG_OP_SUB_I64, TCG_OP_MUL_I64, TCG_OP_AND_I64, TCG_OP_OR_I64,
          TCG_OP_XOR_I64, TCG_OP_ANDC_I64, TCG_OP_CLZ_I64, TCG_OP_CTZ_I64,
          TCG_OP_SHL_I64, TCG_OP_SHR_I64, TCG_OP_SAR_I64, TCG_OP_ROTL_I64, TCG_OP_ROTR_I64,
          TCG_OP_DIVS_I64, TCG_OP_DIVU_I64, TCG_OP_REMS_I64, TCG_OP_REMU_I64 },
    };
    unsigned k = rnd(&p->r, 18);
    TCGOpcode opc = bin[is64][k];
    TCGArg a[3];

    if (is64) {
        TCGv_i64 x = src64(p), y = src64(p);

        if (k >= 9 && k < 14) {           /* counts below the width */
            tcg_gen_andi_i64(s, p->sc64[0], y, 63);
            y = p->sc64[0];
        } else if (k >= 14) {             /* no zero divisor, no INT_MIN / -1 */
            tcg_gen_ori_i64(s, p->sc64[0], x, 1);
            tcg_gen_ori_i64(s, p->sc64[1], y, 1);
            x = p->sc64[0];
            y = p->sc64[1];
        }
        a[0] = dst64(p).n, a[1] = x.n, a[2] = y.n;
    } else {
        TCGv_i32 x = src32(p), y = src32(p);

        if (k >= 9 && k < 14) {
            tcg_gen_andi_i32(s, p->sc32[0], y, 31);
            y = p->sc32[0];
        } else if (k >= 14) {
            tcg_gen_ori_i32(s, p->sc32[0], x, 1);
            tcg_gen_ori_i32(s, p->sc32[1], y, 1);
            x = p->sc32[0];
            y = p->sc32[1];
        }
        a[0] = dst32(p).n, a[1] = x.n, a[2] = y.n;
    }
    tcg_emit_op(s, opc, a);
}

static void rand_unary(RandProg *p, bool is64)
{
    static const TCGOpcode un[2][13] = {
        { TCG_OP_MOV_I32, TCG_OP_NEG_I32, TCG_OP_NOT_I32, TCG_OP_EXT8S_I32, TCG_OP_EXT8U_I32,
          TCG_OP_EXT16S_I32, TCG_OP_EXT16U_I32, TCG_OP_BSWAP16_I32, TCG_OP_BSWAP32_I32,
          TCG_OP_CTPOP_I32, TCG_OP_MOV_I32, TCG_OP_NOT_I32, TCG_OP_NEG_I32 },
        { TCG_OP_MOV_I64, TCG_OP_NEG_I64, TCG_OP_NOT_I64, TCG_OP_EXT8S_I64, TCG_OP_EXT8U_I64,
          TCG_OP_EXT16S_I64, TCG_OP_EXT16U_I64, TCG_OP_BSWAP16_I64, TCG_OP_BSWAP32_I64,
          TCG_OP_CTPOP_I64, TCG_OP_EXT32S_I64, TCG_OP_EXT32U_I64, TCG_OP_BSWAP64_I64 },
    };
    TCGArg a[2];

    a[0] = is64 ? dst64(p).n : dst32(p).n;
    a[1] = is64 ? src64(p).n : src32(p).n;
    tcg_emit_op(s, un[is64][rnd(&p->r, 13)], a);
}

/*
 * Each random choice is its own statement: the order in which the arguments
 * of one call are evaluated is unspecified, and a case number must name the
 * same program with every compiler.
 */
static void rand_misc(RandProg *p)
{
    unsigned k = rnd(&p->r, 14), w = k & 1 ? 32 : 64;
    unsigned pos = rnd(&p->r, w), len = 1 + rnd(&p->r, w - pos), sign = rnd(&p->r, 2);
    TCGCond c = rnd_cond(p);
    TCGv_i64 d64 = dst64(p), h64 = dst64(p), a64 = src64(p), b64 = src64(p);
    TCGv_i64 x64 = src64(p), y64 = src64(p);
    TCGv_i32 d32 = dst32(p), h32 = dst32(p), a32 = src32(p), b32 = src32(p);
    TCGv_i32 x32 = src32(p), y32 = src32(p);
    uint64_t v = rnd_value(&p->r);

    if (h64.n == d64.n)
        h64 = p->sc64[2];
    if (h32.n == d32.n)
        h32 = p->sc32[2];
    switch (k) {
    case 0: tcg_gen_deposit_i64(s, d64, a64, b64, pos, len); break;
    case 1: tcg_gen_deposit_i32(s, d32, a32, b32, pos, len); break;
    case 2:
        if (sign)
            tcg_gen_sextract_i64(s, d64, a64, pos, len);
        else
            tcg_gen_extract_i64(s, d64, a64, pos, len);
        break;
    case 3:
        if (sign)
            tcg_gen_sextract_i32(s, d32, a32, pos, len);
        else
            tcg_gen_extract_i32(s, d32, a32, pos, len);
        break;
    case 4: tcg_gen_setcond_i64(s, c, d64, a64, b64); break;
    case 5: tcg_gen_setcond_i32(s, c, d32, a32, b32); break;
    case 6: tcg_gen_movcond_i64(s, c, d64, a64, b64, x64, y64); break;
    case 7: tcg_gen_movcond_i32(s, c, d32, a32, b32, x32, y32); break;
    case 8:
        if (sign)
            tcg_gen_muls2_i64(s, d64, h64, a64, b64);
        else
            tcg_gen_mulu2_i64(s, d64, h64, a64, b64);
        break;
    case 9:
        if (sign)
            tcg_gen_muls2_i32(s, d32, h32, a32, b32);
        else
            tcg_gen_mulu2_i32(s, d32, h32, a32, b32);
        break;
    case 10:
        if (sign)
            tcg_gen_ext_i32_i64(s, d64, a32);
        else
            tcg_gen_extu_i32_i64(s, d64, a32);
        break;
    case 11:
        if (sign)
            tcg_gen_extrh_i64_i32(s, d32, a64);
        else
            tcg_gen_extrl_i64_i32(s, d32, a64);
        break;
    case 12: tcg_gen_movi_i64(s, d64, v); break;
    default: tcg_gen_movi_i32(s, d32, (uint32_t)v); break;
    }
}

/* Calls, host and guest memory: where globals must be written back or forgotten. */
static void rand_memory(RandProg *p)
{
    static const MemOp sizes64[] = { MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ };
    MemOp mop = sizes64[rnd(&p->r, 7)], mop32 = sizes64[rnd(&p->r, 6)];
    /* Often a global's own home: the store must be seen by later reads of the global. */
    int32_t off64 = rnd(&p->r, 3) ? (int32_t)offsetof(TestCPU, g64[rnd(&p->r, 6)])
                                  : (int32_t)offsetof(TestCPU, field[rnd(&p->r, 4)]);
    int32_t off32 = (int32_t)offsetof(TestCPU, g32[rnd(&p->r, 6)]);
    TCGv_i64 addr = p->sc64[2];
    TCGv_i64 ret = dst64(p), args[2];
    bool has_ret = rnd(&p->r, 4);

    args[0] = src64(p);
    args[1] = src64(p);
    switch (rnd(&p->r, 12)) {
    case 0:
        tcg_gen_st_i64(s, src64(p), tcg_env(), off64, mop);
        break;
    case 1:
        tcg_gen_st_i32(s, src32(p), tcg_env(), off32, mop32);
        break;
    case 2:
        tcg_gen_ld_i64(s, dst64(p), tcg_env(), off64, mop);
        break;
    case 3:
        tcg_gen_ld_i32(s, dst32(p), tcg_env(), off32, mop32);
        break;
    case 4:
        tcg_gen_mov_i64(s, addr, tcg_env());
        tcg_gen_ld_i64(s, dst64(p), addr, off64, mop);
        break;
    case 5: case 6: {
        /* An address in the mapped page, sometimes computed at run time. */
        uint64_t off = rng_next(&p->r) & 0xff8;

        if (rnd(&p->r, 2)) {
            tcg_gen_andi_i64(s, addr, src64(p), 0xff8);
            tcg_gen_ori_i64(s, addr, addr, GUEST_PAGE);
        } else {
            tcg_gen_movi_i64(s, addr, GUEST_PAGE + off);
        }
        if (rnd(&p->r, 2)) {
            if (rnd(&p->r, 2))
                tcg_gen_guest_ld_i64(s, dst64(p), addr, make_memop_idx(mop, TEST_MMU));
            else
                tcg_gen_guest_ld_i32(s, dst32(p), addr, make_memop_idx(mop32, TEST_MMU));
        } else {
            if (rnd(&p->r, 2))
                tcg_gen_guest_st_i64(s, src64(p), addr, make_memop_idx(mop, TEST_MMU));
            else
                tcg_gen_guest_st_i32(s, src32(p), addr, make_memop_idx(mop32, TEST_MMU));
        }
        break;
    }
    case 7:
        tcg_gen_call(s, (TCGHelper)h_pure, TCG_CALL_PURE, has_ret ? &ret : NULL, 2, args);
        break;
    case 8:
        tcg_gen_call(s, (TCGHelper)h_rw_globals, 0, has_ret ? &ret : NULL, 1, args);
        break;
    case 9:
        tcg_gen_call(s, (TCGHelper)h_read_globals,
                     TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_SIDE_EFFECTS,
                     has_ret ? &ret : NULL, 2, args);
        break;
    case 10:
        tcg_gen_call(s, (TCGHelper)h_count, TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
                     has_ret ? &ret : NULL, 0, NULL);
        break;
    default:
        tcg_gen_call(s, (TCGHelper)h_field, TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
                     &ret, 1, args);
        break;
    }
}

static void rand_ops(RandProg *p, unsigned n, bool allow_loop);

/* Forward branches (some foldable), jumps over dead code, early exits and small loops. */
static void rand_control(RandProg *p, bool allow_loop)
{
    TCGLabel l = gen_new_label(s);
    TCGCond c = rnd_cond(p);
    TCGv_i64 a64 = src64(p), b64 = src64(p);
    TCGv_i32 a32 = src32(p), b32 = src32(p);
    uint64_t v = rnd_value(&p->r);

    switch (rnd(&p->r, allow_loop ? 6 : 4)) {
    case 0:
        if (rnd(&p->r, 2))
            tcg_gen_brcond_i64(s, c, a64, b64, l);
        else
            tcg_gen_brcond_i32(s, c, a32, b32, l);
        rand_ops(p, 1 + rnd(&p->r, 4), false);
        tcg_gen_set_label(s, l);
        break;
    case 1:
        tcg_gen_br(s, l);
        rand_ops(p, 1 + rnd(&p->r, 3), false);
        tcg_gen_set_label(s, l);
        break;
    case 2:
        tcg_gen_brcondi_i64(s, c, a64, v, l);
        switch (rnd(&p->r, 3)) {
        case 0: tcg_gen_exit_tb(s, 0); break;
        case 1: tcg_gen_goto_tb(s, rnd(&p->r, 2)); break;
        default: rand_ops(p, 2, false); break;
        }
        tcg_gen_set_label(s, l);
        break;
    case 3: {
        /* A value that is constant only through the optimizer's eyes. */
        TCGv_i64 t = p->sc64[1];

        tcg_gen_movi_i64(s, t, rnd_value(&p->r));
        tcg_gen_brcondi_i64(s, c, t, v, l);
        rand_ops(p, 1 + rnd(&p->r, 3), false);
        tcg_gen_set_label(s, l);
        break;
    }
    case 4:
        /* do { } while (--counter): a conditional branch back */
        tcg_gen_movi_i64(s, p->counter, 1 + rnd(&p->r, 3));
        tcg_gen_set_label(s, l);
        rand_ops(p, 1 + rnd(&p->r, 5), false);
        tcg_gen_subi_i64(s, p->counter, p->counter, 1);
        tcg_gen_brcondi_i64(s, TCG_COND_NE, p->counter, 0, l);
        break;
    default: {
        /* while (counter--) { }: an unconditional branch back */
        TCGLabel done = gen_new_label(s);

        tcg_gen_movi_i64(s, p->counter, rnd(&p->r, 4));
        tcg_gen_set_label(s, l);
        tcg_gen_brcondi_i64(s, TCG_COND_EQ, p->counter, 0, done);
        tcg_gen_subi_i64(s, p->counter, p->counter, 1);
        rand_ops(p, 1 + rnd(&p->r, 5), false);
        tcg_gen_br(s, l);
        tcg_gen_set_label(s, done);
        break;
    }
    }
}

static void rand_ops(RandProg *p, unsigned n, bool allow_loop)
{
    for (unsigned i = 0; i < n; i++) {
        unsigned k = rnd(&p->r, 100);

        p->nb_ops++;
        if (k < 25)
            rand_alu(p, true);
        else if (k < 40)
            rand_alu(p, false);
        else if (k < 52)
            rand_unary(p, rnd(&p->r, 2));
        else if (k < 72)
            rand_misc(p);
        else if (k < 88)
            rand_memory(p);
        else if (k < 98)
            rand_control(p, allow_loop);
        else
            tcg_gen_mb(s, 0);
    }
}

/* Emit random program number seed: a few instructions over the globals. */
static void rand_program(uint64_t seed)
{
    RandProg p = { .r = seed * 0x9e3779b97f4a7c15ull + 1 };
    unsigned ninsns = 1 + rnd(&p.r, 6);

    tcg_func_start(s);
    for (unsigned i = 0; i < 6; i++) {
        p.v64[p.n64++] = g64[i];
        p.v32[p.n32++] = g32[i];
    }
    for (unsigned i = 0; i < 2; i++) {
        TCGv_i64 t = tcg_temp_new_tb_i64(s);
        TCGv_i32 w = tcg_temp_new_tb_i32(s);

        tcg_gen_movi_i64(s, t, rnd_value(&p.r));
        tcg_gen_mov_i32(s, w, g32[i]);
        p.v64[p.n64++] = t;
        p.v32[p.n32++] = w;
    }
    p.counter = tcg_temp_new_tb_i64(s);
    tcg_gen_movi_i64(s, p.counter, 0);
    for (unsigned insn = 0; insn < ninsns; insn++) {
        unsigned n64 = p.n64, n32 = p.n32;

        tcg_gen_insn_start(s, 0x1000 + 4 * insn, 0);
        /* This instruction's temps, each defined before any use. */
        for (unsigned i = 0; i < 3; i++) {
            TCGv_i64 t = tcg_temp_new_i64(s);
            TCGv_i32 w = tcg_temp_new_i32(s);

            if (rnd(&p.r, 2))
                tcg_gen_mov_i64(s, t, g64[rnd(&p.r, 6)]);
            else
                tcg_gen_movi_i64(s, t, rnd_value(&p.r));
            tcg_gen_mov_i32(s, w, g32[rnd(&p.r, 6)]);
            p.v64[p.n64++] = t;
            p.v32[p.n32++] = w;
            p.sc64[i] = tcg_temp_new_i64(s);
            p.sc32[i] = tcg_temp_new_i32(s);
            tcg_gen_movi_i64(s, p.sc64[i], 0);
            tcg_gen_movi_i32(s, p.sc32[i], 0);
        }
        p.nw64 = p.n64;
        p.nw32 = p.n32;
        rand_ops(&p, 2 + rnd(&p.r, 10), true);
        if (rnd(&p.r, 3) == 0)
            tcg_gen_discard_i64(s, p.v64[n64]);
        p.n64 = n64;
        p.n32 = n32;
    }
    tcg_gen_exit_tb(s, 0);
}

typedef struct Outcome {
    uint64_t g64[6], field[4], helper_count;
    uint32_t g32[6];
    uintptr_t exit;
    uint8_t page[4096];
} Outcome;

static void rand_state(uint64_t seed)
{
    uint64_t r = seed ^ 0x5555555555555555ull;

    for (unsigned i = 0; i < 6; i++) {
        cpu->g64[i] = rnd_value(&r);
        cpu->g32[i] = (uint32_t)rnd_value(&r);
    }
    for (unsigned i = 0; i < 4; i++)
        cpu->field[i] = rng_next(&r);
    cpu->helper_count = 0;
    for (unsigned i = 0; i < 4096; i += 8) {
        uint64_t v = rng_next(&r);

        memcpy(page + i, &v, 8);
    }
    memset(cpu->common.tcg_frame, 0xa5, sizeof(cpu->common.tcg_frame));
}

static void outcome(Outcome *o, uintptr_t exit)
{
    memset(o, 0, sizeof(*o));
    memcpy(o->g64, cpu->g64, sizeof(o->g64));
    memcpy(o->g32, cpu->g32, sizeof(o->g32));
    memcpy(o->field, cpu->field, sizeof(o->field));
    o->helper_count = cpu->helper_count;
    /* A TB pointer differs between the runs; its slot bits must not. */
    o->exit = exit > TB_EXIT_MASK ? (exit & TB_EXIT_MASK) | 4 : exit;
    memcpy(o->page, page, 4096);
}

START_TEST(optimizer_differential)
{
    const char *mode = getenv("VIREO_TEST_MODE");
    unsigned cases = mode && !strcmp(mode, "slow") ? 200000 : 20000;
    unsigned long before = 0, after = 0;
    Outcome *plain = malloc(sizeof(*plain)), *opt = malloc(sizeof(*opt));

    ck_assert(plain && opt);
    for (unsigned c = 0; c < cases; c++) {
        rand_program(c);
        ck_assert_msg(!s->overflow, "case %u overflowed", c);
        rand_state(c);
        outcome(plain, run(false));

        rand_program(c);
        rand_state(c);
        tcg_optimize(s);
        before += s->ops_before_opt;
        after += s->nb_ops;
        outcome(opt, run(false));
        if (memcmp(plain, opt, sizeof(*plain))) {
            rand_program(c);
            fprintf(stderr, "case %u differs; program:\n", c);
            tcg_dump_ops(s, stderr);
            tcg_optimize(s);
            fprintf(stderr, "optimized:\n");
            tcg_dump_ops(s, stderr);
            for (unsigned i = 0; i < 6; i++)
                fprintf(stderr, "g%u %016" PRIx64 " %016" PRIx64 "  w%u %08x %08x\n", i,
                        plain->g64[i], opt->g64[i], i, plain->g32[i], opt->g32[i]);
            for (unsigned i = 0; i < 4; i++)
                fprintf(stderr, "field%u %016" PRIx64 " %016" PRIx64 "\n", i, plain->field[i],
                        opt->field[i]);
            fprintf(stderr, "helpers %" PRIu64 " %" PRIu64 ", exit %zx %zx, page %s\n",
                    plain->helper_count, opt->helper_count, (size_t)plain->exit,
                    (size_t)opt->exit, memcmp(plain->page, opt->page, 4096) ? "differs" : "same");
            ck_abort_msg("optimized program %u computes something else", c);
        }
    }
    fprintf(stderr, "optimizer differential: %u random programs, %lu ops -> %lu after optimizing\n",
            cases, before, after);
    free(plain);
    free(opt);
}
END_TEST

/* ---- Optimizer rules, one by one ---------------------------------------------------- */

START_TEST(optimizer_folds_and_propagates)
{
    TCGv_i64 t0, t1, t2;

    tcg_func_start(s);
    t0 = tcg_temp_new_i64(s);
    t1 = tcg_temp_new_i64(s);
    t2 = tcg_temp_new_i64(s);
    tcg_gen_movi_i64(s, t0, 5);
    tcg_gen_addi_i64(s, t1, t0, 3);             /* 8 */
    tcg_gen_mov_i64(s, t2, g64[1]);
    tcg_gen_add_i64(s, g64[0], t2, t1);         /* g1 + 8 */
    tcg_gen_xor_i64(s, g64[2], t2, g64[1]);     /* x ^ x: 0 */
    tcg_gen_mul_i64(s, g64[3], t1, tcg_constant_i64(s, 1));
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    /* add g0, g1, $8; movi g2, 0; movi g3, 8; exit_tb */
    ck_assert_uint_eq(s->nb_ops, 4);
    ck_assert_uint_eq(s->ops[0].opc, TCG_OP_ADD_I64);
    ck_assert_uint_eq(s->ops[0].args[1], g64[1].n);
    ck_assert_uint_eq(s->temps[s->ops[0].args[2]].kind, TEMP_CONST);
    ck_assert_uint_eq(s->temps[s->ops[0].args[2]].val, 8);
    ck_assert_uint_eq(s->ops[1].opc, TCG_OP_MOVI_I64);
    ck_assert_uint_eq(s->ops[1].args[1], 0);
    ck_assert_uint_eq(s->ops[2].opc, TCG_OP_MOVI_I64);
    ck_assert_uint_eq(s->ops[2].args[1], 8);
    cpu->g64[1] = 100;
    ck_assert_uint_eq(run(false), 0);
    ck_assert_uint_eq(cpu->g64[0], 108);
}
END_TEST

START_TEST(optimizer_respects_env_stores_and_raises)
{
    TCGv_i64 t;

    /* A store to a global's home changes it behind the optimizer's back. */
    tcg_func_start(s);
    t = tcg_temp_new_i64(s);
    tcg_gen_movi_i64(s, g64[0], 5);
    tcg_gen_mov_i64(s, t, g64[0]);
    tcg_gen_st_i64(s, tcg_constant_i64(s, 7), tcg_env(), (int32_t)offsetof(TestCPU, g64[0]), MO_UQ);
    tcg_gen_addi_i64(s, g64[1], g64[0], 1);     /* 8, not 6 */
    tcg_gen_mov_i64(s, g64[2], t);              /* 5: t kept the old value */
    tcg_gen_exit_tb(s, 0);
    ck_assert_uint_eq(run(true), 0);
    ck_assert_uint_eq(cpu->g64[0], 7);
    ck_assert_uint_eq(cpu->g64[1], 8);
    ck_assert_uint_eq(cpu->g64[2], 5);

    /* A write overwritten later is dead, unless something may look in between. */
    tcg_func_start(s);
    tcg_gen_movi_i64(s, g64[0], 1);
    tcg_gen_movi_i64(s, g64[0], 2);
    tcg_gen_movi_i64(s, g64[1], 1);
    tcg_gen_guest_ld_i64(s, g64[3], tcg_constant_i64(s, GUEST_PAGE), make_memop_idx(MO_UQ, TEST_MMU));
    tcg_gen_movi_i64(s, g64[1], 2);
    tcg_gen_movi_i64(s, g64[2], 1);
    tcg_gen_ld_i64(s, g64[4], tcg_env(), (int32_t)offsetof(TestCPU, g64[2]), MO_UQ);
    tcg_gen_movi_i64(s, g64[2], 2);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    ck_assert_uint_eq(count_opc(TCG_OP_MOVI_I64), 5);
    ck_assert_uint_eq(run(false), 0);
    ck_assert_uint_eq(cpu->g64[4], 1);

    /* Constant bases and addresses: the constant args after them are not temps. */
    tcg_func_start(s);
    t = tcg_temp_new_i64(s);
    tcg_gen_movi_i64(s, t, (uintptr_t)cpu);
    tcg_gen_ld_i64(s, g64[5], t, (int32_t)offsetof(TestCPU, g64[2]), MO_UQ);
    tcg_gen_guest_ld_i64(s, g64[4], tcg_constant_i64(s, GUEST_PAGE + 8),
                         make_memop_idx(MO_UQ | MO_ALIGN, 3));
    tcg_gen_exit_tb(s, 0);
    slow_ok = true;
    cpu->g64[2] = 0x1234;
    ck_assert_uint_eq(run(true), 0);
    slow_ok = false;
    ck_assert_uint_eq(cpu->g64[5], 0x1234);
    ck_assert_uint_eq(get_mmuidx(slow_oi), 3);

    /* Pure helpers with unused results go; others stay. */
    tcg_func_start(s);
    {
        TCGv_i64 args[2] = { g64[0], g64[1] }, r = tcg_temp_new_i64(s);

        tcg_gen_call(s, (TCGHelper)h_pure, TCG_CALL_PURE, &r, 2, args);
        tcg_gen_call(s, (TCGHelper)h_count, TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
                     &r, 0, NULL);
    }
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    ck_assert_uint_eq(count_opc(TCG_OP_CALL), 1);
    ck_assert_uint_eq(s->ops[0].args[7], (uintptr_t)h_count);
}
END_TEST

START_TEST(optimizer_branch_folding)
{
    TCGLabel l1, l2;

    tcg_func_start(s);
    l1 = gen_new_label(s);
    l2 = gen_new_label(s);
    tcg_gen_movi_i64(s, g64[0], 1);
    /* Always taken: becomes br, and the code up to the label goes. */
    tcg_gen_brcondi_i64(s, TCG_COND_LTU, tcg_constant_i64(s, 3), 4, l1);
    tcg_gen_movi_i64(s, g64[0], 2);
    tcg_gen_movi_i64(s, g64[1], 2);
    tcg_gen_set_label(s, l1);
    /* Never taken: disappears, and so does its label. */
    tcg_gen_brcond_i64(s, TCG_COND_NE, g64[2], g64[2], l2);
    tcg_gen_addi_i64(s, g64[3], g64[3], 1);
    tcg_gen_set_label(s, l2);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    ck_assert_uint_eq(count_opc(TCG_OP_BRCOND_I64), 0);
    ck_assert_uint_eq(count_opc(TCG_OP_BR), 0);        /* a br to the next op is no jump */
    ck_assert_uint_eq(count_opc(TCG_OP_SET_LABEL), 0);
    ck_assert_uint_eq(s->nb_ops, 3);
    cpu->g64[1] = 9;
    cpu->g64[3] = 41;
    ck_assert_uint_eq(run(false), 0);
    ck_assert_uint_eq(cpu->g64[0], 1);
    ck_assert_uint_eq(cpu->g64[1], 9);
    ck_assert_uint_eq(cpu->g64[3], 42);
}
END_TEST

START_TEST(optimizer_discard)
{
    TCGv_i64 t;

    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1000, 0);
    t = tcg_temp_new_i64(s);
    tcg_gen_add_i64(s, t, g64[0], g64[1]);
    tcg_gen_mov_i64(s, g64[2], t);
    tcg_gen_mul_i64(s, t, t, t);     /* dead: discarded below */
    tcg_gen_discard_i64(s, t);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    ck_assert_uint_eq(count_opc(TCG_OP_MUL_I64), 0);
    ck_assert_uint_eq(count_opc(TCG_OP_DISCARD), 0);
    cpu->g64[0] = 2;
    cpu->g64[1] = 3;
    ck_assert_uint_eq(run(false), 0);
    ck_assert_uint_eq(cpu->g64[2], 5);
}
END_TEST

START_TEST(emitters_lower_constant_forms)
{
    TCGv_i64 t;
    TCGLabel l;

    tcg_func_start(s);
    t = tcg_temp_new_i64(s);
    tcg_gen_addi_i64(s, t, g64[0], 0);           /* mov */
    tcg_gen_andi_i64(s, t, g64[0], 0);           /* movi 0 */
    tcg_gen_ori_i64(s, t, g64[0], ~0ull);        /* movi -1 */
    tcg_gen_shli_i64(s, t, t, 0);                /* mov onto itself: nothing */
    tcg_gen_muli_i32(s, g32[0], g32[1], 1);      /* mov */
    l = gen_new_label(s);
    tcg_gen_brcondi_i64(s, TCG_COND_ALWAYS, t, 0, l);   /* br */
    tcg_gen_brcondi_i64(s, TCG_COND_NEVER, t, 0, l);    /* nothing */
    tcg_gen_setcond_i64(s, TCG_COND_ALWAYS, t, t, t);   /* movi 1 */
    tcg_gen_set_label(s, l);
    ck_assert_uint_eq(s->nb_ops, 7);
    ck_assert_uint_eq(s->ops[0].opc, TCG_OP_MOV_I64);
    ck_assert_uint_eq(s->ops[1].opc, TCG_OP_MOVI_I64);
    ck_assert_uint_eq(s->ops[2].opc, TCG_OP_MOVI_I64);
    ck_assert_uint_eq(s->ops[2].args[1], ~0ull);
    ck_assert_uint_eq(s->ops[3].opc, TCG_OP_MOV_I32);
    ck_assert_uint_eq(s->ops[4].opc, TCG_OP_BR);
    ck_assert_uint_eq(s->ops[5].opc, TCG_OP_MOVI_I64);
    ck_assert_uint_eq(s->ops[6].opc, TCG_OP_SET_LABEL);
}
END_TEST

/* ---- (c) Temps, constants and overflow ------------------------------------------------ */

START_TEST(temps_recycled_at_insn_start)
{
    TCGv_i64 a, b, tb1, c;
    TCGv_i32 d;

    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1000, 0);
    a = tcg_temp_new_i64(s);
    b = tcg_temp_new_i64(s);
    tb1 = tcg_temp_new_tb_i64(s);
    ck_assert_uint_ne(a.n, b.n);
    ck_assert_uint_ge(a.n, s->nb_globals);
    tcg_gen_insn_start(s, 0x1004, 0);
    c = tcg_temp_new_i64(s);
    d = tcg_temp_new_i32(s);
    /* The first instruction's temps come back; the TB temp does not. */
    ck_assert(c.n == a.n || c.n == b.n);
    ck_assert(d.n == a.n || d.n == b.n);
    ck_assert_uint_ne(c.n, d.n);
    ck_assert_uint_ne(c.n, tb1.n);
    ck_assert_uint_eq(s->temps[d.n].type, TCG_TYPE_I32);
    /* Constants are shared per TB, by type and value. */
    ck_assert_uint_eq(tcg_constant_i64(s, 42).n, tcg_constant_i64(s, 42).n);
    ck_assert_uint_ne(tcg_constant_i64(s, 42).n, tcg_constant_i32(s, 42).n);
    ck_assert_uint_ne(tcg_constant_i64(s, 42).n, tcg_constant_i64(s, 43).n);
    ck_assert_uint_eq(s->nb_insns, 2);
    tcg_func_start(s);
    ck_assert_uint_eq(s->nb_temps, s->nb_globals);
    ck_assert_uint_eq(s->nb_insns, 0);
}
END_TEST

START_TEST(overflow_is_reported)
{
    /* Temps */
    tcg_func_start(s);
    for (unsigned i = 0; i < TCG_MAX_TEMPS + 10; i++)
        tcg_temp_new_tb_i64(s);
    ck_assert(s->overflow);
    tcg_gen_movi_i64(s, g64[0], 1);
    ck_assert_uint_eq(s->nb_ops, 0);       /* nothing emitted after overflow */

    /* Ops */
    tcg_func_start(s);
    ck_assert(!s->overflow);
    for (unsigned i = 0; i < TCG_MAX_OPS + 10; i++)
        tcg_gen_movi_i64(s, g64[0], i);
    ck_assert(s->overflow);
    ck_assert_uint_eq(s->nb_ops, TCG_MAX_OPS);

    /* Labels */
    tcg_func_start(s);
    for (unsigned i = 0; i < TCG_MAX_LABELS + 1; i++)
        gen_new_label(s);
    ck_assert(s->overflow);

    /* Constants fill the temps too, and dedup keeps working up to the end. */
    tcg_func_start(s);
    for (unsigned i = 0; i < TCG_MAX_TEMPS; i++)
        tcg_constant_i64(s, i);
    ck_assert(s->overflow);
    tcg_func_start(s);
    ck_assert(!s->overflow);
    for (unsigned i = 0; i < 100; i++)
        ck_assert_uint_eq(tcg_constant_i64(s, i % 10).n, s->nb_globals + i % 10);
}
END_TEST

/* ---- (d) Chaining, exit requests, goto_ptr ---------------------------------------------- */

static TranslationBlock *tb_a, *tb_b;

static TranslationBlock *lookup_b(void *env)
{
    return tb_b;
}

static uint64_t h_request_exit(void *env)
{
    atomic_store(&((VCPUCommon *)env)->exit_request, 1);
    return 0;
}

START_TEST(chaining_runs_both_tbs)
{
    uintptr_t ret;

    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[0], g64[0], 1);
    tcg_gen_goto_tb(s, 1);
    tb_a = tb_gen();
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[1], g64[1], 10);
    tcg_gen_exit_tb(s, 0);
    tb_b = tb_gen();

    /* Not chained: back to the loop through slot 1. */
    ret = tcg_backend_tci.exec(cpu, tb_a);
    ck_assert_uint_eq(ret, (uintptr_t)tb_a | 1);
    ck_assert_uint_eq(cpu->g64[0], 1);
    ck_assert_uint_eq(cpu->g64[1], 0);

    /* Chained: both run in one call. */
    tb_a->jmp_dest[1] = tb_b;
    ret = tcg_backend_tci.exec(cpu, tb_a);
    ck_assert_uint_eq(ret, 0);
    ck_assert_uint_eq(cpu->g64[0], 2);
    ck_assert_uint_eq(cpu->g64[1], 10);
    ck_assert_ptr_eq(cpu->common.current_tb, tb_b);

    /* An exit request stops at the entry, before any of the TB's code. */
    atomic_store(&cpu->common.exit_request, 1);
    ret = tcg_backend_tci.exec(cpu, tb_a);
    ck_assert_uint_eq(ret, (uintptr_t)tb_a | TB_EXIT_REQUESTED);
    ck_assert_uint_eq(cpu->g64[0], 2);
    atomic_store(&cpu->common.exit_request, 0);
    tb_free(tb_a);
    tb_free(tb_b);
}
END_TEST

START_TEST(chaining_loops_to_itself)
{
    TCGLabel done;
    TranslationBlock *tb;

    tcg_func_start(s);
    done = gen_new_label(s);
    tcg_gen_subi_i64(s, g64[0], g64[0], 1);
    tcg_gen_addi_i64(s, g64[1], g64[1], 3);
    tcg_gen_brcondi_i64(s, TCG_COND_EQ, g64[0], 0, done);
    tcg_gen_goto_tb(s, 0);
    tcg_gen_set_label(s, done);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    tb = tb_gen();
    tb->jmp_dest[0] = tb;
    cpu->g64[0] = 1000;
    ck_assert_uint_eq(tcg_backend_tci.exec(cpu, tb), 0);
    ck_assert_uint_eq(cpu->g64[1], 3000);
    tb_free(tb);
}
END_TEST

START_TEST(goto_ptr_through_hook)
{
    uintptr_t ret;

    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[0], g64[0], 1);
    tcg_gen_goto_ptr(s);
    tb_a = tb_gen();
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[1], g64[1], 10);
    tcg_gen_exit_tb(s, 0);
    tb_b = tb_gen();

    /* No hook, or the hook finds nothing: back to the loop. */
    ret = tcg_backend_tci.exec(cpu, tb_a);
    ck_assert_uint_eq(ret & TB_EXIT_MASK, TB_EXIT_NOCHAIN);
    tci_lookup_tb = lookup_b;
    ret = tcg_backend_tci.exec(cpu, tb_a);
    ck_assert_uint_eq(ret, 0);
    ck_assert_uint_eq(cpu->g64[0], 2);
    ck_assert_uint_eq(cpu->g64[1], 10);

    /* An exit request raised inside A stops B at its entry. */
    tb_free(tb_a);
    tcg_func_start(s);
    tcg_gen_call(s, (TCGHelper)h_request_exit, 0, NULL, 0, NULL);
    tcg_gen_goto_ptr(s);
    tb_a = tb_gen();
    ret = tcg_backend_tci.exec(cpu, tb_a);
    ck_assert_uint_eq(ret, (uintptr_t)tb_b | TB_EXIT_REQUESTED);
    ck_assert_uint_eq(cpu->g64[1], 10);
    tci_lookup_tb = NULL;
    tb_free(tb_a);
    tb_free(tb_b);
}
END_TEST

/* ---- (e) Helper calls --------------------------------------------------------------------- */

static uint64_t seen_args[7];
static unsigned seen_n;
static void *seen_env;

static uint64_t mix(unsigned n)
{
    uint64_t r = n;

    for (unsigned i = 0; i < n; i++)
        r = r * 31 + seen_args[i];
    return r;
}

static uint64_t h0(void *env) { seen_env = env; seen_n = 0; return mix(0); }
static uint64_t h1(void *env, uint64_t a)
{
    seen_env = env, seen_n = 1, seen_args[0] = a;
    return mix(1);
}
static uint64_t h2(void *env, uint64_t a, uint64_t b)
{
    seen_env = env, seen_n = 2, seen_args[0] = a, seen_args[1] = b;
    return mix(2);
}
static uint64_t h3(void *env, uint64_t a, uint64_t b, uint64_t c)
{
    seen_env = env, seen_n = 3, seen_args[0] = a, seen_args[1] = b, seen_args[2] = c;
    return mix(3);
}
static uint64_t h4(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    seen_env = env, seen_n = 4, seen_args[0] = a, seen_args[1] = b, seen_args[2] = c;
    seen_args[3] = d;
    return mix(4);
}
static uint64_t h5(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
    seen_env = env, seen_n = 5, seen_args[0] = a, seen_args[1] = b, seen_args[2] = c;
    seen_args[3] = d, seen_args[4] = e;
    return mix(5);
}
static uint64_t h6(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    seen_env = env, seen_n = 6, seen_args[0] = a, seen_args[1] = b, seen_args[2] = c;
    seen_args[3] = d, seen_args[4] = e, seen_args[5] = f;
    return mix(6);
}

START_TEST(helper_args_0_to_6)
{
    static const TCGHelper fns[7] = {
        (TCGHelper)h0, (TCGHelper)h1, (TCGHelper)h2, (TCGHelper)h3,
        (TCGHelper)h4, (TCGHelper)h5, (TCGHelper)h6,
    };
    uint64_t want[6];

    for (unsigned n = 0; n <= 6; n++) {
        for (int opt = 0; opt < 2; opt++) {
            TCGv_i64 args[6], ret;

            tcg_func_start(s);
            /* Arguments from globals, temps and constants. */
            for (unsigned i = 0; i < n; i++) {
                want[i] = 0x0101010101010101ull * (i + 1) ^ (1ull << (63 - i));
                if (i % 3 == 0) {
                    args[i] = g64[i / 3];
                    cpu->g64[i / 3] = want[i];
                } else if (i % 3 == 1) {
                    args[i] = tcg_temp_new_i64(s);
                    tcg_gen_movi_i64(s, args[i], want[i]);
                } else {
                    args[i] = tcg_constant_i64(s, want[i]);
                }
            }
            ret = g64[5];
            tcg_gen_call(s, fns[n], 0, &ret, n, args);
            tcg_gen_exit_tb(s, 0);
            memset(seen_args, 0, sizeof(seen_args));
            ck_assert_uint_eq(run(opt), 0);
            ck_assert_ptr_eq(seen_env, cpu);
            ck_assert_uint_eq(seen_n, n);
            for (unsigned i = 0; i < n; i++)
                ck_assert_uint_eq(seen_args[i], want[i]);
            ck_assert_uint_eq(cpu->g64[5], mix(n));
        }
    }
}
END_TEST

/* ---- (f) Guest memory ---------------------------------------------------------------------- */

START_TEST(guest_memory_fast_path)
{
    static const MemOp ops[] = { MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ };
    static const uint8_t bytes[8] = { 0xf1, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8 };

    for (unsigned k = 0; k < 7; k++) {
        unsigned size = 1u << (ops[k] & MO_SIZE);
        uint64_t le = 0, want;

        for (unsigned i = size; i-- > 0;)
            le = le << 8 | bytes[i];
        want = le;
        if ((ops[k] & MO_SIGN) && size < 8)
            want = (uint64_t)((int64_t)(le << (64 - 8 * size)) >> (64 - 8 * size));
        memcpy(page + 0x100, bytes, 8);
        tcg_func_start(s);
        tcg_gen_guest_ld_i64(s, g64[0], tcg_constant_i64(s, GUEST_PAGE + 0x100),
                             make_memop_idx(ops[k], TEST_MMU));
        if (size < 8)
            tcg_gen_guest_ld_i32(s, g32[0], g64[1], make_memop_idx(ops[k], TEST_MMU));
        tcg_gen_guest_st_i64(s, g64[2], tcg_constant_i64(s, GUEST_PAGE + 0x200),
                             make_memop_idx(ops[k], TEST_MMU));
        tcg_gen_guest_st_i64(s, tcg_constant_i64(s, 0x0807060504030201ull),
                             tcg_constant_i64(s, GUEST_PAGE + 0x300), make_memop_idx(ops[k], TEST_MMU));
        if (size < 8)
            tcg_gen_guest_st_i32(s, tcg_constant_i32(s, 0x44332211), g64[3],
                                 make_memop_idx(ops[k], TEST_MMU));
        tcg_gen_exit_tb(s, 0);
        memset(page + 0x200, 0xcc, 0x300);
        cpu->g64[1] = GUEST_PAGE + 0x100;
        cpu->g64[2] = 0x8877665544332211ull;
        cpu->g64[3] = GUEST_PAGE + 0x400 + 8 - size;    /* ends at the next 8-byte boundary */
        ck_assert_uint_eq(run(k & 1), 0);
        ck_assert_uint_eq(cpu->g64[0], want);
        if (size < 8)
            ck_assert_uint_eq(cpu->g32[0], (uint32_t)want);
        for (unsigned i = 0; i < 16; i++) {
            /* Little-endian bytes of the value, then untouched memory. */
            ck_assert_uint_eq(page[0x200 + i], i < size ? (uint8_t)(0x11 * (i + 1)) : 0xcc);
            ck_assert_uint_eq(page[0x300 + i], i < size ? (uint8_t)(i + 1) : 0xcc);
        }
        if (size < 8) {
            for (unsigned i = 0; i < size; i++)
                ck_assert_uint_eq(page[0x400 + 8 - size + i], (uint8_t)(0x11 * (i + 1)));
            ck_assert_uint_eq(page[0x400 + 8], 0xcc);
        }
    }
    ck_assert_uint_eq(slow_calls, 0);
}
END_TEST

START_TEST(guest_memory_slow_path)
{
    slow_ok = true;
    slow_calls = 0;
    tcg_func_start(s);
    /* A miss, a page-crossing access, a misaligned MO_ALIGN one, the wrong MMU index. */
    tcg_gen_guest_ld_i64(s, g64[0], tcg_constant_i64(s, UNMAPPED), make_memop_idx(MO_UQ, TEST_MMU));
    tcg_gen_guest_ld_i32(s, g32[0], tcg_constant_i64(s, GUEST_PAGE + 4095),
                         make_memop_idx(MO_UW, TEST_MMU));
    tcg_gen_guest_st_i64(s, g64[1], tcg_constant_i64(s, GUEST_PAGE + 2),
                         make_memop_idx(MO_UL | MO_ALIGN, TEST_MMU));
    tcg_gen_guest_ld_i64(s, g64[2], tcg_constant_i64(s, GUEST_PAGE), make_memop_idx(MO_UQ, 0));
    tcg_gen_exit_tb(s, 0);
    cpu->g64[1] = 0xabcd;
    ck_assert_uint_eq(run(true), 0);
    ck_assert_uint_eq(slow_calls, 4);
    ck_assert_uint_eq(cpu->g64[0], 0x5a5a5a5a5a5a5a5aull);
    ck_assert_uint_eq(cpu->g32[0], 0x5a5a5a5a);
    ck_assert_uint_eq(slow_val, 0xabcd);
    ck_assert_uint_eq(cpu->g64[2], 0x5a5a5a5a5a5a5a5aull);
    ck_assert_uint_eq(slow_addr, GUEST_PAGE);
    ck_assert_uint_eq(get_mmuidx(slow_oi), 0);
    slow_ok = false;
}
END_TEST

/* ---- (g) Where a fault happened ----------------------------------------------------------- */

static int helper_saw_insn;

static uint64_t h_fault_probe(void *env)
{
    VCPUCommon *c = env;

    helper_saw_insn = tcg_backend_tci.fault_insn(env, c->current_tb);
    return 0;
}

static uint64_t h_raise(void *env)
{
    VCPUCommon *c = env;

    siglongjmp(c->jmp_env, 1);
}

/* Run tb as the execution loop would; true if a guest exception unwound it. */
static bool exec_until_raise(TranslationBlock *tb)
{
    if (sigsetjmp(cpu->common.jmp_env, 0))
        return true;
    tcg_backend_tci.exec(cpu, tb);
    return false;
}

START_TEST(fault_insn_maps_ip)
{
    for (int opt = 0; opt < 2; opt++) {
        TranslationBlock *tb;

        tcg_func_start(s);
        tcg_gen_insn_start(s, 0x1000, 11);
        tcg_gen_movi_i64(s, g64[0], 1);
        tcg_gen_insn_start(s, 0x1003, 22);
        tcg_gen_addi_i64(s, g64[1], g64[1], 2);
        tcg_gen_call(s, (TCGHelper)h_fault_probe, 0, NULL, 0, NULL);
        tcg_gen_insn_start(s, 0x1007, 33);          /* an instruction with no code */
        tcg_gen_insn_start(s, 0x1008, 44);
        tcg_gen_guest_ld_i64(s, g64[2], tcg_constant_i64(s, UNMAPPED), make_memop_idx(MO_UQ, TEST_MMU));
        tcg_gen_insn_start(s, 0x100c, 55);
        tcg_gen_call(s, (TCGHelper)h_raise, TCG_CALL_NO_RETURN, NULL, 0, NULL);
        tcg_gen_movi_i64(s, g64[3], 1);             /* never reached */
        tcg_gen_exit_tb(s, 0);
        if (opt)
            tcg_optimize(s);
        tb = tb_gen();
        ck_assert_uint_eq(tb->icount, 5);
        ck_assert_uint_eq(tb->insn_pc[0], 0x1000);
        ck_assert_uint_eq(tb->insn_pc[3], 0x1008);
        ck_assert_uint_eq(tb->insn_pc[4], 0x100c);
        slow_ok = true;
        helper_saw_insn = slow_fault_insn = -2;
        cpu->g64[3] = 0;
        ck_assert_msg(exec_until_raise(tb), "h_raise did not unwind");
        slow_ok = false;
        ck_assert_int_eq(helper_saw_insn, 1);
        ck_assert_int_eq(slow_fault_insn, 3);
        ck_assert_int_eq(tcg_backend_tci.fault_insn(cpu, cpu->common.current_tb), 4);
        ck_assert_uint_eq(cpu->g64[3], 0);
        tb_free(tb);
    }
}
END_TEST

/* ---- Dumps --------------------------------------------------------------------------------- */

START_TEST(dumps_are_readable)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    TCGv_i64 t;
    TCGLabel l;
    TranslationBlock *tb;

    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x401000, 0);
    t = tcg_temp_new_i64(s);
    l = gen_new_label(s);
    tcg_gen_add_i64(s, t, g64[0], g64[1]);
    tcg_gen_brcondi_i64(s, TCG_COND_LTU, t, 16, l);
    tcg_gen_st_i64(s, t, tcg_env(), 8, MO_UQ);
    tcg_gen_set_label(s, l);
    tcg_gen_guest_ld_i32(s, g32[0], t, make_memop_idx(MO_SW | MO_ALIGN | MO_RMW, 2));
    tcg_gen_exit_tb(s, 0);
    tcg_dump_ops(s, f);
    tb = tb_gen();
    tcg_backend_tci.dump(tb, f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "---- insn 0x401000"));
    ck_assert_msg(strstr(buf, " add_i64 tmp"), "%s", buf);
    ck_assert_ptr_nonnull(strstr(buf, ", g0, g1"));
    ck_assert_ptr_nonnull(strstr(buf, "$0x10, ltu, L0"));
    ck_assert_ptr_nonnull(strstr(buf, "L0:"));
    ck_assert_ptr_nonnull(strstr(buf, "guest_ld_i32 w0, tmp"));
    ck_assert_ptr_nonnull(strstr(buf, "sw+al+rmw mmu 2"));
    /* The bytecode listing decodes every word it was given. */
    ck_assert_ptr_nonnull(strstr(buf, "brcond_i64.i"));
    ck_assert_ptr_null(strstr(buf, "bad word"));
    tb_free(tb);
    free(buf);
}
END_TEST

static Suite *tcg_suite(void)
{
    Suite *su = suite_create("tcg");
    TCase *sem = tcase_create("semantics");
    TCase *opt = tcase_create("optimizer");
    TCase *ir = tcase_create("ir");
    TCase *exec = tcase_create("exec");

    tcase_add_checked_fixture(sem, setup, teardown);
    tcase_set_timeout(sem, 120);
    tcase_add_test(sem, every_op_is_covered);
    tcase_add_test(sem, semantic_vectors);
    tcase_add_test(sem, shift_counts);
    tcase_add_test(sem, bit_field_positions);
    tcase_add_test(sem, env_ld_st_and_mb);
    suite_add_tcase(su, sem);

    tcase_add_checked_fixture(opt, setup, teardown);
    tcase_set_timeout(opt, 120);
    tcase_add_test(opt, optimizer_folds_and_propagates);
    tcase_add_test(opt, optimizer_respects_env_stores_and_raises);
    tcase_add_test(opt, optimizer_branch_folding);
    tcase_add_test(opt, optimizer_discard);
    tcase_add_test(opt, optimizer_differential);
    suite_add_tcase(su, opt);

    tcase_add_checked_fixture(ir, setup, teardown);
    tcase_add_test(ir, emitters_lower_constant_forms);
    tcase_add_test(ir, temps_recycled_at_insn_start);
    tcase_add_test(ir, overflow_is_reported);
    tcase_add_test(ir, dumps_are_readable);
    suite_add_tcase(su, ir);

    tcase_add_checked_fixture(exec, setup, teardown);
    tcase_add_test(exec, chaining_runs_both_tbs);
    tcase_add_test(exec, chaining_loops_to_itself);
    tcase_add_test(exec, goto_ptr_through_hook);
    tcase_add_test(exec, helper_args_0_to_6);
    tcase_add_test(exec, guest_memory_fast_path);
    tcase_add_test(exec, guest_memory_slow_path);
    tcase_add_test(exec, fault_insn_maps_ip);
    suite_add_tcase(su, exec);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(tcg_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
