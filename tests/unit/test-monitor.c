/*
 * Unit tests: the HMP monitor (monitor/monitor.h) driven through a memory
 * chardev as a user at a raw terminal would: banner and prompt, help, info
 * commands (with fake board hooks), stop/cont against the run state, QEMU's
 * error messages, line editing keys, history, tab completion, the mux hand-
 * over under -nographic, and garbage input that must be survived.
 */
#include "tests/unit/check-run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chardev/char-int.h"
#include "config.h"
#include "monitor/monitor.h"
#include "system/main-loop.h"
#include "system/memory.h"
#include "system/runstate.h"

#define BANNER "Vireo " VIREO_VERSION " monitor - type 'help' for more information\r\n"

static Chardev *chr;
static Monitor *mon;
static char out[1 << 20];

static void setup(void)
{
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
    runstate_reset_for_test();
    chr = chr_memory_new();
    mon = monitor_new(chr);
    ck_assert_ptr_nonnull(mon);
}

static void teardown(void)
{
    monitor_cleanup();
    chr_cleanup();
    runstate_reset_for_test();
    bql_unlock();
    main_loop_cleanup();
}

/* Everything the monitor sent since the last call. */
static const char *output(void)
{
    size_t n = chr_memory_take(chr, (uint8_t *)out, sizeof(out) - 1);

    out[n] = '\0';
    return out;
}

static void type(const char *keys)
{
    chr_memory_inject(chr, (const uint8_t *)keys, strlen(keys));
}

/* Type a line and return what came back (echo, output, next prompt). */
static const char *run(const char *line)
{
    output();
    type(line);
    type("\r");
    return output();
}

static bool contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

START_TEST(banner_and_prompt_on_open)
{
    ck_assert_str_eq(output(), BANNER "(qemu) ");
}
END_TEST

START_TEST(help_lists_the_commands)
{
    const char *o = run("help");

    ck_assert(contains(o, "help\r\n"));
    ck_assert(contains(o, "cont|c  -- resume emulation\r\n"));
    ck_assert(contains(o, "help|? [cmd] -- show the help\r\n"));
    ck_assert(contains(o, "info [subcommand] -- show various information about the system state\r\n"));
    ck_assert(contains(o, "q|quit  -- quit the emulator\r\n"));
    ck_assert(contains(o, "stop|s  -- stop emulation\r\n"));
    ck_assert(contains(o, "system_powerdown  -- send system power down event\r\n"));
    ck_assert(contains(o, "system_reset  -- reset the system\r\n"));
    ck_assert(!contains(o, "\n\n"));
    /* The answer ends with a fresh prompt. */
    ck_assert_str_eq(o + strlen(o) - 7, "(qemu) ");

    o = run("help info");
    ck_assert(contains(o, "info version  -- show the version of Vireo\r\n"));
    ck_assert(contains(o, "info status  -- show the current VM status (running|paused)\r\n"));
    ck_assert(contains(o, "info registers [-a|vcpu] -- show the cpu registers"));
    ck_assert_str_eq(run("help stop"), "help stop\r\nstop|s  -- stop emulation\r\n(qemu) ");
    ck_assert_str_eq(run("help nosuch"), "help nosuch\r\nunknown command: 'nosuch'\r\n(qemu) ");
    /* Bare "info" lists the subcommands too. */
    ck_assert(contains(run("info"), "info chardev  -- show the character devices\r\n"));
}
END_TEST

START_TEST(info_version_name_chardev)
{
    ck_assert_str_eq(run("info version"), "info version\r\n" VIREO_VERSION "\r\n(qemu) ");
    ck_assert_str_eq(run("info name"), "info name\r\n(qemu) ");
    monitor_set_vm_name("guest1");
    ck_assert_str_eq(run("info name"), "info name\r\nguest1\r\n(qemu) ");
    monitor_set_vm_name(NULL);
    ck_assert_str_eq(run("info chardev"), "info chardev\r\nmemory: filename=memory\r\n(qemu) ");
}
END_TEST

