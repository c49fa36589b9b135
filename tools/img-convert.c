/*
 * vireo-img convert, commit and rebase: the subcommands that copy data
 * between images. Output stays sparse: a chunk that reads as zeroes is
 * not written (qemu-img's default -S 4k behaviour, at chunk granularity).
 */
#include "tools/img.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/cutils.h"

enum { RAW_CHUNK = 1 << 20 };

/* Does [off, off+n) of bs (and what it falls through to) read as zeroes? Without reading it. */
static bool chain_is_zero(BlockDriverState *bs, uint64_t off, uint64_t n)
{
    while (bs) {
        uint64_t pnum;
        int64_t len = bdrv_getlength(bs);
        int st;

        if (len >= 0 && off >= (uint64_t)len)
            return true;
        st = bdrv_block_status(bs, off, n, &pnum);
        if (st < 0 || pnum < n)
            return false;
        if (st & BDRV_BLOCK_ZERO)
            return true;
        if (st & BDRV_BLOCK_ALLOCATED)
            return false;
        bs = bs->backing;
    }
    return true;
}

/* Read n bytes at off of a backing file; zeroes past its end or without one. */
static int read_or_zero(BlockDriverState *bs, uint64_t off, uint8_t *buf, size_t n)
{
    int64_t len;
    size_t got = 0;
    int ret;

    if (bs && (len = bdrv_getlength(bs)) > 0 && off < (uint64_t)len) {
        got = (uint64_t)len - off < n ? (size_t)((uint64_t)len - off) : n;
        if ((ret = bdrv_pread(bs, off, buf, got)) < 0)
            return ret;
    }
    memset(buf + got, 0, n - got);
    return 0;
}

typedef struct ConvertIn {
    BlockDriverState **bs;
    uint64_t *start;            /* where each input begins in the concatenation */
    int n;
    uint64_t total;
} ConvertIn;

/* The concatenation of the inputs at [off, off+n): zero-detection first, then reads. */
static int read_inputs(ConvertIn *in, uint64_t off, uint8_t *buf, size_t n, bool *zero)
{
    *zero = true;
    while (n) {
        int i = 0;
        uint64_t in_off, len;
        size_t k;
        int ret;

        while (i + 1 < in->n && off >= in->start[i + 1])
            i++;
        if (off >= in->total) {
            memset(buf, 0, n);      /* padding up to a 512-byte multiple */
            return 0;
        }
        in_off = off - in->start[i];
        len = (i + 1 < in->n ? in->start[i + 1] : in->total) - off;
        k = len < n ? (size_t)len : n;
        if (chain_is_zero(in->bs[i], in_off, k)) {
            memset(buf, 0, k);
        } else {
            if ((ret = bdrv_pread(in->bs[i], in_off, buf, k)) < 0) {
                error_report("error while reading at byte %lld: %s", (long long)off, strerror(-ret));
                return ret;
            }
            if (!img_is_zero(buf, k))
                *zero = false;
        }
        buf += k;
        off += k;
        n -= k;
    }
    return 0;
}

static int convert_copy(ConvertIn *in, BlockDriverState *out, uint64_t size, bool compress,
                        bool no_create, ImgProgress *prog)
{
    BlockDriverInfo bdi;
    size_t chunk;
    uint8_t *buf, *bbuf;
    int ret = 0;

    bdrv_get_info(out, &bdi);
    chunk = bdi.cluster_size ? (size_t)bdi.cluster_size : RAW_CHUNK;
    buf = malloc(chunk);
    bbuf = malloc(chunk);
    if (!buf || !bbuf) {
        free(buf);
        free(bbuf);
        return -ENOMEM;
    }
    for (uint64_t off = 0; off < size && ret == 0; off += chunk) {
        size_t n = size - off < chunk ? (size_t)(size - off) : chunk;
        bool zero;

        if ((ret = read_inputs(in, off, buf, n, &zero)) < 0)
            break;
        if (out->backing) {
            /* -B: only what differs from the backing file is stored. */
            if ((ret = read_or_zero(out->backing, off, bbuf, n)) < 0)
                break;
            if (!memcmp(buf, bbuf, n))
                goto next;
            if (zero) {
                ret = bdrv_pwrite_zeroes(out, off, n);
                goto written;
            }
        } else if (zero) {
            if (no_create)
                ret = bdrv_pwrite_zeroes(out, off, n);
            goto written;
        }
        ret = compress ? bdrv_pwrite_compressed(out, off, buf, n) : bdrv_pwrite(out, off, buf, n);
written:
        if (ret < 0)
            error_report("error while writing at byte %lld: %s", (long long)off,
                         bdrv_geterr()[0] ? bdrv_geterr() : strerror(-ret));
next:
        img_progress_update(prog, off + n, size);
    }
    free(buf);
    free(bbuf);
    return ret;
}

