/*
 * The system-level x86 MMU: linear to physical through the guest's page
 * tables, for the soft MMU's TLB fill (SDM Vol.3 ch.4). Paging off, 32-bit
 * paging (with PSE 4 MiB pages), PAE and 4-level paging (2 MiB and 1 GiB
 * pages), the U/S, R/W and NX permissions with CR0.WP, EFER.NXE, CR4.SMEP
 * and CR4.SMAP, accessed and dirty bits, reserved-bit faults, and the A20
 * gate on physical addresses.
 *
 * The walk reads the tables through the CPU's physical address space, so
 * page tables in MMIO or unassigned space read as whatever is there (all
 * ones for nothing) rather than crashing.
 */
#include "cpu/x86/mmu.h"

#include "cpu/x86/excp.h"
#include "cpu/x86/seg.h"
#include "system/memory.h"
#include "tcg/softmmu.h"

#define PG_P    (1ull << 0)
#define PG_RW   (1ull << 1)
#define PG_US   (1ull << 2)
#define PG_A    (1ull << 5)
#define PG_D    (1ull << 6)
#define PG_PS   (1ull << 7)
#define PG_NX   (1ull << 63)

#define PF_P     1u
#define PF_W     2u
#define PF_U     4u
#define PF_RSVD  8u
#define PF_I     16u

/* MAXPHYADDR of the CPU models (CPUID 0x80000008: 40 bits). */
#define PHYS_BITS 40
#define PHYS_MASK (((1ull << PHYS_BITS) - 1) & ~0xfffull)

/* Walk permission bit beyond PAGE_*: the page is a user page. */
#define PAGE_USER 8

static uint64_t ld_phys(CPUX86State *env, uint64_t addr, unsigned size)
{
    return address_space_ld(env->common.address_space, addr & env->a20_mask, size);
}

static void st_phys(CPUX86State *env, uint64_t addr, uint64_t val, unsigned size)
{
    address_space_st(env->common.address_space, addr & env->a20_mask, val, size);
}

typedef struct Walk {
    uint64_t paddr;         /* physical address of the byte */
    int prot;               /* PAGE_* | PAGE_USER from the entries' bits */
    uint64_t leaf_addr;     /* the entry that mapped it, for the dirty bit */
    uint64_t leaf;
    unsigned leaf_size;     /* 4 or 8 */
    unsigned error;         /* #PF error bits when the walk fails: 0 or P|RSVD */
    bool debug;             /* the monitor's look: change nothing in the tables */
} Walk;

/* Set A in a non-leaf entry the walk used, as the hardware does. */
static void set_accessed(CPUX86State *env, const Walk *w, uint64_t addr, uint64_t e, unsigned size)
{
    if (!(e & PG_A) && !w->debug)
        st_phys(env, addr, e | PG_A, size);
}

static bool walk32(CPUX86State *env, uint64_t vaddr, Walk *w)
{
    uint64_t pde_addr = (env->cr[3] & 0xfffff000u) | ((vaddr >> 20) & 0xffc);
    uint64_t pde = ld_phys(env, pde_addr, 4), pte_addr, pte;

    if (!(pde & PG_P))
        return false;
    if ((pde & PG_PS) && (env->cr[4] & CR4_PSE)) {
        /* 4 MiB page; PDE bits 13..20 are physical bits 32..39 (PSE-36). */
        w->paddr = (pde & 0xffc00000u) | ((pde & 0x1fe000u) << 19) | (vaddr & 0x3fffff);
        w->leaf_addr = pde_addr;
        w->leaf = pde;
        w->leaf_size = 4;
        w->prot = (pde & PG_RW ? PAGE_WRITE : 0) | (pde & PG_US ? PAGE_USER : 0);
        return true;
    }
    set_accessed(env, w, pde_addr, pde, 4);
    pte_addr = (pde & 0xfffff000u) | ((vaddr >> 10) & 0xffc);
    pte = ld_phys(env, pte_addr, 4);
    if (!(pte & PG_P))
        return false;
    w->paddr = (pte & 0xfffff000u) | (vaddr & 0xfff);
    w->leaf_addr = pte_addr;
    w->leaf = pte;
    w->leaf_size = 4;
    w->prot = (pde & pte & PG_RW ? PAGE_WRITE : 0) | (pde & pte & PG_US ? PAGE_USER : 0);
    return true;
}

