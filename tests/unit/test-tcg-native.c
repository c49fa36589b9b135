/*
 * Unit tests of the native x86-64 backend (tcg/x86_64/), each against the
 * interpreter (tcg/tci.c) on the same op list, or against hand-computed
 * answers, on a fake CPU whose state begins with VCPUCommon:
 *   - the semantic vectors of test-tcg.c (tcg-vectors.inc) on native code;
 *   - every computing op on edge and random inputs, inputs in globals, as
 *     constants, in temps, with and without the optimizer, with the host's
 *     LZCNT/TZCNT/POPCNT and with the fallbacks;
 *   - random programs with branches, temps and helper calls;
 *   - 40 live temps (register pressure: spills and reloads);
 *   - chaining, goto_ptr, exit_request in a chained loop;
 *   - a helper that faults: fault_insn names the instruction, globals are in env;
 *   - guest loads and stores through a fake TLB: hit, miss, MMIO, page
 *     cross, MO_ALIGN, dirty globals written back before the slow path;
 *   - the code buffer running full (-ENOSPC) and starting afresh.
 * The soft MMU's slow path is stubbed as in test-tcg.c.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tcg/cpu-common.h"
#include "tcg/softmmu.h"
#include "tcg/tb.h"
#include "tcg/tcg-internal.h"
#include "tcg/tcg.h"
#include "tests/unit/check-run.h"

#include "config.h"

typedef struct TestCPU {
    VCPUCommon common;      /* first, as in every CPU state */
    uint64_t g64[6];
    uint32_t g32[6];
    uint64_t field[4];      /* env memory that only ld/st reach */
    uint64_t helper_count;
} TestCPU;

#define GUEST_PAGE 0x7fff0000ull
#define TEST_MMU   1
#define UNMAPPED   0x12345000ull

static const TCGBackend *native;
static TCGContext *s;
static TestCPU *cpu, *ref;
static uint8_t *page, *ref_page;
static TCGv_i64 g64[6];
static TCGv_i32 g32[6];

static bool slow_ok;
static unsigned slow_calls;
static uint64_t slow_addr, slow_val, slow_g0;
static MemOpIdx slow_oi;
static int slow_fault_insn;
static const TCGBackend *slow_be;   /* whose fault_insn the stubs ask */

static void map_guest_page(TestCPU *c, uint8_t *p)
{
    CPUTLBEntry *e = &c->common.tlb[TEST_MMU][tlb_index(GUEST_PAGE)];

    memset(c->common.tlb, 0xff, sizeof(c->common.tlb));
    e->addr_read = e->addr_write = e->addr_code = GUEST_PAGE;
    e->addend = (uintptr_t)p - (uintptr_t)GUEST_PAGE;
}

static void setup(void)
{
    static const char *const n64[6] = { "g0", "g1", "g2", "g3", "g4", "g5" };
    static const char *const n32[6] = { "w0", "w1", "w2", "w3", "w4", "w5" };

    native = tcg_native_backend();
    s = malloc(sizeof(*s));
    cpu = calloc(1, sizeof(*cpu));
    ref = calloc(1, sizeof(*ref));
    page = aligned_alloc(4096, 4096);
    ref_page = aligned_alloc(4096, 4096);
    ck_assert(s && cpu && ref && page && ref_page);
    memset(page, 0, 4096);
    memset(ref_page, 0, 4096);
    tcg_context_init(s);
    for (unsigned i = 0; i < 6; i++)
        g64[i] = tcg_global_mem_new_i64(s, (int32_t)offsetof(TestCPU, g64[i]), n64[i]);
    for (unsigned i = 0; i < 6; i++)
        g32[i] = tcg_global_mem_new_i32(s, (int32_t)offsetof(TestCPU, g32[i]), n32[i]);
    map_guest_page(cpu, page);
    map_guest_page(ref, ref_page);
    tci_lookup_tb = NULL;
    slow_ok = false;
    slow_calls = 0;
    slow_be = native;
    tcg_native_test_features(true);
}

static void teardown(void)
{
    free(s);
    free(cpu);
    free(ref);
    free(page);
    free(ref_page);
}

/* ---- Slow-path stubs ---------------------------------------------------------------- */

uint64_t softmmu_load_slow(VCPUCommon *c, uint64_t addr, MemOpIdx oi)
{
    ck_assert_msg(slow_ok, "unexpected slow-path load at 0x%" PRIx64, addr);
    slow_calls++;
    slow_addr = addr;
    slow_oi = oi;
    slow_g0 = ((TestCPU *)c)->g64[0];
    slow_fault_insn = slow_be->fault_insn(c, c->current_tb);
    return 0x5a5a5a5a5a5a5a5aull;
}

void softmmu_store_slow(VCPUCommon *c, uint64_t addr, uint64_t val, MemOpIdx oi)
{
    ck_assert_msg(slow_ok, "unexpected slow-path store at 0x%" PRIx64, addr);
    slow_calls++;
    slow_addr = addr;
    slow_val = val;
    slow_oi = oi;
    slow_g0 = ((TestCPU *)c)->g64[0];
    slow_fault_insn = slow_be->fault_insn(c, c->current_tb);
}

/* ---- Running --------------------------------------------------------------------------- */

static TranslationBlock *gen_on(const TCGBackend *be)
{
    TranslationBlock *tb = calloc(1, sizeof(*tb));

    ck_assert_ptr_nonnull(tb);
    ck_assert_int_eq(be->gen_code(s, tb), 0);
    return tb;
}

static void tb_release(const TCGBackend *be, TranslationBlock *tb)
{
    be->free_code(tb);
    free(tb->insn_pc);
    free(tb);
}

static uintptr_t run_on(const TCGBackend *be, TestCPU *c)
{
    TranslationBlock *tb = gen_on(be);
    uintptr_t ret = be->exec(c, tb);

    tb_release(be, tb);
    return ret;
}

static void load_globals(TestCPU *c, const uint64_t *v64, const uint32_t *v32)
{
    memcpy(c->g64, v64, sizeof(c->g64));
    memcpy(c->g32, v32, sizeof(c->g32));
}

/* Run the op list in s on the interpreter (ref) and natively (cpu) from the
 * same globals and guest page; everything they can change must agree. */
