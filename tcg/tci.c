/*
 * The portable interpreter backend: turns the optimized op list into the
 * bytecode of tci.h, maps a faulting position back to its guest
 * instruction, and prints the bytecode. The loop that runs it is in
 * tci-exec.c. No host code is generated, so it works on every host the C
 * compiler targets, at either byte order.
 */
#include "tcg/tci.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "system/log.h"
#include "tcg/tcg-internal.h"

#define TCI_MAX_WORDS (1u << 22)          /* 16 MB of bytecode per TB */

/* ---- From ops to bytecode ------------------------------------------------- */

typedef struct TCIFixup {
    uint32_t pos;               /* word holding the target */
    uint32_t label;
} TCIFixup;

typedef struct TCIGen {
    const TCGContext *s;
    uint32_t *buf;
    size_t len, cap;
    uint32_t *label_pos;        /* UINT32_MAX until placed */
    TCIFixup *fix;
    size_t nb_fix, cap_fix;
    bool oom;
} TCIGen;

static void put(TCIGen *g, uint32_t w)
{
    if (g->len == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 256;
        uint32_t *b = g->oom ? NULL : realloc(g->buf, cap * sizeof(*b));

        if (!b) {
            g->oom = true;
            g->len = 0;          /* keep writing in place; the result is dropped */
            return;
        }
        g->buf = b;
        g->cap = cap;
    }
    g->buf[g->len++] = w;
}

static void put64(TCIGen *g, uint64_t v)
{
    put(g, (uint32_t)v);
    put(g, (uint32_t)(v >> 32));
}

static void put_label(TCIGen *g, TCGArg l)
{
    if (g->nb_fix == g->cap_fix) {
        size_t cap = g->cap_fix ? 2 * g->cap_fix : 32;
        TCIFixup *f = realloc(g->fix, cap * sizeof(*f));

        if (!f) {
            g->oom = true;
            return;
        }
        g->fix = f;
        g->cap_fix = cap;
    }
    g->fix[g->nb_fix++] = (TCIFixup){ (uint32_t)g->len, (uint32_t)l };
    put(g, UINT32_MAX);
}

static bool arg_const(const TCIGen *g, TCGArg t, uint64_t *v)
{
    const TCGTemp *tp = &g->s->temps[t];

    *v = tp->val;
    return tp->kind == TEMP_CONST;
}

/* Where input t is read from; emits what puts it there (constants, env). */
static uint32_t in(TCIGen *g, TCGArg t)
{
    const TCGTemp *tp = &g->s->temps[t];

    if (tp->kind == TEMP_CONST) {
        put(g, tp->type == TCG_TYPE_I32 ? TCG_OP_MOVI_I32 : TCG_OP_MOVI_I64);
        put(g, tci_frame_off((unsigned)t));
        if (tp->type == TCG_TYPE_I32)
            put(g, (uint32_t)tp->val);
        else
            put64(g, tp->val);
        return tci_frame_off((unsigned)t);
    }
    if (t == 0) {
        put(g, TCI_OP_ENVPTR);
        put(g, tci_frame_off(0));
        return tci_frame_off(0);
    }
    if (tp->kind == TEMP_GLOBAL) {
        assert(tp->mem_offset >= 0);
        return (uint32_t)tp->mem_offset;
    }
    return tci_frame_off((unsigned)t);
}

static uint32_t out(const TCIGen *g, TCGArg t)
{
    const TCGTemp *tp = &g->s->temps[t];

    assert(t != 0 && tp->kind != TEMP_CONST);
    return tp->kind == TEMP_GLOBAL ? (uint32_t)tp->mem_offset : tci_frame_off((unsigned)t);
}

static void put_imm(TCIGen *g, bool is64, uint64_t v)
{
    if (is64)
        put64(g, v);
    else
        put(g, (uint32_t)v);
}

static void gen_ld(TCIGen *g, const TCGOp *op)
{
    const TCGArg *a = op->args;

    if (a[1] == 0) {
        put(g, op->opc | TCI_ENV);
        put(g, out(g, a[0]));
    } else {
        uint32_t base = in(g, a[1]);

        put(g, op->opc);
        put(g, out(g, a[0]));
        put(g, base);
    }
    put(g, (uint32_t)a[2]);
    put(g, (uint32_t)a[3]);
}

