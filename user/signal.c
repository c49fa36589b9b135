/*
 * Guest signals for vireo-x86_64, as x86-64 Linux delivers them
 * (arch/x86/kernel/signal.c, signal_64.c; kernel/signal.c).
 *
 * Signals are numbered as Linux numbers them on every host. A signal becomes
 * pending by a CPU exception (user_signal_fault), by the guest sending it to
 * itself (kill, tkill, tgkill) or by the host: the host handlers installed
 * here only set a pending bit and ask cpu_exec() to return, and the run loop
 * calls user_signal_deliver() after every return. Delivery builds Linux's
 * rt_sigframe on the guest stack (or the alternate stack) through the
 * guest-memory helpers, and rt_sigreturn reads it back.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel/tcg/cpu-exec.h"
#include "cpu/x86/cc.h"
#include "tcg/softmmu.h"
#include "user/user.h"

#define NSIG_L 64
#define SIGBIT(s) (1ull << ((s) - 1))

/* Linux's signal numbers (asm-generic/signal.h). */
enum {
    L_SIGHUP = 1, L_SIGINT = 2, L_SIGQUIT = 3, L_SIGILL = 4, L_SIGTRAP = 5, L_SIGABRT = 6,
    L_SIGBUS = 7, L_SIGFPE = 8, L_SIGKILL = 9, L_SIGUSR1 = 10, L_SIGSEGV = 11, L_SIGUSR2 = 12,
    L_SIGPIPE = 13, L_SIGALRM = 14, L_SIGTERM = 15, L_SIGCHLD = 17, L_SIGCONT = 18,
    L_SIGSTOP = 19, L_SIGTSTP = 20, L_SIGTTIN = 21, L_SIGTTOU = 22, L_SIGURG = 23,
    L_SIGWINCH = 28,
};

/* sa_flags (asm-generic/signal.h) and sigaltstack flags. */
#define L_SA_SIGINFO   0x00000004ull
#define L_SA_ONSTACK   0x08000000ull
#define L_SA_RESTART   0x10000000ull
#define L_SA_NODEFER   0x40000000ull
#define L_SA_RESETHAND 0x80000000ull
#define L_SA_RESTORER  0x04000000ull
#define L_SS_ONSTACK 1
#define L_SS_DISABLE 2
#define L_SS_AUTODISARM (1u << 31)
#define L_MINSIGSTKSZ 2048

#define L_SIG_DFL 0
#define L_SIG_IGN 1

/* si_code values (uapi/asm-generic/siginfo.h). */
#define L_SI_USER 0
#define L_SI_KERNEL 0x80
#define L_SI_TKILL (-6)

/* Eflags bits sigreturn takes from the frame (FIX_EFLAGS in signal.c). */
#define FIX_EFLAGS 0x50dd5ull

/* The rt_sigframe: pretcode, struct ucontext (304 bytes), siginfo (128). */
#define UC_OFF 8
#define MC_OFF (UC_OFF + 40)        /* uc_flags, uc_link, uc_stack */
#define UC_SIGMASK_OFF (MC_OFF + 256)
#define UC_SIZE 304
#define INFO_OFF (UC_OFF + UC_SIZE)
#define FRAME_SIZE (INFO_OFF + 128)
#define FPSTATE_SIZE 512

typedef struct GuestAction {
    uint64_t handler, flags, restorer, mask;
} GuestAction;

/* What a pending signal carries into its siginfo_t. */
typedef struct SigInfo {
    int code;
    uint32_t pid, uid;
    uint64_t addr;
    int trapno, err;
} SigInfo;

/*
 * Dispositions and pending signals belong to the process; the mask, the
 * alternate stack and sigsuspend's saved mask to each thread, as in Linux.
 * A pending signal is taken by the first thread that does not block it.
 */
static GuestAction actions[NSIG_L + 1];
static SigInfo infos[NSIG_L + 1];
static _Atomic uint64_t pending;
static _Thread_local uint64_t blocked;
static _Thread_local bool have_saved_mask;      /* rt_sigsuspend: the mask to restore */
static _Thread_local uint64_t saved_mask;
static _Thread_local struct { uint64_t sp, size; uint32_t flags; } altstack = { 0, 0, L_SS_DISABLE };
static _Thread_local CPUX86State *sig_env;

