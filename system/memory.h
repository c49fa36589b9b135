/*
 * The memory API: guest-physical memory and I/O port space as trees of
 * regions, flattened into a sorted array of ranges through which every
 * consumer dispatches (the interpreter, the native backend, KVM exits, DMA).
 *
 * The vocabulary and semantics are QEMU's (include/exec/memory.h), so QEMU
 * users find their way; there is no object model: a MemoryRegion is a plain
 * struct embedded in whoever owns it (a device's state, the machine).
 *
 * Topology
 *   A region is RAM, ROM, I/O (callbacks), an alias (a window onto part of
 *   another region) or a container. Any non-alias region may hold subregions
 *   at offsets. Where siblings overlap, the higher priority wins; at equal
 *   priority the one added later wins. Priorities compare siblings only: a
 *   child can never beat a region its parent lost to. A region shows through
 *   wherever none of its own subregions covers it (containers show nothing).
 *   An AddressSpace is a root region and its flat view: the sorted, gap-free
 *   list of ranges the tree renders to, each naming a RAM, ROM or I/O region
 *   (or nothing: unassigned space).
 *
 * Threading and lifetime, the rules:
 *   1. Topology changes (every function that inits, adds, removes, enables,
 *      moves or destroys regions, transactions, memory_region_set_log,
 *      listeners, address_space_init/destroy, memory_reclaim, memory_defer)
 *      are made under the big device lock (bql): one writer at a time.
 *   2. Dispatch (address_space_rw/ld/st), address_space_translate and the
 *      dirty-bitmap calls may run on any thread, with or without the bql.
 *   3. A rebuilt flat view is published with an atomic pointer swap. Readers
 *      use a view only inside a read section (memory_read_lock/unlock; every
 *      dispatch call opens one itself, and nested sections cost a counter).
 *      A replaced view is freed once every read section that could have seen
 *      it has ended. The writer never waits for readers (a vCPU blocked on
 *      the bql inside a section cannot deadlock it); retired views are freed
 *      by the next commit or memory_reclaim(), which the main loop should call
 *      now and then. A thread holding a section for long (a vCPU across many
 *      translation blocks) delays reclamation, not correctness.
 *   4. Host pointers from memory_region_get_ram_ptr/address_space_translate
 *      stay valid until the RAM region is destroyed, and destroy unmaps only
 *      once every read section open at that moment has ended. So a soft-MMU
 *      TLB caching host pointers keeps its vCPU inside a read section while
 *      it uses them and, told by a listener that the view changed, flushes
 *      before leaving that section. It must also mark its writes dirty
 *      itself: see memory_region_set_dirty.
 *   5. I/O callbacks run with whatever lock the caller holds; the core takes
 *      none. Callers of MMIO/PIO dispatch hold the bql (docs/architecture.md),
 *      so a region removed under the bql gets no callback afterwards. Code
 *      that dispatches without the bql and a device torn down under it must
 *      free the device state through memory_defer().
 *
 * Accesses are little-endian (x86 guests): an N-byte value v at address a
 * means byte a+i holds bits 8i..8i+7 of v, whatever the host's byte order.
 */
#ifndef SYSTEM_MEMORY_H
#define SYSTEM_MEMORY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;
typedef struct MemoryListener MemoryListener;
typedef struct FlatView FlatView;
typedef struct RamBlock RamBlock;

/*
 * A device's side of an I/O region. The callbacks see offsets within the
 * region and sizes between min_access and max_access; the core splits wider
 * accesses into several, widens narrower ones (a read-modify-write for
 * writes) and, unless unaligned is set, splits accesses that are not
 * naturally aligned into aligned pieces, so a callback only ever sees what it
 * declared; a read's result is truncated to its size. A device whose
 * registers have read side effects should accept size 1 rather than be
 * widened. A NULL read returns all ones, a NULL write
 * drops the value; both are logged under LOG_GUEST_ERROR.
 */
typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, uint64_t addr, unsigned size);
    void (*write)(void *opaque, uint64_t addr, uint64_t val, unsigned size);
    unsigned min_access;    /* 1, 2, 4 or 8; 0 means 1 */
    unsigned max_access;    /* 1, 2, 4 or 8; 0 means 4, as QEMU's impl default */
    bool unaligned;         /* callbacks take accesses at any offset */
} MemoryRegionOps;

typedef enum MemoryRegionKind {
    MR_NONE,                /* zeroed or destroyed */
    MR_CONTAINER,
    MR_RAM,
    MR_ROM,
    MR_IO,
    MR_ALIAS,
} MemoryRegionKind;

/* Dirty-log clients, each with its own per-page bitmap. */
enum {
    DIRTY_VGA,              /* display refresh */
    DIRTY_CODE,             /* translated-code invalidation */
    DIRTY_MIGRATION,        /* live migration / snapshots */
    DIRTY_NR_CLIENTS,
};

