#!/bin/bash
# With the default bound (512 MiB), a module that inflates past it is
# refused, not read: a zstd stream of 512 MiB + 1 zero bytes, made here
# with 'zstd -1' (about 16 KiB), gets one error and exit status 1.
# Skipped under valgrind, where inflating 512 MiB takes minutes.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

need zstd
[ -z "${KSYM_VALGRIND:-}" ] || skip "inflating 512 MiB under valgrind is too slow"
bound=$((512 << 20))
head -c $((bound + 1)) /dev/zero | zstd -q -1 >"$TEST_DIR/bomb.ko.zst"
cd "$TEST_DIR"
run_ksym 1 dump bomb.ko.zst
expect_eq "stderr" "ksym: error: 'bomb.ko.zst': zstd data inflates past $bound bytes" \
	"$(cat "$TEST_DIR/err")"
expect_eq "stdout" "" "$(cat "$TEST_DIR/out")"
