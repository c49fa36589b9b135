/*
 * An IDE channel: the command block (task file) and control block registers,
 * command dispatch, the PIO data phase, INTRQ, and software/hardware reset.
 * ATA/ATAPI-6 (T13/1410D) sections 7 (registers) and 9 (protocols); where
 * the standard leaves room, QEMU 7.2's hw/ide/core.c, which SeaBIOS and
 * Linux's ata_piix were tested against.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "block/aio.h"
#include "hw/ide-int.h"
#include "system/log.h"

static void ide_guest_error(const char *what, unsigned v)
{
    if (log_enabled(LOG_GUEST_ERROR))
        log_printf("ide: %s 0x%x\n", what, v);
}

static IDEDrive *ide_selected(IDEBus *bus)
{
    return &bus->drive[bus->unit];
}

static bool ide_bus_empty(const IDEBus *bus)
{
    return bus->drive[0].kind == IDE_NONE && bus->drive[1].kind == IDE_NONE;
}

/* A register read as QEMU answers it: 0 from an empty channel or an absent slave. */
static bool ide_reads_zero(const IDEBus *bus)
{
    return ide_bus_empty(bus) || (bus->unit == 1 && bus->drive[1].kind == IDE_NONE);
}

/* ---- INTRQ ------------------------------------------------------------------ */

/* The drive asserts INTRQ unless nIEN (7.9); the BMIDE engine latches it (2.7.2). */
void ide_irq_raise(IDEBus *bus)
{
    if (bus->devctl & IDE_CTL_NIEN)
        return;
    bus->bm_status |= BM_ST_INT;
    bus->irq_pending = true;
    irq_raise(bus->irq);
}

static void ide_irq_lower(IDEBus *bus)
{
    bus->irq_pending = false;
    irq_lower(bus->irq);
}

/* ---- Data phase and completion ---------------------------------------------- */

void ide_transfer_start(IDEDrive *d, uint32_t size, bool to_host, void (*end)(IDEDrive *d))
{
    d->pos = 0;
    d->end = size <= d->buf_size ? size : d->buf_size;
    d->end_transfer = end;
    d->pio_to_host = to_host;
    d->status |= IDE_ST_DRQ;
}

void ide_transfer_stop(IDEDrive *d)
{
    d->pos = d->end = 0;
    d->end_transfer = NULL;
    d->status &= (uint8_t)~IDE_ST_DRQ;
}

void ide_abort(IDEDrive *d)
{
    ide_transfer_stop(d);
    d->status = IDE_ST_DRDY | IDE_ST_ERR;
    d->error = IDE_ERR_ABRT;
}

void ide_cmd_abort(IDEDrive *d)
{
    ide_abort(d);
    ide_irq_raise(d->bus);
}

void ide_cmd_ok(IDEDrive *d)
{
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    ide_irq_raise(d->bus);
}

/* ---- Addressing (7.x "LBA", "CHS"; the HOB registers of 48-bit commands) ---- */

uint64_t ide_get_sector(const IDEDrive *d)
{
    if (d->select & IDE_DEV_LBA) {
        if (d->lba48)
            return (uint64_t)d->hob_hcyl << 40 | (uint64_t)d->hob_lcyl << 32 |
                   (uint64_t)d->hob_sector << 24 | (uint64_t)d->hcyl << 16 |
                   (uint64_t)d->lcyl << 8 | d->sector;
        return (uint64_t)(d->select & IDE_DEV_HS) << 24 | (uint64_t)d->hcyl << 16 |
               (uint64_t)d->lcyl << 8 | d->sector;
    }
    /* CHS: sector numbers start at 1; sector 0 is invalid and maps below 0. */
    return ((uint64_t)(d->hcyl << 8 | d->lcyl) * d->heads + (d->select & IDE_DEV_HS)) *
               d->sectors + (uint64_t)d->sector - 1;
}

