/*
 * The PIIX4 power-management function, 01.3 (8086:7113), as QEMU's pc has
 * it behind the PIIX3 (82371AB datasheet section 3.4 and ACPI 2.0 chapter 4):
 *   - PM I/O space at PMBA (config 0x40, bits 15:6), enabled by PMREGMISC
 *     (0x80) bit 0; SeaBIOS programs 0x600. Inside: PM1a_EVT (PM1_STS,
 *     PM1_EN) at +0, PM1a_CNT at +4, PM_TMR at +8;
 *   - the PM timer: 3.579545 MHz from the virtual clock, 24 bits (or 32),
 *     TMR_STS set when bit 23 (31) toggles, an SCI when TMR_EN;
 *   - PM1_CNT: SLP_TYP 0 with SLP_EN is S5, the board's power-off callback;
 *     SCI_EN follows the APM commands (ACPI_ENABLE 0xf1 / ACPI_DISABLE 0xf0
 *     written to APMC, port 0xb2), or is always on without SMM as in QEMU;
 *   - GPE0 (status and enable, 2 bytes each) at 0xafe0, QEMU's address;
 *   - APM control/status ports 0xb2/0xb3; an SMI callback when DEVACTB's
 *     APMC_EN (config 0x5b bit 1) is set;
 *   - the SCI on an IrqLine (ISA IRQ 9, level, active high);
 *   - SMBus registers in config space (SMBBA 0x90, SMBHSTCFG 0xd2) only.
 */
#ifndef VIREO_HW_PIIX4_PM_H
#define VIREO_HW_PIIX4_PM_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "hw/pci.h"
#include "hw/vmstate.h"
#include "system/clock.h"
#include "system/memory.h"

#define PM_TIMER_FREQUENCY  3579545
#define PIIX4_PM_IO_SIZE    64
#define PIIX4_GPE0_BASE     0xafe0
#define PIIX4_GPE0_LEN      4
#define APM_CNT_IOPORT      0xb2
#define ACPI_ENABLE_CMD     0xf1
#define ACPI_DISABLE_CMD    0xf0

/* PM1_STS / PM1_EN bits (ACPI 2.0 4.7.3.1). */
enum {
    ACPI_PM1_TMR         = 1u << 0,
    ACPI_PM1_BM_STS      = 1u << 4,
    ACPI_PM1_GBL         = 1u << 5,
    ACPI_PM1_PWRBTN      = 1u << 8,
    ACPI_PM1_SLPBTN      = 1u << 9,
    ACPI_PM1_RTC         = 1u << 10,
    ACPI_PM1_WAK_STS     = 1u << 15,
};

/* PM1_CNT bits (ACPI 2.0 4.7.3.2.1). */
enum {
    ACPI_PM1_CNT_SCI_EN  = 1u << 0,
    ACPI_PM1_CNT_SLP_TYP_SHIFT = 10,
    ACPI_PM1_CNT_SLP_EN  = 1u << 13,
};

typedef void PIIX4PMPowerFn(void *opaque);

typedef struct PIIX4PMConfig {
    bool smm_enabled;       /* SMIs reach a CPU with SMM: SeaBIOS then runs its SMM setup */
    bool tmr_32bit;         /* a 32-bit PM timer (FADT TMR_VAL_EXT); QEMU's is 24-bit */
    PIIX4PMPowerFn *poweroff;   /* S5 entered */
    PIIX4PMPowerFn *smi;        /* APMC written with APMC_EN set */
    void *opaque;
} PIIX4PMConfig;

typedef struct PIIX4PMState {
    PCIDevice dev;
    PIIX4PMConfig cfg;
    IrqLine sci;
    MemoryRegion *io_space;
    MemoryRegion io;            /* PM block at PMBA */
    MemoryRegion gpe_io;
    MemoryRegion apm_io;
    uint64_t io_base;           /* where io is mapped, or UINT64_MAX */
    Timer tmr_timer;

    /* Guest-visible state (piix4_pm_vmstate). */
    uint16_t pm1_sts, pm1_en, pm1_cnt;
    uint8_t gpe_sts[PIIX4_GPE0_LEN / 2], gpe_en[PIIX4_GPE0_LEN / 2];
    uint8_t apmc, apms;
    int64_t tmr_overflow;       /* PM timer tick at which TMR_STS sets next */
} PIIX4PMState;

/*
 * Register as devfn (PCI_DEVFN(1, 3) on pc) of bus, with its fixed ports
 * (GPE0, APM) in io_space; the PM block appears there once the guest
 * programs PMBA and PMREGMISC. 0 or a negative errno.
 */
int piix4_pm_init(PIIX4PMState *s, PCIBus *bus, int devfn, MemoryRegion *io_space, IrqLine sci,
                  const PIIX4PMConfig *cfg);
void piix4_pm_destroy(PIIX4PMState *s);

/* system_powerdown: the fixed power button (PWRBTN_STS, then an SCI if enabled). */
void piix4_pm_powerbutton(PIIX4PMState *s);
/* Raise general-purpose event bit (0..15) in GPE0_STS, for hotplug later. */
void piix4_pm_gpe_raise(PIIX4PMState *s, unsigned bit);
/* The timer value a guest read of PM_TMR returns now. */
uint32_t piix4_pm_timer_read(const PIIX4PMState *s);

extern const VMStateDesc piix4_pm_vmstate;

#endif
