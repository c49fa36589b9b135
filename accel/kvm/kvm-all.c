/*
 * The KVM VM (kvm.h): /dev/kvm, the VM, its memory slots and its in-kernel
 * interrupt controllers. The ioctls and their structures are those of
 * Linux's Documentation/virt/kvm/api.rst (API version 12).
 */
#include "accel/kvm/kvm-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "system/error.h"
#include "system/log.h"

KVMState kvm_state = { .fd = -1, .vm_fd = -1 };
static bool kvm_on;

/* Where QEMU puts the three pages VMX needs below the BIOS (api.rst 4.39/4.40). */
#define KVM_TSS_ADDR            0xfeffd000ull
#define KVM_IDENTITY_MAP_ADDR   0xfeffc000ull

#define PAGE_SIZE 4096ull

int kvm_ioctl(int fd, unsigned long req, void *arg)
{
    int r;

    do {
        r = ioctl(fd, req, arg);
    } while (r < 0 && errno == EINTR);
    return r < 0 ? -errno : r;
}

bool kvm_available(void) { return true; }
bool kvm_enabled(void) { return kvm_on; }
bool kvm_irqchip_in_kernel(void) { return kvm_on && kvm_state.irqchip; }

/* ---- Capabilities -------------------------------------------------------- */

typedef struct KVMCap {
    const char *name;
    int cap;
    bool irqchip_only;
} KVMCap;

#define CAP(c) { #c, c, false }
#define CAP_IRQCHIP(c) { #c, c, true }
static const KVMCap required_caps[] = {
    CAP(KVM_CAP_USER_MEMORY),
    CAP(KVM_CAP_SET_TSS_ADDR),
    CAP(KVM_CAP_EXT_CPUID),
    CAP(KVM_CAP_MP_STATE),
    CAP(KVM_CAP_IMMEDIATE_EXIT),
    CAP(KVM_CAP_READONLY_MEM),
    CAP(KVM_CAP_VCPU_EVENTS),
    CAP(KVM_CAP_NOP_IO_DELAY),
    CAP_IRQCHIP(KVM_CAP_IRQCHIP),
    CAP_IRQCHIP(KVM_CAP_IRQ_ROUTING),
    CAP_IRQCHIP(KVM_CAP_PIT2),
    CAP_IRQCHIP(KVM_CAP_SIGNAL_MSI),
};

static int check_extension(int cap)
{
    int r = ioctl(kvm_state.fd, KVM_CHECK_EXTENSION, cap);

    return r < 0 ? 0 : r;
}

/* ---- In-kernel interrupt controllers ------------------------------------- */

/* Their power-on state, read back right after creation, put back at reset. */
static struct kvm_irqchip chip_reset[3];
static struct kvm_pit_state2 pit_reset;

/*
 * GSI routing as QEMU's pc has it (kvm_pc_setup_irq_routing): ISA IRQs 0-15
 * to the 8259 pair (not 2, the cascade), every GSI to the IO-APIC pin of the
 * same number but GSI 0, which is IO-APIC pin 2 (the MADT's interrupt source
 * override: pin 0 is the 8259's ExtINT).
 */
static int setup_irq_routing(void)
{
    struct kvm_irq_routing *r;
    unsigned n = 0;
    int ret;

    r = calloc(1, sizeof(*r) + 40 * sizeof(r->entries[0]));
    if (!r)
        return -ENOMEM;
    for (unsigned i = 0; i < 16; i++) {
        if (i == 2)
            continue;
        r->entries[n++] = (struct kvm_irq_routing_entry){
            .gsi = i, .type = KVM_IRQ_ROUTING_IRQCHIP,
            .u.irqchip = { i < 8 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE, i % 8 },
        };
    }
    for (unsigned i = 0; i < 24; i++) {
        if (i == 2)
            continue;
        r->entries[n++] = (struct kvm_irq_routing_entry){
            .gsi = i, .type = KVM_IRQ_ROUTING_IRQCHIP,
            .u.irqchip = { KVM_IRQCHIP_IOAPIC, i == 0 ? 2 : i },
        };
    }
    r->nr = n;
    ret = kvm_ioctl(kvm_state.vm_fd, KVM_SET_GSI_ROUTING, r);
    free(r);
    return ret;
}

