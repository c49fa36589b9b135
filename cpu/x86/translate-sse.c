/* Semantics of MMX, SSE, SSE2, SSE3, SSSE3, SSE4.1, SSE4.2, AES-NI and PCLMULQDQ. */
#include "cpu/x86/translate.h"

void x86_gen_table_sse(X86Gen **t)
{
    (void)t;
}
