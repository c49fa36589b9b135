/*
 * Decoder tests on raw bytes (STYLE point 10).
 *
 *  1. Hand-written vectors: bytes, mode, the expected result, length,
 *     identity, operand and address size, the Intel text x86_format prints,
 *     and any decoded field named in a "key=value" list.
 *  2. Truncation: every proper prefix of long instructions is NEED_MORE;
 *     the 15-byte limit is TOO_LONG.
 *  3. Differential against capstone 4: pseudo-random byte strings biased
 *     toward real encodings, in 16-, 32- and 64-bit mode. Where both accept,
 *     the lengths must agree (but for the commented exclusions below); where
 *     only one accepts, the count is reported by opcode.
 *
 *   VIREO_TEST_MODE=slow   twenty times the differential strings, and the
 *                          one-sided decodes listed by opcode
 */
/* capstone's x86.h spells a few enumerators as decode.h does; rename
 * capstone's (this file uses none of them) so both headers fit in one file. */
#define X86_REG_AH      cs_X86_REG_AH
#define X86_REG_BH      cs_X86_REG_BH
#define X86_REG_CH      cs_X86_REG_CH
#define X86_REG_DH      cs_X86_REG_DH
#define X86_REG_RIP     cs_X86_REG_RIP
#define X86_PREFIX_LOCK cs_X86_PREFIX_LOCK
#define X86_GRP_MODE64  cs_X86_GRP_MODE64
#include <capstone/capstone.h>
#undef X86_REG_AH
#undef X86_REG_BH
#undef X86_REG_CH
#undef X86_REG_DH
#undef X86_REG_RIP
#undef X86_PREFIX_LOCK
#undef X86_GRP_MODE64

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/x86/decode.h"

#define PC 0x1000

static size_t parse_hex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;

    while (*s && n < max) {
        char *end;
        unsigned long v;

        if (*s == ' ') {
            s++;
            continue;
        }
        v = strtoul(s, &end, 16);
        ck_assert_msg(end == s + 2, "bad hex near '%s'", s);
        out[n++] = v;
        s = end;
    }
    return n;
}

/* ------------------------------------------------------------------------
 * 1. Vectors
 */
typedef struct Vector {
    int mode;
    const char *hex;
    int ret;                /* 0 or X86_DECODE_* */
    int len;
    unsigned insn;
    unsigned os, as;        /* operand/address size; 0 = not checked */
    const char *text;       /* x86_format at PC, or NULL */
    const char *fields;     /* "key=value ...", see check_fields() */
} Vector;

#define UD .ret = X86_DECODE_UD

#include "tests/unit/decode-vectors.inc"

static int64_t field_value(const X86DecodedInsn *d, const char *key, size_t klen, int *ok)
{
#define KEY(s) (klen == strlen(s) && !strncmp(key, s, klen))
    *ok = 1;
    if (KEY("disp"))  return d->mem.disp;
    if (KEY("base"))  return d->mem.base;
    if (KEY("index")) return d->mem.index;
    if (KEY("scale")) return d->mem.scale;
    if (KEY("seg"))   return d->mem.seg;
    if (KEY("imm"))   return (int64_t)d->imm;
    if (KEY("imm2"))  return d->imm2;
    if (KEY("cc"))    return d->cc;
    if (KEY("map"))   return d->map;
    if (KEY("rex"))   return d->rex;
    if (KEY("vvvv"))  return d->vex_v;
    if (klen == 4 && !strncmp(key, "reg", 3) && key[3] >= '0' && key[3] <= '3')
        return d->op[key[3] - '0'].reg;
    if (klen == 5 && !strncmp(key, "size", 4) && key[4] >= '0' && key[4] <= '3')
        return d->op[key[4] - '0'].size;
#undef KEY
    *ok = 0;
    return 0;
}

