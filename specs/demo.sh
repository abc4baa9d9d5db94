#!/bin/bash
# The main job of ksym, end to end, as a kernel packager and a dnf user
# would see it, on a Debian 12 machine as root:
#
#  1. build ksym, and use its generators and macros for every rpmbuild
#     below (from the build tree, without installing it on the host);
#  2. build a small real kernel RPM from Debian's linux-source-6.1 with
#     specs/kernel.rpmspec: kernel, kernel-modules and kernel-devel
#     (%kernel_devel_install), with kernel(sym) = 0x... Provides from the
#     generators;
#  3. build a kmod RPM of a real out-of-tree module (Debian's
#     dm-writeboost-dkms source) against that devel package, with
#     specs/kmod.rpmspec: its Requires come from the generators;
#  4. build a second kernel whose device-mapper CRCs differ: the first
#     one's tree copied, patched (specs/demo-abi-change.patch) and rebuilt
#     with another LOCALVERSION, so only what the patch and the release
#     touch recompile; package it, and a kmod build for it;
#  5. publish all packages with createrepo_c, install the first kernel and
#     the kmod into a scratch root with dnf and the ksym plugin, upgrade,
#     and show 'dnf kmod check' and 'dnf kmod why'.
#
# Usage: specs/demo.sh [--kernel-tree ENTRY] [--no-install]
#   --kernel-tree ENTRY  the smaller run of the test suite: the first
#                        kernel is a 6.1 tree that tests/kernel/kernel-tree.sh
#                        built, instead of one built here from source;
#                        every later step is the same
#   --no-install         the Debian packages are there already (the suite
#                        ran .ci/install-deps)
# Work files go to $KSYM_DEMO_DIR (default /var/tmp/ksym-demo); kernel
# trees, kernel RPMs and compiler output are cached in $KSYM_TEST_CACHE/demo, so a second
# run takes a minute or two. A cold run builds one kernel, and for the
# second recompiles 30 objects of a copy of its tree. Long steps print a progress
# line every $KSYM_DEMO_PROGRESS seconds (default 15).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
export KSYM_TEST_CACHE=${KSYM_TEST_CACHE:-/var/cache/ksym-tests}
work=${KSYM_DEMO_DIR:-/var/tmp/ksym-demo}
cache=$KSYM_TEST_CACHE/demo
build=$top/build
progress=${KSYM_DEMO_PROGRESS:-15}
started=$(date +%s)

step() { printf '\n==> [%3ss] %s\n' "$(($(date +%s) - started))" "$*"; }
die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '/^# Usage:/,/^# Work files/{/^# Work files/d;s/^# \{0,1\}//p}' "$0" >&2; exit 2; }

# run LOG CMD...: runs a long step with its output in LOG; every $progress
# seconds a line with the time taken, the objects compiled so far and the
# last line of LOG; the end of LOG when it fails
run()
{
	local log=$1 pid status=0 t0=$SECONDS next n last
	shift
	"$@" >"$log" 2>&1 &
	pid=$!
	next=$((t0 + progress))
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		[ "$SECONDS" -ge "$next" ] && kill -0 "$pid" 2>/dev/null || continue
		next=$((next + progress))
		n=$(grep -cE '^ +(CC|AS|LD)( \[M\])? ' "$log" || true)
		last=$(tail -n 1 "$log" | tr -s ' \t' ' ' | cut -c1-60)
		printf '    ... %4ss, %s objects built, at: %s\n' "$((SECONDS - t0))" "$n" "$last"
	done
	wait "$pid" || status=$?
	[ "$status" -eq 0 ] || { tail -n 30 "$log"; die "failed, see '$log'"; }
	printf '    done in %s s\n' "$((SECONDS - t0))"
}

tree_entry='' install=yes
while [ $# -gt 0 ]; do
	case $1 in
	--kernel-tree)
		[ $# -ge 2 ] || usage
		[ -e "$2/.done" ] || die "'$2' is no finished entry of tests/kernel/kernel-tree.sh"
		tree_entry=$(cd "$2" && pwd -P)
		shift 2 ;;
	--no-install) install=no; shift ;;
	-h|--help) usage ;;
	*) printf 'demo: error: unknown option '\''%s'\''\n' "$1" >&2; usage ;;
	esac
done

[ "$(id -u)" = 0 ] || die "run as root: the demo installs Debian packages"

if [ "$install" = yes ]; then
	step "installing Debian packages"
	bash "$top/.ci/install-deps"
fi

