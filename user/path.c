/*
 * The guest's view of absolute paths under -L SYSROOT, as qemu-user's -L
 * gives it: a path that exists under the sysroot is taken from there, any
 * other falls back to the host's own. This is what lets the dynamic loader
 * find /lib64/ld-linux-x86-64.so.2, /etc/ld.so.cache and the libraries of
 * an x86-64 sysroot on a host of another architecture. With no sysroot, or
 * with "/", paths are the host's unchanged.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "user/user.h"

const char *user_sysroot;

/* Host places the sysroot never shadows: the process's own view of itself. */
static bool path_is_host_only(const char *p)
{
    static const char *const host[] = { "/proc", "/dev", "/sys" };

    for (size_t i = 0; i < sizeof(host) / sizeof(host[0]); i++) {
        size_t n = strlen(host[i]);

        if (!strncmp(p, host[i], n) && (p[n] == '/' || p[n] == 0))
            return true;
    }
    return false;
}

int user_path_map(char *path, size_t size)
{
    char mapped[USER_PATH_MAX];
    struct stat st;
    int n;

    if (!user_sysroot || !strcmp(user_sysroot, "/") || path[0] != '/' || path_is_host_only(path))
        return 0;
    n = snprintf(mapped, sizeof(mapped), "%s%s", user_sysroot, path);
    if (n < 0 || (size_t)n >= sizeof(mapped) || (size_t)n >= size)
        return 0;           /* too long under the sysroot: the host path it is */
    if (lstat(mapped, &st) < 0)
        return 0;
    memcpy(path, mapped, (size_t)n + 1);
    return 0;
}
