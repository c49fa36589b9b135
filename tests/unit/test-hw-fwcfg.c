/*
 * fw_cfg (hw/fw-cfg.h) through its ports, the way SeaBIOS's paravirt.c uses
 * it: the signature and ID, the sorted file directory, reads by port and by
 * DMA into guest RAM, DMA errors for addresses outside RAM, garbage selectors.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/fw-cfg.h"
#include "system/memory.h"
#include "tests/unit/check-run.h"

static MemoryRegion sysmem, ram, rom, io;
static AddressSpace mem_as, io_as;
static FWCfgState fw;
static uint8_t *guest;

#define RAM_SIZE 0x100000

static void setup(void)
{
    memory_region_init_container(&sysmem, "system", UINT64_MAX);
    ck_assert_int_eq(memory_region_init_ram(&ram, "pc.ram", RAM_SIZE), 0);
    memory_region_add_subregion(&sysmem, 0, &ram);
    ck_assert_int_eq(memory_region_init_rom(&rom, "pc.bios", 0x10000), 0);
    memory_region_add_subregion(&sysmem, 0xffff0000, &rom);
    guest = memory_region_get_ram_ptr(&ram);
    memory_region_init_container(&io, "io", 0x10000);
    ck_assert_int_eq(address_space_init(&mem_as, &sysmem, "memory"), 0);
    ck_assert_int_eq(address_space_init(&io_as, &io, "I/O"), 0);
    fw_cfg_init(&fw, &io, &mem_as);
}

static void teardown(void)
{
    fw_cfg_destroy(&fw);
    address_space_destroy(&io_as);
    address_space_destroy(&mem_as);
    memory_region_destroy(&rom);
    memory_region_destroy(&ram);
    memory_region_destroy(&io);
    memory_region_destroy(&sysmem);
    memory_reclaim();
}

static void select_key(uint16_t key) { address_space_st(&io_as, 0x510, key, 2); }
static uint8_t data_byte(void) { return address_space_ld(&io_as, 0x511, 1); }

static void read_item(uint16_t key, void *buf, size_t len)
{
    select_key(key);
    for (size_t i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = data_byte();
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

/* Write an FWCfgDmaAccess at desc and kick it the way SeaBIOS does: two outl, big-endian. */
static uint32_t dma(uint64_t desc, uint32_t control, uint32_t length, uint64_t address)
{
    uint8_t *d = guest + desc;

    put_be32(d, control);
    put_be32(d + 4, length);
    put_be32(d + 8, address >> 32);
    put_be32(d + 12, address);
    address_space_st(&io_as, 0x514, __builtin_bswap32(desc >> 32), 4);
    address_space_st(&io_as, 0x518, __builtin_bswap32((uint32_t)desc), 4);
    return be32(d);
}

START_TEST(test_signature_and_id)
{
    char sig[5] = { 0 };
    uint8_t id[4];

    /* Key 0 is selected at power-on. */
    for (int i = 0; i < 4; i++)
        sig[i] = data_byte();
    ck_assert_str_eq(sig, "QEMU");
    ck_assert_uint_eq(data_byte(), 0);      /* past the end: zeros */
    /* Both ports read the data byte. */
    select_key(FW_CFG_SIGNATURE);
    ck_assert_uint_eq(address_space_ld(&io_as, 0x510, 1), 'Q');
    ck_assert_uint_eq(address_space_ld(&io_as, 0x511, 1), 'E');
    read_item(FW_CFG_ID, id, 4);
    ck_assert_uint_eq(id[0], FW_CFG_VERSION | FW_CFG_VERSION_DMA);
    ck_assert_uint_eq(id[1] | id[2] | id[3], 0);
    /* The DMA register reads "QEMU CFG" in byte order. */
    ck_assert_uint_eq(address_space_ld(&io_as, 0x514, 4), 0x554d4551);
    ck_assert_uint_eq(address_space_ld(&io_as, 0x518, 4), 0x47464320);
}
END_TEST

