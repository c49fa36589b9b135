/*
 * 8042 keyboard controller (see i8042.h). Commands and bits from the IBM
 * PS/2 Hardware Interface Technical Reference, "Keyboard/Auxiliary Device
 * Controller", as used by SeaBIOS's ps2port.c and Linux's i8042 driver.
 *
 * One output buffer (port 0x60) is shared by the controller's own replies,
 * the keyboard and the mouse. When it is empty it is refilled in that
 * order; a device is not drained while the command byte disables it, which
 * is how both drivers keep keystrokes out of their command replies.
 */
#include "hw/i8042.h"

#include <stdlib.h>
#include <string.h>

#include "system/log.h"

/* Status register (port 0x64 read) */
#define STAT_OBF        0x01    /* output buffer full */
#define STAT_IBF        0x02    /* input buffer full: never, writes complete at once */
#define STAT_SYS        0x04    /* system flag: self-test passed */
#define STAT_CMD        0x08    /* last write was to port 0x64 */
#define STAT_UNLOCKED   0x10    /* keyboard not inhibited by the key lock */
#define STAT_AUX_OBF    0x20    /* the output buffer holds mouse data */

/* Command byte (controller RAM byte 0) */
#define MODE_KBD_INT    0x01
#define MODE_AUX_INT    0x02
#define MODE_SYS        0x04
#define MODE_KBD_DIS    0x10
#define MODE_AUX_DIS    0x20
#define MODE_XLATE      0x40

/* Output port */
#define OUT_RESET       0x01    /* active low */
#define OUT_A20         0x02
#define OUT_OBF         0x10
#define OUT_AUX_OBF     0x20
#define OUT_ONES        0xcc    /* lines a PC leaves high, as QEMU reports */

enum { SRC_KBD, SRC_AUX };

#define CTRL_QUEUE 4

struct I8042State {
    uint8_t ram[32];        /* ram[0] is the command byte */
    uint8_t status;
    uint8_t outport;
    uint8_t write_cmd;      /* command whose data byte port 0x60 awaits; 0 none */
    uint8_t obdata;
    uint8_t translate_brk;  /* set-2 F0 prefix seen by the translator */
    uint8_t cq_data[CTRL_QUEUE], cq_src[CTRL_QUEUE];
    uint8_t cq_count;
    uint8_t irq_kbd_level, irq_aux_level;
    /* host side */
    PS2Kbd *kbd;
    PS2Mouse *mouse;
    IrqLine irq_kbd, irq_aux;
    I8042Board board;
    MemoryRegion mr_data, mr_cmd;
    MemoryRegion *io;
};

#define MODE(s) ((s)->ram[0])

static void i8042_update_irq(I8042State *s)
{
    int kbd = 0, aux = 0;

    if (s->status & STAT_OBF) {
        if (s->status & STAT_AUX_OBF)
            aux = (MODE(s) & MODE_AUX_INT) != 0;
        else
            kbd = (MODE(s) & MODE_KBD_INT) != 0;
    }
    if (kbd != s->irq_kbd_level) {
        s->irq_kbd_level = kbd;
        irq_set(s->irq_kbd, kbd);
    }
    if (aux != s->irq_aux_level) {
        s->irq_aux_level = aux;
        irq_set(s->irq_aux, aux);
    }
}

static void i8042_fill(I8042State *s, uint8_t byte, int src)
{
    s->obdata = byte;
    s->status |= STAT_OBF;
    if (src == SRC_AUX)
        s->status |= STAT_AUX_OBF;
    else
        s->status &= ~STAT_AUX_OBF;
}

/* Refill an empty output buffer: controller replies, then keyboard, then mouse. */
static void i8042_refill(I8042State *s)
{
    int b;

    if (!(s->status & STAT_OBF)) {
        if (s->cq_count) {
            i8042_fill(s, s->cq_data[0], s->cq_src[0]);
            s->cq_count--;
            memmove(s->cq_data, s->cq_data + 1, s->cq_count);
            memmove(s->cq_src, s->cq_src + 1, s->cq_count);
        } else if (!(MODE(s) & MODE_KBD_DIS) && ps2_kbd_pending(s->kbd)) {
            while ((b = ps2_kbd_read(s->kbd)) >= 0) {
                if (MODE(s) & MODE_XLATE)
                    b = ps2_translate_byte(&s->translate_brk, b);
                if (b >= 0) {
                    i8042_fill(s, b, SRC_KBD);
                    break;
                }
            }
        } else if (!(MODE(s) & MODE_AUX_DIS) && ps2_mouse_pending(s->mouse)) {
            i8042_fill(s, ps2_mouse_read(s->mouse), SRC_AUX);
        }
    }
    i8042_update_irq(s);
}

