/*
 * HPET (see hpet.h). Register model: IA-PC HPET specification 1.0a,
 * 2.3 "Register Descriptions": General Capabilities and ID (0x000),
 * General Configuration (0x010), General Interrupt Status (0x020), Main
 * Counter (0x0f0), and per timer N at 0x100 + 0x20 * N: Configuration and
 * Capability (+0x00), Comparator (+0x08), FSB Interrupt Route (+0x10).
 * Accesses are 32 bits (wider ones are split by the memory core), as QEMU
 * 7.2 declares them.
 *
 * Behaviour follows QEMU 7.2's hw/timer/hpet.c: the counter is
 * (virtual ns + offset) / 10 while enabled and frozen while halted; enabling
 * arms every timer whose comparator is not all ones; a comparator already
 * behind the counter fires on the next tick; a periodic timer's comparator
 * write sets the period, and also the comparator while Tn_VAL_SET_CNF is
 * set; a 32-bit one-shot timer also interrupts when the counter wraps.
 * One deliberate difference: a periodic comparator advances once the
 * counter reaches it (the spec's match), where QEMU waits for the counter to
 * pass it, which fires twice when its timer runs exactly on time.
 */
#include "hw/hpet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "system/clock.h"
#include "system/log.h"

/* General registers */
enum {
    HPET_ID = 0x000,
    HPET_PERIOD = 0x004,
    HPET_CFG = 0x010,
    HPET_STATUS = 0x020,
    HPET_COUNTER = 0x0f0,
    HPET_TIMER_BASE = 0x100,
    HPET_TIMER_STRIDE = 0x20,
};

/* Per-timer register offsets */
enum {
    TN_CFG = 0x00,
    TN_CMP = 0x08,
    TN_FSB = 0x10,
};

#define HPET_CFG_ENABLE         0x001u
#define HPET_CFG_LEGACY         0x002u
#define HPET_CFG_WRITE_MASK     0x003u

#define TN_TYPE_LEVEL           0x002u
#define TN_ENABLE               0x004u
#define TN_PERIODIC             0x008u
#define TN_PERIODIC_CAP         0x010u
#define TN_SIZE_CAP             0x020u
#define TN_SETVAL               0x040u
#define TN_32BIT                0x100u
#define TN_INT_ROUTE_MASK       0x3e00u
#define TN_INT_ROUTE_SHIFT      9
#define TN_FSB_ENABLE           0x4000u
/* QEMU's HPET_TN_CFG_WRITE_MASK less FSB enable: FSB delivery is not offered. */
#define TN_CFG_WRITE_MASK       0x3f4eu

/*
 * General Capabilities (QEMU's value): revision 1, 3 timers (NUM_TIM_CAP
 * 2), 64-bit counter, LegacyReplacement capable, vendor 8086; period in fs.
 */
#define HPET_CAP_LOW    (0x8086a001u | (HPET_NUM_TIMERS - 1) << 8)
#define HPET_CAP_PERIOD (HPET_CLK_PERIOD_NS * 1000000u)

#define RTC_ISA_IRQ 8

typedef struct HPETTimer {
    uint64_t config;            /* low half: configuration; high: route capability */
    uint64_t cmp;
    uint64_t fsb;
    uint64_t period;            /* periodic mode: the last value written to cmp */
    uint8_t wrap_flag;          /* 32-bit one-shot: the next event is the wrap */
    int64_t expire_ns;          /* VCLOCK_VIRTUAL time the timer is armed for; -1 none */
    /* host side */
    Timer timer;
    struct HPETState *hpet;
    int tn;
} HPETTimer;

struct HPETState {
    uint64_t config;
    uint64_t isr;
    uint64_t counter;           /* the counter while halted */
    int64_t offset;             /* counter * 10 - virtual ns, while running */
    uint8_t pit_level, rtc_level;   /* the legacy inputs */
    HPETTimer t[HPET_NUM_TIMERS];
    /* host side */
    IrqLine irqs[HPET_NUM_IRQ_ROUTES];
    IrqLine pit_enable;
    MemoryRegion mr;
    MemoryRegion *mem;
};

