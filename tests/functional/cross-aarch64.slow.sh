# The portable interpreter on another host: the whole tree cross-built for
# aarch64, replaying the differential corpus recorded on this x86-64 host
# under qemu-aarch64-static. Every recorded case must match. Then the
# aarch64 vireo-x86_64, under qemu-aarch64-static, runs the user-mode test
# scripts (VIREO_X86_64 names it): the x86-64 programs and the native
# reference results still come from this host.
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

# vireo-x86_64 for aarch64 under qemu-aarch64-static. -L points qemu at the
# aarch64 libraries; paths absent there (everything the x86-64 guest opens)
# fall back to the host's.
[ "$(od -An -tx1 -j18 -N2 "$XB/vireo-x86_64" 2>/dev/null | tr -d ' ')" = b700 ] &&
    pass cross-vireo-x86_64-is-aarch64 || fail cross-vireo-x86_64-is-aarch64
printf '#!/bin/sh\nexec qemu-aarch64-static -L /usr/aarch64-linux-gnu %s "$@"\n' \
    "$(cd "$XB" && pwd)/vireo-x86_64" > "$TMP/vireo-aarch64"
chmod +x "$TMP/vireo-aarch64"
case $(uname -m) in
x86_64|amd64)
    # vireo-x86_64's execve runs /proc/self/exe again: an aarch64 binary,
    # which this host's kernel runs only through qemu: VIREO_X86_64_EXEC
    # points execve at the wrapper instead.
    scripts="user user-signal user-programs user-dynamic user-busybox user-proc"
    t0=$(date +%s)
    for s in $scripts; do
        VIREO_X86_64=$TMP/vireo-aarch64 VIREO_X86_64_EXEC=$TMP/vireo-aarch64 \
        VIREO_THREADS_ROUNDS=100000 sh tests/functional/$s.sh "$B" \
            > "$TMP/$s.out" 2>&1
        # Each case counts again, named as the aarch64 run of it.
        sed -e 's/^PASS: /PASS: aarch64-/' -e 's/^FAIL: /FAIL: aarch64-/' "$TMP/$s.out"
        nfail=$((nfail + $(grep -c '^FAIL: ' "$TMP/$s.out")))
    done
    echo "      aarch64 user-mode scripts: $(($(date +%s) - t0)) s"
    ;;
*) echo "note: not an x86-64 host, no native reference for the aarch64 user-mode run" ;;
esac
finish
