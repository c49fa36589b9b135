/*
 * The translator's intermediate representation (IR).
 *
 * A guest front end (cpu/x86/translate.c) emits a list of simple typed ops
 * for one translation block (TB); tcg_optimize() folds constants, propagates
 * copies and removes dead code; a backend turns the list into something it
 * can run (the portable interpreter in tcg/tci.c, or native code later).
 *
 * Values live in temps:
 *   - globals are bound to a field of the CPU state ("env") at a fixed byte
 *     offset; they keep their value across TBs;
 *   - temps from tcg_temp_new_*() belong to the guest instruction being
 *     translated: they are freed automatically at the next
 *     tcg_gen_insn_start(), so values never flow between guest instructions
 *     except through globals or env memory;
 *   - temps from tcg_temp_new_tb_*() live until the end of the TB;
 *   - constants (tcg_constant_*) are read-only and shared within a TB.
 *
 * Every op is emitted through one TCGContext, owned by the translating
 * thread; nothing here is global, so vCPU threads translate in parallel.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t TCGArg;

typedef enum TCGOpcode {
#define TCG_OPC(e, name, o, i, c, f) e,
#include "tcg/tcg-opc.def"
#undef TCG_OPC
    TCG_OP_COUNT
} TCGOpcode;

/*
 * What an op does besides computing its outputs: the last column of
 * tcg-opc.def. The optimizer's rules read these instead of lists of opcodes.
 */
enum {
    TCG_OPF_BB_END       = 1 << 0,  /* a label or a jump: ends a basic block; kept */
    TCG_OPF_NO_NEXT      = 1 << 1,  /* never falls through to the next op */
    TCG_OPF_SIDE_EFFECTS = 1 << 2,  /* kept even when its outputs are dead */
    TCG_OPF_ENV_READ     = 1 << 3,  /* reads host memory that may hold a global */
    TCG_OPF_ENV_WRITE    = 1 << 4,  /* writes host memory that may hold a global */
    /* May raise a guest exception or run device code: kept, every global must
     * be in env before it and may have changed after it (implies the three above). */
    TCG_OPF_MAY_RAISE    = 1 << 5,
    TCG_OPF_64BIT        = 1 << 6,  /* computes on 64-bit values */
};

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs, flags;
} TCGOpDef;
extern const TCGOpDef tcg_op_defs[TCG_OP_COUNT];

typedef enum TCGType { TCG_TYPE_I32, TCG_TYPE_I64 } TCGType;

/* Conditions for setcond/movcond/brcond. Values chosen so cond ^ 1 inverts. */
typedef enum TCGCond {
    TCG_COND_NEVER  = 0, TCG_COND_ALWAYS = 1,
    TCG_COND_EQ     = 8, TCG_COND_NE     = 9,
    TCG_COND_LT     = 2, TCG_COND_GE     = 3,    /* signed */
    TCG_COND_LE     = 4, TCG_COND_GT     = 5,
    TCG_COND_LTU    = 10, TCG_COND_GEU   = 11,   /* unsigned */
    TCG_COND_LEU    = 12, TCG_COND_GTU   = 13,
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c) { return (TCGCond)(c ^ 1); }

/* Memory access descriptor: size, signedness, and (in MemOpIdx) the MMU index. */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,            /* sign-extend loads */
    MO_ALIGN = 8,           /* fault (#AC/#GP per front end) if not size-aligned */
    MO_RMW = 16,            /* a load that the same instruction will store back:
                             * it needs write access and faults as a write */
    MO_STACK = 32,          /* through the stack segment: x86 raises #SS, not
                             * #GP, for a non-canonical address */
    MO_UB = MO_8, MO_UW = MO_16, MO_UL = MO_32, MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN, MO_SW = MO_16 | MO_SIGN, MO_SL = MO_32 | MO_SIGN,
} MemOp;

/* A MemOp plus the MMU index that selects the TLB (user/kernel...). */
typedef uint32_t MemOpIdx;
static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx) { return (MemOpIdx)op | (mmu_idx << 8); }
static inline MemOp get_memop(MemOpIdx oi) { return (MemOp)(oi & 0xff); }
static inline unsigned get_mmuidx(MemOpIdx oi) { return oi >> 8; }

