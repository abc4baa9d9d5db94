#!/bin/bash
# ksym provides, one file per run (rpm before 4.20): kernel(sym) for the
# vmlinux lines of /boot/symvers-R.gz and for in-tree modules under
# /lib/modules/R/kernel/, ksym(sym) for modules elsewhere (extra/),
# kmod(name.ko) for every module, nothing for other files.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

br=$TEST_DIR/root
make_buildroot "$br"
m=$br/lib/modules/$FIX_RELEASE

provides() # FILE EXPECTED...
{
	local f=$1
	shift
	printf '%s\n' "$f" | RPM_BUILD_ROOT=$br run_ksym 0 provides
	printf '%s\n' "$@" >"$TEST_DIR/want"
	[ $# -gt 0 ] || : >"$TEST_DIR/want"
	expect_output "$TEST_DIR/want" "$TEST_DIR/out"
	expect_eq "stderr for '$f'" "" "$(cat "$TEST_DIR/err")"
}

provides "$br/boot/symvers-$FIX_RELEASE.gz" \
	'kernel(module_layout) = 0x1c1fd6f6' 'kernel(_printk) = 0x11111111'
provides "$m/kernel/drivers/fix/ksymfix.ko.xz" \
	'kernel(fix_ns) = 0xfedcba98' 'kernel(fix_plain) = 0x0a0793bd' \
	'kernel(fix_gpl) = 0x12345678' 'kernel(fix_gpl_ns) = 0x80000001' \
	'kmod(ksymfix.ko)'
provides "$m/extra/ksym/ksymfix.ko" \
	'ksym(fix_ns) = 0xfedcba98' 'ksym(fix_plain) = 0x0a0793bd' \
	'ksym(fix_gpl) = 0x12345678' 'ksym(fix_gpl_ns) = 0x80000001' \
	'kmod(ksymfix.ko)'
provides "$m/extra/ksym/ksymuser.ko" 'kmod(ksymuser.ko)'
# kernel-devel's Module.symvers provides nothing: the kernel package does
provides "$br/usr/src/kernels/$FIX_RELEASE/Module.symvers"

# --root instead of RPM_BUILD_ROOT, and /usr/lib/modules
mkdir -p "$br/usr/lib/modules/$FIX_RELEASE/updates"
cp "$X86/mod.ko.zst" "$br/usr/lib/modules/$FIX_RELEASE/updates/z.ko.zst"
printf '%s\n' "$br/usr/lib/modules/$FIX_RELEASE/updates/z.ko.zst" |
	run_ksym 0 provides --root="$br"
expect_eq "usr/lib, --root" "ksym(fix_ns) = 0xfedcba98
ksym(fix_plain) = 0x0a0793bd
ksym(fix_gpl) = 0x12345678
ksym(fix_gpl_ns) = 0x80000001
kmod(z.ko)" "$(cat "$TEST_DIR/out")"
