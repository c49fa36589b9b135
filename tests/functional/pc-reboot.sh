# -no-reboot turns a guest reset into the end of the emulator (Vireo issue 5,
# Must show): Linux's `reboot -f` (a reset through the keyboard controller,
# ACPI or 0xcf9, whichever the kernel picks) ends it with status 0 instead
# of booting the kernel a second time.
#   sh tests/functional/pc-reboot.sh BUILD       (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-reboot
pc_assets pc-reboot

pc_start reboot -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" \
    -append console=ttyS0 -nographic -no-reboot
if pc_wait "$MARKER" 180 && pc_wait 'vireo# ' 30; then pass pc-reboot-boot
else
    fail pc-reboot-boot "no '$MARKER' line and shell prompt in 180 s" "$(pc_show 25)"
    pc_quit; finish
fi
pc_send 'reboot -f'
if pc_end 60 && [ "$pc_rc" = 0 ]; then pass pc-reboot-no-reboot-exits
else fail pc-reboot-no-reboot-exits "reboot -f with -no-reboot: exit $pc_rc, wanted 0 within 60 s" "$(pc_show)"; fi
n=$(pc_count "$MARKER")
if [ "$n" = 1 ]; then pass pc-reboot-no-second-boot
else fail pc-reboot-no-second-boot "the marker appeared $n times, wanted once" "$(pc_show)"; fi
pc_no_crash pc-reboot-no-crash && pass pc-reboot-no-crash
finish
