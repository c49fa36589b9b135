/*
 * -drive, -hda..-hdd, -cdrom, -fda/-fdb and a bare disk image: see
 * options-int.h. Slots are given out as QEMU's drive_new() gives them, in
 * command-line order, so "-hdc a -cdrom b" collides exactly as it does there.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "system/options-int.h"

/* What the pc board offers on each interface. */
static const struct {
    const char *name;
    int max_devs;           /* units per bus; 0: one bus, units numbered by index */
    int buses, units;       /* slots the board has; 0: no limit */
} interfaces[] = {
    [DRIVE_IF_IDE] = { "ide", 2, 2, 2 },            /* PIIX3: primary and secondary, master and slave */
    [DRIVE_IF_VIRTIO] = { "virtio", 0, 1, VIREO_MAX_DRIVES },
    [DRIVE_IF_FLOPPY] = { "floppy", 0, 1, 2 },      /* the FDC's drives A: and B: */
    [DRIVE_IF_NONE] = { "none", 0, 0, 0 },
};

static const KeyvalChoice if_choices[] = {
    { "ide", DRIVE_IF_IDE }, { "virtio", DRIVE_IF_VIRTIO }, { "floppy", DRIVE_IF_FLOPPY }, { "none", DRIVE_IF_NONE },
    { NULL },
};
static const KeyvalChoice media_choices[] = { { "disk", DRIVE_MEDIA_DISK }, { "cdrom", DRIVE_MEDIA_CDROM }, { NULL } };
static const KeyvalChoice format_choices[] = { { "raw", DRIVE_FORMAT_RAW }, { "qcow2", DRIVE_FORMAT_QCOW2 }, { NULL } };
static const KeyvalChoice cache_choices[] = {
    { "writeback", DRIVE_CACHE_WRITEBACK }, { "none", DRIVE_CACHE_NONE },
    { "writethrough", DRIVE_CACHE_WRITETHROUGH }, { "directsync", DRIVE_CACHE_DIRECTSYNC },
    { "unsafe", DRIVE_CACHE_UNSAFE }, { NULL },
};

static const DriveConfig *drive_get(const VireoConfig *cfg, DriveInterface iface, int bus, int unit)
{
    for (unsigned i = 0; i < cfg->n_drives; i++) {
        const DriveConfig *d = &cfg->drives[i];

        if (d->interface == iface && d->bus == bus && d->unit == unit)
            return d;
    }
    return NULL;
}

static bool drive_id_used(const VireoConfig *cfg, const char *id)
{
    for (unsigned i = 0; i < cfg->n_drives; i++) {
        if (!strcmp(cfg->drives[i].id, id))
            return true;
    }
    return false;
}

/*
 * Place d (interface, index, bus, unit, media filled; unit -1 for "any")
 * and add it. bus_given: bus= was written, which index= excludes.
 */
static int drive_add(OptState *s, DriveConfig *d, bool bus_given)
{
    VireoConfig *cfg = s->cfg;
    int max_devs = interfaces[d->interface].max_devs;
    const char *ifname = interfaces[d->interface].name;

    if (cfg->n_drives == VIREO_MAX_DRIVES) {
        error_report("too many drives (at most %d)", VIREO_MAX_DRIVES);
        return -EINVAL;
    }
    if (d->index != -1) {
        if (bus_given || d->unit != -1) {
            error_report("index cannot be used with bus and unit");
            return -EINVAL;
        }
        d->bus = max_devs ? d->index / max_devs : 0;
        d->unit = max_devs ? d->index % max_devs : d->index;
    }
    if (d->unit == -1) {
        d->unit = 0;
        while (drive_get(cfg, d->interface, d->bus, d->unit)) {
            d->unit++;
            if (max_devs && d->unit >= max_devs) {
                d->unit -= max_devs;
                d->bus++;
            }
        }
    }
    if (max_devs && d->unit >= max_devs) {
        error_report("unit %d too big (max is %d)", d->unit, max_devs - 1);
        return -EINVAL;
    }
    if (drive_get(cfg, d->interface, d->bus, d->unit)) {
        error_report("drive with bus=%d, unit=%d (index=%d) exists", d->bus, d->unit, d->index);
        return -EINVAL;
    }
    if (interfaces[d->interface].buses &&
        (d->bus >= interfaces[d->interface].buses || d->unit >= interfaces[d->interface].units)) {
        error_report("machine type does not support if=%s,bus=%d,unit=%d", ifname, d->bus, d->unit);
        return -EINVAL;
    }
    if (!d->file && d->media == DRIVE_MEDIA_DISK &&
        (d->interface == DRIVE_IF_IDE || d->interface == DRIVE_IF_VIRTIO)) {
        error_report("Device needs media, but drive is empty");
        return -EINVAL;
    }
    if (d->media == DRIVE_MEDIA_CDROM)
        d->readonly = true;
    if (!d->id) {
        /* QEMU's names, which the monitor's eject/change and info block use. */
        if (d->interface == DRIVE_IF_IDE)
            d->id = cfg_printf(cfg, "%s%d-%s%d", ifname, d->bus, d->media == DRIVE_MEDIA_CDROM ? "cd" : "hd",
                               d->unit);
        else
            d->id = cfg_printf(cfg, "%s%d", ifname, d->unit);
    }
    if (drive_id_used(cfg, d->id)) {
        error_report("Duplicate ID '%s' for drive", d->id);
        return -EINVAL;
    }
    d->opt = cfg_strdup(cfg, s->opt);
    cfg->drives[cfg->n_drives++] = *d;
    return 0;
}

