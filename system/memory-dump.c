/*
 * The monitor's "info mtree", in QEMU's format (hmp "info mtree" in
 * QEMU 7.2), so that output can be compared line by line.
 */
#include "system/memory.h"

#include <inttypes.h>
#include <stdlib.h>

/* The same bound as memory.c's renderer: alias loops stop here too. */
#define MTREE_MAX_DEPTH 64

typedef struct MtreeQueue {
    const MemoryRegion **mr;
    unsigned nr, cap;
} MtreeQueue;

static void mtree_queue_add(MtreeQueue *q, const MemoryRegion *mr)
{
    for (unsigned i = 0; i < q->nr; i++) {
        if (q->mr[i] == mr)
            return;
    }
    if (q->nr == q->cap) {
        unsigned cap = q->cap ? q->cap * 2 : 8;
        const MemoryRegion **p = realloc(q->mr, cap * sizeof(*p));

        if (!p)
            return;     /* the dump just lacks that alias target */
        q->mr = p;
        q->cap = cap;
    }
    q->mr[q->nr++] = mr;
}

/* QEMU's memory_region_type(): an alias shows as what it points at. */
static const char *mtree_type(const MemoryRegion *mr)
{
    for (unsigned depth = 0; mr->kind == MR_ALIAS && depth < MTREE_MAX_DEPTH; depth++)
        mr = mr->alias;
    return mr->kind == MR_RAM ? "ram" : mr->kind == MR_ROM ? "rom" : "i/o";
}

/* QEMU's MR_SIZE(): size - 1, with 2^64 and 0 both printing sensibly. */
static uint64_t mtree_span(uint64_t size)
{
    return size == UINT64_MAX ? UINT64_MAX : size ? size - 1 : 0;
}

/* Sort key of QEMU's print queue: address, then higher priority, else list order. */
static bool mtree_before(const MemoryRegion *a, const MemoryRegion *b)
{
    return a->addr < b->addr || (a->addr == b->addr && a->priority > b->priority);
}

static void mtree_print(FILE *f, const MemoryRegion *mr, unsigned level, uint64_t base,
                        MtreeQueue *aliases, bool show_disabled)
{
    uint64_t start = base + mr->addr;
    const MemoryRegion **kids = NULL;
    unsigned n = 0;

    if (level > MTREE_MAX_DEPTH)
        return;
    if (mr->enabled || show_disabled) {
        fprintf(f, "%*s%016" PRIx64 "-%016" PRIx64 " (prio %d, %s): ", 2 * level, "", start,
                start + mtree_span(mr->size), mr->priority, mtree_type(mr));
        if (mr->kind == MR_ALIAS) {
            fprintf(f, "alias %s @%s %016" PRIx64 "-%016" PRIx64, mr->name, mr->alias->name,
                    mr->alias_offset, mr->alias_offset + mtree_span(mr->size));
            mtree_queue_add(aliases, mr->alias);
        } else {
            fputs(mr->name, f);
        }
        fputs(mr->enabled ? "\n" : " [disabled]\n", f);
    }
    for (const MemoryRegion *c = mr->subregions; c; c = c->next_sibling)
        n++;
    if (n && !(kids = malloc(n * sizeof(*kids))))
        return;
    n = 0;
    for (const MemoryRegion *c = mr->subregions; c; c = c->next_sibling) {
        unsigned i = n++;

        for (; i && mtree_before(c, kids[i - 1]); i--)
            kids[i] = kids[i - 1];
        kids[i] = c;
    }
    for (unsigned i = 0; i < n; i++)
        mtree_print(f, kids[i], level + 1, start, aliases, show_disabled);
    free(kids);
}

typedef struct MtreeFlat {
    FILE *f;
    unsigned ranges;
} MtreeFlat;

static int mtree_flat_range(void *opaque, uint64_t start, uint64_t last, MemoryRegion *mr,
                            uint64_t offset)
{
    MtreeFlat *m = opaque;

    m->ranges++;
    fprintf(m->f, "  %016" PRIx64 "-%016" PRIx64 " (prio %d, %s): %s", start, last,
            mr->priority, mtree_type(mr), mr->name);
    if (offset)
        fprintf(m->f, " @%016" PRIx64, offset);
    fputc('\n', m->f);
    return 0;
}

/* One FlatView per address space, where QEMU shares a view between spaces of one root. */
static void mtree_print_flat(FILE *f, AddressSpace *as, unsigned index)
{
    MtreeFlat m = { .f = f };

    fprintf(f, "FlatView #%u\n AS \"%s\", root: %s\n Root memory region: %s\n", index,
            as->name, as->root->name, as->root->name);
    address_space_walk(as, mtree_flat_range, &m);
    if (!m.ranges)
        fputs("  No rendered FlatView\n", f);
    fputc('\n', f);
}

void memory_region_dump_mtree(FILE *f, bool flat, bool show_disabled)
{
    MtreeQueue aliases = { 0 };
    unsigned index = 0;

    for (AddressSpace *as = address_space_next(NULL); as; as = address_space_next(as)) {
        if (flat) {
            mtree_print_flat(f, as, index++);
            continue;
        }
        fprintf(f, "address-space: %s\n", as->name);
        mtree_print(f, as->root, 1, 0, &aliases, show_disabled);
        fputc('\n', f);
    }
    /* The queue grows as alias targets hold aliases of their own. */
    for (unsigned i = 0; i < aliases.nr; i++) {
        fprintf(f, "memory-region: %s\n", aliases.mr[i]->name);
        mtree_print(f, aliases.mr[i], 1, 0, &aliases, show_disabled);
        fputc('\n', f);
    }
    free(aliases.mr);
}
