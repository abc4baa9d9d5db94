#!/bin/bash
# policy=warn in ksym.conf: the new kernel without a kmod-bar build is
# installed, dnf says which kmod it cannot load and why, and no build for
# a kernel that is not in the outcome (6.2) comes along.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12
kernel 6.3 a=1 b=13
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12
setup kernel-6.1-1 kmod-bar-1.0-1.k6.1
printf '[main]\nenabled=1\npolicy=warn\n' >"$TEST_DIR/pluginconf/ksym.conf"

run_dnf 0 upgrade
expect_root kernel-6.1-1 kernel-6.3-1 kmod-bar-1.0-1.k6.1
expect_err "ksym: kmod-bar has no build that kernel-6.3-1.x86_64 can load"
expect_err "ksym: installing kernel-6.3-1.x86_64 anyway (policy=warn)"
