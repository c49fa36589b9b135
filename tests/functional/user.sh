# vireo-x86_64: static x86-64 Linux programs run, exit with their status,
# end as Linux would end them on a CPU exception, and malformed programs give
# exit 1 and one line naming the file.
B=$1
. tests/functional/lib.sh
U=${VIREO_X86_64:-$B/vireo-x86_64}

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
mkdir "$TMP/dir"
expect_error user-directory "^vireo-x86_64: $TMP/dir: Is a directory\$" $U "$TMP/dir"
: > "$TMP/empty"
expect_error user-empty-file "^vireo-x86_64: $TMP/empty: not an ELF executable\$" $U "$TMP/empty"
# A 64-bit ELF header for AArch64 (e_machine 183) and a 32-bit one.
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\267\000' > "$TMP/arm64"
head -c 64 /dev/zero >> "$TMP/arm64"
expect_error user-non-x86-elf "^vireo-x86_64: $TMP/arm64: not an x86-64 program\$" $U "$TMP/arm64"
printf '\177ELF\001\001\001\000' > "$TMP/elf32"
head -c 80 /dev/zero >> "$TMP/elf32"
expect_error user-elf32 "^vireo-x86_64: $TMP/elf32: not a 64-bit little-endian ELF file\$" $U "$TMP/elf32"

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

    # Dynamic programs need -L (user-dynamic.sh runs them with it).
    if cc -O1 -o "$TMP/hello-dyn" "$TMP/hello.c" 2>/dev/null; then
        expect_error user-dynamic "^vireo-x86_64: $TMP/hello-dyn: dynamically linked: needs -L SYSROOT\$" \
            $U "$TMP/hello-dyn"
    fi

    head -c 200 "$TMP/hello" > "$TMP/truncated"
    expect_error user-truncated-elf "^vireo-x86_64: $TMP/truncated: " $U "$TMP/truncated"
    head -c 40 "$TMP/hello" > "$TMP/truncated-header"
    expect_error user-truncated-header "^vireo-x86_64: $TMP/truncated-header: not an ELF executable\$" \
        $U "$TMP/truncated-header"

    # Garbage and privileged instructions, and a jump to unmapped memory: the
    # guest dies of the signal hardware and Linux give it, as natively.
    cat > "$TMP/bad.c" <<'C'
#include <stdlib.h>
int main(int argc, char **argv)
{
    switch (atoi(argv[1])) {
    case 0: __asm__ volatile(".byte 0x06");        /* push es: #UD in 64-bit mode */
    case 1: __asm__ volatile(".byte 0x27");        /* daa: #UD */
    case 2: __asm__ volatile(".byte 0xd6");        /* salc: #UD */
    case 3: __asm__ volatile(".byte 0xf0, 0x90");  /* lock nop: #UD */
    case 4: __asm__ volatile("hlt");               /* CPL 3: #GP, SIGSEGV */
    case 5: __asm__ volatile("cli");               /* IOPL 0: #GP, SIGSEGV */
    case 6: __asm__ volatile("mov %cr0, %rax");    /* #GP */
    case 7: ((void (*)(void))0x12345000)();       /* fetch from unmapped: #PF */
    case 8: ((void (*)(void))0x800000000000)();   /* non-canonical: #GP */
    }
    return 0;
}
C
    cc -static -O1 -o "$TMP/bad" "$TMP/bad.c"
    for k in 0 1 2 3 4 5 6 7 8; do
        "$TMP/bad" $k 2>/dev/null; want=$?
        $U "$TMP/bad" $k >/dev/null 2>"$TMP/stderr"; got=$?
        if [ "$got" = "$want" ] && [ "$got" -gt 128 ] && [ "$(wc -l < "$TMP/stderr")" = 1 ]; then pass user-bad-insn-$k
        else fail user-bad-insn-$k "exit $got, native $want" "$(head -3 "$TMP/stderr")"; fi
    done
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
