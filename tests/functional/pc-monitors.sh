#!/bin/sh
# Both monitors at once on a running Debian guest (issue 11, Must show): QMP
# and HMP on unix sockets, driven by plain clients (tests/functional/
# qmp-client.py, socat), while the kernel runs with -smp 2:
#   -S then cont; query-status across stop/cont from QMP and HMP, each seeing
#   the other's change; info registers shows a kernel RIP; info mtree shows
#   the machine's RAM; system_powerdown powers the guest off through ACPI
#   (busybox acpid on the power button) and Vireo exits 0 after POWERDOWN and
#   SHUTDOWN events. The same test passes on QEMU 7.2:
#   VIREO_SYSTEM=qemu-system-x86_64 sh tests/functional/pc-monitors.sh
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc
pc_skip_unless_machine pc-monitors
pc_assets pc-monitors
command -v socat >/dev/null || { fail pc-monitors "no socat (Debian's socat)"; finish; }

Q=$TMP/qmp.sock
H=$TMP/hmp.sock
qmp() { python3 tests/functional/qmp-client.py "$Q" run "$@" 2>&1; }
# hmp CMD: the HMP answer, without the banner, prompts and echo.
hmp() {
    printf '%s\n' "$1" | socat -t 3 - "UNIX-CONNECT:$H" 2>&1 | tr -d '\r' |
        grep -a -v -E '^(QEMU|Vireo) .* monitor - type|^\(qemu\) ' | grep -a -v -F -x "$1"
}
status() { qmp '{"execute":"query-status"}' | head -n 1; }

pc_start monitors -M pc -smp 2 -m 256 -kernel "$KERNEL" -initrd "$INITRD" -append console=ttyS0 \
    -display none -serial stdio -S \
    -qmp "unix:$Q,server=on,wait=off" -monitor "unix:$H,server=on,wait=off"
i=0
while [ ! -S "$Q" ] || [ ! -S "$H" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || break; sleep 0.1
done

# -S: nothing runs until cont.
s=$(status)
case $s in
*'"status": "prelaunch"'*'"running": false'*|*'"running": false'*'"status": "prelaunch"'*)
    pass "-S: QMP query-status says prelaunch" ;;
*) fail "-S: QMP query-status says prelaunch" "$s" "$(pc_show)" ;;
esac
a=$(hmp 'info status')
if [ "$a" = 'VM status: paused (prelaunch)' ]; then pass "-S: HMP info status agrees"
else fail "-S: HMP info status agrees" "$a"; fi
if [ "$(pc_count "$MARKER")" = 0 ]; then pass "-S: the guest has not run"
else fail "-S: the guest has not run" "$(pc_show)"; fi

a=$(qmp '{"execute":"cont"}')
if printf '%s\n' "$a" | grep -q '"return": {}' && pc_wait "$MARKER" 180 && pc_wait 'vireo# ' 30; then
    pass "QMP cont boots the guest"
else
    fail "QMP cont boots the guest" "$a" "$(pc_show 25)"; pc_quit; finish
fi

# stop from HMP, seen by QMP; cont from QMP, seen by HMP.
hmp stop >/dev/null
s=$(status)
case $s in
*'"status": "paused"'*) pass "HMP stop: QMP sees paused" ;;
*) fail "HMP stop: QMP sees paused" "$s" ;;
esac
qmp '{"execute":"cont"}' >/dev/null
a=$(hmp 'info status')
if [ "$a" = 'VM status: running' ]; then pass "QMP cont: HMP sees running"
else fail "QMP cont: HMP sees running" "$a"; fi
a=$(qmp '{"execute":"human-monitor-command","arguments":{"command-line":"info status"}}')
case $a in
*'"return": "VM status: running'*) pass "human-monitor-command answers as HMP does" ;;
*) fail "human-monitor-command answers as HMP does" "$a" ;;
esac

# A kernel RIP: the upper half of the address space, on both CPUs.
a=$(hmp 'info registers -a')
n=$(printf '%s\n' "$a" | grep -a -c -E '^RIP=ffffffff[0-9a-f]{8} ')
if [ "$n" = 2 ]; then pass "info registers -a: both CPUs at a kernel RIP"
else fail "info registers -a: both CPUs at a kernel RIP" "$n RIP lines in the kernel" "$(printf '%s\n' "$a" | grep -a RIP)"; fi

# x/3i $pc: the kernel's code at the RIP of CPU 0, through its page tables and capstone.
a=$(hmp 'x/3i $pc')
n=$(printf '%s\n' "$a" | grep -a -c -E '^0xffffffff[0-9a-f]{8}:  ([0-9a-f]{2} )+ +[a-z]')
if [ "$n" = 3 ]; then pass "x/3i \$pc disassembles the kernel's code"
else fail "x/3i \$pc disassembles the kernel's code" "$a"; fi

# info mtree: the 256 MiB of RAM below 4 GiB (no split at this size), and the ISA I/O space.
a=$(hmp 'info mtree')
if printf '%s\n' "$a" | grep -a -q -E '^ *0000000000000000-000000000fffffff .*ram' &&
   printf '%s\n' "$a" | grep -a -q -E '^address-space: I/O'; then
    pass "info mtree shows the RAM and the I/O space"
else
    fail "info mtree shows the RAM and the I/O space" "$(printf '%s\n' "$a" | head -n 12)"
fi

# ACPI power button -> busybox acpid -> poweroff. acpid runs
# /etc/acpi/PWRF/00000080 on the power button's key event (evdev).
pc_send 'loadmod evdev button; mkdir -p /etc/acpi/PWRF; printf "#!/bin/sh\npoweroff -f\n" > /etc/acpi/PWRF/00000080; chmod +x /etc/acpi/PWRF/00000080'
# In the foreground of a subshell: daemonized, it dies for want of /var/log.
pc_send '(acpid -f -c /etc/acpi -l /tmp/acpid.log &)'
if pc_ask ACPID 'sleep 1; pidof acpid >/dev/null && echo up' 60 && [ "$answer" = up ]; then
    pass "the guest runs acpid on the power button"
else
    fail "the guest runs acpid on the power button" "$answer" "$(pc_show)"
fi
a=$(qmp --linger 60 '{"execute":"system_powerdown"}')
pc_end 30
if printf '%s\n' "$a" | grep -q '"event": "POWERDOWN"' &&
   printf '%s\n' "$a" | grep -q '"event": "SHUTDOWN".*"reason": "guest-shutdown"' &&
   [ "$pc_rc" = 0 ]; then
    pass "system_powerdown: ACPI power-off, POWERDOWN and SHUTDOWN events, exit 0"
else
    fail "system_powerdown: ACPI power-off, POWERDOWN and SHUTDOWN events, exit 0" "exit $pc_rc" "$a" "$(pc_show)"
fi
pc_no_crash pc-monitors-no-crash && pass pc-monitors-no-crash
finish
