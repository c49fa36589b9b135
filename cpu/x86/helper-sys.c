/*
 * Helpers of the system instructions (translate-sys.c): port I/O with its
 * permission checks, control registers, MSRs, HLT. The machine (ports, the
 * local APIC's MSRs and TPR) is reached through env->machine (cpu.h).
 */
#include "cpu/x86/helper-sys.h"
#include "cpu/x86/helper-xsave.h"

#include <string.h>

#include "cpu/x86/excp.h"
#include "cpu/x86/helper.h"
#include "cpu/x86/seg.h"
#include "cpu/x86/x86-tcg.h"
#include "system/log.h"
#include "tcg/softmmu.h"

#define ENV ((CPUX86State *)env)

/* ---- Port I/O ------------------------------------------------------------- */

/*
 * In protected mode with CPL > IOPL, and always in virtual-8086 mode, the
 * TSS's I/O permission bitmap decides (SDM Vol.1 19.5.2): every bit of the
 * accessed ports must be clear, and the bitmap must reach them.
 */
static void check_io(CPUX86State *env, unsigned port, unsigned size)
{
    const SegmentCache *tr = &env->segs[R_TR];
    unsigned cpl = env->hflags & HF_CPL_MASK, iopl = (unsigned)(env->eflags >> 12) & 3;
    unsigned base, off;
    uint64_t bits;

    if (!(env->hflags & HF_PE) || (cpl <= iopl && !(env->eflags & VM_MASK)))
        return;
    /* A 32- or 64-bit available/busy TSS with room for the bitmap base. */
    if (!(tr->flags & DESC_P_MASK) || ((tr->flags >> DESC_TYPE_SHIFT) & 0xd) != 9 ||
        tr->limit < 103)
        x86_raise_exception_err(env, EXCP_GP, 0);
    base = (unsigned)softmmu_load(&env->common, tr->base + 0x66, make_memop_idx(MO_16, 0));
    off = base + port / 8;
    if (off + 1 > tr->limit)
        x86_raise_exception_err(env, EXCP_GP, 0);
    bits = softmmu_load(&env->common, tr->base + off, make_memop_idx(MO_16, 0));
    if ((bits >> (port & 7)) & ((1u << size) - 1))
        x86_raise_exception_err(env, EXCP_GP, 0);
}

uint64_t helper_in(void *env, uint64_t port, uint64_t size)
{
    check_io(ENV, (unsigned)port, (unsigned)size);
    if (!ENV->machine || !ENV->machine->io_read)
        return ~0ull >> (64 - 8 * size);
    return ENV->machine->io_read(ENV, (uint16_t)port, (unsigned)size);
}

uint64_t helper_out(void *env, uint64_t port, uint64_t val, uint64_t size)
{
    check_io(ENV, (unsigned)port, (unsigned)size);
    if (ENV->machine && ENV->machine->io_write)
        ENV->machine->io_write(ENV, (uint16_t)port, val & (~0ull >> (64 - 8 * size)),
                               (unsigned)size);
    /* A PCI configuration write may have moved memory (PAM, BARs). */
    tlb_flush_if_pending(&ENV->common);
    return 0;
}

/* ---- Control registers ------------------------------------------------------- */

/* CR4 bits this CPU implements (the rest are reserved: #GP). */
#define CR4_VALID (CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | CR4_PSE | CR4_PAE | CR4_MCE | \
                   CR4_PGE | CR4_PCE | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_UMIP | CR4_FSGSBASE | \
                   CR4_PCIDE | CR4_SMEP | CR4_SMAP)

/* Long mode becomes active when paging is turned on with EFER.LME (SDM 9.8.5). */
static void update_lma(CPUX86State *env)
{
    if ((env->cr[0] & CR0_PG) && (env->efer & EFER_LME))
        env->efer |= EFER_LMA;
    else
        env->efer &= ~(uint64_t)EFER_LMA;
}

void x86_write_cr0(CPUX86State *env, uint64_t val)
{
    uint64_t old = env->cr[0];

    if (val >> 32)
        x86_raise_exception_err(env, EXCP_GP, 0);
    val |= CR0_ET;      /* hardwired on since the 486 */
    if (((val & CR0_PG) && !(val & CR0_PE)) || ((val & CR0_NW) && !(val & CR0_CD)))
        x86_raise_exception_err(env, EXCP_GP, 0);
    /* Enabling long mode needs PAE; leaving it with CS.L set is #GP. */
    if ((val & CR0_PG) && !(old & CR0_PG) && (env->efer & EFER_LME) &&
        !(env->cr[4] & CR4_PAE))
        x86_raise_exception_err(env, EXCP_GP, 0);
    if (!(val & CR0_PG) && (old & CR0_PG) && (env->hflags & HF_CS64))
        x86_raise_exception_err(env, EXCP_GP, 0);
    env->cr[0] = val;
    update_lma(env);
    if ((old ^ val) & (CR0_PG | CR0_WP | CR0_PE))
        tlb_flush(&env->common);
    x86_update_hflags(env);
}

