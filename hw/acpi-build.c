/*
 * ACPI tables for the pc board and the bios-linker-loader script.
 * Table layouts: ACPI 2.0c chapter 5 (section numbers below); the loader
 * command format is QEMU's hw/acpi/bios-linker-loader.c, as SeaBIOS's
 * src/fw/romfile_loader.c executes it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/acpi-build.h"
#include "hw/aml.h"

/* bios-linker-loader commands: 128 bytes each, little-endian. */
enum {
    LOADER_ALLOCATE     = 1,
    LOADER_ADD_POINTER  = 2,
    LOADER_ADD_CHECKSUM = 3,
    LOADER_CMD_SIZE     = 128,
    LOADER_FILESZ       = 56,
    LOADER_ZONE_HIGH    = 1,
    LOADER_ZONE_FSEG    = 2,
};

#define ACPI_OEM_ID         "BOCHS "
#define ACPI_OEM_TABLE_ID   "BXPC    "
#define ACPI_CREATOR_ID     "BXPC"
#define ACPI_HEADER_SIZE    36
#define RTC_CENTURY         0x32
#define PIIX_RCR_PORT       0xcf9

uint8_t acpi_checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    while (len--)
        sum += *p++;
    return sum;
}

/* ---- Byte-level helpers on a growing blob (an Aml used as a byte string) -- */

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = v >> (8 * i);
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void blob_le(Aml *b, uint64_t v, unsigned n)
{
    uint8_t tmp[8];

    put_le(tmp, v, n);
    aml_bytes(b, tmp, n);
}

static void blob_zeros(Aml *b, size_t n)
{
    static const uint8_t zeros[64];

    while (n) {
        size_t k = n < sizeof(zeros) ? n : sizeof(zeros);

        aml_bytes(b, zeros, k);
        n -= k;
    }
}

static void blob_align(Aml *b, size_t align)
{
    blob_zeros(b, (align - b->len % align) % align);
}

/* Generic Address Structure (5.2.3.1). */
static void blob_gas(Aml *b, uint8_t space, uint8_t bits, uint8_t access, uint64_t addr)
{
    aml_byte(b, space);
    aml_byte(b, bits);
    aml_byte(b, 0);
    aml_byte(b, access);
    blob_le(b, addr, 8);
}

/* ---- Loader script ---------------------------------------------------- */

static void loader_cmd(Aml *l, const uint8_t cmd[LOADER_CMD_SIZE])
{
    aml_bytes(l, cmd, LOADER_CMD_SIZE);
}

static void loader_allocate(Aml *l, const char *file, uint32_t align, uint8_t zone)
{
    uint8_t c[LOADER_CMD_SIZE] = { 0 };

    put_le(c, LOADER_ALLOCATE, 4);
    strncpy((char *)c + 4, file, LOADER_FILESZ - 1);
    put_le(c + 4 + LOADER_FILESZ, align, 4);
    c[8 + LOADER_FILESZ] = zone;
    loader_cmd(l, c);
}

/*
 * dest_file's size-byte field at offset holds an offset into src_file; the
 * loader adds src_file's address. The field is written here.
 */
static void loader_add_pointer(Aml *l, Aml *dest_blob, const char *dest_file, uint32_t offset,
                               uint8_t size, const char *src_file, uint64_t src_offset)
{
    uint8_t c[LOADER_CMD_SIZE] = { 0 };

    if (!dest_blob->oom)
        put_le(dest_blob->data + offset, src_offset, size);
    put_le(c, LOADER_ADD_POINTER, 4);
    strncpy((char *)c + 4, dest_file, LOADER_FILESZ - 1);
    strncpy((char *)c + 4 + LOADER_FILESZ, src_file, LOADER_FILESZ - 1);
    put_le(c + 4 + 2 * LOADER_FILESZ, offset, 4);
    c[8 + 2 * LOADER_FILESZ] = size;
    loader_cmd(l, c);
}

static void loader_add_checksum(Aml *l, const char *file, uint32_t offset, uint32_t start,
                                uint32_t length)
{
    uint8_t c[LOADER_CMD_SIZE] = { 0 };

    put_le(c, LOADER_ADD_CHECKSUM, 4);
    strncpy((char *)c + 4, file, LOADER_FILESZ - 1);
    put_le(c + 4 + LOADER_FILESZ, offset, 4);
    put_le(c + 8 + LOADER_FILESZ, start, 4);
    put_le(c + 12 + LOADER_FILESZ, length, 4);
    loader_cmd(l, c);
}

/* ---- System description table header (5.2.6) -------------------------- */

