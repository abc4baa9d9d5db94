#!/bin/bash
# rpmbuild of a kmod package holding a module that cannot be read (here a
# real module cut short) fails, and the log names the file and the problem.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
kernel_tree 6.1
setup_rpmbuild

ko=$TEST_DIR/broken.ko
head -c 3000 "$MODDIR/kernel/lib/crc-ccitt.ko" >"$ko"
status=0
ksym_rpmbuild -bb "$top_srcdir/tests/rpm/kmod-files.rpmspec" \
	--define "ksym_release $RELEASE" --define "ksym_files $ko" \
	--define "_ksym_symvers $OBJTREE/Module.symvers" \
	>"$TEST_DIR/log" 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "rpmbuild succeeded with a truncated module"
grep -F "ksym: error: '$RPM_TOP/BUILDROOT/" "$TEST_DIR/log" |
	grep -F "extra/files/broken.ko'" >"$TEST_DIR/err" ||
	{ cat "$TEST_DIR/log" >&2; fail "no error naming broken.ko"; }
note "$(head -n1 "$TEST_DIR/err")"
if ls "$RPM_TOP"/RPMS/*/kmod-ksymfiles-*.rpm 2>/dev/null; then
	fail "a package was written"
fi
