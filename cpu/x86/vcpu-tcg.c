/*
 * A PC's x86 vCPUs (vcpu-tcg.h): the thread of each, the interrupt requests
 * devices make, HLT, INIT/SIPI start-up, pause and reset.
 *
 * The life of a vCPU thread: park while paused; wait while halted until an
 * interrupt can wake it; otherwise run TBs (cpu_exec) inside a memory read
 * section, take interrupts between TBs (x86_exec_interrupt), and deliver
 * the exceptions cpu_exec returns through the IDT (x86_do_interrupt).
 * Under KVM the same thread parks and waits the same way, but runs the
 * guest with kvm_vcpu_exec (accel/kvm/kvm-cpu.c) instead of cpu_exec; with
 * the in-kernel irqchip, HLT and INIT/SIPI happen inside KVM_RUN.
 */
#include "cpu/x86/vcpu-tcg.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "accel/kvm/kvm.h"
#include "cpu/x86/cc.h"
#include "cpu/x86/cpuid.h"
#include "cpu/x86/dump.h"
#include "cpu/x86/mmu.h"
#include "cpu/x86/seg.h"
#include "cpu/x86/x86-tcg.h"
#include "system/error.h"
#include "system/log.h"
#include "system/main-loop.h"
#include "system/memory.h"
#include "system/runstate.h"
#include "tcg/softmmu.h"

#define MAX_VCPUS 64

struct X86VCPU {
    CPUX86State env;            /* first: the vCPU's VCPUCommon is env.common */
    pthread_t thread;
    bool started;
    bool parked;                /* waiting in the loop while paused (bql) */
    bool wait_sipi;             /* an AP after INIT: nothing runs until SIPI */
    bool shut_down;             /* after a triple fault: nothing runs until reset */
    atomic_int tid;             /* the host thread's id, for `info cpus` (0: not started) */
    KVMVCPU *kvm;               /* under KVM: the vCPU in the kernel; NULL on the translator */
};

/* All under the bql. */
static X86VCPU *vcpus[MAX_VCPUS];
static int nvcpus;
static bool paused = true;
static pthread_cond_t vcpu_cond = PTHREAD_COND_INITIALIZER;     /* any state change */

static const TCGCPUOps *pc_tcg_ops(void)
{
    static TCGCPUOps ops;

    if (!ops.translate) {
        ops = x86_tcg_ops;
        ops.exec_interrupt = x86_exec_interrupt;
    }
    return &ops;
}

CPUX86State *x86_vcpu_env(X86VCPU *v) { return &v->env; }

X86VCPU *x86_vcpu_new(int index, void *as, const X86MachineOps *machine, void *opaque)
{
    X86VCPU *v;

    if (nvcpus == MAX_VCPUS || !(v = calloc(1, sizeof(*v))))
        return NULL;
    v->env.common.ops = &x86_system_vcpu_ops;
    v->env.common.address_space = as;
    v->env.model = x86_cpu_model_find("qemu64");
    v->env.machine = machine;
    v->env.machine_opaque = opaque;
    v->env.cpu_index = index;
    x86_cpu_reset(&v->env);
    v->env.a20_mask = ~0ull;
    /* With the in-kernel irqchip the APs wait for SIPI inside KVM_RUN. */
    v->wait_sipi = index != 0 && !kvm_irqchip_in_kernel();
    if (kvm_enabled() && !(v->kvm = kvm_vcpu_create(&v->env))) {
        free(v);
        return NULL;
    }
    if (vcpu_register(&v->env.common) < 0 || softmmu_watch_address_space(as) < 0) {
        free(v);
        return NULL;
    }
    vcpus[nvcpus++] = v;
    return v;
}

/* Make v look at its flags soon: out of its TB chain, or out of KVM_RUN. */
static void vcpu_kick(X86VCPU *v)
{
    cpu_exit(&v->env.common);
    if (v->kvm)
        kvm_vcpu_kick(v->kvm);
}

