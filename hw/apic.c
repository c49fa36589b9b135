/*
 * One local APIC (see apic.h): its registers, priorities, timer, local
 * interrupt pins and MSRs. Register model: Intel SDM Vol.3 chapter 10;
 * where QEMU 7.2's TCG APIC (hw/intc/apic.c, apic_common.c) departs from the
 * SDM in a way guests can see, Vireo follows QEMU and says so.
 *
 * The register file is kept as QEMU keeps it, so the xAPIC page and the
 * x2APIC MSRs share one implementation: apic_reg_read/apic_reg_write take
 * the register index (offset >> 4 = MSR - 0x800) and the callers handle
 * what differs between the two modes.
 */
#include "hw/apic-int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "system/log.h"
#include "system/main-loop.h"

/* Register indices: offset >> 4 in the xAPIC page, MSR - 0x800 in x2APIC. */
enum {
    REG_ID = 0x02,
    REG_VERSION = 0x03,
    REG_TPR = 0x08,
    REG_APR = 0x09,
    REG_PPR = 0x0a,
    REG_EOI = 0x0b,
    REG_LDR = 0x0d,
    REG_DFR = 0x0e,
    REG_SVR = 0x0f,
    REG_ISR = 0x10,             /* 0x10-0x17 */
    REG_TMR = 0x18,             /* 0x18-0x1f */
    REG_IRR = 0x20,             /* 0x20-0x27 */
    REG_ESR = 0x28,
    REG_ICR_LO = 0x30,
    REG_ICR_HI = 0x31,
    REG_LVT = 0x32,             /* 0x32-0x37: timer, thermal, perf, LINT0, LINT1, error */
    REG_TIMER_INIT = 0x38,
    REG_TIMER_CUR = 0x39,
    REG_TIMER_DIV = 0x3e,
    REG_SELF_IPI = 0x3f,        /* x2APIC only */
};

/* Writable bits of each LVT entry (SDM 10.5.1, Figure 10-8); delivery status
 * (bit 12) and remote IRR (bit 14) are read-only and stay 0 here. */
static const uint32_t lvt_write_mask[APIC_LVT_NB] = {
    [APIC_LVT_TIMER] = 0x700ff,     /* vector, mask, timer mode */
    [APIC_LVT_THERMAL] = 0x107ff,   /* vector, delivery mode, mask */
    [APIC_LVT_PERF] = 0x107ff,
    [APIC_LVT_LINT0] = 0x1a7ff,     /* + polarity, trigger mode */
    [APIC_LVT_LINT1] = 0x1a7ff,
    [APIC_LVT_ERROR] = 0x100ff,
};

/* ICR low writable bits: vector, delivery mode, destination mode, level,
 * trigger mode, shorthand. Delivery status reads 0: IPIs go out at once. */
#define ICR_LO_WRITE_MASK 0xcdfffu

/* ---- Locking: entry points a vCPU reaches without the bql --------------- */

static bool apic_lock(void)
{
    if (bql_locked())
        return false;
    bql_lock();
    return true;
}

static void apic_unlock(bool taken)
{
    if (taken)
        bql_unlock();
}

/* ---- 256-bit vector sets (ISR, TMR, IRR) --------------------------------- */

static void vec_set(uint32_t *t, int v) { t[v >> 5] |= 1u << (v & 31); }
static void vec_clear(uint32_t *t, int v) { t[v >> 5] &= ~(1u << (v & 31)); }
static bool vec_test(const uint32_t *t, int v) { return (t[v >> 5] >> (v & 31)) & 1; }

static int vec_highest(const uint32_t *t)
{
    for (int i = 7; i >= 0; i--) {
        if (t[i])
            return i * 32 + 31 - __builtin_clz(t[i]);
    }
    return -1;
}

static void apic_guest_error(const APICState *s, const char *what, uint32_t val)
{
    if (log_enabled(LOG_GUEST_ERROR))
        log_printf("apic %u: %s (0x%x)\n", s->initial_id, what, val);
}

/* ---- Priorities and INTR ------------------------------------------------- */

