# The disk devices (Vireo issue 7, part 3, Must show), on Linux and SeaBIOS:
#  - Linux boots with -hda disk.qcow2 (made by vireo-img), -drive
#    file=x.raw,if=virtio and -cdrom x.iso; the initramfs loads ata_piix,
#    sd_mod, sr_mod, virtio_pci and virtio_blk; the guest reads a pattern the
#    host put in each image, writes a pattern of its own with dd, syncs and
#    powers off; the host finds it in the images (vireo-img convert -O raw,
#    cmp); /dev/sr0 reads the ISO's bytes.
#  - SeaBIOS boots a 512-byte boot sector from -hda boot.img and from an El
#    Torito CD (xorriso -as mkisofs -b), each printing a line on COM1.
#   sh tests/functional/pc-disk.sh BUILD      (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-disk
pc_assets pc-disk
IMG=${VIREO_IMG:-$B/vireo-img}

# --- Images -------------------------------------------------------------------
# Host patterns: text lines that tell where they were read from (awk, so
# that the guest's busybox awk makes the same bytes).
pattern() { awk -v t="$1" -v n="$2" 'BEGIN { for (i = 1; i <= n; i++) print t, sprintf("%08d", i) }'; }
pattern hostsda 3000 > "$TMP/host-sda.pat"       # at 1 MiB of the qcow2 disk
pattern hostvda 3000 > "$TMP/host-vda.pat"       # at 1 MiB of the raw disk
pattern guestsda 5000 > "$TMP/guest-sda.pat"     # the guest writes at 4 MiB
pattern guestvda 5000 > "$TMP/guest-vda.pat"
"$IMG" create -f raw "$TMP/seed.raw" 64M >/dev/null &&
dd if="$TMP/host-sda.pat" of="$TMP/seed.raw" bs=1M seek=1 conv=notrunc 2>/dev/null &&
"$IMG" convert -f raw -O qcow2 "$TMP/seed.raw" "$TMP/disk.qcow2" ||
    { fail pc-disk-images "vireo-img could not make disk.qcow2"; finish; }
"$IMG" create -f raw "$TMP/x.raw" 32M >/dev/null &&
dd if="$TMP/host-vda.pat" of="$TMP/x.raw" bs=1M seek=1 conv=notrunc 2>/dev/null ||
    { fail pc-disk-images "cannot make x.raw"; finish; }
# The CD: an ISO when xorriso is there, else a plain file of 2048-byte sectors.
mkdir -p "$TMP/iso"
pattern isofile 20000 > "$TMP/iso/data.txt"
if command -v xorriso >/dev/null 2>&1; then
    xorriso -as mkisofs -quiet -o "$TMP/x.iso" "$TMP/iso" 2>/dev/null
else
    echo "note: no xorriso, the CD-ROM is a plain file"
    cp "$TMP/iso/data.txt" "$TMP/x.iso"
    truncate -s 2M "$TMP/x.iso"
fi
iso_blocks=$(($(wc -c < "$TMP/x.iso") / 2048))
iso_md5=$(head -c $((iso_blocks * 2048)) "$TMP/x.iso" | md5sum | cut -d' ' -f1)

md5_of() { md5sum < "$1" | cut -d' ' -f1; }

# --- Linux ----------------------------------------------------------------------
pc_start disk -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 \
    -nographic -net none -hda "$TMP/disk.qcow2" \
    -drive file="$TMP/x.raw",format=raw,if=virtio -cdrom "$TMP/x.iso"
if pc_wait "$MARKER" 120 && pc_wait 'vireo# ' 30; then pass pc-disk-linux-boot
else
    fail pc-disk-linux-boot "no '$MARKER' and shell prompt in 150 s" "$(pc_show 25)"
    pc_quit; finish
fi

if pc_ask MODS 'loadmod ata_piix sd_mod sr_mod virtio_pci virtio_blk >/dev/null 2>&1; for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/sda ] && [ -b /dev/vda ] && [ -b /dev/sr0 ] && break; sleep 1; done; ls /dev/sda /dev/vda /dev/sr0 | wc -l' 60 &&
   [ "$answer" = 3 ]; then pass pc-disk-linux-devices
else fail pc-disk-linux-devices "/dev/sda, /dev/vda, /dev/sr0: $answer of 3" "$(pc_show 25)"; fi

if pc_ask SDASIZE 'cat /sys/block/sda/size' && [ "$answer" = $((64 * 2048)) ]; then
    pass pc-disk-linux-sda-size
else fail pc-disk-linux-sda-size "/sys/block/sda/size: '$answer', wanted $((64 * 2048))"; fi
if pc_ask VDASIZE 'cat /sys/block/vda/size' && [ "$answer" = $((32 * 2048)) ]; then
    pass pc-disk-linux-vda-size
else fail pc-disk-linux-vda-size "/sys/block/vda/size: '$answer', wanted $((32 * 2048))"; fi
if pc_ask SDAMODEL 'sed "s/ *\$//" /sys/block/sda/device/model | tr " " _' && [ "$answer" = QEMU_HARDDISK ]; then
    pass pc-disk-linux-sda-model
