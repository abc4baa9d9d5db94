#!/bin/bash
# ksym provides --multifile (rpm 4.20's protocol): one run for all files,
# ";PATH" before each file's lines, in input order, files without
# dependencies included.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

br=$TEST_DIR/root
make_buildroot "$br"
m=$br/lib/modules/$FIX_RELEASE
printf '%s\n' "$m/extra/ksym/ksymuser.ko" "$br/usr/src/kernels/$FIX_RELEASE/Module.symvers" \
	"$m/kernel/drivers/fix/ksymfix.ko.xz" "$br/boot/symvers-$FIX_RELEASE.gz" \
	>"$TEST_DIR/files"

RPM_BUILD_ROOT=$br run_ksym 0 provides --multifile <"$TEST_DIR/files"
cat >"$TEST_DIR/want" <<EOF2
;$m/extra/ksym/ksymuser.ko
kmod(ksymuser.ko)
;$br/usr/src/kernels/$FIX_RELEASE/Module.symvers
;$m/kernel/drivers/fix/ksymfix.ko.xz
kernel(fix_ns) = 0xfedcba98
kernel(fix_plain) = 0x0a0793bd
kernel(fix_gpl) = 0x12345678
kernel(fix_gpl_ns) = 0x80000001
kmod(ksymfix.ko)
;$br/boot/symvers-$FIX_RELEASE.gz
kernel(module_layout) = 0x1c1fd6f6
kernel(_printk) = 0x11111111
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
expect_eq stderr "" "$(cat "$TEST_DIR/err")"
