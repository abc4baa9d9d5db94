#!/bin/bash
# Runs every test of ksym as CI does, from a fresh Debian 12 machine:
# installs the Debian packages it needs (as root), builds, runs the suite,
# the suite again under ASan and UBSan, the readers under valgrind, the
# fuzzers for a bounded time, and make distcheck.
#
# Usage: tests/run-suite.sh [--quick]
#   --quick  the main suite only
# Kernels and Debian packages are cached in $KSYM_TEST_CACHE
# (/var/cache/ksym-tests), so a second run is much faster.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
quick=no
[ "${1:-}" = --quick ] && quick=yes
jobs=${KSYM_JOBS:-2}
export KSYM_TEST_CACHE=${KSYM_TEST_CACHE:-/var/cache/ksym-tests}

step() { printf '\n=== %s\n' "$*"; }
passed=0 failed=0 skipped=0

# count TOTALS from an automake test-suite.log into the summary
count()
{
	local log=$1
	[ -f "$log" ] || return 0
	passed=$((passed + $(sed -n 's/^# PASS: *//p' "$log" | head -n1)))
	failed=$((failed + $(sed -n 's/^# FAIL: *//p' "$log" | head -n1)))
	failed=$((failed + $(sed -n 's/^# ERROR: *//p' "$log" | head -n1)))
	skipped=$((skipped + $(sed -n 's/^# SKIP: *//p' "$log" | head -n1)))
}

# check BUILDDIR CONFIGURE-ARGS...: configure, build and run the suite
check()
{
	local dir=$1 status=0
	shift
	mkdir -p "$dir"
	(cd "$dir" && "$top/configure" --prefix=/usr "$@" >configure.log) ||
		{ cat "$dir/config.log" | tail -30; exit 1; }
	make -C "$dir" -j"$jobs" >"$dir/make.log" 2>&1 ||
		{ tail -40 "$dir/make.log"; exit 1; }
	make -C "$dir" -j"$jobs" check || status=$?
	[ -f "$dir/test-suite.log" ] && grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' \
		"$dir/test-suite.log" | sed 's/^/  /'
	if [ "$status" -ne 0 ]; then
		sed -n '/^FAIL: \|^ERROR: /,/^$/p' "$dir/test-suite.log" | head -200
	fi
	count "$dir/test-suite.log"
	return "$status"
}

if [ "$(id -u)" = 0 ]; then
	step "installing Debian packages"
	bash "$top/.ci/install-deps"
fi

step "generating the build system"
(cd "$top" && ./autogen.sh >/dev/null 2>&1) || { echo "autogen.sh failed"; exit 1; }

status=0
step "the suite"
check "$top/build" || status=1

if [ "$quick" = no ]; then
	if grep -q enable-sanitizers "$top/configure"; then
		step "the suite under ASan and UBSan"
		check "$top/build-sanitizers" --enable-sanitizers || status=1
	fi
	if [ -x "$top/tests/valgrind.sh" ]; then
		step "the readers under valgrind"
		"$top/tests/valgrind.sh" "$top/build" || status=1
	fi
	if [ -x "$top/tests/fuzz/run.sh" ]; then
		step "fuzzing, ${KSYM_FUZZ_SECONDS:-30} s a target"
		"$top/tests/fuzz/run.sh" "${KSYM_FUZZ_SECONDS:-30}" || status=1
	fi
	step "make distcheck"
	# the kernel tests ran above; here the tarball's own suite skips them
	KSYM_TESTS_NO_KERNEL=1 make -C "$top/build" -j"$jobs" distcheck \
		>"$top/build/distcheck.log" 2>&1 ||
		{ tail -60 "$top/build/distcheck.log"; status=1; }
	grep -E '^=+$|archives ready|ksym-.*\.tar' "$top/build/distcheck.log" | tail -3 || true
fi

echo
echo "suite: $passed passed, $failed failed, $skipped skipped"
exit "$status"
