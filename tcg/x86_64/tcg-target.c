/*
 * The native x86-64 backend: turns the optimized op list into host code in
 * the code buffer and runs it. This file drives the translation (control
 * flow, helper calls, CPU-state loads and stores), and implements the
 * TCGBackend hooks: exec, chaining (set_jump), fault positions, dumps.
 *
 * A TB's code, at tb->code (executable view):
 *     entry:  cmp dword [env + exit_request], 0; jne exit_requested
 *             body, op by op (jmp rel32 for goto_tb, 4-byte aligned)
 *             fall-through exit: return tb | TB_EXIT_NOCHAIN
 *             goto_tb stubs: return tb | slot    (the unchained targets)
 *             exit_requested: return tb | TB_EXIT_REQUESTED
 *             guest-memory slow paths
 *     then, 8-aligned at tb->code + tb->code_size, a NativeTBInfo: the
 *     goto_tb offsets and each guest instruction's first code offset.
 */
#include "tcg/x86_64/native.h"

#include <cpuid.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/disas.h"
#include "system/log.h"
#include "tcg/tcg-internal.h"

typedef struct NativeTBInfo {
    uint32_t jmp_off[2];       /* rel32 of goto_tb slot n, UINT32_MAX if none */
    uint32_t stub_off[2];      /* its unchained target */
    uint32_t nb_insns;
    uint32_t insn_off[];       /* code offset of each guest instruction's first op */
} NativeTBInfo;

bool native_have_lzcnt, native_have_bmi1, native_have_popcnt;
static pthread_once_t features_once = PTHREAD_ONCE_INIT;

/* CPUID: LZCNT (80000001h ECX bit 5), BMI1 for TZCNT (leaf 7 EBX bit 3),
 * POPCNT (leaf 1 ECX bit 23); SDM vol. 2, CPUID tables 3-8 and 3-10. */
static void features_init(void)
{
    unsigned a, b, c, d;

    if (__get_cpuid(1, &a, &b, &c, &d))
        native_have_popcnt = c & (1u << 23);
    if (__get_cpuid(0x80000001, &a, &b, &c, &d))
        native_have_lzcnt = c & (1u << 5);
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
        native_have_bmi1 = b & (1u << 3);
}

void tcg_native_test_features(bool use_host)
{
    pthread_once(&features_once, features_init);
    if (!use_host) {
        native_have_lzcnt = native_have_bmi1 = native_have_popcnt = false;
    } else {
        features_init();
    }
}

static const NativeTBInfo *tb_info(const TranslationBlock *tb)
{
    return (const NativeTBInfo *)((const uint8_t *)tb->code + ((tb->code_size + 7) & ~7u));
}

/* ---- Control flow ---------------------------------------------------------- */

static void add_fixup(NativeGen *g, uint32_t pos, TCGArg label)
{
    if (g->nb_fix == g->cap_fix) {
        size_t cap = g->cap_fix ? 2 * g->cap_fix : 32;
        NativeFixup *f = realloc(g->fix, cap * sizeof(*f));

        if (!f) {
            g->oom = true;
            return;
        }
        g->fix = f;
        g->cap_fix = cap;
    }
    g->fix[g->nb_fix++] = (NativeFixup){ pos, (uint32_t)label };
}

static void jump_label(NativeGen *g, int cc, TCGArg label)
{
    uint32_t pos = g->label_pos[label];

    if (pos != UINT32_MAX) {
        if (cc < 0)
            x86_jmp_to(g, pos);
        else
            x86_jcc_to(g, (unsigned)cc, pos);
        return;
    }
    add_fixup(g, cc < 0 ? x86_jmp_fix(g) : x86_jcc_fix(g, (unsigned)cc), label);
}

static void exit_with(NativeGen *g, uintptr_t val)
{
    x86_movi(g, true, R_RAX, val);
    x86_jmp_abs(g, code_buffer_epilogue());
}