static bool hpet_enabled(const HPETState *s) { return s->config & HPET_CFG_ENABLE; }
static bool hpet_legacy(const HPETState *s) { return s->config & HPET_CFG_LEGACY; }
static bool timer_periodic(const HPETTimer *t) { return t->config & TN_PERIODIC; }
static bool timer_32bit(const HPETTimer *t) { return t->config & TN_32BIT; }

static uint64_t hpet_ns_to_ticks(int64_t ns) { return (uint64_t)ns / HPET_CLK_PERIOD_NS; }
static int64_t hpet_ticks_to_ns(uint64_t ticks) { return (int64_t)(ticks * HPET_CLK_PERIOD_NS); }

static uint64_t hpet_ticks(const HPETState *s)
{
    return hpet_ns_to_ticks(clock_get_ns(VCLOCK_VIRTUAL) + s->offset);
}

uint64_t hpet_get_counter(HPETState *s)
{
    return hpet_enabled(s) ? hpet_ticks(s) : s->counter;
}

/* Ticks until the comparator matches; at least 1 (a passed comparator fires at once). */
static uint64_t hpet_diff(const HPETTimer *t, uint64_t cur)
{
    if (timer_32bit(t)) {
        uint32_t d = (uint32_t)t->cmp - (uint32_t)cur;

        return (int32_t)d > 0 ? d : 1;
    }
    uint64_t d = t->cmp - cur;

    return (int64_t)d > 0 ? d : 1;
}

static int hpet_route(const HPETTimer *t)
{
    /* LegacyReplacement (spec 2.3.7): timer 0 -> IRQ0 / pin 2, timer 1 -> IRQ8. */
    if (t->tn <= 1 && hpet_legacy(t->hpet))
        return t->tn == 0 ? 0 : RTC_ISA_IRQ;
    return (int)((t->config & TN_INT_ROUTE_MASK) >> TN_INT_ROUTE_SHIFT);
}

/* Raise (set) or withdraw a timer's interrupt, as QEMU's update_irq. */
static void hpet_update_irq(HPETTimer *t, bool set)
{
    HPETState *s = t->hpet;
    uint64_t mask = 1ull << t->tn;
    int route = hpet_route(t);
    /* The route field has 5 bits; routes past the 24 GSIs reach nothing (as in QEMU's pc). */
    IrqLine line = route < HPET_NUM_IRQ_ROUTES ? s->irqs[route] : (IrqLine){ 0 };

    if (!set || !(t->config & TN_ENABLE) || !hpet_enabled(s)) {
        /* Only a level the timer holds is withdrawn: the line may be shared
         * (route 0 is also the 8254's pass-through). */
        if (s->isr & mask)
            irq_lower(line);
        s->isr &= ~mask;
    } else if (t->config & TN_TYPE_LEVEL) {
        /* Level: held until software clears the status bit. */
        s->isr |= mask;
        irq_raise(line);
    } else {
        s->isr &= ~mask;
        irq_pulse(line);
    }
}

static void hpet_arm(HPETTimer *t, uint64_t ticks)
{
    int64_t now = clock_get_ns(VCLOCK_VIRTUAL);

    /* A 64-bit comparator can be centuries away: saturate, never wrap into the past. */
    if (ticks > (uint64_t)(INT64_MAX - now) / HPET_CLK_PERIOD_NS)
        t->expire_ns = INT64_MAX;
    else
        t->expire_ns = now + hpet_ticks_to_ns(ticks);
    timer_mod(&t->timer, t->expire_ns);
}

static void hpet_set_timer(HPETTimer *t)
{
    uint64_t cur = hpet_ticks(t->hpet), diff;

    t->wrap_flag = 0;
    diff = hpet_diff(t, cur);
    if (timer_32bit(t) && !timer_periodic(t)) {
        /* 32-bit one-shot: an interrupt at the wrap as well (spec 2.3.9.2.4). */
        uint32_t wrap = 0xffffffffu - (uint32_t)cur;

        if (wrap < (uint32_t)diff) {
            diff = wrap;
            t->wrap_flag = 1;
        }
    }
    hpet_arm(t, diff);
}

static void hpet_del_timer(HPETTimer *t)
{
    timer_del(&t->timer);
    t->expire_ns = -1;
    hpet_update_irq(t, false);
}

