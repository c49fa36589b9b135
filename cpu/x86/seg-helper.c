/*
 * Segmentation (seg.h): the mode flags, segment caches and power-on reset,
 * descriptor tables (SDM Vol.3 3.4-3.5), segment register loads with their
 * protection checks (SDM Vol.3 5.5-5.7, MOV/POP/LDS pseudo-code), LLDT and
 * LTR, LAR/LSL/VERR/VERW, and the shared pieces of seg-internal.h. Far
 * transfers are in seg-far.c, interrupts and IRET in interrupt.c, the fast
 * system calls in seg-syscall.c.
 */
#include "cpu/x86/seg-internal.h"

#include <stddef.h>
#include <string.h>

#include "cpu/x86/cc.h"
#include "cpu/x86/cpuid.h"
#include "cpu/x86/mmu.h"
#include "system/log.h"
#include "tcg/softmmu.h"

/* ---- Mode flags and segment caches -------------------------------------------- */

/*
 * The CPL is SS.DPL in protected mode: every load of SS checks DPL == CPL,
 * and unlike CS.DPL it stays right in a conforming code segment (AMD's SVM
 * keeps the CPL there too). Real mode is CPL 0, virtual-8086 mode CPL 3.
 */
void x86_update_hflags(CPUX86State *env)
{
    const SegmentCache *cs = &env->segs[R_CS], *ss = &env->segs[R_SS];
    uint32_t keep = HF_USER_MODE | HF_INHIBIT_IRQ;
    uint32_t h;
    bool pe = env->cr[0] & CR0_PE, vm = pe && (env->eflags & VM_MASK);

    if (env->hflags & HF_USER_MODE) {
        /* vireo-x86_64 sets the mode bits itself and has no descriptors. */
        keep |= HF_CPL_MASK | HF_CS32 | HF_SS32 | HF_CS64 | HF_LMA | HF_PE | HF_ADDSEG;
        h = env->hflags & keep;
    } else {
        h = env->hflags & keep;
        if (pe) {
            h |= HF_PE;
            h |= vm ? 3 : (ss->flags >> DESC_DPL_SHIFT) & 3;
        }
        if (env->efer & EFER_LMA) {
            h |= HF_LMA;
            if (pe && !vm && (cs->flags & DESC_L_MASK))
                h |= HF_CS64 | HF_CS32 | HF_SS32;
        }
        if (!(h & HF_CS64)) {
            if (pe && !vm) {
                if (cs->flags & DESC_B_MASK)
                    h |= HF_CS32;
                if (ss->flags & DESC_B_MASK)
                    h |= HF_SS32;
            }
            /* Flat 32-bit code skips adding DS/ES/SS bases (all zero). */
            if (!(h & HF_CS32) || env->segs[R_DS].base || env->segs[R_ES].base || ss->base)
                h |= HF_ADDSEG;
        }
    }
    if (env->cr[4] & CR4_OSFXSR)
        h |= HF_OSFXSR;
    if (env->cr[4] & CR4_OSXSAVE)
        h |= HF_OSXSAVE;
    if (env->cr[0] & CR0_EM)
        h |= HF_EM;
    if (env->cr[0] & CR0_TS)
        h |= HF_TS;
    if (env->cr[0] & CR0_MP)
        h |= HF_MP;
    if (env->eflags & TF_MASK)
        h |= HF_TF;
    if ((env->cr[4] & CR4_SMAP) && !(env->eflags & AC_MASK))
        h |= HF_SMAP_AC;
    env->hflags = h;
}

void x86_set_seg(CPUX86State *env, int seg, uint16_t selector, uint64_t base,
                 uint32_t limit, uint32_t flags)
{
    SegmentCache *sc = &env->segs[seg];

    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;
    if (seg <= R_DS)        /* ES CS SS DS decide hflags; FS GS LDTR TR do not */
        x86_update_hflags(env);
}

/* ---- Power-on reset (SDM Vol.3 9.1.1, Table 9-1) --------------------------------- */

