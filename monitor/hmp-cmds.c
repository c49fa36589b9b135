/*
 * The HMP commands: one table row each (name|aliases, params, help, the
 * most words it takes, handler), and `info` with its own table. Names,
 * parameters and messages follow QEMU's hmp-commands.hx and
 * hmp-commands-info.hx so users and scripts meet what they know.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "accel/kvm/kvm.h"
#include "block/block-backend.h"
#include "chardev/char.h"
#include "config.h"
#include "monitor/monitor.h"
#include "net/clients.h"
#include "net/net.h"
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

/* QEMU's three answers: built in and running, built in and not used, not built. */
static void hmp_info_kvm(Monitor *mon, int argc, char **argv)
{
    monitor_printf(mon, "kvm support: %s\n",
                   !kvm_available() ? "not compiled" : kvm_enabled() ? "enabled" : "disabled");
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

enum { HOOK_CPUS, HOOK_REGISTERS, HOOK_PCI };

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

static void dump_blocks(void *ctx, FILE *out)
{
    blk_info(out);
}

static void hmp_info_block(Monitor *mon, int argc, char **argv)
{
    with_stream(mon, dump_blocks, NULL);
}

static void dump_blockstats(void *ctx, FILE *out)
{
    blk_info_stats(out);
}

static void hmp_info_blockstats(Monitor *mon, int argc, char **argv)
{
    with_stream(mon, dump_blockstats, NULL);
}

/* eject [-f] device */
static void hmp_eject(Monitor *mon, int argc, char **argv)
{
    bool force = argc == 2 && !strcmp(argv[0], "-f");
    char err[512];

    if (argc == 0 || (argc == 2 && !force)) {
        monitor_puts(mon, "eject: invalid arguments\n");
        return;
    }
    if (blk_eject(argv[argc - 1], force, err, sizeof(err)) < 0)
        monitor_printf(mon, "Error: %s\n", err);
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

/* ---- The display (ui/display.c's hooks) ------------------------------ */

static const MonitorDisplayOps *display_ops;
static void *display_opaque;

void monitor_set_display(const MonitorDisplayOps *ops, void *opaque)
{
    display_ops = ops;
    display_opaque = opaque;
}

/* screendump FILENAME [-f ppm|png]: PPM unless asked, as QEMU. */
static void hmp_screendump(Monitor *mon, int argc, char **argv)
{
    const char *path = NULL;
    bool png = false;
    int ret;

    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-f") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "png")) {
                png = true;
            } else if (strcmp(argv[i], "ppm")) {
                monitor_printf(mon, "Parameter 'format' does not accept value '%s'\n", argv[i]);
                return;
            }
        } else if (!path) {
            path = argv[i];
        } else {
            monitor_printf(mon, "screendump: extra parameter '%s'\n", argv[i]);
            return;
        }
    }
    if (!path) {
        monitor_puts(mon, "Parameter 'filename' is missing\n");
        return;
    }
    if (!display_ops || !display_ops->screendump) {
        monitor_puts(mon, "There is no console to take a screendump from\n");
        return;
    }
    ret = display_ops->screendump(display_opaque, path, png);
    if (ret == -ENODEV)
        monitor_puts(mon, "There is no console to take a screendump from\n");
    else if (ret == -ENOTSUP)
        monitor_puts(mon, "PNG support is disabled (Vireo was built without libpng)\n");
    else if (ret < 0)
        monitor_printf(mon, "Could not write '%s': %s\n", path, strerror(-ret));
}

