/* The front ends of the options, and the monitor's display commands. */
#include "ui/display.h"

#include <errno.h>
#include <string.h>

#include "monitor/monitor.h"
#include "ui/console.h"
#include "ui/curses.h"
#include "ui/input.h"
#include "ui/sdl.h"
#include "ui/vnc.h"

static int mon_screendump(void *opaque, const char *path, bool png)
{
    return console_screendump(console_default(), path, png);
}

static int mon_sendkey(void *opaque, const char *keys, int hold_ms, const char **bad, int *bad_len)
{
    return input_sendkey(keys, hold_ms, bad, bad_len);
}

static void mon_info_vnc(void *opaque, FILE *out)
{
    vnc_info(out);
}

static int mon_vnc_password(void *opaque, const char *password)
{
    return vnc_set_password(password);
}

static const MonitorDisplayOps display_monitor_ops = {
    .screendump = mon_screendump,
    .sendkey = mon_sendkey,
    .info_vnc = mon_info_vnc,
    .vnc_password = mon_vnc_password,
};

/* A local display needs a display device to show (QEMU shows the serial console's text instead). */
static Console *local_console(const char *what)
{
    Console *con = console_default();

    if (!con)
        warn_report("-display %s: the machine has no display device (-vga none): no %s", what,
                    !strcmp(what, "sdl") ? "window" : "screen");
    return con;
}

/* A chardev on stdio would fight curses over the terminal. */
static bool stdio_in_use(const VireoConfig *cfg)
{
    for (unsigned i = 0; i < cfg->n_serials; i++)
        if (cfg->serials[i].kind == CHARDEV_STDIO)
            return true;
    for (unsigned i = 0; i < cfg->n_monitors; i++)
        if (cfg->monitors[i].chr.kind == CHARDEV_STDIO)
            return true;
    for (unsigned i = 0; i < cfg->n_chardevs; i++)
        if (cfg->chardevs[i].kind == CHARDEV_STDIO)
            return true;
    return false;
}

int display_init(const VireoConfig *cfg)
{
    Console *con;
    int ret;

    monitor_set_display(&display_monitor_ops, NULL);
    /* VNC first: its errors (a port in use) reach the terminal before curses takes it. */
    if (cfg->vnc.kind != VNC_OFF) {
        if (!(con = console_default()))
            warn_report("-vnc: the machine has no display device (-vga none): no VNC server");
        else if ((ret = vnc_start(&cfg->vnc, con)) < 0)
            return ret;
    }
    switch (cfg->display) {
    case DISPLAY_SDL:
        if ((con = local_console("sdl")) && (ret = sdl_display_init(cfg, con)) < 0)
            return ret;
        break;
    case DISPLAY_CURSES:
        if (stdio_in_use(cfg)) {
            error_report("-display curses: the terminal is taken by a character device on stdio");
            return -EBUSY;
        }
        if ((con = local_console("curses")) && (ret = curses_display_init(cfg, con)) < 0)
            return ret;
        break;
    default:
        break;
    }
    return 0;
}

void display_cleanup(void)
{
    curses_display_cleanup();
}
