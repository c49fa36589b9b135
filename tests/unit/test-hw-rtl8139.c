/*
 * The RTL8139C+ (hw/net/rtl8139.h) through its I/O BAR, as 8139cp and
 * 8139too drive it: the EEPROM by 9346CR bit-banging, C+ descriptor rings
 * with checksum offload and large send, the classic receive ring buffer
 * and transmit slots, ISR/IMR; then hostile descriptors and a register
 * fuzzer, after which a good frame must still go through.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/net/rtl8139.h"
#include "tests/unit/check-run.h"
#include "tests/unit/net-test.h"

#define DEVFN   PCI_DEVFN(3, 0)
#define IO      0xc000
#define TXR     0x10000u
#define RXR     0x11000u
#define TXBUF   0x20000u
#define RXBUF   0x40000u

static RTL8139State r;
static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void setup(void)
{
    nt_setup();
    ck_assert_int_eq(rtl8139_init(&r, &nt_bus, DEVFN, nt_peer, NULL, mac, NULL), 0);
    pci_config_write(&nt_bus, DEVFN, 0x10, IO, 4);
    pci_config_write(&nt_bus, DEVFN, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
}

static void teardown(void)
{
    free(r.txbuf);
    nt_teardown();
}

static uint32_t in32(unsigned reg) { return (uint32_t)address_space_ld(&hwt_as, IO + reg, 4); }
static uint16_t in16(unsigned reg) { return (uint16_t)address_space_ld(&hwt_as, IO + reg, 2); }
static void out32(unsigned reg, uint32_t v) { address_space_st(&hwt_as, IO + reg, v, 4); }
static void out16(unsigned reg, uint16_t v) { address_space_st(&hwt_as, IO + reg, v, 2); }
static void out8(unsigned reg, uint8_t v) { address_space_st(&hwt_as, IO + reg, v, 1); }
static uint8_t in8(unsigned reg) { return (uint8_t)address_space_ld(&hwt_as, IO + reg, 1); }

/* 8139cp's read_eeprom with 6 address bits. */
static uint16_t ee_read(unsigned loc)
{
    unsigned cmd = loc | 6u << 6;
    uint16_t v = 0;

    out8(RTL_9346CR, 0x80);
    out8(RTL_9346CR, 0x88);
    for (int i = 8; i >= 0; i--) {
        uint8_t d = (cmd >> i) & 1 ? 0x02 : 0;

        out8(RTL_9346CR, 0x88 | d);
        out8(RTL_9346CR, 0x8c | d);
    }
    out8(RTL_9346CR, 0x88);
    for (int i = 16; i > 0; i--) {
        out8(RTL_9346CR, 0x8c);
        v = (uint16_t)(v << 1 | (in8(RTL_9346CR) & 1));
        out8(RTL_9346CR, 0x88);
    }
    out8(RTL_9346CR, 0);
    return v;
}

static void cplus_on(void)
{
    out16(RTL_CPCMD, 3);
    out32(0x20, TXR);
    out32(0x24, 0);
    out32(RTL_RDSAR, RXR);
    out32(RTL_RDSAR + 4, 0);
    out8(RTL_CR, 0x0c);
    out32(RTL_RCR, 0x0f);                   /* AAP APM AM AB */
    out16(RTL_IMR, 0xffff);
}

static void tx_desc(unsigned i, uint32_t opts1, uint64_t addr)
{
    nt_mw(TXR + 16 * i, opts1, 4);
    nt_mw(TXR + 16 * i + 4, 0, 4);
    nt_mw(TXR + 16 * i + 8, addr, 8);
}

START_TEST(test_identity_eeprom)
{
    ck_assert_uint_eq(pci_config_read(&nt_bus, DEVFN, 0, 4), 0x813910ec);
    ck_assert_uint_eq(pci_config_read(&nt_bus, DEVFN, 8, 1), 0x20);
    ck_assert_uint_eq(ee_read(0), 0x8129);
    for (unsigned i = 0; i < 3; i++)
        ck_assert_uint_eq(ee_read(7 + i), mac[2 * i] | mac[2 * i + 1] << 8);
    ck_assert_uint_eq(in32(0), 0x12005452);
    ck_assert(in16(RTL_BMSR) & 4);          /* link up */
    /* Software reset completes at once. */
    out8(RTL_CR, 0x10);
    ck_assert_uint_eq(in8(RTL_CR) & 0x10, 0);
}
END_TEST

