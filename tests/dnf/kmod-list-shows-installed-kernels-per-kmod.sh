#!/bin/bash
# 'dnf kmod list': each installed kmod build with the installed kernels
# that can load it, newest first.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12 c=3
kernel 6.3 a=1 b=11
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12 c=4
setup kernel-6.1-1 kernel-6.2-1 kmod-bar-1.0-1.k6.1
cat >"$TEST_DIR/expected" <<'EOT'
kmod-bar-1.0-1.k6.1.x86_64: kernel-6.1-1.x86_64
EOT

run_dnf 0 -q kmod list
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