static void run_both(const char *what)
{
    uintptr_t r_ref, r_nat;

    ref->helper_count = cpu->helper_count;
    memcpy(ref->field, cpu->field, sizeof(cpu->field));
    memcpy(ref_page, page, 4096);
    slow_be = &tcg_backend_tci;
    r_ref = run_on(&tcg_backend_tci, ref);
    slow_be = native;
    r_nat = run_on(native, cpu);
    ck_assert_msg(r_ref == r_nat, "%s: exit 0x%lx, interpreter 0x%lx", what,
                  (unsigned long)r_nat, (unsigned long)r_ref);
    for (unsigned i = 0; i < 6; i++) {
        ck_assert_msg(cpu->g64[i] == ref->g64[i], "%s: g%u = 0x%" PRIx64 ", interpreter 0x%" PRIx64,
                      what, i, cpu->g64[i], ref->g64[i]);
        ck_assert_msg(cpu->g32[i] == ref->g32[i], "%s: w%u = 0x%x, interpreter 0x%x",
                      what, i, cpu->g32[i], ref->g32[i]);
    }
    ck_assert_msg(!memcmp(cpu->field, ref->field, sizeof(cpu->field)), "%s: env fields differ", what);
    ck_assert_msg(cpu->helper_count == ref->helper_count, "%s: helper count differs", what);
    ck_assert_msg(!memcmp(page, ref_page, 4096), "%s: guest memory differs", what);
}

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint64_t rnd(void)
{
    /* xorshift64*: reproducible inputs, no libc state. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

#define SKIP_IF_NO_NATIVE() do { if (!native) return; } while (0)

/* ---- The semantic vectors of test-tcg.c -------------------------------------------- */

typedef struct OpVec {
    TCGOpcode opc;
    TCGArg c[2];
    uint64_t in[4];
    uint64_t out[2];
} OpVec;

static const OpVec op_vectors[] = {
#include "tests/unit/tcg-vectors.inc"
};

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

enum { IN_GLOBALS, IN_CONSTS, IN_MIXED, IN_TEMPS, NB_MODES };

/* One op of opc with inputs in[] and constant args c[], outputs to globals 4 and 5. */
static void emit_one(TCGOpcode opc, const TCGArg *c, const uint64_t *in, int mode)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    bool i64 = type_is64(opc, false), o64 = type_is64(opc, true);
    TCGArg a[TCG_MAX_OPARGS], outs[2] = { 0, 0 };
    unsigned n = 0;

    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1000, 0);
    for (unsigned k = 0; k < def->nb_oargs; k++) {
        if (mode == IN_TEMPS)
            outs[k] = o64 ? tcg_temp_new_i64(s).n : tcg_temp_new_i32(s).n;
        else
            outs[k] = o64 ? g64[4 + k].n : g32[4 + k].n;
        a[n++] = outs[k];
    }
    for (unsigned k = 0; k < def->nb_iargs; k++) {
        if (mode == IN_CONSTS || (mode == IN_MIXED && k > 0)) {
            a[n++] = i64 ? tcg_constant_i64(s, in[k]).n : tcg_constant_i32(s, (uint32_t)in[k]).n;
        } else if (mode == IN_TEMPS) {
            if (i64) {
                TCGv_i64 t = tcg_temp_new_i64(s);

                tcg_gen_mov_i64(s, t, g64[k]);
                a[n++] = t.n;
            } else {
                TCGv_i32 t = tcg_temp_new_i32(s);

                tcg_gen_mov_i32(s, t, g32[k]);
                a[n++] = t.n;
            }
        } else {
            a[n++] = i64 ? g64[k].n : g32[k].n;
        }
    }
    if (opc == TCG_OP_BRCOND_I32 || opc == TCG_OP_BRCOND_I64) {
        TCGLabel l = gen_new_label(s);

        tcg_gen_movi_i64(s, g64[4], 1);
        a[n++] = c[0];
        a[n++] = l.n;
        tcg_emit_op(s, opc, a);
        tcg_gen_movi_i64(s, g64[4], 0);
        tcg_gen_set_label(s, l);
    } else {
        for (unsigned k = 0; k < def->nb_cargs; k++)
            a[n++] = c[k];
        tcg_emit_op(s, opc, a);
    }
    for (unsigned k = 0; mode == IN_TEMPS && k < def->nb_oargs; k++) {
        if (o64)
            tcg_gen_mov_i64(s, g64[4 + k], (TCGv_i64){ (uint16_t)outs[k] });
        else
            tcg_gen_mov_i32(s, g32[4 + k], (TCGv_i32){ (uint16_t)outs[k] });
    }
    tcg_gen_exit_tb(s, 0);
}

static void set_inputs(TestCPU *c, TCGOpcode opc, const uint64_t *in)
{
    bool i64 = type_is64(opc, false);

    memset(c->g64, 0xee, sizeof(c->g64));
    memset(c->g32, 0xee, sizeof(c->g32));
    for (unsigned k = 0; k < 4; k++) {
        if (i64)
            c->g64[k] = in[k];
        else
            c->g32[k] = (uint32_t)in[k];
    }
}

START_TEST(semantic_vectors_native)
{
    SKIP_IF_NO_NATIVE();
    for (int feat = 0; feat < 2; feat++) {
        tcg_native_test_features(feat == 0);
        for (unsigned i = 0; i < sizeof(op_vectors) / sizeof(op_vectors[0]); i++) {
            const OpVec *v = &op_vectors[i];
            const TCGOpDef *def = &tcg_op_defs[v->opc];
            bool o64 = type_is64(v->opc, true) || v->opc == TCG_OP_BRCOND_I32;

            for (int mode = 0; mode < NB_MODES; mode++) {
                for (int opt = 0; opt < 2; opt++) {
                    emit_one(v->opc, v->c, v->in, mode);
                    if (opt)
                        tcg_optimize(s);
                    set_inputs(cpu, v->opc, v->in);
                    ck_assert_uint_eq(run_on(native, cpu), 0);
                    for (unsigned k = 0; k < (def->nb_oargs ? def->nb_oargs : 1u); k++) {
                        uint64_t got = o64 ? cpu->g64[4 + k] : cpu->g32[4 + k];

                        ck_assert_msg(got == v->out[k],
                                      "vector %u: %s(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
                                      ", 0x%" PRIx64 ") mode %d%s%s: out %u = 0x%" PRIx64
                                      ", expected 0x%" PRIx64, i, def->name, v->in[0], v->in[1],
                                      v->in[2], v->in[3], mode, opt ? " opt" : "",
                                      feat ? " no-lzcnt/popcnt" : "", k, got, v->out[k]);
                    }
                }
            }
        }
    }
}
END_TEST

