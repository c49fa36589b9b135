/*
 * CPUX86State <-> KVM (kvm.h): the one CPU state description the
 * translator uses is the one `info registers` and system_reset see under
 * KVM too. Put: general registers, segments and control registers, the
 * x87/SSE/AVX area (XSAVE, or the legacy FPU ioctl), XCR0 and the MSRs the
 * translator models; get: the same back. Layouts: api.rst 4.11-4.22, the
 * FXSAVE region of SDM Vol.1 10.5.1 and the XSAVE header of 13.4.2.
 */
#include "accel/kvm/kvm-int.h"

#include <errno.h>
#include <string.h>

#include "cpu/x86/cc.h"
#include "cpu/x86/seg.h"
#include "system/error.h"

/* ---- Segments: the descriptor's high-dword bits 8..23 kept in SegmentCache.flags */

static void put_seg(struct kvm_segment *k, const SegmentCache *s)
{
    uint32_t f = s->flags;

    k->base = s->base;
    k->limit = s->limit;
    k->selector = s->selector;
    k->type = (f >> DESC_TYPE_SHIFT) & 15;
    k->s = (f & DESC_S_MASK) != 0;
    k->dpl = (f >> 13) & 3;
    k->present = (f & DESC_P_MASK) != 0;
    k->avl = (f & DESC_AVL_MASK) != 0;
    k->l = (f & DESC_L_MASK) != 0;
    k->db = (f & DESC_B_MASK) != 0;
    k->g = (f & DESC_G_MASK) != 0;
    /* A null data selector in protected mode is "unusable" for VMX/SVM. */
    k->unusable = !k->present;
}

static void get_seg(SegmentCache *s, const struct kvm_segment *k)
{
    s->selector = k->selector;
    s->base = k->base;
    s->limit = k->limit;
    s->flags = (uint32_t)k->type << DESC_TYPE_SHIFT | (k->s ? DESC_S_MASK : 0) |
               (uint32_t)k->dpl << 13 | (k->present ? DESC_P_MASK : 0) |
               (k->avl ? DESC_AVL_MASK : 0) | (k->l ? DESC_L_MASK : 0) |
               (k->db ? DESC_B_MASK : 0) | (k->g ? DESC_G_MASK : 0);
    if (k->unusable)
        s->flags &= ~DESC_P_MASK;
}

/* ---- The 512-byte FXSAVE region and the XSAVE header ----------------------- */

static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v) { le16(p, (uint16_t)v); le16(p + 2, (uint16_t)(v >> 16)); }
static void le64(uint8_t *p, uint64_t v) { le32(p, (uint32_t)v); le32(p + 4, (uint32_t)(v >> 32)); }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* SDM Vol.1 table 10-2: ST(i) in stack order from byte 32, the abridged tag
 * word one bit per physical register, 1 = valid. */
static void fxsave_encode(const CPUX86State *env, uint8_t *a)
{
    uint8_t ftw = 0;

    memset(a, 0, 512);
    le16(a, env->fpuc);
    le16(a + 2, (uint16_t)((env->fpus & ~0x3800u) | (env->fpstt & 7) << 11));
    for (int i = 0; i < 8; i++)
        ftw |= (uint8_t)(!env->fptags[i] << i);
    a[4] = ftw;
    le16(a + 6, env->fpop);
    le64(a + 8, env->fpip);
    le64(a + 16, env->fpdp);
    le32(a + 24, env->mxcsr);
    le32(a + 28, 0xffff);
    for (int i = 0; i < 8; i++) {
        const floatx80 *r = &env->fpregs[(env->fpstt + i) & 7];

        le64(a + 32 + 16 * i, r->mant);
        le16(a + 40 + 16 * i, r->sign_exp);
    }
    for (int i = 0; i < 16; i++) {
        le64(a + 160 + 16 * i, env->xmm[i].q[0]);
        le64(a + 168 + 16 * i, env->xmm[i].q[1]);
    }
}

