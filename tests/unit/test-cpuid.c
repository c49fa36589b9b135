/* CPU models and CPUID: identification, feature masking, the instruction. */
#include "tests/unit/check-run.h"
#include <string.h>

#include "cpu/x86/cpuid.h"
#include "tests/cpu/vireo-run.h"

static CPUX86State env_for(const char *model)
{
    CPUX86State env;

    memset(&env, 0, sizeof(env));
    env.model = x86_cpu_model_find(model);
    return env;
}

START_TEST(qemu64_identifies_as_qemu_does)
{
    CPUX86State env = env_for("qemu64");
    uint32_t r[4];
    char vendor[13] = { 0 }, brand[49] = { 0 };

    ck_assert_ptr_nonnull(env.model);
    x86_cpuid(&env, 0, 0, r);
    ck_assert_uint_eq(r[0], 0xd);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    ck_assert_str_eq(vendor, "AuthenticAMD");
    /* family 15, model 107 (0x6b: extended model 6), stepping 1 */
    x86_cpuid(&env, 1, 0, r);
    ck_assert_uint_eq(r[0], 0x00060fb1);
    for (uint32_t leaf = 0x80000002u; leaf <= 0x80000004u; leaf++) {
        x86_cpuid(&env, leaf, 0, r);
        memcpy(brand + 16 * (leaf - 0x80000002u), r, 16);
    }
    ck_assert_str_eq(brand, "QEMU Virtual CPU version 2.5+");
    x86_cpuid(&env, 0x80000000u, 0, r);
    ck_assert_uint_eq(r[0], 0x8000000a);
}
END_TEST

/* Every model reports a subset of what is implemented, and max all of it. */
START_TEST(models_report_only_implemented_features)
{
    static const struct { uint32_t leaf; int reg; unsigned word; } words[] = {
        { 1, 3, FEAT_1_EDX }, { 1, 2, FEAT_1_ECX }, { 7, 1, FEAT_7_0_EBX },
        { 0x80000001u, 3, FEAT_8000_0001_EDX }, { 0x80000001u, 2, FEAT_8000_0001_ECX },
    };

    for (unsigned m = 0; m < x86_nb_cpu_models; m++) {
        CPUX86State env = env_for(x86_cpu_models[m].name);

        for (unsigned w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
            uint32_t r[4];

            x86_cpuid(&env, words[w].leaf, 0, r);
            ck_assert_uint_eq(r[words[w].reg] & ~x86_implemented[words[w].word], 0);
            if (!strcmp(x86_cpu_models[m].name, "max"))
                ck_assert_uint_eq(r[words[w].reg], x86_implemented[words[w].word]);
        }
    }
}
END_TEST

START_TEST(out_of_range_leaves)
{
    CPUX86State env = env_for("qemu64");
    uint32_t hi[4], top[4];

    /* Above the highest basic leaf: the highest basic leaf's values (Intel). */
    x86_cpuid(&env, 0x40, 0, hi);
    x86_cpuid(&env, 0xd, 0, top);
    ck_assert_mem_eq(hi, top, sizeof(hi));
    x86_cpuid(&env, 0x8000001f, 0, hi);
    ck_assert_uint_eq(hi[0] | hi[1] | hi[2] | hi[3], 0);
}
END_TEST

/* The instruction itself, through the translator (default model qemu64). */
START_TEST(cpuid_instruction)
{
    static const uint8_t code[] = { 0x31, 0xc0, 0x0f, 0xa2 };   /* xor eax, eax; cpuid */
    static TestCase tc;
    static TestResult res;

    test_case_init(&tc, "cpuid", code, sizeof(code));
    tc.init.gpr[TEST_RBX] = ~0ull;
    ck_assert_int_eq(vireo_run(&tc, &res), 0);
    ck_assert_int_eq(res.fault.signal, 0);
    ck_assert_uint_eq(res.state.gpr[TEST_RAX], 0xd);
    ck_assert_uint_eq(res.state.gpr[TEST_RBX], 0x68747541);    /* "Auth", upper half cleared */
    ck_assert_uint_eq(res.state.gpr[TEST_RDX], 0x69746e65);    /* "enti" */
    ck_assert_uint_eq(res.state.gpr[TEST_RCX], 0x444d4163);    /* "cAMD" */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cpuid");
    TCase *t = tcase_create("cpuid");

    tcase_add_test(t, qemu64_identifies_as_qemu_does);
    tcase_add_test(t, models_report_only_implemented_features);
    tcase_add_test(t, out_of_range_leaves);
    tcase_add_test(t, cpuid_instruction);
    suite_add_tcase(s, t);
    return check_run(s, false);
}
