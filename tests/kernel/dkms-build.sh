#!/bin/bash
# dkms-build.sh - build one dkms module source against a kernel tree,
# the way dkms would, without dkms and without touching /lib/modules.
#
# Usage: dkms-build.sh [--sign] KDIR PKGDIR OUTDIR
#
#   KDIR    the kernel's build directory (objtree), or a kernel-tree.sh
#           cache entry (its env file names the objtree)
#   PKGDIR  a directory holding dkms.conf, or a package unpacked by
#           fetch-deb.sh (its usr/src/<name>-<version>/dkms.conf is used)
#   OUTDIR  receives the built .ko files; the build itself happens in
#           OUTDIR/dkms/<name>/<version>/build (dkms' own layout), which is
#           kept, .cmd files and all, and its log in OUTDIR/build.log
#   --sign  sign the copies in OUTDIR with the kernel's certs/signing_key.pem
#
# Prints the path of each .ko in OUTDIR on stdout.  Exit status: 0 on
# success, 1 when the build fails, 2 on misuse, 77 when dkms.conf excludes
# this kernel (BUILD_EXCLUSIVE_*), the reason on stderr.

set -euo pipefail

prog=dkms-build

log() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { printf '%s: error: %s\n' "$prog" "$1" >&2; [ -z "${2:-}" ] ||
	printf '%s: hint: %s\n' "$prog" "$2" >&2; exit 1; }
skip() { log "skipping '$name' on $kernelver: $*"; exit 77; }
usage() { sed -n '5,19s/^# \{0,1\}//p' "$0" >&2; exit 2; }

resolve_kdir()
{
	local OBJTREE=

	if [ -f "$1/env" ]; then
		# shellcheck disable=SC1091
		. "$1/env"
		kdir=$OBJTREE
	else
		kdir=$(cd "$1" && pwd)
	fi
	[ -f "$kdir/include/config/kernel.release" ] ||
		die "'$kdir' is not a built kernel tree: no include/config/kernel.release" \
			"pass the objtree, or a kernel-tree.sh entry"
	kernelver=$(cat "$kdir/include/config/kernel.release")
}

resolve_pkgdir()
{
	local found

	if [ -f "$1/dkms.conf" ]; then
		srcdir=$(cd "$1" && pwd)
		return
	fi
	found=$(ls -d "$1"/usr/src/*/dkms.conf 2>/dev/null) || true
	case $found in
	'') die "no dkms.conf in '$1' or its usr/src/*/" \
		"pass a dkms source dir or a dir printed by fetch-deb.sh" ;;
	*$'\n'*) die "more than one dkms.conf under '$1/usr/src'" \
		"pass the one source dir to build" ;;
	esac
	srcdir=$(dirname "$found")
}

# Written for dkms' shell, not ours: unset variables and failing tests
# are normal in it.
source_dkms_conf()
{
	set +eu
	# shellcheck disable=SC1091
	. "$srcdir/dkms.conf"
	local rc=$?
	set -eu
	[ $rc -eq 0 ] || die "cannot read '$srcdir/dkms.conf': it exited with $rc"
}

# dkms.conf is shell that dkms sources with these variables set; some
# files run tests on the kernel's .config while being read.
read_dkms_conf()
{
	# shellcheck disable=SC2034 # read by dkms.conf, as dkms sets them
	kernel_source_dir=$kdir
	dkms_tree=$outdir/dkms
	arch=$(sed -n 's/^CONFIG_64BIT=y$/x86_64/p' "$kdir/.config")
	arch=${arch:-i386}
	# shellcheck disable=SC2034
	source_tree=$(dirname "$srcdir")
	PACKAGE_NAME='' PACKAGE_VERSION=''
	MAKE=() BUILT_MODULE_NAME=() BUILT_MODULE_LOCATION=()
	PRE_BUILD='' POST_BUILD=''
	BUILD_EXCLUSIVE_CONFIG='' BUILD_EXCLUSIVE_KERNEL='' BUILD_EXCLUSIVE_ARCH=''
	BUILD_EXCLUSIVE_KERNEL_MIN='' BUILD_EXCLUSIVE_KERNEL_MAX=''

	source_dkms_conf
	name=$PACKAGE_NAME
	if [ -z "$name" ] || [ -z "$PACKAGE_VERSION" ]; then
		die "'$srcdir/dkms.conf' sets no PACKAGE_NAME or PACKAGE_VERSION"
	fi
	builddir=$dkms_tree/$name/$PACKAGE_VERSION/build
}

version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

