# A file system round trip through the disk devices (Vireo issue 7, Must show
# "Boot tests": the Debian kernel mounts ext2 on virtio-blk and on IDE, writes
# a file, syncs and powers off; the host reads it back).
# The host makes four ext2 images with mke2fs (no root: -d puts a file of the
# host's in them), raw and qcow2 (vireo-img convert) on IDE (-hda, -hdb) and on
# virtio-blk. The guest loads crc32c_generic and ext4 (which serves ext2), ata_piix, sd_mod,
# virtio_pci and virtio_blk, mounts each disk, checks the host's file, writes
# its own, syncs, unmounts and powers off with -f. The host then reads the
# guest's file with debugfs (qcow2: after vireo-img convert -O raw), compares
# it, and e2fsck -fn finds the file system clean; qemu-img check passes the
# qcow2 images.
#   sh tests/functional/pc-ext2.sh BUILD     (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-ext2
pc_assets pc-ext2
IMG=${VIREO_IMG:-$B/vireo-img}
for t in mke2fs debugfs e2fsck; do
    command -v "$t" >/dev/null 2>&1 && continue
    PATH=$PATH:/sbin:/usr/sbin
    command -v "$t" >/dev/null 2>&1 ||
        { fail pc-ext2-tools "no $t (scripts/install-deps.sh installs e2fsprogs)"; finish; }
done

# pattern TAG N: lines the guest's busybox awk makes byte for byte too.
pattern() { awk -v t="$1" -v n="$2" 'BEGIN { for (i = 1; i <= n; i++) print t, sprintf("%08d", i) }'; }
md5_of() { md5sum < "$1" | cut -d' ' -f1; }

# The disks: NAME guest-device format interface.
DISKS="ideraw:sda:raw ideq:sdb:qcow2 vraw:vda:raw vq:vdb:qcow2"
args=
for d in $DISKS; do
    n=${d%%:*} fmt=${d##*:}
    mkdir -p "$TMP/src-$n"
    pattern "host$n" 2000 > "$TMP/src-$n/host.txt"
    if ! mke2fs -q -F -t ext2 -d "$TMP/src-$n" "$TMP/$n.raw" 32M >"$TMP/mk.err" 2>&1; then
        fail pc-ext2-images "mke2fs failed" "$(tail -n 3 "$TMP/mk.err")"; finish
    fi
    f=$TMP/$n.raw
    if [ "$fmt" = qcow2 ]; then
        "$IMG" convert -f raw -O qcow2 "$TMP/$n.raw" "$TMP/$n.qcow2" >/dev/null 2>&1 ||
            { fail pc-ext2-images "vireo-img convert to qcow2 failed"; finish; }
        rm -f "$TMP/$n.raw"
        f=$TMP/$n.qcow2
    fi
    case $n in
    ideraw) args="$args -drive file=$f,format=$fmt,if=ide,index=0" ;;
    ideq) args="$args -drive file=$f,format=$fmt,if=ide,index=1" ;;
    *) args="$args -drive file=$f,format=$fmt,if=virtio" ;;
    esac
done

# shellcheck disable=SC2086
pc_start ext2 -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 \
    -nographic -net none $args
if pc_wait "$MARKER" 120 && pc_wait 'vireo# ' 30; then pass pc-ext2-boot
else fail pc-ext2-boot "no '$MARKER' and shell prompt in 150 s" "$(pc_show 25)"; pc_quit; finish; fi

if pc_ask MODS 'loadmod crc32c_generic ext4 ata_piix sd_mod virtio_pci virtio_blk >/dev/null 2>&1; for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/sda ] && [ -b /dev/sdb ] && [ -b /dev/vda ] && [ -b /dev/vdb ] && break; sleep 1; done; ls /dev/sda /dev/sdb /dev/vda /dev/vdb | wc -l' 60 &&
   [ "$answer" = 4 ]; then pass pc-ext2-devices
else fail pc-ext2-devices "/dev/sda, sdb, vda, vdb: $answer of 4" "$(pc_show 25)"; fi

for d in $DISKS; do
    n=${d%%:*} dev=$(echo "$d" | cut -d: -f2)
    # Mount, read the host's file, write the guest's, unmount: one answer
    # "HOSTMD5,done" so that a failed step shows where.
    want=$(md5_of "$TMP/src-$n/host.txt")
    if pc_ask "M$n" "mkdir -p /mnt/$n && mount -t ext2 /dev/$dev /mnt/$n && h=\$(md5sum < /mnt/$n/host.txt | cut -d' ' -f1) && awk 'BEGIN { for (i = 1; i <= 30000; i++) print \"guest$n\", sprintf(\"%08d\", i) }' > /mnt/$n/f && sync && umount /mnt/$n && echo \$h,done" 90 &&
       [ "$answer" = "$want,done" ]; then pass "pc-ext2-guest-$n"
    else fail "pc-ext2-guest-$n" "mount/read/write/umount on /dev/$dev: '$answer', wanted '$want,done'" "$(pc_show)"; fi
done

pc_send 'poweroff -f'
if pc_end 60 && [ "$pc_rc" = 0 ]; then pass pc-ext2-poweroff
else fail pc-ext2-poweroff "poweroff -f: exit $pc_rc, wanted 0" "$(pc_show)"; fi
pc_no_crash pc-ext2-no-crash && pass pc-ext2-no-crash

# The host's side: the guest's file, read from the image without mounting it.
for d in $DISKS; do
    n=${d%%:*} fmt=${d##*:}
    raw=$TMP/$n.raw
    if [ "$fmt" = qcow2 ]; then
        if command -v qemu-img >/dev/null 2>&1 && ! qemu-img check -q "$TMP/$n.qcow2" >"$TMP/chk.out" 2>&1; then
            fail "pc-ext2-qemu-img-check-$n" "qemu-img check after the guest's writes" "$(head -n 5 "$TMP/chk.out")"
        else pass "pc-ext2-qemu-img-check-$n"; fi
        "$IMG" convert -O raw "$TMP/$n.qcow2" "$raw" 2>/dev/null
    fi
    pattern "guest$n" 30000 > "$TMP/want-$n"
    if debugfs -R 'cat /f' "$raw" 2>/dev/null | cmp -s - "$TMP/want-$n"; then pass "pc-ext2-host-reads-$n"
    else fail "pc-ext2-host-reads-$n" "debugfs -R 'cat /f' on the $fmt image differs from the guest's file"; fi
    if e2fsck -fn "$raw" >"$TMP/fsck.out" 2>&1; then pass "pc-ext2-fsck-$n"
    else fail "pc-ext2-fsck-$n" "e2fsck -fn finds errors" "$(tail -n 5 "$TMP/fsck.out")"; fi
done
finish
