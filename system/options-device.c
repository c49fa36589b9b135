/*
 * -device, -usbdevice, -soundhw, -balloon, -incoming: see options-int.h.
 * The device list is what Vireo has or will build (USER-SURFACE and the open
 * issues); a pending row is listed but refused with "not supported yet".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "system/options-int.h"

static const char CAT_USB[] = "USB devices";
static const char CAT_STORAGE[] = "Storage devices";
static const char CAT_NETWORK[] = "Network devices";
static const char CAT_INPUT[] = "Input devices";
static const char CAT_DISPLAY[] = "Display devices";
static const char CAT_SOUND[] = "Sound devices";
static const char CAT_MISC[] = "Misc devices";

static const struct {
    const char *category;
    const char *name, *bus, *alias, *desc;
    bool pending;           /* no open issue builds it */
} devices[] = {
    { CAT_USB, "piix3-usb-uhci", "PCI" },
    { CAT_STORAGE, "floppy", "floppy-bus", NULL, "virtual floppy drive" },
    { CAT_STORAGE, "ide-cd", "IDE", NULL, "virtual IDE CD-ROM" },
    { CAT_STORAGE, "ide-hd", "IDE", NULL, "virtual IDE disk" },
    { CAT_STORAGE, "virtio-blk-pci", "PCI", "virtio-blk" },
    { CAT_NETWORK, "e1000", "PCI", "e1000-82540em", "Intel Gigabit Ethernet" },
    { CAT_NETWORK, "i82551", "PCI", NULL, "Intel i82551 Ethernet" },
    { CAT_NETWORK, "ne2k_pci", "PCI" },
    { CAT_NETWORK, "pcnet", "PCI" },
    { CAT_NETWORK, "rtl8139", "PCI" },
    { CAT_NETWORK, "virtio-net-pci", "PCI", "virtio-net" },
    { CAT_INPUT, "isa-serial", "ISA" },
    { CAT_INPUT, "usb-kbd", "usb-bus" },
    { CAT_INPUT, "usb-mouse", "usb-bus" },
    { CAT_INPUT, "usb-tablet", "usb-bus" },
    { CAT_INPUT, "virtconsole", "virtio-serial-bus" },
    { CAT_INPUT, "virtio-serial-pci", "PCI", "virtio-serial" },
    { CAT_INPUT, "virtserialport", "virtio-serial-bus" },
    { CAT_DISPLAY, "cirrus-vga", "PCI", NULL, "Cirrus CLGD 54xx VGA" },
    { CAT_DISPLAY, "qxl-vga", "PCI", NULL, "Spice QXL GPU (primary, vga compatible)", true },
    { CAT_DISPLAY, "VGA", "PCI" },
    { CAT_DISPLAY, "virtio-vga", "PCI", NULL, NULL, true },
    { CAT_DISPLAY, "vmware-svga", "PCI", NULL, NULL, true },
    { CAT_SOUND, "AC97", "PCI", "ac97", "Intel 82801AA AC97 Audio", true },
    { CAT_SOUND, "hda-duplex", "HDA", NULL, "HDA Audio Codec, duplex (line-out, line-in)", true },
    { CAT_SOUND, "intel-hda", "PCI", NULL, "Intel HD Audio Controller (ich6)", true },
    { CAT_MISC, "isa-debug-exit", "ISA" },
    { CAT_MISC, "virtio-balloon-pci", "PCI", "virtio-balloon", NULL, true },
    { CAT_MISC, "virtio-rng-pci", "PCI", "virtio-rng" },
};

static void device_help(void)
{
    static const char *const order[] = { CAT_USB, CAT_STORAGE, CAT_NETWORK, CAT_INPUT, CAT_DISPLAY, CAT_SOUND, CAT_MISC };
    FILE *f = options_out();

    for (size_t c = 0; c < ARRAY_SIZE(order); c++) {
        fprintf(f, "%s%s:\n", c ? "\n" : "", order[c]);
        for (size_t i = 0; i < ARRAY_SIZE(devices); i++) {
            if (devices[i].category != order[c])
                continue;
            fprintf(f, "name \"%s\", bus %s", devices[i].name, devices[i].bus);
            if (devices[i].alias)
                fprintf(f, ", alias \"%s\"", devices[i].alias);
            if (devices[i].desc || devices[i].pending)
                fprintf(f, ", desc \"%s%s%s\"", devices[i].desc ? devices[i].desc : "",
                        devices[i].desc && devices[i].pending ? " " : "",
                        devices[i].pending ? "(not supported yet)" : "");
            fprintf(f, "\n");
        }
    }
}