void x86_cpu_reset(CPUX86State *env)
{
    /* The vCPU's identity and wiring survive; so does the board's A20 gate. */
    const X86CPUModel *model = env->model;
    const X86MachineOps *machine = env->machine;
    void *opaque = env->machine_opaque;
    int index = env->cpu_index;
    uint32_t sipi = env->sipi_vector;
    uint64_t a20 = env->a20_mask;
    uint32_t user = env->hflags & HF_USER_MODE;
    const uint32_t data = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK;

    memset(&env->regs, 0, sizeof(*env) - offsetof(CPUX86State, regs));
    env->model = model;
    env->machine = machine;
    env->machine_opaque = opaque;
    env->cpu_index = index;
    env->sipi_vector = sipi;
    env->a20_mask = a20;
    env->hflags = user;
    env->common.exception_index = -1;

    env->eflags = 0x2;
    env->cc_op = CC_OP_EFLAGS;
    env->df = 1;
    env->rip = 0xfff0;
    env->cr[0] = 0x60000010;            /* CD NW ET */
    /* EDX holds the processor signature, CPUID.1:EAX. */
    if (model) {
        uint32_t id[4];

        x86_cpuid(env, 1, 0, id);
        env->regs[R_EDX] = id[0];
    } else {
        env->regs[R_EDX] = 0x600;
    }
    /* CS selector F000 with base FFFF0000: the first fetch is at FFFFFFF0. */
    x86_set_seg(env, R_CS, 0xf000, 0xffff0000u, 0xffff,
                DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK);
    x86_set_seg(env, R_ES, 0, 0, 0xffff, data);
    x86_set_seg(env, R_SS, 0, 0, 0xffff, data);
    x86_set_seg(env, R_DS, 0, 0, 0xffff, data);
    x86_set_seg(env, R_FS, 0, 0, 0xffff, data);
    x86_set_seg(env, R_GS, 0, 0, 0xffff, data);
    x86_set_seg(env, R_LDTR, 0, 0, 0xffff, DESC_P_MASK | (SYS_LDT << DESC_TYPE_SHIFT));
    x86_set_seg(env, R_TR, 0, 0, 0xffff, DESC_P_MASK | (SYS_TSS32_BUSY << DESC_TYPE_SHIFT));
    env->gdt.limit = 0xffff;
    env->idt.limit = 0xffff;
    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    /* x87 at power-up: FCW 0040H, tags 5555H (every register a valid zero). */
    env->fpuc = 0x40;
    env->mxcsr = 0x1f80;
    env->xcr0 = 1;
    env->pat = 0x0007040600070406ull;
    /* The local APIC at its default base, enabled; BSP flag on CPU 0. */
    env->apic_base = 0xfee00000u | (1u << 11) | (index == 0 ? 1u << 8 : 0);
    env->misc_enable = 1;               /* fast strings */
    x86_update_hflags(env);
}

/* ---- Descriptor tables --------------------------------------------------------- */

static MemOpIdx sys_oi(unsigned size)
{
    MemOp op = size == 1 ? MO_8 : size == 2 ? MO_16 : size == 4 ? MO_32 : MO_64;

    return make_memop_idx(op, X86_MMU_KERNEL);
}

/* Linear addresses are 32 bits wide outside long mode. */
static uint64_t sys_addr(const CPUX86State *env, uint64_t addr)
{
    return (env->efer & EFER_LMA) ? addr : (uint32_t)addr;
}

uint64_t seg_ld_sys(CPUX86State *env, uint64_t addr, unsigned size)
{
    return softmmu_load(&env->common, sys_addr(env, addr), sys_oi(size));
}

void seg_st_sys(CPUX86State *env, uint64_t addr, uint64_t val, unsigned size)
{
    softmmu_store(&env->common, sys_addr(env, addr), val, sys_oi(size));
}

/* The table a selector indexes: the LDT (TI set) or the GDT. An LDTR
 * holding a null selector (not present) makes every LDT reference fail. */
