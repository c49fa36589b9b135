/*
 * The soft MMU's slow path: TLB fills, MMIO dispatch, accesses that cross a
 * page, and writes to pages that hold translated code. See softmmu.h.
 */
#include "tcg/softmmu.h"

#include <pthread.h>
#include <stdlib.h>

#include "system/main-loop.h"
#include "system/memory.h"
#include "accel/tcg/cpu-exec.h"
#include "tcg/tb-cache.h"

/* Every vCPU, so that translating code can write-protect it in all TLBs. */
#define MAX_VCPUS 256
static pthread_mutex_t vcpus_lock = PTHREAD_MUTEX_INITIALIZER;
static VCPUCommon *vcpus[MAX_VCPUS];
static unsigned nb_vcpus;

int vcpu_register(VCPUCommon *cpu)
{
    int ret = -1;

    tlb_flush(cpu);
    pthread_mutex_lock(&vcpus_lock);
    if (nb_vcpus < MAX_VCPUS) {
        vcpus[nb_vcpus++] = cpu;
        ret = 0;
    }
    pthread_mutex_unlock(&vcpus_lock);
    return ret;
}

void vcpu_unregister(VCPUCommon *cpu)
{
    pthread_mutex_lock(&vcpus_lock);
    for (unsigned i = 0; i < nb_vcpus; i++) {
        if (vcpus[i] == cpu) {
            vcpus[i] = vcpus[--nb_vcpus];
            break;
        }
    }
    pthread_mutex_unlock(&vcpus_lock);
}

/*
 * The memory map of an address space changed (PAM shadowing, a BAR moved):
 * translations cached through the old map are wrong. Every vCPU on it
 * flushes before its next TB; the one whose own device write caused it
 * flushes before its next access (tlb_flush_if_pending after the write).
 */
typedef struct ASWatch {
    MemoryListener l;
    AddressSpace *as;
} ASWatch;

static void as_changed(MemoryListener *l, AddressSpace *as)
{
    pthread_mutex_lock(&vcpus_lock);
    for (unsigned i = 0; i < nb_vcpus; i++) {
        if (vcpus[i]->address_space != as)
            continue;
        atomic_store(&vcpus[i]->tlb_flush_pending, 1);
        cpu_exit(vcpus[i]);
    }
    pthread_mutex_unlock(&vcpus_lock);
}

int softmmu_watch_address_space(AddressSpace *as)
{
    static ASWatch watches[8];
    static unsigned n;

    for (unsigned i = 0; i < n; i++)
        if (watches[i].as == as)
            return 0;
    if (n == 8)
        return -1;
    watches[n] = (ASWatch){ .l.commit = as_changed, .as = as };
    memory_listener_register(&watches[n].l, as);
    n++;
    return 0;
}

void tlb_flush_if_pending(VCPUCommon *cpu)
{
    if (atomic_load_explicit(&cpu->tlb_flush_pending, memory_order_relaxed)) {
        atomic_store(&cpu->tlb_flush_pending, 0);
        tlb_flush(cpu);
    }
}

void vcpu_clear_jmp_caches(void)
{
    pthread_mutex_lock(&vcpus_lock);
    for (unsigned i = 0; i < nb_vcpus; i++)
        memset(vcpus[i]->jmp_cache, 0, sizeof(vcpus[i]->jmp_cache));
    pthread_mutex_unlock(&vcpus_lock);
}

void tlb_flush(VCPUCommon *cpu)
{
    /* All ones: page bits never match, and TLB_INVALID is set. Indexes
     * with no entry installed since the last flush are already so. */
    for (unsigned m = 0; m < NB_MMU_MODES; m++) {
        if (!(cpu->tlb_clean & (1u << m))) {
            memset(cpu->tlb[m], 0xff, sizeof(cpu->tlb[m]));
            memset(cpu->vtlb[m], 0xff, sizeof(cpu->vtlb[m]));
        }
    }
    cpu->tlb_clean = (1u << NB_MMU_MODES) - 1;
    /* The jump cache is keyed by virtual pc: a new mapping invalidates it. */
    memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
}