/* SDM 10.8.3.1: PPR = TPR if TPR[7:4] >= ISRV[7:4], else ISRV[7:4] << 4. */
uint32_t apic_ppr(const APICState *s)
{
    int isrv = vec_highest(s->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

    return (s->tpr & 0xf0) >= isr_class ? s->tpr : isr_class;
}

/*
 * The vector the APIC would hand the CPU: > 0, 0 for none, -1 when the
 * highest request is held off by PPR (SDM 10.8.3.1: its class must be
 * above PPR's). A software-disabled APIC holds everything (10.4.7.2).
 */
static int apic_irq_pending(const APICState *s)
{
    int irrv;
    uint32_t ppr;

    if (!apic_hw_enabled(s) || !(s->svr & APIC_SVR_ENABLE))
        return 0;
    irrv = vec_highest(s->irr);
    if (irrv <= 0)
        return 0;
    ppr = apic_ppr(s);
    if (ppr && ((uint32_t)irrv & 0xf0) <= (ppr & 0xf0))
        return -1;
    return irrv;
}

/*
 * Is the 8259's INTR (on LINT0) what the CPU should acknowledge? With the
 * APIC globally disabled LINT0 is the CPU's INTR pin itself (SDM 10.4.3);
 * otherwise only through an unmasked ExtINT LVT (QEMU's
 * apic_accept_pic_intr), whatever the software enable.
 */
static bool apic_extint_active(const APICState *s)
{
    uint32_t lvt0 = s->lvt[APIC_LVT_LINT0];

    if (!s->lint_level[0])
        return false;
    if (!apic_hw_enabled(s))
        return true;
    return !(lvt0 & APIC_LVT_MASKED) && ((lvt0 >> 8) & 7) == APIC_DM_EXTINT;
}

void apic_update_intr(APICState *s)
{
    bool level = apic_irq_pending(s) > 0 || apic_extint_active(s);

    s->cpu->set_intr(s->cpu->cpu, level);
}

static void apic_cpu_smi(APICState *s)
{
    if (s->cpu->smi)
        s->cpu->smi(s->cpu->cpu);
    else if (log_enabled(LOG_UNIMP))
        log_printf("apic %u: SMI dropped (no SMM)\n", s->initial_id);
}

/* Post a vector in IRR; TMR records the trigger mode for the EOI (10.8.4). */
static void apic_set_irq(APICState *s, int vector, int trigger_mode)
{
    vec_set(s->irr, vector);
    if (trigger_mode)
        vec_set(s->tmr, vector);
    else
        vec_clear(s->tmr, vector);
    apic_update_intr(s);
}

void apic_accept(APICState *s, int delivery_mode, int vector, int trigger_mode)
{
    switch (delivery_mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWPRI:
    case APIC_DM_EXTINT:        /* the bus already fetched the 8259's vector */
        apic_set_irq(s, vector & 0xff, trigger_mode);
        break;
    case APIC_DM_SMI:
        apic_cpu_smi(s);
        break;
    case APIC_DM_NMI:
        s->cpu->nmi(s->cpu->cpu);
        break;
    case APIC_DM_INIT:
        apic_init_reset(s);
        s->cpu->init(s->cpu->cpu);
        break;
    case APIC_DM_STARTUP:
        s->cpu->sipi(s->cpu->cpu, vector & 0xff);
        break;
    default:
        apic_guest_error(s, "reserved delivery mode", (uint32_t)delivery_mode);
        break;
    }
}

/* An interrupt from a local source through its LVT entry (SDM 10.5.1). */
static void apic_local_deliver(APICState *s, int lvt_index)
{
    uint32_t lvt = s->lvt[lvt_index];
    int trigger = 0;

    if (lvt & APIC_LVT_MASKED)
        return;
    switch ((lvt >> 8) & 7) {
    case APIC_DM_SMI:
        apic_cpu_smi(s);
        break;
    case APIC_DM_NMI:
        s->cpu->nmi(s->cpu->cpu);
        break;
    case APIC_DM_EXTINT:
        apic_update_intr(s);
        break;
    case APIC_DM_FIXED:
        /* Only LINT0/1 may be level-triggered; the others are edge. */
        if ((lvt_index == APIC_LVT_LINT0 || lvt_index == APIC_LVT_LINT1) &&
            (lvt & APIC_LVT_LEVEL_TRIGGER))
            trigger = 1;
        apic_set_irq(s, lvt & 0xff, trigger);
        break;
    default:
        apic_guest_error(s, "LVT delivery mode not supported", lvt);
        break;
    }
}

/* SDM 10.5.3: errors collect until the next ESR write latches them, and
 * each one raises the LVT error interrupt. */
static void apic_error(APICState *s, uint32_t bit)
{
    s->esr_pending |= bit;
    apic_local_deliver(s, APIC_LVT_ERROR);
}

/* ---- Timer (SDM 10.5.4) -------------------------------------------------- */

static unsigned apic_timer_mode(const APICState *s)
{
    return (s->lvt[APIC_LVT_TIMER] >> APIC_LVT_TIMER_SHIFT) & 3;
}

/* QEMU's periodic test is bit 17 alone, so the reserved mode 3 runs periodic. */
static bool apic_timer_periodic(const APICState *s)
{
    return apic_timer_mode(s) & APIC_TIMER_PERIODIC;
}

/* Divide configuration bits 3,1:0 -> log2 of the divisor (1011b: by 1). */
static int apic_count_shift(const APICState *s)
{
    uint32_t v = (s->divide_conf & 3) | ((s->divide_conf >> 1) & 4);

    return (int)((v + 1) & 7);
}

/* Bus clocks / divisor since the initial count was loaded. */
static int64_t apic_timer_ticks(const APICState *s, int64_t now)
{
    int64_t d = now - s->initial_count_load_time;

    return d < 0 ? 0 : d >> apic_count_shift(s);
}

/*
 * As QEMU's apic_get_current_count: one-shot counts down to 0 and stays;
 * periodic reloads, spending one tick at 0 (a period of initial + 1).
 */
static uint32_t apic_current_count(const APICState *s, int64_t now)
{
    int64_t d;

    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE)
        return 0;
    d = apic_timer_ticks(s, now);
    if (apic_timer_periodic(s))
        return s->initial_count - (uint32_t)((uint64_t)d % ((uint64_t)s->initial_count + 1));
    return (uint64_t)d >= s->initial_count ? 0 : s->initial_count - (uint32_t)d;
}

