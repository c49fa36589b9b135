/* Sub-option ("key=value,...") and value parsing: see options-keyval.h. */
#include "system/options-keyval.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/cutils.h"
#include "system/error.h"

static char *kv_strndup(const char *s, size_t n)
{
    char *d = strndup(s, n);

    if (!d)
        abort();
    return d;
}

/* Copy a value up to a lone ',' (",," is a literal comma); return where it ended. */
static const char *get_value(const char *p, char **value)
{
    size_t len = 0, cap = strlen(p) + 1;
    char *v = malloc(cap);

    if (!v)
        abort();
    while (*p) {
        if (*p == ',') {
            if (p[1] != ',')
                break;
            p++;
        }
        v[len++] = *p++;
    }
    v[len] = '\0';
    *value = v;
    return p;
}

static const KeyvalDesc *find_desc(const KeyvalDesc *desc, const char *key)
{
    for (; desc->name; desc++) {
        if (!strcmp(desc->name, key))
            return desc;
    }
    return NULL;
}

bool is_help_option(const char *s)
{
    return !strcmp(s, "help") || !strcmp(s, "?");
}

void keyval_bad_value(const char *key, const char *value, const char *expects)
{
    error_report("Parameter '%s' does not accept value '%s' (expects %s)", key, value, expects);
}

/*
 * A bare element "KEY" with no '=': QEMU's short-form boolean. Returns the
 * key to store and sets *value to "on" or "off", or NULL after an error.
 */
static char *bare_flag(char *name, const KeyvalDesc *desc, char **value)
{
    const KeyvalDesc *d;

    if (!desc) {
        /* Any key (-device properties): QEMU's rule, "noKEY" is KEY=off. */
        bool off = !strncmp(name, "no", 2) && name[2];

        *value = kv_strndup(off ? "off" : "on", 3);
        if (off)
            memmove(name, name + 2, strlen(name + 2) + 1);
        return name;
    }
    d = find_desc(desc, name);
    if (d && d->type == KV_BOOL) {
        *value = kv_strndup("on", 2);
        return name;
    }
    if (d) {
        error_report("Expected '=' after parameter '%s'", name);
        goto fail;
    }
    if (!strncmp(name, "no", 2)) {
        d = find_desc(desc, name + 2);
        if (d && d->type == KV_BOOL) {
            memmove(name, name + 2, strlen(name + 2) + 1);
            *value = kv_strndup("off", 3);
            return name;
        }
    }
    error_report("Invalid parameter '%s'", name);
fail:
    free(name);
    return NULL;
}

static int check_value(KeyvalPair *kv, const KeyvalDesc *desc)
{
    const KeyvalDesc *d;
    int ret = 0;

    if (!desc)
        return 0;
    d = find_desc(desc, kv->key);
    if (!d) {
        error_report("Invalid parameter '%s'", kv->key);
        return -EINVAL;
    }
    switch (d->type) {
    case KV_STR:
        break;
    case KV_BOOL:
        if (parse_bool(kv->value, &kv->b) < 0) {
            keyval_bad_value(kv->key, kv->value, "'on' or 'off'");
            ret = -EINVAL;
        }
        break;
    case KV_NUM:
        if (parse_uint64(kv->value, &kv->n) < 0) {
            keyval_bad_value(kv->key, kv->value, "a number");
            ret = -EINVAL;
        }
        break;
    case KV_SIZE:
        if (parse_size(kv->value, 1, &kv->n) < 0) {
            keyval_bad_value(kv->key, kv->value, "a size with an optional suffix k, M, G, T, P or E");
            ret = -EINVAL;
        }
        break;
    }
    return ret;
}

static void add_pair(Keyval *kv, char *key, char *value)
{
    if (kv->n == kv->cap) {
        size_t cap = kv->cap ? kv->cap * 2 : 8;
        KeyvalPair *items = realloc(kv->items, cap * sizeof(*items));

        if (!items)
            abort();
        kv->items = items;
        kv->cap = cap;
    }
    kv->items[kv->n++] = (KeyvalPair){ .key = key, .value = value };
}

