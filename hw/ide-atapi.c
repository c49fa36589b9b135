/*
 * An ATAPI CD-ROM: the ATA commands a packet device accepts (ATA/ATAPI-6
 * section 8, "PACKET", "IDENTIFY PACKET DEVICE", "DEVICE RESET") and the
 * MMC-3 commands sent through PACKET, with the replies QEMU 7.2 gives
 * (hw/ide/atapi.c, hw/block/cdrom.c): "QEMU DVD-ROM", one data track, a
 * CD or DVD-ROM profile by size, media events for GESN, and the NOT READY /
 * UNIT ATTENTION pair after a medium change.
 */
#include <errno.h>
#include <string.h>

#include "hw/ide-int.h"
#include "system/log.h"

/* SCSI sense keys and additional sense codes (SPC-3 4.5.6, MMC-3 annex). */
enum {
    SENSE_NONE = 0, SENSE_NOT_READY = 2, SENSE_ILLEGAL_REQUEST = 5, SENSE_UNIT_ATTENTION = 6,
};
enum {
    ASC_ILLEGAL_OPCODE = 0x20,
    ASC_LOGICAL_BLOCK_OOR = 0x21,
    ASC_INV_FIELD_IN_CMD_PACKET = 0x24,
    ASC_MEDIUM_MAY_HAVE_CHANGED = 0x28,
    ASC_INCOMPATIBLE_FORMAT = 0x30,
    ASC_SAVING_PARAMETERS_NOT_SUPPORTED = 0x39,
    ASC_MEDIUM_NOT_PRESENT = 0x3a,
    ASC_DATA_PHASE_ERROR = 0x4b,
    ASC_MEDIA_REMOVAL_PREVENTED = 0x53,
};

#define MMC_PROFILE_CD_ROM      0x0008
#define MMC_PROFILE_DVD_ROM     0x0010
/* QEMU's CD_MAX_SECTORS: 80 minutes of 2048-byte sectors, counted in 512-byte units. */
#define CD_MAX_SECTORS          (80ull * 60 * 75 * CD_SECTOR / IDE_SECTOR)
#define QEMU_FW_VERSION         "2.5+"

static bool atapi_medium(const IDEDrive *d)
{
    return d->bs && !d->tray_open && d->nb_sectors >= CD_SECTOR / IDE_SECTOR;
}

static uint64_t atapi_total(const IDEDrive *d)
{
    return d->nb_sectors / (CD_SECTOR / IDE_SECTOR);
}

/* ---- IDENTIFY PACKET DEVICE (8.16), QEMU's ide_atapi_identify ---------------- */

void ide_cd_identify(IDEDrive *d)
{
    uint16_t *w = d->identify;

    if (d->identify_set)
        return;
    memset(w, 0, sizeof(d->identify));
    /* ATAPI, CD-ROM (5), removable, 50 us to DRQ, 12-byte packets. */
    w[0] = 2 << 14 | 5 << 8 | 1 << 7 | 2 << 5 | 0;
    ide_padstr(w + 10, d->serial, 20);
    w[20] = 3;
    w[21] = 512;
    w[22] = 4;
    ide_padstr(w + 23, QEMU_FW_VERSION, 8);
    ide_padstr(w + 27, d->model, 40);
    w[48] = 1;
    w[49] = 1 << 9 | 1 << 8;            /* LBA, DMA */
    w[53] = 7;
    w[62] = 7;
    w[63] = 7;
    w[64] = 3;
    w[65] = 0xb4;
    w[66] = 0xb4;
    w[67] = 0x12c;
    w[68] = 0xb4;
    w[71] = 30;
    w[72] = 30;
    w[80] = 0x1e;                       /* ATA/ATAPI-1 to -4 */
    w[88] = 0x3f | 1 << 13;
    d->identify_set = true;
}

/* ---- Completion and replies (9.10, the PACKET protocol) ----------------------- */

static void atapi_ok(IDEDrive *d)
{
    ide_transfer_stop(d);
    d->error = 0;
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    d->nsector = ATAPI_INT_IO | ATAPI_INT_COD;
    ide_irq_raise(d->bus);
}

