# The monitor's system_reset reboots the guest, and keeps doing so (Vireo
# issue 5, Must show): under -nographic, Ctrl-a c switches to the monitor,
# `system_reset` resets the machine, Ctrl-a c returns to the console. Each
# reset must bring the initramfs's marker line back (a second reset, so a
# reset of a machine that was already reset once, included); `quit` ends
# the emulator with status 0.
#   sh tests/functional/pc-reset.sh BUILD        (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-reset
pc_assets pc-reset

pc_start reset -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" \
    -append console=ttyS0 -nographic
if pc_wait "$MARKER" 180 && pc_wait 'vireo# ' 30; then pass pc-reset-boot
else
    fail pc-reset-boot "no '$MARKER' line and shell prompt in 180 s" "$(pc_show 25)"
    pc_quit; finish
fi
for i in 2 3; do
    pc_mon system_reset
    if pc_wait "$MARKER" 180 "$i" && pc_wait 'vireo# ' 30 "$i"; then pass "pc-reset-system-reset-$((i - 1))"
    else fail "pc-reset-system-reset-$((i - 1))" "system_reset $((i - 1)): marker seen $(pc_count "$MARKER") times, wanted $i" "$(pc_show 25)"; fi
done
# The shell works after the resets.
if pc_ask AFTER 'echo $((6 * 7))' && [ "$answer" = 42 ]; then pass pc-reset-shell
else fail pc-reset-shell "echo \$((6 * 7)) after the resets: '$answer'" "$(pc_show)"; fi
printf '\001cquit\n' >&3 2>/dev/null
if pc_end 30 && [ "$pc_rc" = 0 ]; then pass pc-reset-quit
else fail pc-reset-quit "monitor quit: exit $pc_rc, wanted 0 within 30 s" "$(pc_show)"; fi
pc_no_crash pc-reset-no-crash && pass pc-reset-no-crash
finish
