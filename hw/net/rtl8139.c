/*
 * Realtek RTL8139C+: see rtl8139.h. Registers live in a 256-byte file;
 * those with side effects are handled after the bytes are stored. Guest
 * addresses go through pci_dma_*; ring positions are kept modulo 64
 * descriptors (the C+ rings' maximum), and a frame that does not fit its
 * buffer is dropped with RER / RXOVW, so no guest value loops or overflows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/net/rtl8139.h"
#include "net/checksum.h"
#include "system/log.h"

#define CP_RING_MAX     64

enum {
    CR_BUFE = 0x01, CR_TE = 0x04, CR_RE = 0x08, CR_RST = 0x10,
    RCR_AAP = 0x01, RCR_APM = 0x02, RCR_AM = 0x04, RCR_AB = 0x08, RCR_WRAP = 0x80,
    TSD_OWN = 1u << 13, TSD_TOK = 1u << 15,
    EE_MODE_PROG = 0x80, EE_CS = 0x08, EE_SK = 0x04, EE_DI = 0x02, EE_DO = 0x01,
    CPCMD_TX = 0x01, CPCMD_RX = 0x02,
    TPPOLL_NPQ = 0x40, TPPOLL_FSWINT = 0x01,
    /* C+ descriptors (datasheet 9.2) */
    CP_OWN = 1u << 31, CP_EOR = 1u << 30, CP_FS = 1u << 29, CP_LS = 1u << 28,
    CP_TX_LGSEN = 1u << 27, CP_TX_IPCS = 1u << 18, CP_TX_UDPCS = 1u << 17, CP_TX_TCPCS = 1u << 16,
    CP_TX_TAGC = 1u << 17,
    RX_HDR_ROK = 0x0001, RX_HDR_BAR = 0x2000, RX_HDR_PAM = 0x4000, RX_HDR_MAR = 0x8000,
    BMCR_RESET = 0x8000, BMCR_RESTART_AN = 0x0200, BMSR_LINK = 0x0004,
    MSR_LINKB = 0x04,
};

#define rtl_log(...)                                    \
    do {                                                \
        if (log_enabled(LOG_GUEST_ERROR))               \
            log_printf("rtl8139: " __VA_ARGS__);        \
    } while (0)

static uint16_t rd16(RTL8139State *s, unsigned off) { return pci_get_word(s->regs + off); }
static uint32_t rd32(RTL8139State *s, unsigned off) { return pci_get_long(s->regs + off); }
static void wr16(RTL8139State *s, unsigned off, uint16_t v) { pci_set_word(s->regs + off, v); }
static void wr32(RTL8139State *s, unsigned off, uint32_t v) { pci_set_long(s->regs + off, v); }

static void rtl_update_irq(RTL8139State *s)
{
    pci_set_irq(&s->pci, (rd16(s, RTL_ISR) & rd16(s, RTL_IMR)) != 0);
}

static void rtl_set_isr(RTL8139State *s, uint16_t bits)
{
    wr16(s, RTL_ISR, rd16(s, RTL_ISR) | bits);
    rtl_update_irq(s);
}

static bool rtl_cplus_rx(RTL8139State *s) { return rd16(s, RTL_CPCMD) & CPCMD_RX; }
static bool rtl_cplus_tx(RTL8139State *s) { return rd16(s, RTL_CPCMD) & CPCMD_TX; }

static void rtl_set_link(RTL8139State *s, bool up)
{
    wr16(s, RTL_BMSR, up ? rd16(s, RTL_BMSR) | BMSR_LINK : rd16(s, RTL_BMSR) & ~BMSR_LINK);
    s->regs[RTL_MSR] = up ? s->regs[RTL_MSR] & ~MSR_LINKB : s->regs[RTL_MSR] | MSR_LINKB;
}