static void fxsave_decode(CPUX86State *env, const uint8_t *a)
{
    uint16_t fsw = rd16(a + 2);

    env->fpuc = rd16(a);
    env->fpstt = (fsw >> 11) & 7;
    env->fpus = fsw & ~0x3800u;
    for (int i = 0; i < 8; i++)
        env->fptags[i] = !((a[4] >> i) & 1);
    env->fpop = rd16(a + 6);
    env->fpip = rd64(a + 8);
    env->fpdp = rd64(a + 16);
    env->mxcsr = rd32(a + 24);
    for (int i = 0; i < 8; i++) {
        floatx80 *r = &env->fpregs[(env->fpstt + i) & 7];

        r->mant = rd64(a + 32 + 16 * i);
        r->sign_exp = rd16(a + 40 + 16 * i);
    }
    for (int i = 0; i < 16; i++) {
        env->xmm[i].q[0] = rd64(a + 160 + 16 * i);
        env->xmm[i].q[1] = rd64(a + 168 + 16 * i);
    }
}

#define XSAVE_HDR       512
#define XSAVE_YMM_HI    576     /* the AVX component's standard offset (CPUID.0DH.02H:EBX) */

static int put_fpu(KVMVCPU *k)
{
    CPUX86State *env = k->env;

    if (kvm_state.xsave) {
        struct kvm_xsave x;
        uint8_t *a = (uint8_t *)x.region;

        memset(&x, 0, sizeof(x));
        fxsave_encode(env, a);
        /* XSTATE_BV: x87 and SSE from the region, AVX from its component;
         * every other component goes to its initial configuration. */
        le64(a + XSAVE_HDR, 3 | (env->xcr0 & 4));
        if (env->xcr0 & 4)
            for (int i = 0; i < 16; i++) {
                le64(a + XSAVE_YMM_HI + 16 * i, env->xmm[i].q[2]);
                le64(a + XSAVE_YMM_HI + 8 + 16 * i, env->xmm[i].q[3]);
            }
        return kvm_ioctl(k->fd, KVM_SET_XSAVE, &x);
    } else {
        struct kvm_fpu f;
        uint8_t a[512];

        fxsave_encode(env, a);
        memset(&f, 0, sizeof(f));
        memcpy(f.fpr, a + 32, sizeof(f.fpr));
        f.fcw = env->fpuc;
        f.fsw = rd16(a + 2);
        f.ftwx = a[4];
        f.last_opcode = env->fpop;
        f.last_ip = env->fpip;
        f.last_dp = env->fpdp;
        memcpy(f.xmm, a + 160, sizeof(f.xmm));
        f.mxcsr = env->mxcsr;
        return kvm_ioctl(k->fd, KVM_SET_FPU, &f);
    }
}

static int get_fpu(KVMVCPU *k)
{
    CPUX86State *env = k->env;
    int ret;

    if (kvm_state.xsave) {
        struct kvm_xsave x;
        const uint8_t *a = (const uint8_t *)x.region;

        if ((ret = kvm_ioctl(k->fd, KVM_GET_XSAVE, &x)) < 0)
            return ret;
        fxsave_decode(env, a);
        for (int i = 0; i < 16; i++) {
            bool avx = (rd64(a + XSAVE_HDR) & 4) != 0;

            env->xmm[i].q[2] = avx ? rd64(a + XSAVE_YMM_HI + 16 * i) : 0;
            env->xmm[i].q[3] = avx ? rd64(a + XSAVE_YMM_HI + 8 + 16 * i) : 0;
        }
    } else {
        struct kvm_fpu f;
        uint8_t a[512] = { 0 };

        if ((ret = kvm_ioctl(k->fd, KVM_GET_FPU, &f)) < 0)
            return ret;
        le16(a, f.fcw);
        le16(a + 2, f.fsw);
        a[4] = f.ftwx;
        le16(a + 6, f.last_opcode);
        le64(a + 8, f.last_ip);
        le64(a + 16, f.last_dp);
        le32(a + 24, f.mxcsr);
        memcpy(a + 32, f.fpr, sizeof(f.fpr));
        memcpy(a + 160, f.xmm, sizeof(f.xmm));
        fxsave_decode(env, a);
    }
    return 0;
}

