/*
 * Character devices: the DEV strings of -serial, -monitor, -qmp and -gdb
 * (QEMU's qemu_chr_parse_compat), -chardev, -mon, and the defaults that
 * -nographic implies. See options-int.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "system/options-int.h"

static const KeyvalDesc socket_desc[] = {
    { "server", KV_BOOL }, { "wait", KV_BOOL }, { "nodelay", KV_BOOL }, { "reconnect", KV_NUM },
    { "logfile", KV_STR }, { NULL },
};

static const KeyvalDesc unix_desc[] = {
    { "path", KV_STR }, { "server", KV_BOOL }, { "wait", KV_BOOL }, { "reconnect", KV_NUM },
    { "logfile", KV_STR }, { NULL },
};

static const char DEV_KINDS[] = "stdio, pty, null, none, file:, pipe:, tcp:, telnet:, unix:, udp:, mon:, chardev:";

/* The socket options shared by tcp:, telnet:, unix: and -chardev socket. */
static int socket_options(VireoConfig *cfg, const Keyval *kv, ChardevSpec *chr)
{
    uint64_t reconnect = keyval_num(kv, "reconnect", 0);

    chr->server = keyval_bool(kv, "server", false);
    chr->wait = keyval_bool(kv, "wait", true);
    chr->nodelay = keyval_bool(kv, "nodelay", false);
    if (reconnect > 86400) {
        keyval_bad_value("reconnect", keyval_str(kv, "reconnect", ""), "at most 86400 seconds");
        return -EINVAL;
    }
    chr->reconnect = (int)reconnect;
    chr->logfile = cfg_strdup(cfg, keyval_str(kv, "logfile", NULL));
    return 0;
}

/* "[HOST]:PORT" (HOST may be "[v6 address]"); *end is where it stopped. */
static int parse_host_port(VireoConfig *cfg, const char *p, const char *stops, const char **host, int *port,
                           const char **end)
{
    const char *colon;
    char buf[16];
    size_t len;

    if (*p == '[') {
        const char *close = strchr(p, ']');

        if (!close || close[1] != ':')
            return -EINVAL;
        *host = cfg_printf(cfg, "%.*s", (int)(close - p - 1), p + 1);
        colon = close + 1;
    } else {
        colon = p + strcspn(p, ":");
        if (*colon != ':')
            return -EINVAL;
        *host = colon > p ? cfg_printf(cfg, "%.*s", (int)(colon - p), p) : NULL;
    }
    len = strcspn(colon + 1, stops);
    if (len == 0 || len >= sizeof(buf))
        return -EINVAL;
    memcpy(buf, colon + 1, len);
    buf[len] = '\0';
    if (parse_port(buf, port) < 0)
        return -EINVAL;
    *end = colon + 1 + len;
    return 0;
}

