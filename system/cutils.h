/* Small string and number helpers shared by the option parser and tools. */
#ifndef SYSTEM_CUTILS_H
#define SYSTEM_CUTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Parse an unsigned decimal (or 0x hex) number that fills the whole string. 0 or -EINVAL/-ERANGE. */
int parse_uint64(const char *str, uint64_t *out);

/*
 * Parse a size: "512", "512M", "2G", "1.5G", "4k". A bare number is in units
 * of default_unit (1 for bytes, 1 << 20 for -m megabytes). Suffixes K, M, G,
 * T, P, E (either case, optional trailing 'B' not accepted, as QEMU). Returns
 * 0 or -EINVAL (malformed) / -ERANGE (too big).
 */
int parse_size(const char *str, uint64_t default_unit, uint64_t *out);

/* Does str start with prefix? If so and rest != NULL, *rest is what follows. */
bool strstart(const char *str, const char *prefix, const char **rest);

/* Format a size the way qemu-img does: "1 GiB", "512 MiB", "1.5 KiB". */
void format_size(char *buf, size_t len, uint64_t size);

#endif
