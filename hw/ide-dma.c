/*
 * Bus-master IDE DMA of the PIIX3 (82371SB datasheet section 2.7, "Bus
 * Master IDE Registers", and 5.x "Bus Master IDE Function"): per channel a
 * command register (start/stop, direction), a status register (active,
 * error, interrupt, drive DMA capable) and the address of a Physical Region
 * Descriptor table. A PRD entry is a 32-bit buffer address, a 16-bit byte
 * count (0 means 64 KiB; bit 0 ignored) and EOT in bit 31 of its second
 * dword. As in QEMU, a table is read from at most one 4 KiB page.
 *
 * Safety: every PRD entry and every buffer goes through pci_dma_map, so a
 * table or buffer outside guest RAM ends the command with ABRT (and the BM
 * error bit), never an access elsewhere.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/ide-int.h"
#include "system/log.h"

#define PRD_TABLE_MAX   4096u       /* bytes of PRD table walked (QEMU's BMDMA_PAGE_SIZE) */
#define PRD_EOT         0x80000000u

/* A scatter list being built from the PRD table. */
typedef struct DMAList {
    struct iovec *iov;
    uint64_t *addr;
    int n, cap;
} DMAList;

static int dmalist_add(DMAList *l, void *host, uint64_t addr, uint64_t len)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        struct iovec *iov = realloc(l->iov, (size_t)cap * sizeof(*iov));
        uint64_t *a;

        if (!iov)
            return -ENOMEM;
        l->iov = iov;
        a = realloc(l->addr, (size_t)cap * sizeof(*a));
        if (!a)
            return -ENOMEM;
        l->addr = a;
        l->cap = cap;
    }
    l->iov[l->n] = (struct iovec){ host, (size_t)len };
    l->addr[l->n] = addr;
    l->n++;
    return 0;
}

static void dmalist_free(DMAList *l)
{
    free(l->iov);
    free(l->addr);
    memset(l, 0, sizeof(*l));
}

/*
 * Map bytes of the transfer from the PRD table. 0: the list covers bytes;
 * -ENOSPC: the table ended first (EOT, or the 4 KiB limit); -EFAULT: an
 * entry or a buffer is not guest RAM.
 */
static int ide_dma_map_prdt(IDEBus *bus, uint64_t bytes, bool to_guest, DMAList *l)
{
    uint32_t off = 0;

    while (bytes) {
        uint8_t prd[8];
        uint32_t base, count;
        bool eot;

        if (off >= PRD_TABLE_MAX)
            return -ENOSPC;
        if (pci_dma_read(bus->pci, (uint64_t)bus->bm_prdt + off, prd, 8) < 0)
            return -EFAULT;
        off += 8;
        base = pci_get_long(prd) & ~1u;
        count = pci_get_long(prd + 4) & 0xfffe;
        eot = pci_get_long(prd + 4) & PRD_EOT;
        if (!count)
            count = 0x10000;
        if (count > bytes)
            count = (uint32_t)bytes;
        while (count) {
            uint64_t n = count;
            void *host = pci_dma_map(bus->pci, base, &n, to_guest);

            if (!host)
                return -EFAULT;
            if (dmalist_add(l, host, base, n) < 0)
                return -ENOMEM;
            base += (uint32_t)n;
            count -= (uint32_t)n;
            bytes -= n;
        }
        if (eot && bytes)
            return -ENOSPC;
    }
    return 0;
}

static void ide_dma_complete(IDEDrive *d, int ret)
{
    if (d->kind == IDE_HD)
        ide_ata_dma_done(d, ret);
    else
        ide_atapi_dma_done(d, ret);
}

/* The reply of an ATAPI command (in d->buf) goes out by copying. */
static int ide_dma_copy_reply(IDEDrive *d, DMAList *l)
{
    uint32_t done = 0;

    for (int i = 0; i < l->n; i++) {
        memcpy(l->iov[i].iov_base, d->buf + done, l->iov[i].iov_len);
        pci_dma_written(d->bus->pci, l->addr[i], l->iov[i].iov_len);
        done += (uint32_t)l->iov[i].iov_len;
    }
    return 0;
}

