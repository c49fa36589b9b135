/*
 * x/FMT ADDR and xp/FMT ADDR: guest memory as QEMU 7.2's monitor prints it
 * (monitor/misc.c memory_dump), with ADDR an expression of numbers (C
 * notation), $registers, + - * / % & | ^ ~ and parentheses.
 *
 * FMT is [count][format][size] in any order after the count: format one of
 * x d u o c i, size b h w g; the format and size last used are remembered
 * (x and w at first), the count is 1 unless given. With i the bytes are
 * disassembled (capstone, system/disas.h) at the CPU's code size, or 16/32/64
 * bits for size h/w/g.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor.h"
#include "system/disas.h"

/* The monitor's CPU: QEMU's `cpu N` is not there yet, so the first one. */
#define MON_CPU 0

static int default_format = 'x';
static int default_size = 4;

/* ---- Expressions ------------------------------------------------------------------ */

typedef struct Expr {
    Monitor *mon;
    const char *p;
    const char *err;
} Expr;

static void skip_ws(Expr *e)
{
    while (*e->p == ' ' || *e->p == '\t')
        e->p++;
}

static uint64_t expr_sum(Expr *e);

static uint64_t expr_unary(Expr *e)
{
    const MonitorMachineOps *ops;
    void *opaque;
    uint64_t v = 0;

    skip_ws(e);
    if (e->err)
        return 0;
    switch (*e->p) {
    case '-': e->p++; return -expr_unary(e);
    case '+': e->p++; return expr_unary(e);
    case '~': e->p++; return ~expr_unary(e);
    case '(':
        e->p++;
        v = expr_sum(e);
        skip_ws(e);
        if (*e->p != ')')
            e->err = "')' expected";
        else
            e->p++;
        return v;
    case '$': {
        char name[16];
        size_t n = 0;

        e->p++;
        while ((isalnum((unsigned char)*e->p) || *e->p == '_') && n < sizeof(name) - 1)
            name[n++] = (char)tolower((unsigned char)*e->p++);
        name[n] = '\0';
        ops = monitor_machine(&opaque);
        if (!ops || !ops->get_register || ops->get_register(opaque, MON_CPU, name, &v) < 0)
            e->err = "unknown register";
        return v;
    }
    default:
        if (isdigit((unsigned char)*e->p)) {
            char *end;

            v = strtoull(e->p, &end, 0);
            e->p = end;
            return v;
        }
        e->err = *e->p ? "invalid char in expression" : "unexpected end of expression";
        return 0;
    }
}

static uint64_t expr_product(Expr *e)
{
    uint64_t v = expr_unary(e), w;

    for (;;) {
        char op;

        skip_ws(e);
        op = *e->p;
        if (e->err || (op != '*' && op != '/' && op != '%' && op != '&'))
            return v;
        e->p++;
        w = expr_unary(e);
        if ((op == '/' || op == '%') && w == 0) {
            e->err = "division by zero";
            return 0;
        }
        v = op == '*' ? v * w : op == '/' ? v / w : op == '%' ? v % w : v & w;
    }
}

static uint64_t expr_sum(Expr *e)
{
    uint64_t v = expr_product(e), w;

    for (;;) {
        char op;

        skip_ws(e);
        op = *e->p;
        if (e->err || (op != '+' && op != '-' && op != '|' && op != '^'))
            return v;
        e->p++;
        w = expr_product(e);
        v = op == '+' ? v + w : op == '-' ? v - w : op == '|' ? (v | w) : (v ^ w);
    }
}

/* Evaluate s as a whole; false after printing why. */
static bool eval(Monitor *mon, const char *s, uint64_t *out)
{
    Expr e = { .mon = mon, .p = s };

    *out = expr_sum(&e);
    skip_ws(&e);
    if (!e.err && *e.p)
        e.err = "invalid char in expression";
    if (e.err) {
        monitor_printf(mon, "%s\n", e.err);
        return false;
    }
    return true;
}

/* ---- The dump --------------------------------------------------------------------- */

static bool parse_format(Monitor *mon, const char *f, long *count, int *format, int *size)
{
    int fmt = -1, sz = -1;

    *count = 1;
    if (isdigit((unsigned char)*f)) {
        *count = strtol(f, (char **)&f, 10);
    }
    for (; *f; f++) {
        switch (*f) {
        case 'o': case 'd': case 'u': case 'x': case 'i': case 'c': fmt = *f; break;
        case 'b': sz = 1; break;
        case 'h': sz = 2; break;
        case 'w': sz = 4; break;
        case 'g': case 'L': sz = 8; break;
        default:
            monitor_printf(mon, "invalid char in format: '%c'\n", *f);
            return false;
        }
    }
    if (fmt < 0)
        fmt = default_format;
    if (fmt != 'i') {
        if (sz < 0)
            sz = default_size;
        default_size = sz;
    }
    default_format = fmt;
    *format = fmt;
    *size = sz;
    return true;
}

