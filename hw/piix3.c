/*
 * PIIX3 ISA bridge: PIRQ routing to ISA IRQs. Register values at reset are
 * the 82371SB datasheet's (section 2.2), as QEMU 7.2's hw/isa/piix3.c has them.
 */
#include <string.h>

#include "hw/piix3.h"

int piix3_pirq_of(int devfn, int pin)
{
    /* Slot 1 (the PIIX itself) pin A is PIRQA: (pin + slot - 1) mod 4. */
    return (pin + PCI_SLOT(devfn) - 1) & 3;
}

static int piix3_map_irq(void *opaque, int devfn, int pin)
{
    return piix3_pirq_of(devfn, pin);
}

/* Drive every ISA line to the OR of the PIRQs routed to it; tell only lines that changed. */
static void piix3_update_isa(PIIX3State *s)
{
    uint16_t levels = 0;

    for (int pirq = 0; pirq < PIIX_NUM_PIRQS; pirq++) {
        uint8_t route = s->dev.config[PIIX_PIRQRC + pirq];

        /* Bit 7 disables; so does any value above 15, as in QEMU (reserved IRQs 0-2, 8, 13
         * are routed anyway: the datasheet calls them reserved, QEMU routes them). */
        if (route < PIIX_NUM_PIC_IRQS && pci_bus_irq_level(s->dev.bus, pirq))
            levels |= 1u << route;
    }
    for (int irq = 0; irq < PIIX_NUM_PIC_IRQS; irq++) {
        uint16_t bit = 1u << irq;

        if ((levels ^ s->isa_levels) & bit)
            irq_set(s->isa_irq[irq], (levels & bit) != 0);
    }
    s->isa_levels = levels;
}

static void piix3_set_irq(void *opaque, int pirq, int level)
{
    piix3_update_isa(opaque);
}

static void piix3_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len)
{
    if (addr < PIIX_PIRQRC + PIIX_NUM_PIRQS && addr + len > PIIX_PIRQRC)
        piix3_update_isa(d->opaque);
}

static void piix3_reset(PCIDevice *d)
{
    uint8_t *c = d->config;

    pci_set_word(c + PCI_COMMAND, 0x0007);     /* I/O, memory, master */
    pci_set_word(c + PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM);
    c[0x4c] = 0x4d;     /* IORT: ISA I/O recovery timer */
    c[0x4e] = 0x03;     /* XBCS: BIOS chip select, RTC enabled */
    c[0x4f] = 0x00;
    memset(c + PIIX_PIRQRC, PIIX_PIRQ_DISABLE, PIIX_NUM_PIRQS);
    c[0x69] = 0x02;     /* TOM: top of memory */
    c[0x70] = 0x80;     /* MBIRQ0 disabled */
    c[0x76] = 0x0c;     /* MBDMA0/1 disabled */
    c[0x77] = 0x0c;
    c[0x78] = 0x02;     /* PCSC */
    c[0x79] = 0x00;
    c[0x80] = 0x00;     /* APICBASE */
    c[0x82] = 0x00;     /* DLC */
    c[0xa0] = 0x08;     /* SMICNTL */
    memset(c + 0xa2, 0, 6);
    c[0xa8] = 0x0f;
    c[0xaa] = 0x00;
    c[0xab] = 0x00;
    c[0xac] = 0x00;
    c[0xae] = 0x00;
    piix3_update_isa(d->opaque);
}

static const PCIDeviceOps piix3_pci_ops = {
    .config_write = piix3_config_write,
    .reset = piix3_reset,
};

int piix3_init(PIIX3State *s, PCIBus *bus, int devfn, const IrqLine isa_irq[PIIX_NUM_PIC_IRQS])
{
    int ret;

    memset(s, 0, sizeof(*s));
    ret = pci_register_device(bus, &s->dev, devfn, "PIIX3", &piix3_pci_ops, s);
    if (ret < 0)
        return ret;
    memcpy(s->isa_irq, isa_irq, sizeof(s->isa_irq));
    pci_config_set_ids(&s->dev, 0x8086, 0x7000, 0x0601, 0x00);
    /* Functions 1-3 (IDE, USB, PM) live behind it. */
    s->dev.config[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_MULTI_FUNCTION;
    pci_bus_set_irq_route(bus, piix3_map_irq, piix3_set_irq, s, PIIX_NUM_PIRQS);
    pci_device_reset(&s->dev);
    return 0;
}

static int piix3_post_load(void *state)
{
    PIIX3State *s = state;

    pci_device_post_load(&s->dev);
    piix3_update_isa(s);
    return 0;
}

static const VMStateField piix3_fields[] = {
    VMSTATE(PIIX3State, VMS_BYTES, dev.config, PCI_CONFIG_SPACE_SIZE),
    VMSTATE_END,
};

const VMStateDesc piix3_vmstate = {
    .name = "PIIX3",
    .version = 1,
    .fields = piix3_fields,
    .post_load = piix3_post_load,
};
