/* vireo-img check, snapshot and resize, in qemu-img's words and exit codes. */
#include "tools/img.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/cutils.h"

static void check_human(const BdrvCheckResult *r)
{
    if (r->corruptions_fixed || r->leaks_fixed)
        printf("The following inconsistencies were found and repaired:\n\n"
               "    %lld leaked clusters\n    %lld corruptions\n\n"
               "Double checking the fixed image now...\n",
               (long long)r->leaks_fixed, (long long)r->corruptions_fixed);
    if (!r->corruptions && !r->leaks && !r->check_errors) {
        printf("No errors were found on the image.\n");
    } else {
        if (r->corruptions)
            printf("\n%lld errors were found on the image.\n"
                   "Data may be corrupted, or further writes to the image may corrupt it.\n",
                   (long long)r->corruptions);
        if (r->leaks)
            printf("\n%lld leaked clusters were found on the image.\n"
                   "This means waste of disk space, but no harm to data.\n", (long long)r->leaks);
        if (r->check_errors)
            printf("\n%lld internal errors have occurred during the check.\n",
                   (long long)r->check_errors);
    }
    if (r->total_clusters && r->allocated_clusters)
        printf("%lld/%lld = %0.2f%% allocated, %0.2f%% fragmented, %0.2f%% compressed clusters\n",
               (long long)r->allocated_clusters, (long long)r->total_clusters,
               (double)r->allocated_clusters * 100.0 / (double)r->total_clusters,
               (double)r->fragmented_clusters * 100.0 / (double)r->allocated_clusters,
               (double)r->compressed_clusters * 100.0 / (double)r->allocated_clusters);
    if (r->image_end_offset)
        printf("Image end offset: %lld\n", (long long)r->image_end_offset);
}

static void check_json(const BdrvCheckResult *r, BlockDriverState *bs)
{
    /* qemu-img's key order; counters that are zero are left out, as it does. */
    struct { const char *key; int64_t v; bool always; } rows[] = {
        { "image-end-offset", r->image_end_offset, false },
        { "compressed-clusters", r->compressed_clusters, false },
        { "total-clusters", r->total_clusters, false },
        { "corruptions", r->corruptions, false },
        { "check-errors", r->check_errors, true },
        { "leaks", r->leaks, false },
        { "leaks-fixed", r->leaks_fixed, false },
        { "corruptions-fixed", r->corruptions_fixed, false },
        { "allocated-clusters", r->allocated_clusters, false },
    };

    printf("{\n");
    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        if (rows[i].v || rows[i].always)
            printf("    \"%s\": %lld,\n", rows[i].key, (long long)rows[i].v);
    }
    printf("    \"filename\": \"%s\",\n    \"format\": \"%s\"", bs->filename, bs->drv->name);
    if (r->fragmented_clusters)
        printf(",\n    \"fragmented-clusters\": %lld", (long long)r->fragmented_clusters);
    printf("\n}\n");
}