void x86_vcpu_interrupt(X86VCPU *v, unsigned bits, bool level)
{
    if (level)
        atomic_fetch_or(&v->env.common.interrupt_request, (int)bits);
    else
        atomic_fetch_and(&v->env.common.interrupt_request, ~(int)bits);
    if (level) {
        vcpu_kick(v);
        /* The waiter re-checks under the bql; a broadcast without it is fine. */
        pthread_cond_broadcast(&vcpu_cond);
    }
}

/*
 * Between TBs: an NMI, or an external interrupt when IF is set and no
 * STI/MOV SS shadow holds it off. The vector comes from the interrupt
 * acknowledge (the local APIC or the PIC), under the bql.
 */
bool x86_exec_interrupt(VCPUCommon *cpu, int request)
{
    CPUX86State *env = (CPUX86State *)cpu;
    int vector = -1;
    bool nmi = false;

    if (request & CPU_INTERRUPT_NMI) {
        atomic_fetch_and(&cpu->interrupt_request, ~CPU_INTERRUPT_NMI);
        vector = EXCP_NMI;
        nmi = true;
    } else if ((request & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK) &&
               !(env->hflags & HF_INHIBIT_IRQ)) {
        bql_lock();
        vector = env->machine->get_interrupt ? env->machine->get_interrupt(env) : -1;
        bql_unlock();
    }
    if (vector < 0)
        return false;
    if (log_enabled(LOG_INT))
        log_printf("cpu %d: %s %d at %04x:%016llx\n", env->cpu_index, nmi ? "NMI" : "interrupt",
                   vector, env->segs[R_CS].selector, (unsigned long long)env->rip);
    env->halted = false;
    if (!x86_do_interrupt(env, vector, false, -1, env->rip)) {
        cpu->exception_index = EXCP_TRIPLE_FAULT;
        cpu_loop_exit(cpu);
    }
    return true;
}

/* Can a halted vCPU go on? (bql held) */
static bool can_wake(X86VCPU *v)
{
    int req = atomic_load(&v->env.common.interrupt_request);

    if (req & (CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI | CPU_INTERRUPT_NMI))
        return true;
    return (req & CPU_INTERRUPT_HARD) && (v->env.eflags & IF_MASK) && !v->wait_sipi;
}

/* INIT and SIPI (SDM Vol.3 8.4): an AP resets and waits; SIPI starts it at vector << 12. */
static void handle_init_sipi(X86VCPU *v)
{
    CPUX86State *env = &v->env;
    int req = atomic_load(&env->common.interrupt_request);

    if (req & CPU_INTERRUPT_INIT) {
        atomic_fetch_and(&env->common.interrupt_request, ~CPU_INTERRUPT_INIT);
        x86_cpu_reset(env);
        tlb_flush(&env->common);
        v->wait_sipi = env->cpu_index != 0;
        env->halted = false;
        if (v->kvm)
            kvm_vcpu_reset(v->kvm);
    }
    if (req & CPU_INTERRUPT_SIPI) {
        atomic_fetch_and(&env->common.interrupt_request, ~CPU_INTERRUPT_SIPI);
        if (v->wait_sipi) {
            x86_set_seg(env, R_CS, (uint16_t)(env->sipi_vector << 8), env->sipi_vector << 12,
                        0xffff, env->segs[R_CS].flags);
            env->rip = 0;
            v->wait_sipi = false;
            env->halted = false;
            x86_update_hflags(env);
            if (v->kvm)
                kvm_vcpu_state_changed(v->kvm);
        }
    }
}

/* One cpu_exec run (bql held on entry and return); a fault is delivered here. */
static int run_tcg(X86VCPU *v, const TCGCPUOps *ops)
{
    CPUX86State *env = &v->env;
    int r;

    bql_unlock();
    memory_read_lock();
    r = cpu_exec(&env->common, ops);
    memory_read_unlock();
    bql_lock();
    if (r >= 0 && r < 0x100) {
        /* A fault or software interrupt: deliver it through the IDT. */
        if (!x86_do_interrupt(env, r, env->exception_is_int, env->error_code,
                              env->exception_next_rip))
            r = EXCP_TRIPLE_FAULT;
    }
    return r;
}

