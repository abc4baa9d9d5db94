#!/bin/bash
# When ksym-rpmdeps cannot be started at all (a path that names nothing,
# as when ksym's macros are installed without its programs), the build of
# the kmod package fails, naming the module and the command, and writes
# no package: it never passes as one without dependencies.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
test_packages
setup_rpmbuild

missing=$TEST_DIR/no-such-dir/ksym-rpmdeps
status=0
KSYM_RPMDEPS=$missing ksym_rpmbuild -bb \
	"$top_srcdir/tests/rpm/kmod-pair.rpmspec" \
	--define "ksym_objtree $OBJTREE" --define "ksym_release $RELEASE" \
	--define "ksym_kmodsrc $top_srcdir/tests/rpm/kmod-src" \
	--define "_ksym_symvers $OBJTREE/Module.symvers" \
	>"$TEST_DIR/log" 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "rpmbuild succeeded with no ksym-rpmdeps to run"
grep -E "^ksym: error: [^ ]*/ksymtest_a\.ko: no (provides|requires), the generator failed \(exit 127\): $missing " \
	"$TEST_DIR/log" >/dev/null ||
	fail "no error naming the command and the module: $(grep ksym "$TEST_DIR/log" | head -n 5)"
grep -q '^error: .*!ksym-error:generator-failed-for:.*ksymtest_a\.ko' "$TEST_DIR/log" ||
	fail "rpm did not stop on the module: $(grep '^error' "$TEST_DIR/log" | head -n 5)"
[ -z "$(find "$RPM_TOP/RPMS" -name '*.rpm' 2>/dev/null)" ] ||
	fail "a package was written: $(find "$RPM_TOP/RPMS" -name '*.rpm')"
