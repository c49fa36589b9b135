/*
 * -net, -netdev, -nic: NICs and their host back ends, the default NIC and
 * user network QEMU adds when none is asked for, and default MACs. See
 * options-int.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "system/options-int.h"

#ifdef CONFIG_SLIRP
#define HAVE_SLIRP true
#else
#define HAVE_SLIRP false
#endif

/* The NIC models of -net nic,model= and -nic model=, as -net nic,model=help lists them. */
static const struct {
    const char *name, *alias;
} nic_models[] = {
    { "e1000", "e1000-82540em" },
    { "i82551" },
    { "ne2k_pci" },
    { "pcnet" },
    { "rtl8139" },
    { "virtio-net-pci", "virtio" },
};

static const struct {
    const char *name;
    NetdevKind kind;
    const char *keys;       /* the keys of this back end */
} netdev_types[] = {
    { "user", NETDEV_USER, "net host dhcpstart dns tftp bootfile hostfwd restrict" },
    { "tap", NETDEV_TAP, "ifname fd script downscript vnet_hdr vhost" },
    { "bridge", NETDEV_BRIDGE, "br helper" },
    { "socket", NETDEV_SOCKET, "listen connect mcast" },
};

/* Every key of -net, -netdev and -nic; each option then allows its subset. */
static const KeyvalDesc net_desc[] = {
    { "type", KV_STR }, { "id", KV_STR }, { "vlan", KV_NUM }, { "name", KV_STR }, { "macaddr", KV_STR },
    { "mac", KV_STR }, { "model", KV_STR }, { "netdev", KV_STR },
    { "net", KV_STR }, { "host", KV_STR }, { "dhcpstart", KV_STR }, { "dns", KV_STR }, { "tftp", KV_STR },
    { "bootfile", KV_STR }, { "hostfwd", KV_STR }, { "restrict", KV_BOOL },
    { "ifname", KV_STR }, { "fd", KV_NUM }, { "script", KV_STR }, { "downscript", KV_STR },
    { "vnet_hdr", KV_BOOL }, { "vhost", KV_BOOL },
    { "br", KV_STR }, { "helper", KV_STR },
    { "listen", KV_STR }, { "connect", KV_STR }, { "mcast", KV_STR },
    { NULL },
};

static void nic_models_help(void)
{
    FILE *f = options_out();

    fprintf(f, "Supported NIC models:\n");
    for (size_t i = 0; i < ARRAY_SIZE(nic_models); i++)
        fprintf(f, "%s\n", nic_models[i].name);
}

static void netdev_types_help(void)
{
    FILE *f = options_out();

    fprintf(f, "Available netdev backend types:\n");
    for (size_t i = 0; i < ARRAY_SIZE(netdev_types); i++) {
        if (netdev_types[i].kind != NETDEV_USER || HAVE_SLIRP)
            fprintf(f, "%s\n", netdev_types[i].name);
    }
}

/* Every key given must be in common or in the back end's list. */
static int check_keys(const Keyval *kv, const char *common, const char *keys)
{
    for (size_t i = 0; i < kv->n; i++) {
        if (!options_word_in(kv->items[i].key, common) && !options_word_in(kv->items[i].key, keys)) {
            error_report("Invalid parameter '%s'", kv->items[i].key);
            return -EINVAL;
        }
    }
    return 0;
}

static int ipv4_key(const Keyval *kv, const char *key, uint32_t *addr)
{
    const char *v = keyval_str(kv, key, NULL);

    if (v && parse_ipv4(v, addr) < 0) {
        keyval_bad_value(key, v, "an IPv4 address");
        return -EINVAL;
    }
    return 0;
}

