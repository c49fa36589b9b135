/*
 * Intel 82540EM ("e1000"): see e1000.h. Section numbers are the 8254x
 * SDM's. Every descriptor and buffer address goes through pci_dma_*; a ring
 * pointer outside its ring, a ring outside RAM or a packet longer than
 * E1000_TX_MAX drops the packet (logged as a guest error), never more.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/net/e1000.h"
#include "hw/net/nic-common.h"
#include "net/checksum.h"
#include "system/log.h"

#define E1000_TX_MAX    (65536 + 256)   /* a TSO packet: 64 KiB of payload and its headers */
#define R(off)          (s->reg[(off) >> 2])

/* Register bits */
enum {
    CTRL_SLU = 1u << 6, CTRL_RST = 1u << 26, CTRL_VME = 1u << 30, CTRL_PHY_RST = 1u << 31,
    STATUS_FD = 1u << 0, STATUS_LU = 1u << 1, STATUS_SPEED_1000 = 1u << 7,
    STATUS_ASDV_1000 = 2u << 8, STATUS_MTXCKOK = 1u << 10,
    EECD_SK = 1u << 0, EECD_CS = 1u << 1, EECD_DI = 1u << 2, EECD_DO = 1u << 3,
    EECD_REQ = 1u << 6, EECD_GNT = 1u << 7, EECD_PRES = 1u << 8,
    EERD_START = 1u << 0, EERD_DONE = 1u << 4,
    MDIC_OP_WRITE = 1u << 26, MDIC_OP_READ = 2u << 26, MDIC_READY = 1u << 28,
    MDIC_INT_EN = 1u << 29, MDIC_ERROR = 1u << 30,
    RCTL_EN = 1u << 1, RCTL_SBP = 1u << 2, RCTL_LPE = 1u << 5, RCTL_UPE = 1u << 3, RCTL_MPE = 1u << 4, RCTL_BAM = 1u << 15,
    RCTL_BSEX = 1u << 25, RCTL_SECRC = 1u << 26,
    TCTL_EN = 1u << 1,
    RAH_AV = 1u << 31,
};

/* Descriptor bits (3.2.3, 3.3.3, 3.3.6, 3.3.7) */
enum {
    RXD_STAT_DD = 0x01, RXD_STAT_EOP = 0x02, RXD_STAT_IXSM = 0x04,
    TXD_CMD_EOP = 0x01, TXD_CMD_IC = 0x04, TXD_CMD_RS = 0x08, TXD_CMD_DEXT = 0x20,
    TXD_CMD_VLE = 0x40, TXD_CMD_TSE = 0x04,
    TXD_STAT_DD = 0x01,
    TXD_POPTS_IXSM = 0x01, TXD_POPTS_TXSM = 0x02,
    TUCMD_TCP = 0x01, TUCMD_IP = 0x02,
    DTYP_CONTEXT = 0, DTYP_DATA = 1,
};

/* PHY registers (M88E1011, IEEE 802.3 clause 22) */
enum {
    PHY_CTRL = 0, PHY_STATUS = 1, PHY_ID1 = 2, PHY_ID2 = 3, PHY_AUTONEG_ADV = 4,
    PHY_LP_ABILITY = 5, PHY_AUTONEG_EXP = 6, PHY_1000T_CTRL = 9, PHY_1000T_STATUS = 10,
    M88_PHY_SPEC_CTRL = 0x10, M88_PHY_SPEC_STATUS = 0x11, M88_EXT_PHY_SPEC_CTRL = 0x14,
    MII_CR_RESTART_AN = 1u << 9, MII_CR_RESET = 1u << 15,
    MII_SR_LINK = 1u << 2, MII_SR_AN_COMPLETE = 1u << 5,
};

/* A guest mistake: logged under -d guest_errors, never fatal. FMT is a literal. */
#define e1000_log(...)                                  \
    do {                                                \
        if (log_enabled(LOG_GUEST_ERROR))               \
            log_printf("e1000: " __VA_ARGS__);          \
    } while (0)

