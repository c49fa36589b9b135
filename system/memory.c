/*
 * The memory API: region trees, their flat views, dispatch through them and
 * the RAM dirty log. See memory.h for the rules this keeps; read sections and
 * reclamation are memory-reclaim.c, the monitor dump memory-dump.c.
 */
#include "system/memory.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "system/error.h"
#include "system/log.h"

/* Aliases pointing at an ancestor would recurse forever; stop here. */
#define MEMORY_MAX_DEPTH 64

/* ---- RAM blocks and the dirty log ------------------------------------ */

struct RamBlock {
    MemoryDeferred reclaim;
    uint8_t *host;
    size_t mapped;
    uint64_t pages;
    _Atomic unsigned log_mask;                  /* clients logging now */
    _Atomic uint64_t *dirty[DIRTY_NR_CLIENTS];  /* set before its log_mask bit */
};

static void ram_block_free(void *opaque)
{
    RamBlock *b = opaque;

    munmap(b->host, b->mapped);
    for (unsigned c = 0; c < DIRTY_NR_CLIENTS; c++)
        free((void *)b->dirty[c]);
    free(b);
}

static int ram_block_new(RamBlock **out, uint64_t size)
{
    long page = sysconf(_SC_PAGESIZE);
    uint64_t align = page > 0 ? (uint64_t)page : 4096;
    RamBlock *b;

    if (!size)
        return -EINVAL;
    if (size > SIZE_MAX - align)
        return -ENOMEM;
    b = calloc(1, sizeof(*b));
    if (!b)
        return -ENOMEM;
    b->mapped = (size + align - 1) & ~(align - 1);
    b->pages = (size + MEMORY_DIRTY_PAGE_SIZE - 1) >> MEMORY_DIRTY_PAGE_BITS;
    /* NORESERVE: guests rarely touch all their RAM, so neither should the host's commit charge. */
    b->host = mmap(NULL, b->mapped, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (b->host == MAP_FAILED) {
        int ret = -errno;

        free(b);
        return ret;
    }
    *out = b;
    return 0;
}

/* Page index range [*first, *last] of [off, off+len) clipped to the block; false if empty. */
static bool dirty_pages(const RamBlock *b, uint64_t off, uint64_t len, uint64_t *first,
                        uint64_t *last)
{
    uint64_t end;

    if (!len || (off >> MEMORY_DIRTY_PAGE_BITS) >= b->pages)
        return false;
    end = off + len - 1 < off ? UINT64_MAX : off + len - 1;
    *first = off >> MEMORY_DIRTY_PAGE_BITS;
    *last = end >> MEMORY_DIRTY_PAGE_BITS;
    if (*last >= b->pages)
        *last = b->pages - 1;
    return true;
}

/* Bits of word w that fall in page range [first, last]. */
static uint64_t dirty_word_mask(uint64_t w, uint64_t first, uint64_t last)
{
    uint64_t mask = UINT64_MAX;

    if (w == first / 64)
        mask &= UINT64_MAX << (first % 64);
    if (w == last / 64)
        mask &= UINT64_MAX >> (63 - last % 64);
    return mask;
}

static void ram_block_set_dirty(RamBlock *b, uint64_t off, uint64_t len, unsigned clients)
{
    uint64_t first, last;

    if (!dirty_pages(b, off, len, &first, &last))
        return;
    for (unsigned c = 0; c < DIRTY_NR_CLIENTS; c++) {
        _Atomic uint64_t *map = b->dirty[c];

        if (!(clients & (1u << c)))
            continue;
        for (uint64_t w = first / 64; w <= last / 64; w++) {
            uint64_t mask = dirty_word_mask(w, first, last);

            /* Read first: re-dirtying a hot page should not bounce its cache line. */
            if ((atomic_load_explicit(&map[w], memory_order_relaxed) & mask) != mask)
                atomic_fetch_or_explicit(&map[w], mask, memory_order_relaxed);
        }
    }
}

static RamBlock *dirty_block(const MemoryRegion *mr, unsigned client)
{
    if (mr->kind != MR_RAM || client >= DIRTY_NR_CLIENTS)
        return NULL;
    return mr->ram;
}

int memory_region_set_log(MemoryRegion *mr, bool log, unsigned client)
{
    RamBlock *b = dirty_block(mr, client);

    if (!b)
        return -EINVAL;
    if (!log) {
        atomic_fetch_and_explicit(&b->log_mask, ~(1u << client), memory_order_release);
        return 0;
    }
    if (!b->dirty[client]) {
        /* Kept until the block dies: a writer may still hold the pointer. */
        b->dirty[client] = calloc((b->pages + 63) / 64, sizeof(uint64_t));
        if (!b->dirty[client])
            return -ENOMEM;
    }
    atomic_fetch_or_explicit(&b->log_mask, 1u << client, memory_order_release);
    return 0;
}

void memory_region_set_dirty(MemoryRegion *mr, uint64_t off, uint64_t len)
{
    unsigned clients;

    if (mr->kind != MR_RAM)
        return;
    clients = atomic_load_explicit(&mr->ram->log_mask, memory_order_acquire);
    if (clients)
        ram_block_set_dirty(mr->ram, off, len, clients);
}

/* Test, and with clear also clear, client's bits for [off, off+len). */
static bool dirty_test(MemoryRegion *mr, uint64_t off, uint64_t len, unsigned client, bool clear)
{
    RamBlock *b = dirty_block(mr, client);
    uint64_t first, last;
    bool dirty = false;

    if (!b || !b->dirty[client] || !dirty_pages(b, off, len, &first, &last))
        return false;
    for (uint64_t w = first / 64; w <= last / 64; w++) {
        uint64_t mask = dirty_word_mask(w, first, last);
        _Atomic uint64_t *word = &b->dirty[client][w];

        if (!clear)
            dirty |= (atomic_load_explicit(word, memory_order_relaxed) & mask) != 0;
        else if (atomic_load_explicit(word, memory_order_relaxed) & mask)
            dirty |= (atomic_fetch_and(word, ~mask) & mask) != 0;
        if (dirty && !clear)
            break;
    }
    return dirty;
}

bool memory_region_get_dirty(MemoryRegion *mr, uint64_t off, uint64_t len, unsigned client)
{
    return dirty_test(mr, off, len, client, false);
}

bool memory_region_test_and_clear_dirty(MemoryRegion *mr, uint64_t off, uint64_t len,
                                        unsigned client)
{
    return dirty_test(mr, off, len, client, true);
}

void memory_region_reset_dirty(MemoryRegion *mr, uint64_t off, uint64_t len, unsigned client)
{
    dirty_test(mr, off, len, client, true);
}

/* ---- Regions ---------------------------------------------------------- */

static AddressSpace *address_spaces;        /* in init order, for commit and the dump */
static unsigned transaction_depth;
static bool update_pending;

static void memory_update_all(void);

static void memory_topology_changed(void)
{
    update_pending = true;
    if (!transaction_depth)
        memory_update_all();
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    if (transaction_depth && --transaction_depth == 0 && update_pending)
        memory_update_all();
}

static void region_init(MemoryRegion *mr, const char *name, MemoryRegionKind kind, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->name = name;
    mr->kind = kind;
    mr->size = size;
    mr->enabled = true;
}

/* Last offset inside mr; callers skip size 0 first. UINT64_MAX as size is 2^64. */
static uint64_t region_last(const MemoryRegion *mr)
{
    return mr->size == UINT64_MAX ? UINT64_MAX : mr->size - 1;
}

static int region_init_ram(MemoryRegion *mr, const char *name, uint64_t size,
                           MemoryRegionKind kind)
{
    RamBlock *b;
    int ret = ram_block_new(&b, size);

    region_init(mr, name, MR_NONE, size);
    if (ret < 0)
        return ret;
    mr->kind = kind;
    mr->ram = b;
    return 0;
}

int memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size)
{
    return region_init_ram(mr, name, size, MR_RAM);
}

int memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size)
{
    return region_init_ram(mr, name, size, MR_ROM);
}

/* Round a declared access size to one of 1, 2, 4, 8. */
static uint8_t access_size_fix(unsigned size, unsigned dflt)
{
    unsigned s = 1;

    if (!size)
        return dflt;
    while (s < size && s < 8)
        s <<= 1;
    return s;
}

void memory_region_init_io(MemoryRegion *mr, const char *name, const MemoryRegionOps *ops,
                           void *opaque, uint64_t size)
{
    region_init(mr, name, MR_IO, size);
    mr->ops = ops;
    mr->opaque = opaque;
    mr->min_access = access_size_fix(ops->min_access, 1);
    mr->max_access = access_size_fix(ops->max_access, 4);
    if (mr->max_access < mr->min_access)
        mr->max_access = mr->min_access;
    mr->unaligned = ops->unaligned;
}

void memory_region_init_alias(MemoryRegion *mr, const char *name, MemoryRegion *target,
                              uint64_t offset, uint64_t size)
{
    region_init(mr, name, MR_ALIAS, size);
    mr->alias = target;
    mr->alias_offset = offset;
}

void memory_region_init_container(MemoryRegion *mr, const char *name, uint64_t size)
{
    region_init(mr, name, MR_CONTAINER, size);
}