else fail pc-disk-linux-sda-model "model '$answer', wanted QEMU HARDDISK"; fi

# Reads: what the host put in the images.
for d in sda vda; do
    n=$(wc -c < "$TMP/host-$d.pat")
    want=$(md5_of "$TMP/host-$d.pat")
    if pc_ask "R$d" "dd if=/dev/$d bs=1M skip=1 count=1 2>/dev/null | head -c $n | md5sum | cut -d' ' -f1" 60 &&
       [ "$answer" = "$want" ]; then pass "pc-disk-linux-read-$d"
    else fail "pc-disk-linux-read-$d" "md5 of the host's pattern on /dev/$d: '$answer', wanted $want"; fi
done
if pc_ask SR0 "dd if=/dev/sr0 bs=2048 count=$iso_blocks 2>/dev/null | md5sum | cut -d' ' -f1" 60 &&
   [ "$answer" = "$iso_md5" ]; then pass pc-disk-linux-read-sr0
else fail pc-disk-linux-read-sr0 "md5 of /dev/sr0: '$answer', wanted the ISO's $iso_md5" "$(pc_show)"; fi

# Writes: the guest makes the same pattern the host made, at 4 MiB.
for d in sda vda; do
    if pc_ask "W$d" "awk 'BEGIN { for (i = 1; i <= 5000; i++) print \"guest$d\", sprintf(\"%08d\", i) }' | dd of=/dev/$d bs=1M seek=4 conv=fsync 2>/dev/null; sync; echo done" 60 &&
       [ "$answer" = done ]; then pass "pc-disk-linux-write-$d"
    else fail "pc-disk-linux-write-$d" "dd to /dev/$d: '$answer'" "$(pc_show)"; fi
done

pc_send 'poweroff -f'
if pc_end 60 && [ "$pc_rc" = 0 ]; then pass pc-disk-linux-poweroff
else fail pc-disk-linux-poweroff "poweroff -f: exit $pc_rc, wanted 0" "$(pc_show)"; fi
pc_no_crash pc-disk-linux-no-crash && pass pc-disk-linux-no-crash

# The host reads back what the guest wrote.
"$IMG" convert -O raw "$TMP/disk.qcow2" "$TMP/sda.out" 2>/dev/null
for d in sda vda; do
    f=$TMP/$d.out
    [ $d = vda ] && f=$TMP/x.raw
    n=$(wc -c < "$TMP/guest-$d.pat")
    if dd if="$f" bs=1M skip=4 count=1 2>/dev/null | head -c "$n" | cmp -s - "$TMP/guest-$d.pat"; then
        pass "pc-disk-image-has-guest-data-$d"
    else fail "pc-disk-image-has-guest-data-$d" "the image lacks the guest's pattern at 4 MiB"; fi
done

# --- SeaBIOS ---------------------------------------------------------------------
# bootsect TEXT FILE: a boot sector that prints TEXT on COM1 and halts:
#   xor ax,ax; mov ds,ax; mov si,msg; mov dx,0x3f8; 1: lodsb; test al,al;
#   jz 2f; out dx,al; jmp 1b; 2: cli; hlt; jmp $; msg: TEXT "\r\n\0"
bootsect() {
    { printf '\061\300\216\330\276\026\174\272\370\003\254\204\300\164\003\356\353\370\372\364\353\376'
      printf '%s\r\n\000' "$1"; } > "$2"
    truncate -s 510 "$2"
    printf '\125\252' >> "$2"
}
bootsect VIREO-HD-BOOT-OK "$TMP/boot.img"
pc_start hdboot -M pc -m 64 -nographic -net none -hda "$TMP/boot.img"
if pc_wait 'VIREO-HD-BOOT-OK' 60; then pass pc-disk-seabios-hd-boot
else fail pc-disk-seabios-hd-boot "no line from the boot sector of -hda in 60 s" "$(pc_show)"; fi
pc_quit
pc_no_crash pc-disk-seabios-hd-no-crash && pass pc-disk-seabios-hd-no-crash

if command -v xorriso >/dev/null 2>&1; then
    mkdir -p "$TMP/cd"
    bootsect VIREO-CD-BOOT-OK "$TMP/cd/boot.img"
    xorriso -as mkisofs -quiet -o "$TMP/boot.iso" -b boot.img -no-emul-boot \
        -boot-load-size 4 "$TMP/cd" 2>/dev/null
    # -boot d, with a bootable disk as well: the CD must come first.
    pc_start cdboot -M pc -m 64 -nographic -net none -hda "$TMP/boot.img" \
        -cdrom "$TMP/boot.iso" -boot d
    if pc_wait 'VIREO-CD-BOOT-OK' 60; then pass pc-disk-seabios-cd-boot
    else fail pc-disk-seabios-cd-boot "no line from the El Torito boot image in 60 s" "$(pc_show)"; fi
    pc_quit
    pc_no_crash pc-disk-seabios-cd-no-crash && pass pc-disk-seabios-cd-no-crash
else
    echo "note: no xorriso (apt-get install xorriso), the El Torito boot is not tested"
fi
finish
