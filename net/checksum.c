/* Internet checksums and TCP segmentation: see checksum.h. */
#include <stdlib.h>
#include <string.h>

#include "net/checksum.h"

uint32_t net_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += (uint32_t)p[i] << 8 | p[i + 1];
        if (sum & 0x80000000u)
            sum = (sum & 0xffff) + (sum >> 16);
    }
    if (i < len)
        sum += (uint32_t)p[i] << 8;
    return sum;
}

uint16_t net_csum_finish(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

void net_csum_fill(uint8_t *pkt, size_t len, size_t start, size_t end, size_t put)
{
    if (end > len)
        end = len;
    if (start >= end || put + 2 > len)
        return;
    put16(pkt + put, net_csum_finish(net_csum_add(0, pkt + start, end - start)));
}

int net_tcp_segment(const uint8_t *pkt, size_t len, size_t l3, size_t l4, bool ipv6, unsigned mss,
                    NetEmitFn *emit, void *opaque)
{
    size_t hdr_len, payload, off;
    uint32_t seq;
    uint16_t ip_id;
    uint8_t *seg;
    int n = 0;

    if (mss == 0 || l4 + 20 > len || l3 + (ipv6 ? 40 : 20) > l4)
        return -1;
    if (!ipv6 && l3 + (size_t)(pkt[l3] & 15) * 4 > l4)
        return -1;
    hdr_len = l4 + (size_t)(pkt[l4 + 12] >> 4) * 4;
    if (hdr_len < l4 + 20 || hdr_len > len)
        return -1;
    payload = len - hdr_len;
    seq = (uint32_t)get16(pkt + l4 + 4) << 16 | get16(pkt + l4 + 6);
    ip_id = get16(pkt + l3 + 4);
    if (!(seg = malloc(hdr_len + mss)))
        return -1;
    off = 0;
    do {
        size_t chunk = payload - off < mss ? payload - off : mss;
        size_t seg_len = hdr_len + chunk;
        bool last = off + chunk >= payload;
        uint32_t sum, s = seq + (uint32_t)off;

        memcpy(seg, pkt, hdr_len);
        memcpy(seg + hdr_len, pkt + hdr_len + off, chunk);
        if (ipv6) {
            put16(seg + l3 + 4, (uint16_t)(seg_len - l3 - 40));
            sum = net_csum_add(0, seg + l3 + 8, 32);            /* source, destination */
        } else {
            put16(seg + l3 + 2, (uint16_t)(seg_len - l3));
            put16(seg + l3 + 4, (uint16_t)(ip_id + n));
            put16(seg + l3 + 10, 0);
            put16(seg + l3 + 10, net_csum_finish(net_csum_add(0, seg + l3, (size_t)(seg[l3] & 15) * 4)));
            sum = net_csum_add(0, seg + l3 + 12, 8);
        }
        put16(seg + l4 + 4, (uint16_t)(s >> 16));
        put16(seg + l4 + 6, (uint16_t)s);
        if (!last)
            seg[l4 + 13] &= (uint8_t)~0x09;                     /* FIN, PSH */
        put16(seg + l4 + 16, 0);
        sum += 6 + (uint32_t)(seg_len - l4);                    /* protocol, TCP length */
        put16(seg + l4 + 16, net_csum_finish(net_csum_add(sum, seg + l4, seg_len - l4)));
        emit(opaque, seg, seg_len);
        n++;
        off += chunk;
    } while (off < payload);
    free(seg);
    return n;
}