int img_convert(int argc, char **argv)
{
    const char *fmt = NULL, *out_fmt = "raw", *out_name, *backing = NULL;
    char *opts = NULL, *store = NULL;
    bool compress = false, progress = false, quiet = false, no_create = false, have_size = true;
    int c, flags = 0, ret = 1;
    BlockCreateOpts co = { 0 };
    ConvertIn in = { 0 };
    BlockDriverState *out = NULL;
    ImgProgress prog;

    optind = 1;
    while ((c = getopt(argc, argv, ":hf:O:o:B:cpqnUS:t:T:m:W")) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'O': out_fmt = optarg; break;
        case 'o': opts = optarg; break;
        case 'B': backing = optarg; break;
        case 'c': compress = true; break;
        case 'p': progress = true; break;
        case 'q': quiet = true; break;
        case 'n': no_create = true; break;
        case 'U': flags |= BDRV_O_FORCE_SHARE; break;
        case 'S': case 't': case 'T': case 'm': case 'W': break;   /* tuning: accepted, defaults kept */
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '-%c'", optopt);
        }
    }
    if (argc - optind < 2)
        return usage_error("Expecting image file name");
    if (bdrv_check_format(out_fmt) < 0 || (fmt && bdrv_check_format(fmt) < 0))
        return 1;
    if (compress && strcmp(out_fmt, "qcow2")) {
        error_report("Compression not supported for this file format");
        return 1;
    }
    out_name = argv[argc - 1];
    in.n = argc - optind - 1;
    in.bs = calloc((size_t)in.n, sizeof(*in.bs));
    in.start = calloc((size_t)in.n, sizeof(*in.start));
    if (!in.bs || !in.start)
        goto out;
    for (int i = 0; i < in.n; i++) {
        int64_t len;

        if (!(in.bs[i] = img_open(argv[optind + i], fmt, flags)))
            goto out;
        len = bdrv_getlength(in.bs[i]);
        in.start[i] = in.total;
        in.total += (uint64_t)len;
    }
    co.size = (in.total + 511) & ~(uint64_t)511;   /* qemu-img rounds to whole sectors */
    if (opts && img_parse_create_opts(out_fmt, opts, out_name, &co, &have_size, &store) < 0)
        goto out;
    if (backing)
        co.backing_file = backing;
    if (co.backing_file && strcmp(out_fmt, "qcow2")) {
        error_report("%s: Backing file not supported for file format '%s'", out_name, out_fmt);
        goto out;
    }
    if (co.backing_file && !co.backing_fmt) {
        /* Probe it, so the output records its format. */
        char *full = bdrv_path_combine(out_name, co.backing_file);
        BlockDriverState *b = full ? img_open(full, NULL, BDRV_O_NO_BACKING | flags) : NULL;

        free(full);
        if (!b)
            goto out;
        co.backing_fmt = b->drv->name;
        bdrv_close(b);
    }
    if (!no_create && bdrv_create(out_name, out_fmt, &co) < 0)
        goto out;
    if (!(out = img_open(out_name, out_fmt, BDRV_O_RDWR)))
        goto out;
    img_progress_start(&prog, progress && !quiet);
    if (convert_copy(&in, out, co.size < (uint64_t)bdrv_getlength(out) ? co.size
                                                                       : (uint64_t)bdrv_getlength(out),
                     compress, no_create, &prog) == 0 &&
        bdrv_flush(out) == 0)
        ret = 0;
    img_progress_end(&prog);
