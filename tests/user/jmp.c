/*
 * Non-local jumps: longjmp across several frames with callee-saved
 * registers live, sigsetjmp/siglongjmp restoring (or not) the signal mask,
 * and a SIGSEGV handler that recovers from bad reads and writes by
 * siglongjmp, many times over, checking si_addr.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static jmp_buf jb;
static sigjmp_buf sjb;
static volatile uintptr_t fault_addr;

static int __attribute__((noinline)) deep(int n, int k)
{
    volatile char pad[64];

    memset((char *)pad, n, sizeof(pad));
    if (n >= k)
        longjmp(jb, n * 10 + pad[3]);
    if (n > 1000)
        return 0;
    return deep(n + 1, k) + pad[0];
}

static void segv(int s, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(sjb, s);
}

static int blocked(int sig)
{
    sigset_t cur;

    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

/* One access at p that faults; 1 when the handler came back with si_addr == p. */
static int __attribute__((noinline)) probe(volatile int *p, int write)
{
    fault_addr = 0;
    if (!sigsetjmp(sjb, 1)) {
        if (write)
            *p = 1;
        else
            (void)*p;
        printf("no fault at %p\n", (void *)p);
        return 0;
    }
    if (fault_addr != (uintptr_t)p) {
        printf("fault: si_addr %#lx, wanted %p\n", (unsigned long)fault_addr, (void *)p);
        return 0;
    }
    return 1;
}

/*
 * longjmp out of k nested frames. a, b and c are set before setjmp and not
 * changed until longjmp, so C guarantees their values after it: they live
 * in callee-saved registers that longjmp must restore.
 */
static int __attribute__((noinline)) unwind(int k)
{
    long a = k * 11, b = a * a + 7, c = a ^ b;
    int r = setjmp(jb);

    if (r == 0) {
        deep(0, k);
        printf("not reached\n");
        return 0;
    }
    printf("depth %d: setjmp returned %d, a=%ld b=%ld c=%ld\n", k, r, a, b, c);
    return 1;
}

int main(void)
{
    volatile int count = 0;
    struct sigaction sa;
    sigset_t usr1;

    for (int k = 1; k <= 20; k++)
        count += unwind(k);

    /* sigsetjmp(.., 1) saves the mask, siglongjmp restores it; with 0 it does not. */
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (!sigsetjmp(sjb, 0)) {
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        siglongjmp(sjb, 1);
    }
    printf("savemask 0: SIGUSR1 blocked after siglongjmp: %d\n", blocked(SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    if (!sigsetjmp(sjb, 1)) {
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        siglongjmp(sjb, 1);
    }
    printf("savemask 1: SIGUSR1 blocked after siglongjmp: %d\n", blocked(SIGUSR1));

    /* A SIGSEGV handler recovering from faults at many addresses, reads and writes. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 50; i++) {
        count += probe((volatile int *)(uintptr_t)(0x1000 + i * 0x10008), i & 1);
        if (blocked(SIGSEGV))
            printf("SIGSEGV still blocked after recovery %d\n", i);
    }
    printf("recovered, count %d\n", count);
    return 0;
}
