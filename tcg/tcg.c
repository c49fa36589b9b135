/*
 * The IR context: globals, temps, constants, labels, the op list and its
 * dump. The emitters, one per op, are in tcg-op.c. See tcg.h.
 */
#include "tcg/tcg.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "system/log.h"
#include "tcg/tcg-internal.h"

const TCGOpDef tcg_op_defs[TCG_OP_COUNT] = {
#define TCG_OPC(e, name, o, i, c, f) [e] = { name, o, i, c, f },
#include "tcg/tcg-opc.def"
#undef TCG_OPC
};

_Static_assert(TCG_MAX_TEMPS % 64 == 0, "free_temps is a bitmap of whole words");
_Static_assert(TCG_MAX_TEMPS < UINT16_MAX, "temp indices are uint16_t");

/* ---- Context and globals ------------------------------------------------ */

void tcg_context_init(TCGContext *s)
{
    TCGTemp *env = &s->temps[0];

    memset(s, 0, sizeof(*s));
    env->type = TCG_TYPE_I64;
    env->kind = TEMP_GLOBAL;
    env->allocated = 1;
    env->mem_offset = -1;     /* the pointer itself, not a field */
    env->name = "env";
    s->nb_globals = s->nb_temps = 1;
}

static unsigned global_new(TCGContext *s, TCGType type, int32_t offset, const char *name)
{
    TCGTemp *t;

    /* Globals come before any TB's temps: register them right after init. */
    assert(s->nb_temps == s->nb_globals);
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        s->overflow = true;
        return 0;
    }
    t = &s->temps[s->nb_temps];
    memset(t, 0, sizeof(*t));
    t->type = type;
    t->kind = TEMP_GLOBAL;
    t->allocated = 1;
    t->mem_offset = offset;
    t->name = name;
    s->nb_globals = ++s->nb_temps;
    return s->nb_temps - 1;
}

TCGv_i32 tcg_global_mem_new_i32(TCGContext *s, int32_t offset, const char *name)
{
    return (TCGv_i32){ (uint16_t)global_new(s, TCG_TYPE_I32, offset, name) };
}

TCGv_i64 tcg_global_mem_new_i64(TCGContext *s, int32_t offset, const char *name)
{
    return (TCGv_i64){ (uint16_t)global_new(s, TCG_TYPE_I64, offset, name) };
}

void tcg_func_start(TCGContext *s)
{
    s->nb_temps = s->nb_globals;
    s->nb_ops = 0;
    s->nb_labels = 0;
    memset(s->label_live_known, 0, sizeof(s->label_live_known));
    s->nb_insns = 0;
    s->overflow = false;
    s->ops_before_opt = 0;
    memset(s->free_temps, 0, sizeof(s->free_temps));
    memset(s->const_table, 0, sizeof(s->const_table));
}

/* ---- Temps ---------------------------------------------------------------- */

/*
 * TEMP_INSN temps are recycled through free_temps at each insn_start; TEMP_TB
 * temps and constants always take a fresh index, so the kind of an index
 * never changes within a TB (the optimizer relies on it). The interpreter
 * gives each index its own frame slot, so recycling also reuses slots.
 */
static unsigned temp_new(TCGContext *s, TCGType type, TCGTempKind kind)
{
    unsigned n = TCG_MAX_TEMPS;
    TCGTemp *t;

    if (s->overflow)
        return 0;
    if (kind == TEMP_INSN) {
        for (unsigned w = 0; w < TCG_MAX_TEMPS / 64; w++) {
            if (s->free_temps[w]) {
                unsigned bit = (unsigned)__builtin_ctzll(s->free_temps[w]);

                s->free_temps[w] &= s->free_temps[w] - 1;
                n = w * 64 + bit;
                break;
            }
        }
    }
    if (n == TCG_MAX_TEMPS) {
        if (s->nb_temps >= TCG_MAX_TEMPS) {
            s->overflow = true;
            return 0;
        }
        n = s->nb_temps++;
    }
    t = &s->temps[n];
    memset(t, 0, sizeof(*t));
    t->type = type;
    t->kind = kind;
    t->allocated = 1;
    return n;
}

TCGv_i32 tcg_temp_new_i32(TCGContext *s)
{
    return (TCGv_i32){ (uint16_t)temp_new(s, TCG_TYPE_I32, TEMP_INSN) };
}

TCGv_i64 tcg_temp_new_i64(TCGContext *s)
{
    return (TCGv_i64){ (uint16_t)temp_new(s, TCG_TYPE_I64, TEMP_INSN) };
}