void memory_region_destroy(MemoryRegion *mr)
{
    memory_region_transaction_begin();
    if (mr->container)
        memory_region_del_subregion(mr->container, mr);
    while (mr->subregions)
        memory_region_del_subregion(mr, mr->subregions);
    memory_region_transaction_commit();
    if (mr->ram)
        memory_defer(&mr->ram->reclaim, ram_block_free, mr->ram);
    mr->kind = MR_NONE;
    mr->ram = NULL;
    memory_reclaim();
}

void memory_region_add_subregion_overlap(MemoryRegion *parent, uint64_t offset,
                                         MemoryRegion *child, int priority)
{
    MemoryRegion **pp = &parent->subregions;

    if (child->container || parent->kind == MR_ALIAS) {
        error_report("memory: cannot map '%s' in '%s'", child->name, parent->name);
        return;
    }
    child->addr = offset;
    child->priority = priority;
    child->container = parent;
    /* Before every sibling of lower or equal priority: the later-added wins a tie. */
    while (*pp && (*pp)->priority > priority)
        pp = &(*pp)->next_sibling;
    child->next_sibling = *pp;
    *pp = child;
    memory_topology_changed();
}

void memory_region_add_subregion(MemoryRegion *parent, uint64_t offset, MemoryRegion *child)
{
    memory_region_add_subregion_overlap(parent, offset, child, 0);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child)
{
    MemoryRegion **pp = &parent->subregions;

    while (*pp && *pp != child)
        pp = &(*pp)->next_sibling;
    if (!*pp)
        return;
    *pp = child->next_sibling;
    child->next_sibling = NULL;
    child->container = NULL;
    memory_topology_changed();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled == enabled)
        return;
    mr->enabled = enabled;
    memory_topology_changed();
}

void memory_region_set_address(MemoryRegion *mr, uint64_t addr)
{
    if (mr->addr == addr)
        return;
    mr->addr = addr;
    memory_topology_changed();
}

void memory_region_set_alias_offset(MemoryRegion *mr, uint64_t offset)
{
    if (mr->alias_offset == offset)
        return;
    mr->alias_offset = offset;
    memory_topology_changed();
}

const char *memory_region_name(const MemoryRegion *mr) { return mr->name; }
uint64_t memory_region_size(const MemoryRegion *mr) { return mr->size; }
bool memory_region_is_ram(const MemoryRegion *mr) { return mr->kind == MR_RAM || mr->kind == MR_ROM; }
bool memory_region_is_rom(const MemoryRegion *mr) { return mr->kind == MR_ROM; }

void *memory_region_get_ram_ptr(const MemoryRegion *mr)
{
    return memory_region_is_ram(mr) ? mr->ram->host : NULL;
}

/* ---- Flat views ------------------------------------------------------- */

/*
 * One run of guest addresses that behaves the same throughout. Everything
 * dispatch needs is copied in, so the hot path reads this cache line and
 * nothing of the MemoryRegion (which its owner may free after destroy).
 */
typedef struct FlatRange {
    uint64_t start, last;       /* inclusive: the top range may end at 2^64 - 1 */
    uint64_t offset;            /* of start within mr */
    MemoryRegion *mr;           /* RAM, ROM or I/O; NULL: unassigned */
    uint8_t *host;              /* RAM/ROM: host address of start */
    RamBlock *block;            /* RAM: dirty log; NULL for ROM, whose writes are dropped */
    const MemoryRegionOps *ops; /* I/O */
    void *opaque;
    uint8_t min_access, max_access;
    bool unaligned;
} FlatRange;

/*
 * Covers all of [0, 2^64) with no gaps (unassigned runs have mr NULL), so a
 * lookup always lands: the last range whose start <= addr. starts[] repeats
 * the range starts densely for the binary search.
 */
struct FlatView {
    MemoryDeferred reclaim;
    _Atomic unsigned hint;      /* last hit: consecutive accesses mostly share a range */
    unsigned nr;
    uint64_t *starts;
    FlatRange ranges[];
};

