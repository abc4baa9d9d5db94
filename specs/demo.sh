#!/bin/bash
# The main job of ksym, end to end, as a kernel packager and a dnf user
# would see it, on a Debian 12 machine as root:
#
#  1. build ksym, and use its generators and macros for every rpmbuild
#     below (from the build tree, without installing it on the host);
#  2. build a small real kernel RPM from Debian's linux-source-6.1 with
#     specs/kernel.rpmspec: kernel and kernel-devel (%kernel_devel_install),
#     with kernel(sym) = 0x... Provides from the generators;
#  3. build a kmod RPM of a real out-of-tree module (Debian's
#     dm-writeboost-dkms source) against that devel package, with
#     specs/kmod.rpmspec: its Requires come from the generators;
#  4. build a second kernel whose device-mapper CRCs differ
#     (specs/demo-abi-change.patch) and a kmod build for it;
#  5. publish all packages with createrepo_c, install the first kernel and
#     the kmod into a scratch root with dnf and the ksym plugin, upgrade,
#     and show 'dnf kmod check' and 'dnf kmod why'.
#
# Usage: specs/demo.sh [--keep]
# Work files go to $KSYM_DEMO_DIR (default /var/tmp/ksym-demo); kernel
# RPMs and compiler output are cached in $KSYM_TEST_CACHE/demo, so a second
# run takes a minute or two. A cold run builds two kernels.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
export KSYM_TEST_CACHE=${KSYM_TEST_CACHE:-/var/cache/ksym-tests}
work=${KSYM_DEMO_DIR:-/var/tmp/ksym-demo}
cache=$KSYM_TEST_CACHE/demo
build=$top/build
started=$(date +%s)

step() { printf '\n==> [%3ss] %s\n' "$(($(date +%s) - started))" "$*"; }
die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }
# run LOG CMD...: runs a long step with its output in LOG, a dot every
# 15 seconds, and the end of LOG when it fails
run()
{
	local log=$1 pid status=0
	shift
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 15
		kill -0 "$pid" 2>/dev/null && printf '.'
	done
	wait "$pid" || status=$?
	[ "$status" -eq 0 ] || { echo; tail -n 30 "$log"; die "failed, see '$log'"; }
	printf ' done\n'
}

[ "$(id -u)" = 0 ] || die "run as root: the demo installs Debian packages"

step "installing Debian packages"
bash "$top/.ci/install-deps"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	ccache strace >/dev/null

step "building ksym"
if [ ! -x "$build/ksym" ]; then
	(cd "$top" && ./autogen.sh >/dev/null 2>&1)
	mkdir -p "$build"
	(cd "$build" && "$top/configure" --prefix=/usr >/dev/null)
fi
run "$work.make.log" make -C "$build" -j2
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

# kernel N LOCALVERSION [PATCH]: the kernel RPMs of specs/kernel.rpmspec,
# cached by everything that goes into them
kernel()
{
	local n=$1 lv=$2 patch=${3:-} key dir
	key=$({ cat "$top/specs/kernel.rpmspec" "$ksym" "$build/ksym-rpmdeps" "$top"/plugin/rpm/*.attr \
		"$build/macros/macros.ksym" ${patch:+"$patch"}; echo "$lv";
		stat -c %s.%Y /usr/src/linux-source-6.1.tar.xz; gcc --version | head -n1; } |
		sha256sum | cut -c1-16)
	dir=$cache/kernel-$n-$key
	if [ ! -e "$dir/.done" ]; then
		step "building kernel $n from linux-source-6.1 (local version $lv${patch:+, with $(basename "$patch")})"
		rm -rf "$dir" "$work/rpmbuild"
		run "$work/kernel-$n.log" ksym_rpmbuild -bb "$top/specs/kernel.rpmspec" \
			--define "klocalversion $lv" ${patch:+--define "ksym_abi_patch $patch"}
		mkdir -p "$dir"
		cp "$work"/rpmbuild/RPMS/*/kernel-*.rpm "$dir"/
		touch "$dir/.done"
	else
		step "kernel $n: cached in '$dir'"
	fi
	cp "$dir"/kernel-*.rpm "$work/rpms/"
	KERNEL_RPM=$(ls "$dir"/kernel-[0-9]*.rpm)
	KERNEL_RELEASE=$(rpm -qp --nosignature --provides "$KERNEL_RPM" |
		sed -n 's/^kernel-uname-r = //p')
}

kernel 1 -ksym
k1=$KERNEL_RELEASE rpm1=$KERNEL_RPM
kernel 2 -ksym2 "$top/specs/demo-abi-change.patch"
k2=$KERNEL_RELEASE rpm2=$KERNEL_RPM
echo "kernels: $k1 and $k2"
echo "kernel $k1 provides $(rpm -qp --nosignature --provides "$rpm1" | grep -c '^kernel(.*) = 0x') kernel() symbols"
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

step "dnf install kernel $k1, then kmod-dm-writeboost (the plugin picks the build)"
dnf_root -q install "kernel-${k1//-/_}"
dnf_root install kmod-dm-writeboost 2>&1 | grep -E 'Installing|kmod-dm|ksym|Complete' || true
rpm --root "$work/root" -qa | sort | sed 's/^/  installed: /'

step "dnf upgrade: kernel $k2 arrives with the kmod build it can load"
dnf_root upgrade 2>&1 | grep -E 'Installing|Upgrading|kmod-dm|ksym|Complete' || true
rpm --root "$work/root" -qa | sort | sed 's/^/  installed: /'

step "dnf kmod check"
dnf_root kmod check
step "dnf kmod why: the $k1 build against kernel $k2"
dnf_root kmod why "kmod-dm-writeboost-$ver-1.${k1//-/_}" --kernel "$k2" || true

step "summary"
cat <<EOF
built:    $(ls "$work"/rpms/*.rpm | wc -l) packages in '$work/rpms'
kernels:  $k1, $k2 (device-mapper CRCs differ)
kmods:    kmod-dm-writeboost for each kernel, Requires from ksym's generators
root:     '$work/root' holds $(rpm --root "$work/root" -qa | wc -l) packages:
$(rpm --root "$work/root" -qa | sort | sed 's/^/          /')
time:     $(($(date +%s) - started)) s
EOF
