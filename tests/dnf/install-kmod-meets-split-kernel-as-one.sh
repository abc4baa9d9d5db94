#!/bin/bash
# A kernel split as Fedora splits it (kernel-core providing kernel-uname-r,
# kernel-modules requiring it and providing the exports of its modules)
# is one kernel: installed 6.3 in two packages, dnf install kmod-bar takes
# the build whose symbols come from both, not the newer build for 6.2,
# and pulls in no package of kernel 6.2.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

split_kernel 6.2 a=1 -- m=22
split_kernel 6.3 a=1 -- m=23
kmod kmod-bar 1.1 6.2 a=1 m=22
kmod kmod-bar 1.0 6.3 a=1 m=23
setup kernel-core-6.3-1 kernel-modules-6.3-1

run_dnf 0 install kmod-bar
expect_root kernel-core-6.3-1 kernel-modules-6.3-1 kmod-bar-1.0-1.k6.3
