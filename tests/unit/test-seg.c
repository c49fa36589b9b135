/*
 * The segmentation half of the system-level x86 CPU (cpu/x86/seg.h) through
 * real code: small programs, assembled with GNU as (the listing is beside
 * each row of bytes), run by cpu_exec on a CPU with 4 MiB of RAM at
 * physical 0 and the PC's MMU, exceptions delivered through x86_do_interrupt
 * as the vCPU loop does. The expected registers and stack frames are the
 * SDM's (Vol.2 INT n/IRET/CALL/RET/SYSCALL pseudo-code, Vol.3 ch.5-6).
 *
 * Memory map of every test: IVT at 0, GDT at 0x1000, IDT at 0x2000, TSS at
 * 0x3000, code from 0x4000, ring-3 stack below 0x7000, data at 0x8000, ring-0
 * stack below 0x9000, IST1 stack below 0xb000, page tables at 0x10000.
 */
#include "tests/unit/check-run.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "accel/tcg/cpu-exec.h"
#include "cpu/x86/cc.h"
#include "cpu/x86/cpuid.h"
#include "cpu/x86/mmu.h"
#include "cpu/x86/seg.h"
#include "cpu/x86/x86-tcg.h"
#include "system/memory.h"
#include "tcg/softmmu.h"

#define RAM_SIZE (4u << 20)
#define GDT 0x1000u
#define IDT 0x2000u
#define TSS 0x3000u
#define PT  0x10000u
#define TRIPLE 0x110            /* run(): x86_do_interrupt refused (shutdown) */

#define A_CODE (DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK)
#define A_DATA (DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK)
#define A_32   (DESC_B_MASK | DESC_G_MASK)
#define A_64   (DESC_L_MASK | DESC_G_MASK)
#define A_DPL3 (3u << DESC_DPL_SHIFT)
#define T_TSS32 (DESC_P_MASK | (9u << DESC_TYPE_SHIFT))
#define G_INT32 14u
#define G_TRAP32 15u
#define G_CALL32 12u

static MemoryRegion root, ram;
static AddressSpace as;
static CPUX86State *env;
static uint8_t *mem;
static int events[16];          /* vectors delivered by run(), in order */
static int nevents;

static void setup(void)
{
    memory_region_init_container(&root, "seg-test", UINT64_MAX);
    ck_assert_int_eq(memory_region_init_ram(&ram, "ram", RAM_SIZE), 0);
    memory_region_add_subregion(&root, 0, &ram);
    ck_assert_int_eq(address_space_init(&as, &root, "seg-test"), 0);
    mem = memory_region_get_ram_ptr(&ram);
    env = calloc(1, sizeof(*env));
    ck_assert_ptr_nonnull(env);
    env->common.ops = &x86_system_vcpu_ops;
    env->common.address_space = &as;
    ck_assert_int_ge(vcpu_register(&env->common), 0);
    env->model = x86_cpu_model_find("qemu64");
    env->a20_mask = ~0ull;
    x86_cpu_reset(env);
    nevents = 0;
}

static void teardown(void)
{
    vcpu_unregister(&env->common);
    free(env);
}

static void wr16(uint64_t a, uint16_t v) { stn_le_p(mem + a, 2, v); }
static void wr32(uint64_t a, uint32_t v) { stn_le_p(mem + a, 4, v); }
static void wr64(uint64_t a, uint64_t v) { stn_le_p(mem + a, 8, v); }
static uint16_t rd16(uint64_t a) { return (uint16_t)ldn_le_p(mem + a, 2); }
static uint32_t rd32(uint64_t a) { return (uint32_t)ldn_le_p(mem + a, 4); }
static uint64_t rd64(uint64_t a) { return ldn_le_p(mem + a, 8); }

#define LOAD(addr, code) memcpy(mem + (addr), (code), sizeof(code))

/* Run until HLT, delivering exceptions and software interrupts as the vCPU
 * loop does. Returns EXCP_HLT, or TRIPLE on a triple fault. */
static int run(void)
{
    for (int i = 0; i < 64; i++) {
        int r = cpu_exec(&env->common, &x86_tcg_ops);

        if (r >= 0 && r < 0x100) {
            if (nevents < 16)
                events[nevents++] = r;
            if (!x86_do_interrupt(env, r, env->exception_is_int, env->error_code,
                                  env->exception_next_rip))
                return TRIPLE;
            continue;
        }
        if (r != EXCP_EXIT_REQUEST)
            return r;
    }
    return -1;
}

/* ---- Descriptor tables -------------------------------------------------------- */

/* attr: bits 8-23 of the high dword (DESC_*), as the segment caches hold them. */
static void put_desc(unsigned sel, uint32_t base, uint32_t limit, uint32_t attr)
{
    uint64_t a = GDT + (sel & ~7u);

    wr32(a, (base << 16) | (limit & 0xffff));
    wr32(a + 4, (base & 0xff000000u) | ((base >> 16) & 0xff) | (limit & 0xf0000u) | attr);
}

/* A gate: type, DPL, and the low bits of the high dword (parameter count, IST). */
static void put_gate(uint64_t a, unsigned sel, uint32_t off, unsigned type, unsigned dpl,
                     unsigned low)
{
    wr32(a, (sel << 16) | (off & 0xffff));
    wr32(a + 4, (off & 0xffff0000u) | DESC_P_MASK | (dpl << DESC_DPL_SHIFT) |
                (type << DESC_TYPE_SHIFT) | low);
}

static void put_idt32(unsigned v, unsigned sel, uint32_t off, unsigned type, unsigned dpl)
{
    put_gate(IDT + 8 * v, sel, off, type, dpl, 0);
}

static void put_idt64(unsigned v, unsigned sel, uint64_t off, unsigned dpl, unsigned ist)
{
    put_gate(IDT + 16 * v, sel, (uint32_t)off, G_INT32, dpl, ist);
    wr32(IDT + 16 * v + 8, (uint32_t)(off >> 32));
    wr32(IDT + 16 * v + 12, 0);
}

/* A segment register loaded from its GDT descriptor, as an earlier load would have. */
static void set_seg_gdt(int seg, unsigned sel)
{
    uint32_t e1 = rd32(GDT + (sel & ~7u)), e2 = rd32(GDT + (sel & ~7u) + 4);
    uint32_t base = (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000u);
    uint32_t limit = (e1 & 0xffff) | (e2 & 0xf0000u);

    if (e2 & DESC_G_MASK)
        limit = (limit << 12) | 0xfff;
    x86_set_seg(env, seg, (uint16_t)sel, base, limit, e2 & 0x00ffff00u);
}

/*
 * Flat 32-bit protected mode at CPL 0 or 3. GDT: 08 code, 10 data, 18 code
 * DPL 3, 20 data DPL 3, 28 TSS (ESP0 9000, SS0 10), 38 data not present,
 * 40 code not present, 48 execute-only code. TR is loaded.
 */
static void enter_pm32(unsigned cpl)
{
    put_desc(0x08, 0, 0xfffff, A_CODE | A_32);
    put_desc(0x10, 0, 0xfffff, A_DATA | A_32);
    put_desc(0x18, 0, 0xfffff, A_CODE | A_32 | A_DPL3);
    put_desc(0x20, 0, 0xfffff, A_DATA | A_32 | A_DPL3);
    put_desc(0x28, TSS, 0x67, T_TSS32);
    put_desc(0x38, 0, 0xfffff, (A_DATA & ~DESC_P_MASK) | A_32);
    put_desc(0x40, 0, 0xfffff, (A_CODE & ~DESC_P_MASK) | A_32);
    put_desc(0x48, 0, 0xfffff, (A_CODE & ~DESC_R_MASK) | A_32);
    wr32(TSS + 4, 0x9000);
    wr32(TSS + 8, 0x10);
    env->gdt.base = GDT;
    env->gdt.limit = 0xff;
    env->idt.base = IDT;
    env->idt.limit = 0x7ff;
    env->cr[0] = CR0_PE | CR0_ET;
    set_seg_gdt(R_TR, 0x28);
    set_seg_gdt(R_CS, cpl ? 0x1b : 0x08);
    set_seg_gdt(R_SS, cpl ? 0x23 : 0x10);
    set_seg_gdt(R_DS, cpl ? 0x23 : 0x10);
    set_seg_gdt(R_ES, cpl ? 0x23 : 0x10);
    env->regs[R_ESP] = cpl ? 0x7000 : 0x9000;
    env->rip = 0x4000;
    tlb_flush(&env->common);
    x86_update_hflags(env);
}

/*
 * Long mode, identity-mapped 2 MiB page, at CPL 0 or 3 in 64-bit code.
 * GDT (Linux's layout): 10 code64, 18 data, 23 code32 DPL 3, 2b data DPL 3,
 * 33 code64 DPL 3, 40 TSS64 (RSP0 9000, IST1 b008: not 16-byte aligned).
 */
