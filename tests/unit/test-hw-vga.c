/*
 * The std VGA (hw/display/vga*.c) driven through its ports, the legacy
 * window and the linear framebuffer, as a guest drives it; what it draws is
 * read back from the console surface. Plus the display core's dirty
 * rectangles, screendump and the input layer's sendkey and keysyms.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/display/vga.h"
#include "tests/unit/check-run.h"
#include "tests/unit/hw-test.h"
#include "ui/console.h"
#include "ui/input.h"

#define LFB_ADDR 0xe0000000u

static MemoryRegion mem;
static AddressSpace mem_as;
static VGAState *vga;
static Console *con;

/* What the console told its listener. */
typedef struct Rect {
    int x, y, w, h;
} Rect;
static Rect rects[4096];
static int nrects, nswitches;
static DisplayChangeListener probe;

static void probe_switch(DisplayChangeListener *l, DisplaySurface *s)
{
    nswitches++;
}

static void probe_update(DisplayChangeListener *l, int x, int y, int w, int h)
{
    if (nrects < (int)(sizeof(rects) / sizeof(rects[0])))
        rects[nrects] = (Rect){ x, y, w, h };
    nrects++;
}

static void setup(void)
{
    hwt_io_init();
    memset(&mem, 0, sizeof(mem));
    memory_region_init_container(&mem, "mem", UINT64_MAX);
    ck_assert_int_eq(address_space_init(&mem_as, &mem, "memory"), 0);
    vga = vga_new(&mem, &hwt_io);
    ck_assert_ptr_nonnull(vga);
    memory_region_add_subregion(&mem, LFB_ADDR, vga_vram(vga));
    con = vga_console(vga);
    probe = (DisplayChangeListener){ .gfx_switch = probe_switch, .gfx_update = probe_update };
    nrects = nswitches = 0;
}

static void teardown(void)
{
    memory_region_del_subregion(&mem, vga_vram(vga));
    vga_free(vga);
    address_space_destroy(&mem_as);
    memory_region_destroy(&mem);
    hwt_io_fini();
}

static void memb(uint32_t addr, uint8_t v) { address_space_st(&mem_as, addr, v, 1); }
static uint8_t memrb(uint32_t addr) { return (uint8_t)address_space_ld(&mem_as, addr, 1); }

static uint32_t pixel(int x, int y)
{
    DisplaySurface *s = console_surface(con);

    ck_assert_int_lt(x, s->width);
    ck_assert_int_lt(y, s->height);
    return *(uint32_t *)((uint8_t *)s->data + (size_t)y * (size_t)s->stride + (size_t)x * 4);
}

static void sr(uint8_t i, uint8_t v) { outb(0x3c4, i); outb(0x3c5, v); }
static void gr(uint8_t i, uint8_t v) { outb(0x3ce, i); outb(0x3cf, v); }
static void cr(uint8_t i, uint8_t v) { outb(0x3d4, i); outb(0x3d5, v); }

static void ar(uint8_t i, uint8_t v)
{
    inb(0x3da);                 /* reset the flip-flop to "index" */
    outb(0x3c0, i);
    outb(0x3c0, v);
}

static void dac(uint8_t i, uint8_t r, uint8_t g, uint8_t b)
{
    outb(0x3c8, i);
    outb(0x3c9, r);
    outb(0x3c9, g);
    outb(0x3c9, b);
}

static void vbe(uint16_t index, uint16_t v)
{
    outw(0x1ce, index);
    address_space_st(&hwt_as, 0x1cf, v, 2);
}

static uint16_t vbe_rd(uint16_t index)
{
    outw(0x1ce, index);
    return (uint16_t)address_space_ld(&hwt_as, 0x1cf, 2);
}

/* A font whose glyph c, row r is a pattern a mistake cannot reproduce by accident. */
static uint8_t glyph_row(unsigned c, unsigned r)
{
    return (uint8_t)(c * 7 + r * 13 + (c >> 3) * r);
}

/*
 * Load the font as a VGA BIOS does (IBM VGA Technical Reference, "loading
 * a character font"): plane 2 only, sequential addressing, then back to
 * odd/even text addressing.
 */