/* PAE (3 levels from the PDPTEs) and 4-level paging: 8-byte entries. */
static bool walk64(CPUX86State *env, uint64_t vaddr, Walk *w)
{
    bool lma = env->efer & EFER_LMA;
    uint64_t rsvd = (~PHYS_MASK & ~0xfffull & ~PG_NX) | (env->efer & EFER_NXE ? 0 : PG_NX);
    uint64_t rw = PG_RW, us = PG_US, nx = 0, addr, e;
    int level = lma ? 4 : 3;

    if (lma)
        addr = (env->cr[3] & PHYS_MASK) | ((vaddr >> 36) & 0xff8);
    else
        addr = (env->cr[3] & 0xffffffe0u) | ((vaddr >> 27) & 0x18);
    for (;; level--) {
        unsigned shift = 12 + 9 * (level - 1);
        uint64_t page = (1ull << shift) - 1;

        e = ld_phys(env, addr, 8);
        if (!(e & PG_P))
            return false;
        if (e & rsvd)
            goto reserved;
        if (!lma && level == 3) {
            /* A PAE PDPTE has no permissions; bits 1, 2 and 5..8 are reserved. */
            if (e & 0x1e6ull)
                goto reserved;
        } else {
            rw &= e;
            us &= e;
            nx |= e & PG_NX;
            if (level == 4 && (e & PG_PS))
                goto reserved;
            if (level == 1 || (e & PG_PS)) {
                if (level > 1 && (e & page & ~0x1fffull))
                    goto reserved;      /* address bits below the large page */
                w->paddr = (e & PHYS_MASK & ~page) | (vaddr & page);
                w->leaf_addr = addr;
                w->leaf = e;
                w->leaf_size = 8;
                w->prot = (rw ? PAGE_WRITE : 0) | (us ? PAGE_USER : 0) | (nx ? 0 : PAGE_EXEC);
                return true;
            }
            set_accessed(env, w, addr, e, 8);
        }
        /* The next level indexes with bits shift-9 .. shift-1, times 8 bytes. */
        addr = (e & PHYS_MASK) | ((vaddr >> (shift - 12)) & 0xff8);
    }

reserved:
    w->error = PF_P | PF_RSVD;
    return false;
}

/*
 * What a privilege may do with a page (SDM 4.6): user pages to user code;
 * supervisor code reads anything, writes read-only pages only with CR0.WP
 * clear, never fetches from user pages under SMEP, and touches user data
 * only with EFLAGS.AC under SMAP (X86_MMU_KSMAP is the index without AC).
 */
static int effective_prot(CPUX86State *env, int p, unsigned mmu_idx)
{
    int prot = PAGE_READ | (p & (PAGE_WRITE | PAGE_EXEC));

    if (mmu_idx == X86_MMU_USER)
        return (p & PAGE_USER) ? prot : 0;
    if (!(env->cr[0] & CR0_WP))
        prot |= PAGE_WRITE;
    if (p & PAGE_USER) {
        if (env->cr[4] & CR4_SMEP)
            prot &= ~PAGE_EXEC;
        if (mmu_idx == X86_MMU_KSMAP)
            prot &= ~(PAGE_READ | PAGE_WRITE);
    }
    return prot;
}

