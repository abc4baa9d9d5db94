#!/bin/bash
# kmod-foo 1.1 for 6.1 is installed; the repository adds kernel 6.2 and
# kmod-foo 1.0 built for it, older than the installed build so that a
# plain upgrade would not take it. The plugin installs it beside 6.1's.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12
kmod kmod-foo 1.1 6.1 a=1 b=11
kmod kmod-foo 1.0 6.2 a=1 b=12
setup kernel-6.1-1 kmod-foo-1.1-1.k6.1

run_dnf 0 upgrade
expect_root kernel-6.1-1 kernel-6.2-1 kmod-foo-1.1-1.k6.1 kmod-foo-1.0-1.k6.2
