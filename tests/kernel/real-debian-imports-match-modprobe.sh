#!/bin/bash
# On all modules of Debian's newest linux-image-6.1.0-*-amd64-unsigned
# (fetched and cached by tests/kernel/fetch-deb.sh), 'ksym dump' reads the
# imports 'modprobe --dump-modversions' reads, module by module.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/kernel/real-lib.sh"
need_script fetch-deb.sh
need modprobe

image=$("$top_srcdir/tests/kernel/fetch-deb.sh" --newest-unsigned-6.1) ||
	skip "cannot fetch linux-image-6.1.0-*-amd64-unsigned"
abi=$(basename "$(ls -d "$image"/lib/modules/*/ | head -n1)")

list_modules "$image/lib/modules/$abi"
compare_imports "Debian $abi"
