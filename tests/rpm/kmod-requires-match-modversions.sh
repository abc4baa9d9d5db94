#!/bin/bash
# A kmod package requires kernel(sym) = 0x%08x for every import of its
# modules that the build kernel exports with that CRC, as
# 'modprobe --dump-modversions' prints them, less its own exports.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild modprobe
test_packages

rpm2cpio "$KMOD_RPM" | (cd "$TEST_DIR" && cpio -id --quiet)
own=$(cut -f2 "$KMOD_SYMVERS")
for ko in "$TEST_DIR"/lib/modules/*/extra/ksymtest/*.ko; do
	modprobe --dump-modversions "$ko"
done | awk -v own="$own" '
	BEGIN { n = split(own, o, "\n"); for (i = 1; i <= n; i++) mine[o[i]] = 1 }
	!($2 in mine) { print "kernel(" $2 ") = " $1 }' |
	sort -u >"$TEST_DIR/want"
rpm_deps requires "$KMOD_RPM" | grep -E '^(kernel|ksym)\(' >"$TEST_DIR/got" || true

[ -s "$TEST_DIR/want" ] || fail "the modules import nothing: the test proves nothing"
expect_output "$TEST_DIR/want" "$TEST_DIR/got"
