/* The TCG execution loop: see cpu-exec.h. */
#include "accel/tcg/cpu-exec.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "system/error.h"
#include "system/log.h"
#include "tcg/softmmu.h"
#include "tcg/tb-cache.h"

static const TCGBackend *backend;
static pthread_once_t backend_once = PTHREAD_ONCE_INIT;
static ExecStats stats;

/* ---- Choosing the backend ------------------------------------------------------ */

static int select_backend(const char *name)
{
    const TCGBackend *be = NULL;

    if (!strcmp(name, "interp") || !strcmp(name, "tci"))
        be = &tcg_backend_tci;
    else if (!strcmp(name, "native"))
        be = tcg_native_backend();
    if (!be)
        return -EINVAL;
    if (backend && backend != be)
        tb_flush(backend);    /* the cached TBs are the old backend's */
    backend = be;
    tb_cache_set_backend(be);
    return 0;
}

/* Native where the host has a code generator; VIREO_TCG_BACKEND overrides. */
static void backend_init(void)
{
    const char *env = getenv("VIREO_TCG_BACKEND");

    select_backend(tcg_native_backend() ? "native" : "interp");
    if (env && *env && select_backend(env) < 0)
        warn_report("VIREO_TCG_BACKEND=%s: no such backend on this host, using %s", env,
                    backend->name);
}

int tcg_set_backend(const char *name)
{
    pthread_once(&backend_once, backend_init);
    return select_backend(name);
}

const TCGBackend *tcg_current_backend(void)
{
    pthread_once(&backend_once, backend_init);
    return backend;
}

/* ---- Exclusive section: flushing the code while no vCPU runs it ----------------------
 *
 * Every vCPU inside cpu_exec is on the running list. A vCPU whose backend
 * ran out of code space stops the others (exit_request), waits until it is
 * the only one left in cpu_exec, flushes every TB, and lets them back in.
 * Entering cpu_exec waits while a flush is pending.
 */
static pthread_mutex_t excl_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t excl_cond = PTHREAD_COND_INITIALIZER;
static VCPUCommon **running;
static unsigned nb_running, cap_running;
static bool excl_pending;
/* This thread's flush freed every TB: forget the one to chain from. */
static _Thread_local bool code_flushed;

static void running_add(VCPUCommon *cpu)
{
    if (nb_running == cap_running) {
        unsigned cap = cap_running ? 2 * cap_running : 16;
        VCPUCommon **p = realloc(running, cap * sizeof(*p));

        if (!p)
            abort();   /* a few pointers: nothing sane to do without them */
        running = p;
        cap_running = cap;
    }
    running[nb_running++] = cpu;
}

static void running_del(VCPUCommon *cpu)
{
    for (unsigned i = 0; i < nb_running; i++) {
        if (running[i] == cpu) {
            running[i] = running[--nb_running];
            break;
        }
    }
    pthread_cond_broadcast(&excl_cond);
}

static void exec_enter(VCPUCommon *cpu)
{
    pthread_mutex_lock(&excl_lock);
    while (excl_pending)
        pthread_cond_wait(&excl_cond, &excl_lock);
    running_add(cpu);
    pthread_mutex_unlock(&excl_lock);
}

static void exec_leave(VCPUCommon *cpu)
{
    pthread_mutex_lock(&excl_lock);
    running_del(cpu);
    pthread_mutex_unlock(&excl_lock);
}

/* The code buffer is full: drop every TB, with cpu the only vCPU in cpu_exec. */
static void flush_all_code(VCPUCommon *cpu)
{
    pthread_mutex_lock(&excl_lock);
    if (excl_pending) {
        /* Another vCPU is flushing: step out of its way until it is done. */
        running_del(cpu);
        while (excl_pending)
            pthread_cond_wait(&excl_cond, &excl_lock);
        running_add(cpu);
        pthread_mutex_unlock(&excl_lock);
        code_flushed = true;
        return;
    }
    excl_pending = true;
    for (unsigned i = 0; i < nb_running; i++) {
        if (running[i] != cpu)
            cpu_exit(running[i]);
    }
    while (nb_running > 1)
        pthread_cond_wait(&excl_cond, &excl_lock);
    pthread_mutex_unlock(&excl_lock);

    tb_flush(backend);
    memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
    code_flushed = true;

    pthread_mutex_lock(&excl_lock);
    excl_pending = false;
    pthread_cond_broadcast(&excl_cond);
    pthread_mutex_unlock(&excl_lock);
}

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
    int ret;

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
    ret = backend->gen_code(s, tb);
    if (ret == -ENOSPC) {
        /* The code buffer is full: start it afresh (a TB too big for an
         * empty buffer is a translator bug). */
        flush_all_code(cpu);
        ret = backend->gen_code(s, tb);
    }
    if (ret < 0)
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
    /*
     * Not in the jump cache (never looked up here, or pushed out by another
     * pc with the same hash): try the TB hash table when the TLB already maps
     * the code page. A fill could fault, and a fault here would be taken at
     * the jumping instruction: leave those to the loop.
     */
    if (mmu_idx < NB_MMU_MODES) {
        const CPUTLBEntry *e = &cpu->tlb[mmu_idx][tlb_index(pc)];

        if (e->addr_code == (pc & TARGET_PAGE_MASK)) {
            uint64_t phys = cpu->iotlb[mmu_idx][tlb_index(pc)].paddr | (pc & ~TARGET_PAGE_MASK);

            tb = tb_htable_lookup(pc, cs_base, flags, 0, phys);
            if (tb) {
                cpu->jmp_cache[h] = tb;
                return tb;
            }
        }
    }
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
        if (code_flushed) {
            code_flushed = false;
            last_tb = NULL;     /* freed by the flush */
        }
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

static int cpu_exec_inner(VCPUCommon *cpu, const TCGCPUOps *ops)
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

int cpu_exec(VCPUCommon *cpu, const TCGCPUOps *ops)
{
    int ret;

    pthread_once(&backend_once, backend_init);
    exec_enter(cpu);
    ret = cpu_exec_inner(cpu, ops);
    exec_leave(cpu);
    return ret;
}

ExecStats cpu_exec_stats(void) { return stats; }
