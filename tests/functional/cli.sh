# vireo's command line: the informational options answer, malformed input
# gives exit 1 and one line naming what is wrong, and nothing is created.
B=$1
. tests/functional/lib.sh
V=$B/vireo

expect_ok machine-help 'pc +Standard PC \(i440FX \+ PIIX, 1996\) \(default\)' $V -M help
expect_ok machine-help-long 'pc ' $V -machine help
expect_ok cpu-help 'qemu64' $V -cpu help
run $V -cpu help
for m in qemu64 max host; do
    printf '%s\n' "$out" | grep -qw "$m" && pass "cpu-help-lists-$m" || fail "cpu-help-lists-$m" "$out"
done
expect_ok version '^Vireo emulator version [0-9]+\.[0-9]+\.[0-9]+' $V -version
expect_ok nic-models 'Supported NIC models' $V -net nic,model=help
expect_ok nic-models-e1000 'e1000' $V -net nic,model=?
expect_ok device-help 'e1000' $V -device help
expect_ok help-usage 'usage: vireo \[options\] \[disk_image\]' $V -h
expect_ok help-dashdash 'usage: vireo' $V --help
expect_ok d-help 'in_asm' $V -d help

expect_error m-abc '^vireo: -m abc: ' $V -m abc
expect_error smp-0 '^vireo: -smp 0: ' $V -smp 0
expect_error unknown-option '^vireo: -frobnicate: invalid option$' $V -frobnicate
# No silent fallback: without a usable /dev/kvm (or in a build without KVM),
# -accel kvm and -enable-kvm end with "failed to initialize kvm" and exit 1.
# (pc-kvm.sh checks QEMU's exact lines and -accel kvm:tcg.)
for opt in accel enable-kvm; do
    [ $opt = accel ] && set -- -accel kvm || set -- -enable-kvm
    VIREO_KVM_DEVICE=/nonexistent/kvm $V "$@" -nographic >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
    if [ "$rc" = 1 ] && [ ! -s "$TMP/stdout" ] &&
       tail -n 1 "$TMP/stderr" | grep -Eq '^vireo: failed to initialize kvm: '; then pass "$opt-kvm-unavailable"
    else fail "$opt-kvm-unavailable" "exit $rc, wanted 1 and 'failed to initialize kvm'" "$(cat "$TMP/stderr")"; fi
done
expect_error accel-backend-bad "^vireo: -accel tcg,backend=bogus: Parameter 'backend' does not accept value 'bogus' \(expects native or interp\)\$" \
    $V -accel tcg,backend=bogus
expect_error missing-file "^vireo: -drive file=/nonexistent/disk.img: Could not open '/nonexistent/disk.img': No such file or directory\$" \
    $V -drive file=/nonexistent/disk.img
expect_error hdc-cdrom-conflict '^vireo: -cdrom b: .*(bus=1, unit=0|index=2)' $V -hdc a -cdrom b
expect_error missing-argument '^vireo: -m: requires an argument' $V -m
expect_error bad-machine '^vireo: -M nosuch' $V -M nosuch
expect_error bad-cpu '^vireo: -cpu nosuch' $V -cpu nosuch
expect_error bad-drive-key "Invalid parameter 'bogus'" $V -drive file=x,bogus=1
expect_error bad-nic-model 'nosuch' $V -net nic,model=nosuch
expect_error bad-boot-order '^vireo: -boot' $V -boot order=z
expect_error bad-uuid '^vireo: -uuid' $V -uuid not-a-uuid
expect_error bad-vnc '^vireo: -vnc' $V -vnc :abc
expect_error bad-serial '^vireo: -serial' $V -serial nosuchbackend
expect_error pending-soundhw '^vireo: -soundhw: not supported yet$' $V -soundhw ac97

# A well-formed command line with a real disk reaches the machine, which
# cannot find the firmware it is told to use; the image is untouched.
printf 'disk' > "$TMP/disk.img"
expect_error machine-no-bios "could not load PC BIOS '$TMP/no-such-bios.bin'" \
    $V -m 256 -bios "$TMP/no-such-bios.bin" "$TMP/disk.img"
[ "$(cat "$TMP/disk.img")" = disk ] && pass disk-untouched || fail disk-untouched

# -D: the log file is opened (and an unwritable one is an error).
expect_error bad-log-file "^vireo: -D /nonexistent/x.log: Could not open" $V -D /nonexistent/x.log
expect_ok user-version '^vireo-x86_64 version [0-9]' $B/vireo-x86_64 -version
finish
