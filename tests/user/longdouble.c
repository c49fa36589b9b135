/*
 * long double: x87 80-bit arithmetic (the compiler uses fld/fmul/fdiv...),
 * printf %La and %.21Lg, strtold on decimal and hex strings, and the
 * long double libm (powl, expl, logl, sqrtl, sinl): "longdouble arith"
 * prints the first group, "longdouble libm" the second (FYL2X, F2XM1,
 * FSIN... in glibc's x87 code).
 *
 * The x87 transcendental instructions are exact only to within an ulp
 * (SDM Vol.1 8.3.10), and how each CPU rounds its internal 68-bit
 * logarithm is its own: Intel and AMD differ in the last bit, and so may
 * Vireo. Their results are printed to 17 digits, which an ulp of the
 * 64-bit significand does not reach; the exact arithmetic to all of them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *what, long double v)
{
    printf("%s = %.21Lg %La\n", what, v, v);
}

static void show_transcendental(const char *what, long double v)
{
    printf("%s = %.17Lg\n", what, v);
}

int main(int argc, char **argv)
{
    static const char *strs[] = { "0.1", "3.14159265358979323846264338327950288",
                                  "1e4931", "1e-4950", "-2.5e-310", "0x1.fffffffffffffffep+16383",
                                  "1.18973149535723176502e+4932", "123456789012345678901234567890",
                                  "nan", "-inf", "0x1p-16445", "4.9406564584124654e-324" };
    volatile long double a = 1.0L, b = 3.0L;
    long double acc = 0, f = 1;
    char buf[64];

    if (argc > 1 && !strcmp(argv[1], "libm"))
        goto libm;
    show("1/3", a / b);
    show("2/3*3", (2 * a / b) * b);
    show("sqrtl(2)", sqrtl(2.0L));
    show("big*big", (long double)1e300 * (long double)1e300);
    show("tiny", 1e-4900L / 1e30L);
    for (int i = 1; i <= 30; i++) {
        f *= i;
        acc += 1.0L / f;
    }
    show("e by series", acc + 1);
    for (unsigned i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        char *end;
        long double v = strtold(strs[i], &end);

        snprintf(buf, sizeof(buf), "strtold(%s)", strs[i]);
        show(buf, v);
        printf("  consumed %d\n", (int)(end - strs[i]));
    }
    /* Conversions between the formats, rounding to nearest. */
    show("(double)1/3", (long double)(double)(a / b));
    show("(float)1/3", (long double)(float)(a / b));
    printf("(long long)1e18/3 = %lld\n", (long long)(1e18L / b));
    if (argc > 1 && !strcmp(argv[1], "arith"))
        return 0;
libm:
    for (int i = -40; i <= 40; i++) {
        long double x = i * 0.37L + 0.001L * i * i;

        snprintf(buf, sizeof(buf), "expl(%d)", i);
        show_transcendental(buf, expl(x));
        snprintf(buf, sizeof(buf), "logl(%d)", i);
        show_transcendental(buf, logl(fabsl(x) + 0.5L));
        snprintf(buf, sizeof(buf), "powl(%d)", i);
        show_transcendental(buf, powl(1.5L + fabsl(x), x / 3));
        snprintf(buf, sizeof(buf), "sinl(%d)", i);
        show_transcendental(buf, sinl(x * 10));
        snprintf(buf, sizeof(buf), "x*x/7-x(%d)", i);
        show(buf, x * x / 7 - x);
    }
    return 0;
}
