/*
 * The x86 translator's framework: guest code to IR, one TB at a time.
 * Decoding is cpu/x86/decode.c; the semantics of each instruction identity
 * are in translate-*.c, reached through one table indexed by X86Insn.
 * Here: the IR globals, operand access (registers with x86's merge rules,
 * effective addresses with segments), lazy flags and conditions, TB exits,
 * and the loop that decodes and emits.
 */
#include "cpu/x86/translate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/x86/cc.h"
#include "cpu/x86/excp.h"
#include "cpu/x86/helper.h"
#include "cpu/x86/x86-tcg.h"
#include "system/cutils.h"
#include "system/disas.h"
#include "system/log.h"
#include "tcg/softmmu.h"
#include "tcg/tb.h"

TCGv_i64 cpu_regs[CPU_NB_REGS];
TCGv_i64 cpu_rip, cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
TCGv_i64 cpu_seg_base[6];
TCGv_i32 cpu_cc_op, cpu_df;

static const char *const reg_names[CPU_NB_REGS] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const seg_names[6] = { "es_base", "cs_base", "ss_base", "ds_base", "fs_base", "gs_base" };

/* The same globals in the same order in every context: the handles are
 * plain indices, so storing them once is enough. */
void x86_tcg_init(TCGContext *s)
{
    for (int i = 0; i < CPU_NB_REGS; i++)
        cpu_regs[i] = tcg_global_mem_new_i64(s, ENV_OFFSET(regs[i]), reg_names[i]);
    cpu_rip = tcg_global_mem_new_i64(s, ENV_OFFSET(rip), "rip");
    cpu_cc_dst = tcg_global_mem_new_i64(s, ENV_OFFSET(cc_dst), "cc_dst");
    cpu_cc_src = tcg_global_mem_new_i64(s, ENV_OFFSET(cc_src), "cc_src");
    cpu_cc_src2 = tcg_global_mem_new_i64(s, ENV_OFFSET(cc_src2), "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(s, ENV_OFFSET(cc_op), "cc_op");
    cpu_df = tcg_global_mem_new_i32(s, ENV_OFFSET(df), "df");
    for (int i = 0; i < 6; i++)
        cpu_seg_base[i] = tcg_global_mem_new_i64(s, ENV_OFFSET(segs[i].base), seg_names[i]);
    /* The key of x86_get_tb_cpu_state, for the backend's inline goto_ptr. */
    s->has_tb_key = true;
    s->tb_key_pc_off = ENV_OFFSET(rip);
    s->tb_key_cs_base_off = ENV_OFFSET(segs[R_CS].base);
    s->tb_key_flags_off = ENV_OFFSET(hflags);
}

/* ---- Registers ------------------------------------------------------------ */

void gen_reg_read(DisasContext *dc, MemOp ot, TCGv_i64 v, int reg)
{
    TCGContext *s = dc->s;

    if (reg >= X86_REG_AH && reg <= X86_REG_BH) {
        tcg_gen_extract_i64(s, v, cpu_regs[reg - X86_REG_AH], 8, 8);
        return;
    }
    switch (ot & MO_SIZE) {
    case MO_8: tcg_gen_ext8u_i64(s, v, cpu_regs[reg]); break;
    case MO_16: tcg_gen_ext16u_i64(s, v, cpu_regs[reg]); break;
    case MO_32: tcg_gen_ext32u_i64(s, v, cpu_regs[reg]); break;
    default: tcg_gen_mov_i64(s, v, cpu_regs[reg]); break;
    }
}

/* 8- and 16-bit writes merge into the register; 32-bit writes zero the upper
 * half (SDM Vol.1 3.4.1.1). */
void gen_reg_write(DisasContext *dc, MemOp ot, int reg, TCGv_i64 v)
{
    TCGContext *s = dc->s;

    if (reg >= X86_REG_AH && reg <= X86_REG_BH) {
        TCGv_i64 r = cpu_regs[reg - X86_REG_AH];
        tcg_gen_deposit_i64(s, r, r, v, 8, 8);
        return;
    }
    switch (ot & MO_SIZE) {
    case MO_8: tcg_gen_deposit_i64(s, cpu_regs[reg], cpu_regs[reg], v, 0, 8); break;
    case MO_16: tcg_gen_deposit_i64(s, cpu_regs[reg], cpu_regs[reg], v, 0, 16); break;
    case MO_32: tcg_gen_ext32u_i64(s, cpu_regs[reg], v); break;
    default: tcg_gen_mov_i64(s, cpu_regs[reg], v); break;
    }
}

/* ---- Memory --------------------------------------------------------------- */

static void gen_trunc_addr(DisasContext *dc, TCGv_i64 a, unsigned addrsize)
{
    if (addrsize == 4)
        tcg_gen_ext32u_i64(dc->s, a, a);
    else if (addrsize == 2)
        tcg_gen_ext16u_i64(dc->s, a, a);
}

/*
 * Segment bases: in 64-bit mode only FS and GS have one (SDM Vol.1 3.4.2.1).
 * Elsewhere a base is added when the segment is overridden or the TB was
 * translated with HF_ADDSEG (some data segment has a nonzero base).
 */
void gen_seg_addr(DisasContext *dc, TCGv_i64 out, TCGv_i64 off, int seg, unsigned addrsize)
{
    TCGContext *s = dc->s;
    bool add = seg == X86_SEG_FS || seg == X86_SEG_GS ||
               (dc->mode != 64 && ((dc->flags & HF_ADDSEG) || seg == X86_SEG_CS));

    tcg_gen_mov_i64(s, out, off);
    gen_trunc_addr(dc, out, addrsize);
    if (add) {
        tcg_gen_add_i64(s, out, out, cpu_seg_base[seg]);
        if (dc->mode != 64)
            tcg_gen_ext32u_i64(s, out, out);
    }
}

void gen_ea_offset(DisasContext *dc, TCGv_i64 a)
{
    TCGContext *s = dc->s;
    const X86Mem *m = &dc->d.mem;

    if (m->base == X86_REG_RIP) {
        tcg_gen_movi_i64(s, a, dc->next_pc - dc->cs_base + (uint64_t)m->disp);
        return;
    }
    if (m->base != X86_REG_NONE)
        tcg_gen_addi_i64(s, a, cpu_regs[m->base], (uint64_t)m->disp);
    else
        tcg_gen_movi_i64(s, a, (uint64_t)m->disp);
    if (m->index != X86_REG_NONE) {
        TCGv_i64 t = tcg_temp_new_i64(s);
        tcg_gen_shli_i64(s, t, cpu_regs[m->index], m->scale);
        tcg_gen_add_i64(s, a, a, t);
    }
}

void gen_lea(DisasContext *dc)
{
    gen_ea_offset(dc, dc->A0);
    gen_seg_addr(dc, dc->A0, dc->A0, dc->d.mem.seg, dc->d.addrsize);
    dc->a0_valid = true;
}

void gen_ld(DisasContext *dc, MemOp ot, TCGv_i64 v, TCGv_i64 addr)
{
    tcg_gen_guest_ld_i64(dc->s, v, addr, make_memop_idx(ot, dc->mmu_idx));
}

void gen_st(DisasContext *dc, MemOp ot, TCGv_i64 v, TCGv_i64 addr)
{
    tcg_gen_guest_st_i64(dc->s, v, addr, make_memop_idx(ot & ~MO_SIGN, dc->mmu_idx));
}

/* The memory operand's MemOp flags beyond size: SS-relative accesses. */
MemOp mem_flags(DisasContext *dc)
{
    return dc->d.mem.seg == X86_SEG_SS ? MO_STACK : 0;
}

void gen_op_load(DisasContext *dc, unsigned i, TCGv_i64 v)
{
    const X86Operand *op = &dc->d.op[i];
    TCGContext *s = dc->s;
    MemOp ot = ot_of(op->size);

    switch (op->type) {
    case X86_OT_GPR:
        gen_reg_read(dc, ot, v, op->reg);
        break;
    case X86_OT_MEM:
        if (!dc->a0_valid)
            gen_lea(dc);
        gen_ld(dc, ot | mem_flags(dc), v, dc->A0);
        if (dc->locked)
            tcg_gen_mov_i64(s, dc->lock_old, v);
        break;
    case X86_OT_IMM:
        /* Sign-extended by the decoder (Ib/Iz to the operand size, as the
         * SDM defines); consumers truncate to their width. */
        tcg_gen_movi_i64(s, v, op->reg ? dc->d.imm2 : dc->d.imm);
        break;
    case X86_OT_CONST:
        tcg_gen_movi_i64(s, v, 1);
        break;
    case X86_OT_SEG:
        tcg_gen_ld_i64(s, v, tcg_env(), ENV_OFFSET(segs[op->reg].selector), MO_16);
        break;
    default:
        gen_exception(dc, EXCP_UD);
        break;
    }
}

/* Operand i is read and then written by the same instruction. */
void gen_op_load_rmw(DisasContext *dc, unsigned i, TCGv_i64 v)
{
    const X86Operand *op = &dc->d.op[i];

    if (op->type != X86_OT_MEM) {
        gen_op_load(dc, i, v);
        return;
    }
    if (!dc->a0_valid)
        gen_lea(dc);
    gen_ld(dc, ot_of(op->size) | MO_RMW | mem_flags(dc), v, dc->A0);
    if (dc->locked)
        tcg_gen_mov_i64(dc->s, dc->lock_old, v);
}

void gen_op_store(DisasContext *dc, unsigned i, TCGv_i64 v)
{
    const X86Operand *op = &dc->d.op[i];
    MemOp ot = ot_of(op->size);

    switch (op->type) {
    case X86_OT_GPR:
        gen_reg_write(dc, ot, op->reg, v);
        break;
    case X86_OT_MEM:
        if (!dc->a0_valid)
            gen_lea(dc);
        if (dc->locked) {
            /*
             * Atomic against other vCPUs: store only if memory still holds
             * what was loaded, else rerun the instruction. Emitters store
             * memory before writing registers or flags, so a rerun starts
             * from unchanged inputs.
             */
            gen_helper(dc, (TCGHelper)helper_locked_store, 0, NULL, 4, dc->A0, dc->lock_old, v,
                       tcg_constant_i64(dc->s, ot | mem_flags(dc)));
            break;
        }
        gen_st(dc, ot | mem_flags(dc), v, dc->A0);
        break;
    default:
        gen_exception(dc, EXCP_UD);
        break;
    }
}

/* ---- Stack ---------------------------------------------------------------- */

unsigned stack_size(DisasContext *dc)
{
    if (dc->mode == 64)
        return 8;
    return (dc->flags & HF_SS32) ? 4 : 2;
}

/* Stack pointer writes honour the stack size: SP only in a 16-bit stack. */
static void gen_set_sp(DisasContext *dc, TCGv_i64 v)
{
    gen_reg_write(dc, ot_of(stack_size(dc)), R_ESP, v);
}

void gen_push(DisasContext *dc, MemOp ot, TCGv_i64 v)
{
    TCGContext *s = dc->s;
    TCGv_i64 sp = tcg_temp_new_i64(s), a = tcg_temp_new_i64(s);

    tcg_gen_subi_i64(s, sp, cpu_regs[R_ESP], 1u << (ot & MO_SIZE));
    gen_seg_addr(dc, a, sp, X86_SEG_SS, stack_size(dc));
    /* Store first: a fault leaves rSP unchanged, as on hardware. */
    gen_st(dc, ot | MO_STACK, v, a);
    gen_set_sp(dc, sp);
}

void gen_pop(DisasContext *dc, MemOp ot, TCGv_i64 v)
{
    TCGContext *s = dc->s;
    TCGv_i64 a = tcg_temp_new_i64(s), sp = tcg_temp_new_i64(s);

    gen_seg_addr(dc, a, cpu_regs[R_ESP], X86_SEG_SS, stack_size(dc));
    gen_ld(dc, ot | MO_STACK, v, a);
    tcg_gen_addi_i64(s, sp, cpu_regs[R_ESP], 1u << (ot & MO_SIZE));
    gen_set_sp(dc, sp);
}

/* ---- Flags ---------------------------------------------------------------- */

void set_cc_op(DisasContext *dc, int op)
{
    dc->srcT_valid = false;
    if (dc->cc_op == op)
        return;
    dc->cc_op = op;
    if (op != CC_OP_DYNAMIC)
        tcg_gen_movi_i32(dc->s, cpu_cc_op, (uint32_t)op);
}

/* v = the low `bits` bits of a (zero-extended). */
static void gen_trunc(TCGContext *s, TCGv_i64 v, TCGv_i64 a, unsigned bits)
{
    if (bits < 64)
        tcg_gen_extract_i64(s, v, a, 0, bits);
    else
        tcg_gen_mov_i64(s, v, a);
}

static void gen_compute_eflags_call(DisasContext *dc, TCGv_i64 v);

void gen_compute_eflags(DisasContext *dc, TCGv_i64 v)
{
    TCGContext *s = dc->s;

    if (dc->cc_op == CC_OP_EFLAGS) {
        tcg_gen_mov_i64(s, v, cpu_cc_src);
        return;
    }
    if (dc->cc_op >= CC_OP_LOGICB && dc->cc_op <= CC_OP_LOGICQ) {
        /* Only ZF SF PF can be set (CF OF AF are 0): inline, PF as the
         * parity of the low byte (SDM Vol.1 3.4.3.1). */
        unsigned bits = 8u << (dc->cc_op - CC_OP_LOGICB);
        TCGv_i64 t = tcg_temp_new_i64(s);

        tcg_gen_andi_i64(s, t, cpu_cc_dst, 0xff);
        tcg_gen_ctpop_i64(s, t, t);
        tcg_gen_andi_i64(s, t, t, 1);
        tcg_gen_xori_i64(s, t, t, 1);
        tcg_gen_shli_i64(s, v, t, 2);                          /* PF */
        gen_trunc(s, t, cpu_cc_dst, bits);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, t, t, 0);
        tcg_gen_shli_i64(s, t, t, 6);                          /* ZF */
        tcg_gen_or_i64(s, v, v, t);
        tcg_gen_extract_i64(s, t, cpu_cc_dst, bits - 1, 1);
        tcg_gen_shli_i64(s, t, t, 7);                          /* SF */
        tcg_gen_or_i64(s, v, v, t);
        return;
    }
    if (dc->cc_op == CC_OP_DYNAMIC && dc->env->cc_op >= CC_OP_LOGICB &&
        dc->env->cc_op <= CC_OP_LOGICQ) {
        /* As gen_setcc: guess the op env holds now, inline when it is. */
        TCGLabel other = gen_new_label(s), done = gen_new_label(s);

        tcg_gen_brcondi_i32(s, TCG_COND_NE, cpu_cc_op, dc->env->cc_op, other);
        dc->cc_op = (int)dc->env->cc_op;
        gen_compute_eflags(dc, v);
        dc->cc_op = CC_OP_DYNAMIC;
        tcg_gen_br(s, done);
        tcg_gen_set_label(s, other);
        gen_compute_eflags_call(dc, v);
        tcg_gen_set_label(s, done);
        return;
    }
    gen_compute_eflags_call(dc, v);
}

