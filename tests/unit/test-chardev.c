/*
 * Unit tests: character devices (chardev/char.h). The memory backend's flow
 * control, the mux (focus, every Ctrl-a escape, escapes reaching it while
 * the console is full, timestamps), file and pipe backends through real
 * files and FIFOs, TCP/telnet/unix sockets with client sockets owned by the
 * test, bounded output to a client that does not read, UDP, references
 * and `info chardev` names. Input must never exceed what can_receive allowed:
 * the test frontend fails the test from inside receive() if it does.
 */
#include "tests/unit/check-run.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "chardev/char-int.h"
#include "system/main-loop.h"
#include "system/runstate.h"

/* ---- A recording frontend with a bounded input FIFO ------------------ */

typedef struct TestFe {
    uint8_t got[1 << 16];
    int n;
    int capacity;           /* can_receive = capacity - held */
    int held;               /* bytes "in the FIFO"; drained by the test */
    bool keep;              /* count received bytes as held (a FIFO the guest does not read) */
    ChrEvent events[64];
    int nev;
    CharFrontend fe;
} TestFe;

static int tfe_can_receive(void *opaque)
{
    TestFe *f = opaque;

    return f->capacity - f->held;
}

static void tfe_receive(void *opaque, const uint8_t *buf, int len)
{
    TestFe *f = opaque;

    /* The contract under test: never more than can_receive allowed. */
    ck_assert_int_gt(len, 0);
    ck_assert_int_le(len, f->capacity - f->held);
    ck_assert_int_le(f->n + len, (int)sizeof(f->got));
    memcpy(f->got + f->n, buf, (size_t)len);
    f->n += len;
    if (f->keep)
        f->held += len;
}

static void tfe_event(void *opaque, ChrEvent ev)
{
    TestFe *f = opaque;

    if (f->nev < 64)
        f->events[f->nev++] = ev;
}

static void tfe_init(TestFe *f, int capacity, bool keep)
{
    memset(f, 0, sizeof(*f));
    f->capacity = capacity;
    f->keep = keep;
    f->fe = (CharFrontend){ tfe_can_receive, tfe_receive, tfe_event, f };
}

static bool tfe_has_event(const TestFe *f, ChrEvent ev)
{
    for (int i = 0; i < f->nev; i++) {
        if (f->events[i] == ev)
            return true;
    }
    return false;
}

static void assert_got(const TestFe *f, const char *s)
{
    ck_assert_int_eq(f->n, (int)strlen(s));
    ck_assert(memcmp(f->got, s, strlen(s)) == 0);
}

static void inject(Chardev *chr, const char *s)
{
    chr_memory_inject(chr, (const uint8_t *)s, strlen(s));
}

static size_t take(Chardev *chr, char *buf, size_t max)
{
    size_t n = chr_memory_take(chr, (uint8_t *)buf, max - 1);

    buf[n] = '\0';
    return n;
}

static void setup(void)
{
    ck_assert_int_eq(main_loop_init(), 0);
    bql_lock();
}

