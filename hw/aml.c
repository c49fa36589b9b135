/*
 * AML encoding (ACPI 2.0c chapter 18) and resource descriptors (section 6.4).
 */
#include <stdlib.h>
#include <string.h>

#include "hw/aml.h"

void aml_init(Aml *a)
{
    memset(a, 0, sizeof(*a));
}

void aml_free(Aml *a)
{
    free(a->data);
    aml_init(a);
}

void aml_bytes(Aml *a, const void *p, size_t n)
{
    if (a->oom)
        return;
    if (a->len + n > a->cap) {
        size_t cap = a->cap ? a->cap : 256;
        uint8_t *d;

        while (cap < a->len + n)
            cap *= 2;
        d = realloc(a->data, cap);
        if (!d) {
            a->oom = true;
            return;
        }
        a->data = d;
        a->cap = cap;
    }
    memcpy(a->data + a->len, p, n);
    a->len += n;
}

void aml_byte(Aml *a, uint8_t b)
{
    aml_bytes(a, &b, 1);
}

void aml_append(Aml *a, const Aml *b)
{
    if (b->oom)
        a->oom = true;
    aml_bytes(a, b->data, b->len);
}

static void aml_le(Aml *a, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        aml_byte(a, v >> (8 * i));
}

/* PkgLength (18.2.4): counts its own bytes; 1 byte up to 63, then 2-4 with a nibble first. */
static void aml_pkglength(Aml *a, size_t body)
{
    unsigned n;
    size_t total;

    if (body + 1 <= 0x3f) {
        aml_byte(a, body + 1);
        return;
    }
    for (n = 2; n < 4; n++)
        if (body + n < (size_t)1 << (4 + 8 * (n - 1)))
            break;
    total = body + n;
    aml_byte(a, (n - 1) << 6 | (total & 0x0f));
    for (unsigned i = 1; i < n; i++)
        aml_byte(a, total >> (4 + 8 * (i - 1)));
}

/* op [ext] PkgLength <head> <body>: the shape of every named scope-like object. */
static void aml_wrap(Aml *a, const uint8_t *op, size_t oplen, const Aml *head, const Aml *body)
{
    aml_bytes(a, op, oplen);
    aml_pkglength(a, head->len + (body ? body->len : 0));
    aml_append(a, head);
    if (body)
        aml_append(a, body);
}

/* ---- Data ------------------------------------------------------------- */

void aml_int(Aml *a, uint64_t v)
{
    if (v == 0) {
        aml_byte(a, AML_ZERO_OP);
    } else if (v == 1) {
        aml_byte(a, AML_ONE_OP);
    } else if (v <= 0xff) {
        aml_byte(a, 0x0a);
        aml_le(a, v, 1);
    } else if (v <= 0xffff) {
        aml_byte(a, 0x0b);
        aml_le(a, v, 2);
    } else if (v <= 0xffffffff) {
        aml_byte(a, 0x0c);
        aml_le(a, v, 4);
    } else {
        aml_byte(a, 0x0e);
        aml_le(a, v, 8);
    }
}

void aml_string(Aml *a, const char *s)
{
    aml_byte(a, 0x0d);
    aml_bytes(a, s, strlen(s) + 1);
}

static unsigned hexval(char c)
{
    return c >= 'A' ? (c & ~0x20) - 'A' + 10 : c - '0';
}

/* Three letters in 5 bits each, big-endian, then four hex digits (6.1.5 _HID). */
void aml_eisaid(Aml *a, const char *id)
{
    uint16_t vendor = (id[0] - '@') << 10 | (id[1] - '@') << 5 | (id[2] - '@');

    aml_byte(a, 0x0c);
    aml_byte(a, vendor >> 8);
    aml_byte(a, vendor);
    aml_byte(a, hexval(id[3]) << 4 | hexval(id[4]));
    aml_byte(a, hexval(id[5]) << 4 | hexval(id[6]));
}

