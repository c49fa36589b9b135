/*
 * vireo-x86_64: runs static x86-64 Linux programs on any host.
 *   vireo-x86_64 [-L SYSROOT] [-strace] PROGRAM [ARGS...]
 * The program is loaded into a guest address space of its own (mmap.c,
 * elf.c), given the stack Linux would give it, and run on the CPU core:
 * SYSCALL leaves cpu_exec() with EXCP_SYSCALL and is served here
 * (syscall.c); any other exception becomes the signal Linux would send
 * (signal.c), which a guest handler may catch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cpu/x86/cc.h"
#include "cpu/x86/cpuid.h"
#include "cpu/x86/helper-xsave.h"
#include "cpu/x86/seg.h"
#include "cpu/x86/x86-tcg.h"
#include "system/error.h"
#include "system/log.h"
#include "tcg/softmmu.h"
#include "user/user.h"

extern char **environ;

/* Linux's signal numbers (asm-generic/signal.h): the guest's, not the host's. */
enum { L_SIGILL = 4, L_SIGTRAP = 5, L_SIGBUS = 7, L_SIGFPE = 8, L_SIGSEGV = 11 };

/* Auxiliary vector types (uapi/linux/auxvec.h). */
enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
    AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
    AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25,
};

static void usage(void)
{
    printf("usage: vireo-x86_64 [-L SYSROOT] [-strace] [-d ITEMS] [-D FILE] PROGRAM [ARGS...]\n"
           "Runs an x86-64 Linux program: static, or dynamic with -L.\n"
           "  -L SYSROOT look up absolute paths (ld.so, libraries) under SYSROOT first\n"
           "  -strace    print each system call and its result on stderr\n"
           "  -argv0 NAME  give the program NAME as argv[0] (execve uses it)\n"
           "  -d ITEMS   log ITEMS (in_asm,op,out_asm,exec,...; -d help lists them)\n"
           "  -D FILE    write the log to FILE, not stderr\n"
           "  -version   print the version and exit\n");
}

/* Push a string on the guest stack; returns its guest address. */
static uint64_t push_str(uint64_t *sp, const char *s)
{
    size_t n = strlen(s) + 1;

    *sp -= n;
    user_poke(*sp, s, n);
    return *sp;
}

/* Store one little-endian word at guest address w; returns the next. */
static uint64_t put_word(uint64_t w, uint64_t v)
{
    uint8_t b[8];

    stn_le_p(b, 8, v);
    user_poke(w, b, 8);
    return w + 8;
}

/*
 * The initial stack of the SysV x86-64 ABI (3.4.1): argc at rsp (16-byte
 * aligned), then argv, NULL, envp, NULL, the auxiliary vector; the strings
 * and AT_RANDOM's bytes above them.
 */
static int setup_stack(CPUX86State *env, const UserImage *img, int argc, char **argv)
{
    uint64_t sp = USER_STACK_TOP, platform, random, *argp, *envp, words, w;
    uint8_t rnd[16];
    int envc = 0;
    uint32_t cpuid[4];

    if (user_mmap(USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE,
                  PAGE_READ | PAGE_WRITE, true) < 0)
        return -1;
    while (environ[envc])
        envc++;
    argp = calloc((size_t)argc + 1, sizeof(*argp));
    envp = calloc((size_t)envc + 1, sizeof(*envp));
    if (!argp || !envp) {
        free(argp);
        free(envp);
        return -1;
    }
    sp -= 8;                                /* a NUL word at the very top */
    platform = push_str(&sp, "x86_64");
    if (getentropy(rnd, sizeof(rnd)) < 0)
        memset(rnd, 0x5a, sizeof(rnd));
    sp -= sizeof(rnd);
    random = sp;
    user_poke(sp, rnd, sizeof(rnd));
    for (int i = envc; i-- > 0;)
        envp[i] = push_str(&sp, environ[i]);
    for (int i = argc; i-- > 0;)
        argp[i] = push_str(&sp, argv[i]);
    sp &= ~15ull;

    x86_cpuid(env, 1, 0, cpuid);
    {
        const uint64_t auxv[] = {
            AT_PHDR, img->phdr, AT_PHENT, img->phent, AT_PHNUM, img->phnum,
            AT_PAGESZ, USER_PAGE_SIZE, AT_BASE, img->base, AT_FLAGS, 0, AT_ENTRY, img->entry,
            AT_UID, getuid(), AT_EUID, geteuid(), AT_GID, getgid(), AT_EGID, getegid(),
            AT_SECURE, 0, AT_RANDOM, random, AT_HWCAP, cpuid[3], AT_CLKTCK, 100,
            AT_PLATFORM, platform, AT_NULL, 0,
        };
        size_t naux = sizeof(auxv) / sizeof(auxv[0]);

        words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + naux;
        sp -= 8 * words;
        sp &= ~15ull;
        w = sp;
        w = put_word(w, (uint64_t)argc);
        for (int i = 0; i < argc; i++)
            w = put_word(w, argp[i]);
        w = put_word(w, 0);
        for (int i = 0; i < envc; i++)
            w = put_word(w, envp[i]);
        w = put_word(w, 0);
        for (size_t i = 0; i < naux; i++)
            w = put_word(w, auxv[i]);
    }
    free(argp);
    free(envp);
    env->regs[R_ESP] = sp;
    return 0;
}

