#include "system/error.h"
int main(void) { return 0; }
