/*
 * qsort of 100,000 structs with a comparator (two keys) and bsearch of
 * every tenth element plus absent keys; the checksum of the sorted order
 * is printed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct Rec {
    uint32_t key;
    uint16_t tie;
    char name[10];
} Rec;

static int cmp(const void *pa, const void *pb)
{
    const Rec *a = pa, *b = pb;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->tie > b->tie) - (a->tie < b->tie);
}

int main(void)
{
    enum { N = 100000 };
    Rec *r = malloc(N * sizeof(*r));
    uint64_t x = 88172645463325252ull, sum = 0;
    unsigned found = 0, absent = 0;

    if (!r)
        return 2;
    for (unsigned i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        r[i].key = (uint32_t)(x % 50000) * 2;      /* even keys, many duplicates */
        r[i].tie = (uint16_t)i;
        snprintf(r[i].name, sizeof(r[i].name), "r%u", i);
    }
    qsort(r, N, sizeof(*r), cmp);
    for (unsigned i = 0; i < N; i++) {
        if (i && cmp(&r[i - 1], &r[i]) > 0) {
            printf("not sorted at %u\n", i);
            return 1;
        }
        sum = sum * 31 + r[i].key + r[i].tie + (uint8_t)r[i].name[1];
    }
    for (unsigned i = 0; i < N; i += 10) {
        Rec k = r[i], *p = bsearch(&k, r, N, sizeof(*r), cmp);

        found += p && p->key == k.key && p->tie == k.tie;
        k.key |= 1;                                 /* odd: never present */
        absent += !bsearch(&k, r, N, sizeof(*r), cmp);
    }
    printf("first %u/%u %s last %u/%u %s\n", r[0].key, r[0].tie, r[0].name,
           r[N - 1].key, r[N - 1].tie, r[N - 1].name);
    printf("checksum %llu found %u absent %u\n", (unsigned long long)sum, found, absent);
    free(r);
    return 0;
}