/* "key=value ..." with value a number, "none" or "rip". */
static void check_fields(const Vector *v, const X86DecodedInsn *d)
{
    const char *s = v->fields;

    while (s && *s) {
        const char *eq = strchr(s, '='), *end;
        int64_t want, got;
        int ok;

        ck_assert_msg(eq, "bad fields '%s'", v->fields);
        end = eq + 1 + strcspn(eq + 1, " ");
        if (!strncmp(eq + 1, "none", 4))
            want = X86_REG_NONE;
        else if (!strncmp(eq + 1, "rip", 3))
            want = X86_REG_RIP;
        else
            want = (int64_t)strtoull(eq + 1, NULL, 0);
        got = field_value(d, s, eq - s, &ok);
        ck_assert_msg(ok, "%d-bit '%s': unknown field in '%s'", v->mode, v->hex, v->fields);
        ck_assert_msg(got == want, "%d-bit '%s': %.*s = %" PRId64 " (0x%" PRIx64 "), expected %" PRId64,
                      v->mode, v->hex, (int)(eq - s), s, got, (uint64_t)got, want);
        s = end + strspn(end, " ");
    }
}

START_TEST(test_vectors)
{
    unsigned n = sizeof(vectors) / sizeof(vectors[0]);

    ck_assert_uint_ge(n, 150);
    for (unsigned i = 0; i < n; i++) {
        const Vector *v = &vectors[i];
        uint8_t buf[32];
        size_t len = parse_hex(v->hex, buf, sizeof(buf));
        X86DecodedInsn d;
        char text[128];
        int r = x86_decode(&d, buf, len, v->mode);

        ck_assert_msg(r == v->ret, "%d-bit '%s': returned %d, expected %d", v->mode, v->hex, r, v->ret);
        if (r)
            continue;
        x86_format(&d, PC, text, sizeof(text));
        ck_assert_msg(d.len == v->len, "%d-bit '%s' (%s): length %d, expected %d",
                      v->mode, v->hex, text, d.len, v->len);
        ck_assert_msg(!v->insn || d.insn == v->insn, "%d-bit '%s': decoded as '%s', expected '%s'",
                      v->mode, v->hex, text, x86_insn_mnemonic(v->insn));
        ck_assert_msg(!v->os || d.opsize == v->os, "%d-bit '%s' (%s): operand size %d, expected %d",
                      v->mode, v->hex, text, d.opsize, v->os);
        ck_assert_msg(!v->as || d.addrsize == v->as, "%d-bit '%s' (%s): address size %d, expected %d",
                      v->mode, v->hex, text, d.addrsize, v->as);
        ck_assert_msg(!v->text || !strcmp(text, v->text), "%d-bit '%s': text '%s', expected '%s'",
                      v->mode, v->hex, text, v->text);
        check_fields(v, &d);
    }
}
END_TEST

/* ------------------------------------------------------------------------
 * 2. Truncation and the 15-byte limit
 */
static const struct { int mode; const char *hex; } long_insns[] = {
    { 64, "48 b8 88 77 66 55 44 33 22 11" },
    { 64, "26 66 67 f2 0f 38 f1 84 80 00 01 00 00" },
    { 64, "c4 e3 7b f0 84 24 00 01 00 00 05" },
    { 64, "c7 84 24 00 01 00 00 78 56 34 12" },
    { 64, "66 0f 3a 0f 84 24 00 01 00 00 08" },
    { 64, "f0 48 81 84 88 00 01 00 00 78 56 34 12" },
    { 64, "c5 fe 6f 84 24 00 01 00 00" },
    { 64, "a1 88 77 66 55 44 33 22 11" },
    { 64, "66 2e 0f 1f 84 00 00 00 00 00" },
    { 32, "ea 78 56 34 12 08 00" },
    { 32, "c8 10 00 02" },
    { 32, "dd 84 24 00 01 00 00" },
    { 16, "c7 86 34 12 78 56" },
    { 16, "66 67 69 84 24 00 01 00 00 78 56 34 12" },
};

START_TEST(test_truncated)
{
    for (unsigned i = 0; i < sizeof(long_insns) / sizeof(long_insns[0]); i++) {
        uint8_t buf[32];
        size_t len = parse_hex(long_insns[i].hex, buf, sizeof(buf));
        X86DecodedInsn d;

        ck_assert_msg(x86_decode(&d, buf, len, long_insns[i].mode) == 0 && d.len == len,
                      "'%s' does not decode to its full length", long_insns[i].hex);
        for (size_t cut = 0; cut < len; cut++) {
            int r = x86_decode(&d, buf, cut, long_insns[i].mode);
            ck_assert_msg(r == X86_DECODE_NEED_MORE, "'%s' cut at %zu: %d, expected NEED_MORE",
                          long_insns[i].hex, cut, r);
        }
    }
}
END_TEST

