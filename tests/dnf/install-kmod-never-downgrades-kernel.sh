#!/bin/bash
# FIELD.md 5, fourth row: a kernel package that is not install-only
# (linux-image, no installonlypkg(kernel)) at 6.3, and kmod-bar built for
# 6.1 only. Plain dnf downgrades the kernel; with the plugin the install
# fails and the kernel stays.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

for v in 6.1 6.3; do
	crc_deps kernel a=1 "b=${v#6.}" | sed 's/^/Provides: /' | build_pkg linux-image "$v" 1
done
kmod kmod-bar 1.0 6.1 a=1 b=1
setup linux-image-6.3-1

run_dnf 1 install kmod-bar-1.0
expect_root linux-image-6.3-1
expect_err "ksym: error: cannot install 'kmod-bar-1.0'"
