/*
 * The x86 CPU state, and the narrow interface through which the CPU core
 * reaches the rest of the machine (STYLE point 4): memory goes through the
 * soft MMU (tcg/softmmu.h) and the address space it was given; ports,
 * interrupts, CPUID overrides and MSRs the core does not own go through
 * X86MachineOps. So decoder, translator and helpers link into a unit-test
 * binary with fake memory, and KVM can replace the whole core behind the
 * same seam.
 */
#ifndef CPU_X86_CPU_H
#define CPU_X86_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fpu/softfloat.h"
#include "tcg/cpu-common.h"

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI,
       R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15, CPU_NB_REGS };
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, R_LDTR, R_TR, NB_SEGS };

/* EFLAGS bits (SDM Vol.1 3.4.3) */
#define CC_C    0x0001u
#define CC_P    0x0004u
#define CC_A    0x0010u
#define CC_Z    0x0040u
#define CC_S    0x0080u
#define TF_MASK 0x0100u
#define IF_MASK 0x0200u
#define DF_MASK 0x0400u
#define CC_O    0x0800u
#define IOPL_MASK 0x3000u
#define NT_MASK 0x4000u
#define RF_MASK 0x10000u
#define VM_MASK 0x20000u
#define AC_MASK 0x40000u
#define VIF_MASK 0x80000u
#define VIP_MASK 0x100000u
#define ID_MASK 0x200000u
#define CC_ALL (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)

/* Exception vectors (SDM Vol.3 6.3.1) */
enum {
    EXCP_DE = 0, EXCP_DB = 1, EXCP_NMI = 2, EXCP_BP = 3, EXCP_OF = 4, EXCP_BR = 5,
    EXCP_UD = 6, EXCP_NM = 7, EXCP_DF = 8, EXCP_TS = 10, EXCP_NP = 11, EXCP_SS = 12,
    EXCP_GP = 13, EXCP_PF = 14, EXCP_MF = 16, EXCP_AC = 17, EXCP_MC = 18, EXCP_XM = 19,
    /* Not vectors: reasons the execution loop returns. */
    EXCP_INTERRUPT = 0x100, EXCP_HLT, EXCP_SYSCALL, EXCP_HALTED_END, EXCP_DEBUG_STOP,
};

typedef struct SegmentCache {
    uint16_t selector;
    uint64_t base;
    uint32_t limit;
    uint32_t flags;           /* descriptor bits 8..23 of the high dword, in place */
} SegmentCache;

/*
 * A vector register, 256 bits wide now so AVX only fills tables. Stored as
 * four 64-bit lanes in element order on every host; narrower elements are
 * reached through the accessors below, never by punning, so big-endian hosts
 * see the same guest bytes.
 */
typedef struct YMMReg {
    uint64_t q[4];
} YMMReg;

static inline uint8_t ymm_get_b(const YMMReg *r, unsigned i) { return (uint8_t)(r->q[i >> 3] >> (8 * (i & 7))); }
static inline uint16_t ymm_get_w(const YMMReg *r, unsigned i) { return (uint16_t)(r->q[i >> 2] >> (16 * (i & 3))); }
static inline uint32_t ymm_get_d(const YMMReg *r, unsigned i) { return (uint32_t)(r->q[i >> 1] >> (32 * (i & 1))); }
static inline void ymm_set_b(YMMReg *r, unsigned i, uint8_t v)
{
    unsigned sh = 8 * (i & 7);
    r->q[i >> 3] = (r->q[i >> 3] & ~(0xffull << sh)) | ((uint64_t)v << sh);
}
static inline void ymm_set_w(YMMReg *r, unsigned i, uint16_t v)
{
    unsigned sh = 16 * (i & 3);
    r->q[i >> 2] = (r->q[i >> 2] & ~(0xffffull << sh)) | ((uint64_t)v << sh);
}
static inline void ymm_set_d(YMMReg *r, unsigned i, uint32_t v)
{
    unsigned sh = 32 * (i & 1);
    r->q[i >> 1] = (r->q[i >> 1] & ~(0xffffffffull << sh)) | ((uint64_t)v << sh);
}

