/*
 * Guest loads and stores in native code: the soft MMU's fast path of
 * tcg/softmmu.h inline, the rest out of line after the TB's body.
 *
 * Fast path (scratch registers only, so nothing the allocator holds moves):
 *     rax = (addr >> (PAGE_BITS - 5)) & ((TLB_SIZE - 1) << 5)   entry offset
 *     rcx = (addr + size - 1) & PAGE_MASK                       (unaligned ok)
 *      or   addr & (PAGE_MASK | (size - 1))                     (MO_ALIGN)
 *     cmp rcx, [env + rax + tlb[mmu].addr_read/addr_write]; jne slow
 *     rax = [env + rax + tlb[mmu].addend]; access [addr + rax]
 * A tag with any TLB_* flag, another page, an access crossing into the next
 * page or a misaligned MO_ALIGN access leaves low or page bits that cannot
 * match: all take the slow path, which decides.
 *
 * Slow path: write back the globals only registers hold (a fault restores
 * guest state from env), keep the caller-saved registers, set tci_ip to the
 * fast path so fault_insn finds the instruction, call softmmu_load_slow /
 * softmmu_store_slow, and jump back. The fast path itself stores nothing.
 */
#include "tcg/x86_64/native.h"

#include <stdlib.h>

#include "tcg/softmmu.h"

_Static_assert(sizeof(CPUTLBEntry) == 32, "the fast path indexes the TLB by << 5");
_Static_assert(offsetof(VCPUCommon, tlb) == 0, "the TLB is at env + 0");

static NativeSlow *new_slow(NativeGen *g)
{
    if (g->nb_slow == g->cap_slow) {
        size_t cap = g->cap_slow ? 2 * g->cap_slow : 16;
        NativeSlow *p = realloc(g->slow, cap * sizeof(*p));

        if (!p) {
            g->oom = true;
            return NULL;
        }
        g->slow = p;
        g->cap_slow = cap;
    }
    return &g->slow[g->nb_slow++];
}

/* Remember the dirty globals: the slow path writes them back before its call. */
static void record_dirty(NativeGen *g, NativeSlow *sl, int except)
{
    sl->dirty_first = (uint32_t)g->nb_dirty;
    sl->dirty_globals_n = 0;
    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        int t = g->reg_temp[r];
        int32_t disp;
        unsigned size;

        if (t < 0 || r == except || g->s->temps[t].kind != TEMP_GLOBAL ||
            (g->temp_state[t] & TS_MEM))
            continue;
        if (g->nb_dirty == g->cap_dirty) {
            size_t cap = g->cap_dirty ? 2 * g->cap_dirty : 64;
            NativeDirty *p = realloc(g->dirty, cap * sizeof(*p));

            if (!p) {
                g->oom = true;
                return;
            }
            g->dirty = p;
            g->cap_dirty = cap;
        }
        ra_slot(g, (TCGArg)t, &disp, &size);
        g->dirty[g->nb_dirty++] = (NativeDirty){ (int8_t)r, (uint8_t)size, disp };
        sl->dirty_globals_n++;
    }
}

/* The inline part up to the jne; returns the TLB-hit continuation's scratch in rax. */
static void fast_path(NativeGen *g, NativeSlow *sl, int ra, MemOpIdx oi, bool store)
{
    MemOp op = get_memop(oi);
    unsigned size = 1u << (op & MO_SIZE);
    bool aligned = (op & MO_ALIGN) && size > 1;
    int32_t tlb = (int32_t)(get_mmuidx(oi) * TLB_SIZE * sizeof(CPUTLBEntry));
    int32_t tag = (int32_t)(store || (op & MO_RMW) ? offsetof(CPUTLBEntry, addr_write)
                                                   : offsetof(CPUTLBEntry, addr_read));

    sl->ip_off = (uint32_t)g->len;
    x86_mov_rr(g, true, R_RAX, ra);
    x86_shift_ri(g, true, SH_SHR, R_RAX, TARGET_PAGE_BITS - 5);
    x86_alu_ri(g, false, ALU_AND, R_RAX, (TLB_SIZE - 1) << 5);
    if (size > 1 && !aligned)
        x86_rm(g, 0x8d | P_W, R_RCX, ra, R_NONE, (int32_t)size - 1);   /* lea */
    else
        x86_mov_rr(g, true, R_RCX, ra);
    x86_alu_ri(g, true, ALU_AND, R_RCX, (int32_t)(TARGET_PAGE_MASK | (aligned ? size - 1 : 0)));
    x86_rm(g, 0x3b | P_W, R_RCX, R_ENV, R_RAX, tlb + tag);             /* cmp */
    sl->jcc_off = x86_jcc_fix(g, CC_NE);
    x86_rm(g, 0x8b | P_W, R_RAX, R_ENV, R_RAX, tlb + (int32_t)offsetof(CPUTLBEntry, addend));
}

