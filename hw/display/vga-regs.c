/*
 * The VGA's register ports (0x3b0-0x3df) and the Bochs VBE DISPI interface
 * (0x1ce index, 0x1cf data). Register semantics: IBM VGA Technical
 * Reference (as FreeVGA documents it); DISPI: Bochs vbe.h and QEMU.
 */
#include <string.h>

#include "hw/display/vga-int.h"

/* Writable bits of each sequencer / graphics register (reserved bits read 0). */
static const uint8_t sr_mask[VGA_SR_COUNT] = { 0x03, 0x3d, 0x0f, 0x3f, 0x0e, 0x00, 0x00, 0x00 };
static const uint8_t gr_mask[VGA_GR_COUNT] = {
    0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b, 0x0f, 0x0f, 0xff,
};

/* Input status 1 (0x3da): bit 0 display disabled, bit 3 vertical retrace. */
#define ST01_DISP_ENABLE    0x01
#define ST01_V_RETRACE      0x08

static void guest_error(const char *what, uint32_t a, uint32_t v)
{
    if (log_enabled(LOG_GUEST_ERROR))
        log_printf("vga: %s 0x%x (value 0x%x)\n", what, a, v);
}

/* Misc output bit 0 (I/OAS) puts the CRTC at 0x3d4 (colour) or 0x3b4 (mono); the other base is dead. */
static bool port_unused(const VGAState *s, uint32_t port)
{
    if (s->misc & 0x01)
        return (port & 0xfff0) == 0x3b0;
    return (port & 0xfff0) == 0x3d0;
}

uint64_t vga_ioport_read(VGAState *s, uint32_t port)
{
    uint8_t v;

    if (port_unused(s, port))
        return 0xff;
    switch (port) {
    case 0x3c0:
        return s->ar_flip_flop ? 0 : s->ar_index;
    case 0x3c1:
        return (s->ar_index & 0x1f) < VGA_AR_COUNT ? s->ar[s->ar_index & 0x1f] : 0;
    case 0x3c2:
        return 0;       /* input status 0: no switch sense, no interrupt */
    case 0x3c4:
        return s->sr_index;
    case 0x3c5:
        return s->sr[s->sr_index & 7];
    case 0x3c6:
        return s->pel_mask;
    case 0x3c7:
        return s->dac_state;
    case 0x3c8:
        return s->dac_write_index;
    case 0x3c9:
        v = s->palette[s->dac_read_index * 3 + s->dac_sub];
        if (++s->dac_sub == 3) {
            s->dac_sub = 0;
            s->dac_read_index++;
        }
        return v;
    case 0x3ca:
        return s->fcr;
    case 0x3cc:
        return s->misc;
    case 0x3ce:
        return s->gr_index;
    case 0x3cf:
        return s->gr[s->gr_index & 0x0f];
    case 0x3b4:
    case 0x3d4:
        return s->cr_index;
    case 0x3b5:
    case 0x3d5:
        return s->cr[s->cr_index];
    case 0x3ba:
    case 0x3da:
        /* Reading it resets the attribute flip-flop. Retrace and display-enable toggle
         * on each read so software polling for either never waits forever. */
        s->ar_flip_flop = false;
        s->st01 ^= ST01_V_RETRACE | ST01_DISP_ENABLE;
        return s->st01;
    default:
        return 0xff;
    }
}

static void ar_write(VGAState *s, uint8_t val)
{
    unsigned i;

    if (!s->ar_flip_flop) {
        /* Index, with bit 5 (PAS): the palette is in use, the screen shows. */
        s->ar_index = val & 0x3f;
        s->ar_flip_flop = true;
        return;
    }
    s->ar_flip_flop = false;
    i = s->ar_index & 0x1f;
    switch (i) {
    case 0x10:
        s->ar[i] = val & ~0x10;
        break;
    case 0x11:
        s->ar[i] = val;
        break;
    case 0x12:
        s->ar[i] = val & 0x3f;
        break;
    case 0x13:
    case 0x14:
        s->ar[i] = val & 0x0f;
        break;
    default:
        if (i >= 0x10) {
            guest_error("write to missing attribute register", i, val);
            return;
        }
        s->ar[i] = val & 0x3f;     /* palette registers 0x00-0x0f */
        break;
    }
    s->full_update = true;
}

