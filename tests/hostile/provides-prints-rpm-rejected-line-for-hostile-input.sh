#!/bin/bash
# 'ksym provides' on a truncated module and a corrupt symvers file prints,
# for each, one error on stderr and the line rpm rejects on stdout, so that
# the rpmbuild that runs it fails (rpm ignores a generator's exit status).
# The module is the seed tests/fuzz/corpus/elf/crc7.ko (Debian 6.1.0-57)
# cut to 100 bytes; the symvers file the seed's gzip copy cut in half.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

corpus=$top_srcdir/tests/fuzz/corpus
rel=6.1.0-57-amd64
br=$TEST_DIR/root
mkdir -p "$br/lib/modules/$rel/kernel/lib" "$br/boot"
head -c 100 "$corpus/elf/crc7.ko" >"$br/lib/modules/$rel/kernel/lib/crc7.ko"
gz=$corpus/gzip/debian-6.1.0-57-head.symvers.gz
head -c $(($(stat -c %s "$gz") / 2)) "$gz" >"$br/boot/symvers-$rel.gz"

printf '%s\n' "$br/lib/modules/$rel/kernel/lib/crc7.ko" "$br/boot/symvers-$rel.gz" |
	run_ksym 1 provides --root "$br"

cat >"$TEST_DIR/want-out" <<OUT
!ksym-error:cannot-generate-dependencies-for:/lib/modules/$rel/kernel/lib/crc7.ko
!ksym-error:cannot-generate-dependencies-for:/boot/symvers-$rel.gz
OUT
cat >"$TEST_DIR/want-err" <<ERR
ksym: error: '$br/lib/modules/$rel/kernel/lib/crc7.ko': section header table at offset 3472 is past the end of the file (100 bytes)
ksym: error: '$br/boot/symvers-$rel.gz': gzip data is truncated
ERR
expect_output "$TEST_DIR/want-out" "$TEST_DIR/out"
expect_output "$TEST_DIR/want-err" "$TEST_DIR/err"
