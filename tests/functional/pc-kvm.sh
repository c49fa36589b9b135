# The KVM accelerator (Vireo issue 12): the same PC machine on /dev/kvm.
#
# Always (no KVM needed): QEMU's messages and exit 1 when /dev/kvm cannot be
# used (VIREO_KVM_DEVICE points the accelerator at another path, for this
# test only), and -accel kvm:tcg falling back to the translator with a warning.
# With a usable /dev/kvm: SeaBIOS on KVM at -smp 2 with the in-kernel
# irqchip and with kernel-irqchip=off (the AP started by INIT/SIPI), `info
# kvm`, `info registers`, system_reset, QMP query-kvm, and the hostile image
# of pc-hostile.sh. With hardware virtualization (vmx or svm in
# /proc/cpuinfo): the Debian kernel with the busybox initramfs on -accel kvm
# -cpu host at -smp 1 and 2 (nproc, a sha256sum matching the host's, info
# registers in paging mode, system_reset back to the shell, poweroff -f).
# What the host cannot run is reported as "SKIP: name: reason", never passed.
#   sh tests/functional/pc-kvm.sh BUILD
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-kvm
pc_assets pc-kvm
skip() { echo "SKIP: $1: $2"; }
# The accelerator and CPU of the guest cases; PC_KVM_ACCEL="-accel tcg"
# PC_KVM_CPU="-cpu max" dry-runs the script on the translator.
KVM_ACCEL=${PC_KVM_ACCEL:--accel kvm}
KVM_CPU=${PC_KVM_CPU:--cpu host}
VIREO_ACCEL=

# ---- Without /dev/kvm ---------------------------------------------------------------

# no_kvm NAME DEVICE LINE1 ARGS...: exit 1, and exactly QEMU's two lines.
no_kvm() {
    name=$1 dev=$2 first=$3; shift 3
    VIREO_KVM_DEVICE=$dev "$V" "$@" -nographic -net none >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
    want=$(printf '%s\n%s' "$first" "vireo: failed to initialize kvm: ${first#*: }")
    [ "$first" = "kvm version too old" ] &&
        want=$(printf '%s\n%s' "$first" "vireo: failed to initialize kvm: Inappropriate ioctl for device")
    if [ "$rc" = 1 ] && [ "$(cat "$TMP/stderr")" = "$want" ] && [ ! -s "$TMP/stdout" ]; then pass "$name"
    else fail "$name" "exit $rc, wanted 1 and the lines:" "$want" "got:" "$(cat "$TMP/stderr")"; fi
}
no_kvm pc-kvm-no-device-accel /nonexistent/kvm \
    "Could not access KVM kernel module: No such file or directory" -accel kvm
no_kvm pc-kvm-no-device-enable-kvm /nonexistent/kvm \
    "Could not access KVM kernel module: No such file or directory" -enable-kvm
no_kvm pc-kvm-no-device-machine-accel /nonexistent/kvm \
    "Could not access KVM kernel module: No such file or directory" -machine accel=kvm
# A device that is not KVM at all (ioctl fails): QEMU's "kvm version too old".
no_kvm pc-kvm-not-kvm-device /dev/null "kvm version too old" -accel kvm

# kvm:tcg: the same two lines, "falling back to tcg", and the machine runs.
VIREO_KVM_DEVICE=/nonexistent/kvm pc_start fallback -accel kvm:tcg -m 64 -nographic -net none
if pc_wait 'SeaBIOS \(version' 30 && pc_wait '^vireo: falling back to tcg$' 1 &&
   pc_wait '^vireo: failed to initialize kvm: No such file or directory$' 1; then
    pass pc-kvm-fallback-tcg
else fail pc-kvm-fallback-tcg "-accel kvm:tcg without /dev/kvm: no warning, or no SeaBIOS on tcg" "$(pc_show)"; fi
pc_mon 'info kvm'
if pc_wait '^kvm support: disabled' 10; then pass pc-kvm-fallback-info-kvm
else fail pc-kvm-fallback-info-kvm "info kvm after the fallback: not 'kvm support: disabled'" "$(pc_show)"; fi
pc_quit

# ---- Is there a KVM to run on? -------------------------------------------------------------

if [ "$KVM_ACCEL" = "-accel kvm" ]; then
    if ! err=$(exec 4<>/dev/kvm 2>&1); then
        skip pc-kvm "cannot open /dev/kvm (${err##*: }): the cases on KVM are not run"
        finish
    fi
fi

