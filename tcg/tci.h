/*
 * The portable interpreter's bytecode: the contract between its translator
 * (tci.c, which also decodes it for dumps) and its loop (tci-exec.c).
 *
 * A TB becomes a stream of uint32_t words. Each op is an opcode word (a
 * TCGOpcode or TCI_OP_ENVPTR, | TCI_IMM when its last input is an
 * immediate, | TCI_ENV when the base of a ld/st is env itself) followed by
 * its operands; tci_format() in tci.c spells out every layout. Operands:
 *   - values: byte offsets from env. A global lives at its mem_offset; temp
 *     n at tci_frame_off(n), in VCPUCommon.tcg_frame (temp indices recycled
 *     at each insn_start recycle their slots too). A 32-bit value is read
 *     and written as a uint32_t at its offset, a 64-bit one as a uint64_t,
 *     so the layout is the same on big- and little-endian hosts;
 *   - immediates: one word for 32-bit ops, two (low, high) for 64-bit ones;
 *     a constant with no immediate form is first copied to its own frame
 *     slot by a movi;
 *   - branch targets: word index in the TB's stream;
 *   - conditions, MemOps, MemOpIdx, ld/st offsets (int32_t), bit fields
 *     (pos | len << 8), goto_tb slots: one word; helper and exit_tb values:
 *     two words.
 * Every TB ends with an exit_tb returning tb | TB_EXIT_NOCHAIN, in case the
 * translator's last op falls through.
 */
#ifndef TCG_TCI_H
#define TCG_TCI_H

#include <stddef.h>
#include <stdint.h>

#include "tcg/cpu-common.h"
#include "tcg/tb.h"
#include "tcg/tcg.h"

enum {
    TCI_OP_ENVPTR = TCG_OP_COUNT,   /* [op, d]: d = the env pointer itself */
    TCI_OP_COUNT,
    TCI_IMM = 0x80,
    TCI_ENV = 0x100,
};
_Static_assert(TCI_OP_COUNT <= TCI_IMM, "opcodes overlap the variant bits");

#define TCI_NONE UINT32_MAX         /* a call without result */

/* What tb->code points to. */
typedef struct TCICode {
    uint32_t nb_words;
    uint32_t nb_insns;
    const uint32_t *insn_off;       /* word index of each guest instruction's first op */
    uint32_t words[];
} TCICode;

/* A 64-bit immediate: two words, low first. */
static inline uint64_t tci_imm64(const uint32_t *p)
{
    return p[0] | (uint64_t)p[1] << 32;
}

static inline uint32_t tci_frame_off(unsigned temp)
{
    return (uint32_t)(offsetof(VCPUCommon, tcg_frame) + 8 * temp);
}

/* TCGBackend.exec: run tb and whatever it chains to. */
uintptr_t tci_exec(void *env, TranslationBlock *tb);

#endif
