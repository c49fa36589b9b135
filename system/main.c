/*
 * vireo: the system emulator's main(). Parse the command line into one
 * VireoConfig, check what can only be checked against the host (files,
 * log destination), build the machine, run the main loop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "block/block.h"
#include "system/error.h"
#include "system/log.h"
#include "system/options.h"

static const char *const format_names[] = {
    [DRIVE_FORMAT_AUTO] = NULL,
    [DRIVE_FORMAT_RAW] = "raw",
    [DRIVE_FORMAT_QCOW2] = "qcow2",
};

/*
 * Open every drive that has a medium, so that a missing or unreadable image
 * is reported against the option that named it before anything starts.
 */
static int open_drives(VireoConfig *cfg, BlockDriverState **bs)
{
    for (unsigned i = 0; i < cfg->n_drives; i++) {
        DriveConfig *d = &cfg->drives[i];
        int flags = d->readonly || d->snapshot ? 0 : BDRV_O_RDWR;
        int ret;

        if (!d->file)
            continue;
        loc_set_option(d->opt, d->arg);
        ret = bdrv_open(&bs[i], d->file, format_names[d->format], flags);
        loc_clear();
        if (ret < 0)
            return ret;
    }
    return 0;
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
    if (open_drives(&cfg, bs) < 0)
        goto out;

    /* The PC machine (hw/pc.c) arrives with the CPU and devices. */
    error_report("machine '%s': not supported yet (the PC machine is not built yet)", cfg.machine);

out:
    for (unsigned i = 0; i < VIREO_MAX_DRIVES; i++)
        bdrv_close(bs[i]);
    log_close();
    options_free(&cfg);
    return status;
}
