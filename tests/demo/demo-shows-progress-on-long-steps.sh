#!/bin/bash
# The demo (suite scale, fresh clone, see demo-lib.sh, a progress line
# every 2 s) shows progress while a long step runs: every step that says
# 'done in N s' with N of 4 or more printed at least one
# '... Ns, N objects built, at: ...' line before it. Building ksym in the
# fresh clone (autogen.sh, configure, make) is always such a step.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

small_demo
awk '/^    \.\.\. +[0-9]+s, [0-9]+ objects built, at: / { lines++; next }
	/^    done in [0-9]+ s$/ { if ($3 >= 4) { long++; if (!lines) print "silent: " $0 }
		lines = 0 }
	/^==> / { lines = 0; title = $0 }
	END { print long + 0 " long steps" }' "$DEMO_LOG" >"$TEST_DIR/steps"
! grep -q '^silent: ' "$TEST_DIR/steps" ||
	fail "a long step showed no progress: $(cat "$TEST_DIR/steps")"
grep -qv '^0 long steps$' "$TEST_DIR/steps" ||
	fail "no step ran 4 s or more, not even building ksym: $(cat "$DEMO_LOG")"
