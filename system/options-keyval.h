/*
 * QEMU's sub-option syntax, "key=value,key=value", shared by every option
 * that takes one (-drive, -net, -vnc, -machine, ...) and, later, by monitor
 * commands such as device_add that take the same syntax.
 *
 * The rules are those of QEMU's QemuOpts (util/qemu-option.c):
 *   - ",," inside a value is a literal comma: file=a,,b.img is "a,b.img";
 *   - the first element may be a bare value for an implied key:
 *     -M pc,accel=kvm is type=pc, -vnc :1 is vnc=:1;
 *   - a bare boolean key means on, "no" + key means off ("server,nowait");
 *   - a key may repeat; the last one wins unless the caller walks them all
 *     (hostfwd=...,hostfwd=...).
 *
 * Every error is reported with error_report(), so the caller's location
 * ("-drive file=x,bogus=1") prefixes it, and a negative errno is returned.
 */
#ifndef SYSTEM_OPTIONS_KEYVAL_H
#define SYSTEM_OPTIONS_KEYVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum KeyvalType {
    KV_STR,
    KV_BOOL,        /* on/off, yes/no, true/false */
    KV_NUM,         /* unsigned decimal or 0x hex */
    KV_SIZE,        /* bytes, with an optional k/M/G/T/P/E suffix */
} KeyvalType;

/* The keys an option accepts. A list ends with { NULL }. */
typedef struct KeyvalDesc {
    const char *name;
    KeyvalType type;
} KeyvalDesc;

typedef struct KeyvalPair {
    char *key;
    char *value;            /* as written, with ",," unescaped */
    bool b;                 /* KV_BOOL */
    uint64_t n;             /* KV_NUM, KV_SIZE */
} KeyvalPair;

typedef struct Keyval {
    KeyvalPair *items;
    size_t n, cap;
    bool help;              /* a bare "help" or "?" element was given */
} Keyval;

/*
 * Parse str into kv (which must be zeroed or freed). implied may be NULL.
 * With desc == NULL any key is accepted and kept as a string (-device
 * properties); otherwise unknown keys are "Invalid parameter 'KEY'" and
 * typed values are checked here.
 */
int keyval_parse(Keyval *kv, const char *str, const char *implied, const KeyvalDesc *desc);
void keyval_free(Keyval *kv);

/* The last value given for key, or NULL / def when absent. */
const KeyvalPair *keyval_find(const Keyval *kv, const char *key);
const char *keyval_str(const Keyval *kv, const char *key, const char *def);
bool keyval_bool(const Keyval *kv, const char *key, bool def);
uint64_t keyval_num(const Keyval *kv, const char *key, uint64_t def);

/* A named value: one row of an enumeration a key accepts. Lists end with { NULL }. */
typedef struct KeyvalChoice {
    const char *name;
    int value;
} KeyvalChoice;

/*
 * Look value up in choices. Unknown: "Parameter 'KEY' does not accept value
 * 'VALUE' (expects a, b or c)" and -EINVAL.
 */
int keyval_choose(const char *key, const char *value, const KeyvalChoice *choices, int *out);

/* "Parameter 'KEY' does not accept value 'VALUE' (expects EXPECTS)". */
void keyval_bad_value(const char *key, const char *value, const char *expects);

/* Is this one of the values that ask for a list: "help" or "?". */
bool is_help_option(const char *s);

/* Value parsers. Each returns 0 or -EINVAL and reports nothing. */
int parse_bool(const char *s, bool *out);
int parse_mac(const char *s, uint8_t mac[6]);           /* 52:54:00:12:34:56 */
int parse_uuid(const char *s, uint8_t uuid[16]);        /* 8-4-4-4-12 hex digits */
int parse_ipv4(const char *s, uint32_t *addr);          /* dotted quad, host byte order */
int parse_port(const char *s, int *port);               /* 0..65535 */

/* QEMU's rule for ids: a letter, then letters, digits, '-', '.', '_'. */
bool id_wellformed(const char *id);

/* The same, reported as a bad value of key 'id': 0 or -EINVAL. */
int keyval_check_id(const char *id);

#endif
