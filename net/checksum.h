/*
 * Internet checksums (RFC 1071) and TCP segmentation for the NICs' transmit
 * offloads: e1000's checksum insertion and TSO (8254x SDM 3.5.x) and
 * virtio-net's NEEDS_CSUM and GSO (VIRTIO 1.1 5.1.6.2) end up here, so the
 * back ends always get plain, complete frames.
 */
#ifndef VIREO_NET_CHECKSUM_H
#define VIREO_NET_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Add len bytes (big-endian 16-bit words) to a running sum. */
uint32_t net_csum_add(uint32_t sum, const uint8_t *p, size_t len);
/* Fold and complement: the value to store. */
uint16_t net_csum_finish(uint32_t sum);

/*
 * Checksum pkt[start, end) with the 16-bit field at pkt + put already part
 * of it (a seed such as a partial pseudo-header sum) and store the result
 * there. Out-of-range offsets do nothing (a guest's garbage). A zero UDP
 * result is left as computed; callers that know it is UDP may map it.
 */
void net_csum_fill(uint8_t *pkt, size_t len, size_t start, size_t end, size_t put);

typedef void NetEmitFn(void *opaque, const uint8_t *frame, size_t len);

/*
 * Cut the TCP packet pkt (IPv4 or IPv6 header at l3, TCP header at l4)
 * into frames of at most mss payload bytes each, with fresh IP lengths,
 * IPv4 ids and header checksums, sequence numbers, FIN/PSH only on the last,
 * and complete TCP checksums; hand each to emit. Returns the number of
 * frames, or -1 for a packet that is not what it claims (then nothing is
 * emitted).
 */
int net_tcp_segment(const uint8_t *pkt, size_t len, size_t l3, size_t l4, bool ipv6, unsigned mss,
                    NetEmitFn *emit, void *opaque);

#endif