static void load_font_by_ports(void)
{
    sr(0x02, 0x04);             /* map mask: plane 2 */
    sr(0x04, 0x07);             /* sequential, no odd/even */
    gr(0x04, 0x02);             /* read map 2 */
    gr(0x05, 0x00);
    gr(0x06, 0x04);             /* 0xa0000, 64 KiB, no chain */
    for (unsigned c = 0; c < 256; c++)
        for (unsigned r = 0; r < 32; r++)
            memb(0xa0000 + c * 32 + r, r < 16 ? glyph_row(c, r) : 0);
    sr(0x02, 0x03);
    sr(0x04, 0x02);
    gr(0x04, 0x00);
    gr(0x05, 0x10);
    gr(0x06, 0x0e);
}

START_TEST(test_text_mode3_glyph)
{
    /* EGA palette entry 0x3e (AR 0x0e): bright yellow; 0x01: blue. */
    const uint32_t yellow = 0xffff55, blue = 0x0000aa;

    vga_set_text_mode3(vga, NULL);
    load_font_by_ports();
    /* 'A' yellow on blue at column 5, row 2; a font row read back through read map 2. */
    memb(0xb8000 + (2 * 80 + 5) * 2, 'A');
    memb(0xb8000 + (2 * 80 + 5) * 2 + 1, 0x1e);
    console_hw_update(con);
    ck_assert_int_eq(console_surface(con)->width, 720);
    ck_assert_int_eq(console_surface(con)->height, 400);
    for (int r = 0; r < 16; r++) {
        uint8_t bits = glyph_row('A', (unsigned)r);

        for (int x = 0; x < 8; x++)
            ck_assert_uint_eq(pixel(5 * 9 + x, 2 * 16 + r), (bits & (0x80 >> x)) ? yellow : blue);
        ck_assert_uint_eq(pixel(5 * 9 + 8, 2 * 16 + r), blue);     /* 9th column: background */
    }
    /* Neighbours stay space, grey on black. */
    for (int r = 0; r < 16; r++)
        for (int x = 0; x < 9; x++)
            ck_assert_uint_eq(pixel(4 * 9 + x, 2 * 16 + r), (glyph_row(' ', (unsigned)r) & (0x80 >> x)) && x < 8
                              ? 0xaaaaaa : 0);
    /* The text view sees the same cells, and the cursor where CR0E/CR0F put it. */
    {
        static ConsoleText t;

        cr(0x0e, 0x00);
        cr(0x0f, 2 * 80 + 6);
        ck_assert(console_text(con, &t));
        ck_assert_int_eq(t.cols, 80);
        ck_assert_int_eq(t.rows, 25);
        ck_assert_uint_eq(t.ch[2][5], 'A');
        ck_assert_uint_eq(t.attr[2][5], 0x1e);
        ck_assert_int_eq(t.cursor_x, 6);
        ck_assert_int_eq(t.cursor_y, 2);
    }
}
END_TEST

/* The line graphics characters (0xc0-0xdf) repeat column 8 into the 9th when AR10 bit 2 says so. */
START_TEST(test_text_line_graphics)
{
    vga_set_text_mode3(vga, NULL);
    load_font_by_ports();
    cr(0x0a, 0x20);                         /* no cursor over cell 0 */
    memb(0xb8000, 0xc4);
    memb(0xb8001, 0x07);
    memb(0xb8002, 0x41);
    memb(0xb8003, 0x07);
    console_hw_update(con);
    for (int r = 0; r < 16; r++) {
        ck_assert_uint_eq(pixel(8, r), (glyph_row(0xc4, (unsigned)r) & 1) ? 0xaaaaaa : 0);
        ck_assert_uint_eq(pixel(9 + 8, r), 0);
    }
    /* Read mode 0 through the window returns what was written, in odd/even. */
    ck_assert_uint_eq(memrb(0xb8002), 0x41);
}
END_TEST

