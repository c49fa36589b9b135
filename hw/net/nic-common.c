/* What the NICs share: see nic-common.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/net/nic-common.h"
#include "system/error.h"

int nic_load_rom(PCIDevice *d, MemoryRegion *mr, const char *path)
{
    FILE *f = fopen(path, "rb");
    long size;
    uint64_t bar = 2048;
    int ret;

    if (!f)
        return -errno;
    if (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) <= 0 || size > (1 << 20)) {
        fclose(f);
        return -EINVAL;
    }
    rewind(f);
    while (bar < (uint64_t)size)
        bar <<= 1;
    if ((ret = memory_region_init_rom(mr, "nic-rom", bar)) < 0) {
        fclose(f);
        return ret;
    }
    if (fread(memory_region_get_ram_ptr(mr), 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        return -EIO;
    }
    fclose(f);
    pci_register_bar(d, PCI_ROM_SLOT, 0, mr);
    return 0;
}

uint32_t nic_crc32_le(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffffu;

    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    return crc;
}

void eeprom93_reset(Eeprom93 *e)
{
    e->cs = e->sk = e->reading = false;
    e->bits_in = e->nbits_in = 0;
    e->out_bit = -1;
}

void eeprom93_write(Eeprom93 *e, bool cs, bool sk, bool di)
{
    bool old_cs = e->cs, old_sk = e->sk;

    e->cs = cs;
    e->sk = sk;
    if (!cs || !old_cs) {               /* deselected, or a new command */
        e->bits_in = e->nbits_in = 0;
        e->reading = false;
        if (!cs)
            return;
    }
    if (sk == old_sk)
        return;
    if (!sk) {                          /* falling edge: the next output bit */
        if (e->reading)
            e->out_bit++;
        return;
    }
    if (e->reading)
        return;
    e->bits_in = (e->bits_in << 1) | di;
    if (++e->nbits_in == 9 && ((e->bits_in >> 6) & 7) == 6) {
        e->addr = e->bits_in & 0x3f;
        e->reading = true;
        e->out_bit = -1;
    }
}

bool eeprom93_read(const Eeprom93 *e)
{
    unsigned bit, word;

    if (!e->cs || !e->reading || e->out_bit < 0)
        return false;
    bit = (unsigned)e->out_bit;
    word = (e->addr + bit / 16) & 63;
    return (e->data[word] >> (15 - bit % 16)) & 1;
}
