# Disk throughput from inside the guest (Vireo issue 7, Must show "bench/"):
# virtio-blk and IDE, each on a raw and a qcow2 image, Vireo side by side with
# qemu-system-x86_64 -accel tcg in one run, the same Debian kernel and
# initramfs, images made fresh for each emulator (vireo-img create; qcow2
# 64 KiB clusters), default cache mode (writeback) in both.
# In the guest, bench/guest-disk.c with O_DIRECT on the block device, in this
# order on each disk: sequential 1 MiB writes over SEQ MiB (+ fsync; on qcow2
# this allocates), sequential reads of them, random 4 KiB writes (+ fsync)
# and reads within that region. Times are the guest program's own (see
# guest-disk.c: too short for the host to time from console lines); the
# table gives MiB/s (sequential) and requests/s (random), higher is better,
# and goes to $BENCH_RESULTS.
#   bench/disk.sh [BUILD]     BENCH_SCALE=0.25 (a quick run)  BENCH_RUNS=3 (median of)
NAME=disk OUT_DEFAULT=bench/results-disk.md
. bench/guest-bench.inc
RUNS=${BENCH_RUNS:-3}
IMG=${VIREO_IMG:-$B/vireo-img}
SEQ=$(n 128)        # MiB
RAND=$(n 3000)      # 4 KiB requests
DISK_MB=$((SEQ + 64))
# The disks: NAME guest-device format interface (the guest sees sda, sdb on
# IDE and vda, vdb on virtio in this order).
DISKS="ide-raw:sda:raw:ide ide-qcow2:sdb:qcow2:ide virtio-raw:vda:raw:virtio virtio-qcow2:vdb:qcow2:virtio"