/* EFLAGS from cc_compute_all. */
static void gen_compute_eflags_call(DisasContext *dc, TCGv_i64 v)
{
    TCGContext *s = dc->s;
    TCGv_i64 op = tcg_temp_new_i64(s);
    TCGv_i64 args[4] = { cpu_cc_dst, cpu_cc_src, cpu_cc_src2, op };

    if (dc->cc_op == CC_OP_DYNAMIC)
        tcg_gen_extu_i32_i64(s, op, cpu_cc_op);
    else
        tcg_gen_movi_i64(s, op, (uint64_t)dc->cc_op);
    tcg_gen_call(s, (TCGHelper)helper_cc_compute_all, TCG_CALL_PURE, &v, 4, args);
}

void gen_materialize_eflags(DisasContext *dc)
{
    if (dc->cc_op == CC_OP_EFLAGS)
        return;
    gen_compute_eflags(dc, cpu_cc_src);
    set_cc_op(dc, CC_OP_EFLAGS);
}

/*
 * Single flags computed inline from the recorded operation (cc.c has the
 * full rules; these are the same ones for the flags jcc/setcc/adc/inc read
 * most), so no cc_compute_all call is needed. cc_op's kind is its
 * CC_OP_<kind>B value, its width bits.
 */
static bool flag_inline_ok(int op, unsigned flag)
{
    int kind;

    if (op < CC_OP_ADDB || op > CC_OP_BMILGQ)
        return false;
    kind = op - ((op - CC_OP_ADDB) & 3);
    switch (flag) {
    case CC_Z: case CC_S:
        return true;              /* every kind: from the result in cc_dst */
    case CC_C:
        return kind != CC_OP_BMILGB;
    case CC_O:
        return kind == CC_OP_ADDB || kind == CC_OP_SUBB || kind == CC_OP_LOGICB ||
               kind == CC_OP_INCB || kind == CC_OP_DECB || kind == CC_OP_MULB;
    default:
        return false;
    }
}

