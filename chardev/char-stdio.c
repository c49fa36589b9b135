/*
 * stdio: the terminal vireo was started from.
 *
 * When stdin is a terminal it is switched to raw input with echo off (the
 * guest or the monitor echoes), as QEMU does: no line buffering, no CR->NL
 * mapping, no flow control keys, 8-bit; output keeps OPOST so "\n" still
 * returns the carriage. ISIG stays on (QEMU's signal=on default): Ctrl-C
 * ends vireo. The terminal is restored at exit and on fatal signals, which
 * re-raise with their default action so the exit status stays honest.
 */
#include "chardev/char-int.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;
static bool handlers_installed;

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
static struct sigaction old_actions[sizeof(fatal_signals) / sizeof(fatal_signals[0])];

static void stdio_restore_tty(void)
{
    if (tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
        tty_saved = 0;
    }
}

static void stdio_fatal_signal(int sig)
{
    /* Async-signal-safe: tcsetattr, sigaction and raise only. */
    stdio_restore_tty();
    for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
        if (fatal_signals[i] == sig)
            sigaction(sig, &old_actions[i], NULL);
    }
    raise(sig);
}

static void install_handlers(void)
{
    if (handlers_installed)
        return;
    handlers_installed = true;
    atexit(stdio_restore_tty);
    for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
        struct sigaction sa = { .sa_handler = stdio_fatal_signal, .sa_flags = SA_RESETHAND };

        /* Only where nobody else listens: a handler installed by someone else keeps its job. */
        if (sigaction(fatal_signals[i], NULL, &old_actions[i]) == 0 && old_actions[i].sa_handler == SIG_DFL &&
            !(old_actions[i].sa_flags & SA_SIGINFO)) {
            sigemptyset(&sa.sa_mask);
            sigaction(fatal_signals[i], &sa, NULL);
        }
    }
}

static void stdio_raw_mode(void)
{
    struct termios tty;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) < 0)
        return;
    tty = saved_tty;
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    install_handlers();
    tty_saved = 1;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static void stdio_eof(FdChardev *s)
{
    /* stdin closed (</dev/null, a finished pipe): output goes on, input is over. */
    chr_be_event(&s->chr, CHR_EVENT_CLOSED);
}

static const FdChardevHooks stdio_hooks = { .eof = stdio_eof };

static bool stdio_in_use;

static int stdio_open(Chardev *chr, const ChardevSpec *spec)
{
    if (stdio_in_use) {
        error_report("cannot use stdio by multiple character devices");
        return -EBUSY;
    }
    stdio_in_use = true;
    stdio_raw_mode();
    fdchr_init((FdChardev *)chr, STDIN_FILENO, STDOUT_FILENO, true, &stdio_hooks);
    chr_set_filename(chr, "stdio");
    chr->be_open = true;
    return 0;
}

static void stdio_close(Chardev *chr)
{
    fdchr_close_fds((FdChardev *)chr);
    stdio_restore_tty();
    stdio_in_use = false;
}

const ChardevOps chr_stdio_ops = {
    .name = "stdio",
    .size = sizeof(FdChardev),
    .open = stdio_open,
    .write = fdchr_write,
    .update_input = fdchr_update_input,
    .close = stdio_close,
};
