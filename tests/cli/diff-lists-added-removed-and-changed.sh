#!/bin/bash
# ksym diff OLD NEW: '-' removed, '~' changed CRC (old, new), '+' added,
# then the counts; --summary prints the counts only; --exit-code exits 1
# when the kernels differ and 0 when they do not.
. "${top_srcdir:-.}/tests/lib.sh"

tab=$(printf '\t')
line='%s\t%s\t%s\t%s\t%s\n'
# shellcheck disable=SC2059
printf "$line" \
	0x00000001 same vmlinux EXPORT_SYMBOL '' \
	0x00000002 gone vmlinux EXPORT_SYMBOL '' \
	0x00000003 bumped vmlinux EXPORT_SYMBOL_GPL '' >"$TEST_DIR/old.symvers"
# shellcheck disable=SC2059
printf "$line" \
	0x00000001 same vmlinux EXPORT_SYMBOL '' \
	0x0000abcd bumped vmlinux EXPORT_SYMBOL_GPL '' \
	0x00000004 new foo EXPORT_SYMBOL NS | xz -c >"$TEST_DIR/new.symvers.xz"

run_ksym 0 diff "$TEST_DIR/old.symvers" "$TEST_DIR/new.symvers.xz"
cat >"$TEST_DIR/want" <<EOF2
-${tab}gone${tab}0x00000002
~${tab}bumped${tab}0x00000003${tab}0x0000abcd
+${tab}new${tab}0x00000004
1 added, 1 removed, 1 changed CRC, 1 unchanged
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
expect_eq stderr "" "$(cat "$TEST_DIR/err")"

run_ksym 1 diff --summary --exit-code "$TEST_DIR/old.symvers" "$TEST_DIR/new.symvers.xz"
expect_eq "summary" "1 added, 1 removed, 1 changed CRC, 1 unchanged" "$(cat "$TEST_DIR/out")"

run_ksym 0 diff --exit-code "$TEST_DIR/old.symvers" "$TEST_DIR/old.symvers"
expect_eq "same kernel" "0 added, 0 removed, 0 changed CRC, 3 unchanged" "$(cat "$TEST_DIR/out")"

# a directory holding a Module.symvers stands for that kernel
mkdir "$TEST_DIR/tree"
cp "$TEST_DIR/old.symvers" "$TEST_DIR/tree/Module.symvers"
run_ksym 0 diff -s "$TEST_DIR/tree" "$TEST_DIR/old.symvers"
expect_eq "tree" "0 added, 0 removed, 0 changed CRC, 3 unchanged" "$(cat "$TEST_DIR/out")"

run_ksym 1 diff "$TEST_DIR/old.symvers" "$TEST_DIR/absent"
expect_eq stderr "ksym: error: cannot read kernel '$TEST_DIR/absent': No such file or directory" \
	"$(cat "$TEST_DIR/err")"
expect_eq stdout "" "$(cat "$TEST_DIR/out")"
