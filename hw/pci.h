/*
 * A conventional PCI bus (PCI Local Bus Specification 3.0): type-0
 * configuration headers, BARs mapped into the bus's memory and I/O
 * containers as the guest programs them, and INTx pins routed by the bus
 * owner (the PIIX3 for the i440FX board).
 *
 * A device is a PCIDevice embedded in its own state (first member or not,
 * container_of style), a small PCIDeviceOps for registers with side effects,
 * and the MemoryRegions of its BARs. No object model: the board calls
 * pci_register_device() and the device's init in the machine file.
 *
 * Config space semantics are QEMU's (hw/pci/pci.c), so guests see the same
 * read-only and write-1-to-clear bits: a write changes only bits set in
 * wmask, then clears bits set both in the value and in w1cmask. Devices
 * declare their own masks after pci_register_device() set the generic ones.
 *
 * Everything runs under the big device lock.
 */
#ifndef VIREO_HW_PCI_H
#define VIREO_HW_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "system/memory.h"
#include "hw/vmstate.h"

#define PCI_CONFIG_SPACE_SIZE   256
#define PCI_DEVFN(slot, fn)     ((((slot) & 0x1f) << 3) | ((fn) & 7))
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 7)

/* Type-0 header registers (PCI 3.0 section 6.1). */
enum {
    PCI_VENDOR_ID           = 0x00,     /* 16 bits */
    PCI_DEVICE_ID           = 0x02,     /* 16 bits */
    PCI_COMMAND             = 0x04,     /* 16 bits */
    PCI_STATUS              = 0x06,     /* 16 bits */
    PCI_REVISION_ID         = 0x08,
    PCI_CLASS_PROG          = 0x09,
    PCI_CLASS_DEVICE        = 0x0a,     /* 16 bits: base class << 8 | subclass */
    PCI_CACHE_LINE_SIZE     = 0x0c,
    PCI_LATENCY_TIMER       = 0x0d,
    PCI_HEADER_TYPE         = 0x0e,
    PCI_BIST                = 0x0f,
    PCI_BASE_ADDRESS_0      = 0x10,     /* 6 dwords */
    PCI_CARDBUS_CIS         = 0x28,
    PCI_SUBSYSTEM_VENDOR_ID = 0x2c,
    PCI_SUBSYSTEM_ID        = 0x2e,
    PCI_ROM_ADDRESS         = 0x30,
    PCI_CAPABILITY_LIST     = 0x34,
    PCI_INTERRUPT_LINE      = 0x3c,
    PCI_INTERRUPT_PIN       = 0x3d,     /* 1..4 for INTA..INTD, 0 none */
    PCI_MIN_GNT             = 0x3e,
    PCI_MAX_LAT             = 0x3f,
    PCI_CONFIG_HEADER_SIZE  = 0x40,
};

enum {
    PCI_COMMAND_IO           = 0x0001,
    PCI_COMMAND_MEMORY       = 0x0002,
    PCI_COMMAND_MASTER       = 0x0004,
    PCI_COMMAND_SERR         = 0x0100,
    PCI_COMMAND_INTX_DISABLE = 0x0400,

    PCI_STATUS_INTERRUPT        = 0x0008,
    PCI_STATUS_CAP_LIST         = 0x0010,
    PCI_STATUS_FAST_BACK        = 0x0080,
    PCI_STATUS_PARITY           = 0x0100,
    PCI_STATUS_DEVSEL_MEDIUM    = 0x0200,
    PCI_STATUS_SIG_TARGET_ABORT = 0x0800,
    PCI_STATUS_REC_TARGET_ABORT = 0x1000,
    PCI_STATUS_REC_MASTER_ABORT = 0x2000,
    PCI_STATUS_SIG_SYSTEM_ERROR = 0x4000,
    PCI_STATUS_DETECTED_PARITY  = 0x8000,

    PCI_HEADER_TYPE_MULTI_FUNCTION = 0x80,
};

/* BAR type bits, the read-only low bits of a BAR (PCI 3.0 section 6.2.5.1). */
enum {
    PCI_BAR_IO          = 0x01,
    PCI_BAR_MEM32       = 0x00,
    PCI_BAR_MEM64       = 0x04,
    PCI_BAR_PREFETCH    = 0x08,
    PCI_ROM_ENABLE      = 0x01,     /* bit 0 of the expansion ROM BAR */
};

#define PCI_NUM_BARS        6
#define PCI_ROM_SLOT        6       /* "BAR6" in info pci */
#define PCI_NUM_REGIONS     7
#define PCI_BAR_UNMAPPED    UINT64_MAX
#define PCI_NUM_PINS        4
#define PCI_BUS_MAX_IRQS    16

/* QEMU's default subsystem ids (Red Hat / QEMU), which guests see on every device. */
#define PCI_SUBVENDOR_ID_REDHAT_QUMRANET 0x1af4
#define PCI_SUBDEVICE_ID_QEMU            0x1100

