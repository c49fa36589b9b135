/*
 * -netdev tap: not built yet (issue 13, back ends). The option is parsed;
 * starting a VM with it is refused with a clear message.
 */
#include "net/clients.h"
#include "system/error.h"

NetClientState *net_tap_new(const NetdevConfig *cfg, NetClientState *peer, const char *name)
{
    error_report("tap networking is not supported yet");
    return NULL;
}
