#!/bin/bash
# Private keys never get in the set, by name (certs/signing_key.pem) or by
# content (a PEM private key under a header's name), nor does anything
# reached through a link leaving the tree, nor a link loop. The tree is a
# hard-linked copy of the real 6.1 tree with those files added.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"

devel_tree 6.1
tree=$TEST_DIR/tree
cp -al "$SRCTREE" "$tree"
mkdir -p "$tree/certs"
# generated here, not a real key: only the PEM armour matters
printf -- '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n' \
	>"$tree/certs/signing_key.pem"
printf '/* looks like a header */\n-----BEGIN RSA PRIVATE KEY-----\nAA==\n-----END RSA PRIVATE KEY-----\n' \
	>"$tree/include/linux/ksym-test-key.h"
ln -s /etc/passwd "$tree/include/linux/ksym-test-outside.h"
ln -s /usr/include "$tree/include/ksym-test-outside-dir"
ln -s ksym-test-loop-b.h "$tree/include/linux/ksym-test-loop-a.h"
ln -s ksym-test-loop-a.h "$tree/include/linux/ksym-test-loop-b.h"
ln -s ../../include/linux/module.h "$tree/include/linux/ksym-test-inside.h"

run_ksym 0 devel list --srctree "$tree" --no-proof -v
for f in certs/signing_key.pem include/linux/ksym-test-key.h \
	include/linux/ksym-test-outside.h include/linux/ksym-test-loop-a.h \
	include/linux/ksym-test-loop-b.h; do
	! grep -qxF "$f" "$TEST_DIR/out" || fail "'$f' is in the set"
done
! grep -q '^include/ksym-test-outside-dir/' "$TEST_DIR/out" ||
	fail "followed a directory link out of the tree"
grep -qxF include/linux/ksym-test-inside.h "$TEST_DIR/out" ||
	fail "a link staying in the tree was dropped"
grep -q "skipping 'include/linux/ksym-test-key.h': holds a private key" "$TEST_DIR/err" ||
	fail "no reason given for the key: $(cat "$TEST_DIR/err")"
