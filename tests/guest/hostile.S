/*
 * hostile.S: a firmware image that attacks the PC machine from inside
 * (Vireo issue 5, "Must show": a hostile guest cannot crash Vireo).
 *
 * Why -bios and not a boot sector or -kernel: a 64 KiB image given with
 * -bios is mapped at the top of the 4 GiB space (and aliased below 1 MiB),
 * so the CPU's first instruction, at the reset vector 0xfffffff0, is ours.
 * It needs no disk, no SeaBIOS and no boot protocol, and nothing of the
 * machine has been configured by anyone else when it starts. A flat binary
 * given to -kernel is not a bzImage and a boot sector needs SeaBIOS and
 * the IDE model first. Built by scripts/guest-assets.sh (STRICT=0 and 1):
 *   as --32 --defsym STRICT=0 -o hostile.o hostile.S
 *   ld -m elf_i386 -Ttext=0xffff0000 -e _start --oformat binary -o hostile.bin hostile.o
 *
 * It runs in 32-bit protected mode from the high alias 0xffffxxxx (not
 * the 0xf0000 alias, which the i440FX PAM registers can take away), with
 * its GDT, IDT, TSS and state in RAM below 1 MiB, and goes through phases:
 *   1. every I/O port 0x0-0xffff gets garbage from a fixed-seed xorshift32
 *      (an LFSR over GF(2)): outb/inb at every port, outw/inw at even and
 *      outl/inl at 4-aligned ones (see STRICT below), except the ports
 *      that reset the machine or take the A20 line or the PCI memory map
 *      away (0x60, 0x64, 0x92, 0xcf8-0xcff), kept for phase 4;
 *   2. dword garbage to every offset of the PC devices' MMIO ranges: the
 *      VGA window 0xa0000-0xbffff, IO-APIC 0xfec00000, HPET 0xfed00000
 *      and local APIC 0xfee00000 (its ICR included: INIT to self restarts
 *      the CPU at the reset vector, which the restart logic below absorbs);
 *   3. random bytes executed at CPL 3 in a 1 MiB code segment at 0x100000,
 *      with a 1 MiB data and stack segment at 0x200000. Segment limits keep
 *      the code away from the tables (and code that cannot write itself
 *      spares TCG a self-modifying-code storm that made this phase crawl),
 *      IOPL 0 makes cli/hlt/in/out fault, and the local APIC timer preempts
 *      endless loops. Every fault or interrupt enters the same handler,
 *      which resumes at a new random address with random registers,
 *      FAULT_BUDGET times (0xcf bytes are replaced: see STRICT below);
 *   4. the reset ports of phase 1, in rounds (0xcf9 reset control, the
 *      i8042's command/data ports, port 0x92's fast reset and A20 bits),
 *      from a copy of the loop in low RAM;
 *   5. a triple fault: an empty IDT and int3 (#GP, #DF, shutdown).
 * Progress is kept in RAM (STATE_*), which a reset does not clear: after a
 * reset or INIT the image starts over, prints "HOSTILE: restart", skips the
 * item that caused it and goes on. After the triple fault it prints
 * "HOSTILE: done" and halts. An unexpected interrupt or fault in phases 1,
 * 2 and 4 (an NMI sent by the LAPIC garbage, say) is reported as
 * "HOSTILE: vector V" and skips the current item in the same way.
 *
 * What qemu-system-x86_64 7.2 (TCG) does with this image (measured; the
 * whole run takes about 2 s), which tests/functional/pc-hostile.sh checks
 * in the parts that matter (every phase ends, the triple fault resets, the
 * emulator never dies):
 *   - phase 1 runs through; the garbage sent to COM1 shows on the console
 *     as binary noise;
 *   - phase 2 restarts once, at 0xfee0000c ("restart 0x1 phase 0x2 index
 *     0x2140c"): QEMU takes writes to the LAPIC's first 16 bytes for MSI
 *     messages (hw/intc/apic.c, apic_mem_write), and that garbage is an
 *     INIT to the CPU. INIT resets the CPU only, so -no-reboot does not end
 *     QEMU there;
 *   - phase 3 runs its 20000 handler entries without a reset;
 *   - phase 4 resets the machine 36 times (0xcf9, port 0x92 bit 0, i8042
 *     pulses); with -no-reboot the first of them ends QEMU with status 0;
 *   - phase 5's triple fault resets the machine once more and the image
 *     prints "HOSTILE: done: restarts 0x00000026 events 0x00000000 ...".
 * An emulator that answers differently (no INIT from a reserved LAPIC
 * register, say) changes the counts, not the outcome.
 */
        .equ STACK_TOP,      0x80000     /* ring-0 stack, also TSS.esp0 */
        .equ STATE,          0x600       /* survives resets */
        .equ STATE_MAGIC,    STATE + 0
        .equ STATE_PHASE,    STATE + 4
        .equ STATE_INDEX,    STATE + 8   /* next item of the phase */
        .equ STATE_RESTARTS, STATE + 12
        .equ STATE_LFSR,     STATE + 16
        .equ STATE_FAULTS,   STATE + 20  /* handler entries in phase 3 */
        .equ STATE_EVENTS,   STATE + 24  /* handler entries elsewhere */
        .equ MAGIC,          0x54534f48  /* "HOST" */
        .equ SEED,           0x2545f491
        .equ GDT_RAM,        0x800
        .equ TSS,            0x900
        .equ IDT,            0x1000
        .equ P4_RAM,         0x2000      /* phase 4 runs from here */
        .equ ARENA,          0x100000    /* the random code's code segment */
        .equ ARENA_SIZE,     0x100000    /* and as much data segment above */
        .equ SMM_ENTRY,      0x38000     /* default SMBASE 0x30000 + 0x8000 */
        .equ COM1,           0x3f8
        .equ IOAPIC,         0xfec00000
        .equ HPET,           0xfed00000
        .equ LAPIC,          0xfee00000
        .equ FAULT_BUDGET,   20000
        .equ MAX_RESTARTS,   200
        .equ MAX_EVENTS,     1000
        .equ DANGER_ROUNDS,  16
        .equ TIMER_COUNT,    0x40000     /* LAPIC timer period, bus clocks */

