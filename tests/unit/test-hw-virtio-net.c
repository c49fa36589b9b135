/*
 * virtio-net-pci (hw/net/virtio-net.h) driven by a small legacy virtio
 * driver written here: feature negotiation, receive with and without
 * mergeable buffers (num_buffers, one used-index update), transmit with
 * NEEDS_CSUM and TCPv4 GSO cut into valid segments, the control queue's
 * receive modes and MAC table, link status in the config space; then
 * hostile buffers and a register/ring fuzzer, after which the device
 * (reset by the driver) still moves a good frame.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/net/virtio-net.h"
#include "tests/unit/check-run.h"
#include "tests/unit/net-test.h"

#define DEVFN   PCI_DEVFN(3, 0)
#define IO      0xc000
#define QBASE   0x10000u        /* queue q's rings at QBASE + q * QSTRIDE */
#define QSTRIDE 0x4000u
#define BUF     0x40000u
#define QN      256u

static VirtIONet v;
static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static uint16_t avail_idx[3], used_seen[3];

static void out32(unsigned r, uint32_t x) { address_space_st(&hwt_as, IO + r, x, 4); }
static void out16(unsigned r, uint16_t x) { address_space_st(&hwt_as, IO + r, x, 2); }
static void out8(unsigned r, uint8_t x) { address_space_st(&hwt_as, IO + r, x, 1); }
static uint32_t in32(unsigned r) { return (uint32_t)address_space_ld(&hwt_as, IO + r, 4); }
static uint8_t in8(unsigned r) { return (uint8_t)address_space_ld(&hwt_as, IO + r, 1); }

/* The control queue has 64 entries, as QEMU's. */
static unsigned qn(unsigned q) { return q == 2 ? 64 : QN; }
static uint64_t qdesc(unsigned q) { return QBASE + q * QSTRIDE; }
static uint64_t qavail(unsigned q) { return qdesc(q) + 16 * qn(q); }
static uint64_t qused(unsigned q) { return (qavail(q) + 4 + 2 * qn(q) + 2 + 4095) & ~4095ull; }

static void driver_start(uint32_t features)
{
    out8(18, 0);
    out8(18, 1 | 2);
    ck_assert(in32(0) & (1u << VIRTIO_NET_F_MRG_RXBUF));
    out32(4, features);
    for (unsigned q = 0; q < 3; q++) {
        memset(nt_ramp + qdesc(q), 0, QSTRIDE);
        out16(14, (uint16_t)q);
        ck_assert_uint_eq(address_space_ld(&hwt_as, IO + 12, 2), qn(q));
        out32(8, (uint32_t)(qdesc(q) >> 12));
        avail_idx[q] = used_seen[q] = 0;
    }
    out8(18, 1 | 2 | 4);
}

static void setup(void)
{
    nt_setup();
    ck_assert_int_eq(virtio_net_pci_init(&v, &nt_bus, DEVFN, nt_peer, NULL, mac, NULL), 0);
    pci_config_write(&nt_bus, DEVFN, 0x10, IO, 4);
    pci_config_write(&nt_bus, DEVFN, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
}

static void teardown(void)
{
    free(v.txbuf);
    nt_teardown();
}

/* A chain of n buffers of queue q at descriptors first..first+n-1, made available. */
static void post(unsigned q, unsigned first, const uint64_t *addr, const uint32_t *len,
                 const bool *writable, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t d = qdesc(q) + 16 * (first + i);

        nt_mw(d, addr[i], 8);
        nt_mw(d + 8, len[i], 4);
        nt_mw(d + 12, (writable[i] ? 2 : 0) | (i + 1 < n ? 1 : 0), 2);
        nt_mw(d + 14, first + i + 1, 2);
    }
    nt_mw(qavail(q) + 4 + 2 * (avail_idx[q] % qn(q)), first, 2);
    avail_idx[q]++;
    nt_mw(qavail(q) + 2, avail_idx[q], 2);
}

static void post_rx(unsigned slot, uint32_t len)
{
    uint64_t a = BUF + 0x1000 * slot;
    bool w = true;

    post(0, slot, &a, &len, &w, 1);
}

static uint16_t used_idx(unsigned q) { return (uint16_t)nt_mr(qused(q) + 2, 2); }
static uint32_t used_len(unsigned q, unsigned n) { return (uint32_t)nt_mr(qused(q) + 4 + 8 * (n % qn(q)) + 4, 4); }

static void kick(unsigned q) { out16(16, (uint16_t)q); }

