# vireo-x86_64: static x86-64 Linux programs run, exit with their status,
# end as Linux would end them on a CPU exception, and malformed programs give
# exit 1 and one line naming the file.
B=$1
. tests/functional/lib.sh
U=$B/vireo-x86_64

# expect_status NAME STATUS STDOUT-ERE CMD...: exit STATUS and, unless the
# ERE is empty, stdout matching it
expect_status() {
    name=$1 want=$2 pat=$3; shift 3
    "$@" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
    if [ "$rc" = "$want" ] && { [ -z "$pat" ] || grep -Eq -- "$pat" "$TMP/stdout"; }; then pass "$name"
    else fail "$name" "exit $rc, wanted $want and /$pat/ on stdout" "$(head -3 "$TMP/stdout")" "$(head -3 "$TMP/stderr")"; fi
}

expect_ok user-version '^vireo-x86_64 version ' $U -version
expect_error user-no-program '^vireo-x86_64: no program' $U
expect_error user-missing '^vireo-x86_64: /nonexistent/prog: No such file or directory$' $U /nonexistent/prog

printf 'just text\n' > "$TMP/text"
expect_error user-not-elf "^vireo-x86_64: $TMP/text: not an ELF executable\$" $U "$TMP/text"

# Programs compiled here are x86-64 code: only an x86-64 host with a C
# compiler builds them.
case $(uname -m) in
x86_64|amd64) native=yes ;;
*) native=no; echo "note: not an x86-64 host, compiled-program cases skipped" ;;
esac
if [ $native = yes ]; then
    printf 'int main(void) { return 0; }\n' > "$TMP/t.c"
    if ! cc -static -O1 -o "$TMP/t" "$TMP/t.c" 2>/dev/null; then
        echo "note: cc -static does not work here, compiled-program cases skipped"
        native=no
    fi
fi
if [ $native = yes ]; then
    cat > "$TMP/hello.c" <<'C'
#include <stdio.h>
int main(int argc, char **argv)
{
    printf("hello, vireo\n%s\n", argc > 1 ? argv[1] : "(none)");
    return 3;
}
C
    printf 'int main(void) { __builtin_trap(); }\n' > "$TMP/ud2.c"
    printf 'int main(void) { *(volatile int *)16 = 1; return 0; }\n' > "$TMP/segv.c"
    cc -static -O1 -o "$TMP/hello" "$TMP/hello.c" && cc -static -O1 -o "$TMP/ud2" "$TMP/ud2.c" &&
        cc -static -O1 -o "$TMP/segv" "$TMP/segv.c"

    expect_status user-hello 3 '^hello, vireo$' $U "$TMP/hello" world
    grep -qx world "$TMP/stdout" && pass user-hello-argv || fail user-hello-argv "$(cat "$TMP/stdout")"
    if cc -static-pie -O1 -o "$TMP/hello-pie" "$TMP/hello.c" 2>/dev/null; then
        expect_status user-hello-static-pie 3 '^pie$' $U "$TMP/hello-pie" pie
    fi
    expect_status user-ud2-sigill 132 '' $U "$TMP/ud2"
    grep -q '^vireo-x86_64: guest SIGILL at rip 0x' "$TMP/stderr" && pass user-ud2-message ||
        fail user-ud2-message "$(cat "$TMP/stderr")"
    expect_status user-segv 139 '' $U "$TMP/segv"
    grep -q '^vireo-x86_64: guest SIGSEGV at rip 0x[0-9a-f]*, address 0x10$' "$TMP/stderr" &&
        pass user-segv-message || fail user-segv-message "$(cat "$TMP/stderr")"
    $U -strace "$TMP/hello" >/dev/null 2>"$TMP/strace"
    grep -q '^write(0x1, 0x[0-9a-f]*, 0x' "$TMP/strace" && pass user-strace ||
        fail user-strace "$(head -5 "$TMP/strace")"

    # Dynamic programs need the sysroot option, which is not there yet.
    if cc -O1 -o "$TMP/hello-dyn" "$TMP/hello.c" 2>/dev/null; then
        expect_error user-dynamic "^vireo-x86_64: $TMP/hello-dyn: dynamically linked: needs -L sysroot, not supported yet\$" \
            $U "$TMP/hello-dyn"
    fi

    head -c 200 "$TMP/hello" > "$TMP/truncated"
    expect_error user-truncated-elf "^vireo-x86_64: $TMP/truncated: " $U "$TMP/truncated"
fi

# Debian's busybox-static: a real program, built elsewhere.
if [ -x /bin/busybox ]; then
    expect_status user-busybox-echo 0 '^hi there$' $U /bin/busybox echo hi there
    expect_status user-busybox-true 0 '' $U /bin/busybox true
    expect_status user-busybox-false 1 '' $U /bin/busybox false
else
    fail user-busybox "/bin/busybox is missing: install busybox-static (scripts/install-deps.sh)"
fi

finish
