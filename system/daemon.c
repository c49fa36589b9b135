/*
 * -daemonize and -pidfile; see daemon.h. The parent never touches the
 * machine: it only waits on a pipe, so a start-up failure in the child comes
 * back as the parent's exit status, as with QEMU (`qemu -daemonize` exits 1
 * when a drive cannot be opened, after the child printed why).
 */
#include "system/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "system/error.h"

static int ready_fd = -1;       /* child: the write end the parent waits on */
static char *pidfile_path;
static int pidfile_fd = -1;

void daemon_start(bool daemonize)
{
    int fds[2];
    pid_t pid;

    if (!daemonize)
        return;
    if (pipe(fds) < 0) {
        error_report("cannot daemonize: %s", strerror(errno));
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        error_report("cannot daemonize: %s", strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        char status;
        ssize_t n;
        int ws;

        close(fds[1]);
        do
            n = read(fds[0], &status, 1);
        while (n < 0 && errno == EINTR);
        if (n == 1)
            _exit(status);
        /* The daemon ended before it was ready (the middle child exits 0 at once). */
        if (waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws))
            _exit(WEXITSTATUS(ws));
        _exit(1);
    }
    close(fds[0]);
    ready_fd = fds[1];
    /*
     * A session of its own, so no terminal's hangup or Ctrl-C reaches it, and
     * then a second fork so that the daemon, not a session leader, can never
     * acquire a controlling terminal again (QEMU does the same).
     */
    setsid();
    pid = fork();
    if (pid < 0)
        _exit(1);
    if (pid > 0)
        _exit(0);
    umask(027);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
}

int daemon_pidfile(const char *path)
{
    char buf[32];
    struct stat a, b;
    int fd;

    if (!path)
        return 0;
    for (;;) {
        fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0) {
            error_report("cannot create PID file: Could not create '%s': %s", path, strerror(errno));
            return -1;
        }
        if (lockf(fd, F_TLOCK, 0) < 0) {
            error_report("cannot create PID file: Cannot lock pid file: %s", strerror(errno));
            close(fd);
            return -1;
        }
        /* Another instance may have unlinked the file between our open and lock. */
        if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
            break;
        close(fd);
    }
    snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf)) {
        error_report("cannot create PID file: Failed to write pid file: %s", strerror(errno));
        unlink(path);
        close(fd);
        return -1;
    }
    pidfile_fd = fd;    /* kept open: the lock lives as long as we do */
    /* Absolute, because daemon_ready() moves to / before daemon_cleanup() unlinks it. */
    pidfile_path = path[0] == '/' ? NULL : getcwd(NULL, 0);
    if (pidfile_path) {
        char *abs = malloc(strlen(pidfile_path) + strlen(path) + 2);

        if (abs)
            sprintf(abs, "%s/%s", pidfile_path, path);
        free(pidfile_path);
        pidfile_path = abs;
    } else {
        pidfile_path = strdup(path);
    }
    return 0;
}

void daemon_ready(bool keep_stderr)
{
    char ok = 0;
    int null;

    if (ready_fd < 0)
        return;
    if (chdir("/") < 0)
        return;
    null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        if (!keep_stderr)
            dup2(null, 2);
        if (null > 2)
            close(null);
    }
    if (write(ready_fd, &ok, 1) < 0) {
        /* The parent is gone: nobody waits for the answer. */
    }
    close(ready_fd);
    ready_fd = -1;
}

void daemon_cleanup(void)
{
    if (pidfile_path) {
        unlink(pidfile_path);
        free(pidfile_path);
        pidfile_path = NULL;
    }
    if (pidfile_fd >= 0) {
        close(pidfile_fd);
        pidfile_fd = -1;
    }
}