void x86_write_cr3(CPUX86State *env, uint64_t val)
{
    /* Bit 63 with PCIDE means "keep the TLB"; ours is flushed anyway. */
    if (env->cr[4] & CR4_PCIDE)
        val &= ~(1ull << 63);
    env->cr[3] = val;
    tlb_flush(&env->common);
}

void x86_write_cr4(CPUX86State *env, uint64_t val)
{
    uint64_t old = env->cr[4];

    if ((val & ~(uint64_t)(CR4_VALID | (x86_xcr0_supported(env) ? CR4_OSXSAVE : 0))) ||
        ((env->efer & EFER_LMA) && !(val & CR4_PAE)))
        x86_raise_exception_err(env, EXCP_GP, 0);
    env->cr[4] = val;
    if ((old ^ val) & (CR4_PAE | CR4_PSE | CR4_PGE | CR4_SMEP | CR4_SMAP | CR4_PCIDE))
        tlb_flush(&env->common);
    x86_update_hflags(env);
}

uint64_t helper_read_cr(void *env, uint64_t n)
{
    if (n == 8)
        return ENV->machine && ENV->machine->get_tpr ? ENV->machine->get_tpr(ENV) : ENV->cr[8];
    return ENV->cr[n];
}

uint64_t helper_write_cr(void *env, uint64_t n, uint64_t val)
{
    switch (n) {
    case 0: x86_write_cr0(ENV, val); break;
    case 2: ENV->cr[2] = val; break;
    case 3: x86_write_cr3(ENV, val); break;
    case 4: x86_write_cr4(ENV, val); break;
    case 8:
        if (val & ~0xfull)
            x86_raise_exception_err(ENV, EXCP_GP, 0);
        ENV->cr[8] = val;
        if (ENV->machine && ENV->machine->set_tpr)
            ENV->machine->set_tpr(ENV, (unsigned)val);
        break;
    default:
        x86_raise_exception(ENV, EXCP_UD);
    }
    return 0;
}

uint64_t helper_lmsw(void *env, uint64_t val)
{
    /* LMSW sets PE but never clears it; it changes MP, EM, TS too. */
    x86_write_cr0(ENV, (ENV->cr[0] & ~0xeull) | (val & 0xf) | (ENV->cr[0] & CR0_PE));
    return 0;
}

uint64_t helper_clts(void *env)
{
    ENV->cr[0] &= ~(uint64_t)CR0_TS;
    x86_update_hflags(ENV);
    return 0;
}

uint64_t helper_write_dr(void *env, uint64_t n, uint64_t val)
{
    /* DR4/DR5 alias DR6/DR7 without CR4.DE (else #UD). Breakpoints are not
     * armed yet: the values are kept for the guest to read back. */
    if (n == 4 || n == 5) {
        if (ENV->cr[4] & CR4_DE)
            x86_raise_exception(ENV, EXCP_UD);
        n += 2;
    }
    if ((n == 6 || n == 7) && (val >> 32))
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    if (n == 7 && (val & 0xff) && log_enabled(LOG_UNIMP))
        log_printf("hardware breakpoints (DR7 0x%llx) are not implemented\n",
                   (unsigned long long)val);
    ENV->dr[n] = n == 6 ? (val | 0xffff0ff0u) : n == 7 ? (val | 0x400) : val;
    return 0;
}

uint64_t helper_read_dr(void *env, uint64_t n)
{
    if (n == 4 || n == 5) {
        if (ENV->cr[4] & CR4_DE)
            x86_raise_exception(ENV, EXCP_UD);
        n += 2;
    }
    return ENV->dr[n];
}

uint64_t helper_invlpg(void *env, uint64_t addr)
{
    tlb_flush_page(&ENV->common, addr);
    return 0;
}

uint64_t helper_flush_tlb(void *env)
{
    tlb_flush(&ENV->common);
    return 0;
}

uint64_t helper_hlt(void *env, uint64_t next_rip)
{
    ENV->rip = next_rip;
    ENV->halted = true;
    ENV->hflags &= ~(uint32_t)HF_INHIBIT_IRQ;
    ENV->common.exception_index = EXCP_HLT;
    cpu_loop_exit(&ENV->common);
}

/* ---- MSRs ------------------------------------------------------------------------- */