/*
 * Lazy condition codes: arithmetic records its operands and result in
 * cc_dst/cc_src/cc_src2 and its kind in cc_op; flags are computed only when
 * read (cpu/x86/cc.c). cc_op values: CC_OP_<kind><size>, size order B W L Q.
 */
typedef enum CCOp {
    CC_OP_EFLAGS = 0,   /* flags are in cc_src, already computed */
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL, CC_OP_ADDQ,     /* dst = result, src = src2 operand */
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL, CC_OP_ADCQ,     /* src2 = carry in */
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL, CC_OP_SUBQ,     /* dst = result, src = subtrahend */
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL, CC_OP_SBBQ,
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL, CC_OP_LOGICQ,
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL, CC_OP_INCQ,     /* src = old CF */
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL, CC_OP_DECQ,
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL, CC_OP_SHLQ,     /* src = value shifted by count-1 */
    CC_OP_SARB, CC_OP_SARW, CC_OP_SARL, CC_OP_SARQ,     /* src = value shifted by count-1 */
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL, CC_OP_MULQ,     /* src != 0: CF=OF=1 */
    CC_OP_BMILGB, CC_OP_BMILGW, CC_OP_BMILGL, CC_OP_BMILGQ, /* BLSI etc.: CF = src == 0 */
    CC_OP_ADCX,         /* only CF changed: cc_dst = CF, rest in cc_src */
    CC_OP_ADOX,         /* only OF changed: cc_src2 = OF */
    CC_OP_NB,
    /*
     * ROL/ROR by a nonzero count: CF and OF come from the rotated result in
     * cc_src2 (SDM Vol.2 ROL/ROR: CF the bit rotated in, OF defined for count
     * 1 as computed in cc.c), the other flags are those of the op before it,
     * whose cc_dst/cc_src are left untouched, so no flags are computed at the
     * rotate: cc_op = CC_OP_ROT + (previous op << 3) + (ROL ? 4 : 0) + size.
     * The previous op is never one that reads cc_src2 (ADC, SBB, ADOX) nor a
     * CC_OP_ROT one (a rotate after a rotate takes its predecessor's op).
     */
    CC_OP_ROT = 64,
    CC_OP_ROT_END = CC_OP_ROT + (CC_OP_NB << 3)
} CCOp;

/* Mode bits that change how code translates: part of every TB's key. */
enum {
    HF_CPL_MASK   = 3,            /* current privilege level */
    HF_CS32       = 1 << 2,       /* 32-bit code segment */
    HF_SS32       = 1 << 3,       /* 32-bit stack */
    HF_CS64       = 1 << 4,       /* 64-bit code (long mode, L=1) */
    HF_LMA        = 1 << 5,       /* long mode active */
    HF_PE         = 1 << 6,       /* protected mode */
    HF_ADDSEG     = 1 << 7,       /* some of DS/ES/SS has a nonzero base: add it */
    HF_TF         = 1 << 8,       /* single-step trap pending after each insn */
    HF_INHIBIT_IRQ = 1 << 9,      /* MOV SS / STI shadow */
    HF_OSFXSR     = 1 << 10,      /* CR4.OSFXSR: SSE enabled */
    HF_EM         = 1 << 11,      /* CR0.EM */
    HF_TS         = 1 << 12,      /* CR0.TS */
    HF_MP         = 1 << 13,
    HF_SMAP_AC    = 1 << 14,      /* CR4.SMAP set and EFLAGS.AC clear: supervisor
                                     accesses to user pages fault (mmu.h) */
    HF_USER_MODE  = 1 << 15,      /* vireo-x86_64: SYSCALL exits to the runner */
    HF_OSXSAVE    = 1 << 16,      /* CR4.OSXSAVE: XSAVE, XRSTOR, XGETBV, XSETBV allowed */
};