# build_ksym: configures the build tree once, then makes it
build_ksym()
{
	if [ ! -e "$build/Makefile" ]; then
		(cd "$top" && ./autogen.sh)
		mkdir -p "$build"
		(cd "$build" && "$top/configure" --prefix=/usr)
	fi
	make -C "$build" -j2
}

step "building ksym"
mkdir -p "$(dirname "$work")"
run "$work.make.log" build_ksym
ksym=$build/ksym

rm -rf "$work"
mkdir -p "$work"/rpms "$work"/fileattrs "$cache"
mv "$work.make.log" "$work/make.log"

# rpmbuild as an installed ksym would make it: our fileattrs beside the
# system's, our macros, our command
for f in /usr/lib/rpm/fileattrs/*.attr; do
	case $(basename "$f") in
	ksym.attr|ksymkmod.attr) ;;
	*) ln -sf "$f" "$work/fileattrs/" ;;
	esac
done
ln -sf "$top/plugin/rpm/ksym.attr" "$top/plugin/rpm/ksymkmod.attr" "$work/fileattrs/"
ksym_rpmbuild()
{
	PATH=/usr/lib/ccache:$PATH CCACHE_DIR=$cache/ccache \
	rpmbuild --nodeps --define "_topdir $work/rpmbuild" \
		--define "_fileattrsdir $work/fileattrs" \
		--load "$work/fileattrs/ksym.attr" --load "$work/fileattrs/ksymkmod.attr" \
		--load "$build/macros/macros.ksym" --define "__ksym $ksym" \
		--define "__ksym_rpmdeps $build/ksym-rpmdeps" \
		--define "_dbpath $work/rpmdb" "$@"
}

# source_tree LOCALVERSION: builds the first kernel with specs/kernel.rpmspec
# from linux-source-6.1 in a cached build directory, or reuses it; sets
# TREE to it (src/, modinst/) and FRESH to the RPMs when it just built them
source_tree()
{
	local lv=$1 key
	key=$({ cat "$top/specs/kernel.rpmspec"; echo "$lv";
		stat -c %s.%Y /usr/src/linux-source-6.1.tar.xz; gcc --version | head -n1; } |
		sha256sum | cut -c1-16)
	TREE=$cache/source-tree-1-$key FRESH=''
	if [ -e "$TREE/.done" ]; then
		step "kernel tree 1: cached in '$TREE'"
		return 0
	fi
	step "building kernel 1 with specs/kernel.rpmspec from linux-source-6.1 (LOCALVERSION=$lv)"
	rm -rf "$cache"/source-tree-1-* "$work/rpmbuild"
	mkdir -p "$TREE"
	# --noclean: rpm 4.18 removes the build directory after -bb otherwise
	run "$work/kernel-1.log" ksym_rpmbuild -bb --noclean "$top/specs/kernel.rpmspec" \
		--define "klocalversion $lv" --define "_builddir $TREE"
	ln -s "$(basename "$(ls -d "$TREE"/kernel-*)")" "$TREE/src"
	make -C "$TREE/src" LOCALVERSION="$lv" modules_install \
		INSTALL_MOD_PATH="$TREE/modinst" >>"$work/kernel-1.log" 2>&1
	date -u +%FT%TZ >"$TREE/.done"
	FRESH=$work/rpmbuild/RPMS
}

# rebuild_tree FROM DIR LOCALVERSION PATCH: DIR/src, a copy of the built
# in-tree kernel FROM with PATCH applied, rebuilt with LOCALVERSION, and
# its modules installed in DIR/modinst; only what the patch and the
# release touch recompile
rebuild_tree()
{
	local from dir=$2 lv=$3 patch=$4

	from=$(cd "$1" && pwd -P)
	cp -a "$from" "$dir/src"
	# objtool's build records absolute paths: pointed at the old tree, it
	# relinks, and then every object it checks is rebuilt
	grep -rlIZF -- "$from" "$dir/src/tools" | xargs -0 -r sed -i "s|$from|$dir/src|g"
	cd "$dir/src"
	patch -p1 <"$patch"
	# with the ARCH it was built with: another would rerun the config
	make -j2 ${karch:+ARCH=$karch} LOCALVERSION="$lv"
	make ${karch:+ARCH=$karch} LOCALVERSION="$lv" modules_install \
		INSTALL_MOD_PATH="$dir/modinst"
}

# derived_tree N BASE LOCALVERSION PATCH: sets TREE to kernel N's built
# tree, BASE rebuilt with PATCH and LOCALVERSION, cached
derived_tree()
{
	local n=$1 base=$2 lv=$3 patch=$4 key
	key=$({ echo "$base $lv"; cat "$base/.done" "$patch"; } | sha256sum | cut -c1-16)
	TREE=$cache/${prefix}tree-$n-$key
	if [ -e "$TREE/.done" ]; then
		step "kernel tree $n: cached in '$TREE'"
		return 0
	fi
	step "kernel tree $n: '$base' with $(basename "$patch") and LOCALVERSION=$lv"
	rm -rf "$cache/${prefix}tree-$n-"*
	mkdir -p "$TREE"
	run "$work/tree-$n.log" rebuild_tree "$base/src" "$TREE" "$lv" "$patch"
	date -u +%FT%TZ >"$TREE/.done"
}

# kernel_rpms N TREE: kernel N's RPMs, specs/kernel.rpmspec packaging the
# built TREE (ksym_prebuilt_tree), or those of the build that made TREE;
# cached by everything that goes into them
kernel_rpms()
{
	local n=$1 tree=$2 key dir
	key=$({ cat "$top/specs/kernel.rpmspec" "$ksym" "$build/ksym-rpmdeps" "$top"/plugin/rpm/*.attr \
		"$build/macros/macros.ksym"; echo "$tree"; cat "$tree/.done"; } |
		sha256sum | cut -c1-16)
	dir=$cache/kernel-$n-$key
	if [ ! -e "$dir/.done" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		if [ -z "$FRESH" ]; then
			step "building kernel $n RPMs from the built tree '$tree'"
			rm -rf "$work/rpmbuild"
			run "$work/kernel-$n.log" ksym_rpmbuild -bb "$top/specs/kernel.rpmspec" \
				--define "ksym_prebuilt_tree $tree/src" \
				--define "ksym_prebuilt_modinst $tree/modinst"
			FRESH=$work/rpmbuild/RPMS
		fi
		cp "$FRESH"/*/kernel-*.rpm "$dir"/
		touch "$dir/.done"
	else
		step "kernel $n RPMs: cached in '$dir'"
	fi
	FRESH=''
	cp "$dir"/kernel-*.rpm "$work/rpms/"
	KERNEL_RPM=$(ls "$dir"/kernel-[0-9]*.rpm)
	KERNEL_RELEASE=$(rpm -qp --nosignature --provides "$KERNEL_RPM" |
		sed -n 's/^kernel-uname-r = //p')
}

