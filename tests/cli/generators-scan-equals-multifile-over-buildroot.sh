#!/bin/bash
# ksym provides --scan and ksym requires --scan take every module and
# symvers file under the buildroot's /lib/modules and /boot (not symbolic
# links, not other files), print what --multifile prints for those paths,
# and end with a line ';'. Paths given as arguments equal paths on stdin.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

br=$TEST_DIR/root
make_buildroot "$br"
m=$br/lib/modules/$FIX_RELEASE
echo 'not a module' >"$m/modules.order"
mkdir -p "$m/weak-updates"
ln -s ../extra/ksym/ksymuser.ko "$m/weak-updates/ksymuser.ko"

run_ksym 0 provides --scan --root "$br"
tail -n1 "$TEST_DIR/out" | grep -qx ';' || fail "the scan does not end with ';'"
grep '^;.' "$TEST_DIR/out" | cut -c2- | sort >"$TEST_DIR/scanned"
printf '%s\n' "$br/boot/symvers-$FIX_RELEASE.gz" "$m/extra/ksym/ksymfix.ko" \
	"$m/extra/ksym/ksymuser.ko" "$m/kernel/drivers/fix/ksymfix.ko.xz" |
	sort >"$TEST_DIR/want-files"
expect_output "$TEST_DIR/want-files" "$TEST_DIR/scanned"

head -n -1 "$TEST_DIR/out" >"$TEST_DIR/scan"
grep '^;' "$TEST_DIR/scan" | cut -c2- >"$TEST_DIR/order"
RPM_BUILD_ROOT=$br run_ksym 0 provides --multifile <"$TEST_DIR/order"
expect_output "$TEST_DIR/out" "$TEST_DIR/scan"
# shellcheck disable=SC2046 # the paths hold no blanks
RPM_BUILD_ROOT=$br run_ksym 0 provides --multifile $(cat "$TEST_DIR/order")
expect_output "$TEST_DIR/out" "$TEST_DIR/scan"

# requires: the kmods only; --keep-own leaves in ksym(fix_plain), which
# the buildroot's own ksymfix.ko meets
run_ksym 0 requires --scan --keep-own --no-cache --root "$br"
grep '^;.' "$TEST_DIR/out" | cut -c2- | sort >"$TEST_DIR/scanned"
printf '%s\n' "$m/extra/ksym/ksymfix.ko" "$m/extra/ksym/ksymuser.ko" |
	sort >"$TEST_DIR/want-files"
expect_output "$TEST_DIR/want-files" "$TEST_DIR/scanned"
grep -qx 'ksym(fix_plain) = 0x0a0793bd' "$TEST_DIR/out" ||
	fail "--keep-own dropped the Requires the package meets itself"
run_ksym 0 requires --scan --no-cache --root "$br"
if grep -x 'ksym(fix_plain) = 0x0a0793bd' "$TEST_DIR/out" >&2; then
	fail "without --keep-own, the package's own export is still required"
fi
