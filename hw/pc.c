/*
 * The i440FX PC, wired by plain calls (STYLE point 3). The memory map, as
 * QEMU's "pc" has it:
 *
 *   0 .. below_4g          RAM ("pc.ram"; above 0xe0000000 it continues at 4 GiB)
 *   0xa0000 .. 0xfffff     the PAM/SMRAM windows of the i440FX over RAM and the
 *                          "pci" container (VGA window, option ROMs "pc.rom",
 *                          the last 128 KiB of the BIOS as "isa-bios")
 *   0xfec00000             IO-APIC, 0xfed00000 HPET, 0xfee00000 local APICs (with E's devices)
 *   4 GiB - bios size      the firmware ROM (SeaBIOS's bios-256k.bin)
 *
 * Ports: PIC 0x20/0xa0/0x4d0, PIT 0x40 and 0x61, RTC 0x70, i8042 0x60/0x64,
 * port 0x92 (A20, fast reset), COM1-4, PCI 0xcf8/0xcfc and reset 0xcf9,
 * fw_cfg 0x510, PIIX4 PM at 0x600 once the BIOS maps it.
 */
#include "hw/pc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chardev/char.h"
#include "accel/kvm/kvm.h"
#include "accel/tcg/cpu-exec.h"
#include "cpu/x86/cpuid.h"
#include "cpu/x86/helper-sys.h"
#include "cpu/x86/vcpu-tcg.h"
#include "block/block-backend.h"
#include "hw/acpi-build.h"
#include "hw/apic.h"
#include "hw/display/vga.h"
#include "hw/hpet.h"
#include "hw/ioapic.h"
#include "hw/linux-boot.h"
#include "hw/fw-cfg.h"
#include "hw/i440fx.h"
#include "hw/i8042.h"
#include "hw/ide.h"
#include "hw/pc-net.h"
#include "hw/pcspk.h"
#include "hw/pic.h"
#include "hw/piix3.h"
#include "hw/piix4-pm.h"
#include "hw/pit.h"
#include "hw/rtc.h"
#include "hw/serial.h"
#include "hw/virtio-blk.h"
#include "monitor/monitor.h"
#include "system/clock.h"
#include "system/error.h"
#include "system/main-loop.h"
#include "system/memory.h"
#include "system/runstate.h"
#include "tcg/softmmu.h"
#include "ui/input.h"

#define PC_MAX_CPUS     64
#define PC_LOWMEM_MAX   0xe0000000ull
#define BIOS_NAME       "bios-256k.bin"

static const uint16_t serial_ports[4] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
static const int serial_irqs[4] = { 4, 3, 4, 3 };

struct PCMachine {
    const VireoConfig *cfg;
    MemoryRegion sysmem, io, pci_mem, ram, ram_below, ram_above, bios, isa_bios, option_rom;
    MemoryRegion port92;
    MemoryRegion kvm_msi;       /* KVM's in-kernel irqchip: MSI writes to its LAPICs */
    AddressSpace sys_as, io_as;
    uint64_t below_4g, above_4g;
    PCIBus bus;
    I440FXState i440fx;
    PIIX3State piix3;
    PIIX4PMState pm;
    PCIIDEState ide;
    VirtIOBlock *vblk[VIREO_MAX_DRIVES];
    char *bootorder;
    bool boot_once;             /* -boot once= in force until the first reset */
    FWCfgState fw;
    AcpiTables acpi;
    PICState *pic;
    PITState *pit;
    PCSpkState *pcspk;
    RTCState *rtc;
    I8042State *i8042;
    SerialState *serial[4];
    X86VCPU *cpu[PC_MAX_CPUS];
    APICState *apic[PC_MAX_CPUS];
    APICBus *apic_bus;
    IOAPICState *ioapic;
    HPETState *hpet;
    VGAPCIState *vga;
    unsigned ncpus;
    uint8_t port92_val;
    bool direct_boot;           /* -kernel: Vireo loads Linux itself, no firmware runs */
    LinuxBootConfig linux_cfg;
    LinuxBootE820 e820[8];
    LinuxBootEntry linux_entry;
};

/* ---- The CPUs' view of the machine (X86MachineOps) --------------------------------- */

static uint64_t pc_io_read(CPUX86State *env, uint16_t port, unsigned size)
{
    PCMachine *pc = env->machine_opaque;
    bool locked = bql_locked();
    uint64_t v;

    if (!locked)
        bql_lock();
    v = address_space_ld(&pc->io_as, port, size);
    if (!locked)
        bql_unlock();
    return v;
}

static void pc_io_write(CPUX86State *env, uint16_t port, uint64_t val, unsigned size)
{
    PCMachine *pc = env->machine_opaque;
    bool locked = bql_locked();

    if (!locked)
        bql_lock();
    address_space_st(&pc->io_as, port, val, size);
    if (!locked)
        bql_unlock();
}

