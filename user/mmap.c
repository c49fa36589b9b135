/*
 * The guest address space of vireo-x86_64. Every mapping is a RAM region
 * added to one container at its guest address (guest physical = guest
 * virtual), and a sorted table of page ranges records what the guest may do
 * with each: VCPUOps.tlb_fill consults it and installs the page or raises
 * #PF, and system calls check guest pointers against it.
 *
 * A region is shared by the table rows cut from it (munmap or mprotect of a
 * part) and goes away with the last one. Regions mapped later cover earlier
 * ones in the container, so a MAP_FIXED mapping over a part of an older
 * region wins there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/x86/excp.h"
#include "tcg/softmmu.h"
#include "tcg/tb-cache.h"
#include "user/user.h"

#define PF_PROT  1u
#define PF_WRITE 2u
#define PF_USER  4u
#define PF_INSTR 16u

#define MAX_VMAS 4096
/* Where mmap without an address starts looking, downwards. */
#define MMAP_TOP 0x7ff000000000ull
/* The heap may grow this far; the region is sparse until touched. */
#define BRK_RESERVE (1ull << 30)

typedef struct UserRegion {
    MemoryRegion mr;
    uint64_t base;          /* guest address of offset 0 */
    unsigned refs;          /* table rows using it */
} UserRegion;

typedef struct Vma {
    uint64_t start, end;    /* page aligned, end exclusive */
    int prot;               /* PAGE_* as the guest asked */
    UserRegion *r;
} Vma;

static MemoryRegion root;
static AddressSpace as;
static Vma vmas[MAX_VMAS], scratch[MAX_VMAS];
static unsigned nvmas;
static UserRegion *brk_region;
static uint64_t brk_start, brk_cur;
static VCPUCommon *user_cpu;

int user_mem_init(void)
{
    memory_region_init_container(&root, "user", UINT64_MAX);
    return address_space_init(&as, &root, "user");
}

AddressSpace *user_as(void) { return &as; }

void user_mem_attach(VCPUCommon *cpu) { user_cpu = cpu; }

static void region_unref(UserRegion *r)
{
    if (--r->refs == 0) {
        memory_region_destroy(&r->mr);
        free(r);
    }
}

static UserRegion *region_new(uint64_t addr, uint64_t len)
{
    UserRegion *r = calloc(1, sizeof(*r));

    if (!r)
        return NULL;
    if (memory_region_init_ram(&r->mr, "user-map", len) < 0) {
        free(r);
        return NULL;
    }
    r->base = addr;
    memory_region_add_subregion(&root, addr, &r->mr);
    return r;
}

/* Take [s, e) out of the table, cutting rows that straddle its ends. */
static int vma_clear(uint64_t s, uint64_t e)
{
    unsigned n = 0;

    for (unsigned i = 0; i < nvmas; i++) {
        Vma v = vmas[i];

        if (v.end <= s || v.start >= e) {
            scratch[n++] = v;
            continue;
        }
        if (n + 2 > MAX_VMAS)
            return -ENOMEM;
        if (v.start < s) {
            scratch[n] = v;
            scratch[n++].end = s;
            v.r->refs++;
        }
        if (v.end > e) {
            scratch[n] = v;
            scratch[n++].start = e;
            v.r->refs++;
        }
    }
    for (unsigned i = 0; i < nvmas; i++)
        if (!(vmas[i].end <= s || vmas[i].start >= e))
            region_unref(vmas[i].r);
    memcpy(vmas, scratch, n * sizeof(Vma));
    nvmas = n;
    return 0;
}

