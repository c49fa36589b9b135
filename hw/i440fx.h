/*
 * The Intel 82441FX PCI and memory controller (PMC) of the i440FX chipset,
 * device 00.0 (8086:1237) as QEMU's "pc" machine has it:
 *   - configuration mechanism #1 (PCI 3.0 section 3.2.2.3.2): CONFIG_ADDRESS
 *     at 0xcf8 (dword accesses only) and CONFIG_DATA at 0xcfc-0xcff;
 *   - the reset control register at 0xcf9 (a PIIX3 register on real boards;
 *     QEMU's pc has it too): writing bit 2 asks the board for a reset;
 *   - the PAM registers 0x59-0x5f (82441FX datasheet 3.2.18) that switch
 *     0xc0000-0xfffff between the PCI side (ROMs) and RAM, as QEMU does with
 *     four aliases per segment of which one is enabled;
 *   - SMRAM (0x72) stored with its lock semantics; with D_OPEN clear, the
 *     legacy VGA window 0xa0000-0xbffff shows the PCI side (VGA) over RAM.
 */
#ifndef VIREO_HW_I440FX_H
#define VIREO_HW_I440FX_H

#include <stdint.h>

#include "hw/pci.h"
#include "hw/vmstate.h"
#include "system/memory.h"

#define I440FX_PAM          0x59
#define I440FX_PAM_REGS     7
#define I440FX_SMRAM        0x72
#define I440FX_PAM_SEGMENTS 13      /* 0xf0000 (64 KiB), then 12 x 16 KiB from 0xc0000 */

enum {
    SMRAM_C_BASE_SEG = 0x07,    /* read-only 010b: SMRAM at 0xa0000 */
    SMRAM_G_SMRAME   = 0x08,
    SMRAM_D_LCK      = 0x10,
    SMRAM_D_CLS      = 0x20,
    SMRAM_D_OPEN     = 0x40,
};

/* PAM attribute of one segment: bit 0 read enable, bit 1 write enable. */
enum { PAM_PCI = 0, PAM_RE = 1, PAM_WE = 2, PAM_RW = 3 };

typedef void I440FXResetFn(void *opaque);

typedef struct I440FXState {
    PCIDevice dev;
    PCIBus *bus;
    MemoryRegion conf_addr;         /* 0xcf8-0xcfb: CONFIG_ADDRESS, RCR at 0xcf9 */
    MemoryRegion conf_data;         /* 0xcfc-0xcff */
    uint32_t config_reg;
    uint8_t rcr;
    MemoryRegion *system_memory;
    MemoryRegion pam[I440FX_PAM_SEGMENTS][4];  /* indexed by PAM attribute */
    uint8_t pam_current[I440FX_PAM_SEGMENTS];
    MemoryRegion smram_region;
    I440FXResetFn *reset_request;
    void *reset_opaque;
} I440FXState;

/*
 * Register the host bridge as 00.0 of bus, map its ports in io (the 64 KiB
 * port space) and its PAM and SMRAM windows in system_memory at priority 1.
 * ram is the guest RAM region whose offset o is guest address o (the board's
 * "pc.ram"), at least 1 MiB; pci_memory the container the bus maps memory
 * BARs and ROMs into. 0 or a negative errno.
 */
int i440fx_init(I440FXState *s, PCIBus *bus, MemoryRegion *io, MemoryRegion *system_memory,
                MemoryRegion *ram, MemoryRegion *pci_memory);
/* Called (under the bql) when the guest writes RCR bit 2: a hard or soft reset. */
void i440fx_set_reset_handler(I440FXState *s, I440FXResetFn *fn, void *opaque);
/* Undo i440fx_init: take its regions out of io and system_memory. */
void i440fx_destroy(I440FXState *s, MemoryRegion *io);

/* Config space, CONFIG_ADDRESS and RCR; post_load re-applies PAM and SMRAM. */
extern const VMStateDesc i440fx_vmstate;

#endif
