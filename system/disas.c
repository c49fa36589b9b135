/* disas.h on capstone. */
#include "system/disas.h"

#include <capstone.h>

/* QEMU's cap_insn_split for x86: the bytes column holds eight, longer ones continue below. */
#define BYTES_PER_LINE 8

static void print_bytes(FILE *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < BYTES_PER_LINE; i++) {
        if (i < n)
            fprintf(out, "%02x ", b[i]);
        else
            fputs("   ", out);
    }
}

size_t disas_x86(FILE *out, const uint8_t *code, size_t len, uint64_t addr, int bits,
                 unsigned max_insns, int addr_digits)
{
    cs_mode mode = bits == 16 ? CS_MODE_16 : bits == 32 ? CS_MODE_32 : CS_MODE_64;
    csh h;
    cs_insn *insn;
    size_t off = 0;
    unsigned n = 0;

    if (cs_open(CS_ARCH_X86, mode, &h) != CS_ERR_OK)
        return 0;
    cs_option(h, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    insn = cs_malloc(h);
    while (off < len && (!max_insns || n < max_insns)) {
        const uint8_t *p = code + off;
        size_t left = len - off, size;
        uint64_t a = addr + off;

        if (insn && cs_disasm_iter(h, &p, &left, &a, insn)) {
            size = insn->size;
            fprintf(out, "0x%0*llx:  ", addr_digits, (unsigned long long)(addr + off));
            print_bytes(out, code + off, size < BYTES_PER_LINE ? size : BYTES_PER_LINE);
            fprintf(out, " %-8s %s\n", insn->mnemonic, insn->op_str);
            for (size_t k = BYTES_PER_LINE; k < size; k += BYTES_PER_LINE) {
                fprintf(out, "0x%0*llx:  ", addr_digits, (unsigned long long)(addr + off + k));
                print_bytes(out, code + off + k, size - k < BYTES_PER_LINE ? size - k : BYTES_PER_LINE);
                fputc('\n', out);
            }
        } else {
            size = 1;
            fprintf(out, "0x%0*llx:  ", addr_digits, (unsigned long long)(addr + off));
            print_bytes(out, code + off, 1);
            fputs(" (bad)\n", out);
        }
        off += size;
        n++;
    }
    if (insn)
        cs_free(insn, 1);
    cs_close(&h);
    return off;
}
