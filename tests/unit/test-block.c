/*
 * Unit tests of the block layer: asynchronous requests through the worker
 * pool and the main loop, cache modes, image locking, and qcow2 (copy on
 * write over a backing file, snapshots, a check that finds nothing, and a
 * metadata fuzz that must never crash).
 */
#include "tests/unit/check-run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/aio.h"
#include "block/block.h"
#include "system/main-loop.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/vireo-test-block.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
    error_set_stream(fopen("/dev/null", "w"));
}

static void teardown(void)
{
    char cmd[128];

    bql_unlock();
    main_loop_cleanup();
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static char *path(const char *name)
{
    static char buf[4][128];
    static int i;

    i = (i + 1) % 4;
    snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
    return buf[i];
}

static void make_raw(const char *name, uint64_t size, uint8_t fill)
{
    int fd = open(path(name), O_RDWR | O_CREAT | O_TRUNC, 0644);
    uint8_t *b = malloc(size);

    ck_assert_int_ge(fd, 0);
    for (uint64_t i = 0; i < size; i++)
        b[i] = (uint8_t)(fill + i * 7);
    ck_assert_int_eq(pwrite(fd, b, size, 0), (ssize_t)size);
    free(b);
    close(fd);
}

/* ---- asynchronous requests ---- */

typedef struct AioLog {
    int order[16];
    int ret[16];
    int n;
} AioLog;

typedef struct AioTag {
    AioLog *log;
    int id;
} AioTag;

static void aio_cb(void *opaque, int ret)
{
    AioTag *t = opaque;

    ck_assert(bql_locked());
    t->log->order[t->log->n] = t->id;
    t->log->ret[t->log->n++] = ret;
}

static void wait_for(AioLog *log, int n)
{
    for (int spin = 0; log->n < n && spin < 2000; spin++)
        main_loop_wait(false);
    ck_assert_int_eq(log->n, n);
}

START_TEST(test_aio_complete_in_order)
{
    BlockDriverState *bs;
    uint8_t w1[4096], w2[4096], r[8192];
    struct iovec iov1 = { w1, sizeof(w1) }, iov2 = { w2, sizeof(w2) };
    struct iovec riov[2] = { { r, 4096 }, { r + 4096, 4096 } };
    AioLog log = { 0 };
    AioTag t[5] = { { &log, 1 }, { &log, 2 }, { &log, 3 }, { &log, 4 }, { &log, 5 } };

    make_raw("a.raw", 65536, 0);
    ck_assert_int_eq(bdrv_open(&bs, path("a.raw"), "raw", BDRV_O_RDWR), 0);
    memset(w1, 0x11, sizeof(w1));
    memset(w2, 0x22, sizeof(w2));
    ck_assert_int_eq(bdrv_aio_pwritev(bs, 0, &iov1, 1, aio_cb, &t[0]), 0);
    ck_assert_int_eq(bdrv_aio_pwritev(bs, 4096, &iov2, 1, aio_cb, &t[1]), 0);
    /* The flush is ordered after both writes: it completes third. */
    ck_assert_int_eq(bdrv_aio_flush(bs, aio_cb, &t[2]), 0);
    ck_assert_int_eq(bdrv_aio_preadv(bs, 0, riov, 2, aio_cb, &t[3]), 0);
    /* Out of range: fails with -EIO, still completes in order. */
    ck_assert_int_eq(bdrv_aio_preadv(bs, 65536, riov, 1, aio_cb, &t[4]), 0);
    wait_for(&log, 5);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(log.order[i], i + 1);
    ck_assert_int_eq(log.ret[0], 0);
    ck_assert_int_eq(log.ret[2], 0);
    ck_assert_int_eq(log.ret[3], 0);
    ck_assert_int_eq(log.ret[4], -EIO);
    ck_assert_int_eq(r[0], 0x11);
    ck_assert_int_eq(r[4095], 0x11);
    ck_assert_int_eq(r[4096], 0x22);
    ck_assert_int_eq(bdrv_aio_inflight(bs), 0);
    bdrv_close(bs);
}
END_TEST

START_TEST(test_aio_zeroes_discard_and_drain)
{
    BlockDriverState *bs;
    AioLog log = { 0 };
    AioTag t[2] = { { &log, 1 }, { &log, 2 } };
    uint8_t r[512];

    make_raw("z.raw", 65536, 5);
    ck_assert_int_eq(bdrv_open(&bs, path("z.raw"), "raw", BDRV_O_RDWR), 0);
    ck_assert_int_eq(bdrv_aio_pwrite_zeroes(bs, 512, 1024, aio_cb, &t[0]), 0);
    ck_assert_int_eq(bdrv_aio_pdiscard(bs, 8192, 4096, aio_cb, &t[1]), 0);
    /* Drain delivers the callbacks itself. */
    bdrv_aio_drain(bs);
    ck_assert_int_eq(log.n, 2);
    ck_assert_int_eq(log.ret[0], 0);
    ck_assert_int_eq(bdrv_pread(bs, 512, r, sizeof(r)), 0);
    for (int i = 0; i < 512; i++)
        ck_assert_int_eq(r[i], 0);
    ck_assert_int_eq(bdrv_pread(bs, 0, r, 1), 0);
    ck_assert_int_eq(r[0], 5);
    bdrv_close(bs);
}
END_TEST

START_TEST(test_aio_readonly_write_fails)
{
    BlockDriverState *bs;
    uint8_t b[512] = { 0 };
    struct iovec iov = { b, sizeof(b) };
    AioLog log = { 0 };
    AioTag t = { &log, 1 };

    make_raw("ro.raw", 4096, 0);
    ck_assert_int_eq(bdrv_open(&bs, path("ro.raw"), "raw", 0), 0);
    ck_assert_int_eq(bdrv_aio_pwritev(bs, 0, &iov, 1, aio_cb, &t), 0);
    wait_for(&log, 1);
    ck_assert_int_eq(log.ret[0], -EPERM);
    bdrv_close(bs);
}
END_TEST

/* ---- cache modes ---- */

START_TEST(test_cache_modes)
{
    static const struct { const char *mode; int flags; } modes[] = {
        { "writeback", 0 },
        { "none", BDRV_O_NOCACHE },
        { "writethrough", BDRV_O_WRITETHROUGH },
        { "directsync", BDRV_O_NOCACHE | BDRV_O_WRITETHROUGH },
        { "unsafe", BDRV_O_NO_FLUSH },
    };
    BlockDriverState *bs;
    int flags;
    uint8_t buf[3000], r[3000];

    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        ck_assert_int_eq(bdrv_parse_cache_mode(modes[i].mode, &flags), 0);
        ck_assert_int_eq(flags, modes[i].flags);
    }
    ck_assert_int_eq(bdrv_parse_cache_mode("bogus", &flags), -EINVAL);

    make_raw("c.raw", 65536, 1);
    ck_assert_int_eq(bdrv_open(&bs, path("c.raw"), "raw", BDRV_O_RDWR | BDRV_O_NOCACHE), 0);
    ck_assert(fcntl(bs->file.fd, F_GETFL) & O_DIRECT);
    /* Unaligned I/O goes through bounce buffers and does not grow the file. */
    memset(buf, 0xee, sizeof(buf));
    ck_assert_int_eq(bdrv_pwrite(bs, 65536 - 3000, buf, sizeof(buf)), 0);
    ck_assert_int_eq(bdrv_pread(bs, 65536 - 3000, r, sizeof(r)), 0);
    ck_assert_mem_eq(r, buf, sizeof(r));
    ck_assert_int_eq(bdrv_getlength(bs), 65536);
    bdrv_close(bs);

    ck_assert_int_eq(bdrv_open(&bs, path("c.raw"), "raw", BDRV_O_RDWR), 0);
    ck_assert(!(fcntl(bs->file.fd, F_GETFL) & O_DIRECT));
    ck_assert(!bs->file.no_flush);
    bdrv_close(bs);
    ck_assert_int_eq(bdrv_open(&bs, path("c.raw"), "raw", BDRV_O_RDWR | BDRV_O_NO_FLUSH), 0);
    ck_assert(bs->file.no_flush);
    ck_assert_int_eq(bdrv_flush(bs), 0);
    bdrv_close(bs);
}
END_TEST

