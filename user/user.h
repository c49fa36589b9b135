/*
 * vireo-x86_64 internals: the guest address space (mmap.c), the ELF loader
 * (elf.c) and the system calls (syscall.c), driven by the run loop in main.c.
 * Guest addresses are guest physical addresses too: each mapping is a RAM
 * region placed at its guest address, and the guest never sees a host pointer.
 */
#ifndef USER_USER_H
#define USER_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/x86/cpu.h"
#include "system/memory.h"

#define USER_PAGE_SIZE 4096ull
#define USER_PAGE_ALIGN(x) (((x) + USER_PAGE_SIZE - 1) & ~(USER_PAGE_SIZE - 1))
#define USER_PAGE_TRUNC(x) ((x) & ~(USER_PAGE_SIZE - 1))

/* The top of the user half, and the initial stack just below it. */
#define USER_STACK_TOP  0x7ffffffff000ull
#define USER_STACK_SIZE (8ull << 20)

/* ---- mmap.c: the guest address space ----------------------------------- */

int user_mem_init(void);
AddressSpace *user_as(void);
extern const VCPUOps user_vcpu_ops;

/*
 * Map len bytes of fresh zeroed memory with guest protection prot (PAGE_*).
 * fixed: exactly at addr, replacing what is there; otherwise anywhere free
 * (addr is ignored). Returns the guest address or a negative errno.
 */
int64_t user_mmap(uint64_t addr, uint64_t len, int prot, bool fixed);
int user_munmap(uint64_t addr, uint64_t len);
int user_mprotect(uint64_t addr, uint64_t len, int prot);
/* Set up the heap after the program image; user_brk(0) asks where it ends. */
int user_brk_init(uint64_t start);
uint64_t user_brk(uint64_t newbrk);

/*
 * The host address of the aligned 32-bit guest word at addr, mapped with at
 * least prot, or NULL: for futexes, which the host kernel waits on.
 */
void *user_host_word(uint64_t addr, int prot);
/* Is every byte of [addr, addr+len) mapped with at least prot? */
bool user_access_ok(uint64_t addr, uint64_t len, int prot);
/* Guest memory as the guest may access it: 0 or -EFAULT. */
int user_read(uint64_t addr, void *buf, size_t len);
int user_write(uint64_t addr, const void *buf, size_t len);
/* The same, ignoring guest protections (the loader filling read-only text). */
int user_poke(uint64_t addr, const void *buf, size_t len);
/* A NUL-terminated guest string into buf: its length, -EFAULT, -ENAMETOOLONG. */
int user_read_str(uint64_t addr, char *buf, size_t size);

/* ---- elf.c: the ELF loader --------------------------------------------- */

typedef struct UserImage {
    uint64_t entry;                 /* the program's (AT_ENTRY) */
    uint64_t phdr, phent, phnum;    /* for the auxiliary vector */
    uint64_t brk;                   /* end of the highest segment */
    uint64_t base;                  /* the interpreter's load bias (AT_BASE), or 0 */
    uint64_t start;                 /* where the first instruction is: entry or ld.so's */
} UserImage;

/*
 * Load path, and its PT_INTERP from user_sysroot when it has one; on error
 * report "PROGRAM: why" and return a negative value.
 */
int user_elf_load(const char *path, UserImage *img);

/* ---- path.c: -L SYSROOT ------------------------------------------------- */

#define USER_PATH_MAX 4096
/* -L: where the guest's absolute paths are looked up first; NULL: none. */
extern const char *user_sysroot;
/* Rewrite the guest path in place (size bytes) to its sysroot copy when one exists; 0. */
int user_path_map(char *path, size_t size);

/* ---- syscall.c -------------------------------------------------------- */

extern bool user_strace;
extern const char *user_exe_path;       /* what /proc/self/exe reads as */

/* Run system call env->regs[R_EAX] and put its result in rax. */
void user_syscall(CPUX86State *env);

/*
 * ---- syscall-proc.c and syscall-fs.c: handlers for syscall.c's table ----
 * Each gets the six argument registers and returns the result or a
 * negative host errno.
 */
