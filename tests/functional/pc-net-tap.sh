# -netdev tap in a network namespace the test creates (Vireo issue 13, Must
# show): no host interface is touched. Inside the namespace a bridge holds
# 192.168.77.1/24; the emulator runs there with
#   -netdev tap,id=t0,script=UP,downscript=DOWN,vnet_hdr=on -device virtio-net-pci,netdev=t0
# where UP (written here) adds the tap to the bridge, called with the
# interface name as QEMU calls it. The guest pings 192.168.77.1 and fetches
# a file from a busybox httpd inside the namespace (sha256 compared); the
# downscript runs at exit. Root and iproute2 are needed: otherwise SKIP.
#   sh tests/functional/pc-net-tap.sh BUILD    (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh

if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 || [ ! -c /dev/net/tun ]; then
    echo "SKIP: pc-net-tap (needs root, iproute2 and /dev/net/tun)"
    finish
fi
NS=vireo-tap-$$
if ! ip netns add "$NS" 2>/dev/null; then
    echo "SKIP: pc-net-tap (cannot create a network namespace)"
    finish
fi
trap 'kill $httpd_pid 2>/dev/null; ip netns del "$NS" 2>/dev/null; rm -rf "$TMP"' EXIT

REAL=${VIREO_SYSTEM:-$B/vireo}
case $(basename "$REAL") in qemu*) accel="-accel tcg" ;; *) accel= ;; esac
command -v "$REAL" >/dev/null 2>&1 || REAL=$(cd "$(dirname "$REAL")" && pwd)/$(basename "$REAL")
cat > "$TMP/vireo-in-ns" <<EOF
#!/bin/sh
exec ip netns exec $NS $REAL $accel "\$@"
EOF
chmod +x "$TMP/vireo-in-ns"
VIREO_SYSTEM=$TMP/vireo-in-ns VIREO_ACCEL=
. tests/functional/pc-lib.inc
pc_assets pc-net-tap

in_ns() { ip netns exec "$NS" "$@"; }
in_ns ip link set lo up
in_ns ip link add br0 type bridge
in_ns ip addr add 192.168.77.1/24 dev br0
in_ns ip link set br0 up
cat > "$TMP/ifup" <<EOF
#!/bin/sh
echo "\$1" > $TMP/ifup.called
ip link set "\$1" master br0 && ip link set "\$1" up
EOF
cat > "$TMP/ifdown" <<EOF
#!/bin/sh
echo "\$1" > $TMP/ifdown.called
EOF
chmod +x "$TMP/ifup" "$TMP/ifdown"
mkdir -p "$TMP/www"
head -c 500000 /dev/urandom > "$TMP/www/blob"
want=$(sha256sum "$TMP/www/blob" | cut -d' ' -f1)
ip netns exec "$NS" "$GUEST_BUSYBOX" httpd -f -p 192.168.77.1:8080 -h "$TMP/www" &
httpd_pid=$!

pc_start tap -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 -nographic \
    -netdev "tap,id=t0,ifname=vtap0,script=$TMP/ifup,downscript=$TMP/ifdown,vnet_hdr=on" \
    -device virtio-net-pci,netdev=t0
if ! pc_wait 'vireo# ' 120; then
    fail pc-net-tap-boot "no shell prompt" "$(pc_show)"; pc_quit; finish
fi
if [ "$(cat "$TMP/ifup.called" 2>/dev/null)" = vtap0 ] && in_ns ip link show vtap0 | grep -q 'master br0'; then
    pass pc-net-tap-script
else fail pc-net-tap-script "the up script did not put vtap0 on br0" "$(in_ns ip link 2>&1 | tail -4)"; fi
pc_ask LINK "loadmod virtio_pci virtio_net >/dev/null 2>&1; ip link set eth0 up; ifconfig eth0 192.168.77.2 netmask 255.255.255.0; sleep 1; cat /sys/class/net/eth0/carrier" 60
if pc_ask PINGS 'ping -c 3 -W 5 192.168.77.1 | grep -c ttl' 60 && [ "${answer:-0}" -ge 1 ]; then
    pass pc-net-tap-ping
else fail pc-net-tap-ping "ping 192.168.77.1 from the guest: '$answer' replies" "$(pc_show)"; fi
if pc_ask BLOBSHA "wget -q -O - http://192.168.77.1:8080/blob | sha256sum | cut -d' ' -f1" 120 &&
   [ "$answer" = "$want" ]; then pass pc-net-tap-wget
else fail pc-net-tap-wget "sha256 '$answer', wanted $want" "$(pc_show)"; fi
pc_send 'poweroff -f'
if pc_end 30 && pc_no_crash pc-net-tap-exit; then pass pc-net-tap-exit; fi
# The down script runs as the process ends (from a watcher process): give it a moment.
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMP/ifdown.called" ] && break; sleep 0.5; done
if [ "$(cat "$TMP/ifdown.called" 2>/dev/null)" = vtap0 ]; then pass pc-net-tap-downscript
else fail pc-net-tap-downscript "the down script was not called with vtap0"; fi
finish
