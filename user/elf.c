/*
 * The ELF64 loader of vireo-x86_64: static executables (ET_EXEC),
 * static-PIE (ET_DYN without PT_INTERP), and dynamically linked programs
 * when -L names a sysroot holding their PT_INTERP: the program is placed as
 * Linux's binfmt_elf places it, the interpreter (ld.so, ET_DYN) at a free
 * load bias below the stack, and execution starts in the interpreter, which
 * finds the program through AT_PHDR/AT_ENTRY and itself through AT_BASE.
 * The headers are read as bytes, little-endian, and every field is checked
 * against the file before use. Each image is one RAM region spanning all its
 * PT_LOAD segments; the table in mmap.c gives each segment's pages their
 * protection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/error.h"
#include "tcg/softmmu.h"
#include "user/user.h"

/* ELF64 (System V gABI, x86-64 psABI) */
#define ET_EXEC   2
#define ET_DYN    3
#define EM_X86_64 62
#define PT_LOAD   1
#define PT_INTERP 3
#define PT_PHDR   6
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define MAX_PHNUM 64
/* Where a static-PIE goes, as Linux places ET_DYN programs. */
#define PIE_BIAS 0x555555554000ull
/* Addresses a segment may occupy: the user half below the stack. */
#define LOAD_LIMIT (USER_STACK_TOP - USER_STACK_SIZE)

typedef struct Phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
} Phdr;

static uint64_t le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = n; i-- > 0;)
        v = (v << 8) | p[i];
    return v;
}

static int fail(const char *path, const char *why)
{
    error_report("%s: %s", path, why);
    return -1;
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (!f)
        return NULL;
    do {
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 1 << 16);

            if (!nb) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *size = n;
    return buf;
}

static int prot_of(uint32_t flags)
{
    return ((flags & PF_R) ? PAGE_READ : 0) | ((flags & PF_W) ? PAGE_WRITE : 0) |
           ((flags & PF_X) ? PAGE_EXEC : 0);
}

/*
 * Map the image in f. interp: NULL when loading an interpreter (which may
 * not have one itself), else where the program's PT_INTERP path goes ("" if
 * none). An interpreter goes wherever there is room; img->base is its bias.
 */
