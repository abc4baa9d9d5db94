#!/bin/bash
# With the plugin loaded, the file triggers see KSYM_RPM_PLUGIN and do
# nothing: the plugin makes the link, and it is made once.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures
weak_populate_root

weak_install ksymtest-trigger
weak_install ksymtest-kernel-a kmod-ksymtest-a
weak_install ksymtest-kernel-b
expect_link "$REL_B" ksymtest_a "$REL_A"
expect_eq "lines about the link" 1 "$(grep -c "link $REL_B weak-updates/extra/ksymtest_a.ko" "$TEST_DIR/rpm.log")"
grep -q "^ksym: link $REL_B" "$TEST_DIR/rpm.log" ||
	{ cat "$TEST_DIR/rpm.log" >&2; fail "the plugin did not make the link"; }