TCGv_i32 tcg_temp_new_tb_i32(TCGContext *s)
{
    return (TCGv_i32){ (uint16_t)temp_new(s, TCG_TYPE_I32, TEMP_TB) };
}

TCGv_i64 tcg_temp_new_tb_i64(TCGContext *s)
{
    return (TCGv_i64){ (uint16_t)temp_new(s, TCG_TYPE_I64, TEMP_TB) };
}

/* Called by insn_start: the previous instruction's temps become free. */
static void temps_free_insn(TCGContext *s)
{
    for (unsigned i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *t = &s->temps[i];

        if (t->kind == TEMP_INSN && t->allocated) {
            t->allocated = 0;
            s->free_temps[i / 64] |= 1ull << (i % 64);
        }
    }
}

#define CONST_TABLE_SIZE (2 * TCG_MAX_TEMPS)

static unsigned const_hash(TCGType type, uint64_t v)
{
    uint64_t h = (v ^ ((uint64_t)type << 63)) * 0x9e3779b97f4a7c15ull;

    return (unsigned)(h >> 40) & (CONST_TABLE_SIZE - 1);
}

/* One read-only temp per (type, value) per TB: open addressing, never full. */
static unsigned constant_new(TCGContext *s, TCGType type, uint64_t v)
{
    unsigned h = const_hash(type, v);
    unsigned n;
    TCGTemp *t;

    for (;; h = (h + 1) & (CONST_TABLE_SIZE - 1)) {
        unsigned e = s->const_table[h];

        if (!e)
            break;
        t = &s->temps[e - 1];
        if (t->type == type && t->val == v)
            return e - 1;
    }
    n = temp_new(s, type, TEMP_CONST);
    if (s->overflow)
        return 0;
    s->temps[n].val = v;
    s->const_table[h] = (uint16_t)(n + 1);
    return n;
}

TCGv_i32 tcg_constant_i32(TCGContext *s, uint32_t val)
{
    return (TCGv_i32){ (uint16_t)constant_new(s, TCG_TYPE_I32, val) };
}

TCGv_i64 tcg_constant_i64(TCGContext *s, uint64_t val)
{
    return (TCGv_i64){ (uint16_t)constant_new(s, TCG_TYPE_I64, val) };
}

TCGLabel gen_new_label(TCGContext *s)
{
    if (s->nb_labels >= TCG_MAX_LABELS) {
        s->overflow = true;
        return (TCGLabel){ 0 };
    }
    return (TCGLabel){ (uint16_t)s->nb_labels++ };
}

/* ---- The op list ------------------------------------------------------------ */

TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, const TCGArg *args)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    TCGOp *op;

    if (s->overflow)
        return NULL;
    if (s->nb_ops >= TCG_MAX_OPS) {
        s->overflow = true;
        return NULL;
    }
    op = &s->ops[s->nb_ops++];
    op->opc = (uint16_t)opc;
    op->life = 0;
    memcpy(op->args, args, tcg_op_nargs(def) * sizeof(TCGArg));
    if (opc == TCG_OP_INSN_START) {
        s->nb_insns++;
        temps_free_insn(s);
    }
    return op;
}

/* ---- Dump --------------------------------------------------------------------- */