START_TEST(test_length_limit)
{
    uint8_t buf[32];
    X86DecodedInsn d;

    /* 14 prefixes and a NOP: 15 bytes, the longest legal instruction */
    memset(buf, 0x26, 14);
    buf[14] = 0x90;
    ck_assert_int_eq(x86_decode(&d, buf, 15, 64), 0);
    ck_assert_int_eq(d.len, 15);
    /* 15 prefixes: the opcode would be byte 16 */
    memset(buf, 0x66, 15);
    buf[15] = 0x90;
    ck_assert_int_eq(x86_decode(&d, buf, 16, 64), X86_DECODE_TOO_LONG);
    ck_assert_int_eq(x86_decode(&d, buf, 32, 32), X86_DECODE_TOO_LONG);
    /* the limit wins over running out of input */
    ck_assert_int_eq(x86_decode(&d, buf, 15, 16), X86_DECODE_TOO_LONG);
    /* 5 prefixes + C7 /0 [disp32] imm32 = 15; one more is 16 */
    memcpy(buf, "\x26\x26\x26\x26\x26\xc7\x80\0\0\0\0\0\0\0\0\0", 16);
    ck_assert_int_eq(x86_decode(&d, buf, 15, 64), 0);
    ck_assert_int_eq(d.len, 15);
    memcpy(buf, "\x26\x26\x26\x26\x26\x26\xc7\x80\0\0\0\0\0\0\0\0", 16);
    ck_assert_int_eq(x86_decode(&d, buf, 16, 64), X86_DECODE_TOO_LONG);
    /* too long is known once the immediate would pass byte 15, before the
     * input runs out; short of that, more input is needed */
    ck_assert_int_eq(x86_decode(&d, buf, 12, 64), X86_DECODE_TOO_LONG);
    ck_assert_int_eq(x86_decode(&d, buf, 10, 64), X86_DECODE_NEED_MORE);
    /* REX.W MOV imm64 behind 6 prefixes: 16 bytes */
    memcpy(buf, "\x66\x66\x66\x66\x66\x66\x48\xb8\1\2\3\4\5\6\7\x8", 16);
    ck_assert_int_eq(x86_decode(&d, buf, 16, 64), X86_DECODE_TOO_LONG);
    ck_assert_int_eq(x86_decode(&d, buf + 1, 15, 64), 0);
}
END_TEST

/* NOPs of every length 1..15: the SDM's recommended 0F 1F forms padded with
 * 66 and CS prefixes (32- and 64-bit code: the SIB forms do not exist with
 * 16-bit addressing) */
START_TEST(test_nops)
{
    static const char *const base[] = {
        [1] = "90", [2] = "66 90", [3] = "0f 1f 00", [4] = "0f 1f 40 00", [5] = "0f 1f 44 00 00",
        [6] = "66 0f 1f 44 00 00", [7] = "0f 1f 80 00 00 00 00", [8] = "0f 1f 84 00 00 00 00 00",
        [9] = "66 0f 1f 84 00 00 00 00 00",
    };

    for (int mode = 32; mode <= 64; mode *= 2) {
        for (unsigned len = 1; len <= 15; len++) {
            uint8_t buf[32];
            size_t n, pad = len > 9 ? len - 9 : 0;
            X86DecodedInsn d;

            memset(buf, len & 1 ? 0x66 : 0x2e, pad);
            n = pad + parse_hex(base[len > 9 ? 9 : len], buf + pad, sizeof(buf) - pad);
            ck_assert_uint_eq(n, len);
            ck_assert_msg(x86_decode(&d, buf, n, mode) == 0, "%d-bit NOP of %u bytes", mode, len);
            ck_assert_uint_eq(d.len, len);
            ck_assert_uint_eq(d.insn, X86_INSN_NOP);
        }
    }
}
END_TEST

/* Every one-byte and 0F opcode with a few ModRM bytes: decodes or fails
 * cleanly, never reads past what it reports, and formats. */
