# Shared by the shell tests: sourced, never run. Each test is one script
# that checks one behaviour and exits 0 (pass), 1 (fail) or 77 (skip).
#
# The Makefile's test environment sets:
#   KSYM        the built ksym command
#   top_srcdir  the source tree, top_builddir the build tree
#   KSYM_TEST_CACHE  where kernels and Debian packages are cached

set -eu

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
: "${KSYM:=$top_builddir/ksym}"
: "${KSYM_TEST_CACHE:=/var/cache/ksym-tests}"
export KSYM_TEST_CACHE

test_name=$(basename "$0" .sh)

# A scratch directory removed at exit, unless KSYM_KEEP_TEST_DIRS is set.
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ksym-test-$test_name.XXXXXX")
cleanup() { [ -n "${KSYM_KEEP_TEST_DIRS:-}" ] || rm -rf "$TEST_DIR"; }
trap cleanup EXIT

fail() { printf 'FAIL: %s: %s\n' "$test_name" "$*" >&2; exit 1; }
skip() { printf 'SKIP: %s: %s\n' "$test_name" "$*" >&2; exit 77; }
note() { printf '%s: %s\n' "$test_name" "$*" >&2; }

# The suite runs three times in CI: plain, under ASan and UBSan
# (KSYM_SANITIZED), and with each ksym under valgrind (KSYM_VALGRIND_LOGDIR).
# run_once WHY: a test whose time goes to kernel and package builds rather
# than to ksym's code, which other tests cover in every pass, runs in the
# plain pass only. not_under_valgrind WHY: a test whose ksym runs are too
# slow under memcheck runs plain and under the sanitizers.
run_once()
{
	[ -z "${KSYM_SANITIZED:-}" ] && [ -z "${KSYM_VALGRIND_LOGDIR:-}" ] ||
		skip "runs in the plain pass only: $*"
}
not_under_valgrind()
{
	[ -z "${KSYM_VALGRIND_LOGDIR:-}" ] || skip "not under valgrind: $*"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq()
{
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# expect_output EXPECTED_FILE ACTUAL_FILE: show a diff when they differ
expect_output()
{
	diff -u "$1" "$2" >&2 || fail "output differs from '$1'"
}

# run_ksym EXPECTED_STATUS ARGS...: runs ksym with stdout in $TEST_DIR/out
# and stderr in $TEST_DIR/err, and checks the exit status
run_ksym()
{
	local want=$1 got=0
	shift
	"$KSYM" "$@" >"$TEST_DIR/out" 2>"$TEST_DIR/err" || got=$?
	if [ "$got" != "$want" ]; then
		sed 's/^/  stderr: /' "$TEST_DIR/err" >&2
		fail "'ksym $*' exited $got, expected $want"
	fi
}

# kernel_tree VARIANT: the cache entry of a built kernel, sourcing its env
# (SRCTREE, OBJTREE, RELEASE, ...); builds it when the cache is cold
kernel_tree()
{
	local entry
	[ -z "${KSYM_TESTS_NO_KERNEL:-}" ] ||
		skip "KSYM_TESTS_NO_KERNEL is set: no real kernel builds here"
	entry=$("$top_srcdir/tests/kernel/kernel-tree.sh" "$1") ||
		fail "cannot build kernel '$1'"
	# shellcheck disable=SC1091
	. "$entry/env"
	KERNEL_ENTRY=$entry
}

# need CMD...: skip when a command is missing
need()
{
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "'$c' is not installed"
	done
}