static bool desc_table(const CPUX86State *env, unsigned sel, uint64_t *base, uint32_t *limit)
{
    if (sel & 4) {
        const SegmentCache *ldt = &env->segs[R_LDTR];

        if (!(ldt->flags & DESC_P_MASK))
            return false;
        *base = ldt->base;
        *limit = ldt->limit;
    } else {
        *base = env->gdt.base;
        *limit = env->gdt.limit;
    }
    return true;
}

int seg_read_desc(CPUX86State *env, unsigned sel, uint32_t *e1, uint32_t *e2)
{
    unsigned index = sel & ~7u;
    uint64_t base;
    uint32_t limit;

    if (!desc_table(env, sel, &base, &limit) || index + 7 > limit)
        return -1;
    *e1 = (uint32_t)seg_ld_sys(env, base + index, 4);
    *e2 = (uint32_t)seg_ld_sys(env, base + index + 4, 4);
    return 0;
}

uint32_t seg_read_desc_high(CPUX86State *env, unsigned sel, int ext)
{
    unsigned index = sel & ~7u;
    uint64_t base;
    uint32_t limit, e4;

    if (!desc_table(env, sel, &base, &limit) || index + 15 > limit)
        x86_raise_exception_err(env, EXCP_GP, (int)(sel & 0xfffc) + ext);
    e4 = (uint32_t)seg_ld_sys(env, base + index + 12, 4);
    if ((e4 >> DESC_TYPE_SHIFT) & 0x1f)
        x86_raise_exception_err(env, EXCP_GP, (int)(sel & 0xfffc) + ext);
    return (uint32_t)seg_ld_sys(env, base + index + 8, 4);
}

void seg_set_accessed(CPUX86State *env, unsigned sel, uint32_t *e2)
{
    uint64_t base;
    uint32_t limit;

    if ((*e2 & DESC_A_MASK) || !desc_table(env, sel, &base, &limit))
        return;
    *e2 |= DESC_A_MASK;
    seg_st_sys(env, base + (sel & ~7u) + 4, *e2, 4);
}

void seg_load_desc(CPUX86State *env, int seg, unsigned sel, uint32_t e1, uint32_t e2)
{
    x86_set_seg(env, seg, (uint16_t)sel, desc_base(e1, e2), desc_limit(e1, e2),
                e2 & 0x00ffff00u);
}

void seg_load_null_ss(CPUX86State *env, unsigned sel, unsigned cpl)
{
    x86_set_seg(env, R_SS, (uint16_t)sel, 0, 0,
                DESC_S_MASK | DESC_W_MASK | DESC_A_MASK | DESC_B_MASK | (cpl << DESC_DPL_SHIFT));
}

void seg_load_real(CPUX86State *env, int seg, unsigned sel)
{
    const SegmentCache *sc = &env->segs[seg];
    uint32_t limit = sc->limit, flags = sc->flags;

    /*
     * Real mode changes selector and base only: limits and attributes
     * loaded in protected mode stay ("big real mode", used by firmware).
     * Virtual-8086 mode gives every segment a 64 KiB limit at DPL 3.
     */
    if ((env->cr[0] & CR0_PE) && (env->eflags & VM_MASK)) {
        limit = 0xffff;
        flags = DESC_P_MASK | DESC_S_MASK | DESC_A_MASK | (3u << DESC_DPL_SHIFT) |
                (seg == R_CS ? DESC_CS_MASK | DESC_R_MASK : DESC_W_MASK);
    }
    x86_set_seg(env, seg, (uint16_t)sel, (uint64_t)(sel & 0xffff) << 4, limit, flags);
}

void seg_validate_outer(CPUX86State *env, unsigned cpl)
{
    static const int segs[] = { R_ES, R_DS, R_FS, R_GS };

    for (unsigned i = 0; i < 4; i++) {
        const SegmentCache *sc = &env->segs[segs[i]];
        bool conforming = (sc->flags & DESC_CS_MASK) && (sc->flags & DESC_C_MASK);

        /* Already null: nothing to take away (FS/GS keep an MSR-set base). */
        if (!(sc->selector & 0xfffc) || !(sc->flags & DESC_S_MASK) || conforming)
            continue;
        if (desc_dpl(sc->flags) < cpl)
            x86_set_seg(env, segs[i], 0, 0, 0, 0);
    }
}

