/* Differential-test templates for MMX, SSE..SSE4.2, AES-NI and PCLMULQDQ. */
#include "tests/cpu/gen.h"

const InsnTemplate gen_templates_sse[1];
const unsigned gen_nb_templates_sse = 0;
