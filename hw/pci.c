/*
 * PCI bus: configuration space, BAR mapping, INTx routing, "info pci".
 * Semantics follow the PCI Local Bus Specification 3.0 and, where the spec
 * leaves room, QEMU 7.2's hw/pci/pci.c, which SeaBIOS and Linux were tested on.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "hw/pci.h"
#include "system/cutils.h"
#include "system/log.h"

void pci_bus_init(PCIBus *bus, MemoryRegion *mem, MemoryRegion *io)
{
    memset(bus, 0, sizeof(*bus));
    bus->mem = mem;
    bus->io = io;
}

void pci_bus_set_irq_route(PCIBus *bus, PCIMapIrqFn *map_irq, PCISetIrqFn *set_irq,
                           void *opaque, int nirq)
{
    bus->map_irq = map_irq;
    bus->set_irq = set_irq;
    bus->irq_opaque = opaque;
    bus->nirq = nirq < PCI_BUS_MAX_IRQS ? nirq : PCI_BUS_MAX_IRQS;
    memset(bus->irq_count, 0, sizeof(bus->irq_count));
}

int pci_bus_irq_level(const PCIBus *bus, int irq)
{
    return irq >= 0 && irq < bus->nirq && bus->irq_count[irq] != 0;
}

PCIDevice *pci_bus_find(const PCIBus *bus, int devfn)
{
    return devfn >= 0 && devfn < 256 ? bus->devices[devfn] : NULL;
}

/* ---- INTx ------------------------------------------------------------- */

/* What the bus sees from d: its level unless COMMAND.INTX_DISABLE (PCI 3.0 6.2.2). */
static int pci_intx_out(const PCIDevice *d)
{
    return d->irq_level && !(pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
}

static void pci_bus_change_irq(PCIDevice *d, int delta)
{
    PCIBus *bus = d->bus;
    int pin = d->config[PCI_INTERRUPT_PIN] - 1;
    int irq;

    if (pin < 0 || pin >= PCI_NUM_PINS || !bus->map_irq)
        return;
    irq = bus->map_irq(bus->irq_opaque, d->devfn, pin);
    if (irq < 0 || irq >= bus->nirq)
        return;
    bus->irq_count[irq] += delta;
    if (bus->set_irq)
        bus->set_irq(bus->irq_opaque, irq, bus->irq_count[irq] != 0);
}

/* Tell the bus when what d shows on its pin changed. */
static void pci_intx_sync(PCIDevice *d)
{
    int out = pci_intx_out(d);

    if (out != d->intx_on_bus) {
        d->intx_on_bus = out;
        pci_bus_change_irq(d, out ? 1 : -1);
    }
}

void pci_set_irq(PCIDevice *d, int level)
{
    uint16_t status = pci_get_word(d->config + PCI_STATUS);

    d->irq_level = level != 0;
    /* STATUS.INTERRUPT shows the device's pin whatever INTX_DISABLE says. */
    status = d->irq_level ? status | PCI_STATUS_INTERRUPT : status & ~PCI_STATUS_INTERRUPT;
    pci_set_word(d->config + PCI_STATUS, status);
    pci_intx_sync(d);
}

/* ---- BARs ------------------------------------------------------------- */

static unsigned pci_bar_offset(int bar)
{
    return bar == PCI_ROM_SLOT ? PCI_ROM_ADDRESS : PCI_BASE_ADDRESS_0 + 4 * bar;
}

void pci_register_bar(PCIDevice *d, int bar, uint8_t type, MemoryRegion *mr)
{
    PCIBar *r = &d->bars[bar];
    unsigned off = pci_bar_offset(bar);
    uint64_t wmask;

    r->mr = mr;
    r->size = memory_region_size(mr);
    r->type = bar == PCI_ROM_SLOT ? 0 : type;
    r->addr = PCI_BAR_UNMAPPED;
    /* Sizing: the bits below the size read back as zero (PCI 3.0 6.2.5.1). */
    wmask = ~(r->size - 1);
    if (bar == PCI_ROM_SLOT)
        wmask |= PCI_ROM_ENABLE;
    pci_set_long(d->config + off, r->type);
    if (!(r->type & PCI_BAR_IO) && (r->type & PCI_BAR_MEM64)) {
        pci_set_quad(d->wmask + off, wmask);
        pci_set_long(d->config + off + 4, 0);
    } else {
        pci_set_long(d->wmask + off, (uint32_t)wmask);
    }
}

/* Where the BAR's current value and COMMAND say it decodes (QEMU's pci_bar_address). */
static uint64_t pci_bar_decode(const PCIDevice *d, int bar)
{
    const PCIBar *r = &d->bars[bar];
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    unsigned off = pci_bar_offset(bar);
    uint64_t addr, last;
    bool is64 = false;

    if (r->type & PCI_BAR_IO) {
        if (!(cmd & PCI_COMMAND_IO))
            return PCI_BAR_UNMAPPED;
        addr = pci_get_long(d->config + off) & ~(r->size - 1);
        last = addr + r->size - 1;
        /* Port space is 64 KiB: a BAR reaching past it decodes nothing. */
        if (!addr || last <= addr || last > 0xffff)
            return PCI_BAR_UNMAPPED;
        return addr;
    }
    if (!(cmd & PCI_COMMAND_MEMORY))
        return PCI_BAR_UNMAPPED;
    if (bar == PCI_ROM_SLOT) {
        uint32_t v = pci_get_long(d->config + off);

        if (!(v & PCI_ROM_ENABLE))
            return PCI_BAR_UNMAPPED;
        addr = v & ~(r->size - 1) & ~(uint64_t)PCI_ROM_ENABLE;
    } else if (r->type & PCI_BAR_MEM64) {
        is64 = true;
        addr = pci_get_quad(d->config + off) & ~(r->size - 1);
    } else {
        addr = pci_get_long(d->config + off) & ~(r->size - 1);
    }
    last = addr + r->size - 1;
    /* Address 0 means "not programmed"; a 32-bit BAR may not wrap past 4 GiB. */
    if (!addr || last <= addr || (!is64 && last >= UINT32_MAX))
        return PCI_BAR_UNMAPPED;
    return addr;
}

uint64_t pci_bar_address(const PCIDevice *d, int bar)
{
    return bar >= 0 && bar < PCI_NUM_REGIONS ? d->bars[bar].addr : PCI_BAR_UNMAPPED;
}

static void pci_update_mappings(PCIDevice *d)
{
    memory_region_transaction_begin();
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIBar *r = &d->bars[i];
        MemoryRegion *container = (r->type & PCI_BAR_IO) ? d->bus->io : d->bus->mem;
        uint64_t addr;

        if (!r->mr || !container)
            continue;
        addr = pci_bar_decode(d, i);
        if (addr == r->addr)
            continue;
        if (r->addr != PCI_BAR_UNMAPPED)
            memory_region_del_subregion(container, r->mr);
        r->addr = addr;
        /* Priority 1, as QEMU: a BAR shows over whatever else the container holds. */
        if (addr != PCI_BAR_UNMAPPED)
            memory_region_add_subregion_overlap(container, addr, r->mr, 1);
    }
    memory_region_transaction_commit();
}

