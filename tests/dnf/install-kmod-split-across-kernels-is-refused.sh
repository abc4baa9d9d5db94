#!/bin/bash
# FIELD.md 5, third row: kmod-baz needs a symbol only 6.1 has and one only
# 6.3 has. Plain dnf installs both kernels; with the plugin no kernel can
# load it, so the install fails and nothing changes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.3 a=3 b=13
kmod kmod-baz 1.0 mixed a=1 b=13
setup kernel-6.3-1

run_dnf 1 install kmod-baz
expect_root kernel-6.3-1
expect_err "ksym: error: cannot install 'kmod-baz'"
