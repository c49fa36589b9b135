/*
 * One KVM vCPU (kvm.h): its creation, CPUID, the KVM_RUN loop and its
 * exits, and the kick. The vCPU thread itself (parking, pause, reset) is
 * the PC's, in cpu/x86/vcpu-tcg.c; this file only runs the guest.
 *
 * Exits: port I/O goes to the board's X86MachineOps io_read/io_write (the
 * port dispatch the translator's IN/OUT use), MMIO to address_space_rw on
 * the vCPU's address space with the bql held, as a soft-MMU slow path does.
 * The bql is never held across KVM_RUN.
 *
 * Kicks: KVM_CAP_IMMEDIATE_EXIT. The kicker sets kvm_run->immediate_exit
 * and sends SIGUSR1 to the thread: a vCPU inside KVM_RUN leaves it with
 * EINTR, one about to enter returns at once. The handler does nothing; the
 * vCPU loop then looks at its flags under the bql.
 */
#include "accel/kvm/kvm-int.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpu/x86/cpuid.h"
#include "cpu/x86/dump.h"
#include "system/error.h"
#include "system/log.h"
#include "system/main-loop.h"
#include "system/runstate.h"

#define SIG_KICK SIGUSR1

KVMVCPU *kvm_vcpu_create(CPUX86State *env)
{
    KVMVCPU *k = calloc(1, sizeof(*k));

    if (!k)
        return NULL;
    k->env = env;
    k->fd = ioctl(kvm_state.vm_fd, KVM_CREATE_VCPU, (unsigned long)env->cpu_index);
    if (k->fd < 0) {
        error_report("kvm: KVM_CREATE_VCPU %d: %s", env->cpu_index, strerror(errno));
        free(k);
        return NULL;
    }
    k->run = mmap(NULL, (size_t)kvm_state.vcpu_mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                  k->fd, 0);
    if (k->run == MAP_FAILED) {
        error_report("kvm: cannot map the kvm_run area: %s", strerror(errno));
        close(k->fd);
        free(k);
        return NULL;
    }
    /* The LAPIC as KVM made it is the power-on state system_reset puts back. */
    if (kvm_state.irqchip && kvm_ioctl(k->fd, KVM_GET_LAPIC, &k->lapic_reset) < 0) {
        error_report("kvm: KVM_GET_LAPIC: %s", strerror(errno));
        return NULL;
    }
    k->dirty = k->reset = true;
    return k;
}

/* ---- CPUID ------------------------------------------------------------------------ */

/* QEMU's feature names, for the warning about what the host lacks. */
static const char *const feature_names[FEAT_WORDS][32] = {
    [FEAT_1_EDX] = {
        "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
        "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "ds", "acpi",
        "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
    },
    [FEAT_1_ECX] = {
        "pni", "pclmulqdq", "dtes64", "monitor", "ds-cpl", "vmx", "smx", "est", "tm2",
        "ssse3", "cid", NULL, "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4.1",
        "sse4.2", "x2apic", "movbe", "popcnt", "tsc-deadline", "aes", "xsave", NULL, "avx",
        "f16c", "rdrand", "hypervisor",
    },
    [FEAT_7_0_EBX] = {
        "fsgsbase", "tsc-adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep", "bmi2", "erms",
        "invpcid", "rtm", NULL, NULL, "mpx", NULL, "avx512f", "avx512dq", "rdseed", "adx",
        "smap",
    },
    [FEAT_8000_0001_EDX] = {
        [11] = "syscall", [20] = "nx", [22] = "mmxext", [25] = "fxsr-opt", [26] = "pdpe1gb",
        [27] = "rdtscp", [29] = "lm", [30] = "3dnowext", [31] = "3dnow",
    },
    [FEAT_8000_0001_ECX] = {
        "lahf-lm", "cmp-legacy", "svm", "extapic", "cr8legacy", "abm", "sse4a", "misalignsse",
        "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt", NULL, "lwp", "fma4", "tce",
        NULL, "nodeid-msr", NULL, "tbm", "topoext",
    },
};