static void *vcpu_thread(void *opaque)
{
    X86VCPU *v = opaque;
    CPUX86State *env = &v->env;
    const TCGCPUOps *ops = pc_tcg_ops();

    atomic_store(&v->tid, (int)syscall(SYS_gettid));
    if (env->machine->thread_init)
        env->machine->thread_init(env);
    if (v->kvm && kvm_vcpu_thread_init(v->kvm) < 0)
        v->shut_down = true;    /* reported; the VM cannot run this vCPU */
    bql_lock();
    for (;;) {
        int r;

        handle_init_sipi(v);
        if (paused || v->wait_sipi || v->shut_down || (env->halted && !can_wake(v))) {
            v->parked = paused;
            pthread_cond_broadcast(&vcpu_cond);
            bql_cond_wait(&vcpu_cond);
            v->parked = false;
            continue;
        }
        env->halted = false;
        if (v->kvm) {
            bql_unlock();
            r = kvm_vcpu_exec(v->kvm);
            bql_lock();
            if (r == KVM_EXEC_ERROR)
                v->shut_down = true;    /* stopped in internal-error: until reset */
            else if (r == KVM_EXEC_SHUTDOWN)
                r = EXCP_TRIPLE_FAULT;
            else
                continue;               /* kicked, or HLT (env->halted is set) */
        } else {
            r = run_tcg(v, ops);
        }
        if (r == EXCP_TRIPLE_FAULT) {
            if (log_enabled(LOG_GUEST_ERROR) || log_enabled(LOG_INT))
                log_printf("cpu %d: triple fault at %04x:%016llx: reset\n", env->cpu_index,
                           env->segs[R_CS].selector, (unsigned long long)env->rip);
            runstate_request_reset();
            v->shut_down = true;    /* until the reset */
        }
        /* EXCP_HLT: halted is set; EXCP_EXIT_REQUEST: look at the flags again. */
    }
    return NULL;
}


int x86_vcpu_start(X86VCPU *v)
{
    if (v->started)
        return 0;
    if (pthread_create(&v->thread, NULL, vcpu_thread, v) != 0)
        return -1;
    v->started = true;
    return 0;
}

void x86_vcpus_pause(void)
{
    paused = true;
    for (int i = 0; i < nvcpus; i++)
        vcpu_kick(vcpus[i]);
    pthread_cond_broadcast(&vcpu_cond);
    for (int i = 0; i < nvcpus; i++)
        while (vcpus[i]->started && !vcpus[i]->parked) {
            vcpu_kick(vcpus[i]);
            bql_cond_wait(&vcpu_cond);
        }
}

void x86_vcpus_resume(void)
{
    paused = false;
    pthread_cond_broadcast(&vcpu_cond);
}

void x86_vcpus_reset(void)
{
    bool was_paused = paused;

    x86_vcpus_pause();
    for (int i = 0; i < nvcpus; i++) {
        X86VCPU *v = vcpus[i];
        uint64_t a20 = v->env.a20_mask;

        atomic_store(&v->env.common.interrupt_request, 0);
        x86_cpu_reset(&v->env);
        v->env.a20_mask = a20;
        tlb_flush(&v->env.common);
        v->wait_sipi = v->env.cpu_index != 0 && !kvm_irqchip_in_kernel();
        v->shut_down = false;
        if (v->kvm)
            kvm_vcpu_reset(v->kvm);
    }
    if (!was_paused)
        x86_vcpus_resume();
}

/* ---- For the monitor ------------------------------------------------------------ */

void x86_vcpus_info_cpus(FILE *f, int current)
{
    for (int i = 0; i < nvcpus; i++)
        fprintf(f, "%c CPU #%d: thread_id=%d\n", i == current ? '*' : ' ', i,
                atomic_load(&vcpus[i]->tid));
}

int x86_vcpus_thread_ids(int *ids, int max)
{
    int n = nvcpus < max ? nvcpus : max;

    for (int i = 0; i < n; i++)
        ids[i] = atomic_load(&vcpus[i]->tid);
    return n;
}

