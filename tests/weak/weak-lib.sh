# Shared by the tests/weak tests: sourced after tests/lib.sh, never run.
#
# weak_fixtures builds, or takes from the cache, the test packages of
# ksymtest.rpmspec: kernels A, B, C made from the suite's 6.1 kernel build and
# the kmods ksymtest_a (exports ksymtest_a_hello) and ksymtest_b (imports
# it), built with 'make -C $OBJTREE M=DIR modules' from kmod-a/ and kmod-b/
# beside this file. Each test then runs real rpm transactions in
# $TEST_DIR/root, with ksym's rpm plugin loaded (WEAK_VIA=plugin, the
# default) or with 'ksym weak-updates --root' run after each one
# (WEAK_VIA=command).

weak_src=$top_srcdir/tests/weak
: "${WEAK_VIA:=plugin}"
ROOT=$TEST_DIR/root

# Where the kmods go: each kernel's file list in ksymtest.rpmspec.
weak_stage_kernel()
{
	local rel=$1 symvers=$2 d=$stage/lib/modules/$1

	mkdir -p "$d"
	cp -a "$MODDIR/kernel" "$d/"
	cp "$MODDIR/modules.order" "$MODDIR/modules.builtin" \
		"$MODDIR/modules.builtin.modinfo" "$d/"
	gzip -9n <"$symvers" >"$d/symvers.gz"
}

weak_build()
{
	local out=$1 work=$1.tmp stage crc

	rm -rf "$work"
	mkdir -p "$work/kmods" "$work/rpmbuild"
	cp -r "$weak_src/kmod-a" "$weak_src/kmod-b" "$work/kmods/"
	make -C "$OBJTREE" M="$work/kmods/kmod-a" modules >"$work/build.log" 2>&1 ||
		{ tail "$work/build.log" >&2; fail "cannot build kmod-a"; }
	make -C "$OBJTREE" M="$work/kmods/kmod-b" \
		KBUILD_EXTRA_SYMBOLS="$work/kmods/kmod-a/Module.symvers" \
		modules >>"$work/build.log" 2>&1 ||
		{ tail "$work/build.log" >&2; fail "cannot build kmod-b"; }

	stage=$work/stage
	weak_stage_kernel "$REL_A" "$OBJTREE/Module.symvers"
	weak_stage_kernel "$REL_B" "$OBJTREE/Module.symvers"
	crc=$(awk '$2 == "_printk" { print $1 }' "$OBJTREE/Module.symvers")
	[ -n "$crc" ] || fail "'$OBJTREE/Module.symvers' has no _printk"
	sed "s/^$crc	_printk	/0x0badc0de	_printk	/" \
		"$OBJTREE/Module.symvers" >"$work/symvers-c"
	weak_stage_kernel "$REL_C" "$work/symvers-c"
	mkdir -p "$stage/lib/modules/$REL_A/extra" "$stage/lib/modules/$REL_B/extra"
	cp "$work/kmods/kmod-a/ksymtest_a.ko" "$work/kmods/kmod-b/ksymtest_b.ko" \
		"$stage/lib/modules/$REL_A/extra/"
	cp "$work/kmods/kmod-a/ksymtest_a.ko" "$stage/lib/modules/$REL_B/extra/"

	rpmbuild -bb --nodeps --define "_topdir $work/rpmbuild" \
		--define "stage $stage" --define "rel_a $REL_A" \
		--define "rel_b $REL_B" --define "rel_c $REL_C" \
		"$weak_src/ksymtest.rpmspec" >>"$work/build.log" 2>&1 ||
		{ tail -n 20 "$work/build.log" >&2; fail "rpmbuild of ksymtest.rpmspec failed"; }
	rpmbuild -bb --nodeps --define "_topdir $work/rpmbuild" \
		--define "weak_triggers $top_srcdir/plugin/rpm/ksym-weak.triggers" \
		"$weak_src/ksymtest-trigger.rpmspec" >>"$work/build.log" 2>&1 ||
		{ tail -n 20 "$work/build.log" >&2; fail "rpmbuild of ksymtest-trigger.rpmspec failed"; }
	mkdir -p "$work/rpms"
	mv "$work/rpmbuild/RPMS"/*/*.rpm "$work/rpms/"
	rm -rf "$work/rpmbuild" "$work/stage"
	mv "$work" "$out"
}

# Sets REL_A, REL_B, REL_C, WEAK_RPMS (the packages), WEAK_KMODS.
weak_fixtures()
{
	local key entry

	need rpm rpmbuild modprobe depmod make gcc flock
	# ASan must be the first library of the process it runs in
	[ "$WEAK_VIA" != plugin ] || [ -z "${KSYM_SANITIZED:-}" ] ||
		skip "a sanitized plugin cannot load into rpm, which is not built with ASan"
	[ -x "$top_srcdir/tests/kernel/kernel-tree.sh" ] ||
		skip "no tests/kernel/kernel-tree.sh to build the 6.1 kernel with"
	kernel_tree 6.1
	REL_A=$RELEASE
	REL_B=$RELEASE.b
	REL_C=$RELEASE.c
	key=$({ echo "$KEY"; cat "$weak_src"/*.rpmspec \
		"$top_srcdir/plugin/rpm/ksym-weak.triggers" \
		"$weak_src"/kmod-*/* "$weak_src/weak-lib.sh"; } |
		sha256sum | cut -c1-16)
	entry=$KSYM_TEST_CACHE/weak/$key
	if [ ! -d "$entry" ]; then
		mkdir -p "$KSYM_TEST_CACHE/weak"
		exec 8>"$KSYM_TEST_CACHE/weak/.lock"
		flock 8
		[ -d "$entry" ] || weak_build "$entry"
		exec 8>&-
	fi
	WEAK_RPMS=$entry/rpms
	WEAK_KMODS=$entry/kmods
	mkdir -p "$ROOT"
	# the plugin, as rpm finds it through %__plugindir
	WEAK_PLUGINDIR=$top_builddir/plugin/rpm/.libs
}

