/*
 * Intel 82093AA I/O APIC (see ioapic.h). Register model: the 82093AA
 * datasheet (290566), 3.0 "Register Descriptions": IOAPICID (0x00),
 * IOAPICVER (0x01), IOAPICARB (0x02), IOREDTBL[0:23] (0x10-0x3f, two
 * 32-bit halves each); the EOI register (0x40) of the version-0x20 parts
 * that QEMU 7.2 models.
 *
 * As QEMU's ioapic.c: a pin's pending request lives in irr; a level-
 * triggered delivery sets remote IRR, which holds further deliveries of that
 * pin until a local APIC's EOI of its vector clears it; an edge on a masked
 * pin is lost, a level on a masked pin waits for the unmask. The delivery
 * status bit stays 0 (messages go out at once).
 */
#include "hw/ioapic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "system/clock.h"
#include "system/log.h"

enum {
    IOREGSEL = 0x00,
    IOWIN = 0x10,
    IOEOI = 0x40,
};

enum {
    REG_ID = 0x00,
    REG_VER = 0x01,
    REG_ARB = 0x02,
    REG_REDTBL = 0x10,
};

/* Redirection entry bits (datasheet 3.2.4) */
#define RTE_VECTOR          0xffull
#define RTE_DELIVERY_SHIFT  8
#define RTE_DEST_MODE       (1ull << 11)
#define RTE_DELIVERY_STATUS (1ull << 12)
#define RTE_POLARITY        (1ull << 13)
#define RTE_REMOTE_IRR      (1ull << 14)
#define RTE_LEVEL           (1ull << 15)
#define RTE_MASKED          (1ull << 16)
#define RTE_DEST_SHIFT      56
#define RTE_RO_BITS         (RTE_REMOTE_IRR | RTE_DELIVERY_STATUS)

/*
 * QEMU's SUCCESSIVE_IRQ_MAX_COUNT: after this many EOIs that find the line
 * still asserted, the re-delivery waits 10 ms, so a guest that never quiets
 * a level-triggered device still makes progress.
 */
#define IOAPIC_EOI_STORM    10000
#define IOAPIC_STORM_DELAY  (NS_PER_SEC / 100)

struct IOAPICState {
    /* Guest-visible state (vmstate_ioapic) */
    uint8_t id;
    uint8_t ioregsel;
    uint32_t irr;               /* pending request per pin */
    uint32_t inputs;            /* level of each input line */
    uint64_t ioredtbl[IOAPIC_NUM_PINS];

    /* Host side */
    uint32_t irq_eoi[IOAPIC_NUM_PINS];  /* successive EOIs re-delivering */
    Timer delayed_service;
    APICBus *bus;
    MemoryRegion mr;
    MemoryRegion *mem;
};

static void ioapic_service(IOAPICState *s)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint32_t mask = 1u << pin;
        uint64_t e = s->ioredtbl[pin];

        if (!(s->irr & mask) || (e & RTE_MASKED))
            continue;
        if (e & RTE_LEVEL) {
            if (e & RTE_REMOTE_IRR)
                continue;       /* the CPU is still handling the last one */
            s->ioredtbl[pin] |= RTE_REMOTE_IRR;
        } else {
            s->irr &= ~mask;
        }
        apic_bus_deliver(s->bus, (uint32_t)(e >> RTE_DEST_SHIFT), (e & RTE_DEST_MODE) != 0,
                         (int)((e >> RTE_DELIVERY_SHIFT) & 7), (int)(e & RTE_VECTOR),
                         (e & RTE_LEVEL) != 0);
    }
}

static void ioapic_delayed_service(void *opaque)
{
    ioapic_service(opaque);
}

/* The level a pin sees: input 0 (ISA IRQ0) is wired to pin 2. */
static bool ioapic_pin_level(const IOAPICState *s, int pin)
{
    if (pin == 0)
        return false;
    if (pin == 2)
        return (s->inputs & 5) != 0;
    return (s->inputs >> pin) & 1;
}

static void ioapic_input(void *opaque, int n, int level)
{
    IOAPICState *s = opaque;
    int pin = n == 0 ? 2 : n;
    bool old = ioapic_pin_level(s, pin), now;
    uint64_t e = s->ioredtbl[pin];

    if (level)
        s->inputs |= 1u << n;
    else
        s->inputs &= ~(1u << n);
    now = ioapic_pin_level(s, pin);
    if (e & RTE_LEVEL) {
        if (now) {
            s->irr |= 1u << pin;
            ioapic_service(s);
        } else {
            s->irr &= ~(1u << pin);
        }
    } else if (now && !old && !(e & RTE_MASKED)) {
        /* 82093AA: edges arriving while the pin is masked are ignored. */
        s->irr |= 1u << pin;
        ioapic_service(s);
    }
}

IrqLine ioapic_irq(IOAPICState *s, int n)
{
    return irq_line(ioapic_input, s, n);
}

void ioapic_eoi_broadcast(IOAPICState *s, int vector)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t e = s->ioredtbl[pin];

        if ((e & RTE_VECTOR) != (uint64_t)vector || !(e & RTE_LEVEL) || !(e & RTE_REMOTE_IRR))
            continue;
        s->ioredtbl[pin] = e & ~RTE_REMOTE_IRR;
        if (!(e & RTE_MASKED) && (s->irr & (1u << pin))) {
            /* Still asserted: the device wants service again. */
            if (++s->irq_eoi[pin] >= IOAPIC_EOI_STORM) {
                s->irq_eoi[pin] = 0;
                timer_mod(&s->delayed_service,
                          clock_get_ns(VCLOCK_VIRTUAL) + IOAPIC_STORM_DELAY);
            } else {
                ioapic_service(s);
            }
        } else {
            s->irq_eoi[pin] = 0;
        }
    }
}