/* ---- Interrupts (13.4.17-13.4.21) ---------------------------------------------------- */

static void e1000_update_irq(E1000State *s)
{
    bool want = (R(E1000_ICR) & R(E1000_IMS)) != 0;
    int64_t now;

    if (!want) {
        s->irq_level = false;
        pci_set_irq(&s->pci, 0);
        return;
    }
    if (s->irq_level || timer_pending(&s->itr_timer))
        return;
    /* ITR: at most one interrupt per ITR * 256 ns. */
    now = clock_get_ns(VCLOCK_VIRTUAL);
    if (R(E1000_ITR) & 0xffff && now < s->next_irq_ns) {
        timer_mod(&s->itr_timer, s->next_irq_ns);
        return;
    }
    s->irq_level = true;
    pci_set_irq(&s->pci, 1);
    s->next_irq_ns = now + (int64_t)(R(E1000_ITR) & 0xffff) * 256;
}

static void e1000_itr_fire(void *opaque)
{
    e1000_update_irq(opaque);
}

static void e1000_set_ics(E1000State *s, uint32_t causes)
{
    R(E1000_ICR) |= causes;
    e1000_update_irq(s);
}

/* ---- Link and PHY --------------------------------------------------------------------- */

static void e1000_set_link(E1000State *s, bool up)
{
    if (up) {
        R(E1000_STATUS) |= STATUS_LU;
        s->phy[PHY_STATUS] |= MII_SR_LINK | MII_SR_AN_COMPLETE;
    } else {
        R(E1000_STATUS) &= ~STATUS_LU;
        s->phy[PHY_STATUS] &= (uint16_t)~(MII_SR_LINK | MII_SR_AN_COMPLETE);
    }
}

static void e1000_link_status_changed(NetClientState *nc)
{
    E1000State *s = nc->opaque;

    e1000_set_link(s, !nc->link_down);
    e1000_set_ics(s, E1000_ICR_LSC);
}

static void e1000_phy_reset(E1000State *s)
{
    static const uint16_t init[32] = {
        [PHY_CTRL] = 0x1140, [PHY_STATUS] = 0x794d, [PHY_ID1] = 0x0141, [PHY_ID2] = 0x0c20,
        [PHY_AUTONEG_ADV] = 0x0de1, [PHY_LP_ABILITY] = 0x45e0, [PHY_AUTONEG_EXP] = 0x0001,
        [PHY_1000T_CTRL] = 0x0e00, [PHY_1000T_STATUS] = 0x3c00, [M88_PHY_SPEC_CTRL] = 0x0360,
        [M88_PHY_SPEC_STATUS] = 0xac00, [M88_EXT_PHY_SPEC_CTRL] = 0x0d60,
    };
    memcpy(s->phy, init, sizeof(init));
    e1000_set_link(s, !s->nc || !s->nc->link_down);
}

/* MDIC (13.4.7): one PHY register access, completed at once. Only PHY 1 answers. */
static void e1000_mdic_write(E1000State *s, uint32_t val)
{
    unsigned reg = (val >> 16) & 31, phy = (val >> 21) & 31;
    uint32_t op = val & (3u << 26);

    val &= ~(MDIC_READY | MDIC_ERROR);
    if (phy != 1 || (op != MDIC_OP_READ && op != MDIC_OP_WRITE)) {
        val |= MDIC_ERROR;
    } else if (op == MDIC_OP_READ) {
        val = (val & 0xffff0000u) | s->phy[reg];
    } else {
        uint16_t d = (uint16_t)val;

        switch (reg) {
        case PHY_CTRL:
            if (d & MII_CR_RESET) {
                e1000_phy_reset(s);
                break;
            }
            s->phy[PHY_CTRL] = d & (uint16_t)~MII_CR_RESTART_AN;
            /* Auto-negotiation with the emulated partner ends at once. */
            if ((d & MII_CR_RESTART_AN) && (R(E1000_STATUS) & STATUS_LU)) {
                s->phy[PHY_STATUS] |= MII_SR_AN_COMPLETE;
                R(E1000_ICR) |= E1000_ICR_LSC;
            }
            break;
        case PHY_STATUS: case PHY_ID1: case PHY_ID2: case PHY_LP_ABILITY: case PHY_1000T_STATUS:
        case M88_PHY_SPEC_STATUS:
            break;          /* read-only */
        default:
            s->phy[reg] = d;
        }
    }
    R(E1000_MDIC) = val | MDIC_READY;
    if (val & MDIC_INT_EN)
        R(E1000_ICR) |= E1000_ICR_MDAC;
    e1000_update_irq(s);
}

