#!/bin/bash
# --setopt=ksym.kernel=RELEASE names the target: kmod-foo is installed for
# 6.1, not for the newest installed kernel 6.3.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.3 a=1 b=13
kmod kmod-foo 1.0 6.1 a=1 b=11
kmod kmod-foo 1.0 6.3 a=1 b=13
setup kernel-6.1-1 kernel-6.3-1

run_dnf 0 install kmod-foo --setopt=ksym.kernel=6.1-1.x86_64
expect_root kernel-6.1-1 kernel-6.3-1 kmod-foo-1.0-1.k6.1
