/*
 * The ATA command set of an IDE disk (ATA/ATAPI-6, T13/1410D, section 8),
 * with the IDENTIFY DEVICE data QEMU 7.2 reports (hw/ide/core.c
 * ide_identify): model "QEMU HARDDISK", firmware "2.5+", 16 sectors for
 * READ/WRITE MULTIPLE, LBA48, UDMA5 selected.
 */
#include <errno.h>
#include <string.h>

#include "hw/ide-int.h"

#define QEMU_FW_VERSION "2.5+"

/* READ/WRITE MULTIPLE move mult_sectors a DRQ block; the others one sector. */
static bool ata_is_multiple(uint8_t cmd)
{
    return cmd == 0xc4 || cmd == 0x29 || cmd == 0xc5 || cmd == 0x39;
}

static uint32_t ata_block_sectors(const IDEDrive *d)
{
    return ata_is_multiple(d->cmd) ? (uint32_t)d->mult_sectors : 1;
}

static bool ata_range_ok(const IDEDrive *d, uint64_t sector, uint64_t n)
{
    return sector <= d->nb_sectors && n <= d->nb_sectors - sector;
}

/* ---- IDENTIFY DEVICE (8.15) ------------------------------------------------- */

void ide_hd_identify(IDEDrive *d)
{
    uint16_t *w = d->identify;
    uint64_t lba28 = d->nb_sectors < (1u << 28) ? d->nb_sectors : (1u << 28) - 1;
    uint32_t chs = (uint32_t)d->cylinders * d->heads * d->sectors;

    if (d->identify_set)
        goto mult;
    memset(w, 0, sizeof(d->identify));
    w[0] = 0x0040;                      /* fixed device */
    w[1] = (uint16_t)d->cylinders;
    w[3] = (uint16_t)d->heads;
    w[4] = (uint16_t)(512 * d->sectors);    /* obsolete: bytes per track */
    w[5] = 512;
    w[6] = (uint16_t)d->sectors;
    ide_padstr(w + 10, d->serial, 20);
    w[20] = 3;                          /* buffer type (obsolete) */
    w[21] = 512;                        /* cache size in sectors */
    w[22] = 4;                          /* ECC bytes */
    ide_padstr(w + 23, QEMU_FW_VERSION, 8);
    ide_padstr(w + 27, d->model, 40);
    w[47] = 0x8000 | IDE_MAX_MULT;
    w[48] = 1;                          /* dword I/O */
    w[49] = 1 << 11 | 1 << 9 | 1 << 8;  /* IORDY, LBA, DMA */
    w[51] = 0x200;                      /* PIO transfer cycle */
    w[52] = 0x200;                      /* DMA transfer cycle */
    w[53] = 1 | 1 << 1 | 1 << 2;        /* words 54-58, 64-70, 88 are valid */
    w[54] = (uint16_t)d->cylinders;
    w[55] = (uint16_t)d->heads;
    w[56] = (uint16_t)d->sectors;
    w[57] = (uint16_t)chs;
    w[58] = (uint16_t)(chs >> 16);
    w[60] = (uint16_t)lba28;
    w[61] = (uint16_t)(lba28 >> 16);
    w[62] = 0x07;                       /* single word DMA 0-2 */
    w[63] = 0x07;                       /* multiword DMA 0-2 */
    w[64] = 0x03;                       /* PIO 3-4 */
    w[65] = w[66] = w[67] = w[68] = 120;
    w[80] = 0xf0;                       /* ATA-4 to ATA-7 */
    w[81] = 0x16;                       /* conforms to ATA-5 */
    w[82] = 1 << 14 | 1 << 5 | 1;       /* NOP, write cache, SMART supported */
    w[83] = 1 << 14 | 1 << 13 | 1 << 12 | 1 << 10;  /* FLUSH EXT, FLUSH, LBA48 */
    w[84] = 1 << 14;
    w[85] = (uint16_t)(1 << 14 | (d->write_cache ? 1 << 5 : 0) | 1);
    w[86] = 1 << 13 | 1 << 12 | 1 << 10;
    w[87] = 1 << 14;
    w[88] = 0x3f | 1 << 13;             /* UDMA 0-5 supported, 5 selected */
    w[93] = 1 | 1 << 14 | 0x2000;       /* hardware reset result, 80-wire cable */
    w[100] = (uint16_t)d->nb_sectors;
    w[101] = (uint16_t)(d->nb_sectors >> 16);
    w[102] = (uint16_t)(d->nb_sectors >> 32);
    w[103] = (uint16_t)(d->nb_sectors >> 48);
    w[106] = 0x6000;                    /* one logical sector a physical sector */
    d->identify_set = true;
mult:
    w[59] = d->mult_sectors ? (uint16_t)(0x100 | d->mult_sectors) : 0;
}