static void enter_long(unsigned cpl)
{
    wr64(PT, (PT + 0x1000) | 7);
    wr64(PT + 0x1000, (PT + 0x2000) | 7);
    wr64(PT + 0x2000, 0x87);                      /* 2 MiB at 0: P RW US PS */
    put_desc(0x10, 0, 0xfffff, A_CODE | A_64);
    put_desc(0x18, 0, 0xfffff, A_DATA | A_32);
    put_desc(0x20, 0, 0xfffff, A_CODE | A_32 | A_DPL3);
    put_desc(0x28, 0, 0xfffff, A_DATA | A_32 | A_DPL3);
    put_desc(0x30, 0, 0xfffff, A_CODE | A_64 | A_DPL3);
    put_desc(0x40, TSS, 0x67, T_TSS32);
    wr64(GDT + 0x48, 0);                          /* base 63:32, type 0 */
    wr64(TSS + 4, 0x9000);
    wr64(TSS + 0x24, 0xb008);
    env->gdt.base = GDT;
    env->gdt.limit = 0xff;
    env->idt.base = IDT;
    env->idt.limit = 0xfff;
    env->cr[4] = CR4_PAE;
    env->cr[3] = PT;
    env->efer = EFER_LME | EFER_LMA | EFER_SCE;
    env->cr[0] = CR0_PE | CR0_PG | CR0_ET;
    set_seg_gdt(R_CS, cpl ? 0x33 : 0x10);
    set_seg_gdt(R_SS, cpl ? 0x2b : 0x18);
    set_seg_gdt(R_DS, cpl ? 0x2b : 0x18);
    set_seg_gdt(R_ES, cpl ? 0x2b : 0x18);
    env->regs[R_ESP] = cpl ? 0x7000 : 0x9000;
    env->rip = 0x4000;
    tlb_flush(&env->common);
    x86_update_hflags(env);
}

/* Real mode with CS:IP = cs:ip (the reset state otherwise). */
static void enter_real(unsigned cs, unsigned ip)
{
    x86_set_seg(env, R_CS, (uint16_t)cs, (uint64_t)cs << 4, 0xffff, env->segs[R_CS].flags);
    env->rip = ip;
}

/* ---- The programs (GNU as listings) ------------------------------------------ */

/* rm_far_a: 16-bit code at 0x0 */
static const uint8_t rm_far_a[] = {
    0xb8, 0x00, 0x08,                            /* 0000: mov ax,0x800 */
    0x8e, 0xd0,                                  /* 0003: mov ss,ax */
    0xbc, 0x00, 0x10,                            /* 0005: mov sp,0x1000 */
    0x31, 0xc0,                                  /* 0008: xor ax,ax */
    0x8e, 0xd8,                                  /* 000a: mov ds,ax */
    0xff, 0x2e, 0x00, 0x70,                      /* 000c: jmp DWORD PTR ds:0x7000 */
};

/* rm_far_b: 16-bit code at 0x10 */
static const uint8_t rm_far_b[] = {
    0x68, 0x34, 0x12,                            /* 0010: push 0x1234 */
    0x9a, 0x20, 0x00, 0x00, 0x06,                /* 0013: call 0x600:0x20 */
    0x89, 0xc7,                                  /* 0018: mov di,ax */
    0xf4,                                        /* 001a: hlt */
};
#define RM_FAR_B_RET_B 0x18

/* rm_far_c: 16-bit code at 0x20 */
static const uint8_t rm_far_c[] = {
    0x8c, 0xcb,                                  /* 0020: mov bx,cs */
    0x89, 0xe1,                                  /* 0022: mov cx,sp */
    0xb8, 0x5a, 0x5a,                            /* 0024: mov ax,0x5a5a */
    0xca, 0x02, 0x00,                            /* 0027: retf 0x2 */
};

/* rm_int: 16-bit code at 0x4000 */
static const uint8_t rm_int[] = {
    0x31, 0xc0,                                  /* 4000: xor ax,ax */
    0x8e, 0xd0,                                  /* 4002: mov ss,ax */
    0xbc, 0x00, 0x90,                            /* 4004: mov sp,0x9000 */
    0xfb,                                        /* 4007: sti */
    0xb8, 0x11, 0x00,                            /* 4008: mov ax,0x11 */
    0xcd, 0x21,                                  /* 400b: int 0x21 */
    0x89, 0xc6,                                  /* 400d: mov si,ax */
    0x9c,                                        /* 400f: pushf */
    0x5f,                                        /* 4010: pop di */
    0xf4,                                        /* 4011: hlt */
};
#define RM_INT_AFTER_INT 0x400d

/* rm_int_handler: 16-bit code at 0x0 */
static const uint8_t rm_int_handler[] = {
    0x89, 0xe2,                                  /* 0000: mov dx,sp */
    0x9c,                                        /* 0002: pushf */
    0x59,                                        /* 0003: pop cx */
    0x83, 0xc0, 0x01,                            /* 0004: add ax,0x1 */
    0xcf,                                        /* 0007: iret */
};

/* rm_addr: 16-bit code at 0x4000 */
static const uint8_t rm_addr[] = {
    0xb8, 0x00, 0x07,                            /* 4000: mov ax,0x700 */
    0x8e, 0xd8,                                  /* 4003: mov ds,ax */
    0xb8, 0x00, 0x08,                            /* 4005: mov ax,0x800 */
    0x8e, 0xd0,                                  /* 4008: mov ss,ax */
    0xb8, 0x00, 0x09,                            /* 400a: mov ax,0x900 */
    0x8e, 0xc0,                                  /* 400d: mov es,ax */
    0xbb, 0x10, 0x00,                            /* 400f: mov bx,0x10 */
    0xbe, 0x20, 0x00,                            /* 4012: mov si,0x20 */
    0xbd, 0x30, 0x00,                            /* 4015: mov bp,0x30 */
    0xbf, 0x40, 0x00,                            /* 4018: mov di,0x40 */
    0x8b, 0x40, 0x04,                            /* 401b: mov ax,WORD PTR [bx+si+0x4] */
    0x8b, 0x4e, 0x02,                            /* 401e: mov cx,WORD PTR [bp+0x2] */
    0x26, 0x8b, 0x15,                            /* 4021: mov dx,WORD PTR es:[di] */
    0xc6, 0x47, 0x01, 0x99,                      /* 4024: mov BYTE PTR [bx+0x1],0x99 */
    0xf4,                                        /* 4028: hlt */
};

/* pm_entry16: 16-bit code at 0x4000 */
static const uint8_t pm_entry16[] = {
    0x31, 0xc0,                                  /* 4000: xor ax,ax */
    0x8e, 0xd8,                                  /* 4002: mov ds,ax */
    0x66, 0x0f, 0x01, 0x16, 0x00, 0x70,          /* 4004: lgdtd ds:0x7000 */
    0x0f, 0x20, 0xc0,                            /* 400a: mov eax,cr0 */
    0x0c, 0x01,                                  /* 400d: or al,0x1 */
    0x0f, 0x22, 0xc0,                            /* 400f: mov cr0,eax */
    0x66, 0xea, 0x00, 0x41, 0x00, 0x00, 0x08, 0x00, /* 4012: jmp 0x8:0x4100 (ptr16:32) */
};

/* pm_entry32: 32-bit code at 0x4100 */
static const uint8_t pm_entry32[] = {
    0x66, 0xb8, 0x10, 0x00,                      /* 4100: mov ax,0x10 */
    0x8e, 0xd8,                                  /* 4104: mov ds,eax */
    0x8e, 0xc0,                                  /* 4106: mov es,eax */
    0x8e, 0xd0,                                  /* 4108: mov ss,eax */
    0xbc, 0x00, 0x90, 0x00, 0x00,                /* 410a: mov esp,0x9000 */
    0x8b, 0x1d, 0x00, 0x80, 0x00, 0x00,          /* 410f: mov ebx,DWORD PTR ds:0x8000 */
    0x6a, 0x55,                                  /* 4115: push 0x55 */
    0x59,                                        /* 4117: pop ecx */
    0xea, 0x00, 0x42, 0x00, 0x00, 0x18, 0x00,    /* 4118: jmp 0x18:0x4200 */
};

/* pm_entry_back16: 16-bit code at 0x4200 */
static const uint8_t pm_entry_back16[] = {
    0x0f, 0x20, 0xc0,                            /* 4200: mov eax,cr0 */
    0x24, 0xfe,                                  /* 4203: and al,0xfe */
    0x0f, 0x22, 0xc0,                            /* 4205: mov cr0,eax */
    0xea, 0x0d, 0x42, 0x00, 0x00,                /* 4208: jmp 0x0:0x420d */
    0xb8, 0x00, 0x01,                            /* 420d: mov ax,0x100 */
    0x8e, 0xd8,                                  /* 4210: mov ds,ax */
    0xf4,                                        /* 4212: hlt */
};
#define PM_ENTRY_BACK16_RM_AGAIN 0x420d

