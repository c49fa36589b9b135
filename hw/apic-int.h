/*
 * Private to apic.c (one local APIC: registers, timer, local interrupts,
 * MSRs) and apic-bus.c (the bus: message delivery, the shared MMIO window,
 * MSIs, relocated windows). Everything here runs with the bql held.
 */
#ifndef VIREO_HW_APIC_INT_H
#define VIREO_HW_APIC_INT_H

#include "hw/apic.h"
#include "system/clock.h"

/* LVT entries in register order (0x320-0x370), QEMU's APIC_LVT_* */
enum {
    APIC_LVT_TIMER,
    APIC_LVT_THERMAL,
    APIC_LVT_PERF,
    APIC_LVT_LINT0,
    APIC_LVT_LINT1,
    APIC_LVT_ERROR,
    APIC_LVT_NB,
};

#define APIC_LVT_MASKED         (1u << 16)
#define APIC_LVT_LEVEL_TRIGGER  (1u << 15)
#define APIC_LVT_REMOTE_IRR     (1u << 14)
#define APIC_LVT_TIMER_SHIFT    17          /* timer mode, bits 18:17 */
#define APIC_TIMER_ONESHOT      0u
#define APIC_TIMER_PERIODIC     1u
#define APIC_TIMER_TSC_DEADLINE 2u

#define APIC_SVR_ENABLE         (1u << 8)

/* ESR bits (SDM 10.5.3) */
#define APIC_ESR_SEND_ILLEGAL_VECTOR    (1u << 5)
#define APIC_ESR_ILLEGAL_ADDRESS        (1u << 7)

struct APICState {
    /* Guest-visible state: the rows of vmstate_apic. */
    uint64_t apicbase;
    uint32_t id;                /* xAPIC ID (register bits 31:24) */
    uint32_t tpr;
    uint32_t svr;
    uint32_t ldr;               /* the register as read */
    uint32_t dfr;               /* model in bits 31:28 */
    uint32_t isr[8], tmr[8], irr[8];
    uint32_t lvt[APIC_LVT_NB];
    uint32_t esr;               /* latched by the last ESR write */
    uint32_t esr_pending;       /* errors seen since */
    uint32_t icr[2];            /* low, high */
    uint32_t divide_conf;
    uint32_t initial_count;
    int64_t initial_count_load_time;
    int64_t timer_expiry;       /* VCLOCK_VIRTUAL ns of the next timer event; -1 none */
    uint64_t tsc_deadline;
    uint8_t lint_level[2];      /* LINT0 (the 8259's INTR), LINT1 */

    /* Host side */
    APICBus *bus;
    const APICCPUOps *cpu;
    Timer timer;
    uint32_t initial_id;        /* power-on ID: the x2APIC ID */
    bool bsp;
    bool x2apic_allowed;
    bool window_mapped;         /* relocated: window holds the 4 KiB page */
    MemoryRegion window;
};

struct APICBus {
    APICState *apic[APIC_MAX_CPUS];
    unsigned napics;
    MemoryRegion *sysmem;
    MemoryRegion window;        /* the shared "apic-msi" window */
    int (*pic_read)(void *opaque);
    void *pic_opaque;
    void (*eoi)(void *opaque, int vector);
    void *eoi_opaque;
};

static inline bool apic_hw_enabled(const APICState *s)
{
    return (s->apicbase & APICBASE_ENABLE) != 0;
}

static inline bool apic_x2apic_mode(const APICState *s)
{
    return (s->apicbase & (APICBASE_ENABLE | APICBASE_EXTD)) ==
           (APICBASE_ENABLE | APICBASE_EXTD);
}

/* apic.c */
/* Accept an interrupt message from the bus (SDM 10.6). */
void apic_accept(APICState *s, int delivery_mode, int vector, int trigger_mode);
/* The processor priority (SDM 10.8.3.1). */
uint32_t apic_ppr(const APICState *s);
/* The xAPIC page at offset (0..0xfff): reads and writes of 4 bytes. */
uint32_t apic_mmio_read(APICState *s, uint32_t offset);
void apic_mmio_write(APICState *s, uint32_t offset, uint32_t val);
/* Re-evaluate INTR after a change of IRR, ISR, TPR, SVR, LINT0 or the base. */
void apic_update_intr(APICState *s);

/* apic-bus.c */
void apic_bus_attach(APICBus *bus, APICState *s);
void apic_bus_detach(APICBus *bus, APICState *s);
/* Put s's 4 KiB window where its base says (after a relocation). */
void apic_bus_place_window(APICBus *bus, APICState *s);
/* The 8259's acknowledge, -1 without a PIC. */
int apic_bus_pic_read(APICBus *bus);
/* Does s take a message for dest (SDM 10.6.2)? */
bool apic_bus_match(const APICState *s, uint32_t dest, int dest_mode);

#endif
