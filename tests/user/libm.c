/*
 * libm results printed exactly (%.17g and %a): sin, cos, exp, log, pow,
 * sqrt, fma, lgamma, erf over arguments spread across their domains,
 * including the special values. Native and emulated runs must print the
 * same bytes: glibc picks its code path from CPUID, and each path is
 * expected to give the same correctly rounded or documented results.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>

static void show(const char *f, double x, double r)
{
    printf("%s(%.17g) = %.17g %a\n", f, x, r, r);
}

int main(void)
{
    static const double special[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-300, 4.9e-324,
                                      DBL_MAX, INFINITY, -INFINITY, NAN, 3.141592653589793,
                                      1e22, 710.0, -745.5, 1e-8 };
    double sum = 0;
    int lsign;

    for (unsigned i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
        double x = special[i];

        show("sin", x, sin(x));
        show("cos", x, cos(x));
        show("exp", x, exp(x));
        show("log", x, log(x));
        show("sqrt", x, sqrt(x));
        show("erf", x, erf(x));
        show("lgamma", x, lgamma(x));
        show("pow2", x, pow(2.0, x));
        show("powx", x, pow(x, 0.75));
    }
    /* A sweep: 2000 arguments per function, from tiny to huge. */
    for (int i = -1000; i < 1000; i++) {
        double x = i * 0.0137 + i * i * 1e-5;
        double y = ldexp(1.0 + i * 1e-3, i / 20);

        show("sin", y, sin(y));
        show("cos", y, cos(y));
        show("exp", x, exp(x));
        show("log", fabs(y), log(fabs(y)));
        show("pow", x, pow(1.0001 + fabs(x) / 100, x * 10));
        show("sqrt", fabs(y), sqrt(fabs(y)));
        show("fma", x, fma(x, y, -x * y));
        show("lgamma", x, lgamma_r(x, &lsign));
        printf("  sign %d\n", lsign);
        show("erf", x / 100, erf(x / 100));
        sum += sin(x) + cos(y) + exp(x / 50) + erf(x / 30);
    }
    printf("sum %.17g %a\n", sum, sum);
    return 0;
}
