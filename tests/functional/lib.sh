# Shared helpers for functional tests (sourced). Each case prints one line,
# "PASS: name" or "FAIL: name", which scripts/run-tests.sh counts.
# Usage in a test: . tests/functional/lib.sh; B=$1 (the build directory).

: "${B:=build}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
nfail=0

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; shift; [ $# -gt 0 ] && printf '      %s\n' "$@"; nfail=$((nfail + 1)); }

# run CMD...: sets $out (stdout+stderr) and $rc
run() { out=$("$@" 2>&1); rc=$?; }

# expect_ok NAME PATTERN CMD...: exit 0 and output matching the ERE PATTERN
expect_ok() {
    name=$1 pat=$2; shift 2
    run "$@"
    if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -Eq -- "$pat"; then pass "$name"
    else fail "$name" "exit $rc, wanted 0 and /$pat/" "$(printf '%s\n' "$out" | head -5)"; fi
}

# expect_error NAME PATTERN CMD...: exit 1, exactly one line on stderr that
# matches the ERE PATTERN, nothing on stdout.
expect_error() {
    name=$1 pat=$2; shift 2
    "$@" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
    err=$(cat "$TMP/stderr")
    lines=$(wc -l < "$TMP/stderr")
    if [ "$rc" = 1 ] && [ "$lines" = 1 ] && [ ! -s "$TMP/stdout" ] && printf '%s\n' "$err" | grep -Eq -- "$pat"; then
        pass "$name"
    else
        fail "$name" "exit $rc, $lines stderr lines, wanted 1 and /$pat/" "$err" "$(head -3 "$TMP/stdout")"
    fi
}

finish() { exit $((nfail > 0)); }

# x86_64_host_or_skip NAME: programs compiled here run natively only on an
# x86-64 host; elsewhere say so and end the test.
x86_64_host_or_skip() {
    case $(uname -m) in
    x86_64|amd64) ;;
    *) echo "note: not an x86-64 host, $1 skipped"; finish ;;
    esac
}
