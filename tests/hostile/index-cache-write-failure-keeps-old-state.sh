#!/bin/bash
# The index caches 'ksym requires' keeps between rpm's per-file runs are
# written to a temporary file and renamed: on a full filesystem (a 256 KiB
# tmpfs mounted here) or a read-only one, the run warns once per cache,
# prints the same dependencies as without a cache, exits 0 and leaves the
# caches written before as they were (no temporary or half-written file).
#
# Inputs: the seed module tests/fuzz/corpus/exports/l2tp_ip.ko and the
# seed symvers tests/fuzz/corpus/symvers/debian-6.1.0-57-head.symvers
# (both from Debian 6.1.0-57).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
corpus=$top_srcdir/tests/fuzz/corpus
rel=6.1.0-57-amd64
br=$TEST_DIR/root
mod=$br/lib/modules/$rel/extra/l2tp_ip.ko
mkdir -p "$(dirname "$mod")" "$TEST_DIR/cache" "$TEST_DIR/ro"
cp "$corpus/exports/l2tp_ip.ko" "$mod"
cp "$corpus/symvers/debian-6.1.0-57-head.symvers" "$TEST_DIR/Module.symvers"

mount -t tmpfs -o size=256k,mode=0700 ksym-test "$TEST_DIR/cache" ||
	skip "cannot mount a tmpfs"
mount -t tmpfs -o ro,size=64k,mode=0700 ksym-test "$TEST_DIR/ro" || {
	umount "$TEST_DIR/cache"
	skip "cannot mount a read-only tmpfs"
}
cleanup_mounts() { umount "$TEST_DIR/cache" "$TEST_DIR/ro" 2>/dev/null || :; cleanup; }
trap cleanup_mounts EXIT

requires() # CACHE-OPTION...
{
	echo "$mod" | run_ksym 0 -vv requires --root "$br" \
		--symvers "$TEST_DIR/Module.symvers" "$@"
	grep -v '^ksym: debug: ' "$TEST_DIR/err" >"$TEST_DIR/warnings" || :
}

requires --no-cache
cp "$TEST_DIR/out" "$TEST_DIR/want"
[ -s "$TEST_DIR/want" ] || fail "no Requires for '$mod'"

# The old state: caches written, then used.
requires --cache-dir "$TEST_DIR/cache"
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
ls "$TEST_DIR/cache" >"$TEST_DIR/old-files"
expect_eq "caches written" 2 "$(grep -c '\.idx$' "$TEST_DIR/old-files")"
sha256sum "$TEST_DIR"/cache/*.idx >"$TEST_DIR/old-sums"
requires --cache-dir "$TEST_DIR/cache"
! grep -q "symbols of kernel" "$TEST_DIR/err" || fail "the symvers cache was not used"

# A new symvers (new key) on a full filesystem: warnings, the old state.
touch -d '2001-01-01' "$TEST_DIR/Module.symvers"
dd if=/dev/zero of="$TEST_DIR/cache/filler" bs=4k 2>/dev/null || :
requires --cache-dir "$TEST_DIR/cache"
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
grep -q "symbols of kernel" "$TEST_DIR/err" || fail "the stale cache was used"
expect_eq "warnings on a full filesystem" 1 "$(grep -c \
	"^ksym: warning: cannot write '$TEST_DIR/cache/symvers-[0-9a-f]*\.idx': No space left on device; carrying on without the cache\$" \
	"$TEST_DIR/warnings")"
rm "$TEST_DIR/cache/filler"
# the per-rpmbuild 'own' cache has a new key each run and may fit; the
# old files stay whole and no temporary file is left behind
expect_eq "temporary files left" "" "$(ls "$TEST_DIR/cache" | grep -v '\.idx$' || :)"
expect_eq "symvers caches after the failed write" 1 \
	"$(ls "$TEST_DIR/cache" | grep -c '^symvers-')"
(cd / && sha256sum -c --quiet "$TEST_DIR/old-sums") >&2 ||
	fail "a cache written before changed"

# A read-only directory: both caches fail to be written, output the same.
requires --cache-dir "$TEST_DIR/ro"
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
expect_eq "warnings on a read-only filesystem" 2 "$(grep -c \
	"^ksym: warning: cannot write '$TEST_DIR/ro/[a-z]*-[0-9a-f]*\.idx': Read-only file system; carrying on without the cache\$" \
	"$TEST_DIR/warnings")"
expect_eq "files left in the read-only directory" "" "$(ls -A "$TEST_DIR/ro")"