static void hpet_timer_cb(void *opaque)
{
    HPETTimer *t = opaque;
    uint64_t cur = hpet_ticks(t->hpet);

    t->expire_ns = -1;
    if (timer_periodic(t) && t->period) {
        /* Advance the comparator past the counter by whole periods. */
        if (timer_32bit(t)) {
            uint32_t behind = (uint32_t)cur - (uint32_t)t->cmp;

            if ((int32_t)behind >= 0)
                t->cmp = (uint32_t)(t->cmp + (behind / (uint32_t)t->period + 1) * t->period);
        } else {
            uint64_t behind = cur - t->cmp;

            if ((int64_t)behind >= 0)
                t->cmp += (behind / t->period + 1) * t->period;
        }
        hpet_arm(t, hpet_diff(t, cur));
    } else if (timer_32bit(t) && !timer_periodic(t) && t->wrap_flag) {
        t->wrap_flag = 0;
        hpet_arm(t, hpet_diff(t, cur));
    }
    hpet_update_irq(t, true);
}

static uint32_t hpet_timer_read(HPETTimer *t, unsigned reg)
{
    switch (reg) {
    case TN_CFG:
        return (uint32_t)t->config;
    case TN_CFG + 4:
        return (uint32_t)(t->config >> 32);
    case TN_CMP:
        return (uint32_t)t->cmp;
    case TN_CMP + 4:
        return (uint32_t)(t->cmp >> 32);
    case TN_FSB:
        return (uint32_t)t->fsb;
    case TN_FSB + 4:
        return (uint32_t)(t->fsb >> 32);
    default:
        return 0;
    }
}

static uint64_t hpet_read(void *opaque, uint64_t addr, unsigned size)
{
    HPETState *s = opaque;

    (void)size;
    if (addr >= HPET_TIMER_BASE) {
        unsigned n = (unsigned)(addr - HPET_TIMER_BASE) / HPET_TIMER_STRIDE;

        if (n >= HPET_NUM_TIMERS)
            return 0;
        return hpet_timer_read(&s->t[n], (unsigned)(addr - HPET_TIMER_BASE) % HPET_TIMER_STRIDE);
    }
    switch (addr) {
    case HPET_ID:
        return HPET_CAP_LOW;
    case HPET_PERIOD:
        return HPET_CAP_PERIOD;
    case HPET_CFG:
        return (uint32_t)s->config;
    case HPET_STATUS:
        return (uint32_t)s->isr;
    case HPET_COUNTER:
        return (uint32_t)hpet_get_counter(s);
    case HPET_COUNTER + 4:
        return (uint32_t)(hpet_get_counter(s) >> 32);
    default:
        return 0;
    }
}

/* A comparator write (spec 2.3.9.2.2, QEMU's TN_CMP): high says which half. */
static void hpet_write_cmp(HPETState *s, HPETTimer *t, uint32_t val, bool high)
{
    uint64_t v = val;
    uint64_t clamp = timer_32bit(t) ? 0x7fffffffull : ~0ull >> 1;

    if (!high) {
        if (!timer_periodic(t) || (t->config & TN_SETVAL))
            t->cmp = (t->cmp & ~0xffffffffull) | v;
        if (timer_periodic(t))
            t->period = (t->period & ~0xffffffffull) | (v & clamp);
    } else if (!timer_periodic(t) || (t->config & TN_SETVAL)) {
        t->cmp = (t->cmp & 0xffffffffull) | v << 32;
    } else {
        t->period = (t->period & 0xffffffffull) | ((v << 32) & clamp);
    }
    t->config &= ~(uint64_t)TN_SETVAL;
    if (hpet_enabled(s))
        hpet_set_timer(t);
}

static void hpet_write_timer_cfg(HPETState *s, HPETTimer *t, uint32_t val)
{
    uint32_t old = (uint32_t)t->config;

    if ((val & TN_FSB_ENABLE) && log_enabled(LOG_GUEST_ERROR))
        log_printf("hpet: timer %d: FSB delivery enabled without the capability\n", t->tn);
    t->config = (t->config & ~(uint64_t)TN_CFG_WRITE_MASK) | (val & TN_CFG_WRITE_MASK);
    if (val & TN_32BIT) {
        t->cmp = (uint32_t)t->cmp;
        t->period = (uint32_t)t->period;
    }
    if ((old & TN_TYPE_LEVEL) && !(val & TN_TYPE_LEVEL))
        hpet_update_irq(t, false);      /* an edge timer holds no level */
    if (!(old & TN_ENABLE) && (val & TN_ENABLE) && hpet_enabled(s))
        hpet_set_timer(t);
    else if ((old & TN_ENABLE) && !(val & TN_ENABLE))
        hpet_del_timer(t);
}

