# Sourced by tests/cli/*.sh after tests/lib.sh: where the ELF fixtures are
# (built by tests/fixtures/make-fixtures.sh at 'make check' time) and a
# fake rpm buildroot made of them.

FIXTURES=$top_builddir/tests/fixtures
[ -r "$FIXTURES/targets" ] ||
	skip "no fixtures in '$FIXTURES': run 'make check', which builds them"
[ -d "$FIXTURES/x86_64" ] ||
	skip "no x86_64 fixtures: the native binutils are missing"
X86=$FIXTURES/x86_64
# the release in the fixtures' vermagic
FIX_RELEASE=6.1.0-fix

# make_buildroot DIR: a kernel package and a kmod package in one root,
# laid out as rpm sees them:
#   /lib/modules/R/kernel/drivers/fix/ksymfix.ko.xz  in-tree module
#   /lib/modules/R/extra/ksym/ksymfix.ko             kmod, exports fix_*
#   /lib/modules/R/extra/ksym/ksymuser.ko            kmod, imports two
#   /boot/symvers-R.gz                               the kernel's exports
#   /usr/src/kernels/R/Module.symvers                the same, kernel-devel
# The kernel exports module_layout with the CRC the modules import and
# _printk with another one, and does not export fix_plain or fix_gpl.
make_buildroot()
{
	local br=$1 m=$1/lib/modules/$FIX_RELEASE

	mkdir -p "$m/kernel/drivers/fix" "$m/extra/ksym" "$br/boot" \
		"$br/usr/src/kernels/$FIX_RELEASE"
	cp "$X86/mod.ko.xz" "$m/kernel/drivers/fix/ksymfix.ko.xz"
	cp "$X86/mod.ko" "$m/extra/ksym/ksymfix.ko"
	cp "$X86/user.ko" "$m/extra/ksym/ksymuser.ko"
	printf '%s\t%s\t%s\t%s\t%s\n' \
		0x1c1fd6f6 module_layout vmlinux EXPORT_SYMBOL '' \
		0x11111111 _printk vmlinux EXPORT_SYMBOL '' \
		0x5eed0001 fix_other drivers/fix/other EXPORT_SYMBOL_GPL '' \
		>"$br/usr/src/kernels/$FIX_RELEASE/Module.symvers"
	gzip -n -c "$br/usr/src/kernels/$FIX_RELEASE/Module.symvers" \
		>"$br/boot/symvers-$FIX_RELEASE.gz"
}
