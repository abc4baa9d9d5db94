#!/bin/bash
# With --prepare, 'make prepare' works on a copy of the installed set of the
# real 6.1 tree (in-tree build). Besides kbuild's records, the set holds
# what 'make prepare' on a scratch copy looked for and the tree has, learned
# by tracing it: kernel/time/timeconst.bc (filechk keeps no .cmd), the
# asm-offsets and bounds .s files, tools/include headers sorttable reads.
# Run with the ARCH the tree was configured with (auto.conf.cmd compares it).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"
not_under_valgrind "ksym traces four make prepare runs; ASan covers the same code"

devel_tree 6.1
devel_install "$TEST_DIR/root" --no-proof --prepare
cp -a "$TEST_DIR/root/usr/src/kernels/$RELEASE" "$TEST_DIR/copy"
make -C "$TEST_DIR/copy" ARCH="$ARCH" prepare >"$TEST_DIR/make.log" 2>&1 ||
	fail "make prepare failed: $(tail -n 5 "$TEST_DIR/make.log")"
