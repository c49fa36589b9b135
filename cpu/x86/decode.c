/*
 * The x86 decoder engine: prefixes, the table walk, ModRM/SIB/displacement,
 * immediates and operand resolution. Which instructions exist and what their
 * operands are is all in the tables (decode-tables.h); this file only knows
 * the encoding rules of SDM Vol. 2 chapter 2.
 */
#include <string.h>

#include "cpu/x86/decode.h"
#include "cpu/x86/decode-tables.h"

_Static_assert(sizeof(X86DecodedInsn) <= 72, "X86DecodedInsn grew: it is built per guest instruction");

#define MAX_LEN 15      /* SDM Vol. 2 2.3.11: longer is #GP(0) */

static const X86OpEntry *const maps[4] = {
    x86_map_onebyte, x86_map_0f, x86_map_0f38, x86_map_0f3a,
};

/* Operand kinds that live in the ModRM byte (reg or r/m field). */
#define BIT(k) (1ull << (k))
static const uint64_t modrm_kinds =
    BIT(X86_OPK_E) | BIT(X86_OPK_G) | BIT(X86_OPK_M) | BIT(X86_OPK_R) |
    BIT(X86_OPK_C) | BIT(X86_OPK_D) | BIT(X86_OPK_S) | BIT(X86_OPK_V) |
    BIT(X86_OPK_W) | BIT(X86_OPK_U) | BIT(X86_OPK_P) | BIT(X86_OPK_Q) |
    BIT(X86_OPK_N);
/* r/m operands that must be registers (mod == 11b) and memory (mod != 11b). */
static const uint64_t reg_only_kinds = BIT(X86_OPK_R) | BIT(X86_OPK_U) | BIT(X86_OPK_N);
static const uint64_t mem_only_kinds = BIT(X86_OPK_M);

/* Bytes left before the 15-byte limit and the end of the input. */
static int need(size_t pos, size_t n, size_t avail)
{
    if (pos + n > MAX_LEN)
        return X86_DECODE_TOO_LONG;
    if (pos + n > avail)
        return X86_DECODE_NEED_MORE;
    return 0;
}

/* Little-endian n-byte value, sign-extended. */
static uint64_t fetch_signed(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    if (n < 8 && (v >> (8 * n - 1)) & 1)
        v |= ~0ull << (8 * n);
    return v;
}

/* The segment of a DS-default access: an override, except that 64-bit mode
 * ignores CS, DS, ES and SS overrides (SDM Vol. 1 3.3.7.1). */
static uint8_t data_segment(const X86DecodedInsn *d, uint8_t dflt)
{
    if (d->seg != X86_SEG_NONE && (d->mode != 64 || d->seg >= X86_SEG_FS))
        return d->seg;
    return dflt;
}

/* Size in bytes of an operand-type letter for this instruction. */
static unsigned size_bytes(unsigned sz, const X86DecodedInsn *d)
{
    switch (sz) {
    case X86_SZ_b:      return 1;
    case X86_SZ_w:      return 2;
    case X86_SZ_d:      return 4;
    case X86_SZ_q:      return 8;
    case X86_SZ_dq:     return 16;
    case X86_SZ_qq:     return 32;
    case X86_SZ_v:      return d->opsize;
    case X86_SZ_z:      return d->opsize == 2 ? 2 : 4;
    case X86_SZ_y:      return d->opsize == 8 ? 8 : 4;
    case X86_SZ_x:
    case X86_SZ_ps:
    case X86_SZ_pd:     return d->vex_l ? 32 : 16;
    case X86_SZ_ss:     return 4;
    case X86_SZ_sd:     return 8;
    case X86_SZ_p:      return 2 + d->opsize;
    case X86_SZ_a:      return 2 * d->opsize;
    case X86_SZ_s:      return d->mode == 64 ? 10 : 6;
    case X86_SZ_t:      return 10;
    case X86_SZ_fenv:   return d->opsize == 2 ? 14 : 28;
    case X86_SZ_fsave:  return d->opsize == 2 ? 94 : 108;
    default:            return 0;       /* unsized, or a state area (FXSAVE, XSAVE) */
    }
}