static void hpet_write_config(HPETState *s, uint32_t val)
{
    uint32_t old = (uint32_t)s->config;

    s->config = (s->config & ~(uint64_t)HPET_CFG_WRITE_MASK) | (val & HPET_CFG_WRITE_MASK);
    if (!(old & HPET_CFG_ENABLE) && (val & HPET_CFG_ENABLE)) {
        /* Run from the halted value; arm every programmed comparator. */
        s->offset = hpet_ticks_to_ns(s->counter) - clock_get_ns(VCLOCK_VIRTUAL);
        for (int i = 0; i < HPET_NUM_TIMERS; i++) {
            if (s->t[i].cmp != ~0ull)
                hpet_set_timer(&s->t[i]);
        }
    } else if ((old & HPET_CFG_ENABLE) && !(val & HPET_CFG_ENABLE)) {
        s->counter = hpet_ns_to_ticks(clock_get_ns(VCLOCK_VIRTUAL) + s->offset);
        for (int i = 0; i < HPET_NUM_TIMERS; i++)
            hpet_del_timer(&s->t[i]);
    }
    /* LegacyReplacement takes IRQ0 and IRQ8 from the 8254 and the RTC. */
    if (!(old & HPET_CFG_LEGACY) && (val & HPET_CFG_LEGACY)) {
        irq_lower(s->pit_enable);
        irq_lower(s->irqs[0]);
        irq_lower(s->irqs[RTC_ISA_IRQ]);
    } else if ((old & HPET_CFG_LEGACY) && !(val & HPET_CFG_LEGACY)) {
        irq_set(s->irqs[0], s->pit_level);
        irq_raise(s->pit_enable);
        irq_set(s->irqs[RTC_ISA_IRQ], s->rtc_level);
    }
}

static void hpet_write(void *opaque, uint64_t addr, uint64_t val64, unsigned size)
{
    HPETState *s = opaque;
    uint32_t val = (uint32_t)val64;

    (void)size;
    if (addr >= HPET_TIMER_BASE) {
        unsigned n = (unsigned)(addr - HPET_TIMER_BASE) / HPET_TIMER_STRIDE;
        unsigned reg = (unsigned)(addr - HPET_TIMER_BASE) % HPET_TIMER_STRIDE;
        HPETTimer *t;

        if (n >= HPET_NUM_TIMERS)
            return;
        t = &s->t[n];
        switch (reg) {
        case TN_CFG:
            hpet_write_timer_cfg(s, t, val);
            break;
        case TN_CMP:
        case TN_CMP + 4:
            hpet_write_cmp(s, t, val, reg == TN_CMP + 4);
            break;
        case TN_FSB:
            t->fsb = (t->fsb & ~0xffffffffull) | val;
            break;
        case TN_FSB + 4:
            t->fsb = (t->fsb & 0xffffffffull) | (uint64_t)val << 32;
            break;
        default:
            break;              /* route capability (CFG + 4) is read-only */
        }
        return;
    }
    switch (addr) {
    case HPET_CFG:
        hpet_write_config(s, val);
        break;
    case HPET_STATUS:
        /* Write 1 to clear a level-triggered timer's status and its line. */
        for (int i = 0; i < HPET_NUM_TIMERS; i++) {
            if (val & s->isr & (1u << i))
                hpet_update_irq(&s->t[i], false);
        }
        break;
    case HPET_COUNTER:
    case HPET_COUNTER + 4:
        if (hpet_enabled(s)) {
            /* The spec wants the counter halted first; QEMU's write is lost too. */
            if (log_enabled(LOG_GUEST_ERROR))
                log_printf("hpet: main counter written while running\n");
            break;
        }
        if (addr == HPET_COUNTER)
            s->counter = (s->counter & ~0xffffffffull) | val;
        else
            s->counter = (s->counter & 0xffffffffull) | (uint64_t)val << 32;
        break;
    default:
        break;                  /* capabilities and reserved space */
    }
}

static const MemoryRegionOps hpet_ops = { hpet_read, hpet_write, 4, 4 };

