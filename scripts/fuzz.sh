#!/bin/sh
# Fuzz a target of tests/fuzz with AFL++ (Debian's afl++), instrumented with
# ASan and UBSan, starting from its kept corpus.
#   scripts/fuzz.sh [TARGET [SECONDS]]     default: qcow2 1800
# Builds BUILD_FUZZ (default build-fuzz) with afl-clang-fast, runs afl-fuzz
# for SECONDS, then prints AFL's totals. Crashes and hangs stay in
# BUILD_FUZZ/afl-TARGET/default/{crashes,hangs}: a non-empty crashes
# directory makes the exit status 1. `KEEP=1` minimises the queue with afl-cmin
# into tests/fuzz/corpus/TARGET so that make check replays it.
set -eu
T=${1:-qcow2}
SECS=${2:-1800}
BF=${BUILD_FUZZ:-build-fuzz}
command -v afl-clang-fast >/dev/null || { echo "fuzz.sh: afl-clang-fast missing (apt-get install afl++)" >&2; exit 2; }
[ -d "tests/fuzz/corpus/$T" ] || { echo "fuzz.sh: no corpus tests/fuzz/corpus/$T" >&2; exit 2; }

[ -f "$BF/config.mak" ] || BUILD=$BF ./configure --cc=afl-clang-fast --enable-sanitizers >/dev/null
AFL_QUIET=1 make -s BUILD="$BF" -j2 "$BF/tests/fuzz-$T"

OUT=$BF/afl-$T
rm -rf "$OUT"
# Reading the machine's core pattern and CPU governor is not ours to fix here.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
DICT=tests/fuzz/$T.dict
afl-fuzz -i "tests/fuzz/corpus/$T" -o "$OUT" -V "$SECS" -t 2000 -m none \
    $( [ -f "$DICT" ] && echo "-x $DICT" ) -- "$BF/tests/fuzz-$T" > "$OUT.log" 2>&1 || true

S=$OUT/default/fuzzer_stats
[ -f "$S" ] || { echo "fuzz.sh: afl-fuzz did not run; see $OUT.log" >&2; tail -n 20 "$OUT.log" >&2; exit 2; }
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg)' "$S"
if [ "${KEEP:-0}" = 1 ]; then
    rm -rf "$OUT.min"
    afl-cmin -i "$OUT/default/queue" -o "$OUT.min" -- "$BF/tests/fuzz-$T" >/dev/null 2>&1
    for f in "$OUT.min"/*; do
        # afl-cmin may hard-link an input that is already in the corpus.
        dest=tests/fuzz/corpus/$T/q-$(sha1sum "$f" | cut -c1-12)
        [ -e "$dest" ] || cp "$f" "$dest"
    done
    echo "fuzz.sh: corpus tests/fuzz/corpus/$T now has $(ls "tests/fuzz/corpus/$T" | wc -l) files"
fi
n=$(ls "$OUT/default/crashes" 2>/dev/null | grep -v README | wc -l)
[ "$n" = 0 ] || { echo "fuzz.sh: $n crashes in $OUT/default/crashes" >&2; exit 1; }