mkdir -p "$TMP/root/bin"
gcc -static -O2 -o "$TMP/root/bin/vdisk" bench/guest-disk.c || exit 1
{
    echo '#!/bin/sh'
    echo 'loadmod ata_piix sd_mod virtio_pci virtio_blk >/dev/null 2>&1'
    echo 'for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/sdb ] && [ -b /dev/vdb ] && break; sleep 1; done'
    echo "b() { name=\$1; shift; echo \"BENCH \$name begin\"; \"\$@\" > /tmp/out 2>&1; r=\$?; echo \"BENCH \$name end \$r \$(tail -c 80 /tmp/out | tr -s '\\n' ' ')\"; }"
    for d in $DISKS; do
        n=${d%%:*} dev=$(echo "$d" | cut -d: -f2)
        echo "b $n.seqwrite vdisk /dev/$dev seqwrite $SEQ"
        echo "b $n.seqread vdisk /dev/$dev seqread $SEQ"
        echo "b $n.randwrite vdisk /dev/$dev randwrite $SEQ $RAND"
        echo "b $n.randread vdisk /dev/$dev randread $SEQ $RAND"
    done
    echo 'echo "BENCH all done"'
} > "$TMP/root/bin/vbench"
chmod +x "$TMP/root/bin/vbench"
(cd "$TMP/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$TMP/extra.gz"
cat "$INITRD" "$TMP/extra.gz" > "$TMP/initrd.gz"

# run NAME EMULATOR ARGS...: fresh images, boot, vbench; "name seconds" lines
# in $TMP/NAME.times ("-" for what failed), the console in $TMP/NAME.log.
run() {
    name=$1; shift
    log=$TMP/$name.log times=$TMP/$name.times
    : > "$log"; : > "$times"
    drives=
    for d in $DISKS; do
        dn=${d%%:*} fmt=$(echo "$d" | cut -d: -f3) ifc=${d##*:}
        rm -f "$TMP/$dn.img"
        "$IMG" create -f "$fmt" "$TMP/$dn.img" "${DISK_MB}M" >/dev/null || return 1
        drives="$drives -drive file=$TMP/$dn.img,format=$fmt,if=$ifc"
    done
    rm -f "$TMP/in"; mkfifo "$TMP/in"
    # shellcheck disable=SC2086
    "$@" -M pc -smp 1 -m 512 -kernel "$KERNEL" -initrd "$TMP/initrd.gz" \
        -append "console=ttyS0 quiet" -nographic -net none $drives < "$TMP/in" > "$log" 2>&1 &
    pid=$!
    exec 7> "$TMP/in"
    end=$(($(date +%s) + LIMIT))
    state=prompt seen=0
    while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
        case $state in
        prompt)
            if grep -a -q 'vireo# ' "$log"; then
                printf 'vbench\n' >&7
                state=bench
            fi ;;
        bench)
            lines=$(tr -d '\r' < "$log" | grep -a -c '^BENCH ')
            while [ "$seen" -lt "$lines" ]; do
                seen=$((seen + 1))
                l=$(tr -d '\r' < "$log" | grep -a '^BENCH ' | sed -n "${seen}p")
                set -- $l
                # "BENCH name end STATUS BYTES SECONDS"
                case $3 in
                end)   if [ "$4" = 0 ] && [ -n "${6:-}" ]; then echo "$2 $6" >> "$times"
                       else echo "$2 -" >> "$times"; fi ;;
                done)  state=done ;;
                esac
            done ;;
        done) break ;;
        esac
        sleep 0.02
    done
    printf 'poweroff -f\n' >&7
    exec 7>&-
    sleep 1
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    rm -f "$TMP"/*.img
}

# get EMULATOR KEY: the median of its rounds' seconds ("-" if one failed).
get() {
    awk -v k="$2" '$1 == k { print $2 }' "$TMP/$1.times" | sort -g |
        awk '{ v[NR] = $1; if ($1 == "-") bad = 1 } END { if (NR && !bad) print v[int((NR + 1) / 2)] }'
}
# rate SECONDS AMOUNT: AMOUNT per second, "-" when not measured.
rate() { echo "$1 $2" | awk '$1 != "-" && $1 + 0 > 0 { printf "%.1f", $2 / $1; next } { print "-" }'; }

# RUNS rounds, the emulators interleaved (a busy host slows both alike), each
# on fresh images; a cell is the median of its rounds.
[ -n "$Q" ] || echo "note: no qemu-system-x86_64 (package qemu-system-x86): its column is empty"
: > "$TMP/qemu.times"; : > "$TMP/vireo.times"
i=1
while [ "$i" -le "$RUNS" ]; do
    if [ -n "$Q" ]; then run "qemu$i" "$Q" -accel tcg; cat "$TMP/qemu$i.times" >> "$TMP/qemu.times"; fi
    # shellcheck disable=SC2086
    run "vireo$i" "$V" ${VIREO_ARGS:-}
    cat "$TMP/vireo$i.times" >> "$TMP/vireo.times"
    i=$((i + 1))
done

{
    echo "### Disks: Vireo vs qemu-system-x86_64 -accel tcg ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) CPUs)"
    echo
    echo "bench/disk.sh: O_DIRECT in the guest (bench/guest-disk.c), writes end with fsync; sequential: 1 MiB"
    echo "requests over $SEQ MiB (MiB/s); random: $RAND requests of 4 KiB (requests/s); fresh images, cache=writeback;"
    echo "BENCH_SCALE=$SCALE; median of $RUNS runs of each emulator, interleaved. Higher is better; the ratio is vireo/qemu."
    echo
    echo "| disk | test | qemu | vireo | vireo/qemu |"
    echo "|---|---|---:|---:|---:|"
    for d in $DISKS; do
        dn=${d%%:*}
        for t in seqwrite seqread randwrite randread; do
            case $t in seq*) amount=$SEQ ;; *) amount=$RAND ;; esac
            q=$(rate "$(get qemu "$dn.$t")" "$amount") v=$(rate "$(get vireo "$dn.$t")" "$amount")
            r=$(echo "$q $v" | awk '$1 + 0 > 0 && $2 + 0 > 0 { printf "%.2f", $2 / $1; next } { print "-" }')
            echo "| $dn | $t | ${q:--} | ${v:--} | $r |"
            echo "$r" >> "$TMP/ratios"
        done
    done
    awk '$1 + 0 > 0 { s += log($1); n++ } END { if (n) printf "| geometric mean | | | | %.2f |\n", exp(s / n) }' "$TMP/ratios"
} > "$TMP/table"
cat "$TMP/table"
cp "$TMP/table" "$OUT"
for log in "$TMP"/qemu*.log "$TMP"/vireo*.log; do
    [ -f "$log" ] || continue
    e=$(basename "$log" .log)
    if ! grep -a -q 'BENCH all done' "$log"; then
        echo "note: $e did not finish; last console lines:"
        tr -d '\r' < "$log" | grep -a . | tail -n 5 | sed 's/^/    /'
    fi
done