/* ---- Every computing op, edge and random inputs, against the interpreter -------------- */

static bool is_computing(TCGOpcode opc)
{
    const TCGOpDef *d = &tcg_op_defs[opc];

    if (opc == TCG_OP_BRCOND_I32 || opc == TCG_OP_BRCOND_I64)
        return true;
    if (d->flags & (TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_RAISE |
                    TCG_OPF_ENV_READ | TCG_OPF_ENV_WRITE))
        return false;
    return opc != TCG_OP_DISCARD && opc != TCG_OP_MOVI_I32 && opc != TCG_OP_MOVI_I64;
}

static uint64_t pick_value(unsigned width)
{
    static const uint64_t edges[] = {
        0, 1, 2, 0xff, 0x80, 0x7f, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
        0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, 0x123456789abcdef0ull,
    };
    uint64_t v = rnd() % 3 ? edges[rnd() % (sizeof(edges) / sizeof(edges[0]))] : rnd();

    if (rnd() % 4 == 0)
        v = (uint64_t)-(int64_t)v;
    return width == 32 ? (uint32_t)v : v;
}

/* Inputs and constant args that keep opc within the IR's rules. */
static void pick_args(TCGOpcode opc, uint64_t *in, TCGArg *c)
{
    static const TCGCond conds[] = {
        TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE, TCG_COND_GT,
        TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
    };
    unsigned w = type_is64(opc, false) ? 64 : 32;
    uint64_t min = w == 64 ? 0x8000000000000000ull : 0x80000000u;
    uint64_t m1 = w == 64 ? ~0ull : 0xffffffffu;

    for (unsigned k = 0; k < 4; k++)
        in[k] = pick_value(w);
    if (rnd() % 4 == 0)
        in[1] = in[0];        /* equal operands: compare edges */
    c[0] = conds[rnd() % 10];
    c[1] = 0;
    switch (opc) {
    case TCG_OP_SHL_I32: case TCG_OP_SHR_I32: case TCG_OP_SAR_I32:
    case TCG_OP_ROTL_I32: case TCG_OP_ROTR_I32:
    case TCG_OP_SHL_I64: case TCG_OP_SHR_I64: case TCG_OP_SAR_I64:
    case TCG_OP_ROTL_I64: case TCG_OP_ROTR_I64: {
        static const unsigned counts[] = { 0, 1, 31, 63 };

        in[1] = rnd() % 2 ? counts[rnd() % 4] % w : rnd() % w;
        break;
    }
    case TCG_OP_DIVS_I32: case TCG_OP_DIVS_I64: case TCG_OP_REMS_I32: case TCG_OP_REMS_I64:
        if (in[0] == min && in[1] == m1)
            in[1] = 1;
        /* fall through */
    case TCG_OP_DIVU_I32: case TCG_OP_DIVU_I64: case TCG_OP_REMU_I32: case TCG_OP_REMU_I64:
        if (in[1] == 0)
            in[1] = 3;
        break;
    case TCG_OP_DEPOSIT_I32: case TCG_OP_DEPOSIT_I64:
    case TCG_OP_EXTRACT_I32: case TCG_OP_EXTRACT_I64:
    case TCG_OP_SEXTRACT_I32: case TCG_OP_SEXTRACT_I64:
        c[0] = rnd() % w;
        c[1] = 1 + rnd() % (w - c[0]);
        if (rnd() % 4 == 0) {
            static const unsigned fields[][2] = { { 0, 8 }, { 0, 16 }, { 0, 32 }, { 8, 8 }, { 32, 32 } };
            unsigned f = (unsigned)(rnd() % 5);

            if (fields[f][0] + fields[f][1] <= w) {
                c[0] = fields[f][0];
                c[1] = fields[f][1];
            }
        }
        break;
    default:
        break;
    }
}

START_TEST(every_op_matches_interpreter)
{
    char what[128];

    SKIP_IF_NO_NATIVE();
    for (int feat = 0; feat < 2; feat++) {
        tcg_native_test_features(feat == 0);
        for (unsigned opc = 0; opc < TCG_OP_COUNT; opc++) {
            if (!is_computing((TCGOpcode)opc))
                continue;
            for (unsigned iter = 0; iter < 60; iter++) {
                uint64_t in[4];
                TCGArg c[2];
                int mode = (int)(iter % NB_MODES);
                bool opt = iter / NB_MODES % 2;

                pick_args((TCGOpcode)opc, in, c);
                emit_one((TCGOpcode)opc, c, in, mode);
                if (opt)
                    tcg_optimize(s);
                set_inputs(cpu, (TCGOpcode)opc, in);
                load_globals(ref, cpu->g64, cpu->g32);
                snprintf(what, sizeof(what), "%s(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
                         ", 0x%" PRIx64 " c %u %u) mode %d%s%s", tcg_op_defs[opc].name, in[0],
                         in[1], in[2], in[3], (unsigned)c[0], (unsigned)c[1], mode,
                         opt ? " opt" : "", feat ? " fallbacks" : "");
                run_both(what);
            }
        }
    }
}
END_TEST

/* ---- Random programs ------------------------------------------------------------------------ */

static uint64_t helper_mix(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                           uint64_t e, uint64_t f)
{
    TestCPU *t = env;

    t->helper_count++;
    return a * 3 + (b ^ c) - (d << 1) + (e | 7) + f * 5 + t->g64[0];
}

static uint64_t helper_writes_g1(void *env, uint64_t a)
{
    TestCPU *t = env;

    t->g64[1] = a + 0x1111;
    t->helper_count++;
    return a ^ 0x5555;
}

static const TCGOpcode prog_ops64[] = {
    TCG_OP_ADD_I64, TCG_OP_SUB_I64, TCG_OP_MUL_I64, TCG_OP_AND_I64, TCG_OP_OR_I64,
    TCG_OP_XOR_I64, TCG_OP_ANDC_I64, TCG_OP_SHL_I64, TCG_OP_SHR_I64, TCG_OP_SAR_I64,
    TCG_OP_ROTL_I64, TCG_OP_NEG_I64, TCG_OP_NOT_I64, TCG_OP_EXT8S_I64, TCG_OP_EXT32U_I64,
    TCG_OP_SETCOND_I64, TCG_OP_MOVCOND_I64, TCG_OP_MOV_I64, TCG_OP_DEPOSIT_I64,
    TCG_OP_EXTRACT_I64, TCG_OP_BSWAP64_I64, TCG_OP_CLZ_I64, TCG_OP_MULU2_I64,
};