/* sendkey KEYS [HOLD_MS]: "ctrl-alt-delete", held 100 ms unless told. */
static void hmp_sendkey(Monitor *mon, int argc, char **argv)
{
    const char *bad = NULL;
    int bad_len = 0, hold = 100, ret;

    if (argc < 1) {
        monitor_puts(mon, "Parameter 'keys' is missing\n");
        return;
    }
    if (argc == 2) {
        char *end;
        long v = strtol(argv[1], &end, 0);

        if (*end || end == argv[1] || v < 0 || v > 60000) {
            monitor_printf(mon, "invalid hold time '%s'\n", argv[1]);
            return;
        }
        hold = (int)v;
    }
    if (!display_ops || !display_ops->sendkey) {
        monitor_puts(mon, "sendkey: no keyboard\n");
        return;
    }
    ret = display_ops->sendkey(display_opaque, argv[0], hold, &bad, &bad_len);
    if (ret == -EINVAL)
        monitor_printf(mon, "invalid parameter: %.*s\n", bad_len, bad ? bad : "");
}

static void run_info_vnc(void *ctx, FILE *out)
{
    display_ops->info_vnc(display_opaque, out);
}

static void hmp_info_vnc(Monitor *mon, int argc, char **argv)
{
    if (!display_ops || !display_ops->info_vnc) {
        monitor_puts(mon, "VNC is not available\n");
        return;
    }
    with_stream(mon, run_info_vnc, NULL);
}

/* change vnc password PASSWORD */
static void hmp_change_vnc(Monitor *mon, int argc, char **argv)
{
    int ret;

    if (argc < 2 || strcmp(argv[1], "password")) {
        monitor_puts(mon, "change: only 'change vnc password PASSWORD' is supported for vnc\n");
        return;
    }
    if (argc < 3) {
        monitor_puts(mon, "Parameter 'password' is missing\n");
        return;
    }
    if (!display_ops || !display_ops->vnc_password) {
        monitor_puts(mon, "Could not set password\n");
        return;
    }
    ret = display_ops->vnc_password(display_opaque, argv[2]);
    if (ret < 0)
        monitor_puts(mon, "Could not set password\n");
}

/* change device filename [format]: a new medium for a removable drive. */
static void hmp_change(Monitor *mon, int argc, char **argv)
{
    char err[512];

    if (argc >= 1 && !strcmp(argv[0], "vnc")) {
        hmp_change_vnc(mon, argc, argv);
        return;
    }
    if (argc < 2) {
        monitor_puts(mon, "change: device and filename expected\n");
        return;
    }
    if (blk_change_medium(argv[0], argv[1], argc > 2 ? argv[2] : NULL, err, sizeof(err)) < 0)
        monitor_printf(mon, "Error: %s\n", err);
}

/* ---- Network (net/net.h) ----------------------------------------------------------- */

static void dump_network(void *ctx, FILE *out)
{
    net_info(out);
}

static void hmp_info_network(Monitor *mon, int argc, char **argv)
{
    with_stream(mon, dump_network, NULL);
}

/* set_link name on|off */
static void hmp_set_link(Monitor *mon, int argc, char **argv)
{
    bool up;

    if (argc != 2) {
        monitor_puts(mon, "set_link: name and on|off expected\n");
        return;
    }
    if (!strcmp(argv[1], "on")) {
        up = true;
    } else if (!strcmp(argv[1], "off")) {
        up = false;
    } else {
        monitor_puts(mon, "Expected 'on' or 'off'\n");
        return;
    }
    if (net_set_link(argv[0], up) < 0)
        monitor_printf(mon, "Error: Device '%s' not found\n", argv[0]);
}

typedef struct HostfwdArgs {
    const char *netdev, *rule;
    bool add;
} HostfwdArgs;

static void do_hostfwd(void *ctx, FILE *out)
{
    HostfwdArgs *a = ctx;

    if (a->add)
        net_slirp_hostfwd_add(a->netdev, a->rule, out);
    else
        net_slirp_hostfwd_remove(a->netdev, a->rule, out);
}

/* hostfwd_add / hostfwd_remove [netdev_id] rule */
static void hmp_hostfwd(Monitor *mon, int argc, char **argv, bool add)
{
    HostfwdArgs a = { argc == 2 ? argv[0] : NULL, argv[argc - 1], add };

    if (argc < 1) {
        monitor_printf(mon, "%s: a forwarding rule expected\n", add ? "hostfwd_add" : "hostfwd_remove");
        return;
    }
    with_stream(mon, do_hostfwd, &a);
}