/* The interrupt acknowledge goes to the CPU's local APIC (which asks the
 * PIC for ExtINT); with the APIC disabled the PIC's INTR reaches the CPU
 * directly (apic_bus_pic_intr) and the acknowledge is still the APIC's. */
static int pc_get_interrupt(CPUX86State *env)
{
    PCMachine *pc = env->machine_opaque;

    return apic_get_interrupt(pc->apic[env->cpu_index]);
}

static unsigned pc_get_tpr(CPUX86State *env)
{
    PCMachine *pc = env->machine_opaque;

    return apic_get_tpr(pc->apic[env->cpu_index]);
}

static void pc_set_tpr(CPUX86State *env, unsigned cr8)
{
    PCMachine *pc = env->machine_opaque;

    apic_set_tpr(pc->apic[env->cpu_index], cr8);
}

#define MSR_APIC_BASE    0x1b
#define MSR_TSC_DEADLINE 0x6e0

static bool apic_msr(uint32_t msr)
{
    return msr == MSR_APIC_BASE || (msr >= 0x800 && msr <= 0x8ff);
}

static int pc_rdmsr(CPUX86State *env, uint32_t msr, uint64_t *val)
{
    PCMachine *pc = env->machine_opaque;
    APICState *apic = pc->apic[env->cpu_index];

    if (msr == MSR_TSC_DEADLINE) {
        *val = apic_get_tsc_deadline(apic);
        return 0;
    }
    return apic_msr(msr) ? apic_msr_read(apic, msr, val) : 1;
}

static int pc_wrmsr(CPUX86State *env, uint32_t msr, uint64_t val)
{
    PCMachine *pc = env->machine_opaque;
    APICState *apic = pc->apic[env->cpu_index];

    if (msr == MSR_TSC_DEADLINE) {
        /* The TSC counts nanoseconds (helper_rdtsc): the deadline is that far off. */
        uint64_t now;
        int64_t delta;

        if (x86_rdmsr(env, 0x10, &now) < 0)
            return -1;
        delta = (int64_t)(val - now);
        apic_set_tsc_deadline(apic, val, clock_get_ns(VCLOCK_VIRTUAL) + (delta > 0 ? delta : 0));
        return 0;
    }
    return apic_msr(msr) ? apic_msr_write(apic, msr, val) : 1;
}

/* MMIO at 0xfee00000 reaches the APIC of the vCPU thread making the access. */
static void pc_vcpu_thread_init(CPUX86State *env)
{
    PCMachine *pc = env->machine_opaque;

    apic_set_current(pc->apic[env->cpu_index]);
}

static const X86MachineOps pc_machine_ops = {
    .io_read = pc_io_read,
    .io_write = pc_io_write,
    .get_interrupt = pc_get_interrupt,
    .get_tpr = pc_get_tpr,
    .set_tpr = pc_set_tpr,
    .rdmsr = pc_rdmsr,
    .wrmsr = pc_wrmsr,
    .thread_init = pc_vcpu_thread_init,
};

/* The local APIC's requests to its CPU. */
static void cpu_set_intr(void *cpu, bool level) { x86_vcpu_interrupt(cpu, CPU_INTERRUPT_HARD, level); }
static void cpu_nmi(void *cpu) { x86_vcpu_interrupt(cpu, CPU_INTERRUPT_NMI, true); }
static void cpu_init_req(void *cpu) { x86_vcpu_interrupt(cpu, CPU_INTERRUPT_INIT, true); }

static void cpu_sipi(void *cpu, int vector)
{
    x86_vcpu_env(cpu)->sipi_vector = (uint32_t)vector;
    x86_vcpu_interrupt(cpu, CPU_INTERRUPT_SIPI, true);
}

static int pic_ack(void *opaque) { return pic_read_irq(opaque); }

static void ioapic_eoi(void *opaque, int vector) { ioapic_eoi_broadcast(opaque, vector); }

/* An ISA/GSI line goes to the 8259 pair and to the IO-APIC's input n alike
 * (in the kernel with KVM's irqchip: its routing does the same). */
static void gsi_set(void *opaque, int n, int level)
{
    PCMachine *pc = opaque;

    if (kvm_irqchip_in_kernel()) {
        kvm_set_irq(n, level);
        return;
    }
    if (n < 16)
        irq_set(pic_irq(pc->pic, n), level);
    irq_set(ioapic_irq(pc->ioapic, n), level);
}

/* ---- A20 and resets ------------------------------------------------------------- */

static void set_a20(void *opaque, int level)
{
    PCMachine *pc = opaque;
    uint64_t mask = level ? ~0ull : ~(1ull << 20);

    for (unsigned i = 0; i < pc->ncpus; i++) {
        CPUX86State *env = x86_vcpu_env(pc->cpu[i]);

        if (env->a20_mask != mask) {
            env->a20_mask = mask;
            /* Translations made through the other mask are wrong now. */
            atomic_store(&env->common.tlb_flush_pending, 1);
            cpu_exit(&env->common);
        }
    }
}