START_TEST(test_integer_items)
{
    uint8_t b[8];

    ck_assert_int_eq(fw_cfg_add_i64(&fw, FW_CFG_RAM_SIZE, 0x123456789aULL), 0);
    ck_assert_int_eq(fw_cfg_add_i16(&fw, FW_CFG_NB_CPUS, 4), 0);
    ck_assert_int_eq(fw_cfg_add_i32(&fw, FW_CFG_IRQ0_OVERRIDE, 1), 0);
    read_item(FW_CFG_RAM_SIZE, b, 8);
    ck_assert_mem_eq(b, "\x9a\x78\x56\x34\x12\x00\x00\x00", 8);
    read_item(FW_CFG_NB_CPUS, b, 3);
    ck_assert_mem_eq(b, "\x04\x00\x00", 3);
    /* Arch-local keys are a separate table. */
    read_item(FW_CFG_IRQ0_OVERRIDE, b, 4);
    ck_assert_mem_eq(b, "\x01\x00\x00\x00", 4);
    read_item(FW_CFG_IRQ0_OVERRIDE & FW_CFG_ENTRY_MASK, b, 4);   /* key 2: UUID, empty */
    ck_assert_mem_eq(b, "\x00\x00\x00\x00", 4);
    /* Replacing a value; strings carry their NUL. */
    ck_assert_int_eq(fw_cfg_add_i16(&fw, FW_CFG_NB_CPUS, 2), 0);
    read_item(FW_CFG_NB_CPUS, b, 2);
    ck_assert_mem_eq(b, "\x02\x00", 2);
    ck_assert_int_eq(fw_cfg_add_string(&fw, FW_CFG_CMDLINE_DATA, "ro"), 0);
    read_item(FW_CFG_CMDLINE_DATA, b, 4);
    ck_assert_mem_eq(b, "ro\0\0", 4);
    ck_assert_int_eq(fw_cfg_add_i32(&fw, FW_CFG_FILE_DIR, 0), -EINVAL);
    ck_assert_int_eq(fw_cfg_add_i32(&fw, FW_CFG_FILE_FIRST, 0), -EINVAL);
    ck_assert_int_eq(fw_cfg_add_i32(&fw, FW_CFG_MAX_ENTRY, 0), -EINVAL);
}
END_TEST

START_TEST(test_file_dir_sorted)
{
    static const char *const added[] = { "etc/e820", "bootorder", "etc/acpi/tables", "zz",
                                         "etc/acpi/rsdp", "a" };
    static const char *const sorted[] = { "a", "bootorder", "etc/acpi/rsdp", "etc/acpi/tables",
                                          "etc/e820", "zz" };
    uint8_t dir[4 + 6 * 64], buf[16];

    for (unsigned i = 0; i < 6; i++)
        ck_assert_int_eq(fw_cfg_add_file(&fw, added[i], added[i], strlen(added[i])), 0);
    read_item(FW_CFG_FILE_DIR, dir, sizeof(dir));
    ck_assert_uint_eq(be32(dir), 6);
    for (unsigned i = 0; i < 6; i++) {
        const uint8_t *f = dir + 4 + 64 * i;
        uint16_t sel = f[4] << 8 | f[5];

        ck_assert_str_eq((const char *)f + 8, sorted[i]);
        ck_assert_uint_eq(be32(f), strlen(sorted[i]));
        ck_assert_uint_eq(sel, FW_CFG_FILE_FIRST + i);
        ck_assert_int_eq(fw_cfg_file_key(&fw, sorted[i]), sel);
        /* The key the directory gives reads that file. */
        memset(buf, 0, sizeof(buf));
        read_item(sel, buf, strlen(sorted[i]));
        ck_assert_mem_eq(buf, sorted[i], strlen(sorted[i]));
    }
    ck_assert_int_eq(fw_cfg_file_key(&fw, "nope"), -ENOENT);
    ck_assert_int_eq(fw_cfg_add_file(&fw, "bootorder", "x", 1), -EEXIST);
    ck_assert_int_eq(fw_cfg_add_file(&fw, "01234567890123456789012345678901234567890123456789012345",
                                     "x", 1), -ENAMETOOLONG);
    /* Resize a file: the directory follows. */
    ck_assert_int_eq(fw_cfg_modify_file(&fw, "zz", "longer", 6), 0);
    read_item(FW_CFG_FILE_DIR, dir, sizeof(dir));
    ck_assert_uint_eq(be32(dir + 4 + 64 * 5), 6);
}
END_TEST

START_TEST(test_file_slots_full)
{
    char name[16];

    for (int i = 0; i < FW_CFG_FILE_SLOTS; i++) {
        snprintf(name, sizeof(name), "f%02d", i);
        ck_assert_int_eq(fw_cfg_add_file(&fw, name, name, 3), 0);
    }
    ck_assert_int_eq(fw_cfg_add_file(&fw, "extra", "x", 1), -ENOSPC);
}
END_TEST

