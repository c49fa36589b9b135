/* The translation-block cache: see tb-cache.h. */
#include "tcg/tb-cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "tcg/cpu-common.h"
#include "tcg/softmmu.h"

#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define PAGE_HASH_BITS 14
#define PAGE_HASH_SIZE (1u << PAGE_HASH_BITS)

/* The TBs whose code comes from one guest physical page. */
typedef struct PageDesc {
    uint64_t page;
    TranslationBlock *first;     /* threaded through page_next[n]; low bit = n */
    struct PageDesc *next;
} PageDesc;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static TranslationBlock *htable[TB_HASH_SIZE];
static PageDesc *pages[PAGE_HASH_SIZE];
static TranslationBlock *zombies;      /* invalidated, freed at tb_flush */
static TBStats stats;
/* The backend whose TBs are cached: told about chaining, frees their code. */
static const TCGBackend *cache_backend;

void tb_cache_set_backend(const TCGBackend *be)
{
    cache_backend = be;
}

/* Mirror a change of from->jmp_dest[slot] into the backend's code. */
static void set_jump(TranslationBlock *from, unsigned slot, TranslationBlock *to)
{
    if (cache_backend && cache_backend->set_jump)
        cache_backend->set_jump(from, slot, to);
}

void tb_lock(void) { pthread_mutex_lock(&lock); }
void tb_unlock(void) { pthread_mutex_unlock(&lock); }

void tb_cache_init(void) {}

static unsigned tb_hash(uint64_t phys_pc, uint64_t pc, uint32_t flags)
{
    uint64_t h = phys_pc * 0x9e3779b97f4a7c15ull ^ pc * 0xc2b2ae3d27d4eb4full ^ flags;
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

static unsigned page_hash(uint64_t page)
{
    return (unsigned)((page >> TARGET_PAGE_BITS) * 0x9e3779b97f4a7c15ull >> (64 - PAGE_HASH_BITS));
}

static PageDesc *page_find(uint64_t paddr, bool alloc)
{
    uint64_t page = paddr & TARGET_PAGE_MASK;
    PageDesc **head = &pages[page_hash(page)], *p;

    for (p = *head; p; p = p->next) {
        if (p->page == page)
            return p;
    }
    if (!alloc || !(p = calloc(1, sizeof(*p))))
        return NULL;
    p->page = page;
    p->next = *head;
    *head = p;
    return p;
}

TranslationBlock *tb_htable_lookup(uint64_t pc, uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags, uint64_t phys_pc)
{
    TranslationBlock *tb;

    tb_lock();
    for (tb = htable[tb_hash(phys_pc, pc, flags)]; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
            tb->cflags == cflags && tb->page_addr[0] == (phys_pc & TARGET_PAGE_MASK) &&
            !tb->invalid)
            break;
    }
    tb_unlock();
    return tb;
}

TranslationBlock *tb_alloc(void)
{
    TranslationBlock *tb = calloc(1, sizeof(*tb));

    if (tb)
        tb->page_addr[0] = tb->page_addr[1] = ~0ull;
    return tb;
}

void tb_free_unlinked(TranslationBlock *tb, const TCGBackend *be)
{
    if (!tb)
        return;
    if (tb->code && be->free_code)
        be->free_code(tb);
    free(tb->insn_pc);
    free(tb);
}

void tb_link(TranslationBlock *tb)
{
    uint64_t phys_pc = tb->page_addr[0] | (tb->pc & ~TARGET_PAGE_MASK);
    unsigned h = tb_hash(phys_pc, tb->pc, tb->flags);

    for (unsigned n = 0; n < 2; n++) {
        PageDesc *p;

        if (tb->page_addr[n] == ~0ull)
            continue;
        p = page_find(tb->page_addr[n], true);
        if (!p)
            abort();     /* out of memory for a 32-byte node: nothing sane to do */
        if (!p->first)
            tlb_protect_code(tb->page_addr[n]);
        tb->page_next[n] = p->first;
        p->first = (TranslationBlock *)((uintptr_t)tb | n);
    }
    tb->hash_next = htable[h];
    htable[h] = tb;
    stats.live++;
    stats.translated++;
}

void tb_add_jump(TranslationBlock *from, unsigned slot, TranslationBlock *to)
{
    if (from->jmp_dest[slot] || to->invalid || from->invalid)
        return;
    from->jmp_next[slot] = to->jmp_list_first;
    to->jmp_list_first = (uintptr_t)from | slot;
    atomic_store_explicit((_Atomic(TranslationBlock *) *)&from->jmp_dest[slot], to,
                          memory_order_release);
    set_jump(from, slot, to);
}

/* Remove from's link in slot from its destination's incoming list. */
static void tb_unlink_outgoing(TranslationBlock *from, unsigned slot)
{
    TranslationBlock *to = from->jmp_dest[slot];
    uintptr_t *pp;

    if (!to)
        return;
    for (pp = &to->jmp_list_first; *pp;) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)3);
        unsigned n = *pp & 3;

        if (t == from && n == slot) {
            *pp = from->jmp_next[slot];
            break;
        }
        pp = &t->jmp_next[n];
    }
    from->jmp_dest[slot] = NULL;
    set_jump(from, slot, NULL);
}