void tlb_flush_page(VCPUCommon *cpu, uint64_t vaddr)
{
    uint64_t page = vaddr & TARGET_PAGE_MASK;
    unsigned idx = tlb_index(vaddr);

    for (unsigned m = 0; m < NB_MMU_MODES; m++) {
        CPUTLBEntry *e = &cpu->tlb[m][idx];

        if ((e->addr_read & TARGET_PAGE_MASK) == page ||
            (e->addr_write & TARGET_PAGE_MASK) == page ||
            (e->addr_code & TARGET_PAGE_MASK) == page)
            memset(e, 0xff, sizeof(*e));
        for (unsigned i = 0; i < VTLB_SIZE; i++) {
            e = &cpu->vtlb[m][i];
            if ((e->addr_read & TARGET_PAGE_MASK) == page ||
                (e->addr_write & TARGET_PAGE_MASK) == page ||
                (e->addr_code & TARGET_PAGE_MASK) == page)
                memset(e, 0xff, sizeof(*e));
        }
    }
    /* TBs starting on this page may be reached through the jump cache. */
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        TranslationBlock *tb = cpu->jmp_cache[i];
        if (tb && (tb->pc & TARGET_PAGE_MASK) == page)
            cpu->jmp_cache[i] = NULL;
    }
}

void tlb_set_page(VCPUCommon *cpu, uint64_t vaddr, uint64_t paddr, int prot, unsigned mmu_idx)
{
    uint64_t page = vaddr & TARGET_PAGE_MASK;
    uint64_t ppage = paddr & TARGET_PAGE_MASK;
    uint64_t xlat, plen = TARGET_PAGE_SIZE;
    unsigned idx = tlb_index(vaddr);
    CPUTLBEntry *e = &cpu->tlb[mmu_idx][idx];
    MemoryRegion *mr;
    uint64_t flags = 0, wflags = 0;

    cpu->tlb_clean &= ~(1u << mmu_idx);
    if ((e->addr_read & e->addr_write & e->addr_code) != ~0ull &&
        ((e->addr_read ^ page) & TARGET_PAGE_MASK) && ((e->addr_write ^ page) & TARGET_PAGE_MASK) &&
        ((e->addr_code ^ page) & TARGET_PAGE_MASK)) {
        /* A translation of another page: keep it in the victim TLB. */
        unsigned v = cpu->vtlb_next[mmu_idx]++ % VTLB_SIZE;

        cpu->vtlb[mmu_idx][v] = *e;
        cpu->viotlb[mmu_idx][v] = cpu->iotlb[mmu_idx][idx];
    }
    memory_read_lock();
    mr = address_space_translate(cpu->address_space, ppage, &xlat, &plen, false);
    if (!mr || !memory_region_is_ram(mr) || plen < TARGET_PAGE_SIZE) {
        flags = TLB_MMIO;        /* I/O, unassigned, or a region smaller than a page */
        e->addend = 0;
    } else {
        e->addend = (uintptr_t)memory_region_get_ram_ptr(mr) + xlat - page;
        if (memory_region_is_rom(mr))
            wflags = TLB_MMIO;   /* writes to ROM go to the slow path and are dropped */
        else if (tb_page_has_code(ppage))
            wflags = TLB_NOTDIRTY;
    }
    memory_read_unlock();

    e->addr_read = (prot & PAGE_READ) ? page | flags : ~0ull;
    e->addr_write = (prot & PAGE_WRITE) ? page | flags | wflags : ~0ull;
    e->addr_code = (prot & PAGE_EXEC) ? page | flags : ~0ull;
    cpu->iotlb[mmu_idx][idx] = (CPUTLBIotlb){ .paddr = ppage };
}

