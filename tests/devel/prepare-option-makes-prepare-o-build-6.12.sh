#!/bin/bash
# With --prepare, 'make prepare' works on a copy of the installed set of the
# real 6.12 tree built with O= (source and object trees merged into one
# in-tree copy), and leaves the installed objtool as it is: tools/ carries
# no makefile of objtool's own build, so nothing that heavy is rebuilt.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"
not_under_valgrind "ksym traces four make prepare runs; ASan covers the same code"

devel_tree 6.12
[ "$SRCTREE" != "$OBJTREE" ] || fail "the 6.12 variant is not an O= build"
devel_install "$TEST_DIR/root" --no-proof --prepare
kdir=$TEST_DIR/root/usr/src/kernels/$RELEASE
cp -a "$kdir" "$TEST_DIR/copy"
make -C "$TEST_DIR/copy" ARCH="$ARCH" prepare >"$TEST_DIR/make.log" 2>&1 ||
	fail "make prepare failed: $(tail -n 5 "$TEST_DIR/make.log")"
cmp "$kdir/tools/objtool/objtool" "$TEST_DIR/copy/tools/objtool/objtool" ||
	fail "make prepare rebuilt objtool"
