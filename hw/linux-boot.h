/*
 * -kernel/-initrd/-append without firmware: Linux's 64-bit boot protocol
 * (Documentation/arch/x86/boot.rst), done by Vireo itself. The bzImage's
 * protected-mode kernel is loaded at 1 MiB, boot_params ("the zero page")
 * carries the setup header, the command line, the initrd, the e820 map and
 * the ACPI RSDP, and the bootstrap CPU starts in long mode at the 64-bit
 * entry with identity-mapped page tables for the first 4 GiB.
 */
#ifndef VIREO_HW_LINUX_BOOT_H
#define VIREO_HW_LINUX_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/x86/cpu.h"
#include "system/memory.h"

typedef struct LinuxBootE820 {
    uint64_t addr, size;
    uint32_t type;          /* 1 RAM, 2 reserved, 3 ACPI */
} LinuxBootE820;

typedef struct LinuxBootConfig {
    const char *kernel, *initrd, *cmdline;
    uint64_t ram_below_4g;
    const LinuxBootE820 *e820;
    unsigned n_e820;
    uint64_t rsdp_addr;     /* 0: none (-no-acpi) */
    bool vga_text;          /* a VGA in text mode 3: tell the kernel (boot_params.screen_info) */
} LinuxBootConfig;

/* What the bootstrap CPU starts with; the board applies it after each reset. */
typedef struct LinuxBootEntry {
    uint64_t rip, rsi, cr3, gdt_base;
    uint16_t gdt_limit;
} LinuxBootEntry;

/*
 * Load the kernel and initrd into guest memory (as), write boot_params,
 * the GDT and the page tables. 0, or -1 after a one-line error naming the
 * file and why (not a bzImage, too old a protocol, too big for RAM).
 */
int linux_boot_load(const LinuxBootConfig *cfg, AddressSpace *as, LinuxBootEntry *entry);
/* Put a freshly reset CPU into the state the 64-bit entry expects. */
void linux_boot_enter(CPUX86State *env, const LinuxBootEntry *entry);

#endif