/* pm_ring: 32-bit code at 0x4000 */
static const uint8_t pm_ring[] = {
    0x66, 0xb8, 0x28, 0x00,                      /* 4000: mov ax,0x28 */
    0x0f, 0x00, 0xd8,                            /* 4004: ltr ax */
    0x6a, 0x23,                                  /* 4007: push 0x23 */
    0x68, 0x00, 0x70, 0x00, 0x00,                /* 4009: push 0x7000 */
    0x68, 0x02, 0x02, 0x00, 0x00,                /* 400e: push 0x202 */
    0x6a, 0x1b,                                  /* 4013: push 0x1b */
    0x68, 0x1b, 0x40, 0x00, 0x00,                /* 4015: push 0x401b */
    0xcf,                                        /* 401a: iret */
    0x66, 0xb8, 0x23, 0x00,                      /* 401b: mov ax,0x23 */
    0x8e, 0xd8,                                  /* 401f: mov ds,eax */
    0xb8, 0x11, 0x00, 0x00, 0x00,                /* 4021: mov eax,0x11 */
    0xcd, 0x80,                                  /* 4026: int 0x80 */
    0x89, 0xc3,                                  /* 4028: mov ebx,eax */
    0xcd, 0x81,                                  /* 402a: int 0x81 */
    0x89, 0xe1,                                  /* 402c: mov ecx,esp */
    0x66, 0x8c, 0xd2,                            /* 402e: mov dx,ss */
    0x66, 0x8c, 0xce,                            /* 4031: mov si,cs */
    0x83, 0xc0, 0x01,                            /* 4034: add eax,0x1 */
    0xcf,                                        /* 4037: iret */
    0xf4,                                        /* 4038: hlt */
};
#define PM_RING_AFTER80 0x4028
#define PM_RING_AFTER81 0x402c
#define PM_RING_HANDLER80 0x402c
#define PM_RING_HANDLER81 0x4038
#define PM_RING_RING3 0x401b

/* lm_ring: 64-bit code at 0x4000 */
static const uint8_t lm_ring[] = {
    0x66, 0xb8, 0x40, 0x00,                      /* 4000: mov ax,0x40 */
    0x0f, 0x00, 0xd8,                            /* 4004: ltr ax */
    0x6a, 0x2b,                                  /* 4007: push 0x2b */
    0x68, 0x08, 0x70, 0x00, 0x00,                /* 4009: push 0x7008 */
    0x68, 0x02, 0x02, 0x00, 0x00,                /* 400e: push 0x202 */
    0x6a, 0x33,                                  /* 4013: push 0x33 */
    0x68, 0x1c, 0x40, 0x00, 0x00,                /* 4015: push 0x401c */
    0x48, 0xcf,                                  /* 401a: iretq */
    0xb8, 0x11, 0x00, 0x00, 0x00,                /* 401c: mov eax,0x11 */
    0xcd, 0x80,                                  /* 4021: int 0x80 */
    0x48, 0x89, 0xc3,                            /* 4023: mov rbx,rax */
    0xcc,                                        /* 4026: int3 */
    0xcd, 0x82,                                  /* 4027: int 0x82 */
    0x49, 0x89, 0xe0,                            /* 4029: mov r8,rsp */
    0x41, 0x8c, 0xd1,                            /* 402c: mov r9d,ss */
    0x83, 0xc0, 0x01,                            /* 402f: add eax,0x1 */
    0x48, 0xcf,                                  /* 4032: iretq */
    0x49, 0x89, 0xe2,                            /* 4034: mov r10,rsp */
    0x41, 0x8c, 0xd3,                            /* 4037: mov r11d,ss */
    0x48, 0xcf,                                  /* 403a: iretq */
    0x41, 0x5c,                                  /* 403c: pop r12 */
    0x49, 0x89, 0xe5,                            /* 403e: mov r13,rsp */
    0xf4,                                        /* 4041: hlt */
};
#define LM_RING_AFTER80 0x4023
#define LM_RING_AFTER_BP 0x4027
#define LM_RING_HANDLER80 0x4029
#define LM_RING_HANDLER_BP 0x4034
#define LM_RING_HANDLER_GP 0x403c
#define LM_RING_RING3 0x401c

/* lm_syscall: 64-bit code at 0x4000 */
static const uint8_t lm_syscall[] = {
    0xb8, 0x2a, 0x00, 0x00, 0x00,                /* 4000: mov eax,0x2a */
    0x0f, 0x05,                                  /* 4005: syscall */
    0x48, 0x89, 0xc3,                            /* 4007: mov rbx,rax */
    0xb8, 0x99, 0x00, 0x00, 0x00,                /* 400a: mov eax,0x99 */
    0x0f, 0x05,                                  /* 400f: syscall */
    0x3d, 0x99, 0x00, 0x00, 0x00,                /* 4011: cmp eax,0x99 */
    0x74, 0x18,                                  /* 4016: je 4030 <stop> */
    0x49, 0x89, 0xc8,                            /* 4018: mov r8,rcx */
    0x4d, 0x89, 0xd9,                            /* 401b: mov r9,r11 */
    0x41, 0x8c, 0xca,                            /* 401e: mov r10d,cs */
    0x41, 0x8c, 0xd4,                            /* 4021: mov r12d,ss */
    0x49, 0x89, 0xe5,                            /* 4024: mov r13,rsp */
    0x9c,                                        /* 4027: pushf */
    0x41, 0x5e,                                  /* 4028: pop r14 */
    0x83, 0xc0, 0x01,                            /* 402a: add eax,0x1 */
    0x48, 0x0f, 0x07,                            /* 402d: sysretq */
    0xf4,                                        /* 4030: hlt */
};
#define LM_SYSCALL_AFTER1 0x4007
#define LM_SYSCALL_HANDLER 0x4011
#define LM_SYSCALL_STOP 0x4030

/* pm_gate: 32-bit code at 0x4000 */
static const uint8_t pm_gate[] = {
    0x68, 0xaa, 0xaa, 0x00, 0x00,                /* 4000: push 0xaaaa */
    0x68, 0xbb, 0xbb, 0x00, 0x00,                /* 4005: push 0xbbbb */
    0x9a, 0x00, 0x00, 0x00, 0x00, 0x33, 0x00,    /* 400a: call 0x33:0x0 */
    0x89, 0xe7,                                  /* 4011: mov edi,esp */
    0x66, 0x8c, 0xc5,                            /* 4013: mov bp,es */
    0xcd, 0x81,                                  /* 4016: int 0x81 */
    0x89, 0xe1,                                  /* 4018: mov ecx,esp */
    0x8b, 0x44, 0x24, 0x08,                      /* 401a: mov eax,DWORD PTR [esp+0x8] */
    0x8b, 0x54, 0x24, 0x0c,                      /* 401e: mov edx,DWORD PTR [esp+0xc] */
    0x8b, 0x74, 0x24, 0x10,                      /* 4022: mov esi,DWORD PTR [esp+0x10] */
    0x66, 0xbb, 0x10, 0x00,                      /* 4026: mov bx,0x10 */
    0x8e, 0xc3,                                  /* 402a: mov es,ebx */
    0xca, 0x08, 0x00,                            /* 402c: retf 0x8 */
    0xf4,                                        /* 402f: hlt */
};
#define PM_GATE_AFTER_CALL 0x4011
#define PM_GATE_HANDLER 0x4018
#define PM_GATE_HANDLER81 0x402f

/* pm_lar: 32-bit code at 0x4000 */
static const uint8_t pm_lar[] = {
    0xba, 0xef, 0xbe, 0xad, 0xde,                /* 4000: mov edx,0xdeadbeef */
    0x66, 0xb8, 0x08, 0x00,                      /* 4005: mov ax,0x8 */
    0x0f, 0x02, 0xd8,                            /* 4009: lar ebx,eax */
    0x0f, 0x94, 0x05, 0x00, 0x80, 0x00, 0x00,    /* 400c: sete BYTE PTR ds:0x8000 */
    0x66, 0xb8, 0xf8, 0x01,                      /* 4013: mov ax,0x1f8 */
    0x0f, 0x02, 0xd0,                            /* 4017: lar edx,eax */
    0x0f, 0x94, 0x05, 0x01, 0x80, 0x00, 0x00,    /* 401a: sete BYTE PTR ds:0x8001 */
    0x66, 0xb8, 0x10, 0x00,                      /* 4021: mov ax,0x10 */
    0x0f, 0x03, 0xf0,                            /* 4025: lsl esi,eax */
    0x0f, 0x94, 0x05, 0x02, 0x80, 0x00, 0x00,    /* 4028: sete BYTE PTR ds:0x8002 */
    0x66, 0xb8, 0x28, 0x00,                      /* 402f: mov ax,0x28 */
    0x0f, 0x03, 0xf8,                            /* 4033: lsl edi,eax */
    0x0f, 0x94, 0x05, 0x03, 0x80, 0x00, 0x00,    /* 4036: sete BYTE PTR ds:0x8003 */
    0x66, 0xb8, 0x08, 0x00,                      /* 403d: mov ax,0x8 */
    0x0f, 0x00, 0xe0,                            /* 4041: verr ax */
    0x0f, 0x94, 0x05, 0x04, 0x80, 0x00, 0x00,    /* 4044: sete BYTE PTR ds:0x8004 */
    0x0f, 0x00, 0xe8,                            /* 404b: verw ax */
    0x0f, 0x94, 0x05, 0x05, 0x80, 0x00, 0x00,    /* 404e: sete BYTE PTR ds:0x8005 */
    0x66, 0xb8, 0x10, 0x00,                      /* 4055: mov ax,0x10 */
    0x0f, 0x00, 0xe8,                            /* 4059: verw ax */
    0x0f, 0x94, 0x05, 0x06, 0x80, 0x00, 0x00,    /* 405c: sete BYTE PTR ds:0x8006 */
    0x66, 0xb8, 0x13, 0x00,                      /* 4063: mov ax,0x13 */
    0x0f, 0x00, 0xe0,                            /* 4067: verr ax */
    0x0f, 0x94, 0x05, 0x07, 0x80, 0x00, 0x00,    /* 406a: sete BYTE PTR ds:0x8007 */
    0x66, 0xb8, 0x28, 0x00,                      /* 4071: mov ax,0x28 */
    0x0f, 0x02, 0xe8,                            /* 4075: lar ebp,eax */
    0x0f, 0x94, 0x05, 0x08, 0x80, 0x00, 0x00,    /* 4078: sete BYTE PTR ds:0x8008 */
    0x66, 0xb8, 0x10, 0x00,                      /* 407f: mov ax,0x10 */
    0x66, 0xb9, 0x03, 0x00,                      /* 4083: mov cx,0x3 */
    0x63, 0xc8,                                  /* 4087: arpl ax,cx */
    0x0f, 0x94, 0x05, 0x09, 0x80, 0x00, 0x00,    /* 4089: sete BYTE PTR ds:0x8009 */
    0x66, 0xa3, 0x0a, 0x80, 0x00, 0x00,          /* 4090: mov ds:0x800a,ax */
    0x63, 0xc8,                                  /* 4096: arpl ax,cx */
    0x0f, 0x94, 0x05, 0x0c, 0x80, 0x00, 0x00,    /* 4098: sete BYTE PTR ds:0x800c */
    0xf4,                                        /* 409f: hlt */
};

