#!/bin/bash
# kernel-tree.sh - build, or reuse from the cache, a small real kernel.
#
# Usage: kernel-tree.sh VARIANT
#
#   6.1   /usr/src/linux-source-6.1.tar.xz, built in the source tree
#   6.12  /usr/src/linux-source-6.12.tar.xz, built with O= and signed modules
#
# Prints one line on stdout, the absolute path of the cache entry; progress
# and errors go to stderr.  The entry holds src/, obj/, modinst/, build.log
# and env (shell assignments: SRCTREE, OBJTREE, RELEASE, ARCH, VARIANT, ...).
# See README.md beside this file for the cache and how to force a rebuild.
#
# Exit status: 0 on success, 1 when the build fails, 2 on misuse.

set -euo pipefail

prog=kernel-tree
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self=$here/$(basename "${BASH_SOURCE[0]}")
cache=${KSYM_TEST_CACHE:-/var/cache/ksym-tests}
arch=x86_64

log() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { printf '%s: error: %s\n' "$prog" "$1" >&2; [ -z "${2:-}" ] ||
	printf '%s: hint: %s\n' "$prog" "$2" >&2; exit 1; }
usage() { sed -n '4,7s/^# \{0,1\}//p' "$self" >&2; exit 2; }

# Everything about a variant that is not in its config fragment.
set_variant()
{
	case $1 in
	6.1)	tarball=/usr/src/linux-source-6.1.tar.xz; separate_obj=no ;;
	6.12)	tarball=/usr/src/linux-source-6.12.tar.xz; separate_obj=yes ;;
	*)	log "unknown variant '$1', expected 6.1 or 6.12"; exit 2 ;;
	esac
	variant=$1
	fragment=$here/configs/$variant.config

	[ -r "$tarball" ] || die "cannot read '$tarball': no such file" \
		"install it with 'apt-get install linux-source-$variant'"
	[ -r "$fragment" ] || die "cannot read '$fragment': no such file"
}

# The key changes whenever anything that shapes the build does: the
# source, the config, the toolchain, or this script.
cache_key()
{
	{
		printf 'tarball %s\n' "$(sha256sum <"$tarball" | cut -d' ' -f1)"
		printf 'fragment\n'; cat "$fragment"
		printf 'gcc %s\n' "$(gcc --version | head -n1)"
		printf 'ld %s\n' "$(ld --version | head -n1)"
		printf 'script\n'; cat "$self"
	} | sha256sum | cut -c1-16
}

# Run one build step with its output in build.log; on failure show the
# end of the log, so the caller sees the compiler's complaint directly.
step()
{
	local what=$1 start=$SECONDS

	shift
	log "$variant: $what"
	printf '\n### %s: %s\n' "$what" "$*" >>"$buildlog"
	if ! "$@" >>"$buildlog" 2>&1; then
		tail -n 25 "$buildlog" | sed "s/^/$prog: | /" >&2
		die "$variant: $what failed, see '$buildlog'" \
			"fix the cause, then rerun; the unfinished entry is rebuilt"
	fi
	log "$variant: $what done in $((SECONDS - start)) s"
}

# merge_config.sh -m only merges; it is our check that Kconfig kept every
# line of the fragment (a missing dependency silently drops an option).
check_config()
{
	local line bad=0

	while IFS= read -r line; do
		case $line in
		CONFIG_*=*|'# CONFIG_'*' is not set') ;;
		*) continue ;;
		esac
		if ! grep -qxF -- "$line" "$objtree/.config"; then
			log "$variant: '$line' from '$fragment' is not in the final .config"
			bad=1
		fi
	done <"$fragment"
	[ $bad -eq 0 ] || die "$variant: config fragment not honoured" \
		"add the missing dependencies to '$fragment'"
}

# What the suite relies on; a build that lacks one is not worth caching.
check_outputs()
{
	local f

	for f in vmlinux Module.symvers System.map include/config/kernel.release \
		scripts/module.lds scripts/mod/modpost scripts/genksyms/genksyms \
		tools/objtool/objtool; do
		[ -s "$objtree/$f" ] || die "$variant: build left no '$objtree/$f'"
	done
	grep -q '^0x[0-9a-f]\{8\}	' "$objtree/Module.symvers" ||
		die "$variant: '$objtree/Module.symvers' has no CRCs" \
			"check CONFIG_MODVERSIONS in '$fragment'"
	if [ "$signed" = yes ]; then
		[ -s "$objtree/certs/signing_key.pem" ] ||
			die "$variant: build left no '$objtree/certs/signing_key.pem'"
	fi
}

