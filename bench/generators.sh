#!/bin/bash
# Speed of ksym's dependency generators on every module of a real Debian
# kernel (linux-image-6.1.0-*-amd64-unsigned, about 4,000 modules), as
# ratios against named peers measured in the same run:
#
#   cat          reading every file once: the floor
#   modprobe     a loop of 'modprobe --dump-modversions', one run a module
#   nm pipeline  'nm' over every module with an awk filter for the export
#                names (no CRCs: the standard tools cannot give them for
#                Linux 5.19 and later without more passes)
#
# and rpmbuild -bb of a package holding those modules, with and without
# ksym's generators, in both layouts (in-tree: kernel(); extra/: kmod with
# Requires against the kernel's Module.symvers).
#
# Usage: bench/generators.sh [--quick] [KSYM]
# Figures are wall-clock, best of 3 (page cache warm). Nothing here is a
# pass/fail check: the machines are shared and noisy.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
quick=no
[ "${1:-}" = --quick ] && { quick=yes; shift; }
ksym=${1:-$top/build/ksym}
rpmdeps=$(dirname "$ksym")/ksym-rpmdeps
work=${TMPDIR:-/tmp}/ksym-bench-generators
runs=3

log() { printf 'bench: %s\n' "$*" >&2; }

[ -x "$ksym" ] || { log "error: no ksym at '$ksym'; build first"; exit 1; }

image=$("$top/tests/kernel/fetch-deb.sh" --newest-unsigned-6.1)
headers=$("$top/tests/kernel/fetch-deb.sh" --newest-headers-6.1)
moddir=$(ls -d "$image"/lib/modules/*/ | head -n1)
release=$(basename "$moddir")
symvers=$(ls "$headers"/usr/src/linux-headers-*/Module.symvers | head -n1)

rm -rf "$work"
mkdir -p "$work/kmodroot/lib/modules/$release/extra"
find "$moddir" -name '*.ko*' | sort >"$work/list"
# the same files as a kmod package would hold them: hard links, no copies
cp -al "$moddir/kernel/." "$work/kmodroot/lib/modules/$release/extra/"
find "$work/kmodroot" -name '*.ko*' | sort >"$work/kmodlist"
n=$(wc -l <"$work/list")
log "$n modules of '$release', symvers '$symvers'"