START_TEST(stop_cont_and_info_status)
{
    vm_start();
    ck_assert(contains(run("info status"), "\r\nVM status: running\r\n"));
    run("stop");
    ck_assert_int_eq(runstate_get(), RUN_STATE_PAUSED);
    ck_assert(contains(run("info status"), "\r\nVM status: paused\r\n"));
    run("c");
    ck_assert_int_eq(runstate_get(), RUN_STATE_RUNNING);
    run("s");
    ck_assert_int_eq(runstate_get(), RUN_STATE_PAUSED);
    run("cont");
    ck_assert(runstate_is_running());
    vm_stop(RUN_STATE_SHUTDOWN);
    ck_assert(contains(run("info status"), "\r\nVM status: paused (shutdown)\r\n"));
    ck_assert(contains(run("cont"), "\r\nResetting the Virtual Machine is required\r\n"));
    ck_assert(!runstate_is_running());
}
END_TEST

static int resets, powerdowns;
static void on_reset(void *o) { resets++; }
static void on_powerdown(void *o) { powerdowns++; }

START_TEST(reset_powerdown_and_quit_are_requests)
{
    int status = -1;

    resets = powerdowns = 0;
    runstate_set_reset_handler(on_reset, NULL);
    runstate_set_powerdown_handler(on_powerdown, NULL);
    vm_start();
    run("system_reset");
    run("system_powerdown");
    ck_assert_int_eq(resets, 0);    /* the main loop acts, not the monitor */
    ck_assert(!runstate_poll(&status));
    ck_assert_int_eq(resets, 1);
    ck_assert_int_eq(powerdowns, 1);
    /* quit: no prompt after it, input ignored, the main loop exits 0. */
    ck_assert_str_eq(run("quit"), "quit\r\n");
    ck_assert(runstate_poll(&status));
    ck_assert_int_eq(status, 0);
    ck_assert_str_eq(run("info version"), "");
}
END_TEST

START_TEST(unknown_commands_and_bad_arguments)
{
    ck_assert_str_eq(run("foo"), "foo\r\nunknown command: 'foo'\r\n(qemu) ");
    ck_assert_str_eq(run("  info   bogus"), "  info   bogus\r\nunknown command: 'info   bogus'\r\n(qemu) ");
    ck_assert_str_eq(run("stop now"),
                     "stop now\r\nstop: extra parameters\r\nTry \"help stop\" for more information\r\n(qemu) ");
    ck_assert_str_eq(run("info status x"), "info status x\r\ninfo status: extra parameters\r\n"
                                           "Try \"help info status\" for more information\r\n(qemu) ");
    ck_assert_str_eq(run("info registers nope"), "info registers nope\r\ninvalid CPU index 'nope'\r\n(qemu) ");
    ck_assert(contains(run("info mtree -z"), "info mtree: unknown option '-z'\r\n"));
    /* Empty and blank lines just prompt again. */
    ck_assert_str_eq(run(""), "\r\n(qemu) ");
    ck_assert_str_eq(run("   "), "   \r\n(qemu) ");
}
END_TEST