int img_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "output", required_argument, NULL, 'O' },
        { "repair", required_argument, NULL, 'r' },
        { "force-share", no_argument, NULL, 'U' },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL, *output = "human";
    int c, fix = 0, flags = BDRV_O_CHECK | BDRV_O_NO_BACKING, ret;
    bool quiet = false;
    BdrvCheckResult r, again;
    BlockDriverState *bs;

    optind = 1;
    while ((c = getopt_long(argc, argv, ":hf:r:qU", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'O': output = optarg; break;
        case 'q': quiet = true; break;
        case 'U': flags |= BDRV_O_FORCE_SHARE; break;
        case 'r':
            if (!strcmp(optarg, "leaks")) {
                fix = BDRV_FIX_LEAKS;
            } else if (!strcmp(optarg, "all")) {
                fix = BDRV_FIX_LEAKS | BDRV_FIX_ERRORS;
            } else {
                error_report("Unknown option value for -r (expecting 'leaks' or 'all'): %s", optarg);
                return 1;
            }
            flags |= BDRV_O_RDWR;
            break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (strcmp(output, "human") && strcmp(output, "json")) {
        error_report("--output must be used with human or json as argument.");
        return 1;
    }
    if (optind != argc - 1)
        return usage_error("Expecting one image file name");
    if (!(bs = img_open(argv[optind], fmt, flags)))
        return 1;
    if (!bs->drv->check) {
        error_report("This image format does not support checks");
        bdrv_close(bs);
        return 63;
    }
    ret = bdrv_check(bs, &r, fix);
    if (ret == 0 && (r.corruptions_fixed || r.leaks_fixed)) {
        /* What the user sees is the state after the repair. */
        ret = bdrv_check(bs, &again, 0);
        again.corruptions_fixed = r.corruptions_fixed;
        again.leaks_fixed = r.leaks_fixed;
        r = again;
    }
    if (ret < 0) {
        error_report("Check failed: %s", bdrv_geterr()[0] ? bdrv_geterr() : strerror(-ret));
        bdrv_close(bs);
        return 1;
    }
    if (!strcmp(output, "json"))
        check_json(&r, bs);
    else if (!quiet)
        check_human(&r);
    bdrv_close(bs);
    if (r.check_errors)
        return 1;
    if (r.corruptions)
        return 2;
    return r.leaks ? 3 : 0;
}

int img_snapshot(int argc, char **argv)
{
    const char *name = NULL, *fmt = NULL;
    int c, action = 0, flags = BDRV_O_NO_BACKING, ret = 0;
    bool quiet = false;
    BlockDriverState *bs;

    optind = 1;
    while ((c = getopt(argc, argv, ":hla:c:d:f:qU")) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 'U': flags |= BDRV_O_FORCE_SHARE; break;
        case 'l': case 'a': case 'c': case 'd':
            if (action)
                return usage_error("Cannot mix '-l', '-a', '-c', '-d'");
            action = c;
            name = optarg;
            break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '-%c'", optopt);
        }
    }
    if (optind != argc - 1)
        return usage_error("Expecting one image file name");
    if (!action)
        action = 'l';
    if (action != 'l')
        flags |= BDRV_O_RDWR;
    if (!(bs = img_open(argv[optind], fmt, flags)))
        return 1;
    if (action == 'l') {
        BdrvSnapshotInfo *sn;
        int n = bdrv_snapshot_list(bs, &sn);

        if (n > 0) {
            printf("Snapshot list:\n");
            img_print_snapshots(sn, n);
        }
        free(sn);
    } else if (action == 'c') {
        bdrv_seterr("%s", "");
        ret = bdrv_snapshot_create(bs, name);
        if (ret < 0)
            error_report("Could not create snapshot '%s': %d (%s)", name, ret, strerror(-ret));
    } else if (action == 'a') {
        ret = bdrv_snapshot_apply(bs, name);
        if (ret < 0)
            error_report("Could not apply snapshot '%s': %s", name,
                         bdrv_geterr()[0] ? bdrv_geterr() : strerror(-ret));
    } else {
        ret = bdrv_snapshot_delete(bs, name);
        if (ret < 0)
            error_report("Could not delete snapshot '%s': %s", name,
                         bdrv_geterr()[0] ? bdrv_geterr() : strerror(-ret));
    }
    (void)quiet;
    bdrv_close(bs);
    return ret < 0 ? 1 : 0;
}

int img_resize(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "shrink", no_argument, NULL, 'S' },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL, *arg;
    bool quiet = false, shrink = false;
    uint64_t n, size;
    int64_t cur;
    int c, ret;
    BlockDriverState *bs;

    /* The size goes first: "-1G" must not be taken for an option (qemu-img does the same). */
    if (argc < 3)
        return usage_error("Expecting image file name and size");
    arg = argv[--argc];
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hf:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 'S': shrink = true; break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return usage_error("Expecting image file name and size");
    if (parse_size(arg + (*arg == '+' || *arg == '-'), 1, &n) < 0 || n > INT64_MAX) {
        error_report("Invalid image size specified. You may use k, M, G, T, P or E suffixes for");
        error_report("kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
        return 1;
    }
    if (!(bs = img_open(argv[optind], fmt, BDRV_O_RDWR | BDRV_O_NO_BACKING)))
        return 1;
    cur = bdrv_getlength(bs);
    if (*arg == '-' && n > (uint64_t)cur) {
        error_report("New image size must be positive");
        bdrv_close(bs);
        return 1;
    }
    size = *arg == '+' ? (uint64_t)cur + n : *arg == '-' ? (uint64_t)cur - n : n;
    if (size == 0 && *arg == '-') {
        error_report("New image size must be positive");
        bdrv_close(bs);
        return 1;
    }
    if (size < (uint64_t)cur && !shrink) {
        error_report("Use the --shrink option to perform a shrink operation.");
        warn_report("Shrinking an image will delete all data beyond the shrunken image's end. "
                    "Before performing such an operation, make sure there is no important data there.");
        bdrv_close(bs);
        return 1;
    }
    bdrv_seterr("%s", "");
    ret = bdrv_truncate(bs, size, shrink);
    if (ret < 0)
        error_report("Error resizing image: %s", bdrv_geterr()[0] ? bdrv_geterr() : strerror(-ret));
    else if (!quiet)
        printf("Image resized.\n");
    bdrv_close(bs);
    return ret < 0 ? 1 : 0;
}