/* [op, value unless IMM, base unless ENV, offset, memop, imm if IMM] */
static void gen_st(TCIGen *g, const TCGOp *op)
{
    const TCGArg *a = op->args;
    uint64_t v;
    bool imm = arg_const(g, a[0], &v), env = a[1] == 0;
    uint32_t val = imm ? 0 : in(g, a[0]);
    uint32_t base = env ? 0 : in(g, a[1]);

    put(g, op->opc | (imm ? TCI_IMM : 0) | (env ? TCI_ENV : 0));
    if (!imm)
        put(g, val);
    if (!env)
        put(g, base);
    put(g, (uint32_t)a[2]);
    put(g, (uint32_t)a[3]);
    if (imm)
        put_imm(g, op->opc == TCG_OP_ST_I64, v);
}

static void gen_call(TCIGen *g, const TCGOp *op)
{
    const TCGArg *a = op->args;
    unsigned n = (unsigned)a[9];
    uint32_t r[TCG_HELPER_MAX_ARGS];

    for (unsigned i = 0; i < n; i++)
        r[i] = in(g, a[1 + i]);
    put(g, TCG_OP_CALL);
    put(g, a[0] == TCG_ARG_NONE ? TCI_NONE : out(g, a[0]));
    put(g, n);
    put64(g, a[7]);
    for (unsigned i = 0; i < n; i++)
        put(g, r[i]);
}

static void gen_op(TCIGen *g, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    const TCGArg *a = op->args;
    bool is64 = def->flags & TCG_OPF_64BIT;
    uint32_t r[4];
    uint64_t v;

    switch (op->opc) {
    case TCG_OP_DISCARD:
    case TCG_OP_INSN_START:
        break;
    case TCG_OP_SET_LABEL:
        g->label_pos[a[0]] = (uint32_t)g->len;
        break;
    case TCG_OP_BR:
        put(g, TCG_OP_BR);
        put_label(g, a[0]);
        break;
    case TCG_OP_GOTO_TB:
        put(g, TCG_OP_GOTO_TB);
        put(g, (uint32_t)a[0]);
        break;
    case TCG_OP_EXIT_TB:
        put(g, TCG_OP_EXIT_TB);
        put64(g, a[0]);
        break;
    case TCG_OP_GOTO_PTR:
    case TCG_OP_MB:
        put(g, op->opc);
        break;
    case TCG_OP_CALL:
        gen_call(g, op);
        break;
    case TCG_OP_MOVI_I32:
    case TCG_OP_MOVI_I64:
        put(g, op->opc);
        put(g, out(g, a[0]));
        put_imm(g, is64, a[1]);
        break;
    case TCG_OP_DEPOSIT_I32:
    case TCG_OP_DEPOSIT_I64:
        r[0] = in(g, a[1]);
        r[1] = in(g, a[2]);
        put(g, op->opc);
        put(g, out(g, a[0]));
        put(g, r[0]);
        put(g, r[1]);
        put(g, (uint32_t)(a[3] | a[4] << 8));
        break;
    case TCG_OP_EXTRACT_I32:
    case TCG_OP_EXTRACT_I64:
    case TCG_OP_SEXTRACT_I32:
    case TCG_OP_SEXTRACT_I64:
        r[0] = in(g, a[1]);
        put(g, op->opc);
        put(g, out(g, a[0]));
        put(g, r[0]);
        put(g, (uint32_t)(a[2] | a[3] << 8));
        break;
    case TCG_OP_SETCOND_I32:
    case TCG_OP_SETCOND_I64:
        r[0] = in(g, a[1]);
        if (arg_const(g, a[2], &v)) {
            put(g, op->opc | TCI_IMM);
            put(g, out(g, a[0]));
            put(g, r[0]);
            put(g, (uint32_t)a[3]);
            put_imm(g, is64, v);
        } else {
            r[1] = in(g, a[2]);
            put(g, op->opc);
            put(g, out(g, a[0]));
            put(g, r[0]);
            put(g, r[1]);
            put(g, (uint32_t)a[3]);
        }
        break;
    case TCG_OP_MOVCOND_I32:
    case TCG_OP_MOVCOND_I64:
        for (unsigned i = 0; i < 4; i++)
            r[i] = in(g, a[1 + i]);
        put(g, op->opc);
        put(g, out(g, a[0]));
        for (unsigned i = 0; i < 4; i++)
            put(g, r[i]);
        put(g, (uint32_t)a[5]);
        break;
    case TCG_OP_BRCOND_I32:
    case TCG_OP_BRCOND_I64:
        r[0] = in(g, a[0]);
        if (arg_const(g, a[1], &v)) {
            put(g, op->opc | TCI_IMM);
            put(g, r[0]);
            put(g, (uint32_t)a[2]);
            put_label(g, a[3]);
            put_imm(g, is64, v);
        } else {
            r[1] = in(g, a[1]);
            put(g, op->opc);
            put(g, r[0]);
            put(g, r[1]);
            put(g, (uint32_t)a[2]);
            put_label(g, a[3]);
        }
        break;
    case TCG_OP_MULU2_I32:
    case TCG_OP_MULS2_I32:
    case TCG_OP_MULU2_I64:
    case TCG_OP_MULS2_I64:
        r[0] = in(g, a[2]);
        r[1] = in(g, a[3]);
        put(g, op->opc);
        put(g, out(g, a[0]));
        put(g, out(g, a[1]));
        put(g, r[0]);
        put(g, r[1]);
        break;
    case TCG_OP_LD_I32:
    case TCG_OP_LD_I64:
        gen_ld(g, op);
        break;
    case TCG_OP_ST_I32:
    case TCG_OP_ST_I64:
        gen_st(g, op);
        break;
    case TCG_OP_GUEST_LD_I32:
    case TCG_OP_GUEST_LD_I64:
        r[0] = in(g, a[1]);
        put(g, op->opc);
        put(g, out(g, a[0]));
        put(g, r[0]);
        put(g, (uint32_t)a[2]);
        break;
    case TCG_OP_GUEST_ST_I32:
    case TCG_OP_GUEST_ST_I64:
        r[1] = in(g, a[1]);
        if (arg_const(g, a[0], &v)) {
            put(g, op->opc | TCI_IMM);
            put(g, r[1]);
            put(g, (uint32_t)a[2]);
            put_imm(g, is64, v);
        } else {
            r[0] = in(g, a[0]);
            put(g, op->opc);
            put(g, r[0]);
            put(g, r[1]);
            put(g, (uint32_t)a[2]);
        }
        break;
    default:
        /* ALU: [op, d, a] or [op, d, a, b] / [op|IMM, d, a, imm] */
        r[0] = in(g, a[1]);
        if (def->nb_iargs == 1) {
            put(g, op->opc);
            put(g, out(g, a[0]));
            put(g, r[0]);
        } else if (arg_const(g, a[2], &v)) {
            put(g, op->opc | TCI_IMM);
            put(g, out(g, a[0]));
            put(g, r[0]);
            put_imm(g, is64, v);
        } else {
            r[1] = in(g, a[2]);
            put(g, op->opc);
            put(g, out(g, a[0]));
            put(g, r[0]);
            put(g, r[1]);
        }
        break;
    }
}

