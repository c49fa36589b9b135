/*
 * The network core (net/net.h): delivery, the incoming queue and its
 * limit, replies made while the receiver is sending, link state, the hub;
 * the checksum and segmentation helpers; and the socket back end against
 * a host peer that sends zero-length and oversized frames (the connection
 * is dropped, a listener takes the next peer, good frames go through).
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/checksum.h"
#include "net/clients.h"
#include "net/net.h"
#include "system/main-loop.h"
#include "tests/unit/check-run.h"

typedef struct Sink {
    unsigned n;
    size_t last_len;
    uint8_t last[2048];
    bool refuse;
    NetClientState *reply_to;       /* send a reply from inside receive */
    unsigned replies;
} Sink;

static ssize_t sink_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    Sink *s = nc->opaque;

    if (s->refuse)
        return 0;
    s->n++;
    s->last_len = len;
    memcpy(s->last, buf, len < sizeof(s->last) ? len : sizeof(s->last));
    if (s->reply_to && s->replies < 3) {
        s->replies++;
        net_send(nc, buf, len);     /* back to the sender, which is still sending */
    }
    return (ssize_t)len;
}

static const NetClientInfo sink_info = { .kind = NET_CLIENT_NIC, .receive = sink_receive };
static const NetClientInfo sink_user_info = { .kind = NET_CLIENT_USER, .receive = sink_receive };

static void setup(void)
{
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
}

static void teardown(void)
{
    net_cleanup();
    bql_unlock();
    main_loop_cleanup();
}

START_TEST(test_deliver_queue_flush)
{
    Sink a = { 0 }, b = { 0 };
    NetClientState *ca = net_client_new(&sink_info, NULL, "x", "a", &a);
    NetClientState *cb = net_client_new(&sink_info, ca, "x", "b", &b);
    uint8_t f[64] = { 1, 2, 3 };

    ck_assert_int_eq(net_send(ca, f, sizeof(f)), sizeof(f));
    ck_assert_uint_eq(b.n, 1);
    b.refuse = true;
    ck_assert_int_eq(net_send(ca, f, sizeof(f)), 0);
    f[0] = 9;
    ck_assert_int_eq(net_send(ca, f, sizeof(f)), 0);
    ck_assert_uint_eq(cb->queue_len, 2);
    ck_assert(!net_peer_can_receive(ca));
    b.refuse = false;
    net_flush_queue(cb);
    ck_assert_uint_eq(b.n, 3);
    ck_assert_uint_eq(b.last[0], 9);        /* in order */
    ck_assert_uint_eq(cb->queue_len, 0);
    /* The queue is bounded. */
    b.refuse = true;
    for (unsigned i = 0; i < NET_QUEUE_MAX + 50; i++)
        net_send(ca, f, sizeof(f));
    ck_assert_uint_eq(cb->queue_len, NET_QUEUE_MAX);
    net_purge_queue(cb);
    ck_assert_uint_eq(cb->queue_len, 0);
    /* Zero-length and oversized frames never reach a client. */
    b.refuse = false;
    b.n = 0;
    net_send(ca, f, 0);
    ck_assert_uint_eq(b.n, 0);
}
END_TEST

START_TEST(test_reply_while_sending)
{
    Sink a = { 0 }, b = { 0 };
    NetClientState *ca = net_client_new(&sink_info, NULL, "x", "a", &a);
    NetClientState *cb = net_client_new(&sink_info, ca, "x", "b", &b);
    uint8_t f[60] = { 0 };

    b.reply_to = ca;
    net_send(ca, f, sizeof(f));
    /* b answered while a was inside net_send: a got it after, not during. */
    ck_assert_uint_eq(b.n, 1);
    ck_assert_uint_eq(a.n, 1);
    ck_assert_uint_eq(ca->queue_len, 0);
    (void)cb;
}
END_TEST

START_TEST(test_link_down_and_info)
{
    Sink a = { 0 }, b = { 0 };
    static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
    NetClientState *ca = net_nic_new(&sink_info, NULL, "e1000", NULL, mac, &a);
    NetClientState *cb = net_client_new(&sink_user_info, ca, "user", "n0", &b);
    uint8_t f[60] = { 0 };
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    ck_assert_str_eq(ca->name, "e1000.0");
    ck_assert_int_eq(net_set_link("n0", false), 0);
    ck_assert(ca->link_down);               /* a NIC follows its back end */
    net_send(ca, f, sizeof(f));
    net_send(cb, f, sizeof(f));
    ck_assert_uint_eq(a.n + b.n, 0);
    net_set_link("n0", true);
    net_send(ca, f, sizeof(f));
    ck_assert_uint_eq(b.n, 1);
    ck_assert_int_eq(net_set_link("nope", true), -ENOENT);
    net_info(out);
    fclose(out);
    ck_assert_str_eq(buf, "e1000.0: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:56\n"
                          " \\ n0: index=0,type=user,\n");
    free(buf);
}
END_TEST

