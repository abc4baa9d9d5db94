#!/bin/bash
# Only kernel 6.3 is installed and kmod-bar exists for 6.2 only: the
# install fails with the short form of 'dnf kmod why' (each differing
# symbol, wanted and offered CRC) and the root is left as it was.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.2 a=1 b=12 c=3
kernel 6.3 a=1 b=13
kmod kmod-bar 1.0 6.2 a=1 b=12 c=3
setup kernel-6.3-1

run_dnf 1 install kmod-bar
expect_root kernel-6.3-1
expect_err "ksym: error: cannot install 'kmod-bar': no build of it can load into kernel-6.3-1.x86_64"
expect_err "ksym: kmod-bar-1.0-1.k6.2.x86_64 cannot load into kernel-6.3-1.x86_64: 2 symbols differ"
expect_err "ksym:   kernel(b): wants 0x00000012, kernel-6.3-1.x86_64 offers 0x00000013"
expect_err "ksym:   kernel(c): wants 0x00000003, kernel-6.3-1.x86_64 offers none"
expect_err "ksym: hint: 'dnf kmod why kmod-bar' lists every symbol"
