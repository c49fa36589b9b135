/*
 * Two threads racing on shared counters: 1e6 __atomic_fetch_add each, a
 * compare-and-swap loop, and a mutex-protected plain counter. Totals are
 * exact only when LOCK-prefixed instructions are atomic across vCPUs and
 * futex waits and wakes work; the program prints them and the expected sum.
 * "threads N" runs N rounds per thread instead of 1e6.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { THREADS = 2 };

static long N = 1000000;

static long atomic_counter, cas_counter, mutex_counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg)
{
    for (long i = 0; i < N; i++) {
        long old = __atomic_load_n(&cas_counter, __ATOMIC_RELAXED);

        __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
        while (!__atomic_compare_exchange_n(&cas_counter, &old, old + 1, 0,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        pthread_mutex_lock(&lock);      /* contended: futex waits and wakes */
        mutex_counter++;
        pthread_mutex_unlock(&lock);
    }
    return arg;
}

int main(int argc, char **argv)
{
    pthread_t t[THREADS];
    void *ret;
    int joined = 0;

    if (argc > 1 && atol(argv[1]) > 0)
        N = atol(argv[1]);

    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, work, (void *)i)) {
            printf("pthread_create failed\n");
            return 2;
        }
    for (long i = 0; i < THREADS; i++)
        joined += !pthread_join(t[i], &ret) && ret == (void *)i;
    printf("joined %d\n", joined);
    printf("atomic %ld cas %ld mutex %ld\n", atomic_counter, cas_counter, mutex_counter);
    printf("expected %ld %ld %ld\n", N * THREADS, N * THREADS, N * THREADS);
    return atomic_counter == N * THREADS && cas_counter == N * THREADS &&
                   mutex_counter == N * THREADS ? 0 : 1;
}