static void gen_brcond(NativeGen *g, const TCGOp *op)
{
    bool w = op->opc == TCG_OP_BRCOND_I64;
    TCGCond c = (TCGCond)op->args[2];
    uint64_t v;
    bool b_imm = ra_is_const(g, op->args[1], &v) && (!w || (int64_t)v == (int32_t)v);
    int ra, rb = R_NONE;

    if (c == TCG_COND_NEVER) {
        ra_op_done(g, op, 0, 2, 0);
        return;
    }
    if (c == TCG_COND_ALWAYS) {
        ra_sync_label(g, op->args[3]);
        jump_label(g, -1, op->args[3]);
        ra_op_done(g, op, 0, 2, 0);
        return;
    }
    ra = ra_in(g, op->args[0]);
    if (!b_imm)
        rb = ra_in(g, op->args[1]);
    /* Whatever the target reads comes from memory: store before the compare. */
    ra_sync_label(g, op->args[3]);
    native_cmp(g, w, ra, rb, b_imm, (int32_t)(uint32_t)v);
    jump_label(g, (int)native_cc(c), op->args[3]);
    ra_op_done(g, op, 0, 2, 0);
}

static void gen_goto_tb(NativeGen *g, unsigned slot)
{
    ra_sync(g, true);
    /* The rel32 must not straddle 4 bytes: patching it is one atomic store. */
    while ((g->len + 1) % 4)
        x86_byte(g, 0x90);
    g->goto_tb_off[slot] = x86_jmp_fix(g);
    ra_drop_all(g);
}

/*
 * The inline half of goto_ptr, when the front end said where the TB key is
 * (TCGContext.has_tb_key): the jump-cache probe of the execution loop's
 * lookup_tb_for_goto_ptr, in host code. With every global in env:
 *     rcx = cs_base; rdx = pc = [env + pc_off] + rcx
 *     rax = jmp_cache[(pc ^ pc >> TB_JMP_CACHE_BITS) & (SIZE - 1)]
 *     hit: rax != NULL, same pc, cs_base, flags, cflags == 0, not invalid
 *          -> jmp [rax + code] (the TB's entry checks exit_request)
 * A miss falls through to the call of the C lookup.
 */
static void gen_goto_ptr_inline(NativeGen *g)
{
    const TCGContext *s = g->s;
    uint32_t miss[6];
    unsigned n = 0;

    _Static_assert(offsetof(TranslationBlock, cflags) ==
                   offsetof(TranslationBlock, flags) + 4, "flags and cflags compared as one");
    x86_load(g, MO_UQ, true, R_RCX, R_ENV, R_NONE, s->tb_key_cs_base_off);
    x86_load(g, MO_UQ, true, R_RDX, R_ENV, R_NONE, s->tb_key_pc_off);
    x86_alu_rr(g, true, ALU_ADD, R_RDX, R_RCX);
    x86_mov_rr(g, true, R_RAX, R_RDX);
    x86_mov_rr(g, true, R_R11, R_RDX);
    x86_shift_ri(g, true, SH_SHR, R_R11, TB_JMP_CACHE_BITS);
    x86_alu_rr(g, false, ALU_XOR, R_RAX, R_R11);
    x86_alu_ri(g, false, ALU_AND, R_RAX, TB_JMP_CACHE_SIZE - 1);
    x86_shift_ri(g, false, SH_SHL, R_RAX, 3);
    x86_load(g, MO_UQ, true, R_RAX, R_ENV, R_RAX, (int32_t)offsetof(VCPUCommon, jmp_cache));
    x86_rr(g, 0x85 | P_W, R_RAX, R_RAX);                                 /* test rax, rax */
    miss[n++] = x86_jcc_fix(g, CC_E);
    x86_rm(g, 0x3b | P_W, R_RDX, R_RAX, R_NONE, (int32_t)offsetof(TranslationBlock, pc));
    miss[n++] = x86_jcc_fix(g, CC_NE);
    x86_rm(g, 0x3b | P_W, R_RCX, R_RAX, R_NONE, (int32_t)offsetof(TranslationBlock, cs_base));
    miss[n++] = x86_jcc_fix(g, CC_NE);
    /* flags zero-extended against flags | cflags << 32: also checks cflags == 0 */
    x86_load(g, MO_UL, false, R_R11, R_ENV, R_NONE, s->tb_key_flags_off);
    x86_rm(g, 0x3b | P_W, R_R11, R_RAX, R_NONE, (int32_t)offsetof(TranslationBlock, flags));
    miss[n++] = x86_jcc_fix(g, CC_NE);
    x86_rm(g, 0x80, 7, R_RAX, R_NONE, (int32_t)offsetof(TranslationBlock, invalid));
    x86_byte(g, 0);                                                     /* cmp byte [rax+invalid], 0 */
    miss[n++] = x86_jcc_fix(g, CC_NE);
    x86_rm(g, 0xff, 4, R_RAX, R_NONE, (int32_t)offsetof(TranslationBlock, code));  /* jmp [rax+code] */
    for (unsigned i = 0; i < n; i++)
        x86_patch_rel32(g, miss[i], (uint32_t)g->len);
}