static void apic_timer_arm(APICState *s)
{
    if (s->timer_expiry >= 0)
        timer_mod(&s->timer, s->timer_expiry);
    else
        timer_del(&s->timer);
}

/* Arm for the next count expiry after now (QEMU's apic_next_timer). */
static void apic_timer_update(APICState *s, int64_t now)
{
    uint64_t period, d;
    int shift = apic_count_shift(s);

    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE) {
        apic_timer_arm(s);      /* the deadline stays as apic_set_tsc_deadline armed it */
        return;
    }
    s->timer_expiry = -1;
    if (!(s->lvt[APIC_LVT_TIMER] & APIC_LVT_MASKED)) {
        period = (uint64_t)s->initial_count + 1;
        d = (uint64_t)apic_timer_ticks(s, now);
        if (apic_timer_periodic(s)) {
            if (s->initial_count)
                s->timer_expiry = s->initial_count_load_time +
                                  (int64_t)(((d / period) + 1) * period << shift);
        } else if (d < s->initial_count) {
            s->timer_expiry = s->initial_count_load_time + (int64_t)(period << shift);
        }
    }
    apic_timer_arm(s);
}

static void apic_timer_cb(void *opaque)
{
    APICState *s = opaque;
    int64_t when = s->timer_expiry;

    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE) {
        /* Fired: IA32_TSC_DEADLINE reads 0 and the timer is disarmed. */
        s->tsc_deadline = 0;
        s->timer_expiry = -1;
        apic_local_deliver(s, APIC_LVT_TIMER);
        return;
    }
    apic_local_deliver(s, APIC_LVT_TIMER);
    apic_timer_update(s, when);
}

static void apic_write_lvt(APICState *s, int n, uint32_t val)
{
    uint32_t old = s->lvt[n];

    s->lvt[n] = val & lvt_write_mask[n];
    if (n == APIC_LVT_TIMER) {
        unsigned old_mode = (old >> APIC_LVT_TIMER_SHIFT) & 3, mode = apic_timer_mode(s);

        if (mode != old_mode &&
            (mode == APIC_TIMER_TSC_DEADLINE || old_mode == APIC_TIMER_TSC_DEADLINE)) {
            /* SDM 10.5.4.1: switching to or from TSC-deadline disarms the timer. */
            s->tsc_deadline = 0;
            s->timer_expiry = -1;
            s->initial_count = 0;
        }
        apic_timer_update(s, clock_get_ns(VCLOCK_VIRTUAL));
    } else if (n == APIC_LVT_LINT0) {
        apic_update_intr(s);
    }
}

