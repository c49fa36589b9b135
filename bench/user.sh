# vireo-x86_64 side by side with qemu-x86_64 (QEMU's user mode) and the host
# CPU on the same busybox-static workloads, in the same run: seconds and the
# ratio Vireo / QEMU (time; lower is better). Sizes are kept modest because
# the first backend is an interpreter; the numbers are the baseline for the
# native backend.
#   bench/user.sh BUILD [MEGABYTES]
B=${1:-build}
MB=${2:-8}
BB=/bin/busybox
V=$B/vireo-x86_64
Q=$(command -v qemu-x86_64-static || command -v qemu-x86_64)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$BB" ] || [ ! -x "$V" ]; then
    echo "user: skipped (needs $BB and $V)"
    exit 0
fi

# Inputs: pseudo-random bytes, and text lines for sort.
head -c $((MB * 1024 * 1024)) /dev/urandom > "$TMP/data"
$BB awk -v n=$((MB * 20000)) 'BEGIN { srand(1); for (i = 0; i < n; i++) printf "%08d line\n", int(rand() * 100000000) }' > "$TMP/lines"

now() { date +%s.%N; }

# time_of RUNNER ARGS...: seconds for one run (stdout discarded).
time_of() {
    t0=$(now)
    "$@" > /dev/null 2>&1 || { echo fail; return; }
    t1=$(now)
    echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }'
}

printf '%-26s %9s %9s %9s %12s\n' workload native qemu vireo "vireo/qemu"
bench() {
    name=$1; shift
    n=$(time_of "$@")
    q=$( [ -n "$Q" ] && time_of "$Q" "$@" || echo "-")
    v=$(time_of "$V" "$@")
    r=$(echo "$v $q" | awk '$1 + 0 > 0 && $2 + 0 > 0 { printf "%.2f", $1 / $2; next } { print "-" }')
    printf '%-26s %9s %9s %9s %12s\n' "$name" "$n" "$q" "$v" "$r"
}
bench "sha256sum ${MB}MB" $BB sha256sum "$TMP/data"
bench "md5sum ${MB}MB" $BB md5sum "$TMP/data"
bench "gzip -6 ${MB}MB" $BB gzip -6 -c "$TMP/data"
bench "sort $((MB * 20))k lines" $BB sort "$TMP/lines"
bench "awk fp loop 100k" $BB awk 'BEGIN { s = 0; for (i = 1; i <= 100000; i++) s += i * 1.5 / 7; printf "%.6f\n", s }'