write_env()
{
	local release

	release=$(cat "$objtree/include/config/kernel.release")
	{
		printf '# Written by %s; source this file.\n' "$(basename "$self")"
		printf 'VARIANT=%q\n' "$variant"
		printf 'ARCH=%q\n' "$arch"
		printf 'SRCTREE=%q\n' "$srctree"
		printf 'OBJTREE=%q\n' "$objtree"
		printf 'RELEASE=%q\n' "$release"
		printf 'MODDIR=%q\n' "$entry/modinst/lib/modules/$release"
		printf 'SIGNED=%q\n' "$signed"
		printf 'KEY=%q\n' "$key"
		printf 'BUILD_SECONDS=%q\n' "$1"
	} >"$entry/env"
}

build()
{
	local start=$SECONDS mk

	# kbuild writes absolute paths into the tree (the objtree's Makefile,
	# every .cmd file of an M= build), so the tree cannot be built in a
	# temporary directory and renamed.  It is built in place instead, and
	# only the .done stamp, renamed into place last, makes it an entry.
	rm -rf "$entry"
	mkdir -p "$entry/src"
	buildlog=$entry/build.log
	: >"$buildlog"
	srctree=$entry/src
	if [ "$separate_obj" = yes ]; then
		objtree=$entry/obj
		mkdir "$objtree"
		mk=(make -C "$srctree" O="$objtree" ARCH="$arch")
	else
		objtree=$srctree
		ln -s src "$entry/obj"
		mk=(make -C "$srctree" ARCH="$arch")
	fi

	step "unpacking $(basename "$tarball")" \
		tar -C "$srctree" --strip-components=1 -I 'xz -T0' -xf "$tarball"
	step "configuring" "${mk[@]}" tinyconfig
	# The script merges into ./.config, so it has to run in the objtree.
	# shellcheck disable=SC2016
	step "merging $(basename "$fragment")" \
		sh -c 'cd "$1" && "$2/scripts/kconfig/merge_config.sh" -m .config "$3"' \
		sh "$objtree" "$srctree" "$fragment"
	step "resolving the config" "${mk[@]}" olddefconfig
	check_config
	signed=no
	if grep -qx 'CONFIG_MODULE_SIG_ALL=y' "$objtree/.config"; then
		signed=yes
	fi
	step "building vmlinux and modules" "${mk[@]}" -j"$(nproc)"
	step "installing modules" "${mk[@]}" modules_install \
		INSTALL_MOD_PATH="$entry/modinst"
	check_outputs

	write_env $((SECONDS - start))
	date -u +%FT%TZ >"$entry/.done.tmp"
	mv "$entry/.done.tmp" "$entry/.done"
	log "$variant: built in $((SECONDS - start)) s"
	note_stale
}

# Entries under an old key are never reused, but a test run started with
# the old script may still read one, so say so instead of deleting them.
note_stale()
{
	local old

	for old in "$cache/kernel/$variant"-*; do
		[ "$old" = "$entry" ] || [ ! -d "$old" ] ||
			log "$variant: '$old' is stale (older key), remove it to free space"
	done
}

main()
{
	[ $# -eq 1 ] || usage
	case $1 in -h|--help) usage ;; esac
	set_variant "$1"

	key=$(cache_key)
	entry=$cache/kernel/$variant-$key
	if [ -f "$entry/.done" ]; then
		printf '%s\n' "$entry"
		return
	fi

	mkdir -p "$cache/kernel" || die "cannot create '$cache/kernel'" \
		"set KSYM_TEST_CACHE to a writable directory"
	exec 9>"$cache/kernel/.$variant.lock"
	if ! flock -n 9; then
		log "$variant: waiting for another build of this variant"
		flock 9
	fi
	# The other build may have finished the entry meanwhile.
	if [ ! -f "$entry/.done" ]; then
		# Keep the build's environment from leaking in: a caller's
		# make flags, output dir or local version would change the tree
		# without changing the key.
		unset MAKEFLAGS MFLAGS MAKELEVEL KBUILD_OUTPUT KBUILD_EXTMOD \
			CROSS_COMPILE KCFLAGS KCPPFLAGS KAFLAGS LOCALVERSION \
			KCONFIG_CONFIG INSTALL_MOD_PATH O M V W C
		export LC_ALL=C KBUILD_BUILD_USER=ksym KBUILD_BUILD_HOST=ksym-tests
		log "$variant: no cached build, building '$entry'"
		build
	fi
	printf '%s\n' "$entry"
}

main "$@"
