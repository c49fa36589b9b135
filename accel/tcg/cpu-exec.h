/*
 * The TCG execution loop: find or translate the TB at the CPU's pc, run it
 * on the backend, chain it to its successor, and come back here when a
 * guest exception or an exit request unwinds.
 *
 * Guest exceptions have one path (STYLE point 6): a helper or the soft MMU
 * sets cpu->exception_index and calls cpu_loop_exit_restore(), which puts the
 * guest pc back on the faulting instruction and longjmps to cpu_exec(), which
 * returns the exception index to its caller (the accelerator, the user-mode
 * runner, a test), which decides what the exception means.
 */
#ifndef ACCEL_TCG_CPU_EXEC_H
#define ACCEL_TCG_CPU_EXEC_H

#include <stdnoreturn.h>

#include "tcg/cpu-common.h"
#include "tcg/tb.h"
#include "tcg/tcg.h"

typedef struct TCGCPUOps {
    /* Register the front end's IR globals in a fresh context. */
    void (*tcg_init)(TCGContext *s);
    /* The TB key for the current state, and the MMU index for fetching. */
    void (*get_tb_cpu_state)(VCPUCommon *cpu, uint64_t *pc, uint64_t *cs_base,
                             uint32_t *flags, unsigned *fetch_mmu_idx);
    /*
     * Emit IR for the TB starting at tb->pc (at most max_insns guest
     * instructions); fill tb->size, tb->icount and tb->page_addr[]. Code
     * fetch faults raise as usual (before any op is run).
     */
    void (*translate)(VCPUCommon *cpu, TCGContext *s, TranslationBlock *tb, unsigned max_insns);
    /* Set the guest pc (and whatever else) to the start of instruction pc. */
    void (*restore_pc)(VCPUCommon *cpu, uint64_t pc);
    /*
     * Optional: take what cpu->interrupt_request asks for, if the guest
     * state allows it now (interrupts enabled, no shadow). Called between
     * TBs; returns true if the guest state changed (an interrupt was
     * delivered). May unwind with cpu_loop_exit (a triple fault).
     */
    bool (*exec_interrupt)(VCPUCommon *cpu, int request);
} TCGCPUOps;

/* Run until an exception or exit request; returns cpu->exception_index. */
int cpu_exec(VCPUCommon *cpu, const TCGCPUOps *ops);

/* Unwind to cpu_exec with the guest state already consistent. */
noreturn void cpu_loop_exit(VCPUCommon *cpu);
/* Unwind from inside a TB: first restore the pc of the faulting instruction. */
noreturn void cpu_loop_exit_restore(VCPUCommon *cpu);

/*
 * The running TB was just invalidated by a store of its own (self-modifying
 * code): restore the state to the start of the current instruction, and
 * rerun that instruction alone in a fresh one-instruction TB before going on.
 * cpu_exec does not return for this.
 */
noreturn void cpu_loop_exit_rerun_insn(VCPUCommon *cpu);

/*
 * Restore the state to the start of the current instruction and run it
 * again from the same TB (a locked read-modify-write lost a race with
 * another vCPU). cpu_exec does not return for this.
 */
noreturn void cpu_loop_exit_restart_insn(VCPUCommon *cpu);

/* Ask a vCPU to return from cpu_exec at the next TB boundary (any thread). */
void cpu_exit(VCPUCommon *cpu);

/*
 * The translator's backend: "native" (host code; the default where the host
 * has a generator, tcg_native_backend()) or "interp" (the portable
 * interpreter, the default elsewhere). The environment variable
 * VIREO_TCG_BACKEND=native|interp, read once at the first use, sets it
 * too; an explicit call wins. Call before any vCPU runs: switching flushes
 * every TB. 0, or -EINVAL for a backend this host lacks.
 */
int tcg_set_backend(const char *name);
const TCGBackend *tcg_current_backend(void);

/* Counters for bench/ and -d: translation and execution. */
typedef struct ExecStats {
    unsigned long tbs_translated, insns_translated, tb_lookups, chains;
    uint64_t translate_ns;
} ExecStats;
ExecStats cpu_exec_stats(void);

#endif
