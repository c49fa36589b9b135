/*
 * vireo: the system emulator's main(). Parse the command line into one
 * VireoConfig, check what can only be checked against the host (files,
 * log destination), build the machine, run the main loop.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel/kvm/kvm.h"
#include "accel/tcg/cpu-exec.h"
#include "block/aio.h"
#include "block/block-backend.h"
#include "block/block.h"
#include "chardev/char.h"
#include "hw/pc.h"
#include "monitor/monitor.h"
#include "monitor/qmp.h"
#include "system/daemon.h"
#include "system/error.h"
#include "system/log.h"
#include "system/main-loop.h"
#include "system/options.h"
#include "system/runstate.h"
#include "ui/display.h"

static const char *const format_names[] = {
    [DRIVE_FORMAT_AUTO] = NULL,
    [DRIVE_FORMAT_RAW] = "raw",
    [DRIVE_FORMAT_QCOW2] = "qcow2",
};

static const char *const cache_names[] = {
    [DRIVE_CACHE_WRITEBACK] = "writeback",
    [DRIVE_CACHE_NONE] = "none",
    [DRIVE_CACHE_WRITETHROUGH] = "writethrough",
    [DRIVE_CACHE_DIRECTSYNC] = "directsync",
    [DRIVE_CACHE_UNSAFE] = "unsafe",
};

/*
 * Open every drive that has a medium, so that a missing or unreadable image
 * is reported against the option that named it before anything starts.
 * snapshot=on writes to a temporary overlay, so the image itself is opened
 * read-only below it (BDRV_O_SNAPSHOT).
 */
static int open_drives(VireoConfig *cfg, BlockDriverState **bs)
{
    for (unsigned i = 0; i < cfg->n_drives; i++) {
        DriveConfig *d = &cfg->drives[i];
        int flags = d->readonly ? 0 : BDRV_O_RDWR, cache = 0;
        int ret;

        if (!d->file)
            continue;
        if (d->snapshot && !d->readonly)
            flags |= BDRV_O_SNAPSHOT;
        bdrv_parse_cache_mode(cache_names[d->cache], &cache);
        flags |= cache;
        loc_set_option(d->opt, d->arg);
        ret = bdrv_open(&bs[i], d->file, format_names[d->format], flags);
        loc_clear();
        if (ret < 0)
            return ret;
    }
    return 0;
}

/*
 * The serial ports' backends (COM1 first, attached by the board before any
 * monitor so a shared console starts on the guest), then the monitors: those
 * of -monitor/-mon, and the one a "mon:" serial shares.
 */
static int open_chardevs(const VireoConfig *cfg, Chardev **serials)
{
    char label[32];

    for (unsigned i = 0; i < cfg->n_chardevs; i++)
        if (!chr_new(&cfg->chardevs[i], cfg->chardevs[i].id))
            return -EINVAL;
    for (unsigned i = 0; i < cfg->n_serials; i++) {
        if (cfg->serials[i].kind == CHARDEV_NONE)
            continue;
        snprintf(label, sizeof(label), "serial%u", i);
        if (!(serials[i] = chr_new(&cfg->serials[i], label)))
            return -EINVAL;
    }
    return 0;
}

static int open_monitors(const VireoConfig *cfg, Chardev **serials)
{
    char label[32];

    for (unsigned i = 0; i < cfg->n_serials; i++)
        if (serials[i] && cfg->serials[i].mux && !monitor_new(serials[i]))
            return -EINVAL;
    for (unsigned i = 0; i < cfg->n_monitors; i++) {
        Chardev *chr;

        snprintf(label, sizeof(label), "compat_monitor%u", i);
        chr = chr_new(&cfg->monitors[i].chr, label);
        if (!chr)
            return -EINVAL;
        if (cfg->monitors[i].qmp ? qmp_monitor_new(chr, cfg->monitors[i].pretty) < 0 : !monitor_new(chr))
            return -EINVAL;
    }
    return 0;
}

static void on_signal(int sig)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_SIGNAL, 0);
}

/*
 * The accelerators in the order asked for (-accel kvm:tcg): the first that
 * starts wins, in QEMU's words: "failed to initialize kvm: REASON" for each
 * that does not, "falling back to tcg" when a later one does. Never a
 * silent fallback; none at all is an error.
 */
