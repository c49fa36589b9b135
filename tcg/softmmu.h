/*
 * The soft MMU: guest virtual addresses to host memory through a small
 * direct-mapped TLB per MMU index. The fast path (a hit on RAM) is inline
 * here for the backends; misses, MMIO, pages holding code and accesses that
 * cross a page go to the out-of-line slow path in softmmu.c, which asks the
 * architecture (VCPUOps.tlb_fill) to walk its page tables or raise a fault.
 *
 * Guest memory is little-endian (x86); the fast path converts on big-endian
 * hosts.
 */
#ifndef TCG_SOFTMMU_H
#define TCG_SOFTMMU_H

#include <string.h>

#include "tcg/cpu-common.h"

typedef struct AddressSpace AddressSpace;

enum { PAGE_READ = 1, PAGE_WRITE = 2, PAGE_EXEC = 4 };

void tlb_flush(VCPUCommon *cpu);
void tlb_flush_page(VCPUCommon *cpu, uint64_t vaddr);
/*
 * Install a translation for the page of vaddr: guest physical paddr with
 * prot (PAGE_*), for mmu_idx. Looks paddr up in the CPU's address space to
 * decide RAM (fast path) or MMIO.
 */
void tlb_set_page(VCPUCommon *cpu, uint64_t vaddr, uint64_t paddr, int prot, unsigned mmu_idx);

/*
 * Translated code now lives in the guest physical page of paddr: make every
 * vCPU's TLB send writes to it through the slow path, which invalidates the
 * TBs (self- and cross-modifying code).
 */
void tlb_protect_code(uint64_t paddr);

/* vCPUs known to the soft MMU (for tlb_protect_code). 0 or -1 when full. */
int vcpu_register(VCPUCommon *cpu);
void vcpu_unregister(VCPUCommon *cpu);
/*
 * Keep the TLBs of the vCPUs on as right when its memory map changes
 * (bql held, once per address space; system emulation, where devices
 * remap memory). 0, or -1 when too many address spaces are watched.
 */
int softmmu_watch_address_space(AddressSpace *as);
/* A device write (port or MMIO) may have changed the memory map: flush now
 * if a flush was requested, so the next access sees the new map. */
void tlb_flush_if_pending(VCPUCommon *cpu);

/* After tb_flush: every vCPU's jump cache forgets the freed TBs. */
void vcpu_clear_jmp_caches(void);

/*
 * Instruction fetch: the guest physical page of vaddr (filling the TLB, which
 * may raise) and in *host its host address, or NULL if it is not RAM/ROM.
 */
uint64_t get_page_addr_code(VCPUCommon *cpu, uint64_t vaddr, unsigned mmu_idx, void **host);

uint64_t softmmu_load_slow(VCPUCommon *cpu, uint64_t addr, MemOpIdx oi);

/*
 * The store of a locked read-modify-write: atomically, if guest memory at
 * addr still holds cmp, write val, and return what it held. The store faults
 * like softmmu_store. Atomic against every other vCPU's accesses, plain or
 * locked, when addr is naturally aligned RAM; an access that is misaligned,
 * crosses a page, or reaches MMIO or a page with translated code is done
 * under one global lock instead (atomic only against other such accesses:
 * x86's split locks, rare and slow on hardware too).
 */
uint64_t softmmu_cmpxchg(VCPUCommon *cpu, uint64_t addr, uint64_t cmp, uint64_t val,
                         MemOpIdx oi);
/* The 16-byte form (CMPXCHG16B; addr 16-aligned): cmp and val as lo/hi pairs. */
void softmmu_cmpxchg16(VCPUCommon *cpu, uint64_t addr, const uint64_t cmp[2],
                       const uint64_t val[2], uint64_t old[2], unsigned mmu_idx);

/*
 * Forget every vCPU's translations (the guest's mappings changed under all
 * of them: munmap, mprotect). The caller's TLB is flushed now; the others
 * are asked to stop at their next TB boundary and flush before going on.
 */
void tlb_flush_all_cpus(VCPUCommon *self);
void softmmu_store_slow(VCPUCommon *cpu, uint64_t addr, uint64_t val, MemOpIdx oi);

static inline unsigned tlb_index(uint64_t addr)
{
    return (unsigned)(addr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
}

/* Load len bytes little-endian from host memory; len in 1,2,4,8. */
static inline uint64_t ldn_le_p(const void *p, unsigned len)
{
    uint8_t b[8];
    uint64_t v = 0;

    memcpy(b, p, len);
    for (unsigned i = len; i-- > 0;)
        v = (v << 8) | b[i];
    return v;
}

static inline void stn_le_p(void *p, unsigned len, uint64_t v)
{
    uint8_t b[8];

    for (unsigned i = 0; i < len; i++, v >>= 8)
        b[i] = (uint8_t)v;
    memcpy(p, b, len);
}

/*
 * A hit needs the page to match and, through the low bits of the compared
 * address, no TLB flag set and the access not to cross the page.
 */
static inline uint64_t softmmu_load(VCPUCommon *cpu, uint64_t addr, MemOpIdx oi)
{
    MemOp op = get_memop(oi);
    unsigned size = 1u << (op & MO_SIZE);
    CPUTLBEntry *e = &cpu->tlb[get_mmuidx(oi)][tlb_index(addr)];
    uint64_t tag = (op & MO_RMW) ? e->addr_write : e->addr_read;
    uint64_t v;

    if (tag != (addr & TARGET_PAGE_MASK) ||
        ((addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE) ||
        ((op & MO_ALIGN) && (addr & (size - 1))))
        return softmmu_load_slow(cpu, addr, oi);
    v = ldn_le_p((const void *)(uintptr_t)(addr + e->addend), size);
    if (op & MO_SIGN) {
        unsigned shift = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << shift) >> shift);
    }
    return v;
}

static inline void softmmu_store(VCPUCommon *cpu, uint64_t addr, uint64_t val, MemOpIdx oi)
{
    MemOp op = get_memop(oi);
    unsigned size = 1u << (op & MO_SIZE);
    CPUTLBEntry *e = &cpu->tlb[get_mmuidx(oi)][tlb_index(addr)];

    if (e->addr_write != (addr & TARGET_PAGE_MASK) ||
        ((addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE) ||
        ((op & MO_ALIGN) && (addr & (size - 1)))) {
        softmmu_store_slow(cpu, addr, val, oi);
        return;
    }
    stn_le_p((void *)(uintptr_t)(addr + e->addend), size, val);
}

#endif