/* STRICT=1 (as --defsym STRICT=1: hostile-strict.bin) adds two things
 * QEMU 7.2 gets wrong, for vireo only:
 *  - words and dwords at odd ports, which cross the end of a device's port
 *    range (outw at 0x3ff: COM1's last register and the next port). QEMU
 *    aborts: its memory core splits the access and hands offset 8 to the
 *    16550 model, which asserts "size == 1 && addr < 8" (hw/char/serial.c);
 *  - IRET (0xcf) among the random bytes of phase 3. At CPL 3, QEMU's TCG
 *    takes the VM flag from the popped EFLAGS image and enters virtual-8086
 *    mode with the popped IOPL and IF (the SDM, IRET: only at CPL 0); the
 *    random code then clears IF with IOPL 3 and loops where no interrupt can
 *    reach it, and the test times out. The default image turns every 0xcf
 *    byte of the arena into 0xf4 (HLT, a #GP at CPL 3).
 * The default image keeps both out so that it runs on QEMU; vireo must
 * survive both. */
.ifndef STRICT
        .equ STRICT, 0
.endif

        .text
        .globl _start

rom_base:                               /* offset 0 = 0xffff0000 */

/* ---- 32-bit code ---------------------------------------------------------- */
        .code32
pm32:
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        movw %ax, %fs
        movw %ax, %gs
        movl $STACK_TOP, %esp
        /* An SMI (port 0xb2 with APM enabled, or an LAPIC SMI IPI) enters
         * SMM at SMBASE+0x8000: put an RSM there instead of zeros. */
        movw $0xaa0f, SMM_ENTRY
        call tables_init
        cmpl $MAGIC, STATE_MAGIC
        je warm
        movl $MAGIC, STATE_MAGIC
        movl $1, STATE_PHASE
        movl $0, STATE_INDEX
        movl $0, STATE_RESTARTS
        movl $SEED, STATE_LFSR
        movl $0, STATE_FAULTS
        movl $0, STATE_EVENTS
        call puts_inline
        .asciz "\r\nHOSTILE: start\r\n"
        jmp dispatch