START_TEST(test_all_opcodes)
{
    static const uint8_t modrms[] = { 0x00, 0x05, 0x44, 0x84, 0xc0, 0xd1, 0xf8, 0x3c };

    for (int mode = 16; mode <= 64; mode *= 2) {
        for (unsigned map = 0; map < 4; map++) {
            for (unsigned op = 0; op < 256; op++) {
                for (unsigned m = 0; m < sizeof(modrms); m++) {
                    uint8_t buf[32] = { 0 };
                    size_t n = 0;
                    X86DecodedInsn d;
                    char text[128];
                    int r, r2;

                    if (map)
                        buf[n++] = 0x0f;
                    if (map == 2)
                        buf[n++] = 0x38;
                    if (map == 3)
                        buf[n++] = 0x3a;
                    buf[n++] = op;
                    buf[n++] = modrms[m];
                    memset(buf + n, 0x11, sizeof(buf) - n);
                    r = x86_decode(&d, buf, sizeof(buf), mode);
                    if (r)
                        continue;
                    ck_assert_uint_le(d.len, 15);
                    ck_assert_int_gt(x86_format(&d, PC, text, sizeof(text)), 0);
                    /* exactly len bytes suffice */
                    r2 = x86_decode(&d, buf, d.len, mode);
                    ck_assert_msg(r2 == 0, "map %u op %02x: %d with exactly its bytes", map, op, r2);
                }
            }
        }
    }
}
END_TEST

/* ------------------------------------------------------------------------
 * 3. Differential against capstone
 */

/* Known capstone 4.0.2 decoding bugs: a length disagreement is excluded
 * only when a row here names its map and opcode range and its predicate
 * holds. Each row cites the SDM for Vireo's length. */
typedef struct Exclusion {
    unsigned modes;                 /* bit 0: 16-bit, 1: 32-bit, 2: 64-bit */
    unsigned map, lo, hi;           /* opcode map and opcode range */
    int (*match)(const X86DecodedInsn *d);
    const char *why;
} Exclusion;

static int any(const X86DecodedInsn *d)
{
    return 1;
}

static int with_66(const X86DecodedInsn *d)
{
    return (d->prefix & X86_PREFIX_66) != 0;
}

static int with_67(const X86DecodedInsn *d)
{
    return (d->prefix & X86_PREFIX_67) != 0;
}

static int with_66_rep(const X86DecodedInsn *d)
{
    return (d->prefix & X86_PREFIX_66) && (d->prefix & (X86_PREFIX_REPZ | X86_PREFIX_REPNZ));
}

static int sse4a(const X86DecodedInsn *d)
{
    return d->pfx == X86_PFX_66 || d->pfx == X86_PFX_F2;
}

static const Exclusion exclusions[] = {
    /* SDM Vol. 2 UD: "0F FF /r UD0 r32, r/m32" and "0F B9 /r UD1 r32,
     * r/m32" have a ModRM byte (with SIB and displacement). capstone 4
     * decodes them as two-byte "ud0" / "ud2b" without one. */
    { 7, 1, 0xff, 0xff, any, "UD0 0F FF /r has a ModRM byte (SDM UD)" },
    { 7, 1, 0xb9, 0xb9, any, "UD1 0F B9 /r has a ModRM byte (SDM UD)" },
    /* Near branches ignore 66 in 64-bit mode: their rel16 forms are "N.S."
     * in 64-bit mode (SDM Vol. 2 Jcc, JMP, CALL: "In 64-bit mode the operand
     * size is fixed at 64 bits"), so Intel CPUs take rel32. capstone 4
     * decodes rel16, which is what AMD CPUs do. */
    { 4, 0, 0xe8, 0xe9, with_66, "66 E8/E9 in 64-bit mode: rel32 (SDM CALL, JMP)" },
    { 4, 1, 0x80, 0x8f, with_66, "66 0F 8x in 64-bit mode: rel32 (SDM Jcc)" },
    /* 67 changes the address size, never the size of a relative offset
     * (SDM Vol. 2 2.2.1.3, Jcc/JMP/CALL take rel32 in 64-bit mode); capstone
     * 4 decodes 67 E8/E9/0F 8x in 64-bit mode with a rel16. */
    { 4, 0, 0xe8, 0xe9, with_67, "67 E8/E9 in 64-bit mode: rel32 (SDM 2.2.1.3)" },
    { 4, 1, 0x80, 0x8f, with_67, "67 0F 8x in 64-bit mode: rel32 (SDM 2.2.1.3)" },
    /* F2/F3 before a branch or PUSH are ignored (F2 is MPX's BND prefix on
     * branches) and leave the operand size to 66 (SDM Vol. 2 2.1.1, Vol. 1
     * 17.5.3): 66 F2 E8 in 32-bit code has a rel16, 66 F3 68 an imm16.
     * capstone 4 drops the 66 once it has seen F2 or F3. */
    { 3, 0, 0xe8, 0xe9, with_66_rep, "66 F2/F3 E8/E9: rel16 (SDM 2.1.1)" },
    { 3, 1, 0x80, 0x8f, with_66_rep, "66 F2/F3 0F 8x: rel16 (SDM 2.1.1)" },
    { 7, 0, 0x68, 0x68, with_66_rep, "66 F2/F3 68: imm16 (SDM PUSH)" },
    /* RET Iw always has a 16-bit immediate (SDM RET: "C2 iw"); capstone 4
     * reads four bytes when 66 or REX.W is present in 64-bit mode. */
    { 4, 0, 0xc2, 0xc2, any, "C2 iw in 64-bit mode: imm16 (SDM RET)" },
    /* 66 0F 78 /0 ib ib and F2 0F 78 /r ib ib are AMD's SSE4a EXTRQ and
     * INSERTQ (AMD APM Vol. 4; 66/F2 0F 79 likewise without immediates).
     * capstone 4 has no SSE4a and decodes VMREAD/VMWRITE, ignoring the
     * mandatory prefix. */
    { 7, 1, 0x78, 0x79, sse4a, "66/F2 0F 78/79: SSE4a EXTRQ/INSERTQ (AMD APM)" },
};

