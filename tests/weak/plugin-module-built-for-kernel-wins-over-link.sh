#!/bin/bash
# A build of ksymtest_a for kernel B arrives after B got A's through a
# link: B's own wins, the link goes, and modprobe loads B's.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a ksymtest-kernel-b
expect_link "$REL_B" ksymtest_a "$REL_A"
weak_install kmod-ksymtest-a-for-b
expect_no_link "$REL_B" ksymtest_a
modprobe --dry-run -v -S "$REL_B" -d "$ROOT" ksymtest_a >"$TEST_DIR/modprobe" 2>&1 ||
	{ cat "$TEST_DIR/modprobe" >&2; fail "modprobe -S B cannot find ksymtest_a"; }
grep -qxF "insmod $ROOT/lib/modules/$REL_B/extra/ksymtest_a.ko " "$TEST_DIR/modprobe" ||
	{ cat "$TEST_DIR/modprobe" >&2; fail "modprobe -S B does not load B's own build"; }
# nor is B's build linked back into A, which has its own
expect_no_link "$REL_A" ksymtest_a
