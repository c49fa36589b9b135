/* Built when configure found no ncursesw: the option parser already refuses -display curses. */
#include "ui/curses.h"

#include <errno.h>

int curses_display_init(const VireoConfig *cfg, Console *con)
{
    return -ENOTSUP;
}

void curses_display_cleanup(void)
{
}