static void atapi_error(IDEDrive *d, uint8_t key, uint8_t asc)
{
    ide_transfer_stop(d);
    d->error = (uint8_t)(key << 4);
    d->status = IDE_ST_DRDY | IDE_ST_ERR;
    d->nsector = ATAPI_INT_IO | ATAPI_INT_COD;
    d->sense_key = key;
    d->asc = asc;
    ide_irq_raise(d->bus);
}

static void atapi_pio_next(IDEDrive *d);

static void atapi_read_done(IDEDrive *d, int ret)
{
    uint32_t n = d->req_n;

    if (ret < 0) {
        atapi_error(d, ret == -ENOMEDIUM ? SENSE_NOT_READY : SENSE_ILLEGAL_REQUEST,
                    ret == -ENOMEDIUM ? ASC_MEDIUM_NOT_PRESENT : ASC_LOGICAL_BLOCK_OOR);
        return;
    }
    d->cd_lba += n;
    d->cd_left -= n;
    d->reply_off = 0;
    d->reply_left = n * CD_SECTOR;
    atapi_pio_next(d);
}

/*
 * The next DRQ block of a PIO data-in phase: at most the byte count limit
 * (even when the rest does not fit), with the byte count in the cylinder
 * registers and "data to host" as the interrupt reason. When the buffer is
 * empty, read more sectors of a READ or end the command.
 */
static void atapi_pio_next(IDEDrive *d)
{
    uint32_t chunk, bcl = d->bcl;

    if (!d->reply_left) {
        struct iovec iov;
        uint32_t n;

        if (!d->cd_left) {
            atapi_ok(d);
            return;
        }
        n = d->cd_left < d->buf_size / CD_SECTOR ? d->cd_left : d->buf_size / CD_SECTOR;
        d->req_n = n;
        d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_BSY;
        iov = (struct iovec){ d->buf, n * CD_SECTOR };
        if (ide_aio_rw(d, false, d->cd_lba * CD_SECTOR, &iov, 1, atapi_read_done) < 0)
            atapi_error(d, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        return;
    }
    chunk = d->reply_left;
    if (chunk > bcl) {
        /* A block cut by the limit has an even length (9.10). */
        chunk = bcl & ~1u;
    }
    d->nsector = ATAPI_INT_IO;
    d->lcyl = (uint8_t)chunk;
    d->hcyl = (uint8_t)(chunk >> 8);
    d->status = IDE_ST_DRDY | IDE_ST_DSC;
    ide_transfer_start(d, 0, true, atapi_pio_next);
    /* The window onto the reply: buf[reply_off, reply_off + chunk). */
    d->pos = d->reply_off;
    d->end = d->reply_off + chunk;
    d->reply_off += chunk;
    d->reply_left -= chunk;
    ide_irq_raise(d->bus);
}

/* Send size bytes of d->buf (cut to the allocation length max). */
static void atapi_reply(IDEDrive *d, uint32_t size, uint32_t max)
{
    if (size > max)
        size = max;
    d->cd_left = 0;
    d->reply_off = 0;
    d->reply_left = size;
    if (!size) {
        atapi_ok(d);
        return;
    }
    if (d->atapi_dma) {
        d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ | IDE_ST_BSY;
        ide_dma_request(d, IDE_DMA_ATAPI_REPLY);
        return;
    }
    atapi_pio_next(d);
}

/* ide-dma.c's completion of an ATAPI transfer. */
void ide_atapi_dma_done(IDEDrive *d, int ret)
{
    d->dma_kind = IDE_DMA_NONE;
    d->reply_left = 0;
    if (ret < 0) {
        ide_dma_finish(d->bus, ret == -EFAULT);
        if (ret == -EFAULT) {
            ide_abort(d);
            d->nsector = ATAPI_INT_IO | ATAPI_INT_COD;
            ide_irq_raise(d->bus);
        } else {
            atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_LOGICAL_BLOCK_OOR);
        }
        return;
    }
    d->cd_lba += d->cd_left;
    d->cd_left = 0;
    ide_dma_finish(d->bus, false);
    atapi_ok(d);
}

