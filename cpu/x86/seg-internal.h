/*
 * Internal to the segmentation helpers (seg-helper.c, seg-far.c,
 * interrupt.c, seg-sys.c): descriptor decoding, descriptor-table and TSS
 * reads, and the stack cursor the far transfers and interrupt delivery push
 * and pop through. Everything here raises guest exceptions through excp.h.
 */
#ifndef CPU_X86_SEG_INTERNAL_H
#define CPU_X86_SEG_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/x86/excp.h"
#include "cpu/x86/seg.h"

#define SEG_ENV ((CPUX86State *)env)

/* System descriptor types (SDM Vol.3 3.5, Table 3-2; long mode Table 3-3). */
enum {
    SYS_TSS16 = 1, SYS_LDT = 2, SYS_TSS16_BUSY = 3, SYS_CALL16 = 4, SYS_TASK = 5,
    SYS_INT16 = 6, SYS_TRAP16 = 7, SYS_TSS32 = 9, SYS_TSS32_BUSY = 11,
    SYS_CALL32 = 12, SYS_INT32 = 14, SYS_TRAP32 = 15,
};

/* ---- Descriptor fields (e1 = low dword, e2 = high dword) ------------------ */

static inline uint64_t desc_base(uint32_t e1, uint32_t e2)
{
    return (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000u);
}

/* The limit in bytes: with G set, in 4 KiB units, low 12 bits all ones. */
static inline uint32_t desc_limit(uint32_t e1, uint32_t e2)
{
    uint32_t limit = (e1 & 0xffff) | (e2 & 0x000f0000u);

    return (e2 & DESC_G_MASK) ? (limit << 12) | 0xfff : limit;
}

static inline unsigned desc_dpl(uint32_t e2) { return (e2 >> DESC_DPL_SHIFT) & 3; }
/* The 4-bit type of a system descriptor (S clear). */
static inline unsigned desc_sys_type(uint32_t e2) { return (e2 >> DESC_TYPE_SHIFT) & 15; }
static inline bool desc_is_code(uint32_t e2) { return (e2 & DESC_S_MASK) && (e2 & DESC_CS_MASK); }
static inline bool desc_is_data(uint32_t e2) { return (e2 & DESC_S_MASK) && !(e2 & DESC_CS_MASK); }

static inline bool seg_canonical(uint64_t v)
{
    return (uint64_t)((int64_t)(v << 16) >> 16) == v;
}

/* Supervisor accesses to descriptor tables and the TSS (SDM Vol.3 4.6.1:
 * implicit supervisor-mode accesses, whatever the CPL). */
uint64_t seg_ld_sys(CPUX86State *env, uint64_t addr, unsigned size);
void seg_st_sys(CPUX86State *env, uint64_t addr, uint64_t val, unsigned size);

/*
 * Read the 8-byte descriptor of selector sel from the GDT or the LDT (TI).
 * Returns 0, or -1 when the entry is beyond the table's limit.
 */
int seg_read_desc(CPUX86State *env, unsigned sel, uint32_t *e1, uint32_t *e2);
/* The third dword of a 16-byte long-mode system descriptor (base 63:32, or
 * offset 63:32 of a gate); #GP(sel) when the 16 bytes pass the limit or the
 * fourth dword's type field is not zero (SDM Vol.3 5.8.3.1). */
uint32_t seg_read_desc_high(CPUX86State *env, unsigned sel, int ext);
/* Set the accessed bit of a code/data descriptor in its table, if clear. */
void seg_set_accessed(CPUX86State *env, unsigned sel, uint32_t *e2);
/* Load segment register seg from a descriptor. */
void seg_load_desc(CPUX86State *env, int seg, unsigned sel, uint32_t e1, uint32_t e2);
/* SS := a null selector at privilege cpl (64-bit mode only). The cache keeps
 * DPL = cpl: the CPL is read from SS.DPL (see x86_update_hflags). */
void seg_load_null_ss(CPUX86State *env, unsigned sel, unsigned cpl);
/* Real-mode and virtual-8086 load: base = sel << 4 (SDM Vol.3 20.1.1). */
void seg_load_real(CPUX86State *env, int seg, unsigned sel);
/* After a return to an outer level: DS, ES, FS, GS whose DPL is below the
 * new CPL (data or non-conforming code) become null (SDM RET, IRET). */
void seg_validate_outer(CPUX86State *env, unsigned cpl);

/*
 * The stack of an inner privilege level from the TSS: legacy 16/32-bit TSS
 * (SS:ESP for dpl), or a 64-bit TSS's RSPn (index 0-2) or ISTn (index n+3).
 * Raise #TS(TR + ext) when the TSS is too short for it.
 */
void seg_tss_stack(CPUX86State *env, unsigned dpl, int ext, unsigned *ss, uint64_t *sp);
uint64_t seg_tss64_stack(CPUX86State *env, unsigned index, int ext);
/* The checks on a new stack segment from the TSS (SDM CALL, INT: #TS/#SS). */
void seg_check_inner_ss(CPUX86State *env, unsigned ss, unsigned dpl, int ext,
                        uint32_t *e1, uint32_t *e2);

/* 64-bit code in long mode: L set (L with D is reserved, refused earlier). */
static inline bool seg_is_code64(const CPUX86State *env, uint32_t e2)
{
    return (env->efer & EFER_LMA) && (e2 & DESC_L_MASK);
}
/* A far transfer's new rip: canonical for 64-bit code, else within the
 * code segment's limit; #GP(0) otherwise. */
void seg_check_target(CPUX86State *env, uint32_t e1, uint32_t e2, uint64_t rip);
/* The code segment a far return or IRET goes back to (SDM RET, IRET):
 * #GP(0) null, #GP(sel) type/RPL/DPL, #NP(sel) not present. */
void seg_check_return_cs(CPUX86State *env, unsigned sel, uint32_t *e1, uint32_t *e2);
/* The SS popped by a return to an outer level (or by IRET in 64-bit mode):
 * a null selector passes only when returning to 64-bit code below CPL 3. */
void seg_check_outer_ss(CPUX86State *env, unsigned ss, unsigned rpl, bool to64,
                        uint32_t *e1, uint32_t *e2);

/* ---- The stack cursor ------------------------------------------------------ */

typedef struct SegStack {
    uint64_t base;          /* SS base (0 in 64-bit mode) */
    uint64_t sp;
    uint64_t mask;          /* 0xffff, 0xffffffff or ~0: the stack size */
    unsigned mmu_idx;       /* of the privilege the stack belongs to */
} SegStack;

/* The stack-pointer mask of the current stack: 64-bit mode, else SS.B. */
uint64_t seg_sp_mask(const CPUX86State *env);
/* The soft MMU index for accesses made at privilege cpl. */
unsigned seg_mmu_idx(const CPUX86State *env, unsigned cpl);
void seg_stack_current(CPUX86State *env, SegStack *st);
void seg_push(CPUX86State *env, SegStack *st, unsigned size, uint64_t val);
uint64_t seg_pop(CPUX86State *env, SegStack *st, unsigned size);
/* rSP := sp with only the bits of mask written (SP alone on a 16-bit stack). */
void seg_set_sp(CPUX86State *env, uint64_t sp, uint64_t mask);

#endif