/* ---- EOI and IPIs -------------------------------------------------------- */

/* SDM 10.8.5: retire the highest in-service vector; a level-triggered one
 * is broadcast to the IO-APICs (QEMU has no directed-EOI: SVR bit 12 is
 * not writable, so the broadcast always happens). */
static void apic_eoi(APICState *s)
{
    int v = vec_highest(s->isr);

    if (v < 0)
        return;
    vec_clear(s->isr, v);
    if (vec_test(s->tmr, v) && s->bus->eoi)
        s->bus->eoi(s->bus->eoi_opaque, v);
    apic_update_intr(s);
}

/* An ICR write (SDM 10.6.1): dest is ICR[63:56] in xAPIC mode, [63:32] in x2APIC. */
static void apic_send_ipi(APICState *s, uint32_t lo, uint32_t dest)
{
    int vector = lo & 0xff, mode = (lo >> 8) & 7, dest_mode = (lo >> 11) & 1;
    int level = (lo >> 14) & 1, trigger = (lo >> 15) & 1, shorthand = (lo >> 18) & 3;
    APICBus *bus = s->bus;

    if (mode == APIC_DM_INIT && !level && trigger) {
        /* INIT level de-assert: only resynchronizes arbitration IDs (QEMU: no CPU effect). */
        return;
    }
    if ((mode == APIC_DM_FIXED || mode == APIC_DM_LOWPRI) && vector < 16) {
        apic_error(s, APIC_ESR_SEND_ILLEGAL_VECTOR);
        return;
    }
    switch (shorthand) {
    case 0:
        apic_bus_deliver(bus, dest, dest_mode, mode, vector, trigger);
        break;
    case 1:                     /* self */
        apic_accept(s, mode, vector, trigger);
        break;
    default:                    /* 2: all including self, 3: all excluding self */
        for (unsigned i = 0; i < APIC_MAX_CPUS; i++) {
            APICState *t = bus->apic[i];

            if (t && apic_hw_enabled(t) && (shorthand == 2 || t != s))
                apic_accept(t, mode == APIC_DM_LOWPRI ? APIC_DM_FIXED : mode, vector, trigger);
        }
        break;
    }
}

/* ---- The register file ---------------------------------------------------- */

/* The ISR, TMR or IRR word a register index names, or NULL. */
static uint32_t *apic_vec_word(APICState *s, unsigned idx)
{
    if (idx >= REG_ISR && idx < REG_ISR + 8)
        return &s->isr[idx - REG_ISR];
    if (idx >= REG_TMR && idx < REG_TMR + 8)
        return &s->tmr[idx - REG_TMR];
    if (idx >= REG_IRR && idx < REG_IRR + 8)
        return &s->irr[idx - REG_IRR];
    return NULL;
}

static bool apic_is_lvt(unsigned idx)
{
    return idx >= REG_LVT && idx < REG_LVT + APIC_LVT_NB;
}

/* Registers common to both modes; false for an index that has none. */
static bool apic_reg_read(APICState *s, unsigned idx, uint32_t *val)
{
    const uint32_t *word = apic_vec_word(s, idx);

    if (word) {
        *val = *word;
        return true;
    }
    if (apic_is_lvt(idx)) {
        *val = s->lvt[idx - REG_LVT];
        return true;
    }
    switch (idx) {
    case REG_VERSION:
        *val = APIC_VERSION;
        return true;
    case REG_TPR:
        *val = s->tpr;
        return true;
    case REG_PPR:
        *val = apic_ppr(s);
        return true;
    case REG_LDR:
        *val = s->ldr;
        return true;
    case REG_SVR:
        *val = s->svr;
        return true;
    case REG_ESR:
        *val = s->esr;
        return true;
    case REG_ICR_LO:
        *val = s->icr[0];
        return true;
    case REG_TIMER_INIT:
        *val = s->initial_count;
        return true;
    case REG_TIMER_CUR:
        *val = apic_current_count(s, clock_get_ns(VCLOCK_VIRTUAL));
        return true;
    case REG_TIMER_DIV:
        *val = s->divide_conf;
        return true;
    default:
        return false;
    }
}

