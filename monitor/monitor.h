/*
 * The human monitor (HMP): QEMU's "(qemu) " command line on a chardev.
 *
 *   Monitor *mon = monitor_new(chr);      // -monitor DEV, or the mux under -nographic
 *
 * It speaks on any chardev: stdio, a socket (the banner and a fresh prompt
 * for each client), or a mux, where it holds its output while it lacks the
 * focus and shows it, with the prompt, when Ctrl-a c brings it forward.
 * Commands are rows of a table (monitor/hmp-cmds.c); what only the machine
 * knows (CPUs, registers, PCI) comes from the hooks the board
 * registers with monitor_set_machine(); without them those commands print
 * nothing. Everything runs in the main-loop thread with the bql held.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "chardev/char.h"
#include "system/error.h"

typedef struct Monitor Monitor;

/* The board's part of `info`: each writes QEMU's text to out. Any may be NULL. */
typedef struct MonitorMachineOps {
    void (*info_cpus)(void *opaque, FILE *out);
    /* cpu: a vCPU index, or -1 for all (info registers -a). */
    void (*info_registers)(void *opaque, FILE *out, int cpu);
    void (*info_pci)(void *opaque, FILE *out);
    /* query-cpus-fast: the host thread id of each vCPU; returns how many (<= max). */
    int (*cpu_thread_ids)(void *opaque, int *ids, int max);
    /* x and xp: guest memory as CPU cpu sees it (virtual, through its paging) or physical. 0 or -1. */
    int (*read_memory)(void *opaque, int cpu, uint64_t addr, bool phys, void *buf, size_t len);
    /* $NAME in an expression (lower case): 0, or -1 for no such register. */
    int (*get_register)(void *opaque, int cpu, const char *name, uint64_t *val);
    /* 16, 32 or 64: how the code at CPU cpu's CS executes (x/i). */
    int (*code_bits)(void *opaque, int cpu);
} MonitorMachineOps;

void monitor_set_machine(const MonitorMachineOps *ops, void *opaque);

/*
 * The display's part (ui/display.c registers it): screendump, sendkey,
 * info vnc and change vnc password. Each returns 0 or -errno; any may be
 * NULL (the command then says the feature is missing).
 */
typedef struct MonitorDisplayOps {
    int (*screendump)(void *opaque, const char *path, bool png);
    /* On -EINVAL, bad and bad_len name the unknown key inside keys. */
    int (*sendkey)(void *opaque, const char *keys, int hold_ms, const char **bad, int *bad_len);
    void (*info_vnc)(void *opaque, FILE *out);
    int (*vnc_password)(void *opaque, const char *password);
} MonitorDisplayOps;

void monitor_set_display(const MonitorDisplayOps *ops, void *opaque);
/* -name, for `info name`; NULL: none. The string must outlive the monitors. */
void monitor_set_vm_name(const char *name);

/* An HMP monitor on chr. NULL if the chardev refused another frontend (reported). */
Monitor *monitor_new(Chardev *chr);
/* The same, owned by its creator: monitor_cleanup() leaves it (human-monitor-command's). */
Monitor *monitor_new_private(Chardev *chr);
void monitor_free(Monitor *mon);
/* Free every monitor (before chr_cleanup()). */
void monitor_cleanup(void);

/* Output to the monitor's terminal ("\n" becomes "\r\n" as QEMU sends it). */
void monitor_printf(Monitor *mon, const char *fmt, ...) PRINTF_FMT(2, 3);
void monitor_puts(Monitor *mon, const char *str);
/* Run one command line as if typed (human-monitor-command, tests). */
void monitor_execute(Monitor *mon, const char *line);

/* ---- For monitor/hmp-cmds.c ------------------------------------------ */

typedef struct HMPCommand {
    const char *name;       /* "quit|q": the name and its aliases */
    const char *params;     /* for help: "[cmd]" */
    const char *help;
    int max_args;
    void (*handler)(Monitor *mon, int argc, char **argv);
    const struct HMPCommand *sub;   /* info: its own table */
} HMPCommand;

/* x/FMT and xp/FMT (hmp-memory.c). */
void hmp_x(Monitor *mon, int argc, char **argv);
void hmp_xp(Monitor *mon, int argc, char **argv);

/* NULL-terminated, in hmp-cmds.c. */
extern const HMPCommand hmp_cmds[];
extern const HMPCommand hmp_info_cmds[];

const MonitorMachineOps *monitor_machine(void **opaque);
const char *monitor_vm_name(void);
/* Does this command's name (or one of its aliases) equal / start with s? */
bool hmp_name_matches(const HMPCommand *cmd, const char *s, size_t len);
void hmp_help(Monitor *mon, const char *name);
/* After quit: print no prompt and take no more input. */
void monitor_suspend(Monitor *mon);

#endif
