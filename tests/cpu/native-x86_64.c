/*
 * Native runner for x86-64 Linux hosts: runs a TestCase on the CPU itself.
 *
 * The server. The first native_run() forks a server process that keeps
 * running cases until the caller goes away. Caller and server share one
 * MAP_SHARED block (request, result, status, two counters) and hand each
 * case over by spinning briefly, then sleeping on a socket pair (see
 * NativeShared). The caller waits with a timeout; a case that loops is
 * answered by SIGKILL, the call returns -ETIMEDOUT and the next call forks
 * a fresh server. A server that dies of anything else (a case wrecking the
 * harness) gives -EIO the same way. The server's guest pages:
 *
 *   TEST_DATA_ADDR  4 KiB  read/write, private: the data window, reloaded
 *                          from the case before every run
 *   TEST_CODE_ADDR  4 KiB  read/execute: a memfd, written through a second
 *                          read/write mapping so the case cannot write its
 *                          own code (a store there is #PF, as in a guest
 *                          with a read-only text page)
 *
 * Entering a case (native-x86_64-entry.S, native_enter): the state is first
 * turned into native_image, a static block the assembly reads with
 * RIP-relative loads only: FS/GS base through arch_prctl, x87 + MXCSR +
 * XMM0-15 through FXRSTOR from an FXSAVE image, RFLAGS through popfq on the
 * host stack, then the GPRs with rsp last, then a memory-indirect jump to
 * one of two stubs the C code chose (nothing may test and disturb the
 * flags by then): native_enter64 jumps to the case, native_enter32 enters
 * it in compatibility mode by a far jump through an m16:32 pointer with
 * Linux's 32-bit user code segment, 0x23. DS and ES hold the flat user
 * data segment (0x2b, as SS) for both: compatibility mode, unlike 64-bit
 * mode, faults on a null one.
 *
 * The terminator. The code page is filled with int3 (0xcc) before the case
 * is copied to its start, so the byte just past the code is an int3: the
 * case completed iff it stopped on SIGTRAP, trap number 3 (#BP), with RIP
 * one past that byte. Any other stop is a fault, including an int3 of the
 * case's own or a jump elsewhere into the page.
 *
 * Coming back. Completion and faults both arrive as a signal, handled on an
 * alternate stack by native_signal_entry (assembly: swap FS/GS base back
 * to the host's) and native_on_signal: it copies the GPRs, RIP and RFLAGS
 * from the ucontext's gregs, x87/MXCSR/XMM from its FXSAVE-format fpregs,
 * the vector and error code from the kernel's trap number and error field,
 * si_code and si_addr from the siginfo, and the data window, into the
 * shared result. It then rewrites the context's RIP/RSP/RFLAGS/CS/SS so
 * that sigreturn lands in native_resume on the server's own stack: no
 * siglongjmp, and the signal mask comes back with the context for free.
 * A 32-bit case arrives the same way: the handler was installed by a
 * 64-bit sigaction, so the kernel builds a 64-bit frame and runs it with
 * the 64-bit CS whatever CS the case had; the context holds CS 0x23 and
 * the case's registers zero-extended, and the CS rewrite brings sigreturn
 * back to 64-bit mode.
 *
 * The sandbox. A case must not make system calls: a seccomp filter traps
 * (SIGSYS, reported as a fault with vector TEST_VEC_NONE) every syscall
 * whose instruction pointer lies in the code page. The harness's own
 * syscalls come from elsewhere and pass. Where seccomp is unavailable the
 * runner works unsandboxed.
 */
#include "tests/cpu/native.h"

#include <asm/prctl.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

/* Everything native_enter and native_signal_entry touch. */
typedef struct NativeImage {
    uint64_t gpr[TEST_NGPR];
    uint64_t rflags;
    uint64_t fs_base;
    uint64_t gs_base;
    uint64_t entry;
    uint64_t host_rsp;
    uint64_t host_fs_base;
    uint64_t host_gs_base;
    uint64_t guest_fs_base;
    uint64_t guest_gs_base;
    uint32_t host_mxcsr;
    uint16_t host_fcw;
    uint16_t host_cs;
    uint16_t host_ss;
    uint64_t entry_stub;        /* native_enter64 or native_enter32 */
    uint32_t far_entry;         /* m16:32 for the far jump into compatibility mode */
    uint16_t far_cs;
    uint8_t fxsave[512] __attribute__((aligned(64)));
} NativeImage;

