#!/bin/bash
# When a spec splits its modules over subpackages, each package's Requires
# leave out only what that package provides itself: the package holding
# the importing module requires ksym(sym) of the other one's export, the
# exporting package does not, and each provides only its own kmod().
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
kernel_tree 6.1
setup_rpmbuild

ksym_rpmbuild -bb "$top_srcdir/tests/rpm/kmod-split.rpmspec" \
	--define "ksym_objtree $OBJTREE" --define "ksym_release $RELEASE" \
	--define "ksym_kmodsrc $top_srcdir/tests/rpm/kmod-src" \
	--define "_ksym_symvers $OBJTREE/Module.symvers" \
	>"$TEST_DIR/log" 2>&1 || { cat "$TEST_DIR/log" >&2; fail "rpmbuild failed"; }
a=$(ls "$RPM_TOP"/RPMS/*/kmod-ksymsplit-a-*.rpm)
b=$(ls "$RPM_TOP"/RPMS/*/kmod-ksymsplit-b-*.rpm)

export_line=$(rpm_deps provides "$a" | grep '^ksym(ksymtest_a_value) = 0x') ||
	fail "kmod-ksymsplit-a does not provide ksymtest_a_value"
rpm_deps requires "$b" | grep -qxF "$export_line" ||
	fail "kmod-ksymsplit-b does not require '$export_line'"
if rpm_deps requires "$a" | grep -F ksymtest_a_value >&2; then
	fail "kmod-ksymsplit-a requires its own export"
fi
[ "$(rpm_deps provides "$a" | grep '^kmod(')" = "kmod(ksymtest_a.ko)" ] ||
	fail "kmod-ksymsplit-a's kmod() Provides are not just its module's"
[ "$(rpm_deps provides "$b" | grep '^kmod(')" = "kmod(ksymtest_b.ko)" ] ||
	fail "kmod-ksymsplit-b's kmod() Provides are not just its module's"
note "kmod-ksymsplit-b requires $export_line"