const char *tcg_cond_name(TCGCond c)
{
    static const char *const names[] = {
        [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
        [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
        [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge", [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
        [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu", [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
    };

    return (unsigned)c < sizeof(names) / sizeof(names[0]) && names[c] ? names[c] : "?";
}

const char *tcg_memop_name(MemOp op)
{
    static const char *const names[8] = { "ub", "uw", "ul", "uq", "sb", "sw", "sl", "sq" };

    return names[op & (MO_SIZE | MO_SIGN)];
}

const char *tcg_memop_idx_str(MemOpIdx oi, char *buf, size_t size)
{
    MemOp op = get_memop(oi);

    snprintf(buf, size, "%s%s%s%s mmu %u", tcg_memop_name(op), op & MO_ALIGN ? "+al" : "",
             op & MO_RMW ? "+rmw" : "", op & MO_STACK ? "+stack" : "", get_mmuidx(oi));
    return buf;
}

/* A line being built, then written to f or, for f == NULL, the -d log. */
typedef struct DumpLine {
    char buf[512];
    size_t len;
} DumpLine;

static void dl_printf(DumpLine *l, const char *fmt, ...) PRINTF_FMT(2, 3);

static void dl_printf(DumpLine *l, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (l->len >= sizeof(l->buf) - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n < sizeof(l->buf) - l->len ? (size_t)n : sizeof(l->buf) - 1 - l->len;
}

static void dl_flush(DumpLine *l, FILE *f)
{
    if (f)
        fprintf(f, "%s\n", l->buf);
    else
        log_printf("%s\n", l->buf);
    l->len = 0;
    l->buf[0] = 0;
}

static void dl_temp(DumpLine *l, const TCGContext *s, TCGArg a)
{
    const TCGTemp *t;

    if (a == TCG_ARG_NONE) {
        dl_printf(l, "-");
        return;
    }
    if (a >= s->nb_temps) {
        dl_printf(l, "?%" PRIu64, a);
        return;
    }
    t = &s->temps[a];
    switch (t->kind) {
    case TEMP_GLOBAL:
        dl_printf(l, "%s", t->name ? t->name : "global");
        break;
    case TEMP_CONST:
        dl_printf(l, "$0x%" PRIx64, t->val);
        break;
    case TEMP_TB:
        dl_printf(l, "tb%u", (unsigned)a);
        break;
    default:
        dl_printf(l, "tmp%u", (unsigned)a);
        break;
    }
}

static void dump_op(DumpLine *l, const TCGContext *s, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    const TCGArg *a = op->args;
    unsigned nio = def->nb_oargs + def->nb_iargs;

    switch (op->opc) {
    case TCG_OP_INSN_START:
        dl_printf(l, "---- insn 0x%" PRIx64 " %" PRIx64, a[0], a[1]);
        return;
    case TCG_OP_SET_LABEL:
        dl_printf(l, "L%u:", (unsigned)a[0]);
        return;
    case TCG_OP_CALL:
        dl_printf(l, " call 0x%" PRIx64 ", flags 0x%x, ", a[7], (unsigned)a[8]);
        dl_temp(l, s, a[0]);
        dl_printf(l, " =");
        for (unsigned i = 0; i < a[9]; i++) {
            dl_printf(l, i ? ", " : " ");
            dl_temp(l, s, a[1 + i]);
        }
        break;
    default:
        dl_printf(l, " %s ", def->name);
        for (unsigned i = 0; i < nio; i++) {
            dl_printf(l, i ? ", " : "");
            dl_temp(l, s, a[i]);
        }
        switch (op->opc) {
        case TCG_OP_DISCARD:
            dl_temp(l, s, a[0]);
            break;
        case TCG_OP_BR:
            dl_printf(l, "L%u", (unsigned)a[0]);
            break;
        case TCG_OP_BRCOND_I32: case TCG_OP_BRCOND_I64:
            dl_printf(l, ", %s, L%u", tcg_cond_name((TCGCond)a[2]), (unsigned)a[3]);
            break;
        case TCG_OP_SETCOND_I32: case TCG_OP_SETCOND_I64:
        case TCG_OP_MOVCOND_I32: case TCG_OP_MOVCOND_I64:
            dl_printf(l, ", %s", tcg_cond_name((TCGCond)a[nio]));
            break;
        case TCG_OP_LD_I32: case TCG_OP_LD_I64: case TCG_OP_ST_I32: case TCG_OP_ST_I64:
            dl_printf(l, ", %+" PRId64 ", %s", (int64_t)(int32_t)a[nio],
                      tcg_memop_name((MemOp)a[nio + 1]));
            break;
        case TCG_OP_GUEST_LD_I32: case TCG_OP_GUEST_LD_I64:
        case TCG_OP_GUEST_ST_I32: case TCG_OP_GUEST_ST_I64: {
            char m[48];

            dl_printf(l, ", %s", tcg_memop_idx_str((MemOpIdx)a[nio], m, sizeof(m)));
            break;
        }
        case TCG_OP_MOVI_I32: case TCG_OP_MOVI_I64:
            dl_printf(l, ", $0x%" PRIx64, a[1]);
            break;
        case TCG_OP_EXIT_TB:
            dl_printf(l, "0x%" PRIx64, a[0]);
            break;
        default:
            for (unsigned i = 0; i < def->nb_cargs; i++)
                dl_printf(l, "%s%" PRIu64, nio + i ? ", " : "", a[nio + i]);
            break;
        }
        break;
    }
    if (op->life) {
        dl_printf(l, "  dead:");
        for (unsigned i = 0; i < TCG_MAX_OPARGS; i++)
            if (op->life & (1u << i))
                dl_printf(l, " %u", i);
    }
}

void tcg_dump_ops(TCGContext *s, FILE *f)
{
    DumpLine l = { .len = 0 };

    for (unsigned i = 0; i < s->nb_ops; i++) {
        dump_op(&l, s, &s->ops[i]);
        dl_flush(&l, f);
    }
}