static void gen_flag_inline(DisasContext *dc, unsigned flag, TCGv_i64 v)
{
    TCGContext *s = dc->s;
    int op = dc->cc_op;
    unsigned bits = 8u << ((op - CC_OP_ADDB) & 3);
    int kind = op - ((op - CC_OP_ADDB) & 3);
    TCGv_i64 d = tcg_temp_new_i64(s), a = tcg_temp_new_i64(s), t = tcg_temp_new_i64(s);

    if (flag == CC_Z) {
        gen_trunc(s, d, cpu_cc_dst, bits);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, v, d, 0);
        return;
    }
    if (flag == CC_S) {
        tcg_gen_extract_i64(s, v, cpu_cc_dst, bits - 1, 1);
        return;
    }
    if (flag == CC_C) {
        switch (kind) {
        case CC_OP_ADDB:           /* carry: the result is below an operand */
            gen_trunc(s, d, cpu_cc_dst, bits);
            gen_trunc(s, a, cpu_cc_src, bits);
            tcg_gen_setcond_i64(s, TCG_COND_LTU, v, d, a);
            return;
        case CC_OP_SUBB:           /* borrow: src1 below src */
            tcg_gen_add_i64(s, d, cpu_cc_dst, cpu_cc_src);
            gen_trunc(s, d, d, bits);
            gen_trunc(s, a, cpu_cc_src, bits);
            tcg_gen_setcond_i64(s, TCG_COND_LTU, v, d, a);
            return;
        case CC_OP_ADCB:           /* src1 = dst - src - cin: dst < src1, or == with cin */
            tcg_gen_sub_i64(s, a, cpu_cc_dst, cpu_cc_src);
            tcg_gen_sub_i64(s, a, a, cpu_cc_src2);
            gen_trunc(s, a, a, bits);
            gen_trunc(s, d, cpu_cc_dst, bits);
            tcg_gen_setcond_i64(s, TCG_COND_EQ, t, d, a);
            tcg_gen_and_i64(s, t, t, cpu_cc_src2);
            tcg_gen_setcond_i64(s, TCG_COND_LTU, v, d, a);
            tcg_gen_or_i64(s, v, v, t);
            return;
        case CC_OP_SBBB:           /* src1 = dst + src + cin: src1 < src, or == with cin */
            tcg_gen_add_i64(s, d, cpu_cc_dst, cpu_cc_src);
            tcg_gen_add_i64(s, d, d, cpu_cc_src2);
            gen_trunc(s, d, d, bits);
            gen_trunc(s, a, cpu_cc_src, bits);
            tcg_gen_setcond_i64(s, TCG_COND_EQ, t, d, a);
            tcg_gen_and_i64(s, t, t, cpu_cc_src2);
            tcg_gen_setcond_i64(s, TCG_COND_LTU, v, d, a);
            tcg_gen_or_i64(s, v, v, t);
            return;
        case CC_OP_LOGICB:
            tcg_gen_movi_i64(s, v, 0);
            return;
        case CC_OP_INCB: case CC_OP_DECB: case CC_OP_SARB:   /* the kept CF / last bit out */
            tcg_gen_andi_i64(s, v, cpu_cc_src, 1);
            return;
        case CC_OP_SHLB:
            tcg_gen_extract_i64(s, v, cpu_cc_src, bits - 1, 1);
            return;
        default:                   /* MUL: the high half is not zero */
            tcg_gen_setcondi_i64(s, TCG_COND_NE, v, cpu_cc_src, 0);
            return;
        }
    }
    /* CC_O */
    switch (kind) {
    case CC_OP_ADDB:               /* operands of one sign, result of the other */
        tcg_gen_sub_i64(s, a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_xor_i64(s, t, a, cpu_cc_src);
        tcg_gen_not_i64(s, t, t);
        tcg_gen_xor_i64(s, d, a, cpu_cc_dst);
        tcg_gen_and_i64(s, t, t, d);
        tcg_gen_extract_i64(s, v, t, bits - 1, 1);
        return;
    case CC_OP_SUBB:               /* operands of different signs, result not src1's */
        tcg_gen_add_i64(s, a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_xor_i64(s, t, a, cpu_cc_src);
        tcg_gen_xor_i64(s, d, a, cpu_cc_dst);
        tcg_gen_and_i64(s, t, t, d);
        tcg_gen_extract_i64(s, v, t, bits - 1, 1);
        return;
    case CC_OP_LOGICB:
        tcg_gen_movi_i64(s, v, 0);
        return;
    case CC_OP_INCB: case CC_OP_DECB:
        gen_trunc(s, d, cpu_cc_dst, bits);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, v, d,
                             (1ull << (bits - 1)) - (kind == CC_OP_DECB ? 1 : 0));
        return;
    default:                       /* MUL */
        tcg_gen_setcondi_i64(s, TCG_COND_NE, v, cpu_cc_src, 0);
        return;
    }
}