static size_t table_begin(Aml *b, const char *sig, uint8_t rev)
{
    size_t start = b->len;

    aml_bytes(b, sig, 4);
    blob_le(b, 0, 4);               /* length, patched by table_end */
    aml_byte(b, rev);
    aml_byte(b, 0);                 /* checksum, set by the loader */
    aml_bytes(b, ACPI_OEM_ID, 6);
    aml_bytes(b, ACPI_OEM_TABLE_ID, 8);
    blob_le(b, 1, 4);               /* OEM revision */
    aml_bytes(b, ACPI_CREATOR_ID, 4);
    blob_le(b, 1, 4);               /* creator revision */
    return start;
}

static void table_end(Aml *b, Aml *l, size_t start)
{
    uint32_t len = b->len - start;

    if (b->oom)
        return;
    put_le(b->data + start + 4, len, 4);
    loader_add_checksum(l, ACPI_BUILD_TABLE_FILE, start + 9, start, len);
}

/* ---- DSDT ------------------------------------------------------------- */

static void dsdt_isa_device(Aml *isa, const char *name, const char *hid, int uid, const Aml *res)
{
    Aml dev, tmpl;

    aml_init(&dev);
    aml_init(&tmpl);
    aml_name_decl_eisaid(&dev, "_HID", hid);
    if (uid >= 0)
        aml_name_decl_int(&dev, "_UID", uid);
    aml_resource_template(&tmpl, res);
    aml_name_decl(&dev, "_CRS", &tmpl);
    aml_device(isa, name, &dev);
    aml_free(&dev);
    aml_free(&tmpl);
}

static void dsdt_isa(Aml *pci0, const AcpiConfig *cfg)
{
    static const struct { uint16_t port; uint8_t irq; } com[4] = {
        { 0x3f8, 4 }, { 0x2f8, 3 }, { 0x3e8, 4 }, { 0x2e8, 3 },
    };
    Aml isa, r;

    aml_init(&isa);
    aml_init(&r);
    aml_name_decl_int(&isa, "_ADR", 0x00010000);
    /* The PIRQRC registers, for the link devices' methods. */
    aml_opregion(&isa, "P40C", AML_PCI_CONFIG, 0x60, 4);
    if (cfg->rtc) {
        aml_res_io(&r, 0x70, 0x70, 1, 8);
        aml_res_irq_noflags(&r, 1u << 8);
        dsdt_isa_device(&isa, "RTC", "PNP0B00", -1, &r);
        r.len = 0;
    }
    if (cfg->i8042) {
        aml_res_io(&r, 0x60, 0x60, 1, 1);
        aml_res_io(&r, 0x64, 0x64, 1, 1);
        aml_res_irq_noflags(&r, 1u << 1);
        dsdt_isa_device(&isa, "KBD", "PNP0303", -1, &r);
        r.len = 0;
        aml_res_irq_noflags(&r, 1u << 12);
        dsdt_isa_device(&isa, "MOU", "PNP0F13", -1, &r);
        r.len = 0;
    }
    if (cfg->pit) {
        aml_res_io(&r, 0x40, 0x40, 1, 4);
        aml_res_irq_noflags(&r, 1u << 0);
        dsdt_isa_device(&isa, "PIT", "PNP0100", -1, &r);
        r.len = 0;
    }
    if (cfg->pic) {
        aml_res_io(&r, 0x20, 0x20, 1, 2);
        aml_res_io(&r, 0xa0, 0xa0, 1, 2);
        aml_res_irq_noflags(&r, 1u << 2);
        dsdt_isa_device(&isa, "PIC", "PNP0000", -1, &r);
        r.len = 0;
    }
    for (int i = 0; i < 4; i++) {
        char name[5];

        if (!(cfg->serial_mask & (1u << i)))
            continue;
        snprintf(name, sizeof(name), "COM%d", i + 1);
        aml_res_io(&r, com[i].port, com[i].port, 0, 8);
        aml_res_irq_noflags(&r, 1u << com[i].irq);
        dsdt_isa_device(&isa, name, "PNP0501", i + 1, &r);
        r.len = 0;
    }
    aml_device(pci0, "ISA", &isa);
    aml_free(&isa);
    aml_free(&r);
}