static int create_irqchip(void)
{
    /* The kernel handles the speaker port 0x61 too: Linux's PIT calibration
     * reads channel 2's output there. */
    struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
    int ret;

    if ((ret = kvm_ioctl(kvm_state.vm_fd, KVM_CREATE_IRQCHIP, NULL)) < 0 ||
        (ret = setup_irq_routing()) < 0 ||
        (ret = kvm_ioctl(kvm_state.vm_fd, KVM_CREATE_PIT2, &pit)) < 0)
        return ret;
    for (int i = 0; i < 3; i++) {
        chip_reset[i].chip_id = (uint32_t)i;
        if ((ret = kvm_ioctl(kvm_state.vm_fd, KVM_GET_IRQCHIP, &chip_reset[i])) < 0)
            return ret;
    }
    return kvm_ioctl(kvm_state.vm_fd, KVM_GET_PIT2, &pit_reset);
}

void kvm_irqchip_reset(void)
{
    struct kvm_pit_state2 pit = pit_reset;

    if (!kvm_irqchip_in_kernel())
        return;
    for (int i = 0; i < 3; i++) {
        struct kvm_irqchip chip = chip_reset[i];

        if (kvm_ioctl(kvm_state.vm_fd, KVM_SET_IRQCHIP, &chip) < 0)
            error_report("kvm: cannot reset irqchip %d: %s", i, strerror(errno));
    }
    if (kvm_ioctl(kvm_state.vm_fd, KVM_SET_PIT2, &pit) < 0)
        error_report("kvm: cannot reset the PIT: %s", strerror(errno));
}

void kvm_set_irq(int gsi, int level)
{
    struct kvm_irq_level l = { .irq = (uint32_t)gsi, .level = (uint32_t)(level != 0) };

    if (kvm_ioctl(kvm_state.vm_fd, KVM_IRQ_LINE, &l) < 0)
        log_printf("kvm: KVM_IRQ_LINE %d: %s\n", gsi, strerror(errno));
}

void kvm_send_msi(uint64_t addr, uint32_t data)
{
    struct kvm_msi msi = {
        .address_lo = (uint32_t)addr, .address_hi = (uint32_t)(addr >> 32), .data = data,
    };

    /* 0: the message was blocked by the guest (a masked or absent target). */
    if (kvm_ioctl(kvm_state.vm_fd, KVM_SIGNAL_MSI, &msi) < 0 && log_enabled(LOG_GUEST_ERROR))
        log_printf("kvm: MSI 0x%llx/0x%x not delivered\n", (unsigned long long)addr, data);
}

void kvm_pit_set_hpet_legacy(bool legacy)
{
    struct kvm_pit_state2 pit;

    if (!kvm_irqchip_in_kernel() || kvm_ioctl(kvm_state.vm_fd, KVM_GET_PIT2, &pit) < 0)
        return;
    if (!!(pit.flags & KVM_PIT_FLAGS_HPET_LEGACY) == legacy)
        return;
    pit.flags ^= KVM_PIT_FLAGS_HPET_LEGACY;
    kvm_ioctl(kvm_state.vm_fd, KVM_SET_PIT2, &pit);
}

/* ---- Memory slots -------------------------------------------------------- */

/*
 * A slot is a page-aligned run of guest-physical RAM or ROM backed by host
 * memory. The flat view is the truth: after each change the wanted slots
 * are computed from it, the ones no longer wanted are deleted and the new
 * ones added (never modified in place: KVM refuses to move or resize a
 * slot). Everything else (MMIO, unassigned space, the sub-page edges of a
 * RAM range) exits to userspace and goes through address_space_rw, which
 * knows RAM too, so a missing slot costs speed, never correctness.
 */
typedef struct KVMSlot {
    uint64_t gpa, size;
    uint64_t host;
    uint32_t flags;
    bool used;
} KVMSlot;