void native_guest_ld(NativeGen *g, const TCGOp *op)
{
    bool is64 = op->opc == TCG_OP_GUEST_LD_I64;
    MemOpIdx oi = (MemOpIdx)op->args[2];
    int ra = ra_in(g, op->args[1]);
    NativeSlow *sl;
    int rd;

    /* A fault must find a global's old value in env: the output replaces it. */
    if (g->s->temps[op->args[0]].kind == TEMP_GLOBAL) {
        int32_t disp;
        unsigned size;

        ra_slot(g, op->args[0], &disp, &size);
        ra_sync_env_range(g, disp, size, false);
    }
    rd = ra_out(g, op->args[0], ra_dies(g, op, 1) ? ra : R_NONE);
    sl = new_slow(g);

    if (!sl)
        return;
    sl->oi = oi;
    sl->addr_reg = (int8_t)ra;
    sl->out_reg = (int8_t)rd;
    sl->val_reg = R_NONE;
    sl->is_store = false;
    sl->out64 = is64;
    sl->save_regs = ra_caller_saved_live(g, rd);
    record_dirty(g, sl, rd);
    fast_path(g, sl, ra, oi, false);
    x86_load(g, get_memop(oi), is64, rd, ra, R_RAX, 0);
    sl->ret_off = (uint32_t)g->len;
    ra_op_done(g, op, 1, 1, 1);
}

void native_guest_st(NativeGen *g, const TCGOp *op)
{
    bool is64 = op->opc == TCG_OP_GUEST_ST_I64;
    MemOpIdx oi = (MemOpIdx)op->args[2];
    unsigned sz = get_memop(oi) & MO_SIZE;
    uint64_t v;
    bool imm = ra_is_const(g, op->args[0], &v) &&
               (sz < MO_64 || (int64_t)v == (int32_t)v);
    int rv = imm ? R_NONE : ra_in(g, op->args[0]);
    int ra = ra_in(g, op->args[1]);
    NativeSlow *sl = new_slow(g);

    (void)is64;
    if (!sl)
        return;
    sl->oi = oi;
    sl->addr_reg = (int8_t)ra;
    sl->val_reg = (int8_t)rv;
    sl->imm = v;
    sl->out_reg = R_NONE;
    sl->is_store = true;
    sl->save_regs = ra_caller_saved_live(g, R_NONE);
    record_dirty(g, sl, R_NONE);
    fast_path(g, sl, ra, oi, true);
    if (imm)
        x86_store_imm(g, sz, (int32_t)v, ra, R_RAX, 0);
    else
        x86_store(g, sz, rv, ra, R_RAX, 0);
    sl->ret_off = (uint32_t)g->len;
    ra_op_done(g, op, 1, 2, 0);
}

static void emit_slow(NativeGen *g, const NativeSlow *sl)
{
    int saved[NATIVE_NB_REGS];
    unsigned n = 0;

    x86_patch_rel32(g, sl->jcc_off, (uint32_t)g->len);
    for (unsigned i = 0; i < sl->dirty_globals_n; i++) {
        const NativeDirty *d = &g->dirty[sl->dirty_first + i];

        x86_store(g, d->size == 8 ? MO_64 : MO_32, d->reg, R_ENV, R_NONE, d->offset);
    }
    for (int r = 0; r < NATIVE_NB_REGS; r++) {
        if (sl->save_regs & (1u << r)) {
            x86_push(g, r);
            saved[n++] = r;
        }
    }
    if (n & 1)
        x86_alu_ri(g, true, ALU_SUB, R_RSP, 8);
    x86_set_tci_ip(g, sl->ip_off);
    if (sl->is_store) {
        /* rdx first: it holds no temp, while the value may sit in rsi. */
        if (sl->val_reg == R_NONE)
            x86_movi(g, true, R_RDX, sl->imm);
        else
            x86_mov_rr(g, true, R_RDX, sl->val_reg);
        x86_mov_rr(g, true, R_RSI, sl->addr_reg);
        x86_mov_rr(g, true, R_RDI, R_ENV);
        x86_movi(g, false, R_RCX, sl->oi);
        x86_call_abs(g, (const void *)softmmu_store_slow);
    } else {
        x86_mov_rr(g, true, R_RSI, sl->addr_reg);
        x86_mov_rr(g, true, R_RDI, R_ENV);
        x86_movi(g, false, R_RDX, sl->oi);
        x86_call_abs(g, (const void *)softmmu_load_slow);
        x86_mov_rr(g, sl->out64, sl->out_reg, R_RAX);
    }
    if (n & 1)
        x86_alu_ri(g, true, ALU_ADD, R_RSP, 8);
    while (n-- > 0)
        x86_pop(g, saved[n]);
    x86_jmp_to(g, sl->ret_off);
}

void native_emit_slow_paths(NativeGen *g)
{
    for (size_t i = 0; i < g->nb_slow; i++)
        emit_slow(g, &g->slow[i]);
}
