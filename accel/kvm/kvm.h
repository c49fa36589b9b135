/*
 * The KVM accelerator: the PC's vCPUs run on the host CPU through /dev/kvm
 * (Linux Documentation/virt/kvm/api.rst), with Vireo's devices behind the
 * same memory API and port dispatch the translator uses.
 *
 *   kvm-all.c   the VM: /dev/kvm, capabilities, memory slots that follow the
 *               system address space's flat view, the in-kernel irqchip
 *               (PIC, IO-APIC, local APICs) and PIT, GSI lines and MSIs.
 *   kvm-cpu.c   one vCPU: KVM_RUN and its exits, the kick, CPUID.
 *   kvm-state.c CPUX86State <-> KVM register state (get/put), reset.
 *
 * Built on Linux x86-64 hosts (configure's CONFIG_KVM); elsewhere
 * accel/kvm-none.c answers kvm_init with an error and kvm_enabled() false.
 *
 * Threads: kvm_init and the irqchip/memory calls run on the main thread
 * with the bql held (kvm_set_irq and kvm_send_msi: any thread with the
 * bql). A vCPU's kvm_vcpu_exec runs on its own thread without the bql and
 * takes it around each device access; kvm_vcpu_kick may come from any thread.
 */
#ifndef ACCEL_KVM_KVM_H
#define ACCEL_KVM_KVM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/x86/cpu.h"
#include "system/memory.h"

typedef struct KVMConfig {
    const char *cpu_model;      /* -cpu: "host", or a model of cpu/x86/cpuid.c */
    bool irqchip;               /* in-kernel PIC/IO-APIC/LAPIC and PIT (kernel-irqchip=on) */
} KVMConfig;

/*
 * Open /dev/kvm (VIREO_KVM_DEVICE overrides the path, for tests), check the
 * API version and the capabilities Vireo needs, create the VM and, with
 * cfg->irqchip, its interrupt controllers and PIT. Reports what failed as
 * QEMU does ("Could not access KVM kernel module: ..." on stderr) and
 * returns -errno; the caller says "failed to initialize kvm: ...".
 */
int kvm_init(const KVMConfig *cfg);

bool kvm_available(void);       /* built with KVM support */
bool kvm_enabled(void);         /* kvm_init succeeded: the guest runs on KVM */
bool kvm_irqchip_in_kernel(void);

/* Keep the VM's memory slots equal to the RAM and ROM of as's flat view. */
int kvm_memory_attach(AddressSpace *as);

/* Level of GSI gsi (0-23; ISA IRQ n is GSI n) at the in-kernel irqchip. */
void kvm_set_irq(int gsi, int level);
/* An MSI write (address 0xfeeXXXXX, data) into the in-kernel local APICs. */
void kvm_send_msi(uint64_t addr, uint32_t data);
/* The HPET's LegacyReplacement takes IRQ0 from the in-kernel PIT. */
void kvm_pit_set_hpet_legacy(bool legacy);
/* System reset: the in-kernel PIC, IO-APIC and PIT back to power-on state. */
void kvm_irqchip_reset(void);

/* ---- vCPUs (kvm-cpu.c, kvm-state.c) ------------------------------------- */

typedef struct KVMVCPU KVMVCPU;

/* Why kvm_vcpu_exec returned to the vCPU loop. */
enum {
    KVM_EXEC_KICKED,            /* kicked (pause, reset, an interrupt request) */
    KVM_EXEC_HLT,               /* HLT with the irqchip in userspace: env->halted */
    KVM_EXEC_SHUTDOWN,          /* triple fault */
    KVM_EXEC_ERROR,             /* KVM cannot go on: reported, registers dumped */
};

/* The KVM side of vCPU env (KVM_CREATE_VCPU); env->cpu_index is its APIC ID. */
KVMVCPU *kvm_vcpu_create(CPUX86State *env);
/* On the vCPU's own thread, before its first kvm_vcpu_exec: CPUID for
 * env->model (or the host's), the signal used for kicks. 0 or -errno. */
int kvm_vcpu_thread_init(KVMVCPU *k);
/* Run until a kick, a halt (irqchip off), a triple fault or an error. */
int kvm_vcpu_exec(KVMVCPU *k);
/* Make the vCPU leave KVM_RUN soon (any thread). */
void kvm_vcpu_kick(KVMVCPU *k);
/* irqchip off: an interrupt request changed; the loop injects it. */
void kvm_vcpu_interrupt_changed(KVMVCPU *k);

/*
 * State transfer, with the vCPU out of KVM_RUN (paused, or on its thread):
 * kvm_vcpu_get_state fills env from KVM (for `info registers`);
 * kvm_vcpu_reset puts a freshly reset env (x86_cpu_reset) together with the
 * local APIC's and MP state's power-on values, before the next KVM_RUN.
 */
int kvm_vcpu_get_state(KVMVCPU *k);
void kvm_vcpu_reset(KVMVCPU *k);
/* env was changed outside KVM (INIT/SIPI with the irqchip off, -kernel entry). */
void kvm_vcpu_state_changed(KVMVCPU *k);

#endif
