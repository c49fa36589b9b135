/*
 * PIIX4 power management: ACPI fixed hardware (PM1 event/control, PM timer),
 * GPE0, APM ports and the SCI. Register layout: 82371AB datasheet 3.4 and
 * ACPI 2.0 section 4.7; reset values and quirks guests depend on follow
 * QEMU 7.2's hw/acpi/piix4.c and hw/acpi/core.c.
 */
#include <string.h>

#include "hw/piix4-pm.h"
#include "system/log.h"

#define PIIX4_PMBA          0x40    /* PM base address, bits 15:6; bit 0 reads 1 (I/O) */
#define PIIX4_DEVACTB       0x58
#define PIIX4_DEVACTB_APMC  0x5b    /* byte 3 of DEVACTB: bit 1 is APMC_EN (bit 25) */
#define PIIX4_APMC_EN       0x02
#define PIIX4_PMREGMISC     0x80    /* bit 0: PM I/O space enable */
#define PIIX4_SMBBA         0x90
#define PIIX4_SMBHSTCFG     0xd2

/* PM1_EN bits whose status raises the SCI (ACPI 2.0 4.7.3.1.2). */
#define ACPI_PM1_SCI_SOURCES (ACPI_PM1_RTC | ACPI_PM1_PWRBTN | ACPI_PM1_GBL | ACPI_PM1_TMR)

/* ---- PM timer (ACPI 2.0 4.7.3.3) -------------------------------------- */

static int64_t pm_timer_ticks(void)
{
    int64_t ns = clock_get_ns(VCLOCK_VIRTUAL);

    return (int64_t)((unsigned __int128)(ns < 0 ? 0 : ns) * PM_TIMER_FREQUENCY / NS_PER_SEC);
}

/* Nanoseconds at which the counter reaches tick: rounded up, so the timer fires at or after it. */
static int64_t pm_ticks_to_ns(int64_t tick)
{
    return (int64_t)(((unsigned __int128)tick * NS_PER_SEC + PM_TIMER_FREQUENCY - 1) /
                     PM_TIMER_FREQUENCY);
}

uint32_t piix4_pm_timer_read(const PIIX4PMState *s)
{
    uint64_t t = pm_timer_ticks();

    return s->cfg.tmr_32bit ? (uint32_t)t : (uint32_t)(t & 0xffffff);
}

/* TMR_STS sets each time the counter's top bit toggles. */
static void pm_timer_calc_overflow(PIIX4PMState *s)
{
    int64_t half = s->cfg.tmr_32bit ? INT64_C(0x80000000) : INT64_C(0x800000);

    s->tmr_overflow = (pm_timer_ticks() + half) & ~(half - 1);
}

static uint16_t pm1_sts_now(PIIX4PMState *s)
{
    if (pm_timer_ticks() >= s->tmr_overflow)
        s->pm1_sts |= ACPI_PM1_TMR;
    return s->pm1_sts;
}

static void piix4_pm_update_sci(PIIX4PMState *s)
{
    uint16_t sts = pm1_sts_now(s);
    bool gpe = false;

    for (unsigned i = 0; i < PIIX4_GPE0_LEN / 2; i++)
        gpe |= (s->gpe_sts[i] & s->gpe_en[i]) != 0;
    irq_set(s->sci, (sts & s->pm1_en & ACPI_PM1_SCI_SOURCES) || gpe);
    /* Wake up when TMR_STS would set, if anyone listens for it. */
    if ((s->pm1_en & ACPI_PM1_TMR) && !(sts & ACPI_PM1_TMR))
        timer_mod(&s->tmr_timer, pm_ticks_to_ns(s->tmr_overflow));
    else
        timer_del(&s->tmr_timer);
}

static void piix4_pm_timer_cb(void *opaque)
{
    piix4_pm_update_sci(opaque);
}

/* ---- PM1 block: 16-bit registers, any byte of them ------------------- */

