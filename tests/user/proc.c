/*
 * Process, pipe and directory system calls, run natively and under
 * vireo-x86_64 by tests/functional/user-proc.sh: both outputs must match.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    int p[2], st, n, r, k = 0;
    char buf[64], name[16];
    struct rusage ru;
    struct pollfd pf;
    struct timeval tv = { 0, 1000 };
    struct timespec ts = { 0, 1000000 };
    pid_t c, sp;
    DIR *d;
    char *av[] = { "busybox", "echo", "spawned", NULL };

    if (argc < 2)
        return 2;
    if (pipe2(p, O_CLOEXEC) < 0)
        return 1;
    printf("pipe2 cloexec %d, write end flags %o\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFL) & 3);
    fflush(stdout);
    c = fork();
    if (!c) {
        close(p[0]);
        write(p[1], "from child\n", 11);
        _exit(5);
    }
    close(p[1]);
    pf.fd = p[0];
    pf.events = POLLIN;
    r = poll(&pf, 1, 5000);
    printf("poll %d revents %x\n", r, pf.revents & POLLIN);
    n = (int)read(p[0], buf, sizeof(buf));
    printf("read %.*s", n, buf);
    r = wait4(c, &st, 0, &ru) == c;
    printf("wait4 %d exited %d status %d\n", r, WIFEXITED(st), WEXITSTATUS(st));
    c = fork();
    if (!c) {
        pause();
        _exit(0);
    }
    kill(c, SIGTERM);
    waitpid(c, &st, 0);
    printf("killed: signaled %d signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
    printf("select %d\n", select(1, NULL, NULL, NULL, &tv));
    mkdir(argv[1], 0755);
    for (int i = 0; i < 300; i++) {
        snprintf(buf, sizeof(buf), "%s/file-with-a-longish-name-%d", argv[1], i);
        close(open(buf, O_CREAT | O_WRONLY, 0644));
    }
    d = opendir(argv[1]);
    while (d && readdir(d))
        k++;
    printf("entries %d\n", k);
    if (d)
        closedir(d);
    r = dup3(0, 50, O_CLOEXEC);
    printf("dup3 %d cloexec %d\n", r, fcntl(r, F_GETFD));
    prctl(PR_SET_NAME, "proc-test");
    prctl(PR_GET_NAME, name);
    printf("name %s\n", name);
    printf("nanosleep %d\n", nanosleep(&ts, NULL));
    printf("getppid positive %d\n", getppid() > 0);
    fflush(stdout);
    r = posix_spawn(&sp, "/bin/busybox", NULL, NULL, av, environ);
    waitpid(sp, &st, 0);
    printf("posix_spawn %d status %x\n", r, st);
    r = execl("/nonexistent", "x", (char *)NULL);
    printf("execve missing %d errno %d\n", r, errno);
    r = execl("/etc/passwd", "x", (char *)NULL);
    printf("execve not executable %d errno %d\n", r, errno);
    fflush(stdout);
    execl("/bin/busybox", "echo", "exec", "done", (char *)NULL);
    return 9;
}