static void teardown(void)
{
    chr_cleanup();
    bql_unlock();
    main_loop_cleanup();
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run the main loop until cond(arg) or timeout_ms. */
static bool pump_until(bool (*cond)(void *), void *arg, int timeout_ms)
{
    int64_t end = now_ms() + timeout_ms;

    while (!cond(arg)) {
        if (now_ms() > end)
            return false;
        if (!main_loop_wait(true)) {
            struct timespec ts = { 0, 1000000 };
            nanosleep(&ts, NULL);
        }
    }
    return true;
}

static void pump(int ms)
{
    int64_t end = now_ms() + ms;

    while (now_ms() < end) {
        struct timespec ts = { 0, 1000000 };

        main_loop_wait(true);
        nanosleep(&ts, NULL);
    }
}

typedef struct Want {
    TestFe *f;
    int n;
} Want;

static bool got_n(void *arg)
{
    Want *w = arg;
    return w->f->n >= w->n;
}

static bool got_opened(void *arg)
{
    return tfe_has_event(arg, CHR_EVENT_OPENED);
}

static bool got_closed(void *arg)
{
    return tfe_has_event(arg, CHR_EVENT_CLOSED);
}

/* ---- Memory backend -------------------------------------------------- */

START_TEST(memory_input_follows_can_receive)
{
    Chardev *chr = chr_memory_new();
    TestFe f;

    tfe_init(&f, 4, true);
    ck_assert_int_eq(chr_attach(chr, &f.fe), 0);
    ck_assert(tfe_has_event(&f, CHR_EVENT_OPENED));
    inject(chr, "0123456789");
    /* A 4-byte FIFO the guest has not read: only 4 bytes may arrive. */
    assert_got(&f, "0123");
    chr_accept_input(chr);
    assert_got(&f, "0123");
    f.held = 0;
    chr_accept_input(chr);
    assert_got(&f, "01234567");
    f.held = 0;
    chr_accept_input(chr);
    assert_got(&f, "0123456789");
    /* Nothing left: a further accept delivers nothing. */
    f.held = 0;
    chr_accept_input(chr);
    ck_assert_int_eq(f.n, 10);
}
END_TEST

START_TEST(memory_records_output_and_refuses_a_second_frontend)
{
    Chardev *chr = chr_memory_new();
    TestFe a, b;
    char out[64];

    tfe_init(&a, 16, false);
    tfe_init(&b, 16, false);
    ck_assert_int_eq(chr_attach(chr, &a.fe), 0);
    ck_assert_int_eq(chr_attach(chr, &b.fe), -EBUSY);
    ck_assert_int_eq(chr_write(chr, (const uint8_t *)"hello", 5), 5);
    ck_assert_int_eq(chr_write(chr, (const uint8_t *)" world", 6), 6);
    ck_assert_uint_eq(take(chr, out, 8), 7);
    ck_assert_str_eq(out, "hello w");
    ck_assert_uint_eq(take(chr, out, sizeof(out)), 4);
    ck_assert_str_eq(out, "orld");
    /* Input queued without a frontend waits for the next one. */
    chr_detach(chr, &a.fe);
    inject(chr, "later");
    ck_assert_int_eq(a.n, 0);
    ck_assert_int_eq(chr_attach(chr, &b.fe), 0);
    assert_got(&b, "later");
}
END_TEST

START_TEST(null_backend_swallows_output)
{
    ChardevSpec spec = { .kind = CHARDEV_NULL };
    Chardev *chr = chr_new(&spec, "null0");
    TestFe f;

    ck_assert_ptr_nonnull(chr);
    tfe_init(&f, 16, false);
    ck_assert_int_eq(chr_attach(chr, &f.fe), 0);
    ck_assert_int_eq(chr_write(chr, (const uint8_t *)"abc", 3), 3);
    ck_assert_int_eq(f.n, 0);
}
END_TEST

/* ---- Mux ------------------------------------------------------------- */

typedef struct MuxRig {
    Chardev *be, *mux;
    TestFe a, b;            /* a: the serial console (attached first), b: the monitor */
} MuxRig;

static void mux_rig(MuxRig *r, int cap_a, bool keep_a)
{
    r->be = chr_memory_new();
    r->mux = chr_mux_new(r->be, "serial0");
    ck_assert_ptr_nonnull(r->mux);
    tfe_init(&r->a, cap_a, keep_a);
    tfe_init(&r->b, 4096, false);
    ck_assert_int_eq(chr_attach(r->mux, &r->a.fe), 0);
    ck_assert_int_eq(chr_attach(r->mux, &r->b.fe), 0);
}

START_TEST(mux_first_frontend_has_focus_and_ctrl_a_c_switches)
{
    MuxRig r;
    char out[256];

    mux_rig(&r, 4096, false);
    /* The console starts focused; the monitor learns it is out of focus before it is opened. */
    ck_assert_int_eq(r.a.events[0], CHR_EVENT_MUX_IN);
    ck_assert_int_eq(r.b.nev, 2);
    ck_assert_int_eq(r.b.events[0], CHR_EVENT_MUX_OUT);
    ck_assert_int_eq(r.b.events[1], CHR_EVENT_OPENED);

    inject(r.be, "ls\r");
    assert_got(&r.a, "ls\r");
    ck_assert_int_eq(r.b.n, 0);

    inject(r.be, "\x01" "cinfo");
    assert_got(&r.a, "ls\r");
    assert_got(&r.b, "info");
    ck_assert(tfe_has_event(&r.a, CHR_EVENT_MUX_OUT));
    ck_assert_int_eq(r.b.events[r.b.nev - 1], CHR_EVENT_MUX_IN);

    /* Both frontends' output reaches the backend whoever has the focus. */
    chr_write(r.mux, (const uint8_t *)"A", 1);
    chr_write(r.mux, (const uint8_t *)"B", 1);
    take(r.be, out, sizeof(out));
    ck_assert_str_eq(out, "AB");

    /* And back (focus wraps around). */
    inject(r.be, "\x01" "cx");
    assert_got(&r.a, "ls\rx");
}
END_TEST

START_TEST(mux_literal_ctrl_a_break_and_unknown_keys)
{
    MuxRig r;

    mux_rig(&r, 4096, false);
    inject(r.be, "1\x01\x01" "2\x01" "a3\x01" "z4");
    /* C-a C-a and C-a a send one C-a; other keys after C-a are swallowed. */
    assert_got(&r.a, "1\x01" "2\x01" "34");
    inject(r.be, "\x01" "b");
    ck_assert(tfe_has_event(&r.a, CHR_EVENT_BREAK));
    ck_assert(!tfe_has_event(&r.b, CHR_EVENT_BREAK));
    /* An escape split across two reads still works. */
    inject(r.be, "\x01");
    inject(r.be, "c");
    ck_assert_int_eq(r.b.events[r.b.nev - 1], CHR_EVENT_MUX_IN);
}
END_TEST

START_TEST(mux_help_text_is_qemus)
{
    MuxRig r;
    char out[1024];

    mux_rig(&r, 4096, false);
    inject(r.be, "\x01" "h");
    take(r.be, out, sizeof(out));
    ck_assert_str_eq(out, "\n\r"
                          "C-a h    print this help\n\r"
                          "C-a x    exit emulator\n\r"
                          "C-a s    save disk data back to file (if -snapshot)\n\r"
                          "C-a t    toggle console timestamps\n\r"
                          "C-a b    send break (magic sysrq)\n\r"
                          "C-a c    switch between console and monitor\n\r"
                          "C-a C-a  sends C-a\n\r");
    ck_assert_int_eq(r.a.n, 0);
}
END_TEST

static int flushes;
static void count_flush(void *opaque) { flushes++; }

START_TEST(mux_ctrl_a_x_quits_and_ctrl_a_s_flushes)
{
    MuxRig r;
    char out[256];
    int status = -1;

    runstate_reset_for_test();
    mux_rig(&r, 4096, false);
    flushes = 0;
    inject(r.be, "\x01" "s");
    ck_assert_int_eq(flushes, 0);       /* no hook yet: nothing happens, nothing breaks */
    chr_set_flush_hook(count_flush, NULL);
    inject(r.be, "\x01" "s");
    ck_assert_int_eq(flushes, 1);
    ck_assert(!runstate_poll(&status));
    inject(r.be, "\x01" "x");
    take(r.be, out, sizeof(out));
    ck_assert_str_eq(out, "QEMU: Terminated\n\r");
    ck_assert(runstate_poll(&status));
    ck_assert_int_eq(status, 0);
    chr_set_flush_hook(NULL, NULL);
}
END_TEST

START_TEST(mux_escapes_get_through_while_the_console_is_full)
{
    MuxRig r;

    /* The guest reads nothing: a 0-byte FIFO. */
    mux_rig(&r, 0, true);
    inject(r.be, "abc\x01" "c" "help");
    ck_assert_int_eq(r.a.n, 0);
    assert_got(&r.b, "help");
    /* The console's bytes waited in the mux; they arrive once it has focus and room. */
    r.a.capacity = 2;
    inject(r.be, "\x01" "c");
    assert_got(&r.a, "ab");
    r.a.held = 0;
    chr_accept_input(r.mux);
    assert_got(&r.a, "abc");
}
END_TEST

START_TEST(mux_timestamps_toggle)
{
    MuxRig r;
    char out[512];
    int h, m, s, ms;
    char rest[64];

    mux_rig(&r, 4096, false);
    inject(r.be, "\x01" "t");
    chr_write(r.mux, (const uint8_t *)"boot\nline\n", 10);
    take(r.be, out, sizeof(out));
    /* As QEMU: stamps start at the line after the toggle, relative to the first. */
    ck_assert_int_eq(strncmp(out, "boot\n[", 6), 0);
    ck_assert_int_eq(sscanf(out + 5, "[%d:%d:%d.%d] %63s", &h, &m, &s, &ms, rest), 5);
    ck_assert_int_eq(h + m + s, 0);
    ck_assert_str_eq(rest, "line");
    inject(r.be, "\x01" "t");
    chr_write(r.mux, (const uint8_t *)"x\ny\n", 4);
    take(r.be, out, sizeof(out));
    ck_assert_str_eq(out, "x\ny\n");
}
END_TEST

START_TEST(mux_never_exceeds_can_receive)
{
    MuxRig r;
    char data[300];

    mux_rig(&r, 3, true);
    for (int i = 0; i < 300; i++)
        data[i] = (char)('a' + i % 26);
    chr_memory_inject(r.be, (const uint8_t *)data, sizeof(data));
    for (int round = 0; round < 200 && r.a.n < 300; round++) {
        r.a.held = 0;
        chr_accept_input(r.mux);
    }
    ck_assert_int_eq(r.a.n, 300);
    ck_assert(memcmp(r.a.got, data, 300) == 0);
}
END_TEST

START_TEST(mux_detach_moves_focus)
{
    MuxRig r;

    mux_rig(&r, 4096, false);
    chr_detach(r.mux, &r.a.fe);
    inject(r.be, "q");
    assert_got(&r.b, "q");
    ck_assert_int_eq(r.a.n, 0);
}
END_TEST

/* ---- Files, pipes, references --------------------------------------- */

static char tmpdir[64];

static void tmp_setup(void)
{
    setup();
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/vireo-chr-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
    char cmd[128];

    teardown();
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static char *tmp_path(const char *name)
{
    static char buf[4][160];
    static int i;
    char *p = buf[i++ % 4];

    snprintf(p, 160, "%s/%s", tmpdir, name);
    return p;
}

static size_t slurp(const char *path, char *buf, size_t max)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, max - 1, f);
    buf[n] = '\0';
    fclose(f);
    return n;
}

