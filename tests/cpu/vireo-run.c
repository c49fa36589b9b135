/* Test cases on Vireo's translator: see vireo-run.h. */
#include "tests/cpu/vireo-run.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "accel/tcg/cpu-exec.h"
#include "cpu/x86/cc.h"
#include "cpu/x86/cpu.h"
#include "cpu/x86/excp.h"
#include "cpu/x86/x86-tcg.h"
#include "system/memory.h"
#include "tcg/softmmu.h"
#include "tcg/tb-cache.h"

#define PF_PROT  1u
#define PF_WRITE 2u
#define PF_USER  4u
#define PF_INSTR 16u

static MemoryRegion root, data_ram, code_ram;
static AddressSpace as;
static CPUX86State *env;
static uint8_t *data_host, *code_host;
static unsigned runs;
static unsigned run_flags;

static void test_tlb_fill(VCPUCommon *cpu, uint64_t vaddr, unsigned size,
                          MMUAccessType access, unsigned mmu_idx)
{
    CPUX86State *e = (CPUX86State *)cpu;
    uint64_t page = vaddr & TARGET_PAGE_MASK;
    unsigned err = PF_USER | (access == MMU_DATA_STORE ? PF_WRITE : 0) |
                   (access == MMU_INST_FETCH ? PF_INSTR : 0);

    /* Outside the canonical range: #GP(0), not a page fault (SDM 3.3.7.1). */
    if ((uint64_t)((int64_t)(vaddr << 16) >> 16) != vaddr)
        x86_raise_exception_err(e, (cpu->fill_memop & MO_STACK) ? EXCP_SS : EXCP_GP, 0);
    if (page == TEST_DATA_ADDR) {
        if (access == MMU_INST_FETCH)      /* NX data page */
            x86_raise_page_fault(e, vaddr, (int)(err | PF_PROT));
        tlb_set_page(cpu, vaddr, page, PAGE_READ | PAGE_WRITE, mmu_idx);
        return;
    }
    if (page == TEST_CODE_ADDR) {
        bool writable = run_flags & VIREO_RUN_WRITABLE_CODE;

        if (access == MMU_DATA_STORE && !writable)
            x86_raise_page_fault(e, vaddr, (int)(err | PF_PROT));
        tlb_set_page(cpu, vaddr, page, PAGE_READ | PAGE_EXEC | (writable ? PAGE_WRITE : 0),
                     mmu_idx);
        return;
    }
    /* The kernel's half (and the guard page at the top of the user half)
     * are present, for the supervisor only. */
    if (vaddr >= 0x7ffffffff000ull)
        err |= PF_PROT;
    x86_raise_page_fault(e, vaddr, (int)err);
}

static void test_unaligned(VCPUCommon *cpu, uint64_t vaddr, MMUAccessType access, unsigned mmu_idx)
{
    x86_raise_exception_err((CPUX86State *)cpu, EXCP_GP, 0);
}

static const VCPUOps test_vcpu_ops = {
    .tlb_fill = test_tlb_fill,
    .unaligned = test_unaligned,
};

static int setup(void)
{
    if (env)
        return 0;
    memory_region_init_container(&root, "test", UINT64_MAX);
    if (memory_region_init_ram(&data_ram, "data", TEST_DATA_SIZE) < 0 ||
        memory_region_init_ram(&code_ram, "code", TEST_CODE_SIZE) < 0)
        return -ENOMEM;
    memory_region_add_subregion(&root, TEST_DATA_ADDR, &data_ram);
    memory_region_add_subregion(&root, TEST_CODE_ADDR, &code_ram);
    if (address_space_init(&as, &root, "test") < 0)
        return -ENOMEM;
    data_host = memory_region_get_ram_ptr(&data_ram);
    code_host = memory_region_get_ram_ptr(&code_ram);
    env = calloc(1, sizeof(*env));
    if (!env)
        return -ENOMEM;
    env->common.ops = &test_vcpu_ops;
    env->common.address_space = &as;
    vcpu_register(&env->common);
    return 0;
}