START_TEST(test_identity_and_config)
{
    ck_assert_uint_eq(pci_config_read(&nt_bus, DEVFN, 0, 4), 0x10001af4);
    ck_assert_uint_eq(pci_config_read(&nt_bus, DEVFN, 0x0a, 2), 0x0200);
    ck_assert_uint_eq(pci_config_read(&nt_bus, DEVFN, 0x2e, 2), 1);
    driver_start(1u << VIRTIO_NET_F_MAC | 1u << VIRTIO_NET_F_STATUS);
    for (unsigned i = 0; i < 6; i++)
        ck_assert_uint_eq(in8(20 + i), mac[i]);
    ck_assert_uint_eq(in8(26) & 1, 1);      /* LINK_UP */
    net_set_link(v.nc->name, false);
    ck_assert_uint_eq(in8(26) & 1, 0);
    ck_assert_int_eq(nt_probe.level[0], 1);
    ck_assert_uint_eq(in8(19) & 2, 2);      /* ISR: configuration change; reading clears */
    ck_assert_int_eq(nt_probe.level[0], 0);
}
END_TEST

START_TEST(test_receive_single_and_merged)
{
    uint8_t f[250];

    driver_start(1u << VIRTIO_NET_F_MAC);   /* no MRG_RXBUF, legacy: 10-byte header */
    post_rx(0, 2048);
    kick(0);
    nt_make_udp(f, sizeof(f), mac);
    ck_assert_int_eq(net_send(nt_peer, f, sizeof(f)), sizeof(f));
    ck_assert_uint_eq(used_idx(0), 1);
    ck_assert_uint_eq(used_len(0, 0), 10 + sizeof(f));
    ck_assert_mem_eq(nt_ramp + BUF + 10, f, sizeof(f));
    /* No buffer: queued until the driver posts one and kicks. */
    ck_assert_int_eq(net_send(nt_peer, f, sizeof(f)), 0);
    post_rx(1, 2048);
    kick(0);
    ck_assert_uint_eq(used_idx(0), 2);

    /* Mergeable: a 250-byte frame over 100-byte buffers takes 3 of them. */
    driver_start(1u << VIRTIO_NET_F_MAC | 1u << VIRTIO_NET_F_MRG_RXBUF);
    for (unsigned i = 0; i < 4; i++)
        post_rx(i, 100);
    kick(0);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(used_idx(0), 3);
    ck_assert_uint_eq(nt_mr(BUF + 10, 2), 3);                   /* num_buffers */
    ck_assert_uint_eq(used_len(0, 0) + used_len(0, 1) + used_len(0, 2), 12 + sizeof(f));
    ck_assert_mem_eq(nt_ramp + BUF + 12, f, 88);
    ck_assert_mem_eq(nt_ramp + BUF + 0x1000, f + 88, 100);
    ck_assert_mem_eq(nt_ramp + BUF + 0x2000, f + 188, 62);
    /* One buffer left, a frame needs three: nothing is used, the frame waits. */
    ck_assert_int_eq(net_send(nt_peer, f, sizeof(f)), 0);
    ck_assert_uint_eq(used_idx(0), 3);
    post_rx(4, 100);
    post_rx(5, 100);
    kick(0);
    ck_assert_uint_eq(used_idx(0), 6);
}
END_TEST

START_TEST(test_transmit_gso_and_csum)
{
    uint8_t pkt[54 + 2500], hdr[12] = { 0 };
    size_t len = nt_make_tcp(pkt, 2500, 9);
    uint64_t a[2] = { BUF, BUF + 0x1000 };
    uint32_t l[2] = { 12, (uint32_t)len };
    bool w[2] = { false, false };

    driver_start(1u << VIRTIO_NET_F_CSUM | 1u << VIRTIO_NET_F_HOST_TSO4 | 1u << VIRTIO_NET_F_MRG_RXBUF);
    hdr[0] = 1;                             /* NEEDS_CSUM */
    hdr[1] = 1;                             /* GSO_TCPV4 */
    pci_set_word(hdr + 2, 54);
    pci_set_word(hdr + 4, 1000);
    pci_set_word(hdr + 6, 34);
    pci_set_word(hdr + 8, 16);
    memcpy(nt_ramp + BUF, hdr, 12);
    memcpy(nt_ramp + BUF + 0x1000, pkt, len);
    post(1, 0, a, l, w, 2);
    kick(1);
    ck_assert_uint_eq(nt_rx.n, 3);
    for (unsigned i = 0; i < 3; i++) {
        ck_assert(nt_tcp_valid(nt_rx.data[i], nt_rx.len[i]));
        ck_assert_uint_eq(nt_tcp_seq(nt_rx.data[i]), 9 + 1000 * i);
    }
    ck_assert_uint_eq(used_idx(1), 1);
    /* Checksum only: the partial sum in the packet is completed. */
    nt_rx_clear();
    pkt[16] = (uint8_t)((len - 14) >> 8);
    pkt[17] = (uint8_t)(len - 14);
    net_csum_fill(pkt, len, 14, 34, 24);
    {
        uint32_t sum = net_csum_add(0, pkt + 26, 8) + 6 + (uint32_t)(len - 34);

        sum = (sum & 0xffff) + (sum >> 16);
        pkt[50] = (uint8_t)(sum >> 8);
        pkt[51] = (uint8_t)sum;
    }
    hdr[1] = 0;
    memcpy(nt_ramp + BUF, hdr, 12);
    memcpy(nt_ramp + BUF + 0x1000, pkt, len);
    post(1, 2, a, l, w, 2);
    kick(1);
    ck_assert_uint_eq(nt_rx.n, 1);
    ck_assert(nt_tcp_valid(nt_rx.data[0], len));
}
END_TEST

