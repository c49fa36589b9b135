/*
 * The VGA core's life cycle and the std VGA PCI device (QEMU's "VGA",
 * 1234:1111, class 0x0300): VRAM as BAR0, the MMIO BAR2 bochs-drm uses
 * (QEMU docs/specs/standard-vga.rst: VGA ports at 0x400, DISPI registers at
 * 0x500 as 16-bit words, QEMU's extended registers at 0x600), the option ROM
 * in the ROM BAR, and the state the VGA BIOS would leave for a kernel booted
 * without firmware.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/display/vga-int.h"
#include "system/error.h"

static const GraphicHwOps vga_console_ops = {
    .update = vga_update_display,
    .invalidate = vga_invalidate_display,
    .text_update = vga_text_update,
};

VGAState *vga_new(MemoryRegion *mem, MemoryRegion *io)
{
    VGAState *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->vram_size = VGA_VRAM_SIZE;
    s->mem = mem;
    s->io = io;
    s->dirty_pages = calloc(s->vram_size >> MEMORY_DIRTY_PAGE_BITS, 1);
    if (!s->dirty_pages || memory_region_init_ram(&s->vram_mr, "vga.vram", s->vram_size) < 0)
        goto fail;
    s->vram = memory_region_get_ram_ptr(&s->vram_mr);
    if (memory_region_set_log(&s->vram_mr, true, DIRTY_VGA) < 0)
        goto fail;
    s->con = console_new(&vga_console_ops, s);
    if (!s->con)
        goto fail;
    memory_region_init_io(&s->ioports, "vga", &vga_ioport_ops, s, 0x30);
    memory_region_add_subregion(io, 0x3b0, &s->ioports);
    memory_region_init_io(&s->vbe_ports, "vbe", &vga_vbe_ops, s, 4);
    memory_region_add_subregion(io, 0x1ce, &s->vbe_ports);
    memory_region_init_io(&s->lowmem, "vga-lowmem", &vga_mem_ops, s, 0x20000);
    memory_region_add_subregion_overlap(mem, 0xa0000, &s->lowmem, 1);
    vga_reset(s);
    return s;
fail:
    free(s->dirty_pages);
    if (s->vram)
        memory_region_destroy(&s->vram_mr);
    free(s);
    return NULL;
}

void vga_free(VGAState *s)
{
    if (!s)
        return;
    memory_region_del_subregion(s->io, &s->ioports);
    memory_region_del_subregion(s->io, &s->vbe_ports);
    memory_region_del_subregion(s->mem, &s->lowmem);
    console_free(s->con);
    memory_region_destroy(&s->vram_mr);
    free(s->last_cells);
    free(s->lfb_shadow);
    free(s->dirty_pages);
    free(s);
}

void vga_reset(VGAState *s)
{
    s->misc = s->fcr = s->st01 = 0;
    s->sr_index = s->gr_index = s->ar_index = s->cr_index = 0;
    memset(s->sr, 0, sizeof(s->sr));
    memset(s->gr, 0, sizeof(s->gr));
    memset(s->ar, 0, sizeof(s->ar));
    memset(s->cr, 0, sizeof(s->cr));
    s->ar_flip_flop = false;
    s->dac_state = s->dac_sub = s->dac_read_index = s->dac_write_index = 0;
    s->pel_mask = 0xff;
    memset(s->palette, 0, sizeof(s->palette));
    s->latch = 0;
    s->vbe_index = 0;
    memset(s->vbe_regs, 0, sizeof(s->vbe_regs));
    s->vbe_regs[VBE_DISPI_INDEX_ID] = VBE_DISPI_ID5;
    s->vbe_regs[VBE_DISPI_INDEX_VIDEO_MEMORY_64K] = (uint16_t)(s->vram_size >> 16);
    s->vbe_start = s->vbe_line_offset = s->bank_offset = 0;
    vga_invalidate_display(s);
}

/* IBM VGA mode 3 (80x25, 9x16 cells, 720x400), as the BIOS programs it. */
static const uint8_t mode3_sr[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const uint8_t mode3_cr[25] = {
    0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00,
    0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};
static const uint8_t mode3_gr[9] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x0f, 0xff };
static const uint8_t mode3_ar[21] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
    0x0c, 0x00, 0x0f, 0x08, 0x00,
};

