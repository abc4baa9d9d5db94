#!/bin/bash
# Misuse of any command: exit status 2, nothing on stdout, an error line
# naming the bad option or argument and a hint pointing to --help.
. "${top_srcdir:-.}/tests/lib.sh"

# ARGS|ERROR|HINT-COMMAND, one case a line
while IFS='|' read -r args error hint; do
	[ -n "$args" ] || continue
	read -ra argv <<<"$args"
	[ "$args" = "-" ] && argv=()
	run_ksym 2 "${argv[@]}" </dev/null
	expect_eq "stdout of 'ksym $args'" "" "$(cat "$TEST_DIR/out")"
	expect_eq "stderr of 'ksym $args'" "ksym: error: $error
ksym: hint: see 'ksym ${hint:+$hint }--help'" "$(cat "$TEST_DIR/err")"
done <<'EOF2'
-|no command given|
bogus|unknown command 'bogus'|
--bogus|unknown option '--bogus'|
-x dump|unknown option '-x'|
dump|no file given|dump
dump --bogus f|unknown option '--bogus'|dump
dump --format|option '--format' needs an argument|dump
dump --format=json f|unknown format 'json'|dump
dump --exports=yes f|option '--exports' takes no argument|dump
dump -ez f|unknown option '-z'|dump
diff a|expected two kernels, got 1|diff
diff -s a b c|expected two kernels, got 3|diff
check m.ko|no kernel given: use --kernel|check
check -k|option '-k' needs an argument|check
check -k k|no module given|check
provides --scan extra|unexpected argument 'extra': --scan reads no paths|provides
provides --keep-own|--keep-own is an option of 'ksym requires'|provides
requires --root|option '--root' needs an argument|requires
requires --symvers|option '--symvers' needs an argument|requires
requires --nope|unknown option '--nope'|requires
solve --repo|option '--repo' needs an argument|solve
solve -z|unknown option '-z'|solve
weak-updates --root|option '--root' needs an argument|weak-updates
weak-updates --list=x|option '--list' takes no argument|weak-updates
EOF2
