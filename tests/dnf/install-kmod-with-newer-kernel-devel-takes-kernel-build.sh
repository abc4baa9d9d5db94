#!/bin/bash
# kernel-devel says installonlypkg(kernel) but is no kernel: with kernel
# 6.1 installed beside kernel-devel of 6.1 and of 6.4 (akmods users keep
# devel packages; 6.4's kernel is not there), dnf install kmod-bar takes
# the 6.1 build, and dnf kmod check names kernel 6.1 alone. Devel
# packages built by %kernel_devel_package look like these.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

# devel VERSION: kernel-devel-VERSION-1, with no symbols
devel()
{
	{
		echo 'Provides: installonlypkg(kernel)'
		echo "Provides: kernel-devel-uname-r = $1-1.$(rpm --eval '%{_arch}')"
	} | build_pkg kernel-devel "$1" 1
}

kernel 6.1 a=1 b=11
devel 6.1
devel 6.4
kmod kmod-bar 1.0 6.1 a=1 b=11
setup kernel-6.1-1 kernel-devel-6.1-1 kernel-devel-6.4-1

run_dnf 0 install kmod-bar
expect_root kernel-6.1-1 kernel-devel-6.1-1 kernel-devel-6.4-1 kmod-bar-1.0-1.k6.1
arch=$(rpm --eval '%{_arch}')
echo "kmod-bar-1.0-1.k6.1.$arch: kernel-6.1-1.$arch" >"$TEST_DIR/expected"
run_dnf 0 -q kmod check kmod-bar
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
