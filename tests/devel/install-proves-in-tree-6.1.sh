#!/bin/bash
# ksym devel install on the real 6.1 kernel built in its source tree
# (tests/kernel/kernel-tree.sh 6.1): the copy lands in
# usr/src/kernels/<release>, the build link points at it, the proof builds,
# installs and cleans the probe modules against the copy, and the set holds
# what the distros got wrong and nothing it must not.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"

devel_tree 6.1
root=$TEST_DIR/root
devel_install "$root" -v --filelist "$TEST_DIR/files"
grep -q "^ksym: proof: probe modules built, installed and cleaned" "$TEST_DIR/err" ||
	fail "no proof ran: $(cat "$TEST_DIR/err")"

kdir=$root/usr/src/kernels/$RELEASE
expect_eq "build link" "/usr/src/kernels/$RELEASE" \
	"$(readlink "$root/lib/modules/$RELEASE/build")"
for f in .config System.map Module.symvers Makefile include/config/auto.conf \
	include/config/kernel.release include/generated/autoconf.h \
	scripts/module.lds scripts/mod/modpost scripts/basic/fixdep \
	scripts/genksyms/genksyms tools/objtool/objtool scripts/Makefile.modinst \
	scripts/depmod.sh arch/x86/Makefile; do
	[ -f "$kdir/$f" ] || fail "the set lacks '$f'"
done
# every header of include/ and arch/x86/include/, nothing of another arch
expect_eq "headers of include/" \
	"$(cd "$SRCTREE" && find include -name "*.h" ! -path "include/generated/*" ! -path "include/config/*" | sort | md5sum)" \
	"$(cd "$kdir" && find include -name '*.h' ! -path 'include/generated/*' \
		! -path 'include/config/*' | sort | md5sum)"
[ -z "$(cd "$kdir" && find arch -mindepth 1 -maxdepth 1 ! -name x86)" ] ||
	fail "another architecture in the set: $(ls "$kdir/arch")"
bad=$(cd "$kdir" && find . \( -name '*.o' -o -name '.*.cmd' -o -name '*.ko' \
	-o -path ./Documentation -o -name vmlinux -o -name signing_key.pem \) -print)
[ -z "$bad" ] || fail "the set holds what it must not: $bad"
# host programs are stripped
for f in tools/objtool/objtool scripts/mod/modpost scripts/basic/fixdep; do
	elf_has_symtab "$OBJTREE/$f" || continue
	! elf_has_symtab "$kdir/$f" || fail "'$f' is not stripped"
done

# the list names every file once, the directories and the build link
expect_eq "list head" "%dir \"/usr/src/kernels/$RELEASE\"" "$(head -n1 "$TEST_DIR/files")"
expect_eq "files listed" "$(cd "$kdir" && find . -type f | wc -l)" \
	"$(grep -vc '^%dir ' "$TEST_DIR/files" | awk '{print $1 - 1}')"
grep -qx "\"/lib/modules/$RELEASE/build\"" "$TEST_DIR/files" ||
	fail "the list lacks the build link"
