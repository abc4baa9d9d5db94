#!/bin/bash
# Files under weak-updates/ that ksym did not make (an admin's module, a
# symlink of another shape) stay untouched, and a module file of that name
# there takes precedence over a link.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
WEAK_VIA=rpm
weak_fixtures

weak_install ksymtest-kernel-a kmod-ksymtest-a kmod-ksymtest-b ksymtest-kernel-b
wu=$ROOT/lib/modules/$REL_B/weak-updates
mkdir -p "$wu/extra" "$wu/mine"
cp "$WEAK_KMODS/kmod-a/ksymtest_a.ko" "$wu/mine/ksymtest_a.ko"
ln -s "/lib/modules/$REL_A/extra/ksymtest_b.ko" "$wu/extra/ksymtest_b.ko"

run_ksym 0 weak-updates --root "$ROOT"
expect_eq "output" "" "$(cat "$TEST_DIR/out")"
expect_eq "the other symlink" "/lib/modules/$REL_A/extra/ksymtest_b.ko" \
	"$(readlink "$wu/extra/ksymtest_b.ko")"
[ -f "$wu/mine/ksymtest_a.ko" ] && [ ! -L "$wu/mine/ksymtest_a.ko" ] ||
	fail "the admin's module is gone"
[ ! -e "$wu/extra/ksymtest_a.ko" ] || fail "linked ksymtest_a over the admin's"
