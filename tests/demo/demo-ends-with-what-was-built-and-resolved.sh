#!/bin/bash
# The demo (suite scale, fresh clone, see demo-lib.sh) ends with a summary:
# how many packages it built (kernel, kernel-modules, kernel-devel and a
# kmod build for each of two kernels), the two kernels, each kmod build
# with the kernel that loads it, and what the install root holds.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

small_demo
demo_step summary >"$TEST_DIR/summary"
r2=${RELEASE//-/_}2
grep -qE "^built: +8 packages in '$DEMO_DIR/rpms'$" "$TEST_DIR/summary" ||
	fail "no count of built packages: $(cat "$TEST_DIR/summary")"
grep -qxF "kernels:  $RELEASE, ${RELEASE}2 (device-mapper CRCs differ)" "$TEST_DIR/summary" ||
	fail "no kernels line: $(cat "$TEST_DIR/summary")"
grep -qE "^ +kmod-dm-writeboost-.*\.$r2\.x86_64: kernel-$r2-1\.x86_64$" "$TEST_DIR/summary" ||
	fail "the summary does not say what was resolved: $(cat "$TEST_DIR/summary")"
grep -qE "^root: +'$DEMO_DIR/root' holds 6 packages:$" "$TEST_DIR/summary" ||
	fail "no line about the install root: $(cat "$TEST_DIR/summary")"
