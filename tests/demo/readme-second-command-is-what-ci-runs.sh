#!/bin/bash
# README.md's second command is exactly the one command .ci/run runs,
# 'tests/run-suite.sh', and it can be run as the README writes it; a
# README or a .ci/run that drifts from the other fails here.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

cmd=$(readme_command 2)
expect_eq "README.md's second command" "tests/run-suite.sh" "$cmd"
[ -x "$top_srcdir/$cmd" ] || fail "'$cmd' is not an executable file in '$top_srcdir'"

# .ci/run's commands: every line but comments, 'set' and the cd to the top
grep -vE '^[[:space:]]*(#|$|set |cd )' "$top_srcdir/.ci/run" >"$TEST_DIR/ci" || true
expect_eq ".ci/run's commands" "bash $cmd" "$(cat "$TEST_DIR/ci")"
grep -qx 'cd "$(dirname "$0")/.."' "$top_srcdir/.ci/run" ||
	fail ".ci/run does not run from the checkout's top, where the README's command is"
