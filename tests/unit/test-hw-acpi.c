/*
 * ACPI tables (hw/acpi-build.h, hw/aml.h): laid out in guest RAM by the
 * linker script, every pointer followed from the RSDP and every checksum
 * summed; table lengths and the fields Linux reads (FADT PM blocks, SCI,
 * reset register; MADT entries); AML encodings; and, when Debian's iasl
 * is installed, the DSDT disassembled and checked for _S5 and _PRT.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/acpi-build.h"
#include "hw/aml.h"
#include "system/memory.h"
#include "tests/unit/check-run.h"

#define TABLES_ADDR 0x100000
#define RSDP_ADDR   0xf5a40

static MemoryRegion sysmem, ram;
static AddressSpace as;
static uint8_t *guest;
static AcpiTables tables;

static const AcpiConfig cfg_default = {
    .ncpus = 2, .ioapic_id = 0, .ram_below_4g = 0x8000000, .pm_base = 0x600,
    .gpe0_base = 0xafe0, .sci_irq = 9, .hpet = true, .serial_mask = 0x1, .i8042 = true,
    .rtc = true, .pit = true, .pic = true,
};

static void setup(void)
{
    memory_region_init_container(&sysmem, "system", UINT64_MAX);
    ck_assert_int_eq(memory_region_init_ram(&ram, "pc.ram", 4 << 20), 0);
    memory_region_add_subregion(&sysmem, 0, &ram);
    ck_assert_int_eq(address_space_init(&as, &sysmem, "memory"), 0);
    guest = memory_region_get_ram_ptr(&ram);
    memset(&tables, 0, sizeof(tables));
}

static void teardown(void)
{
    acpi_tables_free(&tables);
    address_space_destroy(&as);
    memory_region_destroy(&ram);
    memory_region_destroy(&sysmem);
    memory_reclaim();
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static void install(const AcpiConfig *cfg)
{
    ck_assert_int_eq(acpi_build(cfg, &tables), 0);
    ck_assert_int_eq(acpi_install_direct(&tables, &as, TABLES_ADDR, RSDP_ADDR), 0);
}

/* A table in guest RAM: its signature, a sane length, and a zero sum. */
static const uint8_t *table_at(uint64_t addr, const char *sig)
{
    const uint8_t *t;

    ck_assert_uint_lt(addr, 4 << 20);
    t = guest + addr;
    ck_assert_msg(!memcmp(t, sig, 4), "table at 0x%llx is %.4s, want %s",
                  (unsigned long long)addr, (const char *)t, sig);
    ck_assert_uint_ge(le32(t + 4), 36);
    ck_assert_msg(acpi_checksum(t, le32(t + 4)) == 0, "%s checksum", sig);
    return t;
}

START_TEST(test_rsdp_rsdt_xsdt)
{
    const uint8_t *rsdp, *rsdt, *xsdt;
    static const char *const want[] = { "FACP", "APIC", "HPET" };

    install(&cfg_default);
    rsdp = guest + RSDP_ADDR;
    ck_assert_mem_eq(rsdp, "RSD PTR ", 8);
    ck_assert_uint_eq(acpi_checksum(rsdp, 20), 0);
    ck_assert_uint_eq(acpi_checksum(rsdp, 36), 0);
    ck_assert_uint_eq(rsdp[15], 2);
    ck_assert_mem_eq(rsdp + 9, "BOCHS ", 6);
    ck_assert_uint_eq(le32(rsdp + 20), 36);
    rsdt = table_at(le32(rsdp + 16), "RSDT");
    xsdt = table_at(le64(rsdp + 24), "XSDT");
    ck_assert_uint_eq(le32(rsdt + 4), 36 + 4 * 3);
    ck_assert_uint_eq(le32(xsdt + 4), 36 + 8 * 3);
    ck_assert_mem_eq(rsdt + 10, "BOCHS BXPC    ", 14);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(le32(rsdt + 36 + 4 * i), le64(xsdt + 36 + 8 * i));
        table_at(le32(rsdt + 36 + 4 * i), want[i]);
    }
    /* Everything sits where it was allocated. */
    ck_assert_uint_ge(le32(rsdp + 16), TABLES_ADDR);
    ck_assert_uint_lt(le32(rsdp + 16), TABLES_ADDR + tables.tables_len);
}
END_TEST

