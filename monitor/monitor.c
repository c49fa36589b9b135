/*
 * The HMP monitor: a chardev frontend with a line editor, output held while
 * a mux gives the focus to someone else, and the dispatch of command lines
 * to the table in hmp-cmds.c. See monitor.h.
 */
#include "monitor/monitor.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "monitor/readline.h"

/* Output held while out of focus (a mux), beyond which it is dropped. */
#define MONITOR_HOLD_MAX (64 * 1024)
#define MONITOR_MAX_ARGS 16

struct Monitor {
    Chardev *chr;
    CharFrontend fe;
    ReadLineState *rs;
    char *out;
    size_t out_len, out_cap;
    bool mux_out;           /* a mux gave the focus to another frontend */
    bool reset_seen;        /* the banner was printed: a session exists */
    bool suspended;         /* after quit */
    bool in_command;        /* no prompt until the command finishes */
    Monitor *next;
};

static Monitor *monitors;
static const MonitorMachineOps *machine_ops;
static void *machine_opaque;
static const char *vm_name;

void monitor_set_machine(const MonitorMachineOps *ops, void *opaque)
{
    machine_ops = ops;
    machine_opaque = opaque;
}

const MonitorMachineOps *monitor_machine(void **opaque)
{
    *opaque = machine_opaque;
    return machine_ops;
}

void monitor_set_vm_name(const char *name) { vm_name = name; }
const char *monitor_vm_name(void) { return vm_name; }

static void monitor_flush(Monitor *mon)
{
    if (mon->mux_out || !mon->out_len)
        return;
    chr_write(mon->chr, (const uint8_t *)mon->out, (int)mon->out_len);
    mon->out_len = 0;
}

static void out_append(Monitor *mon, const char *s, size_t n)
{
    if (mon->out_len + n > MONITOR_HOLD_MAX)
        n = MONITOR_HOLD_MAX - mon->out_len;
    if (!n)
        return;
    if (mon->out_len + n > mon->out_cap) {
        size_t cap = mon->out_cap ? mon->out_cap : 256;

        while (cap < mon->out_len + n)
            cap *= 2;
        if (!(mon->out = realloc(mon->out, cap)))
            abort();
        mon->out_cap = cap;
    }
    memcpy(mon->out + mon->out_len, s, n);
    mon->out_len += n;
}

/* QEMU sends "\r\n" for "\n": the terminal on the other end is raw. */
static void monitor_write(Monitor *mon, const char *s, size_t n)
{
    size_t start = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            out_append(mon, s + start, i - start);
            out_append(mon, "\r\n", 2);
            start = i + 1;
        }
    }
    out_append(mon, s + start, n - start);
    monitor_flush(mon);
}

void monitor_puts(Monitor *mon, const char *str)
{
    monitor_write(mon, str, strlen(str));
}

void monitor_printf(Monitor *mon, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    monitor_write(mon, s, (size_t)n);
    free(s);
}

void monitor_suspend(Monitor *mon) { mon->suspended = true; }

bool hmp_name_matches(const HMPCommand *cmd, const char *s, size_t len)
{
    for (const char *p = cmd->name; *p;) {
        size_t l = strcspn(p, "|");

        if (l == len && !memcmp(p, s, len))
            return true;
        p += l;
        if (*p == '|')
            p++;
    }
    return false;
}

static const HMPCommand *find_cmd(const HMPCommand *table, const char *name, size_t len)
{
    for (const HMPCommand *c = table; c->name; c++) {
        if (hmp_name_matches(c, name, len))
            return c;
    }
    return NULL;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static size_t word_len(const char *p)
{
    return strcspn(p, " \t");
}

/* A command's name ends at a blank or at the "/fmt" of x and xp, as QEMU reads it. */
static size_t name_len(const char *p)
{
    return strcspn(p, " \t/");
}

/* Split p into words (quotes are not special in the commands so far). */
static int split_args(char *p, char **argv, int max)
{
    int argc = 0;

    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            return argc;
        if (argc == max)
            return max + 1;
        argv[argc++] = p;
        p += word_len(p);
        if (*p)
            *p++ = '\0';
    }
}

void monitor_execute(Monitor *mon, const char *line)
{
    const char *start = skip_space(line), *p = start;
    const HMPCommand *table = hmp_cmds, *cmd;
    char *copy, *argv[MONITOR_MAX_ARGS];
    int argc;

    if (!*p)
        return;
    /* Walk into sub-tables ("info status"); errors name everything typed so far, as QEMU. */
    for (;;) {
        size_t len = name_len(p);

        cmd = find_cmd(table, p, len);
        if (!cmd) {
            monitor_printf(mon, "unknown command: '%.*s'\n", (int)(p + len - start), start);
            return;
        }
        p = skip_space(p + len);
        if (!cmd->sub || !*p)
            break;
        table = cmd->sub;
    }
    if (!(copy = strdup(p)))
        return;
    argc = split_args(copy, argv, cmd->max_args < MONITOR_MAX_ARGS ? cmd->max_args : MONITOR_MAX_ARGS);
    if (argc > cmd->max_args) {
        /* The name as typed, without trailing arguments. */
        int name_len = (int)(p - start);

        while (name_len > 0 && (start[name_len - 1] == ' ' || start[name_len - 1] == '\t'))
            name_len--;
        monitor_printf(mon, "%.*s: extra parameters\n", name_len, start);
        monitor_printf(mon, "Try \"help %.*s\" for more information\n", name_len, start);
    } else {
        cmd->handler(mon, argc, argv);
    }
    free(copy);
}