static void cr_write(VGAState *s, uint8_t val)
{
    uint8_t i = s->cr_index;

    /* CR11 bit 7 write-protects CR0-CR7, except CR7 bit 4 (line compare bit 8). */
    if ((s->cr[0x11] & 0x80) && i <= 7) {
        if (i == 7)
            s->cr[7] = (s->cr[7] & ~0x10) | (val & 0x10);
        return;
    }
    s->cr[i] = val;
}

void vga_ioport_write(VGAState *s, uint32_t port, uint32_t val)
{
    val &= 0xff;
    if (port_unused(s, port))
        return;
    switch (port) {
    case 0x3c0:
    case 0x3c1:
        ar_write(s, (uint8_t)val);
        break;
    case 0x3c2:
        s->misc = val & ~0x10;
        break;
    case 0x3c3:
        break;          /* video subsystem enable: always on */
    case 0x3c4:
        s->sr_index = val & 7;
        break;
    case 0x3c5:
        s->sr[s->sr_index] = val & sr_mask[s->sr_index];
        if (s->sr_index == 1)
            s->full_update = true;
        break;
    case 0x3c6:
        s->pel_mask = (uint8_t)val;
        s->full_update = true;
        break;
    case 0x3c7:
        s->dac_read_index = (uint8_t)val;
        s->dac_sub = 0;
        s->dac_state = 3;
        break;
    case 0x3c8:
        s->dac_write_index = (uint8_t)val;
        s->dac_sub = 0;
        s->dac_state = 0;
        break;
    case 0x3c9:
        s->dac_cache[s->dac_sub] = (uint8_t)val;
        if (++s->dac_sub == 3) {
            memcpy(&s->palette[s->dac_write_index * 3], s->dac_cache, 3);
            s->dac_sub = 0;
            s->dac_write_index++;
        }
        break;
    case 0x3ce:
        s->gr_index = val & 0x0f;
        break;
    case 0x3cf:
        s->gr[s->gr_index] = val & gr_mask[s->gr_index];
        break;
    case 0x3b4:
    case 0x3d4:
        s->cr_index = (uint8_t)val;
        break;
    case 0x3b5:
    case 0x3d5:
        cr_write(s, (uint8_t)val);
        break;
    case 0x3ba:
    case 0x3da:
        s->fcr = val & 0x10;
        break;
    default:
        guest_error("write to unmodelled port", port, val);
        break;
    }
}

static uint64_t ioport_read(void *opaque, uint64_t addr, unsigned size)
{
    return vga_ioport_read(opaque, 0x3b0 + (uint32_t)addr);
}

static void ioport_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    vga_ioport_write(opaque, 0x3b0 + (uint32_t)addr, (uint32_t)val);
}

const MemoryRegionOps vga_ioport_ops = {
    .read = ioport_read, .write = ioport_write, .min_access = 1, .max_access = 1,
};

/* ---- VBE DISPI --------------------------------------------------------- */

static unsigned vbe_bytes_pp(unsigned bpp)
{
    return bpp == 15 ? 2 : (bpp + 7) / 8;
}

/*
 * Make the mode registers consistent and safe, as QEMU's vbe_fixup_regs
 * does: a valid depth, a width that is a multiple of 8, a virtual screen at
 * least as large as the visible one and inside VRAM, offsets that keep the
 * visible window inside the virtual screen. After this the renderer can
 * read xres * yres pixels from vbe_start without leaving VRAM.
 */
