#!/bin/sh
# x/FMT and xp/FMT (issue 11): every format (x d u o c i), size (b h w g),
# $registers, expressions and the error paths, on the firmware of a paused
# PC, compared line for line with QEMU 7.2 given the same commands on the
# same SeaBIOS. The memory read is the BIOS ROM and the reset vector, which
# both emulators map identically.
B=${1:-build}
. tests/functional/lib.sh
V=${VIREO_SYSTEM:-$B/vireo}
Q=$(command -v qemu-system-x86_64)

CMDS='xp/3i 0xffff0
xp/4xw 0xffff0
xp/6xb 0xffff0
xp/2xg 0xfe000
xp/3dh 0xffff0
xp/4c 0xffff5
xp/2ow 0xffff0
xp/3uh 0xffff0
x/1i $pc
x/2xw $eip
x/3ih 0xffff0
xp/20xb 0xfff00
xp/2x 0xffff0+4*2-(2|1)
xp/2dg 0xffff0
xp/ ( 0xffff0 )
x/1xw $bogus
xp/q 0
xp/2i
xp/1x 1/0'

# session EMULATOR OUT: the monitor's answers, prompts and echo left out.
session() {
    (sleep 1; printf '%s\n' "$CMDS"; sleep 1; printf 'quit\n') |
        timeout 20 "$1" -S -display none -nodefaults -bios "$BIOS" -monitor stdio 2>&1 |
        tr -d '\r' | sed 's/\x1b\[[0-9]*[A-Z]//g' | grep -a -v -E '^\(qemu\)|monitor - type' > "$2"
}

# SeaBIOS from the guest assets (fetched on first use, as the pc-* tests do).
if ! assets=$(sh scripts/guest-assets.sh "$B" 2>"$TMP/assets.err"); then
    fail monitor-x "scripts/guest-assets.sh $B failed" "$(tail -n 3 "$TMP/assets.err")"
    finish
fi
eval "$assets"
[ -f "$BIOS" ] || { fail monitor-x "no SeaBIOS at '$BIOS'"; finish; }
session "$V" "$TMP/vireo.txt"
n=$(grep -c . "$TMP/vireo.txt")
if [ "$n" -ge 25 ] && grep -q '^0x000ffff0:  ea 5b e0 00 f0  *ljmpw' "$TMP/vireo.txt"; then
    pass "x/xp answer every command ($n lines), x/i through capstone"
else
    fail "x/xp answer every command" "$n lines" "$(head -5 "$TMP/vireo.txt")"
fi
if [ -z "$Q" ]; then
    fail "x/xp as QEMU 7.2" "no qemu-system-x86_64 (Debian's qemu-system-x86)"
else
    session "$Q" "$TMP/qemu.txt"
    if diff "$TMP/qemu.txt" "$TMP/vireo.txt" > "$TMP/diff"; then pass "x/xp as QEMU 7.2, line for line"
    else fail "x/xp as QEMU 7.2, line for line" "(< qemu, > vireo)" "$(head -20 "$TMP/diff")"; fi
fi
finish
