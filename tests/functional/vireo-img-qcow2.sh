# vireo-img and qcow2: images pass back and forth with qemu-img 7.2, both ways.
# Vireo's images must pass `qemu-img check` and read back byte for byte through
# `qemu-img convert -O raw`; qemu-img's images must read back through vireo-img.
B=$1
. tests/functional/lib.sh
IMG=$B/vireo-img

if ! command -v qemu-img >/dev/null || ! command -v qemu-io >/dev/null; then
    fail qemu-utils-present "qemu-img/qemu-io not installed (scripts/install-deps.sh installs qemu-utils)"
    finish
fi

# qcheck NAME FILE: qemu-img check finds nothing.
qcheck() {
    run qemu-img check "$2"
    if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q '^No errors were found'; then pass "$1"
    else fail "$1" "qemu-img check exit $rc" "$(printf '%s\n' "$out" | head -5)"; fi
}

# same NAME A B: files identical.
same() {
    if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(cmp "$2" "$3" 2>&1 | head -1)"; fi
}

# qread NAME IMAGE EXPECTED_RAW: qemu-img reads the image as the raw file.
qread() {
    rm -f "$TMP/qread.raw"
    qemu-img convert -O raw "$2" "$TMP/qread.raw" && same "$1" "$TMP/qread.raw" "$3" || fail "$1" "qemu-img convert failed"
}

# vread NAME IMAGE EXPECTED_RAW: vireo-img reads the image as the raw file.
vread() {
    rm -f "$TMP/vread.raw"
    if $IMG convert -O raw "$2" "$TMP/vread.raw"; then same "$1" "$TMP/vread.raw" "$3"
    else fail "$1" "vireo-img convert exit $?"; fi
}

# json_common A B: the "key": value lines whose key both outputs have, in both; equal?
json_keys() { sed -e 's/^ *//' -e 's/,$//' "$1" | grep '^"[a-z-]*": [^{[]' | sort; }
json_same() {
    json_keys "$2" > "$TMP/k1"; json_keys "$3" > "$TMP/k2"
    cut -d: -f1 "$TMP/k1" | sort -u > "$TMP/n1"; cut -d: -f1 "$TMP/k2" | sort -u > "$TMP/n2"
    comm -12 "$TMP/n1" "$TMP/n2" > "$TMP/both"
    grep -F -f "$TMP/both" "$TMP/k1" > "$TMP/c1"; grep -F -f "$TMP/both" "$TMP/k2" > "$TMP/c2"
    if [ -s "$TMP/both" ] && cmp -s "$TMP/c1" "$TMP/c2"; then pass "$1"
    else fail "$1" "$(diff "$TMP/c1" "$TMP/c2" | head -6)"; fi
}

info_same() {
    qemu-img info --output=json "$2" > "$TMP/qj" 2>&1
    $IMG info --output=json "$2" > "$TMP/vj" 2>&1
    json_same "$1-json" "$TMP/qj" "$TMP/vj"
    qemu-img info "$2" > "$TMP/qh" 2>&1
    $IMG info "$2" > "$TMP/vh" 2>&1
    same "$1-human" "$TMP/qh" "$TMP/vh"
}

# Known data: random, with a hole of zeroes in the middle (the output stays sparse),
# 6816256 bytes: 104 clusters and a partial one.
D=$TMP/data.raw
head -c 3145728 /dev/urandom > "$D"
dd if=/dev/zero bs=65536 count=40 2>/dev/null >> "$D"
head -c 1049088 /dev/urandom >> "$D"
SIZE=$(stat -c %s "$D")

# ---- Vireo writes, qemu-img reads ----
cd "$TMP" || exit 1
expect_ok create-qcow2 "^Formatting 'new.qcow2', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=1048576 lazy_refcounts=off refcount_bits=16\$" \
    $OLDPWD/$IMG create -f qcow2 new.qcow2 1M
