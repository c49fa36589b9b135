/*
 * What a dynamically linked program learns from its auxiliary vector and
 * the loader, and a library it opens at run time (dlopen): AT_BASE is where ld.so sits, AT_ENTRY is the program's
 * _start, AT_PHDR/AT_PHNUM are the program headers the loader reports for
 * the main program. Addresses differ between runs, so relations print.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <dlfcn.h>

extern char _start[];

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    int *first = data;

    (void)size;
    if (*first) {       /* the first object is the main program */
        *first = 0;
        printf("main phdr matches AT_PHDR: %d, phnum matches: %d\n",
               (unsigned long)info->dlpi_phdr == getauxval(AT_PHDR),
               info->dlpi_phnum == getauxval(AT_PHNUM));
    }
    return 0;
}

int main(void)
{
    Dl_info di;
    int first = 1;
    unsigned long base = getauxval(AT_BASE);

    printf("AT_ENTRY is _start: %d\n", getauxval(AT_ENTRY) == (unsigned long)_start);
    printf("AT_BASE set: %d, page aligned: %d\n", base != 0, (base & 4095) == 0);
    printf("AT_PAGESZ %lu, AT_PHENT %lu\n", getauxval(AT_PAGESZ), getauxval(AT_PHENT));
    dl_iterate_phdr(phdr_cb, &first);
    /* ld.so's own headers are at AT_BASE: the ELF magic is there. */
    printf("ELF magic at AT_BASE: %d\n", base && !memcmp((void *)base, ELFMAG, SELFMAG));
    if (dladdr((void *)printf, &di))
        printf("printf is in a libc: %d\n", di.dli_fname && !!strstr(di.dli_fname, "libc.so"));
    {
        void *m = dlopen("libm.so.6", RTLD_NOW);
        double (*hyp)(double, double) = m ? (double (*)(double, double))dlsym(m, "hypot") : NULL;

        printf("dlopen libm: %d, hypot(3, 4) = %a\n", !!m, hyp ? hyp(3, 4) : -1.0);
    }
    return 0;
}
