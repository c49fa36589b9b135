/*
 * QMP, the JSON monitor (-qmp DEV, -mon chardev=ID,mode=control), as QEMU's
 * QMP specification defines it: a greeting with the version and
 * capabilities, qmp_capabilities negotiation, {"execute", "arguments", "id"}
 * requests answered by {"return"} or {"error": {"class", "desc"}} with "id"
 * echoed, and events with timestamps sent to every negotiated client.
 *
 * The version announced is the QEMU release whose behaviour Vireo follows
 * (7.2), with Vireo named in "package": tools (libvirt) decide what they may
 * use by that number. Everything runs in the main-loop thread, bql held.
 */
#ifndef MONITOR_QMP_H
#define MONITOR_QMP_H

#include <stdbool.h>

#include "chardev/char.h"

/* A QMP monitor on chr; pretty: replies indented. 0, or -1 (reported). */
int qmp_monitor_new(Chardev *chr, bool pretty);
/* Free every QMP monitor (before chr_cleanup()). */
void qmp_cleanup(void);

#endif
