#!/bin/bash
# A kmod package provides ksym(sym) = 0x%08x for its modules' exports, with
# the CRCs of its build's Module.symvers, and kmod(name.ko) per module; it
# does not require what it provides itself.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
test_packages

{
	awk -F'\t' '{ print "ksym(" $2 ") = " $1 }' "$KMOD_SYMVERS"
	printf 'kmod(ksymtest_a.ko)\nkmod(ksymtest_b.ko)\n'
} | sort >"$TEST_DIR/want"
rpm_deps provides "$KMOD_RPM" | grep -E '^(ksym|kmod)\(|^kernel\([^)]+\) = 0x' >"$TEST_DIR/got"
expect_output "$TEST_DIR/want" "$TEST_DIR/got"

grep -q ksymtest_a_value "$TEST_DIR/want" || fail "ksymtest_a_value not exported"
if rpm_deps requires "$KMOD_RPM" | grep ksymtest_a_value >&2; then
	fail "the package requires its own export"
fi
