#!/bin/sh
# Run Vireo's test suites and close with one line: "N passed, N failed".
#   run-tests.sh BUILD quick|slow
# Unit tests are Check programs (build/tests/test-*); each prints
# "NN%: Checks: C, Failures: F, Errors: E". Functional tests are
# tests/functional/*.sh; each prints "PASS: name" / "FAIL: name" per case
# and gets the build directory as $1. Slow suites are named *.slow.sh.
set -u
build=${1:-build}
mode=${2:-quick}
passed=0
failed=0
failures=

count_check() {
    # $1: output of a Check program, $2: its exit status, $3: its name
    line=$(printf '%s\n' "$1" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); failures="$failures $3"; return
    fi
    c=$(printf '%s' "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    f=$(printf '%s' "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    e=$(printf '%s' "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    passed=$((passed + c - f - e))
    failed=$((failed + f + e))
    [ "$f" = 0 ] && [ "$e" = 0 ] && [ "$2" = 0 ] || failures="$failures $3"
}

# run_unit PROGRAM [LABEL]: one Check program (under the environment the
# caller exported), counted under LABEL.
run_unit() {
    name=${2:-$(basename "$1")}
    echo "== unit: $name"
    out=$(VIREO_TEST_MODE=$mode "$1" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -vE '^(Running suite|[0-9]+%: Checks)' | sed 's/^/   /'
    printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks' | sed 's/^/   /'
    count_check "$out" "$rc" "$name"
}

# run_functional SCRIPT [LABEL]
run_functional() {
    name=${2:-$(basename "$1" .sh)}
    echo "== functional: $name"
    out=$(sh "$1" "$build" 2>&1); rc=$?
    printf '%s\n' "$out" | sed 's/^/   /'
    p=$(printf '%s\n' "$out" | grep -c '^PASS: ')
    f=$(printf '%s\n' "$out" | grep -c '^FAIL: ')
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    [ "$f" = 0 ] || failures="$failures $name"
}

for t in "$build"/tests/test-*; do
    [ -x "$t" ] || continue
    run_unit "$t"
done

for s in tests/functional/*.sh; do
    [ -f "$s" ] || continue
    case "$s" in *.slow.sh) [ "$mode" = slow ] || continue ;; esac
    run_functional "$s"
done

# Both translator backends stay tested: the runs above use the default
# (native code on x86-64 hosts); the differential CPU suites and the Linux
# boot run again on the portable interpreter, which other hosts use.
if [ -z "${VIREO_TCG_BACKEND:-}" ] && [ "$(uname -m)" = x86_64 ]; then
    export VIREO_TCG_BACKEND=interp
    for t in test-cpu test-native test-seg test-cpu-edge; do
        [ -x "$build/tests/$t" ] && run_unit "$build/tests/$t" "$t[interp]"
    done
    run_functional tests/functional/pc-linux.sh "pc-linux[interp]"
    run_functional tests/functional/user-programs.sh "user-programs[interp]"
    unset VIREO_TCG_BACKEND
fi

echo
[ -z "$failures" ] || echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ -z "$failures" ]