int chardev_parse_dev(VireoConfig *cfg, const char *dev, ChardevSpec *chr)
{
    static const struct {
        const char *name;
        ChardevKind kind;
    } simple[] = {
        { "none", CHARDEV_NONE }, { "null", CHARDEV_NULL }, { "stdio", CHARDEV_STDIO }, { "pty", CHARDEV_PTY },
    };
    const char *p, *end;
    Keyval kv = { 0 };
    int ret = 0;

    if (strstart(dev, "mon:", &p)) {
        if (strstart(p, "mon:", NULL) || !strcmp(p, "none")) {
            error_report("'%s' is not a valid char driver (expects mon: followed by one of %s)", dev, DEV_KINDS);
            return -EINVAL;
        }
        ret = chardev_parse_dev(cfg, p, chr);
        chr->mux = true;
        return ret;
    }
    for (size_t i = 0; i < ARRAY_SIZE(simple); i++) {
        if (!strcmp(dev, simple[i].name)) {
            chr->kind = simple[i].kind;
            return 0;
        }
    }
    if (strstart(dev, "file:", &p) || strstart(dev, "pipe:", &p)) {
        if (!*p) {
            error_report("'%s' needs a path", dev);
            return -EINVAL;
        }
        chr->kind = dev[0] == 'f' ? CHARDEV_FILE : CHARDEV_PIPE;
        chr->path = cfg_strdup(cfg, p);
        return 0;
    }
    if (strstart(dev, "chardev:", &p)) {
        if (!*p) {
            error_report("'%s' needs a chardev id", dev);
            return -EINVAL;
        }
        chr->kind = CHARDEV_REF;
        chr->id = cfg_strdup(cfg, p);
        return 0;
    }
    if (strstart(dev, "tcp:", &p) || strstart(dev, "telnet:", &p)) {
        chr->kind = dev[0] == 't' && dev[1] == 'c' ? CHARDEV_TCP : CHARDEV_TELNET;
        if (parse_host_port(cfg, p, ",", &chr->host, &chr->port, &end) < 0) {
            error_report("'%s' is not a valid address (expects %s[host]:port)", dev,
                         chr->kind == CHARDEV_TCP ? "tcp:" : "telnet:");
            return -EINVAL;
        }
        if (*end == ',')
            end++;
        if ((ret = keyval_parse(&kv, end, NULL, socket_desc)) == 0)
            ret = socket_options(cfg, &kv, chr);
        keyval_free(&kv);
        return ret;
    }
    if (strstart(dev, "unix:", &p)) {
        const char *path;

        chr->kind = CHARDEV_UNIX;
        if ((ret = keyval_parse(&kv, p, "path", unix_desc)) == 0 && (!(path = keyval_str(&kv, "path", NULL)) || !*path)) {
            error_report("'%s' needs a path", dev);
            ret = -EINVAL;
        }
        if (ret == 0) {
            chr->path = cfg_strdup(cfg, keyval_str(&kv, "path", NULL));
            ret = socket_options(cfg, &kv, chr);
        }
        keyval_free(&kv);
        return ret;
    }
    if (strstart(dev, "udp:", &p)) {
        /* udp:[remote_host]:remote_port[@[src_ip]:src_port] */
        chr->kind = CHARDEV_UDP;
        if (parse_host_port(cfg, p, "@", &chr->host, &chr->port, &end) < 0 ||
            (*end == '@' && (parse_host_port(cfg, end + 1, "", &chr->local_host, &chr->local_port, &end) < 0 ||
                             *end))) {
            error_report("'%s' is not a valid address (expects udp:[host]:port[@[localaddr]:localport])", dev);
            return -EINVAL;
        }
        return 0;
    }
    error_report("'%s' is not a valid char driver (expects %s)", dev, DEV_KINDS);
    return -EINVAL;
}

/* -serial DEV: COM1..COM4 in order; "none" leaves the port out. */
int opt_serial(OptState *s, const OptionDef *def, const char *arg)
{
    VireoConfig *cfg = s->cfg;
    ChardevSpec chr = { .opt = cfg_strdup(cfg, s->opt), .arg = cfg_strdup(cfg, arg) };
    int ret = chardev_parse_dev(cfg, arg, &chr);

    if (ret < 0)
        return ret;
    s->serial_given = true;
    /* As QEMU: a serial port that multiplexes a monitor is the default monitor. */
    if (chr.mux)
        s->monitor_given = true;
    if (chr.kind == CHARDEV_NONE)
        return 0;
    if (cfg->n_serials == VIREO_MAX_SERIALS) {
        error_report("too many serial ports (at most %d)", VIREO_MAX_SERIALS);
        return -EINVAL;
    }
    cfg->serials[cfg->n_serials++] = chr;
    return 0;
}

static int add_monitor(OptState *s, const ChardevSpec *chr, bool qmp, bool pretty)
{
    VireoConfig *cfg = s->cfg;

    if (cfg->n_monitors == VIREO_MAX_MONITORS) {
        error_report("too many monitors (at most %d)", VIREO_MAX_MONITORS);
        return -EINVAL;
    }
    cfg->monitors[cfg->n_monitors++] = (MonitorConfig){ .chr = *chr, .qmp = qmp, .pretty = pretty };
    return 0;
}

