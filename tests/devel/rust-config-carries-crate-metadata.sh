#!/bin/bash
# With CONFIG_RUST=y the set carries what Rust modules build against: the
# crate metadata (rust/*.rmeta), the proc-macro crates rustc loads
# (rust/*.so) and scripts/target.json, each with the Rust reason; without
# it, none of them. A stand-in, and only that: no Rust kernel can be built
# here, since in 6.1 and 6.12 CONFIG_RUST depends on !MODVERSIONS and
# Debian 12's rustc (1.63) is older than either kernel takes. So the tree
# is a hard-linked copy of the real 6.1 tree with stand-in crate files
# (a real host shared object for the proc-macro crate), and its auto.conf
# is replaced by one saying CONFIG_RUST=y. What this shows is the rule,
# not a Rust module built against the installed set.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/devel-lib.sh"
need gcc

devel_tree 6.1
tree=$TEST_DIR/tree
cp -al "$SRCTREE" "$tree"
mkdir -p "$tree/rust"
printf 'rust-metadata stand-in\n' >"$tree/rust/libkernel.rmeta"
printf 'rust-metadata stand-in\n' >"$tree/rust/libcore.rmeta"
printf 'int ksym_test_macros;\n' >"$TEST_DIR/macros.c"
gcc -shared -fPIC -o "$tree/rust/libmacros.so" "$TEST_DIR/macros.c" ||
	fail "cannot build the stand-in proc-macro crate"
printf '{"llvm-target": "x86_64-linux-gnu"}\n' >"$tree/scripts/target.json"
rust_files="rust/libcore.rmeta rust/libkernel.rmeta rust/libmacros.so scripts/target.json"

run_ksym 0 devel list --srctree "$tree" --no-proof --why
for f in $rust_files; do
	! grep -q "^$f	" "$TEST_DIR/out" || fail "'$f' is in the set without CONFIG_RUST"
done

# a new file, not the hard link: the real tree's auto.conf stays as it is
conf=$tree/include/config/auto.conf
{ cat "$conf"; echo 'CONFIG_RUST=y'; } >"$conf.new"
mv "$conf.new" "$conf"
run_ksym 0 devel list --srctree "$tree" --no-proof --why
for f in $rust_files; do
	grep -q "^$f	CONFIG_RUST=y: " "$TEST_DIR/out" ||
		fail "'$f' is not in the set for CONFIG_RUST: $(grep -E '^(rust|scripts/target)' "$TEST_DIR/out")"
done
! grep -q "CONFIG_RUST" "$SRCTREE/include/config/auto.conf" ||
	fail "the real tree's auto.conf was changed"