/* Linux sends GSO packets of up to 64 KiB of IP datagram: more than a frame, still taken. */
START_TEST(test_transmit_64k_gso)
{
    static uint8_t pkt[54 + 65500];
    uint8_t hdr[12] = { 1, 1 };
    size_t len = nt_make_tcp(pkt, 65500, 1);
    uint64_t a[2] = { BUF, 0x80000 };
    uint32_t l[2] = { 12, (uint32_t)len };
    bool w[2] = { false, false };
    size_t total = 0;

    driver_start(1u << VIRTIO_NET_F_CSUM | 1u << VIRTIO_NET_F_HOST_TSO4 | 1u << VIRTIO_NET_F_MRG_RXBUF);
    pci_set_word(hdr + 4, 1460);
    pci_set_word(hdr + 6, 34);
    pci_set_word(hdr + 8, 16);
    memcpy(nt_ramp + BUF, hdr, 12);
    memcpy(nt_ramp + 0x80000, pkt, len);
    post(1, 0, a, l, w, 2);
    kick(1);
    ck_assert_uint_eq(nt_rx.n, (65500 + 1459) / 1460);
    for (unsigned i = 0; i < nt_rx.n; i++) {
        ck_assert(nt_tcp_valid(nt_rx.data[i], nt_rx.len[i]));
        total += nt_rx.len[i] - 54;
    }
    ck_assert_uint_eq(total, 65500);
}
END_TEST

static uint8_t ctrl(unsigned slot, const uint8_t *cmd, uint32_t len)
{
    uint64_t a[2] = { BUF + 0x8000 + 0x100 * slot, BUF + 0x8000 + 0x100 * slot + 0x80 };
    uint32_t l[2] = { len, 1 };
    bool w[2] = { false, true };

    memcpy(nt_ramp + a[0], cmd, len);
    nt_ramp[a[1]] = 0xee;
    post(2, 2 * slot, a, l, w, 2);
    kick(2);
    return nt_ramp[a[1]];
}