static int monitor_dev(OptState *s, const char *arg, bool qmp)
{
    VireoConfig *cfg = s->cfg;
    ChardevSpec chr = { .opt = cfg_strdup(cfg, s->opt), .arg = cfg_strdup(cfg, arg) };
    int ret = chardev_parse_dev(cfg, arg, &chr);

    if (ret < 0)
        return ret;
    /* As QEMU: any monitor, QMP too, replaces the default one (-nographic's on stdio). */
    s->monitor_given = true;
    return chr.kind == CHARDEV_NONE ? 0 : add_monitor(s, &chr, qmp, false);
}

int opt_monitor(OptState *s, const OptionDef *def, const char *arg)
{
    return monitor_dev(s, arg, false);
}

int opt_qmp(OptState *s, const OptionDef *def, const char *arg)
{
    return monitor_dev(s, arg, true);
}

/* -mon [chardev=]ID[,mode=readline|control][,pretty=on|off] */
int opt_mon(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = { { "chardev", KV_STR }, { "mode", KV_STR }, { "pretty", KV_BOOL }, { NULL } };
    static const KeyvalChoice modes[] = { { "readline", 0 }, { "control", 1 }, { NULL } };
    VireoConfig *cfg = s->cfg;
    ChardevSpec chr = { .kind = CHARDEV_REF, .opt = cfg_strdup(cfg, s->opt), .arg = cfg_strdup(cfg, arg) };
    Keyval kv = { 0 };
    const char *v;
    int qmp = 0, ret = keyval_parse(&kv, arg, "chardev", desc);

    if (ret < 0)
        goto out;
    if (!(v = keyval_str(&kv, "chardev", NULL)) || !*v) {
        error_report("Parameter 'chardev' is missing");
        ret = -EINVAL;
        goto out;
    }
    chr.id = cfg_strdup(cfg, v);
    if ((v = keyval_str(&kv, "mode", NULL)) && (ret = keyval_choose("mode", v, modes, &qmp)) < 0)
        goto out;
    s->monitor_given = true;
    ret = add_monitor(s, &chr, qmp, keyval_bool(&kv, "pretty", false));
out:
    keyval_free(&kv);
    return ret;
}

/* -chardev BACKEND,id=ID,...: which keys each back end takes. */
static const struct {
    const char *name;
    ChardevKind kind;
    const char *keys;       /* besides id, mux and logfile */
} backends[] = {
    { "null", CHARDEV_NULL, "" },
    { "stdio", CHARDEV_STDIO, "signal" },
    { "pty", CHARDEV_PTY, "" },
    { "file", CHARDEV_FILE, "path" },
    { "pipe", CHARDEV_PIPE, "path" },
    { "socket", CHARDEV_TCP, "host port path server wait telnet nodelay reconnect" },
    { "udp", CHARDEV_UDP, "host port localaddr localport" },
};

static int chardev_port(const Keyval *kv, const char *key, int *port)
{
    const char *v = keyval_str(kv, key, NULL);

    if (v && parse_port(v, port) < 0) {
        keyval_bad_value(key, v, "a port number");
        return -EINVAL;
    }
    return v ? 1 : 0;
}