#define KVM_MAX_SLOTS 256

static KVMSlot slots[KVM_MAX_SLOTS];
static unsigned nr_slots = KVM_MAX_SLOTS;

typedef struct SlotList {
    KVMSlot s[KVM_MAX_SLOTS];
    unsigned n;
    bool overflow;
} SlotList;

static int collect_slot(void *opaque, uint64_t start, uint64_t last, MemoryRegion *mr,
                        uint64_t offset)
{
    SlotList *l = opaque;
    uint64_t a, e, host;
    uint32_t flags;
    KVMSlot *prev;

    if (!memory_region_is_ram(mr) || last == UINT64_MAX)
        return 0;
    a = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    e = (last + 1) & ~(PAGE_SIZE - 1);
    if (e <= a)
        return 0;
    host = (uint64_t)(uintptr_t)memory_region_get_ram_ptr(mr) + offset + (a - start);
    if (host & (PAGE_SIZE - 1))
        return 0;
    /* ROM: reads from the slot, writes exit as MMIO (and are dropped there). */
    flags = memory_region_is_rom(mr) ? KVM_MEM_READONLY : 0;
    prev = l->n ? &l->s[l->n - 1] : NULL;
    if (prev && prev->gpa + prev->size == a && prev->host + prev->size == host &&
        prev->flags == flags) {
        prev->size += e - a;
        return 0;
    }
    if (l->n == KVM_MAX_SLOTS) {
        l->overflow = true;
        return 1;
    }
    l->s[l->n++] = (KVMSlot){ .gpa = a, .size = e - a, .host = host, .flags = flags, .used = true };
    return 0;
}

static int set_slot(unsigned id, const KVMSlot *s, bool add)
{
    struct kvm_userspace_memory_region r = {
        .slot = id, .flags = s->flags, .guest_phys_addr = s->gpa,
        .memory_size = add ? s->size : 0, .userspace_addr = s->host,
    };

    return kvm_ioctl(kvm_state.vm_fd, KVM_SET_USER_MEMORY_REGION, &r);
}

static void sync_slots(AddressSpace *as)
{
    static SlotList want;
    bool keep[KVM_MAX_SLOTS] = { false };

    memset(&want, 0, sizeof(want));
    address_space_walk(as, collect_slot, &want);
    if (want.overflow)
        warn_report("kvm: more than %d RAM ranges: the rest runs as MMIO", KVM_MAX_SLOTS);
    /* Delete first: a new slot must not overlap an old one. */
    for (unsigned i = 0; i < nr_slots; i++) {
        bool found = false;

        if (!slots[i].used)
            continue;
        for (unsigned j = 0; j < want.n && !found; j++)
            if (!keep[j] && want.s[j].gpa == slots[i].gpa && want.s[j].size == slots[i].size &&
                want.s[j].host == slots[i].host && want.s[j].flags == slots[i].flags)
                found = keep[j] = true;
        if (!found) {
            if (set_slot(i, &slots[i], false) < 0)
                error_report("kvm: cannot delete memory slot %u: %s", i, strerror(errno));
            slots[i].used = false;
        }
    }
    for (unsigned j = 0; j < want.n; j++) {
        unsigned i;

        if (keep[j])
            continue;
        for (i = 0; i < nr_slots && slots[i].used; i++)
            ;
        if (i == nr_slots) {
            warn_report("kvm: out of memory slots: 0x%llx+0x%llx runs as MMIO",
                        (unsigned long long)want.s[j].gpa, (unsigned long long)want.s[j].size);
            continue;
        }
        if (set_slot(i, &want.s[j], true) < 0) {
            error_report("kvm: cannot map 0x%llx+0x%llx: %s", (unsigned long long)want.s[j].gpa,
                         (unsigned long long)want.s[j].size, strerror(errno));
            continue;
        }
        slots[i] = want.s[j];
    }
}

static void memory_commit(MemoryListener *l, AddressSpace *as)
{
    sync_slots(as);
}

static MemoryListener kvm_listener = { .commit = memory_commit };