static int tci_gen_code(TCGContext *s, TranslationBlock *tb)
{
    TCIGen g = { .s = s };
    unsigned nb_insns = 0, k = 0;
    uint64_t *pcs = NULL;
    uint32_t *insn_off = NULL;
    TCICode *c;
    int ret = -ENOMEM;

    for (unsigned i = 0; i < s->nb_ops; i++)
        nb_insns += s->ops[i].opc == TCG_OP_INSN_START;
    g.label_pos = malloc((s->nb_labels + 1) * sizeof(uint32_t));
    pcs = malloc((nb_insns + 1) * sizeof(uint64_t));
    insn_off = malloc((nb_insns + 1) * sizeof(uint32_t));
    if (!g.label_pos || !pcs || !insn_off)
        goto out;
    memset(g.label_pos, 0xff, (s->nb_labels + 1) * sizeof(uint32_t));

    for (unsigned i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];

        if (op->opc == TCG_OP_INSN_START) {
            insn_off[k] = (uint32_t)g.len;
            pcs[k++] = op->args[0];
        }
        gen_op(&g, op);
    }
    put(&g, TCG_OP_EXIT_TB);
    put64(&g, (uintptr_t)tb | TB_EXIT_NOCHAIN);
    if (g.oom)
        goto out;
    ret = -ENOSPC;
    if (g.len > TCI_MAX_WORDS)
        goto out;
    ret = -EINVAL;
    for (size_t i = 0; i < g.nb_fix; i++) {
        uint32_t pos = g.label_pos[g.fix[i].label];

        if (pos == UINT32_MAX)
            goto out;       /* a branch to a label never set */
        g.buf[g.fix[i].pos] = pos;
    }

    /* One allocation: header, words, then the instruction offsets. */
    ret = -ENOMEM;
    c = malloc(sizeof(*c) + (g.len + nb_insns) * sizeof(uint32_t));
    if (!c)
        goto out;
    c->nb_words = (uint32_t)g.len;
    c->nb_insns = nb_insns;
    memcpy(c->words, g.buf, g.len * sizeof(uint32_t));
    memcpy(c->words + g.len, insn_off, nb_insns * sizeof(uint32_t));
    c->insn_off = c->words + g.len;
    free(tb->code);
    tb->code = c;
    tb->code_size = (uint32_t)(g.len * sizeof(uint32_t));
    free(tb->insn_pc);
    tb->insn_pc = pcs;
    tb->icount = nb_insns;
    pcs = NULL;
    ret = 0;