static const Exclusion *excluded(int mode, const X86DecodedInsn *d)
{
    unsigned bit = mode == 16 ? 1 : mode == 32 ? 2 : 4;

    for (unsigned i = 0; i < sizeof(exclusions) / sizeof(exclusions[0]); i++) {
        const Exclusion *x = &exclusions[i];

        if ((x->modes & bit) && x->map == d->map && d->opcode >= x->lo && d->opcode <= x->hi &&
            x->match(d))
            return x;
    }
    return NULL;
}

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* A byte string that looks like an instruction: prefixes from the legal
 * set, a REX now and then, an opcode from one of the maps (or VEX), then a
 * ModRM/SIB/displacement/immediate tail of random bytes. */
static size_t gen_insn(uint8_t *b, size_t max, int mode)
{
    static const uint8_t legacy[] = { 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65 };
    static const uint8_t simd[] = { 0x66, 0xf2, 0xf3 };
    size_t n = 0;
    uint64_t r = rng();
    unsigned npfx = (r & 3) == 0 ? (r >> 2) % 4 : 0;
    unsigned map = (r >> 4) % 10;

    for (unsigned i = 0; i < npfx; i++)
        b[n++] = legacy[rng() % sizeof(legacy)];
    /* maps: 0-3 one-byte, 4-6 0F, 7 0F 38, 8 0F 3A, 9 VEX */
    if (map >= 4 && map < 9 && (r >> 8) % 3 == 0)
        b[n++] = simd[rng() % sizeof(simd)];
    if (mode == 64 && (r >> 12) % 3 == 0)
        b[n++] = 0x40 | (rng() & 15);
    if (map == 9) {
        /* VEX: C5 or C4 with maps 1-3; mod = 11b in the first byte outside 64-bit mode */
        if (rng() & 1) {
            b[n++] = 0xc5;
            b[n++] = rng() | (mode == 64 ? 0 : 0xc0);
        } else {
            b[n++] = 0xc4;
            b[n++] = (rng() & 0xe0) | (1 + rng() % 3) | (mode == 64 ? 0 : 0xc0);
            b[n++] = rng();
        }
    } else if (map >= 4) {
        b[n++] = 0x0f;
        if (map == 7)
            b[n++] = 0x38;
        else if (map == 8)
            b[n++] = 0x3a;
    }
    while (n < max)
        b[n++] = rng();
    return n;
}

typedef struct OneSided {
    unsigned map, opcode, count;
    char example[64];
} OneSided;

typedef struct Tally {
    unsigned long total, both, agree, mismatch, excluded, neither, vireo_only;
    /* accepted by capstone only, by reason */
    unsigned long cs_vex, cs_other_ext, cs_lock, cs_prefix, cs_only;
    OneSided vo[64], co[64];
    unsigned nvo, nco;
} Tally;