int kvm_memory_attach(AddressSpace *as)
{
    memory_listener_register(&kvm_listener, as);
    sync_slots(as);
    return 0;
}

/* ---- The VM -------------------------------------------------------------- */

static int kvm_fail(int ret)
{
    if (kvm_state.vm_fd >= 0)
        close(kvm_state.vm_fd);
    if (kvm_state.fd >= 0)
        close(kvm_state.fd);
    kvm_state.vm_fd = kvm_state.fd = -1;
    free(kvm_state.supported);
    kvm_state.supported = NULL;
    return ret;
}

static int get_supported_cpuid(void)
{
    for (unsigned n = 64; n <= 4096; n *= 2) {
        struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
        int ret;

        if (!c)
            return -ENOMEM;
        c->nent = n;
        ret = kvm_ioctl(kvm_state.fd, KVM_GET_SUPPORTED_CPUID, c);
        if (ret == 0) {
            kvm_state.supported = c;
            return 0;
        }
        free(c);
        if (ret != -E2BIG)
            return ret;
    }
    return -E2BIG;
}

int kvm_init(const KVMConfig *cfg)
{
    const char *dev = getenv("VIREO_KVM_DEVICE");
    int ret, n;

    kvm_state.fd = open(dev && *dev ? dev : "/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm_state.fd < 0) {
        ret = -errno;
        fprintf(stderr, "Could not access KVM kernel module: %s\n", strerror(-ret));
        return ret;
    }
    ret = ioctl(kvm_state.fd, KVM_GET_API_VERSION, 0);
    if (ret != KVM_API_VERSION) {
        ret = ret < 0 ? -errno : -EINVAL;
        fprintf(stderr, "kvm version too old\n");
        return kvm_fail(ret);
    }
    for (size_t i = 0; i < sizeof(required_caps) / sizeof(required_caps[0]); i++) {
        if (required_caps[i].irqchip_only && !cfg->irqchip)
            continue;
        if (!check_extension(required_caps[i].cap)) {
            fprintf(stderr, "kvm does not support %s\n", required_caps[i].name);
            return kvm_fail(-EINVAL);
        }
    }
    kvm_state.xsave = check_extension(KVM_CAP_XSAVE) > 0;
    kvm_state.xcrs = check_extension(KVM_CAP_XCRS) > 0;
    n = check_extension(KVM_CAP_NR_MEMSLOTS);
    if (n > 0 && n < KVM_MAX_SLOTS)
        nr_slots = (unsigned)n;
    kvm_state.vcpu_mmap_size = ioctl(kvm_state.fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (kvm_state.vcpu_mmap_size <= 0)
        return kvm_fail(-errno);
    if ((ret = get_supported_cpuid()) < 0)
        return kvm_fail(ret);
    do {
        kvm_state.vm_fd = ioctl(kvm_state.fd, KVM_CREATE_VM, 0);
    } while (kvm_state.vm_fd < 0 && errno == EINTR);
    if (kvm_state.vm_fd < 0) {
        ret = -errno;
        fprintf(stderr, "ioctl(KVM_CREATE_VM) failed: %d %s\n", -ret, strerror(-ret));
        return kvm_fail(ret);
    }
    if ((ret = ioctl(kvm_state.vm_fd, KVM_SET_TSS_ADDR, (unsigned long)KVM_TSS_ADDR)) < 0)
        return kvm_fail(-errno);
    if (check_extension(KVM_CAP_SET_IDENTITY_MAP_ADDR)) {
        uint64_t addr = KVM_IDENTITY_MAP_ADDR;

        if ((ret = kvm_ioctl(kvm_state.vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &addr)) < 0)
            return kvm_fail(ret);
    }
    kvm_state.irqchip = cfg->irqchip;
    if (cfg->irqchip && (ret = create_irqchip()) < 0) {
        fprintf(stderr, "Could not create the in-kernel irqchip: %s\n", strerror(-ret));
        return kvm_fail(ret);
    }
    kvm_state.cpu_model = cfg->cpu_model;
    kvm_on = true;
    return 0;
}
