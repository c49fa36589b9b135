/*
 * Shared scaffolding of the NIC tests (test-hw-e1000.c, test-hw-rtl8139.c,
 * test-hw-virtio-net.c): 1 MiB of RAM and a PCI bus whose INTA lines go to
 * an IRQ probe, a fake back end joined to the NIC that records every frame
 * it gets (and can refuse them), and frame checks (IPv4/TCP checksums).
 * Header-only; each test program includes it once, after hw-test.h.
 */
#ifndef TESTS_UNIT_NET_TEST_H
#define TESTS_UNIT_NET_TEST_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/pci.h"
#include "net/checksum.h"
#include "net/net.h"
#include "system/main-loop.h"
#include "tests/unit/hw-test.h"

#define NT_RAM_SIZE     0x100000u
#define NT_MAX_FRAMES   64

static MemoryRegion nt_sysmem, nt_ram, nt_pcimem;
static AddressSpace nt_mem_as;
static PCIBus nt_bus;
static IrqProbe nt_probe;
static uint8_t *nt_ramp;

/* What the fake back end received. */
static struct {
    uint8_t *data[NT_MAX_FRAMES];
    size_t len[NT_MAX_FRAMES];
    unsigned n;
    bool refuse;
} nt_rx;
static NetClientState *nt_peer;

static int nt_map_irq(void *o, int devfn, int pin) { return 0; }
static void nt_set_irq(void *o, int irq, int level) { hwt_probe_handler(&nt_probe, irq, level); }

static ssize_t nt_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    if (nt_rx.refuse)
        return 0;
    if (nt_rx.n < NT_MAX_FRAMES) {
        nt_rx.data[nt_rx.n] = malloc(len);
        memcpy(nt_rx.data[nt_rx.n], buf, len);
        nt_rx.len[nt_rx.n++] = len;
    }
    return (ssize_t)len;
}

static const NetClientInfo nt_peer_info = { .kind = NET_CLIENT_SOCKET, .receive = nt_receive };

static void nt_rx_clear(void)
{
    for (unsigned i = 0; i < nt_rx.n; i++)
        free(nt_rx.data[i]);
    memset(&nt_rx, 0, sizeof(nt_rx));
}

static void nt_setup(void)
{
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
    hwt_io_init();
    memset(&nt_probe, 0, sizeof(nt_probe));
    memset(&nt_sysmem, 0, sizeof(nt_sysmem));
    memory_region_init_container(&nt_sysmem, "system", UINT64_MAX);
    ck_assert_int_eq(memory_region_init_ram(&nt_ram, "ram", NT_RAM_SIZE), 0);
    memory_region_add_subregion(&nt_sysmem, 0, &nt_ram);
    memory_region_init_container(&nt_pcimem, "pci", UINT64_MAX);
    memory_region_add_subregion_overlap(&nt_sysmem, 0, &nt_pcimem, -1);
    ck_assert_int_eq(address_space_init(&nt_mem_as, &nt_sysmem, "memory"), 0);
    nt_ramp = memory_region_get_ram_ptr(&nt_ram);
    pci_bus_init(&nt_bus, &nt_pcimem, &hwt_io);
    pci_bus_set_dma_as(&nt_bus, &nt_mem_as);
    pci_bus_set_irq_route(&nt_bus, nt_map_irq, nt_set_irq, NULL, 4);
    nt_rx_clear();
    nt_peer = net_client_new(&nt_peer_info, NULL, "socket", "peer", NULL);
    ck_assert_ptr_nonnull(nt_peer);
}

static void nt_teardown(void)
{
    nt_rx_clear();
    net_cleanup();
    hwt_io_fini();
    bql_unlock();
    main_loop_cleanup();
}

static uint64_t nt_mr(uint64_t a, unsigned s) { return address_space_ld(&nt_mem_as, a, s); }
static void nt_mw(uint64_t a, uint64_t v, unsigned s) { address_space_st(&nt_mem_as, a, v, s); }

/* A UDP/IPv4 frame of len bytes (>= 42) from the peer's side to dst. */
static size_t nt_make_udp(uint8_t *f, size_t len, const uint8_t dst[6])
{
    static const uint8_t src[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };

    memset(f, 0, len);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    f[14] = 0x45;
    f[16] = (uint8_t)((len - 14) >> 8);
    f[17] = (uint8_t)(len - 14);
    f[22] = 64;
    f[23] = 17;
    f[26] = 10; f[27] = 0; f[28] = 2; f[29] = 2;
    f[30] = 10; f[31] = 0; f[32] = 2; f[33] = 15;
    for (size_t i = 42; i < len; i++)
        f[i] = (uint8_t)(i * 7);
    net_csum_fill(f, len, 14, 34, 24);
    return len;
}

/*
 * A TCP/IPv4 packet with payload bytes of data, its IP length and both
 * checksums as a stack would leave them for TSO/GSO: IP length 0 and no
 * IP checksum, the TCP checksum of the pseudo header without the length.
 */
static size_t nt_make_tcp(uint8_t *f, size_t payload, uint32_t seq)
{
    size_t len = 54 + payload;
    uint32_t sum;

    memset(f, 0, 54);
    memset(f, 0x52, 6);
    memset(f + 6, 0x54, 6);
    f[12] = 0x08;
    f[14] = 0x45;
    f[18] = 0x12; f[19] = 0x34;             /* IP id */
    f[22] = 64;
    f[23] = 6;
    f[26] = 10; f[27] = 0; f[28] = 2; f[29] = 15;
    f[30] = 10; f[31] = 0; f[32] = 2; f[33] = 2;
    f[34] = 0x30; f[35] = 0x39;             /* ports */
    f[36] = 0x00; f[37] = 0x50;
    f[38] = (uint8_t)(seq >> 24); f[39] = (uint8_t)(seq >> 16);
    f[40] = (uint8_t)(seq >> 8); f[41] = (uint8_t)seq;
    f[46] = 0x50;                           /* data offset 5 */
    f[47] = 0x19;                           /* FIN PSH ACK */
    for (size_t i = 0; i < payload; i++)
        f[54 + i] = (uint8_t)(i * 13 + 1);
    sum = net_csum_add(0, f + 26, 8) + 6;
    sum = (sum & 0xffff) + (sum >> 16);
    f[50] = (uint8_t)(sum >> 8);
    f[51] = (uint8_t)sum;
    return len;
}

/* Is frame f a TCP/IPv4 segment with valid IP and TCP checksums and consistent lengths? */
static bool nt_tcp_valid(const uint8_t *f, size_t len)
{
    size_t tot;
    uint32_t sum;

    if (len < 54 || f[12] != 0x08 || f[23] != 6)
        return false;
    tot = (size_t)(f[16] << 8 | f[17]);
    if (tot + 14 != len || net_csum_finish(net_csum_add(0, f + 14, 20)) != 0)
        return false;
    sum = net_csum_add(0, f + 26, 8) + 6 + (uint32_t)(tot - 20);
    return net_csum_finish(net_csum_add(sum, f + 34, tot - 20)) == 0;
}

static uint32_t nt_tcp_seq(const uint8_t *f)
{
    return (uint32_t)f[38] << 24 | (uint32_t)f[39] << 16 | (uint32_t)f[40] << 8 | f[41];
}

#endif
