/*
 * The translation-block cache: TBs found by (pc, cs_base, flags, cflags,
 * physical pc), chained to each other, and dropped when the guest writes to
 * the physical pages their code came from.
 *
 * Locking: one mutex (the tb lock) guards the hash, the page lists and the
 * chain links; the per-vCPU jump cache in VCPUCommon is touched only by its
 * own vCPU (and cleared by tlb_flush). An invalidated TB is unlinked at once
 * but its memory is kept until tb_flush(), which runs only when no vCPU is
 * inside translated code, so a vCPU that is still running it is safe.
 */
#ifndef TCG_TB_CACHE_H
#define TCG_TB_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/tb.h"

void tb_cache_init(void);
/*
 * The backend that made the cached TBs: its set_jump follows every change
 * of jmp_dest, and tb_flush frees with it (whatever backend it is passed).
 */
void tb_cache_set_backend(const TCGBackend *be);

void tb_lock(void);
void tb_unlock(void);

/* Find a valid TB; NULL if none. Takes the tb lock. */
TranslationBlock *tb_htable_lookup(uint64_t pc, uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags, uint64_t phys_pc);

/* A zeroed TB, owned by the caller until tb_link. */
TranslationBlock *tb_alloc(void);
void tb_free_unlinked(TranslationBlock *tb, const TCGBackend *be);

/*
 * Publish tb: into the hash and onto the lists of the physical pages its
 * code spans (tb->page_addr[]); tells the soft MMU to write-protect them.
 * Called with the tb lock held.
 */
void tb_link(TranslationBlock *tb);

/* Chain from's exit slot to to. Called with the tb lock held. */
void tb_add_jump(TranslationBlock *from, unsigned slot, TranslationBlock *to);

/*
 * The guest wrote [paddr, paddr+len): invalidate every TB built from it.
 * Returns true if current (the TB the writing vCPU is running, or NULL) was
 * among them.
 */
bool tb_invalidate_phys_range(uint64_t paddr, uint64_t len, const TranslationBlock *current);
bool tb_page_has_code(uint64_t paddr);

/* Drop every TB and free them all. Only with every vCPU outside translated code. */
void tb_flush(const TCGBackend *be);

/* Statistics for bench/ and the monitor. */
typedef struct TBStats {
    unsigned long live, invalidated, translated, flushes;
} TBStats;
TBStats tb_stats(void);

#endif
