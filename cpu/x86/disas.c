/*
 * Intel-syntax text of a decoded instruction, for -d in_asm and the tests.
 * Everything comes from the decoded record: the mnemonic from insns.def,
 * the operands from X86DecodedInsn.op[]. The text is close to capstone's
 * ("mov eax, dword ptr [rbx + 8]") but need not match it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpu/x86/decode.h"
#include "system/error.h"

static const char *const mnemonics[X86_INSN_COUNT] = {
    [X86_INSN_INVALID] = "(bad)",
#define X86_INSN(name, mnemonic) [X86_INSN_##name] = mnemonic,
#include "cpu/x86/insns.def"
#undef X86_INSN
};

const char *x86_insn_mnemonic(unsigned insn)
{
    return insn < X86_INSN_COUNT ? mnemonics[insn] : "(bad)";
}

static const char *const cc_names[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};

static const char *const gpr8[20] = {
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
    "ah", "ch", "dh", "bh",
};
static const char *const gpr16[16] = {
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const gpr32[16] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const gpr64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const seg_names[6] = { "es", "cs", "ss", "ds", "fs", "gs" };

/* An snprintf that appends and keeps counting past the end of the buffer. */
typedef struct Out {
    char *buf;
    size_t len, pos;
} Out;

static void put(Out *o, const char *fmt, ...) PRINTF_FMT(2, 3);
static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL,
                  o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->pos += n;
}

static const char *gpr_name(unsigned reg, unsigned size)
{
    if (size == 1)
        return reg < 20 ? gpr8[reg] : "?";
    if (reg >= 16)
        return "?";
    return size == 2 ? gpr16[reg] : size == 4 ? gpr32[reg] : gpr64[reg];
}

static const char *ptr_size(unsigned size)
{
    switch (size) {
    case 1:  return "byte ptr ";
    case 2:  return "word ptr ";
    case 4:  return "dword ptr ";
    case 6:  return "fword ptr ";
    case 8:  return "qword ptr ";
    case 10: return "tbyte ptr ";
    case 16: return "xmmword ptr ";
    case 32: return "ymmword ptr ";
    default: return "";
    }
}

static uint64_t mask_bytes(uint64_t v, unsigned bytes)
{
    return bytes >= 8 ? v : v & ((1ull << (8 * bytes)) - 1);
}

static void put_mem(Out *o, const X86DecodedInsn *d, unsigned size)
{
    const X86Mem *m = &d->mem;
    int any = 0;

    put(o, "%s", ptr_size(size));
    if (d->seg != X86_SEG_NONE)
        put(o, "%s:", seg_names[d->seg]);
    put(o, "[");
    if (m->base == X86_REG_RIP) {
        put(o, "%s", d->addrsize == 8 ? "rip" : "eip");
        any = 1;
    } else if (m->base != X86_REG_NONE) {
        put(o, "%s", gpr_name(m->base, d->addrsize));
        any = 1;
    }
    if (m->index != X86_REG_NONE) {
        put(o, "%s%s", any ? " + " : "", gpr_name(m->index, d->addrsize));
        if (m->scale)
            put(o, "*%d", 1 << m->scale);
        any = 1;
    }
    if (!any)
        put(o, "0x%llx", (unsigned long long)mask_bytes(m->disp, d->addrsize));
    else if (m->disp < 0)
        put(o, " - 0x%llx", (unsigned long long)-(uint64_t)m->disp);
    else if (m->disp > 0)
        put(o, " + 0x%llx", (unsigned long long)m->disp);
    put(o, "]");
}

/* "a|b|c" picks by 16|32|64 bits; returns the length of the choice. */
static const char *pick(const char *m, unsigned bytes, size_t *n)
{
    unsigned idx = bytes == 2 ? 0 : bytes == 4 ? 1 : 2;

    for (; idx > 0; idx--) {
        const char *bar = strchr(m, '|');
        if (!bar)
            break;
        m = bar + 1;
    }
    *n = strcspn(m, "|");
    return m;
}

