#!/bin/bash
# The plugin sees what dnf sees: with kmod-bar's 6.2 build excluded on
# the command line, kernel 6.2 has no build either and is held back too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12
setup kernel-6.1-1 kmod-bar-1.0-1.k6.1

run_dnf 0 upgrade --exclude=kmod-bar-1.0-1.k6.2
expect_root kernel-6.1-1 kmod-bar-1.0-1.k6.1
expect_err "ksym: holding back kernel-6.2-1.x86_64"
