/*
 * The network core: clients, their incoming queues, hubs and back ends made
 * from the options, and the monitor's view. See net.h for the contract.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/clients.h"
#include "net/net.h"
#include "system/error.h"

struct NetPacket {
    NetPacket *next;
    size_t len;
    uint8_t data[];
};

static NetClientState *clients, **clients_tail = &clients;
static NetClientState *nic_peers[VIREO_MAX_NICS];

static char *net_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

NetClientState *net_client_new(const NetClientInfo *info, NetClientState *peer,
                               const char *model, const char *name, void *opaque)
{
    NetClientState *nc = calloc(1, sizeof(*nc));

    if (!nc)
        return NULL;
    nc->info = info;
    nc->model = net_strdup(model);
    nc->name = net_strdup(name ? name : model);
    nc->opaque = opaque;
    if (!nc->model || !nc->name) {
        free(nc->model);
        free(nc->name);
        free(nc);
        return NULL;
    }
    if (peer)
        net_client_connect(nc, peer);
    *clients_tail = nc;
    clients_tail = &nc->next;
    return nc;
}

void net_client_connect(NetClientState *a, NetClientState *b)
{
    a->peer = b;
    b->peer = a;
}

void net_client_free(NetClientState *nc)
{
    NetClientState **p;

    for (p = &clients; *p && *p != nc; p = &(*p)->next)
        ;
    if (*p) {
        *p = nc->next;
        if (clients_tail == &nc->next)
            clients_tail = p;
    }
    if (nc->peer && nc->peer->peer == nc)
        nc->peer->peer = NULL;
    if (nc->info->cleanup)
        nc->info->cleanup(nc);
    net_purge_queue(nc);
    free(nc->name);
    free(nc->model);
    free(nc);
}

void net_format_mac(char *buf, const uint8_t mac[6])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
}

NetClientState *net_nic_new(const NetClientInfo *info, NetClientState *peer, const char *model,
                            const char *name, const uint8_t mac[6], void *opaque)
{
    char auto_name[64], macs[18];
    NetClientState *nc;

    if (!name) {
        /* QEMU's assign_name: MODEL.N, N counting the clients of that model. */
        unsigned n = 0;

        for (NetClientState *c = clients; c; c = c->next)
            if (c->info->kind == NET_CLIENT_NIC && !strcmp(c->model, model))
                n++;
        snprintf(auto_name, sizeof(auto_name), "%s.%u", model, n);
        name = auto_name;
    }
    nc = net_client_new(info, peer, model, name, opaque);
    if (!nc)
        return NULL;
    net_format_mac(macs, mac);
    snprintf(nc->info_str, sizeof(nc->info_str), "model=%s,macaddr=%s", model, macs);
    return nc;
}

/* ---- Delivery and queues ------------------------------------------------------------ */

static bool client_can_take(NetClientState *nc)
{
    return !nc->receive_disabled && !nc->sending &&
           (!nc->info->can_receive || nc->info->can_receive(nc));
}

bool net_peer_can_receive(NetClientState *nc)
{
    NetClientState *p = nc->peer;

    return p && !p->queue_len && client_can_take(p);
}

static void queue_append(NetClientState *to, const uint8_t *buf, size_t len)
{
    NetPacket *pkt;

    if (to->queue_len >= NET_QUEUE_MAX || !(pkt = malloc(sizeof(*pkt) + len)))
        return;     /* dropped, as a full NIC FIFO would */
    pkt->next = NULL;
    pkt->len = len;
    memcpy(pkt->data, buf, len);
    if (to->queue_tail)
        to->queue_tail->next = pkt;
    else
        to->queue_head = pkt;
    to->queue_tail = pkt;
    to->queue_len++;
}

ssize_t net_send(NetClientState *nc, const uint8_t *buf, size_t len)
{
    NetClientState *to = nc->peer;
    ssize_t ret = (ssize_t)len;

    if (!to || nc->link_down || to->link_down || len == 0 || len > NET_FRAME_MAX)
        return (ssize_t)len;
    nc->sending++;
    if (!to->queue_len && client_can_take(to)) {
        ssize_t r = to->info->receive(to, buf, len);

        if (r == 0) {
            to->receive_disabled = true;
            queue_append(to, buf, len);
            ret = 0;
        }
    } else {
        /* Behind others, busy, or itself sending (a reply made while it
         * transmits): delivered when it can take frames again. */
        queue_append(to, buf, len);
        ret = 0;
    }
    /* Frames that came back to nc while it was sending. */
    if (--nc->sending == 0 && nc->queue_len && !nc->receive_disabled)
        net_flush_queue(nc);
    return ret;
}

void net_flush_queue(NetClientState *nc)
{
    nc->receive_disabled = false;
    if (nc->sending)
        return;                 /* net_send flushes when the sender is done */
    while (nc->queue_head) {
        NetPacket *pkt = nc->queue_head;

        if (nc->link_down) {
            net_purge_queue(nc);
            break;
        }
        if (nc->info->can_receive && !nc->info->can_receive(nc))
            return;
        if (nc->info->receive(nc, pkt->data, pkt->len) == 0) {
            nc->receive_disabled = true;
            return;
        }
        nc->queue_head = pkt->next;
        if (!nc->queue_head)
            nc->queue_tail = NULL;
        nc->queue_len--;
        free(pkt);
    }
    if (nc->peer && nc->peer->info->peer_ready)
        nc->peer->info->peer_ready(nc->peer);
}

