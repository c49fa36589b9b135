/*
 * The local APIC of each x86 CPU and the APIC bus that joins them.
 *
 * Register model: Intel SDM Vol.3 chapter 10 ("Advanced Programmable
 * Interrupt Controller"), as QEMU 7.2's TCG APIC (hw/intc/apic.c) behaves:
 * version 0x50014 (version 0x14, six LVT entries), a 1 GHz bus clock for the
 * timer (QEMU's APIC_BUS_FREQUENCY), the BSP's LINT0 in ExtINT mode from
 * reset so the 8259's INTR reaches CPU 0 while its APIC is enabled.
 *
 * The xAPIC page is one MMIO window at 0xfee00000 (1 MiB, "apic-msi", as
 * QEMU maps it) shared by every CPU: a CPU's access reaches its own APIC,
 * found through apic_set_current(); a write from anything that is not a CPU
 * (device DMA) is an MSI. An APIC relocated through IA32_APIC_BASE gets a
 * 4 KiB window at its new base. x2APIC mode (IA32_APIC_BASE.EXTD) is reached
 * through apic_msr_read/write on MSRs 0x800-0x8ff, when the board allows it
 * (QEMU 7.2's TCG has no x2APIC, so it is off unless apic_allow_x2apic).
 *
 * Threading: the state is touched by the APIC's own vCPU thread (MMIO,
 * MSRs, CR8, the interrupt acknowledge) and by devices on any thread (the
 * IO-APIC, MSIs, the timer). Every entry point documented as "any thread"
 * takes the big device lock (bql_lock, system/main-loop.h) itself when its
 * caller does not hold it; the others (IrqLine handlers, MMIO callbacks,
 * apic_bus_deliver) are called with it held, as everywhere in hw/. The CPU
 * callbacks below are made with the bql held.
 */
#ifndef VIREO_HW_APIC_H
#define VIREO_HW_APIC_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/memory.h"

#define APIC_DEFAULT_BASE   0xfee00000u
#define APIC_WINDOW_SIZE    0x100000u       /* the MMIO/MSI window, QEMU's APIC_SPACE_SIZE */
#define APIC_BUS_FREQUENCY  1000000000u     /* timer input clock: 1 tick per ns, as QEMU */
#define APIC_VERSION        0x50014u
#define APIC_MAX_CPUS       64

/* IA32_APIC_BASE (MSR 0x1b, SDM 10.4.4) */
#define MSR_IA32_APICBASE       0x1b
#define APICBASE_BSP            (1u << 8)
#define APICBASE_EXTD           (1u << 10)  /* x2APIC mode */
#define APICBASE_ENABLE         (1u << 11)
#define APICBASE_ADDR_MASK      0xffffff000ull  /* 36 physical address bits */

/* Delivery modes (ICR, LVT, IO-APIC redirection entries, MSI data) */
enum {
    APIC_DM_FIXED = 0,
    APIC_DM_LOWPRI = 1,
    APIC_DM_SMI = 2,
    APIC_DM_NMI = 4,
    APIC_DM_INIT = 5,
    APIC_DM_STARTUP = 6,
    APIC_DM_EXTINT = 7,
};

typedef struct APICState APICState;
typedef struct APICBus APICBus;

/*
 * The CPU side, supplied by the board for each CPU (pointer kept, not
 * copied). set_intr is the INTR level: high while the APIC (or the 8259
 * through LINT0) has an interrupt for the CPU to acknowledge with
 * apic_get_interrupt. nmi, init and sipi are edges. smi may be NULL (SMIs
 * are then dropped and logged under LOG_UNIMP).
 */
typedef struct APICCPUOps {
    void (*set_intr)(void *cpu, bool level);
    void (*nmi)(void *cpu);
    void (*init)(void *cpu);
    void (*sipi)(void *cpu, int vector);
    void (*smi)(void *cpu);
    void *cpu;
} APICCPUOps;

/* ---- The bus --------------------------------------------------------- */

/*
 * Map the shared xAPIC/MSI window at APIC_DEFAULT_BASE in sysmem (the
 * system memory container; relocated windows go there too). Aborts on OOM.
 */
APICBus *apic_bus_new(MemoryRegion *sysmem);
/* Unmap; the APICs must be destroyed first. */
void apic_bus_destroy(APICBus *bus);

/*
 * The 8259's interrupt acknowledge (pic_read_irq), for ExtINT deliveries.
 * Without it an ExtINT acknowledge returns -1.
 */