/* ---- TSS stacks (SDM Vol.3 7.2.1, 7.7) -------------------------------------------- */

void seg_tss_stack(CPUX86State *env, unsigned dpl, int ext, unsigned *ss, uint64_t *sp)
{
    const SegmentCache *tr = &env->segs[R_TR];
    unsigned type = desc_sys_type(tr->flags);
    unsigned shift = (type >> 3) & 1;   /* 0: 16-bit TSS, 1: 32-bit TSS */
    unsigned index = (dpl * 4 + 2) << shift;
    int err = (int)(tr->selector & 0xfffc) + ext;

    if (!(tr->flags & DESC_P_MASK) || index + (4u << shift) - 1 > tr->limit)
        x86_raise_exception_err(env, EXCP_TS, err);
    if (shift) {
        *sp = seg_ld_sys(env, tr->base + index, 4);
        *ss = (unsigned)seg_ld_sys(env, tr->base + index + 4, 2);
    } else {
        *sp = seg_ld_sys(env, tr->base + index, 2);
        *ss = (unsigned)seg_ld_sys(env, tr->base + index + 2, 2);
    }
}

/* 64-bit TSS: RSP0-2 at 4, 12, 20; IST1-7 from 0x24 (index 4-10 here). */
uint64_t seg_tss64_stack(CPUX86State *env, unsigned index, int ext)
{
    const SegmentCache *tr = &env->segs[R_TR];
    unsigned off = index * 8 + 4;

    if (!(tr->flags & DESC_P_MASK) || off + 7 > tr->limit)
        x86_raise_exception_err(env, EXCP_TS, (int)(tr->selector & 0xfffc) + ext);
    return seg_ld_sys(env, tr->base + off, 8);
}

void seg_check_inner_ss(CPUX86State *env, unsigned ss, unsigned dpl, int ext,
                        uint32_t *e1, uint32_t *e2)
{
    int err = (int)(ss & 0xfffc) + ext;

    if (!(ss & 0xfffc))
        x86_raise_exception_err(env, EXCP_TS, ext);
    if ((ss & 3) != dpl || seg_read_desc(env, ss, e1, e2) < 0 || desc_dpl(*e2) != dpl ||
        !desc_is_data(*e2) || !(*e2 & DESC_W_MASK))
        x86_raise_exception_err(env, EXCP_TS, err);
    if (!(*e2 & DESC_P_MASK))
        x86_raise_exception_err(env, EXCP_SS, err);
}

void seg_check_target(CPUX86State *env, uint32_t e1, uint32_t e2, uint64_t rip)
{
    if (seg_is_code64(env, e2) ? !seg_canonical(rip) : rip > desc_limit(e1, e2))
        x86_raise_exception_err(env, EXCP_GP, 0);
}

/* ---- The stack cursor ------------------------------------------------------------ */

uint64_t seg_sp_mask(const CPUX86State *env)
{
    if (env->hflags & HF_CS64)
        return ~0ull;
    return (env->hflags & HF_SS32) ? 0xffffffffull : 0xffff;
}

unsigned seg_mmu_idx(const CPUX86State *env, unsigned cpl)
{
    (void)env;
    return cpl == 3 ? X86_MMU_USER : X86_MMU_KERNEL;
}

void seg_stack_current(CPUX86State *env, SegStack *st)
{
    st->base = (env->hflags & HF_CS64) ? 0 : env->segs[R_SS].base;
    st->sp = env->regs[R_ESP];
    st->mask = seg_sp_mask(env);
    st->mmu_idx = seg_mmu_idx(env, env->hflags & HF_CPL_MASK);
}

static uint64_t stack_addr(const SegStack *st)
{
    uint64_t a = st->base + (st->sp & st->mask);

    return st->mask == ~0ull ? a : (uint32_t)a;
}

