/*
 * Drawing the VGA's graphics modes and the VBE modes into the console
 * surface, one refresh at a time, redrawing only lines whose VRAM pages the
 * dirty log marked (or everything after a mode or palette change).
 *
 * Geometry comes from the CRTC (IBM VGA Technical Reference, "CRT
 * Controller Registers"): CR1 horizontal display end in character clocks,
 * CR12/CR7 vertical display end in scan lines, CR9 scan lines per row and
 * double scan, CR13 offset (words per line), CR0C/CR0D start address,
 * CR18/CR7/CR9 line compare (the split screen), CR17 bits 0-1 the CGA and
 * Hercules address substitutions. Addresses are plane-offsets, wrapped at
 * 64 Ki (256 KiB of VRAM) as on a real VGA, so no programming of these
 * registers reads outside VRAM.
 */
#include <stdlib.h>
#include <string.h>

#include "hw/display/vga-int.h"

#define PAGE_SIZE   MEMORY_DIRTY_PAGE_SIZE
#define PAGE_BITS   MEMORY_DIRTY_PAGE_BITS

/* ---- Palette ----------------------------------------------------------- */

uint32_t vga_dac_rgb(const VGAState *s, unsigned index)
{
    const uint8_t *c = &s->palette[(index & 0xff) * 3];
    uint32_t r = c[0], g = c[1], b = c[2];

    if (!(s->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_8BIT_DAC)) {
        /* 6-bit DAC: scale 0..63 to 0..255. */
        r = (r & 0x3f) << 2 | (r & 0x3f) >> 4;
        g = (g & 0x3f) << 2 | (g & 0x3f) >> 4;
        b = (b & 0x3f) << 2 | (b & 0x3f) >> 4;
    }
    return r << 16 | g << 8 | b;
}

/* Attribute controller: palette register, then AR10 bit 7 / AR14 for bits 7-4. */
unsigned vga_attr_to_dac(const VGAState *s, unsigned color)
{
    unsigned v = s->ar[color & 0x0f];

    if (s->ar[0x10] & 0x80)
        v = (v & 0x0f) | ((s->ar[0x14] & 0x03) << 4);
    else
        v &= 0x3f;
    v |= (s->ar[0x14] & 0x0c) << 4;
    return v & s->pel_mask;
}

/* ---- Dirty pages ------------------------------------------------------- */

void vga_snapshot_dirty(VGAState *s, uint32_t start, uint32_t len)
{
    uint32_t first, last;

    if (!len || start >= s->vram_size)
        return;
    if (len > s->vram_size - start)
        len = s->vram_size - start;
    first = start >> PAGE_BITS;
    last = (start + len - 1) >> PAGE_BITS;
    for (uint32_t p = first; p <= last; p++)
        s->dirty_pages[p] = memory_region_test_and_clear_dirty(&s->vram_mr, (uint64_t)p << PAGE_BITS,
                                                               PAGE_SIZE, DIRTY_VGA);
}

bool vga_range_dirty(const VGAState *s, uint32_t start, uint32_t len)
{
    uint32_t last;

    if (!len || start >= s->vram_size)
        return false;
    if (len > s->vram_size - start)
        len = s->vram_size - start;
    last = (start + len - 1) >> PAGE_BITS;
    for (uint32_t p = start >> PAGE_BITS; p <= last; p++)
        if (s->dirty_pages[p])
            return true;
    return false;
}

/*
 * The translated code's fast path writes guest RAM through host pointers
 * without telling the dirty log (tcg/softmmu.c marks code pages only), so a
 * guest drawing into the linear framebuffer would go unseen. Until the soft
 * MMU marks logged RAM, the displayed VBE range is compared page by page
 * with what was seen last and differences are marked dirty here: a memcmp
 * of the visible framebuffer per refresh, only while a VBE mode is shown.
 */
static void vga_lfb_sync(VGAState *s, uint32_t start, uint32_t len)
{
    uint32_t first, last;

    if (!s->lfb_shadow) {
        s->lfb_shadow = calloc(1, s->vram_size);
        if (!s->lfb_shadow)
            return;
    }
    if (!len || start >= s->vram_size)
        return;
    if (len > s->vram_size - start)
        len = s->vram_size - start;
    first = start >> PAGE_BITS;
    last = (start + len - 1) >> PAGE_BITS;
    for (uint32_t p = first; p <= last; p++) {
        size_t off = (size_t)p << PAGE_BITS;

        if (memcmp(s->lfb_shadow + off, s->vram + off, PAGE_SIZE)) {
            memcpy(s->lfb_shadow + off, s->vram + off, PAGE_SIZE);
            memory_region_set_dirty(&s->vram_mr, off, PAGE_SIZE);
        }
    }
}

/* Tell the console about lines [y0, y1) of width w. */
static void flush_lines(VGAState *s, int *y0, int y1, int w)
{
    if (*y0 >= 0 && y1 > *y0)
        console_update(s->con, 0, *y0, w, y1 - *y0);
    *y0 = -1;
}