static int load(const char *path, const uint8_t *f, size_t size, UserImage *img, char *interp)
{
    Phdr ph[MAX_PHNUM];
    uint64_t type, phoff, phentsize, phnum, bias, lo = UINT64_MAX, hi = 0;
    unsigned nload = 0;

    if (size < EHDR_SIZE || memcmp(f, "\177ELF", 4))
        return fail(path, "not an ELF executable");
    if (f[4] != 2 || f[5] != 1)
        return fail(path, "not a 64-bit little-endian ELF file");
    type = le(f + 16, 2);
    if (le(f + 18, 2) != EM_X86_64)
        return fail(path, "not an x86-64 program");
    if (type != ET_EXEC && type != ET_DYN)
        return fail(path, "not an executable");
    phoff = le(f + 32, 8);
    phentsize = le(f + 54, 2);
    phnum = le(f + 56, 2);
    if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHNUM ||
        phoff > size || phnum * PHDR_SIZE > size - phoff)
        return fail(path, "bad program headers");
    /* An interpreter's bias is chosen once its span is known. */
    bias = type == ET_DYN && interp ? PIE_BIAS : 0;
    if (interp)
        interp[0] = 0;

    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = f + phoff + i * PHDR_SIZE;
        Phdr *h = &ph[i];

        h->type = (uint32_t)le(p, 4);
        h->flags = (uint32_t)le(p + 4, 4);
        h->offset = le(p + 8, 8);
        h->vaddr = le(p + 16, 8);
        h->filesz = le(p + 32, 8);
        h->memsz = le(p + 40, 8);
        h->align = le(p + 48, 8);
        if (h->type == PT_INTERP) {
            if (!interp)
                return fail(path, "bad interpreter: it names an interpreter itself");
            if (!user_sysroot)
                return fail(path, "dynamically linked: needs -L SYSROOT");
            if (h->offset > size || h->filesz > size - h->offset || h->filesz < 2 ||
                h->filesz > USER_PATH_MAX || f[h->offset + h->filesz - 1] != 0)
                return fail(path, "bad interpreter path");
            memcpy(interp, f + h->offset, h->filesz);
        }
        if (h->type != PT_LOAD)
            continue;
        if (h->offset > size || h->filesz > size - h->offset || h->filesz > h->memsz ||
            h->vaddr > LOAD_LIMIT - bias || h->memsz > LOAD_LIMIT - bias - h->vaddr ||
            (h->vaddr & (USER_PAGE_SIZE - 1)) != (h->offset & (USER_PAGE_SIZE - 1)))
            return fail(path, "bad loadable segment");
        if (h->vaddr < lo)
            lo = h->vaddr;
        if (h->vaddr + h->memsz > hi)
            hi = h->vaddr + h->memsz;
        nload++;
    }
    if (!nload || hi <= lo)
        return fail(path, "no loadable segment");
    lo = USER_PAGE_TRUNC(lo);
    hi = USER_PAGE_ALIGN(hi);

    /* Reserve the whole span, then give each segment's pages their rights. */
    if (!interp) {
        int64_t at = user_mmap(0, hi - lo, 0, false);

        if (at < 0)
            return fail(path, "cannot allocate memory");
        bias = (uint64_t)at - lo;
    } else if (lo + bias < USER_PAGE_SIZE * 16) {
        return fail(path, "bad loadable segment");
    } else if (user_mmap(lo + bias, hi - lo, 0, true) < 0) {
        return fail(path, "cannot allocate memory");
    }
    for (unsigned i = 0; i < phnum; i++) {
        const Phdr *h = &ph[i];
        uint64_t s = USER_PAGE_TRUNC(h->vaddr + bias), e = USER_PAGE_ALIGN(h->vaddr + bias + h->memsz);

        if (h->type != PT_LOAD || !h->memsz)
            continue;
        if (user_poke(h->vaddr + bias, f + h->offset, h->filesz) < 0)
            return fail(path, "cannot load segment");
        if (user_mprotect(s, e - s, prot_of(h->flags)) < 0)
            return fail(path, "cannot load segment");
    }
    /* Pages shared by two segments get the union of their rights. */
    for (unsigned i = 0; i < phnum; i++)
        for (unsigned j = 0; j < phnum; j++) {
            uint64_t ei, sj;

            if (i == j || ph[i].type != PT_LOAD || ph[j].type != PT_LOAD ||
                !ph[i].memsz || !ph[j].memsz)
                continue;
            ei = USER_PAGE_ALIGN(ph[i].vaddr + ph[i].memsz) - USER_PAGE_SIZE;
            sj = USER_PAGE_TRUNC(ph[j].vaddr);
            if (ei == sj && ph[i].vaddr < ph[j].vaddr)
                user_mprotect(sj + bias, USER_PAGE_SIZE, prot_of(ph[i].flags | ph[j].flags));
        }

    img->entry = le(f + 24, 8) + bias;
    img->phent = PHDR_SIZE;
    img->phnum = phnum;
    img->phdr = 0;
    for (unsigned i = 0; i < phnum; i++) {
        if (ph[i].type == PT_PHDR)
            img->phdr = ph[i].vaddr + bias;
        else if (!img->phdr && ph[i].type == PT_LOAD && ph[i].offset <= phoff &&
                 phoff - ph[i].offset < ph[i].filesz)
            img->phdr = ph[i].vaddr + bias + (phoff - ph[i].offset);
    }
    img->brk = hi + bias;
    img->base = interp ? 0 : bias;
    img->start = img->entry;
    if (!user_access_ok(img->entry, 1, PAGE_EXEC))
        return fail(path, "entry point outside the program");
    return 0;
}

static int load_file(const char *path, UserImage *img, char *interp)
{
    size_t size;
    uint8_t *f = read_file(path, &size);
    int ret;

    if (!f) {
        error_report("%s: %s", path, strerror(errno));
        return -1;
    }
    ret = load(path, f, size, img, interp);
    free(f);
    return ret;
}

int user_elf_load(const char *path, UserImage *img)
{
    char interp[USER_PATH_MAX];
    UserImage ld;

    if (load_file(path, img, interp) < 0)
        return -1;
    if (!interp[0])
        return 0;
    /* PT_INTERP is an absolute path of the target system: the sysroot's copy. */
    user_path_map(interp, sizeof(interp));
    if (load_file(interp, &ld, NULL) < 0)
        return -1;
    img->base = ld.base;
    img->start = ld.entry;
    return 0;
}