static void rtl_reset(RTL8139State *s)
{
    memset(s->regs, 0, sizeof(s->regs));
    memcpy(s->regs + RTL_IDR0, s->conf_mac, 6);
    s->regs[RTL_CR] = CR_BUFE;
    wr32(s, RTL_TCR, 0x74800000);        /* hardware version: RTL8139C+ (datasheet 6.1) */
    s->regs[RTL_CONFIG0] = 0x00;
    s->regs[RTL_CONFIG1] = 0x0c;
    wr16(s, RTL_BMCR, 0x3100);           /* 100 Mb/s, auto-negotiation, full duplex */
    wr16(s, RTL_BMSR, 0x782d);
    wr16(s, RTL_ANAR, 0x05e1);
    wr16(s, RTL_ANLPAR, 0x05e1);
    wr16(s, RTL_ANER, 0x0001);
    for (unsigned i = 0; i < 4; i++)
        wr32(s, RTL_TSD0 + 4 * i, TSD_OWN);
    s->rx_write = 0;
    s->cp_rx_idx = s->cp_tx_idx = 0;
    s->tx_size = 0;
    s->tx_overflow = false;
    eeprom93_reset(&s->ee);
    rtl_set_link(s, !s->nc || !s->nc->link_down);
    rtl_update_irq(s);
}

/* ---- Receive ------------------------------------------------------------------------------ */

/* RCR's filter (datasheet 6.2 RCR): all, own address, hashed multicast, broadcast. */
static bool rtl_rx_accept(RTL8139State *s, const uint8_t *da, uint16_t *hdr_bits)
{
    uint32_t rcr = rd32(s, RTL_RCR);

    if (nic_is_broadcast(da)) {
        *hdr_bits = RX_HDR_BAR;
        return rcr & (RCR_AB | RCR_AAP);
    }
    if (nic_is_multicast(da)) {
        /* The top 6 bits of the big-endian Ethernet CRC pick a MAR bit (Linux's ether_crc). */
        uint32_t crc = 0xffffffffu;
        unsigned bit;

        for (int i = 0; i < 6; i++) {
            uint8_t b = da[i];

            for (int k = 0; k < 8; k++, b >>= 1)
                crc = (crc << 1) ^ ((((crc >> 31) ^ b) & 1) ? 0x04c11db7u : 0);
        }
        bit = crc >> 26;
        *hdr_bits = RX_HDR_MAR;
        return (rcr & RCR_AAP) || ((rcr & RCR_AM) && (s->regs[RTL_MAR0 + bit / 8] >> (bit % 8)) & 1);
    }
    *hdr_bits = RX_HDR_PAM;
    return (rcr & RCR_AAP) || ((rcr & RCR_APM) && !memcmp(da, s->regs + RTL_IDR0, 6));
}

static void rtl_receive_cplus(RTL8139State *s, const uint8_t *frame, size_t size)
{
    uint64_t base = (uint64_t)rd32(s, RTL_RDSAR + 4) << 32 | rd32(s, RTL_RDSAR);
    uint64_t daddr = base + 16ull * s->cp_rx_idx;
    uint8_t d[16];
    uint32_t opts1, bufsize;

    if (pci_dma_read(&s->pci, daddr, d, 16) < 0) {
        rtl_log("C+ receive descriptor at %#llx is not in RAM\n", (unsigned long long)daddr);
        rtl_set_isr(s, RTL_ISR_RER);
        return;
    }
    opts1 = pci_get_long(d);
    if (!(opts1 & CP_OWN)) {                        /* ring full */
        wr32(s, RTL_MPC, rd32(s, RTL_MPC) + 1);
        rtl_set_isr(s, RTL_ISR_RXOVW);
        return;
    }
    bufsize = opts1 & 0x1fff;
    if (size > bufsize || pci_dma_write(&s->pci, pci_get_quad(d + 8), frame, size) < 0) {
        rtl_log("C+ receive buffer too small or not RAM (%zu > %u)\n", size, bufsize);
        wr32(s, RTL_MPC, rd32(s, RTL_MPC) + 1);
        rtl_set_isr(s, RTL_ISR_RER);
        return;
    }
    /* Written back: ownership to the driver, first and last fragment, length with FCS. */
    pci_set_long(d, (opts1 & CP_EOR) | CP_FS | CP_LS | (uint32_t)size);
    pci_set_long(d + 4, 0);
    pci_dma_write(&s->pci, daddr, d, 8);
    s->cp_rx_idx = (opts1 & CP_EOR) ? 0 : (s->cp_rx_idx + 1) % CP_RING_MAX;
    rtl_set_isr(s, RTL_ISR_ROK);
}

