/*
 * Intel 82540EM Gigabit Ethernet controller ("e1000", QEMU's default NIC on
 * pc), after the PCI/PCI-X Family of Gigabit Ethernet Controllers Software
 * Developer's Manual (8254x SDM, rev. 4.0): the Microwire EEPROM holding
 * the MAC (EECD bit-banging, and EERD), the M88E1011 PHY behind MDIC,
 * legacy and extended (context + data) transmit descriptors with checksum
 * insertion and TCP segmentation, legacy receive descriptors, the
 * interrupt cause/mask registers with ITR throttling, and link status.
 *
 * PCI: 8086:100e rev 3, class 0200, BAR0 128 KiB memory, BAR1 64 bytes of
 * I/O (IOADDR/IODATA), INTA; an optional expansion ROM (iPXE).
 */
#ifndef VIREO_HW_NET_E1000_H
#define VIREO_HW_NET_E1000_H

#include "hw/net/nic-common.h"
#include "hw/pci.h"
#include "net/net.h"
#include "system/clock.h"

#define E1000_MMIO_SIZE     0x20000
#define E1000_IO_SIZE       0x40
#define E1000_NREGS         (E1000_MMIO_SIZE / 4)

typedef struct E1000TxState {
    uint8_t *buf;               /* the packet being gathered (E1000_TX_MAX bytes) */
    size_t size;
    bool overflow;              /* too long or a bad buffer: dropped at EOP */
    bool tse;                   /* the data descriptors asked for TSO */
    uint8_t popts;              /* IXSM / TXSM of the packet's first data descriptor */
    bool legacy_ic;             /* legacy descriptor with IC: checksum at cso from css */
    uint8_t legacy_css, legacy_cso;
    bool vle;
    uint16_t vlan;
    /* The last context descriptor (SDM 3.3.6) */
    uint8_t ipcss, ipcso, tucss, tucso, hdr_len, tucmd;
    uint16_t ipcse, tucse, mss;
    uint32_t paylen;
} E1000TxState;

typedef struct E1000State {
    PCIDevice pci;
    MemoryRegion mmio, io, rom;
    bool has_rom;
    NetClientState *nc;
    uint8_t mac[6];
    uint32_t reg[E1000_NREGS];
    uint16_t phy[32];
    uint32_t ioaddr;            /* I/O BAR: the register IODATA reaches */
    Eeprom93 ee;                /* behind EECD (5.3.1) */
    uint32_t eecd;              /* the pins as last written */
    E1000TxState tx;
    /* ITR: no interrupt asserted before next_irq_ns (SDM 13.4.18). */
    Timer itr_timer;
    int64_t next_irq_ns;
    bool irq_level;
} E1000State;

/*
 * Create the NIC at devfn on bus, joined to peer (may be NULL), named name
 * (NULL: e1000.N), with the MAC mac; rom: an option ROM file or NULL.
 * 0 or a negative errno.
 */
int e1000_init(E1000State *s, PCIBus *bus, int devfn, NetClientState *peer, const char *name,
               const uint8_t mac[6], const char *rom);

/* Register offsets (8254x SDM 13.4) */
enum {
    E1000_CTRL = 0x0000, E1000_STATUS = 0x0008, E1000_EECD = 0x0010, E1000_EERD = 0x0014,
    E1000_CTRL_EXT = 0x0018, E1000_MDIC = 0x0020, E1000_VET = 0x0038,
    E1000_ICR = 0x00c0, E1000_ITR = 0x00c4, E1000_ICS = 0x00c8, E1000_IMS = 0x00d0,
    E1000_IMC = 0x00d8, E1000_RCTL = 0x0100, E1000_TCTL = 0x0400, E1000_TIPG = 0x0410,
    E1000_LEDCTL = 0x0e00, E1000_PBA = 0x1000,
    E1000_RDBAL = 0x2800, E1000_RDBAH = 0x2804, E1000_RDLEN = 0x2808, E1000_RDH = 0x2810,
    E1000_RDT = 0x2818, E1000_RDTR = 0x2820, E1000_RADV = 0x282c,
    E1000_TDBAL = 0x3800, E1000_TDBAH = 0x3804, E1000_TDLEN = 0x3808, E1000_TDH = 0x3810,
    E1000_TDT = 0x3818, E1000_TIDV = 0x3820, E1000_TXDCTL = 0x3828, E1000_TADV = 0x382c,
    E1000_STATS = 0x4000, E1000_STATS_END = 0x4100,
    E1000_GPRC = 0x4074, E1000_GPTC = 0x4080, E1000_GORCL = 0x4088, E1000_GOTCL = 0x4090,
    E1000_TPR = 0x40d0, E1000_TPT = 0x40d4,
    E1000_RXCSUM = 0x5000, E1000_MTA = 0x5200, E1000_RA = 0x5400, E1000_VFTA = 0x5600,
    E1000_WUC = 0x5800, E1000_MANC = 0x5820,
};

/* Interrupt causes (SDM 13.4.17) */
enum {
    E1000_ICR_TXDW = 0x01, E1000_ICR_TXQE = 0x02, E1000_ICR_LSC = 0x04, E1000_ICR_RXSEQ = 0x08,
    E1000_ICR_RXDMT0 = 0x10, E1000_ICR_RXO = 0x40, E1000_ICR_RXT0 = 0x80, E1000_ICR_MDAC = 0x200,
};

#endif
