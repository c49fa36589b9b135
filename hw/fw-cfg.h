/*
 * QEMU's firmware configuration device (docs/specs/fw_cfg.txt in QEMU), the
 * x86 I/O port flavour SeaBIOS and the Linux fw_cfg driver expect:
 *   0x510  selector, 16-bit write (a byte write there goes to the data port,
 *          as QEMU's combined port does)
 *   0x511  data, byte reads stepping through the selected item
 *   0x514  DMA address, big-endian: dword high half at 0x514, dword low half
 *          at 0x518 starts the transfer; reads give "QEMU CFG"
 * Items are numbered by key; files live in the FILE_FIRST.. range and are
 * listed in FILE_DIR sorted by name (strcmp), each file's key being its
 * place in that order, as QEMU 7.2 does for new machine types.
 *
 * DMA goes through address_space_rw of the address space given at init: a
 * guest address outside RAM sets the error bit in the control word and never
 * touches host memory. Everything runs under the big device lock.
 */
#ifndef VIREO_HW_FW_CFG_H
#define VIREO_HW_FW_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/vmstate.h"
#include "system/memory.h"

/* Keys (QEMU's include/standard-headers/linux/qemu_fw_cfg.h). */
enum {
    FW_CFG_SIGNATURE      = 0x00,
    FW_CFG_ID             = 0x01,
    FW_CFG_UUID           = 0x02,
    FW_CFG_RAM_SIZE       = 0x03,
    FW_CFG_NOGRAPHIC      = 0x04,
    FW_CFG_NB_CPUS        = 0x05,
    FW_CFG_MACHINE_ID     = 0x06,
    FW_CFG_KERNEL_ADDR    = 0x07,
    FW_CFG_KERNEL_SIZE    = 0x08,
    FW_CFG_KERNEL_CMDLINE = 0x09,
    FW_CFG_INITRD_ADDR    = 0x0a,
    FW_CFG_INITRD_SIZE    = 0x0b,
    FW_CFG_BOOT_DEVICE    = 0x0c,
    FW_CFG_NUMA           = 0x0d,
    FW_CFG_BOOT_MENU      = 0x0e,
    FW_CFG_MAX_CPUS       = 0x0f,
    FW_CFG_KERNEL_ENTRY   = 0x10,
    FW_CFG_KERNEL_DATA    = 0x11,
    FW_CFG_INITRD_DATA    = 0x12,
    FW_CFG_CMDLINE_ADDR   = 0x13,
    FW_CFG_CMDLINE_SIZE   = 0x14,
    FW_CFG_CMDLINE_DATA   = 0x15,
    FW_CFG_SETUP_ADDR     = 0x16,
    FW_CFG_SETUP_SIZE     = 0x17,
    FW_CFG_SETUP_DATA     = 0x18,
    FW_CFG_FILE_DIR       = 0x19,
    FW_CFG_FILE_FIRST     = 0x20,
    FW_CFG_FILE_SLOTS     = 0x20,   /* QEMU's default file_slots */
    FW_CFG_MAX_ENTRY      = FW_CFG_FILE_FIRST + FW_CFG_FILE_SLOTS,

    FW_CFG_WRITE_CHANNEL  = 0x4000,
    FW_CFG_ARCH_LOCAL     = 0x8000,
    FW_CFG_ENTRY_MASK     = 0x3fff,

    /* x86 arch-local keys (QEMU hw/i386/fw_cfg.h). */
    FW_CFG_ACPI_TABLES    = FW_CFG_ARCH_LOCAL + 0,
    FW_CFG_SMBIOS_ENTRIES = FW_CFG_ARCH_LOCAL + 1,
    FW_CFG_IRQ0_OVERRIDE  = FW_CFG_ARCH_LOCAL + 2,
    FW_CFG_E820_TABLE     = FW_CFG_ARCH_LOCAL + 3,
    FW_CFG_HPET           = FW_CFG_ARCH_LOCAL + 4,

    FW_CFG_INVALID        = 0xffff,
};