static void vbe_fixup(VGAState *s)
{
    uint16_t *r = s->vbe_regs;
    unsigned bpp = r[VBE_DISPI_INDEX_BPP], bytes, xres, yres, vw, vh, maxy, xo, yo;
    uint32_t line;

    if (bpp != 4 && bpp != 8 && bpp != 15 && bpp != 16 && bpp != 24 && bpp != 32)
        bpp = 8;
    bytes = bpp == 4 ? 1 : vbe_bytes_pp(bpp);
    xres = r[VBE_DISPI_INDEX_XRES] & ~7u;
    if (xres < 8)
        xres = 8;
    if (xres > VBE_DISPI_MAX_XRES)
        xres = VBE_DISPI_MAX_XRES;
    vw = r[VBE_DISPI_INDEX_VIRT_WIDTH] & ~7u;
    if (vw < xres)
        vw = xres;
    if (vw > VBE_DISPI_MAX_XRES)
        vw = VBE_DISPI_MAX_XRES;
    line = bpp == 4 ? vw / 2 : vw * bytes;
    maxy = s->vram_size / line;
    if (maxy < 1)
        maxy = 1;
    yres = r[VBE_DISPI_INDEX_YRES];
    if (yres < 1)
        yres = 1;
    if (yres > VBE_DISPI_MAX_YRES)
        yres = VBE_DISPI_MAX_YRES;
    if (yres > maxy)
        yres = maxy;
    vh = maxy;      /* QEMU: the virtual height is all the lines VRAM holds */
    xo = r[VBE_DISPI_INDEX_X_OFFSET];
    yo = r[VBE_DISPI_INDEX_Y_OFFSET];
    if (xo > vw - xres)
        xo = vw - xres;
    if (yo > vh - yres)
        yo = vh - yres;
    r[VBE_DISPI_INDEX_BPP] = (uint16_t)bpp;
    r[VBE_DISPI_INDEX_XRES] = (uint16_t)xres;
    r[VBE_DISPI_INDEX_YRES] = (uint16_t)yres;
    r[VBE_DISPI_INDEX_VIRT_WIDTH] = (uint16_t)vw;
    r[VBE_DISPI_INDEX_VIRT_HEIGHT] = (uint16_t)(vh > 0xffff ? 0xffff : vh);
    r[VBE_DISPI_INDEX_X_OFFSET] = (uint16_t)xo;
    r[VBE_DISPI_INDEX_Y_OFFSET] = (uint16_t)yo;
    s->vbe_line_offset = line;
    s->vbe_start = yo * line + (bpp == 4 ? xo / 2 : xo * bytes);
}

/*
 * The VGA registers a DISPI mode implies (QEMU's vbe_update_vgaregs), so
 * VGA-aware software reading them sees a graphics mode of that size.
 */
static void vbe_update_vgaregs(VGAState *s)
{
    unsigned h = s->vbe_regs[VBE_DISPI_INDEX_XRES] / 8 - 1;
    unsigned v = s->vbe_regs[VBE_DISPI_INDEX_YRES] - 1;

    s->gr[0x06] = (s->gr[0x06] & ~0x0c) | 0x05;     /* graphics, 0xa0000 64 KiB */
    s->cr[0x17] |= 3;                                /* no CGA/Hercules address mapping */
    s->cr[0x13] = (uint8_t)(s->vbe_line_offset >> 3);
    s->cr[0x01] = (uint8_t)h;
    s->cr[0x12] = (uint8_t)v;
    s->cr[0x07] = (s->cr[0x07] & ~0x42) | ((v >> 7) & 0x02) | ((v >> 3) & 0x40);
    s->cr[0x18] = 0xff;                              /* line compare off */
    s->cr[0x07] |= 0x10;
    s->cr[0x09] |= 0x40;
    s->sr[0x01] &= ~0x08;                            /* no dot clock halving */
    if (s->vbe_regs[VBE_DISPI_INDEX_BPP] == 4) {
        s->gr[0x05] &= ~0x60;
        s->sr[0x04] &= ~0x08;
    } else {
        s->gr[0x05] = (s->gr[0x05] & ~0x60) | 0x40;  /* 256-colour shift */
        s->sr[0x04] |= 0x08;                         /* chain 4 */
    }
}

uint16_t vga_vbe_read(VGAState *s, unsigned index)
{
    bool caps = s->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_GETCAPS;

    if (index >= VBE_DISPI_INDEX_NB) {
        guest_error("read of missing DISPI register", index, 0);
        return 0;
    }
    /* With GETCAPS set, the mode registers read as the largest values accepted. */
    if (caps && index == VBE_DISPI_INDEX_XRES)
        return VBE_DISPI_MAX_XRES;
    if (caps && index == VBE_DISPI_INDEX_YRES)
        return VBE_DISPI_MAX_YRES;
    if (caps && index == VBE_DISPI_INDEX_BPP)
        return VBE_DISPI_MAX_BPP;
    return s->vbe_regs[index];
}