warm:   incl STATE_RESTARTS
        call puts_inline
        .asciz "\r\nHOSTILE: restart "
        movl STATE_RESTARTS, %eax
        call puthex
        call puts_inline
        .asciz " phase "
        movl STATE_PHASE, %eax
        call puthex
        call puts_inline
        .asciz " index "
        movl STATE_INDEX, %eax
        call puthex
        call puts_inline
        .asciz "\r\n"
        incl STATE_INDEX                /* skip what caused the restart */
        cmpl $MAX_RESTARTS, STATE_RESTARTS
        jb dispatch
        cmpl $6, STATE_PHASE
        jae dispatch
        movl $5, STATE_PHASE            /* too many: end it */

dispatch:
        movl $STACK_TOP, %esp
        movl STATE_PHASE, %eax
        cmpl $1, %eax
        je phase_ports
        cmpl $2, %eax
        je phase_mmio
        cmpl $3, %eax
        je phase_code
        cmpl $4, %eax
        je phase_danger
        cmpl $5, %eax
        je phase_triple
        jmp phase_done

/* next_phase: STATE_PHASE += 1, STATE_INDEX = 0, back to dispatch. */
next_phase:
        incl STATE_PHASE
        movl $0, STATE_INDEX
        jmp dispatch

/* ---- Phase 1: every I/O port ------------------------------------------------ */
phase_ports:
        call puts_inline
        .asciz "HOSTILE: phase 1: garbage to I/O ports 0x0-0xffff\r\n"
1:      movl STATE_INDEX, %edx
        cmpl $0x10000, %edx
        jae 9f
        call is_danger
        jz 2f
        call rand
        outb %al, %dx
        inb %dx, %al
.if STRICT == 0
        testb $1, %dl                   /* words at even ports only */
        jnz 2f
.endif
        call rand
        outw %ax, %dx
        inw %dx, %ax
.if STRICT == 0
        testb $3, %dl                   /* dwords at multiples of 4 only */
        jnz 2f
.endif
        call rand
        outl %eax, %dx
        inl %dx, %eax
2:      incl STATE_INDEX
        jmp 1b
9:      call puts_inline
        .asciz "\r\nHOSTILE: phase 1 done\r\n"
        jmp next_phase

/* is_danger: ZF set when %dx is a port kept for phase 4. */
is_danger:
        cmpw $0x60, %dx
        je 1f
        cmpw $0x64, %dx
        je 1f
        cmpw $0x92, %dx
        je 1f
        cmpw $0xcf8, %dx
        jb 2f
        cmpw $0xcff, %dx
        ja 2f
1:      cmpl %edx, %edx                 /* ZF=1 */
        ret
2:      testl %esp, %esp                /* ZF=0: the stack is never at 0 */
        ret

/* ---- Phase 2: the MMIO ranges ------------------------------------------------- */
phase_mmio:
        call puts_inline
        .asciz "HOSTILE: phase 2: garbage to VGA window, IO-APIC, HPET, LAPIC\r\n"
1:      movl STATE_INDEX, %ecx          /* byte offset into the ranges */
        movl $mmio_ranges, %esi
2:      movl 4(%esi), %edx              /* length; 0 ends the table */
        testl %edx, %edx
        jz 9f
        cmpl %edx, %ecx
        jb 3f
        subl %edx, %ecx
        addl $8, %esi
        jmp 2b
3:      addl (%esi), %ecx               /* the address */
        call rand
        movl %eax, (%ecx)
        movl (%ecx), %eax
        addl $4, STATE_INDEX
        jmp 1b