static int select_accel(const VireoConfig *cfg)
{
    bool failed = false;

    for (unsigned i = 0; i < cfg->n_accels; i++) {
        KVMConfig kcfg = {
            .cpu_model = cfg->cpu_model,
            /* split (LAPIC in the kernel, PIC and IO-APIC here) is kept as "on". */
            .irqchip = cfg->kernel_irqchip != IRQCHIP_OFF,
        };
        int ret;

        if (cfg->accels[i] == ACCEL_TCG) {
            if (failed)
                error_report("falling back to tcg");
            return 0;
        }
        ret = kvm_init(&kcfg);
        if (ret == 0)
            return 0;
        error_report("failed to initialize kvm: %s", strerror(-ret));
        failed = true;
    }
    return -1;
}

static int run_machine(VireoConfig *cfg, BlockDriverState **bs)
{
    Chardev *serials[VIREO_MAX_SERIALS] = { 0 };
    PCMachine *pc;
    int status = 1;

    if (strcmp(cfg->machine, "pc") != 0) {
        error_report("unsupported machine type '%s' (use -machine help to list)", cfg->machine);
        return 1;
    }
    if (main_loop_init() < 0) {
        error_report("cannot initialize the main loop");
        return 1;
    }
    if (select_accel(cfg) < 0)
        return 1;
    if (cfg->tcg_backend && tcg_set_backend(cfg->tcg_backend) < 0) {
        error_report("-accel tcg,backend=%s: not available on this host", cfg->tcg_backend);
        return 1;
    }
    bql_lock();
    if (open_chardevs(cfg, serials) < 0)
        goto out;
    pc = pc_machine_new(cfg, serials, cfg->n_serials);
    monitor_set_vm_name(cfg->name);
    if (!pc || pc_machine_attach_drives(pc, bs) < 0 || open_monitors(cfg, serials) < 0 ||
        display_init(cfg) < 0)
        goto out;
    /* Monitors and displays listen now: a -daemonize parent may return. */
    daemon_ready(cfg->log_file != NULL);
    runstate_set_no_reboot(cfg->no_reboot);
    runstate_set_no_shutdown(cfg->no_shutdown);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGHUP, on_signal);
    pc_machine_start(pc);
    /* -S: the VM stays in "prelaunch" until cont, as QEMU reports it. */
    if (!cfg->start_paused)
        vm_start();
    while (!runstate_poll(&status))
        main_loop_wait(false);
    blk_flush_all();
out:
    display_cleanup();
    monitor_cleanup();
    qmp_cleanup();
    chr_cleanup();
    daemon_cleanup();
    /* vCPU threads may still be inside guest code: leave without tearing down under them. */
    fflush(NULL);
    _exit(status);
}

int main(int argc, char **argv)
{
    VireoConfig cfg;
    BlockDriverState *bs[VIREO_MAX_DRIVES] = { 0 };
    int ret, status = 1;

    ret = options_parse(argc, argv, &cfg);
    if (ret != 0) {
        options_free(&cfg);
        return ret == OPTIONS_EXIT_OK ? 0 : 1;
    }
    log_mask = cfg.log_mask;
    if (cfg.log_file && (ret = log_set_file(cfg.log_file)) < 0) {
        loc_set_option("-D", cfg.log_file);
        error_report("Could not open '%s': %s", cfg.log_file, strerror(-ret));
        goto out;
    }
    /* Before any thread exists (fork keeps only the caller's). */
    daemon_start(cfg.daemonize);
    if (daemon_pidfile(cfg.pidfile) < 0)
        goto out;
    if (open_drives(&cfg, bs) < 0)
        goto out;
    /* The drives by id, for the devices and the monitor, which own them from here. */
    for (unsigned i = 0; i < cfg.n_drives; i++)
        if (!blk_new(cfg.drives[i].id, bs[i]))
            goto out;

    status = run_machine(&cfg, bs);

out:
    /* Backends own the images they hold now (a `change` may have replaced
     * one); an image opened but not yet handed over is closed here. */
    for (unsigned i = 0; i < cfg.n_drives; i++)
        if (bs[i] && !blk_by_name(cfg.drives[i].id))
            bdrv_close(bs[i]);
    blk_close_all();
    daemon_cleanup();
    log_close();
    options_free(&cfg);
    return status;
}
