/*
 * XSAVE, XRSTOR and XGETBV on the x87 and SSE components, printed as hex so
 * the native run and the vireo-x86_64 run can be compared byte for byte.
 * Only components 0 and 1 are ever requested (EDX:EAX <= 3): the host's
 * XCR0 has more (AVX...), the emulated CPU offers exactly these two, and
 * RFBM = XCR0 & EDX:EAX makes both CPUs do the same work. Each save that
 * must see the state a restore left is in the same asm statement, so no
 * compiler-generated SSE code runs in between.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define AREA 576

static _Alignas(64) uint8_t area[AREA + 128], area2[AREA + 64];
static sigjmp_buf jb;

static void on_fault(int sig)
{
    siglongjmp(jb, sig);
}

static void dump(const char *what, const uint8_t *p, unsigned len)
{
    printf("%s:", what);
    for (unsigned i = 0; i < len; i++)
        printf("%s%02x", i % 32 ? "" : "\n  ", p[i]);
    printf("\n");
}

static void xsave(void *p, uint64_t mask)
{
    __asm__ volatile("xsave (%0)" : : "r"(p), "a"((uint32_t)mask), "d"((uint32_t)(mask >> 32))
                     : "memory");
}

static void xrstor(const void *p, uint64_t mask)
{
    __asm__ volatile("xrstor (%0)" : : "r"(p), "a"((uint32_t)mask), "d"((uint32_t)(mask >> 32))
                     : "memory");
}

/* A known x87 and SSE state: three values on the stack, a control word,
 * XMM0-15 and MXCSR set from a pattern. */
