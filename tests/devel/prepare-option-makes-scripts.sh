#!/bin/bash
# With --prepare, 'make scripts' works on a copy of the installed set of the
# real 6.1 tree: the copy has no .cmd records, so kbuild rebuilds every
# host program from the sources their records name, and would rerun
# syncconfig were any Kconfig file include/config/auto.conf.cmd lists
# missing. Run with the ARCH the tree was configured with (auto.conf.cmd
# compares it).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"
not_under_valgrind "ksym traces four make prepare runs; ASan covers the same code"

devel_tree 6.1
devel_install "$TEST_DIR/root" --no-proof --prepare
grep -q "^ksym: 'make prepare' inputs add [0-9]* files, [0-9]* bytes" "$TEST_DIR/err" ||
	fail "no cost reported: $(cat "$TEST_DIR/err")"
cp -a "$TEST_DIR/root/usr/src/kernels/$RELEASE" "$TEST_DIR/copy"
make -C "$TEST_DIR/copy" ARCH="$ARCH" scripts >"$TEST_DIR/make.log" 2>&1 ||
	fail "make scripts failed: $(tail -n 5 "$TEST_DIR/make.log")"
[ -x "$TEST_DIR/copy/scripts/mod/modpost" ] || fail "no modpost after make scripts"
