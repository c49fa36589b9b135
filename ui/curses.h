/*
 * The curses front end (curses.c, on ncursesw; curses-none.c when configure
 * found none: the option parser already refuses -display curses then).
 *
 * It shows the console's text view (ConsoleText) in the terminal vireo was
 * started from and types the terminal's keys into the guest. Main thread,
 * bql held: the terminal is an fd handler of the main loop and the screen is
 * redrawn from the console's refresh tick.
 */
#ifndef UI_CURSES_H
#define UI_CURSES_H

#include "system/options.h"
#include "ui/console.h"

/* Take over the terminal and show con. 0, or -errno after error_report (stdin not a terminal...). */
int curses_display_init(const VireoConfig *cfg, Console *con);
/* Give the terminal back as it was; safe to call twice, or without init. */
void curses_display_cleanup(void);

#endif
