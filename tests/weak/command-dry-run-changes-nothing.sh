#!/bin/bash
# 'ksym weak-updates --dry-run' prints the changes a real run then makes,
# line for line, and makes none of them: no link, no depmod output.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
WEAK_VIA=rpm
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a kmod-ksymtest-b ksymtest-kernel-b
run_ksym 0 weak-updates --root "$ROOT" --dry-run
cp "$TEST_DIR/out" "$TEST_DIR/dry"
[ -s "$TEST_DIR/dry" ] || fail "--dry-run printed nothing"
[ ! -e "$ROOT/lib/modules/$REL_B/weak-updates" ] || fail "--dry-run made weak-updates/"
[ ! -e "$ROOT/lib/modules/$REL_B/modules.dep" ] || fail "--dry-run ran depmod"

run_ksym 0 weak-updates --root "$ROOT"
expect_output "$TEST_DIR/dry" "$TEST_DIR/out"
expect_link "$REL_B" ksymtest_b "$REL_A"
