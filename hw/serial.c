/*
 * 16550A UART (see serial.h). Register model: National Semiconductor
 * PC16550D datasheet, "Registers" (Table II), "FIFO Interrupt Mode
 * Operation", "Interrupt Identification Register" (Table IV).
 *
 * Interrupt sources, highest priority first (Table IV): receiver line status
 * (OE/PE/FE/BI), received data at the trigger level or a character timeout,
 * transmitter holding register empty, modem status. THRE is a latched event
 * (thr_ipending): set when THR empties or when ETBEI is turned on with THR
 * empty, cleared by a read of IIR that reports it or by a write to THR.
 */
#include "hw/serial.h"

#include <stdlib.h>
#include <string.h>

#include "system/clock.h"
#include "system/error.h"
#include "system/log.h"

#define FIFO_LEN 16

/* IER */
#define IER_RDI     0x01
#define IER_THRI    0x02
#define IER_RLSI    0x04
#define IER_MSI     0x08
/* IIR */
#define IIR_NO_INT  0x01
#define IIR_MSI     0x00
#define IIR_THRI    0x02
#define IIR_RDI     0x04
#define IIR_RLSI    0x06
#define IIR_CTI     0x0c
#define IIR_FE      0xc0    /* FIFOs enabled */
/* FCR */
#define FCR_FE      0x01
#define FCR_RFR     0x02
#define FCR_XFR     0x04
/* LCR */
#define LCR_DLAB    0x80
/* MCR */
#define MCR_DTR     0x01
#define MCR_RTS     0x02
#define MCR_OUT1    0x04
#define MCR_OUT2    0x08
#define MCR_LOOP    0x10
/* LSR */
#define LSR_DR      0x01
#define LSR_OE      0x02
#define LSR_PE      0x04
#define LSR_FE      0x08
#define LSR_BI      0x10
#define LSR_THRE    0x20
#define LSR_TEMT    0x40
#define LSR_ERRORS  (LSR_OE | LSR_PE | LSR_FE | LSR_BI)
/* MSR */
#define MSR_DCTS    0x01
#define MSR_DDSR    0x02
#define MSR_TERI    0x04
#define MSR_DDCD    0x08
#define MSR_CTS     0x10
#define MSR_DSR     0x20
#define MSR_RI      0x40
#define MSR_DCD     0x80
#define MSR_DELTAS  0x0f

/* What a backend that is not a real tty presents on the modem lines, as QEMU. */
#define MSR_EXTERNAL (MSR_DCD | MSR_DSR | MSR_CTS)

struct SerialState {
    uint16_t divider;
    uint8_t rbr;            /* receive buffer, non-FIFO mode */
    uint8_t thr;
    uint8_t ier, iir, lcr, mcr, lsr, msr, scr, fcr;
    uint8_t thr_ipending;
    uint8_t timeout_ipending;
    uint8_t recv_fifo[FIFO_LEN];
    uint8_t recv_head, recv_count;
    uint8_t irq_level;
    /* host side */
    IrqLine irq;
    Chardev *chr;
    CharFrontend fe;
    Timer timeout_timer;
    MemoryRegion mr;
    MemoryRegion *io;
};

static unsigned serial_trigger_level(const SerialState *s)
{
    static const uint8_t itl[4] = { 1, 4, 8, 14 };
    return itl[s->fcr >> 6];
}

/* Nanoseconds to send one character at the programmed rate and format. */
static int64_t serial_char_ns(const SerialState *s)
{
    int bits = 1 + 5 + (s->lcr & 3) + !!(s->lcr & 0x08) + ((s->lcr & 0x04) ? 2 : 1);
    int64_t div = s->divider ? s->divider : 0x10000;

    return bits * div * NS_PER_SEC / 115200;
}

static void serial_update_irq(SerialState *s)
{
    uint8_t id = IIR_NO_INT;

    if ((s->ier & IER_RLSI) && (s->lsr & LSR_ERRORS))
        id = IIR_RLSI;
    else if ((s->ier & IER_RDI) && s->timeout_ipending)
        id = IIR_CTI;
    else if ((s->ier & IER_RDI) && (s->lsr & LSR_DR) &&
             (!(s->fcr & FCR_FE) || s->recv_count >= serial_trigger_level(s)))
        id = IIR_RDI;
    else if ((s->ier & IER_THRI) && s->thr_ipending)
        id = IIR_THRI;
    else if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS))
        id = IIR_MSI;
    s->iir = id | (s->iir & IIR_FE);
    if ((id != IIR_NO_INT) != s->irq_level) {
        s->irq_level = id != IIR_NO_INT;
        irq_set(s->irq, s->irq_level);
    }
}