/* ---- MSRs ----------------------------------------------------------------------- */

enum {
    MSR_TSC = 0x10, MSR_APIC_BASE = 0x1b, MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175,
    MSR_SYSENTER_EIP = 0x176, MSR_PAT = 0x277, MSR_STAR = 0xc0000081, MSR_LSTAR = 0xc0000082,
    MSR_CSTAR = 0xc0000083, MSR_FMASK = 0xc0000084, MSR_KERNEL_GS_BASE = 0xc0000102,
    MSR_TSC_AUX = 0xc0000103,
    /* KVM's paravirtual MSRs (Documentation/virt/kvm/x86/msr.rst): off after a reset,
     * or the host keeps writing the clock into what is now someone else's page. */
    MSR_KVM_WALL_CLOCK = 0x11, MSR_KVM_SYSTEM_TIME = 0x12,
    MSR_KVM_WALL_CLOCK_NEW = 0x4b564d00, MSR_KVM_SYSTEM_TIME_NEW = 0x4b564d01,
    MSR_KVM_ASYNC_PF_EN = 0x4b564d02, MSR_KVM_STEAL_TIME = 0x4b564d03,
    MSR_KVM_PV_EOI_EN = 0x4b564d04,
};

/* The MSRs of CPUX86State that KVM keeps: index and field. */
#define MSR_FIELD(i, f) { i, offsetof(CPUX86State, f) }
static const struct { uint32_t index; size_t off; } msr_fields[] = {
    MSR_FIELD(MSR_SYSENTER_CS, sysenter_cs), MSR_FIELD(MSR_SYSENTER_ESP, sysenter_esp),
    MSR_FIELD(MSR_SYSENTER_EIP, sysenter_eip), MSR_FIELD(MSR_PAT, pat),
    MSR_FIELD(MSR_STAR, star), MSR_FIELD(MSR_LSTAR, lstar), MSR_FIELD(MSR_CSTAR, cstar),
    MSR_FIELD(MSR_FMASK, fmask), MSR_FIELD(MSR_KERNEL_GS_BASE, kernel_gs_base),
};
#define NR_MSR_FIELDS (sizeof(msr_fields) / sizeof(msr_fields[0]))

/* struct kvm_msrs with room for its entries (same layout: nmsrs, pad, entries[]). */
typedef struct MSRBuf {
    uint32_t nmsrs, pad;
    struct kvm_msr_entry e[32];
} MSRBuf;

static uint64_t *msr_ptr(CPUX86State *env, unsigned i)
{
    return (uint64_t *)((char *)env + msr_fields[i].off);
}

static int put_msrs(KVMVCPU *k, bool reset)
{
    static const uint32_t pv_msrs[] = {
        MSR_KVM_SYSTEM_TIME_NEW, MSR_KVM_WALL_CLOCK_NEW, MSR_KVM_SYSTEM_TIME, MSR_KVM_WALL_CLOCK,
        MSR_KVM_ASYNC_PF_EN, MSR_KVM_STEAL_TIME, MSR_KVM_PV_EOI_EN,
    };
    MSRBuf b;
    unsigned n = 0;
    int ret;

    memset(&b, 0, sizeof(b));
    for (unsigned i = 0; i < NR_MSR_FIELDS; i++)
        b.e[n++] = (struct kvm_msr_entry){ .index = msr_fields[i].index, .data = *msr_ptr(k->env, i) };
    if (reset)
        b.e[n++] = (struct kvm_msr_entry){ .index = MSR_TSC, .data = 0 };
    b.nmsrs = n;
    ret = kvm_ioctl(k->fd, KVM_SET_MSRS, (struct kvm_msrs *)&b);
    if (ret >= 0 && ret < (int)n) {
        error_report("kvm: cannot set MSR 0x%x", b.e[ret].index);
        return -EINVAL;
    }
    /* One at a time: an MSR the guest's CPUID lacks is refused, and that is fine. */
    for (unsigned i = 0; reset && i < sizeof(pv_msrs) / sizeof(pv_msrs[0]); i++) {
        memset(&b, 0, sizeof(b));
        b.nmsrs = 1;
        b.e[0].index = pv_msrs[i];
        kvm_ioctl(k->fd, KVM_SET_MSRS, (struct kvm_msrs *)&b);
    }
    return ret < 0 ? ret : 0;
}

