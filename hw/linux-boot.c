/*
 * Linux's 64-bit boot protocol without firmware (see linux-boot.h). Offsets
 * are those of struct boot_params and struct setup_header in
 * arch/x86/include/uapi/asm/bootparam.h. Low memory, as other direct
 * loaders lay it out:
 *
 *   0x6000  GDT: null, null, __BOOT_CS (0x10, 64-bit code), __BOOT_DS (0x18)
 *   0x7000  boot_params
 *   0x9000  PML4, 0xa000 PDPT, 0xb000-0xefff four page directories (2 MiB pages)
 *   0x20000 the command line
 *   1 MiB   the protected-mode kernel; the initrd at the top of low RAM
 */
#include "hw/linux-boot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/x86/helper-sys.h"
#include "cpu/x86/seg.h"
#include "system/error.h"
#include "tcg/softmmu.h"

#define GDT_ADDR      0x6000
#define ZERO_PAGE     0x7000
#define PML4_ADDR     0x9000
#define PDPT_ADDR     0xa000
#define PD_ADDR       0xb000
#define CMDLINE_ADDR  0x20000
#define KERNEL_ADDR   0x100000

#define HDR_SETUP_SECTS  0x1f1
#define HDR_VID_MODE     0x1fa
#define HDR_MAGIC        0x202      /* "HdrS" */
#define HDR_VERSION      0x206
#define HDR_TYPE_LOADER  0x210
#define HDR_LOADFLAGS    0x211
#define HDR_RAMDISK      0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_HEAP_END     0x224
#define HDR_CMDLINE_PTR  0x228
#define HDR_INITRD_MAX   0x22c
#define HDR_XLOADFLAGS   0x236
#define HDR_CMDLINE_SIZE 0x238
#define BP_ACPI_RSDP     0x070
#define BP_E820_ENTRIES  0x1e8
/* struct screen_info (include/uapi/linux/screen_info.h) at the start of boot_params. */
#define SI_ORIG_VIDEO_MODE   0x06
#define SI_ORIG_VIDEO_COLS   0x07
#define SI_ORIG_VIDEO_LINES  0x0e
#define SI_ORIG_VIDEO_ISVGA  0x0f
#define SI_ORIG_VIDEO_POINTS 0x10
#define BP_E820_TABLE    0x2d0
#define E820_MAX         128

