/*
 * The network core: clients joined in pairs (peers). A NIC front end in
 * hw/net/ is a client whose peer is a back end (net/slirp.c, socket.c,
 * tap.c) or a port of a hub (net/hub.c, the "-net ... vlan=N" of old
 * command lines). A frame goes from one client to its peer only; hubs copy
 * it to their other ports.
 *
 * Flow control is QEMU's: each client has an incoming queue. net_send()
 * delivers a frame at once when the receiver can take it; otherwise (the
 * receiver says no through can_receive, or its receive returns 0, or it is
 * itself in the middle of sending: a reply produced synchronously while a
 * NIC transmits) the frame is queued, up to NET_QUEUE_MAX frames, then
 * dropped. The receiver calls net_flush_queue() when it can take frames
 * again (a NIC when the guest gives it receive buffers); a sender that
 * stops reading its host fd while its peer is busy is told by peer_ready.
 *
 * Link state: a frame from or to a client whose link is down is dropped
 * (the monitor's set_link).
 *
 * Everything runs under the bql: NICs send from vCPU threads (MMIO), back
 * ends from the main loop.
 */
#ifndef VIREO_NET_NET_H
#define VIREO_NET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "system/options.h"

#define NET_QUEUE_MAX   1024        /* frames waiting for one receiver */
#define NET_FRAME_MAX   65536       /* larger frames are dropped by the core */

typedef enum NetClientKind {
    NET_CLIENT_NIC,
    NET_CLIENT_USER,
    NET_CLIENT_TAP,
    NET_CLIENT_BRIDGE,
    NET_CLIENT_SOCKET,
    NET_CLIENT_HUBPORT,
} NetClientKind;

typedef struct NetClientState NetClientState;

typedef struct NetClientInfo {
    NetClientKind kind;
    /*
     * Take one frame. Returns len (taken, or dropped on purpose), 0 when it
     * cannot take it now (the core queues it until net_flush_queue), or a
     * negative errno (dropped).
     */
    ssize_t (*receive)(NetClientState *nc, const uint8_t *buf, size_t len);
    /* Optional: false while the client has nowhere to put a frame. */
    bool (*can_receive)(NetClientState *nc);
    /* Optional: nc->link_down changed (the monitor's set_link). */
    void (*link_status_changed)(NetClientState *nc);
    /* Optional: the queue of nc's peer drained; a back end may read again. */
    void (*peer_ready)(NetClientState *nc);
    /* Optional: release what the client holds (at exit). */
    void (*cleanup)(NetClientState *nc);
} NetClientInfo;

typedef struct NetPacket NetPacket;

struct NetClientState {
    const NetClientInfo *info;
    NetClientState *peer;
    char *name;                 /* "e1000.0", "user.0", "hub0port1", the netdev id */
    char *model;                /* NICs: "e1000"...; back ends: the type name */
    char info_str[256];         /* what "info network" prints after type= */
    bool link_down;
    void *opaque;               /* the owner's state */
    NetPacket *queue_head, *queue_tail;
    unsigned queue_len;
    unsigned sending;           /* nested net_send calls from this client */
    bool receive_disabled;      /* receive returned 0: wait for net_flush_queue */
    unsigned hub_id;            /* hub ports: the hub */
    NetClientState *next;       /* every client, in creation order */
};

/* Create a client named name (copied) of model, joined to peer if not NULL. */
NetClientState *net_client_new(const NetClientInfo *info, NetClientState *peer,
                               const char *model, const char *name, void *opaque);
/* Join a and b (each must be free). */
void net_client_connect(NetClientState *a, NetClientState *b);
/* Free one client (its peer is left unjoined). */
void net_client_free(NetClientState *nc);

/*
 * A NIC front end: info->kind must be NET_CLIENT_NIC; its info_str is
 * "model=MODEL,macaddr=MAC" as QEMU's. name NULL: "MODEL.N".
 */
NetClientState *net_nic_new(const NetClientInfo *info, NetClientState *peer, const char *model,
                            const char *name, const uint8_t mac[6], void *opaque);

/*
 * Send a frame to nc's peer. Returns len when it was delivered or dropped,
 * 0 when it was queued (the sender may hold off until peer_ready).
 */
ssize_t net_send(NetClientState *nc, const uint8_t *buf, size_t len);
/* Deliver what waits in nc's queue while nc can take it. */
void net_flush_queue(NetClientState *nc);
/* Can nc's peer take a frame now (joined, nothing queued before it, can_receive)? */
bool net_peer_can_receive(NetClientState *nc);
/* Drop every frame queued for nc (a device reset). */
void net_purge_queue(NetClientState *nc);

/* Lookup by name; NULL if none. */
NetClientState *net_find_client(const char *name);
/* Every client, in creation order (for walking: c = c->next). */
NetClientState *net_clients(void);

/*
 * The back ends of cfg->netdevs, and the hubs of -net entries. 0 or a
 * negative errno after an error naming the option. Called once by the board
 * before it creates its NICs.
 */
int net_init_backends(const VireoConfig *cfg);
/*
 * The peer prepared for cfg->nics[i]: its hub port (-net nic, made before
 * the back ends so ports are numbered in QEMU's order) or its netdev.
 */
NetClientState *net_nic_peer(unsigned i);
/* The back end of -netdev id=ID (for -device MODEL,netdev=ID), or NULL. */
NetClientState *net_backend_by_id(const char *id);
/* Release every client (at exit). */
void net_cleanup(void);

/* Monitor: "info network", set_link. 0, or -ENOENT for an unknown name. */
void net_info(FILE *out);
int net_set_link(const char *name, bool up);

/* "52:54:00:12:34:56" into buf (18 bytes). */
void net_format_mac(char *buf, const uint8_t mac[6]);

#endif
