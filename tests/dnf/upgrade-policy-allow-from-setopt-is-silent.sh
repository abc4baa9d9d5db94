#!/bin/bash
# --setopt=ksym.policy=allow overrides ksym.conf's policy=hold: the new
# kernel is installed without a word about kmod-bar.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.3 a=1 b=13
kmod kmod-bar 1.0 6.1 a=1 b=11
setup kernel-6.1-1 kmod-bar-1.0-1.k6.1
printf '[main]\nenabled=1\npolicy=hold\n' >"$TEST_DIR/pluginconf/ksym.conf"

run_dnf 0 upgrade --setopt=ksym.policy=allow
expect_root kernel-6.1-1 kernel-6.3-1 kmod-bar-1.0-1.k6.1
if grep -q 'ksym' "$TEST_DIR/err"; then fail "policy=allow printed: $(cat "$TEST_DIR/err")"; fi