static void ioapic_eoi_handler(void *opaque, int vector)
{
    ioapic_eoi_broadcast(opaque, vector);
}

static uint32_t ioapic_read_reg(IOAPICState *s)
{
    int index;

    switch (s->ioregsel) {
    case REG_ID:
    case REG_ARB:               /* QEMU reads the ID for arbitration too */
        return (uint32_t)s->id << 24;
    case REG_VER:
        return IOAPIC_VERSION | (IOAPIC_NUM_PINS - 1) << 16;
    default:
        index = (s->ioregsel - REG_REDTBL) >> 1;
        if (s->ioregsel < REG_REDTBL || index >= IOAPIC_NUM_PINS)
            return 0;
        return s->ioregsel & 1 ? (uint32_t)(s->ioredtbl[index] >> 32)
                               : (uint32_t)s->ioredtbl[index];
    }
}

static void ioapic_write_reg(IOAPICState *s, uint32_t val)
{
    int index;
    uint64_t e, ro;

    switch (s->ioregsel) {
    case REG_ID:
        s->id = (val >> 24) & 0xf;
        return;
    case REG_VER:
    case REG_ARB:
        return;                 /* read-only */
    default:
        index = (s->ioregsel - REG_REDTBL) >> 1;
        if (s->ioregsel < REG_REDTBL || index >= IOAPIC_NUM_PINS) {
            if (log_enabled(LOG_GUEST_ERROR))
                log_printf("ioapic: write to register 0x%x\n", s->ioregsel);
            return;
        }
        e = s->ioredtbl[index];
        ro = e & RTE_RO_BITS;
        if (s->ioregsel & 1)
            e = (e & 0xffffffffull) | (uint64_t)val << 32;
        else
            e = (e & ~0xffffffffull) | val;
        e = (e & ~RTE_RO_BITS) | ro;
        /*
         * Linux emulates an EOI on parts without the EOI register by
         * flipping the entry to edge and back; it counts on an edge entry
         * dropping remote IRR (QEMU's ioapic_fix_edge_remote_irr).
         */
        if (!(e & RTE_LEVEL))
            e &= ~RTE_REMOTE_IRR;
        s->ioredtbl[index] = e;
        s->irq_eoi[index] = 0;
        ioapic_service(s);      /* an unmasked, pending pin goes out now */
        return;
    }
}

static uint64_t ioapic_read(void *opaque, uint64_t addr, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr & 0xff) {
    case IOREGSEL:
        return s->ioregsel;
    case IOWIN:
        return size == 4 ? ioapic_read_reg(s) : 0;
    default:
        return 0;
    }
}

static void ioapic_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr & 0xff) {
    case IOREGSEL:
        s->ioregsel = (uint8_t)val;
        break;
    case IOWIN:
        if (size == 4)
            ioapic_write_reg(s, (uint32_t)val);
        else if (log_enabled(LOG_GUEST_ERROR))
            log_printf("ioapic: %u-byte IOWIN write\n", size);
        break;
    case IOEOI:
        if (size == 4)
            ioapic_eoi_broadcast(s, (int)(val & 0xff));
        break;
    default:
        break;
    }
}

/* QEMU's default access sizes: 1 to 4 bytes; IOWIN only acts on 4. */
static const MemoryRegionOps ioapic_ops = { ioapic_read, ioapic_write, 1, 4 };

void ioapic_reset(IOAPICState *s)
{
    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->ioredtbl[i] = RTE_MASKED;
        s->irq_eoi[i] = 0;
    }
    timer_del(&s->delayed_service);
}

IOAPICState *ioapic_init(MemoryRegion *mem, uint64_t base, APICBus *bus)
{
    IOAPICState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->bus = bus;
    s->mem = mem;
    timer_init(&s->delayed_service, VCLOCK_VIRTUAL, ioapic_delayed_service, s);
    ioapic_reset(s);
    apic_bus_set_eoi_handler(bus, ioapic_eoi_handler, s);
    memory_region_init_io(&s->mr, "ioapic", &ioapic_ops, s, 0x1000);
    memory_region_add_subregion(mem, base, &s->mr);
    return s;
}

void ioapic_destroy(IOAPICState *s)
{
    timer_del(&s->delayed_service);
    apic_bus_set_eoi_handler(s->bus, NULL, NULL);
    memory_region_del_subregion(s->mem, &s->mr);
    free(s);
}

static int ioapic_post_load(void *opaque)
{
    IOAPICState *s = opaque;

    if (s->irr >> IOAPIC_NUM_PINS || s->inputs >> IOAPIC_NUM_PINS)
        return -EINVAL;
    memset(s->irq_eoi, 0, sizeof(s->irq_eoi));
    ioapic_service(s);
    return 0;
}

static const VMStateField ioapic_fields[] = {
    VMSTATE(IOAPICState, VMS_U8, id, 0),
    VMSTATE(IOAPICState, VMS_U8, ioregsel, 0),
    VMSTATE(IOAPICState, VMS_U32, irr, 0),
    VMSTATE(IOAPICState, VMS_U32, inputs, 0),
    VMSTATE(IOAPICState, VMS_U64, ioredtbl, IOAPIC_NUM_PINS),
    VMSTATE_END
};

const VMStateDesc vmstate_ioapic = {
    .name = "ioapic",
    .version = 1,
    .fields = ioapic_fields,
    .post_load = ioapic_post_load,
};