static uint8_t *read_file(const char *path, size_t *len, const char *what)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size;

    if (!f) {
        error_report("could not open %s '%s': %s", what, path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc(size ? (size_t)size : 1)) && fread(buf, 1, (size_t)size, f) == (size_t)size) {
        *len = (size_t)size;
    } else {
        error_report("could not read %s '%s'", what, path);
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static uint32_t le32(const uint8_t *p) { return (uint32_t)ldn_le_p(p, 4); }

static void put(AddressSpace *as, uint64_t addr, uint64_t v, unsigned size)
{
    address_space_st(as, addr, v, size);
}

/* Identity-map the first 4 GiB with 2 MiB pages: enough for the 64-bit entry. */
static void build_page_tables(AddressSpace *as)
{
    put(as, PML4_ADDR, PDPT_ADDR | 3, 8);
    for (int i = 0; i < 4; i++) {
        put(as, PDPT_ADDR + 8 * i, (PD_ADDR + 0x1000 * i) | 3, 8);
        for (int j = 0; j < 512; j++)
            put(as, PD_ADDR + 0x1000 * i + 8 * j, ((uint64_t)(i * 512 + j) << 21) | 0x83, 8);
    }
}

int linux_boot_load(const LinuxBootConfig *cfg, AddressSpace *as, LinuxBootEntry *entry)
{
    uint8_t *k, *initrd = NULL, bp[4096] = { 0 };
    size_t klen, ilen = 0, setup_len, cmdlen = strlen(cfg->cmdline ? cfg->cmdline : "");
    unsigned setup_sects, version, hdr_end;
    uint64_t initrd_max, initrd_addr = 0;
    int ret = -1;

    if (!(k = read_file(cfg->kernel, &klen, "kernel")))
        return -1;
    if (klen < 0x400 || le32(k + HDR_MAGIC) != 0x53726448) {
        error_report("%s: not a bzImage (no \"HdrS\" setup header)", cfg->kernel);
        goto out;
    }
    version = (unsigned)ldn_le_p(k + HDR_VERSION, 2);
    if (version < 0x20c || !(k[HDR_XLOADFLAGS] & 1)) {
        error_report("%s: boot protocol %u.%02u has no 64-bit entry (2.12 and XLF_KERNEL_64 needed)",
                     cfg->kernel, version >> 8, version & 0xff);
        goto out;
    }
    setup_sects = k[HDR_SETUP_SECTS] ? k[HDR_SETUP_SECTS] : 4;
    setup_len = (setup_sects + 1) * 512u;
    if (setup_len >= klen || KERNEL_ADDR + (klen - setup_len) > cfg->ram_below_4g) {
        error_report("%s: truncated, or too big for %llu MiB of RAM", cfg->kernel,
                     (unsigned long long)(cfg->ram_below_4g >> 20));
        goto out;
    }
    if (cmdlen + 1 > le32(k + HDR_CMDLINE_SIZE)) {
        error_report("-append: the command line is longer than the kernel's %u bytes",
                     le32(k + HDR_CMDLINE_SIZE));
        goto out;
    }
    address_space_write(as, KERNEL_ADDR, k + setup_len, klen - setup_len);

    /* The initrd goes as high as the kernel accepts, below low RAM's end and
     * any reserved region the board put at the top (the ACPI tables). */
    initrd_max = le32(k + HDR_INITRD_MAX);
    for (unsigned i = 0; i < cfg->n_e820; i++)
        if (cfg->e820[i].type != 1 && cfg->e820[i].addr >= KERNEL_ADDR &&
            cfg->e820[i].addr - 1 < initrd_max)
            initrd_max = cfg->e820[i].addr - 1;
    if (cfg->ram_below_4g - 1 < initrd_max)
        initrd_max = cfg->ram_below_4g - 1;
    if (cfg->initrd) {
        if (!(initrd = read_file(cfg->initrd, &ilen, "initrd")))
            goto out;
        initrd_addr = (initrd_max + 1 - ilen) & ~0xfffull;
        if (ilen > initrd_max || initrd_addr < KERNEL_ADDR + 2 * (klen - setup_len)) {
            error_report("%s: initrd too big for %llu MiB of RAM", cfg->initrd,
                         (unsigned long long)(cfg->ram_below_4g >> 20));
            goto out;
        }
        address_space_write(as, initrd_addr, initrd, ilen);
    }

    /* boot_params: the kernel's own setup header, then what the loader fills in. */
    hdr_end = 0x202 + k[0x201];
    memcpy(bp + HDR_SETUP_SECTS, k + HDR_SETUP_SECTS, hdr_end - HDR_SETUP_SECTS);
    stn_le_p(bp + HDR_VID_MODE, 2, 0xffff);
    bp[HDR_TYPE_LOADER] = 0xff;
    bp[HDR_LOADFLAGS] |= 0x80;                  /* CAN_USE_HEAP */
    stn_le_p(bp + HDR_HEAP_END, 2, 0xfe00);
    stn_le_p(bp + HDR_CMDLINE_PTR, 4, CMDLINE_ADDR);
    stn_le_p(bp + HDR_RAMDISK, 4, initrd_addr);
    stn_le_p(bp + HDR_RAMDISK_SIZE, 4, ilen);
    stn_le_p(bp + BP_ACPI_RSDP, 8, cfg->rsdp_addr);
    if (cfg->vga_text) {
        /* struct screen_info at offset 0, as the real-mode setup code fills it from
         * the VGA BIOS: colour mode 3, 80x25, an 8x16 font, cursor at the top left.
         * Without it vgacon finds no lines and columns and the console stays dummy. */
        bp[SI_ORIG_VIDEO_MODE] = 3;
        bp[SI_ORIG_VIDEO_COLS] = 80;
        bp[SI_ORIG_VIDEO_LINES] = 25;
        bp[SI_ORIG_VIDEO_ISVGA] = 1;
        stn_le_p(bp + SI_ORIG_VIDEO_POINTS, 2, 16);
    }
    bp[BP_E820_ENTRIES] = (uint8_t)(cfg->n_e820 < E820_MAX ? cfg->n_e820 : E820_MAX);
    for (unsigned i = 0; i < bp[BP_E820_ENTRIES]; i++) {
        uint8_t *e = bp + BP_E820_TABLE + 20 * i;

        stn_le_p(e, 8, cfg->e820[i].addr);
        stn_le_p(e + 8, 8, cfg->e820[i].size);
        stn_le_p(e + 16, 4, cfg->e820[i].type);
    }
    address_space_write(as, ZERO_PAGE, bp, sizeof(bp));
    address_space_write(as, CMDLINE_ADDR, cfg->cmdline ? cfg->cmdline : "", cmdlen + 1);

    put(as, GDT_ADDR + 0x10, 0x00af9b000000ffffull, 8);    /* __BOOT_CS: 64-bit code */
    put(as, GDT_ADDR + 0x18, 0x00cf93000000ffffull, 8);    /* __BOOT_DS: flat data */
    build_page_tables(as);

    *entry = (LinuxBootEntry){
        .rip = KERNEL_ADDR + 0x200, .rsi = ZERO_PAGE, .cr3 = PML4_ADDR,
        .gdt_base = GDT_ADDR, .gdt_limit = 0x1f,
    };
    ret = 0;
out:
    free(k);
    free(initrd);
    return ret;
}

void linux_boot_enter(CPUX86State *env, const LinuxBootEntry *e)
{
    uint32_t code = DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK |
                    DESC_L_MASK | DESC_G_MASK;
    uint32_t data = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK | DESC_B_MASK |
                    DESC_G_MASK;

    env->gdt.base = e->gdt_base;
    env->gdt.limit = e->gdt_limit;
    env->cr[4] = CR4_PAE;
    env->cr[3] = e->cr3;
    env->efer = EFER_LME | EFER_LMA;
    env->cr[0] = CR0_PE | CR0_ET | CR0_PG;
    x86_set_seg(env, R_CS, 0x10, 0, 0xffffffff, code);
    for (int s = R_ES; s <= R_GS; s++)
        if (s != R_CS)
            x86_set_seg(env, s, 0x18, 0, 0xffffffff, data);
    env->eflags = 0x2;
    env->rip = e->rip;
    env->regs[R_ESI] = e->rsi;
    x86_update_hflags(env);
    tlb_flush(&env->common);
}
