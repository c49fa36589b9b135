/*
 * The back ends and the hub, as net.c creates them from the options. Each
 * returns its client joined to peer (a hub port for -net entries, NULL for
 * a -netdev the board joins to a NIC later), or NULL after reporting an
 * error (error_report, the option's location already set).
 */
#ifndef VIREO_NET_CLIENTS_H
#define VIREO_NET_CLIENTS_H

#include <stdio.h>

#include "net/net.h"

/* net/slirp.c: user networking on libslirp (net/slirp-none.c without it). */
NetClientState *net_slirp_new(const NetdevConfig *cfg, NetClientState *peer, const char *name);
/* Monitor: hostfwd_add / hostfwd_remove on the user stack named name (NULL: the first). */
int net_slirp_hostfwd_add(const char *name, const char *rule, FILE *out);
int net_slirp_hostfwd_remove(const char *name, const char *rule, FILE *out);

/* net/socket.c: listen=/connect= (TCP, QEMU's 4-byte length framing) and mcast= (UDP). */
NetClientState *net_socket_new(const NetdevConfig *cfg, NetClientState *peer, const char *name);

/* net/tap.c: a Linux tap device (ifname=, fd=, script=/downscript=, vnet_hdr=). */
NetClientState *net_tap_new(const NetdevConfig *cfg, NetClientState *peer, const char *name);

/* net/hub.c: the port of hub id named "hubNportM" (the hub is made on first use). */
NetClientState *net_hub_add_port(unsigned id);
/* Is nc a hub port, or joined to one? Sets *id to the hub. */
bool net_hub_id_for_client(const NetClientState *nc, unsigned *id);
/* "hub N" and its ports, as QEMU's net_hub_info. */
void net_hub_info(FILE *out, void (*print)(FILE *, const NetClientState *));
void net_hub_cleanup(void);

#endif