static void tb_remove_from_page(TranslationBlock *tb, unsigned n)
{
    PageDesc *p = page_find(tb->page_addr[n], false);
    TranslationBlock **pp;

    if (!p)
        return;
    for (pp = &p->first; *pp;) {
        TranslationBlock *t = (TranslationBlock *)((uintptr_t)*pp & ~(uintptr_t)1);
        unsigned k = (uintptr_t)*pp & 1;

        if (t == tb && k == n) {
            *pp = tb->page_next[n];
            break;
        }
        pp = &t->page_next[k];
    }
}

/* Unlink tb from everything; its memory waits for tb_flush. Lock held. */
static void tb_invalidate(TranslationBlock *tb)
{
    uint64_t phys_pc = tb->page_addr[0] | (tb->pc & ~TARGET_PAGE_MASK);
    TranslationBlock **pp = &htable[tb_hash(phys_pc, tb->pc, tb->flags)];

    tb->invalid = true;
    for (; *pp; pp = &(*pp)->hash_next) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            break;
        }
    }
    for (unsigned n = 0; n < 2; n++) {
        if (tb->page_addr[n] != ~0ull)
            tb_remove_from_page(tb, n);
        tb_unlink_outgoing(tb, n);
    }
    /* Whoever jumps straight to us must come back to the loop instead. */
    while (tb->jmp_list_first) {
        TranslationBlock *from = (TranslationBlock *)(tb->jmp_list_first & ~(uintptr_t)3);
        unsigned n = tb->jmp_list_first & 3;

        tb->jmp_list_first = from->jmp_next[n];
        atomic_store_explicit((_Atomic(TranslationBlock *) *)&from->jmp_dest[n], NULL,
                              memory_order_release);
        set_jump(from, n, NULL);
    }
    tb->hash_next = zombies;
    zombies = tb;
    stats.live--;
    stats.invalidated++;
}

bool tb_invalidate_phys_range(uint64_t paddr, uint64_t len, const TranslationBlock *current)
{
    uint64_t end = paddr + len;
    bool hit_current = false;

    tb_lock();
    for (uint64_t page = paddr & TARGET_PAGE_MASK; page < end; page += TARGET_PAGE_SIZE) {
        PageDesc *p = page_find(page, false);
        TranslationBlock *tb, *next;

        if (!p)
            continue;
        for (tb = p->first; tb; tb = next) {
            unsigned n = (uintptr_t)tb & 1;
            TranslationBlock *t = (TranslationBlock *)((uintptr_t)tb & ~(uintptr_t)1);
            uint64_t off0 = t->pc & ~TARGET_PAGE_MASK;
            uint64_t start, stop;

            /* The bytes of t that lie on this page; only an overlap counts. */
            if (n == 0) {
                start = p->page + off0;
                stop = start + t->size;
                if (stop > p->page + TARGET_PAGE_SIZE)
                    stop = p->page + TARGET_PAGE_SIZE;
            } else {
                start = p->page;
                stop = p->page + (off0 + t->size - TARGET_PAGE_SIZE);
            }
            next = t->page_next[n];
            if (start < end && paddr < stop) {
                hit_current |= t == current;
                tb_invalidate(t);
            }
        }
    }
    tb_unlock();
    return hit_current;
}

bool tb_page_has_code(uint64_t paddr)
{
    PageDesc *p;
    bool has;

    tb_lock();
    p = page_find(paddr, false);
    has = p && p->first;
    tb_unlock();
    return has;
}

void tb_flush(const TCGBackend *be)
{
    /* The TBs are the cache's backend's whatever the caller names. */
    if (cache_backend)
        be = cache_backend;
    tb_lock();
    for (unsigned i = 0; i < TB_HASH_SIZE; i++) {
        TranslationBlock *tb, *next;

        for (tb = htable[i]; tb; tb = next) {
            next = tb->hash_next;
            tb_free_unlinked(tb, be);
        }
        htable[i] = NULL;
    }
    while (zombies) {
        TranslationBlock *next = zombies->hash_next;
        tb_free_unlinked(zombies, be);
        zombies = next;
    }
    for (unsigned i = 0; i < PAGE_HASH_SIZE; i++) {
        while (pages[i]) {
            PageDesc *next = pages[i]->next;
            free(pages[i]);
            pages[i] = next;
        }
    }
    stats.live = 0;
    stats.flushes++;
    if (be->flush_code)
        be->flush_code();
    tb_unlock();
    /* The jump caches point at what was just freed. */
    vcpu_clear_jmp_caches();
}

TBStats tb_stats(void)
{
    TBStats s;

    tb_lock();
    s = stats;
    tb_unlock();
    return s;
}
