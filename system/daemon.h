/*
 * -daemonize and -pidfile, as QEMU does them (os-posix.c of QEMU 7.2):
 *
 *   daemon_start()      right after the options, before any thread exists:
 *                       the process forks; the parent waits until the child
 *                       says it is ready (exit 0) or dies (exit with its status)
 *   daemon_pidfile()    create, lock and fill the PID file (in the child)
 *   daemon_ready()      once the monitors and displays listen: the child
 *                       detaches from the terminal and releases the parent
 *   daemon_cleanup()    on every exit path: remove the PID file
 *
 * Until daemon_ready() the child's stderr is the caller's terminal, so start-up
 * errors are seen where the command was typed; after it, stdio is /dev/null
 * (stderr too, unless -D names a log file).
 */
#ifndef SYSTEM_DAEMON_H
#define SYSTEM_DAEMON_H

#include <stdbool.h>

/* Fork when daemonize; returns only in the process that goes on. */
void daemon_start(bool daemonize);
/* 0, or -1 after QEMU's one-line error ("cannot create PID file: ..."). */
int daemon_pidfile(const char *path);
/* keep_stderr: -D gave a log file, whose errors should still be seen. */
void daemon_ready(bool keep_stderr);
void daemon_cleanup(void);

#endif