START_TEST(test_e820_file)
{
    static const FWCfgE820Entry e[2] = {
        { 0, 0x9fc00, 1 }, { 0xfeffc000, 0x4000, 2 },
    };
    uint8_t b[40];

    ck_assert_int_eq(fw_cfg_add_e820(&fw, e, 2), 0);
    read_item(fw_cfg_file_key(&fw, "etc/e820"), b, 40);
    ck_assert_mem_eq(b, "\0\0\0\0\0\0\0\0\x00\xfc\x09\0\0\0\0\0\x01\0\0\0", 20);
    ck_assert_mem_eq(b + 20, "\x00\xc0\xff\xfe\0\0\0\0\x00\x40\0\0\0\0\0\0\x02\0\0\0", 20);
}
END_TEST

START_TEST(test_dma_read)
{
    uint8_t data[300];
    int key;

    for (unsigned i = 0; i < sizeof(data); i++)
        data[i] = i * 7;
    ck_assert_int_eq(fw_cfg_add_file(&fw, "etc/blob", data, sizeof(data)), 0);
    key = fw_cfg_file_key(&fw, "etc/blob");

    /* Select and read 200 bytes: control comes back 0 and the bytes land. */
    ck_assert_uint_eq(dma(0x1000, (uint32_t)key << 16 | FW_CFG_DMA_CTL_SELECT |
                          FW_CFG_DMA_CTL_READ, 200, 0x2000), 0);
    ck_assert_mem_eq(guest + 0x2000, data, 200);
    /* Skip 50, then read on: the item offset carries over between transfers. */
    ck_assert_uint_eq(dma(0x1000, FW_CFG_DMA_CTL_SKIP, 50, 0), 0);
    memset(guest + 0x3000, 0xee, 64);
    ck_assert_uint_eq(dma(0x1000, FW_CFG_DMA_CTL_READ, 64, 0x3000), 0);
    ck_assert_mem_eq(guest + 0x3000, data + 250, 50);
    /* Past the end the read fills zeros. */
    for (int i = 50; i < 64; i++)
        ck_assert_uint_eq(guest[0x3000 + i], 0);
    /* The port interface sees where DMA left off. */
    ck_assert_uint_eq(dma(0x1000, (uint32_t)key << 16 | FW_CFG_DMA_CTL_SELECT |
                          FW_CFG_DMA_CTL_SKIP, 10, 0), 0);
    ck_assert_uint_eq(data_byte(), data[10]);
    /* A 64-bit write of the address works too (MMIO-style). */
    put_be32(guest + 0x1000, (uint32_t)FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT |
             FW_CFG_DMA_CTL_READ);
    put_be32(guest + 0x1004, 4);
    put_be32(guest + 0x1008, 0);
    put_be32(guest + 0x100c, 0x4000);
    address_space_st(&io_as, 0x514, __builtin_bswap64(0x1000), 8);
    ck_assert_mem_eq(guest + 0x4000, "QEMU", 4);
    ck_assert_uint_eq(be32(guest + 0x1000), 0);
}
END_TEST

START_TEST(test_dma_bad_address)
{
    uint8_t before[RAM_SIZE / 16];

    ck_assert_int_eq(fw_cfg_add_file(&fw, "etc/blob", "0123456789", 10), 0);
    memcpy(before, guest, sizeof(before));
    /* Target outside RAM: error bit, nothing written anywhere in RAM but the control word. */
    ck_assert_uint_eq(dma(0x1000, (uint32_t)fw_cfg_file_key(&fw, "etc/blob") << 16 |
                          FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ, 10, 0x40000000) &
                      FW_CFG_DMA_CTL_ERROR, FW_CFG_DMA_CTL_ERROR);
    ck_assert_mem_eq(guest + 0x1010, before + 0x1010, sizeof(before) - 0x1010);
    /* Straddling the end of RAM: refused as a whole. */
    ck_assert_uint_eq(dma(0x1000, (uint32_t)FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT |
                          FW_CFG_DMA_CTL_READ, 4, RAM_SIZE - 2) & FW_CFG_DMA_CTL_ERROR,
                      FW_CFG_DMA_CTL_ERROR);
    ck_assert_mem_eq(guest + RAM_SIZE - 2, "\0\0", 2);
    /* An address range that wraps around 2^64, and ROM: errors. */
    ck_assert_uint_eq(dma(0x1000, FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ, 4,
                          UINT64_MAX - 1) & FW_CFG_DMA_CTL_ERROR, FW_CFG_DMA_CTL_ERROR);
    ck_assert_uint_eq(dma(0x1000, FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ, 4,
                          0xffff0000) & FW_CFG_DMA_CTL_ERROR, FW_CFG_DMA_CTL_ERROR);
    ck_assert_uint_eq(((uint8_t *)memory_region_get_ram_ptr(&rom))[0], 0);
    /* The write channel: no item is writable. */
    ck_assert_uint_eq(dma(0x1000, FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_WRITE, 4, 0x2000) &
                      FW_CFG_DMA_CTL_ERROR, FW_CFG_DMA_CTL_ERROR);
    /* A descriptor outside RAM: nothing happens, nothing breaks, the selection stays. */
    select_key(FW_CFG_SIGNATURE);
    address_space_st(&io_as, 0x514, 0, 4);
    address_space_st(&io_as, 0x518, __builtin_bswap32(0x20000000), 4);
    address_space_st(&io_as, 0x514, 0, 4);
    address_space_st(&io_as, 0x518, __builtin_bswap32(RAM_SIZE - 8), 4);
    ck_assert_uint_eq(data_byte(), 'Q');
}
END_TEST

