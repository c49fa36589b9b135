/*
 * The SDL2 window (sdl.c; sdl-none.c when configure found no libsdl2: the
 * option parser already refuses -display sdl then).
 *
 * Everything runs on the main thread with the bql held: SDL's events are
 * polled and the window redrawn from the console's refresh tick
 * (CONSOLE_REFRESH_MS), so no SDL call ever happens on another thread.
 */
#ifndef UI_SDL_H
#define UI_SDL_H

#include "system/options.h"
#include "ui/console.h"

/* Open the window showing con. 0, or -errno after error_report (no X display...). */
int sdl_display_init(const VireoConfig *cfg, Console *con);

#endif