/* ---- Registration and reset ------------------------------------------- */

int pci_register_device(PCIBus *bus, PCIDevice *d, int devfn, const char *name,
                        const PCIDeviceOps *ops, void *opaque)
{
    if (devfn < 0 || devfn > 255)
        return -EINVAL;
    if (bus->devices[devfn])
        return -EBUSY;
    memset(d, 0, sizeof(*d));
    d->bus = bus;
    d->devfn = devfn;
    d->name = name;
    d->ops = ops;
    d->opaque = opaque;
    for (int i = 0; i < PCI_NUM_REGIONS; i++)
        d->bars[i].addr = PCI_BAR_UNMAPPED;

    /* The generic masks, as QEMU's pci_init_wmask/pci_init_w1cmask. */
    pci_set_word(d->wmask + PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                 PCI_COMMAND_MASTER | PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    memset(d->wmask + PCI_CONFIG_HEADER_SIZE, 0xff,
           PCI_CONFIG_SPACE_SIZE - PCI_CONFIG_HEADER_SIZE);
    pci_set_word(d->w1cmask + PCI_STATUS, PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |
                 PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |
                 PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY);
    pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID, PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
    pci_set_word(d->config + PCI_SUBSYSTEM_ID, PCI_SUBDEVICE_ID_QEMU);
    bus->devices[devfn] = d;
    return 0;
}

void pci_config_set_ids(PCIDevice *d, uint16_t vendor, uint16_t device, uint16_t class_code,
                        uint8_t revision)
{
    pci_set_word(d->config + PCI_VENDOR_ID, vendor);
    pci_set_word(d->config + PCI_DEVICE_ID, device);
    pci_set_word(d->config + PCI_CLASS_DEVICE, class_code);
    d->config[PCI_REVISION_ID] = revision;
}

void pci_device_reset(PCIDevice *d)
{
    pci_set_irq(d, 0);
    /* What the guest could write in COMMAND/STATUS goes back to 0 (QEMU's pci_do_device_reset). */
    pci_set_word(d->config + PCI_COMMAND, pci_get_word(d->config + PCI_COMMAND) &
                 ~pci_get_word(d->wmask + PCI_COMMAND));
    pci_set_word(d->config + PCI_STATUS, pci_get_word(d->config + PCI_STATUS) &
                 ~pci_get_word(d->w1cmask + PCI_STATUS));
    d->config[PCI_CACHE_LINE_SIZE] = 0;
    d->config[PCI_INTERRUPT_LINE] = 0;
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIBar *r = &d->bars[i];
        unsigned off = pci_bar_offset(i);

        if (!r->mr)
            continue;
        pci_set_long(d->config + off, r->type);
        if (!(r->type & PCI_BAR_IO) && (r->type & PCI_BAR_MEM64))
            pci_set_long(d->config + off + 4, 0);
    }
    pci_update_mappings(d);
    if (d->ops && d->ops->reset)
        d->ops->reset(d);
}

