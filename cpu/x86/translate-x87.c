/* Semantics of the x87 FPU instructions. */
#include "cpu/x86/translate.h"

void x86_gen_table_x87(X86Gen **t)
{
    (void)t;
}
