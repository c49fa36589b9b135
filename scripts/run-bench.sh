#!/bin/sh
# make bench: every micro-benchmark in build/bench/, then the side-by-side
# runs against QEMU (bench/*.sh: the PC machine, its boot, its disks, user mode), and
# bench/results.md with the tables of this run, its date and the machine.
set -u
build=${1:-build}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-runbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for b in "$build"/bench/bench-*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b"
done
for s in bench/*.sh; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .sh)
    echo "== $name"
    # Benchmarks that make a markdown table (system, disk) write it to $BENCH_RESULTS.
    BENCH_RESULTS=$tmp/$name.md sh "$s" "$build" | tee "$tmp/$name.out"
done
{
    echo "# Vireo benchmarks against QEMU 7.2"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(uname -m), $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo);"
    echo "$(qemu-system-x86_64 --version 2>/dev/null | head -n 1); vireo $(git describe --always --dirty 2>/dev/null)."
    echo "Written by \`make bench\` (scripts/run-bench.sh); ratios are vireo/qemu time, lower is better (disks: throughput, higher is better)."
    echo
    for name in system disk; do
        [ -f "$tmp/$name.md" ] && { cat "$tmp/$name.md"; echo; }
    done
    for name in boot user; do
        [ -f "$tmp/$name.out" ] || continue
        echo "### bench/$name.sh"
        echo
        echo '```'
        cat "$tmp/$name.out"
        echo '```'
        echo
    done
} > bench/results.md
echo "== bench/results.md written"