/* pm_sysenter: 32-bit code at 0x4000 */
static const uint8_t pm_sysenter[] = {
    0xba, 0x0c, 0x40, 0x00, 0x00,                /* 4000: mov edx,0x400c */
    0xb9, 0x00, 0x71, 0x00, 0x00,                /* 4005: mov ecx,0x7100 */
    0x0f, 0x34,                                  /* 400a: sysenter */
    0x89, 0xe7,                                  /* 400c: mov edi,esp */
    0xcd, 0x81,                                  /* 400e: int 0x81 */
    0x89, 0xe6,                                  /* 4010: mov esi,esp */
    0x66, 0x8c, 0xcb,                            /* 4012: mov bx,cs */
    0x0f, 0x35,                                  /* 4015: sysexit */
    0xf4,                                        /* 4017: hlt */
};
#define PM_SYSENTER_AFTER 0x400c
#define PM_SYSENTER_HANDLER 0x4010
#define PM_SYSENTER_HANDLER81 0x4017

/* rm_shadow: 16-bit code at 0x4000 */
static const uint8_t rm_shadow[] = {
    0xb8, 0x00, 0x08,                            /* 4000: mov ax,0x800 */
    0xfb,                                        /* 4003: sti */
    0x8e, 0xd0,                                  /* 4004: mov ss,ax */
    0xbc, 0x00, 0x10,                            /* 4006: mov sp,0x1000 */
    0x90,                                        /* 4009: nop */
    0xf4,                                        /* 400a: hlt */
};
#define RM_SHADOW_AFTER_SP 0x4009

/* rm_shadow_handler: 16-bit code at 0x6000 */
static const uint8_t rm_shadow_handler[] = {
    0xbb, 0x77, 0x00,                            /* 6000: mov bx,0x77 */
    0xcf,                                        /* 6003: iret */
};

/* pm_df: 32-bit code at 0x4000 */
static const uint8_t pm_df[] = {
    0x66, 0xb8, 0xf8, 0x01,                      /* 4000: mov ax,0x1f8 */
    0x8e, 0xd8,                                  /* 4004: mov ds,eax */
    0xf4,                                        /* 4006: hlt */
    0x5b,                                        /* 4007: pop ebx */
    0x89, 0xe1,                                  /* 4008: mov ecx,esp */
    0xf4,                                        /* 400a: hlt */
};
#define PM_DF_FAULT 0x4004
#define PM_DF_HANDLER_DF 0x4007

/* ---- Reset -------------------------------------------------------------------- */

/* SDM Vol.3 Table 9-1: the power-on state. */
START_TEST(reset_state)
{
    uint32_t id[4];

    x86_cpuid(env, 1, 0, id);
    ck_assert_uint_eq(env->segs[R_CS].selector, 0xf000);
    ck_assert_uint_eq(env->segs[R_CS].base, 0xffff0000u);
    ck_assert_uint_eq(env->segs[R_CS].limit, 0xffff);
    ck_assert_uint_eq(env->rip, 0xfff0);
    ck_assert_uint_eq(x86_get_eflags(env), 0x2);
    ck_assert_uint_eq(env->cr[0], 0x60000010);
    ck_assert_uint_eq(env->regs[R_EDX], id[0]);
    ck_assert_uint_ne(env->regs[R_EDX], 0);
    ck_assert_uint_eq(env->regs[R_EAX], 0);
    ck_assert_uint_eq(env->dr[6], 0xffff0ff0u);
    ck_assert_uint_eq(env->dr[7], 0x400);
    ck_assert_uint_eq(env->gdt.limit, 0xffff);
    ck_assert_uint_eq(env->idt.limit, 0xffff);
    ck_assert_uint_eq(env->segs[R_DS].limit, 0xffff);
    ck_assert_uint_eq(env->segs[R_TR].flags & DESC_P_MASK, DESC_P_MASK);
    ck_assert_uint_eq(env->fpuc, 0x40);
    ck_assert_uint_eq(env->mxcsr, 0x1f80);
    ck_assert_uint_eq(env->a20_mask, ~0ull);        /* the board's: kept */
    /* Real mode, CPL 0, 16-bit code, segment bases added. */
    ck_assert_uint_eq(env->hflags & (HF_PE | HF_CPL_MASK | HF_CS32 | HF_SS32 | HF_CS64), 0);
    ck_assert_uint_eq(env->hflags & HF_ADDSEG, HF_ADDSEG);
}
END_TEST

/* ---- Real mode ------------------------------------------------------------------- */

/* From the listing: rm_far_b's return address after its lcall. */
START_TEST(real_mode_far_jmp_call_retf)
{
    LOAD(0x4000, rm_far_a);
    LOAD(0x5010, rm_far_b);
    LOAD(0x6020, rm_far_c);
    wr16(0x7000, 0x0010);            /* the far pointer ljmp [0x7000] reads */
    wr16(0x7002, 0x0500);
    enter_real(0x400, 0);

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_uint_eq(env->segs[R_CS].selector, 0x500);
    ck_assert_uint_eq(env->segs[R_CS].base, 0x5000);
    ck_assert_uint_eq(env->rip, 0x1b);                      /* past the hlt */
    ck_assert_uint_eq(env->regs[R_EBX] & 0xffff, 0x600);    /* CS in the callee */
    ck_assert_uint_eq(env->regs[R_ECX] & 0xffff, 0xffa);    /* SP there: 0x1234, CS, IP */
    ck_assert_uint_eq(env->regs[R_EDI] & 0xffff, 0x5a5a);
    /* RETF 2 dropped the pushed word too. */
    ck_assert_uint_eq(env->regs[R_ESP] & 0xffff, 0x1000);
    ck_assert_uint_eq(rd16(0x8ffa), RM_FAR_B_RET_B);
    ck_assert_uint_eq(rd16(0x8ffc), 0x500);
    ck_assert_uint_eq(rd16(0x8ffe), 0x1234);
    ck_assert_int_eq(nevents, 0);
}
END_TEST

/* INT n through the IVT: FLAGS, CS, IP pushed; IF and TF cleared; IRET restores. */
START_TEST(real_mode_int_iret)
{
    LOAD(0x4000, rm_int);
    LOAD(0x6000, rm_int_handler);
    wr16(0x21 * 4, 0x0000);
    wr16(0x21 * 4 + 2, 0x0600);
    enter_real(0, 0x4000);

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_int_eq(nevents, 1);
    ck_assert_int_eq(events[0], 0x21);
    ck_assert_uint_eq(env->regs[R_ESI] & 0xffff, 0x12);
    ck_assert_uint_eq(env->regs[R_EDX] & 0xffff, 0x9000 - 6);
    ck_assert_uint_eq(env->regs[R_ECX] & IF_MASK, 0);          /* in the handler */
    ck_assert_uint_eq(env->regs[R_EDI] & IF_MASK, IF_MASK);    /* after IRET */
    ck_assert_uint_eq(rd16(0x8ffa), RM_INT_AFTER_INT);
    ck_assert_uint_eq(rd16(0x8ffc), 0);
    ck_assert_uint_eq(rd16(0x8ffe) & (IF_MASK | 2), IF_MASK | 2);
    ck_assert_uint_eq(env->regs[R_ESP] & 0xffff, 0x9000);
    ck_assert_uint_eq(env->segs[R_CS].selector, 0);
}
END_TEST

