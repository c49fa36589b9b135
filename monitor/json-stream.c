/* Cutting a byte stream into JSON texts: see json-stream.h. */
#include "monitor/json-stream.h"

#include <stdlib.h>
#include <string.h>

void json_stream_init(JSONStream *js, void (*emit)(void *, const char *, size_t, const char *),
                      void *opaque)
{
    *js = (JSONStream){ .emit = emit, .opaque = opaque };
}

void json_stream_reset(JSONStream *js)
{
    js->len = 0;
    js->depth = 0;
    js->in_string = js->escape = js->in_scalar = js->discarding = false;
}

void json_stream_destroy(JSONStream *js)
{
    free(js->buf);
    js->buf = NULL;
    js->cap = 0;
    json_stream_reset(js);
}

static bool append(JSONStream *js, char c)
{
    if (js->len + 2 > js->cap) {
        size_t cap = js->cap ? js->cap * 2 : 256;
        char *b;

        if (cap > JSON_STREAM_MAX_SIZE + 2)
            cap = JSON_STREAM_MAX_SIZE + 2;
        if (!(b = realloc(js->buf, cap)))
            return false;
        js->buf = b;
        js->cap = cap;
    }
    js->buf[js->len++] = c;
    return true;
}

/* A text ended: hand it over, or forget it if it was being discarded. */
static void end_text(JSONStream *js)
{
    size_t n;

    js->in_scalar = false;
    if (js->discarding) {
        js->discarding = false;
        js->len = 0;
        return;
    }
    n = js->len;
    if (!js->buf)
        return;
    js->buf[n] = '\0';
    js->len = 0;
    js->emit(js->opaque, js->buf, n, NULL);
}

/* Report err and drop the rest of the current text: bytes are skipped, with
 * strings and nesting still followed, until the text would have ended. */
static void fail(JSONStream *js, const char *err)
{
    js->len = 0;
    js->discarding = js->depth > 0 || js->in_string || js->in_scalar;
    js->emit(js->opaque, NULL, 0, err);
}

static void keep(JSONStream *js, char c)
{
    if (js->discarding)
        return;
    if (js->len >= JSON_STREAM_MAX_SIZE || !append(js, c))
        fail(js, "JSON token size limit exceeded");
}

static void feed_byte(JSONStream *js, char c)
{
    bool open = c == '{' || c == '[', close = c == '}' || c == ']';
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';

    if (js->in_string) {
        keep(js, c);
        if (js->escape) {
            js->escape = false;
        } else if (c == '\\') {
            js->escape = true;
        } else if (c == '"') {
            js->in_string = false;
            if (js->depth == 0)
                end_text(js);           /* a bare string at the top level */
        }
        return;
    }
    /* A bare number or keyword at the top level runs to a space, a bracket or a quote. */
    if (js->depth == 0 && js->in_scalar && (space || open || close || c == '"'))
        end_text(js);
    if (c == '"') {
        js->in_string = true;
        keep(js, c);
    } else if (open) {
        if (++js->depth > JSON_STREAM_MAX_DEPTH && !js->discarding)
            fail(js, "JSON nesting depth limit exceeded");
        keep(js, c);
    } else if (close) {
        if (js->depth == 0) {
            fail(js, "JSON parse error, expecting value");
            return;
        }
        keep(js, c);
        if (--js->depth == 0)
            end_text(js);
    } else if (js->depth > 0 || !space) {
        if (js->depth == 0)
            js->in_scalar = true;
        keep(js, c);
    }
}
void json_stream_feed(JSONStream *js, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        feed_byte(js, data[i]);
}