static MemOpIdx stack_oi(const SegStack *st, unsigned size)
{
    MemOp op = size == 2 ? MO_16 : size == 4 ? MO_32 : MO_64;

    return make_memop_idx(op | MO_STACK, st->mmu_idx);
}

void seg_push(CPUX86State *env, SegStack *st, unsigned size, uint64_t val)
{
    st->sp -= size;
    softmmu_store(&env->common, stack_addr(st), val, stack_oi(st, size));
}

uint64_t seg_pop(CPUX86State *env, SegStack *st, unsigned size)
{
    uint64_t v = softmmu_load(&env->common, stack_addr(st), stack_oi(st, size));

    st->sp += size;
    return v;
}

void seg_set_sp(CPUX86State *env, uint64_t sp, uint64_t mask)
{
    if (mask == 0xffff)
        env->regs[R_ESP] = (env->regs[R_ESP] & ~0xffffull) | (sp & 0xffff);
    else if (mask == 0xffffffffull)
        env->regs[R_ESP] = (uint32_t)sp;
    else
        env->regs[R_ESP] = sp;
}

/* ---- Segment register loads --------------------------------------------------------- */

/*
 * MOV/POP Sreg, LDS/LES/LFS/LGS/LSS (SDM pseudo-code of MOV): real and
 * virtual-8086 modes only shift the selector; protected mode checks the
 * descriptor: #GP(sel) for a bad type or privilege, #SS(sel) / #NP(sel) for
 * a segment not present, #GP(0) for a null SS outside 64-bit mode (there it
 * is allowed below CPL 3 with RPL = CPL).
 */
uint64_t helper_load_seg(void *env, uint64_t seg, uint64_t selector)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)selector & 0xffff, cpl = e->hflags & HF_CPL_MASK, rpl = sel & 3;
    int s = (int)seg, err = (int)(sel & 0xfffc);
    uint32_t e1, e2;
    unsigned dpl;

    if (!(e->cr[0] & CR0_PE) || (e->eflags & VM_MASK)) {
        seg_load_real(e, s, sel);
        return 0;
    }
    if (!(sel & 0xfffc)) {
        if (s == R_SS) {
            if (!(e->hflags & HF_CS64) || cpl == 3 || rpl != cpl)
                x86_raise_exception_err(e, EXCP_GP, 0);
            seg_load_null_ss(e, sel, cpl);
        } else {
            x86_set_seg(e, s, (uint16_t)sel, 0, 0, 0);
        }
        return 0;
    }
    if (seg_read_desc(e, sel, &e1, &e2) < 0 || !(e2 & DESC_S_MASK))
        x86_raise_exception_err(e, EXCP_GP, err);
    dpl = desc_dpl(e2);
    if (s == R_SS) {
        if (rpl != cpl || dpl != cpl || (e2 & DESC_CS_MASK) || !(e2 & DESC_W_MASK))
            x86_raise_exception_err(e, EXCP_GP, err);
        if (!(e2 & DESC_P_MASK))
            x86_raise_exception_err(e, EXCP_SS, err);
    } else {
        if ((e2 & DESC_CS_MASK) && !(e2 & DESC_R_MASK))
            x86_raise_exception_err(e, EXCP_GP, err);
        /* Data and non-conforming code: the segment must be as privileged
         * as both CPL and RPL allow. */
        if ((!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) && (dpl < cpl || dpl < rpl))
            x86_raise_exception_err(e, EXCP_GP, err);
        if (!(e2 & DESC_P_MASK))
            x86_raise_exception_err(e, EXCP_NP, err);
    }
    seg_set_accessed(e, sel, &e2);
    seg_load_desc(e, s, sel, e1, e2);
    return 0;
}

/* ---- LLDT, LTR (SDM Vol.3 7.2.4, LLDT/LTR pseudo-code) --------------------------------- */

/* Real and virtual-8086 mode: #UD; CPL > 0: #GP(0). */
static void check_system_insn(CPUX86State *env)
{
    if (!(env->cr[0] & CR0_PE) || (env->eflags & VM_MASK))
        x86_raise_exception(env, EXCP_UD);
    if (env->hflags & HF_CPL_MASK)
        x86_raise_exception_err(env, EXCP_GP, 0);
}

