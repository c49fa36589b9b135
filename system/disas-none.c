/* disas.h without capstone: the bytes, sixteen to a line, no mnemonics. */
#include "system/disas.h"

size_t disas_x86(FILE *out, const uint8_t *code, size_t len, uint64_t addr, int bits,
                 unsigned max_insns, int addr_digits)
{
    size_t off = 0;

    (void)bits;
    for (unsigned n = 0; off < len && (!max_insns || n < max_insns); n++) {
        fprintf(out, "0x%0*llx: ", addr_digits, (unsigned long long)(addr + off));
        for (size_t i = 0; i < 16 && off < len; i++, off++)
            fprintf(out, " %02x", code[off]);
        fputs("  (no disassembler: Vireo was built without capstone)\n", out);
    }
    return off;
}
