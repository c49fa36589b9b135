/* Walks of the field lists of hw/vmstate.h. */
#include "hw/vmstate.h"

#include <errno.h>
#include <string.h>

static size_t elem_size(VMStateType t)
{
    switch (t) {
    case VMS_BOOL: case VMS_U8: case VMS_BYTES: return 1;
    case VMS_U16: return 2;
    case VMS_U32: return 4;
    case VMS_U64: case VMS_I64: return 8;
    case VMS_END: break;
    }
    return 0;
}

static unsigned field_count(const VMStateField *f)
{
    return f->count ? f->count : 1;
}

static size_t field_stride(const VMStateField *f)
{
    return f->stride ? f->stride : elem_size(f->type);
}

size_t vmstate_size(const VMStateDesc *d)
{
    size_t n = 0;
    for (const VMStateField *f = d->fields; f->type != VMS_END; f++)
        n += elem_size(f->type) * field_count(f);
    return n;
}

static uint64_t get_elem(const VMStateField *f, const uint8_t *p)
{
    switch (f->type) {
    case VMS_BOOL: return *(const bool *)p;
    case VMS_U8: case VMS_BYTES: return *p;
    case VMS_U16: { uint16_t v; memcpy(&v, p, 2); return v; }
    case VMS_U32: { uint32_t v; memcpy(&v, p, 4); return v; }
    case VMS_U64: case VMS_I64: { uint64_t v; memcpy(&v, p, 8); return v; }
    case VMS_END: break;
    }
    return 0;
}

static void put_elem(const VMStateField *f, uint8_t *p, uint64_t v)
{
    switch (f->type) {
    case VMS_BOOL: *(bool *)p = v != 0; break;
    case VMS_U8: case VMS_BYTES: *p = (uint8_t)v; break;
    case VMS_U16: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case VMS_U32: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    case VMS_U64: case VMS_I64: memcpy(p, &v, 8); break;
    case VMS_END: break;
    }
}

void vmstate_save(const VMStateDesc *d, const void *state, uint8_t *buf)
{
    const uint8_t *base = state;
    for (const VMStateField *f = d->fields; f->type != VMS_END; f++) {
        size_t sz = elem_size(f->type);
        for (unsigned i = 0; i < field_count(f); i++) {
            uint64_t v = get_elem(f, base + f->offset + i * field_stride(f));
            for (size_t b = 0; b < sz; b++)
                *buf++ = (uint8_t)(v >> (8 * b));
        }
    }
}

int vmstate_load(const VMStateDesc *d, void *state, const uint8_t *buf, size_t len)
{
    if (len < vmstate_size(d))
        return -EINVAL;
    uint8_t *base = state;
    for (const VMStateField *f = d->fields; f->type != VMS_END; f++) {
        size_t sz = elem_size(f->type);
        for (unsigned i = 0; i < field_count(f); i++) {
            uint64_t v = 0;
            for (size_t b = 0; b < sz; b++)
                v |= (uint64_t)*buf++ << (8 * b);
            put_elem(f, base + f->offset + i * field_stride(f), v);
        }
    }
    return d->post_load ? d->post_load(state) : 0;
}

const char *vmstate_diff(const VMStateDesc *d, const void *a, const void *b)
{
    const uint8_t *pa = a, *pb = b;
    for (const VMStateField *f = d->fields; f->type != VMS_END; f++)
        for (unsigned i = 0; i < field_count(f); i++) {
            size_t off = f->offset + i * field_stride(f);
            if (get_elem(f, pa + off) != get_elem(f, pb + off))
                return f->name;
        }
    return NULL;
}
