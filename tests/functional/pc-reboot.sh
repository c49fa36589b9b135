# -no-reboot turns a guest reset into the end of the emulator (Vireo issue 5,
# Must show): Linux's `reboot -f` (a reset through the keyboard controller,
# ACPI or 0xcf9, whichever the kernel picks) ends it with status 0 instead
# of booting the kernel a second time.
# This boot also runs `-cpu max`: the kernel finds XSAVE in CPUID, enables
# x87|SSE in XCR0 and switches tasks with XSAVE/XRSTOR, and the guest's
# CPUID answers what the model says.
#   sh tests/functional/pc-reboot.sh BUILD       (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-reboot
pc_assets pc-reboot

pc_start reboot -M pc -cpu max -m 256 -kernel "$KERNEL" -initrd "$INITRD" \
    -append console=ttyS0 -nographic -no-reboot
if pc_wait "$MARKER" 180 && pc_wait 'vireo# ' 30; then pass pc-reboot-boot
else
    fail pc-reboot-boot "no '$MARKER' line and shell prompt in 180 s" "$(pc_show 25)"
    pc_quit; finish
fi

if pc_ask XSTATE "dmesg | grep -o 'Enabled xstate features 0x[0-9a-f]*' | cut -d' ' -f4" &&
   [ -n "$answer" ]; then pass pc-reboot-max-xsave
else fail pc-reboot-max-xsave "-cpu max: no 'Enabled xstate features' from the kernel" "$(pc_show)"; fi
# A pipeline through gzip: user code using SSE, context switches saving and
# restoring it with XSAVE.
n=20000
plain=$(seq 1 $n | md5sum | cut -d' ' -f1)
if pc_ask GZRT "seq 1 $n | gzip -6 | gunzip | md5sum | cut -d' ' -f1" 60 && [ "$answer" = "$plain" ]; then
    pass pc-reboot-max-gzip
else fail pc-reboot-max-gzip "md5 of seq|gzip|gunzip under -cpu max: '$answer', wanted $plain" "$(pc_show)"; fi

pc_send 'reboot -f'
if pc_end 60 && [ "$pc_rc" = 0 ]; then pass pc-reboot-no-reboot-exits
else fail pc-reboot-no-reboot-exits "reboot -f with -no-reboot: exit $pc_rc, wanted 0 within 60 s" "$(pc_show)"; fi
n=$(pc_count "$MARKER")
if [ "$n" = 1 ]; then pass pc-reboot-no-second-boot
else fail pc-reboot-no-second-boot "the marker appeared $n times, wanted once" "$(pc_show)"; fi
pc_no_crash pc-reboot-no-crash && pass pc-reboot-no-crash
finish