static int get_msrs(KVMVCPU *k)
{
    MSRBuf b;
    int ret;

    memset(&b, 0, sizeof(b));
    for (unsigned i = 0; i < NR_MSR_FIELDS; i++)
        b.e[i].index = msr_fields[i].index;
    b.nmsrs = NR_MSR_FIELDS;
    ret = kvm_ioctl(k->fd, KVM_GET_MSRS, (struct kvm_msrs *)&b);
    if (ret < 0)
        return ret;
    for (int i = 0; i < ret; i++)
        *msr_ptr(k->env, (unsigned)i) = b.e[i].data;
    return 0;
}

/* ---- All of it ------------------------------------------------------------------- */

static const int seg_order[] = { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, R_LDTR, R_TR };

static struct kvm_segment *sreg_seg(struct kvm_sregs *s, int seg)
{
    switch (seg) {
    case R_ES: return &s->es;
    case R_CS: return &s->cs;
    case R_SS: return &s->ss;
    case R_DS: return &s->ds;
    case R_FS: return &s->fs;
    case R_GS: return &s->gs;
    case R_LDTR: return &s->ldt;
    default: return &s->tr;
    }
}

int kvm_state_put(KVMVCPU *k)
{
    CPUX86State *env = k->env;
    struct kvm_regs r = {
        .rax = env->regs[R_EAX], .rbx = env->regs[R_EBX], .rcx = env->regs[R_ECX],
        .rdx = env->regs[R_EDX], .rsi = env->regs[R_ESI], .rdi = env->regs[R_EDI],
        .rsp = env->regs[R_ESP], .rbp = env->regs[R_EBP],
        .r8 = env->regs[R_R8], .r9 = env->regs[R_R9], .r10 = env->regs[R_R10],
        .r11 = env->regs[R_R11], .r12 = env->regs[R_R12], .r13 = env->regs[R_R13],
        .r14 = env->regs[R_R14], .r15 = env->regs[R_R15],
        .rip = env->rip, .rflags = x86_get_eflags(env),
    };
    struct kvm_sregs s;
    int ret;

    memset(&s, 0, sizeof(s));
    for (int i = 0; i < NB_SEGS; i++)
        put_seg(sreg_seg(&s, seg_order[i]), &env->segs[seg_order[i]]);
    s.gdt.base = env->gdt.base;
    s.gdt.limit = env->gdt.limit;
    s.idt.base = env->idt.base;
    s.idt.limit = env->idt.limit;
    s.cr0 = env->cr[0];
    s.cr2 = env->cr[2];
    s.cr3 = env->cr[3];
    s.cr4 = env->cr[4];
    s.cr8 = env->cr[8];
    s.efer = env->efer;
    s.apic_base = env->apic_base;
    if ((ret = kvm_ioctl(k->fd, KVM_SET_REGS, &r)) < 0 || (ret = put_fpu(k)) < 0)
        return ret;
    if (kvm_state.xcrs && env->xcr0) {
        struct kvm_xcrs x = { .nr_xcrs = 1, .xcrs = { { .xcr = 0, .value = env->xcr0 } } };

        if ((ret = kvm_ioctl(k->fd, KVM_SET_XCRS, &x)) < 0)
            return ret;
    }
    if ((ret = kvm_ioctl(k->fd, KVM_SET_SREGS, &s)) < 0 || (ret = put_msrs(k, k->reset)) < 0)
        return ret;
    if (k->reset) {
        /* Power-on: the LAPIC as created, APs waiting for INIT/SIPI in the
         * in-kernel LAPIC, nothing pending. */
        struct kvm_mp_state mp = {
            .mp_state = kvm_state.irqchip && env->cpu_index != 0 ? KVM_MP_STATE_UNINITIALIZED
                                                                 : KVM_MP_STATE_RUNNABLE,
        };
        struct kvm_vcpu_events ev;

        memset(&ev, 0, sizeof(ev));
        if (kvm_state.irqchip) {
            struct kvm_lapic_state l = k->lapic_reset;

            if ((ret = kvm_ioctl(k->fd, KVM_SET_LAPIC, &l)) < 0)
                return ret;
        }
        if ((ret = kvm_ioctl(k->fd, KVM_SET_MP_STATE, &mp)) < 0 ||
            (ret = kvm_ioctl(k->fd, KVM_SET_VCPU_EVENTS, &ev)) < 0)
            return ret;
    }
    return 0;
}

