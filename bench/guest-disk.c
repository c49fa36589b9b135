/*
 * The workload of bench/disk.sh, run inside the guest on a block device with
 * O_DIRECT (the guest's page cache out of the way, so every request reaches
 * the emulated disk):
 *   vdisk DEV seqwrite|seqread MIB       1 MiB requests over the first MIB MiB
 *   vdisk DEV randwrite|randread MIB N   N 4 KiB requests at 4 KiB-aligned
 *                                        offsets in the first MIB MiB (a fixed
 *                                        xorshift sequence, the same in every run)
 * Writes end with fsync (a cache flush on the device), as a benchmark that
 * claims its data is written must. Prints the bytes moved and the seconds it
 * took by the guest's CLOCK_MONOTONIC: the runs are short (a few hundred
 * milliseconds at BENCH_SCALE=0.1), too short for the host to time them from
 * console lines, and the guest's clock follows the host's under both
 * emulators (TCG, no time warp).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 2 ? argv[2] : "";
    long mib = argc > 3 ? atol(argv[3]) : 0, n = argc > 4 ? atol(argv[4]) : 0;
    int wr = !strcmp(mode, "seqwrite") || !strcmp(mode, "randwrite");
    int seq = !strncmp(mode, "seq", 3);
    size_t bs = seq ? 1u << 20 : 4096;
    uint64_t region = (uint64_t)mib << 20, moved = 0;
    uint32_t x = 2463534242u;
    unsigned char *buf;
    double t0;
    int fd;

    if (argc < 4 || mib <= 0 || (!seq && strncmp(mode, "rand", 4)) || (!seq && n <= 0)) {
        fprintf(stderr, "usage: vdisk DEV seqwrite|seqread MIB | randwrite|randread MIB N\n");
        return 2;
    }
    if (posix_memalign((void **)&buf, 4096, bs))
        return 1;
    for (size_t i = 0; i < bs; i++)
        buf[i] = (unsigned char)(i * 31 + 7);
    fd = open(argv[1], (wr ? O_WRONLY : O_RDONLY) | O_DIRECT);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    if (seq)
        n = mib;
    t0 = now();
    for (long i = 0; i < n; i++) {
        uint64_t off;
        ssize_t r;

        if (seq) {
            off = (uint64_t)i << 20;
        } else {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            off = (x % (region / 4096)) * 4096;
        }
        r = wr ? pwrite(fd, buf, bs, (off_t)off) : pread(fd, buf, bs, (off_t)off);
        if (r != (ssize_t)bs) {
            perror(mode);
            return 1;
        }
        moved += bs;
    }
    if (wr && fsync(fd) < 0) {
        perror("fsync");
        return 1;
    }
    printf("%llu %.6f\n", (unsigned long long)moved, now() - t0);
    close(fd);
    return 0;
}
