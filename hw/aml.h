/*
 * A tiny AML encoder for the DSDT (ACPI 2.0 chapter 17 "ACPI Source
 * Language", chapter 18 "AML"; section numbers below are ACPI 2.0c's).
 *
 * An Aml is a growable byte string. Leaf helpers append one encoded term
 * (an integer, a string, a name); the named-object helpers take the body
 * already encoded in another Aml and wrap it with opcode, PkgLength and
 * name, so a table is built inside out:
 *
 *     Aml dev, s;
 *     aml_init(&dev);
 *     aml_name_decl_eisaid(&dev, "_HID", "PNP0B00");
 *     aml_init(&s); ... aml_device(&s, "RTC", &dev);
 *
 * Allocation failure is sticky (a->oom) and checked once at the end, so
 * builders carry no error plumbing. Resource descriptors (section 6.4) are
 * appended to a plain Aml with the aml_res_* helpers and wrapped by
 * aml_resource_template().
 */
#ifndef VIREO_HW_AML_H
#define VIREO_HW_AML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Aml {
    uint8_t *data;
    size_t len, cap;
    bool oom;
} Aml;

/* Opcodes used directly in expressions (18.2.5). */
enum {
    AML_ZERO_OP         = 0x00,     /* also NullName as a Target */
    AML_ONE_OP          = 0x01,
    AML_NAME_OP         = 0x08,
    AML_SCOPE_OP        = 0x10,
    AML_BUFFER_OP       = 0x11,
    AML_PACKAGE_OP      = 0x12,
    AML_METHOD_OP       = 0x14,
    AML_LOCAL0          = 0x60,
    AML_ARG0            = 0x68,
    AML_STORE_OP        = 0x70,
    AML_AND_OP          = 0x7b,
    AML_OR_OP           = 0x7d,
    AML_CREATE_DWORD_FIELD_OP = 0x8a,
    AML_LEQUAL_OP       = 0x93,
    AML_LLESS_OP        = 0x95,
    AML_IF_OP           = 0xa0,
    AML_ELSE_OP         = 0xa1,
    AML_RETURN_OP       = 0xa4,
    AML_EXT_OP          = 0x5b,
};

/* OperationRegion spaces (17.5.89). */
enum { AML_SYSTEM_MEMORY = 0, AML_SYSTEM_IO = 1, AML_PCI_CONFIG = 2 };

void aml_init(Aml *a);
void aml_free(Aml *a);
void aml_byte(Aml *a, uint8_t b);
void aml_bytes(Aml *a, const void *p, size_t n);
void aml_append(Aml *a, const Aml *b);

/* ---- Data terms ---- */
/* The shortest of Zero, One, Byte/Word/DWord/QWordConst. */
void aml_int(Aml *a, uint64_t v);
void aml_string(Aml *a, const char *s);
/* EISAID("PNP0A03") as the compressed DWordConst. */
void aml_eisaid(Aml *a, const char *id);
/* NameString: "\\_SB.PCI0", "^LNKA", "PCI0.ISA" (segments padded with '_'). */
void aml_name(Aml *a, const char *path);

/* ---- Named objects and control flow: body is already encoded ---- */
void aml_scope(Aml *a, const char *path, const Aml *body);
void aml_device(Aml *a, const char *path, const Aml *body);
void aml_method(Aml *a, const char *name, unsigned nargs, bool serialized, const Aml *body);
/* Name(name, value) with value an encoded DataRefObject. */
void aml_name_decl(Aml *a, const char *name, const Aml *value);
void aml_name_decl_int(Aml *a, const char *name, uint64_t v);
void aml_name_decl_eisaid(Aml *a, const char *name, const char *id);
void aml_name_decl_string(Aml *a, const char *name, const char *s);
/* Package(n) { elems }: elems holds n encoded elements. */
void aml_package(Aml *a, unsigned n, const Aml *elems);
void aml_if(Aml *a, const Aml *predicate, const Aml *body);
void aml_return(Aml *a, const Aml *value);
void aml_return_int(Aml *a, uint64_t v);
void aml_opregion(Aml *a, const char *name, uint8_t space, uint64_t offset, uint64_t len);

/* Field(region, ByteAcc, NoLock, Preserve) { names[i], bits[i] ... } */
void aml_field_bytes(Aml *a, const char *region, const char *const *names, unsigned n);

/* ---- Resource descriptors (6.4) ---- */
void aml_res_io(Aml *r, uint16_t min, uint16_t max, uint8_t align, uint8_t len);
void aml_res_irq_noflags(Aml *r, uint16_t mask);
void aml_res_memory32_fixed(Aml *r, uint32_t base, uint32_t len, bool rw);
/* Interrupt(ResourceConsumer, Level|Edge, ActiveHigh|Low, Shared|Exclusive) {irqs} */
void aml_res_interrupt(Aml *r, bool level, bool active_low, bool shared,
                       const uint32_t *irqs, unsigned n);
/* Word/DWord/QWord address-space producers with MinFixed, MaxFixed, PosDecode. */
void aml_res_word_bus(Aml *r, uint16_t min, uint16_t max);
void aml_res_word_io(Aml *r, uint16_t min, uint16_t max);
void aml_res_dword_memory(Aml *r, bool cacheable, uint32_t min, uint32_t max);
void aml_res_qword_memory(Aml *r, bool cacheable, uint64_t min, uint64_t max);
/* ResourceTemplate(): a Buffer of the descriptors in res plus the end tag. */
void aml_resource_template(Aml *a, const Aml *res);

#endif
