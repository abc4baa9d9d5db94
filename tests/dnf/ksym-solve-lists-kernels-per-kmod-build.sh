#!/bin/bash
# 'ksym solve --repo DIR --root ROOT', no dnf involved: each kmod build of
# the repository and the rpm database with the kernels that load it; exit
# 1 because one build loads into none.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12 c=3
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12 c=4
setup kernel-6.1-1 kmod-bar-1.0-1.k6.1
cat >"$TEST_DIR/expected" <<'EOT'
kmod-bar-1.0-1.k6.1.x86_64: kernel-6.1-1.x86_64 kernel-6.1-1.x86_64 (installed)
kmod-bar-1.0-1.k6.2.x86_64: (no kernel)
kmod-bar-1.0-1.k6.1.x86_64 (installed): kernel-6.1-1.x86_64 kernel-6.1-1.x86_64 (installed)
EOT

run_ksym 1 solve --repo "$RPMS" --root "$ROOT"
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
