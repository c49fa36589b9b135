/*
 * What the NICs of hw/net/ share: the receive filter of an Ethernet
 * address, the option ROM BAR, and guest-error logging.
 */
#ifndef VIREO_HW_NET_NIC_COMMON_H
#define VIREO_HW_NET_NIC_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/pci.h"

/*
 * A 93C46 serial EEPROM (64 x 16 bits, Microwire), as the 82540EM (EECD,
 * 8254x SDM 5.3.1) and the RTL8139 (9346CR) bit-bang it: with CS high, DI
 * is sampled on each SK rising edge; after the start bit, the READ opcode
 * (10b) and six address bits the chip shifts out a dummy 0 and then the
 * word (and the next ones), MSB first, one bit per SK falling edge. Other
 * opcodes (write enable, write, erase) are ignored: the contents are fixed.
 */
typedef struct Eeprom93 {
    uint16_t data[64];
    bool cs, sk;
    uint32_t bits_in, nbits_in;
    bool reading;
    int out_bit;                /* falling edges since the address, -1 before the first */
    uint8_t addr;
} Eeprom93;

void eeprom93_reset(Eeprom93 *e);
/* The pins as the driver sets them. */
void eeprom93_write(Eeprom93 *e, bool cs, bool sk, bool di);
/* The DO pin. */
bool eeprom93_read(const Eeprom93 *e);

/* Map the option ROM file path (iPXE) as d's expansion ROM BAR. 0, or -errno. */
int nic_load_rom(PCIDevice *d, MemoryRegion *mr, const char *path);

/* The Ethernet CRC-32 (IEEE 802.3) of len bytes, as multicast hash filters use it. */
uint32_t nic_crc32_le(const uint8_t *p, size_t len);

static inline bool nic_is_broadcast(const uint8_t *a)
{
    return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xff;
}

static inline bool nic_is_multicast(const uint8_t *a)
{
    return a[0] & 1;
}

#endif