int64_t sys_fork(CPUX86State *env, const uint64_t *a);
int64_t sys_clone(CPUX86State *env, const uint64_t *a);
int64_t sys_execve(CPUX86State *env, const uint64_t *a);
int64_t sys_wait4(CPUX86State *env, const uint64_t *a);
int64_t sys_kill(CPUX86State *env, const uint64_t *a);
int64_t sys_getppid(CPUX86State *env, const uint64_t *a);
int64_t sys_getpgrp(CPUX86State *env, const uint64_t *a);
int64_t sys_setpgid(CPUX86State *env, const uint64_t *a);
int64_t sys_getpgid(CPUX86State *env, const uint64_t *a);
int64_t sys_setsid(CPUX86State *env, const uint64_t *a);
int64_t sys_getrusage(CPUX86State *env, const uint64_t *a);
int64_t sys_times(CPUX86State *env, const uint64_t *a);
int64_t sys_nanosleep(CPUX86State *env, const uint64_t *a);
int64_t sys_clock_nanosleep(CPUX86State *env, const uint64_t *a);
int64_t sys_sched_yield(CPUX86State *env, const uint64_t *a);
int64_t sys_sched_getaffinity(CPUX86State *env, const uint64_t *a);
int64_t sys_prctl(CPUX86State *env, const uint64_t *a);
int64_t sys_sysinfo(CPUX86State *env, const uint64_t *a);

int64_t sys_pipe(CPUX86State *env, const uint64_t *a);
int64_t sys_pipe2(CPUX86State *env, const uint64_t *a);
int64_t sys_dup(CPUX86State *env, const uint64_t *a);
int64_t sys_dup2(CPUX86State *env, const uint64_t *a);
int64_t sys_dup3(CPUX86State *env, const uint64_t *a);
int64_t sys_fcntl(CPUX86State *env, const uint64_t *a);
int64_t sys_getdents64(CPUX86State *env, const uint64_t *a);
int64_t sys_chdir(CPUX86State *env, const uint64_t *a);
int64_t sys_fchdir(CPUX86State *env, const uint64_t *a);
int64_t sys_mkdir(CPUX86State *env, const uint64_t *a);
int64_t sys_mkdirat(CPUX86State *env, const uint64_t *a);
int64_t sys_rmdir(CPUX86State *env, const uint64_t *a);
int64_t sys_unlink(CPUX86State *env, const uint64_t *a);
int64_t sys_unlinkat(CPUX86State *env, const uint64_t *a);
int64_t sys_rename(CPUX86State *env, const uint64_t *a);
int64_t sys_renameat(CPUX86State *env, const uint64_t *a);
int64_t sys_umask(CPUX86State *env, const uint64_t *a);
int64_t sys_chmod(CPUX86State *env, const uint64_t *a);
int64_t sys_fchmod(CPUX86State *env, const uint64_t *a);
int64_t sys_fchown(CPUX86State *env, const uint64_t *a);
int64_t sys_faccessat(CPUX86State *env, const uint64_t *a);
int64_t sys_truncate(CPUX86State *env, const uint64_t *a);
int64_t sys_ftruncate(CPUX86State *env, const uint64_t *a);
int64_t sys_fsync(CPUX86State *env, const uint64_t *a);
int64_t sys_sync(CPUX86State *env, const uint64_t *a);
int64_t sys_utimensat(CPUX86State *env, const uint64_t *a);
int64_t sys_statfs(CPUX86State *env, const uint64_t *a);
int64_t sys_fstatfs(CPUX86State *env, const uint64_t *a);
int64_t sys_poll(CPUX86State *env, const uint64_t *a);
int64_t sys_select(CPUX86State *env, const uint64_t *a);
int64_t sys_pselect6(CPUX86State *env, const uint64_t *a);
int64_t sys_madvise(CPUX86State *env, const uint64_t *a);

/* ---- syscall-misc.c: more handlers for syscall.c's table ------------------ */

