/*
 * Unit tests of the drives' I/O accounting (block/block-backend.c, counted
 * by block/aio.c): bytes, operations, failures, invalid requests, the
 * highest write, times, `info blockstats` in QEMU's layout, and counters
 * that belong to the drive (they survive a CD change, an image that is no
 * drive's medium counts nothing).
 */
#include "tests/unit/check-run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/aio.h"
#include "block/block-backend.h"
#include "block/block.h"
#include "system/main-loop.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/vireo-test-blk.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
    error_set_stream(fopen("/dev/null", "w"));
}

static void teardown(void)
{
    char cmd[128];

    blk_close_all();
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

static BlockDriverState *open_raw(const char *name, uint64_t size, int flags)
{
    BlockDriverState *bs;
    int fd = open(path(name), O_RDWR | O_CREAT | O_TRUNC, 0644);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
    close(fd);
    ck_assert_int_eq(bdrv_open(&bs, path(name), "raw", flags), 0);
    return bs;
}

static int ndone;
static int last_ret;

static void done_cb(void *opaque, int ret)
{
    ndone++;
    last_ret = ret;
}

static void wait_done(int n)
{
    for (int spin = 0; ndone < n && spin < 2000; spin++)
        main_loop_wait(false);
    ck_assert_int_eq(ndone, n);
}

START_TEST(test_counts_every_kind)
{
    BlockDriverState *bs = open_raw("a.raw", 1 << 20, BDRV_O_RDWR);
    BlockBackend *blk = blk_new("virtio0", bs);
    static uint8_t buf[65536];
    struct iovec two[2] = { { buf, 4096 }, { buf + 4096, 8192 } }, one = { buf, 512 };
    const BlockAcctStats *st;

    ck_assert_ptr_nonnull(blk);
    ndone = 0;
    ck_assert_int_eq(bdrv_aio_pwritev(bs, 65536, two, 2, done_cb, NULL), 0);
    ck_assert_int_eq(bdrv_aio_pwritev(bs, 4096, &one, 1, done_cb, NULL), 0);
    ck_assert_int_eq(bdrv_aio_preadv(bs, 0, two, 2, done_cb, NULL), 0);
    ck_assert_int_eq(bdrv_aio_flush(bs, done_cb, NULL), 0);
    ck_assert_int_eq(bdrv_aio_pwrite_zeroes(bs, 200000, 1000, done_cb, NULL), 0);
    ck_assert_int_eq(bdrv_aio_pdiscard(bs, 131072, 65536, done_cb, NULL), 0);
    /* A read past the end fails: counted as failed, its bytes are not. */
    ck_assert_int_eq(bdrv_aio_preadv(bs, (1 << 20) - 512, two, 2, done_cb, NULL), 0);
    wait_done(7);
    ck_assert_int_lt(last_ret, 0);

    st = blk_stats(blk);
    ck_assert_uint_eq(st->nr_bytes[BLOCK_ACCT_WRITE], 12288 + 512 + 1000);
    ck_assert_uint_eq(st->nr_ops[BLOCK_ACCT_WRITE], 3);
    ck_assert_uint_eq(st->nr_bytes[BLOCK_ACCT_READ], 12288);
    ck_assert_uint_eq(st->nr_ops[BLOCK_ACCT_READ], 1);
    ck_assert_uint_eq(st->failed_ops[BLOCK_ACCT_READ], 1);
    ck_assert_uint_eq(st->nr_ops[BLOCK_ACCT_FLUSH], 1);
    ck_assert_uint_eq(st->nr_ops[BLOCK_ACCT_UNMAP], 1);
    ck_assert_uint_eq(st->nr_bytes[BLOCK_ACCT_UNMAP], 65536);
    ck_assert_uint_eq(st->failed_ops[BLOCK_ACCT_WRITE], 0);
    ck_assert_uint_eq(st->wr_highest_offset, 201000);
    ck_assert_int_gt(st->last_access_ns, 0);
    ck_assert_uint_gt(st->total_time_ns[BLOCK_ACCT_READ], 0);

    blk_account_invalid(bs, BLOCK_ACCT_WRITE);
    ck_assert_uint_eq(st->invalid_ops[BLOCK_ACCT_WRITE], 1);
    ck_assert_uint_eq(st->invalid_ops[BLOCK_ACCT_READ], 0);
}
END_TEST

START_TEST(test_readonly_write_is_failed)
{
    BlockDriverState *bs = open_raw("ro.raw", 65536, 0);
    BlockBackend *blk = blk_new("ide0-hd0", bs);
    uint8_t b[512] = { 0 };
    struct iovec iov = { b, sizeof(b) };

    ndone = 0;
    ck_assert_int_eq(bdrv_aio_pwritev(bs, 0, &iov, 1, done_cb, NULL), 0);
    wait_done(1);
    ck_assert_int_eq(last_ret, -EPERM);
    ck_assert_uint_eq(blk_stats(blk)->failed_ops[BLOCK_ACCT_WRITE], 1);
    ck_assert_uint_eq(blk_stats(blk)->nr_ops[BLOCK_ACCT_WRITE], 0);
    ck_assert_uint_eq(blk_stats(blk)->wr_highest_offset, 0);
}
END_TEST

START_TEST(test_not_a_drive_counts_nothing)
{
    BlockDriverState *mine = open_raw("m.raw", 65536, BDRV_O_RDWR);
    BlockDriverState *other = open_raw("o.raw", 65536, BDRV_O_RDWR);
    BlockBackend *blk = blk_new("virtio0", mine);
    uint8_t b[512] = { 0 };
    struct iovec iov = { b, sizeof(b) };

    ndone = 0;
    ck_assert_int_eq(bdrv_aio_pwritev(other, 0, &iov, 1, done_cb, NULL), 0);
    wait_done(1);
    ck_assert_uint_eq(blk_stats(blk)->nr_ops[BLOCK_ACCT_WRITE], 0);
    ck_assert_int_eq(blk_stats(blk)->last_access_ns, 0);
    blk_account_invalid(other, BLOCK_ACCT_READ);    /* no drive: ignored */
    blk_account_invalid(NULL, BLOCK_ACCT_READ);
    ck_assert_uint_eq(blk_stats(blk)->invalid_ops[BLOCK_ACCT_READ], 0);
    bdrv_close(other);
}
END_TEST

/* A CD-ROM's device ops that accept any medium. */
static BlockDriverState *cd_medium;
static void cd_change(void *opaque, BlockDriverState *bs) { cd_medium = bs; }
static bool cd_false(void *opaque) { return false; }
static const BlockDevOps cd_ops = { cd_change, cd_false, cd_false };

START_TEST(test_counters_survive_media_change)
{
    BlockDriverState *bs = open_raw("cd1.iso", 65536, 0), *bs2;
    BlockBackend *blk = blk_new("ide1-cd0", bs);
    uint8_t b[2048];
    struct iovec iov = { b, sizeof(b) };
    char err[256];

    blk_attach_dev(blk, &cd_ops, NULL, "/machine/unattached/device[24]");
    ndone = 0;
    ck_assert_int_eq(bdrv_aio_preadv(bs, 0, &iov, 1, done_cb, NULL), 0);
    wait_done(1);
    bdrv_close(open_raw("cd2.iso", 65536, 0));     /* the second disc's file */
    ck_assert_int_eq(blk_change_medium("ide1-cd0", path("cd2.iso"), "raw", err, sizeof(err)), 0);
    bs2 = blk_bs(blk);
    ck_assert_ptr_eq(cd_medium, bs2);
    ck_assert_int_eq(bdrv_aio_preadv(bs2, 2048, &iov, 1, done_cb, NULL), 0);
    wait_done(2);
    ck_assert_uint_eq(blk_stats(blk)->nr_ops[BLOCK_ACCT_READ], 2);
    ck_assert_uint_eq(blk_stats(blk)->nr_bytes[BLOCK_ACCT_READ], 4096);
    ck_assert_int_eq(blk_eject("ide1-cd0", true, err, sizeof(err)), 0);
    ck_assert_ptr_null(blk_bs(blk));
    ck_assert_uint_eq(blk_stats(blk)->nr_ops[BLOCK_ACCT_READ], 2);
}
END_TEST

START_TEST(test_info_blockstats_layout)
{
    BlockDriverState *bs = open_raw("h.raw", 65536, BDRV_O_RDWR);
    uint8_t b[1024] = { 0 };
    struct iovec iov = { b, sizeof(b) };
    char *text = NULL;
    size_t len = 0;
    FILE *f;
    unsigned long long v[10];
    long long idle;

    blk_new("ide0-hd0", bs);
    blk_new("ide1-cd0", NULL);
    ndone = 0;
    ck_assert_int_eq(bdrv_aio_pwritev(bs, 0, &iov, 1, done_cb, NULL), 0);
    ck_assert_int_eq(bdrv_aio_flush(bs, done_cb, NULL), 0);
    ck_assert_int_eq(bdrv_aio_preadv(bs, 0, &iov, 1, done_cb, NULL), 0);
    wait_done(3);
    f = open_memstream(&text, &len);
    blk_info_stats(f);
    fclose(f);
    /* QEMU 7.2's hmp_info_blockstats, field for field. */
    ck_assert_int_eq(sscanf(text, "ide0-hd0: rd_bytes=%llu wr_bytes=%llu rd_operations=%llu "
                            "wr_operations=%llu flush_operations=%llu wr_total_time_ns=%llu "
                            "rd_total_time_ns=%llu flush_total_time_ns=%llu rd_merged=%llu "
                            "wr_merged=%llu idle_time_ns=%lld\n",
                            &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
                            &idle), 11);
    ck_assert_uint_eq(v[0], 1024);
    ck_assert_uint_eq(v[1], 1024);
    ck_assert_uint_eq(v[2], 1);
    ck_assert_uint_eq(v[3], 1);
    ck_assert_uint_eq(v[4], 1);
    ck_assert_int_ge(idle, 0);
    ck_assert_ptr_nonnull(strstr(text, "\nide1-cd0: rd_bytes=0 wr_bytes=0 rd_operations=0 "
                                       "wr_operations=0 flush_operations=0 wr_total_time_ns=0 "
                                       "rd_total_time_ns=0 flush_total_time_ns=0 rd_merged=0 "
                                       "wr_merged=0 idle_time_ns=0\n"));
    free(text);
}
END_TEST

static Suite *blk_suite(void)
{
    Suite *s = suite_create("block-backend");
    TCase *tc = tcase_create("accounting");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_counts_every_kind);
    tcase_add_test(tc, test_readonly_write_is_failed);
    tcase_add_test(tc, test_not_a_drive_counts_nothing);
    tcase_add_test(tc, test_counters_survive_media_change);
    tcase_add_test(tc, test_info_blockstats_layout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_run(blk_suite(), true);
}