static void load_state(const TestState *s)
{
    memset(env->regs, 0, sizeof(env->regs));
    for (int i = 0; i < TEST_NGPR; i++)
        env->regs[i] = s->gpr[i];
    env->rip = s->rip;
    env->eflags = 0x202;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = 0;
    env->df = 1;
    x86_set_eflags(env, s->rflags, TEST_FLAGS_ALL);
    memset(env->segs, 0, sizeof(env->segs));
    env->segs[R_FS].base = s->fs_base;
    env->segs[R_GS].base = s->gs_base;
    env->hflags = 3 | HF_CS64 | HF_LMA | HF_PE | HF_SS32 | HF_CS32 | HF_OSFXSR;
    env->mxcsr = s->mxcsr;
    for (int i = 0; i < 16; i++) {
        for (int l = 0; l < 2; l++) {
            uint64_t q = 0;
            for (int b = 7; b >= 0; b--)
                q = (q << 8) | s->xmm[i][8 * l + b];
            env->xmm[i].q[l] = q;
        }
    }
    env->fpuc = s->x87.fcw;
    env->fpus = s->x87.fsw;
    env->fpstt = s->x87.top;
    for (int i = 0; i < 8; i++) {
        uint64_t m = 0;
        for (int b = 7; b >= 0; b--)
            m = (m << 8) | s->x87.regs[i][b];
        env->fpregs[i].mant = m;
        env->fpregs[i].sign_exp = (uint16_t)(s->x87.regs[i][8] | s->x87.regs[i][9] << 8);
        env->fptags[i] = !((s->x87.ftw >> i) & 1);
    }
    memcpy(data_host, s->mem, TEST_DATA_SIZE);
}

static void save_state(TestState *s)
{
    for (int i = 0; i < TEST_NGPR; i++)
        s->gpr[i] = env->regs[i];
    s->rip = env->rip;
    s->rflags = (x86_get_eflags(env) & TEST_FLAGS_ALL) | TEST_RFLAGS_FIXED | TEST_IF;
    s->fs_base = env->segs[R_FS].base;
    s->gs_base = env->segs[R_GS].base;
    s->mxcsr = env->mxcsr;
    for (int i = 0; i < 16; i++)
        for (int b = 0; b < 16; b++)
            s->xmm[i][b] = (uint8_t)(env->xmm[i].q[b >> 3] >> (8 * (b & 7)));
    s->x87.fcw = env->fpuc;
    s->x87.fsw = env->fpus;
    s->x87.top = (uint8_t)env->fpstt;
    s->x87.ftw = 0;
    for (int i = 0; i < 8; i++) {
        for (int b = 0; b < 8; b++)
            s->x87.regs[i][b] = (uint8_t)(env->fpregs[i].mant >> (8 * b));
        s->x87.regs[i][8] = (uint8_t)env->fpregs[i].sign_exp;
        s->x87.regs[i][9] = (uint8_t)(env->fpregs[i].sign_exp >> 8);
        s->x87.ftw |= (uint8_t)(!env->fptags[i] << i);
    }
    memcpy(s->mem, data_host, TEST_DATA_SIZE);
}

/*
 * A 32-bit case runs in compatibility mode, as a 32-bit task under Linux:
 * CS is __USER32_CS (0x23, a 32-bit code segment at base 0) and the data
 * segments the flat __USER_DS (0x2b), so no base is ever added.
 */
static void enter_mode(unsigned mode)
{
    if (mode != 32)
        return;
    env->hflags &= ~(uint32_t)(HF_CS64 | HF_ADDSEG);
    env->segs[R_CS].selector = 0x23;
    env->segs[R_CS].base = 0;
    env->segs[R_SS].selector = env->segs[R_DS].selector = env->segs[R_ES].selector = 0x2b;
}