int64_t sys_pread64(CPUX86State *env, const uint64_t *a);
int64_t sys_pwrite64(CPUX86State *env, const uint64_t *a);
int64_t sys_fadvise64(CPUX86State *env, const uint64_t *a);
int64_t sys_readlinkat(CPUX86State *env, const uint64_t *a);
int64_t sys_statx(CPUX86State *env, const uint64_t *a);
int64_t sys_getxattr(CPUX86State *env, const uint64_t *a);
int64_t sys_fgetxattr(CPUX86State *env, const uint64_t *a);
int64_t sys_listxattr(CPUX86State *env, const uint64_t *a);

/* ---- thread.c: guest threads -------------------------------------------- */

/* clone flags (uapi/linux/sched.h) */
#define L_CLONE_VM             0x00000100
#define L_CLONE_FS             0x00000200
#define L_CLONE_FILES          0x00000400
#define L_CLONE_SIGHAND        0x00000800
#define L_CLONE_VFORK          0x00004000
#define L_CLONE_THREAD         0x00010000
#define L_CLONE_SETTLS         0x00080000
#define L_CLONE_PARENT_SETTID  0x00100000
#define L_CLONE_CHILD_CLEARTID 0x00200000
#define L_CLONE_CHILD_SETTID   0x01000000

/* The main thread's vCPU, before it first runs. */
void user_thread_main(CPUX86State *env);
/* The calling thread's vCPU (NULL outside guest threads). */
VCPUCommon *user_self(void);
/* A thread for clone(CLONE_VM|CLONE_THREAD...): its tid or a negative errno. */
int64_t user_thread_clone(CPUX86State *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                          uint64_t ctid, uint64_t tls);
int64_t sys_exit(CPUX86State *env, const uint64_t *a);
int64_t sys_set_tid_address(CPUX86State *env, const uint64_t *a);
int64_t sys_gettid(CPUX86State *env, const uint64_t *a);
int64_t sys_futex(CPUX86State *env, const uint64_t *a);

/* main.c: run a vCPU until the process ends (every thread runs this). */
_Noreturn void user_cpu_loop(CPUX86State *env);
/* syscall.c: the whole process ends with status (exit_group, the last exit). */
_Noreturn void user_exit_process(int status);

/* ---- signal.c: guest signals ---------------------------------------------- */

/* Install the host handlers that forward SIGINT, SIGTERM, SIGPIPE, SIGCHLD... */
void user_signal_init(CPUX86State *env);
/* A new thread: its vCPU and the signal mask it inherits (no altstack). */
void user_signal_thread_init(CPUX86State *env, uint64_t mask);
/* The calling thread's signal mask. */
uint64_t user_signal_mask(void);
/* Make Linux signal sig pending (kill to ourselves); code is si_code, pid si_pid. */
void user_signal_queue(int sig, int code, uint32_t pid);
/* Deliver what is pending and not blocked: handler frames, or the default action. */
void user_signal_deliver(CPUX86State *env);
/* CPU exception excp as its synchronous signal: true if a guest handler will
 * run, false if the process must die of it (the caller reports and exits). */
bool user_signal_fault(CPUX86State *env, int excp);
int64_t user_sys_rt_sigaction(CPUX86State *env, const uint64_t *a);
int64_t user_sys_rt_sigprocmask(CPUX86State *env, const uint64_t *a);
int64_t user_sys_rt_sigreturn(CPUX86State *env, const uint64_t *a);
int64_t user_sys_rt_sigpending(CPUX86State *env, const uint64_t *a);
int64_t user_sys_rt_sigsuspend(CPUX86State *env, const uint64_t *a);
int64_t user_sys_sigaltstack(CPUX86State *env, const uint64_t *a);
int64_t user_sys_pause(CPUX86State *env, const uint64_t *a);
int64_t user_sys_tkill(CPUX86State *env, const uint64_t *a);
int64_t user_sys_tgkill(CPUX86State *env, const uint64_t *a);
int64_t user_sys_alarm(CPUX86State *env, const uint64_t *a);

#endif