START_TEST(test_ctrl_rx_modes_and_mac_table)
{
    uint8_t f[100], other[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
    uint8_t promisc_off[3] = { 0, 0, 0 }, bad[3] = { 0, 9, 1 };
    uint8_t table[2 + 4 + 6 + 4];

    driver_start(1u << VIRTIO_NET_F_CTRL_VQ | 1u << VIRTIO_NET_F_CTRL_RX | 1u << VIRTIO_NET_F_MRG_RXBUF);
    for (unsigned i = 0; i < 8; i++)
        post_rx(i, 2048);
    kick(0);
    nt_make_udp(f, sizeof(f), other);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(used_idx(0), 1);      /* promiscuous from reset */
    ck_assert_uint_eq(ctrl(0, promisc_off, 3), 0);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(used_idx(0), 1);      /* not ours now */
    /* Put the other address in the unicast table. */
    table[0] = 1;
    table[1] = 0;
    pci_set_long(table + 2, 1);
    memcpy(table + 6, other, 6);
    pci_set_long(table + 12, 0);
    ck_assert_uint_eq(ctrl(1, table, sizeof(table)), 0);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(used_idx(0), 2);
    /* A malformed table and an unknown command are refused. */
    pci_set_long(table + 2, 5);
    ck_assert_uint_eq(ctrl(2, table, sizeof(table)), 1);
    ck_assert_uint_eq(ctrl(3, bad, 3), 1);
}
END_TEST

static void good_frame_both_ways(void)
{
    uint8_t f[90];
    uint64_t a[2] = { BUF, BUF + 0x1000 };
    uint32_t l[2] = { 12, sizeof(f) };
    bool w[2] = { false, false };

    nt_rx_clear();
    driver_start(1u << VIRTIO_NET_F_MRG_RXBUF);
    nt_make_udp(f, sizeof(f), mac);
    memset(nt_ramp + BUF, 0, 12);
    memcpy(nt_ramp + BUF + 0x1000, f, sizeof(f));
    post(1, 0, a, l, w, 2);
    kick(1);
    ck_assert_uint_eq(nt_rx.n, 1);
    ck_assert_mem_eq(nt_rx.data[0], f, sizeof(f));
    post_rx(5, 2048);
    kick(0);
    net_flush_queue(v.nc);
    net_send(nt_peer, f, sizeof(f));
    ck_assert_uint_eq(used_idx(0), 1);
    ck_assert_mem_eq(nt_ramp + BUF + 0x5000 + 12, f, sizeof(f));
}

START_TEST(test_hostile_buffers)
{
    uint8_t f[100];
    uint64_t a[2] = { BUF, 0xfff00000000ull };
    uint32_t l[2] = { 12, 100 };
    bool w[2] = { false, false };

    driver_start(1u << VIRTIO_NET_F_MRG_RXBUF);
    /* A transmit buffer outside RAM breaks the device (the core's check). */
    post(1, 0, a, l, w, 2);
    kick(1);
    ck_assert_uint_eq(nt_rx.n, 0);
    /* A 100 KiB "frame" from a chain of big buffers in RAM is dropped, not sent. */
    driver_start(1u << VIRTIO_NET_F_MRG_RXBUF);
    {
        uint64_t aa[3] = { BUF, BUF, BUF };
        uint32_t ll[3] = { 60000, 60000, 60000 };
        bool ww[3] = { false, false, false };

        post(1, 0, aa, ll, ww, 3);
        kick(1);
        ck_assert_uint_eq(nt_rx.n, 0);
        ck_assert_uint_eq(used_idx(1), 1);
    }
    /* A receive buffer too small for the header. */
    post_rx(0, 4);
    kick(0);
    nt_make_udp(f, sizeof(f), mac);
    net_send(nt_peer, f, sizeof(f));
    ck_assert(v.vdev.broken);
    good_frame_both_ways();
}
END_TEST

START_TEST(test_register_and_ring_fuzz)
{
    uint64_t seed = 0x7777ull;

    driver_start(1u << VIRTIO_NET_F_MRG_RXBUF | 1u << VIRTIO_NET_F_CTRL_VQ | 1u << VIRTIO_NET_F_CSUM |
                 1u << VIRTIO_NET_F_HOST_TSO4);
    for (unsigned i = 0; i < 100000; i++) {
        uint64_t x = hwt_rand(&seed);
        unsigned q = (unsigned)(x >> 60) % 3;

        switch ((x >> 8) & 7) {
        case 0:     /* garbage into a ring */
            nt_mw(qdesc(q) + ((x >> 16) % (QSTRIDE / 8)) * 8, x ^ (x << 7), 8);
            break;
        case 1:     /* garbage into the buffers */
            nt_mw(BUF + ((x >> 16) % 0x10000), x, 8);
            break;
        case 2:
            kick(q);
            break;
        case 3: {
            uint8_t f[128];

            nt_make_udp(f, sizeof(f), mac);
            net_send(nt_peer, f, sizeof(f));
            break;
        }
        case 4:     /* a register, now and then a reset or a new PFN */
            if ((x & 0xff) < 4)
                address_space_st(&hwt_as, IO + ((x >> 20) % 32), x >> 32, 1u << ((x >> 30) & 2));
            else
                address_space_ld(&hwt_as, IO + ((x >> 20) % 32), 1);
            break;
        default:
            nt_mw(qavail(q) + 2, (x >> 16) & 0xffff, 2);
        }
    }
    good_frame_both_ways();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-virtio-net");
    TCase *tc = tcase_create("virtio-net");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_identity_and_config);
    tcase_add_test(tc, test_receive_single_and_merged);
    tcase_add_test(tc, test_transmit_gso_and_csum);
    tcase_add_test(tc, test_transmit_64k_gso);
    tcase_add_test(tc, test_ctrl_rx_modes_and_mac_table);
    tcase_add_test(tc, test_hostile_buffers);
    tcase_add_test(tc, test_register_and_ring_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
