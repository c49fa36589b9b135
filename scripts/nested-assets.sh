#!/bin/sh
# The outer guest of tests/functional/kvm-nested.slow.sh (Vireo issue 12):
# an initramfs for Debian's kernel under qemu-system-x86_64 -accel tcg
# -cpu max, whose SVM QEMU's translator emulates, so that the guest's
# kvm-amd gives it a working /dev/kvm. It holds
#   busybox, and kvm_amd with its depends= closure (irqbypass, kvm, ccp)
#   loadable with `loadmod kvm_amd` (scripts/guest-modules.inc);
#   /vireo/vireo with the shared libraries ldd lists (and the dynamic
#   loader) at their host paths, and /vireo/roms/ (SeaBIOS, std VGA ROM);
#   /inner/: the kernel, the ordinary test initramfs and the hostile
#   image of scripts/guest-assets.sh, for the inner guest, and reset.bin:
#   a 64 KiB -bios image whose first instruction pulses the i8042's reset
#   line (so that `vireo -no-reboot -bios reset.bin` times the way from
#   start to the guest's first instruction, and out again).
# /init prints "VIREO-NESTED-READY <kernel> cpus=N" and runs a shell on the
# console (ttyS0) and, without echo, a second one on ttyS1 when the outer
# QEMU has a second serial port: the test's control channel while vireo
# holds the console. Nothing is loaded at boot: the test checks vireo
# without KVM first.
#   scripts/nested-assets.sh [BUILD]       (BUILD defaults to $BUILD, then build)
#   eval "$(scripts/nested-assets.sh build)"   sets NESTED_INITRD, NESTED_KERNEL,
#       NESTED_MARKER and the inner guest's paths inside the outer one
# Idempotent: rebuilt only when an input is newer than the initramfs.
# Everything but the final KEY=value lines goes to stderr.
set -eu
B=${1:-${BUILD:-build}}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "nested-assets: $*" >&2; }
die() { echo "nested-assets: $*" >&2; exit 1; }

[ -x "$B/vireo" ] || die "no $B/vireo: build it first"
eval "$(sh "$ROOT/scripts/guest-assets.sh" "$B")"
INNER_MARKER=$MARKER
B=$(cd "$B" && pwd)
N=$B/guest/nested
OUT=$N/initramfs.gz
STAGE=$N/stage
KVER=${KERNEL##*/vmlinuz-}
MODDIR=$B/guest/linux/lib/modules/$KVER
MARKER=VIREO-NESTED-READY
. "$ROOT/scripts/guest-modules.inc"
mkdir -p "$N"

# The shared libraries of vireo as this host resolves them, loader included.
libs() {
    ldd "$B/vireo" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'
}
inputs="$0 $ROOT/scripts/guest-modules.inc $B/vireo $KERNEL $INITRD $HOSTILE $GUEST_BUSYBOX
    $B/roms/bios-256k.bin $B/roms/vgabios-stdvga.bin $(libs)"
stale=no
[ -f "$OUT" ] || stale=yes
for f in $inputs; do
    [ -e "$f" ] || die "missing input $f"
    [ "$f" -nt "$OUT" ] && stale=yes
done

if [ $stale = yes ]; then
    say "building $OUT"
    rm -rf "$STAGE"
    mkdir -p "$STAGE/bin" "$STAGE/sbin" "$STAGE/proc" "$STAGE/sys" "$STAGE/dev" \
        "$STAGE/tmp" "$STAGE/root" "$STAGE/etc" "$STAGE/vireo/roms" "$STAGE/inner"
    cp "$GUEST_BUSYBOX" "$STAGE/bin/busybox"
    for a in $("$GUEST_BUSYBOX" --list); do
        [ -e "$STAGE/bin/$a" ] || ln -s busybox "$STAGE/bin/$a"
    done
    gm_stage "$MODDIR" "$STAGE" "$KVER" kvm_amd
    cp "$B/vireo" "$STAGE/vireo/vireo"
    cp "$B/roms/bios-256k.bin" "$B/roms/vgabios-stdvga.bin" "$STAGE/vireo/roms/"
    for l in $(libs); do
        mkdir -p "$STAGE$(dirname "$l")"
        cp -L "$l" "$STAGE$l"
    done
    cp "$KERNEL" "$STAGE/inner/vmlinuz"
    cp "$INITRD" "$STAGE/inner/initramfs.gz"
    cp "$HOSTILE" "$STAGE/inner/hostile.bin"
    # Real mode at the reset vector 0xffff:fff0 (image offset 0xfff0):
    # mov al,0xfe; out 0x64,al (i8042 "pulse reset"); then hlt; jmp $-1.
    dd if=/dev/zero bs=1024 count=64 2>/dev/null > "$STAGE/inner/reset.bin"
    printf '\260\376\346\144\364\353\375' |
        dd of="$STAGE/inner/reset.bin" bs=1 seek=65520 conv=notrunc 2>/dev/null
    cat > "$STAGE/init" <<EOF
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || mdev -s
echo "$MARKER \$(uname -r) cpus=\$(nproc)"
export PS1='outer# ' HOME=/root PATH=/bin:/sbin:/vireo
cd /root
if [ -c /dev/ttyS1 ] && stty -F /dev/ttyS1 raw -echo 2>/dev/null; then
    (while :; do sh < /dev/ttyS1 > /dev/ttyS1 2>&1; done) &
fi
while :; do
    setsid cttyhack sh -l
    echo "init: shell exited, restarting it"
done
EOF
    chmod 755 "$STAGE/init"
    (cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
        gzip -1 > "$OUT.tmp"
    mv "$OUT.tmp" "$OUT"
    rm -rf "$STAGE"
fi

echo "NESTED_KERNEL=$KERNEL"
echo "NESTED_INITRD=$OUT"
echo "NESTED_MARKER=$MARKER"
echo "INNER_MARKER=$INNER_MARKER"
