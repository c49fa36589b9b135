/*
 * The ACPI tables of the pc board: RSDP, RSDT, XSDT, FADT, FACS, MADT, HPET
 * and a DSDT written with hw/aml.h, plus QEMU's bios-linker-loader script
 * ("etc/table-loader") so SeaBIOS allocates, links and checksums them from
 * fw_cfg exactly as it does on QEMU.
 *
 * The content follows QEMU 7.2's pc (hw/i386/acpi-build.c) where guests
 * depend on it: PM blocks at the PIIX4 base, SCI 9, the _PRT through link
 * devices LNKA-LNKD (programmed through the PIIX3 PIRQRC registers) with
 * LNKS for the PM function's SCI, MADT interrupt source overrides for IRQ0
 * and the PCI IRQs 5, 9, 10, 11, "BOCHS "/"BXPC" ids. Two deliberate
 * differences, asked for by Vireo's board: the FADT is revision 3 (ACPI 2.0,
 * with the reset register 0xcf9 <- 0x06 and X_ fields) and the RSDP is
 * revision 2 with an XSDT next to the RSDT, where QEMU's pc has a revision 1
 * FADT and RSDT only. _S3/_S4 are absent: Vireo does not suspend.
 *
 * For booting without firmware, acpi_install_direct() runs the same linker
 * script itself and writes the linked tables into guest memory.
 */
#ifndef VIREO_HW_ACPI_BUILD_H
#define VIREO_HW_ACPI_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system/memory.h"

#define ACPI_BUILD_TABLE_FILE   "etc/acpi/tables"
#define ACPI_BUILD_RSDP_FILE    "etc/acpi/rsdp"
#define ACPI_BUILD_LOADER_FILE  "etc/table-loader"

#define ACPI_IOAPIC_ADDR        0xfec00000u
#define ACPI_LAPIC_ADDR         0xfee00000u
#define ACPI_HPET_ADDR          0xfed00000u

typedef struct AcpiConfig {
    unsigned ncpus;             /* CPU i: APIC id i, ACPI processor UID i */
    uint8_t ioapic_id;          /* must match the IOAPIC's ID register (QEMU: 0) */
    uint64_t ram_below_4g;      /* the 32-bit PCI window starts here */
    uint64_t pci_hole64_start;  /* 64-bit PCI window in PCI0._CRS; size 0: none */
    uint64_t pci_hole64_size;
    uint16_t pm_base;           /* PIIX4 PMBA as the firmware programs it: 0x600 */
    uint16_t gpe0_base;         /* 0xafe0 */
    uint8_t sci_irq;            /* 9 */
    bool pm_tmr_32bit;          /* FADT TMR_VAL_EXT */
    bool hpet;
    uint8_t serial_mask;        /* bit i: COM(i+1) at its standard port and IRQ */
    bool i8042;                 /* keyboard PNP0303 and mouse PNP0F13 */
    bool rtc;
    bool pit;
    bool pic;
} AcpiConfig;

/* The three fw_cfg files, and where each table sits in the tables blob. */
typedef struct AcpiTables {
    uint8_t *tables;
    size_t tables_len;
    uint8_t *rsdp;
    size_t rsdp_len;
    uint8_t *loader;            /* 128-byte commands */
    size_t loader_len;
    size_t facs, dsdt, fadt, madt, hpet, rsdt, xsdt;   /* offsets; hpet 0 if absent */
} AcpiTables;

/* Build everything; 0 or -ENOMEM / -EINVAL (no CPU, too many CPUs for the xAPIC ids). */
int acpi_build(const AcpiConfig *cfg, AcpiTables *t);
void acpi_tables_free(AcpiTables *t);

/*
 * Link the tables for guest addresses tables_addr (64-byte aligned, guest RAM
 * reserved as ACPI in the e820 map) and rsdp_addr (16-byte aligned, in
 * 0xe0000-0xfffff where Linux scans for "RSD PTR "), and write them there
 * through as. 0, -EINVAL (misaligned, a malformed script), -EFAULT (not RAM).
 */
int acpi_install_direct(const AcpiTables *t, AddressSpace *as, uint64_t tables_addr,
                        uint64_t rsdp_addr);

/* The 8-bit sum of len bytes: a table is valid when it sums to 0. */
uint8_t acpi_checksum(const uint8_t *p, size_t len);

#endif
