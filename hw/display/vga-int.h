/*
 * The VGA's state, shared by the files of hw/display/vga*.c only.
 *
 * VRAM layout (QEMU's, so planar, odd/even and chain-4 access agree): the
 * four planes are interleaved, byte p of plane-offset a at vram[4 * a + p].
 * Chain-4 CPU address a is then simply vram[a]; text cell k is plane 0
 * (character) and plane 1 (attribute) of plane-offset k; glyph row r of
 * character c of font map m is plane 2 of plane-offset m + 32 * c + r.
 */
#ifndef HW_DISPLAY_VGA_INT_H
#define HW_DISPLAY_VGA_INT_H

#include "hw/display/vga.h"
#include "system/log.h"

/* Register counts. */
#define VGA_SR_COUNT    8
#define VGA_GR_COUNT    16
#define VGA_AR_COUNT    21
#define VGA_CR_COUNT    256

/* The CRTC addresses 64 Ki plane-offsets (256 KiB) as real VGA boards do. */
#define VGA_PLANE_MASK  0xffffu

/* Bochs VBE DISPI interface (Bochs vbe.h, QEMU hw/display/vga.c). */
enum {
    VBE_DISPI_INDEX_ID = 0,
    VBE_DISPI_INDEX_XRES,
    VBE_DISPI_INDEX_YRES,
    VBE_DISPI_INDEX_BPP,
    VBE_DISPI_INDEX_ENABLE,
    VBE_DISPI_INDEX_BANK,
    VBE_DISPI_INDEX_VIRT_WIDTH,
    VBE_DISPI_INDEX_VIRT_HEIGHT,
    VBE_DISPI_INDEX_X_OFFSET,
    VBE_DISPI_INDEX_Y_OFFSET,
    VBE_DISPI_INDEX_VIDEO_MEMORY_64K,
    VBE_DISPI_INDEX_NB,
};

#define VBE_DISPI_ID0           0xb0c0
#define VBE_DISPI_ID5           0xb0c5
#define VBE_DISPI_MAX_XRES      16000
#define VBE_DISPI_MAX_YRES      12000
#define VBE_DISPI_MAX_BPP       32
#define VBE_DISPI_ENABLED       0x01
#define VBE_DISPI_GETCAPS       0x02
#define VBE_DISPI_8BIT_DAC      0x20
#define VBE_DISPI_LFB_ENABLED   0x40
#define VBE_DISPI_NOCLEARMEM    0x80

/* What the renderer drew last, to redraw only changes. */
typedef enum VGADrawMode { VGA_DRAW_NONE, VGA_DRAW_BLANK, VGA_DRAW_TEXT, VGA_DRAW_GFX } VGADrawMode;

struct VGAState {
    uint8_t *vram;
    uint32_t vram_size;
    MemoryRegion vram_mr;       /* RAM, dirty-logged for DIRTY_VGA; BAR0 maps it */
    MemoryRegion lowmem;        /* 0xa0000-0xbffff */
    MemoryRegion ioports;       /* 0x3b0-0x3df */
    MemoryRegion vbe_ports;     /* 0x1ce-0x1d1 */
    MemoryRegion *mem, *io;
    Console *con;

    /* Registers (IBM VGA Technical Reference; FreeVGA's register names). */
    uint8_t misc;               /* 0x3c2/0x3cc miscellaneous output */
    uint8_t fcr;                /* feature control */
    uint8_t st01;               /* input status 1, its retrace bits toggled on reads */
    uint8_t sr_index, sr[VGA_SR_COUNT];
    uint8_t gr_index, gr[VGA_GR_COUNT];
    uint8_t ar_index, ar[VGA_AR_COUNT];
    bool ar_flip_flop;          /* false: next 0x3c0 write is an index */
    uint8_t cr_index, cr[VGA_CR_COUNT];
    uint8_t dac_state;          /* 0x3c7 read: 0 after a write index, 3 after a read index */
    uint8_t dac_sub, dac_read_index, dac_write_index, dac_cache[3];
    uint8_t pel_mask;
    uint8_t palette[768];       /* 6-bit (or 8-bit with VBE_DISPI_8BIT_DAC) RGB */
    uint32_t latch;             /* the four plane latches */

    /* VBE */
    uint16_t vbe_index;
    uint16_t vbe_regs[VBE_DISPI_INDEX_NB];
    uint32_t vbe_start;         /* byte offset of the visible top-left pixel */
    uint32_t vbe_line_offset;   /* bytes per line */
    uint32_t bank_offset;       /* VBE bank in the 64 KiB window */

    /* Renderer */
    VGADrawMode last_mode;
    bool full_update;
    int last_w, last_h;
    /* text */
    uint32_t *last_cells;       /* char | attr << 8 | blink, cursor bits as drawn */
    int last_cols, last_rows, last_cw, last_ch;
    int last_cursor;            /* cell index drawn with a cursor, -1 none */
    bool last_blink_off;
    uint8_t font_cache[2][8192];/* maps A and B as last drawn */
    uint32_t text_pal[16];
    /* graphics */
    uint32_t pal[256];          /* DAC (through the attribute controller for 16 colours) */
    uint8_t *lfb_shadow;        /* see vga_lfb_sync in vga-render.c */
    uint8_t *dirty_pages;       /* per VRAM page, this frame */
};

/* vga-regs.c */
uint64_t vga_ioport_read(VGAState *s, uint32_t port);
void vga_ioport_write(VGAState *s, uint32_t port, uint32_t val);
uint16_t vga_vbe_read(VGAState *s, unsigned index);
void vga_vbe_write(VGAState *s, unsigned index, uint16_t val);
extern const MemoryRegionOps vga_ioport_ops;
extern const MemoryRegionOps vga_vbe_ops;
static inline bool vga_vbe_enabled(const VGAState *s)
{
    return s->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_ENABLED;
}

/* vga-mem.c: the legacy window, addr relative to 0xa0000. */
uint8_t vga_mem_readb(VGAState *s, uint32_t addr);
void vga_mem_writeb(VGAState *s, uint32_t addr, uint8_t val);
extern const MemoryRegionOps vga_mem_ops;

/* vga-render.c */
void vga_update_display(void *opaque);
void vga_invalidate_display(void *opaque);
/* The DAC entry index as RGB 0x00RRGGBB (6- or 8-bit DAC). */
uint32_t vga_dac_rgb(const VGAState *s, unsigned index);
/* A 4-bit colour through the attribute palette to a DAC index. */
unsigned vga_attr_to_dac(const VGAState *s, unsigned color);
/* Collect the dirty VRAM pages of [start, start+len) into s->dirty_pages (cleared in the log). */
void vga_snapshot_dirty(VGAState *s, uint32_t start, uint32_t len);
bool vga_range_dirty(const VGAState *s, uint32_t start, uint32_t len);

/* vga-text.c */
void vga_draw_text(VGAState *s);
bool vga_text_update(void *opaque, ConsoleText *t);
/* Start address (plane-offset) and line compare, shared by text and graphics. */
uint32_t vga_start_addr(const VGAState *s);
unsigned vga_line_compare(const VGAState *s);
unsigned vga_vertical_display_end(const VGAState *s);

#endif
