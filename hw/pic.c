/*
 * Intel 8259A PIC pair (see pic.h). Register model from the 8259A datasheet
 * (Intel 231468): ICW1-ICW4 initialisation, OCW1 (mask), OCW2 (EOI and
 * rotation), OCW3 (read register, poll, special mask); PIIX3 ELCR from the
 * PIIX3 datasheet (Intel 290550, section 2.3.3 "ELCR1/ELCR2").
 *
 * Priorities: priority_add is the line with the highest priority (0 after
 * init, moved by rotation). "Priority" below is a line's rank counted from
 * there, 0 best, 8 meaning none.
 */
#include "hw/pic.h"

#include <stdlib.h>
#include <string.h>

#include "system/log.h"

typedef struct PIC8259 {
    uint8_t last_irr;       /* input levels as last seen, for edge detection */
    uint8_t irr, imr, isr;
    uint8_t priority_add;
    uint8_t irq_base;       /* ICW2 & 0xf8 */
    uint8_t read_reg_select;/* OCW3 RR/RIS: 0 IRR, 1 ISR */
    uint8_t poll;           /* OCW3 P: the next read is a poll */
    uint8_t special_mask;   /* OCW3 SMM */
    uint8_t init_state;     /* 0 ready; 1-3 expect ICW2..ICW4 */
    uint8_t auto_eoi;       /* ICW4 AEOI */
    uint8_t rotate_on_auto_eoi;
    uint8_t special_fully_nested_mode;  /* ICW4 SFNM */
    uint8_t init4;          /* ICW1 IC4: ICW4 follows */
    uint8_t single_mode;    /* ICW1 SNGL: no ICW3 */
    uint8_t elcr;           /* 1 = level-triggered (PIIX3 ELCR) */
    uint8_t elcr_mask;      /* which lines may be level-triggered */
    uint8_t output;         /* the INT pin */
} PIC8259;

struct PICState {
    PIC8259 chip[2];        /* master, slave */
    IrqLine intr;
    MemoryRegion mr_master, mr_slave, mr_elcr;
    MemoryRegion *io;
};

/* Rank of the best line set in mask, counting from priority_add; 8 if none. */
static int pic_get_priority(const PIC8259 *c, uint8_t mask)
{
    int priority = 0;

    if (mask == 0)
        return 8;
    while ((mask & (1 << ((priority + c->priority_add) & 7))) == 0)
        priority++;
    return priority;
}

/* The line the chip would interrupt for now, or -1. */
static int pic_get_irq(const PIC8259 *c, bool is_master)
{
    int priority, cur_priority;
    uint8_t mask;

    priority = pic_get_priority(c, c->irr & ~c->imr);
    if (priority == 8)
        return -1;
    /*
     * The in-service lines block equal and lower priorities. In special
     * mask mode a masked in-service line does not (datasheet, "Special
     * Mask Mode"); in special fully nested mode the master lets a slave
     * interrupt through while IRQ2 is in service (datasheet, "Special
     * Fully Nested Mode").
     */
    mask = c->isr;
    if (c->special_mask)
        mask &= ~c->imr;
    if (c->special_fully_nested_mode && is_master)
        mask &= ~(1 << 2);
    cur_priority = pic_get_priority(c, mask);
    if (priority < cur_priority)
        return (priority + c->priority_add) & 7;
    return -1;
}

/* Recompute both INT pins: the slave's feeds master IRQ2, the master's INTR. */
static void pic_update(PICState *s)
{
    PIC8259 *m = &s->chip[0], *sl = &s->chip[1];
    int out;

    sl->output = pic_get_irq(sl, false) >= 0;
    /* IRQ2 is edge-triggered at the master: ELCR bit 2 is reserved. */
    if (sl->output) {
        if (!(m->last_irr & 4))
            m->irr |= 4;
        m->last_irr |= 4;
    } else {
        m->last_irr &= ~4;
    }
    out = pic_get_irq(m, true) >= 0;
    m->output = out;
    irq_set(s->intr, out);
}

static void pic_set_irq(void *opaque, int n, int level)
{
    PICState *s = opaque;
    PIC8259 *c = &s->chip[n >> 3];
    uint8_t mask = 1 << (n & 7);

    if (n == 2)     /* the cascade input is the slave's, not the bus's */
        return;
    if (c->elcr & mask) {
        /* Level-triggered: IRR follows the line. */
        if (level) {
            c->irr |= mask;
            c->last_irr |= mask;
        } else {
            c->irr &= ~mask;
            c->last_irr &= ~mask;
        }
    } else if (level) {
        /* Edge-triggered: latch the rising edge until acknowledged. */
        if (!(c->last_irr & mask))
            c->irr |= mask;
        c->last_irr |= mask;
    } else {
        c->last_irr &= ~mask;
    }
    pic_update(s);
}

IrqLine pic_irq(PICState *s, int n)
{
    return irq_line(pic_set_irq, s, n & 15);
}

