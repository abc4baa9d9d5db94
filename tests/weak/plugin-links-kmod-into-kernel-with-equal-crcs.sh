#!/bin/bash
# rpm transactions with ksym's plugin: kernel A, its kmod ksymtest_a, then
# kernel B with A's CRCs. The plugin links the kmod into B at the end of
# B's transaction, says so through rpm, and modprobe finds it in B.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a
weak_install kmod-ksymtest-a
expect_no_link "$REL_A" ksymtest_a
weak_install ksymtest-kernel-b
expect_link "$REL_B" ksymtest_a "$REL_A"
grep -qxF "ksym: link $REL_B weak-updates/extra/ksymtest_a.ko -> /lib/modules/$REL_A/extra/ksymtest_a.ko" \
	"$TEST_DIR/rpm.log" || { cat "$TEST_DIR/rpm.log" >&2; fail "rpm did not show the link"; }
