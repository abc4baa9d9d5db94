#!/bin/bash
# An internal error (here: the C extension cannot be loaded) never stops
# or changes a transaction: one warning line, then plain dnf behaviour.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

mkdir -p "$TEST_DIR/broken"
ln -s "$PLUGIN_PATH/ksym.py" "$TEST_DIR/broken/ksym.py"
kernel 6.3 a=1 b=13
kmod kmod-bar 1.0 6.3 a=1 b=13
setup kernel-6.3-1

KSYM_PLUGIN_PATH=$TEST_DIR/broken run_dnf 0 install kmod-bar
expect_root kernel-6.3-1 kmod-bar-1.0-1.k6.3
expect_eq "warning lines" 1 "$(grep -c '^ksym: warning: .*carrying on without the plugin' "$TEST_DIR/err")"