/* Writable registers common to both modes; false for any other index. */
static bool apic_reg_write(APICState *s, unsigned idx, uint32_t val)
{
    if (apic_is_lvt(idx)) {
        apic_write_lvt(s, (int)(idx - REG_LVT), val);
        return true;
    }
    switch (idx) {
    case REG_TPR:
        s->tpr = val & 0xff;
        apic_update_intr(s);
        return true;
    case REG_EOI:
        apic_eoi(s);
        return true;
    case REG_SVR:
        /* QEMU keeps bits 8:0 (vector, APIC enable); focus checking and
         * EOI-broadcast suppression are not modeled. */
        s->svr = val & 0x1ff;
        apic_update_intr(s);
        return true;
    case REG_ESR:
        s->esr = s->esr_pending;
        s->esr_pending = 0;
        return true;
    case REG_TIMER_INIT:
        if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE)
            return true;        /* ignored in TSC-deadline mode (10.5.4.1) */
        s->initial_count = val;
        s->initial_count_load_time = clock_get_ns(VCLOCK_VIRTUAL);
        apic_timer_update(s, s->initial_count_load_time);
        return true;
    case REG_TIMER_DIV:
        s->divide_conf = val & 0xb;
        apic_timer_update(s, clock_get_ns(VCLOCK_VIRTUAL));
        return true;
    default:
        return false;
    }
}

uint32_t apic_mmio_read(APICState *s, uint32_t offset)
{
    unsigned idx = (offset >> 4) & 0xff;
    uint32_t val = 0;

    switch (idx) {
    case REG_ID:
        return s->id << 24;
    case REG_APR:               /* arbitration priority: QEMU reads 0 */
    case REG_EOI:
        return 0;
    case REG_DFR:
        return s->dfr | 0x0fffffff;
    case REG_ICR_HI:
        return s->icr[1];
    default:
        if (!apic_reg_read(s, idx, &val))
            apic_error(s, APIC_ESR_ILLEGAL_ADDRESS);
        return val;
    }
}

void apic_mmio_write(APICState *s, uint32_t offset, uint32_t val)
{
    unsigned idx = (offset >> 4) & 0xff;

    switch (idx) {
    case REG_ID:
        s->id = val >> 24;      /* writable in xAPIC mode, as QEMU */
        return;
    case REG_LDR:
        s->ldr = val & 0xff000000u;
        return;
    case REG_DFR:
        s->dfr = val & 0xf0000000u;
        return;
    case REG_ICR_LO:
        s->icr[0] = val & ICR_LO_WRITE_MASK;
        apic_send_ipi(s, s->icr[0], s->icr[1] >> 24);
        return;
    case REG_ICR_HI:
        s->icr[1] = val & 0xff000000u;
        return;
    case REG_VERSION:
    case REG_APR:
    case REG_PPR:
    case REG_TIMER_CUR:
        return;                 /* read-only: writes ignored */
    default:
        if (apic_vec_word(s, idx))
            return;             /* ISR, TMR, IRR: read-only too */
        if (!apic_reg_write(s, idx, val))
            apic_error(s, APIC_ESR_ILLEGAL_ADDRESS);
        return;
    }
}

/* ---- x2APIC MSRs (SDM 10.12.1.2) ------------------------------------------ */

static int apic_x2apic_read(APICState *s, unsigned idx, uint64_t *val)
{
    uint32_t v;

    switch (idx) {
    case REG_ID:
        *val = s->initial_id;
        return 0;
    case REG_ICR_LO:
        *val = (uint64_t)s->icr[1] << 32 | s->icr[0];
        return 0;
    case REG_APR:               /* not in x2APIC mode */
    case REG_EOI:               /* write-only */
    case REG_DFR:               /* no DFR: logical mode is always clustered */
        return -1;
    default:
        if (!apic_reg_read(s, idx, &v))
            return -1;
        *val = v;
        return 0;
    }
}