/* net=ADDR[/BITS|/MASK]; without a mask, the classful one QEMU picks. */
static int parse_user_net(const char *v, uint32_t *net, uint32_t *mask)
{
    char addr[32];
    const char *slash = strchr(v, '/');
    size_t len = slash ? (size_t)(slash - v) : strlen(v);
    uint64_t bits;

    if (len >= sizeof(addr))
        return -EINVAL;
    memcpy(addr, v, len);
    addr[len] = '\0';
    if (parse_ipv4(addr, net) < 0)
        return -EINVAL;
    if (!slash) {
        uint32_t a = *net;

        if (!(a & 0x80000000))
            *mask = 0xff000000;         /* class A */
        else if ((a & 0xfff00000) == 0xac100000)
            *mask = 0xfff00000;         /* 172.16.0.0/12 */
        else if ((a & 0xc0000000) == 0x80000000)
            *mask = 0xffff0000;         /* class B */
        else if ((a & 0xffff0000) == 0xc0a80000)
            *mask = 0xffff0000;         /* 192.168.0.0/16 */
        else if ((a & 0xfffe0000) == 0xc6120000)
            *mask = 0xfffe0000;         /* 198.18.0.0/15 */
        else if ((a & 0xe0000000) == 0xc0000000)
            *mask = 0xffffff00;         /* class C */
        else
            *mask = 0xfffffff0;
    } else if (parse_uint64(slash + 1, &bits) == 0) {
        if (bits < 1 || bits > 30)
            return -EINVAL;
        *mask = (uint32_t)(0xffffffffull << (32 - bits));
    } else if (parse_ipv4(slash + 1, mask) < 0 || (~*mask & (~*mask + 1)) != 0 || *mask == 0) {
        return -EINVAL;     /* not a contiguous mask */
    }
    return (*net & ~*mask) ? -EINVAL : 0;
}

/* An address of the user network: inside it, neither its network nor its broadcast address. */
static int check_in_net(const char *what, uint32_t addr, uint32_t net, uint32_t mask)
{
    const char *why = NULL;

    if ((addr & mask) != net)
        why = "doesn't belong to network";
    else if (addr == net)
        why = "cannot be the network address";
    else if (addr == (net | ~mask))
        why = "cannot be the broadcast address";
    if (why)
        error_report("%s %s", what, why);
    return why ? -EINVAL : 0;
}

/* hostfwd=[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport, as QEMU's slirp_hostfwd(). */
static int parse_hostfwd(const char *rule, HostFwd *fwd)
{
    char buf[256], *end;
    char *proto_end, *haddr_end, *hport_end, *gaddr_end;
    const char *why;
    long port;

    if (strlen(rule) >= sizeof(buf)) {
        why = "too long";
        goto fail;
    }
    strcpy(buf, rule);
    why = "No : separators";
    if (!(proto_end = strchr(buf, ':')))
        goto fail;
    *proto_end = '\0';
    why = "Bad protocol name";
    if (!strcmp(buf, "udp"))
        fwd->udp = true;
    else if (*buf && strcmp(buf, "tcp"))
        goto fail;
    why = "Missing : separator";
    if (!(haddr_end = strchr(proto_end + 1, ':')))
        goto fail;
    *haddr_end = '\0';
    why = "Bad host address";
    if (proto_end[1] && parse_ipv4(proto_end + 1, &fwd->host_addr) < 0)
        goto fail;
    why = "Bad host port separator";
    if (!(hport_end = strchr(haddr_end + 1, '-')))
        goto fail;
    *hport_end = '\0';
    why = "Bad host port";
    port = strtol(haddr_end + 1, &end, 0);
    if (*end || end == haddr_end + 1 || port < 0 || port > 65535)
        goto fail;
    fwd->host_port = (int)port;
    why = "Missing guest address";
    if (!(gaddr_end = strchr(hport_end + 1, ':')))
        goto fail;
    *gaddr_end = '\0';
    why = "Bad guest address";
    if (hport_end[1] && parse_ipv4(hport_end + 1, &fwd->guest_addr) < 0)
        goto fail;
    why = "Bad guest port";
    port = strtol(gaddr_end + 1, &end, 0);
    if (*end || end == gaddr_end + 1 || port < 1 || port > 65535)
        goto fail;
    fwd->guest_port = (int)port;
    return 0;
fail:
    error_report("Invalid host forwarding rule '%s' (%s)", rule, why);
    return -EINVAL;
}

