# TCP throughput guest -> host over user networking (Vireo issue 13, bench):
# the Debian guest pipes NET_MB MiB of zeros into busybox nc to 10.0.2.2;
# a python3 receiver on the host's loopback counts them and times first to
# last byte. e1000 and virtio-net, vireo and qemu-system-x86_64 -accel tcg
# in the same run; MB/s, higher is better.
#   bench/net.sh [BUILD]        VIREO_SYSTEM=... QEMU_SYSTEM=... NET_MB=64 bench/net.sh
B=${1:-build}
MB=${NET_MB:-32}
Q=${QEMU_SYSTEM:-$(command -v qemu-system-x86_64)}
. tests/functional/lib.sh
VIREO=${VIREO_SYSTEM:-$B/vireo}

if ! assets=$(sh scripts/guest-assets.sh "$B" 2>"$TMP/err"); then
    echo "net: skipped (scripts/guest-assets.sh failed)"
    exit 0
fi
eval "$assets"

cat > "$TMP/recv.py" <<'EOF'
import socket, sys, time
want = int(sys.argv[2])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
s.settimeout(240)
c, _ = s.accept()
got, t0 = 0, None
while got < want:
    d = c.recv(1 << 20)
    if not d:
        break
    if t0 is None:
        t0 = time.monotonic()
    got += len(d)
t1 = time.monotonic()
c.close()
print("%.1f" % (got / (1 << 20) / max(t1 - t0, 1e-6)) if got >= want else "-")
EOF

# run EMULATOR MODEL DRIVERS: MB/s, or "-".
run() {
    model=$2 drivers=$3
    VIREO_SYSTEM=$1 VIREO_ACCEL=
    case $(basename "$1") in qemu*) VIREO_ACCEL="-accel tcg" ;; esac
    . tests/functional/pc-lib.inc
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 "$TMP/recv.py" "$port" $((MB << 20)) > "$TMP/rate" 2>/dev/null &
    rpid=$!
    pc_start bench -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 -nographic \
        -netdev user,id=n0 -device "$model,netdev=n0"
    if pc_wait 'vireo# ' 120; then
        pc_send "loadmod $drivers >/dev/null 2>&1; ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up"
        sleep 4
        pc_send "dd if=/dev/zero bs=65536 count=$((MB * 16)) 2>/dev/null | nc 10.0.2.2 $port; echo NC""DONE"
        pc_wait NCDONE 240
    fi
    wait "$rpid" 2>/dev/null
    pc_quit >/dev/null 2>&1
    cat "$TMP/rate" 2>/dev/null || echo -
}

printf '| %-22s | %10s | %10s |\n' "guest -> host, $MB MiB" "vireo MB/s" "qemu MB/s"
printf '|%s|%s|%s|\n' ------------------------ ------------ ------------
for m in "e1000:e1000" "virtio-net-pci:virtio_pci virtio_net"; do
    model=${m%%:*} drivers=${m#*:}
    v=$(run "$VIREO" "$model" "$drivers")
    q=-
    [ -n "$Q" ] && q=$(run "$Q" "$model" "$drivers")
    printf '| %-22s | %10s | %10s |\n' "user, $model" "$v" "$q"
done
