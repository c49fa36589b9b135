/*
 * x86 disassembly through capstone (Debian's libcapstone-dev), in the
 * layout QEMU prints for -d in_asm/out_asm and the monitor's x/i:
 *   0x000ffff0:  ea 5b e0 00 f0           ljmpw    $0xf000:$0xe05b
 * (AT&T syntax, the bytes of each instruction, eight to a line). Built
 * without capstone (disas-none.c), it prints the bytes only.
 */
#ifndef SYSTEM_DISAS_H
#define SYSTEM_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Print up to max_insns instructions (0: all) of the len bytes at code,
 * which sit at address addr, as code of `bits` (16, 32 or 64); addr_digits:
 * the minimum hex digits of the address column. Returns the bytes consumed
 * (an undecodable byte counts as one "(bad)" instruction).
 */
size_t disas_x86(FILE *out, const uint8_t *code, size_t len, uint64_t addr, int bits,
                 unsigned max_insns, int addr_digits);

#endif