/* Make [s, e) a row of region r with prot, replacing what was there. */
static int vma_set(uint64_t s, uint64_t e, int prot, UserRegion *r)
{
    unsigned i;
    int ret;

    r->refs++;              /* held across the clear, which may drop r's rows */
    ret = vma_clear(s, e);
    if (ret == 0 && nvmas == MAX_VMAS)
        ret = -ENOMEM;
    if (ret < 0) {
        region_unref(r);
        return ret;
    }
    for (i = 0; i < nvmas && vmas[i].start < s; i++)
        ;
    memmove(&vmas[i + 1], &vmas[i], (nvmas - i) * sizeof(Vma));
    vmas[i] = (Vma){ s, e, prot, r };
    nvmas++;
    return 0;
}

static const Vma *vma_find(uint64_t addr)
{
    for (unsigned i = 0; i < nvmas && vmas[i].start <= addr; i++)
        if (addr < vmas[i].end)
            return &vmas[i];
    return NULL;
}

/* What the page tables would allow: on x86 writable or executable is readable. */
static int effective_prot(int prot)
{
    return (prot & (PAGE_WRITE | PAGE_EXEC)) ? prot | PAGE_READ : prot;
}

static void user_tlb_fill(VCPUCommon *cpu, uint64_t vaddr, unsigned size,
                          MMUAccessType access, unsigned mmu_idx)
{
    CPUX86State *env = (CPUX86State *)cpu;
    const Vma *v;
    int need = access == MMU_DATA_STORE ? PAGE_WRITE : access == MMU_INST_FETCH ? PAGE_EXEC
                                                                                : PAGE_READ;
    unsigned err = PF_USER | (access == MMU_DATA_STORE ? PF_WRITE : 0) |
                   (access == MMU_INST_FETCH ? PF_INSTR : 0);

    /* Outside the canonical range: #GP(0), not a page fault (SDM 3.3.7.1). */
    if ((uint64_t)((int64_t)(vaddr << 16) >> 16) != vaddr)
        x86_raise_exception_err(env, (cpu->fill_memop & MO_STACK) ? EXCP_SS : EXCP_GP, 0);
    v = vma_find(vaddr);
    if (!v)
        x86_raise_page_fault(env, vaddr, (int)err);
    if (!(effective_prot(v->prot) & need))
        x86_raise_page_fault(env, vaddr, (int)(err | PF_PROT));
    tlb_set_page(cpu, vaddr & TARGET_PAGE_MASK, vaddr & TARGET_PAGE_MASK,
                 effective_prot(v->prot), mmu_idx);
}

static void user_unaligned(VCPUCommon *cpu, uint64_t vaddr, MMUAccessType access,
                           unsigned mmu_idx)
{
    x86_raise_exception_err((CPUX86State *)cpu, EXCP_GP, 0);
}

const VCPUOps user_vcpu_ops = {
    .tlb_fill = user_tlb_fill,
    .unaligned = user_unaligned,
};

/* The translations and translated code of a range the guest changed. */
static void forget_range(uint64_t addr, uint64_t len)
{
    tb_invalidate_phys_range(addr, len, NULL);
    if (user_cpu)
        tlb_flush(user_cpu);
}

static bool range_ok(uint64_t addr, uint64_t len)
{
    return !(addr & (USER_PAGE_SIZE - 1)) && len && addr + len > addr &&
           addr + len <= USER_STACK_TOP + USER_PAGE_SIZE;
}

/* The highest free gap of len bytes below MMAP_TOP, or 0. */
static uint64_t find_free(uint64_t len)
{
    uint64_t top = MMAP_TOP;

    for (unsigned i = nvmas; i-- > 0;) {
        if (vmas[i].start >= top)
            continue;
        if (vmas[i].end <= top && top - vmas[i].end >= len)
            return top - len;
        top = vmas[i].start;
    }
    return top >= len + (1ull << 32) ? top - len : 0;
}

int64_t user_mmap(uint64_t addr, uint64_t len, int prot, bool fixed)
{
    UserRegion *r;
    int ret;

    len = USER_PAGE_ALIGN(len);
    if (!fixed)
        addr = find_free(len);
    if (!range_ok(addr, len))
        return fixed ? -EINVAL : -ENOMEM;
    r = region_new(addr, len);
    if (!r)
        return -ENOMEM;
    r->refs = 1;            /* ours until the row holds it */
    ret = vma_set(addr, addr + len, prot, r);
    region_unref(r);
    if (ret < 0)
        return ret;
    forget_range(addr, len);
    return (int64_t)addr;
}