/* ---- The chardev frontend and the line editor ----------------------- */

static void rl_output(void *opaque, const char *buf, size_t len)
{
    monitor_write(opaque, buf, len);
}

static void rl_line(void *opaque, const char *line)
{
    Monitor *mon = opaque;

    mon->in_command = true;
    monitor_execute(mon, line);
    mon->in_command = false;
    if (!mon->suspended)
        readline_show_prompt(mon->rs);
}

static void complete_from(const HMPCommand *table, const char *word, void (*add)(ReadLineState *, const char *),
                          ReadLineState *rs)
{
    size_t wl = strlen(word);

    for (const HMPCommand *c = table; c->name; c++) {
        for (const char *p = c->name; *p;) {
            size_t l = strcspn(p, "|");
            char name[64];

            if (l >= wl && l < sizeof(name) && !memcmp(p, word, wl)) {
                memcpy(name, p, l);
                name[l] = '\0';
                add(rs, name);
            }
            p += l;
            if (*p == '|')
                p++;
        }
    }
}

static void rl_complete(void *opaque, const char *line, void (*add)(ReadLineState *, const char *),
                        ReadLineState *rs)
{
    const char *p = skip_space(line);
    size_t len = word_len(p);
    const HMPCommand *cmd;

    if (!p[len]) {
        complete_from(hmp_cmds, p, add, rs);
        return;
    }
    /* The second word of "info X" and "help X". */
    cmd = find_cmd(hmp_cmds, p, len);
    p = skip_space(p + len);
    if (!cmd || p[word_len(p)])
        return;
    if (cmd->sub)
        complete_from(cmd->sub, p, add, rs);
    else if (hmp_name_matches(cmd, "help", 4))
        complete_from(hmp_cmds, p, add, rs);
}

static int monitor_can_receive(void *opaque)
{
    Monitor *mon = opaque;

    return mon->suspended ? 0 : 4096;
}

static void monitor_receive(void *opaque, const uint8_t *buf, int len)
{
    Monitor *mon = opaque;

    for (int i = 0; i < len && !mon->suspended; i++)
        readline_handle_byte(mon->rs, buf[i]);
}

static void monitor_event(void *opaque, ChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        monitor_printf(mon, "Vireo %s monitor - type 'help' for more information\n", VIREO_VERSION);
        readline_restart(mon->rs);
        if (!mon->mux_out && !mon->suspended)
            readline_show_prompt(mon->rs);
        mon->reset_seen = true;
        break;
    case CHR_EVENT_MUX_IN:
        mon->mux_out = false;
        monitor_flush(mon);
        if (mon->reset_seen && !mon->suspended) {
            readline_restart(mon->rs);
            readline_show_prompt(mon->rs);
        }
        break;
    case CHR_EVENT_MUX_OUT:
        /* End the prompt's line before the console takes over, as QEMU. */
        if (mon->reset_seen && !mon->suspended)
            monitor_puts(mon, "\n");
        mon->mux_out = true;
        break;
    case CHR_EVENT_CLOSED:
    case CHR_EVENT_BREAK:
        break;
    }
}

static Monitor *monitor_create(Chardev *chr, bool listed)
{
    Monitor *mon = calloc(1, sizeof(*mon));
    ReadLineOps ops = { .output = rl_output, .line = rl_line, .complete = rl_complete };

    if (!mon)
        return NULL;
    ops.opaque = mon;
    mon->chr = chr;
    if (!(mon->rs = readline_new(&ops, "(qemu) "))) {
        free(mon);
        return NULL;
    }
    mon->fe = (CharFrontend){
        .can_receive = monitor_can_receive,
        .receive = monitor_receive,
        .event = monitor_event,
        .opaque = mon,
    };
    if (listed) {
        mon->next = monitors;
        monitors = mon;
    }
    if (chr_attach(chr, &mon->fe) < 0) {
        error_report("the monitor's character device is already in use");
        monitor_free(mon);
        return NULL;
    }
    return mon;
}

Monitor *monitor_new(Chardev *chr)
{
    return monitor_create(chr, true);
}

Monitor *monitor_new_private(Chardev *chr)
{
    return monitor_create(chr, false);
}

void monitor_free(Monitor *mon)
{
    if (!mon)
        return;
    for (Monitor **p = &monitors; *p; p = &(*p)->next) {
        if (*p == mon) {
            *p = mon->next;
            break;
        }
    }
    chr_detach(mon->chr, &mon->fe);
    readline_free(mon->rs);
    free(mon->out);
    free(mon);
}

void monitor_cleanup(void)
{
    while (monitors)
        monitor_free(monitors);
}
