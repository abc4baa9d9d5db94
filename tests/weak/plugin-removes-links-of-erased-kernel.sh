#!/bin/bash
# Erasing kernel B removes the links ksym made in B's weak-updates/.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a ksymtest-kernel-b
expect_link "$REL_B" ksymtest_a "$REL_A"
weak_erase ksymtest-kernel-b
[ ! -e "$ROOT/lib/modules/$REL_B/weak-updates" ] ||
	fail "links left in erased kernel B: $(ls -R "$ROOT/lib/modules/$REL_B/weak-updates")"
grep -qF "ksym: unlink $REL_B weak-updates/extra/ksymtest_a.ko: kernel '$REL_B' is not installed" \
	"$TEST_DIR/rpm.log" || { cat "$TEST_DIR/rpm.log" >&2; fail "rpm did not show the unlink"; }
