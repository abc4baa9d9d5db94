#!/bin/bash
# ksym requires: a kmod's import is kernel(sym) when the build kernel's
# Module.symvers has that name with that CRC, ksym(sym) otherwise (other
# CRC, or absent); the build kernel is found from the module's vermagic in
# the buildroot's /usr/src/kernels/R/, or named with --symvers.
# In-tree modules and non-module files require nothing.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

br=$TEST_DIR/root
make_buildroot "$br"
m=$br/lib/modules/$FIX_RELEASE
cache=$TEST_DIR/cache
mkdir -m 0700 "$cache"

want_mod='kernel(module_layout) = 0x1c1fd6f6
ksym(_printk) = 0x92997ed8
ksym(high_bit_crc) = 0xdeadbeef
ksym(a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy) = 0x00000001'

# found from vermagic in the buildroot; twice, the second from the cache
for pass in cold warm; do
	printf '%s\n' "$m/extra/ksym/ksymfix.ko" |
		RPM_BUILD_ROOT=$br run_ksym 0 requires --cache-dir="$cache"
	expect_eq "requires ($pass cache)" "$want_mod" "$(cat "$TEST_DIR/out")"
	expect_eq "stderr ($pass cache)" "" "$(cat "$TEST_DIR/err")"
done
ls "$cache"/symvers-*.idx >/dev/null 2>&1 || fail "no index was cached in '$cache'"

# --symvers names another build kernel: now _printk matches
printf '0x92997ed8\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n' | gzip -c >"$TEST_DIR/other.gz"
printf '%s\n' "$m/extra/ksym/ksymfix.ko" |
	RPM_BUILD_ROOT=$br run_ksym 0 requires --no-cache --symvers="$TEST_DIR/other.gz"
expect_eq "requires --symvers" 'ksym(module_layout) = 0x1c1fd6f6
kernel(_printk) = 0x92997ed8
ksym(high_bit_crc) = 0xdeadbeef
ksym(a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy) = 0x00000001' \
	"$(cat "$TEST_DIR/out")"

for f in "$m/kernel/drivers/fix/ksymfix.ko.xz" "$br/boot/symvers-$FIX_RELEASE.gz"; do
	printf '%s\n' "$f" | RPM_BUILD_ROOT=$br run_ksym 0 requires --no-cache
	expect_eq "requires of '$f'" "" "$(cat "$TEST_DIR/out")"
done