/* Convert a bus/unit/index number, which the board bounds far below this. */
static int drive_number(const Keyval *kv, const char *key, int *out)
{
    const KeyvalPair *p = keyval_find(kv, key);

    if (!p)
        return 0;
    if (p->n > 65535) {
        keyval_bad_value(key, p->value, "a number below 65536");
        return -EINVAL;
    }
    *out = (int)p->n;
    return 1;
}

/* An enumerated key: 0 when absent, 1 when set, or -EINVAL. */
static int drive_choice(const Keyval *kv, const char *key, const KeyvalChoice *choices, int *out)
{
    const char *v = keyval_str(kv, key, NULL);

    if (!v)
        return 0;
    return keyval_choose(key, v, choices, out) < 0 ? -EINVAL : 1;
}

int opt_drive(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = {
        { "file", KV_STR }, { "if", KV_STR }, { "bus", KV_NUM }, { "unit", KV_NUM }, { "index", KV_NUM },
        { "media", KV_STR }, { "format", KV_STR }, { "cache", KV_STR }, { "snapshot", KV_BOOL },
        { "readonly", KV_BOOL }, { "read-only", KV_BOOL }, { "id", KV_STR }, { NULL },
    };
    VireoConfig *cfg = s->cfg;
    DriveConfig d = { .index = -1, .unit = -1, .arg = cfg_strdup(cfg, arg) };
    int iface = DRIVE_IF_IDE, media = DRIVE_MEDIA_DISK, format = DRIVE_FORMAT_AUTO, cache = DRIVE_CACHE_WRITEBACK;
    Keyval kv = { 0 };
    const KeyvalPair *p, *snapshot;
    int bus_given = 0, ret = keyval_parse(&kv, arg, NULL, desc);

    if (ret < 0)
        goto out;
    if ((p = keyval_find(&kv, "format")) && is_help_option(p->value)) {
        fprintf(options_out(), "Supported formats: qcow2 raw\n");
        ret = OPTIONS_EXIT_OK;
        goto out;
    }
    if ((ret = drive_choice(&kv, "if", if_choices, &iface)) < 0 ||
        (ret = drive_choice(&kv, "media", media_choices, &media)) < 0 ||
        (ret = drive_choice(&kv, "format", format_choices, &format)) < 0 ||
        (ret = drive_choice(&kv, "cache", cache_choices, &cache)) < 0 ||
        (ret = drive_number(&kv, "index", &d.index)) < 0 || (ret = drive_number(&kv, "unit", &d.unit)) < 0 ||
        (ret = bus_given = drive_number(&kv, "bus", &d.bus)) < 0)
        goto out;
    d.interface = iface;
    d.media = media;
    d.format = format;
    d.cache = cache;
    if ((p = keyval_find(&kv, "id"))) {
        if ((ret = keyval_check_id(p->value)) < 0)
            goto out;
        d.id = cfg_strdup(cfg, p->value);
    }
    p = keyval_find(&kv, "file");
    d.file = p && *p->value ? cfg_strdup(cfg, p->value) : NULL;
    d.readonly = keyval_bool(&kv, "readonly", keyval_bool(&kv, "read-only", false));
    if ((snapshot = keyval_find(&kv, "snapshot")))
        d.snapshot = snapshot->b;
    if ((ret = drive_add(s, &d, bus_given)) < 0)
        goto out;
    if (snapshot)
        s->drive_snapshot_given |= 1u << (cfg->n_drives - 1);
out:
    keyval_free(&kv);
    return ret;
}

/* -hda..-hdd, -cdrom, -fda/-fdb: the file name is taken whole, commas and all. */
int opt_drive_short(OptState *s, const OptionDef *def, const char *arg)
{
    static const struct {
        DriveInterface interface;
        int index;
        DriveMedia media;
    } shorthand[] = {
        [DRIVE_HDA] = { DRIVE_IF_IDE, 0, DRIVE_MEDIA_DISK },
        [DRIVE_HDB] = { DRIVE_IF_IDE, 1, DRIVE_MEDIA_DISK },
        [DRIVE_HDC] = { DRIVE_IF_IDE, 2, DRIVE_MEDIA_DISK },
        [DRIVE_HDD] = { DRIVE_IF_IDE, 3, DRIVE_MEDIA_DISK },
        [DRIVE_CDROM] = { DRIVE_IF_IDE, 2, DRIVE_MEDIA_CDROM },
        [DRIVE_FDA] = { DRIVE_IF_FLOPPY, 0, DRIVE_MEDIA_DISK },
        [DRIVE_FDB] = { DRIVE_IF_FLOPPY, 1, DRIVE_MEDIA_DISK },
    };
    DriveConfig d = {
        .file = *arg ? cfg_strdup(s->cfg, arg) : NULL,
        .interface = shorthand[def->data].interface,
        .index = shorthand[def->data].index,
        .unit = -1,
        .media = shorthand[def->data].media,
        .arg = cfg_strdup(s->cfg, arg),
    };

    return drive_add(s, &d, false);
}

int options_bare_image(OptState *s, const char *file)
{
    const char *copy = cfg_strdup(s->cfg, file);
    DriveConfig d = { .file = *copy ? copy : NULL, .interface = DRIVE_IF_IDE, .index = 0, .unit = -1, .arg = copy };
    const char *opt = s->opt;
    int ret;

    s->opt = "-hda";
    ret = drive_add(s, &d, false);
    s->opt = opt;
    return ret;
}

int options_block_finish(OptState *s)
{
    VireoConfig *cfg = s->cfg;

    for (unsigned i = 0; i < cfg->n_drives; i++) {
        if (!(s->drive_snapshot_given & (1u << i)))
            cfg->drives[i].snapshot = cfg->snapshot;
    }
    return 0;
}
