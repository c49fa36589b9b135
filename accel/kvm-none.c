/*
 * No KVM in this build (not a Linux x86-64 host, or no <linux/kvm.h> at
 * configure time): kvm_init refuses, as a QEMU built without KVM does, and
 * nothing else is ever called.
 */
#include "accel/kvm/kvm.h"

#include <errno.h>

#include "system/error.h"

int kvm_init(const KVMConfig *cfg)
{
    error_report("invalid accelerator kvm");
    return -ENOTSUP;
}

bool kvm_available(void) { return false; }
bool kvm_enabled(void) { return false; }
bool kvm_irqchip_in_kernel(void) { return false; }
int kvm_memory_attach(AddressSpace *as) { return -ENOTSUP; }
void kvm_set_irq(int gsi, int level) { }
void kvm_send_msi(uint64_t addr, uint32_t data) { }
void kvm_pit_set_hpet_legacy(bool legacy) { }
void kvm_irqchip_reset(void) { }
KVMVCPU *kvm_vcpu_create(CPUX86State *env) { return NULL; }
int kvm_vcpu_thread_init(KVMVCPU *k) { return -ENOTSUP; }
int kvm_vcpu_exec(KVMVCPU *k) { return KVM_EXEC_ERROR; }
void kvm_vcpu_kick(KVMVCPU *k) { }
void kvm_vcpu_interrupt_changed(KVMVCPU *k) { }
int kvm_vcpu_get_state(KVMVCPU *k) { return -ENOTSUP; }
void kvm_vcpu_reset(KVMVCPU *k) { }
void kvm_vcpu_state_changed(KVMVCPU *k) { }