cd "$OLDPWD" || exit 1
run qemu-img create -f qcow2 "$TMP/ref.qcow2" 1M
expect_ok create-line-as-qemu "fmt=qcow2 .* size=67108864 compat=0.10 backing_file=new.qcow2 backing_fmt=qcow2 lazy_refcounts=off" \
    $IMG create -f qcow2 -o compat=0.10 -b new.qcow2 -F qcow2 "$TMP/bk.qcow2" 64M
qcheck create-empty-clean "$TMP/new.qcow2"
info_same info-empty "$TMP/new.qcow2"

$IMG convert -O qcow2 "$D" "$TMP/plain.qcow2" && pass convert-to-qcow2 || fail convert-to-qcow2
qcheck plain-qemu-check "$TMP/plain.qcow2"
qread plain-qemu-reads "$TMP/plain.qcow2" "$D"
vread plain-vireo-reads "$TMP/plain.qcow2" "$D"
info_same info-plain "$TMP/plain.qcow2"
run qemu-img check --output=json "$TMP/plain.qcow2"; printf '%s\n' "$out" > "$TMP/qc"
run $IMG check --output=json "$TMP/plain.qcow2"; printf '%s\n' "$out" > "$TMP/vc"
same check-json-as-qemu "$TMP/qc" "$TMP/vc"
qemu-img check "$TMP/plain.qcow2" > "$TMP/qc" 2>&1; $IMG check "$TMP/plain.qcow2" > "$TMP/vc" 2>&1
same check-human-as-qemu "$TMP/qc" "$TMP/vc"
blocks=$(stat -c %b "$TMP/plain.qcow2")
[ "$blocks" -lt 10000 ] && pass convert-sparse || fail convert-sparse "$blocks blocks"

for o in "compat=0.10" "cluster_size=4096,refcount_bits=8" "cluster_size=512,refcount_bits=1" \
         "preallocation=metadata" "lazy_refcounts=on"; do
    name=opts-$(printf '%s' "$o" | tr ',=' '--')
    rm -f "$TMP/o.qcow2"
    if $IMG convert -O qcow2 -o "$o" "$D" "$TMP/o.qcow2"; then
        qcheck "$name-check" "$TMP/o.qcow2"; qread "$name-read" "$TMP/o.qcow2" "$D"
    else fail "$name" "convert -o $o failed"; fi
done

$IMG convert -c -O qcow2 "$D" "$TMP/comp.qcow2" && pass convert-compressed || fail convert-compressed
qcheck compressed-qemu-check "$TMP/comp.qcow2"
qread compressed-qemu-reads "$TMP/comp.qcow2" "$D"
# Compressible data really is compressed.
yes vireo | head -c 2097152 > "$TMP/text.raw"
$IMG convert -c -O qcow2 "$TMP/text.raw" "$TMP/text.qcow2"
run qemu-img check "$TMP/text.qcow2"
printf '%s\n' "$out" | grep -q '32/32 = 100.00% allocated, 100.00% fragmented, 100.00% compressed' \
    && pass compressed-clusters-counted || fail compressed-clusters-counted "$out"
qread compressed-text-reads "$TMP/text.qcow2" "$TMP/text.raw"
[ "$(stat -c %s "$TMP/text.qcow2")" -lt 400000 ] && pass compressed-small || fail compressed-small

