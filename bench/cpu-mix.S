/*
 * A fixed integer instruction mix for the translator benchmark: loads and
 * stores, ALU ops, an immediate multiply, a rotate, a data-dependent branch,
 * a conditional move and a call/return pair, 18 instructions per iteration.
 * bench-cpu runs the bytes between mix_begin and mix_end under Vireo; built
 * alone (with _start) it is a static Linux program for qemu-x86_64.
 *   rsi: a 4 KiB data buffer, r8: iteration count
 */
    .text
    .globl mix_begin, mix_end, mix_insns_per_iter
mix_begin:
    jmp     1f
2:  add     %rax, %r11              /* the called function */
    ret
1:  mov     %rcx, %rax
    and     $255, %eax
    mov     (%rsi,%rax,8), %rdx
    add     %rdx, %rbx
    imul    $0x3779b1, %rbx, %rbx
    xor     %rbx, %rdx
    rol     $7, %rdx
    mov     %rdx, 2048(%rsi,%rax,8)
    lea     1(%rcx), %rcx
    test    $1, %dl
    jz      3f
    add     $3, %r9
3:  cmovs   %rdx, %r10
    call    2b
    sub     $1, %r8
    jnz     1b
mix_end:
    ret                             /* standalone: back to _start */

    .section .rodata
mix_insns_per_iter:
    .long   18                      /* the jz is taken half the time: 17.5 counted as 18 */

#ifdef MIX_STANDALONE
    .bss
    .align  4096
buffer:
    .skip   4096
    .text
    .globl  _start
_start:
    /* iterations from argv[1] as a decimal number */
    mov     16(%rsp), %rdi
    xor     %r8, %r8
4:  movzbl  (%rdi), %eax
    sub     $'0', %eax
    cmp     $9, %eax
    ja      5f
    imul    $10, %r8, %r8
    add     %rax, %r8
    inc     %rdi
    jmp     4b
5:  lea     buffer(%rip), %rsi
    xor     %eax, %eax
    xor     %ebx, %ebx
    xor     %ecx, %ecx
    call    mix_begin
    mov     $60, %eax               /* exit(0) */
    xor     %edi, %edi
    syscall
#endif

    .section .note.GNU-stack,"",@progbits
