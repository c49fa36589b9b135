/*
 * SSE4.2 (built with -msse4.2): the four string compares PCMPISTRI,
 * PCMPISTRM, PCMPESTRI, PCMPESTRM in every aggregation (equal any, ranges,
 * equal each, equal ordered), with byte and word, signed and unsigned
 * elements, both polarities, least/most significant index and bit/unit
 * masks, plus their flag outputs (CF ZF SF OF); and CRC32 (CRC-32C) on
 * 8/16/32/64-bit operands checked against a bitwise reference.
 */
#include <nmmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *texts[] = {
    "", "a", "hello, world", "The quick brown fox jumps over the lazy dog",
    "0123456789abcdef", "AAAAAAAAAAAAAAAA", "zz\x80\xff\x7f-09AZaz", "needle in a haystack",
    "abcabcabcabcabcab", "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10",
};
static const char *sets[] = { "aeiou", "az", "09AZaz", "lo", "abc", "", "\x80\xff", "fox", "AAAA" };

static __m128i load16(const char *s)
{
    char b[16] = { 0 };
    size_t n = strlen(s);

    memcpy(b, s, n > 16 ? 16 : n);
    return _mm_loadu_si128((const __m128i *)b);
}

static void m128(const char *what, __m128i v)
{
    uint8_t b[16];

    _mm_storeu_si128((__m128i *)b, v);
    printf(" %s=", what);
    for (int i = 15; i >= 0; i--)
        printf("%02x", b[i]);
}

/* Every output of one mode for implicit-length (istr) and explicit-length (estr) forms. */
#define MODE(imm)                                                                      \
    do {                                                                               \
        printf("imm %#04x:", imm);                                                     \
        printf(" i=%d c=%d z=%d s=%d o=%d a=%d", _mm_cmpistri(a, b, imm),              \
               _mm_cmpistrc(a, b, imm), _mm_cmpistrz(a, b, imm),                       \
               _mm_cmpistrs(a, b, imm), _mm_cmpistro(a, b, imm),                       \
               _mm_cmpistra(a, b, imm));                                               \
        m128("m", _mm_cmpistrm(a, b, imm));                                            \
        printf(" ei=%d ec=%d ez=%d es=%d eo=%d ea=%d", _mm_cmpestri(a, la, b, lb, imm),\
               _mm_cmpestrc(a, la, b, lb, imm), _mm_cmpestrz(a, la, b, lb, imm),       \
               _mm_cmpestrs(a, la, b, lb, imm), _mm_cmpestro(a, la, b, lb, imm),       \
               _mm_cmpestra(a, la, b, lb, imm));                                       \
        m128("em", _mm_cmpestrm(a, la, b, lb, imm));                                   \
        printf("\n");                                                                  \
    } while (0)

static void compare(const char *set, const char *text, int la, int lb)
{
    __m128i a = load16(set), b = load16(text);

    printf("set \"%s\"/%d text \"%.16s\"/%d\n", set, la, text, lb);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_NEGATIVE_POLARITY | _SIDD_MOST_SIGNIFICANT);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_UNIT_MASK);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_RANGES);
    MODE(_SIDD_SBYTE_OPS | _SIDD_CMP_RANGES | _SIDD_MASKED_NEGATIVE_POLARITY);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_EACH);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_EACH | _SIDD_MASKED_POSITIVE_POLARITY | _SIDD_UNIT_MASK);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ORDERED);
    MODE(_SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ORDERED | _SIDD_MOST_SIGNIFICANT);
    MODE(_SIDD_UWORD_OPS | _SIDD_CMP_EQUAL_ANY);
    MODE(_SIDD_UWORD_OPS | _SIDD_CMP_RANGES | _SIDD_UNIT_MASK);
    MODE(_SIDD_SWORD_OPS | _SIDD_CMP_RANGES);
    MODE(_SIDD_SWORD_OPS | _SIDD_CMP_EQUAL_EACH | _SIDD_NEGATIVE_POLARITY);
    MODE(_SIDD_UWORD_OPS | _SIDD_CMP_EQUAL_ORDERED | _SIDD_UNIT_MASK);
}

/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit. */
static uint32_t crc32c_ref(uint32_t crc, const uint8_t *p, size_t n)
{
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0x82F63B78u & -(crc & 1));
    }
    return crc;
}

int main(void)
{
    uint8_t buf[1024];
    int bad = 0;

    for (unsigned s = 0; s < sizeof(sets) / sizeof(sets[0]); s++)
        for (unsigned t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
            int lt = (int)strlen(texts[t]);

            compare(sets[s], texts[t], (int)strlen(sets[s]), lt > 16 ? 16 : lt);
            /* Explicit lengths out of range, negative, and shorter than the string. */
            compare(sets[s], texts[t], -3, 40);
            compare(sets[s], texts[t], 2, (int)(t % 7));
        }

    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 167 + (i >> 3));
    for (unsigned len = 0; len <= 64; len++) {
        uint32_t c8 = ~0u, c16 = ~0u, c32 = ~0u;
        uint64_t c64 = ~0u;
        uint32_t ref = crc32c_ref(~0u, buf + len, len * 8);

        for (unsigned i = 0; i < len * 8; i++)
            c8 = _mm_crc32_u8(c8, buf[len + i]);
        for (unsigned i = 0; i < len * 8; i += 2) {
            uint16_t w;
            memcpy(&w, buf + len + i, 2);
            c16 = _mm_crc32_u16(c16, w);
        }
        for (unsigned i = 0; i < len * 8; i += 4) {
            uint32_t w;
            memcpy(&w, buf + len + i, 4);
            c32 = _mm_crc32_u32(c32, w);
        }
        for (unsigned i = 0; i < len * 8; i += 8) {
            uint64_t w;
            memcpy(&w, buf + len + i, 8);
            c64 = _mm_crc32_u64(c64, w);
        }
        printf("crc32c %u bytes: %08x %08x %08x %08x ref %08x\n", len * 8, c8, c16, c32,
               (uint32_t)c64, ref);
        bad += c8 != ref || c16 != ref || c32 != ref || (uint32_t)c64 != ref;
    }
    /* The check value of CRC-32C: "123456789" gives e3069283. */
    printf("check %08x\n", ~crc32c_ref(~0u, (const uint8_t *)"123456789", 9));
    printf("%s\n", bad ? "CRC MISMATCH" : "crc ok");
    return bad != 0;
}