/* ---- locking ---- */

START_TEST(test_locking_two_opens)
{
    BlockDriverState *a, *b;

    make_raw("l.raw", 4096, 0);
    ck_assert_int_eq(bdrv_open_quiet(&a, path("l.raw"), "raw", BDRV_O_RDWR), 0);
    /* OFD locks belong to the open file description: same process, still a conflict. */
    ck_assert_int_eq(bdrv_open_quiet(&b, path("l.raw"), "raw", BDRV_O_RDWR), -EAGAIN);
    ck_assert_ptr_nonnull(strstr(bdrv_geterr(), "Failed to get \"write\" lock"));
    ck_assert_ptr_nonnull(strstr(bdrv_geterr(), "Is another process using the image ["));
    ck_assert_int_eq(bdrv_open_quiet(&b, path("l.raw"), "raw", 0), -EAGAIN);
    ck_assert_ptr_nonnull(strstr(bdrv_geterr(), "Failed to get shared \"write\" lock"));
    /* -U: no locks taken or checked. */
    ck_assert_int_eq(bdrv_open_quiet(&b, path("l.raw"), "raw", BDRV_O_FORCE_SHARE), 0);
    bdrv_close(b);
    bdrv_close(a);

    /* Readers share; a writer is refused while one reads. */
    ck_assert_int_eq(bdrv_open_quiet(&a, path("l.raw"), "raw", 0), 0);
    ck_assert_int_eq(bdrv_open_quiet(&b, path("l.raw"), "raw", 0), 0);
    bdrv_close(b);
    ck_assert_int_eq(bdrv_open_quiet(&b, path("l.raw"), "raw", BDRV_O_RDWR), -EAGAIN);
    bdrv_close(a);
    ck_assert_int_eq(bdrv_open_quiet(&b, path("l.raw"), "raw", BDRV_O_RDWR), 0);
    bdrv_close(b);
}
END_TEST

