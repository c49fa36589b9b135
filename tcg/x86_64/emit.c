/*
 * The x86-64 instruction encoder of the native backend: bytes into the TB's
 * code (writable view), positions as offsets from its start. Encodings are
 * those of the Intel SDM vol. 2, ch. 2 (REX prefixes: 2.2.1; ModR/M and SIB:
 * table 2-2 and 2-3) and the opcode tables of its appendix A.
 *
 * When the TB outgrows its room the encoder sets g->overflow and keeps
 * writing from the start: the result is thrown away (gen_code says -ENOSPC).
 */
#include "tcg/x86_64/native.h"

#include <string.h>

#include "tcg/cpu-common.h"

void x86_byte(NativeGen *g, unsigned b)
{
    if (g->len >= g->cap) {
        g->overflow = true;
        g->len = 0;
    }
    g->code[g->len++] = (uint8_t)b;
}

void x86_u32(NativeGen *g, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        x86_byte(g, (v >> (8 * i)) & 0xff);
}

void x86_u64(NativeGen *g, uint64_t v)
{
    x86_u32(g, (uint32_t)v);
    x86_u32(g, (uint32_t)(v >> 32));
}

void x86_opc(NativeGen *g, unsigned opc, int r, int rm, int x)
{
    unsigned rex = 0;

    if (opc & P_66)
        x86_byte(g, 0x66);
    if (opc & P_F3)
        x86_byte(g, 0xf3);
    if (opc & P_F2)
        x86_byte(g, 0xf2);
    if (opc & P_W)
        rex |= 8;
    if (r >= 0 && (r & 8))
        rex |= 4;
    if (x >= 0 && (x & 8))
        rex |= 2;
    if (rm >= 0 && (rm & 8))
        rex |= 1;
    /* Without a REX, byte registers 4-7 are ah..bh, not spl..dil (SDM 3.7.2.1). */
    if (((opc & P_BYTE_R) && r >= 4) || ((opc & P_BYTE_M) && rm >= 4))
        rex |= 0x40;
    if (rex)
        x86_byte(g, 0x40 | rex);
    if (opc & (P_0F | P_0F38))
        x86_byte(g, 0x0f);
    if (opc & P_0F38)
        x86_byte(g, 0x38);
    x86_byte(g, opc & 0xff);
}

void x86_rr(NativeGen *g, unsigned opc, int r, int rm)
{
    x86_opc(g, opc, r, rm, R_NONE);
    x86_byte(g, 0xc0 | (r & 7) << 3 | (rm & 7));
}

void x86_rm(NativeGen *g, unsigned opc, int r, int base, int index, int32_t disp)
{
    unsigned mod;

    x86_opc(g, opc, r, base, index);
    /* rbp/r13 as a base have no disp-less form; rsp/r12 need a SIB byte. */
    if (disp == 0 && (base & 7) != R_RBP)
        mod = 0;
    else if (disp >= -128 && disp <= 127)
        mod = 0x40;
    else
        mod = 0x80;
    if (index >= 0) {
        x86_byte(g, mod | (r & 7) << 3 | 4);
        x86_byte(g, (index & 7) << 3 | (base & 7));
    } else if ((base & 7) == R_RSP) {
        x86_byte(g, mod | (r & 7) << 3 | 4);
        x86_byte(g, 0x24);
    } else {
        x86_byte(g, mod | (r & 7) << 3 | (base & 7));
    }
    if (mod == 0x40)
        x86_byte(g, (uint8_t)disp);
    else if (mod == 0x80)
        x86_u32(g, (uint32_t)disp);
}

void x86_mov_rr(NativeGen *g, bool w, int d, int s)
{
    /* A 32-bit mov onto itself still clears the high half: keep it. */
    if (d == s && w)
        return;
    x86_rr(g, 0x8b | (w ? P_W : 0), d, s);
}

void x86_movi(NativeGen *g, bool w, int d, uint64_t v)
{
    if (!w)
        v = (uint32_t)v;
    if (v == 0) {
        x86_rr(g, 0x33, d, d);                       /* xor d32, d32 */
    } else if (v <= UINT32_MAX) {
        x86_opc(g, 0xb8 + (d & 7), R_NONE, d, R_NONE);   /* mov d32, imm32 */
        x86_u32(g, (uint32_t)v);
    } else if ((int64_t)v == (int32_t)v) {
        x86_rr(g, 0xc7 | P_W, 0, d);                 /* mov d64, simm32 */
        x86_u32(g, (uint32_t)v);
    } else {
        x86_opc(g, (0xb8 + (d & 7)) | P_W, R_NONE, d, R_NONE);   /* movabs */
        x86_u64(g, v);
    }
}

void x86_load(NativeGen *g, MemOp op, bool w, int d, int base, int index, int32_t disp)
{
    switch (op & (MO_SIZE | MO_SIGN)) {
    case MO_UB: x86_rm(g, 0xb6 | P_0F, d, base, index, disp); break;
    case MO_SB: x86_rm(g, 0xbe | P_0F | (w ? P_W : 0), d, base, index, disp); break;
    case MO_UW: x86_rm(g, 0xb7 | P_0F, d, base, index, disp); break;
    case MO_SW: x86_rm(g, 0xbf | P_0F | (w ? P_W : 0), d, base, index, disp); break;
    case MO_UL: x86_rm(g, 0x8b, d, base, index, disp); break;
    case MO_SL:
        if (w)
            x86_rm(g, 0x63 | P_W, d, base, index, disp);   /* movsxd */
        else
            x86_rm(g, 0x8b, d, base, index, disp);
        break;
    default:
        x86_rm(g, 0x8b | (w ? P_W : 0), d, base, index, disp);
        break;
    }
}

