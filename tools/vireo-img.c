/*
 * vireo-img: create, check, convert and snapshot disk images, with
 * qemu-img's command line and messages. Each subcommand is one row of
 * the table below; rows with no handler are listed in --help and answer
 * "not supported yet". This file holds main, create, info and the shared
 * helpers of tools/img.h.
 */
#include "tools/img.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "system/cutils.h"

static const struct {
    const char *name;
    CmdFunc *run;
    const char *usage;
} commands[] = {
    { "amend",    NULL, "amend [-f fmt] -o options filename" },
    { "check",    img_check, "check [-q] [-f fmt] [--output=ofmt] [-r [leaks | all]] [-U] filename" },
    { "commit",   img_commit, "commit [-q] [-f fmt] [-p] filename" },
    { "compare",  NULL, "compare [-f fmt] [-F fmt] [-p] [-s] filename1 filename2" },
    { "convert",  img_convert, "convert [-c] [-p] [-q] [-n] [-f fmt] [-O output_fmt] [-B backing_file] [-o options] [-U] filename [filename2 [...]] output_filename" },
    { "create",   img_create, "create [-q] [-f fmt] [-b backing_file [-F backing_fmt]] [-u] [-o options] filename [size]" },
    { "info",     img_info, "info [-f fmt] [--output=ofmt] [--backing-chain] [-U] filename" },
    { "map",      NULL, "map [-f fmt] [--output=ofmt] filename" },
    { "measure",  NULL, "measure [--output=ofmt] [-O output_fmt] [-o options] [--size N | [-f fmt] filename]" },
    { "snapshot", img_snapshot, "snapshot [-q] [-U] [-l | -a snapshot | -c snapshot | -d snapshot] filename" },
    { "rebase",   img_rebase, "rebase [-q] [-f fmt] [-p] [-u] -b backing_file [-F backing_fmt] filename" },
    { "resize",   img_resize, "resize [-q] [-f fmt] [--shrink] filename [+ | -]size" },
};

void img_help(void)
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
           "    the used format\n"
           "  '-c' compresses the output clusters (qcow2 only)\n"
           "  '-p' shows the progress of a command\n"
           "  '-r' tries to repair any inconsistencies found during a check: 'leaks' repairs\n"
           "    only leaked clusters, 'all' all kinds of errors\n"
           "  '-U' opens the image without taking the image locks\n\n"
           "Supported formats:");
    for (const char *const *n = bdrv_format_names(); *n; n++)
        printf(" %s", *n);
    printf("\n");
}

int usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'vireo-img --help' for more information\n");
    return 1;
}

BlockDriverState *img_open(const char *filename, const char *fmt, int flags)
{
    BlockDriverState *bs;

    if (fmt && !bdrv_find_format(fmt)) {
        error_report("Unknown file format '%s'", fmt);
        return NULL;
    }
    if (bdrv_open_quiet(&bs, filename, fmt, flags) < 0) {
        error_report("Could not open '%s': %s", filename, bdrv_geterr());
        return NULL;
    }
    return bs;
}

