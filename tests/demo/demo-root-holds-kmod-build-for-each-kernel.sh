#!/bin/bash
# The demo, at the suite's scale on a fresh clone (see demo-lib.sh), leaves
# in its install root exactly both kernels, each in its two packages
# (kernel and kernel-modules), and, for each, the kmod build the plugin
# chose for it: dnf install took the first kernel's build, and dnf upgrade
# brought the second kernel with its own.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

small_demo
ver=$(ls "$DEMO_DIR"/rpmbuild/SOURCES | sed -n 's/^dm-writeboost-\(.*\)\.tar\.gz$/\1/p')
[ -n "$ver" ] || fail "no dm-writeboost source in '$DEMO_DIR/rpmbuild/SOURCES'"
r1=${RELEASE//-/_} r2=${RELEASE//-/_}2
cat >"$TEST_DIR/expected" <<EOT
kernel-$r1-1
kernel-$r2-1
kernel-modules-$r1-1
kernel-modules-$r2-1
kmod-dm-writeboost-$ver-1.$r1
kmod-dm-writeboost-$ver-1.$r2
EOT
rpm --root "$DEMO_DIR/root" -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}\n' |
	sort >"$TEST_DIR/installed"
expect_output "$TEST_DIR/expected" "$TEST_DIR/installed"