static int apic_x2apic_write(APICState *s, unsigned idx, uint64_t val)
{
    if (idx == REG_ICR_LO) {
        /* One 64-bit register: destination in bits 63:32. */
        s->icr[0] = (uint32_t)val & ICR_LO_WRITE_MASK;
        s->icr[1] = (uint32_t)(val >> 32);
        apic_send_ipi(s, s->icr[0], s->icr[1]);
        return 0;
    }
    if (val >> 32)
        return -1;              /* reserved bits of a 32-bit register */
    switch (idx) {
    case REG_EOI:
    case REG_ESR:
        if (val)
            return -1;          /* a non-zero write is #GP in x2APIC mode */
        break;
    case REG_SELF_IPI:
        if (val < 16) {
            apic_error(s, APIC_ESR_SEND_ILLEGAL_VECTOR);
            return 0;
        }
        apic_accept(s, APIC_DM_FIXED, (int)(val & 0xff), 0);
        return 0;
    case REG_ID:
    case REG_LDR:
    case REG_DFR:
    case REG_ICR_HI:
        return -1;              /* read-only or absent in x2APIC mode */
    default:
        break;
    }
    return apic_reg_write(s, idx, (uint32_t)val) ? 0 : -1;
}

/* The x2APIC logical ID follows from the ID: cluster in 31:16, bit in 15:0. */
static uint32_t apic_x2apic_ldr(const APICState *s)
{
    return (s->initial_id >> 4) << 16 | 1u << (s->initial_id & 0xf);
}

/* SDM 10.4.4 and 10.12.5 (state transitions between disabled, xAPIC, x2APIC). */
static int apic_set_base(APICState *s, uint64_t val)
{
    uint64_t old = s->apicbase;
    bool en = val & APICBASE_ENABLE, extd = val & APICBASE_EXTD;

    if (val & ~(APICBASE_ADDR_MASK | APICBASE_ENABLE | APICBASE_EXTD | APICBASE_BSP))
        return -1;
    if (extd && (!en || !s->x2apic_allowed))
        return -1;
    if (apic_x2apic_mode(s) && en && !extd)
        return -1;              /* x2APIC -> xAPIC must go through disabled */
    s->apicbase = (val & ~(uint64_t)APICBASE_BSP) | (old & APICBASE_BSP);
    if (!en && (old & APICBASE_ENABLE)) {
        /* Hardware disable: as QEMU, the software enable goes too. */
        s->svr &= ~APIC_SVR_ENABLE;
    }
    if (extd && !(old & APICBASE_EXTD))
        s->ldr = apic_x2apic_ldr(s);
    if ((val ^ old) & APICBASE_ADDR_MASK)
        apic_bus_place_window(s->bus, s);
    apic_update_intr(s);
    return 0;
}

int apic_msr_read(APICState *s, uint32_t msr, uint64_t *val)
{
    bool taken = apic_lock();
    int ret = -1;

    if (msr == MSR_IA32_APICBASE) {
        *val = s->apicbase;
        ret = 0;
    } else if (msr >= 0x800 && msr <= 0x8ff && apic_x2apic_mode(s)) {
        ret = apic_x2apic_read(s, msr - 0x800, val);
    }
    apic_unlock(taken);
    return ret;
}

int apic_msr_write(APICState *s, uint32_t msr, uint64_t val)
{
    bool taken = apic_lock();
    int ret = -1;

    if (msr == MSR_IA32_APICBASE)
        ret = apic_set_base(s, val);
    else if (msr >= 0x800 && msr <= 0x8ff && apic_x2apic_mode(s))
        ret = apic_x2apic_write(s, msr - 0x800, val);
    apic_unlock(taken);
    return ret;
}

/* ---- CPU-side entry points --------------------------------------------------- */

int apic_get_interrupt(APICState *s)
{
    bool taken = apic_lock();
    int v;

    /* ExtINT ignores priorities, so the 8259 goes first (as QEMU). */
    if (apic_extint_active(s)) {
        v = apic_bus_pic_read(s->bus);
    } else {
        v = apic_irq_pending(s);
        if (v == 0) {
            v = -1;
        } else if (v < 0) {
            v = (int)(s->svr & 0xff);   /* held off since INTR rose: spurious (10.9) */
        } else {
            vec_clear(s->irr, v);
            vec_set(s->isr, v);
            apic_update_intr(s);
        }
    }
    apic_unlock(taken);
    return v;
}