void tlb_protect_code(uint64_t paddr)
{
    uint64_t ppage = paddr & TARGET_PAGE_MASK;

    pthread_mutex_lock(&vcpus_lock);
    for (unsigned c = 0; c < nb_vcpus; c++) {
        VCPUCommon *cpu = vcpus[c];

        for (unsigned m = 0; m < NB_MMU_MODES; m++) {
            if (cpu->tlb_clean & (1u << m))
                continue;
            for (unsigned i = 0; i < TLB_SIZE; i++) {
                CPUTLBEntry *e = &cpu->tlb[m][i];

                /* Racy against the owning vCPU, harmlessly: at worst it takes
                 * the slow path once more, or stores before seeing the flag,
                 * which is the usual cross-modifying-code window. */
                if (cpu->iotlb[m][i].paddr == ppage && !(e->addr_write & TLB_FLAGS_MASK))
                    e->addr_write |= TLB_NOTDIRTY;
            }
            for (unsigned i = 0; i < VTLB_SIZE; i++) {
                CPUTLBEntry *e = &cpu->vtlb[m][i];

                if (cpu->viotlb[m][i].paddr == ppage && !(e->addr_write & TLB_FLAGS_MASK))
                    e->addr_write |= TLB_NOTDIRTY;
            }
        }
    }
    pthread_mutex_unlock(&vcpus_lock);
}

static uint64_t tag_of(const CPUTLBEntry *e, MMUAccessType access)
{
    return access == MMU_DATA_STORE ? e->addr_write
         : access == MMU_INST_FETCH ? e->addr_code : e->addr_read;
}

/* A miss: is the page in the victim TLB? Then swap it into the main one. */
static bool victim_hit(VCPUCommon *cpu, uint64_t addr, MMUAccessType access, unsigned mmu_idx)
{
    uint64_t page = addr & TARGET_PAGE_MASK;
    unsigned idx = tlb_index(addr);

    for (unsigned i = 0; i < VTLB_SIZE; i++) {
        CPUTLBEntry *v = &cpu->vtlb[mmu_idx][i];
        uint64_t tag = tag_of(v, access);

        if ((tag & TARGET_PAGE_MASK) == page && !(tag & TLB_INVALID)) {
            CPUTLBEntry te = cpu->tlb[mmu_idx][idx];
            CPUTLBIotlb ti = cpu->iotlb[mmu_idx][idx];

            cpu->tlb[mmu_idx][idx] = *v;
            cpu->iotlb[mmu_idx][idx] = cpu->viotlb[mmu_idx][i];
            *v = te;
            cpu->viotlb[mmu_idx][i] = ti;
            return true;
        }
    }
    return false;
}

/* Find the TLB entry for addr, filling it on a miss (which may raise). */
static CPUTLBEntry *tlb_lookup_op(VCPUCommon *cpu, uint64_t addr, unsigned size,
                                  MMUAccessType access, unsigned mmu_idx, MemOp op)
{
    CPUTLBEntry *e = &cpu->tlb[mmu_idx][tlb_index(addr)];
    uint64_t page = addr & TARGET_PAGE_MASK;
    uint64_t tag = access == MMU_DATA_STORE ? e->addr_write
                 : access == MMU_INST_FETCH ? e->addr_code : e->addr_read;

    if ((tag & TARGET_PAGE_MASK) != page || (tag & TLB_INVALID)) {
        if (victim_hit(cpu, addr, access, mmu_idx))
            return e;
        cpu->fill_memop = op;
        cpu->ops->tlb_fill(cpu, addr, size, access, mmu_idx);
        e = &cpu->tlb[mmu_idx][tlb_index(addr)];
    }
    return e;
}

static CPUTLBEntry *tlb_lookup(VCPUCommon *cpu, uint64_t addr, unsigned size,
                               MMUAccessType access, unsigned mmu_idx)
{
    return tlb_lookup_op(cpu, addr, size, access, mmu_idx, 0);
}