int pic_get_output(const PICState *s)
{
    return s->chip[0].output;
}

/* The chip's part of an INTA cycle (or a poll) for line irq. */
static void pic_intack(PIC8259 *c, int irq)
{
    if (c->auto_eoi) {
        if (c->rotate_on_auto_eoi)
            c->priority_add = (irq + 1) & 7;
    } else {
        c->isr |= 1 << irq;
    }
    /* An edge request is consumed; a level one stays while the line is high. */
    if (!(c->elcr & (1 << irq)))
        c->irr &= ~(1 << irq);
}

int pic_read_irq(PICState *s)
{
    PIC8259 *m = &s->chip[0], *sl = &s->chip[1];
    int irq, irq2, vector;

    irq = pic_get_irq(m, true);
    if (irq >= 0) {
        pic_intack(m, irq);
        if (irq == 2) {
            irq2 = pic_get_irq(sl, false);
            if (irq2 >= 0) {
                pic_intack(sl, irq2);
            } else {
                irq2 = 7;   /* the slave's request went away: spurious IRQ15 */
            }
            vector = sl->irq_base + irq2;
        } else {
            vector = m->irq_base + irq;
        }
    } else {
        vector = m->irq_base + 7;   /* spurious IRQ7 */
    }
    pic_update(s);
    return vector;
}

static void pic_chip_reset(PIC8259 *c)
{
    uint8_t elcr = c->elcr, elcr_mask = c->elcr_mask;

    memset(c, 0, sizeof(*c));
    c->elcr = elcr;
    c->elcr_mask = elcr_mask;
}

void pic_reset(PICState *s)
{
    for (int i = 0; i < 2; i++) {
        pic_chip_reset(&s->chip[i]);
        s->chip[i].elcr = 0;
    }
    pic_update(s);
}

/* OCW2 (datasheet, "Operation Command Word 2"): EOI and rotation commands. */
static void pic_write_ocw2(PIC8259 *c, uint8_t val)
{
    int cmd = val >> 5, priority, irq;

    switch (cmd) {
    case 0:         /* rotate in AEOI mode: clear */
    case 4:         /* rotate in AEOI mode: set */
        c->rotate_on_auto_eoi = cmd >> 2;
        break;
    case 1:         /* non-specific EOI */
    case 5:         /* rotate on non-specific EOI */
        priority = pic_get_priority(c, c->isr);
        if (priority != 8) {
            irq = (priority + c->priority_add) & 7;
            c->isr &= ~(1 << irq);
            if (cmd == 5)
                c->priority_add = (irq + 1) & 7;
        }
        break;
    case 3:         /* specific EOI */
        c->isr &= ~(1 << (val & 7));
        break;
    case 6:         /* set priority: line val&7 becomes the lowest */
        c->priority_add = (val + 1) & 7;
        break;
    case 7:         /* rotate on specific EOI */
        irq = val & 7;
        c->isr &= ~(1 << irq);
        c->priority_add = (irq + 1) & 7;
        break;
    default:        /* 2: no operation */
        break;
    }
}

static void pic_chip_write(PICState *s, PIC8259 *c, uint64_t addr, uint8_t val)
{
    if (addr == 0) {
        if (val & 0x10) {
            /*
             * ICW1: "the Interrupt Mask Register is cleared, IR7 input is
             * assigned priority 7, the slave mode address is set to 7,
             * special mask mode is cleared and status read is set to IRR".
             */
            pic_chip_reset(c);
            c->init_state = 1;
            c->init4 = val & 1;
            c->single_mode = (val >> 1) & 1;
            if ((val & 0x08) && log_enabled(LOG_UNIMP))
                log_printf("pic: ICW1 LTIM (level mode) ignored; the PIIX3 uses the ELCR\n");
        } else if (val & 0x08) {
            /* OCW3 */
            if (val & 0x04)
                c->poll = 1;
            if (val & 0x02)
                c->read_reg_select = val & 1;
            if (val & 0x40)
                c->special_mask = (val >> 5) & 1;
        } else {
            pic_write_ocw2(c, val);
        }
    } else {
        switch (c->init_state) {
        case 0:     /* OCW1 */
            c->imr = val;
            break;
        case 1:     /* ICW2: the vector base; bits 2-0 are the line */
            c->irq_base = val & 0xf8;
            c->init_state = c->single_mode ? (c->init4 ? 3 : 0) : 2;
            break;
        case 2:     /* ICW3: cascade wiring, fixed on a PC */
            c->init_state = c->init4 ? 3 : 0;
            break;
        case 3:     /* ICW4 */
            c->special_fully_nested_mode = (val >> 4) & 1;
            c->auto_eoi = (val >> 1) & 1;
            if (!(val & 1) && log_enabled(LOG_GUEST_ERROR))
                log_printf("pic: ICW4 without uPM (8080 mode) is not supported\n");
            c->init_state = 0;
            break;
        }
    }
    pic_update(s);
}