START_TEST(line_editing_keys)
{
    /* Backspace (DEL and ^H), then retype. */
    ck_assert(contains(run("info verxx\x7f\x08sion"), "\r\n" VIREO_VERSION "\r\n"));
    /* Left arrow x5, insert the missing letter. */
    ck_assert(contains(run("info vrsion\033[D\033[D\033[D\033[D\033[De"), "\r\n" VIREO_VERSION "\r\n"));
    /* Home (^A) and End (^E), Ctrl-b / Ctrl-f. */
    ck_assert(contains(run("nfo versio\x01i\x05n"), "\r\n" VIREO_VERSION "\r\n"));
    ck_assert(contains(run("info verson\x02\x02i\x06\x06"), "\r\n" VIREO_VERSION "\r\n"));
    /* Ctrl-u kills what is before the cursor; Ctrl-k what is after. */
    ck_assert(contains(run("garbage\x15info version"), "\r\n" VIREO_VERSION "\r\n"));
    ck_assert(contains(run("info versionJUNK\033[D\033[D\033[D\033[D\x0b"), "\r\n" VIREO_VERSION "\r\n"));
    /* Ctrl-w deletes the word before the cursor; Delete (ESC [ 3 ~) the character under it. */
    ck_assert(contains(run("info junk\x17version"), "\r\n" VIREO_VERSION "\r\n"));
    ck_assert(contains(run("info vXersion\033[H\033[C\033[C\033[C\033[C\033[C\033[C\033[3~"),
                       "\r\n" VIREO_VERSION "\r\n"));
    /* Home/End in the other encodings (ESC O H, ESC [ 1 ~, ESC [ 4 ~). */
    ck_assert(contains(run("nfo version\033OHi"), "\r\n" VIREO_VERSION "\r\n"));
    ck_assert(contains(run("nfo versio\033[1~i\033[4~n"), "\r\n" VIREO_VERSION "\r\n"));
    /* None of these left an error behind. */
    ck_assert(!contains(run("info version"), "unknown"));
}
END_TEST

START_TEST(echo_is_incremental_and_redraws_correctly)
{
    /* Typing at the end of the line echoes just the character. */
    output();
    type("ab");
    ck_assert_str_eq(output(), "ab");
    /* Backspace at the end: cursor back one, clear to end of line. */
    type("\x7f");
    ck_assert_str_eq(output(), "\033[1D\033[K");
    /* Insert in the middle: move, rewrite the tail, put the cursor back. */
    type("cd\033[D\033[DX");
    ck_assert_str_eq(output(), "cd\033[1D\033[1D" "Xcd\033[2D");
    type("\x15\r");
}
END_TEST

START_TEST(history_up_and_down)
{
    run("info version");
    run("info status");
    run("help stop");
    /* Up twice: the command before last. */
    ck_assert(contains(run("\033[A\033[A"), "VM status: "));
    /* That line moved to the newest place: up once gives it again. */
    ck_assert(contains(run("\033[A"), "VM status: "));
    /* Up three times, down once: newest is info status, then help stop, then info version. */
    ck_assert(contains(run("\033[A\033[A\033[A\033[B"), "stop|s  -- stop emulation"));
    /* Down past the newest leaves an empty line. */
    ck_assert_str_eq(run("\033[A\033[B"), "help stop\033[9D\033[K\r\n(qemu) ");
    /* Ctrl-p / Ctrl-n work as up/down. */
    ck_assert(contains(run("\x10\x10\x0e\x10"), "VM status: "));
    /* Up with no older entry stays on the oldest. */
    ck_assert(contains(run("\033[A\033[A\033[A\033[A\033[A\033[A\033[A\033[A"), VIREO_VERSION "\r\n"));
}
END_TEST

START_TEST(tab_completion)
{
    const char *o;

    /* Unique: completes and adds a space. */
    output();
    type("he\t");
    ck_assert_str_eq(output(), "help ");
    type("\x15");
    /* Several: completes the common part, lists them, redraws the line. */
    output();
    type("sys\t");
    o = output();
    ck_assert(contains(o, "system_\r\nsystem_powerdown  system_reset      \r\n(qemu) system_"));
    type("r\t");
    ck_assert_str_eq(output(), "reset ");
    type("\x15");
    /* The second word of info and help. */
    ck_assert(contains(run("info ver\t"), "info version \r\n" VIREO_VERSION "\r\n"));
    ck_assert(contains(run("help sto\t"), "stop|s  -- stop emulation"));
    /* No candidate: nothing happens. */
    output();
    type("zzz\t");
    ck_assert_str_eq(output(), "zzz");
    type("\x15");
}
END_TEST