# The first kernel's tree: built here from source, or the suite's. The
# second is that tree with the ABI patch and another release, rebuilt; the
# suite's release already has a local version (-ksymtest), so there the
# second appends 2, as -ksym2 follows -ksym.
if [ -n "$tree_entry" ]; then
	TREE=$tree_entry FRESH='' prefix=suite- lv2=2
	karch=$(sed -n 's/^ARCH=//p' "$tree_entry/env")
else
	source_tree -ksym
	prefix='' lv2=-ksym2 karch=''
fi
base=$TREE
kernel_rpms 1 "$base"
k1=$KERNEL_RELEASE rpm1=$KERNEL_RPM
derived_tree 2 "$base" "$lv2" "$top/specs/demo-abi-change.patch"
kernel_rpms 2 "$TREE"
k2=$KERNEL_RELEASE rpm2=$KERNEL_RPM
echo "kernels: $k1 and $k2"
for p in "$rpm1" "$(ls "$work"/rpms/kernel-modules-"${k1//-/_}"-*.rpm)"; do
	echo "$(basename "$p"): provides $(rpm -qp --nosignature --provides "$p" |
		grep -c '^kernel(.*) = 0x') kernel() symbols"
done
symvers_of() { rpm2cpio "$1" | cpio -i --quiet --to-stdout "./boot/symvers-$2.gz" | zcat; }
symvers_of "$rpm1" "$k1" >"$work/symvers-$k1"
symvers_of "$rpm2" "$k2" >"$work/symvers-$k2"
"$ksym" diff "$work/symvers-$k1" "$work/symvers-$k2" | sed 's/^/  ksym diff: /' | tail -n 6

