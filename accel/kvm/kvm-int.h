/*
 * Private to accel/kvm/: the VM's state shared by kvm-all.c (the VM),
 * kvm-cpu.c (KVM_RUN, CPUID) and kvm-state.c (register get/put).
 */
#ifndef ACCEL_KVM_KVM_INT_H
#define ACCEL_KVM_KVM_INT_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "accel/kvm/kvm.h"

typedef struct KVMState {
    int fd;                     /* /dev/kvm */
    int vm_fd;
    int vcpu_mmap_size;         /* the kvm_run area of each vCPU */
    bool irqchip;               /* in-kernel PIC/IO-APIC/LAPIC + PIT */
    bool xsave, xcrs;           /* KVM_CAP_XSAVE, KVM_CAP_XCRS */
    const char *cpu_model;
    struct kvm_cpuid2 *supported;   /* KVM_GET_SUPPORTED_CPUID */
    atomic_int cpuid_warned;        /* the named model's missing features: warned once */
} KVMState;

extern KVMState kvm_state;

struct KVMVCPU {
    CPUX86State *env;
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    atomic_bool have_thread;
    bool dirty;                 /* env is newer than KVM: put it before KVM_RUN */
    bool reset;                 /* ... with the power-on LAPIC, MP state and events */
    uint64_t cr8;               /* irqchip off: the TPR last given to KVM */
    struct kvm_lapic_state lapic_reset;     /* the in-kernel LAPIC as created */
};

/* ioctl on fd, retried on EINTR; -errno on failure. */
int kvm_ioctl(int fd, unsigned long req, void *arg);

/* kvm-state.c */
int kvm_state_put(KVMVCPU *k);
int kvm_state_get(KVMVCPU *k);

/* kvm-cpu.c */
int kvm_cpuid_setup(KVMVCPU *k);

#endif