/* The classic ring buffer (datasheet 6.2 "Receive"): a 4-byte header, the frame, dword aligned. */
static void rtl_receive_ring(RTL8139State *s, const uint8_t *frame, size_t size, uint16_t hdr_bits)
{
    uint32_t rcr = rd32(s, RTL_RCR), len = 8192u << ((rcr >> 11) & 3);
    uint32_t read = (rd16(s, RTL_CAPR) + 16u) % len, space;
    uint64_t base = rd32(s, RTL_RBSTART);
    uint8_t hdr[4];
    uint32_t w = s->rx_write % len;

    space = read > w ? read - w : len - (w - read);
    if (size + 4 + 4 >= space) {                    /* never fill it: full looks empty */
        wr32(s, RTL_MPC, rd32(s, RTL_MPC) + 1);
        rtl_set_isr(s, RTL_ISR_RXOVW);
        return;
    }
    pci_set_word(hdr, RX_HDR_ROK | hdr_bits);
    pci_set_word(hdr + 2, (uint16_t)size);
    /* Each piece goes at w, wrapping unless WRAP lets the frame run past the end. */
    for (int part = 0; part < 2; part++) {
        const uint8_t *p = part ? frame : hdr;
        size_t n = part ? size : 4;

        while (n) {
            size_t chunk = (rcr & RCR_WRAP) ? n : (len - w < n ? len - w : n);

            if (pci_dma_write(&s->pci, base + w, p, chunk) < 0) {
                rtl_log("receive buffer at %#llx is not RAM\n", (unsigned long long)(base + w));
                rtl_set_isr(s, RTL_ISR_RER);
                return;
            }
            w = (w + (uint32_t)chunk) % len;
            p += chunk;
            n -= chunk;
        }
    }
    s->rx_write = (s->rx_write + (uint32_t)size + 4 + 3) & ~3u;
    s->rx_write %= len;
    rtl_set_isr(s, RTL_ISR_ROK);
}

static ssize_t rtl_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    RTL8139State *s = nc->opaque;
    uint8_t frame[NET_FRAME_MAX + 4];
    uint16_t hdr_bits = 0;
    size_t size = len;
    uint32_t crc;

    if (!(s->regs[RTL_CR] & CR_RE) || len < 14 || len > 8192 || !rtl_rx_accept(s, buf, &hdr_bits))
        return (ssize_t)len;
    memcpy(frame, buf, len);
    if (size < 60) {
        memset(frame + size, 0, 60 - size);
        size = 60;
    }
    crc = ~nic_crc32_le(frame, size);
    memcpy(frame + size, &crc, 4);
    size += 4;
    if (rtl_cplus_rx(s))
        rtl_receive_cplus(s, frame, size);
    else
        rtl_receive_ring(s, frame, size, hdr_bits);
    return (ssize_t)len;
}

/* ---- Transmit ----------------------------------------------------------------------------- */

static void rtl_emit(void *opaque, const uint8_t *frame, size_t len)
{
    RTL8139State *s = opaque;

    net_send(s->nc, frame, len);
}

/* A classic slot: TSD[n] written with OWN clear sends TSAD[n]'s size bytes. */
static void rtl_transmit_slot(RTL8139State *s, unsigned n)
{
    uint32_t tsd = rd32(s, RTL_TSD0 + 4 * n), size = tsd & 0x1fff;

    if (tsd & TSD_OWN || !(s->regs[RTL_CR] & CR_TE))
        return;
    if (size > 1792 || pci_dma_read(&s->pci, rd32(s, RTL_TSAD0 + 4 * n), s->txbuf, size) < 0) {
        rtl_log("transmit slot %u: %u bytes at %#x dropped\n", n, size, rd32(s, RTL_TSAD0 + 4 * n));
        wr32(s, RTL_TSD0 + 4 * n, tsd | TSD_OWN);
        rtl_set_isr(s, RTL_ISR_TER);
        return;
    }
    net_send(s->nc, s->txbuf, size);
    wr32(s, RTL_TSD0 + 4 * n, tsd | TSD_OWN | TSD_TOK);
    rtl_set_isr(s, RTL_ISR_TOK);
}