void vga_set_text_mode3(VGAState *s, const uint8_t *font16)
{
    s->misc = 0x67;
    memcpy(s->sr, mode3_sr, sizeof(mode3_sr));
    memcpy(s->cr, mode3_cr, sizeof(mode3_cr));
    memcpy(s->gr, mode3_gr, sizeof(mode3_gr));
    memcpy(s->ar, mode3_ar, sizeof(mode3_ar));
    s->ar_index = 0x20;         /* palette address source: the screen shows */
    /* The default DAC's first 64 entries: the EGA colours, rgbRGB bits to 6-bit levels. */
    for (unsigned i = 0; i < 64; i++) {
        s->palette[i * 3] = (uint8_t)(((i >> 2) & 1) * 0x2a + ((i >> 5) & 1) * 0x15);
        s->palette[i * 3 + 1] = (uint8_t)(((i >> 1) & 1) * 0x2a + ((i >> 4) & 1) * 0x15);
        s->palette[i * 3 + 2] = (uint8_t)((i & 1) * 0x2a + ((i >> 3) & 1) * 0x15);
    }
    /* Font map 0 in plane 2, 32 bytes a glyph; a blank screen (space, grey on black). */
    memset(s->vram, 0, 0x40000);
    for (unsigned c = 0; c < 256; c++)
        for (unsigned r = 0; r < 16; r++)
            s->vram[(c * 32 + r) * 4 + 2] = font16 ? font16[c * 16 + r] : 0;
    for (unsigned k = 0; k < 80 * 25; k++) {
        s->vram[k * 4] = ' ';
        s->vram[k * 4 + 1] = 0x07;
    }
    memory_region_set_dirty(&s->vram_mr, 0, 0x40000);
    vga_invalidate_display(s);
}

const uint8_t *vga_find_font16(const uint8_t *rom, size_t len)
{
    /* Glyph 0 is blank; glyph 1 the smiley face of the IBM character set. */
    static const uint8_t sig[32] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x00, 0x00, 0x7e, 0x81, 0xa5, 0x81, 0x81, 0xbd, 0x99, 0x81, 0x81, 0x7e, 0x00, 0x00, 0x00, 0x00,
    };

    for (size_t i = 0; i + 4096 <= len; i++)
        if (rom[i] == 0 && rom[i + 18] == 0x7e && !memcmp(rom + i, sig, sizeof(sig)))
            return rom + i;
    return NULL;
}

Console *vga_console(VGAState *s)
{
    return s->con;
}

MemoryRegion *vga_vram(VGAState *s)
{
    return &s->vram_mr;
}

/* ---- The PCI device ---------------------------------------------------- */

struct VGAPCIState {
    PCIDevice pci;
    VGAState *vga;
    MemoryRegion mmio, rom;
    uint8_t *rom_data;
    size_t rom_len;
    const uint8_t *font16;      /* inside rom_data */
};

#define MMIO_SIZE           0x1000
#define MMIO_VGA_PORTS      0x400   /* 0x3c0-0x3df */
#define MMIO_DISPI          0x500   /* DISPI register i at 0x500 + 2i */
#define MMIO_QEXT           0x600
#define QEXT_SIZE           8       /* size and byte order registers */
#define QEXT_LITTLE_ENDIAN  0x1e1e1e1e

static uint64_t mmio_read(void *opaque, uint64_t addr, unsigned size)
{
    VGAState *s = opaque;
    uint64_t v = 0;

    if (addr >= MMIO_VGA_PORTS && addr < MMIO_VGA_PORTS + 0x20) {
        for (unsigned i = 0; i < size; i++)
            v |= vga_ioport_read(s, 0x3c0 + (uint32_t)(addr - MMIO_VGA_PORTS) + i) << (8 * i);
        return v;
    }
    if (addr >= MMIO_DISPI && addr < MMIO_DISPI + 2 * VBE_DISPI_INDEX_NB) {
        unsigned i = (unsigned)(addr - MMIO_DISPI);

        v = vga_vbe_read(s, i / 2);
        if (size == 4 && i / 2 + 1 < VBE_DISPI_INDEX_NB)
            v |= (uint64_t)vga_vbe_read(s, i / 2 + 1) << 16;
        return (i & 1) ? v >> 8 : v;
    }
    if (addr == MMIO_QEXT)
        return QEXT_SIZE;
    if (addr == MMIO_QEXT + 4)
        return QEXT_LITTLE_ENDIAN;
    return 0;   /* the EDID area at 0 reads empty: no EDID blob */
}

