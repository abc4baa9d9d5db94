#!/bin/bash
# A kernel package's in-tree modules get no kernel() or ksym() Requires.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
test_packages

rpm_deps requires "$KERNEL_RPM" >"$TEST_DIR/requires"
if grep -E '^(kernel|ksym)\(' "$TEST_DIR/requires" >&2; then
	fail "kernel package requires kernel symbols"
fi
# the check above means something only if the modules do import symbols
n=$("$KSYM" dump --imports "$MODDIR"/kernel/lib/crc-ccitt.ko 2>/dev/null | wc -l)
[ "$n" -gt 0 ] || fail "crc-ccitt.ko shows no imports: the test proves nothing"