START_TEST(test_fadt_facs_dsdt)
{
    const uint8_t *rsdt, *fadt, *facs, *dsdt;

    install(&cfg_default);
    rsdt = table_at(le32(guest + RSDP_ADDR + 16), "RSDT");
    fadt = table_at(le32(rsdt + 36), "FACP");
    ck_assert_uint_eq(le32(fadt + 4), 244);
    ck_assert_uint_eq(fadt[8], 3);
    /* FACS: 64 bytes, 64-byte aligned, no checksum. */
    ck_assert_uint_eq(le32(fadt + 36) % 64, 0);
    facs = guest + le32(fadt + 36);
    ck_assert_mem_eq(facs, "FACS", 4);
    ck_assert_uint_eq(le32(facs + 4), 64);
    ck_assert_uint_eq(le64(fadt + 132), 0);     /* X_FIRMWARE_CTRL unused */
    /* DSDT by both pointers. */
    ck_assert_uint_eq(le32(fadt + 40), le64(fadt + 140));
    dsdt = table_at(le32(fadt + 40), "DSDT");
    ck_assert_uint_eq(dsdt[8], 1);
    /* PM blocks, SCI, SMI_CMD handshake values. */
    ck_assert_uint_eq(fadt[46] | fadt[47] << 8, 9);
    ck_assert_uint_eq(le32(fadt + 48), 0xb2);
    ck_assert_uint_eq(fadt[52], 0xf1);
    ck_assert_uint_eq(fadt[53], 0xf0);
    ck_assert_uint_eq(le32(fadt + 56), 0x600);
    ck_assert_uint_eq(le32(fadt + 64), 0x604);
    ck_assert_uint_eq(le32(fadt + 76), 0x608);
    ck_assert_uint_eq(le32(fadt + 80), 0xafe0);
    ck_assert_uint_eq(fadt[88], 4);
    ck_assert_uint_eq(fadt[89], 2);
    ck_assert_uint_eq(fadt[91], 4);
    ck_assert_uint_eq(fadt[92], 4);
    ck_assert_uint_eq(fadt[108], 0x32);
    ck_assert_uint_eq(fadt[109] & 0x02, 0x02);     /* 8042 present */
    /* Reset register: system I/O 0xcf9, 8 bits, value 6. */
    ck_assert_uint_eq(fadt[116], 1);
    ck_assert_uint_eq(fadt[117], 8);
    ck_assert_uint_eq(le64(fadt + 120), 0xcf9);
    ck_assert_uint_eq(fadt[128], 0x06);
    ck_assert_uint_eq(le32(fadt + 112) & (1u << 10), 1u << 10);
    ck_assert_uint_eq(le32(fadt + 112) & (1u << 8), 0);        /* 24-bit timer */
    /* X_ blocks mirror the 32-bit ones. */
    ck_assert_uint_eq(fadt[148], 1);
    ck_assert_uint_eq(fadt[149], 32);
    ck_assert_uint_eq(le64(fadt + 152), 0x600);
    ck_assert_uint_eq(le64(fadt + 176), 0x604);
    ck_assert_uint_eq(le64(fadt + 212), 0x608);
}
END_TEST

START_TEST(test_madt)
{
    AcpiConfig cfg = cfg_default;
    const uint8_t *rsdt, *madt, *p, *end;
    unsigned lapics = 0, ioapics = 0, nmis = 0, iso_irq0 = 0, iso_irq9 = 0;

    cfg.ncpus = 4;
    cfg.ioapic_id = 4;
    install(&cfg);
    rsdt = table_at(le32(guest + RSDP_ADDR + 16), "RSDT");
    madt = table_at(le32(rsdt + 40), "APIC");
    ck_assert_uint_eq(le32(madt + 4), 44 + 4 * 8 + 12 + 5 * 10 + 6);
    ck_assert_uint_eq(le32(madt + 36), 0xfee00000);
    ck_assert_uint_eq(le32(madt + 40), 1);
    end = madt + le32(madt + 4);
    for (p = madt + 44; p < end; p += p[1]) {
        ck_assert_uint_ge(p[1], 2);
        switch (p[0]) {
        case 0:
            ck_assert_uint_eq(p[2], lapics);
            ck_assert_uint_eq(p[3], lapics);
            ck_assert_uint_eq(le32(p + 4), 1);
            lapics++;
            break;
        case 1:
            ck_assert_uint_eq(p[2], 4);
            ck_assert_uint_eq(le32(p + 4), 0xfec00000);
            ck_assert_uint_eq(le32(p + 8), 0);
            ioapics++;
            break;
        case 2:
            if (p[3] == 0) {
                ck_assert_uint_eq(le32(p + 4), 2);
                iso_irq0++;
            } else if (p[3] == 9) {
                ck_assert_uint_eq(le32(p + 4), 9);
                ck_assert_uint_eq(p[8] | p[9] << 8, 0x0d);    /* level, active high */
                iso_irq9++;
            }
            break;
        case 4:
            ck_assert_uint_eq(p[2], 0xff);
            ck_assert_uint_eq(p[5], 1);
            nmis++;
            break;
        default:
            ck_abort_msg("unexpected MADT entry type %u", p[0]);
        }
    }
    ck_assert_ptr_eq(p, end);
    ck_assert_uint_eq(lapics, 4);
    ck_assert_uint_eq(ioapics, 1);
    ck_assert_uint_eq(iso_irq0, 1);
    ck_assert_uint_eq(iso_irq9, 1);
    ck_assert_uint_eq(nmis, 1);
}
END_TEST