static void mmio_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    VGAState *s = opaque;

    if (addr >= MMIO_VGA_PORTS && addr < MMIO_VGA_PORTS + 0x20) {
        for (unsigned i = 0; i < size; i++)
            vga_ioport_write(s, 0x3c0 + (uint32_t)(addr - MMIO_VGA_PORTS) + i, (uint32_t)(val >> (8 * i)));
        return;
    }
    if (addr >= MMIO_DISPI && addr < MMIO_DISPI + 2 * VBE_DISPI_INDEX_NB && !(addr & 1) && size >= 2) {
        unsigned i = (unsigned)(addr - MMIO_DISPI) / 2;

        vga_vbe_write(s, i, (uint16_t)val);
        if (size == 4 && i + 1 < VBE_DISPI_INDEX_NB)
            vga_vbe_write(s, i + 1, (uint16_t)(val >> 16));
        return;
    }
    if (addr == MMIO_QEXT + 4 && (uint32_t)val != QEXT_LITTLE_ENDIAN) {
        if (log_enabled(LOG_UNIMP))
            log_printf("vga: big-endian framebuffer (0x%x) not supported\n", (unsigned)val);
        return;
    }
    if (log_enabled(LOG_GUEST_ERROR) && addr < MMIO_QEXT)
        log_printf("vga: MMIO write at 0x%x size %u ignored\n", (unsigned)addr, size);
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read, .write = mmio_write, .min_access = 1, .max_access = 4,
};

static void vga_pci_reset(PCIDevice *d)
{
    VGAPCIState *v = d->opaque;

    vga_reset(v->vga);
    /* As if the VGA BIOS had set mode 3: what -kernel's Linux finds without firmware. */
    if (v->font16)
        vga_set_text_mode3(v->vga, v->font16);
}

static const PCIDeviceOps vga_pci_ops = {
    .reset = vga_pci_reset,
};

char *vga_rom_path(const char *name)
{
    char exe[4096], *slash, *path;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

    if (n > 0) {
        exe[n] = 0;
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            if (asprintf(&path, "%s/roms/%s", exe, name) > 0) {
                if (access(path, R_OK) == 0)
                    return path;
                free(path);
            }
        }
    }
    if (asprintf(&path, "/usr/share/seabios/%s", name) < 0)
        return NULL;
    return path;
}

static int load_rom(VGAPCIState *v, const char *path)
{
    FILE *f = fopen(path, "rb");
    long len;
    uint64_t size = 2048;

    if (!f)
        return -errno;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    if (len <= 0 || len > (1 << 20)) {
        fclose(f);
        return -EINVAL;
    }
    v->rom_data = malloc((size_t)len);
    if (!v->rom_data || fread(v->rom_data, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        return -EIO;
    }
    fclose(f);
    v->rom_len = (size_t)len;
    while (size < (uint64_t)len)
        size <<= 1;
    if (memory_region_init_rom(&v->rom, "vga.rom", size) < 0)
        return -ENOMEM;
    memcpy(memory_region_get_ram_ptr(&v->rom), v->rom_data, v->rom_len);
    v->font16 = vga_find_font16(v->rom_data, v->rom_len);
    return 0;
}

VGAPCIState *vga_pci_init(PCIBus *bus, int devfn, MemoryRegion *mem, MemoryRegion *io,
                          const char *rom_path)
{
    VGAPCIState *v = calloc(1, sizeof(*v));
    int ret;

    if (!v)
        goto nomem;
    v->vga = vga_new(mem, io);
    if (!v->vga)
        goto nomem;
    if (pci_register_device(bus, &v->pci, devfn, "VGA", &vga_pci_ops, v) < 0) {
        error_report("-vga std: PCI slot %d is taken", PCI_SLOT(devfn));
        return NULL;
    }
    /* QEMU's std VGA: Bochs/QEMU ids, revision 2, a VGA-compatible display controller. */
    pci_config_set_ids(&v->pci, 0x1234, 0x1111, 0x0300, 0x02);
    pci_register_bar(&v->pci, 0, PCI_BAR_MEM32 | PCI_BAR_PREFETCH, &v->vga->vram_mr);
    memory_region_init_io(&v->mmio, "vga.mmio", &mmio_ops, v->vga, MMIO_SIZE);
    pci_register_bar(&v->pci, 2, PCI_BAR_MEM32, &v->mmio);
    if (rom_path) {
        ret = load_rom(v, rom_path);
        if (ret == 0)
            pci_register_bar(&v->pci, PCI_ROM_SLOT, 0, &v->rom);
        else
            warn_report("-vga std: no option ROM: '%s': %s (guests booted by SeaBIOS get no VGA BIOS)",
                        rom_path, strerror(-ret));
    }
    pci_device_reset(&v->pci);
    return v;
nomem:
    error_report("-vga std: cannot allocate the VGA device");
    return NULL;
}

VGAState *vga_pci_vga(VGAPCIState *d)
{
    return d->vga;
}