# best RUNS of a shell command: "wall cpu" seconds, each the least seen.
# CPU time (user + system) is the steadier figure on a shared machine.
best()
{
	local cmd=$1 w c bw= bc=
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %U %S' -o "$work/time" bash -c "$cmd" >/dev/null 2>&1 ||
			log "warning: '$cmd' failed"
		read -r w u s < <(tail -n1 "$work/time")
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
		if [ -z "$bw" ] || awk -v t="$w" -v b="$bw" 'BEGIN { exit !(t < b) }'; then
			bw=$w
		fi
		if [ -z "$bc" ] || awk -v t="$c" -v b="$bc" 'BEGIN { exit !(t < b) }'; then
			bc=$c
		fi
	done
	echo "$bw $bc"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

export ksym work symvers
xargs cat <"$work/list" >/dev/null	# warm the page cache

t_cat=$(best 'xargs cat < "$work/kmodlist"')
t_ksym=$(best '"$ksym" provides --multifile --root "$work/kmodroot" < "$work/kmodlist" &&
	"$ksym" requires --multifile --root "$work/kmodroot" --symvers "$symvers" < "$work/kmodlist"')
runs=1
t_modprobe=$(best 'while read -r f; do modprobe --dump-modversions "$f"; done < "$work/kmodlist"')
t_nm=$(best 'xargs nm --defined-only < "$work/kmodlist" |
	awk "/ __ksymtab_/ { sub(/.*__ksymtab_/, \"\"); print }"')

row()
{
	local name=$1 peer=$2 inv=$3
	local pw=${peer% *} pc=${peer#* } kw=${t_ksym% *} kc=${t_ksym#* }
	if [ "$inv" = yes ]; then
		printf '%-40s %7s %7s %9s %9s\n' "$name" "$pw" "$pc" \
			"1/$(ratio "$pw" "$kw")" "1/$(ratio "$pc" "$kc")"
	else
		printf '%-40s %7s %7s %9s %9s\n' "$name" "$pw" "$pc" \
			"$(ratio "$kw" "$pw")" "$(ratio "$kc" "$pc")"
	fi
}
printf '\n%-40s %7s %7s %9s %9s\n' "$n modules, kmod layout" wall cpu \
	"ksym/wall" "ksym/cpu"
printf '%-40s %7s %7s\n' "ksym provides + requires --multifile" ${t_ksym}
row "cat of the same files (floor)" "$t_cat" no
row "modprobe --dump-modversions loop" "$t_modprobe" yes
row "nm pipeline (names only)" "$t_nm" yes
echo "targets: within 2x of cat; at least 30x faster than the modprobe loop"

[ "$quick" = yes ] && exit 0

# rpmbuild -bb of the modules, with and without ksym's generators, and with
# them as plain commands, which rpm starts for every file (as rpm 4.14 and
# 4.15 do; rpm 4.16 and later expand ksym's macros in process).
cat >"$work/modules.spec" <<'SPEC'
%global debug_package %{nil}
%global __os_install_post %{nil}
%global _binary_payload w2.zstdio
Name: bench-modules
Version: 1
Release: 1
Summary: modules for the generator benchmark
License: GPL-2.0-only
%description
Benchmark package.
%install
mkdir -p %{buildroot}/lib/modules/%{rel}/%{where}
cp -al %{src}/. %{buildroot}/lib/modules/%{rel}/%{where}/
%files
/lib/modules/%{rel}
SPEC
attrs=$work/fileattrs
mkdir -p "$attrs"
for f in /usr/lib/rpm/fileattrs/*.attr; do
	case $(basename "$f") in
	ksym.attr|ksymkmod.attr) ;;
	*) ln -sf "$f" "$attrs/" ;;
	esac
done
ln -sf "$top/plugin/rpm/ksym.attr" "$top/plugin/rpm/ksymkmod.attr" "$attrs/"

build()
{
	local where=$1
	shift
	rm -rf "$work/rpm"
	rpmbuild -bb --nodeps --quiet --define "_topdir $work/rpm" \
		--define "_fileattrsdir $attrs" --load "$attrs/ksym.attr" \
		--load "$attrs/ksymkmod.attr" --define "__ksym_rpmdeps $rpmdeps" \
		--define "_ksym_symvers $symvers" \
		--define "rel $release" --define "where $where" \
		--define "src $moddir/kernel" "$@" "$work/modules.spec"
}
export -f build
export attrs release moddir rpmdeps
runs=2
for where in kernel extra; do
	t_with=$(best "build $where")
	t_without=$(best "build $where --define '_ksym_nodeps 1'")
	t_command=$(best "build $where --define '__ksym_provides %{__ksym_rpmdeps} provides' \
		--define '__ksymkmod_requires %{__ksym_rpmdeps} requires --symvers %{_ksym_symvers}'")
	printf '\n%-40s %7s %7s\n' "rpmbuild -bb, modules under $where/" wall cpu
	printf '%-40s %7s %7s\n' "without ksym's generators" ${t_without}
	for row in "with them:$t_with" "started for every file:$t_command"; do
		t=${row#*:}
		printf '%-40s %7s %7s %+8.0f%% %+8.0f%%\n' "${row%%:*}" ${t} \
			"$(awk -v a="${t% *}" -v b="${t_without% *}" 'BEGIN { print (a / b - 1) * 100 }')" \
			"$(awk -v a="${t#* }" -v b="${t_without#* }" 'BEGIN { print (a / b - 1) * 100 }')"
	done
done
echo "target: ksym's generators add at most 25% to the rpmbuild time"
