#!/bin/bash
# Output that cannot be written (a full disk, here /dev/full) is an error
# naming the cause and exit status 1, for the reader and the generator
# alike; nothing claims success with its output lost. The module is the
# seed tests/fuzz/corpus/elf/crc7.ko (Debian 6.1.0-57).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

[ -w /dev/full ] || skip "/dev/full is missing"
mod=$top_srcdir/tests/fuzz/corpus/elf/crc7.ko
want='ksym: error: cannot write to standard output: No space left on device'

for format in table symvers modversions; do
	got=0
	"$KSYM" dump -f "$format" "$mod" >/dev/full 2>"$TEST_DIR/err" || got=$?
	expect_eq "dump -f $format exit status" 1 "$got"
	expect_eq "dump -f $format stderr" "$want" "$(cat "$TEST_DIR/err")"
done

br=$TEST_DIR/root
mkdir -p "$br/lib/modules/6.1.0-57-amd64/extra"
cp "$mod" "$br/lib/modules/6.1.0-57-amd64/extra/"
got=0
echo "$br/lib/modules/6.1.0-57-amd64/extra/crc7.ko" |
	"$KSYM" provides --root "$br" >/dev/full 2>"$TEST_DIR/err" || got=$?
expect_eq "provides exit status" 1 "$got"
expect_eq "provides stderr" "$want" "$(cat "$TEST_DIR/err")"