/* Slot s pin p goes to link (s + p) & 3 = LNKD, LNKA, LNKB, LNKC: PIRQ (p + s - 1) & 3. */
static void dsdt_prt(Aml *pci0)
{
    static const char *const lnk[4] = { "LNKD", "LNKA", "LNKB", "LNKC" };
    Aml elems, e;

    aml_init(&elems);
    aml_init(&e);
    for (unsigned slot = 0; slot < 32; slot++)
        for (unsigned pin = 0; pin < 4; pin++) {
            e.len = 0;
            aml_int(&e, slot << 16 | 0xffff);
            aml_int(&e, pin);
            /* 01.3's pin A is the PM function: its SCI, not a PIRQ (QEMU's LNKS). */
            aml_name(&e, slot == 1 && pin == 0 ? "LNKS" : lnk[(slot + pin) & 3]);
            aml_int(&e, 0);
            aml_package(&elems, 4, &e);
        }
    e.len = 0;
    aml_package(&e, 128, &elems);
    aml_name_decl(pci0, "_PRT", &e);
    aml_free(&elems);
    aml_free(&e);
}

static void dsdt_pci0(Aml *sb, const AcpiConfig *cfg)
{
    Aml pci0, r, tmpl;

    aml_init(&pci0);
    aml_init(&r);
    aml_init(&tmpl);
    aml_name_decl_eisaid(&pci0, "_HID", "PNP0A03");
    aml_name_decl_int(&pci0, "_ADR", 0);
    aml_name_decl_int(&pci0, "_UID", 0);
    /* The root bus's windows: what Linux may assign BARs from. */
    aml_res_word_bus(&r, 0x00, 0xff);
    aml_res_io(&r, 0xcf8, 0xcf8, 1, 8);
    aml_res_word_io(&r, 0x0000, 0x0cf7);
    aml_res_word_io(&r, 0x0d00, 0xffff);
    aml_res_dword_memory(&r, true, 0x000a0000, 0x000bffff);
    if (cfg->ram_below_4g < ACPI_IOAPIC_ADDR)
        aml_res_dword_memory(&r, false, cfg->ram_below_4g, ACPI_IOAPIC_ADDR - 1);
    if (cfg->pci_hole64_size)
        aml_res_qword_memory(&r, false, cfg->pci_hole64_start,
                             cfg->pci_hole64_start + cfg->pci_hole64_size - 1);
    aml_resource_template(&tmpl, &r);
    aml_name_decl(&pci0, "_CRS", &tmpl);
    dsdt_prt(&pci0);
    dsdt_isa(&pci0, cfg);
    aml_device(sb, "PCI0", &pci0);
    aml_free(&pci0);
    aml_free(&r);
    aml_free(&tmpl);
}

/* IQST(reg): a link's _STA from its PIRQRC value; IQCR(reg): its _CRS. */
static void dsdt_link_methods(Aml *sb)
{
    static const uint32_t irq0 = 0;
    Aml body, pred, then, r, tmpl;

    aml_init(&body);
    aml_init(&pred);
    aml_init(&then);
    aml_init(&r);
    aml_init(&tmpl);

    /* If (And(0x80, Arg0)) { Return (0x09) }  Return (0x0B): disabled vs enabled. */
    aml_byte(&pred, AML_AND_OP);
    aml_int(&pred, 0x80);
    aml_byte(&pred, AML_ARG0);
    aml_byte(&pred, AML_ZERO_OP);
    aml_return_int(&then, 0x09);
    aml_if(&body, &pred, &then);
    aml_return_int(&body, 0x0b);
    aml_method(sb, "IQST", 1, false, &body);

    /* Name(PRR0, Interrupt {0}); CreateDWordField(PRR0, 5, PRRI);
     * If (LLess(Arg0, 0x80)) { Store(Arg0, PRRI) }  Return (PRR0) */
    body.len = pred.len = then.len = 0;
    aml_res_interrupt(&r, true, false, true, &irq0, 1);
    aml_resource_template(&tmpl, &r);
    aml_name_decl(&body, "PRR0", &tmpl);
    aml_byte(&body, AML_CREATE_DWORD_FIELD_OP);
    aml_name(&body, "PRR0");
    aml_int(&body, 5);
    aml_name(&body, "PRRI");
    aml_byte(&pred, AML_LLESS_OP);
    aml_byte(&pred, AML_ARG0);
    aml_int(&pred, 0x80);
    aml_byte(&then, AML_STORE_OP);
    aml_byte(&then, AML_ARG0);
    aml_name(&then, "PRRI");
    aml_if(&body, &pred, &then);
    aml_byte(&body, AML_RETURN_OP);
    aml_name(&body, "PRR0");
    aml_method(sb, "IQCR", 1, true, &body);

    aml_free(&body);
    aml_free(&pred);
    aml_free(&then);
    aml_free(&r);
    aml_free(&tmpl);
}