/* A byte the controller itself places in the output buffer. */
static void i8042_queue(I8042State *s, uint8_t byte, int src)
{
    if (s->cq_count < CTRL_QUEUE) {
        s->cq_data[s->cq_count] = byte;
        s->cq_src[s->cq_count] = src;
        s->cq_count++;
    }
    i8042_refill(s);
}

static void i8042_notify(void *opaque)
{
    i8042_refill(opaque);
}

static void i8042_set_outport(I8042State *s, uint8_t val)
{
    uint8_t old = s->outport;

    s->outport = val;
    if (((old ^ val) & OUT_A20) && s->board.set_a20)
        s->board.set_a20(s->board.opaque, (val & OUT_A20) != 0);
    if (!(val & OUT_RESET) && s->board.reset)
        s->board.reset(s->board.opaque);
}

static void i8042_pulse_reset(I8042State *s)
{
    if (s->board.reset)
        s->board.reset(s->board.opaque);
}

static void i8042_write_command(I8042State *s, uint8_t val)
{
    if (val >= 0x20 && val <= 0x3f) {           /* read controller RAM */
        i8042_queue(s, s->ram[val & 0x1f], SRC_KBD);
        return;
    }
    if (val >= 0x60 && val <= 0x7f) {           /* write controller RAM: next data byte */
        s->write_cmd = val;
        return;
    }
    if (val >= 0xf0) {
        /* Pulse output port bits 0-3 where val has zeros; only bit 0 (reset) matters. */
        if (!(val & 1))
            i8042_pulse_reset(s);
        return;
    }
    switch (val) {
    case 0xa4:          /* password installed? no */
        i8042_queue(s, 0xf1, SRC_KBD);
        break;
    case 0xa7:          /* disable mouse port */
        MODE(s) |= MODE_AUX_DIS;
        break;
    case 0xa8:          /* enable mouse port */
        MODE(s) &= ~MODE_AUX_DIS;
        i8042_refill(s);
        break;
    case 0xa9:          /* mouse interface test: 00 = no error */
    case 0xab:          /* keyboard interface test */
        i8042_queue(s, 0x00, SRC_KBD);
        break;
    case 0xaa:          /* controller self-test: 55 = passed */
        s->status |= STAT_SYS;
        s->outport |= OUT_RESET;
        i8042_queue(s, 0x55, SRC_KBD);
        break;
    case 0xad:          /* disable keyboard */
        MODE(s) |= MODE_KBD_DIS;
        break;
    case 0xae:          /* enable keyboard */
        MODE(s) &= ~MODE_KBD_DIS;
        i8042_refill(s);
        break;
    case 0xc0:          /* read input port: bit 7 = keyboard not inhibited */
        i8042_queue(s, 0x80, SRC_KBD);
        break;
    case 0xd0: {        /* read output port, with the buffer-full lines */
        uint8_t v = s->outport & ~(OUT_OBF | OUT_AUX_OBF);

        if (s->status & STAT_OBF)
            v |= (s->status & STAT_AUX_OBF) ? OUT_AUX_OBF : OUT_OBF;
        i8042_queue(s, v, SRC_KBD);
        break;
    }
    case 0xd1:          /* write output port */
    case 0xd2:          /* write keyboard output buffer */
    case 0xd3:          /* write mouse output buffer (Linux's AUX loopback test) */
    case 0xd4:          /* write to mouse */
        s->write_cmd = val;
        break;
    case 0xdd:          /* A20 off */
        i8042_set_outport(s, s->outport & ~OUT_A20);
        break;
    case 0xdf:          /* A20 on */
        i8042_set_outport(s, s->outport | OUT_A20);
        break;
    case 0xe0:          /* read test inputs */
        i8042_queue(s, 0x00, SRC_KBD);
        break;
    default:
        if (log_enabled(LOG_UNIMP))
            log_printf("i8042: unsupported command 0x%02x\n", val);
        break;
    }
}

static void i8042_write_data(I8042State *s, uint8_t val)
{
    uint8_t cmd = s->write_cmd;

    s->write_cmd = 0;
    if (cmd >= 0x60 && cmd <= 0x7f) {
        s->ram[cmd & 0x1f] = val;
        if (cmd == 0x60) {
            /* The system flag follows command byte bit 2. */
            if (val & MODE_SYS)
                s->status |= STAT_SYS;
            else
                s->status &= ~STAT_SYS;
        }
        i8042_refill(s);
        return;
    }
    switch (cmd) {
    case 0xd1:
        i8042_set_outport(s, val);
        break;
    case 0xd2:
        i8042_queue(s, val, SRC_KBD);
        break;
    case 0xd3:
        i8042_queue(s, val, SRC_AUX);
        break;
    case 0xd4:
        ps2_mouse_write(s->mouse, val);
        break;
    default:
        /* To the keyboard; sending it data re-enables its port, as on QEMU. */
        ps2_kbd_write(s->kbd, val);
        MODE(s) &= ~MODE_KBD_DIS;
        i8042_refill(s);
        break;
    }
}