/* An operand: a global, one of the TB temps, or a small constant. */
static TCGArg prog_src(const TCGv_i64 *t, unsigned nt)
{
    unsigned k = (unsigned)(rnd() % 10);

    if (k < 4)
        return g64[rnd() % 6].n;
    if (k < 9)
        return t[rnd() % nt].n;
    return tcg_constant_i64(s, rnd() % 2 ? rnd() % 64 : rnd()).n;
}

static TCGArg prog_dst(const TCGv_i64 *t, unsigned nt)
{
    return rnd() % 3 == 0 ? g64[rnd() % 6].n : t[rnd() % nt].n;
}

static void emit_random_program(unsigned nops)
{
    TCGv_i64 t[8];
    TCGLabel pending[4];
    unsigned npending = 0, ninsn = 0;

    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1000, 0);
    for (unsigned i = 0; i < 8; i++) {
        t[i] = tcg_temp_new_tb_i64(s);
        tcg_gen_movi_i64(s, t[i], rnd());
    }
    for (unsigned i = 0; i < nops; i++) {
        unsigned kind = (unsigned)(rnd() % 24);
        TCGArg a[TCG_MAX_OPARGS];

        if (kind == 0) {
            tcg_gen_insn_start(s, 0x1000 + ++ninsn, 0);
            continue;
        }
        if (kind == 1 && npending < 4) {
            TCGLabel l = gen_new_label(s);

            a[0] = prog_src(t, 8);
            a[1] = prog_src(t, 8);
            if (s->temps[a[0]].kind == TEMP_CONST)
                a[0] = g64[2].n;
            a[2] = TCG_COND_LTU + (rnd() % 2) * (TCG_COND_NE - TCG_COND_LTU);
            a[3] = l.n;
            tcg_emit_op(s, TCG_OP_BRCOND_I64, a);
            pending[npending++] = l;
            continue;
        }
        if (kind == 2 && npending) {
            tcg_gen_set_label(s, pending[--npending]);
            continue;
        }
        if (kind == 3) {
            TCGv_i64 args[6], r = { (uint16_t)prog_dst(t, 8) };

            for (unsigned k = 0; k < 6; k++)
                args[k] = (TCGv_i64){ (uint16_t)prog_src(t, 8) };
            tcg_gen_call(s, (TCGHelper)helper_mix, 0, &r, 6, args);
            continue;
        }
        if (kind == 4) {
            TCGv_i64 arg = { (uint16_t)prog_src(t, 8) }, r = { (uint16_t)prog_dst(t, 8) };

            tcg_gen_call(s, (TCGHelper)helper_writes_g1, 0, &r, 1, &arg);
            continue;
        }
        if (kind == 5) {
            /* Through env memory the globals also live in. */
            TCGv_i64 v = { (uint16_t)prog_src(t, 8) };

            if (s->temps[v.n].kind == TEMP_CONST)
                v = g64[3];
            a[0] = v.n;
            a[1] = 0;
            a[2] = rnd() % 2 ? offsetof(TestCPU, g64[rnd() % 6]) : offsetof(TestCPU, field[rnd() % 4]);
            a[3] = MO_64;
            tcg_emit_op(s, TCG_OP_ST_I64, a);
            a[0] = prog_dst(t, 8);
            a[1] = 0;
            a[2] = offsetof(TestCPU, g64[rnd() % 6]);
            a[3] = rnd() % 2 ? MO_SL : MO_64;
            tcg_emit_op(s, TCG_OP_LD_I64, a);
            continue;
        }
        {
            TCGOpcode opc = prog_ops64[rnd() % (sizeof(prog_ops64) / sizeof(prog_ops64[0]))];
            const TCGOpDef *def = &tcg_op_defs[opc];
            unsigned n = 0;

            for (unsigned k = 0; k < def->nb_oargs; k++) {
                a[n] = prog_dst(t, 8);
                if (k == 1 && a[n] == a[0])
                    a[n] = a[0] == t[0].n ? t[1].n : t[0].n;
                n++;
            }
            for (unsigned k = 0; k < def->nb_iargs; k++)
                a[n++] = prog_src(t, 8);
            if (opc == TCG_OP_SHL_I64 || opc == TCG_OP_SHR_I64 || opc == TCG_OP_SAR_I64 ||
                opc == TCG_OP_ROTL_I64)
                a[def->nb_oargs + 1] = tcg_constant_i64(s, rnd() % 64).n;
            if (opc == TCG_OP_SETCOND_I64 || opc == TCG_OP_MOVCOND_I64) {
                a[n++] = TCG_COND_LT + rnd() % 4;
            } else if (opc == TCG_OP_DEPOSIT_I64 || opc == TCG_OP_EXTRACT_I64) {
                unsigned pos = (unsigned)(rnd() % 64);

                a[n++] = pos;
                a[n++] = 1 + rnd() % (64 - pos);
            }
            tcg_emit_op(s, opc, a);
        }
    }
    while (npending)
        tcg_gen_set_label(s, pending[--npending]);
    /* Temps feed the globals at the end, so every value is checked. */
    for (unsigned i = 0; i < 6; i++)
        tcg_gen_xor_i64(s, g64[i], g64[i], t[i]);
    tcg_gen_exit_tb(s, 0);
}

START_TEST(random_programs_match_interpreter)
{
    char what[64];

    SKIP_IF_NO_NATIVE();
    for (unsigned seed = 1; seed <= 400; seed++) {
        uint64_t v64[6];
        uint32_t v32[6];

        rng_state = seed * 0x9e3779b97f4a7c15ull;
        for (unsigned i = 0; i < 6; i++) {
            v64[i] = rnd();
            v32[i] = (uint32_t)rnd();
        }
        emit_random_program(20 + seed % 80);
        if (seed % 2)
            tcg_optimize(s);
        load_globals(cpu, v64, v32);
        load_globals(ref, v64, v32);
        snprintf(what, sizeof(what), "random program %u%s", seed, seed % 2 ? " opt" : "");
        run_both(what);
    }
}
END_TEST

/* 40 temps live at once: far more than the 10 registers, so values spill to
 * the frame and come back, across a helper call and a guest load. */
