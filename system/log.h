/*
 * Debug logging selected with -d CATEGORIES and sent to -D FILE (stderr by
 * default). The hot-path test is one load and one AND: log_enabled(LOG_EXEC).
 */
#ifndef SYSTEM_LOG_H
#define SYSTEM_LOG_H

#include <stdbool.h>
#include <stdio.h>

#include "system/error.h"

enum {
    LOG_IN_ASM      = 1u << 0,  /* guest code as it is translated */
    LOG_OP          = 1u << 1,  /* translator IR */
    LOG_OUT_ASM     = 1u << 2,  /* host code produced */
    LOG_INT         = 1u << 3,  /* interrupts and exceptions */
    LOG_EXEC        = 1u << 4,  /* each translation block run */
    LOG_CPU         = 1u << 5,  /* CPU state before each block */
    LOG_GUEST_ERROR = 1u << 6,  /* guest did something invalid to a device */
    LOG_UNIMP       = 1u << 7,  /* guest used an unimplemented feature */
};

extern unsigned log_mask;

static inline bool log_enabled(unsigned mask) { return (log_mask & mask) != 0; }

/*
 * Parse "in_asm,int" into a mask. Returns the mask, or -1 after reporting
 * the unknown name. "help" prints the list and returns 0 with *help set.
 */
long log_parse_mask(const char *str, bool *help);
void log_print_categories(FILE *f);

/* Redirect to a file (-D). Returns 0 or a negative errno. */
int log_set_file(const char *path);
void log_close(void);

void log_printf(const char *fmt, ...) PRINTF_FMT(1, 2);
/* To f, or to the log when f is NULL (dumps that serve both -d and tests). */
void log_fprintf(FILE *f, const char *fmt, ...) PRINTF_FMT(2, 3);

#endif