static void spit(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    fputs(s, f);
    fclose(f);
}

START_TEST(file_backend_writes_and_reads_path_in)
{
    char *path = tmp_path("serial.log"), buf[64];
    ChardevSpec spec = { .kind = CHARDEV_FILE, .path = path, .opt = "-serial", .arg = "file:x" };
    Chardev *chr;
    TestFe f;
    Want w = { &f, 5 };

    spit(tmp_path("serial.log.in"), "typed");
    spit(path, "old contents that must go");
    chr = chr_new(&spec, "serial0");
    ck_assert_ptr_nonnull(chr);
    tfe_init(&f, 2, true);
    ck_assert_int_eq(chr_attach(chr, &f.fe), 0);
    chr_write(chr, (const uint8_t *)"Linux version", 13);
    ck_assert_uint_eq(slurp(path, buf, sizeof(buf)), 13);
    ck_assert_str_eq(buf, "Linux version");
    /* Input arrives two bytes at a time, as the frontend allows. */
    for (int i = 0; i < 10 && f.n < 5; i++) {
        pump(5);
        f.held = 0;
        chr_accept_input(chr);
    }
    ck_assert(got_n(&w));
    assert_got(&f, "typed");
}
END_TEST

START_TEST(file_backend_reports_unopenable_path)
{
    ChardevSpec spec = { .kind = CHARDEV_FILE, .path = "/nonexistent-dir/x", .opt = "-serial", .arg = "file:/nonexistent-dir/x" };
    char *msg = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&msg, &len);

    error_set_stream(err);
    ck_assert_ptr_null(chr_new(&spec, "serial0"));
    fclose(err);
    error_set_stream(NULL);
    ck_assert_str_eq(msg, "vireo: -serial file:/nonexistent-dir/x: Could not open '/nonexistent-dir/x': "
                          "No such file or directory\n");
    free(msg);
}
END_TEST