weak_rpm_args()
{
	[ "$WEAK_VIA" = plugin ] || return 0
	[ -f "$WEAK_PLUGINDIR/ksym.so" ] || skip "the rpm plugin is not built"
	printf '%s\n' --define "__plugindir $WEAK_PLUGINDIR" \
		--define "__transaction_ksym %{__plugindir}/ksym.so"
}

# weak_rpm ARGS...: one rpm transaction in $ROOT, then (WEAK_VIA=command)
# 'ksym weak-updates'; rpm's and ksym's output go to $TEST_DIR/rpm.log.
weak_rpm()
{
	local args

	mapfile -t args < <(weak_rpm_args)
	rpm --root "$ROOT" --nodeps "${args[@]}" "$@" >"$TEST_DIR/rpm.log" 2>&1 ||
		{ cat "$TEST_DIR/rpm.log" >&2; fail "'rpm $*' failed"; }
	if [ "$WEAK_VIA" = command ]; then
		"$KSYM" weak-updates --root "$ROOT" >>"$TEST_DIR/rpm.log" 2>&1 ||
			{ cat "$TEST_DIR/rpm.log" >&2; fail "'ksym weak-updates' failed"; }
	fi
	cat "$TEST_DIR/rpm.log" >>"$TEST_DIR/all.log"
}

# weak_populate_root: what the file triggers run inside $ROOT (rpm runs
# scriptlets chrooted there): /bin/sh, the built ksym as /usr/bin/ksym,
# depmod, and the libraries they load, copied from this machine.
weak_populate_root()
{
	local f

	mkdir -p "$ROOT/usr/bin" "$ROOT/usr/sbin" "$ROOT/bin"
	# the triggers run ksym chrooted in the root: the binary itself, not
	# the valgrind wrapper of 'make check-valgrind'
	[ -z "${KSYM_VALGRIND:-}" ] || skip "the chrooted ksym cannot run under valgrind"
	cp "$KSYM" "$ROOT/usr/bin/ksym"
	cp "$(command -v depmod)" "$ROOT/usr/sbin/depmod"
	cp "$(readlink -f /bin/sh)" "$ROOT/bin/sh"
	for f in $(ldd "$KSYM" /usr/sbin/depmod /bin/sh | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
		mkdir -p "$ROOT$(dirname "$f")"
		cp -L "$f" "$ROOT$f"
	done
}

# weak_install NAME...: installs the test packages of these names.
weak_install()
{
	local files=() n

	for n in "$@"; do
		files+=("$WEAK_RPMS/$n"-[0-9]*.rpm)
	done
	weak_rpm -i "${files[@]}"
}

weak_erase() { weak_rpm -e "$@"; }

# expect_link RELEASE MODULE SOURCE: weak-updates/extra/MODULE.ko of RELEASE
# points at SOURCE's module, and modprobe finds it there.
expect_link()
{
	local link=$ROOT/lib/modules/$1/weak-updates/extra/$2.ko

	[ -L "$link" ] || { cat "$TEST_DIR/all.log" >&2; fail "no link '$link'"; }
	expect_eq "target of '$link'" "../../../$3/extra/$2.ko" "$(readlink "$link")"
	[ -f "$link" ] || fail "link '$link' is dangling"
	modprobe --dry-run -v -S "$1" -d "$ROOT" "$2" >"$TEST_DIR/modprobe" 2>&1 ||
		{ cat "$TEST_DIR/modprobe" >&2; fail "modprobe -S $1 cannot find '$2'"; }
	grep -qxF "insmod $link " "$TEST_DIR/modprobe" ||
		{ cat "$TEST_DIR/modprobe" >&2; fail "modprobe -S $1 does not load '$link'"; }
}

# expect_no_link RELEASE MODULE: no link, and depmod does not know one.
expect_no_link()
{
	local dir=$ROOT/lib/modules/$1

	[ ! -e "$dir/weak-updates/extra/$2.ko" ] && [ ! -L "$dir/weak-updates/extra/$2.ko" ] ||
		{ cat "$TEST_DIR/all.log" >&2; fail "unexpected link '$dir/weak-updates/extra/$2.ko'"; }
	if [ -f "$dir/modules.dep" ] && grep -q "^weak-updates/extra/$2.ko:" "$dir/modules.dep"; then
		fail "'$dir/modules.dep' still lists weak-updates/extra/$2.ko"
	fi
}
