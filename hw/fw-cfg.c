/*
 * fw_cfg: items by key, the sorted file directory, the port and DMA
 * interfaces. Behaviour follows QEMU 7.2's hw/nvram/fw_cfg.c and
 * docs/specs/fw_cfg.txt, which SeaBIOS (src/fw/paravirt.c) and Linux
 * (drivers/firmware/qemu_fw_cfg.c) are written against.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/fw-cfg.h"
#include "system/log.h"

/* ---- Items ------------------------------------------------------------ */

static FWCfgEntry *fw_cfg_entry(FWCfgState *s, uint16_t key)
{
    if ((key & FW_CFG_ENTRY_MASK) >= FW_CFG_MAX_ENTRY)
        return NULL;
    return &s->entries[!!(key & FW_CFG_ARCH_LOCAL)][key & FW_CFG_ENTRY_MASK];
}

static int fw_cfg_set(FWCfgEntry *e, const void *data, size_t len)
{
    uint8_t *copy = NULL;

    if (len > UINT32_MAX)
        return -EINVAL;
    if (len) {
        copy = malloc(len);
        if (!copy)
            return -ENOMEM;
        memcpy(copy, data, len);
    }
    free(e->data);
    e->data = copy;
    e->len = len;
    return 0;
}

int fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, size_t len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);
    uint16_t idx = key & FW_CFG_ENTRY_MASK;

    /* The directory and the file range belong to fw_cfg_add_file. */
    if (!e || (!(key & FW_CFG_ARCH_LOCAL) && (idx == FW_CFG_FILE_DIR || idx >= FW_CFG_FILE_FIRST)))
        return -EINVAL;
    return fw_cfg_set(e, data, len);
}

int fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint8_t b[2] = { value, value >> 8 };

    return fw_cfg_add_bytes(s, key, b, sizeof(b));
}

int fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint8_t b[4];

    for (unsigned i = 0; i < 4; i++)
        b[i] = value >> (8 * i);
    return fw_cfg_add_bytes(s, key, b, sizeof(b));
}

int fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint8_t b[8];

    for (unsigned i = 0; i < 8; i++)
        b[i] = value >> (8 * i);
    return fw_cfg_add_bytes(s, key, b, sizeof(b));
}

int fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    return fw_cfg_add_bytes(s, key, value, strlen(value) + 1);
}

/* ---- Files ------------------------------------------------------------ */

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* FILE_DIR: be32 count, then per file be32 size, be16 select, be16 reserved, name[56]. */
static int fw_cfg_rebuild_dir(FWCfgState *s)
{
    size_t len = 4 + (size_t)s->nfiles * 64;
    uint8_t *dir = calloc(1, len);
    int ret;

    if (!dir)
        return -ENOMEM;
    put_be32(dir, s->nfiles);
    for (unsigned i = 0; i < s->nfiles; i++) {
        uint8_t *f = dir + 4 + i * 64;

        put_be32(f, s->files[i].size);
        f[4] = (FW_CFG_FILE_FIRST + i) >> 8;
        f[5] = FW_CFG_FILE_FIRST + i;
        memcpy(f + 8, s->files[i].name, FW_CFG_MAX_FILE_PATH);
    }
    ret = fw_cfg_set(&s->entries[0][FW_CFG_FILE_DIR], dir, len);
    free(dir);
    return ret;
}

int fw_cfg_file_key(const FWCfgState *s, const char *name)
{
    for (unsigned i = 0; i < s->nfiles; i++)
        if (!strcmp(s->files[i].name, name))
            return FW_CFG_FILE_FIRST + i;
    return -ENOENT;
}