START_TEST(register_pressure_40_temps)
{
    TCGv_i64 t[40];
    TCGv_i64 arg;
    MemOpIdx oi = make_memop_idx(MO_64, TEST_MMU);

    SKIP_IF_NO_NATIVE();
    for (int opt = 0; opt < 2; opt++) {
        tcg_func_start(s);
        tcg_gen_insn_start(s, 0x1000, 0);
        for (unsigned i = 0; i < 40; i++) {
            t[i] = tcg_temp_new_tb_i64(s);
            tcg_gen_addi_i64(s, t[i], g64[i % 4], i * 0x1010101ull + 1);
            if (i % 5 == 4)
                tcg_gen_mul_i64(s, t[i], t[i], t[i - 1]);
        }
        arg = t[7];
        tcg_gen_call(s, (TCGHelper)helper_writes_g1, 0, &t[8], 1, &arg);
        tcg_gen_guest_ld_i64(s, t[9], tcg_constant_i64(s, GUEST_PAGE + 64), oi);
        for (unsigned i = 0; i < 40; i++) {
            tcg_gen_rotli_i64(s, g64[4], g64[4], 7);
            tcg_gen_xor_i64(s, g64[4], g64[4], t[(i * 7) % 40]);
            tcg_gen_add_i64(s, g64[5], g64[5], t[39 - i]);
        }
        tcg_gen_exit_tb(s, 0);
        if (opt)
            tcg_optimize(s);
        for (unsigned i = 0; i < 4096; i++)
            page[i] = (uint8_t)(i * 13);
        for (unsigned i = 0; i < 6; i++)
            cpu->g64[i] = ref->g64[i] = 0x0123456789abcdefull * (i + 1);
        run_both(opt ? "40 temps opt" : "40 temps");
    }
}
END_TEST

/* ---- Control flow between TBs ---------------------------------------------------------- */

static TranslationBlock *tb_a, *tb_b;

static TranslationBlock *lookup_b(void *env)
{
    (void)env;
    return tb_b;
}

static TranslationBlock *lookup_none(void *env)
{
    (void)env;
    return NULL;
}

/* What a helper that may fault sees as the running TB (cpu_loop_exit_restore's guide). */
static const TranslationBlock *seen_tb;

static uint64_t helper_see_tb(void *env)
{
    seen_tb = ((VCPUCommon *)env)->current_tb;
    return 0;
}

START_TEST(chaining_and_unchaining)
{
    SKIP_IF_NO_NATIVE();
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[0], g64[0], 1);
    tcg_gen_goto_tb(s, 0);
    tb_a = gen_on(native);
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[1], g64[1], 10);
    {
        TCGv_i64 r = tcg_temp_new_i64(s);

        tcg_gen_call(s, (TCGHelper)helper_see_tb, 0, &r, 0, NULL);
    }
    tcg_gen_exit_tb(s, 0x40);
    tb_b = gen_on(native);

    ck_assert_uint_eq(native->exec(cpu, tb_a), (uintptr_t)tb_a | 0);
    ck_assert_uint_eq(cpu->g64[0], 1);
    ck_assert_uint_eq(cpu->g64[1], 0);

    /* Chained: a call in tb_b sees tb_b as the running TB, not tb_a. */
    native->set_jump(tb_a, 0, tb_b);
    cpu->common.current_tb = tb_a;
    seen_tb = NULL;
    ck_assert_uint_eq(native->exec(cpu, tb_a), 0x40);
    ck_assert_uint_eq(cpu->g64[0], 2);
    ck_assert_uint_eq(cpu->g64[1], 10);
    ck_assert_ptr_eq(seen_tb, tb_b);

    native->set_jump(tb_a, 0, NULL);
    ck_assert_uint_eq(native->exec(cpu, tb_a), (uintptr_t)tb_a | 0);
    ck_assert_uint_eq(cpu->g64[0], 3);
    ck_assert_uint_eq(cpu->g64[1], 10);
    tb_release(native, tb_a);
    tb_release(native, tb_b);
}
END_TEST

START_TEST(goto_ptr_found_and_missed)
{
    SKIP_IF_NO_NATIVE();
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[1], g64[1], 10);
    tcg_gen_exit_tb(s, 0x80);
    tb_b = gen_on(native);
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[0], g64[0], 1);
    tcg_gen_goto_ptr(s);
    tb_a = gen_on(native);

    tci_lookup_tb = lookup_b;
    ck_assert_uint_eq(native->exec(cpu, tb_a), 0x80);
    ck_assert_uint_eq(cpu->g64[0], 1);
    ck_assert_uint_eq(cpu->g64[1], 10);
    tci_lookup_tb = lookup_none;
    ck_assert_uint_eq(native->exec(cpu, tb_a), (uintptr_t)tb_a | TB_EXIT_NOCHAIN);
    tci_lookup_tb = NULL;
    ck_assert_uint_eq(native->exec(cpu, tb_a), (uintptr_t)tb_a | TB_EXIT_NOCHAIN);
    ck_assert_uint_eq(cpu->g64[0], 3);
    ck_assert_uint_eq(cpu->g64[1], 10);
    tb_release(native, tb_a);
    tb_release(native, tb_b);
}
END_TEST

/*
 * With the key described (TCGContext.has_tb_key), goto_ptr probes the jump
 * cache inline: a hit on (pc = g2 + g3, cs_base = g3, flags = w0) runs the
 * TB without the C hook; a mismatch of any key part, cflags set, an
 * invalid TB or an empty slot falls back to the hook (here: none, exit).
 */
