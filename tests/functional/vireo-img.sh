# vireo-img: the subcommand shell and raw creation, checked against qemu-img.
B=$1
. tests/functional/lib.sh
IMG=$B/vireo-img

expect_ok help-lists-subcommands 'amend .*not supported yet' $IMG --help
for c in create info check convert snapshot commit rebase resize; do
    run $IMG --help
    if printf '%s\n' "$out" | grep -q "^  $c "; then pass "help-has-$c"; else fail "help-has-$c"; fi
done
expect_ok version 'vireo-img version [0-9]' $IMG --version

expect_ok create-raw "^Formatting '$TMP/a.img', fmt=raw size=1073741824\$" $IMG create -f raw "$TMP/a.img" 1G
size=$(stat -c %s "$TMP/a.img"); blocks=$(stat -c %b "$TMP/a.img")
if [ "$size" = 1073741824 ] && [ "$blocks" -lt 64 ]; then pass create-raw-sparse
else fail create-raw-sparse "size $size, $blocks blocks"; fi

# qemu-img, the reference, sees the same image.
if command -v qemu-img >/dev/null; then
    expect_ok qemu-img-reads-it 'file format: raw' qemu-img info "$TMP/a.img"
    run qemu-img info --output=json "$TMP/a.img"
    if printf '%s' "$out" | grep -q '"virtual-size": 1073741824'; then pass qemu-img-size; else fail qemu-img-size "$out"; fi
else
    fail qemu-img-present "qemu-img not installed (scripts/install-deps.sh installs qemu-utils)"
fi

expect_ok create-suffix-k "size=1536" $IMG create -f raw "$TMP/b.img" 1.5K
[ "$(stat -c %s "$TMP/b.img")" = 1536 ] && pass create-size-1536 || fail create-size-1536
expect_ok create-quiet '^$' $IMG create -q -f raw "$TMP/q.img" 1M
expect_ok create-prealloc-full 'preallocation=full' $IMG create -f raw -o preallocation=full "$TMP/f.img" 1M
[ "$(stat -c %b "$TMP/f.img")" -ge 2048 ] && pass prealloc-full-allocates || fail prealloc-full-allocates
expect_ok create-size-option 'size=2097152' $IMG create -f raw -o size=2M "$TMP/o.img"

# Bad input: a clear error, exit 1, and the existing file is left alone.
echo precious > "$TMP/keep.img"
run $IMG create -f raw "$TMP/keep.img" abc
[ "$rc" = 1 ] && printf '%s' "$out" | grep -q '^vireo-img: Invalid image size specified' && pass bad-size || fail bad-size "$out"
expect_error bad-prealloc "invalid parameter value: bogus" $IMG create -f raw -o preallocation=bogus "$TMP/keep.img" 1M
expect_error bad-option "Invalid parameter 'bogus'" $IMG create -f raw -o bogus=1 "$TMP/keep.img" 1M
expect_error raw-backing "Backing file not supported for file format 'raw'" $IMG create -f raw -b x "$TMP/keep.img" 1M
expect_error unknown-format "Unknown file format 'frob'" $IMG create -f frob "$TMP/keep.img" 1M
expect_error qcow2-bad-cluster "Cluster size must be a power of two" $IMG create -q -f qcow2 -o cluster_size=1000 "$TMP/new.qcow2" 1M
expect_error missing-size 'needs a size parameter' $IMG create -f raw "$TMP/keep.img"
[ "$(cat "$TMP/keep.img")" = precious ] && pass bad-input-loses-nothing || fail bad-input-loses-nothing
expect_error no-dir "Could not create '/nonexistent/x': No such file or directory" $IMG create -q -f raw /nonexistent/x 1M
expect_error pending-subcommand 'map: not supported yet' $IMG map "$TMP/a.img"
run $IMG frob
[ "$rc" = 1 ] && printf '%s' "$out" | grep -q 'Command not found: frob' && pass unknown-command || fail unknown-command "$out"
run $IMG
[ "$rc" = 1 ] && printf '%s' "$out" | grep -q 'Not enough arguments' && pass no-arguments || fail no-arguments "$out"
finish
