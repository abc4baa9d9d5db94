#!/bin/bash
# On all modules of Debian's newest linux-image-6.1.0-*-amd64-unsigned
# (about 4,000), the exports ksym reads equal the module lines of the
# Module.symvers in linux-headers-<abi>-amd64 of the same ABI. Both
# packages are fetched once with tests/kernel/fetch-deb.sh and cached in
# $KSYM_TEST_CACHE/debs.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/kernel/real-lib.sh"
need_script fetch-deb.sh

image=$("$top_srcdir/tests/kernel/fetch-deb.sh" --newest-unsigned-6.1) ||
	skip "cannot fetch linux-image-6.1.0-*-amd64-unsigned"
abi=$(basename "$(ls -d "$image"/lib/modules/*/ | head -n1)")
headers=$("$top_srcdir/tests/kernel/fetch-deb.sh" "linux-headers-$abi") ||
	skip "cannot fetch linux-headers-$abi"
symvers=$headers/usr/src/linux-headers-$abi/Module.symvers
[ -r "$symvers" ] || fail "linux-headers-$abi has no '$symvers'"

list_modules "$image/lib/modules/$abi"
compare_exports "Debian $abi" "$symvers"