START_TEST(test_hub)
{
    Sink s[3] = { { 0 } };
    NetClientState *c[3];
    uint8_t f[60] = { 7 };

    for (int i = 0; i < 3; i++)
        c[i] = net_client_new(&sink_info, net_hub_add_port(0), "x", NULL, &s[i]);
    ck_assert_str_eq(c[0]->peer->name, "hub0port0");
    net_send(c[1], f, sizeof(f));
    ck_assert_uint_eq(s[0].n, 1);
    ck_assert_uint_eq(s[1].n, 0);
    ck_assert_uint_eq(s[2].n, 1);
}
END_TEST

START_TEST(test_checksum_and_segment)
{
    /* RFC 1071's example: 0001 f203 f4f5 f6f7 sums to ddf2, stored as 220d. */
    static const uint8_t words[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
    uint8_t bad[40] = { 0 };

    ck_assert_uint_eq(net_csum_finish(net_csum_add(0, words, 8)), 0x220d);
    /* A packet whose headers lie is refused, nothing emitted. */
    bad[14] = 0x4f;
    ck_assert_int_eq(net_tcp_segment(bad, sizeof(bad), 14, 34, false, 100, NULL, NULL), -1);
    ck_assert_int_eq(net_tcp_segment(bad, sizeof(bad), 14, 34, false, 0, NULL, NULL), -1);
}
END_TEST

/* ---- The socket back end against a hostile host peer ---------------------------------- */

static int free_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t l = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port;

    bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    getsockname(fd, (struct sockaddr *)&sa, &l);
    port = ntohs(sa.sin_port);
    close(fd);
    return port;
}

static int connect_to(int port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    return fd;
}

static void spin(void)
{
    for (int i = 0; i < 20; i++) {
        main_loop_wait(true);
        usleep(2000);
    }
}

static void send_frame(int fd, uint32_t len, uint8_t fill)
{
    uint8_t buf[4 + 200];

    buf[0] = (uint8_t)(len >> 24);
    buf[1] = (uint8_t)(len >> 16);
    buf[2] = (uint8_t)(len >> 8);
    buf[3] = (uint8_t)len;
    memset(buf + 4, fill, sizeof(buf) - 4);
    ck_assert_int_eq(write(fd, buf, 4 + (len <= 200 ? len : 0)), (ssize_t)(4 + (len <= 200 ? len : 0)));
}

START_TEST(test_socket_hostile_peer)
{
    char addr[32];
    NetdevConfig cfg = { .kind = NETDEV_SOCKET, .listen = addr };
    Sink nic = { 0 };
    NetClientState *sock, *c;
    int port = free_port(), fd;
    uint8_t f[100], got[104];

    snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
    sock = net_socket_new(&cfg, NULL, "s0");
    ck_assert_ptr_nonnull(sock);
    c = net_client_new(&sink_info, sock, "e1000", "nic", &nic);
    fd = connect_to(port);
    spin();
    send_frame(fd, 100, 0xaa);
    send_frame(fd, 0, 0);                   /* skipped */
    send_frame(fd, 60, 0xbb);
    spin();
    ck_assert_uint_eq(nic.n, 2);
    ck_assert_uint_eq(nic.last_len, 60);
    ck_assert_uint_eq(nic.last[0], 0xbb);
    /* Guest to host: the same framing. */
    memset(f, 0x5a, sizeof(f));
    net_send(c, f, sizeof(f));
    ck_assert_int_eq(read(fd, got, sizeof(got)), 104);
    ck_assert_uint_eq(got[3], 100);
    ck_assert_uint_eq(got[4], 0x5a);
    /* An oversized length: the connection is dropped... */
    send_frame(fd, 0x7fffffff, 0);
    spin();
    ck_assert_int_eq(read(fd, got, sizeof(got)), 0);
    close(fd);
    /* ...and the next peer is served. */
    fd = connect_to(port);
    spin();
    send_frame(fd, 80, 0xcc);
    spin();
    ck_assert_uint_eq(nic.n, 3);
    ck_assert_uint_eq(nic.last[0], 0xcc);
    close(fd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("net");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_deliver_queue_flush);
    tcase_add_test(tc, test_reply_while_sending);
    tcase_add_test(tc, test_link_down_and_info);
    tcase_add_test(tc, test_hub);
    tcase_add_test(tc, test_checksum_and_segment);
    tcase_add_test(tc, test_socket_hostile_peer);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
