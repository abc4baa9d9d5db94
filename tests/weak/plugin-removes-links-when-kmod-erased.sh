#!/bin/bash
# Erasing the kmods removes their links from B and from B's modules.dep.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a kmod-ksymtest-b ksymtest-kernel-b
expect_link "$REL_B" ksymtest_b "$REL_A"
weak_erase kmod-ksymtest-b kmod-ksymtest-a
expect_no_link "$REL_B" ksymtest_a
expect_no_link "$REL_B" ksymtest_b
[ ! -e "$ROOT/lib/modules/$REL_B/weak-updates" ] || fail "empty weak-updates/ left behind"
grep -qF "ksym: unlink $REL_B weak-updates/extra/ksymtest_a.ko: module 'extra/ksymtest_a.ko' of kernel '$REL_A' is gone" \
	"$TEST_DIR/rpm.log" || { cat "$TEST_DIR/rpm.log" >&2; fail "rpm did not show the unlink"; }