/* A new mode or size: a surface of the new size, and everything drawn. */
static bool set_size(VGAState *s, VGADrawMode mode, int w, int h)
{
    if (s->last_mode != mode || s->last_w != w || s->last_h != h) {
        if (console_resize(s->con, w, h) < 0) {
            if (log_enabled(LOG_GUEST_ERROR))
                log_printf("vga: cannot show a %dx%d mode\n", w, h);
            return false;
        }
        s->last_mode = mode;
        s->last_w = w;
        s->last_h = h;
        s->full_update = true;
    }
    return true;
}

static uint32_t *surface_row(VGAState *s, int y)
{
    DisplaySurface *ds = console_surface(s->con);

    return (uint32_t *)((uint8_t *)ds->data + (size_t)y * (size_t)ds->stride);
}

/* ---- VBE --------------------------------------------------------------- */

static void draw_vbe_line(const VGAState *s, uint32_t *d, const uint8_t *src, unsigned bpp, int w)
{
    switch (bpp) {
    case 8:
        for (int x = 0; x < w; x++)
            d[x] = s->pal[src[x]];
        break;
    case 15:
        for (int x = 0; x < w; x++) {
            uint32_t v = src[2 * x] | src[2 * x + 1] << 8;
            uint32_t r = (v >> 10) & 31, g = (v >> 5) & 31, b = v & 31;

            d[x] = (r << 3 | r >> 2) << 16 | (g << 3 | g >> 2) << 8 | (b << 3 | b >> 2);
        }
        break;
    case 16:
        for (int x = 0; x < w; x++) {
            uint32_t v = src[2 * x] | src[2 * x + 1] << 8;
            uint32_t r = v >> 11, g = (v >> 5) & 63, b = v & 31;

            d[x] = (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
        }
        break;
    case 24:
        for (int x = 0; x < w; x++)
            d[x] = src[3 * x] | src[3 * x + 1] << 8 | (uint32_t)src[3 * x + 2] << 16;
        break;
    default:    /* 32 */
        for (int x = 0; x < w; x++)
            d[x] = src[4 * x] | src[4 * x + 1] << 8 | (uint32_t)src[4 * x + 2] << 16;
        break;
    }
}

static void draw_vbe(VGAState *s)
{
    unsigned bpp = s->vbe_regs[VBE_DISPI_INDEX_BPP];
    int w = s->vbe_regs[VBE_DISPI_INDEX_XRES], h = s->vbe_regs[VBE_DISPI_INDEX_YRES];
    uint32_t line = s->vbe_line_offset, bytes = bpp == 15 ? 2 : bpp / 8, total;
    int y0 = -1;

    /* vbe_fixup kept the window inside VRAM; check again, cheaply, before reading. */
    if (bpp == 4 || !line || (uint64_t)s->vbe_start + (uint64_t)line * (uint64_t)(h - 1) +
                             (uint64_t)w * bytes > s->vram_size) {
        if (log_enabled(LOG_UNIMP) && bpp == 4)
            log_printf("vga: 4-bit VBE modes are not drawn\n");
        return;
    }
    if (!set_size(s, VGA_DRAW_GFX, w, h))
        return;
    if (bpp == 8) {
        uint32_t pal[256];

        for (unsigned i = 0; i < 256; i++)
            pal[i] = vga_dac_rgb(s, i & s->pel_mask);
        if (memcmp(pal, s->pal, sizeof(pal))) {
            memcpy(s->pal, pal, sizeof(pal));
            s->full_update = true;
        }
    }
    total = line * (uint32_t)(h - 1) + (uint32_t)w * bytes;
    vga_lfb_sync(s, s->vbe_start, total);
    vga_snapshot_dirty(s, s->vbe_start, total);
    for (int y = 0; y < h; y++) {
        uint32_t a = s->vbe_start + (uint32_t)y * line;

        if (s->full_update || vga_range_dirty(s, a, (uint32_t)w * bytes)) {
            draw_vbe_line(s, surface_row(s, y), s->vram + a, bpp, w);
            if (y0 < 0)
                y0 = y;
        } else {
            flush_lines(s, &y0, y, w);
        }
    }
    flush_lines(s, &y0, h, w);
    s->full_update = false;
}

/* ---- VGA graphics ------------------------------------------------------ */

/* Pixels from one plane-offset (4 bytes, one per plane) in the three shift modes. */
static void draw_unit4(const VGAState *s, uint32_t *d, const uint8_t *p, const uint32_t *pal16)
{
    unsigned en = s->ar[0x12] & 0x0f;      /* colour plane enable */

    for (int b = 7; b >= 0; b--) {
        unsigned c = ((p[0] >> b) & 1) | ((p[1] >> b) & 1) << 1 | ((p[2] >> b) & 1) << 2 |
                     ((p[3] >> b) & 1) << 3;
        *d++ = pal16[c & en];
    }
}

static void draw_unit2(const VGAState *s, uint32_t *d, const uint8_t *p, const uint32_t *pal16)
{
    /* Shift register interleave (CGA): plane 0 then plane 1, two bits a pixel. */
    for (int k = 0; k < 2; k++)
        for (int b = 6; b >= 0; b -= 2)
            *d++ = pal16[(p[k] >> b) & 3];
}

static void draw_graphic(VGAState *s)
{
    unsigned shift = (s->gr[0x05] >> 5) & 3;
    unsigned dbl = s->cr[0x09] >> 7, ms = s->cr[0x09] & 0x1f;
    unsigned chars = s->cr[0x01] + 1u;
    unsigned scanlines = vga_vertical_display_end(s);
    unsigned repeat, rows_per_unit, ppu, width, height, line_offset, lc;
    uint32_t addr, row_addr;
    uint32_t pal16[16];
    int y0 = -1;

    if (shift == 1) {
        /* CGA modes: each character row's scan lines are distinct pixel rows (the
         * row scan counter picks the bank), only double scan repeats lines. */
        repeat = 1u << dbl;
        rows_per_unit = ms + 1;
        ppu = 8;
    } else {
        repeat = (ms + 1) << dbl;
        rows_per_unit = 1;
        ppu = shift == 0 ? 8 : 4;
    }
    width = chars * (shift >= 2 ? 4 : 8);
    height = scanlines / repeat;
    if (!height)
        height = 1;
    line_offset = (uint32_t)s->cr[0x13] * 2;
    lc = vga_line_compare(s) / repeat;
    if (!set_size(s, VGA_DRAW_GFX, (int)width, (int)height))
        return;

    for (unsigned i = 0; i < 16; i++)
        pal16[i] = vga_dac_rgb(s, vga_attr_to_dac(s, i));
    {
        uint32_t pal[256];

        for (unsigned i = 0; i < 256; i++)
            pal[i] = shift >= 2 ? vga_dac_rgb(s, i & s->pel_mask) : pal16[i & 15];
        if (memcmp(pal, s->pal, sizeof(pal))) {
            memcpy(s->pal, pal, sizeof(pal));
            s->full_update = true;
        }
    }
    /* The CRTC reaches the first 256 KiB only. */
    vga_snapshot_dirty(s, 0, (VGA_PLANE_MASK + 1) * 4);

    row_addr = vga_start_addr(s);
    for (unsigned y = 0; y < height; y++) {
        unsigned scan = y % rows_per_unit;
        uint32_t *d = surface_row(s, (int)y);
        unsigned units = width / ppu;
        bool dirty = s->full_update;

        addr = row_addr;
        if (!(s->cr[0x17] & 1)) {
            unsigned bit = 12 + ((s->cr[0x17] >> 6) & 1);

            addr = (addr & ~(1u << bit)) | ((scan & 1u) << bit);
        }
        if (!(s->cr[0x17] & 2))
            addr = (addr & ~(1u << 13)) | ((scan & 2u) << 12);
        for (unsigned u = 0; u < units && !dirty; u++)
            dirty = s->dirty_pages[(((addr + u) & VGA_PLANE_MASK) * 4) >> PAGE_BITS];
        if (dirty) {
            for (unsigned u = 0; u < units; u++) {
                const uint8_t *p = s->vram + ((addr + u) & VGA_PLANE_MASK) * 4;

                if (shift == 0)
                    draw_unit4(s, d + u * 8, p, pal16);
                else if (shift == 1)
                    draw_unit2(s, d + u * 8, p, pal16);
                else
                    for (int k = 0; k < 4; k++)
                        d[u * 4 + k] = s->pal[p[k]];
            }
            if (y0 < 0)
                y0 = (int)y;
        } else {
            flush_lines(s, &y0, (int)y, (int)width);
        }
        if (scan == rows_per_unit - 1)
            row_addr += line_offset;
        if (y == lc)
            row_addr = 0;       /* split screen: the rest comes from address 0 */
    }
    flush_lines(s, &y0, (int)height, (int)width);
    s->full_update = false;
}

/* ---- Refresh entry points ------------------------------------------------ */

static void draw_blank(VGAState *s)
{
    int w = s->last_w > 0 ? s->last_w : 640, h = s->last_h > 0 ? s->last_h : 480;

    if (s->last_mode == VGA_DRAW_BLANK && !s->full_update)
        return;
    if (!set_size(s, VGA_DRAW_BLANK, w, h))
        return;
    for (int y = 0; y < h; y++)
        memset(surface_row(s, y), 0, (size_t)w * 4);
    console_update(s->con, 0, 0, w, h);
    s->full_update = false;
}

void vga_update_display(void *opaque)
{
    VGAState *s = opaque;

    if (vga_vbe_enabled(s))
        draw_vbe(s);
    else if (!(s->ar_index & 0x20) || (s->sr[1] & 0x20))
        draw_blank(s);      /* palette being loaded (AR index bit 5 clear), or screen off (SR1 bit 5) */
    else if (s->gr[0x06] & 1)
        draw_graphic(s);
    else
        vga_draw_text(s);
}

void vga_invalidate_display(void *opaque)
{
    VGAState *s = opaque;

    s->full_update = true;
    s->last_mode = VGA_DRAW_NONE;
}
