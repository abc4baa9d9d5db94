# shellcheck shell=bash disable=SC2034,SC2154
# Shared by the demo tests, sourced after tests/lib.sh.
#
# readme_command N prints the Nth command of README.md: the Nth fenced
# block, which must hold exactly one line. small_demo runs the first of
# them, specs/demo.sh, as the README gives it, on a fresh 'git clone' of
# the checkout, at the suite's smaller scale: --kernel-tree takes the 6.1
# tree that tests/kernel/kernel-tree.sh built and caches as the first
# kernel instead of building one from source (all later steps, the second
# kernel's rebuild included, are the demo's own), and --no-install, as
# the suite installed the Debian packages already.
# The clone holds the checkout's HEAD: what is not committed is not run.
# The run is cached by commit, in $KSYM_TEST_CACHE/demo-small: the tests
# of one commit share one run, which makes the first of them slow: about
# 50 s when the demo's kernel packages are cached, 6 minutes under load
# when its second kernel tree must be rebuilt, plus the kernel tree's own
# build when even that is not cached.

readme_command()
{
	local n=$1 block

	block=$(awk -v n="$n" '
		/^```/ { if (inside) { inside = 0; if (++seen == n) exit; next }
			 inside = 1; next }
		inside && seen == n - 1 { print }' "$top_srcdir/README.md")
	[ -n "$block" ] || fail "README.md has fewer than $n fenced blocks"
	[ "$(printf '%s\n' "$block" | wc -l)" -eq 1 ] ||
		fail "README.md's fenced block $n is not one command: $block"
	printf '%s\n' "$block"
}

# demo_step TITLE-REGEX: the lines the demo printed under the step whose
# '==> [ Ns] TITLE' header matches, up to the next header, blank ones left out
demo_step()
{
	awk -v re="$1" '/^==> \[/ { inside = ($0 ~ "^==> \\[ *[0-9]+s\\] " re) ; next }
		inside && $0 != "" { print }' "$DEMO_LOG"
}

# small_demo: runs the demo (or reuses this commit's run) and sets DEMO_DIR
# (its work directory: root/, rpms/, logs) and DEMO_LOG (what it printed);
# also sets RELEASE and KERNEL_ENTRY from the kernel tree
small_demo()
{
	local cache=$KSYM_TEST_CACHE/demo-small cmd commit key
	local -a words

	[ "$(id -u)" = 0 ] || skip "the demo installs into rpm roots and needs root"
	need git rpmbuild createrepo_c flock
	kernel_tree 6.1
	git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1 ||
		skip "'$top_srcdir' is not a git checkout: nothing to clone"
	cmd=$(readme_command 1)
	read -ra words <<<"$cmd"
	commit=$(git -C "$top_srcdir" rev-parse HEAD)
	key="$commit $cmd $KERNEL_ENTRY $(cat "$KERNEL_ENTRY/.done")"

	mkdir -p "$cache"
	exec 8>"$cache.lock"
	flock 8
	if [ "$(cat "$cache/key" 2>/dev/null)" != "$key" ]; then
		# one fixed place, so that an unchanged ksym builds to the same
		# bytes and the demo's own kernel package cache serves it
		rm -rf "$cache/clone" "$cache/work" "$cache/key" "$cache/status"
		git clone -q "$top_srcdir" "$cache/clone" ||
			fail "cannot clone '$top_srcdir'"
		git -C "$cache/clone" checkout -q "$commit"
		note "running '$cmd' in a fresh clone of $commit, log in '$cache/log'"
		if (cd "$cache/clone" && KSYM_DEMO_DIR="$cache/work" KSYM_DEMO_PROGRESS=2 \
			"${words[@]}" --kernel-tree "$KERNEL_ENTRY" --no-install) \
			>"$cache/log" 2>&1; then
			echo passed >"$cache/status"
		else
			echo "failed with status $?" >"$cache/status"
		fi
		printf '%s\n' "$key" >"$cache/key"
	fi
	flock -u 8
	DEMO_DIR=$cache/work DEMO_LOG=$cache/log
	[ "$(cat "$cache/status")" = passed ] ||
		fail "'$cmd' $(cat "$cache/status") in a fresh clone of $commit:" \
			"$(tail -n 25 "$DEMO_LOG")"
}