START_TEST(test_hpet_and_without)
{
    AcpiConfig cfg = cfg_default;
    const uint8_t *rsdt, *hpet;

    install(&cfg);
    rsdt = table_at(le32(guest + RSDP_ADDR + 16), "RSDT");
    hpet = table_at(le32(rsdt + 44), "HPET");
    ck_assert_uint_eq(le32(hpet + 4), 56);
    ck_assert_uint_eq(le32(hpet + 36), 0x8086a201);
    ck_assert_uint_eq(le64(hpet + 44), 0xfed00000);
    acpi_tables_free(&tables);
    memset(guest, 0, 4 << 20);

    cfg.hpet = false;
    install(&cfg);
    rsdt = table_at(le32(guest + RSDP_ADDR + 16), "RSDT");
    ck_assert_uint_eq(le32(rsdt + 4), 36 + 4 * 2);
    ck_assert_ptr_null(memmem(tables.tables + tables.dsdt, le32(tables.tables + tables.dsdt + 4),
                              "HPET", 4));
}
END_TEST

START_TEST(test_loader_script)
{
    const uint8_t *l;

    ck_assert_int_eq(acpi_build(&cfg_default, &tables), 0);
    ck_assert_uint_eq(tables.loader_len % 128, 0);
    l = tables.loader;
    /* ALLOCATE tables (64, high) then RSDP (16, FSEG), as SeaBIOS expects. */
    ck_assert_uint_eq(le32(l), 1);
    ck_assert_str_eq((const char *)l + 4, ACPI_BUILD_TABLE_FILE);
    ck_assert_uint_eq(le32(l + 60), 64);
    ck_assert_uint_eq(l[64], 1);
    ck_assert_uint_eq(le32(l + 128), 1);
    ck_assert_str_eq((const char *)l + 132, ACPI_BUILD_RSDP_FILE);
    ck_assert_uint_eq(le32(l + 188), 16);
    ck_assert_uint_eq(l[192], 2);
    for (size_t off = 256; off < tables.loader_len; off += 128) {
        uint32_t cmd = le32(l + off);

        ck_assert_msg(cmd == 2 || cmd == 3, "command %u at %zu", cmd, off);
        if (cmd == 3 && !strcmp((const char *)l + off + 4, ACPI_BUILD_TABLE_FILE))
            /* Each table's checksum byte is its offset 9. */
            ck_assert_uint_eq(le32(l + off + 60), le32(l + off + 64) + 9);
    }
    /* Unlinked, the blob's pointers hold offsets within the blob (what fw_cfg carries). */
    ck_assert_uint_eq(le32(tables.rsdp + 16), tables.rsdt);
    ck_assert_uint_eq(le32(tables.tables + tables.rsdt + 36), tables.fadt);
    ck_assert_uint_eq(le32(tables.tables + tables.fadt + 40), tables.dsdt);
    ck_assert_uint_eq(tables.facs, 0);
    ck_assert_uint_eq(tables.rsdp_len, 36);
}
END_TEST

START_TEST(test_direct_errors)
{
    ck_assert_int_eq(acpi_build(&cfg_default, &tables), 0);
    ck_assert_int_eq(acpi_install_direct(&tables, &as, TABLES_ADDR + 8, RSDP_ADDR), -EINVAL);
    ck_assert_int_eq(acpi_install_direct(&tables, &as, TABLES_ADDR, RSDP_ADDR + 4), -EINVAL);
    ck_assert_int_eq(acpi_install_direct(&tables, &as, 0x40000000, RSDP_ADDR), -EFAULT);
    ck_assert_int_eq(acpi_install_direct(&tables, &as, (4 << 20) - 64, RSDP_ADDR), -EFAULT);
    acpi_tables_free(&tables);
    {
        AcpiConfig cfg = cfg_default;

        cfg.ncpus = 0;
        ck_assert_int_eq(acpi_build(&cfg, &tables), -EINVAL);
    }
}
END_TEST