/* ---- EEPROM (5.3.1 Microwire, 13.4.4 EERD) ------------------------------------------- */

static void e1000_eeprom_init(E1000State *s)
{
    /* The 82540EM image (5.6): MAC, then compatibility, PCI ids and init words. */
    static const uint16_t tmpl[64] = {
        [3] = 0x0000, [4] = 0xffff, [8] = 0x3000, [9] = 0x1000, [10] = 0x6403, [11] = 0x100e,
        [12] = 0x8086, [13] = 0x100e, [14] = 0x8086, [15] = 0x3040, [16] = 0x0008,
        [17] = 0x2000, [18] = 0x7e14, [19] = 0x0048, [20] = 0x1000, [21] = 0x00d8,
        [23] = 0x2700, [24] = 0x6cc9, [25] = 0x3150, [26] = 0x0722, [27] = 0x040b,
        [28] = 0x0984, [30] = 0xc000, [31] = 0x0706, [32] = 0x1008, [34] = 0x0f04,
        [35] = 0x7fff, [36] = 0x4d01,
    };
    uint16_t sum = 0;

    memcpy(s->ee.data, tmpl, sizeof(tmpl));
    for (int i = 37; i < 63; i++)
        s->ee.data[i] = 0xffff;
    for (int i = 0; i < 3; i++)
        s->ee.data[i] = (uint16_t)(s->mac[2 * i] | s->mac[2 * i + 1] << 8);
    /* Words 0..0x3f sum to 0xbaba (5.6.17). */
    for (int i = 0; i < 63; i++)
        sum = (uint16_t)(sum + s->ee.data[i]);
    s->ee.data[63] = (uint16_t)(0xbaba - sum);
}

/* EECD (13.4.3): the EEPROM's pins, and REQ/GNT for software access (always granted). */
static void e1000_eecd_write(E1000State *s, uint32_t val)
{
    s->eecd = val & (EECD_SK | EECD_CS | EECD_DI | EECD_REQ);
    eeprom93_write(&s->ee, val & EECD_CS, val & EECD_SK, val & EECD_DI);
}

static uint32_t e1000_eecd_read(E1000State *s)
{
    return s->eecd | EECD_PRES | EECD_GNT | (eeprom93_read(&s->ee) ? EECD_DO : 0);
}

static void e1000_eerd_write(E1000State *s, uint32_t val)
{
    unsigned addr = (val >> 8) & 0xff;

    if (!(val & EERD_START)) {
        R(E1000_EERD) = val & ~EERD_DONE;
        return;
    }
    R(E1000_EERD) = (addr < 64 ? (uint32_t)s->ee.data[addr] << 16 : 0) | addr << 8 | EERD_DONE;
}

/* ---- Receive (3.2) --------------------------------------------------------------------- */

static unsigned e1000_rx_bufsize(E1000State *s)
{
    static const unsigned sizes[2][4] = { { 2048, 1024, 512, 256 }, { 2048, 16384, 8192, 4096 } };
    uint32_t rctl = R(E1000_RCTL);

    return sizes[!!(rctl & RCTL_BSEX)][(rctl >> 16) & 3];
}

static unsigned e1000_ring_count(E1000State *s, uint32_t lenreg)
{
    return (R(lenreg) & 0xfff80) / 16;     /* a multiple of 128 bytes (13.4.27) */
}

static unsigned e1000_rx_free(E1000State *s)
{
    unsigned n = e1000_ring_count(s, E1000_RDLEN), h = R(E1000_RDH), t = R(E1000_RDT);

    if (!n || h >= n || t >= n)
        return 0;
    return (t + n - h) % n;
}

