# vireo-x86_64 runs the C programs of tests/user/ (libm printing, long
# double, qsort/bsearch, setjmp/longjmp and SIGSEGV recovery, division
# faults, SSE4.2 string and CRC32 instructions, AES-NI, XSAVE/XRSTOR, threads with atomics)
# built here with gcc -static -O2, and busybox bc computing pi: each runs
# natively and under vireo-x86_64, and stdout and exit status must match
# byte for byte. VIREO_X86_64 names another vireo-x86_64 to run (the
# cross-built one under qemu-aarch64-static, say).
B=$1
. tests/functional/lib.sh
U=${VIREO_X86_64:-$B/vireo-x86_64}
P=$B/tests/user-programs
BB=/bin/busybox

x86_64_host_or_skip "user-programs"
mkdir -p "$P"

# build NAME [CFLAGS...]: tests/user/NAME.c into $P/NAME, rebuilt when older.
build() {
    name=$1; shift
    [ "$P/$name" -nt "tests/user/$name.c" ] && return 0
    if gcc -static -O2 "$@" -o "$P/$name" "tests/user/$name.c" -lm 2>"$TMP/cc.err"; then return 0; fi
    fail "user-prog-$name-build" "$(head -3 "$TMP/cc.err")"
    return 1
}

# same NAME TIMEOUT CMD [ARGS...]: CMD natively (with the CPU features the
# emulated CPU lacks turned off) and under vireo-x86_64 agree on stdout and
# exit status.
same() {
    name=$1 limit=$2; shift 2
    env $TUNE "$@" > "$TMP/native.out" 2>/dev/null; want=$?
    timeout "$limit" $U "$@" > "$TMP/vireo.out" 2>"$TMP/vireo.err"; got=$?
    if [ "$got" = "$want" ] && cmp -s "$TMP/native.out" "$TMP/vireo.out"; then pass "$name"
    else
        fail "$name" "exit $got, native $want ($(wc -l < "$TMP/native.out") lines native)" \
            "$(diff "$TMP/native.out" "$TMP/vireo.out" | head -6)" "$(head -3 "$TMP/vireo.err")"
    fi
}

if ! gcc -static -O2 -o "$TMP/t" -x c - 2>/dev/null <<'C'
int main(void) { return 0; }
C
then
    echo "note: gcc -static does not work here, user-programs skipped"
    finish
fi

# glibc picks libm and string routines by CPUID (sin and cos with FMA differ
# from the SSE2 ones in the last bit): the native run must take the path the
# emulated CPU's features select.
TUNE=
if build features; then
    "$P/features" > "$TMP/feat.native"
    $U "$P/features" > "$TMP/feat.vireo" 2>/dev/null || fail user-prog-features "$(cat "$TMP/feat.vireo")"
    off=$(grep -vxF -f "$TMP/feat.vireo" "$TMP/feat.native" | sed 's/^/-/' | paste -sd, -)
    [ -n "$off" ] && TUNE="GLIBC_TUNABLES=glibc.cpu.hwcaps=$off" && echo "note: native runs with $TUNE"
fi

build libm && same user-prog-libm 300 "$P/libm"
if build longdouble; then
    same user-prog-longdouble-arith 120 "$P/longdouble" arith
    same user-prog-longdouble-libm 120 "$P/longdouble" libm
fi
build sort && same user-prog-qsort 300 "$P/sort"
build jmp && same user-prog-setjmp 60 "$P/jmp"
if build divzero; then
    same user-prog-divzero-handler 60 "$P/divzero" handler
    same user-prog-divzero-zero 60 "$P/divzero" zero
    same user-prog-divzero-intmin 60 "$P/divzero" intmin
    [ "$want" = 136 ] || fail user-prog-divzero-status "native exit $want, wanted 136 (128+SIGFPE)"
fi
build sse42 -msse4.2 && same user-prog-sse42 300 "$P/sse42"
build aesni -maes -msse4.1 && same user-prog-aesni 120 "$P/aesni"
build xsave && same user-prog-xsave 60 "$P/xsave"
# Needs clone(CLONE_VM|CLONE_THREAD), futex and atomic LOCK across vCPUs.
# VIREO_THREADS_ROUNDS shrinks the 1e6 rounds per thread (the cross run).
build threads -pthread && same user-prog-threads 300 "$P/threads" "${VIREO_THREADS_ROUNDS:-1000000}"

# bc -l: pi to 500 digits from the arctangent series.
if [ -x $BB ] && $BB --list | grep -qx bc; then
    echo 'scale=500; 4*a(1)' > "$TMP/pi.bc"
    same user-prog-bb-bc-pi 300 $BB bc -l "$TMP/pi.bc"
    grep -q '^3.14159265358979323846' "$TMP/vireo.out" || fail user-prog-bb-bc-pi-digits "$(head -2 "$TMP/vireo.out")"
else
    echo "note: busybox has no bc, user-prog-bb-bc-pi skipped"
fi

finish