START_TEST(test_aml_encoding)
{
    Aml a, b;

    aml_init(&a);
    aml_eisaid(&a, "PNP0A03");
    ck_assert_mem_eq(a.data, "\x0c\x41\xd0\x0a\x03", 5);
    a.len = 0;
    aml_name(&a, "\\_SB.PCI0");
    ck_assert_mem_eq(a.data, "\\\x2e_SB_PCI0", 10);
    a.len = 0;
    aml_name(&a, "PCI0.ISA.P40C");
    ck_assert_mem_eq(a.data, "\x2f\x03PCI0ISA_P40C", 14);
    a.len = 0;
    aml_int(&a, 0);
    aml_int(&a, 1);
    aml_int(&a, 0x80);
    aml_int(&a, 0x1234);
    aml_int(&a, 0x10000);
    ck_assert_uint_eq(a.len, 1 + 1 + 2 + 3 + 5);
    ck_assert_mem_eq(a.data, "\x00\x01\x0a\x80\x0b\x34\x12\x0c\x00\x00\x01\x00", 12);
    /* PkgLength: one byte up to 63, then a count in the top bits and a low nibble. */
    aml_init(&b);
    a.len = 0;
    for (int i = 0; i < 100; i++)
        aml_byte(&b, 0xa3);
    aml_scope(&a, "FOO", &b);
    ck_assert_uint_eq(a.data[0], 0x10);
    ck_assert_uint_eq(a.data[1], 0x40 | ((100 + 4 + 2) & 0xf));
    ck_assert_uint_eq(a.data[2], (100 + 4 + 2) >> 4);
    ck_assert_uint_eq(a.len, 1 + 2 + 4 + 100);
    ck_assert(!a.oom);
    aml_free(&a);
    aml_free(&b);
}
END_TEST

static bool have_iasl(void)
{
    return system("command -v iasl >/dev/null 2>&1") == 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = calloc(1, n + 1);
    if (fread(buf, 1, n, f) != (size_t)n)
        n = 0;
    fclose(f);
    return buf;
}

START_TEST(test_dsdt_iasl)
{
    char dir[] = "/tmp/test-hw-acpi-XXXXXX", cmd[512], path[256];
    const uint8_t *rsdt, *fadt, *dsdt;
    char *dsl;
    FILE *f;

    if (!have_iasl()) {
        fprintf(stderr, "test_dsdt_iasl: iasl not installed (acpica-tools), skipped\n");
        return;
    }
    install(&cfg_default);
    rsdt = table_at(le32(guest + RSDP_ADDR + 16), "RSDT");
    fadt = table_at(le32(rsdt + 36), "FACP");
    dsdt = table_at(le32(fadt + 40), "DSDT");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/dsdt.dat", dir);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(dsdt, 1, le32(dsdt + 4), f), le32(dsdt + 4));
    fclose(f);
    snprintf(cmd, sizeof(cmd), "cd %s && iasl -d dsdt.dat >iasl.log 2>&1", dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/dsdt.dsl", dir);
    dsl = slurp(path);
    ck_assert_ptr_nonnull(dsl);
    ck_assert_ptr_nonnull(strstr(dsl, "Name (_S5, Package (0x04)"));
    ck_assert_ptr_nonnull(strstr(dsl, "Name (_PRT, Package (0x80)"));
    ck_assert_ptr_nonnull(strstr(dsl, "Device (PCI0)"));
    ck_assert_ptr_nonnull(strstr(dsl, "EisaId (\"PNP0A03\")"));
    ck_assert_ptr_nonnull(strstr(dsl, "LNKS"));
    ck_assert_ptr_nonnull(strstr(dsl, "Device (LNKA)"));
    ck_assert_ptr_nonnull(strstr(dsl, "EisaId (\"PNP0501\")"));
    ck_assert_ptr_nonnull(strstr(dsl, "EisaId (\"PNP0303\")"));
    ck_assert_ptr_nonnull(strstr(dsl, "EisaId (\"PNP0F13\")"));
    ck_assert_ptr_nonnull(strstr(dsl, "EisaId (\"PNP0B00\")"));
    ck_assert_ptr_nonnull(strstr(dsl, "0x03F8,             // Range Minimum"));
    ck_assert_ptr_nonnull(strstr(dsl, "Return (IQST (PRQ0))"));
    ck_assert_ptr_nonnull(strstr(dsl, "OperationRegion (P40C, PCI_Config, 0x60, 0x04)"));
    ck_assert_ptr_nonnull(strstr(dsl, "WordBusNumber (ResourceProducer, MinFixed, MaxFixed"));
    free(dsl);
    /* The disassembly compiles back without errors: the AML is well formed. */
    snprintf(cmd, sizeof(cmd), "cd %s && iasl dsdt.dsl >iasl2.log 2>&1", dir);
    ck_assert_msg(system(cmd) == 0, "iasl could not recompile the DSDT, see %s", dir);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *acpi_suite(void)
{
    Suite *s = suite_create("hw-acpi");
    TCase *tc = tcase_create("acpi");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_rsdp_rsdt_xsdt);
    tcase_add_test(tc, test_fadt_facs_dsdt);
    tcase_add_test(tc, test_madt);
    tcase_add_test(tc, test_hpet_and_without);
    tcase_add_test(tc, test_loader_script);
    tcase_add_test(tc, test_direct_errors);
    tcase_add_test(tc, test_aml_encoding);
    tcase_add_test(tc, test_dsdt_iasl);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run(acpi_suite(), true);
}
