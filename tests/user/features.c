/*
 * The CPUID features glibc chooses code paths by (its ifunc resolvers for
 * libm and strings), printed by glibc's tunable names. The test runs it
 * natively and under vireo-x86_64 and turns off, with GLIBC_TUNABLES, what
 * the emulated CPU lacks, so both runs take the same library code.
 */
#include <cpuid.h>
#include <stdio.h>

static const struct { const char *name; unsigned leaf, reg, bit; } feats[] = {
    /* reg: 1 ecx, 2 ebx (leaf 7), 3 ecx (leaf 0x80000001) */
    { "SSSE3", 1, 1, 9 }, { "FMA", 1, 1, 12 }, { "SSE4_1", 1, 1, 19 }, { "SSE4_2", 1, 1, 20 },
    { "MOVBE", 1, 1, 22 }, { "POPCNT", 1, 1, 23 }, { "AVX", 1, 1, 28 }, { "F16C", 1, 1, 29 },
    { "BMI1", 7, 2, 3 }, { "AVX2", 7, 2, 5 }, { "BMI2", 7, 2, 8 }, { "ERMS", 7, 2, 9 },
    { "AVX512F", 7, 2, 16 }, { "AVX512DQ", 7, 2, 17 }, { "AVX512BW", 7, 2, 30 },
    { "AVX512VL", 7, 2, 31 }, { "LZCNT", 0x80000001, 3, 5 }, { "FMA4", 0x80000001, 3, 16 },
};

int main(void)
{
    unsigned a, b, c1 = 0, d, b7 = 0, c7, cx = 0;

    __cpuid(1, a, b, c1, d);
    if (__get_cpuid_max(0, 0) >= 7)
        __cpuid_count(7, 0, a, b7, c7, d);
    if ((unsigned)__get_cpuid_max(0x80000000, 0) >= 0x80000001u)
        __cpuid(0x80000001, a, b, cx, d);
    for (unsigned i = 0; i < sizeof(feats) / sizeof(feats[0]); i++) {
        unsigned r = feats[i].reg == 1 ? c1 : feats[i].reg == 2 ? b7 : cx;

        if (r >> feats[i].bit & 1)
            printf("%s\n", feats[i].name);
    }
    return 0;
}