/* A PCI interrupt link (PNP0C0F) whose routing register is the Field unit reg. */
static void dsdt_link(Aml *sb, const char *name, unsigned uid, const char *reg)
{
    static const uint32_t irqs[] = { 5, 10, 11 };
    Aml dev, m, r, tmpl;

    aml_init(&dev);
    aml_init(&m);
    aml_init(&r);
    aml_init(&tmpl);
    aml_name_decl_eisaid(&dev, "_HID", "PNP0C0F");
    aml_name_decl_int(&dev, "_UID", uid);
    aml_res_interrupt(&r, true, false, true, irqs, 3);
    aml_resource_template(&tmpl, &r);
    aml_name_decl(&dev, "_PRS", &tmpl);

    aml_byte(&m, AML_RETURN_OP);                /* Return (IQST (reg)) */
    aml_name(&m, "IQST");
    aml_name(&m, reg);
    aml_method(&dev, "_STA", 0, false, &m);

    m.len = 0;                                  /* Or (reg, 0x80, reg) */
    aml_byte(&m, AML_OR_OP);
    aml_name(&m, reg);
    aml_int(&m, 0x80);
    aml_name(&m, reg);
    aml_method(&dev, "_DIS", 0, false, &m);

    m.len = 0;                                  /* Return (IQCR (reg)) */
    aml_byte(&m, AML_RETURN_OP);
    aml_name(&m, "IQCR");
    aml_name(&m, reg);
    aml_method(&dev, "_CRS", 0, false, &m);

    m.len = 0;          /* CreateDWordField (Arg0, 5, PRRI)  Store (PRRI, reg) */
    aml_byte(&m, AML_CREATE_DWORD_FIELD_OP);
    aml_byte(&m, AML_ARG0);
    aml_int(&m, 5);
    aml_name(&m, "PRRI");
    aml_byte(&m, AML_STORE_OP);
    aml_name(&m, "PRRI");
    aml_name(&m, reg);
    aml_method(&dev, "_SRS", 1, false, &m);

    aml_device(sb, name, &dev);
    aml_free(&dev);
    aml_free(&m);
    aml_free(&r);
    aml_free(&tmpl);
}

/* LNKS: the SCI, hard-wired to one IRQ. */
static void dsdt_link_sci(Aml *sb, uint32_t sci)
{
    Aml dev, m, r, tmpl;

    aml_init(&dev);
    aml_init(&m);
    aml_init(&r);
    aml_init(&tmpl);
    aml_name_decl_eisaid(&dev, "_HID", "PNP0C0F");
    aml_name_decl_int(&dev, "_UID", 4);
    aml_res_interrupt(&r, true, false, true, &sci, 1);
    aml_resource_template(&tmpl, &r);
    aml_name_decl(&dev, "_PRS", &tmpl);
    aml_return_int(&m, 0x0b);
    aml_method(&dev, "_STA", 0, false, &m);
    m.len = 0;
    aml_method(&dev, "_SRS", 1, false, &m);
    aml_method(&dev, "_DIS", 0, false, &m);
    aml_byte(&m, AML_RETURN_OP);
    aml_name(&m, "_PRS");
    aml_method(&dev, "_CRS", 0, false, &m);
    aml_device(sb, "LNKS", &dev);
    aml_free(&dev);
    aml_free(&m);
    aml_free(&r);
    aml_free(&tmpl);
}

static void dsdt_hpet(Aml *sb)
{
    Aml dev, m, r, tmpl;

    aml_init(&dev);
    aml_init(&m);
    aml_init(&r);
    aml_init(&tmpl);
    aml_name_decl_eisaid(&dev, "_HID", "PNP0103");
    aml_name_decl_int(&dev, "_UID", 0);
    aml_return_int(&m, 0x0f);
    aml_method(&dev, "_STA", 0, false, &m);
    aml_res_memory32_fixed(&r, ACPI_HPET_ADDR, 0x400, false);
    aml_resource_template(&tmpl, &r);
    aml_name_decl(&dev, "_CRS", &tmpl);
    aml_device(sb, "HPET", &dev);
    aml_free(&dev);
    aml_free(&m);
    aml_free(&r);
    aml_free(&tmpl);
}