static int netdev_user(VireoConfig *cfg, const Keyval *kv, NetdevConfig *n)
{
    const char *v;
    int ret;

    if (!HAVE_SLIRP) {
        error_report("user networking is not available (not built: libslirp was missing at configure time)");
        return -ENOTSUP;
    }
    n->net = 0x0a000200;        /* 10.0.2.0/24 */
    n->mask = 0xffffff00;
    if ((v = keyval_str(kv, "net", NULL)) && parse_user_net(v, &n->net, &n->mask) < 0) {
        keyval_bad_value("net", v, "a network address with an optional mask: addr[/bits] or addr/mask");
        return -EINVAL;
    }
    /* QEMU's defaults, relative to the network: .2 host, .3 DNS, .15 first DHCP address. */
    n->host = n->net | 2;
    n->dns = n->net | 3;
    n->dhcpstart = n->net | 15;
    if ((ret = ipv4_key(kv, "host", &n->host)) < 0 || (ret = ipv4_key(kv, "dns", &n->dns)) < 0 ||
        (ret = ipv4_key(kv, "dhcpstart", &n->dhcpstart)) < 0)
        return ret;
    if ((ret = check_in_net("Host", n->host, n->net, n->mask)) < 0 ||
        (ret = check_in_net("DNS", n->dns, n->net, n->mask)) < 0 ||
        (ret = check_in_net("DHCP", n->dhcpstart, n->net, n->mask)) < 0)
        return ret;
    n->tftp = cfg_strdup(cfg, keyval_str(kv, "tftp", NULL));
    n->bootfile = cfg_strdup(cfg, keyval_str(kv, "bootfile", NULL));
    n->restricted = keyval_bool(kv, "restrict", false);
    for (size_t i = 0; i < kv->n; i++) {
        HostFwd *fwd;

        if (strcmp(kv->items[i].key, "hostfwd"))
            continue;
        if (n->n_hostfwd == VIREO_MAX_HOSTFWDS) {
            error_report("too many hostfwd rules (at most %d)", VIREO_MAX_HOSTFWDS);
            return -EINVAL;
        }
        fwd = &n->hostfwd[n->n_hostfwd];
        if ((ret = parse_hostfwd(kv->items[i].value, fwd)) < 0)
            return ret;
        if (!fwd->guest_addr)
            fwd->guest_addr = n->dhcpstart;
        n->n_hostfwd++;
    }
    return 0;
}

static const char *tap_script(VireoConfig *cfg, const Keyval *kv, const char *key, const char *def)
{
    const char *v = keyval_str(kv, key, def);

    return strcmp(v, "no") && *v ? cfg_strdup(cfg, v) : NULL;
}

static int netdev_tap(VireoConfig *cfg, const Keyval *kv, NetdevConfig *n)
{
    const KeyvalPair *fd = keyval_find(kv, "fd");
    const char *ifname = keyval_str(kv, "ifname", NULL);
    const KeyvalPair *vnet_hdr = keyval_find(kv, "vnet_hdr");

    n->fd = -1;
    n->vnet_hdr = vnet_hdr ? vnet_hdr->b : -1;
    n->vhost = keyval_bool(kv, "vhost", false);
    if (fd) {
        if (ifname || keyval_find(kv, "script") || keyval_find(kv, "downscript") || vnet_hdr) {
            error_report("ifname=, script=, downscript= and vnet_hdr= are invalid with fd=");
            return -EINVAL;
        }
        if (fd->n > 65535) {
            keyval_bad_value("fd", fd->value, "a file descriptor number");
            return -EINVAL;
        }
        n->fd = (int)fd->n;
        return 0;
    }
    if (ifname && strlen(ifname) > 15) {
        keyval_bad_value("ifname", ifname, "an interface name of at most 15 characters");
        return -EINVAL;
    }
    n->ifname = cfg_strdup(cfg, ifname);
    n->script = tap_script(cfg, kv, "script", "/etc/qemu-ifup");
    n->downscript = tap_script(cfg, kv, "downscript", "/etc/qemu-ifdown");
    return 0;
}

