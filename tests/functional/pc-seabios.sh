# SeaBIOS alone (Vireo issue 5, Must show): with no disk and no NIC, the PC
# machine runs SeaBIOS, which prints its banner and "No bootable device." on
# the serial console under -nographic. (QEMU gives SeaBIOS the fw_cfg file
# etc/sercon-port = 0x3f8 when there is no graphical display, and SeaBIOS's
# sercon then copies its screen output to COM1; the same lines also go to
# the debug port 0x402, which this test does not need.)
#   sh tests/functional/pc-seabios.sh BUILD       (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-seabios
pc_assets pc-seabios

# -net none: otherwise the default NIC's iPXE ROM tries the network for a
# long time before SeaBIOS gives up.
pc_start seabios -M pc -m 128 -nographic -net none
if pc_wait 'SeaBIOS \(version' 30; then pass pc-seabios-banner
else fail pc-seabios-banner "no 'SeaBIOS (version' on the serial console in 30 s" "$(pc_show)"; fi
if pc_wait 'No bootable device' 60; then pass pc-seabios-no-bootable-device
else fail pc-seabios-no-bootable-device "no 'No bootable device' on the serial console in 60 s" "$(pc_show)"; fi
# Ctrl-a x quits with status 0.
if pc_quit && [ "$pc_rc" = 0 ]; then pass pc-seabios-quit
else fail pc-seabios-quit "Ctrl-a x: exit ${pc_rc}, wanted 0 within 10 s" "$(pc_show)"; fi

# Either translator backend by option (Vireo's own -accel tcg property).
case $(basename "$V") in
qemu*) ;;
*)  for be in interp native; do
        [ "$be" = native ] && [ "$(uname -m)" != x86_64 ] && continue
        pc_start "seabios-$be" -M pc -m 128 -nographic -net none -accel tcg,backend=$be
        if pc_wait 'No bootable device' 60; then pass "pc-seabios-backend-$be"
        else fail "pc-seabios-backend-$be" "-accel tcg,backend=$be: no 'No bootable device' in 60 s" "$(pc_show)"; fi
        pc_quit
    done ;;
esac
finish
