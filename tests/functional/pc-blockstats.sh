# The drives' I/O statistics and QMP's block queries (Vireo issue 7, part 3:
# `info blockstats`; QMP query-block and query-blockstats):
#  - shapes: Vireo and QEMU 7.2, paused on the same drives (a qcow2 with a
#    qcow2 backing file on IDE, a raw disk on virtio-blk, an ISO on the CD),
#    answer tests/functional/qmp-block-session.txt with the same keys and
#    types (tests/functional/qmp-client.py), and `info blockstats` prints the
#    same fields in the same order;
#  - values: a Linux guest reads and writes its disks with O_DIRECT, and the
#    counters move by exactly the bytes it moved, flushes are counted, and
#    query-blockstats' wr_highest_offset is the end of its furthest write.
#   sh tests/functional/pc-blockstats.sh BUILD
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-blockstats
pc_assets pc-blockstats
IMG=${VIREO_IMG:-$B/vireo-img}
PY=/usr/bin/python3
CLIENT=tests/functional/qmp-client.py
Q=$(command -v qemu-system-x86_64)

"$IMG" create -f qcow2 "$TMP/base.qcow2" 64M >/dev/null &&
"$IMG" create -f qcow2 -b "$TMP/base.qcow2" -F qcow2 "$TMP/top.qcow2" >/dev/null &&
"$IMG" create -f raw "$TMP/v.raw" 32M >/dev/null &&
head -c 1048576 /dev/zero > "$TMP/cd.iso" ||
    { fail pc-blockstats-images "cannot make the images"; finish; }
DRIVES="-hda $TMP/top.qcow2 -drive file=$TMP/v.raw,format=raw,if=virtio -cdrom $TMP/cd.iso"

# --- Shapes, against QEMU ------------------------------------------------------------
# session EMULATOR NAME: the shapes of its replies in $TMP/NAME.out.
session() {
    a=
    case $(basename "$1") in qemu*) a="-accel tcg" ;; esac
    # shellcheck disable=SC2086
    "$1" $a -S -display none -net none -m 64 $DRIVES \
        -qmp "unix:$TMP/$2.sock,server=on,wait=off" > "$TMP/$2.log" 2>&1 &
    p=$!
    $PY $CLIENT "$TMP/$2.sock" session tests/functional/qmp-block-session.txt > "$TMP/$2.out" 2> "$TMP/$2.err"
    r=$?
    sleep 0.5
    kill "$p" 2>/dev/null
    wait "$p" 2>/dev/null
    return $r
}
# hmp_stats EMULATOR: `info blockstats` with every number as N.
hmp_stats() {
    a=
    case $(basename "$1") in qemu*) a="-accel tcg" ;; esac
    # shellcheck disable=SC2086
    (sleep 1; printf 'info blockstats\nquit\n') |
        timeout 20 "$1" $a -S -display none -net none -m 64 $DRIVES -monitor stdio 2>&1 |
        tr -d '\r' | grep -E '^(ide0-hd0|virtio0|ide1-cd0): ' | sed 's/[0-9][0-9]*/N/g'
}

if [ ! -x "$PY" ]; then
    fail pc-blockstats-python "no /usr/bin/python3 (Debian's python3)"
elif session "$V" vireo; then
    pass pc-blockstats-qmp-session
    if [ -n "$Q" ] && [ "$(basename "$V")" = vireo ]; then
        if session "$Q" qemu && [ "$(wc -l < "$TMP/qemu.out")" -ge 6 ]; then
            if diff "$TMP/qemu.out" "$TMP/vireo.out" > "$TMP/diff"; then pass pc-blockstats-qmp-same-as-qemu
            else fail pc-blockstats-qmp-same-as-qemu "reply shapes differ from QEMU 7.2's (< qemu, > vireo)" "$(cut -c1-300 "$TMP/diff")"; fi
        else fail pc-blockstats-qmp-same-as-qemu "QEMU's session did not run" "$(cat "$TMP/qemu.err")"; fi
        hmp_stats "$V" > "$TMP/vireo.hmp"
        hmp_stats "$Q" > "$TMP/qemu.hmp"
        if [ "$(wc -l < "$TMP/vireo.hmp")" = 3 ] && cmp -s "$TMP/qemu.hmp" "$TMP/vireo.hmp"; then
            pass pc-blockstats-hmp-same-as-qemu
        else fail pc-blockstats-hmp-same-as-qemu "info blockstats lines differ (< qemu, > vireo)" "$(diff "$TMP/qemu.hmp" "$TMP/vireo.hmp")"; fi
    else
        echo "note: no qemu-system-x86_64 (or the emulator is QEMU): the comparison is skipped"
    fi
else fail pc-blockstats-qmp-session "$(cat "$TMP/vireo.err")" "$(tail -n 3 "$TMP/vireo.log")"; fi

# --- Values, from a Linux guest ----------------------------------------------------------
# shellcheck disable=SC2086
pc_start stats -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 \
    -nographic -net none $DRIVES -qmp "unix:$TMP/live.sock,server=on,wait=off"