/* goto_ptr: find the TB at the new pc (inline probe, then the loop's C
 * lookup); go there or return. */
static void gen_goto_ptr(NativeGen *g)
{
    uint32_t miss1, miss2;

    ra_sync(g, true);
    if (g->s->has_tb_key)
        gen_goto_ptr_inline(g);
    x86_movi(g, true, R_RAX, (uint64_t)(uintptr_t)&tci_lookup_tb);
    x86_rm(g, 0x8b | P_W, R_RAX, R_RAX, R_NONE, 0);
    x86_rr(g, 0x85 | P_W, R_RAX, R_RAX);
    miss1 = x86_jcc_fix(g, CC_E);
    x86_mov_rr(g, true, R_RDI, R_ENV);
    x86_rr(g, 0xff, 2, R_RAX);                       /* call rax */
    x86_rr(g, 0x85 | P_W, R_RAX, R_RAX);
    miss2 = x86_jcc_fix(g, CC_E);
    x86_rm(g, 0xff, 4, R_RAX, R_NONE, (int32_t)offsetof(TranslationBlock, code));  /* jmp [rax+code] */
    x86_patch_rel32(g, miss1, (uint32_t)g->len);
    x86_patch_rel32(g, miss2, (uint32_t)g->len);
    exit_with(g, (uintptr_t)g->tb | TB_EXIT_NOCHAIN);
    ra_drop_all(g);
}

/* ---- Helper calls ------------------------------------------------------------------ */

/*
 * SysV: rdi = env, then rsi, rdx, rcx, r8, r9, the 6th argument at [rsp].
 * Arguments are pushed from wherever they are and popped into place, which
 * needs no ordering of register moves; live values in caller-saved
 * registers were stored home before.
 */
static void gen_call(NativeGen *g, const TCGOp *op)
{
    static const int8_t arg_regs[5] = { R_RSI, R_RDX, R_RCX, R_R8, R_R9 };
    unsigned flags = (unsigned)op->args[8], n = (unsigned)op->args[9];
    bool sync = (flags & TCG_CALL_PURE) != TCG_CALL_PURE;

    if (sync)
        ra_sync(g, true);
    ra_spill_caller_saved(g, op);
    x86_set_tci_ip(g, (uint32_t)g->len);
    for (unsigned i = 0; i < n; i++) {
        TCGArg t = op->args[1 + i];
        int r = ra_where(g, t);
        uint64_t v;

        if (r != R_NONE) {
            x86_push(g, r);
        } else if (ra_is_const(g, t, &v)) {
            if ((int64_t)v == (int32_t)v) {
                x86_byte(g, 0x68);                   /* push simm32 */
                x86_u32(g, (uint32_t)v);
            } else {
                x86_movi(g, true, R_TMP, v);
                x86_push(g, R_TMP);
            }
        } else {
            int32_t disp;
            unsigned size;

            ra_slot(g, t, &disp, &size);
            x86_load(g, size == 8 ? MO_UQ : MO_UL, size == 8, R_TMP, R_ENV, R_NONE, disp);
            x86_push(g, R_TMP);
        }
    }
    for (unsigned i = n; i-- > 0;)
        x86_pop(g, i < 5 ? arg_regs[i] : R_TMP);
    if (n > 5)
        x86_store(g, MO_64, R_TMP, R_RSP, R_NONE, 0);
    ra_forget_regs(g, NATIVE_CALLER_SAVED);
    x86_mov_rr(g, true, R_RDI, R_ENV);
    x86_call_abs(g, (const void *)(uintptr_t)op->args[7]);
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS))
        ra_forget_globals(g);
    if (op->args[0] != TCG_ARG_NONE) {
        int rd = ra_out(g, op->args[0], R_NONE);

        x86_mov_rr(g, true, rd, R_RAX);
    }
    ra_op_done(g, op, 1, n, op->args[0] != TCG_ARG_NONE);
}

/* ---- CPU state in host memory ------------------------------------------------------ */