/* The 8254's and RTC's outputs pass through unless LegacyReplacement owns their IRQs. */
static void hpet_legacy_input(void *opaque, int n, int level)
{
    HPETState *s = opaque;

    if (n == HPET_LEGACY_PIT) {
        s->pit_level = level != 0;
        if (!hpet_legacy(s))
            irq_set(s->irqs[0], level);
    } else {
        s->rtc_level = level != 0;
        if (!hpet_legacy(s))
            irq_set(s->irqs[RTC_ISA_IRQ], level);
    }
}

IrqLine hpet_legacy_irq(HPETState *s, int n)
{
    return irq_line(hpet_legacy_input, s, n);
}

void hpet_reset(HPETState *s)
{
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        HPETTimer *t = &s->t[i];

        hpet_del_timer(t);
        t->cmp = ~0ull;
        t->config = TN_PERIODIC_CAP | TN_SIZE_CAP | (uint64_t)HPET_INTCAP << 32;
        t->fsb = 0;
        t->period = 0;
        t->wrap_flag = 0;
    }
    irq_raise(s->pit_enable);
    s->counter = 0;
    s->offset = 0;
    s->config = 0;
    s->isr = 0;
    s->rtc_level = 0;           /* the RTC lowers its output on reset as well */
}

HPETState *hpet_init(MemoryRegion *mem, uint64_t base, const IrqLine *irqs, IrqLine pit_enable)
{
    HPETState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->mem = mem;
    memcpy(s->irqs, irqs, sizeof(s->irqs));
    s->pit_enable = pit_enable;
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        s->t[i].tn = i;
        s->t[i].hpet = s;
        s->t[i].expire_ns = -1;
        timer_init(&s->t[i].timer, VCLOCK_VIRTUAL, hpet_timer_cb, &s->t[i]);
    }
    hpet_reset(s);
    memory_region_init_io(&s->mr, "hpet", &hpet_ops, s, HPET_SIZE);
    memory_region_add_subregion(mem, base, &s->mr);
    return s;
}

void hpet_destroy(HPETState *s)
{
    for (int i = 0; i < HPET_NUM_TIMERS; i++)
        timer_del(&s->t[i].timer);
    memory_region_del_subregion(s->mem, &s->mr);
    free(s);
}

static int hpet_post_load(void *opaque)
{
    HPETState *s = opaque;

    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        HPETTimer *t = &s->t[i];

        if (t->expire_ns >= 0)
            timer_mod(&t->timer, t->expire_ns);
        else
            timer_del(&t->timer);
    }
    if (!hpet_legacy(s)) {
        irq_set(s->irqs[0], s->pit_level);
        irq_set(s->irqs[RTC_ISA_IRQ], s->rtc_level);
    }
    irq_set(s->pit_enable, !hpet_legacy(s));
    /* Level-triggered timers whose status is set hold their line high. */
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        if ((s->isr >> i) & 1)
            hpet_update_irq(&s->t[i], true);
    }
    return 0;
}

#define HPET_TIMER_FIELD(f, type) \
    { "timer." #f, type, offsetof(HPETState, t[0].f), HPET_NUM_TIMERS, sizeof(HPETTimer) }

static const VMStateField hpet_fields[] = {
    VMSTATE(HPETState, VMS_U64, config, 0),
    VMSTATE(HPETState, VMS_U64, isr, 0),
    VMSTATE(HPETState, VMS_U64, counter, 0),
    VMSTATE(HPETState, VMS_I64, offset, 0),
    VMSTATE(HPETState, VMS_U8, pit_level, 0),
    VMSTATE(HPETState, VMS_U8, rtc_level, 0),
    HPET_TIMER_FIELD(config, VMS_U64),
    HPET_TIMER_FIELD(cmp, VMS_U64),
    HPET_TIMER_FIELD(fsb, VMS_U64),
    HPET_TIMER_FIELD(period, VMS_U64),
    HPET_TIMER_FIELD(wrap_flag, VMS_U8),
    HPET_TIMER_FIELD(expire_ns, VMS_I64),
    VMSTATE_END
};

const VMStateDesc vmstate_hpet = {
    .name = "hpet",
    .version = 1,
    .fields = hpet_fields,
    .post_load = hpet_post_load,
};