/* A poll read (OCW3 P): acknowledge like INTA and return 0x80 | line. */
static uint8_t pic_poll_read(PICState *s, PIC8259 *c, bool is_master)
{
    int irq = pic_get_irq(c, is_master);
    uint8_t ret = 0;

    if (irq >= 0) {
        pic_intack(c, irq);
        ret = 0x80 | irq;
    }
    c->poll = 0;
    pic_update(s);
    return ret;
}

static uint8_t pic_chip_read(PICState *s, PIC8259 *c, uint64_t addr, bool is_master)
{
    if (c->poll)
        return pic_poll_read(s, c, is_master);
    if (addr == 0)
        return c->read_reg_select ? c->isr : c->irr;
    return c->imr;
}

static uint64_t pic_master_read(void *opaque, uint64_t addr, unsigned size)
{
    PICState *s = opaque;
    return pic_chip_read(s, &s->chip[0], addr, true);
}

static void pic_master_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PICState *s = opaque;
    pic_chip_write(s, &s->chip[0], addr, val);
}

static uint64_t pic_slave_read(void *opaque, uint64_t addr, unsigned size)
{
    PICState *s = opaque;
    return pic_chip_read(s, &s->chip[1], addr, false);
}

static void pic_slave_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PICState *s = opaque;
    pic_chip_write(s, &s->chip[1], addr, val);
}

static uint64_t pic_elcr_read(void *opaque, uint64_t addr, unsigned size)
{
    PICState *s = opaque;
    return s->chip[addr & 1].elcr;
}

static void pic_elcr_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PICState *s = opaque;
    PIC8259 *c = &s->chip[addr & 1];

    if ((val & ~c->elcr_mask & 0xff) && log_enabled(LOG_GUEST_ERROR))
        log_printf("pic: ELCR%d write 0x%02x sets reserved bits\n", (int)(addr & 1) + 1,
                   (unsigned)(val & 0xff));
    c->elcr = val & c->elcr_mask;
    pic_update(s);
}

static const MemoryRegionOps pic_master_ops = { pic_master_read, pic_master_write, 1, 1 };
static const MemoryRegionOps pic_slave_ops = { pic_slave_read, pic_slave_write, 1, 1 };
static const MemoryRegionOps pic_elcr_ops = { pic_elcr_read, pic_elcr_write, 1, 1 };

PICState *pic_init(MemoryRegion *io, IrqLine intr)
{
    PICState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->intr = intr;
    s->io = io;
    /* PIIX3 ELCR1 bits 0-2 and ELCR2 bits 0 and 5 are reserved (IRQ 0, 1, 2, 8, 13). */
    s->chip[0].elcr_mask = 0xf8;
    s->chip[1].elcr_mask = 0xde;
    pic_reset(s);
    memory_region_init_io(&s->mr_master, "pic-master", &pic_master_ops, s, 2);
    memory_region_init_io(&s->mr_slave, "pic-slave", &pic_slave_ops, s, 2);
    memory_region_init_io(&s->mr_elcr, "elcr", &pic_elcr_ops, s, 2);
    memory_region_add_subregion(io, 0x20, &s->mr_master);
    memory_region_add_subregion(io, 0xa0, &s->mr_slave);
    memory_region_add_subregion(io, 0x4d0, &s->mr_elcr);
    return s;
}

void pic_destroy(PICState *s)
{
    memory_region_del_subregion(s->io, &s->mr_master);
    memory_region_del_subregion(s->io, &s->mr_slave);
    memory_region_del_subregion(s->io, &s->mr_elcr);
    free(s);
}

static int pic_post_load(void *opaque)
{
    PICState *s = opaque;

    for (int i = 0; i < 2; i++)
        s->chip[i].elcr &= s->chip[i].elcr_mask;
    pic_update(s);
    return 0;
}

#define PIC_FIELD(f) \
    { #f, VMS_U8, offsetof(PICState, chip[0].f), 2, sizeof(PIC8259) }

static const VMStateField pic_fields[] = {
    PIC_FIELD(last_irr),
    PIC_FIELD(irr),
    PIC_FIELD(imr),
    PIC_FIELD(isr),
    PIC_FIELD(priority_add),
    PIC_FIELD(irq_base),
    PIC_FIELD(read_reg_select),
    PIC_FIELD(poll),
    PIC_FIELD(special_mask),
    PIC_FIELD(init_state),
    PIC_FIELD(auto_eoi),
    PIC_FIELD(rotate_on_auto_eoi),
    PIC_FIELD(special_fully_nested_mode),
    PIC_FIELD(init4),
    PIC_FIELD(single_mode),
    PIC_FIELD(elcr),
    VMSTATE_END
};

const VMStateDesc vmstate_pic = {
    .name = "i8259",
    .version = 1,
    .fields = pic_fields,
    .post_load = pic_post_load,
};