typedef struct PCIBus PCIBus;
typedef struct PCIDevice PCIDevice;

typedef struct PCIDeviceOps {
    /*
     * Called after the generic write applied the masks and remapped the
     * BARs, with the value as written: for registers with side effects
     * (PAM, PIRQ routing, PM base). addr + len stays within 256.
     */
    void (*config_write)(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len);
    /* After the generic reset: restore device-specific register values. */
    void (*reset)(PCIDevice *d);
    /*
     * Optional: the value a config read returns, given what config[] holds
     * (val): for registers whose contents live elsewhere (virtio's
     * VIRTIO_PCI_CAP_PCI_CFG window). addr + len stays within 256.
     */
    uint32_t (*config_read)(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len);
} PCIDeviceOps;

typedef struct PCIBar {
    MemoryRegion *mr;       /* NULL: BAR not implemented */
    uint64_t size;          /* a power of two */
    uint8_t type;           /* PCI_BAR_* bits */
    uint64_t addr;          /* where mapped now, or PCI_BAR_UNMAPPED */
} PCIBar;

struct PCIDevice {
    uint8_t config[PCI_CONFIG_SPACE_SIZE];
    uint8_t wmask[PCI_CONFIG_SPACE_SIZE];     /* bits the guest may write */
    uint8_t w1cmask[PCI_CONFIG_SPACE_SIZE];   /* bits a written 1 clears */
    PCIBus *bus;
    int devfn;
    const char *name;
    const PCIDeviceOps *ops;
    void *opaque;                             /* for the device's ops */
    PCIBar bars[PCI_NUM_REGIONS];
    int irq_level;                            /* what the device drives on its pin */
    int intx_on_bus;                          /* counted in bus->irq_count (private) */
    /* MSI-X (msix_init), private to pci.c: capability offset (0: none), vectors,
     * the table (16 bytes a vector) and pending bits, and their MMIO windows. */
    uint8_t msix_cap;
    unsigned msix_nvec;
    uint8_t *msix_table, *msix_pba;
    MemoryRegion msix_table_mr, msix_pba_mr;
};

/* The bus owner maps a device's pin (0..3 for INTA..D) to a bus IRQ. */
typedef int PCIMapIrqFn(void *opaque, int devfn, int pin);
/* ... and is told when a bus IRQ's level (OR of every device on it) changes. */
typedef void PCISetIrqFn(void *opaque, int irq, int level);

struct PCIBus {
    PCIDevice *devices[256];        /* by devfn */
    MemoryRegion *mem;              /* memory BARs land here (the "pci" container) */
    MemoryRegion *io;               /* I/O BARs land here (the 64 KiB port space) */
    PCIMapIrqFn *map_irq;
    PCISetIrqFn *set_irq;
    void *irq_opaque;
    int nirq;
    int irq_count[PCI_BUS_MAX_IRQS]; /* asserting devices per bus IRQ */
    AddressSpace *dma_as;           /* what bus masters reach (system memory), or NULL */
};

/* Bus 0 with BARs mapped into mem and io. */
void pci_bus_init(PCIBus *bus, MemoryRegion *mem, MemoryRegion *io);
/* Install the INTx routing of the bus owner; nirq <= PCI_BUS_MAX_IRQS. */
void pci_bus_set_irq_route(PCIBus *bus, PCIMapIrqFn *map_irq, PCISetIrqFn *set_irq,
                           void *opaque, int nirq);
/* Is any device asserting bus IRQ irq? */
int pci_bus_irq_level(const PCIBus *bus, int irq);
PCIDevice *pci_bus_find(const PCIBus *bus, int devfn);
/* Reset every device (system reset). */
void pci_bus_reset(PCIBus *bus);

/*
 * Put d on bus at devfn with a zeroed header, the generic masks (COMMAND's
 * IO/MEMORY/MASTER/SERR/INTX_DISABLE, cache line size, interrupt line and
 * the device-specific area 0x40-0xff writable; STATUS error bits W1C) and
 * QEMU's default subsystem ids. The caller then fills in ids and masks.
 * 0, -EINVAL (devfn out of range) or -EBUSY (taken).
 */
int pci_register_device(PCIBus *bus, PCIDevice *d, int devfn, const char *name,
                        const PCIDeviceOps *ops, void *opaque);
/* Identity: vendor, device, class (base << 8 | sub), revision. */
void pci_config_set_ids(PCIDevice *d, uint16_t vendor, uint16_t device, uint16_t class_code,
                        uint8_t revision);
/*
 * Declare BAR bar (0..5, or PCI_ROM_SLOT) decoding mr, whose size must be a
 * power of two (at least 4 for I/O, 16 for memory, 2 KiB for a ROM). A
 * 64-bit memory BAR takes bar and bar + 1.
 */
