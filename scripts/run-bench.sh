#!/bin/sh
# make bench: every micro-benchmark in build/bench/, then the side-by-side
# runs against qemu-system-x86_64 (bench/*.sh) once there is a guest to run.
set -u
build=${1:-build}
for b in "$build"/bench/bench-*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b"
done
for s in bench/*.sh; do
    [ -f "$s" ] || continue
    echo "== $(basename "$s" .sh)"
    sh "$s" "$build"
done