START_TEST(pipe_backend_uses_in_and_out_fifos)
{
    char *base = tmp_path("p"), buf[64];
    ChardevSpec spec = { .kind = CHARDEV_PIPE, .path = base };
    Chardev *chr;
    TestFe f;
    Want w = { &f, 4 };
    int rd, wr;

    ck_assert_int_eq(mkfifo(tmp_path("p.in"), 0600), 0);
    ck_assert_int_eq(mkfifo(tmp_path("p.out"), 0600), 0);
    chr = chr_new(&spec, "serial0");
    ck_assert_ptr_nonnull(chr);
    tfe_init(&f, 4096, false);
    chr_attach(chr, &f.fe);
    rd = open(tmp_path("p.out"), O_RDONLY | O_NONBLOCK);
    wr = open(tmp_path("p.in"), O_WRONLY | O_NONBLOCK);
    ck_assert_int_ge(rd, 0);
    ck_assert_int_ge(wr, 0);
    chr_write(chr, (const uint8_t *)"to host", 7);
    ck_assert_int_eq(read(rd, buf, sizeof(buf)), 7);
    ck_assert(memcmp(buf, "to host", 7) == 0);
    ck_assert_int_eq(write(wr, "to g", 4), 4);
    ck_assert(pump_until(got_n, &w, 2000));
    assert_got(&f, "to g");
    /* Nobody reading a full FIFO: writes drop, they never block the caller. */
    close(rd);
    for (int i = 0; i < 200; i++) {
        static uint8_t big[4096];
        ck_assert_int_eq(chr_write(chr, big, sizeof(big)), (int)sizeof(big));
    }
    close(wr);
}
END_TEST

