/*
 * The APIC bus (see apic.h): interrupt messages between the local APICs,
 * the IO-APIC and MSIs (SDM Vol.3 10.6 "Issuing Interprocessor Interrupts",
 * 10.11 "Message Signalled Interrupts"), and the xAPIC MMIO window that
 * every CPU sees at 0xfee00000 with its own APIC behind it.
 */
#include "hw/apic-int.h"

#include <stdlib.h>

#include "system/log.h"

/* The APIC of the vCPU running on this thread (apic_set_current). */
static _Thread_local APICState *apic_current;

void apic_set_current(APICState *s)
{
    apic_current = s;
}

APICState *apic_get_current(void)
{
    return apic_current;
}

/* SDM 10.6.2.1 (physical) and 10.6.2.2 (logical: flat, cluster; x2APIC 10.12.10). */
bool apic_bus_match(const APICState *s, uint32_t dest, int dest_mode)
{
    uint8_t d = dest & 0xff, ldr = s->ldr >> 24;

    if (!dest_mode) {
        if (dest == 0xffffffffu)
            return true;
        if (apic_x2apic_mode(s))
            return dest == s->initial_id;
        return dest <= 0xff && (d == 0xff || d == s->id);
    }
    if (apic_x2apic_mode(s)) {
        if (dest == 0xffffffffu)
            return true;
        return (dest >> 16) == (s->ldr >> 16) && (dest & s->ldr & 0xffff);
    }
    switch (s->dfr >> 28) {
    case 0xf:                   /* flat: a bit per APIC */
        return (d & ldr) != 0;
    case 0x0:                   /* cluster: cluster in 7:4 (15 = all), a bit per APIC in 3:0 */
        if ((d >> 4) != 0xf && (d >> 4) != (ldr >> 4))
            return false;
        return (d & ldr & 0xf) != 0;
    default:
        return false;
    }
}

int apic_bus_pic_read(APICBus *bus)
{
    return bus->pic_read ? bus->pic_read(bus->pic_opaque) : -1;
}

void apic_bus_deliver(APICBus *bus, uint32_t dest, int dest_mode, int delivery_mode,
                      int vector, int trigger_mode)
{
    APICState *target[APIC_MAX_CPUS];
    unsigned n = 0;

    for (unsigned i = 0; i < APIC_MAX_CPUS; i++) {
        APICState *s = bus->apic[i];

        /* A globally disabled APIC is off the bus (SDM 10.4.3). */
        if (s && apic_hw_enabled(s) && apic_bus_match(s, dest, dest_mode))
            target[n++] = s;
    }
    if (!n)
        return;
    if (delivery_mode == APIC_DM_LOWPRI) {
        /*
         * SDM 10.6.2.4: the target of lowest priority. Arbitration is
         * approximated by TPR, ties going to the first APIC, which is
         * QEMU's choice (it always picks the first) when TPRs are equal.
         */
        APICState *best = target[0];

        for (unsigned i = 1; i < n; i++) {
            if ((target[i]->tpr & 0xf0) < (best->tpr & 0xf0))
                best = target[i];
        }
        apic_accept(best, APIC_DM_FIXED, vector, trigger_mode);
        return;
    }
    if (delivery_mode == APIC_DM_EXTINT) {
        /* The 8259 supplies the vector (QEMU acknowledges it at delivery). */
        vector = apic_bus_pic_read(bus);
        if (vector < 0)
            return;
    }
    for (unsigned i = 0; i < n; i++)
        apic_accept(target[i], delivery_mode, vector, trigger_mode);
}

/* SDM 10.11.1-2: address bits 19:12 destination, bit 2 destination mode;
 * data bits 7:0 vector, 10:8 delivery mode, 15 trigger mode. */
void apic_bus_send_msi(APICBus *bus, uint64_t addr, uint32_t data)
{
    if ((addr >> 20) != (APIC_DEFAULT_BASE >> 20)) {
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("apic: MSI to 0x%llx outside 0xfeexxxxx\n", (unsigned long long)addr);
        return;
    }
    apic_bus_deliver(bus, (addr >> 12) & 0xff, (addr >> 2) & 1, (data >> 8) & 7, data & 0xff,
                     (data >> 15) & 1);
}