static void gen_ld(NativeGen *g, const TCGOp *op)
{
    bool w = op->opc == TCG_OP_LD_I64;
    int32_t off = (int32_t)op->args[2];
    MemOp mop = (MemOp)op->args[3];
    int rb, rd;

    /* It may read a global's home: write back what only a register holds. */
    if (op->args[1] == 0)
        ra_sync_env_range(g, off, 1u << (mop & MO_SIZE), false);
    else
        ra_sync_env_range(g, 0, 0, false);
    rb = ra_in(g, op->args[1]);
    rd = ra_out(g, op->args[0], rb != R_ENV && ra_dies(g, op, 1) ? rb : R_NONE);
    x86_load(g, mop, w, rd, rb, R_NONE, off);
    ra_op_done(g, op, 1, 1, 1);
}

static void gen_st(NativeGen *g, const TCGOp *op)
{
    bool w = op->opc == TCG_OP_ST_I64;
    int32_t off = (int32_t)op->args[2];
    unsigned sz = (MemOp)op->args[3] & MO_SIZE;
    bool env = op->args[1] == 0;
    uint64_t v;
    bool imm = ra_is_const(g, op->args[0], &v) && (sz < MO_64 || (int64_t)v == (int32_t)v);
    int rv = R_NONE, rb;

    (void)w;
    /* It may overwrite a global's home: registers holding one go stale. */
    ra_sync_env_range(g, env ? off : 0, env ? 1u << sz : 0, true);
    if (!imm)
        rv = ra_in(g, op->args[0]);
    rb = ra_in(g, op->args[1]);
    if (imm)
        x86_store_imm(g, sz, (int32_t)v, rb, R_NONE, off);
    else
        x86_store(g, sz, rv, rb, R_NONE, off);
    ra_sync_env_range(g, env ? off : 0, env ? 1u << sz : 0, true);
    ra_op_done(g, op, 0, 2, 0);
}

/* ---- Translation ----------------------------------------------------------------------- */

static void gen_op(NativeGen *g, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    switch (op->opc) {
    case TCG_OP_DISCARD:
        if (g->s->temps[op->args[0]].kind != TEMP_GLOBAL) {
            int r = ra_where(g, op->args[0]);

            if (r != R_NONE)
                ra_forget_regs(g, (uint16_t)(1u << r));
            g->temp_state[op->args[0]] = 0;
        }
        return;
    case TCG_OP_INSN_START:
        ra_insn_start(g);
        return;
    case TCG_OP_SET_LABEL:
        ra_sync_label(g, op->args[0]);
        ra_drop_all(g);
        g->label_pos[op->args[0]] = (uint32_t)g->len;
        return;
    case TCG_OP_BR:
        ra_sync_label(g, op->args[0]);
        jump_label(g, -1, op->args[0]);
        ra_drop_all(g);
        return;
    case TCG_OP_BRCOND_I32: case TCG_OP_BRCOND_I64:
        gen_brcond(g, op);
        return;
    case TCG_OP_GOTO_TB:
        gen_goto_tb(g, (unsigned)op->args[0] & 1);
        return;
    case TCG_OP_EXIT_TB:
        ra_sync(g, true);
        exit_with(g, (uintptr_t)op->args[0]);
        ra_drop_all(g);
        return;
    case TCG_OP_GOTO_PTR:
        gen_goto_ptr(g);
        return;
    case TCG_OP_MB:
        x86_byte(g, 0x0f);                           /* mfence */
        x86_byte(g, 0xae);
        x86_byte(g, 0xf0);
        return;
    case TCG_OP_CALL:
        gen_call(g, op);
        return;
    case TCG_OP_LD_I32: case TCG_OP_LD_I64:
        gen_ld(g, op);
        return;
    case TCG_OP_ST_I32: case TCG_OP_ST_I64:
        gen_st(g, op);
        return;
    case TCG_OP_GUEST_LD_I32: case TCG_OP_GUEST_LD_I64:
        native_guest_ld(g, op);
        return;
    case TCG_OP_GUEST_ST_I32: case TCG_OP_GUEST_ST_I64:
        native_guest_st(g, op);
        return;
    default:
        if (!native_gen_alu(g, op))
            abort();     /* an opcode without a case: a backend bug */
        ra_op_done(g, op, def->nb_oargs, def->nb_iargs, def->nb_oargs);
        return;
    }
}

static void gen_free(NativeGen *g)
{
    free(g->label_pos);
    free(g->fix);
    free(g->slow);
    free(g->dirty);
}

