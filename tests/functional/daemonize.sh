#!/bin/sh
# -daemonize and -pidfile (issue 11, part 4), checked the way a service
# manager uses them: the command returns once the monitor listens, the PID
# file names the daemon and is locked against a second instance, start-up
# errors still reach the terminal with exit 1, and the file goes away when
# the daemon ends (QMP quit, SIGTERM). The same checks pass on QEMU 7.2:
#   VIREO_SYSTEM=qemu-system-x86_64 sh tests/functional/daemonize.sh
. tests/functional/lib.sh
B=${1:-build}
V=${VIREO_SYSTEM:-$B/vireo}
# Absolute: one case starts it from another directory.
case $V in */*) V=$(cd "$(dirname "$V")" && pwd)/$(basename "$V") ;; esac
QUIET="-display none -nodefaults -S"

alive() { kill -0 "$1" 2>/dev/null; }
# gone PID: wait up to 10 s for the process to end
gone() {
    i=0
    while alive "$1" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    ! alive "$1"
}

P=$TMP/vm.pid
S=$TMP/qmp.sock
run "$V" $QUIET -daemonize -pidfile "$P" -qmp "unix:$S,server=on,wait=off"
pid=$(cat "$P" 2>/dev/null)
if [ "$rc" = 0 ] && [ -z "$out" ] && [ -n "$pid" ] && alive "$pid" && [ -S "$S" ]; then
    pass "-daemonize returns 0 with the daemon running, its PID in the file, QMP listening"
else
    fail "-daemonize returns 0 with the daemon running" "exit $rc, pid '$pid'" "$out"
fi
# The daemon has left the caller's session (and, forked twice, leads none).
sid=$(ps -o sid= -p "$pid" | tr -d ' ')
if [ -n "$sid" ] && [ "$sid" != "$(ps -o sid= -p $$ | tr -d ' ')" ] && [ "$sid" != "$pid" ]; then
    pass "the daemon runs in a session of its own, not as its leader"
else
    fail "the daemon runs in a session of its own, not as its leader" "$(ps -o pid,ppid,sid,cmd -p "$pid")"
fi

expect_error "a second -pidfile on a locked file: exit 1" \
    'cannot create PID file: Cannot lock pid file: Resource temporarily unavailable' \
    "$V" $QUIET -pidfile "$P"
expect_error "the same with -daemonize: the parent reports the child's failure" \
    'cannot create PID file: Cannot lock pid file' "$V" $QUIET -daemonize -pidfile "$P"
if [ "$(cat "$P")" = "$pid" ]; then pass "a refused instance leaves the PID file alone"
else fail "a refused instance leaves the PID file alone" "now: $(cat "$P")"; fi

out=$(printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"quit"}' | socat -t 5 - "UNIX-CONNECT:$S" 2>&1)
if gone "$pid" && [ ! -e "$P" ]; then pass "QMP quit ends the daemon and removes the PID file"
else fail "QMP quit ends the daemon and removes the PID file" "$out" "$(ls -l "$P" 2>&1)"; fi

# A relative PID file: the daemon moves to /, the file must still go.
(cd "$TMP" && "$V" $QUIET -daemonize -pidfile rel.pid) 2>&1; rc=$?
pid=$(cat "$TMP/rel.pid" 2>/dev/null)
if [ "$rc" = 0 ] && [ -n "$pid" ] && kill -TERM "$pid" && gone "$pid" && [ ! -e "$TMP/rel.pid" ]; then
    pass "SIGTERM ends the daemon and removes a relative PID file"
else
    fail "SIGTERM ends the daemon and removes a relative PID file" "exit $rc pid '$pid'" "$(ls "$TMP")"
fi

expect_error "-daemonize: a drive error is reported and the command exits 1" \
    "-hda $TMP/none.img: Could not open '$TMP/none.img': No such file or directory" \
    "$V" $QUIET -daemonize -hda "$TMP/none.img"
expect_error "-pidfile in a missing directory" \
    "cannot create PID file: Could not create '$TMP/no/dir/p': No such file or directory" \
    "$V" $QUIET -pidfile "$TMP/no/dir/p"
expect_error "-daemonize with -nographic's stdio defaults is refused" \
    '-nographic cannot be used with -daemonize' "$V" -nographic -daemonize
# -nodefaults leaves -nographic nothing to put on stdio: allowed, as in QEMU.
run "$V" -nographic -nodefaults -S -daemonize -pidfile "$P"
pid=$(cat "$P" 2>/dev/null)
if [ "$rc" = 0 ] && [ -n "$pid" ] && kill -TERM "$pid" && gone "$pid"; then
    pass "-nographic -nodefaults -daemonize runs"
else
    fail "-nographic -nodefaults -daemonize runs" "exit $rc" "$out"
fi
finish
