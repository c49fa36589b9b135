/*
 * The legacy VGA window, 0xa0000-0xbffff: the graphics controller's read
 * and write modes between the CPU and the four planes (IBM VGA Technical
 * Reference, "Graphics Controller Registers"; FreeVGA "VGA Memory" and
 * "Graphics Controller"). Every byte lands through the device, so each
 * write marks its VRAM page dirty for the renderer.
 */
#include "hw/display/vga-int.h"

/* Graphics controller registers. */
enum {
    GR_SET_RESET = 0, GR_ENABLE_SET_RESET, GR_COLOR_COMPARE, GR_DATA_ROTATE, GR_READ_MAP,
    GR_MODE, GR_MISC, GR_COLOR_DONT_CARE, GR_BIT_MASK,
};

/* A byte per plane from its low 4 bits: bit p set gives 0xff in plane p's byte. */
static uint32_t expand4(unsigned v)
{
    uint32_t r = 0;

    for (unsigned p = 0; p < 4; p++)
        if (v & (1u << p))
            r |= 0xffu << (8 * p);
    return r;
}

static uint32_t vram_ld32(const VGAState *s, uint32_t off)
{
    const uint8_t *p = s->vram + off;

    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Map a window offset to the part of the window the memory map select
 * (GR6 bits 3-2) enables. Returns false outside it.
 */
static bool window_offset(const VGAState *s, uint32_t *addr)
{
    switch ((s->gr[GR_MISC] >> 2) & 3) {
    case 0:                             /* 0xa0000, 128 KiB */
        return true;
    case 1:                             /* 0xa0000, 64 KiB (+ the VBE bank) */
        if (*addr >= 0x10000)
            return false;
        *addr += s->bank_offset;
        return true;
    case 2:                             /* 0xb0000, 32 KiB */
        if (*addr < 0x10000 || *addr >= 0x18000)
            return false;
        *addr -= 0x10000;
        return true;
    default:                            /* 0xb8000, 32 KiB */
        if (*addr < 0x18000)
            return false;
        *addr -= 0x18000;
        return true;
    }
}

uint8_t vga_mem_readb(VGAState *s, uint32_t addr)
{
    uint32_t off, cc, dc, diff;
    unsigned plane;

    if (!window_offset(s, &addr))
        return 0xff;
    if (s->sr[4] & 0x08) {
        /* Chain 4: the CPU address picks plane (a & 3) of plane-offset a / 4, i.e. vram[a]. */
        return addr < s->vram_size ? s->vram[addr] : 0xff;
    }
    if (s->gr[GR_MODE] & 0x10) {
        /* Odd/even: address bit 0 (and the read map's bit 1) pick the plane. */
        plane = (s->gr[GR_READ_MAP] & 2) | (addr & 1);
        off = ((addr >> 1) << 2) | plane;
        return off < s->vram_size ? s->vram[off] : 0xff;
    }
    if ((uint64_t)addr * 4 + 4 > s->vram_size)
        return 0xff;
    s->latch = vram_ld32(s, addr * 4);
    if (!(s->gr[GR_MODE] & 0x08))
        return (uint8_t)(s->latch >> (8 * (s->gr[GR_READ_MAP] & 3)));
    /* Read mode 1, colour compare: a 1 where every cared-for plane matches. */
    cc = expand4(s->gr[GR_COLOR_COMPARE]);
    dc = expand4(s->gr[GR_COLOR_DONT_CARE]);
    diff = (s->latch ^ cc) & dc;
    diff |= diff >> 16;
    diff |= diff >> 8;
    return (uint8_t)~diff;
}

void vga_mem_writeb(VGAState *s, uint32_t addr, uint8_t val)
{
    uint32_t off, data, mask, bitmask, latch, result;
    unsigned plane, mode, rot;

    if (!window_offset(s, &addr))
        return;
    if (s->sr[4] & 0x08) {
        plane = addr & 3;
        if ((s->sr[2] & (1u << plane)) && addr < s->vram_size) {
            s->vram[addr] = val;
            memory_region_set_dirty(&s->vram_mr, addr, 1);
        }
        return;
    }
    if (!(s->sr[4] & 0x04)) {
        /* Odd/even writes (SR4 bit 2 clear), as in the text modes. */
        plane = (s->gr[GR_READ_MAP] & 2) | (addr & 1);
        off = ((addr >> 1) << 2) | plane;
        if ((s->sr[2] & (1u << plane)) && off < s->vram_size) {
            s->vram[off] = val;
            memory_region_set_dirty(&s->vram_mr, off, 1);
        }
        return;
    }
    if ((uint64_t)addr * 4 + 4 > s->vram_size)
        return;

    mode = s->gr[GR_MODE] & 3;
    rot = s->gr[GR_DATA_ROTATE] & 7;
    bitmask = s->gr[GR_BIT_MASK];
    latch = s->latch;
    switch (mode) {
    case 1:                 /* the latches, unchanged */
        result = latch;
        goto store;
    case 2:                 /* bits 3-0 of the value, one per plane */
        data = expand4(val);
        break;
    case 3:                 /* the rotated value masks the bit mask; set/reset is the data */
        val = (uint8_t)((val >> rot) | (val << (8 - rot)));
        bitmask &= val;
        data = expand4(s->gr[GR_SET_RESET]);
        break;
    default: {              /* 0: rotated value, planes with set/reset enabled take it */
        uint32_t sr_en = expand4(s->gr[GR_ENABLE_SET_RESET]);

        val = (uint8_t)((val >> rot) | (val << (8 - rot)));
        data = val * 0x01010101u;
        data = (data & ~sr_en) | (expand4(s->gr[GR_SET_RESET]) & sr_en);
        break;
    }
    }
    /* Logical operation with the latches (GR3 bits 4-3), then the bit mask. */
    switch ((s->gr[GR_DATA_ROTATE] >> 3) & 3) {
    case 1:
        data &= latch;
        break;
    case 2:
        data |= latch;
        break;
    case 3:
        data ^= latch;
        break;
    default:
        break;
    }
    bitmask *= 0x01010101u;
    result = (data & bitmask) | (latch & ~bitmask);
store:
    mask = expand4(s->sr[2]);
    off = addr * 4;
    for (plane = 0; plane < 4; plane++)
        if (mask & (0xffu << (8 * plane)))
            s->vram[off + plane] = (uint8_t)(result >> (8 * plane));
    memory_region_set_dirty(&s->vram_mr, off, 4);
}

static uint64_t mem_read(void *opaque, uint64_t addr, unsigned size)
{
    return vga_mem_readb(opaque, (uint32_t)addr);
}

static void mem_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    vga_mem_writeb(opaque, (uint32_t)addr, (uint8_t)val);
}

const MemoryRegionOps vga_mem_ops = {
    .read = mem_read, .write = mem_write, .min_access = 1, .max_access = 1,
};