/* The offsets native-x86_64-entry.S uses. */
_Static_assert(offsetof(NativeImage, rflags) == 0x80, "image layout");
_Static_assert(offsetof(NativeImage, fs_base) == 0x88, "image layout");
_Static_assert(offsetof(NativeImage, gs_base) == 0x90, "image layout");
_Static_assert(offsetof(NativeImage, entry) == 0x98, "image layout");
_Static_assert(offsetof(NativeImage, host_rsp) == 0xa0, "image layout");
_Static_assert(offsetof(NativeImage, host_fs_base) == 0xa8, "image layout");
_Static_assert(offsetof(NativeImage, host_gs_base) == 0xb0, "image layout");
_Static_assert(offsetof(NativeImage, guest_fs_base) == 0xb8, "image layout");
_Static_assert(offsetof(NativeImage, guest_gs_base) == 0xc0, "image layout");
_Static_assert(offsetof(NativeImage, host_mxcsr) == 0xc8, "image layout");
_Static_assert(offsetof(NativeImage, host_fcw) == 0xcc, "image layout");
_Static_assert(offsetof(NativeImage, host_cs) == 0xce, "image layout");
_Static_assert(offsetof(NativeImage, host_ss) == 0xd0, "image layout");
_Static_assert(offsetof(NativeImage, entry_stub) == 0xd8, "image layout");
_Static_assert(offsetof(NativeImage, far_entry) == 0xe0, "image layout");
_Static_assert(offsetof(NativeImage, far_cs) == 0xe4, "image layout");
_Static_assert(offsetof(NativeImage, fxsave) == 0x100, "image layout");

/* This host's signal numbers are the guest's. */
_Static_assert(SIGILL == TEST_SIGILL && SIGTRAP == TEST_SIGTRAP && SIGBUS == TEST_SIGBUS &&
               SIGFPE == TEST_SIGFPE && SIGSEGV == TEST_SIGSEGV && SIGSYS == TEST_SIGSYS,
               "Linux x86-64 signal numbers");

#define HIDDEN __attribute__((visibility("hidden")))

HIDDEN NativeImage native_image;
HIDDEN void native_enter(void);
HIDDEN void native_enter64(void);
HIDDEN void native_enter32(void);
HIDDEN void native_resume(void);
HIDDEN void native_signal_entry(int sig, siginfo_t *si, void *uc);
HIDDEN void native_on_signal(int sig, siginfo_t *si, void *uc);

/*
 * The hand-off. The caller writes req and bumps seq; the server runs it,
 * writes res and status and sets done = seq. Each side spins on the other's
 * counter for up to SPIN_NS: on two cores a case then changes hands in
 * about a microsecond, where a wake-up through the kernel costs tens (far
 * more in a VM). After that it sleeps in recv/poll on the socket pair,
 * having raised its *_asleep flag, and the other side sends one byte when
 * it sees the flag. Flags and counters are seq_cst on both sides, so either
 * the sleeper sees the counter move or the mover sees the flag; a byte that
 * was not needed is just read and ignored. The socket also tells the
 * caller when the server has died (end of file).
 */
typedef struct NativeShared {
    _Atomic uint32_t seq;
    _Atomic uint32_t done;
    _Atomic int caller_asleep;
    _Atomic int server_asleep;
    int status;             /* server set-up, then per case: 0 or -errno */
    TestCase req;
    TestResult res;
} NativeShared;

#define SPIN_NS 100000

/* FXSAVE layout (SDM vol. 1, table 10-2). */
enum {
    FX_FCW = 0, FX_FSW = 2, FX_FTW = 4, FX_MXCSR = 24, FX_MXCSR_MASK = 28,
    FX_ST = 32, FX_XMM = 160,
};

#define FSW_TOP_SHIFT 11
#define FSW_TOP       (7u << FSW_TOP_SHIFT)
#define USER_VA_END   ((UINT64_C(1) << 47) - 4096)  /* arch_prctl refuses bases above */
#define USER32_CS     0x23      /* Linux's __USER32_CS: a 32-bit code segment, DPL 3 */

static const int gregs_index[TEST_NGPR] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS };

/* ---------------------------------------------------------------------------
 * Server side. */

static NativeShared *shared;        /* both sides */
static uint8_t *code_rw;            /* the code page's writable alias */
static uint64_t terminator;         /* address of the int3 past the code */
static volatile sig_atomic_t running;

