/*
 * Intel 8254 PIT (see pit.h). Register model: 8254 datasheet (Intel 231164),
 * "Control Word Format", "Read-Back Command", "Modes 0-5".
 *
 * A channel counts d input clocks since it was (re)started: d = base_d plus
 * the clocks since load_ns while counting, frozen while GATE stops it. The
 * count and OUT are functions of d and the reload value; IRQ timers fire at
 * the next d where OUT changes.
 *
 * Simplifications, as in QEMU 7.2's i8254: the one-clock delay between a
 * count write and its load into the counting element is not modeled, and
 * writing a new count in modes 2 and 3 restarts the period at once instead of
 * at the end of the current one.
 */
#include "hw/pit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "system/clock.h"
#include "system/log.h"

enum {
    RW_LATCH = 0,
    RW_LSB = 1,
    RW_MSB = 2,
    RW_WORD0 = 3,           /* LSB then MSB: LSB next */
    RW_WORD1 = 4,           /* ... MSB next */
};

typedef struct PITChannel {
    uint32_t count;         /* reload value in clocks, 1..0x10000 */
    uint16_t latched_count;
    uint8_t count_latched;  /* RW_* bytes of latched_count still to read; 0 none */
    uint8_t status_latched;
    uint8_t status;
    uint8_t read_state, write_state;
    uint8_t write_latch;    /* LSB of a word being written */
    uint8_t rw_mode;        /* control word RW1:RW0 */
    uint8_t mode;           /* 0-5 */
    uint8_t bcd;
    uint8_t gate;
    uint8_t have_count;     /* a count was written since the control word */
    uint8_t started;        /* counting cycle began (modes 1/5: after a trigger) */
    uint8_t counting;       /* the clock advances d (GATE allows it) */
    uint8_t irq_level;      /* last level sent on irq */
    uint64_t base_d;        /* clocks counted before load_ns */
    int64_t load_ns;        /* VCLOCK_VIRTUAL time counting (re)started */
    int64_t next_edge_ns;   /* when the IRQ timer is due; -1 none */
    /* host side */
    IrqLine irq;
    Timer timer;
    PITState *pit;
} PITChannel;

struct PITState {
    PITChannel ch[3];
    MemoryRegion mr;
    MemoryRegion *io;
};

/* Clocks in ns nanoseconds, floored: exact without 128-bit arithmetic. */
static uint64_t pit_ns_to_clocks(int64_t ns)
{
    if (ns <= 0)
        return 0;
    return (uint64_t)(ns / NS_PER_SEC) * PIT_FREQ +
           (uint64_t)(ns % NS_PER_SEC) * PIT_FREQ / NS_PER_SEC;
}

/* The first ns at which pit_ns_to_clocks reaches clocks (ceiling). */
static int64_t pit_clocks_to_ns(uint64_t clocks)
{
    return (int64_t)(clocks / PIT_FREQ) * NS_PER_SEC +
           (int64_t)(((clocks % PIT_FREQ) * NS_PER_SEC + PIT_FREQ - 1) / PIT_FREQ);
}

static uint64_t pit_elapsed(const PITChannel *c, int64_t now)
{
    return c->base_d + (c->counting ? pit_ns_to_clocks(now - c->load_ns) : 0);
}

/* OUT as a function of time, per the mode descriptions of the datasheet. */
static int pit_out_at(const PITChannel *c, int64_t now)
{
    uint64_t d, n = c->count;

    if (!c->started)
        return c->mode != 0;    /* mode 0 starts low, the others high */
    if ((c->mode == 2 || c->mode == 3) && !c->gate)
        return 1;               /* GATE low forces OUT high in modes 2 and 3 */
    d = pit_elapsed(c, now);
    switch (c->mode) {
    case 0:                     /* interrupt on terminal count */
        return d >= n;
    case 1:                     /* one-shot: low from trigger to terminal count */
        return d >= n;
    case 2:                     /* rate generator: low for the clock at count 1 */
        return n < 2 || d % n != n - 1;
    case 3:                     /* square wave: high for ceil(N/2), low for floor(N/2) */
        return d % n < (n + 1) / 2;
    default:                    /* 4, 5: strobe, low for the clock at count 0 */
        return d != n;
    }
}