/* ---- MMC commands --------------------------------------------------------------- */

static void lba_to_msf(uint8_t *p, uint64_t lba)
{
    lba += 150;
    p[0] = (uint8_t)(lba / (75 * 60));
    p[1] = (uint8_t)((lba / 75) % 60);
    p[2] = (uint8_t)(lba % 75);
}

/* READ TOC format 0 (MMC-3 5.24): one data track and the lead-out. */
static int cdrom_read_toc(uint64_t total, uint8_t *buf, bool msf, int start_track)
{
    uint8_t *q = buf + 2;

    if (start_track > 1 && start_track != 0xaa)
        return -1;
    *q++ = 1;                           /* first track */
    *q++ = 1;                           /* last track */
    if (start_track <= 1) {
        *q++ = 0;
        *q++ = 0x14;                    /* ADR 1, data track */
        *q++ = 1;                       /* track number */
        *q++ = 0;
        if (msf) {
            *q++ = 0;
            lba_to_msf(q, 0);
            q += 3;
        } else {
            st_be32(q, 0);
            q += 4;
        }
    }
    *q++ = 0;                           /* the lead-out */
    *q++ = 0x16;
    *q++ = 0xaa;
    *q++ = 0;
    if (msf) {
        *q++ = 0;
        lba_to_msf(q, total);
        q += 3;
    } else {
        st_be32(q, (uint32_t)total);
        q += 4;
    }
    st_be16(buf, (uint16_t)(q - buf - 2));
    return (int)(q - buf);
}

/* READ TOC format 2 (full TOC): points A0, A1, A2 and track 1 of session 1. */
static int cdrom_read_toc_raw(uint64_t total, uint8_t *buf, bool msf)
{
    static const uint8_t pts[3] = { 0xa0, 0xa1, 0xa2 };
    uint8_t *q = buf + 2;

    *q++ = 1;                           /* first session */
    *q++ = 1;                           /* last session */
    for (int i = 0; i < 3; i++) {
        *q++ = 1;                       /* session */
        *q++ = 0x14;
        *q++ = 0;
        *q++ = pts[i];
        *q++ = 0; *q++ = 0; *q++ = 0;   /* ATIME */
        if (pts[i] == 0xa2) {
            if (msf) {
                *q++ = 0;
                lba_to_msf(q, total);
                q += 3;
            } else {
                st_be32(q, (uint32_t)total);
                q += 4;
            }
        } else {
            *q++ = 0;
            *q++ = 1;                   /* first / last track */
            *q++ = 0;                   /* disc type */
            *q++ = 0;
        }
    }
    *q++ = 1;
    *q++ = 0x14;
    *q++ = 0;
    *q++ = 1;                           /* point: track 1 */
    *q++ = 0; *q++ = 0; *q++ = 0;
    if (msf) {
        *q++ = 0;
        lba_to_msf(q, 0);
        q += 3;
    } else {
        st_be32(q, 0);
        q += 4;
    }
    st_be16(buf, (uint16_t)(q - buf - 2));
    return (int)(q - buf);
}

static void padstr8(uint8_t *buf, unsigned len, const char *src)
{
    size_t n = strlen(src);

    for (unsigned i = 0; i < len; i++)
        buf[i] = i < n ? (uint8_t)src[i] : ' ';
}

