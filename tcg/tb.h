/*
 * Translation blocks and the backend interface.
 *
 * A TB is the translation of a straight run of guest code starting at
 * (pc, cs_base, flags). Its exits are either chainable direct jumps
 * (goto_tb slot 0/1: once the successor is known, the backend jumps straight
 * to it without returning to the execution loop) or returns to the loop.
 */
#ifndef TCG_TB_H
#define TCG_TB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tcg.h"

typedef struct TranslationBlock TranslationBlock;

struct TranslationBlock {
    uint64_t pc;              /* guest virtual address of the first byte */
    uint64_t cs_base;
    uint32_t flags;           /* front-end mode bits that change translation */
    uint32_t cflags;          /* TB_CF_* */
    uint32_t size;            /* guest code bytes covered */
    uint32_t icount;          /* guest instructions */
    uint64_t page_addr[2];    /* guest physical pages spanned; -1 = none */

    void *code;               /* the backend's translation (bytecode for tci) */
    uint32_t code_size;
    /* Guest pc of each instruction, in order: restores state at a fault.
     * Filled by the backend's gen_code from the insn_start ops (malloc'd,
     * icount entries; gen_code sets icount too); freed with the TB. */
    uint64_t *insn_pc;

    TranslationBlock *jmp_dest[2];   /* chained successors, NULL = not chained */
    /* Who jumps to us, so invalidation can unchain: list threaded through
     * jmp_next[slot] of the jumping TBs; low bit of each link = its slot. */
    uintptr_t jmp_list_first;
    uintptr_t jmp_next[2];

    TranslationBlock *hash_next;     /* tb-cache.c hash chain */
    TranslationBlock *page_next[2];  /* TBs on the same physical page */
    bool invalid;
};

enum {
    TB_CF_SINGLE_STEP = 1 << 0,   /* one instruction per TB (-d exec debug, gdb step) */
    TB_CF_NO_CHAIN    = 1 << 1,   /* never chain from this TB */
    TB_CF_COUNT_MASK  = 0xffff0000u,  /* max instructions << 16, 0 = default */
};

/*
 * Exit values returned by a backend's exec: a TB pointer with the slot in
 * the low 2 bits. Slots 0/1: left through goto_tb slot N (chainable);
 * TB_EXIT_REQUESTED: stopped because exit_request was set;
 * TB_EXIT_NOCHAIN: ordinary return (exit_tb 0, goto_ptr miss).
 */
enum { TB_EXIT_IDX0 = 0, TB_EXIT_IDX1 = 1, TB_EXIT_REQUESTED = 2, TB_EXIT_NOCHAIN = 3 };
#define TB_EXIT_MASK 3u

typedef struct TCGBackend {
    const char *name;
    /* Turn the optimized op list in s into tb->code. 0, or -ENOSPC (too big). */
    int (*gen_code)(TCGContext *s, TranslationBlock *tb);
    /* Run tb (and what it chains to) on env; returns an exit value above. */
    uintptr_t (*exec)(void *env, TranslationBlock *tb);
    void (*free_code)(TranslationBlock *tb);
    /* The guest instruction index being executed when a helper faulted. */
    int (*fault_insn)(void *env, const TranslationBlock *tb);
    /* Print tb->code (-d out_asm). */
    void (*dump)(const TranslationBlock *tb, FILE *f);
    /*
     * Optional, for backends that jump straight from TB to TB: make goto_tb
     * slot of from go to to's code (to NULL: back to returning from exec).
     * Called by tb-cache.c under the tb lock whenever jmp_dest[slot] is set
     * or cleared; jmp_dest stays the source of truth.
     */
    void (*set_jump)(TranslationBlock *from, unsigned slot, TranslationBlock *to);
    /* Optional: every TB was just freed (tb_flush); reuse their code memory. */
    void (*flush_code)(void);
} TCGBackend;

extern const TCGBackend tcg_backend_tci;

/*
 * For a backend's fault_insn: the last of n guest instructions whose code
 * starts at or before off (insn_off ascending), or -1 if off precedes them.
 */
static inline int tb_insn_at(const uint32_t *insn_off, unsigned n, uint32_t off)
{
    int lo = 0, hi = (int)n - 1;

    if (hi < 0 || insn_off[0] > off)
        return -1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;

        if (insn_off[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/*
 * The host's native code generator (tcg/x86_64/ on x86-64 hosts), or NULL
 * on hosts without one (tcg/native-none/).
 */
const TCGBackend *tcg_native_backend(void);
/* Tests: size of the native code buffer, taken when it is next mapped (0: the
 * default 256 MiB). Only while no native TB exists. */
int tcg_native_set_code_size(size_t bytes);
/* Tests: use the host's LZCNT/TZCNT/POPCNT (true) or the fallbacks (false). */
void tcg_native_test_features(bool use_host);

/*
 * goto_ptr: the execution loop sets this to find the TB for the state in
 * env without leaving the backend (NULL: not found, return to the loop).
 */
extern TranslationBlock *(*tci_lookup_tb)(void *env);

#endif
