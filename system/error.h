/*
 * Host-side error reporting, in the form QEMU users know:
 *
 *   vireo: -drive file=x: Could not open 'x': No such file or directory
 *
 * The "location" prefix (the option being processed) is set by whoever is
 * walking the command line and cleared when done, so code deep below (the
 * block layer opening a file) need not know which option it serves.
 *
 * This is the host error channel only. Guest-visible faults never come here
 * (see docs/architecture.md, "Two error channels").
 */
#ifndef SYSTEM_ERROR_H
#define SYSTEM_ERROR_H

#include <stdarg.h>
#include <stdio.h>

#define PRINTF_FMT(a, b) __attribute__((format(printf, a, b)))

/* Name printed before every message; defaults to "vireo". */
void error_set_progname(const char *name);
const char *error_progname(void);

/* Where messages go; defaults to stderr. Tests point it at a memstream. */
void error_set_stream(FILE *f);

/* Location: "-opt arg" printed after the program name. NULL clears. */
void loc_set_option(const char *opt, const char *arg);
void loc_clear(void);

void error_report(const char *fmt, ...) PRINTF_FMT(1, 2);
void error_vreport(const char *fmt, va_list ap);
void warn_report(const char *fmt, ...) PRINTF_FMT(1, 2);
void info_report(const char *fmt, ...) PRINTF_FMT(1, 2);

/* Report and exit(1): only for main() and command-line handling. */
void error_exit(const char *fmt, ...) PRINTF_FMT(1, 2) __attribute__((__noreturn__));

#endif
