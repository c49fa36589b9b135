/*
 * The native backend's code buffer: one large region reserved at first use
 * (MAP_NORESERVE: pages cost only once written), TBs bump-allocated one
 * after the other, all of it dropped at once by tb_flush. Mapped read-write-
 * execute when the host allows it; else (SELinux execmem, PaX) the same
 * memfd pages are mapped twice, writable and executable, and code is written
 * through the first and run through the second.
 *
 * The first bytes hold the prologue and the epilogue shared by every TB.
 */
#include "tcg/x86_64/native.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "system/error.h"

#define CODE_BUFFER_DEFAULT (256u << 20)
#define FRAME_EXTRA 24        /* outgoing 7th argument + alignment: see native.h */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t want_size = CODE_BUFFER_DEFAULT;
static uint8_t *rx_base;      /* executable view */
static uint8_t *rw_base;      /* writable view (== rx_base when RWX) */
static size_t size, used, first_tb;
static const void *epilogue;

void code_buffer_lock(void) { pthread_mutex_lock(&lock); }
void code_buffer_unlock(void) { pthread_mutex_unlock(&lock); }

static int map_buffer(size_t sz)
{
    void *p = mmap(NULL, sz, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    int fd;

    if (p != MAP_FAILED) {
        rx_base = rw_base = p;
        return 0;
    }
    /* W^X: two views of one memfd. */
    fd = memfd_create("vireo-code", MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (ftruncate(fd, (off_t)sz) < 0)
        goto fail;
    p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
    if (p == MAP_FAILED)
        goto fail;
    rw_base = p;
    p = mmap(NULL, sz, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_NORESERVE, fd, 0);
    if (p == MAP_FAILED) {
        munmap(rw_base, sz);
        rw_base = NULL;
        goto fail;
    }
    rx_base = p;
    close(fd);
    return 0;
fail:
    {
        int err = -errno;

        close(fd);
        return err;
    }
}

/*
 * uintptr_t prologue(void *env, const void *entry): save the callee-saved
 * registers, keep env in r14, make rsp 16-byte aligned (SysV ABI 3.2.2: at
 * entry rsp + 8 is aligned; 6 pushes and 24 bytes make it so), jump to the
 * TB. The epilogue undoes it and returns rax, the exit value.
 */
static void gen_prologue(NativeGen *g)
{
    static const int saved[] = { R_RBP, R_RBX, R_R12, R_R13, R_R14, R_R15 };

    for (unsigned i = 0; i < 6; i++)
        x86_push(g, saved[i]);
    x86_alu_ri(g, true, ALU_SUB, R_RSP, FRAME_EXTRA);
    x86_mov_rr(g, true, R_ENV, R_RDI);
    x86_rr(g, 0xff, 4, R_RSI);                       /* jmp rsi */
    while (g->len % 16)
        x86_byte(g, 0xcc);
    epilogue = g->code_rx + g->len;
    x86_alu_ri(g, true, ALU_ADD, R_RSP, FRAME_EXTRA);
    for (unsigned i = 6; i-- > 0;)
        x86_pop(g, saved[i]);
    x86_byte(g, 0xc3);                               /* ret */
}

static int ensure_buffer(void)
{
    NativeGen g;
    int ret;

    if (rx_base)
        return 0;
    ret = map_buffer(want_size);
    if (ret < 0) {
        error_report("native backend: cannot map %zu bytes of code buffer: %s", want_size,
                     strerror(-ret));
        return ret;
    }
    size = want_size;
    memset(&g, 0, sizeof(g));
    g.code = rw_base;
    g.code_rx = rx_base;
    g.cap = size < 256 ? size : 256;
    gen_prologue(&g);
    if (g.overflow)
        return -ENOSPC;
    first_tb = used = (g.len + 63) & ~(size_t)63;
    return 0;
}

int tcg_native_set_code_size(size_t bytes)
{
    code_buffer_lock();
    if (rx_base) {
        if (rw_base != rx_base)
            munmap(rw_base, size);
        munmap(rx_base, size);
        rx_base = rw_base = NULL;
    }
    want_size = bytes ? bytes : CODE_BUFFER_DEFAULT;
    code_buffer_unlock();
    return 0;
}

int code_buffer_begin(uint8_t **rw, const uint8_t **rx, size_t *cap)
{
    int ret = ensure_buffer();

    if (ret < 0)
        return ret;
    *rw = rw_base + used;
    *rx = rx_base + used;
    *cap = size - used;
    return 0;
}

void code_buffer_commit(size_t len)
{
    used = (used + len + 63) & ~(size_t)63;
    if (used > size)
        used = size;
}

void code_buffer_reset(void)
{
    code_buffer_lock();
    used = first_tb;
    code_buffer_unlock();
}

uint8_t *code_buffer_rw(const void *rx)
{
    return rw_base + ((const uint8_t *)rx - rx_base);
}

const void *code_buffer_epilogue(void)
{
    return epilogue;
}

uintptr_t code_buffer_enter(void *env, const void *entry)
{
    uintptr_t (*prologue)(void *, const void *);

    /* An object pointer to a function pointer: POSIX dlsym's guarantee. */
    memcpy(&prologue, &rx_base, sizeof(prologue));
    return prologue(env, entry);
}