/* ---- qcow2 ---- */

static void expect_base_pattern(const uint8_t *buf, uint64_t off, size_t n, uint8_t fill)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(buf[i], (uint8_t)(fill + (off + i) * 7));
}

static void create_qcow2(const char *name, uint64_t size, const char *backing, uint64_t cluster)
{
    BlockCreateOpts co = { .size = size, .cluster_size = cluster };

    if (backing) {
        co.backing_file = backing;
        co.backing_fmt = "raw";
    }
    ck_assert_int_eq(bdrv_create(path(name), "qcow2", &co), 0);
}

static void expect_clean(BlockDriverState *bs)
{
    BdrvCheckResult r;

    ck_assert_int_eq(bdrv_check(bs, &r, 0), 0);
    ck_assert_int_eq(r.corruptions, 0);
    ck_assert_int_eq(r.leaks, 0);
}

START_TEST(test_qcow2_cow_backing)
{
    const uint64_t cs = 4096, size = 1 << 20;
    BlockDriverState *bs;
    uint8_t *buf = malloc(3 * cs), w[700];
    uint64_t pnum;

    make_raw("base.raw", size, 3);
    create_qcow2("ov.qcow2", size, "base.raw", cs);
    ck_assert_int_eq(bdrv_open(&bs, path("ov.qcow2"), "qcow2", BDRV_O_RDWR), 0);
    ck_assert_ptr_nonnull(bs->backing);

    /* Unwritten: the backing file shows through. */
    ck_assert_int_eq(bdrv_pread(bs, 5 * cs + 100, buf, 2 * cs), 0);
    expect_base_pattern(buf, 5 * cs + 100, 2 * cs, 3);

    /* Sub-cluster write straddling two clusters: both copied, the rest kept. */
    memset(w, 0xa5, sizeof(w));
    ck_assert_int_eq(bdrv_pwrite(bs, 10 * cs - 300, w, sizeof(w)), 0);
    ck_assert_int_eq(bdrv_pread(bs, 9 * cs, buf, 3 * cs), 0);
    expect_base_pattern(buf, 9 * cs, cs - 300, 3);
    for (int i = 0; i < 700; i++)
        ck_assert_int_eq(buf[cs - 300 + i], 0xa5);
    expect_base_pattern(buf + cs + 400, 10 * cs + 400, 2 * cs - 400, 3);
    ck_assert_int_eq(bdrv_block_status(bs, 9 * cs, 2 * cs, &pnum) & BDRV_BLOCK_ALLOCATED,
                     BDRV_BLOCK_ALLOCATED);
    ck_assert_int_eq(pnum, 2 * cs);
    ck_assert_int_eq(bdrv_block_status(bs, 11 * cs, cs, &pnum) & BDRV_BLOCK_ALLOCATED, 0);

    /* A whole-cluster write at a cluster boundary. */
    memset(buf, 0x3c, cs);
    ck_assert_int_eq(bdrv_pwrite(bs, 20 * cs, buf, cs), 0);
    ck_assert_int_eq(bdrv_pread(bs, 20 * cs - 10, buf, cs + 20), 0);
    expect_base_pattern(buf, 20 * cs - 10, 10, 3);
    ck_assert_int_eq(buf[10], 0x3c);
    ck_assert_int_eq(buf[cs + 9], 0x3c);
    expect_base_pattern(buf + cs + 10, 21 * cs, 10, 3);

    /* Zeroes over the backing: the zero flag hides it. */
    ck_assert_int_eq(bdrv_pwrite_zeroes(bs, 30 * cs, cs), 0);
    ck_assert_int_eq(bdrv_pread(bs, 30 * cs, buf, cs), 0);
    for (uint64_t i = 0; i < cs; i++)
        ck_assert_int_eq(buf[i], 0);
    expect_clean(bs);
    bdrv_close(bs);

    /* Reopened, the same data. */
    ck_assert_int_eq(bdrv_open(&bs, path("ov.qcow2"), NULL, 0), 0);
    ck_assert_str_eq(bs->drv->name, "qcow2");
    ck_assert_int_eq(bdrv_pread(bs, 10 * cs - 300, buf, 700), 0);
    ck_assert_int_eq(buf[0], 0xa5);
    ck_assert_int_eq(buf[699], 0xa5);
    bdrv_close(bs);
    free(buf);
}
END_TEST

