#!/bin/bash
# 'ksym weak-updates --list', the interface of 'dnf kmod list': one line per
# link ksym made or would make, RELEASE TAB LINK TAB TARGET TAB STATE, with
# STATE linked (on disk, holds), pending (to be made) or stale (to go).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
WEAK_VIA=rpm
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a ksymtest-kernel-b
run_ksym 0 weak-updates --root "$ROOT" --list
printf '%s\t%s\t%s\t%s\n' "$REL_B" weak-updates/extra/ksymtest_a.ko \
	"/lib/modules/$REL_A/extra/ksymtest_a.ko" pending >"$TEST_DIR/expected"
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
[ ! -e "$ROOT/lib/modules/$REL_B/weak-updates" ] || fail "--list made a link"

run_ksym 0 weak-updates --root "$ROOT"
run_ksym 0 weak-updates --root "$ROOT" --list
sed -i 's/pending$/linked/' "$TEST_DIR/expected"
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"

# the kmod goes without ksym running: the link is stale
rpm --root "$ROOT" -e --nodeps kmod-ksymtest-a
run_ksym 0 weak-updates --root "$ROOT" --list
sed -i 's/linked$/stale/' "$TEST_DIR/expected"
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