/* Typed handles: index into TCGContext.temps. Distinct types catch mix-ups at compile time. */
typedef struct TCGv_i32 { uint16_t n; } TCGv_i32;
typedef struct TCGv_i64 { uint16_t n; } TCGv_i64;
typedef struct TCGLabel { uint16_t n; } TCGLabel;

typedef enum TCGTempKind {
    TEMP_GLOBAL,   /* env field at mem_offset */
    TEMP_INSN,     /* freed at the next insn_start */
    TEMP_TB,       /* lives to the end of the TB */
    TEMP_CONST,    /* value in val */
} TCGTempKind;

typedef struct TCGTemp {
    uint8_t type;          /* TCGType */
    uint8_t kind;          /* TCGTempKind */
    uint8_t allocated;
    int32_t mem_offset;    /* globals: offset in env */
    uint64_t val;          /* constants */
    const char *name;      /* globals: for dumps */
} TCGTemp;

#define TCG_MAX_TEMPS   512
#define TCG_MAX_OPS     8192
#define TCG_MAX_LABELS  512
#define TCG_MAX_OPARGS  10

/*
 * args[] holds the outputs, then the inputs (temp indices), then the
 * constant args, in the counts of tcg-opc.def. A call has a fixed layout:
 * args[0] the result, args[1..6] the arguments, args[7] the function,
 * args[8] its TCG_CALL_* flags, args[9] the argument count; an absent
 * result or argument is TCG_ARG_NONE.
 */
typedef struct TCGOp {
    uint16_t opc;          /* TCGOpcode */
    uint16_t life;         /* set by liveness: bit i = arg i dies here */
    TCGArg args[TCG_MAX_OPARGS];
} TCGOp;

#define TCG_ARG_NONE ((TCGArg)-1)

/* Helper calls: what a helper may touch, so the optimizer knows what survives it. */
enum {
    TCG_CALL_NO_READ_GLOBALS  = 1 << 0,   /* reads no global through env */
    TCG_CALL_NO_WRITE_GLOBALS = 1 << 1,   /* writes no global through env */
    TCG_CALL_NO_SIDE_EFFECTS  = 1 << 2,   /* pure: removable if the result is unused */
    TCG_CALL_NO_RETURN        = 1 << 3,   /* always raises (longjmp) */
};
#define TCG_CALL_PURE (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_SIDE_EFFECTS)

/*
 * The helper ABI, the same for every helper on every host: the CPU state
 * pointer first, then up to 6 uint64_t arguments, returning uint64_t (32-bit
 * values are zero-extended in, truncated out). One signature makes calls from
 * the interpreter portable with no per-host glue.
 */
typedef uint64_t (*TCGHelper)(void *env, ...);
#define TCG_HELPER_MAX_ARGS 6

typedef struct TCGContext {
    TCGTemp temps[TCG_MAX_TEMPS];
    unsigned nb_globals;       /* temps[0..nb_globals) are globals; temps[0] is env */
    unsigned nb_temps;
    TCGOp ops[TCG_MAX_OPS];
    unsigned nb_ops;
    unsigned nb_labels;
    unsigned nb_insns;         /* insn_start ops so far */
    bool overflow;             /* ran out of ops/temps/labels: TB must be cut shorter */
    /* Statistics for -d op and bench/ */
    unsigned ops_before_opt;
    /*
     * Where the TB lookup key lives in env, set by the front end's tcg_init
     * when its get_tb_cpu_state is exactly: pc = [pc_off] + [cs_base_off]
     * (two uint64_t), cs_base = [cs_base_off], flags = [flags_off] (uint32_t).
     * A backend may then do goto_ptr's jump-cache lookup inline, without a
     * call; has_tb_key false: it calls tci_lookup_tb.
     */
    bool has_tb_key;
    int32_t tb_key_pc_off, tb_key_cs_base_off, tb_key_flags_off;
    /*
     * Left by tcg_optimize's liveness pass for the backend: for each label
     * with label_live_known set, the temps (bit per temp index) whose value
     * the code after the label may read, so a branch there stores only
     * those home; unknown (a backward branch): everything. Cleared per TB.
     */
    uint64_t label_live[TCG_MAX_LABELS][TCG_MAX_TEMPS / 64];
    bool label_live_known[TCG_MAX_LABELS];
    /* Private to tcg.c: TEMP_INSN temps free for reuse (bit per temp), and
     * the per-TB constants hashed by (type, value) to a temp index + 1. */
    uint64_t free_temps[TCG_MAX_TEMPS / 64];
    uint16_t const_table[2 * TCG_MAX_TEMPS];
} TCGContext;