/* String I/O moves elements of the memory operand's size (OUTS's first
 * operand is DX, whose size must not leak into it): every port access of
 * REP OUTSB/W/D and REP INSB/W/D is recorded with its size and value. */
typedef struct IoRec { uint16_t port; unsigned size; uint64_t val; bool write; } IoRec;
static IoRec io_log[32];
static int io_n;

static uint64_t rec_io_read(CPUX86State *e, uint16_t port, unsigned size)
{
    uint64_t v = 0x8877665544332211ull & (~0ull >> (64 - 8 * size));

    if (io_n < 32)
        io_log[io_n++] = (IoRec){ port, size, v, false };
    return v;
}

static void rec_io_write(CPUX86State *e, uint16_t port, uint64_t val, unsigned size)
{
    if (io_n < 32)
        io_log[io_n++] = (IoRec){ port, size, val, true };
}

START_TEST(string_io_element_sizes)
{
    static const X86MachineOps rec_ops = { .io_read = rec_io_read, .io_write = rec_io_write };
    static const uint8_t code[] = {
        0xba, 0x70, 0x01,                   /* mov dx, 0x170 */
        0xbe, 0x00, 0x05,                   /* mov si, 0x500 */
        0xb9, 0x02, 0x00,                   /* mov cx, 2 */
        0xf3, 0x6e,                         /* rep outsb */
        0xb9, 0x02, 0x00,                   /* mov cx, 2 */
        0xf3, 0x6f,                         /* rep outsw */
        0xb9, 0x02, 0x00,                   /* mov cx, 2 */
        0x66, 0xf3, 0x6f,                   /* rep outsd */
        0xbf, 0x00, 0x06,                   /* mov di, 0x600 */
        0x6c,                               /* insb */
        0x6d,                               /* insw */
        0x66, 0x6d,                         /* insd */
        0xf4,
    };
    static const unsigned sizes[] = { 1, 1, 2, 2, 4, 4, 1, 2, 4 };

    for (unsigned i = 0; i < 16; i++)
        mem[0x500 + i] = (uint8_t)(0xa0 + i);
    env->machine = &rec_ops;
    io_n = 0;
    LOAD(0x4000, code);
    enter_real(0, 0x4000);
    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_int_eq(io_n, 9);
    for (int i = 0; i < io_n; i++) {
        ck_assert_uint_eq(io_log[i].port, 0x170);
        ck_assert_uint_eq(io_log[i].size, sizes[i]);
        ck_assert(io_log[i].write == (i < 6));
    }
    /* OUTS took consecutive bytes from DS:SI, 1 + 1 + 2 + 2 + 4 + 4. */
    ck_assert_uint_eq(io_log[0].val, 0xa0);
    ck_assert_uint_eq(io_log[1].val, 0xa1);
    ck_assert_uint_eq(io_log[2].val, 0xa3a2);
    ck_assert_uint_eq(io_log[3].val, 0xa5a4);
    ck_assert_uint_eq(io_log[4].val, 0xa9a8a7a6u);
    ck_assert_uint_eq(io_log[5].val, 0xadacabaau);
    ck_assert_uint_eq(env->regs[R_ESI] & 0xffff, 0x500 + 14);
    /* INS stored 1 + 2 + 4 bytes at ES:DI. */
    ck_assert_uint_eq(mem[0x600], 0x11);
    ck_assert_uint_eq(rd16(0x601), 0x2211);
    ck_assert_uint_eq(rd32(0x603), 0x44332211u);
    ck_assert_uint_eq(env->regs[R_EDI] & 0xffff, 0x607);
    env->machine = NULL;
}
END_TEST

/* A device write that changes the memory map (PAM shadowing, a BAR moving)
 * takes effect at the very next access: the port write below maps RAM over
 * a page the code just read through the TLB. */
static MemoryRegion overlay;

static void remap_io_write(CPUX86State *e, uint16_t port, uint64_t val, unsigned size)
{
    memory_region_add_subregion_overlap(&root, 0x5000, &overlay, 1);
}

START_TEST(memory_map_change_flushes_the_tlb)
{
    static const X86MachineOps remap_ops = { .io_write = remap_io_write };
    static const uint8_t code[] = {
        0xa1, 0x00, 0x50,                   /* mov ax, [0x5000] */
        0xe6, 0x80,                         /* out 0x80, al: the map changes */
        0x8b, 0x1e, 0x00, 0x50,             /* mov bx, [0x5000] */
        0xf4,
    };

    ck_assert_int_eq(memory_region_init_ram(&overlay, "overlay", 0x1000), 0);
    memset(memory_region_get_ram_ptr(&overlay), 0xbb, 0x1000);
    wr16(0x5000, 0xaaaa);
    ck_assert_int_eq(softmmu_watch_address_space(&as), 0);
    env->machine = &remap_ops;
    LOAD(0x4000, code);
    enter_real(0, 0x4000);
    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_uint_eq(env->regs[R_EAX] & 0xffff, 0xaaaa);
    ck_assert_uint_eq(env->regs[R_EBX] & 0xffff, 0xbbbb);
    memory_region_del_subregion(&root, &overlay);
    env->machine = NULL;
}
END_TEST

/* 16-bit ModRM addressing with segment bases: DS for [bx+si], SS for [bp]. */
START_TEST(real_mode_16bit_addressing)
{
    LOAD(0x4000, rm_addr);
    wr16(0x7000 + 0x34, 0x1111);     /* DS:bx+si+4 */
    wr16(0x8000 + 0x32, 0x2222);     /* SS:bp+2 */
    wr16(0x9000 + 0x40, 0x3333);     /* ES:di */
    enter_real(0, 0x4000);

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_uint_eq(env->regs[R_EAX] & 0xffff, 0x1111);
    ck_assert_uint_eq(env->regs[R_ECX] & 0xffff, 0x2222);
    ck_assert_uint_eq(env->regs[R_EDX] & 0xffff, 0x3333);
    ck_assert_uint_eq(mem[0x7011], 0x99);
    ck_assert_uint_eq(env->segs[R_DS].base, 0x7000);
    ck_assert_uint_eq(env->segs[R_SS].base, 0x8000);
}
END_TEST

/*
 * The MOV SS interrupt shadow: a pending interrupt is taken after the
 * instruction that follows MOV SS, so it lands on the new SS:SP. The hook
 * plays the vCPU loop's interrupt acceptance between TBs.
 */
static bool irq_pending;

static bool test_exec_interrupt(VCPUCommon *cpu, int request)
{
    (void)request;
    if (!irq_pending || !(env->eflags & IF_MASK) || (env->hflags & HF_INHIBIT_IRQ))
        return false;
    irq_pending = false;
    ck_assert(x86_do_interrupt((CPUX86State *)cpu, 0x30, false, -1, env->rip));
    return true;
}

START_TEST(mov_ss_holds_off_interrupts)
{
    TCGCPUOps ops = x86_tcg_ops;
    int r;

    ops.exec_interrupt = test_exec_interrupt;
    LOAD(0x4000, rm_shadow);
    LOAD(0x6000, rm_shadow_handler);
    wr16(0x30 * 4, 0x0000);
    wr16(0x30 * 4 + 2, 0x0600);
    enter_real(0, 0x4000);
    irq_pending = true;
    atomic_store(&env->common.interrupt_request, CPU_INTERRUPT_HARD);
    do
        r = cpu_exec(&env->common, &ops);
    while (r == EXCP_EXIT_REQUEST);
    ck_assert_int_eq(r, EXCP_HLT);
    ck_assert(!irq_pending);
    ck_assert_uint_eq(env->regs[R_EBX] & 0xffff, 0x77);
    /* Taken at the NOP, on the stack MOV SP set up. */
    ck_assert_uint_eq(rd16(0x8000 + 0x1000 - 6), RM_SHADOW_AFTER_SP);
    ck_assert_uint_eq(env->regs[R_ESP] & 0xffff, 0x1000);
}
END_TEST

/* ---- Protected mode ------------------------------------------------------------------ */

/* LGDT, CR0.PE, far jump to 32-bit code; back to real mode keeping the 4 GiB
 * DS limit a real-mode load does not change (big real mode). */