static void pm1_cnt_write(PIIX4PMState *s, uint16_t val, uint16_t mask)
{
    /* SCI_EN belongs to the firmware (APM commands); SLP_EN is write-only. */
    uint16_t keep = ACPI_PM1_CNT_SCI_EN;
    uint16_t cnt = (s->pm1_cnt & (~mask | keep)) | (val & mask & ~keep);

    s->pm1_cnt = cnt & ~ACPI_PM1_CNT_SLP_EN;
    if (val & mask & ACPI_PM1_CNT_SLP_EN) {
        unsigned typ = (cnt >> ACPI_PM1_CNT_SLP_TYP_SHIFT) & 7;

        /* The DSDT's \_S5 is {0, 0}: SLP_TYP 0 is soft-off. No S1-S4 are offered. */
        if (typ == 0) {
            if (s->cfg.poweroff)
                s->cfg.poweroff(s->cfg.opaque);
        } else if (log_enabled(LOG_UNIMP)) {
            log_printf("piix4-pm: sleep type %u not supported\n", typ);
        }
    }
}

static void pm1_write16(PIIX4PMState *s, unsigned reg, uint16_t val, uint16_t mask)
{
    switch (reg) {
    case 0:     /* PM1_STS: write 1 to clear */
        if (pm1_sts_now(s) & val & mask & ACPI_PM1_TMR)
            pm_timer_calc_overflow(s);
        s->pm1_sts &= ~(val & mask);
        piix4_pm_update_sci(s);
        break;
    case 2:     /* PM1_EN */
        s->pm1_en = (s->pm1_en & ~mask) | (val & mask);
        piix4_pm_update_sci(s);
        break;
    case 4:     /* PM1_CNT */
        pm1_cnt_write(s, val, mask);
        break;
    case 8:     /* PM_TMR: read-only */
    case 10:
        break;
    default:
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("piix4-pm: write to reserved PM register 0x%x\n", reg);
        break;
    }
}

static uint64_t piix4_pm_io_read(void *opaque, uint64_t addr, unsigned size)
{
    PIIX4PMState *s = opaque;
    uint8_t regs[12] = { 0 };
    uint64_t v = 0;

    pci_set_word(regs + 0, pm1_sts_now(s));
    pci_set_word(regs + 2, s->pm1_en);
    pci_set_word(regs + 4, s->pm1_cnt);
    pci_set_long(regs + 8, piix4_pm_timer_read(s));
    for (unsigned i = 0; i < size; i++)
        if (addr + i < sizeof(regs))
            v |= (uint64_t)regs[addr + i] << (8 * i);
    return v;
}

static void piix4_pm_io_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PIIX4PMState *s = opaque;

    /* Split into the 16-bit registers touched, with a byte mask for each. */
    for (uint64_t reg = addr & ~UINT64_C(1); reg < addr + size; reg += 2) {
        uint16_t v = 0, mask = 0;

        for (unsigned i = 0; i < 2; i++) {
            uint64_t b = reg + i;

            if (b >= addr && b < addr + size) {
                mask |= 0xff << (8 * i);
                v |= ((val >> (8 * (b - addr))) & 0xff) << (8 * i);
            }
        }
        pm1_write16(s, reg, v, mask);
    }
}

static const MemoryRegionOps piix4_pm_io_ops = {
    .read = piix4_pm_io_read,
    .write = piix4_pm_io_write,
    .min_access = 1,
    .max_access = 4,
};

/* ---- GPE0: status bytes then enable bytes (ACPI 2.0 4.7.1) ----------- */

static uint64_t piix4_gpe_read(void *opaque, uint64_t addr, unsigned size)
{
    PIIX4PMState *s = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned b = addr + i;
        uint8_t byte = b < 2 ? s->gpe_sts[b] : b < 4 ? s->gpe_en[b - 2] : 0;

        v |= (uint64_t)byte << (8 * i);
    }
    return v;
}

static void piix4_gpe_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PIIX4PMState *s = opaque;

    for (unsigned i = 0; i < size; i++) {
        unsigned b = addr + i;
        uint8_t byte = val >> (8 * i);

        if (b < 2)
            s->gpe_sts[b] &= ~byte;
        else if (b < 4)
            s->gpe_en[b - 2] = byte;
    }
    piix4_pm_update_sci(s);
}

static const MemoryRegionOps piix4_gpe_ops = {
    .read = piix4_gpe_read,
    .write = piix4_gpe_write,
    .min_access = 1,
    .max_access = 4,
};

