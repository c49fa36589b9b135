/* -display -sdl -curses -nographic -vnc -k -vga: see options-int.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "system/options-int.h"

/* What configure found: a front end that was not built is refused here. */
#ifdef CONFIG_SDL2
#define HAVE_SDL2 true
#else
#define HAVE_SDL2 false
#endif
#ifdef CONFIG_CURSES
#define HAVE_CURSES true
#else
#define HAVE_CURSES false
#endif
#ifdef CONFIG_VNC
#define HAVE_VNC true
#else
#define HAVE_VNC false
#endif

static const struct {
    const char *name;
    DisplayKind kind;
    bool built;
} displays[] = {
    { "none", DISPLAY_NONE, true },
    { "sdl", DISPLAY_SDL, HAVE_SDL2 },
    { "curses", DISPLAY_CURSES, HAVE_CURSES },
};

static const struct {
    const char *name, *desc;
    bool pending;       /* no issue builds it yet */
} vga_types[] = {
    { "none", "no graphic card" },
    { "std", "standard VGA (default)" },
    { "cirrus", "Cirrus VGA" },
    { "vmware", "VMWare SVGA", true },
    { "qxl", "QXL VGA", true },
    { "virtio", "Virtio VGA", true },
};

/* QEMU's keymaps (pc-bios/keymaps). */
static const char *const keyboard_layouts[] = {
    "ar", "bepo", "cz", "da", "de", "de-ch", "en-gb", "en-us", "es", "et", "fi", "fo", "fr", "fr-be", "fr-ca",
    "fr-ch", "hr", "hu", "is", "it", "ja", "lt", "lv", "mk", "nl", "no", "pl", "pt", "pt-br", "ru", "sl", "sv",
    "th", "tr",
};

static int set_display(OptState *s, const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(displays); i++) {
        if (strcmp(displays[i].name, name))
            continue;
        if (!displays[i].built) {
            error_report("Display '%s' is not available (not built: its library was missing at configure time)",
                         name);
            return -ENOTSUP;
        }
        s->cfg->display = displays[i].kind;
        return 0;
    }
    keyval_bad_value("type", name, "none, sdl, curses or vnc=<display>");
    return -EINVAL;
}

/* -vnc DISPLAY[,password=on][,reverse=on][,websocket=PORT], also -display vnc=... */
static int vnc_parse(OptState *s, const char *arg)
{
    static const KeyvalDesc desc[] = {
        { "vnc", KV_STR }, { "password", KV_BOOL }, { "reverse", KV_BOOL }, { "websocket", KV_STR }, { NULL },
    };
    static const char EXPECTS[] = "[host]:N, unix:path or none";
    VireoConfig *cfg = s->cfg;
    VncConfig vnc = { .websocket_port = -1, .arg = cfg_strdup(cfg, arg) };
    Keyval kv = { 0 };
    const char *d, *p, *ws;
    int ret;

    if (!HAVE_VNC) {
        error_report("VNC is not available (not built: libvncserver was missing at configure time)");
        return -ENOTSUP;
    }
    if ((ret = keyval_parse(&kv, arg, "vnc", desc)) < 0)
        goto out;
    d = keyval_str(&kv, "vnc", NULL);
    vnc.password = keyval_bool(&kv, "password", false);
    vnc.reverse = keyval_bool(&kv, "reverse", false);
    ret = -EINVAL;
    if (!d || !*d) {
        error_report("Parameter 'vnc' is missing (expects %s)", EXPECTS);
        goto out;
    }
    if (!strcmp(d, "none")) {
        vnc.kind = VNC_NONE;
    } else if (strstart(d, "unix:", &p)) {
        if (!*p) {
            keyval_bad_value("vnc", d, EXPECTS);
            goto out;
        }
        vnc.kind = VNC_UNIX;
        vnc.path = cfg_strdup(cfg, p);
    } else {
        const char *host, *end;
        size_t hostlen;
        uint64_t n;

        /* HOST:N, :N or [v6]:N; the number is after the last colon. */
        end = strrchr(d, ':');
        if (!end) {
            error_report("no vnc port specified in '%s' (expects %s)", d, EXPECTS);
            goto out;
        }
        host = d;
        hostlen = (size_t)(end - d);
        if (hostlen >= 2 && host[0] == '[' && host[hostlen - 1] == ']') {
            host++;
            hostlen -= 2;
        }
        if (parse_uint64(end + 1, &n) < 0 || n > (vnc.reverse ? 65535 : 65535 - 5900)) {
            keyval_bad_value("vnc", d, vnc.reverse ? "host:port with reverse=on" : EXPECTS);
            goto out;
        }
        vnc.kind = VNC_TCP;
        vnc.host = hostlen ? cfg_printf(cfg, "%.*s", (int)hostlen, host) : "127.0.0.1";
        vnc.display = (int)n;
        vnc.port = vnc.reverse ? (int)n : 5900 + (int)n;
    }
    if ((ws = keyval_str(&kv, "websocket", NULL))) {
        bool on;
        const char *colon = strrchr(ws, ':');

        if (parse_bool(ws, &on) == 0) {
            if (on && vnc.kind != VNC_TCP) {
                keyval_bad_value("websocket", ws, "a port: the display has no number to add to 5700");
                goto out;
            }
            /* QEMU: websocket=on listens on 5700 + N. */
            vnc.websocket_port = on ? 5700 + vnc.display : -1;
        } else if (colon) {
            if (parse_port(colon + 1, &vnc.websocket_port) < 0) {
                keyval_bad_value("websocket", ws, "on, off, a port or host:port");
                goto out;
            }
            vnc.websocket_host = colon > ws ? cfg_printf(cfg, "%.*s", (int)(colon - ws), ws) : NULL;
        } else if (parse_port(ws, &vnc.websocket_port) < 0) {
            keyval_bad_value("websocket", ws, "on, off, a port or host:port");
            goto out;
        }
    }
    cfg->vnc = vnc;
    ret = 0;
out:
    keyval_free(&kv);
    return ret;
}