/* The modem status inputs: external lines, or MCR's outputs in loopback. */
static void serial_update_msr(SerialState *s)
{
    uint8_t old = s->msr, lines;

    if (s->mcr & MCR_LOOP) {
        /* Loopback wiring (datasheet, MCR bit 4): RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD. */
        lines = (s->mcr & MCR_RTS ? MSR_CTS : 0) | (s->mcr & MCR_DTR ? MSR_DSR : 0) |
                (s->mcr & MCR_OUT1 ? MSR_RI : 0) | (s->mcr & MCR_OUT2 ? MSR_DCD : 0);
    } else {
        lines = MSR_EXTERNAL;
    }
    s->msr = lines | (old & MSR_DELTAS);
    if ((old ^ lines) & MSR_CTS)
        s->msr |= MSR_DCTS;
    if ((old ^ lines) & MSR_DSR)
        s->msr |= MSR_DDSR;
    if ((old & MSR_RI) && !(lines & MSR_RI))
        s->msr |= MSR_TERI;     /* trailing edge only */
    if ((old ^ lines) & MSR_DCD)
        s->msr |= MSR_DDCD;
}

static void serial_timeout_arm(SerialState *s)
{
    /* Character timeout: no FIFO activity for four character times. */
    timer_mod(&s->timeout_timer, clock_get_ns(VCLOCK_VIRTUAL) + 4 * serial_char_ns(s));
}

static void serial_timeout_cb(void *opaque)
{
    SerialState *s = opaque;

    if (s->recv_count && (s->fcr & FCR_FE)) {
        s->timeout_ipending = 1;
        serial_update_irq(s);
    }
}

static void serial_recv_clear(SerialState *s)
{
    s->recv_head = s->recv_count = 0;
    s->timeout_ipending = 0;
    timer_del(&s->timeout_timer);
    s->lsr &= ~(LSR_DR | LSR_BI);
}

/* One character arrives at the receiver. */
static void serial_receive1(SerialState *s, uint8_t ch)
{
    if (s->fcr & FCR_FE) {
        if (s->recv_count == FIFO_LEN) {
            s->lsr |= LSR_OE;   /* the shift register's character is lost */
        } else {
            s->recv_fifo[(s->recv_head + s->recv_count) % FIFO_LEN] = ch;
            s->recv_count++;
        }
        s->timeout_ipending = 0;
        serial_timeout_arm(s);
    } else {
        if (s->lsr & LSR_DR)
            s->lsr |= LSR_OE;
        s->rbr = ch;
    }
    s->lsr |= LSR_DR;
    serial_update_irq(s);
}

static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;
    unsigned itl;

    if (s->mcr & MCR_LOOP)
        return 0;       /* loopback disconnects the serial input */
    if (!(s->fcr & FCR_FE))
        return !(s->lsr & LSR_DR);
    /*
     * Offer only up to the trigger level, then one at a time, so the guest
     * gets its interrupt at the level it chose rather than at a full FIFO.
     */
    itl = serial_trigger_level(s);
    if (s->recv_count < itl)
        return itl - s->recv_count;
    return s->recv_count < FIFO_LEN;
}

static void serial_receive(void *opaque, const uint8_t *buf, int len)
{
    SerialState *s = opaque;

    for (int i = 0; i < len; i++)
        serial_receive1(s, buf[i]);
}

static void serial_event(void *opaque, ChrEvent event)
{
    SerialState *s = opaque;

    if (event == CHR_EVENT_BREAK) {
        /* A break is received as a zero character with BI set. */
        serial_receive1(s, 0);
        s->lsr |= LSR_BI;
        serial_update_irq(s);
    }
}

static void serial_accept_input(SerialState *s)
{
    if (s->chr)
        chr_accept_input(s->chr);
}

