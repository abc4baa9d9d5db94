#!/bin/bash
# A link that cannot be made (B's weak-updates is a file here) is an error
# naming both kernels and the module; the file stays as it was, the exit
# status is 1.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/weak/weak-lib.sh"
weak_fixtures

WEAK_VIA=rpm
weak_install ksymtest-kernel-a kmod-ksymtest-a ksymtest-kernel-b
echo "in the way" >"$ROOT/lib/modules/$REL_B/weak-updates"
run_ksym 1 weak-updates --root "$ROOT"
grep -qxF "ksym: error: cannot link module 'extra/ksymtest_a.ko' of kernel '$REL_A' into kernel '$REL_B': Not a directory" \
	"$TEST_DIR/err" || { cat "$TEST_DIR/err" >&2; fail "error does not name kernel and module"; }
expect_eq "the file in the way" "in the way" "$(cat "$ROOT/lib/modules/$REL_B/weak-updates")"