/* A GDT system descriptor for LDTR or TR: 16 bytes in long mode. */
static void load_system_seg(CPUX86State *env, int seg, unsigned sel, uint32_t e1, uint32_t e2)
{
    uint64_t base = desc_base(e1, e2);

    if (env->efer & EFER_LMA) {
        base |= (uint64_t)seg_read_desc_high(env, sel, 0) << 32;
        if (!seg_canonical(base))
            x86_raise_exception_err(env, EXCP_GP, (int)(sel & 0xfffc));
    }
    x86_set_seg(env, seg, (uint16_t)sel, base, desc_limit(e1, e2), e2 & 0x00ffff00u);
}

uint64_t helper_lldt(void *env, uint64_t selector)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)selector & 0xffff;
    uint32_t e1, e2;

    check_system_insn(e);
    if (!(sel & 0xfffc)) {
        /* A null LDTR: any later LDT reference faults. */
        x86_set_seg(e, R_LDTR, (uint16_t)sel, 0, 0, 0);
        return 0;
    }
    if ((sel & 4) || seg_read_desc(e, sel, &e1, &e2) < 0 || (e2 & DESC_S_MASK) ||
        desc_sys_type(e2) != SYS_LDT)
        x86_raise_exception_err(e, EXCP_GP, (int)(sel & 0xfffc));
    if (!(e2 & DESC_P_MASK))
        x86_raise_exception_err(e, EXCP_NP, (int)(sel & 0xfffc));
    load_system_seg(e, R_LDTR, sel, e1, e2);
    return 0;
}

/* LTR takes an available TSS and marks it busy in the GDT. */
uint64_t helper_ltr(void *env, uint64_t selector)
{
    CPUX86State *e = SEG_ENV;
    unsigned sel = (unsigned)selector & 0xffff, type;
    uint32_t e1, e2;

    check_system_insn(e);
    if (!(sel & 0xfffc))
        x86_raise_exception_err(e, EXCP_GP, 0);
    if ((sel & 4) || seg_read_desc(e, sel, &e1, &e2) < 0 || (e2 & DESC_S_MASK))
        x86_raise_exception_err(e, EXCP_GP, (int)(sel & 0xfffc));
    type = desc_sys_type(e2);
    if (type != SYS_TSS32 && (type != SYS_TSS16 || (e->efer & EFER_LMA)))
        x86_raise_exception_err(e, EXCP_GP, (int)(sel & 0xfffc));
    if (!(e2 & DESC_P_MASK))
        x86_raise_exception_err(e, EXCP_NP, (int)(sel & 0xfffc));
    load_system_seg(e, R_TR, sel, e1, e2);
    e2 |= 2u << DESC_TYPE_SHIFT;        /* busy */
    seg_st_sys(e, e->gdt.base + (sel & ~7u) + 4, e2, 4);
    e->segs[R_TR].flags = e2 & 0x00ffff00u;
    return 0;
}

/* SLDT/STR (which: 0 LDTR, 1 TR): #UD outside protected mode, #GP(0) under
 * CR4.UMIP above CPL 0. */
uint64_t helper_sldt_str(void *env, uint64_t which)
{
    CPUX86State *e = SEG_ENV;

    if (!(e->cr[0] & CR0_PE) || (e->eflags & VM_MASK))
        x86_raise_exception(e, EXCP_UD);
    helper_umip_check(env);
    return e->segs[which ? R_TR : R_LDTR].selector;
}

uint64_t helper_umip_check(void *env)
{
    CPUX86State *e = SEG_ENV;

    if ((e->cr[4] & CR4_UMIP) && (e->hflags & HF_CPL_MASK))
        x86_raise_exception_err(e, EXCP_GP, 0);
    return 0;
}

/* ---- LAR, LSL, VERR, VERW: ZF reports the outcome, never a fault -------------------- */

