/* CPU models and CPUID: see cpuid.h. Bit positions from SDM Vol.2 CPUID. */
#include "cpu/x86/cpuid.h"

#include <string.h>

#include "cpu/x86/helper-xsave.h"
#include "cpu/x86/seg.h"

#include "system/cutils.h"

/* Leaf 1 EDX */
#define F_FPU     (1u << 0)
#define F_VME     (1u << 1)
#define F_DE      (1u << 2)
#define F_PSE     (1u << 3)
#define F_TSC     (1u << 4)
#define F_MSR     (1u << 5)
#define F_PAE     (1u << 6)
#define F_MCE     (1u << 7)
#define F_CX8     (1u << 8)
#define F_APIC    (1u << 9)
#define F_SEP     (1u << 11)
#define F_MTRR    (1u << 12)
#define F_PGE     (1u << 13)
#define F_MCA     (1u << 14)
#define F_CMOV    (1u << 15)
#define F_PAT     (1u << 16)
#define F_PSE36   (1u << 17)
#define F_CLFLUSH (1u << 19)
#define F_MMX     (1u << 23)
#define F_FXSR    (1u << 24)
#define F_SSE     (1u << 25)
#define F_SSE2    (1u << 26)
/* Leaf 1 ECX */
#define F_SSE3    (1u << 0)
#define F_PCLMUL  (1u << 1)
#define F_SSSE3   (1u << 9)
#define F_CX16    (1u << 13)
#define F_SSE41   (1u << 19)
#define F_SSE42   (1u << 20)
#define F_MOVBE   (1u << 22)
#define F_POPCNT  (1u << 23)
#define F_AES     (1u << 25)
#define F_XSAVE   (1u << 26)
#define F_OSXSAVE (1u << 27)
#define F_RDRAND  (1u << 30)
#define F_HYPERVISOR (1u << 31)
/* Leaf 7.0 EBX */
#define F_BMI1    (1u << 3)
#define F_BMI2    (1u << 8)
#define F_RDSEED  (1u << 18)
#define F_ADX     (1u << 19)
/* Leaf 8000_0001 EDX */
#define F_SYSCALL (1u << 11)
#define F_NX      (1u << 20)
#define F_RDTSCP  (1u << 27)
#define F_LM      (1u << 29)
/* Leaf 8000_0001 ECX */
#define F_LAHF_LM (1u << 0)
#define F_SVM     (1u << 2)
#define F_ABM     (1u << 5)       /* LZCNT */

/*
 * Implemented so far: the general-purpose instruction set and the
 * system-level bits the model tables name. x87, MMX and SSE join as the
 * translator implements them (they are not reported until then).
 */
const uint32_t x86_implemented[FEAT_WORDS] = {
    [FEAT_1_EDX] = F_FPU | F_DE | F_PSE | F_TSC | F_MSR | F_PAE | F_MCE | F_CX8 | F_APIC |
                   F_SEP | F_MTRR | F_PGE | F_MCA | F_CMOV | F_PAT | F_PSE36 | F_CLFLUSH |
                   F_MMX | F_FXSR | F_SSE | F_SSE2,
    [FEAT_1_ECX] = F_CX16 | F_MOVBE | F_POPCNT | F_RDRAND | F_HYPERVISOR |
                   F_SSE3 | F_SSSE3 | F_SSE41 | F_SSE42 | F_AES | F_PCLMUL | F_XSAVE,
    [FEAT_7_0_EBX] = F_BMI1 | F_BMI2 | F_RDSEED | F_ADX,
    [FEAT_8000_0001_EDX] = F_SYSCALL | F_NX | F_RDTSCP | F_LM,
    [FEAT_8000_0001_ECX] = F_LAHF_LM | F_ABM,
};

#define PPRO_FEATURES (F_FPU | F_DE | F_PSE | F_TSC | F_MSR | F_MCE | F_CX8 | F_PGE | \
                       F_CMOV | F_PAT | F_FXSR | F_MMX | F_SSE | F_SSE2 | F_PAE | F_SEP | F_APIC)

