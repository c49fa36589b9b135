/*
 * What every translated CPU's state begins with: the soft-MMU TLB, the
 * interpreter's temp frame, the exit request and the exception jump. The
 * architecture's own state (CPUX86State) embeds this as its FIRST member, so
 * one env pointer reaches both, and IR globals are byte offsets from it.
 */
#ifndef TCG_CPU_COMMON_H
#define TCG_CPU_COMMON_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>

#include "tcg/tb.h"
#include "tcg/tcg.h"

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ull << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

/* 1024 entries per MMU index (4 MiB of pages): 256 thrashed on gzip's and
 * sort's working sets. A flush clears only the indexes in use (tlb_clean). */
#define TLB_BITS 10
#define TLB_SIZE (1u << TLB_BITS)
#define NB_MMU_MODES 4
#define VTLB_SIZE 8

/*
 * Flags in the low bits of a TLB entry's address fields (pages are aligned,
 * so these bits are free). Any flag set forces the slow path.
 */
#define TLB_INVALID  (1ull << 0)   /* no translation cached */
#define TLB_MMIO     (1ull << 1)   /* not RAM: dispatch through the memory API */
#define TLB_NOTDIRTY (1ull << 2)   /* RAM holding translated code: writes invalidate it */
#define TLB_FLAGS_MASK 7ull

typedef struct CPUTLBEntry {
    uint64_t addr_read;       /* page | flags, or -1 */
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;         /* host address = guest address + addend */
} CPUTLBEntry;

/* Extra per-page data for the slow path: where the page really is. */
typedef struct CPUTLBIotlb {
    uint64_t paddr;           /* guest physical page */
    uint32_t attrs;
} CPUTLBIotlb;

typedef enum MMUAccessType { MMU_DATA_LOAD = 0, MMU_DATA_STORE = 1, MMU_INST_FETCH = 2 } MMUAccessType;

struct VCPUCommon;

/* What the architecture provides to the common execution code. */
typedef struct VCPUOps {
    /*
     * Translate vaddr for access; on success call tlb_set_page() and return.
     * On a guest fault, raise the guest exception (cpu_loop_exit: longjmp).
     */
    void (*tlb_fill)(struct VCPUCommon *cpu, uint64_t vaddr, unsigned size,
                     MMUAccessType access, unsigned mmu_idx);
    /* A MO_ALIGN access was misaligned: raise the guest's fault (no return). */
    void (*unaligned)(struct VCPUCommon *cpu, uint64_t vaddr, MMUAccessType access,
                      unsigned mmu_idx);
} VCPUOps;

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

typedef struct VCPUCommon {
    CPUTLBEntry tlb[NB_MMU_MODES][TLB_SIZE];
    CPUTLBIotlb iotlb[NB_MMU_MODES][TLB_SIZE];
    /* Entries the direct-mapped TLB evicted, searched on a miss before a
     * fill: two hot pages on one index (the stack and a buffer 1 TiB below
     * it, say) then swap instead of refilling. Soft MMU private. */
    CPUTLBEntry vtlb[NB_MMU_MODES][VTLB_SIZE];
    CPUTLBIotlb viotlb[NB_MMU_MODES][VTLB_SIZE];
    uint8_t vtlb_next[NB_MMU_MODES];
    /* Bit m: tlb[m] holds no valid entry (so tlb_flush skips it). Zero, as in
     * a zeroed VCPUCommon, means "may hold anything". Soft MMU private. */
    uint32_t tlb_clean;
    uint64_t tcg_frame[TCG_MAX_TEMPS];    /* the interpreter's temps (see tcg/tci.c) */
    atomic_int exit_request;              /* any thread: stop at the next TB boundary */
    atomic_int tlb_flush_pending;         /* any thread: flush the TLB before the next TB */
    atomic_int interrupt_request;         /* any thread: architecture's CPU_INTERRUPT_* bits */
    sigjmp_buf jmp_env;                   /* guest exceptions unwind to the exec loop */
    const VCPUOps *ops;
    void *address_space;                  /* AddressSpace * of this CPU's memory */
    TranslationBlock *jmp_cache[TB_JMP_CACHE_SIZE];
    /* Set by the backend before calling a helper or a slow path, so a fault
     * can find the guest instruction: see TCGBackend.fault_insn. */
    const void *tci_ip;
    const TranslationBlock *current_tb;
    /* Why cpu_exec returned: an architecture's exception number, or EXCP_EXIT_REQUEST. */
    int exception_index;
    /* The MemOp of the access being filled, for VCPUOps.tlb_fill. */
    uint32_t fill_memop;
    /* TB_CF_* wanted for the next TB only (single-step after a fault...). */
    uint32_t cflags_next;
} VCPUCommon;

/* cpu_exec returned because exit_request was set (architectures use 0..0xffff). */
#define EXCP_EXIT_REQUEST 0x10000

#endif
