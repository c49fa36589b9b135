/*
 * Hosts without a native code generator: the interpreter (tcg/tci.c) is the
 * only backend. The build picks this folder instead of tcg/x86_64/.
 */
#include <errno.h>

#include "tcg/tb.h"

const TCGBackend *tcg_native_backend(void)
{
    return NULL;
}

int tcg_native_set_code_size(size_t bytes)
{
    (void)bytes;
    return -ENOTSUP;
}

void tcg_native_test_features(bool use_host)
{
    (void)use_host;
}