START_TEST(test_qcow2_snapshot_cow)
{
    const uint64_t cs = 65536;
    BlockDriverState *bs;
    uint8_t *a = malloc(cs), *r = malloc(cs);
    BdrvSnapshotInfo *sn;

    create_qcow2("s.qcow2", 4 * cs, NULL, 0);
    ck_assert_int_eq(bdrv_open(&bs, path("s.qcow2"), "qcow2", BDRV_O_RDWR), 0);
    memset(a, 1, cs);
    ck_assert_int_eq(bdrv_pwrite(bs, 0, a, cs), 0);
    ck_assert_int_eq(bdrv_snapshot_create(bs, "one"), 0);
    expect_clean(bs);
    /* The cluster is shared now: this write must go elsewhere. */
    memset(a, 2, 100);
    ck_assert_int_eq(bdrv_pwrite(bs, 50, a, 100), 0);
    expect_clean(bs);
    ck_assert_int_eq(bdrv_pread(bs, 0, r, cs), 0);
    ck_assert_int_eq(r[49], 1);
    ck_assert_int_eq(r[50], 2);
    ck_assert_int_eq(bdrv_snapshot_list(bs, &sn), 1);
    ck_assert_str_eq(sn[0].name, "one");
    ck_assert_str_eq(sn[0].id, "1");
    free(sn);
    ck_assert_int_eq(bdrv_snapshot_apply(bs, "one"), 0);
    ck_assert_int_eq(bdrv_pread(bs, 0, r, cs), 0);
    ck_assert_int_eq(r[50], 1);
    ck_assert_int_eq(bdrv_snapshot_delete(bs, "1"), 0);
    ck_assert_int_eq(bdrv_snapshot_delete(bs, "one"), -ENOENT);
    expect_clean(bs);
    bdrv_close(bs);
    free(a);
    free(r);
}
END_TEST

START_TEST(test_qcow2_compressed_and_grow)
{
    const uint64_t cs = 65536;
    BlockDriverState *bs;
    uint8_t *a = calloc(1, cs), *r = malloc(cs);
    uint64_t pnum;

    create_qcow2("c.qcow2", 2 * cs, NULL, 0);
    ck_assert_int_eq(bdrv_open(&bs, path("c.qcow2"), "qcow2", BDRV_O_RDWR), 0);
    for (uint64_t i = 0; i < cs; i++)
        a[i] = (uint8_t)(i / 100);
    ck_assert_int_eq(bdrv_pwrite_compressed(bs, cs, a, cs), 0);
    ck_assert(bdrv_block_status(bs, cs, cs, &pnum) & BDRV_BLOCK_COMPRESSED);
    ck_assert_int_eq(bdrv_pread(bs, cs, r, cs), 0);
    ck_assert_mem_eq(a, r, cs);
    /* Unaligned compressed writes are refused. */
    ck_assert_int_eq(bdrv_pwrite_compressed(bs, 512, a, cs - 512), -EINVAL);
    /* Overwriting part of a compressed cluster decompresses it into a new one. */
    ck_assert_int_eq(bdrv_pwrite(bs, cs + 10, "xyz", 3), 0);
    ck_assert_int_eq(bdrv_pread(bs, cs, r, cs), 0);
    ck_assert_int_eq(r[10], 'x');
    ck_assert_int_eq(r[9], a[9]);
    ck_assert_int_eq(r[20000], a[20000]);
    ck_assert_int_eq(bdrv_truncate(bs, 1ULL << 32, false), 0);
    ck_assert_int_eq(bdrv_getlength(bs), 1LL << 32);
    ck_assert_int_eq(bdrv_pwrite(bs, (1ULL << 32) - 3, "end", 3), 0);
    expect_clean(bs);
    bdrv_close(bs);
    free(a);
    free(r);
}
END_TEST

