/*
 * The native runner's entry into a test case and its way back (x86-64
 * Linux). See native-x86_64.c for the whole design; the layout of
 * native_image is checked there against the offsets below.
 *
 *   native_enter         called from C: saves the host's callee-saved
 *                        registers and stack, sets FS/GS base, loads x87,
 *                        SSE, RFLAGS and every GPR from native_image and
 *                        jumps to the case through native_enter64 or
 *                        native_enter32. It never returns by itself.
 *   native_signal_entry  the SA_SIGINFO handler (on the alternate stack):
 *                        records the case's FS/GS base, gives back the
 *                        host's (glibc's TLS lives in FS), and tail-calls
 *                        native_on_signal, which captures the state and
 *                        points the signal context at native_resume.
 *   native_resume        reached by sigreturn: restores the host's FPU
 *                        control and callee-saved registers and returns
 *                        from native_enter.
 */
#include <asm/prctl.h>
#include <asm/unistd.h>

#define IMG(off)        off+native_image(%rip)
#define IMG_GPR(n)      IMG(8 * (n))
#define IMG_RFLAGS      IMG(0x80)
#define IMG_FS_BASE     IMG(0x88)
#define IMG_GS_BASE     IMG(0x90)
#define IMG_ENTRY       IMG(0x98)
#define IMG_HOST_RSP    IMG(0xa0)
#define IMG_HOST_FS     IMG(0xa8)
#define IMG_HOST_GS     IMG(0xb0)
#define IMG_GUEST_FS    0xb8+native_image
#define IMG_GUEST_GS    0xc0+native_image
#define IMG_HOST_MXCSR  IMG(0xc8)
#define IMG_HOST_FCW    IMG(0xcc)
#define IMG_HOST_CS     IMG(0xce)
#define IMG_HOST_SS     IMG(0xd0)
#define IMG_ENTRY_STUB  IMG(0xd8)
#define IMG_FAR_ENTRY   IMG(0xe0)
#define IMG_FXSAVE      IMG(0x100)

/* arch_prctl(code, arg) as a raw syscall: clobbers rax, rcx, r11, rdi, rsi. */
#define ARCH_PRCTL_SET(code, src) \
        mov $__NR_arch_prctl, %eax; mov $code, %edi; mov src, %rsi; syscall
#define ARCH_PRCTL_GET(code, dst) \
        mov $__NR_arch_prctl, %eax; mov $code, %edi; lea dst(%rip), %rsi; syscall

        .text

        .globl native_enter
        .hidden native_enter
        .type native_enter, @function
native_enter:
        push %rbx
        push %rbp
        push %r12
        push %r13
        push %r14
        push %r15
        mov %rsp, IMG_HOST_RSP
        stmxcsr IMG_HOST_MXCSR
        fnstcw IMG_HOST_FCW
        movw %cs, IMG_HOST_CS
        movw %ss, IMG_HOST_SS
        /* Flat DS and ES, the user data segment SS holds: compatibility
         * mode faults on a null one; 64-bit mode ignores them. */
        mov %ss, %eax
        mov %eax, %ds
        mov %eax, %es
        ARCH_PRCTL_SET(ARCH_SET_FS, IMG_FS_BASE)
        ARCH_PRCTL_SET(ARCH_SET_GS, IMG_GS_BASE)
        /* From here on no TLS, no libc: only RIP-relative loads. */
        fxrstor64 IMG_FXSAVE
        /* RFLAGS goes through the host stack, before rsp is replaced; the
         * movs that follow leave the flags alone. */
        pushq IMG_RFLAGS
        popfq
        mov IMG_GPR(0), %rax
        mov IMG_GPR(1), %rcx
        mov IMG_GPR(2), %rdx
        mov IMG_GPR(3), %rbx
        mov IMG_GPR(5), %rbp
        mov IMG_GPR(6), %rsi
        mov IMG_GPR(7), %rdi
        mov IMG_GPR(8), %r8
        mov IMG_GPR(9), %r9
        mov IMG_GPR(10), %r10
        mov IMG_GPR(11), %r11
        mov IMG_GPR(12), %r12
        mov IMG_GPR(13), %r13
        mov IMG_GPR(14), %r14
        mov IMG_GPR(15), %r15
        mov IMG_GPR(4), %rsp
        jmp *IMG_ENTRY_STUB
        .size native_enter, .-native_enter

        /* The two ways into the case, chosen by the C code: no compare
         * here, the case's flags are already loaded. */
        .globl native_enter64
        .hidden native_enter64
        .type native_enter64, @function
native_enter64:
        jmp *IMG_ENTRY
        .size native_enter64, .-native_enter64

        .globl native_enter32
        .hidden native_enter32
        .type native_enter32, @function
native_enter32:
        ljmpl *IMG_FAR_ENTRY            /* m16:32: 32-bit offset, CS 0x23 */
        .size native_enter32, .-native_enter32

        .globl native_signal_entry
        .hidden native_signal_entry
        .type native_signal_entry, @function
native_signal_entry:
        /* The kernel clears DF and TF for a handler; a case may leave AC
         * set, which would make the C code below fault on misalignment. */
        cld
        pushfq
        andq $~0x40000, (%rsp)
        popfq
        push %rdi
        push %rsi
        push %rdx
        ARCH_PRCTL_GET(ARCH_GET_FS, IMG_GUEST_FS)
        ARCH_PRCTL_GET(ARCH_GET_GS, IMG_GUEST_GS)
        ARCH_PRCTL_SET(ARCH_SET_FS, IMG_HOST_FS)
        ARCH_PRCTL_SET(ARCH_SET_GS, IMG_HOST_GS)
        pop %rdx
        pop %rsi
        pop %rdi
        jmp native_on_signal
        .size native_signal_entry, .-native_signal_entry

        .globl native_resume
        .hidden native_resume
        .type native_resume, @function
native_resume:
        /* sigreturn left the case's x87/SSE state loaded: give the C ABI
         * an empty x87 stack and the host's control words back. */
        fninit
        fldcw IMG_HOST_FCW
        ldmxcsr IMG_HOST_MXCSR
        pop %r15
        pop %r14
        pop %r13
        pop %r12
        pop %rbp
        pop %rbx
        ret
        .size native_resume, .-native_resume

        .section .note.GNU-stack,"",@progbits