int x86_vcpus_info_registers(FILE *f, int cpu)
{
    bool was_paused = paused;

    if (cpu >= nvcpus)
        return -1;
    /* Under KVM the registers live in the kernel: stop the vCPUs to read them. */
    if (kvm_enabled()) {
        x86_vcpus_pause();
        for (int i = 0; i < nvcpus; i++)
            if (vcpus[i]->kvm && kvm_vcpu_get_state(vcpus[i]->kvm) < 0)
                fprintf(f, "CPU#%d: cannot read the registers from KVM\n", i);
    }
    for (int i = cpu < 0 ? 0 : cpu; i < (cpu < 0 ? nvcpus : cpu + 1); i++) {
        fprintf(f, "\nCPU#%d\n", i);
        x86_cpu_dump_state(&vcpus[i]->env, f, true);
    }
    if (kvm_enabled() && !was_paused)
        x86_vcpus_resume();
    return 0;
}

/*
 * The monitor's view of one vCPU (x, xp, $reg): a copy of its state, taken
 * with the vCPUs paused under KVM (the registers live in the kernel there);
 * under the translator the running vCPU's env is read as it is, as for
 * info registers.
 */
static int snapshot(int cpu, CPUX86State *out)
{
    bool was_paused = paused;
    int ret = 0;

    if (cpu < 0 || cpu >= nvcpus)
        return -1;
    if (kvm_enabled()) {
        x86_vcpus_pause();
        if (vcpus[cpu]->kvm && kvm_vcpu_get_state(vcpus[cpu]->kvm) < 0)
            ret = -1;
    }
    *out = vcpus[cpu]->env;
    if (kvm_enabled() && !was_paused)
        x86_vcpus_resume();
    return ret;
}

int x86_vcpus_read_memory(int cpu, uint64_t addr, bool phys, void *buf, size_t len)
{
    static CPUX86State env;     /* big: not on the stack; bql held */
    uint8_t *p = buf;

    if (snapshot(cpu, &env) < 0)
        return -1;
    while (len) {
        uint64_t pa, n = 0x1000 - (addr & 0xfff);

        if (n > len)
            n = len;
        if (phys)
            pa = addr;
        else if (x86_debug_translate(&env, addr, &pa) < 0)
            return -1;
        if (address_space_rw(env.common.address_space, pa, p, n, false) < 0)
            return -1;
        p += n;
        addr += n;
        len -= n;
    }
    return 0;
}

int x86_vcpus_get_register(int cpu, const char *name, uint64_t *val)
{
    static const char *const gpr[2][16] = {
        { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
          "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" },
        { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" },
    };
    static const char *const seg[6] = { "es", "cs", "ss", "ds", "fs", "gs" };
    static CPUX86State env;

    if (snapshot(cpu, &env) < 0)
        return -1;
    for (int i = 0; i < 16; i++) {
        if (!strcmp(name, gpr[0][i]) || (gpr[1][i] && !strcmp(name, gpr[1][i]))) {
            *val = gpr[1][i] && !strcmp(name, gpr[1][i]) ? (uint32_t)env.regs[i] : env.regs[i];
            return 0;
        }
    }
    for (int i = 0; i < 6; i++) {
        if (!strcmp(name, seg[i])) {
            *val = env.segs[i].selector;
            return 0;
        }
    }
    if (!strcmp(name, "pc"))            /* the linear address of the next instruction */
        *val = env.segs[R_CS].base + env.rip;
    else if (!strcmp(name, "rip"))
        *val = env.rip;
    else if (!strcmp(name, "eip"))
        *val = (uint32_t)env.rip;
    else if (!strcmp(name, "eflags"))
        *val = x86_get_eflags(&env);
    else if (!strcmp(name, "cr0") || !strcmp(name, "cr2") || !strcmp(name, "cr3") || !strcmp(name, "cr4"))
        *val = env.cr[name[2] - '0'];
    else
        return -1;
    return 0;
}

int x86_vcpus_code_bits(int cpu)
{
    uint32_t hf;

    if (cpu < 0 || cpu >= nvcpus)
        return 64;
    hf = vcpus[cpu]->env.hflags;
    return (hf & HF_CS64) ? 64 : (hf & HF_CS32) ? 32 : 16;
}