static void hmp_hostfwd_add(Monitor *mon, int argc, char **argv) { hmp_hostfwd(mon, argc, argv, true); }
static void hmp_hostfwd_remove(Monitor *mon, int argc, char **argv) { hmp_hostfwd(mon, argc, argv, false); }

const HMPCommand hmp_info_cmds[] = {
    { "block", "", "show info of one block device or all block devices", 0, hmp_info_block, NULL },
    { "blockstats", "", "show block device statistics", 0, hmp_info_blockstats, NULL },
    { "chardev", "", "show the character devices", 0, hmp_info_chardev, NULL },
    { "cpus", "", "show infos for each CPU", 0, hmp_info_cpus, NULL },
    { "mtree", "[-f][-D]", "show memory tree (-f: dump flat view for address spaces; -D: dump disabled regions)", 2,
      hmp_info_mtree, NULL },
    { "kvm", "", "show KVM information", 0, hmp_info_kvm, NULL },
    { "name", "", "show the current VM name", 0, hmp_info_name, NULL },
    { "network", "", "show the network state", 0, hmp_info_network, NULL },
    { "pci", "", "show PCI info", 0, hmp_info_pci, NULL },
    { "registers", "[-a|vcpu]",
      "show the cpu registers (-a: show register info for all cpus; vcpu: specific vCPU to query; "
      "show the current CPU's registers if no argument is specified)",
      1, hmp_info_registers, NULL },
    { "status", "", "show the current VM status (running|paused)", 0, hmp_info_status, NULL },
    { "version", "", "show the version of Vireo", 0, hmp_info_version, NULL },
    { "vnc", "", "show the vnc server status", 0, hmp_info_vnc, NULL },
    { NULL },
};

const HMPCommand hmp_cmds[] = {
    { "change", "device [filename] [format [read-only-mode]]", "change a removable medium; "
      "'change vnc password PASSWORD' sets the VNC password", 4, hmp_change, NULL },
    { "cont|c", "", "resume emulation", 0, hmp_cont, NULL },
    { "eject", "[-f] device", "eject a removable medium (use -f to force it)", 2, hmp_eject, NULL },
    { "help|?", "[cmd]", "show the help", 1, hmp_help_cmd, NULL },
    { "hostfwd_add", "[netdev_id] [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport",
      "redirect TCP or UDP connections from host to guest (requires -net user)", 2, hmp_hostfwd_add, NULL },
    { "hostfwd_remove", "[netdev_id] [tcp|udp]:[hostaddr]:hostport",
      "remove host-to-guest TCP or UDP redirection", 2, hmp_hostfwd_remove, NULL },
    { "info", "[subcommand]", "show various information about the system state", 0, hmp_info, hmp_info_cmds },
    { "q|quit", "", "quit the emulator", 0, hmp_quit, NULL },
    { "screendump", "filename [-f format]", "save screen from the console as image 'filename' "
      "(-f ppm or png; ppm by default)", 3, hmp_screendump, NULL },
    { "set_link", "name on|off", "change the link status of a network adapter", 2, hmp_set_link, NULL },
    { "sendkey", "keys [hold_ms]", "send keys to the VM (e.g. 'sendkey ctrl-alt-f1', default hold time=100 ms)",
      2, hmp_sendkey, NULL },
    { "stop|s", "", "stop emulation", 0, hmp_stop, NULL },
    { "system_powerdown", "", "send system power down event", 0, hmp_system_powerdown, NULL },
    { "system_reset", "", "reset the system", 0, hmp_system_reset, NULL },
    { "x", "/fmt addr", "virtual memory dump starting at 'addr'", 16, hmp_x, NULL },
    { "xp", "/fmt addr", "physical memory dump starting at 'addr'", 16, hmp_xp, NULL },
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
