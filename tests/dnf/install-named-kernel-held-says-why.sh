#!/bin/bash
# 'dnf install kernel-6.3' when installed kmod-bar has no build for 6.3:
# policy=hold refuses with the reason and a hint; nothing changes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.3 a=1 b=13
kmod kmod-bar 1.0 6.1 a=1 b=11
setup kernel-6.1-1 kmod-bar-1.0-1.k6.1

run_dnf 1 install kernel-6.3
expect_root kernel-6.1-1 kmod-bar-1.0-1.k6.1
expect_err "ksym: error: kernel-6.3-1.x86_64 is held back: kmod-bar has no build for it"
expect_err "ksym: hint: use --setopt=ksym.policy=warn to install it anyway"