9:      call puts_inline
        .asciz "\r\nHOSTILE: phase 2 done\r\n"
        jmp next_phase

        .balign 4
mmio_ranges:
        .long 0xa0000, 0x20000          /* VGA legacy window */
        .long IOAPIC, 0x1000
        .long HPET, 0x400
        .long LAPIC, 0x1000
        .long 0, 0

/* ---- Phase 3: random code at CPL 3 ------------------------------------------- */
phase_code:
        call puts_inline
        .asciz "HOSTILE: phase 3: random code at CPL 3\r\n"
        call irq_quiesce
        movl $ARENA, %edi
1:      call rand
.if STRICT == 0
        movl $4, %ecx                   /* no IRET byte: see STRICT */
2:      cmpb $0xcf, %al
        jne 3f
        movb $0xf4, %al
3:      rorl $8, %eax
        loop 2b
.endif
        movl %eax, (%edi)
        addl $4, %edi
        cmpl $ARENA + ARENA_SIZE, %edi
        jb 1b
        jmp enter_user

/* enter_user: iret to a random address of the arena, random registers. */
enter_user:
        movl $STACK_TOP, %esp
        pushl $0x23                     /* SS: user data, RPL 3 */
        call rand
        andl $ARENA_SIZE - 4, %eax
        pushl %eax                      /* ESP */
        pushl $0x202                    /* EFLAGS: IF, IOPL 0 */
        pushl $0x1b                     /* CS: user code, RPL 3 */
        call rand
        andl $ARENA_SIZE - 1, %eax
        pushl %eax                      /* EIP */
        call rand
        movl %eax, %ebx
        call rand
        movzwl %ax, %ecx                /* short rep and loop counts */
        call rand
        movl %eax, %edx
        call rand
        movl %eax, %esi
        call rand
        movl %eax, %edi
        call rand
        movl %eax, %ebp
        movw $0x23, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        movl %ss:STATE_LFSR, %eax
        iret

/* irq_quiesce: after phases 1-2 the interrupt controllers hold garbage. Mask
 * the 8259s (re-initialized: ICW1-4, vectors 0x20/0x28), every IO-APIC
 * redirection entry, the HPET, and every LAPIC LVT but the timer, which is
 * set periodic at vector 0x40 to preempt random code that loops. */
irq_quiesce:
        movb $0x11, %al
        outb %al, $0x20
        outb %al, $0xa0
        movb $0x20, %al
        outb %al, $0x21
        movb $0x28, %al
        outb %al, $0xa1
        movb $0x04, %al
        outb %al, $0x21
        movb $0x02, %al
        outb %al, $0xa1
        movb $0x01, %al
        outb %al, $0x21
        outb %al, $0xa1
        movb $0xff, %al
        outb %al, $0x21
        outb %al, $0xa1
        xorl %ecx, %ecx
1:      leal 0x10(,%ecx,2), %eax        /* IOREDTBL[n] low dword */
        movl %eax, IOAPIC
        movl $0x10000, IOAPIC + 0x10    /* mask bit */
        incl %eax
        movl %eax, IOAPIC
        movl $0, IOAPIC + 0x10
        incl %ecx
        cmpl $24, %ecx
        jb 1b
        movl $0, HPET + 0x10            /* general config: disabled */
        movl $0x1ff, LAPIC + 0xf0       /* SVR: enabled, spurious 0xff */
        movl $0, LAPIC + 0x80           /* TPR */
        movl $0x10000, LAPIC + 0x330    /* LVT thermal: masked */
        movl $0x10000, LAPIC + 0x340    /* LVT perf */
        movl $0x10000, LAPIC + 0x350    /* LVT LINT0 */
        movl $0x10000, LAPIC + 0x360    /* LVT LINT1 */
        movl $0x10000, LAPIC + 0x370    /* LVT error */
        movl $0xb, LAPIC + 0x3e0        /* divide by 1 */
        movl $0x20040, LAPIC + 0x320    /* periodic, vector 0x40 */
        movl $TIMER_COUNT, LAPIC + 0x380
        movl $16, %ecx
