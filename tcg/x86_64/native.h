/*
 * The native x86-64 backend's internals, shared by its files:
 *   emit.c        the instruction encoder (bytes into the code buffer);
 *   code-buffer.c one big mmap'd region, the prologue/epilogue, bump allocation;
 *   regalloc.c    the per-basic-block register allocator;
 *   ldst.c        guest loads/stores: the inline TLB fast path and the
 *                 out-of-line slow paths;
 *   tcg-target.c  op selection, gen_code, exec, chaining, fault positions.
 *
 * Host register use (SysV x86-64 ABI):
 *   r14            env, for the whole run (callee-saved, so helpers keep it);
 *   rax rcx rdx r11 scratch of a single op, never hold a temp: rax/rdx for
 *                  mul/div, rcx for shift counts, all four for the TLB path;
 *   rbx rbp r12 r13 r15  allocatable, survive helper calls;
 *   rsi rdi r8 r9 r10    allocatable, clobbered by helper calls.
 * rsp is 16-byte aligned inside generated code, so a call needs no fixing.
 */
#ifndef TCG_X86_64_NATIVE_H
#define TCG_X86_64_NATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcg/cpu-common.h"
#include "tcg/tb.h"
#include "tcg/tcg.h"

enum {
    R_RAX, R_RCX, R_RDX, R_RBX, R_RSP, R_RBP, R_RSI, R_RDI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
    R_NONE = -1,
};

#define R_ENV R_R14
#define R_TMP R_R11

/* x86 condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum {
    CC_O = 0, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
    CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G,
};

/* Opcode word: the opcode byte plus prefixes and escapes. */
enum {
    P_0F     = 1 << 8,    /* 0x0f escape */
    P_0F38   = 1 << 9,    /* 0x0f 0x38 escape */
    P_66     = 1 << 10,   /* operand-size prefix: 16-bit */
    P_F3     = 1 << 11,
    P_F2     = 1 << 12,
    P_W      = 1 << 13,   /* REX.W: 64-bit operand */
    P_BYTE_R = 1 << 14,   /* the reg field is a byte register: sil/dil need a REX */
    P_BYTE_M = 1 << 15,   /* likewise for the r/m field */
};

/* Group 1 (0x81 /n, 0x83 /n) and the matching reg/rm opcodes (n * 8 + 1/3). */
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
/* Group 2 (0xc1 /n, 0xd3 /n). */
enum { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

#define NATIVE_NB_REGS 16
/* Allocatable registers, callee-saved first: they survive calls. */
#define NATIVE_CALLER_SAVED ((1u << R_RSI) | (1u << R_RDI) | (1u << R_R8) | (1u << R_R9) | \
                             (1u << R_R10))
#define NATIVE_ALLOCATABLE  ((1u << R_RBX) | (1u << R_RBP) | (1u << R_R12) | (1u << R_R13) | \
                             (1u << R_R15) | NATIVE_CALLER_SAVED)

/* A slow path of a guest access, emitted after the TB's body. */
typedef struct NativeSlow {
    uint32_t jcc_off;          /* rel32 of the fast path's jne to patch */
    uint32_t ret_off;          /* where to come back */
    uint32_t ip_off;           /* code offset that tci_ip reports (the fast path) */
    uint16_t save_regs;        /* caller-saved registers to keep across the call */
    uint16_t dirty_globals_n;
    uint32_t dirty_first;      /* index into NativeGen.dirty[] */
    MemOpIdx oi;
    int8_t addr_reg, val_reg;  /* val_reg: R_NONE with an immediate value */
    int8_t out_reg;            /* loads: destination, R_NONE for stores */
    bool is_store, out64;
    uint64_t imm;
} NativeSlow;

/* A global written back by a slow path before its call: host register and env slot. */
typedef struct NativeDirty {
    int8_t reg;
    uint8_t size;              /* 4 or 8 */
    int32_t offset;
} NativeDirty;

typedef struct NativeFixup {
    uint32_t pos;              /* rel32 to patch */
    uint32_t label;
} NativeFixup;

