#!/bin/bash
# FIELD.md 5, second row: only kernel 6.3 is installed and the newest
# kmod-bar is built for 6.2. Plain dnf installs that build and pulls in
# kernel 6.2; with the plugin, dnf installs the build for 6.3.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.2 a=1 b=12
kernel 6.3 a=1 b=13
kmod kmod-bar 1.1 6.2 a=1 b=12
kmod kmod-bar 1.0 6.3 a=1 b=13
setup kernel-6.3-1

run_dnf 0 install kmod-bar
expect_root kernel-6.3-1 kmod-bar-1.0-1.k6.3
