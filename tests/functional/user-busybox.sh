# vireo-x86_64 runs busybox applets and shell scripts (fork, execve, pipes,
# wait4, directories) as the host runs them: each case runs natively and
# under vireo-x86_64, and stdout and exit status must match byte for byte.
B=$1
. tests/functional/lib.sh
U=${VIREO_X86_64:-$(cd "$B" && pwd)/vireo-x86_64}
BB=/bin/busybox

if [ ! -x $BB ]; then
    fail user-busybox "$BB is missing: install busybox-static (scripts/install-deps.sh)"
    finish
fi
case $(uname -m) in
x86_64|amd64) ;;
*) echo "note: not an x86-64 host, native busybox cannot be the reference; skipped"; finish ;;
esac

# A small input: generated lines and a tree under $TMP/tree.
i=0
while [ $i -lt 300 ]; do echo "line $(( (i * 7919) % 1000 )) of $i"; i=$((i + 1)); done > "$TMP/data"
mkdir -p "$TMP/tree/a/b" "$TMP/tree/c"
echo one > "$TMP/tree/a/f1"; echo two > "$TMP/tree/a/b/f2"; echo three > "$TMP/tree/c/f3"
cd "$TMP" || exit 1

# same NAME APPLET ARGS...: busybox APPLET natively and under vireo-x86_64
same() {
    name=$1; shift
    if ! $BB --list | grep -qx "$1"; then echo "note: busybox has no $1, $name skipped"; return; fi
    $BB "$@" > "$TMP/native.out" 2>/dev/null; want=$?
    $U $BB "$@" > "$TMP/vireo.out" 2>"$TMP/vireo.err"; got=$?
    if [ "$got" = "$want" ] && cmp -s "$TMP/native.out" "$TMP/vireo.out"; then pass "$name"
    else fail "$name" "exit $got, native $want" "$(head -3 "$TMP/vireo.out")" "$(head -3 "$TMP/vireo.err")"; fi
}

same user-bb-sha256sum sha256sum data
same user-bb-md5sum md5sum data
same user-bb-gzip sh -c "$BB gzip -9 < data | $BB gunzip | $BB sha256sum"
same user-bb-sort sort data
same user-bb-sort-n sh -c "$BB sort -k2 -n data | $BB head -5"
same user-bb-awk awk 'BEGIN{s=0; for(i=1;i<=1000;i++) s+=i*i; print s}'
same user-bb-sh-pipeline sh -c 'cat data | grep "of 1" | wc -l'
same user-bb-sh-for sh -c 'for i in 1 2 3; do echo "i=$i"; done'
same user-bb-sh-subshell sh -c '(cd tree && echo in subshell; exit 3); echo "status $?"'
same user-bb-sh-subst sh -c 'n=$(wc -l < data); echo "lines: $n"'
same user-bb-sh-arith sh -c 'echo $((7*6))'
same user-bb-sh-exit sh -c 'false || exit 7'
same user-bb-find sh -c "$BB find tree | $BB sort"
same user-bb-tar sh -c "$BB tar cf - tree | $BB tar tf - | $BB sort"
same user-bb-wc wc data
same user-bb-ls ls tree tree/a
same user-bb-seq-tail sh -c "$BB seq 1 100 | $BB tail -3"
same user-bb-script-mkdir sh -c 'mkdir -p x/y && echo hi > x/y/z && mv x/y/z x/w && rm -r x/y && ls x && rm -r x'
same user-bb-xargs sh -c "$BB seq 1 5 | $BB xargs -n 1 $BB expr 1 +"
same user-bb-missing sh -c '/nonexistent/prog; echo "status $?"'

# A "#!" script runs its interpreter under vireo-x86_64 too.
printf '#!%s sh\necho "script $1"\nexit 4\n' "$BB" > "$TMP/script"
chmod +x "$TMP/script"
same user-bb-shebang sh -c './script arg; echo "status $?"'

finish
