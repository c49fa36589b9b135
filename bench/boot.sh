# Boot time of the PC machine (Vireo issue 5, Must show): wall seconds from
# starting the emulator to the first userspace line (the initramfs's marker,
# printed by its /init) for qemu-system-x86_64 -accel tcg and for vireo, on
# the same kernel, initramfs and command line, in one run:
#   -M pc -smp 2 -m 512 -kernel bzImage -initrd initramfs.gz -append console=ttyS0 -nographic
# BOOT_RUNS runs each (default 3), the median is reported, and the ratio
# vireo/qemu (lower is better).
#   bench/boot.sh [BUILD]          VIREO_SYSTEM=... QEMU_SYSTEM=... BOOT_RUNS=5 bench/boot.sh
B=${1:-build}
RUNS=${BOOT_RUNS:-3}
LIMIT=${BOOT_TIMEOUT:-300}
V=${VIREO_SYSTEM:-$B/vireo}
Q=${QEMU_SYSTEM:-$(command -v qemu-system-x86_64)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-boot.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if ! assets=$(sh scripts/guest-assets.sh "$B" 2>"$TMP/err"); then
    echo "boot: skipped (scripts/guest-assets.sh failed: $(tail -n 1 "$TMP/err"))"
    exit 0
fi
eval "$assets"

# boot_once EMULATOR ARGS...: seconds to the marker, or "-" (no marker in
# $LIMIT s, or the emulator ended first: its last line is in $TMP/why).
boot_once() {
    out=$TMP/console
    : > "$out"
    t0=$(date +%s.%N)
    "$@" -M pc -smp 2 -m 512 -kernel "$KERNEL" -initrd "$INITRD" \
        -append console=ttyS0 -nographic < /dev/null > "$out" 2>&1 &
    pid=$!
    end=$(($(date +%s) + LIMIT))
    while :; do
        if grep -a -q "$MARKER" "$out"; then
            t1=$(date +%s.%N)
            kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
            awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'
            return
        fi
        if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$end" ]; then
            kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
            tr -d '\r' < "$out" | grep -a . | tail -n 1 > "$TMP/why"
            echo -
            return
        fi
        sleep 0.05
    done
}

# median RUNS... of numbers ("-" when any run failed).
median() {
    case " $* " in *" - "*) echo -; return ;; esac
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# series EMULATOR ARGS...: $RUNS boots, prints the runs then the median.
series() {
    runs=
    i=0
    while [ $i -lt "$RUNS" ]; do
        runs="$runs $(boot_once "$@")"
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    echo "$runs | $(median $runs)"
}

qemu_runs="- | -"
if [ -n "$Q" ]; then
    qemu_runs=$(series "$Q" -accel tcg)
else
    echo "note: no qemu-system-x86_64 (package qemu-system-x86): its column is empty"
fi

if [ -x "$V" ]; then vireo_runs=$(series "$V")
else vireo_runs="missing | missing"; fi

qm=${qemu_runs##*| } vm=${vireo_runs##*| }
ratio=-
case "$qm$vm" in
*[!0-9.]*) ;;
*) ratio=$(awk -v v="$vm" -v q="$qm" 'BEGIN { printf "%.2f", v / q }') ;;
esac

echo "boot to the first userspace line ($MARKER), seconds, $RUNS runs, median:"
echo "  kernel $(basename "$KERNEL"), -smp 2 -m 512, console=ttyS0 -nographic"
printf '  %-28s %8s   %s\n' emulator median runs
printf '  %-28s %8s  %s\n' "qemu-system-x86_64 -accel tcg" "$qm" "${qemu_runs% |*}"
printf '  %-28s %8s  %s\n' "vireo" "$vm" "${vireo_runs% |*}"
printf '  %-28s %8s\n' "ratio vireo/qemu" "$ratio"
[ ! -s "$TMP/why" ] || echo "note: a run ended without the marker; its last line: $(cat "$TMP/why")"