static void dsdt_body(Aml *out, const AcpiConfig *cfg)
{
    static const char *const prq[4] = { "PRQ0", "PRQ1", "PRQ2", "PRQ3" };
    Aml sb, v;

    aml_init(&sb);
    aml_init(&v);

    /* \_S5: SLP_TYP 0 for PM1a and PM1b (the PIIX4's soft-off). */
    for (int i = 0; i < 4; i++)
        aml_int(&v, 0);
    {
        Aml pkg;

        aml_init(&pkg);
        aml_package(&pkg, 4, &v);
        aml_name_decl(out, "_S5", &pkg);
        aml_free(&pkg);
    }

    dsdt_pci0(&sb, cfg);
    aml_field_bytes(&sb, "PCI0.ISA.P40C", prq, 4);
    dsdt_link_methods(&sb);
    dsdt_link(&sb, "LNKA", 0, prq[0]);
    dsdt_link(&sb, "LNKB", 1, prq[1]);
    dsdt_link(&sb, "LNKC", 2, prq[2]);
    dsdt_link(&sb, "LNKD", 3, prq[3]);
    dsdt_link_sci(&sb, cfg->sci_irq);
    if (cfg->hpet)
        dsdt_hpet(&sb);
    for (unsigned i = 0; i < cfg->ncpus; i++) {
        Aml cpu;
        char name[5];

        aml_init(&cpu);
        snprintf(name, sizeof(name), "C%03X", i & 0xfff);
        aml_name_decl_string(&cpu, "_HID", "ACPI0007");
        aml_name_decl_int(&cpu, "_UID", i);
        aml_device(&sb, name, &cpu);
        aml_free(&cpu);
    }
    aml_scope(out, "\\_SB", &sb);
    aml_free(&sb);
    aml_free(&v);
}

/* ---- Fixed tables ----------------------------------------------------- */

/* FADT revision 3 (5.2.9), 244 bytes. Returns its offset. */
static size_t build_fadt(Aml *b, Aml *l, const AcpiConfig *cfg, size_t facs, size_t dsdt)
{
    size_t t = table_begin(b, "FACP", 3);
    uint32_t flags = 1u << 0      /* WBINVD */
                   | 1u << 2      /* PROC_C1 */
                   | 1u << 5      /* SLP_BUTTON: no fixed sleep button */
                   | 1u << 7      /* RTC_S4 */
                   | 1u << 10     /* RESET_REG_SUP */
                   | 1u << 15;    /* USE_PLATFORM_CLOCK */

    if (cfg->pm_tmr_32bit)
        flags |= 1u << 8;         /* TMR_VAL_EXT */
    if (cfg->ncpus > 8)
        flags |= 1u << 18;        /* FORCE_APIC_CLUSTER_MODEL: flat logical stops at 8 */

    blob_le(b, 0, 4);             /* 36 FIRMWARE_CTRL, linked below */
    blob_le(b, 0, 4);             /* 40 DSDT, linked below */
    aml_byte(b, 1);               /* 44 INT_MODEL (ACPI 1.0): multiple APIC */
    aml_byte(b, 0);               /* 45 Preferred_PM_Profile: unspecified */
    blob_le(b, cfg->sci_irq, 2);  /* 46 SCI_INT */
    blob_le(b, 0xb2, 4);          /* 48 SMI_CMD: the PIIX4's APMC port */
    aml_byte(b, 0xf1);            /* 52 ACPI_ENABLE */
    aml_byte(b, 0xf0);            /* 53 ACPI_DISABLE */
    aml_byte(b, 0);               /* 54 S4BIOS_REQ */
    aml_byte(b, 0);               /* 55 PSTATE_CNT */
    blob_le(b, cfg->pm_base, 4);          /* 56 PM1a_EVT_BLK */
    blob_le(b, 0, 4);                     /* 60 PM1b_EVT_BLK */
    blob_le(b, cfg->pm_base + 4, 4);      /* 64 PM1a_CNT_BLK */
    blob_le(b, 0, 4);                     /* 68 PM1b_CNT_BLK */
    blob_le(b, 0, 4);                     /* 72 PM2_CNT_BLK */
    blob_le(b, cfg->pm_base + 8, 4);      /* 76 PM_TMR_BLK */
    blob_le(b, cfg->gpe0_base, 4);        /* 80 GPE0_BLK */
    blob_le(b, 0, 4);                     /* 84 GPE1_BLK */
    aml_byte(b, 4);               /* 88 PM1_EVT_LEN */
    aml_byte(b, 2);               /* 89 PM1_CNT_LEN */
    aml_byte(b, 0);               /* 90 PM2_CNT_LEN */
    aml_byte(b, 4);               /* 91 PM_TMR_LEN */
    aml_byte(b, 4);               /* 92 GPE0_BLK_LEN */
    aml_byte(b, 0);               /* 93 GPE1_BLK_LEN */
    aml_byte(b, 0);               /* 94 GPE1_BASE */
    aml_byte(b, 0);               /* 95 CST_CNT */
    blob_le(b, 0xfff, 2);         /* 96 P_LVL2_LAT: no C2 */
    blob_le(b, 0xfff, 2);         /* 98 P_LVL3_LAT: no C3 */
    blob_le(b, 0, 2);             /* 100 FLUSH_SIZE */
    blob_le(b, 0, 2);             /* 102 FLUSH_STRIDE */
    aml_byte(b, 0);               /* 104 DUTY_OFFSET */
    aml_byte(b, 0);               /* 105 DUTY_WIDTH */
    aml_byte(b, 0);               /* 106 DAY_ALRM */
    aml_byte(b, 0);               /* 107 MON_ALRM */
    aml_byte(b, RTC_CENTURY);     /* 108 CENTURY */
    /* 109 IAPC_BOOT_ARCH: LEGACY_DEVICES, 8042 (Linux drops i8042 without it on rev >= 2) */
    blob_le(b, (cfg->i8042 ? 0x02 : 0) | (cfg->serial_mask || cfg->rtc ? 0x01 : 0), 2);
    aml_byte(b, 0);               /* 111 reserved */
    blob_le(b, flags, 4);         /* 112 Flags */
    blob_gas(b, 1, 8, 1, PIIX_RCR_PORT);  /* 116 RESET_REG */
    aml_byte(b, 0x06);            /* 128 RESET_VALUE: RST_CPU | SYS_RST */
    blob_zeros(b, 3);             /* 129 reserved */
    blob_le(b, 0, 8);             /* 132 X_FIRMWARE_CTRL: FIRMWARE_CTRL is used */
    blob_le(b, 0, 8);             /* 140 X_DSDT, linked below */
    blob_gas(b, 1, 32, 0, cfg->pm_base);      /* 148 X_PM1a_EVT_BLK */
    blob_gas(b, 0, 0, 0, 0);                  /* 160 X_PM1b_EVT_BLK */
    blob_gas(b, 1, 16, 0, cfg->pm_base + 4);  /* 172 X_PM1a_CNT_BLK */
    blob_gas(b, 0, 0, 0, 0);                  /* 184 X_PM1b_CNT_BLK */
    blob_gas(b, 0, 0, 0, 0);                  /* 196 X_PM2_CNT_BLK */
    blob_gas(b, 1, 32, 0, cfg->pm_base + 8);  /* 208 X_PM_TMR_BLK */
    blob_gas(b, 1, 32, 0, cfg->gpe0_base);    /* 220 X_GPE0_BLK */
    blob_gas(b, 0, 0, 0, 0);                  /* 232 X_GPE1_BLK */

    loader_add_pointer(l, b, ACPI_BUILD_TABLE_FILE, t + 36, 4, ACPI_BUILD_TABLE_FILE, facs);
    loader_add_pointer(l, b, ACPI_BUILD_TABLE_FILE, t + 40, 4, ACPI_BUILD_TABLE_FILE, dsdt);
    loader_add_pointer(l, b, ACPI_BUILD_TABLE_FILE, t + 140, 8, ACPI_BUILD_TABLE_FILE, dsdt);
    table_end(b, l, t);
    return t;
}