START_TEST(protected_mode_entry_and_back)
{
    LOAD(0x4000, pm_entry16);
    LOAD(0x4100, pm_entry32);
    LOAD(0x4200, pm_entry_back16);
    put_desc(0x08, 0, 0xfffff, (A_CODE & ~DESC_A_MASK) | A_32);
    put_desc(0x10, 0, 0xfffff, (A_DATA & ~DESC_A_MASK) | A_32);
    put_desc(0x18, 0, 0xffff, A_CODE);
    wr16(0x7000, 0x1f);
    wr32(0x7002, GDT);
    wr32(0x8000, 0xcafef00d);
    enter_real(0, 0x4000);

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_int_eq(nevents, 0);
    ck_assert_uint_eq(env->gdt.base, GDT);
    ck_assert_uint_eq(env->gdt.limit, 0x1f);
    ck_assert_uint_eq(env->regs[R_EBX], 0xcafef00d);
    ck_assert_uint_eq(env->regs[R_ECX], 0x55);
    /* The loads set the accessed bits in the GDT. */
    ck_assert_uint_eq(rd32(GDT + 0x0c) & DESC_A_MASK, DESC_A_MASK);
    ck_assert_uint_eq(rd32(GDT + 0x14) & DESC_A_MASK, DESC_A_MASK);
    /* Real mode again: CS 0, DS base from the selector, limit kept. */
    ck_assert_uint_eq(env->hflags & (HF_PE | HF_CS32), 0);
    ck_assert_uint_eq(env->segs[R_CS].selector, 0);
    ck_assert_uint_eq(env->rip, 0x4213);
    ck_assert_uint_eq(env->segs[R_DS].selector, 0x100);
    ck_assert_uint_eq(env->segs[R_DS].base, 0x1000);
    ck_assert_uint_eq(env->segs[R_DS].limit, 0xffffffffu);
}
END_TEST

/* ring 3 -> ring 0 through an interrupt gate with the stack from TSS.ESP0;
 * IRET back to ring 3 (SDM Vol.3 Figure 6-4). */
START_TEST(interrupt_gate_privilege_change)
{
    enter_pm32(0);
    LOAD(0x4000, pm_ring);
    put_idt32(0x80, 0x08, PM_RING_HANDLER80, G_INT32, 3);
    put_idt32(0x81, 0x08, PM_RING_HANDLER81, G_INT32, 3);
    put_desc(0x28, TSS, 0x67, T_TSS32);        /* available: LTR marks it busy */

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_int_eq(nevents, 2);
    ck_assert_uint_eq(env->regs[R_EAX], 0x12);
    ck_assert_uint_eq(env->regs[R_EBX], 0x12);
    ck_assert_uint_eq(env->regs[R_ECX], 0x9000 - 20);
    ck_assert_uint_eq(env->regs[R_EDX] & 0xffff, 0x10);
    ck_assert_uint_eq(env->regs[R_ESI] & 0xffff, 0x08);
    /* The frame of the last interrupt (int 0x81): SS ESP EFLAGS CS EIP. */
    ck_assert_uint_eq(rd32(0x8ffc), 0x23);
    ck_assert_uint_eq(rd32(0x8ff8), 0x7000);
    ck_assert_uint_eq(rd32(0x8ff4), 0x202);
    ck_assert_uint_eq(rd32(0x8ff0), 0x1b);
    ck_assert_uint_eq(rd32(0x8fec), PM_RING_AFTER81);
    ck_assert_uint_eq(env->regs[R_ESP], 0x9000 - 20);
    ck_assert_uint_eq(env->hflags & HF_CPL_MASK, 0);
    ck_assert_uint_eq(env->eflags & IF_MASK, 0);            /* interrupt gate */
    ck_assert_uint_eq((rd32(GDT + 0x2c) >> 8) & 15, 11);     /* busy TSS */
    ck_assert_uint_eq(env->segs[R_TR].selector, 0x28);
}
END_TEST

/* A call gate with two parameters from ring 3 to ring 0, RETF 8 back to the
 * outer level, where ES (DPL 0) becomes null (SDM CALL, RET). */
START_TEST(call_gate_parameter_copy_and_return)
{
    enter_pm32(3);
    LOAD(0x4000, pm_gate);
    put_gate(GDT + 0x30, 0x08, PM_GATE_HANDLER, G_CALL32, 3, 2);
    put_idt32(0x81, 0x08, PM_GATE_HANDLER81, G_INT32, 3);

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_uint_eq(env->regs[R_ECX], 0x9000 - 24);
    ck_assert_uint_eq(env->regs[R_EAX], 0xbbbb);
    ck_assert_uint_eq(env->regs[R_EDX], 0xaaaa);
    ck_assert_uint_eq(env->regs[R_ESI], 0x7000 - 8);
    /* Back at ring 3 (RETF to AFTER_CALL), both parameter copies released;
     * int 0x81 then reused the ring-0 stack: its frame came from there. */
    ck_assert_uint_eq(env->regs[R_EDI], 0x7000);
    ck_assert_uint_eq(env->regs[R_EBP] & 0xffff, 0);
    ck_assert_uint_eq(rd32(0x8ff8), 0x7000);
    ck_assert_uint_eq(rd32(0x8ff0), 0x1b);
    ck_assert_uint_eq(rd32(0x8fec), PM_GATE_HANDLER);      /* right after int 0x81 */
    ck_assert_uint_eq(env->segs[R_ES].selector, 0);
}
END_TEST

/* Segment loads and far jumps refused with the SDM's error codes; the
 * faulting instruction is reported and nothing changed. */
START_TEST(load_errors_have_sdm_error_codes)
{
    static const struct {
        uint8_t code[8];
        unsigned at;                /* offset of the faulting instruction */
        int vector, err;
    } cases[] = {
        { { 0x66, 0xb8, 0xf8, 0x01, 0x8e, 0xd8 }, 4, EXCP_GP, 0x1f8 },  /* ds <- beyond GDT */
        { { 0x66, 0xb8, 0x08, 0x00, 0x8e, 0xd0 }, 4, EXCP_GP, 0x08 },   /* ss <- code */
        { { 0x66, 0xb8, 0x38, 0x00, 0x8e, 0xd8 }, 4, EXCP_NP, 0x38 },   /* ds <- not present */
        { { 0x66, 0xb8, 0x38, 0x00, 0x8e, 0xd0 }, 4, EXCP_SS, 0x38 },   /* ss <- not present */
        { { 0x66, 0xb8, 0x13, 0x00, 0x8e, 0xd8 }, 4, EXCP_GP, 0x10 },   /* RPL 3 > DPL 0 */
        { { 0x66, 0xb8, 0x00, 0x00, 0x8e, 0xd0 }, 4, EXCP_GP, 0 },      /* ss <- null */
        { { 0x66, 0xb8, 0x48, 0x00, 0x8e, 0xd8 }, 4, EXCP_GP, 0x48 },   /* execute-only */
        { { 0x66, 0xb8, 0x1b, 0x00, 0x8e, 0xd0 }, 4, EXCP_GP, 0x18 },   /* ss <- RPL != CPL */
        { { 0xea, 0, 0, 0, 0, 0x10, 0 }, 0, EXCP_GP, 0x10 },            /* ljmp to data */
        { { 0xea, 0, 0, 0, 0, 0x00, 0 }, 0, EXCP_GP, 0 },               /* ljmp null */
        { { 0xea, 0, 0, 0, 0, 0x40, 0 }, 0, EXCP_NP, 0x40 },            /* ljmp not present */
        { { 0xea, 0, 0, 0, 0, 0x1b, 0 }, 0, EXCP_GP, 0x18 },            /* ljmp to ring 3 */
    };

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int r;

        enter_pm32(0);
        /* A new program each time: a fresh code address keeps TBs apart. */
        memcpy(mem + 0x4000 + 0x100 * i, cases[i].code, sizeof(cases[i].code));
        env->rip = 0x4000 + 0x100 * i;
        r = cpu_exec(&env->common, &x86_tcg_ops);
        ck_assert_msg(r == cases[i].vector && env->error_code == cases[i].err,
                      "case %u: vector %d error 0x%x", i, r, env->error_code);
        ck_assert_uint_eq(env->rip, 0x4000 + 0x100 * i + cases[i].at);
        ck_assert_uint_eq(env->segs[R_DS].selector, 0x10);
        ck_assert_uint_eq(env->segs[R_SS].selector, 0x10);
        ck_assert_uint_eq(env->segs[R_CS].selector, 0x08);
    }
}
END_TEST

/* #GP while delivering #GP (its gate not present: #NP) is a double fault;
 * a fault while delivering #DF shuts the processor down. */
START_TEST(double_fault_then_triple_fault)
{
    enter_pm32(0);
    LOAD(0x4000, pm_df);
    put_idt32(EXCP_GP, 0x08, 0x4006, G_INT32, 0);
    wr32(IDT + 8 * EXCP_GP + 4, rd32(IDT + 8 * EXCP_GP + 4) & ~DESC_P_MASK);
    put_idt32(EXCP_DF, 0x08, PM_DF_HANDLER_DF, G_INT32, 0);

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_int_eq(nevents, 1);
    ck_assert_int_eq(events[0], EXCP_GP);
    ck_assert_uint_eq(env->regs[R_EBX], 0);                  /* #DF's error code */
    ck_assert_uint_eq(env->regs[R_ECX], 0x9000 - 12);
    ck_assert_uint_eq(rd32(0x9000 - 12), PM_DF_FAULT);

    /* Again with the #DF gate gone too. */
    enter_pm32(0);
    wr32(IDT + 8 * EXCP_DF + 4, rd32(IDT + 8 * EXCP_DF + 4) & ~DESC_P_MASK);
    ck_assert_int_eq(run(), TRIPLE);
}
END_TEST

