# vireo-x86_64 runs tests/user/proc.c (fork, wait4, kill, pipes, poll,
# select, getdents64, dup3, prctl, posix_spawn, execve) with the output the
# host gives it natively.
B=$1
. tests/functional/lib.sh
U=${VIREO_X86_64:-$B/vireo-x86_64}

x86_64_host_or_skip "user-proc"
if [ ! -x /bin/busybox ] || ! cc -static -O1 -o "$TMP/proc" tests/user/proc.c 2>/dev/null; then
    echo "note: no cc -static or /bin/busybox, user-proc skipped"
    finish
fi
"$TMP/proc" "$TMP/native" > "$TMP/native.out" 2>&1; want=$?
$U "$TMP/proc" "$TMP/vireo" > "$TMP/vireo.out" 2>&1; got=$?
if [ "$got" = "$want" ] && cmp -s "$TMP/native.out" "$TMP/vireo.out"; then pass user-proc
else fail user-proc "exit $got, native $want" "$(diff "$TMP/native.out" "$TMP/vireo.out" | head -10)"; fi
finish
