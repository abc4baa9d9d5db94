#!/bin/bash
# A module file the plugin cannot read (here: not ELF, put there by hand)
# is named in a warning and left unlinked; the transaction succeeds and
# the other kmod is linked.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a
echo "not a module" >"$ROOT/lib/modules/$REL_A/extra/broken.ko"
weak_install ksymtest-kernel-b
expect_link "$REL_B" ksymtest_a "$REL_A"
expect_no_link "$REL_B" broken
grep -q "warning: ksym: cannot read module '.*/lib/modules/$REL_A/extra/broken.ko': .*leaving it unlinked" \
	"$TEST_DIR/rpm.log" || { cat "$TEST_DIR/rpm.log" >&2; fail "no warning naming broken.ko"; }