static uint64_t entry_flags(const CPUTLBEntry *e, MMUAccessType access)
{
    uint64_t tag = access == MMU_DATA_STORE ? e->addr_write
                 : access == MMU_INST_FETCH ? e->addr_code : e->addr_read;
    return tag & TLB_FLAGS_MASK;
}

static uint64_t io_read(VCPUCommon *cpu, uint64_t paddr, unsigned size)
{
    bool locked = bql_locked();
    uint64_t v;

    if (!locked)
        bql_lock();
    v = address_space_ld(cpu->address_space, paddr, size);
    if (!locked)
        bql_unlock();
    return v;
}

static void io_write(VCPUCommon *cpu, uint64_t paddr, uint64_t val, unsigned size)
{
    bool locked = bql_locked();

    if (!locked)
        bql_lock();
    address_space_st(cpu->address_space, paddr, val, size);
    if (!locked)
        bql_unlock();
    tlb_flush_if_pending(cpu);      /* the write may have changed the memory map */
}

/* One access within a single page. A read-modify-write load is checked
 * (and faults) as the store it announces. */
static uint64_t load_page(VCPUCommon *cpu, uint64_t addr, unsigned size, unsigned mmu_idx,
                          MMUAccessType access, MemOp op)
{
    unsigned idx = tlb_index(addr);
    CPUTLBEntry *e = tlb_lookup_op(cpu, addr, size, access, mmu_idx, op);

    if (entry_flags(e, access) & TLB_MMIO)
        return io_read(cpu, cpu->iotlb[mmu_idx][idx].paddr | (addr & ~TARGET_PAGE_MASK), size);
    return ldn_le_p((const void *)(uintptr_t)(addr + e->addend), size);
}

static void store_page(VCPUCommon *cpu, uint64_t addr, uint64_t val, unsigned size,
                       unsigned mmu_idx, MemOp op)
{
    unsigned idx = tlb_index(addr);
    CPUTLBEntry *e = tlb_lookup_op(cpu, addr, size, MMU_DATA_STORE, mmu_idx, op);
    uint64_t flags = entry_flags(e, MMU_DATA_STORE);
    uint64_t paddr = cpu->iotlb[mmu_idx][idx].paddr | (addr & ~TARGET_PAGE_MASK);

    if (flags & TLB_MMIO) {
        io_write(cpu, paddr, val, size);
        return;
    }
    if (flags & TLB_NOTDIRTY) {
        /* Self- or cross-modifying code: drop the TBs built from these bytes
         * before the store. If the running TB is one of them, the code after
         * the store in it is stale: rerun the storing instruction alone and
         * go on from a fresh translation (this does not return). */
        if (tb_invalidate_phys_range(paddr, size, cpu->current_tb) &&
            !(cpu->current_tb->cflags & TB_CF_SINGLE_STEP))
            cpu_loop_exit_rerun_insn(cpu);
        stn_le_p((void *)(uintptr_t)(addr + e->addend), size, val);
        if (!tb_page_has_code(paddr))
            e->addr_write &= ~TLB_NOTDIRTY;
        return;
    }
    stn_le_p((void *)(uintptr_t)(addr + e->addend), size, val);
}

uint64_t softmmu_load_slow(VCPUCommon *cpu, uint64_t addr, MemOpIdx oi)
{
    MemOp op = get_memop(oi);
    unsigned size = 1u << (op & MO_SIZE);
    unsigned mmu_idx = get_mmuidx(oi);
    unsigned in_page = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
    MMUAccessType access = (op & MO_RMW) ? MMU_DATA_STORE : MMU_DATA_LOAD;
    uint64_t v;

    if ((op & MO_ALIGN) && (addr & (size - 1)))
        cpu->ops->unaligned(cpu, addr, access, mmu_idx);
    if (size <= in_page) {
        v = load_page(cpu, addr, size, mmu_idx, access, op);
    } else {
        /* Crossing a page: both pages must be accessible before any byte is
         * used, so fault on either page before combining. */
        uint64_t lo, hi;

        tlb_lookup_op(cpu, addr, in_page, access, mmu_idx, op);
        tlb_lookup_op(cpu, addr + in_page, size - in_page, access, mmu_idx, op);
        lo = 0;
        for (unsigned i = 0; i < in_page; i++)
            lo |= load_page(cpu, addr + i, 1, mmu_idx, access, op) << (8 * i);
        hi = 0;
        for (unsigned i = in_page; i < size; i++)
            hi |= load_page(cpu, addr + i, 1, mmu_idx, access, op) << (8 * i);
        v = lo | hi;
    }
    if (op & MO_SIGN) {
        unsigned shift = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << shift) >> shift);
    }
    return v;
}