/* The host signals forwarded to the guest, by Linux number. */
static const struct { int host, linux_no; } host_sigs[] = {
    { SIGHUP, L_SIGHUP }, { SIGINT, L_SIGINT }, { SIGQUIT, L_SIGQUIT },
    { SIGUSR1, L_SIGUSR1 }, { SIGUSR2, L_SIGUSR2 }, { SIGPIPE, L_SIGPIPE },
    { SIGALRM, L_SIGALRM }, { SIGTERM, L_SIGTERM }, { SIGCHLD, L_SIGCHLD },
    { SIGWINCH, L_SIGWINCH },
};
#define N_HOST_SIGS (sizeof(host_sigs) / sizeof(host_sigs[0]))

static int host_of(int sig)
{
    for (size_t i = 0; i < N_HOST_SIGS; i++)
        if (host_sigs[i].linux_no == sig)
            return host_sigs[i].host;
    return 0;
}

static bool default_ignored(int sig);

/*
 * Only an atomic or, and an atomic flag for cpu_exec: async-signal-safe.
 * A signal whose guest action is to die, unblocked in this thread, kills at
 * once, as the kernel would even in a blocking system call (a futex wait
 * that SA_RESTART would otherwise resume forever).
 */
static void host_handler(int host, siginfo_t *si, void *uc)
{
    for (size_t i = 0; i < N_HOST_SIGS; i++)
        if (host_sigs[i].host == host) {
            int sig = host_sigs[i].linux_no;

            if (actions[sig].handler == L_SIG_DFL && !default_ignored(sig) &&
                !(blocked & SIGBIT(sig))) {
                signal(host, SIG_DFL);
                raise(host);        /* delivered when this handler returns */
                return;
            }
            infos[host_sigs[i].linux_no] = (SigInfo){
                .code = host == SIGALRM ? L_SI_KERNEL : L_SI_USER,
                .pid = si ? (uint32_t)si->si_pid : 0, .uid = si ? (uint32_t)si->si_uid : 0 };
            atomic_fetch_or(&pending, SIGBIT(host_sigs[i].linux_no));
        }
    if (sig_env)
        cpu_exit(&sig_env->common);
}

/* Host SA_RESTART follows the guest's: blocking calls restart unless the
 * guest has a handler that asked not to. */
static void host_install(int host, bool restart)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = host_handler;
    sa.sa_flags = SA_SIGINFO | (restart ? SA_RESTART : 0);
    sigfillset(&sa.sa_mask);
    sigaction(host, &sa, NULL);
}

void user_signal_init(CPUX86State *env)
{
    sig_env = env;
    for (size_t i = 0; i < N_HOST_SIGS; i++)
        host_install(host_sigs[i].host, true);
}

uint64_t user_signal_mask(void) { return blocked; }

void user_signal_thread_init(CPUX86State *env, uint64_t mask)
{
    sig_env = env;
    blocked = mask;
}

void user_signal_queue(int sig, int code, uint32_t pid)
{
    if (sig < 1 || sig > NSIG_L)
        return;
    infos[sig] = (SigInfo){ .code = code, .pid = pid, .uid = (uint32_t)getuid() };
    atomic_fetch_or(&pending, SIGBIT(sig));
}

static bool default_ignored(int sig)
{
    return sig == L_SIGCHLD || sig == L_SIGCONT || sig == L_SIGURG || sig == L_SIGWINCH ||
           sig == L_SIGSTOP || sig == L_SIGTSTP || sig == L_SIGTTIN || sig == L_SIGTTOU;
}

/* The default action of a fatal signal: end as the host would end us, or
 * with 128 + sig where the host has no such signal. */
