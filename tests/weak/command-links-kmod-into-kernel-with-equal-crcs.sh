#!/bin/bash
# 'ksym weak-updates --root' after plain rpm transactions: kmod ksymtest_a
# built for kernel A is linked into kernel B, whose CRCs are A's, prints
# one line per change, and modprobe finds the module in B.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
WEAK_VIA=rpm
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a ksymtest-kernel-b
run_ksym 0 weak-updates --root "$ROOT"
cat >"$TEST_DIR/expected" <<EOT
link $REL_B weak-updates/extra/ksymtest_a.ko -> /lib/modules/$REL_A/extra/ksymtest_a.ko
depmod $REL_B
EOT
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
expect_link "$REL_B" ksymtest_a "$REL_A"
expect_no_link "$REL_A" ksymtest_a

# nothing changed since: nothing to do
run_ksym 0 weak-updates --root "$ROOT"
expect_eq "second run's output" "" "$(cat "$TEST_DIR/out")"