static void ata_copy_out(IDEDrive *d, const uint16_t *w)
{
    for (int i = 0; i < 256; i++) {
        d->buf[2 * i] = (uint8_t)w[i];
        d->buf[2 * i + 1] = (uint8_t)(w[i] >> 8);
    }
}

/* The end of a single data-in block (IDENTIFY, SMART): back to DRDY. */
static void ata_data_in_end(IDEDrive *d)
{
    ide_transfer_stop(d);
}

static void ata_send_block(IDEDrive *d)
{
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    ide_transfer_start(d, 512, true, ata_data_in_end);
    ide_irq_raise(d->bus);
}

/* ---- PIO READ SECTORS / READ MULTIPLE (8.27, 8.25) -------------------------- */

static void ata_pio_read_next(IDEDrive *d);

static void ata_pio_read_done(IDEDrive *d, int ret)
{
    if (ret < 0) {
        ide_cmd_abort(d);
        return;
    }
    ide_set_sector(d, ide_get_sector(d) + d->req_n);
    d->nsector -= d->req_n;
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    ide_transfer_start(d, d->req_n * IDE_SECTOR, true, ata_pio_read_next);
    ide_irq_raise(d->bus);
}

/* At the command and after each block the guest took: read the next block. */
static void ata_pio_read_next(IDEDrive *d)
{
    uint32_t n = d->nsector < ata_block_sectors(d) ? d->nsector : ata_block_sectors(d);
    uint64_t sector = ide_get_sector(d);
    struct iovec iov;

    if (d->nsector == 0) {
        ide_transfer_stop(d);
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        return;
    }
    if (!ata_range_ok(d, sector, n)) {
        ide_cmd_abort(d);
        return;
    }
    d->req_n = n;
    d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_BSY;
    iov = (struct iovec){ d->buf, n * IDE_SECTOR };
    if (ide_aio_rw(d, false, sector * IDE_SECTOR, &iov, 1, ata_pio_read_done) < 0)
        ide_cmd_abort(d);
}

/* ---- PIO WRITE SECTORS / WRITE MULTIPLE (8.48, 8.46) ------------------------ */

static void ata_pio_write_block(IDEDrive *d);

static void ata_pio_write_more(IDEDrive *d)
{
    uint32_t n;

    d->nsector -= d->req_n;
    ide_set_sector(d, ide_get_sector(d) + d->req_n);
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    if (d->nsector == 0) {
        ide_transfer_stop(d);
    } else {
        n = d->nsector < ata_block_sectors(d) ? d->nsector : ata_block_sectors(d);
        ide_transfer_start(d, n * IDE_SECTOR, false, ata_pio_write_block);
    }
    ide_irq_raise(d->bus);
}

static void ata_pio_write_flushed(IDEDrive *d, int ret)
{
    if (ret < 0) {
        ide_cmd_abort(d);
        return;
    }
    ata_pio_write_more(d);
}

static void ata_pio_write_done(IDEDrive *d, int ret)
{
    if (ret < 0) {
        ide_cmd_abort(d);
        return;
    }
    /* Write cache off (SET FEATURES 0x82): the data is on the medium before the interrupt. */
    if (!d->write_cache) {
        if (ide_aio_flush(d, ata_pio_write_flushed) < 0)
            ide_cmd_abort(d);
        return;
    }
    ata_pio_write_more(d);
}

/* The guest filled a block: write it. */
static void ata_pio_write_block(IDEDrive *d)
{
    uint32_t n = d->nsector < ata_block_sectors(d) ? d->nsector : ata_block_sectors(d);
    uint64_t sector = ide_get_sector(d);
    struct iovec iov;

    if (!ata_range_ok(d, sector, n)) {
        ide_cmd_abort(d);
        return;
    }
    d->req_n = n;
    d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_BSY;
    iov = (struct iovec){ d->buf, n * IDE_SECTOR };
    if (ide_aio_rw(d, true, sector * IDE_SECTOR, &iov, 1, ata_pio_write_done) < 0)
        ide_cmd_abort(d);
}

/* ---- DMA (8.23 READ DMA, 8.45 WRITE DMA) ------------------------------------- */

static void ata_dma_finished(IDEDrive *d, int ret)
{
    if (ret < 0) {
        /* An address outside RAM is a master abort: the BM error bit too. */
        ide_abort(d);
        ide_dma_finish(d->bus, ret == -EFAULT);
        ide_irq_raise(d->bus);
        return;
    }
    ide_set_sector(d, ide_get_sector(d) + d->nsector);
    d->nsector = 0;
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    ide_dma_finish(d->bus, false);
    ide_irq_raise(d->bus);
}

static void ata_dma_flushed(IDEDrive *d, int ret)
{
    ata_dma_finished(d, ret);
}