static CPUX86State *cpu_new(void)
{
    CPUX86State *env = calloc(1, sizeof(*env));

    if (!env)
        return NULL;
    env->common.ops = &user_vcpu_ops;
    env->common.address_space = user_as();
    if (vcpu_register(&env->common) < 0) {
        free(env);
        return NULL;
    }
    env->model = x86_cpu_model_find("max");
    /* As Linux leaves a process: SSE on, XSAVE enabled for every component
     * the model has (x87 and SSE; no AVX, so libc takes its SSE paths). */
    env->cr[4] = CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE;
    env->xcr0 = x86_xcr0_supported(env);
    env->hflags = 3 | HF_CS64 | HF_LMA | HF_PE | HF_CS32 | HF_SS32 | HF_OSFXSR | HF_OSXSAVE |
                  HF_USER_MODE;
    env->eflags = 0x202;
    env->df = 1;
    env->cc_op = CC_OP_EFLAGS;
    env->mxcsr = 0x1f80;
    env->fpuc = 0x37f;
    for (int i = 0; i < 8; i++)
        env->fptags[i] = 1;
    /* Linux's __USER_CS and __USER_DS selectors, flat. */
    env->segs[R_CS].selector = 0x33;
    env->segs[R_SS].selector = env->segs[R_DS].selector = env->segs[R_ES].selector = 0x2b;
    return env;
}

/* The signal Linux sends for a CPU exception in user mode; prints why. */
static int fault_signal(CPUX86State *env, int excp)
{
    static const struct { int excp, sig; const char *name; } map[] = {
        { EXCP_DE, L_SIGFPE, "SIGFPE" }, { EXCP_UD, L_SIGILL, "SIGILL" },
        { EXCP_BP, L_SIGTRAP, "SIGTRAP" }, { EXCP_SS, L_SIGBUS, "SIGBUS" },
        { EXCP_AC, L_SIGBUS, "SIGBUS" }, { EXCP_MF, L_SIGFPE, "SIGFPE" },
        { EXCP_XM, L_SIGFPE, "SIGFPE" }, { EXCP_PF, L_SIGSEGV, "SIGSEGV" },
    };
    int sig = L_SIGSEGV;
    const char *name = "SIGSEGV";

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i].excp == excp) {
            sig = map[i].sig;
            name = map[i].name;
        }
    fflush(stdout);
    if (excp == EXCP_PF)
        fprintf(stderr, "vireo-x86_64: guest %s at rip 0x%llx, address 0x%llx\n", name,
                (unsigned long long)env->rip, (unsigned long long)env->cr[2]);
    else
        fprintf(stderr, "vireo-x86_64: guest %s at rip 0x%llx (exception %d)\n", name,
                (unsigned long long)env->rip, excp);
    return sig;
}

int main(int argc, char **argv)
{
    CPUX86State *env;
    UserImage img;
    char *argv0 = NULL;
    int i = 1;

    error_set_progname("vireo-x86_64");
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-version") || !strcmp(argv[i], "--version")) {
            printf("vireo-x86_64 version %s\n", VIREO_VERSION);
            return 0;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "-help") ||
                   !strcmp(argv[i], "--help")) {
            usage();
            return 0;
        } else if (!strcmp(argv[i], "-strace")) {
            user_strace = true;
        } else if (!strcmp(argv[i], "-L") && i + 1 < argc) {
            user_sysroot = argv[++i];
        } else if (!strcmp(argv[i], "-argv0") && i + 1 < argc) {
            argv0 = argv[++i];      /* execve's argv[0], when it is not PROGRAM */
        } else if (!strcmp(argv[i], "-d") && i + 1 < argc) {
            bool help = false;
            long mask = log_parse_mask(argv[++i], &help);

            if (mask < 0)
                return 1;
            if (help)
                return 0;
            log_mask = (unsigned)mask;
        } else if (!strcmp(argv[i], "-D") && i + 1 < argc) {
            int ret = log_set_file(argv[++i]);

            if (ret < 0) {
                error_report("Could not open '%s': %s", argv[i], strerror(-ret));
                return 1;
            }
        } else {
            error_report("%s: invalid option", argv[i]);
            return 1;
        }
    }
    if (i == argc) {
        error_report("no program to run (try -h)");
        return 1;
    }
    user_exe_path = argv[i];
    if (user_mem_init() < 0 || !(env = cpu_new())) {
        error_report("cannot allocate memory");
        return 1;
    }
    if (user_elf_load(argv[i], &img) < 0)
        return 1;
    if (argv0)
        argv[i] = argv0;
    if (user_brk_init(img.brk) < 0 || setup_stack(env, &img, argc - i, argv + i) < 0) {
        error_report("%s: cannot allocate memory", argv[i]);
        return 1;
    }
    env->rip = img.start;
    env->regs[R_EDX] = 0;       /* no rtld_fini: nothing for atexit */
    user_signal_init(env);
    user_thread_main(env);
    user_cpu_loop(env);
}

_Noreturn void user_cpu_loop(CPUX86State *env)
{
    for (;;) {
        int excp;

        /* A read section around the run: RAM another thread unmaps stays
         * allocated while this vCPU's TLB may still point at it (mmap.c). */
        memory_read_lock();
        excp = cpu_exec(&env->common, &x86_tcg_ops);
        memory_read_unlock();
        if (excp == EXCP_SYSCALL) {
            /* SYSCALL leaves the return address in rcx and rflags in r11 (SDM). */
            env->regs[R_ECX] = env->rip;
            env->regs[R_R11] = x86_get_eflags(env);
            user_syscall(env);
        } else if (excp != EXCP_INTERRUPT && excp != EXCP_EXIT_REQUEST &&
                   !user_signal_fault(env, excp)) {
            user_exit_process(128 + fault_signal(env, excp));
        }
        user_signal_deliver(env);
    }
}
