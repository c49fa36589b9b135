#!/bin/sh
# make demo: what Vireo can show today. Until the PC machine lands this
# lists the machines; afterwards it boots Debian's kernel to a busybox shell.
set -eu
build=${1:-build}
echo "+ $build/vireo -M help"
"$build/vireo" -M help
echo "+ $build/vireo -cpu help"
"$build/vireo" -cpu help
echo "+ $build/vireo -version"
"$build/vireo" -version
