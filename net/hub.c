/*
 * The hub of "-net ... vlan=N": every -net entry with the same vlan gets a
 * port; a frame that comes in on one port goes out on every other one (a
 * repeater, as QEMU's net/hub.c). Ports always accept, so flow control
 * ends at the hub; the receivers' queues bound what a fast sender costs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "net/clients.h"

typedef struct NetHub {
    unsigned id;
    unsigned nports;
    NetClientState **ports;
    struct NetHub *next;
} NetHub;

static NetHub *hubs;

static ssize_t hub_port_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    NetHub *hub = nc->opaque;

    for (unsigned i = 0; i < hub->nports; i++)
        if (hub->ports[i] != nc)
            net_send(hub->ports[i], buf, len);
    return (ssize_t)len;
}

/* A port whose peer cannot take frames holds up no one; let a reader resume. */
static void hub_port_peer_ready(NetClientState *nc)
{
    NetHub *hub = nc->opaque;

    for (unsigned i = 0; i < hub->nports; i++) {
        NetClientState *p = hub->ports[i];

        if (p != nc && p->peer && p->peer->info->peer_ready)
            p->peer->info->peer_ready(p->peer);
    }
}

static const NetClientInfo hub_port_info = {
    .kind = NET_CLIENT_HUBPORT,
    .receive = hub_port_receive,
    .peer_ready = hub_port_peer_ready,
};

static NetHub *hub_find(unsigned id, bool create)
{
    NetHub *h;

    for (h = hubs; h; h = h->next)
        if (h->id == id)
            return h;
    if (!create || !(h = calloc(1, sizeof(*h))))
        return NULL;
    h->id = id;
    /* QEMU lists the newest hub first. */
    h->next = hubs;
    hubs = h;
    return h;
}

NetClientState *net_hub_add_port(unsigned id)
{
    NetHub *hub = hub_find(id, true);
    NetClientState **ports, *nc;
    char name[32];

    if (!hub || !(ports = realloc(hub->ports, (hub->nports + 1) * sizeof(*ports))))
        return NULL;
    hub->ports = ports;
    snprintf(name, sizeof(name), "hub%uport%u", id, hub->nports);
    nc = net_client_new(&hub_port_info, NULL, "hubport", name, hub);
    if (!nc)
        return NULL;
    nc->hub_id = id;
    hub->ports[hub->nports++] = nc;
    return nc;
}

bool net_hub_id_for_client(const NetClientState *nc, unsigned *id)
{
    if (nc->info->kind == NET_CLIENT_HUBPORT) {
        *id = nc->hub_id;
        return true;
    }
    if (nc->peer && nc->peer->info->kind == NET_CLIENT_HUBPORT) {
        *id = nc->peer->hub_id;
        return true;
    }
    return false;
}

void net_hub_info(FILE *out, void (*print)(FILE *, const NetClientState *))
{
    for (NetHub *h = hubs; h; h = h->next) {
        fprintf(out, "hub %u\n", h->id);
        /* Newest port first, as QEMU's list. */
        for (unsigned i = h->nports; i-- > 0;) {
            NetClientState *p = h->ports[i];

            fprintf(out, " \\ %s", p->name);
            if (p->peer) {
                fprintf(out, ": ");
                print(out, p->peer);
            } else {
                fprintf(out, "\n");
            }
        }
    }
}

void net_hub_cleanup(void)
{
    while (hubs) {
        NetHub *h = hubs;

        hubs = h->next;
        free(h->ports);
        free(h);
    }
}