/* ide-dma.c's completion of an ATA transfer (ret < 0: I/O or address error). */
void ide_ata_dma_done(IDEDrive *d, int ret)
{
    if (ret >= 0 && d->dma_kind == IDE_DMA_ATA_WRITE && !d->write_cache) {
        d->dma_kind = IDE_DMA_NONE;
        if (ide_aio_flush(d, ata_dma_flushed) == 0)
            return;
        ret = -ENOMEM;
    }
    d->dma_kind = IDE_DMA_NONE;
    ata_dma_finished(d, ret);
}

static void ata_start_dma(IDEDrive *d, bool write)
{
    uint64_t sector = ide_get_sector(d);

    if (!ata_range_ok(d, sector, d->nsector)) {
        ide_abort(d);
        ide_dma_finish(d->bus, false);
        ide_irq_raise(d->bus);
        return;
    }
    d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ | IDE_ST_BSY;
    ide_dma_request(d, write ? IDE_DMA_ATA_WRITE : IDE_DMA_ATA_READ);
}

/* ---- Flush, SET FEATURES, SMART ---------------------------------------------- */

static void ata_flush_done(IDEDrive *d, int ret)
{
    if (ret < 0)
        ide_cmd_abort(d);
    else
        ide_cmd_ok(d);
}

/* SET FEATURES (8.37): the transfer-mode words of IDENTIFY follow subcommand 03h. */
static bool ata_set_features(IDEDrive *d)
{
    uint16_t *w = d->identify;
    unsigned val = d->nsector & 7;

    ide_hd_identify(d);
    switch (d->feature) {
    case 0x02:                      /* enable write cache */
    case 0x82:                      /* disable write cache */
        d->write_cache = d->feature == 0x02;
        w[85] = (uint16_t)(1 << 14 | (d->write_cache ? 1 << 5 : 0) | 1);
        return true;
    case 0x03:                      /* set transfer mode from the sector count */
        switch ((d->nsector & 0xff) >> 3) {
        case 0x00:                  /* PIO default */
        case 0x01:                  /* PIO mode */
            w[62] = 0x07; w[63] = 0x07; w[88] = 0x3f;
            return true;
        case 0x02:                  /* single word DMA */
            w[62] = (uint16_t)(0x07 | 1 << (val + 8)); w[63] = 0x07; w[88] = 0x3f;
            return true;
        case 0x04:                  /* multiword DMA */
            w[62] = 0x07; w[63] = (uint16_t)(0x07 | 1 << (val + 8)); w[88] = 0x3f;
            return true;
        case 0x08:                  /* Ultra DMA */
            w[62] = 0x07; w[63] = 0x07; w[88] = (uint16_t)(0x3f | 1 << (val + 8));
            return true;
        default:
            return false;
        }
    case 0xcc: case 0x66:           /* reverting to power-on defaults */
    case 0xaa: case 0x55:           /* read look-ahead */
    case 0x05: case 0x85:           /* advanced power management */
    case 0x69: case 0x67: case 0x96: case 0x9a: case 0x42: case 0xc2:
        return true;
    default:
        return false;
    }
}

/* SMART (8.41), as much as smartctl -H/-i needs: enable, status, data pages. */
static void ata_smart(IDEDrive *d)
{
    uint8_t sum = 0;

    if (d->hcyl != 0xc2 || d->lcyl != 0x4f || (!d->smart_enabled && d->feature != 0xd8)) {
        ide_cmd_abort(d);
        return;
    }
    switch (d->feature) {
    case 0xd8:                      /* ENABLE OPERATIONS */
    case 0xd9:                      /* DISABLE OPERATIONS */
        d->smart_enabled = d->feature == 0xd8;
        ide_cmd_ok(d);
        return;
    case 0xd2:                      /* ATTRIBUTE AUTOSAVE */
    case 0xd4:                      /* EXECUTE OFF-LINE IMMEDIATE */
        ide_cmd_ok(d);
        return;
    case 0xda:                      /* RETURN STATUS: no threshold exceeded */
        d->hcyl = 0xc2;
        d->lcyl = 0x4f;
        ide_cmd_ok(d);
        return;
    case 0xd0:                      /* READ DATA */
    case 0xd1:                      /* READ ATTRIBUTE THRESHOLDS */
        memset(d->buf, 0, 512);
        d->buf[0] = 0x01;           /* structure revision */
        if (d->feature == 0xd0) {
            d->buf[362] = 0x02;     /* off-line data collection: completed */
            d->buf[367] = 0x03;     /* self-test: supported */
            d->buf[368] = 0x03;     /* capability: off-line and attribute autosave */
            d->buf[370] = 0x01;     /* error logging supported */
        }
        for (int i = 0; i < 511; i++)
            sum = (uint8_t)(sum + d->buf[i]);
        d->buf[511] = (uint8_t)-sum;
        ata_send_block(d);
        return;
    default:
        ide_cmd_abort(d);
        return;
    }
}

