#!/bin/bash
# Without the plugin (not loaded, as on an rpm that cannot), the ksym
# package's file triggers (plugin/rpm/ksym-weak.triggers, carried here by
# ksymtest-trigger) run 'ksym weak-updates' inside the root at the end of
# each transaction: the link appears with kernel B and goes with the kmod.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
WEAK_VIA=rpm
weak_fixtures
weak_populate_root

weak_install ksymtest-trigger
weak_install ksymtest-kernel-a kmod-ksymtest-a
weak_install ksymtest-kernel-b
expect_link "$REL_B" ksymtest_a "$REL_A"
grep -qxF "link $REL_B weak-updates/extra/ksymtest_a.ko -> /lib/modules/$REL_A/extra/ksymtest_a.ko" \
	"$TEST_DIR/rpm.log" || { cat "$TEST_DIR/rpm.log" >&2; fail "the trigger did not run ksym"; }
weak_erase kmod-ksymtest-a
expect_no_link "$REL_B" ksymtest_a