/* What Linux delivers for a CPU exception raised in user mode. */
static void linux_fault(TestFault *f, int vector)
{
    memset(f, 0, sizeof(*f));
    f->vector = vector;
    f->rip = env->rip;
    switch (vector) {
    case EXCP_DE:
        f->signal = TEST_SIGFPE; f->si_code = TEST_FPE_INTDIV; f->addr = env->rip;
        break;
    case EXCP_UD:
        f->signal = TEST_SIGILL; f->si_code = TEST_ILL_ILLOPN; f->addr = env->rip;
        break;
    case EXCP_PF:
        f->signal = TEST_SIGSEGV;
        /* ACCERR only for a user mapping with the wrong permissions. */
        f->si_code = (env->error_code & PF_PROT) &&
                     ((env->cr[2] & TARGET_PAGE_MASK) == TEST_DATA_ADDR ||
                      (env->cr[2] & TARGET_PAGE_MASK) == TEST_CODE_ADDR)
                     ? TEST_SEGV_ACCERR : TEST_SEGV_MAPERR;
        f->addr = env->cr[2];
        f->error_code = (uint64_t)env->error_code;
        break;
    case EXCP_AC:
        f->signal = TEST_SIGBUS; f->si_code = TEST_BUS_ADRALN;
        break;
    case EXCP_MF: {
        /* Linux fpu__exception_code(): the first unmasked exception of
         * IE, ZE, OE, DE|UE, PE gives FPE_FLTINV 7, FLTDIV 3, FLTOVF 4,
         * FLTUND 5, FLTRES 6; si_addr is the waiting instruction. */
        unsigned err = env->fpus & ~env->fpuc;

        f->signal = TEST_SIGFPE;
        f->si_code = (err & 0x01) ? TEST_FPE_FLTINV : (err & 0x04) ? 3 : (err & 0x08) ? 4
                   : (err & 0x12) ? 5 : (err & 0x20) ? 6 : 0;
        f->addr = env->rip;
        break;
    }
    case EXCP_XM: {
        /* Linux's fpu__exception_code(): the first of the set and unmasked
         * MXCSR flags in the order IE, ZE, OE, DE|UE, PE picks FPE_FLTINV (7),
         * FLTDIV (3), FLTOVF (4), FLTUND (5), FLTRES (6); error code 0. */
        unsigned err = ~(env->mxcsr >> 7) & env->mxcsr;

        f->signal = TEST_SIGFPE; f->addr = env->rip;
        f->si_code = (err & 0x01) ? 7 : (err & 0x04) ? 3 : (err & 0x08) ? 4 :
                     (err & 0x12) ? 5 : (err & 0x20) ? 6 : 0;
        break;
    }
    case EXCP_BP:
        f->signal = TEST_SIGTRAP; f->si_code = TEST_SI_KERNEL;
        break;
    case EXCP_SS:
        f->signal = TEST_SIGBUS; f->si_code = TEST_SI_KERNEL;
        break;
    case EXCP_GP: default:
        f->signal = TEST_SIGSEGV; f->si_code = TEST_SI_KERNEL;
        f->error_code = (uint64_t)env->error_code;
        break;
    }
}

int vireo_run(const TestCase *tc, TestResult *out)
{
    return vireo_run_flags(tc, out, 0);
}

int vireo_run_flags(const TestCase *tc, TestResult *out, unsigned flags)
{
    int ret = setup(), excp;

    if (ret < 0)
        return ret;
    /* New code at the same address: drop what was translated from it. Every
     * so often free the dropped blocks for good. */
    memset(code_host, 0xcc, TEST_CODE_SIZE);
    memcpy(code_host, tc->code, tc->code_len);
    tb_invalidate_phys_range(TEST_CODE_ADDR, TEST_CODE_SIZE, NULL);
    if (++runs % 512 == 0)
        tb_flush(tcg_current_backend());
    tlb_flush(&env->common);
    run_flags = flags;
    load_state(&tc->init);
    enter_mode(tc->mode);

    excp = cpu_exec(&env->common, &x86_tcg_ops);
    memset(out, 0, sizeof(*out));
    if (excp == EXCP_BP && env->exception_is_int &&
        env->rip == TEST_CODE_ADDR + tc->code_len + 1) {
        /* The int3 just past the code: the case ran to its end. */
        env->rip--;
        save_state(&out->state);
        out->fault.vector = TEST_VEC_NONE;
        return 0;
    }
    save_state(&out->state);
    linux_fault(&out->fault, excp);
    return 0;
}
