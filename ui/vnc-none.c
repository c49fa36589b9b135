/* Built when configure found no libvncserver: the option parser already refuses -vnc. */
#include "ui/vnc.h"

#include <errno.h>

int vnc_start(const VncConfig *cfg, Console *con)
{
    return -ENOTSUP;
}

void vnc_info(FILE *out)
{
    fprintf(out, "VNC is not available\n");
}

int vnc_set_password(const char *password)
{
    return -ENODEV;
}
