/*
 * Device and CPU state as field lists.
 *
 * Each device declares its guest-visible state once, as a table of fields of
 * its state struct; snapshots, the monitor's dumps and the device tests'
 * comparisons all walk that table, so a register added to the struct and the
 * table is saved, shown and compared everywhere. Host-side things (timers,
 * IrqLines, backends, MemoryRegions) are not fields: post_load rebuilds them
 * from the fields.
 */
#ifndef VIREO_HW_VMSTATE_H
#define VIREO_HW_VMSTATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef enum VMStateType {
    VMS_END,
    VMS_BOOL,
    VMS_U8,
    VMS_U16,
    VMS_U32,
    VMS_U64,
    VMS_I64,
    VMS_BYTES,              /* raw bytes: count is the byte length */
} VMStateType;

typedef struct VMStateField {
    const char *name;
    VMStateType type;
    size_t offset;          /* offsetof in the state struct */
    unsigned count;         /* array elements (VMS_BYTES: bytes); 0 means 1 */
    size_t stride;          /* between array elements; 0 means the element size */
} VMStateField;

typedef struct VMStateDesc {
    const char *name;
    unsigned version;
    const VMStateField *fields;     /* ends with a VMS_END row */
    /* Rebuild host-side state (timers, IRQ levels) after a load; may reject. */
    int (*post_load)(void *state);
} VMStateDesc;

/* One row: VMSTATE(PITState, VMS_U8, rw_mode, 3) -- the only macro here. */
#define VMSTATE(type, kind, field, n) \
    { #field, kind, offsetof(type, field), n, 0 }
#define VMSTATE_END { NULL, VMS_END, 0, 0, 0 }

/* Bytes vmstate_save writes for one state. */
size_t vmstate_size(const VMStateDesc *d);
/* Serialize little-endian, fields in table order, into buf (vmstate_size bytes). */
void vmstate_save(const VMStateDesc *d, const void *state, uint8_t *buf);
/* Inverse; then post_load. Returns 0 or a negative errno (buffer too short, post_load refused). */
int vmstate_load(const VMStateDesc *d, void *state, const uint8_t *buf, size_t len);
/* Name of the first field that differs between two states, or NULL. */
const char *vmstate_diff(const VMStateDesc *d, const void *a, const void *b);

#endif