void x86_store(NativeGen *g, unsigned size_log2, int s, int base, int index, int32_t disp)
{
    switch (size_log2) {
    case MO_8:  x86_rm(g, 0x88 | P_BYTE_R, s, base, index, disp); break;
    case MO_16: x86_rm(g, 0x89 | P_66, s, base, index, disp); break;
    case MO_32: x86_rm(g, 0x89, s, base, index, disp); break;
    default:    x86_rm(g, 0x89 | P_W, s, base, index, disp); break;
    }
}

void x86_store_imm(NativeGen *g, unsigned size_log2, int32_t v, int base, int index, int32_t disp)
{
    switch (size_log2) {
    case MO_8:
        x86_rm(g, 0xc6, 0, base, index, disp);
        x86_byte(g, (uint8_t)v);
        break;
    case MO_16:
        x86_rm(g, 0xc7 | P_66, 0, base, index, disp);
        x86_byte(g, (uint8_t)v);
        x86_byte(g, (uint8_t)(v >> 8));
        break;
    default:
        x86_rm(g, 0xc7 | (size_log2 == MO_64 ? P_W : 0), 0, base, index, disp);
        x86_u32(g, (uint32_t)v);
        break;
    }
}

void x86_alu_rr(NativeGen *g, bool w, unsigned alu, int d, int s)
{
    x86_rr(g, (alu * 8 + 3) | (w ? P_W : 0), d, s);
}

void x86_alu_ri(NativeGen *g, bool w, unsigned alu, int d, int32_t v)
{
    if (v >= -128 && v <= 127) {
        x86_rr(g, 0x83 | (w ? P_W : 0), (int)alu, d);
        x86_byte(g, (uint8_t)v);
    } else {
        x86_rr(g, 0x81 | (w ? P_W : 0), (int)alu, d);
        x86_u32(g, (uint32_t)v);
    }
}

void x86_shift_ri(NativeGen *g, bool w, unsigned sh, int d, unsigned n)
{
    if (n == 0)
        return;
    x86_rr(g, 0xc1 | (w ? P_W : 0), (int)sh, d);
    x86_byte(g, n);
}

void x86_shift_cl(NativeGen *g, bool w, unsigned sh, int d)
{
    x86_rr(g, 0xd3 | (w ? P_W : 0), (int)sh, d);
}

void x86_push(NativeGen *g, int r)
{
    x86_opc(g, 0x50 + (r & 7), R_NONE, r, R_NONE);
}

void x86_pop(NativeGen *g, int r)
{
    x86_opc(g, 0x58 + (r & 7), R_NONE, r, R_NONE);
}

void x86_patch_rel32(NativeGen *g, uint32_t pos, uint32_t target)
{
    int32_t rel = (int32_t)(target - (pos + 4));

    if (g->overflow)
        return;
    memcpy(g->code + pos, &rel, 4);
}

uint32_t x86_jmp_fix(NativeGen *g)
{
    x86_byte(g, 0xe9);
    x86_u32(g, 0);
    return (uint32_t)g->len - 4;
}

uint32_t x86_jcc_fix(NativeGen *g, unsigned cc)
{
    x86_byte(g, 0x0f);
    x86_byte(g, 0x80 + cc);
    x86_u32(g, 0);
    return (uint32_t)g->len - 4;
}

void x86_jmp_to(NativeGen *g, uint32_t target)
{
    int32_t rel = (int32_t)(target - (g->len + 2));

    if (rel >= -128 && rel <= 127) {
        x86_byte(g, 0xeb);
        x86_byte(g, (uint8_t)rel);
        return;
    }
    x86_patch_rel32(g, x86_jmp_fix(g), target);
}

void x86_jcc_to(NativeGen *g, unsigned cc, uint32_t target)
{
    int32_t rel = (int32_t)(target - (g->len + 2));

    if (rel >= -128 && rel <= 127) {
        x86_byte(g, 0x70 + cc);
        x86_byte(g, (uint8_t)rel);
        return;
    }
    x86_patch_rel32(g, x86_jcc_fix(g, cc), target);
}

void x86_jmp_abs(NativeGen *g, const void *target)
{
    intptr_t next;

    x86_byte(g, 0xe9);
    next = (intptr_t)(g->code_rx + g->len + 4);
    /* The code buffer is smaller than 2 GiB: rel32 always reaches. */
    x86_u32(g, (uint32_t)(int32_t)((intptr_t)target - next));
}

void x86_call_abs(NativeGen *g, const void *fn)
{
    x86_movi(g, true, R_RAX, (uint64_t)(uintptr_t)fn);
    x86_rr(g, 0xff, 2, R_RAX);                       /* call rax */
}

void x86_lea_code(NativeGen *g, int r, uint32_t target)
{
    x86_opc(g, 0x8d | P_W, r, R_NONE, R_NONE);
    x86_byte(g, (r & 7) << 3 | 5);                   /* [rip + disp32] */
    x86_u32(g, (uint32_t)(int32_t)(target - (g->len + 4)));
}

/*
 * Before a call that may fault: the TB and the host address within it, from
 * which fault_insn finds the guest instruction. Storing current_tb here, not
 * at every TB entry, keeps it off the path of chained TBs that make no call.
 */
void x86_set_tci_ip(NativeGen *g, uint32_t ip_off)
{
    x86_movi(g, true, R_TMP, (uint64_t)(uintptr_t)g->tb);
    x86_rm(g, 0x89 | P_W, R_TMP, R_ENV, R_NONE, (int32_t)offsetof(VCPUCommon, current_tb));
    x86_lea_code(g, R_TMP, ip_off);
    x86_rm(g, 0x89 | P_W, R_TMP, R_ENV, R_NONE, (int32_t)offsetof(VCPUCommon, tci_ip));
}