static void fx_build(uint8_t *fx, const TestState *s)
{
    uint16_t fsw = (uint16_t)(s->x87.fsw | s->x87.top << FSW_TOP_SHIFT);

    memset(fx, 0, 512);
    memcpy(fx + FX_FCW, &s->x87.fcw, 2);
    memcpy(fx + FX_FSW, &fsw, 2);
    fx[FX_FTW] = s->x87.ftw;
    memcpy(fx + FX_MXCSR, &s->mxcsr, 4);
    for (int i = 0; i < 8; i++)     /* FXSAVE keeps ST(i), the state keeps Ri */
        memcpy(fx + FX_ST + 16 * i, s->x87.regs[(s->x87.top + i) & 7], 10);
    memcpy(fx + FX_XMM, s->xmm, sizeof(s->xmm));
}

static void fx_capture(TestState *s, const uint8_t *fx)
{
    uint16_t fsw;

    memcpy(&s->x87.fcw, fx + FX_FCW, 2);
    memcpy(&fsw, fx + FX_FSW, 2);
    s->x87.fsw = fsw & (uint16_t)~FSW_TOP;
    s->x87.top = (fsw & FSW_TOP) >> FSW_TOP_SHIFT;
    s->x87.ftw = fx[FX_FTW];
    memcpy(&s->mxcsr, fx + FX_MXCSR, 4);
    for (int i = 0; i < 8; i++)
        memcpy(s->x87.regs[(s->x87.top + i) & 7], fx + FX_ST + 16 * i, 10);
    memcpy(s->xmm, fx + FX_XMM, sizeof(s->xmm));
}

void native_on_signal(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *gr = uc->uc_mcontext.gregs;
    TestState *s = &shared->res.state;
    TestFault *f = &shared->res.fault;
    uint64_t rip = (uint64_t)gr[REG_RIP];

    if (!running) {
        /* The harness itself faulted: die of it; the parent sees -EIO. */
        struct sigaction dfl = { .sa_handler = SIG_DFL };

        sigaction(sig, &dfl, NULL);
        return;
    }
    running = 0;

    for (int i = 0; i < TEST_NGPR; i++)
        s->gpr[i] = (uint64_t)gr[gregs_index[i]];
    s->rip = rip;
    s->rflags = ((uint64_t)gr[REG_EFL] & TEST_FLAGS_ALL) | TEST_RFLAGS_FIXED | TEST_IF;
    s->fs_base = native_image.guest_fs_base;
    s->gs_base = native_image.guest_gs_base;
    if (uc->uc_mcontext.fpregs)
        fx_capture(s, (const uint8_t *)uc->uc_mcontext.fpregs);
    memcpy(s->mem, (void *)(uintptr_t)TEST_DATA_ADDR, TEST_DATA_SIZE);

    if (sig == SIGTRAP && gr[REG_TRAPNO] == TEST_VEC_BP && rip == terminator + 1) {
        s->rip = terminator;
        f->vector = TEST_VEC_NONE;
    } else {
        f->signal = sig;
        f->vector = sig == SIGSYS ? TEST_VEC_NONE : (int)gr[REG_TRAPNO];
        f->si_code = si->si_code;
        f->addr = (uint64_t)(uintptr_t)si->si_addr;
        f->rip = rip;
        f->error_code = (uint64_t)gr[REG_ERR];
    }

    /*
     * Return into native_resume on the server's stack, flags clean, in
     * 64-bit mode even if the case far-jumped to a 32-bit code segment.
     * REG_CSGSFS packs cs, gs, fs, ss in its four 16-bit quarters.
     */
    gr[REG_RIP] = (greg_t)(uintptr_t)native_resume;
    gr[REG_RSP] = (greg_t)native_image.host_rsp;
    gr[REG_EFL] = TEST_RFLAGS_FIXED | TEST_IF;
    gr[REG_CSGSFS] = (greg_t)(((uint64_t)gr[REG_CSGSFS] & UINT64_C(0x0000ffffffff0000)) |
                              native_image.host_cs | (uint64_t)native_image.host_ss << 48);
}

