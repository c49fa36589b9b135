/*
 * The QMP front end: framing (json-stream.c), the greeting, capabilities
 * negotiation, request checks and dispatch to qmp-cmds.c, and events. The
 * checks and their messages are QEMU's (monitor/qmp.c, qapi/qmp-dispatch.c
 * of QEMU 7.2), so clients see the same error for the same mistake.
 */
#include "monitor/qmp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "block/block-backend.h"
#include "config.h"
#include "monitor/json-stream.h"
#include "monitor/qmp-int.h"
#include "system/error.h"
#include "system/runstate.h"

typedef struct QMPMonitor {
    Chardev *chr;
    CharFrontend fe;
    JSONStream js;
    bool pretty;
    bool negotiated;
    struct QMPMonitor *next;
} QMPMonitor;

static QMPMonitor *qmp_monitors;

static const char *const class_names[] = {
    [QMP_ERR_GENERIC] = "GenericError",
    [QMP_ERR_COMMAND_NOT_FOUND] = "CommandNotFound",
    [QMP_ERR_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
    [QMP_ERR_DEVICE_NOT_FOUND] = "DeviceNotFound",
    [QMP_ERR_KVM_MISSING_CAP] = "KVMMissingCap",
};

void qmp_error_set(QMPError *err, QMPErrorClass cls, const char *fmt, ...)
{
    va_list ap;

    err->cls = cls;
    va_start(ap, fmt);
    vsnprintf(err->desc, sizeof(err->desc), fmt, ap);
    va_end(ap);
}

/* Send one message (stolen) and the CRLF QMP ends each with. */
static void qmp_send(QMPMonitor *mon, json_t *msg)
{
    char *s = json_dumps(msg, mon->pretty ? JSON_INDENT(4) | JSON_PRESERVE_ORDER : JSON_PRESERVE_ORDER);

    json_decref(msg);
    if (!s)
        return;
    chr_write(mon->chr, (const uint8_t *)s, (int)strlen(s));
    chr_write(mon->chr, (const uint8_t *)"\r\n", 2);
    free(s);
}

static void send_error(QMPMonitor *mon, const QMPError *err, json_t *id)
{
    json_t *msg = json_pack("{s:{s:s,s:s}}", "error", "class", class_names[err->cls], "desc", err->desc);

    if (msg && id)
        json_object_set(msg, "id", id);
    if (msg)
        qmp_send(mon, msg);
}

static json_t *version_object(void)
{
    return json_pack("{s:{s:i,s:i,s:i},s:s}", "qemu", "micro", 0, "minor", 2, "major", 7,
                     "package", "Vireo " VIREO_VERSION);
}

json_t *qmp_version(void) { return version_object(); }

static void send_greeting(QMPMonitor *mon)
{
    json_t *msg = json_pack("{s:{s:o,s:[]}}", "QMP", "version", version_object(), "capabilities");

    if (msg)
        qmp_send(mon, msg);
}

/* ---- Requests -------------------------------------------------------------- */

static const QMPCommand *find_command(const char *name)
{
    for (const QMPCommand *c = qmp_commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

static const char *const type_names[] = {
    [QMP_ARG_STR] = "string", [QMP_ARG_INT] = "integer", [QMP_ARG_BOOL] = "boolean",
    [QMP_ARG_ARRAY] = "array", [QMP_ARG_ANY] = "any",
};

static bool type_ok(QMPArgType t, const json_t *v)
{
    switch (t) {
    case QMP_ARG_STR: return json_is_string(v);
    case QMP_ARG_INT: return json_is_integer(v);
    case QMP_ARG_BOOL: return json_is_boolean(v);
    case QMP_ARG_ARRAY: return json_is_array(v);
    case QMP_ARG_ANY: return true;
    }
    return false;
}

/* The arguments against the command's declaration, in QEMU's order:
 * unknown members, then missing ones, then types. */
static bool check_args(const QMPCommand *cmd, json_t *args, QMPError *err)
{
    const char *key;
    json_t *v;

    json_object_foreach(args, key, v) {
        const QMPArg *a = cmd->args;

        while (a->name && strcmp(a->name, key))
            a++;
        if (!a->name) {
            qmp_error_set(err, QMP_ERR_GENERIC, "Parameter '%s' is unexpected", key);
            return false;
        }
    }
    for (const QMPArg *a = cmd->args; a->name; a++) {
        v = json_object_get(args, a->name);
        if (!v && !a->optional) {
            qmp_error_set(err, QMP_ERR_GENERIC, "Parameter '%s' is missing", a->name);
            return false;
        }
        if (v && !type_ok(a->type, v)) {
            qmp_error_set(err, QMP_ERR_GENERIC, "Invalid parameter type for '%s', expected: %s",
                          a->name, type_names[a->type]);
            return false;
        }
    }
    return true;
}

static void dispatch(QMPMonitor *mon, json_t *req)
{
    json_t *id = NULL, *args = NULL, *v, *ret;
    const char *name = NULL, *key;
    const QMPCommand *cmd;
    QMPError err = { 0 };

    if (!json_is_object(req)) {
        qmp_error_set(&err, QMP_ERR_GENERIC, "QMP input must be a JSON object");
        goto fail;
    }
    json_object_foreach(req, key, v) {
        if (!strcmp(key, "execute")) {
            if (!json_is_string(v)) {
                qmp_error_set(&err, QMP_ERR_GENERIC, "QMP input member 'execute' must be a string");
                goto fail;
            }
            name = json_string_value(v);
        } else if (!strcmp(key, "arguments")) {
            if (!json_is_object(v)) {
                qmp_error_set(&err, QMP_ERR_GENERIC, "QMP input member 'arguments' must be an object");
                goto fail;
            }
            args = v;
        } else if (!strcmp(key, "id")) {
            id = v;
        } else {
            qmp_error_set(&err, QMP_ERR_GENERIC, "QMP input member '%s' is unexpected", key);
            goto fail;
        }
    }
    if (!name) {
        qmp_error_set(&err, QMP_ERR_GENERIC, "QMP input lacks member 'execute'");
        goto fail;
    }
    if (!mon->negotiated && strcmp(name, "qmp_capabilities")) {
        qmp_error_set(&err, QMP_ERR_COMMAND_NOT_FOUND,
                      "Expecting capabilities negotiation with 'qmp_capabilities'");
        goto fail;
    }
    if (mon->negotiated && !strcmp(name, "qmp_capabilities")) {
        qmp_error_set(&err, QMP_ERR_COMMAND_NOT_FOUND,
                      "Capabilities negotiation is already complete, command ignored");
        goto fail;
    }
    if (!(cmd = find_command(name))) {
        qmp_error_set(&err, QMP_ERR_COMMAND_NOT_FOUND, "The command %s has not been found", name);
        goto fail;
    }
    {
        json_t *empty = args ? NULL : json_object();

        if (!check_args(cmd, args ? args : empty, &err)) {
            json_decref(empty);
            goto fail;
        }
        ret = cmd->handler(args ? args : empty, &err);
        json_decref(empty);
    }
    if (err.desc[0])
        goto fail;
    if (!strcmp(name, "qmp_capabilities"))
        mon->negotiated = true;
    {
        json_t *msg = json_pack("{s:o}", "return", ret ? ret : json_object());

        if (msg && id)
            json_object_set(msg, "id", id);
        if (msg)
            qmp_send(mon, msg);
    }
    return;
fail:
    send_error(mon, &err, id);
}

static void on_text(void *opaque, const char *text, size_t len, const char *stream_err)
{
    QMPMonitor *mon = opaque;
    QMPError err = { 0 };
    json_error_t jerr;
    json_t *req;

    if (stream_err) {
        qmp_error_set(&err, QMP_ERR_GENERIC, "%s", stream_err);
        send_error(mon, &err, NULL);
        return;
    }
    req = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!req) {
        qmp_error_set(&err, QMP_ERR_GENERIC, "JSON parse error, %s", jerr.text);
        send_error(mon, &err, NULL);
        return;
    }
    dispatch(mon, req);
    json_decref(req);
}

/* ---- Events ------------------------------------------------------------------- */

static void qmp_event(const char *name, json_t *data)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    for (QMPMonitor *mon = qmp_monitors; mon; mon = mon->next) {
        json_t *msg;

        if (!mon->negotiated)
            continue;
        msg = json_pack("{s:{s:I,s:I},s:s}", "timestamp", "seconds", (json_int_t)tv.tv_sec,
                        "microseconds", (json_int_t)tv.tv_usec, "event", name);
        if (msg && data)
            json_object_set(msg, "data", data);
        if (msg)
            qmp_send(mon, msg);
    }
    json_decref(data);
}

static void on_runstate_event(const char *event, bool guest, const char *reason)
{
    qmp_event(event, reason ? json_pack("{s:b,s:s}", "guest", guest, "reason", reason) : NULL);
}

static void on_tray_moved(const char *device, const char *path, bool open)
{
    qmp_event("DEVICE_TRAY_MOVED",
              json_pack("{s:s,s:b,s:s}", "device", device, "tray-open", open, "id", path));
}

/* ---- The chardev frontend -------------------------------------------------------- */

static int qmp_can_receive(void *opaque)
{
    return 4096;
}

static void qmp_receive(void *opaque, const uint8_t *buf, int len)
{
    QMPMonitor *mon = opaque;

    json_stream_feed(&mon->js, (const char *)buf, (size_t)len);
}

static void qmp_chr_event(void *opaque, ChrEvent event)
{
    QMPMonitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        /* A new client (or the first): a session of its own. */
        mon->negotiated = false;
        json_stream_reset(&mon->js);
        send_greeting(mon);
        break;
    case CHR_EVENT_CLOSED:
        /* The session ends with the next client's greeting; until then
         * events still go out (stdio at EOF still shows SHUTDOWN, as QEMU). */
        json_stream_reset(&mon->js);
        break;
    default:
        break;
    }
}

int qmp_monitor_new(Chardev *chr, bool pretty)
{
    QMPMonitor *mon = calloc(1, sizeof(*mon));

    if (!mon)
        return -1;
    mon->chr = chr;
    mon->pretty = pretty;
    json_stream_init(&mon->js, on_text, mon);
    mon->fe = (CharFrontend){
        .can_receive = qmp_can_receive,
        .receive = qmp_receive,
        .event = qmp_chr_event,
        .opaque = mon,
    };
    runstate_set_event_fn(on_runstate_event);
    blk_set_tray_event_fn(on_tray_moved);
    mon->next = qmp_monitors;
    qmp_monitors = mon;
    if (chr_attach(chr, &mon->fe) < 0) {
        error_report("the QMP monitor's character device is already in use");
        qmp_monitors = mon->next;
        json_stream_destroy(&mon->js);
        free(mon);
        return -1;
    }
    return 0;
}

void qmp_cleanup(void)
{
    while (qmp_monitors) {
        QMPMonitor *mon = qmp_monitors;

        qmp_monitors = mon->next;
        chr_detach(mon->chr, &mon->fe);
        json_stream_destroy(&mon->js);
        free(mon);
    }
    qmp_cmds_cleanup();
}