void softmmu_store_slow(VCPUCommon *cpu, uint64_t addr, uint64_t val, MemOpIdx oi)
{
    MemOp op = get_memop(oi);
    unsigned size = 1u << (op & MO_SIZE);
    unsigned mmu_idx = get_mmuidx(oi);
    unsigned in_page = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);

    if ((op & MO_ALIGN) && (addr & (size - 1)))
        cpu->ops->unaligned(cpu, addr, MMU_DATA_STORE, mmu_idx);
    if (size <= in_page) {
        store_page(cpu, addr, val, size, mmu_idx, op);
        return;
    }
    /* Probe both pages for write first: a fault on the second page must
     * leave the first untouched, as on hardware. */
    tlb_lookup_op(cpu, addr, in_page, MMU_DATA_STORE, mmu_idx, op);
    tlb_lookup_op(cpu, addr + in_page, size - in_page, MMU_DATA_STORE, mmu_idx, op);
    for (unsigned i = 0; i < size; i++)
        store_page(cpu, addr + i, (val >> (8 * i)) & 0xff, 1, mmu_idx, op);
}

uint64_t get_page_addr_code(VCPUCommon *cpu, uint64_t vaddr, unsigned mmu_idx, void **host)
{
    unsigned idx = tlb_index(vaddr);
    CPUTLBEntry *e = tlb_lookup(cpu, vaddr, 1, MMU_INST_FETCH, mmu_idx);

    if (entry_flags(e, MMU_INST_FETCH) & TLB_MMIO)
        *host = NULL;      /* executing from I/O space: the caller decides */
    else
        *host = (void *)(uintptr_t)((vaddr & TARGET_PAGE_MASK) + e->addend);
    return cpu->iotlb[mmu_idx][idx].paddr;
}

/* ---- Locked read-modify-write ------------------------------------------- */

/* Serializes the accesses a host atomic cannot cover (see softmmu.h). */
static pthread_mutex_t split_lock = PTHREAD_MUTEX_INITIALIZER;

/* Compare and exchange the little-endian guest bytes at p (aligned to size):
 * the host values compared and stored are those bytes in host order. */
#define CAS_AS(type, p, cmp, val, size) do {                                        \
        type c_, v_;                                                                \
        stn_le_p(&c_, size, cmp);                                                   \
        stn_le_p(&v_, size, val);                                                   \
        __atomic_compare_exchange_n((type *)(p), &c_, v_, false, __ATOMIC_SEQ_CST,  \
                                    __ATOMIC_SEQ_CST);                              \
        return ldn_le_p(&c_, size);                                                 \
    } while (0)

static uint64_t cas_host(void *p, unsigned size, uint64_t cmp, uint64_t val)
{
    switch (size) {
    case 1: CAS_AS(uint8_t, p, cmp, val, 1);
    case 2: CAS_AS(uint16_t, p, cmp, val, 2);
    case 4: CAS_AS(uint32_t, p, cmp, val, 4);
    default: CAS_AS(uint64_t, p, cmp, val, 8);
    }
}