2:      movl $0, LAPIC + 0xb0           /* EOI whatever is in service */
        loop 2b
        ret

/* ---- Phase 4: the ports that reset ------------------------------------------- */
/* Port 0x92 bit 1 and the i8042's output port take A20 away, after which
 * 0xffffxxxx is fetched from 0xffefxxxx (nothing there), and the PCI
 * configuration garbage can move PAM and BARs: the loop is copied to RAM
 * below 1 MiB and runs there, position-independent, with its own xorshift. */
phase_danger:
        call puts_inline
        .asciz "HOSTILE: phase 4: reset ports 0xcf8-0xcff, 0x64, 0x60, 0x92\r\n"
        movl $p4_begin, %esi
        movl $P4_RAM, %edi
        movl $p4_end - p4_begin, %ecx
        rep movsb
        movl $P4_RAM, %eax
        jmp *%eax
p4_back:
        movb $0x02, %al                 /* A20 back on (port 0x92 bit 1) */
        outb %al, $0x92
        call puts_inline
        .asciz "\r\nHOSTILE: phase 4 done\r\n"
        jmp next_phase

p4_begin:
1:      movl STATE_INDEX, %eax
        cmpl $DANGER_ROUNDS * 11, %eax
        jae 9f
        xorl %edx, %edx
        movl $11, %ecx
        divl %ecx                       /* %edx: 0-7 0xcf8+n, 8 0x64, 9 0x60, 10 0x92 */
        cmpl $8, %edx
        jae 2f
        addl $0xcf8, %edx
        jmp 4f
2:      movl $0x64, %eax
        cmpl $8, %edx
        je 3f
        movl $0x60, %eax
        cmpl $9, %edx
        je 3f
        movl $0x92, %eax
3:      movl %eax, %edx
4:      call 8f
        outb %al, %dx
        inb %dx, %al
        call 8f
        outw %ax, %dx
        inw %dx, %ax
        call 8f
        outl %eax, %dx
        inl %dx, %eax
        incl STATE_INDEX
        jmp 1b
9:      movl $p4_back, %eax
        jmp *%eax
8:      pushl %ecx                      /* the same xorshift32 as rand */
        movl STATE_LFSR, %eax
        movl %eax, %ecx
        shll $13, %ecx
        xorl %ecx, %eax
        movl %eax, %ecx
        shrl $17, %ecx
        xorl %ecx, %eax
        movl %eax, %ecx
        shll $5, %ecx
        xorl %ecx, %eax
        movl %eax, STATE_LFSR
        popl %ecx
        ret
p4_end:

/* ---- Phase 5: triple fault --------------------------------------------------- */
phase_triple:
        call puts_inline
        .asciz "HOSTILE: phase 5: triple fault\r\n"
        movl $6, STATE_PHASE            /* what the restart will do */
        lidt idtr_empty
        int3                            /* #GP (vector beyond the limit), #DF, shutdown */
        call puts_inline
        .asciz "HOSTILE: FAIL: still running after the triple fault\r\n"
        jmp phase_done_halt

/* ---- Phase 6: done ----------------------------------------------------------- */
phase_done:
        call puts_inline
        .asciz "HOSTILE: done: restarts "
        movl STATE_RESTARTS, %eax
        call puthex
        call puts_inline
        .asciz " events "
        movl STATE_EVENTS, %eax
        call puthex
        call puts_inline
        .asciz " faults "
        movl STATE_FAULTS, %eax
        call puthex
        call puts_inline
        .asciz "\r\n"
phase_done_halt:
        cli
1:      hlt
        jmp 1b

/* ---- The handler behind all 256 vectors -------------------------------------- */
/* Each stub pushes its vector and jumps here. The stack may also hold an error
 * code and a frame from CPL 3 or 0: it is dropped, never returned to. */