static noreturn void die(int sig)
{
    int host = host_of(sig);

    fflush(stdout);
    if (host) {
        sigset_t s;

        signal(host, SIG_DFL);
        sigemptyset(&s);
        sigaddset(&s, host);
        sigprocmask(SIG_UNBLOCK, &s, NULL);
        raise(host);
    }
    exit(128 + sig);
}

/* ---- The frame ------------------------------------------------------------ */

static void put64(uint8_t *p, uint64_t v) { stn_le_p(p, 8, v); }
static uint64_t get64(const uint8_t *p) { return ldn_le_p(p, 8); }

static bool on_altstack(uint64_t sp)
{
    return altstack.size && sp > altstack.sp && sp <= altstack.sp + altstack.size;
}

static uint32_t altstack_flags(uint64_t sp)
{
    return altstack.size ? (on_altstack(sp) ? L_SS_ONSTACK : 0) | (altstack.flags & L_SS_AUTODISARM)
                         : L_SS_DISABLE;
}

/* The FXSAVE image of the x87 and SSE state (SDM Vol.1 table 10-2). */
static void fpstate_save(const CPUX86State *env, uint8_t *b)
{
    unsigned ftw = 0;

    memset(b, 0, FPSTATE_SIZE);
    for (unsigned i = 0; i < 8; i++)
        ftw |= (env->fptags[i] ? 0u : 1u) << i;
    stn_le_p(b, 2, env->fpuc);
    stn_le_p(b + 2, 2, (env->fpus & ~0x3800u) | (env->fpstt & 7) << 11);
    b[4] = (uint8_t)ftw;
    stn_le_p(b + 24, 4, env->mxcsr);
    stn_le_p(b + 28, 4, 0xffff);
    for (unsigned i = 0; i < 8; i++) {
        const floatx80 *f = &env->fpregs[(env->fpstt + i) & 7];

        put64(b + 32 + 16 * i, f->mant);
        stn_le_p(b + 40 + 16 * i, 2, f->sign_exp);
    }
    for (unsigned i = 0; i < 16; i++) {
        put64(b + 160 + 16 * i, env->xmm[i].q[0]);
        put64(b + 168 + 16 * i, env->xmm[i].q[1]);
    }
}

static void fpstate_restore(CPUX86State *env, const uint8_t *b)
{
    uint32_t mxcsr = (uint32_t)ldn_le_p(b + 24, 4);

    env->fpuc = (uint16_t)((ldn_le_p(b, 2) & 0x1f3f) | 0x40);
    env->fpus = (uint16_t)ldn_le_p(b + 2, 2) & 0x477fu;
    if (env->fpus & ~env->fpuc & 0x3f)
        env->fpus |= 0x8080;
    env->fpstt = (uint32_t)(ldn_le_p(b + 2, 2) >> 11) & 7;
    for (unsigned i = 0; i < 8; i++)
        env->fptags[i] = !((b[4] >> i) & 1);
    env->mxcsr = mxcsr & 0xffff;        /* reserved bits: Linux refuses, we drop */
    for (unsigned i = 0; i < 8; i++) {
        floatx80 *f = &env->fpregs[(env->fpstt + i) & 7];

        f->mant = get64(b + 32 + 16 * i);
        f->sign_exp = (uint16_t)ldn_le_p(b + 40 + 16 * i, 2);
    }
    for (unsigned i = 0; i < 16; i++) {
        env->xmm[i].q[0] = get64(b + 160 + 16 * i);
        env->xmm[i].q[1] = get64(b + 168 + 16 * i);
    }
}

/* struct sigcontext_64 order: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp. */
static const int mc_regs[16] = {
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
    R_EDI, R_ESI, R_EBP, R_EBX, R_EDX, R_EAX, R_ECX, R_ESP,
};

static void frame_fail(void)
{
    fflush(stdout);
    fprintf(stderr, "vireo-x86_64: cannot build or read a signal frame: guest SIGSEGV\n");
    exit(128 + L_SIGSEGV);
}