START_TEST(test_cplus_transmit_checksums)
{
    uint8_t pkt[54 + 300];
    size_t len = nt_make_tcp(pkt, 300, 77);

    cplus_on();
    pkt[16] = (uint8_t)((len - 14) >> 8);   /* a normal packet: IP length set */
    pkt[17] = (uint8_t)(len - 14);
    memcpy(nt_ramp + TXBUF, pkt, 30);
    memcpy(nt_ramp + TXBUF + 0x1000, pkt + 30, len - 30);
    tx_desc(0, 1u << 31 | 1u << 29 | 1u << 18 | 1u << 16 | 30, TXBUF);
    tx_desc(1, 1u << 31 | 1u << 28 | 1u << 18 | 1u << 16 | (uint32_t)(len - 30), TXBUF + 0x1000);
    out8(RTL_TPPOLL, 0x40);
    ck_assert_uint_eq(nt_rx.n, 1);
    ck_assert_uint_eq(nt_rx.len[0], len);
    ck_assert(nt_tcp_valid(nt_rx.data[0], len));
    ck_assert_uint_eq(nt_mr(TXR, 4) >> 31, 0);          /* ownership back to the driver */
    ck_assert(in16(RTL_ISR) & RTL_ISR_TOK);
    ck_assert_int_eq(nt_probe.level[0], 1);
    out16(RTL_ISR, 0xffff);
    ck_assert_int_eq(nt_probe.level[0], 0);
}
END_TEST

START_TEST(test_cplus_large_send)
{
    uint8_t pkt[54 + 2500];
    size_t len = nt_make_tcp(pkt, 2500, 5);

    cplus_on();
    memcpy(nt_ramp + TXBUF, pkt, len);
    tx_desc(0, 1u << 31 | 1u << 30 | 1u << 29 | 1u << 28 | 1u << 27 | 1000u << 16 | (uint32_t)len, TXBUF);
    out8(RTL_TPPOLL, 0x40);
    ck_assert_uint_eq(nt_rx.n, 3);
    for (unsigned i = 0; i < 3; i++) {
        ck_assert(nt_tcp_valid(nt_rx.data[i], nt_rx.len[i]));
        ck_assert_uint_eq(nt_tcp_seq(nt_rx.data[i]), 5 + 1000 * i);
    }
    ck_assert_uint_eq(nt_rx.len[2], 54 + 500);
}
END_TEST

START_TEST(test_cplus_receive)
{
    uint8_t f[300];

    cplus_on();
    for (unsigned i = 0; i < 2; i++) {
        nt_mw(RXR + 16 * i, 1u << 31 | (i == 1 ? 1u << 30 : 0) | 1536, 4);
        nt_mw(RXR + 16 * i + 8, RXBUF + 0x800 * i, 8);
    }
    nt_make_udp(f, sizeof(f), mac);
    for (unsigned k = 0; k < 3; k++)
        net_send(nt_peer, f, sizeof(f));
    ck_assert_mem_eq(nt_ramp + RXBUF, f, sizeof(f));
    ck_assert_mem_eq(nt_ramp + RXBUF + 0x800, f, sizeof(f));
    ck_assert_uint_eq(nt_mr(RXR, 4), 3u << 28 | (sizeof(f) + 4));
    ck_assert_uint_eq(nt_mr(RXR + 16, 4), 1u << 30 | 3u << 28 | (sizeof(f) + 4));
    /* The third found no descriptor of its own: dropped, counted, RXOVW. */
    ck_assert(in16(RTL_ISR) & RTL_ISR_RXOVW);
    ck_assert_uint_eq(in32(RTL_MPC), 1);
    /* Given back, the ring wraps to descriptor 0 after EOR. */
    nt_mw(RXR, 1u << 31 | 1536, 4);
    f[50] ^= 0xff;
    net_send(nt_peer, f, sizeof(f));
    ck_assert_mem_eq(nt_ramp + RXBUF, f, sizeof(f));
}
END_TEST

