/*
 * The compiled workload of bench/system.sh, run inside the guest: integer
 * work a C program does (a sieve, a hash mix) and qsort of N 32-bit keys
 * from a fixed xorshift sequence; prints a checksum so a wrong result shows.
 *   vqsort N
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    uint32_t *v = malloc((size_t)n * sizeof(*v)), s = 2463534242u;
    unsigned char *sieve = calloc((size_t)n + 1, 1);
    uint64_t sum = 0, primes = 0;

    if (!v || !sieve || n < 2)
        return 1;
    for (long i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        v[i] = s;
    }
    qsort(v, (size_t)n, sizeof(*v), cmp_u32);
    for (long i = 0; i < n; i++)
        sum = sum * 31 + v[i];
    for (long i = 2; i <= n; i++) {
        if (sieve[i])
            continue;
        primes++;
        for (long j = 2 * i; j <= n; j += i)
            sieve[j] = 1;
    }
    printf("%ld keys, checksum %016llx, %llu primes\n", n, (unsigned long long)sum,
           (unsigned long long)primes);
    return 0;
}
