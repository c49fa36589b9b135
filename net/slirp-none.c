/* Built instead of net/slirp.c when configure found no libslirp: the options
 * layer already refuses -net user, so these are never reached with a stack. */
#include <errno.h>

#include "net/clients.h"
#include "system/error.h"

NetClientState *net_slirp_new(const NetdevConfig *cfg, NetClientState *peer, const char *name)
{
    error_report("user networking is not available (libslirp was missing at configure time)");
    return NULL;
}

int net_slirp_hostfwd_add(const char *name, const char *rule, FILE *out)
{
    fprintf(out, "user mode network stack not in use\n");
    return -ENOENT;
}

int net_slirp_hostfwd_remove(const char *name, const char *rule, FILE *out)
{
    fprintf(out, "user mode network stack not in use\n");
    return -ENOENT;
}