/* setup_rt_frame() and get_sigframe() of arch/x86/kernel/signal*.c. */
static void setup_frame(CPUX86State *env, int sig, const GuestAction *ka, uint64_t oldmask)
{
    uint64_t rsp = env->regs[R_ESP], sp = rsp - 128;     /* the red zone */
    uint64_t fp, frame;
    uint8_t f[FRAME_SIZE], fpb[FPSTATE_SIZE];
    uint8_t *mc = f + MC_OFF, *info = f + INFO_OFF;
    const SigInfo *si = &infos[sig];

    if ((ka->flags & L_SA_ONSTACK) && altstack.size && !on_altstack(rsp))
        sp = altstack.sp + altstack.size;
    fp = (sp - FPSTATE_SIZE) & ~63ull;
    frame = ((fp - FRAME_SIZE) & ~15ull) - 8;

    memset(f, 0, sizeof(f));
    put64(f, ka->restorer);
    put64(f + UC_OFF, 0);                                   /* uc_flags */
    put64(f + UC_OFF + 16, altstack.sp);
    stn_le_p(f + UC_OFF + 24, 4, altstack_flags(rsp));
    put64(f + UC_OFF + 32, altstack.size);
    for (int i = 0; i < 16; i++)
        put64(mc + 8 * i, env->regs[mc_regs[i]]);
    put64(mc + 128, env->rip);
    put64(mc + 136, x86_get_eflags(env));
    stn_le_p(mc + 144, 2, env->segs[R_CS].selector);
    stn_le_p(mc + 150, 2, env->segs[R_SS].selector);
    put64(mc + 152, (uint64_t)si->err);
    put64(mc + 160, (uint64_t)si->trapno);
    put64(mc + 168, oldmask);
    put64(mc + 176, si->addr);
    put64(mc + 184, fp);
    put64(f + UC_SIGMASK_OFF, oldmask);
    stn_le_p(info, 4, (uint32_t)sig);
    stn_le_p(info + 8, 4, (uint32_t)si->code);
    if (si->code == L_SI_USER || si->code == L_SI_TKILL) {
        stn_le_p(info + 16, 4, si->pid);
        stn_le_p(info + 20, 4, si->uid);
    } else {
        put64(info + 16, si->addr);
    }
    fpstate_save(env, fpb);
    if (user_write(fp, fpb, sizeof(fpb)) < 0 || user_write(frame, f, sizeof(f)) < 0)
        frame_fail();

    if (altstack.flags & L_SS_AUTODISARM) {
        altstack.sp = altstack.size = 0;
        altstack.flags = L_SS_DISABLE;
    }
    env->regs[R_ESP] = frame;
    env->regs[R_EDI] = (uint64_t)sig;
    env->regs[R_ESI] = frame + INFO_OFF;
    env->regs[R_EDX] = frame + UC_OFF;
    env->regs[R_EAX] = 0;
    env->rip = ka->handler;
    /* The handler runs with DF and TF clear (signal.c handle_signal). */
    x86_set_eflags(env, 0, 0x400 | 0x100);
}

/* Deliver sig now: the caller decided a handler exists. */
static void handle(CPUX86State *env, int sig)
{
    GuestAction ka = actions[sig];
    uint64_t oldmask = have_saved_mask ? saved_mask : blocked;

    have_saved_mask = false;
    setup_frame(env, sig, &ka, oldmask);
    blocked = oldmask | ka.mask;
    if (!(ka.flags & L_SA_NODEFER))
        blocked |= SIGBIT(sig);
    blocked &= ~(SIGBIT(L_SIGKILL) | SIGBIT(L_SIGSTOP));
    if (ka.flags & L_SA_RESETHAND)
        actions[sig].handler = L_SIG_DFL;
}

void user_signal_deliver(CPUX86State *env)
{
    for (;;) {
        uint64_t ready = atomic_load(&pending) & ~blocked;
        int sig;

        if (!ready)
            break;
        sig = __builtin_ctzll(ready) + 1;
        atomic_fetch_and(&pending, ~SIGBIT(sig));
        if (actions[sig].handler == L_SIG_IGN ||
            (actions[sig].handler == L_SIG_DFL && default_ignored(sig)))
            continue;
        if (actions[sig].handler == L_SIG_DFL)
            die(sig);
        handle(env, sig);
    }
    if (have_saved_mask) {
        blocked = saved_mask;
        have_saved_mask = false;
    }
}

