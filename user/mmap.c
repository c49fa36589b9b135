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
 *
 * Threads: one lock guards the table. A change ends with commit(): every
 * vCPU's TLB is flushed (the others' at their next TB boundary), then the
 * regions that lost their last row are destroyed; the memory API frees
 * their RAM only once every vCPU has left the read section it was in
 * (user_cpu_loop holds one around cpu_exec), so a stale TLB entry never
 * reaches freed host memory.
 */
#include <errno.h>
#include <pthread.h>
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
    struct UserRegion *next_dead;
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
static pthread_mutex_t mmap_lock = PTHREAD_MUTEX_INITIALIZER;
static UserRegion *dead;        /* unreferenced, destroyed at commit() */

int user_mem_init(void)
{
    memory_region_init_container(&root, "user", UINT64_MAX);
    return address_space_init(&as, &root, "user");
}

AddressSpace *user_as(void) { return &as; }

static void region_unref(UserRegion *r)
{
    if (--r->refs == 0) {
        r->next_dead = dead;
        dead = r;
    }
}

/* The end of a change to [addr, addr+len): see the top of the file. Lock held. */
static void commit(uint64_t addr, uint64_t len)
{
    tb_invalidate_phys_range(addr, len, NULL);
    tlb_flush_all_cpus(user_self());
    while (dead) {
        UserRegion *r = dead;

        dead = r->next_dead;
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
    int prot;
    int need = access == MMU_DATA_STORE ? PAGE_WRITE : access == MMU_INST_FETCH ? PAGE_EXEC
                                                                                : PAGE_READ;
    unsigned err = PF_USER | (access == MMU_DATA_STORE ? PF_WRITE : 0) |
                   (access == MMU_INST_FETCH ? PF_INSTR : 0);

    /* Outside the canonical range: #GP(0), not a page fault (SDM 3.3.7.1). */
    if ((uint64_t)((int64_t)(vaddr << 16) >> 16) != vaddr)
        x86_raise_exception_err(env, (cpu->fill_memop & MO_STACK) ? EXCP_SS : EXCP_GP, 0);
    pthread_mutex_lock(&mmap_lock);
    v = vma_find(vaddr);
    prot = v ? effective_prot(v->prot) : -1;
    if (prot >= 0 && (prot & need))
        tlb_set_page(cpu, vaddr & TARGET_PAGE_MASK, vaddr & TARGET_PAGE_MASK, prot, mmu_idx);
    pthread_mutex_unlock(&mmap_lock);
    if (prot < 0)
        x86_raise_page_fault(env, vaddr, (int)err);
    if (!(prot & need))
        x86_raise_page_fault(env, vaddr, (int)(err | PF_PROT));
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

static int64_t mmap_locked(uint64_t addr, uint64_t len, int prot, bool fixed)
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
    commit(addr, len);
    return ret < 0 ? ret : (int64_t)addr;
}

int64_t user_mmap(uint64_t addr, uint64_t len, int prot, bool fixed)
{
    int64_t ret;

    pthread_mutex_lock(&mmap_lock);
    ret = mmap_locked(addr, len, prot, fixed);
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

int user_munmap(uint64_t addr, uint64_t len)
{
    int ret;

    len = USER_PAGE_ALIGN(len);
    if (!range_ok(addr, len))
        return -EINVAL;
    pthread_mutex_lock(&mmap_lock);
    ret = vma_clear(addr, addr + len);
    commit(addr, len);
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

static int mprotect_locked(uint64_t addr, uint64_t end, int prot)
{
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
    return 0;
}

int user_mprotect(uint64_t addr, uint64_t len, int prot)
{
    int ret;

    len = USER_PAGE_ALIGN(len);
    if (!range_ok(addr, len))
        return -EINVAL;
    pthread_mutex_lock(&mmap_lock);
    ret = mprotect_locked(addr, addr + len, prot);
    commit(addr, len);
    pthread_mutex_unlock(&mmap_lock);
    return ret;
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

static uint64_t brk_locked(uint64_t newbrk)
{
    uint64_t old_end = USER_PAGE_ALIGN(brk_cur), new_end = USER_PAGE_ALIGN(newbrk);

    if (newbrk < brk_start || newbrk > brk_start + BRK_RESERVE)
        return brk_cur;
    if (new_end > old_end) {
        if (vma_set(old_end, new_end, PAGE_READ | PAGE_WRITE, brk_region) < 0)
            return brk_cur;
    } else if (new_end < old_end) {
        vma_clear(new_end, old_end);
        commit(new_end, old_end - new_end);
        /* Pages given back read as zero when the heap grows again. Other
         * threads' TLBs forgot them (commit) before they are cleared. */
        uint8_t *host = memory_region_get_ram_ptr(&brk_region->mr);

        memset(host + (new_end - brk_start), 0, old_end - new_end);
    }
    brk_cur = newbrk;
    return brk_cur;
}

uint64_t user_brk(uint64_t newbrk)
{
    uint64_t ret;

    pthread_mutex_lock(&mmap_lock);
    ret = brk_locked(newbrk);
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

bool user_access_ok(uint64_t addr, uint64_t len, int prot)
{
    uint64_t end = addr + len;
    bool ok = end >= addr;

    pthread_mutex_lock(&mmap_lock);
    for (uint64_t a = addr; ok && a < end;) {
        const Vma *v = vma_find(a);

        ok = v && (effective_prot(v->prot) & prot) == prot;
        if (ok)
            a = v->end;
    }
    pthread_mutex_unlock(&mmap_lock);
    return ok;
}

void *user_host_word(uint64_t addr, int prot)
{
    void *p = NULL;
    const Vma *v;

    if (addr & 3)
        return NULL;
    pthread_mutex_lock(&mmap_lock);
    v = vma_find(addr);
    if (v && (effective_prot(v->prot) & prot) == prot)
        p = (uint8_t *)memory_region_get_ram_ptr(&v->r->mr) + (addr - v->r->base);
    pthread_mutex_unlock(&mmap_lock);
    return p;
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
