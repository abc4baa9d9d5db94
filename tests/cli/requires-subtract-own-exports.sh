#!/bin/bash
# ksym requires: an import that a module of the same package exports with
# the same CRC is no Requires at all; with another CRC it stays a
# ksym(sym). Per file (rpm < 4.20: the package is the buildroot's modules
# outside kernel/) and --multifile (the package is the files given).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

br=$TEST_DIR/root
make_buildroot "$br"
m=$br/lib/modules/$FIX_RELEASE

# ksymuser imports fix_plain (ksymfix exports it, same CRC) and fix_gpl
# (ksymfix exports another CRC); the kernel has neither
want_user='kernel(module_layout) = 0x1c1fd6f6
ksym(fix_gpl) = 0x99999999'

printf '%s\n' "$m/extra/ksym/ksymuser.ko" |
	RPM_BUILD_ROOT=$br run_ksym 0 requires --no-cache
expect_eq "per file" "$want_user" "$(cat "$TEST_DIR/out")"

printf '%s\n' "$m/extra/ksym/ksymuser.ko" "$m/extra/ksym/ksymfix.ko" |
	RPM_BUILD_ROOT=$br run_ksym 0 requires --multifile --no-cache
cat >"$TEST_DIR/want" <<EOF2
;$m/extra/ksym/ksymuser.ko
$want_user
;$m/extra/ksym/ksymfix.ko
kernel(module_layout) = 0x1c1fd6f6
ksym(_printk) = 0x92997ed8
ksym(high_bit_crc) = 0xdeadbeef
ksym(a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy) = 0x00000001
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/out"

# multifile without ksymfix in the run: fix_plain is not the package's own
printf '%s\n' "$m/extra/ksym/ksymuser.ko" |
	RPM_BUILD_ROOT=$br run_ksym 0 requires --multifile --no-cache
expect_eq "multifile alone" ";$m/extra/ksym/ksymuser.ko
kernel(module_layout) = 0x1c1fd6f6
ksym(fix_plain) = 0x0a0793bd
ksym(fix_gpl) = 0x99999999" "$(cat "$TEST_DIR/out")"

# the in-tree copy of ksymfix under kernel/ is not the kmod's own
rm "$m/extra/ksym/ksymfix.ko"
printf '%s\n' "$m/extra/ksym/ksymuser.ko" |
	RPM_BUILD_ROOT=$br run_ksym 0 requires --no-cache
expect_eq "in-tree exports are not own" 'kernel(module_layout) = 0x1c1fd6f6
ksym(fix_plain) = 0x0a0793bd
ksym(fix_gpl) = 0x99999999' "$(cat "$TEST_DIR/out")"