/* NameString (18.2.2): RootChar/ParentPrefix, then NullName, a NameSeg, DualName or MultiName. */
void aml_name(Aml *a, const char *path)
{
    const char *p = path;
    unsigned nseg = 0;

    while (*p == '\\' || *p == '^')
        aml_byte(a, *p++);
    if (*p)
        for (const char *q = p, *dot; ; q = dot + 1) {
            nseg++;
            dot = strchr(q, '.');
            if (!dot)
                break;
        }
    if (nseg == 0) {
        aml_byte(a, 0x00);
        return;
    }
    if (nseg == 2) {
        aml_byte(a, 0x2e);
    } else if (nseg > 2) {
        aml_byte(a, 0x2f);
        aml_byte(a, nseg);
    }
    while (nseg--) {
        char seg[4] = { '_', '_', '_', '_' };

        for (unsigned i = 0; i < 4 && *p && *p != '.'; i++)
            seg[i] = *p++;
        while (*p && *p != '.')
            p++;
        if (*p == '.')
            p++;
        aml_bytes(a, seg, 4);
    }
}

/* ---- Named objects ---------------------------------------------------- */

void aml_scope(Aml *a, const char *path, const Aml *body)
{
    static const uint8_t op[] = { AML_SCOPE_OP };
    Aml head;

    aml_init(&head);
    aml_name(&head, path);
    aml_wrap(a, op, sizeof(op), &head, body);
    aml_free(&head);
}

void aml_device(Aml *a, const char *path, const Aml *body)
{
    static const uint8_t op[] = { AML_EXT_OP, 0x82 };
    Aml head;

    aml_init(&head);
    aml_name(&head, path);
    aml_wrap(a, op, sizeof(op), &head, body);
    aml_free(&head);
}

void aml_method(Aml *a, const char *name, unsigned nargs, bool serialized, const Aml *body)
{
    static const uint8_t op[] = { AML_METHOD_OP };
    Aml head;

    aml_init(&head);
    aml_name(&head, name);
    aml_byte(&head, (nargs & 7) | (serialized ? 0x08 : 0));
    aml_wrap(a, op, sizeof(op), &head, body);
    aml_free(&head);
}

void aml_name_decl(Aml *a, const char *name, const Aml *value)
{
    aml_byte(a, AML_NAME_OP);
    aml_name(a, name);
    aml_append(a, value);
}

void aml_name_decl_int(Aml *a, const char *name, uint64_t v)
{
    aml_byte(a, AML_NAME_OP);
    aml_name(a, name);
    aml_int(a, v);
}

void aml_name_decl_eisaid(Aml *a, const char *name, const char *id)
{
    aml_byte(a, AML_NAME_OP);
    aml_name(a, name);
    aml_eisaid(a, id);
}

void aml_name_decl_string(Aml *a, const char *name, const char *s)
{
    aml_byte(a, AML_NAME_OP);
    aml_name(a, name);
    aml_string(a, s);
}

void aml_package(Aml *a, unsigned n, const Aml *elems)
{
    static const uint8_t op[] = { AML_PACKAGE_OP };
    Aml head;

    aml_init(&head);
    aml_byte(&head, n);
    aml_wrap(a, op, sizeof(op), &head, elems);
    aml_free(&head);
}

void aml_if(Aml *a, const Aml *predicate, const Aml *body)
{
    static const uint8_t op[] = { AML_IF_OP };

    aml_wrap(a, op, sizeof(op), predicate, body);
}

void aml_return(Aml *a, const Aml *value)
{
    aml_byte(a, AML_RETURN_OP);
    aml_append(a, value);
}

void aml_return_int(Aml *a, uint64_t v)
{
    aml_byte(a, AML_RETURN_OP);
    aml_int(a, v);
}

void aml_opregion(Aml *a, const char *name, uint8_t space, uint64_t offset, uint64_t len)
{
    aml_byte(a, AML_EXT_OP);
    aml_byte(a, 0x80);
    aml_name(a, name);
    aml_byte(a, space);
    aml_int(a, offset);
    aml_int(a, len);
}