START_TEST(goto_ptr_inline_jump_cache)
{
    uint64_t pc = 0x401234, csb = 0x10;
    unsigned h = (unsigned)((pc + csb) ^ ((pc + csb) >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);

    SKIP_IF_NO_NATIVE();
    s->has_tb_key = true;
    s->tb_key_pc_off = (int32_t)offsetof(TestCPU, g64[2]);
    s->tb_key_cs_base_off = (int32_t)offsetof(TestCPU, g64[3]);
    s->tb_key_flags_off = (int32_t)offsetof(TestCPU, g32[0]);
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[1], g64[1], 10);
    tcg_gen_exit_tb(s, 0x80);
    tb_b = gen_on(native);
    tb_b->pc = pc + csb;
    tb_b->cs_base = csb;
    tb_b->flags = 0x55;
    tcg_func_start(s);
    tcg_gen_addi_i64(s, g64[0], g64[0], 1);
    tcg_gen_movi_i64(s, g64[2], pc);          /* the jump target, written as rip would be */
    tcg_gen_goto_ptr(s);
    tb_a = gen_on(native);

    tci_lookup_tb = lookup_none;
    cpu->g64[3] = csb;
    cpu->g32[0] = 0x55;
    cpu->common.jmp_cache[h] = tb_b;
    ck_assert_uint_eq(native->exec(cpu, tb_a), 0x80);
    ck_assert_uint_eq(cpu->g64[1], 10);
    for (unsigned miss = 0; miss < 5; miss++) {
        cpu->g64[3] = csb;
        cpu->g32[0] = 0x55;
        tb_b->cflags = 0;
        tb_b->invalid = false;
        cpu->common.jmp_cache[h] = tb_b;
        switch (miss) {
        case 0: cpu->g32[0] = 0x54; break;
        case 1: cpu->g64[3] = csb + 1; break;     /* another cs_base: another pc too */
        case 2: tb_b->cflags = TB_CF_NO_CHAIN; break;
        case 3: tb_b->invalid = true; break;
        default: cpu->common.jmp_cache[h] = NULL; break;
        }
        ck_assert_uint_eq(native->exec(cpu, tb_a), (uintptr_t)tb_a | TB_EXIT_NOCHAIN);
    }
    ck_assert_uint_eq(cpu->g64[0], 6);
    ck_assert_uint_eq(cpu->g64[1], 10);
    tb_b->invalid = false;
    cpu->common.jmp_cache[h] = NULL;
    tb_release(native, tb_a);
    tb_release(native, tb_b);
}
END_TEST

static uint64_t helper_count_and_stop(void *env)
{
    TestCPU *t = env;

    if (++t->helper_count == 1000)
        atomic_store(&t->common.exit_request, 1);
    return 0;
}

/* A TB chained to itself loops in native code until exit_request, which
 * the check at each TB entry sees. */
START_TEST(exit_request_stops_chained_loop)
{
    SKIP_IF_NO_NATIVE();
    tcg_func_start(s);
    tcg_gen_call(s, (TCGHelper)helper_count_and_stop, TCG_CALL_NO_READ_GLOBALS |
                 TCG_CALL_NO_WRITE_GLOBALS, NULL, 0, NULL);
    tcg_gen_addi_i64(s, g64[0], g64[0], 1);
    tcg_gen_goto_tb(s, 0);
    tb_a = gen_on(native);
    native->set_jump(tb_a, 0, tb_a);
    ck_assert_uint_eq(native->exec(cpu, tb_a), (uintptr_t)tb_a | TB_EXIT_REQUESTED);
    ck_assert_uint_eq(cpu->helper_count, 1000);
    ck_assert_uint_eq(cpu->g64[0], 1000);
    /* Requested before entry: not one op runs. */
    ck_assert_uint_eq(native->exec(cpu, tb_a), (uintptr_t)tb_a | TB_EXIT_REQUESTED);
    ck_assert_uint_eq(cpu->g64[0], 1000);
    tb_release(native, tb_a);
}
END_TEST

/* ---- Faults ---------------------------------------------------------------------------- */

static sigjmp_buf fault_jb;
static int fault_insn_seen;
static const TranslationBlock *fault_tb_seen;
static uint64_t fault_g0_seen;

static uint64_t helper_fault(void *env, uint64_t a)
{
    VCPUCommon *c = env;

    fault_tb_seen = c->current_tb;
    fault_insn_seen = native->fault_insn(env, c->current_tb);
    fault_g0_seen = ((TestCPU *)env)->g64[0];
    (void)a;
    siglongjmp(fault_jb, 1);
}

static uint64_t helper_nop(void *env, uint64_t a)
{
    (void)env;
    return a + 1;
}

START_TEST(helper_fault_names_instruction)
{
    TCGv_i64 arg;
    TranslationBlock *tb;

    SKIP_IF_NO_NATIVE();
    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1000, 0);
    tcg_gen_addi_i64(s, g64[0], g64[0], 5);
    tcg_gen_insn_start(s, 0x1003, 0);
    arg = g64[0];
    tcg_gen_call(s, (TCGHelper)helper_nop, 0, &g64[2], 1, &arg);
    tcg_gen_insn_start(s, 0x1007, 0);
    tcg_gen_addi_i64(s, g64[0], g64[0], 7);
    tcg_gen_call(s, (TCGHelper)helper_fault, 0, NULL, 1, &arg);
    tcg_gen_movi_i64(s, g64[3], 99);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    tb = gen_on(native);
    ck_assert_uint_eq(tb->icount, 3);
    ck_assert_uint_eq(tb->insn_pc[2], 0x1007);
    if (sigsetjmp(fault_jb, 0) == 0) {
        native->exec(cpu, tb);
        ck_abort_msg("the faulting helper returned");
    }
    ck_assert_ptr_eq(fault_tb_seen, tb);
    ck_assert_int_eq(fault_insn_seen, 2);
    ck_assert_uint_eq(fault_g0_seen, 12);     /* globals are in env at the call */
    ck_assert_uint_eq(cpu->g64[2], 6);
    ck_assert_uint_eq(cpu->g64[3], 0);
    /* The stack survived the longjmp out of generated code: run again. */
    cpu->g64[0] = 0;
    if (sigsetjmp(fault_jb, 0) == 0)
        native->exec(cpu, tb);
    ck_assert_uint_eq(fault_g0_seen, 12);
    tb_release(native, tb);
}
END_TEST

/* ---- Guest memory ------------------------------------------------------------------------- */

static const MemOp all_memops[] = { MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ };

