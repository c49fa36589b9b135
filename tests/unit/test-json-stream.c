/*
 * Unit tests: cutting QMP's byte stream into JSON texts (monitor/json-stream.h):
 * texts split anywhere across reads, several in one read, brackets and quotes
 * inside strings, top-level scalars, and the limits (nesting depth, size, a
 * stray closing bracket) reported once each, after which the next text
 * still comes through whole.
 */
#include "tests/unit/check-run.h"
#include <stdlib.h>
#include <string.h>

#include "monitor/json-stream.h"

#define MAX_OUT 16

typedef struct Out {
    char *text[MAX_OUT];
    const char *err[MAX_OUT];
    int n;
} Out;

static void emit(void *opaque, const char *text, size_t len, const char *err)
{
    Out *o = opaque;

    ck_assert_int_lt(o->n, MAX_OUT);
    o->text[o->n] = text ? strndup(text, len) : NULL;
    o->err[o->n] = err;
    o->n++;
}

static void out_free(Out *o)
{
    for (int i = 0; i < o->n; i++)
        free(o->text[i]);
}

static void feed_str(JSONStream *js, const char *s)
{
    json_stream_feed(js, s, strlen(s));
}

START_TEST(two_texts_in_one_read_and_one_text_byte_by_byte)
{
    static const char in[] = "{\"execute\": \"stop\"}{\"execute\":\n \"cont\", \"id\": [1, {}]}\r\n";
    JSONStream js;
    Out o = { 0 }, b = { 0 };

    json_stream_init(&js, emit, &o);
    feed_str(&js, in);
    ck_assert_int_eq(o.n, 2);
    ck_assert_str_eq(o.text[0], "{\"execute\": \"stop\"}");
    ck_assert_str_eq(o.text[1], "{\"execute\":\n \"cont\", \"id\": [1, {}]}");
    json_stream_destroy(&js);

    json_stream_init(&js, emit, &b);
    for (size_t i = 0; i < strlen(in); i++)
        json_stream_feed(&js, in + i, 1);
    ck_assert_int_eq(b.n, 2);
    ck_assert_str_eq(b.text[0], o.text[0]);
    ck_assert_str_eq(b.text[1], o.text[1]);
    json_stream_destroy(&js);
    out_free(&o);
    out_free(&b);
}
END_TEST

START_TEST(brackets_and_quotes_inside_strings)
{
    JSONStream js;
    Out o = { 0 };

    json_stream_init(&js, emit, &o);
    feed_str(&js, "{\"a\": \"}]{[\\\"\\\\\"}{\"b\": 1}");
    ck_assert_int_eq(o.n, 2);
    ck_assert_str_eq(o.text[0], "{\"a\": \"}]{[\\\"\\\\\"}");
    ck_assert_str_eq(o.text[1], "{\"b\": 1}");
    json_stream_destroy(&js);
    out_free(&o);
}
END_TEST

START_TEST(top_level_scalars_end_at_space_bracket_or_quote)
{
    JSONStream js;
    Out o = { 0 };

    json_stream_init(&js, emit, &o);
    feed_str(&js, "42 true\"str\"nul{}");
    ck_assert_int_eq(o.n, 5);
    ck_assert_str_eq(o.text[0], "42");
    ck_assert_str_eq(o.text[1], "true");
    ck_assert_str_eq(o.text[2], "\"str\"");
    ck_assert_str_eq(o.text[3], "nul");
    ck_assert_str_eq(o.text[4], "{}");
    json_stream_destroy(&js);
    out_free(&o);
}
END_TEST

START_TEST(deep_nesting_is_one_error_then_the_stream_recovers)
{
    enum { DEPTH = 100000 };
    char *deep = malloc(2 * DEPTH + 1);
    JSONStream js;
    Out o = { 0 };

    memset(deep, '[', DEPTH);
    memset(deep + DEPTH, ']', DEPTH);
    deep[2 * DEPTH] = '\0';
    json_stream_init(&js, emit, &o);
    feed_str(&js, deep);
    feed_str(&js, "{\"x\": 1}");
    ck_assert_int_eq(o.n, 2);
    ck_assert_ptr_null(o.text[0]);
    ck_assert_str_eq(o.err[0], "JSON nesting depth limit exceeded");
    ck_assert_str_eq(o.text[1], "{\"x\": 1}");
    /* Exactly at the limit is fine. */
    memset(deep, '[', JSON_STREAM_MAX_DEPTH);
    memset(deep + JSON_STREAM_MAX_DEPTH, ']', JSON_STREAM_MAX_DEPTH);
    json_stream_feed(&js, deep, 2 * JSON_STREAM_MAX_DEPTH);
    ck_assert_int_eq(o.n, 3);
    ck_assert_uint_eq(strlen(o.text[2]), 2 * JSON_STREAM_MAX_DEPTH);
    json_stream_destroy(&js);
    out_free(&o);
    free(deep);
}
END_TEST

START_TEST(stray_close_and_oversized_text)
{
    size_t big = JSON_STREAM_MAX_SIZE + 16;
    char *s = malloc(big);
    JSONStream js;
    Out o = { 0 };

    json_stream_init(&js, emit, &o);
    feed_str(&js, "]}{\"ok\": 1}");
    ck_assert_int_eq(o.n, 3);
    ck_assert_ptr_nonnull(o.err[0]);
    ck_assert_ptr_nonnull(o.err[1]);
    ck_assert_str_eq(o.text[2], "{\"ok\": 1}");

    /* A string longer than the limit inside an object: one error, the rest
     * of that object skipped, the next one whole. */
    memset(s, 'x', big);
    feed_str(&js, "{\"a\": \"");
    json_stream_feed(&js, s, big);
    feed_str(&js, "\", \"b\": [1]}{\"next\": 2}");
    ck_assert_int_eq(o.n, 5);
    ck_assert_str_eq(o.err[3], "JSON token size limit exceeded");
    ck_assert_str_eq(o.text[4], "{\"next\": 2}");
    json_stream_destroy(&js);
    out_free(&o);
    free(s);
}
END_TEST

START_TEST(reset_forgets_a_partial_text)
{
    JSONStream js;
    Out o = { 0 };

    json_stream_init(&js, emit, &o);
    feed_str(&js, "{\"execute\": \"query-st");
    json_stream_reset(&js);
    feed_str(&js, "{\"execute\": \"cont\"}");
    ck_assert_int_eq(o.n, 1);
    ck_assert_str_eq(o.text[0], "{\"execute\": \"cont\"}");
    json_stream_destroy(&js);
    out_free(&o);
}
END_TEST

static Suite *json_stream_suite(void)
{
    Suite *s = suite_create("json-stream");
    TCase *t = tcase_create("split");

    tcase_set_timeout(t, 30);
    tcase_add_test(t, two_texts_in_one_read_and_one_text_byte_by_byte);
    tcase_add_test(t, brackets_and_quotes_inside_strings);
    tcase_add_test(t, top_level_scalars_end_at_space_bracket_or_quote);
    tcase_add_test(t, deep_nesting_is_one_error_then_the_stream_recovers);
    tcase_add_test(t, stray_close_and_oversized_text);
    tcase_add_test(t, reset_forgets_a_partial_text);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return check_run(json_stream_suite(), true);
}
