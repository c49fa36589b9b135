#!/bin/sh
# Guest assets for the PC machine's tests, demo and boot bench (Vireo issue 5,
# part 6): Debian's kernel, busybox-static and SeaBIOS, an initramfs, and the
# hostile test firmware of tests/guest/hostile.S.
#   scripts/guest-assets.sh [BUILD]        (BUILD defaults to $BUILD, then build)
#   eval "$(scripts/guest-assets.sh build)"   sets KERNEL, INITRD, BIOS, HOSTILE
# Idempotent: the .debs are cached in BUILD/guest/debs/ and every product is
# rebuilt only when missing or older than its inputs. apt-get update is run
# only when a download fails (a stale package list is the usual cause).
# Everything but the final KEY=value lines goes to stderr.
set -eu
B=${1:-${BUILD:-build}}
G=$B/guest
DEBS=$G/debs
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DEBS" "$B/roms"
B=$(cd "$B" && pwd)
G=$B/guest
DEBS=$G/debs

say() { echo "guest-assets: $*" >&2; }
die() { echo "guest-assets: $*" >&2; exit 1; }

# fetch PKG: make sure one PKG_*.deb is in $DEBS, print its path.
fetch() {
    f=$(ls "$DEBS/$1"_*.deb 2>/dev/null | tail -n 1 || true)
    if [ -z "$f" ]; then
        say "downloading $1"
        # apt-get download writes into the current directory; as root it
        # warns that _apt cannot write there, which is harmless.
        if ! (cd "$DEBS" && apt-get download "$1" >/dev/null 2>&1); then
            say "download of $1 failed: running apt-get update"
            sudo=
            [ "$(id -u)" = 0 ] || sudo=sudo
            $sudo apt-get update -q >/dev/null 2>&1 || true
            (cd "$DEBS" && apt-get download "$1" >&2) || die "cannot download $1"
        fi
        f=$(ls "$DEBS/$1"_*.deb | tail -n 1)
    fi
    echo "$f"
}

# unpack DEB DIR: dpkg-deb -x once (a stamp file remembers which .deb).
unpack() {
    if [ ! -f "$2/.from" ] || [ "$(cat "$2/.from")" != "$(basename "$1")" ]; then
        rm -rf "$2"; mkdir -p "$2"
        dpkg-deb -x "$1" "$2"
        basename "$1" > "$2/.from"
    fi
}

# The kernel: linux-image-amd64 is a meta package; its Depends names the
# real versioned one (linux-image-6.1.0-NN-amd64 on bookworm).
meta=$(fetch linux-image-amd64)
real=$(dpkg-deb -f "$meta" Depends | tr ',|' '\n\n' | sed 's/(.*//; s/ //g' |
    grep -E '^linux-image-[0-9].*-amd64$' | head -n 1)
[ -n "$real" ] || die "no versioned kernel in the Depends of $(basename "$meta")"
unpack "$(fetch "$real")" "$G/linux"
unpack "$(fetch busybox-static)" "$G/busybox"
unpack "$(fetch seabios)" "$G/seabios"

KERNEL=$(ls "$G"/linux/boot/vmlinuz-* | head -n 1)
KVER=${KERNEL##*/vmlinuz-}
MODDIR=$G/linux/lib/modules/$KVER
BUSYBOX=$G/busybox/bin/busybox
[ -f "$KERNEL" ] && [ -d "$MODDIR" ] && [ -x "$BUSYBOX" ] || die "unpacked packages look incomplete"

# Firmware: SeaBIOS is vireo's default (issue 5, Boot); the std VGA's option
# ROM beside it because SeaBIOS looks for it under the same directory.
for f in bios-256k.bin vgabios-stdvga.bin; do
    cmp -s "$G/seabios/usr/share/seabios/$f" "$B/roms/$f" ||
        cp "$G/seabios/usr/share/seabios/$f" "$B/roms/$f"
done

# --- The initramfs -----------------------------------------------------------
# Modules a later test may load, each with its depends= closure read from the
# .modinfo section of the .ko (scripts/guest-modules.inc). crc32c_generic:
# ext4's mount asks the crypto API for "crc32c" (request_module, which the
# busybox initramfs cannot serve), so it is loaded by name before a mount.
# evdev and button: busybox acpid's power button (system_powerdown).
. "$ROOT/scripts/guest-modules.inc"
WANT="virtio_pci virtio_blk virtio_net e1000 8139cp 8139too ata_piix sd_mod sr_mod cdrom ext4 crc32c_generic bochs evdev button"
INITRD=$G/initramfs.gz
STAGE=$G/initramfs
MARKER="VIREO-GUEST-READY"

if [ ! -f "$INITRD" ] || [ "$0" -nt "$INITRD" ] || [ "$KERNEL" -nt "$INITRD" ] ||
   [ "$BUSYBOX" -nt "$INITRD" ] || [ "$ROOT/scripts/guest-modules.inc" -nt "$INITRD" ]; then
    say "building $INITRD"
    rm -rf "$STAGE"
    mkdir -p "$STAGE/bin" "$STAGE/sbin" "$STAGE/proc" "$STAGE/sys" "$STAGE/dev" \
        "$STAGE/tmp" "$STAGE/root" "$STAGE/etc" "$STAGE/lib/modules/$KVER"
    cp "$BUSYBOX" "$STAGE/bin/busybox"
    for a in $("$BUSYBOX" --list); do
        [ -e "$STAGE/bin/$a" ] || ln -s busybox "$STAGE/bin/$a"
    done
    gm_stage "$MODDIR" "$STAGE" "$KVER" $WANT
    # /init: the marker line is the "first userspace line" bench/boot.sh
    # times and the tests wait for; cttyhack opens the console's real tty
    # (ttyS0) so the shell has a controlling terminal and job control.
    cat > "$STAGE/init" <<EOF
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || mdev -s
echo "$MARKER \$(uname -r) cpus=\$(nproc)"
export PS1='vireo# ' HOME=/root PATH=/bin:/sbin
cd /root
while :; do
    setsid cttyhack sh -l
    echo "init: shell exited, restarting it"
done
EOF
    chmod 755 "$STAGE/init"
    (cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
        gzip -9 > "$INITRD.tmp"
    mv "$INITRD.tmp" "$INITRD"
fi

# --- The hostile firmware (tests/guest/hostile.S) -----------------------------
# A 64 KiB image for -bios: see the comment at the top of hostile.S.
# hostile-strict.bin adds what QEMU 7.2 gets wrong (see STRICT in hostile.S).
HOSTILE=$G/hostile.bin
SRC=$ROOT/tests/guest/hostile.S
for v in 0 1; do
    out=$HOSTILE
    [ $v = 0 ] || out=$G/hostile-strict.bin
    [ ! -f "$out" ] || [ "$SRC" -nt "$out" ] || continue
    say "building $out"
    as --32 --defsym STRICT=$v -o "$G/hostile.o" "$SRC"
    ld -m elf_i386 -Ttext=0xffff0000 -e _start --oformat binary -o "$out.tmp" "$G/hostile.o"
    size=$(wc -c < "$out.tmp")
    [ "$size" = 65536 ] || die "$(basename "$out") is $size bytes, wanted 65536"
    mv "$out.tmp" "$out"
    rm -f "$G/hostile.o"
done

echo "KERNEL=$KERNEL"
echo "INITRD=$INITRD"
echo "BIOS=$B/roms/bios-256k.bin"
echo "HOSTILE=$HOSTILE"
echo "HOSTILE_STRICT=$G/hostile-strict.bin"
echo "GUEST_BUSYBOX=$BUSYBOX"
echo "MARKER=$MARKER"
