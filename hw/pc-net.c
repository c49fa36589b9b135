/*
 * The pc board's network: the back ends of the options (net/), then the
 * NICs of -net nic / -nic on the first free PCI slots from 3 on (QEMU's
 * pc_nic_init, after the VGA at 2), then those of -device MODEL,netdev=ID
 * in command-line order (addr= picks the slot). Each NIC gets its iPXE
 * option ROM when Debian's ipxe-qemu (or BUILD/roms) has it, as QEMU's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/net/e1000.h"
#include "hw/net/rtl8139.h"
#include "hw/net/virtio-net.h"
#include "hw/pc-net.h"
#include "net/net.h"
#include "system/error.h"

typedef int NicInitFn(PCIBus *bus, int devfn, NetClientState *peer, const char *name,
                      const uint8_t mac[6], const char *rom);

static int init_e1000(PCIBus *bus, int devfn, NetClientState *peer, const char *name,
                      const uint8_t mac[6], const char *rom)
{
    E1000State *s = calloc(1, sizeof(*s));

    return s ? e1000_init(s, bus, devfn, peer, name, mac, rom) : -ENOMEM;
}

static int init_rtl8139(PCIBus *bus, int devfn, NetClientState *peer, const char *name,
                        const uint8_t mac[6], const char *rom)
{
    RTL8139State *s = calloc(1, sizeof(*s));

    return s ? rtl8139_init(s, bus, devfn, peer, name, mac, rom) : -ENOMEM;
}

static int init_virtio_net(PCIBus *bus, int devfn, NetClientState *peer, const char *name,
                           const uint8_t mac[6], const char *rom)
{
    VirtIONet *s = calloc(1, sizeof(*s));

    return s ? virtio_net_pci_init(s, bus, devfn, peer, name, mac, rom) : -ENOMEM;
}

static const struct {
    const char *model;
    NicInitFn *init;
    const char *rom;            /* QEMU 7.2's romfile for pc-i440fx-7.2 */
} nic_models[] = {
    { "e1000", init_e1000, "efi-e1000.rom" },
    { "rtl8139", init_rtl8139, "efi-rtl8139.rom" },
    { "virtio-net-pci", init_virtio_net, "efi-virtio.rom" },
};

/* BUILD/roms/NAME beside the binary, else Debian's ipxe-qemu; NULL if neither. */
static char *nic_rom_path(const char *name)
{
    char exe[4096], *slash, *path;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

    if (n > 0) {
        exe[n] = 0;
        if ((slash = strrchr(exe, '/'))) {
            *slash = 0;
            if (asprintf(&path, "%s/roms/%s", exe, name) > 0) {
                if (access(path, R_OK) == 0)
                    return path;
                free(path);
            }
        }
    }
    if (asprintf(&path, "/usr/lib/ipxe/qemu/%s", name) < 0)
        return NULL;
    if (access(path, R_OK) == 0)
        return path;
    free(path);
    return NULL;
}

static int first_free_slot(PCIBus *bus)
{
    for (int slot = 3; slot < 32; slot++)
        if (!pci_bus_find(bus, PCI_DEVFN(slot, 0)))
            return slot;
    return -1;
}

static int add_nic(PCIBus *bus, const char *model, int devfn, NetClientState *peer, const char *name,
                   const uint8_t mac[6])
{
    char *rom;
    int ret;

    for (size_t i = 0; i < sizeof(nic_models) / sizeof(nic_models[0]); i++) {
        if (strcmp(nic_models[i].model, model))
            continue;
        if (devfn < 0) {
            int slot = first_free_slot(bus);

            if (slot < 0) {
                error_report("PCI: no slot/function available for %s, all in use", model);
                return -ENOSPC;
            }
            devfn = PCI_DEVFN(slot, 0);
        }
        rom = nic_rom_path(nic_models[i].rom);
        ret = nic_models[i].init(bus, devfn, peer, name, mac, rom);
        free(rom);
        if (ret == -EBUSY)
            error_report("PCI: slot %d function %d not available for %s, in use by another device",
                         PCI_SLOT(devfn), PCI_FUNC(devfn), model);
        else if (ret < 0)
            error_report("cannot create the %s NIC: %s", model, strerror(-ret));
        return ret;
    }
    error_report("network model '%s' is not supported yet", model);
    return -ENOTSUP;
}

static const char *device_prop(const DeviceConfig *d, const char *key)
{
    for (unsigned i = 0; i < d->n_props; i++)
        if (!strcmp(d->props[i].key, key))
            return d->props[i].value;
    return NULL;
}

/* addr=SLOT[.FN], hexadecimal as QEMU's. */
static int parse_devfn(const char *s)
{
    char *end;
    unsigned long slot = strtoul(s, &end, 16), fn = 0;

    if (end == s || slot > 31)
        return -1;
    if (*end == '.') {
        fn = strtoul(end + 1, &end, 16);
        if (fn > 7)
            return -1;
    }
    return *end ? -1 : PCI_DEVFN((int)slot, (int)fn);
}

int pc_net_init(PCIBus *bus, const VireoConfig *cfg)
{
    /* QEMU hands out default MACs in creation order, -device NICs after the -net ones. */
    unsigned defaults = 0;
    int ret;

    if ((ret = net_init_backends(cfg)) < 0)
        return ret;
    for (unsigned i = 0; i < cfg->n_nics; i++) {
        const NicConfig *nic = &cfg->nics[i];
        static const uint8_t base[5] = { 0x52, 0x54, 0x00, 0x12, 0x34 };

        if (!memcmp(nic->mac.a, base, 5))
            defaults++;
        loc_set_option(nic->opt, nic->arg);
        ret = add_nic(bus, nic->model, -1, net_nic_peer(i), nic->name, nic->mac.a);
        loc_clear();
        if (ret < 0)
            return ret;
    }
    for (unsigned i = 0; i < cfg->n_devices; i++) {
        const DeviceConfig *d = &cfg->devices[i];
        const char *netdev = device_prop(d, "netdev"), *mac = device_prop(d, "mac");
        const char *addr = device_prop(d, "addr");
        uint8_t a[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
        NetClientState *peer = NULL;
        int devfn = -1;
        bool is_nic = false;

        for (size_t m = 0; m < sizeof(nic_models) / sizeof(nic_models[0]); m++)
            is_nic |= !strcmp(d->driver, nic_models[m].model);
        if (!is_nic)
            continue;
        loc_set_option(d->opt, d->arg);
        if (mac) {
            unsigned v[6];

            if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6 ||
                (v[0] & 1)) {
                error_report("Property '%s.mac' doesn't take value '%s'", d->driver, mac);
                loc_clear();
                return -EINVAL;
            }
            for (int k = 0; k < 6; k++)
                a[k] = (uint8_t)v[k];
        } else {
            a[5] = (uint8_t)(0x56 + defaults++);
        }
        if (addr && (devfn = parse_devfn(addr)) < 0) {
            error_report("Property '%s.addr' doesn't take value '%s'", d->driver, addr);
            loc_clear();
            return -EINVAL;
        }
        if (netdev)
            peer = net_backend_by_id(netdev);
        ret = add_nic(bus, d->driver, devfn, peer, device_prop(d, "id"), a);
        loc_clear();
        if (ret < 0)
            return ret;
    }
    /* QEMU's warnings for back ends no NIC uses. */
    for (NetClientState *c = net_clients(); c; c = c->next)
        if (!c->peer && c->info->kind != NET_CLIENT_NIC && c->info->kind != NET_CLIENT_HUBPORT)
            warn_report("netdev %s has no peer", c->name);
    return 0;
}