static int run_case(const TestCase *tc, TestResult *res)
{
    const TestState *s = &tc->init;

    memset(res, 0, sizeof(*res));
    memcpy((void *)(uintptr_t)TEST_DATA_ADDR, s->mem, TEST_DATA_SIZE);
    memset(code_rw, 0xcc, TEST_CODE_SIZE);
    memcpy(code_rw, tc->code, tc->code_len);
    terminator = TEST_CODE_ADDR + tc->code_len;

    memcpy(native_image.gpr, s->gpr, sizeof(s->gpr));
    native_image.rflags = (s->rflags & TEST_FLAGS_ALL) | TEST_RFLAGS_FIXED;
    native_image.fs_base = s->fs_base;
    native_image.gs_base = s->gs_base;
    native_image.entry = s->rip;
    native_image.far_entry = (uint32_t)s->rip;
    native_image.far_cs = USER32_CS;
    native_image.entry_stub = (uint64_t)(uintptr_t)(tc->mode == 32 ? native_enter32
                                                                     : native_enter64);
    fx_build(native_image.fxsave, s);

    running = 1;
    native_enter();         /* comes back through native_on_signal */
    return 0;
}

/* Trap every syscall made from the code page (see the top of the file). */
static void sandbox(void)
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, TEST_CODE_ADDR, 0, 2),
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, TEST_CODE_ADDR + TEST_CODE_SIZE, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static int map_fixed(uint64_t addr, int prot, int flags, int fd)
{
    void *p = mmap((void *)(uintptr_t)addr, 4096, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);

    if (p == MAP_FAILED)
        return -errno;
    if (p != (void *)(uintptr_t)addr) {     /* a kernel that ignores the flag */
        munmap(p, 4096);
        return -EEXIST;
    }
    return 0;
}

static int server_setup(pid_t parent)
{
    static uint8_t altstack[64 * 1024] __attribute__((aligned(16)));
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct sigaction sa = { .sa_sigaction = native_signal_entry,
                            .sa_flags = SA_SIGINFO | SA_ONSTACK };
    int fd, r;

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
        return -ECHILD;
    r = map_fixed(TEST_DATA_ADDR, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    if (r < 0)
        return r;
    fd = memfd_create("vireo-native-code", MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (ftruncate(fd, TEST_CODE_SIZE) < 0)
        return -errno;
    r = map_fixed(TEST_CODE_ADDR, PROT_READ | PROT_EXEC, MAP_SHARED, fd);
    if (r < 0)
        return r;
    code_rw = mmap(NULL, TEST_CODE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (code_rw == MAP_FAILED)
        return -errno;
    close(fd);

    if (sigaltstack(&ss, NULL) < 0)
        return -errno;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]); i++) {
        if (sigaction(fault_signals[i], &sa, NULL) < 0)
            return -errno;
    }
    if (syscall(SYS_arch_prctl, ARCH_GET_FS, &native_image.host_fs_base) < 0 ||
        syscall(SYS_arch_prctl, ARCH_GET_GS, &native_image.host_gs_base) < 0)
        return -errno;
    sandbox();
    return 0;
}

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Spin while *counter == old, for at most SPIN_NS. True if it moved. After
 * a short busy phase it yields, so that where both sides share one CPU the
 * other one gets to run.
 */
static bool spin_while(_Atomic uint32_t *counter, uint32_t old)
{
    uint64_t end = now_ns() + SPIN_NS;

    for (unsigned i = 1; atomic_load(counter) == old; i++) {
        if (i < 64) {
            __builtin_ia32_pause();
            continue;
        }
        sched_yield();
        if (now_ns() > end)
            return false;
    }
    return true;
}

/* Publish a finished case (or the set-up) and wake a sleeping caller. */
static void server_done(int sock, uint32_t seq)
{
    char c = 0;

    atomic_store(&shared->done, seq);
    if (atomic_load(&shared->caller_asleep) && send(sock, &c, 1, MSG_NOSIGNAL) != 1)
        _exit(0);
}

static void __attribute__((noreturn)) server_main(int sock, pid_t parent)
{
    uint32_t seq = atomic_load(&shared->seq);
    char c;

    shared->status = server_setup(parent);
    server_done(sock, seq);
    if (shared->status)
        _exit(1);
    for (;;) {
        if (!spin_while(&shared->seq, seq)) {
            atomic_store(&shared->server_asleep, 1);
            while (atomic_load(&shared->seq) == seq) {
                if (recv(sock, &c, 1, 0) != 1)
                    _exit(0);       /* the caller has gone */
            }
            atomic_store(&shared->server_asleep, 0);
        }
        seq = atomic_load(&shared->seq);
        shared->status = run_case(&shared->req, &shared->res);
        server_done(sock, seq);
    }
}