/* 16-bit addressing forms by ModRM.rm (SDM Vol. 2 Table 2-1). */
static const uint8_t base16[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };
static const uint8_t index16[8] = { 6, 7, 6, 7, X86_REG_NONE, X86_REG_NONE,
                                    X86_REG_NONE, X86_REG_NONE };

/* Decode the memory form of ModRM (mod != 11b) from p[*pos]: SIB and
 * displacement. */
static int decode_mem(X86DecodedInsn *d, const uint8_t *p, size_t *pos, size_t avail)
{
    X86Mem *m = &d->mem;
    unsigned rm = d->modrm & 7, dispsize = 0;
    int r;

    m->index = X86_REG_NONE;
    m->scale = 0;
    if (d->addrsize == 2) {
        m->base = base16[rm];
        m->index = index16[rm];
        if (d->mod == 0 && rm == 6) {
            m->base = X86_REG_NONE;
            dispsize = 2;
        } else {
            dispsize = d->mod == 1 ? 1 : d->mod == 2 ? 2 : 0;
        }
    } else {
        unsigned base = rm;

        if (rm == 4) {
            uint8_t sib;

            if ((r = need(*pos, 1, avail)))
                return r;
            sib = p[(*pos)++];
            m->scale = sib >> 6;
            m->index = ((sib >> 3) & 7) | (d->rex & X86_REX_X ? 8 : 0);
            if (m->index == 4)              /* 100b without REX.X: no index */
                m->index = X86_REG_NONE;
            base = sib & 7;
        }
        if (base == 5 && d->mod == 0) {
            /* disp32 with no base; without SIB in 64-bit mode, RIP-relative */
            m->base = rm == 5 && d->mode == 64 ? X86_REG_RIP : X86_REG_NONE;
            dispsize = 4;
        } else {
            m->base = base | (d->rex & X86_REX_B ? 8 : 0);
            dispsize = d->mod == 1 ? 1 : d->mod == 2 ? 4 : 0;
        }
    }
    if (dispsize) {
        if ((r = need(*pos, dispsize, avail)))
            return r;
        m->disp = (int64_t)fetch_signed(p + *pos, dispsize);
        *pos += dispsize;
    }
    /* rBP and rSP bases default to SS (SDM Vol. 1 3.7.5) */
    m->seg = data_segment(d, m->base == 4 || m->base == 5 ? X86_SEG_SS : X86_SEG_DS);
    return 0;
}

/* A general register of `size` bytes: AH-BH for 4-7 without REX. */
static uint8_t gpr(const X86DecodedInsn *d, unsigned n, unsigned size)
{
    if (size == 1 && n >= 4 && n < 8 && !(d->prefix & X86_PREFIX_REX))
        return X86_REG_AH + n - 4;
    return n;
}

