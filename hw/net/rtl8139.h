/*
 * Realtek RTL8139C+ Fast Ethernet controller ("rtl8139"), after the
 * RTL8139C(L)+ datasheet (rev 1.6): the 93C46 EEPROM behind 9346CR with the
 * MAC, the PHY registers (BMCR/BMSR/ANAR...), both transmit and receive
 * paths: the classic ones 8139too drives (receive into one ring buffer,
 * four transmit slots TSD/TSAD) and C+ mode 8139cp drives (descriptor rings
 * at RDSAR / TNPDS with IP/TCP/UDP checksum offload and large send).
 *
 * PCI: 10ec:8139 rev 0x20 (so Linux binds 8139cp, as with QEMU), class
 * 0200, BAR0 256 bytes of I/O, BAR1 256 bytes of memory, INTA.
 */
#ifndef VIREO_HW_NET_RTL8139_H
#define VIREO_HW_NET_RTL8139_H

#include "hw/net/nic-common.h"
#include "hw/pci.h"
#include "net/net.h"

#define RTL8139_REGS_SIZE   256
#define RTL8139_TX_MAX      (65536 + 256)

typedef struct RTL8139State {
    PCIDevice pci;
    MemoryRegion io, mmio, rom;
    NetClientState *nc;
    uint8_t conf_mac[6];
    uint8_t regs[RTL8139_REGS_SIZE];    /* registers without side effects, little-endian */
    Eeprom93 ee;
    /* classic receive: the ring buffer at RBSTART, write offset */
    uint32_t rx_write;
    /* C+ mode: ring positions */
    unsigned cp_rx_idx, cp_tx_idx;
    uint8_t *txbuf;
    size_t tx_size;
    bool tx_overflow;
} RTL8139State;

/* Create the NIC at devfn on bus, joined to peer (may be NULL). 0 or a negative errno. */
int rtl8139_init(RTL8139State *s, PCIBus *bus, int devfn, NetClientState *peer, const char *name,
                 const uint8_t mac[6], const char *rom);

/* Register offsets (datasheet section 6) */
enum {
    RTL_IDR0 = 0x00, RTL_MAR0 = 0x08, RTL_TSD0 = 0x10, RTL_TSAD0 = 0x20, RTL_RBSTART = 0x30,
    RTL_CR = 0x37, RTL_CAPR = 0x38, RTL_CBR = 0x3a, RTL_IMR = 0x3c, RTL_ISR = 0x3e,
    RTL_TCR = 0x40, RTL_RCR = 0x44, RTL_MPC = 0x4c, RTL_9346CR = 0x50, RTL_CONFIG0 = 0x51,
    RTL_CONFIG1 = 0x52, RTL_MSR = 0x58, RTL_TSAD = 0x60, RTL_BMCR = 0x62, RTL_BMSR = 0x64,
    RTL_ANAR = 0x66, RTL_ANLPAR = 0x68, RTL_ANER = 0x6a,
    RTL_TPPOLL = 0xd9, RTL_CPCMD = 0xe0, RTL_RDSAR = 0xe4,
};

/* ISR / IMR bits */
enum {
    RTL_ISR_ROK = 0x01, RTL_ISR_RER = 0x02, RTL_ISR_TOK = 0x04, RTL_ISR_TER = 0x08,
    RTL_ISR_RXOVW = 0x10, RTL_ISR_LINKCHG = 0x20, RTL_ISR_FOVW = 0x40, RTL_ISR_TDU = 0x80,
    RTL_ISR_SWINT = 0x100,
};

#endif