void apic_bus_set_pic(APICBus *bus, int (*read_irq)(void *opaque), void *opaque);
/*
 * The 8259's INTR output: a line that goes to LINT0 of every APIC (QEMU's
 * pic_irq_request). With an APIC globally disabled, the level passes
 * straight to its CPU's set_intr.
 */
IrqLine apic_bus_pic_intr(APICBus *bus);
/* Told of every EOI of a level-triggered vector (the IO-APIC's remote IRR). */
void apic_bus_set_eoi_handler(APICBus *bus, void (*eoi)(void *opaque, int vector), void *opaque);

/*
 * Send an interrupt message to the APICs that dest selects: dest_mode 0
 * physical (an APIC ID; 0xff or 0xffffffff broadcast), 1 logical (flat or
 * cluster per each APIC's DFR; x2APIC clusters for APICs in x2APIC mode).
 * Used by ICR writes, the IO-APIC and MSIs. Bql held.
 */
void apic_bus_deliver(APICBus *bus, uint32_t dest, int dest_mode, int delivery_mode,
                      int vector, int trigger_mode);
/* An MSI write (address 0xfeeXXXXX, data), as a PCI device's DMA does. Bql held. */
void apic_bus_send_msi(APICBus *bus, uint64_t addr, uint32_t data);

/* ---- One local APIC -------------------------------------------------- */

/*
 * Make the APIC of one CPU with APIC ID id (xAPIC IDs are 8 bits; < 255),
 * bsp setting IA32_APIC_BASE.BSP; then power-on reset. Aborts on OOM.
 */
APICState *apic_new(APICBus *bus, uint32_t id, bool bsp, const APICCPUOps *cpu);
void apic_destroy(APICState *s);
/* Power-on / system reset: xAPIC mode enabled at 0xfee00000, LVTs masked
 * (the BSP's LINT0 ExtINT), software-disabled (SVR 0xff). Bql held. */
void apic_reset(APICState *s);
/* What an INIT does to the APIC (SDM 10.4.7.3): like reset, but the ID and
 * IA32_APIC_BASE are kept. Called by INIT deliveries themselves. Bql held. */
void apic_init_reset(APICState *s);

/* Let the guest enter x2APIC mode (the CPU model advertises x2APIC). */
void apic_allow_x2apic(APICState *s, bool allow);

/* The calling thread is this APIC's vCPU: its xAPIC MMIO accesses reach s. */
void apic_set_current(APICState *s);
APICState *apic_get_current(void);

/* Local interrupt pins: n = 0 (LINT0) or 1 (LINT1, the NMI pin). */
IrqLine apic_lint(APICState *s, int n);

/*
 * The interrupt acknowledge, on the CPU's thread (any lock state): the
 * vector to take, moved from IRR to ISR, or the PIC's vector for ExtINT,
 * the spurious vector when what raised INTR is now masked by priority, or
 * -1 for nothing.
 */
int apic_get_interrupt(APICState *s);
/* Is INTR high (an interrupt to acknowledge)? Any thread. */
bool apic_has_interrupt(APICState *s);

/* CR8 (SDM 10.8.6.1): TPR bits 7:4. Any thread. */
unsigned apic_get_tpr(APICState *s);
void apic_set_tpr(APICState *s, unsigned cr8);

/*
 * RDMSR/WRMSR of IA32_APIC_BASE (0x1b) and the x2APIC registers
 * (0x800-0x8ff). 0, or -1 when the access raises #GP (x2APIC registers
 * outside x2APIC mode, read-only or write-only registers, reserved bits,
 * illegal IA32_APIC_BASE transitions). Any thread.
 */
int apic_msr_read(APICState *s, uint32_t msr, uint64_t *val);
int apic_msr_write(APICState *s, uint32_t msr, uint64_t val);

/*
 * IA32_TSC_DEADLINE (MSR 0x6e0, SDM 10.5.4.1): the CPU owns the TSC, so it
 * passes the value written and the VCLOCK_VIRTUAL time the TSC reaches it.
 * Ignored unless the LVT timer is in TSC-deadline mode; 0 disarms. Reads
 * return the armed value, 0 once it fired. Any thread.
 */
void apic_set_tsc_deadline(APICState *s, uint64_t tsc, int64_t expire_ns);
uint64_t apic_get_tsc_deadline(APICState *s);

uint64_t apic_get_base(APICState *s);
uint32_t apic_get_id(APICState *s);

/* Guest-visible state of one APIC (timer deadline included). */
extern const VMStateDesc vmstate_apic;

#endif
