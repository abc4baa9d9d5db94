# Shared by tests/devel/*.sh, sourced after tests/lib.sh: the real kernel
# trees the devel set is computed from.

# devel_tree VARIANT: sets SRCTREE, OBJTREE, RELEASE ... (see kernel_tree),
# skipping when what the build needs is missing
devel_tree()
{
	need strace make gcc
	[ -x "$top_srcdir/tests/kernel/kernel-tree.sh" ] ||
		skip "no tests/kernel/kernel-tree.sh to build kernel $1"
	[ -r "/usr/src/linux-source-$1.tar.xz" ] ||
		skip "linux-source-$1 is not installed"
	kernel_tree "$1"
}

# devel_install ROOT [ARGS...]: ksym devel install of the current tree
devel_install()
{
	local root=$1
	shift
	run_ksym 0 devel install --srctree "$SRCTREE" --objtree "$OBJTREE" \
		--root "$root" "$@"
}

# elf_has_symtab FILE: true when FILE still has a symbol table
elf_has_symtab()
{
	readelf -S "$1" | grep -q ' \.symtab '
}
