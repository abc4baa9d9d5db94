#!/bin/bash
# Repository kernels whose kernel() Provides are odd (a non-hex CRC, no
# CRC at all, an empty symbol name, SUSE's spelling) do not break the
# plugin: dnf installs the kmod build the installed kernel can load, with
# no Python traceback.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

odd()
{
	cat <<'DEPS'
Provides: installonlypkg(kernel)
Provides: kernel(a) = 0x00000001
Provides: kernel(b) = 0x0000000c
Provides: kernel(bad) = 0xnothex
Provides: kernel(nocrc)
Provides: kernel()
Provides: ksym(default:c) = 1f
DEPS
}
odd | build_pkg kernel 6.5 1
kernel 6.4 a=1 b=99
kmod kmod-bar 1.0 6.5 a=1 b=c
kmod kmod-bar 1.1 6.4 a=1 b=99
setup kernel-6.5-1

run_dnf 0 install kmod-bar
expect_root kernel-6.5-1 kmod-bar-1.0-1.k6.5
if grep -q Traceback "$TEST_DIR/err" "$TEST_DIR/out"; then
	sed 's/^/  stderr: /' "$TEST_DIR/err" >&2
	fail "a Python traceback"
fi