START_TEST(pipe_backend_falls_back_to_one_path)
{
    char *path = tmp_path("single"), buf[16];
    ChardevSpec spec = { .kind = CHARDEV_PIPE, .path = path };
    Chardev *chr;
    int rd;

    ck_assert_int_eq(mkfifo(path, 0600), 0);
    chr = chr_new(&spec, "serial0");
    ck_assert_ptr_nonnull(chr);
    rd = open(path, O_RDONLY | O_NONBLOCK);
    chr_write(chr, (const uint8_t *)"xy", 2);
    ck_assert_int_eq(read(rd, buf, sizeof(buf)), 2);
    close(rd);
}
END_TEST

typedef struct Names {
    char text[1024];
} Names;

static void collect_name(void *opaque, const char *label, const char *filename)
{
    Names *n = opaque;
    size_t l = strlen(n->text);

    snprintf(n->text + l, sizeof(n->text) - l, "%s=%s;", label, filename);
}

START_TEST(references_mux_ids_and_info_names)
{
    ChardevSpec dev = { .kind = CHARDEV_NULL, .id = "con", .mux = true };
    ChardevSpec ref = { .kind = CHARDEV_REF, .id = "con" };
    ChardevSpec bad = { .kind = CHARDEV_REF, .id = "nope", .opt = "-serial", .arg = "chardev:nope" };
    Chardev *chr, *r1, *r2;
    Names names = { "" };
    TestFe a, b;
    char *msg = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&msg, &len);

    chr = chr_new(&dev, "con");
    ck_assert_ptr_nonnull(chr);
    ck_assert_ptr_eq(chr_find("con"), chr);
    r1 = chr_new(&ref, "serial0");
    r2 = chr_new(&ref, "compat_monitor0");
    ck_assert_ptr_eq(r1, chr);
    ck_assert_ptr_eq(r2, chr);
    tfe_init(&a, 16, false);
    tfe_init(&b, 16, false);
    ck_assert_int_eq(chr_attach(r1, &a.fe), 0);
    ck_assert_int_eq(chr_attach(r2, &b.fe), 0);
    chr_foreach(collect_name, &names);
    /* QEMU's names: the mux has the id, the backend ID-base. */
    ck_assert_str_eq(names.text, "con-base=null;con=mux;");
    error_set_stream(err);
    ck_assert_ptr_null(chr_new(&bad, "serial1"));
    fclose(err);
    error_set_stream(NULL);
    ck_assert_str_eq(msg, "vireo: -serial chardev:nope: chardev 'nope' not found\n");
    free(msg);
}
END_TEST

START_TEST(logfile_gets_a_copy_of_output)
{
    char *log = tmp_path("log"), buf[32];
    ChardevSpec spec = { .kind = CHARDEV_NULL, .logfile = log };
    Chardev *chr = chr_new(&spec, "serial0");

    ck_assert_ptr_nonnull(chr);
    chr_write(chr, (const uint8_t *)"kept", 4);
    ck_assert_uint_eq(slurp(log, buf, sizeof(buf)), 4);
    ck_assert_str_eq(buf, "kept");
}
END_TEST

/* ---- Sockets --------------------------------------------------------- */

static char name_buf[256];
static const char *want_label;

static void find_name(void *opaque, const char *label, const char *filename)
{
    if (!strcmp(label, want_label))
        snprintf(name_buf, sizeof(name_buf), "%s", filename);
}

static const char *filename_of(const char *label)
{
    want_label = label;
    name_buf[0] = '\0';
    chr_foreach(find_name, NULL);
    return name_buf;
}

/* The port a server chardev bound (port=0 asks the kernel): "disconnected:tcp:127.0.0.1:PORT,server=on". */
static int server_port(const char *label)
{
    const char *f = filename_of(label), *host = strstr(f, "127.0.0.1:");

    ck_assert(strstr(f, "server=on") != NULL);
    ck_assert_ptr_nonnull(host);
    return atoi(host + 10);
}

static int tcp_client(int port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    return fd;
}

/* Read exactly n bytes from a blocking client socket, pumping the loop meanwhile. */
static void client_read(int fd, uint8_t *buf, size_t n)
{
    size_t got = 0;
    int64_t end = now_ms() + 3000;

    fcntl(fd, F_SETFL, O_NONBLOCK);
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);

        if (r > 0)
            got += (size_t)r;
        ck_assert(now_ms() < end);
        main_loop_wait(true);
    }
}

static Chardev *tcp_server(const char *label, ChardevKind kind)
{
    ChardevSpec spec = { .kind = kind, .host = "127.0.0.1", .port = 0, .server = true, .wait = false };
    Chardev *chr = chr_new(&spec, label);

    ck_assert_ptr_nonnull(chr);
    return chr;
}