static bool e1000_can_receive(NetClientState *nc)
{
    E1000State *s = nc->opaque;

    return (R(E1000_RCTL) & RCTL_EN) && (R(E1000_STATUS) & STATUS_LU) &&
           (s->pci.config[PCI_COMMAND] & PCI_COMMAND_MASTER) && e1000_rx_free(s) > 0;
}

/* The destination filter (3.2.1): promiscuous, broadcast, RA exact, MTA hash. */
static bool e1000_rx_accept(E1000State *s, const uint8_t *da)
{
    uint32_t rctl = R(E1000_RCTL);

    if (nic_is_broadcast(da))
        return (rctl & RCTL_BAM) || (rctl & RCTL_MPE);
    if (nic_is_multicast(da)) {
        static const unsigned shift[4] = { 4, 3, 2, 0 };
        unsigned mo = (rctl >> 12) & 3;
        unsigned h = ((da[4] >> shift[mo]) | (unsigned)da[5] << (8 - shift[mo])) & 0xfff;

        return (rctl & RCTL_MPE) || (s->reg[(E1000_MTA >> 2) + (h >> 5)] >> (h & 31)) & 1;
    }
    if (rctl & RCTL_UPE)
        return true;
    for (unsigned i = 0; i < 16; i++) {
        uint32_t lo = s->reg[(E1000_RA >> 2) + 2 * i], hi = s->reg[(E1000_RA >> 2) + 2 * i + 1];
        uint8_t a[6] = { (uint8_t)lo, (uint8_t)(lo >> 8), (uint8_t)(lo >> 16), (uint8_t)(lo >> 24),
                         (uint8_t)hi, (uint8_t)(hi >> 8) };

        if ((hi & RAH_AV) && !memcmp(a, da, 6))
            return true;
    }
    return false;
}

static void e1000_stat_add(E1000State *s, uint32_t reg, uint64_t v)
{
    uint32_t lo = R(reg);

    R(reg) = lo + (uint32_t)v;
    if (reg == E1000_GORCL || reg == E1000_GOTCL)
        R(reg + 4) += (uint32_t)(v >> 32) + (R(reg) < lo);
}

static ssize_t e1000_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    E1000State *s = nc->opaque;
    unsigned n = e1000_ring_count(s, E1000_RDLEN), bufsize = e1000_rx_bufsize(s);
    uint64_t base = (uint64_t)R(E1000_RDBAH) << 32 | (R(E1000_RDBAL) & ~0xfu);
    uint8_t frame[NET_FRAME_MAX + 4];
    size_t size, off = 0;
    unsigned need;

    if (len < 14 || !e1000_rx_accept(s, buf))
        return (ssize_t)len;
    /* Long frames only with RCTL.LPE or SBP (3.2.2); never past 16 KiB. */
    if (len > 16384 || (len > 1522 && !(R(E1000_RCTL) & (RCTL_LPE | RCTL_SBP))))
        return (ssize_t)len;
    memcpy(frame, buf, len);
    size = len;
    if (size < 60) {                        /* pad runts as the MAC would on the wire */
        memset(frame + size, 0, 60 - size);
        size = 60;
    }
    if (!(R(E1000_RCTL) & RCTL_SECRC)) {    /* the FCS stays: Linux strips 4 bytes */
        uint32_t crc = ~nic_crc32_le(frame, size);

        memcpy(frame + size, &crc, 4);
        size += 4;
    }
    need = (unsigned)((size + bufsize - 1) / bufsize);
    if (need > e1000_rx_free(s)) {
        if (n == 0 || need >= n) {          /* can never fit: overrun */
            e1000_set_ics(s, E1000_ICR_RXO);
            return (ssize_t)len;
        }
        return 0;                           /* wait for buffers */
    }
    while (off < size) {
        unsigned h = R(E1000_RDH);
        uint64_t daddr = base + 16ull * h;
        uint8_t d[16];
        size_t chunk = size - off < bufsize ? size - off : bufsize;

        if (pci_dma_read(&s->pci, daddr, d, 16) < 0) {
            e1000_log("receive descriptor %u at %#llx is not in RAM\n", h, (unsigned long long)daddr);
            e1000_set_ics(s, E1000_ICR_RXO);
            return (ssize_t)len;
        }
        if (pci_dma_write(&s->pci, pci_get_quad(d), frame + off, chunk) < 0)
            e1000_log("receive buffer %#llx (%zu bytes) is not RAM\n",
                      (unsigned long long)pci_get_quad(d), chunk);
        off += chunk;
        pci_set_word(d + 8, (uint16_t)chunk);
        pci_set_word(d + 10, 0);
        d[12] = RXD_STAT_DD | RXD_STAT_IXSM | (off == size ? RXD_STAT_EOP : 0);
        d[13] = 0;
        pci_set_word(d + 14, 0);
        pci_dma_write(&s->pci, daddr + 8, d + 8, 8);
        R(E1000_RDH) = (h + 1) % n;
    }
    e1000_stat_add(s, E1000_GPRC, 1);
    e1000_stat_add(s, E1000_TPR, 1);
    e1000_stat_add(s, E1000_GORCL, size);
    {
        /* RXDMT0 when the free descriptors fall to RDMTS of the ring (13.4.22). */
        unsigned rdmts = (R(E1000_RCTL) >> 8) & 3, causes = E1000_ICR_RXT0;

        if (rdmts < 3 && e1000_rx_free(s) <= n >> (rdmts + 1))
            causes |= E1000_ICR_RXDMT0;
        e1000_set_ics(s, causes);
    }
    return (ssize_t)len;
}

