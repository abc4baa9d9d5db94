#!/bin/bash
# specs/kernel.rpmspec, built with rpmbuild on the real prebuilt 6.1 tree
# (ksym_prebuilt_tree, so the test need not rebuild the kernel), gives a
# kernel-devel package that provides kernel-devel-uname-r and
# installonlypkg(kernel); installed with 'rpm --root', a real dkms module
# (acpi-call-dkms) builds against <root>/usr/src/kernels/<release>.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"

need rpmbuild rpm
devel_tree 6.1
top=$TEST_DIR/rpm
rpmbuild -bb --nodeps --define "_topdir $top" \
	--load "$top_builddir/macros/macros.ksym" --define "__ksym $KSYM" \
	--define "ksym_prebuilt_tree $SRCTREE" \
	--define "ksym_prebuilt_modinst $KERNEL_ENTRY/modinst" \
	"$top_srcdir/specs/kernel.rpmspec" >"$TEST_DIR/rpmbuild.log" 2>&1 ||
	fail "rpmbuild failed: $(tail -n 20 "$TEST_DIR/rpmbuild.log")"
devel=$(ls "$top"/RPMS/*/kernel-devel-*.rpm)

rpm -qp --provides "$devel" >"$TEST_DIR/provides"
grep -qx "kernel-devel-uname-r = $RELEASE" "$TEST_DIR/provides" ||
	fail "no kernel-devel-uname-r: $(cat "$TEST_DIR/provides")"
grep -qx "installonlypkg(kernel)" "$TEST_DIR/provides" || fail "not install-only"

sysroot=$TEST_DIR/sysroot
mkdir -p "$sysroot"
rpm --root "$sysroot" --initdb
rpm --root "$sysroot" -i --nodeps --noscripts "$devel" 2>"$TEST_DIR/rpm.err" ||
	fail "rpm -i failed: $(cat "$TEST_DIR/rpm.err")"
kdir=$sysroot/usr/src/kernels/$RELEASE
[ -f "$kdir/Module.symvers" ] || fail "no Module.symvers in '$kdir'"
expect_eq "build link" "/usr/src/kernels/$RELEASE" \
	"$(readlink "$sysroot/lib/modules/$RELEASE/build")"

dir=$("$top_srcdir/tests/kernel/fetch-deb.sh" acpi-call-dkms 2>/dev/null) ||
	skip "cannot fetch acpi-call-dkms"
"$top_srcdir/tests/kernel/dkms-build.sh" "$kdir" "$dir" "$TEST_DIR/mod" >"$TEST_DIR/kos" ||
	fail "acpi-call does not build against the installed package"
run_ksym 0 check --kernel "$kdir" $(cat "$TEST_DIR/kos")