/* MADT (5.2.10): LAPICs, the IOAPIC, overrides, the LINT1 NMI. */
static size_t build_madt(Aml *b, Aml *l, const AcpiConfig *cfg)
{
    size_t t = table_begin(b, "APIC", 1);

    blob_le(b, ACPI_LAPIC_ADDR, 4);
    blob_le(b, 1, 4);                     /* PCAT_COMPAT: there are 8259s */
    for (unsigned i = 0; i < cfg->ncpus; i++) {
        aml_byte(b, 0);                   /* Processor Local APIC */
        aml_byte(b, 8);
        aml_byte(b, i);                   /* ACPI processor UID */
        aml_byte(b, i);                   /* APIC id */
        blob_le(b, 1, 4);                 /* enabled */
    }
    aml_byte(b, 1);                       /* I/O APIC */
    aml_byte(b, 12);
    aml_byte(b, cfg->ioapic_id);
    aml_byte(b, 0);
    blob_le(b, ACPI_IOAPIC_ADDR, 4);
    blob_le(b, 0, 4);                     /* GSI base */
    /* IRQ0 is wired to IOAPIC pin 2; the PCI IRQs (QEMU's 5, 9, 10, 11) are level, high. */
    {
        static const struct { uint8_t irq, gsi; uint16_t flags; } iso[] = {
            { 0, 2, 0x0000 }, { 5, 5, 0x000d }, { 9, 9, 0x000d },
            { 10, 10, 0x000d }, { 11, 11, 0x000d },
        };

        for (size_t i = 0; i < sizeof(iso) / sizeof(iso[0]); i++) {
            aml_byte(b, 2);               /* Interrupt Source Override */
            aml_byte(b, 10);
            aml_byte(b, 0);               /* bus: ISA */
            aml_byte(b, iso[i].irq);
            blob_le(b, iso[i].gsi, 4);
            blob_le(b, iso[i].flags, 2);
        }
    }
    aml_byte(b, 4);                       /* Local APIC NMI */
    aml_byte(b, 6);
    aml_byte(b, 0xff);                    /* all processors */
    blob_le(b, 0, 2);
    aml_byte(b, 1);                       /* LINT1 */
    table_end(b, l, t);
    return t;
}

