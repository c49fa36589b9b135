/*
 * The HMP commands: one table row each (name|aliases, params, help, the
 * most words it takes, handler), and `info` with its own table. Names,
 * parameters and messages follow QEMU's hmp-commands.hx and
 * hmp-commands-info.hx so users and scripts meet what they know.
 */
#include <stdlib.h>
#include <string.h>

#include "chardev/char.h"
#include "config.h"
#include "monitor/monitor.h"
#include "system/memory.h"
#include "system/runstate.h"

/* Run a board hook that writes to a FILE, and copy its text to the monitor. */
static void with_stream(Monitor *mon, void (*fn)(void *ctx, FILE *out), void *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return;
    fn(ctx, f);
    fclose(f);
    if (buf)
        monitor_puts(mon, buf);
    free(buf);
}

static void hmp_help_cmd(Monitor *mon, int argc, char **argv)
{
    hmp_help(mon, argc ? argv[0] : NULL);
}

static void hmp_info(Monitor *mon, int argc, char **argv)
{
    /* Reached only without a subcommand: list them, as QEMU. */
    hmp_help(mon, "info");
}

static void hmp_quit(Monitor *mon, int argc, char **argv)
{
    /* No prompt after quit: the process is going away. */
    monitor_suspend(mon);
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QUIT, 0);
}

static void hmp_stop(Monitor *mon, int argc, char **argv)
{
    vm_stop(RUN_STATE_PAUSED);
}

static void hmp_cont(Monitor *mon, int argc, char **argv)
{
    if (runstate_needs_reset()) {
        monitor_puts(mon, "Resetting the Virtual Machine is required\n");
        return;
    }
    vm_start();
}

static void hmp_system_reset(Monitor *mon, int argc, char **argv)
{
    runstate_request_host_reset();
}

static void hmp_system_powerdown(Monitor *mon, int argc, char **argv)
{
    runstate_request_powerdown();
}

static void hmp_info_version(Monitor *mon, int argc, char **argv)
{
    monitor_printf(mon, "%s\n", VIREO_VERSION);
}

static void hmp_info_name(Monitor *mon, int argc, char **argv)
{
    if (monitor_vm_name())
        monitor_printf(mon, "%s\n", monitor_vm_name());
}

static void hmp_info_status(Monitor *mon, int argc, char **argv)
{
    RunState s = runstate_get();

    /* QEMU: "running" or "paused", and the reason when it is not a plain stop. */
    monitor_printf(mon, "VM status: %s", s == RUN_STATE_RUNNING ? "running" : "paused");
    if (s != RUN_STATE_RUNNING && s != RUN_STATE_PAUSED)
        monitor_printf(mon, " (%s)", runstate_name(s));
    monitor_puts(mon, "\n");
}

typedef struct HookCall {
    const MonitorMachineOps *ops;
    void *opaque;
    int which, cpu;
} HookCall;

enum { HOOK_CPUS, HOOK_REGISTERS, HOOK_PCI, HOOK_BLOCK };

static void run_hook(void *ctx, FILE *out)
{
    HookCall *c = ctx;

    switch (c->which) {
    case HOOK_CPUS:
        if (c->ops->info_cpus)
            c->ops->info_cpus(c->opaque, out);
        break;
    case HOOK_REGISTERS:
        if (c->ops->info_registers)
            c->ops->info_registers(c->opaque, out, c->cpu);
        break;
    case HOOK_PCI:
        if (c->ops->info_pci)
            c->ops->info_pci(c->opaque, out);
        break;
    case HOOK_BLOCK:
        if (c->ops->info_block)
            c->ops->info_block(c->opaque, out);
        break;
    }
}

static void call_hook(Monitor *mon, int which, int cpu)
{
    HookCall c = { .which = which, .cpu = cpu };

    c.ops = monitor_machine(&c.opaque);
    if (c.ops)
        with_stream(mon, run_hook, &c);
}

static void hmp_info_cpus(Monitor *mon, int argc, char **argv)
{
    call_hook(mon, HOOK_CPUS, 0);
}

