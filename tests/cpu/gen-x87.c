/* Differential-test templates for the x87 FPU. */
#include "tests/cpu/gen.h"

const InsnTemplate gen_templates_x87[1];
const unsigned gen_nb_templates_x87 = 0;