static void put_mnemonic(Out *o, const X86DecodedInsn *d)
{
    const char *m = x86_insn_mnemonic(d->insn);
    size_t n;

    if ((d->prefix & X86_PREFIX_VEX) && d->e && !(d->e->flags & X86_F_NOLEGACY))
        put(o, "v");
    if (m[0] == '^')
        m = pick(m + 1, d->addrsize, &n);
    else if (strchr(m, '|'))
        m = pick(m, d->opsize, &n);
    else
        n = strlen(m);
    for (size_t i = 0; i < n; i++) {
        if (m[i] == '*') {
            put(o, "%s", cc_names[d->cc & 15]);
        } else if (m[i] == '#') {
            unsigned size = d->opsize;

            for (unsigned k = 0; k < d->nops; k++)
                if (d->op[k].type == X86_OT_STR)
                    size = d->op[k].size;
            put(o, "%c", size == 1 ? 'b' : size == 2 ? 'w' : size == 4 ? 'd' : 'q');
        } else {
            put(o, "%c", m[i]);
        }
    }
}

static void put_operand(Out *o, const X86DecodedInsn *d, const X86Operand *op, uint64_t pc)
{
    uint64_t v;
    unsigned w;

    switch (op->type) {
    case X86_OT_GPR:
        put(o, "%s", gpr_name(op->reg, op->size));
        break;
    case X86_OT_XMM:
        put(o, "%s%u", op->size == 32 ? "ymm" : "xmm", op->reg);
        break;
    case X86_OT_MMX:
        put(o, "mm%u", op->reg);
        break;
    case X86_OT_SEG:
        put(o, "%s", op->reg < 6 ? seg_names[op->reg] : "?");
        break;
    case X86_OT_CR:
        put(o, "cr%u", op->reg);
        break;
    case X86_OT_DR:
        put(o, "dr%u", op->reg);
        break;
    case X86_OT_ST:
        put(o, "st(%u)", op->reg);
        break;
    case X86_OT_MEM:
        put_mem(o, d, op->size);
        break;
    case X86_OT_STR:
        put(o, "%s", ptr_size(op->size));
        if (op->kind == X86_OPK_Y)
            put(o, "es:");
        else if (d->seg != X86_SEG_NONE)
            put(o, "%s:", seg_names[d->seg]);
        put(o, "[%s]", gpr_name(op->reg, d->addrsize));
        break;
    case X86_OT_IMM:
        v = op->reg ? d->imm2 : d->imm;
        /* a sign-extended Ib shows at the size of the operand it meets */
        w = op->size;
        if (d->nops > 1 && d->op[0].size > w &&
            (d->op[0].type == X86_OT_GPR || d->op[0].type == X86_OT_MEM))
            w = d->op[0].size;
        else if (d->nops == 1 && d->insn == X86_INSN_PUSH)
            w = d->opsize;
        put(o, "0x%llx", (unsigned long long)mask_bytes(v, w));
        break;
    case X86_OT_REL:
        v = pc + d->len + d->imm;
        put(o, "0x%llx", (unsigned long long)mask_bytes(v, d->opsize == 2 ? 2 : d->mode == 64 ? 8 : 4));
        break;
    case X86_OT_FAR:
        put(o, "0x%x:0x%llx", d->imm2, (unsigned long long)mask_bytes(d->imm, op->size - 2));
        break;
    case X86_OT_CONST:
        put(o, "1");
        break;
    default:
        put(o, "?");
        break;
    }
}

int x86_format(const X86DecodedInsn *d, uint64_t pc, char *buf, size_t len)
{
    Out o = { buf, len, 0 };
    uint32_t flags = d->e ? d->e->flags : 0;

    if (len)
        buf[0] = 0;
    if (d->prefix & X86_PREFIX_LOCK)
        put(&o, "lock ");
    if (flags & (X86_F_REP | X86_F_REPZ)) {
        if (d->prefix & X86_PREFIX_REPZ)
            put(&o, flags & X86_F_REPZ ? "repe " : "rep ");
        else if (d->prefix & X86_PREFIX_REPNZ)
            put(&o, flags & X86_F_REPZ ? "repne " : "rep ");
    }
    put_mnemonic(&o, d);
    for (unsigned i = 0; i < d->nops; i++) {
        put(&o, i ? ", " : " ");
        put_operand(&o, d, &d->op[i], pc);
    }
    return (int)o.pos;
}