static const struct { uint32_t leaf; int reg; const char *name; } feature_regs[FEAT_WORDS] = {
    [FEAT_1_EDX] = { 1, 3, "01H:EDX" }, [FEAT_1_ECX] = { 1, 2, "01H:ECX" },
    [FEAT_7_0_EBX] = { 7, 1, "07H:EBX" }, [FEAT_7_0_ECX] = { 7, 2, "07H:ECX" },
    [FEAT_7_0_EDX] = { 7, 3, "07H:EDX" },
    [FEAT_8000_0001_EDX] = { 0x80000001u, 3, "80000001H:EDX" },
    [FEAT_8000_0001_ECX] = { 0x80000001u, 2, "80000001H:ECX" },
};

static const struct kvm_cpuid_entry2 *supported(uint32_t leaf, uint32_t index)
{
    const struct kvm_cpuid2 *c = kvm_state.supported;

    for (uint32_t i = 0; i < c->nent; i++)
        if (c->entries[i].function == leaf &&
            (!(c->entries[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || c->entries[i].index == index))
            return &c->entries[i];
    return NULL;
}

static uint32_t *entry_reg(struct kvm_cpuid_entry2 *e, int reg)
{
    return reg == 0 ? &e->eax : reg == 1 ? &e->ebx : reg == 2 ? &e->ecx : &e->edx;
}

/* A named model: cpu/x86/cpuid.c's leaves, feature words masked by the host's. */
static unsigned named_cpuid(KVMVCPU *k, struct kvm_cpuid_entry2 *out, unsigned max)
{
    CPUX86State *env = k->env;
    const X86CPUModel *m = env->model;
    uint32_t top[2] = { m->level, m->xlevel }, base[2] = { 0, 0x80000000u };
    unsigned n = 0;
    bool warn = atomic_fetch_add(&kvm_state.cpuid_warned, 1) == 0;

    for (int r = 0; r < 2; r++)
        for (uint32_t leaf = base[r]; leaf <= top[r] && n + 2 < max; leaf++) {
            uint32_t nsub = leaf == 0xd ? 2 : 1;

            for (uint32_t sub = 0; sub < nsub; sub++) {
                uint32_t v[4];
                struct kvm_cpuid_entry2 *e = &out[n++];

                x86_cpuid(env, leaf, sub, v);
                *e = (struct kvm_cpuid_entry2){ .function = leaf, .index = sub,
                    .eax = v[0], .ebx = v[1], .ecx = v[2], .edx = v[3] };
                if (leaf == 7 || leaf == 0xd)
                    e->flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX;
            }
        }
    for (int w = 0; w < FEAT_WORDS; w++) {
        const struct kvm_cpuid_entry2 *h = supported(feature_regs[w].leaf, 0);
        uint32_t have = h ? *entry_reg((struct kvm_cpuid_entry2 *)h, feature_regs[w].reg) : 0;

        for (unsigned i = 0; i < n; i++) {
            uint32_t *reg, lack;

            if (out[i].function != feature_regs[w].leaf || out[i].index != 0)
                continue;
            reg = entry_reg(&out[i], feature_regs[w].reg);
            /* OSXSAVE follows CR4 (KVM computes it); the hypervisor bit is KVM's own. */
            lack = *reg & ~have & ~(w == FEAT_1_ECX ? (1u << 27 | 1u << 31) : 0);
            for (int b = 0; warn && b < 32; b++)
                if (lack >> b & 1)
                    warn_report("host doesn't support requested feature: CPUID.%s.%s [bit %d]",
                                feature_regs[w].name,
                                feature_names[w][b] ? feature_names[w][b] : "?", b);
            *reg &= ~lack;
        }
    }
    /* KVM's paravirtual leaves (kvmclock...), as QEMU's kvm=on gives every model. */
    for (uint32_t leaf = 0x40000000u; leaf <= 0x40000001u && n < max; leaf++) {
        const struct kvm_cpuid_entry2 *h = supported(leaf, 0);

        if (h)
            out[n++] = *h;
    }
    return n;
}

/*
 * -cpu host (and max): what KVM offers, with the topology made plain: each
 * vCPU its own package of one core and one thread, its APIC ID its index.
 */
static unsigned host_cpuid(KVMVCPU *k, struct kvm_cpuid_entry2 *out, unsigned max)
{
    uint32_t id = (uint32_t)k->env->cpu_index;
    unsigned n = 0;

    for (uint32_t i = 0; i < kvm_state.supported->nent && n < max; i++) {
        struct kvm_cpuid_entry2 e = kvm_state.supported->entries[i];

        switch (e.function) {
        case 1:
            e.ebx = (e.ebx & 0xffff) | 1u << 16 | id << 24;
            e.edx &= ~(1u << 28);           /* HTT */
            e.ecx |= 1u << 31;              /* hypervisor */
            break;
        case 4:
            e.eax &= 0x3ff;                 /* one core, one thread sharing each cache */
            break;
        case 0xb: case 0x1f:
            continue;                       /* no extended topology: leaf 1 says it all */
        case 0x80000001u:
            e.ecx &= ~(1u << 1 | 1u << 22); /* CmpLegacy, TopologyExtensions */
            break;
        case 0x80000008u:
            e.ecx &= ~0xf0ffu;              /* NC = 0, ApicIdSize = 0 */
            break;
        case 0x8000001eu:
            e.eax = id;
            e.ebx = id & 0xff;
            e.ecx = 0;
            break;
        default:
            break;
        }
        out[n++] = e;
    }
    return n;
}

int kvm_cpuid_setup(KVMVCPU *k)
{
    unsigned max = kvm_state.supported->nent + 64;
    struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + max * sizeof(c->entries[0]));
    const char *name = kvm_state.cpu_model;
    int ret;

    if (!c)
        return -ENOMEM;
    if (!name || !strcmp(name, "host") || !strcmp(name, "max") || !k->env->model)
        c->nent = host_cpuid(k, c->entries, max);
    else
        c->nent = named_cpuid(k, c->entries, max);
    ret = kvm_ioctl(k->fd, KVM_SET_CPUID2, c);
    free(c);
    if (ret < 0)
        error_report("kvm: KVM_SET_CPUID2: %s", strerror(-ret));
    return ret;
}

/* ---- The thread ------------------------------------------------------------------- */

static void kick_handler(int sig)
{
    /* Only interrupts KVM_RUN; kvm_run->immediate_exit does the rest. */
}

static void install_kick_handler(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = kick_handler;       /* no SA_RESTART: KVM_RUN must return */
    sigemptyset(&sa.sa_mask);
    sigaction(SIG_KICK, &sa, NULL);
}

int kvm_vcpu_thread_init(KVMVCPU *k)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    sigset_t set;

    pthread_once(&once, install_kick_handler);
    sigemptyset(&set);
    sigaddset(&set, SIG_KICK);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    k->thread = pthread_self();
    atomic_store(&k->have_thread, true);
    return kvm_cpuid_setup(k);
}