void ide_set_sector(IDEDrive *d, uint64_t n)
{
    if (d->select & IDE_DEV_LBA) {
        if (d->lba48) {
            d->sector = (uint8_t)n;
            d->lcyl = (uint8_t)(n >> 8);
            d->hcyl = (uint8_t)(n >> 16);
            d->hob_sector = (uint8_t)(n >> 24);
            d->hob_lcyl = (uint8_t)(n >> 32);
            d->hob_hcyl = (uint8_t)(n >> 40);
        } else {
            d->select = (uint8_t)((d->select & 0xf0) | ((n >> 24) & 0x0f));
            d->hcyl = (uint8_t)(n >> 16);
            d->lcyl = (uint8_t)(n >> 8);
            d->sector = (uint8_t)n;
        }
    } else if (d->heads && d->sectors) {
        uint64_t cyl = n / ((uint64_t)d->heads * d->sectors);
        uint64_t r = n % ((uint64_t)d->heads * d->sectors);

        d->hcyl = (uint8_t)(cyl >> 8);
        d->lcyl = (uint8_t)cyl;
        d->select = (uint8_t)((d->select & 0xf0) | ((r / d->sectors) & 0x0f));
        d->sector = (uint8_t)(r % d->sectors + 1);
    }
}

void ide_lba48_transform(IDEDrive *d, bool lba48)
{
    d->lba48 = lba48;
    /* A count of 0 means 256 sectors (28-bit) or 65536 (48-bit). */
    if (!lba48)
        d->nsector = (d->nsector & 0xff) ? d->nsector & 0xff : 256;
    else if (!(d->nsector & 0xff) && !d->hob_nsector)
        d->nsector = 65536;
    else
        d->nsector = (uint32_t)d->hob_nsector << 8 | (d->nsector & 0xff);
}

/* ---- Asynchronous requests ------------------------------------------------- */

static void ide_aio_cb(void *opaque, int ret)
{
    IDERequest *r = opaque;
    IDEDrive *d = r->d;

    if (r->to_guest)
        for (int i = 0; i < r->nseg; i++)
            pci_dma_written(d->bus->pci, r->seg_addr[i], r->iov[i].iov_len);
    if (!r->cancelled) {
        d->req = NULL;
        r->done(d, ret);
    }
    free(r->orphan_buf);
    free(r->iov);
    free(r->seg_addr);
    free(r);
}

static IDERequest *ide_req_new(IDEDrive *d, void (*done)(IDEDrive *d, int ret))
{
    IDERequest *r = calloc(1, sizeof(*r));

    if (r) {
        r->d = d;
        r->done = done;
    }
    return r;
}

int ide_aio_rw(IDEDrive *d, bool write, uint64_t off, struct iovec *iov, int niov,
               void (*done)(IDEDrive *d, int ret))
{
    IDERequest *r = ide_req_new(d, done);
    int ret;

    if (!r)
        return -ENOMEM;
    ret = write ? bdrv_aio_pwritev(d->bs, off, iov, niov, ide_aio_cb, r)
                : bdrv_aio_preadv(d->bs, off, iov, niov, ide_aio_cb, r);
    if (ret < 0) {
        free(r);
        return ret;
    }
    d->req = r;
    return 0;
}

int ide_aio_dma(IDEDrive *d, bool to_guest, uint64_t off, struct iovec *iov, uint64_t *seg_addr,
                int nseg, void (*done)(IDEDrive *d, int ret))
{
    IDERequest *r = ide_req_new(d, done);
    int ret;

    if (!r) {
        free(iov);
        free(seg_addr);
        return -ENOMEM;
    }
    r->iov = iov;
    r->seg_addr = seg_addr;
    r->nseg = nseg;
    r->to_guest = to_guest;
    ret = to_guest ? bdrv_aio_preadv(d->bs, off, iov, nseg, ide_aio_cb, r)
                   : bdrv_aio_pwritev(d->bs, off, iov, nseg, ide_aio_cb, r);
    if (ret < 0) {
        free(r->iov);
        free(r->seg_addr);
        free(r);
        return ret;
    }
    d->req = r;
    return 0;
}

int ide_aio_flush(IDEDrive *d, void (*done)(IDEDrive *d, int ret))
{
    IDERequest *r = ide_req_new(d, done);
    int ret;

    if (!r)
        return -ENOMEM;
    ret = bdrv_aio_flush(d->bs, ide_aio_cb, r);
    if (ret < 0) {
        free(r);
        return ret;
    }
    d->req = r;
    return 0;
}