static void atapi_inquiry(IDEDrive *d, const uint8_t *pkt)
{
    uint8_t *buf = d->buf;
    uint32_t max = pkt[4], idx = 0, preamble, size_idx;

    if (pkt[1] & 1) {                   /* EVPD: a vital product data page (SPC-3 7.6) */
        preamble = 4;
        size_idx = 3;
        buf[idx++] = 0x05;
        buf[idx++] = pkt[2];
        buf[idx++] = 0;
        buf[idx++] = 0;
        switch (pkt[2]) {
        case 0x00:                      /* supported pages */
            buf[idx++] = 0x00;
            buf[idx++] = 0x83;
            break;
        case 0x83:                      /* device identification, as libata's */
            if (idx + 24 > max) {
                atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_DATA_PHASE_ERROR);
                return;
            }
            buf[idx++] = 0x02;
            buf[idx++] = 0x00;
            buf[idx++] = 0x00;
            buf[idx++] = 20;
            padstr8(buf + idx, 20, d->serial);
            idx += 20;
            if (idx + 72 > max)
                break;
            buf[idx++] = 0x02;
            buf[idx++] = 0x01;
            buf[idx++] = 0x00;
            buf[idx++] = 68;
            padstr8(buf + idx, 8, "ATA");
            idx += 8;
            padstr8(buf + idx, 40, d->model);
            idx += 40;
            padstr8(buf + idx, 20, d->serial);
            idx += 20;
            break;
        default:
            atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
            return;
        }
    } else {
        preamble = 5;
        size_idx = 4;
        buf[0] = 0x05;                  /* CD/DVD device */
        buf[1] = 0x80;                  /* removable */
        buf[2] = 0x00;
        buf[3] = 0x21;                  /* ATAPI, response format 1 */
        buf[5] = buf[6] = buf[7] = 0;
        padstr8(buf + 8, 8, "QEMU");
        padstr8(buf + 16, 16, "QEMU DVD-ROM");
        padstr8(buf + 32, 4, QEMU_FW_VERSION);
        idx = 36;
    }
    buf[size_idx] = (uint8_t)(idx - preamble);
    atapi_reply(d, idx, max);
}

/* MODE SENSE(10) (SPC-3 6.10): current values of pages 01h and 2Ah only, as QEMU. */
static void atapi_mode_sense(IDEDrive *d, const uint8_t *pkt)
{
    uint8_t *buf = d->buf;
    uint32_t max = ld_be16(pkt + 7);
    unsigned action = pkt[2] >> 6, code = pkt[2] & 0x3f;

    if (action == 3) {
        atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_SAVING_PARAMETERS_NOT_SUPPORTED);
        return;
    }
    if (action != 0)
        goto bad;
    memset(buf, 0, 28);
    buf[2] = 0x70;                      /* medium type: door closed, no disc (QEMU's) */
    switch (code) {
    case 0x01:                          /* read/write error recovery */
        st_be16(buf, 16 - 2);
        buf[8] = 0x01;
        buf[9] = 16 - 10;
        buf[11] = 0x05;
        atapi_reply(d, 16, max);
        return;
    case 0x2a:                          /* CD capabilities and mechanical status */
        st_be16(buf, 28 + 6);
        buf[8] = 0x2a;
        buf[9] = 28 - 10;
        buf[10] = 0x3b;                 /* reads CD-R/RW, DVD-ROM/R/RAM */
        buf[12] = 0x71;                 /* audio play, multisession, mode 2 */
        buf[13] = 3 << 5;
        buf[14] = (uint8_t)(1 << 0 | 1 << 3 | 1 << 5 | (d->tray_locked ? 1 << 1 : 0));
        st_be16(buf + 16, 704);         /* 4x */
        buf[19] = 2;                    /* two volume levels */
        st_be16(buf + 20, 512);         /* buffer, KiB */
        st_be16(buf + 22, 704);
        atapi_reply(d, 28, max);
        return;
    default:
        break;
    }
bad:
    atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
}

static unsigned atapi_add_profile(uint8_t *buf, unsigned *index, uint16_t profile)
{
    uint8_t *p = buf + 12 + *index * 4;

    st_be16(p, profile);
    p[2] = p[0] == buf[6] && p[1] == buf[7];        /* current */
    (*index)++;
    buf[11] += 4;
    return 4;
}