void vga_vbe_write(VGAState *s, unsigned index, uint16_t val)
{
    uint16_t *r = s->vbe_regs;

    switch (index) {
    case VBE_DISPI_INDEX_ID:
        if (val >= VBE_DISPI_ID0 && val <= VBE_DISPI_ID5)
            r[index] = val;
        break;
    case VBE_DISPI_INDEX_XRES:
    case VBE_DISPI_INDEX_YRES:
    case VBE_DISPI_INDEX_BPP:
    case VBE_DISPI_INDEX_VIRT_WIDTH:
    case VBE_DISPI_INDEX_X_OFFSET:
    case VBE_DISPI_INDEX_Y_OFFSET:
    case VBE_DISPI_INDEX_VIRT_HEIGHT:
        r[index] = val;
        /* Checked when the mode is enabled; while it is, at once (QEMU's vbe_fixup_regs). */
        if (vga_vbe_enabled(s)) {
            vbe_fixup(s);
            vbe_update_vgaregs(s);
        }
        s->full_update = true;
        break;
    case VBE_DISPI_INDEX_BANK: {
        /* 64 KiB banks for the window at 0xa0000; a bank past VRAM is refused. */
        unsigned bank = val & 0x7fff;

        if ((uint64_t)bank << 16 >= s->vram_size) {
            guest_error("DISPI bank past VRAM", bank, val);
            break;
        }
        r[index] = (uint16_t)bank;
        s->bank_offset = (uint32_t)bank << 16;
        break;
    }
    case VBE_DISPI_INDEX_ENABLE: {
        bool was = vga_vbe_enabled(s);

        r[index] = val & (VBE_DISPI_ENABLED | VBE_DISPI_GETCAPS | VBE_DISPI_8BIT_DAC |
                          VBE_DISPI_LFB_ENABLED | VBE_DISPI_NOCLEARMEM);
        if ((val & VBE_DISPI_ENABLED) && !was) {
            r[VBE_DISPI_INDEX_VIRT_WIDTH] = r[VBE_DISPI_INDEX_XRES];
            r[VBE_DISPI_INDEX_VIRT_HEIGHT] = r[VBE_DISPI_INDEX_YRES];
            r[VBE_DISPI_INDEX_X_OFFSET] = 0;
            r[VBE_DISPI_INDEX_Y_OFFSET] = 0;
            vbe_fixup(s);
            if (!(val & VBE_DISPI_NOCLEARMEM)) {
                uint32_t len = s->vbe_line_offset * r[VBE_DISPI_INDEX_YRES];

                memset(s->vram, 0, len);
                memory_region_set_dirty(&s->vram_mr, 0, len);
            }
            vbe_update_vgaregs(s);
            s->bank_offset = 0;
            r[VBE_DISPI_INDEX_BANK] = 0;
        } else if (!(val & VBE_DISPI_ENABLED) && was) {
            s->bank_offset = 0;
            r[VBE_DISPI_INDEX_BANK] = 0;
        }
        s->full_update = true;
        break;
    }
    case VBE_DISPI_INDEX_VIDEO_MEMORY_64K:
        break;      /* read-only */
    default:
        guest_error("write to missing DISPI register", index, val);
        break;
    }
}

/* 0x1ce index; 0x1cf data (and 0x1d0, which QEMU also decodes as data). */
static uint64_t vbe_port_read(void *opaque, uint64_t addr, unsigned size)
{
    VGAState *s = opaque;

    if (addr == 0)
        return s->vbe_index;
    return vga_vbe_read(s, s->vbe_index);
}

static void vbe_port_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    VGAState *s = opaque;

    if (addr == 0)
        s->vbe_index = (uint16_t)val;
    else
        vga_vbe_write(s, s->vbe_index, (uint16_t)val);
}

const MemoryRegionOps vga_vbe_ops = {
    .read = vbe_port_read, .write = vbe_port_write, .min_access = 1, .max_access = 2,
    .unaligned = true,
};