/* The counter's value now (binary, 0 meaning 0x10000). */
static uint32_t pit_counter_at(const PITChannel *c, int64_t now)
{
    uint64_t d, n = c->count;

    if (!c->started)
        return c->count & 0xffff;
    d = pit_elapsed(c, now);
    switch (c->mode) {
    case 2:
        return (n - d % n) & 0xffff;
    case 3:
        /* Decrements by 2 each clock, reloading at each half period. */
        return (n - (2 * d) % n) & 0xffff;
    default:
        /* Modes 0, 1, 4, 5 wrap through 0xffff after terminal count. */
        return (n - d) & 0xffff;
    }
}

static uint16_t pit_to_bcd(uint32_t v)
{
    v %= 10000;
    return (v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10;
}

static uint32_t pit_from_bcd(uint32_t v)
{
    return (v >> 12 & 15) * 1000 + (v >> 8 & 15) * 100 + (v >> 4 & 15) * 10 + (v & 15);
}

/* The d of OUT's next change after d, or UINT64_MAX for none. */
static uint64_t pit_next_edge(const PITChannel *c, uint64_t d)
{
    uint64_t n = c->count, r = d % n, base = d - r;

    switch (c->mode) {
    case 0:
    case 1:
        return d < n ? n : UINT64_MAX;
    case 2:
        if (n < 2)
            return UINT64_MAX;
        return r < n - 1 ? base + n - 1 : base + n;
    case 3:
        return r < (n + 1) / 2 ? base + (n + 1) / 2 : base + n;
    default:
        if (d < n)
            return n;
        return d == n ? n + 1 : UINT64_MAX;
    }
}

/* Send OUT at time now to the IRQ and arm the timer for the next edge. */
static void pit_irq_update(PITChannel *c, int64_t now)
{
    uint64_t next;
    int out;

    if (!c->irq.handler)
        return;
    out = pit_out_at(c, now);
    if (out != c->irq_level) {
        c->irq_level = out;
        irq_set(c->irq, out);
    }
    c->next_edge_ns = -1;
    if (c->started && c->counting) {
        next = pit_next_edge(c, pit_elapsed(c, now));
        if (next != UINT64_MAX)
            c->next_edge_ns = c->load_ns + pit_clocks_to_ns(next - c->base_d);
    }
    if (c->next_edge_ns >= 0)
        timer_mod(&c->timer, c->next_edge_ns);
    else
        timer_del(&c->timer);
}

static void pit_timer_cb(void *opaque)
{
    PITChannel *c = opaque;
    /* Use the edge's own time, not "now", so a late timer loses no edges. */
    pit_irq_update(c, c->next_edge_ns);
}

/* Begin a counting cycle from the reload value now. */
static void pit_restart(PITChannel *c, int64_t now)
{
    c->started = 1;
    c->base_d = 0;
    c->load_ns = now;
    c->counting = c->gate || c->mode == 1 || c->mode == 5;
}

static void pit_load_count(PITChannel *c, uint32_t val)
{
    int64_t now = clock_get_ns(VCLOCK_VIRTUAL);

    if (c->bcd)
        val = pit_from_bcd(val);
    /* A count of 0 is the maximum: 2^16 binary, 10^4 BCD. */
    c->count = val ? val : (c->bcd ? 10000 : 0x10000);
    c->have_count = 1;
    if (c->mode == 1 || c->mode == 5) {
        /* Hardware-triggered: wait for a GATE rising edge (unless already counting). */
        if (!c->started)
            c->counting = 0;
    } else {
        pit_restart(c, now);
    }
    pit_irq_update(c, now);
}

void pit_set_gate(PITState *s, int ch, int level)
{
    PITChannel *c = &s->ch[ch];
    int64_t now = clock_get_ns(VCLOCK_VIRTUAL);

    level = level != 0;
    if (level == c->gate)
        return;
    switch (c->mode) {
    case 0:
    case 4:
        /* GATE enables counting; low suspends it without changing OUT. */
        if (c->started) {
            if (!level) {
                c->base_d = pit_elapsed(c, now);
                c->counting = 0;
            } else {
                c->load_ns = now;
                c->counting = 1;
            }
        }
        c->gate = level;
        break;
    case 1:
    case 5:
        /* A rising edge (re)triggers the count. */
        c->gate = level;
        if (level && c->have_count)
            pit_restart(c, now);
        break;
    default:
        /* Modes 2 and 3: low stops and forces OUT high; rising reloads. */
        c->gate = level;
        if (!level) {
            c->base_d = pit_elapsed(c, now);
            c->counting = 0;
        } else if (c->have_count) {
            pit_restart(c, now);
        }
        break;
    }
    pit_irq_update(c, now);
}

int pit_get_gate(const PITState *s, int ch)
{
    return s->ch[ch].gate;
}

int pit_get_out(PITState *s, int ch)
{
    return pit_out_at(&s->ch[ch], clock_get_ns(VCLOCK_VIRTUAL));
}

static void pit_latch_count(PITChannel *c)
{
    uint32_t v;

    if (c->count_latched)
        return;     /* a second latch before the read is ignored */
    v = pit_counter_at(c, clock_get_ns(VCLOCK_VIRTUAL));
    c->latched_count = c->bcd ? pit_to_bcd(v ? v : 10000) : v;
    c->count_latched = c->rw_mode;
}

static void pit_latch_status(PITChannel *c)
{
    int64_t now = clock_get_ns(VCLOCK_VIRTUAL);
    /* NULL COUNT: the last count written has not reached the counting element. */
    int null = !c->started || pit_elapsed(c, now) == 0;

    if (c->status_latched)
        return;
    c->status = pit_out_at(c, now) << 7 | null << 6 | c->rw_mode << 4 | c->mode << 1 | c->bcd;
    c->status_latched = 1;
}

static void pit_write_control(PITState *s, uint8_t val)
{
    int ch = val >> 6, access = (val >> 4) & 3;
    PITChannel *c;

    if (ch == 3) {
        /* Read-back: bit 5 = 0 latches counts, bit 4 = 0 latches status. */
        for (int i = 0; i < 3; i++) {
            if (!(val & (2 << i)))
                continue;
            if (!(val & 0x20))
                pit_latch_count(&s->ch[i]);
            if (!(val & 0x10))
                pit_latch_status(&s->ch[i]);
        }
        return;
    }
    c = &s->ch[ch];
    if (access == RW_LATCH) {
        pit_latch_count(c);
        return;
    }
    c->rw_mode = access;
    c->read_state = c->write_state = access;
    c->mode = (val >> 1) & 7;
    if (c->mode > 5)
        c->mode -= 4;       /* 110 and 111 are modes 2 and 3 */
    c->bcd = val & 1;
    /*
     * "When a Control Word is written to a Counter, all Control Logic is
     * immediately reset and OUT goes to a known initial state": pending
     * latches are dropped and the channel waits for its count.
     */
    c->count_latched = 0;
    c->status_latched = 0;
    c->have_count = 0;
    c->started = 0;
    c->counting = 0;
    c->base_d = 0;
    pit_irq_update(c, clock_get_ns(VCLOCK_VIRTUAL));
}

static void pit_write(void *opaque, uint64_t addr, uint64_t val64, unsigned size)
{
    PITState *s = opaque;
    uint8_t val = val64;
    PITChannel *c;

    if (addr == 3) {
        pit_write_control(s, val);
        return;
    }
    c = &s->ch[addr];
    switch (c->write_state) {
    case RW_LSB:
        pit_load_count(c, val);
        break;
    case RW_MSB:
        pit_load_count(c, val << 8);
        break;
    case RW_WORD0:
        c->write_latch = val;
        c->write_state = RW_WORD1;
        break;
    case RW_WORD1:
        pit_load_count(c, c->write_latch | val << 8);
        c->write_state = RW_WORD0;
        break;
    default:
        /* No control word yet: the access mode is undefined. */
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("pit: count write to channel %d before a control word\n", (int)addr);
        break;
    }
}

static uint64_t pit_read(void *opaque, uint64_t addr, unsigned size)
{
    PITState *s = opaque;
    PITChannel *c;
    uint32_t v;
    uint8_t ret;

    if (addr == 3)
        return 0xff;    /* the control register is write-only */
    c = &s->ch[addr];
    if (c->status_latched) {
        c->status_latched = 0;
        return c->status;
    }
    if (c->count_latched) {
        switch (c->count_latched) {
        case RW_LSB:
            c->count_latched = 0;
            return c->latched_count & 0xff;
        case RW_MSB:
            c->count_latched = 0;
            return c->latched_count >> 8;
        case RW_WORD0:
            c->count_latched = RW_WORD1;
            return c->latched_count & 0xff;
        default:
            c->count_latched = 0;
            return c->latched_count >> 8;
        }
    }
    v = pit_counter_at(c, clock_get_ns(VCLOCK_VIRTUAL));
    if (c->bcd)
        v = pit_to_bcd(v ? v : 10000);
    switch (c->read_state) {
    case RW_LSB:
        ret = v & 0xff;
        break;
    case RW_MSB:
        ret = v >> 8;
        break;
    case RW_WORD0:
        ret = v & 0xff;
        c->read_state = RW_WORD1;
        break;
    case RW_WORD1:
        ret = v >> 8;
        c->read_state = RW_WORD0;
        break;
    default:
        ret = 0;
        break;
    }
    return ret;
}

static const MemoryRegionOps pit_ops = { pit_read, pit_write, 1, 1 };

void pit_reset(PITState *s)
{
    for (int i = 0; i < 3; i++) {
        PITChannel *c = &s->ch[i];

        timer_del(&c->timer);
        memset(c, 0, offsetof(PITChannel, irq));
        /*
         * As QEMU's i8254 does: every channel comes up counting in mode 3
         * with a count of 0 (2^16), so IRQ0 ticks at 18.2 Hz before the
         * BIOS programs it; channel 2's GATE (port 0x61 bit 0) is low.
         */
        c->mode = 3;
        c->rw_mode = c->read_state = c->write_state = RW_WORD0;
        c->count = 0x10000;
        c->gate = i != 2;
        c->have_count = 1;
        c->next_edge_ns = -1;
        irq_set(c->irq, 0);
        pit_restart(c, clock_get_ns(VCLOCK_VIRTUAL));
        pit_irq_update(c, clock_get_ns(VCLOCK_VIRTUAL));
    }
}

PITState *pit_init(MemoryRegion *io, uint16_t base, IrqLine irq0)
{
    PITState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->io = io;
    for (int i = 0; i < 3; i++) {
        s->ch[i].pit = s;
        timer_init(&s->ch[i].timer, VCLOCK_VIRTUAL, pit_timer_cb, &s->ch[i]);
    }
    s->ch[0].irq = irq0;
    pit_reset(s);
    memory_region_init_io(&s->mr, "pit", &pit_ops, s, 4);
    memory_region_add_subregion(io, base, &s->mr);
    return s;
}

void pit_destroy(PITState *s)
{
    for (int i = 0; i < 3; i++)
        timer_del(&s->ch[i].timer);
    memory_region_del_subregion(s->io, &s->mr);
    free(s);
}

static int pit_post_load(void *opaque)
{
    PITState *s = opaque;

    for (int i = 0; i < 3; i++) {
        PITChannel *c = &s->ch[i];

        if (c->mode > 5 || c->count == 0 || c->count > 0x10000)
            return -EINVAL;     /* not a state a guest can reach */
        /* Resend the level so the PIC agrees, then re-arm from now. */
        if (c->irq.handler)
            irq_set(c->irq, c->irq_level);
        pit_irq_update(c, clock_get_ns(VCLOCK_VIRTUAL));
    }
    return 0;
}

#define PIT_FIELD(f, type) \
    { #f, type, offsetof(PITState, ch[0].f), 3, sizeof(PITChannel) }

static const VMStateField pit_fields[] = {
    PIT_FIELD(count, VMS_U32),
    PIT_FIELD(latched_count, VMS_U16),
    PIT_FIELD(count_latched, VMS_U8),
    PIT_FIELD(status_latched, VMS_U8),
    PIT_FIELD(status, VMS_U8),
    PIT_FIELD(read_state, VMS_U8),
    PIT_FIELD(write_state, VMS_U8),
    PIT_FIELD(write_latch, VMS_U8),
    PIT_FIELD(rw_mode, VMS_U8),
    PIT_FIELD(mode, VMS_U8),
    PIT_FIELD(bcd, VMS_U8),
    PIT_FIELD(gate, VMS_U8),
    PIT_FIELD(have_count, VMS_U8),
    PIT_FIELD(started, VMS_U8),
    PIT_FIELD(counting, VMS_U8),
    PIT_FIELD(irq_level, VMS_U8),
    PIT_FIELD(base_d, VMS_U64),
    PIT_FIELD(load_ns, VMS_I64),
    VMSTATE_END
};

const VMStateDesc vmstate_pit = {
    .name = "i8254",
    .version = 1,
    .fields = pit_fields,
    .post_load = pit_post_load,
};