# Backing file: only what differs is stored in the overlay.
cp "$D" "$TMP/mod.raw"
printf 'changed by vireo' | dd of="$TMP/mod.raw" bs=1 seek=70000 conv=notrunc 2>/dev/null
dd if=/dev/urandom of="$TMP/mod.raw" bs=65536 seek=50 count=2 conv=notrunc 2>/dev/null
$IMG convert -O qcow2 -B plain.qcow2 "$TMP/mod.raw" "$TMP/over.qcow2" && pass convert-with-backing || fail convert-with-backing
qcheck backing-qemu-check "$TMP/over.qcow2"
qread backing-qemu-reads "$TMP/over.qcow2" "$TMP/mod.raw"
run qemu-img check "$TMP/over.qcow2"
printf '%s\n' "$out" | grep -q '^3/105 = ' && pass backing-only-differences || fail backing-only-differences "$out"
info_same info-backing "$TMP/over.qcow2"
qemu-img info --backing-chain --output=json "$TMP/over.qcow2" > "$TMP/qj"
$IMG info --backing-chain --output=json "$TMP/over.qcow2" > "$TMP/vj"
same info-chain-json "$TMP/qj" "$TMP/vj"

# Snapshots made by Vireo, used by qemu-img.
cp "$TMP/plain.qcow2" "$TMP/snap.qcow2"
expect_ok snapshot-create '^$' $IMG snapshot -c before "$TMP/snap.qcow2"
$IMG convert -n -O qcow2 "$TMP/mod.raw" "$TMP/snap.qcow2" && pass write-over-snapshot || fail write-over-snapshot
qcheck snapshot-qemu-check "$TMP/snap.qcow2"
qread snapshot-active-data "$TMP/snap.qcow2" "$TMP/mod.raw"
run qemu-img snapshot -l "$TMP/snap.qcow2"
printf '%s\n' "$out" | grep -q '^1 *before ' && pass snapshot-qemu-lists || fail snapshot-qemu-lists "$out"
qemu-img snapshot -l "$TMP/snap.qcow2" > "$TMP/ql"; $IMG snapshot -l "$TMP/snap.qcow2" > "$TMP/vl"
same snapshot-list-as-qemu "$TMP/ql" "$TMP/vl"
info_same info-snapshots "$TMP/snap.qcow2"
cp "$TMP/snap.qcow2" "$TMP/snap2.qcow2"
qemu-img snapshot -a before "$TMP/snap2.qcow2" && qread snapshot-qemu-applies "$TMP/snap2.qcow2" "$D"
$IMG snapshot -a before "$TMP/snap.qcow2" && qread snapshot-vireo-applies "$TMP/snap.qcow2" "$D"
qcheck snapshot-apply-check "$TMP/snap.qcow2"
expect_ok snapshot-delete '^$' $IMG snapshot -d before "$TMP/snap.qcow2"
qcheck snapshot-delete-check "$TMP/snap.qcow2"
expect_error snapshot-delete-missing "Could not delete snapshot 'before': snapshot not found" \
    $IMG snapshot -d before "$TMP/snap.qcow2"

