#!/bin/bash
# ksym dump --format=modversions prints a module's imports exactly as
# 'modprobe --dump-modversions' does (kmod reads the same __versions).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"
need modprobe

for f in mod.ko mod.ko.xz mod-signed.ko user.ko; do
	modprobe --dump-modversions "$X86/$f" >"$TEST_DIR/want" ||
		fail "modprobe --dump-modversions '$f' failed"
	[ -s "$TEST_DIR/want" ] || fail "modprobe printed nothing for '$f'"
	run_ksym 0 dump --format=modversions "$X86/$f"
	expect_output "$TEST_DIR/want" "$TEST_DIR/out"
done

# and the 32-bit big-endian __versions, where modprobe cannot go
tab=$(printf '\t')
[ -d "$FIXTURES/mips" ] || skip "no mips fixtures: binutils-mips-linux-gnu missing"
run_ksym 0 dump --format=modversions "$FIXTURES/mips/user.ko"
printf '0x1c1fd6f6\tmodule_layout\n0x0a0793bd\tfix_plain\n0x99999999\tfix_gpl\n' \
	>"$TEST_DIR/want"
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