static void request_reset(void *opaque)
{
    runstate_request_reset();
}

/* Port 0x92, "system control port A": bit 1 A20, bit 0 a fast reset. */
static uint64_t port92_read(void *opaque, uint64_t addr, unsigned size)
{
    PCMachine *pc = opaque;

    return pc->port92_val;
}

static void port92_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PCMachine *pc = opaque;

    pc->port92_val = val & 0x02;
    set_a20(pc, (val >> 1) & 1);
    if (val & 1)
        runstate_request_reset();
}

static const MemoryRegionOps port92_ops = {
    .read = port92_read, .write = port92_write, .min_access = 1, .max_access = 1,
};

static int direct_boot_load(PCMachine *pc);
static void pc_set_boot_order(PCMachine *pc, const char *letters);

static void pc_reset(void *opaque)
{
    PCMachine *pc = opaque;

    x86_vcpus_pause();
    if (pc->boot_once) {
        pc->boot_once = false;
        pc_set_boot_order(pc, pc->cfg->boot.order);
    }
    kvm_irqchip_reset();
    pic_reset(pc->pic);
    ioapic_reset(pc->ioapic);
    hpet_reset(pc->hpet);
    for (unsigned i = 0; i < pc->ncpus; i++)
        apic_reset(pc->apic[i]);
    pit_reset(pc->pit);
    pcspk_reset(pc->pcspk);
    rtc_reset(pc->rtc);
    i8042_reset(pc->i8042);
    for (int i = 0; i < 4; i++)
        if (pc->serial[i])
            serial_reset(pc->serial[i]);
    pci_bus_reset(&pc->bus);
    fw_cfg_reset(&pc->fw);
    pc->port92_val = 0;
    set_a20(pc, 1);
    x86_vcpus_reset();
    if (pc->direct_boot && direct_boot_load(pc) < 0)
        runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QUIT, 1);
    if (runstate_is_running())
        x86_vcpus_resume();
}

/* ---- -kernel without firmware ----------------------------------------------------- */

#define ACPI_SIZE 0x20000ull    /* reserved at the top of low RAM for the tables */

/* Load the kernel, write the ACPI tables, and point CPU 0 at the 64-bit entry. */
static int direct_boot_load(PCMachine *pc)
{
    if (pc->linux_cfg.rsdp_addr &&
        acpi_install_direct(&pc->acpi, &pc->sys_as, pc->below_4g - ACPI_SIZE + 0x100,
                            pc->below_4g - ACPI_SIZE) < 0) {
        error_report("cannot place the ACPI tables in guest RAM");
        return -1;
    }
    if (linux_boot_load(&pc->linux_cfg, &pc->sys_as, &pc->linux_entry) < 0)
        return -1;
    linux_boot_enter(x86_vcpu_env(pc->cpu[0]), &pc->linux_entry);
    /* What the firmware would have done for the kernel: the PIIX4 PM block
     * at 0x600 (the FADT's), enabled. */
    pci_config_write(&pc->bus, PCI_DEVFN(1, 3), 0x40, 0x601, 4);
    pci_config_write(&pc->bus, PCI_DEVFN(1, 3), 0x80, 1, 1);
    /* ... and SeaBIOS's piix_ide_setup: IDETIM decode enable of both channels,
     * without which ata_piix leaves a channel alone. */
    pci_config_write(&pc->bus, PCI_DEVFN(1, 1), 0x40, 0x8000, 2);
    pci_config_write(&pc->bus, PCI_DEVFN(1, 1), 0x42, 0x8000, 2);
    return 0;
}

static int setup_direct_boot(PCMachine *pc)
{
    const VireoConfig *cfg = pc->cfg;
    unsigned n = 0;

    if (pc->below_4g < (16u << 20)) {
        loc_set_option("-m", NULL);
        error_report("-kernel needs at least 16 MiB of RAM");
        return -1;
    }
    pc->e820[n++] = (LinuxBootE820){ 0, 0x9fc00, 1 };
    pc->e820[n++] = (LinuxBootE820){ 0x9fc00, 0x400, 2 };
    pc->e820[n++] = (LinuxBootE820){ 0xf0000, 0x10000, 2 };
    pc->e820[n++] = (LinuxBootE820){ 0x100000, pc->below_4g - ACPI_SIZE - 0x100000, 1 };
    pc->e820[n++] = (LinuxBootE820){ pc->below_4g - ACPI_SIZE, ACPI_SIZE, cfg->no_acpi ? 2 : 3 };
    if (pc->above_4g)
        pc->e820[n++] = (LinuxBootE820){ 1ull << 32, pc->above_4g, 1 };
    pc->linux_cfg = (LinuxBootConfig){
        .kernel = cfg->kernel, .initrd = cfg->initrd, .cmdline = cfg->append ? cfg->append : "",
        .ram_below_4g = pc->below_4g, .e820 = pc->e820, .n_e820 = n,
        .rsdp_addr = cfg->no_acpi ? 0 : pc->below_4g - ACPI_SIZE,
        .vga_text = pc->vga != NULL,
    };
    pc->direct_boot = true;
    return direct_boot_load(pc);
}

