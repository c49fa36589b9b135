/* String and number helpers: see cutils.h. */
#include "system/cutils.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_uint64(const char *str, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!*str || isspace((unsigned char)*str) || *str == '-' || *str == '+')
        return -EINVAL;
    errno = 0;
    v = strtoull(str, &end, 0);
    if (errno == ERANGE)
        return -ERANGE;
    if (*end || end == str)
        return -EINVAL;
    *out = v;
    return 0;
}

int parse_size(const char *str, uint64_t default_unit, uint64_t *out)
{
    const char *p = str;
    char *end;
    uint64_t unit = default_unit;
    double frac = 0;
    unsigned long long whole;

    if (!isdigit((unsigned char)*p))
        return -EINVAL;
    errno = 0;
    whole = strtoull(p, &end, 10);
    if (errno == ERANGE)
        return -ERANGE;
    p = end;
    if (*p == '.') {
        /* "1.5G": the fraction is only meaningful with a unit. */
        frac = strtod(p, &end);
        if (end == p + 1)
            return -EINVAL;
        p = end;
    }
    if (*p) {
        static const char units[] = "KMGTPE";
        const char *u = strchr(units, toupper((unsigned char)*p));

        if (!u || p[1])
            return -EINVAL;
        unit = 1ull << (10 * (u - units + 1));
        if (*p == 'k' || *p == 'K')
            unit = 1024;
    }
    if (whole > UINT64_MAX / unit)
        return -ERANGE;
    *out = whole * unit + (uint64_t)(frac * (double)unit);
    if (*out < whole * unit)
        return -ERANGE;
    return 0;
}

bool strstart(const char *str, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);

    if (strncmp(str, prefix, n))
        return false;
    if (rest)
        *rest = str + n;
    return true;
}

void format_size(char *buf, size_t len, uint64_t size)
{
    static const char *const names[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    unsigned i = 0;
    double v = (double)size;

    while (v >= 1024 && i + 1 < ARRAY_SIZE(names)) {
        v /= 1024;
        i++;
    }
    if (i == 0)
        snprintf(buf, len, "%llu B", (unsigned long long)size);
    else if (v == floor(v))
        snprintf(buf, len, "%.0f %s", v, names[i]);
    else
        snprintf(buf, len, "%.3g %s", v, names[i]);
}
