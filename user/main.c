/*
 * vireo-x86_64: runs static x86-64 Linux programs on any host. Not built yet
 * (the user-mode issue): until then it says so instead of doing nothing.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "system/error.h"

int main(int argc, char **argv)
{
    error_set_progname("vireo-x86_64");
    if (argc > 1 && (!strcmp(argv[1], "-version") || !strcmp(argv[1], "--version"))) {
        printf("vireo-x86_64 version %s\n", VIREO_VERSION);
        return 0;
    }
    error_report("running programs is not supported yet");
    return 1;
}