#define MEMORY_DIRTY_PAGE_BITS 12
#define MEMORY_DIRTY_PAGE_SIZE (1u << MEMORY_DIRTY_PAGE_BITS)

/*
 * Owned by the caller, filled by memory_region_init_*. The fields are
 * private to the memory API's files (memory*.c); use the functions below.
 */
struct MemoryRegion {
    const char *name;       /* not copied: a literal, or kept by the owner */
    MemoryRegionKind kind;
    uint64_t size;          /* UINT64_MAX stands for 2^64, as in QEMU */
    uint64_t addr;          /* offset in the container */
    int priority;
    bool enabled;
    MemoryRegion *container;
    MemoryRegion *subregions;   /* highest priority first, then latest added */
    MemoryRegion *next_sibling;
    RamBlock *ram;              /* MR_RAM, MR_ROM */
    const MemoryRegionOps *ops; /* MR_IO */
    void *opaque;
    uint8_t min_access, max_access;
    bool unaligned;
    MemoryRegion *alias;        /* MR_ALIAS */
    uint64_t alias_offset;
};

struct AddressSpace {
    const char *name;       /* private, like the rest */
    MemoryRegion *root;
    FlatView *_Atomic view;
    MemoryListener *listeners;
    AddressSpace *next;
};

/*
 * Told after an address space's flat view changed (and only when it did),
 * under the bql. A TLB flushes here; KVM re-syncs its memory slots.
 */
struct MemoryListener {
    void (*commit)(MemoryListener *l, AddressSpace *as);
    MemoryListener *next;   /* private */
};

/* ---- Regions --------------------------------------------------------- */

/*
 * RAM: host memory, page aligned, zero filled, mapped sparse (a 64 GiB
 * region costs nothing until the guest touches it). 0, -EINVAL for size 0,
 * or -ENOMEM when the host cannot map it.
 */
int memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size);

/* ROM: like RAM for reads; guest writes are dropped. Fill it through
 * memory_region_get_ram_ptr. Same returns as init_ram. */
int memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size);

/* MMIO or port I/O handled by ops; opaque is passed back to the callbacks. */
void memory_region_init_io(MemoryRegion *mr, const char *name, const MemoryRegionOps *ops,
                           void *opaque, uint64_t size);

/* A window of size bytes onto target, starting at target offset offset. */
void memory_region_init_alias(MemoryRegion *mr, const char *name, MemoryRegion *target,
                              uint64_t offset, uint64_t size);

/* Holds subregions only; where none is mapped, the space is unassigned. */
void memory_region_init_container(MemoryRegion *mr, const char *name, uint64_t size);

/*
 * Take mr out of its container, detach its subregions and release its RAM
 * (after the current read sections, rule 4). Aliases of mr must go first,
 * and mr must not be the root of a live address space.
 */
void memory_region_destroy(MemoryRegion *mr);

/* Map child at offset in parent with priority 0; overlap: with a priority. */
void memory_region_add_subregion(MemoryRegion *parent, uint64_t offset, MemoryRegion *child);
void memory_region_add_subregion_overlap(MemoryRegion *parent, uint64_t offset,
                                         MemoryRegion *child, int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child);

/* A disabled region and its subregions render as if removed (PCI BARs with
 * decoding off, PAM), keeping their place among their siblings. */
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/* Move within the container (a PCI BAR reprogrammed). */
void memory_region_set_address(MemoryRegion *mr, uint64_t addr);
void memory_region_set_alias_offset(MemoryRegion *mr, uint64_t offset);

/*
 * Batch topology changes: the flat views are rebuilt once, at the outermost
 * commit, and only address spaces whose view changed are republished.
 */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

const char *memory_region_name(const MemoryRegion *mr);
uint64_t memory_region_size(const MemoryRegion *mr);       /* UINT64_MAX: 2^64 */
bool memory_region_is_ram(const MemoryRegion *mr);         /* RAM or ROM */
bool memory_region_is_rom(const MemoryRegion *mr);
/* Host address of offset 0 of a RAM or ROM region; NULL for others. */
void *memory_region_get_ram_ptr(const MemoryRegion *mr);

/* ---- Dirty log (RAM only, per 4 KiB page) ----------------------------- */

/*
 * Start or stop logging for one client. A client's bitmap starts clean when
 * first enabled and keeps its bits while disabled. 0, or -EINVAL (not RAM,
 * bad client), -ENOMEM.
 */
int memory_region_set_log(MemoryRegion *mr, bool log, unsigned client);

/*
 * Mark [off, off+len) dirty for every client logging on mr. Writes through
 * the dispatch calls below do this themselves; anyone writing through a host
 * pointer (the soft-MMU TLB fast path, a loader after start-up, vhost-like
 * DMA) must call it. Safe from any thread (atomic OR, and no write at all
 * when the bits are already set).
 */