/* ---- APM control (0xb2) and status (0xb3) ----------------------------- */

static uint64_t piix4_apm_read(void *opaque, uint64_t addr, unsigned size)
{
    PIIX4PMState *s = opaque;

    return addr == 0 ? s->apmc : s->apms;
}

static void piix4_apm_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PIIX4PMState *s = opaque;

    if (addr == 1) {
        s->apms = val;
        return;
    }
    s->apmc = val;
    /* ACPI 2.0 4.7.2.5: the OS hands SCI_EN over through SMI_CMD. */
    if (val == ACPI_ENABLE_CMD) {
        s->pm1_cnt |= ACPI_PM1_CNT_SCI_EN;
    } else if (val == ACPI_DISABLE_CMD) {
        s->pm1_cnt &= ~ACPI_PM1_CNT_SCI_EN;
    } else if ((s->dev.config[PIIX4_DEVACTB_APMC] & PIIX4_APMC_EN) && s->cfg.smi) {
        s->cfg.smi(s->cfg.opaque);
    }
}

static const MemoryRegionOps piix4_apm_ops = {
    .read = piix4_apm_read,
    .write = piix4_apm_write,
    .min_access = 1,
    .max_access = 1,
};

/* ---- Config space ----------------------------------------------------- */

static void piix4_pm_io_space_update(PIIX4PMState *s)
{
    uint64_t base = pci_get_long(s->dev.config + PIIX4_PMBA) & 0xffc0;
    bool enabled = s->dev.config[PIIX4_PMREGMISC] & 1;
    uint64_t want = enabled ? base : UINT64_MAX;

    if (want == s->io_base)
        return;
    memory_region_transaction_begin();
    if (s->io_base != UINT64_MAX)
        memory_region_del_subregion(s->io_space, &s->io);
    s->io_base = want;
    if (want != UINT64_MAX)
        memory_region_add_subregion(s->io_space, want, &s->io);
    memory_region_transaction_commit();
}

static void piix4_pm_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len)
{
    if ((addr < PIIX4_PMBA + 4 && addr + len > PIIX4_PMBA) ||
        (addr <= PIIX4_PMREGMISC && addr + len > PIIX4_PMREGMISC))
        piix4_pm_io_space_update(d->opaque);
}

static void piix4_pm_reset(PCIDevice *d)
{
    PIIX4PMState *s = d->opaque;
    uint8_t *c = d->config;

    pci_set_long(c + PIIX4_PMBA, 0x01);
    c[PIIX4_PMREGMISC] = 0;
    pci_set_long(c + PIIX4_DEVACTB, 0);
    /* Without SMM, QEMU marks SMM as set up so SeaBIOS skips its SMI handshake. */
    if (!s->cfg.smm_enabled)
        c[PIIX4_DEVACTB_APMC] = PIIX4_APMC_EN;
    pci_set_long(c + PIIX4_SMBBA, 0x01);
    c[PIIX4_SMBHSTCFG] = 0x09;

    s->pm1_sts = 0;
    s->pm1_en = 0;
    /* QEMU's acpi_only: with no SMM to switch modes, the chipset starts in ACPI mode. */
    s->pm1_cnt = s->cfg.smm_enabled ? 0 : ACPI_PM1_CNT_SCI_EN;
    memset(s->gpe_sts, 0, sizeof(s->gpe_sts));
    memset(s->gpe_en, 0, sizeof(s->gpe_en));
    s->apmc = 0;
    s->apms = 0;
    s->tmr_overflow = 0;
    timer_del(&s->tmr_timer);
    piix4_pm_io_space_update(s);
    piix4_pm_update_sci(s);
}

static const PCIDeviceOps piix4_pm_pci_ops = {
    .config_write = piix4_pm_config_write,
    .reset = piix4_pm_reset,
};