check_exclusive()
{
	local c

	[ -z "$BUILD_EXCLUSIVE_KERNEL" ] || [[ $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]] ||
		skip "kernel does not match '$BUILD_EXCLUSIVE_KERNEL'"
	[ -z "$BUILD_EXCLUSIVE_ARCH" ] || [[ $arch =~ $BUILD_EXCLUSIVE_ARCH ]] ||
		skip "arch $arch does not match '$BUILD_EXCLUSIVE_ARCH'"
	[ -z "$BUILD_EXCLUSIVE_KERNEL_MIN" ] ||
		version_le "$BUILD_EXCLUSIVE_KERNEL_MIN" "$kernelver" ||
		skip "kernel older than $BUILD_EXCLUSIVE_KERNEL_MIN"
	[ -z "$BUILD_EXCLUSIVE_KERNEL_MAX" ] ||
		version_le "$kernelver" "$BUILD_EXCLUSIVE_KERNEL_MAX" ||
		skip "kernel newer than $BUILD_EXCLUSIVE_KERNEL_MAX"
	for c in $BUILD_EXCLUSIVE_CONFIG; do
		case $c in
		!*) ! grep -Eq "^${c#!}=[ym]$" "$kdir/.config" ||
			skip "${c#!} is set" ;;
		*) grep -Eq "^$c=[ym]$" "$kdir/.config" || skip "$c is not set" ;;
		esac
	done
}

# dkms runs the MAKE line in the build dir, with the leading 'make'
# given -j and KERNELRELEASE.  KDIR is added for Makefiles (ddcci) that
# hard-code /lib/modules/$(KVER)/build, which is not our tree.
run_make()
{
	local cmd=${MAKE[0]:-}

	[ -n "$cmd" ] || cmd="make -C $kdir M=$builddir"
	cmd="make -j$(nproc) KERNELRELEASE=$kernelver KDIR=$kdir ${cmd#make}"
	log "building '$name' $PACKAGE_VERSION against $kernelver"
	: >"$outdir/build.log"
	# PRE_BUILD and POST_BUILD name a script in the source, with
	# arguments; apfs generates a header this way.
	[ -z "$PRE_BUILD" ] || in_build "PRE_BUILD" "./$PRE_BUILD"
	in_build "MAKE" "$cmd"
	[ -z "$POST_BUILD" ] || in_build "POST_BUILD" "./$POST_BUILD"
}

in_build()
{
	printf '### %s: %s\n' "$1" "$2" >>"$outdir/build.log"
	if ! (cd "$builddir" && eval "$2") >>"$outdir/build.log" 2>&1; then
		tail -n 20 "$outdir/build.log" | sed "s/^/$prog: | /" >&2
		die "building '$name' against '$kdir' failed in $1, see '$outdir/build.log'"
	fi
}

# Copy out what dkms.conf says was built; dkms defaults the module name
# to the package name and the location to the build dir itself.
collect()
{
	local i n=${#BUILT_MODULE_NAME[@]} mod loc ko

	[ "$n" -gt 0 ] || { BUILT_MODULE_NAME=("$name"); n=1; }
	for ((i = 0; i < n; i++)); do
		mod=${BUILT_MODULE_NAME[$i]}
		loc=${BUILT_MODULE_LOCATION[$i]:-}
		ko=$builddir/${loc:+$loc/}$mod.ko
		[ -f "$ko" ] || die "'$name' built no '$ko'" \
			"check BUILT_MODULE_NAME and BUILT_MODULE_LOCATION in '$srcdir/dkms.conf'"
		cp "$ko" "$outdir/$mod.ko"
		if [ "$sign" = yes ]; then
			sign_module "$outdir/$mod.ko"
		fi
		printf '%s\n' "$outdir/$mod.ko"
	done
}

sign_module()
{
	local hash

	hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config")
	if [ -z "$hash" ] || [ ! -f "$kdir/certs/signing_key.pem" ]; then
		die "cannot sign '$1': '$kdir' has no MODULE_SIG_HASH or certs/signing_key.pem" \
			"use the 6.12 kernel-tree.sh variant, or drop --sign"
	fi
	"$kdir/scripts/sign-file" "$hash" "$kdir/certs/signing_key.pem" \
		"$kdir/certs/signing_key.x509" "$1" ||
		die "cannot sign '$1': sign-file failed"
}

main()
{
	sign=no
	case ${1:-} in
	--sign) sign=yes; shift ;;
	-h|--help) usage ;;
	-*) log "unknown option '$1', see --help"; exit 2 ;;
	esac
	[ $# -eq 3 ] || usage

	resolve_kdir "$1"
	resolve_pkgdir "$2"
	mkdir -p "$3" || die "cannot create '$3'"
	outdir=$(cd "$3" && pwd)
	read_dkms_conf
	check_exclusive

	# Build a fresh copy: the unpacked package stays pristine and can
	# serve several kernels at once.
	rm -rf "$builddir"
	mkdir -p "$builddir"
	cp -a "$srcdir/." "$builddir/"
	run_make
	collect
}

main "$@"
