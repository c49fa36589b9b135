/*
 * The 82540EM (hw/net/e1000.h) driven through its BARs as Linux's e1000
 * driver does: the EEPROM by EECD bit-banging and EERD, the PHY through
 * MDIC, legacy and TSO transmit, receive with the address filter, flow
 * control when the ring is full, ICR/IMS and ITR throttling on the virtual
 * clock, link changes; then hostile rings and a register fuzzer, after
 * which a good frame must still go through.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/net/e1000.h"
#include "tests/unit/check-run.h"
#include "tests/unit/net-test.h"

#define DEVFN   PCI_DEVFN(3, 0)
#define MMIO    0xe0000000u
#define IOBASE  0xc000
#define TXR     0x10000u        /* transmit ring: 16 descriptors */
#define RXR     0x11000u        /* receive ring: 8 descriptors */
#define TXBUF   0x20000u
#define RXBUF   0x40000u

static E1000State e;
static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static uint32_t rd(uint32_t r) { return (uint32_t)nt_mr(MMIO + r, 4); }
static void wr(uint32_t r, uint32_t v) { nt_mw(MMIO + r, v, 4); }

static void setup(void)
{
    nt_setup();
    ck_assert_int_eq(e1000_init(&e, &nt_bus, DEVFN, nt_peer, NULL, mac, NULL), 0);
    pci_config_write(&nt_bus, DEVFN, 0x10, MMIO, 4);
    pci_config_write(&nt_bus, DEVFN, 0x14, IOBASE, 4);
    pci_config_write(&nt_bus, DEVFN, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
}

static void teardown(void)
{
    timer_del(&e.itr_timer);
    free(e.tx.buf);
    nt_teardown();
}

static void tx_ring(void)
{
    wr(E1000_TDBAL, TXR);
    wr(E1000_TDBAH, 0);
    wr(E1000_TDLEN, 16 * 16);
    wr(E1000_TDH, 0);
    wr(E1000_TDT, 0);
    wr(E1000_TCTL, 2);
}

static void rx_ring(unsigned give)
{
    for (unsigned i = 0; i < 8; i++) {
        nt_mw(RXR + 16 * i, RXBUF + 0x800 * i, 8);
        nt_mw(RXR + 16 * i + 8, 0, 8);
    }
    wr(E1000_RDBAL, RXR);
    wr(E1000_RDLEN, 8 * 16);
    wr(E1000_RDH, 0);
    wr(E1000_RCTL, (1u << 1) | (1u << 15));      /* EN, BAM, 2 KiB buffers */
    wr(E1000_RDT, give);
}

static void legacy_desc(unsigned i, uint64_t addr, uint16_t len, uint8_t cmd)
{
    nt_mw(TXR + 16 * i, addr, 8);
    nt_mw(TXR + 16 * i + 8, len | (uint32_t)cmd << 24, 4);
    nt_mw(TXR + 16 * i + 12, 0, 4);
}

static uint16_t eecd_read_word(unsigned addr)
{
    uint32_t bits = 6u << 6 | addr;         /* start, READ, address */
    uint16_t v = 0;

    wr(E1000_EECD, 0x40);                  /* REQ */
    ck_assert(rd(E1000_EECD) & 0x80);      /* GNT */
    wr(E1000_EECD, 0x42);                  /* CS */
    for (int b = 8; b >= 0; b--) {
        uint32_t di = (bits >> b) & 1 ? 4 : 0;

        wr(E1000_EECD, 0x42 | di);
        wr(E1000_EECD, 0x43 | di);
        wr(E1000_EECD, 0x42 | di);
    }
    for (int b = 0; b < 16; b++) {
        wr(E1000_EECD, 0x43);
        v = (uint16_t)(v << 1 | !!(rd(E1000_EECD) & 8));
        wr(E1000_EECD, 0x42);
    }
    wr(E1000_EECD, 0);
    return v;
}

START_TEST(test_identity_eeprom_phy)
{
    uint16_t sum = 0;

    ck_assert_uint_eq(pci_config_read(&nt_bus, DEVFN, 0, 4), 0x100e8086);
    ck_assert_uint_eq(pci_config_read(&nt_bus, DEVFN, 0x0a, 2), 0x0200);
    for (unsigned i = 0; i < 64; i++) {
        uint16_t w = eecd_read_word(i);

        wr(E1000_EERD, i << 8 | 1);
        ck_assert_uint_eq(rd(E1000_EERD) >> 16, w);
        ck_assert(rd(E1000_EERD) & 0x10);
        sum = (uint16_t)(sum + w);
        if (i < 3)
            ck_assert_uint_eq(w, mac[2 * i] | mac[2 * i + 1] << 8);
    }
    ck_assert_uint_eq(sum, 0xbaba);
    /* PHY 1 answers its identifier; PHY 2 sets the error bit. */
    wr(E1000_MDIC, 2u << 26 | 1u << 21 | 2u << 16);
    ck_assert_uint_eq(rd(E1000_MDIC) & 0xffff, 0x0141);
    ck_assert(rd(E1000_MDIC) & (1u << 28));
    wr(E1000_MDIC, 2u << 26 | 2u << 21 | 2u << 16);
    ck_assert(rd(E1000_MDIC) & (1u << 30));
    ck_assert(rd(E1000_STATUS) & 2);       /* link up */
    /* The I/O window reaches the same registers. */
    address_space_st(&hwt_as, IOBASE, E1000_STATUS, 4);
    ck_assert_uint_eq(address_space_ld(&hwt_as, IOBASE + 4, 4), rd(E1000_STATUS));
}
END_TEST

START_TEST(test_legacy_transmit_and_interrupt)
{
    uint8_t f[100];

    tx_ring();
    wr(E1000_IMS, E1000_ICR_TXDW);
    nt_make_udp(f, sizeof(f), mac);
    memcpy(nt_ramp + TXBUF, f, 40);
    memcpy(nt_ramp + TXBUF + 0x100, f + 40, 60);
    legacy_desc(0, TXBUF, 40, 0);
    legacy_desc(1, TXBUF + 0x100, 60, 0x01 | 0x08);     /* EOP, RS */
    ck_assert_int_eq(nt_probe.level[0], 0);
    wr(E1000_TDT, 2);
    ck_assert_uint_eq(nt_rx.n, 1);
    ck_assert_uint_eq(nt_rx.len[0], 100);
    ck_assert_mem_eq(nt_rx.data[0], f, 100);
    ck_assert_uint_eq(nt_ramp[TXR + 16 + 12] & 1, 1);  /* DD written back */
    ck_assert_uint_eq(rd(E1000_TDH), 2);
    ck_assert_int_eq(nt_probe.level[0], 1);
    ck_assert(rd(E1000_ICR) & E1000_ICR_TXDW);          /* read clears */
    ck_assert_int_eq(nt_probe.level[0], 0);
    ck_assert_uint_eq(rd(E1000_ICR), 0);
    ck_assert_uint_eq(rd(E1000_GPTC), 1);
}
END_TEST

START_TEST(test_tso_segments)
{
    uint8_t pkt[54 + 3000];
    size_t len = nt_make_tcp(pkt, 3000, 1000);
    uint32_t lower;

    tx_ring();
    memcpy(nt_ramp + TXBUF, pkt, len);
    /* Context: IP at 14 (csum at 24, end 33), TCP at 34 (csum at 50), TSE|IP|TCP, MSS 1400. */
    nt_mw(TXR, 14 | 24 << 8 | 33u << 16, 4);
    nt_mw(TXR + 4, 34 | 50 << 8, 4);
    nt_mw(TXR + 8, 3000 | 0u << 20 | (uint32_t)(0x20 | 0x04 | 0x02 | 0x01) << 24, 4);
    nt_mw(TXR + 12, 54u << 8 | 1400u << 16, 4);
    /* One data descriptor: DEXT, DTYP 1, TSE, EOP, RS; POPTS IXSM|TXSM. */
    nt_mw(TXR + 16, TXBUF, 8);
    lower = (uint32_t)len | 1u << 20 | (uint32_t)(0x20 | 0x04 | 0x01 | 0x08) << 24;
    nt_mw(TXR + 24, lower, 4);
    nt_mw(TXR + 28, 3u << 8, 4);
    wr(E1000_TDT, 2);
    ck_assert_uint_eq(nt_rx.n, 3);
    for (unsigned i = 0; i < 3; i++) {
        size_t pay = i < 2 ? 1400 : 200;

        ck_assert_uint_eq(nt_rx.len[i], 54 + pay);
        ck_assert(nt_tcp_valid(nt_rx.data[i], nt_rx.len[i]));
        ck_assert_uint_eq(nt_tcp_seq(nt_rx.data[i]), 1000 + 1400 * i);
        ck_assert_mem_eq(nt_rx.data[i] + 54, pkt + 54 + 1400 * i, pay);
        /* FIN and PSH only on the last segment. */
        ck_assert_uint_eq(nt_rx.data[i][47] & 0x09, i == 2 ? 0x09 : 0);
    }
}
END_TEST

START_TEST(test_receive_filter_and_flow_control)
{
    uint8_t f[200], other[6] = { 0x52, 0x54, 0x00, 0x99, 0x99, 0x99 };
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    rx_ring(2);                             /* two buffers for the guest */
    wr(E1000_IMS, E1000_ICR_RXT0);
    /* Linux puts the EEPROM address into RA[0] itself; it is there from reset. */
    nt_make_udp(f, sizeof(f), mac);
    ck_assert_int_eq(net_send(nt_peer, f, sizeof(f)), sizeof(f));
    ck_assert_mem_eq(nt_ramp + RXBUF, f, sizeof(f));
    ck_assert_uint_eq(nt_mr(RXR + 8, 2), sizeof(f) + 4);   /* with the FCS */
    ck_assert_uint_eq(nt_ramp[RXR + 12] & 3, 3);            /* DD, EOP */
    ck_assert_uint_eq(rd(E1000_RDH), 1);
    ck_assert_int_eq(nt_probe.level[0], 1);
    rd(E1000_ICR);
    /* Another station's unicast is not ours; a broadcast is (BAM). */
    nt_make_udp(f, sizeof(f), other);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(rd(E1000_RDH), 1);
    nt_make_udp(f, sizeof(f), bcast);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(rd(E1000_RDH), 2);
    /* Ring full (RDH == RDT): frames wait in the queue, then come in with new buffers. */
    nt_make_udp(f, 120, mac);
    ck_assert_int_eq(net_send(nt_peer, f, 120), 0);
    ck_assert_int_eq(net_send(nt_peer, f, 120), 0);
    ck_assert_uint_eq(e.nc->queue_len, 2);
    wr(E1000_RDT, 3);
    ck_assert_uint_eq(rd(E1000_RDH), 3);
    ck_assert_uint_eq(e.nc->queue_len, 1);
    wr(E1000_RDT, 6);
    ck_assert_uint_eq(rd(E1000_RDH), 4);
    ck_assert_uint_eq(e.nc->queue_len, 0);
    ck_assert_mem_eq(nt_ramp + RXBUF + 0x800 * 3, f, 120);
}
END_TEST

START_TEST(test_itr_throttling)
{
    tx_ring();
    wr(E1000_ITR, 1000);                    /* 256 us between interrupts */
    wr(E1000_IMS, E1000_ICR_TXDW);
    wr(E1000_ICS, E1000_ICR_TXDW);
    ck_assert_int_eq(nt_probe.level[0], 1);
    rd(E1000_ICR);
    ck_assert_int_eq(nt_probe.level[0], 0);
    wr(E1000_ICS, E1000_ICR_TXDW);          /* too soon: held back */
    ck_assert_int_eq(nt_probe.level[0], 0);
    hwt_step_ns(200000);
    ck_assert_int_eq(nt_probe.level[0], 0);
    hwt_step_ns(60000);
    ck_assert_int_eq(nt_probe.level[0], 1);
    ck_assert_int_eq(nt_probe.rises[0], 2);
}
END_TEST

START_TEST(test_link_change)
{
    wr(E1000_IMS, E1000_ICR_LSC);
    ck_assert_int_eq(net_set_link(e.nc->name, false), 0);
    ck_assert_uint_eq(rd(E1000_STATUS) & 2, 0);
    ck_assert_int_eq(nt_probe.level[0], 1);
    ck_assert(rd(E1000_ICR) & E1000_ICR_LSC);
    /* A NIC whose link is down neither sends nor receives. */
    rx_ring(4);
    {
        uint8_t f[64];

        nt_make_udp(f, sizeof(f), mac);
        net_send(nt_peer, f, sizeof(f));
        ck_assert_uint_eq(rd(E1000_RDH), 0);
    }
    net_set_link(e.nc->name, true);
    ck_assert(rd(E1000_STATUS) & 2);
}
END_TEST

/* After whatever came before, a well-formed frame still goes out. */
static void good_frame_goes_out(void)
{
    uint8_t f[80];

    wr(E1000_CTRL, 1u << 26);               /* device reset */
    nt_rx_clear();
    tx_ring();
    nt_make_udp(f, sizeof(f), mac);
    memcpy(nt_ramp + TXBUF, f, sizeof(f));
    legacy_desc(0, TXBUF, sizeof(f), 0x09);
    wr(E1000_TDT, 1);
    ck_assert_uint_eq(nt_rx.n, 1);
    ck_assert_mem_eq(nt_rx.data[0], f, sizeof(f));
}

START_TEST(test_hostile_rings)
{
    uint8_t f[100];

    tx_ring();
    /* Pointers outside the ring: nothing happens, no loop. */
    wr(E1000_TDT, 500);
    ck_assert_uint_eq(nt_rx.n, 0);
    /* A ring past the end of RAM, buffers in unassigned space, 64 KiB+ packets. */
    wr(E1000_TDBAL, 0xfffff000u);
    wr(E1000_TDBAH, 0x7);
    wr(E1000_TDT, 3);
    wr(E1000_TDH, 0);
    wr(E1000_TDT, 0);
    wr(E1000_TDBAL, TXR);
    wr(E1000_TDBAH, 0);
    legacy_desc(0, 0x7fff00000000ull, 1000, 0x09);
    for (unsigned i = 1; i < 15; i++)
        legacy_desc(i, TXBUF, 0xffff, 0);      /* gathers past 64 KiB */
    legacy_desc(15, TXBUF, 100, 0x09);
    wr(E1000_TDT, 15);
    wr(E1000_TDT, 0);
    ck_assert_uint_eq(nt_rx.n, 0);
    /* Receive into buffers outside RAM and a ring outside RAM. */
    rx_ring(4);
    nt_mw(RXR, 0xfff00000000ull, 8);
    nt_make_udp(f, sizeof(f), mac);
    net_send(nt_peer, f, sizeof(f));
    wr(E1000_RDBAL, 0xfffffff0u);
    net_send(nt_peer, f, sizeof(f));
    good_frame_goes_out();
}
END_TEST

START_TEST(test_register_fuzz)
{
    uint64_t seed = 0x1234567ull;

    rx_ring(4);
    tx_ring();
    for (unsigned i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint32_t off = (uint32_t)(r >> 8) % E1000_MMIO_SIZE & ~3u;
        uint32_t val = (uint32_t)(r >> 32);

        /* Keep the ring bases mostly in RAM so the fuzzer reaches the DMA paths. */
        if ((off == E1000_TDBAL || off == E1000_RDBAL) && (r & 1))
            val &= NT_RAM_SIZE - 1;
        if (off == E1000_TDBAH || off == E1000_RDBAH)
            val &= r & 2 ? 0 : ~0u;
        if (r & 0x10)
            rd(off);
        else
            wr(off, val);
        if ((r & 0xff) == 0x42) {
            uint8_t f[64];

            nt_make_udp(f, sizeof(f), mac);
            net_send(nt_peer, f, sizeof(f));
        }
        if ((r & 0xfff) == 0x123)
            hwt_step_ns((int64_t)(r >> 40));
        /* The I/O window too. */
        if ((r & 0x3f) == 7)
            address_space_st(&hwt_as, IOBASE + (r & 4), val, 4);
    }
    good_frame_goes_out();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-e1000");
    TCase *tc = tcase_create("e1000");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_identity_eeprom_phy);
    tcase_add_test(tc, test_legacy_transmit_and_interrupt);
    tcase_add_test(tc, test_tso_segments);
    tcase_add_test(tc, test_receive_filter_and_flow_control);
    tcase_add_test(tc, test_itr_throttling);
    tcase_add_test(tc, test_link_change);
    tcase_add_test(tc, test_hostile_rings);
    tcase_add_test(tc, test_register_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
