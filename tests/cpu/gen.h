/*
 * Test-case generation for the CPU differential tests: instruction templates
 * (one row per instruction form, in a table) expanded with random sizes,
 * registers, addressing forms and immediates, plus random sequences with
 * branches, each run from an edge-biased random state.
 */
#ifndef TESTS_CPU_GEN_H
#define TESTS_CPU_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tests/cpu/state.h"

/* Which operand sizes a form takes. */
enum {
    GEN_SZ_B = 1,       /* byte form: no 66/REX.W */
    GEN_SZ_V = 2,       /* 16/32/64 by 66 / none / REX.W */
    GEN_SZ_DQ = 4,      /* 32/64 only (none / REX.W) */
    GEN_SZ_NONE = 8,    /* fixed encoding, emitted as is */
};

/* Addressing forms of the ModRM r/m operand. */
enum { GEN_RM_REG = 1, GEN_RM_MEM = 2, GEN_RM_ANY = 3 };

/* Immediate sizes beyond plain byte counts. */
enum { GEN_IMM_Z = 0x10, GEN_IMM_V = 0x11, GEN_IMM_SHIFT = 0x12, GEN_IMM_SMALL16 = 0x13,
       GEN_IMM_ENTER = 0x14 };

/* The modes a form exists in (InsnTemplate.only); 0: both. */
enum { GEN_ONLY_64 = 64, GEN_ONLY_32 = 32 };

/* ModRM.reg: a fixed /digit, a random register, or no ModRM byte. */
enum { GEN_REG_RANDOM = -1, GEN_NO_MODRM = -2, GEN_OPCODE_REG = -3 };

typedef struct InsnTemplate {
    const char *cls;            /* class for the coverage table */
    const char *name;
    uint8_t prefix;             /* mandatory prefix byte (66/F2/F3) or 0 */
    uint8_t op[3];              /* opcode bytes */
    uint8_t oplen;
    int8_t reg;                 /* GEN_REG_* or 0-7 */
    uint8_t imm;                /* 0, 1, 2, 4 or GEN_IMM_* */
    uint8_t sizes;              /* GEN_SZ_* */
    uint8_t rm;                 /* GEN_RM_* */
    uint8_t vex;                /* VEX-encoded (BMI): map in low bits, W from size */
    uint8_t vex_pp;
    uint32_t flags;             /* RFLAGS bits the instruction defines */
    uint16_t fsw_mask;          /* x87 status word bits it defines; 0: all */
    uint8_t only;               /* GEN_ONLY_64/32: valid in that mode only; 0: both */
    uint8_t x87_ulps;           /* x87 register tolerance (see TestCase); 0: exact */
    const uint8_t *lead;        /* exact instructions run first (to put operands in
                                   a domain), or NULL */
    uint8_t lead_len;
    uint16_t xmm_f32_ulps;      /* XMM float32 lane tolerance (see TestCase); 0: exact */
} InsnTemplate;

/*
 * Template sets, one per instruction family and file (gen.c: general
 * purpose, gen-sse.c, gen-x87.c). gen_set_all lists them for the driver.
 */
typedef struct TemplateSet {
    const InsnTemplate *t;
    const unsigned *n;
} TemplateSet;

extern const InsnTemplate gen_templates[];
extern const unsigned gen_nb_templates;
extern const TemplateSet gen_sets[];
extern const unsigned gen_nb_sets;

/* Whether template t exists in mode (64 or 32). */
bool gen_template_valid(const InsnTemplate *t, unsigned mode);

/*
 * One instruction from template t into buf (at most 15 bytes) for mode 64,
 * or 32 (compatibility mode: no REX, operand sizes 16 and 32 only, memory
 * through esi/edi/esp or an absolute disp32, 16-bit addressing with 67);
 * its length.
 */
size_t gen_insn(const InsnTemplate *t, uint8_t *buf, unsigned mode, uint64_t *rng);

/*
 * A case in mode 64 or 32: template t (or, for t == NULL, a random sequence
 * of several templates with branches) from a random state. Sets the flags
 * to compare.
 */
void gen_case(TestCase *tc, const InsnTemplate *t, unsigned mode, uint64_t *rng);

#endif