/* Per-temp allocator state. */
enum {
    TS_MEM = 1,                /* the memory slot holds the current value */
};

typedef struct NativeGen {
    const TCGContext *s;
    TranslationBlock *tb;
    uint8_t *code;             /* writable view of this TB's code */
    const uint8_t *code_rx;    /* executable view of the same bytes */
    size_t len, cap;
    bool overflow;

    unsigned cur_op;           /* index of the op being emitted (LRU clock) */
    int8_t temp_reg[TCG_MAX_TEMPS];
    uint8_t temp_state[TCG_MAX_TEMPS];
    int16_t reg_temp[NATIVE_NB_REGS];
    uint32_t reg_used[NATIVE_NB_REGS];
    uint16_t locked;

    uint32_t *label_pos;       /* UINT32_MAX until placed */
    NativeFixup *fix;
    size_t nb_fix, cap_fix;
    NativeSlow *slow;
    size_t nb_slow, cap_slow;
    NativeDirty *dirty;
    size_t nb_dirty, cap_dirty;
    bool oom;

    uint32_t goto_tb_off[2];   /* rel32 of each goto_tb jump, UINT32_MAX if none */
} NativeGen;

/* ---- emit.c: the encoder ---------------------------------------------------- */

void x86_byte(NativeGen *g, unsigned b);
void x86_u32(NativeGen *g, uint32_t v);
void x86_u64(NativeGen *g, uint64_t v);
/* Prefixes, REX and opcode bytes of opc for a reg field r, r/m rm, SIB index x. */
void x86_opc(NativeGen *g, unsigned opc, int r, int rm, int x);
/* opc r, rm (register-direct). */
void x86_rr(NativeGen *g, unsigned opc, int r, int rm);
/* opc r, [base + index + disp] (index R_NONE: none). */
void x86_rm(NativeGen *g, unsigned opc, int r, int base, int index, int32_t disp);

void x86_mov_rr(NativeGen *g, bool w, int d, int s);
void x86_movi(NativeGen *g, bool w, int d, uint64_t v);
/* A load of 1/2/4/8 bytes, zero- or sign-extended to 32 (w false) or 64 bits. */
void x86_load(NativeGen *g, MemOp op, bool w, int d, int base, int index, int32_t disp);
void x86_store(NativeGen *g, unsigned size_log2, int s, int base, int index, int32_t disp);
/* Store an immediate: 8/16/32 bits as is, 64 bits sign-extended from imm32. */
void x86_store_imm(NativeGen *g, unsigned size_log2, int32_t v, int base, int index, int32_t disp);
void x86_alu_rr(NativeGen *g, bool w, unsigned alu, int d, int s);
void x86_alu_ri(NativeGen *g, bool w, unsigned alu, int d, int32_t v);
void x86_shift_ri(NativeGen *g, bool w, unsigned sh, int d, unsigned n);
void x86_shift_cl(NativeGen *g, bool w, unsigned sh, int d);
void x86_push(NativeGen *g, int r);
void x86_pop(NativeGen *g, int r);
/* jmp/jcc rel32 to an offset in this TB's code, or with the rel32 left to patch. */
void x86_jmp_to(NativeGen *g, uint32_t target);
void x86_jcc_to(NativeGen *g, unsigned cc, uint32_t target);
uint32_t x86_jmp_fix(NativeGen *g);
uint32_t x86_jcc_fix(NativeGen *g, unsigned cc);
void x86_patch_rel32(NativeGen *g, uint32_t pos, uint32_t target);
/* jmp/call rel32 to an absolute executable address (the epilogue). */
void x86_jmp_abs(NativeGen *g, const void *target);
/* Call a C function anywhere: through rax. */
void x86_call_abs(NativeGen *g, const void *fn);
/* lea r, [rip + (target - next)]: the executable address of a code offset. */
void x86_lea_code(NativeGen *g, int r, uint32_t target);
/* cpu->tci_ip = the executable address of code offset ip_off. */
void x86_set_tci_ip(NativeGen *g, uint32_t ip_off);

