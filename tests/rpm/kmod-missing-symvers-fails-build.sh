#!/bin/bash
# rpmbuild of a kmod package fails when the build kernel's Module.symvers
# cannot be found, naming the kernel release and hinting at the fix, rather
# than writing a package with its Requires missing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
kernel_tree 6.1
setup_rpmbuild

cp "$MODDIR/kernel/lib/crc-ccitt.ko" "$TEST_DIR/copy.ko"
status=0
ksym_rpmbuild -bb "$top_srcdir/tests/rpm/kmod-files.rpmspec" \
	--define "ksym_release $RELEASE" --define "ksym_files $TEST_DIR/copy.ko" \
	>"$TEST_DIR/log" 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "rpmbuild succeeded without the build kernel's symvers"
grep -qF "ksym: error: cannot find the Module.symvers of kernel '$RELEASE'" "$TEST_DIR/log" ||
	{ cat "$TEST_DIR/log" >&2; fail "no error naming the kernel release"; }
grep -qF "ksym: hint: " "$TEST_DIR/log" || fail "no hint"
