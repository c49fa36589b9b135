/*
 * The VGA's text modes: character cells (plane 0 character, plane 1
 * attribute) drawn with the font the guest loaded into plane 2, through
 * the attribute controller and the DAC, with the hardware cursor, blinking
 * and the split screen. Cells are compared with what was drawn last, so a
 * refresh redraws only changed cells (and everything after a font, palette
 * or mode change). Register meanings: IBM VGA Technical Reference
 * (sequencer SR1 dot clocks, SR3 character map select; CRTC CR9 maximum
 * scan line, CR0A/CR0B cursor start/end, CR0E/CR0F cursor location;
 * attribute AR10 blink and line graphics enables).
 */
#include <stdlib.h>
#include <string.h>

#include "hw/display/vga-int.h"
#include "system/clock.h"

/* Character map offsets (plane-offsets in plane 2) for SR3's 3-bit map numbers. */
static const uint32_t font_offsets[8] = {
    0x0000, 0x4000, 0x8000, 0xc000, 0x2000, 0x6000, 0xa000, 0xe000,
};

/* Cursor blinks every 16 frames, characters every 32, at ~60 Hz (about 266 / 533 ms). */
#define CURSOR_BLINK_NS 266666666LL
#define CHAR_BLINK_NS   533333333LL

uint32_t vga_start_addr(const VGAState *s)
{
    return (uint32_t)s->cr[0x0c] << 8 | s->cr[0x0d];
}

unsigned vga_line_compare(const VGAState *s)
{
    return s->cr[0x18] | (s->cr[0x07] & 0x10) << 4 | (s->cr[0x09] & 0x40) << 3;
}

unsigned vga_vertical_display_end(const VGAState *s)
{
    return (s->cr[0x12] | (s->cr[0x07] & 0x02) << 7 | (s->cr[0x07] & 0x40) << 3) + 1u;
}

typedef struct TextGeometry {
    int cols, rows, cw, ch;
    uint32_t start, line_offset;
    int lc_row;             /* rows after this one come from address 0; -1 none */
    int cursor;             /* cell index, -1 none */
    int cursor_start, cursor_end;
} TextGeometry;

static void text_geometry(const VGAState *s, TextGeometry *g)
{
    unsigned scan = vga_vertical_display_end(s), lc = vga_line_compare(s);
    uint32_t cur;

    g->cw = (s->sr[1] & 0x01) ? 8 : 9;
    g->ch = (s->cr[0x09] & 0x1f) + 1;
    if (s->cr[0x09] & 0x80)
        scan /= 2;
    g->cols = s->cr[0x01] + 1;
    g->rows = (int)(scan / (unsigned)g->ch);
    /* A display limit, not the hardware's: modes beyond it are cut. */
    if (g->cols > CONSOLE_TEXT_MAX_COLS)
        g->cols = CONSOLE_TEXT_MAX_COLS;
    if (g->rows > CONSOLE_TEXT_MAX_ROWS)
        g->rows = CONSOLE_TEXT_MAX_ROWS;
    if (g->rows < 1)
        g->rows = 1;
    g->start = vga_start_addr(s);
    g->line_offset = (uint32_t)s->cr[0x13] * 2;
    g->lc_row = lc < scan ? (int)(lc / (unsigned)g->ch) : -1;

    g->cursor = -1;
    g->cursor_start = s->cr[0x0a] & 0x1f;
    g->cursor_end = s->cr[0x0b] & 0x1f;
    if (g->cursor_end >= g->ch)
        g->cursor_end = g->ch - 1;
    cur = (uint32_t)s->cr[0x0e] << 8 | s->cr[0x0f];
    if (!(s->cr[0x0a] & 0x20) && g->cursor_start <= g->cursor_end && cur >= g->start) {
        uint32_t off = cur - g->start;
        uint32_t row = g->line_offset ? off / g->line_offset : 0;
        uint32_t col = g->line_offset ? off % g->line_offset : off;

        if (row < (uint32_t)g->rows && col < (uint32_t)g->cols)
            g->cursor = (int)(row * (uint32_t)g->cols + col);
    }
}

/* Plane-offset of cell (r, c), after the split screen if any. */
static uint32_t cell_addr(const TextGeometry *g, int r, int c)
{
    uint32_t a;

    if (g->lc_row >= 0 && r > g->lc_row)
        a = (uint32_t)(r - g->lc_row - 1) * g->line_offset + (uint32_t)c;
    else
        a = g->start + (uint32_t)r * g->line_offset + (uint32_t)c;
    return a & VGA_PLANE_MASK;
}

static void load_fonts(const VGAState *s, uint8_t fonts[2][8192])
{
    unsigned sr3 = s->sr[3];
    uint32_t base[2] = {
        font_offsets[((sr3 >> 2) & 3) | ((sr3 >> 3) & 4)],     /* map A: attribute bit 3 set */
        font_offsets[(sr3 & 3) | ((sr3 >> 2) & 4)],            /* map B */
    };

    for (int m = 0; m < 2; m++)
        for (uint32_t k = 0; k < 8192; k++)
            fonts[m][k] = s->vram[((base[m] + k) & VGA_PLANE_MASK) * 4 + 2];
}