common:
        movl (%esp), %ebx               /* the vector */
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movl $STACK_TOP, %esp
        movl $0, LAPIC + 0xb0           /* EOI (the timer's vector 0x40) */
        cmpl $3, STATE_PHASE
        jne 1f
        incl STATE_FAULTS
        cmpl $FAULT_BUDGET, STATE_FAULTS
        jb enter_user
        movl $0, LAPIC + 0x380          /* stop the timer */
        movl $0x10000, LAPIC + 0x320
        call puts_inline
        .asciz "HOSTILE: phase 3 done: handler entries "
        movl STATE_FAULTS, %eax
        call puthex
        call puts_inline
        .asciz "\r\n"
        jmp next_phase
1:      incl STATE_EVENTS
        call puts_inline
        .asciz "\r\nHOSTILE: vector "
        movl %ebx, %eax
        call puthex
        call puts_inline
        .asciz " phase "
        movl STATE_PHASE, %eax
        call puthex
        call puts_inline
        .asciz " index "
        movl STATE_INDEX, %eax
        call puthex
        call puts_inline
        .asciz "\r\n"
        cmpl $6, STATE_PHASE
        jae phase_done_halt
        incl STATE_INDEX
        cmpl $MAX_EVENTS, STATE_EVENTS
        jb dispatch
        movl $5, STATE_PHASE
        jmp dispatch

/* 256 stubs of 10 bytes: push imm32; jmp rel32. */
        .balign 16
stubs:
        .set vec, 0
        .rept 256
        .byte 0x68
        .long vec
        .byte 0xe9
        .long common - (. + 4)
        .set vec, vec + 1
        .endr

/* ---- Tables ------------------------------------------------------------------- */
/* tables_init: the GDT copied to RAM (the CPU writes accessed and busy bits),
 * a TSS whose I/O bitmap offset is past its limit (no port is allowed at
 * CPL 3), and an IDT of interrupt gates (IF=0 in the handler). */
tables_init:
        movl $gdt_rom, %esi
        movl $GDT_RAM, %edi
        movl $(gdt_rom_end - gdt_rom) / 4, %ecx
        rep movsl
        lgdt gdtr_ram
        ljmp $0x08, $1f
1:      movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        movw %ax, %fs
        movw %ax, %gs
        movl $TSS, %edi
        movl $104 / 4, %ecx
        xorl %eax, %eax
        rep stosl
        movl $STACK_TOP, TSS + 4        /* ESP0 */
        movl $0x10, TSS + 8             /* SS0 */
        movw $104, TSS + 102            /* I/O map base = limit + 1 */
        movw $0x28, %ax
        ltr %ax
        xorl %ecx, %ecx
2:      imull $10, %ecx, %eax
        addl $stubs, %eax               /* stub i is 10 bytes long */
        movl %eax, %edx
        andl $0xffff, %eax
        orl $0x00080000, %eax           /* selector 0x08 */
        movl %eax, IDT(,%ecx,8)
        andl $0xffff0000, %edx
        orl $0x8e00, %edx               /* present, DPL 0, 32-bit interrupt gate */
        movl %edx, IDT + 4(,%ecx,8)
        incl %ecx
        cmpl $256, %ecx
        jb 2b
        lidt idtr
        ret

        .balign 8
gdt_rom:
        .quad 0
        .quad 0x00cf9b000000ffff        /* 0x08 code, ring 0, flat, accessed */
        .quad 0x00cf93000000ffff        /* 0x10 data, ring 0, flat */
        .quad 0x004ffb100000ffff        /* 0x18 code, ring 3, base 1 MiB, limit 1 MiB */
        .quad 0x004ff3200000ffff        /* 0x20 data, ring 3, base 2 MiB, limit 1 MiB */
        .quad 0x0000890009000067        /* 0x28 TSS at 0x900, 104 bytes */