static void hmp_info_registers(Monitor *mon, int argc, char **argv)
{
    int cpu = 0;

    if (argc == 1) {
        char *end;
        long v;

        if (!strcmp(argv[0], "-a")) {
            cpu = -1;
        } else {
            v = strtol(argv[0], &end, 0);
            if (*end || end == argv[0] || v < 0 || v > 1023) {
                monitor_printf(mon, "invalid CPU index '%s'\n", argv[0]);
                return;
            }
            cpu = (int)v;
        }
    }
    call_hook(mon, HOOK_REGISTERS, cpu);
}

static void hmp_info_pci(Monitor *mon, int argc, char **argv)
{
    call_hook(mon, HOOK_PCI, 0);
}

static void hmp_info_block(Monitor *mon, int argc, char **argv)
{
    call_hook(mon, HOOK_BLOCK, 0);
}

typedef struct MtreeArgs {
    bool flat, disabled;
} MtreeArgs;

static void dump_mtree(void *ctx, FILE *out)
{
    MtreeArgs *a = ctx;

    memory_region_dump_mtree(out, a->flat, a->disabled);
}

static void hmp_info_mtree(Monitor *mon, int argc, char **argv)
{
    MtreeArgs a = { false, false };

    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-f")) {
            a.flat = true;
        } else if (!strcmp(argv[i], "-D")) {
            a.disabled = true;
        } else {
            monitor_printf(mon, "info mtree: unknown option '%s'\n", argv[i]);
            return;
        }
    }
    with_stream(mon, dump_mtree, &a);
}

static void print_chardev(void *opaque, const char *label, const char *filename)
{
    monitor_printf(opaque, "%s: filename=%s\n", label, filename);
}

static void hmp_info_chardev(Monitor *mon, int argc, char **argv)
{
    chr_foreach(print_chardev, mon);
}

const HMPCommand hmp_info_cmds[] = {
    { "block", "", "show info of one block device or all block devices", 0, hmp_info_block, NULL },
    { "chardev", "", "show the character devices", 0, hmp_info_chardev, NULL },
    { "cpus", "", "show infos for each CPU", 0, hmp_info_cpus, NULL },
    { "mtree", "[-f][-D]", "show memory tree (-f: dump flat view for address spaces; -D: dump disabled regions)", 2,
      hmp_info_mtree, NULL },
    { "name", "", "show the current VM name", 0, hmp_info_name, NULL },
    { "pci", "", "show PCI info", 0, hmp_info_pci, NULL },
    { "registers", "[-a|vcpu]",
      "show the cpu registers (-a: show register info for all cpus; vcpu: specific vCPU to query; "
      "show the current CPU's registers if no argument is specified)",
      1, hmp_info_registers, NULL },
    { "status", "", "show the current VM status (running|paused)", 0, hmp_info_status, NULL },
    { "version", "", "show the version of Vireo", 0, hmp_info_version, NULL },
    { NULL },
};

const HMPCommand hmp_cmds[] = {
    { "cont|c", "", "resume emulation", 0, hmp_cont, NULL },
    { "help|?", "[cmd]", "show the help", 1, hmp_help_cmd, NULL },
    { "info", "[subcommand]", "show various information about the system state", 0, hmp_info, hmp_info_cmds },
    { "q|quit", "", "quit the emulator", 0, hmp_quit, NULL },
    { "stop|s", "", "stop emulation", 0, hmp_stop, NULL },
    { "system_powerdown", "", "send system power down event", 0, hmp_system_powerdown, NULL },
    { "system_reset", "", "reset the system", 0, hmp_system_reset, NULL },
    { NULL },
};

static void help_row(Monitor *mon, const char *prefix, const HMPCommand *c)
{
    /* QEMU's layout: "name params -- help". */
    monitor_printf(mon, "%s%s %s -- %s\n", prefix, c->name, c->params, c->help);
}

void hmp_help(Monitor *mon, const char *name)
{
    const HMPCommand *c;

    if (!name) {
        for (c = hmp_cmds; c->name; c++)
            help_row(mon, "", c);
        return;
    }
    for (c = hmp_cmds; c->name; c++) {
        if (hmp_name_matches(c, name, strlen(name)))
            break;
    }
    if (!c->name) {
        monitor_printf(mon, "unknown command: '%s'\n", name);
        return;
    }
    if (c->sub) {
        for (const HMPCommand *s = c->sub; s->name; s++)
            help_row(mon, "info ", s);
        return;
    }
    help_row(mon, "", c);
}
