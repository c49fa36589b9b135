/* Host error reporting: see error.h. */
#include "system/error.h"

#include <stdlib.h>

static const char *progname = "vireo";
static FILE *stream;
static const char *loc_opt;
static const char *loc_arg;

void error_set_progname(const char *name) { progname = name; }
const char *error_progname(void) { return progname; }
void error_set_stream(FILE *f) { stream = f; }

void loc_set_option(const char *opt, const char *arg)
{
    loc_opt = opt;
    loc_arg = arg;
}

void loc_clear(void) { loc_opt = loc_arg = NULL; }

static void vprint(const char *kind, const char *fmt, va_list ap)
{
    FILE *f = stream ? stream : stderr;

    fprintf(f, "%s: ", progname);
    if (loc_opt)
        fprintf(f, loc_arg ? "%s %s: " : "%s: ", loc_opt, loc_arg);
    if (kind)
        fputs(kind, f);
    if (fmt)    /* never NULL; says so to gcc's -Wformat-overflow under ASan */
        vfprintf(f, fmt, ap);
    fputc('\n', f);
    fflush(f);
}

void error_vreport(const char *fmt, va_list ap) { vprint(NULL, fmt, ap); }

void error_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(NULL, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint("warning: ", fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint("info: ", fmt, ap);
    va_end(ap);
}

void error_exit(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(NULL, fmt, ap);
    va_end(ap);
    exit(1);
}