/* ---- Setting up ---------------------------------------------------------- */

/* Initialise a context; globals registered afterwards persist across TBs. */
void tcg_context_init(TCGContext *s);
/* The env pointer itself, as a global usable as a base for ld/st. */
static inline TCGv_i64 tcg_env(void) { return (TCGv_i64){ 0 }; }
TCGv_i32 tcg_global_mem_new_i32(TCGContext *s, int32_t offset, const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGContext *s, int32_t offset, const char *name);

/*
 * Start a new TB: drops ops, labels and non-global temps, and clears
 * overflow. Once overflow is set, nothing more is emitted and new temps and
 * labels are dummies: the op list is only good for throwing away.
 */
void tcg_func_start(TCGContext *s);

/* ---- Temps, constants, labels --------------------------------------------- */

TCGv_i32 tcg_temp_new_i32(TCGContext *s);
TCGv_i64 tcg_temp_new_i64(TCGContext *s);
TCGv_i32 tcg_temp_new_tb_i32(TCGContext *s);
TCGv_i64 tcg_temp_new_tb_i64(TCGContext *s);
TCGv_i32 tcg_constant_i32(TCGContext *s, uint32_t val);
TCGv_i64 tcg_constant_i64(TCGContext *s, uint64_t val);
TCGLabel gen_new_label(TCGContext *s);

/* ---- Emitting ops ------------------------------------------------------------
 * One function per op in tcg-opc.def, named tcg_gen_<op>. The _i variants
 * take a constant second operand (a shared tcg_constant_*) and emit the
 * simpler op when the constant allows: addi 0 is a mov, andi 0 a movi 0.
 * A mov onto itself emits nothing; conditions ALWAYS/NEVER become br/movi/
 * nothing. Shift and rotate counts must be < the width.
 */
void tcg_gen_insn_start(TCGContext *s, uint64_t guest_pc, uint64_t extra);
void tcg_gen_set_label(TCGContext *s, TCGLabel l);
void tcg_gen_br(TCGContext *s, TCGLabel l);
void tcg_gen_goto_tb(TCGContext *s, unsigned slot);
void tcg_gen_exit_tb(TCGContext *s, uintptr_t val);
void tcg_gen_goto_ptr(TCGContext *s);
void tcg_gen_mb(TCGContext *s, unsigned kind);
/* The temp's value is no longer needed (lets the optimizer drop its last writes). */
void tcg_gen_discard_i32(TCGContext *s, TCGv_i32 t);
void tcg_gen_discard_i64(TCGContext *s, TCGv_i64 t);