int fw_cfg_add_file(FWCfgState *s, const char *name, const void *data, size_t len)
{
    FWCfgEntry *slots = &s->entries[0][FW_CFG_FILE_FIRST];
    FWCfgEntry e = { NULL, 0 };
    unsigned idx;
    int ret;

    if (strlen(name) >= FW_CFG_MAX_FILE_PATH)
        return -ENAMETOOLONG;
    if (fw_cfg_file_key(s, name) >= 0)
        return -EEXIST;
    if (s->nfiles >= FW_CFG_FILE_SLOTS)
        return -ENOSPC;
    ret = fw_cfg_set(&e, data, len);
    if (ret < 0)
        return ret;
    /* Insert in strcmp order, shifting the later files (and their keys) up by one. */
    for (idx = s->nfiles; idx > 0; idx--)
        if (strcmp(name, s->files[idx - 1].name) >= 0)
            break;
    memmove(&s->files[idx + 1], &s->files[idx], (s->nfiles - idx) * sizeof(s->files[0]));
    memmove(&slots[idx + 1], &slots[idx], (s->nfiles - idx) * sizeof(slots[0]));
    memset(&s->files[idx], 0, sizeof(s->files[idx]));
    strcpy(s->files[idx].name, name);
    s->files[idx].size = e.len;
    slots[idx] = e;
    s->nfiles++;
    return fw_cfg_rebuild_dir(s);
}

int fw_cfg_modify_file(FWCfgState *s, const char *name, const void *data, size_t len)
{
    int key = fw_cfg_file_key(s, name);
    int ret;

    if (key < 0)
        return key;
    ret = fw_cfg_set(&s->entries[0][key], data, len);
    if (ret < 0)
        return ret;
    s->files[key - FW_CFG_FILE_FIRST].size = len;
    return fw_cfg_rebuild_dir(s);
}

int fw_cfg_add_e820(FWCfgState *s, const FWCfgE820Entry *entries, unsigned n)
{
    uint8_t *buf = calloc(n ? n : 1, 20);
    int ret;

    if (!buf)
        return -ENOMEM;
    for (unsigned i = 0; i < n; i++) {
        uint8_t *p = buf + 20 * i;

        for (unsigned b = 0; b < 8; b++) {
            p[b] = entries[i].address >> (8 * b);
            p[8 + b] = entries[i].length >> (8 * b);
        }
        for (unsigned b = 0; b < 4; b++)
            p[16 + b] = entries[i].type >> (8 * b);
    }
    ret = fw_cfg_add_file(s, "etc/e820", buf, (size_t)n * 20);
    free(buf);
    return ret;
}

/* ---- Port interface --------------------------------------------------- */

static void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    s->cur_offset = 0;
    s->cur_entry = (key & FW_CFG_ENTRY_MASK) < FW_CFG_MAX_ENTRY ? key : FW_CFG_INVALID;
}

/* The selected item, or NULL when nothing valid is selected. */
static FWCfgEntry *fw_cfg_current(FWCfgState *s)
{
    return s->cur_entry == FW_CFG_INVALID ? NULL : fw_cfg_entry(s, s->cur_entry);
}

static uint8_t fw_cfg_read_byte(FWCfgState *s)
{
    FWCfgEntry *e = fw_cfg_current(s);

    /* Past the end, or nothing selected: zeros, as QEMU. */
    if (!e || !e->data || s->cur_offset >= e->len)
        return 0;
    return e->data[s->cur_offset++];
}

static uint64_t fw_cfg_ctl_read(void *opaque, uint64_t addr, unsigned size)
{
    FWCfgState *s = opaque;

    if (size != 1) {
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("fw_cfg: %u-byte read of port 0x%x\n", size,
                       (unsigned)(FW_CFG_IO_BASE + addr));
        return 0;
    }
    /* Both ports read the data byte (QEMU's combined port). */
    return fw_cfg_read_byte(s);
}

static void fw_cfg_ctl_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    FWCfgState *s = opaque;

    if (size == 2 && addr == 0) {
        fw_cfg_select(s, val);
    } else if (log_enabled(LOG_GUEST_ERROR)) {
        /* Data writes have been ignored since QEMU 2.4; the DMA interface writes. */
        log_printf("fw_cfg: %u-byte write 0x%x to port 0x%x ignored\n", size, (unsigned)val,
                   (unsigned)(FW_CFG_IO_BASE + addr));
    }
}

