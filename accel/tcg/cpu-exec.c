/* The TCG execution loop: see cpu-exec.h. */
#include "accel/tcg/cpu-exec.h"

#include <stdlib.h>
#include <time.h>

#include "system/log.h"
#include "tcg/softmmu.h"
#include "tcg/tb-cache.h"

static const TCGBackend *backend = &tcg_backend_tci;
static ExecStats stats;

/* One translation context per translating thread, made on first use. */
static _Thread_local TCGContext *tcg_ctx;
static _Thread_local const TCGCPUOps *tcg_ctx_ops;
/* For goto_ptr, which has only env to go on. */
static _Thread_local const TCGCPUOps *cur_ops;

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

noreturn void cpu_loop_exit(VCPUCommon *cpu)
{
    cpu->current_tb = NULL;
    siglongjmp(cpu->jmp_env, 1);
}

noreturn void cpu_loop_exit_restore(VCPUCommon *cpu)
{
    const TranslationBlock *tb = cpu->current_tb;

    if (tb && cur_ops) {
        int insn = backend->fault_insn(cpu, tb);
        if (insn >= 0 && (unsigned)insn < tb->icount)
            cur_ops->restore_pc(cpu, tb->insn_pc[insn]);
    }
    cpu_loop_exit(cpu);
}

/* Internal: cpu_exec restarts its loop rather than returning. */
#define EXCP_RERUN 0x10001

noreturn void cpu_loop_exit_rerun_insn(VCPUCommon *cpu)
{
    cpu->cflags_next = TB_CF_SINGLE_STEP | TB_CF_NO_CHAIN;
    cpu->exception_index = EXCP_RERUN;
    cpu_loop_exit_restore(cpu);
}

noreturn void cpu_loop_exit_restart_insn(VCPUCommon *cpu)
{
    cpu->exception_index = EXCP_RERUN;
    cpu_loop_exit_restore(cpu);
}

void cpu_exit(VCPUCommon *cpu)
{
    atomic_store(&cpu->exit_request, 1);
}

static TCGContext *get_ctx(const TCGCPUOps *ops)
{
    if (!tcg_ctx) {
        tcg_ctx = malloc(sizeof(*tcg_ctx));
        if (!tcg_ctx)
            abort();
    }
    if (tcg_ctx_ops != ops) {
        tcg_context_init(tcg_ctx);
        ops->tcg_init(tcg_ctx);
        tcg_ctx_ops = ops;
    }
    return tcg_ctx;
}

static TranslationBlock *tb_gen_code(VCPUCommon *cpu, const TCGCPUOps *ops, uint64_t pc,
                                     uint64_t cs_base, uint32_t flags, uint32_t cflags)
{
    TCGContext *s = get_ctx(ops);
    TranslationBlock *tb = tb_alloc();
    unsigned max_insns = cflags & TB_CF_SINGLE_STEP ? 1 : 512;
    int64_t t0 = now_ns();

    if (!tb)
        abort();
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    for (;;) {
        tcg_func_start(s);
        ops->translate(cpu, s, tb, max_insns);
        if (!s->overflow)
            break;
        /* Out of ops or temps: retry with half the instructions. */
        max_insns = tb->icount > 1 ? tb->icount / 2 : 1;
    }
    if (log_enabled(LOG_OP)) {
        log_printf("OP before optimization, TB at 0x%016llx:\n", (unsigned long long)pc);
        tcg_dump_ops(s, NULL);
    }
    tcg_optimize(s);
    if (backend->gen_code(s, tb) < 0)
        abort();
    if (log_enabled(LOG_OUT_ASM) && backend->dump)
        backend->dump(tb, NULL);

    /* Another vCPU may have translated the same block meanwhile. A race
     * past this check only costs a duplicate, never a wrong translation. */
    {
        uint64_t phys_pc = tb->page_addr[0] | (pc & ~TARGET_PAGE_MASK);
        TranslationBlock *other = tb_htable_lookup(pc, cs_base, flags, cflags, phys_pc);

        if (other) {
            tb_free_unlinked(tb, backend);
            return other;
        }
    }
    tb_lock();
    tb_link(tb);
    tb_unlock();
    stats.tbs_translated++;
    stats.insns_translated += tb->icount;
    stats.translate_ns += (uint64_t)(now_ns() - t0);
    return tb;
}