int x86_translate_addr(CPUX86State *env, uint64_t vaddr, unsigned mmu_idx, int need,
                       uint64_t *paddr, int *prot)
{
    Walk w = { 0 };
    bool ok;

    if (!(env->cr[0] & CR0_PG)) {
        *paddr = vaddr & (env->efer & EFER_LMA ? ~0ull : 0xffffffffull) & env->a20_mask;
        *prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        return 0;
    }
    ok = (env->cr[4] & CR4_PAE) ? walk64(env, vaddr, &w) : walk32(env, vaddr, &w);
    if (!(env->cr[4] & CR4_PAE))
        w.prot |= PAGE_EXEC;        /* no NX without PAE */
    if (!ok)
        return -(int)(w.error | 0x100);     /* 0x100: failed, error bits below */
    *prot = effective_prot(env, w.prot, mmu_idx);
    if (need && !(*prot & need))
        return -(int)(PF_P | 0x100);
    /* The leaf's A, and D on a write (only once the access is allowed). */
    {
        uint64_t bits = PG_A | (need == PAGE_WRITE ? PG_D : 0);

        if ((w.leaf & bits) != bits)
            st_phys(env, w.leaf_addr, w.leaf | bits, w.leaf_size);
    }
    /* A read fill of a clean page must not let later writes skip the D bit. */
    if (!(w.leaf & PG_D) && need != PAGE_WRITE)
        *prot &= ~PAGE_WRITE;
    *paddr = w.paddr & env->a20_mask;
    return 0;
}

int x86_debug_translate(CPUX86State *env, uint64_t vaddr, uint64_t *paddr)
{
    Walk w = { .debug = true };
    bool ok;

    if (!(env->cr[0] & CR0_PG)) {
        *paddr = vaddr & (env->efer & EFER_LMA ? ~0ull : 0xffffffffull) & env->a20_mask;
        return 0;
    }
    ok = (env->cr[4] & CR4_PAE) ? walk64(env, vaddr, &w) : walk32(env, vaddr, &w);
    if (!ok)
        return -1;
    *paddr = w.paddr & env->a20_mask;
    return 0;
}

void x86_tlb_fill(VCPUCommon *cpu, uint64_t vaddr, unsigned size, MMUAccessType access,
                  unsigned mmu_idx)
{
    CPUX86State *env = (CPUX86State *)cpu;
    int need = access == MMU_DATA_STORE ? PAGE_WRITE : access == MMU_INST_FETCH ? PAGE_EXEC
                                                                                : PAGE_READ;
    uint64_t paddr;
    int prot, r;

    /* Non-canonical addresses in long mode: #GP(0), or #SS(0) on the stack. */
    if ((env->efer & EFER_LMA) && (uint64_t)((int64_t)(vaddr << 16) >> 16) != vaddr)
        x86_raise_exception_err(env, (cpu->fill_memop & MO_STACK) ? EXCP_SS : EXCP_GP, 0);
    r = x86_translate_addr(env, vaddr, mmu_idx, need, &paddr, &prot);
    if (r < 0) {
        unsigned err = (unsigned)-r & 0xff;

        err |= (access == MMU_DATA_STORE ? PF_W : 0) | (mmu_idx == X86_MMU_USER ? PF_U : 0);
        if (access == MMU_INST_FETCH && ((env->efer & EFER_NXE) || (env->cr[4] & CR4_SMEP)))
            err |= PF_I;
        x86_raise_page_fault(env, vaddr, (int)err);
    }
    (void)size;
    tlb_set_page(cpu, vaddr & TARGET_PAGE_MASK, paddr & TARGET_PAGE_MASK, prot, mmu_idx);
}

static void x86_unaligned(VCPUCommon *cpu, uint64_t vaddr, MMUAccessType access,
                          unsigned mmu_idx)
{
    x86_raise_exception_err((CPUX86State *)cpu, EXCP_GP, 0);
}

const VCPUOps x86_system_vcpu_ops = {
    .tlb_fill = x86_tlb_fill,
    .unaligned = x86_unaligned,
};
