#!/bin/bash
# devel-size.sh - the size of ksym's devel set beside upstream's
# scripts/package/install-extmod-build, run on the same real 6.12 O= tree
# (tests/kernel/kernel-tree.sh 6.12).
#
# Usage: bench/devel-size.sh [BUILDDIR]    (default: ./build)
#
# Prints one row per set: files, bytes, and the ratio of bytes to upstream's;
# then what each has that the other lacks among .config, System.map and a
# BTF vmlinux, and what --private-headers and --prepare add.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ksym=${1:-$top/build}/ksym
entry=$("$top/tests/kernel/kernel-tree.sh" 6.12)
# shellcheck disable=SC1091
. "$entry/env"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# upstream's script, run the way its Makefile runs it: in the objtree
upstream=$tmp/upstream
(cd "$OBJTREE" && srctree=$SRCTREE SRCARCH=x86 KCONFIG_CONFIG=.config \
	MAKE=make CC=gcc HOSTCC=gcc sh "$SRCTREE/scripts/package/install-extmod-build" \
	"$upstream") >/dev/null
up_files=$(find "$upstream" -type f -o -type l | wc -l)
up_bytes=$(find "$upstream" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')

ours=$("$ksym" devel list --srctree "$SRCTREE" --objtree "$OBJTREE" --summary)
our_files=$(sed -n 's/^files //p' <<<"$ours")
our_bytes=$(sed -n 's/^bytes //p' <<<"$ours")
priv=$("$ksym" devel list --srctree "$SRCTREE" --objtree "$OBJTREE" --summary \
	--private-headers 2>"$tmp/priv.err")
priv_files=$(sed -n 's/^files //p' <<<"$priv")
priv_bytes=$(sed -n 's/^bytes //p' <<<"$priv")

prep=$("$ksym" devel list --srctree "$SRCTREE" --objtree "$OBJTREE" --summary \
	--prepare 2>"$tmp/prep.err")
prep_files=$(sed -n 's/^files //p' <<<"$prep")
prep_bytes=$(sed -n 's/^bytes //p' <<<"$prep")

printf '%-34s %8s %12s %8s\n' "set (linux $RELEASE, O= build)" files bytes ratio
printf '%-34s %8d %12d %8s\n' "upstream install-extmod-build" "$up_files" "$up_bytes" 1.00
printf '%-34s %8d %12d %8.2f\n' "ksym devel" "$our_files" "$our_bytes" \
	"$(echo "$our_bytes / $up_bytes" | bc -l)"
printf '%-34s %8d %12d %8.2f\n' "ksym devel --private-headers" "$priv_files" \
	"$priv_bytes" "$(echo "$priv_bytes / $up_bytes" | bc -l)"
"$ksym" devel list --srctree "$SRCTREE" --objtree "$OBJTREE" >"$tmp/list"
printf '%-34s %8d %12d %8.2f\n' "ksym devel --prepare" "$prep_files" \
	"$prep_bytes" "$(echo "$prep_bytes / $up_bytes" | bc -l)"
printf '\n%-34s %8s %12s\n' "carried by ksym, not upstream" upstream ksym
for f in .config System.map vmlinux; do
	printf '%-34s %8s %12s\n' "$f" "$([ -e "$upstream/$f" ] && echo yes || echo no)" \
		"$(grep -qx "$f" "$tmp/list" && echo yes || echo "no (not configured)")"
done
printf '\nprivate headers: %s\n' "$(sed -n 's/^ksym: private headers //p' "$tmp/priv.err")"
printf "'make prepare' inputs: %s\n" "$(sed -n "s/^ksym: 'make prepare' inputs //p" "$tmp/prep.err")"
