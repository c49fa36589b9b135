# The PC machine side by side with qemu-system-x86_64 -accel tcg (Vireo issue
# 6): the same Debian kernel and busybox initramfs, -smp 1 -m 1024, in one
# run: boot to userspace, then, in the booted guest, sha256sum of 48 MiB,
# gzip -6 of 24 MiB, a fork/exec loop, an awk floating-point loop, a compiled
# integer/qsort program and a 2.5 GB dd to /dev/null. Times are the host's
# wall clock between the guest's "BENCH <name> begin/end" lines on the
# serial console (the guest's clock is not trusted). Prints seconds for each,
# the ratio vireo/qemu (lower is better) and the geometric mean, and writes
# the table to $BENCH_RESULTS (default bench/results-system.md).
#   bench/system.sh [BUILD]     BENCH_SCALE=0.1 (a quick run)  VIREO_ARGS="-accel tcg,backend=interp"
NAME=system OUT_DEFAULT=bench/results-system.md
. bench/guest-bench.inc
SHA_MB=$(n 48)
GZ_MB=$(n 24)
FORKS=$(n 2000)
AWK_N=$(n 2000000)
QSORT_N=$(n 4000000)
DD_MB=$(n 2500)

# The workloads travel in a second cpio archive appended to the initramfs
# (the kernel unpacks concatenated archives): a script and the qsort program.
mkdir -p "$TMP/root/bin"
gcc -static -O2 -o "$TMP/root/bin/vqsort" bench/guest-qsort.c || exit 1
cat > "$TMP/root/bin/vbench" <<EOF
#!/bin/sh
# Inputs first, untimed: random bytes for sha256sum, text that compresses for gzip.
dd if=/dev/urandom of=/tmp/rand bs=1048576 count=$SHA_MB 2>/dev/null
awk 'BEGIN { for (i = 0; i < $GZ_MB * 1048576 / 40; i++)
    printf "%08d lorem ipsum dolor sit amet %06d\n", i * 7919 % 100000000, i }' | head -c $((GZ_MB * 1048576)) > /tmp/text
sync
b() { name=\$1; shift; echo "BENCH \$name begin"; "\$@" > /tmp/out 2>&1; r=\$?; echo "BENCH \$name end \$r \$(tail -c 80 /tmp/out | tr -s '\n' ' ')"; }
b sha256 sha256sum /tmp/rand
b gzip sh -c 'gzip -6 -c /tmp/text | wc -c'
b forkexec sh -c 'i=0; while [ \$i -lt $FORKS ]; do /bin/true; i=\$((i + 1)); done; echo \$i'
b awk awk 'BEGIN { s = 0; for (i = 1; i <= $AWK_N; i++) s += i * 1.5 / (i + 7) - s / 1e6; printf "%.6f\n", s }'
b qsort /bin/vqsort $QSORT_N
b dd sh -c 'dd if=/dev/zero of=/dev/null bs=1048576 count=$DD_MB 2>&1 | tail -n 1'
echo "BENCH all done"
EOF
chmod +x "$TMP/root/bin/vbench"
(cd "$TMP/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$TMP/extra.gz"
cat "$INITRD" "$TMP/extra.gz" > "$TMP/initrd.gz"

now() { date +%s.%N; }

# run NAME EMULATOR ARGS...: boot, run vbench, write "name seconds" lines to
# $TMP/NAME.times ("-" for what did not finish) and the console to $TMP/NAME.log.
run() {
    name=$1; shift
    log=$TMP/$name.log times=$TMP/$name.times
    : > "$log"; : > "$times"
    rm -f "$TMP/in"; mkfifo "$TMP/in"
    t0=$(now)
    "$@" -M pc -smp 1 -m 1024 -kernel "$KERNEL" -initrd "$TMP/initrd.gz" \
        -append "console=ttyS0 quiet" -nographic < "$TMP/in" > "$log" 2>&1 &
    pid=$!
    exec 7> "$TMP/in"
    end=$(($(date +%s) + LIMIT))
    state=boot seen=0
    while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
        case $state in
        boot)
            if grep -a -q "$MARKER" "$log"; then
                echo "boot $(echo "$(now) $t0" | awk '{ printf "%.2f", $1 - $2 }')" >> "$times"
                state=prompt
            fi ;;
        prompt)
            if grep -a -q 'vireo# ' "$log"; then
                printf 'vbench\n' >&7
                state=bench
            fi ;;
        bench)
            # Timestamp each begin/end line as it appears.
            lines=$(tr -d '\r' < "$log" | grep -a -c '^BENCH ')
            while [ "$seen" -lt "$lines" ]; do
                seen=$((seen + 1))
                l=$(tr -d '\r' < "$log" | grep -a '^BENCH ' | sed -n "${seen}p")
                set -- $l
                case $3 in
                begin) eval "begin_$2=$(now)" ;;
                end)   eval "b=\$begin_$2"
                       if [ "$4" = 0 ]; then
                           echo "$2 $(echo "$(now) $b" | awk '{ printf "%.2f", $1 - $2 }')" >> "$times"
                       else echo "$2 -" >> "$times"; fi ;;
                done)  state=done ;;
                esac
            done ;;
        done) break ;;
        esac
        sleep 0.02
    done
    printf 'poweroff -f\n' >&7
    exec 7>&-
    sleep 1
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}

get() { awk -v k="$2" '$1 == k { print $2 }' "$TMP/$1.times"; }

[ -n "$Q" ] && run qemu "$Q" -accel tcg
[ -n "$Q" ] || echo "note: no qemu-system-x86_64 (package qemu-system-x86): its column is empty"
# shellcheck disable=SC2086
run vireo "$V" ${VIREO_ARGS:-}

{
    echo "### PC machine: Vireo vs qemu-system-x86_64 -accel tcg ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) CPUs)"
    echo
    echo "Debian kernel $(basename "$KERNEL"), busybox initramfs, -smp 1 -m 1024; BENCH_SCALE=$SCALE; seconds of host wall time."
    echo
    echo "| workload | qemu | vireo | vireo/qemu |"
    echo "|---|---:|---:|---:|"
    for w in "boot boot to userspace" "sha256 sha256sum ${SHA_MB} MiB" "gzip gzip -6 ${GZ_MB} MiB" \
             "forkexec fork/exec x${FORKS}" "awk awk fp loop ${AWK_N}" "qsort qsort ${QSORT_N} ints" \
             "dd dd ${DD_MB} MiB to /dev/null"; do
        k=${w%% *} label=${w#* }
        q=$(get qemu "$k") v=$(get vireo "$k")
        r=$(echo "${q:--} ${v:--}" | awk '$1 + 0 > 0 && $2 + 0 > 0 { printf "%.2f", $2 / $1; next } { print "-" }')
        echo "| $label | ${q:--} | ${v:--} | $r |"
        echo "$r" >> "$TMP/ratios"
    done
    awk '$1 + 0 > 0 { s += log($1); n++ } END { if (n) printf "| geometric mean | | | %.2f |\n", exp(s / n) }' "$TMP/ratios"
} > "$TMP/table"
cat "$TMP/table"
cp "$TMP/table" "$OUT"
for e in qemu vireo; do
    [ -f "$TMP/$e.log" ] || continue
    if ! grep -a -q 'BENCH all done' "$TMP/$e.log"; then
        echo "note: $e did not finish; last console lines:"
        tr -d '\r' < "$TMP/$e.log" | grep -a . | tail -n 5 | sed 's/^/    /'
    fi
done