static void set_zf(CPUX86State *env, bool z)
{
    uint64_t f = x86_get_eflags(env) & CC_ALL;

    env->cc_src = z ? (f | CC_Z) : (f & ~(uint64_t)CC_Z);
    env->cc_op = CC_OP_EFLAGS;
}

/*
 * The descriptor of sel if the instruction may look at it: within the
 * table, and a code/data segment the CPL/RPL can see (conforming code: any),
 * or a system type the instruction accepts (type_ok bitmap of SDM LAR/LSL
 * Table; long mode allows fewer).
 */
static bool visible_desc(CPUX86State *env, unsigned sel, unsigned type_ok, uint32_t *e1,
                         uint32_t *e2)
{
    unsigned cpl = env->hflags & HF_CPL_MASK, dpl;

    if (!(env->cr[0] & CR0_PE) || (env->eflags & VM_MASK))
        x86_raise_exception(env, EXCP_UD);
    if (!(sel & 0xfffc) || seg_read_desc(env, sel, e1, e2) < 0)
        return false;
    dpl = desc_dpl(*e2);
    if (*e2 & DESC_S_MASK) {
        if ((*e2 & DESC_CS_MASK) && (*e2 & DESC_C_MASK))
            return true;
    } else if (!((type_ok >> desc_sys_type(*e2)) & 1)) {
        return false;
    }
    return dpl >= cpl && dpl >= (sel & 3);
}

/* Legacy: TSS16, LDT, busy TSS16, call gate 16, task gate, TSS32, busy
 * TSS32, call gate 32. Long mode: LDT, TSS64, busy TSS64, call gate 64. */
#define LAR_TYPES_LEGACY 0x1a3eu
#define LAR_TYPES_LONG   0x1a04u
/* LSL: no gates. */
#define LSL_TYPES_LEGACY 0x0a0eu
#define LSL_TYPES_LONG   0x0a04u

uint64_t helper_lar(void *env, uint64_t selector)
{
    CPUX86State *e = SEG_ENV;
    bool lma = e->efer & EFER_LMA;
    uint32_t e1, e2;

    if (!visible_desc(e, (unsigned)selector & 0xffff, lma ? LAR_TYPES_LONG : LAR_TYPES_LEGACY,
                      &e1, &e2)) {
        set_zf(e, false);
        return 0;
    }
    set_zf(e, true);
    return e2 & 0x00f0ff00u;
}

uint64_t helper_lsl(void *env, uint64_t selector)
{
    CPUX86State *e = SEG_ENV;
    bool lma = e->efer & EFER_LMA;
    uint32_t e1, e2;

    if (!visible_desc(e, (unsigned)selector & 0xffff, lma ? LSL_TYPES_LONG : LSL_TYPES_LEGACY,
                      &e1, &e2)) {
        set_zf(e, false);
        return 0;
    }
    set_zf(e, true);
    return desc_limit(e1, e2);
}

/* VERR: a readable code or any data segment; VERW: a writable data segment. */
static void verify(CPUX86State *env, unsigned sel, bool write)
{
    uint32_t e1, e2;
    bool ok = visible_desc(env, sel, 0, &e1, &e2) && (e2 & DESC_S_MASK);

    if (ok && write)
        ok = !(e2 & DESC_CS_MASK) && (e2 & DESC_W_MASK);
    else if (ok)
        ok = !(e2 & DESC_CS_MASK) || (e2 & DESC_R_MASK);
    set_zf(env, ok);
}

uint64_t helper_verr(void *env, uint64_t selector)
{
    verify(SEG_ENV, (unsigned)selector & 0xffff, false);
    return 0;
}

uint64_t helper_verw(void *env, uint64_t selector)
{
    verify(SEG_ENV, (unsigned)selector & 0xffff, true);
    return 0;
}

/* RDFSBASE and friends: #UD unless CR4.FSGSBASE. */
uint64_t helper_fsgsbase_check(void *env)
{
    if (!(SEG_ENV->cr[4] & CR4_FSGSBASE))
        x86_raise_exception(SEG_ENV, EXCP_UD);
    return 0;
}