/* Fill d->op[] from the row, once ModRM, memory and immediates are known. */
static int resolve_operands(X86DecodedInsn *d, const uint8_t *p, size_t *pos, size_t avail)
{
    const X86OpEntry *e = d->e;
    unsigned nimm = 0, n = 0;
    int vex = (d->prefix & X86_PREFIX_VEX) != 0;
    int r;

    for (unsigned i = 0; i < 4 && e->op[i].kind; i++) {
        X86Operand *o = &d->op[n];
        unsigned kind = e->op[i].kind, size = size_bytes(e->op[i].size, d);
        unsigned isize = size;

        if (kind == X86_OPK_H && !vex)
            continue;                       /* legacy SSE: H is the destination */
        o->kind = kind;
        o->size = size;
        o->reg = X86_REG_NONE;
        switch (kind) {
        case X86_OPK_E: case X86_OPK_M: case X86_OPK_R:
            if (e->op[i].size >= X86_SZ_vw) {
                static const uint8_t reg_sz[] = { X86_SZ_v, X86_SZ_y, X86_SZ_y };
                o->size = d->mod == 3 ? size_bytes(reg_sz[e->op[i].size - X86_SZ_vw], d)
                                      : e->op[i].size == X86_SZ_yb ? 1 : 2;
                size = o->size;
            }
            if (d->mod == 3) {
                o->type = X86_OT_GPR;
                o->reg = gpr(d, d->rm, size);
            } else {
                o->type = X86_OT_MEM;
                o->reg = X86_REG_MEM;
            }
            break;
        case X86_OPK_G:
            o->type = X86_OT_GPR;
            o->reg = gpr(d, d->reg, size);
            break;
        case X86_OPK_B:
            o->type = X86_OT_GPR;
            o->reg = d->vex_v;
            break;
        case X86_OPK_Z:
            o->type = X86_OT_GPR;
            o->reg = gpr(d, (d->opcode & 7) | (d->rex & X86_REX_B ? 8 : 0), size);
            break;
        case X86_OPK_C:
            o->type = X86_OT_CR;
            o->reg = d->reg;
            break;
        case X86_OPK_D:
            o->type = X86_OT_DR;
            o->reg = d->reg;
            break;
        case X86_OPK_S:
            o->type = X86_OT_SEG;
            o->reg = d->reg & 7;            /* REX.R is ignored (SDM MOV) */
            break;
        case X86_OPK_V:
            o->type = X86_OT_XMM;
            o->reg = d->reg;
            break;
        case X86_OPK_W: case X86_OPK_U:
            if (d->mod == 3) {
                o->type = X86_OT_XMM;
                o->reg = d->rm;
            } else {
                o->type = X86_OT_MEM;
                o->reg = X86_REG_MEM;
            }
            break;
        case X86_OPK_H:
            o->type = X86_OT_XMM;
            o->reg = d->vex_v;
            break;
        case X86_OPK_XMM0:
            o->type = X86_OT_XMM;
            o->reg = 0;
            break;
        case X86_OPK_P:
            o->type = X86_OT_MMX;
            o->reg = d->reg & 7;            /* MMX registers ignore REX.R */
            break;
        case X86_OPK_Q: case X86_OPK_N:
            if (d->mod == 3) {
                o->type = X86_OT_MMX;
                o->reg = d->rm & 7;
            } else {
                o->type = X86_OT_MEM;
                o->reg = X86_REG_MEM;
            }
            break;
        case X86_OPK_STi:
            o->type = X86_OT_ST;
            o->reg = d->modrm & 7;
            break;
        case X86_OPK_ST0:
            o->type = X86_OT_ST;
            o->reg = 0;
            break;
        case X86_OPK_rAX: case X86_OPK_rCX: case X86_OPK_rDX:
            o->type = X86_OT_GPR;
            o->reg = kind - X86_OPK_rAX;
            break;
        case X86_OPK_ES: case X86_OPK_CS: case X86_OPK_SS:
        case X86_OPK_DS: case X86_OPK_FS: case X86_OPK_GS:
            o->type = X86_OT_SEG;
            o->reg = kind - X86_OPK_ES;
            break;
        case X86_OPK_1:
            o->type = X86_OT_CONST;
            break;
        case X86_OPK_X:
            o->type = X86_OT_STR;
            o->reg = 6;                     /* rSI */
            break;
        case X86_OPK_Y:
            o->type = X86_OT_STR;
            o->reg = 7;                     /* rDI */
            break;
        case X86_OPK_O:
            /* moffs: an address-size absolute offset (SDM MOV A0-A3) */
            o->type = X86_OT_MEM;
            o->reg = X86_REG_MEM;
            if ((r = need(*pos, d->addrsize, avail)))
                return r;
            d->mem.disp = (int64_t)fetch_signed(p + *pos, d->addrsize);
            if (d->addrsize < 8)
                d->mem.disp &= (1ll << (8 * d->addrsize)) - 1;
            d->mem.base = d->mem.index = X86_REG_NONE;
            *pos += d->addrsize;
            break;
        case X86_OPK_L:
            /* register in imm8[7:4]; bit 7 ignored outside 64-bit mode */
            o->type = X86_OT_XMM;
            if ((r = need(*pos, 1, avail)))
                return r;
            d->imm = p[(*pos)++];
            o->reg = (d->imm >> 4) & (d->mode == 64 ? 15 : 7);
            break;
        case X86_OPK_I: case X86_OPK_J: case X86_OPK_A:
            if (kind == X86_OPK_A)
                isize = size - 2;           /* offset, then the selector */
            if ((r = need(*pos, isize, avail)))
                return r;
            if (nimm++ == 0) {
                d->imm = fetch_signed(p + *pos, isize);
                o->reg = 0;
            } else {
                d->imm2 = (uint16_t)fetch_signed(p + *pos, isize);
                o->reg = 1;
            }
            *pos += isize;
            o->type = kind == X86_OPK_I ? X86_OT_IMM : kind == X86_OPK_J ? X86_OT_REL : X86_OT_FAR;
            if (kind == X86_OPK_A) {
                if ((r = need(*pos, 2, avail)))
                    return r;
                d->imm2 = (uint16_t)fetch_signed(p + *pos, 2);
                *pos += 2;
            }
            break;
        default:
            return X86_DECODE_UD;
        }
        n++;
    }
    d->nops = n;
    return 0;
}

