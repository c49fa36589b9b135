/*
 * AES-NI (built with -maes): AES-128 key expansion with AESKEYGENASSIST,
 * encryption with AESENC/AESENCLAST, the equivalent inverse cipher with
 * AESIMC/AESDEC/AESDECLAST, checked against FIPS-197 (Appendix B and C.1),
 * then a chain of 10,000 blocks encrypted and decrypted with its digest
 * printed. Exit status 1 on any mismatch with the standard's vectors.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <smmintrin.h>
#include <wmmintrin.h>

static __m128i expand_step(__m128i key, __m128i assist)
{
    assist = _mm_shuffle_epi32(assist, 0xff);
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    return _mm_xor_si128(key, assist);
}

/* FIPS-197 5.2 KeyExpansion; rcon must be an immediate, hence the list. */
static void expand(const uint8_t *k, __m128i *ek, __m128i *dk)
{
    ek[0] = _mm_loadu_si128((const __m128i *)k);
    ek[1] = expand_step(ek[0], _mm_aeskeygenassist_si128(ek[0], 0x01));
    ek[2] = expand_step(ek[1], _mm_aeskeygenassist_si128(ek[1], 0x02));
    ek[3] = expand_step(ek[2], _mm_aeskeygenassist_si128(ek[2], 0x04));
    ek[4] = expand_step(ek[3], _mm_aeskeygenassist_si128(ek[3], 0x08));
    ek[5] = expand_step(ek[4], _mm_aeskeygenassist_si128(ek[4], 0x10));
    ek[6] = expand_step(ek[5], _mm_aeskeygenassist_si128(ek[5], 0x20));
    ek[7] = expand_step(ek[6], _mm_aeskeygenassist_si128(ek[6], 0x40));
    ek[8] = expand_step(ek[7], _mm_aeskeygenassist_si128(ek[7], 0x80));
    ek[9] = expand_step(ek[8], _mm_aeskeygenassist_si128(ek[8], 0x1b));
    ek[10] = expand_step(ek[9], _mm_aeskeygenassist_si128(ek[9], 0x36));
    /* FIPS-197 5.3.5: the equivalent inverse cipher's round keys. */
    dk[0] = ek[10];
    for (int i = 1; i < 10; i++)
        dk[i] = _mm_aesimc_si128(ek[10 - i]);
    dk[10] = ek[0];
}

static __m128i encrypt(const __m128i *ek, __m128i b)
{
    b = _mm_xor_si128(b, ek[0]);
    for (int i = 1; i < 10; i++)
        b = _mm_aesenc_si128(b, ek[i]);
    return _mm_aesenclast_si128(b, ek[10]);
}

static __m128i decrypt(const __m128i *dk, __m128i b)
{
    b = _mm_xor_si128(b, dk[0]);
    for (int i = 1; i < 10; i++)
        b = _mm_aesdec_si128(b, dk[i]);
    return _mm_aesdeclast_si128(b, dk[10]);
}

static void hex(const char *what, __m128i v)
{
    uint8_t b[16];

    _mm_storeu_si128((__m128i *)b, v);
    printf("%s ", what);
    for (int i = 0; i < 16; i++)
        printf("%02x", b[i]);
    printf("\n");
}

static int vector(const char *name, const uint8_t *key, const uint8_t *pt, const uint8_t *ct)
{
    __m128i ek[11], dk[11], c, p;
    uint8_t out[16], back[16];

    expand(key, ek, dk);
    hex("  round key 10", ek[10]);
    c = encrypt(ek, _mm_loadu_si128((const __m128i *)pt));
    p = decrypt(dk, c);
    _mm_storeu_si128((__m128i *)out, c);
    _mm_storeu_si128((__m128i *)back, p);
    hex("  ciphertext", c);
    hex("  decrypted", p);
    if (memcmp(out, ct, 16) || memcmp(back, pt, 16)) {
        printf("%s: MISMATCH\n", name);
        return 1;
    }
    printf("%s: ok\n", name);
    return 0;
}

int main(void)
{
    /* FIPS-197 Appendix B. */
    static const uint8_t kb[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
    static const uint8_t pb[16] = { 0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                    0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34 };
    static const uint8_t cb[16] = { 0x39, 0x25, 0x84, 0x1d, 0x02, 0xdc, 0x09, 0xfb,
                                    0xdc, 0x11, 0x85, 0x97, 0x19, 0x6a, 0x0b, 0x32 };
    /* FIPS-197 Appendix C.1 (AES-128). */
    static const uint8_t kc[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
    static const uint8_t pc[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    static const uint8_t cc[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                    0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
    __m128i ek[11], dk[11], x, y;
    int bad = vector("FIPS-197 B", kb, pb, cb) + vector("FIPS-197 C.1", kc, pc, cc);

    /* 10,000 chained blocks (CBC-like), and back. */
    expand(kb, ek, dk);
    x = _mm_setzero_si128();
    y = _mm_set_epi64x(0x0123456789abcdefll, 0x0fedcba987654321ll);
    for (int i = 0; i < 10000; i++)
        x = encrypt(ek, _mm_xor_si128(x, _mm_add_epi64(y, _mm_set1_epi64x(i))));
    hex("chain", x);
    for (int i = 10000; i-- > 0;) {
        __m128i prev = decrypt(dk, x), pt = _mm_add_epi64(y, _mm_set1_epi64x(i));

        x = _mm_xor_si128(prev, pt);
    }
    hex("unchained (zero)", x);
    bad += !_mm_testz_si128(x, x);
    return bad != 0;
}
