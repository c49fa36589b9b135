# Networking on the PC machine (Vireo issue 13, Must show): for each of
# e1000, rtl8139 and virtio-net on user networking (each through another of
# the three syntaxes: -net nic -net user, -nic user,model=, -netdev with
# -device) the Debian guest loads the driver, gets 10.0.2.15 from slirp's
# DHCP with busybox udhcpc, fetches a file from a python3 http.server on
# the host's loopback through 10.0.2.2 with a matching sha256, and the host
# fetches a page from busybox httpd in the guest through hostfwd. Then two
# guests joined by -netdev socket (listen/connect) ping each other and
# copy a file over HTTP with a matching checksum; and the monitor's info
# network / set_link are checked on the way.
#   sh tests/functional/pc-net.sh BUILD        (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-net
pc_assets pc-net

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The host's web server, on loopback only.
mkdir -p "$TMP/www"
head -c 1000000 /dev/urandom > "$TMP/www/blob"
blob_sha=$(sha256sum "$TMP/www/blob" | cut -d' ' -f1)
HTTP_PORT=$(free_port)
timeout 300 python3 -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$HTTP_PORT" \
    > "$TMP/http.log" 2>&1 &
http_pid=$!
trap 'kill $http_pid 2>/dev/null; rm -rf "$TMP"' EXIT

guest_boot() {
    name=$1; shift
    pc_start "$name" -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 \
        -nographic "$@"
    pc_wait 'vireo# ' 120
}

