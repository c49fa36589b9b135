# Booting installed media through SeaBIOS (Vireo issue 7, Must show "Boot
# tests"), with no -kernel: the firmware loads a real boot loader, which loads
# the Debian kernel and the test initramfs, which prints its ready marker and
# starts a shell.
#  - cdrom: an ISO made with xorriso from Debian's isolinux (isolinux.bin with
#    a boot info table, ldlinux.c32), booted with -cdrom X.iso -boot d.
#  - hda: a raw disk with an MBR partition table (syslinux's mbr.bin), one
#    active FAT16 partition at 1 MiB made bootable with `syslinux --install`,
#    booted with -hda.
# Then the guest's shell answers, and power-off ends the emulator with 0.
#   sh tests/functional/pc-boot-media.sh BUILD   (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-boot-media
pc_assets pc-boot-media

ISOLINUX=/usr/lib/ISOLINUX/isolinux.bin
LDLINUX=/usr/lib/syslinux/modules/bios/ldlinux.c32
MBR=/usr/lib/syslinux/mbr/mbr.bin
need=
for t in xorriso syslinux mcopy mkfs.fat sfdisk; do
    command -v "$t" >/dev/null 2>&1 || need="$need $t"
done
for f in "$ISOLINUX" "$LDLINUX" "$MBR"; do [ -f "$f" ] || need="$need $f"; done
if [ -n "$need" ]; then
    fail pc-boot-media-tools "missing:$need (scripts/install-deps.sh installs isolinux, syslinux, mtools, dosfstools, fdisk)"
    finish
fi

# The same menu for both loaders: no prompt, the console on COM1 so that the
# boot loader's own lines are seen too.
cfg() {
    printf 'SERIAL 0 115200\nDEFAULT linux\nPROMPT 0\nTIMEOUT 0\nSAY %s\nLABEL linux\n  KERNEL /vmlinuz\n  APPEND initrd=/initrd.gz console=ttyS0\n' "$1"
}

# boot_to_shell NAME LOADER-LINE ARGS...: the boot loader's SAY line, the
# marker, a shell that computes, and a clean power-off.
boot_to_shell() {
    n=$1 say=$2; shift 2
    pc_start "$n" -M pc -m 256 -nographic -net none "$@"
    if pc_wait "$say" 60; then pass "pc-boot-media-$n-loader"
    else fail "pc-boot-media-$n-loader" "no '$say' from the boot loader in 60 s" "$(pc_show)"; fi
    if pc_wait "$MARKER" 150 && pc_wait 'vireo# ' 30; then pass "pc-boot-media-$n-shell"
    else fail "pc-boot-media-$n-shell" "no '$MARKER' and shell prompt" "$(pc_show 25)"; pc_quit; return; fi
    # The kernel was given the initramfs by the loader, not by -initrd: /proc/cmdline shows it.
    if pc_ask "CL$n" 'grep -c "initrd=/initrd.gz" /proc/cmdline' && [ "$answer" = 1 ] &&
       pc_ask "SUM$n" 'echo $((6 * 7))' && [ "$answer" = 42 ]; then pass "pc-boot-media-$n-cmdline"
    else fail "pc-boot-media-$n-cmdline" "the shell did not answer, or the loader's command line is not the kernel's: '$answer'" "$(pc_show)"; fi
    pc_send 'poweroff -f'
    if pc_end 60 && [ "$pc_rc" = 0 ]; then pass "pc-boot-media-$n-poweroff"
    else fail "pc-boot-media-$n-poweroff" "poweroff -f: exit $pc_rc, wanted 0" "$(pc_show)"; fi
    pc_no_crash "pc-boot-media-$n-no-crash" && pass "pc-boot-media-$n-no-crash"
}

# --- (a) isolinux ISO, -cdrom --------------------------------------------------------
mkdir -p "$TMP/iso/isolinux"
cp "$ISOLINUX" "$LDLINUX" "$TMP/iso/isolinux/"
cfg VIREO-ISOLINUX-MENU > "$TMP/iso/isolinux/isolinux.cfg"
cp "$KERNEL" "$TMP/iso/vmlinuz"
cp "$INITRD" "$TMP/iso/initrd.gz"
# -boot-info-table: isolinux.bin finds its own sector through the table
# xorriso patches into it (El Torito no-emulation mode, 4 sectors loaded).
if xorriso -as mkisofs -quiet -o "$TMP/boot.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
        -no-emul-boot -boot-load-size 4 -boot-info-table "$TMP/iso" 2>"$TMP/xorriso.err"; then
    boot_to_shell cdrom VIREO-ISOLINUX-MENU -cdrom "$TMP/boot.iso" -boot d
else fail pc-boot-media-cdrom-image "xorriso failed" "$(tail -n 3 "$TMP/xorriso.err")"; fi

# --- (b) partitioned disk with syslinux, -hda --------------------------------------------
# The partition is made as its own file (mkfs.fat, mcopy and syslinux all work
# on files, no loop device or root), then copied into the disk at 1 MiB.
# -h 2048: the BPB's hidden sectors, the partition's start, which the FAT
# boot sector adds to its sector numbers.
disk=$TMP/disk.img part=$TMP/part.img
truncate -s 64M "$disk"
truncate -s 63M "$part"
if printf 'label: dos\nstart=2048, type=6, bootable\n' | sfdisk -q "$disk" >"$TMP/mk.err" 2>&1 &&
   dd if="$MBR" of="$disk" bs=440 count=1 conv=notrunc 2>>"$TMP/mk.err" &&
   mkfs.fat -F 16 -h 2048 -n VIREO "$part" >>"$TMP/mk.err" 2>&1 &&
   syslinux --install "$part" >>"$TMP/mk.err" 2>&1 &&
   { cfg VIREO-SYSLINUX-MENU > "$TMP/syslinux.cfg"; } &&
   mcopy -i "$part" "$KERNEL" ::vmlinuz >>"$TMP/mk.err" 2>&1 &&
   mcopy -i "$part" "$INITRD" ::initrd.gz >>"$TMP/mk.err" 2>&1 &&
   mcopy -i "$part" "$TMP/syslinux.cfg" ::syslinux.cfg >>"$TMP/mk.err" 2>&1 &&
   dd if="$part" of="$disk" bs=1M seek=1 conv=notrunc 2>>"$TMP/mk.err"; then
    rm -f "$part"
    boot_to_shell hda VIREO-SYSLINUX-MENU -hda "$disk"
else fail pc-boot-media-hda-image "could not make the syslinux disk" "$(tail -n 5 "$TMP/mk.err")"; fi

# --- (c) -boot once=d: the CD this time, the disk after a reset (both present) -------
if [ -f "$TMP/boot.iso" ] && [ -f "$disk" ]; then
    pc_start once -M pc -m 256 -nographic -net none -hda "$disk" -cdrom "$TMP/boot.iso" -boot order=c,once=d
    if pc_wait VIREO-ISOLINUX-MENU 60 && pc_wait 'vireo# ' 150; then pass pc-boot-media-once-first-boot-cd
    else fail pc-boot-media-once-first-boot-cd "the first boot did not come from the CD" "$(pc_show)"; fi
    pc_mon system_reset
    if pc_wait VIREO-SYSLINUX-MENU 60; then pass pc-boot-media-once-reset-boots-disk
    else fail pc-boot-media-once-reset-boots-disk "after system_reset: no syslinux line from the disk" "$(pc_show)"; fi
    pc_quit
    pc_no_crash pc-boot-media-once-no-crash && pass pc-boot-media-once-no-crash
fi
finish
