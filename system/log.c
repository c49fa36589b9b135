/* -d / -D debug logging: see log.h. */
#include "system/log.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

unsigned log_mask;
static FILE *log_file;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} categories[] = {
    { "in_asm",       LOG_IN_ASM,      "show target assembly code for each compiled TB" },
    { "op",           LOG_OP,          "show micro ops for each compiled TB" },
    { "out_asm",      LOG_OUT_ASM,     "show generated host assembly code for each compiled TB" },
    { "int",          LOG_INT,         "show interrupts/exceptions in short format" },
    { "exec",         LOG_EXEC,        "show trace before each executed TB (lots of logs)" },
    { "cpu",          LOG_CPU,         "show CPU registers before entering a TB (lots of logs)" },
    { "guest_errors", LOG_GUEST_ERROR, "log when the guest OS does something invalid (eg accessing a non-existent register)" },
    { "unimp",        LOG_UNIMP,       "log unimplemented functionality" },
};

void log_print_categories(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
        fprintf(f, "%-15s %s\n", categories[i].name, categories[i].help);
}

long log_parse_mask(const char *str, bool *help)
{
    unsigned mask = 0;
    const char *p = str;

    *help = false;
    if (!strcmp(str, "help") || !strcmp(str, "?")) {
        *help = true;
        return 0;
    }
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t i;

        for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++) {
            if (strlen(categories[i].name) == len && !strncmp(p, categories[i].name, len))
                break;
        }
        if (i == sizeof(categories) / sizeof(categories[0])) {
            error_report("unknown log item '%.*s' (try -d help)", (int)len, p);
            return -1;
        }
        mask |= categories[i].mask;
        p += len;
        if (*p == ',')
            p++;
    }
    return mask;
}

int log_set_file(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -errno;
    log_close();
    setvbuf(f, NULL, _IOLBF, 0);
    log_file = f;
    return 0;
}

void log_close(void)
{
    if (log_file)
        fclose(log_file);
    log_file = NULL;
}

void log_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(log_file ? log_file : stderr, fmt, ap);
    va_end(ap);
}

void log_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(f ? f : log_file ? log_file : stderr, fmt, ap);
    va_end(ap);
}