static void serial_write_thr(SerialState *s, uint8_t val)
{
    s->thr = val;
    s->thr_ipending = 0;
    s->lsr &= ~(LSR_THRE | LSR_TEMT);
    serial_update_irq(s);
    /* Transmit at once: the byte goes out (or round in loopback) and THR empties. */
    if (s->mcr & MCR_LOOP)
        serial_receive1(s, val);
    else if (s->chr)
        chr_write(s->chr, &val, 1);
    s->lsr |= LSR_THRE | LSR_TEMT;
    s->thr_ipending = 1;
    serial_update_irq(s);
}

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    /* Changing FIFO enable clears both FIFOs (datasheet, FCR bit 0). */
    if ((val ^ s->fcr) & FCR_FE)
        val |= FCR_RFR | FCR_XFR;
    if (val & FCR_RFR) {
        serial_recv_clear(s);
        s->rbr = 0;
    }
    if (val & FCR_XFR) {
        /* The transmit FIFO is always empty here: nothing to drop. */
        s->lsr |= LSR_THRE | LSR_TEMT;
    }
    s->fcr = val & 0xc9;    /* FE, DMA mode, trigger level; reset bits self-clear */
    if (s->fcr & FCR_FE)
        s->iir |= IIR_FE;
    else
        s->iir &= ~IIR_FE;
    serial_update_irq(s);
    serial_accept_input(s);
}

static void serial_write(void *opaque, uint64_t addr, uint64_t val64, unsigned size)
{
    SerialState *s = opaque;
    uint8_t val = val64, changed;
    bool was_loop;

    switch (addr & 7) {
    case 0:
        if (s->lcr & LCR_DLAB)
            s->divider = (s->divider & 0xff00) | val;
        else
            serial_write_thr(s, val);
        break;
    case 1:
        if (s->lcr & LCR_DLAB) {
            s->divider = (s->divider & 0x00ff) | val << 8;
            break;
        }
        changed = (s->ier ^ val) & 0x0f;
        s->ier = val & 0x0f;
        /*
         * Turning ETBEI on with THR empty raises THRE again even if an IIR
         * read had cleared it: not in the datasheet, but real parts do it and
         * Windows and Linux's THRE test rely on it (QEMU and Bochs agree).
         */
        if (changed & IER_THRI)
            s->thr_ipending = (s->ier & IER_THRI) && (s->lsr & LSR_THRE);
        serial_update_irq(s);
        break;
    case 2:
        serial_write_fcr(s, val);
        break;
    case 3:
        s->lcr = val;
        break;
    case 4:
        was_loop = s->mcr & MCR_LOOP;
        s->mcr = val & 0x1f;
        serial_update_msr(s);
        serial_update_irq(s);
        if (was_loop && !(s->mcr & MCR_LOOP))
            serial_accept_input(s);
        break;
    case 7:
        s->scr = val;
        break;
    default:
        /* LSR and MSR writes are for factory test only. */
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("serial: write 0x%02x to read-only register %d\n", val, (int)(addr & 7));
        break;
    }
}

static uint8_t serial_read_rbr(SerialState *s)
{
    uint8_t ret;

    if (s->fcr & FCR_FE) {
        ret = 0;
        if (s->recv_count) {
            ret = s->recv_fifo[s->recv_head];
            s->recv_head = (s->recv_head + 1) % FIFO_LEN;
            s->recv_count--;
        }
        s->timeout_ipending = 0;
        if (s->recv_count)
            serial_timeout_arm(s);
        else {
            timer_del(&s->timeout_timer);
            s->lsr &= ~(LSR_DR | LSR_BI);
        }
    } else {
        ret = s->rbr;
        s->lsr &= ~(LSR_DR | LSR_BI);
    }
    serial_update_irq(s);
    serial_accept_input(s);
    return ret;
}

static uint64_t serial_read(void *opaque, uint64_t addr, unsigned size)
{
    SerialState *s = opaque;
    uint8_t ret;

    switch (addr & 7) {
    case 0:
        if (s->lcr & LCR_DLAB)
            return s->divider & 0xff;
        return serial_read_rbr(s);
    case 1:
        if (s->lcr & LCR_DLAB)
            return s->divider >> 8;
        return s->ier;
    case 2:
        ret = s->iir;
        /* Reading IIR while it reports THRE clears that source. */
        if ((ret & 0x0f) == IIR_THRI) {
            s->thr_ipending = 0;
            serial_update_irq(s);
        }
        return ret;
    case 3:
        return s->lcr;
    case 4:
        return s->mcr;
    case 5:
        ret = s->lsr;
        /* Error bits clear on read; in FIFO mode they stay with the FIFO (not modeled). */
        if (s->lsr & LSR_ERRORS) {
            s->lsr &= ~LSR_ERRORS;
            serial_update_irq(s);
        }
        return ret;
    case 6:
        ret = s->msr;
        if (s->msr & MSR_DELTAS) {
            s->msr &= ~MSR_DELTAS;
            serial_update_irq(s);
        }
        return ret;
    default:
        return s->scr;
    }
}