/* ---- Transmit (3.3) ------------------------------------------------------------------- */

static void e1000_emit(void *opaque, const uint8_t *frame, size_t len)
{
    E1000State *s = opaque;

    e1000_stat_add(s, E1000_GPTC, 1);
    e1000_stat_add(s, E1000_TPT, 1);
    e1000_stat_add(s, E1000_GOTCL, len);
    net_send(s->nc, frame, len);
}

/* VLAN insertion (3.3.3, CTRL.VME): the 802.1Q tag after the addresses. */
static void e1000_send_frame(E1000State *s, uint8_t *frame, size_t len)
{
    if (s->tx.vle && (R(E1000_CTRL) & CTRL_VME) && len >= 12 && len + 4 <= E1000_TX_MAX) {
        memmove(frame + 16, frame + 12, len - 12);
        pci_set_word(frame + 12, 0);
        frame[12] = (uint8_t)(R(E1000_VET) >> 8);
        frame[13] = (uint8_t)R(E1000_VET);
        frame[14] = (uint8_t)(s->tx.vlan >> 8);
        frame[15] = (uint8_t)s->tx.vlan;
        len += 4;
    }
    e1000_emit(s, frame, len);
}

static void e1000_tx_packet(E1000State *s)
{
    E1000TxState *t = &s->tx;

    if (t->overflow || t->size == 0) {
        if (t->overflow)
            e1000_log("transmit packet dropped (%zu bytes gathered)\n", t->size);
        goto done;
    }
    if (t->legacy_ic) {
        net_csum_fill(t->buf, t->size, t->legacy_css, t->size, t->legacy_cso);
    } else if (t->tse && (t->tucmd & TUCMD_TCP)) {
        /* TSO (3.5): segment with fresh checksums; the offsets come from the context. */
        if (net_tcp_segment(t->buf, t->size, t->ipcss, t->tucss, !(t->tucmd & TUCMD_IP), t->mss,
                            e1000_emit, s) < 0)
            e1000_log("TSO packet with bad headers dropped (%zu bytes)\n", t->size);
        goto done;
    } else {
        if (t->popts & TXD_POPTS_IXSM)
            net_csum_fill(t->buf, t->size, t->ipcss, (size_t)t->ipcse + 1, t->ipcso);
        if (t->popts & TXD_POPTS_TXSM)
            net_csum_fill(t->buf, t->size, t->tucss, t->tucse ? (size_t)t->tucse + 1 : t->size,
                          t->tucso);
    }
    e1000_send_frame(s, t->buf, t->size);
done:
    t->size = 0;
    t->overflow = t->tse = t->legacy_ic = t->vle = false;
    t->popts = 0;
}

