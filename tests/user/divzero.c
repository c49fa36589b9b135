/*
 * Integer division faults: x86 raises #DE for a zero divisor and for a
 * quotient that does not fit (INT_MIN / -1, LLONG_MIN % -1), Linux sends
 * SIGFPE with si_code FPE_INTDIV. "divzero MODE": zero and intmin die of
 * the signal (exit status 128+8); handler catches each case and recovers.
 */
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf jb;
static volatile int code;

static void fpe(int s, siginfo_t *si, void *uc)
{
    (void)uc;
    code = si->si_code;
    siglongjmp(jb, s);
}

/* Divisions the compiler cannot fold: operands through volatiles. */
static int idiv(int a, int b) { volatile int x = a, y = b; return x / y; }
static int irem(int a, int b) { volatile int x = a, y = b; return x % y; }
static long long ldiv_(long long a, long long b) { volatile long long x = a, y = b; return x / y; }
static long long lrem(long long a, long long b) { volatile long long x = a, y = b; return x % y; }
static unsigned udiv(unsigned a, unsigned b) { volatile unsigned x = a, y = b; return x / y; }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "handler";
    struct sigaction sa;

    printf("7/2=%d -7/2=%d -7%%2=%d INT_MIN/1=%d LLONG_MIN/2=%lld 7u/3=%u\n", idiv(7, 2),
           idiv(-7, 2), irem(-7, 2), idiv(INT_MIN, 1), ldiv_(LLONG_MIN, 2), udiv(7, 3));
    fflush(stdout);
    if (!strcmp(mode, "zero"))
        return idiv(1, 0);
    if (!strcmp(mode, "intmin"))
        return idiv(INT_MIN, -1);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    for (int i = 0; i < 6; i++) {
        volatile long long r = 0;
        int s;

        code = -1;
        if (!(s = sigsetjmp(jb, 1))) {
            switch (i) {
            case 0: r = idiv(5, 0); break;
            case 1: r = irem(5, 0); break;
            case 2: r = idiv(INT_MIN, -1); break;
            case 3: r = ldiv_(LLONG_MIN, -1); break;
            case 4: r = lrem(LLONG_MIN, -1); break;
            case 5: r = udiv(9, 0); break;
            }
            printf("case %d: no fault, %lld\n", i, (long long)r);
        } else {
            printf("case %d: signal %d code %d\n", i, s, code);
        }
    }
    return 0;
}
