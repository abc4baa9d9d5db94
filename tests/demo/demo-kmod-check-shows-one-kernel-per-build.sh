#!/bin/bash
# What 'dnf kmod check' printed in the demo (suite scale, fresh clone, see
# demo-lib.sh): each kmod build loads into the kernel it was built for
# and not into the other, whose device-mapper CRCs differ.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

small_demo
ver=$(ls "$DEMO_DIR"/rpmbuild/SOURCES | sed -n 's/^dm-writeboost-\(.*\)\.tar\.gz$/\1/p')
r1=${RELEASE//-/_} r2=${RELEASE//-/_}2
cat >"$TEST_DIR/expected" <<EOT
kmod-dm-writeboost-$ver-1.$r1.x86_64: kernel-$r1-1.x86_64
kmod-dm-writeboost-$ver-1.$r2.x86_64: kernel-$r2-1.x86_64
EOT
demo_step 'dnf kmod check$' >"$TEST_DIR/check"
expect_output "$TEST_DIR/expected" "$TEST_DIR/check"
