#!/bin/bash
# --help of ksym and of each command goes to stdout with exit status 0 and
# names the command's options; --version prints "ksym VERSION".
. "${top_srcdir:-.}/tests/lib.sh"

run_ksym 0 --version
version=$(sed -n 's/^AC_INIT(\[ksym\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
expect_eq "--version" "ksym $version" "$(cat "$TEST_DIR/out")"
run_ksym 0 -V
expect_eq "-V" "ksym $version" "$(cat "$TEST_DIR/out")"

run_ksym 0 --help
for cmd in dump provides requires diff check; do
	grep -q "^  $cmd " "$TEST_DIR/out" || fail "'ksym --help' does not list '$cmd'"
done

# COMMAND|an option its help must name
while IFS='|' read -r cmd opt; do
	run_ksym 0 "$cmd" --help
	grep -q "^Usage: ksym $cmd " "$TEST_DIR/out" || fail "'ksym $cmd --help' has no usage line"
	grep -q -- "$opt" "$TEST_DIR/out" || fail "'ksym $cmd --help' does not name '$opt'"
	expect_eq "stderr of 'ksym $cmd --help'" "" "$(cat "$TEST_DIR/err")"
	run_ksym 0 "$cmd" -h
done <<'EOF2'
dump|--format=FMT
diff|--exit-code
check|--kernel=KERNEL
provides|--multifile
requires|--symvers=FILE
EOF2