void net_purge_queue(NetClientState *nc)
{
    while (nc->queue_head) {
        NetPacket *pkt = nc->queue_head;

        nc->queue_head = pkt->next;
        free(pkt);
    }
    nc->queue_tail = NULL;
    nc->queue_len = 0;
}

/* ---- Lookup ------------------------------------------------------------------------- */

NetClientState *net_clients(void)
{
    return clients;
}

NetClientState *net_find_client(const char *name)
{
    for (NetClientState *c = clients; c; c = c->next)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

NetClientState *net_backend_by_id(const char *id)
{
    for (NetClientState *c = clients; c; c = c->next)
        if (c->info->kind != NET_CLIENT_NIC && c->info->kind != NET_CLIENT_HUBPORT &&
            !strcmp(c->name, id))
            return c;
    return NULL;
}

NetClientState *net_nic_peer(unsigned i)
{
    return i < VIREO_MAX_NICS ? nic_peers[i] : NULL;
}

/* ---- Creation from the options ------------------------------------------------------- */

int net_init_backends(const VireoConfig *cfg)
{
    /* Hub ports of -net nic first: QEMU numbers them in command-line order,
     * and the usual line (and the default) puts the NIC before its back end. */
    for (unsigned i = 0; i < cfg->n_nics; i++)
        if (cfg->nics[i].vlan >= 0 && !(nic_peers[i] = net_hub_add_port((unsigned)cfg->nics[i].vlan)))
            return -ENOMEM;
    for (unsigned i = 0; i < cfg->n_netdevs; i++) {
        const NetdevConfig *n = &cfg->netdevs[i];
        NetClientState *peer = NULL, *nc = NULL;

        loc_set_option(n->opt, n->arg);
        if (n->vlan >= 0 && !(peer = net_hub_add_port((unsigned)n->vlan))) {
            loc_clear();
            return -ENOMEM;
        }
        switch (n->kind) {
        case NETDEV_USER:
            nc = net_slirp_new(n, peer, n->name);
            break;
        case NETDEV_SOCKET:
            nc = net_socket_new(n, peer, n->name);
            break;
        case NETDEV_TAP:
            nc = net_tap_new(n, peer, n->name);
            break;
        case NETDEV_BRIDGE:
            error_report("-netdev bridge is not supported yet (use tap with script=)");
            break;
        }
        loc_clear();
        if (!nc)
            return -EINVAL;
    }
    for (unsigned i = 0; i < cfg->n_nics; i++)
        if (cfg->nics[i].netdev)
            nic_peers[i] = net_backend_by_id(cfg->nics[i].netdev);
    return 0;
}

void net_cleanup(void)
{
    while (clients)
        net_client_free(clients);
    net_hub_cleanup();
    memset(nic_peers, 0, sizeof(nic_peers));
}

/* ---- Monitor ------------------------------------------------------------------------- */

static const char *kind_name(NetClientKind k)
{
    static const char *const names[] = {
        [NET_CLIENT_NIC] = "nic", [NET_CLIENT_USER] = "user", [NET_CLIENT_TAP] = "tap",
        [NET_CLIENT_BRIDGE] = "bridge", [NET_CLIENT_SOCKET] = "socket",
        [NET_CLIENT_HUBPORT] = "hubport",
    };
    return names[k];
}

static void print_client(FILE *out, const NetClientState *nc)
{
    fprintf(out, "%s: index=0,type=%s,%s\n", nc->name, kind_name(nc->info->kind), nc->info_str);
}

/* QEMU's hmp_info_network: hubs with their ports, then each NIC with its back end. */
void net_info(FILE *out)
{
    unsigned id;

    net_hub_info(out, print_client);
    for (NetClientState *c = clients; c; c = c->next) {
        if (net_hub_id_for_client(c, &id))
            continue;
        if (!c->peer || c->info->kind == NET_CLIENT_NIC)
            print_client(out, c);
        if (c->peer && c->info->kind == NET_CLIENT_NIC) {
            fprintf(out, " \\ ");
            print_client(out, c->peer);
        }
    }
}

int net_set_link(const char *name, bool up)
{
    NetClientState *nc = net_find_client(name);

    if (!nc)
        return -ENOENT;
    nc->link_down = !up;
    if (nc->info->link_status_changed)
        nc->info->link_status_changed(nc);
    if (nc->peer) {
        /* As QEMU: a NIC's link follows its back end's; a hub port or a back
         * end keeps its own when the NIC's link is set. */
        if (nc->peer->info->kind == NET_CLIENT_NIC)
            nc->peer->link_down = !up;
        if (nc->peer->info->link_status_changed)
            nc->peer->info->link_status_changed(nc->peer);
    }
    return 0;
}
