#!/bin/bash
# A devel set missing a file the build needs fails the proof, and the
# message names the file and what needed it. --exclude takes the file out
# of the set the way a wrong rule would; the kernel is the real 6.1 tree.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"

devel_tree 6.1
run_ksym 1 devel install --srctree "$SRCTREE" --root "$TEST_DIR/a" \
	--filelist "$TEST_DIR/a.files" --exclude scripts/module.lds
grep -q "^ksym: error: the devel set lacks 'scripts/module.lds', needed by '" \
	"$TEST_DIR/err" || fail "module.lds not named: $(cat "$TEST_DIR/err")"
[ ! -e "$TEST_DIR/a.files" ] || fail "a failed run left a file list"

run_ksym 1 devel install --srctree "$SRCTREE" --root "$TEST_DIR/b" \
	--exclude include/linux/printk.h
grep -q "^ksym: error: the devel set lacks 'include/linux/printk.h', needed by '" \
	"$TEST_DIR/err" || fail "printk.h not named: $(cat "$TEST_DIR/err")"

run_ksym 1 devel install --srctree "$SRCTREE" --root "$TEST_DIR/c" \
	--exclude scripts/mod/modpost
grep -q "^ksym: error: the devel set lacks 'scripts/mod/modpost'" "$TEST_DIR/err" ||
	fail "modpost not named: $(cat "$TEST_DIR/err")"
