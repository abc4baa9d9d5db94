#!/bin/bash
# 'dnf kmod check PKG': each build of PKG, installed or available, with
# every kernel that can load it (6.3 keeps 6.1's CRCs, so it counts).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12 c=3
kernel 6.3 a=1 b=11
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12 c=4
setup kernel-6.1-1 kernel-6.2-1 kmod-bar-1.0-1.k6.1
cat >"$TEST_DIR/expected" <<'EOT'
kmod-bar-1.0-1.k6.1.x86_64: kernel-6.3-1.x86_64 kernel-6.1-1.x86_64
kmod-bar-1.0-1.k6.2.x86_64: (no kernel)
EOT

run_dnf 0 -q kmod check kmod-bar
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
