#!/bin/bash
# 'dnf kmod why PKG --kernel RELEASE': every build of PKG against that
# kernel, each mismatched symbol with the wanted and the offered CRC.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12 c=3
kernel 6.3 a=1 b=11
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12 c=4
setup kernel-6.1-1 kernel-6.2-1 kmod-bar-1.0-1.k6.1
cat >"$TEST_DIR/expected" <<'EOT'
kmod-bar-1.0-1.k6.2.x86_64 cannot load into kernel-6.1-1.x86_64: 2 symbols differ
  kernel(b): wants 0x00000012, kernel-6.1-1.x86_64 offers 0x00000011
  kernel(c): wants 0x00000004, kernel-6.1-1.x86_64 offers none
kmod-bar-1.0-1.k6.1.x86_64 loads into kernel-6.1-1.x86_64
EOT

run_dnf 0 -q kmod why kmod-bar --kernel 6.1-1.x86_64
expect_output "$TEST_DIR/expected" "$TEST_DIR/out"
