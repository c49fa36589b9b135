/*
 * The CPU state as text, in QEMU's layout (its x86_cpu_dump_state), so that
 * `info registers` and `-d cpu` read the same as users know them and
 * scripts that parse them keep working. See dump.h.
 */
#include "cpu/x86/dump.h"

#include <inttypes.h>

#include "cpu/x86/cc.h"
#include "cpu/x86/seg.h"

static const char *const seg_names[NB_SEGS] = { "ES", "CS", "SS", "DS", "FS", "GS", "LDT", "TR" };

/* System descriptor types by mode (SDM Vol.3 table 3-2), as QEMU names them. */
static const char *const sys_type_names[2][16] = {
    { "Reserved", "TSS16-avl", "LDT", "TSS16-busy", "CallGate16", "TaskGate", "IntGate16",
      "TrapGate16", "Reserved", "TSS32-avl", "Reserved", "TSS32-busy", "CallGate32", "Reserved",
      "IntGate32", "TrapGate32" },
    { "<hiword>", "Reserved", "LDT", "Reserved", "Reserved", "Reserved", "Reserved", "Reserved",
      "Reserved", "TSS64-avl", "Reserved", "TSS64-busy", "CallGate64", "Reserved", "IntGate64",
      "TrapGate64" },
};

static void dump_seg(const CPUX86State *env, FILE *f, int seg)
{
    const SegmentCache *sc = &env->segs[seg];
    bool lma = env->hflags & HF_LMA;
    uint32_t fl = sc->flags;

    if (lma)
        fprintf(f, "%-3s=%04x %016" PRIx64 " %08x %08x", seg_names[seg], sc->selector, sc->base,
                sc->limit, fl);
    else
        fprintf(f, "%-3s=%04x %08x %08x %08x", seg_names[seg], sc->selector, (uint32_t)sc->base,
                sc->limit, fl);
    /* The descriptor decoded, once there are descriptors (protected mode). */
    if ((env->hflags & HF_PE) && (fl & DESC_P_MASK)) {
        fprintf(f, " DPL=%u ", (fl & DESC_DPL_MASK) >> DESC_DPL_SHIFT);
        if (!(fl & DESC_S_MASK)) {
            fputs(sys_type_names[lma][(fl & DESC_TYPE_MASK) >> DESC_TYPE_SHIFT], f);
        } else if (fl & DESC_CS_MASK) {
            fprintf(f, "%s [%c%c%c]", (fl & DESC_L_MASK) ? "CS64" : (fl & DESC_B_MASK) ? "CS32" : "CS16",
                    (fl & DESC_C_MASK) ? 'C' : '-', (fl & DESC_R_MASK) ? 'R' : '-',
                    (fl & DESC_A_MASK) ? 'A' : '-');
        } else {
            fprintf(f, "%s [%c%c%c]", (fl & DESC_B_MASK) || lma ? "DS  " : "DS16",
                    (fl & DESC_E_MASK) ? 'E' : '-', (fl & DESC_W_MASK) ? 'W' : '-',
                    (fl & DESC_A_MASK) ? 'A' : '-');
        }
    }
    fputc('\n', f);
}

void x86_cpu_dump_state(const CPUX86State *env, FILE *f, bool fpu)
{
    static const char *const names64[16] = {
        "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8 ", "R9 ", "R10", "R11", "R12", "R13", "R14", "R15",
    };
    /* QEMU's print order: A B C D, SI DI BP SP, then R8-R15. */
    static const int order[16] = { R_EAX, R_EBX, R_ECX, R_EDX, R_ESI, R_EDI, R_EBP, R_ESP,
                                   8, 9, 10, 11, 12, 13, 14, 15 };
    uint32_t eflags = (uint32_t)x86_get_eflags(env);
    bool lma = env->hflags & HF_LMA;
    unsigned fptag = 0;

    if (lma) {
        for (int i = 0; i < 16; i++)
            fprintf(f, "%s=%016" PRIx64 "%c", names64[order[i]], env->regs[order[i]],
                    (i & 3) == 3 ? '\n' : ' ');
        fprintf(f, "RIP=%016" PRIx64 " RFL=%08x", env->rip, eflags);
    } else {
        for (int i = 0; i < 8; i++)
            fprintf(f, "E%s=%08x%c", names64[order[i]] + 1, (uint32_t)env->regs[order[i]],
                    (i & 3) == 3 ? '\n' : ' ');
        fprintf(f, "EIP=%08x EFL=%08x", (uint32_t)env->rip, eflags);
    }
    fprintf(f, " [%c%c%c%c%c%c%c] CPL=%u II=%d A20=%d SMM=0 HLT=%d\n",
            eflags & DF_MASK ? 'D' : '-', eflags & CC_O ? 'O' : '-', eflags & CC_S ? 'S' : '-',
            eflags & CC_Z ? 'Z' : '-', eflags & CC_A ? 'A' : '-', eflags & CC_P ? 'P' : '-',
            eflags & CC_C ? 'C' : '-', env->hflags & HF_CPL_MASK,
            (env->hflags & HF_INHIBIT_IRQ) != 0, (int)((env->a20_mask >> 20) & 1), env->halted);
    for (int s = 0; s < NB_SEGS; s++)
        dump_seg(env, f, s);
    if (lma) {
        fprintf(f, "GDT=     %016" PRIx64 " %08x\n", env->gdt.base, env->gdt.limit);
        fprintf(f, "IDT=     %016" PRIx64 " %08x\n", env->idt.base, env->idt.limit);
        fprintf(f, "CR0=%08x CR2=%016" PRIx64 " CR3=%016" PRIx64 " CR4=%08x\n",
                (uint32_t)env->cr[0], env->cr[2], env->cr[3], (uint32_t)env->cr[4]);
    } else {
        fprintf(f, "GDT=     %08x %08x\n", (uint32_t)env->gdt.base, env->gdt.limit);
        fprintf(f, "IDT=     %08x %08x\n", (uint32_t)env->idt.base, env->idt.limit);
        fprintf(f, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n", (uint32_t)env->cr[0],
                (uint32_t)env->cr[2], (uint32_t)env->cr[3], (uint32_t)env->cr[4]);
    }
    for (int i = 0; i < 4; i++)
        fprintf(f, "DR%d=%016" PRIx64 " ", i, env->dr[i]);
    fprintf(f, "\nDR6=%016" PRIx64 " DR7=%016" PRIx64 "\n", env->dr[6], env->dr[7]);
    fprintf(f, "EFER=%016" PRIx64 "\n", env->efer);
    if (!fpu)
        return;
    for (int i = 0; i < 8; i++)
        fptag |= (env->fptags[i] ? 0u : 1u) << i;
    fprintf(f, "FCW=%04x FSW=%04x [ST=%u] FTW=%02x MXCSR=%08x\n", env->fpuc,
            (env->fpus & ~0x3800u) | (env->fpstt & 7) << 11, env->fpstt & 7, fptag, env->mxcsr);
    for (int i = 0; i < 8; i++)
        fprintf(f, "FPR%d=%016" PRIx64 " %04x%c", i, env->fpregs[i].mant, env->fpregs[i].sign_exp,
                (i & 1) ? '\n' : ' ');
    for (int i = 0; i < (lma ? 16 : 8); i++)
        fprintf(f, "XMM%02d=%016" PRIx64 " %016" PRIx64 "%c", i, env->xmm[i].q[1], env->xmm[i].q[0],
                (i & 1) ? '\n' : ' ');
}