static void print_char(Monitor *mon, unsigned c)
{
    switch (c) {
    case '\'': monitor_printf(mon, "'\\''"); break;
    case '\\': monitor_printf(mon, "'\\\\'"); break;
    case '\n': monitor_printf(mon, "'\\n'"); break;
    case '\r': monitor_printf(mon, "'\\r'"); break;
    default:
        if (c >= 32 && c <= 126)
            monitor_printf(mon, "'%c'", c);
        else
            monitor_printf(mon, "'\\x%02x'", c);
    }
}

static void dump_insns(Monitor *mon, const MonitorMachineOps *ops, void *opaque, uint64_t addr,
                       bool phys, long count, int size)
{
    int bits = size == 2 ? 16 : size == 4 ? 32 : size == 8 ? 64
             : ops->code_bits ? ops->code_bits(opaque, MON_CPU) : 64;

    for (long n = 0; n < count; n++) {
        uint8_t buf[16];
        char *text = NULL;
        size_t len = 0, used = 0;
        FILE *m;

        if (ops->read_memory(opaque, MON_CPU, addr, phys, buf, sizeof(buf)) < 0) {
            /* Near the end of what is mapped: the instruction may still fit. */
            size_t k = sizeof(buf);

            while (k > 1 && ops->read_memory(opaque, MON_CPU, addr, phys, buf, k - 1) < 0)
                k--;
            if (k <= 1) {
                monitor_printf(mon, "0x%08" PRIx64 ": unable to read memory\n", addr);
                return;
            }
            len = k - 1;
        } else {
            len = sizeof(buf);
        }
        if (!(m = open_memstream(&text, &used)))
            return;
        len = disas_x86(m, buf, len, addr, bits, 1, 8);
        fclose(m);
        monitor_puts(mon, text ? text : "");
        free(text);
        if (!len)
            return;
        addr += len;
    }
}

static void memory_dump(Monitor *mon, int argc, char **argv, bool phys)
{
    const char *name = phys ? "xp" : "x";
    const MonitorMachineOps *ops;
    void *opaque;
    long count;
    int format, size;
    uint64_t addr;
    const char *fmt = "";
    char expr[256] = "";
    int i = 0;

    ops = monitor_machine(&opaque);
    if (argc > 0 && argv[0][0] == '/')
        fmt = argv[i++] + 1;
    for (size_t n = 0; i < argc; i++) {
        n += (size_t)snprintf(expr + n, sizeof(expr) - n, "%s%s", n ? " " : "", argv[i]);
        if (n >= sizeof(expr))
            break;
    }
    /* A mistake in either, as QEMU: the reason, then where to read more. */
    if (!parse_format(mon, fmt, &count, &format, &size) || !eval(mon, expr, &addr)) {
        monitor_printf(mon, "Try \"help %s\" for more information\n", name);
        return;
    }
    if (!ops || !ops->read_memory) {
        monitor_printf(mon, "the machine has no memory to show\n");
        return;
    }
    if (format == 'i') {
        dump_insns(mon, ops, opaque, addr, phys, count, size);
        return;
    }
    {
        long len = (long)size * count;
        int line_size = size == 1 ? 8 : 16, wsize = format == 'c' ? 1 : size;
        int digits = format == 'o' ? (wsize * 8 + 2) / 3
                   : format == 'u' || format == 'd' ? (wsize * 8 * 10 + 32) / 33 : wsize * 2;

        while (len > 0) {
            uint8_t buf[16];
            int l = len > line_size ? line_size : (int)len;

            monitor_printf(mon, "%016" PRIx64 ":", addr);
            if (ops->read_memory(opaque, MON_CPU, addr, phys, buf, (size_t)l) < 0) {
                monitor_printf(mon, " Cannot access memory\n");
                return;
            }
            for (int k = 0; k < l; k += wsize) {
                uint64_t v = 0;

                for (int b = wsize - 1; b >= 0; b--)
                    v = v << 8 | buf[k + b];
                monitor_printf(mon, " ");
                switch (format) {
                case 'o': monitor_printf(mon, "%#*" PRIo64, digits, v); break;
                case 'x': monitor_printf(mon, "0x%0*" PRIx64, digits, v); break;
                case 'u': monitor_printf(mon, "%*" PRIu64, digits, v); break;
                /* As QEMU: the unit is loaded zero-extended, so only g shows a sign. */
                case 'd': monitor_printf(mon, "%*" PRId64, digits, (int64_t)v); break;
                default: print_char(mon, (unsigned)v); break;
                }
            }
            monitor_printf(mon, "\n");
            addr += (uint64_t)l;
            len -= l;
        }
    }
}

void hmp_x(Monitor *mon, int argc, char **argv)
{
    memory_dump(mon, argc, argv, false);
}

void hmp_xp(Monitor *mon, int argc, char **argv)
{
    memory_dump(mon, argc, argv, true);
}
