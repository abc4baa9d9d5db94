#!/bin/bash
# The same through dnf: with the plugin named in the rpm macros dnf's
# librpm reads ($HOME/.rpmmacros here), 'dnf install' of kernel B after A
# and its kmod links the kmod into B, and 'dnf remove' of the kmod takes
# the link away. The repository is the test packages, made with
# createrepo_c.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
need dnf createrepo_c
weak_fixtures
[ -f "$WEAK_PLUGINDIR/ksym.so" ] || skip "the rpm plugin is not built"

mkdir -p "$TEST_DIR/repo" "$TEST_DIR/home"
cp "$WEAK_RPMS"/ksymtest-kernel-[ab]-*.rpm "$WEAK_RPMS"/kmod-ksymtest-a-6*.rpm "$TEST_DIR/repo/"
createrepo_c -q "$TEST_DIR/repo"
cat >"$TEST_DIR/home/.rpmmacros" <<EOT
%__plugindir $WEAK_PLUGINDIR
%__transaction_ksym %{__plugindir}/ksym.so
EOT

weak_dnf()
{
	HOME=$TEST_DIR/home dnf -y --installroot "$ROOT" --releasever 12 \
		--disablerepo='*' --repofrompath "test,file://$TEST_DIR/repo" \
		--enablerepo test --nogpgcheck --setopt=cachedir="$TEST_DIR/cache" \
		"$@" >"$TEST_DIR/dnf.log" 2>&1 ||
		{ cat "$TEST_DIR/dnf.log" >&2; fail "'dnf $*' failed"; }
	cat "$TEST_DIR/dnf.log" >>"$TEST_DIR/all.log"
}

weak_dnf install ksymtest-kernel-a kmod-ksymtest-a
expect_no_link "$REL_A" ksymtest_a
weak_dnf install ksymtest-kernel-b
expect_link "$REL_B" ksymtest_a "$REL_A"
weak_dnf remove kmod-ksymtest-a
expect_no_link "$REL_B" ksymtest_a
