#!/bin/bash
# The %files list ksym devel writes is read back by rpmbuild exactly, for
# file names rpm treats specially: spaces, %, glob characters, braces,
# quotes and backslashes. A name rpm cannot take (a newline) is refused
# with an error and leaves no list. The tree is a hard-linked copy of the
# real 6.1 tree with such headers added.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"

need rpmbuild rpm
devel_tree 6.1
tree=$TEST_DIR/tree
cp -al "$SRCTREE" "$tree"
names=('odd name.h' '100%.h' '%{name}.h' '%%x.h' 'star*.h' 'q?.h' '[br].h'
	'{brace}.h' 'quote"d.h' 'back\slash.h' ' lead.h' 'c,d.h' "it's.h" 'ü.h')
mkdir -p "$tree/include/ksym odd"
for n in "${names[@]}"; do
	printf '/* %s */\n' "$n" >"$tree/include/ksym odd/$n"
done

root=$TEST_DIR/root
run_ksym 0 devel install --srctree "$tree" --root "$root" --no-proof \
	--filelist "$TEST_DIR/files"
cat >"$TEST_DIR/t.spec" <<SPEC
Name: ksym-filelist-test
Version: 1
Release: 1
Summary: file list test
License: MIT
%description
file list test
%install
cp -a "$root/." %{buildroot}/
%files -f $TEST_DIR/files
SPEC
rpmbuild -bb --nodeps --define "_topdir $TEST_DIR/rpm" --define 'debug_package %{nil}' \
	--define '__brp_strip %{nil}' --define '__os_install_post %{nil}' \
	--define '_build_id_links none' \
	"$TEST_DIR/t.spec" >"$TEST_DIR/rpmbuild.log" 2>&1 ||
	fail "rpmbuild rejected the list: $(grep -i error "$TEST_DIR/rpmbuild.log" | head)"
rpm -qlp "$TEST_DIR"/rpm/RPMS/*/*.rpm >"$TEST_DIR/packaged"
for n in "${names[@]}"; do
	grep -qxF "/usr/src/kernels/$RELEASE/include/ksym odd/$n" "$TEST_DIR/packaged" ||
		fail "'$n' is not in the package"
done
expect_eq "packaged files" "$(cd "$root" && find . ! -type d | wc -l)" \
	"$(rpm -qlp --qf '' "$TEST_DIR"/rpm/RPMS/*/*.rpm | while IFS= read -r f; do
		[ -d "$root$f" ] || echo; done | wc -l)"

printf '/* bad */\n' >"$tree/include/ksym odd/new
line.h"
run_ksym 1 devel install --srctree "$tree" --root "$TEST_DIR/root2" --no-proof \
	--filelist "$TEST_DIR/files2"
grep -q "^ksym: error: cannot take 'include/ksym odd/new$" "$TEST_DIR/err" ||
	fail "the newline name is not refused: $(cat "$TEST_DIR/err")"
[ ! -e "$TEST_DIR/files2" ] || fail "a refused run left a file list"