static const MemoryRegionOps fw_cfg_ctl_ops = {
    .read = fw_cfg_ctl_read,
    .write = fw_cfg_ctl_write,
    .min_access = 1,
    .max_access = 2,
};

/* ---- DMA interface ---------------------------------------------------- */

/* Is [addr, addr+len) all guest RAM (writable RAM when writing)? Checked before any transfer. */
static bool fw_cfg_dma_ok(FWCfgState *s, uint64_t addr, uint64_t len, bool to_guest)
{
    if (addr + len < addr)
        return false;
    while (len) {
        uint64_t xlat, plen = len;
        MemoryRegion *mr = address_space_translate(s->dma_as, addr, &xlat, &plen, to_guest);

        if (!mr || !memory_region_is_ram(mr) || (to_guest && memory_region_is_rom(mr)) || !plen)
            return false;
        addr += plen;
        len -= plen;
    }
    return true;
}

static bool fw_cfg_dma_write_guest(FWCfgState *s, uint64_t addr, const void *buf, uint64_t len)
{
    return fw_cfg_dma_ok(s, addr, len, true) &&
           address_space_write(s->dma_as, addr, buf, len) == 0;
}

static bool fw_cfg_dma_zero_guest(FWCfgState *s, uint64_t addr, uint64_t len)
{
    static const uint8_t zeros[256];

    if (!fw_cfg_dma_ok(s, addr, len, true))
        return false;
    while (len) {
        uint64_t n = len < sizeof(zeros) ? len : sizeof(zeros);

        if (address_space_write(s->dma_as, addr, zeros, n) < 0)
            return false;
        addr += n;
        len -= n;
    }
    return true;
}

static void fw_cfg_dma_set_control(FWCfgState *s, uint64_t desc, uint32_t control)
{
    uint8_t be[4];

    put_be32(be, control);
    if (fw_cfg_dma_ok(s, desc, 4, true))
        address_space_write(s->dma_as, desc, be, 4);
}

/* Run the FWCfgDmaAccess {be32 control, be32 length, be64 address} at s->dma_addr. */
static void fw_cfg_dma_transfer(FWCfgState *s)
{
    uint64_t desc = s->dma_addr;
    uint8_t raw[16];
    uint32_t control, length;
    uint64_t address;
    bool read = false, write = false;
    FWCfgEntry *e;

    s->dma_addr = 0;
    if (!fw_cfg_dma_ok(s, desc, sizeof(raw), false) ||
        address_space_read(s->dma_as, desc, raw, sizeof(raw)) < 0) {
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("fw_cfg: DMA descriptor at 0x%llx is not in RAM\n",
                       (unsigned long long)desc);
        fw_cfg_dma_set_control(s, desc, FW_CFG_DMA_CTL_ERROR);
        return;
    }
    control = get_be32(raw);
    length = get_be32(raw + 4);
    address = (uint64_t)get_be32(raw + 8) << 32 | get_be32(raw + 12);

    if (control & FW_CFG_DMA_CTL_SELECT)
        fw_cfg_select(s, control >> 16);
    if (control & FW_CFG_DMA_CTL_READ)
        read = true;
    else if (control & FW_CFG_DMA_CTL_WRITE)
        write = true;
    else if (!(control & FW_CFG_DMA_CTL_SKIP))
        length = 0;
    control = 0;
    e = fw_cfg_current(s);

    while (length && !(control & FW_CFG_DMA_CTL_ERROR)) {
        uint32_t len;

        if (!e || !e->data || s->cur_offset >= e->len) {
            /* Past the item's end: reads fill zeros, skips do nothing. */
            len = length;
            if (read && !fw_cfg_dma_zero_guest(s, address, len))
                control |= FW_CFG_DMA_CTL_ERROR;
        } else {
            len = e->len - s->cur_offset < length ? e->len - s->cur_offset : length;
            if (read && !fw_cfg_dma_write_guest(s, address, e->data + s->cur_offset, len))
                control |= FW_CFG_DMA_CTL_ERROR;
            s->cur_offset += len;
        }
        /* No item here is guest-writable: the write channel always fails. */
        if (write)
            control |= FW_CFG_DMA_CTL_ERROR;
        address += len;
        length -= len;
    }
    fw_cfg_dma_set_control(s, desc, control);
}