/* Loads and stores of every size and sign on a TLB hit agree with the interpreter. */
START_TEST(guest_memory_fast_path)
{
    char what[64];

    SKIP_IF_NO_NATIVE();
    for (unsigned i = 0; i < 4096; i++)
        page[i] = (uint8_t)(i * 37 + 11);
    for (unsigned m = 0; m < 7; m++) {
        for (int is64 = 0; is64 < 2; is64++) {
            MemOp mop = all_memops[m];
            MemOpIdx oi = make_memop_idx(mop, TEST_MMU);

            if (!is64 && (mop & MO_SIZE) == MO_64)
                continue;
            tcg_func_start(s);
            tcg_gen_insn_start(s, 0x1000, 0);
            tcg_gen_addi_i64(s, g64[0], g64[0], 0x81);     /* unaligned on purpose */
            if (is64) {
                tcg_gen_guest_ld_i64(s, g64[4], g64[0], oi);
                tcg_gen_guest_st_i64(s, g64[1], g64[2], oi);
                tcg_gen_guest_st_i64(s, tcg_constant_i64(s, 0xfedcba9876543210ull), g64[3], oi);
                tcg_gen_guest_st_i64(s, tcg_constant_i64(s, (uint64_t)-5), g64[5], oi);
            } else {
                tcg_gen_guest_ld_i32(s, g32[4], g64[0], oi);
                tcg_gen_guest_st_i32(s, g32[1], g64[2], oi);
                tcg_gen_guest_st_i32(s, tcg_constant_i32(s, 0x87654321u), g64[3], oi);
            }
            tcg_gen_exit_tb(s, 0);
            for (unsigned i = 0; i < 6; i++) {
                cpu->g64[i] = GUEST_PAGE + 0x100 * (i + 1) + i;
                cpu->g32[i] = 0xa5a5a5a5u + i;
            }
            cpu->g64[1] = 0x1122334455667788ull;
            cpu->g32[1] = 0x99aabbccu;
            load_globals(ref, cpu->g64, cpu->g32);
            snprintf(what, sizeof(what), "%s %s", is64 ? "i64" : "i32", tcg_memop_name(mop));
            run_both(what);
            ck_assert_uint_eq(slow_calls, 0);
        }
    }
}
END_TEST

static void check_slow(MemOpIdx oi, uint64_t addr, bool store, int insn)
{
    TranslationBlock *tb;

    slow_ok = true;
    slow_calls = 0;
    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1000, 0);
    tcg_gen_movi_i64(s, g64[0], 0x77);             /* dirty: must reach env first */
    tcg_gen_insn_start(s, 0x1004, 0);
    tcg_gen_movi_i64(s, g64[1], addr);
    if (store)
        tcg_gen_guest_st_i64(s, g64[2], g64[1], oi);
    else
        tcg_gen_guest_ld_i64(s, g64[4], g64[1], oi);
    tcg_gen_insn_start(s, 0x1008, 0);
    tcg_gen_addi_i64(s, g64[5], g64[4], 1);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    tb = gen_on(native);
    cpu->g64[2] = 0xabcdef0123456789ull;
    native->exec(cpu, tb);
    ck_assert_uint_eq(slow_calls, 1);
    ck_assert_uint_eq(slow_addr, addr);
    ck_assert_uint_eq(slow_oi, oi);
    ck_assert_int_eq(slow_fault_insn, insn);
    ck_assert_uint_eq(slow_g0, 0x77);
    if (store) {
        /* The whole register, as the interpreter passes it: the slow path truncates. */
        ck_assert_uint_eq(slow_val, 0xabcdef0123456789ull);
    } else {
        uint64_t want = 0x5a5a5a5a5a5a5a5aull;

        ck_assert_uint_eq(cpu->g64[4], want);
        ck_assert_uint_eq(cpu->g64[5], want + 1);
    }
    tb_release(native, tb);
}

START_TEST(guest_memory_slow_paths)
{
    CPUTLBEntry *e;

    SKIP_IF_NO_NATIVE();
    for (int st = 0; st < 2; st++) {
        /* A miss. */
        check_slow(make_memop_idx(MO_UQ, TEST_MMU), UNMAPPED + 8, st, 1);
        /* Another MMU index: its TLB is empty. */
        check_slow(make_memop_idx(MO_UL, 0), GUEST_PAGE + 8, st, 1);
        /* Crossing into the next page. */
        check_slow(make_memop_idx(MO_UL, TEST_MMU), GUEST_PAGE + 4094, st, 1);
        check_slow(make_memop_idx(MO_UQ, TEST_MMU), GUEST_PAGE + 4089, st, 1);
        /* MO_ALIGN, misaligned. */
        check_slow(make_memop_idx(MO_UL | MO_ALIGN, TEST_MMU), GUEST_PAGE + 2, st, 1);
        check_slow(make_memop_idx(MO_UW | MO_ALIGN, TEST_MMU), GUEST_PAGE + 7, st, 1);
    }
    /* MMIO pages, a page holding code (stores only), an invalid entry. */
    e = &cpu->common.tlb[TEST_MMU][tlb_index(GUEST_PAGE)];
    e->addr_read = GUEST_PAGE | TLB_MMIO;
    check_slow(make_memop_idx(MO_UB, TEST_MMU), GUEST_PAGE + 1, false, 1);
    e->addr_write = GUEST_PAGE | TLB_NOTDIRTY;
    check_slow(make_memop_idx(MO_UB, TEST_MMU), GUEST_PAGE + 1, true, 1);
    check_slow(make_memop_idx(MO_UW | MO_RMW, TEST_MMU), GUEST_PAGE + 16, false, 1);
    e->addr_read = e->addr_write = GUEST_PAGE | TLB_INVALID;
    check_slow(make_memop_idx(MO_UQ, TEST_MMU), GUEST_PAGE + 16, false, 1);
}
END_TEST

/* The last byte of a page, and an aligned MO_ALIGN access, stay on the fast path. */
START_TEST(guest_memory_edges_stay_fast)
{
    SKIP_IF_NO_NATIVE();
    page[4095] = 0x9c;
    page[4088] = 0x01;
    page[4092] = 0x44;
    tcg_func_start(s);
    tcg_gen_guest_ld_i64(s, g64[4], tcg_constant_i64(s, GUEST_PAGE + 4095),
                        make_memop_idx(MO_SB, TEST_MMU));
    tcg_gen_guest_ld_i64(s, g64[5], tcg_constant_i64(s, GUEST_PAGE + 4088),
                        make_memop_idx(MO_UQ | MO_ALIGN, TEST_MMU));
    tcg_gen_guest_ld_i32(s, g32[5], tcg_constant_i64(s, GUEST_PAGE + 4092),
                        make_memop_idx(MO_UL | MO_ALIGN, TEST_MMU));
    tcg_gen_exit_tb(s, 0);
    run_on(native, cpu);
    ck_assert_uint_eq(slow_calls, 0);
    ck_assert_uint_eq(cpu->g64[4], (uint64_t)(int64_t)(int8_t)0x9c);
    ck_assert_uint_eq(cpu->g64[5] & 0xff, 0x01);
    ck_assert_uint_eq(cpu->g32[5] & 0xff, 0x44);
}
END_TEST