static void pc_poweroff(void *opaque)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, 0);
}

static void pc_powerdown(void *opaque)
{
    PCMachine *pc = opaque;

    piix4_pm_powerbutton(&pc->pm);
}

static void vcpus_follow_runstate(void *opaque, bool running, RunState state)
{
    if (running)
        x86_vcpus_resume();
    else
        x86_vcpus_pause();
}

/* ---- Firmware ---------------------------------------------------------------------- */

/* -bios FILE as given; else bios-256k.bin beside the binary (build/roms), then Debian's. */
static char *find_bios(const VireoConfig *cfg)
{
    char exe[4096], *slash, *path;
    ssize_t n;

    if (cfg->bios)
        return strdup(cfg->bios);
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = 0;
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            if (asprintf(&path, "%s/roms/%s", exe, BIOS_NAME) > 0) {
                if (access(path, R_OK) == 0)
                    return path;
                free(path);
            }
        }
    }
    return strdup("/usr/share/seabios/" BIOS_NAME);
}

static int load_bios(PCMachine *pc)
{
    char *path = find_bios(pc->cfg);
    FILE *f = path ? fopen(path, "rb") : NULL;
    long size;
    int ret = -EINVAL;

    if (!f) {
        error_report("could not load PC BIOS '%s'", path ? path : BIOS_NAME);
        free(path);
        return -ENOENT;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    /* As QEMU: a multiple of 64 KiB, at most 16 MiB. */
    if (size <= 0 || size % 65536 || size > (16 << 20)) {
        error_report("could not load PC BIOS '%s'", path);
        goto out;
    }
    if (memory_region_init_rom(&pc->bios, "pc.bios", (uint64_t)size) < 0 ||
        fread(memory_region_get_ram_ptr(&pc->bios), 1, (size_t)size, f) != (size_t)size) {
        error_report("could not load PC BIOS '%s'", path);
        goto out;
    }
    memory_region_add_subregion(&pc->sysmem, (1ull << 32) - (uint64_t)size, &pc->bios);
    /* The last 128 KiB also appear below 1 MiB, behind the PAM windows. */
    {
        uint64_t isa = size < 0x20000 ? (uint64_t)size : 0x20000;

        memory_region_init_alias(&pc->isa_bios, "isa-bios", &pc->bios, (uint64_t)size - isa, isa);
        memory_region_add_subregion_overlap(&pc->pci_mem, 0x100000 - isa, &pc->isa_bios, 1);
    }
    ret = 0;
out:
    fclose(f);
    free(path);
    return ret;
}

static int setup_fw_cfg(PCMachine *pc)
{
    const VireoConfig *cfg = pc->cfg;
    FWCfgE820Entry e820[2];
    unsigned ne = 0;
    AcpiConfig acpi = {
        .ncpus = pc->ncpus, .ioapic_id = 0, .ram_below_4g = pc->below_4g,
        .pm_base = 0x600, .gpe0_base = 0xafe0, .sci_irq = 9, .hpet = true,
        .i8042 = true, .rtc = true, .pit = true, .pic = true,
    };

    fw_cfg_init(&pc->fw, &pc->io, &pc->sys_as);
    fw_cfg_add_i64(&pc->fw, FW_CFG_RAM_SIZE, cfg->ram_size);
    fw_cfg_add_i16(&pc->fw, FW_CFG_NOGRAPHIC, cfg->nographic);
    fw_cfg_add_i16(&pc->fw, FW_CFG_NB_CPUS, (uint16_t)pc->ncpus);
    fw_cfg_add_i16(&pc->fw, FW_CFG_MAX_CPUS, (uint16_t)pc->ncpus);
    fw_cfg_add_i16(&pc->fw, FW_CFG_BOOT_MENU, cfg->boot.menu);
    e820[ne++] = (FWCfgE820Entry){ 0, pc->below_4g, 1 };
    if (pc->above_4g)
        e820[ne++] = (FWCfgE820Entry){ 1ull << 32, pc->above_4g, 1 };
    fw_cfg_add_e820(&pc->fw, e820, ne);
    for (unsigned i = 0; i < 4; i++)
        if (pc->serial[i])
            acpi.serial_mask |= (uint8_t)(1u << i);
    if (!cfg->no_acpi) {
        if (acpi_build(&acpi, &pc->acpi) < 0) {
            error_report("cannot build the ACPI tables");
            return -ENOMEM;
        }
        fw_cfg_add_file(&pc->fw, "etc/acpi/tables", pc->acpi.tables, pc->acpi.tables_len);
        fw_cfg_add_file(&pc->fw, "etc/acpi/rsdp", pc->acpi.rsdp, pc->acpi.rsdp_len);
        fw_cfg_add_file(&pc->fw, "etc/table-loader", pc->acpi.loader, pc->acpi.loader_len);
    }
    return 0;
}

/* ---- The machine ---------------------------------------------------------------------- */

static int setup_memory(PCMachine *pc)
{
    const VireoConfig *cfg = pc->cfg;

    memory_region_init_container(&pc->sysmem, "system", UINT64_MAX);
    memory_region_init_container(&pc->io, "io", 0x10000);
    memory_region_init_container(&pc->pci_mem, "pci", UINT64_MAX);
    if (memory_region_init_ram(&pc->ram, "pc.ram", cfg->ram_size) < 0) {
        loc_set_option("-m", NULL);
        error_report("cannot set up guest memory 'pc.ram': Cannot allocate memory");
        return -ENOMEM;
    }
    pc->below_4g = cfg->ram_size < PC_LOWMEM_MAX ? cfg->ram_size : PC_LOWMEM_MAX;
    pc->above_4g = cfg->ram_size - pc->below_4g;
    memory_region_init_alias(&pc->ram_below, "ram-below-4g", &pc->ram, 0, pc->below_4g);
    memory_region_add_subregion(&pc->sysmem, 0, &pc->ram_below);
    if (pc->above_4g) {
        memory_region_init_alias(&pc->ram_above, "ram-above-4g", &pc->ram, pc->below_4g,
                                 pc->above_4g);
        memory_region_add_subregion(&pc->sysmem, 1ull << 32, &pc->ram_above);
    }
    memory_region_add_subregion_overlap(&pc->sysmem, 0, &pc->pci_mem, -1);
    if (memory_region_init_ram(&pc->option_rom, "pc.rom", 0x20000) < 0)
        return -ENOMEM;
    memory_region_add_subregion_overlap(&pc->pci_mem, 0xc0000, &pc->option_rom, 1);
    memory_region_init_io(&pc->port92, "port92", &port92_ops, pc, 1);
    memory_region_add_subregion(&pc->io, 0x92, &pc->port92);
    if (address_space_init(&pc->sys_as, &pc->sysmem, "memory") < 0 ||
        address_space_init(&pc->io_as, &pc->io, "I/O") < 0)
        return -ENOMEM;
    return 0;
}

static void pc_kbd_key(void *opaque, int qnum, bool down)
{
    ps2_kbd_key(opaque, qnum, down);
}

static void pc_mouse_move(void *opaque, int dx, int dy, int dz, unsigned buttons)
{
    ps2_mouse_move(opaque, dx, dy, dz, buttons);
}

/* -vga std (the default): QEMU's std VGA at 00:02.0, as QEMU places it. */
static int setup_vga(PCMachine *pc)
{
    /* -nodefaults drops the default VGA, as QEMU's; -vga still adds one. */
    const char *type = pc->cfg->vga ? pc->cfg->vga : pc->cfg->nodefaults ? "none" : "std";
    char *rom;

    if (!strcmp(type, "none"))
        return 0;
    if (strcmp(type, "std")) {
        loc_set_option("-vga", type);
        error_report("'%s' is not supported yet", type);
        return -ENOTSUP;
    }
    rom = vga_rom_path("vgabios-stdvga.bin");
    pc->vga = vga_pci_init(&pc->bus, PCI_DEVFN(2, 0), &pc->pci_mem, &pc->io, rom);
    free(rom);
    return pc->vga ? 0 : -ENOMEM;
}

/* ---- KVM's in-kernel irqchip ------------------------------------------------------ */

/* The HPET's LegacyReplacement silences the 8254's IRQ0: the kernel's PIT there. */
static void kvm_pit_enable(void *opaque, int n, int level)
{
    kvm_pit_set_hpet_legacy(!level);
}

/*
 * With the local APICs in the kernel, a device's MSI (a DMA write to
 * 0xfeeXXXXX: PCI MSI-X in hw/pci.c, HPET FSB) reaches them through
 * KVM_SIGNAL_MSI: this window covers the APIC bus's one, as QEMU's
 * "kvm-apic-msi". The CPUs' own APIC page accesses never leave the kernel.
 */
static uint64_t kvm_msi_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0;
}

