#!/bin/bash
# ksym provides/requires on a module they cannot read, or with no build
# kernel to compare against: an error (and a hint) on stderr, a line rpm
# refuses on stdout (rpm ignores a generator's exit status, but fails the
# build on a malformed dependency), exit status 1; the other files of a
# multifile run still get their lines.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

br=$TEST_DIR/root
make_buildroot "$br"
m=$br/lib/modules/$FIX_RELEASE
printf 'garbage\n' >"$m/extra/ksym/bad.ko"
rel=/lib/modules/$FIX_RELEASE/extra/ksym

for cmd in provides requires; do
	printf '%s\n' "$m/extra/ksym/bad.ko" | RPM_BUILD_ROOT=$br run_ksym 1 $cmd --no-cache
	expect_eq "$cmd stdout" "!ksym-error:cannot-generate-dependencies-for:$rel/bad.ko" \
		"$(cat "$TEST_DIR/out")"
	expect_eq "$cmd stderr" "ksym: error: '$m/extra/ksym/bad.ko': not an ELF object" \
		"$(cat "$TEST_DIR/err")"
done

printf '%s\n' "$m/extra/ksym/bad.ko" "$m/extra/ksym/ksymuser.ko" |
	RPM_BUILD_ROOT=$br run_ksym 1 provides --multifile
expect_eq "multifile stdout" ";$m/extra/ksym/bad.ko
!ksym-error:cannot-generate-dependencies-for:$rel/bad.ko
;$m/extra/ksym/ksymuser.ko
kmod(ksymuser.ko)" "$(cat "$TEST_DIR/out")"

# an ELF object that is no module
cp "$X86/vmlinux" "$m/extra/ksym/vmlinux.ko"
printf '%s\n' "$m/extra/ksym/vmlinux.ko" | RPM_BUILD_ROOT=$br run_ksym 1 provides
expect_eq "not a module" "ksym: error: '$m/extra/ksym/vmlinux.ko': an ELF object, but not a kernel module" \
	"$(cat "$TEST_DIR/err")"

# no Module.symvers for the module's kernel anywhere
rm -r "$br/usr/src/kernels" "$br/boot"
printf '%s\n' "$m/extra/ksym/ksymuser.ko" |
	RPM_BUILD_ROOT=$br run_ksym 1 requires --no-cache
expect_eq "no symvers stdout" "!ksym-error:cannot-generate-dependencies-for:$rel/ksymuser.ko" \
	"$(cat "$TEST_DIR/out")"
expect_eq "no symvers stderr" "ksym: error: cannot find the Module.symvers of kernel '$FIX_RELEASE', which '$rel/ksymuser.ko' was built for
ksym: hint: install the kernel-devel package of '$FIX_RELEASE', or name its Module.symvers with --define '_ksym_symvers PATH'" \
	"$(cat "$TEST_DIR/err")"