if pc_wait "$MARKER" 120 && pc_wait 'vireo# ' 30; then :
else fail pc-blockstats-boot "no shell" "$(pc_show)"; pc_quit; finish; fi
if pc_ask MODS 'loadmod ata_piix sd_mod virtio_pci virtio_blk >/dev/null 2>&1; for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/sda ] && [ -b /dev/vda ] && break; sleep 1; done; sleep 1; ls /dev/sda /dev/vda | wc -l' 60 &&
   [ "$answer" = 2 ]; then :
else fail pc-blockstats-devices "/dev/sda and /dev/vda: $answer of 2" "$(pc_show)"; pc_quit; finish; fi

# qmp_hmp CMD: an HMP command through QMP's human-monitor-command (with -qmp,
# QEMU has no HMP on stdio), its text on stdout.
qmp_hmp() {
    $PY - "$TMP/live.sock" "$1" 2>>"$TMP/live.err" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
f.readline()
def cmd(c, a=None):
    f.write(json.dumps({"execute": c, "arguments": a or {}}) + "\n"); f.flush()
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
cmd("qmp_capabilities")
sys.stdout.write(cmd("human-monitor-command", {"command-line": sys.argv[2]})["return"])
EOF
}
# snapshot: `info blockstats` now; $sda_*, $vda_* its counters.
snapshot() {
    qmp_hmp 'info blockstats' | tr -d '\r' > "$TMP/snap"
    for d in ide0-hd0:sda virtio0:vda; do
        line=$(grep -a "^${d%%:*}: rd_bytes=" "$TMP/snap")
        [ -n "$line" ] || return 1
        for f in rd_bytes wr_bytes rd_operations wr_operations flush_operations; do
            eval "${d##*:}_$f=$(printf '%s\n' "$line" | sed -n "s/.* $f=\([0-9]*\).*/\1/p")"
        done
    done
}
# delta DEV FIELD: how much it moved since the values saved by save.
save() { for d in sda vda; do for f in rd_bytes wr_bytes rd_operations wr_operations flush_operations; do
    eval "old_${d}_$f=\$${d}_$f"; done; done; }
delta() { eval "echo \$((\$${1}_$2 - \$old_${1}_$2))"; }

snapshot || fail pc-blockstats-hmp-live "no 'info blockstats' lines for ide0-hd0 and virtio0" "$(cat "$TMP/snap" "$TMP/live.err")"
save
for d in sda vda; do
    pc_ask "R$d" "dd if=/dev/$d of=/dev/null bs=65536 count=16 skip=64 iflag=direct 2>/dev/null && echo ok" 30
done
snapshot
for d in sda vda; do
    if [ "$(delta $d rd_bytes)" = 1048576 ] && [ "$(delta $d rd_operations)" -ge 1 ] &&
       [ "$(delta $d wr_bytes)" = 0 ]; then pass "pc-blockstats-read-$d"
    else fail "pc-blockstats-read-$d" "1 MiB O_DIRECT read: rd_bytes +$(delta $d rd_bytes), rd_operations +$(delta $d rd_operations), wr_bytes +$(delta $d wr_bytes)" "$(pc_show)"; fi
done
save
for d in sda vda; do
    pc_ask "W$d" "dd if=/dev/zero of=/dev/$d bs=4096 count=64 seek=1024 oflag=direct conv=fsync 2>/dev/null && echo ok" 30
done
snapshot
for d in sda vda; do
    if [ "$(delta $d wr_bytes)" = 262144 ] && [ "$(delta $d wr_operations)" -ge 1 ] &&
       [ "$(delta $d flush_operations)" -ge 1 ]; then pass "pc-blockstats-write-$d"
    else fail "pc-blockstats-write-$d" "256 KiB O_DIRECT write + fsync: wr_bytes +$(delta $d wr_bytes), wr_operations +$(delta $d wr_operations), flush_operations +$(delta $d flush_operations)" "$(pc_show)"; fi
done

# query-blockstats on the live machine: the furthest write ends at 4 MiB + 256 KiB.
if $PY - "$TMP/live.sock" > "$TMP/live.json" 2> "$TMP/live.err" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
f.readline()
def cmd(c):
    f.write(json.dumps({"execute": c}) + "\n"); f.flush()
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
cmd("qmp_capabilities")
for d in cmd("query-blockstats")["return"]:
    st = d["stats"]
    print(d["device"], st["wr_highest_offset"], st["wr_bytes"], "idle_time_ns" in st)
EOF
then
    if grep -q '^virtio0 4456448 262144 True$' "$TMP/live.json" && grep -q '^ide0-hd0 4456448 262144 True$' "$TMP/live.json"; then
        pass pc-blockstats-qmp-live
    else fail pc-blockstats-qmp-live "query-blockstats: wanted wr_highest_offset 4456448, wr_bytes 262144, idle_time_ns" "$(cat "$TMP/live.json")"; fi
else fail pc-blockstats-qmp-live "the QMP query failed" "$(cat "$TMP/live.err")"; fi

pc_send 'poweroff -f'
pc_end 60
pc_no_crash pc-blockstats-no-crash && pass pc-blockstats-no-crash
finish
