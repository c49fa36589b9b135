# Crash safety of qcow2 (Vireo issue 7, Must show "Crash safety"): vireo is
# killed with SIGKILL while the guest writes to a qcow2 disk opened with
# cache=writeback. Afterwards `vireo-img check` and `qemu-img check` may find
# leaked clusters (exit 3) but never corruption (exit 2), and every block the
# guest had written and flushed before the kill reads back from the image.
#
# The guest loop: block i is 64 KiB of "rR-blkI" lines at 64 KiB unit
# (i * 2099) mod 65000 of a 4 GiB disk (2099 is prime to 65000, so no block
# lands on another, and the offsets walk over all eight L2 tables: new L2
# tables and data clusters are allocated all along); `dd conv=fsync` writes it
# and flushes (fsync on a block device sends the disk a cache flush), then the
# guest prints "FLUSHED r=R i=I". The test waits for the Nth marker, sleeps a
# moment (so the kill lands in a write, a flush, an L2 allocation...), and
# SIGKILLs the emulator itself (not timeout(1) around it). Rounds differ in N,
# the delay and the device (virtio-blk, IDE).
#   sh tests/functional/pc-crash.sh BUILD     (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-crash
pc_assets pc-crash
IMG=${VIREO_IMG:-$B/vireo-img}
have_qemu_img=false
command -v qemu-img >/dev/null 2>&1 && have_qemu_img=true

# block R I: the bytes of block I of round R, as the guest's busybox makes them.
block() { yes "r$1-blk$2" 2>/dev/null | head -c 65536; }
unit() { echo $(($1 * 2099 % 65000)); }

# round R IF MARKERS DELAY
round() {
    r=$1 iface=$2 n=$3 delay=$4
    disk=$TMP/crash$r.qcow2
    "$IMG" create -f qcow2 "$disk" 4G >/dev/null 2>&1 ||
        { fail "pc-crash-$r-create" "vireo-img create failed"; return; }
    dev=vda mods="virtio_pci virtio_blk"
    [ "$iface" = ide ] && dev=sda mods="ata_piix sd_mod"
    pc_start "crash$r" -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 \
        -nographic -net none -drive "file=$disk,format=qcow2,if=$iface,cache=writeback"
    if ! { pc_wait "$MARKER" 120 && pc_wait 'vireo# ' 30; }; then
        fail "pc-crash-$r-boot" "no shell" "$(pc_show)"; pc_quit; return
    fi
    pc_send "loadmod $mods >/dev/null 2>&1; for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/$dev ] && break; sleep 1; done"
    pc_send "i=0; while :; do i=\$((i + 1)); yes r$r-blk\$i | head -c 65536 | dd of=/dev/$dev bs=65536 seek=\$((i * 2099 % 65000)) conv=notrunc,fsync 2>/dev/null || break; echo \"FLUS\"\"HED r=$r i=\$i\"; done"
    if ! pc_wait "^FLUSHED r=$r i=" 90 "$n"; then
        fail "pc-crash-$r-writes" "the guest did not flush $n blocks in 90 s" "$(pc_show)"; pc_quit; return
    fi
    sleep "$delay"
    # pc_start's pid file holds timeout(1); the emulator is its child.
    vpid=$(pgrep -P "$(cat "$TMP/crash$r.pid")")
    [ -n "$vpid" ] && kill -KILL "$vpid"
    pc_end 20
    # Only what the kill left behind counts: the last marker printed before it.
    last=$(tr -d '\r' < "$pc_out" | grep -a -E "^FLUSHED r=$r i=[0-9]+\$" | tail -n 1 | sed 's/.*i=//')
    if [ "$pc_rc" = 137 ] && [ -n "$last" ]; then pass "pc-crash-$r-killed"
    else fail "pc-crash-$r-killed" "emulator exit $pc_rc (wanted 137, SIGKILL), last flushed block '$last'" "$(pc_show)"; return; fi
    echo "note: round $r ($iface): killed ${delay}s after marker $n; $last blocks flushed"

    "$IMG" check "$disk" >"$TMP/check.out" 2>&1; rc=$?
    echo "note: vireo-img check: exit $rc, $(grep -c -i leak "$TMP/check.out") lines about leaks"
    if [ "$rc" = 0 ] || [ "$rc" = 3 ]; then pass "pc-crash-$r-vireo-img-check"
    else fail "pc-crash-$r-vireo-img-check" "vireo-img check exit $rc (0 or 3 wanted)" "$(head -n 8 "$TMP/check.out")"; fi
    if $have_qemu_img; then
        qemu-img check "$disk" >"$TMP/qcheck.out" 2>&1; rc=$?
        if [ "$rc" = 0 ] || [ "$rc" = 3 ]; then pass "pc-crash-$r-qemu-img-check"
        else fail "pc-crash-$r-qemu-img-check" "qemu-img check exit $rc (0 or 3 wanted)" "$(head -n 8 "$TMP/qcheck.out")"; fi
    fi
    if ! "$IMG" convert -O raw "$disk" "$TMP/crash.raw" 2>"$TMP/conv.err"; then
        fail "pc-crash-$r-flushed-data" "vireo-img convert -O raw failed" "$(head -n 3 "$TMP/conv.err")"; return
    fi
    bad=
    i=1
    while [ "$i" -le "$last" ]; do
        dd if="$TMP/crash.raw" bs=65536 skip="$(unit "$i")" count=1 2>/dev/null > "$TMP/got"
        block "$r" "$i" | cmp -s - "$TMP/got" || bad="$bad $i"
        i=$((i + 1))
    done
    if [ -z "$bad" ]; then pass "pc-crash-$r-flushed-data"
    else fail "pc-crash-$r-flushed-data" "flushed blocks missing or wrong after the kill:$bad (of 1..$last)"; fi
    rm -f "$TMP/crash.raw" "$disk"
}

# Rounds: early in the first L2 tables, later with more metadata, on both
# device models; the delays put the kill at different points of a cycle.
round 1 virtio 3 0.1
round 2 ide 6 0.35
round 3 virtio 12 0.6
round 4 ide 20 0.05
finish