/* The flags each condition base (cc >> 1) reads. */
static const unsigned setcc_need[8] = {
    CC_O, CC_C, CC_Z, CC_C | CC_Z, CC_S, CC_P, CC_S | CC_O, CC_Z | CC_S | CC_O,
};

static bool setcc_flags_inline_ok(int op, int base)
{
    for (unsigned f = 1; f <= CC_O; f <<= 1)
        if ((setcc_need[base] & f) && !flag_inline_ok(op, f))
            return false;
    return true;
}

/* Condition base (cc >> 1) from inline flags; false when one is missing. */
static bool gen_setcc_inline(DisasContext *dc, int base, TCGv_i64 v)
{
    TCGContext *s = dc->s;
    TCGv_i64 t;

    if (!setcc_flags_inline_ok(dc->cc_op, base))
        return false;
    switch (base) {
    case 0: gen_flag_inline(dc, CC_O, v); return true;
    case 1: gen_flag_inline(dc, CC_C, v); return true;
    case 2: gen_flag_inline(dc, CC_Z, v); return true;
    case 4: gen_flag_inline(dc, CC_S, v); return true;
    case 3:
        t = tcg_temp_new_i64(s);
        gen_flag_inline(dc, CC_C, v);
        gen_flag_inline(dc, CC_Z, t);
        tcg_gen_or_i64(s, v, v, t);
        return true;
    default:                       /* L: SF != OF; LE: ZF or SF != OF */
        t = tcg_temp_new_i64(s);
        gen_flag_inline(dc, CC_S, v);
        gen_flag_inline(dc, CC_O, t);
        tcg_gen_xor_i64(s, v, v, t);
        if (base == 7) {
            gen_flag_inline(dc, CC_Z, t);
            tcg_gen_or_i64(s, v, v, t);
        }
        return true;
    }
}