# Resize.
cp "$TMP/plain.qcow2" "$TMP/rs.qcow2"
expect_ok resize-grow '^Image resized.$' $IMG resize "$TMP/rs.qcow2" +1G
qcheck resize-grow-check "$TMP/rs.qcow2"
run qemu-img info --output=json "$TMP/rs.qcow2"
printf '%s' "$out" | grep -q "\"virtual-size\": $((SIZE + 1073741824))," && pass resize-size || fail resize-size "$out"
run $IMG resize "$TMP/rs.qcow2" -1G
[ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q '^vireo-img: Use the --shrink option to perform a shrink operation.$' \
    && pass resize-shrink-needs-flag || fail resize-shrink-needs-flag "exit $rc" "$out"
expect_ok resize-shrink '^Image resized.$' $IMG resize --shrink "$TMP/rs.qcow2" -1G
qcheck resize-shrink-check "$TMP/rs.qcow2"
qread resize-data-kept "$TMP/rs.qcow2" "$D"

# Commit and rebase.
cp "$TMP/plain.qcow2" "$TMP/base.qcow2"
$IMG create -q -f qcow2 -b base.qcow2 -F qcow2 "$TMP/top.qcow2"
$IMG convert -n -O qcow2 "$TMP/mod.raw" "$TMP/top.qcow2"
expect_ok commit '^Image committed.$' $IMG commit "$TMP/top.qcow2"
qcheck commit-base-check "$TMP/base.qcow2"
qcheck commit-top-check "$TMP/top.qcow2"
qread commit-base-data "$TMP/base.qcow2" "$TMP/mod.raw"
qread commit-top-data "$TMP/top.qcow2" "$TMP/mod.raw"
expect_ok rebase-flatten '^$' $IMG rebase -b '' "$TMP/top.qcow2"
run qemu-img info "$TMP/top.qcow2"
printf '%s' "$out" | grep -q 'backing file' && fail rebase-no-backing || pass rebase-no-backing
qread rebase-flatten-data "$TMP/top.qcow2" "$TMP/mod.raw"
$IMG create -q -f qcow2 -b plain.qcow2 -F qcow2 "$TMP/rb.qcow2"
$IMG create -q -f qcow2 "$TMP/empty.qcow2" "$SIZE"
expect_ok rebase-safe '^$' $IMG rebase -b empty.qcow2 -F qcow2 "$TMP/rb.qcow2"
qcheck rebase-check "$TMP/rb.qcow2"
qread rebase-safe-data "$TMP/rb.qcow2" "$D"
expect_ok rebase-unsafe '^$' $IMG rebase -u -b plain.qcow2 -F qcow2 "$TMP/rb.qcow2"
run qemu-img info "$TMP/rb.qcow2"
printf '%s' "$out" | grep -q '^backing file: plain.qcow2' && pass rebase-unsafe-header || fail rebase-unsafe-header "$out"

# ---- qemu-img writes, Vireo reads ----
Q=$TMP/q.qcow2
qemu-img create -q -f qcow2 "$Q" 8M
qemu-io -c 'write -P 0xab 0 64k' -c 'write -P 0xcd 100k 5k' -c 'write -z 1M 128k' \
    -c 'write -P 0x12 2M 1M' -c 'discard 2M 64k' -c 'write -z -u 2304k 64k' "$Q" >/dev/null
qemu-img convert -O raw "$Q" "$TMP/q.raw"
vread qemu-plain-vireo-reads "$Q" "$TMP/q.raw"
expect_ok qemu-plain-vireo-check '^No errors were found' $IMG check "$Q"
info_same qemu-info-plain "$Q"

qemu-img create -q -f qcow2 -o compat=0.10,cluster_size=4096 "$TMP/q2.qcow2" 8M
qemu-io -c 'write -P 0xab 0 64k' -c 'write -z 64k 64k' -c 'write -P 3 5M 7k' "$TMP/q2.qcow2" >/dev/null
qemu-img convert -O raw "$TMP/q2.qcow2" "$TMP/q2.raw"
vread qemu-v2-vireo-reads "$TMP/q2.qcow2" "$TMP/q2.raw"
info_same qemu-info-v2 "$TMP/q2.qcow2"

qemu-img create -q -f qcow2 -b q.qcow2 -F qcow2 "$TMP/q3.qcow2"
qemu-io -c 'write -P 0x99 1M 4k' -c 'write -z 0 4k' -c 'write -P 7 3M 1k' "$TMP/q3.qcow2" >/dev/null
qemu-img convert -O raw "$TMP/q3.qcow2" "$TMP/q3.raw"
vread qemu-backing-vireo-reads "$TMP/q3.qcow2" "$TMP/q3.raw"
info_same qemu-info-backing "$TMP/q3.qcow2"

qemu-img convert -c -O qcow2 "$Q" "$TMP/q4.qcow2"
vread qemu-compressed-vireo-reads "$TMP/q4.qcow2" "$TMP/q.raw"
expect_ok qemu-compressed-vireo-check '^No errors were found' $IMG check "$TMP/q4.qcow2"

cp "$Q" "$TMP/q5.qcow2"
qemu-img snapshot -c s1 "$TMP/q5.qcow2"
qemu-io -c 'write -P 0x44 0 256k' "$TMP/q5.qcow2" >/dev/null
qemu-img snapshot -c s2 "$TMP/q5.qcow2"
qemu-img convert -O raw "$TMP/q5.qcow2" "$TMP/q5.raw"
vread qemu-snapshot-vireo-reads "$TMP/q5.qcow2" "$TMP/q5.raw"
qemu-img snapshot -l "$TMP/q5.qcow2" > "$TMP/ql"; $IMG snapshot -l "$TMP/q5.qcow2" > "$TMP/vl"
same qemu-snapshot-list "$TMP/ql" "$TMP/vl"
info_same qemu-info-snapshots "$TMP/q5.qcow2"
$IMG snapshot -a s1 "$TMP/q5.qcow2" && vread qemu-snapshot-vireo-applies "$TMP/q5.qcow2" "$TMP/q.raw"
qcheck qemu-snapshot-applied-check "$TMP/q5.qcow2"
$IMG snapshot -d s2 "$TMP/q5.qcow2"
qcheck qemu-snapshot-deleted-check "$TMP/q5.qcow2"

cp "$Q" "$TMP/q6.qcow2"
qemu-img resize -q "$TMP/q6.qcow2" +3M
qemu-img convert -O raw "$TMP/q6.qcow2" "$TMP/q6.raw"
vread qemu-resized-vireo-reads "$TMP/q6.qcow2" "$TMP/q6.raw"

# ---- check -r: a leaked cluster made by hand ----
L=$TMP/leak.qcow2
qemu-img create -q -f qcow2 "$L" 64M
qemu-io -c 'write -P 1 0 128k' "$L" >/dev/null
# Clusters: header, refcount table, refcount block (0x20000), L1, L2, 2 data. Count cluster 7 once.
truncate -s $((8 * 65536)) "$L"
printf '\000\001' | dd of="$L" bs=1 seek=$((0x20000 + 7 * 2)) conv=notrunc 2>/dev/null
cp "$L" "$TMP/leak2.qcow2"
run $IMG check "$L"
[ "$rc" = 3 ] && printf '%s\n' "$out" | grep -q '^1 leaked clusters were found on the image.' \
    && printf '%s\n' "$out" | grep -q 'Leaked cluster 7 refcount=1 reference=0' \
    && pass check-finds-leak || fail check-finds-leak "exit $rc" "$out"
run $IMG check --output=json "$L"
[ "$rc" = 3 ] && printf '%s' "$out" | grep -q '"leaks": 1,' && pass check-json-leak || fail check-json-leak "$out"
run $IMG check -r leaks "$L"
[ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q '^    1 leaked clusters' && pass check-repairs-leak || fail check-repairs-leak "$out"
qcheck leak-repaired-qemu-clean "$L"
# Word for word what qemu-img says, repairing the same damage.
cp "$TMP/leak2.qcow2" "$TMP/leak3.qcow2"
qemu-img check -r leaks "$TMP/leak2.qcow2" > "$TMP/qr" 2>&1
$IMG check -r leaks "$TMP/leak3.qcow2" 2>&1 | sed 's/leak3/leak2/' > "$TMP/vr"
same check-repair-as-qemu "$TMP/qr" "$TMP/vr"

# ---- Hostile images: an error and exit 1, no crash, the file untouched ----
H=$TMP/h.qcow2
qemu-img create -q -f qcow2 "$H" 4M
qemu-io -c 'write -P 1 0 192k' "$H" >/dev/null
qemu-img snapshot -c s "$H"
poke() { printf "$2" | dd of="$1" bs=1 seek="$3" conv=notrunc 2>/dev/null; }
hostile() {     # NAME FILE: info, check and convert all refuse it
    for c in info check convert; do
        cp "$2" "$TMP/before"
        if [ $c = convert ]; then run $IMG convert -O raw "$2" "$TMP/hostile.out"; else run $IMG $c "$2"; fi
        if [ "$rc" = 1 ] && printf '%s' "$out" | grep -q '^vireo-img: ' && cmp -s "$2" "$TMP/before"; then
            pass "hostile-$1-$c"
        else fail "hostile-$1-$c" "exit $rc" "$(printf '%s\n' "$out" | head -3)"; fi
    done
}
head -c 60 "$H" > "$TMP/h1"; hostile truncated-header "$TMP/h1"
cp "$H" "$TMP/h2"; poke "$TMP/h2" '\000\000\000\000\100\000\000\000' 40; hostile l1-beyond-file "$TMP/h2"
cp "$H" "$TMP/h3"; poke "$TMP/h3" '\177\377\377\377' 36; hostile l1-size-huge "$TMP/h3"
cp "$H" "$TMP/h4"; poke "$TMP/h4" '\000\000\000\000\000\001\000\000' 65536; hostile reftable-points-at-itself "$TMP/h4"
cp "$H" "$TMP/h5"; head -c 200 /dev/urandom | dd of="$TMP/h5" bs=1 seek=$((0x90000)) conv=notrunc 2>/dev/null
hostile snapshot-table-garbage "$TMP/h5"
cp "$H" "$TMP/h6"; poke "$TMP/h6" '\000\000\000\000\000\000\000\007' 40; hostile l1-offset-unaligned "$TMP/h6"
# Data-level damage: qemu-img's behaviour. info works, check reports a corruption (2), reading fails (1).
datalevel() {
    cp "$2" "$TMP/before"
    run $IMG info "$2"; [ "$rc" = 0 ] && pass "hostile-$1-info" || fail "hostile-$1-info" "exit $rc"
    run $IMG check "$2"; [ "$rc" = 2 ] && pass "hostile-$1-check" || fail "hostile-$1-check" "exit $rc" "$out"
    run $IMG convert -O raw "$2" "$TMP/hostile.out"
    [ "$rc" = 1 ] && printf '%s' "$out" | grep -q 'Image is corrupt' && pass "hostile-$1-convert" \
        || fail "hostile-$1-convert" "exit $rc" "$out"
    cmp -s "$2" "$TMP/before" && pass "hostile-$1-unchanged" || fail "hostile-$1-unchanged"
}
cp "$H" "$TMP/h7"; poke "$TMP/h7" '\000\000\000\000\000\005\002\000' $((0x40000)); datalevel cluster-unaligned "$TMP/h7"
cp "$H" "$TMP/h8"; poke "$TMP/h8" '\100\000\000\000\020\000\000\000' $((0x40000)); datalevel compressed-past-end "$TMP/h8"

# A corrupt-flagged image cannot be opened for writing (qemu's words).
cp "$H" "$TMP/cor.qcow2"; poke "$TMP/cor.qcow2" '\002' 79
expect_error corrupt-bit-refuses-rw 'qcow2: Image is corrupt; cannot be opened read/write' \
    $IMG resize "$TMP/cor.qcow2" +1M

# ---- Locking against QEMU ----
qemu-io -c 'sleep 4000' "$TMP/plain.qcow2" >/dev/null 2>&1 &
qpid=$!
sleep 1
run $IMG info "$TMP/plain.qcow2"
[ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q "Could not open '.*': Failed to get shared \"write\" lock" \
    && printf '%s\n' "$out" | grep -q '^Is another process using the image \[' \
    && pass lock-held-by-qemu || fail lock-held-by-qemu "exit $rc" "$out"
run $IMG resize "$TMP/plain.qcow2" +1M
[ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q 'Failed to get "write" lock' && pass lock-writer-refused \
    || fail lock-writer-refused "exit $rc" "$out"
run $IMG info -U "$TMP/plain.qcow2"
[ "$rc" = 0 ] && pass lock-force-share || fail lock-force-share "$out"
wait $qpid
finish