/* ---- Dispatch --------------------------------------------------------------- */

bool ide_ata_exec(IDEDrive *d, uint8_t cmd)
{
    bool ext = cmd == 0x24 || cmd == 0x29 || cmd == 0x34 || cmd == 0x39 || cmd == 0x25 ||
               cmd == 0x35 || cmd == 0x42 || cmd == 0x27;

    switch (cmd) {
    case 0x20: case 0x21: case 0x24:            /* READ SECTORS (EXT) */
    case 0xc4: case 0x29:                       /* READ MULTIPLE (EXT) */
        if (ata_is_multiple(cmd) && !d->mult_sectors) {
            ide_cmd_abort(d);
            return true;
        }
        ide_lba48_transform(d, ext);
        ata_pio_read_next(d);
        return true;
    case 0x30: case 0x31: case 0x34:            /* WRITE SECTORS (EXT) */
    case 0xc5: case 0x39: {                     /* WRITE MULTIPLE (EXT) */
        uint32_t n;

        if (ata_is_multiple(cmd) && !d->mult_sectors) {
            ide_cmd_abort(d);
            return true;
        }
        ide_lba48_transform(d, ext);
        n = d->nsector < ata_block_sectors(d) ? d->nsector : ata_block_sectors(d);
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        ide_transfer_start(d, n * IDE_SECTOR, false, ata_pio_write_block);
        return true;
    }
    case 0xc8: case 0xc9: case 0x25:            /* READ DMA (EXT) */
    case 0xca: case 0xcb: case 0x35:            /* WRITE DMA (EXT) */
        ide_lba48_transform(d, ext);
        ata_start_dma(d, cmd == 0xca || cmd == 0xcb || cmd == 0x35);
        return true;
    case 0x40: case 0x41: case 0x42:            /* READ VERIFY SECTORS (EXT) */
        ide_lba48_transform(d, ext);
        ide_cmd_ok(d);
        return true;
    case 0xe7: case 0xea:                       /* FLUSH CACHE (EXT) */
        d->status = IDE_ST_DRDY | IDE_ST_BSY;
        if (ide_aio_flush(d, ata_flush_done) < 0)
            ide_cmd_abort(d);
        return true;
    case 0xec:                                  /* IDENTIFY DEVICE */
        ide_hd_identify(d);
        ata_copy_out(d, d->identify);
        ata_send_block(d);
        return true;
    case 0xef:                                  /* SET FEATURES */
        if (ata_set_features(d))
            ide_cmd_ok(d);
        else
            ide_cmd_abort(d);
        return true;
    case 0xc6: {                                /* SET MULTIPLE MODE */
        unsigned n = d->nsector & 0xff;

        /* 0 turns it off; otherwise a power of two up to what word 47 says. */
        if (n && (n > IDE_MAX_MULT || (n & (n - 1)))) {
            ide_cmd_abort(d);
        } else {
            d->mult_sectors = (int)n;
            ide_hd_identify(d);
            ide_cmd_ok(d);
        }
        return true;
    }
    case 0x91:                                  /* INITIALIZE DEVICE PARAMETERS */
        /* The CHS translation CHS commands use from now on (8.16). */
        if (!(d->nsector & 0xff)) {
            ide_cmd_abort(d);
        } else {
            d->heads = (d->select & IDE_DEV_HS) + 1;
            d->sectors = d->nsector & 0xff;
            d->status = IDE_ST_DRDY;
            ide_irq_raise(d->bus);
        }
        return true;
    case 0xf8: case 0x27:                       /* READ NATIVE MAX ADDRESS (EXT) */
        if (!d->nb_sectors) {
            ide_cmd_abort(d);
            return true;
        }
        ide_lba48_transform(d, cmd == 0x27);
        ide_set_sector(d, d->nb_sectors - 1);
        ide_cmd_ok(d);
        return true;
    case 0xb0:                                  /* SMART */
        ata_smart(d);
        return true;
    case 0xe5:                                  /* CHECK POWER MODE: active */
        d->nsector = 0xff;
        ide_cmd_ok(d);
        return true;
    case 0x90:                                  /* EXECUTE DEVICE DIAGNOSTIC */
        ide_set_signature(d);
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        d->error = 0x01;
        ide_irq_raise(d->bus);
        return true;
    case 0x70:                                  /* SEEK */
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: /* STANDBY / IDLE (IMMEDIATE) */
    case 0xe6:                                  /* SLEEP */
    case 0x94: case 0x95: case 0x96: case 0x97: case 0x98: case 0x99: /* their old codes */
        ide_cmd_ok(d);
        return true;
    default:
        if ((cmd & 0xf0) == 0x10) {             /* RECALIBRATE (obsolete) */
            ide_cmd_ok(d);
            return true;
        }
        return false;
    }
}