void aml_field_bytes(Aml *a, const char *region, const char *const *names, unsigned n)
{
    static const uint8_t op[] = { AML_EXT_OP, 0x81 };
    Aml head, list;

    aml_init(&head);
    aml_init(&list);
    aml_name(&head, region);
    aml_byte(&head, 0x01);      /* ByteAcc, NoLock, Preserve */
    for (unsigned i = 0; i < n; i++) {
        aml_name(&list, names[i]);     /* a NameSeg */
        aml_byte(&list, 8);            /* the width in bits, one-byte PkgLength form */
    }
    aml_wrap(a, op, sizeof(op), &head, &list);
    aml_free(&head);
    aml_free(&list);
}

/* ---- Resource descriptors --------------------------------------------- */

void aml_res_io(Aml *r, uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
    aml_byte(r, 0x47);          /* small item 0x08, length 7 */
    aml_byte(r, 0x01);          /* decodes 16 bits */
    aml_le(r, min, 2);
    aml_le(r, max, 2);
    aml_byte(r, align);
    aml_byte(r, len);
}

void aml_res_irq_noflags(Aml *r, uint16_t mask)
{
    aml_byte(r, 0x22);          /* small item 0x04, length 2 */
    aml_le(r, mask, 2);
}

void aml_res_memory32_fixed(Aml *r, uint32_t base, uint32_t len, bool rw)
{
    aml_byte(r, 0x86);
    aml_le(r, 9, 2);
    aml_byte(r, rw ? 1 : 0);
    aml_le(r, base, 4);
    aml_le(r, len, 4);
}

void aml_res_interrupt(Aml *r, bool level, bool active_low, bool shared,
                       const uint32_t *irqs, unsigned n)
{
    aml_byte(r, 0x89);
    aml_le(r, 2 + 4 * n, 2);
    /* bit 0 consumer, bit 1 edge, bit 2 active low, bit 3 shared */
    aml_byte(r, 0x01 | (level ? 0 : 0x02) | (active_low ? 0x04 : 0) | (shared ? 0x08 : 0));
    aml_byte(r, n);
    for (unsigned i = 0; i < n; i++)
        aml_le(r, irqs[i], 4);
}

/* The address-space descriptors (6.4.3.5): producer, MinFixed, MaxFixed, PosDecode. */
static void aml_res_addr(Aml *r, uint8_t tag, unsigned width, uint8_t type, uint8_t tflags,
                         uint64_t min, uint64_t max)
{
    aml_byte(r, tag);
    aml_le(r, 3 + 5 * width, 2);
    aml_byte(r, type);
    aml_byte(r, 0x0c);
    aml_byte(r, tflags);
    aml_le(r, 0, width);            /* granularity */
    aml_le(r, min, width);
    aml_le(r, max, width);
    aml_le(r, 0, width);            /* translation */
    aml_le(r, max - min + 1, width);
}

void aml_res_word_bus(Aml *r, uint16_t min, uint16_t max)
{
    aml_res_addr(r, 0x88, 2, 2, 0, min, max);
}

void aml_res_word_io(Aml *r, uint16_t min, uint16_t max)
{
    aml_res_addr(r, 0x88, 2, 1, 0x03 /* EntireRange */, min, max);
}

void aml_res_dword_memory(Aml *r, bool cacheable, uint32_t min, uint32_t max)
{
    aml_res_addr(r, 0x87, 4, 0, (cacheable ? 0x02 : 0) | 0x01 /* ReadWrite */, min, max);
}

void aml_res_qword_memory(Aml *r, bool cacheable, uint64_t min, uint64_t max)
{
    aml_res_addr(r, 0x8a, 8, 0, (cacheable ? 0x02 : 0) | 0x01, min, max);
}

void aml_resource_template(Aml *a, const Aml *res)
{
    static const uint8_t op[] = { AML_BUFFER_OP };
    Aml head, body;

    aml_init(&head);
    aml_init(&body);
    aml_append(&body, res);
    aml_byte(&body, 0x79);          /* end tag */
    aml_byte(&body, 0x00);          /* checksum 0: "treat as correct" */
    aml_int(&head, body.len);
    aml_wrap(a, op, sizeof(op), &head, &body);
    aml_free(&head);
    aml_free(&body);
}