out:
    bdrv_close(out);
    for (int i = 0; in.bs && i < in.n; i++)
        bdrv_close(in.bs[i]);
    free(in.bs);
    free(in.start);
    free(store);
    return ret;
}

int img_commit(int argc, char **argv)
{
    const char *fmt = NULL;
    bool quiet = false, progress = false, keep = false;
    BlockDriverState *top, *base = NULL;
    ImgProgress prog;
    uint8_t *buf = NULL;
    int c, ret = 1;
    int64_t size;
    char *base_name = NULL;

    optind = 1;
    while ((c = getopt(argc, argv, ":hf:qpdt:b:r:")) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 'p': progress = true; break;
        case 'd': keep = true; break;
        case 't': case 'b': case 'r': break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '-%c'", optopt);
        }
    }
    if (optind != argc - 1)
        return usage_error("Expecting one image file name");
    if (!(top = img_open(argv[optind], fmt, BDRV_O_RDWR | BDRV_O_NO_BACKING)))
        return 1;
    if (!top->backing_file[0]) {
        error_report("Image does not have a backing file");
        goto out;
    }
    base_name = bdrv_path_combine(top->filename, top->backing_file);
    if (!base_name || !(base = img_open(base_name, top->backing_format[0] ? top->backing_format : NULL,
                                        BDRV_O_RDWR | BDRV_O_NO_BACKING)))
        goto out;
    size = bdrv_getlength(top);
    if (size > bdrv_getlength(base) && bdrv_truncate(base, (uint64_t)size, false) < 0) {
        error_report("Top image %s is larger than base image %s, and resize of base image failed",
                     top->filename, base->filename);
        goto out;
    }
    if (!(buf = malloc(RAW_CHUNK)))
        goto out;
    img_progress_start(&prog, progress && !quiet);
    for (uint64_t off = 0; off < (uint64_t)size;) {
        uint64_t n = (uint64_t)size - off < RAW_CHUNK ? (uint64_t)size - off : RAW_CHUNK, pnum;
        int st = bdrv_block_status(top, off, n, &pnum), r = 0;

        if (st < 0) {
            error_report("error while reading at byte %lld: %s", (long long)off, strerror(-st));
            goto out;
        }
        if ((st & BDRV_BLOCK_ALLOCATED) && (st & BDRV_BLOCK_ZERO))
            r = bdrv_pwrite_zeroes(base, off, pnum);
        else if (st & BDRV_BLOCK_ALLOCATED)
            r = bdrv_pread(top, off, buf, (size_t)pnum) < 0 ? -EIO : bdrv_pwrite(base, off, buf, (size_t)pnum);
        if (r < 0) {
            error_report("error while committing at byte %lld: %s", (long long)off, strerror(-r));
            goto out;
        }
        off += pnum;
        img_progress_update(&prog, off, (uint64_t)size);
    }
    if (bdrv_flush(base) < 0 || (!keep && top->drv->make_empty && bdrv_make_empty(top) < 0)) {
        error_report("Could not empty %s: %s", top->filename, bdrv_geterr());
        goto out;
    }
    img_progress_end(&prog);
    if (!quiet)
        printf("Image committed.\n");
    ret = 0;
out:
    free(buf);
    free(base_name);
    bdrv_close(base);
    bdrv_close(top);
    return ret;
}