/* The body and its out-of-line parts; fills insn_off. 0 or -errno. */
static int gen_body(NativeGen *g, uint32_t *insn_off, uint64_t *pcs)
{
    TranslationBlock *tb = g->tb;
    uint32_t req, stub[2] = { 0, 0 };
    unsigned k = 0;

    x86_rm(g, 0x83, 7, R_ENV, R_NONE, (int32_t)offsetof(VCPUCommon, exit_request));
    x86_byte(g, 0);                                  /* cmp dword [env+exit_request], 0 */
    req = x86_jcc_fix(g, CC_NE);

    for (unsigned i = 0; i < g->s->nb_ops; i++) {
        const TCGOp *op = &g->s->ops[i];

        g->cur_op = i + 1;
        if (op->opc == TCG_OP_INSN_START) {
            insn_off[k] = (uint32_t)g->len;
            pcs[k++] = op->args[0];
        }
        gen_op(g, op);
        if (g->oom)
            return -ENOMEM;
    }
    ra_sync(g, true);
    exit_with(g, (uintptr_t)tb | TB_EXIT_NOCHAIN);

    for (unsigned n = 0; n < 2; n++) {
        if (g->goto_tb_off[n] == UINT32_MAX)
            continue;
        stub[n] = (uint32_t)g->len;
        x86_patch_rel32(g, g->goto_tb_off[n], stub[n]);
        exit_with(g, (uintptr_t)tb | n);
    }
    x86_patch_rel32(g, req, (uint32_t)g->len);
    exit_with(g, (uintptr_t)tb | TB_EXIT_REQUESTED);
    native_emit_slow_paths(g);
    if (g->oom)
        return -ENOMEM;
    for (size_t i = 0; i < g->nb_fix; i++) {
        uint32_t pos = g->label_pos[g->fix[i].label];

        if (pos == UINT32_MAX)
            return -EINVAL;     /* a branch to a label never set */
        x86_patch_rel32(g, g->fix[i].pos, pos);
    }
    insn_off[k] = stub[0];      /* scratch: keeps stub offsets for the caller */
    insn_off[k + 1] = stub[1];
    return g->overflow ? -ENOSPC : 0;
}

static int native_gen_code(TCGContext *s, TranslationBlock *tb)
{
    NativeGen *g = calloc(1, sizeof(*g));
    unsigned nb_insns = 0;
    uint64_t *pcs = NULL;
    uint32_t *insn_off = NULL;
    uint8_t *rw;
    const uint8_t *rx;
    size_t cap, info_size, code_len;
    NativeTBInfo *info;
    int ret = -ENOMEM;

    pthread_once(&features_once, features_init);
    for (unsigned i = 0; i < s->nb_ops; i++)
        nb_insns += s->ops[i].opc == TCG_OP_INSN_START;
    pcs = malloc((nb_insns + 1) * sizeof(uint64_t));
    insn_off = malloc((nb_insns + 2) * sizeof(uint32_t));
    if (!g || !pcs || !insn_off)
        goto out_nolock;
    g->label_pos = malloc((s->nb_labels + 1) * sizeof(uint32_t));
    if (!g->label_pos)
        goto out_nolock;
    memset(g->label_pos, 0xff, (s->nb_labels + 1) * sizeof(uint32_t));
    g->s = s;
    g->tb = tb;
    g->goto_tb_off[0] = g->goto_tb_off[1] = UINT32_MAX;
    ra_init(g);

    code_buffer_lock();
    ret = code_buffer_begin(&rw, &rx, &cap);
    if (ret < 0)
        goto out;
    info_size = sizeof(NativeTBInfo) + nb_insns * sizeof(uint32_t) + 8;
    ret = -ENOSPC;
    if (cap < info_size + 64)
        goto out;
    g->code = rw;
    g->code_rx = rx;
    g->cap = cap - info_size;
    ret = gen_body(g, insn_off, pcs);
    if (ret < 0)
        goto out;
    code_len = g->len;
    info = (NativeTBInfo *)(rw + ((code_len + 7) & ~(size_t)7));
    info->jmp_off[0] = g->goto_tb_off[0];
    info->jmp_off[1] = g->goto_tb_off[1];
    info->stub_off[0] = insn_off[nb_insns];
    info->stub_off[1] = insn_off[nb_insns + 1];
    info->nb_insns = nb_insns;
    memcpy(info->insn_off, insn_off, nb_insns * sizeof(uint32_t));
    code_buffer_commit(((code_len + 7) & ~(size_t)7) + sizeof(NativeTBInfo) +
                       nb_insns * sizeof(uint32_t));
    tb->code = (void *)(uintptr_t)rx;
    tb->code_size = (uint32_t)code_len;
    free(tb->insn_pc);
    tb->insn_pc = pcs;
    tb->icount = nb_insns;
    pcs = NULL;
    ret = 0;
out:
    code_buffer_unlock();
out_nolock:
    free(pcs);
    free(insn_off);
    if (g)
        gen_free(g);
    free(g);
    return ret;
}

