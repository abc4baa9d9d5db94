#!/bin/bash
# ksym devel install on the real 6.12 kernel built with O= and signed
# modules (tests/kernel/kernel-tree.sh 6.12): source and object trees merge
# into one copy whose Makefile is the source tree's (not the objtree's
# wrapper, which names the original tree), the proof passes on it, and the
# signing key the objtree holds is not in the set while its public
# certificate is.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"

devel_tree 6.12
[ "$SRCTREE" != "$OBJTREE" ] || fail "the 6.12 variant is not an O= build"
[ -f "$OBJTREE/certs/signing_key.pem" ] || fail "the 6.12 tree has no signing key"
root=$TEST_DIR/root
devel_install "$root" -v --filelist "$TEST_DIR/files"
grep -q "^ksym: proof: probe modules built, installed and cleaned" "$TEST_DIR/err" ||
	fail "no proof ran: $(cat "$TEST_DIR/err")"

kdir=$root/usr/src/kernels/$RELEASE
cmp "$SRCTREE/Makefile" "$kdir/Makefile" || fail "the Makefile is not the source tree's"
[ ! -e "$kdir/source" ] || fail "the objtree's source link is in the set"
[ ! -e "$kdir/certs/signing_key.pem" ] || fail "the signing key is in the set"
! grep -rlq -- '-----BEGIN.*PRIVATE KEY-----' "$kdir" || fail "a private key is in the set"
[ -f "$kdir/certs/signing_key.x509" ] || fail "the public certificate is missing"
for f in .config System.map Module.symvers scripts/module-common.c \
	scripts/sign-file include/generated/autoconf.h tools/objtool/objtool; do
	[ -f "$kdir/$f" ] || fail "the set lacks '$f'"
done
! grep -rqF "$OBJTREE" "$kdir/Makefile" "$kdir/include/config" ||
	fail "the copy names the original objtree"