void kvm_vcpu_kick(KVMVCPU *k)
{
    /* The vCPU's own thread (a device it is emulating raised its INTR) is
     * outside KVM_RUN and looks at its requests before going back in. */
    if (atomic_load(&k->have_thread) && pthread_equal(k->thread, pthread_self()))
        return;
    __atomic_store_n(&k->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    if (atomic_load(&k->have_thread))
        pthread_kill(k->thread, SIG_KICK);
}

void kvm_vcpu_interrupt_changed(KVMVCPU *k)
{
    kvm_vcpu_kick(k);
}

/* ---- Exits ------------------------------------------------------------------------- */

static void handle_io(KVMVCPU *k)
{
    struct kvm_run *run = k->run;
    CPUX86State *env = k->env;
    uint8_t *p = (uint8_t *)run + run->io.data_offset;
    unsigned size = run->io.size;

    for (uint32_t i = 0; i < run->io.count; i++, p += size) {
        uint64_t v = 0;

        if (run->io.direction == KVM_EXIT_IO_OUT) {
            memcpy(&v, p, size);        /* x86 host: little-endian like the guest */
            env->machine->io_write(env, run->io.port, v, size);
        } else {
            v = env->machine->io_read(env, run->io.port, size);
            memcpy(p, &v, size);
        }
    }
}

static void handle_mmio(KVMVCPU *k)
{
    struct kvm_run *run = k->run;

    bql_lock();
    address_space_rw(k->env->common.address_space, run->mmio.phys_addr, run->mmio.data,
                     run->mmio.len, run->mmio.is_write);
    bql_unlock();
}

/* KVM cannot go on: say why, with the registers, and stop the VM (QEMU's
 * RUN_STATE_INTERNAL_ERROR: only system_reset or quit help). */
static int vcpu_error(KVMVCPU *k, const char *fmt, unsigned long long code)
{
    char msg[128];

    snprintf(msg, sizeof(msg), fmt, code);
    error_report("kvm: vCPU %d: %s", k->env->cpu_index, msg);
    if (kvm_state_get(k) == 0)
        x86_cpu_dump_state(k->env, stderr, false);
    runstate_request_stop(RUN_STATE_INTERNAL_ERROR);
    return KVM_EXEC_ERROR;
}

/* The irqchip in userspace: offer the pending interrupt when the guest can take it. */
static void inject_interrupts(KVMVCPU *k)
{
    CPUX86State *env = k->env;
    struct kvm_run *run = k->run;
    int req = atomic_load(&env->common.interrupt_request);

    if (req & CPU_INTERRUPT_NMI) {
        atomic_fetch_and(&env->common.interrupt_request, ~CPU_INTERRUPT_NMI);
        kvm_ioctl(k->fd, KVM_NMI, NULL);
    }
    if ((req & CPU_INTERRUPT_HARD) && run->ready_for_interrupt_injection && run->if_flag) {
        int vector;

        bql_lock();
        vector = env->machine->get_interrupt ? env->machine->get_interrupt(env) : -1;
        bql_unlock();
        if (vector >= 0) {
            struct kvm_interrupt irq = { .irq = (uint32_t)vector };

            kvm_ioctl(k->fd, KVM_INTERRUPT, &irq);
        }
    }
    /* Still something to take: exit as soon as the guest can (IF=1, no shadow). */
    run->request_interrupt_window =
        (atomic_load(&env->common.interrupt_request) & CPU_INTERRUPT_HARD) != 0;
    if (env->machine->get_tpr)
        run->cr8 = k->cr8 = env->machine->get_tpr(env);
}

int kvm_vcpu_exec(KVMVCPU *k)
{
    struct kvm_run *run = k->run;
    CPUX86State *env = k->env;

    if (k->dirty) {
        int ret = kvm_state_put(k);

        if (ret < 0)
            return vcpu_error(k, "cannot load the CPU state into KVM (errno %llu)",
                              (unsigned long long)-ret);
        k->dirty = k->reset = false;
    }
    for (;;) {
        int r;

        if (!kvm_state.irqchip)
            inject_interrupts(k);
        r = ioctl(k->fd, KVM_RUN, 0);
        __atomic_store_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
        if (!kvm_state.irqchip) {
            /* The loop's HLT wake-up test reads IF; the APIC's TPR follows CR8. */
            env->eflags = (env->eflags & ~(uint64_t)IF_MASK) | (run->if_flag ? IF_MASK : 0);
            if (env->machine->set_tpr && run->cr8 != k->cr8)
                env->machine->set_tpr(env, (unsigned)run->cr8);
        }
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN)
                return KVM_EXEC_KICKED;
            return vcpu_error(k, "KVM_RUN failed: errno %llu", (unsigned long long)errno);
        }
        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            handle_io(k);
            break;
        case KVM_EXIT_MMIO:
            handle_mmio(k);
            break;
        case KVM_EXIT_IRQ_WINDOW_OPEN:
            break;
        case KVM_EXIT_HLT:
            env->halted = true;
            return KVM_EXEC_HLT;
        case KVM_EXIT_SHUTDOWN:
            return KVM_EXEC_SHUTDOWN;
        case KVM_EXIT_INTR:
            return KVM_EXEC_KICKED;
        case KVM_EXIT_SYSTEM_EVENT:
            if (run->system_event.type == KVM_SYSTEM_EVENT_RESET)
                runstate_request_reset();
            else
                runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, 0);
            return KVM_EXEC_KICKED;
        case KVM_EXIT_FAIL_ENTRY:
            return vcpu_error(k, "entry failed, hardware error 0x%llx",
                              (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
        case KVM_EXIT_INTERNAL_ERROR:
            return vcpu_error(k, "KVM internal error. Suberror: %llu",
                              (unsigned long long)run->internal.suberror);
        default:
            return vcpu_error(k, "unhandled exit reason %llu", (unsigned long long)run->exit_reason);
        }
    }
}

/* ---- State ---------------------------------------------------------------------------- */

int kvm_vcpu_get_state(KVMVCPU *k)
{
    /* A put is still due: env is the newer copy. */
    return k->dirty ? 0 : kvm_state_get(k);
}

void kvm_vcpu_reset(KVMVCPU *k)
{
    k->dirty = k->reset = true;
}

void kvm_vcpu_state_changed(KVMVCPU *k)
{
    k->dirty = true;
}
