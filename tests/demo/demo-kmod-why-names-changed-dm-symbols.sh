#!/bin/bash
# What 'dnf kmod why' printed in the demo (suite scale, fresh clone, see
# demo-lib.sh) for the first kernel's kmod build against the second
# kernel: that it cannot load, and the device-mapper symbols whose CRCs
# the ABI patch changed, each with the wanted and the offered CRC.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

small_demo
demo_step 'dnf kmod why' >"$TEST_DIR/why"
r2=${RELEASE//-/_}2
grep -q "cannot load into kernel-$r2-1.x86_64: [0-9]* symbols\? differ" "$TEST_DIR/why" ||
	fail "no 'cannot load' line for kernel-$r2: $(cat "$TEST_DIR/why")"
grep -qE "^  kernel\(dm_get_device\): wants 0x[0-9a-f]{8}, kernel-$r2-1.x86_64 offers 0x[0-9a-f]{8}$" \
	"$TEST_DIR/why" || fail "dm_get_device is not named: $(cat "$TEST_DIR/why")"