static int netdev_socket(VireoConfig *cfg, const Keyval *kv, NetdevConfig *n)
{
    int given = 0;

    n->listen = cfg_strdup(cfg, keyval_str(kv, "listen", NULL));
    n->connect = cfg_strdup(cfg, keyval_str(kv, "connect", NULL));
    n->mcast = cfg_strdup(cfg, keyval_str(kv, "mcast", NULL));
    given = !!n->listen + !!n->connect + !!n->mcast;
    if (given != 1) {
        error_report("exactly one of listen=, connect= and mcast= is required");
        return -EINVAL;
    }
    return 0;
}

/*
 * Fill and add the back end of -net TYPE, -netdev or -nic. type is the
 * index in netdev_types; common lists the keys the option itself adds.
 */
static int netdev_add(OptState *s, const Keyval *kv, size_t type, const char *common, NetdevConfig *n)
{
    VireoConfig *cfg = s->cfg;
    int ret;

    if ((ret = check_keys(kv, common, netdev_types[type].keys)) < 0)
        return ret;
    if (cfg->n_netdevs == VIREO_MAX_NETDEVS) {
        error_report("too many network back ends (at most %d)", VIREO_MAX_NETDEVS);
        return -EINVAL;
    }
    n->kind = netdev_types[type].kind;
    n->opt = cfg_strdup(cfg, s->opt);
    switch (n->kind) {
    case NETDEV_USER:
        ret = netdev_user(cfg, kv, n);
        break;
    case NETDEV_TAP:
        ret = netdev_tap(cfg, kv, n);
        break;
    case NETDEV_BRIDGE:
        n->br = cfg_strdup(cfg, keyval_str(kv, "br", "br0"));
        n->helper = cfg_strdup(cfg, keyval_str(kv, "helper", NULL));
        break;
    case NETDEV_SOCKET:
        ret = netdev_socket(cfg, kv, n);
        break;
    }
    if (ret == 0)
        cfg->netdevs[cfg->n_netdevs++] = *n;
    return ret;
}

static int find_netdev_type(const char *type, size_t *index)
{
    for (size_t i = 0; i < ARRAY_SIZE(netdev_types); i++) {
        if (!strcmp(netdev_types[i].name, type)) {
            *index = i;
            return 0;
        }
    }
    return -EINVAL;
}

static int netdev_id(VireoConfig *cfg, const char *id)
{
    if (!id) {
        error_report("Parameter 'id' is missing");
        return -EINVAL;
    }
    if (keyval_check_id(id) < 0)
        return -EINVAL;
    for (unsigned i = 0; i < cfg->n_netdevs; i++) {
        if (cfg->netdevs[i].id && !strcmp(cfg->netdevs[i].id, id)) {
            error_report("Duplicate ID '%s' for netdev", id);
            return -EINVAL;
        }
    }
    return 0;
}

/* model= and the MAC of -net nic and -nic; adds the NIC. */
static int nic_add(OptState *s, const Keyval *kv, const char *mac_key, NicConfig *nic)
{
    VireoConfig *cfg = s->cfg;
    const char *model = keyval_str(kv, "model", "e1000");
    const char *mac = keyval_str(kv, mac_key, NULL);
    size_t i;

    if (is_help_option(model)) {
        nic_models_help();
        return OPTIONS_EXIT_OK;
    }
    for (i = 0; i < ARRAY_SIZE(nic_models); i++) {
        if (!strcmp(nic_models[i].name, model) || (nic_models[i].alias && !strcmp(nic_models[i].alias, model)))
            break;
    }
    if (i == ARRAY_SIZE(nic_models)) {
        error_report("Unsupported NIC model: %s (use model=help for a list)", model);
        return -EINVAL;
    }
    nic->model = nic_models[i].name;
    if (mac) {
        if (parse_mac(mac, nic->mac.a) < 0) {
            keyval_bad_value(mac_key, mac, "an ethernet address such as 52:54:00:12:34:56");
            return -EINVAL;
        }
        if (nic->mac.a[0] & 1) {
            error_report("NIC cannot have multicast MAC address (odd 1st byte)");
            return -EINVAL;
        }
    }
    if (cfg->n_nics == VIREO_MAX_NICS) {
        error_report("too many NICs (at most %d)", VIREO_MAX_NICS);
        return -EINVAL;
    }
    if (mac)
        s->nic_mac_given |= 1u << cfg->n_nics;
    nic->opt = cfg_strdup(cfg, s->opt);
    cfg->nics[cfg->n_nics++] = *nic;
    return 0;
}

