#!/bin/bash
# On the kernels the suite builds (6.1 and 6.12, see
# tests/kernel/kernel-tree.sh), 'ksym dump --format=modversions' prints
# for every installed module what 'modprobe --dump-modversions' prints.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/kernel/real-lib.sh"
need_script kernel-tree.sh
need modprobe

for variant in 6.1 6.12; do
	kernel_tree "$variant"
	list_modules "$MODDIR"
	compare_imports "$variant ($RELEASE)"
done
