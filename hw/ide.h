/*
 * The PIIX3 IDE function (82371SB datasheet, "PCI Configuration Registers
 * -- IDE Interface"; 00:01.1, 8086:7010) with its two legacy channels, ATA
 * disks and ATAPI CD-ROMs, as QEMU 7.2 presents them to SeaBIOS and Linux
 * (hw/ide/core.c, atapi.c, piix.c): IDENTIFY strings "QEMU HARDDISK" /
 * "QEMU DVD-ROM", serial "QM0000N", firmware "2.5+".
 *
 * Files, one job each:
 *   ide.c        a channel: task file registers, command dispatch, PIO data
 *                phase, interrupts, resets (ATA/ATAPI-6, T13/1410D)
 *   ide-ata.c    the ATA command set of a disk
 *   ide-atapi.c  the PACKET command set of a CD-ROM (MMC-3 subset)
 *   ide-dma.c    bus-master DMA: the BMIDE registers and PRD tables
 *                (82371SB section 2.7, "Bus Master IDE Registers")
 *   ide-pci.c    the PCI function and the legacy port/IRQ wiring
 *
 * Block I/O goes through block/aio.h: the guest sees BSY until the request
 * completes on the main loop. Every DMA address goes through pci_dma_map,
 * so a PRD entry outside guest RAM ends the command with an error.
 * Everything runs under the bql.
 */
#ifndef VIREO_HW_IDE_H
#define VIREO_HW_IDE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "block/block.h"
#include "hw/irq.h"
#include "hw/pci.h"
#include "system/memory.h"

typedef struct IDEBus IDEBus;
typedef struct IDEDrive IDEDrive;
typedef struct IDERequest IDERequest;

typedef enum IDEKind { IDE_NONE, IDE_HD, IDE_CD } IDEKind;

/* What a DMA transfer does once the BMIDE engine runs (ide-dma.c). */
typedef enum IDEDMAKind {
    IDE_DMA_NONE,
    IDE_DMA_ATA_READ,       /* disk -> guest memory */
    IDE_DMA_ATA_WRITE,      /* guest memory -> disk */
    IDE_DMA_ATAPI_READ,     /* CD sectors -> guest memory */
    IDE_DMA_ATAPI_REPLY,    /* the reply in the drive's buffer -> guest memory */
} IDEDMAKind;

struct IDEDrive {
    IDEBus *bus;
    int unit;                   /* 0 master, 1 slave */
    IDEKind kind;
    BlockDriverState *bs;       /* NULL: no medium (an empty CD-ROM) */
    uint64_t nb_sectors;        /* 512-byte sectors of the medium */
    int cylinders, heads, sectors;  /* the geometry IDENTIFY reports */
    char serial[21], model[41];
    uint16_t identify[256];
    bool identify_set;
    int mult_sectors;           /* SET MULTIPLE MODE; 0 = off */
    bool write_cache, smart_enabled;

    /* The task file (both drives of a channel see every write). */
    uint8_t feature, error, sector, lcyl, hcyl, select, status;
    uint32_t nsector;           /* 8 bits as written; up to 65536 once a command decoded it */
    uint8_t hob_feature, hob_nsector, hob_sector, hob_lcyl, hob_hcyl;
    bool lba48;                 /* the command being run is an EXT one */

    /* PIO data phase: the guest moves buf[pos..end), then end_transfer runs. */
    uint8_t *buf;
    uint32_t buf_size, pos, end;
    void (*end_transfer)(IDEDrive *d);
    bool pio_to_host;           /* direction of the data phase */

    /* The command in progress. */
    uint8_t cmd;
    uint64_t req_sector;        /* next sector of a multi-block command */
    uint32_t req_n;             /* sectors of the block in flight */
    IDERequest *req;            /* the asynchronous request in flight, or NULL */
    IDEDMAKind dma_kind;        /* a DMA command waiting for / running on the BMIDE engine */

    /* ATAPI */
    uint8_t sense_key, asc;
    int cdrom_changed;          /* 1: report NOT READY next, 2: then UNIT ATTENTION */
    bool tray_open, tray_locked;
    bool event_new_media, event_eject_request;
    uint64_t cd_lba;            /* next 2048-byte sector of a READ */
    uint32_t cd_left;           /* sectors still to read */
    uint32_t reply_left;        /* bytes of the reply in buf not yet moved */
    uint32_t reply_off;         /* where they start in buf */
    uint16_t bcl;               /* byte count limit of the PACKET command */
    uint8_t packet[12];
    bool atapi_dma;             /* FEATURES bit 0 of the PACKET command */
};

struct IDEBus {
    IDEDrive drive[2];
    PCIDevice *pci;             /* the bus master that does the channel's DMA */
    int index;                  /* 0 primary, 1 secondary */
    int unit;                   /* the selected drive */
    uint8_t devctl;             /* Device Control: nIEN, SRST, HOB */
    IrqLine irq;
    bool irq_pending;           /* INTRQ as the drive drives it (before nIEN) */
    /* BMIDE registers of this channel (82371SB 2.7.1-2.7.3). */
    uint8_t bm_cmd, bm_status;
    uint32_t bm_prdt;
    MemoryRegion cmd_io, ctl_io;
};

typedef struct PCIIDEState {
    PCIDevice dev;
    IDEBus bus[2];
    MemoryRegion bmdma_io;      /* BAR4, 16 ports */
} PCIIDEState;

/*
 * The PIIX3 IDE function at devfn, with the legacy ports 0x1f0-0x1f7/0x3f6
 * (IRQ14) and 0x170-0x177/0x376 (IRQ15) in io. 0 or a negative errno.
 */
int piix3_ide_init(PCIIDEState *s, PCIBus *bus, int devfn, MemoryRegion *io, IrqLine irq14,
                   IrqLine irq15);
/*
 * Attach a disk (kind IDE_HD, bs required) or a CD-ROM (IDE_CD, bs NULL for
 * an empty drive) as unit 0/1 of channel 0/1. serial_no: QEMU's global
 * counter, 1 for the first attached drive ("QM00001"). 0 or -errno
 * (-EINVAL for a bad position or a disk smaller than one sector, -EBUSY).
 */
int ide_attach(PCIIDEState *s, int channel, int unit, IDEKind kind, BlockDriverState *bs,
               int serial_no);
/* A CD-ROM's medium changed (monitor "change"/"eject"): NULL ejects. */
void ide_cd_change_medium(IDEDrive *d, BlockDriverState *bs);
/* The drive at channel/unit, for the board and tests. */
IDEDrive *ide_drive(PCIIDEState *s, int channel, int unit);
/* Reset both channels (power-on values, DMA stopped). Also from the PCI reset. */
void ide_reset_all(PCIIDEState *s);

#endif
