#!/bin/bash
# The same tree gives the same list and the same bytes on every run: two
# installs of the real 6.1 tree into two roots are identical, file lists
# included, and 'list' prints sorted paths.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"

devel_tree 6.1
devel_install "$TEST_DIR/a" --no-proof --filelist "$TEST_DIR/a.files"
devel_install "$TEST_DIR/b" --no-proof --filelist "$TEST_DIR/b.files"
diff -r --no-dereference "$TEST_DIR/a" "$TEST_DIR/b" >&2 ||
	fail "two installs differ"
cmp "$TEST_DIR/a.files" "$TEST_DIR/b.files" || fail "two file lists differ"

run_ksym 0 devel list --srctree "$SRCTREE"
LC_ALL=C sort -c "$TEST_DIR/out" || fail "the list is not sorted"
expect_eq "listed = installed" "$(wc -l <"$TEST_DIR/out")" \
	"$(cd "$TEST_DIR/a/usr/src/kernels/$RELEASE" && find . -type f | wc -l)"
