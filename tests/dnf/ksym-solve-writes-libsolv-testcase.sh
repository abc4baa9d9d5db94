#!/bin/bash
# 'ksym solve --testcase DIR' writes a libsolv testcase installing the
# kmods named, with the repositories and the rpm database, for bug reports.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-dnf.sh"

kernel 6.1 a=1 b=11
kernel 6.2 a=1 b=12 c=3
kmod kmod-bar 1.0 6.1 a=1 b=11
kmod kmod-bar 1.0 6.2 a=1 b=12 c=4
setup kernel-6.1-1 kmod-bar-1.0-1.k6.1

run_ksym 0 solve --root "$ROOT" --testcase "$TEST_DIR/tc" kmod-bar
grep -qx 'job install name kmod-bar' "$TEST_DIR/tc/testcase.t" || fail "no install job"
grep -qx 'system x86_64 rpm @System' "$TEST_DIR/tc/testcase.t" || fail "no system line"
zcat "$TEST_DIR/tc/@System.repo.gz" | grep -qxF 'kernel(b) = 0x00000011' ||
	fail "the rpm database is not in the testcase"
