#!/bin/bash
# On the kernels the suite builds (tests/kernel/kernel-tree.sh: 6.1 in
# the source tree, 6.12 with O= and signed modules), the exports ksym
# reads from every installed module equal that module's lines of the
# objtree's Module.symvers: name, CRC, export type and namespace.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/kernel/real-lib.sh"
need_script kernel-tree.sh

for variant in 6.1 6.12; do
	kernel_tree "$variant"
	list_modules "$MODDIR"
	compare_exports "$variant ($RELEASE)" "$OBJTREE/Module.symvers"
done