/* A fault while delivering an external interrupt is delivered on its own,
 * with EXT set in its error code (SDM Vol.3 6.13). */
START_TEST(external_interrupt_fault_sets_ext)
{
    enter_pm32(0);
    LOAD(0x4000, pm_df);
    put_idt32(EXCP_NP, 0x08, PM_DF_HANDLER_DF, G_INT32, 0);   /* pop ebx; hlt */
    put_idt32(0x40, 0x08, 0x4000, G_INT32, 0);
    wr32(IDT + 8 * 0x40 + 4, rd32(IDT + 8 * 0x40 + 4) & ~DESC_P_MASK);
    ck_assert(x86_do_interrupt(env, 0x40, false, -1, env->rip));
    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_uint_eq(env->regs[R_EBX], 0x40 * 8 + 2 + 1);    /* IDT, EXT */
    ck_assert_uint_eq(rd32(0x9000 - 12), 0x4000);             /* the interrupted rip */
}
END_TEST

START_TEST(lar_lsl_verr_verw_arpl)
{
    enter_pm32(0);
    LOAD(0x4000, pm_lar);

    ck_assert_int_eq(run(), EXCP_HLT);
    /* 08: G D P S code R A; limit 19:16 masked ("00FxFF00H", as QEMU). */
    ck_assert_uint_eq(env->regs[R_EBX], 0x00c09b00);
    ck_assert_uint_eq(mem[0x8000], 1);
    ck_assert_uint_eq(env->regs[R_EDX], 0xdeadbeef);        /* beyond the GDT: unchanged */
    ck_assert_uint_eq(mem[0x8001], 0);
    ck_assert_uint_eq(env->regs[R_ESI], 0xffffffff);        /* LSL of a flat 4 GiB segment */
    ck_assert_uint_eq(mem[0x8002], 1);
    ck_assert_uint_eq(env->regs[R_EDI], 0x67);              /* LSL of the TSS */
    ck_assert_uint_eq(mem[0x8003], 1);
    ck_assert_uint_eq(mem[0x8004], 1);                      /* VERR code R */
    ck_assert_uint_eq(mem[0x8005], 0);                      /* VERW code */
    ck_assert_uint_eq(mem[0x8006], 1);                      /* VERW data W */
    ck_assert_uint_eq(mem[0x8007], 0);                      /* RPL 3 > DPL 0 */
    ck_assert_uint_eq(env->regs[R_EBP], 0x00008900);        /* available TSS32 */
    ck_assert_uint_eq(mem[0x8008], 1);
    ck_assert_uint_eq(mem[0x8009], 1);                      /* ARPL raised RPL */
    ck_assert_uint_eq(rd16(0x800a), 0x13);
    ck_assert_uint_eq(mem[0x800c], 0);                      /* already RPL 3 */
}
END_TEST

START_TEST(sysenter_sysexit)
{
    enter_pm32(3);
    LOAD(0x4000, pm_sysenter);
    put_idt32(0x81, 0x08, PM_SYSENTER_HANDLER81, G_INT32, 3);
    env->sysenter_cs = 0x08;
    env->sysenter_esp = 0x9000;
    env->sysenter_eip = PM_SYSENTER_HANDLER;

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_uint_eq(env->regs[R_ESI], 0x9000);
    ck_assert_uint_eq(env->regs[R_EBX] & 0xffff, 0x08);
    ck_assert_uint_eq(env->regs[R_EDI], 0x7100);            /* SYSEXIT's ECX */
    /* int 0x81 came from SYSEXIT's CS 0x1b, SS 0x23. */
    ck_assert_uint_eq(rd32(0x8ffc), 0x23);
    ck_assert_uint_eq(rd32(0x8ff0), 0x1b);
}
END_TEST

/* ---- Long mode ----------------------------------------------------------------------- */

/*
 * IRETQ to ring 3; INT 0x80 through an IST1 gate (stack aligned down to 16),
 * INT3 through RSP0 with SS a null selector, INT 0x82 through a DPL-0 gate:
 * #GP(0x82*8+2) reported at the INT instruction (SDM Vol.3 6.14).
 */
START_TEST(long_mode_ist_iretq_and_gate_dpl)
{
    enter_long(0);
    LOAD(0x4000, lm_ring);
    put_idt64(0x80, 0x10, LM_RING_HANDLER80, 3, 1);
    put_idt64(EXCP_BP, 0x10, LM_RING_HANDLER_BP, 3, 0);
    put_idt64(0x82, 0x10, LM_RING_HANDLER_GP, 0, 0);
    put_idt64(EXCP_GP, 0x10, LM_RING_HANDLER_GP, 0, 0);

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_int_eq(nevents, 3);
    ck_assert_int_eq(events[2], 0x82);
    ck_assert_uint_eq(env->regs[R_R8], 0xb000 - 40);
    ck_assert_uint_eq(rd64(0xb000 - 8), 0x2b);
    ck_assert_uint_eq(rd64(0xb000 - 16), 0x7008);
    ck_assert_uint_eq(rd64(0xb000 - 24), 0x202);
    ck_assert_uint_eq(rd64(0xb000 - 32), 0x33);
    ck_assert_uint_eq(rd64(0xb000 - 40), LM_RING_AFTER80);
    ck_assert_uint_eq(env->regs[R_R9], 0);                   /* SS: null, RPL 0 */
    ck_assert_uint_eq(env->regs[R_EBX], 0x12);
    ck_assert_uint_eq(env->regs[R_R10], 0x9000 - 40);
    ck_assert_uint_eq(env->regs[R_R11], 0);
    /* The #GP frame: error code, then rip of the INT 0x82 itself. */
    ck_assert_uint_eq(env->regs[R_R12], 0x82 * 8 + 2);
    ck_assert_uint_eq(env->regs[R_R13], 0x9000 - 40);
    ck_assert_uint_eq(rd64(0x9000 - 40), LM_RING_AFTER_BP);
    ck_assert_uint_eq(rd64(0x9000 - 16), 0x7008);
    ck_assert_uint_eq(env->hflags & (HF_CPL_MASK | HF_CS64), HF_CS64);
    ck_assert_uint_eq(env->segs[R_TR].selector, 0x40);
}
END_TEST

START_TEST(syscall_sysret_round_trip)
{
    enter_long(3);
    LOAD(0x4000, lm_syscall);
    env->star = (0x23ull << 48) | (0x10ull << 32);
    env->lstar = LM_SYSCALL_HANDLER;
    env->fmask = IF_MASK;
    env->eflags |= IF_MASK;
    env->cc_src = 0;
    env->cc_op = CC_OP_EFLAGS;

    ck_assert_int_eq(run(), EXCP_HLT);
    ck_assert_uint_eq(env->regs[R_R8], LM_SYSCALL_AFTER1);
    ck_assert_uint_eq(env->regs[R_R9], 0x202);
    ck_assert_uint_eq(env->regs[R_R10], 0x10);
    ck_assert_uint_eq(env->regs[R_R12], 0x18);
    ck_assert_uint_eq(env->regs[R_R13], 0x7000);
    ck_assert_uint_eq(env->regs[R_R14] & IF_MASK, 0);       /* FMASK */
    ck_assert_uint_eq(env->regs[R_EBX], 43);
    /* The second SYSCALL came from SYSRET's ring 3: CS 0x33 SS 0x2b. */
    ck_assert_uint_eq(env->regs[R_R11] & IF_MASK, IF_MASK);
    ck_assert_uint_eq(env->segs[R_CS].selector, 0x10);
    ck_assert_uint_eq(env->segs[R_SS].selector, 0x18);
    ck_assert_uint_eq(env->hflags & HF_CPL_MASK, 0);
    ck_assert_int_eq(nevents, 0);
}
END_TEST

/* XCR0: CR4.OSXSAVE exists only where CPUID has XSAVE; XSETBV takes x87|SSE
 * and refuses SSE without x87; XGETBV without CR4.OSXSAVE is #UD. */
static const uint8_t lm_xsetbv[] = {
    0x0f, 0x20, 0xe0,                   /* mov rax, cr4 */
    0x0d, 0x00, 0x00, 0x04, 0x00,       /* or eax, CR4.OSXSAVE */
    0x0f, 0x22, 0xe0,                   /* mov cr4, rax */
    0x31, 0xc9,                         /* xor ecx, ecx */
    0x31, 0xd2,                         /* xor edx, edx */
    0xb8, 0x03, 0x00, 0x00, 0x00,       /* mov eax, 3 */
    0x0f, 0x01, 0xd1,                   /* xsetbv */
    0x31, 0xc0,                         /* xor eax, eax */
    0x0f, 0x01, 0xd0,                   /* xgetbv */
    0x89, 0xc3,                         /* mov ebx, eax */
    0xb8, 0x02, 0x00, 0x00, 0x00,       /* mov eax, 2: SSE without x87 */
    0x0f, 0x01, 0xd1,                   /* xsetbv: #GP(0) */
    0xf4,
};

/* Each case at its own address: RAM written behind the translator's back
 * does not invalidate the TBs of an earlier case. */