/* Whether gen_setcc_known computes condition base `base` after op without
 * a cc_compute_all call. */
static bool setcc_inline_for(int op, int base)
{
    if (op >= CC_OP_SUBB && op <= CC_OP_SUBQ && base != 0 && base != 5)
        return true;
    if (op >= CC_OP_LOGICB && op <= CC_OP_LOGICQ && (base == 2 || base == 4 || base == 6 || base == 7))
        return true;
    return setcc_flags_inline_ok(op, base);
}

static void gen_setcc_known(DisasContext *dc, int cc, TCGv_i64 v);

/*
 * Conditions, in Jcc encoding order: O NO B AE E NE BE A S NS P NP L GE LE G.
 * With cc_op known only at run time (a flags reader early in a TB, the
 * flags set by the TB before), guess the op env holds as this TB is
 * translated, which is what the previous TB left the first time through
 * (typically the same op every time, a CMP or TEST before a branch): the
 * inline computation when cc_op is that op, cc_compute_all otherwise.
 */
void gen_setcc(DisasContext *dc, int cc, TCGv_i64 v)
{
    int guess = (int)dc->env->cc_op;
    TCGContext *s = dc->s;
    TCGLabel other, done;

    if (dc->cc_op != CC_OP_DYNAMIC || guess < CC_OP_ADDB || guess >= CC_OP_NB ||
        !setcc_inline_for(guess, cc >> 1)) {
        gen_setcc_known(dc, cc, v);
        return;
    }
    other = gen_new_label(s);
    done = gen_new_label(s);
    tcg_gen_brcondi_i32(s, TCG_COND_NE, cpu_cc_op, (uint32_t)guess, other);
    dc->cc_op = guess;
    dc->cc_guessing = true;
    gen_setcc_known(dc, cc, v);
    dc->cc_guessing = false;
    dc->cc_op = CC_OP_DYNAMIC;
    tcg_gen_br(s, done);
    tcg_gen_set_label(s, other);
    gen_setcc_known(dc, cc, v);
    tcg_gen_set_label(s, done);
}

/*
 * The same with dc->cc_op as it is. After SUB/CMP and logic ops conditions
 * are computed from the operands directly, as the hardware defines them;
 * otherwise from the computed flags.
 */
