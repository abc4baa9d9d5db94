# Sourced by the rpm tests after tests/lib.sh: rpmbuild with the ksym
# generators of this build tree, and the test packages built once.

# A private fileattrs directory: the system's generators plus ours, so
# the build runs exactly what an installed ksym would. rpm 4.14-4.19 find
# attribute names in %_fileattrsdir but load their macros from the macro
# path, hence --load as well.
setup_rpmbuild()
{
	local f
	RPM_TOP=${1:-$TEST_DIR/rpmbuild}
	ATTR_DIR=$RPM_TOP/fileattrs
	mkdir -p "$RPM_TOP"/SOURCES "$RPM_TOP"/SPECS "$ATTR_DIR"
	for f in /usr/lib/rpm/fileattrs/*.attr; do
		[ "$(basename "$f")" = ksym.attr ] || ln -sf "$f" "$ATTR_DIR"/
	done
	ln -sf "$top_srcdir/plugin/rpm/ksym.attr" "$ATTR_DIR/ksym.attr"
}

# ksym_rpmbuild ARGS...: rpmbuild with our generators; --nodeps because
# Debian's rpm database is empty
ksym_rpmbuild()
{
	rpmbuild --nodeps --define "_topdir $RPM_TOP" \
		--define "_fileattrsdir $ATTR_DIR" --load "$ATTR_DIR/ksym.attr" \
		--define "__ksym $KSYM" --define "_dbpath $RPM_TOP/rpmdb" \
		--define "_tmppath $RPM_TOP/tmp" "$@"
}

# rpm_deps KIND RPM: the package's Provides or Requires, one a line
rpm_deps()
{
	rpm -qp --nosignature "--$1" "$2" 2>/dev/null | sort
}

# test_packages: builds (once per ksym binary and kernel) the kernel
# package of the 6.1 test kernel and the two-module kmod package, and
# sets KERNEL_RPM, KMOD_RPM and KMOD_SYMVERS (the kmod build's
# Module.symvers)
test_packages()
{
	local key dir
	kernel_tree 6.1
	key=$(cat "$KSYM" "$top_srcdir/plugin/rpm/ksym.attr" \
		"$top_srcdir"/tests/rpm/*.rpmspec "$top_srcdir"/tests/rpm/kmod-src/* |
		sha256sum | cut -c1-16)
	dir=$top_builddir/tests/rpm-packages/$KEY-$key
	mkdir -p "$top_builddir/tests/rpm-packages"
	(
		flock 9
		[ -e "$dir/.done" ] && exit 0
		rm -rf "$dir"
		setup_rpmbuild "$dir"
		ksym_rpmbuild -bb "$top_srcdir/tests/rpm/kernel-prebuilt.rpmspec" \
			--define "ksym_objtree $OBJTREE" \
			--define "ksym_moddir $MODDIR" \
			--define "ksym_release $RELEASE" >"$dir/kernel.log" 2>&1 ||
			{ tail -20 "$dir/kernel.log" >&2; exit 1; }
		ksym_rpmbuild -bb "$top_srcdir/tests/rpm/kmod-pair.rpmspec" \
			--define "ksym_objtree $OBJTREE" \
			--define "ksym_release $RELEASE" \
			--define "ksym_kmodsrc $top_srcdir/tests/rpm/kmod-src" \
			--define "_ksym_symvers $OBJTREE/Module.symvers" \
			>"$dir/kmod.log" 2>&1 ||
			{ tail -20 "$dir/kmod.log" >&2; exit 1; }
		touch "$dir/.done"
	) 9>"$top_builddir/tests/rpm-packages/.lock" ||
		fail "cannot build the test packages (logs in '$dir')"
	KERNEL_RPM=$(ls "$dir"/RPMS/*/kernel-[0-9]*.rpm)
	KMOD_RPM=$(ls "$dir"/RPMS/*/kmod-ksymtest-*.rpm)
	KMOD_SYMVERS=$dir/kmod-Module.symvers
	PACKAGES_DIR=$dir
}
