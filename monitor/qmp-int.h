/*
 * Between the QMP front end (qmp.c: framing, negotiation, dispatch, events)
 * and its commands (qmp-cmds.c: one table row each, with the arguments the
 * dispatcher checks before the handler runs).
 */
#ifndef MONITOR_QMP_INT_H
#define MONITOR_QMP_INT_H

#include <jansson.h>
#include <stdbool.h>

/* QEMU's error classes (qapi/error.json). */
typedef enum QMPErrorClass {
    QMP_ERR_GENERIC,
    QMP_ERR_COMMAND_NOT_FOUND,
    QMP_ERR_DEVICE_NOT_ACTIVE,
    QMP_ERR_DEVICE_NOT_FOUND,
    QMP_ERR_KVM_MISSING_CAP,
} QMPErrorClass;

typedef struct QMPError {
    QMPErrorClass cls;
    char desc[256];
} QMPError;

typedef enum QMPArgType { QMP_ARG_STR, QMP_ARG_INT, QMP_ARG_BOOL, QMP_ARG_ARRAY, QMP_ARG_ANY } QMPArgType;

typedef struct QMPArg {
    const char *name;
    QMPArgType type;
    bool optional;
} QMPArg;

/*
 * A handler gets its checked arguments (an object, never NULL) and returns
 * the "return" value (a new reference; NULL means {}), or sets err and
 * returns NULL.
 */
typedef json_t *QMPHandler(json_t *args, QMPError *err);

typedef struct QMPCommand {
    const char *name;
    QMPHandler *handler;
    QMPArg args[8];         /* ends at the first with name NULL */
} QMPCommand;

/* {"qemu": {"micro", "minor", "major"}, "package"}: the greeting's and query-version's. */
json_t *qmp_version(void);

/* NULL-terminated, in qmp-cmds.c. */
extern const QMPCommand qmp_commands[];
/* Free what the commands keep between calls (human-monitor-command's monitor). */
void qmp_cmds_cleanup(void);

void qmp_error_set(QMPError *err, QMPErrorClass cls, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