static int vlan_of(const Keyval *kv, int *vlan)
{
    const KeyvalPair *p = keyval_find(kv, "vlan");

    if (p && p->n > 65535) {
        keyval_bad_value("vlan", p->value, "a hub number below 65536");
        return -EINVAL;
    }
    *vlan = p ? (int)p->n : 0;
    return 0;
}

/* -net nic: a NIC on hub vlan= (default 0), or tied to netdev=. */
static int net_nic(OptState *s, const Keyval *kv, const char *arg)
{
    VireoConfig *cfg = s->cfg;
    const char *netdev = keyval_str(kv, "netdev", NULL);
    NicConfig nic = {
        .netdev = cfg_strdup(cfg, netdev),
        .name = cfg_strdup(cfg, keyval_str(kv, "name", NULL)),
        .arg = cfg_strdup(cfg, arg),
    };
    int ret;

    if ((ret = check_keys(kv, "type vlan name macaddr model netdev", "")) < 0 || (ret = vlan_of(kv, &nic.vlan)) < 0)
        return ret;
    if (netdev)
        nic.vlan = -1;
    return nic_add(s, kv, "macaddr", &nic);
}

/* -net user|tap|bridge|socket: a back end on hub vlan=. */
static int net_backend(OptState *s, const Keyval *kv, size_t type, const char *arg)
{
    VireoConfig *cfg = s->cfg;
    NetdevConfig n = { .name = cfg_strdup(cfg, keyval_str(kv, "name", NULL)), .arg = cfg_strdup(cfg, arg) };
    int ret = vlan_of(kv, &n.vlan);

    return ret < 0 ? ret : netdev_add(s, kv, type, "type vlan name", &n);
}

/* -netdev TYPE,id=ID,...: a back end for -device MODEL,netdev=ID or -net nic,netdev=ID. */
static int netdev_backend(OptState *s, const Keyval *kv, size_t type, const char *arg)
{
    VireoConfig *cfg = s->cfg;
    const char *id = keyval_str(kv, "id", NULL);
    NetdevConfig n = { .vlan = -1, .arg = cfg_strdup(cfg, arg) };
    int ret = netdev_id(cfg, id);

    if (ret < 0)
        return ret;
    n.id = n.name = cfg_strdup(cfg, id);
    return netdev_add(s, kv, type, "type id", &n);
}

/* -nic TYPE[,backend options][,model=M][,mac=MAC]: a back end and its NIC at once. */
static int nic_backend(OptState *s, const Keyval *kv, size_t type, const char *arg)
{
    VireoConfig *cfg = s->cfg;
    /* QEMU's id for the back end of a -nic. */
    const char *id = cfg_printf(cfg, "__org.qemu.nic%u", s->nic_count);
    NetdevConfig n = { .id = id, .name = id, .vlan = -1, .arg = cfg_strdup(cfg, arg) };
    NicConfig nic = { .vlan = -1, .netdev = id, .arg = n.arg };
    int ret;

    if (is_help_option(keyval_str(kv, "model", ""))) {
        nic_models_help();
        return OPTIONS_EXIT_OK;
    }
    if ((ret = netdev_add(s, kv, type, "type model mac", &n)) < 0 || (ret = nic_add(s, kv, "mac", &nic)) < 0)
        return ret;
    s->nic_count++;
    return 0;
}

