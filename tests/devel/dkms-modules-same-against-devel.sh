#!/bin/bash
# Real out-of-tree modules (Debian's *-dkms packages that
# tests/kernel/dkms-modules.txt says build on each variant, fetched with
# tests/kernel/fetch-deb.sh, trixie's for 6.12) built against the installed devel copy give the
# same .ko files, byte for byte, as built against the complete built tree,
# for the 6.1 in-tree and the 6.12 O= kernel. Both builds run in the same
# directory, so the module's own paths agree; nothing is normalised (the
# test kernels have no debug info, and srcversion hashes file contents).
# If a .ko differs, the test says which sections do.
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

# sections of two modules that differ, for the failure message
differing_sections()
{
	local s
	for s in $(readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
		cmp -s <(objcopy -O binary --only-section="$s" "$1" /dev/stdout 2>/dev/null) \
			<(objcopy -O binary --only-section="$s" "$2" /dev/stdout 2>/dev/null) ||
			printf '%s ' "$s"
	done
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
			cmp -s "$ko" "$TEST_DIR/full/${ko##*/}" ||
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
