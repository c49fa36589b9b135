# vireo-x86_64 side by side with qemu-x86_64 (QEMU's user mode, package
# qemu-user-static) and the host CPU, on the same x86-64 programs in the same
# run (busybox-static's applets, whose awk has no math library, and Debian's
# dynamic bc through -L /): the sizes of Vireo issue 4 (sha256sum and gzip -6 of 60 MB, an awk
# floating-point loop, bc, sort of 400k lines). Prints seconds and the
# ratios vireo/qemu and vireo/native (time; lower is better); an output that
# differs from the native one is marked. The first backend is an
# interpreter, so a full run takes many minutes: the numbers are the
# baseline for the native backend.
#   bench/user.sh [BUILD]          BENCH_SCALE=0.05 bench/user.sh   (a quick run)
B=${1:-build}
SCALE=${BENCH_SCALE:-1}
BB=/bin/busybox
V=$B/vireo-x86_64
Q=$(command -v qemu-x86_64-static || command -v qemu-x86_64)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$BB" ] || [ ! -x "$V" ]; then
    echo "user: skipped (needs $BB and $V)"
    exit 0
fi
case $(uname -m) in
x86_64|amd64) ;;
*) echo "user: skipped (the native column needs an x86-64 host)"; exit 0 ;;
esac
[ -n "$Q" ] || echo "note: no qemu-x86_64-static (package qemu-user-static): its column is empty"

# n BASE: BASE scaled by BENCH_SCALE, at least 1.
n() { awk -v b="$1" -v s="$SCALE" 'BEGIN { v = int(b * s); print v < 1 ? 1 : v }'; }
MB=$(n 60)
LINES=$(n 400000)
LOOP=$(n 500000)
DIGITS=$(n 1000)

# Inputs: random bytes; text (base64 of random bytes, which gzip can shrink
# a little); lines of numbers and words for sort.
head -c $((MB * 1024 * 1024)) /dev/urandom > "$TMP/data"
head -c $((MB * 1024 * 1024 * 3 / 4)) /dev/urandom | $BB base64 > "$TMP/text"
$BB awk -v n="$LINES" 'BEGIN { srand(1); for (i = 0; i < n; i++)
    printf "%08d %s\n", int(rand() * 100000000), substr("alpha beta gamma delta", 1 + i % 17, 5) }' > "$TMP/lines"
echo "scale=$DIGITS; 4*a(1)" > "$TMP/pi.bc"

now() { date +%s.%N; }

# time_of OUT CMD...: seconds for one run, its stdout kept in OUT.
time_of() {
    o=$1; shift
    t0=$(now)
    "$@" > "$o" 2>/dev/null || { echo fail; return; }
    t1=$(now)
    echo "$t1 $t0" | awk '{ printf "%.2f", $1 - $2 }'
}

ratio() { echo "$1 $2" | awk '$1 + 0 > 0 && $2 + 0 > 0 { printf "%.1f", $1 / $2; next } { print "-" }'; }

printf '%-28s %9s %9s %9s %11s %13s\n' workload native qemu vireo "vireo/qemu" "vireo/native"
# bench NAME [-L] CMD...: -L runs a dynamically linked CMD with the host as sysroot.
bench() {
    name=$1; shift
    L=
    [ "$1" = -L ] && { L="-L /"; shift; }
    nt=$(time_of "$TMP/out.native" "$@")
    qt=-
    if [ -n "$Q" ]; then
        qt=$(time_of "$TMP/out.qemu" "$Q" $L "$@")
        cmp -s "$TMP/out.native" "$TMP/out.qemu" || qt="$qt!"
    fi
    vt=$(time_of "$TMP/out.vireo" "$V" $L "$@")
    cmp -s "$TMP/out.native" "$TMP/out.vireo" || vt="$vt!"
    printf '%-28s %9s %9s %9s %11s %13s\n' "$name" "$nt" "$qt" "$vt" \
        "$(ratio "${vt%!}" "${qt%!}")" "$(ratio "${vt%!}" "$nt")"
}
bench "sha256sum ${MB} MB" $BB sha256sum "$TMP/data"
bench "gzip -6 ${MB} MB" $BB gzip -6 -c "$TMP/text"
bench "sort ${LINES} lines" $BB sort "$TMP/lines"
bench "awk fp loop ${LOOP}" $BB awk -v n="$LOOP" \
    'BEGIN { s = 0; for (i = 1; i <= n; i++) s += i * 1.5 / (i + 7) - s / 1e6; printf "%.6f\n", s }'
bench "busybox bc pi ${DIGITS} digits" $BB bc -l "$TMP/pi.bc"
[ -x /usr/bin/bc ] && [ -e /lib64/ld-linux-x86-64.so.2 ] &&
    bench "bc -l (dynamic) pi ${DIGITS}" -L /usr/bin/bc -l "$TMP/pi.bc"
echo "(! after a time: the output differs from the native run's)"
