#!/bin/bash
# run.sh SECONDS: builds the libFuzzer targets with clang in their own build
# directory and runs each for SECONDS on a copy of its seed corpus.
# Prints each target's executions and a total; exits 1 when a target
# crashed (its input is kept in BUILD/crashes/TARGET/), 2 on misuse.
#
#   FUZZ_BUILD  the build directory (default: build-fuzz in the source tree)
#   FUZZ_JOBS   make -j (default 2)
set -euo pipefail

[ $# = 1 ] && [[ $1 =~ ^[0-9]+$ ]] || {
	echo "usage: $0 SECONDS" >&2
	exit 2
}
seconds=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-$src/build-fuzz}
corpus=$src/tests/fuzz/corpus

declare -A seeds=(
	[fuzz-elf]=elf [fuzz-exports]=exports [fuzz-symvers]=symvers
	[fuzz-inflate-gzip]=gzip [fuzz-inflate-xz]=xz [fuzz-inflate-zstd]=zstd
)
targets="fuzz-elf fuzz-exports fuzz-symvers fuzz-inflate-gzip fuzz-inflate-xz fuzz-inflate-zstd"

[ -x "$src/configure" ] || (cd "$src" && ./autogen.sh >/dev/null)
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ]; then
	"$src/configure" CC=clang --enable-fuzzers --disable-dnf \
		>configure.log 2>&1 || {
		tail -n 20 configure.log >&2
		echo "run.sh: error: cannot configure the fuzz build" >&2
		exit 1
	}
fi
make -j"${FUZZ_JOBS:-2}" fuzzers >make.log 2>&1 || {
	tail -n 30 make.log >&2
	echo "run.sh: error: cannot build the fuzz targets" >&2
	exit 1
}

total=0 crashed=0
for t in $targets; do
	work=$build/corpus/$t crashes=$build/crashes/$t
	mkdir -p "$work" "$crashes"
	log=$build/$t.log
	rc=0
	# the seeds are read, new inputs go to the work copy only
	"$build/tests/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 \
		-rss_limit_mb=2048 -timeout=10 -artifact_prefix="$crashes/" \
		"$work" "$corpus/${seeds[$t]}" >"$log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	total=$((total + ${execs:-0}))
	if [ "$rc" != 0 ]; then
		crashed=$((crashed + 1))
		echo "$t: CRASH after ${execs:-?} executions (exit $rc), inputs in $crashes" >&2
		grep -E 'ERROR|SUMMARY|#[0-9]+ ' "$log" | head -n 20 >&2
	else
		echo "$t: ${execs:-0} executions in ${seconds}s, no crash"
	fi
done
echo "fuzz executions: $total, targets crashed: $crashed"
[ "$crashed" = 0 ]
