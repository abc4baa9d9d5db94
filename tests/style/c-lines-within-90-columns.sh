#!/bin/bash
# Every line of C in lib/, tools/ and plugin/ fits in 90 columns (tabs 8
# wide), except lines that carry a user-visible string, which are never
# split so that a message can be found with grep.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir"
wide=$(for f in lib/*.[ch] tools/*.[ch] plugin/*/*.[ch]; do
	expand "$f" | awk -v f="$f" 'length($0) > 90 && !/"/ { print f ":" NR ": " $0 }'
done)
[ -z "$wide" ] || { printf '%s\n' "$wide" >&2; fail "lines wider than 90 columns"; }