void pci_register_bar(PCIDevice *d, int bar, uint8_t type, MemoryRegion *mr);
/* Where the BAR is mapped now, or PCI_BAR_UNMAPPED. */
uint64_t pci_bar_address(const PCIDevice *d, int bar);
/* Drive the device's interrupt pin (PCI_INTERRUPT_PIN) to level 0 or 1. */
void pci_set_irq(PCIDevice *d, int level);
/* Power-on values: generic, then ops->reset. BARs unmapped, pin deasserted. */
void pci_device_reset(PCIDevice *d);
/* Re-derive BAR mappings and the INTx state from config (after a load). */
void pci_device_post_load(PCIDevice *d);

/*
 * Configuration cycles as the host bridge issues them: addr is the register
 * (0..255); len 1, 2 or 4; an access is cut at the end of config space. A
 * missing function reads all ones and ignores writes.
 */
uint32_t pci_config_read(PCIBus *bus, int devfn, uint32_t addr, unsigned len);
void pci_config_write(PCIBus *bus, int devfn, uint32_t addr, uint32_t val, unsigned len);

/* ---- Capabilities (PCI 3.0 section 6.7) ------------------------------ */

enum {
    PCI_CAP_ID_MSIX = 0x11,
    PCI_CAP_ID_VNDR = 0x09,
};

/*
 * Link a capability of size bytes at offset (>= 0x40, 4-aligned) at the
 * head of the list (as QEMU's pci_add_capability), set STATUS.CAP_LIST and
 * make its bytes read-only: the caller then sets wmask for the fields the
 * guest may write. Returns offset, or -EINVAL (bad offset or overlap).
 */
int pci_add_capability(PCIDevice *d, uint8_t id, uint8_t offset, uint8_t size);

/* ---- MSI-X (PCI 3.0 section 6.8.2) ----------------------------------- */

/*
 * Give d nvec (1..2048) MSI-X vectors: a capability at cap_off whose table
 * sits at table_off and pending-bit array at pba_off in BAR bar, both mapped
 * as subregions of bar_mr (the BAR's region, registered by the caller).
 * Vectors start masked. 0 or a negative errno.
 */
int msix_init(PCIDevice *d, unsigned nvec, MemoryRegion *bar_mr, int bar, uint32_t table_off,
              uint32_t pba_off, uint8_t cap_off);
/* Has the guest set MSI-X Enable? (Then the function must not assert INTx.) */
bool msix_enabled(const PCIDevice *d);
/*
 * Signal vector: the table entry's message is written into the bus's DMA
 * address space (an MSI reaches the APIC bus there), or, while the vector
 * or the whole function is masked, its pending bit is set and the message
 * goes out on unmasking. Ignored when MSI-X is off or vector is out of range.
 */
void msix_notify(PCIDevice *d, unsigned vector);
bool msix_is_pending(const PCIDevice *d, unsigned vector);

/* ---- Bus-master DMA ------------------------------------------------------ */

/* The address space bus masters reach; the board sets it (system memory). */
void pci_bus_set_dma_as(PCIBus *bus, AddressSpace *as);

/*
 * Map guest RAM at addr for device DMA: the host address of the contiguous
 * run of RAM starting there, with *plen (in: wanted, > 0) cut to that run.
 * NULL when d's COMMAND.MASTER is clear, the bus has no DMA space, or addr
 * is not RAM (MMIO, unassigned, or ROM when is_write): a device turns that
 * into an error status, so no guest address ever reaches outside guest RAM.
 * The pointer stays valid while the RAM region exists (the machine's whole
 * life); a worker thread may use it. After writing through it, call
 * pci_dma_written.
 */
void *pci_dma_map(PCIDevice *d, uint64_t addr, uint64_t *plen, bool is_write);
/*
 * Guest RAM [addr, addr+len) was written through pci_dma_map pointers: mark
 * it dirty for the dirty-log clients and drop translated code built from it
 * (docs/architecture.md, "Self-modifying code"). Bql held.
 */
void pci_dma_written(PCIDevice *d, uint64_t addr, uint64_t len);
/* Copy between buf and guest RAM. 0, or -EFAULT if some byte is not RAM (see pci_dma_map). */
int pci_dma_read(PCIDevice *d, uint64_t addr, void *buf, uint64_t len);
int pci_dma_write(PCIDevice *d, uint64_t addr, const void *buf, uint64_t len);

/* "info pci" in QEMU's HMP format. */
void pci_info(const PCIBus *bus, FILE *f);

/* The guest-visible state of a device: its config space. */
extern const VMStateDesc pci_device_vmstate;

static inline uint16_t pci_get_word(const uint8_t *p) { return p[0] | p[1] << 8; }
static inline uint32_t pci_get_long(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t pci_get_quad(const uint8_t *p)
{
    return pci_get_long(p) | (uint64_t)pci_get_long(p + 4) << 32;
}
static inline void pci_set_word(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static inline void pci_set_long(uint8_t *p, uint32_t v)
{
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}
static inline void pci_set_quad(uint8_t *p, uint64_t v)
{
    pci_set_long(p, v);
    pci_set_long(p + 4, v >> 32);
}

#endif
