#!/bin/bash
# Kernel C differs from A in the CRC of _printk, which ksymtest_a imports
# (its symvers is A's with that one CRC edited): no link into C, and
# rpm -v says which symbol differs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a
weak_rpm -v -i "$WEAK_RPMS"/ksymtest-kernel-c-6.1-1.*.rpm
expect_no_link "$REL_C" ksymtest_a
grep -q "ksym: not linking 'extra/ksymtest_a.ko' of kernel '$REL_A' into kernel '$REL_C': .*'_printk' .*kernel has 0x0badc0de" \
	"$TEST_DIR/rpm.log" || { cat "$TEST_DIR/rpm.log" >&2; fail "no reason given for C"; }
