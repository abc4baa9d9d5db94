#!/bin/bash
# Kernel A goes, its kmod stays: B's link still holds, for as long as the
# module file does; erasing the kmod then removes it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a ksymtest-kernel-b
weak_erase ksymtest-kernel-a
[ -f "$ROOT/lib/modules/$REL_A/extra/ksymtest_a.ko" ] || fail "kmod file gone with kernel A"
expect_link "$REL_B" ksymtest_a "$REL_A"
weak_erase kmod-ksymtest-a
expect_no_link "$REL_B" ksymtest_a
