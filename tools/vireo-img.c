/*
 * vireo-img: create, check, convert and snapshot disk images, with
 * qemu-img's command line and messages. Each subcommand is one row of
 * the table below; rows with no handler are listed in --help and answer
 * "not supported yet" until the block layer grows them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/block.h"
#include "config.h"
#include "system/cutils.h"
#include "system/error.h"

typedef int CmdFunc(int argc, char **argv);

static CmdFunc img_create;

static const struct {
    const char *name;
    CmdFunc *run;
    const char *usage;
} commands[] = {
    { "amend",    NULL, "amend [-f fmt] -o options filename" },
    { "check",    NULL, "check [-f fmt] [--output=ofmt] [-r [leaks | all]] filename" },
    { "commit",   NULL, "commit [-f fmt] [-b base] [-p] filename" },
    { "compare",  NULL, "compare [-f fmt] [-F fmt] [-p] [-s] filename1 filename2" },
    { "convert",  NULL, "convert [-c] [-p] [-f fmt] [-O output_fmt] [-o options] filename [filename2 [...]] output_filename" },
    { "create",   img_create, "create [-q] [-f fmt] [-b backing_file [-F backing_fmt]] [-u] [-o options] filename [size]" },
    { "info",     NULL, "info [-f fmt] [--output=ofmt] [--backing-chain] filename" },
    { "map",      NULL, "map [-f fmt] [--output=ofmt] filename" },
    { "measure",  NULL, "measure [--output=ofmt] [-O output_fmt] [-o options] [--size N | [-f fmt] filename]" },
    { "snapshot", NULL, "snapshot [-l | -a snapshot | -c snapshot | -d snapshot] filename" },
    { "rebase",   NULL, "rebase [-u] -b backing_file [-F backing_fmt] filename" },
    { "resize",   NULL, "resize [-f fmt] [--shrink] filename [+ | -]size" },
};

static void help(void)
{
    printf("vireo-img version %s\n"
           "usage: vireo-img [standard options] command [command options]\n"
           "Vireo disk image utility\n\n"
           "    '-h', '--help'       display this help and exit\n"
           "    '-V', '--version'    output version information and exit\n\n"
           "Command syntax:\n", VIREO_VERSION);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        printf("  %s%s\n", commands[i].usage, commands[i].run ? "" : "   (not supported yet)");
    printf("\nCommand parameters:\n"
           "  'filename' is a disk image filename\n"
           "  'fmt' is the disk image format. It is guessed automatically in most cases\n"
           "  'size' is the disk image size in bytes. Optional suffixes\n"
           "    'k' or 'K' (kilobyte, 1024), 'M' (megabyte, 1024k), 'G' (gigabyte, 1024M),\n"
           "    'T' (terabyte, 1024G), 'P' (petabyte, 1024T) and 'E' (exabyte, 1024P)  are\n"
           "    supported.\n"
           "  'options' is a comma separated list of format specific options in a\n"
           "    name=value format. Use -o help for an overview of the options supported by\n"
           "    the used format\n\n"
           "Supported formats:");
    for (const char *const *n = bdrv_format_names(); *n; n++)
        printf(" %s", *n);
    printf("\n");
}

static int PRINTF_FMT(1, 2) usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'vireo-img --help' for more information\n");
    return 1;
}

static int parse_img_size(const char *str, uint64_t *size)
{
    if (parse_size(str, 1, size) < 0 || *size > INT64_MAX) {
        error_report("Invalid image size specified. You may use k, M, G, T, P or E suffixes for");
        error_report("kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
        return -EINVAL;
    }
    return 0;
}

/* Parse "-o key=val,key=val" for create. Only raw's options exist so far. */
static int parse_create_opts(char *opts, const char *filename, BlockCreateOpts *out, bool *have_size)
{
    char *save = NULL;

    for (char *kv = strtok_r(opts, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *val = strchr(kv, '=');

        if (val)
            *val++ = '\0';
        if (!strcmp(kv, "size") && val) {
            if (parse_img_size(val, &out->size) < 0)
                return -EINVAL;
            *have_size = true;
        } else if (!strcmp(kv, "preallocation") && val) {
            if (strcmp(val, "off") && strcmp(val, "falloc") && strcmp(val, "full")) {
                error_report("%s: invalid parameter value: %s", filename, val);
                return -EINVAL;
            }
            out->preallocation = val;
        } else {
            error_report("%s: Invalid parameter '%s'", filename, kv);
            return -EINVAL;
        }
    }
    return 0;
}

static int img_create(int argc, char **argv)
{
    const char *fmt = "raw", *backing = NULL, *filename;
    char *opts = NULL;
    BlockCreateOpts co = { 0 };
    bool quiet = false, have_size = false;
    int c;

    optind = 1;
    while ((c = getopt(argc, argv, ":hf:b:F:uo:q")) != -1) {
        switch (c) {
        case 'h': help(); return 0;
        case 'f': fmt = optarg; break;
        case 'b': backing = optarg; break;
        case 'F': break;
        case 'u': break;
        case 'o': opts = optarg; break;
        case 'q': quiet = true; break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '-%c'", optopt);
        }
    }
    if (opts && !strcmp(opts, "help")) {
        if (bdrv_check_format(fmt) < 0)
            return 1;
        printf("Supported %s options:\n"
               "  preallocation=<str>    - Preallocation mode (allowed values: off, falloc, full)\n"
               "  size=<size>            - Virtual disk size\n", fmt);
        return 0;
    }
    if (optind >= argc)
        return usage_error("Expecting image file name");
    filename = argv[optind++];
    if (optind < argc) {
        if (parse_img_size(argv[optind++], &co.size) < 0)
            return 1;
        have_size = true;
    }
    if (optind < argc)
        return usage_error("Unexpected argument: %s", argv[optind]);

    /* Everything is checked before the file is touched: bad input loses nothing. */
    if (bdrv_check_format(fmt) < 0)
        return 1;
    if (opts && parse_create_opts(opts, filename, &co, &have_size) < 0)
        return 1;
    if (backing) {
        error_report("%s: Backing file not supported for file format '%s'", filename, fmt);
        return 1;
    }
    if (!have_size) {
        error_report("%s: Image creation needs a size parameter", filename);
        return 1;
    }
    if (!quiet) {
        printf("Formatting '%s', fmt=%s size=%llu", filename, fmt, (unsigned long long)co.size);
        if (co.preallocation)
            printf(" preallocation=%s", co.preallocation);
        printf("\n");
        fflush(stdout);
    }
    return bdrv_create(filename, fmt, &co) < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    const char *cmd;

    error_set_progname("vireo-img");
    if (argc < 2)
        return usage_error("Not enough arguments");
    cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        help();
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("vireo-img version %s\n", VIREO_VERSION);
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (strcmp(cmd, commands[i].name))
            continue;
        if (!commands[i].run) {
            error_report("%s: not supported yet", cmd);
            return 1;
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    return usage_error("Command not found: %s", cmd);
}
