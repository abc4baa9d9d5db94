#!/bin/bash
# 'rpmbuild -ta' on the 'make dist' tarball builds ksym's packages, and
# installing them into a root with 'rpm --root' makes the generators and
# macros active for rpmbuilds run in that root.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
need rpmbuild
run_once "make dist and rpmbuild -ta build ksym twice more; no ksym code runs that others do not"
[ -z "${KSYM_TESTS_NO_KERNEL:-}" ] || skip "slow: builds ksym once more"

tarball=$(ls "$top_builddir"/ksym-*.tar.xz 2>/dev/null | head -n1)
if [ -z "$tarball" ]; then
	make -C "$top_builddir" dist >"$TEST_DIR/dist.log" 2>&1 ||
		{ tail "$TEST_DIR/dist.log" >&2; fail "make dist failed"; }
	tarball=$(ls "$top_builddir"/ksym-*.tar.xz | head -n1)
fi
top=$TEST_DIR/rpmbuild
rpmbuild -ta --nodeps --define "_topdir $top" --define "_dbpath $top/db" \
	"$tarball" >"$TEST_DIR/build.log" 2>&1 ||
	{ tail -30 "$TEST_DIR/build.log" >&2; fail "rpmbuild -ta failed"; }
for sub in ksym ksym-devel python3-dnf-plugin-ksym; do
	ls "$top"/RPMS/*/"$sub"-[0-9]*.rpm >/dev/null 2>&1 || fail "no $sub package"
done

root=$TEST_DIR/root
mkdir -p "$root"
rpm --root "$root" -i --nodeps --noscripts --nosignature \
	"$top"/RPMS/*/ksym-[0-9]*.rpm >"$TEST_DIR/install.log" 2>&1 ||
	{ cat "$TEST_DIR/install.log" >&2; fail "rpm --root -i failed"; }
test -f "$root/usr/lib/rpm/fileattrs/ksym.attr" || fail "no ksym.attr in the root"
# the root's rpm configuration now names our generators and their settings
attrs=$root/usr/lib/rpm/fileattrs
eval_root()
{
	rpm --root "$root" --macros "/usr/lib/rpm/macros:$root/usr/lib/rpm/macros.d/macros.ksym:$attrs/ksym.attr:$attrs/ksymkmod.attr" \
		--eval "$1"
}
expect_eq "%__ksym in the root" /usr/bin/ksym "$(eval_root '%{__ksym}')"
rpmdeps=$(eval_root '%{__ksym_rpmdeps}')
test -x "$root$rpmdeps" || fail "no generator program '$rpmdeps' in the root"
case $(eval_root '%{__ksymkmod_requires}') in
"$rpmdeps requires"*) ;;
*) fail "the root's %__ksymkmod_requires is '$(eval_root '%{__ksymkmod_requires}')'" ;;
esac
case $(eval_root '%{__ksym_provides}') in
"$rpmdeps provides"*) ;;
*) fail "the root's %__ksym_provides is '$(eval_root '%{__ksym_provides}')'" ;;
esac
test -x "$root/usr/bin/ksym" || fail "no ksym command in the root"