/* Both the drive and the engine are ready: move the data. */
static void ide_dma_run(IDEBus *bus, IDEDrive *d)
{
    DMAList l = { 0 };
    IDEDMAKind kind = d->dma_kind;
    bool to_guest = kind != IDE_DMA_ATA_WRITE;
    uint64_t bytes, off = 0;
    int ret;

    switch (kind) {
    case IDE_DMA_ATA_READ:
    case IDE_DMA_ATA_WRITE:
        bytes = (uint64_t)d->nsector * IDE_SECTOR;
        off = ide_get_sector(d) * IDE_SECTOR;
        break;
    case IDE_DMA_ATAPI_READ:
        bytes = (uint64_t)d->cd_left * CD_SECTOR;
        off = d->cd_lba * CD_SECTOR;
        break;
    case IDE_DMA_ATAPI_REPLY:
        bytes = d->reply_left;
        break;
    default:
        return;
    }
    ret = ide_dma_map_prdt(bus, bytes, to_guest, &l);
    if (ret == -ENOSPC) {
        /* The PRDs are shorter than the command: as QEMU, the engine stops
         * (active cleared) and the drive ends the command without an interrupt. */
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("ide: PRD table shorter than the transfer\n");
        dmalist_free(&l);
        d->dma_kind = IDE_DMA_NONE;
        ide_transfer_stop(d);
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        bus->bm_status &= (uint8_t)~BM_ST_ACTIVE;
        return;
    }
    if (ret < 0) {
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("ide: DMA to an address outside guest RAM\n");
        dmalist_free(&l);
        ide_dma_complete(d, ret);
        return;
    }
    if (kind == IDE_DMA_ATAPI_REPLY) {
        ide_dma_copy_reply(d, &l);
        dmalist_free(&l);
        ide_dma_complete(d, 0);
        return;
    }
    /* The request owns the list now; the drive stays BSY until it completes. */
    if (ide_aio_dma(d, to_guest, off, l.iov, l.addr, l.n, ide_dma_complete) < 0)
        ide_dma_complete(d, -ENOMEM);
}

void ide_dma_request(IDEDrive *d, IDEDMAKind kind)
{
    IDEBus *bus = d->bus;

    d->dma_kind = kind;
    if (bus->bm_status & BM_ST_ACTIVE)
        ide_dma_run(bus, d);
}

void ide_dma_finish(IDEBus *bus, bool error)
{
    bus->bm_status &= (uint8_t)~BM_ST_ACTIVE;
    if (error)
        bus->bm_status |= BM_ST_ERROR;
}

void ide_dma_reset(IDEBus *bus)
{
    bus->bm_cmd = 0;
    bus->bm_status &= BM_ST_DRV0 | BM_ST_DRV1;
    bus->bm_prdt = 0;
}

/* ---- Registers (82371SB 2.7.1 BMICx, 2.7.2 BMISx, 2.7.3 BMIDTPx) -------------- */

static void ide_bm_cmd_write(IDEBus *bus, uint8_t v)
{
    IDEDrive *d = &bus->drive[bus->unit];

    if ((v ^ bus->bm_cmd) & BM_CMD_START) {
        if (!(v & BM_CMD_START)) {
            /* Stopping the engine mid-transfer aborts it (the guest's timeout path). */
            if (d->dma_kind != IDE_DMA_NONE || d->req) {
                ide_cancel_request(d);
                d->dma_kind = IDE_DMA_NONE;
                ide_abort(d);
            }
            bus->bm_status &= (uint8_t)~BM_ST_ACTIVE;
        } else if (!(bus->bm_status & BM_ST_ACTIVE)) {
            bus->bm_status |= BM_ST_ACTIVE;
            if (d->dma_kind != IDE_DMA_NONE && !d->req)
                ide_dma_run(bus, d);
        }
    }
    bus->bm_cmd = v & (BM_CMD_START | BM_CMD_READ);
}

uint64_t ide_bmdma_read(IDEBus *bus, uint64_t addr, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        uint8_t b;

        switch ((addr + i) & 7) {
        case 0: b = bus->bm_cmd; break;
        case 2: b = bus->bm_status; break;
        case 4: case 5: case 6: case 7:
            b = (uint8_t)(bus->bm_prdt >> (8 * ((addr + i) & 3)));
            break;
        default: b = 0; break;
        }
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

void ide_bmdma_write(IDEBus *bus, uint64_t addr, uint64_t val, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = (uint8_t)(val >> (8 * i));
        unsigned reg = (unsigned)((addr + i) & 7);

        switch (reg) {
        case 0:
            ide_bm_cmd_write(bus, b);
            break;
        case 2:
            /* Drive-capable bits are R/W; error and interrupt are write-1-to-clear. */
            bus->bm_status = (uint8_t)((b & (BM_ST_DRV0 | BM_ST_DRV1)) |
                                       (bus->bm_status & BM_ST_ACTIVE) |
                                       (bus->bm_status & ~b & (BM_ST_ERROR | BM_ST_INT)));
            break;
        case 4: case 5: case 6: case 7: {
            unsigned sh = 8 * (reg & 3);

            bus->bm_prdt = (bus->bm_prdt & ~(0xffu << sh)) | (uint32_t)b << sh;
            bus->bm_prdt &= ~3u;        /* dword aligned (2.7.3) */
            break;
        }
        default:
            break;
        }
    }
}