/* ---- Board hooks and info mtree --------------------------------------- */

static void fake_cpus(void *opaque, FILE *f)
{
    fprintf(f, "* CPU #0: thread_id=%d\n", *(int *)opaque);
}

static void fake_registers(void *opaque, FILE *f, int cpu)
{
    fprintf(f, "registers of %d\n", cpu);
}

static void fake_pci(void *opaque, FILE *f)
{
    fprintf(f, "  Bus  0, device   0, function 0:\n    Host bridge: PCI device 8086:1237\n");
}

START_TEST(info_from_board_hooks)
{
    static const MonitorMachineOps ops = { .info_cpus = fake_cpus, .info_registers = fake_registers,
                                           .info_pci = fake_pci };
    int tid = 42;

    /* Without a board those commands print nothing and do not crash. */
    ck_assert_str_eq(run("info cpus"), "info cpus\r\n(qemu) ");
    ck_assert_str_eq(run("info pci"), "info pci\r\n(qemu) ");
    monitor_set_machine(&ops, &tid);
    ck_assert_str_eq(run("info cpus"), "info cpus\r\n* CPU #0: thread_id=42\r\n(qemu) ");
    ck_assert(contains(run("info registers"), "registers of 0\r\n"));
    ck_assert(contains(run("info registers -a"), "registers of -1\r\n"));
    ck_assert(contains(run("info registers 3"), "registers of 3\r\n"));
    ck_assert(contains(run("info pci"), "    Host bridge: PCI device 8086:1237\r\n"));
    /* info block has no hook in this board: silent. */
    ck_assert_str_eq(run("info block"), "info block\r\n(qemu) ");
    monitor_set_machine(NULL, NULL);
}
END_TEST

static uint64_t dummy_read(void *opaque, uint64_t addr, unsigned size) { return 0; }
static void dummy_write(void *opaque, uint64_t addr, uint64_t val, unsigned size) {}

START_TEST(info_mtree_dumps_the_memory_api)
{
    static const MemoryRegionOps ops = { .read = dummy_read, .write = dummy_write };
    static MemoryRegion root, dev;
    static AddressSpace as;
    const char *o;

    memory_region_init_container(&root, "system", UINT64_MAX);
    memory_region_init_io(&dev, "hpet", &ops, NULL, 0x400);
    memory_region_add_subregion(&root, 0xfed00000, &dev);
    ck_assert_int_eq(address_space_init(&as, &root, "memory"), 0);
    o = run("info mtree");
    ck_assert(contains(o, "address-space: memory\r\n"));
    ck_assert(contains(o, "    00000000fed00000-00000000fed003ff (prio 0, i/o): hpet\r\n"));
    o = run("info mtree -f");
    ck_assert(contains(o, "FlatView #0\r\n"));
    address_space_destroy(&as);
}
END_TEST

/* ---- Under a mux (-nographic) ---------------------------------------- */

static int serial_can(void *o) { return 64; }
static char serial_got[256];
static int serial_n;
static void serial_rx(void *o, const uint8_t *b, int n)
{
    memcpy(serial_got + serial_n, b, (size_t)n);
    serial_n += n;
}