static uint64_t i8042_data_read(void *opaque, uint64_t addr, unsigned size)
{
    I8042State *s = opaque;
    uint8_t val = s->obdata;

    /* An empty buffer reads its last byte again. */
    s->status &= ~(STAT_OBF | STAT_AUX_OBF);
    /* The read drops the IRQ line before the next byte raises it again: IRQ 1 and 12
     * are edge-triggered at the IO-APIC, and a line that just stayed high would
     * deliver only the first byte of a reply (QEMU's ps2_read_data does the same). */
    i8042_update_irq(s);
    i8042_refill(s);
    return val;
}

static void i8042_data_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    I8042State *s = opaque;

    s->status &= ~STAT_CMD;
    i8042_write_data(s, val);
}

static uint64_t i8042_status_read(void *opaque, uint64_t addr, unsigned size)
{
    I8042State *s = opaque;
    return s->status;
}

static void i8042_cmd_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    I8042State *s = opaque;

    s->status |= STAT_CMD;
    i8042_write_command(s, val);
}

static const MemoryRegionOps i8042_data_ops = { i8042_data_read, i8042_data_write, 1, 1 };
static const MemoryRegionOps i8042_cmd_ops = { i8042_status_read, i8042_cmd_write, 1, 1 };

void i8042_reset(I8042State *s)
{
    memset(s->ram, 0, sizeof(s->ram));
    /* As QEMU at reset: both interrupts on, translation off until the BIOS sets it. */
    MODE(s) = MODE_KBD_INT | MODE_AUX_INT;
    s->status = STAT_CMD | STAT_UNLOCKED;
    s->outport = OUT_RESET | OUT_A20 | OUT_ONES;
    s->write_cmd = 0;
    s->obdata = 0;
    s->translate_brk = 0;
    s->cq_count = 0;
    ps2_kbd_reset(s->kbd);
    ps2_mouse_reset(s->mouse);
    i8042_update_irq(s);
}

PS2Kbd *i8042_keyboard(I8042State *s)
{
    return s->kbd;
}

PS2Mouse *i8042_mouse(I8042State *s)
{
    return s->mouse;
}

I8042State *i8042_init(MemoryRegion *io, IrqLine irq_kbd, IrqLine irq_mouse,
                       const I8042Board *board)
{
    I8042State *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->io = io;
    s->irq_kbd = irq_kbd;
    s->irq_aux = irq_mouse;
    if (board)
        s->board = *board;
    s->kbd = ps2_kbd_new(i8042_notify, s);
    s->mouse = ps2_mouse_new(i8042_notify, s);
    i8042_reset(s);
    memory_region_init_io(&s->mr_data, "i8042-data", &i8042_data_ops, s, 1);
    memory_region_init_io(&s->mr_cmd, "i8042-cmd", &i8042_cmd_ops, s, 1);
    memory_region_add_subregion(io, 0x60, &s->mr_data);
    memory_region_add_subregion(io, 0x64, &s->mr_cmd);
    return s;
}

void i8042_destroy(I8042State *s)
{
    memory_region_del_subregion(s->io, &s->mr_data);
    memory_region_del_subregion(s->io, &s->mr_cmd);
    ps2_kbd_free(s->kbd);
    ps2_mouse_free(s->mouse);
    free(s);
}

static int i8042_post_load(void *opaque)
{
    I8042State *s = opaque;

    if (s->cq_count > CTRL_QUEUE)
        s->cq_count = CTRL_QUEUE;
    s->irq_kbd_level = !s->irq_kbd_level;   /* resend both levels */
    s->irq_aux_level = !s->irq_aux_level;
    i8042_refill(s);
    return 0;
}

static const VMStateField i8042_fields[] = {
    VMSTATE(I8042State, VMS_BYTES, ram, 32),
    VMSTATE(I8042State, VMS_U8, status, 0),
    VMSTATE(I8042State, VMS_U8, outport, 0),
    VMSTATE(I8042State, VMS_U8, write_cmd, 0),
    VMSTATE(I8042State, VMS_U8, obdata, 0),
    VMSTATE(I8042State, VMS_U8, translate_brk, 0),
    VMSTATE(I8042State, VMS_BYTES, cq_data, CTRL_QUEUE),
    VMSTATE(I8042State, VMS_BYTES, cq_src, CTRL_QUEUE),
    VMSTATE(I8042State, VMS_U8, cq_count, 0),
    VMSTATE(I8042State, VMS_U8, irq_kbd_level, 0),
    VMSTATE(I8042State, VMS_U8, irq_aux_level, 0),
    VMSTATE_END
};

const VMStateDesc vmstate_i8042 = {
    .name = "pckbd",
    .version = 1,
    .fields = i8042_fields,
    .post_load = i8042_post_load,
};