/*
 * The request cannot be taken back from the worker pool (QEMU drains here;
 * a vCPU thread may not), so it completes into an orphaned buffer and its
 * completion is ignored: the drive starts afresh at once.
 */
void ide_cancel_request(IDEDrive *d)
{
    IDERequest *r = d->req;
    uint8_t *fresh;

    if (!r)
        return;
    r->cancelled = true;
    fresh = calloc(1, d->buf_size);
    if (fresh) {
        r->orphan_buf = d->buf;
        d->buf = fresh;
    }
    d->req = NULL;
}

/* ---- Reset ----------------------------------------------------------------- */

/* The signature a reset or EXECUTE DEVICE DIAGNOSTIC leaves (9.12, 9.1). */
void ide_set_signature(IDEDrive *d)
{
    d->select &= (uint8_t)~IDE_DEV_HS;
    d->nsector = 1;
    d->sector = 1;
    if (d->kind == IDE_CD) {
        d->lcyl = 0x14;
        d->hcyl = 0xeb;
    } else if (d->kind == IDE_HD) {
        d->lcyl = 0;
        d->hcyl = 0;
    } else {
        d->lcyl = 0xff;
        d->hcyl = 0xff;
    }
}

static void ide_drive_reset(IDEDrive *d)
{
    ide_cancel_request(d);
    d->mult_sectors = IDE_MAX_MULT;
    d->feature = d->error = 0;
    d->nsector = d->sector = d->lcyl = d->hcyl = 0;
    d->hob_feature = d->hob_nsector = d->hob_sector = d->hob_lcyl = d->hob_hcyl = 0;
    d->select = IDE_DEV_OBS;
    d->lba48 = false;
    d->dma_kind = IDE_DMA_NONE;
    d->sense_key = d->asc = 0;
    d->cdrom_changed = 0;
    d->event_new_media = d->event_eject_request = false;
    d->cd_left = d->reply_left = 0;
    ide_transfer_stop(d);
    ide_set_signature(d);
    /* An ATAPI device does not set DRDY after a reset (9.12). */
    d->status = d->kind == IDE_CD ? 0x00 : IDE_ST_DRDY | IDE_ST_DSC;
    d->error = 0x01;        /* diagnostic code: no error */
}

void ide_bus_reset(IDEBus *bus)
{
    bus->unit = 0;
    bus->devctl = 0;
    ide_irq_lower(bus);
    for (int i = 0; i < 2; i++)
        ide_drive_reset(&bus->drive[i]);
    ide_dma_reset(bus);
}

/* ---- Command block ----------------------------------------------------------- */

static void ide_exec_cmd(IDEBus *bus, uint8_t cmd)
{
    IDEDrive *d = ide_selected(bus);
    bool known;

    /* Commands to an absent slave are not seen by anyone (QEMU ignores them). */
    if (bus->unit == 1 && d->kind == IDE_NONE)
        return;
    /* Only DEVICE RESET may interrupt a command, and only on ATAPI (9.x). */
    if (d->status & (IDE_ST_BSY | IDE_ST_DRQ)) {
        if (cmd != 0x08 || d->kind != IDE_CD)
            return;
    }
    if (d->kind == IDE_NONE) {
        ide_cmd_abort(d);
        return;
    }
    d->cmd = cmd;
    d->status = IDE_ST_DRDY | IDE_ST_BSY;
    d->error = 0;
    known = d->kind == IDE_HD ? ide_ata_exec(d, cmd) : ide_atapi_exec(d, cmd);
    if (!known) {
        ide_guest_error("unsupported command", cmd);
        ide_cmd_abort(d);
    }
}

static uint32_t ide_data_read(IDEBus *bus, unsigned size)
{
    IDEDrive *d = ide_selected(bus);
    uint32_t v = 0;

    /* Outside a data-in phase a read returns 0 and moves nothing (QEMU). */
    if (!(d->status & IDE_ST_DRQ) || !d->pio_to_host || d->pos + size > d->end)
        return 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)d->buf[d->pos + i] << (8 * i);
    d->pos += size;
    if (d->pos >= d->end) {
        d->status &= (uint8_t)~IDE_ST_DRQ;
        if (d->end_transfer)
            d->end_transfer(d);
    }
    return v;
}

