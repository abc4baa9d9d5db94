#!/bin/bash
# A kernel package built with rpmbuild provides kernel(sym) = 0x%08x for
# exactly the exports in its Module.symvers (vmlinux and in-tree modules),
# and kmod(name.ko) for each of its modules.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
test_packages

awk -F'\t' '{ print "kernel(" $2 ") = " $1 }' "$OBJTREE/Module.symvers" |
	sort -u >"$TEST_DIR/want-kernel"
find "$MODDIR/kernel" -name '*.ko*' -printf '%f\n' |
	sed -E 's/\.ko(\.gz|\.xz|\.zst)?$/.ko/; s/.*/kmod(&)/' |
	sort -u >"$TEST_DIR/want-kmod"
rpm_deps provides "$KERNEL_RPM" >"$TEST_DIR/provides"
grep -E '^kernel\([^)]+\) = 0x' "$TEST_DIR/provides" >"$TEST_DIR/got-kernel" || true
grep '^kmod(' "$TEST_DIR/provides" >"$TEST_DIR/got-kmod" || true

expect_output "$TEST_DIR/want-kernel" "$TEST_DIR/got-kernel"
expect_output "$TEST_DIR/want-kmod" "$TEST_DIR/got-kmod"
note "$(wc -l <"$TEST_DIR/got-kernel") kernel() and $(wc -l <"$TEST_DIR/got-kmod") kmod() Provides match"
