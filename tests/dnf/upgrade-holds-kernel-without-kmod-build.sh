#!/bin/bash
# FIELD.md 5, first row: kmod-bar for 6.1 installed; the repository adds
# kernels 6.2 and 6.3 and kmod-bar for 6.2 only. Plain dnf installs both
# kernels and replaces 6.1's kmod. With the plugin (policy=hold) 6.3 is
# held back with the reason, and 6.2 comes with its own kmod-bar build.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12
kernel 6.3 a=1 b=13
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12
setup kernel-6.1-1 kmod-bar-1.0-1.k6.1

run_dnf 0 upgrade
expect_root kernel-6.1-1 kernel-6.2-1 kmod-bar-1.0-1.k6.1 kmod-bar-1.0-1.k6.2
expect_err "ksym: holding back kernel-6.3-1.x86_64"
expect_err "ksym: kmod-bar has no build that kernel-6.3-1.x86_64 can load"
expect_err "ksym:   kernel(b): wants 0x00000012, kernel-6.3-1.x86_64 offers 0x00000013"