const X86CPUModel x86_cpu_models[] = {
    {
        /* What QEMU's qemu64 reports (its default x86-64 model). */
        .name = "qemu64",
        .description = "QEMU Virtual CPU version 2.5+",
        .vendor = "AuthenticAMD",
        .family = 15, .model = 107, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000000a,
        .features = {
            [FEAT_1_EDX] = PPRO_FEATURES | F_MTRR | F_CLFLUSH | F_MCA | F_PSE36,
            [FEAT_1_ECX] = F_SSE3 | F_CX16 | F_HYPERVISOR,
            [FEAT_8000_0001_EDX] = F_LM | F_SYSCALL | F_NX,
            [FEAT_8000_0001_ECX] = F_LAHF_LM | F_SVM,
        },
        .model_id = "QEMU Virtual CPU version 2.5+",
    },
    {
        /* Everything Vireo implements. */
        .name = "max",
        .description = "Enables all features supported by the accelerator in the current host",
        .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 7,
        .level = 0xd, .xlevel = 0x80000008,
        .features = {
            [FEAT_1_EDX] = ~0u, [FEAT_1_ECX] = ~0u, [FEAT_7_0_EBX] = ~0u,
            [FEAT_7_0_ECX] = ~0u, [FEAT_7_0_EDX] = ~0u,
            [FEAT_8000_0001_EDX] = ~0u, [FEAT_8000_0001_ECX] = ~0u,
        },
        .model_id = "Vireo TCG CPU",
    },
};
const unsigned x86_nb_cpu_models = ARRAY_SIZE(x86_cpu_models);

const X86CPUModel *x86_cpu_model_find(const char *name)
{
    for (unsigned i = 0; i < x86_nb_cpu_models; i++) {
        if (!strcmp(x86_cpu_models[i].name, name))
            return &x86_cpu_models[i];
    }
    return NULL;
}

static uint32_t feature(const X86CPUModel *m, unsigned w)
{
    return m->features[w] & x86_implemented[w];
}

static uint32_t str4(const char *s)
{
    return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 |
           (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

void x86_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    const X86CPUModel *m = env->model ? env->model : &x86_cpu_models[0];
    char brand[48] = { 0 };

    memset(out, 0, 4 * sizeof(uint32_t));
    if (leaf < 0x80000000u && leaf > m->level)
        leaf = m->level;          /* out of range: the highest basic leaf (Intel) */
    if (leaf >= 0x80000000u && leaf > m->xlevel)
        return;
    switch (leaf) {
    case 0:
        out[0] = m->level;
        out[1] = str4(m->vendor);
        out[3] = str4(m->vendor + 4);
        out[2] = str4(m->vendor + 8);
        break;
    case 1: {
        unsigned fam = m->family, mod = m->model;
        out[0] = (uint32_t)m->stepping | (mod & 0xf) << 4 | (fam > 0xf ? 0xf : fam) << 8 |
                 (mod >> 4) << 16 | (fam > 0xf ? fam - 0xf : 0) << 20;
        /* CLFLUSH line size 64 bytes; the initial APIC ID (= the CPU index,
         * as the board numbers the local APICs) */
        out[1] = 8u << 8 | (uint32_t)env->cpu_index << 24;
        out[2] = feature(m, FEAT_1_ECX);
        if ((out[2] & F_XSAVE) && (env->cr[4] & CR4_OSXSAVE))
            out[2] |= F_OSXSAVE;
        out[3] = feature(m, FEAT_1_EDX);
        break;
    }
    case 0xd:
        /* XSAVE state: x87 and SSE, both in the 512-byte legacy region, plus
         * the 64-byte header. Sub-leaf 1 (XSAVEOPT, XSAVEC...) stays 0. */
        if ((feature(m, FEAT_1_ECX) & F_XSAVE) && subleaf == 0) {
            out[0] = XSTATE_X87 | XSTATE_SSE;
            out[1] = out[2] = 576;
        }
        break;
    case 7:
        if (subleaf == 0) {
            out[1] = feature(m, FEAT_7_0_EBX);
            out[2] = feature(m, FEAT_7_0_ECX);
            out[3] = feature(m, FEAT_7_0_EDX);
        }
        break;
    case 0x80000000u:
        out[0] = m->xlevel;
        out[1] = str4(m->vendor);
        out[3] = str4(m->vendor + 4);
        out[2] = str4(m->vendor + 8);
        break;
    case 0x80000001u:
        out[2] = feature(m, FEAT_8000_0001_ECX);
        out[3] = feature(m, FEAT_8000_0001_EDX);
        break;
    case 0x80000002u: case 0x80000003u: case 0x80000004u:
        strncpy(brand, m->model_id, sizeof(brand) - 1);
        for (int i = 0; i < 4; i++)
            out[i] = str4(brand + 16 * (leaf - 0x80000002u) + 4 * i);
        break;
    case 0x80000008u:
        out[0] = 40 | 48 << 8;    /* EAX[7:0] = 40 physical, EAX[15:8] = 48 virtual address bits */
        break;
    default:
        break;
    }
}