bool apic_has_interrupt(APICState *s)
{
    bool taken = apic_lock();
    bool r = apic_irq_pending(s) > 0 || apic_extint_active(s);

    apic_unlock(taken);
    return r;
}

unsigned apic_get_tpr(APICState *s)
{
    bool taken = apic_lock();
    unsigned v = s->tpr >> 4;

    apic_unlock(taken);
    return v;
}

void apic_set_tpr(APICState *s, unsigned cr8)
{
    bool taken = apic_lock();

    s->tpr = (cr8 & 15) << 4;
    apic_update_intr(s);
    apic_unlock(taken);
}

void apic_set_tsc_deadline(APICState *s, uint64_t tsc, int64_t expire_ns)
{
    bool taken = apic_lock();

    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE) {
        s->tsc_deadline = tsc;
        s->timer_expiry = tsc ? expire_ns : -1;
        if (tsc && expire_ns <= clock_get_ns(VCLOCK_VIRTUAL))
            apic_timer_cb(s);   /* already passed: fires at once */
        else
            apic_timer_arm(s);
    }
    apic_unlock(taken);
}

uint64_t apic_get_tsc_deadline(APICState *s)
{
    bool taken = apic_lock();
    uint64_t v = s->tsc_deadline;

    apic_unlock(taken);
    return v;
}

uint64_t apic_get_base(APICState *s)
{
    return s->apicbase;
}

uint32_t apic_get_id(APICState *s)
{
    return apic_x2apic_mode(s) ? s->initial_id : s->id;
}

void apic_allow_x2apic(APICState *s, bool allow)
{
    s->x2apic_allowed = allow;
}

/* LINT0/LINT1 pins (SDM 10.5.1): edge or level per the LVT's trigger mode. */
static void apic_lint_handler(void *opaque, int n, int level)
{
    APICState *s = opaque;
    uint32_t lvt = s->lvt[APIC_LVT_LINT0 + n];
    bool rise = level && !s->lint_level[n];

    s->lint_level[n] = level != 0;
    if (!apic_hw_enabled(s)) {
        /* A disabled APIC is out of the way: LINT0 is INTR, LINT1 is NMI. */
        if (n == 1 && rise)
            s->cpu->nmi(s->cpu->cpu);
    } else if (!(lvt & APIC_LVT_MASKED)) {
        switch ((lvt >> 8) & 7) {
        case APIC_DM_FIXED:
            if (lvt & APIC_LVT_LEVEL_TRIGGER) {
                if (level)
                    apic_set_irq(s, lvt & 0xff, 1);
                else
                    vec_clear(s->irr, lvt & 0xff);  /* as QEMU: de-assert withdraws it */
            } else if (rise) {
                apic_set_irq(s, lvt & 0xff, 0);
            }
            break;
        case APIC_DM_EXTINT:
            break;              /* the level itself is INTR: apic_update_intr */
        default:
            if (rise)
                apic_local_deliver(s, APIC_LVT_LINT0 + n);
            break;
        }
    }
    apic_update_intr(s);
}

IrqLine apic_lint(APICState *s, int n)
{
    return irq_line(apic_lint_handler, s, n & 1);
}

/* ---- Life cycle ---------------------------------------------------------------- */

void apic_init_reset(APICState *s)
{
    /* QEMU's apic_init_reset: everything but the ID and IA32_APIC_BASE. */
    s->tpr = 0;
    s->svr = 0xff;
    s->ldr = apic_x2apic_mode(s) ? apic_x2apic_ldr(s) : 0;
    s->dfr = 0xf0000000u;       /* flat model */
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    for (int i = 0; i < APIC_LVT_NB; i++)
        s->lvt[i] = APIC_LVT_MASKED;
    s->esr = s->esr_pending = 0;
    s->icr[0] = s->icr[1] = 0;
    s->divide_conf = 0;
    s->initial_count = 0;
    s->initial_count_load_time = 0;
    s->timer_expiry = -1;
    s->tsc_deadline = 0;
    timer_del(&s->timer);
    apic_update_intr(s);
}

