#!/bin/sh
# Install every Debian package Vireo needs to build, test, benchmark and run
# its demo. Quiet and quick when all are present; needs root (or sudo) otherwise.
set -eu

# Build: compilers and libraries.
pkgs="build-essential pkg-config clang check libsdl2-dev libvncserver-dev libcapstone-dev
zlib1g-dev libslirp-dev libncurses-dev libjansson-dev libpng-dev"
# Tests and benchmarks: the reference emulator and tools, cross-building.
pkgs="$pkgs socat qemu-system-x86 qemu-utils qemu-user-static gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
# The display tests look as a person would: OCR, and a real VNC client.
pkgs="$pkgs tesseract-ocr tesseract-ocr-eng vncsnapshot python3 xorriso"
# The SDL window's test runs on a private X server and types with xdotool; curses in tmux.
pkgs="$pkgs xvfb xdotool x11-apps tmux"
# Guests: firmware, kernel and userland.
pkgs="$pkgs seabios busybox-static cpio acpica-tools"
# Boot media and file systems the storage tests build on the host: isolinux
# ISOs, syslinux on a partitioned FAT disk, ext2 images read back with debugfs.
pkgs="$pkgs isolinux syslinux syslinux-common mtools dosfstools fdisk e2fsprogs"
# Networking tests: the NICs' PXE ROMs, tap in a namespace, the host side of hostfwd.
pkgs="$pkgs ipxe-qemu iproute2 curl"

missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -n "$missing" ] || exit 0

echo "install-deps: installing:$missing"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