/* GET CONFIGURATION (MMC-3 5.6): the profile list (feature 0) only. */
static void atapi_get_configuration(IDEDrive *d, const uint8_t *pkt)
{
    uint8_t *buf = d->buf;
    uint32_t max = ld_be16(pkt + 7), len = 12;
    unsigned index = 0;

    if (pkt[2] != 0 || pkt[3] != 0) {
        atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    if (max > IDE_SECTOR)
        max = IDE_SECTOR;
    memset(buf, 0, 64);
    if (atapi_medium(d))
        st_be16(buf + 6, d->nb_sectors > CD_MAX_SECTORS ? MMC_PROFILE_DVD_ROM
                                                        : MMC_PROFILE_CD_ROM);
    buf[10] = 0x02 | 0x01;              /* persistent, current */
    len += atapi_add_profile(buf, &index, MMC_PROFILE_DVD_ROM);
    len += atapi_add_profile(buf, &index, MMC_PROFILE_CD_ROM);
    st_be32(buf, len - 4);
    atapi_reply(d, len, max);
}

/* GET EVENT STATUS NOTIFICATION (MMC-3 5.7), polled, media class only. */
static void atapi_gesn(IDEDrive *d, const uint8_t *pkt)
{
    uint8_t *buf = d->buf;
    uint32_t max = ld_be16(pkt + 7), len = 4;

    if (!(pkt[1] & 1)) {                /* asynchronous operation is not supported */
        atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    memset(buf, 0, 8);
    buf[3] = 1 << 4;                    /* supported: media */
    if (pkt[4] & (1 << 4)) {
        uint8_t code = 0, status;

        status = d->tray_open ? 1 : d->bs ? 2 : 0;
        if (status != 1) {
            if (d->event_new_media) {
                code = 2;
                d->event_new_media = false;
            } else if (d->event_eject_request) {
                code = 1;
                d->event_eject_request = false;
            }
        }
        buf[2] = 4;                     /* notification class: media */
        buf[4] = code;
        buf[5] = status;
        len = 8;
    } else {
        buf[2] = 0x80;                  /* no event available */
    }
    st_be16(buf, (uint16_t)(len - 4));
    atapi_reply(d, len, max);
}

static void atapi_start_read(IDEDrive *d, uint64_t lba, uint32_t n)
{
    if (!n) {
        atapi_ok(d);
        return;
    }
    if (lba > atapi_total(d) || n > atapi_total(d) - lba) {
        atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_LOGICAL_BLOCK_OOR);
        return;
    }
    d->cd_lba = lba;
    d->cd_left = n;
    d->reply_left = 0;
    if (d->atapi_dma) {
        d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ | IDE_ST_BSY;
        ide_dma_request(d, IDE_DMA_ATAPI_READ);
        return;
    }
    atapi_pio_next(d);
}

/* Commands allowed before reporting a pending unit attention, and those needing a medium. */
static bool atapi_allow_ua(uint8_t op)
{
    return op == 0x03 || op == 0x12 || op == 0x46 || op == 0x4a;
}

static bool atapi_check_ready(uint8_t op)
{
    return op == 0x00 || op == 0x25 || op == 0x28 || op == 0xa8 || op == 0x2b || op == 0x43 ||
           op == 0xbe || op == 0x51;
}

static void atapi_exec_packet(IDEDrive *d)
{
    const uint8_t *pkt = d->packet;
    uint8_t *buf = d->buf;
    uint8_t op = pkt[0];

    /* After a medium change: NOT READY once, then UNIT ATTENTION (QEMU's
     * cdrom_changed), for guests that do not poll events. */
    if (!atapi_allow_ua(op) && !d->tray_open && d->bs && d->cdrom_changed) {
        if (d->cdrom_changed == 1) {
            atapi_error(d, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
            d->cdrom_changed = 2;
        } else {
            atapi_error(d, SENSE_UNIT_ATTENTION, ASC_MEDIUM_MAY_HAVE_CHANGED);
            d->cdrom_changed = 0;
        }
        return;
    }
    if (atapi_check_ready(op) && !atapi_medium(d)) {
        atapi_error(d, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        return;
    }
    switch (op) {
    case 0x00:                          /* TEST UNIT READY */
    case 0xbb:                          /* SET CD SPEED */
        atapi_ok(d);
        return;
    case 0x03:                          /* REQUEST SENSE (fixed format) */
        memset(buf, 0, 18);
        buf[0] = 0x70 | 0x80;
        buf[2] = d->sense_key;
        buf[7] = 10;
        buf[12] = d->asc;
        if (d->sense_key == SENSE_UNIT_ATTENTION)
            d->sense_key = SENSE_NONE;
        atapi_reply(d, 18, pkt[4]);
        return;
    case 0x12:                          /* INQUIRY */
        atapi_inquiry(d, pkt);
        return;
    case 0x1b: {                        /* START STOP UNIT */
        bool start = pkt[4] & 1, loej = pkt[4] & 2;

        if (!(pkt[4] & 0xf0) && loej) {
            if (!start && !d->tray_open && d->tray_locked) {
                atapi_error(d, d->bs ? SENSE_NOT_READY : SENSE_ILLEGAL_REQUEST,
                            ASC_MEDIA_REMOVAL_PREVENTED);
                return;
            }
            d->tray_open = !start;
        }
        atapi_ok(d);
        return;
    }
    case 0x1e:                          /* PREVENT ALLOW MEDIUM REMOVAL */
        d->tray_locked = pkt[4] & 1;
        atapi_ok(d);
        return;
    case 0x25:                          /* READ CAPACITY: last LBA, block size */
        st_be32(buf, (uint32_t)(atapi_total(d) - 1));
        st_be32(buf + 4, CD_SECTOR);
        atapi_reply(d, 8, 8);
        return;
    case 0x28:                          /* READ(10) */
        atapi_start_read(d, ld_be32(pkt + 2), ld_be16(pkt + 7));
        return;
    case 0xa8:                          /* READ(12) */
        atapi_start_read(d, ld_be32(pkt + 2), ld_be32(pkt + 6));
        return;
    case 0xbe:                          /* READ CD: user data only, or nothing */
        if (pkt[9] == 0x00) {
            atapi_ok(d);
        } else if (pkt[9] == 0x10) {
            atapi_start_read(d, ld_be32(pkt + 2),
                             (uint32_t)pkt[6] << 16 | (uint32_t)pkt[7] << 8 | pkt[8]);
        } else {
            atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
        }
        return;
    case 0x2b:                          /* SEEK(10) */
        if (ld_be32(pkt + 2) >= atapi_total(d))
            atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_LOGICAL_BLOCK_OOR);
        else
            atapi_ok(d);
        return;
    case 0x43: {                        /* READ TOC/PMA/ATIP */
        bool msf = (pkt[1] >> 1) & 1;
        unsigned format = (pkt[2] & 0x0f) ? pkt[2] & 0x0f : pkt[9] >> 6;
        uint32_t max = ld_be16(pkt + 7);
        int len;

        switch (format) {
        case 0:
            len = cdrom_read_toc(atapi_total(d), buf, msf, pkt[6]);
            if (len < 0)
                break;
            atapi_reply(d, (uint32_t)len, max);
            return;
        case 1:                         /* session info: a single session */
            memset(buf, 0, 12);
            buf[1] = 0x0a;
            buf[2] = 0x01;
            buf[3] = 0x01;
            atapi_reply(d, 12, max);
            return;
        case 2:
            len = cdrom_read_toc_raw(atapi_total(d), buf, msf);
            atapi_reply(d, (uint32_t)len, max);
            return;
        default:
            break;
        }
        atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    case 0x46:                          /* GET CONFIGURATION */
        atapi_get_configuration(d, pkt);
        return;
    case 0x4a:                          /* GET EVENT STATUS NOTIFICATION */
        atapi_gesn(d, pkt);
        return;
    case 0x51:                          /* READ DISC INFORMATION (CD only, as QEMU) */
        if (d->nb_sectors > CD_MAX_SECTORS || (pkt[1] & 7)) {
            atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
            return;
        }
        memset(buf, 0, 34);
        buf[1] = 32;
        buf[2] = 0x0e;                  /* last session complete, disc finalized */
        buf[3] = 1;
        buf[4] = 1;
        buf[5] = 1;
        buf[6] = 1;
        buf[7] = 0x20;                  /* unrestricted use */
        atapi_reply(d, 34, ld_be16(pkt + 7));
        return;
    case 0x5a:                          /* MODE SENSE(10) */
        atapi_mode_sense(d, pkt);
        return;
    case 0xbd:                          /* MECHANISM STATUS */
        memset(buf, 0, 8);
        buf[5] = 1;                     /* one slot */
        atapi_reply(d, 8, ld_be16(pkt + 8));
        return;
    default:
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("ide: ATAPI command 0x%02x not supported\n", op);
        atapi_error(d, SENSE_ILLEGAL_REQUEST, ASC_ILLEGAL_OPCODE);
        return;
    }
}

/* The 12-byte packet arrived (PIO, DRQ with "command" reason). */
static void atapi_packet_received(IDEDrive *d)
{
    memcpy(d->packet, d->buf, sizeof(d->packet));
    d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_BSY;
    atapi_exec_packet(d);
}

/* ---- ATA commands of a packet device --------------------------------------------- */

static void atapi_identify_end(IDEDrive *d)
{
    ide_transfer_stop(d);
}

bool ide_atapi_exec(IDEDrive *d, uint8_t cmd)
{
    switch (cmd) {
    case 0xa0:                          /* PACKET */
        d->atapi_dma = d->feature & 1;
        /* The byte count limit; 0 and FFFFh are not valid for PIO (9.10): use FFFEh. */
        d->bcl = (uint16_t)(d->lcyl | d->hcyl << 8);
        if (d->bcl == 0 || d->bcl == 0xffff)
            d->bcl = 0xfffe;
        d->nsector = ATAPI_INT_COD;
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        ide_transfer_start(d, 12, false, atapi_packet_received);
        return true;
    case 0xa1:                          /* IDENTIFY PACKET DEVICE */
        ide_cd_identify(d);
        for (int i = 0; i < 256; i++) {
            d->buf[2 * i] = (uint8_t)d->identify[i];
            d->buf[2 * i + 1] = (uint8_t)(d->identify[i] >> 8);
        }
        d->status = IDE_ST_DRDY | IDE_ST_DSC;
        ide_transfer_start(d, 512, true, atapi_identify_end);
        ide_irq_raise(d->bus);
        return true;
    case 0xec:                          /* IDENTIFY DEVICE: abort with the signature */
        ide_set_signature(d);
        ide_cmd_abort(d);
        return true;
    case 0x08:                          /* DEVICE RESET (no interrupt) */
    case 0x90:                          /* EXECUTE DEVICE DIAGNOSTIC */
        ide_cancel_request(d);
        d->dma_kind = IDE_DMA_NONE;
        ide_transfer_stop(d);
        ide_set_signature(d);
        d->status = 0x00;
        d->error = 0x01;
        if (cmd == 0x90)
            ide_irq_raise(d->bus);
        return true;
    case 0xef:                          /* SET FEATURES: accepted, transfer mode noted */
        ide_cd_identify(d);
        if (d->feature == 0x03) {
            unsigned val = d->nsector & 7, mode = (d->nsector & 0xff) >> 3;
            uint16_t *w = d->identify;

            w[62] = 0x07; w[63] = 0x07; w[88] = 0x3f;
            if (mode == 0x02)
                w[62] |= (uint16_t)(1 << (val + 8));
            else if (mode == 0x04)
                w[63] |= (uint16_t)(1 << (val + 8));
            else if (mode == 0x08)
                w[88] |= (uint16_t)(1 << (val + 8));
            else if (mode > 0x01) {
                ide_cmd_abort(d);
                return true;
            }
        }
        ide_cmd_ok(d);
        return true;
    case 0xe5:                          /* CHECK POWER MODE */
        d->nsector = 0xff;
        ide_cmd_ok(d);
        return true;
    case 0xe0: case 0xe1: case 0xe6:    /* STANDBY IMMEDIATE, IDLE IMMEDIATE, SLEEP */
        ide_cmd_ok(d);
        return true;
    default:
        return false;
    }
}
