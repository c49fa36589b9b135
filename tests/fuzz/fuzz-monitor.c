/*
 * The monitors' input path under a fuzzer (issue 11): whatever a client
 * sends to QMP (JSON framing, negotiation, argument checks, dispatch, the
 * human-monitor-command bridge) or types at HMP (line editing, escape
 * sequences, the command parser). Input byte 0 chooses the monitor and how
 * the rest is cut into writes, so framing across reads is fuzzed too; the
 * replies are drained and dropped. A crash, a sanitizer report or a hang is
 * a bug; an error reply is not.
 *
 *   fuzz-monitor FILE...   replay inputs (make check runs the kept corpus)
 *   fuzz-monitor           one input on stdin (AFL++; persistent loop when
 *                          built by afl-clang-fast: scripts/fuzz.sh monitor)
 *
 * No machine and no display are registered, so commands that would act on
 * them answer "not available"; the process works in a private directory so
 * that a fuzzed file name lands there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chardev/char.h"
#include "monitor/monitor.h"
#include "monitor/qmp.h"
#include "system/runstate.h"
#include "tests/fuzz/fuzz.h"

/* Inputs that got a command through (a QMP "return", a second HMP prompt): the replay reports it. */
static unsigned accepted;
static unsigned replies;

static void drain(Chardev *chr, const char *mark)
{
    static char sink[65536];
    size_t n;

    do {
        n = chr_memory_take(chr, (uint8_t *)sink, sizeof(sink) - 1);
        sink[n] = '\0';
        for (const char *p = sink; (p = strstr(p, mark)); p++)
            replies++;
    } while (n == sizeof(sink) - 1);
}

static void run_one(const uint8_t *data, size_t len)
{
    Chardev *chr;
    size_t chunk;
    bool qmp;

    if (len < 1)
        return;
    qmp = !(data[0] & 0x80);
    chunk = (size_t)(data[0] & 0x3f) + 1;
    data++, len--;

    runstate_reset_for_test();
    chr = chr_memory_new();
    replies = 0;
    if (qmp ? qmp_monitor_new(chr, data[-1] & 0x40) < 0 : !monitor_new(chr))
        abort();
    for (size_t off = 0; off < len; off += chunk) {
        chr_memory_inject(chr, data + off, len - off < chunk ? len - off : chunk);
        drain(chr, qmp ? "\"return\"" : "(qemu) ");
    }
    drain(chr, qmp ? "\"return\"" : "(qemu) ");
    /* The first HMP prompt comes with the banner, before any command. */
    if (replies > (qmp ? 0u : 1u))
        accepted++;
    /* As vireo ends: HMP monitors, QMP's (and its private HMP), then the chardevs. */
    monitor_cleanup();
    qmp_cleanup();
    chr_cleanup();
}

static char dir[] = "/tmp/fuzz-monitor.XXXXXX";

static void setup(void)
{
    if (!mkdtemp(dir) || chdir(dir) < 0) {
        perror(dir);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    int ret = fuzz_main(argc, argv, "fuzz-monitor", setup, run_one, &accepted);

    if (chdir("/") == 0)
        rmdir(dir);
    return ret;
}
