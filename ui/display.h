/*
 * Starting the front ends the options ask for, and the monitor's display
 * commands (screendump, sendkey, info vnc, change vnc password). Called by
 * main() once the machine (and so its display device) exists, bql held.
 */
#ifndef UI_DISPLAY_H
#define UI_DISPLAY_H

#include "system/options.h"

/* 0, or -errno after error_report (a VNC port that cannot be bound...). */
int display_init(const VireoConfig *cfg);
/* Give the terminal back (curses); main() calls it on its way out, whatever the cause. */
void display_cleanup(void);

#endif