static void e1000_tx_gather(E1000State *s, uint64_t addr, size_t len)
{
    E1000TxState *t = &s->tx;

    if (t->overflow || !len)
        return;
    if (len > E1000_TX_MAX - 4 - t->size || pci_dma_read(&s->pci, addr, t->buf + t->size, len) < 0) {
        t->overflow = true;
        return;
    }
    t->size += len;
}

static void e1000_tx_desc(E1000State *s, const uint8_t *d)
{
    E1000TxState *t = &s->tx;
    uint32_t lower = pci_get_long(d + 8), upper = pci_get_long(d + 12);
    uint8_t cmd = (uint8_t)(lower >> 24);

    if (!(cmd & TXD_CMD_DEXT)) {                        /* legacy (3.3.3) */
        e1000_tx_gather(s, pci_get_quad(d), lower & 0xffff);
        if (cmd & TXD_CMD_IC) {
            t->legacy_ic = true;
            t->legacy_cso = (uint8_t)(lower >> 16);
            t->legacy_css = (uint8_t)(upper >> 8);
        }
    } else if (((lower >> 20) & 0xf) == DTYP_CONTEXT) { /* context (3.3.6) */
        t->ipcss = d[0];
        t->ipcso = d[1];
        t->ipcse = pci_get_word(d + 2);
        t->tucss = d[4];
        t->tucso = d[5];
        t->tucse = pci_get_word(d + 6);
        t->paylen = lower & 0xfffff;
        t->tucmd = cmd;
        t->hdr_len = d[13];
        t->mss = pci_get_word(d + 14);
        return;
    } else if (((lower >> 20) & 0xf) == DTYP_DATA) {    /* data (3.3.7) */
        if (t->size == 0) {
            t->popts = (uint8_t)(upper >> 8);
            t->tse = cmd & TXD_CMD_TSE;
        }
        e1000_tx_gather(s, pci_get_quad(d), lower & 0xfffff);
    } else {
        e1000_log("transmit descriptor of unknown type %u\n", (unsigned)(lower >> 20) & 0xf);
        return;
    }
    if (cmd & TXD_CMD_VLE) {
        t->vle = true;
        t->vlan = (uint16_t)(upper >> 16);
    }
    if (cmd & TXD_CMD_EOP)
        e1000_tx_packet(s);
}

static void e1000_start_xmit(E1000State *s)
{
    unsigned n = e1000_ring_count(s, E1000_TDLEN);
    uint64_t base = (uint64_t)R(E1000_TDBAH) << 32 | (R(E1000_TDBAL) & ~0xfu);
    bool any = false;

    if (!(R(E1000_TCTL) & TCTL_EN) || !(s->pci.config[PCI_COMMAND] & PCI_COMMAND_MASTER))
        return;
    if (!n || R(E1000_TDH) >= n || R(E1000_TDT) >= n) {
        if (R(E1000_TDH) != R(E1000_TDT))
            e1000_log("transmit ring pointers %u/%u outside the ring\n", R(E1000_TDH), R(E1000_TDT));
        return;
    }
    while (R(E1000_TDH) != R(E1000_TDT)) {
        uint64_t daddr = base + 16ull * R(E1000_TDH);
        uint8_t d[16];

        if (pci_dma_read(&s->pci, daddr, d, 16) < 0) {
            e1000_log("transmit descriptor at %#llx is not in RAM\n", (unsigned long long)daddr);
            break;
        }
        e1000_tx_desc(s, d);
        if (d[11] & TXD_CMD_RS) {           /* report status (3.3.3.1) */
            d[12] |= TXD_STAT_DD;
            pci_dma_write(&s->pci, daddr + 12, d + 12, 1);
        }
        R(E1000_TDH) = (R(E1000_TDH) + 1) % n;
        any = true;
    }
    if (any)
        e1000_set_ics(s, E1000_ICR_TXDW | E1000_ICR_TXQE);
}