static const MemoryRegionOps serial_ops = { serial_read, serial_write, 1, 1 };

void serial_reset(SerialState *s)
{
    timer_del(&s->timeout_timer);
    s->rbr = s->thr = 0;
    s->ier = 0;
    s->iir = IIR_NO_INT;
    s->lcr = 0;
    s->mcr = 0;
    s->lsr = LSR_TEMT | LSR_THRE;
    s->msr = MSR_EXTERNAL;
    s->scr = 0;
    s->fcr = 0;
    s->divider = 12;    /* 9600 baud, as QEMU (the 16550 leaves it undefined) */
    s->thr_ipending = 0;
    s->timeout_ipending = 0;
    s->recv_head = s->recv_count = 0;
    s->irq_level = 0;
    irq_set(s->irq, 0);
    serial_accept_input(s);
}

SerialState *serial_init(MemoryRegion *io, uint16_t base, IrqLine irq, Chardev *chr)
{
    SerialState *s = calloc(1, sizeof(*s));
    int ret;

    if (!s)
        abort();
    s->io = io;
    s->irq = irq;
    s->fe = (CharFrontend){ serial_can_receive, serial_receive, serial_event, s };
    timer_init(&s->timeout_timer, VCLOCK_VIRTUAL, serial_timeout_cb, s);
    serial_reset(s);
    if (chr) {
        ret = chr_attach(chr, &s->fe);
        if (ret < 0) {
            error_report("serial port at 0x%x: chardev already in use", base);
            free(s);
            return NULL;
        }
        s->chr = chr;
    }
    memory_region_init_io(&s->mr, "serial", &serial_ops, s, 8);
    memory_region_add_subregion(io, base, &s->mr);
    return s;
}

void serial_destroy(SerialState *s)
{
    timer_del(&s->timeout_timer);
    if (s->chr)
        chr_detach(s->chr, &s->fe);
    memory_region_del_subregion(s->io, &s->mr);
    free(s);
}

static int serial_post_load(void *opaque)
{
    SerialState *s = opaque;

    s->recv_head %= FIFO_LEN;
    if (s->recv_count > FIFO_LEN)
        s->recv_count = FIFO_LEN;
    s->fcr &= 0xc9;
    if (s->recv_count && (s->fcr & FCR_FE) && !s->timeout_ipending)
        serial_timeout_arm(s);
    else
        timer_del(&s->timeout_timer);
    s->irq_level = !s->irq_level;   /* resend the level */
    serial_update_irq(s);
    serial_accept_input(s);
    return 0;
}

static const VMStateField serial_fields[] = {
    VMSTATE(SerialState, VMS_U16, divider, 0),
    VMSTATE(SerialState, VMS_U8, rbr, 0),
    VMSTATE(SerialState, VMS_U8, thr, 0),
    VMSTATE(SerialState, VMS_U8, ier, 0),
    VMSTATE(SerialState, VMS_U8, iir, 0),
    VMSTATE(SerialState, VMS_U8, lcr, 0),
    VMSTATE(SerialState, VMS_U8, mcr, 0),
    VMSTATE(SerialState, VMS_U8, lsr, 0),
    VMSTATE(SerialState, VMS_U8, msr, 0),
    VMSTATE(SerialState, VMS_U8, scr, 0),
    VMSTATE(SerialState, VMS_U8, fcr, 0),
    VMSTATE(SerialState, VMS_U8, thr_ipending, 0),
    VMSTATE(SerialState, VMS_U8, timeout_ipending, 0),
    VMSTATE(SerialState, VMS_BYTES, recv_fifo, FIFO_LEN),
    VMSTATE(SerialState, VMS_U8, recv_head, 0),
    VMSTATE(SerialState, VMS_U8, recv_count, 0),
    VMSTATE(SerialState, VMS_U8, irq_level, 0),
    VMSTATE_END
};

const VMStateDesc vmstate_serial = {
    .name = "serial",
    .version = 1,
    .fields = serial_fields,
    .post_load = serial_post_load,
};
