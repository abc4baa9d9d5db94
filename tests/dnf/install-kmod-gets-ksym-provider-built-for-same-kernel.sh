#!/bin/bash
# kmod-foo needs ksym(bar_fn) from kmod-bar. Both builds of kmod-bar
# provide it with the same CRC, and the newer one is for 6.1; the target
# (newest installed, 6.2) gets kmod-bar built for 6.2.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12
kmod kmod-bar 1.1 6.1 a=1 b=11 -- bar_fn=77
kmod kmod-bar 1.0 6.2 a=1 b=12 -- bar_fn=77
kmod kmod-foo 1.0 6.2 a=1 b=12 ksym:bar_fn=77
setup kernel-6.1-1 kernel-6.2-1

run_dnf 0 install kmod-foo
expect_root kernel-6.1-1 kernel-6.2-1 kmod-bar-1.0-1.k6.2 kmod-foo-1.0-1.k6.2
