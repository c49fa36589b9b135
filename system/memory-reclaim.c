/*
 * Read sections and deferred reclamation for the memory API (memory.h, rule
 * 3): a reader never takes a lock or writes a shared cache line, and the
 * writer never waits for readers.
 *
 * Epoch-based: a reader announces, in a slot of its own, the global epoch it
 * saw on entering its outermost section. Retiring something bumps the epoch
 * and stamps the item with the new value E. A reader whose slot shows E or
 * later entered after the item became unreachable, so the item is due once
 * every occupied slot is at E or later (or empty).
 */
#include "system/memory.h"

#include <pthread.h>

#define READER_SLOTS 256

typedef struct ReaderSlot {
    _Alignas(64) _Atomic uint64_t epoch;    /* 0: not in a section; own cache line */
    atomic_bool taken;
} ReaderSlot;

_Thread_local unsigned memory_read_depth;

static ReaderSlot slots[READER_SLOTS];
/* Threads that found every slot taken count here; while any is inside, nothing is due. */
static ReaderSlot overflow_slot;
static _Atomic uint64_t overflow_readers;
static _Atomic uint64_t epoch = 1;
static _Thread_local ReaderSlot *my_slot;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t slot_key;
static bool slot_key_ok;
static MemoryDeferred *deferred;        /* writer side only: under the bql */

static void slot_release(void *p)
{
    ReaderSlot *s = p;

    atomic_store_explicit(&s->epoch, 0, memory_order_release);
    atomic_store_explicit(&s->taken, false, memory_order_release);
}

static void slot_key_create(void)
{
    slot_key_ok = pthread_key_create(&slot_key, slot_release) == 0;
}

static ReaderSlot *slot_claim(void)
{
    pthread_once(&key_once, slot_key_create);
    for (unsigned i = 0; i < READER_SLOTS; i++) {
        bool expected = false;

        if (atomic_load_explicit(&slots[i].taken, memory_order_relaxed))
            continue;
        if (atomic_compare_exchange_strong(&slots[i].taken, &expected, true)) {
            /* Without the key the slot outlives its thread: harmless, it stays at 0. */
            if (slot_key_ok)
                pthread_setspecific(slot_key, &slots[i]);
            return &slots[i];
        }
    }
    return &overflow_slot;
}

void memory_read_enter(void)
{
    ReaderSlot *s = my_slot;

    if (!s)
        s = my_slot = slot_claim();
    /*
     * Seq_cst read-modify-writes, paired with the writer's seq_cst fence in
     * memory_reclaim and the seq_cst loads of view pointers that follow
     * (memory.c): either the writer sees our announcement, or we see its
     * swap. An exchange is cheaper than a store and a fence on x86.
     * The epoch we announce may be stale: that only delays reclamation.
     */
    if (s == &overflow_slot)
        atomic_fetch_add(&overflow_readers, 1);
    else
        atomic_exchange(&s->epoch, atomic_load_explicit(&epoch, memory_order_acquire));
}

void memory_read_exit(void)
{
    if (my_slot == &overflow_slot)
        atomic_fetch_sub_explicit(&overflow_readers, 1, memory_order_release);
    else
        atomic_store_explicit(&my_slot->epoch, 0, memory_order_release);
}

void memory_defer(MemoryDeferred *node, void (*fn)(void *opaque), void *opaque)
{
    node->fn = fn;
    node->opaque = opaque;
    /* seq_cst: after the caller's unpublishing store, before any reclaim's fence. */
    node->epoch = atomic_fetch_add(&epoch, 1) + 1;
    node->next = deferred;
    deferred = node;
}

unsigned memory_reclaim(void)
{
    uint64_t oldest = UINT64_MAX;
    MemoryDeferred **pp = &deferred, *due = NULL;
    unsigned pending = 0;

    if (!deferred)
        return 0;
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load(&overflow_readers))
        oldest = 0;
    for (unsigned i = 0; i < READER_SLOTS; i++) {
        uint64_t e = atomic_load_explicit(&slots[i].epoch, memory_order_acquire);

        if (e && e < oldest)
            oldest = e;
    }
    while (*pp) {
        MemoryDeferred *d = *pp;

        if (d->epoch <= oldest) {
            *pp = d->next;
            d->next = due;
            due = d;
        } else {
            pp = &d->next;
            pending++;
        }
    }
    /* Unlinked before running: a callback may free its node or defer more. */
    while (due) {
        MemoryDeferred *d = due;

        due = d->next;
        d->fn(d->opaque);
    }
    return pending;
}