START_TEST(test_mode13h)
{
    static const uint8_t crtc[25] = {
        0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x9c, 0x8e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff,
    };
    static const uint8_t grs[9] = { 0, 0, 0, 0, 0, 0x40, 0x05, 0x0f, 0xff };
    static const uint8_t srs[5] = { 0x03, 0x01, 0x0f, 0x00, 0x0e };

    outb(0x3c2, 0x63);
    for (unsigned i = 0; i < 5; i++)
        sr((uint8_t)i, srs[i]);
    cr(0x11, 0);
    for (unsigned i = 0; i < 25; i++)
        cr((uint8_t)i, crtc[i]);
    for (unsigned i = 0; i < 9; i++)
        gr((uint8_t)i, grs[i]);
    for (unsigned i = 0; i < 16; i++)
        ar((uint8_t)i, (uint8_t)i);
    ar(0x10, 0x41);
    ar(0x12, 0x0f);
    inb(0x3da);
    outb(0x3c0, 0x20);
    dac(5, 63, 0, 0);
    dac(6, 0, 32, 63);
    memb(0xa0000 + 10 * 320 + 20, 5);
    memb(0xa0000 + 199 * 320 + 319, 6);
    console_hw_update(con);
    ck_assert_int_eq(console_surface(con)->width, 320);
    ck_assert_int_eq(console_surface(con)->height, 200);
    ck_assert_uint_eq(pixel(20, 10), 0xff0000);
    ck_assert_uint_eq(pixel(21, 10), 0);
    ck_assert_uint_eq(pixel(20, 11), 0);
    ck_assert_uint_eq(pixel(319, 199), 0x0082ff);
    /* Chain 4 reads back what was written. */
    ck_assert_uint_eq(memrb(0xa0000 + 10 * 320 + 20), 5);
}
END_TEST

/* Mode 12h style planar writes: write mode 2 sets a pixel's colour in all four planes at once. */
START_TEST(test_planar_write_mode2)
{
    outb(0x3c2, 0xe3);
    sr(0x01, 0x01);
    sr(0x02, 0x0f);
    sr(0x04, 0x06);
    cr(0x11, 0);
    cr(0x01, 0x4f);                 /* 640 pixels */
    cr(0x12, 0xdf);
    cr(0x07, 0x3e);                 /* 480 lines */
    cr(0x09, 0x40);
    cr(0x13, 0x28);
    cr(0x17, 0xe3);
    cr(0x18, 0xff);
    gr(0x05, 0x02);                 /* write mode 2 */
    gr(0x06, 0x05);
    gr(0x08, 0x80);                 /* only the leftmost pixel of the byte */
    for (unsigned i = 0; i < 16; i++)
        ar((uint8_t)i, (uint8_t)i);
    ar(0x10, 0x01);
    ar(0x12, 0x0f);
    inb(0x3da);
    outb(0x3c0, 0x20);
    dac(9, 0, 63, 0);
    memrb(0xa0000 + 3 * 80 + 1);    /* load the latches */
    memb(0xa0000 + 3 * 80 + 1, 9);
    console_hw_update(con);
    ck_assert_int_eq(console_surface(con)->width, 640);
    ck_assert_int_eq(console_surface(con)->height, 480);
    ck_assert_uint_eq(pixel(8, 3), 0x00ff00);
    ck_assert_uint_eq(pixel(9, 3), 0);
    /* Read mode 1: colour compare for colour 9 finds exactly that pixel. */
    gr(0x05, 0x08);
    gr(0x02, 0x09);
    gr(0x07, 0x0f);
    ck_assert_uint_eq(memrb(0xa0000 + 3 * 80 + 1), 0x80);
}
END_TEST

static void set_vbe_1024x768x32(void)
{
    vbe(4, 0);
    vbe(3, 32);
    vbe(1, 1024);
    vbe(2, 768);
    vbe(4, 0x41);               /* enabled, linear framebuffer */
}

