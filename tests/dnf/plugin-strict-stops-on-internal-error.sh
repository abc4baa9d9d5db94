#!/bin/bash
# strict=1: the same internal error as in the test before stops dnf, and
# nothing is installed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

mkdir -p "$TEST_DIR/broken"
ln -s "$PLUGIN_PATH/ksym.py" "$TEST_DIR/broken/ksym.py"
kernel 6.3 a=1 b=13
kmod kmod-bar 1.0 6.3 a=1 b=13
setup kernel-6.3-1

KSYM_PLUGIN_PATH=$TEST_DIR/broken run_dnf 1 install kmod-bar --setopt=ksym.strict=1
expect_root kernel-6.3-1
expect_err "ksym: error: cannot load the _ksym extension"
