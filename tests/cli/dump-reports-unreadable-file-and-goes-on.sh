#!/bin/bash
# ksym dump: a file it cannot read gets one error line naming it and the
# cause, the other files are still dumped, and the exit status is 1.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

printf 'not a module\n' >"$TEST_DIR/bad.ko"
head -c 300 "$X86/mod.ko.xz" >"$TEST_DIR/cut.ko.xz"
run_ksym 1 dump --format=modversions "$TEST_DIR/bad.ko" "$TEST_DIR/missing.ko" \
	"$TEST_DIR/cut.ko.xz" "$X86/user.ko"
printf '0x1c1fd6f6\tmodule_layout\n0x0a0793bd\tfix_plain\n0x99999999\tfix_gpl\n' \
	>"$TEST_DIR/want"
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
cat >"$TEST_DIR/want" <<EOF2
ksym: error: '$TEST_DIR/bad.ko': not an ELF object
ksym: error: cannot open '$TEST_DIR/missing.ko': No such file or directory
ksym: error: '$TEST_DIR/cut.ko.xz': xz data is truncated
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/err"