static void kvm_msi_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    kvm_send_msi(APIC_DEFAULT_BASE + addr, (uint32_t)val);
}

static const MemoryRegionOps kvm_msi_ops = {
    .read = kvm_msi_read, .write = kvm_msi_write, .min_access = 4, .max_access = 4,
};

static int setup_devices(PCMachine *pc, Chardev **serials, unsigned nserials)
{
    const VireoConfig *cfg = pc->cfg;
    IrqLine isa_irq[PIIX_NUM_PIC_IRQS];
    PIIX4PMConfig pmcfg = { .poweroff = pc_poweroff, .opaque = pc };
    I8042Board kbd = { .set_a20 = set_a20, .reset = request_reset, .opaque = pc };

    IrqLine gsi[24];

    pc->pic = pic_init(&pc->io, apic_bus_pic_intr(pc->apic_bus));
    apic_bus_set_pic(pc->apic_bus, pic_ack, pc->pic);
    pc->ioapic = ioapic_init(&pc->sysmem, 0xfec00000, pc->apic_bus);
    apic_bus_set_eoi_handler(pc->apic_bus, ioapic_eoi, pc->ioapic);
    for (int i = 0; i < 24; i++)
        gsi[i] = irq_line(gsi_set, pc, i);
    for (int i = 0; i < PIIX_NUM_PIC_IRQS; i++)
        isa_irq[i] = gsi[i];
    pc->hpet = hpet_init(&pc->sysmem, 0xfed00000, gsi,
                         kvm_irqchip_in_kernel() ? irq_line(kvm_pit_enable, pc, 0) : (IrqLine){ 0 });
    pc->pit = pit_init(&pc->io, 0x40, hpet_legacy_irq(pc->hpet, HPET_LEGACY_PIT));
    pc->pcspk = pcspk_init(&pc->io, pc->pit);
    pc->rtc = rtc_init(&pc->io, 0x70, hpet_legacy_irq(pc->hpet, HPET_LEGACY_RTC), &cfg->rtc);
    pc->i8042 = i8042_init(&pc->io, isa_irq[1], isa_irq[12], &kbd);
    for (unsigned i = 0; i < nserials && i < 4; i++)
        if (serials[i])
            pc->serial[i] = serial_init(&pc->io, serial_ports[i], isa_irq[serial_irqs[i]],
                                        serials[i]);
    if (rtc_fill_pc_cmos(pc->rtc, pc->below_4g, pc->above_4g, pc->ncpus, cfg->boot.order) < 0)
        return -EINVAL;

    pci_bus_init(&pc->bus, &pc->pci_mem, &pc->io);
    pci_bus_set_dma_as(&pc->bus, &pc->sys_as);
    if (i440fx_init(&pc->i440fx, &pc->bus, &pc->io, &pc->sysmem, &pc->ram, &pc->pci_mem) < 0 ||
        piix3_init(&pc->piix3, &pc->bus, PCI_DEVFN(1, 0), isa_irq) < 0 ||
        piix3_ide_init(&pc->ide, &pc->bus, PCI_DEVFN(1, 1), &pc->io, isa_irq[14],
                       isa_irq[15]) < 0 ||
        piix4_pm_init(&pc->pm, &pc->bus, PCI_DEVFN(1, 3), &pc->io, isa_irq[9], &pmcfg) < 0) {
        error_report("cannot build the i440FX chipset");
        return -ENOMEM;
    }
    i440fx_set_reset_handler(&pc->i440fx, request_reset, pc);
    if (setup_vga(pc) < 0)
        return -ENODEV;
    if (pc_net_init(&pc->bus, cfg) < 0)     /* hw/pc-net.c: back ends, NICs from slot 3 */
        return -ENODEV;
    /* The UI's keys and mouse reach the PS/2 devices behind the i8042. */
    input_set_keyboard(pc_kbd_key, i8042_keyboard(pc->i8042));
    input_set_mouse(pc_mouse_move, i8042_mouse(pc->i8042));
    return 0;
}

