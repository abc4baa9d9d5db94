#!/bin/bash
# --prepare learns its extra files by tracing make prepare on scratch
# copies; what it learns must not depend on the run: two --prepare
# installs of the real 6.1 tree into two roots are identical, file lists
# included, and hold more than the default set.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"
run_once "two traced make prepare learnings take minutes; same code as the other --prepare tests"

devel_tree 6.1
devel_install "$TEST_DIR/a" --no-proof --prepare --filelist "$TEST_DIR/a.files"
devel_install "$TEST_DIR/b" --no-proof --prepare --filelist "$TEST_DIR/b.files"
diff -r --no-dereference "$TEST_DIR/a" "$TEST_DIR/b" >&2 ||
	fail "two --prepare installs differ"
cmp "$TEST_DIR/a.files" "$TEST_DIR/b.files" || fail "two --prepare file lists differ"
devel_install "$TEST_DIR/c" --no-proof --filelist "$TEST_DIR/c.files"
[ "$(wc -l <"$TEST_DIR/a.files")" -gt "$(wc -l <"$TEST_DIR/c.files")" ] ||
	fail "--prepare added nothing to the default set"
note "$(wc -l <"$TEST_DIR/a.files") list entries with --prepare," \
	"$(wc -l <"$TEST_DIR/c.files") without"