static int xcr_run(const char *model, uint64_t at, const uint8_t *code, size_t len)
{
    static const uint8_t hlt[] = { 0xf4 };

    env->model = x86_cpu_model_find(model);
    enter_long(0);
    memcpy(mem + at, code, len);
    env->rip = at;
    LOAD(0x6000, hlt);
    put_idt64(EXCP_UD, 0x10, 0x6000, 0, 0);
    put_idt64(EXCP_GP, 0x10, 0x6000, 0, 0);
    env->regs[R_EBX] = 0x5a5a;
    return run();
}

START_TEST(xsetbv_xgetbv_and_cr4_osxsave)
{
    static const uint8_t xgetbv[] = { 0x31, 0xc9, 0x0f, 0x01, 0xd0, 0xf4 };
    uint32_t r[4];

    ck_assert_int_eq(xcr_run("max", 0x4000, lm_xsetbv, sizeof(lm_xsetbv)), EXCP_HLT);
    ck_assert_uint_eq(env->regs[R_EBX], 3);
    ck_assert_uint_eq(env->xcr0, 3);
    ck_assert_int_eq(nevents, 1);
    ck_assert_int_eq(events[0], EXCP_GP);
    ck_assert_uint_eq(env->regs[R_EAX], 2);         /* the refused value, XCR0 kept */
    x86_cpuid(env, 1, 0, r);
    ck_assert_uint_eq(r[2] >> 26 & 3, 3);           /* XSAVE, OSXSAVE */
    x86_cpuid(env, 0xd, 0, r);
    ck_assert_uint_eq(r[0], 3);
    ck_assert_uint_eq(r[2], 576);

    /* qemu64 has no XSAVE: setting CR4.OSXSAVE is #GP, nothing else ran. */
    nevents = 0;
    x86_cpu_reset(env);
    ck_assert_int_eq(xcr_run("qemu64", 0x4100, lm_xsetbv, sizeof(lm_xsetbv)), EXCP_HLT);
    ck_assert_int_eq(nevents, 1);
    ck_assert_int_eq(events[0], EXCP_GP);
    ck_assert_uint_eq(env->regs[R_EBX], 0x5a5a);
    ck_assert_uint_eq(env->cr[4] & CR4_OSXSAVE, 0);
    x86_cpuid(env, 0xd, 0, r);
    ck_assert_uint_eq(r[0] | r[1] | r[2], 0);

    /* XGETBV with CR4.OSXSAVE clear: #UD even where XSAVE exists. */
    nevents = 0;
    x86_cpu_reset(env);
    ck_assert_int_eq(xcr_run("max", 0x4200, xgetbv, sizeof(xgetbv)), EXCP_HLT);
    ck_assert_int_eq(nevents, 1);
    ck_assert_int_eq(events[0], EXCP_UD);
}
END_TEST

/* SYSRET to a non-canonical RCX: #GP(0) at CPL 0, before anything changes. */
START_TEST(sysret_noncanonical_rcx_faults_at_cpl0)
{
    static const uint8_t code[] = { 0x48, 0x0f, 0x07 };      /* sysretq */
    int r;

    enter_long(0);
    LOAD(0x4000, code);
    env->star = (0x23ull << 48) | (0x10ull << 32);
    env->regs[R_ECX] = 0x0000800000000000ull;
    r = cpu_exec(&env->common, &x86_tcg_ops);
    ck_assert_int_eq(r, EXCP_GP);
    ck_assert_int_eq(env->error_code, 0);
    ck_assert_uint_eq(env->rip, 0x4000);
    ck_assert_uint_eq(env->segs[R_CS].selector, 0x10);
    ck_assert_uint_eq(env->hflags & HF_CPL_MASK, 0);
}
END_TEST

/* ---- Robustness ------------------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* One helper call; a guest exception unwinds here like it would to cpu_exec. */
static int call_helper(int which)
{
    uint16_t sel = (uint16_t)rnd();
    uint64_t off = rnd() & 0xffff;

    env->common.exception_index = -1;
    if (sigsetjmp(env->common.jmp_env, 0))
        return env->common.exception_index;
    switch (which) {
    case 0: helper_load_seg(env, rnd() % 6 == 1 ? R_DS : rnd() % 6, sel); break;
    case 1: helper_ljmp(env, sel, off, 0x4000); break;
    case 2: helper_lcall(env, sel, off, 0x4000, 2u << (rnd() % 3)); break;
    case 3: helper_lret(env, 2u << (rnd() % 3), rnd() & 0xff); break;
    case 4: helper_iret(env, 2u << (rnd() % 3), 0x4000); break;
    case 5: helper_lar(env, sel); helper_lsl(env, sel); helper_verr(env, sel);
            helper_verw(env, sel); break;
    case 6: helper_lldt(env, sel); break;
    case 7: helper_ltr(env, sel); break;
    case 8: helper_syscall(env, 0x4000); break;
    case 9: helper_sysret(env, rnd() & 1 ? 8 : 4); break;
    default:
        if (!x86_do_interrupt(env, (int)(rnd() & 0xff), rnd() & 1, (int)(rnd() & 0xffff), off))
            return TRIPLE;
        break;
    }
    return -1;
}

/*
 * Random descriptor tables, TSS and stacks under every mode: every helper
 * either completes or raises one of the exceptions segmentation raises,
 * and the mode flags always agree with the state (never a crash; clean
 * under --enable-sanitizers).
 */
START_TEST(random_tables_never_crash)
{
    static const int ok[] = { -1, EXCP_GP, EXCP_NP, EXCP_SS, EXCP_TS, EXCP_UD, EXCP_PF, TRIPLE };

    for (int iter = 0; iter < 3000; iter++) {
        unsigned mode = (unsigned)(rnd() % 5);
        int r;
        bool good = false;

        for (unsigned i = 0; i < 0x100; i += 8)
            wr64(GDT + i, rnd());
        for (unsigned i = 0; i < 0x1000; i += 8)
            wr64(IDT + i, rnd() & ~(rnd() & 0x0000800000000000ull));
        for (unsigned i = 0; i < 0x68; i += 8)
            wr64(TSS + i, rnd() & 0x00000000ffff9ff0ull);
        for (unsigned i = 0; i < 0x40; i += 8)
            wr64(0x7000 - 0x20 + i, rnd()), wr64(0x9000 - 0x20 + i, rnd());
        if (mode == 0) {
            x86_cpu_reset(env);
            enter_real((unsigned)rnd() & 0xffff, 0);
        } else if (mode <= 2) {
            x86_cpu_reset(env);
            enter_pm32(mode == 2 ? 3 : 0);
        } else {
            x86_cpu_reset(env);
            enter_long(mode == 4 ? 3 : 0);
        }
        /* enter_* wrote sane descriptors; scribble over some of them again. */
        for (unsigned i = 0; i < 4; i++)
            wr32(GDT + (rnd() & 0xf8) + 4 * (rnd() & 1), (uint32_t)rnd());
        env->segs[R_LDTR].base = GDT;
        env->segs[R_LDTR].limit = 0xff;
        env->regs[R_ESP] = (rnd() & 1 ? 0x9000 : 0x7000) - 0x10;
        env->eflags = (rnd() & (VM_MASK | NT_MASK | IOPL_MASK | IF_MASK | TF_MASK)) | 2;
        if (mode != 1 && mode != 2)
            env->eflags &= ~(uint64_t)VM_MASK;
        x86_update_hflags(env);
        r = call_helper((int)(rnd() % 11));
        for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
            good |= r == ok[i];
        ck_assert_msg(good, "iteration %d: exception %d", iter, r);
        if (r == -1) {
            uint32_t h = env->hflags;

            x86_update_hflags(env);
            ck_assert_uint_eq(h, env->hflags);
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("seg");
    TCase *t = tcase_create("seg");

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, reset_state);
    tcase_add_test(t, real_mode_far_jmp_call_retf);
    tcase_add_test(t, real_mode_int_iret);
    tcase_add_test(t, real_mode_16bit_addressing);
    tcase_add_test(t, mov_ss_holds_off_interrupts);
    tcase_add_test(t, protected_mode_entry_and_back);
    tcase_add_test(t, interrupt_gate_privilege_change);
    tcase_add_test(t, call_gate_parameter_copy_and_return);
    tcase_add_test(t, load_errors_have_sdm_error_codes);
    tcase_add_test(t, double_fault_then_triple_fault);
    tcase_add_test(t, external_interrupt_fault_sets_ext);
    tcase_add_test(t, lar_lsl_verr_verw_arpl);
    tcase_add_test(t, sysenter_sysexit);
    tcase_add_test(t, long_mode_ist_iretq_and_gate_dpl);
    tcase_add_test(t, syscall_sysret_round_trip);
    tcase_add_test(t, sysret_noncanonical_rcx_faults_at_cpl0);
    tcase_add_test(t, xsetbv_xgetbv_and_cr4_osxsave);
    tcase_add_test(t, string_io_element_sizes);
    tcase_add_test(t, memory_map_change_flushes_the_tlb);
    tcase_add_test(t, random_tables_never_crash);
    suite_add_tcase(s, t);
    return check_run(s, true);
}
