#!/bin/bash
# man/ksym.1 documents every command and every long option that the
# commands' --help lists, and the three exit codes.
. "${top_srcdir:-.}/tests/lib.sh"

man=$top_srcdir/man/ksym.1
[ -r "$man" ] || fail "no man page '$man'"
# the page as text: roff escapes of '-' dropped
text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man")

for cmd in dump diff check provides requires; do
	grep -q "^\.SS \"ksym $cmd " <<<"$text" || fail "no section for 'ksym $cmd'"
	run_ksym 0 "$cmd" --help
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$TEST_DIR/out" | sort -u); do
		grep -q -- "$opt" <<<"$text" ||
			fail "'ksym $cmd --help' lists '$opt', the man page does not"
	done
done
for code in 0 1 2; do
	grep -A1 '^\.TP' <<<"$text" | grep -qx "\.B $code" ||
		fail "exit status $code is not described"
done