int keyval_parse(Keyval *kv, const char *str, const char *implied, const KeyvalDesc *desc)
{
    const char *p = str;
    bool first = true;

    while (*p) {
        size_t len = strcspn(p, "=,");
        char *key, *value = NULL;

        if (p[len] == '=') {
            key = kv_strndup(p, len);
            p = get_value(p + len + 1, &value);
        } else if (first && implied) {
            key = kv_strndup(implied, strlen(implied));
            p = get_value(p, &value);
        } else {
            key = kv_strndup(p, len);
            p += len;
            if (is_help_option(key)) {
                kv->help = true;
                free(key);
                key = NULL;
            } else {
                key = bare_flag(key, desc, &value);
                if (!key)
                    return -EINVAL;
            }
        }
        if (*p == ',')
            p++;
        first = false;
        if (!key)
            continue;
        add_pair(kv, key, value);
        if (check_value(&kv->items[kv->n - 1], desc) < 0)
            return -EINVAL;
    }
    return 0;
}

void keyval_free(Keyval *kv)
{
    for (size_t i = 0; i < kv->n; i++) {
        free(kv->items[i].key);
        free(kv->items[i].value);
    }
    free(kv->items);
    *kv = (Keyval){ 0 };
}

const KeyvalPair *keyval_find(const Keyval *kv, const char *key)
{
    for (size_t i = kv->n; i-- > 0;) {
        if (!strcmp(kv->items[i].key, key))
            return &kv->items[i];
    }
    return NULL;
}

const char *keyval_str(const Keyval *kv, const char *key, const char *def)
{
    const KeyvalPair *p = keyval_find(kv, key);

    return p ? p->value : def;
}

bool keyval_bool(const Keyval *kv, const char *key, bool def)
{
    const KeyvalPair *p = keyval_find(kv, key);

    return p ? p->b : def;
}

uint64_t keyval_num(const Keyval *kv, const char *key, uint64_t def)
{
    const KeyvalPair *p = keyval_find(kv, key);

    return p ? p->n : def;
}

int keyval_choose(const char *key, const char *value, const KeyvalChoice *choices, int *out)
{
    char expects[256];
    size_t len = 0, n = 0;

    for (const KeyvalChoice *c = choices; c->name; c++) {
        if (!strcmp(c->name, value)) {
            *out = c->value;
            return 0;
        }
        n++;
    }
    /* "a, b, c or d" */
    expects[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof(expects); i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";

        len += snprintf(expects + len, sizeof(expects) - len, "%s%s", sep, choices[i].name);
    }
    keyval_bad_value(key, value, expects);
    return -EINVAL;
}

int parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i])) {
            *out = true;
            return 0;
        }
        if (!strcmp(s, no[i])) {
            *out = false;
            return 0;
        }
    }
    return -EINVAL;
}

int parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        unsigned v = 0;
        int digits = 0;

        while (isxdigit((unsigned char)*s) && digits < 2) {
            v = v * 16 + (unsigned)(isdigit((unsigned char)*s) ? *s - '0'
                                                                : tolower((unsigned char)*s) - 'a' + 10);
            s++;
            digits++;
        }
        if (!digits)
            return -EINVAL;
        mac[i] = (uint8_t)v;
        if (i < 5) {
            if (*s != ':' && *s != '-')
                return -EINVAL;
            s++;
        }
    }
    return *s ? -EINVAL : 0;
}

int parse_uuid(const char *s, uint8_t uuid[16])
{
    /* Groups of 8-4-4-4-12 hex digits: dashes sit at these offsets. */
    static const int dash[] = { 8, 13, 18, 23 };
    int byte = 0;

    if (strlen(s) != 36)
        return -EINVAL;
    for (int i = 0, d = 0; i < 36;) {
        if (d < 4 && i == dash[d]) {
            if (s[i] != '-')
                return -EINVAL;
            i++;
            d++;
            continue;
        }
        if (!isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1]))
            return -EINVAL;
        char hex[3] = { s[i], s[i + 1], 0 };
        uuid[byte++] = (uint8_t)strtoul(hex, NULL, 16);
        i += 2;
    }
    return 0;
}

int parse_ipv4(const char *s, uint32_t *addr)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1)
        return -EINVAL;
    *addr = ntohl(a.s_addr);
    return 0;
}

int parse_port(const char *s, int *port)
{
    uint64_t v;

    if (parse_uint64(s, &v) < 0 || v > 65535)
        return -EINVAL;
    *port = (int)v;
    return 0;
}

int keyval_check_id(const char *id)
{
    if (id_wellformed(id))
        return 0;
    keyval_bad_value("id", id, "an identifier: a letter, then letters, digits, '-', '.', '_'");
    return -EINVAL;
}

bool id_wellformed(const char *id)
{
    if (!isalpha((unsigned char)id[0]))
        return false;
    for (const char *p = id + 1; *p; p++) {
        if (!isalnum((unsigned char)*p) && !strchr("-._", *p))
            return false;
    }
    return true;
}
