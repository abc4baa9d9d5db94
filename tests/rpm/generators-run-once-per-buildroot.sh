#!/bin/bash
# On rpm 4.16 and later the generators run ksym-rpmdeps once per buildroot
# and kind, not once per file: the kernel package of the test kernel (all
# its modules and its symvers file) starts it once, for the Provides, and
# gets the same Provides as with ksym-rpmdeps started for every file, the
# way rpm 4.14 and 4.15 run it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
rpm_version=$(rpm --version | awk '{ print $3 }')
[ "$(printf '%s\n4.16\n' "$rpm_version" | sort -V | head -n1)" = 4.16 ] ||
	skip "rpm $rpm_version expands no macro generators"
kernel_tree 6.1

# a ksym-rpmdeps that notes each start in @STARTS@, then runs the real one
real=${KSYM_RPMDEPS:-$top_builddir/ksym-rpmdeps}
cat >"$TEST_DIR/rpmdeps.in" <<WRAP
#!/bin/sh
echo "\$*" >>@STARTS@
exec "$real" "\$@"
WRAP
# build_kernel DIR ARGS...: the kernel package, in DIR, starts in DIR/starts
build_kernel()
{
	local dir=$1
	shift
	setup_rpmbuild "$dir"
	sed "s|@STARTS@|$dir/starts|" "$TEST_DIR/rpmdeps.in" >"$dir/rpmdeps"
	chmod +x "$dir/rpmdeps"
	KSYM_RPMDEPS=$dir/rpmdeps ksym_rpmbuild -bb \
		"$top_srcdir/tests/rpm/kernel-prebuilt.rpmspec" \
		--define "ksym_objtree $OBJTREE" --define "ksym_moddir $MODDIR" \
		--define "ksym_release $RELEASE" "$@" >"$dir/log" 2>&1 ||
		{ tail -20 "$dir/log" >&2; fail "rpmbuild failed (log '$dir/log')"; }
}
build_kernel "$TEST_DIR/macro"
# the generator as a plain command: rpm starts it for every file
build_kernel "$TEST_DIR/command" \
	--define '__ksym_provides %{__ksym_rpmdeps} provides'

modules=$(find "$MODDIR" -name '*.ko*' | wc -l)
[ "$modules" -gt 10 ] || fail "only $modules modules in the test kernel"
starts=$(wc -l <"$TEST_DIR/macro/starts")
[ "$starts" -eq 1 ] ||
	{ cat "$TEST_DIR/macro/starts" >&2; fail "$starts starts of ksym-rpmdeps for $modules modules"; }
grep -q -- ' --scan ' "$TEST_DIR/macro/starts" || fail "the one start was not a --scan"
per_file=$(wc -l <"$TEST_DIR/command/starts")
[ "$per_file" -gt "$modules" ] ||
	fail "the command form started ksym-rpmdeps only $per_file times"

rpm_deps provides "$(ls "$TEST_DIR"/command/RPMS/*/kernel-[0-9]*.rpm)" >"$TEST_DIR/want"
rpm_deps provides "$(ls "$TEST_DIR"/macro/RPMS/*/kernel-[0-9]*.rpm)" >"$TEST_DIR/got"
expect_output "$TEST_DIR/want" "$TEST_DIR/got"
note "1 start of ksym-rpmdeps for $modules modules, against $per_file"
