#!/bin/bash
# ksym check --kernel K MODULE...: every import met by the kernel or by a
# module checked with it (exit 0), or one line per unmet import with the
# CRC wanted and the one offered, a count, and exit 1.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

k=$TEST_DIR/Module.symvers
line='%s\t%s\t%s\t%s\t%s\n'
# shellcheck disable=SC2059
printf "$line" \
	0x1c1fd6f6 module_layout vmlinux EXPORT_SYMBOL '' \
	0x11111111 _printk vmlinux EXPORT_SYMBOL '' >"$k"

run_ksym 1 check --kernel "$k" "$X86/user.ko" "$X86/mod.ko"
cat >"$TEST_DIR/want" <<EOF2
$X86/user.ko: fix_gpl: wants 0x99999999, module 'ksymfix' has 0x12345678
$X86/mod.ko: _printk: wants 0x92997ed8, kernel has 0x11111111
$X86/mod.ko: high_bit_crc: wants 0xdeadbeef, kernel has none
$X86/mod.ko: a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy: wants 0x00000001, kernel has none
2 of 2 modules cannot load into '$k'
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
expect_eq stderr "" "$(cat "$TEST_DIR/err")"

# met: the kernel has them all, with the same CRCs
# shellcheck disable=SC2059
printf "$line" \
	0x1c1fd6f6 module_layout vmlinux EXPORT_SYMBOL '' \
	0x0a0793bd fix_plain fix EXPORT_SYMBOL '' \
	0x99999999 fix_gpl fix EXPORT_SYMBOL '' >"$k"
run_ksym 0 check -k "$k" "$X86/user.ko"
expect_eq stdout "" "$(cat "$TEST_DIR/out")"
run_ksym 0 check -v -k "$k" "$X86/user.ko"
expect_eq stderr "ksym: '$X86/user.ko' can load into '$k'" "$(cat "$TEST_DIR/err")"