static void note_one_sided(OneSided *list, unsigned *n, unsigned map, unsigned opcode,
                           const uint8_t *b, size_t len)
{
    unsigned i;

    for (i = 0; i < *n; i++)
        if (list[i].map == map && list[i].opcode == opcode)
            break;
    if (i == *n) {
        if (*n == 64)
            return;
        (*n)++;
        list[i].map = map;
        list[i].opcode = opcode;
        list[i].count = 0;
        list[i].example[0] = 0;
        for (size_t k = 0; k < len && k < 15; k++)
            snprintf(list[i].example + 3 * k, sizeof(list[i].example) - 3 * k, "%02x ", b[k]);
    }
    list[i].count++;
}

/* The map and opcode byte a string selects, found without our decoder. */
static void locate_opcode(const uint8_t *b, int mode, unsigned *map, unsigned *opcode)
{
    size_t i = 0;

    while (i < 15) {
        uint8_t c = b[i];

        if (c == 0x66 || c == 0x67 || c == 0xf0 || c == 0xf2 || c == 0xf3 || c == 0x2e ||
            c == 0x36 || c == 0x3e || c == 0x26 || c == 0x64 || c == 0x65 ||
            (mode == 64 && (c & 0xf0) == 0x40)) {
            i++;
            continue;
        }
        break;
    }
    *map = 0;
    if (b[i] == 0x0f) {
        *map = 1;
        i++;
        if (b[i] == 0x38 || b[i] == 0x3a) {
            *map = b[i] == 0x38 ? 2 : 3;
            i++;
        }
    } else if ((b[i] == 0xc4 || b[i] == 0xc5) && (mode == 64 || b[i + 1] >= 0xc0)) {
        *map = 4 + (b[i] == 0xc5 ? 1 : b[i + 1] & 0x1f);   /* 5, 6, 7: VEX maps */
        i += b[i] == 0xc5 ? 2 : 3;
    }
    *opcode = b[i];
}

static void print_one_sided(const char *what, OneSided *list, unsigned n)
{
    static const char *const maps[] = { "", "0f ", "0f38 ", "0f3a ", "vex? ", "vex.0f ", "vex.0f38 ",
                                        "vex.0f3a " };

    /* simple selection of the largest counts */
    for (unsigned shown = 0; shown < 10 && shown < n; shown++) {
        unsigned best = shown;

        for (unsigned i = shown + 1; i < n; i++)
            if (list[i].count > list[best].count)
                best = i;
        OneSided t = list[shown];
        list[shown] = list[best];
        list[best] = t;
        printf("      %s %s%02x: %u  e.g. %s\n", what, list[shown].map < 8 ? maps[list[shown].map] : "?",
               list[shown].opcode, list[shown].count, list[shown].example);
    }
}

/* Does the string decode to capstone's length once the prefixes in `set`
 * become DS overrides (same length, no meaning in 64-bit mode)? */
static int decodes_without(const uint8_t *b, size_t n, int mode, const char *set, unsigned cs_len)
{
    uint8_t c[24];
    X86DecodedInsn d;
    size_t i = 0;

    memcpy(c, b, n);
    for (; i < 15; i++) {
        if (c[i] == 0x66 || c[i] == 0x67 || c[i] == 0xf0 || c[i] == 0xf2 || c[i] == 0xf3 ||
            c[i] == 0x2e || c[i] == 0x36 || c[i] == 0x3e || c[i] == 0x26 || c[i] == 0x64 ||
            c[i] == 0x65 || (mode == 64 && (c[i] & 0xf0) == 0x40)) {
            if (strchr(set, c[i]))
                c[i] = 0x3e;
            continue;
        }
        break;
    }
    return x86_decode(&d, c, n, mode) == 0 && d.len == cs_len;
}

