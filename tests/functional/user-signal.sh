# vireo-x86_64 guest signals: handlers for CPU faults and for signals the
# program sends itself, masks, SA_NODEFER, the alternate stack, alarm, and
# host signals forwarded to the guest. Each program runs natively too and
# must give the same stdout and exit status under vireo-x86_64.
B=$1
. tests/functional/lib.sh
U=${VIREO_X86_64:-$B/vireo-x86_64}

x86_64_host_or_skip "user-signal cases"
printf 'int main(void) { return 0; }\n' > "$TMP/t.c"
if ! cc -static -O2 -o "$TMP/t" "$TMP/t.c" 2>/dev/null; then
    echo "note: cc -static does not work here, user-signal cases skipped"
    finish
fi

# same NAME PROG [ARGS...]: native and emulated runs agree on stdout and status
same() {
    name=$1; shift
    ( "$TMP/$@" ) >"$TMP/native" 2>/dev/null; nrc=$?
    timeout 20 $U "$TMP/$@" >"$TMP/emul" 2>"$TMP/stderr"; erc=$?
    if [ "$nrc" = "$erc" ] && cmp -s "$TMP/native" "$TMP/emul"; then pass "$name"
    else fail "$name" "native exit $nrc, vireo exit $erc" "native: $(head -3 "$TMP/native")" \
        "vireo: $(head -3 "$TMP/emul")" "$(head -3 "$TMP/stderr")"; fi
}

build() { cc -static -O2 -o "$TMP/$1" "$TMP/$1.c" || fail "build-$1"; }

# (1) SIGSEGV handler recovering by siglongjmp, twice; siginfo checked.
cat > "$TMP/longjmp.c" <<'C'
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
static sigjmp_buf jb;
static void h(int s, siginfo_t *si, void *uc)
{
    printf("sig %d code %d addr %p\n", s, si->si_code, si->si_addr);
    siglongjmp(jb, 1);
}
int main(void)
{
    struct sigaction sa = { 0 };
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
    for (int i = 0; i < 2; i++)
        if (!sigsetjmp(jb, 1))
            *(volatile int *)16 = 1;
        else
            printf("recovered\n");
    return 0;
}
C
build longjmp && same user-signal-segv-siglongjmp longjmp
grep -q '^recovered$' "$TMP/emul" || fail user-signal-segv-recovered "$(cat "$TMP/emul")"

# (2) The handler skips the faulting 3-byte mov (%rax,%riz),%eax by editing
# uc_mcontext; the registers and the eflags come back from the frame.
cat > "$TMP/skip.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <ucontext.h>
static void h(int s, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    uc->uc_mcontext.gregs[REG_RIP] += 3;
    printf("skip %d code %d err %lld trapno %lld\n", s, si->si_code,
           (long long)uc->uc_mcontext.gregs[REG_ERR], (long long)uc->uc_mcontext.gregs[REG_TRAPNO]);
}
int main(void)
{
    struct sigaction sa = { 0 };
    int v = 5;
    long r12 = 0;
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
    __asm__ volatile("mov $0x1234, %%r12\n\txor %%eax, %%eax\n\t.byte 0x8b, 0x04, 0x20\n\t"
                     "mov $7, %%eax\n\tmov %%eax, %0\n\tmov %%r12, %1"
                     : "=m"(v), "=m"(r12) :: "rax", "r12", "memory");
    printf("v=%d r12=%lx\n", v, r12);
    return 0;
}
C
build skip && same user-signal-segv-skip-insn skip

# (3) Division by zero: no handler ends with 128+SIGFPE; a handler _exits 7.
cat > "$TMP/div.c" <<'C'
#include <signal.h>
#include <unistd.h>
static void h(int s) { _exit(7); }
int main(int argc, char **argv)
{
    volatile int z = 0;
    if (argc > 1)
        signal(SIGFPE, h);
    return 10 / z;
}
C
if build div; then
    timeout 20 $U "$TMP/div" >/dev/null 2>&1
    rc=$?; [ $rc = 136 ] && pass user-signal-fpe-default || fail user-signal-fpe-default "exit $rc"
    same user-signal-fpe-handler div handler
fi

# (4) raise() from inside the handler: deferred without SA_NODEFER, nested with it.
cat > "$TMP/raise.c" <<'C'
#include <signal.h>
#include <stdio.h>
static volatile int n, depth, maxdepth;
static void h(int s)
{
    n++;
    if (++depth > maxdepth)
        maxdepth = depth;
    if (n < 3)
        raise(SIGUSR1);
    depth--;
}
int main(int argc, char **argv)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = h;
    sa.sa_flags = argc > 1 ? SA_NODEFER : 0;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    printf("calls %d maxdepth %d\n", n, maxdepth);
    return 0;
}
C
if build raise; then
    same user-signal-raise-defer raise
    same user-signal-raise-nodefer raise nodefer
fi

# (5) Blocked signals stay pending (once) and arrive at the unblock.
cat > "$TMP/mask.c" <<'C'
#include <signal.h>
#include <stdio.h>
static volatile int n;
static void h(int s) { n++; }
int main(void)
{
    sigset_t s, p;
    signal(SIGUSR2, h);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, 0);
    raise(SIGUSR2);
    raise(SIGUSR2);
    sigpending(&p);
    printf("blocked: n=%d pending=%d\n", n, sigismember(&p, SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &s, 0);
    printf("unblocked: n=%d\n", n);
    return 0;
}
C
build mask && same user-signal-mask mask

# (6) alarm + pause: the host's SIGALRM reaches the guest handler.
cat > "$TMP/alarm.c" <<'C'
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static volatile int n;
static void h(int s) { n++; }
int main(void)
{
    signal(SIGALRM, h);
    alarm(1);
    int r = pause();
    printf("pause %d n=%d\n", r, n);
    return 0;
}
C
build alarm && same user-signal-alarm-pause alarm

# (7) SA_ONSTACK: the handler runs on the sigaltstack.
cat > "$TMP/altstack.c" <<'C'
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
static char stk[65536];
static volatile int on;
static void h(int s) { char c; on = &c >= stk && &c < stk + sizeof(stk); }
int main(void)
{
    stack_t ss = { .ss_sp = stk, .ss_size = sizeof(stk) };
    struct sigaction sa = { 0 };
    sigaltstack(&ss, 0);
    sa.sa_handler = h;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    printf("on altstack %d\n", on);
    return 0;
}
C
build altstack && same user-signal-altstack altstack

# (8) SIGTERM from outside, caught while the guest waits in sigsuspend.
cat > "$TMP/term.c" <<'C'
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static volatile int got;
static void h(int s) { got = s; }
int main(void)
{
    sigset_t none;
    signal(SIGTERM, h);
    sigemptyset(&none);
    printf("ready\n");
    fflush(stdout);
    while (!got)
        sigsuspend(&none);
    printf("got %d\n", got);
    return 0;
}
C
if build term; then
    $U "$TMP/term" >"$TMP/emul" 2>&1 &
    pid=$!
    for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$TMP/emul" && break; sleep 0.2; done
    kill -TERM $pid
    wait $pid; rc=$?
    [ $rc = 0 ] && grep -q '^got 15$' "$TMP/emul" && pass user-signal-host-sigterm ||
        fail user-signal-host-sigterm "exit $rc" "$(cat "$TMP/emul")"
fi

finish