out:
    free(pcs);
    free(insn_off);
    free(g.buf);
    free(g.fix);
    free(g.label_pos);
    return ret;
}

static void tci_free_code(TranslationBlock *tb)
{
    free(tb->code);
    tb->code = NULL;
    tb->code_size = 0;
}

/* ---- Fault position and dump ------------------------------------------------------------ */

static int tci_fault_insn(void *env, const TranslationBlock *tb)
{
    const VCPUCommon *cpu = env;
    const TCICode *c = tb ? tb->code : NULL;
    uintptr_t ip = (uintptr_t)cpu->tci_ip, start, end;
    uint32_t off;

    if (!c)
        return -1;
    start = (uintptr_t)c->words;
    end = (uintptr_t)(c->words + c->nb_words);
    if (ip < start || ip >= end)
        return -1;
    off = (uint32_t)((ip - start) / sizeof(uint32_t));
    return tb_insn_at(c->insn_off, c->nb_insns, off);
}

/*
 * The operand layout of an opcode word, one letter per operand:
 * d output, r input, i/I 32/64-bit immediate (I: two words), c condition,
 * l branch target, f bit field, o offset, m MemOp, M MemOpIdx, s slot,
 * x exit value (two words). A call is decoded by hand.
 */
static const char *tci_format(uint32_t w)
{
    unsigned opc = w & (TCI_IMM - 1);
    bool imm = w & TCI_IMM, env = w & TCI_ENV;
    bool is64;

    if (opc == TCI_OP_ENVPTR)
        return "d";
    if (opc >= TCG_OP_COUNT)
        return NULL;
    is64 = tcg_op_defs[opc].flags & TCG_OPF_64BIT;
    switch (opc) {
    case TCG_OP_BR:            return "l";
    case TCG_OP_GOTO_TB:       return "s";
    case TCG_OP_EXIT_TB:       return "x";
    case TCG_OP_GOTO_PTR:      return "";
    case TCG_OP_MB:            return "";
    case TCG_OP_CALL:          return NULL;
    case TCG_OP_MOVI_I32:      return "di";
    case TCG_OP_MOVI_I64:      return "dI";
    case TCG_OP_DEPOSIT_I32: case TCG_OP_DEPOSIT_I64:
        return "drrf";
    case TCG_OP_EXTRACT_I32: case TCG_OP_EXTRACT_I64:
    case TCG_OP_SEXTRACT_I32: case TCG_OP_SEXTRACT_I64:
        return "drf";
    case TCG_OP_SETCOND_I32: case TCG_OP_SETCOND_I64:
        return imm ? (is64 ? "drcI" : "drci") : "drrc";
    case TCG_OP_MOVCOND_I32: case TCG_OP_MOVCOND_I64:
        return "drrrrc";
    case TCG_OP_BRCOND_I32: case TCG_OP_BRCOND_I64:
        return imm ? (is64 ? "rclI" : "rcli") : "rrcl";
    case TCG_OP_MULU2_I32: case TCG_OP_MULS2_I32: case TCG_OP_MULU2_I64: case TCG_OP_MULS2_I64:
        return "ddrr";
    case TCG_OP_LD_I32: case TCG_OP_LD_I64:
        return env ? "dom" : "drom";
    case TCG_OP_ST_I32: case TCG_OP_ST_I64:
        if (imm)
            return env ? (is64 ? "omI" : "omi") : (is64 ? "romI" : "romi");
        return env ? "rom" : "rrom";
    case TCG_OP_GUEST_LD_I32: case TCG_OP_GUEST_LD_I64:
        return "drM";
    case TCG_OP_GUEST_ST_I32: case TCG_OP_GUEST_ST_I64:
        return imm ? (is64 ? "rMI" : "rMi") : "rrM";
    default:
        if (tcg_op_defs[opc].nb_iargs == 1)
            return "dr";
        return imm ? (is64 ? "drI" : "dri") : "drr";
    }
}