void memory_region_set_dirty(MemoryRegion *mr, uint64_t off, uint64_t len);
/* Is any page of [off, off+len) dirty for client? */
bool memory_region_get_dirty(MemoryRegion *mr, uint64_t off, uint64_t len, unsigned client);
/* Same, clearing those pages atomically: no concurrent mark is lost. */
bool memory_region_test_and_clear_dirty(MemoryRegion *mr, uint64_t off, uint64_t len,
                                        unsigned client);
void memory_region_reset_dirty(MemoryRegion *mr, uint64_t off, uint64_t len, unsigned client);

/* ---- Address spaces and dispatch -------------------------------------- */

/* 0 or -ENOMEM. name is not copied. */
int address_space_init(AddressSpace *as, MemoryRegion *root, const char *name);
void address_space_destroy(AddressSpace *as);

void memory_listener_register(MemoryListener *l, AddressSpace *as);
void memory_listener_unregister(MemoryListener *l, AddressSpace *as);

/*
 * Find what addr maps to, for a TLB fill or a zero-copy DMA. Returns the RAM,
 * ROM or I/O region (never an alias or container), or NULL for unassigned
 * space; *xlat gets the offset within that region (addr itself when NULL).
 * *plen is the length wanted on entry and is cut to the contiguous run of the
 * same region on return. For RAM and ROM the host address is
 * memory_region_get_ram_ptr(mr) + *xlat; check memory_region_is_rom before
 * writing through it. is_write is kept for QEMU's signature (IOMMUs).
 */
MemoryRegion *address_space_translate(AddressSpace *as, uint64_t addr, uint64_t *xlat,
                                      uint64_t *plen, bool is_write);

/*
 * Copy len bytes between buf and the address space, across region
 * boundaries; I/O regions see accesses split as their ops declare. Returns 0,
 * or -EFAULT when part of the range was unassigned (read as 0xff bytes,
 * writes dropped, logged under LOG_GUEST_ERROR); the rest is still done.
 */
int address_space_rw(AddressSpace *as, uint64_t addr, void *buf, size_t len, bool is_write);

static inline int address_space_read(AddressSpace *as, uint64_t addr, void *buf, size_t len)
{
    return address_space_rw(as, addr, buf, len, false);
}

static inline int address_space_write(AddressSpace *as, uint64_t addr, const void *buf,
                                      size_t len)
{
    return address_space_rw(as, addr, (void *)buf, len, true);
}

/* One 1, 2, 4 or 8-byte little-endian access: a CPU load/store, in/out. */
uint64_t address_space_ld(AddressSpace *as, uint64_t addr, unsigned size);
void address_space_st(AddressSpace *as, uint64_t addr, uint64_t val, unsigned size);

/*
 * Call fn on each assigned range of the current flat view, in address order:
 * guest addresses [start, last] map mr from offset on. Stops at, and
 * returns, the first non-zero return of fn. Runs inside a read section. For
 * KVM memory slots and the monitor.
 */
typedef int MemoryRangeFn(void *opaque, uint64_t start, uint64_t last, MemoryRegion *mr,
                          uint64_t offset);
int address_space_walk(AddressSpace *as, MemoryRangeFn *fn, void *opaque);

/* The address spaces in init order: pass NULL for the first. */
AddressSpace *address_space_next(const AddressSpace *as);

/* ---- Read sections and deferred work (rule 3; memory-reclaim.c) -------- */

/* Embed one in whatever is freed later, like QEMU's rcu_head. */
typedef struct MemoryDeferred {
    struct MemoryDeferred *next;    /* private */
    uint64_t epoch;
    void (*fn)(void *opaque);
    void *opaque;
} MemoryDeferred;

/*
 * Run fn(opaque) from a later memory_reclaim, once every read section open
 * now has ended. Call it after making the thing unreachable to new readers.
 */
void memory_defer(MemoryDeferred *node, void (*fn)(void *opaque), void *opaque);

/* Run the deferred work that is due; returns how much is still waiting. */
unsigned memory_reclaim(void);

/* Private to the two below: the outermost lock and unlock. */
extern _Thread_local unsigned memory_read_depth;
void memory_read_enter(void);
void memory_read_exit(void);

/*
 * Nestable. A thread may also hold one around many dispatch calls (a vCPU
 * across a run of translation blocks), which then skip their own: a counter
 * instead of an atomic exchange. Never sleep for long inside one.
 */
static inline void memory_read_lock(void)
{
    if (memory_read_depth++ == 0)
        memory_read_enter();
}

static inline void memory_read_unlock(void)
{
    if (--memory_read_depth == 0)
        memory_read_exit();
}

/* ---- Monitor ---------------------------------------------------------- */

/*
 * "info mtree" in QEMU's format (memory-dump.c): every address space's
 * tree, then the trees aliases point into ("memory-region: ..."). flat
 * prints the flat views instead ("info mtree -f"); show_disabled prints
 * disabled regions too, marked [disabled], where QEMU shows only their
 * subregions unless given -D.
 */
void memory_region_dump_mtree(FILE *f, bool flat, bool show_disabled);

#endif