/* IA-PC HPET table (HPET spec 1.0a, 3.2.4). */
static size_t build_hpet(Aml *b, Aml *l)
{
    size_t t = table_begin(b, "HPET", 1);

    blob_le(b, 0x8086a201, 4);            /* event timer block id: QEMU's HPET capabilities */
    blob_gas(b, 0, 0, 0, ACPI_HPET_ADDR);
    aml_byte(b, 0);                       /* HPET number */
    blob_le(b, 0, 2);                     /* minimum clock tick */
    aml_byte(b, 0);                       /* page protection */
    table_end(b, l, t);
    return t;
}

static size_t build_sdt(Aml *b, Aml *l, const char *sig, unsigned width, const size_t *tables,
                        unsigned n)
{
    size_t t = table_begin(b, sig, 1);

    for (unsigned i = 0; i < n; i++) {
        size_t at = b->len;

        blob_le(b, 0, width);
        loader_add_pointer(l, b, ACPI_BUILD_TABLE_FILE, at, width, ACPI_BUILD_TABLE_FILE,
                           tables[i]);
    }
    table_end(b, l, t);
    return t;
}

/* RSDP revision 2 (5.2.4.3), 36 bytes, in its own file. */
static void build_rsdp(Aml *r, Aml *l, size_t rsdt, size_t xsdt)
{
    aml_bytes(r, "RSD PTR ", 8);
    aml_byte(r, 0);                       /* checksum of the first 20 bytes */
    aml_bytes(r, ACPI_OEM_ID, 6);
    aml_byte(r, 2);
    blob_le(r, 0, 4);                     /* RSDT */
    blob_le(r, 36, 4);
    blob_le(r, 0, 8);                     /* XSDT */
    aml_byte(r, 0);                       /* extended checksum */
    blob_zeros(r, 3);
    loader_add_pointer(l, r, ACPI_BUILD_RSDP_FILE, 16, 4, ACPI_BUILD_TABLE_FILE, rsdt);
    loader_add_pointer(l, r, ACPI_BUILD_RSDP_FILE, 24, 8, ACPI_BUILD_TABLE_FILE, xsdt);
    loader_add_checksum(l, ACPI_BUILD_RSDP_FILE, 8, 0, 20);
    loader_add_checksum(l, ACPI_BUILD_RSDP_FILE, 32, 0, 36);
}

int acpi_build(const AcpiConfig *cfg, AcpiTables *t)
{
    Aml b, l, r, aml;
    size_t sdts[3];
    unsigned nsdt = 0;
    size_t dsdt;

    memset(t, 0, sizeof(*t));
    if (cfg->ncpus == 0 || cfg->ncpus > 255)
        return -EINVAL;
    aml_init(&b);
    aml_init(&l);
    aml_init(&r);
    aml_init(&aml);

    /* Order and allocation as QEMU: tables in high memory, RSDP in the F segment. */
    loader_allocate(&l, ACPI_BUILD_TABLE_FILE, 64, LOADER_ZONE_HIGH);
    loader_allocate(&l, ACPI_BUILD_RSDP_FILE, 16, LOADER_ZONE_FSEG);

    /* FACS (5.2.10): 64 bytes, 64-byte aligned, no checksum. */
    t->facs = b.len;
    aml_bytes(&b, "FACS", 4);
    blob_le(&b, 64, 4);
    blob_zeros(&b, 56);

    dsdt = table_begin(&b, "DSDT", 1);    /* revision 1: 32-bit integers, as QEMU's pc */
    dsdt_body(&aml, cfg);
    aml_append(&b, &aml);
    table_end(&b, &l, dsdt);
    t->dsdt = dsdt;

    t->fadt = build_fadt(&b, &l, cfg, t->facs, dsdt);
    sdts[nsdt++] = t->fadt;
    t->madt = build_madt(&b, &l, cfg);
    sdts[nsdt++] = t->madt;
    if (cfg->hpet) {
        t->hpet = build_hpet(&b, &l);
        sdts[nsdt++] = t->hpet;
    }
    t->rsdt = build_sdt(&b, &l, "RSDT", 4, sdts, nsdt);
    t->xsdt = build_sdt(&b, &l, "XSDT", 8, sdts, nsdt);
    blob_align(&b, 64);
    build_rsdp(&r, &l, t->rsdt, t->xsdt);

    aml_free(&aml);
    if (b.oom || l.oom || r.oom) {
        aml_free(&b);
        aml_free(&l);
        aml_free(&r);
        return -ENOMEM;
    }
    t->tables = b.data;
    t->tables_len = b.len;
    t->rsdp = r.data;
    t->rsdp_len = r.len;
    t->loader = l.data;
    t->loader_len = l.len;
    return 0;
}