static void run_differential(int mode, unsigned long count, Tally *t)
{
    csh cs;
    cs_insn *insn;
    cs_mode csmode = mode == 16 ? CS_MODE_16 : mode == 32 ? CS_MODE_32 : CS_MODE_64;

    memset(t, 0, sizeof(*t));
    ck_assert_int_eq(cs_open(CS_ARCH_X86, csmode, &cs), CS_ERR_OK);
    insn = cs_malloc(cs);
    rng_state = 0x9e3779b97f4a7c15ull ^ (uint64_t)mode;
    for (unsigned long i = 0; i < count; i++) {
        uint8_t b[24];
        size_t n = gen_insn(b, sizeof(b), mode);
        const uint8_t *code = b;
        size_t size = n;
        uint64_t addr = PC;
        X86DecodedInsn d;
        int r = x86_decode(&d, b, n, mode);
        bool cs_ok = cs_disasm_iter(cs, &code, &size, &addr, insn);
        unsigned map, opcode;

        t->total++;
        if (r == 0 && cs_ok) {
            const Exclusion *x;

            t->both++;
            if (d.len == insn->size) {
                t->agree++;
            } else if ((x = excluded(mode, &d))) {
                t->excluded++;
            } else {
                char text[128];

                t->mismatch++;
                x86_format(&d, PC, text, sizeof(text));
                if (t->mismatch <= 20) {
                    printf("    %d-bit length mismatch:", mode);
                    for (size_t k = 0; k < 15; k++)
                        printf(" %02x", b[k]);
                    printf("\n      vireo %d '%s', capstone %d '%s %s'\n", d.len, text,
                           insn->size, insn->mnemonic, insn->op_str);
                    fflush(stdout);
                }
            }
        } else if (r == 0) {
            t->vireo_only++;
            note_one_sided(t->vo, &t->nvo, d.map, d.opcode, b, d.len);
        } else if (cs_ok) {
            locate_opcode(b, mode, &map, &opcode);
            if (map >= 4)
                t->cs_vex++;                            /* AVX: not implemented yet */
            else if ((map == 0 && opcode == 0x62) ||    /* EVEX (AVX-512) */
                     (map == 0 && opcode == 0x8f) ||    /* AMD XOP */
                     (map == 1 && opcode == 0x0f))      /* AMD 3DNow! */
                t->cs_other_ext++;
            else if (decodes_without(b, n, mode, "\xf0", insn->size))
                t->cs_lock++;
            else if (decodes_without(b, n, mode, "\xf2\xf3", insn->size) ||
                     decodes_without(b, n, mode, "\x66\xf2\xf3", insn->size) ||
                     decodes_without(b, n, mode, "\xf0\x66\xf2\xf3", insn->size))
                t->cs_prefix++;
            else {
                t->cs_only++;
                note_one_sided(t->co, &t->nco, map, opcode, b, insn->size);
            }
        } else {
            t->neither++;
        }
    }
    cs_free(insn, 1);
    cs_close(&cs);
}

START_TEST(test_capstone)
{
    const char *tm = getenv("VIREO_TEST_MODE");
    int slow = tm && !strcmp(tm, "slow");
    unsigned long count = slow ? 1000000 : 50000;
    static Tally t;
    unsigned long mismatches = 0;

    for (int mode = 16; mode <= 64; mode *= 2) {
        run_differential(mode, count, &t);
        printf("  capstone %d-bit: %lu strings; both decode %lu: lengths agree %lu, disagree %lu, "
               "excluded %lu; neither %lu\n"
               "    only vireo %lu; only capstone %lu: VEX %lu (AVX not implemented), EVEX/XOP/3DNow! %lu,\n"
               "      LOCK Vireo rejects %lu, SIMD prefix column Vireo rejects %lu, other %lu\n",
               mode, t.total, t.both, t.agree, t.mismatch, t.excluded, t.neither, t.vireo_only,
               t.cs_vex + t.cs_other_ext + t.cs_lock + t.cs_prefix + t.cs_only, t.cs_vex,
               t.cs_other_ext, t.cs_lock, t.cs_prefix, t.cs_only);
        if (slow) {
            print_one_sided("only vireo   ", t.vo, t.nvo);
            print_one_sided("only capstone", t.co, t.nco);
        }
        fflush(stdout);
        mismatches += t.mismatch;
    }
    ck_assert_msg(mismatches == 0, "%lu length disagreements with capstone", mismatches);
}
END_TEST

static Suite *decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("vectors");

    tcase_add_test(tc, test_vectors);
    tcase_add_test(tc, test_truncated);
    tcase_add_test(tc, test_length_limit);
    tcase_add_test(tc, test_nops);
    tcase_add_test(tc, test_all_opcodes);
    suite_add_tcase(s, tc);
    tc = tcase_create("capstone");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_capstone);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(decode_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