static void set_state(unsigned seed)
{
    static _Alignas(16) uint8_t x[16][16];
    static double d[3];
    uint32_t mx = 0x1f80 ^ ((seed & 3) << 13);      /* rounding control */
    uint16_t cw = (uint16_t)(0x37f & ~(seed & 1 ? 0x300 : 0));

    for (unsigned r = 0; r < 16; r++)
        for (unsigned i = 0; i < 16; i++)
            x[r][i] = (uint8_t)(seed * 31 + r * 17 + i * 3);
    d[0] = 1.5 + seed;
    d[1] = -2.25;
    d[2] = 1e300;
    __asm__ volatile("fninit; fldcw %0; fldl %1; fldl %2; fldl %3"
                     : : "m"(cw), "m"(d[0]), "m"(d[1]), "m"(d[2]));
    __asm__ volatile("ldmxcsr %0" : : "m"(mx));
    __asm__ volatile("movdqa 0(%0), %%xmm0; movdqa 16(%0), %%xmm1; movdqa 32(%0), %%xmm2\n\t"
                     "movdqa 48(%0), %%xmm3; movdqa 64(%0), %%xmm4; movdqa 80(%0), %%xmm5\n\t"
                     "movdqa 96(%0), %%xmm6; movdqa 112(%0), %%xmm7; movdqa 128(%0), %%xmm8\n\t"
                     "movdqa 144(%0), %%xmm9; movdqa 160(%0), %%xmm10; movdqa 176(%0), %%xmm11\n\t"
                     "movdqa 192(%0), %%xmm12; movdqa 208(%0), %%xmm13; movdqa 224(%0), %%xmm14\n\t"
                     "movdqa 240(%0), %%xmm15"
                     : : "r"(x) : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                       "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

/* Run one faulting case: prints the signal or "ok". */
#define TRY(name, stmt)                                                   \
    do {                                                                  \
        int sig_ = sigsetjmp(jb, 1);                                      \
        if (!sig_) {                                                      \
            stmt;                                                         \
            printf("%s: ok\n", name);                                     \
        } else {                                                          \
            printf("%s: signal %d\n", name, sig_);                        \
        }                                                                 \
    } while (0)

int main(void)
{
    uint32_t lo, hi;
    uint64_t xstate_bv;

    signal(SIGSEGV, on_fault);
    signal(SIGILL, on_fault);
    signal(SIGBUS, on_fault);

    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    printf("xcr0 x87 sse: %u\n", lo & 3);

    /* A full save of both components into a zeroed area. */
    for (unsigned seed = 0; seed < 4; seed++) {
        memset(area, 0, sizeof(area));
        set_state(seed);
        xsave(area, 3);
        printf("seed %u ", seed);
        dump("save 3", area, AREA);
    }

    /* Partial masks: the other component's bytes, and the other XSTATE_BV
     * bits, stay as they were. */
    for (uint64_t mask = 0; mask < 4; mask++) {
        memset(area, 0xaa, sizeof(area));
        memset(area + 512, 0, 64);
        area[512] = 0xfc;                   /* XSTATE_BV bits the save must keep */
        set_state(5);
        xsave(area, mask);
        printf("mask %llu ", (unsigned long long)mask);
        dump("save", area, AREA);
    }

    /* Restore from a crafted area and save it back at once. */
    memset(area, 0, sizeof(area));
    set_state(7);
    xsave(area, 3);
    set_state(2);
    memset(area2, 0x55, sizeof(area2));
    memset(area2 + 512, 0, 64);
    __asm__ volatile("xrstor (%0); xsave (%1)" : : "r"(area), "r"(area2), "a"(3), "d"(0) : "memory");
    dump("restore-save", area2, AREA);

    /* XSTATE_BV = 0: both components to their initial configuration
     * (MXCSR still comes from memory), and the next save says so. */
    memcpy(&xstate_bv, area + 512, 8);
    printf("xstate_bv after state: %llx\n", (unsigned long long)xstate_bv);
    memset(area + 512, 0, 8);
    set_state(3);
    memset(area2, 0x55, sizeof(area2));
    memset(area2 + 512, 0, 64);
    __asm__ volatile("xrstor (%0); xsave (%1)" : : "r"(area), "r"(area2), "a"(3), "d"(0) : "memory");
    dump("init-save", area2, AREA);

    /* Only the x87 component initialised, SSE loaded. */
    set_state(1);
    xsave(area, 3);
    area[512] = 2;
    set_state(6);
    memset(area2, 0, sizeof(area2));
    __asm__ volatile("xrstor (%0); xsave (%1)" : : "r"(area), "r"(area2), "a"(3), "d"(0) : "memory");
    dump("x87-init-save", area2, AREA);

    /* Faults: alignment, header garbage, reserved MXCSR bits. (What the
     * state is afterwards cannot be compared: the kernel resets it for the
     * signal handler, and siglongjmp does not bring it back.) */
    set_state(4);
    xsave(area, 3);
    TRY("xsave misaligned 16", xsave(area + 16, 3));
    TRY("xrstor misaligned 32", xrstor(area + 32, 3));
    memcpy(area2, area, AREA);
    area2[512 + 7] = 0x40;                  /* XSTATE_BV bit 62: not in XCR0 */
    TRY("xrstor xstate_bv bit 62", xrstor(area2, 3));
    memcpy(area2, area, AREA);
    area2[512 + 8] = 1;                     /* XCOMP_BV */
    TRY("xrstor xcomp_bv 1", xrstor(area2, 3));
    memcpy(area2, area, AREA);
    area2[512 + 16] = 1;                    /* reserved header byte 16 */
    TRY("xrstor header byte 16", xrstor(area2, 3));
    memcpy(area2, area, AREA);
    area2[512 + 24] = 1;                    /* header byte 24 */
    TRY("xrstor header byte 24", xrstor(area2, 3));
    memcpy(area2, area, AREA);
    area2[24 + 2] = 1;                      /* MXCSR bit 16 */
    TRY("xrstor mxcsr bit 16", xrstor(area2, 3));
    TRY("xrstor mxcsr bit 16 x87 only", xrstor(area2, 1));

    TRY("xgetbv ecx 2", __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(2)));
    TRY("xsetbv at cpl 3", __asm__ volatile("xsetbv" : : "a"(3), "d"(0), "c"(0)));
    return 0;
}
