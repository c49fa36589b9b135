/* Emitters for segment loads, far transfers, IRET and descriptor-table instructions (see seg.h). */
#include "cpu/x86/seg.h"
#include "cpu/x86/translate.h"

void x86_gen_table_seg(X86Gen **t)
{
    (void)t;
}