START_TEST(tcp_server_accepts_talks_and_accepts_again)
{
    Chardev *chr = tcp_server("mon0", CHARDEV_TCP);
    TestFe f;
    Want w = { &f, 4 };
    uint8_t buf[16];
    int port = server_port("mon0"), c;

    tfe_init(&f, 4096, false);
    chr_attach(chr, &f.fe);
    ck_assert(strncmp(filename_of("mon0"), "disconnected:tcp:127.0.0.1:", 27) == 0);
    ck_assert(!tfe_has_event(&f, CHR_EVENT_OPENED));
    /* Output with nobody connected is dropped, not kept for the first client. */
    chr_write(chr, (const uint8_t *)"lost", 4);
    c = tcp_client(port);
    ck_assert(pump_until(got_opened, &f, 2000));
    ck_assert(strstr(filename_of("mon0"), " <-> 127.0.0.1:") != NULL);
    ck_assert_int_eq(write(c, "ping", 4), 4);
    ck_assert(pump_until(got_n, &w, 2000));
    assert_got(&f, "ping");
    chr_write(chr, (const uint8_t *)"pong", 4);
    client_read(c, buf, 4);
    ck_assert(memcmp(buf, "pong", 4) == 0);
    close(c);
    ck_assert(pump_until(got_closed, &f, 2000));
    ck_assert(strncmp(filename_of("mon0"), "disconnected:", 13) == 0);
    /* The next client gets its own session. */
    f.nev = 0;
    c = tcp_client(port);
    ck_assert(pump_until(got_opened, &f, 2000));
    close(c);
}
END_TEST

START_TEST(tcp_input_waits_for_the_frontend)
{
    Chardev *chr = tcp_server("ser0", CHARDEV_TCP);
    TestFe f;
    Want w = { &f, 6 };
    int c;

    tfe_init(&f, 0, true);
    chr_attach(chr, &f.fe);
    c = tcp_client(server_port("ser0"));
    ck_assert(pump_until(got_opened, &f, 2000));
    ck_assert_int_eq(write(c, "abcdef", 6), 6);
    pump(50);
    ck_assert_int_eq(f.n, 0);
    f.capacity = 4;
    chr_accept_input(chr);
    pump(50);
    assert_got(&f, "abcd");
    f.held = 0;
    chr_accept_input(chr);
    ck_assert(pump_until(got_n, &w, 2000));
    assert_got(&f, "abcdef");
    close(c);
}
END_TEST

START_TEST(tcp_output_to_a_stalled_client_is_bounded)
{
    Chardev *chr = tcp_server("ser0", CHARDEV_TCP);
    TestFe f;
    static uint8_t chunk[65536];
    size_t total = 0, sent = 1024 * sizeof(chunk);
    int c;
    ssize_t r;
    int64_t end;

    tfe_init(&f, 4096, false);
    chr_attach(chr, &f.fe);
    c = tcp_client(server_port("ser0"));
    ck_assert(pump_until(got_opened, &f, 2000));
    /* 64 MiB to a client that reads nothing: every write returns at once. */
    end = now_ms() + 5000;
    for (size_t i = 0; i < sent / sizeof(chunk); i++)
        ck_assert_int_eq(chr_write(chr, chunk, sizeof(chunk)), (int)sizeof(chunk));
    ck_assert(now_ms() < end);
    /* Now read what was kept: the socket buffers plus at most CHR_OUTBUF_MAX. */
    fcntl(c, F_SETFL, O_NONBLOCK);
    end = now_ms() + 500;
    while (now_ms() < end) {
        static uint8_t buf[65536];

        main_loop_wait(true);
        while ((r = read(c, buf, sizeof(buf))) > 0) {
            total += (size_t)r;
            end = now_ms() + 200;
        }
    }
    ck_assert_uint_ge(total, CHR_OUTBUF_MAX);
    ck_assert_uint_lt(total, sent / 8);
    close(c);
}
END_TEST