/* FW_CFG_ID feature bits. */
enum {
    FW_CFG_VERSION     = 0x01,      /* the traditional port interface */
    FW_CFG_VERSION_DMA = 0x02,
};

/* FWCfgDmaAccess.control bits; the selector sits in bits 31:16 with SELECT. */
enum {
    FW_CFG_DMA_CTL_ERROR  = 0x01,
    FW_CFG_DMA_CTL_READ   = 0x02,
    FW_CFG_DMA_CTL_SKIP   = 0x04,
    FW_CFG_DMA_CTL_SELECT = 0x08,
    FW_CFG_DMA_CTL_WRITE  = 0x10,
};

#define FW_CFG_IO_BASE      0x510
#define FW_CFG_DMA_IO_BASE  0x514
#define FW_CFG_MAX_FILE_PATH 56
#define FW_CFG_DMA_SIGNATURE "QEMU CFG"

typedef struct FWCfgEntry {
    uint8_t *data;          /* owned copy; NULL: empty */
    uint32_t len;
} FWCfgEntry;

typedef struct FWCfgFile {
    char name[FW_CFG_MAX_FILE_PATH];
    uint32_t size;
} FWCfgFile;

typedef struct FWCfgState {
    FWCfgEntry entries[2][FW_CFG_MAX_ENTRY];   /* [arch-local][key & ENTRY_MASK] */
    FWCfgFile files[FW_CFG_FILE_SLOTS];         /* sorted by name */
    unsigned nfiles;
    AddressSpace *dma_as;
    MemoryRegion *io;
    MemoryRegion ctl_io;        /* 0x510-0x511 */
    MemoryRegion dma_io;        /* 0x514-0x51b */

    /* Guest-visible state (fw_cfg_vmstate). */
    uint16_t cur_entry;
    uint32_t cur_offset;
    uint64_t dma_addr;
} FWCfgState;

/*
 * Map the ports in io (0x510, 0x511, 0x514) with DMA through dma_as, and add
 * the signature, the ID (with the DMA bit) and an empty file directory.
 */
void fw_cfg_init(FWCfgState *s, MemoryRegion *io, AddressSpace *dma_as);
/* Unmap the ports and free every item. */
void fw_cfg_destroy(FWCfgState *s);
/* Select key 0, as at power-on. */
void fw_cfg_reset(FWCfgState *s);

/*
 * Set item key (an arch-local key has FW_CFG_ARCH_LOCAL set) to a copy of
 * data; replaces an older value. Integers are stored little-endian, as QEMU
 * does. 0, -EINVAL (key out of range or in the file range), -ENOMEM.
 */
int fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, size_t len);
int fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
int fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
int fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
/* A NUL-terminated string, the NUL included (kernel command line). */
int fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);

/*
 * Add a named file holding a copy of data. Files are renumbered to keep
 * FILE_DIR sorted, so look a file's key up with fw_cfg_file_key after the
 * last add. 0, -EEXIST, -ENAMETOOLONG (55 characters at most), -ENOSPC
 * (FW_CFG_FILE_SLOTS files), -ENOMEM.
 */
int fw_cfg_add_file(FWCfgState *s, const char *name, const void *data, size_t len);
/* Replace a file's contents (size may change). 0, -ENOENT, -ENOMEM. */
int fw_cfg_modify_file(FWCfgState *s, const char *name, const void *data, size_t len);
/* The key of a file, or -ENOENT. */
int fw_cfg_file_key(const FWCfgState *s, const char *name);

/* One "etc/e820" entry: 20 bytes little-endian in the file, as QEMU's struct e820_entry. */
typedef struct FWCfgE820Entry {
    uint64_t address;
    uint64_t length;
    uint32_t type;          /* 1 RAM, 2 reserved, 3 ACPI, 4 NVS */
} FWCfgE820Entry;

/* Add "etc/e820" built from n entries. Returns as fw_cfg_add_file. */
int fw_cfg_add_e820(FWCfgState *s, const FWCfgE820Entry *entries, unsigned n);

extern const VMStateDesc fw_cfg_vmstate;

#endif
