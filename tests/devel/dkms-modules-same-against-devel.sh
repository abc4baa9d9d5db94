#!/bin/bash
# Real out-of-tree modules (Debian's *-dkms packages that
# tests/kernel/dkms-modules.txt says build on each variant, fetched with
# tests/kernel/fetch-deb.sh, trixie's for 6.12) built against the installed devel copy give the
# same .ko files as built against the complete built tree, for the 6.1
# in-tree and the 6.12 O= kernel. Both builds run in the same directory,
# so the module's own paths agree, and srcversion hashes file contents.
# 6.1 has no debug info: its modules must be the same byte for byte. 6.12
# has DWARF, for module BTF and the stackleak gcc plugin: there the DWARF
# names each kernel header by its absolute path, the devel copy's in one
# build and the tree's in the other, and the build ID hashes the DWARF.
# The .BTF that pahole makes from that DWARF is not reproducible with
# Debian 12's pahole 1.24: two builds of dpdk-kmods' igb_uio against the
# same complete tree gave two different .BTF sections in three runs. So
# the DWARF, the build ID and .BTF are removed from both before
# comparing, and both must have had a .BTF (kbuild leaves it out, with a
# message, when vmlinux is missing); all else, code, symbols, __versions
# and .modinfo included, must be the same. If a .ko differs, the test
# says which sections do.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"
run_once "a dozen module builds; ksym devel install runs in every pass in the install-proves tests"

fetch=$top_srcdir/tests/kernel/fetch-deb.sh
build=$top_srcdir/tests/kernel/dkms-build.sh
[ -x "$fetch" ] && [ -x "$build" ] || skip "no tests/kernel/fetch-deb.sh or dkms-build.sh"

list=$top_srcdir/tests/kernel/dkms-modules.txt
[ -r "$list" ] || skip "no tests/kernel/dkms-modules.txt"
# at most this many packages per variant: two builds each
max=6

# "suite package" rows that build on VARIANT (6.1: column 6, 6.12: 7),
# each package once
packages_for()
{
	local col
	case $1 in 6.1) col=6 ;; 6.12) col=7 ;; esac
	awk -F'\t' -v c="$col" '!/^#/ && $c == "ok" && !seen[$1]++ { print $2, $1 }' \
		"$list" | head -n "$max"
}

# sections of two modules that differ, for the failure message: the raw
# contents, allocated or not
differing_sections()
{
	local s
	for s in $(readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
		rm -f "$TEST_DIR/s1" "$TEST_DIR/s2"
		objcopy --dump-section "$s=$TEST_DIR/s1" "$1" "$TEST_DIR/o1" 2>/dev/null || true
		objcopy --dump-section "$s=$TEST_DIR/s2" "$2" "$TEST_DIR/o2" 2>/dev/null || true
		# objcopy dumps no relocation section: those are left out
		[ -e "$TEST_DIR/s1" ] || [ -e "$TEST_DIR/s2" ] || continue
		cmp -s "$TEST_DIR/s1" "$TEST_DIR/s2" || printf '%s ' "$s"
	done
}

# same_module VARIANT A B: A and B are the same module; for 6.12, once
# both lose their DWARF, build ID and BTF (see above)
same_module()
{
	local strip=(--strip-debug --remove-section=.note.gnu.build-id --remove-section=.BTF)
	[ "$1" = 6.12 ] || { cmp -s "$2" "$3"; return; }
	objcopy "${strip[@]}" "$2" "$TEST_DIR/n1" && objcopy "${strip[@]}" "$3" "$TEST_DIR/n2" &&
		cmp -s "$TEST_DIR/n1" "$TEST_DIR/n2"
}

# compare_variant VARIANT MIN: MIN packages must build and compare
compare_variant()
{
	local variant=$1 min=$2 root kdir suite pkg dir n=0 ko
	devel_tree "$variant"
	root=$TEST_DIR/root-$variant
	devel_install "$root"
	kdir=$root/usr/src/kernels/$RELEASE
	while read -r suite pkg; do
		if [ "$suite" = bookworm ]; then
			dir=$("$fetch" "$pkg" 2>/dev/null) || skip "cannot fetch '$pkg'"
		else
			dir=$("$fetch" --suite "$suite" "$pkg" 2>/dev/null) ||
				skip "cannot fetch '$pkg' from $suite"
		fi
		rm -rf "$TEST_DIR/b"
		if ! "$build" "$OBJTREE" "$dir" "$TEST_DIR/b" >/dev/null 2>"$TEST_DIR/b.err"; then
			[ $? -eq 77 ] && { note "$variant: $pkg excluded by its dkms.conf"; continue; }
			note "$variant: $pkg does not build against the complete tree, skipping it"
			continue
		fi
		mkdir -p "$TEST_DIR/full"; cp "$TEST_DIR"/b/*.ko "$TEST_DIR/full/"
		rm -rf "$TEST_DIR/b"
		"$build" "$kdir" "$dir" "$TEST_DIR/b" >/dev/null 2>"$TEST_DIR/b.err" ||
			fail "$variant: '$pkg' builds against the complete tree but not the devel copy: $(tail -n 20 "$TEST_DIR/b/build.log")"
		for ko in "$TEST_DIR"/b/*.ko; do
			[ "$variant" != 6.12 ] || {
				readelf -SW "$ko" | grep -q ' \.BTF ' &&
					readelf -SW "$TEST_DIR/full/${ko##*/}" | grep -q ' \.BTF '
			} || fail "$variant: $pkg: '${ko##*/}' has no BTF"
			same_module "$variant" "$ko" "$TEST_DIR/full/${ko##*/}" ||
				fail "$variant: $pkg: '${ko##*/}' differs in: $(differing_sections "$ko" "$TEST_DIR/full/${ko##*/}")"
		done
		rm -rf "$TEST_DIR/full"
		n=$((n + 1))
	done < <(packages_for "$variant")
	[ $n -ge "$min" ] || fail "$variant: only $n dkms packages compared, need $min"
	note "$variant: $n dkms packages give identical modules"
}

compare_variant 6.1 5
compare_variant 6.12 5
