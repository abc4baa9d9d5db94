#!/bin/bash
# fetch-deb.sh - download Debian packages and unpack each one once.
#
# Usage: fetch-deb.sh [--suite SUITE] [--newest REGEX |
#                      --newest-unsigned-6.1 | --newest-headers-6.1 |
#                      PACKAGE]...
#
# For every package, prints one line on stdout: the absolute path of the
# directory it was unpacked into, $KSYM_TEST_CACHE/debs/<package>/.  The
# .deb files stay in $KSYM_TEST_CACHE/debs/ and are reused on the next call,
# so the suite only needs the network the first time.  --newest REGEX picks
# the highest-versioned package name matching the (anchored) regex, the way
# Debian's ABI-numbered kernel packages have to be chosen.
#
# --suite SUITE (e.g. trixie) takes the packages from that Debian release
# instead of the machine's own sources, through a private apt state in
# $KSYM_TEST_CACHE/apt/SUITE/ that leaves the system's apt alone; its files
# go to debs/SUITE/.  Bookworm's dkms sources target 6.1; trixie's target
# the 6.12 kernel that trixie ships.
#
# Exit status: 0 on success, 1 when a package cannot be had, 2 on misuse.

set -euo pipefail

prog=fetch-deb
cache=${KSYM_TEST_CACHE:-/var/cache/ksym-tests}
debs=$cache/debs
apt_opts=()

log() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { printf '%s: error: %s\n' "$prog" "$1" >&2; [ -z "${2:-}" ] ||
	printf '%s: hint: %s\n' "$prog" "$2" >&2; exit 1; }
usage() { sed -n '4,7s/^# \{0,1\}//p' "$0" >&2; exit 2; }

# Highest package name matching REGEX, by Debian version ordering of the
# names themselves (linux-image-6.1.0-9 must sort before -10).
newest_name()
{
	local name

	name=$(apt-cache "${apt_opts[@]}" search --names-only "^$1\$" | cut -d' ' -f1 |
		sort -V | tail -n1)
	[ -n "$name" ] || die "no package matches '$1'" \
		"run 'apt-get update' so apt knows the current packages"
	printf '%s\n' "$name"
}

# The .deb apt would download now, or, when apt does not know the package
# (lists missing or the package dropped from the archive), the newest one
# already in the cache, so an offline rerun still works.
deb_for()
{
	local pkg=$1 ver arch file

	ver=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$pkg" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n1) || true
	arch=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$pkg" 2>/dev/null |
		sed -n 's/^Architecture: //p' | head -n1) || true
	if [ -z "$ver" ]; then
		file=$(find "$debs" -maxdepth 1 -name "${pkg}_*.deb" | sort -V |
			tail -n1)
		[ -n "$file" ] || die "cannot find package '$pkg': apt does not know it" \
			"run 'apt-get update', then check the name with 'apt-cache search'"
		log "apt does not know '$pkg', using cached $(basename "$file")"
		printf '%s\n' "$file"
		return
	fi

	# apt names downloads with the epoch colon escaped.
	file=$debs/${pkg}_${ver//:/%3a}_$arch.deb
	if [ ! -s "$file" ]; then
		download "$pkg" "$file"
	fi
	printf '%s\n' "$file"
}

# apt-get download writes into the current directory; do it in a private
# directory so a failed or interrupted download never leaves a partial .deb
# where the next run would take it for a good one.
download()
{
	local pkg=$1 file=$2 tmp

	tmp=$(mktemp -d "$debs/.download.XXXXXX")
	# apt downloads as the _apt user and warns when that user cannot
	# write the target directory.
	chown _apt "$tmp" 2>/dev/null || true
	log "downloading '$pkg'"
	if ! (cd "$tmp" && apt-get "${apt_opts[@]}" download -q "$pkg" >&2); then
		rm -rf "$tmp"
		die "cannot download '$pkg': apt-get download failed" \
			"run 'apt-get update' and retry"
	fi
	[ -s "$tmp/$(basename "$file")" ] ||
		die "cannot download '$pkg': apt saved no '$(basename "$file")'"
	mv "$tmp/$(basename "$file")" "$file"
	rm -rf "$tmp"
}