# ---- SeaBIOS on KVM ----------------------------------------------------------------------

# seabios NAME ARGS...: SeaBIOS to "No bootable device" with two vCPUs; the
# AP ran SeaBIOS's SMP start-up (INIT/SIPI) and halts in 32-bit code.
seabios() {
    n=$1; shift
    pc_start "$n" $KVM_ACCEL "$@" -smp 2 -m 128 -nographic -net none
    if pc_wait 'SeaBIOS \(version' 30 && pc_wait 'No bootable device' 60; then pass "$n-boot"
    else fail "$n-boot" "no SeaBIOS banner and 'No bootable device' in 60 s" "$(pc_show)"; pc_quit; return 1; fi
    if [ "$(pc_count '^vireo: .*(error|internal)')" = 0 ]; then pass "$n-no-error"
    else fail "$n-no-error" "$(pc_show)"; fi
    pc_mon 'info registers -a'
    if pc_wait '^CPU#1$' 10 && pc_wait '^EIP=[0-9a-f]{8} EFL=[0-9a-f]{8} .* HLT=1$' 10 &&
       pc_wait '^CS =0008 00000000 ffffffff 00c[0f]9b00 DPL=0 CS32 \[-RA\]$' 10; then
        pass "$n-ap-started"
    else fail "$n-ap-started" "info registers -a: CPU#1 not halted in SeaBIOS's 32-bit AP code" "$(pc_show 40)"; fi
}

if seabios pc-kvm-seabios; then
    pc_mon 'info kvm'
    if pc_wait '^kvm support: enabled' 10; then pass pc-kvm-info-kvm
    else fail pc-kvm-info-kvm "no 'kvm support: enabled'" "$(pc_show)"; fi
    # CPU 0 waits in SeaBIOS (real mode between retries): registers read from KVM.
    if pc_wait '^CR0=000000(1|3)[0-9a-f] CR2=' 10 2; then pass pc-kvm-info-registers
    else fail pc-kvm-info-registers "info registers: no CR0 with ET set for both CPUs" "$(pc_show 40)"; fi
    pc_mon 'system_reset'
    if pc_wait 'SeaBIOS \(version' 30 2 && pc_wait 'No bootable device' 60 2; then pass pc-kvm-system-reset
    else fail pc-kvm-system-reset "system_reset: SeaBIOS did not start again" "$(pc_show)"; fi
    if pc_quit && [ "$pc_rc" = 0 ]; then pass pc-kvm-quit
    else fail pc-kvm-quit "Ctrl-a x: exit $pc_rc, wanted 0" "$(pc_show)"; fi
fi
pc_no_crash pc-kvm-seabios-no-crash && pass pc-kvm-seabios-no-crash

# Vireo's own PIC, IO-APIC and local APICs, with KVM_INTERRUPT injection.
if seabios pc-kvm-irqchip-off -M kernel-irqchip=off; then pc_quit; fi
pc_no_crash pc-kvm-irqchip-off-no-crash && pass pc-kvm-irqchip-off-no-crash

# QMP query-kvm tells the truth.
if [ -x /usr/bin/python3 ]; then
    "$V" $KVM_ACCEL -S -display none -net none -m 64 \
        -qmp "unix:$TMP/qmp.sock,server=on,wait=off" > "$TMP/qmp.log" 2>&1 &
    qpid=$!
    reply=$(/usr/bin/python3 - "$TMP/qmp.sock" <<'PY'
import json, socket, sys, time
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); break
    except OSError:
        time.sleep(0.1)
f = s.makefile("rw")
f.readline()
for cmd in ("qmp_capabilities", "query-kvm"):
    f.write(json.dumps({"execute": cmd}) + "\n"); f.flush()
    r = json.loads(f.readline())
print(json.dumps(r.get("return"), sort_keys=True))
PY
)
    kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null
    if [ "$reply" = '{"enabled": true, "present": true}' ]; then pass pc-kvm-qmp-query-kvm
    else fail pc-kvm-qmp-query-kvm "query-kvm: '$reply', wanted enabled and present" "$(cat "$TMP/qmp.log")"; fi
fi

# Hardware virtualization, or a KVM that runs only enlightened guests
# (PVM, kvm_pvm: every mode but 64-bit user code goes through KVM's
# instruction emulator, which refuses an IRET to CPL 3 and needs hours for
# Linux's decompressor).
hw_virt=yes
grep -q -w -E 'vmx|svm' /proc/cpuinfo || hw_virt=no
why_no_hw="the host CPU has no vmx/svm flag$([ -d /sys/module/kvm_pvm ] && echo ' (this /dev/kvm is kvm_pvm)'): no general-purpose KVM"
[ "$KVM_ACCEL" != "-accel kvm" ] && hw_virt=yes