#define MSR_TSC             0x10
#define MSR_APIC_BASE       0x1b
#define MSR_MTRRCAP         0xfe
#define MSR_SYSENTER_CS     0x174
#define MSR_SYSENTER_ESP    0x175
#define MSR_SYSENTER_EIP    0x176
#define MSR_MCG_CAP         0x179
#define MSR_MCG_STATUS      0x17a
#define MSR_MISC_ENABLE     0x1a0
#define MSR_MTRR_PHYS_BASE0 0x200   /* 0x200-0x20f: 8 variable ranges */
#define MSR_MTRR_FIX64K     0x250
#define MSR_MTRR_FIX16K_0   0x258
#define MSR_MTRR_FIX16K_1   0x259
#define MSR_MTRR_FIX4K_0    0x268   /* 0x268-0x26f */
#define MSR_PAT             0x277
#define MSR_MTRR_DEF_TYPE   0x2ff
#define MSR_TSC_DEADLINE    0x6e0
#define MSR_EFER            0xc0000080u
#define MSR_STAR            0xc0000081u
#define MSR_LSTAR           0xc0000082u
#define MSR_CSTAR           0xc0000083u
#define MSR_FMASK           0xc0000084u
#define MSR_FS_BASE         0xc0000100u
#define MSR_GS_BASE         0xc0000101u
#define MSR_KERNEL_GS_BASE  0xc0000102u
#define MSR_TSC_AUX         0xc0000103u
#define MSR_K8_SYSCFG       0xc0010010u

static bool canonical(uint64_t v) { return (uint64_t)((int64_t)(v << 16) >> 16) == v; }

static uint64_t *mtrr_slot(CPUX86State *env, uint32_t msr)
{
    if (msr >= MSR_MTRR_PHYS_BASE0 && msr < MSR_MTRR_PHYS_BASE0 + 16)
        return &env->mtrr_var[msr - MSR_MTRR_PHYS_BASE0];
    if (msr == MSR_MTRR_FIX64K)
        return &env->mtrr_fixed[0];
    if (msr == MSR_MTRR_FIX16K_0 || msr == MSR_MTRR_FIX16K_1)
        return &env->mtrr_fixed[1 + msr - MSR_MTRR_FIX16K_0];
    if (msr >= MSR_MTRR_FIX4K_0 && msr < MSR_MTRR_FIX4K_0 + 8)
        return &env->mtrr_fixed[3 + msr - MSR_MTRR_FIX4K_0];
    if (msr == MSR_MTRR_DEF_TYPE)
        return &env->mtrr_deftype;
    return NULL;
}

/* 0 with *val, or -1: #GP (Linux probes with rdmsr_safe). */
int x86_rdmsr(CPUX86State *env, uint32_t msr, uint64_t *val)
{
    uint64_t *m;
    int r;

    if (env->machine && env->machine->rdmsr && (r = env->machine->rdmsr(env, msr, val)) <= 0)
        return r;
    switch (msr) {
    case MSR_TSC: {
        uint64_t save_a = env->regs[R_EAX], save_d = env->regs[R_EDX];
        helper_rdtsc(env, 0);
        *val = (env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];
        env->regs[R_EAX] = save_a;
        env->regs[R_EDX] = save_d;
        return 0;
    }
    case MSR_APIC_BASE: *val = env->apic_base; return 0;
    case MSR_MTRRCAP: *val = 0x508; return 0;           /* 8 variable, fixed, WC */
    case MSR_SYSENTER_CS: *val = env->sysenter_cs; return 0;
    case MSR_SYSENTER_ESP: *val = env->sysenter_esp; return 0;
    case MSR_SYSENTER_EIP: *val = env->sysenter_eip; return 0;
    case MSR_MCG_CAP: case MSR_MCG_STATUS: *val = 0; return 0;
    case MSR_K8_SYSCFG: *val = 0; return 0;             /* no AMD memory encryption, MTRR extensions */
    case MSR_MISC_ENABLE: *val = env->misc_enable; return 0;
    case MSR_PAT: *val = env->pat; return 0;
    case MSR_EFER: *val = env->efer; return 0;
    case MSR_STAR: *val = env->star; return 0;
    case MSR_LSTAR: *val = env->lstar; return 0;
    case MSR_CSTAR: *val = env->cstar; return 0;
    case MSR_FMASK: *val = env->fmask; return 0;
    case MSR_FS_BASE: *val = env->segs[R_FS].base; return 0;
    case MSR_GS_BASE: *val = env->segs[R_GS].base; return 0;
    case MSR_KERNEL_GS_BASE: *val = env->kernel_gs_base; return 0;
    case MSR_TSC_AUX: *val = env->tsc_aux; return 0;
    }
    m = mtrr_slot(env, msr);
    if (!m)
        return -1;
    *val = *m;
    return 0;
}