/* ---- The monitor's view of the machine --------------------------------------------- */

static void pc_info_cpus(void *opaque, FILE *out)
{
    x86_vcpus_info_cpus(out, 0);
}

static void pc_info_registers(void *opaque, FILE *out, int cpu)
{
    if (x86_vcpus_info_registers(out, cpu) < 0)
        fprintf(out, "CPU#%d not available\n", cpu);
}

static void pc_info_pci(void *opaque, FILE *out)
{
    PCMachine *pc = opaque;

    pci_info(&pc->bus, out);
}

static int pc_cpu_thread_ids(void *opaque, int *ids, int max)
{
    return x86_vcpus_thread_ids(ids, max);
}

static int pc_read_memory(void *opaque, int cpu, uint64_t addr, bool phys, void *buf, size_t len)
{
    return x86_vcpus_read_memory(cpu, addr, phys, buf, len);
}

static int pc_get_register(void *opaque, int cpu, const char *name, uint64_t *val)
{
    return x86_vcpus_get_register(cpu, name, val);
}

static int pc_code_bits(void *opaque, int cpu)
{
    return x86_vcpus_code_bits(cpu);
}

static const MonitorMachineOps pc_monitor_ops = {
    .read_memory = pc_read_memory,
    .get_register = pc_get_register,
    .code_bits = pc_code_bits,
    .cpu_thread_ids = pc_cpu_thread_ids,
    .info_cpus = pc_info_cpus,
    .info_registers = pc_info_registers,
    .info_pci = pc_info_pci,
};

