#!/bin/bash
# Every hostile input gets exactly one error naming the file and what is
# wrong, no output, and exit status 1 from 'ksym dump'.
#
# The inputs are made now by make-inputs.py from the committed seed corpus
# (real Debian 6.1 modules and Module.symvers lines, tests/fuzz/README.md):
# truncations at every structure boundary, corrupted ELF and section
# headers, kernel sections of wrong sizes, malformed symvers lines, cut and
# corrupted gzip/xz/zstd streams, inflate bounds. Each row of the table
# names the input, the exit status and the one stderr line expected; rows
# whose input is only cut in the appended signature expect success. The
# regression inputs in tests/hostile/regressions/ (crashes the fuzzers
# found) are checked the same way, from their own table.
#
# Under valgrind (KSYM_VALGRIND set) every KSYM_HOSTILE_STRIDE-th row runs
# (default 10), so that the run stays within minutes.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

: "${PYTHON:=/usr/bin/python3}"
need "$PYTHON"

corpus=$top_srcdir/tests/fuzz/corpus
in=$TEST_DIR/in
mkdir -p "$in"
"$PYTHON" "$top_srcdir/tests/hostile/make-inputs.py" "$in" \
	"$corpus"/elf/*.ko "$corpus"/exports/*.ko -- \
	"$corpus"/symvers/*.symvers -- \
	"$corpus"/gzip/* "$corpus"/xz/* "$corpus"/zstd/* >/dev/null ||
	fail "cannot make the hostile inputs"

# Regressions: committed inputs with their own rows.
regressions=$top_srcdir/tests/hostile/regressions
if [ -f "$regressions/table.tsv" ]; then
	while IFS=$'\t' read -r name _; do
		cp "$regressions/$name" "$in/$name"
	done <"$regressions/table.tsv"
	cat "$regressions/table.tsv" >>"$in/table.tsv"
fi

stride=1
[ -z "${KSYM_VALGRIND:-}" ] || stride=${KSYM_HOSTILE_STRIDE:-10}

tried=0 bad=0 row=0
while IFS=$'\t' read -r name env want match expect; do
	row=$((row + 1))
	[ $(((row - 1) % stride)) -eq 0 ] || continue
	tried=$((tried + 1))
	got=0
	(
		cd "$in" &&
		if [ "$env" != - ]; then export "${env?}"; fi &&
		exec "$KSYM" dump "$name"
	) >"$TEST_DIR/out" 2>"$TEST_DIR/err" || got=$?
	why=
	if [ "$got" != "$want" ]; then
		why="exit status $got, expected $want"
	elif [ "$want" = 0 ]; then
		[ ! -s "$TEST_DIR/err" ] || why="stderr is not empty"
	elif [ -s "$TEST_DIR/out" ]; then
		why="printed something on stdout"
	elif [ "$(wc -l <"$TEST_DIR/err")" != 1 ]; then
		why="printed $(wc -l <"$TEST_DIR/err") lines on stderr, expected 1"
	else
		line=$(cat "$TEST_DIR/err")
		case $match in
		exact) [ "$line" = "$expect" ] || why="stderr differs" ;;
		prefix) [ "${line#"$expect"}" != "$line" ] || why="stderr differs" ;;
		esac
	fi
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		printf 'row %d %s: %s\n  expected: %s\n' "$row" "$name" "$why" \
			"$expect" >&2
		sed 's/^/  stderr:   /' "$TEST_DIR/err" | head -n 5 >&2
	fi
done <"$in/table.tsv"

note "hostile inputs tried: $tried of $row, wrong answers: $bad"
[ "$tried" -gt 100 ] || [ "$stride" -gt 1 ] ||
	fail "only $tried hostile inputs: the generator made too few"
[ "$bad" -eq 0 ] || fail "$bad of $tried hostile inputs got a wrong answer"