/* Checksums the C+ descriptor asked for, over IPv4 at offset 14. */
static void rtl_tx_checksums(uint8_t *f, size_t len, uint32_t opts1)
{
    size_t ihl, l4, l4len;
    uint32_t sum;
    unsigned proto;

    if (len < 34 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4)
        return;
    ihl = (size_t)(f[14] & 15) * 4;
    if (ihl < 20 || 14 + ihl > len)
        return;
    if (opts1 & CP_TX_IPCS) {
        f[24] = f[25] = 0;
        net_csum_fill(f, len, 14, 14 + ihl, 24);
    }
    l4 = 14 + ihl;
    proto = f[23];
    /* The IP length, not the frame's: a padded runt carries trailing zeros. */
    l4len = (size_t)(f[16] << 8 | f[17]);
    if (l4len < ihl || 14 + l4len > len)
        return;
    l4len -= ihl;
    if (((opts1 & CP_TX_TCPCS) && proto == 6 && l4len >= 20) ||
        ((opts1 & CP_TX_UDPCS) && proto == 17 && l4len >= 8)) {
        size_t put = l4 + (proto == 6 ? 16 : 6);

        f[put] = f[put + 1] = 0;
        sum = net_csum_add(0, f + 26, 8) + proto + (uint32_t)l4len;
        sum = net_csum_add(sum, f + l4, l4len);
        f[put] = (uint8_t)(net_csum_finish(sum) >> 8);
        f[put + 1] = (uint8_t)net_csum_finish(sum);
    }
}

static void rtl_cplus_packet(RTL8139State *s, uint32_t opts1, uint32_t opts2)
{
    uint8_t *f = s->txbuf;
    size_t len = s->tx_size;

    if (s->tx_overflow || len < 14) {
        rtl_log("C+ transmit of %zu bytes dropped\n", len);
        return;
    }
    if (opts2 & CP_TX_TAGC && len + 4 <= RTL8139_TX_MAX) {
        memmove(f + 16, f + 12, len - 12);
        f[12] = 0x81;
        f[13] = 0x00;
        f[14] = (uint8_t)(opts2 >> 8);      /* the tag is stored byte-swapped (9.2.1) */
        f[15] = (uint8_t)opts2;
        len += 4;
    }
    if (opts1 & CP_TX_LGSEN) {
        unsigned mss = (opts1 >> 16) & 0x7ff;

        if (len >= 34 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 6 &&
            net_tcp_segment(f, len, 14, 14 + (size_t)(f[14] & 15) * 4, false, mss, rtl_emit, s) >= 0)
            return;
        rtl_log("large send of %zu bytes with bad headers dropped\n", len);
        return;
    }
    rtl_tx_checksums(f, len, opts1);
    net_send(s->nc, f, len);
}

static void rtl_cplus_transmit(RTL8139State *s)
{
    uint64_t base = (uint64_t)rd32(s, RTL_TSAD0 + 4) << 32 | rd32(s, RTL_TSAD0);
    bool sent = false;

    if (!(s->regs[RTL_CR] & CR_TE))
        return;
    for (unsigned budget = CP_RING_MAX; budget--;) {
        uint64_t daddr = base + 16ull * s->cp_tx_idx;
        uint8_t d[16];
        uint32_t opts1, len;

        if (pci_dma_read(&s->pci, daddr, d, 16) < 0) {
            rtl_log("C+ transmit descriptor at %#llx is not in RAM\n", (unsigned long long)daddr);
            rtl_set_isr(s, RTL_ISR_TER);
            break;
        }
        opts1 = pci_get_long(d);
        if (!(opts1 & CP_OWN))
            break;
        len = opts1 & 0xffff;
        if (opts1 & CP_FS) {
            s->tx_size = 0;
            s->tx_overflow = false;
        }
        if (len > RTL8139_TX_MAX - 4 - s->tx_size ||
            pci_dma_read(&s->pci, pci_get_quad(d + 8), s->txbuf + s->tx_size, len) < 0)
            s->tx_overflow = true;
        else
            s->tx_size += len;
        if (opts1 & CP_LS) {
            rtl_cplus_packet(s, opts1, pci_get_long(d + 4));
            s->tx_size = 0;
            s->tx_overflow = false;
        }
        pci_set_long(d, opts1 & ~CP_OWN);
        pci_dma_write(&s->pci, daddr, d, 4);
        s->cp_tx_idx = (opts1 & CP_EOR) ? 0 : (s->cp_tx_idx + 1) % CP_RING_MAX;
        sent = true;
    }
    if (sent)
        rtl_set_isr(s, RTL_ISR_TOK | RTL_ISR_TDU);
}