PCMachine *pc_machine_new(const VireoConfig *cfg, Chardev **serials, unsigned nserials)
{
    PCMachine *pc = calloc(1, sizeof(*pc));

    if (!pc)
        return NULL;
    pc->cfg = cfg;
    pc->ncpus = cfg->smp.cpus ? cfg->smp.cpus : 1;
    if (pc->ncpus > PC_MAX_CPUS) {
        error_report("Invalid SMP CPUs %u. The max CPUs supported by machine 'pc' is %d",
                     pc->ncpus, PC_MAX_CPUS);
        goto fail;
    }
    if (setup_memory(pc) < 0 || load_bios(pc) < 0)
        goto fail;
    /* KVM's memory slots follow the system address space from here on. */
    if (kvm_enabled() && kvm_memory_attach(&pc->sys_as) < 0)
        goto fail;
    /* CPUs and their APICs first: devices drive interrupt lines from their reset on. */
    pc->apic_bus = apic_bus_new(&pc->sysmem);
    if (kvm_irqchip_in_kernel()) {
        memory_region_init_io(&pc->kvm_msi, "kvm-apic-msi", &kvm_msi_ops, pc, APIC_WINDOW_SIZE);
        memory_region_add_subregion_overlap(&pc->sysmem, APIC_DEFAULT_BASE, &pc->kvm_msi, 1);
    }
    for (unsigned i = 0; i < pc->ncpus; i++) {
        static const APICCPUOps apic_ops_proto = {
            .set_intr = cpu_set_intr, .nmi = cpu_nmi, .init = cpu_init_req, .sipi = cpu_sipi,
        };
        APICCPUOps *ops = malloc(sizeof(*ops));

        pc->cpu[i] = x86_vcpu_new((int)i, &pc->sys_as, &pc_machine_ops, pc);
        if (!pc->cpu[i] || !ops) {
            error_report("cannot create CPU %u", i);
            goto fail;
        }
        /* -cpu: the options layer accepted the name ("host" only with KVM). */
        if (pc->cfg->cpu_model && x86_cpu_model_find(pc->cfg->cpu_model))
            x86_vcpu_env(pc->cpu[i])->model = x86_cpu_model_find(pc->cfg->cpu_model);
        *ops = apic_ops_proto;
        ops->cpu = pc->cpu[i];
        pc->apic[i] = apic_new(pc->apic_bus, i, i == 0, ops);
    }
    if (setup_devices(pc, serials, nserials) < 0 || setup_fw_cfg(pc) < 0)
        goto fail;
    if (cfg->kernel && setup_direct_boot(pc) < 0)
        goto fail;
    runstate_set_reset_handler(pc_reset, pc);
    runstate_set_powerdown_handler(pc_powerdown, pc);
    runstate_add_change_hook(vcpus_follow_runstate, pc);
    monitor_set_machine(&pc_monitor_ops, pc);
    return pc;
fail:
    /* The process exits after this: what was built is left to exit(). */
    return NULL;
}

/* ---- Drives ------------------------------------------------------------------------- */

/*
 * QEMU's firmware path of a drive, for a "bootorder" entry: IDE
 * "/pci@i0cf8/ide@1,1/drive@B/disk@U", virtio "/pci@i0cf8/scsi@S/disk@0,0"
 * (SeaBIOS matches its bootprio_find_ata_device / _pci_device on them).
 */
static void pc_add_boot_path(PCMachine *pc, const char *path)
{
    size_t old = pc->bootorder ? strlen(pc->bootorder) : 0;
    char *n = realloc(pc->bootorder, old + strlen(path) + 2);

    if (!n)
        return;
    pc->bootorder = n;
    sprintf(n + old, "%s\n", path);
}

/*
 * Put each opened drive of -drive/-hda../-cdrom on its device: IDE drives
 * on the PIIX3 IDE channels (bus, unit from the options), virtio drives on
 * virtio-blk-pci functions from slot 4 on (after QEMU's VGA and NIC slots).
 * QEMU numbers IDE serials in attach order ("QM00001"...). CMOS boot order
 * was set with the RTC; fw_cfg "bootorder" lists the devices in -boot order
 * (c: disks, d: CD-ROMs), which SeaBIOS reads as bootindex paths.
 */
/* A CD-ROM drive's side of its block backend: the monitor's eject and change. */
static void cd_change_media(void *opaque, BlockDriverState *bs)
{
    ide_cd_change_medium(opaque, bs);
}

static bool cd_is_locked(void *opaque)
{
    return ((IDEDrive *)opaque)->tray_locked;
}

static bool cd_is_tray_open(void *opaque)
{
    return ((IDEDrive *)opaque)->tray_open;
}

static const BlockDevOps cd_dev_ops = {
    .change_media = cd_change_media, .is_locked = cd_is_locked, .is_tray_open = cd_is_tray_open,
};