int opt_vnc(OptState *s, const OptionDef *def, const char *arg)
{
    return vnc_parse(s, arg);
}

int opt_display(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = { { "type", KV_STR }, { NULL } };
    Keyval kv = { 0 };
    const char *p;
    int ret;

    if (is_help_option(arg)) {
        FILE *f = options_out();

        fprintf(f, "Available display backend types:\n");
        for (size_t i = 0; i < ARRAY_SIZE(displays); i++) {
            if (displays[i].built)
                fprintf(f, "%s\n", displays[i].name);
        }
        if (HAVE_VNC)
            fprintf(f, "vnc=<display>\n");
        return OPTIONS_EXIT_OK;
    }
    /* vnc is a remote protocol, not a local display: -display vnc=X is -vnc X. */
    if (strstart(arg, "vnc", &p)) {
        if (*p != '=') {
            error_report("VNC requires a display argument vnc=<display>");
            return -EINVAL;
        }
        return vnc_parse(s, p + 1);
    }
    ret = keyval_parse(&kv, arg, "type", desc);
    if (ret == 0)
        ret = set_display(s, keyval_str(&kv, "type", ""));
    keyval_free(&kv);
    return ret;
}

int opt_display_short(OptState *s, const OptionDef *def, const char *arg)
{
    return set_display(s, def->data == DISPLAY_SDL ? "sdl" : "curses");
}

int opt_nographic(OptState *s, const OptionDef *def, const char *arg)
{
    s->cfg->nographic = true;
    s->cfg->display = DISPLAY_NONE;
    return 0;
}

int opt_keyboard(OptState *s, const OptionDef *def, const char *arg)
{
    if (is_help_option(arg)) {
        FILE *f = options_out();

        fprintf(f, "Available keyboard layouts:\n");
        for (size_t i = 0; i < ARRAY_SIZE(keyboard_layouts); i++)
            fprintf(f, "%s\n", keyboard_layouts[i]);
        return OPTIONS_EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(keyboard_layouts); i++) {
        if (!strcmp(keyboard_layouts[i], arg)) {
            s->cfg->keyboard_layout = keyboard_layouts[i];
            return 0;
        }
    }
    error_report("unknown keyboard layout '%s' (use -k help for a list)", arg);
    return -EINVAL;
}

int opt_vga(OptState *s, const OptionDef *def, const char *arg)
{
    if (is_help_option(arg)) {
        FILE *f = options_out();

        for (size_t i = 0; i < ARRAY_SIZE(vga_types); i++)
            fprintf(f, "%-20s %s%s\n", vga_types[i].name, vga_types[i].desc,
                    vga_types[i].pending ? " (not supported yet)" : "");
        return OPTIONS_EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(vga_types); i++) {
        if (strcmp(vga_types[i].name, arg))
            continue;
        if (vga_types[i].pending)
            return options_value_pending(arg);
        s->cfg->vga = vga_types[i].name;
        return 0;
    }
    error_report("unknown vga type: %s (use -vga help for a list)", arg);
    return -EINVAL;
}

int options_display_finish(OptState *s)
{
    /* As QEMU: a VNC server and no display asked for means no local window. */
    if (s->cfg->display == DISPLAY_DEFAULT && s->cfg->vnc.kind != VNC_OFF)
        s->cfg->display = DISPLAY_NONE;
    return 0;
}