/* ---- hostile images ---- */

/*
 * Random bytes over the header, L1, refcount table and first tables of a
 * valid image: opening may fail, but must say why; reads, a check and
 * writes must never crash (run it under --enable-sanitizers).
 */
START_TEST(test_qcow2_metadata_fuzz)
{
    const uint64_t cs = 4096;
    BlockDriverState *bs;
    uint8_t *buf = malloc(64 * 1024);
    unsigned seed = 12345;
    int opened = 0;

    /* The checker's findings go to stderr: not this test's business. */
    ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
    create_qcow2("f.qcow2", 1 << 20, NULL, cs);
    ck_assert_int_eq(bdrv_open(&bs, path("f.qcow2"), "qcow2", BDRV_O_RDWR), 0);
    memset(buf, 0x5a, 64 * 1024);
    ck_assert_int_eq(bdrv_pwrite(bs, 0, buf, 64 * 1024), 0);
    ck_assert_int_eq(bdrv_snapshot_create(bs, "s"), 0);
    bdrv_close(bs);
    for (int iter = 0; iter < 300; iter++) {
        char cmd[256];
        int fd, n = 1 + rand_r(&seed) % 8;
        BdrvCheckResult r;

        snprintf(cmd, sizeof(cmd), "cp %s %s", path("f.qcow2"), path("g.qcow2"));
        ck_assert_int_eq(system(cmd), 0);
        fd = open(path("g.qcow2"), O_RDWR);
        for (int k = 0; k < n; k++) {
            uint8_t v = (uint8_t)rand_r(&seed);
            off_t where = rand_r(&seed) % 2 ? rand_r(&seed) % 128 : rand_r(&seed) % (off_t)(12 * cs);
            ck_assert_int_eq(pwrite(fd, &v, 1, where), 1);
        }
        close(fd);
        bdrv_seterr("%s", "");
        if (bdrv_open_quiet(&bs, path("g.qcow2"), "qcow2", BDRV_O_RDWR | BDRV_O_CHECK) < 0) {
            ck_assert(bdrv_geterr()[0] != '\0');
            continue;
        }
        opened++;
        bdrv_pread(bs, 0, buf, 64 * 1024);
        bdrv_check(bs, &r, 0);
        bdrv_pwrite(bs, 8192, buf, 5000);
        bdrv_pwrite_zeroes(bs, 65536, 65536);
        bdrv_close(bs);
    }
    ck_assert_int_gt(opened, 0);
    free(buf);
}
END_TEST

START_TEST(test_snapshot_overlay_option)
{
    BlockDriverState *bs;
    uint8_t r[16];

    make_raw("o.raw", 65536, 9);
    ck_assert_int_eq(bdrv_open(&bs, path("o.raw"), "raw", BDRV_O_RDWR | BDRV_O_SNAPSHOT), 0);
    ck_assert_str_eq(bs->drv->name, "qcow2");
    ck_assert_int_eq(bdrv_pwrite(bs, 0, "changed", 7), 0);
    ck_assert_int_eq(bdrv_pread(bs, 0, r, 7), 0);
    ck_assert_mem_eq(r, "changed", 7);
    bdrv_close(bs);
    /* The image itself never saw the write. */
    ck_assert_int_eq(bdrv_open(&bs, path("o.raw"), "raw", 0), 0);
    ck_assert_int_eq(bdrv_pread(bs, 0, r, 1), 0);
    ck_assert_int_eq(r[0], 9);
    bdrv_close(bs);
}
END_TEST

static Suite *block_suite(void)
{
    Suite *s = suite_create("block");
    TCase *tc = tcase_create("block");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_aio_complete_in_order);
    tcase_add_test(tc, test_aio_zeroes_discard_and_drain);
    tcase_add_test(tc, test_aio_readonly_write_fails);
    tcase_add_test(tc, test_cache_modes);
    tcase_add_test(tc, test_locking_two_opens);
    tcase_add_test(tc, test_qcow2_cow_backing);
    tcase_add_test(tc, test_qcow2_snapshot_cow);
    tcase_add_test(tc, test_qcow2_compressed_and_grow);
    tcase_add_test(tc, test_qcow2_metadata_fuzz);
    tcase_add_test(tc, test_snapshot_overlay_option);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run(block_suite(), true);
}