START_TEST(test_classic_ring_and_slots)
{
    uint8_t f[100];

    out32(RTL_RBSTART, RXBUF);
    out32(RTL_RCR, 0x0f | 0x80);            /* 8 KiB ring, WRAP */
    out16(RTL_CAPR, 0xfff0);                /* 8139too's "cur_rx - 16" at start */
    out8(RTL_CR, 0x0c);
    ck_assert(in8(RTL_CR) & 1);             /* buffer empty */
    nt_make_udp(f, sizeof(f), mac);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(nt_mr(RXBUF, 2) & 1, 1);                  /* ROK */
    ck_assert_uint_eq(nt_mr(RXBUF + 2, 2), sizeof(f) + 4);
    ck_assert_mem_eq(nt_ramp + RXBUF + 4, f, sizeof(f));
    ck_assert_uint_eq(in8(RTL_CR) & 1, 0);
    ck_assert_uint_eq(in16(RTL_CBR), (sizeof(f) + 8 + 3) & ~3u);
    out16(RTL_CAPR, (uint16_t)(((sizeof(f) + 8 + 3) & ~3u) - 16));
    ck_assert(in8(RTL_CR) & 1);
    /* A classic transmit slot. */
    memcpy(nt_ramp + TXBUF, f, sizeof(f));
    out32(RTL_TSAD0 + 8, TXBUF);
    out32(RTL_TSD0 + 8, sizeof(f));
    ck_assert_uint_eq(nt_rx.n, 1);
    ck_assert_mem_eq(nt_rx.data[0], f, sizeof(f));
    ck_assert_uint_eq(in32(RTL_TSD0 + 8) & (1u << 15 | 1u << 13), 1u << 15 | 1u << 13);
}
END_TEST

static void good_frame_goes_out(void)
{
    uint8_t f[80];

    out8(RTL_CR, 0x10);
    nt_rx_clear();
    cplus_on();
    nt_make_udp(f, sizeof(f), mac);
    memcpy(nt_ramp + TXBUF, f, sizeof(f));
    tx_desc(0, 1u << 31 | 1u << 30 | 3u << 28 | sizeof(f), TXBUF);
    out8(RTL_TPPOLL, 0x40);
    ck_assert_uint_eq(nt_rx.n, 1);
    ck_assert_mem_eq(nt_rx.data[0], f, sizeof(f));
}

START_TEST(test_hostile_descriptors)
{
    uint8_t f[200];

    cplus_on();
    /* 64 owned descriptors without EOR: the ring stops at 64, not in the rest of RAM. */
    for (unsigned i = 0; i < 70; i++)
        tx_desc(i, 1u << 31 | 1u << 29 | 0xffff, TXBUF);
    out8(RTL_TPPOLL, 0x40);
    ck_assert_uint_eq(nt_rx.n, 0);
    /* A buffer outside RAM, a ring outside RAM. */
    tx_desc(0, 1u << 31 | 3u << 28 | 100, 0xfff00000000ull);
    out8(RTL_TPPOLL, 0x40);
    out32(0x20, 0xfffffff0u);
    out8(RTL_TPPOLL, 0x40);
    ck_assert_uint_eq(nt_rx.n, 0);
    out32(RTL_RDSAR, 0xfffffff0u);
    nt_make_udp(f, sizeof(f), mac);
    net_send(nt_peer, f, sizeof(f));
    out32(RTL_RDSAR, RXR);
    nt_mw(RXR, 1u << 31 | 64, 4);           /* too small */
    net_send(nt_peer, f, sizeof(f));
    ck_assert(in16(RTL_ISR) & RTL_ISR_RER);
    /* The classic ring with its read pointer anywhere. */
    out16(RTL_CPCMD, 0);
    out32(RTL_RBSTART, 0xffff0000u);
    out16(RTL_CAPR, 0x1234);
    net_send(nt_peer, f, sizeof(f));
    good_frame_goes_out();
}
END_TEST

START_TEST(test_register_fuzz)
{
    uint64_t seed = 0x8139ull;

    cplus_on();
    for (unsigned i = 0; i < 200000; i++) {
        uint64_t x = hwt_rand(&seed);
        unsigned off = (unsigned)(x >> 8) & 0xff, size = 1u << ((x >> 16) & 3);
        uint32_t val = (uint32_t)(x >> 32);

        if (size == 8)
            size = 4;
        if ((off == 0x20 || off == RTL_RDSAR || off == RTL_RBSTART) && (x & 1))
            val &= NT_RAM_SIZE - 1;
        if (x & 0x20)
            address_space_ld(&hwt_as, IO + off, size);
        else
            address_space_st(&hwt_as, IO + off, val, size);
        if ((x & 0xff) == 0x42) {
            uint8_t f[64];

            nt_make_udp(f, sizeof(f), mac);
            net_send(nt_peer, f, sizeof(f));
        }
    }
    good_frame_goes_out();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-rtl8139");
    TCase *tc = tcase_create("rtl8139");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_identity_eeprom);
    tcase_add_test(tc, test_cplus_transmit_checksums);
    tcase_add_test(tc, test_cplus_large_send);
    tcase_add_test(tc, test_cplus_receive);
    tcase_add_test(tc, test_classic_ring_and_slots);
    tcase_add_test(tc, test_hostile_descriptors);
    tcase_add_test(tc, test_register_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