START_TEST(test_vbe_1024x768x32)
{
    uint32_t px = 0x00123456;

    ck_assert_uint_eq(vbe_rd(0), 0xb0c5);
    ck_assert_uint_eq(vbe_rd(10), 256);     /* 16 MiB in 64 KiB units */
    vbe(4, 0x02);                           /* GETCAPS */
    ck_assert_uint_eq(vbe_rd(1), 16000);
    ck_assert_uint_eq(vbe_rd(3), 32);
    set_vbe_1024x768x32();
    ck_assert_uint_eq(vbe_rd(1), 1024);
    ck_assert_uint_eq(vbe_rd(6), 1024);     /* virtual width follows */
    ck_assert_uint_eq(vbe_rd(7), (16u << 20) / 4096);
    address_space_write(&mem_as, LFB_ADDR + (100 * 1024 + 200) * 4, &px, 4);
    console_hw_update(con);
    ck_assert_int_eq(console_surface(con)->width, 1024);
    ck_assert_int_eq(console_surface(con)->height, 768);
    ck_assert_uint_eq(pixel(200, 100), 0x123456);
    ck_assert_uint_eq(pixel(201, 100), 0);
    /* Panning: Y offset 1 shows line 101 on top. */
    vbe(9, 1);
    console_hw_update(con);
    ck_assert_uint_eq(pixel(200, 99), 0x123456);
    /* An offset past the virtual screen is clamped, not followed outside VRAM. */
    vbe(9, 0xffff);
    ck_assert_uint_le(vbe_rd(9), 4096 - 768);
    /* The banked window: bank 1 puts VRAM 0x10000 at 0xa0000 (all planes writable, as the BIOS leaves them). */
    sr(0x02, 0x0f);
    vbe(5, 1);
    memb(0xa0000, 0x77);
    ck_assert_uint_eq(memrb(LFB_ADDR + 0x10000), 0x77);
    vbe(5, 0x7fff);                         /* past VRAM: refused */
    ck_assert_uint_eq(vbe_rd(5), 1);
}
END_TEST

START_TEST(test_vbe_16bpp_and_8bpp)
{
    uint16_t v = 0xf800;                    /* pure red in RGB565 */

    vbe(3, 16);
    vbe(1, 640);
    vbe(2, 480);
    vbe(4, 0x41);
    address_space_write(&mem_as, LFB_ADDR + (5 * 640 + 7) * 2, &v, 2);
    console_hw_update(con);
    ck_assert_uint_eq(pixel(7, 5), 0xff0000);
    vbe(4, 0);
    vbe(3, 8);
    vbe(4, 0x61);                           /* with an 8-bit DAC */
    dac(3, 0x80, 0x40, 0x20);
    memb(LFB_ADDR + 2 * 640 + 1, 3);
    console_hw_update(con);
    ck_assert_uint_eq(pixel(1, 2), 0x804020);
}
END_TEST

/* A write marks only the lines it changed; no write, no update at all. */
START_TEST(test_dirty_lines)
{
    uint32_t px = 0xffffff;

    set_vbe_1024x768x32();
    console_register_listener(con, &probe);
    console_hw_update(con);
    ck_assert_int_ge(nrects, 1);            /* the first update draws everything */
    nrects = 0;
    console_hw_update(con);
    ck_assert_int_eq(nrects, 0);
    /* One 4 KiB page is one 1024x32 line. */
    address_space_write(&mem_as, LFB_ADDR + (300 * 1024 + 10) * 4, &px, 4);
    console_hw_update(con);
    ck_assert_int_eq(nrects, 1);
    ck_assert_int_eq(rects[0].y, 300);
    ck_assert_int_eq(rects[0].h, 1);
    ck_assert_uint_eq(pixel(10, 300), 0xffffff);
    /* A write the dirty log did not see (a guest store through the TLB fast path) is still found. */
    nrects = 0;
    ((uint32_t *)memory_region_get_ram_ptr(vga_vram(vga)))[500 * 1024 + 3] = 0x00abcdef;
    console_hw_update(con);
    ck_assert_int_eq(nrects, 1);
    ck_assert_int_eq(rects[0].y, 500);
    ck_assert_uint_eq(pixel(3, 500), 0xabcdef);
    console_unregister_listener(&probe);
}
END_TEST

START_TEST(test_dirty_text_cell)
{
    vga_set_text_mode3(vga, NULL);
    load_font_by_ports();
    console_register_listener(con, &probe);
    console_hw_update(con);
    nrects = 0;
    cr(0x0a, 0x20);                         /* cursor off: nothing blinks */
    console_hw_update(con);
    nrects = 0;
    console_hw_update(con);
    ck_assert_int_eq(nrects, 0);
    memb(0xb8000 + (10 * 80 + 40) * 2, 'x');
    console_hw_update(con);
    ck_assert_int_eq(nrects, 1);
    ck_assert_int_eq(rects[0].x, 40 * 9);
    ck_assert_int_eq(rects[0].y, 10 * 16);
    ck_assert_int_eq(rects[0].w, 9);
    ck_assert_int_eq(rects[0].h, 16);
    /* A palette change redraws the whole screen. */
    nrects = 0;
    dac(0, 10, 10, 10);
    console_hw_update(con);
    ck_assert_int_eq(nrects, 25);
    console_unregister_listener(&probe);
}
END_TEST