int opt_chardev(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = {
        { "backend", KV_STR }, { "id", KV_STR }, { "mux", KV_BOOL }, { "logfile", KV_STR }, { "signal", KV_BOOL },
        { "path", KV_STR }, { "host", KV_STR }, { "port", KV_STR }, { "server", KV_BOOL }, { "wait", KV_BOOL },
        { "telnet", KV_BOOL }, { "nodelay", KV_BOOL }, { "reconnect", KV_NUM }, { "localaddr", KV_STR },
        { "localport", KV_STR }, { NULL },
    };
    VireoConfig *cfg = s->cfg;
    ChardevSpec chr = { .opt = cfg_strdup(cfg, s->opt), .arg = cfg_strdup(cfg, arg) };
    Keyval kv = { 0 };
    const char *backend, *id;
    size_t b;
    int ret = keyval_parse(&kv, arg, "backend", desc);

    if (ret < 0)
        goto out;
    backend = keyval_str(&kv, "backend", NULL);
    if (backend && is_help_option(backend)) {
        fprintf(options_out(), "Available chardev backend types:\n");
        for (b = 0; b < ARRAY_SIZE(backends); b++)
            fprintf(options_out(), "  %s\n", backends[b].name);
        ret = OPTIONS_EXIT_OK;
        goto out;
    }
    if (!(id = keyval_str(&kv, "id", NULL))) {
        error_report("chardev: no id specified");
        ret = -EINVAL;
        goto out;
    }
    if ((ret = keyval_check_id(id)) < 0)
        goto out;
    for (unsigned i = 0; i < cfg->n_chardevs; i++) {
        if (!strcmp(cfg->chardevs[i].id, id)) {
            error_report("Duplicate ID '%s' for chardev", id);
            ret = -EINVAL;
            goto out;
        }
    }
    for (b = 0; backend && b < ARRAY_SIZE(backends); b++) {
        if (!strcmp(backends[b].name, backend))
            break;
    }
    if (!backend || b == ARRAY_SIZE(backends)) {
        error_report("'%s' is not a valid char driver name (use -chardev help for a list)", backend ? backend : "");
        ret = -EINVAL;
        goto out;
    }
    for (size_t i = 0; i < kv.n; i++) {
        const char *k = kv.items[i].key;

        if (!options_word_in(k, "backend id mux logfile") && !options_word_in(k, backends[b].keys)) {
            error_report("Invalid parameter '%s' for chardev backend '%s'", k, backend);
            ret = -EINVAL;
            goto out;
        }
    }
    chr.kind = backends[b].kind;
    chr.id = cfg_strdup(cfg, id);
    chr.mux = keyval_bool(&kv, "mux", false);
    chr.logfile = cfg_strdup(cfg, keyval_str(&kv, "logfile", NULL));
    chr.path = cfg_strdup(cfg, keyval_str(&kv, "path", NULL));
    chr.host = cfg_strdup(cfg, keyval_str(&kv, "host", NULL));
    chr.local_host = cfg_strdup(cfg, keyval_str(&kv, "localaddr", NULL));
    if ((ret = chardev_port(&kv, "port", &chr.port)) < 0 || (ret = chardev_port(&kv, "localport", &chr.local_port)) < 0)
        goto out;
    ret = 0;
    switch (chr.kind) {
    case CHARDEV_FILE:
    case CHARDEV_PIPE:
        if (!chr.path || !*chr.path) {
            error_report("chardev: %s: no filename given", backend);
            ret = -EINVAL;
        }
        break;
    case CHARDEV_TCP:
        if (chr.path && keyval_find(&kv, "port")) {
            error_report("chardev: socket: 'path' and 'port' exclude each other");
            ret = -EINVAL;
        } else if (!chr.path && !keyval_find(&kv, "port")) {
            error_report("chardev: socket: 'port' or 'path' is required");
            ret = -EINVAL;
        } else if (chr.path) {
            chr.kind = CHARDEV_UNIX;
        } else if (keyval_bool(&kv, "telnet", false)) {
            chr.kind = CHARDEV_TELNET;
        }
        if (ret == 0)
            ret = socket_options(cfg, &kv, &chr);
        break;
    case CHARDEV_UDP:
        if (!keyval_find(&kv, "port")) {
            error_report("chardev: udp: 'port' is required");
            ret = -EINVAL;
        }
        break;
    default:
        break;
    }
    if (ret == 0) {
        if (cfg->n_chardevs == VIREO_MAX_CHARDEVS) {
            error_report("too many chardevs (at most %d)", VIREO_MAX_CHARDEVS);
            ret = -EINVAL;
        } else {
            cfg->chardevs[cfg->n_chardevs++] = chr;
        }
    }
out:
    keyval_free(&kv);
    return ret;
}

