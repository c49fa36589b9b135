/*
 * The PIIX3 IDE function (82371SB datasheet, section 2.6 "PCI Configuration
 * Registers -- IDE Interface"): 8086:7010, class 0101 with programming
 * interface 80h (bus master, both channels in compatibility mode), so the
 * channels sit at the legacy ports and ISA IRQ14/15 and only BAR4 (BMIBA,
 * 16 ports of bus-master registers) is a BAR, as QEMU's piix3-ide.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/ide-int.h"

static uint64_t piix_bmdma_read(void *opaque, uint64_t addr, unsigned size)
{
    PCIIDEState *s = opaque;

    return ide_bmdma_read(&s->bus[(addr >> 3) & 1], addr & 7, size);
}

static void piix_bmdma_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PCIIDEState *s = opaque;

    ide_bmdma_write(&s->bus[(addr >> 3) & 1], addr & 7, val, size);
}

static const MemoryRegionOps piix_bmdma_ops = {
    .read = piix_bmdma_read, .write = piix_bmdma_write, .min_access = 1, .max_access = 4,
};

void ide_reset_all(PCIIDEState *s)
{
    for (int i = 0; i < 2; i++)
        ide_bus_reset(&s->bus[i]);
}

static void piix_ide_reset(PCIDevice *d)
{
    PCIIDEState *s = d->opaque;
    uint8_t *c = d->config;

    /* QEMU's piix_ide_reset: decoding off, DEVSEL medium, fast back-to-back, BMIBA 1. */
    pci_set_word(c + PCI_COMMAND, 0);
    pci_set_word(c + PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM | PCI_STATUS_FAST_BACK);
    pci_set_long(c + 0x20, 0x01);
    ide_reset_all(s);
}

static const PCIDeviceOps piix_ide_pci_ops = {
    .reset = piix_ide_reset,
};

int piix3_ide_init(PCIIDEState *s, PCIBus *bus, int devfn, MemoryRegion *io, IrqLine irq14,
                   IrqLine irq15)
{
    int ret;

    memset(s, 0, sizeof(*s));
    ret = pci_register_device(bus, &s->dev, devfn, "piix3-ide", &piix_ide_pci_ops, s);
    if (ret < 0)
        return ret;
    pci_config_set_ids(&s->dev, 0x8086, 0x7010, 0x0101, 0x00);
    s->dev.config[PCI_CLASS_PROG] = 0x80;
    memory_region_init_io(&s->bmdma_io, "piix-bmdma", &piix_bmdma_ops, s, 16);
    pci_register_bar(&s->dev, 4, PCI_BAR_IO, &s->bmdma_io);
    ide_bus_init(&s->bus[0], 0, &s->dev, io, 0x1f0, 0x3f6, irq14);
    ide_bus_init(&s->bus[1], 1, &s->dev, io, 0x170, 0x376, irq15);
    for (int i = 0; i < 2; i++)
        for (int u = 0; u < 2; u++) {
            IDEDrive *d = &s->bus[i].drive[u];

            d->buf_size = IDE_BUF_SIZE;
            d->buf = calloc(1, IDE_BUF_SIZE);
            if (!d->buf)
                return -ENOMEM;
        }
    pci_device_reset(&s->dev);
    return 0;
}

IDEDrive *ide_drive(PCIIDEState *s, int channel, int unit)
{
    if (channel < 0 || channel > 1 || unit < 0 || unit > 1)
        return NULL;
    return &s->bus[channel].drive[unit];
}

/* QEMU's guess_chs_for_size: 16 heads, 63 sectors, 2..16383 cylinders. */
static void ide_guess_geometry(IDEDrive *d)
{
    uint64_t cyl = d->nb_sectors / (16 * 63);

    d->cylinders = cyl > 16383 ? 16383 : cyl < 2 ? 2 : (int)cyl;
    d->heads = 16;
    d->sectors = 63;
}

int ide_attach(PCIIDEState *s, int channel, int unit, IDEKind kind, BlockDriverState *bs,
               int serial_no)
{
    IDEDrive *d = ide_drive(s, channel, unit);
    int64_t len = bs ? bdrv_getlength(bs) : 0;

    if (!d || kind == IDE_NONE || (kind == IDE_HD && (!bs || len < (int64_t)IDE_SECTOR)))
        return -EINVAL;
    if (d->kind != IDE_NONE)
        return -EBUSY;
    d->kind = kind;
    d->bs = bs;
    d->nb_sectors = len > 0 ? (uint64_t)len / IDE_SECTOR : 0;
    d->write_cache = true;
    d->smart_enabled = true;
    d->identify_set = false;
    snprintf(d->serial, sizeof(d->serial), "QM%05d", serial_no);
    snprintf(d->model, sizeof(d->model), "%s", kind == IDE_CD ? "QEMU DVD-ROM" : "QEMU HARDDISK");
    if (kind == IDE_HD)
        ide_guess_geometry(d);
    ide_bus_reset(&s->bus[channel]);
    return 0;
}