void apic_reset(APICState *s)
{
    s->apicbase = APIC_DEFAULT_BASE | APICBASE_ENABLE | (s->bsp ? APICBASE_BSP : 0);
    s->id = s->initial_id;
    apic_init_reset(s);
    /* QEMU's apic_reset_common: the BSP's LINT0 comes up ExtINT, unmasked,
     * so the 8259 reaches CPU 0 with its APIC enabled. */
    if (s->bsp)
        s->lvt[APIC_LVT_LINT0] = APIC_DM_EXTINT << 8;
    apic_bus_place_window(s->bus, s);
    apic_update_intr(s);
}

static uint64_t apic_reloc_read(void *opaque, uint64_t addr, unsigned size)
{
    APICState *s = opaque;

    (void)size;
    if (apic_get_current() != s || !apic_hw_enabled(s) || apic_x2apic_mode(s))
        return 0;
    return apic_mmio_read(s, (uint32_t)addr);
}

static void apic_reloc_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    APICState *s = opaque;

    (void)size;
    if (apic_get_current() != s || !apic_hw_enabled(s) || apic_x2apic_mode(s))
        return;
    apic_mmio_write(s, (uint32_t)addr, (uint32_t)val);
}

static const MemoryRegionOps apic_reloc_ops = { apic_reloc_read, apic_reloc_write, 4, 4 };

APICState *apic_new(APICBus *bus, uint32_t id, bool bsp, const APICCPUOps *cpu)
{
    APICState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->bus = bus;
    s->cpu = cpu;
    s->initial_id = id;
    s->bsp = bsp;
    timer_init(&s->timer, VCLOCK_VIRTUAL, apic_timer_cb, s);
    memory_region_init_io(&s->window, "apic-relocated", &apic_reloc_ops, s, 0x1000);
    apic_bus_attach(bus, s);
    apic_reset(s);
    return s;
}

void apic_destroy(APICState *s)
{
    timer_del(&s->timer);
    if (s->window_mapped)
        memory_region_del_subregion(s->bus->sysmem, &s->window);
    if (apic_get_current() == s)
        apic_set_current(NULL);
    apic_bus_detach(s->bus, s);
    free(s);
}

/* ---- State ---------------------------------------------------------------------- */

static int apic_post_load(void *opaque)
{
    APICState *s = opaque;

    if ((s->apicbase & APICBASE_EXTD) && !(s->apicbase & APICBASE_ENABLE))
        return -EINVAL;         /* the invalid state of 10.12.5 */
    if (s->timer_expiry >= 0 && apic_timer_mode(s) != APIC_TIMER_TSC_DEADLINE)
        apic_timer_update(s, clock_get_ns(VCLOCK_VIRTUAL));
    else
        apic_timer_arm(s);
    apic_bus_place_window(s->bus, s);
    apic_update_intr(s);
    return 0;
}

static const VMStateField apic_fields[] = {
    VMSTATE(APICState, VMS_U64, apicbase, 0),
    VMSTATE(APICState, VMS_U32, id, 0),
    VMSTATE(APICState, VMS_U32, tpr, 0),
    VMSTATE(APICState, VMS_U32, svr, 0),
    VMSTATE(APICState, VMS_U32, ldr, 0),
    VMSTATE(APICState, VMS_U32, dfr, 0),
    VMSTATE(APICState, VMS_U32, isr, 8),
    VMSTATE(APICState, VMS_U32, tmr, 8),
    VMSTATE(APICState, VMS_U32, irr, 8),
    VMSTATE(APICState, VMS_U32, lvt, APIC_LVT_NB),
    VMSTATE(APICState, VMS_U32, esr, 0),
    VMSTATE(APICState, VMS_U32, esr_pending, 0),
    VMSTATE(APICState, VMS_U32, icr, 2),
    VMSTATE(APICState, VMS_U32, divide_conf, 0),
    VMSTATE(APICState, VMS_U32, initial_count, 0),
    VMSTATE(APICState, VMS_I64, initial_count_load_time, 0),
    VMSTATE(APICState, VMS_I64, timer_expiry, 0),
    VMSTATE(APICState, VMS_U64, tsc_deadline, 0),
    VMSTATE(APICState, VMS_U8, lint_level, 2),
    VMSTATE_END
};

const VMStateDesc vmstate_apic = {
    .name = "apic",
    .version = 1,
    .fields = apic_fields,
    .post_load = apic_post_load,
};