int user_munmap(uint64_t addr, uint64_t len)
{
    len = USER_PAGE_ALIGN(len);
    if (!range_ok(addr, len))
        return -EINVAL;
    forget_range(addr, len);
    return vma_clear(addr, addr + len);
}

int user_mprotect(uint64_t addr, uint64_t len, int prot)
{
    uint64_t end;

    len = USER_PAGE_ALIGN(len);
    if (!range_ok(addr, len))
        return -EINVAL;
    end = addr + len;
    /* Linux: -ENOMEM if part of the range is not mapped. */
    for (uint64_t a = addr; a < end;) {
        const Vma *v = vma_find(a);

        if (!v)
            return -ENOMEM;
        a = v->end;
    }
    for (uint64_t a = addr; a < end;) {
        const Vma *v = vma_find(a);
        uint64_t e = v->end < end ? v->end : end;
        int ret = vma_set(a, e, prot, v->r);

        if (ret < 0)
            return ret;
        a = e;
    }
    forget_range(addr, len);
    return 0;
}

int user_brk_init(uint64_t start)
{
    brk_start = brk_cur = USER_PAGE_ALIGN(start);
    brk_region = region_new(brk_start, BRK_RESERVE);
    if (!brk_region)
        return -ENOMEM;
    brk_region->refs = 1;       /* the heap's own, never dropped */
    return 0;
}

uint64_t user_brk(uint64_t newbrk)
{
    uint64_t old_end = USER_PAGE_ALIGN(brk_cur), new_end = USER_PAGE_ALIGN(newbrk);

    if (newbrk < brk_start || newbrk > brk_start + BRK_RESERVE)
        return brk_cur;
    if (new_end > old_end) {
        if (vma_set(old_end, new_end, PAGE_READ | PAGE_WRITE, brk_region) < 0)
            return brk_cur;
    } else if (new_end < old_end) {
        /* Pages given back read as zero when the heap grows again. */
        uint8_t *host = memory_region_get_ram_ptr(&brk_region->mr);

        memset(host + (new_end - brk_start), 0, old_end - new_end);
        vma_clear(new_end, old_end);
        forget_range(new_end, old_end - new_end);
    }
    brk_cur = newbrk;
    return brk_cur;
}

bool user_access_ok(uint64_t addr, uint64_t len, int prot)
{
    uint64_t end = addr + len;

    if (end < addr)
        return false;
    for (uint64_t a = addr; a < end;) {
        const Vma *v = vma_find(a);

        if (!v || (effective_prot(v->prot) & prot) != prot)
            return false;
        a = v->end;
    }
    return true;
}

int user_read(uint64_t addr, void *buf, size_t len)
{
    if (!user_access_ok(addr, len, PAGE_READ))
        return -EFAULT;
    return address_space_read(&as, addr, buf, len) < 0 ? -EFAULT : 0;
}

int user_write(uint64_t addr, const void *buf, size_t len)
{
    if (!user_access_ok(addr, len, PAGE_WRITE))
        return -EFAULT;
    return address_space_write(&as, addr, buf, len) < 0 ? -EFAULT : 0;
}

int user_poke(uint64_t addr, const void *buf, size_t len)
{
    if (!user_access_ok(addr, len, 0))
        return -EFAULT;
    return address_space_write(&as, addr, buf, len) < 0 ? -EFAULT : 0;
}

int user_read_str(uint64_t addr, char *buf, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (user_read(addr + i, &buf[i], 1) < 0)
            return -EFAULT;
        if (!buf[i])
            return (int)i;
    }
    return -ENAMETOOLONG;
}