/* snprintf at buf + *len, advancing *len (which may pass size: the text is cut). */
static void app(char *buf, size_t size, size_t *len, const char *fmt, ...) PRINTF_FMT(4, 5);

static void app(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf + (*len < size ? *len : size), *len < size ? size - *len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len += (size_t)n;
}

/* A value operand: a frame slot as its temp, anything else as an env offset. */
static void app_value(char *buf, size_t size, size_t *len, uint32_t off)
{
    uint32_t f0 = tci_frame_off(0), f1 = tci_frame_off(TCG_MAX_TEMPS);

    if (off >= f0 && off < f1 && (off - f0) % 8 == 0)
        app(buf, size, len, "t%u", (off - f0) / 8);
    else
        app(buf, size, len, "env+0x%x", off);
}

/* Print the op at ip into buf; returns its length in words (0: not an op). */
static unsigned tci_disas(const uint32_t *ip, char *buf, size_t size)
{
    unsigned opc = ip[0] & (TCI_IMM - 1);
    const char *fmt = tci_format(ip[0]);
    unsigned n = 1;
    size_t len = 0;

    buf[0] = 0;
    if (opc == TCG_OP_CALL) {
        app(buf, size, &len, "call 0x%" PRIx64 " ", tci_imm64(ip + 3));
        if (ip[1] == TCI_NONE)
            app(buf, size, &len, "-");
        else
            app_value(buf, size, &len, ip[1]);
        app(buf, size, &len, " =");
        for (unsigned i = 0; i < ip[2]; i++) {
            app(buf, size, &len, i ? ", " : " ");
            app_value(buf, size, &len, ip[5 + i]);
        }
        return 5 + ip[2];
    }
    if (!fmt)
        return 0;
    app(buf, size, &len, "%s%s%s", opc == TCI_OP_ENVPTR ? "envptr" : tcg_op_defs[opc].name,
        ip[0] & TCI_IMM ? ".i" : "", ip[0] & TCI_ENV ? ".env" : "");
    for (const char *f = fmt; *f; f++, n++) {
        app(buf, size, &len, f == fmt ? " " : ", ");
        switch (*f) {
        case 'd': case 'r': app_value(buf, size, &len, ip[n]); break;
        case 'i': app(buf, size, &len, "$0x%x", ip[n]); break;
        case 'I': case 'x': app(buf, size, &len, "$0x%" PRIx64, tci_imm64(ip + n)); n++; break;
        case 'c': app(buf, size, &len, "%s", tcg_cond_name((TCGCond)ip[n])); break;
        case 'l': app(buf, size, &len, "@%04x", ip[n]); break;
        case 'f': app(buf, size, &len, "pos %u len %u", ip[n] & 0xff, ip[n] >> 8); break;
        case 'o': app(buf, size, &len, "%+d", (int32_t)ip[n]); break;
        case 'm': app(buf, size, &len, "%s", tcg_memop_name((MemOp)ip[n])); break;
        case 'M': {
            char m[48];

            app(buf, size, &len, "%s", tcg_memop_idx_str(ip[n], m, sizeof(m)));
            break;
        }
        default:  app(buf, size, &len, "%u", ip[n]); break;
        }
    }
    return n;
}

static void tci_dump(const TranslationBlock *tb, FILE *f)
{
    const TCICode *c = tb->code;
    unsigned k = 0;
    char buf[256];

    if (!c)
        return;
    log_fprintf(f, "TB 0x%" PRIx64 ": %u words\n", tb->pc, c->nb_words);
    for (uint32_t pos = 0; pos < c->nb_words;) {
        unsigned n;

        while (k < c->nb_insns && c->insn_off[k] == pos) {
            log_fprintf(f, "---- insn %u 0x%" PRIx64 "\n", k, tb->insn_pc ? tb->insn_pc[k] : 0);
            k++;
        }
        n = tci_disas(c->words + pos, buf, sizeof(buf));
        if (!n) {
            log_fprintf(f, "%04x: bad word 0x%x\n", pos, c->words[pos]);
            return;
        }
        log_fprintf(f, "%04x: %s\n", pos, buf);
        pos += n;
    }
}

const TCGBackend tcg_backend_tci = {
    .name = "tci",
    .gen_code = tci_gen_code,
    .exec = tci_exec,
    .free_code = tci_free_code,
    .fault_insn = tci_fault_insn,
    .dump = tci_dump,
};

