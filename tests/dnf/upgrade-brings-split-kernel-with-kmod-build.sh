#!/bin/bash
# dnf upgrade to a split kernel: 6.2 (kernel-core and kernel-modules) and
# kmod-bar built for it are installed; the repository has 6.3 in two
# packages and a kmod-bar build needing symbols of both. The plugin counts
# the two packages as one kernel, so 6.3 is not held back: the upgrade
# brings both of its packages and the kmod-bar build for it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

split_kernel 6.2 a=1 -- m=22
split_kernel 6.3 a=1 -- m=23
kmod kmod-bar 1.0 6.2 a=1 m=22
kmod kmod-bar 1.0 6.3 a=1 m=23
setup kernel-core-6.2-1 kernel-modules-6.2-1 kmod-bar-1.0-1.k6.2

run_dnf 0 upgrade
expect_root kernel-core-6.2-1 kernel-modules-6.2-1 kmod-bar-1.0-1.k6.2 \
	kernel-core-6.3-1 kernel-modules-6.3-1 kmod-bar-1.0-1.k6.3