step "building kmod-dm-writeboost from Debian's dm-writeboost-dkms, for each kernel"
src=$("$top/tests/kernel/fetch-deb.sh" dm-writeboost-dkms)
srcdir=$(ls -d "$src"/usr/src/dm-writeboost-* | head -n1)
ver=${srcdir##*-}
mkdir -p "$work/rpmbuild/SOURCES"
tar -C "$(dirname "$srcdir")" -czf "$work/rpmbuild/SOURCES/dm-writeboost-$ver.tar.gz" \
	"$(basename "$srcdir")"
for k in "$k1" "$k2"; do
	# the devel package, installed into a sysroot as a build root would have it
	sysroot=$work/sysroot-$k
	mkdir -p "$sysroot"
	rpm --root "$sysroot" --initdb
	rpm --root "$sysroot" -i --nodeps --noscripts --nosignature \
		"$work"/rpms/kernel-devel-"${k//-/_}"-*.rpm
	run "$work/kmod-$k.log" ksym_rpmbuild -bb "$top/specs/kmod.rpmspec" \
		--define "kmod_name dm-writeboost" --define "kmod_version $ver" \
		--define "kversion $k" \
		--define "kernel_devel_dir $sysroot/usr/src/kernels/$k"
done
cp "$work"/rpmbuild/RPMS/*/kmod-dm-writeboost-*.rpm "$work/rpms/"
for p in "$work"/rpms/kmod-*.rpm; do
	echo "$(basename "$p"): requires $(rpm -qp --nosignature --requires "$p" | grep -c '^kernel(') kernel() symbols, e.g."
	rpm -qp --nosignature --requires "$p" | grep '^kernel(dm_' | head -n2 | sed 's/^/    /'
done

step "publishing the repository"
createrepo_c -q "$work/rpms"
mkdir -p "$work/repos.d" "$work/pluginconf" "$work/root"
cat >"$work/repos.d/demo.repo" <<EOF
[ksym-demo]
name=ksym demo
baseurl=file://$work/rpms
gpgcheck=0
EOF
printf '[main]\nenabled=1\n' >"$work/pluginconf/ksym.conf"
dnf_root()
{
	/usr/bin/python3 /usr/bin/dnf -y --installroot="$work/root" --releasever=demo \
		--setopt=reposdir="$work/repos.d" --setopt=cachedir="$work/dnf-cache" \
		--setopt=pluginpath="$build/plugin/dnf/test-path" \
		--setopt=pluginconfpath="$work/pluginconf" \
		--setopt=install_weak_deps=0 --nogpgcheck "$@"
}

# dnf_step LOG ARGS...: dnf in the root with its output in LOG; shows the
# lines saying what it did, and the end of LOG when it fails
dnf_step()
{
	local log=$1 status=0
	shift
	dnf_root "$@" >"$log" 2>&1 || status=$?
	grep -E 'Installing|Upgrading|kmod-dm|ksym|Complete' "$log" | grep -v Verifying |
		sed 's/^/  /' || true
	[ "$status" -eq 0 ] || { tail -n 20 "$log"; die "'dnf $*' failed, see '$log'"; }
}
# installed NAME...: fails the demo unless the root holds each package
installed()
{
	rpm --root "$work/root" -q "$@" >/dev/null ||
		die "the install root lacks one of: $*"
}
rpm1_name=kernel-${k1//-/_} rpm2_name=kernel-${k2//-/_}
kmod1_name=kmod-dm-writeboost-$ver-1.${k1//-/_}
kmod2_name=kmod-dm-writeboost-$ver-1.${k2//-/_}

step "dnf install kernel $k1, then kmod-dm-writeboost (the plugin picks the build)"
dnf_step "$work/dnf-install-kernel.log" install "$rpm1_name"
dnf_step "$work/dnf-install-kmod.log" install kmod-dm-writeboost
installed "$rpm1_name" "$kmod1_name"
rpm --root "$work/root" -qa | sort | sed 's/^/  installed: /'

step "dnf upgrade: kernel $k2 arrives with the kmod build it can load"
dnf_step "$work/dnf-upgrade.log" upgrade
installed "$rpm1_name" "$rpm2_name" "$kmod1_name" "$kmod2_name"
rpm --root "$work/root" -qa | sort | sed 's/^/  installed: /'

step "dnf kmod check"
dnf_root -q kmod check | tee "$work/kmod-check.txt"
step "dnf kmod why: the $k1 build against kernel $k2"
dnf_root -q kmod why "$kmod1_name" --kernel "$k2"

step "summary"
cat <<EOF
built:    $(ls "$work"/rpms/*.rpm | wc -l) packages in '$work/rpms'
kernels:  $k1, $k2 (device-mapper CRCs differ)
kmods:    kmod-dm-writeboost for each kernel, Requires from ksym's generators
          (met by kernel-modules, which holds dm-mod)
resolved: each kmod build and the kernels that can load it (dnf kmod check):
$(sed 's/^/          /' "$work/kmod-check.txt")
root:     '$work/root' holds $(rpm --root "$work/root" -qa | wc -l) packages:
$(rpm --root "$work/root" -qa | sort | sed 's/^/          /')
time:     $(($(date +%s) - started)) s
EOF