/* Does s decode its xAPIC page at base for the CPU on this thread? */
static bool apic_decodes(const APICState *s, uint64_t base)
{
    return s && apic_hw_enabled(s) && !apic_x2apic_mode(s) &&
           (s->apicbase & APICBASE_ADDR_MASK) == base;
}

static uint64_t apic_window_read(void *opaque, uint64_t addr, unsigned size)
{
    APICBus *bus = opaque;
    APICState *s = apic_current;

    (void)size;
    if (addr > 0xfff || !s || s->bus != bus || !apic_decodes(s, APIC_DEFAULT_BASE))
        return 0;
    return apic_mmio_read(s, (uint32_t)addr);
}

/*
 * As QEMU: the APIC page and the MSI range share the addresses, so a write
 * outside the first 4 KiB, to its first register slot (reserved in the
 * APIC), or not from a CPU whose APIC sits here, is an MSI.
 */
static void apic_window_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    APICBus *bus = opaque;
    APICState *s = apic_current;

    (void)size;
    if (addr <= 0xfff && (addr >> 4) != 0 && s && s->bus == bus &&
        apic_decodes(s, APIC_DEFAULT_BASE)) {
        apic_mmio_write(s, (uint32_t)addr, (uint32_t)val);
        return;
    }
    apic_bus_send_msi(bus, APIC_DEFAULT_BASE + addr, (uint32_t)val);
}

static const MemoryRegionOps apic_window_ops = { apic_window_read, apic_window_write, 4, 4 };

/*
 * A relocated APIC (IA32_APIC_BASE moved off 0xfee00000) gets its own
 * 4 KiB page over whatever is at the new base. Every CPU shares one
 * address space, so the page shadows that address for all of them; only
 * the owner's accesses reach registers (the others read 0).
 */
void apic_bus_place_window(APICBus *bus, APICState *s)
{
    uint64_t base = s->apicbase & APICBASE_ADDR_MASK;

    if (s->window_mapped) {
        memory_region_del_subregion(bus->sysmem, &s->window);
        s->window_mapped = false;
    }
    if (base != APIC_DEFAULT_BASE) {
        memory_region_add_subregion_overlap(bus->sysmem, base, &s->window, 1);
        s->window_mapped = true;
    }
}

void apic_bus_attach(APICBus *bus, APICState *s)
{
    for (unsigned i = 0; i < APIC_MAX_CPUS; i++) {
        if (!bus->apic[i]) {
            bus->apic[i] = s;
            bus->napics++;
            return;
        }
    }
    abort();                    /* more APICs than APIC_MAX_CPUS: a board bug */
}

void apic_bus_detach(APICBus *bus, APICState *s)
{
    for (unsigned i = 0; i < APIC_MAX_CPUS; i++) {
        if (bus->apic[i] == s) {
            bus->apic[i] = NULL;
            bus->napics--;
        }
    }
}

/* QEMU's pic_irq_request: the 8259's INTR reaches LINT0 of every APIC. */
static void apic_bus_pic_intr_handler(void *opaque, int n, int level)
{
    APICBus *bus = opaque;

    (void)n;
    for (unsigned i = 0; i < APIC_MAX_CPUS; i++) {
        if (bus->apic[i])
            irq_set(apic_lint(bus->apic[i], 0), level);
    }
}

IrqLine apic_bus_pic_intr(APICBus *bus)
{
    return irq_line(apic_bus_pic_intr_handler, bus, 0);
}

void apic_bus_set_pic(APICBus *bus, int (*read_irq)(void *opaque), void *opaque)
{
    bus->pic_read = read_irq;
    bus->pic_opaque = opaque;
}

void apic_bus_set_eoi_handler(APICBus *bus, void (*eoi)(void *opaque, int vector), void *opaque)
{
    bus->eoi = eoi;
    bus->eoi_opaque = opaque;
}

APICBus *apic_bus_new(MemoryRegion *sysmem)
{
    APICBus *bus = calloc(1, sizeof(*bus));

    if (!bus)
        abort();
    bus->sysmem = sysmem;
    memory_region_init_io(&bus->window, "apic-msi", &apic_window_ops, bus, APIC_WINDOW_SIZE);
    memory_region_add_subregion(sysmem, APIC_DEFAULT_BASE, &bus->window);
    return bus;
}

void apic_bus_destroy(APICBus *bus)
{
    memory_region_del_subregion(bus->sysmem, &bus->window);
    free(bus);
}