int kvm_state_get(KVMVCPU *k)
{
    CPUX86State *env = k->env;
    struct kvm_regs r;
    struct kvm_sregs s;
    int ret;

    if ((ret = kvm_ioctl(k->fd, KVM_GET_REGS, &r)) < 0 ||
        (ret = kvm_ioctl(k->fd, KVM_GET_SREGS, &s)) < 0)
        return ret;
    env->regs[R_EAX] = r.rax; env->regs[R_EBX] = r.rbx; env->regs[R_ECX] = r.rcx;
    env->regs[R_EDX] = r.rdx; env->regs[R_ESI] = r.rsi; env->regs[R_EDI] = r.rdi;
    env->regs[R_ESP] = r.rsp; env->regs[R_EBP] = r.rbp;
    env->regs[R_R8] = r.r8; env->regs[R_R9] = r.r9; env->regs[R_R10] = r.r10;
    env->regs[R_R11] = r.r11; env->regs[R_R12] = r.r12; env->regs[R_R13] = r.r13;
    env->regs[R_R14] = r.r14; env->regs[R_R15] = r.r15;
    env->rip = r.rip;
    x86_set_eflags(env, r.rflags, ~0ull);
    for (int i = 0; i < NB_SEGS; i++)
        get_seg(&env->segs[seg_order[i]], sreg_seg(&s, seg_order[i]));
    env->gdt.base = s.gdt.base;
    env->gdt.limit = s.gdt.limit;
    env->idt.base = s.idt.base;
    env->idt.limit = s.idt.limit;
    env->cr[0] = s.cr0;
    env->cr[2] = s.cr2;
    env->cr[3] = s.cr3;
    env->cr[4] = s.cr4;
    env->cr[8] = s.cr8;
    env->efer = s.efer;
    env->apic_base = s.apic_base;
    if (kvm_state.xcrs) {
        struct kvm_xcrs x;

        memset(&x, 0, sizeof(x));
        if (kvm_ioctl(k->fd, KVM_GET_XCRS, &x) >= 0)
            for (unsigned i = 0; i < x.nr_xcrs; i++)
                if (x.xcrs[i].xcr == 0)
                    env->xcr0 = x.xcrs[i].value;
    }
    if ((ret = get_fpu(k)) < 0 || (ret = get_msrs(k)) < 0)
        return ret;
    if (kvm_state.irqchip) {
        /* HLT waits in the in-kernel LAPIC: `info registers` shows it as HLT=1. */
        struct kvm_mp_state mp;

        if (kvm_ioctl(k->fd, KVM_GET_MP_STATE, &mp) >= 0)
            env->halted = mp.mp_state == KVM_MP_STATE_HALTED;
    }
    x86_update_hflags(env);
    return 0;
}