/* 32-bit */
void tcg_gen_mov_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_movi_i32(TCGContext *s, TCGv_i32 d, uint32_t v);
void tcg_gen_add_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_sub_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_mul_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_divs_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_divu_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rems_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_remu_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_and_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_or_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_xor_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_andc_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_shl_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_shr_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_sar_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rotl_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rotr_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_neg_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_not_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_addi_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_subi_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_muli_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_andi_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_ori_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_xori_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_shli_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_shri_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_sari_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_rotli_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_rotri_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_ext8s_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_ext8u_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_ext16s_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_ext16u_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_bswap16_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_bswap32_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_clz_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 if_zero);
void tcg_gen_ctz_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, TCGv_i32 if_zero);
void tcg_gen_ctpop_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a);
void tcg_gen_deposit_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 base, TCGv_i32 field, unsigned pos, unsigned len);
void tcg_gen_extract_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i32(TCGContext *s, TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_setcond_i32(TCGContext *s, TCGCond c, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcondi_i32(TCGContext *s, TCGCond c, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_movcond_i32(TCGContext *s, TCGCond c, TCGv_i32 d, TCGv_i32 c1, TCGv_i32 c2, TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_brcond_i32(TCGContext *s, TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel l);
void tcg_gen_brcondi_i32(TCGContext *s, TCGCond c, TCGv_i32 a, uint32_t b, TCGLabel l);
void tcg_gen_mulu2_i32(TCGContext *s, TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muls2_i32(TCGContext *s, TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a, TCGv_i32 b);

/* 64-bit: the same set with _i64 */
void tcg_gen_mov_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_movi_i64(TCGContext *s, TCGv_i64 d, uint64_t v);
void tcg_gen_add_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_sub_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_mul_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_divs_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_divu_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rems_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_remu_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_and_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_or_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_xor_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_andc_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_shl_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_shr_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_sar_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rotl_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rotr_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_neg_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_not_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_addi_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_subi_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_muli_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_andi_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_ori_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_xori_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_shli_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_shri_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_sari_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_rotli_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_rotri_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_ext8s_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext8u_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext16s_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext16u_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext32s_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_bswap16_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_bswap32_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_bswap64_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_clz_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 if_zero);
void tcg_gen_ctz_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, TCGv_i64 if_zero);
void tcg_gen_ctpop_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a);
void tcg_gen_deposit_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 base, TCGv_i64 field, unsigned pos, unsigned len);
void tcg_gen_extract_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len);
void tcg_gen_setcond_i64(TCGContext *s, TCGCond c, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_setcondi_i64(TCGContext *s, TCGCond c, TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_movcond_i64(TCGContext *s, TCGCond c, TCGv_i64 d, TCGv_i64 c1, TCGv_i64 c2, TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_brcond_i64(TCGContext *s, TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel l);
void tcg_gen_brcondi_i64(TCGContext *s, TCGCond c, TCGv_i64 a, uint64_t b, TCGLabel l);
void tcg_gen_mulu2_i64(TCGContext *s, TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muls2_i64(TCGContext *s, TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a, TCGv_i64 b);

/* Between sizes */
void tcg_gen_extu_i32_i64(TCGContext *s, TCGv_i64 d, TCGv_i32 a);
void tcg_gen_ext_i32_i64(TCGContext *s, TCGv_i64 d, TCGv_i32 a);
void tcg_gen_extrl_i64_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 a);
void tcg_gen_extrh_i64_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 a);

/* CPU state in host memory: base is normally tcg_env(). */
void tcg_gen_ld_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 base, int32_t off, MemOp op);
void tcg_gen_st_i64(TCGContext *s, TCGv_i64 v, TCGv_i64 base, int32_t off, MemOp op);
void tcg_gen_ld_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 base, int32_t off, MemOp op);
void tcg_gen_st_i32(TCGContext *s, TCGv_i32 v, TCGv_i64 base, int32_t off, MemOp op);

/* Guest memory through the soft MMU (tcg/softmmu.h). */
void tcg_gen_guest_ld_i64(TCGContext *s, TCGv_i64 d, TCGv_i64 addr, MemOpIdx oi);
void tcg_gen_guest_st_i64(TCGContext *s, TCGv_i64 v, TCGv_i64 addr, MemOpIdx oi);
void tcg_gen_guest_ld_i32(TCGContext *s, TCGv_i32 d, TCGv_i64 addr, MemOpIdx oi);
void tcg_gen_guest_st_i32(TCGContext *s, TCGv_i32 v, TCGv_i64 addr, MemOpIdx oi);

/*
 * Helper call. ret may be NULL for a helper whose result is unused;
 * args are 64-bit temps (use extu_i32_i64 first for 32-bit values).
 */
void tcg_gen_call(TCGContext *s, TCGHelper fn, unsigned flags, const TCGv_i64 *ret,
                  unsigned nargs, const TCGv_i64 *args);

/* ---- Passes --------------------------------------------------------------- */

/* Constant folding, copy propagation, then dead code elimination on liveness. */
void tcg_optimize(TCGContext *s);
/* Print the op list (-d op). */
void tcg_dump_ops(TCGContext *s, FILE *f);

#endif