gdt_rom_end:
gdtr_rom:
        .word gdt_rom_end - gdt_rom - 1
        .long gdt_rom
gdtr_ram:
        .word gdt_rom_end - gdt_rom - 1
        .long GDT_RAM
idtr:
        .word 256 * 8 - 1
        .long IDT
idtr_empty:
        .word 0
        .long 0

/* ---- Helpers ------------------------------------------------------------------ */
/* rand: %eax = next xorshift32 value (Marsaglia's 13/17/5). */
rand:
        pushl %ecx
        movl STATE_LFSR, %eax
        movl %eax, %ecx
        shll $13, %ecx
        xorl %ecx, %eax
        movl %eax, %ecx
        shrl $17, %ecx
        xorl %ecx, %eax
        movl %eax, %ecx
        shll $5, %ecx
        xorl %ecx, %eax
        movl %eax, STATE_LFSR
        popl %ecx
        ret

/* uart_init: COM1 back to 8N1 without loopback or interrupts, whatever
 * phase 1 left in it (16550A: LCR.DLAB selects the divisor latch). */
uart_init:
        pushl %eax
        pushl %edx
        movw $COM1 + 3, %dx
        movb $0x80, %al
        outb %al, %dx                   /* LCR: DLAB */
        movw $COM1, %dx
        movb $1, %al
        outb %al, %dx                   /* DLL: 115200 baud */
        incw %dx
        xorb %al, %al
        outb %al, %dx                   /* DLM */
        movw $COM1 + 3, %dx
        movb $0x03, %al
        outb %al, %dx                   /* LCR: 8N1 */
        movw $COM1 + 1, %dx
        xorb %al, %al
        outb %al, %dx                   /* IER */
        movw $COM1 + 2, %dx
        movb $0x07, %al
        outb %al, %dx                   /* FCR: FIFOs on and cleared */
        movw $COM1 + 4, %dx
        movb $0x03, %al
        outb %al, %dx                   /* MCR: DTR, RTS, no loopback */
        popl %edx
        popl %eax
        ret

/* putc: %al to COM1, waiting a bounded time for THRE. */
putc:
        pushl %ecx
        pushl %edx
        pushl %eax
        movl $100000, %ecx
        movw $COM1 + 5, %dx
1:      inb %dx, %al
        testb $0x20, %al
        jnz 2f
        loop 1b
2:      popl %eax
        movw $COM1, %dx
        outb %al, %dx
        popl %edx
        popl %ecx
        ret

/* puts_inline: prints the NUL-terminated string that follows the call. */
puts_inline:
        pushal
        movl 32(%esp), %esi
        call uart_init
1:      lodsb
        testb %al, %al
        jz 2f
        call putc
        jmp 1b
2:      movl %esi, 32(%esp)
        popal
        ret

/* puthex: %eax as 0x and 8 hex digits. */
puthex:
        pushal
        movl %eax, %ebx
        movb $'0', %al
        call putc
        movb $'x', %al
        call putc
        movl $8, %ecx
1:      roll $4, %ebx
        movl %ebx, %eax
        andl $0xf, %eax
        movb hexdigits(%eax), %al
        call putc
        loop 1b
        popal
        ret
hexdigits:
        .ascii "0123456789abcdef"

/* ---- 16-bit entry: CS base is 0xffff0000 until CS is reloaded ---------- */
/* Near the reset vector so that a short jump reaches it and CS keeps the high
 * base (a far jump would use the 0xf0000 alias, which PAM can remap). */
        .code16
        .org 0xff00
_start:
        cli
        cld
        lgdtl %cs:(gdtr_rom - rom_base)
        movl %cr0, %eax
        orl $1, %eax                    /* CR0.PE */
        movl %eax, %cr0
        ljmpl $0x08, $pm32

/* ---- The reset vector: 0xfffffff0 ------------------------------------------- */
        .org 0xfff0
        jmp _start
        .org 0x10000