void img_size_to_str(char *buf, size_t len, uint64_t v)
{
    static const char *const suffixes[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
    int i;

    frexp((double)v / (1000.0 / 1024.0), &i);
    i = (i - 1) / 10;
    if (i < 0)
        i = 0;
    if (i > 6)
        i = 6;
    snprintf(buf, len, "%0.3g %sB", (double)v / (double)(1ULL << (i * 10)), suffixes[i]);
}

bool img_is_zero(const uint8_t *buf, size_t len)
{
    while (len && !*buf) {
        buf++;
        len--;
    }
    return len == 0;
}

void img_progress_start(ImgProgress *p, bool on)
{
    p->on = on;
    p->last = -1;
    img_progress_update(p, 0, 1);
}

void img_progress_update(ImgProgress *p, uint64_t done, uint64_t total)
{
    double pct = total ? (double)done * 100.0 / (double)total : 100.0;

    /* Like qemu-img: a new line of output per whole percent. */
    if (!p->on || (p->last >= 0 && pct < p->last + 1.0 && pct < 100.0))
        return;
    p->last = pct;
    printf("    (%3.2f/100%%)\r", pct);
    fflush(stdout);
}

void img_progress_end(ImgProgress *p)
{
    if (!p->on)
        return;
    printf("    (%3.2f/100%%)\r\n", 100.0);
    fflush(stdout);
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

static bool parse_onoff(const char *v, bool *out)
{
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true"))
        *out = true;
    else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false"))
        *out = false;
    else
        return false;
    return true;
}

/* The compat= value as given, kept for the "Formatting" line. */
static char compat_given[16];

int img_parse_create_opts(const char *fmt, const char *opts, const char *filename,
                          BlockCreateOpts *co, bool *have_size, char **store)
{
    bool qcow2 = !strcmp(fmt, "qcow2");
    char *save = NULL, *copy = strdup(opts);

    *store = copy;
    if (!copy)
        return -ENOMEM;
    for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *val = strchr(kv, '=');
        uint64_t n;

        if (val)
            *val++ = '\0';
        if (!val) {
            error_report("%s: Invalid parameter '%s'", filename, kv);
            return -EINVAL;
        }
        if (!strcmp(kv, "size")) {
            if (parse_img_size(val, &co->size) < 0)
                return -EINVAL;
            *have_size = true;
        } else if (!strcmp(kv, "preallocation")) {
            if (strcmp(val, "off") && strcmp(val, "falloc") && strcmp(val, "full") &&
                (!qcow2 || strcmp(val, "metadata"))) {
                error_report("%s: invalid parameter value: %s", filename, val);
                return -EINVAL;
            }
            co->preallocation = val;
        } else if (qcow2 && !strcmp(kv, "cluster_size")) {
            if (parse_size(val, 1, &n) < 0) {
                error_report("%s: Parameter 'cluster_size' expects a size", filename);
                return -EINVAL;
            }
            co->cluster_size = n;
        } else if (qcow2 && !strcmp(kv, "compat")) {
            if (!strcmp(val, "0.10") || !strcmp(val, "v2")) {
                co->compat = 2;
            } else if (!strcmp(val, "1.1") || !strcmp(val, "v3")) {
                co->compat = 3;
            } else {
                error_report("%s: Parameter 'version' does not accept value '%s'", filename, val);
                return -EINVAL;
            }
            snprintf(compat_given, sizeof(compat_given), "%s", val);
        } else if (qcow2 && !strcmp(kv, "lazy_refcounts")) {
            if (!parse_onoff(val, &co->lazy_refcounts)) {
                error_report("%s: Parameter 'lazy_refcounts' expects 'on' or 'off'", filename);
                return -EINVAL;
            }
        } else if (qcow2 && !strcmp(kv, "refcount_bits")) {
            if (parse_uint64(val, &n) < 0 || n > 64) {
                error_report("%s: Refcount width must be a power of two and may not exceed 64 bits",
                             filename);
                return -EINVAL;
            }
            co->refcount_bits = (int)n;
        } else if (qcow2 && !strcmp(kv, "backing_file")) {
            co->backing_file = val;
        } else if (qcow2 && !strcmp(kv, "backing_fmt")) {
            co->backing_fmt = val;
        } else if (qcow2 && (!strcmp(kv, "extended_l2") || !strcmp(kv, "compression_type"))) {
            bool on;

            if ((!strcmp(kv, "extended_l2") && (!parse_onoff(val, &on) || on)) ||
                (!strcmp(kv, "compression_type") && strcmp(val, "zlib"))) {
                error_report("%s: %s=%s is not supported", filename, kv, val);
                return -ENOTSUP;
            }
        } else {
            error_report("%s: Invalid parameter '%s'", filename, kv);
            return -EINVAL;
        }
    }
    return 0;
}

void img_print_formatting(const char *filename, const char *fmt, const BlockCreateOpts *co)
{
    if (strcmp(fmt, "qcow2")) {
        printf("Formatting '%s', fmt=%s size=%llu", filename, fmt, (unsigned long long)co->size);
        if (co->preallocation)
            printf(" preallocation=%s", co->preallocation);
        printf("\n");
        fflush(stdout);
        return;
    }
    printf("Formatting '%s', fmt=qcow2 cluster_size=%llu extended_l2=off", filename,
           (unsigned long long)(co->cluster_size ? co->cluster_size : 65536));
    if (co->preallocation)
        printf(" preallocation=%s", co->preallocation);
    printf(" compression_type=zlib size=%llu", (unsigned long long)co->size);
    if (co->compat)
        printf(" compat=%s", compat_given);
    if (co->backing_file)
        printf(" backing_file=%s", co->backing_file);
    if (co->backing_fmt)
        printf(" backing_fmt=%s", co->backing_fmt);
    printf(" lazy_refcounts=%s refcount_bits=%d\n", co->lazy_refcounts ? "on" : "off",
           co->refcount_bits ? co->refcount_bits : 16);
    fflush(stdout);
}

static void create_help(const char *fmt)
{
    printf("Supported options:\n");
    if (!strcmp(fmt, "qcow2"))
        printf("  backing_file=<str>     - File name of a base image\n"
               "  backing_fmt=<str>      - Image format of the base image\n"
               "  cluster_size=<size>    - qcow2 cluster size\n"
               "  compat=<str>           - Compatibility level (v2 [0.10] or v3 [1.1])\n"
               "  compression_type=<str> - Compression method used for image cluster compression\n"
               "  extended_l2=<bool (on/off)> - Extended L2 tables\n"
               "  lazy_refcounts=<bool (on/off)> - Postpone refcount updates\n"
               "  preallocation=<str>    - Preallocation mode (allowed values: off, metadata, falloc, full)\n"
               "  refcount_bits=<num>    - Width of a reference count entry in bits\n"
               "  size=<size>            - Virtual disk size\n");
    else
        printf("  preallocation=<str>    - Preallocation mode (allowed values: off, falloc, full)\n"
               "  size=<size>            - Virtual disk size\n");
}

/* -b: the backing file must open (unless -u), and gives the size when none was given. */
static int create_check_backing(const char *filename, BlockCreateOpts *co, bool have_size, bool unsafe)
{
    char *full;
    BlockDriverState *bs;
    int ret;

    if (!co->backing_fmt) {
        error_report("%s: Backing file specified without backing format", filename);
        full = bdrv_path_combine(filename, co->backing_file);
        if (full && bdrv_open_quiet(&bs, full, NULL, BDRV_O_NO_BACKING | BDRV_O_FORCE_SHARE) == 0) {
            fprintf(stderr, "Detected format of %s.\n", bs->drv->name);
            bdrv_close(bs);
        }
        free(full);
        return -EINVAL;
    }
    if (unsafe)
        return have_size ? 0 : -ENOENT;
    full = bdrv_path_combine(filename, co->backing_file);
    if (!full)
        return -ENOMEM;
    ret = bdrv_open_quiet(&bs, full, co->backing_fmt, BDRV_O_FORCE_SHARE);
    free(full);
    if (ret < 0) {
        error_report("%s: %s", filename, bdrv_geterr());
        fprintf(stderr, "Could not open backing image.\n");
        return ret;
    }
    if (!have_size)
        co->size = (uint64_t)bdrv_getlength(bs);
    bdrv_close(bs);
    return 0;
}

int img_create(int argc, char **argv)
{
    const char *fmt = "raw", *filename;
    char *opts = NULL, *store = NULL;
    BlockCreateOpts co = { 0 };
    bool quiet = false, have_size = false, unsafe = false;
    int c, ret = 1;

    optind = 1;
    while ((c = getopt(argc, argv, ":hf:b:F:uo:q")) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'b': co.backing_file = optarg; break;
        case 'F': co.backing_fmt = optarg; break;
        case 'u': unsafe = true; break;
        case 'o': opts = optarg; break;
        case 'q': quiet = true; break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '-%c'", optopt);
        }
    }
    if (opts && (!strcmp(opts, "help") || strstr(opts, ",help"))) {
        if (bdrv_check_format(fmt) < 0)
            return 1;
        create_help(fmt);
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
    if (opts && img_parse_create_opts(fmt, opts, filename, &co, &have_size, &store) < 0)
        goto out;
    if (co.backing_file && strcmp(fmt, "qcow2")) {
        error_report("%s: Backing file not supported for file format '%s'", filename, fmt);
        goto out;
    }
    if (co.backing_file) {
        int r = create_check_backing(filename, &co, have_size, unsafe);

        if (r == -ENOENT)
            error_report("%s: Image creation needs a size parameter", filename);
        if (r < 0)
            goto out;
        have_size = true;
    }
    if (!have_size && !co.backing_file) {
        error_report("%s: Image creation needs a size parameter", filename);
        goto out;
    }
    if (!quiet)
        img_print_formatting(filename, fmt, &co);
    ret = bdrv_create(filename, fmt, &co) < 0 ? 1 : 0;
out:
    free(store);
    return ret;
}

/* ---- info ---- */

typedef struct InfoImage {
    BlockDriverState *bs;
    BlockDriverInfo bdi;
    BdrvSnapshotInfo *snaps;
    int nsnaps;
} InfoImage;

static void print_snapshot_table(const BdrvSnapshotInfo *sn, int n)
{
    printf("%-9s %-17s %7s%20s%13s%11s\n", "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK", "ICOUNT");
    for (int i = 0; i < n; i++) {
        char size[32], date[32], clk[32], ic[32] = "";
        time_t t = sn[i].date_sec;
        struct tm tm;
        uint64_t secs = sn[i].vm_clock_nsec / 1000000000ULL;

        img_size_to_str(size, sizeof(size), sn[i].vm_state_size);
        localtime_r(&t, &tm);
        strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
        snprintf(clk, sizeof(clk), "%02u:%02u:%02u.%03u", (unsigned)(secs / 3600),
                 (unsigned)(secs / 60 % 60), (unsigned)(secs % 60),
                 (unsigned)(sn[i].vm_clock_nsec / 1000000 % 1000));
        if (sn[i].icount != UINT64_MAX)
            snprintf(ic, sizeof(ic), "%llu", (unsigned long long)sn[i].icount);
        printf("%-9s %-17s %7s%20s%13s%11s\n", sn[i].id, sn[i].name, size, date, clk, ic);
    }
}

void img_print_snapshots(const BdrvSnapshotInfo *sn, int n) { print_snapshot_table(sn, n); }

static void info_human(const InfoImage *im)
{
    BlockDriverState *bs = im->bs;
    char vs[32], ds[32];
    int64_t size = bdrv_getlength(bs), disk = bdrv_allocated_file_size(bs);

    img_size_to_str(vs, sizeof(vs), (uint64_t)size);
    printf("image: %s\nfile format: %s\nvirtual size: %s (%lld bytes)\n", bs->filename,
           bs->drv->name, vs, (long long)size);
    if (disk >= 0) {
        img_size_to_str(ds, sizeof(ds), (uint64_t)disk);
        printf("disk size: %s\n", ds);
    }
    if (im->bdi.cluster_size)
        printf("cluster_size: %llu\n", (unsigned long long)im->bdi.cluster_size);
    if (im->bdi.dirty)
        printf("cleanly shut down: no\n");
    if (bs->backing_file[0]) {
        printf("backing file: %s", bs->backing_file);
        if (bs->full_backing_filename && strcmp(bs->full_backing_filename, bs->backing_file))
            printf(" (actual path: %s)", bs->full_backing_filename);
        printf("\n");
        if (bs->backing_format[0])
            printf("backing file format: %s\n", bs->backing_format);
    }
    if (im->nsnaps > 0) {
        printf("Snapshot list:\n");
        print_snapshot_table(im->snaps, im->nsnaps);
    }
    if (im->bdi.has_specific) {
        printf("Format specific information:\n    compat: %s\n    compression type: zlib\n",
               im->bdi.version >= 3 ? "1.1" : "0.10");
        if (im->bdi.version >= 3)
            printf("    lazy refcounts: %s\n", im->bdi.lazy_refcounts ? "true" : "false");
        printf("    refcount bits: %d\n", im->bdi.refcount_bits);
        if (im->bdi.version >= 3)
            printf("    corrupt: %s\n    extended l2: false\n", im->bdi.corrupt ? "true" : "false");
    }
}

/* JSON as qemu-img prints it: 4-space indents, its key order, strings escaped. */
static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void info_json(const InfoImage *im, int ind)
{
    BlockDriverState *bs = im->bs;
    const char *p = ind ? "        " : "    ";
    const char *q = ind ? "    " : "";

    printf("%s{\n", q);
    if (im->nsnaps > 0) {
        printf("%s\"snapshots\": [\n", p);
        for (int i = 0; i < im->nsnaps; i++) {
            const BdrvSnapshotInfo *sn = &im->snaps[i];

            printf("%s    {\n", p);
            if (sn->icount != UINT64_MAX)
                printf("%s        \"icount\": %llu,\n", p, (unsigned long long)sn->icount);
            printf("%s        \"vm-clock-nsec\": %llu,\n%s        \"name\": ", p,
                   (unsigned long long)(sn->vm_clock_nsec % 1000000000ULL), p);
            json_str(sn->name);
            printf(",\n%s        \"date-sec\": %u,\n%s        \"date-nsec\": %u,\n"
                   "%s        \"vm-clock-sec\": %llu,\n%s        \"id\": ", p, sn->date_sec, p,
                   sn->date_nsec, p, (unsigned long long)(sn->vm_clock_nsec / 1000000000ULL), p);
            json_str(sn->id);
            printf(",\n%s        \"vm-state-size\": %llu\n%s    }%s\n", p,
                   (unsigned long long)sn->vm_state_size, p, i + 1 < im->nsnaps ? "," : "");
        }
        printf("%s],\n", p);
    }
    if (bs->backing_file[0] && bs->backing_format[0]) {
        printf("%s\"backing-filename-format\": ", p);
        json_str(bs->backing_format);
        printf(",\n");
    }
    printf("%s\"virtual-size\": %lld,\n%s\"filename\": ", p, (long long)bdrv_getlength(bs), p);
    json_str(bs->filename);
    printf(",\n");
    if (im->bdi.cluster_size)
        printf("%s\"cluster-size\": %llu,\n", p, (unsigned long long)im->bdi.cluster_size);
    printf("%s\"format\": ", p);
    json_str(bs->drv->name);
    printf(",\n%s\"actual-size\": %lld,\n", p, (long long)bdrv_allocated_file_size(bs));
    if (im->bdi.has_specific) {
        printf("%s\"format-specific\": {\n%s    \"type\": \"qcow2\",\n%s    \"data\": {\n"
               "%s        \"compat\": \"%s\",\n%s        \"compression-type\": \"zlib\",\n",
               p, p, p, p, im->bdi.version >= 3 ? "1.1" : "0.10", p);
        if (im->bdi.version >= 3)
            printf("%s        \"lazy-refcounts\": %s,\n", p, im->bdi.lazy_refcounts ? "true" : "false");
        printf("%s        \"refcount-bits\": %d%s\n", p, im->bdi.refcount_bits,
               im->bdi.version >= 3 ? "," : "");
        if (im->bdi.version >= 3)
            printf("%s        \"corrupt\": %s,\n%s        \"extended-l2\": false\n", p,
                   im->bdi.corrupt ? "true" : "false", p);
        printf("%s    }\n%s},\n", p, p);
    }
    if (bs->backing_file[0]) {
        if (bs->full_backing_filename) {
            printf("%s\"full-backing-filename\": ", p);
            json_str(bs->full_backing_filename);
            printf(",\n");
        }
        printf("%s\"backing-filename\": ", p);
        json_str(bs->backing_file);
        printf(",\n");
    }
    printf("%s\"dirty-flag\": %s\n%s}", p, im->bdi.dirty ? "true" : "false", q);
}

int img_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "output", required_argument, NULL, 'O' },
        { "backing-chain", no_argument, NULL, 'B' },
        { "force-share", no_argument, NULL, 'U' },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL, *output = "human", *filename;
    bool chain = false, json;
    int c, flags = BDRV_O_NO_BACKING, n = 0, ret = 0;
    InfoImage ims[64];
    char *path;

    optind = 1;
    while ((c = getopt_long(argc, argv, ":hf:U", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'O': output = optarg; break;
        case 'B': chain = true; break;
        case 'U': flags |= BDRV_O_FORCE_SHARE; break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (strcmp(output, "human") && strcmp(output, "json")) {
        error_report("--output must be used with human or json as argument.");
        return 1;
    }
    json = !strcmp(output, "json");
    if (optind != argc - 1)
        return usage_error("Expecting one image file name");
    filename = argv[optind];

    /* Each layer opened on its own, as qemu-img does: a missing backing file does not hide the top. */
    path = strdup(filename);
    while (path && n < (int)ARRAY_SIZE(ims)) {
        InfoImage *im = &ims[n];
        char *next = NULL;

        for (int i = 0; i < n; i++) {
            if (!strcmp(ims[i].bs->filename, path)) {
                error_report("Backing file '%s' creates an infinite loop.", path);
                free(path);
                ret = 1;
                goto out;
            }
        }
        memset(im, 0, sizeof(*im));
        if (!(im->bs = img_open(path, fmt, flags))) {
            free(path);
            ret = 1;
            goto out;
        }
        n++;
        bdrv_get_info(im->bs, &im->bdi);
        im->nsnaps = bdrv_snapshot_list(im->bs, &im->snaps);
        if (chain && im->bs->backing_file[0]) {
            next = bdrv_path_combine(im->bs->filename, im->bs->backing_file);
            fmt = im->bs->backing_format[0] ? im->bs->backing_format : NULL;
        }
        free(path);
        path = next;
    }
    if (json && chain)
        printf("[\n");
    for (int i = 0; i < n; i++) {
        if (json) {
            info_json(&ims[i], chain);
            printf("%s\n", chain && i + 1 < n ? "," : "");
        } else {
            if (i)
                printf("\n");
            info_human(&ims[i]);
        }
    }
    if (json && chain)
        printf("]\n");
out:
    for (int i = 0; i < n; i++) {
        free(ims[i].snaps);
        bdrv_close(ims[i].bs);
    }
    return ret;
}

int main(int argc, char **argv)
{
    const char *cmd;

    error_set_progname("vireo-img");
    if (argc < 2)
        return usage_error("Not enough arguments");
    cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        img_help();
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