void acpi_tables_free(AcpiTables *t)
{
    free(t->tables);
    free(t->rsdp);
    free(t->loader);
    memset(t, 0, sizeof(*t));
}

/* ---- Direct installation: the loader script run here ------------------ */

typedef struct LoadedFile {
    const char *name;
    uint8_t *data;
    size_t len;
    uint64_t addr;
    bool allocated;
} LoadedFile;

static LoadedFile *loader_find(LoadedFile *f, unsigned n, const uint8_t *name)
{
    for (unsigned i = 0; i < n; i++)
        if (!strncmp(f[i].name, (const char *)name, LOADER_FILESZ))
            return f[i].allocated ? &f[i] : NULL;
    return NULL;
}

/* Execute the script on host copies, as SeaBIOS's romfile_loader does in guest memory. */
static int loader_run(const uint8_t *script, size_t len, LoadedFile *files, unsigned n)
{
    for (size_t off = 0; off + LOADER_CMD_SIZE <= len; off += LOADER_CMD_SIZE) {
        const uint8_t *c = script + off;
        LoadedFile *dst, *src;
        uint32_t o, start, length, align;
        uint8_t size;

        switch (get_le(c, 4)) {
        case LOADER_ALLOCATE:
            align = get_le(c + 4 + LOADER_FILESZ, 4);
            for (unsigned i = 0; i < n; i++)
                if (!strncmp(files[i].name, (const char *)c + 4, LOADER_FILESZ)) {
                    if (align && files[i].addr % align)
                        return -EINVAL;
                    files[i].allocated = true;
                }
            break;
        case LOADER_ADD_POINTER:
            dst = loader_find(files, n, c + 4);
            src = loader_find(files, n, c + 4 + LOADER_FILESZ);
            o = get_le(c + 4 + 2 * LOADER_FILESZ, 4);
            size = c[8 + 2 * LOADER_FILESZ];
            if (!dst || !src || (size != 1 && size != 2 && size != 4 && size != 8) ||
                o > dst->len || size > dst->len - o)
                return -EINVAL;
            put_le(dst->data + o, get_le(dst->data + o, size) + src->addr, size);
            break;
        case LOADER_ADD_CHECKSUM:
            dst = loader_find(files, n, c + 4);
            o = get_le(c + 4 + LOADER_FILESZ, 4);
            start = get_le(c + 8 + LOADER_FILESZ, 4);
            length = get_le(c + 12 + LOADER_FILESZ, 4);
            if (!dst || o >= dst->len || start > dst->len || length > dst->len - start)
                return -EINVAL;
            dst->data[o] -= acpi_checksum(dst->data + start, length);
            break;
        default:
            break;      /* SeaBIOS skips commands it does not know */
        }
    }
    return 0;
}

int acpi_install_direct(const AcpiTables *t, AddressSpace *as, uint64_t tables_addr,
                        uint64_t rsdp_addr)
{
    LoadedFile files[2] = {
        { ACPI_BUILD_TABLE_FILE, malloc(t->tables_len), t->tables_len, tables_addr, false },
        { ACPI_BUILD_RSDP_FILE, malloc(t->rsdp_len), t->rsdp_len, rsdp_addr, false },
    };
    int ret = -ENOMEM;

    if (!files[0].data || !files[1].data)
        goto out;
    memcpy(files[0].data, t->tables, t->tables_len);
    memcpy(files[1].data, t->rsdp, t->rsdp_len);
    ret = loader_run(t->loader, t->loader_len, files, 2);
    if (ret < 0)
        goto out;
    for (unsigned i = 0; i < 2; i++) {
        uint64_t xlat, plen = files[i].len;
        MemoryRegion *mr = address_space_translate(as, files[i].addr, &xlat, &plen, true);

        /* Firmware-less boot writes into RAM only, and in one piece. */
        if (!mr || !memory_region_is_ram(mr) || memory_region_is_rom(mr) || plen < files[i].len) {
            ret = -EFAULT;
            goto out;
        }
    }
    for (unsigned i = 0; i < 2; i++)
        if (address_space_write(as, files[i].addr, files[i].data, files[i].len) < 0)
            ret = -EFAULT;
out:
    free(files[0].data);
    free(files[1].data);
    return ret;
}
