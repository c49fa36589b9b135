# The monitor's removable media (Vireo issue 7, part 3): Linux reads an ISO
# from the IDE CD-ROM; Ctrl-a c `eject ide1-cd0` takes it out (info block:
# "[not inserted]", tray open); `change ide1-cd0 other.iso` puts another in,
# and the guest reads the new disc's bytes from /dev/sr0. A drive the guest
# holds locked refuses a plain eject with QEMU's message; `eject -f` forces
# it. An unknown drive and a missing file give QEMU's errors (a failed change
# keeps the disc that was in).
#   sh tests/functional/pc-cdrom.sh BUILD      (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-cdrom
pc_assets pc-cdrom
if ! command -v xorriso >/dev/null 2>&1; then
    fail pc-cdrom-xorriso "xorriso is missing (scripts/install-deps.sh installs it)"; finish
fi

# Two discs with different contents, sizes in whole 2 KiB sectors.
for n in a b; do
    mkdir -p "$TMP/$n"
    awk -v t="disc$n" 'BEGIN { for (i = 1; i <= 3000 + 7000 * (t == "discb"); i++) print t, i }' > "$TMP/$n/data.txt"
    xorriso -as mkisofs -quiet -o "$TMP/$n.iso" "$TMP/$n" 2>/dev/null
done
md5() { md5sum < "$TMP/$1.iso" | cut -d' ' -f1; }
blocks() { echo $(($(wc -c < "$TMP/$1.iso") / 2048)); }

pc_start cdrom -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 \
    -nographic -net none -cdrom "$TMP/a.iso"
if pc_wait "$MARKER" 120 && pc_wait 'vireo# ' 30; then pass pc-cdrom-boot
else fail pc-cdrom-boot "no shell in 150 s" "$(pc_show 25)"; pc_quit; finish; fi

# read_sr0 TAG DISC: md5 of the disc's sectors as the guest reads them (retried:
# after a change the kernel first reports the medium change).
read_sr0() {
    pc_ask "$1" "for i in 1 2 3 4 5; do s=\$(dd if=/dev/sr0 bs=2048 count=$(blocks "$2") 2>/dev/null | md5sum | cut -d' ' -f1); [ \"\$s\" = $(md5 "$2") ] && break; sleep 1; done; echo \$s" 60
}
if pc_ask MODS 'loadmod ata_piix sr_mod >/dev/null 2>&1; for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/sr0 ] && break; sleep 1; done; ls /dev/sr0' 60 &&
   [ "$answer" = /dev/sr0 ] && read_sr0 READA a && [ "$answer" = "$(md5 a)" ]; then pass pc-cdrom-read-first
else fail pc-cdrom-read-first "md5 of /dev/sr0: '$answer', wanted disc a's $(md5 a)" "$(pc_show)"; fi

pc_mon 'eject ide1-cd0'
pc_mon 'info block'
if pc_wait '^ide1-cd0: \[not inserted\]' 10 && pc_wait 'Removable device: not locked, tray open' 10; then
    pass pc-cdrom-eject
else fail pc-cdrom-eject "info block after eject: no '[not inserted]', tray open" "$(pc_show)"; fi
if pc_ask EMPTY 'dd if=/dev/sr0 bs=2048 count=1 of=/dev/null 2>/dev/null && echo read || echo none' 30 &&
   [ "$answer" = none ]; then pass pc-cdrom-empty-unreadable
else fail pc-cdrom-empty-unreadable "reading an empty drive: '$answer'" "$(pc_show)"; fi

pc_mon "change ide1-cd0 $TMP/b.iso"
if read_sr0 READB b && [ "$answer" = "$(md5 b)" ]; then pass pc-cdrom-change
else fail pc-cdrom-change "md5 of /dev/sr0 after change: '$answer', wanted disc b's $(md5 b)" "$(pc_show)"; fi

pc_mon 'eject nosuch'
pc_mon "change ide1-cd0 $TMP/missing.iso"
if pc_wait "Error: Device 'nosuch' not found" 10 &&
   pc_wait "Could not open '$TMP/missing.iso': No such file or directory" 10; then pass pc-cdrom-errors
else fail pc-cdrom-errors "no QEMU-worded errors for a missing drive and a missing file" "$(pc_show)"; fi

# The guest locks the door while it holds the device open (PREVENT ALLOW MEDIUM REMOVAL).
pc_send 'sleep 30 < /dev/sr0 &'
sleep 2
pc_mon 'eject ide1-cd0'
if pc_wait "Error: Device 'ide1-cd0' is locked and force was not specified" 10; then pass pc-cdrom-locked
else fail pc-cdrom-locked "a plain eject of a locked drive did not fail with QEMU's message" "$(pc_show)"; fi
pc_mon 'eject -f ide1-cd0'
pc_mon 'info block'
if pc_wait '^ide1-cd0: \[not inserted\]' 10 2; then pass pc-cdrom-eject-force
else fail pc-cdrom-eject-force "eject -f left the medium in" "$(pc_show)"; fi

pc_send 'poweroff -f'
if pc_end 60 && [ "$pc_rc" = 0 ]; then pass pc-cdrom-poweroff
else fail pc-cdrom-poweroff "poweroff -f: exit $pc_rc" "$(pc_show)"; fi
pc_no_crash pc-cdrom-no-crash && pass pc-cdrom-no-crash

# Without -cdrom the PC still has an empty ide1-cd0 (QEMU's default CD-ROM);
# -nodefaults leaves it out.
blocks_of() { (sleep 1; printf 'info block\nquit\n') | timeout 20 "$V" -S -display none -net none "$@" -monitor stdio 2>&1 | tr -d '\r'; }
if blocks_of | grep -q '^ide1-cd0: \[not inserted\]'; then pass pc-cdrom-default-drive
else fail pc-cdrom-default-drive "no empty ide1-cd0 without -cdrom" "$(blocks_of | head -5)"; fi
if blocks_of -nodefaults | grep -q 'ide1-cd0'; then fail pc-cdrom-nodefaults "-nodefaults still has ide1-cd0"
else pass pc-cdrom-nodefaults; fi
finish