/* ---- Registers ------------------------------------------------------------------------ */

static void e1000_reset_regs(E1000State *s)
{
    timer_del(&s->itr_timer);
    memset(s->reg, 0, sizeof(s->reg));
    R(E1000_CTRL) = CTRL_SLU | (1u << 18) | (1u << 20) | (2u << 8);   /* SWDPIN0/2, 1000 Mb/s */
    R(E1000_STATUS) = 0x80000000u | STATUS_ASDV_1000 | STATUS_MTXCKOK | STATUS_SPEED_1000 | STATUS_FD;
    R(E1000_MANC) = 0x00070000;        /* ARP and RMCP interception, as the 82540EM powers up */
    R(E1000_LEDCTL) = 0x07068302;
    R(E1000_PBA) = 0x00100030;
    R(E1000_VET) = 0x8100;
    R(E1000_RXCSUM) = 0x300;
    R(E1000_TIPG) = 0;
    /* The EEPROM's address is loaded into RA[0] (5.6.1). */
    R(E1000_RA) = (uint32_t)s->mac[0] | s->mac[1] << 8 | s->mac[2] << 16 | (uint32_t)s->mac[3] << 24;
    R(E1000_RA + 4) = (uint32_t)s->mac[4] | s->mac[5] << 8 | RAH_AV;
    eeprom93_reset(&s->ee);
    s->eecd = 0;
    s->tx.size = 0;
    s->tx.overflow = s->tx.tse = s->tx.legacy_ic = s->tx.vle = false;
    s->next_irq_ns = 0;
    s->irq_level = false;
    e1000_phy_reset(s);
}

static uint32_t e1000_reg_read(E1000State *s, uint32_t off)
{
    uint32_t v;

    off &= E1000_MMIO_SIZE - 4;
    switch (off) {
    case E1000_ICR:
        /* Reading ICR clears it (13.4.17) and drops the line. */
        v = R(E1000_ICR);
        R(E1000_ICR) = 0;
        e1000_update_irq(s);
        return v;
    case E1000_EECD:
        return e1000_eecd_read(s);
    case E1000_ICS: case E1000_IMC:
        return 0;                   /* write-only */
    case E1000_RDH: case E1000_RDT: case E1000_TDH: case E1000_TDT:
        return R(off) & 0xffff;
    default:
        if (off >= E1000_STATS && off < E1000_STATS_END) {
            /* Statistics clear on read (13.7); the 64-bit octet counters with their high half. */
            v = R(off);
            R(off) = 0;
            return v;
        }
        return R(off);
    }
}

static void e1000_reg_write(E1000State *s, uint32_t off, uint32_t val)
{
    off &= E1000_MMIO_SIZE - 4;
    switch (off) {
    case E1000_CTRL:
        if (val & CTRL_RST) {
            e1000_reset_regs(s);
            e1000_update_irq(s);
            return;
        }
        R(off) = val & ~(CTRL_RST | CTRL_PHY_RST);
        break;
    case E1000_STATUS:
        break;                      /* read-only */
    case E1000_EECD:
        e1000_eecd_write(s, val);
        break;
    case E1000_EERD:
        e1000_eerd_write(s, val);
        break;
    case E1000_MDIC:
        e1000_mdic_write(s, val);
        break;
    case E1000_ICR:
        R(E1000_ICR) &= ~val;       /* write 1 to clear */
        e1000_update_irq(s);
        break;
    case E1000_ICS:
        e1000_set_ics(s, val);
        break;
    case E1000_IMS:
        R(E1000_IMS) |= val;
        e1000_update_irq(s);
        break;
    case E1000_IMC:
        R(E1000_IMS) &= ~val;
        e1000_update_irq(s);
        break;
    case E1000_RCTL:
        R(off) = val;
        if (s->nc && (val & RCTL_EN))
            net_flush_queue(s->nc);
        break;
    case E1000_RDH: case E1000_TDH:
        R(off) = val & 0xffff;
        break;
    case E1000_RDT:
        R(off) = val & 0xffff;
        if (s->nc)
            net_flush_queue(s->nc);
        break;
    case E1000_RDLEN: case E1000_TDLEN:
        R(off) = val & 0xfff80;
        break;
    case E1000_TDT:
        R(off) = val & 0xffff;
        e1000_start_xmit(s);
        break;
    case E1000_TCTL:
        R(off) = val;
        e1000_start_xmit(s);
        break;
    default:
        if (off >= E1000_STATS && off < E1000_STATS_END)
            break;                  /* counters are read-only */
        R(off) = val;
    }
}