START_TEST(monitor_under_mux_holds_output_until_focused)
{
    Chardev *be = chr_memory_new(), *mux = chr_mux_new(be, "serial0");
    CharFrontend serial = { serial_can, serial_rx, NULL, NULL };
    Monitor *m2;
    char buf[4096];
    size_t n;

    serial_n = 0;
    ck_assert_int_eq(chr_attach(mux, &serial), 0);
    m2 = monitor_new(mux);
    ck_assert_ptr_nonnull(m2);
    /* The console has the focus: the banner waits. */
    ck_assert_uint_eq(chr_memory_take(be, (uint8_t *)buf, sizeof(buf)), 0);
    chr_memory_inject(be, (const uint8_t *)"root\r", 5);
    ck_assert_int_eq(serial_n, 5);
    /* Ctrl-a c: banner, then the prompt. */
    chr_memory_inject(be, (const uint8_t *)"\x01" "c", 2);
    n = chr_memory_take(be, (uint8_t *)buf, sizeof(buf) - 1);
    buf[n] = '\0';
    ck_assert_str_eq(buf, BANNER "(qemu) ");
    chr_memory_inject(be, (const uint8_t *)"info version\r", 13);
    n = chr_memory_take(be, (uint8_t *)buf, sizeof(buf) - 1);
    buf[n] = '\0';
    ck_assert_str_eq(buf, "info version\r\n" VIREO_VERSION "\r\n(qemu) ");
    ck_assert_int_eq(serial_n, 5);
    /* Back to the console: the monitor ends its line; the guest gets the keys again. */
    chr_memory_inject(be, (const uint8_t *)"\x01" "cls\r", 5);
    n = chr_memory_take(be, (uint8_t *)buf, sizeof(buf) - 1);
    buf[n] = '\0';
    ck_assert_str_eq(buf, "\r\n");
    ck_assert_int_eq(serial_n, 8);
    /* Output the monitor makes meanwhile is held, then shown with a fresh prompt. */
    monitor_printf(m2, "event\n");
    ck_assert_uint_eq(chr_memory_take(be, (uint8_t *)buf, sizeof(buf)), 0);
    chr_memory_inject(be, (const uint8_t *)"\x01" "c", 2);
    n = chr_memory_take(be, (uint8_t *)buf, sizeof(buf) - 1);
    buf[n] = '\0';
    ck_assert_str_eq(buf, "event\r\n(qemu) ");
}
END_TEST

/* ---- Garbage ----------------------------------------------------------- */

START_TEST(garbage_input_is_survived)
{
    static uint8_t junk[1 << 16];
    unsigned seed = 12345;

    for (int round = 0; round < 32; round++) {
        for (size_t i = 0; i < sizeof(junk); i++) {
            seed = seed * 1103515245 + 12345;
            junk[i] = (uint8_t)(seed >> 16);
            /* Keep 'q' out so a random "q\r" cannot end the session. */
            if (junk[i] == 'q')
                junk[i] = 'Q';
        }
        chr_memory_inject(chr, junk, sizeof(junk));
        output();
    }
    /* A 64 KiB line with no end, then its end (after leaving any escape and clearing the line). */
    type("x\x05\x15");
    memset(junk, 'A', sizeof(junk));
    chr_memory_inject(chr, junk, sizeof(junk));
    type("\r");
    ck_assert(contains(output(), "unknown command: 'AAAA"));
    /* Leave any half-typed escape sequence, clear the line, and the monitor still answers. */
    type("x\x05\x15");
    ck_assert_str_eq(run("info version"), "info version\r\n" VIREO_VERSION "\r\n(qemu) ");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("monitor");
    TCase *tc = tcase_create("hmp");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, banner_and_prompt_on_open);
    tcase_add_test(tc, help_lists_the_commands);
    tcase_add_test(tc, info_version_name_chardev);
    tcase_add_test(tc, stop_cont_and_info_status);
    tcase_add_test(tc, reset_powerdown_and_quit_are_requests);
    tcase_add_test(tc, unknown_commands_and_bad_arguments);
    tcase_add_test(tc, line_editing_keys);
    tcase_add_test(tc, echo_is_incremental_and_redraws_correctly);
    tcase_add_test(tc, history_up_and_down);
    tcase_add_test(tc, tab_completion);
    tcase_add_test(tc, info_from_board_hooks);
    tcase_add_test(tc, info_mtree_dumps_the_memory_api);
    tcase_add_test(tc, monitor_under_mux_holds_output_until_focused);
    tcase_add_test(tc, garbage_input_is_survived);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