/* Random writes to every register and the window, rendering now and then: no access outside VRAM. */
START_TEST(test_register_fuzz)
{
    uint64_t seed = 0x5eed0f7ca11ab1eull;
    static ConsoleText t;

    console_register_listener(con, &probe);
    for (int i = 0; i < 40000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint16_t port = (uint16_t)(0x3b0 + (r >> 8) % 0x30);

        switch (r % 8) {
        case 0:
        case 1:
            outb(port, (uint8_t)(r >> 24));
            break;
        case 2:
            inb(port);
            break;
        case 3:
            /* CRTC and sequencer index/data pairs, where geometry lives. */
            outw((r >> 40) & 1 ? 0x3d4 : 0x3c4, (uint16_t)(r >> 16));
            break;
        case 4:
            vbe((uint16_t)((r >> 8) % 12), (uint16_t)(r >> 32));
            break;
        case 5:
            memb(0xa0000 + (uint32_t)((r >> 8) % 0x20000), (uint8_t)(r >> 40));
            break;
        case 6:
            memrb(0xa0000 + (uint32_t)((r >> 8) % 0x20000));
            break;
        default:
            address_space_st(&mem_as, LFB_ADDR + (uint32_t)((r >> 8) % (16u << 20)) / 4 * 4,
                             (uint32_t)(r >> 32), 4);
            break;
        }
        if (i % 97 == 0) {
            console_hw_update(con);
            console_text(con, &t);
        }
        if (i % 1000 == 0)
            console_hw_invalidate(con);
    }
    console_hw_update(con);
    console_unregister_listener(&probe);
}
END_TEST

START_TEST(test_screendump_ppm)
{
    char path[] = "/tmp/vireo-vga-XXXXXX";
    int fd = mkstemp(path);
    char head[32] = { 0 };
    uint8_t rgb[3];
    FILE *f;

    ck_assert_int_ge(fd, 0);
    close(fd);
    vga_set_text_mode3(vga, NULL);
    load_font_by_ports();
    memb(0xb8001, 0x4f);                    /* cell 0: white on red */
    ck_assert_int_eq(console_screendump(con, path, false), 0);
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(head, sizeof(head), f));
    ck_assert_str_eq(head, "P6\n");
    ck_assert_ptr_nonnull(fgets(head, sizeof(head), f));
    ck_assert_str_eq(head, "720 400\n");
    ck_assert_ptr_nonnull(fgets(head, sizeof(head), f));
    ck_assert_str_eq(head, "255\n");
    /* Pixel (8, 0), the 9th column of cell 0: background red (0xaa0000). */
    fseek(f, 8 * 3, SEEK_CUR);
    ck_assert_uint_eq(fread(rgb, 1, 3, f), 3);
    ck_assert_uint_eq(rgb[0], 0xaa);
    ck_assert_uint_eq(rgb[1], 0);
    ck_assert_uint_eq(rgb[2], 0);
    fclose(f);
    ck_assert_int_eq(console_screendump(con, "/nonexistent/dir/x.ppm", false), -ENOENT);
    unlink(path);
}
END_TEST

/* ---- Input ------------------------------------------------------------------- */

static int keys[64];
static int nkeys;

static void key_probe(void *opaque, int qnum, bool down)
{
    if (nkeys < 64)
        keys[nkeys++] = down ? qnum : -qnum;
}

