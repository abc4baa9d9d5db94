#!/bin/bash
# dnf --installroot installing the kmod package from a createrepo_c
# repository holding it and the kernel package resolves the kmod's
# kernel() Requires to exactly that kernel package, and nothing else.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild createrepo_c dnf
test_packages

repo=$TEST_DIR/repo root=$TEST_DIR/root
mkdir -p "$repo" "$root" "$TEST_DIR/repos.d"
cp "$KERNEL_RPM" "$KMOD_RPM" "$repo"/
createrepo_c -q "$repo"
cat >"$TEST_DIR/repos.d/test.repo" <<REPO
[ksym-test]
name=ksym test
baseurl=file://$repo
gpgcheck=0
REPO

# the plugins of the host stay out: this checks plain rpm dependencies
/usr/bin/python3 /usr/bin/dnf -y -q --installroot="$root" --releasever=1 \
	--setopt=reposdir="$TEST_DIR/repos.d" --setopt=cachedir="$TEST_DIR/cache" \
	--noplugins --setopt=install_weak_deps=0 --nogpgcheck \
	install kmod-ksymtest >"$TEST_DIR/log" 2>&1 ||
	{ cat "$TEST_DIR/log" >&2; fail "dnf install failed"; }

want="$(rpm -qp --nosignature --qf '%{NEVRA}\n' "$KERNEL_RPM" "$KMOD_RPM" | sort)"
got="$(rpm --root "$root" -qa --qf '%{NEVRA}\n' | sort)"
expect_eq "packages in the root" "$want" "$got"