static uint64_t e1000_mmio_read(void *opaque, uint64_t addr, unsigned size)
{
    return e1000_reg_read(opaque, (uint32_t)addr);
}

static void e1000_mmio_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    e1000_reg_write(opaque, (uint32_t)addr, (uint32_t)val);
}

static const MemoryRegionOps e1000_mmio_ops = {
    .read = e1000_mmio_read,
    .write = e1000_mmio_write,
    .min_access = 4,
    .max_access = 4,
};

/* The I/O BAR (13.2): IOADDR selects a register, IODATA reaches it. */
static uint64_t e1000_io_read(void *opaque, uint64_t addr, unsigned size)
{
    E1000State *s = opaque;

    if (addr == 0)
        return s->ioaddr;
    if (addr == 4)
        return e1000_reg_read(s, s->ioaddr & 0x1fffc);
    return 0;
}

static void e1000_io_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    E1000State *s = opaque;

    if (addr == 0)
        s->ioaddr = (uint32_t)val & 0x1fffc;
    else if (addr == 4)
        e1000_reg_write(s, s->ioaddr, (uint32_t)val);
}

static const MemoryRegionOps e1000_io_ops = {
    .read = e1000_io_read,
    .write = e1000_io_write,
    .min_access = 4,
    .max_access = 4,
};

static void e1000_pci_reset(PCIDevice *d)
{
    E1000State *s = d->opaque;

    e1000_reset_regs(s);
    if (s->nc)
        net_purge_queue(s->nc);
}

static const PCIDeviceOps e1000_pci_ops = {
    .reset = e1000_pci_reset,
};

static const NetClientInfo e1000_net_info = {
    .kind = NET_CLIENT_NIC,
    .receive = e1000_receive,
    .can_receive = e1000_can_receive,
    .link_status_changed = e1000_link_status_changed,
};

int e1000_init(E1000State *s, PCIBus *bus, int devfn, NetClientState *peer, const char *name,
               const uint8_t mac[6], const char *rom)
{
    int ret;

    memset(s, 0, sizeof(*s));
    if (!(s->tx.buf = malloc(E1000_TX_MAX)))
        return -ENOMEM;
    ret = pci_register_device(bus, &s->pci, devfn, "e1000", &e1000_pci_ops, s);
    if (ret < 0)
        return ret;
    memcpy(s->mac, mac, 6);
    pci_config_set_ids(&s->pci, 0x8086, 0x100e, 0x0200, 3);
    s->pci.config[PCI_INTERRUPT_PIN] = 1;
    memory_region_init_io(&s->mmio, "e1000-mmio", &e1000_mmio_ops, s, E1000_MMIO_SIZE);
    memory_region_init_io(&s->io, "e1000-io", &e1000_io_ops, s, E1000_IO_SIZE);
    pci_register_bar(&s->pci, 0, PCI_BAR_MEM32, &s->mmio);
    pci_register_bar(&s->pci, 1, PCI_BAR_IO, &s->io);
    if (rom && nic_load_rom(&s->pci, &s->rom, rom) == 0)
        s->has_rom = true;
    timer_init(&s->itr_timer, VCLOCK_VIRTUAL, e1000_itr_fire, s);
    e1000_eeprom_init(s);
    s->nc = net_nic_new(&e1000_net_info, peer, "e1000", name, mac, s);
    if (!s->nc)
        return -ENOMEM;
    pci_device_reset(&s->pci);
    return 0;
}