bool gen_cc_compare(DisasContext *dc, int cc, TCGCond *cond, TCGv_i64 *pa, TCGv_i64 *pb)
{
    TCGContext *s = dc->s;
    int op = dc->cc_op;
    bool inv = cc & 1;
    int base = cc >> 1;
    TCGCond c;

    if (op >= CC_OP_SUBB && op <= CC_OP_SUBQ && base != 0 && base != 4 && base != 5) {
        /* Operands: src1 (cc_srcT, or dst + src), src2 = src, truncated to size. */
        unsigned bits = 8u << (op - CC_OP_SUBB);
        TCGv_i64 a = tcg_temp_new_i64(s), b = tcg_temp_new_i64(s);

        if (dc->srcT_valid && !dc->cc_guessing)
            tcg_gen_mov_i64(s, a, dc->cc_srcT);
        else
            tcg_gen_add_i64(s, a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_mov_i64(s, b, cpu_cc_src);
        if (bits < 64 && base <= 3) {          /* unsigned and equality: zero-extend */
            tcg_gen_extract_i64(s, a, a, 0, bits);
            tcg_gen_extract_i64(s, b, b, 0, bits);
        } else if (bits < 64) {
            tcg_gen_sextract_i64(s, a, a, 0, bits);
            tcg_gen_sextract_i64(s, b, b, 0, bits);
        }
        switch (base) {
        case 1: c = TCG_COND_LTU; break;                  /* B */
        case 2: c = TCG_COND_EQ; break;                   /* E */
        case 3: c = TCG_COND_LEU; break;                  /* BE */
        case 6: c = TCG_COND_LT; break;                   /* L */
        default: c = TCG_COND_LE; break;                  /* LE */
        }
        *cond = inv ? tcg_invert_cond(c) : c;
        *pa = a;
        *pb = b;
        return true;
    }
    if (op >= CC_OP_LOGICB && op <= CC_OP_LOGICQ && (base == 2 || base == 4 || base == 6 || base == 7)) {
        /* CF = OF = 0: E is result == 0, S is its sign, L is S, LE is Z|S. */
        unsigned bits = 8u << (op - CC_OP_LOGICB);
        TCGv_i64 r = tcg_temp_new_i64(s);

        tcg_gen_sextract_i64(s, r, cpu_cc_dst, 0, bits);
        c = base == 2 ? TCG_COND_EQ : base == 7 ? TCG_COND_LE : TCG_COND_LT;
        *cond = inv ? tcg_invert_cond(c) : c;
        *pa = r;
        *pb = tcg_constant_i64(s, 0);
        return true;
    }
    return false;
}

static void gen_setcc_known(DisasContext *dc, int cc, TCGv_i64 v)
{
    TCGContext *s = dc->s;
    int op = dc->cc_op;
    bool inv = cc & 1;
    int base = cc >> 1;
    TCGCond c;
    TCGv_i64 a, b;

    if (op >= CC_OP_SUBB && op <= CC_OP_SUBQ && base == 4) {
        /* S: the sign of the result */
        tcg_gen_extract_i64(s, v, cpu_cc_dst, (8u << (op - CC_OP_SUBB)) - 1, 1);
        if (inv)
            tcg_gen_xori_i64(s, v, v, 1);
        return;
    }
    if (gen_cc_compare(dc, cc, &c, &a, &b)) {
        tcg_gen_setcond_i64(s, c, v, a, b);
        return;
    }

    if (gen_setcc_inline(dc, base, v)) {
        if (inv)
            tcg_gen_xori_i64(s, v, v, 1);
        return;
    }

    /* General case: from EFLAGS. */
    TCGv_i64 f = tcg_temp_new_i64(s), t = tcg_temp_new_i64(s);

    gen_compute_eflags(dc, f);
    switch (base) {
    case 0: tcg_gen_extract_i64(s, v, f, 11, 1); break;                 /* OF */
    case 1: tcg_gen_extract_i64(s, v, f, 0, 1); break;                  /* CF */
    case 2: tcg_gen_extract_i64(s, v, f, 6, 1); break;                  /* ZF */
    case 3: tcg_gen_andi_i64(s, t, f, CC_C | CC_Z);                     /* CF|ZF */
            tcg_gen_setcondi_i64(s, TCG_COND_NE, v, t, 0); break;
    case 4: tcg_gen_extract_i64(s, v, f, 7, 1); break;                  /* SF */
    case 5: tcg_gen_extract_i64(s, v, f, 2, 1); break;                  /* PF */
    case 6: tcg_gen_shri_i64(s, t, f, 4);                               /* SF != OF */
            tcg_gen_xor_i64(s, t, t, f);
            tcg_gen_extract_i64(s, v, t, 7, 1); break;
    default: tcg_gen_shri_i64(s, t, f, 4);                              /* ZF | (SF != OF) */
            tcg_gen_xor_i64(s, t, t, f);
            tcg_gen_extract_i64(s, t, t, 7, 1);
            tcg_gen_extract_i64(s, v, f, 6, 1);
            tcg_gen_or_i64(s, v, v, t); break;
    }
    if (inv)
        tcg_gen_xori_i64(s, v, v, 1);
}

/* ---- Control flow ------------------------------------------------------------ */

/*
 * A direct jump may chain only to the same guest page as the TB: a chained
 * jump skips the TLB, and another page's mapping can change under it.
 */
void gen_jmp_to(DisasContext *dc, unsigned slot, uint64_t linear)
{
    TCGContext *s = dc->s;

    tcg_gen_movi_i64(s, cpu_rip, linear - dc->cs_base);
    if (dc->mode != 64)
        tcg_gen_ext32u_i64(s, cpu_rip, cpu_rip);
    if (dc->flags & HF_INHIBIT_IRQ)
        tcg_gen_exit_tb(s, 0);      /* back to the loop: a pending interrupt goes next */
    else if ((linear & TARGET_PAGE_MASK) == (dc->tb->pc & TARGET_PAGE_MASK) &&
        !(dc->tb->cflags & TB_CF_SINGLE_STEP) && !(dc->flags & HF_TF))
        tcg_gen_goto_tb(s, slot);
    else
        tcg_gen_goto_ptr(s);
}

/*
 * A 64-bit branch target must be canonical; Intel raises #GP(0) on the
 * branch itself, before it changes anything (SDM JMP/CALL/RET pseudo-code).
 */
void gen_check_canonical(DisasContext *dc, TCGv_i64 target)
{
    TCGContext *s = dc->s;
    TCGLabel ok = gen_new_label(s);
    TCGv_i64 t = tcg_temp_new_i64(s);

    if (dc->mode != 64)
        return;
    tcg_gen_sextract_i64(s, t, target, 0, 48);
    tcg_gen_brcond_i64(s, TCG_COND_EQ, t, target, ok);
    gen_helper(dc, (TCGHelper)helper_raise_exception_err, TCG_CALL_NO_RETURN, NULL, 2,
               tcg_constant_i64(s, EXCP_GP), tcg_constant_i64(s, 0));
    tcg_gen_set_label(s, ok);
}

void gen_jmp_indirect(DisasContext *dc, TCGv_i64 rip)
{
    TCGContext *s = dc->s;

    tcg_gen_mov_i64(s, cpu_rip, rip);
    if ((dc->tb->cflags & TB_CF_SINGLE_STEP) || (dc->flags & HF_INHIBIT_IRQ))
        tcg_gen_exit_tb(s, 0);
    else
        tcg_gen_goto_ptr(s);
    dc->is_jmp = DISAS_JUMPED;
}

void gen_helper(DisasContext *dc, TCGHelper fn, unsigned flags, TCGv_i64 *ret,
                unsigned nargs, ...)
{
    TCGv_i64 args[TCG_HELPER_MAX_ARGS];
    va_list ap;

    va_start(ap, nargs);
    for (unsigned i = 0; i < nargs && i < TCG_HELPER_MAX_ARGS; i++)
        args[i] = va_arg(ap, TCGv_i64);
    va_end(ap);
    tcg_gen_call(dc->s, fn, flags, ret, nargs, args);
}

void gen_exception_err(DisasContext *dc, int vector, int err)
{
    TCGContext *s = dc->s;

    gen_helper(dc, (TCGHelper)helper_raise_exception_err, TCG_CALL_NO_RETURN, NULL, 2,
               tcg_constant_i64(s, (uint64_t)vector), tcg_constant_i64(s, (uint64_t)err));
    dc->is_jmp = DISAS_JUMPED;
}

void gen_exception(DisasContext *dc, int vector)
{
    gen_exception_err(dc, vector, 0);
}

/* ---- The translation loop --------------------------------------------------- */

static X86Gen *gen_table[X86_INSN_COUNT];

static void gen_table_init(void)
{
    static bool done;

    if (done)
        return;
    x86_gen_table_int(gen_table);
    x86_gen_table_sse(gen_table);
    x86_gen_table_x87(gen_table);
    x86_gen_table_seg(gen_table);
    x86_gen_table_sys(gen_table);
    done = true;
}

/*
 * Fetch up to 15 bytes at linear pc into buf. Returns how many could be read
 * without crossing into a second page, or all 15 when the second page is
 * mapped too (its physical page is then recorded in tb->page_addr[1]).
 */
/*
 * Whether the flags in `flags` (CC_C, CC_O, ...) that the current instruction
 * writes are dead: every one is written again by a later instruction of this
 * TB before anything reads it or could see it. Looks ahead over the rest of
 * the current page within the TB's instruction budget, through instructions
 * that neither read flags nor can fault (register moves, LEA, NOT); any
 * other instruction, a memory operand or the TB's end keeps them live, so
 * EFLAGS is exact wherever an exception, interrupt or TB exit can observe it.
 */
bool gen_flags_dead(DisasContext *dc, unsigned flags)
{
    VCPUCommon *cpu = &dc->env->common;
    uint64_t pc = dc->next_pc;
    unsigned budget = dc->max_insns > dc->tb->icount ? dc->max_insns - dc->tb->icount : 0;
    const uint8_t *page;
    void *host;

    if (dc->flags & HF_TF || (pc & TARGET_PAGE_MASK) != (dc->pc & TARGET_PAGE_MASK))
        return false;
    get_page_addr_code(cpu, dc->pc, dc->mmu_idx, &host);
    if (!host)
        return false;
    page = host;                 /* the start of the page, as fetch_code reads it */
    for (unsigned n = 0; n < 16 && n < budget; n++) {
        X86DecodedInsn d;
        size_t off = pc & ~TARGET_PAGE_MASK, avail = TARGET_PAGE_SIZE - off;
        unsigned writes = 0;
        bool mem = false;

        if (x86_decode(&d, page + off, avail < 15 ? avail : 15, dc->mode) != 0)
            return false;
        /* Only general registers and immediates: a segment, control or debug
         * register move can fault or end the TB, so it counts as memory. */
        for (size_t i = 0; i < ARRAY_SIZE(d.op); i++)
            mem |= d.op[i].type != X86_OT_NONE && d.op[i].type != X86_OT_GPR &&
                   d.op[i].type != X86_OT_IMM && d.op[i].type != X86_OT_CONST;
        switch (d.insn) {
        case X86_INSN_LEA:
            break;                                  /* an address, no access (its operand is MEM) */
        case X86_INSN_MOV: case X86_INSN_MOVZX: case X86_INSN_MOVSX: case X86_INSN_MOVSXD:
        case X86_INSN_NOT: case X86_INSN_BSWAP:
            if (mem)
                return false;
            break;
        case X86_INSN_ADD: case X86_INSN_SUB: case X86_INSN_CMP: case X86_INSN_AND:
        case X86_INSN_OR: case X86_INSN_XOR: case X86_INSN_TEST: case X86_INSN_NEG:
            if (mem)
                return false;
            writes = CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O;
            break;
        case X86_INSN_INC: case X86_INSN_DEC:
            if (mem)
                return false;
            writes = CC_P | CC_A | CC_Z | CC_S | CC_O;
            break;
        case X86_INSN_ROL: case X86_INSN_ROR: {
            /* By a constant count: CF and OF, or nothing for a count of 0. */
            const X86Operand *c = &d.op[1];
            uint64_t cnt = c->type == X86_OT_CONST ? 1 : c->type == X86_OT_IMM ? (c->reg ? d.imm2 : d.imm) : 0;

            if (mem || (c->type != X86_OT_CONST && c->type != X86_OT_IMM))
                return false;
            if (cnt & (d.op[0].size == 8 ? 63 : 31))
                writes = CC_C | CC_O;
            break;
        }
        default:
            return false;
        }
        flags &= ~writes;
        if (!flags)
            return true;
        pc += d.len;
        if ((pc & TARGET_PAGE_MASK) != (dc->pc & TARGET_PAGE_MASK))
            return false;
    }
    return false;
}

/* -d in_asm: each guest instruction through capstone, as QEMU logs it ("IN:" per TB). */
static void log_in_asm(DisasContext *dc, const uint8_t *bytes, size_t len, bool first)
{
    char *text = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&text, &size);

    if (!m)
        return;
    if (first)
        fprintf(m, "----------------\nIN: \n");
    disas_x86(m, bytes, len, dc->pc, dc->mode, 1, 16);
    fclose(m);
    log_printf("%s", text ? text : "");
    free(text);
}

