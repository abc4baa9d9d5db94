#!/bin/bash
# On the kernels the suite builds (6.1 and 6.12, see
# tests/kernel/kernel-tree.sh), the exports ksym reads from vmlinux, with
# its symbol table and stripped of it, equal the vmlinux lines of the
# objtree's Module.symvers.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/kernel/real-lib.sh"
need_script kernel-tree.sh
need strip

for variant in 6.1 6.12; do
	kernel_tree "$variant"
	[ -r "$OBJTREE/vmlinux" ] || fail "$variant: no '$OBJTREE/vmlinux'"
	compare_vmlinux "$variant ($RELEASE)" "$OBJTREE/vmlinux" "$OBJTREE/Module.symvers"
done