/* ---- Synchronous signals from CPU exceptions ---------------------------------- */

/* fpu__exception_code() of arch/x86/kernel/fpu/core.c: err is the unmasked
 * exception flags. */
static int fpe_code(unsigned err)
{
    if (err & 0x01)
        return 7;       /* FPE_FLTINV */
    if (err & 0x04)
        return 3;       /* FPE_FLTDIV */
    if (err & 0x08)
        return 4;       /* FPE_FLTOVF */
    if (err & 0x12)
        return 5;       /* FPE_FLTUND */
    if (err & 0x20)
        return 6;       /* FPE_FLTRES */
    return 0;
}

bool user_signal_fault(CPUX86State *env, int excp)
{
    SigInfo si = { .code = L_SI_KERNEL, .trapno = excp, .err = env->error_code };
    int sig;

    switch (excp) {
    case EXCP_DE: sig = L_SIGFPE; si.code = 1; si.addr = env->rip; break;     /* FPE_INTDIV */
    case EXCP_UD: sig = L_SIGILL; si.code = 2; si.addr = env->rip; break;     /* ILL_ILLOPN */
    case EXCP_BP: sig = L_SIGTRAP; break;
    case EXCP_AC: sig = L_SIGBUS; si.code = 1; si.addr = env->rip; break;     /* BUS_ADRALN */
    case EXCP_SS: sig = L_SIGBUS; break;
    case EXCP_MF:
        sig = L_SIGFPE;
        si.code = fpe_code(env->fpus & ~env->fpuc & 0x3f);
        si.addr = env->rip;
        break;
    case EXCP_XM:
        sig = L_SIGFPE;
        si.code = fpe_code(env->mxcsr & ~(env->mxcsr >> 7) & 0x3f);
        si.addr = env->rip;
        break;
    case EXCP_PF:
        sig = L_SIGSEGV;
        si.code = (env->error_code & 1) ? 2 : 1;        /* SEGV_ACCERR : SEGV_MAPERR */
        si.addr = env->cr[2];
        si.err = env->error_code | 4;                   /* PF_USER */
        break;
    default: sig = L_SIGSEGV; break;                    /* #GP and the rest: si_addr 0 */
    }
    /* A trap (INT3) reports the next instruction, as the CPU pushes it. */
    if (env->exception_is_int)
        env->rip = env->exception_next_rip;
    /* force_sig_info(): blocked or ignored does not save the process. */
    if (actions[sig].handler <= L_SIG_IGN || (blocked & SIGBIT(sig)))
        return false;
    infos[sig] = si;
    handle(env, sig);
    return true;
}

/* ---- System calls ------------------------------------------------------------ */

static bool valid_sig(uint64_t sig) { return sig >= 1 && sig <= NSIG_L; }

/* rt_sigaction 13: struct kernel_sigaction { handler, flags, restorer, mask }. */
int64_t user_sys_rt_sigaction(CPUX86State *env, const uint64_t *a)
{
    int sig = (int)a[0];
    uint8_t b[32];

    if (!valid_sig(a[0]) || a[3] != 8 ||
        (a[1] && (sig == L_SIGKILL || sig == L_SIGSTOP)))
        return -EINVAL;
    if (a[1] && user_read(a[1], b, sizeof(b)) < 0)
        return -EFAULT;
    if (a[2]) {
        uint8_t o[32];

        put64(o, actions[sig].handler);
        put64(o + 8, actions[sig].flags);
        put64(o + 16, actions[sig].restorer);
        put64(o + 24, actions[sig].mask);
        if (user_write(a[2], o, sizeof(o)) < 0)
            return -EFAULT;
    }
    if (a[1]) {
        GuestAction *ka = &actions[sig];
        int host = host_of(sig);

        ka->handler = get64(b);
        ka->flags = get64(b + 8);
        ka->restorer = get64(b + 16);
        ka->mask = get64(b + 24);
        if (host)
            host_install(host, ka->handler <= L_SIG_IGN || (ka->flags & L_SA_RESTART));
        /* Setting SIG_IGN (or a default that ignores) discards a pending one. */
        if (ka->handler == L_SIG_IGN || (ka->handler == L_SIG_DFL && default_ignored(sig)))
            atomic_fetch_and(&pending, ~SIGBIT(sig));
    }
    return 0;
}