int opt_device(OptState *s, const OptionDef *def, const char *arg)
{
    VireoConfig *cfg = s->cfg;
    DeviceConfig dev = { .opt = cfg_strdup(cfg, s->opt), .arg = cfg_strdup(cfg, arg) };
    Keyval kv = { 0 };
    const char *driver, *id;
    size_t i;
    int ret = keyval_parse(&kv, arg, "driver", NULL);

    if (ret < 0)
        goto out;
    driver = keyval_str(&kv, "driver", "");
    if (is_help_option(driver)) {
        device_help();
        ret = OPTIONS_EXIT_OK;
        goto out;
    }
    ret = -EINVAL;
    for (i = 0; i < ARRAY_SIZE(devices); i++) {
        if (!strcmp(devices[i].name, driver) || (devices[i].alias && !strcmp(devices[i].alias, driver)))
            break;
    }
    if (i == ARRAY_SIZE(devices)) {
        error_report("'%s' is not a valid device model name (use -device help for a list)", driver);
        goto out;
    }
    if (devices[i].pending) {
        ret = options_value_pending(driver);
        goto out;
    }
    if (kv.help) {
        error_report("listing the properties of '%s' is not supported yet", devices[i].name);
        ret = -ENOTSUP;
        goto out;
    }
    if ((id = keyval_str(&kv, "id", NULL))) {
        if (keyval_check_id(id) < 0)
            goto out;
        for (unsigned d = 0; d < cfg->n_devices; d++) {
            for (unsigned p = 0; p < cfg->devices[d].n_props; p++) {
                if (!strcmp(cfg->devices[d].props[p].key, "id") && !strcmp(cfg->devices[d].props[p].value, id)) {
                    error_report("Duplicate ID '%s' for device", id);
                    goto out;
                }
            }
        }
    }
    dev.driver = devices[i].name;
    for (size_t k = 0; k < kv.n; k++) {
        if (!strcmp(kv.items[k].key, "driver"))
            continue;
        if (dev.n_props == VIREO_MAX_DEVICE_PROPS) {
            error_report("too many properties (at most %d)", VIREO_MAX_DEVICE_PROPS);
            goto out;
        }
        dev.props[dev.n_props++] = (DeviceProp){
            .key = cfg_strdup(cfg, kv.items[k].key), .value = cfg_strdup(cfg, kv.items[k].value),
        };
    }
    if (cfg->n_devices == VIREO_MAX_DEVICES) {
        error_report("too many devices (at most %d)", VIREO_MAX_DEVICES);
        goto out;
    }
    cfg->devices[cfg->n_devices++] = dev;
    ret = 0;
out:
    keyval_free(&kv);
    return ret;
}

/* -usbdevice NAME: a CAT_USB HID device; implies -usb as in QEMU. */
int opt_usbdevice(OptState *s, const OptionDef *def, const char *arg)
{
    static const char *const names[] = { "tablet", "mouse", "keyboard" };
    VireoConfig *cfg = s->cfg;

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (strcmp(names[i], arg))
            continue;
        if (cfg->n_usbdevices == VIREO_MAX_USBDEVICES) {
            error_report("too many USB devices (at most %d)", VIREO_MAX_USBDEVICES);
            return -EINVAL;
        }
        cfg->usbdevices[cfg->n_usbdevices++] = names[i];
        cfg->usb = true;
        return 0;
    }
    error_report("could not add USB device '%s' (expects tablet, mouse or keyboard)", arg);
    return -EINVAL;
}

/* -soundhw ac97,hda | all | help */
int opt_soundhw(OptState *s, const OptionDef *def, const char *arg)
{
    static const struct {
        const char *name, *desc;
    } cards[] = {
        { "ac97", "Intel 82801AA AC97 Audio" },
        { "hda", "Intel HD Audio" },
    };
    const char *p = arg;

    if (is_help_option(arg)) {
        FILE *f = options_out();

        fprintf(f, "Valid sound card names (comma separated):\n");
        for (size_t i = 0; i < ARRAY_SIZE(cards); i++)
            fprintf(f, "%-11s %s\n", cards[i].name, cards[i].desc);
        fprintf(f, "\n-soundhw all will enable all of the above\n(not supported yet)\n");
        return OPTIONS_EXIT_OK;
    }
    if (strcmp(arg, "all")) {
        do {
            size_t len = strcspn(p, ","), i;

            for (i = 0; i < ARRAY_SIZE(cards); i++) {
                if (strlen(cards[i].name) == len && !strncmp(cards[i].name, p, len))
                    break;
            }
            if (i == ARRAY_SIZE(cards)) {
                error_report("Unknown sound card name '%.*s' (use -soundhw help for a list)", (int)len, p);
                return -EINVAL;
            }
            p += len;
        } while (*p++ == ',');
    }
    s->cfg->soundhw = cfg_strdup(s->cfg, arg);
    return 0;
}

