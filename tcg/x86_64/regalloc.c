/*
 * The native backend's register allocator: one pass over each basic block,
 * driven by the liveness bits the optimizer leaves in TCGOp.life.
 *
 * Every temp has a home in memory: a global its env field, any other temp
 * its VCPUCommon.tcg_frame slot (8 bytes, as the interpreter's), a constant
 * its value. A value is brought into a register when an op reads it and
 * stays there; TS_MEM says whether the home also holds it. Stores happen
 * only when a register is taken for something else, at a basic block's end
 * (what the label's code reads, by TCGContext.label_live, goes home, then
 * the label starts with empty registers),
 * and for globals before anything that may read env or raise. A temp whose
 * last use is an op (its life bit) frees its register there without a store.
 *
 * Correctness first: no value is ever kept in a register across a label,
 * so a branch and its target never have to agree on a register layout.
 */
#include "tcg/x86_64/native.h"

#include <string.h>

#include "tcg/tci.h"

/* The order registers are handed out: callee-saved first, they survive calls. */
static const int8_t alloc_order[] = {
    R_RBX, R_RBP, R_R12, R_R13, R_R15, R_RSI, R_RDI, R_R8, R_R9, R_R10,
};

static const TCGTemp *temp(const NativeGen *g, TCGArg t)
{
    return &g->s->temps[t];
}

static bool is_global(const NativeGen *g, TCGArg t)
{
    return temp(g, t)->kind == TEMP_GLOBAL;
}

bool ra_is_const(const NativeGen *g, TCGArg t, uint64_t *v)
{
    const TCGTemp *tp = temp(g, t);

    if (tp->kind != TEMP_CONST)
        return false;
    *v = tp->type == TCG_TYPE_I32 ? (uint32_t)tp->val : tp->val;
    return true;
}

void ra_slot(const NativeGen *g, TCGArg t, int32_t *disp, unsigned *size)
{
    const TCGTemp *tp = temp(g, t);

    if (tp->kind == TEMP_GLOBAL) {
        *disp = tp->mem_offset;
        *size = tp->type == TCG_TYPE_I64 ? 8 : 4;
    } else {
        *disp = (int32_t)tci_frame_off((unsigned)t);
        *size = 8;
    }
}

void ra_init(NativeGen *g)
{
    memset(g->temp_reg, R_NONE, sizeof(g->temp_reg));
    /* Every home holds its value at the TB's start (temps have none yet). */
    memset(g->temp_state, TS_MEM, sizeof(g->temp_state));
    for (unsigned r = 0; r < NATIVE_NB_REGS; r++)
        g->reg_temp[r] = -1;
    memset(g->reg_used, 0, sizeof(g->reg_used));
    g->locked = 0;
}

static void unbind(NativeGen *g, int r)
{
    int t = g->reg_temp[r];

    if (t >= 0 && g->temp_reg[t] == r)
        g->temp_reg[t] = R_NONE;
    g->reg_temp[r] = -1;
}

static void bind(NativeGen *g, TCGArg t, int r)
{
    g->reg_temp[r] = (int16_t)t;
    g->temp_reg[t] = (int8_t)r;
    g->reg_used[r] = g->cur_op;
}

static void store_home(NativeGen *g, TCGArg t, int r)
{
    int32_t disp;
    unsigned size;

    if (temp(g, t)->kind == TEMP_CONST)
        return;
    ra_slot(g, t, &disp, &size);
    x86_store(g, size == 8 ? MO_64 : MO_32, r, R_ENV, R_NONE, disp);
    g->temp_state[t] |= TS_MEM;
}

/* Free r for another use, storing its value home first if only r has it. */
static void evict(NativeGen *g, int r)
{
    int t = g->reg_temp[r];

    if (t >= 0 && !(g->temp_state[t] & TS_MEM))
        store_home(g, (TCGArg)t, r);
    unbind(g, r);
}

static int alloc_reg(NativeGen *g)
{
    int best = R_NONE;

    for (unsigned i = 0; i < sizeof(alloc_order); i++) {
        int r = alloc_order[i];

        if (!(g->locked & (1u << r)) && g->reg_temp[r] < 0)
            return r;
    }
    /* None free: the least recently used unlocked one. */
    for (unsigned i = 0; i < sizeof(alloc_order); i++) {
        int r = alloc_order[i];

        if (g->locked & (1u << r))
            continue;
        if (best == R_NONE || g->reg_used[r] < g->reg_used[best])
            best = r;
    }
    /* An op locks at most 7 registers (movcond: 5; calls push, never lock). */
    evict(g, best);
    return best;
}

int ra_in(NativeGen *g, TCGArg t)
{
    const TCGTemp *tp = temp(g, t);
    int r;

    if (t == 0)
        return R_ENV;
    r = g->temp_reg[t];
    if (r < 0) {
        r = alloc_reg(g);
        bind(g, t, r);
        if (tp->kind == TEMP_CONST) {
            x86_movi(g, tp->type == TCG_TYPE_I64, r, tp->val);
        } else if (g->temp_state[t] & TS_MEM) {
            int32_t disp;
            unsigned size;

            ra_slot(g, t, &disp, &size);
            x86_load(g, size == 8 ? MO_UQ : MO_UL, size == 8, r, R_ENV, R_NONE, disp);
        }
    }
    g->reg_used[r] = g->cur_op;
    g->locked |= (uint16_t)(1u << r);
    return r;
}

