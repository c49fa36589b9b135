# vireo-x86_64 -L SYSROOT runs dynamically linked programs: PT_INTERP is
# loaded from the sysroot, ld.so finds the program through the auxiliary
# vector and the libraries through path lookups that try the sysroot first.
# Host programs (-L /) and one compiled here run natively and under
# vireo-x86_64 with stdout and exit status compared byte for byte; a small
# sysroot in $TMP shows which copy of a path wins, also for the programs a
# guest execs. Without -L a dynamic program is refused with one line.
# VIREO_X86_64 may name another build.
B=$1
. tests/functional/lib.sh
U=${VIREO_X86_64:-$B/vireo-x86_64}
P=$B/tests/user-programs
BB=/bin/busybox

x86_64_host_or_skip "user-dynamic"
if [ ! -e /lib64/ld-linux-x86-64.so.2 ] || ! gcc -O2 -o "$TMP/auxv" tests/user/auxv.c 2>"$TMP/cc.err"; then
    echo "note: no host ld.so or dynamic gcc, user-dynamic skipped"
    finish
fi

# same NAME TIMEOUT CMD [ARGS...]: CMD natively and as vireo-x86_64 -L / CMD
same() {
    name=$1 limit=$2; shift 2
    "$@" > "$TMP/native.out" 2>"$TMP/native.err"; want=$?
    timeout "$limit" $U -L / "$@" > "$TMP/vireo.out" 2>"$TMP/vireo.err"; got=$?
    if [ "$got" = "$want" ] && cmp -s "$TMP/native.out" "$TMP/vireo.out"; then pass "$name"
    else
        fail "$name" "exit $got, native $want" "$(diff "$TMP/native.out" "$TMP/vireo.out" | head -6)" \
            "$(head -3 "$TMP/vireo.err")"
    fi
}

i=0
while [ $i -lt 2000 ]; do echo "row $i $(( (i * 7919) % 1009 ))"; i=$((i + 1)); done > "$TMP/data"
mkdir -p "$TMP/tree/sub"
echo a > "$TMP/tree/a"; echo bb > "$TMP/tree/sub/b"; ln -s a "$TMP/tree/link"

cat > "$TMP/hello.c" <<'C'
#include <stdio.h>
int main(int argc, char **argv)
{
    printf("hello, dynamic vireo\n%s\n", argc > 1 ? argv[1] : "(none)");
    return 3;
}
C
gcc -O2 -o "$TMP/hello" "$TMP/hello.c"
same user-dyn-gcc-hello 60 "$TMP/hello" world
same user-dyn-auxv 60 "$TMP/auxv"
grep -q '^AT_BASE set: 1' "$TMP/vireo.out" && grep -q '^dlopen libm: 1' "$TMP/vireo.out" &&
    pass user-dyn-auxv-values || fail user-dyn-auxv-values "$(cat "$TMP/vireo.out")"
[ -x /bin/ls ] && same user-dyn-ls 120 /bin/ls -la --time-style=+%s "$TMP/tree"
[ -x /bin/ls ] && same user-dyn-ls-missing 120 /bin/ls /nonexistent
[ -x /usr/bin/sha256sum ] && same user-dyn-sha256sum 120 /usr/bin/sha256sum "$TMP/data"
if [ -x /usr/bin/bc ]; then
    echo 'scale=500; 4*a(1)' > "$TMP/pi.bc"
    same user-dyn-bc-pi 300 /usr/bin/bc -l "$TMP/pi.bc"
    grep -q '^3.14159265358979323846' "$TMP/vireo.out" || fail user-dyn-bc-pi-digits "$(head -2 "$TMP/vireo.out")"
else
    echo "note: no /usr/bin/bc (Debian package bc), user-dyn-bc-pi skipped"
fi

# Without -L: one line naming the file, exit 1.
expect_error user-dyn-needs-sysroot "^vireo-x86_64: $TMP/hello: dynamically linked: needs -L SYSROOT\$" \
    $U "$TMP/hello"

# A sysroot of our own: its files shadow the host's, the rest falls back.
R=$TMP/root
mkdir -p "$R/etc" "$R/lib64"
echo "from the sysroot" > "$R/etc/vireo-only-here"
echo "sysroot's copy" > "$R/etc/hostname"
if [ -x $BB ]; then
    run $U -L "$R" $BB cat /etc/vireo-only-here
    [ "$rc" = 0 ] && [ "$out" = "from the sysroot" ] && pass user-dyn-sysroot-path ||
        fail user-dyn-sysroot-path "exit $rc" "$out"
    run $U -L "$R" $BB cat /etc/hostname
    [ "$rc" = 0 ] && [ "$out" = "sysroot's copy" ] && pass user-dyn-sysroot-shadows ||
        fail user-dyn-sysroot-shadows "exit $rc" "$out"
    run $U -L "$R" $BB cat "$TMP/data"
    [ "$rc" = 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 2000 ] && pass user-dyn-sysroot-fallback ||
        fail user-dyn-sysroot-fallback "exit $rc" "$(printf '%s\n' "$out" | head -3)"
fi
# PT_INTERP comes from the sysroot: a broken ld.so there is the one refused.
printf 'not a loader\n' > "$R/lib64/ld-linux-x86-64.so.2"
expect_error user-dyn-sysroot-interp "^vireo-x86_64: $R/lib64/ld-linux-x86-64.so.2: not an ELF executable\$" \
    $U -L "$R" "$TMP/hello"
# The sysroot's real loader and libraries (copies of the host's): the program runs.
cp /lib64/ld-linux-x86-64.so.2 "$R/lib64/"
run $U -L "$R" "$TMP/hello" copy
[ "$rc" = 3 ] && printf '%s\n' "$out" | grep -qx copy && pass user-dyn-sysroot-loader ||
    fail user-dyn-sysroot-loader "exit $rc" "$out"

# execve from a dynamic program: the new image keeps -L (without it, it is
# refused as dynamically linked) and its path is looked up in the sysroot.
cat > "$TMP/execer.c" <<'C'
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    fflush(stdout);
    execv(argv[1], argv + 1);
    perror("execv");
    return 127;
}
C
gcc -O2 -o "$TMP/execer" "$TMP/execer.c"
same user-dyn-exec-dynamic 60 "$TMP/execer" "$TMP/hello" passed-on
printf '#!/bin/sh\necho "script: $1"\nexit 4\n' > "$TMP/script.sh"
chmod +x "$TMP/script.sh"
[ -x /bin/sh ] && same user-dyn-exec-script 60 "$TMP/execer" "$TMP/script.sh" arg
mkdir -p "$R/usr/bin"
cp "$TMP/hello" "$R/usr/bin/vireo-hello"
run $U -L "$R" "$TMP/execer" /usr/bin/vireo-hello in-sysroot
[ "$rc" = 3 ] && printf '%s\n' "$out" | grep -qx in-sysroot && pass user-dyn-exec-sysroot-path ||
    fail user-dyn-exec-sysroot-path "exit $rc" "$out"

finish