/* ---- Host memory ops and barriers ----------------------------------------------------------- */

START_TEST(env_ld_st_and_globals)
{
    TCGArg a[4];

    SKIP_IF_NO_NATIVE();
    for (int opt = 0; opt < 2; opt++) {
        tcg_func_start(s);
        /* g0 dirty in a register, then read through env memory. */
        tcg_gen_addi_i64(s, g64[0], g64[0], 3);
        a[0] = g64[4].n; a[1] = 0; a[2] = offsetof(TestCPU, g64[0]); a[3] = MO_64;
        tcg_emit_op(s, TCG_OP_LD_I64, a);
        /* g1 held in a register, then overwritten through env memory. */
        tcg_gen_addi_i64(s, g64[5], g64[1], 1);
        a[0] = tcg_constant_i64(s, 0x4242).n; a[1] = 0; a[2] = offsetof(TestCPU, g64[1]); a[3] = MO_64;
        tcg_emit_op(s, TCG_OP_ST_I64, a);
        tcg_gen_addi_i64(s, g64[2], g64[1], 1);
        /* A 32-bit store into half of g3. */
        a[0] = g32[0].n; a[1] = 0; a[2] = offsetof(TestCPU, g64[3]) + 4; a[3] = MO_32;
        tcg_emit_op(s, TCG_OP_ST_I32, a);
        a[0] = g32[1].n; a[1] = 0; a[2] = offsetof(TestCPU, field[1]) + 1; a[3] = MO_16;
        tcg_emit_op(s, TCG_OP_ST_I32, a);
        a[0] = g32[4].n; a[1] = 0; a[2] = offsetof(TestCPU, field[1]); a[3] = MO_SB;
        tcg_emit_op(s, TCG_OP_LD_I32, a);
        tcg_gen_mb(s, 0);
        tcg_gen_exit_tb(s, 0);
        if (opt)
            tcg_optimize(s);
        for (unsigned i = 0; i < 6; i++) {
            cpu->g64[i] = 0x1000 * (i + 1);
            cpu->g32[i] = 0xf00d0000u + (uint32_t)i * 0x1111;
        }
        load_globals(ref, cpu->g64, cpu->g32);
        run_both(opt ? "env ld/st opt" : "env ld/st");
    }
}
END_TEST

/* ---- The code buffer ------------------------------------------------------------------------- */

START_TEST(code_buffer_full_then_reset)
{
    TranslationBlock *tb[64];
    unsigned n = 0;
    int ret = 0;

    SKIP_IF_NO_NATIVE();
    ck_assert_int_eq(tcg_native_set_code_size(8192), 0);
    tcg_func_start(s);
    for (unsigned i = 0; i < 20; i++)
        tcg_gen_addi_i64(s, g64[i % 6], g64[(i + 1) % 6], i + 1);
    tcg_gen_exit_tb(s, 0);
    while (n < 64) {
        tb[n] = calloc(1, sizeof(*tb[n]));
        ret = native->gen_code(s, tb[n]);
        if (ret < 0)
            break;
        n++;
    }
    ck_assert_int_eq(ret, -ENOSPC);
    ck_assert_uint_gt(n, 2);
    ck_assert_uint_lt(n, 64);
    memset(ref->g64, 0, sizeof(ref->g64));
    run_on(&tcg_backend_tci, ref);
    ck_assert_uint_ne(ref->g64[1], 0);
    /* Every TB made before it filled still runs. */
    for (unsigned i = 0; i < n; i++) {
        memset(cpu->g64, 0, sizeof(cpu->g64));
        ck_assert_uint_eq(native->exec(cpu, tb[i]), 0);
        ck_assert_uint_eq(cpu->g64[1], ref->g64[1]);
    }
    native->flush_code();
    ck_assert_int_eq(native->gen_code(s, tb[n]), 0);
    memset(cpu->g64, 0, sizeof(cpu->g64));
    ck_assert_uint_eq(native->exec(cpu, tb[n]), 0);
    ck_assert_uint_eq(cpu->g64[1], ref->g64[1]);
    ck_assert_ptr_eq(tb[n]->code, tb[0]->code);     /* the space was reused */
    for (unsigned i = 0; i <= n; i++)
        tb_release(native, tb[i]);
    tcg_native_set_code_size(0);
}
END_TEST

START_TEST(dump_names_instructions)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    TranslationBlock *tb;

    SKIP_IF_NO_NATIVE();
    ck_assert_ptr_nonnull(f);
    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1234, 0);
    tcg_gen_addi_i64(s, g64[0], g64[0], 1);
    tcg_gen_insn_start(s, 0x1238, 0);
    tcg_gen_addi_i64(s, g64[1], g64[0], 1);
    tcg_gen_exit_tb(s, 0);
    tb = gen_on(native);
    tb->pc = 0x1234;
    native->dump(tb, f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "TB 0x1234"));
    ck_assert_ptr_nonnull(strstr(buf, "-- guest addr 0x0000000000001238"));
#ifdef CONFIG_CAPSTONE
    /* Host instructions by name (capstone, AT&T): the add of the second instruction. */
    ck_assert_ptr_nonnull(strstr(buf, "addq"));
#endif
    free(buf);
    tb_release(native, tb);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("tcg-native");
    TCase *t = tcase_create("native");

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, semantic_vectors_native);
    tcase_add_test(t, every_op_matches_interpreter);
    tcase_add_test(t, random_programs_match_interpreter);
    tcase_add_test(t, register_pressure_40_temps);
    tcase_add_test(t, chaining_and_unchaining);
    tcase_add_test(t, goto_ptr_found_and_missed);
    tcase_add_test(t, goto_ptr_inline_jump_cache);
    tcase_add_test(t, exit_request_stops_chained_loop);
    tcase_add_test(t, helper_fault_names_instruction);
    tcase_add_test(t, guest_memory_fast_path);
    tcase_add_test(t, guest_memory_slow_paths);
    tcase_add_test(t, guest_memory_edges_stay_fast);
    tcase_add_test(t, env_ld_st_and_globals);
    tcase_add_test(t, code_buffer_full_then_reset);
    tcase_add_test(t, dump_names_instructions);
    suite_add_tcase(su, t);
    return check_run(su, true);
}