# ---- The hostile guest on KVM --------------------------------------------------------------

pc_start hostile $KVM_ACCEL -M pc -m 128 -nographic -bios "$HOSTILE"
for p in 1 2; do
    if pc_wait "HOSTILE: phase $p done" 120; then pass "pc-kvm-hostile-phase-$p"
    else fail "pc-kvm-hostile-phase-$p" "no 'HOSTILE: phase $p done'" "$(tr -d '\r' < "$pc_out" | grep -a -o 'HOSTILE: [ -~]*' | tail -n 8)"; fi
done
if [ "$hw_virt" = yes ]; then
    if pc_wait 'HOSTILE: done' 240; then pass pc-kvm-hostile-survives
    else fail pc-kvm-hostile-survives "no 'HOSTILE: done' in 240 s" "$(pc_show)"; fi
    for p in 3 4; do
        if [ "$(pc_count "HOSTILE: phase $p done")" -ge 1 ]; then pass "pc-kvm-hostile-phase-$p"
        else fail "pc-kvm-hostile-phase-$p" "no 'HOSTILE: phase $p done'"; fi
    done
    if [ "$(pc_count 'HOSTILE: restart .* phase 0x00000006')" -ge 1 ]; then pass pc-kvm-hostile-triple-fault-resets
    else fail pc-kvm-hostile-triple-fault-resets "the triple fault did not reset the machine"; fi
else
    skip pc-kvm-hostile-phases-3-5 "$why_no_hw"
fi
pc_quit
pc_no_crash pc-kvm-hostile-no-crash && pass pc-kvm-hostile-no-crash

# ---- Linux on KVM -------------------------------------------------------------------------

if [ "$hw_virt" = no ]; then
    skip pc-kvm-linux "$why_no_hw; the Linux boot cases are not run"
    finish
fi

# linux SMP: boot to the shell, then the checks of the issue.
linux() {
    n=pc-kvm-linux-smp$1
    pc_start "$n" $KVM_ACCEL $KVM_CPU -M pc -smp "$1" -m 512 -kernel "$KERNEL" -initrd "$INITRD" \
        -append console=ttyS0 -nographic
    if pc_wait "$MARKER" 120 && pc_wait 'vireo# ' 30; then pass "$n-boot"
    else fail "$n-boot" "no '$MARKER' line and shell prompt in 120 s" "$(pc_show 25)"; pc_quit; return; fi
    if pc_ask NPROC nproc && [ "$answer" = "$1" ]; then pass "$n-nproc"
    else fail "$n-nproc" "nproc: '$answer', wanted $1" "$(pc_show)"; fi
    want=$(seq 1 30000 | sha256sum | cut -d' ' -f1)
    if pc_ask SHA "seq 1 30000 > /tmp/f; sha256sum /tmp/f | cut -d' ' -f1" 60 && [ "$answer" = "$want" ]; then
        pass "$n-sha256sum"
    else fail "$n-sha256sum" "sha256 of seq 1 30000: '$answer', host $want" "$(pc_show)"; fi
    pc_mon 'info registers'
    # Long mode, paging on: CR0 has PE (bit 0) and PG (bit 31); RIP a kernel address.
    if pc_wait '^RIP=ffff[0-9a-f]{12} RFL=' 10 && pc_wait '^CR0=8[0-9a-f]{6}[13579bdf] ' 10; then
        pass "$n-info-registers"
    else fail "$n-info-registers" "info registers: no kernel RIP and CR0 with PE|PG" "$(pc_show 30)"; fi
    if [ "$1" = 2 ]; then
        pc_mon 'system_reset'
        if pc_wait "$MARKER" 120 2 && pc_wait 'vireo# ' 30 2; then pass "$n-system-reset"
        else fail "$n-system-reset" "system_reset: no second boot to the shell" "$(pc_show 25)"; fi
    fi
    pc_send 'poweroff -f'
    if pc_end 60 && [ "$pc_rc" = 0 ]; then pass "$n-poweroff"
    else fail "$n-poweroff" "poweroff -f: exit $pc_rc, wanted 0" "$(pc_show)"; fi
    pc_no_crash "$n-no-crash" && pass "$n-no-crash"
}
linux 1
linux 2
finish