START_TEST(telnet_negotiates_and_strips_commands)
{
    Chardev *chr = tcp_server("mon0", CHARDEV_TELNET);
    static const uint8_t want_init[] = { 255, 251, 1, 255, 251, 3, 255, 251, 0, 255, 253, 0 };
    static const uint8_t in[] = { 'a', 255, 255, 'b', 255, 251, 1, 'c', 255, 250, 24, 1, 255, 240, 'd', 255, 243, 'e' };
    TestFe f;
    Want w = { &f, 6 };
    uint8_t buf[sizeof(want_init)];
    int c;

    tfe_init(&f, 4096, false);
    chr_attach(chr, &f.fe);
    c = tcp_client(server_port("mon0"));
    ck_assert(pump_until(got_opened, &f, 2000));
    client_read(c, buf, sizeof(buf));
    ck_assert(memcmp(buf, want_init, sizeof(want_init)) == 0);
    fcntl(c, F_SETFL, 0);
    ck_assert_int_eq(write(c, in, sizeof(in)), (int)sizeof(in));
    ck_assert(pump_until(got_n, &w, 2000));
    /* IAC IAC is a data 0xff; WILL x and SB...SE vanish; IAC BRK is a break. */
    ck_assert_int_eq(f.n, 6);
    ck_assert(memcmp(f.got, "a\xff" "bcde", 6) == 0);
    ck_assert(tfe_has_event(&f, CHR_EVENT_BREAK));
    close(c);
}
END_TEST

START_TEST(unix_server_and_client_chardevs_talk)
{
    char *path = tmp_path("mon.sock");
    ChardevSpec srv = { .kind = CHARDEV_UNIX, .path = path, .server = true, .wait = false };
    ChardevSpec cli = { .kind = CHARDEV_UNIX, .path = path };
    Chardev *s, *c;
    TestFe fs, fc;
    Want ws = { &fs, 5 }, wc = { &fc, 5 };

    s = chr_new(&srv, "srv");
    ck_assert_ptr_nonnull(s);
    c = chr_new(&cli, "cli");
    ck_assert_ptr_nonnull(c);
    tfe_init(&fs, 4096, false);
    tfe_init(&fc, 4096, false);
    chr_attach(s, &fs.fe);
    chr_attach(c, &fc.fe);
    ck_assert(tfe_has_event(&fc, CHR_EVENT_OPENED));
    ck_assert(pump_until(got_opened, &fs, 2000));
    chr_write(c, (const uint8_t *)"hello", 5);
    chr_write(s, (const uint8_t *)"world", 5);
    ck_assert(pump_until(got_n, &ws, 2000));
    ck_assert(pump_until(got_n, &wc, 2000));
    assert_got(&fs, "hello");
    assert_got(&fc, "world");
}
END_TEST

START_TEST(client_without_server_fails_or_reconnects)
{
    char *path = tmp_path("later.sock");
    ChardevSpec once = { .kind = CHARDEV_UNIX, .path = path, .opt = "-chardev", .arg = "socket,path=x" };
    ChardevSpec retry = { .kind = CHARDEV_UNIX, .path = path, .reconnect = 1 };
    ChardevSpec srv = { .kind = CHARDEV_UNIX, .path = path, .server = true, .wait = false };
    Chardev *c;
    TestFe f;
    FILE *err = fopen("/dev/null", "w");

    error_set_stream(err);
    ck_assert_ptr_null(chr_new(&once, "c0"));
    error_set_stream(NULL);
    fclose(err);
    c = chr_new(&retry, "c1");
    ck_assert_ptr_nonnull(c);
    tfe_init(&f, 4096, false);
    chr_attach(c, &f.fe);
    ck_assert(!tfe_has_event(&f, CHR_EVENT_OPENED));
    ck_assert_ptr_nonnull(chr_new(&srv, "s"));
    /* reconnect=1: within about a second the client is in. */
    ck_assert(pump_until(got_opened, &f, 3000));
}
END_TEST

START_TEST(pty_announces_itself_and_connects_when_opened)
{
    ChardevSpec spec = { .kind = CHARDEV_PTY, .opt = "-serial", .arg = "pty" };
    char *msg = NULL, want[400], buf[16];
    size_t len = 0;
    FILE *err = open_memstream(&msg, &len);
    const char *name;
    Chardev *chr;
    TestFe f;
    Want w = { &f, 3 };
    int slave;

    error_set_stream(err);
    chr = chr_new(&spec, "serial0");
    fclose(err);
    error_set_stream(NULL);
    ck_assert_ptr_nonnull(chr);
    name = filename_of("serial0");
    ck_assert(strncmp(name, "pty:/dev/pts/", 13) == 0);
    /* QEMU's announcement, which scripts parse for the device name. */
    snprintf(want, sizeof(want), "vireo: -serial pty: char device redirected to %s (label serial0)\n", name + 4);
    ck_assert_str_eq(msg, want);
    free(msg);
    tfe_init(&f, 4096, false);
    chr_attach(chr, &f.fe);
    /* Nobody on the slave yet: output is dropped, not queued. */
    chr_write(chr, (const uint8_t *)"lost", 4);
    ck_assert(!tfe_has_event(&f, CHR_EVENT_OPENED));
    slave = open(name + 4, O_RDWR | O_NOCTTY);
    ck_assert_int_ge(slave, 0);
    ck_assert(pump_until(got_opened, &f, 3000));
    chr_write(chr, (const uint8_t *)"out", 3);
    ck_assert_int_eq(read(slave, buf, sizeof(buf)), 3);
    ck_assert(memcmp(buf, "out", 3) == 0);
    /* Raw mode: a CR typed on the slave arrives as CR, not NL. */
    ck_assert_int_eq(write(slave, "a\rb", 3), 3);
    ck_assert(pump_until(got_n, &w, 2000));
    assert_got(&f, "a\rb");
    close(slave);
    ck_assert(pump_until(got_closed, &f, 3000));
}
END_TEST

