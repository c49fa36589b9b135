/* Emitters for port I/O, control and debug registers, MSRs and other system instructions. */
#include "cpu/x86/translate.h"

void x86_gen_table_sys(X86Gen **t)
{
    (void)t;
}
