#!/bin/bash
# ksymtest_b needs ksymtest_a's export. In B both link; in C ksymtest_a
# cannot (a CRC differs), so ksymtest_b, whose kernel imports C meets,
# cannot either.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a kmod-ksymtest-b
weak_install ksymtest-kernel-b
weak_install ksymtest-kernel-c
expect_link "$REL_B" ksymtest_a "$REL_A"
expect_link "$REL_B" ksymtest_b "$REL_A"
grep -qx "ksymtest_b.ko: .*weak-updates/extra/ksymtest_a.ko" \
	<(sed 's|^weak-updates/extra/||' "$ROOT/lib/modules/$REL_B/modules.dep") ||
	fail "depmod does not know ksymtest_b needs ksymtest_a in B"
expect_no_link "$REL_C" ksymtest_a
expect_no_link "$REL_C" ksymtest_b
