/*
 * Cutting a byte stream into JSON texts, as QMP's input is: objects may span
 * lines and several may share one. The splitter tracks strings (with their
 * escapes) and the nesting of {} and []; a text ends when its outermost
 * bracket closes, or, for a bare scalar at the top level, at the next
 * whitespace or bracket. It does not validate: the parser does, on the whole
 * text. Limits as QEMU's json-streamer: a text over JSON_STREAM_MAX_SIZE
 * bytes or nested deeper than JSON_STREAM_MAX_DEPTH, or a closing bracket
 * with nothing open, is reported as an error and the splitter starts afresh
 * with the next byte.
 */
#ifndef MONITOR_JSON_STREAM_H
#define MONITOR_JSON_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_STREAM_MAX_SIZE  (64u << 20)
#define JSON_STREAM_MAX_DEPTH 1024

typedef struct JSONStream {
    /* A complete text (len bytes, NUL-terminated), or an error (text NULL,
     * err the message: "JSON nesting depth limit exceeded"...). */
    void (*emit)(void *opaque, const char *text, size_t len, const char *err);
    void *opaque;
    char *buf;
    size_t len, cap;
    unsigned depth;
    bool in_string, escape, in_scalar;
    bool discarding;        /* after an error: drop bytes until the text would have ended */
} JSONStream;

void json_stream_init(JSONStream *js, void (*emit)(void *, const char *, size_t, const char *),
                      void *opaque);
void json_stream_feed(JSONStream *js, const char *data, size_t len);
/* Forget a partial text (the client went away). */
void json_stream_reset(JSONStream *js);
void json_stream_destroy(JSONStream *js);

#endif
