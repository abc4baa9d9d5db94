#!/bin/bash
# A package that defines %_ksym_nodeps gets no kernel symbol dependencies;
# the same package without it does.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
kernel_tree 6.1
setup_rpmbuild

cp "$MODDIR/kernel/lib/crc-ccitt.ko" "$TEST_DIR/copy.ko"
build()
{
	rm -rf "$RPM_TOP/RPMS"
	ksym_rpmbuild -bb "$top_srcdir/tests/rpm/kmod-files.rpmspec" \
		--define "ksym_release $RELEASE" \
		--define "ksym_files $TEST_DIR/copy.ko" \
		--define "_ksym_symvers $OBJTREE/Module.symvers" "$@" \
		>"$TEST_DIR/log" 2>&1 || { cat "$TEST_DIR/log" >&2; fail "rpmbuild failed"; }
	rpm -qp --nosignature --provides --requires "$RPM_TOP"/RPMS/*/*.rpm |
		grep -cE '^(kernel|ksym|kmod)\(' || true
}
with=$(build)
without=$(build --define '_ksym_nodeps 1')
[ "$with" -gt 0 ] || fail "no symbol dependencies without the macro"
expect_eq "symbol dependencies with %_ksym_nodeps" 0 "$without"
