/*
 * Private to hw/ide*.c: register bits and the calls between the channel
 * (ide.c), the command sets (ide-ata.c, ide-atapi.c) and the bus-master
 * engine (ide-dma.c).
 */
#ifndef VIREO_HW_IDE_INT_H
#define VIREO_HW_IDE_INT_H

#include "hw/ide.h"

/* Status register (ATA/ATAPI-6 section 7.15) */
enum {
    IDE_ST_ERR  = 0x01,
    IDE_ST_DRQ  = 0x08,
    IDE_ST_DSC  = 0x10,     /* "seek complete", what QEMU reports with DRDY */
    IDE_ST_DF   = 0x20,
    IDE_ST_DRDY = 0x40,
    IDE_ST_BSY  = 0x80,
};

/* Error register */
enum {
    IDE_ERR_ABRT = 0x04,
    IDE_ERR_IDNF = 0x10,
};

/* Device/Head register */
enum {
    IDE_DEV_HS   = 0x0f,    /* head, or LBA bits 27:24 */
    IDE_DEV_DEV  = 0x10,
    IDE_DEV_LBA  = 0x40,
    IDE_DEV_OBS  = 0xa0,    /* obsolete bits, 1 after reset as in QEMU */
};

/* Device Control register (section 7.9) */
enum {
    IDE_CTL_NIEN = 0x02,
    IDE_CTL_SRST = 0x04,
    IDE_CTL_HOB  = 0x80,
};

/* ATAPI interrupt reason in the sector count register (section 8.21). */
enum {
    ATAPI_INT_COD = 0x01,
    ATAPI_INT_IO  = 0x02,
};

/* BMIDE command and status bits (82371SB 2.7.1, 2.7.2). */
enum {
    BM_CMD_START  = 0x01,
    BM_CMD_READ   = 0x08,   /* the engine writes memory (a disk read) */
    BM_ST_ACTIVE  = 0x01,
    BM_ST_ERROR   = 0x02,
    BM_ST_INT     = 0x04,
    BM_ST_DRV0    = 0x20,
    BM_ST_DRV1    = 0x40,
};

#define IDE_SECTOR          512u
#define CD_SECTOR           2048u
#define IDE_MAX_MULT        16
#define IDE_BUF_SIZE        (256u * IDE_SECTOR + 4)     /* as QEMU's io_buffer */

/* An asynchronous block request of a drive; stale once the drive was reset. */
struct IDERequest {
    IDEDrive *d;
    void (*done)(IDEDrive *d, int ret);
    uint8_t *orphan_buf;        /* a buffer the drive dropped on reset, freed here */
    bool cancelled;
    /* A DMA scatter list (owned here): guest address of each iov entry, and
     * whether the request writes guest memory (then pci_dma_written at the end). */
    struct iovec *iov;
    uint64_t *seg_addr;
    int nseg;
    bool to_guest;
};

/* ide.c */
void ide_bus_init(IDEBus *bus, int index, PCIDevice *pci, MemoryRegion *io, uint16_t cmd_base,
                  uint16_t ctl_base, IrqLine irq);
void ide_bus_reset(IDEBus *bus);
void ide_irq_raise(IDEBus *bus);
/* A PIO data phase of size bytes of d->buf (to_host: the guest reads); DRQ set. */
void ide_transfer_start(IDEDrive *d, uint32_t size, bool to_host, void (*end)(IDEDrive *d));
void ide_transfer_stop(IDEDrive *d);
void ide_abort(IDEDrive *d);             /* DRDY|ERR, ABRT; no interrupt */
void ide_cmd_abort(IDEDrive *d);         /* the same and the interrupt */
void ide_cmd_ok(IDEDrive *d);           /* DRDY|DSC, interrupt */
uint64_t ide_get_sector(const IDEDrive *d);
void ide_set_sector(IDEDrive *d, uint64_t sector);
/* Decode the sector count of an EXT (lba48) or 28-bit command into d->nsector. */
void ide_lba48_transform(IDEDrive *d, bool lba48);
/* Queue a read/write/flush on the drive; done runs on the main loop. -ENOMEM if not queued. */
int ide_aio_rw(IDEDrive *d, bool write, uint64_t off, struct iovec *iov, int niov,
               void (*done)(IDEDrive *d, int ret));
/* The same for a DMA scatter list, which the request takes over (freed at completion). */
int ide_aio_dma(IDEDrive *d, bool to_guest, uint64_t off, struct iovec *iov, uint64_t *seg_addr,
                int nseg, void (*done)(IDEDrive *d, int ret));
int ide_aio_flush(IDEDrive *d, void (*done)(IDEDrive *d, int ret));
/* Forget the request in flight: its completion will do nothing. */
void ide_cancel_request(IDEDrive *d);

/* ide-ata.c */
void ide_hd_identify(IDEDrive *d);
/* Run an ATA command; false if the command is not one of the disk's. */
bool ide_ata_exec(IDEDrive *d, uint8_t cmd);
void ide_ata_dma_done(IDEDrive *d, int ret);

/* ide-atapi.c */
void ide_cd_identify(IDEDrive *d);
bool ide_atapi_exec(IDEDrive *d, uint8_t cmd);
void ide_atapi_dma_done(IDEDrive *d, int ret);
void ide_set_signature(IDEDrive *d);

/* ide-dma.c */
/* The drive wants a DMA transfer of kind: starts now if the engine runs, else on START. */
void ide_dma_request(IDEDrive *d, IDEDMAKind kind);
/* End the transfer in the BMIDE status: ok (interrupt, !active) or error. */
void ide_dma_finish(IDEBus *bus, bool error);
void ide_dma_reset(IDEBus *bus);
uint64_t ide_bmdma_read(IDEBus *bus, uint64_t addr, unsigned size);
void ide_bmdma_write(IDEBus *bus, uint64_t addr, uint64_t val, unsigned size);

/* Byte helpers (ATA strings are byte-swapped in each word). */
void ide_padstr(uint16_t *words, const char *src, unsigned len);
static inline void ide_put16(uint16_t *w, unsigned i, uint16_t v) { w[i] = v; }
static inline void st_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = (uint8_t)v; }
static inline void st_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = (uint8_t)v;
}
static inline uint16_t ld_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t ld_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