/* ---- regalloc.c --------------------------------------------------------------- */

void ra_init(NativeGen *g);
/* The register holding input t (loaded if needed) and locked for this op. */
int ra_in(NativeGen *g, TCGArg t);
/* A register for output t: reuse (R_NONE: any free one). Marks t dirty. */
int ra_out(NativeGen *g, TCGArg t, int reuse);
/* A free register, locked (not bound to any temp): its value is the op's to use. */
int ra_scratch(NativeGen *g);
/* Is input arg k of op (a temp) dead after it? */
bool ra_dies(const NativeGen *g, const TCGOp *op, unsigned k);
/* After an op: free the registers of inputs/outputs that die; unlock all. */
void ra_op_done(NativeGen *g, const TCGOp *op, unsigned first_in, unsigned nb_in, unsigned nb_out);
/* Write dirty globals back to env (globals_only) or also live temps to the frame. */
void ra_sync(NativeGen *g, bool globals_only);
/* Write back what label l's code reads (all dirty temps when not known). */
void ra_sync_label(NativeGen *g, TCGArg l);
/* Write back and forget the globals overlapping env[off, off + size) (size 0: all). */
void ra_sync_env_range(NativeGen *g, int32_t off, unsigned size, bool forget);
/* Forget every register binding (after a label; values are in memory). */
void ra_drop_all(NativeGen *g);
/* Registers clobbered by a call: store what lives only there, then forget it. */
void ra_spill_caller_saved(NativeGen *g, const TCGOp *op);
/* Forget the bindings of the registers in mask (no stores). */
void ra_forget_regs(NativeGen *g, uint16_t mask);
/* The register holding t now, or R_NONE. */
int ra_where(const NativeGen *g, TCGArg t);
/* Forget globals held in registers (a helper may have written them). */
void ra_forget_globals(NativeGen *g);
/* The memory slot of t: base register and displacement; its width in bytes. */
void ra_slot(const NativeGen *g, TCGArg t, int32_t *disp, unsigned *size);
/* insn_start: the previous instruction's temps are dead. */
void ra_insn_start(NativeGen *g);
bool ra_is_const(const NativeGen *g, TCGArg t, uint64_t *v);
/* Caller-saved registers bound to a temp other than except. */
uint16_t ra_caller_saved_live(const NativeGen *g, int except);

/* ---- ldst.c ------------------------------------------------------------------------ */

void native_guest_ld(NativeGen *g, const TCGOp *op);
void native_guest_st(NativeGen *g, const TCGOp *op);
void native_emit_slow_paths(NativeGen *g);

/* ---- code-buffer.c ---------------------------------------------------------------- */

/* Room for one TB: the writable and executable views, and how much fits. */
int code_buffer_begin(uint8_t **rw, const uint8_t **rx, size_t *cap);
/* The TB used len bytes (keeps code aligned for the next one). */
void code_buffer_commit(size_t len);
/* Executable address of the writable address p (and back). */
uint8_t *code_buffer_rw(const void *rx);
const void *code_buffer_epilogue(void);
/* Call the prologue: run code at entry on env. */
uintptr_t code_buffer_enter(void *env, const void *entry);
void code_buffer_reset(void);
/* Serializes translation into the shared buffer. */
void code_buffer_lock(void);
void code_buffer_unlock(void);

/* ---- ops.c ------------------------------------------------------------------------ */

/* Emit a computing op (ALU, extensions, bit fields, conditions); false if op is not one. */
bool native_gen_alu(NativeGen *g, const TCGOp *op);
/* The x86 condition code of an IR condition (not ALWAYS/NEVER). */
unsigned native_cc(TCGCond c);
/* cmp a, b or cmp a, imm (test for 0): flags for native_cc. */
void native_cmp(NativeGen *g, bool w, int ra, int rb, bool b_imm, int32_t imm);

/* ---- tcg-target.c -------------------------------------------------------------------- */

/* CPU features found by CPUID at first use. */
extern bool native_have_lzcnt, native_have_bmi1, native_have_popcnt;

#endif
