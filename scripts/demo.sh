#!/bin/sh
# make demo: boot Debian's kernel and a busybox initramfs on Vireo's PC,
# on this terminal (Ctrl-a x quits, Ctrl-a c switches to the monitor).
# The guest assets come from Debian's archive once (scripts/guest-assets.sh).
set -eu
build=${1:-build}
eval "$(sh scripts/guest-assets.sh "$build")"
echo "+ $build/vireo -smp 2 -m 512 -kernel $KERNEL -initrd $INITRD -append console=ttyS0 -nographic"
exec "$build/vireo" -smp 2 -m 512 -kernel "$KERNEL" -initrd "$INITRD" \
    -append console=ttyS0 -nographic
