/*
 * PCI bus: configuration space, BAR mapping, INTx routing, "info pci".
 * Semantics follow the PCI Local Bus Specification 3.0 and, where the spec
 * leaves room, QEMU 7.2's hw/pci/pci.c, which SeaBIOS and Linux were tested on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hw/pci.h"
#include "system/cutils.h"
#include "system/log.h"
#include "tcg/tb-cache.h"

static void msix_reset(PCIDevice *d);
static void msix_control_written(PCIDevice *d);

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
    if (d->msix_cap)
        msix_reset(d);
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
    if (d->ops && d->ops->config_read)
        v = d->ops->config_read(d, addr, v, len);
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
    if (d->msix_cap && ranges_overlap(addr, len, d->msix_cap + 2u, 2))
        msix_control_written(d);
    if (d->ops && d->ops->config_write)
        d->ops->config_write(d, addr, val, len);
}

/* ---- Capabilities ------------------------------------------------------ */

int pci_add_capability(PCIDevice *d, uint8_t id, uint8_t offset, uint8_t size)
{
    if (offset < PCI_CONFIG_HEADER_SIZE || (offset & 3) || size < 2 ||
        offset + size > PCI_CONFIG_SPACE_SIZE)
        return -EINVAL;
    /* No overlap with a capability already on the list. */
    for (uint8_t p = d->config[PCI_CAPABILITY_LIST]; p; p = d->config[p + 1])
        if (d->config[p] && offset < p + 4 && p < offset + size)
            return -EINVAL;
    memset(d->config + offset, 0, size);
    memset(d->wmask + offset, 0, size);
    memset(d->w1cmask + offset, 0, size);
    d->config[offset] = id;
    d->config[offset + 1] = d->config[PCI_CAPABILITY_LIST];
    d->config[PCI_CAPABILITY_LIST] = offset;
    pci_set_word(d->config + PCI_STATUS,
                 pci_get_word(d->config + PCI_STATUS) | PCI_STATUS_CAP_LIST);
    return offset;
}

/* ---- MSI-X ------------------------------------------------------------- */

/* Message Control (PCI 3.0 6.8.2.3): table size - 1 in bits 10:0. */
#define MSIX_CTRL_MASKALL   0x4000
#define MSIX_CTRL_ENABLE    0x8000
#define MSIX_ENTRY_SIZE     16
#define MSIX_VCTRL_MASKED   1       /* Vector Control bit 0 (6.8.2.9) */

static uint16_t msix_control(const PCIDevice *d)
{
    return pci_get_word(d->config + d->msix_cap + 2);
}

bool msix_enabled(const PCIDevice *d)
{
    return d->msix_cap && (msix_control(d) & MSIX_CTRL_ENABLE);
}

static bool msix_masked(const PCIDevice *d, unsigned v)
{
    return (msix_control(d) & MSIX_CTRL_MASKALL) ||
           (d->msix_table[v * MSIX_ENTRY_SIZE + 12] & MSIX_VCTRL_MASKED);
}

bool msix_is_pending(const PCIDevice *d, unsigned v)
{
    return v < d->msix_nvec && (d->msix_pba[v / 8] >> (v % 8)) & 1;
}

static void msix_send(PCIDevice *d, unsigned v)
{
    const uint8_t *e = d->msix_table + v * MSIX_ENTRY_SIZE;

    /* A message is a memory write by the function: like any DMA it needs
     * Bus Master Enable (QEMU drops it through the disabled master space). */
    if (!d->bus->dma_as || !(pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_MASTER))
        return;
    address_space_st(d->bus->dma_as, pci_get_quad(e), pci_get_long(e + 8), 4);
}

void msix_notify(PCIDevice *d, unsigned v)
{
    if (!msix_enabled(d) || v >= d->msix_nvec)
        return;
    if (msix_masked(d, v)) {
        d->msix_pba[v / 8] |= (uint8_t)(1u << (v % 8));
        return;
    }
    msix_send(d, v);
}

/* Unmasking a vector whose pending bit is set sends the message (6.8.2.9). */
static void msix_vector_unmasked(PCIDevice *d, unsigned v)
{
    if (msix_enabled(d) && !msix_masked(d, v) && msix_is_pending(d, v)) {
        d->msix_pba[v / 8] &= (uint8_t)~(1u << (v % 8));
        msix_send(d, v);
    }
}

static void msix_control_written(PCIDevice *d)
{
    for (unsigned v = 0; v < d->msix_nvec; v++)
        msix_vector_unmasked(d, v);
}

static void msix_reset(PCIDevice *d)
{
    d->config[d->msix_cap + 3] &= (uint8_t)~((MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL) >> 8);
    memset(d->msix_table, 0, d->msix_nvec * MSIX_ENTRY_SIZE);
    for (unsigned v = 0; v < d->msix_nvec; v++)
        d->msix_table[v * MSIX_ENTRY_SIZE + 12] = MSIX_VCTRL_MASKED;
    memset(d->msix_pba, 0, (d->msix_nvec + 7) / 8);
}

static uint64_t msix_table_read(void *opaque, uint64_t addr, unsigned size)
{
    PCIDevice *d = opaque;

    if (addr + 4 > d->msix_nvec * MSIX_ENTRY_SIZE)
        return 0;
    return pci_get_long(d->msix_table + addr);
}

