/*
 * i440FX host bridge: configuration mechanism #1, reset control, PAM, SMRAM.
 * Register facts: Intel 82441FX PMC datasheet (290549) section 3.2 and
 * QEMU 7.2's hw/pci-host/i440fx.c + hw/pci-host/pam.c for what guests see.
 */
#include <errno.h>
#include <string.h>

#include "hw/i440fx.h"
#include "system/log.h"

#define CONFIG_ADDRESS_ENABLE   0x80000000u
#define RCR_SYS_RST             0x02    /* hard (1) or soft (0) reset: kept, not acted on */
#define RCR_RST_CPU             0x04    /* 0 -> 1 starts the reset */

#define PAM_BIOS_BASE   0xf0000
#define PAM_BIOS_SIZE   0x10000
#define PAM_EXPAN_BASE  0xc0000
#define PAM_EXPAN_SIZE  0x4000

/* ---- Configuration mechanism #1 -------------------------------------- */

static uint64_t i440fx_conf_addr_read(void *opaque, uint64_t addr, unsigned size)
{
    I440FXState *s = opaque;

    if (addr == 0 && size == 4)
        return s->config_reg;
    if (addr == 1 && size == 1)
        return s->rcr;
    /* CONFIG_ADDRESS answers dword accesses only (PCI 3.0 3.2.2.3.2). */
    return UINT32_MAX;
}

static void i440fx_conf_addr_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    I440FXState *s = opaque;

    if (addr == 0 && size == 4) {
        s->config_reg = val;
    } else if (addr == 1 && size == 1) {
        if (val & RCR_RST_CPU) {
            if (s->reset_request)
                s->reset_request(s->reset_opaque);
            return;
        }
        s->rcr = val & RCR_SYS_RST;
    } else if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("i440fx: %u-byte write to CONFIG_ADDRESS+%u ignored\n", size,
                   (unsigned)addr);
    }
}

static const MemoryRegionOps i440fx_conf_addr_ops = {
    .read = i440fx_conf_addr_read,
    .write = i440fx_conf_addr_write,
    .min_access = 1,
    .max_access = 4,
};

/* The devfn and register CONFIG_ADDRESS selects, or -1 when it selects nothing. */
static int i440fx_conf_target(const I440FXState *s, uint64_t offset, uint32_t *reg)
{
    uint32_t ca = s->config_reg;

    if (!(ca & CONFIG_ADDRESS_ENABLE))
        return -1;
    if ((ca >> 16) & 0xff)      /* bus number: only bus 0 exists, no bridges */
        return -1;
    *reg = (ca & 0xfc) | (offset & 3);
    return (ca >> 8) & 0xff;
}

static uint64_t i440fx_conf_data_read(void *opaque, uint64_t addr, unsigned size)
{
    I440FXState *s = opaque;
    uint32_t reg;
    int devfn = i440fx_conf_target(s, addr, &reg);

    if (devfn < 0)
        return UINT32_MAX;
    return pci_config_read(s->bus, devfn, reg, size);
}

static void i440fx_conf_data_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    I440FXState *s = opaque;
    uint32_t reg;
    int devfn = i440fx_conf_target(s, addr, &reg);

    if (devfn >= 0)
        pci_config_write(s->bus, devfn, reg, val, size);
}

static const MemoryRegionOps i440fx_conf_data_ops = {
    .read = i440fx_conf_data_read,
    .write = i440fx_conf_data_write,
    .min_access = 1,
    .max_access = 4,
};

/* ---- PAM and SMRAM ---------------------------------------------------- */

/* Segment 0 is the BIOS area (PAM0 high nibble); segment i>0 is PAM[(i+1)/2], low nibble if odd. */
static uint8_t i440fx_pam_attr(const I440FXState *s, int seg)
{
    uint8_t reg = s->dev.config[I440FX_PAM + (seg + 1) / 2];

    return (seg & 1 ? reg : reg >> 4) & 3;
}

static void i440fx_update_memory_mappings(I440FXState *s)
{
    memory_region_transaction_begin();
    for (int seg = 0; seg < I440FX_PAM_SEGMENTS; seg++) {
        uint8_t attr = i440fx_pam_attr(s, seg);

        memory_region_set_enabled(&s->pam[seg][s->pam_current[seg]], false);
        s->pam_current[seg] = attr;
        memory_region_set_enabled(&s->pam[seg][attr], true);
    }
    memory_region_set_enabled(&s->smram_region,
                              !(s->dev.config[I440FX_SMRAM] & SMRAM_D_OPEN));
    memory_region_transaction_commit();
}

/* 82441FX 3.2.25: once D_LCK is set, D_OPEN reads 0 and both stay read-only until reset. */
static void i440fx_smram_write(I440FXState *s)
{
    uint8_t *v = &s->dev.config[I440FX_SMRAM];

    *v = (*v & ~SMRAM_C_BASE_SEG) | 0x02;
    if (*v & SMRAM_D_LCK) {
        *v &= ~SMRAM_D_OPEN;
        s->dev.wmask[I440FX_SMRAM] &= ~(SMRAM_D_OPEN | SMRAM_D_LCK);
    }
}

static void i440fx_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len)
{
    I440FXState *s = d->opaque;

    if (addr <= I440FX_SMRAM && addr + len > I440FX_SMRAM)
        i440fx_smram_write(s);
    if (addr < I440FX_PAM + I440FX_PAM_REGS && addr + len > I440FX_PAM) {
        i440fx_update_memory_mappings(s);
    } else if (addr <= I440FX_SMRAM && addr + len > I440FX_SMRAM) {
        i440fx_update_memory_mappings(s);
    }
}

