#!/bin/bash
# specs/kernel.rpmspec, built with rpmbuild and ksym's generators on the
# real prebuilt 6.1 tree, splits the kernel as Fedora does: kernel
# provides kernel-uname-r and kernel(sym) for exactly vmlinux's exports,
# and requires kernel-modules-uname-r; kernel-modules provides kernel(sym)
# for exactly the modules' exports, requires that kernel-uname-r and no
# symbol; together they provide the whole Module.symvers.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild strace make gcc
kernel_tree 6.1
setup_rpmbuild
# macros.ksym names the installed programs; the build tree's are defined
# again after it
ksym_rpmbuild -bb --load "$top_builddir/macros/macros.ksym" \
	--define "__ksym $KSYM" --define "__ksym_rpmdeps $top_builddir/ksym-rpmdeps" \
	"$top_srcdir/specs/kernel.rpmspec" \
	--define "ksym_prebuilt_tree $SRCTREE" \
	--define "ksym_prebuilt_modinst $KERNEL_ENTRY/modinst" \
	>"$TEST_DIR/rpmbuild.log" 2>&1 ||
	fail "rpmbuild failed: $(tail -n 20 "$TEST_DIR/rpmbuild.log")"
nv=${RELEASE//-/_}
kernel=$(ls "$RPM_TOP"/RPMS/*/kernel-"$nv"-*.rpm)
modules=$(ls "$RPM_TOP"/RPMS/*/kernel-modules-"$nv"-*.rpm)

# symbols: the kernel() lines of a package's Provides or Requires
symbols() { grep -E '^kernel\([^)]+\) = 0x' || true; }
awk -F'\t' '$3 == "vmlinux" { print "kernel(" $2 ") = " $1 }' \
	"$OBJTREE/Module.symvers" | sort >"$TEST_DIR/want-vmlinux"
awk -F'\t' '$3 != "vmlinux" { print "kernel(" $2 ") = " $1 }' \
	"$OBJTREE/Module.symvers" | sort >"$TEST_DIR/want-modules"
[ -s "$TEST_DIR/want-vmlinux" ] && [ -s "$TEST_DIR/want-modules" ] ||
	fail "the test kernel's Module.symvers lacks vmlinux or module exports"

rpm_deps provides "$kernel" >"$TEST_DIR/kernel-provides"
rpm_deps provides "$modules" >"$TEST_DIR/modules-provides"
symbols <"$TEST_DIR/kernel-provides" >"$TEST_DIR/got-vmlinux"
symbols <"$TEST_DIR/modules-provides" >"$TEST_DIR/got-modules"
expect_output "$TEST_DIR/want-vmlinux" "$TEST_DIR/got-vmlinux"
expect_output "$TEST_DIR/want-modules" "$TEST_DIR/got-modules"

grep -qxF "kernel-uname-r = $RELEASE" "$TEST_DIR/kernel-provides" ||
	fail "kernel does not provide kernel-uname-r = $RELEASE"
! grep -q '^kernel-uname-r' "$TEST_DIR/modules-provides" ||
	fail "kernel-modules provides kernel-uname-r too: two heads"
rpm_deps requires "$kernel" >"$TEST_DIR/kernel-requires"
rpm_deps requires "$modules" >"$TEST_DIR/modules-requires"
grep -qxF "kernel-modules-uname-r = $RELEASE" "$TEST_DIR/kernel-requires" ||
	fail "kernel does not require its modules: $(cat "$TEST_DIR/kernel-requires")"
grep -qxF "kernel-uname-r = $RELEASE" "$TEST_DIR/modules-requires" ||
	fail "kernel-modules does not require kernel-uname-r = $RELEASE"
[ -z "$(symbols <"$TEST_DIR/modules-requires")" ] ||
	fail "kernel-modules requires symbols: $(symbols <"$TEST_DIR/modules-requires" | head -n 3)"
note "kernel: $(wc -l <"$TEST_DIR/got-vmlinux") kernel() Provides," \
	"kernel-modules: $(wc -l <"$TEST_DIR/got-modules")"
