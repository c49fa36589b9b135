/*
 * QMP where the build has no JSON library (libjansson): -qmp is refused
 * with a clear message rather than half-working. See qmp.h.
 */
#include "monitor/qmp.h"

#include "system/error.h"

int qmp_monitor_new(Chardev *chr, bool pretty)
{
    error_report("QMP needs libjansson, which this build of Vireo was configured without");
    return -1;
}

void qmp_cleanup(void)
{
}