static void i440fx_reset(PCIDevice *d)
{
    I440FXState *s = d->opaque;

    memset(d->config + I440FX_PAM, 0, I440FX_PAM_REGS);
    d->config[I440FX_SMRAM] = 0x02;
    d->wmask[I440FX_SMRAM] = SMRAM_G_SMRAME | SMRAM_D_LCK | SMRAM_D_CLS | SMRAM_D_OPEN;
    s->config_reg = 0;
    s->rcr = 0;
    i440fx_update_memory_mappings(s);
}

static const PCIDeviceOps i440fx_pci_ops = {
    .config_write = i440fx_config_write,
    .reset = i440fx_reset,
};

static void i440fx_init_pam(I440FXState *s, int seg, MemoryRegion *ram, MemoryRegion *pci,
                            uint64_t start, uint64_t size)
{
    MemoryRegion *m = s->pam[seg];

    /*
     * QEMU's four windows: PCI for attribute 0, RAM otherwise. QEMU makes the
     * read-only one a read-only RAM alias (writes dropped); the memory API has
     * no read-only alias yet, so guest writes under PAM_RE reach RAM here.
     * Attribute 2 (write only) reads RAM too, as in QEMU 7.2.
     */
    memory_region_init_alias(&m[PAM_PCI], "pam-pci", pci, start, size);
    memory_region_init_alias(&m[PAM_RE], "pam-rom", ram, start, size);
    memory_region_init_alias(&m[PAM_WE], "pam-pci", ram, start, size);
    memory_region_init_alias(&m[PAM_RW], "pam-ram", ram, start, size);
    for (int i = 0; i < 4; i++) {
        memory_region_set_enabled(&m[i], i == PAM_PCI);
        memory_region_add_subregion_overlap(s->system_memory, start, &m[i], 1);
    }
    s->pam_current[seg] = PAM_PCI;
}

int i440fx_init(I440FXState *s, PCIBus *bus, MemoryRegion *io, MemoryRegion *system_memory,
                MemoryRegion *ram, MemoryRegion *pci_memory)
{
    int ret;

    if (memory_region_size(ram) < 0x100000)
        return -EINVAL;
    memset(s, 0, sizeof(*s));
    ret = pci_register_device(bus, &s->dev, PCI_DEVFN(0, 0), "i440FX", &i440fx_pci_ops, s);
    if (ret < 0)
        return ret;
    s->bus = bus;
    s->system_memory = system_memory;
    pci_config_set_ids(&s->dev, 0x8086, 0x1237, 0x0600, 0x02);

    memory_region_init_io(&s->conf_addr, "pci-conf-idx", &i440fx_conf_addr_ops, s, 4);
    memory_region_add_subregion(io, 0xcf8, &s->conf_addr);
    memory_region_init_io(&s->conf_data, "pci-conf-data", &i440fx_conf_data_ops, s, 4);
    memory_region_add_subregion(io, 0xcfc, &s->conf_data);

    memory_region_transaction_begin();
    i440fx_init_pam(s, 0, ram, pci_memory, PAM_BIOS_BASE, PAM_BIOS_SIZE);
    for (int i = 1; i < I440FX_PAM_SEGMENTS; i++)
        i440fx_init_pam(s, i, ram, pci_memory, PAM_EXPAN_BASE + (i - 1) * PAM_EXPAN_SIZE,
                        PAM_EXPAN_SIZE);
    /* The legacy video window: the PCI side (VGA) shows over RAM while SMRAM is closed. */
    memory_region_init_alias(&s->smram_region, "smram-region", pci_memory, 0xa0000, 0x20000);
    memory_region_add_subregion_overlap(system_memory, 0xa0000, &s->smram_region, 1);
    memory_region_transaction_commit();

    pci_device_reset(&s->dev);
    return 0;
}

void i440fx_set_reset_handler(I440FXState *s, I440FXResetFn *fn, void *opaque)
{
    s->reset_request = fn;
    s->reset_opaque = opaque;
}

void i440fx_destroy(I440FXState *s, MemoryRegion *io)
{
    memory_region_transaction_begin();
    memory_region_del_subregion(io, &s->conf_addr);
    memory_region_del_subregion(io, &s->conf_data);
    for (int seg = 0; seg < I440FX_PAM_SEGMENTS; seg++)
        for (int i = 0; i < 4; i++)
            memory_region_destroy(&s->pam[seg][i]);
    memory_region_destroy(&s->smram_region);
    memory_region_transaction_commit();
    memory_region_destroy(&s->conf_addr);
    memory_region_destroy(&s->conf_data);
    if (s->bus->devices[s->dev.devfn] == &s->dev)
        s->bus->devices[s->dev.devfn] = NULL;
}

static int i440fx_post_load(void *state)
{
    I440FXState *s = state;

    pci_device_post_load(&s->dev);
    if (s->dev.config[I440FX_SMRAM] & SMRAM_D_LCK)
        s->dev.wmask[I440FX_SMRAM] &= ~(SMRAM_D_OPEN | SMRAM_D_LCK);
    i440fx_update_memory_mappings(s);
    return 0;
}

static const VMStateField i440fx_fields[] = {
    VMSTATE(I440FXState, VMS_BYTES, dev.config, PCI_CONFIG_SPACE_SIZE),
    VMSTATE(I440FXState, VMS_U32, config_reg, 0),
    VMSTATE(I440FXState, VMS_U8, rcr, 0),
    VMSTATE_END,
};

const VMStateDesc i440fx_vmstate = {
    .name = "i440fx",
    .version = 1,
    .fields = i440fx_fields,
    .post_load = i440fx_post_load,
};