int ra_out(NativeGen *g, TCGArg t, int reuse)
{
    int r = reuse, old = g->temp_reg[t];

    if (r == R_NONE)
        r = alloc_reg(g);
    else if (g->reg_temp[r] >= 0 && (TCGArg)g->reg_temp[r] != t)
        unbind(g, r);            /* a dying input hands its register over */
    if (old >= 0 && old != r)
        unbind(g, old);
    bind(g, t, r);
    g->temp_state[t] &= (uint8_t)~TS_MEM;
    g->locked |= (uint16_t)(1u << r);
    return r;
}

int ra_scratch(NativeGen *g)
{
    int r = alloc_reg(g);

    g->locked |= (uint16_t)(1u << r);
    return r;
}

bool ra_dies(const NativeGen *g, const TCGOp *op, unsigned k)
{
    TCGArg t = op->args[k];

    if (t == TCG_ARG_NONE || !(op->life & (1u << k)))
        return false;
    return temp(g, t)->kind != TEMP_GLOBAL && temp(g, t)->kind != TEMP_CONST;
}

static void kill(NativeGen *g, TCGArg t)
{
    int r = g->temp_reg[t];

    if (r >= 0)
        unbind(g, r);
    g->temp_state[t] = 0;
}

void ra_op_done(NativeGen *g, const TCGOp *op, unsigned first_in, unsigned nb_in, unsigned nb_out)
{
    for (unsigned k = first_in; k < first_in + nb_in; k++) {
        bool is_out = false;

        /* d = d + x: the old value of d dies, the new one does not. */
        for (unsigned o = 0; o < nb_out; o++)
            is_out |= op->args[o] == op->args[k];
        if (ra_dies(g, op, k) && !is_out)
            kill(g, op->args[k]);
    }
    for (unsigned k = 0; k < nb_out; k++) {
        if (ra_dies(g, op, k))
            kill(g, op->args[k]);
    }
    g->locked = 0;
}

void ra_sync(NativeGen *g, bool globals_only)
{
    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        int t = g->reg_temp[r];

        if (t < 0 || (g->temp_state[t] & TS_MEM))
            continue;
        if (globals_only && !is_global(g, (TCGArg)t))
            continue;
        store_home(g, (TCGArg)t, r);
    }
}

/*
 * Before a branch to label l (or falling into it): store home what the code
 * after l may read, by the optimizer's liveness at l; a temp dead there
 * keeps its value in a register only (the fall-through path still has it).
 */
void ra_sync_label(NativeGen *g, TCGArg l)
{
    const uint64_t *live = g->s->label_live[l];

    if (!g->s->label_live_known[l]) {
        ra_sync(g, false);
        return;
    }
    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        int t = g->reg_temp[r];

        if (t < 0 || (g->temp_state[t] & TS_MEM) || !(live[t / 64] >> (t % 64) & 1))
            continue;
        store_home(g, (TCGArg)t, r);
    }
}

void ra_sync_env_range(NativeGen *g, int32_t off, unsigned size, bool forget)
{
    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        int t = g->reg_temp[r];
        int32_t disp;
        unsigned gsize;

        if (t < 0 || !is_global(g, (TCGArg)t))
            continue;
        ra_slot(g, (TCGArg)t, &disp, &gsize);
        if (size && ((int64_t)disp + gsize <= off || (int64_t)off + size <= disp))
            continue;
        if (!(g->temp_state[t] & TS_MEM))
            store_home(g, (TCGArg)t, r);
        if (forget)
            unbind(g, r);
    }
}

void ra_drop_all(NativeGen *g)
{
    for (int r = 0; r < NATIVE_NB_REGS; r++)
        unbind(g, r);
    memset(g->temp_state, TS_MEM, sizeof(g->temp_state));
    g->locked = 0;
}

void ra_spill_caller_saved(NativeGen *g, const TCGOp *op)
{
    unsigned nb_in = (unsigned)op->args[9];

    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        int t = g->reg_temp[r];
        bool dying = false;

        if (!(NATIVE_CALLER_SAVED & (1u << r)) || t < 0 || (g->temp_state[t] & TS_MEM))
            continue;
        for (unsigned k = 1; k <= nb_in; k++)
            dying |= op->args[k] == (TCGArg)t && ra_dies(g, op, k);
        if (!dying)
            store_home(g, (TCGArg)t, r);
    }
}

void ra_forget_regs(NativeGen *g, uint16_t mask)
{
    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        if (mask & (1u << r))
            unbind(g, r);
    }
}

void ra_forget_globals(NativeGen *g)
{
    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        int t = g->reg_temp[r];

        if (t >= 0 && is_global(g, (TCGArg)t))
            unbind(g, r);
    }
}

void ra_insn_start(NativeGen *g)
{
    const TCGContext *s = g->s;

    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        int t = g->reg_temp[r];

        if (t >= 0 && s->temps[t].kind == TEMP_INSN)
            unbind(g, r);
    }
    for (unsigned t = s->nb_globals; t < TCG_MAX_TEMPS; t++) {
        if (s->temps[t].kind == TEMP_INSN)
            g->temp_state[t] = 0;
    }
}

uint16_t ra_caller_saved_live(const NativeGen *g, int except)
{
    uint16_t m = 0;

    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        if ((NATIVE_CALLER_SAVED & (1u << r)) && r != except && g->reg_temp[r] >= 0)
            m |= (uint16_t)(1u << r);
    }
    return m;
}

int ra_where(const NativeGen *g, TCGArg t)
{
    return t == 0 ? R_ENV : g->temp_reg[t];
}