START_TEST(test_selector_garbage)
{
    static const uint16_t keys[] = { 0x3fff, 0x7fff, 0xffff, FW_CFG_MAX_ENTRY, 0x8000 | 0x100,
                                     FW_CFG_FILE_FIRST + 5, 0x1a };

    for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        select_key(keys[i]);
        for (int j = 0; j < 8; j++)
            ck_assert_uint_eq(data_byte(), 0);
    }
    /* Byte and data-port writes do not select anything. */
    select_key(FW_CFG_SIGNATURE);
    address_space_st(&io_as, 0x510, 0x01, 1);
    address_space_st(&io_as, 0x511, 0x01, 1);
    ck_assert_uint_eq(data_byte(), 'Q');
    /* Reset selects the signature again. */
    select_key(0x7fff);
    fw_cfg_reset(&fw);
    ck_assert_uint_eq(data_byte(), 'Q');
}
END_TEST

START_TEST(test_fuzz_ports)
{
    static const unsigned sizes[] = { 1, 2, 4 };
    uint8_t blob[100];

    for (unsigned i = 0; i < sizeof(blob); i++)
        blob[i] = i;
    ck_assert_int_eq(fw_cfg_add_file(&fw, "etc/blob", blob, sizeof(blob)), 0);
    srandom(99);
    for (int i = 0; i < 100000; i++) {
        unsigned size = sizes[random() % 3];
        uint16_t port = 0x510 + (random() % 12 & ~(size - 1));
        uint32_t v = random() ^ (uint32_t)random() << 16;

        if (random() % 8 == 0) {
            /* A plausible descriptor somewhere, pointing anywhere. */
            uint64_t desc = random() % 2 ? (uint64_t)(random() % (RAM_SIZE - 16))
                                         : (uint64_t)random() << 12;
            uint64_t addr = random() % 2 ? (uint64_t)(random() % RAM_SIZE)
                                         : (uint64_t)random() << 20;

            if (desc + 16 <= RAM_SIZE) {
                put_be32(guest + desc, random());
                put_be32(guest + desc + 4, random() % 4096);
                put_be32(guest + desc + 8, addr >> 32);
                put_be32(guest + desc + 12, addr);
            }
            address_space_st(&io_as, 0x514, __builtin_bswap32(desc >> 32), 4);
            address_space_st(&io_as, 0x518, __builtin_bswap32((uint32_t)desc), 4);
        } else if (random() & 1) {
            address_space_st(&io_as, port, v, size);
        } else {
            (void)address_space_ld(&io_as, port, size);
        }
    }
    /* Still answers correctly. */
    select_key(FW_CFG_SIGNATURE);
    ck_assert_uint_eq(data_byte(), 'Q');
    ck_assert_uint_eq(dma(0x1000, (uint32_t)fw_cfg_file_key(&fw, "etc/blob") << 16 |
                          FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ, 100, 0x2000), 0);
    ck_assert_mem_eq(guest + 0x2000, blob, 100);
}
END_TEST

static Suite *fwcfg_suite(void)
{
    Suite *s = suite_create("hw-fwcfg");
    TCase *tc = tcase_create("fwcfg");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_signature_and_id);
    tcase_add_test(tc, test_integer_items);
    tcase_add_test(tc, test_file_dir_sorted);
    tcase_add_test(tc, test_file_slots_full);
    tcase_add_test(tc, test_e820_file);
    tcase_add_test(tc, test_dma_read);
    tcase_add_test(tc, test_dma_bad_address);
    tcase_add_test(tc, test_selector_garbage);
    tcase_add_test(tc, test_fuzz_ports);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run(fwcfg_suite(), true);
}
