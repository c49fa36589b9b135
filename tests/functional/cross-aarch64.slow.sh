# The portable interpreter on another host: the whole tree cross-built for
# aarch64, replaying the differential corpus recorded on this x86-64 host
# under qemu-aarch64-static. Every recorded case must match.
B=$1
. tests/functional/lib.sh
XB=$B-aarch64

if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64-static >/dev/null; then
    fail cross-tools "aarch64-linux-gnu-gcc or qemu-aarch64-static missing (scripts/install-deps.sh installs them)"
    finish
fi
run env VIREO_CPU_CORPUS_OUT="$TMP/corpus.bin" "$B/tests/test-cpu"
[ "$rc" = 0 ] && pass record-corpus || fail record-corpus "$(printf '%s\n' "$out" | tail -5)"

run sh -c "BUILD=$XB ./configure --cross-prefix=aarch64-linux-gnu- --enable-werror && make BUILD=$XB -j2 all $XB/tests/cpu-replay"
[ "$rc" = 0 ] && pass cross-build || fail cross-build "$(printf '%s\n' "$out" | grep -E 'error|warning' | head -5)"
# ELF e_machine (offset 18) is 0xb7 for AArch64.
[ "$(od -An -tx1 -j18 -N2 "$XB/tests/cpu-replay" 2>/dev/null | tr -d ' ')" = b700 ] &&
    pass cross-binary-is-aarch64 || fail cross-binary-is-aarch64

run qemu-aarch64-static -L /usr/aarch64-linux-gnu "$XB/tests/cpu-replay" "$TMP/corpus.bin"
last=$(printf '%s\n' "$out" | tail -1)
echo "      aarch64 replay: $last"
case "$last" in
    *" passed, 0 failed") [ "$rc" = 0 ] && pass aarch64-replay-matches || fail aarch64-replay-matches "$last" ;;
    *) fail aarch64-replay-matches "$(printf '%s\n' "$out" | tail -5)" ;;
esac
finish