static void draw_cell(VGAState *s, const TextGeometry *g, int r, int c, unsigned chr, unsigned attr,
                      bool blink_off, bool cursor)
{
    DisplaySurface *ds = console_surface(s->con);
    const uint8_t *glyph = &s->font_cache[(attr & 0x08) ? 0 : 1][chr * 32];
    uint32_t fg = s->text_pal[attr & 0x0f], bg;
    bool ninth = g->cw == 9 && chr >= 0xc0 && chr <= 0xdf && (s->ar[0x10] & 0x04);

    if (s->ar[0x10] & 0x08) {
        /* AR10 bit 3: attribute bit 7 blinks the character instead of brightening the background. */
        bg = s->text_pal[(attr >> 4) & 7];
        if ((attr & 0x80) && blink_off)
            fg = bg;
    } else {
        bg = s->text_pal[attr >> 4];
    }
    for (int y = 0; y < g->ch; y++) {
        uint32_t *d = (uint32_t *)((uint8_t *)ds->data + (size_t)(r * g->ch + y) * (size_t)ds->stride) +
                      c * g->cw;
        unsigned bits = y < 32 ? glyph[y] : 0;

        if (cursor && y >= g->cursor_start && y <= g->cursor_end)
            bits = 0xff, ninth = true;
        for (int x = 0; x < 8; x++)
            d[x] = (bits & (0x80u >> x)) ? fg : bg;
        if (g->cw == 9)
            d[8] = (ninth && (bits & 1)) ? fg : bg;
    }
}

void vga_draw_text(VGAState *s)
{
    TextGeometry g;
    int64_t now = clock_get_ns(VCLOCK_REALTIME);
    bool cursor_on = (now / CURSOR_BLINK_NS) % 2 == 0;
    bool blink_off = (now / CHAR_BLINK_NS) % 2 == 1;
    uint32_t pal[16];
    uint8_t fonts[2][8192];
    int cursor;
    bool dirty;

    text_geometry(s, &g);
    if (!s->last_cells) {
        s->last_cells = calloc(CONSOLE_TEXT_MAX_COLS * CONSOLE_TEXT_MAX_ROWS, sizeof(*s->last_cells));
        if (!s->last_cells)
            return;
    }
    if (g.cols != s->last_cols || g.rows != s->last_rows || g.cw != s->last_cw || g.ch != s->last_ch ||
        s->last_mode != VGA_DRAW_TEXT)
        s->full_update = true;
    if (s->full_update) {
        s->last_mode = VGA_DRAW_NONE;   /* set again below once the surface fits */
        if (console_resize(s->con, g.cols * g.cw, g.rows * g.ch) < 0)
            return;
        s->last_mode = VGA_DRAW_TEXT;
        s->last_w = g.cols * g.cw;
        s->last_h = g.rows * g.ch;
        s->last_cols = g.cols;
        s->last_rows = g.rows;
        s->last_cw = g.cw;
        s->last_ch = g.ch;
    }

    /* Palette and fonts: any change redraws the whole screen. */
    for (unsigned i = 0; i < 16; i++)
        pal[i] = vga_dac_rgb(s, vga_attr_to_dac(s, i));
    if (memcmp(pal, s->text_pal, sizeof(pal))) {
        memcpy(s->text_pal, pal, sizeof(pal));
        s->full_update = true;
    }
    vga_snapshot_dirty(s, 0, (VGA_PLANE_MASK + 1) * 4);
    dirty = vga_range_dirty(s, 0, (VGA_PLANE_MASK + 1) * 4);
    cursor = cursor_on ? g.cursor : -1;
    /* Nothing written, nothing blinking differently: no work at all. */
    if (!s->full_update && !dirty && cursor == s->last_cursor && blink_off == s->last_blink_off)
        return;
    if (s->full_update || dirty) {
        load_fonts(s, fonts);
        if (memcmp(fonts, s->font_cache, sizeof(fonts))) {
            memcpy(s->font_cache, fonts, sizeof(fonts));
            s->full_update = true;
        }
    }

    for (int r = 0; r < g.rows; r++) {
        int c0 = -1, c1 = -1;

        for (int c = 0; c < g.cols; c++) {
            uint32_t a = cell_addr(&g, r, c) * 4;
            unsigned chr = s->vram[a], attr = s->vram[a + 1];
            int idx = r * g.cols + c;
            bool blinks = (attr & 0x80) && (s->ar[0x10] & 0x08) && blink_off;
            uint32_t key = chr | attr << 8 | (uint32_t)blinks << 16 | (uint32_t)(idx == cursor) << 17;

            if (!s->full_update && s->last_cells[idx] == key)
                continue;
            s->last_cells[idx] = key;
            draw_cell(s, &g, r, c, chr, attr, blink_off, idx == cursor);
            if (c0 < 0)
                c0 = c;
            c1 = c;
        }
        if (c0 >= 0)
            console_update(s->con, c0 * g.cw, r * g.ch, (c1 - c0 + 1) * g.cw, g.ch);
    }
    s->last_cursor = cursor;
    s->last_blink_off = blink_off;
    s->full_update = false;
}

bool vga_text_update(void *opaque, ConsoleText *t)
{
    VGAState *s = opaque;
    TextGeometry g;

    if (vga_vbe_enabled(s) || (s->gr[0x06] & 1))
        return false;
    text_geometry(s, &g);
    t->cols = g.cols;
    t->rows = g.rows;
    t->cursor_x = g.cursor >= 0 ? g.cursor % g.cols : -1;
    t->cursor_y = g.cursor >= 0 ? g.cursor / g.cols : -1;
    for (int r = 0; r < g.rows; r++) {
        for (int c = 0; c < g.cols; c++) {
            uint32_t a = cell_addr(&g, r, c) * 4;

            t->ch[r][c] = s->vram[a];
            t->attr[r][c] = s->vram[a + 1];
        }
    }
    return true;
}