START_TEST(udp_sends_datagrams_and_receives_them)
{
    struct sockaddr_in sa = { .sin_family = AF_INET }, from;
    socklen_t sl = sizeof(sa), fl = sizeof(from);
    int peer = socket(AF_INET, SOCK_DGRAM, 0);
    ChardevSpec spec = { .kind = CHARDEV_UDP, .host = "127.0.0.1", .local_host = "127.0.0.1" };
    Chardev *chr;
    TestFe f;
    Want w = { &f, 7 };
    char buf[32];

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(peer, (struct sockaddr *)&sa, sizeof(sa)), 0);
    getsockname(peer, (struct sockaddr *)&sa, &sl);
    spec.port = ntohs(sa.sin_port);
    chr = chr_new(&spec, "udp0");
    ck_assert_ptr_nonnull(chr);
    tfe_init(&f, 3, true);
    chr_attach(chr, &f.fe);
    chr_write(chr, (const uint8_t *)"dgram", 5);
    ck_assert_int_eq(recvfrom(peer, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl), 5);
    ck_assert(memcmp(buf, "dgram", 5) == 0);
    ck_assert_int_eq(sendto(peer, "1234567", 7, 0, (struct sockaddr *)&from, fl), 7);
    /* A datagram larger than the frontend's room is held, not cut. */
    for (int i = 0; i < 100 && f.n < 7; i++) {
        pump(2);
        f.held = 0;
        chr_accept_input(chr);
    }
    ck_assert(got_n(&w));
    assert_got(&f, "1234567");
    close(peer);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chardev");
    TCase *mem = tcase_create("memory-and-mux");
    TCase *io = tcase_create("files-and-sockets");

    tcase_add_checked_fixture(mem, setup, teardown);
    tcase_add_test(mem, memory_input_follows_can_receive);
    tcase_add_test(mem, memory_records_output_and_refuses_a_second_frontend);
    tcase_add_test(mem, null_backend_swallows_output);
    tcase_add_test(mem, mux_first_frontend_has_focus_and_ctrl_a_c_switches);
    tcase_add_test(mem, mux_literal_ctrl_a_break_and_unknown_keys);
    tcase_add_test(mem, mux_help_text_is_qemus);
    tcase_add_test(mem, mux_ctrl_a_x_quits_and_ctrl_a_s_flushes);
    tcase_add_test(mem, mux_escapes_get_through_while_the_console_is_full);
    tcase_add_test(mem, mux_timestamps_toggle);
    tcase_add_test(mem, mux_never_exceeds_can_receive);
    tcase_add_test(mem, mux_detach_moves_focus);
    suite_add_tcase(s, mem);

    tcase_add_checked_fixture(io, tmp_setup, tmp_teardown);
    tcase_set_timeout(io, 20);
    tcase_add_test(io, file_backend_writes_and_reads_path_in);
    tcase_add_test(io, file_backend_reports_unopenable_path);
    tcase_add_test(io, pipe_backend_uses_in_and_out_fifos);
    tcase_add_test(io, pipe_backend_falls_back_to_one_path);
    tcase_add_test(io, references_mux_ids_and_info_names);
    tcase_add_test(io, logfile_gets_a_copy_of_output);
    tcase_add_test(io, tcp_server_accepts_talks_and_accepts_again);
    tcase_add_test(io, tcp_input_waits_for_the_frontend);
    tcase_add_test(io, tcp_output_to_a_stalled_client_is_bounded);
    tcase_add_test(io, telnet_negotiates_and_strips_commands);
    tcase_add_test(io, unix_server_and_client_chardevs_talk);
    tcase_add_test(io, client_without_server_fails_or_reconnects);
    tcase_add_test(io, pty_announces_itself_and_connects_when_opened);
    tcase_add_test(io, udp_sends_datagrams_and_receives_them);
    suite_add_tcase(s, io);
    return check_run(s, true);
}