/* -net, -netdev and -nic (def->data: NET_OPT_*): the type, then what each does with it. */
int opt_net(OptState *s, const OptionDef *def, const char *arg)
{
    static const char *const expects[] = {
        [NET_OPT_NET] = "nic, user, tap, bridge, socket or none",
        [NET_OPT_NETDEV] = "user, tap, bridge or socket",
        [NET_OPT_NIC] = "user, tap, bridge, socket or none",
    };
    intptr_t which = def->data;
    Keyval kv = { 0 };
    const char *type;
    size_t t;
    int ret = keyval_parse(&kv, arg, "type", net_desc);

    if (ret < 0)
        goto out;
    s->net_given = true;
    type = keyval_str(&kv, "type", "");
    if (is_help_option(type)) {
        netdev_types_help();
        ret = OPTIONS_EXIT_OK;
    } else if (which != NET_OPT_NETDEV && !strcmp(type, "none")) {
        ret = check_keys(&kv, "type", "");
    } else if (which == NET_OPT_NET && !strcmp(type, "nic")) {
        ret = net_nic(s, &kv, arg);
    } else if (find_netdev_type(type, &t) < 0) {
        keyval_bad_value("type", type, expects[which]);
        ret = -EINVAL;
    } else if (which == NET_OPT_NET) {
        ret = net_backend(s, &kv, t, arg);
    } else if (which == NET_OPT_NETDEV) {
        ret = netdev_backend(s, &kv, t, arg);
    } else {
        ret = nic_backend(s, &kv, t, arg);
    }
out:
    keyval_free(&kv);
    return ret;
}

const NetdevConfig *options_find_netdev(const VireoConfig *cfg, const char *id)
{
    for (unsigned i = 0; i < cfg->n_netdevs; i++) {
        if (cfg->netdevs[i].id && !strcmp(cfg->netdevs[i].id, id))
            return &cfg->netdevs[i];
    }
    return NULL;
}

/* "MODEL.N": QEMU's name for the Nth client of a model without name=. */
static const char *default_name(VireoConfig *cfg, const char *model, unsigned *counts, size_t slot)
{
    return cfg_printf(cfg, "%s.%u", model, counts[slot]++);
}

int options_net_finish(OptState *s)
{
    static const char *const kind_names[] = {
        [NETDEV_USER] = "user", [NETDEV_TAP] = "tap", [NETDEV_BRIDGE] = "bridge", [NETDEV_SOCKET] = "socket",
    };
    VireoConfig *cfg = s->cfg;
    unsigned model_counts[ARRAY_SIZE(nic_models)] = { 0 }, kind_counts[ARRAY_SIZE(kind_names)] = { 0 };
    unsigned mac_index = 0;

    if (!s->net_given && !cfg->nodefaults) {
        /* QEMU's default: -net nic -net user (when user networking is built); none with -nodefaults. */
        cfg->nics[cfg->n_nics++] = (NicConfig){ .model = "e1000", .opt = "-net", .arg = "nic" };
        if (HAVE_SLIRP) {
            NetdevConfig *n = &cfg->netdevs[cfg->n_netdevs++];

            *n = (NetdevConfig){ .kind = NETDEV_USER, .opt = "-net", .arg = "user" };
            n->net = 0x0a000200;
            n->mask = 0xffffff00;
            n->host = 0x0a000202;
            n->dns = 0x0a000203;
            n->dhcpstart = 0x0a00020f;
        }
    }
    for (unsigned i = 0; i < cfg->n_nics; i++) {
        NicConfig *nic = &cfg->nics[i];
        size_t m;

        if (!(s->nic_mac_given & (1u << i))) {
            static const uint8_t base[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

            memcpy(nic->mac.a, base, sizeof(base));
            nic->mac.a[5] = (uint8_t)(base[5] + mac_index++);
        }
        for (m = 0; strcmp(nic_models[m].name, nic->model); m++)
            continue;
        if (!nic->name)
            nic->name = default_name(cfg, nic->model, model_counts, m);
        if (nic->netdev && !options_find_netdev(cfg, nic->netdev)) {
            loc_set_option(nic->opt, nic->arg);
            error_report("Property '%s.netdev' can't find value '%s'", nic->model, nic->netdev);
            return -EINVAL;
        }
    }
    for (unsigned i = 0; i < cfg->n_netdevs; i++) {
        NetdevConfig *n = &cfg->netdevs[i];

        if (!n->name)
            n->name = default_name(cfg, kind_names[n->kind], kind_counts, n->kind);
    }
    return 0;
}