int img_rebase(int argc, char **argv)
{
    const char *fmt = NULL, *bfmt = NULL, *backing = NULL;
    bool unsafe = false, quiet = false, progress = false;
    BlockDriverState *bs, *old = NULL, *new = NULL;
    BlockDriverInfo bdi;
    ImgProgress prog;
    uint8_t *a = NULL, *b = NULL;
    char *path = NULL;
    int c, ret = 1, flags = 0;
    int64_t size;
    size_t chunk;

    optind = 1;
    while ((c = getopt(argc, argv, ":hf:F:b:upqUt:T:")) != -1) {
        switch (c) {
        case 'h': img_help(); return 0;
        case 'f': fmt = optarg; break;
        case 'F': bfmt = optarg; break;
        case 'b': backing = optarg; break;
        case 'u': unsafe = true; break;
        case 'p': progress = true; break;
        case 'q': quiet = true; break;
        case 'U': flags |= BDRV_O_FORCE_SHARE; break;
        case 't': case 'T': break;
        case ':': return usage_error("option '-%c' requires an argument", optopt);
        default: return usage_error("unrecognized option '-%c'", optopt);
        }
    }
    if (optind != argc - 1)
        return usage_error("Expecting one image file name");
    if (!backing) {
        error_report("Must specify backing file (-b) or use '-b \"\"'");
        return 1;
    }
    if (bfmt && bdrv_check_format(bfmt) < 0)
        return 1;
    if (!(bs = img_open(argv[optind], fmt, BDRV_O_RDWR | BDRV_O_NO_BACKING | flags)))
        return 1;
    if (*backing && !unsafe) {
        path = bdrv_path_combine(bs->filename, backing);
        if (!path || bdrv_open_quiet(&new, path, bfmt, flags) < 0) {
            error_report("Could not open new backing file '%s': %s", backing, bdrv_geterr());
            new = NULL;
            goto out;
        }
        if (!bfmt)
            bfmt = new->drv->name;
    }
    if (!unsafe) {
        /* Copy into the image every unallocated cluster where old and new backing differ. */
        if (bs->backing_file[0]) {
            free(path);
            path = bdrv_path_combine(bs->filename, bs->backing_file);
            if (!path || bdrv_open_quiet(&old, path, bs->backing_format[0] ? bs->backing_format : NULL,
                                         flags) < 0) {
                error_report("Could not open old backing file '%s': %s", bs->backing_file, bdrv_geterr());
                old = NULL;
                goto out;
            }
        }
        bdrv_get_info(bs, &bdi);
        chunk = bdi.cluster_size ? (size_t)bdi.cluster_size : 65536;
        size = bdrv_getlength(bs);
        a = malloc(chunk);
        b = malloc(chunk);
        if (!a || !b)
            goto out;
        img_progress_start(&prog, progress && !quiet);
        for (uint64_t off = 0; off < (uint64_t)size; off += chunk) {
            size_t n = (uint64_t)size - off < chunk ? (size_t)((uint64_t)size - off) : chunk;
            uint64_t pnum;
            int st = bdrv_block_status(bs, off, n, &pnum);

            if (st < 0)
                goto out;
            if ((st & BDRV_BLOCK_ALLOCATED) && pnum >= n)
                continue;
            if (read_or_zero(old, off, a, n) < 0 || read_or_zero(new, off, b, n) < 0) {
                error_report("error while reading at byte %lld", (long long)off);
                goto out;
            }
            if (memcmp(a, b, n) && bdrv_pwrite(bs, off, a, n) < 0) {
                error_report("error while rebasing at byte %lld: %s", (long long)off, bdrv_geterr());
                goto out;
            }
            img_progress_update(&prog, off + n, (uint64_t)size);
        }
        img_progress_end(&prog);
    }
    if (bdrv_change_backing_file(bs, *backing ? backing : NULL, *backing ? bfmt : NULL) < 0) {
        error_report("Could not change the backing file to '%s': %s", backing, strerror(ENOSPC));
        goto out;
    }
    ret = 0;
out:
    free(a);
    free(b);
    free(path);
    bdrv_close(old);
    bdrv_close(new);
    bdrv_close(bs);
    return ret;
}