# guest_link DRIVERS: load them, bring eth0 up and wait for its carrier.
guest_link() {
    pc_ask LINK "loadmod $1 >/dev/null 2>&1; ip link set eth0 up 2>&1;
        for i in \$(seq 40); do [ \"\$(cat /sys/class/net/eth0/carrier 2>/dev/null)\" = 1 ] && break; sleep 0.25; done;
        cat /sys/class/net/eth0/carrier" 60
}

# One NIC on user networking: $1 test name, $2 drivers, the rest the network options.
nic_case() {
    t=$1 drivers=$2; shift 2
    hport=$(free_port)
    args=$(printf '%s' "$*" | sed "s/HPORT/$hport/")
    # shellcheck disable=SC2086
    if ! guest_boot "$t" $args; then
        fail "$t-boot" "no shell prompt" "$(pc_show)"; pc_quit; return
    fi
    if guest_link "$drivers" && [ "$answer" = 1 ]; then pass "$t-link"
    else fail "$t-link" "eth0 carrier '$answer' after loadmod $drivers" "$(pc_show)"; fi

    # udhcpc's script: configure what the lease says.
    pc_send 'echo "#!/bin/sh" > /tmp/dh; echo "[ \$1 = bound ] && ifconfig \$interface \$ip netmask \$subnet && route add default gw \$router; true" >> /tmp/dh; chmod +x /tmp/dh'
    pc_send 'udhcpc -i eth0 -q -n -t 5 -s /tmp/dh'
    pc_wait 'lease of|No lease|failing' 40
    if pc_ask ADDR "ip -4 addr show eth0 | awk '/inet /{print \$2}'" && [ "$answer" = 10.0.2.15/24 ]; then
        pass "$t-dhcp"
    else fail "$t-dhcp" "eth0 address '$answer', wanted 10.0.2.15/24" "$(pc_show)"; fi

    if pc_ask BLOBSHA "wget -q -O - http://10.0.2.2:$HTTP_PORT/blob | sha256sum | cut -d' ' -f1" 120 &&
       [ "$answer" = "$blob_sha" ]; then pass "$t-wget"
    else fail "$t-wget" "sha256 of the fetched file '$answer', host's $blob_sha" "$(pc_show)"; fi

    pc_send "mkdir -p /www; echo hello-from-$t > /www/index.html; httpd -p 80 -h /www"
    sleep 1
    page=$(curl -s --max-time 30 "http://127.0.0.1:$hport/index.html" 2>&1)
    if [ "$page" = "hello-from-$t" ]; then pass "$t-hostfwd"
    else fail "$t-hostfwd" "host got '$page' through hostfwd port $hport" "$(pc_show)"; fi
}

guest_off() {
    pc_send 'poweroff -f'
    if pc_end 30 && pc_no_crash "$1-exit"; then pass "$1-exit"
    else [ "$pc_rc" = timeout ] && fail "$1-exit" "no exit 30 s after poweroff" "$(pc_show)"; fi
}

start=$(date +%s)
nic_case pc-net-e1000 e1000 -net nic -net user,hostfwd=tcp:127.0.0.1:HPORT-:80
# The monitor: QEMU's layout for the hub of -net entries, and set_link.
pc_mon 'info network'
if pc_wait 'hub0port0: e1000.0: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:56' 10; then
    pass pc-net-info-network
else fail pc-net-info-network "info network shows no e1000.0 on hub 0" "$(pc_show)"; fi
pc_mon 'set_link e1000.0 off'
sleep 3
pc_ask CARRIER 'cat /sys/class/net/eth0/carrier' 20
off=$answer
pc_mon 'set_link e1000.0 on'
sleep 3
pc_ask CARRIER2 'cat /sys/class/net/eth0/carrier' 20
if [ "$off" = 0 ] && [ "$answer" = 1 ]; then pass pc-net-set-link
else fail pc-net-set-link "carrier after set_link off/on: '$off'/'$answer', wanted 0/1" "$(pc_show)"; fi
guest_off pc-net-e1000

nic_case pc-net-rtl8139 8139cp -nic user,model=rtl8139,hostfwd=tcp:127.0.0.1:HPORT-:80
guest_off pc-net-rtl8139

nic_case pc-net-virtio "virtio_pci virtio_net" -netdev user,id=n0,hostfwd=tcp:127.0.0.1:HPORT-:80 \
    -device virtio-net-pci,netdev=n0
guest_off pc-net-virtio

# Two guests on one socket "cable": A listens (virtio-net), B connects (e1000).
sport=$(free_port)
guest_boot sock-a -netdev "socket,id=s0,listen=127.0.0.1:$sport" -device virtio-net-pci,netdev=s0
exec 4>&3
a_out=$pc_out a_pid=$pc_pid
guest_boot sock-b -netdev "socket,id=s0,connect=127.0.0.1:$sport" \
    -device e1000,netdev=s0,mac=52:54:00:12:34:99
exec 5>&3
b_out=$pc_out b_pid=$pc_pid
use_a() { pc_name=sock-a pc_out=$a_out pc_pid=$a_pid; exec 3>&4; }
use_b() { pc_name=sock-b pc_out=$b_out pc_pid=$b_pid; exec 3>&5; }
use_a
guest_link "virtio_pci virtio_net"
pc_send 'ifconfig eth0 192.168.76.1 netmask 255.255.255.0; mkdir -p /www; seq 1 60000 > /www/seq; httpd -p 80 -h /www'
use_b
guest_link e1000
pc_send 'ifconfig eth0 192.168.76.2 netmask 255.255.255.0'
if pc_ask PINGS 'ping -c 3 -W 5 192.168.76.1 | grep -c ttl' 60 && [ "${answer:-0}" -ge 1 ]; then
    pass pc-net-socket-ping
else fail pc-net-socket-ping "B pinged A: '$answer' replies" "$(pc_show)"; fi
want=$(seq 1 60000 | sha256sum | cut -d' ' -f1)
if pc_ask SEQSHA "wget -q -O - http://192.168.76.1/seq | sha256sum | cut -d' ' -f1" 60 &&
   [ "$answer" = "$want" ]; then pass pc-net-socket-copy
else fail pc-net-socket-copy "sha256 of A's file fetched by B: '$answer', wanted $want" "$(pc_show)"; fi
use_a
if pc_ask PINGBACK 'ping -c 2 -W 5 192.168.76.2 | grep -c ttl' 60 && [ "${answer:-0}" -ge 1 ]; then
    pass pc-net-socket-ping-back
else fail pc-net-socket-ping-back "A pinged B: '$answer' replies" "$(pc_show)"; fi
guest_off pc-net-socket-a
exec 4>&-
use_b
guest_off pc-net-socket-b
exec 5>&-
# PXE: SeaBIOS runs the e1000's iPXE ROM (Debian's ipxe-qemu), which gets
# its address and boot.ipxe from slirp's DHCP and TFTP (tftp=, bootfile=),
# then the kernel and initramfs, and boots them to the shell.
if [ -r /usr/lib/ipxe/qemu/efi-e1000.rom ]; then
    mkdir -p "$TMP/tftp"
    cp "$KERNEL" "$TMP/tftp/vmlinuz"
    cp "$INITRD" "$TMP/tftp/initrd.gz"
    printf '#!ipxe\nkernel tftp://10.0.2.2/vmlinuz console=ttyS0\ninitrd tftp://10.0.2.2/initrd.gz\nboot\n' \
        > "$TMP/tftp/boot.ipxe"
    pc_start pxe -M pc -m 256 -nographic -boot n -net nic -net "user,tftp=$TMP/tftp,bootfile=boot.ipxe"
    if pc_wait 'boot.ipxe.*script' 90 && pc_wait "$MARKER" 120 && pc_wait 'vireo# ' 30; then
        pass pc-net-pxe-boot
    else fail pc-net-pxe-boot "no iPXE script download and shell after -boot n" "$(pc_show)"; fi
    guest_off pc-net-pxe
else
    echo "SKIP: pc-net-pxe-boot (no /usr/lib/ipxe/qemu/efi-e1000.rom: install ipxe-qemu)"
fi

echo "note: pc-net took $(($(date +%s) - start)) s"
finish
