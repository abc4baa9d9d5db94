#!/bin/bash
# The demo (suite scale, fresh clone, see demo-lib.sh, with a progress
# line every 2 s) shows progress while a long step runs: each rpmbuild of
# the kmod prints at least one '... Ns, N objects built, at: ...' line
# under its step, and every long step says when it is done.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

small_demo
demo_step 'building kmod-dm-writeboost' >"$TEST_DIR/kmod"
grep -qE '^    \.\.\. +[0-9]+s, [0-9]+ objects built, at: ' "$TEST_DIR/kmod" ||
	fail "no progress line while the kmods were built: $(cat "$TEST_DIR/kmod")"
expect_eq "'done in' lines of the two kmod builds" 2 \
	"$(grep -cE '^    done in [0-9]+ s$' "$TEST_DIR/kmod")"
