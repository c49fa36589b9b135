/* Built when configure found no libsdl2: the option parser already refuses -display sdl. */
#include "ui/sdl.h"

#include <errno.h>

int sdl_display_init(const VireoConfig *cfg, Console *con)
{
    return -ENOTSUP;
}