static void ide_data_write(IDEBus *bus, uint32_t v, unsigned size)
{
    IDEDrive *d = ide_selected(bus);

    if (!(d->status & IDE_ST_DRQ) || d->pio_to_host || d->pos + size > d->end)
        return;
    for (unsigned i = 0; i < size; i++)
        d->buf[d->pos + i] = (uint8_t)(v >> (8 * i));
    d->pos += size;
    if (d->pos >= d->end) {
        d->status &= (uint8_t)~IDE_ST_DRQ;
        if (d->end_transfer)
            d->end_transfer(d);
    }
}

static uint8_t ide_reg_read(IDEBus *bus, unsigned reg)
{
    IDEDrive *d = ide_selected(bus);
    bool hob = bus->devctl & IDE_CTL_HOB;

    switch (reg) {
    case 0:
        return 0xff;            /* an 8-bit read of the data register */
    case 1:
        return ide_reads_zero(bus) ? 0 : hob ? d->hob_feature : d->error;
    case 2:
        return ide_bus_empty(bus) ? 0 : hob ? d->hob_nsector : (uint8_t)d->nsector;
    case 3:
        return ide_bus_empty(bus) ? 0 : hob ? d->hob_sector : d->sector;
    case 4:
        return ide_bus_empty(bus) ? 0 : hob ? d->hob_lcyl : d->lcyl;
    case 5:
        return ide_bus_empty(bus) ? 0 : hob ? d->hob_hcyl : d->hcyl;
    case 6:
        return ide_bus_empty(bus) ? 0 : d->select;
    default:
        /* Reading Status acknowledges the interrupt (7.15). */
        ide_irq_lower(bus);
        return ide_reads_zero(bus) ? 0 : d->status;
    }
}

static void ide_reg_write(IDEBus *bus, unsigned reg, uint8_t v)
{
    IDEDrive *d = ide_selected(bus);

    /* Writes to the command block while busy are ignored, as QEMU does. */
    if (reg != 7 && (d->status & (IDE_ST_BSY | IDE_ST_DRQ)))
        return;
    if (reg >= 1 && reg <= 5)
        bus->devctl &= (uint8_t)~IDE_CTL_HOB;   /* a write clears HOB (7.9) */
    /* Both drives latch every task-file write; the 48-bit registers are two deep. */
    for (int i = 0; i < 2; i++) {
        IDEDrive *x = &bus->drive[i];

        switch (reg) {
        case 1: x->hob_feature = x->feature; x->feature = v; break;
        case 2: x->hob_nsector = (uint8_t)x->nsector; x->nsector = v; break;
        case 3: x->hob_sector = x->sector; x->sector = v; break;
        case 4: x->hob_lcyl = x->lcyl; x->lcyl = v; break;
        case 5: x->hob_hcyl = x->hcyl; x->hcyl = v; break;
        case 6: x->select = i ? (v | IDE_DEV_DEV) : (v & (uint8_t)~IDE_DEV_DEV); break;
        default: break;
        }
    }
    if (reg == 6) {
        bus->devctl &= (uint8_t)~IDE_CTL_HOB;
        bus->unit = (v >> 4) & 1;
    } else if (reg == 7) {
        bus->devctl &= (uint8_t)~IDE_CTL_HOB;
        ide_irq_lower(bus);
        ide_exec_cmd(bus, v);
    }
}

static uint64_t ide_cmd_read(void *opaque, uint64_t addr, unsigned size)
{
    IDEBus *bus = opaque;
    uint64_t v = 0;

    /* 16- and 32-bit PIO on the data register; other wide reads go bytewise. */
    if (addr == 0 && size >= 2)
        return ide_data_read(bus, size);
    for (unsigned i = 0; i < size && addr + i < 8; i++)
        v |= (uint64_t)ide_reg_read(bus, (unsigned)(addr + i)) << (8 * i);
    return v;
}

static void ide_cmd_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    IDEBus *bus = opaque;

    if (addr == 0 && size >= 2) {
        ide_data_write(bus, (uint32_t)val, size);
        return;
    }
    for (unsigned i = 0; i < size && addr + i < 8; i++)
        ide_reg_write(bus, (unsigned)(addr + i), (uint8_t)(val >> (8 * i)));
}