/* ---- Running, chaining, faults --------------------------------------------------------- */

static uintptr_t native_exec(void *env, TranslationBlock *tb)
{
    return code_buffer_enter(env, tb->code);
}

/* The code stays in the buffer until tb_flush resets it. */
static void native_free_code(TranslationBlock *tb)
{
    tb->code = NULL;
    tb->code_size = 0;
}

static void native_flush_code(void)
{
    code_buffer_reset();
}

/*
 * Point goto_tb slot of from at to's code (NULL: back at the exit stub).
 * The rel32 is 4-byte aligned, so the store is atomic for a vCPU running it
 * (SDM vol. 3, 8.1.1; cross-modifying code, 8.1.3, is safe for a single
 * aligned store of a jump target, as QEMU relies on too).
 */
static void native_set_jump(TranslationBlock *from, unsigned slot, TranslationBlock *to)
{
    const NativeTBInfo *info;
    const uint8_t *code = from->code, *target;
    int32_t rel;

    if (!code || slot > 1)
        return;
    info = tb_info(from);
    if (info->jmp_off[slot] == UINT32_MAX)
        return;
    target = to && to->code ? (const uint8_t *)to->code : code + info->stub_off[slot];
    rel = (int32_t)(target - (code + info->jmp_off[slot] + 4));
    __atomic_store_n((int32_t *)(void *)code_buffer_rw(code + info->jmp_off[slot]), rel,
                     __ATOMIC_RELEASE);
}

static int native_fault_insn(void *env, const TranslationBlock *tb)
{
    const VCPUCommon *cpu = env;
    const NativeTBInfo *info;
    uintptr_t ip = (uintptr_t)cpu->tci_ip, start;
    uint32_t off;

    if (!tb || !tb->code)
        return -1;
    start = (uintptr_t)tb->code;
    if (ip < start || ip >= start + tb->code_size)
        return -1;
    off = (uint32_t)(ip - start);
    info = tb_info(tb);
    return tb_insn_at(info->insn_off, info->nb_insns, off);
}

/* Host code disassembled (capstone), split at guest instructions; the
 * out-of-line parts (exit stubs, slow paths) follow the last one. */
static void native_dump(const TranslationBlock *tb, FILE *f)
{
    const uint8_t *code = tb->code;
    const NativeTBInfo *info;
    char *text = NULL;
    size_t size = 0;
    FILE *m;

    if (!code || !(m = open_memstream(&text, &size)))
        return;
    info = tb_info(tb);
    fprintf(m, "OUT: [size=%u] TB 0x%" PRIx64 "\n", tb->code_size, tb->pc);
    for (uint32_t k = 0, pos = 0; pos < tb->code_size; k++) {
        uint32_t end = k + 1 < info->nb_insns ? info->insn_off[k + 1] : tb->code_size;

        if (k < info->nb_insns) {
            fprintf(m, "  -- guest addr 0x%016" PRIx64 "\n", tb->insn_pc ? tb->insn_pc[k] : 0);
            if (k == 0 && info->insn_off[0] > 0) {
                /* The entry's exit-request check comes before the first instruction. */
                disas_x86(m, code, info->insn_off[0], (uintptr_t)code, 64, 0, 16);
                pos = info->insn_off[0];
            }
        }
        if (end < pos || end > tb->code_size)
            end = tb->code_size;
        disas_x86(m, code + pos, end - pos, (uintptr_t)code + pos, 64, 0, 16);
        pos = end;
    }
    fclose(m);
    log_fprintf(f, "%s\n", text ? text : "");
    free(text);
}

static const TCGBackend tcg_backend_native = {
    .name = "native",
    .gen_code = native_gen_code,
    .exec = native_exec,
    .free_code = native_free_code,
    .fault_insn = native_fault_insn,
    .dump = native_dump,
    .set_jump = native_set_jump,
    .flush_code = native_flush_code,
};

const TCGBackend *tcg_native_backend(void)
{
    return &tcg_backend_native;
}
