# Debian's kernel boots on the PC machine to the busybox shell of the
# initramfs (Vireo issue 5, Must show), with the command line of the issue:
#   -smp 2 -m 512 -kernel bzImage -initrd initrd -append console=ttyS0 -nographic
# The test types commands on the serial console and checks the answers:
# nproc is 2, MemTotal is within the 512 MB (and above 400 MB), a
# seq|gzip|md5sum pipeline gives the host's digest, loadmod loads modules,
# and `poweroff -f` ends
# the emulator with status 0.
#   sh tests/functional/pc-linux.sh BUILD        (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-linux
pc_assets pc-linux

pc_start linux -M pc -smp 2 -m 512 -kernel "$KERNEL" -initrd "$INITRD" \
    -append console=ttyS0 -nographic
if pc_wait "$MARKER" 180 && pc_wait 'vireo# ' 30; then pass pc-linux-boot
else
    fail pc-linux-boot "no '$MARKER' line and shell prompt in 180 s" "$(pc_show 25)"
    pc_quit; finish
fi

if pc_ask NPROC nproc && [ "$answer" = 2 ]; then pass pc-linux-nproc
else fail pc-linux-nproc "nproc: '$answer', wanted 2" "$(pc_show)"; fi

if pc_ask MEMKB "awk '/^MemTotal:/ { print \$2 }' /proc/meminfo" &&
   [ -n "$answer" ] && [ "$answer" -gt $((400 * 1024)) ] && [ "$answer" -le $((512 * 1024)) ]; then
    pass pc-linux-meminfo
else fail pc-linux-meminfo "MemTotal: '$answer' kB, wanted 400-512 MB" "$(pc_show)"; fi

# The same busybox binary on the host (an x86-64 one) gives the reference
# gzip stream; busybox writes no timestamp for a pipe, so it is stable.
n=40000
plain=$(seq 1 $n | md5sum | cut -d' ' -f1)
if pc_ask PLAINMD5 "seq 1 $n | md5sum | cut -d' ' -f1" && [ "$answer" = "$plain" ]; then
    pass pc-linux-md5sum
else fail pc-linux-md5sum "md5 of seq 1 $n: '$answer', host $plain" "$(pc_show)"; fi
case $(uname -m) in
x86_64|amd64)
    want=$("$GUEST_BUSYBOX" sh -c "seq 1 $n | gzip -9 | md5sum" | cut -d' ' -f1)
    if pc_ask GZMD5 "seq 1 $n | gzip -9 | md5sum | cut -d' ' -f1" 60 && [ "$answer" = "$want" ]; then
        pass pc-linux-gzip-md5sum
    else fail pc-linux-gzip-md5sum "md5 of seq|gzip -9: '$answer', host's busybox $want" "$(pc_show)"; fi ;;
*)  echo "note: not an x86-64 host, the guest's busybox cannot run here; gzip compared by round trip"
    if pc_ask GZMD5 "seq 1 $n | gzip -9 | gunzip | md5sum | cut -d' ' -f1" 60 && [ "$answer" = "$plain" ]; then
        pass pc-linux-gzip-md5sum
    else fail pc-linux-gzip-md5sum "md5 of seq|gzip|gunzip: '$answer', wanted $plain" "$(pc_show)"; fi ;;
esac

# The initramfs's loadmod (modules for later disk and network tests) loads
# a module with its dependencies: ext4 needs jbd2, mbcache and crc16.
if pc_ask LOADMOD 'loadmod ext4 e1000 >/dev/null 2>&1; ls -d /sys/module/ext4 /sys/module/jbd2 /sys/module/e1000 | wc -l' 60 &&
   [ "$answer" = 3 ]; then pass pc-linux-loadmod
else fail pc-linux-loadmod "loadmod ext4 e1000: $answer of 3 modules in /sys/module" "$(pc_show)"; fi

# The monitor (Ctrl-a c) sees both CPUs in long mode and the chipset, in
# QEMU's words.
pc_mon 'info cpus'
if pc_wait '^\* CPU #0: thread_id=[0-9]+$' 10 && pc_wait '^  CPU #1: thread_id=[0-9]+$' 10; then
    pass pc-linux-info-cpus
else fail pc-linux-info-cpus "no '* CPU #0: thread_id=N' and '  CPU #1' lines" "$(pc_show)"; fi
pc_mon 'info registers -a'
if pc_wait '^CPU#1$' 10 && pc_wait '^RIP=[0-9a-f]{16} RFL=[0-9a-f]{8} \[[-DOSZAPC]{7}\] CPL=[03] ' 10 2 &&
   pc_wait '^CS =0010 0{16} ffffffff 00a[0-9a-f]9b00 DPL=0 CS64 \[-RA\]$' 10 &&
   pc_wait ' XMM15=[0-9a-f]{16} [0-9a-f]{16}$' 10 2; then
    pass pc-linux-info-registers
else fail pc-linux-info-registers "info registers -a: not two long-mode CPUs in QEMU's layout" "$(pc_show 40)"; fi
pc_mon 'info pci'
if pc_wait '^ +Host bridge: PCI device 8086:1237$' 10 && pc_wait '^ +ISA bridge: PCI device 8086:7000$' 10; then
    pass pc-linux-info-pci
else fail pc-linux-info-pci "info pci: no i440FX host bridge and PIIX3 ISA bridge" "$(pc_show)"; fi

pc_send 'poweroff -f'
if pc_end 60 && [ "$pc_rc" = 0 ]; then pass pc-linux-poweroff
else fail pc-linux-poweroff "poweroff -f: exit $pc_rc, wanted 0 within 60 s" "$(pc_show)"; fi
pc_no_crash pc-linux-no-crash && pass pc-linux-no-crash
finish