static uint64_t fw_cfg_dma_read(void *opaque, uint64_t addr, unsigned size)
{
    static const char sig[8] = FW_CFG_DMA_SIGNATURE;
    uint64_t v = 0;

    /* The big-endian signature: byte 0x514 is 'Q'. */
    for (unsigned i = 0; i < size && addr + i < 8; i++)
        v |= (uint64_t)(uint8_t)sig[addr + i] << (8 * i);
    return v;
}

static uint32_t bswap32_u(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

static void fw_cfg_dma_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    FWCfgState *s = opaque;

    /* The guest stores the address big-endian: its bytes arrive swapped in val. */
    if (size == 4 && addr == 0) {
        s->dma_addr = (uint64_t)bswap32_u(val) << 32;
    } else if (size == 4 && addr == 4) {
        s->dma_addr |= bswap32_u(val);
        fw_cfg_dma_transfer(s);
    } else if (size == 8 && addr == 0) {
        s->dma_addr = (uint64_t)bswap32_u(val) << 32 | bswap32_u(val >> 32);
        fw_cfg_dma_transfer(s);
    } else if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("fw_cfg: %u-byte DMA register write at +%u ignored\n", size,
                   (unsigned)addr);
    }
}

static const MemoryRegionOps fw_cfg_dma_ops = {
    .read = fw_cfg_dma_read,
    .write = fw_cfg_dma_write,
    .min_access = 1,
    .max_access = 8,
};

/* ---- Life cycle ------------------------------------------------------- */

void fw_cfg_init(FWCfgState *s, MemoryRegion *io, AddressSpace *dma_as)
{
    memset(s, 0, sizeof(*s));
    s->io = io;
    s->dma_as = dma_as;
    fw_cfg_set(&s->entries[0][FW_CFG_SIGNATURE], "QEMU", 4);
    fw_cfg_add_i32(s, FW_CFG_ID, FW_CFG_VERSION | FW_CFG_VERSION_DMA);
    fw_cfg_rebuild_dir(s);
    memory_region_init_io(&s->ctl_io, "fwcfg", &fw_cfg_ctl_ops, s, 2);
    memory_region_add_subregion(io, FW_CFG_IO_BASE, &s->ctl_io);
    memory_region_init_io(&s->dma_io, "fwcfg.dma", &fw_cfg_dma_ops, s, 8);
    memory_region_add_subregion(io, FW_CFG_DMA_IO_BASE, &s->dma_io);
    fw_cfg_reset(s);
}

void fw_cfg_reset(FWCfgState *s)
{
    fw_cfg_select(s, FW_CFG_SIGNATURE);
    s->dma_addr = 0;
}

void fw_cfg_destroy(FWCfgState *s)
{
    memory_region_destroy(&s->ctl_io);
    memory_region_destroy(&s->dma_io);
    for (unsigned a = 0; a < 2; a++)
        for (unsigned i = 0; i < FW_CFG_MAX_ENTRY; i++) {
            free(s->entries[a][i].data);
            s->entries[a][i].data = NULL;
            s->entries[a][i].len = 0;
        }
    s->nfiles = 0;
}

static const VMStateField fw_cfg_fields[] = {
    VMSTATE(FWCfgState, VMS_U16, cur_entry, 0),
    VMSTATE(FWCfgState, VMS_U32, cur_offset, 0),
    VMSTATE(FWCfgState, VMS_U64, dma_addr, 0),
    VMSTATE_END,
};

const VMStateDesc fw_cfg_vmstate = {
    .name = "fw_cfg",
    .version = 1,
    .fields = fw_cfg_fields,
};