typedef struct FlatBuilder {
    FlatRange *r;
    unsigned nr, cap;
} FlatBuilder;

/* Put [start, last] of mr (offset at start) into whatever gaps are left: earlier renders won. */
static int builder_fill(FlatBuilder *b, uint64_t start, uint64_t last, MemoryRegion *mr,
                        uint64_t offset)
{
    unsigned lo = 0, hi = b->nr, i;
    uint64_t cur = start;

    while (lo < hi) {           /* first range ending at or after start */
        unsigned mid = lo + (hi - lo) / 2;

        if (b->r[mid].last < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (i = lo;; i++) {
        uint64_t end = last;

        if (i < b->nr && b->r[i].start <= cur) {
            if (b->r[i].last >= last)
                return 0;
            cur = b->r[i].last + 1;
            continue;
        }
        if (i < b->nr && b->r[i].start <= last)
            end = b->r[i].start - 1;
        if (b->nr == b->cap) {
            unsigned cap = b->cap ? b->cap * 2 : 32;
            FlatRange *r = realloc(b->r, cap * sizeof(*r));

            if (!r)
                return -ENOMEM;
            b->r = r;
            b->cap = cap;
        }
        memmove(&b->r[i + 1], &b->r[i], (b->nr - i) * sizeof(*b->r));
        b->nr++;
        b->r[i] = (FlatRange){ .start = cur, .last = end, .offset = offset + (cur - start),
                               .mr = mr };
        if (end == last)
            return 0;
        cur = end + 1;
    }
}

/*
 * Render mr's offsets [lo, hi] (already clipped by everything above), at
 * guest address offset + delta (mod 2^64). Working in the region's own
 * offsets keeps every bound inside 64 bits, where QEMU needs Int128.
 */
static int render(FlatBuilder *b, MemoryRegion *mr, uint64_t lo, uint64_t hi, uint64_t delta,
                  unsigned depth)
{
    uint64_t last;
    int ret;

    if (!mr->enabled || !mr->size || mr->kind == MR_NONE)
        return 0;
    if (depth > MEMORY_MAX_DEPTH) {
        error_report("memory: region '%s' nests too deep (an alias loop?)", mr->name);
        return 0;
    }
    last = region_last(mr);
    if (lo > last)
        return 0;
    if (hi > last)
        hi = last;
    if (mr->kind == MR_ALIAS) {
        MemoryRegion *t = mr->alias;
        uint64_t off = mr->alias_offset, tlast;

        if (!t->size || off > (tlast = region_last(t)) || lo > tlast - off)
            return 0;
        return render(b, t, lo + off, hi > tlast - off ? tlast : hi + off, delta - off,
                      depth + 1);
    }
    for (MemoryRegion *c = mr->subregions; c; c = c->next_sibling) {
        uint64_t clo, chi;

        if (!c->size)
            continue;
        clo = c->addr;
        chi = c->addr + region_last(c);
        if (chi < clo)
            chi = UINT64_MAX;   /* runs past the top: clip */
        if (chi < lo || clo > hi)
            continue;
        ret = render(b, c, (lo > clo ? lo : clo) - clo, (hi < chi ? hi : chi) - clo,
                     delta + clo, depth + 1);
        if (ret < 0)
            return ret;
    }
    if (mr->kind == MR_CONTAINER)
        return 0;
    return builder_fill(b, lo + delta, hi + delta, mr, lo);
}

static bool range_continues(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr && (!a->mr || b->offset == a->offset + (a->last - a->start) + 1);
}

/* Append r to fv, merging it into the previous range when it continues it. */
static void flatview_push(FlatView *fv, const FlatRange *r)
{
    FlatRange *prev = fv->nr ? &fv->ranges[fv->nr - 1] : NULL;

    if (prev && range_continues(prev, r))
        prev->last = r->last;
    else
        fv->ranges[fv->nr++] = *r;
}

/* Finish a rendered list: fill the gaps with unassigned ranges, merge runs of one region. */
static FlatView *flatview_finish(const FlatBuilder *b)
{
    uint64_t next = 0;          /* [0, next) is done */
    bool top = false;           /* ... and so is everything up to 2^64 - 1 */
    FlatView *fv = malloc(sizeof(*fv) + (2 * b->nr + 1) * sizeof(FlatRange));

    if (!fv)
        return NULL;
    memset(fv, 0, sizeof(*fv));
    for (unsigned i = 0; i < b->nr; i++) {
        if (b->r[i].start > next)
            flatview_push(fv, &(FlatRange){ .start = next, .last = b->r[i].start - 1 });
        flatview_push(fv, &b->r[i]);
        top = b->r[i].last == UINT64_MAX;
        next = b->r[i].last + 1;
    }
    if (!top)
        flatview_push(fv, &(FlatRange){ .start = next, .last = UINT64_MAX });
    fv->starts = malloc(fv->nr * sizeof(*fv->starts));
    if (!fv->starts) {
        free(fv);
        return NULL;
    }
    for (unsigned i = 0; i < fv->nr; i++) {
        FlatRange *r = &fv->ranges[i];
        MemoryRegion *mr = r->mr;

        fv->starts[i] = r->start;
        if (mr && memory_region_is_ram(mr)) {
            r->host = mr->ram->host + r->offset;
            r->block = mr->kind == MR_RAM ? mr->ram : NULL;
        } else if (mr) {
            r->ops = mr->ops;
            r->opaque = mr->opaque;
            r->min_access = mr->min_access;
            r->max_access = mr->max_access;
            r->unaligned = mr->unaligned;
        }
    }
    return fv;
}

static void flatview_free(void *opaque)
{
    FlatView *fv = opaque;

    free(fv->starts);
    free(fv);
}

static FlatView *flatview_build(MemoryRegion *root)
{
    FlatBuilder b = { 0 };
    FlatView *fv = NULL;

    if (render(&b, root, 0, UINT64_MAX, 0, 0) == 0)
        fv = flatview_finish(&b);
    free(b.r);
    return fv;
}

static bool flatview_equal(const FlatView *a, const FlatView *b)
{
    if (a->nr != b->nr)
        return false;
    for (unsigned i = 0; i < a->nr; i++) {
        const FlatRange *x = &a->ranges[i], *y = &b->ranges[i];

        /* Not just mr: a region re-initialized within one transaction changes the rest. */
        if (x->start != y->start || x->last != y->last || x->mr != y->mr ||
            x->offset != y->offset || x->host != y->host || x->ops != y->ops ||
            x->opaque != y->opaque)
            return false;
    }
    return true;
}

static int address_space_update(AddressSpace *as)
{
    FlatView *old = atomic_load_explicit(&as->view, memory_order_relaxed);
    FlatView *fv = flatview_build(as->root);

    if (!fv)
        return -ENOMEM;
    if (old && flatview_equal(old, fv)) {
        flatview_free(fv);
        return 0;
    }
    /* seq_cst: the swap must precede memory_defer's epoch bump (memory-reclaim.c). */
    atomic_store(&as->view, fv);
    if (old)
        memory_defer(&old->reclaim, flatview_free, old);
    for (MemoryListener *l = as->listeners; l; l = l->next)
        l->commit(l, as);
    return 0;
}

static void memory_update_all(void)
{
    update_pending = false;
    for (AddressSpace *as = address_spaces; as; as = as->next) {
        if (address_space_update(as) < 0) {
            /* Readers keep the old view; the next change retries. */
            error_report("memory: out of memory rebuilding address space '%s'", as->name);
            update_pending = true;
        }
    }
    memory_reclaim();
}

int address_space_init(AddressSpace *as, MemoryRegion *root, const char *name)
{
    AddressSpace **pp = &address_spaces;

    memset(as, 0, sizeof(*as));
    as->name = name;
    as->root = root;
    if (address_space_update(as) < 0)
        return -ENOMEM;
    while (*pp)
        pp = &(*pp)->next;
    *pp = as;
    return 0;
}

void address_space_destroy(AddressSpace *as)
{
    FlatView *fv = atomic_exchange(&as->view, NULL);
    AddressSpace **pp = &address_spaces;

    while (*pp && *pp != as)
        pp = &(*pp)->next;
    if (*pp)
        *pp = as->next;
    if (fv)
        memory_defer(&fv->reclaim, flatview_free, fv);
    memory_reclaim();
}

AddressSpace *address_space_next(const AddressSpace *as)
{
    return as ? as->next : address_spaces;
}

void memory_listener_register(MemoryListener *l, AddressSpace *as)
{
    l->next = as->listeners;
    as->listeners = l;
}

void memory_listener_unregister(MemoryListener *l, AddressSpace *as)
{
    MemoryListener **pp = &as->listeners;

    while (*pp && *pp != l)
        pp = &(*pp)->next;
    if (*pp)
        *pp = l->next;
}

/* ---- Lookup and dispatch ---------------------------------------------- */

static inline const FlatRange *flatview_lookup(FlatView *fv, uint64_t addr)
{
    unsigned i = atomic_load_explicit(&fv->hint, memory_order_relaxed);
    const FlatRange *r = &fv->ranges[i];
    unsigned lo = 0, n = fv->nr;

    if (addr - r->start <= r->last - r->start)
        return r;
    /* Largest i with starts[i] <= addr; starts[0] is 0, so there is one. */
    while (n > 1) {
        unsigned half = n / 2;

        if (fv->starts[lo + half] <= addr)
            lo += half;
        n -= half;
    }
    atomic_store_explicit(&fv->hint, lo, memory_order_relaxed);
    return &fv->ranges[lo];
}

/* Seq_cst, not just acquire: it pairs with memory_read_enter's exchange (rule 3). */
static inline FlatView *address_space_view(AddressSpace *as)
{
    return atomic_load(&as->view);
}

MemoryRegion *address_space_translate(AddressSpace *as, uint64_t addr, uint64_t *xlat,
                                      uint64_t *plen, bool is_write)
{
    const FlatRange *r;
    MemoryRegion *mr;
    uint64_t left;

    memory_read_lock();
    r = flatview_lookup(address_space_view(as), addr);
    mr = r->mr;
    *xlat = mr ? r->offset + (addr - r->start) : addr;
    left = r->last - addr;      /* bytes after addr in the run, minus one */
    if (*plen && *plen - 1 > left)
        *plen = left + 1;
    memory_read_unlock();
    return mr;
}

static inline uint64_t ld_le(const uint8_t *p, unsigned size)
{
    /* Byte assembly: compilers turn each case into one load on little-endian hosts. */
    switch (size) {
    case 1:
        return p[0];
    case 2:
        return p[0] | (uint64_t)p[1] << 8;
    case 4:
        return p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
    default:
        return ld_le(p, 4) | ld_le(p + 4, 4) << 32;
    }
}

static inline void st_le(uint8_t *p, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++)
        p[i] = v >> (8 * i);
}

static inline uint64_t size_mask(unsigned size)
{
    return size == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

static void log_guest_error(const char *where, const char *what, bool is_write, uint64_t addr,
                            uint64_t len)
{
    if (log_enabled(LOG_GUEST_ERROR))
        log_printf("%s: %s %s of %" PRIu64 " bytes at 0x%" PRIx64 "\n", where, what,
                   is_write ? "write" : "read", len, addr);
}

/* One access of a size the device declared it takes. */
static uint64_t io_call_read(const FlatRange *r, uint64_t off, unsigned size)
{
    if (!r->ops->read) {
        log_guest_error(r->mr->name, "unhandled", false, off, size);
        return size_mask(size);
    }
    return r->ops->read(r->opaque, off, size) & size_mask(size);
}

static void io_call_write(const FlatRange *r, uint64_t off, uint64_t val, unsigned size)
{
    if (!r->ops->write)
        log_guest_error(r->mr->name, "unhandled", true, off, size);
    else
        r->ops->write(r->opaque, off, val & size_mask(size), size);
}

/*
 * Any access to an I/O range, as bytes. Each step takes the widest access
 * that fits the rest, max_access and (unless the device allows otherwise)
 * the alignment of off, so no byte outside the request is touched; only a
 * piece narrower than min_access is widened to the aligned min_access unit
 * around it (read, then for writes modify and write back).
 */
static void io_access(const FlatRange *r, uint64_t off, uint8_t *buf, uint64_t len,
                      bool is_write)
{
    while (len) {
        unsigned size = r->max_access, adv;

        while (size > len || (!r->unaligned && (off & (size - 1))))
            size >>= 1;
        if (size >= r->min_access) {
            if (is_write)
                io_call_write(r, off, ld_le(buf, size), size);
            else
                st_le(buf, io_call_read(r, off, size), size);
            adv = size;
        } else {
            unsigned w = r->min_access, skip = off & (w - 1);
            uint64_t base = off - skip;
            uint8_t unit[8];

            adv = w - skip < len ? w - skip : len;
            st_le(unit, io_call_read(r, base, w), w);
            if (is_write) {
                memcpy(unit + skip, buf, adv);
                io_call_write(r, base, ld_le(unit, w), w);
            } else {
                memcpy(buf, unit + skip, adv);
            }
        }
        off += adv;
        buf += adv;
        len -= adv;
    }
}

/* After a guest write to RAM: the dirty log sees every write through here. */
static inline void ram_written(const FlatRange *r, uint64_t off, uint64_t len)
{
    unsigned clients = atomic_load_explicit(&r->block->log_mask, memory_order_relaxed);

    if (clients)
        ram_block_set_dirty(r->block, r->offset + off, len, clients);
}

int address_space_rw(AddressSpace *as, uint64_t addr, void *buf, size_t len, bool is_write)
{
    uint8_t *p = buf;
    int ret = 0;
    FlatView *fv;

    memory_read_lock();
    fv = address_space_view(as);
    while (len) {
        const FlatRange *r = flatview_lookup(fv, addr);
        uint64_t off = addr - r->start, left = r->last - addr;
        size_t n = left < len - 1 ? left + 1 : len;

        if (r->host && !is_write) {
            memcpy(p, r->host + off, n);
        } else if (r->host && r->block) {
            memcpy(r->host + off, p, n);
            ram_written(r, off, n);
        } else if (r->ops) {
            io_access(r, r->offset + off, p, n, is_write);
        } else if (!r->host) {
            if (!is_write)
                memset(p, 0xff, n);
            log_guest_error(as->name, "unassigned", is_write, addr, n);
            ret = -EFAULT;
        }       /* else a write to ROM: dropped */
        p += n;
        addr += n;
        len -= n;
    }
    memory_read_unlock();
    return ret;
}

static inline bool access_size_valid(unsigned size)
{
    return size && size <= 8 && !(size & (size - 1));
}

/* Does the device take this access as it is? */
static inline bool io_direct(const FlatRange *r, uint64_t off, unsigned size)
{
    return size >= r->min_access && size <= r->max_access &&
           (r->unaligned || !(off & (size - 1)));
}

/*
 * The fast paths: one range holds the whole access and, for I/O, the device
 * takes it as it is. Everything else (straddling, splitting, widening,
 * unassigned) goes the byte-buffer way of address_space_rw.
 */
uint64_t address_space_ld(AddressSpace *as, uint64_t addr, unsigned size)
{
    const FlatRange *r;
    uint64_t off, val;
    uint8_t buf[8];

    if (!access_size_valid(size)) {
        error_report("memory: %u-byte load from %s", size, as->name);
        return UINT64_MAX;
    }
    memory_read_lock();
    r = flatview_lookup(address_space_view(as), addr);
    off = addr - r->start;
    if (r->last - addr >= size - 1 && r->host) {
        val = ld_le(r->host + off, size);
    } else if (r->last - addr >= size - 1 && r->ops && io_direct(r, r->offset + off, size)) {
        val = io_call_read(r, r->offset + off, size);
    } else {
        address_space_rw(as, addr, buf, size, false);
        val = ld_le(buf, size);
    }
    memory_read_unlock();
    return val;
}

void address_space_st(AddressSpace *as, uint64_t addr, uint64_t val, unsigned size)
{
    const FlatRange *r;
    uint64_t off;
    uint8_t buf[8];

    if (!access_size_valid(size)) {
        error_report("memory: %u-byte store to %s", size, as->name);
        return;
    }
    memory_read_lock();
    r = flatview_lookup(address_space_view(as), addr);
    off = addr - r->start;
    if (r->last - addr >= size - 1 && r->block) {
        st_le(r->host + off, val, size);
        ram_written(r, off, size);
    } else if (r->last - addr >= size - 1 && r->ops && io_direct(r, r->offset + off, size)) {
        io_call_write(r, r->offset + off, val, size);
    } else {
        st_le(buf, val, size);
        address_space_rw(as, addr, buf, size, true);
    }
    memory_read_unlock();
}

int address_space_walk(AddressSpace *as, MemoryRangeFn *fn, void *opaque)
{
    const FlatView *fv;
    int ret = 0;

    memory_read_lock();
    fv = address_space_view(as);
    for (unsigned i = 0; fv && i < fv->nr && !ret; i++) {
        const FlatRange *r = &fv->ranges[i];

        if (r->mr)
            ret = fn(opaque, r->start, r->last, r->mr, r->offset);
    }
    memory_read_unlock();
    return ret;
}