int pc_machine_attach_drives(PCMachine *pc, BlockDriverState **bs)
{
    const VireoConfig *cfg = pc->cfg;
    int serial = 1, slot = 4;
    char path[64];

    for (unsigned i = 0; i < cfg->n_drives; i++) {
        const DriveConfig *d = &cfg->drives[i];
        bool cd = d->media == DRIVE_MEDIA_CDROM;
        int ret;

        loc_set_option(d->opt, d->arg);
        if (d->interface == DRIVE_IF_IDE) {
            ret = ide_attach(&pc->ide, d->bus, d->unit, cd ? IDE_CD : IDE_HD, bs[i], serial++);
        } else if (d->interface == DRIVE_IF_VIRTIO && bs[i]) {
            while (slot < 32 && pci_bus_find(&pc->bus, PCI_DEVFN(slot, 0)))
                slot++;
            pc->vblk[i] = calloc(1, sizeof(*pc->vblk[i]));
            ret = !pc->vblk[i] || slot >= 32 ? -ENOSPC
                : virtio_blk_pci_init(pc->vblk[i], &pc->bus, PCI_DEVFN(slot, 0), bs[i],
                                      d->readonly);
        } else {
            ret = 0;        /* floppy and if=none: no device yet */
        }
        if (ret < 0) {
            error_report("cannot attach the drive: %s", strerror(-ret));
            loc_clear();
            return ret;
        }
        loc_clear();
        if (d->interface == DRIVE_IF_IDE || pc->vblk[i]) {
            BlockBackend *blk = blk_by_name(d->id);

            /* QEMU's paths: the IDE drives follow the 22 devices before them. */
            snprintf(path, sizeof(path), d->interface == DRIVE_IF_IDE
                     ? "/machine/unattached/device[%u]" : "/machine/peripheral-anon/device[%u]",
                     d->interface == DRIVE_IF_IDE ? 22u + 2u * (unsigned)d->bus + (unsigned)d->unit : i);
            if (blk)
                blk_attach_dev(blk, cd ? &cd_dev_ops : NULL,
                               cd ? (void *)ide_drive(&pc->ide, d->bus, d->unit) : NULL, path);
        }
    }
    /* As QEMU's pc: an empty CD-ROM as ide1-cd0 unless that slot is taken or
     * -nodefaults, so `change ide1-cd0 installer.iso` works on any VM. */
    if (!cfg->nodefaults && !ide_drive(&pc->ide, 1, 0)->kind) {
        BlockBackend *blk = blk_new("ide1-cd0", NULL);
        int ret = ide_attach(&pc->ide, 1, 0, IDE_CD, NULL, serial++);

        if (!blk || ret < 0) {
            error_report("cannot attach the default CD-ROM: %s", strerror(ret < 0 ? -ret : ENOMEM));
            return ret < 0 ? ret : -ENOMEM;
        }
        blk_attach_dev(blk, &cd_dev_ops, ide_drive(&pc->ide, 1, 0), "/machine/unattached/device[24]");
    }
    pc->boot_once = cfg->boot.once[0] != 0;
    pc_set_boot_order(pc, pc->boot_once ? cfg->boot.once : cfg->boot.order);
    return 0;
}

/*
 * The boot order the firmware sees: CMOS and the fw_cfg "bootorder" file,
 * which lists the drives in the letters' order. -boot once=X uses X for the
 * first boot only; the first reset goes back to order= (as QEMU).
 */
static void pc_set_boot_order(PCMachine *pc, const char *letters)
{
    const VireoConfig *cfg = pc->cfg;
    char path[96];
    bool had = pc->bootorder != NULL;

    rtc_set_boot_order(pc->rtc, letters);
    free(pc->bootorder);
    pc->bootorder = NULL;
    for (const char *o = letters; *o; o++)
        for (unsigned i = 0; i < cfg->n_drives; i++) {
            const DriveConfig *d = &cfg->drives[i];
            bool cd = d->media == DRIVE_MEDIA_CDROM;

            if ((*o == 'c' && cd) || (*o == 'd' && !cd) || (*o != 'c' && *o != 'd'))
                continue;
            if (d->interface == DRIVE_IF_IDE)
                snprintf(path, sizeof(path), "/pci@i0cf8/ide@1,1/drive@%x/disk@%x", d->bus,
                         d->unit);
            else if (d->interface == DRIVE_IF_VIRTIO && pc->vblk[i])
                snprintf(path, sizeof(path), "/pci@i0cf8/scsi@%x/disk@0,0",
                         PCI_SLOT(pc->vblk[i]->proxy.pci.devfn));
            else
                continue;
            pc_add_boot_path(pc, path);
        }
    if (had)
        fw_cfg_modify_file(&pc->fw, "bootorder", pc->bootorder ? pc->bootorder : "",
                           pc->bootorder ? strlen(pc->bootorder) + 1 : 1);
    else if (pc->bootorder)
        fw_cfg_add_file(&pc->fw, "bootorder", pc->bootorder, strlen(pc->bootorder) + 1);
}

void pc_machine_start(PCMachine *pc)
{
    for (unsigned i = 0; i < pc->ncpus; i++)
        x86_vcpu_start(pc->cpu[i]);
}
