#!/bin/bash
# A kABI-stable stream: kernel 6.1.1 keeps every CRC of 6.1, so the one
# installed kmod-foo build counts for both and the new kernel is not held.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.1.1 a=1 b=11
kmod kmod-foo 1.0 6.1 a=1 b=11
setup kernel-6.1-1 kmod-foo-1.0-1.k6.1

run_dnf 0 upgrade
expect_root kernel-6.1-1 kernel-6.1.1-1 kmod-foo-1.0-1.k6.1