void pci_bus_reset(PCIBus *bus)
{
    for (int i = 0; i < 256; i++)
        if (bus->devices[i])
            pci_device_reset(bus->devices[i]);
}

void pci_device_post_load(PCIDevice *d)
{
    pci_update_mappings(d);
    d->irq_level = (pci_get_word(d->config + PCI_STATUS) & PCI_STATUS_INTERRUPT) != 0;
    pci_intx_sync(d);
}

/* ---- Config cycles ---------------------------------------------------- */

static bool ranges_overlap(uint32_t a, unsigned alen, uint32_t b, unsigned blen)
{
    return a < b + blen && b < a + alen;
}

uint32_t pci_config_read(PCIBus *bus, int devfn, uint32_t addr, unsigned len)
{
    PCIDevice *d = pci_bus_find(bus, devfn);
    uint32_t v = 0;

    if (!d || addr >= PCI_CONFIG_SPACE_SIZE)
        return UINT32_MAX;
    if (addr + len > PCI_CONFIG_SPACE_SIZE)
        len = PCI_CONFIG_SPACE_SIZE - addr;
    for (unsigned i = 0; i < len; i++)
        v |= (uint32_t)d->config[addr + i] << (8 * i);
    return v;
}

void pci_config_write(PCIBus *bus, int devfn, uint32_t addr, uint32_t val, unsigned len)
{
    PCIDevice *d = pci_bus_find(bus, devfn);
    uint32_t v = val;

    if (!d || addr >= PCI_CONFIG_SPACE_SIZE)
        return;
    if (addr + len > PCI_CONFIG_SPACE_SIZE)
        len = PCI_CONFIG_SPACE_SIZE - addr;
    for (unsigned i = 0; i < len; i++, v >>= 8) {
        uint8_t wm = d->wmask[addr + i], w1c = d->w1cmask[addr + i];

        d->config[addr + i] = (d->config[addr + i] & ~wm) | (v & wm);
        d->config[addr + i] &= ~(v & w1c);
    }
    if (ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 24) ||
        ranges_overlap(addr, len, PCI_ROM_ADDRESS, 4) ||
        ranges_overlap(addr, len, PCI_COMMAND, 1))
        pci_update_mappings(d);
    pci_intx_sync(d);     /* COMMAND.INTX_DISABLE may have changed */
    if (d->ops && d->ops->config_write)
        d->ops->config_write(d, addr, val, len);
}

/* ---- info pci --------------------------------------------------------- */