uint64_t softmmu_cmpxchg(VCPUCommon *cpu, uint64_t addr, uint64_t cmp, uint64_t val,
                         MemOpIdx oi)
{
    MemOp op = get_memop(oi);
    unsigned size = 1u << (op & MO_SIZE);
    unsigned mmu_idx = get_mmuidx(oi);
    uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
    uint64_t old;

    cmp &= mask;
    val &= mask;
    if (!(addr & (size - 1))) {
        CPUTLBEntry *e = tlb_lookup_op(cpu, addr, size, MMU_DATA_STORE, mmu_idx, op);

        if (!entry_flags(e, MMU_DATA_STORE))
            return cas_host((void *)(uintptr_t)(addr + e->addend), size, cmp, val);
    }
    /* The slow forms: probe both pages first so a fault happens outside the lock. */
    {
        unsigned in_page = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);

        tlb_lookup_op(cpu, addr, size < in_page ? size : in_page, MMU_DATA_STORE, mmu_idx, op);
        if (size > in_page)
            tlb_lookup_op(cpu, addr + in_page, size - in_page, MMU_DATA_STORE, mmu_idx, op);
    }
    pthread_mutex_lock(&split_lock);
    old = softmmu_load_slow(cpu, addr, make_memop_idx(op | MO_RMW, mmu_idx)) & mask;
    if (old == cmp) {
        /* A write to translated code may unwind (rerun the instruction):
         * the lock must not stay held across that longjmp. */
        pthread_mutex_unlock(&split_lock);
        softmmu_store_slow(cpu, addr, val, make_memop_idx(op & ~MO_RMW, mmu_idx));
        return old;
    }
    pthread_mutex_unlock(&split_lock);
    return old;
}

/* A 16-byte host atomic is a library call (libatomic) unless the build
 * targets cmpxchg16b/casp: correct either way; clang warns about the cost. */
#ifdef __clang__
#pragma clang diagnostic ignored "-Watomic-alignment"
#endif
void softmmu_cmpxchg16(VCPUCommon *cpu, uint64_t addr, const uint64_t cmp[2],
                       const uint64_t val[2], uint64_t old[2], unsigned mmu_idx)
{
    CPUTLBEntry *e = tlb_lookup_op(cpu, addr, 16, MMU_DATA_STORE, mmu_idx, MO_64);

    if (!entry_flags(e, MMU_DATA_STORE)) {
        unsigned __int128 *p = (unsigned __int128 *)(uintptr_t)(addr + e->addend);
        unsigned __int128 c, v;
        uint8_t b[16];

        stn_le_p(b, 8, cmp[0]);
        stn_le_p(b + 8, 8, cmp[1]);
        memcpy(&c, b, 16);
        stn_le_p(b, 8, val[0]);
        stn_le_p(b + 8, 8, val[1]);
        memcpy(&v, b, 16);
        __atomic_compare_exchange_n(p, &c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        memcpy(b, &c, 16);
        old[0] = ldn_le_p(b, 8);
        old[1] = ldn_le_p(b + 8, 8);
        return;
    }
    pthread_mutex_lock(&split_lock);
    old[0] = softmmu_load_slow(cpu, addr, make_memop_idx(MO_64 | MO_RMW, mmu_idx));
    old[1] = softmmu_load_slow(cpu, addr + 8, make_memop_idx(MO_64 | MO_RMW, mmu_idx));
    pthread_mutex_unlock(&split_lock);
    if (old[0] == cmp[0] && old[1] == cmp[1]) {
        softmmu_store_slow(cpu, addr, val[0], make_memop_idx(MO_64, mmu_idx));
        softmmu_store_slow(cpu, addr + 8, val[1], make_memop_idx(MO_64, mmu_idx));
    }
}

void tlb_flush_all_cpus(VCPUCommon *self)
{
    pthread_mutex_lock(&vcpus_lock);
    for (unsigned i = 0; i < nb_vcpus; i++) {
        if (vcpus[i] == self)
            continue;
        atomic_store(&vcpus[i]->tlb_flush_pending, 1);
        cpu_exit(vcpus[i]);
    }
    pthread_mutex_unlock(&vcpus_lock);
    if (self)
        tlb_flush(self);
}