static void msix_table_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PCIDevice *d = opaque;
    unsigned v = (unsigned)(addr / MSIX_ENTRY_SIZE);

    if (addr + 4 > d->msix_nvec * MSIX_ENTRY_SIZE)
        return;
    /* Vector Control: only the mask bit is defined, the rest reserved (read 0). */
    if (addr % MSIX_ENTRY_SIZE == 12)
        val &= MSIX_VCTRL_MASKED;
    pci_set_long(d->msix_table + addr, (uint32_t)val);
    msix_vector_unmasked(d, v);
}

static uint64_t msix_pba_read(void *opaque, uint64_t addr, unsigned size)
{
    PCIDevice *d = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < 4; i++)
        if (addr + i < (d->msix_nvec + 7) / 8)
            v |= (uint64_t)d->msix_pba[addr + i] << (8 * i);
    return v;
}

static void msix_pba_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    /* Read-only (6.8.2.10). */
}

static const MemoryRegionOps msix_table_ops = {
    .read = msix_table_read, .write = msix_table_write, .min_access = 4, .max_access = 4,
};
static const MemoryRegionOps msix_pba_ops = {
    .read = msix_pba_read, .write = msix_pba_write, .min_access = 4, .max_access = 4,
};

int msix_init(PCIDevice *d, unsigned nvec, MemoryRegion *bar_mr, int bar, uint32_t table_off,
              uint32_t pba_off, uint8_t cap_off)
{
    uint64_t table_size = (uint64_t)nvec * MSIX_ENTRY_SIZE, pba_size = ((nvec + 63) / 64) * 8;
    int ret;

    if (nvec == 0 || nvec > 2048 || bar < 0 || bar >= PCI_NUM_BARS || (table_off & 7) ||
        (pba_off & 7) || table_off + table_size > memory_region_size(bar_mr) ||
        pba_off + pba_size > memory_region_size(bar_mr))
        return -EINVAL;
    ret = pci_add_capability(d, PCI_CAP_ID_MSIX, cap_off, 12);
    if (ret < 0)
        return ret;
    d->msix_table = calloc(1, table_size);
    d->msix_pba = calloc(1, pba_size);
    if (!d->msix_table || !d->msix_pba)
        return -ENOMEM;
    d->msix_cap = cap_off;
    d->msix_nvec = nvec;
    pci_set_word(d->config + cap_off + 2, (uint16_t)(nvec - 1));
    pci_set_long(d->config + cap_off + 4, table_off | (uint32_t)bar);
    pci_set_long(d->config + cap_off + 8, pba_off | (uint32_t)bar);
    /* Only MSI-X Enable and Function Mask are writable. */
    d->wmask[cap_off + 3] = (MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL) >> 8;
    memory_region_init_io(&d->msix_table_mr, "msix-table", &msix_table_ops, d, table_size);
    memory_region_add_subregion(bar_mr, table_off, &d->msix_table_mr);
    memory_region_init_io(&d->msix_pba_mr, "msix-pba", &msix_pba_ops, d, pba_size);
    memory_region_add_subregion(bar_mr, pba_off, &d->msix_pba_mr);
    msix_reset(d);
    return 0;
}

/* ---- Bus-master DMA -------------------------------------------------------- */

void pci_bus_set_dma_as(PCIBus *bus, AddressSpace *as)
{
    bus->dma_as = as;
}

void *pci_dma_map(PCIDevice *d, uint64_t addr, uint64_t *plen, bool is_write)
{
    AddressSpace *as = d->bus->dma_as;
    MemoryRegion *mr;
    uint64_t xlat, len = *plen;

    if (!as || !len || addr + len - 1 < addr ||
        !(pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_MASTER))
        return NULL;
    mr = address_space_translate(as, addr, &xlat, &len, is_write);
    /* Only RAM: a DMA into MMIO (another device's registers, the APIC) or
     * unassigned space is a guest error the device reports as such. */
    if (!mr || !memory_region_is_ram(mr) || (is_write && memory_region_is_rom(mr)))
        return NULL;
    *plen = len;
    return (uint8_t *)memory_region_get_ram_ptr(mr) + xlat;
}

void pci_dma_written(PCIDevice *d, uint64_t addr, uint64_t len)
{
    AddressSpace *as = d->bus->dma_as;

    if (!as)
        return;
    while (len) {
        uint64_t xlat, n = len;
        MemoryRegion *mr = address_space_translate(as, addr, &xlat, &n, true);

        if (!n)
            break;
        if (mr && memory_region_is_ram(mr)) {
            memory_region_set_dirty(mr, xlat, n);
            /* memory.c's dispatch does not invalidate translated code (only
             * the soft MMU's store path does), so DMA does it here. */
            tb_invalidate_phys_range(addr, n, NULL);
        }
        addr += n;
        len -= n;
    }
}

static int pci_dma_rw(PCIDevice *d, uint64_t addr, uint8_t *buf, uint64_t len, bool is_write)
{
    while (len) {
        uint64_t n = len;
        uint8_t *p = pci_dma_map(d, addr, &n, is_write);

        if (!p)
            return -EFAULT;
        if (is_write) {
            memcpy(p, buf, n);
            pci_dma_written(d, addr, n);
        } else {
            memcpy(buf, p, n);
        }
        addr += n;
        buf += n;
        len -= n;
    }
    return 0;
}

int pci_dma_read(PCIDevice *d, uint64_t addr, void *buf, uint64_t len)
{
    return pci_dma_rw(d, addr, buf, len, false);
}

int pci_dma_write(PCIDevice *d, uint64_t addr, const void *buf, uint64_t len)
{
    return pci_dma_rw(d, addr, (uint8_t *)buf, len, true);
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