int x86_decode(X86DecodedInsn *d, const uint8_t *p, size_t avail, int mode)
{
    const X86OpEntry *e;
    size_t pos = 0;
    unsigned pfx, b, flags, vex_pp = 0;
    uint64_t kinds = 0;
    int r, consumed66 = 0, vex = 0;

    memset(d, 0, sizeof(*d));
    d->mode = mode;
    d->seg = X86_SEG_NONE;
    d->mem.base = d->mem.index = X86_REG_NONE;

    /* Legacy prefixes in any order, repeated; a REX counts only if the
     * opcode follows it (SDM Vol. 2 2.2.1): a legacy prefix after it
     * cancels it, a later REX replaces it. */
    for (;;) {
        if ((r = need(pos, 1, avail)))
            return r;
        b = p[pos];
        switch (b) {
        case 0xf0: d->prefix |= X86_PREFIX_LOCK; break;
        case 0xf2: d->prefix = (d->prefix & ~X86_PREFIX_REPZ) | X86_PREFIX_REPNZ; break;
        case 0xf3: d->prefix = (d->prefix & ~X86_PREFIX_REPNZ) | X86_PREFIX_REPZ; break;
        case 0x26: d->seg = X86_SEG_ES; d->prefix |= X86_PREFIX_SEG; break;
        case 0x2e: d->seg = X86_SEG_CS; d->prefix |= X86_PREFIX_SEG; break;
        case 0x36: d->seg = X86_SEG_SS; d->prefix |= X86_PREFIX_SEG; break;
        case 0x3e: d->seg = X86_SEG_DS; d->prefix |= X86_PREFIX_SEG; break;
        case 0x64: d->seg = X86_SEG_FS; d->prefix |= X86_PREFIX_SEG; break;
        case 0x65: d->seg = X86_SEG_GS; d->prefix |= X86_PREFIX_SEG; break;
        case 0x66: d->prefix |= X86_PREFIX_66; break;
        case 0x67: d->prefix |= X86_PREFIX_67; break;
        default:
            if (mode == 64 && (b & 0xf0) == 0x40) {
                d->rex = b & 15;
                d->prefix |= X86_PREFIX_REX;
                pos++;
                continue;
            }
            goto opcode;
        }
        d->rex = 0;
        d->prefix &= ~X86_PREFIX_REX;
        pos++;
    }

opcode:
    pos++;
    if (b == 0x0f) {
        if ((r = need(pos, 1, avail)))
            return r;
        b = p[pos++];
        d->map = 1;
        if (b == 0x38 || b == 0x3a) {
            d->map = b == 0x38 ? 2 : 3;
            if ((r = need(pos, 1, avail)))
                return r;
            b = p[pos++];
        }
    } else if (b == 0xc4 || b == 0xc5) {
        /* VEX (SDM Vol. 2 2.3.5). Outside 64-bit mode these are LES/LDS
         * unless the next byte looks like ModRM with mod = 11b, which LES
         * and LDS do not allow. R, X, B and vvvv are stored inverted. */
        unsigned v1, v2;

        if ((r = need(pos, 1, avail)))
            return r;
        v1 = p[pos];
        if (mode == 64 || v1 >= 0xc0) {
            /* SDM 2.3.2: 66, F2, F3, LOCK or REX before VEX is #UD */
            if (d->prefix & (X86_PREFIX_66 | X86_PREFIX_REPZ | X86_PREFIX_REPNZ |
                             X86_PREFIX_LOCK | X86_PREFIX_REX))
                return X86_DECODE_UD;
            vex = 1;
            if (b == 0xc5) {                        /* C5 [R vvvv L pp] */
                v2 = v1;
                d->prefix |= X86_PREFIX_VEX2;
                d->map = 1;
                d->rex = v1 & 0x80 ? 0 : X86_REX_R;
                pos++;
            } else {                                /* C4 [R X B mmmmm] [W vvvv L pp] */
                if ((r = need(pos, 2, avail)))
                    return r;
                v2 = p[pos + 1];
                d->prefix |= X86_PREFIX_VEX3;
                d->map = v1 & 0x1f;
                if (d->map < 1 || d->map > 3)
                    return X86_DECODE_UD;
                /* bits 7:5 are R X B, in X86_REX_R/X/B order */
                d->rex = ((~v1 >> 5) & 7) | (v2 & 0x80 ? X86_REX_W : 0);
                pos += 2;
            }
            if (mode != 64)
                d->rex &= X86_REX_W;                /* no R, X, B outside 64-bit mode */
            d->vex_v = (~v2 >> 3) & (mode == 64 ? 15 : 7);
            d->vex_l = (v2 >> 2) & 1;
            vex_pp = v2 & 3;
            if ((r = need(pos, 1, avail)))
                return r;
            b = p[pos++];
        }
    }
    d->opcode = b;

    /* Mandatory prefix column: F2/F3 (the last one) over 66 (SDM Vol. 2 2.1.2). */
    if (vex)
        pfx = vex_pp;
    else if (d->prefix & X86_PREFIX_REPNZ)
        pfx = X86_PFX_F2;
    else if (d->prefix & X86_PREFIX_REPZ)
        pfx = X86_PFX_F3;
    else if (d->prefix & X86_PREFIX_66)
        pfx = X86_PFX_66;
    else
        pfx = X86_PFX_NP;
    if (vex)
        d->pfx = pfx;

    /* Walk the sub-table links to the instruction's row. */
    e = &maps[d->map][b];
    while (e->group) {
        unsigned idx = 0;

        switch (e->group) {
        case X86_GRP_REG: case X86_GRP_MOD: case X86_GRP_RM:
            if (!d->has_modrm) {
                if ((r = need(pos, 1, avail)))
                    return r;
                d->modrm = p[pos++];
                d->has_modrm = 1;
            }
            idx = e->group == X86_GRP_REG ? (d->modrm >> 3) & 7 :
                  e->group == X86_GRP_RM ? d->modrm & 7 : d->modrm >= 0xc0;
            break;
        case X86_GRP_PREFIX:
            idx = pfx;
            d->pfx = pfx;
            consumed66 = pfx == X86_PFX_66;
            break;
        case X86_GRP_MODE64: idx = mode == 64; break;
        case X86_GRP_W:      idx = (d->rex & X86_REX_W) != 0; break;
        case X86_GRP_VEXL:   idx = d->vex_l; break;
        case X86_GRP_VEX:    idx = vex; break;
        case X86_GRP_REXB:   idx = (d->rex & X86_REX_B) != 0; break;
        }
        e = &e->sub[idx];
    }
    if (e->insn == X86_INSN_INVALID)
        return X86_DECODE_UD;
    d->e = e;
    d->insn = e->insn;
    flags = e->flags;
    for (unsigned i = 0; i < 4; i++)
        kinds |= BIT(e->op[i].kind);

    /* Rows that exist only in some modes or encodings (SDM A.2.5). */
    if (mode == 64 ? (flags & X86_F_I64) : (flags & X86_F_O64))
        return X86_DECODE_UD;
    if (vex ? !(flags & X86_F_VEX) : (flags & X86_F_NOLEGACY) != 0)
        return X86_DECODE_UD;
    if (vex && (((flags & X86_F_L0) && d->vex_l) ||
                (!(kinds & (BIT(X86_OPK_H) | BIT(X86_OPK_B))) && d->vex_v)))
        return X86_DECODE_UD;
    if (flags & X86_F_CC)
        d->cc = b & 15;
    if (consumed66 && (flags & X86_F_OPSIZE66))
        consumed66 = 0;

    /* Effective operand and address sizes (SDM Vol. 1 3.6, Vol. 2 2.2.1.2). */
    if (mode == 64) {
        if ((flags & X86_F_F64) || (d->rex & X86_REX_W))
            d->opsize = 8;
        else if ((d->prefix & X86_PREFIX_66) && !consumed66)
            d->opsize = 2;
        else
            d->opsize = flags & X86_F_D64 ? 8 : 4;
        d->addrsize = d->prefix & X86_PREFIX_67 ? 4 : 8;
    } else {
        unsigned def = mode == 32 ? 4 : 2, other = mode == 32 ? 2 : 4;

        d->opsize = (d->prefix & X86_PREFIX_66) && !consumed66 ? other : def;
        d->addrsize = d->prefix & X86_PREFIX_67 ? other : def;
    }

    /* ModRM, then SIB and displacement. */
    if (!d->has_modrm && ((kinds & modrm_kinds) || (flags & X86_F_MODRM))) {
        if ((r = need(pos, 1, avail)))
            return r;
        d->modrm = p[pos++];
        d->has_modrm = 1;
    }
    d->mem.seg = data_segment(d, X86_SEG_DS);
    if (d->has_modrm) {
        d->mod = d->modrm >> 6;
        d->reg = ((d->modrm >> 3) & 7) | (d->rex & X86_REX_R ? 8 : 0);
        d->rm = (d->modrm & 7) | (d->rex & X86_REX_B ? 8 : 0);
        if (flags & X86_F_MODIGN)
            d->mod = 3;                     /* MOV CR/DR: mod is ignored */
        if (d->mod == 3 ? (flags & X86_F_MEM) || (kinds & mem_only_kinds)
                        : (flags & X86_F_REG) || (kinds & reg_only_kinds))
            return X86_DECODE_UD;
        if (d->mod != 3 && (r = decode_mem(d, p, &pos, avail)))
            return r;
    } else {
        d->mod = 3;
    }

    /* LOCK needs a lockable instruction writing memory (SDM Vol. 2 LOCK). */
    if ((d->prefix & X86_PREFIX_LOCK) && (!(flags & X86_F_LOCK) || d->mod == 3))
        return X86_DECODE_UD;
    /* MOV to a segment register: no CS, no numbers 6 and 7 (SDM MOV). */
    if (kinds & BIT(X86_OPK_S)) {
        unsigned s = d->reg & 7;

        if (s > 5 || (s == X86_SEG_CS && e->op[0].kind == X86_OPK_S))
            return X86_DECODE_UD;
    }

    if ((r = resolve_operands(d, p, &pos, avail)))
        return r;
    d->len = pos;
    return 0;
}