static const MemoryRegionOps ide_cmd_ops = {
    .read = ide_cmd_read, .write = ide_cmd_write, .min_access = 1, .max_access = 4,
};

/* ---- Control block: Alternate Status / Device Control ------------------------ */

static uint64_t ide_ctl_read(void *opaque, uint64_t addr, unsigned size)
{
    IDEBus *bus = opaque;

    return ide_reads_zero(bus) ? 0 : ide_selected(bus)->status;
}

static void ide_ctl_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    IDEBus *bus = opaque;
    uint8_t v = (uint8_t)val;

    if (!(bus->devctl & IDE_CTL_SRST) && (v & IDE_CTL_SRST)) {
        /* SRST asserted: both drives busy until it drops (9.12). */
        ide_dma_reset(bus);
        for (int i = 0; i < 2; i++) {
            ide_cancel_request(&bus->drive[i]);
            ide_transfer_stop(&bus->drive[i]);
            bus->drive[i].status = IDE_ST_BSY | IDE_ST_DSC;
            bus->drive[i].error = 0x01;
        }
    } else if ((bus->devctl & IDE_CTL_SRST) && !(v & IDE_CTL_SRST)) {
        for (int i = 0; i < 2; i++) {
            uint8_t sel = bus->drive[i].select;

            ide_drive_reset(&bus->drive[i]);
            bus->drive[i].select = (uint8_t)(sel & IDE_DEV_DEV) | IDE_DEV_OBS;
        }
    }
    bus->devctl = v;
}

static const MemoryRegionOps ide_ctl_ops = {
    .read = ide_ctl_read, .write = ide_ctl_write, .min_access = 1, .max_access = 1,
};

/* ---- Setup ------------------------------------------------------------------- */

void ide_padstr(uint16_t *words, const char *src, unsigned len)
{
    size_t n = strlen(src);

    /* ATA strings: two characters a word, the first in the high byte. */
    for (unsigned i = 0; i < len; i++) {
        char c = i < n ? src[i] : ' ';
        unsigned w = i / 2;
        uint16_t old = words[w];

        words[w] = (i & 1) ? (uint16_t)((old & 0xff00) | (uint8_t)c)
                           : (uint16_t)((old & 0x00ff) | (uint8_t)c << 8);
    }
}

void ide_bus_init(IDEBus *bus, int index, PCIDevice *pci, MemoryRegion *io, uint16_t cmd_base,
                  uint16_t ctl_base, IrqLine irq)
{
    memset(bus, 0, sizeof(*bus));
    bus->index = index;
    bus->pci = pci;
    bus->irq = irq;
    for (int i = 0; i < 2; i++) {
        bus->drive[i].bus = bus;
        bus->drive[i].unit = i;
    }
    memory_region_init_io(&bus->cmd_io, index ? "ide1-cmd" : "ide0-cmd", &ide_cmd_ops, bus, 8);
    memory_region_add_subregion(io, cmd_base, &bus->cmd_io);
    /* One port: 0x3f7/0x377 belong to the floppy controller. */
    memory_region_init_io(&bus->ctl_io, index ? "ide1-ctl" : "ide0-ctl", &ide_ctl_ops, bus, 1);
    memory_region_add_subregion(io, ctl_base, &bus->ctl_io);
}

void ide_cd_change_medium(IDEDrive *d, BlockDriverState *bs)
{
    if (d->kind != IDE_CD)
        return;
    d->bs = bs;
    d->nb_sectors = bs && bdrv_getlength(bs) > 0 ? (uint64_t)bdrv_getlength(bs) / IDE_SECTOR : 0;
    /* As QEMU: an eject leaves the tray open, a new medium closes it. */
    d->tray_open = bs == NULL;
    if (bs) {
        /* Report "no medium" once, then "medium may have changed" (QEMU's
         * cdrom_changed), for guests that do not poll GESN. */
        d->cdrom_changed = 1;
        d->event_new_media = true;
    } else {
        d->event_eject_request = false;
    }
    ide_irq_raise(d->bus);
}