static TranslationBlock *tb_find(VCPUCommon *cpu, const TCGCPUOps *ops, uint32_t cflags)
{
    uint64_t pc, cs_base, phys;
    uint32_t flags;
    unsigned mmu_idx;
    unsigned h;
    TranslationBlock *tb;
    void *host;

    ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags, &mmu_idx);
    h = (unsigned)(pc ^ (pc >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);
    tb = cpu->jmp_cache[h];
    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == cflags && !tb->invalid)
        return tb;

    stats.tb_lookups++;
    phys = get_page_addr_code(cpu, pc, mmu_idx, &host) | (pc & ~TARGET_PAGE_MASK);
    tb = tb_htable_lookup(pc, cs_base, flags, cflags, phys);
    if (!tb)
        tb = tb_gen_code(cpu, ops, pc, cs_base, flags, cflags);
    cpu->jmp_cache[h] = tb;
    return tb;
}

/* goto_ptr: continue in the TB for the new pc without leaving the backend. */
static TranslationBlock *lookup_tb_for_goto_ptr(void *env)
{
    VCPUCommon *cpu = env;
    uint64_t pc, cs_base;
    uint32_t flags;
    unsigned mmu_idx;
    TranslationBlock *tb;
    unsigned h;

    cur_ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags, &mmu_idx);
    h = (unsigned)(pc ^ (pc >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);
    tb = cpu->jmp_cache[h];
    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == 0 && !tb->invalid)
        return tb;
    return NULL;
}

/* The loop proper, apart from cpu_exec so its locals live in a frame that
 * the longjmp abandons rather than one it returns into. */
static int cpu_exec_loop(VCPUCommon *cpu, const TCGCPUOps *ops)
{
    TranslationBlock *last_tb = NULL;
    unsigned last_slot = 0;

    for (;;) {
        TranslationBlock *tb;
        uintptr_t ret;
        int irq = atomic_load_explicit(&cpu->interrupt_request, memory_order_relaxed);

        if (irq && ops->exec_interrupt && ops->exec_interrupt(cpu, irq))
            last_tb = NULL;     /* now elsewhere: do not chain from the old TB */
        if (atomic_load(&cpu->exit_request)) {
            atomic_store(&cpu->exit_request, 0);
            cpu->exception_index = EXCP_EXIT_REQUEST;
            return cpu->exception_index;
        }
        if (atomic_load_explicit(&cpu->tlb_flush_pending, memory_order_relaxed)) {
            /* Another thread changed the mappings (tlb_flush_all_cpus). */
            atomic_store(&cpu->tlb_flush_pending, 0);
            tlb_flush(cpu);
            last_tb = NULL;
        }
        tb = tb_find(cpu, ops, cpu->cflags_next);
        if (cpu->cflags_next) {
            /* A one-off translation mode: never chain into or out of it. */
            cpu->cflags_next = 0;
            last_tb = NULL;
        }
        if (last_tb && !(last_tb->cflags & TB_CF_NO_CHAIN) && !(tb->cflags & TB_CF_NO_CHAIN)) {
            tb_lock();
            tb_add_jump(last_tb, last_slot, tb);
            tb_unlock();
            stats.chains++;
        }
        cpu->current_tb = tb;
        ret = backend->exec(cpu, tb);
        cpu->current_tb = NULL;
        last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        last_slot = ret & TB_EXIT_MASK;
        if (last_slot > TB_EXIT_IDX1)
            last_tb = NULL;
    }
}

int cpu_exec(VCPUCommon *cpu, const TCGCPUOps *ops)
{
    cur_ops = ops;
    tci_lookup_tb = lookup_tb_for_goto_ptr;
    for (;;) {
        cpu->exception_index = -1;
        if (sigsetjmp(cpu->jmp_env, 0)) {
            /* A guest exception or an exit unwound to here. */
            cpu->current_tb = NULL;
            if (cpu->exception_index == EXCP_RERUN)
                continue;
            return cpu->exception_index;
        }
        return cpu_exec_loop(cpu, ops);
    }
}

ExecStats cpu_exec_stats(void) { return stats; }