int piix4_pm_init(PIIX4PMState *s, PCIBus *bus, int devfn, MemoryRegion *io_space, IrqLine sci,
                  const PIIX4PMConfig *cfg)
{
    uint8_t *c, *wm;
    int ret;

    memset(s, 0, sizeof(*s));
    ret = pci_register_device(bus, &s->dev, devfn, "PIIX4_PM", &piix4_pm_pci_ops, s);
    if (ret < 0)
        return ret;
    if (cfg)
        s->cfg = *cfg;
    s->sci = sci;
    s->io_space = io_space;
    s->io_base = UINT64_MAX;
    c = s->dev.config;
    wm = s->dev.wmask;
    pci_config_set_ids(&s->dev, 0x8086, 0x7113, 0x0680, 0x03);
    pci_set_word(c + PCI_STATUS, PCI_STATUS_FAST_BACK | PCI_STATUS_DEVSEL_MEDIUM);
    c[PCI_INTERRUPT_PIN] = 1;
    /* PMBA and SMBBA decode bits 15:6 and 15:4; the rest reads as reset. */
    pci_set_long(wm + PIIX4_PMBA, 0xffc0);
    pci_set_long(wm + PIIX4_SMBBA, 0xfff0);

    timer_init(&s->tmr_timer, VCLOCK_VIRTUAL, piix4_pm_timer_cb, s);
    memory_region_init_io(&s->io, "piix4-pm", &piix4_pm_io_ops, s, PIIX4_PM_IO_SIZE);
    memory_region_init_io(&s->gpe_io, "acpi-gpe0", &piix4_gpe_ops, s, PIIX4_GPE0_LEN);
    memory_region_add_subregion(io_space, PIIX4_GPE0_BASE, &s->gpe_io);
    memory_region_init_io(&s->apm_io, "apm-io", &piix4_apm_ops, s, 2);
    memory_region_add_subregion(io_space, APM_CNT_IOPORT, &s->apm_io);
    pci_device_reset(&s->dev);
    return 0;
}

void piix4_pm_destroy(PIIX4PMState *s)
{
    timer_del(&s->tmr_timer);
    memory_region_destroy(&s->io);
    memory_region_destroy(&s->gpe_io);
    memory_region_destroy(&s->apm_io);
    if (s->dev.bus->devices[s->dev.devfn] == &s->dev)
        s->dev.bus->devices[s->dev.devfn] = NULL;
}

void piix4_pm_powerbutton(PIIX4PMState *s)
{
    /* As QEMU's acpi_pm1_evt_power_down: only an armed button latches its status. */
    if (s->pm1_en & ACPI_PM1_PWRBTN) {
        s->pm1_sts |= ACPI_PM1_PWRBTN;
        piix4_pm_update_sci(s);
    }
}

void piix4_pm_gpe_raise(PIIX4PMState *s, unsigned bit)
{
    if (bit >= 8 * sizeof(s->gpe_sts))
        return;
    s->gpe_sts[bit / 8] |= 1u << (bit % 8);
    piix4_pm_update_sci(s);
}

static int piix4_pm_post_load(void *state)
{
    PIIX4PMState *s = state;

    pci_device_post_load(&s->dev);
    piix4_pm_io_space_update(s);
    piix4_pm_update_sci(s);
    return 0;
}

static const VMStateField piix4_pm_fields[] = {
    VMSTATE(PIIX4PMState, VMS_BYTES, dev.config, PCI_CONFIG_SPACE_SIZE),
    VMSTATE(PIIX4PMState, VMS_U16, pm1_sts, 0),
    VMSTATE(PIIX4PMState, VMS_U16, pm1_en, 0),
    VMSTATE(PIIX4PMState, VMS_U16, pm1_cnt, 0),
    VMSTATE(PIIX4PMState, VMS_BYTES, gpe_sts, PIIX4_GPE0_LEN / 2),
    VMSTATE(PIIX4PMState, VMS_BYTES, gpe_en, PIIX4_GPE0_LEN / 2),
    VMSTATE(PIIX4PMState, VMS_U8, apmc, 0),
    VMSTATE(PIIX4PMState, VMS_U8, apms, 0),
    VMSTATE(PIIX4PMState, VMS_I64, tmr_overflow, 0),
    VMSTATE_END,
};

const VMStateDesc piix4_pm_vmstate = {
    .name = "piix4_pm",
    .version = 1,
    .fields = piix4_pm_fields,
    .post_load = piix4_pm_post_load,
};
