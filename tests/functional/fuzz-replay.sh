#!/bin/sh
# Replays the kept fuzz corpora (tests/fuzz/corpus/TARGET) through their
# targets (build/tests/fuzz-TARGET): every input that once crashed, hung or
# grew an image must now end cleanly, and the valid seeds must still open
# (a target that rejects everything would pass the first check and fuzz
# nothing; inputs named seed-* are such valid ones). scripts/fuzz.sh grows
# the corpora.
. tests/functional/lib.sh
B=${1:-build}

for dir in tests/fuzz/corpus/*/; do
    t=$(basename "$dir")
    prog=$B/tests/fuzz-$t
    if [ ! -x "$prog" ]; then
        fail "fuzz-$t: replay" "no $prog (make build-tests)"
        continue
    fi
    n=$(ls "$dir" | wc -l)
    seeds=$(ls "$dir" | grep -c '^seed-')
    out=$(TMPDIR=$TMP timeout 120 "$prog" "$dir"* 2>"$TMP/$t.err"); rc=$?
    if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q "^fuzz-$t: $n inputs, .* no crash$"; then
        pass "fuzz-$t: $n corpus inputs end cleanly"
    else
        fail "fuzz-$t: $n corpus inputs end cleanly" "exit $rc" "$out" "$(tail -n 3 "$TMP/$t.err")"
    fi
    # "accepted": an image that opened, a monitor command that succeeded.
    ok=$(printf '%s\n' "$out" | sed -n 's/.* inputs, \([0-9]*\) accepted.*/\1/p')
    if [ -n "$ok" ] && [ "$seeds" -gt 0 ] && [ "$ok" -ge "$seeds" ]; then
        pass "fuzz-$t: the $seeds valid seeds are accepted ($ok inputs were)"
    else
        fail "fuzz-$t: the $seeds valid seeds are accepted" "accepted: ${ok:-?}"
    fi
done
finish
