/*
 * CPU models and the CPUID instruction. A model is a row of a table: its
 * identification and the feature bits it reports. Vireo reports only
 * features it implements: a model's bits are masked with x86_implemented,
 * so `-cpu max` grows as the CPU does, and guests never take a path that
 * would fault.
 */
#ifndef CPU_X86_CPUID_H
#define CPU_X86_CPUID_H

#include <stdint.h>

#include "cpu/x86/cpu.h"

/* Feature words, by the CPUID leaf and register that report them. */
enum {
    FEAT_1_EDX, FEAT_1_ECX, FEAT_7_0_EBX, FEAT_7_0_ECX, FEAT_7_0_EDX,
    FEAT_8000_0001_EDX, FEAT_8000_0001_ECX, FEAT_WORDS
};

struct X86CPUModel {
    const char *name;
    const char *description;        /* for -cpu help */
    char vendor[13];                /* "AuthenticAMD", "GenuineIntel" */
    uint8_t family, model, stepping;
    uint32_t level, xlevel;         /* highest basic / extended leaf */
    uint32_t features[FEAT_WORDS];
    const char *model_id;           /* brand string, up to 48 chars */
};

extern const X86CPUModel x86_cpu_models[];
extern const unsigned x86_nb_cpu_models;

/* What this build of Vireo implements, per feature word. */
extern const uint32_t x86_implemented[FEAT_WORDS];

const X86CPUModel *x86_cpu_model_find(const char *name);

/* CPUID leaf/subleaf for env's model: out = { eax, ebx, ecx, edx } */
void x86_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

#endif
