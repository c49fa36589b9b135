/*
 * The VNC server (vnc.c, on libvncserver; vnc-none.c when configure found
 * no libvncserver). One server, QEMU's "default" display, showing a console.
 *
 * Threads: libvncserver runs on a thread of its own, so a slow or hostile
 * client never holds up the main loop. The console listener (main thread,
 * bql held) only records what changed; the VNC thread takes the bql to copy
 * those pixels into the server's own framebuffer and to deliver input, and
 * does everything else (sockets, encodings, resizes) without it.
 */
#ifndef UI_VNC_H
#define UI_VNC_H

#include <stdio.h>

#include "system/options.h"
#include "ui/console.h"

/* Start serving con as cfg says (bql held). 0, or -errno after error_report. */
int vnc_start(const VncConfig *cfg, Console *con);
/* QEMU's "info vnc". */
void vnc_info(FILE *out);
/* change vnc password: 0, or -ENODEV without a server, -EINVAL without password=on. */
int vnc_set_password(const char *password);

#endif