/* ---- Registers ------------------------------------------------------------------------------ */

static uint8_t rtl_read_byte(RTL8139State *s, unsigned off)
{
    switch (off) {
    case RTL_CR: {
        uint32_t len = 8192u << ((rd32(s, RTL_RCR) >> 11) & 3);
        bool empty = rtl_cplus_rx(s) || (rd16(s, RTL_CAPR) + 16u) % len == s->rx_write % len;

        return (uint8_t)((s->regs[RTL_CR] & (CR_RE | CR_TE)) | (empty ? CR_BUFE : 0));
    }
    case RTL_CBR:
        return (uint8_t)s->rx_write;
    case RTL_CBR + 1:
        return (uint8_t)(s->rx_write >> 8);
    case RTL_9346CR:
        return (uint8_t)((s->regs[off] & ~EE_DO) | (eeprom93_read(&s->ee) ? EE_DO : 0));
    default:
        return s->regs[off];
    }
}

static void rtl_write_bytes(RTL8139State *s, unsigned off, uint32_t val, unsigned size)
{
    for (unsigned i = 0; i < size && off + i < RTL8139_REGS_SIZE; i++) {
        unsigned o = off + i;
        uint8_t b = (uint8_t)(val >> (8 * i));

        if (o == RTL_ISR || o == RTL_ISR + 1)
            s->regs[o] &= (uint8_t)~b;          /* write 1 to clear */
        else if (o == RTL_CBR || o == RTL_CBR + 1 || (o >= RTL_BMSR && o < RTL_BMSR + 2) ||
                 (o >= RTL_ANLPAR && o < RTL_ANER + 2) || o == RTL_MSR)
            continue;                           /* read-only */
        else
            s->regs[o] = b;
    }
}

static void rtl_write(RTL8139State *s, unsigned off, uint32_t val, unsigned size)
{
    unsigned end = off + size;

    rtl_write_bytes(s, off, val, size);
    if (off <= RTL_CR && RTL_CR < end) {
        if (s->regs[RTL_CR] & CR_RST) {
            uint8_t mac[6];

            memcpy(mac, s->regs + RTL_IDR0, 6);
            rtl_reset(s);
            memcpy(s->regs + RTL_IDR0, mac, 6);     /* software reset keeps IDR (6.1) */
        } else if (s->regs[RTL_CR] & CR_RE && s->nc) {
            net_flush_queue(s->nc);
        }
    }
    if (off <= RTL_9346CR && RTL_9346CR < end) {
        uint8_t v = s->regs[RTL_9346CR];

        if ((v & 0xc0) == EE_MODE_PROG)
            eeprom93_write(&s->ee, v & EE_CS, v & EE_SK, v & EE_DI);
        else
            eeprom93_reset(&s->ee);
    }
    if (off < RTL_TSD0 + 16 && end > RTL_TSD0) {
        if (rtl_cplus_tx(s)) {
            /* DTCCR: dump the tally counters (zeros here) and clear Cmd (bit 3). */
            uint32_t lo = rd32(s, RTL_TSD0);

            if (lo & 8) {
                uint8_t zero[64] = { 0 };
                uint64_t a = (uint64_t)rd32(s, RTL_TSD0 + 4) << 32 | (lo & ~63u);

                pci_dma_write(&s->pci, a, zero, sizeof(zero));
                wr32(s, RTL_TSD0, lo & ~8u);
            }
        } else {
            for (unsigned n = 0; n < 4; n++)
                if (off <= RTL_TSD0 + 4 * n + 1 && end > RTL_TSD0 + 4 * n)
                    rtl_transmit_slot(s, n);
        }
    }
    if (off <= RTL_TPPOLL && RTL_TPPOLL < end) {
        uint8_t v = s->regs[RTL_TPPOLL];

        s->regs[RTL_TPPOLL] = 0;
        if (v & TPPOLL_FSWINT)
            rtl_set_isr(s, RTL_ISR_SWINT);
        if (v & (TPPOLL_NPQ | 0x80))
            rtl_cplus_transmit(s);
    }
    if (off < RTL_BMCR + 2 && end > RTL_BMCR) {
        /* Reset and restart-negotiation bits complete at once. */
        wr16(s, RTL_BMCR, rd16(s, RTL_BMCR) & ~(BMCR_RESET | BMCR_RESTART_AN));
    }
    if ((off < RTL_ISR + 2 && end > RTL_IMR) || (off < RTL_CAPR + 2 && end > RTL_CAPR))
        rtl_update_irq(s);
}