/* QEMU's pci_class_descriptions, the ones a PC guest can meet. */
static const struct { uint16_t cls; const char *desc; } pci_class_desc[] = {
    { 0x0001, "VGA controller" },
    { 0x0100, "SCSI controller" },
    { 0x0101, "IDE controller" },
    { 0x0102, "Floppy controller" },
    { 0x0103, "IPI controller" },
    { 0x0104, "RAID controller" },
    { 0x0106, "SATA controller" },
    { 0x0107, "SAS controller" },
    { 0x0180, "Storage controller" },
    { 0x0200, "Ethernet controller" },
    { 0x0201, "Token Ring controller" },
    { 0x0202, "FDDI controller" },
    { 0x0203, "ATM controller" },
    { 0x0280, "Network controller" },
    { 0x0300, "VGA controller" },
    { 0x0301, "XGA controller" },
    { 0x0302, "3D controller" },
    { 0x0380, "Display controller" },
    { 0x0400, "Video controller" },
    { 0x0401, "Audio controller" },
    { 0x0402, "Phone" },
    { 0x0403, "Audio controller" },
    { 0x0480, "Multimedia controller" },
    { 0x0500, "RAM controller" },
    { 0x0501, "Flash controller" },
    { 0x0580, "Memory controller" },
    { 0x0600, "Host bridge" },
    { 0x0601, "ISA bridge" },
    { 0x0602, "EISA bridge" },
    { 0x0603, "MC bridge" },
    { 0x0604, "PCI bridge" },
    { 0x0605, "PCMCIA bridge" },
    { 0x0606, "NUBUS bridge" },
    { 0x0607, "CARDBUS bridge" },
    { 0x0608, "RACEWAY bridge" },
    { 0x0680, "Bridge" },
    { 0x0700, "Serial port" },
    { 0x0701, "Parallel port" },
    { 0x0800, "Interrupt controller" },
    { 0x0803, "RTC" },
    { 0x0c03, "USB controller" },
    { 0x0c05, "SMBus" },
    { 0x0d00, "IRDA controller" },
    { 0x0d80, "Wireless controller" },
};

void pci_info(const PCIBus *bus, FILE *f)
{
    for (int devfn = 0; devfn < 256; devfn++) {
        const PCIDevice *d = bus->devices[devfn];
        uint16_t cls;
        const char *desc = NULL;

        if (!d)
            continue;
        cls = pci_get_word(d->config + PCI_CLASS_DEVICE);
        for (size_t i = 0; i < ARRAY_SIZE(pci_class_desc); i++)
            if (pci_class_desc[i].cls == cls)
                desc = pci_class_desc[i].desc;
        fprintf(f, "  Bus %2d, device %3d, function %d:\n", 0, PCI_SLOT(devfn), PCI_FUNC(devfn));
        if (desc)
            fprintf(f, "    %s", desc);
        else
            fprintf(f, "    Class %04" PRIu16, cls);
        fprintf(f, ": PCI device %04x:%04x\n", pci_get_word(d->config + PCI_VENDOR_ID),
                pci_get_word(d->config + PCI_DEVICE_ID));
        fprintf(f, "      PCI subsystem %04x:%04x\n",
                pci_get_word(d->config + PCI_SUBSYSTEM_VENDOR_ID),
                pci_get_word(d->config + PCI_SUBSYSTEM_ID));
        if (d->config[PCI_INTERRUPT_PIN])
            fprintf(f, "      IRQ %d, pin %c\n", d->config[PCI_INTERRUPT_LINE],
                    'A' + d->config[PCI_INTERRUPT_PIN] - 1);
        for (int i = 0; i < PCI_NUM_REGIONS; i++) {
            const PCIBar *r = &d->bars[i];

            if (!r->mr)
                continue;
            fprintf(f, "      BAR%d: ", i);
            if (r->type & PCI_BAR_IO)
                fprintf(f, "I/O at 0x%04" PRIx64 " [0x%04" PRIx64 "].\n", r->addr,
                        r->addr + r->size - 1);
            else
                fprintf(f, "%d bit%s memory at 0x%08" PRIx64 " [0x%08" PRIx64 "].\n",
                        (r->type & PCI_BAR_MEM64) ? 64 : 32,
                        (r->type & PCI_BAR_PREFETCH) ? " prefetchable" : "", r->addr,
                        r->addr + r->size - 1);
        }
        fprintf(f, "      id \"%s\"\n", "");
    }
}

/* ---- State ------------------------------------------------------------ */

static const VMStateField pci_device_fields[] = {
    VMSTATE(PCIDevice, VMS_BYTES, config, PCI_CONFIG_SPACE_SIZE),
    VMSTATE_END,
};

static int pci_device_vmstate_post_load(void *state)
{
    pci_device_post_load(state);
    return 0;
}

const VMStateDesc pci_device_vmstate = {
    .name = "pci-device",
    .version = 1,
    .fields = pci_device_fields,
    .post_load = pci_device_vmstate_post_load,
};
