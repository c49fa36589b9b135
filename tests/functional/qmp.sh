# QMP (Vireo issue 11, first part): a plain client (tests/functional/qmp-client.py)
# runs tests/functional/qmp-session.txt against Vireo and against
# qemu-system-x86_64 7.2 over a unix socket; the shape of every reply (keys,
# value types, error class, events) must agree. Then the bad inputs: malformed
# JSON, wrong types, a command before negotiation, 100,000-deep nesting, a
# 16 MiB line, binary garbage, a client vanishing mid-command, 50 clients at
# once; the monitor answers a fresh client after each.
#   sh tests/functional/qmp.sh BUILD
B=$1
. tests/functional/lib.sh
V=$B/vireo
Q=$(command -v qemu-system-x86_64)
PY=/usr/bin/python3
CLIENT=tests/functional/qmp-client.py

if [ ! -x "$PY" ]; then
    fail qmp-python "no /usr/bin/python3 (Debian's python3)"; finish
fi

# Two CD images (raw 2 KiB sectors) for eject and blockdev-change-medium.
head -c 65536 /dev/zero > "$TMP/cd1.img"
head -c 131072 /dev/zero > "$TMP/cd2.img"

# start EMULATOR NAME: a paused machine with QMP on $TMP/NAME.sock.
start() {
    "$1" -S -display none -net none -m 64 -name qmptest -cdrom "$TMP/cd1.img" \
        -qmp "unix:$TMP/$2.sock,server=on,wait=off" > "$TMP/$2.log" 2>&1 &
    eval "pid_$2=$!"
}
stop() {
    eval "p=\$pid_$1"
    kill "$p" 2>/dev/null
    wait "$p" 2>/dev/null
}

start "$V" vireo
if CD2=$TMP/cd2.img $PY $CLIENT "$TMP/vireo.sock" session tests/functional/qmp-session.txt > "$TMP/vireo.out" 2> "$TMP/vireo.err"; then
    pass qmp-session-vireo
else fail qmp-session-vireo "$(cat "$TMP/vireo.err")" "$(tail -n 5 "$TMP/vireo.out")"; fi
# quit ends the emulator with status 0.
i=0
while kill -0 "$pid_vireo" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$pid_vireo" 2>/dev/null; then fail qmp-quit-exits "still running 5 s after quit"; stop vireo
else wait "$pid_vireo"; rc=$?; [ $rc = 0 ] && pass qmp-quit-exits || fail qmp-quit-exits "exit $rc"; fi

if [ -n "$Q" ]; then
    start "$Q" qemu
    CD2=$TMP/cd2.img $PY $CLIENT "$TMP/qemu.sock" session tests/functional/qmp-session.txt > "$TMP/qemu.out" 2> "$TMP/qemu.err"
    stop qemu
    # One case per request: the same reply shape from both.
    n=$(wc -l < "$TMP/qemu.out")
    if [ "$n" -lt 10 ]; then
        fail qmp-same-as-qemu "QEMU's session did not run: $(cat "$TMP/qemu.err")"
    else
        diff "$TMP/qemu.out" "$TMP/vireo.out" > "$TMP/diff"
        if [ -s "$TMP/diff" ]; then fail qmp-same-as-qemu "replies differ from QEMU 7.2's (< qemu, > vireo)" "$(cat "$TMP/diff")"
        else pass qmp-same-as-qemu; fi
    fi
else
    echo "note: no qemu-system-x86_64: the QEMU comparison is skipped"
fi

start "$V" hostile
if $PY $CLIENT "$TMP/hostile.sock" hostile 2> "$TMP/hostile.err"; then pass qmp-hostile-input
else fail qmp-hostile-input "$(cat "$TMP/hostile.err")" "$(tail -n 3 "$TMP/hostile.log")"; fi
if kill -0 "$pid_hostile" 2>/dev/null; then pass qmp-hostile-still-running
else fail qmp-hostile-still-running "vireo ended: $(tail -n 3 "$TMP/hostile.log")"; fi
stop hostile
if grep -q -i -E 'AddressSanitizer|runtime error|Segmentation|Aborted|internal error' "$TMP/hostile.log"; then
    fail qmp-hostile-no-crash "$(grep -i -E 'AddressSanitizer|runtime error|Segmentation|Aborted|internal error' "$TMP/hostile.log" | head -3)"
else pass qmp-hostile-no-crash; fi
finish