/* What the CPU core asks of the machine (or of a test, or of vireo-x86_64). */
struct CPUX86State;
typedef struct X86MachineOps {
    uint64_t (*io_read)(struct CPUX86State *env, uint16_t port, unsigned size);
    void (*io_write)(struct CPUX86State *env, uint16_t port, uint64_t val, unsigned size);
    /* MSRs the machine owns (the local APIC's): 0 done (*val set), -1 #GP,
     * 1 not the machine's (the CPU core handles it). */
    int (*rdmsr)(struct CPUX86State *env, uint32_t msr, uint64_t *val);
    int (*wrmsr)(struct CPUX86State *env, uint32_t msr, uint64_t val);
    /* Called on each vCPU thread before it first runs guest code. */
    void (*thread_init)(struct CPUX86State *env);
    /* The interrupt acknowledge: the vector of the pending external
     * interrupt (local APIC or PIC), or -1. Called with the bql held. */
    int (*get_interrupt)(struct CPUX86State *env);
    /* CR8 is the local APIC's task priority (bits 7:4 of its TPR). */
    unsigned (*get_tpr)(struct CPUX86State *env);
    void (*set_tpr)(struct CPUX86State *env, unsigned cr8);
} X86MachineOps;

/* VCPUCommon.interrupt_request bits, set by devices (any thread). */
enum {
    CPU_INTERRUPT_HARD = 1u << 0,   /* INTR: the PIC or the local APIC has a vector */
    CPU_INTERRUPT_NMI  = 1u << 1,
    CPU_INTERRUPT_INIT = 1u << 2,
    CPU_INTERRUPT_SIPI = 1u << 3,
    CPU_INTERRUPT_SMI  = 1u << 4,
};

typedef struct X86CPUModel X86CPUModel;

typedef struct CPUX86State {
    VCPUCommon common;        /* must be first: env == &env->common */

    uint64_t regs[CPU_NB_REGS];
    uint64_t rip;
    uint64_t eflags;          /* all bits but the arithmetic ones and DF */
    uint64_t cc_dst, cc_src, cc_src2;
    uint32_t cc_op;           /* CCOp */
    int32_t df;               /* +1 or -1: the string-instruction step sign */
    uint32_t hflags;

    SegmentCache segs[NB_SEGS];
    struct { uint64_t base; uint16_t limit; } gdt, idt;
    uint64_t cr[9];           /* CR0, CR2, CR3, CR4, CR8 used */
    uint64_t dr[8];
    uint64_t efer, star, lstar, cstar, fmask, kernel_gs_base;
    uint64_t tsc_offset, tsc_aux, pat, apic_base, misc_enable;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t xcr0;
    uint64_t mtrr_var[16], mtrr_fixed[11], mtrr_deftype;

    /* x87 (SDM Vol.1 ch.8). MMX registers alias the significands. */
    floatx80 fpregs[8];       /* physical register order */
    uint32_t fpstt;           /* TOP */
    uint16_t fpus;            /* status word, TOP field kept in fpstt */
    uint16_t fpuc;            /* control word */
    uint8_t fptags[8];        /* 1 = empty */
    uint16_t fpop;
    uint64_t fpip, fpdp;

    /* SSE/AVX */
    YMMReg xmm[16];
    uint32_t mxcsr;
    YMMReg xmm_t0, xmm_t1;  /* translator scratch for memory operands */

    /* Exception being raised (its number is common.exception_index) */
    int error_code;
    bool exception_is_int;    /* INT n: return address is the next insn */
    uint64_t exception_next_rip;

    /* Halted by HLT until an interrupt */
    bool halted;

    /* Physical address mask: bit 20 clear while the A20 gate is closed (the
     * board's i8042/port 0x92 set it); all ones otherwise. */
    uint64_t a20_mask;

    int cpu_index;              /* 0 is the bootstrap processor */
    uint32_t sipi_vector;

    const X86CPUModel *model;
    const X86MachineOps *machine;
    void *machine_opaque;
} CPUX86State;

/* Byte offset of a field of CPUX86State: for IR globals and ld/st to env. */
#define ENV_OFFSET(field) ((int32_t)offsetof(CPUX86State, field))

#endif