# Unpack into a temporary sibling and rename it into place, so a reader
# never sees a half-extracted tree.  The .deb stamp inside records which
# file the tree came from; a newer .deb replaces the old tree.
extract()
{
	local pkg=$1 file=$2 dir=$debs/$1 tmp

	if [ -f "$dir/.deb" ] && [ "$(cat "$dir/.deb")" = "$(basename "$file")" ]; then
		printf '%s\n' "$dir"
		return
	fi

	tmp=$(mktemp -d "$debs/.extract.XXXXXX")
	log "unpacking $(basename "$file")"
	dpkg-deb -x "$file" "$tmp" || { rm -rf "$tmp";
		die "cannot unpack '$file': dpkg-deb failed" \
			"remove the file and run again to download it anew"; }
	basename "$file" >"$tmp/.deb"
	if [ -e "$dir" ]; then
		mv "$dir" "$tmp.old"
	fi
	mv "$tmp" "$dir"
	rm -rf "$tmp.old"
	printf '%s\n' "$dir"
}

# A private apt state for another Debian release: its own sources.list,
# lists and caches, the system's keyring and dpkg status.  The lists are
# refreshed when older than a week, as Debian drops superseded .debs.
use_suite()
{
	local suite=$1 dir=$cache/apt/$1

	case $suite in
	*[!a-z0-9-]*|'') log "bad suite name '$suite', see the header of $0"; exit 2 ;;
	esac
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" ||
		die "cannot create '$dir'"
	printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
		http://deb.debian.org/debian "$suite" >"$dir/sources.list"
	apt_opts=(-o "Dir::Etc::SourceList=$dir/sources.list"
		-o Dir::Etc::SourceParts=/nonexistent
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache")
	debs=$cache/debs/$suite

	if [ -z "$(find "$dir/lists" -maxdepth 1 -name '*_Packages*' -mtime -7)" ]; then
		log "updating the package lists of '$suite'"
		apt-get "${apt_opts[@]}" -q update >&2 ||
			die "cannot update the package lists of '$suite'" \
				"check that '$suite' is a Debian release name"
	fi
}

fetch_one()
{
	local file

	file=$(deb_for "$1")
	extract "$1" "$file"
}

main()
{
	local pkgs=() pkg suite=

	[ $# -gt 0 ] || usage
	if [ "$1" = --suite ]; then
		[ $# -ge 2 ] || { log "option '--suite' needs a SUITE, see the header of $0"; exit 2; }
		suite=$2
		shift 2
	fi

	mkdir -p "$cache/debs" || die "cannot create '$cache/debs'" \
		"set KSYM_TEST_CACHE to a writable directory"
	# One lock for the whole cache: fetches are rare and short, and two
	# callers unpacking the same package would race on the rename.
	exec 9>"$cache/debs/.lock"
	flock 9

	if [ -n "$suite" ]; then
		use_suite "$suite"
		mkdir -p "$debs"
	fi

	while [ $# -gt 0 ]; do
		case $1 in
		--newest)
			[ $# -ge 2 ] || { log "option '--newest' needs a REGEX, see the header of $0"; exit 2; }
			pkgs+=("$(newest_name "$2")"); shift ;;
		--newest-unsigned-6.1)
			pkgs+=("$(newest_name 'linux-image-6\.1\.0-[0-9]+-amd64-unsigned')") ;;
		--newest-headers-6.1)
			pkgs+=("$(newest_name 'linux-headers-6\.1\.0-[0-9]+-amd64')") ;;
		-h|--help)
			usage ;;
		-*)
			log "unknown option '$1', see the header of $0"; exit 2 ;;
		*)
			pkgs+=("$1") ;;
		esac
		shift
	done

	for pkg in "${pkgs[@]}"; do
		fetch_one "$pkg"
	done
}

main "$@"