/* -balloon none | virtio[,addr=str] */
int opt_balloon(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = { { "type", KV_STR }, { "addr", KV_STR }, { NULL } };
    Keyval kv = { 0 };
    const char *type;
    int ret = keyval_parse(&kv, arg, "type", desc);

    if (ret == 0) {
        type = keyval_str(&kv, "type", "");
        if (!strcmp(type, "virtio")) {
            s->cfg->balloon = true;
        } else if (!strcmp(type, "none") && kv.n == 1) {
            s->cfg->balloon = false;
        } else {
            keyval_bad_value("type", type, "none or virtio[,addr=str]");
            ret = -EINVAL;
        }
    }
    keyval_free(&kv);
    return ret;
}

/* -incoming tcp:[host]:port | unix:path | exec:cmdline | fd:N | defer */
int opt_incoming(OptState *s, const OptionDef *def, const char *arg)
{
    const char *p, *colon;
    int port;
    uint64_t fd;
    bool ok;

    if (strstart(arg, "tcp:", &p))
        ok = (colon = strrchr(p, ':')) && parse_port(colon + 1, &port) == 0;
    else if (strstart(arg, "unix:", &p) || strstart(arg, "exec:", &p))
        ok = *p;
    else if (strstart(arg, "fd:", &p))
        ok = parse_uint64(p, &fd) == 0;
    else
        ok = !strcmp(arg, "defer");
    if (!ok) {
        error_report("invalid migration address '%s' (expects tcp:[host]:port, unix:path, exec:cmdline, fd:N "
                     "or defer)", arg);
        return -EINVAL;
    }
    s->cfg->incoming = cfg_strdup(s->cfg, arg);
    return 0;
}

static const char *prop(const DeviceConfig *dev, const char *key)
{
    for (unsigned i = dev->n_props; i-- > 0;) {
        if (!strcmp(dev->props[i].key, key))
            return dev->props[i].value;
    }
    return NULL;
}

static int cant_find(const DeviceConfig *dev, const char *key, const char *value)
{
    error_report("Property '%s.%s' can't find value '%s'", dev->driver, key, value);
    return -EINVAL;
}

/* References from -device to drives, netdevs and chardevs, as QEMU checks them. */
int options_device_finish(OptState *s)
{
    VireoConfig *cfg = s->cfg;

    for (unsigned i = 0; i < cfg->n_devices; i++) {
        const DeviceConfig *dev = &cfg->devices[i];
        const char *v;

        loc_set_option(dev->opt, dev->arg);
        if ((v = prop(dev, "netdev"))) {
            if (!options_find_netdev(cfg, v))
                return cant_find(dev, "netdev", v);
            for (unsigned n = 0; n < cfg->n_nics; n++) {
                if (cfg->nics[n].netdev && !strcmp(cfg->nics[n].netdev, v)) {
                    error_report("Property '%s.netdev' can't take value '%s', it's in use", dev->driver, v);
                    return -EINVAL;
                }
            }
            for (unsigned d = 0; d < i; d++) {
                const char *other = prop(&cfg->devices[d], "netdev");

                if (other && !strcmp(other, v)) {
                    error_report("Property '%s.netdev' can't take value '%s', it's in use", dev->driver, v);
                    return -EINVAL;
                }
            }
        }
        if ((v = prop(dev, "drive"))) {
            const DriveConfig *drive = NULL;

            for (unsigned d = 0; d < cfg->n_drives; d++) {
                if (!strcmp(cfg->drives[d].id, v))
                    drive = &cfg->drives[d];
            }
            if (!drive)
                return cant_find(dev, "drive", v);
            if (drive->interface != DRIVE_IF_NONE) {
                error_report("Drive '%s' is already in use because it has been automatically connected to "
                             "another device (did you need 'if=none' in the drive options?)", v);
                return -EINVAL;
            }
        }
        if ((v = prop(dev, "chardev"))) {
            bool found = false;

            for (unsigned c = 0; c < cfg->n_chardevs; c++)
                found |= !strcmp(cfg->chardevs[c].id, v);
            if (!found)
                return cant_find(dev, "chardev", v);
        }
    }
    return 0;
}