static int gdb_dev(OptState *s, const char *dev)
{
    VireoConfig *cfg = s->cfg;
    ChardevSpec chr = { .opt = cfg_strdup(cfg, s->opt), .arg = cfg_strdup(cfg, dev) };
    int ret = chardev_parse_dev(cfg, dev, &chr);

    if (ret < 0)
        return ret;
    cfg->has_gdb = chr.kind != CHARDEV_NONE;
    cfg->gdb = chr;
    return 0;
}

int opt_gdb(OptState *s, const OptionDef *def, const char *arg)
{
    return gdb_dev(s, arg);
}

int opt_gdb_default(OptState *s, const OptionDef *def, const char *arg)
{
    return gdb_dev(s, "tcp::1234");
}

static const ChardevSpec *find_chardev(const VireoConfig *cfg, const char *id)
{
    for (unsigned i = 0; i < cfg->n_chardevs; i++) {
        if (!strcmp(cfg->chardevs[i].id, id))
            return &cfg->chardevs[i];
    }
    return NULL;
}

/* One user of a character device, for the checks below. */
static int check_user(OptState *s, const ChardevSpec *chr, const ChardevSpec **stdio_user)
{
    VireoConfig *cfg = s->cfg;

    loc_set_option(chr->opt, chr->arg);
    if (chr->kind == CHARDEV_REF && !find_chardev(cfg, chr->id)) {
        error_report("chardev '%s' not found", chr->id);
        return -EINVAL;
    }
    if (chr->kind != CHARDEV_STDIO)
        return 0;
    if (cfg->daemonize) {
        error_report("cannot use stdio with -daemonize");
        return -EINVAL;
    }
    if (*stdio_user) {
        /* Name the option the user wrote, not the default -nographic added. */
        if (!strcmp(chr->opt, "-nographic")) {
            loc_set_option((*stdio_user)->opt, (*stdio_user)->arg);
            error_report("cannot use stdio by multiple character devices "
                         "(-nographic puts the monitor on stdio; mon:stdio shares it)");
        } else {
            error_report("cannot use stdio by multiple character devices");
        }
        return -EINVAL;
    }
    *stdio_user = chr;
    return 0;
}

int options_char_finish(OptState *s)
{
    VireoConfig *cfg = s->cfg;
    const ChardevSpec *stdio_user = NULL;
    int ret;

    if (cfg->nographic) {
        /*
         * QEMU's defaults: COM1 and the monitor share stdio through Ctrl-a;
         * -nodefaults, or a port or monitor given, takes its default away.
         */
        ChardevSpec chr = { .kind = CHARDEV_STDIO, .opt = "-nographic" };
        bool serial = !cfg->nodefaults && !s->serial_given;
        bool monitor = !cfg->nodefaults && !s->monitor_given;

        if (cfg->daemonize && (serial || monitor)) {
            loc_clear();
            error_report("-nographic cannot be used with -daemonize");
            return -EINVAL;
        }
        if (serial && monitor) {
            chr.mux = true;
            cfg->serials[cfg->n_serials++] = chr;
        } else if (serial) {
            cfg->serials[cfg->n_serials++] = chr;
        } else if (monitor && (ret = add_monitor(s, &chr, false, false)) < 0) {
            return ret;
        }
    }
    for (unsigned i = 0; i < cfg->n_chardevs; i++) {
        if ((ret = check_user(s, &cfg->chardevs[i], &stdio_user)) < 0)
            return ret;
    }
    for (unsigned i = 0; i < cfg->n_serials; i++) {
        if ((ret = check_user(s, &cfg->serials[i], &stdio_user)) < 0)
            return ret;
    }
    for (unsigned i = 0; i < cfg->n_monitors; i++) {
        if ((ret = check_user(s, &cfg->monitors[i].chr, &stdio_user)) < 0)
            return ret;
    }
    if (cfg->has_gdb && (ret = check_user(s, &cfg->gdb, &stdio_user)) < 0)
        return ret;
    return 0;
}