int x86_wrmsr(CPUX86State *env, uint32_t msr, uint64_t val)
{
    uint64_t *m;
    int r;

    if (env->machine && env->machine->wrmsr && (r = env->machine->wrmsr(env, msr, val)) <= 0)
        return r;
    switch (msr) {
    case MSR_TSC: {
        uint64_t save_a = env->regs[R_EAX], save_d = env->regs[R_EDX], now;
        helper_rdtsc(env, 0);
        now = (env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];
        env->tsc_offset += val - now;
        env->regs[R_EAX] = save_a;
        env->regs[R_EDX] = save_d;
        return 0;
    }
    case MSR_APIC_BASE: env->apic_base = val; return 0;
    case MSR_SYSENTER_CS: env->sysenter_cs = val & 0xffff; return 0;
    case MSR_SYSENTER_ESP: env->sysenter_esp = val; return 0;
    case MSR_SYSENTER_EIP: env->sysenter_eip = val; return 0;
    case MSR_MCG_STATUS: return 0;
    case MSR_MISC_ENABLE: env->misc_enable = val; return 0;
    case MSR_PAT: env->pat = val; return 0;
    case MSR_EFER: {
        /* SCE, LME, NXE are writable (LMA is not); LME only with paging off. */
        uint64_t valid = EFER_SCE | EFER_LME | EFER_NXE;

        if ((val & ~valid & ~(uint64_t)EFER_LMA) ||
            (((val ^ env->efer) & EFER_LME) && (env->cr[0] & CR0_PG)))
            return -1;
        env->efer = (env->efer & EFER_LMA) | (val & valid);
        update_lma(env);
        tlb_flush(&env->common);
        x86_update_hflags(env);
        return 0;
    }
    case MSR_STAR: env->star = val; return 0;
    case MSR_LSTAR: case MSR_CSTAR:
        if (!canonical(val))
            return -1;
        *(msr == MSR_LSTAR ? &env->lstar : &env->cstar) = val;
        return 0;
    case MSR_FMASK: env->fmask = (uint32_t)val; return 0;
    case MSR_FS_BASE: case MSR_GS_BASE: case MSR_KERNEL_GS_BASE:
        if (!canonical(val))
            return -1;
        if (msr == MSR_KERNEL_GS_BASE)
            env->kernel_gs_base = val;
        else
            env->segs[msr == MSR_FS_BASE ? R_FS : R_GS].base = val;
        return 0;
    case MSR_TSC_AUX: env->tsc_aux = (uint32_t)val; return 0;
    }
    m = mtrr_slot(env, msr);
    if (!m)
        return -1;
    *m = val;
    return 0;
}

uint64_t helper_rdmsr(void *env, uint64_t unused)
{
    uint64_t val;

    if (x86_rdmsr(ENV, (uint32_t)ENV->regs[R_ECX], &val) < 0) {
        if (log_enabled(LOG_UNIMP))
            log_printf("rdmsr 0x%x: #GP\n", (unsigned)ENV->regs[R_ECX]);
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    }
    ENV->regs[R_EAX] = (uint32_t)val;
    ENV->regs[R_EDX] = val >> 32;
    return 0;
}

uint64_t helper_wrmsr(void *env, uint64_t unused)
{
    uint64_t val = (ENV->regs[R_EDX] << 32) | (uint32_t)ENV->regs[R_EAX];

    if (x86_wrmsr(ENV, (uint32_t)ENV->regs[R_ECX], val) < 0) {
        if (log_enabled(LOG_UNIMP))
            log_printf("wrmsr 0x%x <- 0x%llx: #GP\n", (unsigned)ENV->regs[R_ECX],
                       (unsigned long long)val);
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    }
    return 0;
}

/* ---- CLI, STI, SMSW ----------------------------------------------------------------- */

/* In protected mode IF may change only with CPL <= IOPL (VME/PVI not modelled). */
static void check_iopl(CPUX86State *env)
{
    unsigned cpl = env->hflags & HF_CPL_MASK, iopl = (unsigned)(env->eflags >> 12) & 3;

    if ((env->hflags & HF_PE) && (cpl > iopl || (env->eflags & VM_MASK && iopl < 3)))
        x86_raise_exception_err(env, EXCP_GP, 0);
}

uint64_t helper_cli(void *env)
{
    check_iopl(ENV);
    ENV->eflags &= ~(uint64_t)IF_MASK;
    return 0;
}

uint64_t helper_sti(void *env)
{
    check_iopl(ENV);
    /* Interrupts stay off for one more instruction after STI sets IF (SDM STI). */
    if (!(ENV->eflags & IF_MASK))
        ENV->hflags |= HF_INHIBIT_IRQ;
    ENV->eflags |= IF_MASK;
    return 0;
}

uint64_t helper_smsw(void *env)
{
    if ((ENV->cr[4] & CR4_UMIP) && (ENV->hflags & HF_CPL_MASK))
        x86_raise_exception_err(ENV, EXCP_GP, 0);
    return ENV->cr[0];
}