int64_t user_sys_rt_sigprocmask(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[8];
    uint64_t set;

    if (a[3] != 8)
        return -EINVAL;
    if (a[1] && user_read(a[1], b, 8) < 0)
        return -EFAULT;
    set = a[1] ? get64(b) & ~(SIGBIT(L_SIGKILL) | SIGBIT(L_SIGSTOP)) : 0;
    if (a[1] && a[0] > 2)
        return -EINVAL;
    if (a[2]) {
        uint8_t o[8];

        put64(o, blocked);
        if (user_write(a[2], o, 8) < 0)
            return -EFAULT;
    }
    if (!a[1])
        return 0;
    switch (a[0]) {
    case 0: blocked |= set; break;      /* SIG_BLOCK */
    case 1: blocked &= ~set; break;     /* SIG_UNBLOCK */
    default: blocked = set; break;      /* SIG_SETMASK */
    }
    return 0;
}

int64_t user_sys_rt_sigpending(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[8];

    if (a[1] > 8)
        return -EINVAL;
    put64(b, atomic_load(&pending) & blocked);
    return user_write(a[0], b, (size_t)a[1]) < 0 ? -EFAULT : 0;
}

/* Wait on the host until a signal the guest does not block is pending. */
static void wait_deliverable(void)
{
    sigset_t all, old;

    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    while (!(atomic_load(&pending) & ~blocked)) {
        sigset_t w = old;

        for (size_t i = 0; i < N_HOST_SIGS; i++)
            sigdelset(&w, host_sigs[i].host);
        sigsuspend(&w);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
}

int64_t user_sys_pause(CPUX86State *env, const uint64_t *a)
{
    wait_deliverable();
    return -EINTR;
}

/* rt_sigsuspend 130: the old mask comes back after the handler's frame. */
int64_t user_sys_rt_sigsuspend(CPUX86State *env, const uint64_t *a)
{
    uint8_t b[8];

    if (a[1] != 8)
        return -EINVAL;
    if (user_read(a[0], b, 8) < 0)
        return -EFAULT;
    saved_mask = blocked;
    have_saved_mask = true;
    blocked = get64(b) & ~(SIGBIT(L_SIGKILL) | SIGBIT(L_SIGSTOP));
    wait_deliverable();
    return -EINTR;
}

/* sigaltstack 131: stack_t { u64 ss_sp; i32 ss_flags; u64 ss_size }. */
int64_t user_sys_sigaltstack(CPUX86State *env, const uint64_t *a)
{
    uint64_t rsp = env->regs[R_ESP];
    uint8_t b[24];

    if (a[1]) {
        memset(b, 0, sizeof(b));
        put64(b, altstack.sp);
        stn_le_p(b + 8, 4, altstack_flags(rsp));
        put64(b + 16, altstack.size);
        if (user_write(a[1], b, sizeof(b)) < 0)
            return -EFAULT;
    }
    if (a[0]) {
        uint32_t flags;
        uint64_t sp, size;

        if (user_read(a[0], b, sizeof(b)) < 0)
            return -EFAULT;
        sp = get64(b);
        flags = (uint32_t)ldn_le_p(b + 8, 4);
        size = get64(b + 16);
        if (on_altstack(rsp))
            return -EPERM;
        if ((flags & ~L_SS_AUTODISARM) != 0 && (flags & ~L_SS_AUTODISARM) != L_SS_DISABLE &&
            (flags & ~L_SS_AUTODISARM) != L_SS_ONSTACK)
            return -EINVAL;
        if (flags & L_SS_DISABLE) {
            altstack.sp = altstack.size = 0;
            altstack.flags = L_SS_DISABLE;
        } else {
            if (size < L_MINSIGSTKSZ)
                return -ENOMEM;
            altstack.sp = sp;
            altstack.size = size;
            altstack.flags = flags & L_SS_AUTODISARM;
        }
    }
    return 0;
}

/* rt_sigreturn 15: the ucontext is at rsp (the handler's ret took pretcode). */
int64_t user_sys_rt_sigreturn(CPUX86State *env, const uint64_t *a)
{
    uint8_t uc[UC_SIZE], fpb[FPSTATE_SIZE];
    const uint8_t *mc = uc + MC_OFF - UC_OFF;
    uint64_t ucaddr = env->regs[R_ESP], fp;

    if (user_read(ucaddr, uc, sizeof(uc)) < 0)
        frame_fail();
    fp = get64(mc + 184);
    if (fp && user_read(fp, fpb, sizeof(fpb)) < 0)
        frame_fail();
    for (int i = 0; i < 16; i++)
        env->regs[mc_regs[i]] = get64(mc + 8 * i);
    env->rip = get64(mc + 128);
    x86_set_eflags(env, get64(mc + 136), FIX_EFLAGS);
    blocked = get64(uc + UC_SIGMASK_OFF - UC_OFF) & ~(SIGBIT(L_SIGKILL) | SIGBIT(L_SIGSTOP));
    if (fp)
        fpstate_restore(env, fpb);
    /* restore_altstack(): as sigaltstack would, errors ignored. */
    if (!on_altstack(env->regs[R_ESP])) {
        uint32_t flags = (uint32_t)ldn_le_p(uc + 24, 4);

        if (flags & L_SS_DISABLE) {
            altstack.sp = altstack.size = 0;
            altstack.flags = L_SS_DISABLE;
        } else if (get64(uc + 32) >= L_MINSIGSTKSZ) {
            altstack.sp = get64(uc + 16);
            altstack.size = get64(uc + 32);
            altstack.flags = flags & L_SS_AUTODISARM;
        }
    }
    return (int64_t)env->regs[R_EAX];
}

/* tkill 200, tgkill 234 (and kill 62 through user_signal_queue): to ourselves
 * they queue; to others, the host's kill. */
static int64_t send(int64_t pid, uint64_t sig, int code)
{
    int host;

    if (sig > NSIG_L)
        return -EINVAL;
    if (pid == getpid() || pid == 0) {
        if (sig)
            user_signal_queue((int)sig, code, (uint32_t)getpid());
        return 0;
    }
    host = sig ? host_of((int)sig) : 0;
    if (sig && !host) {
        /* Signals with the same number on the host as on Linux. */
        static const struct { int host, linux_no; } same[] = {
            { SIGKILL, L_SIGKILL }, { SIGSEGV, L_SIGSEGV }, { SIGABRT, L_SIGABRT },
            { SIGSTOP, L_SIGSTOP }, { SIGCONT, L_SIGCONT }, { SIGTSTP, L_SIGTSTP },
        };
        for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
            if (same[i].linux_no == (int)sig)
                host = same[i].host;
        if (!host)
            return -EINVAL;
    }
    return kill((pid_t)pid, host) < 0 ? -errno : 0;
}

int64_t user_sys_tkill(CPUX86State *env, const uint64_t *a)
{
    if ((int32_t)a[0] <= 0)
        return -EINVAL;
    return send((int32_t)a[0], a[1], L_SI_TKILL);
}

int64_t user_sys_tgkill(CPUX86State *env, const uint64_t *a)
{
    if ((int32_t)a[0] <= 0 || (int32_t)a[1] <= 0)
        return -EINVAL;
    if ((int32_t)a[1] != getpid())
        return -ESRCH;      /* one thread: no other tids */
    return send((int32_t)a[0], a[2], L_SI_TKILL);
}

/* alarm 37: the host's timer; its SIGALRM arrives through host_handler. */
int64_t user_sys_alarm(CPUX86State *env, const uint64_t *a)
{
    return alarm((unsigned)a[0]);
}
