/* The front ends of the options, and the monitor's display commands. */
#include "ui/display.h"

#include <errno.h>

#include "monitor/monitor.h"
#include "ui/console.h"
#include "ui/input.h"
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

int display_init(const VireoConfig *cfg)
{
    monitor_set_display(&display_monitor_ops, NULL);
    if (cfg->vnc.kind != VNC_OFF) {
        Console *con = console_default();
        int ret;

        if (!con) {
            warn_report("-vnc: the machine has no display device (-vga none): no VNC server");
            return 0;
        }
        ret = vnc_start(&cfg->vnc, con);
        if (ret < 0)
            return ret;
    }
    return 0;
}