START_TEST(test_sendkey)
{
    const char *bad = NULL;
    int bad_len = 0;

    input_set_keyboard(key_probe, NULL);
    nkeys = 0;
    ck_assert_int_eq(input_sendkey("ctrl-alt-delete", 100, &bad, &bad_len), 0);
    ck_assert_int_eq(nkeys, 3);
    ck_assert_int_eq(keys[0], 0x1d);
    ck_assert_int_eq(keys[1], 0x38);
    ck_assert_int_eq(keys[2], 0xd3);
    hwt_step_ns(99 * 1000000);
    ck_assert_int_eq(nkeys, 3);             /* still held */
    hwt_step_ns(2 * 1000000);
    ck_assert_int_eq(nkeys, 6);             /* released in reverse order */
    ck_assert_int_eq(keys[3], -0xd3);
    ck_assert_int_eq(keys[5], -0x1d);
    /* A second sendkey releases the first's keys before pressing its own. */
    nkeys = 0;
    ck_assert_int_eq(input_sendkey("shift-a", 100, &bad, &bad_len), 0);
    ck_assert_int_eq(input_sendkey("0x1c", 100, &bad, &bad_len), 0);
    ck_assert_int_eq(nkeys, 5);
    ck_assert_int_eq(keys[2], -0x1e);
    ck_assert_int_eq(keys[3], -0x2a);
    ck_assert_int_eq(keys[4], 0x1c);
    hwt_step_ns(200 * 1000000);
    /* An unknown name sends nothing and is named back. */
    nkeys = 0;
    ck_assert_int_eq(input_sendkey("ctrl-bogus-x", 100, &bad, &bad_len), -EINVAL);
    ck_assert_int_eq(bad_len, 5);
    ck_assert(!strncmp(bad, "bogus", 5));
    ck_assert_int_eq(nkeys, 0);
    input_set_keyboard(NULL, NULL);
}
END_TEST

START_TEST(test_keysyms)
{
    ck_assert_int_eq(input_qnum_from_keysym('a'), 0x1e);
    ck_assert_int_eq(input_qnum_from_keysym('A'), 0x1e);
    ck_assert_int_eq(input_qnum_from_keysym('z'), 0x2c);
    ck_assert_int_eq(input_qnum_from_keysym('~'), 0x29);
    ck_assert_int_eq(input_qnum_from_keysym('{'), 0x1a);
    ck_assert_int_eq(input_qnum_from_keysym('?'), 0x35);
    ck_assert_int_eq(input_qnum_from_keysym(' '), 0x39);
    ck_assert_int_eq(input_qnum_from_keysym(0xff0d), 0x1c);     /* Return */
    ck_assert_int_eq(input_qnum_from_keysym(0xffe4), 0x9d);     /* Control_R */
    ck_assert_int_eq(input_qnum_from_keysym(0xffc9), 0x58);     /* F12 */
    ck_assert_int_eq(input_qnum_from_keysym(0x20ac), -1);       /* EuroSign: not on a US keyboard */
    ck_assert_int_eq(input_qnum_from_name("kp_enter"), 0x9c);
    ck_assert_int_eq(input_qnum_from_name("ret"), 0x1c);
    ck_assert_int_eq(input_qnum_from_name("nosuchkey"), -1);
}
END_TEST

START_TEST(test_font_in_vgabios)
{
    /* The 8x16 font is found by its first glyphs wherever it sits. */
    static uint8_t rom[16384];

    memset(rom, 0x55, sizeof(rom));
    ck_assert_ptr_null(vga_find_font16(rom, sizeof(rom)));
    memset(rom + 1000, 0, 16);
    memcpy(rom + 1016, (const uint8_t[]){ 0, 0, 0x7e, 0x81, 0xa5, 0x81, 0x81, 0xbd, 0x99, 0x81, 0x81, 0x7e,
                                          0, 0, 0, 0 }, 16);
    ck_assert_ptr_eq(vga_find_font16(rom, sizeof(rom)), rom + 1000);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-vga");
    TCase *tc = tcase_create("vga");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_text_mode3_glyph);
    tcase_add_test(tc, test_text_line_graphics);
    tcase_add_test(tc, test_mode13h);
    tcase_add_test(tc, test_planar_write_mode2);
    tcase_add_test(tc, test_vbe_1024x768x32);
    tcase_add_test(tc, test_vbe_16bpp_and_8bpp);
    tcase_add_test(tc, test_dirty_lines);
    tcase_add_test(tc, test_dirty_text_cell);
    tcase_add_test(tc, test_register_fuzz);
    tcase_add_test(tc, test_screendump_ppm);
    tcase_add_test(tc, test_sendkey);
    tcase_add_test(tc, test_keysyms);
    tcase_add_test(tc, test_font_in_vgabios);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