/* ---------------------------------------------------------------------------
 * Caller side. */

static pid_t server_pid;
static int server_sock = -1;
static int timeout_ms = NATIVE_TIMEOUT_MS;

void native_set_timeout(int ms)
{
    timeout_ms = ms > 0 ? ms : NATIVE_TIMEOUT_MS;
}

void native_close(void)
{
    if (server_pid > 0) {
        kill(server_pid, SIGKILL);
        while (waitpid(server_pid, NULL, 0) < 0 && errno == EINTR)
            continue;
    }
    if (server_sock >= 0)
        close(server_sock);
    server_pid = 0;
    server_sock = -1;
}

/* Wait for done to move past old: 0, -ETIMEDOUT, or -EIO if the server died. */
static int server_wait(uint32_t old, int ms)
{
    uint64_t deadline;
    int r = 0;

    if (spin_while(&shared->done, old))
        return 0;
    deadline = now_ns() + (uint64_t)ms * 1000000u;
    atomic_store(&shared->caller_asleep, 1);
    while (atomic_load(&shared->done) == old) {
        struct pollfd p = { .fd = server_sock, .events = POLLIN };
        uint64_t now = now_ns();
        char c;
        int n;

        if (now >= deadline) {
            r = -ETIMEDOUT;
            break;
        }
        n = poll(&p, 1, (int)((deadline - now + 999999) / 1000000));
        if (n < 0 && errno != EINTR) {
            r = -errno;
            break;
        }
        if (n > 0 && recv(server_sock, &c, 1, MSG_DONTWAIT) == 0) {
            r = -EIO;               /* end of file: the server died */
            break;
        }
    }
    atomic_store(&shared->caller_asleep, 0);
    return r;
}

static int server_start(void)
{
    pid_t parent = getpid();
    int sv[2], r;

    if (!shared) {
        void *p = mmap(NULL, sizeof(NativeShared), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

        if (p == MAP_FAILED)
            return -errno;
        shared = p;
    }
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return -errno;
    shared->seq = 1;        /* the server's set-up counts as case 1 */
    shared->done = 0;
    shared->caller_asleep = shared->server_asleep = 0;
    server_pid = fork();
    if (server_pid < 0) {
        r = -errno;
        server_pid = 0;
        close(sv[0]);
        close(sv[1]);
        return r;
    }
    if (server_pid == 0) {
        close(sv[0]);
        server_main(sv[1], parent);
    }
    close(sv[1]);
    server_sock = sv[0];
    r = server_wait(0, 10 * NATIVE_TIMEOUT_MS);
    if (r == 0)
        r = shared->status;
    if (r < 0)
        native_close();
    return r;
}

static int validate(const TestCase *tc)
{
    const TestState *s = &tc->init;

    if (tc->code_len > TEST_CODE_MAX ||
        s->rip < TEST_CODE_ADDR || s->rip > TEST_CODE_ADDR + tc->code_len)
        return -EINVAL;
    if (s->rflags & ~(uint64_t)(TEST_FLAGS_ALL | TEST_RFLAGS_FIXED | TEST_IF))
        return -EINVAL;
    if (s->mxcsr > 0xffff || s->x87.top > 7 || (s->x87.fsw & FSW_TOP))
        return -EINVAL;
    if (s->fs_base >= USER_VA_END || s->gs_base >= USER_VA_END)
        return -EINVAL;
    if (tc->mode != 64 && tc->mode != 32)
        return -EINVAL;
    return 0;
}

int native_run(const TestCase *tc, TestResult *out)
{
    uint32_t old;
    char c = 0;
    int r = validate(tc);

    if (r < 0)
        return r;
    if (!server_pid && (r = server_start()) < 0)
        return r;
    memcpy(&shared->req, tc, sizeof(*tc));
    old = atomic_fetch_add(&shared->seq, 1);
    if (atomic_load(&shared->server_asleep) && send(server_sock, &c, 1, MSG_NOSIGNAL) != 1) {
        native_close();
        return -EIO;
    }
    r = server_wait(old, timeout_ms);
    if (r < 0) {
        native_close();
        return r;
    }
    if (shared->status < 0)
        return shared->status;
    memcpy(out, &shared->res, sizeof(*out));
    return 0;
}
