#!/bin/bash
# With Fedora's kernel generators installed beside ksym's, a kernel package
# gets every kernel() and kmod() dependency once, with one spelling.
# Debian has no kernel-srpm-macros, so tests/rpm/fedora-standins holds
# stand-ins printing the strings Fedora's kabi.sh and kmod.prov print.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
kernel_tree 6.1
setup_rpmbuild
standins=$top_srcdir/tests/rpm/fedora-standins
ln -sf "$standins/kabi.attr" "$standins/kmod.attr" "$ATTR_DIR"/

ksym_rpmbuild -bb "$top_srcdir/tests/rpm/kernel-prebuilt.rpmspec" \
	--load "$standins/kabi.attr" --load "$standins/kmod.attr" \
	--define "_ksym_standins $standins" \
	--define "ksym_objtree $OBJTREE" --define "ksym_moddir $MODDIR" \
	--define "ksym_release $RELEASE" >"$TEST_DIR/log" 2>&1 ||
	{ tail -20 "$TEST_DIR/log" >&2; fail "rpmbuild failed"; }

rpm -qp --nosignature --provides "$RPM_TOP"/RPMS/*/kernel-*.rpm |
	grep -E '^(kernel|kmod)\(' | grep -v '^kernel(x86-64)' >"$TEST_DIR/provides"
[ -s "$TEST_DIR/provides" ] || fail "no kernel() Provides at all"
dups=$(sort "$TEST_DIR/provides" | uniq -d | head -n3)
[ -z "$dups" ] || fail "dependencies given twice: $dups"
spellings=$(sed 's/ = .*//' "$TEST_DIR/provides" | sort | uniq -d | head -n3)
[ -z "$spellings" ] || fail "names with two spellings: $spellings"
# the stand-ins really ran: in-tree module exports come from kabi.sh too
grep -q '^kernel(crc_ccitt) = 0x' "$TEST_DIR/provides" || fail "crc_ccitt missing"
