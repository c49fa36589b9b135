/*
 * Internal to the x86 translator (translate*.c): the per-TB context, the
 * IR globals for CPU state, and the operand and flag helpers every semantic
 * emitter shares. Semantic emitters do semantics only; decoding is done
 * (cpu/x86/decode.h) and operands are resolved before they run.
 */
#ifndef CPU_X86_TRANSLATE_H
#define CPU_X86_TRANSLATE_H

#include <stdbool.h>

#include "cpu/x86/cpu.h"
#include "cpu/x86/decode.h"
#include "tcg/tcg.h"

/* How the current instruction ends the TB. */
enum {
    DISAS_NEXT,         /* fall through to the next instruction */
    DISAS_JUMPED,       /* the emitter already emitted the TB exit */
    DISAS_EOB,          /* rip stored by the emitter; end the TB with a lookup */
    DISAS_EOB_NEXT,     /* end the TB after this instruction and return to the loop
                           (mode bits, IF or TF changed): never chained */
};

#define CC_OP_DYNAMIC (-1)    /* cc_op known only at run time (in env) */

typedef struct DisasContext {
    TCGContext *s;
    CPUX86State *env;
    TranslationBlock *tb;
    X86DecodedInsn d;
    uint64_t pc;              /* linear address of the current instruction */
    uint64_t next_pc;         /* of the next one */
    uint64_t cs_base;
    uint32_t flags;           /* HF_* of the TB */
    int mode;                 /* code size: 16, 32 or 64 */
    unsigned mmu_idx;
    int cc_op;                /* CCOp known at translation time, or CC_OP_DYNAMIC */
    /*
     * After SUB/CMP in this TB: cc_srcT holds the first operand, so that a
     * condition compares the operands directly instead of re-deriving the
     * first one as cc_dst + cc_src (QEMU's cc_srcT). Valid until the next
     * set_cc_op(); never used for a cc_op guessed at run time.
     */
    TCGv_i64 cc_srcT;
    bool srcT_valid;
    bool cc_guessing;         /* gen_setcc is translating its guess of cc_op */
    unsigned max_insns;       /* the TB's instruction budget (gen_flags_dead) */
    int is_jmp;               /* DISAS_* */
    bool a0_valid;            /* A0 holds the memory operand's address */
    bool locked;              /* LOCK prefix, or XCHG with memory: see gen_op_store */
    TCGv_i64 lock_old;        /* locked: the value the memory operand was loaded as */
    TCGv_i64 A0;              /* effective linear address of d.mem */
    TCGv_i64 T0, T1;          /* scratch for operands */
} DisasContext;

/* IR globals for the CPU state (translate.c registers them). */
extern TCGv_i64 cpu_regs[CPU_NB_REGS];
extern TCGv_i64 cpu_rip, cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
extern TCGv_i64 cpu_seg_base[6];
extern TCGv_i32 cpu_cc_op, cpu_df;

/* Operand size in bytes -> MemOp size. */
static inline MemOp ot_of(unsigned bytes)
{
    return bytes == 1 ? MO_8 : bytes == 2 ? MO_16 : bytes == 4 ? MO_32 : MO_64;
}

/* -- Registers and memory ------------------------------------------------ */
void gen_reg_read(DisasContext *dc, MemOp ot, TCGv_i64 v, int reg);   /* zero-extended */
void gen_reg_write(DisasContext *dc, MemOp ot, int reg, TCGv_i64 v);  /* x86 merge rules */
void gen_ea_offset(DisasContext *dc, TCGv_i64 a);                  /* d.mem's offset, no segment */
void gen_lea(DisasContext *dc);                                     /* A0 = linear address of d.mem */
void gen_ld(DisasContext *dc, MemOp ot, TCGv_i64 v, TCGv_i64 addr);
void gen_st(DisasContext *dc, MemOp ot, TCGv_i64 v, TCGv_i64 addr);
/* addr (an offset) in segment seg, truncated to the address size: linear. */
void gen_seg_addr(DisasContext *dc, TCGv_i64 out, TCGv_i64 off, int seg, unsigned addrsize);
void gen_op_load(DisasContext *dc, unsigned i, TCGv_i64 v);         /* operand i */
void gen_op_load_rmw(DisasContext *dc, unsigned i, TCGv_i64 v);     /* faults as a write */
MemOp mem_flags(DisasContext *dc);            /* MemOp flags of d.mem (MO_STACK for SS) */
void gen_op_store(DisasContext *dc, unsigned i, TCGv_i64 v);
void gen_push(DisasContext *dc, MemOp ot, TCGv_i64 v);
void gen_pop(DisasContext *dc, MemOp ot, TCGv_i64 v);               /* and adjust rSP */
unsigned stack_size(DisasContext *dc);                               /* 2, 4 or 8 */

/* -- Flags ------------------------------------------------------------------ */
void set_cc_op(DisasContext *dc, int op);
/*
 * Condition cc (Jcc encoding) as one comparison *a COND *b when dc->cc_op
 * allows it (after SUB/CMP and logic ops); false otherwise. The temps are
 * the instruction's own.
 */
bool gen_cc_compare(DisasContext *dc, int cc, TCGCond *cond, TCGv_i64 *a, TCGv_i64 *b);
/* CC_* flags the current instruction writes that no one can observe before they are rewritten. */
bool gen_flags_dead(DisasContext *dc, unsigned flags);
/* All six flags into v (as in EFLAGS bit positions). */
void gen_compute_eflags(DisasContext *dc, TCGv_i64 v);
/* Make env's flags concrete (CC_OP_EFLAGS) before code that edits some bits. */
void gen_materialize_eflags(DisasContext *dc);
/* v = condition cc (0-15, the Jcc encoding) ? 1 : 0 */
void gen_setcc(DisasContext *dc, int cc, TCGv_i64 v);

/* -- Control flow ------------------------------------------------------------ */
void gen_jmp_to(DisasContext *dc, unsigned slot, uint64_t linear);  /* direct, chainable */
void gen_jmp_indirect(DisasContext *dc, TCGv_i64 rip);                /* rip is an offset in CS */
void gen_check_canonical(DisasContext *dc, TCGv_i64 target);          /* #GP unless canonical */
void gen_exception(DisasContext *dc, int vector);
void gen_exception_err(DisasContext *dc, int vector, int err);
void gen_helper(DisasContext *dc, TCGHelper fn, unsigned flags, TCGv_i64 *ret,
                unsigned nargs, ...);

/* -- The semantic emitters, one per instruction identity -------------------- */
typedef void X86Gen(DisasContext *dc);

/* Each translate-*.c fills its part of the table (by instruction identity). */
void x86_gen_table_int(X86Gen **table);      /* translate-int.c: general purpose */
void x86_gen_table_sse(X86Gen **table);      /* translate-sse.c: MMX, SSE..SSE4.2, AES, PCLMUL */
void x86_gen_table_x87(X86Gen **table);      /* translate-x87.c: x87 FPU */
void x86_gen_table_seg(X86Gen **table);      /* translate-seg.c: segments, far transfers, IRET */
void x86_gen_table_sys(X86Gen **table);      /* translate-sys.c: ports, control registers, MSRs */

#endif