static size_t fetch_code(DisasContext *dc, uint64_t pc, uint8_t *buf, bool want_second)
{
    VCPUCommon *cpu = &dc->env->common;
    size_t in_page = TARGET_PAGE_SIZE - (pc & ~TARGET_PAGE_MASK);
    size_t n = in_page < 15 ? in_page : 15;
    void *host;

    get_page_addr_code(cpu, pc, dc->mmu_idx, &host);
    if (!host)
        x86_raise_exception(dc->env, EXCP_GP);    /* executing from I/O space */
    memcpy(buf, (uint8_t *)host + (pc & ~TARGET_PAGE_MASK), n);
    if (n < 15 && want_second) {
        uint64_t p2 = pc + n;
        uint64_t phys2 = get_page_addr_code(cpu, p2, dc->mmu_idx, &host);

        if (!host)
            x86_raise_exception(dc->env, EXCP_GP);
        memcpy(buf + n, host, 15 - n);
        dc->tb->page_addr[1] = phys2 & TARGET_PAGE_MASK;
        n = 15;
    }
    return n;
}

void x86_translate(VCPUCommon *cpu, TCGContext *s, TranslationBlock *tb, unsigned max_insns)
{
    CPUX86State *env = (CPUX86State *)cpu;
    DisasContext dcs = { 0 }, *dc = &dcs;
    void *host;

    gen_table_init();
    dc->s = s;
    dc->env = env;
    dc->tb = tb;
    dc->cs_base = tb->cs_base;
    dc->flags = tb->flags;
    dc->mode = (tb->flags & HF_CS64) ? 64 : (tb->flags & HF_CS32) ? 32 : 16;
    dc->mmu_idx = x86_mmu_index(env);
    dc->cc_op = CC_OP_DYNAMIC;
    dc->cc_srcT = tcg_temp_new_tb_i64(s);
    dc->srcT_valid = false;
    dc->cc_guessing = false;
    dc->pc = tb->pc;
    dc->is_jmp = DISAS_NEXT;
    if (max_insns > 512)
        max_insns = 512;
    if (tb->flags & HF_INHIBIT_IRQ) {
        /*
         * The instruction after STI or MOV SS runs with interrupts held off:
         * alone in its TB, which clears the shadow as it starts and returns
         * to the execution loop, where a pending interrupt is taken next.
         */
        TCGv_i64 h = tcg_temp_new_i64(s);

        max_insns = 1;
        tcg_gen_ld_i64(s, h, tcg_env(), ENV_OFFSET(hflags), MO_32);
        tcg_gen_andi_i64(s, h, h, ~(uint64_t)HF_INHIBIT_IRQ);
        tcg_gen_st_i64(s, h, tcg_env(), ENV_OFFSET(hflags), MO_32);
    }

    dc->max_insns = max_insns;
    tb->page_addr[0] = get_page_addr_code(cpu, tb->pc, dc->mmu_idx, &host) & TARGET_PAGE_MASK;
    tb->page_addr[1] = ~0ull;
    tb->icount = 0;

    for (;;) {
        uint8_t bytes[15];
        size_t avail = fetch_code(dc, dc->pc, bytes, false);
        int r = x86_decode(&dc->d, bytes, avail, dc->mode);

        if (r == X86_DECODE_NEED_MORE) {
            /* The instruction crosses a page: only as the TB's first
             * instruction, so a TB spans at most two pages. */
            if (tb->icount > 0) {
                gen_jmp_to(dc, 0, dc->pc);
                break;
            }
            avail = fetch_code(dc, dc->pc, bytes, true);
            r = x86_decode(&dc->d, bytes, avail, dc->mode);
        }
        tcg_gen_insn_start(s, dc->pc, 0);
        tb->icount++;
        dc->A0 = tcg_temp_new_i64(s);
        dc->T0 = tcg_temp_new_i64(s);
        dc->T1 = tcg_temp_new_i64(s);
        dc->a0_valid = false;
        dc->locked = r == 0 && ((dc->d.prefix & X86_PREFIX_LOCK) ||
                                (dc->d.insn == X86_INSN_XCHG &&
                                 (dc->d.op[0].type == X86_OT_MEM || dc->d.op[1].type == X86_OT_MEM)));
        if (dc->locked)
            dc->lock_old = tcg_temp_new_i64(s);
        dc->next_pc = dc->pc + (r == 0 ? dc->d.len : 1);

        if (log_enabled(LOG_IN_ASM))
            log_in_asm(dc, bytes, r == 0 ? dc->d.len : 1, tb->icount == 1);
        if (r == X86_DECODE_TOO_LONG)
            gen_exception_err(dc, EXCP_GP, 0);
        else if (r < 0 || !gen_table[dc->d.insn])
            gen_exception(dc, EXCP_UD);
        else
            gen_table[dc->d.insn](dc);

        if (dc->is_jmp == DISAS_JUMPED)
            break;
        if (dc->is_jmp == DISAS_EOB) {
            tcg_gen_exit_tb(s, 0);
            break;
        }
        dc->pc = dc->next_pc;
        if (dc->is_jmp == DISAS_EOB_NEXT) {
            /*
             * The mode bits, IF or TF may have changed: back to the
             * execution loop, which looks the next TB up under the new
             * flags and takes an interrupt the change let through. A
             * chained jump would keep the TB found under the old ones.
             */
            tcg_gen_movi_i64(s, cpu_rip, dc->pc - dc->cs_base);
            if (dc->mode != 64)
                tcg_gen_ext32u_i64(s, cpu_rip, cpu_rip);
            tcg_gen_exit_tb(s, 0);
            break;
        }
        if (tb->icount >= max_insns || s->overflow ||
            (dc->pc & TARGET_PAGE_MASK) != (tb->pc & TARGET_PAGE_MASK) ||
            (dc->flags & HF_TF)) {
            gen_jmp_to(dc, 0, dc->pc);
            break;
        }
    }
    /* tb->insn_pc is filled by the backend from the insn_start ops. */
    tb->size = (uint32_t)(dc->next_pc - tb->pc);
}