static uint64_t rtl_io_read(void *opaque, uint64_t addr, unsigned size)
{
    RTL8139State *s = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size && addr + i < RTL8139_REGS_SIZE; i++)
        v |= (uint64_t)rtl_read_byte(s, (unsigned)addr + i) << (8 * i);
    return v;
}

static void rtl_io_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    if (addr < RTL8139_REGS_SIZE)
        rtl_write(opaque, (unsigned)addr, (uint32_t)val, size);
}

static const MemoryRegionOps rtl_ops = {
    .read = rtl_io_read,
    .write = rtl_io_write,
    .min_access = 1,
    .max_access = 4,
    .unaligned = true,
};

static void rtl_pci_reset(PCIDevice *d)
{
    RTL8139State *s = d->opaque;

    rtl_reset(s);
    if (s->nc)
        net_purge_queue(s->nc);
}

static const PCIDeviceOps rtl_pci_ops = {
    .reset = rtl_pci_reset,
};

static void rtl_link_status_changed(NetClientState *nc)
{
    RTL8139State *s = nc->opaque;

    rtl_set_link(s, !nc->link_down);
    rtl_set_isr(s, RTL_ISR_LINKCHG);
}

static const NetClientInfo rtl_net_info = {
    .kind = NET_CLIENT_NIC,
    .receive = rtl_receive,             /* no can_receive: a full ring drops, as the chip */
    .link_status_changed = rtl_link_status_changed,
};

int rtl8139_init(RTL8139State *s, PCIBus *bus, int devfn, NetClientState *peer, const char *name,
                 const uint8_t mac[6], const char *rom)
{
    int ret;

    memset(s, 0, sizeof(*s));
    if (!(s->txbuf = malloc(RTL8139_TX_MAX)))
        return -ENOMEM;
    ret = pci_register_device(bus, &s->pci, devfn, "rtl8139", &rtl_pci_ops, s);
    if (ret < 0)
        return ret;
    memcpy(s->conf_mac, mac, 6);
    pci_config_set_ids(&s->pci, 0x10ec, 0x8139, 0x0200, 0x20);
    s->pci.config[PCI_INTERRUPT_PIN] = 1;
    /* The EEPROM (datasheet 7): id words, then the MAC at word 7. */
    s->ee.data[0] = 0x8129;
    s->ee.data[1] = 0x10ec;
    s->ee.data[2] = 0x8139;
    for (int i = 0; i < 3; i++)
        s->ee.data[7 + i] = (uint16_t)(mac[2 * i] | mac[2 * i + 1] << 8);
    memory_region_init_io(&s->io, "rtl8139-io", &rtl_ops, s, RTL8139_REGS_SIZE);
    memory_region_init_io(&s->mmio, "rtl8139-mmio", &rtl_ops, s, RTL8139_REGS_SIZE);
    pci_register_bar(&s->pci, 0, PCI_BAR_IO, &s->io);
    pci_register_bar(&s->pci, 1, PCI_BAR_MEM32, &s->mmio);
    if (rom)
        nic_load_rom(&s->pci, &s->rom, rom);
    s->nc = net_nic_new(&rtl_net_info, peer, "rtl8139", name, mac, s);
    if (!s->nc)
        return -ENOMEM;
    pci_device_reset(&s->pci);
    return 0;
}
